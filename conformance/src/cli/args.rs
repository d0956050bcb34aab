//! The command line as clap types: what each subcommand accepts, with its `--help` text.
//! The orchestration lives in the parent module.

use super::*;

pub(super) const ABOUT: &str = "Conformance harness for x402 facilitators, resource servers and clients: talks to the implementation under test only over HTTP.";

pub(super) const LONG_ABOUT: &str = "\
Conformance harness for x402 facilitators, resource servers and clients. It talks to the
implementation under test (IUT) only over HTTP (a client is run as a command against 402 endpoints
the harness serves), runs cases with stable ids (e.g. facilitator/verify/empty-body/rejected), each
tied to a spec clause and a level (MUST, SHOULD, INFO), and writes terminal, JSON, JUnit, HTML and
SARIF reports, an evidence directory for bug reports, and the differences from an earlier run.
--profile strict|ts|go|py chooses whose behaviour the expectations follow: the spec (default) or a
reference SDK's. Guide: docs/conformance.md.

Exit codes: 0 every MUST case passed (with --strict: every MUST and SHOULD case); 1 a MUST case
(or, with --strict, a SHOULD case) failed or errored; 2 usage error, unreachable target, or a report
file that cannot be written; 3 nothing was exercised. --report-sarif, --evidence and --compare never
change the code; `compare OLD NEW` exits 1 when a case regressed.";

pub(super) const EXAMPLES: &str = "\
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
  x402-conformance serve-reference --bind 127.0.0.1:4099 --defect accept-replay
  x402-conformance facilitator --report-sarif r.sarif --evidence ev/ --compare last.json
  x402-conformance compare last.json today.json   # exit 1 when a case regressed";

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
    #[command(after_help = facilitator_help())]
    Facilitator(Box<FacilitatorArgs>),
    /// Test a resource server at --url (without --url: the built-in reference resource server).
    #[command(after_help = server_help())]
    Server(Box<ServerArgs>),
    /// Test an x402 client: run COMMAND once per case against 402 endpoints the harness serves
    /// on loopback (without a command: the built-in reference client).
    #[command(after_help = client_help())]
    Client(Box<ClientArgs>),
    /// Audit x402 resources without paying (what directory crawlers check): the unpaid server
    /// cases for each URL, one row per URL.
    #[command(after_help = AUDIT_EXAMPLES)]
    Audit(Box<AuditArgs>),
    /// Serve the reference facilitator (x402-spec verification over an in-memory ledger) on loopback.
    #[command(after_help = serve_help())]
    ServeReference(ServeArgs),
    /// Pay one x402 resource with x402-spec's client signer (the built-in reference client).
    #[command(after_help = reference_client_help())]
    ReferenceClient(RefClientArgs),
    /// Compare two JSON reports of the same role (OLD then NEW): regressions, fixes, new and
    /// removed cases, level changes. Exit 1 when a case regressed, 2 when a report is unreadable.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
}

pub(super) const COMPARE_EXAMPLES: &str = "\
Exit codes: 0 no case regressed, 1 a case that passed in OLD fails or errors in NEW, 2 a report
cannot be read or the two are of different roles.

Example:
  x402-conformance compare main.json branch.json";

/// `compare` options.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier JSON report (--report-json). Example: main.json
    #[arg(value_name = "OLD.json")]
    pub old: PathBuf,
    /// The later JSON report. Example: branch.json
    #[arg(value_name = "NEW.json")]
    pub new: PathBuf,
    /// Colour the output: auto, always or never. Example: --color never
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

pub(super) const FACILITATOR_EXAMPLES: &str = "\
Examples:
  x402-conformance facilitator            # the whole suite against the built-in reference
  x402-conformance facilitator --defect accept-replay --strict
  x402-conformance facilitator --id 'facilitator/verify/*' --tag eip3009 --skip '*/oversized-body/*'
  x402-conformance facilitator --load 10s --concurrency 8
  x402-conformance facilitator --fuzz 500 --seed 1 --defect accept-overpayment
  x402-conformance facilitator --url http://127.0.0.1:4022 --report-html report.html
  X402_PAYER_KEY=0x… x402-conformance facilitator --url https://facilitator.example \\
      --network eip155:84532 --allow-settlement --max-spend 20000 --junit junit.xml";

