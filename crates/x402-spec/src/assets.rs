//! Known assets: the `extra.assetTransferMethod` values, the v2 default stablecoins (docs/protocol/networks.md §5.2),
//! the v1 legacy USDC table (docs/protocol/networks.md §5.2) and the Solana mints and program ids (docs/protocol/networks.md §5.3).
//!
//! Tables are data, not policy: a facilitator must still verify whatever `asset` the requirements
//! name. The tables exist so that servers can pick a default asset with the right EIP-712 domain and
//! so that a harness can tell whether an `(network, asset)` pair is one the reference SDKs know.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::primitives::{EvmAddress, Network, v1_to_caip2};

/// Why a string is not an `assetTransferMethod`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AssetTransferMethodError {
    /// The string is empty.
    Empty,
}

impl fmt::Display for AssetTransferMethodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "assetTransferMethod is empty (expected \"eip3009\", \"permit2\" or another method name)",
            ),
        }
    }
}

impl std::error::Error for AssetTransferMethodError {}

/// How an EVM `exact` payment moves the token: `extra.assetTransferMethod` of the requirements
/// (`scheme_exact_evm.md`; docs/protocol/wire.md §1.2).
///
/// Wire strings are matched exactly and case-sensitively (the TS client tests `=== "permit2"`):
/// `"eip3009"` and `"permit2"` are the known methods, any other non-empty string is kept in
/// [`Other`](Self::Other) (e.g. `"erc7710"`, specified but implemented by no SDK, docs/protocol/disagreements.md
/// item 21). The empty string is rejected. [`Default`] is [`Eip3009`](Self::Eip3009), the spec's
/// meaning of an absent `assetTransferMethod`. Build values with [`parse`](Self::parse) (or serde)
/// so that `"permit2"` never ends up as `Other("permit2")`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AssetTransferMethod {
    /// `"eip3009"`: EIP-3009 `transferWithAuthorization` (the default).
    #[default]
    Eip3009,
    /// `"permit2"`: Uniswap Permit2 via the x402 Permit2 proxy.
    Permit2,
    /// Any other method name, kept verbatim.
    Other(String),
}

impl AssetTransferMethod {
    /// Parses a wire string (exact match; empty is an error; unknown names pass through).
    ///
    /// # Errors
    /// [`AssetTransferMethodError::Empty`] for `""`.
    pub fn parse(s: &str) -> Result<Self, AssetTransferMethodError> {
        Ok(match s {
            "" => return Err(AssetTransferMethodError::Empty),
            "eip3009" => Self::Eip3009,
            "permit2" => Self::Permit2,
            other => Self::Other(other.to_owned()),
        })
    }

    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Eip3009 => "eip3009",
            Self::Permit2 => "permit2",
            Self::Other(s) => s,
        }
    }

    /// The known method, or `None` for [`Other`](Self::Other).
    pub fn known(&self) -> Option<KnownTransferMethod> {
        match self {
            Self::Eip3009 => Some(KnownTransferMethod::Eip3009),
            Self::Permit2 => Some(KnownTransferMethod::Permit2),
            Self::Other(_) => None,
        }
    }
}

impl FromStr for AssetTransferMethod {
    type Err = AssetTransferMethodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for AssetTransferMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<KnownTransferMethod> for AssetTransferMethod {
    fn from(m: KnownTransferMethod) -> Self {
        match m {
            KnownTransferMethod::Eip3009 => Self::Eip3009,
            KnownTransferMethod::Permit2 => Self::Permit2,
        }
    }
}

impl Serialize for AssetTransferMethod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AssetTransferMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AssetTransferMethod;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an assetTransferMethod string such as \"eip3009\" or \"permit2\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AssetTransferMethod, E> {
                AssetTransferMethod::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl JsonSchema for AssetTransferMethod {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("AssetTransferMethod")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("x402_spec::assets::AssetTransferMethod")
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": concat!(
                "EVM token transfer method of the exact scheme. \"eip3009\" (the default when absent) or ",
                "\"permit2\"; other method names (e.g. \"erc7710\") are allowed and passed through."
            ),
            "examples": ["eip3009", "permit2"]
        })
    }
}

