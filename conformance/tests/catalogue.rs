//! Case ids are a public contract (implementers pass them to `--skip` and read them in JUnit):
//! the catalogue holds exactly the ids recorded in `tests/data/case-ids.txt`, none twice. A new
//! case appends its id there in the same change; an id is never renamed or reused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use x402_conformance::cases::all_cases;

fn recorded() -> Vec<&'static str> {
    include_str!("data/case-ids.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn catalogue_ids_equal_the_recorded_ids() {
    let mut seen = BTreeSet::new();
    for case in all_cases() {
        assert!(seen.insert(case.id), "case id {} appears twice", case.id);
    }
    let recorded: BTreeSet<&str> = recorded().into_iter().collect();
    let dropped: Vec<_> = recorded.difference(&seen).collect();
    let added: Vec<_> = seen.difference(&recorded).collect();
    assert!(
        dropped.is_empty() && added.is_empty(),
        "case ids changed.\n  dropped or renamed: {dropped:?}\n  new (record them in tests/data/case-ids.txt): {added:?}"
    );
}

/// Every `.rs` file under `dir`, as text.
fn sources(dir: &std::path::Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).expect("read source"));
        }
    }
}

/// An id leads to its source: every id occurs verbatim, as a string literal, in `src/` (no id is
/// assembled with `concat!` or `format!`), so `grep -rn '"<id>"' conformance/src` finds it.
#[test]
fn every_id_is_written_out_in_the_source() {
    let mut src = String::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut src,
    );
    let missing: Vec<_> = all_cases()
        .into_iter()
        .map(|c| c.id)
        .filter(|id| !src.contains(&format!("\"{id}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "ids not written out in conformance/src: {missing:?}"
    );
}
