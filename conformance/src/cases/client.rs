//! Client cases (`x402-conformance client -- COMMAND {url}`).
//!
//! For every case the harness serves one 402 endpoint on its own loopback port (v1 or v2; several
//! offers with unknown schemes and networks mixed in; prices above the client's configured
//! maximum; a settlement that fails), runs the client command once with `{url}` replaced by the
//! endpoint's URL (appended when the command has no `{url}`), kills it if it outlives
//! `--timeout`, and judges **what the endpoint observed** — like h2spec, the client's exit code is
//! reported but never decides the verdict.
//!
//! What is checked (protocol.md §2.1–§2.4, §2.7, §4.2, §4.3, §4.7; x402 v2 §5.2):
//! the header for the version (`PAYMENT-SIGNATURE` for v2, `X-PAYMENT` for v1) in standard
//! base64; a signature by `from` over the offer's EIP-712 domain; exactly the offered amount,
//! `payTo`, asset and network; a validity window that is open now and closes within
//! `maxTimeoutSeconds`; a fresh nonce on every payment; `accepted` echoed as offered (deep-equal
//! is what TS servers check, byte-identical is what a careful client does); unknown schemes and
//! networks skipped; no payment at all when every price exceeds the client's limit; and no retry
//! loop after a failed settlement.
//!
//! The endpoint itself answers as a reference server would: a payment that x402-spec verifies
//! (strict policy, the endpoint's clock), that deep-equals an offer, and whose nonce it has not
//! seen gets `200` with a `PAYMENT-RESPONSE` (synthetic transaction); anything else gets `402`.
//! Nothing is settled anywhere: the harness never needs a chain or a funded key for this role.

use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, UNIX_EPOCH};

use alloy_primitives::{U256, keccak256};
use serde_json::{Value, json};
use x402_spec::facilitator::{FacilitatorRequest, SettleResponse};
use x402_spec::header::{
    self, DecodeOptions, PAYMENT_REQUIRED, PAYMENT_RESPONSE, PAYMENT_SIGNATURE, X_PAYMENT,
    X_PAYMENT_RESPONSE,
};
use x402_spec::primitives::Address as WireAddress;
use x402_spec::schemes::{ExactEip3009Payload, ExactPermit2Payload};
use x402_spec::verify::CommonCheck;
use x402_spec::verify::evm::{Eip3009Check, Permit2Check};
use x402_spec::verify::matching::{MatchMode, matches_json};
use x402_spec::verify::{Check, Policy, Rejection, verify_request};

use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::ctx::{ClientTarget, Ctx};
use crate::http::{Exchange, RecordedRequest, Response, preview};
use crate::pay::AMOUNT;
use crate::profile::{Divergence, Profile, diverge};
use crate::server::handler::{self, Handler, HttpReply, HttpRequest};

/// `maxTimeoutSeconds` of every offer (distinct from the SDK defaults 60, 300 and 3600, so that a
/// client ignoring it is visible).
pub const CLIENT_MAX_TIMEOUT: u64 = 120;
/// Base Sepolia USDC (protocol.md §5.2).
pub const USDC: &str = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
/// The environment variable through which the harness tells the client its limit.
pub const MAX_AMOUNT_ENV: &str = "X402_CLIENT_MAX_AMOUNT";
/// Seconds of slack on the validity window's upper bound (the client's clock and the request's
/// travel time).
pub const WINDOW_SLACK_SECS: u64 = 5;
/// Largest part of the client's stdout/stderr kept for messages.
const OUTPUT_TAIL: usize = 2048;

/// What the endpoint of a case offers and how it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// v2, one `exact` EIP-3009 USDC offer.
    V2Usdc,
    /// v2, one `exact` Permit2 USDC offer.
    V2Permit2,
    /// v1, one `exact` USDC offer on `base-sepolia`.
    V1Usdc,
    /// v2: an unknown scheme, a Cosmos and a Solana offer, then the payable USDC offer.
    V2Mixed,
    /// v2, one USDC offer priced above the client's maximum.
    V2OverLimit,
    /// v2: an over-limit USDC offer, then one within the limit.
    V2MixedPrices,
    /// v2, one USDC offer; every payment is answered with a failed settlement.
    V2SettleFails,
}

impl Scenario {
    /// The protocol version of the 402.
    pub const fn version(self) -> u64 {
        match self {
            Scenario::V1Usdc => 1,
            _ => 2,
        }
    }

    /// The index of the offer a conforming client pays, or `None` when it must not pay.
    pub const fn payable(self) -> Option<usize> {
        match self {
            Scenario::V2Mixed => Some(3),
            Scenario::V2MixedPrices => Some(1),
            Scenario::V2OverLimit => None,
            _ => Some(0),
        }
    }
}

fn usdc_offer(pay_to: &str, amount: U256, permit2: bool) -> Value {
    let mut extra = serde_json::Map::new();
    if permit2 {
        extra.insert("assetTransferMethod".to_owned(), json!("permit2"));
    }
    extra.insert("name".to_owned(), json!("USDC"));
    extra.insert("version".to_owned(), json!("2"));
    // An unknown member: a client must echo `accepted` with it (TS servers deep-compare).
    extra.insert("xConformance".to_owned(), json!("echo me"));
    json!({
        "scheme": "exact",
        "network": "eip155:84532",
        "amount": amount.to_string(),
        "asset": USDC,
        "payTo": pay_to,
        "maxTimeoutSeconds": CLIENT_MAX_TIMEOUT,
        "extra": extra,
    })
}

