//! The command line: `list`, `facilitator`, `server`, `client`, `serve-reference`,
//! `reference-client`.
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
use crate::report::{RunMeta, RunReport, html, json, junit, terminal};
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

const ABOUT: &str = "Conformance harness for x402 facilitators, resource servers and clients: talks to the implementation under test only over HTTP.";

const LONG_ABOUT: &str = "\
Conformance harness for x402 facilitators, resource servers and clients. It talks to the
implementation under test (IUT) only over HTTP (a client is run as a command against 402 endpoints
the harness serves), runs cases with stable ids (e.g. facilitator/verify/empty-body/rejected), each
tied to a spec clause and a level (MUST, SHOULD, INFO), and writes terminal, JSON, JUnit and HTML
reports. --profile strict|ts|go|py chooses whose behaviour the expectations follow: the spec (default)
or a reference SDK's. Guide: docs/conformance.md.

Exit codes: 0 every MUST case passed (with --strict: every MUST and SHOULD case); 1 a MUST case
(or, with --strict, a SHOULD case) failed or errored; 2 usage error, unreachable target, or a report
file that cannot be written.";

const EXAMPLES: &str = "\
Examples:
  x402-conformance facilitator            # the whole suite against the built-in reference
  x402-conformance facilitator --defect accept-replay --strict
  x402-conformance facilitator --load 10s --concurrency 8
  x402-conformance facilitator --fuzz 500 --seed 1 --defect accept-overpayment
  x402-conformance server --url http://127.0.0.1:4021 --path /paid --profile ts
  x402-conformance client -- node my-client.js {url}
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
    /// Test a resource server at --url (without --url: the built-in reference resource server).
    #[command(after_help = SERVER_EXAMPLES)]
    Server(Box<ServerArgs>),
    /// Test an x402 client: run COMMAND once per case against 402 endpoints the harness serves
    /// on loopback (without a command: the built-in reference client).
    #[command(after_help = client_help())]
    Client(Box<ClientArgs>),
    /// Serve the reference facilitator (x402-spec verification over an in-memory ledger) on loopback.
    #[command(after_help = serve_help())]
    ServeReference(ServeArgs),
    /// Pay one x402 resource with x402-spec's client signer (the built-in reference client).
    #[command(after_help = reference_client_help())]
    ReferenceClient(RefClientArgs),
}

const SERVER_EXAMPLES: &str = "\
Examples:
  x402-conformance server                                 # the built-in reference resource server
  x402-conformance server --defect skip-settlement        # ... with a seeded defect
  X402_PAYER_KEY=0x… x402-conformance server --url http://127.0.0.1:4021 --path /paid \\
      --allow-settlement --max-spend 50000 --profile ts --report-html server.html";

fn client_help() -> String {
    format!(
        "The client under test is run once per case as COMMAND with every `{{url}}` replaced by the \
         case's 402 endpoint (the URL is appended when COMMAND has no `{{url}}`); X402_CLIENT_MAX_AMOUNT \
         is set to --max-amount. Verdicts come from the requests the endpoint receives, not from the \
         client's exit code.\n\n{}\n\
         Examples:\n  x402-conformance client                       # the built-in reference client\n  \
         x402-conformance client --defect reuse-nonce  # ... with a seeded defect\n  \
         X402_PAYER_KEY=0x… x402-conformance client --profile ts -- node interop/ts-client.mjs {{url}}",
        crate::reference::client::ClientDefect::help_text()
    )
}

