//! Shared helpers for the integration tests: misbehaving raw TCP servers, test-double facilitator
//! backends (test-only; the crate ships no fake reference), and a bounded binary runner.
//! Everything listens on 127.0.0.1 only and every loop is bounded in count and time.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use x402_conformance::case::Case;
use x402_conformance::cases::catalogue;
use x402_conformance::ctx::{Ctx, RunConfig};
use x402_conformance::http::HttpClient;
use x402_conformance::loopback::{FacilitatorBackend, LoopbackServer, ServerOptions};
use x402_conformance::runner::{CaseResult, case_deadline, run_one};

/// How a raw test server misbehaves after reading the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Never answer (holds the connection for at most 30 s).
    Hang,
    /// Close with RST (SO_LINGER 0) without answering.
    Reset,
    /// Announce and stream a 50 MiB JSON-typed body.
    Huge,
    /// Send the head, then one body byte per 100 ms (600 bytes at most).
    SlowDrip,
    /// 200 with a non-JSON text/plain body.
    NonJson,
    /// 200 with a valid `/supported` JSON body served as text/html.
    WrongContentType,
    /// 500 with a text body.
    Status500,
}

/// A raw server; dropping it stops it.
pub struct RawServer {
    pub url: String,
    task: JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn raw_server(behaviour: Behaviour) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut conns = tokio::task::JoinSet::new();
        // At most 500 connections per server, then it stops accepting.
        for _ in 0..500 {
            let Ok((stream, _)) = listener.accept().await else {
                break;
            };
            conns.spawn(serve(stream, behaviour));
            while conns.try_join_next().is_some() {}
        }
    });
    RawServer { url, task }
}

/// Reads the request head and (up to 4 MiB of) its body, bounded by 5 s.
async fn read_request(stream: &mut TcpStream) {
    let read = async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let head_end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            if buf.len() > 64 * 1024 {
                return;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
            .min(4 * 1024 * 1024);
        let mut have = buf.len() - head_end;
        while have < len {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => have += n,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), read).await;
}

async fn serve(mut stream: TcpStream, behaviour: Behaviour) {
    read_request(&mut stream).await;
    match behaviour {
        Behaviour::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
        Behaviour::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Behaviour::Huge => {
            let total: usize = 50 * 1024 * 1024;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < total {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                sent += chunk.len();
            }
        }
        Behaviour::SlowDrip => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 600\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..600 {
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Behaviour::NonJson => {
            respond(&mut stream, "200 OK", "text/plain", "this is not json").await
        }
        Behaviour::WrongContentType => {
            respond(
                &mut stream,
                "200 OK",
                "text/html",
                r#"{"kinds":[],"extensions":[],"signers":{}}"#,
            )
            .await
        }
        Behaviour::Status500 => {
            respond(
                &mut stream,
                "500 Internal Server Error",
                "text/plain",
                "oops",
            )
            .await
        }
    }
}

async fn respond(stream: &mut TcpStream, status: &str, ct: &str, body: &str) {
    let msg = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(msg.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// A context for `url` with the given timeout.
pub fn ctx(url: &str, timeout: Duration) -> Ctx {
    let mut cfg = RunConfig::new(url);
    cfg.timeout = timeout;
    cfg.concurrency = 8;
    let client = HttpClient::new(url, timeout, cfg.body_cap).unwrap();
    Ctx::new(cfg, client, None)
}

pub fn case(id: &str) -> Case {
    catalogue()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// Runs one catalogue case against `url`; returns the result and the wall time.
pub async fn run_case(url: &str, id: &str, timeout: Duration) -> (CaseResult, Duration) {
    let c = case(id);
    let start = Instant::now();
    let r = run_one(&c, ctx(url, timeout).for_case(), case_deadline(timeout)).await;
    (r, start.elapsed())
}

/// Test-double backends. They are deliberately trivial and live only in the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Double {
    /// Well-formed /supported; rejects every verify/settle request with 400 JSON.
    RejectAll,
    /// Accepts every verify/settle request (a broken facilitator).
    AcceptAll,
    /// Answers a well-formed verify/settle request (an object with `paymentPayload` and
    /// `paymentRequirements` objects) with a refusal, and 500 to anything else.
    Error500,
}

impl FacilitatorBackend for Double {
    fn supported(&self) -> serde_json::Value {
        json!({
            "kinds": [
                {"x402Version": 2, "scheme": "exact", "network": "eip155:84532"},
                {"x402Version": 1, "scheme": "exact", "network": "base-sepolia"}
            ],
            "extensions": [],
            "signers": {"eip155:*": ["0x1234567890abcdef1234567890abcdef12345678"]}
        })
    }

    fn verify(&self, _body: &[u8]) -> (u16, Vec<u8>) {
        match self {
            Double::RejectAll => (
                400,
                br#"{"isValid":false,"invalidReason":"invalid_payload"}"#.to_vec(),
            ),
            Double::AcceptAll => (
                200,
                br#"{"isValid":true,"payer":"0x857b06519E91e3A54538791bDbb0E22373e36b66"}"#
                    .to_vec(),
            ),
            Double::Error500 if well_formed(_body) => (
                200,
                br#"{"isValid":false,"invalidReason":"invalid_exact_evm_payload_signature"}"#
                    .to_vec(),
            ),
            Double::Error500 if well_formed(_body) => (
                200,
                br#"{"success":false,"errorReason":"invalid_exact_evm_payload_signature","transaction":"","network":"eip155:84532"}"#.to_vec(),
            ),
            Double::Error500 => (500, br#"{"error":"boom"}"#.to_vec()),
        }
    }

    fn settle(&self, _body: &[u8]) -> (u16, Vec<u8>) {
        match self {
            Double::RejectAll => (
                400,
                br#"{"success":false,"errorReason":"invalid_payload","transaction":"","network":"eip155:84532"}"#.to_vec(),
            ),
            Double::AcceptAll => (
                200,
                br#"{"success":true,"transaction":"0x01","network":"eip155:84532"}"#.to_vec(),
            ),
            Double::Error500 => (500, br#"{"error":"boom"}"#.to_vec()),
        }
    }
}

/// Whether `body` is a JSON object whose `paymentPayload` and `paymentRequirements` are objects.
fn well_formed(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| {
        v.get("paymentPayload")
            .is_some_and(serde_json::Value::is_object)
            && v.get("paymentRequirements")
                .is_some_and(serde_json::Value::is_object)
    })
}

pub async fn double_server(d: Double) -> LoopbackServer {
    let options = ServerOptions {
        body_limit: 1024 * 1024,
        ..ServerOptions::default()
    };
    LoopbackServer::start("127.0.0.1:0".parse().unwrap(), Arc::new(d), options)
        .await
        .unwrap()
}

/// Runs the built binary with `args` and extra environment, killing it after `limit`.
pub fn run_bin(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_x402-conformance"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.env_remove("X402_PAYER_KEY").env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("x402-conformance {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The exit code of a finished binary run (a run killed by a signal is a test failure).
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// A fresh, empty directory under the system temp dir, unique to this test process and `name`.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("x402-conformance-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
