//! The command line: `list`, `facilitator`, `serve-reference`.
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
use crate::report::{RunMeta, RunReport, html, json, junit, terminal};
use crate::runner::run_cases;
use crate::secret::{DEFAULT_PAYER_KEY_ENV, KeySource, PayerKey};
use crate::server::defect::Defect;
use crate::server::reference::{REFERENCE_FUNDING, REFERENCE_PAYER_KEY, ReferenceBackend};
use crate::server::{LoopbackServer, ServerOptions};
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

/// Exit code: every counted case passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: a counted case failed or errored.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error, unreachable target, or unwritable report.
pub const EXIT_USAGE: u8 = 2;

const ABOUT: &str = "Conformance harness for x402 facilitators: talks to the implementation under test only over HTTP.";

const LONG_ABOUT: &str = "\
Conformance harness for x402 facilitators. It talks to the implementation under test (IUT) only
over HTTP, runs cases with stable ids (e.g. facilitator/verify/empty-body/rejected), each tied to a
spec clause and a level (MUST, SHOULD, INFO), and writes terminal, JSON, JUnit and HTML reports.

Exit codes: 0 every MUST case passed (with --strict: every MUST and SHOULD case); 1 a MUST case
(or, with --strict, a SHOULD case) failed or errored; 2 usage error, unreachable target, or a report
file that cannot be written.";

const EXAMPLES: &str = "\
Examples:
  x402-conformance facilitator            # the whole suite against the built-in reference
  x402-conformance facilitator --defect accept-replay --strict
  x402-conformance facilitator --load 10s --concurrency 8
  x402-conformance list --tag verify --level must
  x402-conformance facilitator --url http://127.0.0.1:4022 --report-html report.html
  X402_PAYER_KEY=0x… x402-conformance facilitator --url https://facilitator.example \\
      --network eip155:84532 --allow-settlement --max-spend 20000 --junit junit.xml
  x402-conformance serve-reference --bind 127.0.0.1:4099 --defect accept-replay";

/// The parsed command line.
#[derive(Debug, Parser)]
#[command(name = "x402-conformance", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the case catalogue (id, level, tags, needs, title).
    #[command(
        after_help = "Example:\n  x402-conformance list --id 'facilitator/settle/*' --level must"
    )]
    List(ListArgs),
    /// Test a facilitator at --url (without --url: the built-in reference facilitator).
    #[command(after_help = EXAMPLES)]
    Facilitator(Box<FacilitatorArgs>),
    /// Serve the reference facilitator (x402-spec verification over an in-memory ledger) on loopback.
    #[command(after_help = serve_help())]
    ServeReference(ServeArgs),
}

fn serve_help() -> String {
    format!(
        "The server prints `listening on http://ADDR`, then the funded payer and the facilitator signer, on\n\
         stdout, and runs until interrupted (Ctrl-C/SIGTERM). It verifies with x402-spec and answers the\n\
         on-chain checks from an in-memory ledger (balances, EIP-3009 and Permit2 nonces, Permit2\n\
         allowances); settlements are ledger transfers with synthetic transaction hashes. POST /rpc answers\n\
         eth_call from the same ledger. The payer is the key in --payer-key-env/--payer-key-file, or the\n\
         built-in test key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 (Hardhat\n\
         account #0, worthless on every real network). To run the suite against it from another process:\n\
         X402_PAYER_KEY=<that key> x402-conformance facilitator --url http://ADDR --allow-settlement \\\n\
         --max-spend 1000000 --rpc-url http://ADDR/rpc\n\n{}\n\
         Example:\n  x402-conformance serve-reference --bind 127.0.0.1:4099 --defect accept-replay",
        Defect::help_text()
    )
}

/// Case selection options (shared by `list` and `facilitator`).
#[derive(Debug, Clone, Default, Args)]
pub struct SelectArgs {
    /// Select cases whose id matches GLOB (`*` = any characters, `?` = one); repeat to select
    /// several patterns. Example: --id 'facilitator/verify/*'
    #[arg(long = "id", value_name = "GLOB")]
    pub ids: Vec<String>,
    /// Keep only cases that have TAG; repeat to require several tags (all must match). Tags: v1,
    /// v2, eip3009, permit2, upto, extension, supported, verify, settle, robustness, http.
    /// Example: --tag robustness
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<Tag>,
    /// Keep only cases of LEVEL: must, should or info. Example: --level must
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<Level>,
    /// Exclude cases whose id matches GLOB (known failures you track elsewhere); repeatable.
    /// Example: --skip '*/oversized-body/*'
    #[arg(long = "skip", value_name = "GLOB")]
    pub skip: Vec<String>,
}