/// The transfer methods the reference SDKs implement (the method of a [`KnownAsset`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KnownTransferMethod {
    /// EIP-3009 `transferWithAuthorization`.
    Eip3009,
    /// Permit2 (for tokens without EIP-3009).
    Permit2,
}

impl KnownTransferMethod {
    /// The wire string (`"eip3009"` / `"permit2"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Eip3009 => "eip3009",
            Self::Permit2 => "permit2",
        }
    }
}

/// A v2 default stablecoin (docs/protocol/networks.md §5.2; identical in TS `defaultAssets.ts`, Go
/// `NetworkConfigs`, Py `NETWORK_CONFIGS`).
///
/// Rows exist only in [`KNOWN_ASSETS`] (the struct is `#[non_exhaustive]`); unit tests check that every
/// `network` is a valid CAIP-2 id and every `address` a valid EIP-55 address, which is what makes the
/// infallible accessors [`network`](Self::network) and [`address`](Self::address) sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct KnownAsset {
    /// CAIP-2 network, e.g. `"eip155:8453"`.
    pub network: &'static str,
    /// Token contract address in EIP-55.
    pub address: &'static str,
    /// EIP-712 domain `name` (`extra.name`); note Base Sepolia USDC is `"USDC"` while Base mainnet
    /// USDC is `"USD Coin"`.
    pub eip712_name: &'static str,
    /// EIP-712 domain `version` (`extra.version`).
    pub eip712_version: &'static str,
    /// Token decimals (atomic units per whole token = 10^decimals).
    pub decimals: u8,
    /// How the SDK clients pay with this token.
    pub transfer_method: KnownTransferMethod,
    /// Whether the token implements EIP-2612 `permit()` (Permit2 tokens only: then servers include
    /// `name`/`version` in `extra` so the client can sign the gas-sponsored approval, docs/protocol/evm.md §4.8).
    pub supports_eip2612: bool,
    /// Display ticker. Informational only (from the SDK source comments); never on the wire and not
    /// read from the chain.
    pub symbol: &'static str,
}

impl KnownAsset {
    /// The CAIP-2 network.
    pub fn network(&self) -> Network {
        Network::from_table(self.network)
    }

    /// The token contract address.
    pub fn address(&self) -> EvmAddress {
        EvmAddress::from_table(self.address)
    }

    /// The `extra` object the SDK servers attach when they price in this asset (docs/protocol/evm.md §4.8):
    /// `{name, version}` for EIP-3009 tokens; `{assetTransferMethod: "permit2"}` plus `name`/`version`
    /// only when the token supports EIP-2612, for Permit2 tokens.
    pub fn default_extra(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut extra = serde_json::Map::new();
        if self.transfer_method == KnownTransferMethod::Permit2 {
            extra.insert(
                "assetTransferMethod".into(),
                self.transfer_method.as_str().into(),
            );
        }
        if self.transfer_method == KnownTransferMethod::Eip3009 || self.supports_eip2612 {
            extra.insert("name".into(), self.eip712_name.into());
            extra.insert("version".into(), self.eip712_version.into());
        }
        extra
    }
}

/// Shorthand for an EIP-3009 USDC-style row of [`KNOWN_ASSETS`].
const fn eip3009(
    network: &'static str,
    address: &'static str,
    eip712_name: &'static str,
    eip712_version: &'static str,
    symbol: &'static str,
) -> KnownAsset {
    KnownAsset {
        network,
        address,
        eip712_name,
        eip712_version,
        decimals: 6,
        transfer_method: KnownTransferMethod::Eip3009,
        supports_eip2612: false,
        symbol,
    }
}

