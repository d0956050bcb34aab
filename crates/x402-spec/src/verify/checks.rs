//! The verification rules, one [`Check`] each, with their wire codes and the check orders of this
//! crate and of the reference SDKs.
//!
//! Two layers (after rustls' `PeerMisbehaved` → alert mapping): a [`Check`] names exactly which
//! rule failed; [`Check::code`] is the canonical wire code and [`Check::sdk_code`] the spelling
//! each reference SDK uses for that rule in that mechanism (protocol.md §3.3–§3.6, §4.2–§4.5).
//! `None` from `sdk_code` means the SDK does not perform that check (or fails it with an HTTP
//! error instead of a reason).

use crate::codes::ErrorCode;

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

macro_rules! checks {
    ($(
        $(#[$doc:meta])*
        $variant:ident $id:literal => $code:ident, ts $ts:expr, go $go:expr, py $py:expr;
    )*) => {
        /// One verification rule. See the [module docs](self).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Check {
            $( $(#[$doc])* $variant, )*
        }

        impl Check {
            /// Every check.
            pub const ALL: &'static [Check] = &[$(Check::$variant),*];

            /// Stable kebab-case id (used in vectors and reports).
            #[must_use]
            pub const fn id(self) -> &'static str {
                match self { $( Self::$variant => $id, )* }
            }

            /// The canonical wire code.
            #[must_use]
            pub fn code(self) -> ErrorCode {
                match self { $( Self::$variant => ErrorCode::$code, )* }
            }

            /// The spelling `sdk` reports for this rule, or `None` when it does not check it.
            #[must_use]
            pub const fn sdk_code(self, sdk: Sdk) -> Option<&'static str> {
                match (self, sdk) {
                    $(
                        (Self::$variant, Sdk::Ts) => $ts,
                        (Self::$variant, Sdk::Go) => $go,
                        (Self::$variant, Sdk::Py) => $py,
                    )*
                }
            }
        }
    };
}

