//! Cases with signed payments: valid payments verify and settle; every invalid payment family is
//! refused by `POST /verify` and `POST /settle` with the canonical reason; replays are refused;
//! `upto` charges the settle-time amount; `--rpc-url` confirms the settlement on chain.
//!
//! # Levels
//!
//! - **Invalid payments** (`…/rejected`, MUST): HTTP 200 and `isValid:false` / `success:false`,
//!   with a body that parses as the x402 response type (x402 v2 §7.1, §7.2; protocol.md §8 #12:
//!   the Go e2e facilitator's 500 is the deviation). Two families are SHOULD: the 6 s settlement
//!   buffer (every SDK applies it, the spec text does not state it; protocol.md §4.7) and the
//!   top-level/payload version mismatch (every SDK ignores the top-level field; x402-spec refuses
//!   it, protocol.md §8 #31), which may also be answered with a 4xx.
//! - **Reasons** (`…/reason`, SHOULD): the reason names the expected failure. By default any
//!   spelling of that failure is accepted — the canonical code or an SDK alias, since the SDKs
//!   disagree (protocol.md §3.6); with `--strict` only the canonical spelling passes.
//! - **Valid payments** (MUST): `isValid:true` with the signer as `payer`; settlement succeeds
//!   with a non-empty `transaction`, the requirements' `network` and the `payer` (`upto`: the
//!   charged `amount`). A payment whose validBefore sits exactly at the 6 s buffer must stay
//!   valid (SHOULD); one whose validAfter is exactly now is INFO: the SDKs' off-chain rule accepts
//!   it, but the EIP-3009 contract's `validAfter < block.timestamp` makes a simulating
//!   facilitator (TS) refuse it within that second.
//! - **Settle without verify** (SHOULD): x402 v2 §7.2 gives `/settle` the whole payment and
//!   requirements, so a valid, never-verified payment is settled (the facilitator verifies it
//!   itself). The TS e2e facilitator's "must be verified first" hook is a deployment policy
//!   (protocol.md §3.7), hence SHOULD.
//!
//! # Keys, clock and skew
//!
//! Payments are signed with the payer key when one is configured; otherwise (and for settling
//! invalid payments when settlement is not allowed) with an unfunded throwaway key, so a target
//! that wrongly accepts one cannot move anyone's funds. `now` is the harness's clock; time
//! windows keep a margin of `--skew` seconds, and the boundary cases that the skew makes
//! undecidable are skipped with the reason.

use alloy_primitives::U256;
use serde_json::Value;
use x402_spec::codes::ErrorCode;
use x402_spec::evm::LocalSigner;
use x402_spec::evm::constants::TIME_BUFFER_SECS;
use x402_spec::facilitator::{SettleResponse, VerifyResponse};
use x402_spec::verify::evm::{Eip3009Check, Permit2Check, UptoCheck};
use x402_spec::verify::{Check, Policy, verify_request};

use super::malformed::Endpoint;
use super::{describe, response_of};
use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::ctx::{Ctx, next_second};
use crate::http::Exchange;
use crate::pay::{
    AMOUNT, Mechanism, PayTarget, Payment, Signed, THROWAWAY_KEY, UPTO_CHARGE, Variation,
    builtin_signer, select_target,
};
use crate::profile::{Divergence, Profile, diverge, sdk_spellings};
use crate::rpc::Rpc;

/// The reason a refused family must be refused with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The verification rule that fails first (x402-spec's order); its code is the expected
    /// reason.
    Rule(Check),
    /// A request-level code that is not a verification rule (e.g. `invalid_x402_version`).
    Code(ErrorCode),
}

impl Reason {
    /// The expected wire code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Rule(c) => c.code(),
            Self::Code(c) => c.clone(),
        }
    }
}

/// What the target must do with a family's payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Refuse it with this reason.
    Invalid(Reason),
    /// Accept it.
    Valid,
    /// Either outcome conforms (the profile's SDK answers either way, depending on timing); the
    /// case reports what it observed.
    Either,
}

/// One case of a family: its id and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    /// The case id.
    pub id: &'static str,
    /// The case title.
    pub title: &'static str,
}

/// The case ids of one family, written out so that every id occurs verbatim in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// A refused family: `/verify` refusal and reason, `/settle` refusal and reason.
    Refused {
        /// `facilitator/verify/<mechanism>/<slug>/rejected`.
        verify_rejected: Named,
        /// `facilitator/verify/<mechanism>/<slug>/reason`.
        verify_reason: Named,
        /// `facilitator/settle/<mechanism>/<slug>/rejected`.
        settle_rejected: Named,
        /// `facilitator/settle/<mechanism>/<slug>/reason`.
        settle_reason: Named,
    },
    /// An accepted (boundary) family: `facilitator/verify/<mechanism>/<slug>/accepted`.
    Accepted(Named),
}

impl Ids {
    /// Every id of the family.
    pub fn all(&self) -> Vec<&'static str> {
        match *self {
            Self::Refused {
                verify_rejected,
                verify_reason,
                settle_rejected,
                settle_reason,
            } => vec![
                verify_rejected.id,
                verify_reason.id,
                settle_rejected.id,
                settle_reason.id,
            ],
            Self::Accepted(n) => vec![n.id],
        }
    }
}

/// The four cases of a refused family; `$what` completes the titles.
macro_rules! refused {
    ($verify_rejected:literal, $verify_reason:literal, $settle_rejected:literal, $settle_reason:literal, $what:literal $(,)?) => {
        Ids::Refused {
            verify_rejected: Named {
                id: $verify_rejected,
                title: concat!("POST /verify refuses ", $what),
            },
            verify_reason: Named {
                id: $verify_reason,
                title: concat!("POST /verify names the failure for ", $what),
            },
            settle_rejected: Named {
                id: $settle_rejected,
                title: concat!("POST /settle refuses ", $what),
            },
            settle_reason: Named {
                id: $settle_reason,
                title: concat!("POST /settle names the failure for ", $what),
            },
        }
    };
}

/// The one case of an accepted family.
macro_rules! accepted {
    ($id:literal, $what:literal $(,)?) => {
        Ids::Accepted(Named {
            id: $id,
            title: concat!("POST /verify accepts ", $what),
        })
    };
}

/// How a refusal is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// An invalid payment: HTTP 200 with `isValid:false` / `success:false`.
    Payment,
    /// An inconsistent request: a 4xx, or HTTP 200 with `isValid:false` / `success:false`.
    Request,
}

/// When the harness can decide a family against a target whose clock differs by the skew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Any skew (the payment keeps a margin of `--skew` seconds).
    Any,
    /// Only with `--skew` at most this many seconds.
    MaxSkew(u64),
    /// Only with `--skew 0`: the payment sits exactly on a boundary; it is signed ahead for the
    /// next second of the harness's clock and sent as that second starts.
    Exact,
}

/// One payment family: a valid payment with one variation.
#[derive(Debug)]
pub struct Family {
    /// The case ids and titles.
    pub ids: Ids,
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The one change.
    pub variation: Variation,
    /// The expected outcome.
    pub expect: Expect,
    /// Level of the acceptance/refusal case.
    pub level: Level,
    /// How a refusal is judged.
    pub judge: Judge,
    /// Skew requirement.
    pub timing: Timing,
    /// The clause checked.
    pub clause: &'static str,
    /// How the acceptance/refusal expectation differs per profile (shown by `list`).
    pub profiles: &'static [Divergence],
    /// The expected outcome under the profiles whose SDK decides differently.
    pub overrides: &'static [(Profile, Expect)],
}

impl Family {
    /// The expected outcome under `profile`.
    pub fn expect_under(&self, profile: Profile) -> &Expect {
        self.overrides
            .iter()
            .find(|(p, _)| *p == profile)
            .map_or(&self.expect, |(_, e)| e)
    }

    /// The family a case id belongs to.
    pub fn of_case(id: &str) -> Option<&'static Family> {
        FAMILIES.iter().find(|f| f.ids.all().contains(&id))
    }
}

/// The family of the running case, or an errored verdict (a catalogue bug).
fn family_of(ctx: &Ctx) -> Result<&'static Family, Verdict> {
    ctx.case_id()
        .and_then(Family::of_case)
        .ok_or_else(|| Verdict::errored("this case has no payment family (catalogue bug)"))
}

/// The tags of a family's case: the endpoint, then the mechanism's version and method.
fn tags_for(endpoint: Tag, mechanism: Mechanism) -> &'static [Tag] {
    match (endpoint, mechanism) {
        (Tag::Settle, Mechanism::V2Eip3009) => &[Tag::Settle, Tag::V2, Tag::Eip3009],
        (Tag::Settle, Mechanism::V2Permit2) => &[Tag::Settle, Tag::V2, Tag::Permit2],
        (Tag::Settle, Mechanism::V2Upto) => &[Tag::Settle, Tag::V2, Tag::Upto],
        (Tag::Settle, _) => &[Tag::Settle, Tag::V1, Tag::Eip3009],
        (_, Mechanism::V2Eip3009) => &[Tag::Verify, Tag::V2, Tag::Eip3009],
        (_, Mechanism::V2Permit2) => &[Tag::Verify, Tag::V2, Tag::Permit2],
        (_, Mechanism::V2Upto) => &[Tag::Verify, Tag::V2, Tag::Upto],
        (_, _) => &[Tag::Verify, Tag::V1, Tag::Eip3009],
    }
}

