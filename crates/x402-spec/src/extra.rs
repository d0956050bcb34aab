//! Typed views of `PaymentRequirements.extra` (docs/protocol/wire.md §1.2, docs/protocol/svm.md §6.1).
//!
//! Views keep the keys they do not know (`unknown`), so converting back with
//! [`crate::schemes::to_payload`]-style serialization loses nothing.

use crate::assets::AssetTransferMethod;
use crate::common::ValueError;
use crate::error::{DocKind, ParseError};
use crate::primitives::{EvmAddress, SolanaAddress};
use crate::wire::JsonObject;
use crate::wire_object;

wire_object! {
    /// `extra` of EVM requirements (`exact` and `upto`).
    pub struct EvmExtra {
        /// EIP-712 domain `name` of the token (EIP-3009, EIP-2612), e.g. `"USDC"` on Base Sepolia.
        "name" => name: String [opt],
        /// EIP-712 domain `version` of the token, e.g. `"2"`.
        "version" => version: String [opt],
        /// `"eip3009"` (default when absent) or `"permit2"`; other values pass through.
        "assetTransferMethod" => asset_transfer_method: AssetTransferMethod [opt],
        /// `upto`: the facilitator address that alone may settle.
        "facilitatorAddress" => facilitator_address: EvmAddress [opt],
    }
}

impl EvmExtra {
    /// Decodes `extra` (absent or `null` reads as an empty view).
    ///
    /// # Errors
    /// [`ParseError`] at `/extra/...` with code `invalid_payment_requirements`.
    pub fn from_extra(extra: Option<&JsonObject>) -> Result<Self, ParseError> {
        match extra {
            Some(obj) => crate::error::from_object(obj, "/extra", DocKind::PaymentRequirements),
            None => crate::error::from_object(
                &JsonObject::new(),
                "/extra",
                DocKind::PaymentRequirements,
            ),
        }
    }

    /// The transfer method, defaulting to EIP-3009 when absent (spec `scheme_exact_evm.md`).
    #[must_use]
    pub fn transfer_method(&self) -> AssetTransferMethod {
        self.asset_transfer_method.clone().unwrap_or_default()
    }

    /// The EIP-712 `(name, version)` when both are present and non-empty.
    #[must_use]
    pub fn eip712_domain(&self) -> Option<(&str, &str)> {
        match (self.name.as_deref(), self.version.as_deref()) {
            (Some(n), Some(v)) if !n.is_empty() && !v.is_empty() => Some((n, v)),
            _ => None,
        }
    }
}

wire_object! {
    /// `extra` of Solana `exact` requirements.
    pub struct SvmExtra {
        /// The facilitator's fee payer (required by the scheme; checked at verification).
        "feePayer" => fee_payer: SolanaAddress [opt],
        /// Memo the transaction must carry (at most 256 bytes of UTF-8).
        "memo" => memo: Memo [opt],
    }
}

impl SvmExtra {
    /// Decodes `extra` (absent or `null` reads as an empty view).
    ///
    /// # Errors
    /// [`ParseError`] at `/extra/...` with code `invalid_payment_requirements`.
    pub fn from_extra(extra: Option<&JsonObject>) -> Result<Self, ParseError> {
        match extra {
            Some(obj) => crate::error::from_object(obj, "/extra", DocKind::PaymentRequirements),
            None => crate::error::from_object(
                &JsonObject::new(),
                "/extra",
                DocKind::PaymentRequirements,
            ),
        }
    }
}

/// A Solana memo: UTF-8 of at most [`Memo::MAX_BYTES`] bytes (`scheme_exact_svm.md`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Memo(String);

impl Memo {
    /// Maximum length in bytes.
    pub const MAX_BYTES: usize = 256;

    /// Checks the length.
    ///
    /// # Errors
    /// Longer than 256 bytes.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.len() > Self::MAX_BYTES {
            return Err(ValueError::TooLong {
                what: "memo",
                max: Self::MAX_BYTES,
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::common::text_type!(Memo, "a memo string of at most 256 bytes", "Memo", { "type": "string", "maxLength": 256, "description": "At most 256 bytes of UTF-8 (the schema counts characters, which is looser for non-ASCII text)." });
