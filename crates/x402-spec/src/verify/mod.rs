//! Sans-IO verification of x402 payments, one folder per network family: `evm/` verifies `exact`
//! with EIP-3009 (v1 and v2), `exact` with Permit2 (v2), `upto` (v2), and the two
//! gas-sponsoring extensions; `svm/` verifies `exact` on Solana (v1 `solana`/`solana-devnet`, v2
//! `solana:<genesis hash>`).
//!
//! Inputs are the payment, the requirements the server offered, `now` (unix seconds) and a
//! [`Policy`]. [`verify_request`] routes by network [`Family`] (from the requirement's network),
//! then the family picks the [`Mechanism`] (scheme and transfer method). The output is either a
//! [`VerifiedPayment`] — per family: for EVM the payer, the EIP-712 hashes, the classified
//! signature, the settlement call, and the [`evm::OnchainCheck`]s the facilitator still owes
//! (balance, nonce state, allowance, ERC-1271, simulation) — or a [`Rejection`] listing
//! **every** failed rule in this crate's order ([`Mechanism::canonical_order`]). The first one
//! is the reason; [`Rejection::as_sdk`] replays the TypeScript, Go or Python order to tell which
//! reason that SDK would have given (docs/protocol/disagreements.md #30).
//!
//! ```
//! use x402_spec::verify::{Policy, VerifiedPayment, verify_request};
//! use x402_spec::facilitator::FacilitatorRequest;
//! # let body = include_bytes!("../../tests/fixtures/spec/x402-specification-v2__verify-request.json");
//! let request = FacilitatorRequest::from_json(body)?;
//! match verify_request(&request, 1_740_672_100, &Policy::default()) {
//!     Ok(VerifiedPayment::Evm(ok)) => {
//!         println!("payer {} owes {} on-chain checks", ok.payer, ok.onchain.len())
//!     }
//!     Ok(other) => println!("payer {}", other.payer()),
//!     Err(no) => println!("invalid: {} ({})", no.reason(), no.first().detail),
//! }
//! # Ok::<(), x402_spec::error::ParseError>(())
//! ```

#[cfg(feature = "rayon")]
mod batch;
pub mod checks;
pub mod evm;
pub mod matching;
pub(crate) mod report;
mod route;
pub mod svm;

#[cfg(feature = "rayon")]
pub use batch::verify_batch;
pub use checks::{Check, CommonCheck, Mechanism, Sdk};
pub use evm::{EvmPayment, Sponsoring, plan_upto_settlement};
pub use route::Family;
pub use svm::{SvmCheck, SvmOnchainCheck, SvmPayment};

use crate::codes::ErrorCode;
use crate::evm::CompactSignaturePolicy;
use crate::evm::batch_settlement::{self, BatchVerified};
use crate::facilitator::{FacilitatorRequest, VerifyResponse};
use crate::primitives::{Address, EvmAddress, SolanaAddress};
use crate::{v1, v2};

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
    /// This facilitator's Solana fee payers: `extra.feePayer` must be one of them, and none may
    /// be the transfer authority (`scheme_exact_svm.md` §Facilitator Verification Rules item 2).
    /// Empty: every Solana payment is refused with `fee_payer_not_managed_by_facilitator`.
    pub svm_fee_payers: Vec<SolanaAddress>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            time_buffer_secs: crate::evm::constants::TIME_BUFFER_SECS,
            facilitator_signers: Vec::new(),
            amount_rule: AmountRule::Exact,
            require_accepted_match: true,
            compact_signatures: CompactSignaturePolicy::default(),
            svm_fee_payers: Vec::new(),
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

    /// Sets the Solana fee payers.
    #[must_use]
    pub fn with_svm_fee_payers(mut self, fee_payers: Vec<SolanaAddress>) -> Self {
        self.svm_fee_payers = fee_payers;
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

/// A payment that passed every off-chain rule, as its family describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifiedPayment {
    /// An EVM payment: hashes, signature, settlement call and on-chain obligations.
    Evm(EvmPayment),
    /// A Solana payment: the decoded transfer, the derived destination and the RPC obligations.
    Svm(SvmPayment),
    /// A `batch-settlement` payment: the channel, the voucher, the deposit, and the reads to
    /// [`judge`](crate::evm::batch_settlement::BatchVerified::judge) it with.
    Batch(Box<BatchVerified>),
}

impl VerifiedPayment {
    /// The network family.
    #[must_use]
    pub const fn family(&self) -> Family {
        match self {
            Self::Evm(_) | Self::Batch(_) => Family::Evm,
            Self::Svm(_) => Family::Svm,
        }
    }

    /// The mechanism that verified it.
    #[must_use]
    pub const fn mechanism(&self) -> Mechanism {
        match self {
            Self::Evm(p) => p.mechanism,
            Self::Svm(p) => p.mechanism,
            Self::Batch(_) => Mechanism::BatchSettlement,
        }
    }

    /// The payer (signer).
    #[must_use]
    pub fn payer(&self) -> Address {
        match self {
            Self::Evm(p) => Address::Evm(p.payer),
            Self::Svm(p) => Address::Solana(p.payer),
            Self::Batch(p) => Address::Evm(p.payer),
        }
    }

    /// The EVM view, when it is an EVM payment.
    #[must_use]
    pub const fn as_evm(&self) -> Option<&EvmPayment> {
        match self {
            Self::Evm(p) => Some(p),
            Self::Svm(_) | Self::Batch(_) => None,
        }
    }

    /// The `batch-settlement` view, when it is one.
    #[must_use]
    pub fn as_batch(&self) -> Option<&BatchVerified> {
        match self {
            Self::Batch(p) => Some(p),
            Self::Evm(_) | Self::Svm(_) => None,
        }
    }

    /// The Solana view, when it is a Solana payment.
    #[must_use]
    pub const fn as_svm(&self) -> Option<&SvmPayment> {
        match self {
            Self::Svm(p) => Some(p),
            Self::Evm(_) | Self::Batch(_) => None,
        }
    }
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

/// Verifies a v2 payment against the requirements, in the family of the requirement's network.
///
/// # Errors
/// A [`Rejection`] listing every failed rule; `unsupported-network` when no family of this
/// crate verifies the network.
pub fn verify_v2(
    payload: &v2::PaymentPayload,
    requirements: &v2::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    match Family::of_network(&requirements.network) {
        Some(Family::Evm) if requirements.scheme == crate::common::Scheme::BATCH_SETTLEMENT => {
            batch_settlement::verify::verify(payload, requirements, now, policy)
                .map(|p| VerifiedPayment::Batch(Box::new(p)))
        }
        Some(Family::Evm) => {
            evm::verify_v2(payload, requirements, now, policy).map(VerifiedPayment::Evm)
        }
        Some(Family::Svm) => {
            svm::verify_v2(payload, requirements, policy).map(VerifiedPayment::Svm)
        }
        None => Err(route::unsupported_network(format!(
            "no verifier for network {} (this crate verifies eip155 and solana networks)",
            requirements.network
        ))),
    }
}

/// Verifies a v1 payment against the requirements, in the family of the v1 network name.
///
/// # Errors
/// A [`Rejection`] listing every failed rule; `unsupported-network` when no family of this
/// crate verifies the network.
pub fn verify_v1(
    payload: &v1::PaymentPayload,
    requirements: &v1::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    let name = requirements.network.as_str();
    match Family::of_v1_name(name) {
        Family::Evm => evm::verify_v1(payload, requirements, now, policy).map(VerifiedPayment::Evm),
        Family::Svm => svm::verify_v1(payload, requirements, policy).map(VerifiedPayment::Svm),
    }
}
