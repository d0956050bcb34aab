//! Sans-IO verification of EVM payments: `exact` with EIP-3009 (v1 and v2), `exact` with
//! Permit2 (v2), `upto` (v2), and the two gas-sponsoring extensions.
//!
//! Inputs are the payment, the requirements the server offered, `now` (unix seconds) and a
//! [`Policy`]. The output is either a [`VerifiedPayment`] — the payer, the EIP-712 hashes, the
//! classified signature, the settlement call, and the [`OnchainCheck`]s the facilitator still
//! owes (balance, nonce state, allowance, ERC-1271, simulation) — or a [`Rejection`] listing
//! **every** failed rule in this crate's order ([`Mechanism::canonical_order`]). The first one
//! is the reason; [`Rejection::as_sdk`] replays the TypeScript, Go or Python order to tell which
//! reason that SDK would have given (protocol.md §8 #30).
//!
//! ```
//! use x402_spec::verify::{Policy, verify_request};
//! use x402_spec::facilitator::FacilitatorRequest;
//! # let body = include_bytes!("../../tests/fixtures/spec/x402-specification-v2__verify-request.json");
//! let request = FacilitatorRequest::from_json(body)?;
//! match verify_request(&request, 1_740_672_100, &Policy::default()) {
//!     Ok(ok) => println!("payer {} owes {} on-chain checks", ok.payer, ok.onchain.len()),
//!     Err(no) => println!("invalid: {} ({})", no.reason(), no.first().detail),
//! }
//! # Ok::<(), x402_spec::error::ParseError>(())
//! ```

pub mod checks;
mod evm;
pub mod matching;
pub mod onchain;

use alloy_primitives::U256;

pub use checks::{Check, Mechanism, Sdk};
pub use evm::{plan_upto_settlement, verify_v1, verify_v2};
pub use onchain::{ChainAnswer, ChainRequest, Expectation, OnchainCheck, OnchainCheckKind};

use crate::codes::ErrorCode;
use crate::evm::{ClassifiedSignature, CompactSignaturePolicy, EthCall, TypedDataHashes};
use crate::facilitator::{FacilitatorRequest, VerifyResponse};
use crate::primitives::{Address, EvmAddress};

/// How amounts are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum AmountRule {
    /// The authorized amount must equal the required amount (v2 spec; every current SDK).
    #[default]
    Exact,
    /// The authorized amount may exceed it (v1 spec "meets or exceeds"; the legacy TS v1
    /// facilitator). Over-payment is then the payer's loss.
    AtLeast,
}

/// Verification policy. [`Policy::default`] is the strict profile.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// Seconds that must remain before `validBefore` / `deadline` (6 in every SDK, so that the
    /// settlement transaction can still be mined).
    pub time_buffer_secs: u64,
    /// This facilitator's signer addresses; `upto` payments must name one of them.
    pub facilitator_signers: Vec<EvmAddress>,
    /// Amount comparison.
    pub amount_rule: AmountRule,
    /// Require `accepted` to offer what `paymentRequirements` asks (amount, asset, payTo).
    pub require_accepted_match: bool,
    /// What 64-byte signatures are.
    pub compact_signatures: CompactSignaturePolicy,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            time_buffer_secs: crate::evm::constants::TIME_BUFFER_SECS,
            facilitator_signers: Vec::new(),
            amount_rule: AmountRule::Exact,
            require_accepted_match: true,
            compact_signatures: CompactSignaturePolicy::default(),
        }
    }
}

impl Policy {
    /// Sets the facilitator signers (for `upto`).
    #[must_use]
    pub fn with_signers(mut self, signers: Vec<EvmAddress>) -> Self {
        self.facilitator_signers = signers;
        self
    }

    /// Sets the time buffer.
    #[must_use]
    pub fn with_time_buffer(mut self, secs: u64) -> Self {
        self.time_buffer_secs = secs;
        self
    }

