//! Seeded defects, one module per role: each reference implementation can be started with
//! deliberate misbehaviours, and the suite proves that the case designed for each catches it
//! ("mutation testing" of the suite; `tests/defects.rs`, `tests/roles.rs`).

pub mod client;
pub mod facilitator;
pub mod resource;

pub use client::ClientDefect;
pub use facilitator::Defect;
pub use resource::ResourceDefect;
