//! `GET /supported` cases (x402 v2 §7.3, §7.3.1; docs/protocol/wire.md §1.10).
//!
//! Levels: the shape of what *is* sent is MUST (a malformed `kinds`, `extensions` or `signers`
//! breaks the TS client's response zod and the Go client's parser). The presence of `extensions`
//! and `signers` in a v2 answer is MUST too: v2 §7.3.1 lists both as required, and a client that
//! follows it cannot read an answer without them (the TS client's defaults of `[]`/`{}` are a
//! leniency, docs/protocol/disagreements.md #35; docs/conformance.md "Levels"). A v1-only
//! facilitator, which never sent them, is skipped.

use serde_json::{Map, Value};
use x402_spec::primitives::{Network, NetworkPattern};

use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::cases::{Observed, describe, finish, response_of};
use crate::ctx::Ctx;
use crate::http::Response;

const CLAUSE_SUPPORTED: &str = "x402 v2 §7.3";
const CLAUSE_FIELDS: &str = "x402 v2 §7.3.1";

/// The `/supported` cases.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            id: "facilitator/supported/ok-json",
            title: "GET /supported answers 200 with a JSON object that has `kinds`",
            clause: CLAUSE_SUPPORTED,
            expected: "HTTP 200 within the timeout whose body is a JSON object with a `kinds` member (parsed whatever the Content-Type; the shape of `kinds` is judged by kinds-parse).",
            level: Level::Must,
            tags: &[Tag::Supported],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(ok_json(ctx)),
        },
        Case {
            id: "facilitator/supported/content-type",
            title: "GET /supported is served as application/json",
            clause: "x402 v2 §7.3; TS HTTPFacilitatorClient reads the body as JSON (core/src/http/httpFacilitatorClient.ts)",
            expected: "Content-Type: application/json (parameters such as charset allowed).",
            level: Level::Should,
            tags: &[Tag::Supported, Tag::Http],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(content_type(ctx)),
        },
        Case {
            id: "facilitator/supported/kinds-parse",
            title: "kinds is an array of well-formed AdvertisedKind objects",
            clause: "x402 v2 §7.3.1; Go client parseSupportedSuccessResponse (go/http/facilitator_client.go)",
            expected: "`kinds` is an array; each entry is an object with numeric x402Version 1 or 2, a non-empty \
                       string scheme, a non-empty string network, and `extra` absent or an object.",
            level: Level::Must,
            tags: &[Tag::Supported],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(kinds_parse(ctx)),
        },
        Case {
            id: "facilitator/supported/kinds-nonempty",
            title: "kinds advertises at least one payment kind",
            clause: CLAUSE_FIELDS,
            expected: "At least one kind; a facilitator that supports nothing cannot be selected by any resource server.",
            level: Level::Should,
            tags: &[Tag::Supported],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(kinds_nonempty(ctx)),
        },
        Case {
            id: "facilitator/supported/v2-networks-caip2",
            title: "v2 kinds name their network with a CAIP-2 chain id",
            clause: "x402 v2 §7.3.1, §11.1",
            expected: "Every kind with x402Version 2 has a network matching ^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$.",
            level: Level::Must,
            tags: &[Tag::Supported, Tag::V2],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(v2_networks_caip2(ctx)),
        },
        Case {
            id: "facilitator/supported/v1-network-names",
            title: "v1 kinds name their network with a v1 network name",
            clause: "x402 v1 network names; docs/protocol/wire.md §1.10 (v1 kinds carry names such as base-sepolia)",
            expected: "Every kind with x402Version 1 uses a lower-case network name (e.g. base-sepolia), not a CAIP-2 id.",
            level: Level::Should,
            tags: &[Tag::Supported, Tag::V1],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(v1_network_names(ctx)),
        },
        Case {
            id: "facilitator/supported/extensions-present",
            title: "a v2 facilitator lists its extensions",
            clause: "x402 v2 §7.3.1 (required); docs/protocol/disagreements.md #35 (TS client defaults it to [])",
            expected: "When any v2 kind is advertised, the body has an `extensions` member (possibly empty).",
            level: Level::Must,
            tags: &[Tag::Supported, Tag::V2, Tag::Extension],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(extensions_present(ctx)),
        },
        Case {
            id: "facilitator/supported/extensions-shape",
            title: "extensions is an array of strings",
            clause: CLAUSE_FIELDS,
            expected: "When present, `extensions` is an array whose entries are non-empty strings.",
            level: Level::Must,
            tags: &[Tag::Supported, Tag::Extension],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(extensions_shape(ctx)),
        },
        Case {
            id: "facilitator/supported/signers-present",
            title: "a v2 facilitator lists its signer addresses",
            clause: "x402 v2 §7.3.1 (required); docs/protocol/disagreements.md #35 (TS client defaults it to {})",
            expected: "When any v2 kind is advertised, the body has a `signers` member.",
            level: Level::Must,
            tags: &[Tag::Supported, Tag::V2],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(signers_present(ctx)),
        },
        Case {
            id: "facilitator/supported/signers-shape",
            title: "signers maps keys to arrays of address strings",
            clause: CLAUSE_FIELDS,
            expected: "When present, `signers` is an object whose values are arrays of non-empty strings.",
            level: Level::Must,
            tags: &[Tag::Supported],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(signers_shape(ctx)),
        },
        Case {
            id: "facilitator/supported/signers-keys",
            title: "signers is keyed by CAIP-2 patterns such as eip155:*",
            clause: "x402 v2 §7.3.1 (\"Map of CAIP-2 patterns (e.g., eip155:*)\")",
            expected: "Every `signers` key is `namespace:*` or a CAIP-2 chain id.",
            level: Level::Should,
            tags: &[Tag::Supported, Tag::V2],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(signers_keys(ctx)),
        },
        Case {
            id: "facilitator/supported/signers-cover-kinds",
            title: "every v2 kind's namespace has a signers entry",
            clause: "docs/protocol/wire.md §1.10 (signers keyed by the mechanism's CAIP family)",
            expected: "For each v2 kind `ns:ref`, `signers` has `ns:*` or `ns:ref`.",
            level: Level::Info,
            tags: &[Tag::Supported, Tag::V2],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(signers_cover_kinds(ctx)),
        },
    ]
}

