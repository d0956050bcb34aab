//! The SARIF 2.1.0 report (`--report-sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! One run whose driver lists one rule per case that ran (id = case id, descriptions from the
//! title, the expectation and the clause) and one result per failed or errored case: MUST →
//! `error`, SHOULD → `warning`, INFO → `note`. Each result points at the line of this crate's
//! source that defines the case (see [`super::sources`]) and names the case as a logical
//! location; an expected failure (`--expect`) carries an external suppression.
//!
//! The types are a handful of serde structs written here rather than the `serde-sarif` crate:
//! serde-sarif 0.8 generates its whole object model at build time from the schema (a build script
//! with schemafy_lib, syn, quote, prettyplease and anyhow) and adds typed-builder, strum and
//! thiserror at run time, for the dozen objects this report uses. Only what is written is
//! modelled; `conformance/tests/sarif.rs` validates the output against the SARIF 2.1.0 schema.

use std::collections::BTreeSet;

use serde::Serialize;

use super::RunReport;
use crate::case::{Level, VerdictKind};

/// The `$schema` written at the top of every log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the harness is documented (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str =
    "https://github.com/x402-spec/x402-spec/blob/main/docs/conformance.md";

/// A SARIF log (SARIF 2.1.0 section 3.13).
#[derive(Debug, Clone, Serialize)]
pub struct SarifLog {
    /// The schema URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always `2.1.0`.
    pub version: &'static str,
    /// The runs: exactly one.
    pub runs: Vec<Run>,
}

/// One run of the tool (SARIF 2.1.0 section 3.14).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The tool.
    pub tool: Tool,
    /// How it was invoked (exit code, success).
    pub invocations: Vec<Invocation>,
    /// Results for the failed and errored cases.
    pub results: Vec<SarifResult>,
    /// Run-level facts: role, target, profile.
    pub properties: serde_json::Value,
}

/// The tool (SARIF 2.1.0 section 3.18).
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// The driver.
    pub driver: Driver,
}

/// The tool's driver component (SARIF 2.1.0 section 3.19).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// `x402-conformance`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// The documentation URL.
    pub information_uri: &'static str,
    /// One rule per case that ran.
    pub rules: Vec<Rule>,
}

/// A rule: one case (SARIF 2.1.0 section 3.49 reportingDescriptor).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The case id.
    pub id: String,
    /// The case id again, as a human-readable name.
    pub name: String,
    /// The title.
    pub short_description: Text,
    /// Expected behaviour and clause.
    pub full_description: Text,
    /// Expected behaviour and clause (shown by viewers as help).
    pub help: Text,
    /// The level a failure of this case is reported at.
    pub default_configuration: Configuration,
    /// `level` (MUST/SHOULD/INFO), `tags`, `clause`.
    pub properties: serde_json::Value,
}

/// A reporting configuration (SARIF 2.1.0 section 3.50).
#[derive(Debug, Clone, Serialize)]
pub struct Configuration {
    /// `error`, `warning` or `note`.
    pub level: &'static str,
}

/// A plain-text message or description (SARIF 2.1.0 section 3.11).
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
}

/// An invocation (SARIF 2.1.0 section 3.20).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    /// Whether the run completed (a failing target is still a successful run of the tool).
    pub execution_successful: bool,
    /// The exit code the run ends with.
    pub exit_code: i32,
}

/// A result: one failed or errored case (SARIF 2.1.0 section 3.27).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// The case id.
    pub rule_id: String,
    /// Index of the rule in `tool.driver.rules`.
    pub rule_index: usize,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    /// The verdict message.
    pub message: Text,
    /// The source line that defines the case, and the case as a logical location.
    pub locations: Vec<Location>,
    /// `--expect` listed the case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// `verdict` (failed/errored), `clause`, `expected`.
    pub properties: serde_json::Value,
}

/// A location (SARIF 2.1.0 section 3.28).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// The defining source line, when the case is found in [`super::sources::CASE_SOURCES`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical_location: Option<PhysicalLocation>,
    /// The case id.
    pub logical_locations: Vec<LogicalLocation>,
}

/// A physical location (SARIF 2.1.0 section 3.29).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The line.
    pub region: Region,
}

/// An artifact location (SARIF 2.1.0 section 3.4).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    /// Repository-relative path.
    pub uri: String,
    /// `%SRCROOT%`: the root of the x402-spec repository.
    pub uri_base_id: &'static str,
}

/// A region (SARIF 2.1.0 section 3.30).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based line.
    pub start_line: usize,
}

/// A logical location (SARIF 2.1.0 section 3.33).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    /// The case id.
    pub fully_qualified_name: String,
    /// `test`: the location is a conformance case.
    pub kind: &'static str,
}

/// A suppression (SARIF 2.1.0 section 3.35).
#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    /// `external`: suppressed outside the source (`--expect`).
    pub kind: &'static str,
    /// Why.
    pub justification: String,
}

/// The SARIF level of a failure at `level`.
pub fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Must => "error",
        Level::Should => "warning",
        Level::Info => "note",
    }
}

