//! `wire.json`: parsing of every wire type with x402-spec, both protocol versions.
//!
//! Documents with a `from_json` entry point (the envelopes, the facilitator bodies) are parsed
//! from their bytes (`documentText` when the spelling matters). Sub-documents are parsed the way
//! x402-spec reads them inside an envelope: scheme payloads and extension envelopes through
//! `Extensions::get` (the crate's typed-view decoder, errors re-rooted at the document), and
//! requirement extras through `EvmExtra::from_extra` / `SvmExtra::from_extra`.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use x402_spec::error::ParseError;
use x402_spec::extensions::{
    Bazaar, Eip2612GasSponsoring, Erc20ApprovalGasSponsoring, PaymentIdentifier,
};
use x402_spec::extra::{EvmExtra, SvmExtra};
use x402_spec::facilitator::{
    DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedKind, SupportedResponse,
    VerifyResponse,
};
use x402_spec::schemes::{
    ExactEip3009Payload, ExactPermit2Payload, ExactSvmPayload, UptoPermit2Payload,
};
use x402_spec::v2::{ExtensionEnvelope, Extensions, ResourceInfo};
use x402_spec::{v1, v2};

use crate::VectorError;
use crate::fixtures::{
    Auth, FACILITATOR, PAY_TO, PAYER, PERMIT2, Permit, USDC_BASE_SEPOLIA, resource,
};
use crate::format::{Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, note};

const TOPIC: &str = "wire";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &["expected", "reason", "errorPath", "errorKind"];

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, VectorError> {
    serde_json::to_value(v).map_err(|e| VectorError::Crate(format!("serialize: {e}")))
}

fn from_json<T: serde::Serialize>(
    bytes: &[u8],
    parse: fn(&[u8]) -> Result<T, ParseError>,
) -> Result<Result<Value, ParseError>, VectorError> {
    match parse(bytes) {
        Ok(v) => to_value(&v).map(Ok),
        Err(e) => Ok(Err(e)),
    }
}

/// Parses `doc` as `T` through `Extensions::get` under `key`, re-rooting the error pointer.
fn via_extensions<T: DeserializeOwned + serde::Serialize>(
    doc: &Value,
    key: &str,
) -> Result<Result<Value, ParseError>, VectorError> {
    let mut map = Obj::new();
    map.insert(key.to_owned(), doc.clone());
    let prefix = format!("/extensions/{key}");
    match Extensions(map).get::<T>(key) {
        Ok(Some(v)) => to_value(&v).map(Ok),
        Ok(None) => Err(VectorError::Crate("extension vanished".into())),
        Err(e) => Ok(Err(reroot(e, &prefix))),
    }
}

fn reroot(e: ParseError, prefix: &str) -> ParseError {
    let p = e
        .pointer()
        .strip_prefix(prefix)
        .unwrap_or(e.pointer())
        .to_owned();
    ParseError::new(e.code().clone(), e.kind(), p, e.message())
}

fn extra<T: serde::Serialize>(
    doc: &Value,
    parse: fn(Option<&Obj>) -> Result<T, ParseError>,
) -> Result<Result<Value, ParseError>, VectorError> {
    let obj = doc
        .as_object()
        .ok_or_else(|| VectorError::Input("an extra document must be an object".into()))?;
    match parse(Some(obj)) {
        Ok(v) => to_value(&v).map(Ok),
        Err(e) => Ok(Err(reroot(e, "/extra"))),
    }
}

fn parse(
    ty: &str,
    version: u64,
    doc: &Value,
    bytes: &[u8],
) -> Result<Result<Value, ParseError>, VectorError> {
    match (ty, version) {
        ("PaymentRequired", 1) => from_json(bytes, v1::PaymentRequired::from_json),
        ("PaymentRequired", _) => from_json(bytes, v2::PaymentRequired::from_json),
        ("PaymentRequirements", 1) => from_json(bytes, v1::PaymentRequirements::from_json),
        ("PaymentRequirements", _) => from_json(bytes, v2::PaymentRequirements::from_json),
        ("PaymentPayload", 1) => from_json(bytes, v1::PaymentPayload::from_json),
        ("PaymentPayload", _) => from_json(bytes, v2::PaymentPayload::from_json),
        ("VerifyRequest" | "SettleRequest", _) => from_json(bytes, FacilitatorRequest::from_json),
        ("VerifyResponse", _) => from_json(bytes, VerifyResponse::from_json),
        ("SettleResponse", _) => from_json(bytes, SettleResponse::from_json),
        ("SupportedResponse", _) => from_json(bytes, SupportedResponse::from_json),
        ("DiscoveryResponse", _) => from_json(bytes, DiscoveryResponse::from_json),
        ("ResourceInfo", _) => via_extensions::<ResourceInfo>(doc, "document"),
        ("ExtensionEnvelope", _) => via_extensions::<ExtensionEnvelope>(doc, "document"),
        ("SupportedKind", _) => via_extensions::<SupportedKind>(doc, "document"),
        ("ExactEip3009Payload", _) => via_extensions::<ExactEip3009Payload>(doc, "payload"),
        ("ExactPermit2Payload", _) => via_extensions::<ExactPermit2Payload>(doc, "payload"),
        ("UptoPermit2Payload", _) => via_extensions::<UptoPermit2Payload>(doc, "payload"),
        ("ExactSvmPayload", _) => via_extensions::<ExactSvmPayload>(doc, "payload"),
        ("EvmExtra", _) => extra(doc, EvmExtra::from_extra),
        ("SvmExtra", _) => extra(doc, SvmExtra::from_extra),
        ("PaymentIdentifier", _) => via_extensions::<PaymentIdentifier>(doc, "payment-identifier"),
        ("Bazaar", _) => via_extensions::<Bazaar>(doc, "bazaar"),
        ("Eip2612GasSponsoring", _) => {
            via_extensions::<Eip2612GasSponsoring>(doc, "eip2612GasSponsoring")
        }
        ("Erc20ApprovalGasSponsoring", _) => {
            via_extensions::<Erc20ApprovalGasSponsoring>(doc, "erc20ApprovalGasSponsoring")
        }
        (other, _) => Err(VectorError::Input(format!("unknown wire type {other}"))),
    }
}

