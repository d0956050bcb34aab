//! Runs selected cases with bounded concurrency, per-case deadlines and panic isolation.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::case::{Case, Level, Needs, Tag, Verdict, VerdictKind};
use crate::ctx::Ctx;
use crate::health::Outage;
use crate::http::{Exchange, fmt_duration};
use crate::profile::Divergence;

/// The result of one case, with everything the reports show.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Case id.
    pub id: &'static str,
    /// Case title.
    pub title: &'static str,
    /// Clause checked.
    pub clause: &'static str,
    /// Expected behaviour.
    pub expected: &'static str,
    /// Level.
    pub level: Level,
    /// Tags.
    pub tags: &'static [Tag],
    /// Needs.
    pub needs: Needs,
    /// The profiles under which the case's expectation differs.
    pub profiles: &'static [Divergence],
    /// The verdict.
    pub verdict: Verdict,
    /// Wall time of the case.
    pub duration: Duration,
    /// Every exchange the case made, in order.
    pub exchanges: Vec<Exchange>,
}

impl CaseResult {
    /// A result for `case` with the given verdict and exchanges.
    pub fn new(
        case: &Case,
        verdict: Verdict,
        duration: Duration,
        exchanges: Vec<Exchange>,
    ) -> CaseResult {
        CaseResult {
            id: case.id,
            title: case.title,
            clause: case.clause,
            expected: case.expected,
            level: case.level,
            tags: case.tags,
            needs: case.needs,
            profiles: case.profiles,
            verdict,
            duration,
            exchanges,
        }
    }

    /// Whether this result makes the run fail (exit 1): a MUST case (or, with `strict`, a SHOULD
    /// case) that failed or errored. Skipped cases and INFO cases never do.
    pub fn fails_run(&self, strict: bool) -> bool {
        let counts = match self.level {
            Level::Must => true,
            Level::Should => strict,
            Level::Info => false,
        };
        counts
            && matches!(
                self.verdict.kind(),
                VerdictKind::Failed | VerdictKind::Errored
            )
    }
}

/// The deadline for a whole case: room for several bounded requests plus slack. A case still
/// running then is stopped and reported as errored (harness-side: each request is already bounded).
pub fn case_deadline(request_timeout: Duration) -> Duration {
    request_timeout
        .saturating_mul(6)
        .saturating_add(Duration::from_secs(5))
}

