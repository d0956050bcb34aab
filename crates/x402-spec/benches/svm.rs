//! Solana `exact` verification cost, measured (never asserted in tests):
//!
//! - `svm_verify_body`: a `/verify` body (JSON) parsed and verified: base64, transaction decode,
//!   every rule, the ATA derivation (SHA-256 per bump, Edwards decompression) and the ed25519
//!   signature of the client.
//! - `svm_verify_request`: the same from an already parsed request.
//! - `ed25519_verify`: a bare strict ed25519 verification of the same message by the same key.
//!
//! The ratio `ed25519_verify / svm_verify_request` is in docs/verification.md.
//!
//! `cargo bench -p x402-spec --bench svm`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use x402_spec::assets::solana::{TOKEN_PROGRAM_ID, USDC_DEVNET};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::svm::sign::{PaymentParams, SvmKey, sign_payment};
use x402_spec::verify::{Policy, verify_request};

fn benches(c: &mut Criterion) {
    let client = SvmKey::from_secret(&[1; 32]);
    let fee_payer = SvmKey::from_secret(&[2; 32]).address();
    let pay_to = SvmKey::from_secret(&[3; 32]).address();
    let req = json!({
        "scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "amount": "1000",
        "asset": USDC_DEVNET, "payTo": pay_to.to_string(), "maxTimeoutSeconds": 60,
        "extra": {"feePayer": fee_payer.to_string()}
    });
    let Ok(typed) = x402_spec::v2::PaymentRequirements::from_json(req.to_string().as_bytes())
    else {
        return;
    };
    let Ok(params) = PaymentParams::for_requirements(&typed, 6, TOKEN_PROGRAM_ID, [7; 32], [9; 16])
    else {
        return;
    };
    let Ok(tx) = sign_payment(&params, &client) else {
        return;
    };
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, tx.encode());
    let body = json!({
        "x402Version": 2,
        "paymentPayload": {"x402Version": 2, "accepted": req, "payload": {"transaction": b64}},
        "paymentRequirements": req
    })
    .to_string();
    let policy = Policy::default().with_svm_fee_payers(vec![fee_payer]);
    let Ok(request) = FacilitatorRequest::from_json(body.as_bytes()) else {
        return;
    };
    if verify_request(&request, 0, &policy).is_err() {
        return;
    }
    let message = tx.message_bytes().to_vec();
    let Some(sig) = tx.signatures.get(1).copied() else {
        return;
    };
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(client.address().as_bytes()) else {
        return;
    };
    let sig = ed25519_dalek::Signature::from_bytes(&sig);

    c.bench_function("svm_verify_body", |b| {
        b.iter(|| {
            FacilitatorRequest::from_json(black_box(body.as_bytes()))
                .ok()
                .map(|r| verify_request(&r, 0, &policy).is_ok())
        });
    });
    c.bench_function("svm_verify_request", |b| {
        b.iter(|| verify_request(black_box(&request), 0, &policy).is_ok());
    });
    c.bench_function("ed25519_verify", |b| {
        b.iter(|| vk.verify_strict(black_box(&message), &sig).is_ok());
    });
}

criterion_group!(group, benches);
criterion_main!(group);
