//! The reference resource server: one protected path answered as the x402 v2 HTTP transport says
//! (transports-v2/http.md; docs/protocol/transport.md §2), with payments verified and settled by an in-process
//! [`ReferenceBackend`] (x402-spec over the in-memory ledger). It is what `x402-conformance
//! server` tests when no `--url` is given, and what the server cases are proven against.
//!
//! - No `PAYMENT-SIGNATURE` → `402`, `PAYMENT-REQUIRED: base64(PaymentRequired)` (error
//!   `"Payment required"`), the same document as the JSON body, `Cache-Control: no-store`.
//! - An undecodable header, one that is not a payment payload, or a payload of another
//!   `x402Version` → `400 {"error": …}` ("Invalid payment", transports-v2/http.md status table;
//!   docs/protocol/disagreements.md #10 — TS and Python answer 402 instead, Go 400).
//! - A payment whose `accepted` deep-equals no offer → `402` with `PAYMENT-REQUIRED` (error
//!   `"No matching payment requirements"`; docs/protocol/transport.md §2.4, §2.5).
//! - `/verify` refuses → `402` with `PAYMENT-REQUIRED` whose `error` is the reason.
//! - `/settle` fails → `402` with `PAYMENT-RESPONSE` (success:false) and `PAYMENT-REQUIRED`.
//! - Success → `200 {"ok":true}` with `PAYMENT-RESPONSE: base64(SettleResponse)`.
//! - Every answer exposes `PAYMENT-REQUIRED, PAYMENT-RESPONSE` to browsers
//!   (`Access-Control-Expose-Headers`, docs/protocol/transport.md §2.6); no `Settlement-Overrides` is ever sent
//!   (it is a handler → middleware header, docs/protocol/transport.md §2.1).
//!
//! - A facilitator that fails (an error status, an answer that is not a verify or settle response,
//!   no answer within the link's timeout) → `502` (`504` on a timeout) with a JSON error; the
//!   resource is not served. `settlement_pending` is retried once with the identical request
//!   (docs/protocol/deployed.md §2); a second pending answer is a failure (`402`).
//!
//! The facilitator is reached in process or over HTTP ([`FacilitatorLink`]); the harness's
//! fault-injecting facilitator ([`crate::reference::faults`]) is reached over HTTP.
//!
//! Each [`ResourceDefect`] changes exactly one of these behaviours.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use alloy_primitives::U256;
use serde_json::{Value, json};
use x402_spec::common::{Scheme, TimeoutSeconds};
use x402_spec::facilitator::{SettleOutcome, SettleResponse, VerifyResponse};
use x402_spec::header::{self, DecodeOptions, PAYMENT_REQUIRED, PAYMENT_RESPONSE};
use x402_spec::primitives::{Address as WireAddress, DecimalU256, EvmAddress, Network};
use x402_spec::transport;
use x402_spec::v2::{self, NonEmpty, ResourceInfo};
use x402_spec::verify::matching::{MatchMode, find_match};
use x402_spec::wire::{Echoed, JsonObject};

use super::facilitator::ReferenceBackend;
use crate::loopback::FacilitatorBackend;
use crate::loopback::handler::{Handler, HttpReply, HttpRequest};
pub use crate::reference::defects::ResourceDefect;

/// The protected path of the reference resource server.
pub const REFERENCE_PAID_PATH: &str = "/paid";
/// What one request to it costs (atomic units of Base Sepolia USDC: 0.001 USDC).
pub const REFERENCE_PRICE: u64 = 1000;
/// `maxTimeoutSeconds` of its offers (the TS and Python default, docs/protocol/evm.md §4.7).
pub const REFERENCE_MAX_TIMEOUT: u64 = 300;

/// Why the reference resource server could not be set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError(pub String);

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reference resource server: {}", self.0)
    }
}

impl std::error::Error for ResourceError {}

/// How the reference resource server reaches its facilitator.
#[derive(Clone)]
pub enum FacilitatorLink {
    /// Calls the backend in process (no HTTP).
    InProcess(Arc<dyn FacilitatorBackend>),
    /// `POST {base}/verify` and `POST {base}/settle` over HTTP, each bounded by `timeout`.
    Http {
        /// `http://HOST:PORT` (no trailing slash).
        base: String,
        /// Deadline of one call.
        timeout: Duration,
    },
}

