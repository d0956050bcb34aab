//! The chain side of `batch-settlement` as data: the reads a facilitator owes before it can
//! judge a payment ([`channel_reads`], decoded by [`decode_channel`],
//! [`decode_pending_withdrawal`], [`decode_refund_nonce`]) and the settlement transactions
//! (`deposit`, `claimWithSignature`, `settle`, `refundWithSignature` of `x402BatchSettlement`).
//! The function signatures are the contract ABI shipped in @x402/evm 2.27.0
//! (`batchSettlementABI`).

use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::{SolCall, SolValue};

use super::BATCH_SETTLEMENT_ADDRESS;
use super::wire::ChannelConfig;
use crate::evm::calls::{CallDecodeError, EthCall};

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
            ChannelConfig channel;
            uint128 maxClaimableAmount;
        }
        struct VoucherClaim {
            Voucher voucher;
            bytes signature;
            uint128 totalClaimed;
        }
        interface IBatchSettlement {
            function deposit(ChannelConfig config, uint128 amount, address collector, bytes collectorData) external;
            function claim(VoucherClaim[] voucherClaims) external;
            function claimWithSignature(VoucherClaim[] voucherClaims, bytes authorizerSignature) external;
            function settle(address receiver, address token) external;
            function refundWithSignature(ChannelConfig config, uint128 amount, uint256 nonce, bytes receiverAuthorizerSignature) external;
            function channels(bytes32 channelId) external view returns (uint128 balance, uint128 totalClaimed);
            function pendingWithdrawals(bytes32 channelId) external view returns (uint128 amount, uint40 initiatedAt);
            function refundNonce(bytes32 channelId) external view returns (uint256);
        }
    }
}

use sol::IBatchSettlement as I;

fn call<C: SolCall>(c: &C) -> EthCall {
    EthCall {
        to: BATCH_SETTLEMENT_ADDRESS,
        data: Bytes::from(c.abi_encode()),
    }
}

fn decode<C: SolCall>(data: &[u8]) -> Result<C::Return, CallDecodeError> {
    C::abi_decode_returns_validate(data).map_err(|e| CallDecodeError {
        function: C::SIGNATURE,
        reason: e.to_string(),
    })
}

/// The contract tuple of a wire config; `None` when `withdrawDelay` exceeds `uint40`.
fn tuple(config: &ChannelConfig) -> Option<sol::ChannelConfig> {
    Some(sol::ChannelConfig {
        payer: config.payer.get(),
        payerAuthorizer: config.payer_authorizer.get(),
        receiver: config.receiver.get(),
        receiverAuthorizer: config.receiver_authorizer.get(),
        token: config.token.get(),
        withdrawDelay: alloy_primitives::aliases::U40::try_from(config.withdraw_delay).ok()?,
        salt: config.salt.0,
    })
}

/// `channels(channelId) → (uint128 balance, uint128 totalClaimed)`.
#[must_use]
pub fn channels(channel_id: B256) -> EthCall {
    call(&I::channelsCall {
        channelId: channel_id,
    })
}

/// `pendingWithdrawals(channelId) → (uint128 amount, uint40 initiatedAt)`.
#[must_use]
pub fn pending_withdrawals(channel_id: B256) -> EthCall {
    call(&I::pendingWithdrawalsCall {
        channelId: channel_id,
    })
}

/// `refundNonce(channelId) → uint256`.
#[must_use]
pub fn refund_nonce(channel_id: B256) -> EthCall {
    call(&I::refundNonceCall {
        channelId: channel_id,
    })
}

/// The three reads every channel judgement needs, in the order the SDKs multicall them.
#[must_use]
pub fn channel_reads(channel_id: B256) -> [EthCall; 3] {
    [
        channels(channel_id),
        pending_withdrawals(channel_id),
        refund_nonce(channel_id),
    ]
}

/// Decodes `channels` into `(balance, totalClaimed)`.
///
/// # Errors
/// The return data is not two `uint128` words.
pub fn decode_channel(data: &[u8]) -> Result<(u128, u128), CallDecodeError> {
    decode::<I::channelsCall>(data).map(|r| (r.balance, r.totalClaimed))
}

