//! The per-case context: configuration, the recording HTTP client, the `/supported` snapshot taken
//! by the preflight, and the spending budget.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alloy_primitives::{Address, B256, U256, address, keccak256};
use bytes::Bytes;
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

use crate::environment::Environment;
use crate::health::Health;
use crate::http::{Exchange, Header, HttpClient};
use crate::needs::Needs;
use crate::pay::PayTarget;
use crate::profile::Profile;
use crate::rpc::Rpc;
use crate::secret::PayerKey;

/// Run configuration shared by every case (already validated by the CLI).
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Target base URL as given (may carry credentials; reports use [`RunConfig::target_for_report`]).
    pub target: String,
    /// Per-request timeout (connect + head + full body).
    pub timeout: Duration,
    /// Maximum number of cases running at once.
    pub concurrency: usize,
    /// Whether settling requests go one at a time (default; `--parallel-settlements` turns it
    /// off). See [`Ctx::settles`] for which requests settle.
    pub serial_settlements: bool,
    /// Case-id globs expected to fail (`--expect`, `--expect-file`): known defects of the target
    /// that the exit code does not count while they fail, and counts when they pass (a stale
    /// list). See [`crate::report::Summary`].
    pub expected: Vec<String>,
    /// Response body cap in bytes.
    pub body_cap: usize,
    /// Networks to test (`--network`); empty = every network the target advertises in `/supported`.
    pub networks: Vec<String>,
    /// Assets to test per network (`--asset NETWORK=ADDRESS`); empty = the defaults for each network.
    pub assets: BTreeMap<String, Vec<String>>,
    /// JSON-RPC URLs per network (`--rpc-url [NETWORK=]URL`; key `*` = any network). Never reported.
    pub rpc_urls: RpcUrls,
    /// The payer key, if configured. Never reported.
    pub payer_key: Option<Arc<PayerKey>>,
    /// Maximum total amount (atomic units, summed over every settlement) the run may spend.
    pub max_spend: U256,
    /// Whether cases may settle real payments.
    pub allow_settlement: bool,
    /// Whether SHOULD failures fail the run (and reason codes must use the canonical spelling).
    pub strict: bool,
    /// Clock difference allowed between the harness and the target, in seconds (`--skew`).
    /// Time-window cases keep this much margin; boundary cases that the skew makes undecidable
    /// are skipped.
    pub skew_secs: u64,
    /// Recipient (`payTo`) of every payment the cases sign (`--pay-to`).
    pub pay_to: EvmAddress,
    /// `--pay-to` as the user spelled it (lowercase, uppercase or EIP-55): the requirements the
    /// facilitator cases send carry this spelling. `None`: the EIP-55 spelling of `pay_to`.
    pub pay_to_text: Option<String>,
    /// Whose behaviour the expectations follow (`--profile`).
    pub profile: Profile,
    /// The client under test (`client` role only).
    pub client: Option<ClientTarget>,
    /// The fault-injecting facilitator the harness serves to the resource server under test
    /// (`server --facilitator-faults ADDR`; [`crate::reference::faults`]).
    pub facilitator_faults: Option<Arc<crate::reference::faults::FaultyFacilitator>>,
}

/// The client under test, for the `client` role: the command the harness runs once per case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTarget {
    /// Program and arguments; every `{url}` is replaced by the case's URL (appended when absent).
    pub command: Vec<String>,
    /// The most the client is configured to pay for one request, in atomic units (the harness
    /// prices its "over the limit" offers above it, and exports it as `X402_CLIENT_MAX_AMOUNT`);
    /// `None` when the client declares no spend limit (`--no-spend-limit`): x402 leaves budgets
    /// to the client, so the spend-limit cases are then not exercised.
    pub max_amount: Option<U256>,
    /// The protocol versions the client declares it speaks (`--versions`); the cases of other
    /// versions are not exercised.
    pub versions: BTreeSet<u64>,
    /// How long one run of the client may take before it is killed.
    pub run_timeout: Duration,
    /// A short name for reports (`built-in reference client`, or the program name).
    pub label: String,
}

/// The default `payTo`: the recipient of the x402 specification's examples.
pub const DEFAULT_PAY_TO: Address = address!("209693Bc6afc0C5328bA36FaF03C514EF312287C");

