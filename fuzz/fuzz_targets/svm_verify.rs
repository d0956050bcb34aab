//! The Solana `exact` decoder and verifier (`src/svm`, `src/verify/svm`) on hostile transactions.
//!
//! Each input is either raw bytes used as the payload's transaction, or a payment signed by the
//! x402-spec client signer (legacy or v0 message, SPL Token or Token-2022, any amount, memo and
//! compute-unit price, one of three payer keys) whose encoded bytes are then edited at fuzzed
//! positions, verified against requirements that may ask for another amount, fee payer or memo.
//!
//! Invariants, checked here independently of the verifier:
//! - whatever `Transaction::decode` accepts re-encodes to the same bytes (the encoding is
//!   canonical, so the bytes a facilitator co-signs are the bytes the client signed);
//! - a verdict of valid implies: an ed25519 signature by the reported payer over the exact message
//!   bytes is in the payer's signer slot (checked with ed25519-dalek directly); the fee payer is
//!   `extra.feePayer`, one of the policy's fee payers, and not the payer; the amount is the
//!   required one; the mint is `asset`; the destination is the associated token account of
//!   (`payTo`, `asset`) under the transfer's token program
//!   (`specs/schemes/exact/scheme_exact_svm.md`, verification; docs/protocol/svm.md);
//! - completeness: an unedited payment that matches its requirements is accepted.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use x402_spec::assets::solana::{TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_DEVNET};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::svm::instructions::MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS;
use x402_spec::svm::sign::{PaymentParams, SvmKey, sign_payment};
use x402_spec::svm::{MessageVersion, Transaction, associated_token_address};
use x402_spec::verify::{Policy, verify_request};

const PAYERS: [[u8; 32]; 3] = [[1; 32], [5; 32], [6; 32]];
const FEE_PAYER: [u8; 32] = [2; 32];
const OTHER_FEE_PAYER: [u8; 32] = [7; 32];
const PAY_TO: [u8; 32] = [3; 32];

#[derive(Debug, Arbitrary)]
enum Input {
    /// Any bytes as the transaction.
    Raw(Vec<u8>),
    /// A signed payment, edited.
    Signed(Signed),
}

#[derive(Debug, Arbitrary)]
struct Signed {
    payer: u8,
    amount: u32,
    /// The requirements ask for `amount + required_delta` (wrapping): 0 most of the time.
    required_delta: u8,
    v0: bool,
    token_2022: bool,
    memo: Option<u8>,
    /// The requirements' memo differs from the signed one.
    other_memo: bool,
    /// The requirements name a fee payer the policy does not hold.
    foreign_fee_payer: bool,
    compute_unit_price: u64,
    blockhash: u8,
    edits: Vec<(u16, u8)>,
}

fn requirements(amount: u64, fee_payer: &[u8; 32], memo: Option<String>) -> serde_json::Value {
    let mut extra = json!({"feePayer": SvmKey::from_secret(fee_payer).address().to_string()});
    if let (Some(m), Some(o)) = (memo, extra.as_object_mut()) {
        o.insert("memo".into(), json!(m));
    }
    json!({
        "scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
        "amount": amount.to_string(), "asset": USDC_DEVNET,
        "payTo": SvmKey::from_secret(&PAY_TO).address().to_string(),
        "maxTimeoutSeconds": 60, "extra": extra
    })
}

fn body(tx: &[u8], requirements: &serde_json::Value) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(tx);
    json!({
        "x402Version": 2,
        "paymentPayload": {"x402Version": 2, "accepted": requirements, "payload": {"transaction": b64}},
        "paymentRequirements": requirements
    })
    .to_string()
    .into_bytes()
}

fn policy() -> Policy {
    Policy::default().with_svm_fee_payers(vec![SvmKey::from_secret(&FEE_PAYER).address()])
}

/// Decoding is canonical.
fn check_canonical(bytes: &[u8]) {
    if let Ok(tx) = Transaction::decode(bytes) {
        assert_eq!(tx.encode(), bytes, "a decoded transaction re-encodes differently");
    }
}

