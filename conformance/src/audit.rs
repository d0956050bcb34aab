//! `x402-conformance audit URL…`: what a directory crawler checks, for many services at once,
//! without paying (issue #18).
//!
//! For each URL the harness runs the server role's unpaid cases ([`audit_cases`]: the 402 and its
//! `PAYMENT-REQUIRED` document, sensible offers, EIP-55 spelling, caching headers, payment flows,
//! the bazaar extension, CORS exposure), and reports one row per URL. The URLs come from the
//! command line or from a facilitator's catalogue (`GET /discovery/resources`, parsed with
//! x402-spec's `DiscoveryResponse`). Being polite is part of the design: the URLs of one host are
//! audited one after the other, with a pause between requests, and only `--concurrency` hosts at
//! a time; every request is bounded by the timeout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use x402_spec::facilitator::DiscoveryResponse;

use crate::case::{Case, VerdictKind};
use crate::ctx::{Ctx, RunConfig};
use crate::http::HttpClient;
use crate::profile::Profile;
use crate::report::html::escape_html;
use crate::report::junit::escape_xml;
use crate::runner::{CaseResult, run_cases};

/// How an audit runs.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Deadline of one request.
    pub timeout: Duration,
    /// Hosts audited at the same time.
    pub concurrency: usize,
    /// Pause between two requests to the same host.
    pub delay: Duration,
    /// Profile the cases are judged under.
    pub profile: Profile,
    /// Whether SHOULD failures count against a URL.
    pub strict: bool,
}

/// The audit of one URL.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// The URL audited.
    pub url: String,
    /// Why nothing could be checked (the URL is invalid or the host does not accept connections).
    pub error: Option<String>,
    /// Per-case results, in catalogue order.
    pub results: Vec<CaseResult>,
}

impl AuditRow {
    /// Number of results of `kind`.
    pub fn count(&self, kind: VerdictKind) -> usize {
        self.results
            .iter()
            .filter(|r| r.verdict.kind() == kind)
            .count()
    }

    /// The results that make this URL fail (MUST, or SHOULD with `strict`).
    pub fn failing(&self, strict: bool) -> Vec<&CaseResult> {
        self.results
            .iter()
            .filter(|r| r.fails_run(strict))
            .collect()
    }

    /// Whether the URL passed: reachable, and no failing result.
    pub fn ok(&self, strict: bool) -> bool {
        self.error.is_none() && self.failing(strict).is_empty()
    }
}

/// The cases an audit runs: the server role's cases that need nothing and never pay.
pub fn audit_cases() -> Vec<Case> {
    crate::cases::server_catalogue()
        .into_iter()
        .filter(|c| {
            c.needs.is_empty()
                && (c.id.starts_with("server/unpaid/") || c.id.starts_with("server/cors/"))
        })
        .collect()
}

/// The `http` resources a facilitator lists at `GET {base}/discovery/resources?limit=N`.
///
/// # Errors
/// The facilitator cannot be reached, answers another status, or its answer does not parse.
pub async fn discover(base: &str, timeout: Duration, limit: usize) -> Result<Vec<String>, String> {
    let client =
        HttpClient::new(base, timeout, crate::http::DEFAULT_BODY_CAP).map_err(|e| e.to_string())?;
    let ex = client
        .get(&format!("/discovery/resources?limit={limit}"))
        .await;
    let r = ex
        .response
        .map_err(|e| format!("GET /discovery/resources: {e}"))?;
    if r.status != 200 {
        return Err(format!(
            "GET /discovery/resources answered HTTP {}",
            r.status
        ));
    }
    let list = DiscoveryResponse::from_json(&r.body)
        .map_err(|e| format!("GET /discovery/resources: {e}"))?;
    Ok(list
        .items
        .iter()
        .filter(|i| i.kind.as_str() == "http")
        .map(|i| i.resource.as_str().to_owned())
        .take(limit)
        .collect())
}

/// `scheme://authority` of a URL (the politeness unit), or the URL itself.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let scheme = url.split_once("://").map_or("", |(s, _)| s);
    format!("{scheme}://{}", authority.to_ascii_lowercase())
}

