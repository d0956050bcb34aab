//! The server and client roles and the fuzzer, proven the way `defects.rs` proves the
//! facilitator suite: the built-in references pass every case (none skipped), and every seeded
//! defect is caught by the case designed for it while the clean behaviours keep passing.
//!
//! - server role: the reference resource server (x402-spec over the in-memory ledger, on
//!   127.0.0.1, settling through the fault-injecting facilitator over HTTP) and every
//!   [`ResourceDefect`];
//! - client role: the built-in reference client (this crate's binary, `reference-client`) run
//!   once per case, and its nine [`ClientDefect`]s;
//! - fuzzing: `--fuzz 200 --seed 1` finds nothing against the clean reference facilitator, finds
//!   and shrinks `accept-overpayment`, and the same seed reproduces the same report.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use alloy_primitives::U256;
use x402_conformance::case::{Case, Level, VerdictKind};
use x402_conformance::cases::client::reference_client_command;
use x402_conformance::cases::{client_catalogue, server_catalogue};
use x402_conformance::ctx::{ClientTarget, Ctx, RunConfig};
use x402_conformance::fuzz::{self, Budget};
use x402_conformance::http::HttpClient;
use x402_conformance::loopback::handler;
use x402_conformance::loopback::{LoopbackServer, ServerOptions};
use x402_conformance::profile::Profile;
use x402_conformance::reference::client::ClientDefect;
use x402_conformance::reference::defects::Defect;
use x402_conformance::reference::facilitator::{REFERENCE_PAYER_KEY, ReferenceBackend};
use x402_conformance::reference::faults::FaultyFacilitator;
use x402_conformance::reference::resource::{
    FacilitatorLink, REFERENCE_PAID_PATH, ReferenceResource, ResourceDefect,
};
use x402_conformance::reference::resource_v1::ReferenceResourceV1;
use x402_conformance::runner::{CaseResult, run_cases};
use x402_conformance::secret::{KeySource, PayerKey};
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

const TIMEOUT: Duration = Duration::from_secs(5);

fn payer_key() -> Arc<PayerKey> {
    Arc::new(PayerKey::from_bytes(REFERENCE_PAYER_KEY, KeySource::ReferenceTestKey).unwrap())
}

async fn run_server_suite(defects: &[ResourceDefect], profile: Profile) -> Vec<CaseResult> {
    run_server_suite_version(defects, profile, 2).await
}

/// As [`run_server_suite`], against the reference server of x402 `version` (1: the v1
/// reference, `ReferenceResourceV1`).
async fn run_server_suite_version(
    defects: &[ResourceDefect],
    profile: Profile,
    version: u8,
) -> Vec<CaseResult> {
    // As `x402-conformance server` without --url: the reference resource server settles over
    // HTTP through the harness's fault-injecting facilitator.
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let faulty = Arc::new(FaultyFacilitator::new(payer.address()).unwrap());
    let facilitator = LoopbackServer::start(
        "127.0.0.1:0".parse().unwrap(),
        Arc::clone(&faulty) as Arc<dyn x402_conformance::loopback::FacilitatorBackend>,
        ServerOptions {
            max_hang: TIMEOUT / 2,
            ..ServerOptions::default()
        },
    )
    .await
    .unwrap();
    let link = FacilitatorLink::Http {
        base: facilitator.url(),
        timeout: TIMEOUT / 4,
    };
    let pay_to = EvmAddress::new(x402_conformance::ctx::DEFAULT_PAY_TO);
    let defects: BTreeSet<ResourceDefect> = defects.iter().copied().collect();
    let resource: Arc<dyn handler::Handler> = if version == 1 {
        Arc::new(ReferenceResourceV1::with_link(link, pay_to, defects).unwrap())
    } else {
        Arc::new(ReferenceResource::with_link(link, pay_to, defects).unwrap())
    };
    let server = handler::serve("127.0.0.1:0".parse().unwrap(), resource, 1024 * 1024)
        .await
        .unwrap();
    let url = format!("{}{REFERENCE_PAID_PATH}", server.url());
    let mut cfg = RunConfig::new(&url);
    cfg.timeout = TIMEOUT;
    cfg.concurrency = 8;
    cfg.strict = true;
    cfg.profile = profile;
    cfg.allow_settlement = true;
    cfg.max_spend = U256::from(10u64).pow(U256::from(18u8));
    cfg.payer_key = Some(payer_key());
    cfg.facilitator_faults = Some(faulty);
    let client = HttpClient::new(&url, TIMEOUT, cfg.body_cap).unwrap();
    let root = Ctx::new(cfg, client, None);
    let all = server_catalogue();
    let refs: Vec<&Case> = all.iter().collect();
    let results = run_cases(&root, &refs, &mut |_, _, _| {}).await;
    server.shutdown().await;
    facilitator.shutdown().await;
    results
}

