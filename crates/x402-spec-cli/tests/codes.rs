//! `x402-spec codes`: the table the vocabulary-diff lane reads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use x402_spec::codes::ErrorCode;

#[test]
fn every_spelling_is_one_line_with_its_canonical_code() {
    let table = x402_spec_cli::codes_table();
    let spellings: usize = ErrorCode::all().map(|c| c.spellings().len()).sum();
    assert_eq!(table.lines().count(), spellings);
    for line in table.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        // The spelling reads back as the canonical code of the line.
        assert_eq!(ErrorCode::from_wire(cols[0]).as_str(), cols[1], "{line}");
        assert!(!cols[3].is_empty(), "{line}");
    }
    assert!(table.contains("settlement_pending\tsettlement_pending\tsettlement\t-\n"));
    assert!(table.contains("invalid_v2_payload\tinvalid_payload\tformat\tgo\n"));
}

#[test]
fn the_binary_prints_the_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_x402-spec"))
        .arg("codes")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        x402_spec_cli::codes_table()
    );
}
