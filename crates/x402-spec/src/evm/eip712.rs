//! EIP-712 hashing of the four typed messages x402 payers sign.
//!
//! | message | domain | reference |
//! |---|---|---|
//! | [`Eip3009Authorization`] (`TransferWithAuthorization`) | [`TokenDomain`] `{name, version, chainId, verifyingContract = asset}` | docs/protocol/evm.md §4.2 |
//! | [`ExactPermit2Authorization`] (`PermitWitnessTransferFrom` + `Witness(address to,uint256 validAfter)`) | [`Permit2Domain`] `{name: "Permit2", chainId, verifyingContract = Permit2}` (no `version`) | docs/protocol/evm.md §4.3 |
//! | [`UptoPermit2Authorization`] (`PermitWitnessTransferFrom` + `Witness(address to,address facilitator,uint256 validAfter)`) | [`Permit2Domain`] | docs/protocol/evm.md §4.4 |
//! | [`Eip2612Permit`] (`Permit`) | [`TokenDomain`] | docs/protocol/evm.md §4.5 |
//!
//! Struct hashing is done by `alloy-sol-types` (`sol!` structs, `SolStruct::eip712_hash_struct`),
//! which derives the `encodeType` strings, referenced types sorted by name, from the struct
//! definitions; the tests pin those strings and type hashes to [`super::constants`] and every
//! hash to the golden vectors of docs/protocol/evm.md §4.9. The two Permit2 witnesses are both called `Witness` in
//! their type strings, so they live in two separate `sol!` scopes.
//!
//! All numeric fields are `U256` because they are `uint256` on chain and arrive as decimal
//! strings that may exceed `u64`; the time checks (`validAfter <= now`, `validBefore >= now + 6`)
//! belong to the verifier, not here.

use std::borrow::Cow;

use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_sol_types::{Eip712Domain, SolStruct};

use super::constants::{PERMIT2_ADDRESS, PERMIT2_DOMAIN_NAME};

mod sol_eip3009 {
    alloy_sol_types::sol! {
        struct TransferWithAuthorization {
            address from;
            address to;
            uint256 value;
            uint256 validAfter;
            uint256 validBefore;
            bytes32 nonce;
        }
    }
}

mod sol_permit2_exact {
    alloy_sol_types::sol! {
        struct TokenPermissions {
            address token;
            uint256 amount;
        }
        struct Witness {
            address to;
            uint256 validAfter;
        }
        struct PermitWitnessTransferFrom {
            TokenPermissions permitted;
            address spender;
            uint256 nonce;
            uint256 deadline;
            Witness witness;
        }
    }
}

mod sol_permit2_upto {
    alloy_sol_types::sol! {
        struct TokenPermissions {
            address token;
            uint256 amount;
        }
        struct Witness {
            address to;
            address facilitator;
            uint256 validAfter;
        }
        struct PermitWitnessTransferFrom {
            TokenPermissions permitted;
            address spender;
            uint256 nonce;
            uint256 deadline;
            Witness witness;
        }
    }
}

mod sol_eip2612 {
    alloy_sol_types::sol! {
        struct Permit {
            address owner;
            address spender;
            uint256 value;
            uint256 nonce;
            uint256 deadline;
        }
    }
}

/// `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)` (EIP-712 `signTypedData` digest).
pub fn eip712_digest(domain_separator: &B256, struct_hash: &B256) -> B256 {
    let mut buf = [0u8; 66];
    let (prefix, rest) = buf.split_at_mut(2);
    prefix.copy_from_slice(&[0x19, 0x01]);
    let (ds, sh) = rest.split_at_mut(32);
    ds.copy_from_slice(domain_separator.as_slice());
    sh.copy_from_slice(struct_hash.as_slice());
    keccak256(buf)
}

/// The three hashes of one EIP-712 signature: what to compare against vectors and what to
/// recover the signer from (`digest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypedDataHashes {
    /// `hashStruct(domain)`.
    pub domain_separator: B256,
    /// `hashStruct(message)`.
    pub struct_hash: B256,
    /// [`eip712_digest`]`(domain_separator, struct_hash)`: the prehash that is signed.
    pub digest: B256,
}