/// Seconds since the Unix epoch by the harness's clock (0 if the clock is before 1970).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The next whole second `N` of the harness's clock that leaves at least 300 ms to prepare a
/// request, and the instant 5 ms after `N` starts. The cases that sit exactly on a time boundary
/// sign their payment for `N` ahead of time, sleep until that instant and send at once, so that a
/// same-clock target sees the request within second `N` even on a loaded machine.
pub fn next_second() -> (u64, tokio::time::Instant) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let into = u64::from(now.subsec_millis());
    let ahead = if into < 700 { 1 } else { 2 };
    let second = now.as_secs().saturating_add(ahead);
    let wait_ms = ahead
        .saturating_mul(1000)
        .saturating_sub(into)
        .saturating_add(5);
    let at = tokio::time::Instant::now()
        .checked_add(Duration::from_millis(wait_ms))
        .unwrap_or_else(tokio::time::Instant::now);
    (second, at)
}

/// Fresh 32-byte nonces for EIP-3009 / Permit2 authorizations: `keccak256(seed ‖ counter)` with
/// a per-run seed taken from the clock and the process id (the harness needs uniqueness, not
/// secrecy).
#[derive(Debug)]
pub struct NonceGen {
    seed: B256,
    counter: AtomicU64,
}

impl NonceGen {
    /// A generator seeded from the current time and process id.
    pub fn new() -> NonceGen {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let seed = keccak256(format!("x402-conformance:{nanos}:{}", std::process::id()));
        NonceGen {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    /// The next nonce (never repeats within a run).
    pub fn next_nonce(&self) -> [u8; 32] {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut buf = [0u8; 40];
        let (head, tail) = buf.split_at_mut(32);
        head.copy_from_slice(self.seed.as_slice());
        tail.copy_from_slice(&n.to_be_bytes());
        keccak256(buf).0
    }
}

impl Default for NonceGen {
    fn default() -> Self {
        NonceGen::new()
    }
}

impl RunConfig {
    /// A configuration with defaults for everything but the target (used by tests and embedders).
    pub fn new(target: impl Into<String>) -> RunConfig {
        RunConfig {
            target: target.into(),
            timeout: Duration::from_secs(10),
            concurrency: 4,
            serial_settlements: true,
            expected: Vec::new(),
            body_cap: crate::http::DEFAULT_BODY_CAP,
            networks: Vec::new(),
            assets: BTreeMap::new(),
            rpc_urls: RpcUrls::default(),
            payer_key: None,
            max_spend: U256::ZERO,
            allow_settlement: false,
            strict: false,
            skew_secs: 0,
            pay_to: EvmAddress::new(DEFAULT_PAY_TO),
            pay_to_text: None,
            profile: Profile::Strict,
            client: None,
            facilitator_faults: None,
        }
    }

    /// The needs this configuration can satisfy.
    pub fn available_needs(&self) -> Needs {
        let mut n = Needs::NONE;
        if self.payer_key.is_some() {
            n = n.union(Needs::FUNDED_PAYER);
        }
        if self.allow_settlement && self.max_spend > U256::ZERO {
            n = n.union(Needs::SETTLEMENT);
        }
        if !self.rpc_urls.is_empty() {
            n = n.union(Needs::RPC_URL);
        }
        if self.facilitator_faults.is_some() {
            n = n.union(Needs::HARNESS_FACILITATOR);
        }
        n
    }

    /// Why `needs` are not met, or `None` when they are.
    pub fn unmet_needs_reason(&self, needs: Needs) -> Option<String> {
        let missing = needs.missing_from(self.available_needs());
        if missing.is_empty() {
            return None;
        }
        let hints: Vec<&str> = missing
            .names()
            .into_iter()
            .map(|n| match n {
                "funded-payer" => "funded-payer (set --payer-key-env or --payer-key-file)",
                "settlement" => "settlement (pass --allow-settlement and a non-zero --max-spend)",
                "rpc-url" => "rpc-url (pass --rpc-url)",
                "harness-facilitator" => {
                    "harness-facilitator (pass --facilitator-faults ADDR and point the server's facilitator URL at it)"
                }
                other => other,
            })
            .collect();
        Some(format!("needs {}", hints.join(", ")))
    }

    /// The target URL with any `user:password@` part replaced by `***@`.
    pub fn target_for_report(&self) -> String {
        redact_userinfo(&self.target)
    }
}

/// Replaces the userinfo of a URL (`scheme://user:pass@host`) with `***`.
pub fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!(
            "{scheme}://***@{}{tail}",
            authority.get(at.saturating_add(1)..).unwrap_or("")
        ),
        None => url.to_owned(),
    }
}