impl SelectArgs {
    fn filter(&self) -> Filter {
        Filter {
            ids: self.ids.clone(),
            tags: self.tags.clone(),
            level: self.level,
            skip: self.skip.clone(),
        }
    }
}

/// `list` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Selection.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Print the catalogue as JSON (id, title, clause, expected, level, tags, needs).
    /// Example: --json
    #[arg(long)]
    pub json: bool,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `facilitator` options.
#[derive(Debug, Args)]
pub struct FacilitatorArgs {
    /// Base URL of the facilitator under test; /supported, /verify and /settle are appended.
    /// Without --url the built-in reference facilitator is started on 127.0.0.1 and tested (its
    /// payer is funded and settlement happens on its in-memory ledger).
    /// Example: --url http://127.0.0.1:4022
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Without --url only: start the built-in reference with this seeded defect (repeatable), to
    /// see which cases catch it. Example: --defect accept-replay
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<Defect>,
    /// Selection.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Test only this network (CAIP-2 id, or a v1 name); repeatable. Default: every network the
    /// target lists in GET /supported. Example: --network eip155:84532
    #[arg(long = "network", value_name = "NETWORK")]
    pub networks: Vec<String>,
    /// Token to test on a network, as NETWORK=ADDRESS; repeatable. Default: the network's default
    /// stablecoin. Example: --asset eip155:84532=0x036CbD53842c5426634e7929541eC2318f3dCF7e
    #[arg(long = "asset", value_name = "NETWORK=ADDRESS")]
    pub assets: Vec<String>,
    /// JSON-RPC URL, as URL (any network) or NETWORK=URL; repeatable. Never written to reports.
    /// Example: --rpc-url eip155:84532=https://sepolia.base.org
    #[allow(rustdoc::bare_urls)] // the doc comment doubles as `--help` text
    #[arg(long = "rpc-url", value_name = "[NETWORK=]URL")]
    pub rpc_urls: Vec<String>,
    /// Name of the environment variable holding the payer's private key (64 hex digits). The key
    /// is never accepted as an argument and never printed or written to a report.
    /// Example: --payer-key-env MY_PAYER_KEY
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PAYER_KEY_ENV)]
    pub payer_key_env: String,
    /// Read the payer's private key from this file instead (64 hex digits, optional 0x).
    /// Example: --payer-key-file ~/.x402/payer.key
    #[arg(long, value_name = "PATH")]
    pub payer_key_file: Option<PathBuf>,
    /// Maximum total amount the run may settle, in atomic token units summed over all
    /// settlements (20000 = 0.02 USDC). 0 disables every case that spends. Example: --max-spend 20000
    #[arg(long, value_name = "ATOMIC", default_value = "0")]
    pub max_spend: String,
    /// Allow cases that settle real payments (also needs a payer key and a non-zero --max-spend).
    /// Example: --allow-settlement
    #[arg(long)]
    pub allow_settlement: bool,
    /// Per-request timeout covering connect, response head and the whole body (`500ms`, `10s`,
    /// `2m`; a bare number is seconds). Example: --timeout 5s
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub timeout: String,
    /// Number of cases run at the same time, or with --load of requests in flight (1-64).
    /// Example: --concurrency 8
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Count SHOULD failures towards the exit code too, and require the canonical spelling of
    /// reason codes (SDK aliases are accepted otherwise). Example: --strict
    #[arg(long)]
    pub strict: bool,
    /// Clock difference allowed between the harness and the target, in seconds: time windows
    /// keep this margin and boundary cases it makes undecidable are skipped. Default: 0 for the
    /// built-in reference and loopback targets (same clock), 1 otherwise. Example: --skew 2
    #[arg(long, value_name = "SECONDS")]
    pub skew: Option<u64>,
    /// Recipient (payTo) of the payments the cases sign. Default: the x402 specification's
    /// example recipient 0x209693Bc6afc0C5328bA36FaF03C514EF312287C.
    /// Example: --pay-to 0x209693Bc6afc0C5328bA36FaF03C514EF312287C
    #[arg(long, value_name = "ADDRESS")]
    pub pay_to: Option<String>,
    /// Instead of the cases, drive POST /verify with valid payments for DURATION at
    /// --concurrency and report requests/s and p50/p99 latency. Example: --load 10s
    #[arg(long, value_name = "DURATION")]
    pub load: Option<String>,
    /// Write the JSON report (format: docs/conformance-report.md). Example: --report-json report.json
    #[arg(long, value_name = "PATH")]
    pub report_json: Option<PathBuf>,
    /// Write a JUnit XML report for CI. Example: --junit junit.xml
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Write one self-contained HTML report (no scripts, no network). Example: --report-html report.html
    #[arg(long, value_name = "PATH")]
    pub report_html: Option<PathBuf>,
    /// Do not print per-case progress lines (the summary is still printed). Example: --quiet
    #[arg(long)]
    pub quiet: bool,
    /// Colour terminal output: auto, always or never. Example: --color never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