impl TypedDataHashes {
    /// Combines a domain separator and a struct hash.
    pub fn new(domain_separator: B256, struct_hash: B256) -> Self {
        Self {
            domain_separator,
            struct_hash,
            digest: eip712_digest(&domain_separator, &struct_hash),
        }
    }
}

/// EIP-712 domain of a token contract, with a `version` field:
/// `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)`.
/// Used by EIP-3009 and EIP-2612; `name`/`version` come from `requirements.extra`
/// (e.g. `"USDC"`/`"2"` on Base Sepolia, `"USD Coin"`/`"2"` on Base mainnet), the chain id from
/// the network, the verifying contract is the asset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenDomain {
    /// `name` (the token's EIP-712 name, not necessarily its ERC-20 `name()`).
    pub name: String,
    /// `version`.
    pub version: String,
    /// `chainId`.
    pub chain_id: u64,
    /// `verifyingContract` (the token).
    pub verifying_contract: Address,
}

/// The EIP-3009 domain is a [`TokenDomain`].
pub type Eip3009Domain = TokenDomain;
/// The EIP-2612 domain is a [`TokenDomain`].
pub type Eip2612Domain = TokenDomain;

impl TokenDomain {
    /// Builds a token domain.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        chain_id: u64,
        verifying_contract: Address,
    ) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            chain_id,
            verifying_contract,
        }
    }

    /// The equivalent `alloy_sol_types::Eip712Domain`.
    pub fn to_eip712_domain(&self) -> Eip712Domain {
        Eip712Domain::new(
            Some(Cow::Owned(self.name.clone())),
            Some(Cow::Owned(self.version.clone())),
            Some(U256::from(self.chain_id)),
            Some(self.verifying_contract),
            None,
        )
    }

    /// `hashStruct(domain)`, computed directly from the constant domain typehash (the same
    /// value as `to_eip712_domain().separator()`, which a test asserts, without alloy
    /// re-hashing the type string on every call).
    pub fn separator(&self) -> B256 {
        thread_local! {
            static SEEN: std::cell::RefCell<crate::memo::Memo<TokenDomain, B256>> =
                const { std::cell::RefCell::new(crate::memo::Memo::new()) };
        }
        crate::memo::lookup(
            &SEEN,
            |k| k == self,
            || self.clone(),
            || self.separator_uncached(),
        )
    }

    /// `hashStruct(domain)` without the per-thread memo.
    pub fn separator_uncached(&self) -> B256 {
        hash_words(&[
            super::constants::EIP712_DOMAIN_TYPEHASH.0,
            keccak256(self.name.as_bytes()).0,
            keccak256(self.version.as_bytes()).0,
            U256::from(self.chain_id).to_be_bytes::<32>(),
            self.verifying_contract.into_word().0,
        ])
    }
}

/// `keccak256` of 32-byte words laid end to end (the EIP-712 `encodeData` of static fields).
fn hash_words<const N: usize>(words: &[[u8; 32]; N]) -> B256 {
    let mut h = alloy_primitives::Keccak256::new();
    for w in words {
        h.update(w);
    }
    h.finalize()
}

/// The Permit2 EIP-712 domain: `EIP712Domain(string name,uint256 chainId,address
/// verifyingContract)` with `name = "Permit2"` and **no version**.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permit2Domain {
    /// `chainId`.
    pub chain_id: u64,
    /// `verifyingContract`; [`PERMIT2_ADDRESS`] on every chain.
    pub verifying_contract: Address,
}

impl Permit2Domain {
    /// The canonical Permit2 deployment on `chain_id`.
    pub const fn new(chain_id: u64) -> Self {
        Self {
            chain_id,
            verifying_contract: PERMIT2_ADDRESS,
        }
    }

    /// The equivalent `alloy_sol_types::Eip712Domain`.
    pub fn to_eip712_domain(&self) -> Eip712Domain {
        Eip712Domain::new(
            Some(Cow::Borrowed(PERMIT2_DOMAIN_NAME)),
            None,
            Some(U256::from(self.chain_id)),
            Some(self.verifying_contract),
            None,
        )
    }

