//! The built-in reference implementations the suite proves itself against, all driven by
//! x402-spec and an in-memory chain: a facilitator ([`facilitator`], `serve-reference`), a
//! resource server ([`resource`], `serve-resource`) and a client ([`client`],
//! `reference-client`), with the token [`ledger`] and the [`chain`] that answers x402-spec's
//! on-chain obligations from it, and the seeded [`defects`] of each role.

pub mod chain;
pub mod client;
pub mod defects;
pub mod facilitator;
pub mod ledger;
pub mod resource;
