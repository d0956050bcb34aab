//! The built-in reference implementations the suite proves itself against, all driven by
//! x402-spec and an in-memory chain: a facilitator ([`facilitator`], `serve-reference`), a
//! resource server ([`resource`], `serve-resource`) and a client ([`client`],
//! `reference-client`), with the token [`ledger`] and the [`chain`] that answers x402-spec's
//! on-chain obligations from it, the seeded [`defects`] of each role, and the fault-injecting
//! facilitator ([`faults`]) that resource servers are tested against.

pub mod chain;
pub mod client;
pub mod defects;
pub mod facilitator;
pub mod faults;
pub mod ledger;
pub mod resource;
pub mod resource_v1;