/// GET /supported; requires a 200 JSON object.
async fn fetch(ctx: &Ctx) -> Result<(Response, Map<String, Value>), Verdict> {
    let ex = ctx.get("/supported").await;
    let r = response_of(&ex)?;
    if r.status != 200 {
        return Err(Verdict::failed(format!(
            "GET /supported answered HTTP {} instead of 200",
            r.status
        )));
    }
    match r.json() {
        Ok(Value::Object(map)) => Ok((r.clone(), map)),
        Ok(other) => Err(Verdict::failed(format!(
            "GET /supported returned {} instead of a JSON object",
            describe(&other)
        ))),
        Err(m) => Err(Verdict::failed(format!("GET /supported: {m}"))),
    }
}

/// Like [`fetch`] but a broken `/supported` is a skip (reported by `ok-json`), not a failure.
async fn fetch_body(ctx: &Ctx) -> Result<Map<String, Value>, Verdict> {
    match fetch(ctx).await {
        Ok((_, body)) => Ok(body),
        Err(v) => Err(Verdict::skipped(format!(
            "precondition: a 200 JSON object from GET /supported (see facilitator/supported/ok-json): {}",
            v.message()
        ))),
    }
}

fn kinds(body: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    body.get("kinds")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default()
}

fn kinds_with_version(body: &Map<String, Value>, version: u64) -> Vec<&Map<String, Value>> {
    kinds(body)
        .into_iter()
        .filter(|k| k.get("x402Version").and_then(Value::as_u64) == Some(version))
        .collect()
}

fn report_problems(problems: Vec<String>, ok: String) -> Observed {
    if problems.is_empty() {
        return Ok(ok);
    }
    const SHOWN: usize = 5;
    let more = problems.len().saturating_sub(SHOWN);
    let mut msg = problems
        .into_iter()
        .take(SHOWN)
        .collect::<Vec<_>>()
        .join("; ");
    if more > 0 {
        msg.push_str(&format!("; and {more} more"));
    }
    Err(Verdict::failed(msg))
}

async fn ok_json(ctx: Ctx) -> Verdict {
    finish(fetch(&ctx).await.and_then(|(r, body)| {
        // `{}` (or any object without `kinds`) is JSON but not a SupportedResponse: a target
        // that answers it to everything must not pass (#13 §6).
        if !body.contains_key("kinds") {
            return Err(Verdict::failed(format!(
                "HTTP 200 with a JSON object without `kinds` ({} member(s)): not a SupportedResponse",
                body.len()
            )));
        }
        Ok(format!(
            "HTTP 200, JSON object with {} member(s), {} bytes",
            body.len(),
            r.body.len()
        ))
    }))
}

