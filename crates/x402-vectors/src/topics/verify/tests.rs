//! Tests of the verification vectors against x402-spec and the testkit variations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::*;

/// Every vector named after a testkit variation is that one defect: x402-spec refuses it
/// with the variation's rule first (or accepts it, for the boundary variations), so the
/// corpus and the conformance harness mean the same thing by the shared list.
#[test]
fn vectors_named_after_a_variation_fail_its_rule() {
    let doc = file().unwrap();
    let groups = doc.get("testGroups").and_then(Value::as_array).unwrap();
    let mut seen = 0;
    for m in Paying::ALL {
        for v in Variation::ALL {
            let Ok(id) = vid(m, v) else { continue };
            let id = format!("verify/{id}");
            let (group, test) = groups
                .iter()
                .find_map(|g| {
                    let tests = g.get("tests").and_then(Value::as_array)?;
                    let t = tests
                        .iter()
                        .find(|t| t.get("id") == Some(&Value::from(id.as_str())))?;
                    Some((g, t))
                })
                .unwrap_or_else(|| panic!("no vector {id}"));
            let run = run(test, &policy_of(group).unwrap()).unwrap();
            let verdict = run.verdict.unwrap_or_else(|| panic!("{id} does not parse"));
            match (v.is_valid(), v.check(m), verdict) {
                (true, _, Ok(_)) => {}
                (false, Some(check), Err(rejection)) => {
                    assert_eq!(rejection.first().check, check, "{id}");
                }
                (valid, check, verdict) => panic!(
                    "{id}: valid {valid}, rule {check:?}, verdict ok {}",
                    verdict.is_ok()
                ),
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 44);
}