/// Shorthand for a Permit2 + EIP-2612 18-decimals row of [`KNOWN_ASSETS`].
const fn permit2_with_eip2612(
    network: &'static str,
    address: &'static str,
    eip712_name: &'static str,
    symbol: &'static str,
) -> KnownAsset {
    KnownAsset {
        network,
        address,
        eip712_name,
        eip712_version: "1",
        decimals: 18,
        transfer_method: KnownTransferMethod::Permit2,
        supports_eip2612: true,
        symbol,
    }
}

/// The 10 v2 default stablecoins, one per network (docs/protocol/networks.md §5.2, in that table's order).
pub const KNOWN_ASSETS: &[KnownAsset] = &[
    // Base
    eip3009(
        "eip155:8453",
        "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
        "USD Coin",
        "2",
        "USDC",
    ),
    // Base Sepolia
    eip3009(
        "eip155:84532",
        "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
        "USDC",
        "2",
        "USDC",
    ),
    // Polygon
    eip3009(
        "eip155:137",
        "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
        "USD Coin",
        "2",
        "USDC",
    ),
    // Arbitrum One
    eip3009(
        "eip155:42161",
        "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
        "USD Coin",
        "2",
        "USDC",
    ),
    // Arbitrum Sepolia
    eip3009(
        "eip155:421614",
        "0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d",
        "USD Coin",
        "2",
        "USDC",
    ),
    // Monad
    eip3009(
        "eip155:143",
        "0x754704Bc059F8C67012fEd69BC8A327a5aafb603",
        "USD Coin",
        "2",
        "USDC",
    ),
    // Stable
    eip3009(
        "eip155:988",
        "0x779Ded0c9e1022225f8E0630b35a9b54bE713736",
        "USDT0",
        "1",
        "USDT0",
    ),
    // Stable testnet
    eip3009(
        "eip155:2201",
        "0x78Cf24370174180738C5B8E352B6D14c83a6c9A9",
        "USDT0",
        "1",
        "USDT0",
    ),
    // MegaETH
    permit2_with_eip2612(
        "eip155:4326",
        "0xFAfDdbb3FC7688494971a79cc65DCa3EF82079E7",
        "MegaUSD",
        "USDm",
    ),
    // Mezo testnet
    permit2_with_eip2612(
        "eip155:31611",
        "0x118917a40FAF1CD7a13dB0Ef56C86De7973Ac503",
        "Mezo USD",
        "mUSD",
    ),
];

/// The default stablecoin of a network, if the SDKs define one.
pub fn default_asset(network: &Network) -> Option<&'static KnownAsset> {
    KNOWN_ASSETS.iter().find(|a| a.network == network.as_str())
}

/// The known asset with this contract address on this network (addresses compared as bytes).
pub fn find_asset(network: &Network, address: &EvmAddress) -> Option<&'static KnownAsset> {
    KNOWN_ASSETS
        .iter()
        .find(|a| a.network == network.as_str() && a.address() == *address)
}

/// Where a [`V1KnownAsset`] row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum V1AssetSource {
    /// The legacy TS package (`legacy/x402/src/types/shared/evm/config.ts`): address and EIP-712 name
    /// only; the EIP-712 version is read on-chain via `version()`.
    LegacyTs,
    /// Python `V1_DEFAULT_ASSETS` (rows that the other SDKs' v1 tables do not have).
    Python,
}

