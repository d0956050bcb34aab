//! HTTP header codec (x402 transports v1/v2 `http.md`; docs/protocol/transport.md §2.1–§2.2).
//!
//! Encoding is what every SDK does: compact JSON, UTF-8, RFC 4648 **standard** alphabet with
//! `=` padding. Decoding is strict by default — standard alphabet, canonical padding required, no
//! white space — which is what Go accepts and what TS and Python produce (docs/protocol/disagreements.md #11).
//! [`Base64Mode::Lenient`] additionally accepts what TS `atob` accepts (missing padding,
//! non-zero unused bits in the last character) and the URL-safe alphabet (`-_`, which no SDK
//! decoder accepts but some proxies produce), for peers that need it. A value mixing both
//! alphabets is refused. White space and any other character are always refused (Python silently
//! drops them: we never do).
//!
//! A header value longer than [`DecodeOptions::max_len`] (default [`MAX_HEADER_LEN`]) is refused
//! **before** decoding.

use std::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

use crate::codes::ErrorCode;
use crate::error::{DocKind, ParseError, ParseErrorKind};

/// `PAYMENT-REQUIRED` (v2, server → client): base64 `PaymentRequired` on a 402.
pub const PAYMENT_REQUIRED: &str = "PAYMENT-REQUIRED";
/// `PAYMENT-SIGNATURE` (v2, client → server): base64 `PaymentPayload`.
pub const PAYMENT_SIGNATURE: &str = "PAYMENT-SIGNATURE";
/// `PAYMENT-RESPONSE` (v2, server → client): base64 `SettleResponse`.
pub const PAYMENT_RESPONSE: &str = "PAYMENT-RESPONSE";
/// `X-PAYMENT` (v1, client → server): base64 v1 `PaymentPayload`.
pub const X_PAYMENT: &str = "X-PAYMENT";
/// `X-PAYMENT-RESPONSE` (v1, server → client): base64 `SettleResponse`.
pub const X_PAYMENT_RESPONSE: &str = "X-PAYMENT-RESPONSE";
/// `EXTENSION-RESPONSES` (facilitator → resource server, on `/verify` and `/settle` answers):
/// base64 of a JSON object keyed by extension name. A side channel between the facilitator and
/// the resource server: it is never forwarded to the buyer (@x402/core 2.27.0
/// `extractExtensionResponsesHeader`, `encodePaymentResponseHeader` drops `extensionResponses`;
/// docs/protocol/deployed.md §3).
pub const EXTENSION_RESPONSES: &str = "EXTENSION-RESPONSES";

/// Default limit on an encoded header value: 16 KiB, Node.js's default limit for all request
/// headers together (`--max-http-header-size`), so a larger value could not reach a Node server.
pub const MAX_HEADER_LEN: usize = 16 * 1024;

/// Which base64 inputs the decoder accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Base64Mode {
    /// Standard alphabet, canonical `=` padding required (default; Go's behaviour).
    #[default]
    Strict,
    /// Also accept missing padding, non-zero unused bits and the URL-safe alphabet. Never
    /// accepts white space.
    Lenient,
}

/// Header decoding options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Base64 strictness.
    pub mode: Base64Mode,
    /// Maximum encoded length in bytes.
    pub max_len: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            mode: Base64Mode::Strict,
            max_len: MAX_HEADER_LEN,
        }
    }
}

impl DecodeOptions {
    /// Strict decoding with the default size limit.
    #[must_use]
    pub fn strict() -> Self {
        Self::default()
    }

    /// Lenient decoding with the default size limit.
    #[must_use]
    pub fn lenient() -> Self {
        Self {
            mode: Base64Mode::Lenient,
            ..Self::default()
        }
    }

    /// Sets the size limit.
    #[must_use]
    pub fn with_max_len(mut self, max_len: usize) -> Self {
        self.max_len = max_len;
        self
    }
}

