//! Addresses on the wire: [`EvmAddress`] (EIP-55 checked), [`SolanaAddress`] (base58 of 32 bytes) and
//! the generic [`Address`] of `PaymentRequirements.payTo` / `.asset`.
//!
//! The SDKs compare EVM addresses case-insensitively (docs/protocol/evm.md §4.6) and x402-rs accepts wrong
//! checksums and a missing `0x` (docs/design/peers.md Probe 10). Here an EVM address is a 20-byte value:
//! compared by bytes, parsed only from `0x` + 40 hex digits whose mixed-case spelling, if any, is a
//! valid EIP-55 checksum, and always written back in EIP-55.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use alloy_primitives::Address as AlloyAddress;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::base58::{self, Base58Error};
use super::snippet;

/// Number of hex digits of an EVM address (without the `0x` prefix).
const EVM_HEX_DIGITS: usize = 40;
/// Shortest base58 spelling of 32 bytes (all zero: 32 × `'1'`).
const SOLANA_MIN_CHARS: usize = 32;
/// Longest base58 spelling of 32 bytes (2^256 − 1).
const SOLANA_MAX_CHARS: usize = 44;

/// Deserializes `T` from a JSON string only, reporting the typed parse error's message.
struct StrVisitor<T, E> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, E>,
}

impl<T, PE: fmt::Display> serde::de::Visitor<'_> for StrVisitor<T, PE> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// EVM
// ---------------------------------------------------------------------------------------------

/// Why a string is not an EVM address.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvmAddressError {
    /// The string does not start with a lowercase `0x` (un-prefixed hex and `0X` are rejected).
    MissingPrefix {
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// The string after `0x` is not exactly 40 characters long.
    Length {
        /// Number of characters found after `0x`.
        found: usize,
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// A character after `0x` is not a hex digit.
    InvalidHex {
        /// Byte offset of the character in the input (counting the `0x`).
        index: usize,
        /// The character.
        found: char,
        /// The offending input.
        input: String,
    },
    /// The hex digits mix upper and lower case but are not the EIP-55 checksum spelling.
    BadChecksum {
        /// The EIP-55 spelling of the same 20 bytes.
        expected: String,
        /// The received spelling.
        found: String,
    },
}

impl fmt::Display for EvmAddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingPrefix { input } => {
                write!(f, "EVM address must start with lowercase \"0x\": {input:?}")
            }
            Self::Length { found, input } => write!(
                f,
                "EVM address must have exactly {EVM_HEX_DIGITS} hex digits after \"0x\", found {found}: {input:?}"
            ),
            Self::InvalidHex {
                index,
                found,
                input,
            } => write!(
                f,
                "EVM address has non-hex character {found:?} at byte {index}: {input:?}"
            ),
            Self::BadChecksum { expected, found } => write!(
                f,
                "EVM address {found:?} has mixed case but is not a valid EIP-55 checksum (expected {expected:?})"
            ),
        }
    }
}

impl std::error::Error for EvmAddressError {}

/// A 20-byte EVM account or contract address.
///
/// # Accepted input
/// `0x` followed by exactly 40 hex digits that are all lowercase, all uppercase, or a valid EIP-55
/// mixed-case checksum (chain-agnostic EIP-55, not EIP-1191). Rejected: missing or uppercase `0X`
/// prefix, any other length, non-hex characters, whitespace, and mixed case with a wrong checksum.
///
/// # Output and equality
/// Displayed and serialized in EIP-55. Equality, ordering and hashing use the 20 bytes, so
/// `0xabc…` and `0xABC…` are equal (the SDKs compare case-insensitively, docs/protocol/evm.md §4.6). A
/// lowercase input therefore re-serializes in EIP-55, not byte for byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvmAddress(AlloyAddress);

impl EvmAddress {
    /// The zero address `0x0000000000000000000000000000000000000000`.
    pub const ZERO: Self = Self(AlloyAddress::ZERO);

    /// Wraps an alloy [`Address`](alloy_primitives::Address).
    pub const fn new(address: AlloyAddress) -> Self {
        Self(address)
    }

    /// Builds an address from its 20 bytes.
    pub const fn from_bytes(bytes: [u8; 20]) -> Self {
        Self(AlloyAddress::new(bytes))
    }

    /// The alloy [`Address`](alloy_primitives::Address).
    pub const fn get(&self) -> AlloyAddress {
        self.0
    }