impl fmt::Debug for FacilitatorLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FacilitatorLink::InProcess(_) => f.write_str("InProcess"),
            FacilitatorLink::Http { base, timeout } => f
                .debug_struct("Http")
                .field("base", base)
                .field("timeout", timeout)
                .finish(),
        }
    }
}

/// Why a facilitator call produced no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// No answer within the deadline.
    pub timed_out: bool,
    /// What happened.
    pub message: String,
}

impl FacilitatorLink {
    /// Sends `body` to `path` (`/verify` or `/settle`) and returns the status and body.
    ///
    /// The HTTP form runs the request on a thread of its own with a single-threaded runtime: a
    /// [`Handler`] is synchronous, and blocking the server's runtime from inside it could
    /// deadlock a current-thread runtime.
    pub fn call(&self, path: &'static str, body: &[u8]) -> Result<(u16, Vec<u8>), LinkError> {
        match self {
            FacilitatorLink::InProcess(b) => Ok(if path == "/verify" {
                b.verify(body)
            } else {
                b.settle(body)
            }),
            FacilitatorLink::Http { base, timeout } => {
                let body = bytes::Bytes::copy_from_slice(body);
                let run = move || -> Result<(u16, Vec<u8>), LinkError> {
                    let fail = |message: String| LinkError {
                        timed_out: false,
                        message,
                    };
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| fail(e.to_string()))?;
                    rt.block_on(async {
                        let client = crate::http::HttpClient::new(base, *timeout, 1024 * 1024)
                            .map_err(|e| fail(e.to_string()))?;
                        match client.post_json(path, body).await.response {
                            Ok(r) => Ok((r.status, r.body.to_vec())),
                            Err(e) => Err(LinkError {
                                timed_out: e.kind == crate::http::TransportErrorKind::Timeout,
                                message: e.to_string(),
                            }),
                        }
                    })
                };
                std::thread::scope(|s| {
                    s.spawn(run).join().unwrap_or_else(|_| {
                        Err(LinkError {
                            timed_out: false,
                            message: "the facilitator call panicked".to_owned(),
                        })
                    })
                })
            }
        }
    }
}

/// The reference resource server.
pub struct ReferenceResource {
    facilitator: FacilitatorLink,
    offers: Vec<Echoed<v2::PaymentRequirements>>,
    defects: BTreeSet<ResourceDefect>,
}

impl fmt::Debug for ReferenceResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReferenceResource")
            .field("offers", &self.offers.len())
            .field("defects", &self.defects)
            .finish_non_exhaustive()
    }
}

fn evm(s: &str) -> Result<EvmAddress, ResourceError> {
    EvmAddress::parse(s).map_err(|e| ResourceError(e.to_string()))
}

/// The offered requirement: `exact` EIP-3009 Base Sepolia USDC, [`REFERENCE_PRICE`], to `pay_to`.
fn offer(
    pay_to: EvmAddress,
    defects: &BTreeSet<ResourceDefect>,
) -> Result<Echoed<v2::PaymentRequirements>, ResourceError> {
    let network = Network::parse("eip155:84532").map_err(|e| ResourceError(e.to_string()))?;
    let usdc = evm("0x036CbD53842c5426634e7929541eC2318f3dCF7e")?;
    let timeout = TimeoutSeconds::new(REFERENCE_MAX_TIMEOUT)
        .ok_or_else(|| ResourceError("zero timeout".to_owned()))?;
    let mut r = v2::PaymentRequirements::new(
        Scheme::EXACT,
        network,
        DecimalU256::new(U256::from(REFERENCE_PRICE)),
        WireAddress::Evm(usdc),
        WireAddress::Evm(pay_to),
        timeout,
    );
    let mut extra = JsonObject::new();
    if !defects.contains(&ResourceDefect::MissingEip712Domain) {
        extra.insert("name".to_owned(), json!("USDC"));
        extra.insert("version".to_owned(), json!("2"));
    }
    if defects.contains(&ResourceDefect::UnsupportedFlow) {
        // EIP-3009 exact supports authorization and upfront only (docs/protocol/deployed.md §1).
        extra.insert(
            x402_spec::flow::PAYMENT_FLOW_KEY.to_owned(),
            json!("escrow"),
        );
    }
    r.extra = Some(extra);
    let mut value = serde_json::to_value(&r).map_err(|e| ResourceError(e.to_string()))?;
    if defects.contains(&ResourceDefect::LowercaseAddresses)
        && let Some(o) = value.as_object_mut()
    {
        for k in ["payTo", "asset"] {
            if let Some(Value::String(s)) = o.get_mut(k) {
                *s = s.to_ascii_lowercase();
            }
        }
    }
    let text = serde_json::to_vec(&value).map_err(|e| ResourceError(e.to_string()))?;
    serde_json::from_slice(&text).map_err(|e| ResourceError(e.to_string()))
}