async fn run_client_suite(defects: &[ClientDefect], profile: Profile) -> Vec<CaseResult> {
    let names: Vec<String> = defects.iter().map(|d| d.name().to_owned()).collect();
    let mut cfg = RunConfig::new("http://127.0.0.1");
    cfg.timeout = Duration::from_secs(30);
    cfg.concurrency = 4;
    cfg.strict = true;
    cfg.profile = profile;
    cfg.client = Some(ClientTarget {
        command: reference_client_command(env!("CARGO_BIN_EXE_x402-conformance"), &names),
        max_amount: Some(U256::from(1_000_000u64)),
        versions: [1, 2].into_iter().collect(),
        run_timeout: Duration::from_secs(30),
        label: "built-in reference client".to_owned(),
    });
    let client = HttpClient::new(&cfg.target, TIMEOUT, cfg.body_cap).unwrap();
    let root = Ctx::new(cfg, client, None);
    let all = client_catalogue();
    let refs: Vec<&Case> = all.iter().collect();
    run_cases(&root, &refs, &mut |_, _, _| {}).await
}

fn not_passed(results: &[CaseResult]) -> Vec<String> {
    results
        .iter()
        .filter(|r| r.verdict.kind() != VerdictKind::Passed)
        .map(|r| format!("{} {}: {}", r.verdict.kind(), r.id, r.verdict.message()))
        .collect()
}

fn caught<'a>(results: &'a [CaseResult], id: &str) -> Option<&'a CaseResult> {
    results.iter().find(|r| {
        r.id == id && matches!(r.verdict.kind(), VerdictKind::Failed | VerdictKind::Errored)
    })
}

fn designed_server_catcher(d: ResourceDefect) -> &'static str {
    match d {
        ResourceDefect::Garbage500 => "server/payment-signature/not-base64/refused",
        ResourceDefect::SkipSettlement => "server/paid/replay/refused",
        ResourceDefect::NoPaymentResponse => "server/paid/valid/settled",
        ResourceDefect::LowercaseAddresses => "server/unpaid/addresses-checksummed",
        ResourceDefect::MissingEip712Domain => "server/unpaid/accepts-sane",
        ResourceDefect::IgnoreMatching => "server/paid/accepted-not-offered/refused",
        ResourceDefect::LeakSettlementOverrides => "server/paid/settlement-overrides/not-leaked",
        ResourceDefect::NoCorsExpose => "server/cors/expose-headers",
        ResourceDefect::LeakExtensionResponses => "server/paid/extension-responses/not-leaked",
        ResourceDefect::Cacheable => "server/unpaid/cache-control-no-store",
        ResourceDefect::UnsupportedFlow => "server/unpaid/payment-flows-supported",
        ResourceDefect::FailOpen => "server/facilitator-faults/settle-500/not-served",
        ResourceDefect::ServeOnPending => {
            "server/facilitator-faults/settle-pending-always/not-served"
        }
        ResourceDefect::NoPendingRetry => "server/facilitator-faults/settle-pending-once/served",
        ResourceDefect::SettleTwice => "server/facilitator-faults/none/settled-once",
        ResourceDefect::SettleWithoutVerify => {
            "server/facilitator-faults/none/verify-before-settle"
        }
        ResourceDefect::ExternalSchemaRef => "server/unpaid/bazaar-valid",
        _ => panic!("no designed catcher for {d}"),
    }
}

