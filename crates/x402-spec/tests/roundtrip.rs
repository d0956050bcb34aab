//! Round-trip properties for every wire type, driven by the `x402_spec_testkit::arbitrary` strategies:
//!
//! - `parse(serialize(x)) == x`, using the type's own parser (`from_json`, `from_payload`,
//!   `from_extra`, `Extensions::get`, header `decode_*`) where it has one, serde otherwise;
//! - `serialize(parse(serialize(x))) == serialize(x)` byte for byte;
//! - an `Echoed` requirement parsed from non-canonical text (white space, key order, `\u`
//!   escapes, lowercase/uppercase addresses) is re-emitted exactly as received, alone, inside a
//!   402, and when placed in a payment payload.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use x402_spec::common::{Hex32, HexBytes, Scheme, TimeoutSeconds, Token, V1Network};
use x402_spec::extensions::{
    BAZAAR, Bazaar, EIP2612_GAS_SPONSORING, ERC20_APPROVAL_GAS_SPONSORING, Eip2612GasSponsoring,
    Erc20ApprovalGasSponsoring, PAYMENT_IDENTIFIER, PaymentIdentifier,
};
use x402_spec::extra::{EvmExtra, SvmExtra};
use x402_spec::facilitator::{
    DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedResponse, VerifyResponse,
};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::primitives::{
    Address, DecimalU256, EvmAddress, Network, NetworkPattern, SolanaAddress, UnixTimestamp,
};
use x402_spec::schemes::{
    ExactEip3009Payload, ExactEvmPayload, ExactPermit2Payload, ExactSvmPayload, UptoPermit2Payload,
    to_payload,
};
use x402_spec::v2::Extensions;
use x402_spec::wire::{Echoed, JsonObject};
use x402_spec::{v1, v2};
use x402_spec_testkit::arbitrary as arb;

/// Cases per property (overridable with `PROPTEST_CASES`); failures are not persisted to files
/// (the suite owns no regression files).
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

fn fail(msg: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(msg.into())
}

/// `parse(serialize(x)) == x` and the second serialization is byte-identical to the first.
fn check<T, E, P>(x: &T, parse: P) -> Result<(), TestCaseError>
where
    T: Serialize + PartialEq + Debug,
    E: Debug,
    P: Fn(&[u8]) -> Result<T, E>,
{
    let first = serde_json::to_string(x).map_err(|e| fail(format!("serialize: {e}")))?;
    let y = parse(first.as_bytes())
        .map_err(|e| fail(format!("parse failed: {e:?}\n  input: {first}")))?;
    prop_assert_eq!(&y, x, "value changed; input: {}", first);
    let second = serde_json::to_string(&y).map_err(|e| fail(format!("re-serialize: {e}")))?;
    prop_assert_eq!(second, first);
    Ok(())
}

