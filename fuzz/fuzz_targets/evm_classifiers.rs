//! The EVM byte classifiers: signatures (65-byte, EIP-2098, ERC-6492, smart wallet), raw signed
//! EIP-1559 transactions, and the ABI return-data decoders a facilitator feeds chain answers to.
//!
//! Invariants beyond "no panic":
//! - an accepted ECDSA signature is low-s and re-encodes to the bytes it came from;
//! - an ERC-6492 classification re-encodes (`encode_erc6492`) to the input and never nests;
//! - an accepted transaction re-encodes (`encode_signed`) to the raw bytes, its signing hash is
//!   recomputed, and its signature recovers to the reported signer.
#![no_main]

use alloy_primitives::{U256, keccak256};
use libfuzzer_sys::fuzz_target;
use x402_spec::evm::calls;
use x402_spec::evm::signature::{
    ClassifiedSignature, CompactSignaturePolicy, EcdsaSignature, classify_signature_with,
    encode_erc6492, is_erc6492, recover_signer,
};
use x402_spec::evm::tx::parse_signed_eip1559;

/// secp256k1 group order / 2: the low-s bound.
const HALF_N: U256 = U256::from_limbs([
    0xdfe9_2f46_681b_20a0,
    0x5d57_6e73_57a4_501d,
    0xffff_ffff_ffff_ffff,
    0x7fff_ffff_ffff_ffff,
]);

fn check_ecdsa(sig: &EcdsaSignature) {
    assert!(U256::from_be_bytes(sig.s().0) <= HALF_N, "high-s accepted");
    assert!(
        U256::from_be_bytes(sig.r().0) != U256::ZERO,
        "r = 0 accepted"
    );
    let rsv = sig.to_rsv_bytes();
    let back = EcdsaSignature::from_rsv(&rsv).expect("own 65-byte form parses");
    // The same signature (the parsed form, 65-byte or EIP-2098, is part of equality).
    assert_eq!(
        (back.r(), back.s(), back.y_parity()),
        (sig.r(), sig.s(), sig.y_parity())
    );
}

fn signatures(bytes: &[u8]) {
    for policy in [
        CompactSignaturePolicy::Eoa,
        CompactSignaturePolicy::default(),
    ] {
        let Ok(c) = classify_signature_with(bytes, policy) else {
            continue;
        };
        match &c {
            ClassifiedSignature::Eoa(sig) => {
                check_ecdsa(sig);
                assert_eq!(sig.to_original_bytes().as_ref(), bytes, "not byte-faithful");
            }
            ClassifiedSignature::Erc6492 {
                factory,
                factory_calldata,
                inner,
                inner_classified,
            } => {
                assert!(is_erc6492(bytes));
                assert!(!matches!(
                    **inner_classified,
                    ClassifiedSignature::Erc6492 { .. }
                ));
                if let ClassifiedSignature::Eoa(sig) = &**inner_classified {
                    check_ecdsa(sig);
                }
                let again = classify_signature_with(
                    &encode_erc6492(*factory, factory_calldata, inner),
                    policy,
                )
                .expect("re-encoded wrapper classifies");
                assert_eq!(again, c);
            }
            ClassifiedSignature::SmartWallet(b) => {
                assert_eq!(b.as_ref(), bytes);
                assert!(!is_erc6492(bytes));
            }
            _ => {}
        }
        let _ = c.unwrapped_bytes();
        let _ = c.deployment();
        if let Some(sig) = c.ecdsa() {
            let _ = sig.recover(keccak256(bytes));
        }
    }
    let _ = EcdsaSignature::from_eip2098(bytes);
}

fn transaction(raw: &[u8]) {
    let Ok(t) = parse_signed_eip1559(raw) else {
        return;
    };
    check_ecdsa(&t.signature);
    assert_eq!(
        t.tx.encode_signed(&t.signature).as_ref(),
        raw,
        "not canonical"
    );
    assert_eq!(t.tx.signing_hash(), t.signing_hash);
    assert_eq!(t.hash, keccak256(raw));
    assert_eq!(
        recover_signer(t.signing_hash, &t.signature).ok(),
        Some(t.signer),
        "signer is not the recovered address"
    );
    let _ = t.tx.call_target();
    let _ = t.tx.approve_args();
}

fn return_data(data: &[u8]) {
    let _ = calls::decode_balance_of(data);
    let _ = calls::decode_allowance(data);
    let _ = calls::decode_token_name(data);
    let _ = calls::decode_token_version(data);
    let _ = calls::decode_nonces(data);
    let _ = calls::decode_authorization_state(data);
    let _ = calls::is_valid_signature_result(data);
    let _ = calls::decode_proxy_permit2(data);
    let _ = calls::decode_try_aggregate(data);
    let _ = calls::decode_approve_calldata(data);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 3 {
        0 => signatures(rest),
        1 => transaction(rest),
        _ => return_data(rest),
    }
});
