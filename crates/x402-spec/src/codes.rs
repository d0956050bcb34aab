//! The x402 error-code vocabulary: every failure code that can appear in
//! `VerifyResponse.invalidReason` / `SettleResponse.errorReason`.
//!
//! # What this module models
//!
//! The protocol's error codes are **not harmonised**: the v2 spec (§9), the v1 spec (§9), the scheme
//! and extension specs, the TypeScript, Go and Python SDKs and the legacy v1 packages all use their own
//! strings, often for the same failure (reference: `protocol.md` §3, source commit `dd927a2` of
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
//! # The §3.6 "same failure, different codes" decisions
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
//! | settlement receipt failed (§8 item 8) | `invalid_transaction_state` | yes (TS Permit2 uses the spec code, TS EIP-3009/Go `invalid_exact_evm_transaction_failed`) | [`TransactionFailed`](ErrorCode::TransactionFailed) | spec |
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
        /// An x402 failure code (`invalidReason` / `errorReason`); see the [module docs](self) for how
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
            const KNOWN: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The canonical spelling of a variant with a static spelling.
            fn static_canonical(&self) -> Option<&'static str> {
                match self {
                    $(ErrorCode::$variant => Some($canon),)*
                    ErrorCode::UnsupportedVersion(_) | ErrorCode::Unknown(_) => None,
                }
            }

            /// The variant a static (canonical or alias) spelling denotes.
            #[deny(unreachable_patterns)]
            fn lookup_static(s: &str) -> Option<ErrorCode> {
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

error_codes! {
    // ───────────────────────────── envelope: payload, requirements, version ─────────────────────────────

    /// The `PaymentPayload` object is malformed: it does not decode as a payment payload of its
    /// version. This crate's own decoders report it (`versioned.rs`, `facilitator.rs`). The v2 SDKs never
    /// send the spec spelling (§8 item 8); Go's core reports the envelope decoding failure per version.
    /// Scheme-level payload decoding failures are separate variants (merge rule M3).
    InvalidPayload: Format =
        "invalid_payload" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9: payment payload is malformed or contains invalid data"
        | "invalid_v2_payload" [Go] "go/facilitator.go (Verify/Settle): payload bytes do not unmarshal as a v2 PaymentPayload"
        | "invalid_v1_payload" [Go] "go/facilitator.go (Verify/Settle): payload bytes do not unmarshal as a v1 PaymentPayload";

    /// The `PaymentRequirements` object is malformed (does not decode for the payload's version).
    InvalidPaymentRequirements: Format =
        "invalid_payment_requirements" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9: payment requirements object is invalid or malformed"
        | "invalid_v2_requirements" [Go] "go/facilitator.go: requirements bytes do not unmarshal as v2 PaymentRequirements"
        | "invalid_v1_requirements" [Go] "go/facilitator.go: requirements bytes do not unmarshal as v1 PaymentRequirements";

    /// The payload's `x402Version` is missing, not detectable or not supported. Go's verify path answers
    /// `invalid_version` (version < 1, undetectable, or neither 1 nor 2); its settle path uses
    /// `invalid_version` when the version is undetectable and [`ErrorCode::UnsupportedVersion`] otherwise.
    InvalidX402Version: Version =
        "invalid_x402_version" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9: protocol version is not supported"
        | "invalid_version" [Go] "go/facilitator.go#Verify/#Settle (types.DetectVersion failed or version unsupported)";

    // ───────────────────────────── envelope: scheme ─────────────────────────────

    /// The payment's scheme is not one this facilitator/mechanism handles: in the SDK mechanisms,
    /// `accepted.scheme` (and for TS also `requirements.scheme`) is not the mechanism's scheme (EIP-3009
    /// verify step 1 §4.2, SVM step 1 §6.3, upto §4.4). Merged across mechanisms (rule M2); the Permit2
    /// path's `unsupported_payload_type` is a separate, overloaded variant
    /// ([`ErrorCode::UnsupportedPayloadType`]).
    UnsupportedScheme: Scheme =
        "unsupported_scheme" [Spec, SpecV1, Ts, Py, LegacyV1] "spec §9: scheme not supported by the facilitator; TS exact SVM verify step 1; Python EVM and SVM (ERR_UNSUPPORTED_SCHEME). Go raises the same string only as a client/server PaymentError (go/client.go, go/server.go), never in a facilitator response"
        | "invalid_exact_evm_scheme" [Ts, Go] "exact EVM EIP-3009 verify step 1 (TS exact/facilitator/eip3009.ts, Go exact/facilitator/eip3009.go)"
        | "invalid_upto_evm_scheme" [Ts, Go, Py] "upto verify step 1 (upto/facilitator/errors.ts, errors.go, Python upto)"
        | "invalid_exact_solana_unsupported_scheme" [Go, GoV1] "Go exact SVM verify step 1 (svm/exact/facilitator/errors.go)"
        | "invalid_exact_evm_unsupported_scheme" [GoV1] "Go exact EVM v1 verify (exact/v1/facilitator/errors.go)";

    /// Spec: "specified payment scheme is not supported". The spec lists it next to
    /// `unsupported_scheme` without saying how they differ; we keep it separate because TS upto settle
    /// also uses it as its catch-all fallback for unexpected settle errors (§3.3), where it does not
    /// mean a scheme problem (merge rule M5).
    InvalidScheme: Scheme =
        "invalid_scheme" [Spec, SpecV1, Ts, LegacyV1] "spec §9: specified scheme not supported; TS upto settle: fallback for any unexpected error (upto/facilitator)";

    /// The scheme payload is not a type this mechanism handles. Overloaded (merge rule M5): TS and Go exact
    /// Permit2 verify step 1 use it when the scheme is not `exact` (§4.3, the §3.6 "wrong scheme" row);
    /// TS and Python upto use it when the payload fails the Permit2 structural guard (with `payer: ""`);
    /// Go exact settle uses it when the payload is neither EIP-3009 nor Permit2.
    UnsupportedPayloadType: Scheme =
        "unsupported_payload_type" [Ts, Go, Py] "TS/Go exact Permit2 verify step 1 (wrong scheme); TS/Python upto structural guard; Go exact settle dispatch";

    /// Go `PaymentError` code for a scheme mismatch (client/server side, `go/errors.go`
    /// `ErrCodeSchemeMismatch`). Declared, never raised at the reference commit.
    SchemeMismatch: Scheme =
        "scheme_mismatch" [] "Go PaymentError constant ErrCodeSchemeMismatch (go/errors.go)";

    // ───────────────────────────── envelope: network ─────────────────────────────

    /// `accepted.network` ≠ `requirements.network` (EIP-3009 step 3 §4.2, Permit2 step 2 §4.3, upto
    /// §4.4, SVM step 2 §6.3). Not the spec's `invalid_network`, which means "network not supported"
    /// ([`ErrorCode::InvalidNetwork`]). Merged across mechanisms (rule M2); canonical is the
    /// mechanism-neutral spelling.
    NetworkMismatch: Network =
        "network_mismatch" [Ts, Py] "TS exact SVM verify step 2; Python EVM and SVM (ERR_NETWORK_MISMATCH). Go declares the same string as PaymentError ErrCodeNetworkMismatch but never raises it"
        | "invalid_exact_evm_network_mismatch" [Ts, Go, GoV1] "exact EVM verify, EIP-3009 and Permit2 (TS/Go); TS v1 also when the v1 network name has no chain id (getEvmChainIdV1)"
        | "invalid_upto_evm_network_mismatch" [Ts, Go, Py] "upto verify"
        | "invalid_exact_solana_network_mismatch" [Go, GoV1] "Go exact SVM verify step 2";

    /// The network is not supported (spec §9). The v2 SDKs never emit it (§8 item 8).
    InvalidNetwork: Network =
        "invalid_network" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9: specified blockchain network is not supported"
        | "unsupported_network" [] "Go PaymentError constant ErrCodeUnsupportedNetwork (go/errors.go); declared, never raised";

    /// No mechanism is registered for the requested (scheme, network) pair. Go only; the TS facilitator
    /// throws a plain `Error("No facilitator registered for scheme: S and network: N")` instead (§3.2).
    NoFacilitatorForNetwork: Facilitator =
        "no_facilitator_for_network" [Go] "go/facilitator.go (verify/settle routing) and go/server.go";

    /// The facilitator has no network configuration (chain id, RPC, asset table) for the exact EVM
    /// network (Go/Python; exact v1 and v2).
    ExactEvmNetworkConfigUnavailable: Network =
        "invalid_exact_evm_failed_to_get_network_config" [Go, GoV1, Py] "Go exact/facilitator, Python exact (ERR_FAILED_TO_GET_NETWORK_CONFIG)";

    /// The facilitator has no network configuration for the upto network.
    UptoEvmNetworkConfigUnavailable: Network =
        "invalid_upto_evm_failed_to_get_network_config" [Go, Py] "Go upto/facilitator, Python upto";

    // ───────────────────────────── exact EVM: EIP-3009 ─────────────────────────────

    /// `requirements.extra.name` or `.version` (the token's EIP-712 domain) is missing (EIP-3009 verify
    /// step 2 §4.2; Go checks it late, Python early, §8 item 30).
    ExactEvmMissingEip712Domain: Domain =
        "invalid_exact_evm_missing_eip712_domain" [Ts, Go, GoV1] "TS/Go exact EVM verify"
        | "missing_eip712_domain" [Py] "Python exact EVM verify (ERR_MISSING_EIP712_DOMAIN)";

    /// The EIP-3009 `TransferWithAuthorization` signature does not verify for `authorization.from`
    /// (EOA-length signature; step 4 §4.2). TS also maps settle reverts matching
    /// `/invalid.*signature|SignerMismatch|InvalidSignatureV|InvalidSignatureS/i` to it.
    ExactEvmSignature: Signature =
        "invalid_exact_evm_payload_signature" [Spec, SpecV1, GoV1, Py, LegacyV1] "v2/v1 spec §9; Go exact v1; Python (ERR_INVALID_SIGNATURE)"
        | "invalid_exact_evm_signature" [Ts, Go] "TS exact/facilitator/errors.ts and Go v2 exact/facilitator/errors.go";

    /// A smart-wallet (longer than 65 bytes) EIP-3009 signature from an address with no code and no
    /// ERC-6492 factory (verify step 4 §4.2), or (Go/Python settle) an undeployed ERC-6492 wallet when
    /// deployment is disabled.
    ExactEvmUndeployedSmartWallet: Signature =
        "invalid_exact_evm_payload_undeployed_smart_wallet" [Ts, Go, GoV1, Py, LegacyV1] "all SDKs; legacy v1 enum";

    /// `authorization.to` ≠ `requirements.payTo` (EIP-3009 step 5 §4.2; case-insensitive in every SDK).
    ExactEvmRecipientMismatch: Recipient =
        "invalid_exact_evm_payload_recipient_mismatch" [Spec, SpecV1, GoV1, Py, LegacyV1] "v2/v1 spec §9; Go exact v1; Python (ERR_RECIPIENT_MISMATCH)"
        | "invalid_exact_evm_recipient_mismatch" [Ts, Go] "TS and Go v2 exact EVM";

    /// `authorization.validBefore < now + 6` (expired, or too close to expiry; EIP-3009 step 6 §4.2).
    /// TS also maps settle reverts `/authorization.*(expired|valid before)/i|AuthorizationExpired` to it.
    ExactEvmAuthorizationExpired: Time =
        "invalid_exact_evm_payload_authorization_valid_before" [Spec, SpecV1, Ts, Go, GoV1, Py, LegacyV1] "spec §9 and every SDK";

    /// `authorization.validAfter > now` (not yet valid; EIP-3009 step 7 §4.2). TS also maps settle
    /// reverts `/authorization.*not.*valid|AuthorizationNotYetValid/i` to it.
    ExactEvmAuthorizationNotYetValid: Time =
        "invalid_exact_evm_payload_authorization_valid_after" [Spec, SpecV1, Ts, Go, GoV1, Py, LegacyV1] "spec §9 and every SDK";

    /// `authorization.value` ≠ `requirements.amount` (v2 exact equality; EIP-3009 step 8 §4.2; current
    /// v1 SDK mechanisms compare with `maxAmountRequired` the same way). The v1 spec's "insufficient"
    /// code is a different predicate ([`ErrorCode::ExactEvmValueInsufficient`], rule M4).
    ExactEvmValueMismatch: Amount =
        "invalid_exact_evm_payload_authorization_value_mismatch" [Spec, Go, GoV1, Py, LegacyV1] "v2 spec §9; Go v1/v2; Python (ERR_AUTHORIZATION_VALUE_MISMATCH); newer legacy enum"
        | "invalid_exact_evm_authorization_value" [Ts] "TS exact EVM, v1 and v2 (ErrInvalidAuthorizationValue). Go v2 declares the same constant but never raises it";

    /// v1: `authorization.value` is **less than** `maxAmountRequired` (v1 spec §9 "payment amount is
    /// insufficient"; the legacy TS v1 facilitator accepted over-payment, §4.6/§8 item 7). Distinct from
    /// [`ErrorCode::ExactEvmValueMismatch`] (≠) by rule M4.
    ExactEvmValueInsufficient: Amount =
        "invalid_exact_evm_payload_authorization_value" [SpecV1, LegacyV1] "v1 spec §9; legacy v1 enum and facilitator. Go v1 declares it (ErrInvalidAuthorizationValue) but never raises it";

    /// The token does not implement EIP-3009 (`authorizationState` reverted during the simulation
    /// diagnosis, §3.3 first diagnostic).
    ExactEvmEip3009NotSupported: Domain =
        "invalid_exact_evm_eip3009_not_supported" [Ts, Go, Py] "EIP-3009 simulation diagnosis";

    /// The EIP-3009 nonce was already used (`authorizationState(from, nonce) == true`, simulation
    /// diagnosis), or (TS settle) a revert matching `/authorization.*used|AuthorizationAlreadyUsed|AuthorizationUsedOrCanceled/i`.
    ExactEvmNonceAlreadyUsed: Nonce =
        "invalid_exact_evm_nonce_already_used" [Ts, Go, Py] "EIP-3009 simulation diagnosis and TS settle revert mapping";

    /// The token's on-chain `name()` differs from `requirements.extra.name` (simulation diagnosis).
    ExactEvmTokenNameMismatch: Domain =
        "invalid_exact_evm_token_name_mismatch" [Ts, Go, Py] "EIP-3009 simulation diagnosis";

    /// The token's on-chain `version()` differs from `requirements.extra.version` (simulation diagnosis).
    ExactEvmTokenVersionMismatch: Domain =
        "invalid_exact_evm_token_version_mismatch" [Ts, Go, Py] "EIP-3009 simulation diagnosis";

    /// The EIP-3009 transfer simulation failed and no diagnosis matched (fallback of §3.3's diagnostics).
    ExactEvmSimulationFailed: Simulation =
        "invalid_exact_evm_transaction_simulation_failed" [Ts, Go, Py] "EIP-3009 simulation fallback";

    /// The EIP-3009 payload has an empty `signature` (Go v2 checks it before anything else in the
    /// payload, §4.2).
    ExactEvmMissingSignature: Signature =
        "invalid_exact_evm_payload_missing_signature" [Go, GoV1] "Go exact EVM verify";

    /// The exact EVM scheme payload does not decode (payload map → EIP-3009 or Permit2 struct; numeric
    /// fields not decimal; nonce not 32 bytes). Go only; scheme-level, hence not
    /// [`ErrorCode::InvalidPayload`] (rule M3).
    ExactEvmPayloadMalformed: Format =
        "invalid_exact_evm_payload" [Go, GoV1] "Go exact EVM verify (EIP-3009 and Permit2 payload parsing)";

    /// `requirements.amount` (v1: `maxAmountRequired`) is not a decimal integer (Go).
    ExactEvmRequiredAmountInvalid: Format =
        "invalid_exact_evm_required_amount" [Go, GoV1] "Go exact EVM verify";

    /// Go v1: `requirements.extra` cannot be decoded.
    ExactEvmExtraField: Format =
        "invalid_exact_evm_extra_field" [GoV1] "Go exact EVM v1 verify";

    /// The EIP-3009 `signature` is not valid hex (Go).
    ExactEvmSignatureFormat: Signature =
        "invalid_exact_evm_signature_format" [Go, GoV1] "Go exact EVM verify";

    /// The signature check itself errored (RPC failure during ERC-1271/ERC-6492 verification), as opposed
    /// to a signature that does not verify.
    ExactEvmSignatureCheckFailed: Signature =
        "invalid_exact_evm_failed_to_verify_signature" [Go, GoV1, Py] "Go exact EVM verify; Python (ERR_FAILED_TO_VERIFY_SIGNATURE)";

    /// Python could not read the asset's EIP-712 info (name/version) for the exact EVM payment.
    ExactEvmAssetInfoUnavailable: Domain =
        "invalid_exact_evm_failed_to_get_asset_info" [Py] "Python exact EVM (ERR_FAILED_TO_GET_ASSET_INFO)";

    /// Settle: the signature could not be parsed into (v, r, s) / ERC-6492 parts (Go).
    ExactEvmSignatureParseFailed: Signature =
        "invalid_exact_evm_failed_to_parse_signature" [Go, GoV1] "Go exact EVM settle";

    /// Settle: checking whether the smart wallet is deployed (`getCode`) failed (Go).
    ExactEvmDeploymentCheckFailed: Settlement =
        "invalid_exact_evm_failed_to_check_deployment" [Go, GoV1] "Go exact EVM settle";

    /// Settle: deploying the ERC-6492 smart wallet through its factory failed.
    SmartWalletDeploymentFailed: Settlement =
        "smart_wallet_deployment_failed" [Go, GoV1, Py] "Go and Python exact EVM settle";

    /// Settle: sending the transfer transaction failed with a revert that no mapping recognised (Go's
    /// default revert mapping, before a receipt exists). TS reports this case as
    /// `invalid_exact_evm_transaction_failed` (EIP-3009) or the composite
    /// `"invalid_exact_evm_transaction_failed: <message>"` (Permit2).
    ExactEvmExecuteTransferFailed: Settlement =
        "invalid_exact_evm_failed_to_execute_transfer" [Go] "Go exact EVM settle (EIP-3009 and Permit2 default revert mapping)";

    /// Settle: the exact EVM transaction receipt could not be fetched (Go).
    ExactEvmReceiptUnavailable: Settlement =
        "invalid_exact_evm_failed_to_get_receipt" [Go, GoV1] "Go exact EVM settle";

    // ───────────────────────────── lifecycle: balance, re-verify, settlement ─────────────────────────────

    /// The payer's token balance is below the amount. The spec code and the SDKs' mechanism-specific
    /// diagnostics are one failure (merge rule M2, §3.6 "insufficient balance" row).
    InsufficientFunds: Funds =
        "insufficient_funds" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9; never emitted by the v2 SDKs (§8 item 8). Go declares it as PaymentError ErrCodeInsufficientFunds (not raised)"
        | "invalid_exact_evm_insufficient_balance" [Ts, Go, Py] "EIP-3009 simulation diagnosis and TS settle revert mapping; Python also for its Permit2 balanceOf check"
        | "permit2_insufficient_balance" [Ts, Go, Py] "Permit2 simulation diagnosis (shared/permit2.ts), exact and upto"
        | "invalid_exact_evm_insufficient_funds" [] "Go exact v1 constant ErrInsufficientFunds; declared, never raised";

    /// Python could not read the payer's balance (RPC error) in its Permit2 checks.
    BalanceCheckFailed: Funds =
        "balance_check_failed" [Py] "Python exact and upto permit2_utils.py";

    /// Settle: re-running verification failed. TS SVM reports the verify reason itself and falls back
    /// to this spelling; Go reports this code with the verify error in the message. Merged across
    /// mechanisms (rule M2).
    VerificationFailed: Settlement =
        "verification_failed" [Ts] "TS exact SVM settle fallback when re-verification gives no reason"
        | "invalid_exact_evm_verification_failed" [Go, GoV1] "Go exact EVM settle (EIP-3009 and Permit2)"
        | "invalid_upto_evm_verification_failed" [Go] "Go upto settle"
        | "invalid_exact_solana_verification_failed" [Go, GoV1] "Go exact SVM settle";

    /// The settlement transaction failed or was rejected (receipt status ≠ success, or the send itself
    /// failed where the SDK does not distinguish). §8 item 8 pairs the spec code with the SDK codes;
    /// merged across mechanisms (rule M2).
    TransactionFailed: Settlement =
        "invalid_transaction_state" [Spec, SpecV1, Ts, LegacyV1] "v2/v1 spec §9; TS exact Permit2 and upto settle when the receipt status is not success"
        | "invalid_exact_evm_transaction_failed" [Ts, Go, GoV1] "TS EIP-3009 settle (receipt failed or unmapped revert); Go v2 exact receipt failed (EIP-3009 and Permit2); Go v1: sending the transfer failed"
        | "invalid_exact_evm_transaction_state" [GoV1] "Go exact v1 settle: receipt status not success"
        | "transaction_failed" [Ts, Py] "TS exact SVM settle (any exception while sending/confirming); Python EVM and SVM (ERR_TRANSACTION_FAILED)"
        | "invalid_upto_evm_transaction_failed" [Go, Py] "Go and Python upto settle"
        | "invalid_exact_solana_transaction_failed" [Go, GoV1] "Go exact SVM settle";

    /// The same payment was already settled recently (in-memory cache keyed by the transaction,
    /// TTL 120 s; §6.4). Defined by the exact SVM scheme spec.
    DuplicateSettlement: Nonce =
        "duplicate_settlement" [Spec, Ts, Go, GoV1, Py, LegacyV1] "scheme_exact_svm.md settlement; TS/Go/Python SVM settle; newer legacy enum";

    /// Unexpected facilitator error during verification (spec §9; not emitted by the v2 SDKs).
    UnexpectedVerifyError: Facilitator =
        "unexpected_verify_error" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9";

    /// Unexpected facilitator error during settlement (spec §9; not emitted by the v2 SDKs).
    UnexpectedSettleError: Facilitator =
        "unexpected_settle_error" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9";

    // ───────────────────────────── Permit2 (exact and upto) ─────────────────────────────

    /// `permit2Authorization.spender` is not the expected x402 Permit2 proxy (exact or upto; Permit2
    /// step 3 §4.3).
    Permit2InvalidSpender: Recipient =
        "invalid_permit2_spender" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// `witness.to` ≠ `requirements.payTo` (Permit2 step 4).
    Permit2RecipientMismatch: Recipient =
        "invalid_permit2_recipient_mismatch" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// `deadline < now + 6` (Permit2 step 5).
    Permit2DeadlineExpired: Time =
        "permit2_deadline_expired" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// `witness.validAfter > now` (Permit2 step 6).
    Permit2NotYetValid: Time =
        "permit2_not_yet_valid" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// `permitted.amount` ≠ `requirements.amount` (Permit2 step 7; upto compares with the maximum at
    /// verify time).
    Permit2AmountMismatch: Amount =
        "permit2_amount_mismatch" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// `permitted.token` ≠ `requirements.asset` (Permit2 step 8).
    Permit2TokenMismatch: Domain =
        "permit2_token_mismatch" [Ts, Go, Py] "Permit2 verify (exact and upto)";

    /// The Permit2 `PermitWitnessTransferFrom` signature does not verify and `from` has no code (step 9);
    /// TS also maps settle reverts `InvalidSignature`/`SignatureExpired` to it.
    Permit2Signature: Signature =
        "invalid_permit2_signature" [Ts, Go, Py] "Permit2 verify step 9; TS settle revert mapping";

    /// The payer has not approved Permit2 for at least the amount and no gas-sponsoring extension can fix
    /// it (spec: answer `412 Precondition Failed`; only the TS HTTP server does, §8 item 9).
    Permit2AllowanceRequired: Allowance =
        "permit2_allowance_required" [Ts, Go, Py] "Permit2 simulation diagnosis (TS/Go) and Python allowance check; TS x402HTTPResourceServer maps it to HTTP 412"
        | "PERMIT2_ALLOWANCE_REQUIRED" [Spec] "scheme_exact_evm.md and scheme_upto_evm.md verification step 2 (upper-case)";

    /// The x402 Permit2 proxy is not deployed on this chain (`PERMIT2()` on the proxy reverted;
    /// simulation diagnosis).
    Permit2ProxyNotDeployed: Simulation =
        "permit2_proxy_not_deployed" [Ts, Go] "Permit2 simulation diagnosis (Python does not simulate)";

    /// The Permit2 settle simulation failed and no diagnosis matched.
    Permit2SimulationFailed: Simulation =
        "permit2_simulation_failed" [Ts, Go] "Permit2 simulation fallback";

    /// Python: a numeric Permit2 field does not parse as an integer.
    Permit2PayloadFormat: Format =
        "invalid_permit2_payload_format" [Py] "Python exact permit2_utils.py (verify and settle)";

    /// Settle revert `Permit2612AmountMismatch`: the EIP-2612 permit value ≠ `permitted.amount` (§4.3
    /// contract rules, §8 item 14).
    Permit2612AmountMismatch: Amount =
        "permit2_2612_amount_mismatch" [Ts, Go, Py] "Permit2 settle revert mapping";

    /// Settle revert `InvalidAmount` (amount 0).
    Permit2InvalidAmount: Amount =
        "permit2_invalid_amount" [Ts, Go, Py] "Permit2 settle revert mapping (TS/Go; Python upto)"
        | "invalid_permit2_amount" [Py] "Python exact permit2_utils.py settle revert mapping";

    /// Settle revert `InvalidDestination` (`witness.to` is the zero address).
    Permit2InvalidDestination: Recipient =
        "permit2_invalid_destination" [Ts, Go, Py] "Permit2 settle revert mapping (TS/Go; Python upto)"
        | "invalid_permit2_destination" [Py] "Python exact permit2_utils.py settle revert mapping";

    /// Settle revert `InvalidOwner` (the owner is the zero address).
    Permit2InvalidOwner: Format =
        "permit2_invalid_owner" [Ts, Go, Py] "Permit2 settle revert mapping (TS/Go; Python upto)"
        | "invalid_permit2_owner" [Py] "Python exact permit2_utils.py settle revert mapping";

    /// Settle revert `PaymentTooEarly` (`block.timestamp < witness.validAfter`).
    Permit2PaymentTooEarly: Time =
        "permit2_payment_too_early" [Ts, Go, Py] "Permit2 settle revert mapping";

    /// Settle revert `InvalidNonce` (Permit2 nonce already used).
    Permit2InvalidNonce: Nonce =
        "permit2_invalid_nonce" [Ts, Go, Py] "Permit2 settle revert mapping";

    // ───────────────────────────── upto ─────────────────────────────

    /// `witness.facilitator` is not one of this facilitator's signer addresses (upto verify §4.4).
    UptoFacilitatorMismatch: Facilitator =
        "upto_facilitator_mismatch" [Ts, Go, Py] "upto verify";

    /// The settlement amount (`requirements.amount` at settle time) exceeds `permitted.amount`.
    UptoSettlementExceedsAmount: Amount =
        "invalid_upto_evm_payload_settlement_exceeds_amount" [Spec, Ts, Go, Py] "scheme_upto_evm.md error codes; upto settle";

    /// Settle revert `AmountExceedsPermitted` (contract-side check of the same bound).
    UptoAmountExceedsPermitted: Amount =
        "upto_amount_exceeds_permitted" [Ts, Go, Py] "upto/Permit2 settle revert mapping";

    /// Settle revert `UnauthorizedFacilitator` (`msg.sender` ≠ `witness.facilitator`).
    UptoUnauthorizedFacilitator: Facilitator =
        "upto_unauthorized_facilitator" [Ts, Go, Py] "upto/Permit2 settle revert mapping";

    /// The upto scheme payload does not decode (Go).
    UptoPayloadMalformed: Format =
        "invalid_upto_evm_payload" [Go] "Go upto verify";

    /// Settle: the upto transaction receipt could not be fetched (Go).
    UptoReceiptUnavailable: Settlement =
        "invalid_upto_evm_failed_to_get_receipt" [Go] "Go upto settle";

    /// The upto Permit2 `signature` is not valid hex (Go).
    UptoSignatureFormat: Signature =
        "invalid_upto_evm_signature_format" [Go] "Go upto verify";

    /// `requirements.amount` is not a decimal integer (Go upto).
    UptoRequiredAmountInvalid: Format =
        "invalid_upto_evm_required_amount" [Go] "Go upto verify/settle";

    // ───────────────────────────── eip2612GasSponsoring extension ─────────────────────────────

    /// `extensions.eip2612GasSponsoring.info` does not match the format regexes (§1.13, §4.5).
    Eip2612ExtensionFormat: Extension =
        "invalid_eip2612_extension_format" [Ts, Go, Py] "validateEip2612PermitForPayment";

    /// EIP-2612 extension `from` ≠ the Permit2 payer.
    Eip2612FromMismatch: Extension =
        "eip2612_from_mismatch" [Ts, Go, Py] "validateEip2612PermitForPayment";

    /// EIP-2612 extension `asset` ≠ `requirements.asset`.
    Eip2612AssetMismatch: Extension =
        "eip2612_asset_mismatch" [Ts, Go, Py] "validateEip2612PermitForPayment";

    /// EIP-2612 extension `spender` is not the canonical Permit2 contract.
    Eip2612SpenderNotPermit2: Extension =
        "eip2612_spender_not_permit2" [Ts, Go, Py] "validateEip2612PermitForPayment";

    /// EIP-2612 extension `deadline < now + 6`.
    Eip2612DeadlineExpired: Extension =
        "eip2612_deadline_expired" [Ts, Go, Py] "validateEip2612PermitForPayment";

    // ───────────────────────────── erc20ApprovalGasSponsoring extension ─────────────────────────────

    /// `extensions.erc20ApprovalGasSponsoring.info` has the wrong format (first check, §4.5).
    Erc20ApprovalExtensionFormat: Extension =
        "invalid_erc20_approval_extension_format" [Ts, Go, Py] "ERC-20 approval validation (shared/erc20approval.ts, Go erc20_approval.go)";

    /// ERC-20 approval extension `from` ≠ the payer.
    Erc20ApprovalFromMismatch: Extension =
        "erc20_approval_from_mismatch" [Ts, Go, Py] "ERC-20 approval validation";

    /// ERC-20 approval extension `asset` ≠ `requirements.asset`.
    Erc20ApprovalAssetMismatch: Extension =
        "erc20_approval_asset_mismatch" [Ts, Go, Py] "ERC-20 approval validation";

    /// ERC-20 approval extension `spender` is not Permit2.
    Erc20ApprovalSpenderNotPermit2: Extension =
        "erc20_approval_spender_not_permit2" [Ts, Go, Py] "ERC-20 approval validation";

    /// The signed approval transaction's `to` is not the token.
    Erc20ApprovalTxWrongTarget: Extension =
        "erc20_approval_tx_wrong_target" [Ts, Go, Py] "ERC-20 approval validation";

    /// The signed approval transaction's calldata is not `approve` (`0x095ea7b3…`).
    Erc20ApprovalTxWrongSelector: Extension =
        "erc20_approval_tx_wrong_selector" [Ts, Go, Py] "ERC-20 approval validation";

    /// The decoded `approve` spender is not Permit2.
    Erc20ApprovalTxWrongSpender: Extension =
        "erc20_approval_tx_wrong_spender" [Ts, Go, Py] "ERC-20 approval validation (Go constant ErrErc20ApprovalWrongCalldata)";

    /// The `approve` calldata cannot be decoded (too short).
    Erc20ApprovalTxInvalidCalldata: Extension =
        "erc20_approval_tx_invalid_calldata" [Ts, Py] "ERC-20 approval validation (TS; Python extension facilitator)";

    /// The approval transaction's recovered signer is not the payer.
    Erc20ApprovalTxSignerMismatch: Extension =
        "erc20_approval_tx_signer_mismatch" [Ts, Go, Py] "ERC-20 approval validation";

    /// The approval transaction's signature cannot be recovered.
    Erc20ApprovalTxInvalidSignature: Extension =
        "erc20_approval_tx_invalid_signature" [Ts, Go, Py] "ERC-20 approval validation";

    /// The signed approval transaction cannot be parsed.
    Erc20ApprovalTxParseFailed: Extension =
        "erc20_approval_tx_parse_failed" [Ts, Go, Py] "ERC-20 approval validation";

    /// Settle: broadcasting the sponsored approval transaction failed (the extension signer's error text
    /// contains `erc20_approval_tx_failed`). Go and Python upto translate that text to
    /// `erc20_approval_broadcast_failed` (§3.5): same failure, aliases.
    Erc20ApprovalTxFailed: Extension =
        "erc20_approval_tx_failed" [Ts, Py] "TS Permit2 settle mapping (mapSettleError); Python exact permit2_utils.py"
        | "erc20_approval_broadcast_failed" [Go, Py] "Go exact/upto Permit2 settle mapping; Python upto permit2_utils.py";

    /// The payer lacks the native gas needed for the sponsored approval transaction (Go upto verify).
    Erc20ApprovalInsufficientEthForGas: Extension =
        "erc20_approval_insufficient_eth_for_gas" [Go] "Go upto permit2_helpers.go";

    /// Python cannot validate the approval transaction (optional dependency missing or typed transaction
    /// parsing unavailable).
    Erc20ApprovalTxValidationUnavailable: Extension =
        "erc20_approval_tx_validation_unavailable" [Py] "Python extensions/erc20_approval_gas_sponsoring/facilitator.py";

    // ───────────────────────────── exact SVM ─────────────────────────────

    /// `requirements.extra.feePayer` is absent or not a string (SVM step 3 §6.3).
    ExactSvmMissingFeePayer: Format =
        "invalid_exact_svm_payload_missing_fee_payer" [Ts, Py] "TS/Python exact SVM verify step 3"
        | "invalid_exact_solana_payload_missing_fee_payer" [Go, GoV1] "Go exact SVM verify";

    /// `extra.feePayer` is not one of the facilitator's signer addresses (SVM step 4).
    ExactSvmFeePayerNotManaged: Facilitator =
        "fee_payer_not_managed_by_facilitator" [Ts, Py] "TS/Python exact SVM verify step 4"
        | "invalid_exact_solana_fee_payer_not_managed_by_facilitator" [Go, GoV1] "Go exact SVM verify";

    /// The SVM payload's `transaction` is missing or cannot be read (Go: the payload map has no
    /// `transaction` string; legacy v1; TS/Python decode helpers throw this text internally and their
    /// facilitators report [`ErrorCode::ExactSvmTransactionUndecodable`] instead).
    ExactSvmPayloadTransaction: Format =
        "invalid_exact_svm_payload_transaction" [LegacyV1] "legacy v1 enum; TS svm/src/utils.ts and Python svm/utils.py throw it internally"
        | "invalid_exact_solana_payload_transaction" [Go, GoV1] "Go exact SVM verify/settle (svm.PayloadFromMap failed)";

    /// Python declares `invalid_exact_svm_payload` for a malformed SVM payload but never raises it.
    ExactSvmPayloadMalformed: Format =
        "invalid_exact_svm_payload" [] "Python svm/constants.py ERR_INVALID_PAYLOAD; declared, never raised";

    /// The base64 transaction cannot be decoded into a versioned transaction (SVM step 5).
    ExactSvmTransactionUndecodable: Format =
        "invalid_exact_svm_payload_transaction_could_not_be_decoded" [Ts, Py] "TS/Python exact SVM verify step 5"
        | "invalid_exact_solana_payload_transaction_could_not_be_decoded" [Go, GoV1] "Go exact SVM verify";

    /// The instruction count is outside 3..=6 (v2 SDKs, SVM step 6); legacy v1 required exactly 3.
    ExactSvmInstructionsLength: Format =
        "invalid_exact_svm_payload_transaction_instructions_length" [Ts, Py, LegacyV1] "exact SVM verify step 6; legacy v1 (exactly 3)"
        | "invalid_exact_solana_payload_transaction_instructions_length" [Go, GoV1] "Go exact SVM verify";

    /// Instruction 0 is not a ComputeBudget `SetComputeUnitLimit` (SVM step 7).
    ExactSvmComputeLimitInstruction: Format =
        "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction" [Ts, Py, LegacyV1] "exact SVM verify step 7"
        | "invalid_exact_solana_payload_transaction_instructions_compute_limit_instruction" [Go, GoV1] "Go exact SVM verify";

    /// Instruction 1 is not a ComputeBudget `SetComputeUnitPrice` (SVM step 8).
    ExactSvmComputePriceInstruction: Format =
        "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction" [Ts, Py, LegacyV1] "exact SVM verify step 8"
        | "invalid_exact_solana_payload_transaction_instructions_compute_price_instruction" [Go, GoV1] "Go exact SVM verify";

    /// The compute-unit price exceeds 5 000 000 micro-lamports (SVM step 8).
    ExactSvmComputePriceTooHigh: Format =
        "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high" [Ts, Py, LegacyV1] "exact SVM verify step 8"
        | "invalid_exact_solana_payload_transaction_instructions_compute_price_instruction_too_high" [Go, GoV1] "Go exact SVM verify";

    /// No token transfer: no Token/Token-2022 instruction with ≥ 4 accounts, or instruction 2 is not a
    /// `TransferChecked` of those programs (SVM steps 9–10). Legacy v1's "not a transfer instruction"
    /// (program is neither Token program) is the same check.
    ExactSvmNoTransferInstruction: Format =
        "invalid_exact_svm_payload_no_transfer_instruction" [Ts, Py] "exact SVM verify steps 9-10"
        | "invalid_exact_solana_payload_no_transfer_instruction" [Go, GoV1] "Go exact SVM verify"
        | "invalid_exact_svm_payload_transaction_not_a_transfer_instruction" [LegacyV1] "legacy v1 SVM verify";

    /// The transfer authority is one of the facilitator's signers (the fee payer would be paying; SVM
    /// step 11).
    ExactSvmFeePayerTransferringFunds: Facilitator =
        "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds" [Ts, Py, LegacyV1] "exact SVM verify step 11"
        | "invalid_exact_solana_payload_transaction_fee_payer_transferring_funds" [Go, GoV1] "Go exact SVM verify";

    /// The transfer's mint ≠ `requirements.asset` (SVM step 12).
    ExactSvmMintMismatch: Domain =
        "invalid_exact_svm_payload_mint_mismatch" [Ts, Py] "exact SVM verify step 12"
        | "invalid_exact_solana_payload_mint_mismatch" [Go, GoV1] "Go exact SVM verify";

    /// The transfer's destination is not the associated token account of `payTo` (SVM step 13).
    ExactSvmRecipientMismatch: Recipient =
        "invalid_exact_svm_payload_recipient_mismatch" [Ts, Py] "exact SVM verify step 13"
        | "invalid_exact_solana_payload_recipient_mismatch" [Go, GoV1] "Go exact SVM verify (SPL-Token ATA only)"
        | "invalid_exact_svm_payload_transaction_transfer_to_incorrect_ata" [LegacyV1] "legacy v1 SVM verify";

    /// The transfer amount ≠ `requirements.amount` (TS exact equality, SVM step 14). Go/Python check
    /// "less than" instead ([`ErrorCode::ExactSvmAmountInsufficient`], rule M4).
    ExactSvmAmountMismatch: Amount =
        "invalid_exact_svm_payload_amount_mismatch" [Ts] "TS exact SVM verify step 14 (v1 compares with maxAmountRequired)"
        | "invalid_exact_svm_payload_transaction_amount_mismatch" [LegacyV1] "legacy v1 SVM verify (!==)";

    /// The transfer amount is **less than** `requirements.amount` (Go/Python accept over-payment, §8 item 7).
    ExactSvmAmountInsufficient: Amount =
        "invalid_exact_svm_payload_amount_insufficient" [Py] "Python exact SVM verify (ERR_AMOUNT_INSUFFICIENT)"
        | "invalid_exact_solana_payload_amount_insufficient" [Go, GoV1] "Go exact SVM verify";

    /// Instruction 3 is neither Lighthouse nor Memo (SVM step 15).
    ExactSvmUnknownFourthInstruction: Format =
        "invalid_exact_svm_payload_unknown_fourth_instruction" [Ts, Py] "exact SVM verify step 15"
        | "invalid_exact_solana_payload_unknown_fourth_instruction" [Go, GoV1] "Go exact SVM verify";

    /// Instruction 4 is neither Lighthouse nor Memo (SVM step 15).
    ExactSvmUnknownFifthInstruction: Format =
        "invalid_exact_svm_payload_unknown_fifth_instruction" [Ts, Py] "exact SVM verify step 15"
        | "invalid_exact_solana_payload_unknown_fifth_instruction" [Go, GoV1] "Go exact SVM verify";

    /// Instruction 5 is neither Lighthouse nor Memo (SVM step 15).
    ExactSvmUnknownSixthInstruction: Format =
        "invalid_exact_svm_payload_unknown_sixth_instruction" [Ts, Py] "exact SVM verify step 15"
        | "invalid_exact_solana_payload_unknown_sixth_instruction" [Go, GoV1] "Go exact SVM verify";

    /// TS fallback for an unknown optional instruction past the sixth (unreachable while the length
    /// check caps the transaction at 6 instructions).
    ExactSvmUnknownOptionalInstruction: Format =
        "invalid_exact_svm_payload_unknown_optional_instruction" [Ts] "TS exact SVM verify step 15 fallback";

    /// `extra.memo` is set but the optional instructions do not hold exactly one Memo (SVM step 16; Go
    /// skips it for 3-instruction transactions).
    ExactSvmMemoCount: Format =
        "invalid_exact_svm_payload_memo_count" [Ts, Py] "exact SVM verify step 16"
        | "invalid_exact_solana_payload_memo_count" [Go, GoV1] "Go exact SVM verify";

    /// The Memo instruction's data ≠ `extra.memo` (SVM step 16).
    ExactSvmMemoMismatch: Format =
        "invalid_exact_svm_payload_memo_mismatch" [Ts, Py] "exact SVM verify step 16"
        | "invalid_exact_solana_payload_memo_mismatch" [Go, GoV1] "Go exact SVM verify";

    /// Simulating the fee-payer-signed transaction failed (SVM step 17; detail in `invalidMessage`).
    ExactSvmSimulationFailed: Simulation =
        "transaction_simulation_failed" [Ts, Py] "TS/Python exact SVM verify step 17"
        | "invalid_exact_solana_transaction_simulation_failed" [Go, GoV1] "Go exact SVM verify"
        | "invalid_exact_svm_payload_transaction_simulation_failed" [LegacyV1] "legacy v1 SVM verify";

    /// Go: the fee payer address cannot be parsed.
    ExactSvmInvalidFeePayer: Facilitator =
        "invalid_exact_solana_invalid_fee_payer" [Go, GoV1] "Go exact SVM verify/settle";

    /// Go: the facilitator failed to sign the transaction as fee payer.
    ExactSvmSigningFailed: Facilitator =
        "invalid_exact_solana_transaction_signing_failed" [Go, GoV1] "Go exact SVM verify";

    /// Go settle: the transaction's account key 0 ≠ `extra.feePayer` (§6.4).
    ExactSvmFeePayerMismatch: Facilitator =
        "invalid_exact_solana_fee_payer_mismatch" [Go, GoV1] "Go exact SVM settle";

    /// Go settle: the transaction was not confirmed (error status, or 30 attempts exhausted; §6.4).
    ExactSvmConfirmationFailed: Settlement =
        "invalid_exact_solana_transaction_confirmation_failed" [Go, GoV1] "Go exact SVM settle";

    /// Go v1: `requirements.extra` cannot be decoded for SVM.
    ExactSvmExtraField: Format =
        "invalid_exact_solana_extra_field" [GoV1] "Go exact SVM v1 verify";

    // ───────────────────────────── legacy v1 SVM ─────────────────────────────

    /// Legacy v1: the optional create-ATA instruction is malformed.
    ExactSvmCreateAtaInstruction: Format =
        "invalid_exact_svm_payload_transaction_create_ata_instruction" [LegacyV1] "legacy v1 enum";

    /// Legacy v1: the create-ATA instruction creates an account for someone other than `payTo`.
    ExactSvmCreateAtaIncorrectPayee: Recipient =
        "invalid_exact_svm_payload_transaction_create_ata_instruction_incorrect_payee" [LegacyV1] "legacy v1 enum";

    /// Legacy v1: the create-ATA instruction is for another mint.
    ExactSvmCreateAtaIncorrectAsset: Domain =
        "invalid_exact_svm_payload_transaction_create_ata_instruction_incorrect_asset" [LegacyV1] "legacy v1 enum";

    /// Legacy v1: the transaction's instructions are not the expected ones.
    ExactSvmInstructions: Format =
        "invalid_exact_svm_payload_transaction_instructions" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1: the SPL-Token instruction is not `TransferChecked`.
    ExactSvmNotSplTokenTransferChecked: Format =
        "invalid_exact_svm_payload_transaction_instruction_not_spl_token_transfer_checked" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1: the Token-2022 instruction is not `TransferChecked`.
    ExactSvmNotToken2022TransferChecked: Format =
        "invalid_exact_svm_payload_transaction_instruction_not_token_2022_transfer_checked" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1: the fee payer appears in an instruction's accounts (a spec MUST that no v2 SDK checks,
    /// §6.3).
    ExactSvmFeePayerInInstructionAccounts: Facilitator =
        "invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1: the payee's associated token account does not exist.
    ExactSvmReceiverAtaNotFound: Recipient =
        "invalid_exact_svm_payload_transaction_receiver_ata_not_found" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1: the payer's source token account does not exist.
    ExactSvmSenderAtaNotFound: Funds =
        "invalid_exact_svm_payload_transaction_sender_ata_not_found" [LegacyV1] "legacy v1 SVM verify";

    /// Legacy v1 settle: the transaction's blockhash expired before confirmation.
    ExactSvmBlockHeightExceeded: Settlement =
        "settle_exact_svm_block_height_exceeded" [LegacyV1] "legacy v1 SVM settle";

    /// Legacy v1 settle: confirmation timed out.
    ExactSvmConfirmationTimedOut: Settlement =
        "settle_exact_svm_transaction_confirmation_timed_out" [LegacyV1] "legacy v1 SVM settle";

    // ───────────────────────────── SDK-side (client, resource server, Go core) ─────────────────────────────

    /// A resource server `onBeforeVerify` hook threw (TS `x402ResourceServer.ts#verifyPayment`, raised as
    /// `VerifyError(400, …)`). Hook aborts with a custom `reason` carry that reason instead (`Unknown`).
    BeforeVerifyHookError: Other =
        "before_verify_hook_error" [Ts] "TS core server/x402ResourceServer.ts#verifyPayment";

    /// A resource server `onBeforeSettle` hook threw (TS `#settlePayment`, `SettleError(400, …)`).
    BeforeSettleHookError: Other =
        "before_settle_hook_error" [Ts] "TS core server/x402ResourceServer.ts#settlePayment";

    /// TS route configuration has no scheme (`RouteValidationError.reason` at startup; not a wire code).
    RouteMissingScheme: Other =
        "missing_scheme" [Ts] "TS core RouteValidationError.reason (startup, not wire)";

    /// TS route configuration has no facilitator for the scheme (`RouteValidationError.reason`; not a
    /// wire code).
    RouteMissingFacilitator: Other =
        "missing_facilitator" [Ts] "TS core RouteValidationError.reason (startup, not wire)";

    /// Go resource server could not marshal the payment payload before calling the facilitator.
    MarshalPayloadFailed: Other =
        "failed_to_marshal_payload" [Go] "go/server.go";

    /// Go resource server could not marshal the payment requirements before calling the facilitator.
    MarshalRequirementsFailed: Other =
        "failed_to_marshal_requirements" [Go] "go/server.go";

    /// Go resource server: the `Settlement-Overrides` amount is invalid (§4.4).
    InvalidSettlementOverride: Settlement =
        "invalid_settlement_override" [Go] "go/server.go (settlement override resolution)";

    /// Go: the facilitator's answer could not be decoded (`go/errors.go` `ErrInvalidResponse`; declared,
    /// never raised at the reference commit).
    InvalidResponse: Facilitator =
        "invalid_response" [] "go/errors.go ErrInvalidResponse; declared, never raised";

    /// Generic "invalid payment" (legacy v1 enum; Go `PaymentError` `ErrCodeInvalidPayment`, declared,
    /// not raised).
    InvalidPayment: Other =
        "invalid_payment" [LegacyV1] "legacy v1 enum; Go declares PaymentError ErrCodeInvalidPayment (not raised)";

    /// Generic "payment expired" (legacy v1 enum; Go `PaymentError` `ErrCodePaymentExpired`, declared,
    /// not raised).
    PaymentExpired: Time =
        "payment_expired" [LegacyV1] "legacy v1 enum; Go declares PaymentError ErrCodePaymentExpired (not raised)";

    /// Go `PaymentError` "payment required" (declared, not raised).
    PaymentRequired: Other =
        "payment_required" [] "Go PaymentError constant ErrCodePaymentRequired; declared, never raised";

    /// Go `PaymentError` "signature invalid" (declared, not raised).
    SignatureInvalid: Signature =
        "signature_invalid" [] "Go PaymentError constant ErrCodeSignatureInvalid; declared, never raised";

    /// Go `PaymentError` "settlement failed" (declared, not raised).
    SettlementFailed: Settlement =
        "settlement_failed" [] "Go PaymentError constant ErrCodeSettlementFailed; declared, never raised";
}

impl ErrorCode {
    /// Parses a wire code. Total: a canonical or alias spelling gives its variant,
    /// `unsupported_version_<n>` (canonical decimal `n`) gives [`ErrorCode::UnsupportedVersion`], and
    /// anything else (including the empty string, other letter cases, whitespace) is kept verbatim in
    /// [`ErrorCode::Unknown`]. Matching is exact and case-sensitive.
    #[must_use]
    pub fn from_wire(s: &str) -> ErrorCode {
        Self::lookup(s).unwrap_or_else(|| ErrorCode::Unknown(s.to_owned()))
    }

    /// Like [`ErrorCode::from_wire`] but takes ownership (no copy for unknown codes).
    #[must_use]
    pub fn from_wire_owned(s: String) -> ErrorCode {
        Self::lookup(&s).unwrap_or(ErrorCode::Unknown(s))
    }

    /// Parses a reason that may carry free text after the code, as in TS's Permit2 settle fallback
    /// `"invalid_exact_evm_transaction_failed: <revert message>"` or the Go e2e facilitator's
    /// `"<reason>: <message>"` error bodies (§3.3, §3.7).
    ///
    /// If the whole string is a known code, returns it with no detail. Otherwise, if the text before the
    /// first `": "` is a known code, returns that code and the text after it. Otherwise returns
    /// `Unknown(s)` and no detail.
    #[must_use]
    pub fn from_wire_with_detail(s: &str) -> (ErrorCode, Option<&str>) {
        if let Some(code) = Self::lookup(s) {
            return (code, None);
        }
        if let Some((head, detail)) = s.split_once(": ")
            && let Some(code) = Self::lookup(head)
        {
            return (code, Some(detail));
        }
        (ErrorCode::Unknown(s.to_owned()), None)
    }

    /// Whether `s` is the canonical spelling of a known failure (an alias, an unknown code or a
    /// non-canonical number such as `unsupported_version_007` gives `false`).
    #[must_use]
    pub fn is_canonical_spelling(s: &str) -> bool {
        match Self::lookup_static(s) {
            Some(code) => code.static_canonical() == Some(s),
            None => UnsupportedVersionCode::parse(s).is_some(),
        }
    }

    /// Whether `s` is a known (canonical or alias) spelling.
    #[must_use]
    pub fn is_known_spelling(s: &str) -> bool {
        Self::lookup_static(s).is_some() || UnsupportedVersionCode::parse(s).is_some()
    }

    fn lookup(s: &str) -> Option<ErrorCode> {
        Self::lookup_static(s)
            .or_else(|| UnsupportedVersionCode::parse(s).map(ErrorCode::UnsupportedVersion))
    }

    /// Go's numbered settle-time code `unsupported_version_<version>`.
    #[must_use]
    pub fn unsupported_version(version: u64) -> ErrorCode {
        ErrorCode::UnsupportedVersion(UnsupportedVersionCode::new(version))
    }

    /// The canonical spelling ([`ErrorCode::Unknown`]: the string as received).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::UnsupportedVersion(v) => v.as_str(),
            ErrorCode::Unknown(s) => s,
            known => known.static_canonical().unwrap_or_default(),
        }
    }

    /// Whether this is a failure this crate knows (not [`ErrorCode::Unknown`]).
    #[must_use]
    pub fn is_known(&self) -> bool {
        !matches!(self, ErrorCode::Unknown(_))
    }

    /// The spelling `who` uses for this failure, if it has one. When an emitter uses several spellings
    /// (per mechanism, see the notes), the first listed is returned; [`ErrorCode::spellings_for`] gives
    /// all. `None` for [`ErrorCode::UnsupportedVersion`] (no static spelling; Go emits
    /// [`ErrorCode::as_str`]) and [`ErrorCode::Unknown`].
    #[must_use]
    pub fn spelling_for(&self, who: Emitter) -> Option<&'static str> {
        self.spellings()
            .iter()
            .find(|s| s.is_emitted_by(who))
            .map(|s| s.code)
    }

    /// The spellings a specification gives this failure in protocol version `x402_version`: the
    /// canonical spelling, and for v1 also the v1 specification's own (v1 §9 names the value
    /// failure `invalid_exact_evm_payload_authorization_value`, for example). A party speaking
    /// that version conforms with any of them; every other spelling is an SDK alias.
    pub fn normative_spellings(&self, x402_version: u8) -> Vec<&str> {
        let mut out = vec![self.as_str()];
        if x402_version == 1 {
            for s in self.spellings_for(Emitter::SpecV1) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// Every spelling `who` uses for this failure, in table order.
    pub fn spellings_for(&self, who: Emitter) -> impl Iterator<Item = &'static str> + use<> {
        self.spellings()
            .iter()
            .filter(move |s| s.is_emitted_by(who))
            .map(|s| s.code)
    }

    /// Every variant with a static spelling, in table order (not [`ErrorCode::UnsupportedVersion`] nor
    /// [`ErrorCode::Unknown`]).
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        Self::KNOWN.iter().cloned()
    }

    /// The canonical spellings of [`ErrorCode::all`], in table order.
    #[must_use]
    pub fn canonical_codes() -> Vec<&'static str> {
        Self::KNOWN
            .iter()
            .filter_map(ErrorCode::static_canonical)
            .collect()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorCode {
    type Err = Infallible;

    /// Same as [`ErrorCode::from_wire`]; never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(ErrorCode::from_wire(s))
    }
}

