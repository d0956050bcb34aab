//! Terminal output: one live progress line per finished case (stderr) and a summary table by
//! level and tag (stdout). Colour only when asked for (the CLI enables it for terminals unless
//! `NO_COLOR` is set). IUT-supplied text is printed with control characters escaped, so a hostile
//! response cannot drive the terminal.

use std::fmt::Write as _;

use super::{Counts, RunReport};
use crate::case::VerdictKind;
use crate::http::fmt_duration;
use crate::runner::CaseResult;

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

/// Replaces control characters (ANSI escapes, carriage returns…) by their `\u{..}` escapes.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The verdict label as shown in progress lines.
fn label(r: &CaseResult, strict: bool, color: bool) -> String {
    match r.verdict.kind() {
        VerdictKind::Passed => paint("PASS ", "32", color),
        VerdictKind::Skipped => paint("SKIP ", "90", color),
        VerdictKind::Failed if r.fails_run(strict) => paint("FAIL ", "1;31", color),
        VerdictKind::Failed => paint("WARN ", "33", color),
        VerdictKind::Errored => paint("ERROR", "1;35", color),
    }
}

/// One progress line (plus an indented message line for anything but a pass).
pub fn progress_line(
    r: &CaseResult,
    done: usize,
    total: usize,
    strict: bool,
    color: bool,
) -> String {
    let width = total.to_string().len();
    let mut line = format!(
        "[{done:>width$}/{total}] {} {:<6} {} ({})",
        label(r, strict, color),
        r.level.as_str(),
        r.id,
        fmt_duration(r.duration)
    );
    if r.verdict.kind() != VerdictKind::Passed {
        let msg = sanitize(r.verdict.message()).replace('\n', "\n        ");
        let _ = write!(line, "\n        {msg}");
    }
    line
}

fn row(name: &str, c: &Counts) -> String {
    format!(
        "{name:<24} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
        c.total(),
        c.passed,
        c.failed,
        c.skipped,
        c.errored
    )
}

/// The summary table by level and tag, with the list of run-failing cases and the exit code.
pub fn summary_table(report: &RunReport, color: bool) -> String {
    let s = report.summary();
    let mut out = String::new();
    let header = format!(
        "{:<24} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
        "", "total", "passed", "failed", "skipped", "errored"
    );
    out.push_str(&header);
    out.push_str(&row("all cases", &s.total));
    out.push_str("by level\n");
    for (level, c) in &s.by_level {
        out.push_str(&row(&format!("  {level}"), c));
    }
    out.push_str("by tag\n");
    for (tag, c) in &s.by_tag {
        out.push_str(&row(&format!("  {tag}"), c));
    }
    let failing: Vec<&CaseResult> = report
        .results
        .iter()
        .filter(|r| {
            r.fails_run(report.meta.strict) && !s.expected_failures.iter().any(|id| id == r.id)
        })
        .collect();
    if !s.expected_failures.is_empty() {
        let _ = writeln!(
            out,
            "\n{}: {} case(s) failed as --expect lists them (reported, not counted in the exit code)",
            paint("EXPECTED FAILURES", "1;33", color),
            s.expected_failures.len()
        );
        for id in &s.expected_failures {
            let _ = writeln!(out, "  {id}");
        }
    }
    if !s.unexpected_passes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}: {} case(s) passed although --expect lists them (the list is stale; each fails the run)",
            paint("UNEXPECTED PASSES", "1;31", color),
            s.unexpected_passes.len()
        );
        for id in &s.unexpected_passes {
            let _ = writeln!(out, "  {id}");
        }
    }
    if !failing.is_empty() {
        out.push_str("\nfailing the run:\n");
        for r in failing {
            let _ = writeln!(
                out,
                "  {} [{}] {}: {}",
                r.id,
                r.level,
                r.verdict.kind(),
                sanitize(r.verdict.message())
            );
        }
    }
    // Environment skips (#13 §4): neither pass nor fail, each distinct reason once.
    let mut environment: Vec<(&str, usize)> = Vec::new();
    for r in &report.results {
        let message = r.verdict.message();
        if r.verdict.kind() == VerdictKind::Skipped
            && crate::environment::is_environment_reason(message)
        {
            match environment.iter_mut().find(|(m, _)| *m == message) {
                Some((_, n)) => *n = n.saturating_add(1),
                None => environment.push((message, 1)),
            }
        }
    }
    if !environment.is_empty() {
        let total: usize = environment.iter().map(|(_, n)| *n).sum();
        let _ = writeln!(
            out,
            "\n{}: {total} case(s) undecided because of the chain or the payer's set-up, not the target (neither passed nor failed):",
            paint("ENVIRONMENT", "1;33", color)
        );
        for (message, n) in environment {
            let _ = writeln!(out, "  {n} × {}", sanitize(message));
        }
    }
    if let Some(outage) = &report.meta.outage {
        let _ = writeln!(
            out,
            "\n{}: {outage}; the cases it decided are errored (not run / not judged)",
            paint("TARGET STOPPED ANSWERING", "1;31", color)
        );
    }
    if !s.exercised && s.run_failures == 0 {
        let skip_reason = report
            .results
            .iter()
            .find(|r| r.verdict.kind() == VerdictKind::Skipped)
            .map(|r| format!(" (first skip: {}: {})", r.id, sanitize(r.verdict.message())))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}: no MUST or SHOULD case passed or failed{skip_reason}; the run says nothing about the target (exit code {})",
            paint("NOT EXERCISED", "1;33", color),
            s.exit_code
        );
        return out;
    }
    let verdict = if s.exit_code == 0 {
        paint("CONFORMANT", "1;32", color)
    } else {
        paint("NOT CONFORMANT", "1;31", color)
    };
    let strictness = if report.meta.strict {
        "MUST and SHOULD (--strict)"
    } else {
        "MUST"
    };
    let _ = writeln!(
        out,
        "\n{verdict}: {} of the {strictness} cases that ran failed or errored under --profile {} (exit code {})",
        s.run_failures, report.meta.profile, s.exit_code
    );
    out
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
    fn sanitizes_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[2Jb\rc\nd"), "a\\u{1b}[2Jb\\rc\nd");
    }

    #[test]
    fn progress_and_summary() {
        let r = sample_report();
        let line = progress_line(&r.results[0], 1, 4, false, false);
        assert!(
            line.starts_with("[1/4] FAIL  MUST   facilitator/verify/a"),
            "{line}"
        );
        assert!(line.contains("\\u{0}"), "control chars escaped: {line}");
        let warn = progress_line(&r.results[1], 2, 4, false, false);
        assert!(warn.contains("PASS"), "{warn}");
        let table = summary_table(&r, false);
        assert!(
            table.contains("by level") && table.contains("  MUST"),
            "{table}"
        );
        assert!(table.contains("NOT CONFORMANT"), "{table}");
        assert!(table.contains("exit code 1"), "{table}");
        assert!(!summary_table(&r, true).is_empty());
    }
}
