//! Exact A/B figures for the distinct corpus, for `valgrind --tool=callgrind` (not criterion:
//! instruction counts do not depend on the other jobs of a shared machine).
//!
//! Builds the corpus of `support/corpus.rs`, then runs each of `verify_distinct` (every payment
//! once, `verify_request`), `bare_distinct` (the bare signature check of every payment once) and
//! `verify_repeated` (the first payment as many times), each in its own non-inlined function so
//! that `callgrind_annotate --inclusive=yes` gives one count per loop:
//!
//! ```text
//! cargo bench -p x402-spec --bench profile --no-run
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/deps/profile-<hash>
//! callgrind_annotate --inclusive=yes cg.out | grep -E 'profile::(verify|bare)_'
//! ```
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;

use corpus::{Entry, NOW};
use x402_spec::verify::{Policy, verify_request};

#[inline(never)]
fn verify_distinct(entries: &[Entry], policy: &Policy) -> usize {
    entries
        .iter()
        .filter(|e| verify_request(black_box(&e.request), NOW, policy).is_ok())
        .count()
}

#[inline(never)]
fn bare_distinct(entries: &[Entry]) -> usize {
    entries.iter().filter(|e| black_box(&e.bare).run()).count()
}

#[inline(never)]
fn verify_repeated(entry: &Entry, times: usize, policy: &Policy) -> usize {
    (0..times)
        .filter(|_| verify_request(black_box(&entry.request), NOW, policy).is_ok())
        .count()
}

fn main() {
    let size = std::env::var("X402_CORPUS_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(corpus::SIZE);
    let entries = corpus::build(size);
    let policy = corpus::policy();
    let ok = verify_distinct(&entries, &policy);
    let bare = bare_distinct(&entries);
    let repeated = verify_repeated(&entries[0], entries.len(), &policy);
    println!(
        "{} payments: {ok} verified, {bare} bare checks passed, {repeated} repeated verifications",
        entries.len()
    );
}
