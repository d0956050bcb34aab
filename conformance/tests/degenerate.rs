//! Targets that are not facilitators or resource servers at all (#13 §6): a closed port, a
//! server that answers 404 to everything, one that answers an empty 200, one that answers `{}`,
//! and one that echoes the request. Against each, the built binary must not let a single case
//! pass, and must not call the target conformant: exit 1 (something failed) or 3 (nothing was
//! exercised), or 2 when nothing answers at all.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{run_bin, text};
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(240);

/// What the degenerate target answers to every request.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// `404 Not Found`, text/plain.
    NotFound,
    /// `200 OK` with no body and no Content-Type.
    Empty200,
    /// `200 OK` with the JSON body `{}`.
    EmptyObject,
    /// `200 OK` with the request body, served as application/json.
    Echo,
}

/// A thread-per-connection HTTP/1.1 server on 127.0.0.1 that closes every connection after one
/// answer; it stops accepting when dropped (and after 5,000 connections in any case).
struct Degenerate {
    url: String,
    stop: Arc<AtomicBool>,
}

impl Drop for Degenerate {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

fn degenerate(mode: Mode) -> Degenerate {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        for _ in 0..5_000 {
            let Ok((stream, _)) = listener.accept() else {
                break;
            };
            if flag.load(Ordering::SeqCst) {
                break;
            }
            std::thread::spawn(move || answer(stream, mode));
        }
    });
    Degenerate { url, stop }
}

/// Reads one request (head, then a Content-Length body of at most 8 MiB), bounded by 5 s.
fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
        .min(8 * 1024 * 1024);
    while buf.len() - head_end < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf.split_off(head_end))
}

fn answer(mut stream: TcpStream, mode: Mode) {
    let Some(body) = read_request(&mut stream) else {
        return;
    };
    let (status, content_type, body): (&str, Option<&str>, Vec<u8>) = match mode {
        Mode::NotFound => ("404 Not Found", Some("text/plain"), b"Not Found".to_vec()),
        Mode::Empty200 => ("200 OK", None, Vec::new()),
        Mode::EmptyObject => ("200 OK", Some("application/json"), b"{}".to_vec()),
        Mode::Echo => ("200 OK", Some("application/json"), body),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// Runs `role` against `url` and returns the exit code and the JSON report (when one was written).
fn run_against(role: &str, url: &str, name: &str) -> (i32, Option<Value>, String) {
    let dir = std::env::temp_dir().join(format!(
        "x402-conformance-degenerate-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.json");
    let o = run_bin(
        &[
            role,
            "--url",
            url,
            "--timeout",
            "2s",
            "--report-json",
            report.to_str().unwrap(),
        ],
        &[],
        LIMIT,
    );
    let json = std::fs::read(&report)
        .ok()
        .map(|b| serde_json::from_slice::<Value>(&b).unwrap());
    let output = format!("stdout:\n{}\nstderr:\n{}", text(&o.stdout), text(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
    (o.status.code().expect("exited normally"), json, output)
}

/// The ids of the cases the report says passed.
fn passed(report: &Value) -> Vec<String> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "passed")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_no_verdict(role: &str, mode: Mode) {
    let target = degenerate(mode);
    let (code, report, output) = run_against(role, &target.url, &format!("{role}-{mode:?}"));
    assert!(
        code == 1 || code == 3,
        "{role} against a {mode:?} target exited {code}, expected 1 (failed) or 3 (not exercised)\n{output}"
    );
    let report = report.unwrap_or_else(|| panic!("no JSON report\n{output}"));
    let passed = passed(&report);
    assert!(
        passed.is_empty(),
        "{role} against a {mode:?} target: {} case(s) passed: {passed:?}",
        passed.len()
    );
    assert_eq!(report["summary"]["exitCode"], code, "{output}");
    let out = output.to_ascii_uppercase();
    assert!(
        !out.contains("VERDICT: CONFORMANT") && !out.contains(" CONFORMANT\n"),
        "never called conformant\n{output}"
    );
}

#[test]
fn facilitator_suite_against_404_everywhere() {
    assert_no_verdict("facilitator", Mode::NotFound);
}

#[test]
fn facilitator_suite_against_empty_200() {
    assert_no_verdict("facilitator", Mode::Empty200);
}

#[test]
fn facilitator_suite_against_empty_object() {
    assert_no_verdict("facilitator", Mode::EmptyObject);
}

#[test]
fn facilitator_suite_against_echo() {
    assert_no_verdict("facilitator", Mode::Echo);
}

#[test]
fn server_suite_against_404_everywhere() {
    assert_no_verdict("server", Mode::NotFound);
}

#[test]
fn server_suite_against_empty_200() {
    assert_no_verdict("server", Mode::Empty200);
}

#[test]
fn server_suite_against_echo() {
    assert_no_verdict("server", Mode::Echo);
}

#[test]
fn a_closed_port_is_unreachable_not_a_verdict() {
    // Bind and drop: nothing listens on the port afterwards.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for role in ["facilitator", "server"] {
        let (code, report, output) = run_against(
            role,
            &format!("http://127.0.0.1:{port}"),
            &format!("{role}-closed"),
        );
        assert_eq!(code, 2, "{role} against a closed port\n{output}");
        if let Some(r) = report {
            assert!(passed(&r).is_empty(), "{output}");
        }
    }
}