impl ReferenceResource {
    /// A resource server paid to `pay_to`, settling through `facilitator` in process.
    pub fn new(
        facilitator: Arc<ReferenceBackend>,
        pay_to: EvmAddress,
        defects: BTreeSet<ResourceDefect>,
    ) -> Result<ReferenceResource, ResourceError> {
        ReferenceResource::with_link(FacilitatorLink::InProcess(facilitator), pay_to, defects)
    }

    /// A resource server paid to `pay_to`, settling through `facilitator`.
    pub fn with_link(
        facilitator: FacilitatorLink,
        pay_to: EvmAddress,
        defects: BTreeSet<ResourceDefect>,
    ) -> Result<ReferenceResource, ResourceError> {
        let offers = vec![offer(pay_to, &defects)?];
        Ok(ReferenceResource {
            facilitator,
            offers,
            defects,
        })
    }

    /// The offered requirements.
    pub fn offers(&self) -> &[Echoed<v2::PaymentRequirements>] {
        &self.offers
    }

    fn has(&self, d: ResourceDefect) -> bool {
        self.defects.contains(&d)
    }

    fn payment_required(&self, request: &HttpRequest, error: &str) -> HttpReply {
        let url = format!(
            "http://{}{}",
            request.header("host").unwrap_or("127.0.0.1"),
            request.path()
        );
        let mut resource = match ResourceInfo::new(&url) {
            Ok(r) => r,
            Err(_) => return HttpReply::json(500, &json!({ "error": "bad resource URL" })),
        };
        resource.description = Some("x402-conformance reference resource".to_owned());
        resource.mime_type = Some("application/json".to_owned());
        let Some(accepts) = NonEmpty::new(self.offers.clone()) else {
            return HttpReply::json(500, &json!({ "error": "no offer" }));
        };
        let mut pr = v2::PaymentRequired::new(resource, accepts);
        pr.error = Some(error.to_owned());
        pr.extensions = Some(self.bazaar());
        let body = serde_json::to_value(&pr).unwrap_or(Value::Null);
        let encoded = header::encode(&pr).unwrap_or_default();
        let mut reply = HttpReply::json(402, &body).with_header(PAYMENT_REQUIRED, encoded);
        if !self.has(ResourceDefect::Cacheable) {
            reply = reply.with_header("cache-control", transport::PAYMENT_REQUIRED_CACHE_CONTROL);
        }
        self.cors(reply)
    }

    /// The bazaar discovery extension of the 402: how to call the resource and what it returns,
    /// with a self-contained schema (an external `$ref` with the `external-schema-ref` defect).
    fn bazaar(&self) -> v2::Extensions {
        let output_ref = if self.has(ResourceDefect::ExternalSchemaRef) {
            "https://schemas.example.com/x402/output.json"
        } else {
            "#/$defs/output"
        };
        let mut ext = v2::Extensions::default();
        ext.insert(
            "bazaar",
            json!({
                "info": {
                    "input": { "type": "http", "method": "GET" },
                    "output": { "type": "json", "example": { "ok": true } }
                },
                "schema": {
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "type": "object",
                    "properties": {
                        "input": {
                            "type": "object",
                            "properties": { "type": { "const": "http" }, "method": { "const": "GET" } },
                            "required": ["type", "method"]
                        },
                        "output": { "$ref": output_ref }
                    },
                    "required": ["input"],
                    "$defs": {
                        "output": { "type": "object", "properties": { "type": { "type": "string" } } }
                    }
                }
            }),
        );
        ext
    }

