//! The command line: `list`, `facilitator`, `server`, `client`, `audit`, `serve-reference`,
//! `reference-client`, `compare`.
//!
//! Exit codes: 0 = every counted case passed (MUST, plus SHOULD under `--strict`); 1 = a counted
//! case failed or errored; 2 = usage error, unreachable target, or a report that cannot be
//! written. Usage errors never panic: every problem is reported as `error: …` on stderr.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use alloy_primitives::U256;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::case::{Case, Filter, Level, Tag};
use crate::cases::catalogue;
use crate::ctx::{Ctx, RpcUrls, RunConfig};
use crate::http::{HttpClient, fmt_duration};
use crate::loopback::{LoopbackServer, ServerOptions};
use crate::profile::Profile;
use crate::reference::client::ClientDefect;
use crate::reference::defects::Defect;
use crate::reference::facilitator::{REFERENCE_FUNDING, REFERENCE_PAYER_KEY, ReferenceBackend};
use crate::reference::resource::ResourceDefect;
use crate::report::{RunMeta, RunReport, evidence, html, json, junit, sarif, terminal};
use crate::runner::run_cases;
use crate::secret::{DEFAULT_PAYER_KEY_ENV, KeySource, PayerKey};
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

/// Exit code: every counted case passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: a counted case failed or errored.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error, unreachable target, or unwritable report.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: nothing was exercised (no MUST or SHOULD case passed or failed; all were skipped,
/// errored or INFO), so the run says nothing about the target.
pub const EXIT_NOT_EXERCISED: u8 = 3;

mod args;
pub use args::*;

/// A problem that ends the process with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CliError {
    /// Bad options.
    Usage(String),
    /// The target cannot be reached.
    Unreachable(String),
    /// Local I/O (report files, runtime).
    Io(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}"),
            CliError::Unreachable(m) => write!(f, "target unreachable: {m}"),
            CliError::Io(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for CliError {}

/// Parses a duration: `500ms`, `10s`, `2m`, or a bare number of seconds; must be in (0, 1h].
pub fn parse_duration(s: &str) -> Result<Duration, CliError> {
    let t = s.trim();
    let bad = || CliError::Usage(format!("invalid duration {s:?}: use e.g. 500ms, 10s or 2m"));
    let (num, unit_ms) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1u64)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60_000)
    } else {
        (t, 1000)
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    let ms = n.checked_mul(unit_ms).ok_or_else(bad)?;
    if ms == 0 || ms > 3_600_000 {
        return Err(CliError::Usage(format!(
            "duration {s:?} must be more than 0 and at most 1 hour"
        )));
    }
    Ok(Duration::from_millis(ms))
}