/// A v1 USDC-family asset known by network **name** (docs/protocol/networks.md §5.2 "v1 defaults").
///
/// The Go v1 `NetworkConfigs` rows (base, base-sepolia, megaeth, monad, stable, stable-testnet,
/// polygon) are the v2 rows of [`KNOWN_ASSETS`]; reach them with [`v1_to_caip2`] +
/// [`default_asset`]. Rows exist only in [`V1_KNOWN_ASSETS`] (the struct is `#[non_exhaustive]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct V1KnownAsset {
    /// v1 network name, e.g. `"avalanche-fuji"`.
    pub network: &'static str,
    /// Token contract address, spelt as in the source (legacy rows are often lowercase).
    pub address: &'static str,
    /// EIP-712 domain `name`.
    pub eip712_name: &'static str,
    /// EIP-712 domain `version`, when the source records one (`None` for legacy rows, which read it
    /// on-chain).
    pub eip712_version: Option<&'static str>,
    /// Token decimals (all rows are USDC variants with 6 decimals; the legacy TS middleware's
    /// default money conversion uses 6).
    pub decimals: u8,
    /// Which SDK table the row comes from.
    pub source: V1AssetSource,
}

impl V1KnownAsset {
    /// The token contract address.
    pub fn address(&self) -> EvmAddress {
        EvmAddress::from_table(self.address)
    }

    /// The CAIP-2 network of the row's v1 network name (`Some` for every row; checked by a test).
    pub fn caip2(&self) -> Option<Network> {
        v1_to_caip2(self.network)
    }
}

/// Shorthand for a legacy TS row of [`V1_KNOWN_ASSETS`].
const fn legacy(
    network: &'static str,
    address: &'static str,
    eip712_name: &'static str,
) -> V1KnownAsset {
    V1KnownAsset {
        network,
        address,
        eip712_name,
        eip712_version: None,
        decimals: 6,
        source: V1AssetSource::LegacyTs,
    }
}

/// The v1 legacy USDC table (11 rows) plus Python's `ethereum` and `avalanche` USDC
/// (docs/protocol/networks.md §5.2).
pub const V1_KNOWN_ASSETS: &[V1KnownAsset] = &[
    legacy(
        "avalanche-fuji",
        "0x5425890298aed601595a70AB815c96711a31Bc65",
        "USD Coin",
    ),
    legacy(
        "iotex",
        "0xcdf79194c6c285077a58da47641d4dbe51f63542",
        "Bridged USDC",
    ),
    legacy(
        "sei-testnet",
        "0x4fcf1784b31630811181f670aea7a7bef803eaed",
        "USDC",
    ),
    legacy("sei", "0xe15fc38f6d8c56af07bbcbe3baf5708a2bf42392", "USDC"),
    legacy(
        "polygon-amoy",
        "0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582",
        "USDC",
    ),
    legacy("peaq", "0xbbA60da06c2c5424f03f7434542280FCAd453d10", "USDC"),
    legacy(
        "abstract",
        "0x84a71ccd554cc1b02749b35d22f684cc8ec987e1",
        "Bridged USDC",
    ),
    legacy(
        "abstract-testnet",
        "0xe4C7fBB0a626ed208021ccabA6Be1566905E2dFc",
        "Bridged USDC",
    ),
    legacy(
        "story",
        "0xF1815bd50389c46847f0Bda824eC8da914045D14",
        "Bridged USDC",
    ),
    legacy(
        "educhain",
        "0x12a272A581feE5577A5dFa371afEB4b2F3a8C2F8",
        "Bridged USDC (Stargate)",
    ),
    legacy(
        "skale-base-sepolia",
        "0x2e08028E3C4c2356572E096d8EF835cD5C6030bD",
        "Bridged USDC (SKALE Bridge)",
    ),
    V1KnownAsset {
        network: "ethereum",
        address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
        eip712_name: "USD Coin",
        eip712_version: Some("2"),
        decimals: 6,
        source: V1AssetSource::Python,
    },
    V1KnownAsset {
        network: "avalanche",
        address: "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E",
        eip712_name: "USD Coin",
        eip712_version: Some("2"),
        decimals: 6,
        source: V1AssetSource::Python,
    },
];

/// The v1 asset row of a v1 network name.
pub fn v1_known_asset(network_name: &str) -> Option<&'static V1KnownAsset> {
    V1_KNOWN_ASSETS.iter().find(|a| a.network == network_name)
}

