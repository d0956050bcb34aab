//! The case catalogue, one folder per role and one file per area, so that an id leads to its
//! file: `facilitator/…` in [`facilitator`], `server/…` in [`server`], `client/…` in [`client`].
//! Every id is written out verbatim (a test checks it), so `grep -rn '"<id>"'` finds its row.
//!
//! Case bodies are plain `async fn(Ctx) -> Verdict` functions, registered with
//! `run: |ctx| Box::pin(body(ctx))`. Ids are stable: never rename or reuse one for a different
//! check; retire it instead.

pub mod client;
pub mod facilitator;
pub mod server;

use serde_json::Value;

use crate::case::{Case, Verdict};
use crate::http::{Exchange, Response};

/// The facilitator cases, in catalogue order.
pub fn catalogue() -> Vec<Case> {
    facilitator::cases()
}

/// The resource-server cases (`x402-conformance server`).
pub fn server_catalogue() -> Vec<Case> {
    server::cases()
}

/// The client cases (`x402-conformance client`).
pub fn client_catalogue() -> Vec<Case> {
    client::cases()
}

/// The catalogue of one role (`facilitator`, `server`, `client`).
pub fn role_catalogue(role: &str) -> Vec<Case> {
    match role {
        "server" => server_catalogue(),
        "client" => client_catalogue(),
        _ => catalogue(),
    }
}

/// Every case of every role: facilitator, then server, then client.
pub fn all_cases() -> Vec<Case> {
    let mut all = catalogue();
    all.extend(server_catalogue());
    all.extend(client_catalogue());
    all
}

/// The outcome of one step of a case: `Ok(observation)` passes, `Err(verdict)` ends the case.
/// (Not to be confused with `x402_spec::verify::Check`, a verification rule.)
pub type Observed = Result<String, Verdict>;

/// Turns an [`Observed`] into a verdict.
pub fn finish(check: Observed) -> Verdict {
    match check {
        Ok(observed) => Verdict::passed(observed),
        Err(v) => v,
    }
}

/// The response of an exchange, or a failed verdict naming the transport problem.
pub fn response_of(ex: &Exchange) -> Result<&Response, Verdict> {
    ex.response.as_ref().map_err(|e| {
        Verdict::failed(format!(
            "no HTTP response from {} {}: {e}",
            ex.request.method, ex.request.url
        ))
    })
}

/// A short description of a JSON value's type and value, for messages.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", crate::http::preview(s.as_bytes(), 40)),
        Value::Array(a) => format!("an array of {} element(s)", a.len()),
        Value::Object(_) => "an object".to_owned(),
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
    use crate::case::{Level, glob_match};
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_hierarchical_and_documented() {
        for role in ["facilitator", "server", "client"] {
            assert!(
                role_catalogue(role).iter().all(|c| c.role() == role),
                "{role}"
            );
        }
        let cases = all_cases();
        let mut seen = BTreeSet::new();
        for c in &cases {
            assert!(seen.insert(c.id), "duplicate case id {}", c.id);
            assert!(
                ["facilitator", "server", "client"].contains(&c.role()),
                "{}",
                c.id
            );
            let mut profiles = BTreeSet::new();
            for d in c.profiles {
                assert!(
                    profiles.insert(d.profile),
                    "{} lists {} twice",
                    c.id,
                    d.profile
                );
                assert!(d.profile != crate::profile::Profile::Strict, "{}", c.id);
                assert!(!d.expected.is_empty(), "{}", c.id);
            }
            assert!(
                c.id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'/'),
                "id {} must be lower-case kebab segments",
                c.id
            );
            assert!(c.id.split('/').count() >= 3, "{}", c.id);
            assert!(!c.title.is_empty() && !c.title.contains('\n'), "{}", c.id);
            assert!(!c.clause.is_empty() && !c.expected.is_empty(), "{}", c.id);
            assert!(!c.tags.is_empty(), "{} has no tags", c.id);
        }
        assert!(cases.len() >= 40, "catalogue has {} cases", cases.len());
        assert!(server_catalogue().len() >= 15 && client_catalogue().len() >= 10);
        assert!(cases.iter().any(|c| c.level == Level::Info));
        assert!(
            cases
                .iter()
                .any(|c| glob_match("facilitator/verify/*/rejected", c.id))
        );
    }

    #[test]
    fn describe_values() {
        assert_eq!(describe(&serde_json::json!("2")), "the string \"2\"");
        assert_eq!(
            describe(&serde_json::json!([1])),
            "an array of 1 element(s)"
        );
    }
}
