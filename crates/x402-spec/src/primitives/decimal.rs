//! Strict base-10 integers carried as JSON strings: [`DecimalU256`] (amounts, Permit2 nonces) and
//! [`UnixTimestamp`] (`validAfter`, `validBefore`, `deadline`).
//!
//! docs/protocol/wire.md §1 "General JSON conventions": amounts, timestamps and nonces inside scheme payloads
//! are JSON strings. The SDKs parse them leniently and differently (docs/protocol/evm.md §4.6: TS `BigInt` accepts hex,
//! Python `int()` accepts `_` and surrounding whitespace, Go `SetString(s, 10)` accepts a sign and
//! leading zeros), and x402-rs reads `""` as 0 (docs/design/peers.md Probe 11). This module accepts
//! only the canonical form `^(0|[1-9][0-9]*)$`, the intersection every SDK agrees on.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use alloy_primitives::U256;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::snippet;

/// Decimal spelling of 2^256 − 1, the largest [`DecimalU256`].
const U256_MAX_STR: &str =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";
/// Decimal spelling of `u64::MAX`, the largest [`UnixTimestamp`].
const U64_MAX_STR: &str = "18446744073709551615";
/// Number of digits of 2^256 − 1.
const U256_MAX_DIGITS: usize = 78;
/// Number of digits of `u64::MAX`.
const U64_MAX_DIGITS: usize = 20;

/// Why a string is not a canonical unsigned base-10 integer.
///
/// The variant reports the *first* offending character (scanning left to right), so `"-1.5"` is a
/// [`Sign`](Self::Sign) error and `"1.5e3"` a [`Fraction`](Self::Fraction) error. `input` fields hold
/// the offending string, cut to 64 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecimalError {
    /// The string is empty (x402-rs reads `""` as 0; we do not).
    Empty,
    /// The string starts with `+` or `-`.
    Sign {
        /// The offending input.
        input: String,
    },
    /// The string contains whitespace (leading, trailing or inside).
    Whitespace {
        /// The offending input.
        input: String,
    },
    /// The string starts with `0x`/`0X` (hexadecimal; TS `BigInt` would accept it, Go and Python would not).
    Hex {
        /// The offending input.
        input: String,
    },
    /// The string uses exponent notation such as `1e4`.
    Exponent {
        /// The offending input.
        input: String,
    },
    /// The string contains a decimal point.
    Fraction {
        /// The offending input.
        input: String,
    },
    /// The string has more than one digit and starts with `0` (e.g. `"010"`); `"0"` itself is fine.
    LeadingZero {
        /// The offending input.
        input: String,
    },
    /// The string contains a character that is not an ASCII digit (e.g. `_`, a non-ASCII digit).
    InvalidCharacter {
        /// Byte offset of the character in the input.
        index: usize,
        /// The character.
        found: char,
        /// The offending input.
        input: String,
    },
    /// The value is larger than the type can hold.
    Overflow {
        /// Decimal spelling of the largest allowed value.
        max: &'static str,
        /// The offending input.
        input: String,
    },
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("decimal string is empty"),
            Self::Sign { input } => {
                write!(
                    f,
                    "decimal string has a sign (only unsigned digits are allowed): {input:?}"
                )
            }
            Self::Whitespace { input } => {
                write!(f, "decimal string contains whitespace: {input:?}")
            }
            Self::Hex { input } => write!(
                f,
                "decimal string is hexadecimal (0x prefix; only base-10 digits are allowed): {input:?}"
            ),
            Self::Exponent { input } => {
                write!(f, "decimal string uses exponent notation: {input:?}")
            }
            Self::Fraction { input } => write!(
                f,
                "decimal string has a decimal point (only integers are allowed): {input:?}"
            ),
            Self::LeadingZero { input } => {
                write!(f, "decimal string has a leading zero: {input:?}")
            }
            Self::InvalidCharacter {
                index,
                found,
                input,
            } => write!(
                f,
                "decimal string has invalid character {found:?} at byte {index}: {input:?}"
            ),
            Self::Overflow { max, input } => {
                write!(f, "decimal value exceeds the maximum {max}: {input:?}")
            }
        }
    }
}

impl std::error::Error for DecimalError {}

