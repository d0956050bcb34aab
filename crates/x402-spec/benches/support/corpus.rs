//! A deterministic corpus of distinct signed payments for the benchmarks (built before any
//! timing starts): every payment has its own payer key, nonce and amount, drawn from `SEED`
//! with keccak256, in five kinds taken round-robin (v2 EIP-3009, v2 Permit2, v1 EIP-3009,
//! v2 upto, v2 Solana exact). Each entry keeps the parsed `/verify` request, its headers and the
//! bare signature check of the same digest or message, so a bench can time the verifier beside
//! the curve operation it cannot avoid.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use alloy_primitives::{B256, keccak256};
use serde_json::{Value, json};
use x402_spec::assets::solana::{TOKEN_PROGRAM_ID, USDC_DEVNET};
use x402_spec::client::{FixedNonce, pay_v1, pay_v2};
use x402_spec::evm::{EcdsaSignature, LocalSigner, recover_signer};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::header;
use x402_spec::primitives::{EvmAddress, SolanaAddress};
use x402_spec::svm::sign::{PaymentParams, SvmKey, sign_payment};
use x402_spec::verify::{Policy, VerifiedPayment, verify_request};
use x402_spec::{v1, v2};

/// The seed every key, nonce and amount is derived from.
pub const SEED: u64 = 0x402_5eed;
/// Payments in the default corpus.
pub const SIZE: usize = 10_000;
/// The fixed clock of every verification.
pub const NOW: u64 = 1_740_672_100;

const FAC: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
/// A few merchants and two tokens (a facilitator sees few of each, many payers).
const PAY_TO: [&str; 4] = [
    "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
];
/// (v2 network, v1 network, USDC on it).
const CHAINS: [(&str, &str, &str); 2] = [
    (
        "eip155:84532",
        "base-sepolia",
        "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    ),
    (
        "eip155:8453",
        "base",
        "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    ),
];
const SOLANA_DEVNET: &str = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";

/// The kind of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// v2 `exact`, EIP-3009.
    V2Eip3009,
    /// v2 `exact`, Permit2.
    V2Permit2,
    /// v1 `exact` (EIP-3009).
    V1Eip3009,
    /// v2 `upto` (Permit2 with the upto witness).
    Upto,
    /// v2 `exact` on Solana.
    SvmExact,
}

impl Kind {
    /// Every kind, in corpus order.
    pub const ALL: [Kind; 5] = [
        Kind::V2Eip3009,
        Kind::V2Permit2,
        Kind::V1Eip3009,
        Kind::Upto,
        Kind::SvmExact,
    ];

    /// Whether the payment is an EVM one.
    pub const fn is_evm(self) -> bool {
        !matches!(self, Kind::SvmExact)
    }
}

/// The bare signature check a verification cannot avoid.
pub enum Bare {
    /// ECDSA recovery of the EIP-712 digest.
    Ecdsa {
        /// The EIP-712 digest.
        digest: B256,
        /// The payer's signature.
        sig: EcdsaSignature,
    },
    /// Strict ed25519 verification of the transaction message.
    Ed25519 {
        /// The payer's key.
        key: ed25519_dalek::VerifyingKey,
        /// The payer's signature.
        sig: ed25519_dalek::Signature,
        /// The message bytes.
        message: Vec<u8>,
    },
}

impl Bare {
    /// Runs the check; true when it passes.
    #[inline]
    pub fn run(&self) -> bool {
        match self {
            Bare::Ecdsa { digest, sig } => recover_signer(*digest, sig).is_ok(),
            Bare::Ed25519 { key, sig, message } => key.verify_strict(message, sig).is_ok(),
        }
    }
}

/// One signed payment.
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// The parsed `/verify` request.
    pub request: FacilitatorRequest,
    /// The `/verify` body (JSON).
    pub body: String,
    /// `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1).
    pub payment_header: String,
    /// `PAYMENT-REQUIRED` (v2) for the payment's offer.
    pub required_header: String,
    /// `PAYMENT-RESPONSE` for a successful settlement of it.
    pub response_header: String,
    /// The bare signature check.
    pub bare: Bare,
}

