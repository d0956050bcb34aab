//! `FacilitatorRequest::from_json` on arbitrary bytes: no panic, errors point into the document
//! with one of the parse codes, and an accepted request serializes to bytes that parse again to
//! the same serialization (deterministic, lossless for unknown members).
#![no_main]

use libfuzzer_sys::fuzz_target;
use x402_spec::codes::ErrorCode;
use x402_spec::facilitator::FacilitatorRequest;

fuzz_target!(|data: &[u8]| {
    match FacilitatorRequest::from_json(data) {
        Ok(r) => {
            let once = serde_json::to_vec(&r).expect("a parsed request serializes");
            let again = FacilitatorRequest::from_json(&once).expect("its serialization parses");
            let twice = serde_json::to_vec(&again).expect("serializes again");
            assert_eq!(once, twice, "serialization is not stable");
            assert_eq!(r.version(), again.version());
        }
        Err(e) => {
            let p = e.pointer();
            assert!(
                p.is_empty() || p.starts_with('/'),
                "not a JSON pointer: {p:?}"
            );
            assert!(!e.message().is_empty());
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::InvalidPayload
                        | ErrorCode::InvalidPaymentRequirements
                        | ErrorCode::InvalidX402Version
                ),
                "unexpected code {:?}",
                e.code()
            );
        }
    }
});
