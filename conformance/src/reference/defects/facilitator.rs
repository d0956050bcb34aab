//! Seeded misbehaviours for the reference facilitator (`serve-reference --defect NAME`), used to
//! prove that the conformance cases catch them ("mutation testing" of the suite).

use std::fmt;
use std::str::FromStr;

use crate::names::UnknownName;

/// A deliberate defect the reference facilitator can be started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Defect {
    /// Accept any signature without recovering the signer.
    SkipSignatureCheck,
    /// Accept an authorized value greater than the required amount.
    AcceptOverpayment,
    /// Accept authorizations whose `validBefore` has passed.
    IgnoreValidBefore,
    /// Accept authorizations expiring within the settlement time buffer.
    NoTimeBuffer,
    /// Accept a transfer to an address other than `payTo`.
    IgnoreRecipient,
    /// Accept an already-used nonce (replay).
    AcceptReplay,
    /// Answer HTTP 500 instead of 200 `isValid:false` for invalid payments.
    Http500OnInvalid,
    /// Use non-canonical names for the reason codes.
    RenameReasonCodes,
    /// Leave `payer` out of verify and settle responses.
    OmitPayer,
    /// Spell response members in snake_case (`is_valid`, `invalid_reason`, `error_reason`).
    SnakeCaseErrorReason,
    /// Accept high-s (malleable) ECDSA signatures.
    AcceptHighS,
    /// Never answer a request whose body is not JSON.
    HangOnMalformed,
    /// Settle whatever `/settle` receives without verifying it (trusting a prior `/verify`).
    SettleWithoutVerification,
    /// Charge an `upto` payment's signed maximum instead of the settle-time amount.
    UptoChargesMaximum,
    /// Die (stop listening, drop every connection) on a request body nested more than 1,000
    /// levels deep, as a facilitator whose JSON parser overflows its stack does.
    CrashOnDeepNesting,
    /// Read any `x402Version` of 2 or more as 2 (a facilitator that tests `version >= 2` instead
    /// of `version == 2`), so a correctly signed payment sent as version 3 or 99 is processed.
    UnknownVersionAsV2,
    /// Take the asset from the payload's `accepted` echo instead of the requirements (a
    /// facilitator that builds the EIP-712 domain and the transfer from what the client says it
    /// accepted).
    TrustEchoedAsset,
    /// Accept a signature made for the EIP-712 domain of any chain the facilitator knows (1,
    /// 8453, 84532), not only the requirements' chain.
    AnyConfiguredChain,
    /// Compare `payTo` / `asset` with the signed `to` / token as strings, so a requirement that
    /// spells an address in lowercase or uppercase hex is refused as a recipient (or token)
    /// mismatch.
    StringCompareAddresses,
    /// Fail a settlement while another is in flight, as a facilitator whose signer reads its
    /// account nonce per transaction (no nonce manager) does: settlements take a short in-flight
    /// window, and one that overlaps another is answered `invalid_exact_evm_transaction_failed`
    /// ("nonce too low").
    SettlementNonceRace,
    /// Execute the transfer of a valid payment on `/verify` (a facilitator that "reserves" the
    /// funds when it checks them): `/verify` is no longer read-only, and the later `/settle` of
    /// the same payment is refused as a replay.
    SettleOnVerify,
    /// Refuse without a reason: `isValid:false` with no `invalidReason`, `success:false` with no
    /// `errorReason`.
    OmitReason,
    /// Spell every reason code in upper case (`INVALID_EXACT_EVM_SIGNATURE`), a spelling in no
    /// vocabulary.
    InventReasonCodes,
    /// Advertise the v1 kinds in `/supported` but answer HTTP 500 to every v1 `/verify` (a kind
    /// listed without a verifier behind it).
    AdvertiseUnverifiedV1,
    /// Read amounts leniently, as a `BigInt` / `int()` / `SetString` reader does: trim white
    /// space, drop a leading `+`, `_` separators and leading zeros before parsing, so that
    /// `"01000"` in a signed value or the requirements is taken for `"1000"`.
    LenientAmountParsing,
    /// Verify without reading the payer's balance or Permit2 allowance (and without simulating
    /// the transfer): `/verify` accepts a payment from a payer that holds nothing; only the
    /// transfer at `/settle` fails.
    IgnoreBalance,
}

impl Defect {
    /// Every defect.
    pub const ALL: [Defect; 26] = [
        Defect::SkipSignatureCheck,
        Defect::AcceptOverpayment,
        Defect::IgnoreValidBefore,
        Defect::NoTimeBuffer,
        Defect::IgnoreRecipient,
        Defect::AcceptReplay,
        Defect::Http500OnInvalid,
        Defect::RenameReasonCodes,
        Defect::OmitPayer,
        Defect::SnakeCaseErrorReason,
        Defect::AcceptHighS,
        Defect::HangOnMalformed,
        Defect::SettleWithoutVerification,
        Defect::UptoChargesMaximum,
        Defect::CrashOnDeepNesting,
        Defect::UnknownVersionAsV2,
        Defect::TrustEchoedAsset,
        Defect::AnyConfiguredChain,
        Defect::StringCompareAddresses,
        Defect::SettlementNonceRace,
        Defect::SettleOnVerify,
        Defect::OmitReason,
        Defect::InventReasonCodes,
        Defect::AdvertiseUnverifiedV1,
        Defect::LenientAmountParsing,
        Defect::IgnoreBalance,
    ];