    /// The 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0.0.0
    }

    /// Parses `0x` + 40 hex digits, checking the EIP-55 checksum of mixed-case input.
    ///
    /// # Errors
    /// An [`EvmAddressError`] naming the first problem found (prefix, then length, then the first
    /// non-hex character, then the checksum).
    pub fn parse(s: &str) -> Result<Self, EvmAddressError> {
        let Some(hex) = s.strip_prefix("0x") else {
            return Err(EvmAddressError::MissingPrefix { input: snippet(s) });
        };
        let found = hex.chars().count();
        if found != EVM_HEX_DIGITS {
            return Err(EvmAddressError::Length {
                found,
                input: snippet(s),
            });
        }
        if let Some((i, c)) = hex.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
            return Err(EvmAddressError::InvalidHex {
                index: i.saturating_add(2),
                found: c,
                input: snippet(s),
            });
        }
        // All 40 characters are ASCII hex digits from here on.
        let address = Self::from_bytes(decode_hex20(hex));
        let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
        let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
        if has_upper && has_lower && !checksum_matches(hex.as_bytes()) {
            return Err(EvmAddressError::BadChecksum {
                expected: address.to_checksum(),
                found: s.to_owned(),
            });
        }
        Ok(address)
    }

    /// The EIP-55 spelling (`0x` + mixed-case hex).
    ///
    /// (Parsing checks a checksum without building this string: see `checksum_matches`.)
    pub fn to_checksum(&self) -> String {
        self.0.to_checksum(None)
    }

    /// Whether this is the zero address.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Builds an address from a constant of this crate's tables without checking it (the tables are
    /// checked against [`parse`](Self::parse) by unit tests). Non-hex digits would read as 0.
    pub(crate) fn from_table(s: &str) -> Self {
        Self::from_bytes(decode_hex20(s.strip_prefix("0x").unwrap_or(s)))
    }
}

/// Decodes up to 40 hex digits (validated by the caller) into 20 bytes.
fn decode_hex20(hex: &str) -> [u8; 20] {
    let mut bytes = [0u8; 20];
    for (slot, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let hi = pair.first().copied().map_or(0, nibble);
        let lo = pair.get(1).copied().map_or(0, nibble);
        *slot = (hi << 4) | lo;
    }
    bytes
}

/// Value of an ASCII hex digit (callers pass validated digits; anything else maps to 0).
fn nibble(b: u8) -> u8 {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
        .unwrap_or(0)
}

impl From<AlloyAddress> for EvmAddress {
    fn from(address: AlloyAddress) -> Self {
        Self(address)
    }
}

impl From<EvmAddress> for AlloyAddress {
    fn from(address: EvmAddress) -> Self {
        address.0
    }
}

impl From<[u8; 20]> for EvmAddress {
    fn from(bytes: [u8; 20]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl FromStr for EvmAddress {
    type Err = EvmAddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for EvmAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.to_checksum_buffer(None).as_str())
    }
}

impl Serialize for EvmAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.to_checksum_buffer(None).as_str())
    }
}

impl<'de> Deserialize<'de> for EvmAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "an EVM address string: 0x + 40 hex digits (mixed case must be EIP-55)",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for EvmAddress {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("EvmAddress")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::EvmAddress")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^0x[0-9a-fA-F]{40}$",
            "description": concat!(
                "20-byte EVM address: lowercase \"0x\" followed by 40 hex digits. All-lowercase and ",
                "all-uppercase digits are accepted; mixed case must be a valid EIP-55 checksum ",
                "(chain-agnostic, not EIP-1191), which the pattern cannot express. Emitted in EIP-55."
            ),
            "examples": ["0x036CbD53842c5426634e7929541eC2318f3dCF7e"]
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Solana
// ---------------------------------------------------------------------------------------------

/// Why a string is not a Solana address.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SolanaAddressError {
    /// The string is empty.
    Empty,
    /// The string is not 32 to 44 characters long (no base58 spelling of 32 bytes is).
    Length {
        /// Characters found.
        found: usize,
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// A character outside the base58 (Bitcoin) alphabet, e.g. `0`, `O`, `I`, `l`, `+`, whitespace.
    InvalidCharacter {
        /// Byte offset of the character in the input.
        index: usize,
        /// The character.
        found: char,
        /// The offending input.
        input: String,
    },
    /// Valid base58 that does not decode to exactly 32 bytes.
    DecodedLength {
        /// Number of bytes the string decodes to.
        found: usize,
        /// The offending input.
        input: String,
    },
}

impl fmt::Display for SolanaAddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Solana address is empty"),
            Self::Length { found, input } => write!(
                f,
                "Solana address must be {SOLANA_MIN_CHARS} to {SOLANA_MAX_CHARS} base58 characters, found {found}: {input:?}"
            ),
            Self::InvalidCharacter {
                index,
                found,
                input,
            } => write!(
                f,
                "Solana address has non-base58 character {found:?} at byte {index}: {input:?}"
            ),
            Self::DecodedLength { found, input } => write!(
                f,
                "Solana address must decode to 32 bytes, decodes to {found}: {input:?}"
            ),
        }
    }
}

