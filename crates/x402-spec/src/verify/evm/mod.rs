//! The EVM family: `exact` with EIP-3009 ([`eip3009`](self) rules in `eip3009.rs`), `exact` with
//! Permit2 and `upto` (`permit2.rs`), the gas-sponsoring extensions (`sponsoring.rs`), and the
//! on-chain obligations they leave ([`OnchainCheck`], `onchain.rs`).
//!
//! This module holds what the EVM mechanisms share: the version-neutral views of a requirement
//! and of a payment, the envelope rules (scheme, network, chain id, `accepted` match), signature
//! checking, and the routing from (scheme, transfer method) to a mechanism.

pub(crate) mod eip3009;
pub mod onchain;
pub(crate) mod permit2;
pub(crate) mod sponsoring;

use alloy_primitives::{Address as EvmAddr, B256, U256};

pub use eip3009::Eip3009Check;
pub use onchain::{
    ChainAnswer, ChainRequest, Expectation, OnchainCheck, OnchainCheckKind, permit2_nonce_bitmap,
};
pub use permit2::{Permit2Check, UptoCheck, plan_upto_settlement};
pub use sponsoring::{Eip2612Check, Erc20ApprovalCheck};

use super::checks::{Check, CommonCheck, Mechanism};
use super::report::Report;
use super::route::unsupported;
use super::{AmountRule, Policy, Rejection};
use crate::assets::KnownTransferMethod;
use crate::codes::ErrorCode;
use crate::common::Scheme;
use crate::evm::calls::{self, EthCall};
use crate::evm::{ClassifiedSignature, TypedDataHashes, classify_signature_with};
use crate::primitives::{Address, EvmAddress, v1_evm_chain_id};
use crate::schemes::ExactEvmPayload;
use crate::v2::Extensions;
use crate::wire::JsonObject;
use crate::{v1, v2};

/// An EVM payment that passed every off-chain rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EvmPayment {
    /// The payer (signer).
    pub payer: EvmAddress,
    /// Which mechanism.
    pub mechanism: Mechanism,
    /// Chain id of the network.
    pub chain_id: u64,
    /// The token.
    pub asset: EvmAddress,
    /// The recipient.
    pub pay_to: EvmAddress,
    /// The authorized amount (for `upto`, the maximum).
    pub authorized: U256,
    /// EIP-712 hashes of the signed message.
    pub hashes: TypedDataHashes,
    /// The signature, classified.
    pub signature: ClassifiedSignature,
    /// What the facilitator must still ask the chain, in this order.
    pub onchain: Vec<OnchainCheck>,
    /// The settlement transaction (for `upto`, settling the verify-time amount; see
    /// [`plan_upto_settlement`] for the settle-time amount).
    pub settlement: EthCall,
    /// Which gas-sponsoring extension the settlement uses, if any.
    pub sponsoring: Option<Sponsoring>,
    /// The checked EIP-2612 permit (`eip2612GasSponsoring`) passed to `settleWithPermit`.
    pub permit2612: Option<crate::evm::Eip2612PermitArgs>,
}

/// A gas-sponsoring extension that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sponsoring {
    /// `eip2612GasSponsoring`: settle with `settleWithPermit`.
    Eip2612,
    /// `erc20ApprovalGasSponsoring`: broadcast this signed approval, then settle.
    Erc20Approval {
        /// The raw signed transaction.
        signed_transaction: alloy_primitives::Bytes,
    },
}

/// The common view of a requirement, whatever its version.
pub(crate) struct Req<'a> {
    pub(crate) scheme: &'a Scheme,
    pub(crate) network_label: String,
    pub(crate) chain_id: Option<u64>,
    pub(crate) amount: U256,
    pub(crate) asset: &'a Address,
    pub(crate) pay_to: &'a Address,
    pub(crate) extra: Option<&'a JsonObject>,
}

/// The common view of what the payload claims to pay.
pub(crate) struct Claimed<'a> {
    pub(crate) scheme: &'a Scheme,
    pub(crate) network_label: String,
    /// v2 `accepted` (amount, asset, payTo) for the accepted-match rule.
    pub(crate) accepted: Option<&'a v2::PaymentRequirements>,
    pub(crate) payload: &'a JsonObject,
    pub(crate) extensions: Option<&'a Extensions>,
}