/// Validates a target base URL: http or https, a host, no query or fragment.
pub fn validate_url(s: &str) -> Result<String, CliError> {
    let url =
        reqwest::Url::parse(s).map_err(|e| CliError::Usage(format!("invalid --url {s:?}: {e}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(CliError::Usage(format!(
            "--url must be http:// or https://, got {}://",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(CliError::Usage("--url has no host".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(CliError::Usage(
            "--url must not have a query or fragment (paths are appended to it)".to_owned(),
        ));
    }
    Ok(s.trim_end_matches('/').to_owned())
}

fn parse_assets(items: &[String]) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in items {
        match item.split_once('=') {
            Some((net, addr)) if !net.trim().is_empty() && !addr.trim().is_empty() => {
                map.entry(net.trim().to_owned())
                    .or_default()
                    .push(addr.trim().to_owned());
            }
            _ => {
                return Err(CliError::Usage(format!(
                    "invalid --asset {item:?}: expected NETWORK=ADDRESS"
                )));
            }
        }
    }
    Ok(map)
}

fn parse_rpc_urls(items: &[String]) -> Result<RpcUrls, CliError> {
    let mut urls = RpcUrls::default();
    for item in items {
        let (net, url) = match item.split_once('=') {
            Some((net, url)) if !net.contains("://") => (net.trim().to_owned(), url.trim()),
            _ => ("*".to_owned(), item.trim()),
        };
        // Never echo the URL: it often embeds an API key.
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| CliError::Usage(format!("invalid --rpc-url for network {net:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https" | "ws" | "wss") || net.is_empty() {
            return Err(CliError::Usage(format!(
                "invalid --rpc-url for network {net:?}: expected [NETWORK=]http(s)://…"
            )));
        }
        urls.insert(net, url);
    }
    Ok(urls)
}

fn check_report_path(flag: &str, path: &Option<PathBuf>) -> Result<(), CliError> {
    if let Some(p) = path {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(CliError::Usage(format!(
                "{flag} {}: directory {} does not exist",
                p.display(),
                parent.display()
            )));
        }
        if p.is_dir() {
            return Err(CliError::Usage(format!(
                "{flag} {} is a directory",
                p.display()
            )));
        }
    }
    Ok(())
}

/// The configured payer key: `--payer-key-file`, else the `--payer-key-env` variable.
pub fn load_payer_key(env: &str, file: &Option<PathBuf>) -> Result<Option<PayerKey>, CliError> {
    let key = match file {
        Some(path) => Some(PayerKey::from_file(path).map_err(|e| CliError::Usage(e.to_string()))?),
        None => PayerKey::from_env(env).map_err(|e| CliError::Usage(e.to_string()))?,
    };
    if let Some(k) = &key
        && LocalSigner::from_bytes(k.expose_secret()).is_err()
    {
        return Err(CliError::Usage(format!(
            "the payer key in {} is not a valid secp256k1 private key (it is not below the group order)",
            k.source()
        )));
    }
    Ok(key)
}

/// The built-in reference test key as a [`PayerKey`].
pub fn reference_payer_key() -> Result<PayerKey, CliError> {
    PayerKey::from_bytes(REFERENCE_PAYER_KEY, KeySource::ReferenceTestKey)
        .map_err(|e| CliError::Io(e.to_string()))
}

/// Whether a URL's host is a loopback address (`localhost`, 127.0.0.0/8, `::1`).
pub fn is_loopback_url(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .is_some_and(|h| {
            let h = h.trim_start_matches('[').trim_end_matches(']');
            h.eq_ignore_ascii_case("localhost")
                || h.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
}

/// Atomic units a run against the built-in reference may settle when `--max-spend` is 0.
pub const REFERENCE_MAX_SPEND: u64 = 1_000_000_000_000_000_000;

/// Builds the run configuration from `facilitator` options (no network access). `target` is the
/// base URL (`--url`, or the built-in reference's); `reference` enables settlement on its ledger.
pub fn build_config(
    args: &FacilitatorArgs,
    target: &str,
    payer_key: Option<PayerKey>,
    reference: bool,
) -> Result<RunConfig, CliError> {
    let target = validate_url(target)?;
    let timeout = parse_duration(args.run.timeout.as_deref().unwrap_or("10s"))?;
    let concurrency = args.run.concurrency.unwrap_or(4);
    if !(1..=64).contains(&concurrency) {
        return Err(CliError::Usage(format!(
            "--concurrency must be between 1 and 64, got {concurrency}"
        )));
    }
    let mut max_spend = U256::from_str_radix(args.max_spend.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid --max-spend {:?}: expected a decimal amount in atomic units",
            args.max_spend
        ))
    })?;
    if let Some(load) = &args.load {
        parse_duration(load)?;
    }
    let pay_to = match &args.pay_to {
        Some(a) => EvmAddress::parse(a.trim())
            .map_err(|e| CliError::Usage(format!("invalid --pay-to {a:?}: {e}")))?,
        None => EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
    };
    check_report_path("--report-json", &args.run.report_json)?;
    check_report_path("--junit", &args.run.junit)?;
    check_report_path("--report-html", &args.run.report_html)?;
    check_triage_outputs(&args.run)?;
    let mut rpc_urls = parse_rpc_urls(&args.rpc_urls)?;
    if reference {
        if max_spend.is_zero() {
            max_spend = U256::from(REFERENCE_MAX_SPEND);
        }
        if rpc_urls.is_empty() {
            rpc_urls.insert("*", format!("{target}/rpc"));
        }
    }
    let skew_secs = args
        .run
        .skew
        .unwrap_or(if reference || is_loopback_url(&target) {
            0
        } else {
            1
        });
    Ok(RunConfig {
        target,
        timeout,
        concurrency,
        serial_settlements: !args.run.parallel_settlements,
        expected: expected_globs(&args.run)?,
        body_cap: crate::http::DEFAULT_BODY_CAP,
        networks: args.networks.clone(),
        assets: parse_assets(&args.assets)?,
        rpc_urls,
        payer_key: payer_key.map(Arc::new),
        max_spend,
        allow_settlement: args.allow_settlement || reference,
        strict: args.run.strict,
        skew_secs,
        pay_to_text: args.pay_to.as_ref().map(|a| a.trim().to_owned()),
        pay_to,
        profile: args.run.profile,
        client: None,
        facilitator_faults: None,
    })
}

/// Runs the command line `args` (including the program name) and returns the exit code.
pub fn main_with_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = args::command()
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        Command::List(a) => list(&a),
        Command::Facilitator(a) => with_runtime(|| facilitator(*a)),
        Command::Server(a) => with_runtime(|| server_role(*a)),
        Command::Client(a) => with_runtime(|| client_role(*a)),
        Command::Audit(a) => with_runtime(|| audit_role(*a)),
        Command::ServeReference(a) => with_runtime(|| serve_reference(a)),
        Command::ReferenceClient(a) => with_runtime(|| reference_client(a)),
        Command::Compare(a) => compare_reports(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            err_line(&format!("error: {e}"));
            EXIT_USAGE
        }
    }
}