/// The offers of `scenario` (raw JSON, in order).
pub fn offers(scenario: Scenario, url: &str, pay_to: &str, max_amount: U256) -> Vec<Value> {
    let price = U256::from(AMOUNT);
    let over = max_amount.saturating_add(U256::from(1u8));
    match scenario {
        Scenario::V2Usdc | Scenario::V2SettleFails => vec![usdc_offer(pay_to, price, false)],
        Scenario::V2Permit2 => vec![usdc_offer(pay_to, price, true)],
        Scenario::V2OverLimit => vec![usdc_offer(pay_to, over, false)],
        Scenario::V2MixedPrices => vec![
            usdc_offer(pay_to, over, false),
            usdc_offer(pay_to, price, false),
        ],
        Scenario::V2Mixed => {
            let mut unknown_scheme = usdc_offer(pay_to, price, false);
            if let Some(o) = unknown_scheme.as_object_mut() {
                o.insert("scheme".to_owned(), json!("x-conformance-unknown-scheme"));
            }
            vec![
                unknown_scheme,
                json!({
                    "scheme": "exact",
                    "network": "cosmos:cosmoshub-4",
                    "amount": "1000",
                    "asset": "uatom",
                    "payTo": "cosmos1conformance0000000000000000000000000",
                    "maxTimeoutSeconds": CLIENT_MAX_TIMEOUT,
                }),
                json!({
                    "scheme": "exact",
                    "network": "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
                    "amount": "1000",
                    "asset": "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
                    "payTo": "2wmVCSfPxGPjrnMMn7rchp4uaeoTqN39mXFC2zhPdri9",
                    "maxTimeoutSeconds": CLIENT_MAX_TIMEOUT,
                    "extra": { "feePayer": "2wmVCSfPxGPjrnMMn7rchp4uaeoTqN39mXFC2zhPdri9" },
                }),
                usdc_offer(pay_to, price, false),
            ]
        }
        Scenario::V1Usdc => vec![json!({
            "scheme": "exact",
            "network": "base-sepolia",
            "maxAmountRequired": price.to_string(),
            "resource": url,
            "description": "x402-conformance client case",
            "mimeType": "application/json",
            "payTo": pay_to,
            "maxTimeoutSeconds": CLIENT_MAX_TIMEOUT,
            "asset": USDC,
            "extra": { "name": "USDC", "version": "2" },
        })],
    }
}

/// One payment attempt as the endpoint saw it, judged by x402-spec.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The header that carried it (`PAYMENT-SIGNATURE` or `X-PAYMENT`; the v2 one wins when
    /// both are present).
    pub header: &'static str,
    /// Whether both payment headers were present.
    pub both_headers: bool,
    /// The header value.
    pub value: String,
    /// When it arrived (unix seconds, endpoint clock).
    pub received: u64,
    /// Strict (standard, padded) base64 decoding.
    pub strict_decode: Result<(), String>,
    /// The decoded JSON (lenient base64) and the parsed payload.
    pub payload: Result<(Value, x402_spec::PaymentPayload), String>,
    /// The offer whose JSON `accepted` deep-equals (v2), or whose scheme and network the payload
    /// names (v1).
    pub matched: Option<usize>,
    /// The offer the payment was verified against (the match, else the first five-field match,
    /// else the first offer).
    pub judged_against: usize,
    /// The JSON text of that offer as sent in the 402.
    pub offered_raw: String,
    /// x402-spec's verdict (strict policy) against that offer.
    pub verdict: Judgement,
}

/// x402-spec's verdict on an attempt.
#[derive(Debug, Clone)]
pub enum Judgement {
    /// Every off-chain rule holds.
    Valid,
    /// Refused, with every failed rule.
    Refused(Rejection),
    /// The header, or the request built from it, does not parse.
    Unparsable(String),
}

