//! `/verify` of `batch-settlement` as pure functions, in two steps:
//!
//! 1. [`verify`] checks everything that needs no chain: the envelope, the payload shape, that the
//!    channel config hashes to the voucher's channel id and matches the offer (scheme text
//!    §Verification Rules items 1–5), the voucher signature (item 6) when it can be recovered
//!    offline, and for a deposit the token authorization (ERC-3009 or Permit2 fields, time
//!    window, signature). It returns a [`BatchVerified`] with the reads the facilitator still
//!    owes ([`BatchVerified::reads`]) and the on-chain checks that only the chain can answer
//!    (ERC-1271 signatures, the deposit simulation, the Permit2 allowance).
//! 2. [`BatchVerified::judge`] applies the rules over what those reads returned
//!    ([`ChannelReads`]): channel existence (item 7), the payer's balance for a deposit (item 8),
//!    the cumulative ceiling against the balance (item 9) and against what was already claimed
//!    (item 10). Its answer is the channel snapshot every `/verify` response carries in `extra`.
//!
//! Every failure of a step is reported (not just the first), in this crate's order; the first
//! is the reason. [`Rejection::as_sdk`](crate::verify::Rejection::as_sdk) replays the SDKs'
//! orders, which differ (docs/protocol/batch-settlement.md §4).
//!
//! Where the SDKs and the scheme text disagree, this module follows the text and says so:
//! item 10 asks `maxClaimableAmount >= totalClaimed + amount` for voucher and deposit payloads,
//! while @x402/evm 2.27.0, x402 2.25.0 and Go only ask `maxClaimableAmount > totalClaimed`
//! (docs/protocol/batch-settlement.md §5); a missing `extra.withdrawDelay` fails item 5 here,
//! the SDKs skip the comparison (docs/protocol/batch-settlement.md §6).

use alloy_primitives::{Address as EvmAddr, B256, U256};

use super::calls;
use super::eip712::{
    Permit2Deposit, ReceiveAuthorization, channel_id, deposit_nonce, permit2_deposit_hashes,
    receive_authorization_hashes, voucher_hashes,
};
use super::wire::{BatchPayload, BatchPayloadError, ChannelConfig, ChannelState, DepositPayload};
use super::{
    ERC3009_DEPOSIT_COLLECTOR_ADDRESS, MAX_WITHDRAW_DELAY, MIN_WITHDRAW_DELAY,
    PERMIT2_DEPOSIT_COLLECTOR_ADDRESS,
};
use crate::codes::ErrorCode;
use crate::common::{Hex32, Scheme};
use crate::evm::calls::{self as evm_calls, CallDecodeError, EthCall};
use crate::evm::constants::PERMIT2_ADDRESS;
use crate::evm::eip712::{TokenDomain, TypedDataHashes};
use crate::evm::{ClassifiedSignature, SignatureError, classify_signature_with};
use crate::facilitator::VerifyResponse;
use crate::primitives::{Address, EvmAddress};
use crate::v2;
use crate::verify::checks::{Check, CommonCheck, Orders, checks};
use crate::verify::evm::onchain::{ChainRequest, Expectation, OnchainCheck, OnchainCheckKind};
use crate::verify::report::Report;
use crate::verify::{Mechanism, Policy, Rejection};
use crate::wire::JsonObject;

/// The SDK spelling of a batch-settlement code: every SDK spells the canonical code
/// (`invalid_batch_settlement_evm_<suffix>`), so the rule table names only the suffix.
macro_rules! bs {
    ($suffix:literal) => {
        Some(concat!("invalid_batch_settlement_evm_", $suffix))
    };
}