/// serde_json as the parser, for types without a `from_json`.
fn serde<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// A strategy's value as a JSON object.
fn object<T: Serialize>(x: &T) -> JsonObject {
    match serde_json::to_value(x).unwrap() {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// JSON white space that `json_text` may put around a document (outside a raw value's span).
fn trim_json_ws(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

// ---------------------------------------------------------------------------------------------
// Primitives and small values

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn amount(x in arb::amount()) {
        check(&x, serde::<DecimalU256>)?;
        prop_assert_eq!(DecimalU256::parse(&x.to_string()).unwrap(), x);
    }

    #[test]
    fn unix_timestamp(x in arb::unix_timestamp()) {
        check(&x, serde::<UnixTimestamp>)?;
        prop_assert_eq!(UnixTimestamp::parse(&x.to_string()).unwrap(), x);
    }

    #[test]
    fn evm_address(x in arb::evm_address()) {
        check(&x, serde::<EvmAddress>)?;
        prop_assert_eq!(serde_json::to_value(x).unwrap(), Value::String(x.to_checksum()));
    }

    #[test]
    fn evm_address_any_case_parses_to_the_same_address(
        (x, text) in arb::evm_address().prop_flat_map(|a| (Just(a), arb::evm_address_text(a)))
    ) {
        prop_assert_eq!(EvmAddress::parse(&text).unwrap(), x);
        prop_assert_eq!(Address::parse(&text).unwrap(), Address::Evm(x));
        // Output is always EIP-55, whatever the input case was.
        let parsed: EvmAddress = serde_json::from_value(Value::String(text)).unwrap();
        prop_assert_eq!(parsed.to_string(), x.to_checksum());
    }

    #[test]
    fn solana_address(x in arb::solana_address()) {
        check(&x, serde::<SolanaAddress>)?;
        prop_assert_eq!(SolanaAddress::parse(&x.to_string()).unwrap(), x);
    }

    #[test]
    fn address(x in arb::address()) {
        check(&x, serde::<Address>)?;
    }

    #[test]
    fn network(x in arb::network()) {
        check(&x, serde::<Network>)?;
        prop_assert_eq!(Network::parse(x.as_str()).unwrap(), x);
    }

    #[test]
    fn network_pattern(x in arb::network_pattern()) {
        prop_assert_eq!(NetworkPattern::parse(&x.to_string()).unwrap(), x);
    }

    #[test]
    fn small_values(
        scheme in arb::scheme(),
        token in arb::token(),
        v1 in arb::v1_network(),
        timeout in arb::timeout(),
        hex in arb::hex_bytes(),
        h32 in arb::hex32(),
        any_network in arb::any_network(),
        version in arb::x402_version(),
        last_updated in arb::last_updated(),
        reason in arb::reason(),
    ) {
        check(&scheme, serde::<Scheme>)?;
        check(&token, serde::<Token>)?;
        check(&v1, serde::<V1Network>)?;
        check(&timeout, serde::<TimeoutSeconds>)?;
        check(&hex, serde::<HexBytes>)?;
        check(&h32, serde::<Hex32>)?;
        check(&any_network, serde)?;
        check(&version, serde)?;
        check(&last_updated, serde)?;
        check(&reason, serde)?;
    }

    #[test]
    fn json_value_survives_text(v in arb::json_value(3)) {
        check(&v, serde::<Value>)?;
    }

    #[test]
    fn json_text_is_the_same_document(
        (v, text) in arb::json_value(3).prop_flat_map(|v| (Just(v.clone()), arb::json_text(v)))
    ) {
        let parsed: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parsed, v);
    }

}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn json_mutation_changes_the_document(
        (v, m) in arb::v2_payment_payload()
            .prop_map(|p| serde_json::to_value(p).unwrap())
            .prop_flat_map(|v| (Just(v.clone()), arb::json_mutation(v)))
    ) {
        prop_assert_ne!(m, v);
    }
}

// ---------------------------------------------------------------------------------------------
// v2 and v1 documents

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn v2_requirements(x in arb::v2_requirements()) {
        check(&x, v2::PaymentRequirements::from_json)?;
    }

    #[test]
    fn resource_info(x in arb::resource_info()) {
        check(&x, serde::<v2::ResourceInfo>)?;
    }

    #[test]
    fn v2_payment_required(x in arb::v2_payment_required()) {
        check(&x, v2::PaymentRequired::from_json)?;
        let any = x402_spec::PaymentRequired::V2(x);
        check(&any, x402_spec::PaymentRequired::from_json)?;
    }

    #[test]
    fn v2_payment_payload(x in arb::v2_payment_payload()) {
        check(&x, v2::PaymentPayload::from_json)?;
        let any = x402_spec::PaymentPayload::V2(x);
        check(&any, x402_spec::PaymentPayload::from_json)?;
    }

    #[test]
    fn extension_envelope(x in arb::extension_envelope()) {
        check(&x, serde::<v2::ExtensionEnvelope>)?;
    }

    #[test]
    fn extensions(x in arb::extensions()) {
        check(&x, serde::<Extensions>)?;
    }

    #[test]
    fn v1_requirements(x in arb::v1_requirements()) {
        check(&x, v1::PaymentRequirements::from_json)?;
    }

    #[test]
    fn v1_payment_required(x in arb::v1_payment_required()) {
        check(&x, v1::PaymentRequired::from_json)?;
        let any = x402_spec::PaymentRequired::V1(x);
        check(&any, x402_spec::PaymentRequired::from_json)?;
    }

    #[test]
    fn v1_payment_payload(x in arb::v1_payment_payload()) {
        check(&x, v1::PaymentPayload::from_json)?;
        let any = x402_spec::PaymentPayload::V1(x);
        check(&any, x402_spec::PaymentPayload::from_json)?;
    }

}

