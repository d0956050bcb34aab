//! Typed views over `PaymentPayload.payload` for the known schemes (docs/protocol/wire.md §1.11).
//!
//! The payload stays a raw JSON object on the wire type (so unknown schemes round-trip); these
//! views decode it on demand with errors pointing at `/payload/...` (code `invalid_payload`).
//!
//! | view | scheme | shape |
//! |---|---|---|
//! | [`ExactEip3009Payload`] | `exact` on `eip155:*`, default transfer method (v1 and v2) | `{signature, authorization}` |
//! | [`ExactPermit2Payload`] | `exact`, `assetTransferMethod: "permit2"` (v2) | `{signature, permit2Authorization}` witness `{to, validAfter}` |
//! | [`UptoPermit2Payload`] | `upto` (v2, Permit2 only) | witness `{to, facilitator, validAfter}` |
//! | [`ExactSvmPayload`] | `exact` on `solana:*` | `{transaction}` |
//!
//! Discrimination between EIP-3009 and Permit2 follows every SDK: the payload is Permit2 iff it
//! has the key `permit2Authorization` (`isPermit2Payload`); `extra.assetTransferMethod` is only a
//! hint for clients (docs/protocol/wire.md §1.11, docs/protocol/disagreements.md #21).

use base64::Engine as _;

use crate::assets::KnownTransferMethod;
use crate::common::{Hex32, HexBytes, ValueError};
use crate::error::{DocKind, ParseError};
use crate::primitives::{Amount, DecimalU256, EvmAddress, UnixTimestamp};
use crate::wire::JsonObject;
use crate::wire_object;

wire_object! {
    /// The signed EIP-3009 `TransferWithAuthorization` message.
    pub struct Eip3009Authorization {
        /// Payer.
        "from" => from: EvmAddress [req],
        /// Recipient; must equal `payTo`.
        "to" => to: EvmAddress [req],
        /// Amount in atomic units.
        "value" => value: Amount [req],
        /// Not valid before this unix time.
        "validAfter" => valid_after: UnixTimestamp [req],
        /// Not valid at or after this unix time.
        "validBefore" => valid_before: UnixTimestamp [req],
        /// 32-byte random nonce.
        "nonce" => nonce: Hex32 [req],
    }
}

wire_object! {
    /// `exact` EVM payload with an EIP-3009 authorization (v1 and v2).
    ///
    /// `signature` is required here (TS and Go types make it optional, but every facilitator
    /// rejects a payload without one).
    pub struct ExactEip3009Payload {
        /// 65-byte ECDSA signature, or a smart-wallet (ERC-1271 / ERC-6492) signature.
        "signature" => signature: HexBytes [req],
        /// The signed message.
        "authorization" => authorization: Eip3009Authorization [req],
    }
}

wire_object! {
    /// Permit2 `TokenPermissions`.
    pub struct TokenPermissions {
        /// Token contract; must equal `asset`.
        "token" => token: EvmAddress [req],
        /// Permitted amount.
        "amount" => amount: Amount [req],
    }
}

wire_object! {
    /// Witness of the `exact` Permit2 flow: `Witness(address to,uint256 validAfter)`.
    pub struct ExactWitness {
        /// Recipient; must equal `payTo`.
        "to" => to: EvmAddress [req],
        /// Not valid before this unix time.
        "validAfter" => valid_after: UnixTimestamp [req],
    }
}

wire_object! {
    /// Witness of the `upto` flow: `Witness(address to,address facilitator,uint256 validAfter)`.
    pub struct UptoWitness {
        /// Recipient; must equal `payTo`.
        "to" => to: EvmAddress [req],
        /// The only facilitator allowed to settle.
        "facilitator" => facilitator: EvmAddress [req],
        /// Not valid before this unix time.
        "validAfter" => valid_after: UnixTimestamp [req],
    }
}

wire_object! {
    /// `permit2Authorization` of the `exact` Permit2 flow.
    pub struct ExactPermit2Authorization {
        /// Payer (Permit2 owner).
        "from" => from: EvmAddress [req],
        /// Token and amount.
        "permitted" => permitted: TokenPermissions [req],
        /// Must be the x402 exact Permit2 proxy.
        "spender" => spender: EvmAddress [req],
        /// Permit2 unordered nonce (decimal uint256).
        "nonce" => nonce: DecimalU256 [req],
        /// Permit2 deadline (unix time).
        "deadline" => deadline: UnixTimestamp [req],
        /// Recipient and start time.
        "witness" => witness: ExactWitness [req],
    }
}

