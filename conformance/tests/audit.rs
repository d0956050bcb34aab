//! `x402-conformance audit`: resources listed by a facilitator's `GET /discovery/resources` and
//! given on the command line are audited without paying, one row per URL, in every report format;
//! a defective resource fails its row, an unreachable one is reported as such, exit code 1.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Value, json};
use x402_conformance::loopback::handler::{self, Handler, HttpReply, HttpRequest};
use x402_conformance::reference::facilitator::{REFERENCE_PAYER_KEY, ReferenceBackend};
use x402_conformance::reference::resource::{
    REFERENCE_PAID_PATH, ReferenceResource, ResourceDefect,
};
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

/// A facilitator that only lists resources.
struct Catalogue(Vec<String>);

impl Handler for Catalogue {
    fn handle(&self, request: HttpRequest) -> HttpReply {
        if request.path() != "/discovery/resources" {
            return HttpReply::json(404, &json!({ "error": "not found" }));
        }
        let mut items: Vec<Value> = self
            .0
            .iter()
            .map(|u| {
                json!({ "resource": u, "type": "http", "x402Version": 2, "accepts": [],
                        "lastUpdated": "2026-12-01T00:00:00.000Z" })
            })
            .collect();
        items.push(
            json!({ "resource": "mcp://tool/x", "type": "mcp", "x402Version": 2,
                           "accepts": [], "lastUpdated": 1_764_547_200 }),
        );
        HttpReply::json(
            200,
            &json!({ "x402Version": 2, "items": items,
                     "pagination": { "limit": 100, "offset": 0, "total": items.len() } }),
        )
    }
}

async fn resource(defects: &[ResourceDefect]) -> handler::HandlerServer {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let backend = Arc::new(ReferenceBackend::new(payer.address(), BTreeSet::new()).unwrap());
    let r = ReferenceResource::new(
        backend,
        EvmAddress::new(x402_conformance::ctx::DEFAULT_PAY_TO),
        defects.iter().copied().collect(),
    )
    .unwrap();
    handler::serve("127.0.0.1:0".parse().unwrap(), Arc::new(r), 1 << 20)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_rows_from_discovery_and_arguments() {
    let clean = resource(&[]).await;
    let bad = resource(&[ResourceDefect::ExternalSchemaRef, ResourceDefect::Cacheable]).await;
    let clean_url = format!("{}{REFERENCE_PAID_PATH}", clean.url());
    let bad_url = format!("{}{REFERENCE_PAID_PATH}", bad.url());
    let catalogue = handler::serve(
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(Catalogue(vec![clean_url.clone(), bad_url.clone()])),
        1 << 20,
    )
    .await
    .unwrap();
    let dir = std::env::temp_dir().join(format!("x402-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (json_path, junit_path, html_path) = (
        dir.join("audit.json"),
        dir.join("audit.xml"),
        dir.join("audit.html"),
    );
    let unreachable = "http://127.0.0.1:1/paid".to_owned();
    let args: Vec<String> = vec![
        "audit".into(),
        unreachable.clone(),
        "--from-discovery".into(),
        catalogue.url(),
        "--delay".into(),
        "10ms".into(),
        "--strict".into(),
        "--report-json".into(),
        json_path.display().to_string(),
        "--junit".into(),
        junit_path.display().to_string(),
        "--report-html".into(),
        html_path.display().to_string(),
    ];
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_x402-conformance"))
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("server/unpaid/bazaar-valid"), "{stdout}");

    let report: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    let urls: Vec<&str> = rows.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        vec![unreachable.as_str(), &clean_url, &bad_url],
        "the mcp item is left out"
    );
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(status, vec!["unreachable", "ok", "failing"]);
    let failed: BTreeSet<&str> = rows[2]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "failed")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        BTreeSet::from([
            "server/unpaid/bazaar-valid",
            "server/unpaid/cache-control-no-store"
        ])
    );
    assert!(
        rows[1]["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["verdict"] == "passed")
    );

    let junit = std::fs::read_to_string(&junit_path).unwrap();
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3);
    assert_eq!(suites[2].attribute("failures"), Some("2"));
    assert_eq!(suites[0].attribute("errors"), Some("1"));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains(&bad_url) && html.contains("failing"));
    let _ = std::fs::remove_dir_all(&dir);
    for s in [clean, bad, catalogue] {
        s.shutdown().await;
    }
}

#[test]
fn nothing_to_audit_is_a_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_x402-conformance"))
        .arg("audit")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
