//! Networks: CAIP-2 chain ids ([`Network`]), `namespace:*` patterns ([`NetworkPattern`]), the Solana
//! clusters, and the v1 network-name table (docs/protocol/networks.md §5.1).
//!
//! The TS schema only checks "length ≥ 3 and contains ':'", Go checks "exactly one ':'", Python
//! nothing (docs/protocol/disagreements.md item 32), and x402-rs accepts `"eip155:"`, `":1"`, `"EIP155:1"` and
//! `"eip155:8453:extra"` (docs/design/peers.md Probe 2). [`Network::parse`] enforces the CAIP-2 grammar:
//! namespace `[-a-z0-9]{3,8}`, one `:`, reference `[-_a-zA-Z0-9]{1,32}`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decimal::parse_canonical_u64;
use super::snippet;

/// Shortest CAIP-2 namespace.
const NAMESPACE_MIN: usize = 3;
/// Longest CAIP-2 namespace.
const NAMESPACE_MAX: usize = 8;
/// Longest CAIP-2 reference.
const REFERENCE_MAX: usize = 32;

/// CAIP-2 namespace of EVM chains.
pub const EIP155_NAMESPACE: &str = "eip155";
/// CAIP-2 namespace of Solana clusters.
pub const SOLANA_NAMESPACE: &str = "solana";

/// CAIP-2 id of Solana mainnet-beta (genesis hash prefix), docs/protocol/networks.md §5.1.
pub const SOLANA_MAINNET_CAIP2: &str = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
/// CAIP-2 id of Solana devnet, docs/protocol/networks.md §5.1.
pub const SOLANA_DEVNET_CAIP2: &str = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
/// CAIP-2 id of Solana testnet, docs/protocol/networks.md §5.1.
pub const SOLANA_TESTNET_CAIP2: &str = "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z";

/// Why a string is not a CAIP-2 chain id (or a [`NetworkPattern`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NetworkError {
    /// The string is empty.
    Empty,
    /// The string is a known v1 network name (e.g. `"base-sepolia"`), not a CAIP-2 id.
    V1Name {
        /// The v1 name.
        name: &'static str,
        /// The CAIP-2 id that replaces it in v2.
        caip2: &'static str,
    },
    /// The string has no `:` between namespace and reference.
    MissingSeparator {
        /// The offending input (cut to 64 characters).
        input: String,
    },
    /// The namespace (before the `:`) contains a character outside `[-a-z0-9]` (e.g. uppercase).
    NamespaceCharacter {
        /// Byte offset of the character in the input.
        index: usize,
        /// The character.
        found: char,
        /// The offending input.
        input: String,
    },
    /// The namespace is not 3 to 8 characters long (e.g. empty in `":1"`).
    NamespaceLength {
        /// Characters found.
        found: usize,
        /// The offending input.
        input: String,
    },
    /// The reference contains a second `:` (e.g. `"eip155:8453:extra"`).
    ExtraSeparator {
        /// Byte offset of the second `:` in the input.
        index: usize,
        /// The offending input.
        input: String,
    },
    /// The reference (after the `:`) contains a character outside `[-_a-zA-Z0-9]`.
    ReferenceCharacter {
        /// Byte offset of the character in the input.
        index: usize,
        /// The character.
        found: char,
        /// The offending input.
        input: String,
    },
    /// The reference is not 1 to 32 characters long (e.g. empty in `"eip155:"`).
    ReferenceLength {
        /// Characters found.
        found: usize,
        /// The offending input.
        input: String,
    },
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("CAIP-2 network id is empty"),
            Self::V1Name { name, caip2 } => write!(
                f,
                "{name:?} is a v1 network name, not a CAIP-2 network id (v2 uses {caip2:?})"
            ),
            Self::MissingSeparator { input } => write!(
                f,
                "CAIP-2 network id has no ':' between namespace and reference: {input:?}"
            ),
            Self::NamespaceCharacter {
                index,
                found,
                input,
            } => write!(
                f,
                "CAIP-2 namespace has invalid character {found:?} at byte {index} (allowed: [-a-z0-9]): {input:?}"
            ),
            Self::NamespaceLength { found, input } => write!(
                f,
                "CAIP-2 namespace must be {NAMESPACE_MIN} to {NAMESPACE_MAX} characters, found {found}: {input:?}"
            ),
            Self::ExtraSeparator { index, input } => write!(
                f,
                "CAIP-2 network id has a second ':' at byte {index} (exactly one is allowed): {input:?}"
            ),
            Self::ReferenceCharacter {
                index,
                found,
                input,
            } => write!(
                f,
                "CAIP-2 reference has invalid character {found:?} at byte {index} (allowed: [-_a-zA-Z0-9]): {input:?}"
            ),
            Self::ReferenceLength { found, input } => write!(
                f,
                "CAIP-2 reference must be 1 to {REFERENCE_MAX} characters, found {found}: {input:?}"
            ),
        }
    }
}

impl std::error::Error for NetworkError {}

