//! The verification rules, one [`Check`] each, with their wire codes and the check orders of this
//! crate and of the reference SDKs.
//!
//! Two layers (after rustls' `PeerMisbehaved` → alert mapping): a [`Check`] names exactly which
//! rule failed; [`Check::code`] is the canonical wire code and [`Check::sdk_code`] the spelling
//! each reference SDK uses for that rule (docs/protocol/codes.md §3.3–§3.6, docs/protocol/evm.md §4.2–§4.5). `None` from
//! `sdk_code` means the SDK does not perform that check (or fails it with an HTTP error instead
//! of a reason).
//!
//! The rules live with their mechanism: each mechanism module declares its own rule enum with
//! the `checks!` macro (EIP-3009 in `evm/eip3009.rs`, Permit2 and `upto` in `evm/permit2.rs`,
//! the gas-sponsoring extensions in `evm/sponsoring.rs`) together with its check orders
//! (`Orders`). This module holds only what every family shares: [`Sdk`], the family-neutral
//! [`CommonCheck`]s, the [`Check`] sum over every rule enum, and [`Mechanism`].

use crate::codes::ErrorCode;
use crate::evm::batch_settlement::verify::{self as batch, BatchCheck};
use crate::verify::Family;
use crate::verify::evm::{
    Eip2612Check, Eip3009Check, Erc20ApprovalCheck, Permit2Check, UptoCheck, eip3009, permit2,
};
use crate::verify::svm::{self, SvmCheck};

/// Who decides the order and spelling: this crate, or a reference SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Sdk {
    /// The TypeScript SDK (`@x402/evm` 2.10).
    Ts,
    /// The Go SDK.
    Go,
    /// The Python SDK (`x402` 2.8).
    Py,
}

impl Sdk {
    /// Every SDK.
    pub const ALL: [Sdk; 3] = [Sdk::Ts, Sdk::Go, Sdk::Py];

    /// Lowercase key (`ts`, `go`, `py`), as used in vectors.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Ts => "ts",
            Self::Go => "go",
            Self::Py => "py",
        }
    }
}

/// Declares one mechanism's rule enum: one row per rule with its stable id, its canonical
/// [`ErrorCode`] and the spelling each SDK reports (`None`: the SDK does not check it).
///
/// ```text
/// checks! {
///     /// The rules of my mechanism.
///     pub enum MyCheck {
///         /// What the rule says.
///         Recipient "my/recipient" => RecipientMismatch,
///             ts s("ts_spelling"), go None, py s("py_spelling");
///     }
/// }
/// ```
macro_rules! checks {
    (
        $(#[$edoc:meta])*
        pub enum $name:ident {
            $(
                $(#[$doc:meta])*
                $variant:ident $id:literal => $code:ident, ts $ts:expr, go $go:expr, py $py:expr;
            )*
        }
    ) => {
        $(#[$edoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
        }

        impl $name {
            /// Every rule of this enum, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Stable kebab-case id (used in vectors and reports).
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $( Self::$variant => $id, )* }
            }

            /// The canonical wire code.
            #[must_use]
            pub fn code(self) -> $crate::codes::ErrorCode {
                match self { $( Self::$variant => $crate::codes::ErrorCode::$code, )* }
            }

            /// The spelling `sdk` reports for this rule, or `None` when it does not check it.
            #[must_use]
            pub const fn sdk_code(self, sdk: $crate::verify::Sdk) -> Option<&'static str> {
                #[allow(unused_imports)]
                use $crate::verify::checks::s;
                match (self, sdk) {
                    $(
                        (Self::$variant, $crate::verify::Sdk::Ts) => $ts,
                        (Self::$variant, $crate::verify::Sdk::Go) => $go,
                        (Self::$variant, $crate::verify::Sdk::Py) => $py,
                    )*
                }
            }
        }
    };
}
pub(crate) use checks;