/// `serve-reference` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Loopback address to bind; port 0 picks a free port. Example: --bind 127.0.0.1:4099
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub bind: String,
    /// Seed a misbehaviour (see the list below); repeatable. Example: --defect accept-replay
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<Defect>,
    /// Largest accepted request body in bytes (413 beyond). Example: --body-limit 1048576
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Environment variable holding the payer key to fund (default: the built-in test key).
    /// Example: --payer-key-env MY_PAYER_KEY
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PAYER_KEY_ENV)]
    pub payer_key_env: String,
    /// File holding the payer key to fund. Example: --payer-key-file ~/.x402/payer.key
    #[arg(long, value_name = "PATH")]
    pub payer_key_file: Option<PathBuf>,
}

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
    let timeout = parse_duration(&args.timeout)?;
    if !(1..=64).contains(&args.concurrency) {
        return Err(CliError::Usage(format!(
            "--concurrency must be between 1 and 64, got {}",
            args.concurrency
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
    check_report_path("--report-json", &args.report_json)?;
    check_report_path("--junit", &args.junit)?;
    check_report_path("--report-html", &args.report_html)?;
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
        .skew
        .unwrap_or(if reference || is_loopback_url(&target) {
            0
        } else {
            1
        });
    Ok(RunConfig {
        target,
        timeout,
        concurrency: args.concurrency,
        body_cap: crate::http::DEFAULT_BODY_CAP,
        networks: args.networks.clone(),
        assets: parse_assets(&args.assets)?,
        rpc_urls,
        payer_key: payer_key.map(Arc::new),
        max_spend,
        allow_settlement: args.allow_settlement || reference,
        strict: args.strict,
        skew_secs,
        pay_to,
    })
}

/// Runs the command line `args` (including the program name) and returns the exit code.
pub fn main_with_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        Command::List(a) => list(&a),
        Command::Facilitator(a) => with_runtime(|| facilitator(*a)),
        Command::ServeReference(a) => with_runtime(|| serve_reference(a)),
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
    let all = catalogue();
    let selected = args.select.filter().apply(&all);
    let mut out = std::io::stdout().lock();
    if args.json {
        let cases: Vec<serde_json::Value> = selected
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id, "title": c.title, "clause": c.clause, "expected": c.expected,
                    "level": c.level, "tags": c.tags, "needs": c.needs,
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
        text.push_str(&format!(
            "{:<width$}  {:<6}  [{}]{needs}  {}\n",
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

/// Starts the built-in reference facilitator on 127.0.0.1:0 funding `payer`.
async fn start_reference(
    payer: &PayerKey,
    defects: BTreeSet<Defect>,
    body_limit: usize,
) -> Result<LoopbackServer, CliError> {
    let signer = LocalSigner::from_bytes(payer.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), defects.clone())
        .map_err(|e| CliError::Io(e.to_string()))?;
    let options = ServerOptions {
        body_limit,
        defects,
        ..ServerOptions::default()
    };
    let bind: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 0));
    LoopbackServer::start(bind, Arc::new(backend), options)
        .await
        .map_err(|e| CliError::Io(e.to_string()))
}

async fn facilitator(args: FacilitatorArgs) -> Result<u8, CliError> {
    let reference = args.url.is_none();
    if !reference && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference facilitator; it cannot be combined with --url \
             (use `serve-reference --defect NAME` to serve a defective reference)"
                .to_owned(),
        ));
    }
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => Some(k),
        None if reference => Some(reference_payer_key()?),
        None => None,
    };
    // Validate every option before starting anything.
    let placeholder = args
        .url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:1".to_owned());
    build_config(&args, &placeholder, None, reference)?;
    let server = match (&payer_key, reference) {
        (Some(k), true) => {
            let defects: BTreeSet<Defect> = args.defects.iter().copied().collect();
            Some(start_reference(k, defects, 1024 * 1024).await?)
        }
        _ => None,
    };
    let target = server
        .as_ref()
        .map(LoopbackServer::url)
        .or_else(|| args.url.clone())
        .unwrap_or(placeholder);
    let config = build_config(&args, &target, payer_key, reference)?;
    if reference {
        let payer = config
            .payer_key
            .as_ref()
            .and_then(|k| LocalSigner::from_bytes(k.expose_secret()).ok())
            .map(|s| s.address().to_string())
            .unwrap_or_default();
        let defects: Vec<&str> = args.defects.iter().map(|d| d.name()).collect();
        err_line(&format!(
            "x402-conformance: built-in reference facilitator at {} (payer {payer}, {}); point --url at a real facilitator to test it",
            config.target,
            if defects.is_empty() {
                "no seeded defect".to_owned()
            } else {
                format!("seeded defect(s): {}", defects.join(", "))
            }
        ));
    }
    let result = run_facilitator(&args, config).await;
    if let Some(s) = server {
        s.shutdown().await;
    }
    result
}

