use super::*;
use crate::case::VerdictKind;
use crate::http::RecordedRequest;

fn ex(status: u16, headers: Vec<Header>, body: &str) -> Exchange {
    Exchange {
        request: RecordedRequest {
            method: "GET".into(),
            url: "u".into(),
            headers: vec![],
            body: Bytes::new(),
        },
        response: Ok(Response {
            status,
            headers,
            body: Bytes::from(body.to_owned()),
            truncated: false,
        }),
        elapsed: std::time::Duration::ZERO,
    }
}

#[test]
fn bad_header_judgements_follow_the_profile() {
    let four = ex(400, vec![], r#"{"error":"Invalid payment"}"#);
    let five = ex(500, vec![], "boom");
    let ok = ex(200, vec![], "{}");
    let plain402 = ex(402, vec![], "{}");
    for input in BadHeader::ALL {
        assert_eq!(
            judge_bad_refused(input, &ok, Profile::Ts).kind(),
            VerdictKind::Failed
        );
        assert_eq!(
            judge_bad_refused(input, &five, Profile::Strict).kind(),
            VerdictKind::Failed
        );
    }
    // No profile tolerates a 5xx for the client's malformed header: Python's 500 for a v1
    // payload is a listed SDK defect (interop/known-defects.tsv), not a profile behaviour.
    for profile in [Profile::Ts, Profile::Go, Profile::Py] {
        assert_eq!(
            judge_bad_refused(BadHeader::V1Payload, &five, profile).kind(),
            VerdictKind::Failed
        );
    }
    assert_eq!(
        judge_bad_status(BadHeader::NotJson, &four, Profile::Strict).kind(),
        VerdictKind::Passed
    );
    assert_eq!(
        judge_bad_status(BadHeader::NotJson, &four, Profile::Ts).kind(),
        VerdictKind::Failed
    );
    let st = judge_bad_status(BadHeader::NotJson, &plain402, Profile::Ts);
    assert_eq!(
        st.kind(),
        VerdictKind::Failed,
        "402 without PAYMENT-REQUIRED"
    );
    assert!(st.message().contains("PAYMENT-REQUIRED"), "{st:?}");
    assert_eq!(
        judge_bad_status(BadHeader::Mismatched, &four, Profile::Go).kind(),
        VerdictKind::Failed
    );
}

#[test]
fn a_refused_paid_request_quotes_the_settlement_receipt() {
    let receipt = header::encode_bytes(
        br#"{"success":false,"errorReason":"transaction_failed","errorMessage":"nonce too low","transaction":"","network":"eip155:84532"}"#,
    );
    let e = ex(402, vec![("payment-response".into(), receipt)], "{}");
    let note = cause_note(response_of(&e).unwrap());
    assert!(note.contains("PAYMENT-RESPONSE success:false"), "{note}");
    assert!(note.contains("transaction_failed"), "{note}");
    assert!(note.contains("nonce too low"), "{note}");
    assert!(note.contains("server's facilitator"), "{note}");
    // Nothing else to quote: the start of the body.
    let e = ex(500, vec![], "Internal Server Error: upstream");
    let note = cause_note(response_of(&e).unwrap());
    assert_eq!(note, ", body \"Internal Server Error: upstream\"");
}