wire_object! {
    /// `permit2Authorization` of the `upto` flow.
    pub struct UptoPermit2Authorization {
        /// Payer (Permit2 owner).
        "from" => from: EvmAddress [req],
        /// Token and maximum amount.
        "permitted" => permitted: TokenPermissions [req],
        /// Must be the x402 upto Permit2 proxy.
        "spender" => spender: EvmAddress [req],
        /// Permit2 unordered nonce (decimal uint256).
        "nonce" => nonce: DecimalU256 [req],
        /// Permit2 deadline (unix time).
        "deadline" => deadline: UnixTimestamp [req],
        /// Recipient, facilitator and start time.
        "witness" => witness: UptoWitness [req],
    }
}

wire_object! {
    /// `exact` EVM payload using Permit2 (v2).
    pub struct ExactPermit2Payload {
        /// Signature over `PermitWitnessTransferFrom`.
        "signature" => signature: HexBytes [req],
        /// The signed permit.
        "permit2Authorization" => permit2_authorization: ExactPermit2Authorization [req],
    }
}

wire_object! {
    /// `upto` EVM payload (Permit2).
    pub struct UptoPermit2Payload {
        /// Signature over `PermitWitnessTransferFrom` with the upto witness.
        "signature" => signature: HexBytes [req],
        /// The signed permit.
        "permit2Authorization" => permit2_authorization: UptoPermit2Authorization [req],
    }
}

wire_object! {
    /// `exact` Solana payload: a partially signed versioned transaction.
    pub struct ExactSvmPayload {
        /// Standard base64 of the serialized transaction.
        "transaction" => transaction: Base64Blob [req],
    }
}

/// An `exact` EVM payload: EIP-3009 or Permit2.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ExactEvmPayload {
    /// EIP-3009 `transferWithAuthorization`.
    Eip3009(ExactEip3009Payload),
    /// Permit2 `permitWitnessTransferFrom` through the exact proxy.
    Permit2(ExactPermit2Payload),
}

fn view<T: serde::de::DeserializeOwned>(payload: &JsonObject) -> Result<T, ParseError> {
    crate::error::from_object(payload, "/payload", DocKind::PaymentPayload)
}

impl ExactEvmPayload {
    /// Decodes `payload` as the transfer method [`Self::transfer_method`] reads off it.
    ///
    /// # Errors
    /// [`ParseError`] at `/payload/...` with code `invalid_payload`.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, ParseError> {
        match Self::transfer_method(payload) {
            KnownTransferMethod::Permit2 => view(payload).map(Self::Permit2),
            KnownTransferMethod::Eip3009 => view(payload).map(Self::Eip3009),
        }
    }

    /// Which transfer method an `exact` EVM payload carries: Permit2 iff the key
    /// `permit2Authorization` is present, EIP-3009 otherwise. This is how every SDK facilitator
    /// tells them apart (TS `isPermit2Payload`; docs/protocol/evm.md §4.3): the payment, not the
    /// requirements, says what was signed. The one place this crate reads the shape.
    #[must_use]
    pub fn transfer_method(payload: &JsonObject) -> KnownTransferMethod {
        if payload.contains_key("permit2Authorization") {
            KnownTransferMethod::Permit2
        } else {
            KnownTransferMethod::Eip3009
        }
    }

    /// The payer (`authorization.from` / `permit2Authorization.from`).
    #[must_use]
    pub fn payer(&self) -> &EvmAddress {
        match self {
            Self::Eip3009(p) => &p.authorization.from,
            Self::Permit2(p) => &p.permit2_authorization.from,
        }
    }

    /// The signature bytes.
    #[must_use]
    pub fn signature(&self) -> &HexBytes {
        match self {
            Self::Eip3009(p) => &p.signature,
            Self::Permit2(p) => &p.signature,
        }
    }
}

impl ExactEip3009Payload {
    /// Decodes `payload`.
    ///
    /// # Errors
    /// [`ParseError`] at `/payload/...`.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, ParseError> {
        view(payload)
    }
}