async fn audit_one(url: String, cases: Arc<Vec<Case>>, opts: AuditOptions) -> AuditRow {
    let row = |error: Option<String>, results: Vec<CaseResult>| AuditRow {
        url: url.clone(),
        error,
        results,
    };
    if crate::cli::validate_url(&url).is_err() {
        return row(Some("not an http(s) URL".to_owned()), Vec::new());
    }
    let mut config = RunConfig::new(&url);
    config.timeout = opts.timeout;
    config.concurrency = 1;
    config.profile = opts.profile;
    config.strict = opts.strict;
    let client = match HttpClient::new(&url, opts.timeout, config.body_cap) {
        Ok(c) => c,
        Err(e) => return row(Some(e.to_string()), Vec::new()),
    };
    if let Err(e) = client.probe_tcp().await {
        return row(Some(format!("unreachable: {e}")), Vec::new());
    }
    let root = Ctx::new(config, client, None);
    let mut results = Vec::with_capacity(cases.len());
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(opts.delay).await;
        }
        results.extend(run_cases(&root, &[case], &mut |_, _, _| {}).await);
    }
    row(None, results)
}

/// Audits every URL (in the order given), calling `on_row` as each finishes.
pub async fn audit(
    urls: &[String],
    opts: &AuditOptions,
    on_row: &mut (dyn FnMut(&AuditRow) + Send),
) -> Vec<AuditRow> {
    let cases = Arc::new(audit_cases());
    let mut by_host: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (i, u) in urls.iter().enumerate() {
        by_host.entry(host_of(u)).or_default().push((i, u.clone()));
    }
    let permits = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let mut set: JoinSet<Vec<(usize, AuditRow)>> = JoinSet::new();
    for (_, list) in by_host {
        let (permits, cases, opts) = (Arc::clone(&permits), Arc::clone(&cases), opts.clone());
        set.spawn(async move {
            let _permit = permits.acquire_owned().await.ok();
            let mut rows = Vec::with_capacity(list.len());
            for (n, (i, url)) in list.into_iter().enumerate() {
                if n > 0 {
                    tokio::time::sleep(opts.delay).await;
                }
                rows.push((i, audit_one(url, Arc::clone(&cases), opts.clone()).await));
            }
            rows
        });
    }
    let mut slots: Vec<Option<AuditRow>> = vec![None; urls.len()];
    while let Some(done) = set.join_next().await {
        for (i, row) in done.unwrap_or_default() {
            on_row(&row);
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(row);
            }
        }
    }
    slots
        .into_iter()
        .zip(urls)
        .map(|(r, u)| {
            r.unwrap_or_else(|| AuditRow {
                url: u.clone(),
                error: Some("the audit task did not finish".to_owned()),
                results: Vec::new(),
            })
        })
        .collect()
}

fn status_word(row: &AuditRow, strict: bool) -> &'static str {
    if row.error.is_some() {
        "unreachable"
    } else if row.ok(strict) {
        "ok"
    } else {
        "failing"
    }
}

/// The terminal table: one line per URL, then the failing case ids under it.
pub fn table(rows: &[AuditRow], strict: bool) -> String {
    let width = rows.iter().map(|r| r.url.len()).max().unwrap_or(3).max(3);
    let mut s = format!(
        "{:<width$}  {:<11} {:>6} {:>6} {:>7} {:>7}\n",
        "url", "status", "passed", "failed", "skipped", "errored"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<width$}  {:<11} {:>6} {:>6} {:>7} {:>7}",
            r.url,
            status_word(r, strict),
            r.count(VerdictKind::Passed),
            r.count(VerdictKind::Failed),
            r.count(VerdictKind::Skipped),
            r.count(VerdictKind::Errored),
        );
        if let Some(e) = &r.error {
            let _ = writeln!(s, "    {e}");
        }
        for f in r
            .results
            .iter()
            .filter(|f| matches!(f.verdict.kind(), VerdictKind::Failed | VerdictKind::Errored))
        {
            let _ = writeln!(
                s,
                "    {} [{}]: {}",
                f.id,
                f.level,
                f.verdict.message().replace('\n', " ")
            );
        }
    }
    s
}

