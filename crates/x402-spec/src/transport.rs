//! HTTP transport rules that do not need a socket: where a 402 response carries its
//! `PaymentRequired`.
//!
//! v2 servers send the document in the `PAYMENT-REQUIRED` header (standard padded base64 of the
//! JSON; `specs/transports-v2/http.md`, docs/protocol/transport.md §2.3); v1 servers send it as the JSON body
//! (`specs/x402-specification-v1.md` §5). A v2 client reads the header first and only falls back
//! to a v1 body; it does not read a v2 document out of the body (docs/protocol/transport.md §2.4), so a v2
//! server that only fills the body is not payable by the reference clients.

use std::fmt;

use crate::error::ParseError;
use crate::header::{self, DecodeOptions};
use crate::{PaymentRequired, v1};

/// Why a 402 response does not carry a readable `PaymentRequired`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RequiredError {
    /// The `PAYMENT-REQUIRED` header does not decode or parse.
    Header(ParseError),
    /// The `PAYMENT-REQUIRED` header carries an `x402Version: 1` document; the header is v2-only.
    V1InHeader,
    /// No header, and the body is not JSON.
    BodyNotJson(String),
    /// No header, and the body is an `x402Version: 2` document: v2 travels in the header.
    V2InBody,
    /// No header, and the body has no `x402Version: 1`.
    NoDocument,
    /// No header, and the v1 body does not parse.
    V1Body(ParseError),
}

impl fmt::Display for RequiredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header(e) => write!(f, "PAYMENT-REQUIRED does not decode: {e}"),
            Self::V1InHeader => f.write_str(
                "PAYMENT-REQUIRED carries an x402Version 1 document; the header is v2-only (docs/protocol/transport.md §2.3)",
            ),
            Self::BodyNotJson(m) => write!(
                f,
                "no PAYMENT-REQUIRED header, and the body is not a v1 PaymentRequired: {m}"
            ),
            Self::V2InBody => f.write_str(
                "no PAYMENT-REQUIRED header: an x402 v2 server sends the PaymentRequired in that header, the body alone is not read by the TS client (docs/protocol/transport.md §2.3, §2.4)",
            ),
            Self::NoDocument => f.write_str(
                "no PAYMENT-REQUIRED header, and the body has no x402Version 1 (docs/protocol/transport.md §2.3)",
            ),
            Self::V1Body(e) => write!(f, "the v1 402 body does not parse: {e}"),
        }
    }
}

impl std::error::Error for RequiredError {}

/// Reads the `PaymentRequired` of a 402 response: the v2 `PAYMENT-REQUIRED` header (decoded with
/// `opts`) when present, otherwise a v1 JSON body.
///
/// # Errors
/// A [`RequiredError`] saying which of the two places failed and why.
pub fn read_payment_required(
    header_value: Option<&str>,
    body: &[u8],
    opts: DecodeOptions,
) -> Result<PaymentRequired, RequiredError> {
    if let Some(value) = header_value {
        return match header::decode_payment_required(value, opts) {
            Ok(PaymentRequired::V2(pr)) => Ok(PaymentRequired::V2(pr)),
            Ok(_) => Err(RequiredError::V1InHeader),
            Err(e) => Err(RequiredError::Header(e)),
        };
    }
    let json: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| RequiredError::BodyNotJson(e.to_string()))?;
    match json.get("x402Version").and_then(serde_json::Value::as_u64) {
        Some(1) => v1::PaymentRequired::from_json(body)
            .map(PaymentRequired::V1)
            .map_err(RequiredError::V1Body),
        Some(2) => Err(RequiredError::V2InBody),
        _ => Err(RequiredError::NoDocument),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const V2: &str = r#"{"x402Version":2,"resource":{"url":"https://api.example/r"},"accepts":[{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}]}"#;
    const V1: &str = r#"{"x402Version":1,"error":"","accepts":[{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"10000","resource":"https://api.example/r","description":"","mimeType":"application/json","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","extra":{"name":"USDC","version":"2"}}]}"#;

    #[test]
    fn v2_travels_in_the_header_and_v1_in_the_body() {
        let h = header::encode_bytes(V2.as_bytes());
        let got = read_payment_required(Some(&h), b"", DecodeOptions::strict()).unwrap();
        assert!(matches!(got, PaymentRequired::V2(_)));
        let got = read_payment_required(None, V1.as_bytes(), DecodeOptions::strict()).unwrap();
        assert!(matches!(got, PaymentRequired::V1(_)));
    }

    #[test]
    fn each_misplacement_has_its_own_error() {
        let h1 = header::encode_bytes(V1.as_bytes());
        assert_eq!(
            read_payment_required(Some(&h1), b"", DecodeOptions::strict()),
            Err(RequiredError::V1InHeader)
        );
        assert_eq!(
            read_payment_required(None, V2.as_bytes(), DecodeOptions::strict()),
            Err(RequiredError::V2InBody)
        );
        assert_eq!(
            read_payment_required(None, b"{}", DecodeOptions::strict()),
            Err(RequiredError::NoDocument)
        );
        assert!(matches!(
            read_payment_required(None, b"<html>", DecodeOptions::strict()),
            Err(RequiredError::BodyNotJson(_))
        ));
        assert!(matches!(
            read_payment_required(Some("%%%"), b"", DecodeOptions::strict()),
            Err(RequiredError::Header(_))
        ));
        assert!(matches!(
            read_payment_required(None, br#"{"x402Version":1}"#, DecodeOptions::strict()),
            Err(RequiredError::V1Body(_))
        ));
    }

    #[test]
    fn the_header_wins_over_the_body() {
        let h = header::encode_bytes(V2.as_bytes());
        let got = read_payment_required(Some(&h), V1.as_bytes(), DecodeOptions::strict()).unwrap();
        assert!(matches!(got, PaymentRequired::V2(_)));
    }
}

/// `Cache-Control` of a 402 or 412 answer and of a settlement failure (@x402/core 2.27.0
/// `PAYMENT_REQUIRED_CACHE_CONTROL`, x402 2.25.0 the same constant; docs/protocol/deployed.md §8).
pub const PAYMENT_REQUIRED_CACHE_CONTROL: &str = "no-store";

/// The HTTP status of an unpaid answer whose `PaymentRequired.error` is `error`: 412
/// Precondition Failed when the payer must first approve Permit2
/// (`permit2_allowance_required`), 402 otherwise (@x402/core 2.27.0 `createHTTPResponse`;
/// docs/protocol/deployed.md §8).
#[must_use]
pub fn payment_required_status(error: Option<&str>) -> u16 {
    if error == Some("permit2_allowance_required") {
        412
    } else {
        402
    }
}

/// Whether a `Cache-Control` value holds `directive` (case-insensitive, comma-separated list;
/// a directive's `=argument` is ignored).
#[must_use]
pub fn has_cache_directive(cache_control: &str, directive: &str) -> bool {
    cache_control.split(',').any(|d| {
        let name = d.split('=').next().unwrap_or("").trim();
        name.eq_ignore_ascii_case(directive)
    })
}

/// `Cache-Control` for an answer that carries `PAYMENT-RESPONSE`: the existing value with
/// `private` added when it is missing, so that no shared cache keeps a settlement receipt
/// (@x402/core 2.27.0 `withPrivateCacheControl`; docs/protocol/deployed.md §8).
#[must_use]
pub fn with_private_cache_control(existing: Option<&str>) -> String {
    match existing.map(str::trim) {
        None | Some("") => "private".to_owned(),
        Some(v) if has_cache_directive(v, "private") => v.to_owned(),
        Some(v) => format!("{v}, private"),
    }
}

/// A caching rule an answer breaks ([`check_cache_control`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheError {
    /// A 402/412 answer (or a settlement failure) that a cache may store.
    PaymentRequiredStorable {
        /// The `Cache-Control` value, if any.
        found: Option<String>,
    },
    /// A 2xx answer with `PAYMENT-RESPONSE` that a shared cache may store.
    ReceiptShared {
        /// The `Cache-Control` value, if any.
        found: Option<String>,
    },
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &Option<String>| match v {
            Some(v) => format!("Cache-Control {v:?}"),
            None => "no Cache-Control".to_owned(),
        };
        match self {
            Self::PaymentRequiredStorable { found } => write!(
                f,
                "{}: a payment-required answer must carry Cache-Control no-store (docs/protocol/deployed.md §8)",
                shown(found)
            ),
            Self::ReceiptShared { found } => write!(
                f,
                "{}: an answer with PAYMENT-RESPONSE must be private or no-store (docs/protocol/deployed.md §8)",
                shown(found)
            ),
        }
    }
}

