//! Cases with signed payments: valid payments verify and settle; every invalid payment family is
//! refused by `POST /verify` and `POST /settle` with the canonical reason; replays are refused;
//! `upto` charges the settle-time amount; `--rpc-url` confirms the settlement on chain.
//!
//! # Levels
//!
//! - **Invalid payments** (`…/rejected`, MUST): HTTP 200 and `isValid:false` / `success:false`,
//!   with a body that parses as the x402 response type (x402 v2 §7.1, §7.2; docs/protocol/disagreements.md #12:
//!   the Go e2e facilitator's 500 is the deviation). Two families are SHOULD: the 6 s settlement
//!   buffer (every SDK applies it, the spec text does not state it; docs/protocol/evm.md §4.7) and the
//!   top-level/payload version mismatch (every SDK ignores the top-level field; x402-spec refuses
//!   it, docs/protocol/disagreements.md #31), which may also be answered with a 4xx.
//! - **Reasons** (`…/reason`, SHOULD): the reason names the expected failure. By default any
//!   spelling of that failure is accepted — the canonical code or an SDK alias, since the SDKs
//!   disagree (docs/protocol/codes.md §3.6); with `--strict` only the canonical spelling passes.
//! - **Valid payments** (MUST): `isValid:true` with the signer as `payer`; settlement succeeds
//!   with a non-empty `transaction`, the requirements' `network` and the `payer` (`upto`: the
//!   charged `amount`). A payment whose validBefore sits exactly at the 6 s buffer must stay
//!   valid (SHOULD); one whose validAfter is exactly now is INFO: the SDKs' off-chain rule accepts
//!   it, but the EIP-3009 contract's `validAfter < block.timestamp` makes a simulating
//!   facilitator (TS) refuse it within that second.
//! - **Settle without verify** (SHOULD): x402 v2 §7.2 gives `/settle` the whole payment and
//!   requirements, so a valid, never-verified payment is settled (the facilitator verifies it
//!   itself). The TS e2e facilitator's "must be verified first" hook is a deployment policy
//!   (docs/protocol/codes.md §3.7), hence SHOULD.
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
use x402_spec::verify::{Check, CommonCheck, Policy, verify_request};

use super::malformed::Endpoint;
use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::cases::{describe, response_of};
use crate::ctx::{AdvertisedKind, Ctx, next_second};
use crate::http::Exchange;
use crate::pay::{
    AMOUNT, PayTarget, Payment, Signed, THROWAWAY_KEY, UPTO_CHARGE, Variation, VersionedMechanism,
    builtin_signer, kind_target, select_target,
};
use crate::profile::{Divergence, Profile, diverge, sdk_spellings, settle_revert_spellings};
use crate::rpc::Rpc;

mod send;
use send::*;
mod judge;
pub use judge::*;
mod bodies;
pub use bodies::*;
mod advertised;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests;

/// The reason a refused family must be refused with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The verification rule that fails first (x402-spec's order); its code is the expected
    /// reason.
    Rule(Check),
    /// The rule's code, or a second code that names the same defect in another document: v1 §9
    /// calls an underpayment `invalid_exact_evm_payload_authorization_value`, which x402-spec
    /// keeps as its own failure (value insufficient) beside the v2 mismatch.
    RuleOr(Check, ErrorCode),
    /// A request-level code that is not a verification rule (e.g. `invalid_x402_version`).
    Code(ErrorCode),
    /// Any of these codes: failures a facilitator may find in either order (a Permit2 payer
    /// without funds has no allowance either; a v2 request's `accepted` echo and its
    /// requirements carry the same malformed amount), or an on-chain check rather than a rule
    /// (the payer's balance). Preferred first.
    AnyOf(&'static [ErrorCode]),
}

impl Reason {
    /// The rule that fails first, when the reason is a verification rule.
    pub fn rule(&self) -> Option<Check> {
        match self {
            Self::Rule(c) | Self::RuleOr(c, _) => Some(*c),
            Self::Code(_) | Self::AnyOf(_) => None,
        }
    }