fn reference_client_help() -> String {
    format!(
        "Exit codes: 0 paid and served (or no payment needed), 1 the payment was refused, 2 bad \
         options or unreachable, 3 no acceptable offer (nothing paid).\n\n{}\n\
         Example:\n  X402_CLIENT_MAX_AMOUNT=50000 x402-conformance reference-client http://127.0.0.1:4021/paid",
        crate::reference::client::ClientDefect::help_text()
    )
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
    /// Print the catalogue as JSON (id, role, title, clause, expected, level, tags, needs, and the
    /// profiles under which the expectation differs). Example: --json
    #[arg(long)]
    pub json: bool,
    /// Only the cases of ROLE: facilitator, server or client (default: every role).
    /// Example: --role server
    #[arg(long, value_name = "ROLE", value_parser = ["facilitator", "server", "client"])]
    pub role: Option<String>,
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
    /// Whose behaviour the expectations follow: strict (the spec plus canonical reason codes),
    /// ts, go or py (the reference SDKs' vocabularies, statuses and documented divergences).
    /// Example: --profile ts
    #[arg(long, value_name = "PROFILE", default_value = "strict")]
    pub profile: Profile,
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
    /// Instead of the cases, send N generated payments (valid ones and random mutations of
    /// them) to POST /verify and compare each verdict with x402-spec's own (differential
    /// testing); a disagreement is shrunk to a minimal input and reported. Example: --fuzz 500
    #[arg(long, value_name = "N", conflicts_with = "load")]
    pub fuzz: Option<u32>,
    /// Fuzz for DURATION instead of a number of inputs (with --fuzz N: whichever ends first).
    /// Example: --fuzz-time 60s
    #[arg(long, value_name = "DURATION", conflicts_with = "load")]
    pub fuzz_time: Option<String>,
    /// Seed of the fuzzer's random generator (printed at the start of every fuzz run; the same
    /// seed generates the same inputs). Default: from the clock. Example: --seed 1
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
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

/// Options shared by the `server` and `client` roles.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Selection.
    #[command(flatten)]
    pub select: SelectArgs,
    /// server: per-request timeout (default 10s); client: how long one run of the client may
    /// take before it is killed (default 30s). Example: --timeout 20s
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Number of cases run at the same time, 1-64 (default: server 4, client 2).
    /// Example: --concurrency 1
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Count SHOULD failures towards the exit code too. Example: --strict
    #[arg(long)]
    pub strict: bool,
    /// Whose behaviour the expectations follow: strict (the spec), ts, go or py (the reference
    /// SDKs' statuses and documented divergences). Example: --profile ts
    #[arg(long, value_name = "PROFILE", default_value = "strict")]
    pub profile: Profile,
    /// Clock difference allowed between the harness and the target, in seconds (default: 0 on
    /// loopback, 1 otherwise). Example: --skew 2
    #[arg(long, value_name = "SECONDS")]
    pub skew: Option<u64>,
    /// Write the JSON report (format: docs/conformance-report.md). Example: --report-json report.json
    #[arg(long, value_name = "PATH")]
    pub report_json: Option<PathBuf>,
    /// Write a JUnit XML report for CI. Example: --junit junit.xml
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Write one self-contained HTML report. Example: --report-html report.html
    #[arg(long, value_name = "PATH")]
    pub report_html: Option<PathBuf>,
    /// Do not print per-case progress lines. Example: --quiet
    #[arg(long)]
    pub quiet: bool,
    /// Colour terminal output: auto, always or never. Example: --color never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

/// `server` options.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// URL of the resource server (the protected resource itself, or its base with --path).
    /// Without --url the built-in reference resource server is started on 127.0.0.1 (settling
    /// through the built-in reference facilitator). Example: --url http://127.0.0.1:4021
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Path of the protected resource, appended to --url. Example: --path /paid
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// Without --url only: seed a defect into the built-in reference resource server
    /// (repeatable). Example: --defect skip-settlement
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<ResourceDefect>,
    /// Name of the environment variable holding the payer's private key (never an argument).
    /// Example: --payer-key-env MY_PAYER_KEY
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PAYER_KEY_ENV)]
    pub payer_key_env: String,
    /// Read the payer's private key from this file instead. Example: --payer-key-file payer.key
    #[arg(long, value_name = "PATH")]
    pub payer_key_file: Option<PathBuf>,
    /// Maximum total amount the paid cases may spend, in atomic units. Example: --max-spend 50000
    #[arg(long, value_name = "ATOMIC", default_value = "0")]
    pub max_spend: String,
    /// Allow the cases that pay the server for real (needs a payer key and --max-spend).
    /// Example: --allow-settlement
    #[arg(long)]
    pub allow_settlement: bool,
    /// Shared options.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `client` options.
