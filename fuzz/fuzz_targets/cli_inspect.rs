//! The `x402-spec inspect` path (`x402_spec_cli::inspect_text`, what the binary runs after reading
//! its input) on arbitrary text, every kind, strict and lenient: no panic, exit status 0 or 1,
//! and a report that starts with the transport line or the encoding error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use x402_spec_cli::{Kind, inspect_text};

const KINDS: [Kind; 8] = [
    Kind::Auto,
    Kind::PaymentPayload,
    Kind::PaymentRequired,
    Kind::SettleResponse,
    Kind::VerifyResponse,
    Kind::VerifyRequest,
    Kind::Supported,
    Kind::Discovery,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let lenient = selector & 0x80 != 0;
    let json = selector & 0x40 != 0;
    let (status, report) = inspect_text(text, kind, lenient, json);
    assert!(status <= 1, "exit status {status}");
    assert!(
        report.starts_with("input: ") || report.starts_with("INVALID header encoding"),
        "unexpected report start: {report:?}"
    );
    assert_eq!(status == 0, report.contains("\nVALID\n"));
});
