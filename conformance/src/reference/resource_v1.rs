//! The reference x402 **v1** resource server: one protected path answered as the v1 HTTP
//! transport says (upstream `specs/transports-v1/http.md`: §Payment Required Signaling, §Payment
//! Payload Transmission, §Settlement Response Delivery, §Error Handling), settling through the same
//! [`FacilitatorLink`] as the v2 reference ([`super::resource`]). It is what the
//! `server/x-payment/*` cases are proven against (`x402-conformance server --reference-v1`), so
//! that the cases a v1-only server gets are shown to pass on a conforming one.
//!
//! - No `X-PAYMENT` → `402` with the JSON body `{x402Version: 1, error, accepts}` (v1 carries the
//!   requirements in the body; there is no `PAYMENT-REQUIRED` header).
//! - An undecodable header, one that is not a payment payload, or a payload of another
//!   `x402Version` → `400` with the same body shape and the reason in `error` ("Invalid
//!   Payment", §Error Handling).
//! - A payment whose scheme and network match no offer, or that the facilitator refuses → `402`
//!   with the body and the reason ("Payment Failed").
//! - A failed settlement → `402` with `X-PAYMENT-RESPONSE` (success:false) and the body.
//! - Success → `200 {"ok":true}` with `X-PAYMENT-RESPONSE: base64(SettleResponse)`.
//! - A facilitator that fails or cannot be reached → `502` (`504` on a timeout); not served.
//!
//! Of the [`ResourceDefect`]s, `garbage-500` (a 500 for every invalid header) and
//! `settle-without-verify` (no `/verify` before `/settle`) apply; the others are v2 behaviours.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Value, json};
use x402_spec::facilitator::{SettleResponse, VerifyResponse};
use x402_spec::header::{self, DecodeOptions, X_PAYMENT, X_PAYMENT_RESPONSE};
use x402_spec::primitives::EvmAddress;
use x402_spec::{transport, v1};

use super::resource::{
    FacilitatorLink, LinkError, REFERENCE_MAX_TIMEOUT, REFERENCE_PAID_PATH, REFERENCE_PRICE,
    ResourceError,
};
use crate::loopback::handler::{Handler, HttpReply, HttpRequest};
use crate::reference::defects::ResourceDefect;

/// The v1 network name of the reference offer (Base Sepolia, docs/protocol/networks.md §5.2).
pub const REFERENCE_V1_NETWORK: &str = "base-sepolia";

/// The reference v1 resource server.
pub struct ReferenceResourceV1 {
    facilitator: FacilitatorLink,
    pay_to: EvmAddress,
    defects: BTreeSet<ResourceDefect>,
}

impl fmt::Debug for ReferenceResourceV1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReferenceResourceV1")
            .field("defects", &self.defects)
            .finish_non_exhaustive()
    }
}

impl ReferenceResourceV1 {
    /// A v1 resource server paid to `pay_to`, settling through `facilitator`.
    ///
    /// # Errors
    /// [`ResourceError`] when the offer cannot be built (it always can for a valid address).
    pub fn with_link(
        facilitator: FacilitatorLink,
        pay_to: EvmAddress,
        defects: BTreeSet<ResourceDefect>,
    ) -> Result<ReferenceResourceV1, ResourceError> {
        let server = ReferenceResourceV1 {
            facilitator,
            pay_to,
            defects,
        };
        server.offer("http://127.0.0.1/paid")?;
        Ok(server)
    }

    fn has(&self, d: ResourceDefect) -> bool {
        self.defects.contains(&d)
    }

    /// The one offer: `exact` EIP-3009 USDC on `base-sepolia`, [`REFERENCE_PRICE`], for `url`.
    fn offer(&self, url: &str) -> Result<v1::PaymentRequirements, ResourceError> {
        let doc = json!({
            "scheme": "exact",
            "network": REFERENCE_V1_NETWORK,
            "maxAmountRequired": REFERENCE_PRICE.to_string(),
            "resource": url,
            "description": "x402-conformance reference v1 resource",
            "mimeType": "application/json",
            "payTo": self.pay_to.to_string(),
            "maxTimeoutSeconds": REFERENCE_MAX_TIMEOUT,
            "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
            "extra": { "name": "USDC", "version": "2" },
        });
        let text = serde_json::to_vec(&doc).map_err(|e| ResourceError(e.to_string()))?;
        v1::PaymentRequirements::from_json(&text).map_err(|e| ResourceError(e.to_string()))
    }

    fn url_of(request: &HttpRequest) -> String {
        format!(
            "http://{}{}",
            request.header("host").unwrap_or("127.0.0.1"),
            request.path()
        )
    }

