//! Profiles: whose behaviour a run holds the implementation under test to.
//!
//! - [`Profile::Strict`] (default): the written specification plus this project's canonical
//!   reason codes (x402-spec `ErrorCode`), and HTTP statuses as the spec's transport tables
//!   give them (transports-v2/http.md: 400 for an invalid payment header, 402 for a payment that
//!   is required or failed; x402 v2 §7 for the facilitator).
//! - [`Profile::Ts`], [`Profile::Go`], [`Profile::Py`]: what the reference TypeScript, Go and
//!   Python SDKs do where they diverge from the spec or from each other (docs/protocol/transport.md §2.5, docs/protocol/codes.md §3.6,
//!   §3.7, docs/protocol/disagreements.md): their reason vocabularies (x402-spec [`Check::sdk_code`] and the SDK check orders
//!   behind [`Rejection::as_sdk`](x402_spec::verify::Rejection::as_sdk)), their status codes, and
//!   their documented deviations (the top-level `x402Version` ignored, `402` for an undecodable
//!   header, `500` for an invalid payment from the Go facilitator, …).
//!
//! An implementation can thus pass "as the TS SDK does" separately from "as the spec says". Each
//! case lists, in its [`Divergence`]s, the profiles under which its expectation differs from the
//! strict one and how; `x402-conformance list` shows them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use x402_spec::verify::evm::Eip3009Check;
use x402_spec::verify::{Check, Sdk};

use crate::names::UnknownName;

/// Whose behaviour the expectations follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum Profile {
    /// The specification plus the canonical reason codes (default).
    #[default]
    Strict,
    /// The reference TypeScript SDK (`@x402/*`).
    Ts,
    /// The reference Go SDK.
    Go,
    /// The reference Python SDK (`x402`).
    Py,
}

impl Profile {
    /// Every profile, strict first.
    pub const ALL: [Profile; 4] = [Profile::Strict, Profile::Ts, Profile::Go, Profile::Py];

    /// The name used on the command line and in reports (`strict`, `ts`, `go`, `py`).
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Strict => "strict",
            Profile::Ts => "ts",
            Profile::Go => "go",
            Profile::Py => "py",
        }
    }

    /// The SDK whose vocabulary and check order this profile uses (`None` for strict).
    pub const fn sdk(self) -> Option<Sdk> {
        match self {
            Profile::Strict => None,
            Profile::Ts => Some(Sdk::Ts),
            Profile::Go => Some(Sdk::Go),
            Profile::Py => Some(Sdk::Py),
        }
    }

    /// A short description for `--help` and reports.
    pub const fn description(self) -> &'static str {
        match self {
            Profile::Strict => "the x402 specification plus x402-spec's canonical reason codes",
            Profile::Ts => "the reference TypeScript SDK (@x402/core, @x402/evm, @x402/express)",
            Profile::Go => "the reference Go SDK (github.com/x402-foundation/x402/go)",
            Profile::Py => "the reference Python SDK (x402 on PyPI)",
        }
    }

    /// The spelling this profile expects for a failed rule: the SDK's spelling, or `None` for the
    /// strict profile (which takes the canonical code) and for rules the SDK does not check.
    pub fn reason_for(self, check: Check) -> Option<&'static str> {
        self.sdk().and_then(|sdk| check.sdk_code(sdk))
    }

    /// The `--help` text listing the profiles.
    pub fn help_text() -> String {
        let mut s = String::from("Profiles (--profile):\n");
        for p in Profile::ALL {
            s.push_str(&format!("  {:<8} {}\n", p.name(), p.description()));
        }
        s
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownName {
                what: "profile",
                given: s.to_owned(),
                known: Profile::ALL.iter().map(|p| p.name().to_owned()).collect(),
            })
    }
}

impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// How a case's expectation differs under one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Divergence {
    /// The profile.
    pub profile: Profile,
    /// What a conforming target does under that profile, and why (with the clause of docs/protocol that says so).
    pub expected: &'static str,
}