    /// Sets the amount rule.
    #[must_use]
    pub fn with_amount_rule(mut self, rule: AmountRule) -> Self {
        self.amount_rule = rule;
        self
    }
}

/// One failed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failure {
    /// The rule.
    pub check: Check,
    /// Its canonical wire code.
    pub code: ErrorCode,
    /// What was wrong, naming the field.
    pub detail: String,
}

/// An invalid payment: every failed rule, in this crate's order, and the payer when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(Box<RejectionInner>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RejectionInner {
    pub(crate) mechanism: Option<Mechanism>,
    pub(crate) failures: Vec<Failure>,
    pub(crate) first: Failure,
    pub(crate) payer: Option<Address>,
}

impl Rejection {
    pub(crate) fn new(
        mechanism: Option<Mechanism>,
        mut failures: Vec<Failure>,
        payer: Option<Address>,
    ) -> Option<Self> {
        if let Some(m) = mechanism {
            let order = m.canonical_order();
            failures.sort_by_key(|f| {
                order
                    .iter()
                    .position(|c| *c == f.check)
                    .unwrap_or(usize::MAX)
            });
        }
        let first = failures.first()?.clone();
        Some(Self(Box::new(RejectionInner {
            mechanism,
            failures,
            first,
            payer,
        })))
    }

    /// A rejection with exactly one failure.
    pub(crate) fn single(
        mechanism: Option<Mechanism>,
        first: Failure,
        payer: Option<Address>,
    ) -> Self {
        Self(Box::new(RejectionInner {
            mechanism,
            failures: vec![first.clone()],
            first,
            payer,
        }))
    }

    /// The reason (canonical code of the first failure).
    #[must_use]
    pub fn reason(&self) -> &ErrorCode {
        &self.0.first.code
    }

    /// The first failure in this crate's order.
    #[must_use]
    pub fn first(&self) -> &Failure {
        &self.0.first
    }

    /// Every failure, in this crate's order.
    #[must_use]
    pub fn failures(&self) -> &[Failure] {
        &self.0.failures
    }

    /// The payer, when the payload was readable.
    #[must_use]
    pub fn payer(&self) -> Option<&Address> {
        self.0.payer.as_ref()
    }

    /// The mechanism that was verified, when it could be determined.
    #[must_use]
    pub fn mechanism(&self) -> Option<Mechanism> {
        self.0.mechanism
    }

    /// What `sdk` would report: the first failed rule in its order and its spelling. `None`
    /// when none of the failed rules is one the SDK checks (it would accept the payment, or
    /// fail later on chain). The spelling is `None` when the SDK fails that rule with an HTTP
    /// error rather than a reason.
    #[must_use]
    pub fn as_sdk(&self, sdk: Sdk) -> Option<(Check, Option<&'static str>)> {
        let order = self.0.mechanism?.sdk_order(sdk);
        order
            .iter()
            .find(|c| self.0.failures.iter().any(|f| f.check == **c))
            .map(|c| (*c, c.sdk_code(sdk)))
    }

    /// The `/verify` answer: `isValid: false`, the reason, the detail and the payer.
    #[must_use]
    pub fn to_verify_response(&self) -> VerifyResponse {
        VerifyResponse::invalid(
            &self.0.first.code,
            Some(self.0.first.detail.clone()),
            self.0.payer.clone(),
        )
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.0.first.code, self.0.first.detail)
    }
}

impl std::error::Error for Rejection {}

/// A payment that passed every off-chain rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedPayment {
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

/// Verifies a `/verify` (or `/settle`) request of either version.
///
/// # Errors
/// A [`Rejection`] naming every failed rule.
pub fn verify_request(
    request: &FacilitatorRequest,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    match request {
        FacilitatorRequest::V1(r) => {
            verify_v1(&r.payment_payload, &r.payment_requirements, now, policy)
        }
        FacilitatorRequest::V2(r) => {
            verify_v2(&r.payment_payload, &r.payment_requirements, now, policy)
        }
    }
}
