//! Client cases (`x402-conformance client -- COMMAND {url}`).
//!
//! For every case the harness serves one 402 endpoint on its own loopback port (v1 or v2; several
//! offers with unknown schemes and networks mixed in; prices above the client's configured
//! maximum; a settlement that fails), runs the client command once with `{url}` replaced by the
//! endpoint's URL (appended when the command has no `{url}`), kills it if it outlives
//! `--timeout`, and judges **what the endpoint observed** — like h2spec, the client's exit code is
//! reported but never decides the verdict.
//!
//! What is checked (docs/protocol/transport.md §2.1–§2.4, §2.7, docs/protocol/evm.md §4.2, §4.3, §4.7; x402 v2 §5.2):
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
use crate::loopback::handler::{self, Handler, HttpReply, HttpRequest};
use crate::pay::AMOUNT;
use crate::profile::{Divergence, Profile, diverge};

mod runner;
pub use runner::*;
mod catalogue;
pub use catalogue::*;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests;

/// `maxTimeoutSeconds` of every offer (distinct from the SDK defaults 60, 300 and 3600, so that a
/// client ignoring it is visible).
pub const CLIENT_MAX_TIMEOUT: u64 = 120;
/// Base Sepolia USDC (docs/protocol/networks.md §5.2).
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

/// The paywalled route of one client case: the 402 the client must pay (not to be confused with
/// the facilitator `Endpoint` of `cases::facilitator::malformed`).
pub struct PaywalledRoute {
    scenario: Scenario,
    pay_to: String,
    max_amount: U256,
    log: Mutex<Vec<Observed>>,
    used_nonces: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for PaywalledRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaywalledRoute")
            .field("scenario", &self.scenario)
            .finish_non_exhaustive()
    }
}

fn unix_secs(t: std::time::SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl PaywalledRoute {
    /// An endpoint for `scenario`.
    pub fn new(scenario: Scenario, pay_to: String, max_amount: U256) -> PaywalledRoute {
        PaywalledRoute {
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
        let url = PaywalledRoute::url_of(request);
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

impl Handler for PaywalledRoute {
    fn handle(&self, request: HttpRequest) -> HttpReply {
        let url = PaywalledRoute::url_of(&request);
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