/// The cases of one family row.
fn family_cases(fam: &'static Family) -> Vec<Case> {
    match fam.ids {
        Ids::Refused {
            verify_rejected,
            verify_reason,
            settle_rejected,
            settle_reason,
        } => vec![
            Case {
                id: verify_rejected.id,
                title: verify_rejected.title,
                clause: fam.clause,
                expected: "HTTP 200 with isValid:false (a body that parses as a VerifyResponse).",
                level: fam.level,
                tags: tags_for(Tag::Verify, fam.mechanism),
                needs: Needs::NONE,
                profiles: fam.profiles,
                run: |ctx| Box::pin(family_rejected(ctx, Endpoint::Verify)),
            },
            Case {
                id: verify_reason.id,
                title: verify_reason.title,
                clause: fam.clause,
                expected: "invalidReason is the canonical code of this failure or an SDK alias of it (--strict: the canonical spelling).",
                level: Level::Should,
                tags: tags_for(Tag::Verify, fam.mechanism),
                needs: Needs::NONE,
                profiles: REASON_PROFILES,
                run: |ctx| Box::pin(family_reason(ctx, Endpoint::Verify)),
            },
            Case {
                id: settle_rejected.id,
                title: settle_rejected.title,
                clause: fam.clause,
                expected: "HTTP 200 with success:false and transaction \"\" (a body that parses as a SettleResponse); nothing is settled.",
                level: fam.level,
                tags: tags_for(Tag::Settle, fam.mechanism),
                needs: Needs::NONE,
                profiles: fam.profiles,
                run: |ctx| Box::pin(family_rejected(ctx, Endpoint::Settle)),
            },
            Case {
                id: settle_reason.id,
                title: settle_reason.title,
                clause: fam.clause,
                expected: "errorReason is the canonical code of this failure or an SDK alias of it (--strict: the canonical spelling).",
                level: Level::Should,
                tags: tags_for(Tag::Settle, fam.mechanism),
                needs: Needs::NONE,
                profiles: REASON_PROFILES,
                run: |ctx| Box::pin(family_reason(ctx, Endpoint::Settle)),
            },
        ],
        Ids::Accepted(n) => vec![Case {
            id: n.id,
            title: n.title,
            clause: fam.clause,
            expected: "HTTP 200 with isValid:true and the signer as payer.",
            level: fam.level,
            tags: tags_for(Tag::Verify, fam.mechanism),
            needs: Needs::FUNDED_PAYER,
            profiles: fam.profiles,
            run: |ctx| Box::pin(family_accepted(ctx)),
        }],
    }
}

/// Refusal cases: the Go e2e facilitator answers an invalid payment with HTTP 500.
const GO_500: &[Divergence] = &[diverge(
    Profile::Go,
    "HTTP 200 with isValid:false / success:false, or HTTP 500 {\"error\": \"<reason>: <message>\"} as the Go e2e facilitator answers (protocol.md §3.7, §8 #12).",
)];
/// Reason cases: each SDK has its own vocabulary and check order.
pub const REASON_PROFILES: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "The reason is the TypeScript SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Ts); protocol.md §3.3, §8 #30).",
    ),
    diverge(
        Profile::Go,
        "The reason is the Go SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Go); in the 500 body's error prefix; protocol.md §3.5, §3.7, §8 #30).",
    ),
    diverge(
        Profile::Py,
        "The reason is the Python SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Py); protocol.md §3.6, §8 #30).",
    ),
];
const VERSION_IGNORED: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "Accepted (isValid:true / success:true): the TS facilitator ignores the top-level x402Version and routes on paymentPayload.x402Version (protocol.md §1.7, §8 #31).",
    ),
    diverge(
        Profile::Go,
        "Accepted: the Go facilitator ignores the top-level x402Version (protocol.md §1.7, §8 #31).",
    ),
    diverge(
        Profile::Py,
        "Accepted: the Python facilitator ignores the top-level x402Version (protocol.md §1.7, §8 #31).",
    ),
];
const VERSION_OVERRIDES: &[(Profile, Expect)] = &[
    (Profile::Ts, Expect::Valid),
    (Profile::Go, Expect::Valid),
    (Profile::Py, Expect::Valid),
];
const AFTER_NOW_TS: &[Divergence] = &[diverge(
    Profile::Ts,
    "Accepted or refused: the TS facilitator simulates transferWithAuthorization against the latest block, and the token's validAfter < block.timestamp refuses it within that second (protocol.md §4.2, §4.7).",
)];
const AFTER_NOW_OVERRIDES: &[(Profile, Expect)] = &[(Profile::Ts, Expect::Either)];

