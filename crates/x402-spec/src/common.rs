//! Small wire values shared by v1 and v2: scheme names, `maxTimeoutSeconds`, non-empty strings,
//! v1 network names, hex byte strings.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::error::{ParseErrorKind, tagged};
use crate::primitives::{Network, v1_to_caip2};

/// Implements string-based serde for a type with `FromStr` + `Display`.
macro_rules! string_serde {
    ($ty:ty, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse::<$ty>().map_err(|e| {
                            $crate::error::tagged($crate::error::ParseErrorKind::InvalidValue, e)
                        })
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use string_serde;

/// Implements `FromStr` (via `parse`), `Display` (via `as_str`), string serde and a JSON Schema
/// for a validated text newtype with `fn parse(&str) -> Result<Self, ValueError>` and
/// `fn as_str(&self) -> &str`.
macro_rules! text_type {
    ($ty:ty, $expecting:literal, $name:literal, $schema:tt) => {
        impl ::std::str::FromStr for $ty {
            type Err = $crate::common::ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        $crate::common::string_serde!($ty, $expecting);
        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($name)
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!($schema)
            }
        }
    };
}
pub(crate) use text_type;

/// An error for a malformed small wire value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueError {
    /// The string is empty.
    Empty(&'static str),
    /// The string has leading or trailing white space.
    Whitespace(&'static str),
    /// The string contains a control character.
    ControlCharacter(&'static str),
    /// A hex string lacks its `0x` prefix.
    MissingHexPrefix,
    /// A hex string has an odd number of digits.
    OddHexLength,
    /// A character is not a hex digit.
    InvalidHexDigit {
        /// Byte index in the string.
        index: usize,
    },
    /// Not valid standard padded base64.
    InvalidBase64,
    /// A string is longer than allowed.
    TooLong {
        /// What was too long.
        what: &'static str,
        /// The limit in bytes.
        max: usize,
    },
    /// A string does not match the required pattern.
    Pattern {
        /// What was checked.
        what: &'static str,
        /// The rule, in words or as a regular expression.
        rule: &'static str,
    },
    /// A hex string decodes to the wrong number of bytes.
    HexLength {
        /// Expected byte count.
        expected: usize,
        /// Found byte count.
        found: usize,
    },
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty(what) => write!(f, "{what} must not be empty"),
            Self::Whitespace(what) => {
                write!(f, "{what} must not have leading or trailing white space")
            }
            Self::ControlCharacter(what) => write!(f, "{what} must not contain control characters"),
            Self::MissingHexPrefix => f.write_str("hex string must start with 0x"),
            Self::OddHexLength => f.write_str("hex string has an odd number of digits"),
            Self::InvalidHexDigit { index } => write!(f, "invalid hex digit at index {index}"),
            Self::InvalidBase64 => f.write_str("not valid standard padded base64"),
            Self::TooLong { what, max } => write!(f, "{what} is longer than {max} bytes"),
            Self::Pattern { what, rule } => write!(f, "{what} must match {rule}"),
            Self::HexLength { expected, found } => {
                write!(f, "hex string must encode {expected} bytes, found {found}")
            }
        }
    }
}

impl std::error::Error for ValueError {}

/// JSON Schema pattern of a token: no surrounding white space, no control characters.
pub(crate) const TOKEN_PATTERN: &str =
    "^[^\\s\\x00-\\x1f\\x7f]([^\\x00-\\x1f\\x7f]*[^\\s\\x00-\\x1f\\x7f])?$";

fn check_token(s: &str, what: &'static str) -> Result<(), ValueError> {
    if s.is_empty() {
        return Err(ValueError::Empty(what));
    }
    if s.trim() != s {
        return Err(ValueError::Whitespace(what));
    }
    if s.chars().any(char::is_control) {
        return Err(ValueError::ControlCharacter(what));
    }
    Ok(())
}

/// A payment scheme name (`exact`, `upto`, or any scheme a peer defines).
///
/// Open set: unknown names parse and round-trip (style of `http::Method`). Must be non-empty,
/// without surrounding white space or control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scheme(Cow<'static, str>);

impl Scheme {
    /// `exact`: pay exactly the stated amount (specs/schemes/exact).
    pub const EXACT: Self = Self(Cow::Borrowed("exact"));
    /// `upto`: authorize a maximum, settle the actual usage (specs/schemes/upto).
    pub const UPTO: Self = Self(Cow::Borrowed("upto"));
    /// `batch-settlement`: payment channels with cumulative vouchers
    /// (`specs/schemes/batch-settlement/scheme_batch_settlement_evm.md`; [`crate::evm::batch_settlement`]).
    pub const BATCH_SETTLEMENT: Self = Self(Cow::Borrowed("batch-settlement"));

    /// Parses a scheme name.
    ///
    /// # Errors
    /// Empty, padded or control-character names.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        check_token(s, "scheme")?;
        Ok(match s {
            "exact" => Self::EXACT,
            "upto" => Self::UPTO,
            other => Self(Cow::Owned(other.to_owned())),
        })
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_type!(Scheme, "a scheme name string", "Scheme", {
    "type": "string",
    "minLength": 1,
    "pattern": TOKEN_PATTERN,
    "description": "Payment scheme name, e.g. \"exact\" or \"upto\". Open set.",
    "examples": ["exact", "upto"]
});

/// A non-empty string without surrounding white space (URLs, MIME types, descriptions are
/// plain [`String`]s; this is for identifiers).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(String);

impl Token {
    /// Parses a token.
    ///
    /// # Errors
    /// Empty, padded or control-character strings.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        check_token(s, "value")?;
        Ok(Self(s.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_type!(Token, "a non-empty string", "Token", { "type": "string", "minLength": 1, "pattern": TOKEN_PATTERN });

/// A v1 network name such as `base-sepolia` (x402 v1 §5; docs/protocol/networks.md §5.1).
///
/// Open set: names this crate does not know parse (the TS core schema accepts any non-empty
/// string); [`V1Network::caip2`] maps the known ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct V1Network(String);

impl V1Network {
    /// Parses a v1 network name.
    ///
    /// # Errors
    /// Empty, padded or control-character names.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        check_token(s, "network")?;
        Ok(Self(s.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The CAIP-2 id of a known v1 name.
    #[must_use]
    pub fn caip2(&self) -> Option<Network> {
        v1_to_caip2(&self.0)
    }
}

text_type!(V1Network, "a v1 network name", "V1Network", {
    "type": "string",
    "minLength": 1,
    "pattern": TOKEN_PATTERN,
    "description": "x402 v1 network name (e.g. \"base-sepolia\"). Open set.",
    "examples": ["base", "base-sepolia", "solana-devnet"]
});

/// `maxTimeoutSeconds`: a positive JSON integer.
///
/// Decision (docs/protocol/disagreements.md #39): only an integer literal is accepted. `60.5` is rejected (all
/// SDKs but TS reject it), `60.0` is rejected like Go does (the JSON Schema `integer` type cannot
/// tell it from `60`, so the generated schema is looser here and says so), and the string `"60"`
/// is rejected (only pydantic's lax mode accepts it). `0` is rejected: the TS schema requires a
/// positive number and a zero window cannot be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeoutSeconds(u64);

impl TimeoutSeconds {
    /// Wraps a positive number of seconds; `None` for zero.
    #[must_use]
    pub const fn new(secs: u64) -> Option<Self> {
        if secs == 0 { None } else { Some(Self(secs)) }
    }

    /// The number of seconds.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for TimeoutSeconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for TimeoutSeconds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for TimeoutSeconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TimeoutSeconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a positive integer number of seconds")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TimeoutSeconds, E> {
                TimeoutSeconds::new(v).ok_or_else(|| {
                    tagged(
                        ParseErrorKind::InvalidValue,
                        "maxTimeoutSeconds must be positive, found 0",
                    )
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TimeoutSeconds, E> {
                match u64::try_from(v) {
                    Ok(u) => self.visit_u64(u),
                    Err(_) => Err(tagged(
                        ParseErrorKind::InvalidValue,
                        format_args!("maxTimeoutSeconds must be positive, found {v}"),
                    )),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TimeoutSeconds, E> {
                Err(tagged(
                    ParseErrorKind::InvalidType,
                    format_args!(
                        "maxTimeoutSeconds must be an integer literal, found the number {v:?}"
                    ),
                ))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeoutSeconds, E> {
                Err(tagged(
                    ParseErrorKind::InvalidType,
                    format_args!("maxTimeoutSeconds must be a JSON number, found the string {v:?}"),
                ))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for TimeoutSeconds {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("TimeoutSeconds")
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 1,
            "description": "Positive integer number of seconds. Must be written as an integer literal: implementations following x402-spec (and Go) reject 60.0, which JSON Schema cannot distinguish from 60."
        })
    }
}

/// Hex-encoded bytes with a `0x` prefix (signatures, calldata). Any case on input; lowercase on
/// output (`viem`, `eth-account` and Go all emit lowercase).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HexBytes(pub alloy_primitives::Bytes);

impl HexBytes {
    /// Parses `0x`-prefixed hex of any (even) length.
    ///
    /// # Errors
    /// Missing prefix, odd length, non-hex characters.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        decode_hex(s).map(|v| Self(v.into()))
    }

    /// The bytes.
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

/// Decodes `0x`-prefixed hex.
pub(crate) fn decode_hex(s: &str) -> Result<Vec<u8>, ValueError> {
    let body = s.strip_prefix("0x").ok_or(ValueError::MissingHexPrefix)?;
    if body.len() % 2 != 0 {
        return Err(ValueError::OddHexLength);
    }
    alloy_primitives::hex::decode(body).map_err(|e| match e {
        alloy_primitives::hex::FromHexError::InvalidHexCharacter { index, .. } => {
            ValueError::InvalidHexDigit {
                index: index.saturating_add(2),
            }
        }
        _ => ValueError::OddHexLength,
    })
}

impl FromStr for HexBytes {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        Self::parse(s)
    }
}

impl fmt::Display for HexBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

string_serde!(HexBytes, "a 0x-prefixed hex string");

impl JsonSchema for HexBytes {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("HexBytes")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^0x([0-9a-fA-F]{2})*$", "description": "0x-prefixed hex bytes." })
    }
}

/// Exactly 32 bytes as `0x` + 64 hex digits (the EIP-3009 `nonce`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hex32(pub alloy_primitives::B256);

impl Hex32 {
    /// Parses `0x` + 64 hex digits.
    ///
    /// # Errors
    /// Missing prefix, wrong length, non-hex characters.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let v = decode_hex(s)?;
        let arr: [u8; 32] = v.as_slice().try_into().map_err(|_| ValueError::HexLength {
            expected: 32,
            found: v.len(),
        })?;
        Ok(Self(alloy_primitives::B256::from(arr)))
    }
}

impl FromStr for Hex32 {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        Self::parse(s)
    }
}

impl fmt::Display for Hex32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

string_serde!(Hex32, "0x followed by 64 hex digits");

impl JsonSchema for Hex32 {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Hex32")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^0x[0-9a-fA-F]{64}$", "description": "32 bytes as 0x-prefixed hex." })
    }
}

/// A protocol version number as it appears in places that admit either version
/// (`/supported` kinds, discovery items, version-agnostic parsing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum X402Version {
    /// Version 1.
    V1,
    /// Version 2.
    V2,
}

impl X402Version {
    /// The number.
    #[must_use]
    pub const fn number(self) -> u64 {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }

    /// The version for a number, if implemented.
    #[must_use]
    pub const fn from_number(n: u64) -> Option<Self> {
        match n {
            1 => Some(Self::V1),
            2 => Some(Self::V2),
            _ => None,
        }
    }
}

impl fmt::Display for X402Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.number().fmt(f)
    }
}

impl Serialize for X402Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.number())
    }
}

