//! (b) Every checked-in vector file validates against `vectors/schema/` (JSON Schema 2020-12,
//! with the `eip55-address` format asserted), ids are unique across the corpus,
//! `numberOfTests` is right, every flag is defined and every note used.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use x402_spec::primitives::EvmAddress;

fn is_eip55(s: &str) -> bool {
    EvmAddress::parse(s).is_ok_and(|a| a.to_string() == s)
}

fn schemas() -> BTreeMap<String, Value> {
    let dir = common::vectors_dir().join("schema");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") {
            out.insert(
                name,
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap(),
            );
        }
    }
    out
}

#[test]
fn every_file_validates_and_the_corpus_invariants_hold() {
    let schemas = schemas();
    let mut registry = jsonschema::Registry::new();
    for s in schemas.values() {
        registry = registry.add(s["$id"].as_str().unwrap(), s.clone()).unwrap();
    }
    let registry = registry.prepare().unwrap();
    let build = |s: &Value| {
        jsonschema::options()
            .with_registry(&registry)
            .with_format("eip55-address", is_eip55)
            .should_validate_formats(true)
            .build(s)
            .unwrap()
    };
    let dispatch = build(&schemas["vector-file.schema.json"]);
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    let files = common::loaded();
    assert_eq!(files.len(), 8, "one file per topic");
    for (name, doc) in &files {
        let topic = doc["topic"].as_str().unwrap();
        assert_eq!(name, &format!("{topic}.json"));
        let validator = build(&schemas[&format!("{topic}.schema.json")]);
        for e in validator.iter_errors(doc).take(20) {
            problems.push(format!("{name}: {} at {}", e, e.instance_path()));
        }
        if !dispatch.is_valid(doc) {
            problems.push(format!("{name}: vector-file.schema.json rejects it"));
        }
        let tests = common::tests_of(doc);
        if doc["numberOfTests"].as_u64() != Some(tests.len() as u64) {
            problems.push(format!(
                "{name}: numberOfTests {} but {} tests",
                doc["numberOfTests"],
                tests.len()
            ));
        }
        let notes = doc["notes"].as_object().unwrap();
        let mut used = std::collections::BTreeSet::new();
        for (_, t) in tests {
            let id = t["id"].as_str().unwrap().to_owned();
            if let Some(other) = ids.insert(id.clone(), name.clone()) {
                problems.push(format!("duplicate id {id} ({other}, {name})"));
            }
            for f in t["flags"].as_array().into_iter().flatten() {
                let f = f.as_str().unwrap();
                used.insert(f.to_owned());
                if !notes.contains_key(f) {
                    problems.push(format!("{id}: undefined flag {f}"));
                }
            }
        }
        for k in notes.keys() {
            if !used.contains(k) {
                problems.push(format!("{name}: unused note {k}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(ids.len() >= 400, "{} tests", ids.len());
}

#[test]
fn the_schemas_are_strict() {
    let schemas = schemas();
    let mut registry = jsonschema::Registry::new();
    for s in schemas.values() {
        registry = registry.add(s["$id"].as_str().unwrap(), s.clone()).unwrap();
    }
    let registry = registry.prepare().unwrap();
    let v = jsonschema::options()
        .with_registry(&registry)
        .with_format("eip55-address", is_eip55)
        .should_validate_formats(true)
        .build(&schemas["verify.schema.json"])
        .unwrap();
    let (_, doc) = common::loaded()
        .into_iter()
        .find(|(n, _)| n == "verify.json")
        .unwrap();
    assert!(v.is_valid(&doc));
    let mut bad = doc.clone();
    bad["testGroups"][0]["tests"][0]["bogus"] = true.into();
    assert!(!v.is_valid(&bad), "unknown test property accepted");
    let mut bad = doc.clone();
    let payer = bad["testGroups"][0]["tests"][0]["expected"]["payer"]
        .as_str()
        .unwrap()
        .to_owned();
    bad["testGroups"][0]["tests"][0]["expected"]["onChainChecks"][0]["to"] =
        payer.to_ascii_lowercase().into();
    assert!(!v.is_valid(&bad), "non-EIP-55 address accepted");
}
