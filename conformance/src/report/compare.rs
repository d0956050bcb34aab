//! Differences between two JSON reports of the same role (`--compare OLD.json`, and the
//! `compare OLD.json NEW.json` subcommand).
//!
//! A *regression* is a case that passed in the old report and failed or errored in the new one;
//! a *fix* is the reverse. New and removed case ids, level changes and any other verdict change
//! (e.g. passed → skipped) are listed too. Only `run.role` and each case's `id`, `level` and
//! `verdict` are read, so reports of any `formatVersion` 1 run compare.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// One case as the comparison reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    /// `MUST`, `SHOULD` or `INFO`.
    pub level: String,
    /// `passed`, `failed`, `skipped` or `errored`.
    pub verdict: String,
}

/// What a JSON report says, as far as the comparison goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCases {
    /// `run.role`.
    pub role: String,
    /// Case id → level and verdict, in id order.
    pub cases: BTreeMap<String, CaseLine>,
}

impl ReportCases {
    /// Reads a JSON report (`--report-json` output) from its value.
    pub fn from_value(v: &Value) -> Result<ReportCases, String> {
        if v.get("formatVersion").and_then(Value::as_u64) != Some(super::json::FORMAT_VERSION) {
            return Err(format!(
                "not an x402-conformance JSON report of formatVersion {}",
                super::json::FORMAT_VERSION
            ));
        }
        let role = v
            .pointer("/run/role")
            .and_then(Value::as_str)
            .ok_or("the report has no run.role")?
            .to_owned();
        let list = v
            .get("cases")
            .and_then(Value::as_array)
            .ok_or("the report has no cases array")?;
        let mut cases = BTreeMap::new();
        for c in list {
            let field = |k: &str| {
                c.get(k)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("a case has no string {k:?}"))
            };
            cases.insert(
                field("id")?,
                CaseLine {
                    level: field("level")?,
                    verdict: field("verdict")?,
                },
            );
        }
        Ok(ReportCases { role, cases })
    }

    /// Reads a JSON report file.
    pub fn load(path: &Path) -> Result<ReportCases, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
        ReportCases::from_value(&v).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// A verdict change of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Case id.
    pub id: String,
    /// Level in the new report.
    pub level: String,
    /// Old verdict.
    pub from: String,
    /// New verdict.
    pub to: String,
}

/// The differences between two reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Passed → failed or errored.
    pub regressions: Vec<Change>,
    /// Failed or errored → passed.
    pub fixes: Vec<Change>,
    /// Any other verdict change (e.g. passed → skipped, failed → errored).
    pub other: Vec<Change>,
    /// Ids only in the new report, with their level and verdict.
    pub added: Vec<(String, CaseLine)>,
    /// Ids only in the old report, with their level and verdict.
    pub removed: Vec<(String, CaseLine)>,
    /// Ids whose level changed: (id, old level, new level).
    pub level_changes: Vec<(String, String, String)>,
}

fn is_bad(verdict: &str) -> bool {
    matches!(verdict, "failed" | "errored")
}

/// Compares `old` with `new`; an error when their roles differ.
pub fn diff(old: &ReportCases, new: &ReportCases) -> Result<Diff, String> {
    if old.role != new.role {
        return Err(format!(
            "cannot compare a {} report with a {} report",
            old.role, new.role
        ));
    }
    let mut d = Diff::default();
    for (id, n) in &new.cases {
        let Some(o) = old.cases.get(id) else {
            d.added.push((id.clone(), n.clone()));
            continue;
        };
        if o.level != n.level {
            d.level_changes
                .push((id.clone(), o.level.clone(), n.level.clone()));
        }
        if o.verdict == n.verdict {
            continue;
        }
        let change = Change {
            id: id.clone(),
            level: n.level.clone(),
            from: o.verdict.clone(),
            to: n.verdict.clone(),
        };
        if o.verdict == "passed" && is_bad(&n.verdict) {
            d.regressions.push(change);
        } else if is_bad(&o.verdict) && n.verdict == "passed" {
            d.fixes.push(change);
        } else {
            d.other.push(change);
        }
    }
    for (id, o) in &old.cases {
        if !new.cases.contains_key(id) {
            d.removed.push((id.clone(), o.clone()));
        }
    }
    Ok(d)
}

impl Diff {
    /// Whether some case regressed.
    pub fn has_regression(&self) -> bool {
        !self.regressions.is_empty()
    }

    /// Whether the two reports agree on every case.
    pub fn is_empty(&self) -> bool {
        self.regressions.is_empty()
            && self.fixes.is_empty()
            && self.other.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.level_changes.is_empty()
    }

