//! Every header decoder, strict and lenient, on arbitrary header values.
//!
//! Invariants beyond "no panic":
//! - strict decoding is canonical: a value it accepts re-encodes to itself;
//! - lenient mode accepts everything strict mode accepts, with the same bytes;
//! - the document decoders agree with `decode_bytes` + `from_json` (a transport fault is never
//!   hidden, a parsed document is never invented), and every error pointer is RFC 6901.
#![no_main]

use libfuzzer_sys::fuzz_target;
use x402_spec::error::ParseError;
use x402_spec::header::{self, DecodeOptions};

fn pointer_ok(e: &ParseError) {
    let p = e.pointer();
    assert!(
        p.is_empty() || p.starts_with('/'),
        "not a JSON pointer: {p:?}"
    );
}

fn check(value: &str, opts: DecodeOptions) {
    let bytes = header::decode_bytes(value, opts);
    let _ = header::decode_text(value, opts);
    let payload = header::decode_payment_payload(value, opts);
    let required = header::decode_payment_required(value, opts);
    let response = header::decode_payment_response(value, opts);
    for e in [
        payload.as_ref().err(),
        required.as_ref().err(),
        response.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        pointer_ok(e);
    }
    match &bytes {
        Ok(b) => {
            assert_eq!(
                payload.is_ok(),
                x402_spec::PaymentPayload::from_json(b).is_ok()
            );
            assert_eq!(
                required.is_ok(),
                x402_spec::PaymentRequired::from_json(b).is_ok()
            );
            assert_eq!(
                response.is_ok(),
                x402_spec::facilitator::SettleResponse::from_json(b).is_ok()
            );
        }
        Err(_) => assert!(payload.is_err() && required.is_err() && response.is_err()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    check(value, DecodeOptions::strict());
    check(value, DecodeOptions::lenient());
    if let Ok(strict) = header::decode_bytes(value, DecodeOptions::strict()) {
        assert_eq!(
            header::encode_bytes(&strict),
            value,
            "strict decoding is not canonical"
        );
        let lenient = header::decode_bytes(value, DecodeOptions::lenient());
        assert_eq!(
            lenient.as_ref().ok(),
            Some(&strict),
            "lenient refuses a strict value"
        );
    }
});
