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
    /// Equality of `scheme`, `network`, `amount`, `asset`, `payTo` (Go; Python before 2.25).
    FiveField,
    /// The deployed TypeScript rule (@x402/core 2.27.0 `paymentRequirementsMatchAccepted`;
    /// docs/protocol/deployed.md §4): every member but `extra` deep-equal; when the offer has
    /// `extra`, the offered `extra` is contained in `accepted.extra` (recursively: the client may
    /// add members, never drop or change one), both without the scheme's
    /// [`dynamic_extra_fields`].
    ExtraSubset,
    /// The deployed Python rule (x402 2.25.0 `_payment_requirements_match_accepted`): `scheme`,
    /// `network`, `amount`, `asset`, `payTo` and `maxTimeoutSeconds` equal; a non-empty offered
    /// `extra` contained in `accepted.extra` as in [`MatchMode::ExtraSubset`].
    SixField,
}

/// The `extra` members an offer of `scheme` on `network` refreshes on every 402, which a client
/// echoes from an earlier answer: left out of the `extra` comparison (@x402/svm 2.27.0
/// `dynamicExtraFields` of the exact and upto servers; the EVM schemes declare none).
#[must_use]
pub fn dynamic_extra_fields(scheme: &str, network: &str) -> &'static [&'static str] {
    if !network.starts_with("solana:") {
        return &[];
    }
    match scheme {
        "exact" => &["recentBlockhash", "lastValidBlockHeight"],
        "upto" => &["recentBlockhash", "lastValidBlockHeight", "recentSlot"],
        _ => &[],
    }
}

/// Whether `actual` contains `expected`: equal for non-objects; for an object, every member of
/// `expected` is present in `actual` and contains its value (@x402/core 2.27.0
/// `objectContainsSubset` without additive array fields, which requirements do not have).
#[must_use]
pub fn json_contains(expected: &serde_json::Value, actual: &serde_json::Value) -> bool {
    match (expected, actual) {
        (serde_json::Value::Object(e), serde_json::Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|x| json_contains(v, x))),
        (serde_json::Value::Object(_), _) => false,
        _ => expected == actual,
    }
}

fn without_fields(v: Option<&serde_json::Value>, fields: &[&str]) -> Option<serde_json::Value> {
    let mut v = v?.clone();
    if let serde_json::Value::Object(m) = &mut v {
        m.retain(|k, _| !fields.contains(&k.as_str()));
    }
    Some(v)
}

fn extra_contained(offered: &serde_json::Value, accepted: &serde_json::Value) -> bool {
    let scheme = offered.get("scheme").and_then(|v| v.as_str()).unwrap_or("");
    let network = offered
        .get("network")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let dynamic = dynamic_extra_fields(scheme, network);
    let Some(expected) = without_fields(offered.get("extra"), dynamic) else {
        return true;
    };
    match without_fields(accepted.get("extra"), dynamic) {
        Some(actual) => json_contains(&expected, &actual),
        None => false,
    }
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
        MatchMode::ExtraSubset => {
            let (Some(o), Some(a)) = (offered.as_object(), accepted.as_object()) else {
                return false;
            };
            let core = |m: &serde_json::Map<String, serde_json::Value>| {
                m.iter()
                    .filter(|(k, _)| k.as_str() != "extra")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<std::collections::BTreeMap<_, _>>()
            };
            core(o) == core(a) && extra_contained(offered, accepted)
        }
        MatchMode::SixField => {
            let mut six = FIVE_FIELDS
                .iter()
                .chain(std::iter::once(&"maxTimeoutSeconds"));
            let core_equal = six.all(|k| offered.get(k) == accepted.get(k));
            // Python reads an empty or absent offered extra as no constraint.
            let empty = offered
                .get("extra")
                .is_none_or(|e| e.is_null() || e.as_object().is_some_and(|m| m.is_empty()));
            core_equal && (empty || extra_contained(offered, accepted))
        }
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
