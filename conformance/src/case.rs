//! The case model: stable ids, levels, tags, needs, verdicts, and catalogue filters.
//!
//! Every case has a hierarchical, stable, never-positional id such as
//! `facilitator/verify/malformed-json/rejected` (docs/design/lessons.md Lesson 1), a one-line title, the spec
//! clause or reference behaviour it checks, a strictness level, tags, and the run-time resources it
//! needs. A case body is a plain async function over a [`Ctx`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use serde::Serialize;

use crate::ctx::Ctx;
pub use crate::names::UnknownName;
pub use crate::needs::Needs;
use crate::profile::{Divergence, Profile, divergence_for};

/// How strictly a case's requirement is stated.
///
/// `Must` failures make the run fail (exit 1); `Should` failures only do under `--strict`;
/// `Info` cases never affect the exit code (docs/design/lessons.md Lesson 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub enum Level {
    /// A normative requirement; a failure is a conformance failure.
    #[serde(rename = "MUST")]
    Must,
    /// A recommendation, or behaviour the spec leaves open but interoperability needs.
    #[serde(rename = "SHOULD")]
    Should,
    /// An observation reported for information only.
    #[serde(rename = "INFO")]
    Info,
}

impl Level {
    /// Every level, strictest first.
    pub const ALL: [Level; 3] = [Level::Must, Level::Should, Level::Info];

    /// The upper-case name used in reports (`MUST`, `SHOULD`, `INFO`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::Info => "INFO",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownName {
                what: "level",
                given: s.to_owned(),
                known: Level::ALL
                    .iter()
                    .map(|l| l.as_str().to_ascii_lowercase())
                    .collect(),
            })
    }
}

/// A label used to select and group cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Tag {
    /// Concerns protocol version 1 objects or behaviour.
    V1,
    /// Concerns protocol version 2 objects or behaviour.
    V2,
    /// EIP-3009 `transferWithAuthorization` payments.
    Eip3009,
    /// Permit2 payments.
    Permit2,
    /// The `upto` scheme.
    Upto,
    /// Protocol extensions.
    Extension,
    /// `GET /supported`.
    Supported,
    /// `POST /verify`.
    Verify,
    /// `POST /settle`.
    Settle,
    /// Behaviour under malformed, hostile or oversized input.
    Robustness,
    /// HTTP framing: status codes, content types.
    Http,
    /// The 402 answer and its `PAYMENT-REQUIRED` document (resource servers, clients).
    PaymentRequired,
    /// `PAYMENT-SIGNATURE` / `X-PAYMENT` request headers.
    PaymentHeader,
    /// Paid requests and `PAYMENT-RESPONSE`.
    Paid,
    /// Which offered requirement a client chooses, and whether it pays at all.
    Selection,
    /// Cross-origin headers.
    Cors,
    /// Property-based differential testing.
    Fuzz,
    /// Inputs known to crash implementations (deep nesting, oversized bodies). The runner runs
    /// these last and one at a time, so that a target that dies is attributed to one request.
    Hostile,
}

impl Tag {
    /// Every tag.
    pub const ALL: [Tag; 18] = [
        Tag::V1,
        Tag::V2,
        Tag::Eip3009,
        Tag::Permit2,
        Tag::Upto,
        Tag::Extension,
        Tag::Supported,
        Tag::Verify,
        Tag::Settle,
        Tag::Robustness,
        Tag::Http,
        Tag::PaymentRequired,
        Tag::PaymentHeader,
        Tag::Paid,
        Tag::Selection,
        Tag::Cors,
        Tag::Fuzz,
        Tag::Hostile,
    ];

    /// The lower-case name used on the command line and in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tag::V1 => "v1",
            Tag::V2 => "v2",
            Tag::Eip3009 => "eip3009",
            Tag::Permit2 => "permit2",
            Tag::Upto => "upto",
            Tag::Extension => "extension",
            Tag::Supported => "supported",
            Tag::Verify => "verify",
            Tag::Settle => "settle",
            Tag::Robustness => "robustness",
            Tag::Http => "http",
            Tag::PaymentRequired => "payment-required",
            Tag::PaymentHeader => "payment-header",
            Tag::Paid => "paid",
            Tag::Selection => "selection",
            Tag::Cors => "cors",
            Tag::Fuzz => "fuzz",
            Tag::Hostile => "hostile",
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FromStr for Tag {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tag::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownName {
                what: "tag",
                given: s.to_owned(),
                known: Tag::ALL.iter().map(|t| t.as_str().to_owned()).collect(),
            })
    }
}