checks! {
    /// The rules of `batch-settlement` on EVM (scheme text §Verification Rules; the SDK
    /// spellings are those of @x402/evm 2.27.0, x402 2.25.0 and Go at coinbase/x402 07c0c9c,
    /// which spell every rule alike).
    pub enum BatchCheck {
        /// Both `accepted.scheme` and the requirement's scheme are `batch-settlement`.
        Scheme "batch/scheme" => BatchScheme,
            ts bs!("scheme"), go bs!("scheme"), py bs!("scheme");
        /// `accepted.network` equals the requirement's network.
        Network "batch/network" => BatchNetworkMismatch,
            ts bs!("network_mismatch"), go bs!("network_mismatch"), py bs!("network_mismatch");
        /// `payload.type` is `deposit`, `voucher` or `refund` (the payloads a client sends).
        PayloadType "batch/payload-type" => BatchPayloadType,
            ts bs!("payload_type"), go bs!("payload_type"), py bs!("payload_type");
        /// The payload of that type decodes (addresses, 32-byte ids, decimal amounts).
        Format "batch/format" => BatchVoucherPayload,
            ts bs!("payload_type"), go bs!("voucher_payload"), py bs!("payload_type");
        /// Item 1: the channel config's EIP-712 hash equals `voucher.channelId`.
        ChannelId "batch/channel-id" => BatchChannelIdMismatch,
            ts bs!("channel_id_mismatch"), go bs!("channel_id_mismatch"), py bs!("channel_id_mismatch");
        /// Item 3: `channelConfig.receiver` equals `payTo`.
        Receiver "batch/receiver" => BatchReceiverMismatch,
            ts bs!("receiver_mismatch"), go bs!("receiver_mismatch"), py bs!("receiver_mismatch");
        /// Item 4: `channelConfig.receiverAuthorizer` equals `extra.receiverAuthorizer`, which
        /// must be present and non-zero.
        ReceiverAuthorizer "batch/receiver-authorizer" => BatchReceiverAuthorizerMismatch,
            ts bs!("receiver_authorizer_mismatch"), go bs!("receiver_authorizer_mismatch"), py bs!("receiver_authorizer_mismatch");
        /// Item 2: `channelConfig.token` equals `asset`.
        Token "batch/token" => BatchTokenMismatch,
            ts bs!("token_mismatch"), go bs!("token_mismatch"), py bs!("token_mismatch");
        /// Item 5: `channelConfig.withdrawDelay` equals `extra.withdrawDelay`.
        WithdrawDelay "batch/withdraw-delay" => BatchWithdrawDelayMismatch,
            ts bs!("withdraw_delay_mismatch"), go bs!("withdraw_delay_mismatch"), py bs!("withdraw_delay_mismatch");
        /// `withdrawDelay` lies in 900..=2 592 000 seconds (§Channel creation).
        WithdrawDelayRange "batch/withdraw-delay-range" => BatchWithdrawDelayOutOfRange,
            ts bs!("withdraw_delay_out_of_range"), go bs!("withdraw_delay_out_of_range"), py bs!("withdraw_delay_out_of_range");
        /// `voucher.maxClaimableAmount` (and a deposit or refund amount) fits the contract's
        /// `uint128`.
        AmountRange "batch/amount-range" => BatchVoucherPayload,
            ts None, go None, py None;
        /// A deposit carries the authorization its transfer method needs: `erc3009Authorization`
        /// (default) or `permit2Authorization` (`extra.assetTransferMethod: "permit2"`, or when
        /// only that one is present).
        Erc3009Required "batch/erc3009-required" => BatchErc3009AuthorizationRequired,
            ts bs!("erc3009_authorization_required"), go bs!("erc3009_authorization_required"), py bs!("erc3009_authorization_required");
        /// The Permit2 half of the rule above; the SDKs answer `payload_type` for it.
        Permit2Required "batch/permit2-required" => BatchPermit2AuthorizationRequired,
            ts bs!("payload_type"), go bs!("payload_type"), py bs!("payload_type");
        /// An ERC-3009 deposit needs the token's EIP-712 `extra.name` and `extra.version`.
        Eip712Domain "batch/eip712-domain" => BatchMissingEip712Domain,
            ts bs!("missing_eip712_domain"), go bs!("missing_eip712_domain"), py bs!("missing_eip712_domain");
        /// ERC-3009 deposit: `validBefore >= now + buffer`.
        ValidBefore "batch/valid-before" => BatchPayloadAuthorizationValidBefore,
            ts bs!("payload_authorization_valid_before"), go bs!("payload_authorization_valid_before"), py bs!("payload_authorization_valid_before");
        /// ERC-3009 deposit: `validAfter <= now`.
        ValidAfter "batch/valid-after" => BatchPayloadAuthorizationValidAfter,
            ts bs!("payload_authorization_valid_after"), go bs!("payload_authorization_valid_after"), py bs!("payload_authorization_valid_after");
        /// ERC-3009 deposit: the `ReceiveWithAuthorization` (to the ERC-3009 collector, nonce
        /// from channel id and salt) is signed by the payer.
        ReceiveSignature "batch/receive-signature" => BatchReceiveAuthorizationSignature,
            ts bs!("receive_authorization_signature"), go bs!("receive_authorization_signature"), py bs!("receive_authorization_signature");
        /// Permit2 deposit: `from` is the channel's payer (the SDKs report a bad signature).
        Permit2From "batch/permit2-from" => BatchPermit2InvalidSignature,
            ts bs!("permit2_invalid_signature"), go bs!("permit2_invalid_signature"), py bs!("permit2_invalid_signature");
        /// Permit2 deposit: `spender` is the Permit2 deposit collector.
        Permit2Spender "batch/permit2-spender" => BatchPermit2InvalidSpender,
            ts bs!("permit2_invalid_spender"), go bs!("permit2_invalid_spender"), py bs!("permit2_invalid_spender");
        /// Permit2 deposit: `permitted.token` is `asset`.
        Permit2Token "batch/permit2-token" => BatchTokenMismatch,
            ts bs!("token_mismatch"), go bs!("token_mismatch"), py bs!("token_mismatch");
        /// Permit2 deposit: `permitted.amount` equals `deposit.amount`.
        Permit2Amount "batch/permit2-amount" => BatchPermit2AmountMismatch,
            ts bs!("permit2_amount_mismatch"), go bs!("permit2_amount_mismatch"), py bs!("permit2_amount_mismatch");
        /// Permit2 deposit: `witness.channelId` is the voucher's channel.
        Permit2Witness "batch/permit2-witness" => BatchChannelIdMismatch,
            ts bs!("channel_id_mismatch"), go bs!("channel_id_mismatch"), py bs!("channel_id_mismatch");
        /// Permit2 deposit: `deadline >= now + buffer`.
        Permit2Deadline "batch/permit2-deadline" => BatchPermit2DeadlineExpired,
            ts bs!("permit2_deadline_expired"), go bs!("permit2_deadline_expired"), py bs!("permit2_deadline_expired");
        /// Permit2 deposit: the `PermitWitnessTransferFrom` is signed by `from`.
        Permit2Signature "batch/permit2-signature" => BatchPermit2InvalidSignature,
            ts bs!("permit2_invalid_signature"), go bs!("permit2_invalid_signature"), py bs!("permit2_invalid_signature");
        /// Item 6: the `Voucher` is signed by `payerAuthorizer` (ECDSA only), or by `payer`
        /// (EOA, or ERC-1271 on chain) when `payerAuthorizer` is zero.
        VoucherSignature "batch/voucher-signature" => BatchVoucherSignature,
            ts bs!("voucher_signature"), go bs!("voucher_signature"), py bs!("voucher_signature");
        /// A refund `amount`, when present, is positive (§Refund Payload).
        RefundAmount "batch/refund-amount" => BatchRefundAmountInvalid,
            ts None, go None, py None;
        /// The caller supplied every read [`BatchVerified::reads`] asked for.
        Reads "batch/reads" => BatchRpcReadFailed,
            ts bs!("rpc_read_failed"), go bs!("channel_state_read_failed"), py bs!("rpc_read_failed");
        /// Item 7: a voucher or refund needs a channel with a positive balance.
        ChannelExists "batch/channel-exists" => BatchChannelNotFound,
            ts bs!("channel_not_found"), go bs!("channel_not_found"), py bs!("channel_not_found");
        /// Item 8: a deposit needs `balanceOf(payer) >= deposit.amount`.
        PayerBalance "batch/payer-balance" => BatchInsufficientBalance,
            ts bs!("insufficient_balance"), go bs!("insufficient_balance"), py bs!("insufficient_balance");
        /// Item 9: `maxClaimableAmount <= balance` (plus the deposit for a deposit).
        ExceedsBalance "batch/exceeds-balance" => BatchCumulativeExceedsBalance,
            ts bs!("cumulative_exceeds_balance"), go bs!("cumulative_exceeds_balance"), py bs!("cumulative_exceeds_balance");
        /// Item 10: `maxClaimableAmount >= totalClaimed + amount` for voucher and deposit
        /// payloads, `>= totalClaimed` for a refund. The SDKs check `> totalClaimed` (voucher,
        /// deposit) and `>= totalClaimed` (refund), which the same code reports.
        BelowClaimed "batch/below-claimed" => BatchCumulativeBelowClaimed,
            ts bs!("cumulative_below_claimed"), go bs!("cumulative_below_claimed"), py bs!("cumulative_below_claimed");
    }
}