impl Attempt {
    /// The failed rules, if verification ran and failed.
    pub fn failed_checks(&self) -> Vec<(Check, String)> {
        match &self.verdict {
            Judgement::Refused(r) => r
                .failures()
                .iter()
                .map(|f| (f.check, format!("{} ({})", f.code, f.detail)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The EIP-3009 or Permit2 nonce, as text.
    pub fn nonce(&self) -> Option<String> {
        let (_, p) = self.payload.as_ref().ok()?;
        let payload = p.payload();
        if let Ok(e) = ExactEip3009Payload::from_payload(payload) {
            return Some(e.authorization.nonce.to_string());
        }
        ExactPermit2Payload::from_payload(payload)
            .ok()
            .map(|p| p.permit2_authorization.nonce.to_string())
    }

    /// `(validAfter, validBefore)` of an EIP-3009 payload, or `(witness.validAfter, deadline)`.
    pub fn window(&self) -> Option<(u64, u64)> {
        let (_, p) = self.payload.as_ref().ok()?;
        let payload = p.payload();
        if let Ok(e) = ExactEip3009Payload::from_payload(payload) {
            return Some((
                e.authorization.valid_after.as_secs(),
                e.authorization.valid_before.as_secs(),
            ));
        }
        ExactPermit2Payload::from_payload(payload).ok().map(|p| {
            (
                p.permit2_authorization.witness.valid_after.as_secs(),
                p.permit2_authorization.deadline.as_secs(),
            )
        })
    }

    /// The raw JSON text of `accepted` (v2).
    pub fn accepted_raw(&self) -> Option<&str> {
        match self.payload.as_ref().ok()? {
            (_, x402_spec::PaymentPayload::V2(p)) => Some(p.accepted.raw_json()),
            _ => None,
        }
    }
}

/// Evaluates a request's payment header against `offers`; `None` when it carries none.
pub fn evaluate(request: &HttpRequest, offers: &[Value], now: u64) -> Option<Attempt> {
    let v2 = request.header(PAYMENT_SIGNATURE);
    let v1 = request.header(X_PAYMENT);
    let (header_name, value) = match (v2, v1) {
        (Some(v), _) => (PAYMENT_SIGNATURE, v.to_owned()),
        (None, Some(v)) => (X_PAYMENT, v.to_owned()),
        (None, None) => return None,
    };
    let strict_decode = header::decode_bytes(&value, DecodeOptions::strict())
        .map(|_| ())
        .map_err(|e| e.to_string());
    let payload = header::decode_bytes(&value, DecodeOptions::lenient())
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            let json: Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("the decoded header is not JSON: {e}"))?;
            let parsed = x402_spec::PaymentPayload::from_json(&bytes)
                .map_err(|e| format!("not a payment payload: {e}"))?;
            Ok((json, parsed))
        });
    let (matched, judged_against) = match &payload {
        Ok((json, x402_spec::PaymentPayload::V2(_))) => {
            let accepted = json.get("accepted").cloned().unwrap_or(Value::Null);
            let exact = offers.iter().position(|o| *o == accepted);
            let five = offers
                .iter()
                .position(|o| matches_json(o, &accepted, MatchMode::FiveField));
            (exact, exact.or(five).unwrap_or(0))
        }
        Ok((json, x402_spec::PaymentPayload::V1(_))) => {
            let hit = offers.iter().position(|o| {
                o.get("scheme") == json.get("scheme") && o.get("network") == json.get("network")
            });
            (hit, hit.unwrap_or(0))
        }
        Ok(_) | Err(_) => (None, 0),
    };
    let verdict = match &payload {
        Err(e) => Judgement::Unparsable(e.clone()),
        Ok((json, parsed)) => {
            let request = json!({
                "x402Version": parsed.version().number(),
                "paymentPayload": json,
                "paymentRequirements": offers.get(judged_against).cloned().unwrap_or(Value::Null),
            });
            let bytes = serde_json::to_vec(&request).unwrap_or_default();
            match FacilitatorRequest::from_json(&bytes) {
                Ok(r) => match verify_request(&r, now, &Policy::default()) {
                    Ok(_) => Judgement::Valid,
                    Err(rej) => Judgement::Refused(rej),
                },
                Err(e) => Judgement::Unparsable(format!(
                    "the payment and the offer do not form a valid request: {e}"
                )),
            }
        }
    };
    let offered_raw = offers
        .get(judged_against)
        .map(|o| serde_json::to_string(o).unwrap_or_default())
        .unwrap_or_default();
    Some(Attempt {
        header: header_name,
        both_headers: v2.is_some() && v1.is_some(),
        value,
        received: now,
        strict_decode,
        payload,
        matched,
        judged_against,
        offered_raw,
        verdict,
    })
}

/// One request the endpoint received and what it answered.
#[derive(Debug, Clone)]
pub struct Observed {
    /// The request.
    pub request: HttpRequest,
    /// The answer.
    pub reply: HttpReply,
    /// The payment it carried, judged.
    pub attempt: Option<Attempt>,
}

/// The 402 endpoint of one case.
pub struct Endpoint {
    scenario: Scenario,
    pay_to: String,
    max_amount: U256,
    log: Mutex<Vec<Observed>>,
    used_nonces: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("scenario", &self.scenario)
            .finish_non_exhaustive()
    }
}

