//! The wire forms of `batch-settlement`: what the client sends in `PaymentPayload.payload`,
//! what the server completes and forwards to `/settle`, the requirement's `extra`, and the
//! channel snapshot facilitators answer with (scheme text §Client: Payment Construction,
//! §Cooperative refund flow, §POST /settle, section "402 Response").
//!
//! Every object keeps unknown fields and re-emits them (the crate's `wire_object!` rule). The
//! payload's `type` member selects the variant of [`BatchPayload`]; the SDKs tell the shapes
//! apart the same way (`isBatchSettlementDepositPayload` and siblings in @x402/evm 2.27.0).

use crate::common::{Hex32, HexBytes};
use crate::error::{DocKind, ParseError};
use crate::primitives::{Amount, DecimalU256, EvmAddress, UnixTimestamp};
use crate::schemes::TokenPermissions;
use crate::wire::JsonObject;
use crate::wire_object;

wire_object! {
    /// The immutable channel configuration; its EIP-712 hash is the channel id
    /// ([`super::channel_id`]).
    pub struct ChannelConfig {
        /// The client wallet that funds the channel.
        "payer" => payer: EvmAddress [req],
        /// The EOA that signs vouchers, or the zero address: vouchers are then checked against
        /// `payer` with ERC-1271.
        "payerAuthorizer" => payer_authorizer: EvmAddress [req],
        /// Where claimed funds go; must equal the requirement's `payTo`.
        "receiver" => receiver: EvmAddress [req],
        /// Who authorizes claims and refunds; must equal `extra.receiverAuthorizer`, never zero.
        "receiverAuthorizer" => receiver_authorizer: EvmAddress [req],
        /// The ERC-20 token; must equal the requirement's `asset`.
        "token" => token: EvmAddress [req],
        /// Seconds a timed withdrawal waits (`uint40`, 900 to 2 592 000).
        "withdrawDelay" => withdraw_delay: u64 [req],
        /// Distinguishes channels with otherwise equal parameters.
        "salt" => salt: Hex32 [req],
    }
}

wire_object! {
    /// A signed cumulative voucher: the payer allows the receiver to have claimed at most
    /// `maxClaimableAmount` from the channel in total.
    pub struct Voucher {
        /// The channel id the voucher is for (`0x` and 64 hex digits).
        "channelId" => channel_id: Hex32 [req],
        /// The cumulative ceiling (`uint128`, decimal).
        "maxClaimableAmount" => max_claimable_amount: Amount [req],
        /// The EIP-712 `Voucher` signature by `payerAuthorizer` (or `payer` via ERC-1271).
        "signature" => signature: HexBytes [req],
    }
}

wire_object! {
    /// A deposit authorized with ERC-3009 `receiveWithAuthorization` to the ERC-3009 deposit
    /// collector. `from` is the channel's payer, `value` the deposit amount, and the nonce is
    /// derived: `keccak256(abi.encode(channelId, uint256(salt)))` ([`super::deposit_nonce`]).
    pub struct Erc3009DepositAuthorization {
        /// Not valid before this unix time.
        "validAfter" => valid_after: UnixTimestamp [req],
        /// Not valid at or after this unix time.
        "validBefore" => valid_before: UnixTimestamp [req],
        /// 32 random bytes; with the channel id they give the ERC-3009 nonce.
        "salt" => salt: Hex32 [req],
        /// Signature over `ReceiveWithAuthorization` under the token's domain.
        "signature" => signature: HexBytes [req],
    }
}

wire_object! {
    /// The witness of a Permit2 deposit: `DepositWitness(bytes32 channelId)`.
    pub struct DepositWitness {
        /// The channel the deposit funds; must equal the voucher's.
        "channelId" => channel_id: Hex32 [req],
    }
}

wire_object! {
    /// A deposit authorized with Permit2 `permitWitnessTransferFrom` to the Permit2 deposit
    /// collector.
    pub struct Permit2DepositAuthorization {
        /// The Permit2 owner; must be the channel's payer.
        "from" => from: EvmAddress [req],
        /// Token (the requirement's `asset`) and amount (the deposit amount).
        "permitted" => permitted: TokenPermissions [req],
        /// Must be the Permit2 deposit collector.
        "spender" => spender: EvmAddress [req],
        /// Permit2 unordered nonce.
        "nonce" => nonce: DecimalU256 [req],
        /// Permit2 deadline (unix time).
        "deadline" => deadline: UnixTimestamp [req],
        /// The channel.
        "witness" => witness: DepositWitness [req],
        /// Signature over `PermitWitnessTransferFrom` under the Permit2 domain.
        "signature" => signature: HexBytes [req],
    }
}

wire_object! {
    /// How the deposit's tokens are pulled: exactly one of the two members.
    pub struct DepositAuthorization {
        /// ERC-3009 (the default transfer method).
        "erc3009Authorization" => erc3009_authorization: Erc3009DepositAuthorization [opt],
        /// Permit2 (`extra.assetTransferMethod: "permit2"`).
        "permit2Authorization" => permit2_authorization: Permit2DepositAuthorization [opt],
    }
}