/// Verifies `tx` against `req` and checks the soundness invariants of a valid verdict.
/// Returns whether it verified.
fn verify_and_check(tx: &[u8], req: &serde_json::Value, required: u64) -> bool {
    check_canonical(tx);
    let Ok(request) = FacilitatorRequest::from_json(&body(tx, req)) else {
        return false;
    };
    let Ok(ok) = verify_request(&request, 0, &policy()) else {
        return false;
    };
    let svm = ok.as_svm().expect("a Solana request verifies to a Solana payment");
    let fee_payer = SvmKey::from_secret(&FEE_PAYER).address();
    assert_eq!(svm.fee_payer, fee_payer, "fee payer is not the policy's");
    assert_ne!(svm.payer, svm.fee_payer, "the fee payer pays");
    assert_eq!(svm.amount, required, "amount is not the required one");
    assert_eq!(svm.mint.to_string(), USDC_DEVNET, "mint is not the asset");
    assert_eq!(svm.pay_to, SvmKey::from_secret(&PAY_TO).address(), "payTo");
    let (ata, _) = associated_token_address(&svm.pay_to, &svm.mint, &svm.token_program)
        .expect("an associated token account exists");
    assert_eq!(svm.destination, ata, "destination is not the ATA of (payTo, asset)");
    // The payer's signature, found by its slot, over the exact bytes that were sent.
    let decoded = Transaction::decode(tx).expect("a verified transaction decodes");
    let slot = (0..decoded.signatures.len())
        .find(|i| {
            u8::try_from(*i)
                .ok()
                .and_then(|i| decoded.message.static_key(i))
                == Some(&svm.payer)
        })
        .expect("the payer is a signer");
    let key = VerifyingKey::from_bytes(svm.payer.as_bytes()).expect("payer is a curve point");
    let sig = Signature::from_bytes(&decoded.signatures[slot]);
    assert!(
        key.verify_strict(decoded.message_bytes(), &sig).is_ok(),
        "accepted without a valid payer signature over the message"
    );
    true
}

fuzz_target!(|input: Input| {
    match input {
        Input::Raw(bytes) => {
            let req = requirements(250_000, &FEE_PAYER, None);
            verify_and_check(&bytes, &req, 250_000);
        }
        Input::Signed(s) => {
            let payer_secret = PAYERS[usize::from(s.payer) % PAYERS.len()];
            let amount = u64::from(s.amount).max(1);
            let required = amount.wrapping_add(u64::from(s.required_delta % 4 / 3));
            let memo = s.memo.map(|m| format!("invoice {m}"));
            let req_memo = if s.other_memo {
                Some("another invoice".to_owned())
            } else {
                memo.clone()
            };
            let req_fee_payer = if s.foreign_fee_payer { OTHER_FEE_PAYER } else { FEE_PAYER };
            let signed_req = requirements(amount, &FEE_PAYER, memo.clone());
            let r = x402_spec::v2::PaymentRequirements::from_json(
                signed_req.to_string().as_bytes(),
            )
            .expect("requirements parse");
            let token_program = if s.token_2022 { TOKEN_2022_PROGRAM_ID } else { TOKEN_PROGRAM_ID };
            let Ok(mut p) =
                PaymentParams::for_requirements(&r, 6, token_program, [s.blockhash; 32], [9; 16])
            else {
                return;
            };
            p.version = if s.v0 { MessageVersion::V0 } else { MessageVersion::Legacy };
            // Up to twice the cap the verifier enforces.
            p.compute_unit_price = s.compute_unit_price % (2 * MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS + 1);
            let Ok(tx) = sign_payment(&p, &SvmKey::from_secret(&payer_secret)) else {
                return;
            };
            let mut bytes = tx.encode();
            let len = bytes.len();
            for (at, to) in &s.edits {
                if let Some(b) = bytes.get_mut(usize::from(*at) % len) {
                    *b = *to;
                }
            }
            let verify_req = requirements(required, &req_fee_payer, req_memo);
            let accepted = verify_and_check(&bytes, &verify_req, required);
            let consistent = s.edits.is_empty()
                && required == amount
                && !s.other_memo
                && !s.foreign_fee_payer
                && p.compute_unit_price <= MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS;
            if consistent {
                assert!(accepted, "a consistent, unedited payment was refused");
            }
        }
    }
});
