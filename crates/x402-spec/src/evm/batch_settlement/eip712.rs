//! EIP-712 of `batch-settlement`: the scheme's domain, the channel id, the three messages of
//! the channel contract (`Voucher`, `Refund`, `ClaimBatch`) and the two deposit
//! authorizations.
//!
//! | message | domain | signer |
//! |---|---|---|
//! | `ChannelConfig` (its digest **is** the channel id) | [`batch_domain`] `{name: "x402 Batch Settlement", version: "1", chainId, verifyingContract: x402BatchSettlement}` | nobody |
//! | `Voucher(bytes32 channelId,uint128 maxClaimableAmount)` | [`batch_domain`] | `payerAuthorizer` (or `payer` via ERC-1271) |
//! | `Refund(bytes32 channelId,uint256 nonce,uint128 amount)` | [`batch_domain`] | `receiverAuthorizer` |
//! | `ClaimBatch(ClaimEntry[] claims)` with `ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)` | [`batch_domain`] | `receiverAuthorizer` |
//! | `ReceiveWithAuthorization` (ERC-3009), `to` = the ERC-3009 deposit collector, nonce = [`deposit_nonce`] | the token's domain | `payer` |
//! | `PermitWitnessTransferFrom` with `DepositWitness(bytes32 channelId)` | Permit2's domain | `payer` |
//!
//! The type strings are those of @x402/evm 2.27.0 (`batch-settlement/constants.ts`), which match
//! the scheme text's §Security item 3 (three distinct type hashes) and its `ChannelConfig`
//! struct. Struct hashing is alloy's `sol!` machinery (`SolStruct`), which also sorts the
//! referenced types of `ClaimBatch` and of the Permit2 witness.

use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_sol_types::{Eip712Domain, SolStruct};

use super::wire::ChannelConfig;
use super::{BATCH_SETTLEMENT_ADDRESS, DOMAIN_NAME, DOMAIN_VERSION};
use crate::evm::eip712::{Permit2Domain, TokenDomain, TypedDataHashes};

mod sol {
    alloy_sol_types::sol! {
        struct ChannelConfig {
            address payer;
            address payerAuthorizer;
            address receiver;
            address receiverAuthorizer;
            address token;
            uint40 withdrawDelay;
            bytes32 salt;
        }
        struct Voucher {
            bytes32 channelId;
            uint128 maxClaimableAmount;
        }
        struct Refund {
            bytes32 channelId;
            uint256 nonce;
            uint128 amount;
        }
        struct ClaimEntry {
            bytes32 channelId;
            uint128 maxClaimableAmount;
            uint128 totalClaimed;
        }
        struct ClaimBatch {
            ClaimEntry[] claims;
        }
        struct ReceiveWithAuthorization {
            address from;
            address to;
            uint256 value;
            uint256 validAfter;
            uint256 validBefore;
            bytes32 nonce;
        }
    }
}

mod sol_permit2 {
    alloy_sol_types::sol! {
        struct TokenPermissions {
            address token;
            uint256 amount;
        }
        struct DepositWitness {
            bytes32 channelId;
        }
        struct PermitWitnessTransferFrom {
            TokenPermissions permitted;
            address spender;
            uint256 nonce;
            uint256 deadline;
            DepositWitness witness;
        }
    }
}

/// The scheme's domain on `chain_id`: `{name: "x402 Batch Settlement", version: "1", chainId,
/// verifyingContract: x402BatchSettlement}`. The chain id and the contract make the same config
/// a different channel on each chain and deployment (scheme text §Channel creation).
#[must_use]
pub fn batch_domain(chain_id: u64) -> Eip712Domain {
    Eip712Domain::new(
        Some(DOMAIN_NAME.into()),
        Some(DOMAIN_VERSION.into()),
        Some(U256::from(chain_id)),
        Some(BATCH_SETTLEMENT_ADDRESS),
        None,
    )
}

fn hashes<S: SolStruct>(domain: &Eip712Domain, message: &S) -> TypedDataHashes {
    TypedDataHashes::new(domain.separator(), message.eip712_hash_struct())
}

fn sol_config(config: &ChannelConfig) -> Option<sol::ChannelConfig> {
    Some(sol::ChannelConfig {
        payer: config.payer.get(),
        payerAuthorizer: config.payer_authorizer.get(),
        receiver: config.receiver.get(),
        receiverAuthorizer: config.receiver_authorizer.get(),
        token: config.token.get(),
        withdrawDelay: U40::try_from(config.withdraw_delay).ok()?,
        salt: config.salt.0,
    })
}

/// The hashes of a channel config under [`batch_domain`]; the digest is the channel id.
/// `None` when `withdrawDelay` does not fit the contract's `uint40` (no such channel exists).
#[must_use]
pub fn channel_config_hashes(config: &ChannelConfig, chain_id: u64) -> Option<TypedDataHashes> {
    sol_config(config).map(|c| hashes(&batch_domain(chain_id), &c))
}

/// The channel id: `hashTypedData(ChannelConfig)` under [`batch_domain`] (scheme text
/// §Channel creation; @x402/evm 2.27.0 `computeChannelId`). `None` as in
/// [`channel_config_hashes`].
#[must_use]
pub fn channel_id(config: &ChannelConfig, chain_id: u64) -> Option<B256> {
    channel_config_hashes(config, chain_id).map(|h| h.digest)
}

/// The hashes of `Voucher{channelId, maxClaimableAmount}`.
#[must_use]
pub fn voucher_hashes(
    channel_id: B256,
    max_claimable_amount: u128,
    chain_id: u64,
) -> TypedDataHashes {
    hashes(
        &batch_domain(chain_id),
        &sol::Voucher {
            channelId: channel_id,
            maxClaimableAmount: max_claimable_amount,
        },
    )
}

