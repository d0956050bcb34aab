//! Bazaar: a discovery schema may not reference anything outside itself
//! (@x402/extensions 2.27.0 `dist/cjs/bazaar/index.js`, `hasExternalSchemaReference`).
//!
//! A `$ref` or `$id` whose value is not a string starting with `#` (a same-document
//! fragment) makes the bazaar extension invalid: fetching or resolving it would make
//! validation depend on the network.

use serde_json::Value;

/// The JSON Pointer (RFC 6901) of the first `$ref`/`$id` member in `schema` that is not a
/// same-document fragment (a string starting with `#`), or `None` when there is none.
///
/// Recursion is bounded by the nesting depth `serde_json` accepts when parsing (128).
#[must_use]
pub fn external_reference(schema: &Value) -> Option<String> {
    find(schema, &mut String::new())
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn find(node: &Value, path: &mut String) -> Option<String> {
    let start = path.len();
    let found = match node {
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.truncate(start);
            path.push('/');
            path.push_str(&i.to_string());
            find(v, path)
        }),
        Value::Object(members) => members.iter().find_map(|(k, v)| {
            path.truncate(start);
            path.push('/');
            path.push_str(&escape(k));
            let external =
                (k == "$ref" || k == "$id") && !v.as_str().is_some_and(|s| s.starts_with('#'));
            if external {
                Some(path.clone())
            } else {
                find(v, path)
            }
        }),
        _ => None,
    };
    path.truncate(start);
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::external_reference;

    #[test]
    fn fragments_pass_and_external_references_are_located() {
        let local = json!({"$id": "#root", "properties": {"a": {"$ref": "#/$defs/a"}}});
        assert_eq!(external_reference(&local), None);
        let remote =
            json!({"properties": {"a/b": {"items": [{}, {"$ref": "https://x.test/s.json"}]}}});
        assert_eq!(
            external_reference(&remote).as_deref(),
            Some("/properties/a~1b/items/1/$ref")
        );
        let id = json!({"$id": "urn:example:schema"});
        assert_eq!(external_reference(&id).as_deref(), Some("/$id"));
        let not_string = json!({"anyOf": [{"$ref": 5}]});
        assert_eq!(
            external_reference(&not_string).as_deref(),
            Some("/anyOf/0/$ref")
        );
    }
}
