//! Run reports: the in-memory model, summaries, the output formats (terminal, JSON, JUnit XML,
//! self-contained HTML, SARIF), the evidence directory and the comparison of two JSON reports.
//!
//! No report ever contains the payer key or RPC URLs: the model simply has no field that could
//! hold them (only "configured" flags, the key's *source*, and the networks that have an RPC URL).

pub mod compare;
pub mod evidence;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod sources;
pub mod terminal;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::case::{Filter, Level, Tag, VerdictKind};
use crate::profile::Profile;
use crate::runner::CaseResult;

/// Largest body (request or response) copied into a report, in bytes; longer bodies are cut and
/// flagged `bodyTruncated`.
pub const REPORT_BODY_CAP: usize = 64 * 1024;

/// Run metadata shown in every report.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// The role tested (`facilitator`, `server`, `client`).
    pub role: String,
    /// Target base URL with credentials redacted.
    pub target: String,
    /// When the run started.
    pub started_at: SystemTime,
    /// Wall time of the whole run.
    pub duration: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Case concurrency.
    pub concurrency: usize,
    /// Whether SHOULD failures fail the run.
    pub strict: bool,
    /// `--network` values.
    pub networks: Vec<String>,
    /// `--asset` values per network.
    pub assets: BTreeMap<String, Vec<String>>,
    /// Networks that have an RPC URL (the URLs are not reported).
    pub rpc_url_networks: Vec<String>,
    /// Where the payer key came from (`environment variable X402_PAYER_KEY`), if configured.
    pub payer_key_source: Option<String>,
    /// Whether settlement was allowed.
    pub settlement_allowed: bool,
    /// `--max-spend` (decimal atomic units).
    pub max_spend: String,
    /// Amount the targets reported as settled (`success: true`) during the run (decimal atomic
    /// units): what was paid, as far as the targets tell.
    pub spent: String,
    /// Amount reserved against `--max-spend` by the settling cases (decimal atomic units): an
    /// upper bound of what could have been paid.
    pub reserved: String,
    /// The case selection.
    pub filter: Filter,
    /// `--profile`.
    pub profile: Profile,
    /// `--skew` (seconds) as applied.
    pub skew_secs: u64,
    /// Role-specific settings worth reporting, in order: e.g. `client` → the command's program,
    /// `maxAmount` → the client's limit, `fuzzSeed` → the seed. Never secrets.
    pub settings: Vec<(String, String)>,
    /// When the target stopped answering mid-run: what [`crate::health::Outage::describe`] said.
    pub outage: Option<String>,
    /// Case-id globs expected to fail (`--expect`, `--expect-file`).
    pub expected: Vec<String>,
}

/// A finished run.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Metadata.
    pub meta: RunMeta,
    /// Results in catalogue order.
    pub results: Vec<CaseResult>,
}

/// Verdict counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed cases.
    pub passed: usize,
    /// Failed cases.
    pub failed: usize,
    /// Skipped cases.
    pub skipped: usize,
    /// Errored cases.
    pub errored: usize,
}

impl Counts {
    /// Adds one verdict.
    pub fn add(&mut self, kind: VerdictKind) {
        let slot = match kind {
            VerdictKind::Passed => &mut self.passed,
            VerdictKind::Failed => &mut self.failed,
            VerdictKind::Skipped => &mut self.skipped,
            VerdictKind::Errored => &mut self.errored,
        };
        *slot = slot.saturating_add(1);
    }

    /// All cases counted.
    pub fn total(&self) -> usize {
        self.passed
            .saturating_add(self.failed)
            .saturating_add(self.skipped)
            .saturating_add(self.errored)
    }

    /// The count for one kind.
    pub fn get(&self, kind: VerdictKind) -> usize {
        match kind {
            VerdictKind::Passed => self.passed,
            VerdictKind::Failed => self.failed,
            VerdictKind::Skipped => self.skipped,
            VerdictKind::Errored => self.errored,
        }
    }
}

/// Aggregates of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// All cases.
    pub total: Counts,
    /// Per level (every level present, even when zero).
    pub by_level: BTreeMap<Level, Counts>,
    /// Per tag (only tags that occur).
    pub by_tag: BTreeMap<Tag, Counts>,
    /// Per area (first two id segments).
    pub by_area: BTreeMap<String, Counts>,
    /// Number of results that fail the run (an expected failure does not; an unexpected pass
    /// does).
    pub run_failures: usize,
    /// Failures that `--expect` lists: reported, not counted in the exit code.
    pub expected_failures: Vec<String>,
    /// Cases that `--expect` lists and that passed: the list is stale, and each fails the run.
    pub unexpected_passes: Vec<String>,
    /// Whether anything was exercised: some MUST or SHOULD case passed or failed. A run whose
    /// cases were all skipped (or errored, or INFO only) says nothing about the target.
    pub exercised: bool,
    /// The process exit code for this run: 0 (conformant), 1 (a counted case failed or errored)
    /// or 3 (nothing was exercised).
    pub exit_code: i32,
}