/// JSON-RPC URLs per network. Its `Debug` hides the URLs (they often embed API keys).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RpcUrls(BTreeMap<String, String>);

impl RpcUrls {
    /// Adds a URL for `network` (`*` = any network).
    pub fn insert(&mut self, network: impl Into<String>, url: impl Into<String>) {
        self.0.insert(network.into(), url.into());
    }

    /// The URL for `network`, falling back to the `*` entry.
    pub fn for_network(&self, network: &str) -> Option<&str> {
        self.0
            .get(network)
            .or_else(|| self.0.get("*"))
            .map(String::as_str)
    }

    /// Whether no URL is configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The networks with a URL (safe to report).
    pub fn networks(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

impl fmt::Debug for RpcUrls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|k| (k, "<redacted>")))
            .finish()
    }
}

/// One entry of the target's `/supported` `kinds` as the harness reads it, tolerantly (x402-spec's
/// `facilitator::SupportedKind` is the strict wire type).
#[derive(Debug, Clone, PartialEq)]
pub struct AdvertisedKind {
    /// `x402Version`.
    pub x402_version: u64,
    /// `scheme`.
    pub scheme: String,
    /// `network`.
    pub network: String,
    /// `extra`, if an object.
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Reads the well-formed kinds out of a `/supported` body (ill-formed entries are ignored here;
/// the `facilitator/supported/*` cases report them).
pub fn parse_supported_kinds(body: &serde_json::Value) -> Vec<AdvertisedKind> {
    let Some(kinds) = body.get("kinds").and_then(|k| k.as_array()) else {
        return Vec::new();
    };
    kinds
        .iter()
        .filter_map(|k| {
            Some(AdvertisedKind {
                x402_version: k.get("x402Version")?.as_u64()?,
                scheme: k.get("scheme")?.as_str()?.to_owned(),
                network: k.get("network")?.as_str()?.to_owned(),
                extra: k.get("extra").and_then(|e| e.as_object()).cloned(),
            })
        })
        .collect()
}

/// The run's spending limit, shared by every case.
#[derive(Debug)]
pub struct SpendBudget {
    limit: U256,
    spent: Mutex<U256>,
    settled: Mutex<U256>,
}

/// A reservation that would exceed the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetExceeded {
    /// The amount asked for.
    pub requested: U256,
    /// What was still available.
    pub remaining: U256,
}

impl fmt::Display for BudgetExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "spending {} would exceed --max-spend ({} remaining)",
            self.requested, self.remaining
        )
    }
}

impl std::error::Error for BudgetExceeded {}

impl SpendBudget {
    /// A budget of `limit` atomic units.
    pub fn new(limit: U256) -> SpendBudget {
        SpendBudget {
            limit,
            spent: Mutex::new(U256::ZERO),
            settled: Mutex::new(U256::ZERO),
        }
    }

    /// Reserves `amount` before a settlement; returns what remains afterwards.
    pub fn reserve(&self, amount: U256) -> Result<U256, BudgetExceeded> {
        let mut spent = self.spent.lock().unwrap_or_else(PoisonError::into_inner);
        let remaining = self.limit.saturating_sub(*spent);
        if amount > remaining {
            return Err(BudgetExceeded {
                requested: amount,
                remaining,
            });
        }
        *spent = spent.saturating_add(amount);
        Ok(remaining.saturating_sub(amount))
    }

