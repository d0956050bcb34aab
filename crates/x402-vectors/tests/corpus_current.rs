//! (a) The checked-in corpus is exactly what the generator produces, byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

#[test]
fn checked_in_corpus_equals_generated_corpus() {
    let generated: Vec<(String, String)> = x402_vectors::generate()
        .iter()
        .map(|(n, v)| (n.clone(), x402_vectors::render(v)))
        .collect();
    let on_disk = common::checked_in();
    let mut problems = Vec::new();
    for (name, text) in &generated {
        match on_disk.iter().find(|(n, _)| n == name) {
            None => problems.push(format!("{name} is missing from vectors/")),
            Some((_, disk)) if disk != text => problems.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    for (name, _) in &on_disk {
        if !generated.iter().any(|(n, _)| n == name) {
            problems.push(format!("vectors/{name} is not generated (stale file)"));
        }
    }
    assert!(
        problems.is_empty(),
        "the checked-in corpus is stale: {problems:?}\nregenerate it with `cargo run -p x402-spec-cli -- vectors`"
    );
}

#[test]
fn generation_is_deterministic() {
    let a: Vec<String> = x402_vectors::generate()
        .iter()
        .map(|(_, v)| x402_vectors::render(v))
        .collect();
    let b: Vec<String> = x402_vectors::generate()
        .iter()
        .map(|(_, v)| x402_vectors::render(v))
        .collect();
    assert_eq!(a, b);
    assert!(x402_vectors::try_generate().is_ok());
}