/// Every payment family, one row each: its case ids (literal, so that grep finds them), the
/// payment (mechanism and the one variation), the expected outcome and how it is judged. The
/// catalogue registers each row's cases from here; nothing else lists the families.
pub static FAMILIES: &[Family] = &[
    Family {
        ids: accepted!(
            "facilitator/verify/v2-eip3009/valid-before-at-buffer-edge/accepted",
            "a payment whose validBefore is exactly now + 6 s"
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::ValidBeforeAtEdge,
        expect: Expect::Valid,
        level: Level::Should,
        judge: Judge::Payment,
        timing: Timing::Exact,
        clause: "protocol.md §4.7 (validBefore = now + 6 s is the last valid second)",
        profiles: &[],
        overrides: &[],
    },
    Family {
        ids: accepted!(
            "facilitator/verify/v2-eip3009/valid-after-now/accepted",
            "a payment whose validAfter is exactly now"
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::ValidAfterNow,
        expect: Expect::Valid,
        level: Level::Info,
        judge: Judge::Payment,
        timing: Timing::Exact,
        clause: "protocol.md §4.2 step 7, §4.7 (every SDK: valid iff validAfter <= now); INFO: the EIP-3009 contract requires validAfter < block.timestamp, so a facilitator that simulates against the latest block (TS) refuses it within that second",
        profiles: AFTER_NOW_TS,
        overrides: AFTER_NOW_OVERRIDES,
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/wrong-signer/rejected",
            "facilitator/verify/v2-eip3009/wrong-signer/reason",
            "facilitator/settle/v2-eip3009/wrong-signer/rejected",
            "facilitator/settle/v2-eip3009/wrong-signer/reason",
            "a payment signed by another key than `from`",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::WrongSigner,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 exact EVM: the signature is by `from` over the EIP-712 typed data; protocol.md §4.2 step 4",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/high-s/rejected",
            "facilitator/verify/v2-eip3009/high-s/reason",
            "facilitator/settle/v2-eip3009/high-s/rejected",
            "facilitator/settle/v2-eip3009/high-s/reason",
            "the high-s twin of a valid signature",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::HighS,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(
            Eip3009Check::SignatureMalleable,
        ))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "EIP-2 low-s rule (USDC's ECRecover reverts on high-s); x402-spec evm::signature",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/domain-name/rejected",
            "facilitator/verify/v2-eip3009/domain-name/reason",
            "facilitator/settle/v2-eip3009/domain-name/rejected",
            "facilitator/settle/v2-eip3009/domain-name/reason",
            "a payment signed with a wrong EIP-712 domain name",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::DomainName,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 (EIP-712 domain name = extra.name)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/domain-version/rejected",
            "facilitator/verify/v2-eip3009/domain-version/reason",
            "facilitator/settle/v2-eip3009/domain-version/rejected",
            "facilitator/settle/v2-eip3009/domain-version/reason",
            "a payment signed with a wrong EIP-712 domain version",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::DomainVersion,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 (EIP-712 domain version = extra.version)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/domain-chain-id/rejected",
            "facilitator/verify/v2-eip3009/domain-chain-id/reason",
            "facilitator/settle/v2-eip3009/domain-chain-id/rejected",
            "facilitator/settle/v2-eip3009/domain-chain-id/reason",
            "a payment signed with a wrong EIP-712 chainId",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::DomainChainId,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 (EIP-712 domain chainId = the network's chain id)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/domain-verifying-contract/rejected",
            "facilitator/verify/v2-eip3009/domain-verifying-contract/reason",
            "facilitator/settle/v2-eip3009/domain-verifying-contract/rejected",
            "facilitator/settle/v2-eip3009/domain-verifying-contract/reason",
            "a payment signed with a wrong EIP-712 verifyingContract",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::DomainVerifyingContract,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 (EIP-712 domain verifyingContract = asset)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/recipient/rejected",
            "facilitator/verify/v2-eip3009/recipient/reason",
            "facilitator/settle/v2-eip3009/recipient/rejected",
            "facilitator/settle/v2-eip3009/recipient/reason",
            "an authorization to another address than payTo",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::Recipient,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Recipient))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v2 §9 invalid_exact_evm_payload_recipient_mismatch; protocol.md §4.2 step 5",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/amount-over/rejected",
            "facilitator/verify/v2-eip3009/amount-over/reason",
            "facilitator/settle/v2-eip3009/amount-over/rejected",
            "facilitator/settle/v2-eip3009/amount-over/reason",
            "an authorization for one unit more than required",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::AmountOver,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Value))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v2 exact: value equals the required amount; protocol.md §4.2 step 8, §8 #7",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/amount-under/rejected",
            "facilitator/verify/v2-eip3009/amount-under/reason",
            "facilitator/settle/v2-eip3009/amount-under/rejected",
            "facilitator/settle/v2-eip3009/amount-under/reason",
            "an authorization for one unit less than required",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::AmountUnder,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Value))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v2 exact: value equals the required amount; protocol.md §4.2 step 8",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/valid-before-expired/rejected",
            "facilitator/verify/v2-eip3009/valid-before-expired/reason",
            "facilitator/settle/v2-eip3009/valid-before-expired/rejected",
            "facilitator/settle/v2-eip3009/valid-before-expired/reason",
            "an expired authorization",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::ValidBeforeExpired,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::ValidBefore))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v2 §9 invalid_exact_evm_payload_authorization_valid_before; protocol.md §4.2 step 6",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/valid-before-in-buffer/rejected",
            "facilitator/verify/v2-eip3009/valid-before-in-buffer/reason",
            "facilitator/settle/v2-eip3009/valid-before-in-buffer/rejected",
            "facilitator/settle/v2-eip3009/valid-before-in-buffer/reason",
            "an authorization expiring within the 6 s settlement buffer",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::ValidBeforeInBuffer,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::ValidBefore))),
        level: Level::Should,
        judge: Judge::Payment,
        timing: Timing::MaxSkew(2),
        clause: "protocol.md §4.2 step 6, §4.7 (every SDK: validBefore >= now + 6 s)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/valid-after-future/rejected",
            "facilitator/verify/v2-eip3009/valid-after-future/reason",
            "facilitator/settle/v2-eip3009/valid-after-future/rejected",
            "facilitator/settle/v2-eip3009/valid-after-future/reason",
            "an authorization not valid yet",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::ValidAfterFuture,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::ValidAfter))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v2 §9 invalid_exact_evm_payload_authorization_valid_after; protocol.md §4.2 step 7",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/network-mismatch/rejected",
            "facilitator/verify/v2-eip3009/network-mismatch/reason",
            "facilitator/settle/v2-eip3009/network-mismatch/rejected",
            "facilitator/settle/v2-eip3009/network-mismatch/reason",
            "a payment whose accepted.network differs from the requirements'",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::NetworkMismatch,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Network))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 step 3 (accepted.network = requirements.network), §3.6",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/scheme-mismatch/rejected",
            "facilitator/verify/v2-eip3009/scheme-mismatch/reason",
            "facilitator/settle/v2-eip3009/scheme-mismatch/rejected",
            "facilitator/settle/v2-eip3009/scheme-mismatch/reason",
            "a payment whose accepted.scheme differs from the requirements'",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::SchemeMismatch,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Scheme))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 step 1 (accepted.scheme and requirements.scheme are both exact), §3.6",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-eip3009/version-mismatch/rejected",
            "facilitator/verify/v2-eip3009/version-mismatch/reason",
            "facilitator/settle/v2-eip3009/version-mismatch/rejected",
            "facilitator/settle/v2-eip3009/version-mismatch/reason",
            "a request whose top-level x402Version differs from the payment's",
        ),
        mechanism: Mechanism::V2Eip3009,
        variation: Variation::VersionMismatch,
        expect: Expect::Invalid(Reason::Code(ErrorCode::InvalidX402Version)),
        level: Level::Should,
        judge: Judge::Request,
        timing: Timing::Any,
        clause: "protocol.md §1.7, §8 #31 (x402-spec: the top-level x402Version must equal paymentPayload.x402Version)",
        profiles: VERSION_IGNORED,
        overrides: VERSION_OVERRIDES,
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/wrong-signer/rejected",
            "facilitator/verify/v2-permit2/wrong-signer/reason",
            "facilitator/settle/v2-permit2/wrong-signer/rejected",
            "facilitator/settle/v2-permit2/wrong-signer/reason",
            "a Permit2 payment signed by another key than `from`",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::WrongSigner,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 exact EVM Permit2: the signature is by `from`; protocol.md §4.3 (9)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/spender/rejected",
            "facilitator/verify/v2-permit2/spender/reason",
            "facilitator/settle/v2-permit2/spender/rejected",
            "facilitator/settle/v2-permit2/spender/reason",
            "a Permit2 payment whose spender is not the x402 proxy",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::Permit2Spender,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Spender))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (3): spender is the x402 exact Permit2 proxy",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/token/rejected",
            "facilitator/verify/v2-permit2/token/reason",
            "facilitator/settle/v2-permit2/token/rejected",
            "facilitator/settle/v2-permit2/token/reason",
            "a Permit2 payment for another token than the asset",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::Permit2Token,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Token))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (8): permitted.token is the asset",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/recipient/rejected",
            "facilitator/verify/v2-permit2/recipient/reason",
            "facilitator/settle/v2-permit2/recipient/rejected",
            "facilitator/settle/v2-permit2/recipient/reason",
            "a Permit2 payment whose witness.to is not payTo",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::Recipient,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Recipient))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (4): witness.to is payTo",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/amount-over/rejected",
            "facilitator/verify/v2-permit2/amount-over/reason",
            "facilitator/settle/v2-permit2/amount-over/rejected",
            "facilitator/settle/v2-permit2/amount-over/reason",
            "a Permit2 payment for one unit more than required",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::AmountOver,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Amount))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (7): permitted.amount equals the required amount",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/deadline-expired/rejected",
            "facilitator/verify/v2-permit2/deadline-expired/reason",
            "facilitator/settle/v2-permit2/deadline-expired/rejected",
            "facilitator/settle/v2-permit2/deadline-expired/reason",
            "a Permit2 payment past its deadline",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::ValidBeforeExpired,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Deadline))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (5): deadline >= now + 6 s",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-permit2/valid-after-future/rejected",
            "facilitator/verify/v2-permit2/valid-after-future/reason",
            "facilitator/settle/v2-permit2/valid-after-future/rejected",
            "facilitator/settle/v2-permit2/valid-after-future/reason",
            "a Permit2 payment not valid yet",
        ),
        mechanism: Mechanism::V2Permit2,
        variation: Variation::ValidAfterFuture,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::ValidAfter))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.3 (6): witness.validAfter <= now",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-upto/facilitator/rejected",
            "facilitator/verify/v2-upto/facilitator/reason",
            "facilitator/settle/v2-upto/facilitator/rejected",
            "facilitator/settle/v2-upto/facilitator/reason",
            "an upto payment naming another facilitator",
        ),
        mechanism: Mechanism::V2Upto,
        variation: Variation::UptoFacilitator,
        expect: Expect::Invalid(Reason::Rule(Check::Upto(UptoCheck::Facilitator))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 upto scheme: witness.facilitator is one of the facilitator's signers; protocol.md §4.4",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v2-upto/wrong-signer/rejected",
            "facilitator/verify/v2-upto/wrong-signer/reason",
            "facilitator/settle/v2-upto/wrong-signer/rejected",
            "facilitator/settle/v2-upto/wrong-signer/reason",
            "an upto payment signed by another key than `from`",
        ),
        mechanism: Mechanism::V2Upto,
        variation: Variation::WrongSigner,
        expect: Expect::Invalid(Reason::Rule(Check::Permit2(Permit2Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 upto scheme: the Permit2 signature is by `from`; protocol.md §4.4",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v1-eip3009/wrong-signer/rejected",
            "facilitator/verify/v1-eip3009/wrong-signer/reason",
            "facilitator/settle/v1-eip3009/wrong-signer/rejected",
            "facilitator/settle/v1-eip3009/wrong-signer/reason",
            "a v1 payment signed by another key than `from`",
        ),
        mechanism: Mechanism::V1Eip3009,
        variation: Variation::WrongSigner,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Signature))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v1 §9 invalid_exact_evm_payload_signature; protocol.md §4.2 (v1)",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v1-eip3009/amount-under/rejected",
            "facilitator/verify/v1-eip3009/amount-under/reason",
            "facilitator/settle/v1-eip3009/amount-under/rejected",
            "facilitator/settle/v1-eip3009/amount-under/reason",
            "a v1 authorization below maxAmountRequired",
        ),
        mechanism: Mechanism::V1Eip3009,
        variation: Variation::AmountUnder,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Value))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v1 §9 invalid_exact_evm_payload_authorization_value (value below maxAmountRequired); protocol.md §8 #7",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v1-eip3009/valid-before-expired/rejected",
            "facilitator/verify/v1-eip3009/valid-before-expired/reason",
            "facilitator/settle/v1-eip3009/valid-before-expired/rejected",
            "facilitator/settle/v1-eip3009/valid-before-expired/reason",
            "an expired v1 authorization",
        ),
        mechanism: Mechanism::V1Eip3009,
        variation: Variation::ValidBeforeExpired,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::ValidBefore))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "x402 v1 §9 invalid_exact_evm_payload_authorization_valid_before",
        profiles: GO_500,
        overrides: &[],
    },
    Family {
        ids: refused!(
            "facilitator/verify/v1-eip3009/network-mismatch/rejected",
            "facilitator/verify/v1-eip3009/network-mismatch/reason",
            "facilitator/settle/v1-eip3009/network-mismatch/rejected",
            "facilitator/settle/v1-eip3009/network-mismatch/reason",
            "a v1 payment for another network than the requirements'",
        ),
        mechanism: Mechanism::V1Eip3009,
        variation: Variation::NetworkMismatch,
        expect: Expect::Invalid(Reason::Rule(Check::Eip3009(Eip3009Check::Network))),
        level: Level::Must,
        judge: Judge::Payment,
        timing: Timing::Any,
        clause: "protocol.md §4.2 (v1 compares paymentPayload.network with requirements.network), §3.6",
        profiles: GO_500,
        overrides: &[],
    },
];

