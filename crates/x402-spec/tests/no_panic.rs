//! Every public parser, fed arbitrary bytes, arbitrary JSON, and one-step structural mutations
//! of valid documents (`x402_spec_testkit::arbitrary::json_mutation`), never panics, and every error it returns
//! names a real place in the input:
//!
//! - the pointer is RFC 6901 (`""` or starting with `/`), the message is not empty, and the code
//!   is one of the three parse codes (`invalid_payload`, `invalid_payment_requirements`,
//!   `invalid_x402_version`);
//! - when the input is valid JSON (without duplicate keys, whose later value would hide the
//!   first), the error is not a syntax error and its pointer resolves in the input with
//!   `serde_json::Value::pointer` — except for `missing_field` errors, whose pointer's *parent*
//!   must resolve.
//!
//! Views over parts of a document (`schemes::*::from_payload`, `extra::*::from_extra`,
//! `Extensions::get`, `DiscoveryItem::accepts_v*`) report pointers relative to the document that
//! holds the part (`/payload/...`, `/extra/...`, `/extensions/<key>/...`, `/accepts/<i>/...`), so
//! they are checked against that document.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::HashSet;
use std::fmt;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};

use x402_spec::codes::ErrorCode;
use x402_spec::common::{AnyNetwork, Hex32, HexBytes, Scheme, TimeoutSeconds, Token, V1Network};
use x402_spec::error::{ParseError, ParseErrorKind};
use x402_spec::extensions::{
    BAZAAR, Bazaar, EIP2612_GAS_SPONSORING, ERC20_APPROVAL_GAS_SPONSORING, Eip2612GasSponsoring,
    Erc20ApprovalGasSponsoring, ExtensionVersion, PAYMENT_IDENTIFIER, PaymentId, PaymentIdentifier,
    RouteTemplate,
};
use x402_spec::extra::{EvmExtra, Memo, SvmExtra};
use x402_spec::facilitator::{
    DiscoveryItem, DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedResponse,
    VerifyResponse,
};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::primitives::{
    Address, DecimalU256, EvmAddress, Network, NetworkPattern, SolanaAddress, UnixTimestamp,
};
use x402_spec::schemes::{
    Base64Blob, ExactEip3009Payload, ExactEvmPayload, ExactPermit2Payload, ExactSvmPayload,
    UptoPermit2Payload,
};
use x402_spec::v2::{ExtensionEnvelope, Extensions};
use x402_spec::wire::JsonObject;
use x402_spec::{v1, v2};
use x402_spec_testkit::arbitrary as arb;

/// Cases per property (overridable with `PROPTEST_CASES`); failures are not persisted to files.
fn config(cases: u32) -> ProptestConfig {
    // `PROPTEST_CASES` overrides the per-suite default for longer fuzzing runs.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The error property

/// Accepts any JSON but fails on an object with a repeated key (at any depth).
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NoDuplicateKeys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
                Ok(NoDuplicateKeys)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut seen = HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key) {
                        return Err(de::Error::custom("duplicate key"));
                    }
                    map.next_value::<NoDuplicateKeys>()?;
                }
                Ok(NoDuplicateKeys)
            }
        }
        d.deserialize_any(V)
    }
}

/// The input as a JSON value, if it is valid JSON without duplicate keys.
fn strict_json(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice::<NoDuplicateKeys>(bytes).ok()?;
    serde_json::from_slice::<Value>(bytes).ok()
}

/// The parent of a JSON pointer (`""` for the root and its children).
fn parent(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[..i])
}

/// Checks one parse error against the document it was produced from (`None` when the input is
/// not strict JSON, in which case only the shape of the error is checked).
fn check_error(doc: Option<&Value>, e: &ParseError, parser: &str) -> Result<(), TestCaseError> {
    let p = e.pointer();
    let context = || {
        format!(
            "parser: {parser}\n  error: {e:?}\n  document: {}",
            doc.map_or_else(|| "(not strict JSON)".to_owned(), Value::to_string)
        )
    };
    prop_assert!(
        p.is_empty() || p.starts_with('/'),
        "not an RFC 6901 pointer; {}",
        context()
    );
    prop_assert!(!e.message().is_empty(), "empty message; {}", context());
    prop_assert!(!e.to_string().is_empty());
    prop_assert!(
        matches!(
            e.code(),
            ErrorCode::InvalidPayload
                | ErrorCode::InvalidPaymentRequirements
                | ErrorCode::InvalidX402Version
        ),
        "unexpected code; {}",
        context()
    );
    let Some(doc) = doc else { return Ok(()) };
    prop_assert!(
        !matches!(e.kind(), ParseErrorKind::Syntax | ParseErrorKind::Truncated),
        "valid JSON reported as a syntax error; {}",
        context()
    );
    if e.kind() == ParseErrorKind::MissingField {
        prop_assert!(
            doc.pointer(parent(p)).is_some(),
            "the parent of a missing field's pointer does not resolve; {}",
            context()
        );
    } else {
        prop_assert!(
            doc.pointer(p).is_some(),
            "the error pointer does not resolve in the input; {}",
            context()
        );
    }
    Ok(())
}