/// `Some(x)`, short for the rule tables.
pub(crate) const fn s(x: &'static str) -> Option<&'static str> {
    Some(x)
}

checks! {
    /// Rules that come before any mechanism: is there a verifier for this payment at all, and
    /// does `accepted` offer what the requirements ask.
    pub enum CommonCheck {
        /// The scheme is not one this verifier implements (neither `exact` nor `upto`), or the
        /// requirement's network family has no verifier here.
        Unsupported "unsupported" => UnsupportedScheme, ts None, go None, py None;
        /// The network is not an `eip155` network with a chain id (v2), or not a known v1 name.
        UnknownNetwork "unknown-network" => InvalidNetwork,
            ts s("invalid_exact_evm_network_mismatch"),
            go s("invalid_exact_evm_failed_to_get_network_config"),
            py s("invalid_exact_evm_failed_to_get_network_config");
        /// `accepted` must offer what `paymentRequirements` asks (scheme, network, amount, asset,
        /// payTo). No SDK facilitator checks this (docs/protocol/disagreements.md #31).
        AcceptedMismatch "accepted-mismatch" => InvalidPaymentRequirements, ts None, go None, py None;
        /// The network's family has no verifier in this crate (for example `solana:*`).
        UnsupportedNetwork "unsupported-network" => InvalidNetwork, ts None, go None, py None;
    }
}

/// Generates [`Check`], the sum of every rule enum, with its delegating accessors.
macro_rules! check_sum {
    ($( $(#[$doc:meta])* $variant:ident($ty:ident), )*) => {
        /// One verification rule: the rule enum of the mechanism it belongs to. See the
        /// [module docs](self).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Check {
            $( $(#[$doc])* $variant($ty), )*
        }

        impl Check {
            /// Every rule of every mechanism, grouped by rule enum.
            #[must_use]
            pub fn all() -> Vec<Check> {
                let mut all = Vec::new();
                $( all.extend($ty::ALL.iter().map(|c| Check::$variant(*c))); )*
                all
            }

            /// Stable kebab-case id (used in vectors and reports).
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $( Self::$variant(c) => c.id(), )* }
            }

            /// The canonical wire code.
            #[must_use]
            pub fn code(self) -> ErrorCode {
                match self { $( Self::$variant(c) => c.code(), )* }
            }

            /// The spelling `sdk` reports for this rule, or `None` when it does not check it.
            #[must_use]
            pub const fn sdk_code(self, sdk: Sdk) -> Option<&'static str> {
                match self { $( Self::$variant(c) => c.sdk_code(sdk), )* }
            }
        }

        $(
            impl From<$ty> for Check {
                fn from(c: $ty) -> Self {
                    Self::$variant(c)
                }
            }
        )*
    };
}

check_sum! {
    /// A rule every mechanism shares.
    Common(CommonCheck),
    /// `exact` with EIP-3009.
    Eip3009(Eip3009Check),
    /// `exact` with Permit2 (and the Permit2 rules `upto` shares).
    Permit2(Permit2Check),
    /// `upto`'s own rules.
    Upto(UptoCheck),
    /// The `eip2612GasSponsoring` extension.
    Eip2612(Eip2612Check),
    /// The `erc20ApprovalGasSponsoring` extension.
    Erc20Approval(Erc20ApprovalCheck),
    /// `exact` on Solana.
    Svm(SvmCheck),
    /// `batch-settlement` on EVM.
    Batch(BatchCheck),
}

/// The check orders of one mechanism: this crate's and each SDK's. The first failing check in
/// an order decides the reported reason; checks an SDK does not perform are absent from its
/// order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Orders {
    /// This crate's order (every rule of the mechanism, once).
    pub(crate) canonical: &'static [Check],
    /// The TypeScript SDK's.
    pub(crate) ts: &'static [Check],
    /// The Go SDK's.
    pub(crate) go: &'static [Check],
    /// The Python SDK's.
    pub(crate) py: &'static [Check],
}

