//! Solana `exact` as a library user sees it: the client signer's payment is accepted by
//! `verify_request`, its settlement is fully signed, and hostile bytes never panic the decoder or
//! the verifier (any byte string, any single-byte change of a valid payment).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use serde_json::json;
use x402_spec::assets::solana::{TOKEN_2022_PROGRAM_ID, USDC_DEVNET};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::svm::Transaction;
use x402_spec::svm::sign::{PaymentParams, SvmKey, sign_payment, sign_transaction};
use x402_spec::verify::{Policy, verify_request};

fn requirements() -> serde_json::Value {
    json!({
        "scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "amount": "250000",
        "asset": USDC_DEVNET, "payTo": SvmKey::from_secret(&[3; 32]).address().to_string(),
        "maxTimeoutSeconds": 60,
        "extra": {"feePayer": SvmKey::from_secret(&[2; 32]).address().to_string(), "memo": "invoice 7"}
    })
}

fn payment() -> Vec<u8> {
    let r = x402_spec::v2::PaymentRequirements::from_json(requirements().to_string().as_bytes())
        .unwrap();
    let p =
        PaymentParams::for_requirements(&r, 6, TOKEN_2022_PROGRAM_ID, [4; 32], [0; 16]).unwrap();
    sign_payment(&p, &SvmKey::from_secret(&[1; 32]))
        .unwrap()
        .encode()
}

fn body(tx: &[u8]) -> Vec<u8> {
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, tx);
    json!({
        "x402Version": 2,
        "paymentPayload": {"x402Version": 2, "accepted": requirements(), "payload": {"transaction": b64}},
        "paymentRequirements": requirements()
    })
    .to_string()
    .into_bytes()
}

fn policy() -> Policy {
    Policy::default().with_svm_fee_payers(vec![SvmKey::from_secret(&[2; 32]).address()])
}

#[test]
fn a_signed_payment_verifies_and_settles_fully_signed() {
    let request = FacilitatorRequest::from_json(&body(&payment())).unwrap();
    let ok = verify_request(&request, 0, &policy()).unwrap();
    let svm = ok.as_svm().unwrap();
    assert_eq!(svm.payer, SvmKey::from_secret(&[1; 32]).address());
    assert_eq!(svm.amount, 250_000);
    // The facilitator signs as fee payer: every slot then verifies (no zero slot left).
    let mut tx = svm.transaction.clone();
    sign_transaction(&mut tx, &SvmKey::from_secret(&[2; 32]));
    assert!(tx.signatures.iter().all(|s| s != &[0; 64]));
    assert_eq!(
        svm.settlement_transaction(tx.signatures[0]),
        tx.encode(),
        "settlement_transaction puts the fee payer's signature in slot 0"
    );
    // The memo the server asked for is what the client wrote.
    assert_eq!(tx.message.instructions[3].data, b"invoice 7");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_decode_or_fail_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(tx) = Transaction::decode(&bytes) {
            // Whatever decodes re-encodes to the same bytes (the encoding is canonical).
            prop_assert_eq!(tx.encode(), bytes);
        }
    }

    #[test]
    fn one_changed_byte_is_decoded_or_refused_and_never_panics(at in 0usize..400, to in any::<u8>()) {
        let mut tx = payment();
        let i = at % tx.len();
        let changed = tx[i] != to;
        tx[i] = to;
        let request = FacilitatorRequest::from_json(&body(&tx)).unwrap();
        let verdict = verify_request(&request, 0, &policy());
        // A changed signature or message byte can never still verify (the fee-payer slot, 0..65, is unsigned).
        if changed && i >= 65 {
            prop_assert!(verdict.is_err(), "byte {} changed to {} still verifies", i, to);
        }
    }
}
