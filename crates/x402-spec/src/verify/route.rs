//! Which verifier a payment goes to: its network [`Family`], then (inside the family) its scheme
//! and transfer method. The family is read from the requirement's network, never guessed from
//! the payload; the family module then picks the [`Mechanism`].
//!
//! Adding a family is one variant here, one arm in [`crate::verify::verify_v1`] /
//! [`crate::verify::verify_v2`], and a folder beside `verify/evm/`.

use super::checks::CommonCheck;
use super::{Failure, Mechanism, Rejection};
use crate::primitives::{Network, v1_network};

/// A network family: the chains that share an address format, a signature scheme and a way of
/// asking the chain (CAIP-2 namespace `eip155`, `solana`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// EVM chains (`eip155:<chain id>`; v1 names such as `base-sepolia`).
    Evm,
    /// Solana (`solana:<genesis hash>`; v1 `solana`, `solana-devnet`), verified in `verify/svm/`.
    Svm,
}

impl Family {
    /// The family of a v2 (CAIP-2) network, or `None` for a namespace no family covers.
    #[must_use]
    pub fn of_network(network: &Network) -> Option<Self> {
        if network.is_eip155() {
            Some(Self::Evm)
        } else if network.is_solana() {
            Some(Self::Svm)
        } else {
            None
        }
    }

    /// The family of a v1 network name. A name this crate does not know goes to the EVM family:
    /// v1 was EVM-first and the SDKs look unknown names up in their EVM network table, so the
    /// EVM verifier reports it as `unknown-network` in the SDKs' order.
    #[must_use]
    pub fn of_v1_name(name: &str) -> Self {
        match v1_network(name) {
            Some(n) if n.chain_id.is_none() => Self::Svm,
            _ => Self::Evm,
        }
    }

    /// Stable id (`evm`, `svm`).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Evm => "evm",
            Self::Svm => "svm",
        }
    }
}

/// The rejection for a network no family of this crate verifies.
pub(crate) fn unsupported_network(detail: String) -> Rejection {
    single(CommonCheck::UnsupportedNetwork, detail)
}

/// The rejection for a scheme (or transfer method) the family does not implement.
pub(crate) fn unsupported(detail: String) -> Rejection {
    single(CommonCheck::Unsupported, detail)
}

fn single(check: CommonCheck, detail: String) -> Rejection {
    Rejection::single(
        None::<Mechanism>,
        Failure {
            check: check.into(),
            code: check.code(),
            detail,
        },
        None,
    )
}