impl std::error::Error for SolanaAddressError {}

/// A 32-byte Solana public key (account, mint or program id) in base58 (Bitcoin alphabet).
///
/// Only strings that decode to exactly 32 bytes are accepted. Base58 with leading-`'1'` zero bytes is
/// a bijection, so every accepted string is the canonical spelling and `to_string()` reproduces it
/// byte for byte. Displayed, serialized and debug-printed in base58.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SolanaAddress([u8; 32]);

impl SolanaAddress {
    /// Wraps 32 raw bytes.
    pub const fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 32 bytes, by value.
    pub const fn to_bytes(self) -> [u8; 32] {
        self.0
    }

    /// Parses base58 that decodes to exactly 32 bytes.
    ///
    /// # Errors
    /// A [`SolanaAddressError`]: empty, wrong length, a non-base58 character, or a value that does
    /// not decode to 32 bytes.
    pub fn parse(s: &str) -> Result<Self, SolanaAddressError> {
        if s.is_empty() {
            return Err(SolanaAddressError::Empty);
        }
        let found = s.chars().count();
        if !(SOLANA_MIN_CHARS..=SOLANA_MAX_CHARS).contains(&found) {
            return Err(SolanaAddressError::Length {
                found,
                input: snippet(s),
            });
        }
        base58::decode_array::<32>(s)
            .map(Self)
            .map_err(|e| match e {
                Base58Error::TooLong { found, .. } => SolanaAddressError::Length {
                    found,
                    input: snippet(s),
                },
                Base58Error::InvalidCharacter { index, found } => {
                    SolanaAddressError::InvalidCharacter {
                        index,
                        found,
                        input: snippet(s),
                    }
                }
                Base58Error::DecodedLength { found, .. } => SolanaAddressError::DecodedLength {
                    found,
                    input: snippet(s),
                },
            })
    }
}

impl From<[u8; 32]> for SolanaAddress {
    fn from(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl From<SolanaAddress> for [u8; 32] {
    fn from(address: SolanaAddress) -> Self {
        address.0
    }
}

impl FromStr for SolanaAddress {
    type Err = SolanaAddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for SolanaAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base58::encode(&self.0))
    }
}

impl fmt::Debug for SolanaAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SolanaAddress")
            .field(&base58::encode(&self.0))
            .finish()
    }
}

impl Serialize for SolanaAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base58::encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for SolanaAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "a Solana address string: base58 of exactly 32 bytes",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for SolanaAddress {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SolanaAddress")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::SolanaAddress")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[1-9A-HJ-NP-Za-km-z]{32,44}$",
            "description": concat!(
                "32-byte Solana public key in base58 (Bitcoin alphabet). The string must decode to ",
                "exactly 32 bytes, which the pattern cannot express."
            ),
            "examples": ["EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"]
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Generic payTo / asset
// ---------------------------------------------------------------------------------------------