/// Solana mints and program ids (docs/protocol/networks.md §5.3), as strings and as typed [`SolanaAddress`] values.
///
/// [`SolanaAddress`]: crate::primitives::SolanaAddress
pub mod solana {
    use crate::primitives::{SolanaAddress, SolanaCluster};

    /// USDC decimals on Solana (the server default money parser always uses 6).
    pub const USDC_DECIMALS: u8 = 6;

    /// USDC mint on mainnet-beta.
    pub const USDC_MAINNET: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    /// USDC mint on devnet (the SDKs use the same mint for testnet).
    pub const USDC_DEVNET: &str = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
    /// USDC mint the SDKs use on testnet (same as devnet).
    pub const USDC_TESTNET: &str = USDC_DEVNET;
    /// SPL Token program.
    pub const TOKEN_PROGRAM: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    /// SPL Token-2022 program.
    pub const TOKEN_2022_PROGRAM: &str = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
    /// Compute Budget program.
    pub const COMPUTE_BUDGET_PROGRAM: &str = "ComputeBudget111111111111111111111111111111";
    /// SPL Memo program.
    pub const MEMO_PROGRAM: &str = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";
    /// Lighthouse (assertion) program, allowed as an extra instruction by the SDKs.
    pub const LIGHTHOUSE_PROGRAM: &str = "L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95";
    /// Associated Token Account program.
    pub const ASSOCIATED_TOKEN_PROGRAM: &str = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";

