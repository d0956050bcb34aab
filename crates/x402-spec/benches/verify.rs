//! Throughput targets, measured (never asserted in tests):
//!
//! - `decode_header`: a v2 `PAYMENT-SIGNATURE` header (base64) into the typed payload, including
//!   the EIP-3009 view of `payload`. Target ≤ 5 µs.
//! - `verify_header` vs `ecrecover`: full offline verification of the same header (decode,
//!   parse, EIP-712 digest, signature recovery, every check) beside a bare recovery of the same
//!   digest with the same backend. Target: verification ≥ 85 % of ecrecover throughput.
//!
//! `cargo bench -p x402-spec --bench verify`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use x402_spec::evm::{EcdsaSignature, recover_signer};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::schemes::ExactEip3009Payload;
use x402_spec::verify::{Policy, VerifiedPayment, verify_v2};
use x402_spec::{PaymentPayload, v2};

/// The docs/protocol/evm.md §4.9 EIP-3009 payment (signed by the Hardhat test key).
const PAYLOAD: &str = r#"{"x402Version":2,"resource":{"url":"https://api.example.com/premium-data","description":"Access to premium market data","mimeType":"application/json"},"accepted":{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}},"payload":{"signature":"0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b","authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"1740672089","validBefore":"1740672154","nonce":"0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"}}}"#;
const NOW: u64 = 1_740_672_100;

fn decode(h: &str) -> Option<v2::PaymentPayload> {
    match header::decode_payment_payload(h, DecodeOptions::strict()).ok()? {
        PaymentPayload::V2(p) => Some(p),
        _ => None,
    }
}

fn benches(c: &mut Criterion) {
    let h = header::encode_bytes(PAYLOAD.as_bytes());
    let Some(p) = decode(&h) else { return };
    let Ok(view) = ExactEip3009Payload::from_payload(&p.payload) else {
        return;
    };
    let Ok(sig) = EcdsaSignature::from_rsv(view.signature.as_slice()) else {
        return;
    };
    let policy = Policy::default();
    let Ok(VerifiedPayment::Evm(ok)) = verify_v2(&p, p.accepted.value(), NOW, &policy) else {
        return;
    };
    let digest = ok.hashes.digest;

    c.bench_function("decode_header", |b| {
        b.iter(|| {
            let p = decode(black_box(&h));
            p.and_then(|p| ExactEip3009Payload::from_payload(&p.payload).ok())
        });
    });
    let mut g = c.benchmark_group("verification");
    g.bench_function("verify_header", |b| {
        b.iter(|| {
            let p = decode(black_box(&h))?;
            verify_v2(&p, p.accepted.value(), NOW, &policy).ok()
        });
    });
    g.bench_function("ecrecover", |b| {
        b.iter(|| recover_signer(black_box(digest), black_box(&sig)))
    });
    g.finish();
}

criterion_group!(verify, benches);
criterion_main!(verify);
