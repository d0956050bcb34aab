//! Verification over a corpus of distinct payments (issue #16), measured (never asserted in tests).
//!
//! The corpus (`support/corpus.rs`, 10,000 payments from a fixed seed: distinct payers, nonces and
//! amounts; v2 EIP-3009, v2 Permit2, v1 EIP-3009, upto, Solana exact) is built before timing
//! starts. Each group times, in the same run:
//!
//! - `verify_distinct`: `verify_request` on the parsed requests, round-robin, at a fixed `now`;
//! - `bare_distinct`: the bare signature check of the same payments (ECDSA recovery of the
//!   EIP-712 digest, or strict ed25519 over the Solana message), round-robin;
//! - `verify_repeated` / `bare_repeated`: the first payment of the group, over and over (the
//!   per-thread memo of EIP-55 checks and domain separators always hits).
//!
//! Group `decode`: `decode_header` per header kind (`payment_required`, `payment_signature`,
//! `payment_response`, `x_payment_v1`: base64 → typed document), round-robin over the corpus's
//! headers of that kind.
//!
//! Groups: `corpus_evm` (the 8,000 EVM payments), `corpus_svm` (the 2,000 Solana ones),
//! `corpus_mixed` (all). docs/verification.md has the figures and the ratios.
//!
//! `cargo bench -p x402-spec --bench corpus`
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::time::Duration;

use corpus::{Entry, Kind, NOW};
use criterion::{Criterion, criterion_group, criterion_main};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::verify::verify_request;

fn group(c: &mut Criterion, name: &str, entries: &[&Entry]) {
    let policy = corpus::policy();
    let mut g = c.benchmark_group(name);
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let n = entries.len();
    g.bench_function("verify_distinct", |b| {
        let mut i = 0;
        b.iter(|| {
            let e = entries[i % n];
            i += 1;
            verify_request(black_box(&e.request), NOW, &policy).is_ok()
        });
    });
    g.bench_function("bare_distinct", |b| {
        let mut i = 0;
        b.iter(|| {
            let e = entries[i % n];
            i += 1;
            black_box(&e.bare).run()
        });
    });
    let first = entries[0];
    g.bench_function("verify_repeated", |b| {
        b.iter(|| verify_request(black_box(&first.request), NOW, &policy).is_ok());
    });
    g.bench_function("bare_repeated", |b| {
        b.iter(|| black_box(&first.bare).run());
    });
    g.finish();
}

/// A header decoder under test: does the value decode?
type Decoder = fn(&str, DecodeOptions) -> bool;

/// `decode_header` per header kind, round-robin over the corpus's headers of that kind.
fn decode(c: &mut Criterion, all: &[Entry]) {
    let opts = DecodeOptions::strict();
    let v2: Vec<&Entry> = all.iter().filter(|e| e.kind != Kind::V1Eip3009).collect();
    let v1: Vec<&Entry> = all.iter().filter(|e| e.kind == Kind::V1Eip3009).collect();
    let kinds: [(&str, Vec<&str>, Decoder); 4] = [
        (
            "payment_required",
            v2.iter().map(|e| e.required_header.as_str()).collect(),
            |h, o| header::decode_payment_required(h, o).is_ok(),
        ),
        (
            "payment_signature",
            v2.iter().map(|e| e.payment_header.as_str()).collect(),
            |h, o| header::decode_payment_payload(h, o).is_ok(),
        ),
        (
            "payment_response",
            all.iter().map(|e| e.response_header.as_str()).collect(),
            |h, o| header::decode_payment_response(h, o).is_ok(),
        ),
        (
            "x_payment_v1",
            v1.iter().map(|e| e.payment_header.as_str()).collect(),
            |h, o| header::decode_payment_payload(h, o).is_ok(),
        ),
    ];
    let mut g = c.benchmark_group("decode");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, headers, f) in kinds {
        assert!(
            headers.iter().all(|h| f(h, opts)),
            "{name}: a corpus header does not decode"
        );
        let n = headers.len();
        g.bench_function(name, |b| {
            let mut i = 0;
            b.iter(|| {
                let h = headers[i % n];
                i += 1;
                f(black_box(h), opts)
            });
        });
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    let all = corpus::build(corpus::SIZE);
    decode(c, &all);
    let evm: Vec<&Entry> = all.iter().filter(|e| e.kind.is_evm()).collect();
    let svm: Vec<&Entry> = all.iter().filter(|e| !e.kind.is_evm()).collect();
    let mixed: Vec<&Entry> = all.iter().collect();
    group(c, "corpus_evm", &evm);
    group(c, "corpus_svm", &svm);
    group(c, "corpus_mixed", &mixed);
}

criterion_group!(corpus_benches, benches);
criterion_main!(corpus_benches);
