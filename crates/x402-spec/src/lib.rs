//! x402-spec: the sans-IO specification crate for the x402 payment protocol.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assets;
pub mod codes;
pub mod evm;
pub mod primitives;