/// Runs `r`, checking its error if any, and returns the value if it parsed.
fn checked<T>(
    r: Result<T, ParseError>,
    doc: Option<&Value>,
    parser: &str,
) -> Result<Option<T>, TestCaseError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            check_error(doc, &e, parser)?;
            Ok(None)
        }
    }
}

/// The sub-document at `pointer`, or `None` (no pointer checks) when there is no document.
fn sub<'a>(doc: Option<&'a Value>, pointer: &str) -> Option<&'a Value> {
    doc.and_then(|d| d.pointer(pointer))
}

// ---------------------------------------------------------------------------------------------
// Views over parts of a document; `doc` is the document holding `payload` / `extra` /
// `extensions`.

fn payload_views(payload: &JsonObject, doc: Option<&Value>) -> Result<(), TestCaseError> {
    checked(
        ExactEvmPayload::from_payload(payload),
        doc,
        "ExactEvmPayload::from_payload",
    )?;
    checked(
        ExactEip3009Payload::from_payload(payload),
        doc,
        "ExactEip3009Payload::from_payload",
    )?;
    checked(
        ExactPermit2Payload::from_payload(payload),
        doc,
        "ExactPermit2Payload::from_payload",
    )?;
    checked(
        UptoPermit2Payload::from_payload(payload),
        doc,
        "UptoPermit2Payload::from_payload",
    )?;
    checked(
        ExactSvmPayload::from_payload(payload),
        doc,
        "ExactSvmPayload::from_payload",
    )?;
    Ok(())
}

fn extra_views(extra: Option<&JsonObject>, doc: Option<&Value>) -> Result<(), TestCaseError> {
    checked(EvmExtra::from_extra(extra), doc, "EvmExtra::from_extra")?;
    checked(SvmExtra::from_extra(extra), doc, "SvmExtra::from_extra")?;
    Ok(())
}

fn extension_views(ext: &Extensions, doc: Option<&Value>) -> Result<(), TestCaseError> {
    let mut keys: Vec<String> = ext.0.keys().cloned().collect();
    keys.extend(
        [
            PAYMENT_IDENTIFIER,
            BAZAAR,
            EIP2612_GAS_SPONSORING,
            ERC20_APPROVAL_GAS_SPONSORING,
        ]
        .map(str::to_owned),
    );
    for key in &keys {
        checked(
            ext.get::<PaymentIdentifier>(key),
            doc,
            "Extensions::get::<PaymentIdentifier>",
        )?;
        checked(ext.get::<Bazaar>(key), doc, "Extensions::get::<Bazaar>")?;
        checked(
            ext.get::<Eip2612GasSponsoring>(key),
            doc,
            "Extensions::get::<Eip2612GasSponsoring>",
        )?;
        checked(
            ext.get::<Erc20ApprovalGasSponsoring>(key),
            doc,
            "Extensions::get::<Erc20ApprovalGasSponsoring>",
        )?;
        checked(
            ext.get::<ExtensionEnvelope>(key),
            doc,
            "Extensions::get::<ExtensionEnvelope>",
        )?;
        checked(ext.get::<Value>(key), doc, "Extensions::get::<Value>")?;
    }
    Ok(())
}

fn v2_requirements_views(
    r: &v2::PaymentRequirements,
    doc: Option<&Value>,
) -> Result<(), TestCaseError> {
    extra_views(r.extra.as_ref(), doc)
}

fn v1_requirements_views(
    r: &v1::PaymentRequirements,
    doc: Option<&Value>,
) -> Result<(), TestCaseError> {
    extra_views(r.extra.as_ref(), doc)
}

fn v2_payload_views(p: &v2::PaymentPayload, doc: Option<&Value>) -> Result<(), TestCaseError> {
    payload_views(&p.payload, doc)?;
    v2_requirements_views(&p.accepted, sub(doc, "/accepted"))?;
    if let Some(ext) = &p.extensions {
        extension_views(ext, doc)?;
    }
    Ok(())
}

