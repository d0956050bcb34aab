//! Misbehaving targets make cases fail (not error, not hang, not panic) with a clear message,
//! within the timeout plus a small margin.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use std::time::{Duration, Instant};

use common::{Behaviour, ctx, raw_server, run_case};
use x402_conformance::case::{Case, VerdictKind};
use x402_conformance::cases::catalogue;
use x402_conformance::http::TransportErrorKind;
use x402_conformance::runner::run_cases;

const TIMEOUT: Duration = Duration::from_millis(1000);
/// Scheduling slack allowed beyond the timeout.
const MARGIN: Duration = Duration::from_millis(1500);

fn assert_failed(r: &x402_conformance::runner::CaseResult, needle: &str) {
    assert_eq!(
        r.verdict.kind(),
        VerdictKind::Failed,
        "{}: {:?}",
        r.id,
        r.verdict
    );
    assert!(
        r.verdict.message().contains(needle),
        "{}: message {:?} lacks {needle:?}",
        r.id,
        r.verdict.message()
    );
    assert!(!r.exchanges.is_empty(), "the exchange is recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_target_fails_within_the_timeout() {
    let s = raw_server(Behaviour::Hang).await;
    let (r, took) = run_case(&s.url, "facilitator/supported/ok-json", TIMEOUT).await;
    assert_failed(&r, "no complete response within 1s");
    assert!(
        r.verdict.message().contains("no response head"),
        "{:?}",
        r.verdict
    );
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
    let (r, took) = run_case(&s.url, "facilitator/verify/empty-body/rejected", TIMEOUT).await;
    assert_failed(&r, "not hang");
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
    assert_eq!(
        r.exchanges[0].response.as_ref().unwrap_err().kind,
        TransportErrorKind::Timeout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_reset_fails_clearly() {
    let s = raw_server(Behaviour::Reset).await;
    let (r, took) = run_case(&s.url, "facilitator/verify/json-array/rejected", TIMEOUT).await;
    assert_failed(&r, "no HTTP response");
    let kind = r.exchanges[0].response.as_ref().unwrap_err().kind;
    assert!(
        matches!(kind, TransportErrorKind::Reset | TransportErrorKind::Closed),
        "{kind:?}"
    );
    assert!(
        r.verdict.message().contains("connection was"),
        "{:?}",
        r.verdict
    );
    assert!(took < TIMEOUT + MARGIN, "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_mib_body_is_capped_not_buffered() {
    let s = raw_server(Behaviour::Huge).await;
    let (r, took) = run_case(
        &s.url,
        "facilitator/supported/ok-json",
        Duration::from_secs(5),
    )
    .await;
    assert_failed(&r, "larger than the 1048576 byte cap");
    let resp = r.exchanges[0].response.as_ref().unwrap();
    assert!(resp.truncated);
    assert_eq!(resp.body.len(), 1024 * 1024);
    assert!(took < Duration::from_secs(5) + MARGIN, "took {took:?}");
    let (r, _) = run_case(
        &s.url,
        "facilitator/settle/empty-body/rejected",
        Duration::from_secs(5),
    )
    .await;
    assert_failed(&r, "cap");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_drip_cannot_extend_the_deadline() {
    let s = raw_server(Behaviour::SlowDrip).await;
    let (r, took) = run_case(&s.url, "facilitator/supported/ok-json", TIMEOUT).await;
    assert_failed(&r, "status 200 arrived but only");
    assert!(
        r.verdict
            .message()
            .contains("body bytes before the deadline"),
        "{:?}",
        r.verdict
    );
    assert!(
        took < TIMEOUT + MARGIN,
        "a 60 s drip was cut at the 1 s deadline; took {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_json_answers_fail_with_the_body_shown() {
    let s = raw_server(Behaviour::NonJson).await;
    let (r, _) = run_case(&s.url, "facilitator/supported/ok-json", TIMEOUT).await;
    assert_failed(&r, "not JSON");
    assert!(
        r.verdict.message().contains("this is not json"),
        "{:?}",
        r.verdict
    );
    // A 200 text answer to the well-formed control request: not a facilitator endpoint, so its
    // "refusals" of malformed bodies are not exercised (the judgement of a non-JSON 2xx itself is
    // unit-tested beside judge_rejected).
    let (r, _) = run_case(
        &s.url,
        "facilitator/verify/missing-payment-payload/rejected",
        TIMEOUT,
    )
    .await;
    assert_not_exercised(
        &r,
        "did not answer a well-formed request with a VerifyResponse",
    );
}

fn assert_not_exercised(r: &x402_conformance::runner::CaseResult, needle: &str) {
    assert_eq!(
        r.verdict.kind(),
        VerdictKind::Skipped,
        "{}: {:?}",
        r.id,
        r.verdict
    );
    assert!(
        r.verdict.message().starts_with("not exercised: ") && r.verdict.message().contains(needle),
        "{}: {:?}",
        r.id,
        r.verdict
    );
    assert!(!r.exchanges.is_empty(), "the control exchange is recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_content_type_is_a_should_failure_only() {
    let s = raw_server(Behaviour::WrongContentType).await;
    let (r, _) = run_case(&s.url, "facilitator/supported/content-type", TIMEOUT).await;
    assert_failed(&r, "\"text/html\"");
    let (r, _) = run_case(&s.url, "facilitator/supported/ok-json", TIMEOUT).await;
    assert_eq!(r.verdict.kind(), VerdictKind::Passed, "{:?}", r.verdict);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_500_everywhere_is_not_a_facilitator() {
    let s = raw_server(Behaviour::Status500).await;
    let (r, _) = run_case(&s.url, "facilitator/supported/ok-json", TIMEOUT).await;
    assert_failed(&r, "HTTP 500 instead of 200");
    // Neither "not accepted" (…/rejected) nor "a 5xx is a client error" (…/status) can be judged
    // when the well-formed control request gets the same 500 (#13 §6).
    for id in [
        "facilitator/verify/unknown-x402version/rejected",
        "facilitator/verify/unknown-x402version/status",
    ] {
        let (r, _) = run_case(&s.url, id, TIMEOUT).await;
        assert_not_exercised(&r, "(HTTP 500");
    }
}

/// The whole catalogue against every misbehaviour: no harness error, no panic, bounded time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_catalogue_survives_every_misbehaviour() {
    let timeout = Duration::from_millis(500);
    let all = catalogue();
    let refs: Vec<&Case> = all.iter().collect();
    for b in [
        Behaviour::Hang,
        Behaviour::Reset,
        Behaviour::Huge,
        Behaviour::SlowDrip,
        Behaviour::NonJson,
        Behaviour::WrongContentType,
        Behaviour::Status500,
    ] {
        let s = raw_server(b).await;
        let root = ctx(&s.url, timeout);
        let start = Instant::now();
        let results = run_cases(&root, &refs, &mut |_, _, _| {}).await;
        let took = start.elapsed();
        assert_eq!(results.len(), all.len());
        for r in &results {
            assert_ne!(
                r.verdict.kind(),
                VerdictKind::Errored,
                "{b:?} {}: {:?}",
                r.id,
                r.verdict
            );
            assert!(
                !r.verdict.message().is_empty(),
                "{b:?} {}: empty message",
                r.id
            );
        }
        // 48 cases, concurrency 8, one bounded request each: about 6 rounds of 0.5 s.
        let bound =
            timeout * u32::try_from(all.len().div_ceil(8)).unwrap() + Duration::from_secs(10);
        assert!(
            took < bound,
            "{b:?}: whole run took {took:?} (bound {bound:?})"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_to_a_plain_http_server_is_a_tls_failure() {
    // A plain-HTTP server that answers at once, without waiting for a request it can parse.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let https = format!("https://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        if let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
    let client = x402_conformance::http::HttpClient::new(&https, TIMEOUT, 1024).unwrap();
    let ex = client.get("/supported").await;
    let err = ex.response.unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Tls, "{err}");
    assert!(err.kind.is_unreachable());
    server.abort();
}