const PAY: Needs = Needs::FUNDED_PAYER.union(Needs::SETTLEMENT);

/// The signed-payment cases.
pub fn cases() -> Vec<Case> {
    let mut v: Vec<Case> = Vec::new();
    // Valid payments.
    for (id, title, mechanism, tags) in [
        (
            "facilitator/verify/v2-eip3009/valid/accepted",
            "POST /verify accepts a valid v2 exact EIP-3009 payment",
            Mechanism::V2Eip3009,
            &[Tag::Verify, Tag::V2, Tag::Eip3009] as &'static [Tag],
        ),
        (
            "facilitator/verify/v2-permit2/valid/accepted",
            "POST /verify accepts a valid v2 exact Permit2 payment",
            Mechanism::V2Permit2,
            &[Tag::Verify, Tag::V2, Tag::Permit2],
        ),
        (
            "facilitator/verify/v2-upto/valid/accepted",
            "POST /verify accepts a valid v2 upto payment",
            Mechanism::V2Upto,
            &[Tag::Verify, Tag::V2, Tag::Upto],
        ),
        (
            "facilitator/verify/v1-eip3009/valid/accepted",
            "POST /verify accepts a valid v1 exact EIP-3009 payment",
            Mechanism::V1Eip3009,
            &[Tag::Verify, Tag::V1, Tag::Eip3009],
        ),
    ] {
        v.push(Case {
            id,
            title,
            clause: "x402 v2 §7.1 (v1 §7.1) VerifyResponse; protocol.md §4.2–§4.4",
            expected: "HTTP 200 with isValid:true and payer = the signing address.",
            level: Level::Must,
            tags,
            needs: Needs::FUNDED_PAYER,
            profiles: &[],
            run: match mechanism {
                Mechanism::V2Eip3009 => |ctx| Box::pin(verify_valid(ctx, Mechanism::V2Eip3009)),
                Mechanism::V2Permit2 => |ctx| Box::pin(verify_valid(ctx, Mechanism::V2Permit2)),
                Mechanism::V2Upto => |ctx| Box::pin(verify_valid(ctx, Mechanism::V2Upto)),
                _ => |ctx| Box::pin(verify_valid(ctx, Mechanism::V1Eip3009)),
            },
        });
    }
    // Payment families (valid boundary payments and one-defect payments).
    for fam in FAMILIES {
        v.extend(family_cases(fam));
    }
    // Settlement.
    for (id, title, mechanism, tags) in [
        (
            "facilitator/settle/v2-eip3009/valid/settled",
            "POST /settle settles a verified v2 exact EIP-3009 payment",
            Mechanism::V2Eip3009,
            &[Tag::Settle, Tag::V2, Tag::Eip3009] as &'static [Tag],
        ),
        (
            "facilitator/settle/v2-permit2/valid/settled",
            "POST /settle settles a verified v2 exact Permit2 payment",
            Mechanism::V2Permit2,
            &[Tag::Settle, Tag::V2, Tag::Permit2],
        ),
        (
            "facilitator/settle/v2-upto/valid/settled",
            "POST /settle charges the settle-time amount of a verified upto payment",
            Mechanism::V2Upto,
            &[Tag::Settle, Tag::V2, Tag::Upto],
        ),
        (
            "facilitator/settle/v1-eip3009/valid/settled",
            "POST /settle settles a verified v1 exact EIP-3009 payment",
            Mechanism::V1Eip3009,
            &[Tag::Settle, Tag::V1, Tag::Eip3009],
        ),
    ] {
        v.push(Case {
            id,
            title,
            clause: "x402 v2 §7.2 SettleResponse (upto: scheme_upto_evm.md §3 amount); protocol.md §1.9, §4.4",
            expected: "HTTP 200, success:true, a non-empty transaction, network = the requirements' network, payer = the signer (upto: amount = the settle-time requirements amount).",
            level: Level::Must,
            tags,
            needs: PAY,
            profiles: &[],
            run: match mechanism {
                Mechanism::V2Eip3009 => |ctx| Box::pin(settle_valid(ctx, Mechanism::V2Eip3009)),
                Mechanism::V2Permit2 => |ctx| Box::pin(settle_valid(ctx, Mechanism::V2Permit2)),
                Mechanism::V2Upto => |ctx| Box::pin(settle_valid(ctx, Mechanism::V2Upto)),
                _ => |ctx| Box::pin(settle_valid(ctx, Mechanism::V1Eip3009)),
            },
        });
    }
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/replay/refused",
        title: "a settled EIP-3009 authorization is refused by /verify and /settle afterwards",
        clause: "EIP-3009 nonce single use; protocol.md §3.3 (invalid_exact_evm_nonce_already_used)",
        expected: "After one successful settlement, POST /verify answers 200 isValid:false and POST /settle 200 success:false.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::Verify, Tag::V2, Tag::Eip3009],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(settle_replay(ctx, Mechanism::V2Eip3009)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-permit2/replay/refused",
        title: "a settled Permit2 authorization is refused by /verify and /settle afterwards",
        clause: "Permit2 unordered nonces are single use; protocol.md §4.3",
        expected: "After one successful settlement, POST /verify answers 200 isValid:false and POST /settle 200 success:false.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::Verify, Tag::V2, Tag::Permit2],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(settle_replay(ctx, Mechanism::V2Permit2)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/never-verified/settled",
        title: "POST /settle settles a valid payment that was never sent to /verify",
        clause: "x402 v2 §7.2 (the settle request carries the whole payment; the facilitator verifies it); protocol.md §3.7 (TS e2e policy hook)",
        expected: "HTTP 200, success:true with a transaction: the facilitator verifies the payment itself.",
        level: Level::Should,
        tags: &[Tag::Settle, Tag::V2, Tag::Eip3009],
        needs: PAY,
        profiles: &[],
        run: |ctx| Box::pin(settle_never_verified(ctx)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-upto/zero-charge/settled",
        title: "an upto settlement of amount 0 succeeds without a transaction",
        clause: "x402 upto scheme (zero amount: no on-chain transfer); protocol.md §4.4, §8 #20",
        expected: "HTTP 200, success:true, transaction \"\" (and amount \"0\" when present).",
        level: Level::Should,
        tags: &[Tag::Settle, Tag::V2, Tag::Upto],
        needs: PAY,
        profiles: &[],
        run: |ctx| Box::pin(upto_zero(ctx)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-upto/exceeds-maximum/rejected",
        title: "an upto settlement above the signed maximum is refused",
        clause: "x402 upto scheme invalid_upto_evm_payload_settlement_exceeds_amount; protocol.md §4.4",
        expected: "HTTP 200, success:false (errorReason invalid_upto_evm_payload_settlement_exceeds_amount or an alias).",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::V2, Tag::Upto],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(upto_exceeds(ctx)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/onchain-effects/confirmed",
        title: "a settled EIP-3009 payment moves the funds and consumes the nonce on chain",
        clause: "x402 v2 §7.2 (settlement executes the payment); EIP-3009 authorizationState",
        expected: "eth_call after settlement: payTo's balance rose and the payer's fell by at least the amount, and authorizationState(from, nonce) is true.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::V2, Tag::Eip3009],
        needs: PAY.union(Needs::RPC_URL),
        profiles: &[],
        run: |ctx| Box::pin(onchain_effects(ctx)),
    });
    v
}

// ---------------------------------------------------------------------------------------------
// Building and sending
// ---------------------------------------------------------------------------------------------

/// The signer for a case: the payer key, or the throwaway key when `funded` is not required and
/// no payer key can be used.
fn signer_for(ctx: &Ctx, use_payer: bool) -> Result<LocalSigner, Verdict> {
    match (use_payer, ctx.payer_signer()) {
        (true, Some(s)) => Ok(s.clone()),
        _ => builtin_signer(&THROWAWAY_KEY).map_err(|e| Verdict::errored(e.to_string())),
    }
}

/// Whether settling cases may use the payer key (settlement allowed, within budget).
fn may_settle_with_payer(ctx: &Ctx) -> bool {
    ctx.config()
        .available_needs()
        .contains(Needs::FUNDED_PAYER.union(Needs::SETTLEMENT))
}

fn reserve(ctx: &Ctx, amount: U256) -> Result<(), Verdict> {
    ctx.budget()
        .reserve(amount)
        .map(|_| ())
        .map_err(|e| Verdict::skipped(e.to_string()))
}

