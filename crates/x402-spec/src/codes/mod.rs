//! The x402 error-code vocabulary: every failure code that can appear in
//! `VerifyResponse.invalidReason` / `SettleResponse.errorReason`.
//!
//! # What this module models
//!
//! The protocol's error codes are **not harmonised**: the v2 spec (§9), the v1 spec (§9), the scheme
//! and extension specs, the TypeScript, Go and Python SDKs and the legacy v1 packages all use their own
//! strings, often for the same failure (reference: docs/protocol/codes.md §3, source commit `dd927a2` of
//! `x402-foundation/x402`). This module maps all of them onto one enum:
//!
//! - one [`ErrorCode`] variant per distinct **failure**;
//! - one **canonical spelling** per variant ([`ErrorCode::as_str`], used by [`Display`](fmt::Display)
//!   and `Serialize`);
//! - any number of **aliases**: other spellings of the same failure, each recorded with the parties
//!   that emit it ([`ErrorCode::spellings`], [`ErrorCode::spelling_for`]);
//! - [`ErrorCode::from_wire`] is total: a canonical or alias spelling gives its variant,
//!   `unsupported_version_<n>` gives [`ErrorCode::UnsupportedVersion`], anything else is kept verbatim
//!   in [`ErrorCode::Unknown`] (a string is never lost).
//!
//! Everything (variants, canonical spellings, aliases, emitters, categories, parsing) is generated from
//! **one table** (the `error_codes!` invocation below), so the pieces cannot drift apart. Parsing is a
//! compiler-generated `match` on `&str`; a spelling listed twice is a compile error
//! (`unreachable_patterns` is denied on the generated lookup).
//!
//! Parsing an alias normalises it: `ErrorCode::from_wire("invalid_exact_evm_signature").as_str()` is
//! the canonical `"invalid_exact_evm_payload_signature"`. Code that must keep the received string
//! verbatim keeps the string next to the code (see `facilitator::Reason`).
//!
//! # How the canonical spelling is chosen
//!
//! 1. the spec's spelling, when the spec (v2 §9, v1 §9, a scheme or extension spec) names this failure;
//! 2. otherwise, for a variant that spans several mechanisms (rule M2 below), the one spelling that is
//!    neutral across them (e.g. `network_mismatch`, not the EVM-prefixed one);
//! 3. otherwise the spelling TypeScript and Go share, otherwise the one two SDKs share, otherwise the
//!    TypeScript, then Go, then Python spelling. SVM codes use the `invalid_exact_svm_` prefix of
//!    TS/Python/legacy (the spec's scheme name); Go's `invalid_exact_solana_` spellings are aliases.
//!
//! Exception: for the Permit2 allowance failure the scheme specs write `PERMIT2_ALLOWANCE_REQUIRED`
//! but every SDK emits `permit2_allowance_required`; the lower-case one is canonical (all canonical
//! spellings are lower-case snake_case ASCII) and the upper-case spec spelling is an alias.
//!
//! # When two spellings are the same failure (merge rules)
//!
//! - **M1 — same check, different emitter.** Spellings that different emitters (spec, SDKs, SDK v1 vs
//!   v2 mechanisms, Go's `solana` namespace) use for the same check are aliases of one variant.
//! - **M2 — envelope and lifecycle checks are mechanism-neutral.** Checks on the common envelope
//!   (x402 version, scheme, network, decoding the `PaymentPayload`/`PaymentRequirements` objects) and
//!   common lifecycle steps (settle-time re-verification, the settlement transaction failing, the payer's
//!   balance) are one failure whatever mechanism detected them, *provided a mechanism-neutral spelling
//!   exists* to be canonical. So `invalid_exact_evm_network_mismatch`, `invalid_upto_evm_network_mismatch`,
//!   `invalid_exact_solana_network_mismatch` and `network_mismatch` are one variant. Where no neutral
//!   spelling exists (`invalid_exact_evm_failed_to_get_receipt` vs `invalid_upto_evm_failed_to_get_receipt`)
//!   the mechanisms keep separate variants.
//! - **M3 — scheme-payload checks stay per payload type.** Checks on fields of the scheme payload
//!   (EIP-3009 `authorization`, Permit2 `permit2Authorization`, the SVM transaction, extension `info`)
//!   get one variant per payload type: every emitter distinguishes e.g. the EIP-3009 `value` check
//!   (`invalid_exact_evm_payload_authorization_value_mismatch`) from the Permit2 `permitted.amount` check
//!   (`permit2_amount_mismatch`), and so do we. The same goes for simulation diagnostics.
//! - **M4 — different predicates are different failures.** "not equal" and "less than" are different
//!   checks: TS SVM's `invalid_exact_svm_payload_amount_mismatch` (≠) vs Go/Python's
//!   `..._amount_insufficient` (<), and v2's `..._authorization_value_mismatch` (≠) vs v1's
//!   `..._authorization_value` ("insufficient", <) are distinct variants.
//! - **M5 — overloaded spellings get their own variant.** A spelling that emitters use for different
//!   failures cannot be an alias of either: `unsupported_payload_type` (TS/Go Permit2 wrong scheme,
//!   upto structural guard, Go settle dispatch) and `invalid_scheme` (spec "scheme not supported", TS
//!   upto settle catch-all) are variants of their own whose docs list every meaning.
//!
//! **Context-dependent spellings.** One SDK sometimes spells one failure differently depending on the
//! mechanism (TS: wrong scheme is `invalid_exact_evm_scheme` for EIP-3009, `unsupported_scheme` for SVM).
//! Where M2 merges them, they are aliases of one variant and each [`Spelling::note`] says in which
//! context the emitter uses it; [`ErrorCode::spelling_for`] returns the first one listed and
//! [`ErrorCode::spellings_for`] all of them. We chose aliases over per-mechanism variants because a
//! conformance harness compares *failures*: a facilitator that answers `network_mismatch` for an EVM
//! payment (Python) and one that answers `invalid_exact_evm_network_mismatch` (TS/Go) detected the same
//! failure, and the mechanism is known from the request anyway. Where a spelling is overloaded across
//! failures (M5) it stays a separate variant, and [`ErrorCode::category`] groups the related variants
//! (all wrong-scheme variants are [`Category::Scheme`]).
//!
//! **Emitters.** A [`Spelling`] lists only the parties that actually put it on the wire (or, for the TS
//! hook and route codes and Go's `PaymentError` codes, raise it). Constants that an SDK declares but never
//! raises at the reference commit are still parsed, with an empty emitter list and a note saying so.
//!
//! # The docs/protocol/codes.md §3.6 "same failure, different codes" decisions
//!
//! | failure | spec code | same failure as the SDK codes? | variant(s) | canonical |
//! |---|---|---|---|---|
//! | EIP-3009 `value` ≠ `amount` | `invalid_exact_evm_payload_authorization_value_mismatch` | yes (TS `invalid_exact_evm_authorization_value` is an alias). v1's `invalid_exact_evm_payload_authorization_value` means "insufficient" (<): M4 | [`ExactEvmValueMismatch`](ErrorCode::ExactEvmValueMismatch); v1: [`ExactEvmValueInsufficient`](ErrorCode::ExactEvmValueInsufficient) | spec |
//! | bad EIP-3009 signature | `invalid_exact_evm_payload_signature` | yes (TS/Go `invalid_exact_evm_signature` alias) | [`ExactEvmSignature`](ErrorCode::ExactEvmSignature) | spec |
//! | `to` ≠ `payTo` | `invalid_exact_evm_payload_recipient_mismatch` | yes (TS/Go `invalid_exact_evm_recipient_mismatch` alias) | [`ExactEvmRecipientMismatch`](ErrorCode::ExactEvmRecipientMismatch) | spec |
//! | missing `extra.name`/`version` | — | — (Python `missing_eip712_domain` alias) | [`ExactEvmMissingEip712Domain`](ErrorCode::ExactEvmMissingEip712Domain) | TS/Go `invalid_exact_evm_missing_eip712_domain` |
//! | `accepted.network` ≠ `requirements.network` | `invalid_network` | **no**: the spec code means "network not supported" ([`InvalidNetwork`](ErrorCode::InvalidNetwork)) | [`NetworkMismatch`](ErrorCode::NetworkMismatch) (EVM, upto and Go `solana` spellings are aliases, M2) | `network_mismatch` (neutral; TS SVM and Python) |
//! | wrong scheme | `invalid_scheme` / `unsupported_scheme` | `unsupported_scheme` yes; `invalid_scheme` is overloaded (TS upto settle catch-all), M5 | [`UnsupportedScheme`](ErrorCode::UnsupportedScheme) (`invalid_exact_evm_scheme`, `invalid_upto_evm_scheme`, `invalid_exact_solana_unsupported_scheme`, Go v1 `invalid_exact_evm_unsupported_scheme` are aliases); [`UnsupportedPayloadType`](ErrorCode::UnsupportedPayloadType) (TS/Go Permit2, M5); [`InvalidScheme`](ErrorCode::InvalidScheme) | `unsupported_scheme` |
//! | insufficient balance | `insufficient_funds` | yes: the payer's balance is a lifecycle check (M2) | [`InsufficientFunds`](ErrorCode::InsufficientFunds) (`invalid_exact_evm_insufficient_balance`, `permit2_insufficient_balance` are aliases) | spec |
//! | SVM transfer amount | — | TS rejects ≠, Go/Python reject <: M4 | [`ExactSvmAmountMismatch`](ErrorCode::ExactSvmAmountMismatch) (TS); [`ExactSvmAmountInsufficient`](ErrorCode::ExactSvmAmountInsufficient) (Go/Python) | TS; Python (`svm` prefix) |
//! | Permit2 allowance missing | `PERMIT2_ALLOWANCE_REQUIRED` | yes | [`Permit2AllowanceRequired`](ErrorCode::Permit2AllowanceRequired) | `permit2_allowance_required` (spec upper-case spelling is an alias) |
//! | settlement receipt failed (docs/protocol/disagreements.md item 8) | `invalid_transaction_state` | yes (TS Permit2 uses the spec code, TS EIP-3009/Go `invalid_exact_evm_transaction_failed`) | [`TransactionFailed`](ErrorCode::TransactionFailed) | spec |
//!
//! # Not covered
//!
//! - Composite, non-enumerable strings such as TS's `"invalid_exact_evm_transaction_failed: <message>"`
//!   (Permit2 unmapped revert) or the Go e2e facilitator's `"<reason>: <message>"` 500 bodies parse as
//!   [`ErrorCode::Unknown`]; [`ErrorCode::from_wire_with_detail`] splits them. TS v1 EVM settle puts the
//!   raw exception text into `errorReason`; that is `Unknown` too.
//! - Codes of schemes outside the reference (Cloudflare batch settlement, Algorand, Stellar, …) and of
//!   the Rust peer `x402-rs` (`invalid_payment_expired`, `recipient_mismatch`, …) are `Unknown`.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Who uses a spelling (see [`Spelling::emitters`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Emitter {
    /// The v2 specification (`specs/x402-specification-v2.md` §9) and the v2 scheme and extension specs
    /// (`specs/schemes/**`, `specs/extensions/**`).
    Spec,
    /// The v1 specification (`specs/x402-specification-v1.md` §9).
    SpecV1,
    /// The TypeScript SDK (`typescript/packages/core`, `typescript/packages/mechanisms/*`), v1 and v2
    /// mechanisms (they share one `errors.ts`).
    Ts,
    /// The Go SDK's v2 code (`go/`, `go/mechanisms/*/` outside the `v1/` directories).
    Go,
    /// The Go SDK's v1 mechanisms (`go/mechanisms/*/exact/v1/facilitator/errors.go`), which use some
    /// spec-style spellings the v2 Go code does not.
    GoV1,
    /// The Python SDK (`python/x402`), v1 and v2 mechanisms (they share the constants modules).
    Py,
    /// The legacy v1 packages' `ErrorReasons` enum (`typescript/packages/legacy/x402/src/types/verify/x402Specs.ts`)
    /// and the legacy TS facilitators.
    LegacyV1,
}

