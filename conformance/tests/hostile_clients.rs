//! The built-in reference servers (facilitator and resource server) under hostile clients:
//! slow-drip bodies, many idle connections, oversized headers and pipelined garbage. While the
//! attack is on, a well-formed request must still be answered within [`ANSWER_WITHIN`], and the
//! process's resident memory (`VmRSS`, which includes the servers: they run in this process)
//! must stay under [`RSS_GROWTH_LIMIT_KIB`] of growth. Loopback only; every loop is bounded.
//!
//! The figures (connections held, answer latency, RSS before/after) are printed on stderr and
//! recorded in docs/reliability.md (`cargo test -p x402-conformance --test hostile_clients --
//! --nocapture`).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use x402_conformance::http::HttpClient;
use x402_conformance::loopback::{LoopbackServer, ServerOptions, handler};
use x402_conformance::reference::facilitator::{REFERENCE_PAYER_KEY, ReferenceBackend};
use x402_conformance::reference::resource::{REFERENCE_PAID_PATH, ReferenceResource};
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

/// A well-formed request must be answered within this while the attack is on.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// Idle connections held open at once (bounded by the descriptor limit, see [`idle_target`]).
const IDLE_CONNECTIONS: usize = 2_000;
/// Slow-drip connections held open at once.
const DRIP_CONNECTIONS: usize = 50;
/// Largest RSS growth tolerated over one scenario, in KiB.
const RSS_GROWTH_LIMIT_KIB: u64 = 256 * 1024;

/// `VmRSS` of this process, in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The soft `RLIMIT_NOFILE` of this process (`Max open files` in /proc/self/limits).
fn fd_soft_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let soft = line.split_whitespace().nth(3).unwrap();
    soft.parse().unwrap_or(usize::MAX)
}

/// How many idle connections to open: [`IDLE_CONNECTIONS`], or fewer when both ends (client and
/// server sockets live in this process) would not fit under the descriptor limit.
fn idle_target() -> usize {
    let room = fd_soft_limit().saturating_sub(512) / 2;
    IDLE_CONNECTIONS.min(room)
}

struct Target {
    name: &'static str,
    server: LoopbackServer,
    /// A well-formed request and the status it must get.
    probe: (&'static str, &'static str, u16),
}

async fn facilitator() -> Target {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let backend = ReferenceBackend::new(payer.address(), BTreeSet::new()).unwrap();
    let options = ServerOptions {
        header_read_timeout: Duration::from_secs(2),
        ..ServerOptions::default()
    };
    let server = LoopbackServer::start("127.0.0.1:0".parse().unwrap(), Arc::new(backend), options)
        .await
        .unwrap();
    Target {
        name: "reference facilitator",
        server,
        probe: ("GET", "/supported", 200),
    }
}

async fn resource() -> Target {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let backend = Arc::new(ReferenceBackend::new(payer.address(), BTreeSet::new()).unwrap());
    let resource = ReferenceResource::new(
        backend,
        EvmAddress::new(x402_conformance::ctx::DEFAULT_PAY_TO),
        BTreeSet::new(),
    )
    .unwrap();
    let server = handler::serve(
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(resource),
        1024 * 1024,
    )
    .await
    .unwrap();
    Target {
        name: "reference resource server",
        server,
        probe: ("GET", REFERENCE_PAID_PATH, 402),
    }
}

/// Sends the target's well-formed probe and asserts its status and latency.
async fn assert_answers(t: &Target, during: &str) -> Duration {
    let client = HttpClient::new(&t.server.url(), ANSWER_WITHIN, 1024 * 1024).unwrap();
    let (method, path, status) = t.probe;
    let started = Instant::now();
    let ex = client
        .send(method, path, Vec::new(), bytes::Bytes::new())
        .await;
    let took = started.elapsed();
    let r = ex
        .response
        .as_ref()
        .unwrap_or_else(|e| panic!("{} during {during}: no answer: {e}", t.name));
    assert_eq!(r.status, status, "{} during {during}", t.name);
    assert!(took < ANSWER_WITHIN, "{} during {during}: {took:?}", t.name);
    took
}

async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.unwrap()
}

fn report(t: &Target, scenario: &str, held: usize, took: Duration, before: u64, after: u64) {
    eprintln!(
        "hostile-clients | {} | {scenario} | held {held} | probe {:.1} ms | RSS {} -> {} KiB (+{})",
        t.name,
        took.as_secs_f64() * 1000.0,
        before,
        after,
        after.saturating_sub(before)
    );
    assert!(
        after.saturating_sub(before) < RSS_GROWTH_LIMIT_KIB,
        "{} {scenario}: RSS grew from {before} to {after} KiB",
        t.name
    );
}

