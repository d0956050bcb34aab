//! The published development accounts of Hardhat and Anvil (the same mnemonic, "test test … junk").
//!
//! **These are public test keys.** Their secret keys are printed by every Hardhat and Anvil node
//! and listed in countless tutorials; anyone can sign with them. They protect nothing and must
//! never hold real funds on any network. They are here because the x402 reference vectors
//! (docs/protocol/evm.md §4.9) and the conformance harness sign with them, so that every signature in the
//! corpus is reproducible.
//!
//! Each key is written once, as hex text (`*_KEY_HEX`, no `0x`); the byte form (`*_KEY`) is decoded
//! from it at compile time, and `*_ADDRESS` is the account's address (checked by the tests of
//! this module against the address the key derives).
//!
//! | account | role in the vectors | role in the conformance harness |
//! |---|---|---|
//! | #0 | the payer of every fresh vector | the reference payer (`REFERENCE_PAYER_KEY`) |
//! | #1 | the `upto` facilitator | the reference facilitator's signer |
//! | #2 | a third party (forged signatures, wrong signers) | the throwaway signer of invalid payments |
//! | #3 | — | the impostor (a valid signature by the wrong signer) |
//!
//! One more key is not a Hardhat account: [`UNFUNDED_KEY`], the payer of the "unfunded payer"
//! payments, derived from a fixed seed ([`UNFUNDED_SEED`]) so that no development chain,
//! faucet or tutorial ever funded it (every Hardhat account is funded on every Hardhat node,
//! and some hold testnet tokens).

use alloy_primitives::{Address, B256, address};

/// Hardhat/Anvil account #0 secret key, hex without `0x`. A public test key: never for real funds.
pub const HARDHAT_0_KEY_HEX: &str =
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// Hardhat/Anvil account #0 secret key ([`HARDHAT_0_KEY_HEX`] as bytes). A public test key.
pub const HARDHAT_0_KEY: B256 = B256::new(decode_key(HARDHAT_0_KEY_HEX));
/// Address of Hardhat/Anvil account #0 ([`HARDHAT_0_KEY`]).
pub const HARDHAT_0_ADDRESS: Address = address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

/// Hardhat/Anvil account #1 secret key, hex without `0x`. A public test key: never for real funds.
pub const HARDHAT_1_KEY_HEX: &str =
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/// Hardhat/Anvil account #1 secret key ([`HARDHAT_1_KEY_HEX`] as bytes). A public test key.
pub const HARDHAT_1_KEY: B256 = B256::new(decode_key(HARDHAT_1_KEY_HEX));
/// Address of Hardhat/Anvil account #1 ([`HARDHAT_1_KEY`]).
pub const HARDHAT_1_ADDRESS: Address = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

/// Hardhat/Anvil account #2 secret key, hex without `0x`. A public test key: never for real funds.
pub const HARDHAT_2_KEY_HEX: &str =
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
/// Hardhat/Anvil account #2 secret key ([`HARDHAT_2_KEY_HEX`] as bytes). A public test key.
pub const HARDHAT_2_KEY: B256 = B256::new(decode_key(HARDHAT_2_KEY_HEX));
/// Address of Hardhat/Anvil account #2 ([`HARDHAT_2_KEY`]).
pub const HARDHAT_2_ADDRESS: Address = address!("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

/// Hardhat/Anvil account #3 secret key, hex without `0x`. A public test key: never for real funds.
pub const HARDHAT_3_KEY_HEX: &str =
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
/// Hardhat/Anvil account #3 secret key ([`HARDHAT_3_KEY_HEX`] as bytes). A public test key.
pub const HARDHAT_3_KEY: B256 = B256::new(decode_key(HARDHAT_3_KEY_HEX));
/// Address of Hardhat/Anvil account #3 ([`HARDHAT_3_KEY`]).
pub const HARDHAT_3_ADDRESS: Address = address!("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

/// The seed of [`UNFUNDED_KEY`]: the key is `keccak256(UNFUNDED_SEED)`.
pub const UNFUNDED_SEED: &str = "x402-spec-testkit/unfunded-payer/v1";
/// The unfunded payer's secret key, hex without `0x`: `keccak256(`[`UNFUNDED_SEED`]`)`. A
/// public test key (it is printed here): it is meant to hold nothing on any network, so that a
/// validly signed payment from it must be refused for want of funds. Never fund it.
pub const UNFUNDED_KEY_HEX: &str =
    "b288484675d57300a0e139c39e6487c33513ace7ef08edcec0cb93fa50a96aa8";
/// The unfunded payer's secret key ([`UNFUNDED_KEY_HEX`] as bytes).
pub const UNFUNDED_KEY: B256 = B256::new(decode_key(UNFUNDED_KEY_HEX));
/// Address of the unfunded payer ([`UNFUNDED_KEY`]).
pub const UNFUNDED_ADDRESS: Address = address!("0xF41c6A73C8Aed6252A2B4F32d75990Cdb2587B30");

/// The value of one hex digit.
const fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(c.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(c.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    }
}

/// Decodes 64 hex digits at compile time. Malformed text gives all zeros, which is not a valid
/// secp256k1 key (the tests below would fail on it).
const fn decode_key(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut rest = hex.as_bytes();
    let mut slots: &mut [u8] = &mut out;
    while let [hi, lo, tail @ ..] = rest {
        let (Some(h), Some(l), Some((slot, more))) =
            (nibble(*hi), nibble(*lo), slots.split_first_mut())
        else {
            return [0u8; 32];
        };
        *slot = h.wrapping_shl(4) | l;
        slots = more;
        rest = tail;
    }
    if !rest.is_empty() || !slots.is_empty() {
        return [0u8; 32];
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use x402_spec::evm::LocalSigner;

    #[test]
    fn every_key_derives_its_address_and_matches_its_text() {
        for (hex, key, address) in [
            (HARDHAT_0_KEY_HEX, HARDHAT_0_KEY, HARDHAT_0_ADDRESS),
            (HARDHAT_1_KEY_HEX, HARDHAT_1_KEY, HARDHAT_1_ADDRESS),
            (HARDHAT_2_KEY_HEX, HARDHAT_2_KEY, HARDHAT_2_ADDRESS),
            (HARDHAT_3_KEY_HEX, HARDHAT_3_KEY, HARDHAT_3_ADDRESS),
            (UNFUNDED_KEY_HEX, UNFUNDED_KEY, UNFUNDED_ADDRESS),
        ] {
            assert_eq!(alloy_primitives::hex::decode(hex).unwrap(), key.as_slice());
            let signer = LocalSigner::from_bytes(key.as_slice()).unwrap();
            assert_eq!(signer.address(), address);
        }
    }

    #[test]
    fn the_unfunded_key_is_the_hash_of_its_seed_and_no_hardhat_key() {
        assert_eq!(
            alloy_primitives::keccak256(UNFUNDED_SEED.as_bytes()),
            UNFUNDED_KEY
        );
        for k in [HARDHAT_0_KEY, HARDHAT_1_KEY, HARDHAT_2_KEY, HARDHAT_3_KEY] {
            assert_ne!(k, UNFUNDED_KEY);
        }
    }

    #[test]
    fn malformed_text_decodes_to_zero() {
        assert_eq!(decode_key("zz"), [0u8; 32]);
        assert_eq!(decode_key("00"), [0u8; 32]);
        assert_eq!(decode_key(&"1".repeat(66)), [0u8; 32]);
    }
}