async fn content_type(ctx: Ctx) -> Verdict {
    let ex = ctx.get("/supported").await;
    // Only a body that is a SupportedResponse says anything about how it is served: a 404 page or
    // an empty 200 is judged by facilitator/supported/ok-json, not here (#13 §6).
    if let Ok(r) = &ex.response {
        let is_supported = r.is_success()
            && r.json()
                .ok()
                .is_some_and(|b| b.get("kinds").is_some_and(Value::is_array));
        if !is_supported {
            return Verdict::skipped(format!(
                "not exercised: HTTP {} without a SupportedResponse body (see facilitator/supported/ok-json)",
                r.status
            ));
        }
    }
    finish(response_of(&ex).and_then(|r| match r.media_type() {
        Some(m) if crate::http::is_json_media_type(&m) => Ok(format!("Content-Type {m}")),
        Some(m) => Err(Verdict::failed(format!(
            "Content-Type is {m:?}, expected application/json"
        ))),
        None => Err(Verdict::failed(
            "no Content-Type header; expected application/json",
        )),
    }))
}

async fn kinds_parse(ctx: Ctx) -> Verdict {
    let body = match fetch(&ctx).await {
        Ok((_, b)) => b,
        Err(v) => return v,
    };
    let Some(kinds) = body.get("kinds") else {
        return Verdict::failed("the body has no `kinds` member");
    };
    let Some(list) = kinds.as_array() else {
        return Verdict::failed(format!("`kinds` is {}, expected an array", describe(kinds)));
    };
    let mut problems = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let Some(obj) = k.as_object() else {
            problems.push(format!("kinds[{i}] is {}, expected an object", describe(k)));
            continue;
        };
        match obj.get("x402Version") {
            Some(Value::Number(n)) if n.as_u64() == Some(1) || n.as_u64() == Some(2) => {}
            Some(v) => problems.push(format!(
                "kinds[{i}].x402Version is {}, expected the number 1 or 2",
                describe(v)
            )),
            None => problems.push(format!("kinds[{i}] has no x402Version")),
        }
        for field in ["scheme", "network"] {
            match obj.get(field) {
                Some(Value::String(s)) if !s.is_empty() => {}
                Some(v) => problems.push(format!(
                    "kinds[{i}].{field} is {}, expected a non-empty string",
                    describe(v)
                )),
                None => problems.push(format!("kinds[{i}] has no {field}")),
            }
        }
        match obj.get("extra") {
            None | Some(Value::Object(_)) | Some(Value::Null) => {}
            Some(v) => problems.push(format!(
                "kinds[{i}].extra is {}, expected an object",
                describe(v)
            )),
        }
    }
    finish(report_problems(
        problems,
        format!("{} well-formed kind(s)", list.len()),
    ))
}

async fn kinds_nonempty(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    match body.get("kinds").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => Verdict::passed(format!("{} kind(s)", a.len())),
        Some(_) => Verdict::failed("`kinds` is empty"),
        None => Verdict::skipped(
            "precondition: `kinds` is an array (see facilitator/supported/kinds-parse)",
        ),
    }
}

async fn v2_networks_caip2(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let v2 = kinds_with_version(&body, 2);
    if v2.is_empty() {
        return Verdict::skipped("no x402Version 2 kind advertised");
    }
    let problems = v2
        .iter()
        .filter_map(|k| k.get("network").and_then(Value::as_str))
        .filter(|n| Network::parse(n).is_err())
        .map(|n| {
            format!(
                "v2 network {} is not a CAIP-2 chain id",
                crate::http::preview(n.as_bytes(), 60)
            )
        })
        .collect();
    finish(report_problems(
        problems,
        format!("{} v2 kind(s), all CAIP-2", v2.len()),
    ))
}

fn is_v1_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !n.starts_with('-')
}

async fn v1_network_names(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let v1 = kinds_with_version(&body, 1);
    if v1.is_empty() {
        return Verdict::skipped("no x402Version 1 kind advertised");
    }
    let problems = v1
        .iter()
        .filter_map(|k| k.get("network").and_then(Value::as_str))
        .filter(|n| !is_v1_name(n))
        .map(|n| {
            format!(
                "v1 network {} is not a v1 network name",
                crate::http::preview(n.as_bytes(), 60)
            )
        })
        .collect();
    finish(report_problems(
        problems,
        format!("{} v1 kind(s), all named", v1.len()),
    ))
}

async fn member_present(ctx: Ctx, member: &str) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    if kinds_with_version(&body, 2).is_empty() {
        return Verdict::skipped(format!(
            "no x402Version 2 kind advertised; a v1-only facilitator may omit `{member}`"
        ));
    }
    if body.contains_key(member) {
        Verdict::passed(format!("`{member}` present"))
    } else {
        Verdict::failed(format!(
            "v2 kinds are advertised but the body has no `{member}` member"
        ))
    }
}

