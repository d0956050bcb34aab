//! Requirement matching for resource servers: which offered requirement does a payment pay?
//!
//! TS servers deep-compare `accepted` with every offered requirement (all fields, `extra` and
//! `maxTimeoutSeconds` included, key order ignored); Go and Python compare only `scheme`,
//! `network`, `amount`, `asset` and `payTo` (docs/protocol/transport.md §2.4, docs/protocol/disagreements.md #26). Both are offered here.
//! v1 payloads carry no `accepted`: they match on `scheme` and `network`, as TS v1 does.

use crate::v2::PaymentRequirements;
use crate::wire::Echoed;
use crate::{v1, v2};

/// How to compare `accepted` with an offered requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum MatchMode {
    /// JSON deep equality of the whole object (TS `deepEqual`). Default: it is what the
    /// strictest reference server does, so a client that passes it passes all of them.
    #[default]
    DeepEqual,
    /// Equality of `scheme`, `network`, `amount`, `asset`, `payTo` (Go, Python).
    FiveField,
}

/// The index of the first offered requirement the v2 payment matches.
#[must_use]
pub fn find_match(
    offered: &[Echoed<PaymentRequirements>],
    payment: &v2::PaymentPayload,
    mode: MatchMode,
) -> Option<usize> {
    offered
        .iter()
        .position(|o| matches(o, &payment.accepted, mode))
}

/// Whether `accepted` matches `offered` under `mode`.
#[must_use]
pub fn matches(
    offered: &Echoed<PaymentRequirements>,
    accepted: &Echoed<PaymentRequirements>,
    mode: MatchMode,
) -> bool {
    // Compare the JSON as sent, not the normalised typed values: the reference servers compare
    // what they received, so an address spelled in lowercase does not match an EIP-55 offer.
    let a: Result<serde_json::Value, _> = serde_json::from_str(offered.raw_json());
    let b: Result<serde_json::Value, _> = serde_json::from_str(accepted.raw_json());
    let (Ok(a), Ok(b)) = (a, b) else { return false };
    matches_json(&a, &b, mode)
}

/// The fields [`MatchMode::FiveField`] compares.
pub const FIVE_FIELDS: [&str; 5] = ["scheme", "network", "amount", "asset", "payTo"];

/// Whether the JSON `accepted` matches the JSON `offered` under `mode` (for callers that hold
/// the documents as JSON values, such as a harness judging a client).
#[must_use]
pub fn matches_json(
    offered: &serde_json::Value,
    accepted: &serde_json::Value,
    mode: MatchMode,
) -> bool {
    match mode {
        MatchMode::DeepEqual => offered == accepted,
        MatchMode::FiveField => FIVE_FIELDS
            .iter()
            .all(|k| offered.get(k) == accepted.get(k)),
    }
}

/// The index of the first offered v1 requirement with the payment's scheme and network.
#[must_use]
pub fn find_match_v1(
    offered: &[Echoed<v1::PaymentRequirements>],
    payment: &v1::PaymentPayload,
) -> Option<usize> {
    offered
        .iter()
        .position(|o| o.scheme == payment.scheme && o.network == payment.network)
}
