//! Non-canonical JSON text: the same value rendered with other white space, order and escapes.

use super::*;

// ---------------------------------------------------------------------------------------------
// Non-canonical JSON text

/// Deterministic choices driven by a byte string (so that proptest can shrink them).
#[derive(Debug)]
pub(super) struct Choices {
    seed: Vec<u8>,
    pos: usize,
}

impl Choices {
    fn next(&mut self) -> u8 {
        let i = self.pos.checked_rem(self.seed.len()).unwrap_or(0);
        self.pos = self.pos.wrapping_add(1);
        self.seed.get(i).copied().unwrap_or(0)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let hi = usize::from(self.next());
        let lo = usize::from(self.next());
        (hi.wrapping_mul(256).wrapping_add(lo))
            .checked_rem(n)
            .unwrap_or(0)
    }
}

/// Renders JSON with random white space, key order and escapes.
#[derive(Debug)]
pub(super) struct Render {
    choices: Choices,
    out: String,
}

impl Render {
    fn ws(&mut self) {
        const WS: [&str; 8] = ["", "", "", "", " ", "\n", "\t", "\r\n  "];
        let i = self.choices.below(WS.len());
        self.out.push_str(WS.get(i).copied().unwrap_or(""));
    }

    fn string(&mut self, s: &str) {
        let escape_some = self.choices.below(3) == 0;
        self.out.push('"');
        for c in s.chars() {
            if escape_some && c.is_ascii_alphanumeric() && self.choices.below(3) == 0 {
                if self.choices.below(2) == 0 {
                    self.out.push_str(&format!("\\u{:04x}", u32::from(c)));
                } else {
                    self.out.push_str(&format!("\\u{:04X}", u32::from(c)));
                }
            } else if c == '/' && self.choices.below(2) == 0 {
                self.out.push_str("\\/");
            } else {
                let mut buf = [0u8; 4];
                let one: &str = c.encode_utf8(&mut buf);
                let quoted = serde_json::to_string(one).unwrap_or_default();
                let inner = quoted
                    .strip_prefix('"')
                    .and_then(|q| q.strip_suffix('"'))
                    .unwrap_or(one);
                self.out.push_str(inner);
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null | Value::Bool(_) | Value::Number(_) => self.out.push_str(&v.to_string()),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                self.ws();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.ws();
                        self.out.push(',');
                        self.ws();
                    }
                    self.value(item);
                }
                self.ws();
                self.out.push(']');
            }
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                // Fisher–Yates shuffle driven by the choices.
                for i in (1..entries.len()).rev() {
                    let j = self.choices.below(i.saturating_add(1));
                    entries.swap(i, j);
                }
                self.out.push('{');
                self.ws();
                for (i, (k, val)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        self.ws();
                        self.out.push(',');
                        self.ws();
                    }
                    self.string(k);
                    self.ws();
                    self.out.push(':');
                    self.ws();
                    self.value(val);
                }
                self.ws();
                self.out.push('}');
            }
        }
    }
}

/// Valid JSON text for `doc` that is usually **not** its canonical serialization: random white
/// space between tokens (and around the document), object keys in a random order, and some
/// characters written as `\uXXXX` or `\/` escapes. Parsing the text gives a value equal to `doc`
/// (object equality ignores key order).
pub fn json_text(doc: Value) -> impl Strategy<Value = String> {
    vec(any::<u8>(), 1..48).prop_map(move |seed| {
        let mut r = Render {
            choices: Choices { seed, pos: 0 },
            out: String::new(),
        };
        r.ws();
        r.value(&doc);
        r.ws();
        r.out
    })
}

/// Replaces the EVM address strings at `keys` of a top-level object with the spelling `case`
/// selects (0: EIP-55, 1: lowercase, 2: uppercase).
pub(super) fn respell_addresses(doc: &mut Value, keys: &[&str], case: u8) {
    let Value::Object(map) = doc else { return };
    for key in keys {
        let Some(Value::String(s)) = map.get_mut(*key) else {
            continue;
        };
        let Ok(Address::Evm(a)) = Address::parse(s) else {
            continue;
        };
        let hex = alloy_primitives::hex::encode(a.as_bytes());
        *s = match case.checked_rem(3) {
            Some(1) => format!("0x{hex}"),
            Some(2) => format!("0x{}", hex.to_ascii_uppercase()),
            _ => a.to_checksum(),
        };
    }
}

/// A v2 requirement together with non-canonical JSON text for it ([`json_text`], with EVM
/// `payTo`/`asset` respelled in lowercase or uppercase): the text parses to an equal value.
pub fn v2_requirements_text() -> impl Strategy<Value = (v2::PaymentRequirements, String)> {
    (v2_requirements(), any::<u8>())
        .prop_filter_map("serializable", |(req, case)| {
            let mut doc = serde_json::to_value(&req).ok()?;
            respell_addresses(&mut doc, &["payTo", "asset"], case);
            Some((req, doc))
        })
        .prop_flat_map(|(req, doc)| (Just(req), json_text(doc)))
        .boxed()
}

/// A v1 requirement together with non-canonical JSON text for it (see [`v2_requirements_text`]).
pub fn v1_requirements_text() -> impl Strategy<Value = (v1::PaymentRequirements, String)> {
    (v1_requirements(), any::<u8>())
        .prop_filter_map("serializable", |(req, case)| {
            let mut doc = serde_json::to_value(&req).ok()?;
            respell_addresses(&mut doc, &["payTo", "asset"], case);
            Some((req, doc))
        })
        .prop_flat_map(|(req, doc)| (Just(req), json_text(doc)))
        .boxed()
}

/// Wraps values of `inner` in [`Echoed`], half of the time with this crate's compact
/// serialization ([`Echoed::new`]) and half of the time parsed from non-canonical text
/// ([`json_text`]), whose bytes the wrapper then keeps.
pub fn echoed<T, S>(inner: S) -> impl Strategy<Value = Echoed<T>>
where
    T: Serialize + DeserializeOwned + Debug + Clone + 'static,
    S: Strategy<Value = T> + 'static,
{
    let inner = inner.boxed();
    let canonical = inner
        .clone()
        .prop_filter_map("serializable", |v| Echoed::new(v).ok());
    let noncanonical = inner
        .prop_filter_map("serializable", |v| serde_json::to_value(&v).ok())
        .prop_flat_map(json_text)
        .prop_filter_map("parses", |text| {
            serde_json::from_str::<Echoed<T>>(&text).ok()
        });
    prop_oneof![canonical, noncanonical].boxed()
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
    #[test]
    fn rendering_keeps_the_value() {
        let doc = json!({"a/b": ["x\"y\\z\n", 1, -2, 0.5, null, true], "ü": {"": {}}});
        for seed in 0u8..64 {
            let mut r = Render {
                choices: Choices {
                    seed: vec![seed, seed.wrapping_mul(7), 3],
                    pos: 0,
                },
                out: String::new(),
            };
            r.value(&doc);
            let back: Value = serde_json::from_str(&r.out).unwrap();
            assert_eq!(back, doc, "{}", r.out);
        }
    }

    #[test]
    fn choices_are_total() {
        let mut c = Choices {
            seed: Vec::new(),
            pos: 0,
        };
        assert_eq!(c.next(), 0);
        assert_eq!(c.below(0), 0);
        let mut c = Choices {
            seed: vec![255, 255],
            pos: 0,
        };
        assert!(c.below(3) < 3);
    }
}
