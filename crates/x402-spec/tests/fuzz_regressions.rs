//! Regression tests for what the fuzz targets (fuzz/fuzz_targets/, docs/reliability.md) found.
//! Each test is the minimal input of one finding. Where a dev-dependency of this workspace hides
//! the defect (a Cargo feature it turns on), the test says so; the fuzz workspace, which has none
//! of these dev-dependencies, is where the finding reproduces without its fix.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use x402_spec::facilitator::DiscoveryResponse;
use x402_spec::v2;

/// Parses with `parse`, serializes, parses the serialization, serializes again: the two
/// serializations must be identical (deterministic serialization of unknown members).
fn fixed_point<T: serde::Serialize>(
    doc: &str,
    parse: fn(&[u8]) -> Result<T, x402_spec::error::ParseError>,
) -> (String, String) {
    let once = serde_json::to_string(&parse(doc.as_bytes()).unwrap()).unwrap();
    let twice = serde_json::to_string(&parse(once.as_bytes()).unwrap()).unwrap();
    (once, twice)
}

/// `wire_roundtrip` (selector 11): a float kept as opaque JSON (`accepts[i]` of a discovery item)
/// re-serialized to a different float, because serde_json's default float parser is not
/// correctly rounded (`2.2222222222222226e114` read back as `…223e114`). Fixed by the
/// `float_roundtrip` feature of serde_json in the workspace dependencies. Inside this workspace the
/// dev-dependency `jsonschema` also turns that feature on, so before the fix only the normal build
/// (what users of the crate get, and the fuzz workspace) had the defect.
#[test]
fn discovery_item_float_is_a_fixed_point() {
    let doc = r#"{"x402Version":1,"items":[{"resource":"https://api.example.com/r","type":"http",
        "x402Version":1,"accepts":[{"maxTimeoutSeconds":2.2222222222222226e+114}],
        "lastUpdated":1703123456}],"pagination":{"limit":10,"offset":0,"total":1}}"#;
    let (once, twice) = fixed_point(doc, DiscoveryResponse::from_json);
    assert_eq!(once, twice);
    assert!(once.contains("2.2222222222222226e+114"), "{once}");
}

/// The same rounding through an unknown member kept by a typed wire object (`extra`).
#[test]
fn unknown_member_float_is_a_fixed_point() {
    let doc = r#"{"scheme":"exact","network":"eip155:84532","amount":"1",
        "asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e",
        "payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,
        "extra":{"name":"USDC","version":"2","x":2.2222222222222226e+114}}"#;
    let (once, twice) = fixed_point(doc, v2::PaymentRequirements::from_json);
    assert_eq!(once, twice);
    assert!(once.contains("2.2222222222222226e+114"), "{once}");
}