async fn run_facilitator(args: &FacilitatorArgs, config: RunConfig) -> Result<u8, CliError> {
    let filter = args.select.filter();
    let all = catalogue();
    let selected: Vec<&Case> = filter.apply(&all);
    let load = args.load.as_deref().map(parse_duration).transpose()?;
    if selected.is_empty() && load.is_none() {
        return Err(CliError::Usage(
            "no case matches the selection (see `x402-conformance list`)".to_owned(),
        ));
    }
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;

    // Preflight: can we connect at all? (Unreachable → exit 2, not a pile of case failures.)
    client
        .probe_tcp()
        .await
        .map_err(|e| CliError::Unreachable(format!("{} ({e})", config.target_for_report())))?;
    let snapshot = client.get("/supported").await;
    if let Err(e) = &snapshot.response
        && e.kind.is_unreachable()
    {
        return Err(CliError::Unreachable(format!(
            "{} ({e})",
            config.target_for_report()
        )));
    }

    if let Some(body) = snapshot.response.as_ref().ok().and_then(|r| r.json().ok()) {
        let advertised = crate::ctx::parse_supported_kinds(&body);
        for n in &config.networks {
            if !advertised.iter().any(|k| &k.network == n) {
                err_line(&format!(
                    "note: --network {n} is not listed in the target's GET /supported"
                ));
            }
        }
    }
    let color = use_color(args.color);
    let quiet = args.quiet;
    let strict = config.strict;
    if let Some(duration) = load {
        let root = Ctx::new(config.clone(), client, Some(snapshot));
        let (description, bodies) =
            crate::load::prepare(&root, duration).map_err(CliError::Usage)?;
        err_line(&format!(
            "x402-conformance {}: load on {} for {} at concurrency {}",
            env!("CARGO_PKG_VERSION"),
            config.target_for_report(),
            fmt_duration(duration),
            config.concurrency
        ));
        let report = crate::load::run(&root, description, bodies, duration, config.concurrency)
            .await
            .map_err(CliError::Io)?;
        out_text(&mut std::io::stdout().lock(), &report.to_string())?;
        return Ok(if report.all_valid() {
            EXIT_OK
        } else {
            EXIT_FAILED
        });
    }
    err_line(&format!(
        "x402-conformance {}: facilitator at {} — {} case(s), timeout {}, concurrency {}, skew {} s",
        env!("CARGO_PKG_VERSION"),
        config.target_for_report(),
        selected.len(),
        fmt_duration(config.timeout),
        config.concurrency,
        config.skew_secs
    ));
    let started_at = SystemTime::now();
    let start = Instant::now();
    let root = Ctx::new(config.clone(), client, Some(snapshot));
    let mut on_result = move |r: &crate::runner::CaseResult, done: usize, total: usize| {
        if !quiet {
            err_line(&terminal::progress_line(r, done, total, strict, color));
        }
    };
    let results = run_cases(&root, &selected, &mut on_result).await;
    let report = RunReport {
        meta: RunMeta {
            role: "facilitator".to_owned(),
            target: config.target_for_report(),
            started_at,
            duration: start.elapsed(),
            timeout: config.timeout,
            concurrency: config.concurrency,
            strict,
            networks: config.networks.clone(),
            assets: config.assets.clone(),
            rpc_url_networks: config.rpc_urls.networks(),
            payer_key_source: config.payer_key.as_ref().map(|k| k.source().to_string()),
            settlement_allowed: config.allow_settlement,
            max_spend: config.max_spend.to_string(),
            spent: root.budget().spent().to_string(),
            filter,
        },
        results,
    };
    let table = terminal::summary_table(&report, color && std::io::stdout().is_terminal());
    out_text(&mut std::io::stdout().lock(), &format!("\n{table}"))?;
    let _ = std::io::stdout().flush();
    // Written after the summary so that a failing write (exit 2) still leaves the results on screen.
    write_report("--report-json", &args.report_json, || {
        json::to_string(&report)
    })?;
    write_report("--junit", &args.junit, || junit::to_string(&report))?;
    write_report("--report-html", &args.report_html, || {
        html::to_string(&report)
    })?;
    Ok(if report.summary().exit_code == 0 {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}

async fn serve_reference(args: ServeArgs) -> Result<u8, CliError> {
    let bind: SocketAddr = args.bind.parse().map_err(|e| {
        CliError::Usage(format!(
            "invalid --bind {:?}: {e} (expected e.g. 127.0.0.1:0)",
            args.bind
        ))
    })?;
    let defects: BTreeSet<Defect> = args.defects.iter().copied().collect();
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => k,
        None => reference_payer_key()?,
    };
    let signer = LocalSigner::from_bytes(payer_key.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), defects.clone())
        .map_err(|e| CliError::Io(e.to_string()))?;
    let facilitator = backend.facilitator();
    let options = ServerOptions {
        body_limit: args.body_limit,
        defects: defects.clone(),
        ..ServerOptions::default()
    };
    let server = LoopbackServer::start(bind, Arc::new(backend), options)
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let defect_names: Vec<&str> = defects.iter().map(|d| d.name()).collect();
    out_text(
        &mut std::io::stdout().lock(),
        &format!(
            "listening on {}\npayer {} (funded with {} atomic units of each token, unlimited Permit2 allowance; key: {})\nfacilitator {}\ndefects {}\n",
            server.url(),
            signer.address(),
            REFERENCE_FUNDING,
            payer_key.source(),
            facilitator,
            if defect_names.is_empty() {
                "none".to_owned()
            } else {
                defect_names.join(", ")
            }
        ),
    )?;
    let _ = std::io::stdout().flush();
    wait_for_termination().await;
    server.shutdown().await;
    Ok(EXIT_OK)
}