    /// `hashStruct(domain)`.
    pub fn separator(&self) -> B256 {
        self.to_eip712_domain().separator()
    }
}

/// EIP-3009 `TransferWithAuthorization` message (payload `authorization` of the `exact`
/// EIP-3009 scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Eip3009Authorization {
    /// `from`: the payer (and expected signer).
    pub from: Address,
    /// `to`: the recipient (must equal `payTo`).
    pub to: Address,
    /// `value` in atomic units.
    pub value: U256,
    /// `validAfter` (unix seconds).
    pub valid_after: U256,
    /// `validBefore` (unix seconds).
    pub valid_before: U256,
    /// `nonce`: 32 random bytes.
    pub nonce: B256,
}

impl Eip3009Authorization {
    fn to_sol(self) -> sol_eip3009::TransferWithAuthorization {
        sol_eip3009::TransferWithAuthorization {
            from: self.from,
            to: self.to,
            value: self.value,
            validAfter: self.valid_after,
            validBefore: self.valid_before,
            nonce: self.nonce,
        }
    }

    /// `hashStruct(message)`, from the constant typehash (equal to alloy's
    /// `eip712_hash_struct`, asserted in tests).
    pub fn struct_hash(&self) -> B256 {
        hash_words(&[
            super::constants::TRANSFER_WITH_AUTHORIZATION_TYPEHASH.0,
            self.from.into_word().0,
            self.to.into_word().0,
            self.value.to_be_bytes::<32>(),
            self.valid_after.to_be_bytes::<32>(),
            self.valid_before.to_be_bytes::<32>(),
            self.nonce.0,
        ])
    }

    /// `hashStruct(message)` computed by alloy's `sol!` machinery (reference for tests).
    pub fn struct_hash_reference(&self) -> B256 {
        self.to_sol().eip712_hash_struct()
    }

    /// Domain separator, struct hash and digest under `domain`.
    pub fn hashes(&self, domain: &TokenDomain) -> TypedDataHashes {
        TypedDataHashes::new(domain.separator(), self.struct_hash())
    }
}

/// Permit2 `PermitWitnessTransferFrom` message of the `exact` scheme (payload
/// `permit2Authorization`, minus `from`, which is the signer and not part of the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExactPermit2Authorization {
    /// `permitted.token`: the asset.
    pub token: Address,
    /// `permitted.amount` in atomic units.
    pub amount: U256,
    /// `spender`: must be [`super::constants::EXACT_PERMIT2_PROXY_ADDRESS`].
    pub spender: Address,
    /// `nonce` (Permit2 unordered-nonce bitmap index).
    pub nonce: U256,
    /// `deadline` (unix seconds; the upper time bound).
    pub deadline: U256,
    /// `witness.to`: the recipient (must equal `payTo`).
    pub to: Address,
    /// `witness.validAfter` (unix seconds).
    pub valid_after: U256,
}

impl ExactPermit2Authorization {
    fn to_sol(self) -> sol_permit2_exact::PermitWitnessTransferFrom {
        sol_permit2_exact::PermitWitnessTransferFrom {
            permitted: sol_permit2_exact::TokenPermissions {
                token: self.token,
                amount: self.amount,
            },
            spender: self.spender,
            nonce: self.nonce,
            deadline: self.deadline,
            witness: self.witness(),
        }
    }

    fn witness(&self) -> sol_permit2_exact::Witness {
        sol_permit2_exact::Witness {
            to: self.to,
            validAfter: self.valid_after,
        }
    }

    /// `keccak256(abi.encode(WITNESS_TYPEHASH, to, validAfter))`: the `witness` argument the
    /// proxy passes to `permitWitnessTransferFrom`.
    pub fn witness_hash(&self) -> B256 {
        self.witness().eip712_hash_struct()
    }

    /// `hashStruct(message)`.
    pub fn struct_hash(&self) -> B256 {
        self.to_sol().eip712_hash_struct()
    }

