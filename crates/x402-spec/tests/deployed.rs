//! The wire additions of the deployed SDKs (@x402/* 2.27.0, x402 2.25.0; docs/protocol/deployed.md):
//! `settlement_pending`, the `extra` members of the facilitator answers, the ResourceInfo service
//! metadata and the `EXTENSION-RESPONSES` side channel.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use x402_spec::codes::ErrorCode;
use x402_spec::facilitator::{SettleOutcome, SettleResponse, SettleShapeError, VerifyResponse};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::v2::ResourceInfo;

fn settle(json: &str) -> SettleResponse {
    SettleResponse::from_json(json.as_bytes()).unwrap()
}

#[test]
fn settlement_pending_is_a_code_of_the_table() {
    let code: ErrorCode = "settlement_pending".parse().unwrap();
    assert_eq!(code, ErrorCode::SettlementPending);
    assert_eq!(code.as_str(), "settlement_pending");
    let timeout: ErrorCode = "settlement_confirmation_timeout".parse().unwrap();
    assert_eq!(timeout, ErrorCode::SettlementConfirmationTimeout);
    assert_ne!(code.category(), x402_spec::codes::Category::Format);
}

#[test]
fn outcome_of_a_settle_answer() {
    let ok = settle(r#"{"success":true,"transaction":"0xab","network":"eip155:84532"}"#);
    assert_eq!(ok.outcome(), SettleOutcome::Settled);
    let pending = settle(
        r#"{"success":false,"errorReason":"settlement_pending","transaction":"0xab","network":"eip155:84532"}"#,
    );
    assert_eq!(pending.outcome(), SettleOutcome::Pending);
    assert_eq!(pending.check_shape(), Ok(()));
    // Pending without the broadcast transaction: no server can retry it.
    let hollow = settle(
        r#"{"success":false,"errorReason":"settlement_pending","transaction":"","network":"eip155:84532"}"#,
    );
    assert_eq!(hollow.outcome(), SettleOutcome::Failed);
    assert_eq!(
        hollow.check_shape(),
        Err(SettleShapeError::PendingWithoutTransaction)
    );
    assert_eq!(
        SettleShapeError::PendingWithoutTransaction.field(),
        "/transaction"
    );
    let failed = settle(
        r#"{"success":false,"errorReason":"invalid_transaction_state","transaction":"0xab","network":"eip155:84532"}"#,
    );
    assert_eq!(failed.outcome(), SettleOutcome::Failed);
    assert_eq!(failed.check_shape(), Ok(()));
}

#[test]
fn success_needs_a_transaction_unless_nothing_was_settled() {
    let empty = settle(r#"{"success":true,"transaction":"","network":"eip155:84532"}"#);
    assert_eq!(
        empty.check_shape(),
        Err(SettleShapeError::SuccessWithoutTransaction)
    );
    let zero = settle(r#"{"success":true,"transaction":"","network":"eip155:84532","amount":"0"}"#);
    assert_eq!(zero.check_shape(), Ok(()));
}

#[test]
fn pending_constructor_writes_the_wire_form() {
    let network = "eip155:84532".parse().unwrap();
    let r = SettleResponse::pending("0xab".to_owned(), network, None);
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"success":false,"errorReason":"settlement_pending","transaction":"0xab","network":"eip155:84532"}"#
    );
    assert_eq!(r.outcome(), SettleOutcome::Pending);
}

#[test]
fn extra_members_are_typed_and_round_trip() {
    let v = br#"{"isValid":true,"payer":"0x1111111111111111111111111111111111111111","extensions":{"a":1},"extra":{"k":[1,2]},"z":0}"#;
    let parsed = VerifyResponse::from_json(v).unwrap();
    assert_eq!(
        parsed.extra.as_ref().unwrap()["k"],
        serde_json::json!([1, 2])
    );
    assert_eq!(serde_json::to_vec(&parsed).unwrap(), v.to_vec());
    let s =
        br#"{"success":true,"transaction":"0xab","network":"eip155:84532","extra":{"batch":"7"}}"#;
    let parsed = SettleResponse::from_json(s).unwrap();
    assert_eq!(parsed.extra.as_ref().unwrap()["batch"], "7");
    assert_eq!(serde_json::to_vec(&parsed).unwrap(), s.to_vec());
    // `extra` must be an object, and the error names it.
    let err = SettleResponse::from_json(
        br#"{"success":true,"transaction":"0xab","network":"eip155:84532","extra":"x"}"#,
    )
    .unwrap_err();
    assert_eq!(err.pointer(), "/extra");
}

#[test]
fn extension_responses_never_reach_the_buyer() {
    let r = settle(
        r#"{"success":true,"transaction":"0xab","network":"eip155:84532","a":1,"extensionResponses":{"bazaar":{"status":"success"}},"b":2}"#,
    );
    assert!(r.leaks_extension_responses());
    let buyer = r.buyer_facing();
    assert!(!buyer.leaks_extension_responses());
    // The other unknown members keep their order.
    assert_eq!(
        serde_json::to_string(&buyer).unwrap(),
        r#"{"success":true,"transaction":"0xab","network":"eip155:84532","a":1,"b":2}"#
    );
}

#[test]
fn extension_responses_header_decodes_to_an_object() {
    let value = header::encode_bytes(br#"{"bazaar":{"status":"processing"}}"#);
    let obj = header::decode_extension_responses(&value, DecodeOptions::strict()).unwrap();
    assert_eq!(obj["bazaar"]["status"], "processing");
    let not_object = header::encode_bytes(b"[1]");
    assert!(header::decode_extension_responses(&not_object, DecodeOptions::strict()).is_err());
    assert!(header::decode_extension_responses("%%%", DecodeOptions::strict()).is_err());
    assert_eq!(header::EXTENSION_RESPONSES, "EXTENSION-RESPONSES");
}

#[test]
fn resource_info_service_metadata() {
    let ok = br#"{"url":"https://api.example/weather","serviceName":"Weather API","tags":["weather","forecast"],"iconUrl":"https://api.example/icon.png"}"#;
    let r: ResourceInfo = serde_json::from_slice(ok).unwrap();
    assert_eq!(r.service_name.as_ref().unwrap().as_str(), "Weather API");
    assert_eq!(r.tags.as_ref().unwrap().as_slice().len(), 2);
    assert_eq!(serde_json::to_vec(&r).unwrap(), ok.to_vec());

    // Each limit, with the field the error names (parsed inside a PaymentRequired).
    let cases = [
        (
            format!(r#""serviceName":"{}""#, "n".repeat(33)),
            "/resource/serviceName",
        ),
        (
            r#""serviceName":"caf\u00e9""#.to_owned(),
            "/resource/serviceName",
        ),
        (r#""serviceName":"""#.to_owned(), "/resource/serviceName"),
        (
            r#""tags":["a","b","c","d","e","f"]"#.to_owned(),
            "/resource/tags",
        ),
        (
            format!(r#""tags":["ok","{}"]"#, "t".repeat(33)),
            "/resource/tags/1",
        ),
        (
            format!(r#""iconUrl":"https://x.example/{}""#, "i".repeat(2048)),
            "/resource/iconUrl",
        ),
        (r#""serviceName":null"#.to_owned(), "/resource/serviceName"),
    ];
    for (member, pointer) in cases {
        let doc = format!(
            r#"{{"x402Version":2,"resource":{{"url":"https://api.example/w",{member}}},"accepts":[{{"scheme":"exact","network":"eip155:84532","amount":"1","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x1111111111111111111111111111111111111111","maxTimeoutSeconds":60}}]}}"#
        );
        let err = x402_spec::PaymentRequired::from_json(doc.as_bytes()).unwrap_err();
        assert_eq!(err.pointer(), pointer, "{member}: {err}");
    }
}
