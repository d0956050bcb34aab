//! Shared helpers of the integration tests: where the checked-in corpus lives and how to load it.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use serde_json::Value;

/// The repository's `vectors/` directory.
pub(crate) fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
}

/// Every `vectors/*.json`, sorted by name, as (file name, text).
pub(crate) fn checked_in() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(vectors_dir()).expect("vectors/ exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// Every checked-in vector file, parsed.
pub(crate) fn loaded() -> Vec<(String, Value)> {
    checked_in()
        .into_iter()
        .map(|(n, t)| {
            let v = serde_json::from_str(&t).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, v)
        })
        .collect()
}

/// The tests of a file with their group.
pub(crate) fn tests_of(doc: &Value) -> Vec<(&Value, &Value)> {
    let mut out = Vec::new();
    for g in doc["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            out.push((g, t));
        }
    }
    out
}
