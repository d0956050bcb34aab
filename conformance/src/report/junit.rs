//! JUnit XML (`--junit PATH`) for CI dashboards.
//!
//! One `<testsuite>` per area (`facilitator/verify` → `facilitator.verify`), one `<testcase>` per
//! case. Mapping, chosen so that JUnit failures match the exit code:
//! - failed and counting towards the exit code (MUST, or SHOULD under `--strict`) → `<failure>`;
//! - failed but not counting (SHOULD without `--strict`, INFO) → passed test case whose
//!   `<system-out>` starts with `WARNING`;
//! - errored → `<error>` (when it counts towards the exit code) or a `WARNING` otherwise;
//! - skipped → `<skipped message=…>`.
//!
//! Every string is escaped; characters XML 1.0 cannot carry at all (most C0 controls,
//! U+FFFE/U+FFFF) are replaced by U+FFFD.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{RunReport, rfc3339};
use crate::case::VerdictKind;
use crate::runner::CaseResult;

/// Escapes text for XML element content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` (production `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn seconds(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The report as JUnit XML.
pub fn to_string(report: &RunReport) -> String {
    let strict = report.meta.strict;
    let mut suites: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
    for r in &report.results {
        suites
            .entry(crate::case::area_of(r.id).replace('/', "."))
            .or_default()
            .push(r);
    }
    let s = report.summary();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (failures, errors) = count(&report.results, strict);
    let _ = writeln!(
        out,
        "<testsuites name=\"x402-conformance\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" \
         skipped=\"{}\" time=\"{}\" timestamp=\"{}\">",
        s.total.total(),
        s.total.skipped,
        seconds(report.meta.duration),
        escape_xml(&rfc3339(report.meta.started_at)),
    );
    for (name, cases) in &suites {
        let (failures, errors) = count(cases.iter().copied(), strict);
        let skipped = cases
            .iter()
            .filter(|c| c.verdict.kind() == VerdictKind::Skipped)
            .count();
        let time: std::time::Duration = cases.iter().map(|c| c.duration).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{}\">",
            escape_xml(name),
            cases.len(),
            seconds(time),
        );
        let _ = writeln!(
            out,
            "    <properties><property name=\"target\" value=\"{}\"/><property name=\"strict\" value=\"{strict}\"/></properties>",
            escape_xml(&report.meta.target)
        );
        for c in cases {
            write_case(&mut out, name, c, strict);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn count<'a>(results: impl IntoIterator<Item = &'a CaseResult>, strict: bool) -> (usize, usize) {
    let mut failures = 0usize;
    let mut errors = 0usize;
    for r in results {
        if r.fails_run(strict) {
            match r.verdict.kind() {
                VerdictKind::Failed => failures = failures.saturating_add(1),
                VerdictKind::Errored => errors = errors.saturating_add(1),
                VerdictKind::Passed | VerdictKind::Skipped => {}
            }
        }
    }
    (failures, errors)
}

fn details(c: &CaseResult) -> String {
    let mut d = format!(
        "{} [{}] {}\nclause: {}\nexpected: {}\n{}: {}\n",
        c.id,
        c.level,
        c.title,
        c.clause,
        c.expected,
        c.verdict.kind(),
        c.verdict.message()
    );
    for (i, e) in c.exchanges.iter().enumerate() {
        let _ = writeln!(
            d,
            "exchange {}: {} {} -> {}",
            i.saturating_add(1),
            e.request.method,
            e.request.url,
            e.summary()
        );
    }
    d
}

fn write_case(out: &mut String, suite: &str, c: &CaseResult, strict: bool) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\">",
        escape_xml(suite),
        escape_xml(c.id),
        seconds(c.duration)
    );
    let message = escape_xml(c.verdict.message());
    let counts = c.fails_run(strict);
    match c.verdict.kind() {
        VerdictKind::Passed => {}
        VerdictKind::Skipped => {
            let _ = write!(out, "<skipped message=\"{message}\"/>");
        }
        VerdictKind::Failed if counts => {
            let _ = write!(
                out,
                "<failure message=\"{message}\" type=\"{}\">{}</failure>",
                c.level,
                escape_xml(&details(c))
            );
        }
        VerdictKind::Errored if counts => {
            let _ = write!(
                out,
                "<error message=\"{message}\" type=\"harness\">{}</error>",
                escape_xml(&details(c))
            );
        }
        VerdictKind::Failed | VerdictKind::Errored => {
            let _ = write!(
                out,
                "<system-out>{}</system-out>",
                escape_xml(&format!(
                    "WARNING ({} {} not counted): {}",
                    c.level,
                    c.verdict.kind(),
                    details(c)
                ))
            );
        }
    }
    out.push_str("</testcase>\n");
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
            escape_xml("<a href='x'>&\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(
            escape_xml("a\u{0}b\u{1b}c\u{FFFE}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(escape_xml("l1\nl2"), "l1&#10;l2");
    }

    #[test]
    fn parses_and_maps_verdicts() {
        let xml = to_string(&sample_report());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(root.attribute("tests"), Some("4"));
        assert_eq!(root.attribute("failures"), Some("1"));
        assert_eq!(root.attribute("errors"), Some("1"));
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 4);
        let a = cases
            .iter()
            .find(|n| n.attribute("name") == Some("facilitator/verify/a"))
            .unwrap();
        let failure = a.children().find(|n| n.has_tag_name("failure")).unwrap();
        // The hostile message survives the round trip (minus characters XML cannot carry).
        assert!(
            failure
                .attribute("message")
                .unwrap()
                .starts_with("<script>alert(1)</script>]]>")
        );
        let b = cases
            .iter()
            .find(|n| n.attribute("name") == Some("facilitator/verify/b"))
            .unwrap();
        assert!(b.children().all(|n| !n.has_tag_name("failure")));
        let c = cases
            .iter()
            .find(|n| n.attribute("name") == Some("facilitator/supported/c"))
            .unwrap();
        assert!(c.children().any(|n| n.has_tag_name("skipped")));
        assert!(!xml.contains("<script>"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_yields_well_formed_xml(s in "\\PC*|[\\x00-\\x1f<>&'\"]*") {
            let xml = format!("<r a=\"{}\">{}</r>", escape_xml(&s), escape_xml(&s));
            proptest::prop_assert!(roxmltree::Document::parse(&xml).is_ok());
        }
    }
}