/// `facilitator --help`: the seeded defects of the built-in reference, then examples.
pub(super) fn facilitator_help() -> String {
    format!("{}\n{FACILITATOR_EXAMPLES}", Defect::help_text())
}

/// `server --help`: the seeded defects of the built-in reference resource server, then examples.
pub(super) fn server_help() -> String {
    format!("{}\n{SERVER_EXAMPLES}", ResourceDefect::help_text())
}

/// The selection options' help as each role reads it: `SelectArgs` is shared, and its doc
/// comments give facilitator ids and tags, which select nothing under `server` or `client`.
pub(super) struct RoleSelection {
    /// The subcommand.
    pub(super) role: &'static str,
    /// An `--id` glob that selects some of its cases.
    pub(super) id: &'static str,
    /// A tag some of its cases carry.
    pub(super) tag: &'static str,
    /// A `--skip` glob that excludes some of its cases.
    pub(super) skip: &'static str,
}

/// The selection examples of `server --help` and `client --help`.
pub(super) const ROLE_SELECTIONS: [RoleSelection; 2] = [
    RoleSelection {
        role: "server",
        id: "server/payment-signature/*",
        tag: "payment-header",
        skip: "server/cors/*",
    },
    RoleSelection {
        role: "client",
        id: "client/v2/*",
        tag: "selection",
        skip: "client/v1/*",
    },
];

/// The clap command of [`Cli`], with the `server` and `client` selection help rewritten for
/// their own case ids and tags.
pub(super) fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let mut cmd = Cli::command();
    for sel in &ROLE_SELECTIONS {
        let id = format!(
            "Select cases whose id matches GLOB (`*` = any characters, `?` = one); repeat to \
             select several patterns. Example: --id '{}'",
            sel.id
        );
        let tag = format!(
            "Keep only cases that have TAG; repeat to require several tags (all must match). \
             `x402-conformance list --role {}` shows each case's tags. Example: --tag {}",
            sel.role, sel.tag
        );
        let skip = format!(
            "Exclude cases whose id matches GLOB (known failures you track elsewhere); \
             repeatable. Example: --skip '{}'",
            sel.skip
        );
        cmd = cmd.mut_subcommand(sel.role, |sub| {
            sub.mut_arg("ids", |a| a.help(id.clone()).long_help(id))
                .mut_arg("tags", |a| a.help(tag.clone()).long_help(tag))
                .mut_arg("skip", |a| a.help(skip.clone()).long_help(skip))
        });
    }
    cmd
}

pub(super) const SERVER_EXAMPLES: &str = "\
Examples:
  x402-conformance server                                 # the built-in reference resource server
  x402-conformance server --defect skip-settlement        # ... with a seeded defect
  x402-conformance server --tag payment-header --level must
  X402_PAYER_KEY=0x… x402-conformance server --url http://127.0.0.1:4021 --path /paid \\
      --allow-settlement --max-spend 50000 --profile ts --report-html server.html";

pub(super) fn client_help() -> String {
    format!(
        "The client under test is run once per case as COMMAND with every `{{url}}` replaced by the \
         case's 402 endpoint (the URL is appended when COMMAND has no `{{url}}`); X402_CLIENT_MAX_AMOUNT \
         is set to --max-amount. Verdicts come from the requests the endpoint receives, not from the \
         client's exit code.\n\n{}\n\
         Examples:\n  x402-conformance client                       # the built-in reference client\n  \
         x402-conformance client --defect reuse-nonce  # ... with a seeded defect\n  \
         x402-conformance client --id 'client/v2/*' --tag selection\n  \
         X402_PAYER_KEY=0x… x402-conformance client --profile ts -- node interop/ts-client.mjs {{url}}",
        crate::reference::client::ClientDefect::help_text()
    )
}

pub(super) fn reference_client_help() -> String {
    format!(
        "Exit codes: 0 paid and served (or no payment needed), 1 the payment was refused, 2 bad \
         options or unreachable, 3 no acceptable offer (nothing paid).\n\n{}\n\
         Example:\n  X402_CLIENT_MAX_AMOUNT=50000 x402-conformance reference-client http://127.0.0.1:4021/paid",
        crate::reference::client::ClientDefect::help_text()
    )
}