fn target(ctx: &Ctx, mechanism: Mechanism) -> Result<PayTarget, Verdict> {
    select_target(ctx, mechanism).map_err(Verdict::skipped)
}

fn build(
    ctx: &Ctx,
    target: &PayTarget,
    signer: &LocalSigner,
    now: u64,
    variation: Variation,
) -> Result<Payment, Verdict> {
    let mut p = Payment::build(target, signer, now, ctx.next_nonce())
        .map_err(|e| Verdict::errored(format!("building the payment: {e}")))?;
    p.vary(variation, now, ctx.config().skew_secs, signer)
        .map_err(|e| Verdict::errored(format!("varying the payment: {e}")))?;
    Ok(p)
}

async fn send(ctx: &Ctx, ep: Endpoint, p: &Payment) -> Result<Exchange, Verdict> {
    let body = p
        .body()
        .map_err(|e| Verdict::errored(format!("serializing the request: {e}")))?;
    Ok(ctx.post_json(ep.path(), body).await)
}

fn timing_gate(ctx: &Ctx, timing: Timing) -> Result<(), Verdict> {
    let skew = ctx.config().skew_secs;
    match timing {
        Timing::Any => Ok(()),
        Timing::MaxSkew(max) if skew <= max => Ok(()),
        Timing::MaxSkew(max) => Err(Verdict::skipped(format!(
            "undecidable with --skew {skew}: the payment sits {} s inside the {TIME_BUFFER_SECS} s buffer, which a clock difference of more than {max} s can move outside it",
            TIME_BUFFER_SECS / 2
        ))),
        Timing::Exact if skew == 0 => Ok(()),
        Timing::Exact => Err(Verdict::skipped(format!(
            "undecidable with --skew {skew}: the payment sits exactly on a time boundary; run with --skew 0 against a target that shares the harness's clock"
        ))),
    }
}

/// Builds a family's payment (sent early in a second for exact boundaries) and posts it.
async fn send_family(
    ctx: &Ctx,
    fam: &'static Family,
    ep: Endpoint,
) -> Result<(Payment, Exchange, u64), Verdict> {
    timing_gate(ctx, fam.timing)?;
    let t = target(ctx, fam.mechanism)?;
    let use_payer = match ep {
        Endpoint::Verify => true,
        Endpoint::Settle => may_settle_with_payer(ctx),
    };
    let profile = ctx.config().profile;
    if ep == Endpoint::Settle
        && !use_payer
        && matches!(fam.expect_under(profile), Expect::Valid | Expect::Either)
    {
        return Err(Verdict::skipped(format!(
            "under --profile {profile} this payment is expected to settle, which needs funded-payer and settlement (pass --allow-settlement and a non-zero --max-spend)"
        )));
    }
    let signer = signer_for(ctx, use_payer)?;
    if ep == Endpoint::Settle && use_payer {
        // A target that wrongly settles could move up to the authorized amount (+1 for "over").
        reserve(ctx, t.amount.saturating_add(U256::from(1u8)))?;
    }
    let (now, send_at) = match fam.timing {
        Timing::Exact => {
            let (second, at) = next_second();
            (second, Some(at))
        }
        _ => (ctx.now_secs(), None),
    };
    let p = build(ctx, &t, &signer, now, fam.variation)?;
    let body = p
        .body()
        .map_err(|e| Verdict::errored(format!("serializing the request: {e}")))?;
    if let Some(at) = send_at {
        tokio::time::sleep_until(at).await;
    }
    let ex = ctx.post_json(ep.path(), body).await;
    Ok((p, ex, now))
}

// ---------------------------------------------------------------------------------------------
// Judgements
// ---------------------------------------------------------------------------------------------

/// The reason member of an answer, if it is a non-empty string.
fn reason_of(ep: Endpoint, body: &Value) -> Option<&str> {
    body.get(ep.reason())
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The `error` string of a Go-style `500 {"error": "<reason>: <message>"}` answer.
pub fn go_error_of(r: &crate::http::Response) -> Option<String> {
    if !(500..600).contains(&r.status) {
        return None;
    }
    r.json()
        .ok()?
        .get("error")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The reason code at the start of a Go e2e facilitator's `error` string (`"<reason>: <message>"`).
pub fn go_reason_of(error: &str) -> &str {
    error.split(':').next().unwrap_or(error).trim()
}

/// Judges a refusal of an invalid payment (MUST): HTTP 200, a body that parses as the response
/// type, and the flag false. Under `--profile go`, a `500 {"error": …}` (the Go e2e facilitator's
/// answer, protocol.md §3.7) is a refusal too.
pub fn judge_refused(ep: Endpoint, judge: Judge, ex: &Exchange, profile: Profile) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if judge == Judge::Request && (400..500).contains(&r.status) {
        return Verdict::passed(format!("HTTP {} (the request is refused)", r.status));
    }
    if profile == Profile::Go
        && let Some(error) = go_error_of(r)
    {
        return Verdict::passed(format!(
            "HTTP {} with error {} (the Go e2e facilitator's refusal, --profile go)",
            r.status,
            crate::http::preview(error.as_bytes(), 120)
        ));
    }
    let body = match r.json() {
        Ok(b) => b,
        Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
    };
    let flag = body.get(ep.flag());
    if flag == Some(&Value::Bool(true)) {
        return Verdict::failed(format!(
            "ACCEPTED an invalid payment: HTTP {} with {}:true",
            r.status,
            ep.flag()
        ));
    }
    if r.status != 200 {
        return Verdict::failed(format!(
            "HTTP {}: an invalid payment is answered with HTTP 200 and {}:false (x402 v2 §7; protocol.md §8 #12){}",
            r.status,
            ep.flag(),
            reason_of(ep, &body)
                .map(|s| format!("; {} was {s:?}", ep.reason()))
                .unwrap_or_default()
        ));
    }
    if let Err(e) = parse_response(ep, &r.body) {
        return Verdict::failed(format!(
            "HTTP 200 but the body is not a valid {}: {e}",
            ep.response_type()
        ));
    }
    match flag {
        Some(Value::Bool(false)) => {
            let transaction = body.get("transaction").and_then(Value::as_str);
            if ep == Endpoint::Settle && transaction.is_some_and(|t| !t.is_empty()) {
                return Verdict::failed(format!(
                    "success:false but transaction is {:?}; a refused settlement has transaction \"\"",
                    transaction.unwrap_or_default()
                ));
            }
            Verdict::passed(format!(
                "HTTP 200, {}:false{}",
                ep.flag(),
                reason_of(ep, &body)
                    .map(|s| format!(" ({} {s:?})", ep.reason()))
                    .unwrap_or_default()
            ))
        }
        Some(v) => Verdict::failed(format!("{} is {}, expected false", ep.flag(), describe(v))),
        None => Verdict::failed(format!("HTTP 200 without a boolean {}", ep.flag())),
    }
}

fn parse_response(ep: Endpoint, body: &[u8]) -> Result<(), String> {
    match ep {
        Endpoint::Verify => VerifyResponse::from_json(body).map(|_| ()),
        Endpoint::Settle => SettleResponse::from_json(body).map(|_| ()),
    }
    .map_err(|e| e.to_string())
}

/// Judges the reason of a refusal (SHOULD): any spelling of one of the `expected` failures, or
/// with `strict` exactly one of the canonical spellings.
pub fn judge_reason(ep: Endpoint, ex: &Exchange, expected: &[&str], strict: bool) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let body = match r.json() {
        Ok(b) => b,
        Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
    };
    if body.get(ep.flag()) == Some(&Value::Bool(true)) {
        return Verdict::failed(format!(
            "the invalid payment was accepted ({}:true), so there is no {}",
            ep.flag(),
            ep.reason()
        ));
    }
    let Some(reason) = reason_of(ep, &body) else {
        return Verdict::failed(format!(
            "HTTP {} without a non-empty {} string; expected {}",
            r.status,
            ep.reason(),
            expected.join(" or ")
        ));
    };
    let wanted: Vec<ErrorCode> = expected.iter().map(|s| ErrorCode::from_wire(s)).collect();
    let (code, _detail) = ErrorCode::from_wire_with_detail(reason);
    let canonical = expected.contains(&reason);
    if canonical {
        return Verdict::passed(format!("{} {reason:?} (canonical)", ep.reason()));
    }
    if wanted.contains(&code) {
        if strict {
            return Verdict::failed(format!(
                "{} {reason:?} is an alias of {:?}; --strict requires the canonical spelling",
                ep.reason(),
                code.as_str()
            ));
        }
        return Verdict::passed(format!(
            "{} {reason:?} (an SDK alias of the canonical {:?})",
            ep.reason(),
            code.as_str()
        ));
    }
    let meaning = if code.is_known() {
        format!(" (which means {:?})", code.as_str())
    } else {
        String::new()
    };
    Verdict::failed(format!(
        "{} {reason:?}{meaning} does not name the expected failure {}",
        ep.reason(),
        expected.join(" or ")
    ))
}

