//! Extension echo and enrichment rules (@x402/core 2.27.0 `dist/cjs/server/index.js`,
//! `validateExtensions` and the accepts mutation policy of `hookPolicy.ts`).
//!
//! Two pure checks:
//! - [`check_echo`]: every extension a client echoes in its payment payload must still contain
//!   what the server advertised under `info` (a subset match), except the fields the extension
//!   declares in `dynamicInfoFields`; otherwise the payment fails with `extension_echo_mismatch`.
//! - [`check_enrichment`]: an extension that enriches a requirement may fill `payTo`, `amount`
//!   or `asset` only where the resource left it vacant (empty or whitespace); scheme, network,
//!   `maxTimeoutSeconds` and every declared `extra` key are immutable.

use serde_json::Value;

use crate::wire::JsonObject;

/// Wire code of a failed echo check.
pub const EXTENSION_ECHO_MISMATCH: &str = "extension_echo_mismatch";

/// Per-extension echo policy: which `info` fields the client may change, which array fields
/// it may extend, and which fields only the server may set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EchoPolicy {
    /// Fields the extension declares as `dynamicInfoFields`: excluded from the comparison.
    pub dynamic_info_fields: Vec<String>,
    /// Array fields the client may extend (the advertised items must remain), with a cap on
    /// the echoed length.
    pub additive_arrays: Vec<(String, usize)>,
    /// Fields that, when echoed, must equal the advertised value (and be advertised).
    pub server_owned: Vec<String>,
}

impl EchoPolicy {
    /// The built-in policy of a known extension key: `builder-code` lets the client extend
    /// `s` up to 10 entries and owns `a` (@x402/core 2.27.0 `ADDITIVE_ARRAY_INFO_FIELDS`,
    /// `SERVER_OWNED_INFO_FIELDS`); other keys compare `info` as a whole.
    #[must_use]
    pub fn builtin(key: &str) -> Self {
        if key == "builder-code" {
            Self {
                dynamic_info_fields: Vec::new(),
                additive_arrays: vec![("s".to_owned(), 10)],
                server_owned: vec!["a".to_owned()],
            }
        } else {
            Self::default()
        }
    }

    /// Adds the extension's declared `dynamicInfoFields`.
    #[must_use]
    pub fn with_dynamic_fields<I: IntoIterator<Item = S>, S: Into<String>>(mut self, f: I) -> Self {
        self.dynamic_info_fields
            .extend(f.into_iter().map(Into::into));
        self
    }
}

/// Why an echoed extension was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EchoError {
    /// The echoed `info` no longer contains what the server advertised.
    Mismatch {
        /// The extension key.
        key: String,
    },
    /// A server-owned field was echoed with a different value, or was never advertised.
    ServerOwned {
        /// The extension key.
        key: String,
        /// The field.
        field: String,
    },
}

impl std::fmt::Display for EchoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Mismatch { key } => {
                write!(
                    f,
                    "extension `{key}`: echoed info differs from the advertised info"
                )
            }
            Self::ServerOwned { key, field } => {
                write!(f, "extension `{key}`: server-owned field `{field}` changed")
            }
        }
    }
}

impl std::error::Error for EchoError {}

impl EchoError {
    /// The stable wire code (`extension_echo_mismatch` for every variant).
    #[must_use]
    pub fn wire_code(&self) -> &'static str {
        EXTENSION_ECHO_MISMATCH
    }
}

fn info_of(v: &Value) -> &Value {
    match v {
        Value::Object(o) => o.get("info").unwrap_or(v),
        _ => v,
    }
}

