//! Client signer → verifier: signed payments verify; every single-field mutation fails with the
//! rule it breaks; absurd server values are errors, not overflows.
#![cfg(feature = "signer")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use alloy_primitives::U256;
use proptest::prelude::*;
use serde_json::{Value, json};
use x402_spec::client::{ClientError, ClientPolicy, FixedNonce, pay_v1, pay_v2, select_v2};
use x402_spec::evm::LocalSigner;
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::EvmAddress;
use x402_spec::verify::evm::Eip3009Check;
use x402_spec::verify::{Check, Policy, verify_request};
use x402_spec::{v1, v2};

const PAY_TO: &str = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const USDC: &str = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const FAC: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

fn signer() -> LocalSigner {
    LocalSigner::from_bytes(x402_spec_testkit::keys::HARDHAT_0_KEY.as_slice()).unwrap()
}

fn required(scheme: &str, amount: &str, timeout: u64, extra: Value) -> v2::PaymentRequired {
    let doc = json!({
        "x402Version": 2,
        "resource": { "url": "https://api.example.com/r", "description": "", "mimeType": "" },
        "accepts": [
            { "scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "amount": "1", "asset": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "payTo": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "maxTimeoutSeconds": 60, "extra": { "feePayer": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU" } },
            { "scheme": scheme, "network": "eip155:84532", "amount": amount, "asset": USDC, "payTo": PAY_TO, "maxTimeoutSeconds": timeout, "extra": extra }
        ]
    });
    v2::PaymentRequired::from_json(doc.to_string().as_bytes()).unwrap()
}

fn request_for(pr: &v2::PaymentRequired, p: &v2::PaymentPayload) -> Value {
    json!({ "x402Version": 2, "paymentPayload": p, "paymentRequirements": pr.accepts[1] })
}

fn verify(
    doc: &Value,
    now: u64,
) -> Result<x402_spec::verify::VerifiedPayment, x402_spec::verify::Rejection> {
    let r = FacilitatorRequest::from_json(doc.to_string().as_bytes()).unwrap();
    verify_request(
        &r,
        now,
        &Policy::default().with_signers(vec![EvmAddress::parse(FAC).unwrap()]),
    )
}

const NOW: u64 = 1_740_672_100;

#[test]
fn selects_the_payable_offer_and_echoes_it() {
    let pr = required(
        "exact",
        "10000",
        60,
        json!({ "name": "USDC", "version": "2" }),
    );
    let i = select_v2(&pr, &ClientPolicy::default()).unwrap();
    assert_eq!(i, 1, "the Solana offer is skipped");
    let p = pay_v2(&signer(), &pr, i, NOW, &mut FixedNonce([7; 32])).unwrap();
    assert_eq!(p.accepted.raw_json(), pr.accepts[1].raw_json());
    let ok = verify(&request_for(&pr, &p), NOW).unwrap();
    assert_eq!(
        ok.payer().as_evm().map(|a| a.get()),
        Some(signer().address())
    );
    let auth = &p.payload["authorization"];
    assert_eq!(auth["validAfter"], json!((NOW - 600).to_string()));
    assert_eq!(auth["validBefore"], json!((NOW + 60).to_string()));
    assert_eq!(auth["nonce"], json!(format!("0x{}", "07".repeat(32))));

    let too_much = ClientPolicy::default().with_max_amount(U256::from(9_999u64));
    assert!(matches!(
        select_v2(&pr, &too_much),
        Err(ClientError::NoAcceptableRequirement(_))
    ));
}

#[test]
fn permit2_and_upto_verify() {
    let pr = required(
        "exact",
        "10000",
        300,
        json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2" }),
    );
    let p = pay_v2(&signer(), &pr, 1, NOW, &mut FixedNonce([9; 32])).unwrap();
    assert!(p.payload.contains_key("permit2Authorization"));
    verify(&request_for(&pr, &p), NOW).unwrap();

    let pr = required(
        "upto",
        "5000000",
        300,
        json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FAC }),
    );
    let p = pay_v2(&signer(), &pr, 1, NOW, &mut FixedNonce([1; 32])).unwrap();
    verify(&request_for(&pr, &p), NOW).unwrap();

    let no_fac = required(
        "upto",
        "5000000",
        300,
        json!({ "name": "USDC", "version": "2" }),
    );
    assert_eq!(
        pay_v2(&signer(), &no_fac, 1, NOW, &mut FixedNonce([1; 32])).unwrap_err(),
        ClientError::MissingFacilitatorAddress
    );
    let no_domain = required("exact", "1", 300, json!({}));
    assert_eq!(
        pay_v2(&signer(), &no_domain, 1, NOW, &mut FixedNonce([1; 32])).unwrap_err(),
        ClientError::MissingEip712Domain
    );
}