/// Why a header's transport encoding failed (before any JSON is read).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// The value is empty.
    Empty,
    /// The value is longer than the limit.
    TooLarge {
        /// Encoded length.
        len: usize,
        /// Limit.
        max: usize,
    },
    /// A character outside the accepted alphabet.
    InvalidCharacter {
        /// Byte offset.
        index: usize,
        /// The byte found.
        byte: u8,
    },
    /// Missing or misplaced padding, or an impossible length.
    Padding,
    /// The last character carries non-zero bits that the decoded length discards
    /// (non-canonical encoding; strict mode only).
    NonCanonical,
    /// The decoded bytes are not UTF-8.
    Utf8,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("header value is empty"),
            Self::TooLarge { len, max } => {
                write!(f, "header value is {len} bytes, over the {max}-byte limit")
            }
            Self::InvalidCharacter { index, byte } => {
                if byte.is_ascii_graphic() {
                    write!(
                        f,
                        "invalid base64 character {:?} at offset {index}",
                        char::from(*byte)
                    )
                } else {
                    write!(f, "invalid base64 byte 0x{byte:02x} at offset {index}")
                }
            }
            Self::Padding => {
                f.write_str("invalid base64 length or padding (standard padded base64 expected)")
            }
            Self::NonCanonical => {
                f.write_str("non-canonical base64: the last character has non-zero unused bits")
            }
            Self::Utf8 => f.write_str("decoded header is not valid UTF-8"),
        }
    }
}

impl std::error::Error for HeaderError {}

impl HeaderError {
    fn into_parse_error(self, doc: DocKind) -> ParseError {
        let kind = match self {
            Self::TooLarge { .. } => ParseErrorKind::TooLarge,
            _ => ParseErrorKind::Encoding,
        };
        ParseError::new(doc.code_for(""), kind, "", self.to_string())
    }
}

const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes a header value to its raw bytes (normally UTF-8 JSON).
///
/// # Errors
/// [`HeaderError`] for empty, oversized, or badly encoded values.
pub fn decode_bytes(value: &str, opts: DecodeOptions) -> Result<Vec<u8>, HeaderError> {
    if value.is_empty() {
        return Err(HeaderError::Empty);
    }
    if value.len() > opts.max_len {
        return Err(HeaderError::TooLarge {
            len: value.len(),
            max: opts.max_len,
        });
    }
    let bytes = value.as_bytes();
    // Any character outside the engine's alphabet (white space included) is reported by the
    // decoder itself with its offset; only lenient mode needs to pick the alphabet first.
    let url_safe =
        opts.mode == Base64Mode::Lenient && bytes.iter().any(|b| *b == b'-' || *b == b'_');
    let engine: &GeneralPurpose = match (opts.mode, url_safe) {
        (Base64Mode::Strict, _) => &STANDARD,
        (Base64Mode::Lenient, false) => &LENIENT_STANDARD,
        (Base64Mode::Lenient, true) => &LENIENT_URL_SAFE,
    };
    engine.decode(bytes).map_err(|e| match e {
        base64::DecodeError::InvalidByte(_, b'=') => HeaderError::Padding,
        base64::DecodeError::InvalidByte(index, byte) => {
            HeaderError::InvalidCharacter { index, byte }
        }
        base64::DecodeError::InvalidLastSymbol { .. } => HeaderError::NonCanonical,
        _ => HeaderError::Padding,
    })
}

/// Decodes a header value to UTF-8 JSON text.
///
/// # Errors
/// [`HeaderError`], including [`HeaderError::Utf8`].
pub fn decode_text(value: &str, opts: DecodeOptions) -> Result<String, HeaderError> {
    String::from_utf8(decode_bytes(value, opts)?).map_err(|_| HeaderError::Utf8)
}

/// Encodes a value as compact JSON in standard padded base64 (what every SDK emits).
///
/// # Errors
/// Only if `T`'s serialization fails (never for this crate's wire types).
pub fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_vec(value)?;
    Ok(STANDARD.encode(json))
}

/// Encodes raw bytes (already-serialized JSON) in standard padded base64.
#[must_use]
pub fn encode_bytes(json: &[u8]) -> String {
    STANDARD.encode(json)
}

/// Decodes and parses a `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1) header of either version.
///
/// # Errors
/// [`ParseError`] with code `invalid_payload` (or `invalid_x402_version`), kind
/// [`ParseErrorKind::Encoding`] / [`ParseErrorKind::TooLarge`] for transport faults.
pub fn decode_payment_payload(
    value: &str,
    opts: DecodeOptions,
) -> Result<crate::PaymentPayload, ParseError> {
    let bytes =
        decode_bytes(value, opts).map_err(|e| e.into_parse_error(DocKind::PaymentPayload))?;
    crate::PaymentPayload::from_json(&bytes)
}