fn discovery_views(item: &DiscoveryItem, doc: Option<&Value>) -> Result<(), TestCaseError> {
    checked(item.accepts_v1(), doc, "DiscoveryItem::accepts_v1")?;
    checked(item.accepts_v2(), doc, "DiscoveryItem::accepts_v2")?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// All document parsers on one input

fn run_documents(bytes: &[u8]) -> Result<(), TestCaseError> {
    let doc = strict_json(bytes);
    let d = doc.as_ref();

    if let Some(r) = checked(
        v2::PaymentRequirements::from_json(bytes),
        d,
        "v2::PaymentRequirements",
    )? {
        v2_requirements_views(&r, d)?;
    }
    if let Some(r) = checked(
        v2::PaymentRequired::from_json(bytes),
        d,
        "v2::PaymentRequired",
    )? {
        for (i, a) in r.accepts.iter().enumerate() {
            v2_requirements_views(a, sub(d, &format!("/accepts/{i}")))?;
        }
        if let Some(ext) = &r.extensions {
            extension_views(ext, d)?;
        }
    }
    if let Some(p) = checked(
        v2::PaymentPayload::from_json(bytes),
        d,
        "v2::PaymentPayload",
    )? {
        v2_payload_views(&p, d)?;
    }
    if let Some(r) = checked(
        v1::PaymentRequirements::from_json(bytes),
        d,
        "v1::PaymentRequirements",
    )? {
        v1_requirements_views(&r, d)?;
    }
    if let Some(r) = checked(
        v1::PaymentRequired::from_json(bytes),
        d,
        "v1::PaymentRequired",
    )? {
        for (i, a) in r.accepts.iter().enumerate() {
            v1_requirements_views(a, sub(d, &format!("/accepts/{i}")))?;
        }
    }
    if let Some(p) = checked(
        v1::PaymentPayload::from_json(bytes),
        d,
        "v1::PaymentPayload",
    )? {
        payload_views(&p.payload, d)?;
    }
    checked(
        x402_spec::PaymentPayload::from_json(bytes),
        d,
        "crate::PaymentPayload",
    )?;
    checked(
        x402_spec::PaymentRequired::from_json(bytes),
        d,
        "crate::PaymentRequired",
    )?;
    checked(x402_spec::detect_version(bytes), d, "detect_version")?;
    if let Some(req) = checked(
        FacilitatorRequest::from_json(bytes),
        d,
        "FacilitatorRequest",
    )? {
        match &req {
            FacilitatorRequest::V2(r) => {
                v2_payload_views(&r.payment_payload, sub(d, "/paymentPayload"))?;
                v2_requirements_views(&r.payment_requirements, sub(d, "/paymentRequirements"))?;
            }
            FacilitatorRequest::V1(r) => {
                payload_views(&r.payment_payload.payload, sub(d, "/paymentPayload"))?;
                v1_requirements_views(&r.payment_requirements, sub(d, "/paymentRequirements"))?;
            }
            _ => {}
        }
    }
    checked(VerifyResponse::from_json(bytes), d, "VerifyResponse")?;
    checked(SettleResponse::from_json(bytes), d, "SettleResponse")?;
    if let Some(s) = checked(SupportedResponse::from_json(bytes), d, "SupportedResponse")? {
        for (i, kind) in s.kinds.iter().enumerate() {
            extra_views(kind.extra.as_ref(), sub(d, &format!("/kinds/{i}")))?;
        }
    }
    if let Some(r) = checked(DiscoveryResponse::from_json(bytes), d, "DiscoveryResponse")? {
        for (i, item) in r.items.iter().enumerate() {
            discovery_views(item, sub(d, &format!("/items/{i}")))?;
        }
    }
    run_headers(&header::encode_bytes(bytes), d)?;
    Ok(())
}

/// The header decoders; `doc` is the decoded JSON when `value` is valid base64 of it.
fn run_headers(value: &str, doc: Option<&Value>) -> Result<(), TestCaseError> {
    for opts in [DecodeOptions::strict(), DecodeOptions::lenient()] {
        checked(
            header::decode_payment_payload(value, opts),
            doc,
            "header::decode_payment_payload",
        )?;
        checked(
            header::decode_payment_required(value, opts),
            doc,
            "header::decode_payment_required",
        )?;
        checked(
            header::decode_payment_response(value, opts),
            doc,
            "header::decode_payment_response",
        )?;
        let _ = header::decode_bytes(value, opts).map_err(|e| e.to_string());
        let _ = header::decode_text(value, opts).map_err(|e| e.to_string());
    }
    Ok(())
}

fn to_bytes<T: Serialize>(x: &T) -> Vec<u8> {
    serde_json::to_vec(x).unwrap()
}

fn to_value<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap()
}

