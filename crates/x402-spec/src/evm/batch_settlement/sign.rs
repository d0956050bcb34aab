//! The client side of `batch-settlement` (feature `signer`): the channel config a 402 offer
//! implies, and signed `deposit`, `voucher` and `refund` payloads. Randomness (the salts) and
//! time (`validBefore`) are arguments, so the same inputs always give the same payload.
//!
//! The mapping from the offer to the config is the scheme text's section "402 Response": `payTo` →
//! `receiver`, `extra.receiverAuthorizer`, `asset` → `token`, `extra.withdrawDelay`; the client
//! adds `payer`, `payerAuthorizer` and the channel `salt`.

use alloy_primitives::{B256, Bytes, U256};

use super::ERC3009_DEPOSIT_COLLECTOR_ADDRESS;
use super::eip712::{
    ReceiveAuthorization, channel_id, deposit_nonce, receive_authorization_hashes, voucher_hashes,
};
use super::wire::{
    ChannelConfig, Deposit, DepositAuthorization, DepositPayload, Erc3009DepositAuthorization,
    RefundPayload, Voucher, VoucherPayload,
};
use crate::common::{Hex32, HexBytes};
use crate::evm::eip712::TokenDomain;
use crate::evm::sign::{LocalSigner, SignerError};
use crate::primitives::{DecimalU256, EvmAddress, UnixTimestamp};
use crate::v2;
use crate::wire::JsonObject;

/// Why a payload could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BatchSignError {
    /// The offer lacks a field the channel needs (named).
    Offer(&'static str),
    /// The network is not an `eip155` chain.
    Network,
    /// An amount exceeds the contract's `uint128`.
    Amount,
    /// The signer failed.
    Signer(SignerError),
}

impl std::fmt::Display for BatchSignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Offer(field) => write!(f, "the offer has no usable {field}"),
            Self::Network => f.write_str("the offer's network is not an eip155 chain"),
            Self::Amount => f.write_str("an amount exceeds uint128"),
            Self::Signer(e) => write!(f, "signer: {e}"),
        }
    }
}

impl std::error::Error for BatchSignError {}

impl From<SignerError> for BatchSignError {
    fn from(e: SignerError) -> Self {
        Self::Signer(e)
    }
}

fn extra_str<'a>(extra: Option<&'a JsonObject>, key: &str) -> Option<&'a str> {
    extra?.get(key)?.as_str()
}

/// The channel config of `offer` for `payer` (vouchers signed by `payer_authorizer`, or by
/// `payer` itself when that is the zero address) and `salt`.
///
/// # Errors
/// [`BatchSignError::Offer`] when `payTo`, `asset`, `extra.receiverAuthorizer` or
/// `extra.withdrawDelay` is missing or not usable.
pub fn channel_config(
    offer: &v2::PaymentRequirements,
    payer: EvmAddress,
    payer_authorizer: EvmAddress,
    salt: B256,
) -> Result<ChannelConfig, BatchSignError> {
    let extra = offer.extra.as_ref();
    let receiver_authorizer = extra_str(extra, "receiverAuthorizer")
        .and_then(|s| EvmAddress::parse(s).ok())
        .ok_or(BatchSignError::Offer("extra.receiverAuthorizer"))?;
    let withdraw_delay = extra
        .and_then(|e| e.get("withdrawDelay"))
        .and_then(serde_json::Value::as_u64)
        .ok_or(BatchSignError::Offer("extra.withdrawDelay"))?;
    Ok(ChannelConfig {
        payer,
        payer_authorizer,
        receiver: *offer
            .pay_to
            .as_evm()
            .ok_or(BatchSignError::Offer("payTo"))?,
        receiver_authorizer,
        token: *offer.asset.as_evm().ok_or(BatchSignError::Offer("asset"))?,
        withdraw_delay,
        salt: Hex32(salt),
        unknown: JsonObject::new(),
    })
}

fn chain_of(offer: &v2::PaymentRequirements) -> Result<u64, BatchSignError> {
    offer.network.evm_chain_id().ok_or(BatchSignError::Network)
}

fn id_of(config: &ChannelConfig, chain_id: u64) -> Result<B256, BatchSignError> {
    channel_id(config, chain_id).ok_or(BatchSignError::Offer("extra.withdrawDelay (uint40)"))
}

/// Signs `Voucher{channelId, maxClaimableAmount}` with `voucher_signer`.
///
/// # Errors
/// The amount exceeds `uint128`, or the signer fails.
pub fn sign_voucher(
    voucher_signer: &LocalSigner,
    channel: B256,
    max_claimable_amount: U256,
    chain_id: u64,
) -> Result<Voucher, BatchSignError> {
    let max = u128::try_from(max_claimable_amount).map_err(|_| BatchSignError::Amount)?;
    let digest = voucher_hashes(channel, max, chain_id).digest;
    let sig = voucher_signer.sign_digest(digest)?;
    Ok(Voucher {
        channel_id: Hex32(channel),
        max_claimable_amount: DecimalU256::new(max_claimable_amount),
        signature: HexBytes(Bytes::copy_from_slice(&sig)),
        unknown: JsonObject::new(),
    })
}

