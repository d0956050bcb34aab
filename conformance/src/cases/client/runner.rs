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
    /// A note for verdict messages: how the client ended and the last lines it wrote (up to
    /// [`NOTE_LINES`] of stderr and of stdout), so that a failure quotes the client's own
    /// explanation, not only its last line.
    pub fn note(&self) -> String {
        let mut out = format!("client {}", self.ended);
        for (name, text) in [("stderr", &self.stderr), ("stdout", &self.stdout)] {
            let lines = last_lines(text, NOTE_LINES);
            if !lines.is_empty() {
                out.push_str(&format!("; {name}: {}", lines.join(" | ")));
            }
        }
        out
    }
}

/// Lines of client output quoted per stream in [`ClientRun::note`].
pub const NOTE_LINES: usize = 4;

/// The last `n` non-blank lines of `text`, in order, each trimmed and bounded in length.
fn last_lines(text: &str, n: usize) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(|l| preview(l.trim().as_bytes(), 200))
        .collect();
    lines.reverse();
    lines
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

/// Sends SIGKILL to the child's process group (the command may be a shell or `npx` that started
/// grandchildren; the child was started as the leader of its own group).
fn kill_group(child: &std::process::Child) {
    #[cfg(unix)]
    {
        // ESRCH (the group is already gone) is the common, harmless outcome.
        let pid = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    #[cfg(not(unix))]
    let _ = child;
}

/// Kills the child, its process group, and waits for it.
pub(super) fn kill_tree(child: &mut std::process::Child) {
    kill_group(child);
    let _ = child.kill();
    let _ = child.wait();
}

/// How long the output readers may still run after the client ended and its group was killed
/// before the harness looks for processes outside the group that hold the pipes.
const PIPE_GRACE: Duration = Duration::from_millis(500);

fn grace_deadline() -> Instant {
    let now = Instant::now();
    now.checked_add(PIPE_GRACE).unwrap_or(now)
}

/// The processes other than this one that hold one of `pipes` open (`/proc/PID/fd/*` links
/// named `pipe:[INODE]`). Linux only: elsewhere nothing is found, and a descendant that left
/// the process group while holding the pipes is reported, not killed.
fn pipe_holders(pipes: &[std::path::PathBuf]) -> Vec<u32> {
    let mut out = Vec::new();
    if pipes.is_empty() {
        return out;
    }
    let me = std::process::id();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in procs.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        if fds
            .flatten()
            .filter_map(|fd| std::fs::read_link(fd.path()).ok())
            .any(|target| pipes.contains(&target))
        {
            out.push(pid);
        }
    }
    out
}

/// The identities (`pipe:[INODE]`) of this process's ends of the client's output pipes.
fn pipe_ids(ends: &[Option<i32>]) -> Vec<std::path::PathBuf> {
    ends.iter()
        .flatten()
        .filter_map(|fd| std::fs::read_link(format!("/proc/self/fd/{fd}")).ok())
        .collect()
}

#[cfg(unix)]
fn raw_fd(f: &impl std::os::fd::AsRawFd) -> Option<i32> {
    Some(f.as_raw_fd())
}

#[cfg(not(unix))]
fn raw_fd<T>(_: &T) -> Option<i32> {
    None
}

/// A reader thread's result, waited for with a deadline.
struct Reader(Option<std::sync::mpsc::Receiver<Vec<u8>>>);

impl Reader {
    fn spawn(r: Option<impl Read + Send + 'static>) -> Reader {
        Reader(r.map(|r| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(read_bounded(r));
            });
            rx
        }))
    }

    /// The output, if the pipe closed before `deadline`; `None` while someone still holds it.
    fn wait(&mut self, deadline: Instant) -> Option<Vec<u8>> {
        let Some(rx) = &self.0 else {
            return Some(Vec::new());
        };
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(bytes) => {
                self.0 = None;
                Some(bytes)
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                self.0 = None;
                Some(Vec::new())
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
        }
    }
}

/// Runs the client once against `url`, bounded by the target's run timeout: at the timeout the
/// whole process group is killed, and so is any process outside the group (a grandchild that
/// called `setsid`) still holding the client's output pipes, so that neither the case nor a
/// stray process outlives `--timeout` by more than about a second.
pub fn run_client_blocking(target: &ClientTarget, url: &str) -> Result<ClientRun, String> {
    let argv = command_for(&target.command, url);
    let Some((program, args)) = argv.split_first() else {
        return Err("the client command is empty".to_owned());
    };
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match target.max_amount {
        Some(max) => cmd.env(MAX_AMOUNT_ENV, max.to_string()),
        // No declared limit: nothing is exported, not even an inherited value.
        None => cmd.env_remove(MAX_AMOUNT_ENV),
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the client {program:?}: {e}"))?;
    let pipes = pipe_ids(&[
        child.stdout.as_ref().and_then(raw_fd),
        child.stderr.as_ref().and_then(raw_fd),
    ]);
    let mut out = Reader::spawn(child.stdout.take());
    let mut err = Reader::spawn(child.stderr.take());
    let (mut ended, timed_out) = loop {
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
    // Whatever the client left running in its group goes with it.
    kill_group(&child);
    let mut deadline = grace_deadline();
    let (mut stdout, mut stderr) = (out.wait(deadline), err.wait(deadline));
    if stdout.is_none() || stderr.is_none() {
        let holders = pipe_holders(&pipes);
        #[cfg(unix)]
        for pid in &holders {
            if let Some(p) = i32::try_from(*pid)
                .ok()
                .and_then(rustix::process::Pid::from_raw)
            {
                let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
            }
        }
        deadline = grace_deadline();
        stdout = stdout.or_else(|| out.wait(deadline));
        stderr = stderr.or_else(|| err.wait(deadline));
        let pids: Vec<String> = holders.iter().map(u32::to_string).collect();
        ended.push_str(&if pids.is_empty() {
            "; a process outside its process group still holds its output (not found to kill)"
                .to_owned()
        } else {
            format!(
                "; killed {} process(es) outside its process group that still held its output (pid {})",
                pids.len(),
                pids.join(", ")
            )
        });
    }
    Ok(ClientRun {
        ended,
        timed_out,
        stdout: tail(&stdout.unwrap_or_default()),
        stderr: tail(&stderr.unwrap_or_default()),
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
            target.max_amount.unwrap_or(U256::MAX),
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