/// 32 bytes of `keccak256(seed ‖ label ‖ i)`.
fn draw(label: &str, i: usize) -> [u8; 32] {
    let mut buf = Vec::with_capacity(8 + label.len() + 8);
    buf.extend_from_slice(&SEED.to_be_bytes());
    buf.extend_from_slice(label.as_bytes());
    buf.extend_from_slice(&(i as u64).to_be_bytes());
    keccak256(&buf).0
}

/// The policy the corpus verifies under (the upto facilitator and the Solana fee payer).
pub fn policy() -> Policy {
    Policy::default()
        .with_signers(vec![EvmAddress::parse(FAC).unwrap()])
        .with_svm_fee_payers(vec![fee_payer()])
}

fn fee_payer() -> SolanaAddress {
    SvmKey::from_secret(&draw("svm-fee-payer", 0)).address()
}

fn resource() -> Value {
    json!({ "url": "https://api.example.com/premium-data", "description": "Access to premium market data", "mimeType": "application/json" })
}

fn evm_requirements(kind: Kind, i: usize, amount: u64) -> Value {
    let (network, _, asset) = CHAINS[i / 5 % CHAINS.len()];
    let pay_to = PAY_TO[i / 10 % PAY_TO.len()];
    let (scheme, extra) = match kind {
        Kind::V2Permit2 => (
            "exact",
            json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2" }),
        ),
        Kind::Upto => (
            "upto",
            json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FAC }),
        ),
        _ => ("exact", json!({ "name": "USDC", "version": "2" })),
    };
    json!({ "scheme": scheme, "network": network, "amount": amount.to_string(), "asset": asset, "payTo": pay_to, "maxTimeoutSeconds": 300, "extra": extra })
}

fn ecdsa_bare(verified: &VerifiedPayment, payload: &Value) -> Bare {
    let VerifiedPayment::Evm(ok) = verified else {
        panic!("EVM payment verified as another family")
    };
    let hex = payload["signature"].as_str().unwrap();
    let bytes = alloy_primitives::hex::decode(hex).unwrap();
    Bare::Ecdsa {
        digest: ok.hashes.digest,
        sig: EcdsaSignature::from_rsv(&bytes).unwrap(),
    }
}

fn response_header(network: &str, payer: &str, i: usize) -> String {
    let tx = format!("0x{}", alloy_primitives::hex::encode(draw("tx", i)));
    header::encode(
        &json!({ "success": true, "transaction": tx, "network": network, "payer": payer }),
    )
    .unwrap()
}

fn entry(kind: Kind, i: usize, policy: &Policy) -> Entry {
    let amount =
        1_000 + (u64::from_be_bytes(draw("amount", i)[..8].try_into().unwrap()) % 10_000_000);
    let (body, payment_header, required_header, response) = match kind {
        Kind::SvmExact => svm_payment(i, amount),
        Kind::V1Eip3009 => {
            let (_, network, asset) = CHAINS[i / 5 % CHAINS.len()];
            let pay_to = PAY_TO[i / 10 % PAY_TO.len()];
            let req = json!({ "scheme": "exact", "network": network, "maxAmountRequired": amount.to_string(), "resource": "https://api.example.com/premium-data", "description": "", "mimeType": "application/json", "payTo": pay_to, "maxTimeoutSeconds": 300, "asset": asset, "extra": { "name": "USDC", "version": "2" } });
            let pr = json!({ "x402Version": 1, "accepts": [req.clone()] });
            let pr_typed = v1::PaymentRequired::from_json(pr.to_string().as_bytes()).unwrap();
            let signer = LocalSigner::from_bytes(&draw("evm-key", i)).unwrap();
            let p = pay_v1(
                &signer,
                &pr_typed,
                0,
                NOW,
                &mut FixedNonce(draw("nonce", i)),
            )
            .unwrap();
            let body = json!({ "x402Version": 1, "paymentPayload": p, "paymentRequirements": req })
                .to_string();
            (
                body,
                header::encode(&p).unwrap(),
                header::encode(&pr).unwrap(),
                response_header(network, &signer.address().to_checksum(None), i),
            )
        }
        _ => {
            let req = evm_requirements(kind, i, amount);
            let pr = json!({ "x402Version": 2, "resource": resource(), "accepts": [req.clone()] });
            let pr_typed = v2::PaymentRequired::from_json(pr.to_string().as_bytes()).unwrap();
            let signer = LocalSigner::from_bytes(&draw("evm-key", i)).unwrap();
            let p = pay_v2(
                &signer,
                &pr_typed,
                0,
                NOW,
                &mut FixedNonce(draw("nonce", i)),
            )
            .unwrap();
            let body = json!({ "x402Version": 2, "paymentPayload": p, "paymentRequirements": req })
                .to_string();
            (
                body,
                header::encode(&p).unwrap(),
                header::encode(&pr).unwrap(),
                response_header(
                    req["network"].as_str().unwrap(),
                    &signer.address().to_checksum(None),
                    i,
                ),
            )
        }
    };
    let request = FacilitatorRequest::from_json(body.as_bytes()).unwrap();
    let verified = verify_request(&request, NOW, policy)
        .unwrap_or_else(|e| panic!("corpus payment {i} ({kind:?}) does not verify: {e:?}"));
    let doc: Value = serde_json::from_str(&body).unwrap();
    let bare = match kind {
        Kind::SvmExact => svm_bare(&doc, i),
        _ => ecdsa_bare(&verified, &doc["paymentPayload"]["payload"]),
    };
    assert!(bare.run(), "bare check of payment {i} fails");
    Entry {
        kind,
        request,
        body,
        payment_header,
        required_header,
        response_header: response,
        bare,
    }
}