wire_object! {
    /// The deposit part of a `deposit` payload.
    pub struct Deposit {
        /// Tokens moved into the channel (atomic units).
        "amount" => amount: Amount [req],
        /// The token authorization.
        "authorization" => authorization: DepositAuthorization [req],
    }
}

wire_object! {
    /// `type: "deposit"`: open or top up a channel and pay for this request.
    pub struct DepositPayload {
        /// `"deposit"`.
        "type" => kind: String [req],
        /// The channel.
        "channelConfig" => channel_config: ChannelConfig [req],
        /// The voucher for this request (its ceiling may use the new deposit).
        "voucher" => voucher: Voucher [req],
        /// The deposit.
        "deposit" => deposit: Deposit [req],
    }
}

wire_object! {
    /// `type: "voucher"`: pay for this request from an open channel.
    pub struct VoucherPayload {
        /// `"voucher"`.
        "type" => kind: String [req],
        /// The channel.
        "channelConfig" => channel_config: ChannelConfig [req],
        /// The voucher, ceiling = charged so far + this request's price.
        "voucher" => voucher: Voucher [req],
    }
}

wire_object! {
    /// One row of a claim: a voucher with its channel, its signature, and the cumulative total
    /// the receiver claims up to.
    pub struct VoucherClaim {
        /// The voucher as the contract takes it.
        "voucher" => voucher: ClaimVoucher [req],
        /// The payer's voucher signature.
        "signature" => signature: HexBytes [req],
        /// New `totalClaimed` of the channel (≤ `maxClaimableAmount`).
        "totalClaimed" => total_claimed: Amount [req],
    }
}

wire_object! {
    /// The voucher inside a claim row: the full channel config instead of its id.
    pub struct ClaimVoucher {
        /// The channel.
        "channel" => channel: ChannelConfig [req],
        /// The signed ceiling.
        "maxClaimableAmount" => max_claimable_amount: Amount [req],
    }
}

wire_object! {
    /// `type: "refund"`: the client asks for its unclaimed balance back. From the client it
    /// carries a zero-charge voucher and optionally `amount`; the server completes it with
    /// `amount`, `refundNonce`, `claims` and, when it holds the receiver-authorizer key, the
    /// two authorizer signatures before `/settle`.
    pub struct RefundPayload {
        /// `"refund"`.
        "type" => kind: String [req],
        /// The channel.
        "channelConfig" => channel_config: ChannelConfig [req],
        /// The zero-charge voucher (ceiling = charged so far).
        "voucher" => voucher: Voucher [req],
        /// Tokens to return; absent from the client means everything unclaimed.
        "amount" => amount: Amount [opt],
        /// The channel's current refund nonce (server-completed).
        "refundNonce" => refund_nonce: DecimalU256 [opt],
        /// Claims submitted before the refund (server-completed).
        "claims" => claims: Vec<VoucherClaim> [opt],
        /// `Refund` signature by the receiver authorizer.
        "refundAuthorizerSignature" => refund_authorizer_signature: HexBytes [opt],
        /// `ClaimBatch` signature by the receiver authorizer.
        "claimAuthorizerSignature" => claim_authorizer_signature: HexBytes [opt],
    }
}

wire_object! {
    /// `type: "claim"` (server to facilitator): record claims on chain, no transfer.
    pub struct ClaimPayload {
        /// `"claim"`.
        "type" => kind: String [req],
        /// The rows.
        "claims" => claims: Vec<VoucherClaim> [req],
        /// `ClaimBatch` signature by the receiver authorizer; absent when the facilitator
        /// holds that key.
        "claimAuthorizerSignature" => claim_authorizer_signature: HexBytes [opt],
    }
}

wire_object! {
    /// `type: "settle"` (server to facilitator): sweep everything claimed for a receiver and
    /// token to the receiver.
    pub struct SettlePayload {
        /// `"settle"`.
        "type" => kind: String [req],
        /// The receiver.
        "receiver" => receiver: EvmAddress [req],
        /// The token.
        "token" => token: EvmAddress [req],
    }
}

wire_object! {
    /// The channel snapshot a facilitator returns (flat in `/verify` `extra`, under
    /// `extra.channelState` in `/settle`), and a server returns with `chargedCumulativeAmount`
    /// in `PAYMENT-RESPONSE` and in a corrective 402.
    pub struct ChannelState {
        /// The channel.
        "channelId" => channel_id: Hex32 [req],
        /// Deposited minus withdrawn and refunded.
        "balance" => balance: Amount [req],
        /// Claimed on chain so far.
        "totalClaimed" => total_claimed: Amount [req],
        /// Unix time a timed withdrawal started, 0 when none (a JSON number).
        "withdrawRequestedAt" => withdraw_requested_at: u64 [req],
        /// Next refund nonce.
        "refundNonce" => refund_nonce: DecimalU256 [req],
        /// What the server has charged in total (server-side snapshots only).
        "chargedCumulativeAmount" => charged_cumulative_amount: Amount [opt],
    }
}