const fn s(x: &'static str) -> Option<&'static str> {
    Some(x)
}

checks! {
    /// The scheme is not one this verifier implements (neither `exact` nor `upto`), or the
    /// requirement's network family has no verifier here.
    Unsupported "unsupported" => UnsupportedScheme, ts None, go None, py None;
    /// The network is not an `eip155` network with a chain id (v2), or not a known v1 name.
    UnknownNetwork "unknown-network" => InvalidNetwork,
        ts s("invalid_exact_evm_network_mismatch"),
        go s("invalid_exact_evm_failed_to_get_network_config"),
        py s("invalid_exact_evm_failed_to_get_network_config");
    /// EIP-3009: `accepted.scheme` (v1: `scheme`) and `requirements.scheme` must both be `exact`.
    Eip3009Scheme "eip3009/scheme" => UnsupportedScheme,
        ts s("invalid_exact_evm_scheme"), go s("invalid_exact_evm_scheme"), py s("unsupported_scheme");
    /// EIP-3009: `accepted.network` (v1: `network`) must equal `requirements.network`.
    Eip3009Network "eip3009/network" => NetworkMismatch,
        ts s("invalid_exact_evm_network_mismatch"), go s("invalid_exact_evm_network_mismatch"), py s("network_mismatch");
    /// EIP-3009: `payload` must be `{signature, authorization}` with well-formed fields.
    Eip3009Format "eip3009/format" => InvalidPayload,
        ts None, go s("invalid_exact_evm_payload"), py None;
    /// `accepted` must offer what `paymentRequirements` asks (scheme, network, amount, asset,
    /// payTo). No SDK facilitator checks this (protocol.md §8 #31).
    AcceptedMismatch "accepted-mismatch" => InvalidPaymentRequirements, ts None, go None, py None;
    /// EIP-3009: `extra.name` and `extra.version` (the EIP-712 domain) must be present.
    Eip3009Domain "eip3009/domain" => ExactEvmMissingEip712Domain,
        ts s("invalid_exact_evm_missing_eip712_domain"), go s("invalid_exact_evm_missing_eip712_domain"), py s("missing_eip712_domain");
    /// EIP-3009: `authorization.to` must equal `payTo` (compared as addresses).
    Eip3009Recipient "eip3009/recipient" => ExactEvmRecipientMismatch,
        ts s("invalid_exact_evm_recipient_mismatch"), go s("invalid_exact_evm_recipient_mismatch"), py s("invalid_exact_evm_payload_recipient_mismatch");
    /// EIP-3009: `authorization.value` must equal the required amount exactly (v2 spec; v1's
    /// "meets or exceeds" is a policy option, protocol.md §8 #7).
    Eip3009Value "eip3009/value" => ExactEvmValueMismatch,
        ts s("invalid_exact_evm_authorization_value"), go s("invalid_exact_evm_payload_authorization_value_mismatch"), py s("invalid_exact_evm_payload_authorization_value_mismatch");
    /// EIP-3009: `validBefore >= now + buffer` (6 s by default).
    Eip3009ValidBefore "eip3009/valid-before" => ExactEvmAuthorizationExpired,
        ts s("invalid_exact_evm_payload_authorization_valid_before"), go s("invalid_exact_evm_payload_authorization_valid_before"), py s("invalid_exact_evm_payload_authorization_valid_before");
    /// EIP-3009: `validAfter <= now`.
    Eip3009ValidAfter "eip3009/valid-after" => ExactEvmAuthorizationNotYetValid,
        ts s("invalid_exact_evm_payload_authorization_valid_after"), go s("invalid_exact_evm_payload_authorization_valid_after"), py s("invalid_exact_evm_payload_authorization_valid_after");
    /// EIP-3009: the signature must be a valid, low-s signature by `from` over the typed data
    /// (or a smart-wallet signature, confirmed on chain).
    Eip3009Signature "eip3009/signature" => ExactEvmSignature,
        ts s("invalid_exact_evm_signature"), go s("invalid_exact_evm_signature"), py s("invalid_exact_evm_payload_signature");
    /// EIP-3009: the signature is malleable (s > n/2). Refused here; the SDKs' off-chain
    /// recovery accepts it and the token (OpenZeppelin ECDSA) then reverts, so they report the
    /// simulation failure.
    Eip3009SignatureMalleable "eip3009/signature-high-s" => ExactEvmSignature,
        ts s("invalid_exact_evm_transaction_simulation_failed"), go s("invalid_exact_evm_transaction_simulation_failed"), py s("invalid_exact_evm_transaction_simulation_failed");
    /// Permit2 exact: both schemes must be `exact`.
    Permit2Scheme "permit2/scheme" => UnsupportedScheme,
        ts s("unsupported_payload_type"), go s("unsupported_payload_type"), py s("unsupported_scheme");
    /// Permit2 exact: networks must match.
    Permit2Network "permit2/network" => NetworkMismatch,
        ts s("invalid_exact_evm_network_mismatch"), go s("invalid_exact_evm_network_mismatch"), py s("network_mismatch");
    /// Permit2: `payload` must be `{signature, permit2Authorization}` with well-formed fields.
    Permit2Format "permit2/format" => InvalidPayload,
        ts None, go s("invalid_exact_evm_payload"), py s("invalid_permit2_payload_format");
    /// Permit2: `spender` must be the scheme's x402 proxy.
    Permit2Spender "permit2/spender" => Permit2InvalidSpender,
        ts s("invalid_permit2_spender"), go s("invalid_permit2_spender"), py s("invalid_permit2_spender");
    /// Permit2: `witness.to` must equal `payTo`.
    Permit2Recipient "permit2/recipient" => Permit2RecipientMismatch,
        ts s("invalid_permit2_recipient_mismatch"), go s("invalid_permit2_recipient_mismatch"), py s("invalid_permit2_recipient_mismatch");
    /// Permit2: `permitted.amount` must equal the required amount (upto: the maximum).
    Permit2Amount "permit2/amount" => Permit2AmountMismatch,
        ts s("permit2_amount_mismatch"), go s("permit2_amount_mismatch"), py s("permit2_amount_mismatch");
    /// Permit2: `permitted.token` must equal `asset`.
    Permit2Token "permit2/token" => Permit2TokenMismatch,
        ts s("permit2_token_mismatch"), go s("permit2_token_mismatch"), py s("permit2_token_mismatch");
    /// Permit2: `deadline >= now + buffer`.
    Permit2Deadline "permit2/deadline" => Permit2DeadlineExpired,
        ts s("permit2_deadline_expired"), go s("permit2_deadline_expired"), py s("permit2_deadline_expired");
    /// Permit2: `witness.validAfter <= now`.
    Permit2ValidAfter "permit2/valid-after" => Permit2NotYetValid,
        ts s("permit2_not_yet_valid"), go s("permit2_not_yet_valid"), py s("permit2_not_yet_valid");
    /// Permit2: the signature must be a valid, low-s signature by `from`.
    Permit2Signature "permit2/signature" => Permit2Signature,
        ts s("invalid_permit2_signature"), go s("invalid_permit2_signature"), py s("invalid_permit2_signature");
    /// Permit2: the signature is malleable (s > n/2). Refused here; Permit2's own
    /// `SignatureVerification` accepts it, and so do the SDKs.
    Permit2SignatureMalleable "permit2/signature-high-s" => Permit2Signature, ts None, go None, py None;
    /// The network's family has no verifier in this crate (for example `solana:*`).
    UnsupportedNetwork "unsupported-network" => InvalidNetwork, ts None, go None, py None;
    /// upto: both schemes must be `upto`.
    UptoScheme "upto/scheme" => UnsupportedScheme,
        ts s("invalid_upto_evm_scheme"), go s("invalid_upto_evm_scheme"), py s("invalid_upto_evm_scheme");
    /// upto: networks must match.
    UptoNetwork "upto/network" => NetworkMismatch,
        ts s("invalid_upto_evm_network_mismatch"), go s("invalid_upto_evm_network_mismatch"), py s("invalid_upto_evm_network_mismatch");
    /// upto: `payload` must be a Permit2 authorization with the upto witness.
    UptoFormat "upto/format" => InvalidPayload,
        ts s("unsupported_payload_type"), go s("invalid_upto_evm_payload"), py s("unsupported_payload_type");
    /// upto: `witness.facilitator` must be one of this facilitator's signers.
    UptoFacilitator "upto/facilitator" => UptoFacilitatorMismatch,
        ts s("upto_facilitator_mismatch"), go s("upto_facilitator_mismatch"), py s("upto_facilitator_mismatch");
    /// EIP-2612 extension: fields present and well-formed.
    Eip2612Format "eip2612/format" => Eip2612ExtensionFormat,
        ts s("invalid_eip2612_extension_format"), go s("invalid_eip2612_extension_format"), py s("invalid_eip2612_extension_format");
    /// EIP-2612 extension: `from` must be the payer.
    Eip2612From "eip2612/from" => Eip2612FromMismatch,
        ts s("eip2612_from_mismatch"), go s("eip2612_from_mismatch"), py s("eip2612_from_mismatch");
    /// EIP-2612 extension: `asset` must be the requirement's asset.
    Eip2612Asset "eip2612/asset" => Eip2612AssetMismatch,
        ts s("eip2612_asset_mismatch"), go s("eip2612_asset_mismatch"), py s("eip2612_asset_mismatch");
    /// EIP-2612 extension: `spender` must be canonical Permit2.
    Eip2612Spender "eip2612/spender" => Eip2612SpenderNotPermit2,
        ts s("eip2612_spender_not_permit2"), go s("eip2612_spender_not_permit2"), py s("eip2612_spender_not_permit2");
    /// EIP-2612 extension: `deadline >= now + buffer`.
    Eip2612Deadline "eip2612/deadline" => Eip2612DeadlineExpired,
        ts s("eip2612_deadline_expired"), go s("eip2612_deadline_expired"), py s("eip2612_deadline_expired");
    /// EIP-2612 extension: `amount` must equal `permitted.amount`, or the proxy reverts
    /// `Permit2612AmountMismatch` at settlement (protocol.md §8 #14). No SDK checks it at verify.
    Eip2612Amount "eip2612/amount" => Permit2612AmountMismatch, ts None, go None, py None;
    /// EIP-2612 extension: the permit signature must be a valid, low-s signature by `from` over
    /// the token's `Permit` typed data. No SDK checks it (the proxy swallows a failing permit).
    Eip2612Signature "eip2612/signature" => Eip2612ExtensionFormat, ts None, go None, py None;
    /// ERC-20 approval extension: fields present and well-formed.
    Erc20Format "erc20-approval/format" => Erc20ApprovalExtensionFormat,
        ts s("invalid_erc20_approval_extension_format"), go s("invalid_erc20_approval_extension_format"), py s("invalid_erc20_approval_extension_format");
    /// ERC-20 approval extension: `from` must be the payer.
    Erc20From "erc20-approval/from" => Erc20ApprovalFromMismatch,
        ts s("erc20_approval_from_mismatch"), go s("erc20_approval_from_mismatch"), py s("erc20_approval_from_mismatch");
    /// ERC-20 approval extension: `asset` must be the requirement's asset.
    Erc20Asset "erc20-approval/asset" => Erc20ApprovalAssetMismatch,
        ts s("erc20_approval_asset_mismatch"), go s("erc20_approval_asset_mismatch"), py s("erc20_approval_asset_mismatch");
    /// ERC-20 approval extension: `spender` must be canonical Permit2.
    Erc20Spender "erc20-approval/spender" => Erc20ApprovalSpenderNotPermit2,
        ts s("erc20_approval_spender_not_permit2"), go s("erc20_approval_spender_not_permit2"), py s("erc20_approval_spender_not_permit2");
    /// ERC-20 approval extension: `signedTransaction` must parse as a signed EIP-1559 transaction.
    Erc20TxParse "erc20-approval/tx-parse" => Erc20ApprovalTxParseFailed,
        ts s("erc20_approval_tx_parse_failed"), go s("erc20_approval_tx_parse_failed"), py s("erc20_approval_tx_parse_failed");
    /// ERC-20 approval extension: the transaction must call the token.
    Erc20TxTarget "erc20-approval/tx-target" => Erc20ApprovalTxWrongTarget,
        ts s("erc20_approval_tx_wrong_target"), go s("erc20_approval_tx_wrong_target"), py s("erc20_approval_tx_wrong_target");
    /// ERC-20 approval extension: the calldata must be `approve(address,uint256)`.
    Erc20TxSelector "erc20-approval/tx-selector" => Erc20ApprovalTxWrongSelector,
        ts s("erc20_approval_tx_wrong_selector"), go s("erc20_approval_tx_wrong_selector"), py s("erc20_approval_tx_wrong_selector");
    /// ERC-20 approval extension: the approved spender must be Permit2 (and the calldata well-formed).
    Erc20TxSpender "erc20-approval/tx-spender" => Erc20ApprovalTxWrongSpender,
        ts s("erc20_approval_tx_wrong_spender"), go s("erc20_approval_tx_wrong_spender"), py s("erc20_approval_tx_wrong_spender");
    /// ERC-20 approval extension: the transaction signer must be the payer.
    Erc20TxSigner "erc20-approval/tx-signer" => Erc20ApprovalTxSignerMismatch,
        ts s("erc20_approval_tx_signer_mismatch"), go s("erc20_approval_tx_signer_mismatch"), py s("erc20_approval_tx_signer_mismatch");
    /// ERC-20 approval extension: the transaction's chain id must be the network's.
    Erc20TxChain "erc20-approval/tx-chain" => Erc20ApprovalTxParseFailed, ts None, go None, py None;
}

/// The order in which a party runs the checks of one mechanism; the first failing check in
/// this order decides the reported reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// `exact` with EIP-3009 (v1 and v2).
    Eip3009,
    /// `exact` with Permit2 (v2).
    Permit2,
    /// `upto` (Permit2, v2).
    Upto,
}

