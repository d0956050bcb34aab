//! Wire-format behaviour of the v1/v2 types: round trips, unknown fields, echo fidelity, and
//! field-level errors with canonical codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use x402_spec::codes::ErrorCode;
use x402_spec::error::ParseErrorKind;
use x402_spec::{v1, v2};

const REQ: &str = r#"{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}"#;

fn payload_with(accepted: &str) -> String {
    format!(
        r#"{{"x402Version":2,"resource":{{"url":"https://api.example.com/premium","description":"d","mimeType":"application/json"}},"accepted":{accepted},"payload":{{"signature":"0x00","authorization":{{"from":"0x857b06519E91e3A54538791bDbb0E22373e36b66","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"1740672089","validBefore":"1740672154","nonce":"0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"}}}}}}"#
    )
}

#[test]
fn v2_payload_round_trips_byte_for_byte() {
    let doc = payload_with(REQ);
    let p = v2::PaymentPayload::from_json(doc.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), doc);
    assert_eq!(p.accepted.amount.to_string(), "10000");
}

#[test]
fn accepted_echo_keeps_the_exact_bytes() {
    // Odd spacing, key order, a lowercase address and an unknown field: all echoed verbatim.
    let odd = r#"{ "payTo":"0x209693bc6afc0c5328ba36faf03c514ef312287c", "scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","maxTimeoutSeconds":60,"extra":{"version":"2","name":"USDC"},"x-vendor":[1,2] }"#;
    let doc = payload_with(odd);
    let p = v2::PaymentPayload::from_json(doc.as_bytes()).unwrap();
    assert_eq!(p.accepted.raw_json(), odd);
    let out = serde_json::to_string(&p).unwrap();
    assert!(out.contains(odd), "{out}");
    // The typed value is normalised (EIP-55) and keeps the unknown field.
    assert_eq!(
        p.accepted.pay_to.to_string(),
        "0x209693Bc6afc0C5328bA36FaF03C514EF312287C"
    );
    assert_eq!(p.accepted.unknown["x-vendor"], serde_json::json!([1, 2]));
}

#[test]
fn unknown_fields_survive_at_every_level() {
    let doc = r#"{"x402Version":2,"error":"e","resource":{"url":"u","zz":1},"accepts":[{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":300,"future":{"a":null}}],"extensions":{"bazaar":{"info":{},"x":true}},"top":"level"}"#;
    let r = v2::PaymentRequired::from_json(doc.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), doc);
    assert_eq!(r.unknown["top"], "level");
    assert_eq!(r.resource.unknown["zz"], 1);
}

#[test]
fn null_extra_and_extensions_read_as_absent_and_are_not_emitted() {
    let req = REQ.replace(
        r#""extra":{"name":"USDC","version":"2"}"#,
        r#""extra":null"#,
    );
    let r = v2::PaymentRequirements::from_json(req.as_bytes()).unwrap();
    assert!(r.extra.is_none());
    let out = serde_json::to_string(&r).unwrap();
    assert!(!out.contains("null"), "{out}");
    assert!(!out.contains("extra"), "{out}");
}

#[test]
fn errors_name_the_field_and_carry_the_code() {
    let bad = payload_with(&REQ.replace(r#""amount":"10000""#, r#""amount":"1e4""#));
    let e = v2::PaymentPayload::from_json(bad.as_bytes()).unwrap_err();
    assert_eq!(e.pointer(), "/accepted/amount");
    assert_eq!(e.code(), &ErrorCode::InvalidPayload);
    assert_eq!(e.kind(), ParseErrorKind::InvalidValue);

    let e = v2::PaymentRequirements::from_json(REQ.replace("eip155:84532", "eip155:").as_bytes())
        .unwrap_err();
    assert_eq!(e.pointer(), "/network");
    assert_eq!(e.code(), &ErrorCode::InvalidPaymentRequirements);

    let e = v2::PaymentRequirements::from_json(
        REQ.replace(
            r#""payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","#,
            "",
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::MissingField);
    assert!(e.message().contains("payTo"), "{e}");

    let e = v2::PaymentRequirements::from_json(
        REQ.replace(r#""maxTimeoutSeconds":60"#, r#""maxTimeoutSeconds":60.5"#)
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.pointer(), "/maxTimeoutSeconds");

    let dup = REQ.replace(
        r#""scheme":"exact","#,
        r#""scheme":"exact","scheme":"upto","#,
    );
    let e = v2::PaymentRequirements::from_json(dup.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::DuplicateField);

    let e = v2::PaymentPayload::from_json(
        payload_with(REQ)
            .replace(r#""x402Version":2"#, r#""x402Version":3"#)
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.code(), &ErrorCode::InvalidX402Version);
    assert_eq!(e.kind(), ParseErrorKind::UnsupportedVersion);
    assert_eq!(e.pointer(), "/x402Version");

    let e = v2::PaymentPayload::from_json(
        payload_with(REQ)
            .replace(r#""x402Version":2"#, r#""x402Version":"2""#)
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.code(), &ErrorCode::InvalidX402Version);

    let e = v2::PaymentPayload::from_json(b"{\"x402Version\":2,").unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::Truncated);
    let e = v2::PaymentPayload::from_json(b"{\"x402Version\" 2}").unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::Syntax);
}

#[test]
fn empty_accepts_is_rejected() {
    let doc = r#"{"x402Version":2,"resource":{"url":"u"},"accepts":[]}"#;
    let e = v2::PaymentRequired::from_json(doc.as_bytes()).unwrap_err();
    assert_eq!(e.pointer(), "/accepts");
    assert_eq!(e.code(), &ErrorCode::InvalidPaymentRequirements);
}

#[test]
fn v1_documents() {
    let req = r#"{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"10000","resource":"https://api.example.com/premium","description":"","mimeType":"application/json","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","extra":{"name":"USDC","version":"2"}}"#;
    let doc =
        format!(r#"{{"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{req}]}}"#);
    let r = v1::PaymentRequired::from_json(doc.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), doc);
    assert_eq!(
        r.accepts[0].network.caip2().unwrap().as_str(),
        "eip155:84532"
    );
    // description is required in v1 (spec), even when empty
    let no_desc = req.replace(r#""description":"","#, "");
    let e = v1::PaymentRequirements::from_json(no_desc.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ParseErrorKind::MissingField);
}

#[test]
fn echo_of_an_offered_requirement_is_byte_identical() {
    // A client picks accepts[0] from a 402 and echoes it: the bytes it sends are the bytes received.
    let offered = r#"{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036cbd53842c5426634e7929541ec2318f3dcf7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{}}"#;
    let doc = format!(r#"{{"x402Version":2,"resource":{{"url":"u"}},"accepts":[{offered}]}}"#);
    let r = v2::PaymentRequired::from_json(doc.as_bytes()).unwrap();
    let chosen = r.accepts[0].clone();
    let p = v2::PaymentPayload::new(chosen, serde_json::Map::new());
    let out = serde_json::to_string(&p).unwrap();
    assert!(out.contains(&format!(r#""accepted":{offered}"#)), "{out}");
}