/// The outcome of one case.
///
/// Harness trouble (`Errored`) is kept apart from a failure of the implementation under test
/// (`Failed`), as Bowtie does (docs/design/lessons.md Lesson 5). Transport problems caused by the target
/// (timeouts, resets, garbage) are failures of the target, not harness errors.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// The requirement holds; `observed` says what was seen.
    Passed {
        /// What the target did.
        observed: String,
    },
    /// The target violated the requirement.
    Failed {
        /// What was wrong, naming the observed value.
        message: String,
    },
    /// The case did not run (unmet needs, precondition not applicable, filtered budget…).
    Skipped {
        /// Why it did not run.
        reason: String,
    },
    /// The harness itself could not run the case (bug, panic, local I/O problem).
    Errored {
        /// What went wrong in the harness.
        context: String,
    },
}

impl Verdict {
    /// A passed verdict.
    pub fn passed(observed: impl Into<String>) -> Self {
        Verdict::Passed {
            observed: observed.into(),
        }
    }

    /// A failed verdict.
    pub fn failed(message: impl Into<String>) -> Self {
        Verdict::Failed {
            message: message.into(),
        }
    }

    /// A skipped verdict.
    pub fn skipped(reason: impl Into<String>) -> Self {
        Verdict::Skipped {
            reason: reason.into(),
        }
    }

    /// An errored verdict.
    pub fn errored(context: impl Into<String>) -> Self {
        Verdict::Errored {
            context: context.into(),
        }
    }

    /// The verdict's kind.
    pub const fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Passed { .. } => VerdictKind::Passed,
            Verdict::Failed { .. } => VerdictKind::Failed,
            Verdict::Skipped { .. } => VerdictKind::Skipped,
            Verdict::Errored { .. } => VerdictKind::Errored,
        }
    }

    /// The verdict's text (observation, failure message, skip reason or error context).
    pub fn message(&self) -> &str {
        match self {
            Verdict::Passed { observed } => observed,
            Verdict::Failed { message } => message,
            Verdict::Skipped { reason } => reason,
            Verdict::Errored { context } => context,
        }
    }
}

/// The kind of a [`Verdict`], without its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictKind {
    /// See [`Verdict::Passed`].
    Passed,
    /// See [`Verdict::Failed`].
    Failed,
    /// See [`Verdict::Skipped`].
    Skipped,
    /// See [`Verdict::Errored`].
    Errored,
}

impl VerdictKind {
    /// Every kind, in report order.
    pub const ALL: [VerdictKind; 4] = [
        VerdictKind::Passed,
        VerdictKind::Failed,
        VerdictKind::Skipped,
        VerdictKind::Errored,
    ];

    /// The lower-case name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Passed => "passed",
            VerdictKind::Failed => "failed",
            VerdictKind::Skipped => "skipped",
            VerdictKind::Errored => "errored",
        }
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The future a case body returns.
pub type CaseFuture = Pin<Box<dyn Future<Output = Verdict> + Send + 'static>>;

/// A case body: a plain function from a context to a verdict future.
///
/// Written as `run: |ctx| Box::pin(my_case(ctx))` where `async fn my_case(ctx: Ctx) -> Verdict`.
pub type CaseFn = fn(Ctx) -> CaseFuture;

/// One conformance case.
#[derive(Clone, Copy)]
pub struct Case {
    /// Stable hierarchical id, e.g. `facilitator/supported/kinds-parse`. Never reused for another check.
    pub id: &'static str,
    /// One-line title.
    pub title: &'static str,
    /// The spec clause or reference behaviour checked, e.g. `x402 v2 §7.3.1`.
    pub clause: &'static str,
    /// What a conforming target does, in one or two sentences (shown in reports).
    pub expected: &'static str,
    /// Strictness.
    pub level: Level,
    /// Tags for selection and grouping.
    pub tags: &'static [Tag],
    /// Run-time resources needed.
    pub needs: Needs,
    /// The profiles under which the expectation differs from [`Case::expected`], and how.
    pub profiles: &'static [Divergence],
    /// The body.
    pub run: CaseFn,
}

impl Case {
    /// The case's area: the first two segments of its id (`facilitator/verify`), used to group charts.
    pub fn area(&self) -> &'static str {
        area_of(self.id)
    }

    /// The role the case tests: the first segment of its id (`facilitator`, `server`, `client`).
    pub fn role(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }

    /// What a conforming target does under `profile`.
    pub fn expected_under(&self, profile: Profile) -> &'static str {
        divergence_for(self.profiles, profile).map_or(self.expected, |d| d.expected)
    }
}

/// The first two `/`-separated segments of an id (or the whole id when it has fewer).
pub fn area_of(id: &str) -> &str {
    let mut slashes = id.match_indices('/').map(|(i, _)| i);
    let _first = slashes.next();
    match slashes.next() {
        Some(second) => id.get(..second).unwrap_or(id),
        None => id,
    }
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Case")
            .field("id", &self.id)
            .field("title", &self.title)
            .field("clause", &self.clause)
            .field("level", &self.level)
            .field("tags", &self.tags)
            .field("needs", &self.needs)
            .field("profiles", &self.profiles)
            .finish_non_exhaustive()
    }
}

