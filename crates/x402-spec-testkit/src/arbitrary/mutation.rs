//! One-step structural mutations of a JSON document.

use super::*;

// ---------------------------------------------------------------------------------------------
// Mutations

/// One step of a path into a JSON document.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// Every path in `doc` (the root first, then depth first in document order).
pub(super) fn all_paths(doc: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    walk(item, here, out);
                    here.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    here.push(Step::Key(k.clone()));
                    walk(item, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

/// The node at `path`.
pub(super) fn node_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for step in path {
        cur = match (cur, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A value of a different JSON type than `v`, chosen by `seed`.
pub(super) fn other_type(v: &Value, seed: u64) -> Value {
    let candidates = [
        Value::Null,
        Value::Bool(seed.is_multiple_of(2)),
        Value::from(seed),
        Value::String(seed.to_string()),
        Value::Array(vec![Value::from(seed)]),
        Value::Object(JsonObject::new()),
    ];
    let same = |c: &Value| std::mem::discriminant(c) == std::mem::discriminant(v);
    let options: Vec<Value> = candidates.into_iter().filter(|c| !same(c)).collect();
    let len = u64::try_from(options.len()).unwrap_or(1);
    let pick = usize::try_from(seed.checked_rem(len).unwrap_or(0)).unwrap_or(0);
    options.get(pick).cloned().unwrap_or(Value::Null)
}

/// Applies mutation `op` (see [`json_mutation`]) at `path`.
pub(super) fn mutate(mut doc: Value, path: &[Step], op: u8, seed: u64) -> Value {
    // Deleting removes the node from its parent; at the root it changes the type instead.
    if let (0, Some((last, parent_path))) = (op, path.split_last()) {
        match (node_mut(&mut doc, parent_path), last) {
            (Some(Value::Object(m)), Step::Key(k)) => {
                m.shift_remove(k);
            }
            (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
                a.remove(*i);
            }
            _ => {}
        }
        return doc;
    }
    let Some(node) = node_mut(&mut doc, path) else {
        return doc;
    };
    let replacement = match (op, &*node) {
        // Number → float / string / negative / huge.
        (2, Value::Number(n)) => match seed % 4 {
            0 => n
                .as_f64()
                .and_then(|f| Number::from_f64(f + 0.5))
                .map_or(Value::Null, Value::Number),
            1 => Value::String(n.to_string()),
            2 => n.as_i64().map_or_else(
                || Value::from(-1),
                |i| Value::from(i.saturating_neg().saturating_sub(1)),
            ),
            _ => Number::from_f64(1e300).map_or(Value::Null, Value::Number),
        },
        // String → a strict prefix (character boundary).
        (3, Value::String(s)) if !s.is_empty() => {
            let chars = u64::try_from(s.chars().count()).unwrap_or(1);
            let keep = usize::try_from(seed.checked_rem(chars).unwrap_or(0)).unwrap_or(0);
            Value::String(s.chars().take(keep).collect())
        }
        // Set null.
        (4, v) if !v.is_null() => Value::Null,
        // Empty the container / string.
        (5, Value::Object(m)) if !m.is_empty() => Value::Object(JsonObject::new()),
        (5, Value::Array(a)) if !a.is_empty() => Value::Array(Vec::new()),
        (5, Value::String(s)) if !s.is_empty() => Value::String(String::new()),
        // Anything else: replace by a value of another JSON type.
        (_, v) => other_type(v, seed),
    };
    // A float plus 0.5 can round back to itself; a type change always differs.
    *node = if replacement == *node {
        other_type(node, seed)
    } else {
        replacement
    };
    doc
}

/// One random structural mutation of `doc`, at a node chosen uniformly among all nodes (the
/// root included):
///
/// - delete the node's key from its parent object (or its element from the parent array);
/// - replace the node by a value of a different JSON type;
/// - change a number into a float, a numeric string, a negative number or `1e300`;
/// - truncate a string to a strict prefix;
/// - set the node to `null`;
/// - empty an object, array or string.
///
/// A mutation that does not apply to the chosen node (truncating a number, say) falls back to a
/// type change, and so does a mutation that would leave the node unchanged: the result always
/// differs from `doc`. Duplicate keys cannot be produced (a [`serde_json::Value`] cannot represent
/// them).
pub fn json_mutation(doc: Value) -> impl Strategy<Value = Value> {
    let paths = all_paths(&doc);
    let count = paths.len().max(1);
    (any::<Index>(), 0u8..6, any::<u64>()).prop_map(move |(index, op, seed)| {
        let path = paths.get(index.index(count)).cloned().unwrap_or_default();
        mutate(doc.clone(), &path, op, seed)
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
    use serde_json::json;
    fn path(p: &[&str]) -> Vec<Step> {
        p.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn paths_cover_every_node_root_first() {
        let doc = json!({"a": [1, {"b": null}], "c": "x"});
        let all = all_paths(&doc);
        assert_eq!(all.len(), 6);
        assert!(all[0].is_empty());
    }

    #[test]
    fn each_mutation_does_what_it_says() {
        let doc = json!({"a": [1, 2], "s": "hello", "n": 7, "o": {"k": true}});
        // delete
        assert_eq!(
            mutate(doc.clone(), &path(&["s"]), 0, 0),
            json!({"a": [1, 2], "n": 7, "o": {"k": true}, })
        );
        assert_eq!(
            mutate(doc.clone(), &path(&["a", "0"]), 0, 0)["a"],
            json!([2])
        );
        // number → float, string, negative, huge
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 0)["n"], json!(7.5));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 1)["n"], json!("7"));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 2)["n"], json!(-8));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 3)["n"], json!(1e300));
        // truncate
        assert_eq!(mutate(doc.clone(), &path(&["s"]), 3, 3)["s"], json!("hel"));
        // null, empty
        assert_eq!(mutate(doc.clone(), &path(&["o"]), 4, 0)["o"], Value::Null);
        assert_eq!(mutate(doc.clone(), &path(&["o"]), 5, 0)["o"], json!({}));
        // not applicable → type change
        let changed = mutate(doc.clone(), &path(&["s"]), 2, 9)["s"].clone();
        assert!(!changed.is_string());
        // the root cannot be deleted: its type changes
        assert!(!mutate(doc.clone(), &[], 0, 0).is_object());
    }

    #[test]
    fn a_mutation_never_leaves_the_node_unchanged() {
        // 1e20 + 0.5 == 1e20 in f64: the fallback must still change the value.
        let doc = json!({"f": 1e20});
        for seed in 0..8 {
            assert_ne!(mutate(doc.clone(), &path(&["f"]), 2, seed), doc);
        }
        let doc = json!(null);
        assert_ne!(mutate(doc.clone(), &[], 4, 0), doc);
    }
}
