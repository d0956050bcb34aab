//! x402-conformance (seed).
fn main() {}