/// Checks a CAIP-2 namespace that starts at byte `offset` of `input` (for error positions).
fn check_namespace(ns: &str, offset: usize, input: &str) -> Result<(), NetworkError> {
    if let Some((i, found)) = ns
        .char_indices()
        .find(|(_, c)| !matches!(c, '-' | 'a'..='z' | '0'..='9'))
    {
        return Err(NetworkError::NamespaceCharacter {
            index: offset.saturating_add(i),
            found,
            input: snippet(input),
        });
    }
    // All ASCII from here: bytes == characters.
    if !(NAMESPACE_MIN..=NAMESPACE_MAX).contains(&ns.len()) {
        return Err(NetworkError::NamespaceLength {
            found: ns.len(),
            input: snippet(input),
        });
    }
    Ok(())
}

/// Checks a CAIP-2 reference that starts at byte `offset` of `input`.
fn check_reference(reference: &str, offset: usize, input: &str) -> Result<(), NetworkError> {
    if let Some((i, found)) = reference
        .char_indices()
        .find(|(_, c)| !matches!(c, '-' | '_' | 'a'..='z' | 'A'..='Z' | '0'..='9'))
    {
        let index = offset.saturating_add(i);
        return Err(if found == ':' {
            NetworkError::ExtraSeparator {
                index,
                input: snippet(input),
            }
        } else {
            NetworkError::ReferenceCharacter {
                index,
                found,
                input: snippet(input),
            }
        });
    }
    if !(1..=REFERENCE_MAX).contains(&reference.len()) {
        return Err(NetworkError::ReferenceLength {
            found: reference.len(),
            input: snippet(input),
        });
    }
    Ok(())
}

/// Splits and checks a CAIP-2 id; returns the byte offset of the `:`.
fn check_caip2(s: &str) -> Result<usize, NetworkError> {
    if s.is_empty() {
        return Err(NetworkError::Empty);
    }
    let Some(colon) = s.find(':') else {
        return Err(match v1_network(s) {
            Some(info) => NetworkError::V1Name {
                name: info.name,
                caip2: info.caip2,
            },
            None => NetworkError::MissingSeparator { input: snippet(s) },
        });
    };
    let (ns, rest) = s.split_at(colon);
    let reference = rest.get(1..).unwrap_or_default();
    check_namespace(ns, 0, s)?;
    check_reference(reference, colon.saturating_add(1), s)?;
    Ok(colon)
}

/// A CAIP-2 chain id such as `"eip155:8453"` or `"solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"` — the v2
/// `network` field.
///
/// Parsing enforces the CAIP-2 grammar (namespace `[-a-z0-9]{3,8}`, exactly one `:`, reference
/// `[-_a-zA-Z0-9]{1,32}`), so `"eip155:"`, `":1"`, `"EIP155:1"`, `"eip155:8453:extra"` and v1 names
/// such as `"base"` are errors. The string is kept verbatim, so `to_string()` reproduces the input.
/// Equality is string equality: `"eip155:01"` and `"eip155:1"` are different (and only the latter has
/// an [`evm_chain_id`](Self::evm_chain_id)).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Network {
    /// The full id (borrowed for the constants and tables of this crate).
    value: Cow<'static, str>,
    /// Byte offset of the `:`.
    colon: usize,
}

impl Network {
    /// Solana mainnet-beta ([`SOLANA_MAINNET_CAIP2`]).
    pub const SOLANA_MAINNET: Self = Self::from_static_unchecked(SOLANA_MAINNET_CAIP2, 6);
    /// Solana devnet ([`SOLANA_DEVNET_CAIP2`]).
    pub const SOLANA_DEVNET: Self = Self::from_static_unchecked(SOLANA_DEVNET_CAIP2, 6);
    /// Solana testnet ([`SOLANA_TESTNET_CAIP2`]).
    pub const SOLANA_TESTNET: Self = Self::from_static_unchecked(SOLANA_TESTNET_CAIP2, 6);

    /// Builds a network from a constant known to be valid (checked by this module's tests).
    const fn from_static_unchecked(value: &'static str, colon: usize) -> Self {
        Self {
            value: Cow::Borrowed(value),
            colon,
        }
    }

    /// Builds a network from a table constant of this crate (every table row is checked by a unit
    /// test, so the `:` is always present; `0` is never used for a valid row).
    pub(crate) fn from_table(value: &'static str) -> Self {
        let colon = value.find(':').unwrap_or(0);
        Self::from_static_unchecked(value, colon)
    }

    /// Parses a CAIP-2 chain id.
    ///
    /// # Errors
    /// A [`NetworkError`] naming the part (namespace or reference) that is wrong and why.
    pub fn parse(s: &str) -> Result<Self, NetworkError> {
        let colon = check_caip2(s)?;
        Ok(Self {
            value: Cow::Owned(s.to_owned()),
            colon,
        })
    }

