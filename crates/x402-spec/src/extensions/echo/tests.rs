use serde_json::{Value, json};

use super::*;

fn obj(v: Value) -> JsonObject {
    match v {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    }
}

#[test]
fn identical_echo_passes_and_changed_info_is_refused() {
    let adv = obj(json!({"bazaar": {"info": {"input": {"type": "http", "method": "GET"}}}}));
    assert_eq!(check_echo(&adv, &adv, EchoPolicy::builtin), Ok(()));
    let changed = obj(json!({"bazaar": {"info": {"input": {"type": "http", "method": "POST"}}}}));
    let res = check_echo(&adv, &changed, EchoPolicy::builtin);
    assert_eq!(
        res,
        Err(EchoError::Mismatch {
            key: "bazaar".into()
        })
    );
    assert_eq!(
        res.err().map(|e| e.wire_code()),
        Some("extension_echo_mismatch")
    );
}

#[test]
fn client_may_add_fields_but_not_drop_advertised_ones() {
    let adv = obj(json!({"payment-identifier": {"info": {"required": true}}}));
    let added = obj(
        json!({"payment-identifier": {"info": {"required": true, "id": "pay_0123456789abcdef"}}}),
    );
    assert_eq!(check_echo(&adv, &added, EchoPolicy::builtin), Ok(()));
    let dropped = obj(json!({"payment-identifier": {"info": {"id": "pay_0123456789abcdef"}}}));
    assert!(check_echo(&adv, &dropped, EchoPolicy::builtin).is_err());
}

#[test]
fn dynamic_info_fields_are_excluded() {
    let adv = obj(json!({"x": {"info": {"nonce": "a", "domain": "d"}}}));
    let echo = obj(json!({"x": {"info": {"nonce": "b", "domain": "d"}}}));
    assert!(check_echo(&adv, &echo, EchoPolicy::builtin).is_err());
    let pol = |k: &str| EchoPolicy::builtin(k).with_dynamic_fields(["nonce"]);
    assert_eq!(check_echo(&adv, &echo, pol), Ok(()));
    let other = obj(json!({"x": {"info": {"nonce": "b", "domain": "e"}}}));
    assert!(check_echo(&adv, &other, pol).is_err());
}

#[test]
fn builder_code_additive_array_and_server_owned_field() {
    let adv = obj(json!({"builder-code": {"info": {"a": "srv", "s": ["one"]}}}));
    let extended = obj(json!({"builder-code": {"info": {"a": "srv", "s": ["one", "two"]}}}));
    assert_eq!(check_echo(&adv, &extended, EchoPolicy::builtin), Ok(()));
    let lost = obj(json!({"builder-code": {"info": {"a": "srv", "s": ["two"]}}}));
    assert!(check_echo(&adv, &lost, EchoPolicy::builtin).is_err());
    // The cap (10 entries) applies to an advertised `s` extended by the client.
    let ten: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
    let at_cap = obj(json!({"builder-code": {"info": {"a": "srv", "s": ten}}}));
    let adv_c0 = obj(json!({"builder-code": {"info": {"a": "srv", "s": ["c0"]}}}));
    assert_eq!(check_echo(&adv_c0, &at_cap, EchoPolicy::builtin), Ok(()));
    let eleven: Vec<String> = (0..11).map(|i| format!("c{i}")).collect();
    let long = obj(json!({"builder-code": {"info": {"a": "srv", "s": eleven}}}));
    assert!(
        check_echo(
            &obj(json!({"builder-code": {"info": {"a": "srv", "s": ["c0"]}}})),
            &long,
            EchoPolicy::builtin
        )
        .is_err()
    );
    // Not advertised at all: only the server-owned field is checked.
    let forged = obj(json!({"builder-code": {"info": {"a": "me"}}}));
    assert_eq!(
        check_echo(&JsonObject::new(), &forged, EchoPolicy::builtin),
        Err(EchoError::ServerOwned {
            key: "builder-code".into(),
            field: "a".into()
        })
    );
    let client_only = obj(json!({"builder-code": {"info": {"s": ["mine"]}}}));
    assert_eq!(
        check_echo(&JsonObject::new(), &client_only, EchoPolicy::builtin),
        Ok(())
    );
}

fn req(pay_to: &str, amount: &str) -> JsonObject {
    obj(json!({
        "scheme": "exact", "network": "eip155:8453", "maxTimeoutSeconds": 60,
        "payTo": pay_to, "amount": amount, "asset": "0xA0b8",
        "extra": {"name": "USDC", "version": "2"}
    }))
}

#[test]
fn enrichment_fills_only_vacant_terms() {
    let before = [req("", "1000")];
    assert_eq!(check_enrichment(&before, &[req("0xabc", "1000")]), Ok(()));
    let before_ws = [req("  ", "1000")];
    assert_eq!(
        check_enrichment(&before_ws, &[req("0xabc", "1000")]),
        Ok(())
    );
    assert_eq!(
        check_enrichment(&before, &[req("", "2000")]),
        Err(EnrichmentError::Immutable {
            index: 0,
            field: "amount".into()
        })
    );
    let set = [req("0xabc", "1000")];
    assert!(check_enrichment(&set, &[req("0xdef", "1000")]).is_err());
    assert_eq!(
        check_enrichment(&set, &[]),
        Err(EnrichmentError::Length {
            before: 1,
            after: 0
        })
    );
}

#[test]
fn enrichment_keeps_extra_and_reserved_keys() {
    let before = [req("0xabc", "1")];
    let mut added = req("0xabc", "1");
    if let Some(Value::Object(e)) = added.get_mut("extra") {
        e.insert("feePayer".into(), json!("x"));
    }
    assert_eq!(check_enrichment(&before, &[added]), Ok(()));
    let mut flow = req("0xabc", "1");
    if let Some(Value::Object(e)) = flow.get_mut("extra") {
        e.insert("paymentFlow".into(), json!("upfront"));
    }
    assert_eq!(
        check_enrichment(&before, &[flow]),
        Err(EnrichmentError::Immutable {
            index: 0,
            field: "extra.paymentFlow".into()
        })
    );
    let mut changed = req("0xabc", "1");
    if let Some(Value::Object(e)) = changed.get_mut("extra") {
        e.insert("name".into(), json!("USDT"));
    }
    assert!(check_enrichment(&before, &[changed]).is_err());
    let mut net = req("0xabc", "1");
    net.insert("network".into(), json!("eip155:1"));
    assert!(check_enrichment(&before, &[net]).is_err());
}
