//! (c) The runner: every checked-in vector (as loaded from disk, not the generator's values) is
//! recomputed with x402-spec and every expectation compared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

#[test]
fn every_vector_passes_through_x402_spec() {
    let mut passed = 0usize;
    let mut failed = Vec::new();
    for (name, doc) in common::loaded() {
        for r in x402_vectors::check(&name, &doc) {
            match r.outcome {
                Ok(()) => passed += 1,
                Err(e) => failed.push(format!("{}: {e}", r.id)),
            }
        }
    }
    for f in &failed {
        println!("FAIL {f}");
    }
    println!("vectors: {passed} passed, {} failed", failed.len());
    assert!(
        failed.is_empty(),
        "{} vectors disagree with x402-spec",
        failed.len()
    );
    assert!(passed >= 400, "only {passed} vectors");
}

#[test]
fn the_runner_catches_a_wrong_expectation() {
    let (name, mut doc) = common::loaded()
        .into_iter()
        .find(|(n, _)| n == "verify.json")
        .unwrap();
    // Flip the reason of the first invalid test and the payer of the first valid one.
    let groups = doc["testGroups"].as_array_mut().unwrap();
    let mut flipped = 0;
    for g in groups.iter_mut() {
        for t in g["tests"].as_array_mut().unwrap() {
            if t["result"] == "invalid" && flipped == 0 {
                t["reason"] = "insufficient_funds".into();
                flipped += 1;
            } else if t["result"] == "valid" && flipped == 1 {
                t["expected"]["payer"] = "0x0000000000000000000000000000000000000001".into();
                flipped += 1;
            }
        }
    }
    let bad = x402_vectors::check(&name, &doc)
        .into_iter()
        .filter(|r| r.outcome.is_err())
        .count();
    assert_eq!(bad, 2);
}
