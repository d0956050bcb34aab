//! The self-contained HTML report (`--report-html PATH`): one file, inline CSS and an inline SVG
//! chart, no JavaScript, no external resource. Per case: verdict, level, clause, what was expected,
//! the message, and every request and response (or transport error).
//!
//! IUT responses are hostile input: every string that reaches the page goes through
//! [`escape_html`], and a `Content-Security-Policy` meta tag forbids scripts and remote loads even
//! if something slipped through.

use std::fmt::Write as _;

use super::{Counts, RunReport, body_text, rfc3339};
use crate::case::VerdictKind;
use crate::http::{Exchange, Header, fmt_duration};
use crate::runner::CaseResult;

/// Escapes text for HTML element content and quoted attribute values. C0 controls other than
/// tab/newline/carriage return become U+FFFD.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}\
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}th:first-child,td:first-child{text-align:left}\
details{border:1px solid #ddd;border-radius:4px;margin:.3em 0;padding:.3em .6em}\
summary{cursor:pointer}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em;white-space:pre-wrap;word-break:break-all}\
.b{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;color:#fff;font-weight:bold;margin-right:.5em}\
.passed{background:#2a7d2a}.failed{background:#c62828}.warn{background:#c77700}.skipped{background:#888}.errored{background:#7b1fa2}\
table.meta td{text-align:left}.lvl{font-family:monospace;margin-right:.5em}.id{font-family:monospace}dt{font-weight:bold}dd{margin:0 0 .4em 1em}";

/// The report as one self-contained HTML document.
pub fn to_string(report: &RunReport) -> String {
    let s = report.summary();
    let m = &report.meta;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
    );
    let _ = write!(
        out,
        "<title>x402 conformance: {}</title><style>{CSS}</style></head><body>",
        escape_html(&m.target)
    );
    let (verdict, class) = match s.exit_code {
        0 => ("CONFORMANT", "passed"),
        1 => ("NOT CONFORMANT", "failed"),
        _ => ("NOT EXERCISED", "skipped"),
    };
    let _ = write!(
        out,
        "<h1>x402 conformance report — {}</h1><p><span class=\"b {class}\">{verdict}</span> {} run-failing case(s); exit code {}.</p>",
        escape_html(&m.role),
        s.run_failures,
        s.exit_code
    );
    if let Some(outage) = &m.outage {
        let _ = write!(
            out,
            "<p><span class=\"b failed\">TARGET STOPPED ANSWERING</span> {}</p>",
            escape_html(outage)
        );
    }
    out.push_str("<table class=\"meta\"><tbody>");
    let meta_rows = [
        ("target", m.target.clone()),
        ("started", rfc3339(m.started_at)),
        ("duration", fmt_duration(m.duration)),
        ("request timeout", fmt_duration(m.timeout)),
        ("concurrency", m.concurrency.to_string()),
        ("strict", m.strict.to_string()),
        (
            "profile",
            format!("{} ({})", m.profile, m.profile.description()),
        ),
        ("skew", format!("{} s", m.skew_secs)),
        (
            "networks",
            if m.networks.is_empty() {
                "from /supported".to_owned()
            } else {
                m.networks.join(", ")
            },
        ),
        (
            "payer key",
            m.payer_key_source
                .clone()
                .unwrap_or_else(|| "not configured".to_owned()),
        ),
        (
            "settlement",
            format!(
                "allowed: {}, max spend {}, settled {} (reserved {})",
                m.settlement_allowed, m.max_spend, m.spent, m.reserved
            ),
        ),
        (
            "tool",
            concat!("x402-conformance ", env!("CARGO_PKG_VERSION")).to_owned(),
        ),
    ];
    let settings: Vec<(&str, String)> = m
        .settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    for (k, v) in meta_rows.into_iter().chain(settings) {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape_html(k),
            escape_html(&v)
        );
    }
    out.push_str("</tbody></table>");

    out.push_str("<h2>Summary</h2><table><thead><tr><th></th><th>total</th><th>passed</th><th>failed</th><th>skipped</th><th>errored</th></tr></thead><tbody>");
    summary_row(&mut out, "all cases", &s.total);
    for (l, c) in &s.by_level {
        summary_row(&mut out, l.as_str(), c);
    }
    for (t, c) in &s.by_tag {
        summary_row(&mut out, &format!("tag {t}"), c);
    }
    out.push_str("</tbody></table>");

    out.push_str("<h2>Pass/fail by area</h2>");
    out.push_str(&chart(&s.by_area));

    out.push_str("<h2>Cases</h2>");
    for r in &report.results {
        case_section(&mut out, r, m.strict);
    }
    out.push_str("</body></html>\n");
    out
}

fn summary_row(out: &mut String, name: &str, c: &Counts) {
    let _ = write!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        escape_html(name),
        c.total(),
        c.passed,
        c.failed,
        c.skipped,
        c.errored
    );
}

