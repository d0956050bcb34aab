//! The triage outputs of the built binary (#14): `--report-sarif` validates against the SARIF
//! 2.1.0 schema and carries the failing case at its level; `--evidence` writes every case's
//! exchanges with a SHA256SUMS that verifies; `--compare` and `compare` call out a regression
//! without changing the run's exit code. The runs are the built-in reference facilitator, clean
//! and with the seeded `accept-replay` defect, limited to the replay cases to stay quick.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::{code, run_bin, temp_dir, text};
use serde_json::Value;
use sha2::{Digest, Sha256};

const LIMIT: Duration = Duration::from_secs(120);
const REPLAY: &str = "facilitator/settle/*/replay/*";
const CAUGHT: &str = "facilitator/settle/v2-eip3009/replay/refused";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sarif_errors(v: &Value) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The JSON report of a clean run of the replay cases, written into `dir`.
fn clean_report(dir: &Path) -> std::path::PathBuf {
    let clean = dir.join("clean.json");
    let o = run_bin(
        &[
            "facilitator",
            "--id",
            REPLAY,
            "--timeout",
            "5s",
            "--quiet",
            "--report-json",
            s(&clean),
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    clean
}

/// A clean run's JSON report, then a defect run with every triage output.
#[test]
fn sarif_evidence_and_compare_of_a_seeded_defect() {
    let dir = temp_dir("run");
    let clean = clean_report(&dir);

    let (bad, sarif, ev) = (
        dir.join("bad.json"),
        dir.join("r.sarif"),
        dir.join("evidence"),
    );
    let o = run_bin(
        &[
            "facilitator",
            "--defect",
            "accept-replay",
            "--id",
            REPLAY,
            "--timeout",
            "5s",
            "--quiet",
            "--report-json",
            s(&bad),
            "--report-sarif",
            s(&sarif),
            "--evidence",
            s(&ev),
            "--compare",
            s(&clean),
        ],
        &[],
        LIMIT,
    );
    // The run's own exit code: a MUST case failed.
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("REGRESSION: "), "{out}");
    assert!(
        out.contains(&format!("MUST    {CAUGHT}  passed → failed")),
        "{out}"
    );

    // SARIF: schema-valid, one rule per case that ran, the caught case as an error result that
    // points at the file defining it.
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    // The schema does judge: a level SARIF does not define is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_errors(&broken).is_empty());
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&bad).unwrap()).unwrap();
    let run = &log["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        report["cases"].as_array().unwrap().len()
    );
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == CAUGHT)
        .unwrap_or_else(|| panic!("{CAUGHT} not among the results: {run}"));
    assert_eq!(result["level"], "error");
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    let line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap();
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(uri))
            .unwrap();
    assert!(
        source
            .lines()
            .nth(usize::try_from(line).unwrap() - 1)
            .unwrap()
            .contains(CAUGHT),
        "{uri}:{line}"
    );
    assert!(result.get("suppressions").is_none());

    // Evidence: run.json, one file per case, and sums that verify.
    // run.json is the --report-json of the same run, byte for byte.
    assert_eq!(
        std::fs::read(ev.join("run.json")).unwrap(),
        std::fs::read(&bad).unwrap()
    );
    let cases = std::fs::read_dir(ev.join("cases")).unwrap().count();
    assert_eq!(cases, report["cases"].as_array().unwrap().len());
    let sums = std::fs::read_to_string(ev.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), cases + 1);
    for l in sums.lines() {
        let (hex, name) = l.split_once("  ").unwrap();
        let digest = Sha256::digest(std::fs::read(ev.join(name)).unwrap());
        let got: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, hex, "{name}");
    }
    let caught: Value = serde_json::from_str(
        &std::fs::read_to_string(
            ev.join("cases")
                .join(format!("{}.json", CAUGHT.replace('/', "__"))),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(caught["verdict"], "failed");
    let first = &caught["exchanges"][0];
    assert_eq!(first["request"]["method"], "POST");
    assert!(
        first["request"]["body"]
            .as_str()
            .unwrap()
            .contains("x402Version")
    );
    assert!(first["response"]["status"].as_u64().is_some());

    // The evidence directory now holds a run: reusing it is refused before anything runs.
    let o = run_bin(
        &["facilitator", "--id", REPLAY, "--evidence", s(&ev)],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("not empty"), "{}", text(&o.stderr));

    // Offline: regression → 1, the reverse (a fix) → 0, unreadable → 2.
    let o = run_bin(&["compare", s(&clean), s(&bad)], &[], LIMIT);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("REGRESSION: "),
        "{}",
        text(&o.stdout)
    );
    let o = run_bin(&["compare", s(&bad), s(&clean)], &[], LIMIT);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("fixes ("), "{}", text(&o.stdout));
    assert!(!text(&o.stdout).contains("REGRESSION"));
    let o = run_bin(&["compare", s(&clean), s(&clean)], &[], LIMIT);
    assert_eq!(code(&o), 0);
    assert!(text(&o.stdout).contains("no differences"));
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "{not json").unwrap();
    for args in [
        vec!["compare", s(&clean), s(&junk)],
        vec!["compare", s(&dir.join("missing.json")), s(&clean)],
        vec!["compare", s(&clean), s(&sarif)],
    ] {
        let o = run_bin(&args, &[], LIMIT);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
    }
    // --compare with an unreadable old report is a usage error before the run.
    let o = run_bin(
        &["facilitator", "--id", REPLAY, "--compare", s(&junk)],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With the caught cases listed in --expect the run passes; SARIF keeps them as suppressed
/// results and --compare still shows the regression (the exit code is the run's).
#[test]
fn expected_failures_are_suppressed_and_compare_keeps_the_exit_code() {
    let dir = temp_dir("expect");
    let clean = clean_report(&dir);
    let sarif = dir.join("r.sarif");
    let o = run_bin(
        &[
            "facilitator",
            "--defect",
            "accept-replay",
            "--id",
            REPLAY,
            "--expect",
            REPLAY,
            "--timeout",
            "5s",
            "--quiet",
            "--report-sarif",
            s(&sarif),
            "--compare",
            s(&clean),
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("REGRESSION: "),
        "{}",
        text(&o.stdout)
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert!(sarif_errors(&log).is_empty());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["suppressions"][0]["kind"], "external", "{r}");
        assert_eq!(r["suppressions"][0]["justification"], "listed in --expect");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