/// Shorthand for a [`Divergence`] in catalogue tables.
pub const fn diverge(profile: Profile, expected: &'static str) -> Divergence {
    Divergence { profile, expected }
}

/// The divergence of a case under `profile`, if it has one.
pub fn divergence_for(divergences: &[Divergence], profile: Profile) -> Option<&Divergence> {
    divergences.iter().find(|d| d.profile == profile)
}

/// The names of the profiles a divergence list mentions, in [`Profile::ALL`] order.
pub fn profile_names(divergences: &[Divergence]) -> Vec<&'static str> {
    Profile::ALL
        .iter()
        .filter(|p| divergences.iter().any(|d| d.profile == **p))
        .map(|p| p.name())
        .collect()
}

/// The spelling an SDK's facilitator uses at **settle** time for a failed rule when it differs
/// from its verify-time spelling: a high-s EIP-3009 signature passes TS's settle-time
/// re-verification (no simulation) and the token's revert `InvalidSignatureS` is mapped to
/// `invalid_exact_evm_signature` (docs/protocol/codes.md §3.3 `parseEip3009TransferError`; measured against
/// @x402/evm 2.27 in the interop lane). x402-spec's [`Check::sdk_code`] has one spelling per rule,
/// the verify-time one.
pub fn settle_time_reason(profile: Profile, check: Check) -> Option<&'static str> {
    match (profile, check) {
        (Profile::Ts, Check::Eip3009(Eip3009Check::SignatureMalleable)) => {
            Some("invalid_exact_evm_signature")
        }
        // Python's settle re-verifies without simulation (`simulate_in_settle` is off by default
        // in `register_exact_evm_facilitator`), broadcasts, and answers a reverted receipt with
        // `transaction_failed` (x402 2.25.0 `mechanisms/evm/exact/facilitator.py` `settle`;
        // measured in the interop lane, v1 and v2).
        (Profile::Py, Check::Eip3009(Eip3009Check::SignatureMalleable)) => {
            Some("transaction_failed")
        }
        _ => None,
    }
}

/// Spellings a newer release of the profile's SDK uses for a rule, besides x402-spec's table
/// ([`Check::sdk_code`], which follows the SDK versions docs/protocol describes: @x402/evm 2.10).
/// Measured in the interop lane against @x402/evm 2.27 and x402 2.25.0: the TS v2 EIP-3009 scheme now answers an
/// authorization value other than the amount with `invalid_exact_evm_payload_authorization_value_mismatch`
/// (the spec's and Go's spelling), while its v1 scheme keeps `invalid_exact_evm_authorization_value`.
pub fn newer_spellings(profile: Profile, check: Check) -> &'static [&'static str] {
    match (profile, check) {
        (Profile::Ts, Check::Eip3009(Eip3009Check::Value)) => {
            &["invalid_exact_evm_payload_authorization_value_mismatch"]
        }
        // x402 2.25.0's v2 scheme diagnoses the token's revert text ("invalid signature") as its
        // signature code (`mechanisms/evm/exact/eip3009_utils.py`, the revert classifier); its
        // v1 scheme keeps the simulation failure of x402-spec's table. Measured in the interop lane.
        (Profile::Py, Check::Eip3009(Eip3009Check::SignatureMalleable)) => {
            &["invalid_exact_evm_payload_signature"]
        }
        _ => &[],
    }
}

/// What an SDK's facilitator answers at **settle** time when it broadcasts a settlement that
/// reverts on chain: its settle re-verifies without simulation, so failures only the chain
/// finds (the payer's balance, a used nonce) come back as its "transaction failed" code, TS
/// with the revert text after `": "`. Measured in the interop lane (@x402/evm 2.27.0, x402
/// 2.25.0); Go is not measured here.
pub fn settle_revert_spellings(profile: Profile) -> &'static [&'static str] {
    match profile {
        Profile::Ts => &["invalid_exact_evm_transaction_failed"],
        Profile::Py => &["transaction_failed", "invalid_upto_evm_transaction_failed"],
        Profile::Strict | Profile::Go => &[],
    }
}