/// Checks that `s` is `0` or `[1-9][0-9]*`; classifies the first offending character otherwise.
fn check_canonical(s: &str) -> Result<(), DecimalError> {
    if s.is_empty() {
        return Err(DecimalError::Empty);
    }
    if let Some((index, found)) = s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        let input = snippet(s);
        return Err(match found {
            '+' | '-' if index == 0 => DecimalError::Sign { input },
            c if c.is_whitespace() => DecimalError::Whitespace { input },
            'x' | 'X' if index == 1 && s.starts_with('0') => DecimalError::Hex { input },
            '.' => DecimalError::Fraction { input },
            // `index > 0`: a digit precedes the `e`, as in "1e4".
            'e' | 'E' if index > 0 => DecimalError::Exponent { input },
            found => DecimalError::InvalidCharacter {
                index,
                found,
                input,
            },
        });
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(DecimalError::LeadingZero { input: snippet(s) });
    }
    Ok(())
}

/// Digit values of a string already checked by [`check_canonical`] (all bytes are ASCII digits).
fn digit_values(s: &str) -> impl Iterator<Item = u8> + '_ {
    // Cannot wrap: every byte is in b'0'..=b'9' (checked by `check_canonical`).
    s.bytes().map(|b| b.wrapping_sub(b'0'))
}

/// Parses a canonical decimal `u64` (same rules as [`UnixTimestamp::parse`]).
pub(crate) fn parse_canonical_u64(s: &str) -> Result<u64, DecimalError> {
    check_canonical(s)?;
    let overflow = || DecimalError::Overflow {
        max: U64_MAX_STR,
        input: snippet(s),
    };
    if s.len() > U64_MAX_DIGITS {
        return Err(overflow());
    }
    digit_values(s).try_fold(0u64, |acc, d| {
        acc.checked_mul(10)
            .and_then(|acc| acc.checked_add(u64::from(d)))
            .ok_or_else(overflow)
    })
}

/// Parses a canonical decimal uint256 (same rules as [`DecimalU256::parse`]).
fn parse_canonical_u256(s: &str) -> Result<U256, DecimalError> {
    check_canonical(s)?;
    let overflow = || DecimalError::Overflow {
        max: U256_MAX_STR,
        input: snippet(s),
    };
    if s.len() > U256_MAX_DIGITS {
        return Err(overflow());
    }
    let ten = U256::from(10u8);
    digit_values(s).try_fold(U256::ZERO, |acc, d| {
        acc.checked_mul(ten)
            .and_then(|acc| acc.checked_add(U256::from(d)))
            .ok_or_else(overflow)
    })
}

/// Deserializes `T` from a JSON string only, mapping a parse failure to the typed error's message.
struct StrVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, DecimalError>,
}

impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }
}

/// An unsigned 256-bit integer carried as a base-10 JSON string (`"10000"`): token amounts in atomic
/// units, EIP-3009 `value`, Permit2 `amount` and `nonce`.
///
/// # Strictness
/// Only the canonical spelling is accepted: `"0"`, or a non-zero ASCII digit followed by ASCII digits,
/// at most 2^256 − 1. Rejected (each with its own [`DecimalError`]): `""`, `"+1"`, `"-1"`, any
/// whitespace, `"0x2710"`, `"1e4"`, `"1.0"`, `"010"`, `"1_000"`, non-ASCII digits, and values above
/// 2^256 − 1. A JSON number (`10000`) is a deserialization error: the wire form is a string
/// (docs/protocol/wire.md §1, §1.11).
///
/// **Decision:** because the canonical form is the only accepted form, `to_string()` (and
/// serialization) reproduces the received string byte for byte. Leading zeros are rejected rather
/// than normalised for exactly this reason: a verifier that silently rewrote `"010"` to `"10"`
/// would sign or compare a different string than the one it received.
///
/// Use [`get`](Self::get) for arithmetic on the underlying [`U256`]; comparison (`Ord`) is numeric.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecimalU256(U256);

/// Token amount in atomic units (e.g. `"10000"` = 0.01 USDC with 6 decimals).
pub type Amount = DecimalU256;