impl<'de> Deserialize<'de> for X402Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match crate::wire::VersionNumber::deserialize(d)?.0 {
            Some(n) => X402Version::from_number(n).ok_or_else(|| {
                tagged(
                    ParseErrorKind::UnsupportedVersion,
                    format_args!("unsupported x402Version {n}: expected 1 or 2"),
                )
            }),
            None => Err(tagged(
                ParseErrorKind::UnsupportedVersion,
                "x402Version must be the JSON integer 1 or 2",
            )),
        }
    }
}

impl JsonSchema for X402Version {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("X402Version")
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "enum": [1, 2], "description": "x402 protocol version." })
    }
}

/// A network as found where either version's form may appear: a CAIP-2 id (v2) or a v1 name
/// (`SettleResponse.network`, `/supported` kinds). A string containing `:` must be valid CAIP-2.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnyNetwork {
    /// A CAIP-2 id.
    Caip2(Network),
    /// A v1 network name.
    V1(V1Network),
}

impl AnyNetwork {
    /// The CAIP-2 id, mapping known v1 names.
    #[must_use]
    pub fn caip2(&self) -> Option<Network> {
        match self {
            Self::Caip2(n) => Some(n.clone()),
            Self::V1(n) => n.caip2(),
        }
    }
}

impl FromStr for AnyNetwork {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.contains(':') {
            Network::parse(s)
                .map(Self::Caip2)
                .map_err(|e| e.to_string())
        } else {
            V1Network::parse(s).map(Self::V1).map_err(|e| e.to_string())
        }
    }
}