/// Selects cases from the catalogue.
///
/// A case is selected when it matches at least one `ids` glob (or `ids` is empty), has **every**
/// tag in `tags`, has the given `level` (if any), and matches none of the `skip` globs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Id globs (`*` any run of characters including `/`, `?` one character).
    pub ids: Vec<String>,
    /// Required tags (all of them).
    pub tags: Vec<Tag>,
    /// Required level.
    pub level: Option<Level>,
    /// Id globs to exclude.
    pub skip: Vec<String>,
}

impl Filter {
    /// Whether `case` is selected.
    pub fn matches(&self, case: &Case) -> bool {
        (self.ids.is_empty() || self.ids.iter().any(|g| glob_match(g, case.id)))
            && self.tags.iter().all(|t| case.tags.contains(t))
            && self.level.is_none_or(|l| l == case.level)
            && !self.skip.iter().any(|g| glob_match(g, case.id))
    }

    /// The selected cases, in catalogue order.
    pub fn apply<'a>(&self, cases: &'a [Case]) -> Vec<&'a Case> {
        cases.iter().filter(|c| self.matches(c)).collect()
    }
}

/// Matches `text` against a glob where `*` matches any run of characters (including `/`) and `?`
/// matches exactly one character. Everything else matches itself. Linear-time (no backtracking blow-up).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position after the last `*` in the pattern and the text position it was tried against.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match (p.get(pi), t.get(ti)) {
            (Some('*'), _) => {
                star = Some((pi.saturating_add(1), ti));
                pi = pi.saturating_add(1);
            }
            (Some(pc), Some(tc)) if *pc == '?' || pc == tc => {
                pi = pi.saturating_add(1);
                ti = ti.saturating_add(1);
            }
            _ => match star {
                Some((after_star, tried)) => {
                    let next = tried.saturating_add(1);
                    star = Some((after_star, next));
                    pi = after_star;
                    ti = next;
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
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
    use proptest::prelude::*;

    #[test]
    fn glob_basics() {
        assert!(glob_match(
            "facilitator/*",
            "facilitator/verify/empty-body/rejected"
        ));
        assert!(glob_match(
            "*/empty-body/*",
            "facilitator/settle/empty-body/status"
        ));
        assert!(glob_match(
            "facilitator/supported/kinds-pars?",
            "facilitator/supported/kinds-parse"
        ));
        assert!(glob_match("*", ""));
        assert!(glob_match("", ""));
        assert!(!glob_match("", "a"));
        assert!(!glob_match("facilitator/verify/*", "facilitator/settle/x"));
        assert!(!glob_match("a?c", "ac"));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXbYY"));
        assert!(glob_match("**a", "bba"));
    }

    #[test]
    fn glob_is_not_exponential() {
        let text = "a".repeat(200);
        let pattern = format!("{}b", "*a".repeat(50));
        let start = std::time::Instant::now();
        assert!(!glob_match(&pattern, &text));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn area_is_two_segments() {
        assert_eq!(
            area_of("facilitator/verify/empty-body/rejected"),
            "facilitator/verify"
        );
        assert_eq!(area_of("facilitator/supported"), "facilitator/supported");
        assert_eq!(area_of("facilitator"), "facilitator");
    }

    #[test]
    fn needs_algebra() {
        let n = Needs::FUNDED_PAYER.union(Needs::RPC_URL);
        assert!(n.contains(Needs::RPC_URL));
        assert!(!n.contains(Needs::SETTLEMENT));
        assert_eq!(n.names(), vec!["funded-payer", "rpc-url"]);
        assert_eq!(n.missing_from(Needs::RPC_URL), Needs::FUNDED_PAYER);
        assert!(Needs::NONE.is_empty());
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"["funded-payer","rpc-url"]"#
        );
    }

    #[test]
    fn names_parse_case_insensitively_and_errors_list_choices() {
        assert_eq!("must".parse::<Level>().unwrap(), Level::Must);
        assert_eq!("SHOULD".parse::<Level>().unwrap(), Level::Should);
        assert_eq!("Eip3009".parse::<Tag>().unwrap(), Tag::Eip3009);
        let err = "nope".parse::<Tag>().unwrap_err().to_string();
        assert!(err.contains("unknown tag \"nope\""), "{err}");
        assert!(err.contains("robustness"), "{err}");
        for t in Tag::ALL {
            assert_eq!(t.as_str().parse::<Tag>().unwrap(), t);
        }
    }

    proptest! {
        #[test]
        fn glob_never_panics_and_star_matches_all(p in "[a-z*?/]{0,12}", t in "[a-z/]{0,24}") {
            let _ = glob_match(&p, &t);
            prop_assert!(glob_match("*", &t));
            prop_assert!(glob_match(&t, &t));
        }
    }
}
