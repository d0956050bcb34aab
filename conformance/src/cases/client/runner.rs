//! Running the client under test as a subprocess against the harness's loopback resource server.

use super::*;

/// How one run of the client ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRun {
    /// `exit 0`, `exit 3`, `killed by a signal`, or `killed after 30s (timeout)`.
    pub ended: String,
    /// Whether the harness had to kill it.
    pub timed_out: bool,
    /// The last bytes of its stdout.
    pub stdout: String,
    /// The last bytes of its stderr.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

impl ClientRun {
    /// A one-line note for verdict messages.
    pub fn note(&self) -> String {
        let last = |s: &str| {
            s.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| preview(l.as_bytes(), 160))
        };
        let mut out = format!("client {}", self.ended);
        if let Some(l) = last(&self.stderr) {
            out.push_str(&format!("; last stderr line {l}"));
        } else if let Some(l) = last(&self.stdout) {
            out.push_str(&format!("; last stdout line {l}"));
        }
        out
    }
}

/// The command line for `url`: every `{url}` replaced, or the URL appended.
pub fn command_for(template: &[String], url: &str) -> Vec<String> {
    let mut out: Vec<String> = template.iter().map(|a| a.replace("{url}", url)).collect();
    if !template.iter().any(|a| a.contains("{url}")) {
        out.push(url.to_owned());
    }
    out
}

pub(super) fn tail(bytes: &[u8]) -> String {
    let start = bytes.len().saturating_sub(OUTPUT_TAIL);
    String::from_utf8_lossy(bytes.get(start..).unwrap_or_default()).into_owned()
}

pub(super) fn read_bounded(mut r: impl Read) -> Vec<u8> {
    // Keep at most 64 KiB; read (and drop) the rest so the child never blocks on a full pipe.
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if kept.len() < 64 * 1024 {
                    kept.extend_from_slice(buf.get(..n).unwrap_or_default());
                }
            }
        }
    }
    kept
}

/// Kills the child and, on Unix, its whole process group (the command may be a shell or `npx`
/// that started grandchildren).
pub(super) fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs the client once against `url`, bounded by the target's run timeout.
pub fn run_client_blocking(target: &ClientTarget, url: &str) -> Result<ClientRun, String> {
    let argv = command_for(&target.command, url);
    let Some((program, args)) = argv.split_first() else {
        return Err("the client command is empty".to_owned());
    };
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env(MAX_AMOUNT_ENV, target.max_amount.to_string());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the client {program:?}: {e}"))?;
    let out = child
        .stdout
        .take()
        .map(|o| std::thread::spawn(move || read_bounded(o)));
    let err = child
        .stderr
        .take()
        .map(|e| std::thread::spawn(move || read_bounded(e)));
    let (ended, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                break (
                    status
                        .code()
                        .map_or_else(|| "killed by a signal".to_owned(), |c| format!("exit {c}")),
                    false,
                );
            }
            Ok(None) => {}
            Err(e) => {
                kill_tree(&mut child);
                break (format!("lost ({e})"), false);
            }
        }
        if start.elapsed() > target.run_timeout {
            kill_tree(&mut child);
            break (
                format!(
                    "killed after {} (timeout)",
                    crate::http::fmt_duration(target.run_timeout)
                ),
                true,
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    #[cfg(unix)]
    if !timed_out {
        // Grandchildren still holding the pipes would keep the readers waiting.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let stdout = out.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = err.and_then(|t| t.join().ok()).unwrap_or_default();
    Ok(ClientRun {
        ended,
        timed_out,
        stdout: tail(&stdout),
        stderr: tail(&stderr),
        elapsed: start.elapsed(),
    })
}

/// What one case observed: the client's runs and every request the endpoint received.
#[derive(Debug, Clone)]
pub struct Observation {
    /// The runs (most cases: one).
    pub runs: Vec<ClientRun>,
    /// Requests per run, in order.
    pub requests: Vec<Vec<Observed>>,
    /// The endpoint URL of each run.
    pub urls: Vec<String>,
}

impl Observation {
    /// Payment attempts of run `i`, in order.
    pub fn attempts(&self, run: usize) -> Vec<&Attempt> {
        self.requests
            .get(run)
            .map(|r| r.iter().filter_map(|o| o.attempt.as_ref()).collect())
            .unwrap_or_default()
    }

    /// The replies to payment attempts of run `i`.
    pub fn paid_replies(&self, run: usize) -> Vec<&HttpReply> {
        self.requests
            .get(run)
            .map(|r| {
                r.iter()
                    .filter(|o| o.attempt.is_some())
                    .map(|o| &o.reply)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Why there is no payment in run `i`, for messages.
    pub fn no_payment(&self, run: usize) -> String {
        let n = self.requests.get(run).map_or(0, Vec::len);
        format!(
            "the client sent no payment ({n} request(s), none with PAYMENT-SIGNATURE or X-PAYMENT); {}",
            self.runs.get(run).map(ClientRun::note).unwrap_or_default()
        )
    }
}

/// Serves `scenario`, runs the client `times` times (a fresh endpoint each time), records every
/// exchange in the case log.
pub async fn observe(ctx: &Ctx, scenario: Scenario, times: usize) -> Result<Observation, Verdict> {
    let Some(target) = ctx.config().client.clone() else {
        return Err(Verdict::errored(
            "no client command configured (harness bug: the client role sets one)",
        ));
    };
    let mut obs = Observation {
        runs: Vec::new(),
        requests: Vec::new(),
        urls: Vec::new(),
    };
    for _ in 0..times {
        let endpoint = Arc::new(PaywalledRoute::new(
            scenario,
            ctx.config().pay_to.to_checksum(),
            target.max_amount,
        ));
        let handler: Arc<dyn Handler> = Arc::clone(&endpoint) as Arc<dyn Handler>;
        let server = handler::serve(
            std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            handler,
            1024 * 1024,
        )
        .await
        .map_err(|e| Verdict::errored(format!("cannot serve the case endpoint: {e}")))?;
        let url = format!("{}/resource", server.url());
        let t = target.clone();
        let u = url.clone();
        let run = tokio::task::spawn_blocking(move || run_client_blocking(&t, &u))
            .await
            .map_err(|e| Verdict::errored(format!("the client runner task failed: {e}")))?
            .map_err(Verdict::errored)?;
        server.shutdown().await;
        let observed = endpoint.observed();
        for o in &observed {
            ctx.record(&exchange_of(&url, o));
        }
        obs.runs.push(run);
        obs.requests.push(observed);
        obs.urls.push(url);
    }
    Ok(obs)
}

pub(super) fn exchange_of(url: &str, o: &Observed) -> Exchange {
    let base = url.trim_end_matches("/resource");
    Exchange {
        request: RecordedRequest {
            method: o.request.method.clone(),
            url: format!("{base}{}", o.request.target),
            headers: o.request.headers.clone(),
            body: o.request.body.clone(),
        },
        response: Ok(Response {
            status: o.reply.status,
            headers: o.reply.headers.clone(),
            body: o.reply.body.clone(),
            truncated: false,
        }),
        elapsed: Duration::ZERO,
    }
}
