//! The vector file format: file header, notes, test cases and their assembly (docs/vectors.md).

use serde_json::{Map, Value, json};

use crate::{COMMAND, FORMAT_VERSION, VectorError};

/// A JSON object in insertion order.
pub(crate) type Obj = Map<String, Value>;

/// A flag definition (`notes` entry).
#[derive(Debug, Clone)]
pub(crate) struct Note(Obj);

/// Starts a note with its `bugType` and `description`.
pub(crate) fn note(bug_type: &str, description: &str) -> Note {
    let mut m = Obj::new();
    m.insert("bugType".into(), bug_type.into());
    m.insert("description".into(), description.into());
    Note(m)
}

impl Note {
    /// `specClause`.
    pub(crate) fn clause(mut self, c: &str) -> Self {
        self.0.insert("specClause".into(), c.into());
        self
    }
    /// `effect`.
    pub(crate) fn effect(mut self, e: &str) -> Self {
        self.0.insert("effect".into(), e.into());
        self
    }
    /// `disagreement` (docs/protocol/disagreements.md item).
    pub(crate) fn disagreement(mut self, n: u64) -> Self {
        self.0.insert("disagreement".into(), n.into());
        self
    }
    /// `sdkBehavior`: pairs of (`ts` | `go` | `py` | `legacy`, text).
    pub(crate) fn sdk(mut self, pairs: &[(&str, &str)]) -> Self {
        let mut m = Obj::new();
        for (k, v) in pairs {
            m.insert((*k).to_owned(), (*v).into());
        }
        self.0.insert("sdkBehavior".into(), Value::Object(m));
        self
    }
}

/// The `notes` map of one file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes(Obj);

impl Notes {
    /// Adds a flag.
    pub(crate) fn add(&mut self, name: &str, n: Note) {
        self.0.insert(name.to_owned(), Value::Object(n.0));
    }
}

/// One test before its outcome is computed.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) id: String,
    pub(crate) comment: String,
    pub(crate) acceptable: bool,
    pub(crate) flags: Vec<String>,
    pub(crate) clause: Option<String>,
    pub(crate) inputs: Obj,
}

/// Starts a case.
pub(crate) fn case(id: impl Into<String>, comment: impl Into<String>) -> Case {
    Case {
        id: id.into(),
        comment: comment.into(),
        acceptable: false,
        flags: Vec::new(),
        clause: None,
        inputs: Obj::new(),
    }
}

impl Case {
    /// Adds a flag.
    pub(crate) fn flag(mut self, f: &str) -> Self {
        if !self.flags.iter().any(|x| x == f) {
            self.flags.push(f.to_owned());
        }
        self
    }
    /// Marks the case `acceptable` (the flags say why).
    pub(crate) fn acceptable(mut self) -> Self {
        self.acceptable = true;
        self
    }
    /// `specClause`.
    pub(crate) fn clause(mut self, c: &str) -> Self {
        self.clause = Some(c.to_owned());
        self
    }
    /// Adds an input field.
    pub(crate) fn input(mut self, key: &str, v: impl Into<Value>) -> Self {
        self.inputs.insert(key.to_owned(), v.into());
        self
    }
    /// The inputs and flags as a test object (what the outcome functions read).
    pub(crate) fn probe(&self) -> Value {
        let mut m = self.inputs.clone();
        if !self.flags.is_empty() {
            m.insert("flags".into(), json!(self.flags));
        }
        m.insert(
            "result".into(),
            if self.acceptable {
                "acceptable".into()
            } else {
                Value::Null
            },
        );
        Value::Object(m)
    }
}

/// The computed outcome of a test.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Whether x402-spec accepts the input (under the canonical rules).
    pub(crate) accepted: bool,
    /// Outcome fields (expected, reason, ...), in output order.
    pub(crate) fields: Obj,
}

/// `result` for a test: `acceptable` when declared so, else from x402-spec's verdict.
pub(crate) fn result_of(acceptable: bool, accepted: bool) -> &'static str {
    if acceptable {
        "acceptable"
    } else if accepted {
        "valid"
    } else {
        "invalid"
    }
}

fn id_ok(id: &str, topic: &str) -> bool {
    let Some(rest) = id.strip_prefix(topic) else {
        return false;
    };
    !rest.is_empty()
        && rest.split('/').skip(1).all(|seg| {
            !seg.is_empty()
                && seg.split('-').all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        })
        && rest.starts_with('/')
}

