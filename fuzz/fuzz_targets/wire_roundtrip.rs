//! Every wire type: parse → serialize → parse → serialize, from arbitrary bytes (the first byte
//! picks the type). An accepted document must serialize deterministically (the two
//! serializations are equal byte for byte), and echoed requirements (`accepted`, `accepts[i]`)
//! must keep their exact original bytes through the round trip (v2 §5.2: the facilitator
//! compares `accepted` with what the server offered).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use x402_spec::error::ParseError;
use x402_spec::facilitator::{
    DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedResponse, VerifyResponse,
};
use x402_spec::{PaymentPayload, PaymentRequired, v1, v2};

/// Parses, re-serializes, re-parses, and checks the serialization is a fixed point.
fn round<T: Serialize>(data: &[u8], parse: fn(&[u8]) -> Result<T, ParseError>) -> Option<(T, T)> {
    match parse(data) {
        Ok(first) => {
            let once = serde_json::to_vec(&first).expect("a parsed document serializes");
            let second = match parse(&once) {
                Ok(s) => s,
                Err(e) => panic!(
                    "the serialization of an accepted document does not parse: {e:?}\n{}",
                    String::from_utf8_lossy(&once)
                ),
            };
            let twice = serde_json::to_vec(&second).expect("serializes again");
            assert_eq!(
                String::from_utf8_lossy(&once),
                String::from_utf8_lossy(&twice),
                "serialization is not a fixed point"
            );
            Some((first, second))
        }
        Err(e) => {
            let p = e.pointer();
            assert!(
                p.is_empty() || p.starts_with('/'),
                "not a JSON pointer: {p:?}"
            );
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, doc)) = data.split_first() else {
        return;
    };
    match selector % 13 {
        0 => {
            let _ = round(doc, v1::PaymentRequirements::from_json);
        }
        1 => {
            let _ = round(doc, v1::PaymentRequired::from_json);
        }
        2 => {
            let _ = round(doc, v1::PaymentPayload::from_json);
        }
        3 => {
            let _ = round(doc, v2::PaymentRequirements::from_json);
        }
        4 => {
            if let Some((a, b)) = round(doc, v2::PaymentRequired::from_json) {
                assert_eq!(a.accepts.as_slice().len(), b.accepts.as_slice().len());
                for (x, y) in a.accepts.as_slice().iter().zip(b.accepts.as_slice()) {
                    assert_eq!(x.raw_json(), y.raw_json(), "accepts[i] bytes changed");
                }
            }
        }
        5 => {
            if let Some((a, b)) = round(doc, v2::PaymentPayload::from_json) {
                assert_eq!(
                    a.accepted.raw_json(),
                    b.accepted.raw_json(),
                    "accepted bytes changed"
                );
            }
        }
        6 => {
            let _ = round(doc, PaymentPayload::from_json);
        }
        7 => {
            let _ = round(doc, PaymentRequired::from_json);
        }
        8 => {
            let _ = round(doc, VerifyResponse::from_json);
        }
        9 => {
            let _ = round(doc, SettleResponse::from_json);
        }
        10 => {
            let _ = round(doc, SupportedResponse::from_json);
        }
        11 => {
            if let Some((a, _)) = round(doc, DiscoveryResponse::from_json) {
                for item in &a.items {
                    let _ = item.accepts_v1();
                    let _ = item.accepts_v2();
                }
            }
        }
        _ => {
            if let Some((FacilitatorRequest::V2(a), FacilitatorRequest::V2(b))) =
                round(doc, FacilitatorRequest::from_json)
            {
                assert_eq!(
                    a.payment_payload.accepted.raw_json(),
                    b.payment_payload.accepted.raw_json(),
                    "accepted bytes changed"
                );
            }
        }
    }
});