pub(crate) fn amount_ok(rule: AmountRule, got: U256, want: U256) -> bool {
    match rule {
        AmountRule::Exact => got == want,
        AmountRule::AtLeast => got >= want,
    }
}

pub(crate) fn evm(a: &Address) -> Option<EvmAddr> {
    a.as_evm().map(EvmAddress::get)
}

/// `now + buffer` as U256 (cannot overflow).
pub(crate) fn horizon(now: u64, buffer: u64) -> U256 {
    U256::from(now).saturating_add(U256::from(buffer))
}

/// Verifies a v2 payment on an EVM network.
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v2(
    payload: &v2::PaymentPayload,
    requirements: &v2::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<EvmPayment, Rejection> {
    let req = Req {
        scheme: &requirements.scheme,
        network_label: requirements.network.to_string(),
        chain_id: requirements.network.evm_chain_id(),
        amount: requirements.amount.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.accepted.scheme,
        network_label: payload.accepted.network.to_string(),
        accepted: Some(payload.accepted.value()),
        payload: &payload.payload,
        extensions: payload.extensions.as_ref(),
    };
    match mechanism_of(&req, &claimed) {
        Some(Mechanism::Eip3009) => eip3009::verify(&req, &claimed, now, policy),
        Some(m @ (Mechanism::Permit2 | Mechanism::Upto)) => {
            permit2::verify(m, &req, &claimed, now, policy)
        }
        Some(Mechanism::ExactSvm | Mechanism::BatchSettlement) | None => Err(unsupported(format!(
            "no verifier for scheme {}",
            req.scheme
        ))),
    }
}

/// Verifies a v1 payment on an EVM network (`exact` EIP-3009 only, as in v1).
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v1(
    payload: &v1::PaymentPayload,
    requirements: &v1::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<EvmPayment, Rejection> {
    let name = requirements.network.as_str();
    let req = Req {
        scheme: &requirements.scheme,
        network_label: name.to_owned(),
        chain_id: v1_evm_chain_id(name),
        amount: requirements.max_amount_required.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.scheme,
        network_label: payload.network.to_string(),
        accepted: None,
        payload: &payload.payload,
        extensions: None,
    };
    if req.scheme != &Scheme::EXACT {
        return Err(unsupported(format!(
            "no v1 verifier for scheme {}",
            req.scheme
        )));
    }
    eip3009::verify(&req, &claimed, now, policy)
}

/// The mechanism of an EVM payment: the requirement's scheme, then (for `exact`) the transfer
/// method the payload carries ([`ExactEvmPayload::transfer_method`]). `None`: no EVM verifier
/// for this scheme.
fn mechanism_of(req: &Req<'_>, claimed: &Claimed<'_>) -> Option<Mechanism> {
    if req.scheme == &Scheme::UPTO {
        Some(Mechanism::Upto)
    } else if req.scheme == &Scheme::EXACT {
        Some(match ExactEvmPayload::transfer_method(claimed.payload) {
            KnownTransferMethod::Eip3009 => Mechanism::Eip3009,
            KnownTransferMethod::Permit2 => Mechanism::Permit2,
        })
    } else {
        None
    }
}

/// The envelope rules of one mechanism: which rule reports a scheme or network mismatch, and
/// which scheme the mechanism implements.
pub(crate) struct Envelope {
    pub(crate) scheme: Check,
    pub(crate) network: Check,
    pub(crate) want: &'static Scheme,
}

/// Rules shared by every EVM mechanism: scheme, network, chain id, accepted match.
fn envelope(e: &Envelope, req: &Req<'_>, claimed: &Claimed<'_>, policy: &Policy, r: &mut Report) {
    let want = e.want;
    r.check(
        claimed.scheme == want && req.scheme == want,
        e.scheme,
        || {
            format!(
                "scheme: payment says {:?}, requirements say {:?}, mechanism needs {want:?}",
                claimed.scheme.as_str(),
                req.scheme.as_str()
            )
        },
    );
    r.check(
        claimed.network_label == req.network_label,
        e.network,
        || {
            format!(
                "network: payment says {}, requirements say {}",
                claimed.network_label, req.network_label
            )
        },
    );
    r.check(req.chain_id.is_some(), CommonCheck::UnknownNetwork, || {
        format!(
            "network {} has no EVM chain id this crate knows",
            req.network_label
        )
    });
    if policy.require_accepted_match
        && let Some(acc) = claimed.accepted
    {
        let mut diffs = Vec::new();
        if acc.amount.get() != req.amount {
            diffs.push(format!("amount {} vs {}", acc.amount, req.amount));
        }
        if acc.asset != *req.asset {
            diffs.push(format!("asset {} vs {}", acc.asset, req.asset));
        }
        if acc.pay_to != *req.pay_to {
            diffs.push(format!("payTo {} vs {}", acc.pay_to, req.pay_to));
        }
        r.check(diffs.is_empty(), CommonCheck::AcceptedMismatch, || {
            format!(
                "accepted differs from paymentRequirements: {}",
                diffs.join(", ")
            )
        });
    }
}

/// Checks a signature over `digest` by `signer`; returns the classification when it is usable.
pub(crate) fn signature(
    check: impl Into<Check>,
    bytes: &[u8],
    digest: Option<B256>,
    signer: EvmAddr,
    policy: &Policy,
    r: &mut Report,
) -> Option<ClassifiedSignature> {
    let check = check.into();
    let classified = match classify_signature_with(bytes, policy.compact_signatures) {
        Ok(c) => c,
        Err(e) => {
            r.fail(malleable_or(check, &e), format!("/payload/signature: {e}"));
            return None;
        }
    };
    let Some(digest) = digest else {
        // The digest could not be built (domain or chain id missing): already reported.
        return Some(classified);
    };
    if let ClassifiedSignature::Eoa(sig) = &classified {
        match sig.recover(digest) {
            Ok(who) if who == signer => {}
            Ok(who) => r.fail(
                check,
                format!(
                    "/payload/signature: signed by {}, not by {}",
                    EvmAddress::new(who),
                    EvmAddress::new(signer)
                ),
            ),
            Err(e) => r.fail(malleable_or(check, &e), format!("/payload/signature: {e}")),
        }
    }
    Some(classified)
}

/// A malleable (high-s) signature is its own rule: the SDKs treat it differently.
fn malleable_or(check: Check, e: &crate::evm::SignatureError) -> Check {
    match (e, check) {
        (crate::evm::SignatureError::HighS, Check::Eip3009(Eip3009Check::Signature)) => {
            Eip3009Check::SignatureMalleable.into()
        }
        (crate::evm::SignatureError::HighS, Check::Permit2(Permit2Check::Signature)) => {
            Permit2Check::SignatureMalleable.into()
        }
        _ => check,
    }
}

/// Checks owed for a signature that only the chain can judge.
pub(crate) fn smart_wallet_checks(
    classified: &ClassifiedSignature,
    signer: EvmAddr,
    digest: B256,
    failure: ErrorCode,
    out: &mut Vec<OnchainCheck>,
) {
    match classified {
        ClassifiedSignature::Eoa(_) => {}
        ClassifiedSignature::SmartWallet(bytes) => {
            out.push(OnchainCheck::new(
                OnchainCheckKind::WalletDeployed,
                ChainRequest::GetCode(signer),
                Expectation::CodeNonEmpty,
                ErrorCode::ExactEvmUndeployedSmartWallet,
            ));
            out.push(OnchainCheck::new(
                OnchainCheckKind::Erc1271Signature,
                ChainRequest::Call(calls::is_valid_signature(signer, digest, bytes)),
                Expectation::Erc1271Magic,
                failure,
            ));
        }
        ClassifiedSignature::Erc6492 { .. } => {
            // Counterfactual wallet: only the deploy-then-transfer simulation can judge it
            // (the simulation check carries the Multicall3 wrapper).
        }
    }
}

pub(crate) fn simulation(
    settlement: &EthCall,
    classified: &ClassifiedSignature,
    failure: ErrorCode,
    from: Option<EvmAddr>,
) -> OnchainCheck {
    let (call, expect) = match classified.deployment() {
        Some((factory, calldata)) => (
            calls::erc6492_deploy_and_call(factory, calldata, settlement.clone()),
            Expectation::LastInnerCallSucceeds,
        ),
        None => (settlement.clone(), Expectation::CallSucceeds),
    };
    let mut c = OnchainCheck::new(
        OnchainCheckKind::Simulation,
        ChainRequest::Call(call),
        expect,
        failure,
    );
    c.from = from;
    c
}