fn designed_client_catcher(d: ClientDefect) -> &'static str {
    match d {
        ClientDefect::WrongDomain => "client/v2/exact-eip3009/signature-domain",
        ClientDefect::ReuseNonce => "client/v2/exact-eip3009/nonce-fresh",
        ClientDefect::IgnoreMaxAmount => "client/v2/over-limit/no-payment",
        ClientDefect::RetryAfterFailure => "client/v2/settlement-failed/no-retry-loop",
        ClientDefect::WrongHeader => "client/v2/exact-eip3009/header",
        ClientDefect::RewriteAccepted => "client/v2/exact-eip3009/accepted-echo",
        ClientDefect::LongValidity => "client/v2/exact-eip3009/validity-window",
        ClientDefect::Overpay => "client/v2/exact-eip3009/amount-payto-asset-network",
        ClientDefect::PayFirstOffer => "client/v2/mixed-offers/skips-unsupported",
        _ => panic!("no designed catcher for {d}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_role_clean_reference_passes_and_every_defect_is_caught() {
    let clean = run_server_suite(&[], Profile::Strict).await;
    // Every case passes, except the v1 family, which a v2 server does not get.
    let bad: Vec<String> = not_passed(&clean)
        .into_iter()
        .filter(|r| !r.starts_with("skipped server/x-payment/"))
        .collect();
    assert!(
        bad.is_empty(),
        "the clean reference server must pass every case:\n{}",
        bad.join("\n")
    );
    for r in clean
        .iter()
        .filter(|r| r.id.starts_with("server/x-payment/"))
    {
        assert_eq!(r.verdict.kind(), VerdictKind::Skipped, "{}", r.id);
        assert!(r.verdict.message().starts_with("not exercised"), "{}", r.id);
    }
    assert_eq!(clean.len(), server_catalogue().len());
    for d in ResourceDefect::ALL {
        let results = run_server_suite(&[d], Profile::Strict).await;
        let designed = designed_server_catcher(d);
        let hit = caught(&results, designed);
        assert!(
            hit.is_some(),
            "resource defect {d} was not caught by {designed}; not passed: {:?}",
            not_passed(&results)
        );
        // Only the defect's behaviour changes: the unpaid 402 itself keeps passing.
        for id in [
            "server/unpaid/status-402",
            "server/unpaid/payment-required-parses",
        ] {
            assert!(caught(&results, id).is_none(), "{d} broke {id}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_role_v1_reference_gets_the_v1_cases_and_a_v1_defect_is_caught() {
    // A v1 server is judged on X-PAYMENT, not on PAYMENT-SIGNATURE (which it rightly ignores):
    // the v2 header cases and the facilitator-fault cases (v2 payments) are not exercised, every
    // other case passes, and every server/x-payment case runs (#13 §7).
    let clean = run_server_suite_version(&[], Profile::Strict, 1).await;
    let v1_family = |id: &str| id.starts_with("server/x-payment/");
    let v2_only = |id: &str| {
        id.starts_with("server/payment-signature/")
            || id.starts_with("server/facilitator-faults/")
            || matches!(
                id,
                "server/paid/accepted-not-offered/refused"
                    | "server/unpaid/bazaar-valid"
                    | "server/unpaid/payment-flows-supported"
            )
    };
    for r in &clean {
        let kind = r.verdict.kind();
        if v2_only(r.id) {
            assert_eq!(
                kind,
                VerdictKind::Skipped,
                "{}: {}",
                r.id,
                r.verdict.message()
            );
        } else {
            assert_eq!(
                kind,
                VerdictKind::Passed,
                "{}: {}",
                r.id,
                r.verdict.message()
            );
        }
    }
    assert_eq!(clean.iter().filter(|r| v1_family(r.id)).count(), 14);
    // A v1 server that answers 500 to a header it cannot decode fails the MUST refusal cases of
    // the malformed inputs, and only those.
    let bad = run_server_suite_version(&[ResourceDefect::Garbage500], Profile::Strict, 1).await;
    let failed: Vec<&str> = bad
        .iter()
        .filter(|r| r.verdict.kind() == VerdictKind::Failed && r.level == Level::Must)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        failed.len(),
        5,
        "the five malformed X-PAYMENT inputs: {failed:?}"
    );
    assert!(failed.contains(&"server/x-payment/not-base64/refused"));
    assert!(
        failed
            .iter()
            .all(|id| v1_family(id) && id.ends_with("/refused"))
    );
    // The legacy TS profile expects 402 for the malformed inputs: exactly the …/status cases of
    // those inputs differ from the strict run.
    let ts = run_server_suite_version(&[], Profile::Ts, 1).await;
    let differ: Vec<&str> = ts
        .iter()
        .filter(|r| r.verdict.kind() == VerdictKind::Failed)
        .map(|r| r.id)
        .collect();
    assert_eq!(differ.len(), 5, "{differ:?}");
    assert!(
        differ
            .iter()
            .all(|id| v1_family(id) && id.ends_with("/status"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_role_profiles_change_the_expected_statuses() {
    // The reference answers 400 to an undecodable header (the spec's "invalid payment"); the TS
    // profile expects TS's 402, so exactly the …/status cases of malformed headers differ.
    let ts = run_server_suite(&[], Profile::Ts).await;
    let failed: Vec<&str> = ts
        .iter()
        .filter(|r| r.verdict.kind() == VerdictKind::Failed)
        .map(|r| r.id)
        .collect();
    assert!(!failed.is_empty());
    for id in &failed {
        assert!(
            id.starts_with("server/payment-signature/") && id.ends_with("/status"),
            "{id}"
        );
    }
    assert!(failed.contains(&"server/payment-signature/not-base64/status"));
    // Every MUST case still passes under the TS profile (the v1 family is not exercised on a
    // v2 server).
    assert!(
        ts.iter()
            .filter(|r| r.level == Level::Must && !r.id.starts_with("server/x-payment/"))
            .all(|r| r.verdict.kind() == VerdictKind::Passed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_role_reference_client_passes_and_every_defect_is_caught() {
    let clean = run_client_suite(&[], Profile::Strict).await;
    let bad = not_passed(&clean);
    assert!(
        bad.is_empty(),
        "the reference client must pass every case:\n{}",
        bad.join("\n")
    );
    assert_eq!(clean.len(), client_catalogue().len());
    // Every exchange of a client case is a request the endpoint received.
    assert!(clean.iter().all(|r| !r.exchanges.is_empty()));
    for d in ClientDefect::ALL {
        let results = run_client_suite(&[d], Profile::Strict).await;
        let designed = designed_client_catcher(d);
        let hit = caught(&results, designed);
        assert!(
            hit.is_some(),
            "client defect {d} was not caught by {designed}; not passed: {:?}",
            not_passed(&results)
        );
        assert!(
            hit.is_some_and(|r| matches!(r.level, Level::Must | Level::Should)),
            "{d}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_role_kills_a_hanging_client_and_judges_what_it_sent() {
    // A shell that sleeps never pays: the paying case fails with "sent no payment" once the run
    // timeout kills the shell and its child (the whole process group), and the over-limit case
    // is not exercised: its control offer within the limit was not paid either, so "sent
    // nothing over the limit" shows no policy (#13 §7).
    let mut cfg = RunConfig::new("http://127.0.0.1");
    cfg.timeout = Duration::from_millis(600);
    cfg.concurrency = 8;
    cfg.client = Some(ClientTarget {
        command: vec![
            "sh".to_owned(),
            "-c".to_owned(),
            "sleep 30".to_owned(),
            "{url}".to_owned(),
        ],
        max_amount: Some(U256::from(1_000_000u64)),
        versions: [1, 2].into_iter().collect(),
        run_timeout: Duration::from_millis(600),
        label: "sleep".to_owned(),
    });
    let client = HttpClient::new(&cfg.target, TIMEOUT, cfg.body_cap).unwrap();
    let root = Ctx::new(cfg, client, None);
    let all = client_catalogue();
    let refs: Vec<&Case> = all
        .iter()
        .filter(|c| {
            c.id == "client/v2/exact-eip3009/pays" || c.id == "client/v2/over-limit/no-payment"
        })
        .collect();
    let start = std::time::Instant::now();
    let results = run_cases(&root, &refs, &mut |_, _, _| {}).await;
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(results[0].verdict.kind(), VerdictKind::Failed);
    assert!(
        results[0].verdict.message().contains("killed after"),
        "{:?}",
        results[0].verdict
    );
    assert_eq!(results[1].verdict.kind(), VerdictKind::Skipped);
    assert!(
        results[1]
            .verdict
            .message()
            .starts_with("not exercised: the control offer"),
        "{:?}",
        results[1].verdict
    );
}

fn client_config(command: &[&str], run_timeout: Duration) -> RunConfig {
    let mut cfg = RunConfig::new("http://127.0.0.1");
    cfg.timeout = run_timeout;
    cfg.concurrency = 2;
    cfg.client = Some(ClientTarget {
        command: command.iter().map(|s| (*s).to_owned()).collect(),
        max_amount: Some(U256::from(1_000_000u64)),
        versions: [1, 2].into_iter().collect(),
        run_timeout,
        label: "test client".to_owned(),
    });
    cfg
}

async fn run_client_ids(cfg: RunConfig, ids: &[&str]) -> Vec<CaseResult> {
    let client = HttpClient::new(&cfg.target, TIMEOUT, cfg.body_cap).unwrap();
    let root = Ctx::new(cfg, client, None);
    let all = client_catalogue();
    let refs: Vec<&Case> = all.iter().filter(|c| ids.contains(&c.id)).collect();
    assert_eq!(refs.len(), ids.len(), "unknown case id in {ids:?}");
    run_cases(&root, &refs, &mut |_, _, _| {}).await
}

/// Whether process `pid` still exists (and is not a zombie).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_role_kills_a_grandchild_that_left_the_process_group() {
    // The client starts a grandchild in a new session (setsid) that keeps the output pipes open
    // and writes its pid, then the client itself waits: at the timeout the group is killed, the
    // escaped grandchild is found by the pipes it holds and killed, and the case ends within
    // about a second of --timeout instead of when the grandchild would have exited (#13 §7).
    let dir = std::env::temp_dir().join(format!("x402-escape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pidfile = dir.join("pid");
    let script = format!(
        "setsid sh -c 'echo $$ > {p}; exec sleep 60' & sleep 60",
        p = pidfile.display()
    );
    let cfg = client_config(&["sh", "-c", &script], Duration::from_millis(800));
    let start = std::time::Instant::now();
    let results = run_client_ids(cfg, &["client/v2/exact-eip3009/pays"]).await;
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let msg = results[0].verdict.message().to_owned();
    assert_eq!(results[0].verdict.kind(), VerdictKind::Failed, "{msg}");
    assert!(msg.contains("killed after"), "{msg}");
    assert!(
        msg.contains("outside its process group that still held its output"),
        "{msg}"
    );
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // SIGKILL is delivered at once; reaping by init may take a moment.
    let mut gone = false;
    for _ in 0..50 {
        if !alive(pid) {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(gone, "the escaped grandchild {pid} is still running");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_role_failure_quotes_the_clients_last_lines() {
    let cfg = client_config(
        &[
            "sh",
            "-c",
            "echo 'first reason' >&2; echo 'second reason' >&2; echo 'on stdout'; exit 3",
        ],
        Duration::from_secs(10),
    );
    let results = run_client_ids(cfg, &["client/v2/exact-eip3009/pays"]).await;
    let msg = results[0].verdict.message();
    assert!(msg.contains("client exit 3"), "{msg}");
    assert!(
        msg.contains("stderr: \"first reason\" | \"second reason\""),
        "{msg}"
    );
    assert!(msg.contains("stdout: \"on stdout\""), "{msg}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn client_role_declared_versions_and_spend_limit_select_the_cases() {
    // The built-in reference client declared v1-only and without a spend limit: the v2 cases
    // and the spend-limit cases are not exercised; the v1 cases run and pass.
    let mut cfg = client_config(&[], Duration::from_secs(30));
    if let Some(c) = cfg.client.as_mut() {
        c.command = reference_client_command(env!("CARGO_BIN_EXE_x402-conformance"), &[]);
        c.versions = [1].into_iter().collect();
        c.max_amount = None;
    }
    let ids = [
        "client/v1/exact-eip3009/pays",
        "client/v2/exact-eip3009/pays",
        "client/v2/over-limit/no-payment",
        "client/v2/mixed-prices/within-limit",
    ];
    let results = run_client_ids(cfg, &ids).await;
    let by_id = |id: &str| results.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id(ids[0]).verdict.kind(), VerdictKind::Passed);
    for id in &ids[1..] {
        let v = &by_id(id).verdict;
        assert_eq!(v.kind(), VerdictKind::Skipped, "{id}: {v:?}");
        assert!(v.message().starts_with("not exercised"), "{id}: {v:?}");
    }
    // The same client with a limit and both versions: the over-limit case passes only after
    // the control within the limit was paid.
    let cfg = {
        let mut cfg = client_config(&[], Duration::from_secs(30));
        if let Some(c) = cfg.client.as_mut() {
            c.command = reference_client_command(env!("CARGO_BIN_EXE_x402-conformance"), &[]);
        }
        cfg
    };
    let results = run_client_ids(cfg, &["client/v2/over-limit/no-payment"]).await;
    assert_eq!(results[0].verdict.kind(), VerdictKind::Passed);
    assert!(
        results[0]
            .verdict
            .message()
            .starts_with("paid the control offer within the limit"),
        "{:?}",
        results[0].verdict
    );
}

async fn fuzz_reference(defects: &[Defect], seed: u64, inputs: u32) -> fuzz::FuzzOutcome {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let set: BTreeSet<Defect> = defects.iter().copied().collect();
    let backend = ReferenceBackend::new(payer.address(), set).unwrap();
    let server = LoopbackServer::start(
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(backend),
        ServerOptions::default(),
    )
    .await
    .unwrap();
    let url = server.url();
    let mut cfg = RunConfig::new(&url);
    cfg.timeout = TIMEOUT;
    cfg.payer_key = Some(payer_key());
    let client = HttpClient::new(&url, TIMEOUT, cfg.body_cap).unwrap();
    let snapshot = client.get("/supported").await;
    let root = Ctx::new(cfg, client, Some(snapshot));
    let outcome = fuzz::run(
        &root,
        seed,
        Budget {
            inputs: Some(inputs),
            time: None,
        },
    )
    .await;
    server.shutdown().await;
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzzing_agrees_with_the_clean_reference_and_shrinks_a_defect_reproducibly() {
    let clean = fuzz_reference(&[], 1, 200).await;
    assert_eq!(
        clean.verdict.kind(),
        VerdictKind::Passed,
        "{:?}",
        clean.verdict
    );
    assert_eq!(clean.inputs, 200);
    assert!(clean.verdict.message().contains("seed 1"));

    let found = fuzz_reference(&[Defect::AcceptOverpayment], 1, 200).await;
    assert_eq!(
        found.verdict.kind(),
        VerdictKind::Failed,
        "{:?}",
        found.verdict
    );
    let message = found.verdict.message().to_owned();
    assert!(message.contains("shrunk"), "{message}");
    assert!(
        message.contains("variations [AmountOver], no JSON mutation"),
        "the minimal input is one over-payment: {message}"
    );
    assert!(message.contains("the target ACCEPTS"), "{message}");
    // The exact request of the minimal case is in the report, with the target's answer.
    assert_eq!(found.exchanges.len(), 1);
    assert!(found.exchanges[0].request.url.ends_with("/verify"));
    let settings = found.settings();
    assert_eq!(settings[0], ("fuzzSeed".to_owned(), "1".to_owned()));

    // The same seed reproduces the run: same inputs, same disagreement, same shrunk case.
    let again = fuzz_reference(&[Defect::AcceptOverpayment], 1, 200).await;
    assert_eq!(again.verdict.message(), message);
    assert_eq!(again.inputs, found.inputs);
    // Another seed generates other inputs.
    let other = fuzz_reference(&[Defect::AcceptOverpayment], 2, 200).await;
    assert_eq!(other.verdict.kind(), VerdictKind::Failed);
    assert_ne!(other.verdict.message(), message);
}