/// A valid document of every kind, as JSON.
fn valid_document() -> impl Strategy<Value = Value> {
    prop_oneof![
        arb::v2_requirements().prop_map(|x| to_value(&x)),
        arb::v2_payment_required().prop_map(|x| to_value(&x)),
        arb::v2_payment_payload().prop_map(|x| to_value(&x)),
        arb::v1_requirements().prop_map(|x| to_value(&x)),
        arb::v1_payment_required().prop_map(|x| to_value(&x)),
        arb::v1_payment_payload().prop_map(|x| to_value(&x)),
        arb::facilitator_request().prop_map(|x| to_value(&x)),
        arb::verify_response().prop_map(|x| to_value(&x)),
        arb::settle_response().prop_map(|x| to_value(&x)),
        arb::supported_response().prop_map(|x| to_value(&x)),
        arb::discovery_response().prop_map(|x| to_value(&x)),
    ]
}

/// A valid document of every kind, mutated once.
fn mutated_document() -> impl Strategy<Value = Value> {
    valid_document().prop_flat_map(arb::json_mutation)
}

/// A JSON object with an `x402Version` of 1 or 2 and arbitrary other members, to get past
/// version dispatch.
fn versioned_object() -> impl Strategy<Value = Value> {
    (prop_oneof![Just(1u64), Just(2u64)], arb::json_object(3)).prop_map(|(v, mut obj)| {
        obj.insert("x402Version".to_owned(), json!(v));
        Value::Object(obj)
    })
}