use Check as C;

const CANON_3009: &[Check] = &[
    C::Unsupported,
    C::UnsupportedNetwork,
    C::Eip3009Scheme,
    C::Eip3009Network,
    C::UnknownNetwork,
    C::Eip3009Format,
    C::AcceptedMismatch,
    C::Eip3009Domain,
    C::Eip3009Recipient,
    C::Eip3009Value,
    C::Eip3009ValidBefore,
    C::Eip3009ValidAfter,
    C::Eip3009Signature,
    C::Eip3009SignatureMalleable,
];
const TS_3009: &[Check] = &[
    C::Unsupported,
    C::Eip3009Format,
    C::Eip3009Scheme,
    C::Eip3009Domain,
    C::Eip3009Network,
    C::UnknownNetwork,
    C::Eip3009Signature,
    C::Eip3009Recipient,
    C::Eip3009ValidBefore,
    C::Eip3009ValidAfter,
    C::Eip3009Value,
    C::Eip3009SignatureMalleable,
];
const GO_3009: &[Check] = &[
    C::Unsupported,
    C::Eip3009Scheme,
    C::Eip3009Network,
    C::Eip3009Format,
    C::UnknownNetwork,
    C::Eip3009Recipient,
    C::Eip3009Value,
    C::Eip3009ValidBefore,
    C::Eip3009ValidAfter,
    C::Eip3009Domain,
    C::Eip3009Signature,
    C::Eip3009SignatureMalleable,
];
const PY_3009: &[Check] = &[
    C::Unsupported,
    C::Eip3009Format,
    C::Eip3009Scheme,
    C::Eip3009Network,
    C::UnknownNetwork,
    C::Eip3009Domain,
    C::Eip3009Recipient,
    C::Eip3009Value,
    C::Eip3009ValidBefore,
    C::Eip3009ValidAfter,
    C::Eip3009Signature,
    C::Eip3009SignatureMalleable,
];

