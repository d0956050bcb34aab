//! The runner: recomputes every test of a loaded vector file from its inputs with x402-spec and
//! compares the result, the expected output, the reason and every other computed field with
//! what the file says.

use serde_json::Value;

use crate::format::{is_acceptable, result_of};
use crate::topics;

/// The verdict of the runner on one test (or on a group's computed fields, or on the file).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestReport {
    /// The test id (`<file>#group<N>` for group-level fields, `<file>` for the file).
    pub id: String,
    /// `Ok` when every stored expectation equals the recomputed one, else what differs.
    pub outcome: Result<(), String>,
}

fn report(id: impl Into<String>, outcome: Result<(), String>) -> TestReport {
    TestReport {
        id: id.into(),
        outcome,
    }
}

fn short(v: Option<&Value>) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(v) => {
            let s = v.to_string();
            match s.char_indices().nth(300) {
                Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
                None => s,
            }
        }
    }
}

fn check_test(topic: &str, group: &Value, test: &Value) -> Result<(), String> {
    let o = topics::outcome(topic, group, test).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let want = result_of(is_acceptable(test), o.accepted);
    let got = test
        .get("result")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if got != want {
        problems.push(format!(
            "result: file says {got}, x402-spec {}",
            if o.accepted { "accepts" } else { "rejects" }
        ));
    }
    for key in topics::outcome_keys(topic) {
        let stored = test.get(*key);
        let computed = o.fields.get(*key);
        if stored != computed {
            problems.push(format!(
                "{key}: file {} != x402-spec {}",
                short(stored),
                short(computed)
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs every test of one vector file (as loaded from disk) through x402-spec.
///
/// Returns one report per test, plus one per group whose computed group fields differ and one
/// for the file when its structure is unreadable (no `topic` or `testGroups`).
#[must_use]
pub fn check(file_name: &str, doc: &Value) -> Vec<TestReport> {
    let Some(topic) = doc.get("topic").and_then(Value::as_str) else {
        return vec![report(file_name, Err("no topic".into()))];
    };
    let Some(groups) = doc.get("testGroups").and_then(Value::as_array) else {
        return vec![report(file_name, Err("no testGroups".into()))];
    };
    let mut out = Vec::new();
    for (gi, group) in groups.iter().enumerate() {
        match topics::group_fields(topic, group) {
            Ok(fields) => {
                let problems: Vec<String> = fields
                    .iter()
                    .filter(|(k, v)| group.get(*k) != Some(v))
                    .map(|(k, v)| {
                        format!(
                            "{k}: file {} != x402-spec {}",
                            short(group.get(*k)),
                            short(Some(v))
                        )
                    })
                    .collect();
                if !problems.is_empty() {
                    out.push(report(
                        format!("{file_name}#group{gi}"),
                        Err(problems.join("; ")),
                    ));
                }
            }
            Err(e) => out.push(report(format!("{file_name}#group{gi}"), Err(e.to_string()))),
        }
        for test in group
            .get("tests")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = test
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("(no id)")
                .to_owned();
            out.push(report(id, check_test(topic, group, test)));
        }
    }
    out
}