// ---------------------------------------------------------------------------------------------
// Document parsers

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        run_documents(&bytes)?;
    }

    #[test]
    fn arbitrary_json(v in arb::json_value(4)) {
        run_documents(&to_bytes(&v))?;
    }

    #[test]
    fn arbitrary_versioned_objects(v in versioned_object()) {
        run_documents(&to_bytes(&v))?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn valid_documents(v in valid_document()) {
        run_documents(&to_bytes(&v))?;
    }

    #[test]
    fn mutated_documents(v in mutated_document()) {
        run_documents(&to_bytes(&v))?;
    }

    #[test]
    fn twice_mutated_documents(v in mutated_document().prop_flat_map(arb::json_mutation)) {
        run_documents(&to_bytes(&v))?;
    }

    /// Valid documents cut short or with one byte changed: not JSON any more (mostly), never a
    /// panic.
    #[test]
    fn corrupted_text(
        v in valid_document(),
        cut in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        replace in any::<bool>(),
    ) {
        let mut bytes = to_bytes(&v);
        let i = cut.index(bytes.len());
        if replace {
            bytes[i] = byte;
        } else {
            bytes.truncate(i);
        }
        run_documents(&bytes)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Views fed directly

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn payload_views_on_arbitrary_objects(obj in arb::json_object(3)) {
        let doc = json!({ "payload": obj });
        payload_views(&obj, Some(&doc))?;
    }

    #[test]
    fn payload_views_on_mutated_payloads(
        v in prop_oneof![
            arb::eip3009_payload().prop_map(|x| to_value(&x)),
            arb::permit2_payload().prop_map(|x| to_value(&x)),
            arb::upto_payload().prop_map(|x| to_value(&x)),
            arb::svm_payload().prop_map(|x| to_value(&x)),
        ]
        .prop_flat_map(arb::json_mutation)
    ) {
        if let Value::Object(obj) = &v {
            let doc = json!({ "payload": obj });
            payload_views(obj, Some(&doc))?;
        }
    }

    #[test]
    fn extra_views_on_arbitrary_and_mutated_objects(
        v in prop_oneof![
            arb::json_object(3).prop_map(Value::Object),
            arb::evm_extra().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation),
            arb::svm_extra().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation),
        ]
    ) {
        if let Value::Object(obj) = &v {
            let doc = json!({ "extra": obj });
            extra_views(Some(obj), Some(&doc))?;
        }
        extra_views(None, Some(&json!({})))?;
    }

    #[test]
    fn extension_views_on_arbitrary_and_mutated_entries(
        key in prop_oneof![
            Just(PAYMENT_IDENTIFIER.to_owned()),
            Just(BAZAAR.to_owned()),
            Just(EIP2612_GAS_SPONSORING.to_owned()),
            Just(ERC20_APPROVAL_GAS_SPONSORING.to_owned()),
            Just("a/b~c".to_owned()),
            Just(String::new()),
        ],
        entry in prop_oneof![
            arb::json_value(3),
            arb::payment_identifier().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation),
            arb::bazaar().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation),
            arb::eip2612_gas_sponsoring().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation),
            arb::erc20_approval_gas_sponsoring()
                .prop_map(|x| to_value(&x))
                .prop_flat_map(arb::json_mutation),
        ]
    ) {
        // Built directly (not parsed), so entries need not be envelopes.
        let mut map = JsonObject::new();
        map.insert(key, entry);
        let doc = json!({ "extensions": map });
        extension_views(&Extensions(map), Some(&doc))?;
    }

    #[test]
    fn discovery_accepts_on_mutated_items(v in arb::discovery_item().prop_map(|x| to_value(&x)).prop_flat_map(arb::json_mutation)) {
        // A mutated item that still parses as an item: its `accepts` views must report real paths.
        if let Ok(item) = serde_json::from_value::<DiscoveryItem>(v.clone()) {
            discovery_views(&item, Some(&v))?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Headers and scalar parsers on arbitrary strings

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn headers_on_arbitrary_strings(s in prop_oneof!["\\PC{0,64}", "[A-Za-z0-9+/=_-]{0,64}"]) {
        run_headers(&s, None)?;
    }

    #[test]
    fn headers_on_mutated_documents(v in mutated_document()) {
        let bytes = to_bytes(&v);
        run_headers(&header::encode_bytes(&bytes), Some(&v))?;
    }

    #[test]
    fn scalar_parsers_on_arbitrary_strings(
        s in prop_oneof![
            "\\PC{0,48}",
            ".{0,16}",
            "[0-9a-fA-Fx:*+-]{0,80}",
            "[1-9A-HJ-NP-Za-km-z]{28,48}",
            "[A-Za-z0-9+/=]{0,24}",
        ]
    ) {
        fn shown<T, E: fmt::Display>(r: Result<T, E>) {
            if let Err(e) = r {
                assert!(!e.to_string().is_empty());
            }
        }
        shown(DecimalU256::parse(&s));
        shown(UnixTimestamp::parse(&s));
        shown(EvmAddress::parse(&s));
        shown(SolanaAddress::parse(&s));
        shown(Address::parse(&s));
        shown(Network::parse(&s));
        shown(NetworkPattern::parse(&s));
        shown(Scheme::parse(&s));
        shown(Token::parse(&s));
        shown(V1Network::parse(&s));
        shown(s.parse::<AnyNetwork>());
        shown(HexBytes::parse(&s));
        shown(Hex32::parse(&s));
        shown(Base64Blob::parse(&s));
        shown(Memo::parse(&s));
        shown(PaymentId::parse(&s));
        shown(RouteTemplate::parse(&s));
        shown(ExtensionVersion::parse(&s));
        shown(x402_spec::assets::AssetTransferMethod::parse(&s));
        // The same strings as JSON values of the string-typed wire values.
        let v = Value::String(s.clone());
        let _ = serde_json::from_value::<TimeoutSeconds>(v.clone()).map_err(|e| e.to_string());
        let _ = serde_json::from_value::<DecimalU256>(v.clone()).map_err(|e| e.to_string());
        let _ = serde_json::from_value::<Address>(v).map_err(|e| e.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the properties above

/// A document without `x402Version` must not be reported at `/x402Version` as an *unsupported*
/// version: that pointer names a field that does not exist. Found by `arbitrary_json` (minimal
/// input `{}`) for every parser that dispatches on the version (`crate::PaymentPayload`,
/// `crate::PaymentRequired`, `detect_version`, the header decoders) and, at
/// `/paymentPayload/x402Version`, for `FacilitatorRequest`. A `missing_field` error there (whose
/// parent pointer resolves) or a pointer to the enclosing object satisfies the property.
#[test]
fn a_missing_version_is_reported_at_a_real_place() {
    let check = |input: &[u8], e: ParseError, parser: &str| {
        let doc = strict_json(input);
        if let Err(failure) = check_error(doc.as_ref(), &e, parser) {
            panic!("{failure}");
        }
    };
    let empty = b"{}";
    check(
        empty,
        x402_spec::PaymentPayload::from_json(empty).unwrap_err(),
        "crate::PaymentPayload",
    );
    check(
        empty,
        x402_spec::PaymentRequired::from_json(empty).unwrap_err(),
        "crate::PaymentRequired",
    );
    check(
        empty,
        x402_spec::detect_version(empty).unwrap_err(),
        "detect_version",
    );
    let header_value = header::encode_bytes(empty);
    check(
        empty,
        header::decode_payment_payload(&header_value, DecodeOptions::strict()).unwrap_err(),
        "header::decode_payment_payload",
    );
    let request = br#"{"x402Version":2,"paymentPayload":{},"paymentRequirements":{}}"#;
    check(
        request,
        FacilitatorRequest::from_json(request).unwrap_err(),
        "FacilitatorRequest",
    );
}