const EXT: &[Check] = &[
    C::Eip2612Format,
    C::Eip2612From,
    C::Eip2612Asset,
    C::Eip2612Spender,
    C::Eip2612Deadline,
    C::Eip2612Amount,
    C::Eip2612Signature,
    C::Erc20Format,
    C::Erc20From,
    C::Erc20Asset,
    C::Erc20Spender,
    C::Erc20TxParse,
    C::Erc20TxChain,
    C::Erc20TxTarget,
    C::Erc20TxSelector,
    C::Erc20TxSpender,
    C::Erc20TxSigner,
];

macro_rules! order {
    ($name:ident = [$($c:ident),* $(,)?] + SDK_EXT) => {
        const $name: &[Check] = &[$(C::$c,)* C::Eip2612Format, C::Eip2612From, C::Eip2612Asset, C::Eip2612Spender, C::Eip2612Deadline, C::Erc20Format, C::Erc20From, C::Erc20Asset, C::Erc20Spender, C::Erc20TxParse, C::Erc20TxTarget, C::Erc20TxSelector, C::Erc20TxSpender, C::Erc20TxSigner];
    };
    ($name:ident = [$($c:ident),* $(,)?] + EXT) => {
        const $name: &[Check] = &[$(C::$c,)* C::Eip2612Format, C::Eip2612From, C::Eip2612Asset, C::Eip2612Spender, C::Eip2612Deadline, C::Eip2612Amount, C::Eip2612Signature, C::Erc20Format, C::Erc20From, C::Erc20Asset, C::Erc20Spender, C::Erc20TxParse, C::Erc20TxChain, C::Erc20TxTarget, C::Erc20TxSelector, C::Erc20TxSpender, C::Erc20TxSigner];
    };
}