fn unix_secs(t: std::time::SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Endpoint {
    /// An endpoint for `scenario`.
    pub fn new(scenario: Scenario, pay_to: String, max_amount: U256) -> Endpoint {
        Endpoint {
            scenario,
            pay_to,
            max_amount,
            log: Mutex::new(Vec::new()),
            used_nonces: Mutex::new(BTreeSet::new()),
        }
    }

    /// Every request so far.
    pub fn observed(&self) -> Vec<Observed> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn url_of(request: &HttpRequest) -> String {
        format!(
            "http://{}{}",
            request.header("host").unwrap_or("127.0.0.1"),
            request.path()
        )
    }

    fn required(&self, request: &HttpRequest, offers: &[Value], error: &str) -> HttpReply {
        let url = Endpoint::url_of(request);
        if self.scenario.version() == 1 {
            return HttpReply::json(
                402,
                &json!({ "x402Version": 1, "error": error, "accepts": offers }),
            );
        }
        let doc = json!({
            "x402Version": 2,
            "error": error,
            "resource": { "url": url, "description": "x402-conformance client case", "mimeType": "application/json" },
            "accepts": offers,
        });
        let text = serde_json::to_vec(&doc).unwrap_or_default();
        HttpReply::json(402, &json!({}))
            .with_header(PAYMENT_REQUIRED, header::encode_bytes(&text))
            .with_header(
                "access-control-expose-headers",
                "PAYMENT-REQUIRED, PAYMENT-RESPONSE",
            )
    }

    fn answer(
        &self,
        request: &HttpRequest,
        offers: &[Value],
        attempt: Option<&Attempt>,
    ) -> HttpReply {
        let Some(a) = attempt else {
            return self.required(request, offers, "Payment required");
        };
        let response_header = if self.scenario.version() == 1 {
            X_PAYMENT_RESPONSE
        } else {
            PAYMENT_RESPONSE
        };
        let network = offers
            .get(a.judged_against)
            .and_then(|o| o.get("network"))
            .and_then(Value::as_str)
            .unwrap_or("eip155:84532")
            .to_owned();
        let payer = a.payload.as_ref().ok().and_then(|(_, p)| {
            ExactEip3009Payload::from_payload(p.payload())
                .map(|e| e.authorization.from)
                .or_else(|_| {
                    ExactPermit2Payload::from_payload(p.payload())
                        .map(|e| e.permit2_authorization.from)
                })
                .ok()
        });
        if self.scenario == Scenario::V2SettleFails {
            let body = json!({
                "success": false, "errorReason": "invalid_transaction_state",
                "transaction": "", "network": network,
            });
            let text = serde_json::to_vec(&body).unwrap_or_default();
            return self
                .required(request, offers, "invalid_transaction_state")
                .with_header(response_header, header::encode_bytes(&text));
        }
        if a.matched.is_none() {
            return self.required(request, offers, "No matching payment requirements");
        }
        match &a.verdict {
            Judgement::Valid => {}
            Judgement::Refused(r) => return self.required(request, offers, r.reason().as_str()),
            Judgement::Unparsable(_) => {
                return self.required(request, offers, "invalid_payload");
            }
        }
        let fresh = a.nonce().is_some_and(|n| {
            self.used_nonces
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(n)
        });
        if !fresh {
            return self.required(request, offers, "invalid_exact_evm_nonce_already_used");
        }
        let transaction = keccak256(a.value.as_bytes()).to_string();
        let network = match network.parse::<x402_spec::common::AnyNetwork>() {
            Ok(n) => n,
            Err(_) => return self.required(request, offers, "invalid_network"),
        };
        let settled = SettleResponse::success(transaction, network, payer.map(WireAddress::Evm));
        let text = serde_json::to_vec(&settled).unwrap_or_default();
        HttpReply::json(200, &json!({ "ok": true }))
            .with_header(response_header, header::encode_bytes(&text))
            .with_header(
                "access-control-expose-headers",
                "PAYMENT-REQUIRED, PAYMENT-RESPONSE",
            )
    }
}

impl Handler for Endpoint {
    fn handle(&self, request: HttpRequest) -> HttpReply {
        let url = Endpoint::url_of(&request);
        let offers = offers(self.scenario, &url, &self.pay_to, self.max_amount);
        let attempt = evaluate(&request, &offers, unix_secs(request.received_at));
        let reply = self.answer(&request, &offers, attempt.as_ref());
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Observed {
                request,
                reply: reply.clone(),
                attempt,
            });
        reply
    }
}

// ---------------------------------------------------------------------------------------------
// Running the client
// ---------------------------------------------------------------------------------------------

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

fn tail(bytes: &[u8]) -> String {
    let start = bytes.len().saturating_sub(OUTPUT_TAIL);
    String::from_utf8_lossy(bytes.get(start..).unwrap_or_default()).into_owned()
}