#[derive(Debug, Args)]
pub struct ClientArgs {
    /// The most the client under test is configured to pay for one request, in atomic units:
    /// the harness prices its "over the limit" offers above it and exports it to the client as
    /// X402_CLIENT_MAX_AMOUNT. Example: --max-amount 1000000
    #[arg(long, value_name = "ATOMIC", default_value = "1000000")]
    pub max_amount: String,
    /// Without a COMMAND only: seed a defect into the built-in reference client (repeatable).
    /// Example: --defect reuse-nonce
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<ClientDefect>,
    /// Shared options.
    #[command(flatten)]
    pub run: RunArgs,
    /// The client to test, after `--`: program and arguments, `{url}` standing for the case's
    /// URL. Example: -- node interop/ts-client.mjs {url}
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// `reference-client` options.
#[derive(Debug, Args)]
pub struct RefClientArgs {
    /// The resource to pay. Example: http://127.0.0.1:4021/paid
    #[arg(value_name = "URL")]
    pub url: String,
    /// The most to pay for the request, in atomic units (default: X402_CLIENT_MAX_AMOUNT, else
    /// 1000000). Example: --max-amount 20000
    #[arg(long, value_name = "ATOMIC")]
    pub max_amount: Option<String>,
    /// Environment variable holding the payer key (default X402_PAYER_KEY; without one the
    /// built-in reference test key signs). Example: --payer-key-env MY_PAYER_KEY
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PAYER_KEY_ENV)]
    pub payer_key_env: String,
    /// File holding the payer key. Example: --payer-key-file payer.key
    #[arg(long, value_name = "PATH")]
    pub payer_key_file: Option<PathBuf>,
    /// Seed a defect (repeatable). Example: --defect wrong-domain
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<ClientDefect>,
    /// Per-request timeout. Example: --timeout 5s
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub timeout: String,
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
        profile: args.profile,
        client: None,
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
        Command::Server(a) => with_runtime(|| server_role(*a)),
        Command::Client(a) => with_runtime(|| client_role(*a)),
        Command::ServeReference(a) => with_runtime(|| serve_reference(a)),
        Command::ReferenceClient(a) => with_runtime(|| reference_client(a)),
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

/// Starts the built-in reference facilitator on 127.0.0.1:0 funding `payer`.
async fn start_reference(
    payer: &PayerKey,
    defects: BTreeSet<Defect>,
    body_limit: usize,
) -> Result<LoopbackServer, CliError> {
    let signer = LocalSigner::from_bytes(payer.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), defects)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let options = ServerOptions {
        body_limit,
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
    if selected.is_empty() && load.is_none() && args.fuzz.is_none() && args.fuzz_time.is_none() {
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
    if args.fuzz.is_some() || args.fuzz_time.is_some() {
        let root = Ctx::new(config.clone(), client, Some(snapshot));
        let budget = crate::fuzz::Budget {
            inputs: args.fuzz,
            time: args.fuzz_time.as_deref().map(parse_duration).transpose()?,
        };
        let seed = args.seed.unwrap_or_else(crate::fuzz::seed_from_clock);
        err_line(&format!(
            "x402-conformance {}: differential fuzzing of {} — seed {seed} (replay with --seed {seed}), {}, --profile {}",
            env!("CARGO_PKG_VERSION"),
            config.target_for_report(),
            budget,
            config.profile
        ));
        let started_at = SystemTime::now();
        let start = Instant::now();
        let outcome = crate::fuzz::run(&root, seed, budget).await;
        let settings = outcome.settings();
        let results = vec![outcome.into_result()];
        if !quiet && let Some(r) = results.first() {
            err_line(&terminal::progress_line(r, 1, 1, config.strict, color));
        }
        let out = OutputOpts {
            report_json: &args.report_json,
            junit: &args.junit,
            report_html: &args.report_html,
            quiet,
            color,
        };
        return finish_run(
            "facilitator",
            &root,
            results,
            filter,
            settings,
            started_at,
            start,
            &out,
        );
    }
    let out = OutputOpts {
        report_json: &args.report_json,
        junit: &args.junit,
        report_html: &args.report_html,
        quiet,
        color,
    };
    let root = Ctx::new(config, client, Some(snapshot));
    execute_cases("facilitator", &root, &selected, filter, Vec::new(), &out).await
}

/// Where and how a run reports.
struct OutputOpts<'a> {
    report_json: &'a Option<PathBuf>,
    junit: &'a Option<PathBuf>,
    report_html: &'a Option<PathBuf>,
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
            spent: root.budget().spent().to_string(),
            filter,
            profile: config.profile,
            skew_secs: config.skew_secs,
            settings,
        },
        results,
    };
    let table = terminal::summary_table(&report, out.color && std::io::stdout().is_terminal());
    out_text(&mut std::io::stdout().lock(), &format!("\n{table}"))?;
    let _ = std::io::stdout().flush();
    // Written after the summary so that a failing write (exit 2) still leaves the results on screen.
    write_report("--report-json", out.report_json, || {
        json::to_string(&report)
    })?;
    write_report("--junit", out.junit, || junit::to_string(&report))?;
    write_report("--report-html", out.report_html, || {
        html::to_string(&report)
    })?;
    Ok(if report.summary().exit_code == 0 {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}

/// The run configuration shared by `server` and `client` (no network access).
fn role_config(
    run: &RunArgs,
    target: &str,
    default_timeout: &str,
    default_concurrency: usize,
) -> Result<RunConfig, CliError> {
    let timeout = parse_duration(run.timeout.as_deref().unwrap_or(default_timeout))?;
    let concurrency = run.concurrency.unwrap_or(default_concurrency);
    if !(1..=64).contains(&concurrency) {
        return Err(CliError::Usage(format!(
            "--concurrency must be between 1 and 64, got {concurrency}"
        )));
    }
    check_report_path("--report-json", &run.report_json)?;
    check_report_path("--junit", &run.junit)?;
    check_report_path("--report-html", &run.report_html)?;
    let mut config = RunConfig::new(target);
    config.timeout = timeout;
    config.concurrency = concurrency;
    config.strict = run.strict;
    config.profile = run.profile;
    config.skew_secs = run
        .skew
        .unwrap_or(if is_loopback_url(target) { 0 } else { 1 });
    Ok(config)
}

fn role_output(run: &RunArgs) -> OutputOpts<'_> {
    OutputOpts {
        report_json: &run.report_json,
        junit: &run.junit,
        report_html: &run.report_html,
        quiet: run.quiet,
        color: use_color(run.color),
    }
}