use BatchCheck as B;

const fn c(b: BatchCheck) -> Check {
    Check::Batch(b)
}

/// This crate's order: envelope, shape, the channel binding (id first: every later comparison
/// is about that channel), amounts, the deposit authorization (fields, then time, then
/// signature), the voucher signature, and then the rules over chain state.
const CANONICAL: &[Check] = &[
    c(B::Scheme),
    c(B::Network),
    Check::Common(CommonCheck::UnknownNetwork),
    Check::Common(CommonCheck::AcceptedMismatch),
    c(B::PayloadType),
    c(B::Format),
    c(B::ChannelId),
    c(B::Receiver),
    c(B::ReceiverAuthorizer),
    c(B::Token),
    c(B::WithdrawDelay),
    c(B::WithdrawDelayRange),
    c(B::AmountRange),
    c(B::RefundAmount),
    c(B::Erc3009Required),
    c(B::Permit2Required),
    c(B::Eip712Domain),
    c(B::Permit2From),
    c(B::Permit2Spender),
    c(B::Permit2Token),
    c(B::Permit2Amount),
    c(B::Permit2Witness),
    c(B::ValidAfter),
    c(B::ValidBefore),
    c(B::Permit2Deadline),
    c(B::ReceiveSignature),
    c(B::Permit2Signature),
    c(B::VoucherSignature),
    c(B::Reads),
    c(B::ChannelExists),
    c(B::PayerBalance),
    c(B::ExceedsBalance),
    c(B::BelowClaimed),
];

/// @x402/evm 2.27.0 and x402 2.25.0 (the same order): `verify` (scheme, network, type guard),
/// `validateChannelConfig`, for a deposit the transfer-method guard and the method's checks
/// (`verifyEip3009DepositAuthorization`: required, domain, validBefore, validAfter, signature;
/// `verifyPermit2TypedData`: from, spender, token, amount, witness, deadline, signature), then
/// the voucher signature and the state rules (deposit: payer balance, ceiling, claimed;
/// voucher/refund: existence, ceiling, claimed).
const TS: &[Check] = &[
    c(B::Scheme),
    c(B::Network),
    c(B::PayloadType),
    c(B::Format),
    c(B::ChannelId),
    c(B::Receiver),
    c(B::ReceiverAuthorizer),
    c(B::Token),
    c(B::WithdrawDelay),
    c(B::WithdrawDelayRange),
    c(B::Permit2Required),
    c(B::Permit2From),
    c(B::Permit2Spender),
    c(B::Permit2Token),
    c(B::Permit2Amount),
    c(B::Permit2Witness),
    c(B::Permit2Deadline),
    c(B::Permit2Signature),
    c(B::Erc3009Required),
    c(B::Eip712Domain),
    c(B::ValidBefore),
    c(B::ValidAfter),
    c(B::ReceiveSignature),
    c(B::VoucherSignature),
    c(B::Reads),
    c(B::ChannelExists),
    c(B::PayerBalance),
    c(B::ExceedsBalance),
    c(B::BelowClaimed),
];

/// Go (coinbase/x402 07c0c9c `facilitator/utils.go` `ValidateChannelConfig`, `voucher.go`):
/// receiver, token, delay range, channel id, receiver authorizer, delay; the voucher path
/// checks "below claimed" before "exceeds balance". The deposit-authorization part follows
/// the TypeScript order (Go's `deposit.go` was not read; docs/protocol/batch-settlement.md §4).
const GO: &[Check] = &[
    c(B::Scheme),
    c(B::Network),
    c(B::PayloadType),
    c(B::Format),
    c(B::Receiver),
    c(B::Token),
    c(B::WithdrawDelayRange),
    c(B::ChannelId),
    c(B::ReceiverAuthorizer),
    c(B::WithdrawDelay),
    c(B::Permit2Required),
    c(B::Permit2From),
    c(B::Permit2Spender),
    c(B::Permit2Token),
    c(B::Permit2Amount),
    c(B::Permit2Witness),
    c(B::Permit2Deadline),
    c(B::Permit2Signature),
    c(B::Erc3009Required),
    c(B::Eip712Domain),
    c(B::ValidBefore),
    c(B::ValidAfter),
    c(B::ReceiveSignature),
    c(B::VoucherSignature),
    c(B::Reads),
    c(B::ChannelExists),
    c(B::PayerBalance),
    c(B::BelowClaimed),
    c(B::ExceedsBalance),
];

/// The check orders of [`Mechanism::BatchSettlement`].
pub(crate) static ORDERS: Orders = Orders {
    canonical: CANONICAL,
    ts: TS,
    go: GO,
    py: TS,
};

