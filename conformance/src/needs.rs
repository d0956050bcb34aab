//! [`Needs`]: the run-time resources a case asks of its context. A leaf module, so that
//! [`crate::ctx`] can tell which needs it meets without importing the case model.

use std::fmt;

use serde::Serialize;

/// Run-time resources a case needs; a case whose needs are not met is skipped with a reason.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Needs(u8);

impl Needs {
    /// Nothing beyond the target URL.
    pub const NONE: Needs = Needs(0);
    /// A payer private key (from `--payer-key-env` / `--payer-key-file`) for a funded account.
    pub const FUNDED_PAYER: Needs = Needs(1);
    /// Settlement explicitly enabled (`--allow-settlement`) with a non-zero `--max-spend`.
    pub const SETTLEMENT: Needs = Needs(1 << 1);
    /// A JSON-RPC URL for the network under test (`--rpc-url`).
    pub const RPC_URL: Needs = Needs(1 << 2);
    /// The harness serving the facilitator of the resource server under test
    /// (`--facilitator-faults ADDR`, always on for the built-in reference resource server).
    pub const HARNESS_FACILITATOR: Needs = Needs(1 << 3);

    const NAMED: [(Needs, &'static str); 4] = [
        (Needs::FUNDED_PAYER, "funded-payer"),
        (Needs::SETTLEMENT, "settlement"),
        (Needs::RPC_URL, "rpc-url"),
        (Needs::HARNESS_FACILITATOR, "harness-facilitator"),
    ];

    /// Both sets of needs.
    pub const fn union(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    /// Whether every need in `other` is also in `self`.
    pub const fn contains(self, other: Needs) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether there are no needs.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The needs in `self` that are not in `available`.
    pub const fn missing_from(self, available: Needs) -> Needs {
        Needs(self.0 & !available.0)
    }

    /// The names of the needs, in a fixed order (`funded-payer`, `settlement`, `rpc-url`,
    /// `harness-facilitator`).
    pub fn names(self) -> Vec<&'static str> {
        Needs::NAMED
            .iter()
            .filter(|(n, _)| self.contains(*n))
            .map(|(_, name)| *name)
            .collect()
    }
}

impl fmt::Debug for Needs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

impl Serialize for Needs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}