    fn cors(&self, reply: HttpReply) -> HttpReply {
        if self.has(ResourceDefect::NoCorsExpose) {
            reply
        } else {
            reply.with_header(
                "access-control-expose-headers",
                "PAYMENT-REQUIRED, PAYMENT-RESPONSE",
            )
        }
    }

    fn invalid(&self, message: String) -> HttpReply {
        if self.has(ResourceDefect::Garbage500) {
            return HttpReply::json(500, &json!({ "error": "internal error" }));
        }
        self.cors(HttpReply::json(
            400,
            &json!({ "error": format!("Invalid payment: {message}") }),
        ))
    }

    fn paid(&self, request: &HttpRequest, value: &str) -> HttpReply {
        let text = match header::decode_text(value, DecodeOptions::strict()) {
            Ok(t) => t,
            Err(e) => return self.invalid(format!("PAYMENT-SIGNATURE does not decode: {e}")),
        };
        let payment = match x402_spec::PaymentPayload::from_json(text.as_bytes()) {
            Ok(x402_spec::PaymentPayload::V2(p)) => p,
            Ok(_) => {
                return self.invalid(
                    "an x402Version 1 payload in PAYMENT-SIGNATURE; this server speaks x402 v2"
                        .to_owned(),
                );
            }
            Err(e) => return self.invalid(format!("not a payment payload: {e}")),
        };
        let index = match find_match(&self.offers, &payment, MatchMode::ExtraSubset) {
            Some(i) => i,
            None if self.has(ResourceDefect::IgnoreMatching) => 0,
            None => return self.payment_required(request, "No matching payment requirements"),
        };
        let Some(offered) = self.offers.get(index) else {
            return self.payment_required(request, "No matching payment requirements");
        };
        let payload: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let body = json!({
            "x402Version": 2,
            "paymentPayload": payload,
            "paymentRequirements": serde_json::from_str::<Value>(offered.raw_json()).unwrap_or(Value::Null),
        });
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        if !self.has(ResourceDefect::SettleWithoutVerify) {
            match self.facilitator.call("/verify", &bytes) {
                Ok((status, verified)) => match VerifyResponse::from_json(&verified) {
                    Ok(v) if v.is_valid && status == 200 => {}
                    Ok(v) if !v.is_valid => {
                        let reason = v
                            .invalid_reason
                            .map(|r| r.as_str().to_owned())
                            .unwrap_or_else(|| "invalid payment".to_owned());
                        return self.payment_required(request, &reason);
                    }
                    Ok(_) if self.has(ResourceDefect::FailOpen) => {}
                    Ok(_) => {
                        return self.facilitator_failed(&format!(
                            "/verify answered HTTP {status} with isValid true"
                        ));
                    }
                    Err(_) if self.has(ResourceDefect::FailOpen) => {}
                    Err(e) => {
                        return self.facilitator_failed(&format!(
                            "/verify answered HTTP {status}, not a verify response: {e}"
                        ));
                    }
                },
                Err(_) if self.has(ResourceDefect::FailOpen) => {}
                Err(e) => return self.facilitator_unreachable(&e),
            }
        }
        let settled = if self.has(ResourceDefect::SkipSettlement) {
            let made_up = SettleResponse::success(
                format!("0x{}", "ab".repeat(32)),
                x402_spec::common::AnyNetwork::Caip2(offered.network.clone()),
                None,
            );
            serde_json::to_vec(&made_up).unwrap_or_default()
        } else {
            match self.settle_with_pending_retry(&bytes) {
                Ok((200, settled)) => settled,
                Ok(_) | Err(_) if self.has(ResourceDefect::FailOpen) => {
                    return self.served(None);
                }
                Ok((status, settled)) => {
                    // A failed settlement may come with a settle response and an error status.
                    if SettleResponse::from_json(&settled).is_ok_and(|r| !r.success) {
                        settled
                    } else {
                        return self.facilitator_failed(&format!("/settle answered HTTP {status}"));
                    }
                }
                Err(e) => return self.facilitator_unreachable(&e),
            }
        };
        let mut response = match SettleResponse::from_json(&settled) {
            Ok(r) => r,
            Err(_) if self.has(ResourceDefect::FailOpen) => return self.served(None),
            Err(e) => {
                return self.facilitator_failed(&format!("/settle: not a settle response: {e}"));
            }
        };
        if self.has(ResourceDefect::SettleTwice) && response.success {
            // "To be sure": the same settlement sent again after it succeeded.
            let _ = self.facilitator.call("/settle", &bytes);
        }
        if self.has(ResourceDefect::LeakExtensionResponses) {
            response.unknown.insert(
                SettleResponse::EXTENSION_RESPONSES_MEMBER.to_owned(),
                json!({ "bazaar": { "status": "success" } }),
            );
        }
        // The facilitator's side channel never reaches the buyer (docs/protocol/deployed.md §3);
        // otherwise the facilitator's bytes are forwarded as they came.
        let encoded = if self.has(ResourceDefect::LeakExtensionResponses) {
            header::encode_bytes(&serde_json::to_vec(&response).unwrap_or_default())
        } else if response.leaks_extension_responses() {
            header::encode_bytes(&serde_json::to_vec(&response.buyer_facing()).unwrap_or_default())
        } else {
            header::encode_bytes(&settled)
        };
        let serve_pending = self.has(ResourceDefect::ServeOnPending)
            && response.outcome() == SettleOutcome::Pending;
        if !response.success && !serve_pending {
            let reason = response
                .error_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_else(|| "settlement failed".to_owned());
            return self
                .payment_required(request, &reason)
                .with_header(PAYMENT_RESPONSE, encoded);
        }
        self.served(Some(encoded))
    }