    /// Parses a `'static` CAIP-2 chain id without copying it.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn from_static(s: &'static str) -> Result<Self, NetworkError> {
        let colon = check_caip2(s)?;
        Ok(Self::from_static_unchecked(s, colon))
    }

    /// The EVM chain `eip155:<chain_id>`.
    pub fn eip155(chain_id: u64) -> Self {
        Self {
            value: Cow::Owned(format!("{EIP155_NAMESPACE}:{chain_id}")),
            colon: EIP155_NAMESPACE.len(),
        }
    }

    /// The full id, e.g. `"eip155:8453"`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The namespace (before the `:`), e.g. `"eip155"`.
    pub fn namespace(&self) -> &str {
        self.value.get(..self.colon).unwrap_or_default()
    }

    /// The reference (after the `:`), e.g. `"8453"`.
    pub fn reference(&self) -> &str {
        self.value
            .get(self.colon.saturating_add(1)..)
            .unwrap_or_default()
    }

    /// Whether the namespace is `eip155` (EVM).
    pub fn is_eip155(&self) -> bool {
        self.namespace() == EIP155_NAMESPACE
    }

    /// Whether the namespace is `solana` (any reference; see [`solana_cluster`](Self::solana_cluster)
    /// for the three clusters the SDKs accept).
    pub fn is_solana(&self) -> bool {
        self.namespace() == SOLANA_NAMESPACE
    }

    /// The EVM chain id of an `eip155` network.
    ///
    /// `Some` only when the reference is a canonical base-10 `u64` (no leading zeros). The SDKs use
    /// `parseInt(ref, 10)` / `big.Int` (docs/protocol/networks.md §5.1), so they would read `"eip155:01"` as 1 and
    /// TS would read `"eip155:0x1"` as 0; both are valid CAIP-2 ids but have **no** EVM chain id here,
    /// because the EIP-712 domain would otherwise be signed for a chain the string does not name
    /// canonically.
    pub fn evm_chain_id(&self) -> Option<u64> {
        if self.is_eip155() {
            parse_canonical_u64(self.reference()).ok()
        } else {
            None
        }
    }

    /// The Solana cluster, if this is one of the three genesis-hash ids the SDKs accept
    /// (docs/protocol/networks.md §5.1: SVM v2 accepts only these).
    pub fn solana_cluster(&self) -> Option<SolanaCluster> {
        solana_cluster(self)
    }
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Network").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Network {
    type Err = NetworkError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Network {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Deserializes `T` from a JSON string only, reporting the typed parse error's message.
struct StrVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, NetworkError>,
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

impl Serialize for Network {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "a CAIP-2 network id string such as \"eip155:8453\"",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for Network {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Network")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::Network")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$",
            "description": concat!(
                "CAIP-2 chain id: namespace ([-a-z0-9]{3,8}), one ':', reference ([-_a-zA-Z0-9]{1,32}), ",
                "e.g. \"eip155:8453\" or \"solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp\"."
            ),
            "examples": ["eip155:8453", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"]
        })
    }
}

/// A network or a whole CAIP-2 namespace: the keys of `GET /supported` `signers` (`"eip155:*"`,
/// docs/protocol/wire.md §1.10) and the patterns servers use to match facilitator kinds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum NetworkPattern {
    /// Exactly one network.
    Exact(Network),
    /// Every network of a namespace (`"<namespace>:*"`); holds the namespace without `:*`.
    Namespace(String),
}

impl NetworkPattern {
    /// Parses `"<namespace>:*"` or an exact CAIP-2 id.
    ///
    /// # Errors
    /// A [`NetworkError`] (for `"<namespace>:*"`, only the namespace is checked).
    pub fn parse(s: &str) -> Result<Self, NetworkError> {
        match s.strip_suffix(":*") {
            Some(ns) if !ns.contains(':') => {
                check_namespace(ns, 0, s)?;
                Ok(Self::Namespace(ns.to_owned()))
            }
            _ => Network::parse(s).map(Self::Exact),
        }
    }

    /// The pattern `"<namespace>:*"` for every network of `network`'s namespace.
    pub fn namespace_of(network: &Network) -> Self {
        Self::Namespace(network.namespace().to_owned())
    }

    /// The namespace the pattern belongs to.
    pub fn namespace(&self) -> &str {
        match self {
            Self::Exact(n) => n.namespace(),
            Self::Namespace(ns) => ns,
        }
    }

    /// Whether `network` is matched: equal to an exact pattern, or in the pattern's namespace.
    pub fn matches(&self, network: &Network) -> bool {
        match self {
            Self::Exact(n) => n == network,
            Self::Namespace(ns) => network.namespace() == ns,
        }
    }
}

impl From<Network> for NetworkPattern {
    fn from(network: Network) -> Self {
        Self::Exact(network)
    }
}

impl fmt::Display for NetworkPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(n) => fmt::Display::fmt(n, f),
            Self::Namespace(ns) => write!(f, "{ns}:*"),
        }
    }
}

impl FromStr for NetworkPattern {
    type Err = NetworkError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for NetworkPattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NetworkPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor {
            expecting: "a CAIP-2 network id or namespace pattern string such as \"eip155:*\"",
            parse: Self::parse,
        })
    }
}

impl JsonSchema for NetworkPattern {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("NetworkPattern")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::primitives::NetworkPattern")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[-a-z0-9]{3,8}:([-_a-zA-Z0-9]{1,32}|\\*)$",
            "description": concat!(
                "A CAIP-2 chain id (\"eip155:8453\") or a whole namespace (\"eip155:*\"), as used for ",
                "the keys of GET /supported signers."
            ),
            "examples": ["eip155:*", "solana:*", "eip155:8453"]
        })
    }
}

/// A Solana cluster, identified in CAIP-2 by its genesis-hash prefix (docs/protocol/networks.md §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SolanaCluster {
    /// mainnet-beta.
    Mainnet,
    /// devnet.
    Devnet,
    /// testnet.
    Testnet,
}