/// Decodes `pendingWithdrawals` into `(amount, initiatedAt)`.
///
/// # Errors
/// The return data is not a `uint128` and a `uint40`.
pub fn decode_pending_withdrawal(data: &[u8]) -> Result<(u128, u64), CallDecodeError> {
    decode::<I::pendingWithdrawalsCall>(data).map(|r| (r.amount, r.initiatedAt.to::<u64>()))
}

/// Decodes `refundNonce`.
///
/// # Errors
/// The return data is not a `uint256`.
pub fn decode_refund_nonce(data: &[u8]) -> Result<U256, CallDecodeError> {
    decode::<I::refundNonceCall>(data)
}

/// `collectorData` of an ERC-3009 deposit: `abi.encode(uint256 validAfter, uint256
/// validBefore, uint256 salt, bytes signature)` (@x402/evm 2.27.0 `buildErc3009CollectorData`).
#[must_use]
pub fn erc3009_collector_data(
    valid_after: U256,
    valid_before: U256,
    salt: B256,
    signature: &[u8],
) -> Bytes {
    (
        valid_after,
        valid_before,
        U256::from_be_bytes(salt.0),
        Bytes::copy_from_slice(signature),
    )
        .abi_encode_params()
        .into()
}

/// `collectorData` of a Permit2 deposit: `abi.encode(uint256 nonce, uint256 deadline, bytes
/// permit2Signature, bytes eip2612PermitData)`; `eip2612PermitData` is empty without the
/// EIP-2612 gas-sponsoring branch.
#[must_use]
pub fn permit2_collector_data(
    nonce: U256,
    deadline: U256,
    signature: &[u8],
    eip2612_permit_data: &[u8],
) -> Bytes {
    (
        nonce,
        deadline,
        Bytes::copy_from_slice(signature),
        Bytes::copy_from_slice(eip2612_permit_data),
    )
        .abi_encode_params()
        .into()
}

/// `deposit(config, amount, collector, collectorData)`; `None` when the config's
/// `withdrawDelay` exceeds `uint40`.
#[must_use]
pub fn deposit(
    config: &ChannelConfig,
    amount: u128,
    collector: Address,
    collector_data: Bytes,
) -> Option<EthCall> {
    Some(call(&I::depositCall {
        config: tuple(config)?,
        amount,
        collector,
        collectorData: collector_data,
    }))
}

/// One claim row for [`claim_with_signature`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow<'a> {
    /// The channel.
    pub channel: &'a ChannelConfig,
    /// The voucher's ceiling.
    pub max_claimable_amount: u128,
    /// The payer's voucher signature.
    pub signature: &'a [u8],
    /// The new cumulative claimed total.
    pub total_claimed: u128,
}

/// `claimWithSignature(voucherClaims, authorizerSignature)`; `None` when a config's
/// `withdrawDelay` exceeds `uint40`.
#[must_use]
pub fn claim_with_signature(rows: &[ClaimRow<'_>], authorizer_signature: &[u8]) -> Option<EthCall> {
    let claims = rows
        .iter()
        .map(|r| {
            Some(sol::VoucherClaim {
                voucher: sol::Voucher {
                    channel: tuple(r.channel)?,
                    maxClaimableAmount: r.max_claimable_amount,
                },
                signature: Bytes::copy_from_slice(r.signature),
                totalClaimed: r.total_claimed,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(call(&I::claimWithSignatureCall {
        voucherClaims: claims,
        authorizerSignature: Bytes::copy_from_slice(authorizer_signature),
    }))
}

/// `settle(receiver, token)`: sweep everything claimed for the pair (permissionless).
#[must_use]
pub fn settle(receiver: Address, token: Address) -> EthCall {
    call(&I::settleCall { receiver, token })
}

/// `refundWithSignature(config, amount, nonce, receiverAuthorizerSignature)`; `None` when the
/// config's `withdrawDelay` exceeds `uint40`.
#[must_use]
pub fn refund_with_signature(
    config: &ChannelConfig,
    amount: u128,
    nonce: U256,
    signature: &[u8],
) -> Option<EthCall> {
    Some(call(&I::refundWithSignatureCall {
        config: tuple(config)?,
        amount,
        nonce,
        receiverAuthorizerSignature: Bytes::copy_from_slice(signature),
    }))
}
