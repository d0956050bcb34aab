//! `verify_request` on structurally valid `exact` EIP-3009 requests (v1 and v2) whose fields and
//! signatures are fuzzed (`arbitrary`): who claims to pay, who really signed, over which domain,
//! which amount, recipient and window, and what the signature bytes are.
//!
//! Soundness (a verdict of valid implies, checked independently of the verifier):
//! - an EOA signature recovers, over the digest recomputed here from the *requirement's* domain
//!   (extra name/version, the network's chain id, the asset) and the claimed authorization, to
//!   `from`, and `from` is the reported payer;
//! - the value matches the required amount (exactly, or at least under `AmountRule::AtLeast`);
//! - `to` is `payTo`; `validAfter <= now` and `validBefore >= now + buffer`
//!   (`specs/schemes/exact/scheme_exact_evm.md`, verification; docs/protocol/evm.md §4.2);
//! - a signature that is not an EOA signature leaves an on-chain obligation.
//!
//! Completeness: a correctly signed, consistent payment inside its window on a known network is
//! accepted.
#![no_main]

use std::sync::LazyLock;

use alloy_primitives::{Address, B256, U256};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use x402_spec::evm::LocalSigner;
use x402_spec::evm::eip712::{Eip3009Authorization, TokenDomain};
use x402_spec::evm::signature::{ClassifiedSignature, recover_signer};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::verify::{AmountRule, Policy, VerifiedPayment, verify_request};
use x402_spec_testkit::keys;

static SIGNERS: LazyLock<Vec<LocalSigner>> = LazyLock::new(|| {
    [
        keys::HARDHAT_0_KEY,
        keys::HARDHAT_1_KEY,
        keys::HARDHAT_2_KEY,
    ]
    .iter()
    .map(|k| LocalSigner::from_bytes(k.as_slice()).expect("development key"))
    .collect()
});

