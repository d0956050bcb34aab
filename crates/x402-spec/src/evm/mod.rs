//! EVM cryptography for x402 (seed being filled in).

pub mod calls;
pub mod constants;
pub mod eip712;
pub mod signature;

#[cfg(test)]
mod test_vectors;