/// The hashes of `Refund{channelId, nonce, amount}` (signed by the receiver authorizer).
#[must_use]
pub fn refund_hashes(
    channel_id: B256,
    nonce: U256,
    amount: u128,
    chain_id: u64,
) -> TypedDataHashes {
    hashes(
        &batch_domain(chain_id),
        &sol::Refund {
            channelId: channel_id,
            nonce,
            amount,
        },
    )
}

/// One `ClaimEntry` of a `ClaimBatch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimEntry {
    /// The channel.
    pub channel_id: B256,
    /// The voucher's ceiling.
    pub max_claimable_amount: u128,
    /// The new cumulative claimed total.
    pub total_claimed: u128,
}

/// The hashes of `ClaimBatch{claims}` (signed by the receiver authorizer; one signature covers
/// every row).
#[must_use]
pub fn claim_batch_hashes(entries: &[ClaimEntry], chain_id: u64) -> TypedDataHashes {
    let claims = entries
        .iter()
        .map(|e| sol::ClaimEntry {
            channelId: e.channel_id,
            maxClaimableAmount: e.max_claimable_amount,
            totalClaimed: e.total_claimed,
        })
        .collect();
    hashes(&batch_domain(chain_id), &sol::ClaimBatch { claims })
}

/// The ERC-3009 nonce of a deposit: `keccak256(abi.encode(bytes32 channelId, uint256 salt))`
/// (@x402/evm 2.27.0 `buildErc3009DepositNonce`). Both words are 32 bytes, so the encoding is
/// the two values laid end to end.
#[must_use]
pub fn deposit_nonce(channel_id: B256, salt: B256) -> B256 {
    let mut buf = [0u8; 64];
    let (a, b) = buf.split_at_mut(32);
    a.copy_from_slice(channel_id.as_slice());
    b.copy_from_slice(salt.as_slice());
    keccak256(buf)
}

/// The fields of a deposit's `ReceiveWithAuthorization`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReceiveAuthorization {
    /// The payer.
    pub from: Address,
    /// The ERC-3009 deposit collector.
    pub to: Address,
    /// The deposit amount.
    pub value: U256,
    /// Not valid before.
    pub valid_after: U256,
    /// Not valid at or after.
    pub valid_before: U256,
    /// [`deposit_nonce`].
    pub nonce: B256,
}

/// The hashes of a deposit's `ReceiveWithAuthorization` under the token's domain.
#[must_use]
pub fn receive_authorization_hashes(
    auth: &ReceiveAuthorization,
    domain: &TokenDomain,
) -> TypedDataHashes {
    hashes(
        &domain.to_eip712_domain(),
        &sol::ReceiveWithAuthorization {
            from: auth.from,
            to: auth.to,
            value: auth.value,
            validAfter: auth.valid_after,
            validBefore: auth.valid_before,
            nonce: auth.nonce,
        },
    )
}

/// The fields of a deposit's Permit2 `PermitWitnessTransferFrom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permit2Deposit {
    /// The token.
    pub token: Address,
    /// The deposit amount.
    pub amount: U256,
    /// The Permit2 deposit collector.
    pub spender: Address,
    /// Permit2 nonce.
    pub nonce: U256,
    /// Permit2 deadline.
    pub deadline: U256,
    /// The witness.
    pub channel_id: B256,
}

/// The hashes of a deposit's Permit2 authorization under the Permit2 domain of `chain_id`.
#[must_use]
pub fn permit2_deposit_hashes(p: &Permit2Deposit, chain_id: u64) -> TypedDataHashes {
    hashes(
        &Permit2Domain::new(chain_id).to_eip712_domain(),
        &sol_permit2::PermitWitnessTransferFrom {
            permitted: sol_permit2::TokenPermissions {
                token: p.token,
                amount: p.amount,
            },
            spender: p.spender,
            nonce: p.nonce,
            deadline: p.deadline,
            witness: sol_permit2::DepositWitness {
                channelId: p.channel_id,
            },
        },
    )
}

/// The `encodeType` strings, for documentation and for the tests that pin them.
pub mod type_strings {
    /// `ChannelConfig`.
    pub const CHANNEL_CONFIG: &str = "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)";
    /// `Voucher`.
    pub const VOUCHER: &str = "Voucher(bytes32 channelId,uint128 maxClaimableAmount)";
    /// `Refund`.
    pub const REFUND: &str = "Refund(bytes32 channelId,uint256 nonce,uint128 amount)";
    /// `ClaimBatch` with its referenced `ClaimEntry`.
    pub const CLAIM_BATCH: &str = "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)";
    /// The ERC-3009 deposit message (the token's `ReceiveWithAuthorization`).
    pub const RECEIVE_WITH_AUTHORIZATION: &str = "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";
    /// The Permit2 deposit message with its referenced types, sorted by name.
    pub const PERMIT2_DEPOSIT: &str = "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,DepositWitness witness)DepositWitness(bytes32 channelId)TokenPermissions(address token,uint256 amount)";
}

/// The `encodeType` strings alloy derives (checked against [`type_strings`] in the tests).
#[cfg(test)]
pub(crate) fn derived_type_strings() -> [String; 6] {
    [
        sol::ChannelConfig::eip712_encode_type().into_owned(),
        sol::Voucher::eip712_encode_type().into_owned(),
        sol::Refund::eip712_encode_type().into_owned(),
        sol::ClaimBatch::eip712_encode_type().into_owned(),
        sol_permit2::PermitWitnessTransferFrom::eip712_encode_type().into_owned(),
        sol::ReceiveWithAuthorization::eip712_encode_type().into_owned(),
    ]
}