    /// Domain separator, struct hash and digest under `domain`.
    pub fn hashes(&self, domain: &Permit2Domain) -> TypedDataHashes {
        TypedDataHashes::new(domain.separator(), self.struct_hash())
    }
}

/// Permit2 `PermitWitnessTransferFrom` message of the `upto` scheme; its witness also binds the
/// facilitator allowed to settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UptoPermit2Authorization {
    /// `permitted.token`: the asset.
    pub token: Address,
    /// `permitted.amount`: the maximum amount.
    pub amount: U256,
    /// `spender`: must be [`super::constants::UPTO_PERMIT2_PROXY_ADDRESS`].
    pub spender: Address,
    /// `nonce`.
    pub nonce: U256,
    /// `deadline` (unix seconds).
    pub deadline: U256,
    /// `witness.to`: the recipient.
    pub to: Address,
    /// `witness.facilitator`: the only `msg.sender` allowed to settle.
    pub facilitator: Address,
    /// `witness.validAfter` (unix seconds).
    pub valid_after: U256,
}

impl UptoPermit2Authorization {
    fn to_sol(self) -> sol_permit2_upto::PermitWitnessTransferFrom {
        sol_permit2_upto::PermitWitnessTransferFrom {
            permitted: sol_permit2_upto::TokenPermissions {
                token: self.token,
                amount: self.amount,
            },
            spender: self.spender,
            nonce: self.nonce,
            deadline: self.deadline,
            witness: self.witness(),
        }
    }

    fn witness(&self) -> sol_permit2_upto::Witness {
        sol_permit2_upto::Witness {
            to: self.to,
            facilitator: self.facilitator,
            validAfter: self.valid_after,
        }
    }

    /// `keccak256(abi.encode(WITNESS_TYPEHASH, to, facilitator, validAfter))`.
    pub fn witness_hash(&self) -> B256 {
        self.witness().eip712_hash_struct()
    }

    /// `hashStruct(message)`.
    pub fn struct_hash(&self) -> B256 {
        self.to_sol().eip712_hash_struct()
    }

    /// Domain separator, struct hash and digest under `domain`.
    pub fn hashes(&self, domain: &Permit2Domain) -> TypedDataHashes {
        TypedDataHashes::new(domain.separator(), self.struct_hash())
    }
}

/// EIP-2612 `Permit` message (the `eip2612GasSponsoring` extension: `spender` = Permit2,
/// `value` = the payment amount, `deadline` = the Permit2 deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Eip2612Permit {
    /// `owner`: the payer.
    pub owner: Address,
    /// `spender`: [`PERMIT2_ADDRESS`] in x402.
    pub spender: Address,
    /// `value`: must equal the Permit2 `permitted.amount` or the proxy reverts
    /// `Permit2612AmountMismatch` (docs/protocol/disagreements.md #14).
    pub value: U256,
    /// `nonce`: the token's `nonces(owner)`.
    pub nonce: U256,
    /// `deadline` (unix seconds).
    pub deadline: U256,
}

impl Eip2612Permit {
    fn to_sol(self) -> sol_eip2612::Permit {
        sol_eip2612::Permit {
            owner: self.owner,
            spender: self.spender,
            value: self.value,
            nonce: self.nonce,
            deadline: self.deadline,
        }
    }

    /// `hashStruct(message)`.
    pub fn struct_hash(&self) -> B256 {
        self.to_sol().eip712_hash_struct()
    }