    /// Total reserved so far (an upper bound of what the run may have paid).
    pub fn reserved(&self) -> U256 {
        *self.spent.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds `amount` to what the targets reported as settled.
    pub fn record_settled(&self, amount: U256) {
        let mut settled = self.settled.lock().unwrap_or_else(PoisonError::into_inner);
        *settled = settled.saturating_add(amount);
    }

    /// What the targets reported as settled (`success: true`) so far: what the run paid, as far
    /// as the targets tell (a target that claims a settlement it did not make is counted).
    pub fn settled(&self) -> U256 {
        *self.settled.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The amount a settling exchange reports as moved, or `None` when it settled nothing: a
/// facilitator's `/settle` answered 2xx with a `SettleResponse` of `success: true`, or a paid
/// request to a resource server answered with a `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` of
/// `success: true`. The amount is the response's `amount` when present (upto settles less than
/// it authorizes), else the required amount of the request (v2 `amount`, v1
/// `maxAmountRequired`) or, for a resource server, the payment's (v2 `accepted.amount`, v1
/// `authorization.value`).
pub fn settled_amount(ex: &Exchange) -> Option<U256> {
    use x402_spec::facilitator::{FacilitatorRequest, SettleResponse};
    use x402_spec::header::{self, DecodeOptions};
    let r = ex.response.as_ref().ok()?;
    if !(200..300).contains(&r.status) {
        return None;
    }
    let path = ex.request.url.split(['?', '#']).next().unwrap_or_default();
    if path.trim_end_matches('/').ends_with("/settle") {
        let resp = SettleResponse::from_json(&r.body).ok()?;
        if !resp.success {
            return None;
        }
        if let Some(a) = resp.amount {
            return Some(a.get());
        }
        return match FacilitatorRequest::from_json(&ex.request.body).ok()? {
            FacilitatorRequest::V2(q) => Some(q.payment_requirements.amount.get()),
            FacilitatorRequest::V1(q) => Some(q.payment_requirements.max_amount_required.get()),
            _ => None,
        };
    }
    let payment = ex.request.headers.iter().find_map(|(name, value)| {
        (name.eq_ignore_ascii_case("payment-signature") || name.eq_ignore_ascii_case("x-payment"))
            .then_some(value)
    })?;
    let answer = r
        .header(header::PAYMENT_RESPONSE)
        .or_else(|| r.header(header::X_PAYMENT_RESPONSE))?;
    let resp = header::decode_payment_response(answer, DecodeOptions::lenient()).ok()?;
    if !resp.success {
        return None;
    }
    if let Some(a) = resp.amount {
        return Some(a.get());
    }
    match header::decode_payment_payload(payment, DecodeOptions::lenient()).ok()? {
        x402_spec::PaymentPayload::V2(p) => Some(p.accepted.amount.get()),
        x402_spec::PaymentPayload::V1(p) => p
            .payload
            .get("authorization")
            .and_then(|a| a.get("value"))
            .and_then(serde_json::Value::as_str)
            .and_then(|v| U256::from_str_radix(v, 10).ok()),
        _ => None,
    }
}

#[derive(Debug)]
struct Shared {
    config: RunConfig,
    client: HttpClient,
    supported: Option<Exchange>,
    supported_kinds: Vec<AdvertisedKind>,
    budget: SpendBudget,
    payer: Option<LocalSigner>,
    nonces: NonceGen,
    health: Health,
    controls: Mutex<BTreeMap<&'static str, Arc<tokio::sync::OnceCell<Control>>>>,
    /// The chain read once per (network, token, payer) over `--rpc-url` ([`Ctx::environment`]).
    environments: Mutex<BTreeMap<EnvironmentKey, Arc<tokio::sync::OnceCell<Probed>>>>,
    /// Held while a settling request is in flight (when [`RunConfig::serial_settlements`]).
    settlements: tokio::sync::Mutex<()>,
}

/// Which chain state an [`Environment`] describes: network, token, payer.
type EnvironmentKey = (String, Address, Address);

/// The outcome of an environment probe: what the chain holds, or why it could not be read.
pub type Probed = Result<Arc<Environment>, String>;

/// The outcome of a control probe (see [`Ctx::control`]): `Ok` with what was observed when the
/// target answered the well-formed request as the role requires, `Err` with why not — the reason
/// every case that depends on it is skipped as not exercised.
pub type Control = Result<String, String>;

/// What a case body receives: cheap to clone; every exchange made through it is recorded.
#[derive(Debug, Clone)]
pub struct Ctx {
    shared: Arc<Shared>,
    log: Arc<Mutex<Vec<Exchange>>>,
    case_id: Option<&'static str>,
}

impl Ctx {
    /// A root context (the runner derives one per case with [`Ctx::for_case`]).
    pub fn new(config: RunConfig, client: HttpClient, supported: Option<Exchange>) -> Ctx {
        let supported_kinds = supported
            .as_ref()
            .and_then(|e| e.response.as_ref().ok())
            .and_then(|r| r.json().ok())
            .map(|v| parse_supported_kinds(&v))
            .unwrap_or_default();
        let budget = SpendBudget::new(config.max_spend);
        let payer = config
            .payer_key
            .as_ref()
            .and_then(|k| LocalSigner::from_bytes(k.expose_secret()).ok());
        Ctx {
            shared: Arc::new(Shared {
                config,
                client,
                supported,
                supported_kinds,
                budget,
                payer,
                nonces: NonceGen::new(),
                health: Health::new(),
                controls: Mutex::new(BTreeMap::new()),
                environments: Mutex::new(BTreeMap::new()),
                settlements: tokio::sync::Mutex::new(()),
            }),
            log: Arc::new(Mutex::new(Vec::new())),
            case_id: None,
        }
    }

    /// A context sharing configuration and budget but with its own, empty exchange log.
    pub fn for_case(&self) -> Ctx {
        Ctx {
            shared: Arc::clone(&self.shared),
            log: Arc::new(Mutex::new(Vec::new())),
            case_id: None,
        }
    }

    /// This context for the case `id` (a case body that serves several ids, such as a payment
    /// family's, reads its row from [`Ctx::case_id`]).
    #[must_use]
    pub fn with_case_id(mut self, id: &'static str) -> Ctx {
        self.case_id = Some(id);
        self
    }

    /// The id of the case this context runs, when the runner set it.
    pub fn case_id(&self) -> Option<&'static str> {
        self.case_id
    }

    /// The run configuration.
    pub fn config(&self) -> &RunConfig {
        &self.shared.config
    }

    /// The HTTP client (requests made directly on it are not recorded; prefer [`Ctx::get`] and
    /// [`Ctx::post_json`]).
    pub fn client(&self) -> &HttpClient {
        &self.shared.client
    }

    /// The spending budget.
    pub fn budget(&self) -> &SpendBudget {
        &self.shared.budget
    }

    /// The payer key, if configured.
    pub fn payer_key(&self) -> Option<&PayerKey> {
        self.shared.config.payer_key.as_deref()
    }

    /// A signer for the configured payer key (`None` without a key, or if the key is not a
    /// valid secp256k1 scalar, which the CLI rejects up front).
    pub fn payer_signer(&self) -> Option<&LocalSigner> {
        self.shared.payer.as_ref()
    }

    /// A fresh authorization nonce.
    pub fn next_nonce(&self) -> [u8; 32] {
        self.shared.nonces.next_nonce()
    }

    /// The harness's clock, in Unix seconds.
    pub fn now_secs(&self) -> u64 {
        unix_now()
    }

    /// The `GET /supported` exchange made by the preflight, if any.
    pub fn supported_snapshot(&self) -> Option<&Exchange> {
        self.shared.supported.as_ref()
    }

    /// Every well-formed kind in the preflight `/supported` answer.
    pub fn supported_kinds(&self) -> &[AdvertisedKind] {
        &self.shared.supported_kinds
    }

    /// The kinds to test: the advertised kinds, restricted to `--network` when given (a v1 kind
    /// such as `base-sepolia` is selected by its name or by its CAIP-2 id `eip155:84532`).
    pub fn target_kinds(&self) -> Vec<&AdvertisedKind> {
        let nets = &self.shared.config.networks;
        self.shared
            .supported_kinds
            .iter()
            .filter(|k| {
                nets.is_empty()
                    || nets.contains(&k.network)
                    || x402_spec::primitives::v1_to_caip2(&k.network)
                        .is_some_and(|n| nets.iter().any(|x| x == n.as_str()))
            })
            .collect()
    }

    /// `GET base+path`, recorded.
    pub async fn get(&self, path: &str) -> Exchange {
        let ex = self.shared.client.get(path).await;
        self.record(&ex);
        ex
    }

    /// `POST base+path` with `Content-Type: application/json` and the raw body bytes, recorded.
    /// A settling request waits for the settlement gate (see [`Ctx::settles`]).
    pub async fn post_json(&self, path: &str, body: impl Into<Bytes>) -> Exchange {
        let headers = crate::http::json_headers();
        self.send_with("POST", path, headers, body.into(), true, true)
            .await
    }

    /// Any request, recorded. A settling request waits for the settlement gate.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: Vec<Header>,
        body: Bytes,
    ) -> Exchange {
        self.send_with(method, path, headers, body, true, true)
            .await
    }

    /// Any request, recorded, never waiting for the settlement gate: for a case that overlaps
    /// settlements on purpose while it holds the gate itself ([`Ctx::hold_settlements`]).
    pub async fn send_ungated(
        &self,
        method: &str,
        path: &str,
        headers: Vec<Header>,
        body: Bytes,
    ) -> Exchange {
        self.send_with(method, path, headers, body, false, true)
            .await
    }

    /// Any request, recorded and gated like [`Ctx::send`], whose settlement is **not** counted
    /// in the run's `spent`: for a payment that the harness's own facilitator settles on its
    /// in-memory ledger (`server --facilitator-faults`), where nothing is paid.
    pub async fn send_on_harness_ledger(
        &self,
        method: &str,
        path: &str,
        headers: Vec<Header>,
        body: Bytes,
    ) -> Exchange {
        self.send_with(method, path, headers, body, true, false)
            .await
    }

    /// The one sending path: a settling request waits for the settlement gate when `gated`, the
    /// exchange is recorded, and with `counted` what it reports as settled is added to the run's
    /// total ([`settled_amount`]).
    async fn send_with(
        &self,
        method: &str,
        path: &str,
        headers: Vec<Header>,
        body: Bytes,
        gated: bool,
        counted: bool,
    ) -> Exchange {
        let settles = Ctx::settles(path, &headers);
        let _gate = self.settlement_gate(gated && settles).await;
        let ex = self.shared.client.send(method, path, headers, body).await;
        self.record(&ex);
        if counted
            && settles
            && let Some(amount) = settled_amount(&ex)
        {
            self.shared.budget.record_settled(amount);
        }
        ex
    }

    /// Whether a request settles a payment: a facilitator's `POST …/settle`, or a request to a
    /// resource server carrying a payment (`PAYMENT-SIGNATURE`, `X-PAYMENT`), which the server
    /// settles through its facilitator. Such requests go one at a time by default (issue #13:
    /// a facilitator that signs its own transactions without a nonce manager fails overlapping
    /// settlements at random, which would fail unrelated cases — and, through a resource
    /// server, the server instead of its facilitator).
    pub fn settles(path: &str, headers: &[Header]) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        path.trim_end_matches('/').ends_with("/settle")
            || headers.iter().any(|(name, _)| {
                name.eq_ignore_ascii_case("payment-signature")
                    || name.eq_ignore_ascii_case("x-payment")
            })
    }