order!(
    CANON_P2 = [
        Unsupported,
        UnsupportedNetwork,
        Permit2Scheme,
        Permit2Network,
        UnknownNetwork,
        Permit2Format,
        AcceptedMismatch,
        Permit2Spender,
        Permit2Recipient,
        Permit2Amount,
        Permit2Token,
        Permit2Deadline,
        Permit2ValidAfter,
        Permit2Signature,
        Permit2SignatureMalleable
    ] + EXT
);
order!(
    SDK_P2 = [
        Unsupported,
        Permit2Format,
        Permit2Scheme,
        Permit2Network,
        UnknownNetwork,
        Permit2Spender,
        Permit2Recipient,
        Permit2Deadline,
        Permit2ValidAfter,
        Permit2Amount,
        Permit2Token,
        Permit2Signature
    ] + SDK_EXT
);
order!(
    CANON_UPTO = [
        Unsupported,
        UnsupportedNetwork,
        UptoScheme,
        UptoNetwork,
        UnknownNetwork,
        UptoFormat,
        AcceptedMismatch,
        Permit2Spender,
        Permit2Recipient,
        UptoFacilitator,
        Permit2Amount,
        Permit2Token,
        Permit2Deadline,
        Permit2ValidAfter,
        Permit2Signature,
        Permit2SignatureMalleable
    ] + EXT
);
order!(
    SDK_UPTO = [
        Unsupported,
        UptoFormat,
        UptoScheme,
        UptoNetwork,
        UnknownNetwork,
        Permit2Spender,
        Permit2Recipient,
        UptoFacilitator,
        Permit2Deadline,
        Permit2ValidAfter,
        Permit2Amount,
        Permit2Token,
        Permit2Signature
    ] + SDK_EXT
);