    /// The accepted codes, preferred first.
    pub fn codes(&self) -> Vec<ErrorCode> {
        match self {
            Self::Rule(c) => vec![c.code()],
            Self::RuleOr(c, other) => vec![c.code(), other.clone()],
            Self::Code(c) => vec![c.clone()],
            Self::AnyOf(codes) => codes.to_vec(),
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
    /// A valid family that must also settle: `facilitator/verify/<mechanism>/<slug>/accepted`
    /// and `facilitator/settle/<mechanism>/<slug>/settled`.
    AcceptedAndSettled {
        /// `facilitator/verify/<mechanism>/<slug>/accepted`.
        verify_accepted: Named,
        /// `facilitator/settle/<mechanism>/<slug>/settled`.
        settle_settled: Named,
    },
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
            Self::AcceptedAndSettled {
                verify_accepted,
                settle_settled,
            } => vec![verify_accepted.id, settle_settled.id],
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

/// The two cases of a valid family that must verify and settle; `$what` completes the titles.
macro_rules! settled {
    ($verify_accepted:literal, $settle_settled:literal, $what:literal $(,)?) => {
        Ids::AcceptedAndSettled {
            verify_accepted: Named {
                id: $verify_accepted,
                title: concat!("POST /verify accepts ", $what),
            },
            settle_settled: Named {
                id: $settle_settled,
                title: concat!("POST /settle settles ", $what),
            },
        }
    };
}

/// How a refusal is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// An invalid payment: HTTP 200 with `isValid:false` / `success:false`.
    Payment,
    /// An inconsistent request: a 4xx, or HTTP 200 with `isValid:false` / `success:false`.
    Request,
    /// A body of an unknown `x402Version`: as [`Judge::Request`], and under the `ts`, `go` and
    /// `py` profiles a 5xx too (their SDKs throw on a version they do not know: HTTP 500;
    /// docs/protocol/codes.md §3.7, measured for TS 2.27.0 in the interop lane).
    Version,
    /// A request with an amount that is not a base-10 integer string: as [`Judge::Request`],
    /// and under the `ts`, `go` and `py` profiles a 5xx too (their number parsers throw on some
    /// spellings, TS `BigInt("1e3")`, Python `int("1e3")`, and their facilitators answer the
    /// exception with HTTP 500; docs/protocol/codes.md §3.7).
    Malformed,
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
    pub mechanism: VersionedMechanism,
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
fn tags_for(endpoint: Tag, mechanism: VersionedMechanism) -> &'static [Tag] {
    match (endpoint, mechanism) {
        (Tag::Settle, VersionedMechanism::V2Eip3009) => &[Tag::Settle, Tag::V2, Tag::Eip3009],
        (Tag::Settle, VersionedMechanism::V2Permit2) => &[Tag::Settle, Tag::V2, Tag::Permit2],
        (Tag::Settle, VersionedMechanism::V2Upto) => &[Tag::Settle, Tag::V2, Tag::Upto],
        (Tag::Settle, _) => &[Tag::Settle, Tag::V1, Tag::Eip3009],
        (_, VersionedMechanism::V2Eip3009) => &[Tag::Verify, Tag::V2, Tag::Eip3009],
        (_, VersionedMechanism::V2Permit2) => &[Tag::Verify, Tag::V2, Tag::Permit2],
        (_, VersionedMechanism::V2Upto) => &[Tag::Verify, Tag::V2, Tag::Upto],
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
        Ids::AcceptedAndSettled {
            verify_accepted,
            settle_settled,
        } => vec![
            Case {
                id: verify_accepted.id,
                title: verify_accepted.title,
                clause: fam.clause,
                expected: "HTTP 200 with isValid:true and the signer as payer.",
                level: fam.level,
                tags: tags_for(Tag::Verify, fam.mechanism),
                needs: Needs::FUNDED_PAYER,
                profiles: fam.profiles,
                run: |ctx| Box::pin(family_accepted(ctx)),
            },
            Case {
                id: settle_settled.id,
                title: settle_settled.title,
                clause: fam.clause,
                expected: "HTTP 200, success:true, a non-empty transaction, network = the requirements' network, payer = the signer.",
                level: fam.level,
                tags: tags_for(Tag::Settle, fam.mechanism),
                needs: PAY,
                profiles: fam.profiles,
                // Expect::Valid: `family_rejected` judges it as a settlement.
                run: |ctx| Box::pin(family_rejected(ctx, Endpoint::Settle)),
            },
        ],
    }
}

/// Refusal cases: the Go e2e facilitator answers an invalid payment with HTTP 500.
const GO_500_DIVERGENCE: Divergence = diverge(
    Profile::Go,
    "HTTP 200 with isValid:false / success:false, or HTTP 500 {\"error\": \"<reason>: <message>\"} as the Go e2e facilitator answers (docs/protocol/codes.md §3.7, docs/protocol/disagreements.md #12).",
);
const GO_500: &[Divergence] = &[GO_500_DIVERGENCE];
/// Reason cases: each SDK has its own vocabulary and check order.
pub const REASON_PROFILES: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "The reason is the TypeScript SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Ts); docs/protocol/codes.md §3.3, docs/protocol/disagreements.md #30).",
    ),
    diverge(
        Profile::Go,
        "The reason is the Go SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Go); in the 500 body's error prefix; docs/protocol/codes.md §3.5, §3.7, docs/protocol/disagreements.md #30).",
    ),
    diverge(
        Profile::Py,
        "The reason is the Python SDK's spelling of the first rule it checks that fails (x402-spec Rejection::as_sdk(Py); docs/protocol/codes.md §3.6, docs/protocol/disagreements.md #30).",
    ),
];
/// The unknown-version families: the SDK facilitators throw, answering 500.
const VERSION_500: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "Refused, or HTTP 500: the TS facilitator throws on an x402Version it does not know (measured against @x402/* 2.27.0 in the interop lane; docs/protocol/codes.md §3.7).",
    ),
    diverge(
        Profile::Go,
        "Refused, or HTTP 500: the Go facilitator fails version detection (docs/protocol/codes.md §3.7).",
    ),
    diverge(
        Profile::Py,
        "Refused, or HTTP 500: the Python facilitator accepts only x402Version 1 or 2 and raises otherwise (docs/protocol/codes.md §3.7).",
    ),
];
const VERSION_IGNORED: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "Accepted (isValid:true / success:true): the TS facilitator ignores the top-level x402Version and routes on paymentPayload.x402Version (docs/protocol/wire.md §1.7, docs/protocol/disagreements.md #31).",
    ),
    diverge(
        Profile::Go,
        "Accepted: the Go facilitator ignores the top-level x402Version (docs/protocol/wire.md §1.7, docs/protocol/disagreements.md #31).",
    ),
    diverge(
        Profile::Py,
        "Accepted: the Python facilitator ignores the top-level x402Version (docs/protocol/wire.md §1.7, docs/protocol/disagreements.md #31).",
    ),
];
const VERSION_OVERRIDES: &[(Profile, Expect)] = &[
    (Profile::Ts, Expect::Valid),
    (Profile::Go, Expect::Valid),
    (Profile::Py, Expect::Valid),
];
const AFTER_NOW_TS: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "Accepted or refused: the TS facilitator simulates transferWithAuthorization against the latest block, and the token's validAfter < block.timestamp refuses it within that second (docs/protocol/evm.md §4.2, §4.7).",
    ),
    diverge(
        Profile::Py,
        "Accepted or refused: the Python facilitator simulates transferWithAuthorization with eth_call at the latest block as TS does, so within that second the token refuses it (docs/protocol/evm.md §4.2, §4.7; measured against x402 2.25.0 in the interop lane).",
    ),
];
/// `advertised-kinds/structured` under `--profile go`.
const ADVERTISED_GO: &[Divergence] = &[diverge(
    Profile::Go,
    "The Go e2e facilitator's 500 {\"error\": \"<reason>: <message>\"} with a known reason is its refusal (docs/protocol/codes.md §3.7).",
)];
const AFTER_NOW_OVERRIDES: &[(Profile, Expect)] =
    &[(Profile::Ts, Expect::Either), (Profile::Py, Expect::Either)];