/// The JSON report: `{ "audit": { version, profile, strict }, "rows": [ { url, status, error,
/// counts, cases: [ { id, level, verdict, message } ] } ] }`.
pub fn to_json(rows: &[AuditRow], opts: &AuditOptions) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "url": r.url,
                "status": status_word(r, opts.strict),
                "error": r.error,
                "counts": {
                    "passed": r.count(VerdictKind::Passed),
                    "failed": r.count(VerdictKind::Failed),
                    "skipped": r.count(VerdictKind::Skipped),
                    "errored": r.count(VerdictKind::Errored),
                },
                "cases": r.results.iter().map(|c| json!({
                    "id": c.id,
                    "level": c.level.to_string(),
                    "verdict": c.verdict.kind().to_string(),
                    "message": c.verdict.message(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "audit": {
            "version": env!("CARGO_PKG_VERSION"),
            "profile": opts.profile.to_string(),
            "strict": opts.strict,
        },
        "rows": rows,
    })
}

/// JUnit XML: one `<testsuite>` per URL, one `<testcase>` per case (an unreachable URL is one
/// errored test case).
pub fn to_junit(rows: &[AuditRow], strict: bool) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"x402-conformance audit\">\n",
    );
    for r in rows {
        let failures = r.failing(strict).len();
        let errors = usize::from(r.error.is_some());
        let tests = r.results.len().max(errors);
        let _ = writeln!(
            s,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">",
            escape_xml(&r.url)
        );
        if let Some(e) = &r.error {
            let _ = writeln!(
                s,
                "    <testcase name=\"reachable\" classname=\"audit\"><error message=\"{}\"/></testcase>",
                escape_xml(e)
            );
        }
        for c in &r.results {
            let _ = write!(
                s,
                "    <testcase name=\"{}\" classname=\"{}\">",
                escape_xml(c.id),
                escape_xml(&r.url)
            );
            match c.verdict.kind() {
                VerdictKind::Skipped => {
                    let _ = write!(
                        s,
                        "<skipped message=\"{}\"/>",
                        escape_xml(c.verdict.message())
                    );
                }
                VerdictKind::Failed | VerdictKind::Errored if c.fails_run(strict) => {
                    let _ = write!(
                        s,
                        "<failure message=\"[{}] {}\"/>",
                        c.level,
                        escape_xml(c.verdict.message())
                    );
                }
                VerdictKind::Failed | VerdictKind::Errored => {
                    let _ = write!(
                        s,
                        "<system-out>[{}] {}</system-out>",
                        c.level,
                        escape_xml(c.verdict.message())
                    );
                }
                _ => {}
            }
            s.push_str("</testcase>\n");
        }
        s.push_str("  </testsuite>\n");
    }
    s.push_str("</testsuites>\n");
    s
}

/// A self-contained HTML page: the table of URLs, each failing case under its URL.
pub fn to_html(rows: &[AuditRow], strict: bool) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>x402 audit</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.ok{color:#060}.failing,.unreachable{color:#a00}</style></head><body>\n<h1>x402-conformance audit</h1>\n<table><tr><th>URL</th><th>status</th><th>passed</th><th>failed</th><th>skipped</th><th>errored</th><th>failing cases</th></tr>\n",
    );
    for r in rows {
        let word = status_word(r, strict);
        let mut failing = String::new();
        if let Some(e) = &r.error {
            failing.push_str(&escape_html(e));
        }
        for f in r
            .results
            .iter()
            .filter(|f| matches!(f.verdict.kind(), VerdictKind::Failed | VerdictKind::Errored))
        {
            let _ = write!(
                failing,
                "<div><code>{}</code> [{}]: {}</div>",
                escape_html(f.id),
                f.level,
                escape_html(f.verdict.message())
            );
        }
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"{word}\">{word}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{failing}</td></tr>",
            escape_html(&r.url),
            r.count(VerdictKind::Passed),
            r.count(VerdictKind::Failed),
            r.count(VerdictKind::Skipped),
            r.count(VerdictKind::Errored),
        );
    }
    s.push_str("</table>\n</body></html>\n");
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn hosts_group_by_scheme_and_authority() {
        assert_eq!(host_of("http://A.example:80/x?y"), "http://a.example:80");
        assert_eq!(host_of("https://a.example/p"), "https://a.example");
        assert_eq!(host_of("https://a.example"), "https://a.example");
    }

    #[test]
    fn audit_cases_never_pay() {
        let cases = audit_cases();
        assert!(cases.len() >= 7);
        assert!(cases.iter().all(|c| c.needs.is_empty()));
        assert!(cases.iter().any(|c| c.id == "server/unpaid/bazaar-valid"));
        assert!(!cases.iter().any(|c| c.id.starts_with("server/paid/")));
    }
}