/// A horizontal stacked bar per area (inline SVG).
fn chart(by_area: &std::collections::BTreeMap<String, Counts>) -> String {
    const LABEL_W: usize = 220;
    const BAR_W: usize = 500;
    const ROW_H: usize = 24;
    let max = by_area
        .values()
        .map(Counts::total)
        .max()
        .unwrap_or(0)
        .max(1);
    let rows = by_area.len();
    let height = rows.saturating_add(1).saturating_mul(ROW_H);
    let width = LABEL_W.saturating_add(BAR_W).saturating_add(60);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"verdicts by area\">"
    );
    let colors = [
        (VerdictKind::Passed, "#2a7d2a"),
        (VerdictKind::Failed, "#c62828"),
        (VerdictKind::Skipped, "#888888"),
        (VerdictKind::Errored, "#7b1fa2"),
    ];
    for (i, (area, c)) in by_area.iter().enumerate() {
        let y = i.saturating_mul(ROW_H);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\" font-family=\"monospace\">{}</text>",
            y.saturating_add(16),
            escape_html(area)
        );
        let mut x = LABEL_W;
        for (kind, color) in colors {
            let n = c.get(kind);
            if n == 0 {
                continue;
            }
            let w = n.saturating_mul(BAR_W).checked_div(max).unwrap_or(0).max(2);
            let _ = write!(
                svg,
                "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{color}\"><title>{} {kind}</title></rect>",
                y.saturating_add(4),
                ROW_H.saturating_sub(8),
                n
            );
            x = x.saturating_add(w);
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}/{}</text>",
            x.saturating_add(6),
            y.saturating_add(16),
            c.passed,
            c.total()
        );
    }
    // Legend.
    let y = rows.saturating_mul(ROW_H).saturating_add(16);
    let mut x = 0usize;
    for (kind, color) in colors {
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{}\" y=\"{y}\" font-size=\"12\">{kind}</text>",
            y.saturating_sub(10),
            x.saturating_add(16)
        );
        x = x.saturating_add(90);
    }
    svg.push_str("</svg>");
    svg
}

fn headers_text(h: &[Header]) -> String {
    h.iter().map(|(n, v)| format!("{n}: {v}\n")).collect()
}

fn exchange_block(out: &mut String, i: usize, e: &Exchange) {
    let (req_body, req_cut) = body_text(&e.request.body);
    let _ = write!(
        out,
        "<h4>Exchange {} ({})</h4><p>Request</p><pre>{} {}\n{}\n{}{}</pre>",
        i.saturating_add(1),
        escape_html(&fmt_duration(e.elapsed)),
        escape_html(&e.request.method),
        escape_html(&e.request.url),
        escape_html(&headers_text(&e.request.headers)),
        escape_html(&req_body),
        if req_cut {
            format!("\n… ({} bytes in total)", e.request.body.len())
        } else {
            String::new()
        }
    );
    match &e.response {
        Ok(r) => {
            let (body, cut) = body_text(&r.body);
            let note = if r.truncated {
                format!(
                    "\n… (the body exceeded the harness cap; {} bytes read)",
                    r.body.len()
                )
            } else if cut {
                format!("\n… ({} bytes in total)", r.body.len())
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<p>Response</p><pre>HTTP {}\n{}\n{}{}</pre>",
                r.status,
                escape_html(&headers_text(&r.headers)),
                escape_html(&body),
                escape_html(&note)
            );
        }
        Err(t) => {
            let _ = write!(
                out,
                "<p>No response</p><pre>{}: {}</pre>",
                escape_html(t.kind.as_str()),
                escape_html(&t.message)
            );
        }
    }
}

fn case_section(out: &mut String, r: &CaseResult, strict: bool) {
    let kind = r.verdict.kind();
    let (class, label) = match kind {
        VerdictKind::Failed if !r.fails_run(strict) => ("warn", "warning"),
        k => (k.as_str(), k.as_str()),
    };
    let open = if r.fails_run(strict) { " open" } else { "" };
    let _ = write!(
        out,
        "<details id=\"{}\"{open}><summary><span class=\"b {class}\">{label}</span><span class=\"lvl\">{}</span><span class=\"id\">{}</span> — {}</summary><dl>",
        escape_html(r.id),
        r.level,
        escape_html(r.id),
        escape_html(r.title)
    );
    let tags: Vec<&str> = r.tags.iter().map(|t| t.as_str()).collect();
    let rows = [
        ("Clause", r.clause.to_owned()),
        ("Expected", r.expected.to_owned()),
        (
            match kind {
                VerdictKind::Passed => "Observed",
                VerdictKind::Failed => "Why it failed",
                VerdictKind::Skipped => "Why it was skipped",
                VerdictKind::Errored => "Harness error",
            },
            r.verdict.message().to_owned(),
        ),
        ("Tags", tags.join(", ")),
        (
            "Needs",
            if r.needs.is_empty() {
                "nothing".to_owned()
            } else {
                r.needs.names().join(", ")
            },
        ),
        (
            "Differs under",
            if r.profiles.is_empty() {
                "no profile".to_owned()
            } else {
                r.profiles
                    .iter()
                    .map(|d| format!("{}: {}", d.profile, d.expected))
                    .collect::<Vec<_>>()
                    .join(" | ")
            },
        ),
        ("Duration", fmt_duration(r.duration)),
    ];
    for (k, v) in rows {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape_html(k),
            escape_html(&v)
        );
    }
    out.push_str("</dl>");
    for (i, e) in r.exchanges.iter().enumerate() {
        exchange_block(out, i, e);
    }
    out.push_str("</details>\n");
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
    fn escaping() {
        assert_eq!(
            escape_html("<script>\"'&"),
            "&lt;script&gt;&quot;&#39;&amp;"
        );
        assert_eq!(escape_html("a\u{0}b\u{1b}"), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn hostile_response_is_escaped_and_page_is_self_contained() {
        let html = to_string(&sample_report());
        assert!(!html.contains("<script"), "raw script tag leaked");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<svg"), "chart present");
        assert!(!html.contains(" src="), "no external loads at all");
        assert!(html.contains("Content-Security-Policy"));
        assert!(
            html.contains("rejects &lt;script&gt;"),
            "expected text shown"
        );
        assert!(html.contains("x402 v2 §7.1"), "clause shown");
        // The one run-failing case is expanded.
        assert!(html.contains("id=\"facilitator/verify/a\" open"));
    }
}