impl SolanaCluster {
    /// All clusters.
    pub const ALL: [Self; 3] = [Self::Mainnet, Self::Devnet, Self::Testnet];

    /// The CAIP-2 id (`"solana:<genesis hash prefix>"`).
    pub const fn caip2(self) -> &'static str {
        match self {
            Self::Mainnet => SOLANA_MAINNET_CAIP2,
            Self::Devnet => SOLANA_DEVNET_CAIP2,
            Self::Testnet => SOLANA_TESTNET_CAIP2,
        }
    }

    /// The CAIP-2 network.
    pub const fn network(self) -> Network {
        match self {
            Self::Mainnet => Network::SOLANA_MAINNET,
            Self::Devnet => Network::SOLANA_DEVNET,
            Self::Testnet => Network::SOLANA_TESTNET,
        }
    }

    /// The v1 network name (`"solana"`, `"solana-devnet"`, `"solana-testnet"`).
    pub const fn v1_name(self) -> &'static str {
        match self {
            Self::Mainnet => "solana",
            Self::Devnet => "solana-devnet",
            Self::Testnet => "solana-testnet",
        }
    }
}

/// The Solana cluster a network names, if it is one of the three known genesis-hash ids.
pub fn solana_cluster(network: &Network) -> Option<SolanaCluster> {
    SolanaCluster::ALL
        .into_iter()
        .find(|c| c.caip2() == network.as_str())
}

/// One row of the v1 network-name table (docs/protocol/networks.md §5.1).
///
/// Rows exist only in [`V1_NETWORKS`] (the struct is `#[non_exhaustive]`); unit tests check that
/// every `caip2` parses and that `chain_id` agrees with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct V1NetworkInfo {
    /// The v1 `network` string, e.g. `"base-sepolia"`.
    pub name: &'static str,
    /// The v2 CAIP-2 id, e.g. `"eip155:84532"`.
    pub caip2: &'static str,
    /// The EVM chain id used by TS, Go and the legacy TS package (`None` for Solana). This is the
    /// canonical value.
    pub chain_id: Option<u64>,
    /// The chain id the Python SDK uses **when it differs** from `chain_id`, else `None`.
    ///
    /// These values are not the truth: they are recorded as data so that a conformance harness can
    /// explain why Python-signed v1 payloads on these networks carry a different EIP-712 domain
    /// (docs/protocol/disagreements.md item 28). The canonical chain id is `chain_id`.
    pub python_chain_id: Option<u64>,
    /// Whether the name is in the legacy TS `NetworkSchema` enum (17 names) that the strict legacy v1
    /// zod schema validates against (docs/protocol/wire.md §1.6).
    pub in_legacy_enum: bool,
}

impl V1NetworkInfo {
    /// The v2 CAIP-2 network.
    pub fn network(&self) -> Network {
        Network::from_table(self.caip2)
    }
}

/// Shorthand for the rows of [`V1_NETWORKS`].
const fn v1(
    name: &'static str,
    caip2: &'static str,
    chain_id: Option<u64>,
    python_chain_id: Option<u64>,
    in_legacy_enum: bool,
) -> V1NetworkInfo {
    V1NetworkInfo {
        name,
        caip2,
        chain_id,
        python_chain_id,
        in_legacy_enum,
    }
}

/// Every v1 network name known to the reference SDKs (docs/protocol/networks.md §5.1, 24 rows), in the reference
/// table's order.
pub const V1_NETWORKS: &[V1NetworkInfo] = &[
    v1("ethereum", "eip155:1", Some(1), None, false),
    v1("sepolia", "eip155:11155111", Some(11_155_111), None, false),
    v1("abstract", "eip155:2741", Some(2741), None, true),
    v1("abstract-testnet", "eip155:11124", Some(11_124), None, true),
    v1("base-sepolia", "eip155:84532", Some(84_532), None, true),
    v1("base", "eip155:8453", Some(8453), None, true),
    v1("avalanche-fuji", "eip155:43113", Some(43_113), None, true),
    v1("avalanche", "eip155:43114", Some(43_114), None, true),
    v1("iotex", "eip155:4689", Some(4689), None, true),
    v1("sei", "eip155:1329", Some(1329), None, true),
    v1(
        "sei-testnet",
        "eip155:1328",
        Some(1328),
        Some(713_715),
        true,
    ),
    v1("polygon", "eip155:137", Some(137), None, true),
    v1("polygon-amoy", "eip155:80002", Some(80_002), None, true),
    v1("peaq", "eip155:3338", Some(3338), None, true),
    v1("story", "eip155:1514", Some(1514), Some(1513), true),
    v1(
        "educhain",
        "eip155:41923",
        Some(41_923),
        Some(656_476),
        true,
    ),
    v1(
        "skale-base-sepolia",
        "eip155:324705682",
        Some(324_705_682),
        Some(1_444_673_419),
        true,
    ),
    v1("megaeth", "eip155:4326", Some(4326), None, false),
    v1("monad", "eip155:143", Some(143), None, false),
    v1("stable", "eip155:988", Some(988), None, false),
    v1("stable-testnet", "eip155:2201", Some(2201), None, false),
    v1("solana", SOLANA_MAINNET_CAIP2, None, None, true),
    v1("solana-devnet", SOLANA_DEVNET_CAIP2, None, None, true),
    v1("solana-testnet", SOLANA_TESTNET_CAIP2, None, None, false),
];

