//! One module per vector file. Each builds its file from case lists and computes every
//! outcome with x402-spec through its `outcome` function, which the runner calls again on the
//! checked-in inputs.

use serde_json::Value;

use crate::VectorError;
use crate::format::Outcome;

pub(crate) mod eip712;
pub(crate) mod headers;
pub(crate) mod matching;
pub(crate) mod primitives;
pub(crate) mod settlement;
pub(crate) mod svm;
pub(crate) mod verify;
pub(crate) mod wire;

/// Recomputes the outcome of `test` (inputs and flags only are read) in `group` of `topic`.
pub(crate) fn outcome(topic: &str, group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    match topic {
        "headers" => headers::outcome(group, test),
        "primitives" => primitives::outcome(group, test),
        "wire" => wire::outcome(group, test),
        "eip712" => eip712::outcome(group, test),
        "verify" => verify::outcome(group, test),
        "matching" => matching::outcome(group, test),
        "settlement" => settlement::outcome(group, test),
        "svm" => svm::outcome(group, test),
        other => Err(VectorError::Input(format!("unknown topic {other}"))),
    }
}

/// The outcome fields of a topic (everything the outcome function may write).
pub(crate) fn outcome_keys(topic: &str) -> &'static [&'static str] {
    match topic {
        "headers" => headers::OUTCOME_KEYS,
        "primitives" => primitives::OUTCOME_KEYS,
        "wire" => wire::OUTCOME_KEYS,
        "eip712" => eip712::OUTCOME_KEYS,
        "verify" => verify::OUTCOME_KEYS,
        "matching" => matching::OUTCOME_KEYS,
        "settlement" => settlement::OUTCOME_KEYS,
        "svm" => svm::OUTCOME_KEYS,
        _ => &[],
    }
}

/// Recomputes the group-level computed fields (only `eip712` has some).
pub(crate) fn group_fields(
    topic: &str,
    group: &Value,
) -> Result<Vec<(&'static str, Value)>, VectorError> {
    match topic {
        "eip712" => eip712::group_fields(group),
        _ => Ok(Vec::new()),
    }
}