wire_object! {
    /// The last voucher a server holds, sent in a corrective 402 so that the client can check
    /// the server's `chargedCumulativeAmount` against its own signature.
    pub struct VoucherState {
        /// The ceiling of that voucher.
        "signedMaxClaimable" => signed_max_claimable: Amount [req],
        /// Its signature.
        "signature" => signature: HexBytes [req],
    }
}

wire_object! {
    /// `PaymentRequirements.extra` of a `batch-settlement` offer (scheme text section "402 Response").
    pub struct BatchExtra {
        /// Who authorizes claims and refunds; the channel's `receiverAuthorizer`.
        "receiverAuthorizer" => receiver_authorizer: EvmAddress [req],
        /// The channel's `withdrawDelay` (a JSON number of seconds).
        "withdrawDelay" => withdraw_delay: u64 [req],
        /// The token's EIP-712 `name`.
        "name" => name: String [req],
        /// The token's EIP-712 `version`.
        "version" => version: String [req],
        /// `"eip3009"` (default) or `"permit2"`.
        "assetTransferMethod" => asset_transfer_method: String [opt],
        /// Suggested deposit (≥ `amount`); facilitators never enforce it.
        "minDeposit" => min_deposit: Amount [opt],
        /// Corrective 402 only: the server's channel snapshot.
        "channelState" => channel_state: ChannelState [opt],
        /// Corrective 402 only: the server's last voucher.
        "voucherState" => voucher_state: VoucherState [opt],
    }
}

/// A `batch-settlement` payload of any `type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchPayload {
    /// `deposit` (client); boxed, it is by far the largest.
    Deposit(Box<DepositPayload>),
    /// `voucher` (client).
    Voucher(VoucherPayload),
    /// `refund` (client, completed by the server).
    Refund(RefundPayload),
    /// `claim` (server).
    Claim(ClaimPayload),
    /// `settle` (server).
    Settle(SettlePayload),
}

/// Why a `batch-settlement` payload does not decode.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchPayloadError {
    /// `type` is missing, not a string, or not one of the five (`None`: missing or not a
    /// string). Reported as `invalid_batch_settlement_evm_payload_type`.
    UnknownType(Option<String>),
    /// The shape of that `type` does not decode (the error names the field under `/payload`).
    Malformed(ParseError),
}

impl std::fmt::Display for BatchPayloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownType(Some(t)) => write!(f, "/payload/type: unknown type {t:?}"),
            Self::UnknownType(None) => f.write_str("/payload/type: missing or not a string"),
            Self::Malformed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BatchPayloadError {}

impl BatchPayload {
    /// The `type` member, when it is a string.
    #[must_use]
    pub fn type_of(payload: &JsonObject) -> Option<&str> {
        payload.get("type").and_then(serde_json::Value::as_str)
    }

    /// Decodes `payload` by its `type`.
    ///
    /// # Errors
    /// [`BatchPayloadError`]: an unknown `type`, or a shape that does not decode.
    pub fn from_payload(payload: &JsonObject) -> Result<Self, BatchPayloadError> {
        use BatchPayloadError::Malformed as M;
        let kind = DocKind::PaymentPayload;
        match Self::type_of(payload) {
            Some("deposit") => from(payload, kind)
                .map(|d| Self::Deposit(Box::new(d)))
                .map_err(M),
            Some("voucher") => from(payload, kind).map(Self::Voucher).map_err(M),
            Some("refund") => from(payload, kind).map(Self::Refund).map_err(M),
            Some("claim") => from(payload, kind).map(Self::Claim).map_err(M),
            Some("settle") => from(payload, kind).map(Self::Settle).map_err(M),
            other => Err(BatchPayloadError::UnknownType(other.map(str::to_owned))),
        }
    }

    /// The `type` of this payload.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Deposit(_) => "deposit",
            Self::Voucher(_) => "voucher",
            Self::Refund(_) => "refund",
            Self::Claim(_) => "claim",
            Self::Settle(_) => "settle",
        }
    }

    /// The channel config, for the three payloads that carry one.
    #[must_use]
    pub const fn channel_config(&self) -> Option<&ChannelConfig> {
        match self {
            Self::Deposit(p) => Some(&p.channel_config),
            Self::Voucher(p) => Some(&p.channel_config),
            Self::Refund(p) => Some(&p.channel_config),
            Self::Claim(_) | Self::Settle(_) => None,
        }
    }

    /// The voucher, for the three payloads that carry one.
    #[must_use]
    pub const fn voucher(&self) -> Option<&Voucher> {
        match self {
            Self::Deposit(p) => Some(&p.voucher),
            Self::Voucher(p) => Some(&p.voucher),
            Self::Refund(p) => Some(&p.voucher),
            Self::Claim(_) | Self::Settle(_) => None,
        }
    }
}

fn from<T: serde::de::DeserializeOwned>(p: &JsonObject, kind: DocKind) -> Result<T, ParseError> {
    crate::error::from_object(p, "/payload", kind)
}