impl std::error::Error for CacheError {}

/// The caching rules of the deployed servers, for an answer with `status`, whether it carries a
/// `PAYMENT-RESPONSE`, and its `Cache-Control` value:
/// - 402 and 412 answers carry `no-store` (a cached 402 would be replayed to a paying client);
/// - a 2xx answer with `PAYMENT-RESPONSE` carries `private` (or `no-store`), so that a shared
///   cache never serves one buyer's receipt to another.
///
/// Other answers are not constrained.
///
/// # Errors
/// The rule broken.
pub fn check_cache_control(
    status: u16,
    has_payment_response: bool,
    cache_control: Option<&str>,
) -> Result<(), CacheError> {
    let has = |d: &str| cache_control.is_some_and(|v| has_cache_directive(v, d));
    if matches!(status, 402 | 412) && !has("no-store") {
        return Err(CacheError::PaymentRequiredStorable {
            found: cache_control.map(str::to_owned),
        });
    }
    if (200..300).contains(&status) && has_payment_response && !has("private") && !has("no-store") {
        return Err(CacheError::ReceiptShared {
            found: cache_control.map(str::to_owned),
        });
    }
    Ok(())
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    #[test]
    fn directives_and_private_merge() {
        assert!(has_cache_directive("No-Store", "no-store"));
        assert!(has_cache_directive("max-age=60, private", "private"));
        assert!(!has_cache_directive("privately", "private"));
        assert_eq!(with_private_cache_control(None), "private");
        assert_eq!(with_private_cache_control(Some("")), "private");
        assert_eq!(
            with_private_cache_control(Some("max-age=60")),
            "max-age=60, private"
        );
        assert_eq!(
            with_private_cache_control(Some("PRIVATE, max-age=1")),
            "PRIVATE, max-age=1"
        );
    }

    #[test]
    fn caching_rules() {
        assert_eq!(check_cache_control(402, false, Some("no-store")), Ok(()));
        assert_eq!(
            check_cache_control(402, false, None),
            Err(CacheError::PaymentRequiredStorable { found: None })
        );
        assert!(check_cache_control(412, false, Some("private")).is_err());
        assert_eq!(check_cache_control(200, true, Some("private")), Ok(()));
        assert_eq!(check_cache_control(200, true, Some("no-store")), Ok(()));
        assert!(check_cache_control(200, true, Some("public, max-age=60")).is_err());
        assert_eq!(check_cache_control(200, false, None), Ok(()));
        assert_eq!(check_cache_control(500, false, None), Ok(()));
        assert_eq!(
            payment_required_status(Some("permit2_allowance_required")),
            412
        );
        assert_eq!(payment_required_status(Some("insufficient_funds")), 402);
        assert_eq!(payment_required_status(None), 402);
    }
}
