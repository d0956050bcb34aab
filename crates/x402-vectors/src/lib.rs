//! The deterministic generator, and the runner, of the x402-spec golden-vector corpus
//! (`vectors/*.json`, format described in `docs/vectors.md`).
//!
//! [`generate`] builds every vector file in memory from fixed inputs — fixed keys (the public
//! Hardhat/Anvil development keys #0, #1 and #2 of docs/protocol/evm.md §4.9), a fixed `now`, fixed nonces
//! — and fills in **every expectation by running x402-spec** on the test's inputs: header
//! decoding, primitive and wire parsing, EIP-712 hashing and signature recovery, verification
//! (verdict, reason, per-SDK reasons, payer, on-chain checks owed), requirement matching and
//! settlement calldata. Values that are independent facts (the docs/protocol/evm.md §4.9 digests and
//! signatures) are asserted by the crate's tests against the generated corpus.
//!
//! [`check`] is the runner: it takes a vector file as loaded from disk, recomputes the outcome of
//! every test from its inputs only, and reports each test whose stored expectation differs.
//!
//! `x402-spec vectors [--out vectors] [--check]` (the CLI) writes or checks the files;
//! [`render`] is their exact on-disk form.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod abi;
mod check;
mod fixtures;
mod format;
mod topics;

use std::fmt;

use serde_json::Value;

pub use check::{TestReport, check};

/// Version of the vector format the generated files declare (`formatVersion`).
///
/// 1.1 adds, over 1.0: the on-chain check kind `permit2NonceBitmap`, the expectation types
/// `uint256BitClear` and `lastInnerCallSucceeds`, optional `answers` on on-chain checks, and
/// an optional `now` on settlement tests.
pub const FORMAT_VERSION: &str = "1.1";

/// The command that regenerates the corpus (recorded in every file's `generator.command`).
pub const COMMAND: &str = "cargo run -p x402-spec-cli -- vectors";

/// Why the corpus could not be generated or a vector file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VectorError {
    /// A generated case breaks a rule of the format (id grammar, flags, outcome) — a bug in
    /// the generator's case list.
    Case(String),
    /// An x402-spec call the generator relies on failed (key loading, signing, building a
    /// document).
    Crate(String),
    /// A test's inputs are not what its topic needs (missing or mistyped field).
    Input(String),
    /// Calldata could not be described as `function(args)`.
    Abi(String),
}

impl fmt::Display for VectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Case(m) => write!(f, "invalid generated case: {m}"),
            Self::Crate(m) => write!(f, "x402-spec call failed: {m}"),
            Self::Input(m) => write!(f, "bad test input: {m}"),
            Self::Abi(m) => write!(f, "calldata: {m}"),
        }
    }
}

impl std::error::Error for VectorError {}

/// Builds every vector file: `(file name, document)`, in a stable order (`headers.json`,
/// `primitives.json`, `wire.json`, `eip712.json`, `verify.json`, `matching.json`,
/// `settlement.json`, `svm.json`).
///
/// # Errors
/// A [`VectorError`] when a case cannot be built (a generator bug, never an input of the
/// caller's).
pub fn try_generate() -> Result<Vec<(String, Value)>, VectorError> {
    Ok(vec![
        ("headers.json".to_owned(), topics::headers::file()?),
        ("primitives.json".to_owned(), topics::primitives::file()?),
        ("wire.json".to_owned(), topics::wire::file()?),
        ("eip712.json".to_owned(), topics::eip712::file()?),
        ("verify.json".to_owned(), topics::verify::file()?),
        ("matching.json".to_owned(), topics::matching::file()?),
        ("settlement.json".to_owned(), topics::settlement::file()?),
        ("svm.json".to_owned(), topics::svm::file()?),
    ])
}

/// Builds every vector file (see [`try_generate`]). Pure and deterministic.
///
/// Generation cannot fail on any input (there is none); if a generator bug makes it fail, the
/// result is a single file `GENERATION-FAILED.json` holding the error, so that the
/// corpus-is-current test and `x402-spec vectors --check` fail with the message instead of the
/// process panicking.
#[must_use]
pub fn generate() -> Vec<(String, Value)> {
    try_generate().unwrap_or_else(|e| {
        vec![(
            "GENERATION-FAILED.json".to_owned(),
            serde_json::json!({ "error": e.to_string() }),
        )]
    })
}

/// The on-disk form of a vector file: pretty-printed JSON (two-space indent, UTF-8, keys in
/// document order) and a trailing newline.
#[must_use]
pub fn render(doc: &Value) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}