/// Assembles the final test object: id, comment, result, flags, specClause, inputs, outcome.
pub(crate) fn assemble(topic: &str, c: Case, o: Outcome) -> Result<Value, VectorError> {
    if !id_ok(&c.id, topic) {
        return Err(VectorError::Case(format!("bad id {:?}", c.id)));
    }
    if c.acceptable && c.flags.is_empty() {
        return Err(VectorError::Case(format!(
            "{}: acceptable without flags",
            c.id
        )));
    }
    let mut m = Obj::new();
    m.insert("id".into(), c.id.clone().into());
    m.insert("comment".into(), c.comment.into());
    m.insert("result".into(), result_of(c.acceptable, o.accepted).into());
    if !c.flags.is_empty() {
        m.insert("flags".into(), json!(c.flags));
    }
    if let Some(cl) = c.clause {
        m.insert("specClause".into(), cl.into());
    }
    m.extend(c.inputs);
    m.extend(o.fields);
    Ok(Value::Object(m))
}

/// Builds a file: header, notes, groups; checks that every flag used is defined and every
/// note is used, and that ids are unique.
pub(crate) fn file(
    topic: &str,
    header: &[&str],
    notes: Notes,
    groups: Vec<Value>,
) -> Result<Value, VectorError> {
    let mut count = 0usize;
    let mut used = std::collections::BTreeSet::new();
    let mut ids = std::collections::BTreeSet::new();
    for g in &groups {
        for t in g
            .get("tests")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            count = count.saturating_add(1);
            let id = t.get("id").and_then(Value::as_str).unwrap_or_default();
            if !ids.insert(id.to_owned()) {
                return Err(VectorError::Case(format!("duplicate id {id}")));
            }
            for f in t
                .get("flags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let f = f.as_str().unwrap_or_default();
                if !notes.0.contains_key(f) {
                    return Err(VectorError::Case(format!("{id}: flag {f} has no note")));
                }
                used.insert(f.to_owned());
            }
        }
    }
    for k in notes.0.keys() {
        if !used.contains(k) {
            return Err(VectorError::Case(format!("{topic}: note {k} is unused")));
        }
    }
    let mut m = Obj::new();
    m.insert("schema".into(), format!("{topic}.schema.json").into());
    m.insert("suite".into(), "x402-spec".into());
    m.insert("topic".into(), topic.into());
    m.insert("formatVersion".into(), FORMAT_VERSION.into());
    m.insert(
        "generator".into(),
        json!({
            "name": "x402-spec",
            "version": env!("CARGO_PKG_VERSION"),
            "command": COMMAND,
            "source": format!("crates/x402-vectors/src/topics/{topic}.rs (expectations computed by crates/x402-spec)"),
        }),
    );
    m.insert("header".into(), json!(header));
    m.insert("numberOfTests".into(), count.into());
    m.insert("notes".into(), Value::Object(notes.0));
    m.insert("testGroups".into(), Value::Array(groups));
    Ok(Value::Object(m))
}

/// Builds a group object from its fields and finished tests.
pub(crate) fn group(fields: Value, tests: Vec<Value>) -> Value {
    let mut m = match fields {
        Value::Object(m) => m,
        _ => Obj::new(),
    };
    m.insert("tests".into(), Value::Array(tests));
    Value::Object(m)
}

/// Lower-case `0x` hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    format!("0x{}", alloy_primitives::hex::encode(bytes))
}

/// Reads a string field of a test.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, VectorError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| VectorError::Input(format!("missing string field `{key}`")))
}

/// Reads an integer field.
pub(crate) fn u64_field(v: &Value, key: &str) -> Result<u64, VectorError> {
    v.get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| VectorError::Input(format!("missing integer field `{key}`")))
}

/// Whether a test carries a flag.
pub(crate) fn has_flag(test: &Value, flag: &str) -> bool {
    test.get("flags")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|f| f.as_str() == Some(flag)))
}

/// Whether the test is declared `acceptable`.
pub(crate) fn is_acceptable(test: &Value) -> bool {
    test.get("result").and_then(Value::as_str) == Some("acceptable")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn id_grammar() {
        assert!(id_ok("headers/strict/empty-object", "headers"));
        assert!(id_ok("verify/a1/b-2", "verify"));
        assert!(!id_ok("headers", "headers"));
        assert!(!id_ok("headers/Strict", "headers"));
        assert!(!id_ok("headers/a--b", "headers"));
        assert!(!id_ok("headersx/a", "headers"));
        assert!(!id_ok("headers/a/", "headers"));
    }

    #[test]
    fn acceptable_needs_a_flag() {
        let c = case("headers/x", "c").acceptable();
        assert!(assemble("headers", c, Outcome::default()).is_err());
    }
}