/// Connections that send a request head announcing a body, then drip it a byte at a time.
async fn slow_drip(t: &Target) {
    let before = rss_kib();
    let addr = t.server.local_addr();
    let (method, path, _) = t.probe;
    let mut conns = Vec::new();
    for _ in 0..DRIP_CONNECTIONS {
        let mut s = connect(addr).await;
        let head = format!(
            "POST {} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n",
            if method == "GET" && path == "/supported" {
                "/verify"
            } else {
                path
            }
        );
        s.write_all(head.as_bytes()).await.unwrap();
        conns.push(s);
    }
    let mut took = Duration::ZERO;
    for round in 0..10u8 {
        for s in &mut conns {
            // A peer that gave up on us is fine; the point is to hold the server's attention.
            let _ = s.write_all(b"{").await;
        }
        if round % 3 == 0 {
            took = took.max(assert_answers(t, "slow-drip bodies").await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    report(t, "slow-drip bodies", conns.len(), took, before, rss_kib());
}

/// Connections that are opened and never send a byte.
async fn idle(t: &Target) {
    let before = rss_kib();
    let addr = t.server.local_addr();
    let n = idle_target();
    let mut conns = Vec::with_capacity(n);
    for _ in 0..n {
        conns.push(connect(addr).await);
    }
    // Let the server accept them all before probing.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let took = assert_answers(t, "idle connections").await;
    let after = rss_kib();
    report(t, "idle connections", n, took, before, after);
    drop(conns);
}

/// A request head far larger than any sane header block (1 MiB in one header).
async fn oversized_headers(t: &Target) {
    let before = rss_kib();
    let addr = t.server.local_addr();
    let (method, path, _) = t.probe;
    let mut answered = 0usize;
    for _ in 0..8 {
        let mut s = connect(addr).await;
        let big = "A".repeat(1024 * 1024);
        let head =
            format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\npayment-signature: {big}\r\n\r\n");
        let _ = s.write_all(head.as_bytes()).await;
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(ANSWER_WITHIN, s.read(&mut buf)).await;
        // The server answers 431 / 400 or closes: either way it must not wait for more.
        let n = read.expect("the server neither answered nor closed an oversized head");
        if let Ok(n) = n
            && n > 0
        {
            let text = String::from_utf8_lossy(&buf[..n]);
            assert!(text.starts_with("HTTP/1.1 4"), "{}: {text:?}", t.name);
            answered += 1;
        }
    }
    let took = assert_answers(t, "oversized headers").await;
    report(
        t,
        "oversized headers (1 MiB x 8)",
        answered,
        took,
        before,
        rss_kib(),
    );
}

/// Garbage pipelined behind (and in front of) a valid request on one connection.
async fn pipelined_garbage(t: &Target) {
    let before = rss_kib();
    let addr = t.server.local_addr();
    let (method, path, _) = t.probe;
    let mut closed = 0usize;
    for i in 0..50u32 {
        let mut s = connect(addr).await;
        let valid = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\n\r\n");
        let garbage: Vec<u8> = (0..4096u32)
            .map(|j| (j.wrapping_mul(31) ^ i) as u8)
            .collect();
        let mut wire = Vec::new();
        if i % 2 == 0 {
            wire.extend_from_slice(valid.as_bytes());
            wire.extend_from_slice(&garbage);
        } else {
            wire.extend_from_slice(&garbage);
            wire.extend_from_slice(valid.as_bytes());
        }
        let _ = s.write_all(&wire).await;
        let mut sink = Vec::new();
        let read = tokio::time::timeout(ANSWER_WITHIN, s.read_to_end(&mut sink)).await;
        if read.is_ok() {
            closed += 1;
        }
    }
    let took = assert_answers(t, "pipelined garbage").await;
    assert_eq!(
        closed, 50,
        "{}: a garbage connection was left hanging",
        t.name
    );
    report(
        t,
        "pipelined garbage (50 conns)",
        closed,
        took,
        before,
        rss_kib(),
    );
}

async fn attack(t: Target) {
    assert_answers(&t, "warm-up").await;
    slow_drip(&t).await;
    idle(&t).await;
    oversized_headers(&t).await;
    pipelined_garbage(&t).await;
    assert_answers(&t, "after the attacks").await;
    t.server.shutdown().await;
}

// One test runs both servers in turn, so the RSS figures are not mixed with another test's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_servers_survive_hostile_clients() {
    eprintln!(
        "hostile-clients | fd soft limit {} | idle connections {}",
        fd_soft_limit(),
        idle_target()
    );
    attack(facilitator().await).await;
    attack(resource().await).await;
}