/// Writes one line to stderr, ignoring failures (a closed stderr must not panic the harness).
fn err_line(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth reporting.
fn out_text(out: &mut impl Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Io(format!("cannot write to stdout: {e}"))),
    }
}

fn with_runtime<F, Fut>(f: F) -> Result<u8, CliError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<u8, CliError>>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Io(format!("cannot start the async runtime: {e}")))?;
    let code = rt.block_on(f());
    // Do not wait for stray tasks (e.g. a connection the target keeps open).
    rt.shutdown_timeout(Duration::from_millis(100));
    code
}

fn list(args: &ListArgs) -> Result<u8, CliError> {
    let all = match args.role.as_deref() {
        Some(role) => crate::cases::role_catalogue(role),
        None => crate::cases::all_cases(),
    };
    let selected = args.select.filter().apply(&all);
    let mut out = std::io::stdout().lock();
    if args.json {
        let cases: Vec<serde_json::Value> = selected
            .iter()
            .map(|c| {
                let profiles: serde_json::Map<String, serde_json::Value> = c
                    .profiles
                    .iter()
                    .map(|d| (d.profile.name().to_owned(), serde_json::json!(d.expected)))
                    .collect();
                serde_json::json!({
                    "id": c.id, "role": c.role(), "title": c.title, "clause": c.clause,
                    "expected": c.expected, "level": c.level, "tags": c.tags, "needs": c.needs,
                    "profiles": profiles,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&cases).map_err(|e| CliError::Io(e.to_string()))?;
        out_text(&mut out, &format!("{text}\n"))?;
        return Ok(EXIT_OK);
    }
    let width = selected.iter().map(|c| c.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for c in &selected {
        let tags: Vec<&str> = c.tags.iter().map(|t| t.as_str()).collect();
        let needs = if c.needs.is_empty() {
            String::new()
        } else {
            format!(" needs:{}", c.needs.names().join(","))
        };
        let differs = if c.profiles.is_empty() {
            String::new()
        } else {
            format!(
                " differs:{}",
                crate::profile::profile_names(c.profiles).join(",")
            )
        };
        text.push_str(&format!(
            "{:<width$}  {:<6}  [{}]{needs}{differs}  {}\n",
            c.id,
            c.level.as_str(),
            tags.join(","),
            c.title
        ));
    }
    text.push_str(&format!("{} of {} cases\n", selected.len(), all.len()));
    out_text(&mut out, &text)?;
    Ok(EXIT_OK)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

fn write_report(
    flag: &str,
    path: &Option<PathBuf>,
    text: impl FnOnce() -> String,
) -> Result<(), CliError> {
    if let Some(p) = path {
        std::fs::write(p, text())
            .map_err(|e| CliError::Io(format!("cannot write {flag} {}: {e}", p.display())))?;
    }
    Ok(())
}

mod facilitator;
use facilitator::*;

/// Where and how a run reports.
struct OutputOpts<'a> {
    report_json: &'a Option<PathBuf>,
    junit: &'a Option<PathBuf>,
    report_html: &'a Option<PathBuf>,
    report_sarif: &'a Option<PathBuf>,
    evidence: &'a Option<PathBuf>,
    compare: &'a Option<PathBuf>,
    quiet: bool,
    color: bool,
}

/// Runs `selected` with progress lines, then prints and writes the reports.
async fn execute_cases(
    role: &str,
    root: &Ctx,
    selected: &[&Case],
    filter: Filter,
    settings: Vec<(String, String)>,
    out: &OutputOpts<'_>,
) -> Result<u8, CliError> {
    let config = root.config();
    err_line(&format!(
        "x402-conformance {}: {role} {} — {} case(s), timeout {}, concurrency {}, skew {} s, --profile {}",
        env!("CARGO_PKG_VERSION"),
        config.target_for_report(),
        selected.len(),
        fmt_duration(config.timeout),
        config.concurrency,
        config.skew_secs,
        config.profile
    ));
    let started_at = SystemTime::now();
    let start = Instant::now();
    let (quiet, strict, color) = (out.quiet, config.strict, out.color);
    let mut on_result = move |r: &crate::runner::CaseResult, done: usize, total: usize| {
        if !quiet {
            err_line(&terminal::progress_line(r, done, total, strict, color));
        }
    };
    let results = run_cases(root, selected, &mut on_result).await;
    finish_run(
        role, root, results, filter, settings, started_at, start, out,
    )
}

/// Builds the report of a finished run, prints the summary and writes the report files.
#[allow(clippy::too_many_arguments)]
fn finish_run(
    role: &str,
    root: &Ctx,
    results: Vec<crate::runner::CaseResult>,
    filter: Filter,
    settings: Vec<(String, String)>,
    started_at: SystemTime,
    start: Instant,
    out: &OutputOpts<'_>,
) -> Result<u8, CliError> {
    let config = root.config();
    let target = match &config.client {
        Some(c) => c.label.clone(),
        None => config.target_for_report(),
    };
    let report = RunReport {
        meta: RunMeta {
            role: role.to_owned(),
            target,
            started_at,
            duration: start.elapsed(),
            timeout: config.timeout,
            concurrency: config.concurrency,
            strict: config.strict,
            networks: config.networks.clone(),
            assets: config.assets.clone(),
            rpc_url_networks: config.rpc_urls.networks(),
            payer_key_source: config.payer_key.as_ref().map(|k| k.source().to_string()),
            settlement_allowed: config.allow_settlement,
            max_spend: config.max_spend.to_string(),
            spent: root.budget().settled().to_string(),
            reserved: root.budget().reserved().to_string(),
            filter,
            profile: config.profile,
            skew_secs: config.skew_secs,
            settings,
            outage: root.health().outage().map(|o| o.describe()),
            expected: config.expected.clone(),
        },
        results,
    };
    let table = terminal::summary_table(&report, out.color && std::io::stdout().is_terminal());
    out_text(&mut std::io::stdout().lock(), &format!("\n{table}"))?;
    // --compare only prints: the exit code stays the run's own.
    if let Some(old) = out.compare {
        print_comparison(old, &report, out.color && std::io::stdout().is_terminal())?;
    }
    let _ = std::io::stdout().flush();
    // Written after the summary so that a failing write (exit 2) still leaves the results on screen.
    write_report("--report-json", out.report_json, || {
        json::to_string(&report)
    })?;
    write_report("--junit", out.junit, || junit::to_string(&report))?;
    write_report("--report-html", out.report_html, || {
        html::to_string(&report)
    })?;
    write_report("--report-sarif", out.report_sarif, || {
        sarif::to_string(&report)
    })?;
    if let Some(dir) = out.evidence {
        let files = evidence::write(dir, &report).map_err(CliError::Io)?;
        err_line(&format!(
            "x402-conformance: evidence in {} ({} files, verify with: cd {} && sha256sum -c SHA256SUMS)",
            dir.display(),
            files.len(),
            dir.display()
        ));
    }
    Ok(match report.summary().exit_code {
        0 => EXIT_OK,
        1 => EXIT_FAILED,
        _ => EXIT_NOT_EXERCISED,
    })
}

mod roles;
use roles::*;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests;