/// Which client payload was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadKind {
    /// `deposit`: open or top up, and pay.
    Deposit,
    /// `voucher`: pay from the channel.
    Voucher,
    /// `refund`: the zero-charge voucher of a cooperative refund.
    Refund,
}

/// How a deposit pulls its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DepositMethod {
    /// ERC-3009 `receiveWithAuthorization` through the ERC-3009 collector.
    Erc3009,
    /// Permit2 through the Permit2 collector.
    Permit2,
}

/// A deposit that passed its off-chain rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedDeposit {
    /// Tokens to move into the channel.
    pub amount: u128,
    /// The transfer method.
    pub method: DepositMethod,
    /// Hashes of the signed token authorization.
    pub hashes: TypedDataHashes,
    /// Its signature, classified.
    pub signature: ClassifiedSignature,
    /// The settlement transaction: `deposit(config, amount, collector, collectorData)`.
    pub settlement: EthCall,
}

/// A `batch-settlement` payment that passed every off-chain rule; [`judge`](Self::judge) it
/// against the channel state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchVerified {
    /// The channel's payer.
    pub payer: EvmAddress,
    /// Which payload.
    pub kind: PayloadKind,
    /// The chain.
    pub chain_id: u64,
    /// The channel id (checked against the config).
    pub channel_id: B256,
    /// The channel config.
    pub config: ChannelConfig,
    /// The voucher's cumulative ceiling.
    pub max_claimable_amount: u128,
    /// The price of this request (`requirements.amount`).
    pub price: U256,
    /// Hashes of the voucher.
    pub voucher_hashes: TypedDataHashes,
    /// The voucher signature, classified.
    pub voucher_signature: ClassifiedSignature,
    /// The deposit, for a `deposit` payload.
    pub deposit: Option<VerifiedDeposit>,
    /// The refund amount a `refund` payload asks for (`None`: everything unclaimed).
    pub refund_amount: Option<u128>,
    /// Checks only the chain can answer (ERC-1271 signatures, deposit simulation, Permit2
    /// allowance), to run with [`OnchainCheck::evaluate`].
    pub onchain: Vec<OnchainCheck>,
}

// Every field compares as an equivalence (the wire config holds addresses, integers, bytes and
// JSON values, whose `PartialEq` is total), so the derived `PartialEq` is an `Eq`.
impl Eq for BatchVerified {}

/// What the chain said about the channel, decoded from the answers to
/// [`BatchVerified::reads`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct ChannelReads {
    /// `channels(id).balance`.
    pub balance: u128,
    /// `channels(id).totalClaimed`.
    pub total_claimed: u128,
    /// `pendingWithdrawals(id).initiatedAt` (0: none).
    pub withdraw_requested_at: u64,
    /// `refundNonce(id)`.
    pub refund_nonce: U256,
    /// `balanceOf(payer)` of the token (deposits only).
    pub payer_balance: Option<U256>,
}

impl ChannelReads {
    /// Builds the reads from values.
    #[must_use]
    pub const fn new(
        balance: u128,
        total_claimed: u128,
        withdraw_requested_at: u64,
        refund_nonce: U256,
        payer_balance: Option<U256>,
    ) -> Self {
        Self {
            balance,
            total_claimed,
            withdraw_requested_at,
            refund_nonce,
            payer_balance,
        }
    }

    /// Decodes the raw return data of the reads, in the order of [`BatchVerified::reads`]
    /// (`channels`, `pendingWithdrawals`, `refundNonce`, then `balanceOf` for a deposit).
    ///
    /// # Errors
    /// A return value that does not decode as its function's output.
    pub fn decode(
        channels: &[u8],
        pending_withdrawals: &[u8],
        refund_nonce: &[u8],
        payer_balance: Option<&[u8]>,
    ) -> Result<Self, CallDecodeError> {
        let (balance, total_claimed) = calls::decode_channel(channels)?;
        let (_, withdraw_requested_at) = calls::decode_pending_withdrawal(pending_withdrawals)?;
        let refund_nonce = calls::decode_refund_nonce(refund_nonce)?;
        let payer_balance = payer_balance
            .map(evm_calls::decode_balance_of)
            .transpose()?;
        Ok(Self::new(
            balance,
            total_claimed,
            withdraw_requested_at,
            refund_nonce,
            payer_balance,
        ))
    }
}

/// The channel snapshot of a state (what `/verify` returns in `extra`).
pub type ChannelSnapshot = ChannelState;

impl BatchVerified {
    /// The `eth_call`s to make before [`judge`](Self::judge): the channel's three reads and,
    /// for a deposit, the payer's token balance.
    #[must_use]
    pub fn reads(&self) -> Vec<EthCall> {
        let mut v = calls::channel_reads(self.channel_id).to_vec();
        if self.deposit.is_some() {
            v.push(evm_calls::balance_of(
                self.config.token.get(),
                self.payer.get(),
            ));
        }
        v
    }