impl From<&str> for ErrorCode {
    fn from(s: &str) -> Self {
        ErrorCode::from_wire(s)
    }
}

impl From<String> for ErrorCode {
    fn from(s: String) -> Self {
        ErrorCode::from_wire_owned(s)
    }
}

impl Serialize for ErrorCode {
    /// Serialises as the canonical spelling (`Unknown`: the string as received).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    /// Deserialises from a string through [`ErrorCode::from_wire`]; any other JSON type is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an x402 error code string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::from_wire(v))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<ErrorCode, E> {
                Ok(ErrorCode::from_wire_owned(v))
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}

impl JsonSchema for ErrorCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorCode")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::ErrorCode"))
    }

    /// A plain string (unknown codes are legal on the wire), with the canonical codes as `examples`.
    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "x402 failure code (invalidReason / errorReason). Not a closed set: SDKs use many aliases and unknown codes are legal; the examples are the canonical codes of the x402-spec crate.",
            "examples": ErrorCode::canonical_codes(),
        })
    }
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
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;

    /// Every code string of `protocol.md` §3.1–§3.6 (Go's `_…` suffixes expanded with their
    /// `invalid_exact_solana` prefix), plus the SVM step codes of §6.3/§6.4 and the legacy v1 enum
    /// entries that §3.1 summarises.
    const REFERENCE_CODES: &[&str] = &[
        // §3.1 spec (v2 §9, v1 §9, scheme specs)
        "insufficient_funds",
        "invalid_exact_evm_payload_authorization_valid_after",
        "invalid_exact_evm_payload_authorization_valid_before",
        "invalid_exact_evm_payload_authorization_value_mismatch",
        "invalid_exact_evm_payload_authorization_value",
        "invalid_exact_evm_payload_signature",
        "invalid_exact_evm_payload_recipient_mismatch",
        "invalid_network",
        "invalid_payload",
        "invalid_payment_requirements",
        "invalid_scheme",
        "unsupported_scheme",
        "invalid_x402_version",
        "invalid_transaction_state",
        "unexpected_verify_error",
        "unexpected_settle_error",
        "PERMIT2_ALLOWANCE_REQUIRED",
        "invalid_upto_evm_payload_settlement_exceeds_amount",
        "duplicate_settlement",
        // §3.1 legacy v1 enum
        "invalid_exact_evm_payload_undeployed_smart_wallet",
        "invalid_exact_svm_payload_transaction",
        "invalid_exact_svm_payload_transaction_amount_mismatch",
        "invalid_exact_svm_payload_transaction_create_ata_instruction",
        "invalid_exact_svm_payload_transaction_create_ata_instruction_incorrect_payee",
        "invalid_exact_svm_payload_transaction_create_ata_instruction_incorrect_asset",
        "invalid_exact_svm_payload_transaction_instructions",
        "invalid_exact_svm_payload_transaction_instructions_length",
        "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
        "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
        "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
        "invalid_exact_svm_payload_transaction_instruction_not_spl_token_transfer_checked",
        "invalid_exact_svm_payload_transaction_instruction_not_token_2022_transfer_checked",
        "invalid_exact_svm_payload_transaction_fee_payer_included_in_instruction_accounts",
        "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
        "invalid_exact_svm_payload_transaction_not_a_transfer_instruction",
        "invalid_exact_svm_payload_transaction_receiver_ata_not_found",
        "invalid_exact_svm_payload_transaction_sender_ata_not_found",
        "invalid_exact_svm_payload_transaction_simulation_failed",
        "invalid_exact_svm_payload_transaction_transfer_to_incorrect_ata",
        "invalid_payment",
        "payment_expired",
        "settle_exact_svm_block_height_exceeded",
        "settle_exact_svm_transaction_confirmation_timed_out",
        // §3.2 TS core
        "before_verify_hook_error",
        "before_settle_hook_error",
        "permit2_allowance_required",
        "missing_scheme",
        "missing_facilitator",
        // §3.3 TS EVM: EIP-3009 verify, diagnostics, settle
        "invalid_exact_evm_scheme",
        "invalid_exact_evm_missing_eip712_domain",
        "invalid_exact_evm_network_mismatch",
        "invalid_exact_evm_signature",
        "invalid_exact_evm_recipient_mismatch",
        "invalid_exact_evm_authorization_value",
        "invalid_exact_evm_eip3009_not_supported",
        "invalid_exact_evm_nonce_already_used",
        "invalid_exact_evm_token_name_mismatch",
        "invalid_exact_evm_token_version_mismatch",
        "invalid_exact_evm_insufficient_balance",
        "invalid_exact_evm_transaction_simulation_failed",
        "invalid_exact_evm_transaction_failed",
        // §3.3 Permit2
        "unsupported_payload_type",
        "invalid_permit2_spender",
        "invalid_permit2_recipient_mismatch",
        "permit2_deadline_expired",
        "permit2_not_yet_valid",
        "permit2_amount_mismatch",
        "permit2_token_mismatch",
        "invalid_permit2_signature",
        "permit2_proxy_not_deployed",
        "permit2_insufficient_balance",
        "permit2_simulation_failed",
        "permit2_2612_amount_mismatch",
        "permit2_invalid_amount",
        "permit2_invalid_destination",
        "permit2_invalid_owner",
        "permit2_payment_too_early",
        "permit2_invalid_nonce",
        "erc20_approval_tx_failed",
        "upto_amount_exceeds_permitted",
        "upto_unauthorized_facilitator",
        // §3.3 extensions
        "invalid_eip2612_extension_format",
        "eip2612_from_mismatch",
        "eip2612_asset_mismatch",
        "eip2612_spender_not_permit2",
        "eip2612_deadline_expired",
        "invalid_erc20_approval_extension_format",
        "erc20_approval_from_mismatch",
        "erc20_approval_asset_mismatch",
        "erc20_approval_spender_not_permit2",
        "erc20_approval_tx_wrong_target",
        "erc20_approval_tx_wrong_selector",
        "erc20_approval_tx_wrong_spender",
        "erc20_approval_tx_invalid_calldata",
        "erc20_approval_tx_signer_mismatch",
        "erc20_approval_tx_invalid_signature",
        "erc20_approval_tx_parse_failed",
        // §3.3 upto
        "invalid_upto_evm_scheme",
        "invalid_upto_evm_network_mismatch",
        "upto_facilitator_mismatch",
        // §3.4 TS SVM
        "network_mismatch",
        "invalid_exact_svm_payload_missing_fee_payer",
        "fee_payer_not_managed_by_facilitator",
        "invalid_exact_svm_payload_transaction_could_not_be_decoded",
        "invalid_exact_svm_payload_no_transfer_instruction",
        "invalid_exact_svm_payload_mint_mismatch",
        "invalid_exact_svm_payload_recipient_mismatch",
        "invalid_exact_svm_payload_amount_mismatch",
        "invalid_exact_svm_payload_unknown_fourth_instruction",
        "invalid_exact_svm_payload_unknown_fifth_instruction",
        "invalid_exact_svm_payload_unknown_sixth_instruction",
        "invalid_exact_svm_payload_unknown_optional_instruction",
        "invalid_exact_svm_payload_memo_count",
        "invalid_exact_svm_payload_memo_mismatch",
        "transaction_simulation_failed",
        "verification_failed",
        "transaction_failed",
        // §3.5 Go core and PaymentError
        "invalid_version",
        "invalid_v1_payload",
        "invalid_v1_requirements",
        "invalid_v2_payload",
        "invalid_v2_requirements",
        "no_facilitator_for_network",
        "unsupported_version_3",
        "invalid_response",
        "failed_to_marshal_payload",
        "failed_to_marshal_requirements",
        "invalid_settlement_override",
        "payment_required",
        "scheme_mismatch",
        "signature_invalid",
        "settlement_failed",
        "unsupported_network",
        // §3.5 Go EVM exact v2
        "invalid_exact_evm_payload",
        "invalid_exact_evm_payload_missing_signature",
        "invalid_exact_evm_failed_to_get_network_config",
        "invalid_exact_evm_required_amount",
        "invalid_exact_evm_signature_format",
        "invalid_exact_evm_failed_to_verify_signature",
        "invalid_exact_evm_verification_failed",
        "invalid_exact_evm_failed_to_parse_signature",
        "invalid_exact_evm_failed_to_check_deployment",
        "smart_wallet_deployment_failed",
        "invalid_exact_evm_failed_to_execute_transfer",
        "invalid_exact_evm_failed_to_get_receipt",
        "erc20_approval_insufficient_eth_for_gas",
        "erc20_approval_broadcast_failed",
        // §3.5 Go EVM exact v1
        "invalid_exact_evm_unsupported_scheme",
        "invalid_exact_evm_extra_field",
        "invalid_exact_evm_insufficient_funds",
        "invalid_exact_evm_transaction_state",
        // §3.5 Go upto
        "invalid_upto_evm_payload",
        "invalid_upto_evm_verification_failed",
        "invalid_upto_evm_failed_to_get_network_config",
        "invalid_upto_evm_failed_to_get_receipt",
        "invalid_upto_evm_transaction_failed",
        "invalid_upto_evm_signature_format",
        "invalid_upto_evm_required_amount",
        // §3.5 Go SVM
        "invalid_exact_solana_unsupported_scheme",
        "invalid_exact_solana_network_mismatch",
        "invalid_exact_solana_payload_missing_fee_payer",
        "invalid_exact_solana_fee_payer_not_managed_by_facilitator",
        "invalid_exact_solana_payload_transaction",
        "invalid_exact_solana_payload_transaction_could_not_be_decoded",
        "invalid_exact_solana_payload_transaction_instructions_length",
        "invalid_exact_solana_payload_unknown_fourth_instruction",
        "invalid_exact_solana_payload_unknown_fifth_instruction",
        "invalid_exact_solana_payload_unknown_sixth_instruction",
        "invalid_exact_solana_payload_transaction_instructions_compute_limit_instruction",
        "invalid_exact_solana_payload_transaction_instructions_compute_price_instruction",
        "invalid_exact_solana_payload_transaction_instructions_compute_price_instruction_too_high",
        "invalid_exact_solana_payload_no_transfer_instruction",
        "invalid_exact_solana_payload_transaction_fee_payer_transferring_funds",
        "invalid_exact_solana_payload_mint_mismatch",
        "invalid_exact_solana_payload_recipient_mismatch",
        "invalid_exact_solana_payload_amount_insufficient",
        "invalid_exact_solana_invalid_fee_payer",
        "invalid_exact_solana_transaction_signing_failed",
        "invalid_exact_solana_transaction_simulation_failed",
        "invalid_exact_solana_payload_memo_mismatch",
        "invalid_exact_solana_payload_memo_count",
        "invalid_exact_solana_verification_failed",
        "invalid_exact_solana_fee_payer_mismatch",
        "invalid_exact_solana_transaction_failed",
        "invalid_exact_solana_transaction_confirmation_failed",
        "invalid_exact_solana_extra_field",
        // §3.6 Python
        "missing_eip712_domain",
        "invalid_exact_evm_failed_to_get_asset_info",
        "invalid_permit2_payload_format",
        "balance_check_failed",
        "invalid_permit2_amount",
        "invalid_permit2_destination",
        "invalid_permit2_owner",
        "erc20_approval_tx_validation_unavailable",
        "invalid_exact_svm_payload_amount_insufficient",
        "invalid_exact_svm_payload",
    ];

    /// v2 spec §9, verbatim.
    const SPEC_V2_SECTION_9: &[&str] = &[
        "insufficient_funds",
        "invalid_exact_evm_payload_authorization_valid_after",
        "invalid_exact_evm_payload_authorization_valid_before",
        "invalid_exact_evm_payload_authorization_value_mismatch",
        "invalid_exact_evm_payload_signature",
        "invalid_exact_evm_payload_recipient_mismatch",
        "invalid_network",
        "invalid_payload",
        "invalid_payment_requirements",
        "invalid_scheme",
        "unsupported_scheme",
        "invalid_x402_version",
        "invalid_transaction_state",
        "unexpected_verify_error",
        "unexpected_settle_error",
    ];

    fn is_snake_case(s: &str) -> bool {
        let bytes = s.as_bytes();
        !s.is_empty()
            && bytes[0].is_ascii_lowercase()
            && !s.ends_with('_')
            && !s.contains("__")
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
    }

    #[test]
    fn every_reference_code_is_known() {
        let unknown: Vec<&str> = REFERENCE_CODES
            .iter()
            .copied()
            .filter(|c| !ErrorCode::from_wire(c).is_known())
            .collect();
        assert!(
            unknown.is_empty(),
            "codes from protocol.md §3 not recognised: {unknown:?}"
        );
        for code in REFERENCE_CODES {
            assert!(ErrorCode::is_known_spelling(code), "{code}");
        }
    }

    #[test]
    fn the_table_holds_exactly_the_reference_codes() {
        let reference: BTreeSet<&str> = REFERENCE_CODES.iter().copied().collect();
        assert_eq!(
            reference.len(),
            REFERENCE_CODES.len(),
            "duplicate in REFERENCE_CODES"
        );
        let mut table: BTreeSet<&str> = known_spellings().into_iter().collect();
        table.insert("unsupported_version_3");
        let missing_from_reference: Vec<&&str> = table.difference(&reference).collect();
        assert!(
            missing_from_reference.is_empty(),
            "table spellings not in protocol.md §3: {missing_from_reference:?}"
        );
        let missing_from_table: Vec<&&str> = reference.difference(&table).collect();
        assert!(
            missing_from_table.is_empty(),
            "reference codes not in the table: {missing_from_table:?}"
        );
    }

    #[test]
    fn from_wire_inverts_as_str() {
        for code in ErrorCode::all() {
            assert_eq!(ErrorCode::from_wire(code.as_str()), code);
            assert!(ErrorCode::is_canonical_spelling(code.as_str()), "{code:?}");
            assert_eq!(
                code.spellings()[0].code,
                code.as_str(),
                "canonical is listed first"
            );
        }
        for n in [0_u64, 1, 3, 42, u64::MAX] {
            let code = ErrorCode::unsupported_version(n);
            assert_eq!(ErrorCode::from_wire(code.as_str()), code);
            assert!(ErrorCode::is_canonical_spelling(code.as_str()));
        }
    }

    #[test]
    fn each_spelling_denotes_exactly_one_variant() {
        let mut owner: BTreeMap<&str, ErrorCode> = BTreeMap::new();
        for code in ErrorCode::all() {
            for sp in code.spellings() {
                if let Some(previous) = owner.insert(sp.code, code.clone()) {
                    panic!("{} is listed by both {previous:?} and {code:?}", sp.code);
                }
                assert_eq!(ErrorCode::from_wire(sp.code), code, "{}", sp.code);
                assert_eq!(
                    ErrorCode::is_canonical_spelling(sp.code),
                    sp.code == code.as_str(),
                    "{}",
                    sp.code
                );
            }
        }
        // No static spelling is swallowed by the numbered version pattern.
        assert!(
            owner
                .keys()
                .all(|s| UnsupportedVersionCode::parse(s).is_none())
        );
    }

    #[test]
    fn all_lists_each_known_variant_once() {
        let all: Vec<ErrorCode> = ErrorCode::all().collect();
        let set: BTreeSet<&ErrorCode> = all.iter().collect();
        assert_eq!(set.len(), all.len());
        assert_eq!(ErrorCode::canonical_codes().len(), all.len());
        assert!(
            all.iter()
                .all(|c| c.is_known() && !matches!(c, ErrorCode::UnsupportedVersion(_)))
        );
        assert!(all.contains(&ErrorCode::InvalidPayload));
        assert!(all.contains(&ErrorCode::SettlementFailed));
    }

    #[test]
    fn spellings_are_ascii_and_canonical_ones_snake_case() {
        for code in ErrorCode::all() {
            assert!(
                is_snake_case(code.as_str()),
                "canonical {:?} is not snake_case",
                code.as_str()
            );
            for sp in code.spellings() {
                if sp.code == "PERMIT2_ALLOWANCE_REQUIRED" {
                    continue;
                }
                assert!(
                    is_snake_case(sp.code),
                    "alias {:?} is not snake_case",
                    sp.code
                );
                assert!(!sp.note.is_empty(), "{} has no note", sp.code);
            }
        }
    }

    #[test]
    fn seed_variants_keep_their_spellings() {
        assert_eq!(ErrorCode::InvalidPayload.as_str(), "invalid_payload");
        assert_eq!(
            ErrorCode::InvalidPaymentRequirements.as_str(),
            "invalid_payment_requirements"
        );
        assert_eq!(
            ErrorCode::InvalidX402Version.as_str(),
            "invalid_x402_version"
        );
        assert_eq!(ErrorCode::Unknown("x".into()).as_str(), "x");
    }

    #[test]
    fn spec_section_9_codes_are_spec_spellings() {
        for code in SPEC_V2_SECTION_9 {
            let parsed = ErrorCode::from_wire(code);
            assert!(
                parsed
                    .spellings()
                    .iter()
                    .any(|sp| sp.code == *code && sp.is_emitted_by(Emitter::Spec)),
                "{code} is not recorded as a Spec spelling"
            );
            assert!(
                ErrorCode::is_canonical_spelling(code),
                "spec §9 code {code} must be canonical"
            );
        }
        // v1 §9 is identical except for the "insufficient" value code.
        let v1: Vec<&str> = SPEC_V2_SECTION_9
            .iter()
            .map(|c| {
                if *c == "invalid_exact_evm_payload_authorization_value_mismatch" {
                    "invalid_exact_evm_payload_authorization_value"
                } else {
                    c
                }
            })
            .collect();
        for code in v1 {
            assert!(
                ErrorCode::from_wire(code)
                    .spellings_for(Emitter::SpecV1)
                    .any(|s| s == code),
                "{code} is not recorded as a SpecV1 spelling"
            );
        }
    }

    #[test]
    fn scheme_spec_codes() {
        assert_eq!(
            ErrorCode::from_wire("PERMIT2_ALLOWANCE_REQUIRED"),
            ErrorCode::Permit2AllowanceRequired
        );
        assert_eq!(
            ErrorCode::Permit2AllowanceRequired.as_str(),
            "permit2_allowance_required"
        );
        assert!(!ErrorCode::is_canonical_spelling(
            "PERMIT2_ALLOWANCE_REQUIRED"
        ));
        assert_eq!(
            ErrorCode::Permit2AllowanceRequired.spelling_for(Emitter::Spec),
            Some("PERMIT2_ALLOWANCE_REQUIRED")
        );
        assert_eq!(
            ErrorCode::UptoSettlementExceedsAmount.spelling_for(Emitter::Spec),
            Some("invalid_upto_evm_payload_settlement_exceeds_amount")
        );
        assert_eq!(
            ErrorCode::DuplicateSettlement.spelling_for(Emitter::Spec),
            Some("duplicate_settlement")
        );
    }

    /// Asserts one cell of the §3.6 table: `who` uses exactly `expected` across `variants`, and each
    /// expected spelling parses to one of `variants`.
    fn assert_cell(variants: &[ErrorCode], who: Emitter, expected: &[&str]) {
        let got: BTreeSet<&str> = variants.iter().flat_map(|v| v.spellings_for(who)).collect();
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(got, want, "{who} spellings of {variants:?}");
        for s in expected {
            assert!(
                variants.contains(&ErrorCode::from_wire(s)),
                "{s} parses outside {variants:?}"
            );
        }
        let first = variants.iter().find_map(|v| v.spelling_for(who));
        assert_eq!(first.is_some(), !expected.is_empty());
        if let Some(first) = first {
            assert!(want.contains(first));
        }
    }

    #[test]
    fn section_3_6_value_mismatch_row() {
        let v = ErrorCode::ExactEvmValueMismatch;
        assert_eq!(
            v.spelling_for(Emitter::Spec),
            Some("invalid_exact_evm_payload_authorization_value_mismatch")
        );
        assert_eq!(
            v.spelling_for(Emitter::Ts),
            Some("invalid_exact_evm_authorization_value")
        );
        assert_eq!(
            v.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_payload_authorization_value_mismatch")
        );
        assert_eq!(
            v.spelling_for(Emitter::Py),
            Some("invalid_exact_evm_payload_authorization_value_mismatch")
        );
        assert_eq!(
            v.as_str(),
            "invalid_exact_evm_payload_authorization_value_mismatch"
        );
        // v1's "insufficient" is a different predicate (M4).
        assert_eq!(
            ErrorCode::from_wire("invalid_exact_evm_payload_authorization_value"),
            ErrorCode::ExactEvmValueInsufficient
        );
        assert_eq!(v.spelling_for(Emitter::SpecV1), None);
        assert_eq!(
            v.category(),
            ErrorCode::ExactEvmValueInsufficient.category()
        );
    }

    #[test]
    fn section_3_6_signature_row() {
        let v = ErrorCode::ExactEvmSignature;
        assert_eq!(
            v.spelling_for(Emitter::Spec),
            Some("invalid_exact_evm_payload_signature")
        );
        assert_eq!(
            v.spelling_for(Emitter::Ts),
            Some("invalid_exact_evm_signature")
        );
        assert_eq!(
            v.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_signature")
        );
        assert_eq!(
            v.spelling_for(Emitter::GoV1),
            Some("invalid_exact_evm_payload_signature")
        );
        assert_eq!(
            v.spelling_for(Emitter::Py),
            Some("invalid_exact_evm_payload_signature")
        );
        assert_eq!(v.as_str(), "invalid_exact_evm_payload_signature");
    }

    #[test]
    fn section_3_6_recipient_row() {
        let v = ErrorCode::ExactEvmRecipientMismatch;
        assert_eq!(
            v.spelling_for(Emitter::Spec),
            Some("invalid_exact_evm_payload_recipient_mismatch")
        );
        assert_eq!(
            v.spelling_for(Emitter::Ts),
            Some("invalid_exact_evm_recipient_mismatch")
        );
        assert_eq!(
            v.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_recipient_mismatch")
        );
        assert_eq!(
            v.spelling_for(Emitter::Py),
            Some("invalid_exact_evm_payload_recipient_mismatch")
        );
        assert_eq!(v.as_str(), "invalid_exact_evm_payload_recipient_mismatch");
    }

    #[test]
    fn section_3_6_missing_domain_row() {
        let v = ErrorCode::ExactEvmMissingEip712Domain;
        assert_eq!(v.spelling_for(Emitter::Spec), None);
        assert_eq!(
            v.spelling_for(Emitter::Ts),
            Some("invalid_exact_evm_missing_eip712_domain")
        );
        assert_eq!(
            v.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_missing_eip712_domain")
        );
        assert_eq!(v.spelling_for(Emitter::Py), Some("missing_eip712_domain"));
        assert_eq!(v.as_str(), "invalid_exact_evm_missing_eip712_domain");
    }

    #[test]
    fn section_3_6_network_row() {
        let v = [ErrorCode::NetworkMismatch];
        // The spec's `invalid_network` means "unsupported network": a different failure.
        assert_eq!(
            ErrorCode::from_wire("invalid_network"),
            ErrorCode::InvalidNetwork
        );
        assert_eq!(ErrorCode::NetworkMismatch.spelling_for(Emitter::Spec), None);
        assert_cell(
            &v,
            Emitter::Ts,
            &[
                "invalid_exact_evm_network_mismatch",
                "network_mismatch",
                "invalid_upto_evm_network_mismatch",
            ],
        );
        assert_cell(
            &v,
            Emitter::Go,
            &[
                "invalid_exact_evm_network_mismatch",
                "invalid_exact_solana_network_mismatch",
                "invalid_upto_evm_network_mismatch",
            ],
        );
        assert_cell(
            &v,
            Emitter::Py,
            &["network_mismatch", "invalid_upto_evm_network_mismatch"],
        );
        assert_eq!(
            ErrorCode::NetworkMismatch.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_network_mismatch")
        );
        assert_eq!(
            ErrorCode::NetworkMismatch.spelling_for(Emitter::Py),
            Some("network_mismatch")
        );
        assert_eq!(ErrorCode::NetworkMismatch.as_str(), "network_mismatch");
        assert_eq!(
            ErrorCode::NetworkMismatch.category(),
            ErrorCode::InvalidNetwork.category()
        );
    }

    #[test]
    fn section_3_6_wrong_scheme_row() {
        let row = [
            ErrorCode::UnsupportedScheme,
            ErrorCode::UnsupportedPayloadType,
            ErrorCode::InvalidScheme,
        ];
        assert_cell(
            &row,
            Emitter::Spec,
            &["invalid_scheme", "unsupported_scheme"],
        );
        // TS: EIP-3009 / Permit2 / SVM, plus the upto spelling and the upto settle fallback.
        assert_cell(
            &row,
            Emitter::Ts,
            &[
                "invalid_exact_evm_scheme",
                "unsupported_payload_type",
                "unsupported_scheme",
                "invalid_upto_evm_scheme",
                "invalid_scheme",
            ],
        );
        assert_cell(
            &row,
            Emitter::Go,
            &[
                "invalid_exact_evm_scheme",
                "unsupported_payload_type",
                "invalid_exact_solana_unsupported_scheme",
                "invalid_upto_evm_scheme",
            ],
        );
        assert_cell(
            &row,
            Emitter::Py,
            &[
                "unsupported_scheme",
                "unsupported_payload_type",
                "invalid_upto_evm_scheme",
            ],
        );
        assert_eq!(
            ErrorCode::UnsupportedScheme.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_scheme")
        );
        assert_eq!(
            ErrorCode::UnsupportedScheme.spelling_for(Emitter::Py),
            Some("unsupported_scheme")
        );
        assert_eq!(
            ErrorCode::from_wire("invalid_exact_evm_scheme"),
            ErrorCode::UnsupportedScheme
        );
        assert!(row.iter().all(|c| c.category() == Category::Scheme));
    }

    #[test]
    fn section_3_6_balance_row() {
        let v = [ErrorCode::InsufficientFunds];
        assert_eq!(
            ErrorCode::InsufficientFunds.spelling_for(Emitter::Spec),
            Some("insufficient_funds")
        );
        for who in [Emitter::Ts, Emitter::Go, Emitter::Py] {
            assert_cell(
                &v,
                who,
                &[
                    "invalid_exact_evm_insufficient_balance",
                    "permit2_insufficient_balance",
                ],
            );
            assert_eq!(
                ErrorCode::InsufficientFunds.spelling_for(who),
                Some("invalid_exact_evm_insufficient_balance")
            );
        }
        assert_eq!(ErrorCode::InsufficientFunds.as_str(), "insufficient_funds");
    }

    #[test]
    fn section_3_6_svm_amount_row() {
        let row = [
            ErrorCode::ExactSvmAmountMismatch,
            ErrorCode::ExactSvmAmountInsufficient,
        ];
        assert_cell(&row, Emitter::Spec, &[]);
        assert_cell(
            &row,
            Emitter::Ts,
            &["invalid_exact_svm_payload_amount_mismatch"],
        );
        assert_cell(
            &row,
            Emitter::Go,
            &["invalid_exact_solana_payload_amount_insufficient"],
        );
        assert_cell(
            &row,
            Emitter::Py,
            &["invalid_exact_svm_payload_amount_insufficient"],
        );
        assert_ne!(row[0], row[1], "≠ and < are different failures (M4)");
        assert_eq!(row[0].category(), row[1].category());
    }

    #[test]
    fn section_3_6_allowance_row() {
        let v = ErrorCode::Permit2AllowanceRequired;
        assert_eq!(
            v.spelling_for(Emitter::Spec),
            Some("PERMIT2_ALLOWANCE_REQUIRED")
        );
        for who in [Emitter::Ts, Emitter::Go, Emitter::Py] {
            assert_eq!(v.spelling_for(who), Some("permit2_allowance_required"));
        }
        assert_eq!(v.as_str(), "permit2_allowance_required");
        assert_eq!(v.category(), Category::Allowance);
    }

    #[test]
    fn section_8_receipt_failure_pairing() {
        // §8 item 8: TS Permit2 `invalid_transaction_state` vs TS EIP-3009 / Go `invalid_exact_evm_transaction_failed`.
        let v = ErrorCode::TransactionFailed;
        assert_eq!(ErrorCode::from_wire("invalid_transaction_state"), v);
        assert_eq!(
            ErrorCode::from_wire("invalid_exact_evm_transaction_failed"),
            v
        );
        assert_eq!(
            v.spelling_for(Emitter::Go),
            Some("invalid_exact_evm_transaction_failed")
        );
        assert_cell(
            std::slice::from_ref(&v),
            Emitter::Ts,
            &[
                "invalid_transaction_state",
                "invalid_exact_evm_transaction_failed",
                "transaction_failed",
            ],
        );
        // Permit2 settle revert spellings differ between Python exact and the others.
        assert_eq!(
            ErrorCode::from_wire("invalid_permit2_amount"),
            ErrorCode::from_wire("permit2_invalid_amount")
        );
        assert_eq!(
            ErrorCode::from_wire("invalid_permit2_owner"),
            ErrorCode::Permit2InvalidOwner
        );
        assert_eq!(
            ErrorCode::from_wire("invalid_permit2_destination"),
            ErrorCode::Permit2InvalidDestination
        );
        assert_eq!(
            ErrorCode::from_wire("erc20_approval_broadcast_failed"),
            ErrorCode::Erc20ApprovalTxFailed
        );
    }

    #[test]
    fn svm_go_prefix_is_an_alias() {
        for code in ErrorCode::all() {
            for sp in code.spellings() {
                if let Some(rest) = sp.code.strip_prefix("invalid_exact_solana_") {
                    let svm = format!("invalid_exact_svm_{rest}");
                    let parsed = ErrorCode::from_wire(&svm);
                    if parsed.is_known() {
                        assert_eq!(parsed, code, "{} and {svm}", sp.code);
                    }
                    assert!(
                        sp.is_emitted_by(Emitter::Go) || sp.is_emitted_by(Emitter::GoV1),
                        "{}",
                        sp.code
                    );
                }
            }
        }
    }

    #[test]
    fn spelling_for_agrees_with_spellings_for() {
        for code in ErrorCode::all() {
            for who in Emitter::ALL {
                assert_eq!(
                    code.spelling_for(who),
                    code.spellings_for(who).next(),
                    "{code:?} {who}"
                );
            }
        }
        assert_eq!(
            ErrorCode::Unknown("x".into()).spelling_for(Emitter::Ts),
            None
        );
        assert_eq!(
            ErrorCode::unsupported_version(3).spelling_for(Emitter::Go),
            None
        );
    }

    #[test]
    fn every_category_is_used() {
        let used: BTreeSet<Category> = ErrorCode::all().map(|c| c.category()).collect();
        for cat in Category::ALL {
            assert!(used.contains(&cat), "no variant in {cat}");
        }
        let labels: BTreeSet<&str> = Category::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels.len(), Category::ALL.len());
        let labels: BTreeSet<&str> = Emitter::ALL.iter().map(|e| e.label()).collect();
        assert_eq!(labels.len(), Emitter::ALL.len());
        assert_eq!(
            ErrorCode::Unknown(String::new()).category(),
            Category::Other
        );
        assert_eq!(
            ErrorCode::unsupported_version(9).category(),
            Category::Version
        );
        assert_eq!(ErrorCode::InvalidX402Version.category(), Category::Version);
    }

    #[test]
    fn unsupported_version_parsing() {
        let code = ErrorCode::from_wire("unsupported_version_3");
        match &code {
            ErrorCode::UnsupportedVersion(v) => assert_eq!(v.version(), 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(code, ErrorCode::unsupported_version(3));
        assert_eq!(code.as_str(), "unsupported_version_3");
        assert!(code.spellings().is_empty());
        assert_eq!(
            ErrorCode::from_wire("unsupported_version_18446744073709551615"),
            ErrorCode::unsupported_version(u64::MAX)
        );
        assert_eq!(
            ErrorCode::from_wire("unsupported_version_0"),
            ErrorCode::unsupported_version(0)
        );
        for s in [
            "unsupported_version_",
            "unsupported_version_03",
            "unsupported_version_00",
            "unsupported_version_-1",
            "unsupported_version_+1",
            "unsupported_version_1 ",
            "unsupported_version_1.0",
            "unsupported_version_18446744073709551616",
            "UNSUPPORTED_VERSION_3",
            "unsupported_version_٣",
        ] {
            assert_eq!(
                ErrorCode::from_wire(s),
                ErrorCode::Unknown(s.to_owned()),
                "{s}"
            );
            assert!(!ErrorCode::is_canonical_spelling(s), "{s}");
            assert!(!ErrorCode::is_known_spelling(s), "{s}");
        }
    }

    #[test]
    fn unknown_codes_pass_through_verbatim() {
        for s in [
            "",
            " ",
            "invalid_payload ",
            " invalid_payload",
            "Invalid_Payload",
            "INVALID_PAYLOAD",
            "permit2_Allowance_Required",
            "x402 💸",
            "invalid_payment_expired",
        ] {
            let code = ErrorCode::from_wire(s);
            assert_eq!(code, ErrorCode::Unknown(s.to_owned()), "{s:?}");
            assert_eq!(code.as_str(), s);
            assert!(!code.is_known());
            assert!(!ErrorCode::is_canonical_spelling(s));
            assert_eq!(ErrorCode::from_wire_owned(s.to_owned()), code);
        }
    }

    #[test]
    fn canonical_vs_alias_spelling() {
        assert!(ErrorCode::is_canonical_spelling(
            "invalid_exact_evm_payload_signature"
        ));
        assert!(!ErrorCode::is_canonical_spelling(
            "invalid_exact_evm_signature"
        ));
        assert!(ErrorCode::is_known_spelling("invalid_exact_evm_signature"));
        assert!(!ErrorCode::is_canonical_spelling(
            "invalid_exact_solana_payload_memo_count"
        ));
        assert!(!ErrorCode::is_canonical_spelling("nope"));
    }

    #[test]
    fn composite_reasons_split_off_their_detail() {
        let (code, detail) = ErrorCode::from_wire_with_detail(
            "invalid_exact_evm_transaction_failed: execution reverted: 0x1234",
        );
        assert_eq!(code, ErrorCode::TransactionFailed);
        assert_eq!(detail, Some("execution reverted: 0x1234"));
        let (code, detail) =
            ErrorCode::from_wire_with_detail("invalid_exact_evm_signature: signature mismatch");
        assert_eq!(code, ErrorCode::ExactEvmSignature);
        assert_eq!(detail, Some("signature mismatch"));
        assert_eq!(
            ErrorCode::from_wire_with_detail("unsupported_version_7: x"),
            (ErrorCode::unsupported_version(7), Some("x"))
        );
        assert_eq!(
            ErrorCode::from_wire_with_detail("duplicate_settlement"),
            (ErrorCode::DuplicateSettlement, None)
        );
        let raw = "Payment must be verified before settlement";
        assert_eq!(
            ErrorCode::from_wire_with_detail(raw),
            (ErrorCode::Unknown(raw.to_owned()), None)
        );
        assert_eq!(
            ErrorCode::from_wire_with_detail("nope: detail"),
            (ErrorCode::Unknown("nope: detail".to_owned()), None)
        );
        // Plain from_wire keeps composites verbatim.
        assert!(!ErrorCode::from_wire("invalid_exact_evm_transaction_failed: x").is_known());
    }

    #[test]
    fn display_from_str_and_from() {
        assert_eq!(
            ErrorCode::ExactEvmSignature.to_string(),
            "invalid_exact_evm_payload_signature"
        );
        assert_eq!(
            "invalid_exact_evm_signature".parse::<ErrorCode>(),
            Ok(ErrorCode::ExactEvmSignature)
        );
        assert_eq!(
            ErrorCode::from("network_mismatch"),
            ErrorCode::NetworkMismatch
        );
        assert_eq!(
            ErrorCode::from(String::from("zzz")),
            ErrorCode::Unknown("zzz".into())
        );
        assert_eq!(
            ErrorCode::unsupported_version(5).to_string(),
            "unsupported_version_5"
        );
    }

    #[test]
    fn serde_uses_the_canonical_spelling_and_keeps_unknown_codes() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::ExactEvmValueMismatch).unwrap(),
            r#""invalid_exact_evm_payload_authorization_value_mismatch""#
        );
        let alias: ErrorCode =
            serde_json::from_str(r#""invalid_exact_evm_authorization_value""#).unwrap();
        assert_eq!(alias, ErrorCode::ExactEvmValueMismatch);
        assert_eq!(
            serde_json::to_string(&alias).unwrap(),
            r#""invalid_exact_evm_payload_authorization_value_mismatch""#
        );
        for raw in [
            r#""something_new""#,
            r#""""#,
            r#""with \"quotes\" and \\""#,
            r#""ünïcödé""#,
        ] {
            let code: ErrorCode = serde_json::from_str(raw).unwrap();
            assert!(!code.is_known());
            assert_eq!(serde_json::to_string(&code).unwrap(), raw);
        }
        // Owned-string path (serde_json::Value hands over a String).
        let code: ErrorCode =
            serde_json::from_value(serde_json::json!("permit2_invalid_amount")).unwrap();
        assert_eq!(code, ErrorCode::Permit2InvalidAmount);
        let code: ErrorCode = serde_json::from_value(serde_json::json!("brand_new")).unwrap();
        assert_eq!(code, ErrorCode::Unknown("brand_new".into()));
        let version: ErrorCode = serde_json::from_str(r#""unsupported_version_3""#).unwrap();
        assert_eq!(
            serde_json::to_string(&version).unwrap(),
            r#""unsupported_version_3""#
        );
        // Non-strings are errors naming what was expected.
        for bad in ["3", "null", "{}", "[]", "true"] {
            let err = serde_json::from_str::<ErrorCode>(bad).unwrap_err();
            assert!(
                err.to_string().contains("an x402 error code string"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn json_schema_is_an_open_string_with_examples() {
        let schema = schemars::schema_for!(ErrorCode);
        let value = serde_json::to_value(&schema).unwrap();
        assert_eq!(value["type"], "string");
        assert!(
            value.get("enum").is_none(),
            "unknown codes are legal: no closed enum"
        );
        let examples: Vec<&str> = value["examples"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(examples, ErrorCode::canonical_codes());
        let validator = jsonschema::validator_for(&value).unwrap();
        assert!(validator.is_valid(&serde_json::json!("invalid_payload")));
        assert!(validator.is_valid(&serde_json::json!("not_a_code_we_know")));
        assert!(!validator.is_valid(&serde_json::json!(402)));
        assert!(!validator.is_valid(&serde_json::Value::Null));
    }

    fn known_spellings() -> Vec<&'static str> {
        ErrorCode::all()
            .flat_map(|c| c.spellings().iter().map(|s| s.code))
            .collect()
    }

    fn check_total(s: &str) -> Result<(), TestCaseError> {
        let code = ErrorCode::from_wire(s);
        if let ErrorCode::Unknown(inner) = &code {
            prop_assert_eq!(inner.as_str(), s);
            prop_assert!(!ErrorCode::is_known_spelling(s));
        } else {
            prop_assert!(ErrorCode::is_known_spelling(s));
        }
        // Parsing is idempotent: the canonical spelling parses to the same variant.
        prop_assert_eq!(ErrorCode::from_wire(code.as_str()), code.clone());
        if ErrorCode::is_canonical_spelling(s) || !code.is_known() {
            prop_assert_eq!(code.as_str(), s);
        }
        let json = serde_json::to_string(&code).unwrap();
        let back: ErrorCode = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &code);
        if !code.is_known() {
            prop_assert_eq!(json, serde_json::to_string(s).unwrap());
        }
        let _ = code.category();
        let _ = ErrorCode::from_wire_with_detail(s);
        Ok(())
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic_and_unknown_round_trips(s in ".*") {
            check_total(&s)?;
        }

        #[test]
        fn code_like_strings(s in "[a-z0-9_]{0,70}") {
            check_total(&s)?;
        }

        #[test]
        fn version_like_strings(s in "unsupported_version_[0-9+-]{0,24}") {
            check_total(&s)?;
            if let ErrorCode::UnsupportedVersion(v) = ErrorCode::from_wire(&s) {
                prop_assert_eq!(v.as_str(), s.as_str());
                let rebuilt = UnsupportedVersionCode::new(v.version());
                prop_assert_eq!(rebuilt.as_str(), s.as_str());
            }
        }

        #[test]
        fn known_spelling_with_detail(head in prop::sample::select(known_spellings()), detail in ".*") {
            let s = format!("{head}: {detail}");
            let (code, got) = ErrorCode::from_wire_with_detail(&s);
            prop_assert_eq!(code, ErrorCode::from_wire(head));
            prop_assert_eq!(got, Some(detail.as_str()));
        }

        #[test]
        fn known_spellings_with_noise_are_unknown(head in prop::sample::select(known_spellings()), noise in "[ A-Z\t]{1,3}") {
            let s = format!("{head}{noise}");
            prop_assert_eq!(ErrorCode::from_wire(&s), ErrorCode::Unknown(s.clone()));
        }
    }
}
