//! The MCP transport helpers: 402 tool result, `_meta["x402/payment"]`, `_meta["x402/payment-response"]`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::json;
use x402_spec::mcp;
use x402_spec::{PaymentPayload, PaymentRequired, v2};

const PR: &str = r#"{"x402Version":2,"resource":{"url":"mcp://tool/get_weather"},"accepts":[{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}]}"#;

#[test]
fn payment_required_tool_result_round_trip() {
    let pr = v2::PaymentRequired::from_json(PR.as_bytes()).unwrap();
    let result = mcp::tool_result_for_payment_required(&pr).unwrap();
    assert_eq!(result["isError"], true);
    assert_eq!(result["content"][0]["type"], "text");
    let text: serde_json::Value =
        serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        text, result["structuredContent"],
        "content[0].text must be the JSON of structuredContent"
    );
    let back = mcp::payment_required_from_tool_result(&result).unwrap();
    assert!(matches!(back, PaymentRequired::V2(ref p) if *p == pr));
}

#[test]
fn payment_and_receipt_in_meta() {
    let pr = v2::PaymentRequired::from_json(PR.as_bytes()).unwrap();
    let payment = PaymentPayload::V2(v2::PaymentPayload::new(
        pr.accepts[0].clone(),
        serde_json::Map::new(),
    ));
    let mut params = json!({ "name": "get_weather", "arguments": { "city": "Lisbon" } });
    mcp::attach_payment(&mut params, &payment).unwrap();
    assert!(
        params["_meta"]["x402/payment"].is_object(),
        "the payload travels as an object, not base64"
    );
    assert_eq!(mcp::payment_from_params(&params).unwrap(), payment);

    let receipt = x402_spec::facilitator::SettleResponse::from_json(
        br#"{"success":true,"transaction":"0xab","network":"eip155:84532"}"#,
    )
    .unwrap();
    let mut result = json!({ "content": [] });
    mcp::attach_receipt(&mut result, &receipt).unwrap();
    assert_eq!(mcp::receipt_from_result(&result).unwrap(), receipt);
}

#[test]
fn errors_point_into_the_envelope() {
    let e = mcp::payment_from_params(&json!({ "name": "t" })).unwrap_err();
    assert_eq!(e.pointer(), "/_meta/x402~1payment");
    let bad =
        json!({ "_meta": { "x402/payment": { "x402Version": 2, "accepted": {}, "payload": {} } } });
    let e = mcp::payment_from_params(&bad).unwrap_err();
    assert!(
        e.pointer().starts_with("/_meta/x402~1payment/accepted"),
        "{}",
        e.pointer()
    );
    assert_eq!(e.code().as_str(), "invalid_payload");
    let e = mcp::payment_required_from_tool_result(&json!({ "isError": true })).unwrap_err();
    assert_eq!(e.pointer(), "/structuredContent");
    assert!(
        mcp::attach_payment(
            &mut json!([1]),
            &PaymentPayload::V2(v2::PaymentPayload::new(
                v2::PaymentRequired::from_json(PR.as_bytes())
                    .unwrap()
                    .accepts[0]
                    .clone(),
                serde_json::Map::new()
            ))
        )
        .is_err()
    );
}
