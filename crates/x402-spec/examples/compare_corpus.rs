//! The x402-spec side of the cross-implementation comparison (issue #16), driven by
//! `bench/compare.sh`; not a bench proper (criterion has those, `benches/corpus.rs`).
//!
//! `export FILE` writes the benchmark corpus of `benches/support/corpus.rs` (10,000 distinct
//! signed payments from a fixed seed) as one language-agnostic JSON document, so that the
//! TypeScript and Python runners verify exactly the same inputs:
//!
//! ```text
//! { "seed", "now", "facilitatorSigners": [..],
//!   "payments": [ { "kind", "body": <the /verify request body>,
//!                   "payer", "signature", "digest" (EVM only: the EIP-712 digest) } ] }
//! ```
//!
//! `time FILE [--seconds S]` reads that file back, parses every body, verifies each one once
//! (counting the successes), then times `verify_request` round-robin over the payments of each
//! kind at the file's fixed `now` for at least `S` seconds (default 2), and likewise the parse of
//! the body followed by verification, and the bare ECDSA recovery of the exported digest. One
//! JSON line per measurement on standard output (`impl`, `path`, `set`, `n`, `valid`, `ops`,
//! `us_per_op`).
//!
//! ```sh
//! cargo run --release -p x402-spec --example compare_corpus -- export /tmp/corpus.json
//! cargo run --release -p x402-spec --example compare_corpus -- time /tmp/corpus.json
//! ```
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::time::{Duration, Instant};

use alloy_primitives::B256;
use corpus::{Bare, Kind};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use x402_spec::evm::{EcdsaSignature, recover_signer};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::verify::verify_request;

/// The name of a kind in the JSON file (the TypeScript and Python runners select on it).
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::V2Eip3009 => "v2-eip3009",
        Kind::V2Permit2 => "v2-permit2",
        Kind::V1Eip3009 => "v1-eip3009",
        Kind::Upto => "v2-upto",
        Kind::SvmExact => "v2-svm-exact",
    }
}

fn export(path: &str) {
    let entries = corpus::build(corpus::SIZE);
    let payments: Vec<Value> = entries
        .iter()
        .map(|e| {
            let body: Value = serde_json::from_str(&e.body).unwrap();
            let mut row = json!({ "kind": kind_name(e.kind), "body": body });
            if let Bare::Ecdsa { digest, .. } = &e.bare {
                let p = &body["paymentPayload"]["payload"];
                let auth = p
                    .get("authorization")
                    .or_else(|| p.get("permit2Authorization"));
                row["payer"] = auth.unwrap()["from"].clone();
                row["signature"] = p["signature"].clone();
                row["digest"] = json!(digest.to_string());
            }
            row
        })
        .collect();
    let doc = json!({
        "seed": corpus::SEED,
        "now": corpus::NOW,
        "facilitatorSigners": ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
        "payments": payments,
    });
    std::fs::write(path, serde_json::to_vec(&doc).unwrap()).unwrap();
    eprintln!("wrote {} payments to {path}", entries.len());
}

#[derive(Deserialize)]
struct File<'a> {
    now: u64,
    #[serde(borrow)]
    payments: Vec<Payment<'a>>,
}

#[derive(Deserialize)]
struct Payment<'a> {
    kind: String,
    #[serde(borrow)]
    body: &'a RawValue,
    signature: Option<String>,
    digest: Option<String>,
}

/// Runs `op` round-robin over `n` items for at least `budget` (whole rounds of 64 calls);
/// returns (calls, µs per call).
fn time(n: usize, budget: Duration, mut op: impl FnMut(usize) -> bool) -> (usize, f64) {
    let start = Instant::now();
    let mut ops = 0usize;
    loop {
        for _ in 0..64 {
            black_box(op(ops % n));
            ops += 1;
        }
        let spent = start.elapsed();
        if spent >= budget {
            return (ops, spent.as_secs_f64() * 1e6 / ops as f64);
        }
    }
}

fn row(path: &str, set: &str, n: usize, valid: usize, (ops, us): (usize, f64)) {
    println!(
        "{}",
        json!({ "impl": "x402-spec", "path": path, "set": set, "n": n, "valid": valid, "ops": ops, "us_per_op": us })
    );
}

fn run(path: &str, seconds: f64) {
    let text = std::fs::read_to_string(path).unwrap();
    let file: File<'_> = serde_json::from_str(&text).unwrap();
    let policy = corpus::policy();
    let budget = Duration::from_secs_f64(seconds);
    for kind in Kind::ALL {
        let set = kind_name(kind);
        let payments: Vec<&Payment<'_>> = file.payments.iter().filter(|p| p.kind == set).collect();
        let n = payments.len();
        if n == 0 {
            continue;
        }
        let bodies: Vec<&[u8]> = payments.iter().map(|p| p.body.get().as_bytes()).collect();
        let requests: Vec<FacilitatorRequest> = bodies
            .iter()
            .map(|b| FacilitatorRequest::from_json(b).unwrap())
            .collect();
        let valid = requests
            .iter()
            .filter(|r| verify_request(r, file.now, &policy).is_ok())
            .count();
        row(
            "verify_request",
            set,
            n,
            valid,
            time(n, budget, |i| {
                verify_request(black_box(&requests[i]), file.now, &policy).is_ok()
            }),
        );
        row(
            "from_json+verify_request",
            set,
            n,
            valid,
            time(n, budget, |i| {
                FacilitatorRequest::from_json(black_box(bodies[i]))
                    .is_ok_and(|r| verify_request(&r, file.now, &policy).is_ok())
            }),
        );
        if kind.is_evm() {
            let bare: Vec<(B256, EcdsaSignature)> = payments
                .iter()
                .map(|p| {
                    let digest: B256 = p.digest.as_deref().unwrap().parse().unwrap();
                    let sig = alloy_primitives::hex::decode(p.signature.as_deref().unwrap());
                    (digest, EcdsaSignature::from_rsv(&sig.unwrap()).unwrap())
                })
                .collect();
            let ok = bare
                .iter()
                .filter(|(d, s)| recover_signer(*d, s).is_ok())
                .count();
            row(
                "ecrecover(digest)",
                set,
                n,
                ok,
                time(n, budget, |i| {
                    let (d, s) = &bare[i];
                    recover_signer(black_box(*d), s).is_ok()
                }),
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds = args
        .iter()
        .skip_while(|a| *a != "--seconds")
        .nth(1)
        .map_or(2.0, |s| s.parse::<f64>().unwrap());
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("export"), Some(path)) => export(path),
        (Some("time"), Some(path)) => run(path, seconds),
        _ => {
            eprintln!("usage: compare_corpus export FILE | time FILE [--seconds S]");
            std::process::exit(2);
        }
    }
}