/// The row of a v1 network name (exact, case-sensitive match).
pub fn v1_network(name: &str) -> Option<&'static V1NetworkInfo> {
    V1_NETWORKS.iter().find(|info| info.name == name)
}

/// The CAIP-2 network of a v1 network name.
pub fn v1_to_caip2(name: &str) -> Option<Network> {
    v1_network(name).map(V1NetworkInfo::network)
}

/// The v1 name of a CAIP-2 network, if it has one.
pub fn caip2_to_v1(network: &Network) -> Option<&'static str> {
    V1_NETWORKS
        .iter()
        .find(|info| info.caip2 == network.as_str())
        .map(|info| info.name)
}

/// The canonical (TS/Go/legacy) EVM chain id of a v1 network name; `None` for Solana and unknown names.
pub fn v1_evm_chain_id(name: &str) -> Option<u64> {
    v1_network(name).and_then(|info| info.chain_id)
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
    use std::collections::BTreeSet;

    fn err(s: &str) -> NetworkError {
        Network::parse(s).unwrap_err()
    }

    #[test]
    fn accepts_valid_caip2() {
        for s in [
            "eip155:1",
            "eip155:8453",
            "eip155:18446744073709551615",
            SOLANA_MAINNET_CAIP2,
            "cosmos:cosmoshub-3",
            "bip122:000000000019d6689c085ae165831e93",
            "abc:_",
            "a-b-c123:A_b-C",
            "stellar:pubnet",
            "aptos:1",
        ] {
            let n = Network::parse(s).unwrap();
            assert_eq!(n.as_str(), s);
            assert_eq!(n.to_string(), s);
            assert_eq!(format!("{}:{}", n.namespace(), n.reference()), s);
        }
        let n = Network::parse("eip155:8453").unwrap();
        assert_eq!(n.namespace(), "eip155");
        assert_eq!(n.reference(), "8453");
        assert_eq!(format!("{n:?}"), "Network(\"eip155:8453\")");
    }

    #[test]
    fn rejects_x402_rs_probe_inputs() {
        // docs/design/peers.md Probe 2 (all accepted by x402-rs).
        assert_eq!(
            err("eip155:"),
            NetworkError::ReferenceLength {
                found: 0,
                input: "eip155:".into()
            }
        );
        assert_eq!(
            err(":1"),
            NetworkError::NamespaceLength {
                found: 0,
                input: ":1".into()
            }
        );
        assert_eq!(
            err("eip155:8453:extra"),
            NetworkError::ExtraSeparator {
                index: 11,
                input: "eip155:8453:extra".into()
            }
        );
        assert_eq!(
            err("EIP155:1"),
            NetworkError::NamespaceCharacter {
                index: 0,
                found: 'E',
                input: "EIP155:1".into()
            }
        );
        // "eip155:0x1" is valid CAIP-2 but has no EVM chain id.
        let hex = Network::parse("eip155:0x1").unwrap();
        assert!(hex.is_eip155());
        assert_eq!(hex.evm_chain_id(), None);
    }

    #[test]
    fn rejects_grammar_violations() {
        assert_eq!(err(""), NetworkError::Empty);
        assert!(matches!(
            err("eip155"),
            NetworkError::MissingSeparator { .. }
        ));
        assert!(matches!(
            err("ab:1"),
            NetworkError::NamespaceLength { found: 2, .. }
        ));
        assert!(matches!(
            err("abcdefghi:1"),
            NetworkError::NamespaceLength { found: 9, .. }
        ));
        assert!(Network::parse("abcdefgh:1").is_ok());
        assert!(matches!(
            err("eip_155:1"),
            NetworkError::NamespaceCharacter {
                index: 3,
                found: '_',
                ..
            }
        ));
        assert!(matches!(
            err(" eip155:1"),
            NetworkError::NamespaceCharacter {
                index: 0,
                found: ' ',
                ..
            }
        ));
        assert!(matches!(
            err("eip155:1 "),
            NetworkError::ReferenceCharacter {
                index: 8,
                found: ' ',
                ..
            }
        ));
        assert!(matches!(
            err("eip155:8.5"),
            NetworkError::ReferenceCharacter {
                index: 8,
                found: '.',
                ..
            }
        ));
        assert!(matches!(
            err("eip155:é"),
            NetworkError::ReferenceCharacter {
                index: 7,
                found: 'é',
                ..
            }
        ));
        assert!(matches!(
            err("éip155:1"),
            NetworkError::NamespaceCharacter {
                index: 0,
                found: 'é',
                ..
            }
        ));
        assert!(matches!(
            err("eip155:*"),
            NetworkError::ReferenceCharacter { found: '*', .. }
        ));
        let long_ref = format!("solana:{}", "a".repeat(33));
        assert!(matches!(
            err(&long_ref),
            NetworkError::ReferenceLength { found: 33, .. }
        ));
        assert!(Network::parse(&format!("solana:{}", "a".repeat(32))).is_ok());
        assert!(matches!(
            err(":"),
            NetworkError::NamespaceLength { found: 0, .. }
        ));
        assert!(matches!(
            err("::"),
            NetworkError::NamespaceLength { found: 0, .. }
        ));
    }

    #[test]
    fn v1_names_get_a_helpful_error() {
        assert_eq!(
            err("base-sepolia"),
            NetworkError::V1Name {
                name: "base-sepolia",
                caip2: "eip155:84532"
            }
        );
        assert_eq!(
            err("base").to_string(),
            "\"base\" is a v1 network name, not a CAIP-2 network id (v2 uses \"eip155:8453\")"
        );
        assert_eq!(
            err("solana").to_string(),
            format!(
                "\"solana\" is a v1 network name, not a CAIP-2 network id (v2 uses {SOLANA_MAINNET_CAIP2:?})"
            )
        );
    }

    #[test]
    fn error_messages_name_the_part() {
        assert_eq!(
            err("eip155:").to_string(),
            "CAIP-2 reference must be 1 to 32 characters, found 0: \"eip155:\""
        );
        assert_eq!(
            err(":1").to_string(),
            "CAIP-2 namespace must be 3 to 8 characters, found 0: \":1\""
        );
        assert_eq!(
            err("EIP155:1").to_string(),
            "CAIP-2 namespace has invalid character 'E' at byte 0 (allowed: [-a-z0-9]): \"EIP155:1\""
        );
        assert_eq!(
            err("eip155:8453:extra").to_string(),
            "CAIP-2 network id has a second ':' at byte 11 (exactly one is allowed): \"eip155:8453:extra\""
        );
        assert_eq!(
            err("eip155:8$").to_string(),
            "CAIP-2 reference has invalid character '$' at byte 8 (allowed: [-_a-zA-Z0-9]): \"eip155:8$\""
        );
        assert_eq!(
            err("xyz").to_string(),
            "CAIP-2 network id has no ':' between namespace and reference: \"xyz\""
        );
        assert_eq!(err("").to_string(), "CAIP-2 network id is empty");
    }

    #[test]
    fn evm_chain_ids() {
        assert_eq!(
            Network::parse("eip155:8453").unwrap().evm_chain_id(),
            Some(8453)
        );
        assert_eq!(Network::parse("eip155:0").unwrap().evm_chain_id(), Some(0));
        assert_eq!(Network::parse("eip155:01").unwrap().evm_chain_id(), None);
        assert_eq!(Network::parse("eip155:0x1").unwrap().evm_chain_id(), None);
        assert_eq!(
            Network::parse("eip155:18446744073709551615")
                .unwrap()
                .evm_chain_id(),
            Some(u64::MAX)
        );
        assert_eq!(
            Network::parse("eip155:18446744073709551616")
                .unwrap()
                .evm_chain_id(),
            None
        );
        assert_eq!(Network::parse("eip155:-1").unwrap().evm_chain_id(), None);
        assert_eq!(Network::parse("eip1555:1").unwrap().evm_chain_id(), None);
        assert_eq!(Network::SOLANA_MAINNET.evm_chain_id(), None);
        assert_eq!(Network::parse("aptos:1").unwrap().evm_chain_id(), None);
        let n = Network::eip155(84_532);
        assert_eq!(n, Network::parse("eip155:84532").unwrap());
        assert_eq!((n.namespace(), n.reference()), ("eip155", "84532"));
        assert!(n.is_eip155() && !n.is_solana());
        assert_eq!(Network::eip155(u64::MAX).evm_chain_id(), Some(u64::MAX));
        assert_eq!(Network::eip155(0).as_str(), "eip155:0");
    }

    #[test]
    fn solana_constants_and_clusters() {
        for (c, n, s, v1name) in [
            (
                SolanaCluster::Mainnet,
                Network::SOLANA_MAINNET,
                SOLANA_MAINNET_CAIP2,
                "solana",
            ),
            (
                SolanaCluster::Devnet,
                Network::SOLANA_DEVNET,
                SOLANA_DEVNET_CAIP2,
                "solana-devnet",
            ),
            (
                SolanaCluster::Testnet,
                Network::SOLANA_TESTNET,
                SOLANA_TESTNET_CAIP2,
                "solana-testnet",
            ),
        ] {
            let parsed = Network::parse(s).unwrap();
            assert_eq!(parsed, n);
            assert_eq!(parsed.namespace(), n.namespace());
            assert_eq!(parsed.reference(), n.reference());
            assert!(n.is_solana() && !n.is_eip155());
            assert_eq!(c.network(), n);
            assert_eq!(c.caip2(), s);
            assert_eq!(c.v1_name(), v1name);
            assert_eq!(solana_cluster(&n), Some(c));
            assert_eq!(n.solana_cluster(), Some(c));
            assert_eq!(v1_to_caip2(v1name), Some(n.clone()));
            assert_eq!(caip2_to_v1(&n), Some(v1name));
        }
        assert_eq!(
            SOLANA_MAINNET_CAIP2,
            "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"
        );
        assert_eq!(
            SOLANA_DEVNET_CAIP2,
            "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"
        );
        assert_eq!(
            SOLANA_TESTNET_CAIP2,
            "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z"
        );
        // Another solana reference is a valid CAIP-2 id but not a known cluster.
        let other = Network::parse("solana:abc").unwrap();
        assert!(other.is_solana());
        assert_eq!(other.solana_cluster(), None);
        assert_eq!(Network::eip155(1).solana_cluster(), None);
    }

    #[test]
    fn from_static_borrows_and_validates() {
        let n = Network::from_static("eip155:8453").unwrap();
        assert_eq!(n, Network::parse("eip155:8453").unwrap());
        assert!(matches!(n.value, Cow::Borrowed(_)));
        assert_eq!(
            Network::from_static("eip155:"),
            Err(NetworkError::ReferenceLength {
                found: 0,
                input: "eip155:".into()
            })
        );
    }

    #[test]
    fn serde_is_string_only() {
        let n: Network = serde_json::from_str("\"eip155:84532\"").unwrap();
        assert_eq!(n, Network::eip155(84_532));
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"eip155:84532\"");
        for bad in ["84532", "null", "\"\"", "\"eip155:\"", "\"base\""] {
            assert!(serde_json::from_str::<Network>(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<Network>("\"EIP155:1\"").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("CAIP-2 namespace has invalid character 'E'"),
            "{e}"
        );
    }

    #[test]
    fn patterns() {
        let all_evm = NetworkPattern::parse("eip155:*").unwrap();
        assert_eq!(all_evm, NetworkPattern::Namespace("eip155".into()));
        assert_eq!(all_evm.to_string(), "eip155:*");
        assert_eq!(all_evm.namespace(), "eip155");
        assert!(all_evm.matches(&Network::eip155(1)));
        assert!(all_evm.matches(&Network::parse("eip155:0x1").unwrap()));
        assert!(!all_evm.matches(&Network::SOLANA_MAINNET));
        assert_eq!(NetworkPattern::namespace_of(&Network::eip155(5)), all_evm);

        let base = NetworkPattern::parse("eip155:8453").unwrap();
        assert_eq!(base, NetworkPattern::Exact(Network::eip155(8453)));
        assert_eq!(NetworkPattern::from(Network::eip155(8453)), base);
        assert!(base.matches(&Network::eip155(8453)));
        assert!(!base.matches(&Network::eip155(84_532)));
        assert_eq!(base.namespace(), "eip155");

        let sol = NetworkPattern::parse("solana:*").unwrap();
        assert!(sol.matches(&Network::SOLANA_DEVNET));

        assert_eq!(NetworkPattern::parse(""), Err(NetworkError::Empty));
        assert!(matches!(
            NetworkPattern::parse(":*"),
            Err(NetworkError::NamespaceLength { found: 0, .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("EIP155:*"),
            Err(NetworkError::NamespaceCharacter { .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("*"),
            Err(NetworkError::MissingSeparator { .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("*:*"),
            Err(NetworkError::NamespaceCharacter {
                index: 0,
                found: '*',
                ..
            })
        ));
        assert!(matches!(
            NetworkPattern::parse("eip155:**"),
            Err(NetworkError::ReferenceCharacter { .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("a:b:*"),
            Err(NetworkError::NamespaceLength { .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("eip155:1:*"),
            Err(NetworkError::ExtraSeparator { index: 8, .. })
        ));
        assert!(matches!(
            NetworkPattern::parse("eip155:"),
            Err(NetworkError::ReferenceLength { .. })
        ));

        let json = serde_json::to_string(&all_evm).unwrap();
        assert_eq!(json, "\"eip155:*\"");
        assert_eq!(
            serde_json::from_str::<NetworkPattern>(&json).unwrap(),
            all_evm
        );
        assert!(serde_json::from_str::<NetworkPattern>("1").is_err());
        assert_eq!("solana:*".parse::<NetworkPattern>().unwrap(), sol);
    }

    #[test]
    fn schemas_are_strings_with_patterns() {
        let s = serde_json::to_value(schemars::schema_for!(Network)).unwrap();
        assert_eq!(s["type"], "string");
        assert_eq!(s["pattern"], "^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$");
        let v = jsonschema::validator_for(&s).unwrap();
        for ok in ["eip155:8453", SOLANA_MAINNET_CAIP2] {
            assert!(v.is_valid(&serde_json::json!(ok)));
        }
        for bad in ["eip155:", ":1", "EIP155:1", "eip155:8453:extra", "base"] {
            assert!(!v.is_valid(&serde_json::json!(bad)), "{bad}");
            assert!(Network::parse(bad).is_err());
        }
        let s = serde_json::to_value(schemars::schema_for!(NetworkPattern)).unwrap();
        let v = jsonschema::validator_for(&s).unwrap();
        for ok in ["eip155:*", "eip155:8453"] {
            assert!(v.is_valid(&serde_json::json!(ok)), "{ok}");
        }
        for bad in ["eip155:**", "*", "eip155:"] {
            assert!(!v.is_valid(&serde_json::json!(bad)), "{bad}");
        }
        assert!(s.get("format").is_none());
    }

    #[test]
    fn v1_table_has_24_unique_rows() {
        assert_eq!(V1_NETWORKS.len(), 24);
        let names: BTreeSet<_> = V1_NETWORKS.iter().map(|i| i.name).collect();
        assert_eq!(names.len(), 24);
        let ids: BTreeSet<_> = V1_NETWORKS.iter().map(|i| i.caip2).collect();
        assert_eq!(ids.len(), 24);
        assert_eq!(V1_NETWORKS.iter().filter(|i| i.in_legacy_enum).count(), 17);
    }

    #[test]
    fn v1_table_rows_are_consistent() {
        for info in V1_NETWORKS {
            let parsed = Network::parse(info.caip2).unwrap();
            assert_eq!(info.network(), parsed, "{}", info.name);
            assert_eq!(info.network().namespace(), parsed.namespace());
            assert_eq!(info.network().reference(), parsed.reference());
            // A v1 name is never itself a CAIP-2 id.
            assert!(
                matches!(Network::parse(info.name), Err(NetworkError::V1Name { .. })),
                "{}",
                info.name
            );
            if parsed.is_eip155() {
                assert_eq!(info.chain_id, parsed.evm_chain_id(), "{}", info.name);
                assert!(info.chain_id.is_some());
                assert_ne!(
                    info.python_chain_id, info.chain_id,
                    "{}: python_chain_id only when different",
                    info.name
                );
                assert_eq!(parsed, Network::eip155(info.chain_id.unwrap()));
            } else {
                assert!(parsed.is_solana(), "{}", info.name);
                assert_eq!(info.chain_id, None);
                assert_eq!(info.python_chain_id, None);
                assert_eq!(parsed.solana_cluster().unwrap().v1_name(), info.name);
            }
            assert_eq!(v1_network(info.name), Some(info));
            assert_eq!(v1_to_caip2(info.name), Some(parsed.clone()));
            assert_eq!(caip2_to_v1(&parsed), Some(info.name));
            assert_eq!(v1_evm_chain_id(info.name), info.chain_id);
        }
    }

    #[test]
    fn v1_lookups() {
        assert_eq!(v1_evm_chain_id("base-sepolia"), Some(84_532));
        assert_eq!(v1_evm_chain_id("solana"), None);
        assert_eq!(v1_evm_chain_id("Base"), None);
        assert_eq!(v1_network("nope"), None);
        assert_eq!(v1_to_caip2("polygon-amoy"), Some(Network::eip155(80_002)));
        assert_eq!(caip2_to_v1(&Network::eip155(42_161)), None);
        // The Python deviations (docs/protocol/disagreements.md item 28) are recorded as data, not as the chain id.
        for (name, canonical, python) in [
            ("sei-testnet", 1328, 713_715),
            ("story", 1514, 1513),
            ("educhain", 41_923, 656_476),
            ("skale-base-sepolia", 324_705_682, 1_444_673_419),
        ] {
            let info = v1_network(name).unwrap();
            assert_eq!(info.chain_id, Some(canonical));
            assert_eq!(info.python_chain_id, Some(python));
        }
        assert_eq!(
            V1_NETWORKS
                .iter()
                .filter(|i| i.python_chain_id.is_some())
                .count(),
            4
        );
        assert!(!v1_network("ethereum").unwrap().in_legacy_enum);
        assert!(!v1_network("solana-testnet").unwrap().in_legacy_enum);
        assert!(v1_network("solana-devnet").unwrap().in_legacy_enum);
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            if let Ok(n) = Network::parse(&s) {
                prop_assert_eq!(n.as_str(), s.as_str());
                prop_assert_eq!(format!("{}:{}", n.namespace(), n.reference()), s.clone());
                let _ = n.evm_chain_id();
            }
            if let Ok(p) = NetworkPattern::parse(&s) {
                prop_assert_eq!(p.to_string(), s);
            }
        }

        #[test]
        fn caip2_like_strings_never_panic(s in "[-_a-zA-Z0-9:*é ]{0,45}") {
            let parsed = Network::parse(&s);
            // Agrees with the grammar written as a simple predicate.
            let expected = s.split_once(':').is_some_and(|(ns, r)| {
                (3..=8).contains(&ns.len())
                    && ns.chars().all(|c| c == '-' || c.is_ascii_lowercase() || c.is_ascii_digit())
                    && (1..=32).contains(&r.len())
                    && r.chars().all(|c| c == '-' || c == '_' || c.is_ascii_alphanumeric())
            });
            prop_assert_eq!(parsed.is_ok(), expected, "{:?}", s);
            let _ = NetworkPattern::parse(&s);
        }

        #[test]
        fn schema_pattern_agrees_with_parser(s in "[-_a-zA-Z0-9:*]{0,45}") {
            // The CAIP-2 grammar is fully expressed by the schema pattern, so the two must agree.
            static VALIDATORS: std::sync::OnceLock<(jsonschema::Validator, jsonschema::Validator)> =
                std::sync::OnceLock::new();
            let (network, pattern) = VALIDATORS.get_or_init(|| {
                let n = serde_json::to_value(schemars::schema_for!(Network)).unwrap();
                let p = serde_json::to_value(schemars::schema_for!(NetworkPattern)).unwrap();
                (jsonschema::validator_for(&n).unwrap(), jsonschema::validator_for(&p).unwrap())
            });
            let json = serde_json::json!(s);
            prop_assert_eq!(network.is_valid(&json), Network::parse(&s).is_ok(), "{:?}", s);
            prop_assert_eq!(pattern.is_valid(&json), NetworkPattern::parse(&s).is_ok(), "{:?}", s);
        }

        #[test]
        fn eip155_round_trip(id in any::<u64>()) {
            let n = Network::eip155(id);
            prop_assert_eq!(n.evm_chain_id(), Some(id));
            prop_assert_eq!(Network::parse(n.as_str()), Ok(n.clone()));
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<Network>(&json).unwrap(), n);
        }
    }
}