/// Starts the built-in reference resource server (with its in-process reference facilitator
/// funding `payer`) on 127.0.0.1:0.
async fn start_reference_resource(
    payer: &PayerKey,
    defects: BTreeSet<ResourceDefect>,
) -> Result<crate::loopback::handler::HandlerServer, CliError> {
    let signer = LocalSigner::from_bytes(payer.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), BTreeSet::new())
        .map_err(|e| CliError::Io(e.to_string()))?;
    let resource = crate::reference::resource::ReferenceResource::new(
        Arc::new(backend),
        EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
        defects,
    )
    .map_err(|e| CliError::Io(e.to_string()))?;
    crate::loopback::handler::serve(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        Arc::new(resource),
        1024 * 1024,
    )
    .await
    .map_err(|e| CliError::Io(e.to_string()))
}

async fn server_role(args: ServerArgs) -> Result<u8, CliError> {
    let reference = args.url.is_none();
    if !reference && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference resource server; it cannot be combined with --url"
                .to_owned(),
        ));
    }
    let all = crate::cases::server_catalogue();
    let filter = args.run.select.filter();
    let selected: Vec<&Case> = filter.apply(&all);
    if selected.is_empty() {
        return Err(CliError::Usage(
            "no server case matches the selection (see `x402-conformance list --role server`)"
                .to_owned(),
        ));
    }
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => Some(k),
        None if reference => Some(reference_payer_key()?),
        None => None,
    };
    let mut max_spend = U256::from_str_radix(args.max_spend.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid --max-spend {:?}: expected a decimal amount in atomic units",
            args.max_spend
        ))
    })?;
    if reference && max_spend.is_zero() {
        max_spend = U256::from(REFERENCE_MAX_SPEND);
    }
    let path = args.path.clone().unwrap_or_else(|| {
        if reference {
            "/paid".to_owned()
        } else {
            String::new()
        }
    });
    if !path.is_empty() && !path.starts_with('/') {
        return Err(CliError::Usage(format!(
            "--path {path:?} must start with /"
        )));
    }
    // Validate everything before starting a server.
    let placeholder = args
        .url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:1".to_owned());
    let base = validate_url(&placeholder)?;
    role_config(&args.run, &format!("{base}{path}"), "10s", 4)?;
    let server = match (&payer_key, reference) {
        (Some(k), true) => {
            let defects: BTreeSet<ResourceDefect> = args.defects.iter().copied().collect();
            Some(start_reference_resource(k, defects).await?)
        }
        _ => None,
    };
    let base = server.as_ref().map_or(base, |s| s.url());
    let target = format!("{base}{path}");
    let mut config = role_config(&args.run, &target, "10s", 4)?;
    config.payer_key = payer_key.map(Arc::new);
    config.max_spend = max_spend;
    config.allow_settlement = args.allow_settlement || reference;
    if reference {
        let defects: Vec<&str> = args.defects.iter().map(|d| d.name()).collect();
        err_line(&format!(
            "x402-conformance: built-in reference resource server at {target} ({}); point --url at a real server to test it",
            if defects.is_empty() {
                "no seeded defect".to_owned()
            } else {
                format!("seeded defect(s): {}", defects.join(", "))
            }
        ));
    }
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;
    client
        .probe_tcp()
        .await
        .map_err(|e| CliError::Unreachable(format!("{} ({e})", config.target_for_report())))?;
    let root = Ctx::new(config, client, None);
    let out = role_output(&args.run);
    let result = execute_cases("server", &root, &selected, filter, Vec::new(), &out).await;
    if let Some(s) = server {
        s.shutdown().await;
    }
    result
}

