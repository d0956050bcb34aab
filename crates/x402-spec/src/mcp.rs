//! The MCP transport (`specs/transports-v2/mcp.md`; docs/protocol/transport.md §2.9).
//!
//! - An unpaid tool call returns a tool result with `isError: true`, the `PaymentRequired` object
//!   in `structuredContent` and its JSON text in `content[0].text`.
//! - The client retries with the `PaymentPayload` **object** (not base64) in
//!   `params._meta["x402/payment"]`.
//! - The `SettleResponse` comes back in `result._meta["x402/payment-response"]`.
//!
//! Values here are `serde_json::Value`s of the MCP envelopes; pointers in errors are relative to
//! the value passed in (`/structuredContent/accepts/0/...`, `/_meta/x402~1payment/...`).

use crate::error::{DocKind, ParseError, ParseErrorKind};
use crate::facilitator::SettleResponse;
use crate::{PaymentPayload, PaymentRequired, v2};

/// `_meta` key of the payment payload.
pub const META_PAYMENT: &str = "x402/payment";
/// `_meta` key of the settlement receipt.
pub const META_PAYMENT_RESPONSE: &str = "x402/payment-response";
/// JSON-RPC error code some clients use for "payment required".
pub const PAYMENT_REQUIRED_CODE: i64 = 402;

fn missing(pointer: &str, what: &str, doc: DocKind) -> ParseError {
    ParseError::new(
        doc.code_for(""),
        ParseErrorKind::MissingField,
        pointer,
        format!("missing {what}"),
    )
}

fn reparse<T>(
    value: &serde_json::Value,
    prefix: &str,
    parse: impl FnOnce(&[u8]) -> Result<T, ParseError>,
    doc: DocKind,
) -> Result<T, ParseError> {
    let bytes = serde_json::to_vec(value).map_err(|e| {
        ParseError::new(
            doc.code_for(""),
            ParseErrorKind::InvalidValue,
            prefix,
            e.to_string(),
        )
    })?;
    parse(&bytes).map_err(|e| e.under(prefix, doc))
}

/// Reads the `PaymentRequired` of an unpaid tool result (`structuredContent`).
///
/// # Errors
/// Missing `structuredContent`, or it does not parse.
pub fn payment_required_from_tool_result(
    result: &serde_json::Value,
) -> Result<PaymentRequired, ParseError> {
    let doc = DocKind::PaymentRequired;
    let sc = result
        .get("structuredContent")
        .ok_or_else(|| missing("/structuredContent", "structuredContent", doc))?;
    reparse(sc, "/structuredContent", PaymentRequired::from_json, doc)
}

/// Builds the unpaid tool result for a `PaymentRequired`.
///
/// # Errors
/// Only if serialization fails (never for this crate's types).
pub fn tool_result_for_payment_required(
    pr: &v2::PaymentRequired,
) -> Result<serde_json::Value, serde_json::Error> {
    let text = serde_json::to_string(pr)?;
    Ok(serde_json::json!({
        "isError": true,
        "structuredContent": serde_json::to_value(pr)?,
        "content": [ { "type": "text", "text": text } ]
    }))
}

/// Reads the payment from tool-call `params` (`params._meta["x402/payment"]`).
///
/// # Errors
/// Missing `_meta` entry, or the payload does not parse.
pub fn payment_from_params(params: &serde_json::Value) -> Result<PaymentPayload, ParseError> {
    let doc = DocKind::PaymentPayload;
    let p = params
        .get("_meta")
        .and_then(|m| m.get(META_PAYMENT))
        .ok_or_else(|| missing("/_meta/x402~1payment", "_meta[\"x402/payment\"]", doc))?;
    reparse(p, "/_meta/x402~1payment", PaymentPayload::from_json, doc)
}

/// Inserts a payment into tool-call `params._meta` (creating `_meta` if needed).
///
/// # Errors
/// `params` or its `_meta` is not an object, or serialization fails.
pub fn attach_payment(
    params: &mut serde_json::Value,
    payment: &PaymentPayload,
) -> Result<(), serde_json::Error> {
    insert_meta(params, META_PAYMENT, serde_json::to_value(payment)?)
}

/// Reads the settlement receipt from a tool result (`_meta["x402/payment-response"]`).
///
/// # Errors
/// Missing entry, or it does not parse.
pub fn receipt_from_result(result: &serde_json::Value) -> Result<SettleResponse, ParseError> {
    let doc = DocKind::FacilitatorResponse;
    let r = result
        .get("_meta")
        .and_then(|m| m.get(META_PAYMENT_RESPONSE))
        .ok_or_else(|| {
            missing(
                "/_meta/x402~1payment-response",
                "_meta[\"x402/payment-response\"]",
                doc,
            )
        })?;
    reparse(
        r,
        "/_meta/x402~1payment-response",
        SettleResponse::from_json,
        doc,
    )
}

/// Inserts a settlement receipt into a tool result's `_meta`.
///
/// # Errors
/// `result` or its `_meta` is not an object, or serialization fails.
pub fn attach_receipt(
    result: &mut serde_json::Value,
    receipt: &SettleResponse,
) -> Result<(), serde_json::Error> {
    insert_meta(
        result,
        META_PAYMENT_RESPONSE,
        serde_json::to_value(receipt)?,
    )
}

fn insert_meta(
    target: &mut serde_json::Value,
    key: &str,
    value: serde_json::Value,
) -> Result<(), serde_json::Error> {
    let not_object =
        || <serde_json::Error as serde::ser::Error>::custom("MCP envelope must be a JSON object");
    let obj = target.as_object_mut().ok_or_else(not_object)?;
    let meta = obj
        .entry("_meta")
        .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
    meta.as_object_mut()
        .ok_or_else(not_object)?
        .insert(key.to_owned(), value);
    Ok(())
}
