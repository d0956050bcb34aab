//! Vector ids are a public contract (implementers pin them in skip lists and CI logs): the
//! generated corpus holds exactly the ids of `tests/data/vector-ids.tsv`, file by file. An id
//! may be added (append it here in the same change) but never renamed or dropped silently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

#[test]
fn generated_vector_ids_equal_the_recorded_ids() {
    let recorded: BTreeSet<(String, String)> = include_str!("data/vector-ids.tsv")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (file, id) = l.split_once('\t').expect("file<TAB>id");
            (file.to_owned(), id.to_owned())
        })
        .collect();
    let mut generated = BTreeSet::new();
    for (file, doc) in x402_vectors::generate() {
        for (_, test) in common::tests_of(&doc) {
            let id = test["id"].as_str().expect("every vector has a string id");
            assert!(
                generated.insert((file.clone(), id.to_owned())),
                "duplicate vector id {file} {id}"
            );
        }
    }
    let dropped: Vec<_> = recorded.difference(&generated).collect();
    let added: Vec<_> = generated.difference(&recorded).collect();
    assert!(
        dropped.is_empty() && added.is_empty(),
        "vector ids changed.\n  dropped or renamed: {dropped:?}\n  new (record them in tests/data/vector-ids.tsv): {added:?}"
    );
}