/// Parses the test's `document` (or `documentText`) as the group's type and version.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let ty = crate::format::str_field(group, "type")?;
    let version = crate::format::u64_field(group, "x402Version")?;
    let (doc, bytes) = match (
        test.get("document"),
        test.get("documentText").and_then(Value::as_str),
    ) {
        (Some(d), None) => (
            d.clone(),
            serde_json::to_vec(d).map_err(|e| VectorError::Input(e.to_string()))?,
        ),
        (None, Some(t)) => (
            serde_json::from_str(t).unwrap_or(Value::Null),
            t.as_bytes().to_vec(),
        ),
        _ => {
            return Err(VectorError::Input(
                "exactly one of document / documentText".into(),
            ));
        }
    };
    let mut fields = Obj::new();
    let accepted = match parse(ty, version, &doc, &bytes)? {
        Ok(normalized) => {
            fields.insert("expected".into(), json!({ "normalized": normalized }));
            true
        }
        Err(e) => {
            fields.insert("reason".into(), e.code().as_str().into());
            fields.insert("errorPath".into(), e.pointer().into());
            fields.insert("errorKind".into(), e.kind().as_str().into());
            false
        }
    };
    Ok(Outcome { accepted, fields })
}

fn wt(id: &str, comment: &str, doc: Value) -> Case {
    case(format!("wire/{id}"), comment).input("document", doc)
}

fn wtext(id: &str, comment: &str, text: &str) -> Case {
    case(format!("wire/{id}"), comment).input("documentText", text)
}

fn finish(ty: &str, version: u64, cases: Vec<Case>) -> Result<Value, VectorError> {
    let g = json!({ "type": ty, "x402Version": version });
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&g, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(g, tests))
}

fn with(v: &Value, key: &str, value: Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
    v
}

fn without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.shift_remove(key);
    }
    v
}

/// The Base Sepolia USDC `exact` requirements of the spec examples.
pub(crate) fn req_v2() -> Value {
    json!({
        "scheme": "exact", "network": "eip155:84532", "amount": "10000",
        "asset": USDC_BASE_SEPOLIA, "payTo": PAY_TO, "maxTimeoutSeconds": 60,
        "extra": { "name": "USDC", "version": "2" }
    })
}

fn req_v1() -> Value {
    json!({
        "scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000",
        "resource": "https://api.example.com/premium-data", "description": "Access to premium market data",
        "mimeType": "application/json", "payTo": PAY_TO, "maxTimeoutSeconds": 60,
        "asset": USDC_BASE_SEPOLIA, "extra": { "name": "USDC", "version": "2" }
    })
}

fn decode_spec(b64: &str) -> Result<Value, VectorError> {
    let text = x402_spec::header::decode_text(b64, x402_spec::header::DecodeOptions::strict())
        .map_err(|e| VectorError::Case(format!("spec example: {e}")))?;
    serde_json::from_str(&text).map_err(|e| VectorError::Case(format!("spec example: {e}")))
}

fn payload_3009() -> Value {
    json!({
        "signature": crate::fixtures::SPEC_SIGNATURE,
        "authorization": Auth { from: crate::fixtures::SPEC_PAYER.into(), ..Auth::standard() }.json(),
    })
}