fn omit(v: &Value, fields: &[String]) -> Value {
    match v {
        Value::Object(o) if !fields.is_empty() => Value::Object(
            o.iter()
                .filter(|(k, _)| !fields.iter().any(|f| f == *k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => v.clone(),
    }
}

fn as_array(v: &Value) -> Option<Vec<&Value>> {
    match v {
        Value::Array(a) => Some(a.iter().collect()),
        Value::Null | Value::Object(_) => None,
        other => Some(vec![other]),
    }
}

/// Subset match: every key of `expected` is in `actual` with a matching value; arrays and
/// scalars compare equal, except additive array fields (advertised items kept, length capped).
fn contains(expected: &Value, actual: &Value, policy: &EchoPolicy, field: Option<&str>) -> bool {
    let cap = field.and_then(|f| policy.additive_arrays.iter().find(|(n, _)| n == f));
    if let Some((_, cap)) = cap
        && (expected.is_array() || actual.is_array())
    {
        return match (as_array(expected), as_array(actual)) {
            (Some(e), Some(a)) => a.len() <= *cap && e.iter().all(|x| a.contains(x)),
            _ => false,
        };
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| contains(ev, av, policy, Some(k)))),
        (Value::Object(_), _) => false,
        _ => expected == actual,
    }
}

/// Checks the extensions a client echoed against those the server advertised.
///
/// Keys the server did not advertise are not compared (only server-owned fields are checked
/// for them). `policy` gives each key's [`EchoPolicy`].
///
/// # Errors
/// [`EchoError`] for the first key (in echoed order) that fails.
pub fn check_echo(
    advertised: &JsonObject,
    echoed: &JsonObject,
    policy: impl Fn(&str) -> EchoPolicy,
) -> Result<(), EchoError> {
    for (key, echoed_value) in echoed {
        let pol = policy(key);
        let adv = advertised.get(key);
        let adv_info = adv.map_or(&Value::Null, info_of);
        let echo_info = info_of(echoed_value);
        if adv.is_some() {
            let e = omit(adv_info, &pol.dynamic_info_fields);
            let a = omit(echo_info, &pol.dynamic_info_fields);
            if !contains(&e, &a, &pol, None) {
                return Err(EchoError::Mismatch { key: key.clone() });
            }
        }
        if let Value::Object(eo) = echo_info {
            for field in &pol.server_owned {
                if let Some(v) = eo.get(field)
                    && adv_info.get(field) != Some(v)
                {
                    return Err(EchoError::ServerOwned {
                        key: key.clone(),
                        field: field.clone(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Why an extension's enrichment of the requirements was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnrichmentError {
    /// The number of requirements changed.
    Length {
        /// Before enrichment.
        before: usize,
        /// After enrichment.
        after: usize,
    },
    /// An immutable field changed (or a non-vacant `payTo`/`amount`/`asset` was overwritten).
    Immutable {
        /// Index in `accepts`.
        index: usize,
        /// The field (`extra.<key>` for extra keys).
        field: String,
    },
}

impl std::fmt::Display for EnrichmentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Length { before, after } => {
                write!(f, "accepts length changed ({before} -> {after})")
            }
            Self::Immutable { index, field } => {
                write!(
                    f,
                    "accepts[{index}].{field} may not be changed by an extension"
                )
            }
        }
    }
}

impl std::error::Error for EnrichmentError {}

fn vacant(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => s.trim().is_empty(),
        None => true,
        Some(_) => false,
    }
}

/// Checks that an extension changed the requirements only where allowed.
///
/// # Errors
/// [`EnrichmentError`] naming the first offending index and field.
pub fn check_enrichment(
    before: &[JsonObject],
    after: &[JsonObject],
) -> Result<(), EnrichmentError> {
    if before.len() != after.len() {
        return Err(EnrichmentError::Length {
            before: before.len(),
            after: after.len(),
        });
    }
    let empty = JsonObject::new();
    for (index, (b, c)) in before.iter().zip(after).enumerate() {
        let bad = |field: &str| EnrichmentError::Immutable {
            index,
            field: field.to_owned(),
        };
        for field in ["scheme", "network", "maxTimeoutSeconds"] {
            if b.get(field) != c.get(field) {
                return Err(bad(field));
            }
        }
        for field in ["payTo", "amount", "asset"] {
            if !vacant(b.get(field)) && b.get(field) != c.get(field) {
                return Err(bad(field));
            }
        }
        let be = b.get("extra").and_then(Value::as_object).unwrap_or(&empty);
        let ce = c.get("extra").and_then(Value::as_object).unwrap_or(&empty);
        for (k, v) in be {
            if ce.get(k) != Some(v) {
                return Err(bad(&format!("extra.{k}")));
            }
        }
        for k in ["paymentFlow", "assetTransferMethod"] {
            if be.contains_key(k) != ce.contains_key(k) {
                return Err(bad(&format!("extra.{k}")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