pub(super) fn serve_help() -> String {
    format!(
        "The server prints `listening on http://ADDR`, then the funded payer and the facilitator signer, on\n\
         stdout, and runs until interrupted (Ctrl-C/SIGTERM). It verifies with x402-spec and answers the\n\
         on-chain checks from an in-memory ledger (balances, EIP-3009 and Permit2 nonces, Permit2\n\
         allowances); settlements are ledger transfers with synthetic transaction hashes. POST /rpc answers\n\
         eth_call from the same ledger. The payer is the key in --payer-key-env/--payer-key-file, or the\n\
         built-in test key 0x{key} (Hardhat\n\
         account #0, worthless on every real network). To run the suite against it from another process:\n\
         X402_PAYER_KEY=<that key> x402-conformance facilitator --url http://ADDR --allow-settlement \\\n\
         --max-spend 1000000 --rpc-url http://ADDR/rpc\n\n{}\n\
         Example:\n  x402-conformance serve-reference --bind 127.0.0.1:4099 --defect accept-replay",
        Defect::help_text(),
        key = x402_spec_testkit::keys::HARDHAT_0_KEY_HEX,
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
    pub(super) fn filter(&self) -> Filter {
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
    /// Selection, timeout, concurrency, strictness, profile, skew and reports (shared with the
    /// `server` and `client` roles).
    #[command(flatten)]
    pub run: RunArgs,
    /// Test only this network (CAIP-2 id, or a v1 name); repeatable. Default: every network the
    /// target lists in GET /supported. Example: --network eip155:84532
    #[arg(long = "network", value_name = "NETWORK")]
    pub networks: Vec<String>,
    /// Token to test on a network, as NETWORK=ADDRESS; repeatable. Default: the network's default
    /// stablecoin. The facilitator cases' requirements spell it as given (lowercase, uppercase or
    /// EIP-55). Example: --asset eip155:84532=0x036CbD53842c5426634e7929541eC2318f3dCF7e
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
    /// Recipient (payTo) of the payments the cases sign. Default: the x402 specification's
    /// example recipient 0x209693Bc6afc0C5328bA36FaF03C514EF312287C. The facilitator cases'
    /// requirements spell it as given (lowercase, uppercase or EIP-55).
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
    /// facilitator and server: per-request timeout covering connect, response head and the whole
    /// body (default 10s); client: how long one run of the client may take before it is killed
    /// (default 30s). `500ms`, `10s`, `2m`; a bare number is seconds. Example: --timeout 20s
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Number of cases run at the same time (facilitator --load: requests in flight), 1-64
    /// (default: facilitator and server 4, client 2). Example: --concurrency 1
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Let settling requests (facilitator `POST /settle`, paid requests to a resource server)
    /// overlap like every other request. By default they go one at a time, because a target
    /// that sends its own transactions from one account without a nonce manager fails
    /// overlapping settlements at random; the `…/concurrent/distinct-transactions` case tests
    /// overlap on purpose either way. Example: --parallel-settlements
    #[arg(long)]
    pub parallel_settlements: bool,
    /// A case id GLOB expected to fail (a known defect of the target, tracked elsewhere); repeatable.
    /// It still runs and is reported; while it fails it does not count towards the exit code, and
    /// if it passes the run fails (the list is stale). Example: --expect 'facilitator/settle/v1-*/high-s/*'
    #[arg(long = "expect", value_name = "GLOB")]
    pub expect: Vec<String>,
    /// Read --expect globs from PATH: one per line, anything after the first white space is a
    /// comment (the evidence), blank lines and lines starting with # are ignored.
    /// Example: --expect-file known-defects.txt
    #[arg(long, value_name = "PATH")]
    pub expect_file: Option<PathBuf>,
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
    /// keep this margin and boundary cases it makes undecidable are skipped (default: 0 for
    /// built-in references and loopback targets, 1 otherwise). Example: --skew 2
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
    /// Write a SARIF 2.1.0 log (GitHub code scanning): one rule per case, one result per failed
    /// or errored case at its level (MUST error, SHOULD warning, INFO note), expected failures
    /// suppressed. Example: --report-sarif results.sarif
    #[arg(long, value_name = "PATH")]
    pub report_sarif: Option<PathBuf>,
    /// Write the evidence for a bug report into DIR (new or empty): run.json, one file per case
    /// under cases/ with every request and response in full, and SHA256SUMS.
    /// Example: --evidence evidence/
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// After the run, print how it differs from an earlier --report-json of the same role:
    /// regressions, fixes, new and removed cases, level changes. The exit code stays the run's.
    /// Example: --compare last-week.json
    #[arg(long, value_name = "OLD.json")]
    pub compare: Option<PathBuf>,
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
    /// Without --url only: start the built-in reference as an x402 v1 server (requirements in
    /// the 402 body, payments in X-PAYMENT, receipts in X-PAYMENT-RESPONSE), to see which cases
    /// a v1-only server gets. Example: --reference-v1
    #[arg(long, conflicts_with = "url")]
    pub reference_v1: bool,
    /// Serve a fault-injecting facilitator at this loopback address and run the
    /// server/facilitator-faults/* cases: start the server under test with its facilitator URL
    /// set to http://ADDR. Without --url it is always served (on a free port unless given).
    /// Example: --facilitator-faults 127.0.0.1:4022
    #[arg(long, value_name = "ADDR")]
    pub facilitator_faults: Option<SocketAddr>,
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

pub(super) const AUDIT_EXAMPLES: &str = "\
Examples:
  x402-conformance audit https://api.example.com/paid https://other.example/weather
  x402-conformance audit --from-discovery https://facilitator.example --limit 20 --report-html audit.html";

/// `audit` options.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The resources to audit (each a protected URL). Example: `https://api.example.com/paid`
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Also audit the http resources this facilitator lists at GET /discovery/resources.
    /// Example: `--from-discovery https://facilitator.example`
    #[arg(long, value_name = "FACILITATOR_URL")]
    pub from_discovery: Option<String>,
    /// At most this many resources from --from-discovery. Example: --limit 20
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    /// Pause between two requests to the same host (robots-friendly). Example: --delay 1s
    #[arg(long, value_name = "DURATION", default_value = "250ms")]
    pub delay: String,
    /// Per-request timeout (default 10s). Example: --timeout 5s
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Hosts audited at the same time, 1-64 (the URLs of one host go one after the other).
    /// Example: --concurrency 8
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Count SHOULD failures against a URL too. Example: --strict
    #[arg(long)]
    pub strict: bool,
    /// Judge under this profile: strict, ts, go or py. Example: --profile ts
    #[arg(long, value_name = "PROFILE", default_value = "strict")]
    pub profile: Profile,
    /// Write the JSON report. Example: --report-json audit.json
    #[arg(long, value_name = "PATH")]
    pub report_json: Option<PathBuf>,
    /// Write a JUnit XML report (one test suite per URL). Example: --junit audit.xml
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Write one self-contained HTML page. Example: --report-html audit.html
    #[arg(long, value_name = "PATH")]
    pub report_html: Option<PathBuf>,
    /// Do not print the table. Example: --quiet
    #[arg(long)]
    pub quiet: bool,
}

/// `client` options.
#[derive(Debug, Args)]
pub struct ClientArgs {
    /// The most the client under test is configured to pay for one request, in atomic units:
    /// the harness prices its "over the limit" offers above it and exports it to the client as
    /// X402_CLIENT_MAX_AMOUNT. Example: --max-amount 1000000
    #[arg(long, value_name = "ATOMIC", default_value = "1000000")]
    pub max_amount: String,
    /// The client has no spend limit (x402 leaves budgets to the client): the over-limit and
    /// within-limit cases are skipped as not exercised, and X402_CLIENT_MAX_AMOUNT is not set.
    /// Example: --no-spend-limit
    #[arg(long, conflicts_with = "max_amount")]
    pub no_spend_limit: bool,
    /// The protocol versions the client speaks, comma-separated; the cases of other versions
    /// are skipped as not exercised (a v1-only client is not wrong to ignore a v2 402).
    /// Example: --versions 1
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "1,2", value_parser = clap::value_parser!(u64).range(1..=2))]
    pub versions: Vec<u64>,
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