fn read_bounded(mut r: impl Read) -> Vec<u8> {
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
fn kill_tree(child: &mut std::process::Child) {
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
        let endpoint = Arc::new(Endpoint::new(
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

fn exchange_of(url: &str, o: &Observed) -> Exchange {
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

// ---------------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------------

/// A client check: which scenario, how many runs, and the judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientCheck {
    /// The payment verifies in full and is answered 200.
    Pays(Scenario),
    /// The right header for the version, standard base64, the right payload version.
    Header(Scenario),
    /// The signature is by `from` over the offer's EIP-712 domain.
    SignatureDomain,
    /// Exactly the offered amount, payTo, asset and network.
    Fields,
    /// The validity window is open now and closes within maxTimeoutSeconds.
    Window,
    /// Two runs, two different nonces.
    NonceFresh,
    /// `accepted` deep-equals the offer.
    EchoEqual,
    /// `accepted` is byte-identical to the offer.
    EchoBytes,
    /// Unknown schemes and networks are skipped: the payable offer is paid.
    SkipsUnsupported,
    /// No payment when the price exceeds the limit.
    OverLimit,
    /// The offer within the limit is chosen.
    WithinLimit,
    /// At most one retry after a failed settlement.
    NoRetryLoop,
}

const GO_WINDOW: &[Divergence] = &[diverge(
    Profile::Go,
    "validBefore may be up to now + 3600 s: the Go client signs EIP-3009 for an hour whatever maxTimeoutSeconds says (protocol.md §4.7, §8 #27).",
)];
const ECHO_BYTES_GO: &[Divergence] = &[diverge(
    Profile::Go,
    "Not required: the Go client re-marshals accepted from its struct (fixed key order, sorted extra keys), so only deep equality holds (protocol.md §1.5, §8 #26).",
)];

macro_rules! client_case {
    ($id:literal, $title:literal, $clause:literal, $expected:literal, $level:ident, [$($tag:ident),*], $profiles:expr, $check:expr) => {
        Case {
            id: $id,
            title: $title,
            clause: $clause,
            expected: $expected,
            level: Level::$level,
            tags: &[$(Tag::$tag),*],
            needs: Needs::NONE,
            profiles: $profiles,
            run: |ctx| Box::pin(client_case(ctx, $check)),
        }
    };
}

/// The client cases.
pub fn cases() -> Vec<Case> {
    vec![
        client_case!(
            "client/v2/exact-eip3009/pays",
            "pays a v2 exact EIP-3009 offer with a payment that verifies",
            "x402 v2 §5.2, exact EVM scheme; protocol.md §2.4, §4.2",
            "The client retries with PAYMENT-SIGNATURE carrying a payment that x402-spec verifies in full against the offer (and deep-equals it), so the endpoint answers 200.",
            Must,
            [V2, Eip3009, Paid],
            &[],
            ClientCheck::Pays(Scenario::V2Usdc)
        ),
        client_case!(
            "client/v2/exact-eip3009/header",
            "sends a v2 payment in PAYMENT-SIGNATURE, in standard base64",
            "transports-v2/http.md (PAYMENT-SIGNATURE); protocol.md §2.1, §2.2, §2.4",
            "The paid request has PAYMENT-SIGNATURE (not X-PAYMENT), standard padded base64 of an x402Version 2 PaymentPayload.",
            Must,
            [V2, PaymentHeader],
            &[],
            ClientCheck::Header(Scenario::V2Usdc)
        ),
        client_case!(
            "client/v2/exact-eip3009/signature-domain",
            "signs for the offer's EIP-712 domain",
            "EIP-712, EIP-3009; exact EVM scheme (domain from extra.name/version, chainId, asset); protocol.md §4.2",
            "The EIP-3009 signature recovers to authorization.from over the domain {extra.name, extra.version, chain id of the network, asset} and is low-s.",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::SignatureDomain
        ),
        client_case!(
            "client/v2/exact-eip3009/amount-payto-asset-network",
            "pays exactly the offered amount, to payTo, in the asset, on the network",
            "x402 v2 exact: value equals amount; protocol.md §4.2 steps 3, 5, 8",
            "authorization.to = payTo, authorization.value = amount, and accepted names the offer's scheme, network, amount, asset and payTo.",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::Fields
        ),
        client_case!(
            "client/v2/exact-eip3009/validity-window",
            "signs a validity window open now and closing within maxTimeoutSeconds",
            "x402 v2 §5.1.2 maxTimeoutSeconds; protocol.md §4.2, §4.7",
            "validAfter <= now and now + 6 s <= validBefore <= now + maxTimeoutSeconds (plus 5 s and --skew of slack).",
            Must,
            [V2, Eip3009],
            GO_WINDOW,
            ClientCheck::Window
        ),
        client_case!(
            "client/v2/exact-eip3009/nonce-fresh",
            "uses a fresh nonce for every payment",
            "EIP-3009 (nonces are single use); protocol.md §4.2",
            "Run twice, the client signs two different, non-zero 32-byte nonces (this case runs the client twice).",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::NonceFresh
        ),
        client_case!(
            "client/v2/exact-eip3009/accepted-echo",
            "echoes the chosen offer as accepted, unknown members included",
            "x402 v2 §5.2 (accepted); protocol.md §1.5, §2.4 (TS servers deep-compare accepted)",
            "accepted deep-equals the offer as sent, including an unknown extra member (extra.xConformance).",
            Must,
            [V2, PaymentHeader],
            &[],
            ClientCheck::EchoEqual
        ),
        client_case!(
            "client/v2/exact-eip3009/accepted-echo-bytes",
            "echoes the chosen offer byte for byte",
            "protocol.md §1.5, §9 (preserve echoed objects)",
            "The JSON text of accepted is byte-identical to the offer's text in PAYMENT-REQUIRED.",
            Should,
            [V2, PaymentHeader],
            ECHO_BYTES_GO,
            ClientCheck::EchoBytes
        ),
        client_case!(
            "client/v1/exact-eip3009/pays",
            "pays a v1 exact offer with a payment that verifies",
            "x402 v1 §5, §6 (exact EVM); protocol.md §1.6, §2.4",
            "The client answers the v1 402 body with X-PAYMENT carrying a v1 payment (scheme, network name, value = maxAmountRequired) that x402-spec verifies, so the endpoint answers 200.",
            Must,
            [V1, Eip3009, Paid],
            &[],
            ClientCheck::Pays(Scenario::V1Usdc)
        ),
        client_case!(
            "client/v1/exact-eip3009/header",
            "sends a v1 payment in X-PAYMENT",
            "transports-v1/http.md (X-PAYMENT); protocol.md §2.1, §2.4",
            "The paid request has X-PAYMENT (not PAYMENT-SIGNATURE), standard padded base64 of an x402Version 1 PaymentPayload.",
            Must,
            [V1, PaymentHeader],
            &[],
            ClientCheck::Header(Scenario::V1Usdc)
        ),
        client_case!(
            "client/v2/mixed-offers/skips-unsupported",
            "skips offers with unknown schemes and networks and pays the supported one",
            "x402 v2 §5.1 (accepts: the client picks one it supports); protocol.md §2.7",
            "Offered [unknown scheme on eip155:84532, cosmos:cosmoshub-4, solana mainnet, exact USDC on eip155:84532], the client pays the fourth.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::SkipsUnsupported
        ),
        client_case!(
            "client/v2/over-limit/no-payment",
            "does not pay when the price exceeds its limit",
            "protocol.md §2.7 (client policies), TS spend controls (maxAmountPerPayment)",
            "Offered only a price above the client's maximum (--max-amount, exported as X402_CLIENT_MAX_AMOUNT), the client sends no payment.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::OverLimit
        ),
        client_case!(
            "client/v2/mixed-prices/within-limit",
            "chooses the offer within its limit",
            "protocol.md §2.7 (policies filter before the selector)",
            "Offered [a price above the limit, a price within it], the client pays the second.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::WithinLimit
        ),
        client_case!(
            "client/v2/settlement-failed/no-retry-loop",
            "does not loop after a failed settlement",
            "protocol.md §2.7 (one payment retry per request)",
            "When the paid request is answered 402 with a failed PAYMENT-RESPONSE, the client sends at most one more payment (two in all), then stops.",
            Must,
            [V2, Paid],
            &[],
            ClientCheck::NoRetryLoop
        ),
        client_case!(
            "client/v2/exact-permit2/pays",
            "pays a v2 exact Permit2 offer with a payment that verifies",
            "exact EVM scheme, assetTransferMethod permit2; protocol.md §4.3",
            "The client pays the Permit2 offer with a permit2Authorization (spender = the x402 exact proxy, witness.to = payTo) that x402-spec verifies off-chain, so the endpoint answers 200.",
            Should,
            [V2, Permit2, Paid],
            &[],
            ClientCheck::Pays(Scenario::V2Permit2)
        ),
    ]
}

fn scenario_of(check: ClientCheck) -> Scenario {
    match check {
        ClientCheck::Pays(s) | ClientCheck::Header(s) => s,
        ClientCheck::SkipsUnsupported => Scenario::V2Mixed,
        ClientCheck::OverLimit => Scenario::V2OverLimit,
        ClientCheck::WithinLimit => Scenario::V2MixedPrices,
        ClientCheck::NoRetryLoop => Scenario::V2SettleFails,
        _ => Scenario::V2Usdc,
    }
}

async fn client_case(ctx: Ctx, check: ClientCheck) -> Verdict {
    let scenario = scenario_of(check);
    if check == ClientCheck::OverLimit || check == ClientCheck::WithinLimit {
        let max = ctx.config().client.as_ref().map(|c| c.max_amount);
        if max.is_none_or(|m| m == U256::MAX) {
            return Verdict::skipped("the client has no maximum amount (--max-amount)");
        }
        if max.is_some_and(|m| m < U256::from(AMOUNT)) {
            return Verdict::skipped(format!(
                "--max-amount is below the harness's price {AMOUNT}; raise it to run this case"
            ));
        }
    }
    let times = if check == ClientCheck::NonceFresh {
        2
    } else {
        1
    };
    let obs = match observe(&ctx, scenario, times).await {
        Ok(o) => o,
        Err(v) => return v,
    };
    judge(&obs, check, ctx.config().profile, ctx.config().skew_secs)
}

/// The judgement of one client case from what the endpoint observed.
pub fn judge(obs: &Observation, check: ClientCheck, profile: Profile, skew: u64) -> Verdict {
    let note = obs.runs.first().map(ClientRun::note).unwrap_or_default();
    let attempts = obs.attempts(0);
    match check {
        ClientCheck::OverLimit => {
            return if attempts.is_empty() {
                Verdict::passed(format!("no payment sent ({note})"))
            } else {
                Verdict::failed(format!(
                    "the client PAID {} time(s) although the only price exceeds its limit ({note})",
                    attempts.len()
                ))
            };
        }
        ClientCheck::NoRetryLoop => {
            return match attempts.len() {
                0 => Verdict::skipped(format!(
                    "precondition: the client pays (see client/v2/exact-eip3009/pays): {}",
                    obs.no_payment(0)
                )),
                1 | 2 => Verdict::passed(format!(
                    "{} payment(s) for a settlement that failed, then it stopped ({note})",
                    attempts.len()
                )),
                n => Verdict::failed(format!(
                    "{n} payments after failed settlements: a retry loop (at most one retry is expected; {note})"
                )),
            };
        }
        _ => {}
    }
    let Some(first) = attempts.first() else {
        return Verdict::failed(obs.no_payment(0));
    };
    match check {
        ClientCheck::Pays(scenario) => {
            let reply = obs.paid_replies(0).first().map(|r| r.status);
            if reply == Some(200) {
                return Verdict::passed(format!(
                    "{} verified by x402-spec, answered 200 ({note})",
                    first.header
                ));
            }
            let why = match (&first.payload, &first.verdict, first.matched) {
                (Err(e), _, _) => e.clone(),
                (_, _, None) if scenario.version() == 2 => {
                    "accepted deep-equals no offer".to_owned()
                }
                (_, Judgement::Refused(r), _) => format!("x402-spec refuses it: {r}"),
                (_, Judgement::Unparsable(e), _) => e.clone(),
                _ => format!(
                    "answered {}",
                    reply.map_or_else(|| "nothing".to_owned(), |s| s.to_string())
                ),
            };
            Verdict::failed(format!("the payment does not verify: {why} ({note})"))
        }
        ClientCheck::Header(scenario) => judge_header(first, scenario),
        ClientCheck::SignatureDomain => {
            let sig: Vec<String> = first
                .failed_checks()
                .into_iter()
                .filter(|(c, _)| {
                    matches!(
                        c,
                        Check::Eip3009(Eip3009Check::Signature)
                            | Check::Eip3009(Eip3009Check::SignatureMalleable)
                            | Check::Eip3009(Eip3009Check::Domain)
                            | Check::Permit2(Permit2Check::Signature)
                            | Check::Permit2(Permit2Check::SignatureMalleable)
                    )
                })
                .map(|(_, d)| d)
                .collect();
            match (&first.payload, sig.is_empty()) {
                (Err(e), _) => Verdict::failed(format!("the payment does not parse: {e}")),
                (_, true) => {
                    Verdict::passed("the signature recovers to from over the offer's domain")
                }
                (_, false) => Verdict::failed(sig.join("; ")),
            }
        }
        ClientCheck::Fields => {
            let bad: Vec<String> = first
                .failed_checks()
                .into_iter()
                .filter(|(c, _)| {
                    matches!(
                        c,
                        Check::Eip3009(Eip3009Check::Recipient)
                            | Check::Eip3009(Eip3009Check::Value)
                            | Check::Eip3009(Eip3009Check::Network)
                            | Check::Eip3009(Eip3009Check::Scheme)
                            | Check::Common(CommonCheck::AcceptedMismatch)
                            | Check::Common(CommonCheck::UnknownNetwork)
                    )
                })
                .map(|(_, d)| d)
                .collect();
            if let Err(e) = &first.payload {
                return Verdict::failed(format!("the payment does not parse: {e}"));
            }
            if bad.is_empty() {
                Verdict::passed("amount, payTo, asset and network as offered")
            } else {
                Verdict::failed(bad.join("; "))
            }
        }
        ClientCheck::Window => judge_window(first, profile, skew),
        ClientCheck::NonceFresh => {
            let second = obs.attempts(1);
            let Some(second) = second.first() else {
                return Verdict::failed(format!("second run: {}", obs.no_payment(1)));
            };
            match (first.nonce(), second.nonce()) {
                (Some(a), Some(b)) if a == b => Verdict::failed(format!(
                    "both runs signed the nonce {a}: a replayed authorization is refused by the token"
                )),
                (Some(a), Some(_)) if a.trim_start_matches("0x").bytes().all(|c| c == b'0') => {
                    Verdict::failed("the nonce is zero")
                }
                (Some(a), Some(b)) => Verdict::passed(format!("nonces {a} and {b}")),
                _ => Verdict::failed("a payment without a readable nonce"),
            }
        }
        ClientCheck::EchoEqual => match (first.accepted_raw(), first.matched) {
            (None, _) => Verdict::failed("no v2 accepted to compare"),
            (Some(_), Some(i)) => Verdict::passed(format!("accepted deep-equals offer #{i}")),
            (Some(raw), None) => Verdict::failed(format!(
                "accepted {} deep-equals no offer (a TS server answers \"No matching payment requirements\")",
                preview(raw.as_bytes(), 200)
            )),
        },
        ClientCheck::EchoBytes => match (first.accepted_raw(), first.matched) {
            (None, _) => Verdict::failed("no v2 accepted to compare"),
            (Some(raw), Some(_)) if raw == first.offered_raw => {
                Verdict::passed("accepted is byte-identical to the offer")
            }
            (Some(_), Some(_)) if profile == Profile::Go => Verdict::passed(
                "accepted deep-equals the offer; the bytes differ, as the Go client's do",
            ),
            (Some(raw), Some(_)) => Verdict::failed(format!(
                "accepted deep-equals the offer but is spelled differently: {} (offered {})",
                preview(raw.as_bytes(), 160),
                preview(first.offered_raw.as_bytes(), 160)
            )),
            (Some(raw), None) => Verdict::failed(format!(
                "accepted {} is not the offer",
                preview(raw.as_bytes(), 200)
            )),
        },
        ClientCheck::SkipsUnsupported | ClientCheck::WithinLimit => {
            let want = scenario_of(check).payable();
            match (first.matched, want) {
                (Some(i), Some(w)) if i == w => Verdict::passed(format!("paid offer #{i}")),
                (got, Some(w)) => Verdict::failed(format!(
                    "paid {} instead of offer #{w}",
                    got.map_or_else(
                        || "no offer (accepted matches none)".to_owned(),
                        |i| format!("offer #{i}")
                    )
                )),
                _ => Verdict::errored("scenario without a payable offer (catalogue bug)"),
            }
        }
        ClientCheck::OverLimit | ClientCheck::NoRetryLoop => {
            Verdict::errored("handled above (catalogue bug)")
        }
    }
}

fn judge_header(a: &Attempt, scenario: Scenario) -> Verdict {
    let (want, other) = if scenario.version() == 2 {
        (PAYMENT_SIGNATURE, X_PAYMENT)
    } else {
        (X_PAYMENT, PAYMENT_SIGNATURE)
    };
    let mut problems = Vec::new();
    if a.header != want || a.both_headers {
        problems.push(format!(
            "the payment came in {}{}; an x402Version {} 402 is answered with {want}",
            a.header,
            if a.both_headers {
                format!(" (with {other} as well)")
            } else {
                String::new()
            },
            scenario.version()
        ));
    }
    if let Err(e) = &a.strict_decode {
        problems.push(format!(
            "the header is not standard padded base64 ({e}); Go and Python servers refuse it (protocol.md §2.2)"
        ));
    }
    match &a.payload {
        Err(e) => problems.push(e.clone()),
        Ok((_, p)) if p.version().number() != scenario.version() => problems.push(format!(
            "payload x402Version {} answers an x402Version {} offer",
            p.version().number(),
            scenario.version()
        )),
        Ok(_) => {}
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "{want}: standard base64, x402Version {}",
            scenario.version()
        ))
    } else {
        Verdict::failed(problems.join("; "))
    }
}

fn judge_window(a: &Attempt, profile: Profile, skew: u64) -> Verdict {
    let Some((after, before)) = a.window() else {
        return Verdict::failed("the payment has no readable validity window");
    };
    let now = a.received;
    let limit = if profile == Profile::Go {
        3600
    } else {
        CLIENT_MAX_TIMEOUT
    };
    let mut problems = Vec::new();
    if after > now.saturating_add(skew) {
        problems.push(format!(
            "validAfter {after} is {} s in the future",
            after.saturating_sub(now)
        ));
    }
    if before < now.saturating_add(6).saturating_sub(skew) {
        problems.push(format!(
            "validBefore {before} leaves {} s; a facilitator needs at least 6 (protocol.md §4.7)",
            before.saturating_sub(now)
        ));
    }
    let upper = now
        .saturating_add(limit)
        .saturating_add(WINDOW_SLACK_SECS)
        .saturating_add(skew);
    if before > upper {
        problems.push(format!(
            "validBefore {before} is now + {} s, beyond maxTimeoutSeconds {limit}",
            before.saturating_sub(now)
        ));
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "validAfter now{}{} s, validBefore now + {} s",
            if after <= now { "-" } else { "+" },
            now.abs_diff(after),
            before.saturating_sub(now)
        ))
    } else {
        Verdict::failed(problems.join("; "))
    }
}