async fn extensions_present(ctx: Ctx) -> Verdict {
    member_present(ctx, "extensions").await
}

async fn signers_present(ctx: Ctx) -> Verdict {
    member_present(ctx, "signers").await
}

async fn extensions_shape(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let Some(ext) = body.get("extensions") else {
        return Verdict::skipped(
            "no `extensions` member (see facilitator/supported/extensions-present)",
        );
    };
    let Some(list) = ext.as_array() else {
        return Verdict::failed(format!(
            "`extensions` is {}, expected an array of strings",
            describe(ext)
        ));
    };
    let problems = list
        .iter()
        .enumerate()
        .filter(|(_, v)| !matches!(v, Value::String(s) if !s.is_empty()))
        .map(|(i, v)| {
            format!(
                "extensions[{i}] is {}, expected a non-empty string",
                describe(v)
            )
        })
        .collect();
    finish(report_problems(
        problems,
        format!("{} extension name(s)", list.len()),
    ))
}

async fn signers_shape(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let Some(signers) = body.get("signers") else {
        return Verdict::skipped("no `signers` member (see facilitator/supported/signers-present)");
    };
    let Some(map) = signers.as_object() else {
        return Verdict::failed(format!(
            "`signers` is {}, expected an object",
            describe(signers)
        ));
    };
    let mut problems = Vec::new();
    for (key, v) in map {
        match v.as_array() {
            None => problems.push(format!(
                "signers[{key:?}] is {}, expected an array of strings",
                describe(v)
            )),
            Some(list) => {
                for (i, a) in list.iter().enumerate() {
                    if !matches!(a, Value::String(s) if !s.is_empty()) {
                        problems.push(format!(
                            "signers[{key:?}][{i}] is {}, expected a non-empty string",
                            describe(a)
                        ));
                    }
                }
            }
        }
    }
    finish(report_problems(
        problems,
        format!("{} signer group(s)", map.len()),
    ))
}

/// A `signers` key is a CAIP-2 id or a `<namespace>:*` pattern (x402-spec's grammar).
fn is_signer_key(k: &str) -> bool {
    NetworkPattern::parse(k).is_ok()
}

async fn signers_keys(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let Some(map) = body.get("signers").and_then(Value::as_object) else {
        return Verdict::skipped("no `signers` object (see facilitator/supported/signers-shape)");
    };
    let problems = map
        .keys()
        .filter(|k| !is_signer_key(k))
        .map(|k| {
            format!(
                "signers key {} is not `namespace:*` or a CAIP-2 id",
                crate::http::preview(k.as_bytes(), 60)
            )
        })
        .collect();
    finish(report_problems(
        problems,
        format!("{} key(s), all CAIP-2 patterns", map.len()),
    ))
}

async fn signers_cover_kinds(ctx: Ctx) -> Verdict {
    let body = match fetch_body(&ctx).await {
        Ok(b) => b,
        Err(v) => return v,
    };
    let v2 = kinds_with_version(&body, 2);
    if v2.is_empty() {
        return Verdict::skipped("no x402Version 2 kind advertised");
    }
    let Some(map) = body.get("signers").and_then(Value::as_object) else {
        return Verdict::skipped("no `signers` object");
    };
    let mut missing: Vec<String> = v2
        .iter()
        .filter_map(|k| k.get("network").and_then(Value::as_str))
        .filter(|n| {
            let wildcard = n
                .split_once(':')
                .map(|(ns, _)| format!("{ns}:*"))
                .unwrap_or_default();
            !map.contains_key(*n) && !map.contains_key(&wildcard)
        })
        .map(str::to_owned)
        .collect();
    missing.sort();
    missing.dedup();
    if missing.is_empty() {
        Verdict::passed(format!("all {} v2 kind(s) have a signers entry", v2.len()))
    } else {
        Verdict::failed(format!(
            "no signers entry for network(s): {}",
            missing.join(", ")
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

    #[test]
    fn signer_keys_and_v1_names() {
        assert!(is_signer_key("eip155:*"));
        assert!(is_signer_key("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"));
        assert!(!is_signer_key("eip155"));
        assert!(!is_signer_key("EVM:*"));
        assert!(is_v1_name("base-sepolia"));
        assert!(!is_v1_name("eip155:84532"));
        assert!(!is_v1_name(""));
    }

    #[test]
    fn problems_are_capped() {
        let p: Vec<String> = (0..8).map(|i| format!("p{i}")).collect();
        let v = report_problems(p, String::new()).unwrap_err();
        assert_eq!(v.message(), "p0; p1; p2; p3; p4; and 3 more");
    }
}