fn groups() -> Result<Vec<Value>, VectorError> {
    let req = req_v2();
    let spec_pp = decode_spec(crate::topics::headers::SPEC_PS)?;
    let spec_pr = json!({
        "x402Version": 2, "error": "PAYMENT-SIGNATURE header is required", "resource": resource(),
        "accepts": [req.clone()]
    });
    let req_text = r#"{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":MTS,"extra":{"name":"USDC","version":"2"}}"#;
    let mts = |s: &str| req_text.replace("MTS", s);

    let v2_requirements = vec![
        wt("v2/payment-requirements/spec-example", "The requirement of the spec's PaymentRequired example.", req.clone()).flag("SpecExample"),
        wt("v2/payment-requirements/lowercase-addresses", "Single-case addresses are accepted and re-serialised in EIP-55.", with(&with(&req, "payTo", PAY_TO.to_ascii_lowercase().into()), "asset", USDC_BASE_SEPOLIA.to_ascii_lowercase().into())).flag("AddressCase"),
        wt("v2/payment-requirements/unknown-field-kept", "An unknown field is kept (after the known ones) on re-serialisation.", with(&req, "x-custom", json!({"a": 1}))),
        wt("v2/payment-requirements/no-extra", "extra is optional.", without(&req, "extra")),
        wt("v2/payment-requirements/empty-extra", "An empty extra object is kept as sent (TS deep-equal matching depends on it).", with(&req, "extra", json!({}))),
        wt("v2/payment-requirements/solana", "A Solana requirement with its fee payer.", json!({"scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "amount": "10000", "asset": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "payTo": "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "maxTimeoutSeconds": 60, "extra": {"feePayer": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU"}})),
        wt("v2/payment-requirements/role-constant-pay-to", "payTo may be a role constant and asset an ISO 4217 code (spec v2 §5.1.2).", with(&with(&req, "payTo", "merchant".into()), "asset", "USD".into())).clause("x402 v2 §5.1.2"),
        wtext("v2/payment-requirements/max-timeout-float-literal", "maxTimeoutSeconds written 60.0: TS and Python accept it, Go's encoding/json rejects it for an int field.", &mts("60.0")).flag("NumberSpelling").acceptable(),
        wtext("v2/payment-requirements/max-timeout-fraction", "maxTimeoutSeconds 60.5 is not an integer (only TS accepts it).", &mts("60.5")).flag("NumberSpelling"),
        wt("v2/payment-requirements/max-timeout-string", "maxTimeoutSeconds as the string \"60\" (only pydantic's lax mode accepts it).", with(&req, "maxTimeoutSeconds", "60".into())).flag("NumberSpelling"),
        wt("v2/payment-requirements/max-timeout-zero", "A zero timeout cannot be paid (TS requires a positive number).", with(&req, "maxTimeoutSeconds", 0.into())),
        wt("v2/payment-requirements/max-timeout-negative", "A negative timeout.", with(&req, "maxTimeoutSeconds", (-60).into())),
        wt("v2/payment-requirements/extra-null", "extra: null — TS zod accepts it, Python's pydantic rejects it, Go drops it.", with(&req, "extra", Value::Null)).flag("NullVersusAbsent").acceptable(),
        wt("v2/payment-requirements/extra-array", "extra must be an object.", with(&req, "extra", json!(["USDC", "2"]))),
        wt("v2/payment-requirements/amount-number", "amount as a JSON number instead of a decimal string.", with(&req, "amount", 10000.into())).flag("WrongJsonType"),
        wt("v2/payment-requirements/amount-leading-zero", "amount with a leading zero.", with(&req, "amount", "010000".into())).flag("LenientNumberParsing"),
        wt("v2/payment-requirements/amount-hex", "amount in hex (JS BigInt accepts it).", with(&req, "amount", "0x2710".into())).flag("LenientNumberParsing"),
        wt("v2/payment-requirements/network-v1-name", "A v1 network name in a v2 requirement.", with(&req, "network", "base-sepolia".into())).flag("VersionConfusion"),
        wt("v2/payment-requirements/network-empty-reference", "\"eip155:\" passes TS zod (length >= 3, contains ':') but is not CAIP-2.", with(&req, "network", "eip155:".into())),
        wt("v2/payment-requirements/asset-bad-checksum", "asset with a broken EIP-55 checksum.", with(&req, "asset", "0x036cbD53842c5426634e7929541eC2318f3dCF7e".into())).flag("AddressChecksum"),
        wt("v2/payment-requirements/pay-to-empty", "Empty payTo.", with(&req, "payTo", "".into())),
        wt("v2/payment-requirements/missing-scheme", "scheme is required.", without(&req, "scheme")),
        wt("v2/payment-requirements/scheme-null", "null is not a scheme.", with(&req, "scheme", Value::Null)),
        wtext("v2/payment-requirements/duplicate-key", "payTo twice in one object: which one a parser keeps is parser-dependent.", r#"{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","payTo":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","maxTimeoutSeconds":60}"#).flag("JsonDuplicateKey"),
        wt("v2/payment-requirements/not-an-object", "An array is not a requirement.", json!([req.clone()])),
        wtext("v2/payment-requirements/truncated", "JSON text ends early.", r#"{"scheme":"exact","network":"#),
        wtext("v2/payment-requirements/syntax-error", "Not JSON.", "{scheme: exact}"),
    ];

    let spec_pp_v1 = with(&spec_pp, "x402Version", 1.into());
    let v2_payload = vec![
        wt("v2/payment-payload/spec-example", "The PaymentPayload example of transports-v2/http.md parses and re-serialises unchanged.", spec_pp.clone()).flag("SpecExample").clause("x402 v2 §5.2"),
        wt("v2/payment-payload/without-resource", "resource is optional in a PaymentPayload.", without(&spec_pp, "resource")),
        wt("v2/payment-payload/extensions-null", "extensions: null reads as absent and is not re-emitted.", with(&spec_pp, "extensions", Value::Null)).flag("NullVersusAbsent"),
        wt("v2/payment-payload/accepted-unknown-field-echoed", "accepted is echoed byte for byte, unknown fields included.", with(&spec_pp, "accepted", with(&req, "x-offer-id", "abc".into()))),
        wt("v2/payment-payload/missing-accepted", "A v2 PaymentPayload without `accepted`.", without(&spec_pp, "accepted")),
        wt("v2/payment-payload/version-as-string", "x402Version given as the string \"2\" (as in the EIP-2612/ERC-20 extension spec examples).", with(&spec_pp, "x402Version", "2".into())).flag("SpecExampleBroken"),
        wt("v2/payment-payload/version-one", "A v2-shaped payload that says x402Version 1, given to the v2 parser.", spec_pp_v1).flag("VersionConfusion"),
        wt("v2/payment-payload/version-three", "x402Version 3 is not a version.", with(&spec_pp, "x402Version", 3.into())).flag("VersionConfusion"),
        wt("v2/payment-payload/missing-version", "x402Version is required.", without(&spec_pp, "x402Version")),
        wt("v2/payment-payload/accepted-bad-amount", "A fault inside accepted is reported at its path.", with(&spec_pp, "accepted", with(&req, "amount", "-1".into()))),
        wt("v2/payment-payload/payload-not-object", "payload must be an object.", with(&spec_pp, "payload", "0xdeadbeef".into())),
        wt("v2/payment-payload/extension-without-info", "Every extension entry is an envelope with an object info.", with(&spec_pp, "extensions", json!({"bazaar": {"schema": {}}}))),
    ];

    let v2_required = vec![
        wt("v2/payment-required/spec-example", "The PaymentRequired example of transports-v2/http.md.", spec_pr.clone()).flag("SpecExample").clause("x402 v2 §5.1"),
        wt("v2/payment-required/two-offers", "Two offers, kept in order.", with(&spec_pr, "accepts", json!([req.clone(), with(&req, "network", "eip155:8453".into())]))),
        wt("v2/payment-required/without-error", "error is optional.", without(&spec_pr, "error")),
        wt("v2/payment-required/without-resource", "resource is required by the spec and TS zod, optional in Go and Python.", without(&spec_pr, "resource")).flag("ResourceRequired").acceptable(),
        wt("v2/payment-required/empty-accepts", "accepts must hold at least one requirement (TS .min(1)).", with(&spec_pr, "accepts", json!([]))),
        wt("v2/payment-required/bad-offer", "A broken offer is reported at /accepts/<i>/<field>.", with(&spec_pr, "accepts", json!([req.clone(), with(&req, "payTo", 5.into())]))),
        wt("v2/payment-required/v1-body", "A v1 402 body given to the v2 parser.", json!({"x402Version": 1, "error": "X-PAYMENT header is required", "accepts": [req_v1()]})).flag("VersionConfusion"),
    ];

    let v1r = req_v1();
    let v1_pr = json!({"x402Version": 1, "error": "X-PAYMENT header is required", "accepts": [v1r.clone()]});
    let v1_required = vec![
        wt(
            "v1/payment-required/with-error",
            "A v1 402 body with all three fields.",
            v1_pr.clone(),
        )
        .clause("x402 v1 §5.1"),
        wt(
            "v1/payment-required/without-error",
            "A v1 402 body without `error`: required by spec v1, optional in every SDK.",
            without(&v1_pr, "error"),
        )
        .flag("V1ErrorRequired")
        .acceptable(),
        wt(
            "v1/payment-required/v2-body",
            "A v2 402 body given to the v1 parser.",
            spec_pr.clone(),
        )
        .flag("VersionConfusion"),
    ];
    let v1_requirements = vec![
        wt(
            "v1/payment-requirements/base-sepolia",
            "A v1 requirement.",
            v1r.clone(),
        ),
        wt(
            "v1/payment-requirements/unknown-network-name",
            "v1 network names are an open set at the wire level (TS core zod: any non-empty string).",
            with(&v1r, "network", "kairos-testnet".into()),
        ),
        wt(
            "v1/payment-requirements/without-mime-type",
            "mimeType is optional (spec, core zod) although the legacy schema requires it.",
            without(&v1r, "mimeType"),
        )
        .flag("V1OptionalFields")
        .acceptable(),
        wt(
            "v1/payment-requirements/without-description",
            "description is required by spec v1 and the TS core schema; Go omits it when empty.",
            without(&v1r, "description"),
        )
        .flag("V1OptionalFields")
        .acceptable(),
        wt(
            "v1/payment-requirements/output-schema-null",
            "outputSchema: null reads as absent.",
            with(&v1r, "outputSchema", Value::Null),
        )
        .flag("NullVersusAbsent"),
        wt(
            "v1/payment-requirements/caip2-network",
            "v1 networks are names; a CAIP-2 id is just an unknown name here.",
            with(&v1r, "network", "eip155:84532".into()),
        )
        .flag("VersionConfusion"),
        wt(
            "v1/payment-requirements/amount-number",
            "maxAmountRequired as a JSON number.",
            with(&v1r, "maxAmountRequired", 10000.into()),
        )
        .flag("WrongJsonType"),
        wt(
            "v1/payment-requirements/v2-shaped",
            "A v2 requirement (amount instead of maxAmountRequired) given to the v1 parser.",
            req.clone(),
        )
        .flag("VersionConfusion"),
    ];
    let spec_v1_pp = json!({"x402Version": 1, "scheme": "exact", "network": "base-sepolia", "payload": payload_3009()});
    let v1_payload = vec![
        wt(
            "v1/payment-payload/spec-example",
            "The X-PAYMENT example of transports-v1/http.md.",
            spec_v1_pp.clone(),
        )
        .flag("SpecExample")
        .clause("x402 v1 §5.2"),
        wt(
            "v1/payment-payload/missing-payload",
            "payload is required.",
            without(&spec_v1_pp, "payload"),
        ),
        wt(
            "v1/payment-payload/empty-scheme",
            "scheme must be non-empty.",
            with(&spec_v1_pp, "scheme", "".into()),
        ),
        wt(
            "v1/payment-payload/v2-payload",
            "A v2 payload given to the v1 parser.",
            spec_pp.clone(),
        )
        .flag("VersionConfusion"),
    ];

    let request_v2 =
        json!({"x402Version": 2, "paymentPayload": spec_pp, "paymentRequirements": req});
    let request_v1 =
        json!({"x402Version": 1, "paymentPayload": spec_v1_pp, "paymentRequirements": v1r});
    let verify_request = vec![
        wt("facilitator/verify-request/v2", "A v2 /verify body.", request_v2.clone()),
        wt("facilitator/verify-request/v1", "A v1 /verify body: the version comes from paymentPayload.x402Version.", request_v1.clone()),
        wt("facilitator/verify-request/version-disagrees", "Top-level x402Version 1 with a v2 paymentPayload: every SDK facilitator ignores the top level; x402-spec refuses the inconsistency.", with(&request_v2, "x402Version", 1.into())).flag("TopLevelVersion"),
        wt("facilitator/verify-request/missing-payment-payload", "paymentPayload is required.", without(&request_v2, "paymentPayload")),
        wt("facilitator/verify-request/missing-requirements", "paymentRequirements is required.", without(&request_v2, "paymentRequirements")),
        wt("facilitator/verify-request/bad-requirements", "A fault in paymentRequirements is invalid_payment_requirements.", with(&request_v2, "paymentRequirements", with(&req_v2(), "amount", "ten".into()))),
        wt("facilitator/verify-request/bad-payload-version", "paymentPayload.x402Version decides the version; 7 is none.", with(&request_v2, "paymentPayload", with(&decode_spec(crate::topics::headers::SPEC_PS)?, "x402Version", 7.into()))).flag("VersionConfusion"),
    ];
    let settle_request = vec![wt(
        "facilitator/settle-request/v2",
        "A /settle body has the same shape as /verify.",
        request_v2,
    )];

    let verify_response = vec![
        wt(
            "facilitator/verify-response/valid",
            "A positive verdict.",
            json!({"isValid": true, "payer": PAYER}),
        ),
        wt(
            "facilitator/verify-response/invalid",
            "A negative verdict with reason and message.",
            json!({"isValid": false, "invalidReason": "invalid_exact_evm_payload_signature", "invalidMessage": "signature does not match", "payer": PAYER}),
        ),
        wt(
            "facilitator/verify-response/nulls",
            "TS clients read null optionals as absent (.nullish()).",
            json!({"isValid": true, "invalidReason": null, "payer": PAYER, "extensions": null}),
        )
        .flag("NullVersusAbsent"),
        wt(
            "facilitator/verify-response/extra",
            "VerifyResponse.extra (@x402/core 2.27.0, x402 2.25.0) is an object, kept as sent.",
            json!({"isValid": true, "payer": PAYER, "extra": {"nonceState": "unused"}}),
        ),
        wt(
            "facilitator/verify-response/missing-is-valid",
            "isValid is required.",
            json!({"payer": PAYER}),
        ),
    ];
    let resp_ok = decode_spec(
        "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9",
    )?;
    let resp_fail = decode_spec(
        "eyJzdWNjZXNzIjpmYWxzZSwiZXJyb3JSZWFzb24iOiJpbnN1ZmZpY2llbnRfZnVuZHMiLCJuZXR3b3JrIjoiZWlwMTU1Ojg0NTMyIn0=",
    )?;
    let settle_response = vec![
        wt("v2/settle-response/spec-success-example", "The success example of transports-v2/http.md.", resp_ok.clone()).flag("SpecExample"),
        wt("v2/settle-response/spec-failure-example", "The failure example of transports-v2/http.md omits `transaction`, which the v2 schema requires (\"\" on failure).", resp_fail.clone()).flag("SpecExampleBroken").acceptable(),
        wt("v2/settle-response/failure-with-transaction", "A failure with transaction \"\".", with(&resp_fail, "transaction", "".into())),
        wt("v2/settle-response/upto-amount", "An upto settlement reports the amount charged.", with(&resp_ok, "amount", "1234".into())),
        wt("v2/settle-response/upto-zero", "An upto zero charge: success, no transaction.", json!({"success": true, "transaction": "", "network": "eip155:84532", "amount": "0", "payer": PAYER})),
        wt("v2/settle-response/v1-network", "A v1 settle response names a v1 network.", with(&resp_ok, "network", "base-sepolia".into())),
        wt("v2/settle-response/ts-settle-abort", "The TS e2e facilitator's settle-abort reply lacks transaction (docs/protocol/disagreements.md #36).", json!({"success": false, "errorReason": "Payment must be verified before settlement", "network": "eip155:84532"})).flag("SpecExampleBroken"),
        wt("v2/settle-response/settlement-pending", "Broadcast, not confirmed: settlement_pending with the transaction; the server retries once (docs/protocol/deployed.md §2).", json!({"success": false, "errorReason": "settlement_pending", "errorMessage": "receipt wait timed out", "transaction": "0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef", "network": "eip155:84532", "payer": PAYER})),
        wt("v2/settle-response/settlement-pending-without-transaction", "Parses, but breaks the settle shape rule (SettleResponse::check_shape): pending without the broadcast transaction cannot be retried.", json!({"success": false, "errorReason": "settlement_pending", "transaction": "", "network": "eip155:84532"})),
        wt("v2/settle-response/extra", "SettleResponse.extra (@x402/core 2.27.0, x402 2.25.0) is an object, kept as sent.", with(&resp_ok, "extra", json!({"batchId": "7", "confirmations": 2}))),
        wt("v2/settle-response/bad-payer", "payer with a broken checksum.", with(&resp_ok, "payer", "0x857B06519E91e3A54538791bDbb0E22373e36b66".into())).flag("AddressChecksum"),
    ];
    let supported = json!({
        "kinds": [
            {"x402Version": 2, "scheme": "exact", "network": "eip155:84532"},
            {"x402Version": 2, "scheme": "upto", "network": "eip155:84532", "extra": {"facilitatorAddress": FACILITATOR}},
            {"x402Version": 1, "scheme": "exact", "network": "base-sepolia"}
        ],
        "extensions": ["bazaar", "eip2612GasSponsoring"],
        "signers": {"eip155:*": [FACILITATOR]}
    });
    let supported_response = vec![
        wt(
            "facilitator/supported-response/v2",
            "A /supported answer with kinds of both versions, extensions and signers.",
            supported.clone(),
        ),
        wt(
            "facilitator/supported-response/v1-kinds-only",
            "A v1 facilitator answers kinds only (extensions and signers are required by spec v2).",
            json!({"kinds": [{"x402Version": 1, "scheme": "exact", "network": "base-sepolia"}]}),
        )
        .flag("SupportedV1Shape")
        .acceptable(),
        wt(
            "facilitator/supported-response/bad-signer-key",
            "signers keys are network patterns.",
            with(&supported, "signers", json!({"*": [FACILITATOR]})),
        ),
    ];
    let item = json!({"resource": "https://api.example.com/premium-data", "type": "http", "x402Version": 2, "accepts": [req_v2()], "lastUpdated": 1_703_123_456, "metadata": {}});
    let discovery = json!({"x402Version": 2, "items": [item.clone()], "pagination": {"limit": 10, "offset": 0, "total": 1}});
    let discovery_response = vec![
        wt(
            "facilitator/discovery-response/last-updated-number",
            "lastUpdated as a unix time number (spec).",
            discovery.clone(),
        )
        .flag("LastUpdatedForm")
        .acceptable(),
        wt(
            "facilitator/discovery-response/last-updated-iso",
            "lastUpdated as an ISO-8601 string (SDK types, docs, e2e).",
            with(
                &discovery,
                "items",
                json!([with(
                    &item,
                    "lastUpdated",
                    "2025-02-27T16:01:40.000Z".into()
                )]),
            ),
        )
        .flag("LastUpdatedForm")
        .acceptable(),
        wt(
            "facilitator/discovery-response/last-updated-garbage",
            "lastUpdated that is neither a number nor a date-time.",
            with(
                &discovery,
                "items",
                json!([with(&item, "lastUpdated", "yesterday".into())]),
            ),
        ),
        wt(
            "facilitator/discovery-response/list-version-one",
            "The TS and Go e2e facilitators answer x402Version 1 for the list.",
            with(&discovery, "x402Version", 1.into()),
        ),
    ];

    let small = vec![
        finish(
            "ResourceInfo",
            2,
            vec![
                wt(
                    "v2/resource-info/full",
                    "url, description, mimeType.",
                    resource(),
                ),
                wt(
                    "v2/resource-info/url-only",
                    "Only url is required (Go omits empty strings).",
                    json!({"url": "https://api.example.com/premium-data"}),
                ),
                wt(
                    "v2/resource-info/empty-url",
                    "url must be non-empty.",
                    json!({"url": ""}),
                ),
                wt(
                    "v2/resource-info/service-metadata",
                    "serviceName, tags and iconUrl within the @x402/core 2.27.0 limits (docs/protocol/deployed.md §3).",
                    json!({"url": "https://api.example.com/premium-data", "serviceName": "Premium Data", "tags": ["data", "premium", "x402", "api", "market"], "iconUrl": "https://api.example.com/icon.png"}),
                ),
                wt(
                    "v2/resource-info/service-name-too-long",
                    "serviceName is at most 32 characters.",
                    json!({"url": "https://api.example.com/premium-data", "serviceName": "A service name of thirty-three ch"}),
                ),
                wt(
                    "v2/resource-info/service-name-not-ascii",
                    "serviceName is printable ASCII only.",
                    json!({"url": "https://api.example.com/premium-data", "serviceName": "Caf\u{e9}"}),
                ),
                wt(
                    "v2/resource-info/six-tags",
                    "At most 5 tags.",
                    json!({"url": "https://api.example.com/premium-data", "tags": ["a", "b", "c", "d", "e", "f"]}),
                ),
                wt(
                    "v2/resource-info/empty-tag",
                    "A tag is 1 to 32 printable ASCII characters.",
                    json!({"url": "https://api.example.com/premium-data", "tags": ["data", ""]}),
                ),
                wt(
                    "v2/resource-info/icon-url-too-long",
                    "iconUrl is at most 2048 characters.",
                    json!({"url": "https://api.example.com/premium-data", "iconUrl": format!("https://api.example.com/{}", "i".repeat(2025))}),
                ),
                wt(
                    "v2/resource-info/service-name-null",
                    "A null serviceName: TS 2.27.0 reads it as absent (.nullish()); strict parsing refuses null (docs/protocol/deployed.md §5).",
                    json!({"url": "https://api.example.com/premium-data", "serviceName": null}),
                )
                .flag("NullVersusAbsent"),
            ],
        )?,
        finish(
            "ExtensionEnvelope",
            2,
            vec![
                wt(
                    "v2/extension-envelope/info-and-schema",
                    "An extension entry: info + JSON Schema.",
                    json!({"info": {"version": "1"}, "schema": {"type": "object"}}),
                ),
                wt(
                    "v2/extension-envelope/info-not-object",
                    "info must be an object.",
                    json!({"info": "1"}),
                ),
            ],
        )?,
        finish(
            "SupportedKind",
            2,
            vec![
                wt(
                    "facilitator/supported-kind/upto",
                    "An upto kind with its facilitator address.",
                    json!({"x402Version": 2, "scheme": "upto", "network": "eip155:84532", "extra": {"facilitatorAddress": FACILITATOR}}),
                ),
                wt(
                    "facilitator/supported-kind/missing-version",
                    "x402Version is required (the Go client rejects a kind without it).",
                    json!({"scheme": "exact", "network": "eip155:84532"}),
                ),
            ],
        )?,
    ];
    let p2 = Permit::exact();
    let up = Permit::upto();
    let sig = crate::fixtures::SPEC_SIGNATURE;
    let schemes = vec![
        finish("ExactEip3009Payload", 2, vec![
            wt("scheme/exact-eip3009/spec-example", "The EIP-3009 payload of the spec example.", payload_3009()).flag("SpecExample"),
            wt("scheme/exact-eip3009/missing-signature", "signature is required by every facilitator.", json!({"authorization": Auth::standard().json()})),
            wt("scheme/exact-eip3009/short-nonce", "The nonce must be 32 bytes.", json!({"signature": sig, "authorization": with(&Auth::standard().json(), "nonce", "0x1234".into())})),
            wt("scheme/exact-eip3009/value-number", "value as a JSON number.", json!({"signature": sig, "authorization": with(&Auth::standard().json(), "value", 10000.into())})).flag("WrongJsonType"),
            wt("scheme/exact-eip3009/signature-not-hex", "signature must be 0x hex.", json!({"signature": "dc53a4", "authorization": Auth::standard().json()})),
        ])?,
        finish("ExactPermit2Payload", 2, vec![
            wt("scheme/exact-permit2/hardhat", "A Permit2 exact payload.", json!({"signature": sig, "permit2Authorization": p2.json()})),
            wt("scheme/exact-permit2/hex-nonce", "A 0x hex Permit2 nonce (the upto spec example's form; TS BigInt accepts it, Go and Python do not).", json!({"signature": sig, "permit2Authorization": with(&p2.json(), "nonce", "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480".into())})).flag("Permit2HexNonce").acceptable(),
            wt("scheme/exact-permit2/missing-witness", "witness is required.", json!({"signature": sig, "permit2Authorization": without(&p2.json(), "witness")})),
        ])?,
        finish("UptoPermit2Payload", 2, vec![
            wt("scheme/upto-permit2/hardhat", "An upto payload: the witness binds the facilitator.", json!({"signature": sig, "permit2Authorization": up.json()})),
            wt("scheme/upto-permit2/missing-facilitator", "An exact-shaped witness is not an upto witness.", json!({"signature": sig, "permit2Authorization": p2.json()})),
        ])?,
        finish("ExactSvmPayload", 2, vec![
            wt("scheme/exact-svm/transaction", "A Solana payload carries a standard base64 transaction.", json!({"transaction": "AQID"})),
            wt("scheme/exact-svm/url-safe-transaction", "The transaction must be standard base64.", json!({"transaction": "-_8="})),
        ])?,
        finish("EvmExtra", 2, vec![
            wt("extra/evm/eip3009", "name and version of the token's EIP-712 domain.", json!({"name": "USDC", "version": "2"})),
            wt("extra/evm/upto", "upto extra with the facilitator address.", json!({"name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FACILITATOR.to_ascii_lowercase()})),
            wt("extra/evm/other-transfer-method", "Unknown transfer methods pass through (ERC-7710 is specified, implemented nowhere).", json!({"assetTransferMethod": "erc7710"})),
            wt("extra/evm/facilitator-bad-checksum", "facilitatorAddress with a broken checksum.", json!({"facilitatorAddress": "0x70997970c51812dc3A010C7d01b50e0d17dc79C8"})).flag("AddressChecksum"),
            wt("extra/evm/name-number", "name must be a string.", json!({"name": 1, "version": "2"})).flag("WrongJsonType"),
        ])?,
        finish("SvmExtra", 2, vec![
            wt("extra/svm/fee-payer-and-memo", "feePayer and memo.", json!({"feePayer": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "memo": "order 42"})),
            wt("extra/svm/memo-too-long", "A memo of 257 bytes (the limit is 256).", json!({"feePayer": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "memo": "m".repeat(257)})),
            wt("extra/svm/fee-payer-not-base58", "feePayer must be a Solana address.", json!({"feePayer": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"})),
        ])?,
    ];
    let exts = vec![
        finish("PaymentIdentifier", 2, vec![
            wt("extension/payment-identifier/with-id", "A client-filled payment identifier.", json!({"info": {"required": true, "id": "pay_0123456789abcdef0123456789abcdef"}})),
            wt("extension/payment-identifier/short-id", "The id has 16 to 128 characters.", json!({"info": {"required": false, "id": "pay_1"}})),
        ])?,
        finish("Bazaar", 2, vec![
            wt("extension/bazaar/http-get", "An HTTP GET resource description.", json!({"info": {"input": {"type": "http", "method": "GET", "queryParams": {"q": "btc"}}, "output": {"type": "json"}}})),
            wt("extension/bazaar/http-post-without-body-type", "A body method needs bodyType.", json!({"info": {"input": {"type": "http", "method": "POST"}}})),
            wt("extension/bazaar/mcp-tool-name", "An MCP tool named with toolName, as every SDK sends it.", json!({"info": {"input": {"type": "mcp", "toolName": "get_price", "inputSchema": {"type": "object"}}}})).flag("McpToolKey").acceptable(),
            wt("extension/bazaar/mcp-tool", "An MCP tool named with tool, as the spec says.", json!({"info": {"input": {"type": "mcp", "tool": "get_price", "inputSchema": {"type": "object"}}}})).flag("McpToolKey").acceptable(),
            wt("extension/bazaar/mcp-tool-keys-disagree", "tool and toolName with different values.", json!({"info": {"input": {"type": "mcp", "tool": "a", "toolName": "b", "inputSchema": {}}}})).flag("McpToolKey"),
            wt("extension/bazaar/route-template-traversal", "A route template must not contain '..'.", json!({"info": {"input": {"type": "http", "method": "GET"}}, "routeTemplate": "/a/../b"})),
        ])?,
        finish("Eip2612GasSponsoring", 2, vec![
            wt("extension/eip2612/client-info", "The client-filled EIP-2612 permit.", json!({"info": {"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": PERMIT2, "amount": "10000", "nonce": "0", "deadline": "1740672154", "signature": sig, "version": "1"}})),
            wt("extension/eip2612/server-declaration", "The server's declaration (description + version) is not a client-filled permit.", json!({"info": {"description": "The facilitator accepts EIP-2612 gasless Permit to `Permit2` canonical contract.", "version": "1"}})),
        ])?,
        finish("Erc20ApprovalGasSponsoring", 2, vec![
            wt("extension/erc20-approval/client-info", "The client-filled signed approval.", json!({"info": {"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": PERMIT2, "amount": MAX_U256, "signedTransaction": "0x02f8", "version": "1"}})),
            wt("extension/erc20-approval/bad-version", "version is dotted digits.", json!({"info": {"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": PERMIT2, "amount": MAX_U256, "signedTransaction": "0x02", "version": "v1"}})),
        ])?,
    ];

    let mut out = vec![
        finish("PaymentRequirements", 2, v2_requirements)?,
        finish("PaymentPayload", 2, v2_payload)?,
        finish("PaymentRequired", 2, v2_required)?,
        finish("PaymentRequired", 1, v1_required)?,
        finish("PaymentRequirements", 1, v1_requirements)?,
        finish("PaymentPayload", 1, v1_payload)?,
        finish("VerifyRequest", 2, verify_request)?,
        finish("SettleRequest", 2, settle_request)?,
        finish("VerifyResponse", 2, verify_response)?,
        finish("SettleResponse", 2, settle_response)?,
        finish("SupportedResponse", 2, supported_response)?,
        finish("DiscoveryResponse", 2, discovery_response)?,
    ];
    out.extend(small);
    out.extend(schemes);
    out.extend(exts);
    Ok(out)
}

const MAX_U256: &str =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add(
        "SpecExample",
        note(
            "SPEC_EXAMPLE",
            "Document copied from an example of the x402 specification.",
        ),
    );
    n.add("SpecExampleBroken", note("SPEC_EXAMPLE", "A specification or reference-implementation document that does not satisfy the specification's own schema.").disagreement(15));
    n.add("NumberSpelling", note("PARSER_DIFFERENTIAL", "An integer field written as a fraction (60.0, 60.5) or a string (\"60\"). x402-spec accepts only an integer literal, as Go does.").disagreement(39)
        .sdk(&[("ts", "accepts any positive number"), ("go", "rejects (cannot unmarshal into int)"), ("py", "accepts 60, 60.0 and \"60\", rejects 60.5")]));
    n.add("NullVersusAbsent", note("SDK_SDK_DISAGREEMENT", "An optional field sent as null. x402-spec reads it as absent and never emits null.").disagreement(39)
        .sdk(&[("ts", "accepts (optional().nullable(), .nullish())"), ("go", "nil, re-serialised as absent"), ("py", "PaymentRequirements.extra: ValidationError (non-optional dict); other optionals: None")]));
    n.add("V1ErrorRequired", note("SPEC_SDK_DISAGREEMENT", "Spec v1 §5.1.2 says all fields of the 402 body are required; TS zod, Go and Python make `error` optional, and so does x402-spec.").disagreement(1));
    n.add("V1OptionalFields", note("SPEC_SDK_DISAGREEMENT", "v1 description/mimeType: spec requires description and makes mimeType optional (x402-spec follows it); the legacy schema requires both; Go omits both when empty.").disagreement(2));
    n.add("ResourceRequired", note("SPEC_SDK_DISAGREEMENT", "PaymentRequired.resource is required by the v2 spec and TS zod (x402-spec follows them) but optional in the Go and Python types.").disagreement(3));
    n.add(
        "VersionConfusion",
        note(
            "VERSION_CONFUSION",
            "A document of one protocol version (or shape) given to the parser of the other.",
        ),
    );
    n.add(
        "WrongJsonType",
        note("MALFORMED_INPUT", "A field has the wrong JSON type."),
    );
    n.add(
        "LenientNumberParsing",
        note(
            "AMOUNT_CONFUSION",
            "A non-canonical decimal spelling that a lenient SDK parser would accept.",
        ),
    );
    n.add(
        "AddressChecksum",
        note(
            "RECIPIENT_CONFUSION",
            "Mixed-case address with a broken EIP-55 checksum.",
        )
        .clause("EIP-55"),
    );
    n.add("AddressCase", note("CANONICALIZATION", "Single-case addresses carry no checksum; they are accepted and re-serialised in EIP-55."));
    n.add("JsonDuplicateKey", note("PARSER_DIFFERENTIAL", "A key appears twice in one object: x402-spec's typed parsers reject it (JavaScript, Go and Python keep the last value)."));
    n.add("TopLevelVersion", note("SPEC_SDK_DISAGREEMENT", "Every SDK facilitator dispatches on paymentPayload.x402Version and ignores the top-level x402Version of /verify and /settle; the spec does not say which wins. x402-spec requires both to agree.").disagreement(31));
    n.add("SupportedV1Shape", note("SPEC_SDK_DISAGREEMENT", "SupportedResponse.extensions and signers are required by spec v2 §7.3.1 but absent from v1 facilitators' answers; the TS client defaults them, and x402-spec accepts both forms.").disagreement(35));
    n.add("LastUpdatedForm", note("SPEC_SDK_DISAGREEMENT", "Discovery lastUpdated: the spec says a unix time number, SDK types/docs/e2e use an ISO-8601 string. x402-spec accepts both and re-emits the form received.").disagreement(24));
    n.add("McpToolKey", note("SPEC_SDK_DISAGREEMENT", "Bazaar MCP input: the spec names the tool `tool`, every SDK sends and requires `toolName`. x402-spec accepts either (both only when equal).").disagreement(25));
    n.add("Permit2HexNonce", note("SDK_SDK_DISAGREEMENT", "A Permit2 nonce written in 0x hex (the upto spec example). x402-spec, like Go and Python, requires a decimal string.").disagreement(18)
        .sdk(&[("ts", "BigInt accepts hex"), ("go", "SetString(s, 10) fails: signature check fails"), ("py", "int(s) fails: invalid_permit2_payload_format")]));
    n
}

/// Builds `wire.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    make_file(
        TOPIC,
        &[
            "Parsing of x402 wire types, both protocol versions: document -> normalised document, or reason + JSON Pointer + kind.",
            "Scheme payloads, requirement extras and extension envelopes are parsed as x402-spec reads them inside a document; their errorPath is relative to the document itself.",
        ],
        notes(),
        groups()?,
    )
}