/// (v1 name, CAIP-2 id, chain id, USDC address) of the networks the payments are made on.
const NETWORKS: [(&str, &str, u64, &str); 3] = [
    (
        "base-sepolia",
        "eip155:84532",
        84532,
        "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    ),
    (
        "base",
        "eip155:8453",
        8453,
        "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    ),
    (
        "polygon",
        "eip155:137",
        137,
        "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
    ),
];
const NAMES: [&str; 3] = ["USDC", "USD Coin", ""];
const VERSIONS: [&str; 2] = ["2", "1"];
const PAY_TO: [&str; 2] = [
    "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
];
const N: U256 = U256::from_limbs([
    0xbfd2_5e8c_d036_4141,
    0xbaae_dce6_af48_a03b,
    0xffff_ffff_ffff_fffe,
    0xffff_ffff_ffff_ffff,
]);

#[derive(Debug, Arbitrary)]
enum Domain {
    Requirement,
    Name(u8),
    Version(u8),
    Chain(u64),
    Contract([u8; 20]),
}

#[derive(Debug, Arbitrary)]
enum Sig {
    Correct,
    HighS,
    Flip(u8, u8),
    VZeroOne,
    Compact,
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Case {
    v1: bool,
    network: u8,
    name: u8,
    version: u8,
    amount: u64,
    value: Option<u64>,
    pay_to: u8,
    to: u8,
    from_key: u8,
    signer_key: u8,
    now: u32,
    valid_after: i32,
    valid_before: i32,
    max_timeout: u16,
    nonce: [u8; 32],
    domain: Domain,
    sig: Sig,
    accepted_amount: Option<u64>,
    time_buffer: u8,
    at_least: bool,
}

fn pick<T: Copy, const K: usize>(all: &[T; K], i: u8) -> T {
    all[usize::from(i) % K]
}

fn at(now: u64, delta: i32) -> u64 {
    now.saturating_add_signed(i64::from(delta))
}

fuzz_target!(|c: Case| {
    let (v1_name, caip2, chain_id, asset) = pick(&NETWORKS, c.network);
    let asset: Address = asset.parse().expect("asset");
    let name = pick(&NAMES, c.name);
    let version = pick(&VERSIONS, c.version);
    let pay_to: Address = pick(&PAY_TO, c.pay_to).parse().expect("payTo");
    let to: Address = pick(&PAY_TO, c.to).parse().expect("to");
    let signers = &*SIGNERS;
    let from = signers[usize::from(c.from_key) % signers.len()].address();
    let signer = &signers[usize::from(c.signer_key) % signers.len()];
    let now = 1_700_000_000u64 + u64::from(c.now);
    let valid_after = at(now, c.valid_after);
    let valid_before = at(now, c.valid_before);
    let value = c.value.unwrap_or(c.amount);
    let buffer = u64::from(c.time_buffer % 16);

    let authorization = Eip3009Authorization {
        from,
        to,
        value: U256::from(value),
        valid_after: U256::from(valid_after),
        valid_before: U256::from(valid_before),
        nonce: B256::from(c.nonce),
    };
    let requirement_domain = TokenDomain::new(name, version, chain_id, asset);
    let signed_domain = match &c.domain {
        Domain::Requirement => requirement_domain.clone(),
        Domain::Name(i) => TokenDomain::new(pick(&NAMES, *i), version, chain_id, asset),
        Domain::Version(i) => TokenDomain::new(name, pick(&VERSIONS, *i), chain_id, asset),
        Domain::Chain(id) => TokenDomain::new(name, version, *id, asset),
        Domain::Contract(a) => TokenDomain::new(name, version, chain_id, Address::from(*a)),
    };
    let digest = authorization.hashes(&requirement_domain).digest;
    let signed = signer
        .sign_digest(authorization.hashes(&signed_domain).digest)
        .expect("signing a digest");
    let sig_bytes: Vec<u8> = match &c.sig {
        Sig::Correct => signed.to_vec(),
        Sig::HighS => {
            let mut b = signed;
            let s = U256::from_be_slice(&b[32..64]);
            b[32..64].copy_from_slice(&(N - s).to_be_bytes::<32>());
            b[64] = if b[64] == 27 { 28 } else { 27 };
            b.to_vec()
        }
        Sig::Flip(i, mask) => {
            let mut b = signed;
            b[usize::from(*i) % 65] ^= mask | 1;
            b.to_vec()
        }
        Sig::VZeroOne => {
            let mut b = signed;
            b[64] -= 27;
            b.to_vec()
        }
        Sig::Compact => {
            let mut b = signed[..64].to_vec();
            if signed[64] == 28 {
                b[32] |= 0x80;
            }
            b
        }
        Sig::Raw(r) => r.clone(),
    };

    let requirements_v2 = json!({
        "scheme": "exact", "network": caip2, "amount": c.amount.to_string(),
        "asset": asset.to_string(), "payTo": pay_to.to_string(),
        "maxTimeoutSeconds": u64::from(c.max_timeout).max(1),
        "extra": {"name": name, "version": version},
    });
    let mut accepted = requirements_v2.clone();
    if let Some(a) = c.accepted_amount {
        accepted["amount"] = Value::from(a.to_string());
    }
    let inner = json!({
        "signature": format!("0x{}", alloy_primitives::hex::encode(&sig_bytes)),
        "authorization": {
            "from": from.to_string(), "to": to.to_string(), "value": value.to_string(),
            "validAfter": valid_after.to_string(), "validBefore": valid_before.to_string(),
            "nonce": B256::from(c.nonce).to_string(),
        },
    });
    let body = if c.v1 {
        json!({
            "x402Version": 1,
            "paymentPayload": {"x402Version": 1, "scheme": "exact", "network": v1_name, "payload": inner},
            "paymentRequirements": {
                "scheme": "exact", "network": v1_name, "maxAmountRequired": c.amount.to_string(),
                "resource": "https://api.example.com/r", "description": "", "mimeType": "application/json",
                "payTo": pay_to.to_string(), "maxTimeoutSeconds": u64::from(c.max_timeout).max(1),
                "asset": asset.to_string(), "extra": {"name": name, "version": version},
            },
        })
    } else {
        json!({
            "x402Version": 2,
            "paymentPayload": {"x402Version": 2, "accepted": accepted, "payload": inner},
            "paymentRequirements": requirements_v2,
        })
    };
    let bytes = serde_json::to_vec(&body).expect("serializes");
    let request = match FacilitatorRequest::from_json(&bytes) {
        Ok(r) => r,
        // Only an empty signature or a valueless field can make this structurally invalid.
        Err(e) => {
            assert!(
                sig_bytes.is_empty(),
                "a structurally valid request does not parse: {e:?}"
            );
            return;
        }
    };
    let policy = Policy::default()
        .with_time_buffer(buffer)
        .with_amount_rule(if c.at_least {
            AmountRule::AtLeast
        } else {
            AmountRule::Exact
        });
    let verdict = verify_request(&request, now, &policy);

    match &verdict {
        Ok(VerifiedPayment::Evm(p)) => {
            assert_eq!(p.payer.get(), from, "payer is not `from`");
            assert_eq!(p.pay_to.get(), pay_to, "payee is not payTo");
            assert_eq!(to, pay_to, "accepted with to != payTo");
            assert_eq!(p.chain_id, chain_id);
            assert_eq!(p.asset.get(), asset);
            if c.at_least {
                assert!(value >= c.amount, "underpayment accepted");
            } else {
                assert_eq!(value, c.amount, "value mismatch accepted");
            }
            assert!(valid_after <= now, "not yet valid, accepted");
            assert!(
                u128::from(valid_before) >= u128::from(now) + u128::from(buffer),
                "expired, accepted"
            );
            assert_eq!(p.hashes.digest, digest, "digest is not the requirement's");
            match &p.signature {
                ClassifiedSignature::Eoa(sig) => assert_eq!(
                    recover_signer(digest, sig).ok(),
                    Some(from),
                    "accepted a signature that is not by `from`"
                ),
                _ => assert!(
                    !p.onchain.is_empty(),
                    "smart-wallet signature without obligation"
                ),
            }
            if !c.v1 {
                assert!(
                    c.accepted_amount.is_none_or(|a| a == c.amount),
                    "accepted != requirements, accepted"
                );
            }
        }
        Ok(_) => {}
        Err(rejection) => {
            let r = rejection.to_verify_response();
            assert!(!r.is_valid);
            assert!(!rejection.failures().is_empty());
            let consistent = matches!(c.sig, Sig::Correct)
                && matches!(c.domain, Domain::Requirement)
                && from == signer.address()
                && to == pay_to
                && value == c.amount
                && valid_after <= now
                && u128::from(valid_before) >= u128::from(now) + u128::from(buffer)
                && (c.v1 || c.accepted_amount.is_none_or(|a| a == c.amount))
                && !name.is_empty();
            assert!(
                !consistent,
                "a correct payment is refused: {:?}",
                rejection.failures()
            );
        }
    }
});