/// The report as a SARIF log.
pub fn to_log(report: &RunReport) -> SarifLog {
    let summary = report.summary();
    let expected: BTreeSet<&str> = summary
        .expected_failures
        .iter()
        .map(String::as_str)
        .collect();
    let mut rules: Vec<Rule> = Vec::new();
    let mut results = Vec::new();
    for r in &report.results {
        let rule_index = match rules.iter().position(|x| x.id == r.id) {
            Some(i) => i,
            None => {
                let help = format!("Expected: {}\nClause: {}", r.expected, r.clause);
                rules.push(Rule {
                    id: r.id.to_owned(),
                    name: r.id.to_owned(),
                    short_description: Text {
                        text: r.title.to_owned(),
                    },
                    full_description: Text { text: help.clone() },
                    help: Text { text: help },
                    default_configuration: Configuration {
                        level: sarif_level(r.level),
                    },
                    properties: serde_json::json!({
                        "level": r.level,
                        "tags": r.tags,
                        "clause": r.clause,
                    }),
                });
                rules.len().saturating_sub(1)
            }
        };
        let kind = r.verdict.kind();
        if !matches!(kind, VerdictKind::Failed | VerdictKind::Errored) {
            continue;
        }
        let message = match (kind, r.verdict.message()) {
            (_, m) if !m.trim().is_empty() => m.to_owned(),
            (VerdictKind::Errored, _) => format!("{}: errored", r.title),
            _ => format!("{}: failed", r.title),
        };
        let physical_location = super::sources::locate(r.id).map(|s| PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: s.path.to_owned(),
                uri_base_id: "%SRCROOT%",
            },
            region: Region { start_line: s.line },
        });
        let suppressions = if expected.contains(r.id) {
            vec![Suppression {
                kind: "external",
                justification: "listed in --expect".to_owned(),
            }]
        } else {
            Vec::new()
        };
        results.push(SarifResult {
            rule_id: r.id.to_owned(),
            rule_index,
            level: sarif_level(r.level),
            message: Text { text: message },
            locations: vec![Location {
                physical_location,
                logical_locations: vec![LogicalLocation {
                    fully_qualified_name: r.id.to_owned(),
                    kind: "test",
                }],
            }],
            suppressions,
            properties: serde_json::json!({
                "verdict": kind,
                "clause": r.clause,
                "expected": r.expected,
                "failsRun": r.fails_run(report.meta.strict) && !expected.contains(r.id),
            }),
        });
    }
    let m = &report.meta;
    SarifLog {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "x402-conformance",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: true,
                exit_code: summary.exit_code,
            }],
            results,
            properties: serde_json::json!({
                "role": m.role,
                "target": m.target,
                "profile": m.profile,
                "strict": m.strict,
                "startedAt": super::rfc3339(m.started_at),
            }),
        }],
    }
}

/// The report as pretty-printed SARIF JSON (with a trailing newline).
pub fn to_string(report: &RunReport) -> String {
    let mut s = serde_json::to_string_pretty(&to_log(report)).unwrap_or_else(|e| {
        // Serializing these structs cannot fail; keep a valid (empty) log regardless.
        format!(
            "{{\"version\":\"2.1.0\",\"runs\":[],\"properties\":{{\"error\":{:?}}}}}",
            e.to_string()
        )
    });
    s.push('\n');
    s
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
    use serde_json::Value;

    #[test]
    fn rules_for_every_case_results_for_failures() {
        let v: Value = serde_json::from_str(&to_string(&sample_report())).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "x402-conformance");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[0]["id"], "facilitator/verify/a");
        assert_eq!(rules[0]["properties"]["level"], "MUST");
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
        assert!(
            rules[0]["help"]["text"]
                .as_str()
                .unwrap()
                .contains("Clause: x402 v2 §7.1")
        );
        let results = run["results"].as_array().unwrap();
        // a failed, d errored; b passed and c skipped have no result.
        let ids: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["facilitator/verify/a", "facilitator/settle/d"]);
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[1]["ruleIndex"], 3);
        assert_eq!(results[1]["properties"]["verdict"], "errored");
        assert!(results[0].get("suppressions").is_none());
        // The sample ids are not in the catalogue: a logical location only.
        assert!(results[0]["locations"][0].get("physicalLocation").is_none());
        assert_eq!(
            results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "facilitator/verify/a"
        );
        assert_eq!(run["invocations"][0]["exitCode"], 1);
    }

    #[test]
    fn expected_failures_are_suppressed_and_levels_map() {
        let mut r = sample_report();
        r.meta.expected = vec!["facilitator/verify/a".into()];
        let log = to_log(&r);
        let res = &log.runs[0].results;
        assert_eq!(res[0].suppressions.len(), 1);
        assert_eq!(res[0].suppressions[0].kind, "external");
        assert_eq!(res[0].suppressions[0].justification, "listed in --expect");
        assert!(res[1].suppressions.is_empty());
        assert_eq!(sarif_level(Level::Info), "note");
    }

    #[test]
    fn a_catalogue_case_points_at_its_source_line() {
        let mut r = sample_report();
        let id = crate::cases::catalogue().first().unwrap().id;
        r.results[0].id = id;
        let log = to_log(&r);
        let loc = log.runs[0].results[0].locations[0]
            .physical_location
            .as_ref()
            .unwrap();
        assert!(loc.artifact_location.uri.starts_with("conformance/src/"));
        assert!(loc.region.start_line > 0);
    }
}
