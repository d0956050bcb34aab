//! x402-conformance library (in progress).
