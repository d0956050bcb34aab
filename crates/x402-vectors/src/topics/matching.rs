//! `matching.json`: which offered requirement a payment takes, with x402-spec's
//! `verify::matching` (`find_match` in `DeepEqual`, `FiveField`, `ExtraSubset` and `SixField` modes for v2,
//! `find_match_v1` for v1).

use serde_json::{Value, json};
use x402_spec::PaymentPayload;
use x402_spec::verify::matching::{MatchMode, find_match, find_match_v1};
use x402_spec::wire::Echoed;
use x402_spec::{v1, v2};

use crate::VectorError;
use crate::fixtures::{OTHER, PAY_TO, USDC_BASE, USDC_BASE_SEPOLIA, resource};
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, note, str_field,
};

const TOPIC: &str = "matching";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &["expected", "reason"];

fn offers<T: serde::de::DeserializeOwned>(test: &Value) -> Result<Vec<Echoed<T>>, VectorError> {
    test.get("accepts")
        .and_then(Value::as_array)
        .ok_or_else(|| VectorError::Input("missing accepts".into()))?
        .iter()
        .map(|o| {
            serde_json::from_str::<Echoed<T>>(&o.to_string())
                .map_err(|e| VectorError::Input(format!("offer does not parse: {e}")))
        })
        .collect()
}

/// Finds the offer the payment matches under the group's mode.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let mode = str_field(group, "mode")?;
    let payment = test
        .get("paymentPayload")
        .ok_or_else(|| VectorError::Input("missing paymentPayload".into()))?;
    let payment = PaymentPayload::from_json(payment.to_string().as_bytes())
        .map_err(|e| VectorError::Input(format!("payment does not parse: {e}")))?;
    let found: Result<Option<usize>, &str> = match (mode, &payment) {
        ("deepEqual", PaymentPayload::V2(p)) => Ok(find_match(
            &offers::<v2::PaymentRequirements>(test)?,
            p,
            MatchMode::DeepEqual,
        )),
        ("fiveField", PaymentPayload::V2(p)) => Ok(find_match(
            &offers::<v2::PaymentRequirements>(test)?,
            p,
            MatchMode::FiveField,
        )),
        ("extraSubset", PaymentPayload::V2(p)) => Ok(find_match(
            &offers::<v2::PaymentRequirements>(test)?,
            p,
            MatchMode::ExtraSubset,
        )),
        ("sixField", PaymentPayload::V2(p)) => Ok(find_match(
            &offers::<v2::PaymentRequirements>(test)?,
            p,
            MatchMode::SixField,
        )),
        ("schemeNetwork", PaymentPayload::V1(p)) => {
            Ok(find_match_v1(&offers::<v1::PaymentRequirements>(test)?, p))
        }
        ("deepEqual" | "fiveField" | "extraSubset" | "sixField" | "schemeNetwork", _) => {
            Err("unsupported_version")
        }
        (other, _) => return Err(VectorError::Input(format!("unknown mode {other}"))),
    };
    let mut fields = Obj::new();
    let accepted = match found {
        Ok(Some(i)) => {
            fields.insert("expected".into(), json!({ "index": i }));
            true
        }
        Ok(None) => {
            fields.insert("reason".into(), "no_matching_requirements".into());
            false
        }
        Err(r) => {
            fields.insert("reason".into(), r.into());
            false
        }
    };
    Ok(Outcome { accepted, fields })
}

fn req() -> Value {
    json!({"scheme": "exact", "network": "eip155:84532", "amount": "10000", "asset": USDC_BASE_SEPOLIA, "payTo": PAY_TO, "maxTimeoutSeconds": 60, "extra": {"name": "USDC", "version": "2"}})
}

fn req_base() -> Value {
    json!({"scheme": "exact", "network": "eip155:8453", "amount": "10000", "asset": USDC_BASE, "payTo": PAY_TO, "maxTimeoutSeconds": 60, "extra": {"name": "USD Coin", "version": "2"}})
}

fn with(v: &Value, key: &str, value: Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
    v
}

fn without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.shift_remove(key);
    }
    v
}