impl DecimalU256 {
    /// Zero.
    pub const ZERO: Self = Self(U256::ZERO);
    /// 2^256 − 1.
    pub const MAX: Self = Self(U256::MAX);

    /// Wraps a [`U256`].
    pub const fn new(value: U256) -> Self {
        Self(value)
    }

    /// The underlying [`U256`].
    pub const fn get(self) -> U256 {
        self.0
    }

    /// Parses the canonical base-10 spelling (see the type docs for what is rejected).
    ///
    /// # Errors
    /// A [`DecimalError`] naming the first problem found.
    pub fn parse(s: &str) -> Result<Self, DecimalError> {
        parse_canonical_u256(s).map(Self)
    }

    /// `self + rhs`, or `None` on overflow.
    pub fn checked_add(self, rhs: Self) -> Option<Self> {
        self.0.checked_add(rhs.0).map(Self)
    }

    /// `self - rhs`, or `None` when `rhs > self`.
    pub fn checked_sub(self, rhs: Self) -> Option<Self> {
        self.0.checked_sub(rhs.0).map(Self)
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl From<U256> for DecimalU256 {
    fn from(value: U256) -> Self {
        Self(value)
    }
}

impl From<u64> for DecimalU256 {
    fn from(value: u64) -> Self {
        Self(U256::from(value))
    }
}

impl FromStr for DecimalU256 {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for DecimalU256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for DecimalU256 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DecimalU256 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "a base-10 uint256 as a JSON string without sign, whitespace or leading zeros",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for DecimalU256 {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DecimalU256")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::DecimalU256")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]{0,77})$",
            "description": concat!(
                "Unsigned 256-bit integer as a base-10 string: ASCII digits only, no sign, whitespace, ",
                "exponent, decimal point or leading zeros (\"0\" itself is allowed). The value must not ",
                "exceed 2^256-1 = ",
                "115792089237316195423570985008687907853269984665640564039457584007913129639935",
                "; the pattern cannot express this bound, so a 78-digit string above it matches the ",
                "pattern but is invalid."
            ),
            "examples": ["10000"]
        })
    }
}

/// A Unix time in whole seconds carried as a base-10 JSON string (`"1740672089"`): EIP-3009
/// `validAfter`/`validBefore`, Permit2 `deadline` and `witness.validAfter` (docs/protocol/wire.md §1.11).
///
/// Parsing follows exactly the [`DecimalU256`] rules with the `u64` range (so `to_string()`
/// reproduces the received string). Arithmetic is checked: [`checked_add`](Self::checked_add)
/// returns `None` instead of panicking in debug or wrapping in release (x402-rs
/// `UnixTimestamp + u64` panics, docs/design/peers.md Probe 8). This type never reads a clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnixTimestamp(u64);

