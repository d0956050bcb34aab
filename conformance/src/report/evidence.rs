//! The evidence directory (`--evidence DIR`): what to attach to a bug report.
//!
//! ```text
//! DIR/run.json                  the JSON report (same as --report-json)
//! DIR/cases/<id>.json           one file per case: verdict and every exchange in full
//! DIR/SHA256SUMS                sha256 of each file above, `sha256sum -c` format
//! ```
//!
//! A case file name is the case id with each `/` replaced by `__`
//! (`facilitator__verify__empty-body__rejected.json`). Bodies are written whole (up to the
//! harness's download cap, not the JSON report's 64 KiB), as text when they are UTF-8 and as
//! hex otherwise. Like every report, nothing here can hold the payer key: the exchanges are
//! what went over HTTP, and the key never does.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::RunReport;
use crate::http::{Exchange, Header};
use crate::runner::CaseResult;

/// Format version of the case files (`formatVersion`).
pub const CASE_FORMAT_VERSION: u64 = 1;

/// The file name of a case's evidence (`/` → `__`, `.json` appended).
pub fn case_file_name(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s = s.replace('/', "__");
    s.push_str(".json");
    s
}

/// Checks before a run that `dir` can receive the evidence: it does not exist yet (its parent
/// does) or it is an empty directory. A non-empty directory is refused so that files of an
/// earlier run are never mixed with this one's.
pub fn check_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("--evidence {}: not a directory", dir.display()));
        }
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("--evidence {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "--evidence {}: the directory is not empty (give a new or empty directory)",
                dir.display()
            ));
        }
        return Ok(());
    }
    let parent = dir
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(format!(
            "--evidence {}: directory {} does not exist",
            dir.display(),
            parent.display()
        ));
    }
    Ok(())
}

/// Writes the evidence of `report` into `dir` (created if missing) and returns the paths
/// written, relative to `dir`, in the order of `SHA256SUMS` (which is written last).
pub fn write(dir: &Path, report: &RunReport) -> Result<Vec<PathBuf>, String> {
    let cases_dir = dir.join("cases");
    std::fs::create_dir_all(&cases_dir)
        .map_err(|e| format!("cannot create {}: {e}", cases_dir.display()))?;
    let mut written: Vec<(PathBuf, String)> = Vec::new();
    let mut put = |rel: PathBuf, text: String| -> Result<(), String> {
        let path = dir.join(&rel);
        std::fs::write(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push((rel, sha256_hex(text.as_bytes())));
        Ok(())
    };
    put(PathBuf::from("run.json"), super::json::to_string(report))?;
    for r in &report.results {
        let mut text = serde_json::to_string_pretty(&case_value(r, report.meta.strict))
            .map_err(|e| format!("cannot serialize the evidence of {}: {e}", r.id))?;
        text.push('\n');
        put(Path::new("cases").join(case_file_name(r.id)), text)?;
    }
    let sums = sha256sums(&written);
    let sums_path = dir.join("SHA256SUMS");
    std::fs::write(&sums_path, sums)
        .map_err(|e| format!("cannot write {}: {e}", sums_path.display()))?;
    let mut paths: Vec<PathBuf> = written.into_iter().map(|(p, _)| p).collect();
    paths.push(PathBuf::from("SHA256SUMS"));
    Ok(paths)
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    alloy_primitives::hex::encode(Sha256::digest(bytes))
}

/// `sha256sum` text: `<hex>  <path>` per line, `/` separators, in the given order.
pub fn sha256sums(files: &[(PathBuf, String)]) -> String {
    let mut out = String::new();
    for (path, hex) in files {
        let name = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push_str(&format!("{hex}  {name}\n"));
    }
    out
}

/// The evidence of one case as JSON.
pub fn case_value(r: &CaseResult, strict: bool) -> Value {
    json!({
        "formatVersion": CASE_FORMAT_VERSION,
        "id": r.id,
        "title": r.title,
        "clause": r.clause,
        "expected": r.expected,
        "level": r.level,
        "tags": r.tags,
        "verdict": r.verdict.kind(),
        "message": r.verdict.message(),
        "failsRun": r.fails_run(strict),
        "durationMs": u64::try_from(r.duration.as_millis()).unwrap_or(u64::MAX),
        "exchanges": r.exchanges.iter().map(exchange).collect::<Vec<_>>(),
    })
}

fn headers(h: &[Header]) -> Value {
    Value::Array(
        h.iter()
            .map(|(n, v)| json!({ "name": n, "value": v }))
            .collect(),
    )
}

/// A body as `body` (UTF-8 text) or `bodyHex`, with its length.
fn body(into: &mut serde_json::Map<String, Value>, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(t) => {
            into.insert("body".into(), Value::String(t.to_owned()));
        }
        Err(_) => {
            into.insert("body".into(), Value::Null);
            into.insert(
                "bodyHex".into(),
                Value::String(alloy_primitives::hex::encode(bytes)),
            );
        }
    }
    into.insert("bodyLength".into(), json!(bytes.len()));
}

fn exchange(e: &Exchange) -> Value {
    let mut request = serde_json::Map::new();
    request.insert("method".into(), json!(e.request.method));
    request.insert("url".into(), json!(e.request.url));
    request.insert("headers".into(), headers(&e.request.headers));
    body(&mut request, &e.request.body);
    let (response, error) = match &e.response {
        Ok(r) => {
            let mut m = serde_json::Map::new();
            m.insert("status".into(), json!(r.status));
            m.insert("headers".into(), headers(&r.headers));
            body(&mut m, &r.body);
            m.insert("incomplete".into(), json!(r.truncated));
            (Value::Object(m), Value::Null)
        }
        Err(t) => (Value::Null, json!({ "kind": t.kind, "message": t.message })),
    };
    json!({
        "request": request,
        "response": response,
        "error": error,
        "elapsedMs": u64::try_from(e.elapsed.as_millis()).unwrap_or(u64::MAX),
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    fn temp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("x402-evidence-unit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn file_names() {
        assert_eq!(
            case_file_name("facilitator/verify/empty-body/rejected"),
            "facilitator__verify__empty-body__rejected.json"
        );
        assert_eq!(case_file_name("a b/../c"), "a_b__..__c.json");
    }

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn writes_every_case_and_sums_that_verify() {
        let dir = temp("write");
        check_dir(&dir).unwrap();
        let paths = write(&dir, &sample_report()).unwrap();
        assert_eq!(paths.len(), 1 + 4 + 1);
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        assert_eq!(sums.lines().count(), 5);
        for line in sums.lines() {
            let (hex, name) = line.split_once("  ").unwrap();
            let bytes = std::fs::read(dir.join(name)).unwrap();
            assert_eq!(sha256_hex(&bytes), hex, "{name}");
        }
        let case: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("cases/facilitator__verify__a.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(case["verdict"], "failed");
        assert_eq!(case["exchanges"][0]["request"]["method"], "POST");
        assert_eq!(case["exchanges"][0]["response"]["status"], 200);
        assert_eq!(case["exchanges"][1]["error"]["kind"], "timeout");
        // The directory now holds files: a second run into it is refused.
        assert!(check_dir(&dir).unwrap_err().contains("not empty"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn binary_bodies_are_hex() {
        let mut m = serde_json::Map::new();
        body(&mut m, &[0xff, 0x00]);
        assert_eq!(m["bodyHex"], "ff00");
        assert!(m["body"].is_null());
        assert!(check_dir(Path::new("/nonexistent-x402/ev")).is_err());
    }
}