/// Exit code of a run in which no MUST or SHOULD case passed or failed (and none failed the run).
pub const EXIT_NOT_EXERCISED: i32 = 3;

impl RunReport {
    /// Computes the summary.
    pub fn summary(&self) -> Summary {
        let mut total = Counts::default();
        let mut by_level: BTreeMap<Level, Counts> =
            Level::ALL.iter().map(|l| (*l, Counts::default())).collect();
        let mut by_tag: BTreeMap<Tag, Counts> = BTreeMap::new();
        let mut by_area: BTreeMap<String, Counts> = BTreeMap::new();
        let mut run_failures = 0usize;
        let mut exercised = false;
        let mut expected_failures = Vec::new();
        let mut unexpected_passes = Vec::new();
        for r in &self.results {
            let listed = self
                .meta
                .expected
                .iter()
                .any(|g| crate::case::glob_match(g, r.id));
            let kind = r.verdict.kind();
            exercised |=
                r.level != Level::Info && matches!(kind, VerdictKind::Passed | VerdictKind::Failed);
            total.add(kind);
            by_level.entry(r.level).or_default().add(kind);
            for t in r.tags {
                by_tag.entry(*t).or_default().add(kind);
            }
            by_area
                .entry(crate::case::area_of(r.id).to_owned())
                .or_default()
                .add(kind);
            if r.fails_run(self.meta.strict) && listed {
                expected_failures.push(r.id.to_owned());
            } else if r.fails_run(self.meta.strict) || (listed && kind == VerdictKind::Passed) {
                run_failures = run_failures.saturating_add(1);
                if listed {
                    unexpected_passes.push(r.id.to_owned());
                }
            }
        }
        Summary {
            total,
            by_level,
            by_tag,
            by_area,
            run_failures,
            expected_failures,
            unexpected_passes,
            exercised,
            exit_code: match (run_failures, exercised) {
                (0, true) => 0,
                (0, false) => EXIT_NOT_EXERCISED,
                _ => 1,
            },
        }
    }
}

/// Body bytes as report text: lossy UTF-8 of at most [`REPORT_BODY_CAP`] bytes, and whether it was cut.
pub fn body_text(body: &[u8]) -> (String, bool) {
    let shown = body.get(..REPORT_BODY_CAP).unwrap_or(body);
    (
        String::from_utf8_lossy(shown).into_owned(),
        shown.len() < body.len(),
    )
}

