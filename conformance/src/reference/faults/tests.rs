use std::collections::BTreeSet;
use std::sync::Arc;

use x402_spec::client::{FixedNonce, pay_v2};
use x402_spec::evm::LocalSigner;
use x402_spec::facilitator::{SettleOutcome, SettleResponse, VerifyResponse};
use x402_spec::primitives::EvmAddress;
use x402_spec::v2::{self, NonEmpty, ResourceInfo};

use super::*;
use crate::reference::facilitator::REFERENCE_PAYER_KEY;
use crate::reference::resource::ReferenceResource;

fn facilitator() -> FaultyFacilitator {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    FaultyFacilitator::new(payer.address()).unwrap()
}

/// A `/verify`-`/settle` body for a fresh payment with nonce `[n; 32]`.
fn body(n: u8) -> (Vec<u8>, String) {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let backend = Arc::new(ReferenceBackend::new(payer.address(), BTreeSet::new()).unwrap());
    let resource = ReferenceResource::new(
        backend,
        EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
        BTreeSet::new(),
    )
    .unwrap();
    let offered = resource.offers()[0].clone();
    let pr = v2::PaymentRequired::new(
        ResourceInfo::new("http://127.0.0.1/paid").unwrap(),
        NonEmpty::new(vec![offered.clone()]).unwrap(),
    );
    let now = crate::ctx::unix_now();
    let p = pay_v2(&payer, &pr, 0, now, &mut FixedNonce([n; 32])).unwrap();
    let body = serde_json::to_vec(&json!({
        "x402Version": 2,
        "paymentPayload": p,
        "paymentRequirements": serde_json::from_str::<Value>(offered.raw_json()).unwrap(),
    }))
    .unwrap();
    (body, format!("0x{}", hex_of(n)))
}

fn hex_of(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

#[test]
fn nonce_is_read_from_either_authorization() {
    let (b, nonce) = body(7);
    assert_eq!(payment_nonce(&b).as_deref(), Some(nonce.as_str()));
    let permit2 = br#"{"paymentPayload":{"payload":{"permit2Authorization":{"nonce":"42"}}}}"#;
    assert_eq!(payment_nonce(permit2).as_deref(), Some("42"));
    assert_eq!(payment_nonce(b"not json"), None);
    assert_eq!(payment_nonce(br#"{"paymentPayload":{}}"#), None);
}

#[test]
fn without_a_fault_payments_pass_through_and_are_recorded() {
    let f = facilitator();
    let (b, nonce) = body(1);
    let (status, v) = f.verify(&b);
    assert_eq!(status, 200);
    assert!(VerifyResponse::from_json(&v).unwrap().is_valid);
    let (status, s) = f.settle(&b);
    assert_eq!(status, 200);
    assert!(SettleResponse::from_json(&s).unwrap().success);
    let calls = f.calls_for(&nonce.to_ascii_uppercase().replace("0X", "0x"));
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].answer, Answer::Status(200, "valid"));
    assert_eq!(calls[1].answer, Answer::Status(200, "settled"));
    assert!(!f.stalls_on_endpoint(true, &b));
    assert!(f.supported().get("kinds").is_some());
}

#[test]
fn error_faults_answer_as_named_and_settle_nothing() {
    let f = facilitator();
    let cases = [
        (
            FacilitatorFault::VerifyUnavailable,
            2u8,
            true,
            500u16,
            "error",
        ),
        (FacilitatorFault::VerifyGarbage, 3, true, 200, "garbage"),
        (FacilitatorFault::SettleUnavailable, 4, false, 500, "error"),
        (FacilitatorFault::SettleGarbage, 5, false, 200, "garbage"),
        (FacilitatorFault::SettleRefused, 6, false, 200, "failed"),
    ];
    for (fault, n, on_verify, status, what) in cases {
        let (b, nonce) = body(n);
        f.inject(&nonce, fault);
        let (got, bytes) = if on_verify {
            f.verify(&b)
        } else {
            f.settle(&b)
        };
        assert_eq!(got, status, "{fault}");
        let last = f.calls_for(&nonce).pop().unwrap();
        assert_eq!(last.answer, Answer::Status(status, what), "{fault}");
        if what == "garbage" {
            assert_eq!(bytes, GARBAGE_BODY);
        }
        if fault == FacilitatorFault::SettleRefused {
            let r = SettleResponse::from_json(&bytes).unwrap();
            assert_eq!(r.outcome(), SettleOutcome::Failed);
        }
        // A fault on the other endpoint leaves this one alone.
        let (other, _) = if on_verify {
            f.settle(&b)
        } else {
            f.verify(&b)
        };
        assert_eq!(other, 200, "{fault}");
    }
    // Nothing was settled by a settle fault: the same payment still settles afterwards.
    let (b, _) = body(4);
    let f2 = facilitator();
    assert!(SettleResponse::from_json(&f2.settle(&b).1).unwrap().success);
}

#[test]
fn hang_faults_stall_only_their_endpoint() {
    let f = facilitator();
    let (b, nonce) = body(8);
    f.inject(&nonce, FacilitatorFault::VerifyHangs);
    assert!(f.stalls_on_endpoint(true, &b));
    assert!(!f.stalls_on_endpoint(false, &b));
    assert_eq!(f.calls_for(&nonce)[0].answer, Answer::Hung);
    let (b, nonce) = body(9);
    f.inject(&nonce, FacilitatorFault::SettleHangs);
    assert!(f.stalls_on_endpoint(false, &b));
    assert!(!f.stalls_on_endpoint(true, &b));
}

#[test]
fn pending_once_settles_once_then_answers_the_settlement() {
    let f = facilitator();
    let (b, nonce) = body(10);
    f.inject(&nonce, FacilitatorFault::SettlePendingOnce);
    let first = SettleResponse::from_json(&f.settle(&b).1).unwrap();
    assert_eq!(first.outcome(), SettleOutcome::Pending);
    assert!(!first.transaction.is_empty());
    let second = SettleResponse::from_json(&f.settle(&b).1).unwrap();
    assert_eq!(second.outcome(), SettleOutcome::Settled);
    assert_eq!(second.transaction, first.transaction);
    let answers: Vec<Answer> = f.calls_for(&nonce).into_iter().map(|c| c.answer).collect();
    assert_eq!(
        answers,
        vec![
            Answer::Status(200, "pending"),
            Answer::Status(200, "settled")
        ]
    );
}

#[test]
fn pending_always_never_answers_settled() {
    let f = facilitator();
    let (b, nonce) = body(11);
    f.inject(&nonce, FacilitatorFault::SettlePendingAlways);
    for _ in 0..3 {
        let r = SettleResponse::from_json(&f.settle(&b).1).unwrap();
        assert_eq!(r.outcome(), SettleOutcome::Pending);
    }
    assert_eq!(f.calls_for(&nonce).len(), 3);
}

#[test]
fn names_are_distinct_and_endpoints_consistent() {
    let names: BTreeSet<&str> = FacilitatorFault::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(names.len(), FacilitatorFault::ALL.len());
    for f in FacilitatorFault::ALL {
        assert_eq!(
            f.name().starts_with("verify"),
            f.endpoint() == Endpoint::Verify
        );
        assert_eq!(f.to_string(), f.name());
    }
}