impl UnixTimestamp {
    /// Wraps a number of seconds since the Unix epoch.
    pub const fn new(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// Parses the canonical base-10 spelling (rules of [`DecimalU256::parse`], range `u64`).
    ///
    /// # Errors
    /// A [`DecimalError`] naming the first problem found.
    pub fn parse(s: &str) -> Result<Self, DecimalError> {
        parse_canonical_u64(s).map(Self)
    }

    /// `self + secs`, or `None` on overflow.
    pub const fn checked_add(self, secs: u64) -> Option<Self> {
        match self.0.checked_add(secs) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// `self - secs`, or `None` when `secs > self`.
    pub const fn checked_sub(self, secs: u64) -> Option<Self> {
        match self.0.checked_sub(secs) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// `self + secs`, clamped at `u64::MAX`.
    pub const fn saturating_add(self, secs: u64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// `self - secs`, clamped at 0.
    pub const fn saturating_sub(self, secs: u64) -> Self {
        Self(self.0.saturating_sub(secs))
    }
}

impl From<u64> for UnixTimestamp {
    fn from(secs: u64) -> Self {
        Self(secs)
    }
}

impl From<UnixTimestamp> for u64 {
    fn from(value: UnixTimestamp) -> Self {
        value.0
    }
}

impl FromStr for UnixTimestamp {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for UnixTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for UnixTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UnixTimestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "Unix seconds (u64) as a base-10 JSON string without sign, whitespace or leading zeros",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for UnixTimestamp {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("UnixTimestamp")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::UnixTimestamp")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]{0,19})$",
            "description": concat!(
                "Unix time in seconds as a base-10 string: ASCII digits only, no sign, whitespace or ",
                "leading zeros. The value must not exceed 18446744073709551615 (u64); the pattern ",
                "cannot express this bound."
            ),
            "examples": ["1740672089"]
        })
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(s: &str) -> DecimalError {
        DecimalU256::parse(s).unwrap_err()
    }

    #[test]
    fn x402_rs_probe_11_rows_are_all_rejected() {
        // docs/design/peers.md Probe 11: x402-rs gives 0 / 10000 / 10000 / Err / Err / Err.
        assert_eq!(DecimalU256::parse(""), Err(DecimalError::Empty));
        assert!(matches!(
            DecimalU256::parse("00010000"),
            Err(DecimalError::LeadingZero { .. })
        ));
        assert!(serde_json::from_str::<DecimalU256>("10000").is_err());
        assert!(matches!(
            DecimalU256::parse("+1"),
            Err(DecimalError::Sign { .. })
        ));
        assert!(matches!(
            DecimalU256::parse("1e4"),
            Err(DecimalError::Exponent { .. })
        ));
        let two_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        assert!(matches!(
            DecimalU256::parse(two_256),
            Err(DecimalError::Overflow { .. })
        ));
        // Probe 6: a JSON number is not a timestamp.
        assert!(serde_json::from_str::<UnixTimestamp>("1740672089").is_err());
    }

    #[test]
    fn accepts_canonical_values() {
        assert_eq!(DecimalU256::parse("0").unwrap(), DecimalU256::ZERO);
        assert_eq!(DecimalU256::parse("1").unwrap(), DecimalU256::from(1));
        assert_eq!(
            DecimalU256::parse("10000").unwrap(),
            DecimalU256::from(10_000)
        );
        assert_eq!(DecimalU256::parse(U256_MAX_STR).unwrap(), DecimalU256::MAX);
        assert_eq!(DecimalU256::MAX.to_string(), U256_MAX_STR);
        assert_eq!(U256_MAX_STR.len(), U256_MAX_DIGITS);
        assert_eq!(U64_MAX_STR.len(), U64_MAX_DIGITS);
        assert_eq!(U64_MAX_STR, u64::MAX.to_string());
    }

    #[test]
    fn rejects_empty_like_x402_rs_does_not() {
        // docs/design/peers.md Probe 11: x402-rs parses "" as 0.
        assert_eq!(err(""), DecimalError::Empty);
        assert_eq!(UnixTimestamp::parse(""), Err(DecimalError::Empty));
    }

    #[test]
    fn rejects_signs() {
        for s in ["+1", "-1", "-0", "+", "-", "-1.5"] {
            assert!(matches!(err(s), DecimalError::Sign { .. }), "{s}");
        }
        // A sign that is not leading is just an invalid character.
        assert!(matches!(
            err("1-2"),
            DecimalError::InvalidCharacter {
                index: 1,
                found: '-',
                ..
            }
        ));
    }

    #[test]
    fn rejects_whitespace_anywhere() {
        for s in [" 1", "1 ", "1 0", "\t1", "1\n", "\u{a0}1", "1\u{3000}"] {
            assert!(matches!(err(s), DecimalError::Whitespace { .. }), "{s:?}");
        }
    }

    #[test]
    fn rejects_hex() {
        for s in ["0x2710", "0X2710", "0x", "0xZZ"] {
            assert!(matches!(err(s), DecimalError::Hex { .. }), "{s}");
        }
        // 'x' not in prefix position is an invalid character.
        assert!(matches!(
            err("1x"),
            DecimalError::InvalidCharacter { found: 'x', .. }
        ));
        assert!(matches!(
            err("x1"),
            DecimalError::InvalidCharacter { index: 0, .. }
        ));
    }

    #[test]
    fn rejects_exponent_and_fraction() {
        for s in ["1e4", "1E4", "10e-2", "1e"] {
            assert!(matches!(err(s), DecimalError::Exponent { .. }), "{s}");
        }
        for s in ["1.0", "1.", ".5", "0.1", "1.5e3"] {
            assert!(matches!(err(s), DecimalError::Fraction { .. }), "{s}");
        }
        // A leading 'e' is not exponent notation.
        assert!(matches!(
            err("e4"),
            DecimalError::InvalidCharacter {
                index: 0,
                found: 'e',
                ..
            }
        ));
    }

    #[test]
    fn rejects_leading_zeros_but_not_zero() {
        for s in [
            "00",
            "010",
            "00010000",
            "0000000000000000000000000000000000000000000000000000000000000000000000000000001",
        ] {
            assert!(matches!(err(s), DecimalError::LeadingZero { .. }), "{s}");
            assert!(
                matches!(
                    UnixTimestamp::parse(s),
                    Err(DecimalError::LeadingZero { .. })
                ),
                "{s}"
            );
        }
        assert!(DecimalU256::parse("0").is_ok());
        assert!(UnixTimestamp::parse("0").is_ok());
    }

    #[test]
    fn rejects_invalid_characters_with_position() {
        assert_eq!(
            err("1_000"),
            DecimalError::InvalidCharacter {
                index: 1,
                found: '_',
                input: "1_000".into()
            }
        );
        // U+0663 ARABIC-INDIC DIGIT THREE is a Unicode digit, not an ASCII one.
        assert!(matches!(
            err("1\u{663}"),
            DecimalError::InvalidCharacter {
                index: 1,
                found: '\u{663}',
                ..
            }
        ));
        assert!(matches!(
            err("12a"),
            DecimalError::InvalidCharacter {
                index: 2,
                found: 'a',
                ..
            }
        ));
        assert!(matches!(
            err("1,000"),
            DecimalError::InvalidCharacter {
                index: 1,
                found: ',',
                ..
            }
        ));
        assert!(matches!(
            err("\u{200b}1"),
            DecimalError::InvalidCharacter { index: 0, .. }
        ));
        assert!(matches!(
            err("\0"),
            DecimalError::InvalidCharacter {
                index: 0,
                found: '\0',
                ..
            }
        ));
    }

    #[test]
    fn rejects_overflow() {
        // 2^256 (docs/design/peers.md Probe 11, the 2^256 input).
        let two_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        assert!(matches!(
            err(two_256),
            DecimalError::Overflow {
                max: U256_MAX_STR,
                ..
            }
        ));
        assert!(matches!(
            err(&"9".repeat(78)),
            DecimalError::Overflow { .. }
        ));
        assert!(matches!(
            err(&"1".repeat(79)),
            DecimalError::Overflow { .. }
        ));
        assert!(matches!(
            err(&"1".repeat(100_000)),
            DecimalError::Overflow { .. }
        ));
        assert_eq!(
            UnixTimestamp::parse(U64_MAX_STR).unwrap().as_secs(),
            u64::MAX
        );
        assert!(matches!(
            UnixTimestamp::parse("18446744073709551616"),
            Err(DecimalError::Overflow {
                max: U64_MAX_STR,
                ..
            })
        ));
        assert!(matches!(
            UnixTimestamp::parse("99999999999999999999"),
            Err(DecimalError::Overflow { .. })
        ));
        assert!(matches!(
            UnixTimestamp::parse("100000000000000000000"),
            Err(DecimalError::Overflow { .. })
        ));
    }

    #[test]
    fn display_messages_name_the_problem_and_the_input() {
        assert_eq!(
            err("010").to_string(),
            "decimal string has a leading zero: \"010\""
        );
        assert_eq!(err("").to_string(), "decimal string is empty");
        assert_eq!(
            err("+1").to_string(),
            "decimal string has a sign (only unsigned digits are allowed): \"+1\""
        );
        assert_eq!(
            err(" 1").to_string(),
            "decimal string contains whitespace: \" 1\""
        );
        assert_eq!(
            err("0x10").to_string(),
            "decimal string is hexadecimal (0x prefix; only base-10 digits are allowed): \"0x10\""
        );
        assert_eq!(
            err("1e4").to_string(),
            "decimal string uses exponent notation: \"1e4\""
        );
        assert_eq!(
            err("1.5").to_string(),
            "decimal string has a decimal point (only integers are allowed): \"1.5\""
        );
        assert_eq!(
            err("12a").to_string(),
            "decimal string has invalid character 'a' at byte 2: \"12a\""
        );
        assert_eq!(
            UnixTimestamp::parse("18446744073709551616")
                .unwrap_err()
                .to_string(),
            "decimal value exceeds the maximum 18446744073709551615: \"18446744073709551616\""
        );
        // Long inputs are cut in the message.
        let msg = err(&"1".repeat(1000)).to_string();
        assert!(msg.len() < 250, "{msg}");
        assert!(msg.contains('…'));
    }

    #[test]
    fn arithmetic_is_checked() {
        let one = DecimalU256::from(1);
        assert_eq!(DecimalU256::MAX.checked_add(one), None);
        assert_eq!(DecimalU256::ZERO.checked_sub(one), None);
        assert_eq!(one.checked_add(one), Some(DecimalU256::from(2)));
        assert_eq!(
            DecimalU256::from(5).checked_sub(one),
            Some(DecimalU256::from(4))
        );
        assert!(DecimalU256::ZERO.is_zero());
        assert!(!one.is_zero());
        assert!(DecimalU256::from(9) < DecimalU256::from(10));
        assert_eq!(DecimalU256::new(U256::from(7)).get(), U256::from(7));

        // docs/design/peers.md Probe 8: x402-rs panics on u64::MAX - 1 + 10.
        let t = UnixTimestamp::new(u64::MAX - 1);
        assert_eq!(t.checked_add(10), None);
        assert_eq!(t.checked_add(1), Some(UnixTimestamp::new(u64::MAX)));
        assert_eq!(t.saturating_add(10).as_secs(), u64::MAX);
        assert_eq!(UnixTimestamp::new(5).checked_sub(6), None);
        assert_eq!(
            UnixTimestamp::new(5).checked_sub(5),
            Some(UnixTimestamp::new(0))
        );
        assert_eq!(
            UnixTimestamp::new(5).saturating_sub(6),
            UnixTimestamp::new(0)
        );
        assert_eq!(u64::from(UnixTimestamp::from(42)), 42);
    }

    #[test]
    fn from_str_matches_parse() {
        assert_eq!("10000".parse::<DecimalU256>(), DecimalU256::parse("10000"));
        assert_eq!("010".parse::<DecimalU256>(), DecimalU256::parse("010"));
        assert_eq!(
            "1740672089".parse::<UnixTimestamp>(),
            UnixTimestamp::parse("1740672089")
        );
    }

    #[test]
    fn serde_uses_json_strings_only() {
        let v: DecimalU256 = serde_json::from_str("\"10000\"").unwrap();
        assert_eq!(v, DecimalU256::from(10_000));
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"10000\"");
        assert_eq!(
            serde_json::to_value(DecimalU256::MAX).unwrap(),
            serde_json::json!(U256_MAX_STR)
        );

        // docs/design/peers.md Probes 3 and 11: a JSON number must not be accepted.
        for bad in ["10000", "null", "true", "[]", "{}", "1e4", "-1"] {
            assert!(serde_json::from_str::<DecimalU256>(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<UnixTimestamp>(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<DecimalU256>("10000")
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid type: integer"), "{e}");

        // A bad string reports the typed error's message.
        let e = serde_json::from_str::<DecimalU256>("\"010\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("decimal string has a leading zero: \"010\""),
            "{e}"
        );
        let e = serde_json::from_str::<DecimalU256>("\"\"")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("decimal string is empty"), "{e}");

        let t: UnixTimestamp = serde_json::from_str("\"1740672089\"").unwrap();
        assert_eq!(t.as_secs(), 1_740_672_089);
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"1740672089\"");

        // Works through serde_json::Value (owned strings) as well.
        let t: UnixTimestamp = serde_json::from_value(serde_json::json!("7")).unwrap();
        assert_eq!(t, UnixTimestamp::new(7));
        assert!(serde_json::from_value::<UnixTimestamp>(serde_json::json!(7)).is_err());
    }

    #[test]
    fn json_schemas_are_strings_with_patterns() {
        let s = serde_json::to_value(schemars::schema_for!(DecimalU256)).unwrap();
        assert_eq!(s["type"], "string");
        assert_eq!(s["pattern"], "^(0|[1-9][0-9]{0,77})$");
        assert!(
            s["description"]
                .as_str()
                .unwrap()
                .contains("cannot express")
        );
        assert!(s.get("format").is_none());
        let s = serde_json::to_value(schemars::schema_for!(UnixTimestamp)).unwrap();
        assert_eq!(s["type"], "string");
        assert_eq!(s["pattern"], "^(0|[1-9][0-9]{0,19})$");
        assert!(s.get("format").is_none());
    }

    #[test]
    fn schema_pattern_agrees_with_parser_on_samples() {
        let schema = serde_json::to_value(schemars::schema_for!(DecimalU256)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for s in ["0", "1", "10000", U256_MAX_STR] {
            assert!(validator.is_valid(&serde_json::json!(s)), "{s}");
        }
        for s in ["", "010", "+1", " 1", "0x1", "1e4", "1.0", &"1".repeat(79)] {
            assert!(!validator.is_valid(&serde_json::json!(s)), "{s}");
            assert!(DecimalU256::parse(s).is_err(), "{s}");
        }
        assert!(!validator.is_valid(&serde_json::json!(10000)));
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = DecimalU256::parse(&s);
            let _ = UnixTimestamp::parse(&s);
        }

        #[test]
        fn digit_like_strings_never_panic(s in "[-+ 0-9a-fxXeE._]{0,90}") {
            let a = DecimalU256::parse(&s);
            let b = UnixTimestamp::parse(&s);
            // Whatever u64 accepts, U256 accepts with the same value.
            if let Ok(t) = b {
                prop_assert_eq!(a, Ok(DecimalU256::from(t.as_secs())));
            }
        }

        #[test]
        fn schema_pattern_agrees_with_parser_below_the_bound(s in "[-+ 0-9xe.]{0,77}") {
            // Up to 77 digits every canonical string is below 2^256, so pattern and parser agree.
            static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
            let v = VALIDATOR.get_or_init(|| {
                let schema = serde_json::to_value(schemars::schema_for!(DecimalU256)).unwrap();
                jsonschema::validator_for(&schema).unwrap()
            });
            prop_assert_eq!(v.is_valid(&serde_json::json!(s)), DecimalU256::parse(&s).is_ok(), "{:?}", s);
        }

        #[test]
        fn u256_display_parse_round_trip(limbs in any::<[u64; 4]>()) {
            let v = DecimalU256::new(U256::from_limbs(limbs));
            let s = v.to_string();
            prop_assert_eq!(DecimalU256::parse(&s), Ok(v));
            let json = serde_json::to_string(&v).unwrap();
            prop_assert_eq!(serde_json::from_str::<DecimalU256>(&json).unwrap(), v);
        }

        #[test]
        fn u64_display_parse_round_trip(secs in any::<u64>()) {
            let t = UnixTimestamp::new(secs);
            prop_assert_eq!(UnixTimestamp::parse(&t.to_string()), Ok(t));
            prop_assert_eq!(DecimalU256::parse(&secs.to_string()), Ok(DecimalU256::from(secs)));
            let json = serde_json::to_string(&t).unwrap();
            prop_assert_eq!(serde_json::from_str::<UnixTimestamp>(&json).unwrap(), t);
        }

        #[test]
        fn agrees_with_ruint_on_canonical_digit_strings(s in "0|[1-9][0-9]{0,79}") {
            let ours = DecimalU256::parse(&s).map(DecimalU256::get).ok();
            let theirs = U256::from_str_radix(&s, 10).ok();
            prop_assert_eq!(ours, theirs);
            if let Ok(v) = DecimalU256::parse(&s) {
                // Canonical input is reproduced byte for byte.
                prop_assert_eq!(v.to_string(), s);
            }
        }

        #[test]
        fn accepted_strings_are_reproduced_byte_for_byte(s in "[0-9]{1,25}") {
            if let Ok(v) = DecimalU256::parse(&s) {
                prop_assert_eq!(v.to_string(), s.clone());
            } else {
                prop_assert!(s.len() > 1 && s.starts_with('0'));
            }
            if let Ok(t) = UnixTimestamp::parse(&s) {
                prop_assert_eq!(t.to_string(), s);
            }
        }
    }
}