/// A `voucher` payload with ceiling `max_claimable_amount` (= charged so far + price).
///
/// # Errors
/// As [`sign_voucher`]; the offer's network is not EVM.
pub fn voucher_payload(
    voucher_signer: &LocalSigner,
    offer: &v2::PaymentRequirements,
    config: &ChannelConfig,
    max_claimable_amount: U256,
) -> Result<VoucherPayload, BatchSignError> {
    let chain_id = chain_of(offer)?;
    let voucher = sign_voucher(
        voucher_signer,
        id_of(config, chain_id)?,
        max_claimable_amount,
        chain_id,
    )?;
    Ok(VoucherPayload {
        kind: "voucher".to_owned(),
        channel_config: config.clone(),
        voucher,
        unknown: JsonObject::new(),
    })
}

/// A `refund` payload: the zero-charge voucher (ceiling = charged so far) and, for a partial
/// refund, `amount`.
///
/// # Errors
/// As [`voucher_payload`].
pub fn refund_payload(
    voucher_signer: &LocalSigner,
    offer: &v2::PaymentRequirements,
    config: &ChannelConfig,
    charged_so_far: U256,
    amount: Option<U256>,
) -> Result<RefundPayload, BatchSignError> {
    let v = voucher_payload(voucher_signer, offer, config, charged_so_far)?;
    Ok(RefundPayload {
        kind: "refund".to_owned(),
        channel_config: v.channel_config,
        voucher: v.voucher,
        amount: amount.map(DecimalU256::new),
        refund_nonce: None,
        claims: None,
        refund_authorizer_signature: None,
        claim_authorizer_signature: None,
        unknown: JsonObject::new(),
    })
}

/// A `deposit` payload with an ERC-3009 authorization: `payer` (the `signer`) authorizes
/// `deposit_amount` to the ERC-3009 collector, valid from 0 until `valid_before`, with nonce
/// [`deposit_nonce`]`(channelId, salt)`; the voucher (ceiling `max_claimable_amount`) is signed
/// by `voucher_signer`.
///
/// # Errors
/// [`BatchSignError::Offer`] when `extra.name`/`extra.version` are missing; as
/// [`voucher_payload`].
#[allow(clippy::too_many_arguments)]
pub fn erc3009_deposit_payload(
    signer: &LocalSigner,
    voucher_signer: &LocalSigner,
    offer: &v2::PaymentRequirements,
    config: &ChannelConfig,
    deposit_amount: U256,
    max_claimable_amount: U256,
    valid_before: u64,
    salt: B256,
) -> Result<DepositPayload, BatchSignError> {
    let chain_id = chain_of(offer)?;
    let extra = offer.extra.as_ref();
    let name = extra_str(extra, "name").ok_or(BatchSignError::Offer("extra.name"))?;
    let version = extra_str(extra, "version").ok_or(BatchSignError::Offer("extra.version"))?;
    let token = config.token.get();
    let channel = id_of(config, chain_id)?;
    let auth = ReceiveAuthorization {
        from: config.payer.get(),
        to: ERC3009_DEPOSIT_COLLECTOR_ADDRESS,
        value: deposit_amount,
        valid_after: U256::ZERO,
        valid_before: U256::from(valid_before),
        nonce: deposit_nonce(channel, salt),
    };
    let digest =
        receive_authorization_hashes(&auth, &TokenDomain::new(name, version, chain_id, token))
            .digest;
    let sig = signer.sign_digest(digest)?;
    let voucher = sign_voucher(voucher_signer, channel, max_claimable_amount, chain_id)?;
    Ok(DepositPayload {
        kind: "deposit".to_owned(),
        channel_config: config.clone(),
        voucher,
        deposit: Deposit {
            amount: DecimalU256::new(deposit_amount),
            authorization: DepositAuthorization {
                erc3009_authorization: Some(Erc3009DepositAuthorization {
                    valid_after: UnixTimestamp::new(0),
                    valid_before: UnixTimestamp::new(valid_before),
                    salt: Hex32(salt),
                    signature: HexBytes(Bytes::copy_from_slice(&sig)),
                    unknown: JsonObject::new(),
                }),
                permit2_authorization: None,
                unknown: JsonObject::new(),
            },
            unknown: JsonObject::new(),
        },
        unknown: JsonObject::new(),
    })
}