async fn client_role(args: ClientArgs) -> Result<u8, CliError> {
    let builtin = args.command.is_empty();
    if !builtin && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference client; it cannot be combined with a COMMAND"
                .to_owned(),
        ));
    }
    let max_amount = U256::from_str_radix(args.max_amount.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid --max-amount {:?}: expected a decimal amount in atomic units",
            args.max_amount
        ))
    })?;
    let all = crate::cases::client_catalogue();
    let filter = args.run.select.filter();
    let selected: Vec<&Case> = filter.apply(&all);
    if selected.is_empty() {
        return Err(CliError::Usage(
            "no client case matches the selection (see `x402-conformance list --role client`)"
                .to_owned(),
        ));
    }
    let (command, label) = if builtin {
        let exe = std::env::current_exe()
            .map_err(|e| CliError::Io(format!("cannot locate this executable: {e}")))?;
        let defects: Vec<String> = args.defects.iter().map(|d| d.name().to_owned()).collect();
        let label = if defects.is_empty() {
            "built-in reference client".to_owned()
        } else {
            format!(
                "built-in reference client (defects: {})",
                defects.join(", ")
            )
        };
        (
            crate::cases::client::reference_client_command(&exe.to_string_lossy(), &defects),
            label,
        )
    } else {
        (args.command.clone(), args.command.join(" "))
    };
    let mut config = role_config(&args.run, "http://127.0.0.1", "30s", 2)?;
    config.client = Some(crate::ctx::ClientTarget {
        command,
        max_amount,
        run_timeout: config.timeout,
        label: label.clone(),
    });
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let root = Ctx::new(config, client, None);
    let out = role_output(&args.run);
    let settings = vec![
        ("client".to_owned(), label),
        ("maxAmount".to_owned(), max_amount.to_string()),
    ];
    execute_cases("client", &root, &selected, filter, settings, &out).await
}

async fn reference_client(args: RefClientArgs) -> Result<u8, CliError> {
    let url = reqwest::Url::parse(&args.url)
        .map_err(|e| CliError::Usage(format!("invalid URL {:?}: {e}", args.url)))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(CliError::Usage(
            "the URL must be http:// or https://".to_owned(),
        ));
    }
    let key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => k,
        None => reference_payer_key()?,
    };
    let signer = LocalSigner::from_bytes(key.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let max_text = args
        .max_amount
        .clone()
        .or_else(|| std::env::var(crate::cases::client::MAX_AMOUNT_ENV).ok())
        .unwrap_or_else(|| crate::reference::client::DEFAULT_MAX_AMOUNT.to_string());
    let max = U256::from_str_radix(max_text.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid maximum amount {max_text:?}: expected a decimal amount in atomic units"
        ))
    })?;
    let opts = crate::reference::client::RefClientOptions {
        url: args.url.clone(),
        signer,
        max_amount: Some(max),
        timeout: parse_duration(&args.timeout)?,
        defects: args.defects.clone(),
    };
    let outcome = crate::reference::client::run(&opts).await;
    let mut text = outcome.lines.join("\n");
    text.push('\n');
    out_text(&mut std::io::stdout().lock(), &text)?;
    let _ = std::io::stdout().flush();
    Ok(outcome.exit_code)
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