/// Every spelling `profile` accepts for a failed rule, at verify time or (`at_settle`) at settle
/// time: the settle-time spelling when it differs ([`settle_time_reason`]), else the SDK's
/// spelling from x402-spec's table and the newer ones ([`newer_spellings`]). Empty for the strict
/// profile and for rules the SDK does not check.
pub fn sdk_spellings(profile: Profile, check: Check, at_settle: bool) -> Vec<&'static str> {
    if at_settle && let Some(s) = settle_time_reason(profile, check) {
        return vec![s];
    }
    let mut out: Vec<&'static str> = profile.reason_for(check).into_iter().collect();
    if profile.reason_for(check).is_some() {
        for s in newer_spellings(profile, check) {
            if !out.contains(s) {
                out.push(s);
            }
        }
    }
    out
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
    use x402_spec::verify::CommonCheck;

    #[test]
    fn names_round_trip() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>().unwrap(), p);
            assert_eq!(p.to_string(), p.name());
        }
        assert_eq!("TS".parse::<Profile>().unwrap(), Profile::Ts);
        let err = "rust".parse::<Profile>().unwrap_err().to_string();
        assert!(
            err.contains("unknown profile") && err.contains("strict"),
            "{err}"
        );
        assert_eq!(Profile::default(), Profile::Strict);
        assert!(Profile::help_text().contains("TypeScript"));
    }

    #[test]
    fn sdk_vocabularies() {
        assert_eq!(
            Profile::Strict.reason_for(Check::Eip3009(Eip3009Check::Signature)),
            None
        );
        assert_eq!(
            Profile::Ts.reason_for(Check::Eip3009(Eip3009Check::Signature)),
            Some("invalid_exact_evm_signature")
        );
        assert_eq!(
            Profile::Py.reason_for(Check::Eip3009(Eip3009Check::Signature)),
            Some("invalid_exact_evm_payload_signature")
        );
        assert_eq!(
            Profile::Ts.reason_for(Check::Eip3009(Eip3009Check::SignatureMalleable)),
            Some("invalid_exact_evm_transaction_simulation_failed")
        );
        assert_eq!(
            settle_time_reason(
                Profile::Ts,
                Check::Eip3009(Eip3009Check::SignatureMalleable)
            ),
            Some("invalid_exact_evm_signature")
        );
        assert_eq!(
            settle_time_reason(
                Profile::Go,
                Check::Eip3009(Eip3009Check::SignatureMalleable)
            ),
            None
        );
        assert_eq!(
            sdk_spellings(Profile::Ts, Check::Eip3009(Eip3009Check::Value), false),
            vec![
                "invalid_exact_evm_authorization_value",
                "invalid_exact_evm_payload_authorization_value_mismatch"
            ]
        );
        assert_eq!(
            sdk_spellings(
                Profile::Ts,
                Check::Eip3009(Eip3009Check::SignatureMalleable),
                true
            ),
            vec!["invalid_exact_evm_signature"]
        );
        assert!(
            sdk_spellings(Profile::Strict, Check::Eip3009(Eip3009Check::Value), false).is_empty()
        );
        assert!(
            sdk_spellings(
                Profile::Ts,
                Check::Common(CommonCheck::AcceptedMismatch),
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn divergence_lookup() {
        const D: &[Divergence] = &[diverge(Profile::Go, "500"), diverge(Profile::Ts, "402")];
        assert_eq!(divergence_for(D, Profile::Ts).unwrap().expected, "402");
        assert!(divergence_for(D, Profile::Py).is_none());
        assert_eq!(profile_names(D), vec!["ts", "go"]);
    }
}
