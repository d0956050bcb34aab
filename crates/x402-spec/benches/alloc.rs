//! Heap allocations per call on the success path, counted by a global allocator (exact, not
//! timed): `verify_request` on every payment of the distinct corpus (`support/corpus.rs`), per
//! kind, and `decode_header` per header kind. The parsed request exists before counting
//! starts; the result is dropped after counting stops, so the figures are what verification
//! itself allocates, its result included.
//!
//! `cargo bench -p x402-spec --bench alloc`
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

#[path = "support/corpus.rs"]
mod corpus;

use std::alloc::System;
use std::hint::black_box;

use corpus::{Entry, Kind, NOW};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::verify::verify_request;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Runs `f` on every item, counting only inside `f`; prints allocations and bytes per call.
fn count<T, R>(label: &str, items: &[T], mut f: impl FnMut(&T) -> R) {
    let (mut allocs, mut bytes) = (0usize, 0usize);
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let region = Region::new(GLOBAL);
        let r = black_box(f(item));
        let d = region.change();
        allocs += d.allocations + d.reallocations;
        bytes += d.bytes_allocated + d.bytes_reallocated.max(0) as usize;
        kept.push(r);
    }
    let n = items.len().max(1) as f64;
    println!(
        "{label:<32} {:>6} calls {:>8.2} allocs/call {:>9.1} bytes/call",
        items.len(),
        allocs as f64 / n,
        bytes as f64 / n
    );
    drop(kept);
}

fn main() {
    let all = corpus::build(corpus::SIZE);
    let policy = corpus::policy();
    println!("verify_request (success path, result included):");
    for kind in Kind::ALL {
        let entries: Vec<&Entry> = all.iter().filter(|e| e.kind == kind).collect();
        count(&format!("  {kind:?}"), &entries, |e| {
            let r = verify_request(&e.request, NOW, &policy);
            assert!(r.is_ok());
            r
        });
    }
    println!("decode_header (base64 → typed document):");
    let opts = DecodeOptions::strict();
    let v2: Vec<&Entry> = all.iter().filter(|e| e.kind != Kind::V1Eip3009).collect();
    let v1: Vec<&Entry> = all.iter().filter(|e| e.kind == Kind::V1Eip3009).collect();
    count("  PAYMENT-REQUIRED", &v2, |e| {
        header::decode_payment_required(&e.required_header, opts).ok()
    });
    count("  PAYMENT-SIGNATURE", &v2, |e| {
        header::decode_payment_payload(&e.payment_header, opts).ok()
    });
    count("  PAYMENT-RESPONSE", &all, |e| {
        header::decode_payment_response(&e.response_header, opts).ok()
    });
    count("  X-PAYMENT (v1)", &v1, |e| {
        header::decode_payment_payload(&e.payment_header, opts).ok()
    });
}