// ---------------------------------------------------------------------------------------------
// Scheme payloads, extra, extensions

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn eip3009_payload(x in arb::eip3009_payload()) {
        check(&x, serde::<ExactEip3009Payload>)?;
        let obj = to_payload(&x).unwrap();
        prop_assert_eq!(&ExactEip3009Payload::from_payload(&obj).unwrap(), &x);
        prop_assert_eq!(ExactEvmPayload::from_payload(&obj).unwrap(), ExactEvmPayload::Eip3009(x));
    }

    #[test]
    fn permit2_payload(x in arb::permit2_payload()) {
        check(&x, serde::<ExactPermit2Payload>)?;
        let obj = to_payload(&x).unwrap();
        prop_assert_eq!(&ExactPermit2Payload::from_payload(&obj).unwrap(), &x);
        prop_assert_eq!(ExactEvmPayload::from_payload(&obj).unwrap(), ExactEvmPayload::Permit2(x));
    }

    #[test]
    fn upto_payload(x in arb::upto_payload()) {
        check(&x, serde::<UptoPermit2Payload>)?;
        let obj = to_payload(&x).unwrap();
        prop_assert_eq!(UptoPermit2Payload::from_payload(&obj).unwrap(), x);
    }

    #[test]
    fn svm_payload(x in arb::svm_payload()) {
        check(&x, serde::<ExactSvmPayload>)?;
        let obj = to_payload(&x).unwrap();
        prop_assert_eq!(ExactSvmPayload::from_payload(&obj).unwrap(), x);
    }

    #[test]
    fn evm_extra(x in arb::evm_extra()) {
        check(&x, serde::<EvmExtra>)?;
        prop_assert_eq!(EvmExtra::from_extra(Some(&object(&x))).unwrap(), x);
    }

    #[test]
    fn svm_extra(x in arb::svm_extra()) {
        check(&x, serde::<SvmExtra>)?;
        prop_assert_eq!(SvmExtra::from_extra(Some(&object(&x))).unwrap(), x);
    }

    #[test]
    fn payment_identifier(x in arb::payment_identifier()) {
        check(&x, serde::<PaymentIdentifier>)?;
        let mut ext = Extensions::default();
        ext.insert(PAYMENT_IDENTIFIER, serde_json::to_value(&x).unwrap());
        prop_assert_eq!(ext.get::<PaymentIdentifier>(PAYMENT_IDENTIFIER).unwrap(), Some(x));
    }

    #[test]
    fn bazaar(x in arb::bazaar()) {
        check(&x, serde::<Bazaar>)?;
        let mut ext = Extensions::default();
        ext.insert(BAZAAR, serde_json::to_value(&x).unwrap());
        prop_assert_eq!(ext.get::<Bazaar>(BAZAAR).unwrap(), Some(x));
    }

    #[test]
    fn gas_sponsoring(a in arb::eip2612_gas_sponsoring(), b in arb::erc20_approval_gas_sponsoring()) {
        check(&a, serde::<Eip2612GasSponsoring>)?;
        check(&b, serde::<Erc20ApprovalGasSponsoring>)?;
        let mut ext = Extensions::default();
        ext.insert(EIP2612_GAS_SPONSORING, serde_json::to_value(&a).unwrap());
        ext.insert(ERC20_APPROVAL_GAS_SPONSORING, serde_json::to_value(&b).unwrap());
        prop_assert_eq!(ext.get::<Eip2612GasSponsoring>(EIP2612_GAS_SPONSORING).unwrap(), Some(a));
        prop_assert_eq!(
            ext.get::<Erc20ApprovalGasSponsoring>(ERC20_APPROVAL_GAS_SPONSORING).unwrap(),
            Some(b)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Facilitator bodies and headers

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn facilitator_request(x in arb::facilitator_request()) {
        check(&x, FacilitatorRequest::from_json)?;
    }

    #[test]
    fn verify_response(x in arb::verify_response()) {
        check(&x, VerifyResponse::from_json)?;
    }

    #[test]
    fn settle_response(x in arb::settle_response()) {
        check(&x, SettleResponse::from_json)?;
    }

    #[test]
    fn supported_response(x in arb::supported_response()) {
        check(&x, SupportedResponse::from_json)?;
        for kind in &x.kinds {
            check(kind, serde)?;
        }
    }

    #[test]
    fn discovery_response(x in arb::discovery_response()) {
        check(&x, DiscoveryResponse::from_json)?;
        check(&x.pagination, serde)?;
        for item in &x.items {
            check(item, serde)?;
            // `accepts` hold requirements of the item's own version and decode back to the same
            // objects.
            let decoded: Vec<Value> = match item.x402_version {
                x402_spec::common::X402Version::V1 => item
                    .accepts_v1()
                    .unwrap()
                    .iter()
                    .map(|r| serde_json::to_value(r).unwrap())
                    .collect(),
                _ => item
                    .accepts_v2()
                    .unwrap()
                    .iter()
                    .map(|r| serde_json::to_value(r).unwrap())
                    .collect(),
            };
            let stored: Vec<Value> = item.accepts.iter().cloned().map(Value::Object).collect();
            prop_assert_eq!(decoded, stored);
        }
    }

}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn version_agnostic_documents(p in arb::payment_payload(), r in arb::payment_required()) {
        check(&p, x402_spec::PaymentPayload::from_json)?;
        check(&r, x402_spec::PaymentRequired::from_json)?;
        let pv = x402_spec::detect_version(serde_json::to_string(&p).unwrap().as_bytes()).unwrap();
        prop_assert_eq!(pv, p.version());
        let rv = x402_spec::detect_version(serde_json::to_string(&r).unwrap().as_bytes()).unwrap();
        prop_assert_eq!(rv, r.version());
    }

    #[test]
    fn headers(p in arb::payment_payload(), r in arb::payment_required(), s in arb::settle_response()) {
        for opts in [DecodeOptions::strict(), DecodeOptions::lenient()] {
            let hp = header::encode(&p).unwrap();
            prop_assert_eq!(&header::decode_payment_payload(&hp, opts).unwrap(), &p);
            let hr = header::encode(&r).unwrap();
            prop_assert_eq!(&header::decode_payment_required(&hr, opts).unwrap(), &r);
            let hs = header::encode(&s).unwrap();
            prop_assert_eq!(&header::decode_payment_response(&hs, opts).unwrap(), &s);
            // The decoded JSON text is exactly the compact serialization.
            prop_assert_eq!(
                header::decode_text(&hp, opts).unwrap(),
                serde_json::to_string(&p).unwrap()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Echo fidelity of `accepted`

proptest! {
    #![proptest_config(config(64))]

    /// A requirement parsed from non-canonical text keeps the exact bytes and the typed value.
    #[test]
    fn echoed_requirement_keeps_its_bytes((req, text) in arb::v2_requirements_text()) {
        let echoed: Echoed<v2::PaymentRequirements> = serde_json::from_str(&text).unwrap();
        let raw = trim_json_ws(&text);
        prop_assert_eq!(echoed.raw_json(), raw);
        prop_assert_eq!(echoed.value(), &req);
        prop_assert_eq!(serde_json::to_string(&echoed).unwrap(), raw);
        // The standalone parser agrees on the value.
        prop_assert_eq!(v2::PaymentRequirements::from_json(text.as_bytes()).unwrap(), req);
    }

    /// `accepts[i]` of a 402 with non-canonical entries is re-emitted verbatim, and echoing it as
    /// `accepted` in a payment payload (and in a facilitator request) keeps the same bytes.
    #[test]
    fn accepts_are_echoed_verbatim_into_the_payload(
        entries in proptest::collection::vec(arb::v2_requirements_text(), 1..4),
        pick in any::<prop::sample::Index>(),
        payload in arb::eip3009_payload(),
    ) {
        let raws: Vec<&str> = entries.iter().map(|(_, t)| trim_json_ws(t)).collect();
        let texts: Vec<&str> = entries.iter().map(|(_, t)| t.as_str()).collect();
        let doc = format!(
            r#"{{"x402Version":2,"resource":{{"url":"https://api.example.com/x"}},"accepts":[{}]}}"#,
            texts.join(",")
        );
        let required = v2::PaymentRequired::from_json(doc.as_bytes()).unwrap();
        let expected = format!(
            r#"{{"x402Version":2,"resource":{{"url":"https://api.example.com/x"}},"accepts":[{}]}}"#,
            raws.join(",")
        );
        prop_assert_eq!(serde_json::to_string(&required).unwrap(), expected);
        for (echoed, (req, _)) in required.accepts.iter().zip(&entries) {
            prop_assert_eq!(echoed.value(), req);
        }

        let i = pick.index(required.accepts.len());
        let chosen = required.accepts[i].clone();
        let body = to_payload(&payload).unwrap();
        let p = v2::PaymentPayload::new(chosen, body.clone());
        let out = serde_json::to_string(&p).unwrap();
        let expected = format!(
            r#"{{"x402Version":2,"accepted":{},"payload":{}}}"#,
            raws[i],
            serde_json::to_string(&body).unwrap()
        );
        prop_assert_eq!(&out, &expected);
        // Parsing the payload back keeps the echo; so does a v2 facilitator request.
        let back = v2::PaymentPayload::from_json(out.as_bytes()).unwrap();
        prop_assert_eq!(back.accepted.raw_json(), raws[i]);
        // `paymentRequirements` is a plain requirement: it is written in canonical form.
        let request = format!(
            r#"{{"x402Version":2,"paymentPayload":{out},"paymentRequirements":{}}}"#,
            serde_json::to_string(&entries[i].0).unwrap()
        );
        let parsed = FacilitatorRequest::from_json(request.as_bytes()).unwrap();
        prop_assert_eq!(serde_json::to_string(&parsed).unwrap(), request);
    }

    /// The same for v1 402 bodies.
    #[test]
    fn v1_accepts_are_echoed_verbatim(entries in proptest::collection::vec(arb::v1_requirements_text(), 1..4)) {
        let texts: Vec<&str> = entries.iter().map(|(_, t)| t.as_str()).collect();
        let raws: Vec<&str> = entries.iter().map(|(_, t)| trim_json_ws(t)).collect();
        let doc = format!(r#"{{"x402Version":1,"accepts":[{}]}}"#, texts.join(","));
        let required = v1::PaymentRequired::from_json(doc.as_bytes()).unwrap();
        let expected = format!(r#"{{"x402Version":1,"accepts":[{}]}}"#, raws.join(","));
        prop_assert_eq!(serde_json::to_string(&required).unwrap(), expected);
        for (echoed, (req, _)) in required.accepts.iter().zip(&entries) {
            prop_assert_eq!(echoed.value(), req);
        }
    }
}
