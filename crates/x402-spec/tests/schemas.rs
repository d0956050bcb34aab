//! The generated JSON Schemas: current on disk, valid 2020-12, and in agreement with the Rust
//! parser on every spec example and on a set of invalid documents (both directions).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use x402_spec::{facilitator, schema, v1, v2};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema_value(path: &str) -> Value {
    schema::generate()
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no schema {path}"))
        .schema
}

fn validator(path: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema_value(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

type Parser = fn(&[u8]) -> Result<(), String>;

fn parser(kind: &str) -> Option<(&'static str, Parser)> {
    fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<(), String> {
        r.map(|_| ()).map_err(|e| e.to_string())
    }
    Some(match kind {
        "PaymentRequired.v1" => ("v1/PaymentRequired.json", |b| {
            ok(v1::PaymentRequired::from_json(b))
        }),
        "PaymentRequired.v2" => ("v2/PaymentRequired.json", |b| {
            ok(v2::PaymentRequired::from_json(b))
        }),
        "PaymentPayload.v1" => ("v1/PaymentPayload.json", |b| {
            ok(v1::PaymentPayload::from_json(b))
        }),
        "PaymentPayload.v2" => ("v2/PaymentPayload.json", |b| {
            ok(v2::PaymentPayload::from_json(b))
        }),
        "PaymentRequirements.v1" => ("v1/PaymentRequirements.json", |b| {
            ok(v1::PaymentRequirements::from_json(b))
        }),
        "PaymentRequirements.v2" => ("v2/PaymentRequirements.json", |b| {
            ok(v2::PaymentRequirements::from_json(b))
        }),
        "VerifyRequest" | "SettleRequest" => ("facilitator/VerifyRequest.json", |b| {
            ok(facilitator::FacilitatorRequest::from_json(b))
        }),
        "VerifyResponse" => ("facilitator/VerifyResponse.json", |b| {
            ok(facilitator::VerifyResponse::from_json(b))
        }),
        "SettleResponse" => ("facilitator/SettleResponse.json", |b| {
            ok(facilitator::SettleResponse::from_json(b))
        }),
        "SupportedResponse" => ("facilitator/SupportedResponse.json", |b| {
            ok(facilitator::SupportedResponse::from_json(b))
        }),
        "DiscoveryResponse" => ("facilitator/DiscoveryResponse.json", |b| {
            ok(facilitator::DiscoveryResponse::from_json(b))
        }),
        _ => return None,
    })
}

#[test]
fn checked_in_schemas_are_current() {
    let dir = repo().join("schemas");
    let mut stale = Vec::new();
    for f in schema::generate() {
        let want = schema::render(&f).unwrap();
        let have = std::fs::read_to_string(dir.join(&f.path)).unwrap_or_default();
        if want != have {
            stale.push(f.path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas {stale:?}: run `cargo run -p x402-spec-cli -- schemas`"
    );
}

#[test]
fn every_schema_is_valid_2020_12_without_rust_formats() {
    let meta = jsonschema::draft202012::meta::validator();
    for f in schema::generate() {
        if f.path == "index.json" {
            continue;
        }
        assert!(
            meta.is_valid(&f.schema),
            "{} is not a valid 2020-12 schema",
            f.path
        );
        let text = f.schema.to_string();
        for fmt in [
            "\"uint8\"",
            "\"uint64\"",
            "\"int64\"",
            "\"uint\"",
            "\"double\"",
        ] {
            assert!(
                !text.contains(&format!("\"format\":{fmt}")),
                "{} keeps format {fmt}",
                f.path
            );
        }
        validator(&f.path);
    }
}

/// Fixtures where a spec example is expected to be rejected, and why. Both the schema and the
/// parser must reject them (checked below); anything not listed must be accepted by both.
const EXPECTED_INVALID: &[(&str, &str)] = &[
    (
        "x402-specification-v1__verify-request-template.json",
        "schematic template with empty objects",
    ),
    (
        "x402-specification-v2__verify-request-template.json",
        "schematic template with empty objects",
    ),
    (
        "transports-v1-http__payment-failed-402-body.json",
        "accepts elided to [] (at least one entry required)",
    ),
    (
        "transports-v1-http__error-response-format.json",
        "accepts elided to [] (at least one entry required)",
    ),
    (
        "scheme_exact_svm__settlement-response.json",
        "prose placeholders as payer",
    ),
    ("bazaar__payment-required-get.json", "accepts elided to []"),
    ("bazaar__payment-required-post.json", "accepts elided to []"),
    (
        "bazaar__payment-required-mcp-tool.json",
        "accepts elided to []",
    ),
    (
        "eip2612_gas_sponsoring__payment-required.json",
        "x402Version is the string \"2\" (docs/protocol/disagreements.md #15)",
    ),
    (
        "eip2612_gas_sponsoring__payment-payload.json",
        "x402Version is a string; `accepts` instead of `accepted`",
    ),
    (
        "erc20_gas_sponsoring__payment-required.json",
        "x402Version is the string \"2\"",
    ),
    (
        "erc20_gas_sponsoring__payment-payload.json",
        "x402Version is a string; `accepts` instead of `accepted`",
    ),
    (
        "sign-in-with-x__payment-required.json",
        "x402Version is the string \"2\"",
    ),
    (
        "sign-in-with-x__payment-required-multi-chain.json",
        "x402Version is the string \"2\"",
    ),
];

#[test]
fn spec_examples_schema_and_parser_agree() {
    let dir = repo().join("crates/x402-spec/tests/fixtures/spec");
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut expected_seen = 0;
    for entry in &manifest {
        let (Some(kind), Some(file)) = (entry["kind"].as_str(), entry["file"].as_str()) else {
            continue;
        };
        let Some((schema_path, parse)) = parser(kind) else {
            continue;
        };
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        let schema_ok = validator(schema_path).is_valid(&doc);
        let rust = parse(&bytes);
        let expected_invalid = EXPECTED_INVALID.iter().find(|(f, _)| *f == file);
        if expected_invalid.is_some() {
            expected_seen += 1;
        }
        let want = expected_invalid.is_none();
        if schema_ok != want || rust.is_ok() != want {
            problems.push(format!(
                "{file} ({kind}): expected {}, schema {}, parser {:?}",
                if want { "valid" } else { "invalid" },
                if schema_ok { "valid" } else { "invalid" },
                rust
            ));
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} typed fixtures");
    assert_eq!(
        expected_seen,
        EXPECTED_INVALID.len(),
        "an EXPECTED_INVALID entry names no fixture"
    );
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Envelope-valid examples whose scheme payload is a placeholder or uses a form the scheme view
/// refuses: the wire layer keeps `payload` opaque, the typed views reject it with a pointer.
#[test]
fn spec_example_payloads_through_scheme_views() {
    use x402_spec::schemes::{ExactEvmPayload, ExactSvmPayload, UptoPermit2Payload};
    let dir = repo().join("crates/x402-spec/tests/fixtures/spec");
    let load = |f: &str| -> v2::PaymentPayload {
        v2::PaymentPayload::from_json(&std::fs::read(dir.join(f)).unwrap()).unwrap()
    };
    // The core example is a real EIP-3009 payload.
    let p = load("x402-specification-v2__payment-payload.json");
    assert!(matches!(
        ExactEvmPayload::from_payload(&p.payload).unwrap(),
        ExactEvmPayload::Eip3009(_)
    ));
    let p = load("scheme_exact_evm__permit2-payment-payload.json");
    assert!(matches!(
        ExactEvmPayload::from_payload(&p.payload).unwrap(),
        ExactEvmPayload::Permit2(_)
    ));
    // The upto example writes its Permit2 nonce in hex (docs/protocol/disagreements.md #18): refused, with the field.
    let p = load("scheme_upto_evm__payment-payload.json");
    let e = UptoPermit2Payload::from_payload(&p.payload).unwrap_err();
    assert!(
        e.pointer().starts_with("/payload/permit2Authorization/"),
        "{e}"
    );
    // The SVM example's transaction is a truncated placeholder ("AAAA...AAAA="): not base64.
    let p = load("scheme_exact_svm__payment-payload.json");
    let e = ExactSvmPayload::from_payload(&p.payload).unwrap_err();
    assert_eq!(e.pointer(), "/payload/transaction", "{e}");
    // The /verify request examples use "0x..." placeholders.
    let r = facilitator::FacilitatorRequest::from_json(
        &std::fs::read(dir.join("x402-specification-v2__verify-request.json")).unwrap(),
    )
    .unwrap();
    let facilitator::FacilitatorRequest::V2(r) = r else {
        panic!("v2")
    };
    let e = ExactEvmPayload::from_payload(&r.payment_payload.payload).unwrap_err();
    assert_eq!(e.pointer(), "/payload/signature", "{e}");
}

#[test]
fn header_examples_decode_to_their_fixtures() {
    let dir = repo().join("crates/x402-spec/tests/fixtures/spec");
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut n = 0;
    for entry in manifest {
        let Some(b64) = entry["headerBase64"].as_str() else {
            continue;
        };
        let file = entry["file"].as_str().unwrap();
        let text = x402_spec::header::decode_text(b64, x402_spec::header::DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            text.as_bytes(),
            std::fs::read(dir.join(file)).unwrap().as_slice(),
            "{file}"
        );
        n += 1;
    }
    assert!(n >= 8, "{n} header examples");
}

fn valid_payload() -> Value {
    json!({
        "x402Version": 2,
        "resource": { "url": "https://api.example.com/premium-data", "description": "d", "mimeType": "application/json" },
        "accepted": {
            "scheme": "exact", "network": "eip155:84532", "amount": "10000",
            "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
            "payTo": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
            "maxTimeoutSeconds": 60, "extra": { "name": "USDC", "version": "2" }
        },
        "payload": { "signature": "0x00" }
    })
}

fn mutate(mut doc: Value, pointer: &str, value: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    match value {
        Some(v) => {
            target.insert(key.to_owned(), v);
        }
        None => {
            target.shift_remove(key);
        }
    }
    doc
}

#[test]
fn invalid_documents_are_rejected_by_schema_and_parser() {
    let v = validator("v2/PaymentPayload.json");
    assert!(v.is_valid(&valid_payload()));
    v2::PaymentPayload::from_json(valid_payload().to_string().as_bytes()).unwrap();
    let cases: Vec<(&str, Option<Value>)> = vec![
        ("/x402Version", Some(json!(3))),
        ("/x402Version", Some(json!("2"))),
        ("/x402Version", None),
        ("/accepted", None),
        ("/payload", None),
        ("/payload", Some(json!([]))),
        ("/resource", Some(json!({ "description": "no url" }))),
        ("/resource/url", Some(json!(""))),
        ("/accepted/amount", Some(json!("1e4"))),
        ("/accepted/amount", Some(json!(""))),
        ("/accepted/amount", Some(json!("-1"))),
        ("/accepted/amount", Some(json!("+1"))),
        ("/accepted/amount", Some(json!("0x2710"))),
        ("/accepted/amount", Some(json!("010000"))),
        ("/accepted/amount", Some(json!(" 10000"))),
        ("/accepted/amount", Some(json!(10000))),
        ("/accepted/amount", None),
        ("/accepted/network", Some(json!("eip155:"))),
        ("/accepted/network", Some(json!(":1"))),
        ("/accepted/network", Some(json!("EIP155:1"))),
        ("/accepted/network", Some(json!("eip155:8453:extra"))),
        ("/accepted/network", Some(json!("base"))),
        ("/accepted/payTo", Some(json!(""))),
        (
            "/accepted/payTo",
            Some(json!(" 0x209693Bc6afc0C5328bA36FaF03C514EF312287C")),
        ),
        ("/accepted/scheme", Some(json!(""))),
        ("/accepted/maxTimeoutSeconds", Some(json!(60.5))),
        ("/accepted/maxTimeoutSeconds", Some(json!("60"))),
        ("/accepted/maxTimeoutSeconds", Some(json!(0))),
        ("/accepted/maxTimeoutSeconds", Some(json!(-5))),
        ("/accepted/extra", Some(json!([1]))),
        ("/accepted/extra", Some(json!("x"))),
        ("/extensions", Some(json!("x"))),
        ("/extensions", Some(json!({ "bazaar": { "schema": {} } }))),
    ];
    let mut problems = Vec::new();
    for (ptr, value) in &cases {
        let doc = mutate(valid_payload(), ptr, value.clone());
        let schema_ok = v.is_valid(&doc);
        let rust = v2::PaymentPayload::from_json(doc.to_string().as_bytes());
        if schema_ok || rust.is_ok() {
            problems.push(format!(
                "{ptr} = {value:?}: schema valid {schema_ok}, parser {:?}",
                rust.map(|_| ())
            ));
        }
    }
    // Facilitator responses.
    let vr = validator("facilitator/VerifyResponse.json");
    let sr = validator("facilitator/SettleResponse.json");
    let sup = validator("facilitator/SupportedResponse.json");
    let others: Vec<(&jsonschema::Validator, Value, Parser)> = vec![
        (&vr, json!({ "isValid": "true" }), |b| {
            facilitator::VerifyResponse::from_json(b)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }),
        (&vr, json!({ "invalidReason": "x" }), |b| {
            facilitator::VerifyResponse::from_json(b)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }),
        (&vr, json!({ "isValid": true, "payer": "" }), |b| {
            facilitator::VerifyResponse::from_json(b)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }),
        (
            &sr,
            json!({ "success": false, "network": "eip155:8453" }),
            |b| {
                facilitator::SettleResponse::from_json(b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            },
        ),
        (
            &sr,
            json!({ "success": true, "transaction": "0x1", "network": "eip155:" }),
            |b| {
                facilitator::SettleResponse::from_json(b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            },
        ),
        (
            &sr,
            json!({ "success": false, "transaction": "", "network": "eip155:8453", "amount": "1.5" }),
            |b| {
                facilitator::SettleResponse::from_json(b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            },
        ),
        (
            &sup,
            json!({ "kinds": [{ "x402Version": 3, "scheme": "exact", "network": "eip155:8453" }] }),
            |b| {
                facilitator::SupportedResponse::from_json(b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            },
        ),
        (
            &sup,
            json!({ "kinds": [], "signers": { "eip155": ["0x209693Bc6afc0C5328bA36FaF03C514EF312287C"] } }),
            |b| {
                facilitator::SupportedResponse::from_json(b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            },
        ),
    ];
    for (val, doc, parse) in others {
        let schema_ok = val.is_valid(&doc);
        let rust = parse(doc.to_string().as_bytes());
        if schema_ok || rust.is_ok() {
            problems.push(format!("{doc}: schema valid {schema_ok}, parser {rust:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "accepted invalid documents:\n{}",
        problems.join("\n")
    );
}
