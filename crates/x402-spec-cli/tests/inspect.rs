//! `x402-spec inspect` judges the scheme payload too: a payment whose `payload` does not have
//! its scheme's shape is INVALID (exit 1) with the field and the wire code, never VALID.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

const ACCEPTED: &str = r#"{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}"#;

fn authorization(to: &str, value: &str) -> String {
    format!(
        r#"{{"signature":"0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b","authorization":{{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"{to}","value":"{value}","validAfter":"1740672089","validBefore":"1740672154","nonce":"0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"}}}}"#
    )
}

fn payment(payload: &str) -> String {
    format!(r#"{{"x402Version":2,"accepted":{ACCEPTED},"payload":{payload}}}"#)
}

fn inspect(doc: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_x402-spec"))
        .args(["inspect", doc])
        .output()
        .expect("run x402-spec");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const PAY_TO: &str = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

#[test]
fn well_formed_eip3009_payment_is_valid_and_names_the_payer() {
    let (code, out) = inspect(&payment(&authorization(PAY_TO, "10000")));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("VALID"), "{out}");
    assert!(
        out.contains("payer 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        "{out}"
    );
}

#[test]
fn payload_without_the_scheme_shape_is_invalid() {
    let (code, out) = inspect(&payment(r#"{"foo":1}"#));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("INVALID"), "{out}");
    assert!(out.contains("code:    invalid_payload"), "{out}");
}

#[test]
fn non_decimal_value_is_invalid_at_its_pointer() {
    let (code, out) = inspect(&payment(&authorization(PAY_TO, "abc")));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/authorization/value"), "{out}");
}

#[test]
fn a_39_digit_recipient_is_invalid_at_its_pointer() {
    let (code, out) = inspect(&payment(&authorization(
        "0x209693Bc6afc0C5328bA36FaF03C514EF31228",
        "10000",
    )));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/authorization/to"), "{out}");
}

#[test]
fn unknown_scheme_stays_opaque_and_valid() {
    let doc = payment(r#"{"anything":true}"#).replace(r#""scheme":"exact""#, r#""scheme":"later""#);
    let (code, out) = inspect(&doc);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no typed view for scheme later"), "{out}");
}

fn inspect_args(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_x402-spec"))
        .arg("inspect")
        .args(args)
        .output()
        .expect("run x402-spec");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Standard padded base64 of `json`, then re-spelled by `respell`.
fn header_value(json: &str, respell: impl Fn(String) -> String) -> String {
    let b64 = x402_spec::header::encode_bytes(json.as_bytes());
    respell(b64)
}

#[test]
fn scheme_payload_errors_name_the_field_and_the_code() {
    // The three payments `inspect` used to print VALID (issue #14).
    let cases = [
        (payment(r#"{"foo":1}"#), "/payload"),
        (
            payment(&authorization(PAY_TO, "abc")),
            "/payload/authorization/value",
        ),
        (
            payment(&authorization(
                "0x209693Bc6afc0C5328bA36FaF03C514EF31228",
                "10000",
            )),
            "/payload/authorization/to",
        ),
    ];
    for (doc, field) in cases {
        let (code, out) = inspect(&doc);
        assert_eq!(code, 1, "{out}");
        assert!(out.lines().any(|l| l == "INVALID"), "{out}");
        assert!(!out.lines().any(|l| l == "VALID"), "{out}");
        assert!(out.contains("code:    invalid_payload"), "{out}");
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with("field:"))
            .unwrap_or("");
        assert!(
            line.contains(field),
            "field line {line:?} should name {field}: {out}"
        );
    }
}

#[test]
fn unpadded_base64_suggests_lenient_and_lenient_accepts_it() {
    // Trailing white space (allowed around JSON) until the encoding needs `=` padding.
    let mut doc = payment(&authorization(PAY_TO, "10000"));
    while doc.len().is_multiple_of(3) {
        doc.push(' ');
    }
    let padded = header_value(&doc, |b| b);
    assert!(
        padded.ends_with('='),
        "the fixture must need padding: {padded}"
    );
    let unpadded = padded.trim_end_matches('=').to_owned();
    let (code, out) = inspect_args(&[&unpadded]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("hint:") && out.contains("unpadded base64"),
        "{out}"
    );
    assert!(out.contains("--lenient"), "{out}");
    let (code, out) = inspect_args(&["--lenient", &unpadded]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn url_safe_base64_suggests_lenient() {
    // `?>` and `~` make `+` and `/` in standard base64, so the URL-safe spelling differs.
    let doc = format!(r#"{{"x402Version":2,"accepted":{ACCEPTED},"payload":{{"note":"??>>~~"}}}}"#)
        .replace(r#""scheme":"exact""#, r#""scheme":"later""#);
    let url_safe = header_value(&doc, |b| b.replace('+', "-").replace('/', "_"));
    assert!(url_safe.contains(['-', '_']), "{url_safe}");
    let (code, out) = inspect_args(&[&url_safe]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("URL-safe base64"), "{out}");
    assert!(out.contains("--lenient"), "{out}");
    let (code, out) = inspect_args(&["--lenient", &url_safe]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn garbage_gets_no_lenient_hint() {
    let (code, out) = inspect_args(&["not*base64"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("--lenient"), "{out}");
}

#[test]
fn json_output_is_indented_throughout() {
    // A compact document: `accepted` is kept as the sender's exact JSON, and used to be printed
    // on one line inside the indented output.
    let doc = payment(&authorization(PAY_TO, "10000"));
    let (code, out) = inspect_args(&["--json", &doc]);
    assert_eq!(code, 0, "{out}");
    let json_start = out.find("\n{\n").expect("the JSON after the summary") + 1;
    let json = &out[json_start..];
    let reparsed: serde_json::Value = serde_json::from_str(json).expect("the JSON part parses");
    assert_eq!(
        json.trim_end(),
        serde_json::to_string_pretty(&reparsed).unwrap()
    );
    assert!(
        json.contains("\n  \"accepted\": {\n    \"scheme\": \"exact\",\n"),
        "{json}"
    );
}