impl Emitter {
    /// Every emitter, in declaration order.
    pub const ALL: [Emitter; 7] = [
        Emitter::Spec,
        Emitter::SpecV1,
        Emitter::Ts,
        Emitter::Go,
        Emitter::GoV1,
        Emitter::Py,
        Emitter::LegacyV1,
    ];

    /// A short stable label (`"spec"`, `"spec-v1"`, `"ts"`, `"go"`, `"go-v1"`, `"py"`, `"legacy-v1"`).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Emitter::Spec => "spec",
            Emitter::SpecV1 => "spec-v1",
            Emitter::Ts => "ts",
            Emitter::Go => "go",
            Emitter::GoV1 => "go-v1",
            Emitter::Py => "py",
            Emitter::LegacyV1 => "legacy-v1",
        }
    }
}

impl fmt::Display for Emitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A coarse grouping of failures, for conformance reports ([`ErrorCode::category`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// Malformed input: a payload, requirements object, field or transaction that cannot be decoded or
    /// has the wrong structure.
    Format,
    /// The x402 protocol version.
    Version,
    /// The payment scheme (or payload type) is wrong or unsupported.
    Scheme,
    /// The network is wrong, unsupported or not configured.
    Network,
    /// The asset: EIP-712 domain (`name`/`version`), token contract or mint, token capabilities.
    Domain,
    /// A signature is missing, malformed or invalid, or cannot be checked.
    Signature,
    /// The payee: recipient, destination account, Permit2 spender.
    Recipient,
    /// The amount signed or settled.
    Amount,
    /// A validity window (not yet valid, expired).
    Time,
    /// Replay protection: nonce already used, duplicate settlement.
    Nonce,
    /// The payer's balance.
    Funds,
    /// A token allowance (Permit2 approval).
    Allowance,
    /// A gas-sponsoring extension (`eip2612GasSponsoring`, `erc20ApprovalGasSponsoring`).
    Extension,
    /// A transaction simulation failed (no more specific diagnosis).
    Simulation,
    /// Settlement (broadcast, receipt, confirmation, settle-time re-verification).
    Settlement,
    /// The facilitator itself: routing, its signers, internal errors.
    Facilitator,
    /// Anything else (resource-server hooks, client-side errors, unknown codes).
    Other,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 17] = [
        Category::Format,
        Category::Version,
        Category::Scheme,
        Category::Network,
        Category::Domain,
        Category::Signature,
        Category::Recipient,
        Category::Amount,
        Category::Time,
        Category::Nonce,
        Category::Funds,
        Category::Allowance,
        Category::Extension,
        Category::Simulation,
        Category::Settlement,
        Category::Facilitator,
        Category::Other,
    ];

    /// A short stable lower-case label (`"format"`, `"version"`, …).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Category::Format => "format",
            Category::Version => "version",
            Category::Scheme => "scheme",
            Category::Network => "network",
            Category::Domain => "domain",
            Category::Signature => "signature",
            Category::Recipient => "recipient",
            Category::Amount => "amount",
            Category::Time => "time",
            Category::Nonce => "nonce",
            Category::Funds => "funds",
            Category::Allowance => "allowance",
            Category::Extension => "extension",
            Category::Simulation => "simulation",
            Category::Settlement => "settlement",
            Category::Facilitator => "facilitator",
            Category::Other => "other",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One spelling of a failure and who uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spelling {
    /// The exact string as it appears on the wire.
    pub code: &'static str,
    /// The parties that emit this spelling (empty: declared by an SDK but never raised).
    pub emitters: &'static [Emitter],
    /// Where and when it is emitted (reference file or section).
    pub note: &'static str,
}

impl Spelling {
    /// Whether `who` emits this spelling.
    #[must_use]
    pub fn is_emitted_by(&self, who: Emitter) -> bool {
        self.emitters.contains(&who)
    }
}

/// The prefix of Go's numbered settle-time version code `unsupported_version_<n>` (`go/facilitator.go#Settle`).
pub const UNSUPPORTED_VERSION_PREFIX: &str = "unsupported_version_";

/// The payload of [`ErrorCode::UnsupportedVersion`]: a version number and its wire spelling
/// `unsupported_version_<n>` (kept so that [`ErrorCode::as_str`] can borrow it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnsupportedVersionCode {
    version: u64,
    code: String,
}

