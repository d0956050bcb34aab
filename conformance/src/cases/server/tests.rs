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
    assert_eq!(
        judge_bad_refused(BadHeader::V1Payload, &five, Profile::Py).kind(),
        VerdictKind::Passed
    );
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