/// The command running this binary's built-in reference client.
pub fn reference_client_command(exe: &str, defects: &[String]) -> Vec<String> {
    let mut v = vec![
        exe.to_owned(),
        "reference-client".to_owned(),
        "{url}".to_owned(),
    ];
    for d in defects {
        v.push("--defect".to_owned());
        v.push(d.clone());
    }
    v
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
    use crate::case::VerdictKind;
    use x402_spec::client::{FixedNonce, pay_v2};
    use x402_spec::evm::LocalSigner;

    const NOW: u64 = 1_750_000_000;

    #[test]
    fn command_templates() {
        let t = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            command_for(&t(&["node", "c.js", "--url={url}"]), "http://x"),
            t(&["node", "c.js", "--url=http://x"])
        );
        assert_eq!(
            command_for(&t(&["curl"]), "http://x"),
            t(&["curl", "http://x"])
        );
    }

    /// A request carrying a payment signed by the x402-spec client for `offers[index]`, with the
    /// validity window that `max_timeout` gives.
    fn paid_request(offers: &[Value], index: usize, max_timeout: u64) -> HttpRequest {
        let mut signed_offers = offers.to_vec();
        signed_offers[index]["maxTimeoutSeconds"] = json!(max_timeout);
        let doc =
            json!({"x402Version": 2, "resource": {"url": "http://h/r"}, "accepts": signed_offers});
        let pr = v2_required(&doc);
        let payer =
            LocalSigner::from_bytes(&crate::server::reference::REFERENCE_PAYER_KEY).unwrap();
        let mut p = pay_v2(&payer, &pr, index, NOW, &mut FixedNonce([3; 32])).unwrap();
        // Echo the offer as served (the window was signed for max_timeout).
        let served =
            json!({"x402Version": 2, "resource": {"url": "http://h/r"}, "accepts": offers});
        p.accepted = v2_required(&served).accepts[index].clone();
        HttpRequest {
            method: "GET".into(),
            target: "/resource".into(),
            headers: vec![("payment-signature".into(), header::encode(&p).unwrap())],
            body: bytes::Bytes::new(),
            received_at: UNIX_EPOCH + Duration::from_secs(NOW),
        }
    }

    fn v2_required(doc: &Value) -> x402_spec::v2::PaymentRequired {
        x402_spec::v2::PaymentRequired::from_json(&serde_json::to_vec(doc).unwrap()).unwrap()
    }

    #[test]
    fn attempts_are_matched_verified_and_windowed() {
        let offers = offers(
            Scenario::V2Mixed,
            "http://h/r",
            "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
            U256::from(1_000_000u64),
        );
        let a = evaluate(&paid_request(&offers, 3, CLIENT_MAX_TIMEOUT), &offers, NOW).unwrap();
        assert_eq!(a.matched, Some(3));
        assert!(matches!(a.verdict, Judgement::Valid), "{:?}", a.verdict);
        assert_eq!(a.offered_raw, a.accepted_raw().unwrap());
        assert_eq!(
            judge_window(&a, Profile::Strict, 0).kind(),
            VerdictKind::Passed
        );
        // An hour-long window: too long for the spec, what the Go client signs.
        let long = evaluate(&paid_request(&offers, 3, 3600), &offers, NOW).unwrap();
        assert_eq!(
            judge_window(&long, Profile::Strict, 0).kind(),
            VerdictKind::Failed
        );
        assert_eq!(
            judge_window(&long, Profile::Go, 0).kind(),
            VerdictKind::Passed
        );
        assert_eq!(
            judge_header(&a, Scenario::V2Mixed).kind(),
            VerdictKind::Passed
        );
        assert_eq!(
            judge_header(&a, Scenario::V1Usdc).kind(),
            VerdictKind::Failed
        );
        let none = HttpRequest {
            headers: vec![],
            ..paid_request(&offers, 3, 1)
        };
        assert!(evaluate(&none, &offers, NOW).is_none());
    }
}
