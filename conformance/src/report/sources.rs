//! Where each case is defined in this crate's source, for the SARIF report's locations.
//!
//! The files that spell out case ids are compiled into the binary (about 300 KiB of text), so
//! that an installed `x402-conformance` can still point a code-scanning alert at the line that
//! defines the failing case. Every catalogue id occurs as a string literal in exactly one of
//! [`CASE_SOURCES`] (a unit test holds this): a new file of cases must be added to the list.

/// Source files that define cases: path relative to the repository root, and the file's text.
pub const CASE_SOURCES: &[(&str, &str)] = &[
    (
        "conformance/src/cases/facilitator/supported.rs",
        include_str!("../cases/facilitator/supported.rs"),
    ),
    (
        "conformance/src/cases/facilitator/malformed.rs",
        include_str!("../cases/facilitator/malformed.rs"),
    ),
    (
        "conformance/src/cases/facilitator/payments/mod.rs",
        include_str!("../cases/facilitator/payments/mod.rs"),
    ),
    (
        "conformance/src/cases/facilitator/payments/families.rs",
        include_str!("../cases/facilitator/payments/families.rs"),
    ),
    (
        "conformance/src/cases/server/unpaid.rs",
        include_str!("../cases/server/unpaid.rs"),
    ),
    (
        "conformance/src/cases/server/paid.rs",
        include_str!("../cases/server/paid.rs"),
    ),
    (
        "conformance/src/cases/server/payment_signature.rs",
        include_str!("../cases/server/payment_signature.rs"),
    ),
    (
        "conformance/src/cases/server/x_payment.rs",
        include_str!("../cases/server/x_payment.rs"),
    ),
    (
        "conformance/src/cases/server/cors.rs",
        include_str!("../cases/server/cors.rs"),
    ),
    (
        "conformance/src/cases/server/faults.rs",
        include_str!("../cases/server/faults.rs"),
    ),
    (
        "conformance/src/cases/client/catalogue.rs",
        include_str!("../cases/client/catalogue.rs"),
    ),
    ("conformance/src/fuzz.rs", include_str!("../fuzz.rs")),
];

/// Where a case is defined: a repository-relative path and a 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceLine {
    /// Path relative to the repository root (`conformance/src/...`).
    pub path: &'static str,
    /// 1-based line of the id's string literal.
    pub line: usize,
}

/// The first file of [`CASE_SOURCES`] that spells `id` as a string literal, and the line.
pub fn locate(id: &str) -> Option<SourceLine> {
    let needle = format!("\"{id}\"");
    CASE_SOURCES.iter().find_map(|(path, text)| {
        let at = text.find(&needle)?;
        let before = text.get(..at)?;
        let line = before.matches('\n').count().saturating_add(1);
        Some(SourceLine { path, line })
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

    #[test]
    fn every_case_is_defined_in_exactly_one_listed_file() {
        let mut ids: Vec<&str> = crate::cases::all_cases().iter().map(|c| c.id).collect();
        ids.push(crate::fuzz::FUZZ_CASE.id);
        for id in ids {
            let needle = format!("\"{id}\"");
            let files: Vec<&str> = CASE_SOURCES
                .iter()
                .filter(|(_, text)| text.contains(&needle))
                .map(|(p, _)| *p)
                .collect();
            assert_eq!(
                files.len(),
                1,
                "{id} is spelled in {files:?}: add the file that defines it to CASE_SOURCES"
            );
        }
    }

    #[test]
    fn locate_gives_the_line_of_the_literal() {
        let id = crate::cases::all_cases().first().unwrap().id;
        let at = locate(id).unwrap();
        let (_, text) = CASE_SOURCES.iter().find(|(p, _)| *p == at.path).unwrap();
        let line = text.lines().nth(at.line - 1).unwrap();
        assert!(line.contains(&format!("\"{id}\"")), "{line}");
        assert_eq!(locate("no/such/case"), None);
    }
}
