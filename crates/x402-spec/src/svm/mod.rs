//! Solana wire formats for `exact` on `solana:*`: the versioned transaction and its message
//! (legacy and v0, [`message`]), program-derived and associated token addresses ([`pda`]), the
//! instruction layouts the reference client builds and the facilitator checks ([`instructions`]),
//! and (feature `signer`) a deterministic client signer ([`sign`]).
//!
//! Everything here is pure: bytes in, typed values out. Nothing reads the chain; what needs it is
//! returned by `verify::svm` as obligations.

pub mod instructions;
pub mod message;
pub mod pda;
#[cfg(feature = "signer")]
pub mod sign;

pub use message::{
    AddressTableLookup, CompiledInstruction, DecodeError, DecodeErrorKind, Message, MessageHeader,
    MessageVersion, Transaction,
};
pub use pda::{
    associated_token_address, create_program_address, find_program_address, is_on_curve,
};