#[test]
fn absurd_timeouts_are_errors() {
    let pr = required(
        "exact",
        "1",
        u64::MAX,
        json!({ "name": "USDC", "version": "2" }),
    );
    assert_eq!(
        pay_v2(&signer(), &pr, 1, NOW, &mut FixedNonce([1; 32])).unwrap_err(),
        ClientError::TimeOverflow
    );
    let pr = required("exact", "1", 60, json!({ "name": "USDC", "version": "2" }));
    assert_eq!(
        pay_v2(&signer(), &pr, 1, 5, &mut FixedNonce([1; 32])).unwrap_err(),
        ClientError::TimeOverflow
    );
}

#[test]
fn v1_payment_verifies() {
    let doc = json!({ "x402Version": 1, "accepts": [ { "scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000", "resource": "https://api.example.com/r", "description": "", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": USDC, "extra": { "name": "USDC", "version": "2" } } ] });
    let pr = v1::PaymentRequired::from_json(doc.to_string().as_bytes()).unwrap();
    let p = pay_v1(&signer(), &pr, 0, NOW, &mut FixedNonce([3; 32])).unwrap();
    let req =
        json!({ "x402Version": 1, "paymentPayload": p, "paymentRequirements": pr.accepts[0] });
    verify(&req, NOW).unwrap();
}

/// One field of a signed EIP-3009 payload, a replacement, and the rule that must catch it.
fn mutate(doc: &mut Value, field: usize, salt: u64, now: u64) -> Check {
    let auth = doc
        .pointer_mut("/paymentPayload/payload/authorization")
        .unwrap();
    match field {
        0 => {
            auth["from"] = json!(EvmAddress::from_bytes([salt as u8 | 1; 20]).to_string());
            Check::Eip3009(Eip3009Check::Signature)
        }
        1 => {
            auth["to"] = json!(EvmAddress::from_bytes([salt as u8 | 1; 20]).to_string());
            Check::Eip3009(Eip3009Check::Recipient)
        }
        2 => {
            let v: u128 = auth["value"].as_str().unwrap().parse().unwrap();
            auth["value"] = json!((v + 1 + u128::from(salt % 1000)).to_string());
            Check::Eip3009(Eip3009Check::Value)
        }
        3 => {
            auth["validAfter"] = json!((now + 1 + salt % 1000).to_string());
            Check::Eip3009(Eip3009Check::ValidAfter)
        }
        4 => {
            auth["validAfter"] = json!((now - 601 - salt % 1000).to_string());
            Check::Eip3009(Eip3009Check::Signature)
        }
        5 => {
            auth["validBefore"] = json!((now + 5 - (salt % 5)).to_string());
            Check::Eip3009(Eip3009Check::ValidBefore)
        }
        6 => {
            let vb: u64 = auth["validBefore"].as_str().unwrap().parse().unwrap();
            auth["validBefore"] = json!((vb + 1 + salt % 1000).to_string());
            Check::Eip3009(Eip3009Check::Signature)
        }
        7 => {
            auth["nonce"] = json!(format!("0x{:064x}", salt.wrapping_add(0x1234)));
            Check::Eip3009(Eip3009Check::Signature)
        }
        _ => {
            let sig = doc
                .pointer_mut("/paymentPayload/payload/signature")
                .unwrap();
            let mut bytes = alloy_primitives::hex::decode(sig.as_str().unwrap()).unwrap();
            let i = (salt % 64) as usize;
            bytes[i] ^= 1 << (salt % 8);
            *sig = json!(format!("0x{}", alloy_primitives::hex::encode(bytes)));
            Check::Eip3009(Eip3009Check::Signature)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn sign_then_verify_and_single_field_mutations(
        key in any::<[u8; 32]>(),
        amount in 1u64..=u64::MAX,
        timeout in 7u64..1_000_000,
        nonce in any::<[u8; 32]>(),
        now in 1_000_000u64..4_000_000_000,
        field in 0usize..9,
        salt in any::<u64>(),
    ) {
        let Ok(signer) = LocalSigner::from_bytes(&key) else { return Ok(()) };
        let pr = required("exact", &amount.to_string(), timeout, json!({ "name": "USDC", "version": "2" }));
        let p = pay_v2(&signer, &pr, 1, now, &mut FixedNonce(nonce)).unwrap();
        let doc = request_for(&pr, &p);
        let ok = verify(&doc, now).unwrap();
        prop_assert_eq!(ok.payer().as_evm().map(|a| a.get()), Some(signer.address()));

        let mut bad = doc.clone();
        let want = mutate(&mut bad, field, salt, now);
        let e = verify(&bad, now).unwrap_err();
        prop_assert_eq!(e.first().check, want, "{}", e);
    }
}
