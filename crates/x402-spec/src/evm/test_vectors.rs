//! Golden vectors of docs/protocol/evm.md §4.9, shared by the unit tests of the `evm` modules.
//!
//! The fresh vectors were recomputed by the reference authors with a pure keccak/secp256k1
//! script and cross-checked with eth-account 0.14.0 (RFC 6979, low-s, v = 27/28).

use alloy_primitives::{Address, B256, U256, address, b256, hex};

/// Well-known test key (Hardhat/Anvil account #0), from the testkit (a dev-dependency: this
/// module is `cfg(test)`).
#[cfg_attr(not(feature = "signer"), allow(dead_code))]
pub(crate) const TEST_KEY: B256 = x402_spec_testkit::keys::HARDHAT_0_KEY;
/// Address of [`TEST_KEY`].
pub(crate) const TEST_ADDRESS: Address = x402_spec_testkit::keys::HARDHAT_0_ADDRESS;

/// `payTo` of every vector.
pub(crate) const PAY_TO: Address = address!("0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
/// Base Sepolia USDC.
pub(crate) const BASE_SEPOLIA_USDC: Address =
    address!("0x036CbD53842c5426634e7929541eC2318f3dCF7e");
/// Base Sepolia chain id.
pub(crate) const BASE_SEPOLIA: u64 = 84_532;
/// Base mainnet chain id.
pub(crate) const BASE_MAINNET: u64 = 8_453;
/// `validAfter` of every vector.
pub(crate) const VALID_AFTER: u64 = 1_740_672_089;
/// `validBefore` / `deadline` of every vector.
pub(crate) const VALID_BEFORE: u64 = 1_740_672_154;
/// EIP-3009 nonce of the spec example and of fresh vector 1.
pub(crate) const EIP3009_NONCE: B256 =
    b256!("0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480");
/// Permit2 nonce of fresh vectors 2 and 3 (decimal, as the SDKs emit it).
pub(crate) const PERMIT2_NONCE_DECIMAL: &str =
    "33247007178036348590600198031289925668252061821958005840077069883511451257277";
/// `upto` facilitator of fresh vector 3.
pub(crate) const UPTO_FACILITATOR: Address = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

/// Spec example (`x402-specification-v2.md` §5.2.1) payer.
pub(crate) const SPEC_PAYER: Address = address!("0x857b06519E91e3A54538791bDbb0E22373e36b66");
/// Spec example: USDC / "2" / 84532 domain separator (shared with fresh vector 1 and 4).
pub(crate) const USDC_SEPOLIA_DOMAIN_SEPARATOR: B256 =
    b256!("0x71f17a3b2ff373b803d70a5a07c046c1a2bc8e89c09ef722fcb047abe94c9818");
/// Spec example struct hash.
pub(crate) const SPEC_STRUCT_HASH: B256 =
    b256!("0x49ad644555c7bdf3ea4fc022a4940ae5589b230b1dde0065c5504fa19bbe39a4");
/// Spec example digest.
pub(crate) const SPEC_DIGEST: B256 =
    b256!("0xf256992871671abcb27ff92885a7afa46218724e5fc0bac35d050115aa1d22e6");
/// Spec example signature (also copied, wrongly, into the Permit2 example of
/// `scheme_exact_evm.md`).
pub(crate) const SPEC_SIGNATURE: [u8; 65] = hex!(
    "2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c"
);
/// What the spec's Permit2 example signature recovers to under the Permit2 example digest.
pub(crate) const SPEC_PERMIT2_EXAMPLE_RECOVERS_TO: Address =
    address!("0x468D6ad86C21a78C0c1F4F1fdc6c67616b9beB6f");

/// Fresh vector 1 (EIP-3009) struct hash.
pub(crate) const V1_STRUCT_HASH: B256 =
    b256!("0xb2438b1b8298f6129feb7c6a96cb5bee12d7e8ba27c7c27cde803071ebdc42e8");
/// Fresh vector 1 digest.
pub(crate) const V1_DIGEST: B256 =
    b256!("0x50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86");
/// Fresh vector 1 signature.
pub(crate) const V1_SIGNATURE: [u8; 65] = hex!(
    "dc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b"
);

/// Permit2 domain separator on Base Sepolia.
pub(crate) const PERMIT2_DOMAIN_SEPARATOR_84532: B256 =
    b256!("0x010f27a92fb9a32622f44f001dc4d15706a85b33499cfc2ce9033113ab26592c");
/// Permit2 domain separator on Base mainnet.
pub(crate) const PERMIT2_DOMAIN_SEPARATOR_8453: B256 =
    b256!("0x3b6f35e4fce979ef8eac3bcdc8c3fc38fe7911bb0c69c8fe72bf1fd1a17e6f07");

/// Fresh vector 2 (Permit2 exact) witness hash.
pub(crate) const V2_WITNESS_HASH: B256 =
    b256!("0x1d9a4354ed1358fb2043e93ba167a9ece2fabb07018aec3d609abccd18aec24b");
/// Fresh vector 2 struct hash.
pub(crate) const V2_STRUCT_HASH: B256 =
    b256!("0xf9efd2ab5ec37a11f062cfbde5dd2654b11aa7c03eedbac1f9bf0efd67b2d8b4");
/// Fresh vector 2 digest.
pub(crate) const V2_DIGEST: B256 =
    b256!("0x21528e1468aac114016416353e2309329f217dc180b21baa1d81cde941095685");
/// Fresh vector 2 signature.
pub(crate) const V2_SIGNATURE: [u8; 65] = hex!(
    "3b029ad182a14cdb81c9eb44f935279e124e88afdc4043ed1183345aba6781b95cd297107e2808d8ea2722260e88856b5a13a6db23e38a30e2604dca9e1ce1da1b"
);

/// Fresh vector 3 (Permit2 upto) amount.
pub(crate) const V3_AMOUNT: u64 = 5_000_000;
/// Fresh vector 3 witness hash.
pub(crate) const V3_WITNESS_HASH: B256 =
    b256!("0xe842f53529398e2d1faca4216bfd9e7e6b33df7329f633552fe4eeba9c5cb575");
/// Fresh vector 3 struct hash.
pub(crate) const V3_STRUCT_HASH: B256 =
    b256!("0x52e675528d36449833912452397bab5eb465aaadd8167182ae3749f17b18aa78");
/// Fresh vector 3 digest.
pub(crate) const V3_DIGEST: B256 =
    b256!("0x22340f12e045f90a2bdf0bb39dd61d8c4674579544873480e8af265f383d4837");
/// Fresh vector 3 signature.
pub(crate) const V3_SIGNATURE: [u8; 65] = hex!(
    "95636daf74af6f82c3930e9d3baf3c1cacb37fb79e794b860ee5a2151274cd2e120fbb1a9774ae2a604cd4aeae0696da0c05f0b14e242fd93d0bb0e22ce8f46f1b"
);

/// Fresh vector 4 (EIP-2612 Permit) struct hash.
pub(crate) const V4_STRUCT_HASH: B256 =
    b256!("0x8fcffe6acf63aea1d47e9fe219fe840fde79712537855060987a13049284b175");
/// Fresh vector 4 digest.
pub(crate) const V4_DIGEST: B256 =
    b256!("0x1c25b6b46b1ee22f6e14a51eba91506430a2c75c45c7910aa0f7e13b686b35a6");
/// Fresh vector 4 signature.
pub(crate) const V4_SIGNATURE: [u8; 65] = hex!(
    "69baca18f0761582a372da88d9d0ff9b81123913755d3aa5f2d8eaa97315f5a53fe41fe1a9f546e105cbc3de0e0f5e1962207eda86ddee33eec0d57abaa1ac741b"
);

/// Value / amount of the spec example and fresh vectors 1, 2 and 4.
pub(crate) const VALUE_10000: u64 = 10_000;

/// The Permit2 nonce of vectors 2 and 3 as a `U256`.
pub(crate) fn permit2_nonce() -> U256 {
    PERMIT2_NONCE_DECIMAL.parse().unwrap_or_default()
}