async fn wait_for_termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
        for bad in [
            "0",
            "0s",
            "-1s",
            "abc",
            "2h",
            "61m",
            "99999999999999999999s",
            "",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            validate_url("http://127.0.0.1:4022/").unwrap(),
            "http://127.0.0.1:4022"
        );
        assert_eq!(
            validate_url("https://x.example/facilitator").unwrap(),
            "https://x.example/facilitator"
        );
        assert!(validate_url("ftp://x").is_err());
        assert!(validate_url("http://x/?a=1").is_err());
        assert!(validate_url("not a url").is_err());
    }

    #[test]
    fn assets_and_rpc_urls() {
        let a = parse_assets(&["eip155:1=0xa".into(), "eip155:1=0xb".into()]).unwrap();
        assert_eq!(a["eip155:1"], vec!["0xa", "0xb"]);
        assert!(parse_assets(&["0xa".into()]).is_err());
        let r = parse_rpc_urls(&[
            "https://rpc.example/KEY?x=1".into(),
            "eip155:8453=http://localhost:8545".into(),
        ])
        .unwrap();
        assert_eq!(
            r.for_network("eip155:1"),
            Some("https://rpc.example/KEY?x=1")
        );
        assert_eq!(r.for_network("eip155:8453"), Some("http://localhost:8545"));
        let err = parse_rpc_urls(&["eip155:1=nope SECRET".into()])
            .unwrap_err()
            .to_string();
        assert!(!err.contains("SECRET"), "{err}");
    }

    #[test]
    fn cli_parses_and_rejects() {
        let cli = Cli::try_parse_from([
            "x",
            "facilitator",
            "--url",
            "http://h",
            "--tag",
            "verify",
            "--level",
            "must",
            "--id",
            "a/*",
        ])
        .unwrap();
        let Command::Facilitator(f) = cli.command else {
            panic!()
        };
        assert_eq!(f.select.tags, vec![Tag::Verify]);
        assert_eq!(f.select.level, Some(Level::Must));
        assert!(Cli::try_parse_from(["x", "list", "--tag", "bogus"]).is_err());
        let Command::Facilitator(f) = Cli::try_parse_from(["x", "facilitator"]).unwrap().command
        else {
            panic!()
        };
        assert!(
            f.url.is_none(),
            "without --url the built-in reference is tested"
        );
        assert!(Cli::try_parse_from(["x", "facilitator", "--defect", "accept-replay"]).is_ok());
        assert!(Cli::try_parse_from(["x", "serve-reference", "--defect", "nope"]).is_err());
        // There is no option that takes the key itself.
        assert!(
            Cli::try_parse_from(["x", "facilitator", "--url", "http://h", "--payer-key", "00"])
                .is_err()
        );
    }

    #[test]
    fn config_validation() {
        let mut args = match Cli::try_parse_from(["x", "facilitator", "--url", "http://h"])
            .unwrap()
            .command
        {
            Command::Facilitator(f) => *f,
            _ => panic!(),
        };
        args.payer_key_env = "X402_CONFORMANCE_TEST_UNSET_VARIABLE".into();
        assert!(
            load_payer_key(&args.payer_key_env, &args.payer_key_file)
                .unwrap()
                .is_none()
        );
        let c = build_config(&args, "http://h", None, false).unwrap();
        assert_eq!(c.timeout, Duration::from_secs(10));
        assert!(c.payer_key.is_none() && !c.allow_settlement && c.rpc_urls.is_empty());
        assert_eq!(c.skew_secs, 1, "remote targets get a 1 s skew allowance");
        let local = build_config(&args, "http://127.0.0.1:9", None, false).unwrap();
        assert_eq!(local.skew_secs, 0);
        let r = build_config(&args, "http://127.0.0.1:9", None, true).unwrap();
        assert!(r.allow_settlement && r.max_spend > U256::ZERO);
        assert_eq!(
            r.rpc_urls.for_network("eip155:84532"),
            Some("http://127.0.0.1:9/rpc")
        );
        args.skew = Some(3);
        assert_eq!(
            build_config(&args, "http://h", None, false)
                .unwrap()
                .skew_secs,
            3
        );
        args.pay_to = Some("0x12".into());
        assert!(
            build_config(&args, "http://h", None, false)
                .unwrap_err()
                .to_string()
                .contains("--pay-to")
        );
        args.pay_to = None;
        args.load = Some("0s".into());
        assert!(build_config(&args, "http://h", None, false).is_err());
        args.load = None;
        args.max_spend = "1e6".into();
        assert!(
            build_config(&args, "http://h", None, false)
                .unwrap_err()
                .to_string()
                .contains("--max-spend")
        );
        args.max_spend = "0".into();
        args.concurrency = 0;
        assert!(build_config(&args, "http://h", None, false).is_err());
        args.concurrency = 4;
        args.report_json = Some(PathBuf::from("/nonexistent-dir-x402/r.json"));
        assert!(
            build_config(&args, "http://h", None, false)
                .unwrap_err()
                .to_string()
                .contains("does not exist")
        );
        assert!(is_loopback_url("http://localhost:1") && is_loopback_url("http://[::1]:2"));
        assert!(!is_loopback_url("https://x402.org/facilitator"));
        assert_eq!(
            reference_payer_key().unwrap().source().to_string(),
            "built-in reference test key"
        );
    }
}
