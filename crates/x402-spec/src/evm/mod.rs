//! EVM cryptography and ABI (seed).
