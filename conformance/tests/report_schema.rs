//! The JSON report validates against `conformance/schema/report.schema.json`, for every verdict
//! kind, transport errors and hostile content; the schema rejects documents that break the format.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use std::time::{Duration, SystemTime};

use common::{Behaviour, Double, ctx, double_server, raw_server, run_bin};
use serde_json::{Value, json};
use x402_conformance::case::{Case, Filter, Level, Needs, Tag, Verdict, VerdictKind};
use x402_conformance::cases::catalogue;
use x402_conformance::report::{RunMeta, RunReport, html, json as json_report};
use x402_conformance::runner::{run_cases, run_one};

fn validator() -> jsonschema::Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(v: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

fn meta() -> RunMeta {
    RunMeta {
        role: "facilitator".into(),
        target: "http://127.0.0.1".into(),
        started_at: SystemTime::now(),
        duration: Duration::from_millis(1),
        timeout: Duration::from_millis(800),
        concurrency: 8,
        strict: false,
        networks: vec![],
        assets: Default::default(),
        rpc_url_networks: vec![],
        payer_key_source: None,
        settlement_allowed: false,
        max_spend: "0".into(),
        spent: "0".into(),
        reserved: "0".into(),
        expected: Vec::new(),
        filter: Filter {
            ids: vec!["*".into()],
            tags: vec![Tag::Verify],
            level: Some(Level::Must),
            skip: vec![],
        },
        profile: x402_conformance::profile::Profile::Strict,
        skew_secs: 0,
        settings: vec![("client".into(), "node".into())],
        outage: None,
    }
}

/// A report with passed, failed, skipped and errored results, timeouts and hostile bodies.
async fn mixed_report() -> RunReport {
    let all = catalogue();
    let refs: Vec<&Case> = all.iter().collect();
    let good = double_server(Double::RejectAll).await;
    let mut results = run_cases(
        &ctx(&good.url(), Duration::from_secs(5)),
        &refs,
        &mut |_, _, _| {},
    )
    .await;
    let hang = raw_server(Behaviour::Hang).await;
    let timeout = Duration::from_millis(800);
    let hang_case = common::case("facilitator/verify/empty-body/rejected");
    results.push(
        run_one(
            &hang_case,
            ctx(&hang.url, timeout).for_case(),
            Duration::from_secs(5),
        )
        .await,
    );
    let html_server = raw_server(Behaviour::NonJson).await;
    results.push(
        run_one(
            &common::case("facilitator/supported/ok-json"),
            ctx(&html_server.url, timeout),
            timeout * 6,
        )
        .await,
    );
    let panicking = Case {
        id: "facilitator/test/panics",
        title: "panics",
        clause: "none",
        expected: "nothing",
        level: Level::Must,
        tags: &[Tag::Robustness],
        needs: Needs::NONE,
        profiles: &[],
        run: |_| Box::pin(async { panic!("<script>boom</script>") }),
    };
    results.push(run_one(&panicking, ctx(&good.url(), timeout), timeout).await);
    let needs_payer = Case {
        id: "facilitator/test/needs",
        needs: Needs::FUNDED_PAYER,
        ..panicking
    };
    results.push(run_one(&needs_payer, ctx(&good.url(), timeout), timeout).await);
    let kinds: Vec<VerdictKind> = results.iter().map(|r| r.verdict.kind()).collect();
    for k in VerdictKind::ALL {
        assert!(kinds.contains(&k), "the sample lacks a {k} result");
    }
    assert!(matches!(
        results.last().unwrap().verdict,
        Verdict::Skipped { .. }
    ));
    RunReport {
        meta: meta(),
        results,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_report_validates() {
    let report = mixed_report().await;
    let v = json_report::to_value(&report);
    assert_valid(&v);
    assert_eq!(v["summary"]["exitCode"], 1);
    let text = json_report::to_string(&report);
    let reparsed: Value = serde_json::from_str(&text).unwrap();
    assert_valid(&reparsed);
    // The hostile panic message is escaped in HTML.
    let page = html::to_string(&report);
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;boom&lt;/script&gt;"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_rejects_broken_documents() {
    let report = mixed_report().await;
    let good = json_report::to_value(&report);
    let validator = validator();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mut mutations: Vec<(&str, Mutation)> = vec![
        (
            "unknown verdict",
            Box::new(|v: &mut Value| v["cases"][0]["verdict"] = json!("maybe")),
        ),
        (
            "wrong format version",
            Box::new(|v: &mut Value| v["formatVersion"] = json!(2)),
        ),
        (
            "extra member",
            Box::new(|v: &mut Value| v["run"]["payerKey"] = json!("0x00")),
        ),
        (
            "missing summary",
            Box::new(|v: &mut Value| drop(v.as_object_mut().unwrap().remove("summary"))),
        ),
        (
            "bad id",
            Box::new(|v: &mut Value| v["cases"][0]["id"] = json!("Not An Id")),
        ),
        (
            "bad level",
            Box::new(|v: &mut Value| v["cases"][0]["level"] = json!("MAY")),
        ),
        (
            "response and error together",
            Box::new(|v: &mut Value| {
                let case = v["cases"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|c| !c["exchanges"].as_array().unwrap().is_empty())
                    .unwrap();
                case["exchanges"][0]["error"] = json!({"kind": "timeout", "message": "x"});
            }),
        ),
        (
            "bad startedAt",
            Box::new(|v: &mut Value| v["run"]["startedAt"] = json!("yesterday")),
        ),
    ];
    for (name, mutate) in mutations.drain(..) {
        let mut doc = good.clone();
        mutate(&mut doc);
        assert!(
            !validator.is_valid(&doc),
            "schema accepted a document with {name}"
        );
    }
}

#[test]
fn binary_report_validates() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(double_server(Double::Error500));
    let path = std::env::temp_dir().join(format!(
        "x402-conformance-schema-{}.json",
        std::process::id()
    ));
    let o = run_bin(
        &[
            "facilitator",
            "--url",
            &server.url(),
            "--timeout",
            "5s",
            "--report-json",
            path.to_str().unwrap(),
        ],
        &[],
        Duration::from_secs(120),
    );
    // HTTP 500 for invalid payments is a MUST failure (x402 v2 §7.1: 200 with isValid:false).
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_valid(&v);
    assert_eq!(v["cases"].as_array().unwrap().len(), catalogue().len());
    // The built-in reference's report (every case run, settlement and RPC included).
    let o = run_bin(
        &[
            "facilitator",
            "--timeout",
            "5s",
            "--report-json",
            path.to_str().unwrap(),
        ],
        &[],
        Duration::from_secs(120),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_valid(&v);
    assert_eq!(v["summary"]["passed"], v["summary"]["total"]);
    assert_eq!(v["run"]["settlementAllowed"], true);
    assert_eq!(v["run"]["payerKeySource"], "built-in reference test key");
    assert_eq!(v["run"]["profile"], "strict");
    assert_eq!(v["run"]["skewSeconds"], 0);
    // The other roles and the fuzzer write the same format.
    for (args, role) in [
        (&["server", "--profile", "ts"][..], "server"),
        (&["client", "--profile", "go"][..], "client"),
        (
            &[
                "facilitator",
                "--profile",
                "py",
                "--fuzz",
                "20",
                "--seed",
                "3",
            ][..],
            "facilitator",
        ),
    ] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--report-json", path.to_str().unwrap()]);
        let o = run_bin(&all, &[], Duration::from_secs(120));
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_valid(&v);
        assert_eq!(v["run"]["role"], role, "{args:?}");
        assert_eq!(v["run"]["profile"], args[2], "{args:?}");
    }
}
