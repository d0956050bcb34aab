use super::*;
use crate::case::VerdictKind;
use x402_spec::client::{FixedNonce, pay_v2};
use x402_spec::evm::LocalSigner;

const NOW: u64 = 1_750_000_000;

#[test]
fn command_templates() {
    let t = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        command_for(&t(&["node", "c.js", "--url={url}"]), "http://x"),
        t(&["node", "c.js", "--url=http://x"])
    );
    assert_eq!(
        command_for(&t(&["curl"]), "http://x"),
        t(&["curl", "http://x"])
    );
}

/// A request carrying a payment signed by the x402-spec client for `offers[index]`, with the
/// validity window that `max_timeout` gives.
fn paid_request(offers: &[Value], index: usize, max_timeout: u64) -> HttpRequest {
    let mut signed_offers = offers.to_vec();
    signed_offers[index]["maxTimeoutSeconds"] = json!(max_timeout);
    let doc =
        json!({"x402Version": 2, "resource": {"url": "http://h/r"}, "accepts": signed_offers});
    let pr = v2_required(&doc);
    let payer =
        LocalSigner::from_bytes(&crate::reference::facilitator::REFERENCE_PAYER_KEY).unwrap();
    let mut p = pay_v2(&payer, &pr, index, NOW, &mut FixedNonce([3; 32])).unwrap();
    // Echo the offer as served (the window was signed for max_timeout).
    let served = json!({"x402Version": 2, "resource": {"url": "http://h/r"}, "accepts": offers});
    p.accepted = v2_required(&served).accepts[index].clone();
    HttpRequest {
        method: "GET".into(),
        target: "/resource".into(),
        headers: vec![("payment-signature".into(), header::encode(&p).unwrap())],
        body: bytes::Bytes::new(),
        received_at: UNIX_EPOCH + Duration::from_secs(NOW),
    }
}

fn v2_required(doc: &Value) -> x402_spec::v2::PaymentRequired {
    x402_spec::v2::PaymentRequired::from_json(&serde_json::to_vec(doc).unwrap()).unwrap()
}

#[test]
fn attempts_are_matched_verified_and_windowed() {
    let offers = offers(
        Scenario::V2Mixed,
        "http://h/r",
        "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
        U256::from(1_000_000u64),
    );
    let a = evaluate(&paid_request(&offers, 3, CLIENT_MAX_TIMEOUT), &offers, NOW).unwrap();
    assert_eq!(a.matched, Some(3));
    assert!(matches!(a.verdict, Judgement::Valid), "{:?}", a.verdict);
    assert_eq!(a.offered_raw, a.accepted_raw().unwrap());
    assert_eq!(
        judge_window(&a, Profile::Strict, 0).kind(),
        VerdictKind::Passed
    );
    // An hour-long window: too long for the spec, what the Go client signs.
    let long = evaluate(&paid_request(&offers, 3, 3600), &offers, NOW).unwrap();
    assert_eq!(
        judge_window(&long, Profile::Strict, 0).kind(),
        VerdictKind::Failed
    );
    assert_eq!(
        judge_window(&long, Profile::Go, 0).kind(),
        VerdictKind::Passed
    );
    assert_eq!(
        judge_header(&a, Scenario::V2Mixed).kind(),
        VerdictKind::Passed
    );
    assert_eq!(
        judge_header(&a, Scenario::V1Usdc).kind(),
        VerdictKind::Failed
    );
    let none = HttpRequest {
        headers: vec![],
        ..paid_request(&offers, 3, 1)
    };
    assert!(evaluate(&none, &offers, NOW).is_none());
}