    /// Applies scheme text items 7–10 to the channel state, and returns the snapshot for the
    /// `/verify` response.
    ///
    /// # Errors
    /// A [`Rejection`] naming every failed rule.
    pub fn judge(&self, reads: &ChannelReads) -> Result<ChannelSnapshot, Rejection> {
        let mut r = Report::default();
        let max = self.max_claimable_amount;
        match self.kind {
            PayloadKind::Voucher | PayloadKind::Refund => {
                r.check(reads.balance > 0, B::ChannelExists, || {
                    format!(
                        "channel {} has no balance: it does not exist or was drained",
                        Hex32(self.channel_id)
                    )
                });
                r.check(max <= reads.balance, B::ExceedsBalance, || {
                    format!(
                        "/payload/voucher/maxClaimableAmount: {max} exceeds the channel balance {}",
                        reads.balance
                    )
                });
            }
            PayloadKind::Deposit => {
                let deposit = self.deposit.as_ref().map_or(0, |d| d.amount);
                match reads.payer_balance {
                    None => r.fail(B::Reads, "the payer's token balance was not supplied"),
                    Some(have) => r.check(have >= U256::from(deposit), B::PayerBalance, || {
                        format!("payer holds {have}, the deposit needs {deposit}")
                    }),
                }
                let effective = U256::from(reads.balance).saturating_add(U256::from(deposit));
                r.check(U256::from(max) <= effective, B::ExceedsBalance, || {
                    format!(
                        "/payload/voucher/maxClaimableAmount: {max} exceeds balance {} + deposit {deposit}",
                        reads.balance
                    )
                });
            }
        }
        let claimed = U256::from(reads.total_claimed);
        let (floor, what) = match self.kind {
            PayloadKind::Refund => (claimed, "totalClaimed"),
            PayloadKind::Voucher | PayloadKind::Deposit => {
                (claimed.saturating_add(self.price), "totalClaimed + amount")
            }
        };
        r.check(U256::from(max) >= floor, B::BelowClaimed, || {
            format!(
                "/payload/voucher/maxClaimableAmount: {max} is below {what} = {floor} (totalClaimed {})",
                reads.total_claimed
            )
        });
        if !r.is_clean() {
            return Err(r.reject(Mechanism::BatchSettlement, Some(Address::Evm(self.payer))));
        }
        Ok(self.snapshot(reads))
    }

    /// The snapshot of `reads` for this channel (no `chargedCumulativeAmount`: that is the
    /// server's).
    #[must_use]
    pub fn snapshot(&self, reads: &ChannelReads) -> ChannelSnapshot {
        ChannelState {
            channel_id: Hex32(self.channel_id),
            balance: U256::from(reads.balance).into(),
            total_claimed: U256::from(reads.total_claimed).into(),
            withdraw_requested_at: reads.withdraw_requested_at,
            refund_nonce: reads.refund_nonce.into(),
            charged_cumulative_amount: None,
            unknown: JsonObject::new(),
        }
    }

    /// The valid `/verify` answer: the payer and the flat snapshot in `extra` (scheme text
    /// §POST /verify).
    #[must_use]
    pub fn verify_response(&self, snapshot: &ChannelSnapshot) -> VerifyResponse {
        let mut v = VerifyResponse::valid(Address::Evm(self.payer));
        v.extra = match serde_json::to_value(snapshot) {
            Ok(serde_json::Value::Object(o)) => Some(o),
            _ => None,
        };
        v
    }
}

fn u128_of(v: U256) -> Option<u128> {
    u128::try_from(v).ok()
}

