//! The `batch-settlement` scheme on EVM: payment channels funded by one deposit and drawn down
//! by signed cumulative vouchers, claimed and swept on chain in batches
//! (`specs/schemes/batch-settlement/scheme_batch_settlement_evm.md` at coinbase/x402
//! c128c55, "the scheme text" below; docs/protocol/batch-settlement.md).
//!
//! Everything the scheme needs lives in this folder:
//!
//! | module | what |
//! |---|---|
//! | [`wire`] | the payloads (`deposit`, `voucher`, `refund` from the client; `claim`, `settle` and the completed `refund` from the server), the requirement's `extra`, the channel snapshot |
//! | [`eip712`] | the `x402 Batch Settlement` domain, `channelId`, `Voucher`, `Refund`, `ClaimBatch`, and the two deposit authorizations (`ReceiveWithAuthorization` to the ERC-3009 collector, Permit2 with a `DepositWitness`) |
//! | [`calls`] | the contract reads the facilitator owes (`channels`, `pendingWithdrawals`, `refundNonce`, `balanceOf`) with their decoders, and the settlement calldata (`deposit`, `claimWithSignature`, `settle`, `refundWithSignature`) |
//! | [`verify`] | `/verify` as pure functions: the off-chain rules ([`verify::verify`]) and the rules over the channel state the caller read ([`verify::BatchVerified::judge`]) |
//! | `sign` (feature `signer`) | the client: channel config, deposit and voucher payloads |
//!
//! Nothing here does I/O. The contract addresses are the canonical CREATE2 deployments of the
//! scheme text §Reference Implementation, the same on every chain.

pub mod calls;
pub mod eip712;
#[cfg(feature = "signer")]
pub mod sign;
pub mod verify;
pub mod wire;

#[cfg(test)]
mod tests;

use alloy_primitives::{Address, address};

/// `x402BatchSettlement`, the channel contract (scheme text §Reference Implementation).
pub const BATCH_SETTLEMENT_ADDRESS: Address =
    address!("0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003");
/// `ERC3009DepositCollector`: the `to` of a deposit's `ReceiveWithAuthorization`.
pub const ERC3009_DEPOSIT_COLLECTOR_ADDRESS: Address =
    address!("0x4020806089470a89826cB9fB1f4059150b550004");
/// `Permit2DepositCollector`: the `spender` of a deposit's Permit2 authorization.
pub const PERMIT2_DEPOSIT_COLLECTOR_ADDRESS: Address =
    address!("0x4020425FAf3B746C082C2f942b4E5159887B0005");
/// Shortest withdraw delay a channel may have: 15 minutes (scheme text §Channel creation).
pub const MIN_WITHDRAW_DELAY: u64 = 900;
/// Longest withdraw delay a channel may have: 30 days.
pub const MAX_WITHDRAW_DELAY: u64 = 2_592_000;
/// `name` of the scheme's EIP-712 domain.
pub const DOMAIN_NAME: &str = "x402 Batch Settlement";
/// `version` of the scheme's EIP-712 domain.
pub const DOMAIN_VERSION: &str = "1";

pub use eip712::{
    ClaimEntry, Permit2Deposit, ReceiveAuthorization, batch_domain, channel_config_hashes,
    channel_id, claim_batch_hashes, deposit_nonce, permit2_deposit_hashes,
    receive_authorization_hashes, refund_hashes, voucher_hashes,
};
pub use verify::{BatchCheck, BatchVerified, ChannelReads, ChannelSnapshot};
pub use wire::{
    BatchExtra, BatchPayload, ChannelConfig, ChannelState, ClaimPayload, DepositPayload,
    RefundPayload, SettlePayload, Voucher, VoucherClaim, VoucherPayload,
};