    /// The kebab-case name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Defect::SkipSignatureCheck => "skip-signature-check",
            Defect::AcceptOverpayment => "accept-overpayment",
            Defect::IgnoreValidBefore => "ignore-valid-before",
            Defect::NoTimeBuffer => "no-time-buffer",
            Defect::IgnoreRecipient => "ignore-recipient",
            Defect::AcceptReplay => "accept-replay",
            Defect::Http500OnInvalid => "http-500-on-invalid",
            Defect::RenameReasonCodes => "rename-reason-codes",
            Defect::OmitPayer => "omit-payer",
            Defect::SnakeCaseErrorReason => "snake-case-error-reason",
            Defect::AcceptHighS => "accept-high-s",
            Defect::HangOnMalformed => "hang-on-malformed",
            Defect::SettleWithoutVerification => "settle-without-verification",
            Defect::UptoChargesMaximum => "upto-charges-maximum",
            Defect::CrashOnDeepNesting => "crash-on-deep-nesting",
            Defect::UnknownVersionAsV2 => "unknown-version-as-v2",
            Defect::TrustEchoedAsset => "trust-echoed-asset",
            Defect::AnyConfiguredChain => "any-configured-chain",
            Defect::StringCompareAddresses => "string-compare-addresses",
            Defect::SettlementNonceRace => "settlement-nonce-race",
            Defect::SettleOnVerify => "settle-on-verify",
            Defect::OmitReason => "omit-reason",
            Defect::InventReasonCodes => "invent-reason-codes",
            Defect::AdvertiseUnverifiedV1 => "advertise-unverified-v1",
            Defect::LenientAmountParsing => "lenient-amount-parsing",
            Defect::IgnoreBalance => "ignore-balance",
        }
    }

    /// One-line description.
    pub const fn description(self) -> &'static str {
        match self {
            Defect::SkipSignatureCheck => "accept any signature without recovering the signer",
            Defect::AcceptOverpayment => "accept an authorized value above the required amount",
            Defect::IgnoreValidBefore => "accept expired authorizations (validBefore in the past)",
            Defect::NoTimeBuffer => "accept authorizations that expire before settlement can land",
            Defect::IgnoreRecipient => "accept transfers to an address other than payTo",
            Defect::AcceptReplay => "accept an already-used nonce",
            Defect::Http500OnInvalid => {
                "answer HTTP 500 instead of 200 isValid:false for invalid payments"
            }
            Defect::RenameReasonCodes => "use non-canonical reason codes",
            Defect::OmitPayer => "leave payer out of verify/settle responses",
            Defect::SnakeCaseErrorReason => {
                "spell response members in snake_case (is_valid, error_reason)"
            }
            Defect::AcceptHighS => "accept high-s (malleable) ECDSA signatures",
            Defect::HangOnMalformed => "never answer a request whose body is not JSON",
            Defect::SettleWithoutVerification => {
                "settle what /settle receives without verifying it (trusts a prior /verify)"
            }
            Defect::UptoChargesMaximum => {
                "charge upto payments their signed maximum, not the settle-time amount"
            }
            Defect::CrashOnDeepNesting => {
                "die (stop listening) on a request body nested over 1,000 levels deep"
            }
            Defect::UnknownVersionAsV2 => "process any x402Version of 2 or more as version 2",
            Defect::TrustEchoedAsset => {
                "use the payload's accepted.asset instead of the requirements' asset"
            }
            Defect::AnyConfiguredChain => {
                "accept signatures for the EIP-712 domain of any known chain (1, 8453, 84532)"
            }
            Defect::StringCompareAddresses => {
                "compare payTo/asset with the signed to/token as strings, not as addresses"
            }
            Defect::SettlementNonceRace => {
                "fail a settlement that overlaps another (a signer without a nonce manager)"
            }
            Defect::SettleOnVerify => "execute a valid payment's transfer on /verify",
            Defect::OmitReason => "refuse without invalidReason / errorReason",
            Defect::InventReasonCodes => {
                "spell reason codes in upper case (a spelling in no vocabulary)"
            }
            Defect::AdvertiseUnverifiedV1 => {
                "advertise v1 kinds but answer HTTP 500 to every v1 /verify"
            }
            Defect::LenientAmountParsing => {
                "read amounts leniently (trim, drop +, _ and leading zeros)"
            }
            Defect::IgnoreBalance => {
                "verify without reading the payer's balance or Permit2 allowance"
            }
        }
    }

    /// The `--help` text listing every defect.
    pub fn help_text() -> String {
        let mut s = String::from("Defects (repeat --defect for several):\n");
        for d in Defect::ALL {
            s.push_str(&format!("  {:<24} {}\n", d.name(), d.description()));
        }
        s
    }
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Defect {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Defect::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| UnknownName {
                what: "defect",
                given: s.to_owned(),
                known: Defect::ALL.iter().map(|d| d.name().to_owned()).collect(),
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
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = Defect::ALL.iter().map(|d| d.name()).collect();
        for d in Defect::ALL {
            assert_eq!(d.name().parse::<Defect>().unwrap(), d);
            assert!(!d.description().is_empty());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Defect::ALL.len());
        let err = "nope".parse::<Defect>().unwrap_err().to_string();
        assert!(err.contains("accept-high-s"), "{err}");
        assert!(Defect::help_text().contains("hang-on-malformed"));
    }
}
