//! The JSON report (`--report-json`), format version 1.
//!
//! Documented in `docs/conformance-report.md`; JSON Schema in
//! `conformance/schema/report.schema.json`. Key order is fixed (serde_json `preserve_order`).
//! Compatible additions (new optional keys, new tags, new transport-error kinds) keep
//! `formatVersion` 1; anything else bumps it.

use serde_json::{Map, Value, json};

use super::{Counts, RunReport, body_text, rfc3339};
use crate::http::{Exchange, Header};

/// The report format version written in `formatVersion`.
pub const FORMAT_VERSION: u64 = 1;

/// The report as a JSON value.
pub fn to_value(report: &RunReport) -> Value {
    let summary = report.summary();
    let m = &report.meta;
    let counts = |c: &Counts| {
        json!({
            "total": c.total(),
            "passed": c.passed,
            "failed": c.failed,
            "skipped": c.skipped,
            "errored": c.errored,
        })
    };
    let by_level: Map<String, Value> = summary
        .by_level
        .iter()
        .map(|(l, c)| (l.as_str().to_owned(), counts(c)))
        .collect();
    let by_tag: Map<String, Value> = summary
        .by_tag
        .iter()
        .map(|(t, c)| (t.as_str().to_owned(), counts(c)))
        .collect();
    let by_area: Map<String, Value> = summary
        .by_area
        .iter()
        .map(|(a, c)| (a.clone(), counts(c)))
        .collect();
    let cases: Vec<Value> = report
        .results
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "title": r.title,
                "clause": r.clause,
                "level": r.level,
                "tags": r.tags,
                "needs": r.needs,
                "expected": r.expected,
                "verdict": r.verdict.kind(),
                "message": r.verdict.message(),
                "profiles": crate::profile::profile_names(r.profiles),
                "failsRun": r.fails_run(m.strict),
                "durationMs": millis(r.duration),
                "exchanges": r.exchanges.iter().map(exchange).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "formatVersion": FORMAT_VERSION,
        "tool": { "name": "x402-conformance", "version": env!("CARGO_PKG_VERSION") },
        "run": {
            "role": m.role,
            "target": m.target,
            "startedAt": rfc3339(m.started_at),
            "durationMs": millis(m.duration),
            "requestTimeoutMs": millis(m.timeout),
            "concurrency": m.concurrency,
            "strict": m.strict,
            "networks": m.networks,
            "assets": m.assets,
            "rpcUrlNetworks": m.rpc_url_networks,
            "payerKeyConfigured": m.payer_key_source.is_some(),
            "payerKeySource": m.payer_key_source,
            "settlementAllowed": m.settlement_allowed,
            "maxSpend": m.max_spend,
            "spent": m.spent,
            "reserved": m.reserved,
            "filter": {
                "ids": m.filter.ids,
                "tags": m.filter.tags,
                "level": m.filter.level,
                "skip": m.filter.skip,
            },
            "profile": m.profile,
            "skewSeconds": m.skew_secs,
            "settings": m.settings.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<Map<String, Value>>(),
            "outage": m.outage,
            "expected": m.expected,
        },
        "summary": {
            "total": summary.total.total(),
            "passed": summary.total.passed,
            "failed": summary.total.failed,
            "skipped": summary.total.skipped,
            "errored": summary.total.errored,
            "byLevel": by_level,
            "byTag": by_tag,
            "byArea": by_area,
            "runFailures": summary.run_failures,
            "expectedFailures": summary.expected_failures,
            "unexpectedPasses": summary.unexpected_passes,
            "exercised": summary.exercised,
            "exitCode": summary.exit_code,
        },
        "cases": cases,
    })
}

/// The report as pretty-printed JSON text (with a trailing newline).
pub fn to_string(report: &RunReport) -> String {
    let mut s = serde_json::to_string_pretty(&to_value(report)).unwrap_or_else(|e| {
        // Serializing a `Value` built above cannot fail; keep a valid document regardless.
        format!(
            "{{\"formatVersion\":{FORMAT_VERSION},\"error\":{:?}}}",
            e.to_string()
        )
    });
    s.push('\n');
    s
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn headers(h: &[Header]) -> Value {
    Value::Array(
        h.iter()
            .map(|(n, v)| json!({ "name": n, "value": v }))
            .collect(),
    )
}

fn exchange(e: &Exchange) -> Value {
    let (req_body, req_cut) = body_text(&e.request.body);
    let request = json!({
        "method": e.request.method,
        "url": e.request.url,
        "headers": headers(&e.request.headers),
        "body": req_body,
        "bodyLength": e.request.body.len(),
        "bodyTruncated": req_cut,
    });
    let (response, error) = match &e.response {
        Ok(r) => {
            let (body, cut) = body_text(&r.body);
            (
                json!({
                    "status": r.status,
                    "headers": headers(&r.headers),
                    "body": body,
                    "bodyLength": r.body.len(),
                    "bodyTruncated": cut || r.truncated,
                    "incomplete": r.truncated,
                }),
                Value::Null,
            )
        }
        Err(t) => (Value::Null, json!({ "kind": t.kind, "message": t.message })),
    };
    json!({
        "request": request,
        "response": response,
        "error": error,
        "elapsedMs": millis(e.elapsed),
    })
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
    use crate::report::tests::sample_report;

    #[test]
    fn shape_and_values() {
        let v = to_value(&sample_report());
        assert_eq!(v["formatVersion"], 1);
        assert_eq!(v["run"]["startedAt"], "2025-02-27T16:01:29.000Z");
        assert_eq!(v["run"]["payerKeyConfigured"], true);
        assert_eq!(v["run"]["profile"], "ts");
        assert_eq!(v["run"]["skewSeconds"], 1);
        assert_eq!(v["run"]["settings"]["fuzzSeed"], "<7>");
        assert_eq!(v["cases"][0]["profiles"], json!([]));
        assert_eq!(v["summary"]["exitCode"], 1);
        assert_eq!(v["summary"]["byLevel"]["MUST"]["failed"], 1);
        let c0 = &v["cases"][0];
        assert_eq!(c0["verdict"], "failed");
        assert_eq!(c0["level"], "MUST");
        assert_eq!(c0["tags"], json!(["verify", "robustness"]));
        assert_eq!(c0["needs"], json!(["funded-payer"]));
        assert_eq!(c0["exchanges"][0]["response"]["status"], 200);
        assert_eq!(c0["exchanges"][0]["response"]["incomplete"], true);
        assert_eq!(c0["exchanges"][1]["error"]["kind"], "timeout");
        assert!(c0["exchanges"][1]["response"].is_null());
        let text = to_string(&sample_report());
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