    /// Domain separator, struct hash and digest under `domain`.
    pub fn hashes(&self, domain: &TokenDomain) -> TypedDataHashes {
        TypedDataHashes::new(domain.separator(), self.struct_hash())
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
    use crate::evm::constants::*;
    use crate::evm::signature::{ClassifiedSignature, classify_signature, recover_signer};
    use crate::evm::test_vectors as tv;
    use alloy_sol_types::SolStruct;
    use proptest::prelude::*;

    fn usdc_sepolia() -> TokenDomain {
        TokenDomain::new("USDC", "2", tv::BASE_SEPOLIA, tv::BASE_SEPOLIA_USDC)
    }

    fn recover(digest: B256, sig: &[u8]) -> Address {
        let ClassifiedSignature::Eoa(sig) = classify_signature(sig).unwrap() else {
            panic!()
        };
        recover_signer(digest, &sig).unwrap()
    }

    fn exact_v2() -> ExactPermit2Authorization {
        ExactPermit2Authorization {
            token: tv::BASE_SEPOLIA_USDC,
            amount: U256::from(tv::VALUE_10000),
            spender: EXACT_PERMIT2_PROXY_ADDRESS,
            nonce: tv::permit2_nonce(),
            deadline: U256::from(tv::VALID_BEFORE),
            to: tv::PAY_TO,
            valid_after: U256::from(tv::VALID_AFTER),
        }
    }

    fn upto_v3() -> UptoPermit2Authorization {
        UptoPermit2Authorization {
            token: tv::BASE_SEPOLIA_USDC,
            amount: U256::from(tv::V3_AMOUNT),
            spender: UPTO_PERMIT2_PROXY_ADDRESS,
            nonce: tv::permit2_nonce(),
            deadline: U256::from(tv::VALID_BEFORE),
            to: tv::PAY_TO,
            facilitator: tv::UPTO_FACILITATOR,
            valid_after: U256::from(tv::VALID_AFTER),
        }
    }

    #[test]
    fn encode_types_match_the_reference_strings() {
        assert_eq!(
            sol_eip3009::TransferWithAuthorization::eip712_encode_type(),
            TRANSFER_WITH_AUTHORIZATION_TYPE
        );
        assert_eq!(
            sol_permit2_exact::PermitWitnessTransferFrom::eip712_encode_type(),
            EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE
        );
        assert_eq!(
            sol_permit2_upto::PermitWitnessTransferFrom::eip712_encode_type(),
            UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE
        );
        assert_eq!(
            sol_permit2_exact::Witness::eip712_encode_type(),
            EXACT_WITNESS_TYPE
        );
        assert_eq!(
            sol_permit2_upto::Witness::eip712_encode_type(),
            UPTO_WITNESS_TYPE
        );
        assert_eq!(
            sol_permit2_exact::TokenPermissions::eip712_encode_type(),
            TOKEN_PERMISSIONS_TYPE
        );
        assert_eq!(
            sol_eip2612::Permit::eip712_encode_type(),
            EIP2612_PERMIT_TYPE
        );
        assert_eq!(
            sol_permit2_exact::PermitWitnessTransferFrom::eip712_type_hash(&exact_v2().to_sol()),
            EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH
        );
        assert_eq!(
            sol_permit2_upto::PermitWitnessTransferFrom::eip712_type_hash(&upto_v3().to_sol()),
            UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH
        );
        assert_eq!(
            usdc_sepolia().to_eip712_domain().encode_type(),
            EIP712_DOMAIN_TYPE
        );
        assert_eq!(
            usdc_sepolia().to_eip712_domain().type_hash(),
            EIP712_DOMAIN_TYPEHASH
        );
        let p2 = Permit2Domain::new(tv::BASE_SEPOLIA).to_eip712_domain();
        assert_eq!(p2.encode_type(), EIP712_DOMAIN_NO_VERSION_TYPE);
        assert_eq!(p2.type_hash(), EIP712_DOMAIN_NO_VERSION_TYPEHASH);
    }

    #[test]
    fn spec_example_eip3009() {
        let auth = Eip3009Authorization {
            from: tv::SPEC_PAYER,
            to: tv::PAY_TO,
            value: U256::from(tv::VALUE_10000),
            valid_after: U256::from(tv::VALID_AFTER),
            valid_before: U256::from(tv::VALID_BEFORE),
            nonce: tv::EIP3009_NONCE,
        };
        let h = auth.hashes(&usdc_sepolia());
        assert_eq!(h.domain_separator, tv::USDC_SEPOLIA_DOMAIN_SEPARATOR);
        assert_eq!(h.struct_hash, tv::SPEC_STRUCT_HASH);
        assert_eq!(h.digest, tv::SPEC_DIGEST);
        assert_eq!(recover(h.digest, &tv::SPEC_SIGNATURE), tv::SPEC_PAYER);
    }

    #[test]
    fn fresh_vector_1_eip3009() {
        let auth = Eip3009Authorization {
            from: tv::TEST_ADDRESS,
            to: tv::PAY_TO,
            value: U256::from(tv::VALUE_10000),
            valid_after: U256::from(tv::VALID_AFTER),
            valid_before: U256::from(tv::VALID_BEFORE),
            nonce: tv::EIP3009_NONCE,
        };
        let h = auth.hashes(&usdc_sepolia());
        assert_eq!(h.domain_separator, tv::USDC_SEPOLIA_DOMAIN_SEPARATOR);
        assert_eq!(h.struct_hash, tv::V1_STRUCT_HASH);
        assert_eq!(h.digest, tv::V1_DIGEST);
        assert_eq!(recover(h.digest, &tv::V1_SIGNATURE), tv::TEST_ADDRESS);
        // alloy's own signing-hash path agrees with ours.
        assert_eq!(
            auth.to_sol()
                .eip712_signing_hash(&usdc_sepolia().to_eip712_domain()),
            h.digest
        );
    }

    #[test]
    fn fresh_vector_2_permit2_exact_and_spec_permit2_example() {
        let auth = exact_v2();
        assert_eq!(auth.witness_hash(), tv::V2_WITNESS_HASH);
        let h = auth.hashes(&Permit2Domain::new(tv::BASE_SEPOLIA));
        assert_eq!(h.domain_separator, tv::PERMIT2_DOMAIN_SEPARATOR_84532);
        assert_eq!(h.struct_hash, tv::V2_STRUCT_HASH);
        assert_eq!(h.digest, tv::V2_DIGEST);
        assert_eq!(recover(h.digest, &tv::V2_SIGNATURE), tv::TEST_ADDRESS);
        // scheme_exact_evm.md's Permit2 example signs this very message (from = spec payer)
        // with the EIP-3009 example's bytes: it does not verify.
        let stranger = recover(h.digest, &tv::SPEC_SIGNATURE);
        assert_eq!(stranger, tv::SPEC_PERMIT2_EXAMPLE_RECOVERS_TO);
        assert_ne!(stranger, tv::SPEC_PAYER);
    }

    #[test]
    fn witness_hash_is_the_contract_formula() {
        // keccak256(abi.encode(WITNESS_TYPEHASH, to, validAfter)) as in x402ExactPermit2Proxy.
        let a = exact_v2();
        let mut enc = Vec::new();
        enc.extend_from_slice(EXACT_WITNESS_TYPEHASH.as_slice());
        enc.extend_from_slice(a.to.into_word().as_slice());
        enc.extend_from_slice(&a.valid_after.to_be_bytes::<32>());
        assert_eq!(keccak256(&enc), a.witness_hash());
        let u = upto_v3();
        let mut enc = Vec::new();
        enc.extend_from_slice(UPTO_WITNESS_TYPEHASH.as_slice());
        enc.extend_from_slice(u.to.into_word().as_slice());
        enc.extend_from_slice(u.facilitator.into_word().as_slice());
        enc.extend_from_slice(&u.valid_after.to_be_bytes::<32>());
        assert_eq!(keccak256(&enc), u.witness_hash());
    }

    #[test]
    fn permit2_domain_separators() {
        assert_eq!(
            Permit2Domain::new(tv::BASE_SEPOLIA).separator(),
            tv::PERMIT2_DOMAIN_SEPARATOR_84532
        );
        assert_eq!(
            Permit2Domain::new(tv::BASE_MAINNET).separator(),
            tv::PERMIT2_DOMAIN_SEPARATOR_8453
        );
    }

    #[test]
    fn fresh_vector_3_permit2_upto() {
        let auth = upto_v3();
        assert_eq!(auth.witness_hash(), tv::V3_WITNESS_HASH);
        let h = auth.hashes(&Permit2Domain::new(tv::BASE_SEPOLIA));
        assert_eq!(h.domain_separator, tv::PERMIT2_DOMAIN_SEPARATOR_84532);
        assert_eq!(h.struct_hash, tv::V3_STRUCT_HASH);
        assert_eq!(h.digest, tv::V3_DIGEST);
        assert_eq!(recover(h.digest, &tv::V3_SIGNATURE), tv::TEST_ADDRESS);
    }

    #[test]
    fn fresh_vector_4_eip2612() {
        let permit = Eip2612Permit {
            owner: tv::TEST_ADDRESS,
            spender: PERMIT2_ADDRESS,
            value: U256::from(tv::VALUE_10000),
            nonce: U256::ZERO,
            deadline: U256::from(tv::VALID_BEFORE),
        };
        let h = permit.hashes(&usdc_sepolia());
        assert_eq!(h.domain_separator, tv::USDC_SEPOLIA_DOMAIN_SEPARATOR);
        assert_eq!(h.struct_hash, tv::V4_STRUCT_HASH);
        assert_eq!(h.digest, tv::V4_DIGEST);
        assert_eq!(recover(h.digest, &tv::V4_SIGNATURE), tv::TEST_ADDRESS);
    }

    #[test]
    fn every_field_changes_the_digest() {
        let base = exact_v2();
        let d0 = base.hashes(&Permit2Domain::new(1)).digest;
        let one = U256::from(1u8);
        let variants = [
            ExactPermit2Authorization {
                token: tv::PAY_TO,
                ..base
            },
            ExactPermit2Authorization {
                amount: base.amount + one,
                ..base
            },
            ExactPermit2Authorization {
                spender: UPTO_PERMIT2_PROXY_ADDRESS,
                ..base
            },
            ExactPermit2Authorization {
                nonce: base.nonce + one,
                ..base
            },
            ExactPermit2Authorization {
                deadline: base.deadline + one,
                ..base
            },
            ExactPermit2Authorization {
                to: tv::TEST_ADDRESS,
                ..base
            },
            ExactPermit2Authorization {
                valid_after: base.valid_after + one,
                ..base
            },
        ];
        for v in variants {
            assert_ne!(v.hashes(&Permit2Domain::new(1)).digest, d0, "{v:?}");
        }
        assert_ne!(base.hashes(&Permit2Domain::new(2)).digest, d0);
    }

    proptest! {
        #[test]
        fn digest_is_keccak_of_1901_ds_sh(ds in any::<[u8; 32]>(), sh in any::<[u8; 32]>()) {
            let mut pre = vec![0x19u8, 0x01];
            pre.extend_from_slice(&ds);
            pre.extend_from_slice(&sh);
            prop_assert_eq!(eip712_digest(&B256::from(ds), &B256::from(sh)), keccak256(&pre));
        }

        #[test]
        fn token_domain_accepts_any_strings(name in ".*", version in ".*", chain in any::<u64>()) {
            let d = TokenDomain::new(name, version, chain, Address::ZERO);
            let _ = d.separator();
        }
    }

    proptest! {
        #[test]
        fn direct_hashing_equals_alloy(
            name in "[ -~]{0,40}", version in "[0-9.]{0,8}", chain in any::<u64>(),
            contract in any::<[u8; 20]>(), from in any::<[u8; 20]>(), to in any::<[u8; 20]>(),
            value in any::<[u8; 32]>(), after in any::<u64>(), before in any::<u64>(), nonce in any::<[u8; 32]>(),
        ) {
            let d = TokenDomain::new(name, version, chain, Address::from(contract));
            prop_assert_eq!(d.separator(), d.to_eip712_domain().separator());
            prop_assert_eq!(d.separator(), d.separator_uncached());
            let a = Eip3009Authorization {
                from: Address::from(from), to: Address::from(to), value: U256::from_be_bytes(value),
                valid_after: U256::from(after), valid_before: U256::from(before), nonce: B256::from(nonce),
            };
            prop_assert_eq!(a.struct_hash(), a.struct_hash_reference());
        }
    }
}