    /// [`USDC_MAINNET`] as bytes.
    pub const USDC_MAINNET_ID: SolanaAddress = SolanaAddress::new([
        198, 250, 122, 243, 190, 219, 173, 58, 61, 101, 243, 106, 171, 201, 116, 49, 177, 187, 228,
        194, 210, 246, 224, 228, 124, 166, 2, 3, 69, 47, 93, 97,
    ]);
    /// [`USDC_DEVNET`] as bytes.
    pub const USDC_DEVNET_ID: SolanaAddress = SolanaAddress::new([
        59, 68, 44, 179, 145, 33, 87, 241, 58, 147, 61, 1, 52, 40, 45, 3, 43, 95, 254, 205, 1, 162,
        219, 241, 183, 121, 6, 8, 223, 0, 46, 167,
    ]);
    /// [`TOKEN_PROGRAM`] as bytes.
    pub const TOKEN_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        6, 221, 246, 225, 215, 101, 161, 147, 217, 203, 225, 70, 206, 235, 121, 172, 28, 180, 133,
        237, 95, 91, 55, 145, 58, 140, 245, 133, 126, 255, 0, 169,
    ]);
    /// [`TOKEN_2022_PROGRAM`] as bytes.
    pub const TOKEN_2022_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        6, 221, 246, 225, 238, 117, 143, 222, 24, 66, 93, 188, 228, 108, 205, 218, 182, 26, 252,
        77, 131, 185, 13, 39, 254, 189, 249, 40, 216, 161, 139, 252,
    ]);
    /// [`COMPUTE_BUDGET_PROGRAM`] as bytes.
    pub const COMPUTE_BUDGET_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        3, 6, 70, 111, 229, 33, 23, 50, 255, 236, 173, 186, 114, 195, 155, 231, 188, 140, 229, 187,
        197, 247, 18, 107, 44, 67, 155, 58, 64, 0, 0, 0,
    ]);
    /// [`MEMO_PROGRAM`] as bytes.
    pub const MEMO_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        5, 74, 83, 90, 153, 41, 33, 6, 77, 36, 232, 113, 96, 218, 56, 124, 124, 53, 181, 221, 188,
        146, 187, 129, 228, 31, 168, 64, 65, 5, 68, 141,
    ]);
    /// [`LIGHTHOUSE_PROGRAM`] as bytes.
    pub const LIGHTHOUSE_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        4, 223, 173, 121, 98, 255, 177, 221, 146, 93, 10, 159, 181, 230, 208, 12, 230, 25, 91, 168,
        187, 58, 145, 253, 7, 239, 152, 96, 197, 233, 123, 184,
    ]);
    /// [`ASSOCIATED_TOKEN_PROGRAM`] as bytes.
    pub const ASSOCIATED_TOKEN_PROGRAM_ID: SolanaAddress = SolanaAddress::new([
        140, 151, 37, 143, 78, 36, 137, 241, 187, 61, 16, 41, 20, 142, 13, 131, 11, 90, 19, 153,
        218, 255, 16, 132, 4, 142, 123, 216, 219, 233, 248, 89,
    ]);

    /// The USDC mint the SDKs use on a cluster.
    pub const fn usdc_mint(cluster: SolanaCluster) -> SolanaAddress {
        match cluster {
            SolanaCluster::Mainnet => USDC_MAINNET_ID,
            SolanaCluster::Devnet | SolanaCluster::Testnet => USDC_DEVNET_ID,
        }
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
    use crate::primitives::{SolanaAddress, SolanaCluster, v1_network};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[test]
    fn transfer_method_wire_strings() {
        assert_eq!(
            AssetTransferMethod::parse("eip3009"),
            Ok(AssetTransferMethod::Eip3009)
        );
        assert_eq!(
            AssetTransferMethod::parse("permit2"),
            Ok(AssetTransferMethod::Permit2)
        );
        assert_eq!(
            AssetTransferMethod::parse("erc7710"),
            Ok(AssetTransferMethod::Other("erc7710".into()))
        );
        // Case-sensitive, like the TS client's `=== "permit2"`.
        assert_eq!(
            AssetTransferMethod::parse("Permit2"),
            Ok(AssetTransferMethod::Other("Permit2".into()))
        );
        assert_eq!(
            AssetTransferMethod::parse(""),
            Err(AssetTransferMethodError::Empty)
        );
        assert_eq!(AssetTransferMethod::default(), AssetTransferMethod::Eip3009);
        for m in ["eip3009", "permit2", "erc7710"] {
            let parsed: AssetTransferMethod = m.parse().unwrap();
            assert_eq!(parsed.as_str(), m);
            assert_eq!(parsed.to_string(), m);
        }
        assert_eq!(
            AssetTransferMethod::Permit2.known(),
            Some(KnownTransferMethod::Permit2)
        );
        assert_eq!(AssetTransferMethod::Other("x".into()).known(), None);
        assert_eq!(
            AssetTransferMethod::from(KnownTransferMethod::Eip3009),
            AssetTransferMethod::Eip3009
        );
        assert_eq!(
            AssetTransferMethod::from(KnownTransferMethod::Permit2).as_str(),
            KnownTransferMethod::Permit2.as_str()
        );
    }

    #[test]
    fn transfer_method_serde() {
        let m: AssetTransferMethod = serde_json::from_str("\"permit2\"").unwrap();
        assert_eq!(m, AssetTransferMethod::Permit2);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"permit2\"");
        let m: AssetTransferMethod = serde_json::from_str("\"erc7710\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"erc7710\"");
        assert!(serde_json::from_str::<AssetTransferMethod>("null").is_err());
        assert!(serde_json::from_str::<AssetTransferMethod>("1").is_err());
        let e = serde_json::from_str::<AssetTransferMethod>("\"\"").unwrap_err();
        assert!(
            e.to_string().starts_with("assetTransferMethod is empty"),
            "{e}"
        );
        let schema = serde_json::to_value(schemars::schema_for!(AssetTransferMethod)).unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(
            schema["examples"],
            serde_json::json!(["eip3009", "permit2"])
        );
        assert!(schema.get("format").is_none());
    }

    #[test]
    fn known_assets_table_integrity() {
        assert_eq!(KNOWN_ASSETS.len(), 10);
        let networks: BTreeSet<_> = KNOWN_ASSETS.iter().map(|a| a.network).collect();
        assert_eq!(networks.len(), 10, "one default asset per network");
        for a in KNOWN_ASSETS {
            let n = Network::parse(a.network).unwrap();
            assert_eq!(a.network(), n);
            assert_eq!(a.network().namespace(), n.namespace());
            assert_eq!(a.network().reference(), n.reference());
            assert!(n.evm_chain_id().is_some(), "{}", a.network);
            // Every address is spelt in EIP-55 and the table accessor agrees with the strict parser.
            let parsed = EvmAddress::parse(a.address).unwrap();
            assert_eq!(parsed.to_checksum(), a.address);
            assert_eq!(a.address(), parsed);
            assert!(
                !a.eip712_name.is_empty() && !a.eip712_version.is_empty() && !a.symbol.is_empty()
            );
            match a.transfer_method {
                KnownTransferMethod::Eip3009 => {
                    assert_eq!(a.decimals, 6);
                    assert!(!a.supports_eip2612);
                }
                KnownTransferMethod::Permit2 => {
                    assert_eq!(a.decimals, 18);
                    assert!(a.supports_eip2612);
                }
            }
            assert_eq!(default_asset(&n), Some(a));
            assert_eq!(find_asset(&n, &parsed), Some(a));
            // Lowercase spelling of the same address finds the same row.
            let lower = EvmAddress::parse(&a.address.to_ascii_lowercase()).unwrap();
            assert_eq!(find_asset(&n, &lower), Some(a));
        }
        assert_eq!(
            KNOWN_ASSETS
                .iter()
                .filter(|a| a.transfer_method == KnownTransferMethod::Permit2)
                .count(),
            2
        );
    }

    #[test]
    fn known_asset_values_from_the_reference() {
        let base = default_asset(&Network::eip155(8453)).unwrap();
        assert_eq!((base.eip712_name, base.eip712_version), ("USD Coin", "2"));
        let sepolia = default_asset(&Network::eip155(84_532)).unwrap();
        assert_eq!(
            sepolia.address,
            "0x036CbD53842c5426634e7929541eC2318f3dCF7e"
        );
        assert_eq!((sepolia.eip712_name, sepolia.eip712_version), ("USDC", "2"));
        let mega = default_asset(&Network::eip155(4326)).unwrap();
        assert_eq!(
            (mega.eip712_name, mega.eip712_version, mega.decimals),
            ("MegaUSD", "1", 18)
        );
        let stable = default_asset(&Network::eip155(988)).unwrap();
        assert_eq!((stable.eip712_name, stable.eip712_version), ("USDT0", "1"));
        assert!(default_asset(&Network::eip155(1)).is_none());
        assert!(default_asset(&Network::SOLANA_MAINNET).is_none());
        // Right address, wrong network; right network, wrong address.
        assert!(find_asset(&Network::eip155(8453), &sepolia.address()).is_none());
        assert!(find_asset(&Network::eip155(84_532), &EvmAddress::ZERO).is_none());
    }

    #[test]
    fn default_extra_follows_the_sdk_servers() {
        let base = default_asset(&Network::eip155(8453)).unwrap();
        assert_eq!(
            serde_json::Value::Object(base.default_extra()),
            serde_json::json!({"name": "USD Coin", "version": "2"})
        );
        let mega = default_asset(&Network::eip155(4326)).unwrap();
        assert_eq!(
            serde_json::Value::Object(mega.default_extra()),
            serde_json::json!({"assetTransferMethod": "permit2", "name": "MegaUSD", "version": "1"})
        );
    }

    #[test]
    fn v1_known_assets_table_integrity() {
        assert_eq!(V1_KNOWN_ASSETS.len(), 13);
        let names: BTreeSet<_> = V1_KNOWN_ASSETS.iter().map(|a| a.network).collect();
        assert_eq!(names.len(), 13);
        for a in V1_KNOWN_ASSETS {
            let info = v1_network(a.network)
                .unwrap_or_else(|| panic!("{} is not a v1 network name", a.network));
            assert!(info.chain_id.is_some(), "{}: EVM row", a.network);
            assert_eq!(a.caip2(), Some(info.network()));
            // Parses with the strict parser (mixed-case spellings are valid EIP-55).
            let parsed =
                EvmAddress::parse(a.address).unwrap_or_else(|e| panic!("{}: {e}", a.network));
            assert_eq!(a.address(), parsed);
            assert_eq!(a.decimals, 6);
            match a.source {
                V1AssetSource::LegacyTs => {
                    assert_eq!(a.eip712_version, None);
                    assert!(info.in_legacy_enum, "{}", a.network);
                }
                V1AssetSource::Python => assert_eq!(a.eip712_version, Some("2")),
            }
            assert_eq!(v1_known_asset(a.network), Some(a));
            // No v1 row duplicates a v2 default (those are reached through `v1_to_caip2`).
            assert!(default_asset(&info.network()).is_none(), "{}", a.network);
        }
        assert_eq!(
            V1_KNOWN_ASSETS
                .iter()
                .filter(|a| a.source == V1AssetSource::LegacyTs)
                .count(),
            11
        );
        assert_eq!(v1_known_asset("iotex").unwrap().eip712_name, "Bridged USDC");
        assert!(v1_known_asset("base").is_none());
        // The Go v1 defaults are the v2 rows.
        let base = default_asset(&v1_to_caip2("base").unwrap()).unwrap();
        assert_eq!(base.address, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    }

    #[test]
    fn solana_constants_parse_and_match_their_bytes() {
        for (s, id) in [
            (solana::USDC_MAINNET, solana::USDC_MAINNET_ID),
            (solana::USDC_DEVNET, solana::USDC_DEVNET_ID),
            (solana::USDC_TESTNET, solana::USDC_DEVNET_ID),
            (solana::TOKEN_PROGRAM, solana::TOKEN_PROGRAM_ID),
            (solana::TOKEN_2022_PROGRAM, solana::TOKEN_2022_PROGRAM_ID),
            (
                solana::COMPUTE_BUDGET_PROGRAM,
                solana::COMPUTE_BUDGET_PROGRAM_ID,
            ),
            (solana::MEMO_PROGRAM, solana::MEMO_PROGRAM_ID),
            (solana::LIGHTHOUSE_PROGRAM, solana::LIGHTHOUSE_PROGRAM_ID),
            (
                solana::ASSOCIATED_TOKEN_PROGRAM,
                solana::ASSOCIATED_TOKEN_PROGRAM_ID,
            ),
        ] {
            assert_eq!(SolanaAddress::parse(s), Ok(id), "{s}");
            assert_eq!(id.to_string(), s);
        }
        assert_eq!(
            solana::usdc_mint(SolanaCluster::Mainnet).to_string(),
            solana::USDC_MAINNET
        );
        assert_eq!(
            solana::usdc_mint(SolanaCluster::Devnet).to_string(),
            solana::USDC_DEVNET
        );
        assert_eq!(
            solana::usdc_mint(SolanaCluster::Testnet).to_string(),
            solana::USDC_TESTNET
        );
        assert_eq!(solana::USDC_DECIMALS, 6);
    }

    proptest! {
        #[test]
        fn transfer_method_round_trip(s in any::<String>()) {
            match AssetTransferMethod::parse(&s) {
                Ok(m) => {
                    prop_assert_eq!(m.as_str(), s.as_str());
                    let json = serde_json::to_string(&m).unwrap();
                    prop_assert_eq!(serde_json::from_str::<AssetTransferMethod>(&json).unwrap(), m);
                }
                Err(e) => {
                    prop_assert!(s.is_empty());
                    prop_assert_eq!(e, AssetTransferMethodError::Empty);
                }
            }
        }
    }
}