/// Decodes and parses a `PAYMENT-REQUIRED` header (or a v1 402 body passed through base64).
///
/// # Errors
/// [`ParseError`] with code `invalid_payment_requirements` (or `invalid_x402_version`).
pub fn decode_payment_required(
    value: &str,
    opts: DecodeOptions,
) -> Result<crate::PaymentRequired, ParseError> {
    let bytes =
        decode_bytes(value, opts).map_err(|e| e.into_parse_error(DocKind::PaymentRequired))?;
    crate::PaymentRequired::from_json(&bytes)
}

/// Decodes and parses a `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` header.
///
/// # Errors
/// [`ParseError`] naming the field.
pub fn decode_payment_response(
    value: &str,
    opts: DecodeOptions,
) -> Result<crate::facilitator::SettleResponse, ParseError> {
    let bytes =
        decode_bytes(value, opts).map_err(|e| e.into_parse_error(DocKind::FacilitatorResponse))?;
    crate::facilitator::SettleResponse::from_json(&bytes)
}

/// Decodes an `EXTENSION-RESPONSES` header: base64 of a JSON object (extension name → that
/// extension's answer, kept opaque).
///
/// @x402/core 2.27.0 ignores a value that does not decode to an object; this decoder reports it
/// instead, so that a caller can choose to ignore it knowingly.
///
/// # Errors
/// [`ParseError`] (document kind facilitator response) for a transport fault, JSON that does not
/// parse, or JSON that is not an object.
pub fn decode_extension_responses(
    value: &str,
    opts: DecodeOptions,
) -> Result<crate::wire::JsonObject, ParseError> {
    let bytes =
        decode_bytes(value, opts).map_err(|e| e.into_parse_error(DocKind::FacilitatorResponse))?;
    crate::error::from_slice(&bytes, DocKind::FacilitatorResponse)
}

/// Checks that a string is an error code the header decoders may return (helper for callers that
/// map [`ParseError`]s to HTTP answers).
#[must_use]
pub fn is_header_error_code(code: &ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InvalidPayload
            | ErrorCode::InvalidPaymentRequirements
            | ErrorCode::InvalidX402Version
    )
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_lenient() {
        let s = DecodeOptions::strict();
        let l = DecodeOptions::lenient();
        assert_eq!(decode_bytes("eyJhIjoxfQ==", s).unwrap(), br#"{"a":1}"#);
        assert_eq!(decode_bytes("eyJhIjoxfQ", s), Err(HeaderError::Padding));
        assert_eq!(decode_bytes("eyJhIjoxfQ", l).unwrap(), br#"{"a":1}"#);
        assert!(matches!(
            decode_bytes("-_8=", s),
            Err(HeaderError::InvalidCharacter { index: 0, .. })
        ));
        assert_eq!(decode_bytes("-_8=", l).unwrap(), vec![0xfb, 0xff]);
        assert!(matches!(
            decode_bytes("eyJh IjoxfQ==", l),
            Err(HeaderError::InvalidCharacter { index: 4, .. })
        ));
        assert!(matches!(
            decode_bytes("+-8=", l),
            Err(HeaderError::InvalidCharacter { .. })
        ));
        assert_eq!(decode_bytes("", s), Err(HeaderError::Empty));
        let big = "A".repeat(MAX_HEADER_LEN + 4);
        assert!(matches!(
            decode_bytes(&big, s),
            Err(HeaderError::TooLarge { .. })
        ));
        assert!(matches!(
            decode_bytes("eyJhIjoxfQ==", s.with_max_len(4)),
            Err(HeaderError::TooLarge { len: 12, max: 4 })
        ));
        // non-canonical trailing bits are refused in strict mode
        assert_eq!(
            decode_bytes("eyJhIjoxfR==", s),
            Err(HeaderError::NonCanonical)
        );
        assert!(decode_bytes("eyJhIjoxfR==", l).is_ok());
    }

    #[test]
    fn encode_is_standard_padded() {
        let v = serde_json::json!({"a": "\u{fb}\u{ff}?>"});
        let e = encode(&v).unwrap();
        assert!(e.ends_with('='));
        assert_eq!(
            decode_text(&e, DecodeOptions::strict()).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }
}