/// Why a string is not a valid `payTo` / `asset` value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddressError {
    /// The string is empty (the TS schema requires `NonEmptyString`, docs/protocol/wire.md §1.2).
    Empty,
    /// The string contains white space (anywhere).
    Whitespace {
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// The string contains a control character.
    ControlCharacter {
        /// Byte offset of the character.
        index: usize,
        /// The character.
        found: char,
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// The string has the shape of an EVM address (`0x`/`0X` + 40 hex digits) but is not a valid one
    /// (bad EIP-55 checksum or `0X` prefix).
    Evm(EvmAddressError),
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("address is empty"),
            Self::Whitespace { input } => {
                write!(f, "address contains white space: {input:?}")
            }
            Self::ControlCharacter {
                index,
                found,
                input,
            } => write!(
                f,
                "address has control character {found:?} at byte {index}: {input:?}"
            ),
            Self::Evm(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for AddressError {}

impl From<EvmAddressError> for AddressError {
    fn from(e: EvmAddressError) -> Self {
        Self::Evm(e)
    }
}

/// The value of `PaymentRequirements.payTo` and `.asset`: usually an EVM or Solana address, but the
/// v2 spec (§5.1.2) also allows other families' addresses, an ISO 4217 currency code (`"USD"`) or a
/// role constant (`"merchant"`).
///
/// # Classification (by shape, in this order)
/// 1. `0x` (or `0X`) + 40 ASCII hex digits is an EVM address and **must** pass [`EvmAddress::parse`]:
///    a bad checksum is an error, never silently [`Other`](Self::Other).
/// 2. A string that is base58 of exactly 32 bytes is [`Solana`](Self::Solana).
/// 3. Any other non-empty string without leading/trailing whitespace and without control characters
///    is [`Other`](Self::Other), kept verbatim. This includes `0x` + 64 hex digits (Aptos/Sui-style
///    addresses), which is why only the exact 40-digit shape is forced to be EVM.
///
/// Serialized as EIP-55, base58, or verbatim respectively.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Address {
    /// An EVM address.
    Evm(EvmAddress),
    /// A Solana public key.
    Solana(SolanaAddress),
    /// Anything else (another chain family, an ISO 4217 code, a role constant).
    Other(String),
}

impl Address {
    /// Parses and classifies a `payTo` / `asset` string (see the type docs).
    ///
    /// # Errors
    /// [`AddressError`]: empty, surrounding whitespace, a control character, or an invalid
    /// EVM-shaped string.
    pub fn parse(s: &str) -> Result<Self, AddressError> {
        if s.is_empty() {
            return Err(AddressError::Empty);
        }
        if is_evm_shaped(s) {
            return EvmAddress::parse(s)
                .map(Self::Evm)
                .map_err(AddressError::Evm);
        }
        if let Ok(solana) = SolanaAddress::parse(s) {
            return Ok(Self::Solana(solana));
        }
        if let Some((index, found)) = s.char_indices().find(|(_, c)| c.is_control()) {
            return Err(AddressError::ControlCharacter {
                index,
                found,
                input: snippet(s),
            });
        }
        // Decision: no white space anywhere. Addresses, currency codes and role constants never
        // contain any, and accepting prose ("the fee payer") would hide placeholder values.
        if s.contains(char::is_whitespace) {
            return Err(AddressError::Whitespace { input: snippet(s) });
        }
        Ok(Self::Other(s.to_owned()))
    }

    /// The EVM address, if this is one.
    pub fn as_evm(&self) -> Option<&EvmAddress> {
        match self {
            Self::Evm(a) => Some(a),
            _ => None,
        }
    }

    /// The Solana address, if this is one.
    pub fn as_solana(&self) -> Option<&SolanaAddress> {
        match self {
            Self::Solana(a) => Some(a),
            _ => None,
        }
    }

    /// The verbatim string, if this is neither an EVM nor a Solana address.
    pub fn as_other(&self) -> Option<&str> {
        match self {
            Self::Other(s) => Some(s),
            _ => None,
        }
    }
}

/// `0x`/`0X` followed by exactly 40 ASCII hex digits.
fn is_evm_shaped(s: &str) -> bool {
    let hex = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"));
    hex.is_some_and(|h| h.len() == EVM_HEX_DIGITS && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl From<EvmAddress> for Address {
    fn from(a: EvmAddress) -> Self {
        Self::Evm(a)
    }
}

impl From<SolanaAddress> for Address {
    fn from(a: SolanaAddress) -> Self {
        Self::Solana(a)
    }
}

impl FromStr for Address {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Evm(a) => fmt::Display::fmt(a, f),
            Self::Solana(a) => fmt::Display::fmt(a, f),
            Self::Other(s) => f.write_str(s),
        }
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Evm(a) => a.serialize(serializer),
            Self::Solana(a) => a.serialize(serializer),
            Self::Other(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "an address string (EVM, Solana, or another non-empty token)",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for Address {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Address")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::Address")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "pattern": "^[^\\s\\x00-\\x1f\\x7f]+$",
            "description": concat!(
                "Recipient (payTo) or asset: an EVM address (0x + 40 hex digits; mixed case must be a ",
                "valid EIP-55 checksum), a Solana base58 public key, or another non-empty token such as ",
                "another chain family's address, an ISO 4217 currency code (\"USD\") or a role constant ",
                "(\"merchant\"), without white space or control characters."
            ),
            "examples": ["0x209693Bc6afc0C5328bA36FaF03C514EF312287C", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"]
        })
    }
}

/// EIP-55 check of 40 ASCII hex digits without allocating: a letter must be upper case iff
/// the matching nibble of `keccak256(lowercase hex)` is ≥ 8.
fn checksum_matches(hex: &[u8]) -> bool {
    thread_local! {
        static SEEN: std::cell::RefCell<crate::memo::Memo<[u8; 40], bool>> =
            const { std::cell::RefCell::new(crate::memo::Memo::new()) };
    }
    let key: [u8; 40] = match hex.try_into() {
        Ok(k) => k,
        Err(_) => return checksum_matches_uncached(hex),
    };
    crate::memo::lookup(
        &SEEN,
        |k| *k == key,
        || key,
        || checksum_matches_uncached(hex),
    )
}

fn checksum_matches_uncached(hex: &[u8]) -> bool {
    let mut lower = [0u8; 40];
    for (dst, src) in lower.iter_mut().zip(hex) {
        *dst = src.to_ascii_lowercase();
    }
    let hash = alloy_primitives::keccak256(lower);
    hex.iter().enumerate().all(|(i, &c)| {
        if !c.is_ascii_alphabetic() {
            return true;
        }
        let byte = hash.get(i / 2).copied().unwrap_or(0);
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        c.is_ascii_uppercase() == (nibble >= 8)
    })
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

    /// EIP-55 test vectors from the EIP text.
    const EIP55: [&str; 8] = [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    #[test]
    fn eip55_vectors_parse_and_display_identically() {
        for s in EIP55 {
            let a = EvmAddress::parse(s).unwrap();
            assert_eq!(a.to_string(), s, "{s}");
            assert_eq!(a.to_checksum(), s);
            assert_eq!(serde_json::to_value(a).unwrap(), serde_json::json!(s));
        }
    }

    #[test]
    fn single_case_spellings_are_accepted_and_equal_by_value() {
        for s in EIP55 {
            let canonical = EvmAddress::parse(s).unwrap();
            let hex = &s[2..];
            let lower = EvmAddress::parse(&format!("0x{}", hex.to_ascii_lowercase())).unwrap();
            let upper = EvmAddress::parse(&format!("0x{}", hex.to_ascii_uppercase())).unwrap();
            assert_eq!(lower, canonical);
            assert_eq!(upper, canonical);
            // Output is always EIP-55.
            assert_eq!(lower.to_string(), s);
        }
    }

    #[test]
    fn wrong_checksum_is_rejected() {
        // docs/design/peers.md Probe 10: x402-rs accepts these.
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let bad = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(
            EvmAddress::parse(bad),
            Err(EvmAddressError::BadChecksum {
                expected: good.into(),
                found: bad.into()
            })
        );
        // Flipping the case of any single letter of a checksummed vector breaks it.
        for s in EIP55.iter().skip(4) {
            for (i, c) in s
                .char_indices()
                .skip(2)
                .filter(|(_, c)| c.is_ascii_alphabetic())
            {
                let mut flipped = s.to_string();
                let new = if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                flipped.replace_range(i..=i, &new.to_string());
                let e = EvmAddress::parse(&flipped).unwrap_err();
                assert!(
                    matches!(e, EvmAddressError::BadChecksum { .. }),
                    "{flipped}"
                );
            }
        }
        // An EIP-1191 (chain 30) spelling is not an EIP-55 spelling.
        let a = EvmAddress::parse(good).unwrap();
        let eip1191 = a.get().to_checksum(Some(30));
        assert_ne!(eip1191, good);
        assert!(matches!(
            EvmAddress::parse(&eip1191),
            Err(EvmAddressError::BadChecksum { .. })
        ));
    }

    #[test]
    fn shape_errors() {
        let hex40 = "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
        assert!(matches!(
            EvmAddress::parse(hex40),
            Err(EvmAddressError::MissingPrefix { .. })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!("0X{hex40}")),
            Err(EvmAddressError::MissingPrefix { .. })
        ));
        assert!(matches!(
            EvmAddress::parse(""),
            Err(EvmAddressError::MissingPrefix { .. })
        ));
        assert!(matches!(
            EvmAddress::parse("0x"),
            Err(EvmAddressError::Length { found: 0, .. })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!("0x{}", &hex40[1..])),
            Err(EvmAddressError::Length { found: 39, .. })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!("0x{hex40}0")),
            Err(EvmAddressError::Length { found: 41, .. })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!(" 0x{hex40}")),
            Err(EvmAddressError::MissingPrefix { .. })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!("0x{hex40} ")),
            Err(EvmAddressError::Length { found: 41, .. })
        ));
        assert_eq!(
            EvmAddress::parse(&format!("0x{}g", &hex40[1..])),
            Err(EvmAddressError::InvalidHex {
                index: 41,
                found: 'g',
                input: format!("0x{}g", &hex40[1..])
            })
        );
        // Non-ASCII counted as characters: 39 hex + 'é' = 40 characters, so it is a hex error.
        assert!(matches!(
            EvmAddress::parse(&format!("0x{}é", &hex40[1..])),
            Err(EvmAddressError::InvalidHex {
                index: 41,
                found: 'é',
                ..
            })
        ));
        assert!(matches!(
            EvmAddress::parse(&format!("0x{}", "0".repeat(64))),
            Err(EvmAddressError::Length { found: 64, .. })
        ));
    }

    #[test]
    fn error_messages_name_the_problem() {
        let e = EvmAddress::parse("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "EVM address \"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\" has mixed case but is not a valid EIP-55 checksum (expected \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\")"
        );
        assert_eq!(
            EvmAddress::parse("0x12").unwrap_err().to_string(),
            "EVM address must have exactly 40 hex digits after \"0x\", found 2: \"0x12\""
        );
        assert_eq!(
            EvmAddress::parse("12").unwrap_err().to_string(),
            "EVM address must start with lowercase \"0x\": \"12\""
        );
    }

    #[test]
    fn zero_and_accessors() {
        let z = EvmAddress::parse("0x0000000000000000000000000000000000000000").unwrap();
        assert_eq!(z, EvmAddress::ZERO);
        assert!(z.is_zero());
        let a = EvmAddress::parse(EIP55[4]).unwrap();
        assert!(!a.is_zero());
        assert_eq!(EvmAddress::new(a.get()), a);
        assert_eq!(EvmAddress::from_bytes(*a.as_bytes()), a);
        assert_eq!(AlloyAddress::from(a), a.get());
        assert_eq!(EIP55[4].parse::<EvmAddress>().unwrap(), a);
    }

    #[test]
    fn evm_serde_is_string_only() {
        let a: EvmAddress =
            serde_json::from_str("\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"").unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\""
        );
        for bad in [
            "1",
            "null",
            "[]",
            "\"\"",
            "\"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"",
        ] {
            assert!(serde_json::from_str::<EvmAddress>(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<EvmAddress>("\"5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("EVM address must start with lowercase \"0x\""),
            "{e}"
        );
    }

    const USDC_MAINNET: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

    #[test]
    fn solana_accepts_32_byte_base58() {
        let a = SolanaAddress::parse(USDC_MAINNET).unwrap();
        assert_eq!(a.to_string(), USDC_MAINNET);
        assert_eq!(format!("{a:?}"), format!("SolanaAddress({USDC_MAINNET:?})"));
        let system = "11111111111111111111111111111111";
        assert_eq!(
            SolanaAddress::parse(system).unwrap(),
            SolanaAddress::new([0; 32])
        );
        assert_eq!(SolanaAddress::new([0; 32]).to_string(), system);
        assert_eq!(SolanaAddress::from(a.to_bytes()), a);
        assert_eq!(<[u8; 32]>::from(a), *a.as_bytes());
        assert_eq!(USDC_MAINNET.parse::<SolanaAddress>().unwrap(), a);
    }

    #[test]
    fn solana_rejections() {
        assert_eq!(SolanaAddress::parse(""), Err(SolanaAddressError::Empty));
        assert!(matches!(
            SolanaAddress::parse("abc"),
            Err(SolanaAddressError::Length { found: 3, .. })
        ));
        assert!(matches!(
            SolanaAddress::parse(&"1".repeat(31)),
            Err(SolanaAddressError::Length { found: 31, .. })
        ));
        assert!(matches!(
            SolanaAddress::parse(&"2".repeat(45)),
            Err(SolanaAddressError::Length { found: 45, .. })
        ));
        // '0', 'O', 'I', 'l' are not in the alphabet.
        for (i, c) in [(0usize, '0'), (5, 'O'), (10, 'I'), (43, 'l')] {
            let mut s = USDC_MAINNET.to_string();
            s.replace_range(i..=i, &c.to_string());
            assert_eq!(
                SolanaAddress::parse(&s),
                Err(SolanaAddressError::InvalidCharacter {
                    index: i,
                    found: c,
                    input: s.clone()
                })
            );
        }
        assert!(matches!(
            SolanaAddress::parse(&format!(" {}", &USDC_MAINNET[1..])),
            Err(SolanaAddressError::InvalidCharacter {
                index: 0,
                found: ' ',
                ..
            })
        ));
        // 32 'z' decode to 24 bytes; 44 'z' to 33 bytes.
        assert!(matches!(
            SolanaAddress::parse(&"z".repeat(32)),
            Err(SolanaAddressError::DecodedLength { found: 24, .. })
        ));
        assert!(matches!(
            SolanaAddress::parse(&"z".repeat(44)),
            Err(SolanaAddressError::DecodedLength { found: 33, .. })
        ));
        assert_eq!(
            SolanaAddress::parse(&"z".repeat(44))
                .unwrap_err()
                .to_string(),
            format!(
                "Solana address must decode to 32 bytes, decodes to 33: {:?}",
                "z".repeat(44)
            )
        );
    }

    #[test]
    fn solana_serde_is_string_only() {
        let a: SolanaAddress = serde_json::from_value(serde_json::json!(USDC_MAINNET)).unwrap();
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            serde_json::json!(USDC_MAINNET)
        );
        assert!(serde_json::from_str::<SolanaAddress>("123").is_err());
        let e = serde_json::from_str::<SolanaAddress>("\"\"").unwrap_err();
        assert!(e.to_string().starts_with("Solana address is empty"), "{e}");
    }

    #[test]
    fn address_classifies_by_shape() {
        let evm = Address::parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C").unwrap();
        assert!(evm.as_evm().is_some());
        assert!(evm.as_solana().is_none() && evm.as_other().is_none());
        let lower = Address::parse("0x209693bc6afc0c5328ba36faf03c514ef312287c").unwrap();
        assert_eq!(lower, evm);
        assert_eq!(
            lower.to_string(),
            "0x209693Bc6afc0C5328bA36FaF03C514EF312287C"
        );

        let sol = Address::parse(USDC_MAINNET).unwrap();
        assert_eq!(
            sol.as_solana(),
            Some(&SolanaAddress::parse(USDC_MAINNET).unwrap())
        );

        for other in [
            "USD",
            "merchant",
            "0x123",
            "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ",
            "0x0000000000000000000000000000000000000000000000000000000000000001",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "é",
        ] {
            let a = Address::parse(other).unwrap();
            assert_eq!(a.as_other(), Some(other), "{other}");
            assert_eq!(a.to_string(), other);
            assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::json!(other));
        }
    }

    #[test]
    fn evm_shaped_strings_must_be_valid_evm() {
        assert_eq!(
            Address::parse("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            Err(AddressError::Evm(EvmAddressError::BadChecksum {
                expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into(),
                found: "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into(),
            }))
        );
        assert!(matches!(
            Address::parse("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            Err(AddressError::Evm(EvmAddressError::MissingPrefix { .. }))
        ));
    }

    #[test]
    fn address_rejections() {
        assert_eq!(Address::parse(""), Err(AddressError::Empty));
        for s in [" USD", "USD ", "a b", "the fee payer", "\u{a0}x"] {
            assert!(
                matches!(Address::parse(s), Err(AddressError::Whitespace { .. })),
                "{s:?}"
            );
        }
        assert_eq!(
            Address::parse("a\u{0}b"),
            Err(AddressError::ControlCharacter {
                index: 1,
                found: '\0',
                input: "a\u{0}b".into()
            })
        );
        assert!(matches!(
            Address::parse("a\u{7f}"),
            Err(AddressError::ControlCharacter { .. })
        ));
        assert!(matches!(
            Address::parse("a\nb"),
            Err(AddressError::ControlCharacter { index: 1, .. })
        ));
        assert_eq!(
            Address::parse("").unwrap_err().to_string(),
            "address is empty"
        );
        assert_eq!(
            Address::parse(" x").unwrap_err().to_string(),
            "address contains white space: \" x\""
        );
    }

    #[test]
    fn address_serde() {
        let a: Address = serde_json::from_str("\"merchant\"").unwrap();
        assert_eq!(a, Address::Other("merchant".into()));
        assert!(serde_json::from_str::<Address>("42").is_err());
        assert!(serde_json::from_str::<Address>("null").is_err());
        let e = serde_json::from_str::<Address>("\"\"").unwrap_err();
        assert!(e.to_string().starts_with("address is empty"), "{e}");
        let a: Address =
            serde_json::from_str("\"0x209693bc6afc0c5328ba36faf03c514ef312287c\"").unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\""
        );
        assert_eq!(
            Address::from(EvmAddress::ZERO).as_evm(),
            Some(&EvmAddress::ZERO)
        );
        assert!(
            Address::from(SolanaAddress::new([1; 32]))
                .as_solana()
                .is_some()
        );
    }

    #[test]
    fn schemas() {
        for (schema, pattern) in [
            (
                serde_json::to_value(schemars::schema_for!(EvmAddress)).unwrap(),
                Some("^0x[0-9a-fA-F]{40}$"),
            ),
            (
                serde_json::to_value(schemars::schema_for!(SolanaAddress)).unwrap(),
                Some("^[1-9A-HJ-NP-Za-km-z]{32,44}$"),
            ),
            (
                serde_json::to_value(schemars::schema_for!(Address)).unwrap(),
                None,
            ),
        ] {
            assert_eq!(schema["type"], "string");
            assert!(schema.get("format").is_none());
            assert!(schema["description"].is_string());
            match pattern {
                Some(p) => assert_eq!(schema["pattern"], p),
                None => assert_eq!(schema["minLength"], 1),
            }
            // Every example validates against its own schema.
            let validator = jsonschema::validator_for(&schema).unwrap();
            for ex in schema["examples"].as_array().unwrap() {
                assert!(validator.is_valid(ex), "{ex}");
            }
        }
        assert!(EIP55.iter().all(|s| s.contains("0x")));
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = EvmAddress::parse(&s);
            let _ = SolanaAddress::parse(&s);
            if let Ok(a) = Address::parse(&s) {
                // Whatever is accepted re-parses to the same value.
                prop_assert_eq!(Address::parse(&a.to_string()), Ok(a));
            }
        }

        #[test]
        fn evm_like_strings_never_panic(s in "0[xX][0-9a-fA-Fg ]{38,42}") {
            let _ = EvmAddress::parse(&s);
            let _ = Address::parse(&s);
        }

        #[test]
        fn evm_round_trip(bytes in any::<[u8; 20]>()) {
            let a = EvmAddress::from_bytes(bytes);
            let s = a.to_string();
            prop_assert_eq!(EvmAddress::parse(&s), Ok(a));
            prop_assert_eq!(EvmAddress::parse(&s.to_ascii_lowercase()), Ok(a));
            prop_assert_eq!(EvmAddress::parse(&format!("0x{}", s[2..].to_ascii_uppercase())), Ok(a));
            prop_assert_eq!(Address::parse(&s), Ok(Address::Evm(a)));
            // Agrees with alloy's checksum-validating parser.
            prop_assert_eq!(AlloyAddress::parse_checksummed(&s, None).ok(), Some(a.get()));
            let json = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(serde_json::from_str::<EvmAddress>(&json).unwrap(), a);
        }

        #[test]
        fn solana_round_trip(bytes in any::<[u8; 32]>()) {
            let a = SolanaAddress::new(bytes);
            let s = a.to_string();
            prop_assert_eq!(SolanaAddress::parse(&s), Ok(a));
            prop_assert_eq!(Address::parse(&s), Ok(Address::Solana(a)));
            let json = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(serde_json::from_str::<SolanaAddress>(&json).unwrap(), a);
        }

        #[test]
        fn solana_accepted_strings_are_canonical(s in "[1-9A-HJ-NP-Za-km-z]{32,44}") {
            if let Ok(a) = SolanaAddress::parse(&s) {
                prop_assert_eq!(a.to_string(), s);
            }
        }
    }

    #[test]
    fn memoised_checksum_agrees_with_direct_check() {
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        // Twenty rounds fill and cycle the 8-slot table; answers never change.
        for i in 0..20u8 {
            assert!(EvmAddress::parse(good).is_ok());
            assert!(EvmAddress::parse(bad).is_err());
            let other = EvmAddress::from_bytes([i; 20]).to_checksum();
            assert!(EvmAddress::parse(&other).is_ok());
            assert_eq!(
                checksum_matches(&bad.as_bytes()[2..]),
                checksum_matches_uncached(&bad.as_bytes()[2..])
            );
        }
    }
}