/// Judges an accepted payment (verify): HTTP 200, a VerifyResponse with `isValid:true` and the
/// signer as `payer`. `Err` carries the refusal reason for preconditions.
fn judge_valid(ex: &Exchange, p: &Payment) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if r.status != 200 {
        return Verdict::failed(format!(
            "HTTP {} for a valid {} payment; expected 200 with isValid:true{}",
            r.status,
            p.target.mechanism.label(),
            r.json()
                .ok()
                .and_then(
                    |b| reason_of(Endpoint::Verify, &b).map(|s| format!(" (invalidReason {s:?})"))
                )
                .unwrap_or_default()
        ));
    }
    let resp = match VerifyResponse::from_json(&r.body) {
        Ok(v) => v,
        Err(e) => {
            return Verdict::failed(format!(
                "HTTP 200 but the body is not a valid VerifyResponse: {e}"
            ));
        }
    };
    if !resp.is_valid {
        let reason = resp
            .invalid_reason
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        if let Some(skip) = precondition(&reason, p) {
            return skip;
        }
        return Verdict::failed(format!(
            "REFUSED a valid {} payment: isValid:false, invalidReason {reason:?}{}",
            p.target.mechanism.label(),
            resp.invalid_message
                .map(|m| format!(
                    ", invalidMessage {}",
                    crate::http::preview(m.as_bytes(), 120)
                ))
                .unwrap_or_default()
        ));
    }
    check_payer(resp.payer.as_ref(), p)
        .map(|()| Verdict::passed(format!("isValid:true, payer {}", p.payer)))
        .unwrap_or_else(|v| v)
}

/// A refusal that means the run's payer is not set up (not the target's fault): skipped.
fn precondition(reason: &str, p: &Payment) -> Option<Verdict> {
    match ErrorCode::from_wire_with_detail(reason).0 {
        ErrorCode::InsufficientFunds => Some(Verdict::skipped(format!(
            "precondition: the payer {} has no funds of {} on {} (the target answered {reason:?})",
            p.payer, p.target.asset, p.target.network
        ))),
        ErrorCode::Permit2AllowanceRequired => Some(Verdict::skipped(format!(
            "precondition: the payer {} has not approved Permit2 for {} on {} (the target answered {reason:?})",
            p.payer, p.target.asset, p.target.network
        ))),
        _ => None,
    }
}

fn check_payer(payer: Option<&x402_spec::primitives::Address>, p: &Payment) -> Result<(), Verdict> {
    match payer {
        Some(a) if a.as_evm().map(|e| e.get()) == Some(p.payer) => Ok(()),
        Some(a) => Err(Verdict::failed(format!(
            "payer is {a}, expected the signer {}",
            p.payer
        ))),
        None => Err(Verdict::failed(format!(
            "no payer in the answer; expected the signer {}",
            p.payer
        ))),
    }
}

/// Judges a successful settlement.
fn judge_settled(
    ex: &Exchange,
    p: &Payment,
    amount: Option<U256>,
) -> Result<SettleResponse, Verdict> {
    let r = response_of(ex)?;
    let body = r.json().ok();
    if r.status != 200 {
        return Err(Verdict::failed(format!(
            "HTTP {} for the settlement of a valid {} payment{}",
            r.status,
            p.target.mechanism.label(),
            body.as_ref()
                .and_then(
                    |b| reason_of(Endpoint::Settle, b).map(|s| format!(" (errorReason {s:?})"))
                )
                .unwrap_or_default()
        )));
    }
    let resp = SettleResponse::from_json(&r.body).map_err(|e| {
        Verdict::failed(format!(
            "HTTP 200 but the body is not a valid SettleResponse: {e}"
        ))
    })?;
    if !resp.success {
        let reason = resp
            .error_reason
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        return Err(precondition(&reason, p).unwrap_or_else(|| {
            Verdict::failed(format!(
                "the settlement of a valid {} payment FAILED: errorReason {reason:?}{}",
                p.target.mechanism.label(),
                resp.error_message
                    .as_ref()
                    .map(|m| format!(", errorMessage {}", crate::http::preview(m.as_bytes(), 120)))
                    .unwrap_or_default()
            ))
        }));
    }
    let mut problems = Vec::new();
    if resp.transaction.is_empty() {
        problems.push("transaction is empty".to_owned());
    } else if p.target.mechanism != Mechanism::V1Eip3009 || resp.transaction.starts_with("0x") {
        let hex = resp
            .transaction
            .strip_prefix("0x")
            .unwrap_or(&resp.transaction);
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(format!(
                "transaction {:?} is not an EVM transaction hash (0x + 64 hex digits)",
                resp.transaction
            ));
        }
    }
    if resp.network.to_string() != p.network() {
        problems.push(format!(
            "network is {:?}, expected the requirements' {:?}",
            resp.network.to_string(),
            p.network()
        ));
    }
    if let Err(v) = check_payer(resp.payer.as_ref(), p) {
        problems.push(v.message().to_owned());
    }
    if let Some(want) = amount {
        match resp.amount {
            Some(got) if got.get() == want => {}
            Some(got) => problems.push(format!("amount is {got}, expected the charge {want}")),
            None => problems.push(format!(
                "no amount; the upto scheme requires the charged amount ({want})"
            )),
        }
    }
    if problems.is_empty() {
        Ok(resp)
    } else {
        Err(Verdict::failed(problems.join("; ")))
    }
}

// ---------------------------------------------------------------------------------------------
// Case bodies
// ---------------------------------------------------------------------------------------------

/// Judges an answer that may be an acceptance or a refusal (the profile's SDK decides either
/// way): passes with what was observed, unless the answer is neither.
fn judge_either(ep: Endpoint, ex: &Exchange, p: &Payment, profile: Profile) -> Verdict {
    let accepted = match ep {
        Endpoint::Verify => judge_valid(ex, p),
        Endpoint::Settle => match judge_settled(ex, p, None) {
            Ok(_) => Verdict::passed("settled"),
            Err(v) => v,
        },
    };
    if let Verdict::Passed { observed } = accepted {
        return Verdict::passed(format!(
            "accepted ({observed}); --profile {profile} allows either"
        ));
    }
    match judge_refused(ep, Judge::Payment, ex, profile) {
        Verdict::Passed { observed } => Verdict::passed(format!(
            "refused ({observed}); --profile {profile} allows either"
        )),
        other => other,
    }
}

async fn family_rejected(ctx: Ctx, ep: Endpoint) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    match send_family(&ctx, fam, ep).await {
        Ok((p, ex, _)) => match fam.expect_under(profile) {
            Expect::Invalid(_) => judge_refused(ep, fam.judge, &ex, profile),
            Expect::Valid => match ep {
                Endpoint::Verify => judge_valid(&ex, &p),
                Endpoint::Settle => match judge_settled(&ex, &p, None) {
                    Ok(resp) => Verdict::passed(format!(
                        "settled as --profile {profile} expects: transaction {}",
                        resp.transaction
                    )),
                    Err(v) => v,
                },
            },
            Expect::Either => judge_either(ep, &ex, &p, profile),
        },
        Err(v) => v,
    }
}

/// The reasons the profile's SDK gives for `p` (one spelling, or a few across SDK releases):
/// x402-spec's verdict on the same request replayed in the SDK's check order
/// ([`x402_spec::verify::Rejection::as_sdk`]), spelled by [`sdk_spellings`]. `Err` is the verdict
/// when there is nothing to compare (the SDK accepts it, or does not check the failed rule).
pub fn sdk_reason(
    p: &Payment,
    ep: Endpoint,
    profile: Profile,
    now: u64,
) -> Result<Vec<&'static str>, Verdict> {
    let Some(sdk) = profile.sdk() else {
        return Err(Verdict::errored(
            "sdk_reason needs an SDK profile (harness bug)",
        ));
    };
    let request = p.request().map_err(|e| {
        Verdict::skipped(format!(
            "x402-spec cannot parse this request ({e}), so there is no {sdk:?} check order to replay"
        ))
    })?;
    let policy = match p.target.facilitator {
        Some(f) => Policy::default().with_signers(vec![f]),
        None => Policy::default(),
    };
    let rejection = match verify_request(&request, now, &policy) {
        Ok(_) => {
            return Err(Verdict::errored(
                "x402-spec accepts this payment, so it has no reason to compare (catalogue bug)",
            ));
        }
        Err(r) => r,
    };
    let Some((check, _)) = rejection.as_sdk(sdk) else {
        return Err(Verdict::skipped(format!(
            "the {} SDK checks none of the failed rules ({}); it would fail the payment on chain",
            profile.name(),
            rejection.reason()
        )));
    };
    let spellings = sdk_spellings(profile, check, ep == Endpoint::Settle);
    if spellings.is_empty() {
        return Err(Verdict::skipped(format!(
            "the {} SDK fails rule {} with an HTTP error, not a reason",
            profile.name(),
            check.id()
        )));
    }
    Ok(spellings)
}