    /// The paid answer: `200 {"ok":true}` with `PAYMENT-RESPONSE: encoded` when there is one.
    fn served(&self, encoded: Option<String>) -> HttpReply {
        let mut reply = HttpReply::json(200, &json!({ "ok": true }));
        if let Some(encoded) = encoded
            && !self.has(ResourceDefect::NoPaymentResponse)
        {
            reply = reply.with_header(PAYMENT_RESPONSE, encoded);
        }
        if !self.has(ResourceDefect::Cacheable) {
            reply = reply.with_header("cache-control", transport::with_private_cache_control(None));
        }
        if self.has(ResourceDefect::LeakSettlementOverrides) {
            reply = reply.with_header("settlement-overrides", r#"{"amount":"1000"}"#);
        }
        if self.has(ResourceDefect::LeakExtensionResponses) {
            reply = reply.with_header(
                header::EXTENSION_RESPONSES,
                header::encode_bytes(br#"{"bazaar":{"status":"success"}}"#),
            );
        }
        self.cors(reply)
    }

    /// `502` for a facilitator that answered something unusable; the resource is not served.
    fn facilitator_failed(&self, what: &str) -> HttpReply {
        self.cors(HttpReply::json(
            502,
            &json!({ "error": format!("facilitator error: {what}") }),
        ))
    }

    /// `504` for a facilitator that did not answer in time, `502` for one that could not be
    /// reached; the resource is not served.
    fn facilitator_unreachable(&self, e: &LinkError) -> HttpReply {
        let status = if e.timed_out { 504 } else { 502 };
        self.cors(HttpReply::json(
            status,
            &json!({ "error": format!("facilitator unreachable: {}", e.message) }),
        ))
    }

    /// Settles through the facilitator and, as @x402/core 2.27.0 and x402 2.25.0 servers do,
    /// sends the identical request exactly once more when the answer is `settlement_pending`
    /// with a transaction ([`SettleOutcome::Pending`]); the second answer is final
    /// (docs/protocol/deployed.md §2).
    fn settle_with_pending_retry(&self, request: &[u8]) -> Result<(u16, Vec<u8>), LinkError> {
        let first = self.facilitator.call("/settle", request)?;
        let pending = SettleResponse::from_json(&first.1)
            .is_ok_and(|r| r.outcome() == SettleOutcome::Pending);
        if pending
            && !self.has(ResourceDefect::NoPendingRetry)
            && !self.has(ResourceDefect::ServeOnPending)
        {
            self.facilitator.call("/settle", request)
        } else {
            Ok(first)
        }
    }
}

impl Handler for ReferenceResource {
    fn handle(&self, request: HttpRequest) -> HttpReply {
        if request.path() != REFERENCE_PAID_PATH {
            return HttpReply::json(404, &json!({ "error": "not found" }));
        }
        // A v2 server reads only PAYMENT-SIGNATURE; X-PAYMENT is not a v2 header (docs/protocol/transport.md §2.4).
        match request.header(header::PAYMENT_SIGNATURE).map(str::to_owned) {
            None => self.payment_required(&request, "Payment required"),
            Some(value) => self.paid(&request, &value),
        }
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
    use crate::reference::facilitator::REFERENCE_PAYER_KEY;
    use x402_spec::client::{FixedNonce, pay_v2};
    use x402_spec::evm::LocalSigner;

    fn server(defects: &[ResourceDefect]) -> ReferenceResource {
        let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
        let backend = Arc::new(ReferenceBackend::new(payer.address(), BTreeSet::new()).unwrap());
        ReferenceResource::new(
            backend,
            EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
            defects.iter().copied().collect(),
        )
        .unwrap()
    }

    fn get(headers: Vec<(String, String)>) -> HttpRequest {
        let mut h = vec![("host".to_owned(), "127.0.0.1:1".to_owned())];
        h.extend(headers);
        HttpRequest {
            method: "GET".into(),
            target: REFERENCE_PAID_PATH.into(),
            headers: h,
            body: bytes::Bytes::new(),
            received_at: std::time::SystemTime::now(),
        }
    }

    #[test]
    fn unpaid_invalid_paid_and_replayed() {
        let s = server(&[]);
        let r = s.handle(get(vec![]));
        assert_eq!(r.status, 402);
        let pr = header::decode_payment_required(
            r.header(PAYMENT_REQUIRED).unwrap(),
            DecodeOptions::strict(),
        )
        .unwrap();
        let x402_spec::PaymentRequired::V2(pr) = pr else {
            panic!()
        };
        assert_eq!(pr.accepts[0].raw_json(), s.offers()[0].raw_json());
        let bad = s.handle(get(vec![("payment-signature".into(), "%%%".into())]));
        assert_eq!(bad.status, 400);
        let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
        let now = crate::ctx::unix_now();
        let p = pay_v2(&payer, &pr, 0, now, &mut FixedNonce([9; 32])).unwrap();
        let value = header::encode(&p).unwrap();
        let ok = s.handle(get(vec![("payment-signature".into(), value.clone())]));
        assert_eq!(ok.status, 200, "{ok:?}");
        let settled = header::decode_payment_response(
            ok.header(PAYMENT_RESPONSE).unwrap(),
            DecodeOptions::strict(),
        )
        .unwrap();
        assert!(settled.success);
        let replay = s.handle(get(vec![("payment-signature".into(), value)]));
        assert_eq!(replay.status, 402, "the spent nonce fails /verify");
        assert!(replay.header(PAYMENT_REQUIRED).is_some());
        assert_eq!(s.handle(get(vec![])).header("settlement-overrides"), None);
    }

    #[test]
    fn defects_change_one_behaviour() {
        let g = server(&[ResourceDefect::Garbage500]);
        assert_eq!(
            g.handle(get(vec![("payment-signature".into(), "%%%".into())]))
                .status,
            500
        );
        let l = server(&[ResourceDefect::LowercaseAddresses]);
        assert!(
            l.offers()[0]
                .raw_json()
                .contains("0x036cbd53842c5426634e7929541ec2318f3dcf7e")
        );
        let m = server(&[ResourceDefect::MissingEip712Domain]);
        assert!(!m.offers()[0].raw_json().contains("\"name\""));
        let c = server(&[ResourceDefect::NoCorsExpose]);
        assert!(
            c.handle(get(vec![]))
                .header("access-control-expose-headers")
                .is_none()
        );
        for d in ResourceDefect::ALL {
            assert_eq!(d.name().parse::<ResourceDefect>().unwrap(), d);
        }
        assert!(ResourceDefect::help_text().contains("skip-settlement"));
    }
}
