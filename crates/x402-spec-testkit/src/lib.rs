//! # x402-spec-testkit
//!
//! Test support for [`x402_spec`] and the crates built on it (the golden-vector generator and
//! the conformance harness). Nothing here belongs in a production build of the core library:
//!
//! | module | what |
//! |---|---|
//! | [`arbitrary`] | proptest strategies for every wire type, JSON rendering and mutation |
//! | [`keys`] | the public Hardhat/Anvil development keys and their addresses |
//! | [`twins`] | signature twins (the malleable high-s twin of a signature) |
//! | [`variation`] | the typed list of one-defect payment variations |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod arbitrary;
pub mod keys;
pub mod twins;
pub mod variation;