    /// Holds the settlement gate until the guard is dropped, whatever the configuration: other
    /// cases' settlements wait while a case overlaps its own on purpose.
    pub async fn hold_settlements(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.shared.settlements.lock().await
    }

    async fn settlement_gate(&self, settles: bool) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if settles && self.shared.config.serial_settlements {
            Some(self.shared.settlements.lock().await)
        } else {
            None
        }
    }

    /// A control probe shared by the whole run: the first case that asks for `key` runs `probe`
    /// (its exchanges are recorded in that case's log), every later case gets the same outcome.
    /// Cases that judge how a target *refuses* something use a control to establish first that
    /// the target answers the well-formed request at all; otherwise a server that answers 404
    /// to everything would "refuse" every malformed input (#13 §6).
    pub async fn control<F, Fut>(&self, key: &'static str, probe: F) -> Control
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: std::future::Future<Output = Control>,
    {
        let cell = {
            let mut map = self
                .shared
                .controls
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(key).or_default())
        };
        cell.get_or_init(|| probe(self.clone())).await.clone()
    }

    /// The chain a payment by `payer` to `target` runs on, read over `--rpc-url` by the first case
    /// that asks and shared by every later one (#13 §4). `None` without an RPC URL for the network.
    pub async fn environment(&self, target: &PayTarget, payer: Address) -> Option<Probed> {
        let url = self.shared.config.rpc_urls.for_network(&target.network)?;
        let key = (target.network.clone(), target.asset.get(), payer);
        let cell = {
            let mut map = self
                .shared
                .environments
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(key).or_default())
        };
        let timeout = self.shared.config.timeout;
        let probed = cell
            .get_or_init(|| async move {
                let rpc = Rpc::new(url, timeout).map_err(|e| format!("JSON-RPC client: {e}"))?;
                Environment::probe(&rpc, &target.network, target.asset.get(), payer)
                    .await
                    .map(Arc::new)
                    .map_err(|e| format!("reading the chain over --rpc-url: {e}"))
            })
            .await;
        Some(probed.clone())
    }

    /// The environment of `target` and `payer` if a case has read it already (see
    /// [`Ctx::environment`]); `None` when it was not read or could not be.
    pub fn probed_environment(
        &self,
        target: &PayTarget,
        payer: Address,
    ) -> Option<Arc<Environment>> {
        let key = (target.network.clone(), target.asset.get(), payer);
        let map = self
            .shared
            .environments
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        map.get(&key)
            .and_then(|cell| cell.get())
            .and_then(|p| p.as_ref().ok())
            .map(Arc::clone)
    }

    /// Whether the target is still answering (shared by every case of the run).
    pub fn health(&self) -> &Health {
        &self.shared.health
    }

    /// Records an exchange made elsewhere (e.g. reuse of the preflight snapshot).
    pub fn record(&self, ex: &Exchange) {
        self.shared.health.observe(self.case_id, ex);
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ex.clone());
    }

    /// The exchanges recorded so far by this case.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
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
    fn userinfo_is_redacted() {
        assert_eq!(
            redact_userinfo("https://u:p@h.example/x?y@z"),
            "https://***@h.example/x?y@z"
        );
        assert_eq!(
            redact_userinfo("http://127.0.0.1:8080/f"),
            "http://127.0.0.1:8080/f"
        );
        assert_eq!(redact_userinfo("not a url"), "not a url");
    }

    #[test]
    fn rpc_urls_debug_hides_urls() {
        let mut r = RpcUrls::default();
        r.insert("eip155:84532", "https://rpc.example/v2/SECRETKEY");
        r.insert("*", "https://other.example/KEY2");
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("SECRETKEY") && !dbg.contains("KEY2"), "{dbg}");
        assert_eq!(
            r.for_network("eip155:1"),
            Some("https://other.example/KEY2")
        );
        assert_eq!(
            r.for_network("eip155:84532"),
            Some("https://rpc.example/v2/SECRETKEY")
        );
    }

    fn exchange(
        url: &str,
        headers: Vec<Header>,
        body: &str,
        status: u16,
        reply_headers: Vec<Header>,
        reply: &str,
    ) -> Exchange {
        Exchange {
            request: crate::http::RecordedRequest {
                method: "POST".into(),
                url: url.into(),
                headers,
                body: Bytes::from(body.to_owned()),
            },
            response: Ok(crate::http::Response {
                status,
                headers: reply_headers,
                body: Bytes::from(reply.to_owned()),
                truncated: false,
            }),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn settled_amount_counts_what_the_target_reports_as_settled() {
        // A facilitator's /settle: success counts the required amount, or the response's
        // amount when it has one (upto); a failure or an error status counts nothing.
        let request = serde_json::json!({
            "x402Version": 2,
            "paymentPayload": {
                "x402Version": 2,
                "accepted": {"scheme": "exact", "network": "eip155:84532", "amount": "1000",
                    "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                    "payTo": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", "maxTimeoutSeconds": 60,
                    "extra": {"name": "USDC", "version": "2"}},
                "payload": {"signature": "0x00", "authorization": {}}
            },
            "paymentRequirements": {"scheme": "exact", "network": "eip155:84532", "amount": "1000",
                "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                "payTo": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", "maxTimeoutSeconds": 60,
                "extra": {"name": "USDC", "version": "2"}}
        })
        .to_string();
        let ok = r#"{"success":true,"transaction":"0xab","network":"eip155:84532"}"#;
        let upto =
            r#"{"success":true,"transaction":"0xab","network":"eip155:84532","amount":"400"}"#;
        let failed = r#"{"success":false,"errorReason":"invalid_payload","transaction":"","network":"eip155:84532"}"#;
        let url = "http://127.0.0.1:1/settle";
        assert_eq!(
            settled_amount(&exchange(url, vec![], &request, 200, vec![], ok)),
            Some(U256::from(1000u64))
        );
        assert_eq!(
            settled_amount(&exchange(url, vec![], &request, 200, vec![], upto)),
            Some(U256::from(400u64))
        );
        assert_eq!(
            settled_amount(&exchange(url, vec![], &request, 200, vec![], failed)),
            None
        );
        assert_eq!(
            settled_amount(&exchange(url, vec![], &request, 500, vec![], ok)),
            None
        );
        assert_eq!(
            settled_amount(&exchange(
                "http://127.0.0.1:1/verify",
                vec![],
                &request,
                200,
                vec![],
                ok
            )),
            None
        );
        // A resource server: the PAYMENT-RESPONSE of the paid request decides; the amount is the
        // payment's accepted.amount.
        let payment: serde_json::Value = serde_json::from_str(&request).unwrap();
        let header_value =
            x402_spec::header::encode_bytes(payment["paymentPayload"].to_string().as_bytes());
        let paid = vec![("payment-signature".to_owned(), header_value)];
        let receipt = |json: &str| {
            vec![(
                "payment-response".to_owned(),
                x402_spec::header::encode_bytes(json.as_bytes()),
            )]
        };
        let resource = "http://127.0.0.1:1/paid";
        assert_eq!(
            settled_amount(&exchange(
                resource,
                paid.clone(),
                "",
                200,
                receipt(ok),
                "{}"
            )),
            Some(U256::from(1000u64))
        );
        assert_eq!(
            settled_amount(&exchange(
                resource,
                paid.clone(),
                "",
                402,
                receipt(failed),
                "{}"
            )),
            None
        );
        assert_eq!(
            settled_amount(&exchange(resource, paid.clone(), "", 200, vec![], "{}")),
            None
        );
        assert_eq!(
            settled_amount(&exchange(resource, vec![], "", 200, receipt(ok), "{}")),
            None
        );
        let budget = SpendBudget::new(U256::from(5000u64));
        budget.reserve(U256::from(2000u64)).unwrap();
        budget.record_settled(U256::from(1000u64));
        assert_eq!(
            (budget.reserved(), budget.settled()),
            (U256::from(2000u64), U256::from(1000u64))
        );
    }

    #[test]
    fn budget_reserves_until_exhausted() {
        let b = SpendBudget::new(U256::from(100u64));
        assert_eq!(b.reserve(U256::from(60u64)).unwrap(), U256::from(40u64));
        let err = b.reserve(U256::from(41u64)).unwrap_err();
        assert_eq!(err.remaining, U256::from(40u64));
        assert!(err.to_string().contains("--max-spend"));
        assert_eq!(b.reserve(U256::from(40u64)).unwrap(), U256::ZERO);
        assert_eq!(b.reserved(), U256::from(100u64));
    }

    #[test]
    fn needs_follow_config() {
        let mut c = RunConfig::new("http://x");
        assert!(c.unmet_needs_reason(Needs::NONE).is_none());
        let r = c
            .unmet_needs_reason(Needs::SETTLEMENT.union(Needs::RPC_URL))
            .unwrap();
        assert!(
            r.contains("--allow-settlement") && r.contains("--rpc-url"),
            "{r}"
        );
        c.allow_settlement = true;
        assert!(
            c.unmet_needs_reason(Needs::SETTLEMENT).is_some(),
            "zero max-spend must not enable settlement"
        );
        c.max_spend = U256::from(1u64);
        assert!(c.unmet_needs_reason(Needs::SETTLEMENT).is_none());
    }

    #[test]
    fn supported_kinds_are_read_tolerantly() {
        let v = serde_json::json!({"kinds": [
            {"x402Version": 2, "scheme": "exact", "network": "eip155:8453"},
            {"x402Version": "2", "scheme": "exact", "network": "eip155:1"},
            {"x402Version": 1, "scheme": "exact", "network": "base", "extra": {"a": 1}},
            "junk"
        ]});
        let kinds = parse_supported_kinds(&v);
        assert_eq!(kinds.len(), 2);
        assert_eq!(kinds[1].network, "base");
        assert!(kinds[1].extra.is_some());
        assert!(parse_supported_kinds(&serde_json::json!([1, 2])).is_empty());
    }
}