/// Judges the reason under an SDK profile: exactly the SDK's spelling (under `--profile go`,
/// also as the prefix of a 500 answer's `error`).
pub fn judge_sdk_reason(ep: Endpoint, ex: &Exchange, wants: &[&str], profile: Profile) -> Verdict {
    let want = wants.join("\" or \"");
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let got: Option<String> = if profile == Profile::Go
        && let Some(error) = go_error_of(r)
    {
        Some(go_reason_of(&error).to_owned())
    } else {
        match r.json() {
            Ok(body) => {
                if body.get(ep.flag()) == Some(&Value::Bool(true)) {
                    return Verdict::failed(format!(
                        "the invalid payment was accepted ({}:true), so there is no {}",
                        ep.flag(),
                        ep.reason()
                    ));
                }
                reason_of(ep, &body).map(str::to_owned)
            }
            Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
        }
    };
    match got {
        Some(g) if wants.contains(&g.as_str()) => Verdict::passed(format!(
            "{} {g:?} (the {} SDK's spelling)",
            ep.reason(),
            profile.name()
        )),
        Some(g) => Verdict::failed(format!(
            "{} {g:?}; the {} SDK answers \"{want}\" for this payment (--profile {profile})",
            ep.reason(),
            profile.name()
        )),
        None => Verdict::failed(format!(
            "HTTP {} without a non-empty {}; the {} SDK answers \"{want}\"",
            r.status,
            ep.reason(),
            profile.name()
        )),
    }
}

async fn family_reason(ctx: Ctx, ep: Endpoint) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    let expected = match fam.expect_under(profile) {
        Expect::Invalid(expected) => expected,
        Expect::Valid | Expect::Either if profile != Profile::Strict => {
            return Verdict::skipped(format!(
                "under --profile {profile} this payment may be accepted, so there is no reason to check"
            ));
        }
        _ => return Verdict::errored("a valid family has no reason case (catalogue bug)"),
    };
    match send_family(&ctx, fam, ep).await {
        Ok((p, ex, now)) => {
            if profile == Profile::Strict {
                let code = expected.code();
                let spellings =
                    code.normative_spellings(if fam.mechanism == Mechanism::V1Eip3009 {
                        1
                    } else {
                        2
                    });
                judge_reason(ep, &ex, &spellings, ctx.config().strict)
            } else {
                match sdk_reason(&p, ep, profile, now) {
                    Ok(wants) => judge_sdk_reason(ep, &ex, &wants, profile),
                    Err(v) => v,
                }
            }
        }
        Err(v) => v,
    }
}

async fn family_accepted(ctx: Ctx) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    match send_family(&ctx, fam, Endpoint::Verify).await {
        Ok((p, ex, _)) => match fam.expect_under(profile) {
            Expect::Either => judge_either(Endpoint::Verify, &ex, &p, profile),
            _ => judge_valid(&ex, &p),
        },
        Err(v) => v,
    }
}

/// A valid payment by the payer for `mechanism`.
fn payer_payment(ctx: &Ctx, mechanism: Mechanism) -> Result<Payment, Verdict> {
    let t = target(ctx, mechanism)?;
    let signer = ctx
        .payer_signer()
        .cloned()
        .ok_or_else(|| Verdict::skipped("needs funded-payer (no usable payer key)"))?;
    build(ctx, &t, &signer, ctx.now_secs(), Variation::None)
}

async fn verify_valid(ctx: Ctx, mechanism: Mechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    match send(&ctx, Endpoint::Verify, &p).await {
        Ok(ex) => judge_valid(&ex, &p),
        Err(v) => v,
    }
}

/// Verifies `p` first; `Err` when the target refuses the valid payment.
async fn verify_first(ctx: &Ctx, p: &Payment) -> Result<(), Verdict> {
    let ex = send(ctx, Endpoint::Verify, p).await?;
    match judge_valid(&ex, p) {
        Verdict::Passed { .. } => Ok(()),
        Verdict::Failed { message } => Err(Verdict::failed(format!(
            "precondition POST /verify failed: {message}"
        ))),
        other => Err(other),
    }
}

async fn settle_valid(ctx: Ctx, mechanism: Mechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let (settle, charge) = if mechanism == Mechanism::V2Upto {
        let c = U256::from(UPTO_CHARGE);
        (p.with_charge(c), Some(c))
    } else {
        (p.clone(), None)
    };
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &settle).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    match judge_settled(&ex, &p, charge) {
        Ok(resp) => Verdict::passed(format!(
            "settled: transaction {}, network {}{}",
            resp.transaction,
            resp.network,
            resp.amount
                .map(|a| format!(", amount {a}"))
                .unwrap_or_default()
        )),
        Err(v) => v,
    }
}

async fn settle_replay(ctx: Ctx, mechanism: Mechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    // The first settlement plus a wrongly accepted replay.
    if let Err(v) = reserve(&ctx, p.authorized().saturating_mul(U256::from(2u8))) {
        return v;
    }
    let first = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    if let Err(v) = judge_settled(&first, &p, None) {
        return match v {
            Verdict::Failed { message } => Verdict::failed(format!(
                "precondition: the first settlement failed: {message}"
            )),
            other => other,
        };
    }
    let mut notes = Vec::new();
    for ep in [Endpoint::Verify, Endpoint::Settle] {
        let ex = match send(&ctx, ep, &p).await {
            Ok(ex) => ex,
            Err(v) => return v,
        };
        match judge_refused(ep, Judge::Payment, &ex, ctx.config().profile) {
            Verdict::Passed { observed } => notes.push(format!("{} replay: {observed}", ep.path())),
            Verdict::Failed { message } => {
                return Verdict::failed(format!(
                    "{} of an already settled authorization: {message}",
                    ep.path()
                ));
            }
            other => return other,
        }
    }
    Verdict::passed(notes.join("; "))
}

async fn settle_never_verified(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, Mechanism::V2Eip3009) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    match judge_settled(&ex, &p, None) {
        Ok(resp) => Verdict::passed(format!(
            "settled without a prior /verify: transaction {}",
            resp.transaction
        )),
        Err(v) => v,
    }
}

async fn upto_zero(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, Mechanism::V2Upto) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p.with_charge(U256::ZERO)).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let resp = match SettleResponse::from_json(&r.body) {
        Ok(s) if r.status == 200 => s,
        Ok(_) => return Verdict::failed(format!("HTTP {} for a zero upto charge", r.status)),
        Err(e) => {
            return Verdict::failed(format!(
                "HTTP {}: not a valid SettleResponse: {e}",
                r.status
            ));
        }
    };
    if !resp.success {
        return Verdict::failed(format!(
            "a zero upto charge was refused (errorReason {:?}); it settles as a success with no transaction",
            resp.error_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default()
        ));
    }
    if !resp.transaction.is_empty() {
        return Verdict::failed(format!(
            "transaction is {:?}; a zero charge sends nothing, so transaction is \"\"",
            resp.transaction
        ));
    }
    match resp.amount {
        Some(a) if !a.get().is_zero() => Verdict::failed(format!("amount is {a}, expected \"0\"")),
        _ => Verdict::passed("success:true, transaction \"\""),
    }
}

async fn upto_exceeds(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, Mechanism::V2Upto) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let over = p.authorized().saturating_add(U256::from(1u8));
    if let Err(v) = reserve(&ctx, over) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p.with_charge(over)).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    let refused = judge_refused(Endpoint::Settle, Judge::Payment, &ex, ctx.config().profile);
    if !matches!(refused, Verdict::Passed { .. }) {
        return refused;
    }
    let reason = judge_reason(
        Endpoint::Settle,
        &ex,
        &["invalid_upto_evm_payload_settlement_exceeds_amount"],
        false,
    );
    Verdict::passed(format!("{}; {}", refused.message(), reason.message()))
}