    /// The differences as terminal text (ANSI colour when `color`), ending with a newline.
    pub fn render(&self, old_label: &str, new_label: &str, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let mut out = format!("compared with {old_label} → {new_label}\n");
        if self.is_empty() {
            out.push_str("  no differences: every case has the same level and verdict\n");
            return out;
        }
        if self.has_regression() {
            out.push_str("  ");
            out.push_str(&paint(
                "1;31",
                &format!(
                    "REGRESSION: {} case(s) passed before and fail now",
                    self.regressions.len()
                ),
            ));
            out.push('\n');
        }
        let changes = |out: &mut String, title: &str, list: &[Change], code: &str| {
            if list.is_empty() {
                return;
            }
            out.push_str(&format!("  {title} ({}):\n", list.len()));
            for c in list {
                out.push_str("    ");
                out.push_str(&paint(
                    code,
                    &format!("{:<6}  {}  {} → {}", c.level, c.id, c.from, c.to),
                ));
                out.push('\n');
            }
        };
        changes(&mut out, "regressions", &self.regressions, "31");
        changes(&mut out, "fixes", &self.fixes, "32");
        changes(&mut out, "other verdict changes", &self.other, "33");
        let cases = |out: &mut String, title: &str, list: &[(String, CaseLine)]| {
            if list.is_empty() {
                return;
            }
            out.push_str(&format!("  {title} ({}):\n", list.len()));
            for (id, c) in list {
                out.push_str(&format!("    {:<6}  {id}  {}\n", c.level, c.verdict));
            }
        };
        cases(&mut out, "new cases", &self.added);
        cases(&mut out, "removed cases", &self.removed);
        if !self.level_changes.is_empty() {
            out.push_str(&format!(
                "  level changes ({}):\n",
                self.level_changes.len()
            ));
            for (id, from, to) in &self.level_changes {
                out.push_str(&format!("    {id}  {from} → {to}\n"));
            }
        }
        out.push_str(&format!(
            "  {} regression(s), {} fix(es), {} other change(s), {} new, {} removed, {} level change(s)\n",
            self.regressions.len(),
            self.fixes.len(),
            self.other.len(),
            self.added.len(),
            self.removed.len(),
            self.level_changes.len()
        ));
        out
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
    use crate::report::tests::sample_report;
    use serde_json::json;

    fn report(role: &str, cases: &[(&str, &str, &str)]) -> ReportCases {
        ReportCases::from_value(&json!({
            "formatVersion": 1,
            "run": { "role": role },
            "cases": cases.iter().map(|(id, level, verdict)| json!({
                "id": id, "level": level, "verdict": verdict,
            })).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn classifies_every_kind_of_change() {
        let old = report(
            "facilitator",
            &[
                ("a", "MUST", "passed"),
                ("b", "MUST", "failed"),
                ("c", "SHOULD", "passed"),
                ("d", "INFO", "passed"),
                ("gone", "MUST", "passed"),
                ("same", "MUST", "passed"),
            ],
        );
        let new = report(
            "facilitator",
            &[
                ("a", "MUST", "errored"),
                ("b", "MUST", "passed"),
                ("c", "MUST", "skipped"),
                ("d", "INFO", "failed"),
                ("fresh", "SHOULD", "failed"),
                ("same", "MUST", "passed"),
            ],
        );
        let d = diff(&old, &new).unwrap();
        let ids = |l: &[Change]| l.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.regressions), ["a", "d"]);
        assert_eq!(ids(&d.fixes), ["b"]);
        assert_eq!(ids(&d.other), ["c"]);
        assert_eq!(d.added[0].0, "fresh");
        assert_eq!(d.removed[0].0, "gone");
        assert_eq!(
            d.level_changes,
            vec![("c".to_owned(), "SHOULD".to_owned(), "MUST".to_owned())]
        );
        assert!(d.has_regression());
        let text = d.render("old.json", "new.json", false);
        assert!(
            text.contains("REGRESSION: 2 case(s) passed before and fail now"),
            "{text}"
        );
        assert!(text.contains("MUST    a  passed → errored"), "{text}");
        assert!(
            text.contains("level changes (1):\n    c  SHOULD → MUST"),
            "{text}"
        );
        assert!(!text.contains('\x1b'));
        assert!(d.render("o", "n", true).contains("\x1b[1;31mREGRESSION"));
    }

    #[test]
    fn identical_reports_and_role_mismatch() {
        let v = crate::report::json::to_value(&sample_report());
        let r = ReportCases::from_value(&v).unwrap();
        assert_eq!(r.cases.len(), 4);
        let d = diff(&r, &r).unwrap();
        assert!(d.is_empty() && !d.has_regression());
        assert!(d.render("a", "b", false).contains("no differences"));
        let other = report("server", &[]);
        assert!(diff(&r, &other).unwrap_err().contains("server report"));
        assert!(ReportCases::from_value(&json!({"formatVersion": 2})).is_err());
        assert!(ReportCases::from_value(&json!([])).is_err());
        assert!(ReportCases::load(Path::new("/nonexistent-x402/old.json")).is_err());
    }
}
