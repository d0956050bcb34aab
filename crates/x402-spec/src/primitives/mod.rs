//! Primitive wire types: strict parsers for the string-encoded scalars of the x402 wire format.
//!
//! Every type here parses from exactly one JSON shape (a JSON string), rejects every non-canonical
//! spelling that the reference SDKs or other Rust peers accept by accident (empty amount read as 0,
//! leading zeros, unchecked EIP-55, `"eip155:"` as a CAIP-2 id, ...), and serializes back to the
//! canonical spelling. See docs/protocol/wire.md §1.1, §1.2, docs/protocol/evm.md §4.6 and docs/protocol/networks.md §5, and docs/design/peers.md for
//! the peer bugs these types are designed to avoid.
//!
//! | type | wire form |
//! |---|---|
//! | [`DecimalU256`] / [`Amount`] | `"10000"` (canonical base-10 uint256) |
//! | [`UnixTimestamp`] | `"1740672089"` (canonical base-10 u64 seconds) |
//! | [`EvmAddress`] | `"0x036CbD53842c5426634e7929541eC2318f3dCF7e"` (EIP-55 out; checksum checked in) |
//! | [`SolanaAddress`] | `"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"` (base58 of 32 bytes) |
//! | [`Address`] | any of the above, or another non-empty token (`"USD"`, `"merchant"`) |
//! | [`Network`] | `"eip155:8453"` (CAIP-2) |
//! | [`NetworkPattern`] | `"eip155:*"` or a CAIP-2 id |

pub mod address;
pub(crate) mod base58;
pub mod decimal;
pub mod network;

pub use address::{
    Address, AddressError, EvmAddress, EvmAddressError, SolanaAddress, SolanaAddressError,
};
pub use decimal::{Amount, DecimalError, DecimalU256, UnixTimestamp};
pub use network::{
    EIP155_NAMESPACE, Network, NetworkError, NetworkPattern, SOLANA_DEVNET_CAIP2,
    SOLANA_MAINNET_CAIP2, SOLANA_NAMESPACE, SOLANA_TESTNET_CAIP2, SolanaCluster, V1_NETWORKS,
    V1NetworkInfo, caip2_to_v1, solana_cluster, v1_evm_chain_id, v1_network, v1_to_caip2,
};

/// Longest prefix of an offending input (in characters) that error values keep and print.
const SNIPPET_CHARS: usize = 64;

/// Copy of `input` for an error value, cut to [`SNIPPET_CHARS`] characters (plus `…` when cut) so that
/// a hostile multi-megabyte string does not end up verbatim in error messages and logs.
pub(crate) fn snippet(input: &str) -> String {
    match input.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut.saturating_add(3));
            out.push_str(input.get(..cut).unwrap_or_default());
            out.push('…');
            out
        }
        None => input.to_owned(),
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
    use super::snippet;

    #[test]
    fn snippet_keeps_short_input_and_cuts_long_input_on_a_char_boundary() {
        assert_eq!(snippet(""), "");
        assert_eq!(snippet("abc"), "abc");
        let exact = "é".repeat(64);
        assert_eq!(snippet(&exact), exact);
        let long = "é".repeat(65);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), 65);
        assert!(cut.ends_with('…'));
        assert!(cut.starts_with(&"é".repeat(64)));
    }
}