fn reversed(v: &Value) -> Value {
    match v.as_object() {
        Some(m) => {
            let mut out = Obj::new();
            for (k, x) in m.iter().rev() {
                out.insert(k.clone(), x.clone());
            }
            Value::Object(out)
        }
        None => v.clone(),
    }
}

fn payload() -> Value {
    json!({"signature": "0x00", "authorization": {}})
}

fn pp(accepted: &Value) -> Value {
    json!({"x402Version": 2, "resource": resource(), "accepted": accepted, "payload": payload()})
}

fn v1_req(network: &str) -> Value {
    json!({"scheme": "exact", "network": network, "maxAmountRequired": "10000", "resource": "https://api.example.com/premium-data", "description": "", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": USDC_BASE_SEPOLIA})
}

fn v1_pp(scheme: &str, network: &str) -> Value {
    json!({"x402Version": 1, "scheme": scheme, "network": network, "payload": payload()})
}

fn mt(id: String, comment: &str, accepts: Vec<Value>, payment: Value) -> Case {
    case(id, comment)
        .input("accepts", Value::Array(accepts))
        .input("paymentPayload", payment)
}

fn v2_cases(prefix: &str) -> Vec<Case> {
    let r = req();
    let rb = req_base();
    let id = |s: &str| format!("matching/{prefix}/{s}");
    let no_extra = without(&r, "extra");
    let extra_reordered = with(&r, "extra", json!({"version": "2", "name": "USDC"}));
    vec![
        mt(id("second-offer-reordered-keys"), "accepted equals the second offer; its keys are in another order.", vec![r.clone(), rb.clone()], pp(&reversed(&rb))),
        mt(id("first-of-duplicates"), "Two identical offers: the first one is the match.", vec![r.clone(), r.clone()], pp(&r)),
        mt(id("third-of-three"), "The third offer matches.", vec![rb.clone(), with(&r, "amount", "20000".into()), r.clone()], pp(&r)),
        mt(id("extra-keys-reordered"), "extra's keys in another order: JSON objects are unordered.", vec![r.clone()], pp(&extra_reordered)),
        mt(id("empty-extra-versus-absent"), "The client echoes extra: {} for an offer that had no extra (a Go client echoing a TS server, or the reverse).", vec![no_extra.clone()], pp(&with(&no_extra, "extra", json!({})))).flag("MatchingRule"),
        mt(id("different-max-timeout"), "accepted differs from the offer only in maxTimeoutSeconds.", vec![r.clone()], pp(&with(&r, "maxTimeoutSeconds", 300.into()))).flag("MatchingRule"),
        mt(id("different-extra"), "accepted differs from the offer only in extra.name.", vec![r.clone()], pp(&with(&r, "extra", json!({"name": "USD Coin", "version": "2"})))).flag("MatchingRule"),
        mt(id("unknown-field-in-accepted"), "accepted carries a field the offer does not have.", vec![r.clone()], pp(&with(&r, "x-tag", "a".into()))).flag("MatchingRule"),
        mt(id("different-amount"), "accepted asks a smaller amount than offered.", vec![r.clone()], pp(&with(&r, "amount", "1".into()))).flag("AmountTamper"),
        mt(id("different-network"), "accepted names another network.", vec![r.clone()], pp(&with(&r, "network", "eip155:8453".into()))),
        mt(id("different-pay-to"), "accepted pays another address.", vec![r.clone()], pp(&with(&r, "payTo", OTHER.into()))),
        mt(id("payto-case-differs"), "accepted.payTo is the offered address in lower case: string comparison says different.", vec![r.clone()], pp(&with(&r, "payTo", PAY_TO.to_ascii_lowercase().into()))).flag("CaseSensitiveComparison"),
        mt(id("asset-case-differs"), "accepted.asset in lower case.", vec![r.clone()], pp(&with(&r, "asset", USDC_BASE_SEPOLIA.to_ascii_lowercase().into()))).flag("CaseSensitiveComparison"),
        mt(id("v1-payment"), "A v1 payment carries no accepted: v2 matching does not apply.", vec![r.clone()], v1_pp("exact", "base-sepolia")).flag("VersionMismatch"),
        mt(id("additive-extra-member"), "accepted.extra keeps every offered member and adds one (a client field, allowed by the 2.27 TS and 2.25 Python servers).", vec![r.clone()], pp(&with(&r, "extra", json!({"name": "USDC", "version": "2", "clientHint": "x"})))).flag("MatchingRule"),
        mt(id("dropped-extra-member"), "accepted.extra drops the offered extra.version.", vec![r.clone()], pp(&with(&r, "extra", json!({"name": "USDC"})))).flag("MatchingRule"),
        mt(id("extra-absent-in-accepted"), "The offer has extra; accepted has none.", vec![r.clone()], pp(&no_extra)).flag("MatchingRule"),
        mt(id("svm-dynamic-extra-refreshed"), "A Solana exact offer whose dynamic extra member (recentBlockhash) changed since the client's 402: left out of the comparison by the deployed servers.", vec![svm_req("blockhash-now")], pp(&svm_req("blockhash-before"))).flag("MatchingRule"),
    ]
}

fn svm_req(blockhash: &str) -> Value {
    json!({"scheme": "exact", "network": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "amount": "10000", "asset": "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "payTo": "2wKupLR9q6wXYppw8Gr2NvWxKBUqm4PPJKkQfoxHDBg4", "maxTimeoutSeconds": 60, "extra": {"feePayer": "EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd", "recentBlockhash": blockhash}})
}

fn v1_cases() -> Vec<Case> {
    let id = |s: &str| format!("matching/scheme-network/{s}");
    vec![
        mt(id("second-by-network"), "The second offer has the payment's network.", vec![v1_req("base"), v1_req("base-sepolia")], v1_pp("exact", "base-sepolia")),
        mt(id("first-of-duplicates"), "Two offers with the same scheme and network: the first matches.", vec![v1_req("base-sepolia"), with(&v1_req("base-sepolia"), "maxAmountRequired", "1".into())], v1_pp("exact", "base-sepolia")),
        mt(id("amount-not-compared"), "TS v1 matching looks at scheme and network only; the amount is the facilitator's business.", vec![with(&v1_req("base-sepolia"), "maxAmountRequired", "999999".into())], v1_pp("exact", "base-sepolia")).flag("MatchingRule"),
        mt(id("no-network-match"), "No offer on the payment's network.", vec![v1_req("base")], v1_pp("exact", "base-sepolia")),
        mt(id("no-scheme-match"), "No offer with the payment's scheme.", vec![v1_req("base-sepolia")], v1_pp("upto", "base-sepolia")),
        mt(id("v2-payment"), "A v2 payment in v1 matching.", vec![v1_req("base-sepolia")], pp(&req())).flag("VersionMismatch"),
    ]
}

fn finish(mode: &str, cases: Vec<Case>) -> Result<Value, VectorError> {
    let g = json!({ "mode": mode });
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&g, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(g, tests))
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add("MatchingRule", note("SDK_SDK_DISAGREEMENT", "TS 2.10 deep-equals the whole accepted object; Go and Python 2.8 compare scheme, network, amount, asset and payTo only; TS 2.27 (extraSubset) deep-equals every member but extra and lets the client add extra members; Python 2.25 (sixField) compares the five fields and maxTimeoutSeconds with the same extra rule; TS v1 compares scheme and network.").disagreement(26));
    n.add(
        "AmountTamper",
        note(
            "AMOUNT_CONFUSION",
            "The client changed the amount of the offer it echoes.",
        ),
    );
    n.add("CaseSensitiveComparison", note("EDGE_CASE", "Every SDK matches requirement fields as exact strings, so an address spelled in another case does not match (the client must echo the offer verbatim)."));
    n.add(
        "VersionMismatch",
        note(
            "VERSION_CONFUSION",
            "The payment's protocol version is not the one the matching mode applies to.",
        ),
    );
    n
}

/// Builds `matching.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    let groups = vec![
        finish("deepEqual", v2_cases("deep-equal"))?,
        finish("fiveField", v2_cases("five-field"))?,
        finish("extraSubset", v2_cases("extra-subset"))?,
        finish("sixField", v2_cases("six-field"))?,
        finish("schemeNetwork", v1_cases())?,
    ];
    make_file(
        TOPIC,
        &["Matching a PaymentPayload to the offered requirements (resource server side)."],
        notes(),
        groups,
    )
}
