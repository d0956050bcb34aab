//! The error for a name (level, tag, defect, profile) that is not one of the known ones. A leaf
//! module, so that [`crate::case`] and [`crate::profile`] can both use it without importing each
//! other.

use std::fmt;

/// A name given on the command line or in a file that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What kind of name it was (`level`, `tag`, `defect`).
    pub what: &'static str,
    /// The name as given.
    pub given: String,
    /// The accepted names.
    pub known: Vec<String>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}; expected one of: {}",
            self.what,
            self.given,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}