async fn onchain_effects(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, Mechanism::V2Eip3009) {
        Ok(p) => p,
        Err(v) => return v,
    };
    let Some(url) = ctx.config().rpc_urls.for_network(&p.target.network) else {
        return Verdict::skipped(format!("no --rpc-url for {}", p.target.network));
    };
    let rpc = match Rpc::new(url, ctx.config().timeout) {
        Ok(r) => r,
        Err(e) => return Verdict::errored(format!("JSON-RPC client: {e}")),
    };
    let Signed::Eip3009(view) = &p.signed else {
        return Verdict::errored("expected an EIP-3009 payment");
    };
    let nonce = view.authorization.nonce.0;
    let (asset, payer, pay_to) = (p.target.asset.get(), p.payer, p.target.pay_to.get());
    let read = async |what: &str| -> Result<(U256, U256, bool), Verdict> {
        let err = |e: crate::rpc::RpcError| {
            Verdict::errored(format!("reading {what} state over --rpc-url: {e}"))
        };
        Ok((
            rpc.balance_of(asset, payer).await.map_err(err)?,
            rpc.balance_of(asset, pay_to).await.map_err(err)?,
            rpc.authorization_state(asset, payer, nonce)
                .await
                .map_err(err)?,
        ))
    };
    let before = match read("pre-settlement").await {
        Ok(b) => b,
        Err(v) => return v,
    };
    if before.2 {
        return Verdict::errored("the fresh nonce is already used on chain (harness nonce clash)");
    }
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    if let Err(v) = judge_settled(&ex, &p, None) {
        return v;
    }
    let after = match read("post-settlement").await {
        Ok(a) => a,
        Err(v) => return v,
    };
    let amount = U256::from(AMOUNT);
    let paid = before.0.saturating_sub(after.0);
    let received = after.1.saturating_sub(before.1);
    let mut problems = Vec::new();
    if paid < amount {
        problems.push(format!(
            "the payer's balance fell by {paid}, less than {amount}"
        ));
    }
    if received < amount {
        problems.push(format!(
            "payTo's balance rose by {received}, less than {amount}"
        ));
    }
    if !after.2 {
        problems.push("authorizationState(from, nonce) is still false".to_owned());
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "payer −{paid}, payTo +{received}, authorizationState true"
        ))
    } else {
        Verdict::failed(format!(
            "after a successful settlement: {}",
            problems.join("; ")
        ))
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
    use x402_spec::evm::LocalSigner;
    use x402_spec::primitives::EvmAddress;

    const NOW: u64 = 1_750_000_000;

    fn all_families() -> Vec<&'static Family> {
        FAMILIES.iter().collect()
    }

    fn target(m: Mechanism) -> PayTarget {
        PayTarget {
            mechanism: m,
            network: if m == Mechanism::V1Eip3009 {
                "base-sepolia"
            } else {
                "eip155:84532"
            }
            .to_owned(),
            chain_id: 84532,
            asset: EvmAddress::parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e").unwrap(),
            domain: Some(("USDC".to_owned(), "2".to_owned())),
            pay_to: EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
            amount: U256::from(AMOUNT),
            facilitator: Some(
                EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap(),
            ),
        }
    }

    /// Every family's payment is judged by x402-spec exactly as the catalogue expects: the
    /// first failed rule has the first expected code, and boundary payments verify.
    #[test]
    fn families_fail_x402_spec_with_the_expected_code() {
        let payer =
            LocalSigner::from_bytes(&crate::server::reference::REFERENCE_PAYER_KEY).unwrap();
        let policy = Policy::default().with_signers(vec![
            EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap(),
        ]);
        for fam in all_families() {
            let mut p = Payment::build(&target(fam.mechanism), &payer, NOW, [5; 32]).unwrap();
            p.vary(fam.variation, NOW, 0, &payer).unwrap();
            let rejection = p
                .request()
                .ok()
                .and_then(|r| verify_request(&r, NOW, &policy).err());
            if let (Expect::Invalid(Reason::Rule(rule)), Some(rej)) = (&fam.expect, &rejection) {
                assert_eq!(
                    rej.first().check,
                    *rule,
                    "{:?}/{:?}: the row names {rule:?}, x402-spec fails {:?} first",
                    fam.mechanism,
                    fam.variation,
                    rej.first().check
                );
            }
            let outcome = p.request().map_err(|e| e.to_string()).and_then(|r| {
                verify_request(&r, NOW, &policy).map_err(|e| e.reason().as_str().to_owned())
            });
            match &fam.expect {
                Expect::Valid => assert!(outcome.is_ok(), "{fam:?}: {outcome:?}"),
                Expect::Invalid(reason) => {
                    let err = outcome.unwrap_err();
                    assert!(
                        err.contains(reason.code().as_str()),
                        "{:?}/{:?}: expected {}, x402-spec said {err}",
                        fam.mechanism,
                        fam.variation,
                        reason.code()
                    );
                }
                Expect::Either => panic!("{fam:?}: the strict expectation is never Either"),
            }
        }
    }

    /// Under an SDK profile, every refused family has the SDK's spelling from x402-spec's
    /// replay of that SDK's check order (the TS high-s case differs between verify and settle).
    #[test]
    fn sdk_profiles_name_a_spelling_for_every_refused_family() {
        let payer =
            LocalSigner::from_bytes(&crate::server::reference::REFERENCE_PAYER_KEY).unwrap();
        for fam in all_families() {
            let mut p = Payment::build(&target(fam.mechanism), &payer, NOW, [6; 32]).unwrap();
            p.vary(fam.variation, NOW, 0, &payer).unwrap();
            for profile in [Profile::Ts, Profile::Go, Profile::Py] {
                let Expect::Invalid(_) = fam.expect_under(profile) else {
                    assert!(
                        (matches!(fam.expect, Expect::Valid)
                            || fam.variation == Variation::VersionMismatch),
                        "{fam:?}"
                    );
                    continue;
                };
                for ep in [Endpoint::Verify, Endpoint::Settle] {
                    let got = sdk_reason(&p, ep, profile, NOW);
                    assert!(got.is_ok(), "{fam:?} {profile} {ep:?}: {got:?}");
                }
            }
        }
        let mut high = Payment::build(&target(Mechanism::V2Eip3009), &payer, NOW, [7; 32]).unwrap();
        high.vary(Variation::HighS, NOW, 0, &payer).unwrap();
        assert_eq!(
            sdk_reason(&high, Endpoint::Verify, Profile::Ts, NOW).unwrap(),
            vec!["invalid_exact_evm_transaction_simulation_failed"]
        );
        assert_eq!(
            sdk_reason(&high, Endpoint::Settle, Profile::Ts, NOW).unwrap(),
            vec!["invalid_exact_evm_signature"]
        );
        assert_eq!(
            sdk_reason(&high, Endpoint::Verify, Profile::Py, NOW).unwrap(),
            vec!["invalid_exact_evm_transaction_simulation_failed"]
        );
        assert!(sdk_reason(&high, Endpoint::Verify, Profile::Strict, NOW).is_err());
        let version =
            Family::of_case("facilitator/verify/v2-eip3009/version-mismatch/rejected").unwrap();
        assert_eq!(
            version.expect_under(Profile::Ts),
            &Expect::Valid,
            "the SDKs ignore the top-level x402Version"
        );
        assert_eq!(
            go_reason_of("invalid_exact_evm_signature: bad"),
            "invalid_exact_evm_signature"
        );
    }

    #[test]
    fn catalogue_shape() {
        let c = cases();
        assert!(c.len() > 100, "{}", c.len());
        let funded: Vec<_> = c
            .iter()
            .filter(|c| c.needs.contains(Needs::SETTLEMENT))
            .collect();
        assert!(funded.iter().all(|c| c.needs.contains(Needs::FUNDED_PAYER)));
        assert!(
            c.iter()
                .filter(|c| c.id.ends_with("/reason"))
                .all(|c| c.level == Level::Should)
        );
    }

    fn ex(status: u16, body: &str) -> Exchange {
        Exchange {
            request: crate::http::RecordedRequest {
                method: "POST".into(),
                url: "u".into(),
                headers: vec![],
                body: bytes::Bytes::new(),
            },
            response: Ok(crate::http::Response {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: bytes::Bytes::from(body.to_owned()),
                truncated: false,
            }),
            elapsed: std::time::Duration::ZERO,
        }
    }

    #[test]
    fn refusal_and_reason_judgements() {
        use crate::case::VerdictKind::*;
        let k = |s, b| {
            judge_refused(Endpoint::Verify, Judge::Payment, &ex(s, b), Profile::Strict).kind()
        };
        assert_eq!(k(200, r#"{"isValid":false,"invalidReason":"x"}"#), Passed);
        assert_eq!(k(200, r#"{"isValid":true}"#), Failed);
        assert_eq!(k(500, r#"{"isValid":false,"invalidReason":"x"}"#), Failed);
        assert_eq!(k(400, r#"{"isValid":false}"#), Failed);
        assert_eq!(k(200, r#"{"is_valid":false}"#), Failed);
        let r = judge_refused(
            Endpoint::Verify,
            Judge::Request,
            &ex(400, "{}"),
            Profile::Strict,
        );
        assert_eq!(r.kind(), Passed);
        let s = |b| {
            judge_refused(
                Endpoint::Settle,
                Judge::Payment,
                &ex(200, b),
                Profile::Strict,
            )
            .kind()
        };
        assert_eq!(
            s(r#"{"success":false,"errorReason":"x","transaction":"","network":"eip155:1"}"#),
            Passed
        );
        assert_eq!(
            s(r#"{"success":false,"errorReason":"x","network":"eip155:1"}"#),
            Failed,
            "transaction is required"
        );
        let body = r#"{"isValid":false,"invalidReason":"invalid_exact_evm_signature"}"#;
        let want = &["invalid_exact_evm_payload_signature"];
        assert_eq!(
            judge_reason(Endpoint::Verify, &ex(200, body), want, false).kind(),
            Passed
        );
        let strict = judge_reason(Endpoint::Verify, &ex(200, body), want, true);
        assert_eq!(strict.kind(), Failed);
        assert!(strict.message().contains("alias"), "{strict:?}");
        let canon = r#"{"isValid":false,"invalidReason":"invalid_exact_evm_payload_signature"}"#;
        assert_eq!(
            judge_reason(Endpoint::Verify, &ex(200, canon), want, true).kind(),
            Passed
        );
        let wrong = r#"{"isValid":false,"invalidReason":"insufficient_funds"}"#;
        let w = judge_reason(Endpoint::Verify, &ex(200, wrong), want, false);
        assert_eq!(w.kind(), Failed);
        assert!(w.message().contains("does not name"), "{w:?}");
    }
}
