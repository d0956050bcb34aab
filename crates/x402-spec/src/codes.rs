//! Seed: replaced by the full error-code table.

/// Error code (seed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_payload`
    InvalidPayload,
    /// `invalid_payment_requirements`
    InvalidPaymentRequirements,
    /// `invalid_x402_version`
    InvalidX402Version,
    /// A code this crate does not know.
    Unknown(String),
}
