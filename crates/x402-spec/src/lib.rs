//! x402-spec: the sans-IO specification crate for the x402 payment protocol.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod assets;
#[cfg(feature = "signer")]
pub mod client;
pub mod codes;
pub mod common;
pub mod error;
pub mod evm;
pub mod extensions;
pub mod extra;
pub mod facilitator;
pub mod header;
pub mod mcp;
mod memo;
pub mod primitives;
pub mod schema;
pub mod schemes;
pub mod v1;
pub mod v2;
pub mod verify;
mod versioned;
pub mod wire;

pub use versioned::{PaymentPayload, PaymentRequired, detect_version};