    /// The v1 error body `{x402Version: 1, error, accepts}` with `status`.
    fn required(&self, request: &HttpRequest, status: u16, error: &str) -> HttpReply {
        let offer = match self.offer(&ReferenceResourceV1::url_of(request)) {
            Ok(o) => o,
            Err(e) => return HttpReply::json(500, &json!({ "error": e.to_string() })),
        };
        let reply = HttpReply::json(
            status,
            &json!({ "x402Version": 1, "error": error, "accepts": [offer] }),
        )
        .with_header("cache-control", transport::PAYMENT_REQUIRED_CACHE_CONTROL);
        ReferenceResourceV1::cors(reply)
    }

    /// Browsers may read the receipt (the requirements are in the body).
    fn cors(reply: HttpReply) -> HttpReply {
        reply.with_header("access-control-expose-headers", X_PAYMENT_RESPONSE)
    }

    fn invalid(&self, request: &HttpRequest, message: &str) -> HttpReply {
        if self.has(ResourceDefect::Garbage500) {
            return HttpReply::json(500, &json!({ "error": "internal error" }));
        }
        self.required(request, 400, &format!("Invalid payment: {message}"))
    }

    fn failed_link(e: &LinkError) -> HttpReply {
        HttpReply::json(
            if e.timed_out { 504 } else { 502 },
            &json!({ "error": format!("facilitator unreachable: {}", e.message) }),
        )
    }

    fn paid(&self, request: &HttpRequest, value: &str) -> HttpReply {
        let text = match header::decode_text(value, DecodeOptions::strict()) {
            Ok(t) => t,
            Err(e) => return self.invalid(request, &format!("X-PAYMENT does not decode: {e}")),
        };
        let payment = match x402_spec::PaymentPayload::from_json(text.as_bytes()) {
            Ok(x402_spec::PaymentPayload::V1(p)) => p,
            Ok(_) => {
                return self.invalid(
                    request,
                    "X-PAYMENT carries a payload of another x402Version; this server speaks x402 v1",
                );
            }
            Err(e) => return self.invalid(request, &format!("not a payment payload: {e}")),
        };
        let offer = match self.offer(&ReferenceResourceV1::url_of(request)) {
            Ok(o) => o,
            Err(e) => return HttpReply::json(500, &json!({ "error": e.to_string() })),
        };
        // v1 payloads name only scheme and network (upstream specs/x402-specification-v1.md §5.2).
        if payment.scheme != offer.scheme || payment.network != offer.network {
            return self.required(request, 402, "Unable to find matching payment requirements");
        }
        let body = json!({
            "x402Version": 1,
            "paymentPayload": serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
            "paymentRequirements": offer,
        });
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        if !self.has(ResourceDefect::SettleWithoutVerify) {
            match self.facilitator.call("/verify", &bytes) {
                Ok((200, verified)) => match VerifyResponse::from_json(&verified) {
                    Ok(v) if v.is_valid => {}
                    Ok(v) => {
                        let reason = v
                            .invalid_reason
                            .map(|r| r.as_str().to_owned())
                            .unwrap_or_else(|| "invalid payment".to_owned());
                        return self.required(request, 402, &reason);
                    }
                    Err(e) => {
                        return HttpReply::json(
                            502,
                            &json!({ "error": format!("facilitator error: /verify: {e}") }),
                        );
                    }
                },
                Ok((status, _)) => {
                    return HttpReply::json(
                        502,
                        &json!({ "error": format!("facilitator error: /verify answered HTTP {status}") }),
                    );
                }
                Err(e) => return ReferenceResourceV1::failed_link(&e),
            }
        }
        let settled = match self.facilitator.call("/settle", &bytes) {
            Ok((_, settled)) => settled,
            Err(e) => return ReferenceResourceV1::failed_link(&e),
        };
        let response = match SettleResponse::from_json(&settled) {
            Ok(r) => r,
            Err(e) => {
                return HttpReply::json(
                    502,
                    &json!({ "error": format!("facilitator error: /settle: {e}") }),
                );
            }
        };
        let encoded = header::encode_bytes(&settled);
        if !response.success {
            let reason = response
                .error_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_else(|| "settlement failed".to_owned());
            return self
                .required(request, 402, &reason)
                .with_header(X_PAYMENT_RESPONSE, encoded);
        }
        ReferenceResourceV1::cors(
            HttpReply::json(200, &json!({ "ok": true }))
                .with_header(X_PAYMENT_RESPONSE, encoded)
                .with_header("cache-control", transport::with_private_cache_control(None)),
        )
    }
}

impl Handler for ReferenceResourceV1 {
    fn handle(&self, request: HttpRequest) -> HttpReply {
        if request.path() != REFERENCE_PAID_PATH {
            return HttpReply::json(404, &json!({ "error": "not found" }));
        }
        // A v1 server reads only X-PAYMENT (upstream specs/transports-v1/http.md).
        match request.header(X_PAYMENT).map(str::to_owned) {
            None => self.required(&request, 402, "X-PAYMENT header is required"),
            Some(value) => self.paid(&request, &value),
        }
    }
}