/// A scheme mismatch (`accepted.scheme` is `upto` on an EIP-3009 payment): Go answers 500 as
/// for every refusal, and Python routes by `accepted.scheme`, so its upto scheme refuses the
/// non-Permit2 payload.
const SCHEME_MISMATCH_PROFILES: &[Divergence] = &[
    GO_500_DIVERGENCE,
    diverge(
        Profile::Py,
        "Refused with unsupported_payload_type: the Python facilitator picks the scheme by accepted.scheme (x402 2.25.0 facilitator_base.py _verify_v2), and its upto scheme refuses a payload that is not a Permit2 authorization (mechanisms/evm/upto/facilitator.py); measured in the interop lane.",
    ),
];
const SCHEME_MISMATCH_OVERRIDES: &[(Profile, Expect)] = &[(
    Profile::Py,
    Expect::Invalid(Reason::Rule(Check::Upto(UptoCheck::Format))),
)];

mod families;
pub use families::FAMILIES;

const PAY: Needs = Needs::FUNDED_PAYER.union(Needs::SETTLEMENT);

/// The signed-payment cases.
pub fn cases() -> Vec<Case> {
    let mut v: Vec<Case> = Vec::new();
    // Valid payments.
    for (id, title, mechanism, tags) in [
        (
            "facilitator/verify/v2-eip3009/valid/accepted",
            "POST /verify accepts a valid v2 exact EIP-3009 payment",
            VersionedMechanism::V2Eip3009,
            &[Tag::Verify, Tag::V2, Tag::Eip3009] as &'static [Tag],
        ),
        (
            "facilitator/verify/v2-permit2/valid/accepted",
            "POST /verify accepts a valid v2 exact Permit2 payment",
            VersionedMechanism::V2Permit2,
            &[Tag::Verify, Tag::V2, Tag::Permit2],
        ),
        (
            "facilitator/verify/v2-upto/valid/accepted",
            "POST /verify accepts a valid v2 upto payment",
            VersionedMechanism::V2Upto,
            &[Tag::Verify, Tag::V2, Tag::Upto],
        ),
        (
            "facilitator/verify/v1-eip3009/valid/accepted",
            "POST /verify accepts a valid v1 exact EIP-3009 payment",
            VersionedMechanism::V1Eip3009,
            &[Tag::Verify, Tag::V1, Tag::Eip3009],
        ),
    ] {
        v.push(Case {
            id,
            title,
            clause: "x402 v2 §7.1 (v1 §7.1) VerifyResponse; docs/protocol/evm.md §4.2–§4.4",
            expected: "HTTP 200 with isValid:true and payer = the signing address.",
            level: Level::Must,
            tags,
            needs: Needs::FUNDED_PAYER,
            profiles: &[],
            run: match mechanism {
                VersionedMechanism::V2Eip3009 => {
                    |ctx| Box::pin(verify_valid(ctx, VersionedMechanism::V2Eip3009))
                }
                VersionedMechanism::V2Permit2 => {
                    |ctx| Box::pin(verify_valid(ctx, VersionedMechanism::V2Permit2))
                }
                VersionedMechanism::V2Upto => {
                    |ctx| Box::pin(verify_valid(ctx, VersionedMechanism::V2Upto))
                }
                _ => |ctx| Box::pin(verify_valid(ctx, VersionedMechanism::V1Eip3009)),
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
            VersionedMechanism::V2Eip3009,
            &[Tag::Settle, Tag::V2, Tag::Eip3009] as &'static [Tag],
        ),
        (
            "facilitator/settle/v2-permit2/valid/settled",
            "POST /settle settles a verified v2 exact Permit2 payment",
            VersionedMechanism::V2Permit2,
            &[Tag::Settle, Tag::V2, Tag::Permit2],
        ),
        (
            "facilitator/settle/v2-upto/valid/settled",
            "POST /settle charges the settle-time amount of a verified upto payment",
            VersionedMechanism::V2Upto,
            &[Tag::Settle, Tag::V2, Tag::Upto],
        ),
        (
            "facilitator/settle/v1-eip3009/valid/settled",
            "POST /settle settles a verified v1 exact EIP-3009 payment",
            VersionedMechanism::V1Eip3009,
            &[Tag::Settle, Tag::V1, Tag::Eip3009],
        ),
    ] {
        v.push(Case {
            id,
            title,
            clause: "x402 v2 §7.2 SettleResponse (upto: scheme_upto_evm.md §3 amount); docs/protocol/wire.md §1.9, docs/protocol/evm.md §4.4",
            expected: "HTTP 200, success:true, a non-empty transaction, network = the requirements' network, payer = the signer (upto: amount = the settle-time requirements amount).",
            level: Level::Must,
            tags,
            needs: PAY,
            profiles: &[],
            run: match mechanism {
                VersionedMechanism::V2Eip3009 => |ctx| Box::pin(settle_valid(ctx, VersionedMechanism::V2Eip3009)),
                VersionedMechanism::V2Permit2 => |ctx| Box::pin(settle_valid(ctx, VersionedMechanism::V2Permit2)),
                VersionedMechanism::V2Upto => |ctx| Box::pin(settle_valid(ctx, VersionedMechanism::V2Upto)),
                _ => |ctx| Box::pin(settle_valid(ctx, VersionedMechanism::V1Eip3009)),
            },
        });
    }
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/replay/refused",
        title: "a settled EIP-3009 authorization is refused by /verify and /settle afterwards",
        clause: "EIP-3009 nonce single use; docs/protocol/codes.md §3.3 (invalid_exact_evm_nonce_already_used)",
        expected: "After one successful settlement, POST /verify answers 200 isValid:false and POST /settle 200 success:false.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::Verify, Tag::V2, Tag::Eip3009],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(settle_replay(ctx, VersionedMechanism::V2Eip3009)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-permit2/replay/refused",
        title: "a settled Permit2 authorization is refused by /verify and /settle afterwards",
        clause: "Permit2 unordered nonces are single use; docs/protocol/evm.md §4.3",
        expected: "After one successful settlement, POST /verify answers 200 isValid:false and POST /settle 200 success:false.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::Verify, Tag::V2, Tag::Permit2],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(settle_replay(ctx, VersionedMechanism::V2Permit2)),
    });
    v.push(Case {
        id: "facilitator/settle/v1-eip3009/replay/refused",
        title: "a settled v1 EIP-3009 authorization is refused by /verify and /settle afterwards",
        clause: "EIP-3009 nonce single use; x402 v1 §9 (a used nonce is refused); docs/protocol/codes.md §3.3 (invalid_exact_evm_nonce_already_used)",
        expected: "After one successful settlement, POST /verify answers 200 isValid:false and POST /settle 200 success:false.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::Verify, Tag::V1, Tag::Eip3009],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(settle_replay(ctx, VersionedMechanism::V1Eip3009)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/concurrent/distinct-transactions",
        title: "valid settlements sent at the same moment all settle, each in its own transaction",
        clause: "x402 v2 §7.2 (a valid payment settles; nothing in the protocol serialises the resource servers that share a facilitator, so overlapping requests are the normal case); docs/conformance.md (serial settlements)",
        expected: "Four valid EIP-3009 payments (one payer, four nonces) posted to /settle at once: every answer HTTP 200, success:true, and four distinct transactions.",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::V2, Tag::Eip3009],
        needs: PAY,
        profiles: &[],
        run: |ctx| Box::pin(settle_concurrent(ctx)),
    });
    v.push(Case {
        id: "facilitator/settle/v2-eip3009/never-verified/settled",
        title: "POST /settle settles a valid payment that was never sent to /verify",
        clause: "x402 v2 §7.2 (the settle request carries the whole payment; the facilitator verifies it); docs/protocol/codes.md §3.7 (TS e2e policy hook)",
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
        clause: "x402 upto scheme (zero amount: no on-chain transfer); docs/protocol/evm.md §4.4, docs/protocol/disagreements.md #20",
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
        clause: "x402 upto scheme invalid_upto_evm_payload_settlement_exceeds_amount; docs/protocol/evm.md §4.4",
        expected: "HTTP 200, success:false (errorReason invalid_upto_evm_payload_settlement_exceeds_amount or an alias).",
        level: Level::Must,
        tags: &[Tag::Settle, Tag::V2, Tag::Upto],
        needs: PAY,
        profiles: GO_500,
        run: |ctx| Box::pin(upto_exceeds(ctx)),
    });
    v.push(Case {
        id: "facilitator/verify/advertised-kinds/structured",
        title: "every advertised kind gets a structured /verify answer for a well-formed payment",
        clause: "x402 v2 §7.3 (a listed kind is one the facilitator verifies); x402 v2 §7.1 (/verify answers a VerifyResponse)",
        expected: "For each kind in GET /supported that the harness can sign (EVM exact v1/v2, EVM upto), POST /verify of a well-formed payment signed by the throwaway key is answered HTTP 200 with a VerifyResponse or a 4xx refusal, never a 5xx, a reset or a timeout.",
        level: Level::Must,
        tags: &[Tag::Verify, Tag::Supported],
        needs: Needs::NONE,
        profiles: ADVERTISED_GO,
        run: |ctx| Box::pin(advertised::advertised_kinds(ctx)),
    });
    v.push(Case {
        id: "facilitator/verify/v2-eip3009/read-only/unchanged",
        title: "a successful /verify moves nothing on chain, and the same payment settles afterwards",
        clause: "x402 v2 §7.1 (/verify checks a payment); x402 v2 §7.2 (executing it is /settle's); EIP-3009 authorizationState",
        expected: "eth_call before and after a successful /verify: both balances and authorizationState(from, nonce) unchanged; then POST /settle of the same payment succeeds.",
        level: Level::Must,
        tags: &[Tag::Verify, Tag::V2, Tag::Eip3009],
        needs: PAY.union(Needs::RPC_URL),
        profiles: &[],
        run: |ctx| Box::pin(verify_read_only(ctx)),
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