/// Runs `cases` against the target behind `root`, calling `on_result(result, done, total)` as each
/// finishes. Returns the results in the order of `cases`.
pub async fn run_cases(
    root: &Ctx,
    cases: &[&Case],
    on_result: &mut (dyn FnMut(&CaseResult, usize, usize) + Send),
) -> Vec<CaseResult> {
    let total = cases.len();
    let deadline = case_deadline(root.config().timeout);
    let mut slots: Vec<Option<CaseResult>> = vec![None; total];
    let mut done = 0usize;
    // Cases known to crash targets run last and one at a time (issue #13 §5): a target that dies
    // on one of them has answered everything else first, and the request that killed it is known.
    let (hostile, ordinary): (Vec<usize>, Vec<usize>) =
        (0..total).partition(|&i| cases.get(i).is_some_and(|c| c.tags.contains(&Tag::Hostile)));
    for (phase, concurrency) in [(ordinary, root.config().concurrency.max(1)), (hostile, 1)] {
        if concurrency == 1 {
            // In catalogue order, one after the other.
            for index in phase {
                let Some(case) = cases.get(index) else {
                    continue;
                };
                let result = match root.health().outage() {
                    Some(outage) => CaseResult::new(
                        case,
                        Verdict::errored(format!("not run: {}", outage.describe())),
                        Duration::ZERO,
                        Vec::new(),
                    ),
                    None => run_one(case, root.for_case(), deadline).await,
                };
                done = done.saturating_add(1);
                on_result(&result, done, total);
                if let Some(slot) = slots.get_mut(index) {
                    *slot = Some(result);
                }
            }
            continue;
        }
        let permits = Arc::new(Semaphore::new(concurrency));
        let mut set: JoinSet<(usize, CaseResult)> = JoinSet::new();
        for index in phase {
            let Some(case) = cases.get(index) else {
                continue;
            };
            let case: Case = **case;
            let ctx = root.for_case();
            let permits = Arc::clone(&permits);
            set.spawn(async move {
                let _permit = permits.acquire_owned().await;
                if let Some(outage) = ctx.health().outage() {
                    let verdict = Verdict::errored(format!("not run: {}", outage.describe()));
                    return (
                        index,
                        CaseResult::new(&case, verdict, Duration::ZERO, Vec::new()),
                    );
                }
                (index, run_one(&case, ctx, deadline).await)
            });
        }
        while let Some(joined) = set.join_next().await {
            // `run_one` catches panics of the case body itself, so a JoinError here means the
            // runner task was cancelled; there is no index to attach it to, so it is dropped.
            if let Ok((index, result)) = joined {
                done = done.saturating_add(1);
                on_result(&result, done, total);
                if let Some(slot) = slots.get_mut(index) {
                    *slot = Some(result);
                }
            }
        }
    }
    // The last requests went unanswered: ask once more, so that a target that died on the very
    // last case is told from one that only mishandled it.
    if root.health().outage().is_none() && root.health().is_suspect() {
        let probe = root.client().get("/").await;
        root.health().observe(None, &probe);
    }
    let mut results: Vec<CaseResult> = slots
        .into_iter()
        .zip(cases)
        .map(|(slot, case)| {
            slot.unwrap_or_else(|| {
                CaseResult::new(
                    case,
                    Verdict::errored("the runner lost this case's task"),
                    Duration::ZERO,
                    Vec::new(),
                )
            })
        })
        .collect();
    if let Some(outage) = root.health().outage() {
        attribute_outage(&mut results, &outage);
    }
    results
}

/// Rewrites the verdicts an outage decided (issue #13 §5): the case whose request preceded it is
/// the finding (failed, whatever it had concluded); a case that failed or errored only because its
/// connections were refused or broken after the outage began was not judged and is errored with
/// that reason. Cases that passed or were skipped keep their verdict.
pub fn attribute_outage(results: &mut [CaseResult], outage: &Outage) {
    let describe = outage.describe();
    for r in results.iter_mut() {
        if outage.suspects.len() > 1 && outage.suspects.contains(&r.id) {
            r.verdict = Verdict::errored(format!(
                "{describe}: this case was one of them ({} was: {})",
                r.verdict.kind(),
                r.verdict.message()
            ));
            continue;
        }
        if Some(r.id) == outage.after() {
            let had = r.verdict.message().to_owned();
            r.verdict = Verdict::failed(format!(
                "{describe}: this case's request is the last one the target did not answer ({} was: {had})",
                r.verdict.kind()
            ));
            continue;
        }
        let unanswered = r.exchanges.iter().any(|e| {
            e.response
                .as_ref()
                .err()
                .is_some_and(|t| t.kind.is_unreachable())
        });
        if unanswered
            && matches!(r.verdict.kind(), VerdictKind::Failed | VerdictKind::Errored)
            && !r.verdict.message().starts_with("not run: ")
        {
            r.verdict = Verdict::errored(format!("not judged: {describe}"));
        }
    }
}