impl UnsupportedVersionCode {
    /// The code for `version`.
    #[must_use]
    pub fn new(version: u64) -> Self {
        Self {
            version,
            code: format!("{UNSUPPORTED_VERSION_PREFIX}{version}"),
        }
    }

    /// The unsupported version number.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The wire spelling, `unsupported_version_<n>`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// Parses `unsupported_version_<n>` where `<n>` is a canonical decimal `u64` (ASCII digits, no
    /// sign, no leading zero unless `0`), so that the re-serialised string is identical to the input.
    fn parse(s: &str) -> Option<Self> {
        let digits = s.strip_prefix(UNSUPPORTED_VERSION_PREFIX)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        let version = digits.parse::<u64>().ok()?;
        Some(Self {
            version,
            code: s.to_owned(),
        })
    }
}

// Renders an emitter list for the generated variant docs.
macro_rules! emitter_list_doc {
    () => {
        "declared only, never raised"
    };
    ($($e:ident),+) => {
        stringify!($($e),+)
    };
}

// Expands the single error-code table into the enum and every derived lookup.
// Entry syntax: `Variant: Category = "canonical" [emitters] "note" | "alias" [emitters] "note" ... ;`
// The first spelling is the canonical one.
macro_rules! error_codes {
    ($(
        $(#[$meta:meta])*
        $variant:ident : $cat:ident =
            $canon:literal [$($cem:ident),*] $cnote:literal
            $(| $alias:literal [$($aem:ident),*] $anote:literal)*
        ;
    )*) => {
        /// An x402 failure code (`invalidReason` / `errorReason`); see the [module docs](crate::codes) for how
        /// spellings map to variants.
        ///
        /// Construct values with [`ErrorCode::from_wire`] (or a variant directly). An
        /// [`ErrorCode::Unknown`] built by hand around a known spelling compares unequal to that
        /// spelling's variant; `from_wire` never produces one.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(
                $(#[$meta])*
                #[doc = ""]
                #[doc = concat!("Category: [`Category::", stringify!($cat), "`]. Spellings (canonical first):")]
                #[doc = ""]
                #[doc = concat!("- `", $canon, "` (", emitter_list_doc!($($cem),*), "): ", $cnote)]
                $(#[doc = concat!("- `", $alias, "` (", emitter_list_doc!($($aem),*), "): ", $anote)])*
                $variant,
            )*
            /// Go's settle-time `unsupported_version_<n>` (`go/facilitator.go#Settle`, `default:` branch of
            /// the version switch): the payload's `x402Version` was detected but is neither 1 nor 2. Go's
            /// verify path reports the same situation as `invalid_version`
            /// ([`ErrorCode::InvalidX402Version`]). Emitted by Go only. Category: [`Category::Version`].
            /// It has no static spelling: [`ErrorCode::spellings`] is empty, [`ErrorCode::as_str`] gives
            /// the numbered string, and it is not part of [`ErrorCode::all`].
            UnsupportedVersion(UnsupportedVersionCode),
            /// A code this crate does not know, kept verbatim (unknown codes are legal on the wire).
            /// Category: [`Category::Other`].
            Unknown(String),
        }

        impl ErrorCode {
            /// Every variant with a static spelling, in table order.
            pub(super) const KNOWN: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The canonical spelling of a variant with a static spelling.
            pub(super) fn static_canonical(&self) -> Option<&'static str> {
                match self {
                    $(ErrorCode::$variant => Some($canon),)*
                    ErrorCode::UnsupportedVersion(_) | ErrorCode::Unknown(_) => None,
                }
            }

            /// The variant a static (canonical or alias) spelling denotes.
            #[deny(unreachable_patterns)]
            pub(super) fn lookup_static(s: &str) -> Option<ErrorCode> {
                match s {
                    $($canon $(| $alias)* => Some(ErrorCode::$variant),)*
                    _ => None,
                }
            }

            /// The failure's category (for conformance grouping). [`ErrorCode::UnsupportedVersion`] is
            /// [`Category::Version`], [`ErrorCode::Unknown`] is [`Category::Other`].
            #[must_use]
            pub fn category(&self) -> Category {
                match self {
                    $(ErrorCode::$variant => Category::$cat,)*
                    ErrorCode::UnsupportedVersion(_) => Category::Version,
                    ErrorCode::Unknown(_) => Category::Other,
                }
            }

            /// Every spelling of this failure, canonical first, each with its emitters. Empty for
            /// [`ErrorCode::UnsupportedVersion`] and [`ErrorCode::Unknown`].
            #[must_use]
            pub fn spellings(&self) -> &'static [Spelling] {
                match self {
                    $(ErrorCode::$variant => {
                        const SPELLINGS: &[Spelling] = &[
                            Spelling { code: $canon, emitters: &[$(Emitter::$cem),*], note: $cnote },
                            $(Spelling { code: $alias, emitters: &[$(Emitter::$aem),*], note: $anote },)*
                        ];
                        SPELLINGS
                    })*
                    ErrorCode::UnsupportedVersion(_) | ErrorCode::Unknown(_) => &[],
                }
            }
        }
    };
}

mod table;
mod wire;

pub use table::ErrorCode;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests;