impl Mechanism {
    /// This crate's order. Rationale: cheapest and most structural first (what is being paid
    /// for: scheme, network, payload shape, requirements), then who and how much (domain,
    /// recipient, amount, token), then when (time window), and the signature last, because it
    /// is the only check that costs an elliptic-curve operation and because its failure says
    /// least about what is wrong. Within those groups it follows the Python SDK, whose order is
    /// closest (docs/verification.md compares all three).
    #[must_use]
    pub fn canonical_order(self) -> &'static [Check] {
        match self {
            Self::Eip3009 => CANON_3009,
            Self::Permit2 => CANON_P2,
            Self::Upto => CANON_UPTO,
        }
    }

    /// The order `sdk` runs the checks in (protocol.md §4.2–§4.4, §8 #30). Checks an SDK does
    /// not perform are absent.
    #[must_use]
    pub fn sdk_order(self, sdk: Sdk) -> &'static [Check] {
        match (self, sdk) {
            (Self::Eip3009, Sdk::Ts) => TS_3009,
            (Self::Eip3009, Sdk::Go) => GO_3009,
            (Self::Eip3009, Sdk::Py) => PY_3009,
            (Self::Permit2, _) => SDK_P2,
            (Self::Upto, _) => SDK_UPTO,
        }
    }

    /// Stable id.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Eip3009 => "exact-eip3009",
            Self::Permit2 => "exact-permit2",
            Self::Upto => "upto-permit2",
        }
    }
}

/// Extension checks, in the order every SDK runs them (after the signature).
#[must_use]
pub fn extension_checks() -> &'static [Check] {
    EXT
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
        let mut ids: Vec<_> = Check::ALL.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Check::ALL.len());
        for c in Check::ALL {
            assert!(c.code().is_known(), "{c:?}");
            for sdk in Sdk::ALL {
                if let Some(code) = c.sdk_code(sdk) {
                    assert!(ErrorCode::is_known_spelling(code), "{c:?} {sdk:?} {code}");
                    // The SDK spelling denotes the same failure as the canonical code, except
                    // where the canonical code is deliberately broader.
                    let _ = ErrorCode::from_wire(code);
                }
            }
        }
    }

    #[test]
    fn orders_are_permutations_without_duplicates() {
        for m in [Mechanism::Eip3009, Mechanism::Permit2, Mechanism::Upto] {
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
}