fn svm_key(i: usize) -> SvmKey {
    SvmKey::from_secret(&draw("svm-key", i))
}

fn svm_payment(i: usize, amount: u64) -> (String, String, String, String) {
    let pay_to = SvmKey::from_secret(&draw("svm-pay-to", i / 10 % 4)).address();
    let req = json!({
        "scheme": "exact", "network": SOLANA_DEVNET, "amount": amount.to_string(),
        "asset": USDC_DEVNET, "payTo": pay_to.to_string(), "maxTimeoutSeconds": 60,
        "extra": {"feePayer": fee_payer().to_string()}
    });
    let typed = v2::PaymentRequirements::from_json(req.to_string().as_bytes()).unwrap();
    let blockhash = draw("blockhash", i);
    let mut memo = [0u8; 16];
    memo.copy_from_slice(&draw("svm-memo", i)[..16]);
    let params =
        PaymentParams::for_requirements(&typed, 6, TOKEN_PROGRAM_ID, blockhash, memo).unwrap();
    let key = svm_key(i);
    let tx = sign_payment(&params, &key).unwrap();
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, tx.encode());
    let payload = json!({ "x402Version": 2, "resource": resource(), "accepted": req, "payload": {"transaction": b64} });
    let pr = json!({ "x402Version": 2, "resource": resource(), "accepts": [req.clone()] });
    let body = json!({ "x402Version": 2, "paymentPayload": payload, "paymentRequirements": req })
        .to_string();
    let sig58 = bs58_like(&tx.signatures[1]);
    (
        body,
        header::encode(&payload).unwrap(),
        header::encode(&pr).unwrap(),
        header::encode(&json!({ "success": true, "transaction": sig58, "network": SOLANA_DEVNET, "payer": key.address().to_string() })).unwrap(),
    )
}

/// A stand-in Solana transaction id for the response header (any non-empty string parses).
fn bs58_like(sig: &[u8; 64]) -> String {
    alloy_primitives::hex::encode(sig)
}

fn svm_bare(doc: &Value, i: usize) -> Bare {
    let b64 = doc["paymentPayload"]["payload"]["transaction"]
        .as_str()
        .unwrap();
    let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
    let tx = x402_spec::svm::message::Transaction::decode(&raw).unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(svm_key(i).address().as_bytes()).unwrap();
    Bare::Ed25519 {
        key,
        sig: ed25519_dalek::Signature::from_bytes(&tx.signatures[1]),
        message: tx.message_bytes().to_vec(),
    }
}

/// `n` distinct payments, kinds round-robin.
pub fn build(n: usize) -> Vec<Entry> {
    let policy = policy();
    (0..n)
        .map(|i| entry(Kind::ALL[i % Kind::ALL.len()], i, &policy))
        .collect()
}
