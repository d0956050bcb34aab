//! The built binary: exit codes 0/1/2, help text, the payer key never reaching any output, and
//! `serve-reference` plumbing.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Double, code, double_server, run_bin, temp_dir, text};

const LIMIT: Duration = Duration::from_secs(120);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The README's main command: the whole suite against the built-in reference, strict.
#[test]
fn exit_0_when_every_must_passes_even_with_strict() {
    let o = run_bin(&["facilitator", "--timeout", "5s", "--strict"], &[], LIMIT);
    assert_eq!(
        code(&o),
        0,
        "stdout:\n{}\nstderr:\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let out = text(&o.stdout);
    assert!(
        out.contains("CONFORMANT") && out.contains("by level") && out.contains("by tag"),
        "{out}"
    );
    // Live progress on stderr, one line per case; every case ran and passed.
    let err = text(&o.stderr);
    assert!(
        err.contains("PASS  MUST   facilitator/supported/kinds-parse"),
        "{err}"
    );
    assert!(
        err.contains("built-in reference facilitator at http://127.0.0.1:"),
        "{err}"
    );
    let total = x402_conformance::cases::catalogue().len();
    assert_eq!(err.matches("PASS ").count(), total, "{err}");
}

#[test]
fn a_seeded_defect_fails_the_run() {
    let o = run_bin(
        &[
            "facilitator",
            "--defect",
            "accept-replay",
            "--id",
            "*/replay/*",
            "--timeout",
            "5s",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("seeded defect(s): accept-replay"));
}

#[test]
fn load_reports_throughput_and_latency() {
    let o = run_bin(
        &[
            "facilitator",
            "--load",
            "1s",
            "--concurrency",
            "2",
            "--timeout",
            "5s",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("requests/s") && out.contains("p50") && out.contains("p99"),
        "{out}"
    );
    assert!(
        out.contains(" 0 isValid:false, 0 other answers, 0 transport errors"),
        "{out}"
    );
    // Against a remote target without a key, --load is a usage error.
    let o = run_bin(
        &["facilitator", "--url", "http://127.0.0.1:9", "--load", "1s"],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
}

#[test]
fn exit_1_when_a_must_case_fails() {
    let rt = runtime();
    let server = rt.block_on(double_server(Double::AcceptAll));
    let o = run_bin(
        &[
            "facilitator",
            "--url",
            &server.url(),
            "--tag",
            "verify",
            "--timeout",
            "5s",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("NOT CONFORMANT"));
    assert!(
        text(&o.stderr).contains("ACCEPTED a request with"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn should_failures_count_only_under_strict() {
    let rt = runtime();
    let server = rt.block_on(double_server(Double::Error500));
    let url = server.url();
    let args = [
        "facilitator",
        "--url",
        url.as_str(),
        "--tag",
        "verify",
        "--tag",
        "robustness",
        "--timeout",
        "5s",
    ];
    let lenient = run_bin(&args, &[], LIMIT);
    assert_eq!(code(&lenient), 0, "{}", text(&lenient.stderr));
    assert!(
        text(&lenient.stderr).contains("WARN "),
        "SHOULD failures shown as warnings"
    );
    let mut strict_args = args.to_vec();
    strict_args.push("--strict");
    let strict = run_bin(&strict_args, &[], LIMIT);
    assert_eq!(code(&strict), 1, "{}", text(&strict.stderr));
}

#[test]
fn exit_2_for_usage_errors() {
    for args in [
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--defect",
            "accept-replay",
        ],
        vec!["facilitator", "--skew", "-1"],
        vec!["facilitator", "--pay-to", "nope"],
        vec!["facilitator", "--load", "0s"],
        vec!["facilitator", "--url", "ftp://example"],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--timeout",
            "0",
        ],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--concurrency",
            "0",
        ],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--max-spend",
            "-5",
        ],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--id",
            "no/such/case",
        ],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--payer-key",
            "00",
        ],
        vec![
            "facilitator",
            "--url",
            "http://127.0.0.1:9",
            "--report-json",
            "/nonexistent-x402-dir/r.json",
        ],
        vec!["list", "--level", "sometimes"],
        vec!["serve-reference", "--bind", "0.0.0.0:0"],
        vec!["serve-reference", "--defect", "nope"],
        vec!["bogus"],
    ] {
        let o = run_bin(&args, &[], LIMIT);
        assert_eq!(code(&o), 2, "{args:?}: stderr {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("error"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn exit_2_for_an_unreachable_target() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The listener is dropped: the port now refuses connections.
    let o = run_bin(
        &[
            "facilitator",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--timeout",
            "3s",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2);
    assert!(
        text(&o.stderr).contains("target unreachable"),
        "{}",
        text(&o.stderr)
    );
    assert!(text(&o.stderr).contains("refused"), "{}", text(&o.stderr));
}

#[test]
fn malformed_key_is_a_usage_error_that_does_not_echo_the_key() {
    let bad = "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeZZ";
    let o = run_bin(
        &["facilitator", "--url", "http://127.0.0.1:9"],
        &[("X402_PAYER_KEY", bad)],
        LIMIT,
    );
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(
        err.contains("X402_PAYER_KEY") && err.contains("64 hex digits"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("deadbeef"), "{err}");
}

const KEY: &str = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

fn assert_no_key(what: &str, content: &str) {
    let lower = content.to_lowercase();
    assert!(!lower.contains(KEY), "{what} contains the payer key");
    // Any 16-hex-digit window of the key would also be a leak.
    for start in (0..KEY.len() - 16).step_by(8) {
        assert!(
            !lower.contains(&KEY[start..start + 16]),
            "{what} contains part of the payer key"
        );
    }
}

/// The built-in reference funds the configured key, so every case (signing, settling) runs.
#[test]
fn payer_key_never_appears_in_any_output() {
    let dir = temp_dir("key");
    let (j, x, h) = (dir.join("r.json"), dir.join("r.xml"), dir.join("r.html"));
    let sarif = dir.join("r.sarif");
    // Each run gets a new evidence directory (a non-empty one is refused).
    let mut runs = 0;
    let mut evidence = || {
        runs += 1;
        dir.join(format!("evidence-{runs}"))
    };
    // Every file of an evidence directory, and the SARIF log.
    let assert_no_key_in_triage = |ev: &std::path::Path| {
        assert_no_key("SARIF report", &std::fs::read_to_string(&sarif).unwrap());
        let mut files = vec![ev.join("run.json"), ev.join("SHA256SUMS")];
        files.extend(
            std::fs::read_dir(ev.join("cases"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        assert!(files.len() > 2, "{}", ev.display());
        for f in files {
            assert_no_key(
                &format!("evidence {}", f.display()),
                &std::fs::read_to_string(&f).unwrap(),
            );
        }
    };
    let key_file = dir.join("payer.key");
    std::fs::write(&key_file, format!("0x{}\n", KEY.to_uppercase())).unwrap();
    for (source, env, extra) in [
        (
            "environment variable X402_PAYER_KEY",
            vec![("X402_PAYER_KEY", format!("0x{KEY}"))],
            vec![],
        ),
        (
            "file",
            vec![],
            vec![
                "--payer-key-file".to_owned(),
                key_file.to_str().unwrap().to_owned(),
            ],
        ),
    ] {
        let mut args: Vec<String> = [
            "facilitator",
            "--timeout",
            "5s",
            "--allow-settlement",
            "--max-spend",
            "10000000",
            "--report-json",
            j.to_str().unwrap(),
            "--junit",
            x.to_str().unwrap(),
            "--report-html",
            h.to_str().unwrap(),
            "--report-sarif",
            sarif.to_str().unwrap(),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let ev = evidence();
        args.extend(["--evidence".to_owned(), ev.to_str().unwrap().to_owned()]);
        args.extend(extra);
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let envv: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let o = run_bin(&argv, &envv, LIMIT);
        assert_eq!(code(&o), 0, "{}", text(&o.stderr));
        let json = std::fs::read_to_string(&j).unwrap();
        let xml = std::fs::read_to_string(&x).unwrap();
        let html = std::fs::read_to_string(&h).unwrap();
        // The key was loaded (so the test can fail) ...
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["run"]["payerKeyConfigured"], true);
        assert!(
            v["run"]["payerKeySource"]
                .as_str()
                .unwrap()
                .contains(source)
        );
        assert!(html.contains("payer key"));
        assert_eq!(
            v["summary"]["passed"],
            v["summary"]["total"],
            "{}",
            text(&o.stderr)
        );
        // What was settled is reported apart from what was reserved: the refusal cases reserve
        // amounts that are never paid (#13 §7).
        let amount = |k: &str| v["run"][k].as_str().unwrap().parse::<u128>().unwrap();
        assert!(amount("spent") > 0, "{}", v["run"]);
        assert!(amount("spent") < amount("reserved"), "{}", v["run"]);
        // ... and appears nowhere.
        assert_no_key("JSON report", &json);
        assert_no_key("JUnit report", &xml);
        assert_no_key("HTML report", &html);
        assert_no_key("stdout", &text(&o.stdout));
        assert_no_key("stderr", &text(&o.stderr));
        assert_no_key_in_triage(&ev);
    }
    // The other roles: the server role signs with the key; the client role only passes the
    // environment on to the client it runs (here the built-in reference client, which signs).
    for role in ["server", "client"] {
        let ev = evidence();
        let argv = [
            role,
            "--report-json",
            j.to_str().unwrap(),
            "--junit",
            x.to_str().unwrap(),
            "--report-html",
            h.to_str().unwrap(),
            "--report-sarif",
            sarif.to_str().unwrap(),
            "--evidence",
            ev.to_str().unwrap(),
        ];
        let key = format!("0x{KEY}");
        let o = run_bin(&argv, &[("X402_PAYER_KEY", key.as_str())], LIMIT);
        assert_eq!(code(&o), 0, "{role}: {}", text(&o.stderr));
        let json = std::fs::read_to_string(&j).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["run"]["payerKeyConfigured"], role == "server", "{role}");
        if role == "server" {
            // Each paid case the reference server settled counts its price once; the replay
            // and refused payments count nothing.
            let amount = |k: &str| v["run"][k].as_str().unwrap().parse::<u128>().unwrap();
            assert!(amount("spent") > 0, "{}", v["run"]);
            assert!(amount("spent") < amount("reserved"), "{}", v["run"]);
        }
        if role == "client" {
            assert_eq!(
                v["run"]["spent"], "0",
                "nothing is settled in the client role"
            );
        }
        assert_no_key("JSON report", &json);
        assert_no_key("JUnit report", &std::fs::read_to_string(&x).unwrap());
        assert_no_key("HTML report", &std::fs::read_to_string(&h).unwrap());
        assert_no_key("stdout", &text(&o.stdout));
        assert_no_key("stderr", &text(&o.stderr));
        assert_no_key_in_triage(&ev);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_explains_every_option_with_an_example() {
    let o = run_bin(&["facilitator", "--help"], &[], LIMIT);
    assert_eq!(code(&o), 0);
    let help = text(&o.stdout);
    for opt in [
        "url",
        "id",
        "tag",
        "level",
        "skip",
        "network",
        "asset",
        "rpc-url",
        "payer-key-env",
        "payer-key-file",
        "max-spend",
        "allow-settlement",
        "timeout",
        "concurrency",
        "strict",
        "report-json",
        "junit",
        "report-html",
        "quiet",
        "color",
        "defect",
        "skew",
        "pay-to",
        "load",
        "profile",
        "fuzz",
        "fuzz-time",
        "seed",
        "report-sarif",
        "evidence",
        "compare",
    ] {
        assert!(
            help.contains(&format!("--{opt} ")) || help.contains(&format!("--{opt}\n")),
            "--{opt} missing"
        );
        assert!(
            help.contains(&format!("Example: --{opt}")),
            "--{opt} has no example"
        );
    }
    let serve = run_bin(&["serve-reference", "--help"], &[], LIMIT);
    assert_eq!(code(&serve), 0);
    for d in x402_conformance::reference::defects::Defect::ALL {
        assert!(
            text(&serve.stdout).contains(d.name()),
            "defect {d} not listed"
        );
    }
    let top = run_bin(&["--help"], &[], LIMIT);
    assert_eq!(code(&top), 0);
    assert!(text(&top.stdout).contains("Exit codes"));
}

#[test]
fn list_filters_and_json() {
    let o = run_bin(&["list", "--tag", "settle", "--level", "must"], &[], LIMIT);
    assert_eq!(code(&o), 0);
    let out = text(&o.stdout);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("facilitator/"))
        .collect();
    let expected = x402_conformance::cases::catalogue()
        .iter()
        .filter(|c| {
            c.tags.contains(&x402_conformance::case::Tag::Settle)
                && c.level == x402_conformance::case::Level::Must
        })
        .count();
    assert_eq!(lines.len(), expected, "{out}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("/settle/") && l.contains("MUST"))
    );
    let o = run_bin(
        &["list", "--json", "--id", "facilitator/supported/*"],
        &[],
        LIMIT,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 12);
    assert_eq!(v[0]["id"], "facilitator/supported/ok-json");
}

/// Spawns `serve-reference` with `args`; returns the child and the URL it printed.
fn spawn_reference(args: &[&str]) -> (std::process::Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_x402-conformance"))
        .arg("serve-reference")
        .args(args)
        .env_remove("X402_PAYER_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stdout);
        let mut lines = String::new();
        for _ in 0..4 {
            let _ = reader.read_line(&mut lines);
        }
        let _ = tx.send(lines);
    });
    let lines = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(l) => l,
        Err(_) => {
            let _ = child.kill();
            panic!("serve-reference printed no address");
        }
    };
    let url = lines
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("listening on "))
        .unwrap_or_else(|| panic!("{lines}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    (child, url, lines)
}

#[test]
fn serve_reference_from_another_process_passes_the_documented_command() {
    let (mut child, url, banner) = spawn_reference(&["--bind", "127.0.0.1:0"]);
    assert!(
        banner.contains("payer 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        "{banner}"
    );
    assert!(banner.contains("facilitator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    let rpc = format!("{url}/rpc");
    let o = run_bin(
        &[
            "facilitator",
            "--url",
            &url,
            "--allow-settlement",
            "--max-spend",
            "1000000",
            "--rpc-url",
            &rpc,
            "--id",
            "facilitator/*/v2-eip3009/*",
            "--strict",
            "--timeout",
            "5s",
        ],
        &[(
            "X402_PAYER_KEY",
            &format!("0x{}", x402_spec_testkit::keys::HARDHAT_0_KEY_HEX),
        )],
        LIMIT,
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("SKIP"), "{}", text(&o.stderr));
}

#[test]
fn serve_reference_serves_and_hang_defect_is_caught() {
    let (mut child, url, _) =
        spawn_reference(&["--bind", "127.0.0.1:0", "--defect", "hang-on-malformed"]);
    let supported = run_bin(
        &[
            "facilitator",
            "--url",
            &url,
            "--id",
            "facilitator/supported/kinds-parse",
            "--timeout",
            "5s",
        ],
        &[],
        LIMIT,
    );
    let malformed = run_bin(
        &[
            "facilitator",
            "--url",
            &url,
            "--id",
            "facilitator/verify/malformed-json/rejected",
            "--timeout",
            "1s",
        ],
        &[],
        LIMIT,
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(code(&supported), 0, "{}", text(&supported.stderr));
    assert_eq!(
        code(&malformed),
        1,
        "the hang is a MUST failure: {}",
        text(&malformed.stderr)
    );
    assert!(
        text(&malformed.stderr).contains("not hang"),
        "{}",
        text(&malformed.stderr)
    );
}

#[test]
fn role_help_explains_every_option_with_an_example() {
    for (role, options) in [
        (
            "server",
            &[
                "url",
                "path",
                "defect",
                "payer-key-env",
                "payer-key-file",
                "max-spend",
                "allow-settlement",
                "timeout",
                "concurrency",
                "strict",
                "profile",
                "skew",
                "report-json",
                "junit",
                "report-html",
                "report-sarif",
                "evidence",
                "compare",
                "quiet",
                "color",
            ][..],
        ),
        (
            "client",
            &[
                "max-amount",
                "defect",
                "timeout",
                "concurrency",
                "strict",
                "profile",
                "skew",
                "report-json",
                "junit",
                "report-html",
                "report-sarif",
                "evidence",
                "compare",
                "quiet",
                "color",
            ][..],
        ),
        (
            "reference-client",
            &[
                "max-amount",
                "payer-key-env",
                "payer-key-file",
                "defect",
                "timeout",
            ][..],
        ),
        ("compare", &["color"][..]),
    ] {
        let o = run_bin(&[role, "--help"], &[], LIMIT);
        assert_eq!(code(&o), 0, "{role}");
        let help = text(&o.stdout);
        for opt in options {
            assert!(
                help.contains(&format!("Example: --{opt}")),
                "{role} --{opt} has no example:\n{help}"
            );
        }
        assert!(help.contains("Example"), "{role}");
    }
    let client = text(&run_bin(&["client", "--help"], &[], LIMIT).stdout);
    for d in x402_conformance::reference::client::ClientDefect::ALL {
        assert!(client.contains(d.name()), "client defect {d} not listed");
    }
    assert!(client.contains("{url}"), "{client}");
    let top = text(&run_bin(&["--help"], &[], LIMIT).stdout);
    for cmd in [
        "facilitator",
        "server",
        "client",
        "serve-reference",
        "reference-client",
        "compare",
    ] {
        assert!(top.contains(cmd), "{cmd} missing from --help");
    }
}

#[test]
fn server_role_exit_codes() {
    let o = run_bin(&["server", "--timeout", "5s", "--strict"], &[], LIMIT);
    assert_eq!(code(&o), 0, "{}\n{}", text(&o.stdout), text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("built-in reference resource server at http://127.0.0.1:"),
        "{err}"
    );
    // Every case passes but the v1 X-PAYMENT family, which a v2 server does not get.
    let v1_family = x402_conformance::cases::server_catalogue()
        .iter()
        .filter(|c| c.id.starts_with("server/x-payment/"))
        .count();
    assert_eq!(
        err.matches("PASS ").count(),
        x402_conformance::cases::server_catalogue().len() - v1_family,
        "{err}"
    );
    assert_eq!(err.matches("SKIP ").count(), v1_family, "{err}");
    // The built-in v1 reference: the X-PAYMENT family runs and passes, and --expect turns a
    // seeded defect's failures into expected ones (exit 0) while a stale --expect fails the run.
    let o = run_bin(&["server", "--reference-v1", "--quiet"], &[], LIMIT);
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    let args = [
        "server",
        "--reference-v1",
        "--defect",
        "garbage-500",
        "--quiet",
        "--expect",
        "server/x-payment/*/refused",
    ];
    let o = run_bin(&args, &[], LIMIT);
    assert_eq!(
        code(&o),
        1,
        "stale: the underpaid and bad-signature refusals pass: {}",
        text(&o.stdout)
    );
    assert!(
        text(&o.stdout).contains("UNEXPECTED PASSES: 2"),
        "{}",
        text(&o.stdout)
    );
    let dir = temp_dir("expect");
    let file = dir.join("known.txt");
    std::fs::write(
        &file,
        "# the five malformed inputs answer 500\nserver/x-payment/not-*/refused\tevidence text\nserver/x-payment/unknown-version/refused\nserver/x-payment/v2-payload/refused  more evidence\n\n",
    )
    .unwrap();
    let o = run_bin(
        &[
            "server",
            "--reference-v1",
            "--defect",
            "garbage-500",
            "--quiet",
            "--expect-file",
            file.to_str().unwrap(),
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("EXPECTED FAILURES: 5"),
        "{}",
        text(&o.stdout)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let o = run_bin(
        &["server", "--defect", "skip-settlement", "--quiet"],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1);
    assert!(
        text(&o.stdout).contains("server/paid/replay/refused"),
        "{}",
        text(&o.stdout)
    );
    let o = run_bin(
        &["server", "--url", "http://127.0.0.1:1", "--timeout", "2s"],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("unreachable"),
        "{}",
        text(&o.stderr)
    );
    for bad in [
        &["server", "--url", "http://h", "--defect", "garbage-500"][..],
        &["server", "--path", "paid"][..],
        &["server", "--defect", "nope"][..],
        &["server", "--id", "nothing/*"][..],
        &["server", "--profile", "rust"][..],
    ] {
        assert_eq!(code(&run_bin(bad, &[], LIMIT)), 2, "{bad:?}");
    }
}

#[test]
fn client_role_exit_codes() {
    let o = run_bin(&["client", "--strict"], &[], LIMIT);
    assert_eq!(code(&o), 0, "{}\n{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(
        text(&o.stderr).matches("PASS ").count(),
        x402_conformance::cases::client_catalogue().len()
    );
    let o = run_bin(
        &["client", "--defect", "reuse-nonce", "--quiet"],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1);
    assert!(text(&o.stdout).contains("client/v2/exact-eip3009/nonce-fresh"));
    // A command that never pays fails the paying cases; whatever its exit code (0 here), the
    // verdict comes from what the endpoint observed.
    let o = run_bin(
        &["client", "--quiet", "--", "sh", "-c", "exit 0", "{url}"],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1);
    assert!(
        text(&o.stdout).contains("sent no payment"),
        "{}",
        text(&o.stdout)
    );
    let o = run_bin(
        &[
            "client",
            "--id",
            "client/v2/over-limit/*",
            "--",
            "sh",
            "-c",
            "exit 3",
        ],
        &[],
        LIMIT,
    );
    // A client that never pays cannot pass "does not pay over its limit": its control offer
    // within the limit was not paid, so the run exercised nothing (exit 3, #13 §7).
    assert_eq!(code(&o), 3, "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("NOT EXERCISED"),
        "{}",
        text(&o.stdout)
    );
    for bad in [
        &["client", "--defect", "wrong-domain", "--", "true"][..],
        &["client", "--max-amount", "1e6"][..],
        &["client", "--max-amount", "5", "--no-spend-limit"][..],
        &["client", "--versions", "3"][..],
        &["client", "--defect", "nope"][..],
    ] {
        assert_eq!(code(&run_bin(bad, &[], LIMIT)), 2, "{bad:?}");
    }
    let o = run_bin(
        &[
            "reference-client",
            "http://127.0.0.1:1/paid",
            "--timeout",
            "2s",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 2, "{}", text(&o.stdout));
    assert_eq!(
        code(&run_bin(&["reference-client", "ftp://x"], &[], LIMIT)),
        2
    );
}

#[test]
fn fuzz_prints_its_seed_and_a_defect_is_shrunk() {
    let o = run_bin(&["facilitator", "--fuzz", "60", "--seed", "7"], &[], LIMIT);
    assert_eq!(code(&o), 0, "{}\n{}", text(&o.stdout), text(&o.stderr));
    assert!(
        text(&o.stderr).contains("seed 7 (replay with --seed 7)"),
        "{}",
        text(&o.stderr)
    );
    let o = run_bin(
        &[
            "facilitator",
            "--fuzz",
            "200",
            "--seed",
            "7",
            "--defect",
            "accept-overpayment",
        ],
        &[],
        LIMIT,
    );
    assert_eq!(code(&o), 1);
    let out = text(&o.stdout);
    assert!(
        out.contains("facilitator/fuzz/differential") && out.contains("shrunk"),
        "{out}"
    );
    assert_eq!(
        code(&run_bin(
            &["facilitator", "--fuzz", "5", "--load", "1s"],
            &[],
            LIMIT
        )),
        2
    );
}

#[test]
fn list_shows_roles_and_profile_divergences() {
    let o = run_bin(&["list", "--role", "client", "--json"], &[], LIMIT);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cases = v.as_array().unwrap();
    assert_eq!(
        cases.len(),
        x402_conformance::cases::client_catalogue().len()
    );
    assert!(cases.iter().all(|c| c["role"] == "client"));
    assert!(cases.iter().any(|c| {
        c["profiles"]["go"]
            .as_str()
            .is_some_and(|s| s.contains("3600"))
    }));
    let o = run_bin(&["list"], &[], LIMIT);
    let out = text(&o.stdout);
    assert!(
        out.contains("server/payment-signature/not-base64/status") && out.contains("differs:ts,py"),
        "{out}"
    );
    assert!(out.contains("differs:ts,go,py"), "{out}");
    assert_eq!(code(&run_bin(&["list", "--role", "wallet"], &[], LIMIT)), 2);
}