/// Runs one case: checks needs, isolates panics, enforces the case deadline.
pub async fn run_one(case: &Case, ctx: Ctx, deadline: Duration) -> CaseResult {
    let start = Instant::now();
    let expected = case.expected_under(ctx.config().profile);
    if let Some(reason) = ctx.config().unmet_needs_reason(case.needs) {
        let mut r = CaseResult::new(case, Verdict::skipped(reason), start.elapsed(), Vec::new());
        r.expected = expected;
        return r;
    }
    let body = (case.run)(ctx.clone().with_case_id(case.id));
    let handle = tokio::spawn(body);
    let abort = handle.abort_handle();
    let verdict = match tokio::time::timeout(deadline, handle).await {
        Ok(Ok(verdict)) => verdict,
        Ok(Err(join_error)) => {
            if join_error.is_panic() {
                let payload = join_error.into_panic();
                let text = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic payload".to_owned());
                Verdict::errored(format!("the case body panicked (harness bug): {text}"))
            } else {
                Verdict::errored("the case task was cancelled")
            }
        }
        Err(_) => {
            abort.abort();
            Verdict::errored(format!(
                "the case did not finish within its {} deadline (each request is bounded by the \
                 request timeout, so this is a harness problem)",
                fmt_duration(deadline)
            ))
        }
    };
    let mut r = CaseResult::new(case, verdict, start.elapsed(), ctx.exchanges());
    r.expected = expected;
    r
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
    use crate::case::CaseFuture;
    use crate::ctx::RunConfig;
    use crate::http::HttpClient;

    fn case(id: &'static str, level: Level, needs: Needs, run: fn(Ctx) -> CaseFuture) -> Case {
        Case {
            id,
            title: "t",
            clause: "c",
            expected: "e",
            level,
            tags: &[],
            needs,
            profiles: &[],
            run,
        }
    }

    fn root() -> Ctx {
        let mut cfg = RunConfig::new("http://127.0.0.1:9");
        cfg.timeout = Duration::from_millis(200);
        cfg.concurrency = 2;
        let client = HttpClient::new(&cfg.target, cfg.timeout, 1024).unwrap();
        Ctx::new(cfg, client, None)
    }

    #[tokio::test]
    async fn panics_are_errored_skips_are_skipped_and_order_is_kept() {
        let cases = [
            case("a/pass", Level::Must, Needs::NONE, |_| {
                Box::pin(async { Verdict::passed("ok") })
            }),
            case("a/panic", Level::Must, Needs::NONE, |_| {
                Box::pin(async {
                    let v: Vec<u8> = Vec::new();
                    let _ = v[3];
                    Verdict::passed("unreachable")
                })
            }),
            case("a/needs", Level::Must, Needs::FUNDED_PAYER, |_| {
                Box::pin(async { Verdict::passed("no") })
            }),
            case("a/slow", Level::Should, Needs::NONE, |_| {
                Box::pin(async {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Verdict::passed("no")
                })
            }),
        ];
        let refs: Vec<&Case> = cases.iter().collect();
        let mut seen = 0;
        let mut cb = |_: &CaseResult, _: usize, _: usize| seen += 1;
        let ctx = root();
        // Shorten the deadline by running `run_one` directly for the slow case.
        let slow = run_one(&cases[3], ctx.for_case(), Duration::from_millis(100)).await;
        assert_eq!(slow.verdict.kind(), VerdictKind::Errored);
        assert!(slow.verdict.message().contains("deadline"));
        let results = run_cases(&ctx, &refs[..3], &mut cb).await;
        assert_eq!(seen, 3);
        assert_eq!(
            results.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec!["a/pass", "a/panic", "a/needs"]
        );
        assert_eq!(results[0].verdict.kind(), VerdictKind::Passed);
        assert_eq!(results[1].verdict.kind(), VerdictKind::Errored);
        assert!(
            results[1].verdict.message().contains("panicked"),
            "{:?}",
            results[1].verdict
        );
        assert_eq!(results[2].verdict.kind(), VerdictKind::Skipped);
        assert!(results[1].fails_run(false));
        assert!(!results[2].fails_run(true));
    }

    #[test]
    fn strictness_decides_should() {
        let c = case("x", Level::Should, Needs::NONE, |_| {
            Box::pin(async { Verdict::passed("") })
        });
        let r = CaseResult::new(&c, Verdict::failed("no"), Duration::ZERO, Vec::new());
        assert!(!r.fails_run(false));
        assert!(r.fails_run(true));
        let i = CaseResult {
            level: Level::Info,
            ..r
        };
        assert!(!i.fails_run(true));
    }
}