impl ExactPermit2Payload {
    /// Decodes `payload`.
    ///
    /// # Errors
    /// [`ParseError`] at `/payload/...`.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, ParseError> {
        view(payload)
    }
}

impl UptoPermit2Payload {
    /// Decodes `payload`.
    ///
    /// # Errors
    /// [`ParseError`] at `/payload/...`.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, ParseError> {
        view(payload)
    }
}

impl ExactSvmPayload {
    /// Decodes `payload`.
    ///
    /// # Errors
    /// [`ParseError`] at `/payload/...`.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, ParseError> {
        view(payload)
    }
}

/// Converts a typed view back into the raw `payload` object.
///
/// # Errors
/// Only if serialization fails (never for this module's types).
pub fn to_payload<T: serde::Serialize>(view: &T) -> Result<JsonObject, serde_json::Error> {
    match serde_json::to_value(view)? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(serde::ser::Error::custom(
            "payload view did not serialize to an object",
        )),
    }
}

/// Standard padded base64 bytes (the Solana transaction), kept as received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Base64Blob {
    text: String,
    bytes: Vec<u8>,
}

impl Base64Blob {
    /// Parses standard padded base64 (non-empty).
    ///
    /// # Errors
    /// Empty or invalid base64.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::Empty("transaction"));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|_| ValueError::InvalidBase64)?;
        Ok(Self {
            text: s.to_owned(),
            bytes,
        })
    }

    /// Encodes bytes.
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self {
            text: base64::engine::general_purpose::STANDARD.encode(&bytes),
            bytes,
        }
    }

    /// The decoded bytes.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The base64 text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

crate::common::text_type!(Base64Blob, "standard padded base64", "Base64Blob", {
    "type": "string",
    "minLength": 4,
    "pattern": "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
    "description": "Standard (RFC 4648 §4) base64 with padding."
});

/// The network family of a payment, as far as the typed payload views are concerned.
fn family_of(payment: &crate::PaymentPayload) -> Option<PayloadFamily> {
    let caip2 = match payment {
        crate::PaymentPayload::V1(p) => p.network.caip2()?,
        crate::PaymentPayload::V2(p) => p.accepted.network.clone(),
    };
    if caip2.is_eip155() {
        Some(PayloadFamily::Evm)
    } else if caip2.is_solana() {
        Some(PayloadFamily::Svm)
    } else {
        None
    }
}

#[derive(Clone, Copy)]
enum PayloadFamily {
    Evm,
    Svm,
}

/// The typed view of a payment's `payload`, chosen by its scheme and network family (v1: the
/// known network name; v2: the CAIP-2 namespace of `accepted.network`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SchemePayload {
    /// `exact` on an `eip155` network: EIP-3009 or Permit2.
    ExactEvm(ExactEvmPayload),
    /// `upto` on an `eip155` network: a Permit2 authorization with the upto witness.
    UptoEvm(UptoPermit2Payload),
    /// `exact` on a `solana` network: a partially signed transaction.
    ExactSvm(ExactSvmPayload),
}

impl SchemePayload {
    /// Decodes the `payload` of `payment` into the view its scheme and network call for.
    ///
    /// `None` when this crate has no typed view for that (scheme, family) pair (an unknown
    /// scheme, or a network of another family); the payload is then opaque JSON.
    ///
    /// # Errors
    /// `Some(Err(..))`: the payload does not have the shape its scheme requires; the
    /// [`ParseError`] names the field under `/payload` and carries `invalid_payload`.
    pub fn from_payment(payment: &crate::PaymentPayload) -> Option<Result<Self, ParseError>> {
        let payload = payment.payload();
        let scheme = payment.scheme();
        match family_of(payment)? {
            PayloadFamily::Evm if *scheme == crate::common::Scheme::EXACT => {
                Some(ExactEvmPayload::from_payload(payload).map(Self::ExactEvm))
            }
            PayloadFamily::Evm if *scheme == crate::common::Scheme::UPTO => {
                Some(UptoPermit2Payload::from_payload(payload).map(Self::UptoEvm))
            }
            PayloadFamily::Svm if *scheme == crate::common::Scheme::EXACT => {
                Some(ExactSvmPayload::from_payload(payload).map(Self::ExactSvm))
            }
            _ => None,
        }
    }
}