impl fmt::Display for AnyNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Caip2(n) => n.fmt(f),
            Self::V1(n) => n.fmt(f),
        }
    }
}

string_serde!(AnyNetwork, "a CAIP-2 network id or a v1 network name");

impl JsonSchema for AnyNetwork {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("AnyNetwork")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let caip = generator.subschema_for::<Network>();
        let v1 = generator.subschema_for::<V1Network>();
        json_schema!({
            "description": "A CAIP-2 id (v2) or a v1 network name. A value containing ':' must be CAIP-2.",
            "anyOf": [caip, { "allOf": [v1, { "not": { "pattern": ":" } }] }]
        })
    }
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
    fn timeout_rules() {
        let ok: TimeoutSeconds = serde_json::from_str("60").unwrap();
        assert_eq!(ok.get(), 60);
        for bad in ["60.5", "60.0", "\"60\"", "0", "-1", "null", "1e2"] {
            assert!(
                serde_json::from_str::<TimeoutSeconds>(bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn scheme_and_token() {
        assert_eq!(Scheme::parse("exact").unwrap(), Scheme::EXACT);
        assert_eq!(Scheme::parse("custom").unwrap().as_str(), "custom");
        for bad in ["", " exact", "exact ", "ex\nact"] {
            assert!(Scheme::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hex() {
        assert_eq!(HexBytes::parse("0xABcd").unwrap().to_string(), "0xabcd");
        assert!(HexBytes::parse("abcd").is_err());
        assert!(HexBytes::parse("0xabc").is_err());
        assert!(HexBytes::parse("0xzz").is_err());
        assert_eq!(HexBytes::parse("0x").unwrap().as_slice().len(), 0);
        assert!(Hex32::parse(&format!("0x{}", "ab".repeat(32))).is_ok());
        assert!(Hex32::parse(&format!("0x{}", "ab".repeat(31))).is_err());
    }
}
