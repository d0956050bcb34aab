//! Collecting failures: every rule is evaluated (not just until the first failure) so that a
//! rejection lists all failures and any party's check order can be replayed.

use super::checks::{Check, CommonCheck, Mechanism};
use super::{Failure, Rejection};
use crate::codes::ErrorCode;
use crate::primitives::Address;

/// The failures found so far.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) failures: Vec<Failure>,
}

impl Report {
    /// Records a failed rule.
    pub(crate) fn fail(&mut self, check: impl Into<Check>, detail: impl Into<String>) {
        let check = check.into();
        self.failures.push(Failure {
            check,
            code: check.code(),
            detail: detail.into(),
        });
    }

    /// Records `check` as failed unless `ok`; `detail` is only built on failure.
    pub(crate) fn check(
        &mut self,
        ok: bool,
        check: impl Into<Check>,
        detail: impl FnOnce() -> String,
    ) {
        if !ok {
            self.fail(check, detail());
        }
    }

    /// Whether no rule has failed.
    pub(crate) fn is_clean(&self) -> bool {
        self.failures.is_empty()
    }

    /// The rejection for the failures so far, in `m`'s canonical order.
    pub(crate) fn reject(self, m: Mechanism, payer: Option<Address>) -> Rejection {
        Rejection::new(Some(m), self.failures, payer.clone()).unwrap_or_else(|| {
            // Reached only if a verifier rejects with no failure: report it honestly.
            let f = Failure {
                check: CommonCheck::Unsupported.into(),
                code: ErrorCode::UnexpectedVerifyError,
                detail: "verification produced no result".to_owned(),
            };
            Rejection::single(Some(m), f, payer)
        })
    }
}