/// A verification mechanism: one (family, scheme, transfer method) with its own rules and
/// check orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// `exact` with EIP-3009 (v1 and v2).
    Eip3009,
    /// `exact` with Permit2 (v2).
    Permit2,
    /// `upto` (Permit2, v2).
    Upto,
    /// `exact` on Solana (v1 and v2): a partially signed `TransferChecked` transaction.
    ExactSvm,
    /// `batch-settlement` on EVM (v2): a channel config with a cumulative voucher, and for a
    /// deposit an ERC-3009 or Permit2 token authorization.
    BatchSettlement,
}

impl Mechanism {
    /// Every mechanism.
    pub const ALL: [Mechanism; 5] = [
        Self::Eip3009,
        Self::Permit2,
        Self::Upto,
        Self::ExactSvm,
        Self::BatchSettlement,
    ];

    pub(crate) const fn orders(self) -> &'static Orders {
        match self {
            Self::Eip3009 => &eip3009::ORDERS,
            Self::Permit2 => &permit2::EXACT_ORDERS,
            Self::Upto => &permit2::UPTO_ORDERS,
            Self::ExactSvm => &svm::ORDERS,
            Self::BatchSettlement => &batch::ORDERS,
        }
    }

    /// This crate's order. Rationale: cheapest and most structural first (what is being paid
    /// for: scheme, network, payload shape, requirements), then who and how much (domain,
    /// recipient, amount, token), then when (time window), and the signature last, because it
    /// is the only check that costs an elliptic-curve operation and because its failure says
    /// least about what is wrong. Within those groups it follows the Python SDK, whose order is
    /// closest (docs/verification.md compares all three).
    #[must_use]
    pub const fn canonical_order(self) -> &'static [Check] {
        self.orders().canonical
    }

    /// The order `sdk` runs the checks in (docs/protocol/evm.md §4.2–§4.4, docs/protocol/disagreements.md #30). Checks an SDK does
    /// not perform are absent.
    #[must_use]
    pub const fn sdk_order(self, sdk: Sdk) -> &'static [Check] {
        let o = self.orders();
        match sdk {
            Sdk::Ts => o.ts,
            Sdk::Go => o.go,
            Sdk::Py => o.py,
        }
    }

    /// The network family the mechanism belongs to.
    #[must_use]
    pub const fn family(self) -> Family {
        match self {
            Self::Eip3009 | Self::Permit2 | Self::Upto | Self::BatchSettlement => Family::Evm,
            Self::ExactSvm => Family::Svm,
        }
    }

    /// Stable id.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Eip3009 => "exact-eip3009",
            Self::Permit2 => "exact-permit2",
            Self::Upto => "upto-permit2",
            Self::ExactSvm => "exact-svm",
            Self::BatchSettlement => "batch-settlement-evm",
        }
    }
}

/// Extension checks, in this crate's order (after the signature).
#[must_use]
pub fn extension_checks() -> &'static [Check] {
    crate::verify::evm::sponsoring::CANONICAL
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_sdk_codes_known() {
        let all = Check::all();
        let mut ids: Vec<_> = all.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        for c in &all {
            assert!(c.code().is_known(), "{c:?}");
            for sdk in Sdk::ALL {
                if let Some(code) = c.sdk_code(sdk) {
                    assert!(ErrorCode::is_known_spelling(code), "{c:?} {sdk:?} {code}");
                }
            }
        }
    }

    #[test]
    fn orders_are_permutations_without_duplicates() {
        for m in Mechanism::ALL {
            let canon = m.canonical_order();
            let mut sorted = canon.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), canon.len(), "{m:?}");
            for sdk in Sdk::ALL {
                for c in m.sdk_order(sdk) {
                    assert!(
                        canon.contains(c),
                        "{m:?} {sdk:?} {c:?} not in canonical order"
                    );
                }
            }
        }
    }

    #[test]
    fn every_rule_is_in_some_canonical_order() {
        for c in Check::all() {
            assert!(
                Mechanism::ALL
                    .iter()
                    .any(|m| m.canonical_order().contains(&c)),
                "{c:?} is checked by no mechanism"
            );
        }
    }
}