/// Formats a time as RFC 3339 UTC with millisecond precision (`2026-04-21T10:00:00.000Z`).
pub fn rfc3339(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let days = secs.checked_div(86_400).unwrap_or(0);
    let rem = secs.checked_rem(86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem.checked_div(3600).unwrap_or(0),
        rem.checked_rem(3600)
            .and_then(|r| r.checked_div(60))
            .unwrap_or(0),
        rem.checked_rem(60).unwrap_or(0),
        since.subsec_millis()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    // yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365
    let yoe = doe
        .saturating_sub(doe / 1460)
        .saturating_add(doe / 36_524)
        .saturating_sub(doe / 146_096)
        / 365;
    let y = yoe.saturating_add(era.saturating_mul(400));
    let doy = doe.saturating_sub(
        yoe.saturating_mul(365)
            .saturating_add(yoe / 4)
            .saturating_sub(yoe / 100),
    );
    let mp = doy.saturating_mul(5).saturating_add(2) / 153;
    let d = doy
        .saturating_sub(mp.saturating_mul(153).saturating_add(2) / 5)
        .saturating_add(1);
    let m = if mp < 10 {
        mp.saturating_add(3)
    } else {
        mp.saturating_sub(9)
    };
    let y = if m <= 2 { y.saturating_add(1) } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
pub(crate) mod tests {
    use super::*;
    use crate::case::{Case, Needs, Verdict};
    use crate::http::{Exchange, RecordedRequest, Response, TransportError, TransportErrorKind};
    use bytes::Bytes;

    #[test]
    fn rfc3339_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_740_672_089_123);
        assert_eq!(rfc3339(t), "2025-02-27T16:01:29.123Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn body_text_caps() {
        let (t, cut) = body_text(&vec![b'x'; REPORT_BODY_CAP + 1]);
        assert!(cut);
        assert_eq!(t.len(), REPORT_BODY_CAP);
        assert_eq!(body_text(b"ok"), ("ok".to_owned(), false));
    }

    /// A report with every verdict kind, a transport error, hostile strings and a payer key source.
    pub(crate) fn sample_report() -> RunReport {
        fn case(id: &'static str, level: Level, tags: &'static [Tag]) -> Case {
            Case {
                id,
                title: "Title with <b>markup</b> & \"quotes\"",
                clause: "x402 v2 §7.1",
                expected: "rejects <script>",
                level,
                tags,
                needs: Needs::FUNDED_PAYER,
                profiles: &[],
                run: |_| Box::pin(async { Verdict::passed("") }),
            }
        }
        let hostile = "<script>alert(1)</script>]]><!-- \u{1} \u{0} & 'x' \"y\"";
        let req = RecordedRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/verify".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from_static(b"{\"x402Version\":"),
        };
        let ok = Exchange {
            request: req.clone(),
            response: Ok(Response {
                status: 200,
                headers: vec![
                    ("content-type".into(), "text/html".into()),
                    ("x-evil".into(), hostile.into()),
                ],
                body: Bytes::from(hostile.to_owned()),
                truncated: true,
            }),
            elapsed: Duration::from_millis(12),
        };
        let err = Exchange {
            request: req,
            response: Err(TransportError {
                kind: TransportErrorKind::Timeout,
                message: hostile.into(),
            }),
            elapsed: Duration::from_secs(1),
        };
        let results = vec![
            CaseResult::new(
                &case(
                    "facilitator/verify/a",
                    Level::Must,
                    &[Tag::Verify, Tag::Robustness],
                ),
                Verdict::failed(hostile),
                Duration::from_millis(5),
                vec![ok, err],
            ),
            CaseResult::new(
                &case("facilitator/verify/b", Level::Should, &[Tag::Verify]),
                Verdict::passed("fine"),
                Duration::ZERO,
                vec![],
            ),
            CaseResult::new(
                &case("facilitator/supported/c", Level::Info, &[Tag::Supported]),
                Verdict::skipped("needs funded-payer"),
                Duration::ZERO,
                vec![],
            ),
            CaseResult::new(
                &case("facilitator/settle/d", Level::Must, &[Tag::Settle]),
                Verdict::errored("harness trouble"),
                Duration::ZERO,
                vec![],
            ),
        ];
        RunReport {
            meta: RunMeta {
                role: "facilitator".into(),
                target: "http://127.0.0.1:1".into(),
                started_at: UNIX_EPOCH + Duration::from_secs(1_740_672_089),
                duration: Duration::from_millis(1500),
                timeout: Duration::from_secs(10),
                concurrency: 4,
                strict: false,
                networks: vec!["eip155:84532".into()],
                assets: BTreeMap::from([("eip155:84532".to_owned(), vec!["0xabc".to_owned()])]),
                rpc_url_networks: vec!["*".into()],
                payer_key_source: Some("environment variable X402_PAYER_KEY".into()),
                settlement_allowed: false,
                max_spend: "0".into(),
                spent: "0".into(),
                reserved: "0".into(),
                expected: Vec::new(),
                filter: Filter {
                    ids: vec!["facilitator/*".into()],
                    tags: vec![Tag::Verify],
                    level: None,
                    skip: vec![],
                },
                profile: Profile::Ts,
                skew_secs: 1,
                settings: vec![("fuzzSeed".into(), "<7>".into())],
                outage: None,
            },
            results,
        }
    }

    #[test]
    fn summary_counts_and_exit_code() {
        let r = sample_report();
        let s = r.summary();
        assert_eq!(
            s.total,
            Counts {
                passed: 1,
                failed: 1,
                skipped: 1,
                errored: 1
            }
        );
        assert_eq!(
            s.by_level[&Level::Must],
            Counts {
                passed: 0,
                failed: 1,
                skipped: 0,
                errored: 1
            }
        );
        assert_eq!(s.by_tag[&Tag::Verify].total(), 2);
        assert_eq!(s.by_area["facilitator/verify"].total(), 2);
        assert_eq!(s.run_failures, 2);
        assert_eq!(s.exit_code, 1);
        assert!(s.expected_failures.is_empty() && s.unexpected_passes.is_empty());
    }

    #[test]
    fn expected_failures_do_not_count_and_a_stale_expectation_does() {
        // Both failing MUST cases listed: the run passes (b passed, not listed).
        let mut r = sample_report();
        r.meta.expected = vec!["facilitator/verify/a".into(), "facilitator/settle/*".into()];
        let s = r.summary();
        assert_eq!(
            s.expected_failures,
            vec!["facilitator/verify/a", "facilitator/settle/d"]
        );
        assert_eq!((s.run_failures, s.exit_code), (0, 0));
        // A listed case that passed: the list is stale and the run fails.
        r.meta.expected.push("facilitator/verify/b".into());
        let s = r.summary();
        assert_eq!(s.unexpected_passes, vec!["facilitator/verify/b"]);
        assert_eq!((s.run_failures, s.exit_code), (1, 1));
        // A listed case that was skipped is neither.
        r.meta.expected = vec!["facilitator/supported/c".into()];
        let s = r.summary();
        assert!(s.expected_failures.is_empty() && s.unexpected_passes.is_empty());
        assert_eq!(s.run_failures, 2);
        let table = terminal::summary_table(
            &RunReport {
                meta: RunMeta {
                    expected: vec!["facilitator/verify/*".into(), "facilitator/settle/d".into()],
                    ..r.meta.clone()
                },
                results: r.results.clone(),
            },
            false,
        );
        assert!(table.contains("EXPECTED FAILURES: 2 case(s)"), "{table}");
        assert!(table.contains("UNEXPECTED PASSES: 1 case(s)"), "{table}");
    }
}