/// Verifies a `batch-settlement` payment offline (step 1 of the module docs).
///
/// # Errors
/// A [`Rejection`] naming every failed rule.
pub fn verify(
    payload: &v2::PaymentPayload,
    requirements: &v2::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<BatchVerified, Rejection> {
    let mut r = Report::default();
    let want = &Scheme::BATCH_SETTLEMENT;
    let accepted = payload.accepted.value();
    r.check(
        &accepted.scheme == want && &requirements.scheme == want,
        B::Scheme,
        || {
            format!(
                "scheme: payment says {:?}, requirements say {:?}, mechanism needs \"batch-settlement\"",
                accepted.scheme.as_str(),
                requirements.scheme.as_str()
            )
        },
    );
    r.check(accepted.network == requirements.network, B::Network, || {
        format!(
            "network: payment says {}, requirements say {}",
            accepted.network, requirements.network
        )
    });
    let chain_id = requirements.network.evm_chain_id();
    r.check(chain_id.is_some(), CommonCheck::UnknownNetwork, || {
        format!("network {} has no EVM chain id", requirements.network)
    });
    if policy.require_accepted_match {
        let mut diffs = Vec::new();
        if accepted.amount != requirements.amount {
            diffs.push(format!(
                "amount {} vs {}",
                accepted.amount, requirements.amount
            ));
        }
        if accepted.asset != requirements.asset {
            diffs.push(format!(
                "asset {} vs {}",
                accepted.asset, requirements.asset
            ));
        }
        if accepted.pay_to != requirements.pay_to {
            diffs.push(format!(
                "payTo {} vs {}",
                accepted.pay_to, requirements.pay_to
            ));
        }
        r.check(diffs.is_empty(), CommonCheck::AcceptedMismatch, || {
            format!(
                "accepted differs from paymentRequirements: {}",
                diffs.join(", ")
            )
        });
    }
    let decoded = match BatchPayload::type_of(&payload.payload) {
        Some(t @ ("claim" | "settle")) => {
            r.fail(
                B::PayloadType,
                format!(
                    "/payload/type: {t:?} is a server-to-facilitator settle action, not a payment"
                ),
            );
            None
        }
        _ => decode_client_payload(&payload.payload, &mut r),
    };
    let (Some(p), Some(chain_id)) = (decoded, chain_id) else {
        return Err(r.reject(Mechanism::BatchSettlement, None));
    };
    let payer = p
        .channel_config()
        .map(|c| c.payer)
        .unwrap_or_else(|| EvmAddress::new(EvmAddr::ZERO));
    match offline(&p, requirements, chain_id, now, policy, &mut r) {
        Some(ok) if r.is_clean() => Ok(ok),
        _ => Err(r.reject(Mechanism::BatchSettlement, Some(Address::Evm(payer)))),
    }
}

/// Decodes a client payload (`deposit`, `voucher`, `refund`), reporting why it does not.
fn decode_client_payload(payload: &JsonObject, r: &mut Report) -> Option<BatchPayload> {
    match BatchPayload::from_payload(payload) {
        Ok(p) => Some(p),
        Err(e @ BatchPayloadError::UnknownType(_)) => {
            r.fail(B::PayloadType, e.to_string());
            None
        }
        Err(BatchPayloadError::Malformed(e)) => {
            r.fail(B::Format, e.to_string());
            None
        }
    }
}

/// The rules after decoding. `None` when a value needed to go on is unusable (already
/// reported).
fn offline(
    p: &BatchPayload,
    req: &v2::PaymentRequirements,
    chain_id: u64,
    now: u64,
    policy: &Policy,
    r: &mut Report,
) -> Option<BatchVerified> {
    let config = p.channel_config()?;
    let voucher = p.voucher()?;
    let extra = req.extra.as_ref();
    config_rules(config, voucher.channel_id.0, req, extra, chain_id, r);

    let max = u128_of(voucher.max_claimable_amount.get());
    r.check(max.is_some(), B::AmountRange, || {
        format!(
            "/payload/voucher/maxClaimableAmount: {} exceeds uint128",
            voucher.max_claimable_amount
        )
    });

    let (kind, refund_amount) = match p {
        BatchPayload::Deposit(_) => (PayloadKind::Deposit, None),
        BatchPayload::Voucher(_) => (PayloadKind::Voucher, None),
        BatchPayload::Refund(rf) => {
            let amount = rf.amount.map(|a| a.get());
            r.check(amount.is_none_or(|a| !a.is_zero()), B::RefundAmount, || {
                "/payload/amount: a refund amount must be positive (omit it for a full refund)"
                    .to_owned()
            });
            let parsed = amount.and_then(u128_of);
            r.check(amount.is_none() || parsed.is_some(), B::AmountRange, || {
                "/payload/amount: exceeds uint128".to_owned()
            });
            (PayloadKind::Refund, parsed)
        }
        BatchPayload::Claim(_) | BatchPayload::Settle(_) => return None,
    };

    let mut onchain = Vec::new();
    let deposit = match p {
        BatchPayload::Deposit(d) => {
            deposit_rules(d, req, extra, chain_id, now, policy, r, &mut onchain)
        }
        _ => None,
    };

    let hashes = voucher_hashes(voucher.channel_id.0, max.unwrap_or(0), chain_id);
    let voucher_signature = voucher_signature(config, voucher, &hashes, policy, r, &mut onchain);

    if let Some(d) = &deposit {
        let collector_call = d.settlement.clone();
        onchain.push(simulation(collector_call, &d.signature));
    }

    Some(BatchVerified {
        payer: config.payer,
        kind,
        chain_id,
        channel_id: voucher.channel_id.0,
        config: config.clone(),
        max_claimable_amount: max?,
        price: req.amount.get(),
        voucher_hashes: hashes,
        voucher_signature: voucher_signature?,
        deposit,
        refund_amount,
        onchain,
    })
}

/// Items 1–5 and the delay range.
fn config_rules(
    config: &ChannelConfig,
    claimed_id: B256,
    req: &v2::PaymentRequirements,
    extra: Option<&JsonObject>,
    chain_id: u64,
    r: &mut Report,
) {
    match channel_id(config, chain_id) {
        Some(id) => r.check(id == claimed_id, B::ChannelId, || {
            format!(
                "/payload/voucher/channelId: {} but the channel config hashes to {}",
                Hex32(claimed_id),
                Hex32(id)
            )
        }),
        None => r.fail(
            B::ChannelId,
            "/payload/channelConfig/withdrawDelay: does not fit uint40, so no channel id exists",
        ),
    }
    let pay_to = req.pay_to.as_evm();
    r.check(pay_to == Some(&config.receiver), B::Receiver, || {
        format!(
            "/payload/channelConfig/receiver: {} but payTo is {}",
            config.receiver, req.pay_to
        )
    });
    let want_auth = extra
        .and_then(|e| e.get("receiverAuthorizer"))
        .and_then(serde_json::Value::as_str)
        .and_then(|s| EvmAddress::parse(s).ok());
    match want_auth {
        Some(a) if !a.is_zero() => {
            r.check(a == config.receiver_authorizer, B::ReceiverAuthorizer, || {
                format!(
                    "/payload/channelConfig/receiverAuthorizer: {} but extra.receiverAuthorizer is {a}",
                    config.receiver_authorizer
                )
            });
        }
        Some(_) => r.fail(
            B::ReceiverAuthorizer,
            "extra.receiverAuthorizer is the zero address, which can authorize nothing",
        ),
        None => r.fail(
            B::ReceiverAuthorizer,
            "extra.receiverAuthorizer is missing or not an address",
        ),
    }
    r.check(req.asset.as_evm() == Some(&config.token), B::Token, || {
        format!(
            "/payload/channelConfig/token: {} but asset is {}",
            config.token, req.asset
        )
    });
    let want_delay = extra
        .and_then(|e| e.get("withdrawDelay"))
        .and_then(serde_json::Value::as_u64);
    r.check(
        want_delay == Some(config.withdraw_delay),
        B::WithdrawDelay,
        || match want_delay {
            Some(w) => format!(
                "/payload/channelConfig/withdrawDelay: {} but extra.withdrawDelay is {w}",
                config.withdraw_delay
            ),
            None => "extra.withdrawDelay is missing or not a whole number of seconds".to_owned(),
        },
    );
    r.check(
        (MIN_WITHDRAW_DELAY..=MAX_WITHDRAW_DELAY).contains(&config.withdraw_delay),
        B::WithdrawDelayRange,
        || {
            format!(
                "/payload/channelConfig/withdrawDelay: {} is outside {MIN_WITHDRAW_DELAY}..={MAX_WITHDRAW_DELAY} seconds",
                config.withdraw_delay
            )
        },
    );
}

/// Item 6. `None` when the signature bytes are unusable (reported).
fn voucher_signature(
    config: &ChannelConfig,
    voucher: &super::wire::Voucher,
    hashes: &TypedDataHashes,
    policy: &Policy,
    r: &mut Report,
    onchain: &mut Vec<OnchainCheck>,
) -> Option<ClassifiedSignature> {
    let path = "/payload/voucher/signature";
    let classified = classify(
        voucher.signature.as_slice(),
        policy,
        path,
        B::VoucherSignature,
        r,
    )?;
    if config.payer_authorizer.is_zero() {
        signed_by(
            true,
            &classified,
            hashes.digest,
            config.payer.get(),
            path,
            B::VoucherSignature,
            ErrorCode::BatchVoucherSignature,
            r,
            onchain,
        );
    } else {
        // A committed payer authorizer is an EOA: ECDSA recovery only (scheme text item 6).
        match &classified {
            ClassifiedSignature::Eoa(sig) => match sig.recover(hashes.digest) {
                Ok(who) if who == config.payer_authorizer.get() => {}
                Ok(who) => r.fail(
                    B::VoucherSignature,
                    format!(
                        "{path}: signed by {}, not by payerAuthorizer {}",
                        EvmAddress::new(who),
                        config.payer_authorizer
                    ),
                ),
                Err(e) => r.fail(B::VoucherSignature, format!("{path}: {e}")),
            },
            _ => r.fail(
                B::VoucherSignature,
                format!(
                    "{path}: payerAuthorizer {} is set, so the voucher must be a 65-byte ECDSA signature",
                    config.payer_authorizer
                ),
            ),
        }
    }
    Some(classified)
}

fn classify(
    bytes: &[u8],
    policy: &Policy,
    path: &str,
    check: BatchCheck,
    r: &mut Report,
) -> Option<ClassifiedSignature> {
    match classify_signature_with(bytes, policy.compact_signatures) {
        Ok(c) => Some(c),
        Err(e) => {
            r.fail(check, format!("{path}: {e}"));
            None
        }
    }
}

/// A signature by `signer` that may be an EOA's (checked here) or a smart wallet's (left to
/// the chain: ERC-1271 for a deployed wallet, the simulation for an ERC-6492 one).
///
/// A 65-byte signature that recovers to another address fails here, as in this crate's
/// `exact` verifier, unless `owner_signed_wallet`: then `signer` may be a wallet that accepts
/// its owner's ECDSA signature, and only ERC-1271 on chain can say (the voucher of a channel
/// whose `payerAuthorizer` is zero: scheme text item 6, "validate via SignatureChecker").
#[allow(clippy::too_many_arguments)]
fn signed_by(
    owner_signed_wallet: bool,
    classified: &ClassifiedSignature,
    digest: B256,
    signer: EvmAddr,
    path: &str,
    check: BatchCheck,
    failure: ErrorCode,
    r: &mut Report,
    onchain: &mut Vec<OnchainCheck>,
) {
    match classified {
        ClassifiedSignature::Eoa(sig) => match sig.recover(digest) {
            Ok(who) if who == signer => {}
            Ok(_) if owner_signed_wallet => {
                onchain.push(erc1271(signer, digest, &sig.to_original_bytes(), failure));
            }
            Ok(who) => r.fail(
                check,
                format!(
                    "{path}: signed by {}, not by {}",
                    EvmAddress::new(who),
                    EvmAddress::new(signer)
                ),
            ),
            Err(SignatureError::HighS) => r.fail(check, format!("{path}: high-s (malleable)")),
            Err(e) => r.fail(check, format!("{path}: {e}")),
        },
        ClassifiedSignature::SmartWallet(bytes) => {
            onchain.push(OnchainCheck::new(
                OnchainCheckKind::WalletDeployed,
                ChainRequest::GetCode(signer),
                Expectation::CodeNonEmpty,
                failure.clone(),
            ));
            onchain.push(erc1271(signer, digest, bytes, failure));
        }
        // Counterfactual wallet: only a deploy-then-call simulation can judge it.
        ClassifiedSignature::Erc6492 { .. } => {}
    }
}

fn erc1271(signer: EvmAddr, digest: B256, sig: &[u8], failure: ErrorCode) -> OnchainCheck {
    OnchainCheck::new(
        OnchainCheckKind::Erc1271Signature,
        ChainRequest::Call(evm_calls::is_valid_signature(signer, digest, sig)),
        Expectation::Erc1271Magic,
        failure,
    )
}

fn simulation(settlement: EthCall, classified: &ClassifiedSignature) -> OnchainCheck {
    let (call, expect) = match classified.deployment() {
        Some((factory, calldata)) => (
            evm_calls::erc6492_deploy_and_call(factory, calldata, settlement),
            Expectation::LastInnerCallSucceeds,
        ),
        None => (settlement, Expectation::CallSucceeds),
    };
    OnchainCheck::new(
        OnchainCheckKind::Simulation,
        ChainRequest::Call(call),
        expect,
        ErrorCode::BatchDepositSimulationFailed,
    )
}

/// The deposit's token authorization. `None` when it cannot be used (reported).
#[allow(clippy::too_many_arguments)]
fn deposit_rules(
    d: &DepositPayload,
    req: &v2::PaymentRequirements,
    extra: Option<&JsonObject>,
    chain_id: u64,
    now: u64,
    policy: &Policy,
    r: &mut Report,
    onchain: &mut Vec<OnchainCheck>,
) -> Option<VerifiedDeposit> {
    let amount = u128_of(d.deposit.amount.get());
    r.check(amount.is_some(), B::AmountRange, || {
        format!(
            "/payload/deposit/amount: {} exceeds uint128",
            d.deposit.amount
        )
    });
    let auth = &d.deposit.authorization;
    let hinted = extra
        .and_then(|e| e.get("assetTransferMethod"))
        .and_then(serde_json::Value::as_str);
    // The requirement's hint decides; without one, the payload's shape does (@x402/evm 2.27.0
    // `resolveDepositTransferMethod`).
    let method = match hinted {
        Some("permit2") => DepositMethod::Permit2,
        Some(_) => DepositMethod::Erc3009,
        None if auth.permit2_authorization.is_some() => DepositMethod::Permit2,
        None => DepositMethod::Erc3009,
    };
    let horizon = now.saturating_add(policy.time_buffer_secs);
    let payer = d.channel_config.payer;
    let channel = d.voucher.channel_id.0;
    let token = req.asset.as_evm().map(EvmAddress::get);
    let value = d.deposit.amount.get();
    match method {
        DepositMethod::Erc3009 => {
            let Some(a) = &auth.erc3009_authorization else {
                r.fail(
                    B::Erc3009Required,
                    "/payload/deposit/authorization/erc3009Authorization: missing",
                );
                return None;
            };
            let name = extra
                .and_then(|e| e.get("name"))
                .and_then(serde_json::Value::as_str);
            let version = extra
                .and_then(|e| e.get("version"))
                .and_then(serde_json::Value::as_str);
            let domain = match (name, version, token) {
                (Some(n), Some(v), Some(t)) if !n.is_empty() && !v.is_empty() => {
                    Some(TokenDomain::new(n, v, chain_id, t))
                }
                _ => {
                    r.fail(
                        B::Eip712Domain,
                        "extra.name and extra.version (the token's EIP-712 domain) are required for an ERC-3009 deposit",
                    );
                    None
                }
            };
            let after = a.valid_after.as_secs();
            let before = a.valid_before.as_secs();
            r.check(after <= now, B::ValidAfter, || {
                format!("/payload/deposit/authorization/erc3009Authorization/validAfter: {after} is after now ({now})")
            });
            r.check(before >= horizon, B::ValidBefore, || {
                format!("/payload/deposit/authorization/erc3009Authorization/validBefore: {before} is before now + {} s", policy.time_buffer_secs)
            });
            let path = "/payload/deposit/authorization/erc3009Authorization/signature";
            let classified =
                classify(a.signature.as_slice(), policy, path, B::ReceiveSignature, r)?;
            let message = ReceiveAuthorization {
                from: payer.get(),
                to: ERC3009_DEPOSIT_COLLECTOR_ADDRESS,
                value,
                valid_after: U256::from(after),
                valid_before: U256::from(before),
                nonce: deposit_nonce(channel, a.salt.0),
            };
            let hashes = receive_authorization_hashes(&message, &domain?);
            signed_by(
                false,
                &classified,
                hashes.digest,
                payer.get(),
                path,
                B::ReceiveSignature,
                ErrorCode::BatchReceiveAuthorizationSignature,
                r,
                onchain,
            );
            let inner = classified.unwrapped_bytes();
            let data = calls::erc3009_collector_data(
                U256::from(after),
                U256::from(before),
                a.salt.0,
                &inner,
            );
            let settlement = calls::deposit(
                &d.channel_config,
                amount?,
                ERC3009_DEPOSIT_COLLECTOR_ADDRESS,
                data,
            )?;
            Some(VerifiedDeposit {
                amount: amount?,
                method,
                hashes,
                signature: classified,
                settlement,
            })
        }
        DepositMethod::Permit2 => {
            let Some(a) = &auth.permit2_authorization else {
                r.fail(
                    B::Permit2Required,
                    "/payload/deposit/authorization/permit2Authorization: missing (extra.assetTransferMethod is \"permit2\")",
                );
                return None;
            };
            let base = "/payload/deposit/authorization/permit2Authorization";
            r.check(a.from == payer, B::Permit2From, || {
                format!("{base}/from: {} but the channel payer is {payer}", a.from)
            });
            r.check(
                a.spender.get() == PERMIT2_DEPOSIT_COLLECTOR_ADDRESS,
                B::Permit2Spender,
                || {
                    format!(
                        "{base}/spender: {} is not the Permit2 deposit collector {}",
                        a.spender,
                        EvmAddress::new(PERMIT2_DEPOSIT_COLLECTOR_ADDRESS)
                    )
                },
            );
            r.check(
                token == Some(a.permitted.token.get()),
                B::Permit2Token,
                || {
                    format!(
                        "{base}/permitted/token: {} but asset is {}",
                        a.permitted.token, req.asset
                    )
                },
            );
            r.check(
                a.permitted.amount == d.deposit.amount,
                B::Permit2Amount,
                || {
                    format!(
                        "{base}/permitted/amount: {} but deposit.amount is {}",
                        a.permitted.amount, d.deposit.amount
                    )
                },
            );
            r.check(a.witness.channel_id.0 == channel, B::Permit2Witness, || {
                format!(
                    "{base}/witness/channelId: {} but the voucher is for {}",
                    a.witness.channel_id,
                    Hex32(channel)
                )
            });
            let deadline = a.deadline.as_secs();
            r.check(deadline >= horizon, B::Permit2Deadline, || {
                format!(
                    "{base}/deadline: {deadline} is before now + {} s",
                    policy.time_buffer_secs
                )
            });
            let path = "/payload/deposit/authorization/permit2Authorization/signature";
            let classified =
                classify(a.signature.as_slice(), policy, path, B::Permit2Signature, r)?;
            let message = Permit2Deposit {
                token: a.permitted.token.get(),
                amount: a.permitted.amount.get(),
                spender: a.spender.get(),
                nonce: a.nonce.get(),
                deadline: U256::from(deadline),
                channel_id: a.witness.channel_id.0,
            };
            let hashes = permit2_deposit_hashes(&message, chain_id);
            signed_by(
                false,
                &classified,
                hashes.digest,
                a.from.get(),
                path,
                B::Permit2Signature,
                ErrorCode::BatchPermit2InvalidSignature,
                r,
                onchain,
            );
            if let Some(t) = token {
                onchain.push(OnchainCheck::new(
                    OnchainCheckKind::Permit2Allowance,
                    ChainRequest::Call(evm_calls::allowance(t, payer.get(), PERMIT2_ADDRESS)),
                    Expectation::UintAtLeast(value),
                    ErrorCode::BatchPermit2AllowanceRequired,
                ));
            }
            let inner = classified.unwrapped_bytes();
            let data =
                calls::permit2_collector_data(a.nonce.get(), U256::from(deadline), &inner, &[]);
            let settlement = calls::deposit(
                &d.channel_config,
                amount?,
                PERMIT2_DEPOSIT_COLLECTOR_ADDRESS,
                data,
            )?;
            Some(VerifiedDeposit {
                amount: amount?,
                method,
                hashes,
                signature: classified,
                settlement,
            })
        }
    }
}
