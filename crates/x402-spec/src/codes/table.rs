//! The one table every code, spelling, emitter and category is generated from.

use super::*;

error_codes! {
    // ───────────────────────────── envelope: payload, requirements, version ─────────────────────────────

    /// The `PaymentPayload` object is malformed: it does not decode as a payment payload of its
    /// version. This crate's own decoders report it (`versioned.rs`, `facilitator.rs`). The v2 SDKs never
    /// send the spec spelling (docs/protocol/disagreements.md item 8); Go's core reports the envelope decoding failure per version.
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
    /// verify step 1 docs/protocol/evm.md §4.2, SVM step 1 docs/protocol/svm.md §6.3, upto docs/protocol/evm.md §4.4). Merged across mechanisms (rule M2); the Permit2
    /// path's `unsupported_payload_type` is a separate, overloaded variant
    /// ([`ErrorCode::UnsupportedPayloadType`]).
    UnsupportedScheme: Scheme =
        "unsupported_scheme" [Spec, SpecV1, Ts, Py, LegacyV1] "spec §9: scheme not supported by the facilitator; TS exact SVM verify step 1; Python EVM and SVM (ERR_UNSUPPORTED_SCHEME). Go raises the same string only as a client/server PaymentError (go/client.go, go/server.go), never in a facilitator response"
        | "invalid_exact_evm_scheme" [Ts, Go] "exact EVM EIP-3009 verify step 1 (TS exact/facilitator/eip3009.ts, Go exact/facilitator/eip3009.go)"
        | "invalid_upto_evm_scheme" [Ts, Go, Py] "upto verify step 1 (upto/facilitator/errors.ts, errors.go, Python upto)"
        | "invalid_exact_solana_unsupported_scheme" [Go, GoV1] "Go exact SVM verify step 1 (svm/exact/facilitator/errors.go)"
        | "invalid_exact_svm_unsupported_scheme" [] "@x402/svm 2.27.0 (the Ts emitter of this table is TS 2.10, docs/protocol/codes.md §3.4) exact verify step 1 (dist/esm/chunk-YHVO7YOO.mjs ErrUnsupportedScheme)"
        | "invalid_exact_evm_unsupported_scheme" [GoV1] "Go exact EVM v1 verify (exact/v1/facilitator/errors.go)";

    /// Spec: "specified payment scheme is not supported". The spec lists it next to
    /// `unsupported_scheme` without saying how they differ; we keep it separate because TS upto settle
    /// also uses it as its catch-all fallback for unexpected settle errors (docs/protocol/codes.md §3.3), where it does not
    /// mean a scheme problem (merge rule M5).
    InvalidScheme: Scheme =
        "invalid_scheme" [Spec, SpecV1, Ts, LegacyV1] "spec §9: specified scheme not supported; TS upto settle: fallback for any unexpected error (upto/facilitator)";

    /// The scheme payload is not a type this mechanism handles. Overloaded (merge rule M5): TS and Go exact
    /// Permit2 verify step 1 use it when the scheme is not `exact` (docs/protocol/evm.md §4.3, the docs/protocol/codes.md §3.6 "wrong scheme" row);
    /// TS and Python upto use it when the payload fails the Permit2 structural guard (with `payer: ""`);
    /// Go exact settle uses it when the payload is neither EIP-3009 nor Permit2.
    UnsupportedPayloadType: Scheme =
        "unsupported_payload_type" [Ts, Go, Py] "TS/Go exact Permit2 verify step 1 (wrong scheme); TS/Python upto structural guard; Go exact settle dispatch";

    /// Go `PaymentError` code for a scheme mismatch (client/server side, `go/errors.go`
    /// `ErrCodeSchemeMismatch`). Declared, never raised at the reference commit.
    SchemeMismatch: Scheme =
        "scheme_mismatch" [] "Go PaymentError constant ErrCodeSchemeMismatch (go/errors.go)";

    // ───────────────────────────── envelope: network ─────────────────────────────

    /// `accepted.network` ≠ `requirements.network` (EIP-3009 step 3 docs/protocol/evm.md §4.2, Permit2 step 2 docs/protocol/evm.md §4.3, upto
    /// docs/protocol/evm.md §4.4, SVM step 2 docs/protocol/svm.md §6.3). Not the spec's `invalid_network`, which means "network not supported"
    /// ([`ErrorCode::InvalidNetwork`]). Merged across mechanisms (rule M2); canonical is the
    /// mechanism-neutral spelling.
    NetworkMismatch: Network =
        "network_mismatch" [Ts, Py] "TS exact SVM verify step 2; Python EVM and SVM (ERR_NETWORK_MISMATCH). Go declares the same string as PaymentError ErrCodeNetworkMismatch but never raises it"
        | "invalid_exact_evm_network_mismatch" [Ts, Go, GoV1] "exact EVM verify, EIP-3009 and Permit2 (TS/Go); TS v1 also when the v1 network name has no chain id (getEvmChainIdV1)"
        | "invalid_upto_evm_network_mismatch" [Ts, Go, Py] "upto verify"
        | "invalid_exact_solana_network_mismatch" [Go, GoV1] "Go exact SVM verify step 2"
        | "invalid_exact_svm_network_mismatch" [] "@x402/svm 2.27.0 (the Ts emitter of this table is TS 2.10, docs/protocol/codes.md §3.4) exact verify step 2 (ErrNetworkMismatch)";

    /// The network is not supported (spec §9). The v2 SDKs never emit it (docs/protocol/disagreements.md item 8).
    InvalidNetwork: Network =
        "invalid_network" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9: specified blockchain network is not supported"
        | "unsupported_network" [] "Go PaymentError constant ErrCodeUnsupportedNetwork (go/errors.go); declared, never raised";

    /// No mechanism is registered for the requested (scheme, network) pair. Go only; the TS facilitator
    /// throws a plain `Error("No facilitator registered for scheme: S and network: N")` instead (docs/protocol/codes.md §3.2).
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
    /// step 2 docs/protocol/evm.md §4.2; Go checks it late, Python early, docs/protocol/disagreements.md item 30).
    ExactEvmMissingEip712Domain: Domain =
        "invalid_exact_evm_missing_eip712_domain" [Ts, Go, GoV1] "TS/Go exact EVM verify"
        | "missing_eip712_domain" [Py] "Python exact EVM verify (ERR_MISSING_EIP712_DOMAIN)";

    /// The EIP-3009 `TransferWithAuthorization` signature does not verify for `authorization.from`
    /// (EOA-length signature; step 4 docs/protocol/evm.md §4.2). TS also maps settle reverts matching
    /// `/invalid.*signature|SignerMismatch|InvalidSignatureV|InvalidSignatureS/i` to it.
    ExactEvmSignature: Signature =
        "invalid_exact_evm_payload_signature" [Spec, SpecV1, GoV1, Py, LegacyV1] "v2/v1 spec §9; Go exact v1; Python (ERR_INVALID_SIGNATURE)"
        | "invalid_exact_evm_signature" [Ts, Go] "TS exact/facilitator/errors.ts and Go v2 exact/facilitator/errors.go";

    /// A smart-wallet (longer than 65 bytes) EIP-3009 signature from an address with no code and no
    /// ERC-6492 factory (verify step 4 docs/protocol/evm.md §4.2), or (Go/Python settle) an undeployed ERC-6492 wallet when
    /// deployment is disabled.
    ExactEvmUndeployedSmartWallet: Signature =
        "invalid_exact_evm_payload_undeployed_smart_wallet" [Ts, Go, GoV1, Py, LegacyV1] "all SDKs; legacy v1 enum";

    /// `authorization.to` ≠ `requirements.payTo` (EIP-3009 step 5 docs/protocol/evm.md §4.2; case-insensitive in every SDK).
    ExactEvmRecipientMismatch: Recipient =
        "invalid_exact_evm_payload_recipient_mismatch" [Spec, SpecV1, GoV1, Py, LegacyV1] "v2/v1 spec §9; Go exact v1; Python (ERR_RECIPIENT_MISMATCH)"
        | "invalid_exact_evm_recipient_mismatch" [Ts, Go] "TS and Go v2 exact EVM";

    /// `authorization.validBefore < now + 6` (expired, or too close to expiry; EIP-3009 step 6 docs/protocol/evm.md §4.2).
    /// TS also maps settle reverts `/authorization.*(expired|valid before)/i|AuthorizationExpired` to it.
    ExactEvmAuthorizationExpired: Time =
        "invalid_exact_evm_payload_authorization_valid_before" [Spec, SpecV1, Ts, Go, GoV1, Py, LegacyV1] "spec §9 and every SDK";

    /// `authorization.validAfter > now` (not yet valid; EIP-3009 step 7 docs/protocol/evm.md §4.2). TS also maps settle
    /// reverts `/authorization.*not.*valid|AuthorizationNotYetValid/i` to it.
    ExactEvmAuthorizationNotYetValid: Time =
        "invalid_exact_evm_payload_authorization_valid_after" [Spec, SpecV1, Ts, Go, GoV1, Py, LegacyV1] "spec §9 and every SDK";

    /// `authorization.value` ≠ `requirements.amount` (v2 exact equality; EIP-3009 step 8 docs/protocol/evm.md §4.2; current
    /// v1 SDK mechanisms compare with `maxAmountRequired` the same way). The v1 spec's "insufficient"
    /// code is a different predicate ([`ErrorCode::ExactEvmValueInsufficient`], rule M4).
    ExactEvmValueMismatch: Amount =
        "invalid_exact_evm_payload_authorization_value_mismatch" [Spec, Go, GoV1, Py, LegacyV1] "v2 spec §9; Go v1/v2; Python (ERR_AUTHORIZATION_VALUE_MISMATCH); newer legacy enum"
        | "invalid_exact_evm_authorization_value" [Ts] "TS exact EVM, v1 and v2 (ErrInvalidAuthorizationValue). Go v2 declares the same constant but never raises it";

    /// v1: `authorization.value` is **less than** `maxAmountRequired` (v1 spec §9 "payment amount is
    /// insufficient"; the legacy TS v1 facilitator accepted over-payment, docs/protocol/evm.md §4.6/docs/protocol/disagreements.md item 7). Distinct from
    /// [`ErrorCode::ExactEvmValueMismatch`] (≠) by rule M4.
    ExactEvmValueInsufficient: Amount =
        "invalid_exact_evm_payload_authorization_value" [SpecV1, LegacyV1] "v1 spec §9; legacy v1 enum and facilitator. Go v1 declares it (ErrInvalidAuthorizationValue) but never raises it";

    /// The token does not implement EIP-3009 (`authorizationState` reverted during the simulation
    /// diagnosis, docs/protocol/codes.md §3.3 first diagnostic).
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

    /// The EIP-3009 transfer simulation failed and no diagnosis matched (fallback of docs/protocol/codes.md §3.3's diagnostics).
    ExactEvmSimulationFailed: Simulation =
        "invalid_exact_evm_transaction_simulation_failed" [Ts, Go, Py] "EIP-3009 simulation fallback";

    /// The EIP-3009 payload has an empty `signature` (Go v2 checks it before anything else in the
    /// payload, docs/protocol/evm.md §4.2).
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
    /// diagnostics are one failure (merge rule M2, docs/protocol/codes.md §3.6 "insufficient balance" row).
    InsufficientFunds: Funds =
        "insufficient_funds" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9; never emitted by the v2 SDKs (docs/protocol/disagreements.md item 8). Go declares it as PaymentError ErrCodeInsufficientFunds (not raised)"
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
        | "invalid_exact_solana_verification_failed" [Go, GoV1] "Go exact SVM settle"
        | "invalid_exact_svm_verification_failed" [] "@x402/svm 2.27.0 exact settle (ErrVerificationFailed)";

    /// The settlement transaction failed or was rejected (receipt status ≠ success, or the send itself
    /// failed where the SDK does not distinguish). docs/protocol/disagreements.md item 8 pairs the spec code with the SDK codes;
    /// merged across mechanisms (rule M2).
    TransactionFailed: Settlement =
        "invalid_transaction_state" [Spec, SpecV1, Ts, LegacyV1] "v2/v1 spec §9; TS exact Permit2 and upto settle when the receipt status is not success"
        | "invalid_exact_evm_transaction_failed" [Ts, Go, GoV1] "TS EIP-3009 settle (receipt failed or unmapped revert); Go v2 exact receipt failed (EIP-3009 and Permit2); Go v1: sending the transfer failed"
        | "invalid_exact_evm_transaction_state" [GoV1] "Go exact v1 settle: receipt status not success"
        | "transaction_failed" [Ts, Py] "TS exact SVM settle (any exception while sending/confirming); Python EVM and SVM (ERR_TRANSACTION_FAILED)"
        | "invalid_upto_evm_transaction_failed" [Go, Py] "Go and Python upto settle"
        | "invalid_exact_solana_transaction_failed" [Go, GoV1] "Go exact SVM settle"
        | "invalid_exact_svm_transaction_failed" [] "@x402/svm 2.27.0 exact settle (ErrTransactionFailed; also its terminal answer when a pending settlement cannot be recorded, docs/protocol/deployed.md §2)";

    /// Settle: the transaction was mined, but its logs do not hold the expected `Transfer` event
    /// (from, to, amount of the payment). The funds may have moved otherwise, so this is not
    /// [`ErrorCode::TransactionFailed`].
    TransferEventMismatch: Settlement =
        "invalid_exact_evm_transfer_event_mismatch" [] "@x402/evm 2.27.0 exact and exact v1 settle (ErrTransferEventMismatch); x402 2.25.0 mechanisms/evm/constants.py";

    /// Settle: the Solana transaction confirmed, but the transfer it should hold could not be
    /// confirmed afterwards.
    PostSettlementTransferNotConfirmed: Settlement =
        "post_settlement_transfer_not_confirmed" [] "@x402/svm 2.27.0 exact settle (ErrPostSettlementTransferNotConfirmed)";

    /// Settle: the transaction was broadcast but its confirmation wait failed, so the outcome is
    /// not yet known. Non-terminal: the response carries the broadcast `transaction` (non-empty) and
    /// `network`, and the resource server sends the identical settle request once more so that
    /// the facilitator reconciles against that transaction instead of broadcasting a second one
    /// (docs/protocol/deployed.md §2; [`crate::facilitator::SettleResponse::outcome`]).
    SettlementPending: Settlement =
        "settlement_pending" [] "@x402/core 2.27.0 server (SETTLEMENT_PENDING_REASON, settleWithPendingRetry: one retry when transaction is non-empty); @x402/evm 2.27.0 exact, upto and batch-settlement and @x402/svm 2.27.0 exact and upto settle (ErrSettlementPending, after a failed receipt/confirmation wait); x402 2.25.0 (PyPI) pending_settlement_store.ERR_SETTLEMENT_PENDING and server_base.settle_with_pending_retry";

    /// Settle: the confirmation wait timed out and the facilitator gave up (terminal). The 2.27
    /// packages name it only as the former spelling that [`ErrorCode::SettlementPending`]
    /// replaced on that path; kept so that an older facilitator's answer is still classified.
    SettlementConfirmationTimeout: Settlement =
        "settlement_confirmation_timeout" [] "@x402/svm 2.27.0 upto/facilitator/index.d.ts (ErrSettlementPending doc comment): the former terminal confirm-timeout reason; no 2.27.0 or 2.25.0 emitter";

    /// The same payment was already settled recently (in-memory cache keyed by the transaction,
    /// TTL 120 s; docs/protocol/svm.md §6.4). Defined by the exact SVM scheme spec.
    DuplicateSettlement: Nonce =
        "duplicate_settlement" [Spec, Ts, Go, GoV1, Py, LegacyV1] "scheme_exact_svm.md settlement; TS/Go/Python SVM settle; newer legacy enum";

    /// Unexpected facilitator error during verification (spec §9; not emitted by the v2 SDKs).
    UnexpectedVerifyError: Facilitator =
        "unexpected_verify_error" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9";

    /// Unexpected facilitator error during settlement (spec §9; not emitted by the v2 SDKs).
    UnexpectedSettleError: Facilitator =
        "unexpected_settle_error" [Spec, SpecV1, LegacyV1] "v2/v1 spec §9";

    /// The asset address has no contract code on the chain (an EOA or an undeployed address).
    AssetNotDeployedContract: Domain =
        "asset_not_deployed_contract" [] "@x402/evm 2.27.0 exact and upto verify (ErrAssetNotDeployedContract); x402 2.25.0 mechanisms/evm/constants.py";

    /// An ERC-6492 signature names a deployment factory the facilitator does not allow.
    Eip6492FactoryNotAllowed: Signature =
        "eip6492_factory_not_allowed" [] "@x402/evm 2.27.0 exact and exact v1 verify (ErrFactoryNotAllowed); x402 2.25.0 mechanisms/evm/constants.py";

    /// The payload's echoed extension `info` drops or changes a member the server advertised
    /// (docs/protocol/extensions.md; [`crate::extensions::echo::check_echo`]).
    ExtensionEchoMismatch: Extension =
        "extension_echo_mismatch" [] "@x402/core 2.27.0 server (invalidReason); x402 2.25.0 server_base.ERR_EXTENSION_ECHO_MISMATCH";

    // ───────────────────────────── Permit2 (exact and upto) ─────────────────────────────

    /// `permit2Authorization.spender` is not the expected x402 Permit2 proxy (exact or upto; Permit2
    /// step 3 docs/protocol/evm.md §4.3).
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
    /// it (spec: answer `412 Precondition Failed`; only the TS HTTP server does, docs/protocol/disagreements.md item 9).
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

    /// Settle revert `Permit2612AmountMismatch`: the EIP-2612 permit value ≠ `permitted.amount` (docs/protocol/evm.md §4.3
    /// contract rules, docs/protocol/disagreements.md item 14).
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

    /// `witness.facilitator` is not one of this facilitator's signer addresses (upto verify docs/protocol/evm.md §4.4).
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

    // ───────────────────────────── batch-settlement (EVM) ─────────────────────────────
    // Sources: the spec's Error Codes table (specs/schemes/batch-settlement/scheme_batch_settlement_evm.md,
    // coinbase/x402 c128c55), @x402/evm 2.27.0 src/batch-settlement/errors.ts (dist/esm/chunk-5XX3PMSD.mjs)
    // and x402 2.25.0 (PyPI) mechanisms/evm/batch_settlement/errors.py. The Ts and Py emitters of this
    // table are TS 2.10 / Python 2.8 (docs/protocol/codes.md §3.4), which have no batch-settlement, so
    // only Spec is listed; the notes name the 2.27.0 / 2.25.0 constants. `settlement_pending`, also in
    // the spec's table, is SettlementPending.

    // envelope and payload shape
    /// The scheme of the payment (`accepted.scheme`, and in TS also `requirements.scheme`) is something
    /// other than `batch-settlement`.
    BatchScheme: Scheme =
        "invalid_batch_settlement_evm_scheme" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInvalidScheme); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INVALID_SCHEME)";

    /// The payload's `accepted.network` differs from the `network` of the requirements sent with it to
    /// verify.
    BatchNetworkMismatch: Network =
        "invalid_batch_settlement_evm_network_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrNetworkMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_NETWORK_MISMATCH)";

    /// The scheme payload's `type` (deposit, voucher, claim, settle, refund) is not accepted by the
    /// operation it was sent to, e.g. a claim payload sent to `/verify`.
    BatchPayloadType: Scheme =
        "invalid_batch_settlement_evm_payload_type" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInvalidPayloadType); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INVALID_PAYLOAD_TYPE)";

    /// A settle payload names an action the facilitator does not recognise.
    BatchUnknownSettleAction: Scheme =
        "invalid_batch_settlement_evm_unknown_settle_action" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_UNKNOWN_SETTLE_ACTION, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A `deposit` payload does not have the structure the scheme defines.
    BatchDepositPayload: Format =
        "invalid_batch_settlement_evm_deposit_payload" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_DEPOSIT_PAYLOAD, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A `voucher` payload does not have the structure the scheme defines.
    BatchVoucherPayload: Format =
        "invalid_batch_settlement_evm_voucher_payload" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_VOUCHER_PAYLOAD, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A `claim` payload does not have the structure the scheme defines.
    BatchClaimPayload: Format =
        "invalid_batch_settlement_evm_claim_payload" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CLAIM_PAYLOAD, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A `settle` payload does not have the structure the scheme defines.
    BatchSettlePayload: Format =
        "invalid_batch_settlement_evm_settle_payload" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_SETTLE_PAYLOAD, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A `refund` payload does not have the structure the scheme defines.
    BatchRefundPayload: Format =
        "invalid_batch_settlement_evm_refund_payload" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRefundPayload); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_REFUND_PAYLOAD)";

    /// The requirements do not carry the token's EIP-712 domain (`extra.name` and `extra.version`).
    BatchMissingEip712Domain: Domain =
        "invalid_batch_settlement_evm_missing_eip712_domain" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrMissingEip712Domain); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_MISSING_EIP712_DOMAIN)";

    // channel config
    /// A channel ID is not in canonical `bytes32` form (`0x` followed by 64 hex digits). The spec's
    /// table does not list it.
    BatchChannelIdInvalid: Format =
        "invalid_batch_settlement_evm_channel_id_invalid" [] "not in the spec's Error Codes table; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInvalidChannelId); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INVALID_CHANNEL_ID)";

    /// The claimed channel ID is not the EIP-712 hash of the channel config sent with it.
    BatchChannelIdMismatch: Format =
        "invalid_batch_settlement_evm_channel_id_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrChannelIdMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CHANNEL_ID_MISMATCH)";

    /// The channel ID does not name a channel that holds a positive balance.
    BatchChannelNotFound: Funds =
        "invalid_batch_settlement_evm_channel_not_found" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrChannelNotFound); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CHANNEL_NOT_FOUND)";

    /// The channel config's token is not the `asset` of the payment requirements.
    BatchTokenMismatch: Domain =
        "invalid_batch_settlement_evm_token_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrTokenMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_TOKEN_MISMATCH)";

    /// The channel config's receiver is not the requirements' `payTo`.
    BatchReceiverMismatch: Recipient =
        "invalid_batch_settlement_evm_receiver_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrReceiverMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_RECEIVER_MISMATCH)";

    /// The channel config's receiver authorizer differs from the requirements'
    /// `extra.receiverAuthorizer`.
    BatchReceiverAuthorizerMismatch: Recipient =
        "invalid_batch_settlement_evm_receiver_authorizer_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrReceiverAuthorizerMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_RECEIVER_AUTHORIZER_MISMATCH)";

    /// The address that would authorize a claim or refund is not the channel's expected receiver
    /// authorizer (TS/Python: the facilitator's authorizer key is not the channel's
    /// `receiverAuthorizer`).
    BatchAuthorizerAddressMismatch: Recipient =
        "invalid_batch_settlement_evm_authorizer_address_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrAuthorizerAddressMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_AUTHORIZER_ADDRESS_MISMATCH)";

    /// The channel config's withdraw delay differs from the requirements' `extra.withdrawDelay`.
    BatchWithdrawDelayMismatch: Time =
        "invalid_batch_settlement_evm_withdraw_delay_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrWithdrawDelayMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_WITHDRAW_DELAY_MISMATCH)";

    /// The withdraw delay is shorter than 15 minutes or longer than 30 days.
    BatchWithdrawDelayOutOfRange: Time =
        "invalid_batch_settlement_evm_withdraw_delay_out_of_range" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrWithdrawDelayOutOfRange); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_WITHDRAW_DELAY_OUT_OF_RANGE)";

    // voucher and cumulative amounts
    /// The EIP-712 voucher signature does not recover to the signer the channel expects.
    BatchVoucherSignature: Signature =
        "invalid_batch_settlement_evm_voucher_signature" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInvalidVoucherSignature); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INVALID_VOUCHER_SIGNATURE)";

    /// The voucher's `maxClaimableAmount` is not monotonic against the on-chain `totalClaimed`: a
    /// voucher or deposit must reach at least `totalClaimed + requirements.amount`, a refund must not
    /// go below `totalClaimed`.
    BatchCumulativeBelowClaimed: Amount =
        "invalid_batch_settlement_evm_cumulative_below_claimed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrCumulativeAmountBelowClaimed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CUMULATIVE_AMOUNT_BELOW_CLAIMED)";

    /// The voucher's `maxClaimableAmount` is more than the channel's effective on-chain balance.
    BatchCumulativeExceedsBalance: Amount =
        "invalid_batch_settlement_evm_cumulative_exceeds_balance" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrCumulativeExceedsBalance); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CUMULATIVE_EXCEEDS_BALANCE)";

    // deposit: balance and ERC-3009
    /// The payer's token balance cannot cover the deposit.
    BatchInsufficientBalance: Funds =
        "invalid_batch_settlement_evm_insufficient_balance" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInsufficientBalance); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INSUFFICIENT_BALANCE)";

    /// A deposit that uses the ERC-3009 method carries no `erc3009Authorization`.
    BatchErc3009AuthorizationRequired: Format =
        "invalid_batch_settlement_evm_erc3009_authorization_required" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrErc3009AuthorizationRequired); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC3009_AUTHORIZATION_REQUIRED)";

    /// The ERC-3009 deposit authorization is not valid yet (`validAfter` lies in the future).
    BatchPayloadAuthorizationValidAfter: Time =
        "invalid_batch_settlement_evm_payload_authorization_valid_after" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrValidAfterInFuture); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_VALID_AFTER_IN_FUTURE)";

    /// The ERC-3009 deposit authorization has expired (`validBefore` is already past).
    BatchPayloadAuthorizationValidBefore: Time =
        "invalid_batch_settlement_evm_payload_authorization_valid_before" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrValidBeforeExpired); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_VALID_BEFORE_EXPIRED)";

    /// The deposit's ERC-3009 `receiveWithAuthorization` signature does not verify.
    BatchReceiveAuthorizationSignature: Signature =
        "invalid_batch_settlement_evm_receive_authorization_signature" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrInvalidReceiveAuthorizationSignature); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_INVALID_RECEIVE_AUTHORIZATION_SIGNATURE)";

    /// An ERC-3009 deposit from a counterfactual (ERC-6492) wallet names a deployment factory that is
    /// not on the facilitator's allow-list. The spec's table does not list it.
    BatchEip6492FactoryNotAllowed: Signature =
        "invalid_batch_settlement_evm_eip6492_factory_not_allowed" [] "not in the spec's Error Codes table; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrFactoryNotAllowed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_FACTORY_NOT_ALLOWED)";

    /// Settle: deploying the payer's counterfactual ERC-6492 wallet before the ERC-3009 deposit failed.
    /// The spec's table does not list it.
    BatchSmartWalletDeploymentFailed: Settlement =
        "invalid_batch_settlement_evm_smart_wallet_deployment_failed" [] "not in the spec's Error Codes table; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrSmartWalletDeploymentFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_SMART_WALLET_DEPLOYMENT_FAILED)";

    // deposit: Permit2
    /// A deposit that uses the Permit2 method carries no Permit2 authorization.
    BatchPermit2AuthorizationRequired: Format =
        "invalid_batch_settlement_evm_permit2_authorization_required" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2AuthorizationRequired); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_AUTHORIZATION_REQUIRED)";

    /// The Permit2 deposit authorization names a spender other than the one the scheme expects.
    BatchPermit2InvalidSpender: Recipient =
        "invalid_batch_settlement_evm_permit2_invalid_spender" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2InvalidSpender); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_INVALID_SPENDER)";

    /// The Permit2 authorization's amount is not the deposit amount requested.
    BatchPermit2AmountMismatch: Amount =
        "invalid_batch_settlement_evm_permit2_amount_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2AmountMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_AMOUNT_MISMATCH)";

    /// The Permit2 authorization's deadline has passed.
    BatchPermit2DeadlineExpired: Time =
        "invalid_batch_settlement_evm_permit2_deadline_expired" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2DeadlineExpired); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_DEADLINE_EXPIRED)";

    /// The Permit2 authorization's signature does not verify.
    BatchPermit2InvalidSignature: Signature =
        "invalid_batch_settlement_evm_permit2_invalid_signature" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2InvalidSignature); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_INVALID_SIGNATURE)";

    /// The payer must approve Permit2 before this deposit can go through (no allowance, and no
    /// gas-sponsoring extension supplies one).
    BatchPermit2AllowanceRequired: Allowance =
        "invalid_batch_settlement_evm_permit2_allowance_required" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrPermit2AllowanceRequired); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_PERMIT2_ALLOWANCE_REQUIRED)";

    // deposit: eip2612GasSponsoring. TS 2.27.0 and Python 2.25.0 run the shared extension validator
    // first, so they report format/from/asset/spender/deadline failures with the unprefixed codes of
    // the eip2612GasSponsoring section below; of these prefixed codes they raise only the amount one.
    /// The EIP-2612 permit carried by the `eip2612GasSponsoring` extension is malformed.
    BatchEip2612InvalidFormat: Extension =
        "invalid_batch_settlement_evm_eip2612_invalid_format" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_INVALID_FORMAT, declared, never raised) only, not in @x402/evm 2.27.0";

    /// The EIP-2612 permit's value is not the amount the deposit authorization asks for.
    BatchEip2612AmountMismatch: Extension =
        "invalid_batch_settlement_evm_eip2612_amount_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrEip2612AmountMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_AMOUNT_MISMATCH)";

    /// The EIP-2612 permit's owner is not the payer.
    BatchEip2612OwnerMismatch: Extension =
        "invalid_batch_settlement_evm_eip2612_owner_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrEip2612OwnerMismatch, declared in the source only, not in the published bundle: never raised); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_OWNER_MISMATCH, declared, never raised)";

    /// The EIP-2612 permit is for a token other than the payment asset.
    BatchEip2612AssetMismatch: Extension =
        "invalid_batch_settlement_evm_eip2612_asset_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrEip2612AssetMismatch, declared in the source only, not in the published bundle: never raised); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_ASSET_MISMATCH, declared, never raised)";

    /// The EIP-2612 permit's spender is not the spender the scheme expects.
    BatchEip2612SpenderMismatch: Extension =
        "invalid_batch_settlement_evm_eip2612_spender_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrEip2612SpenderMismatch, declared in the source only, not in the published bundle: never raised); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_SPENDER_MISMATCH, declared, never raised)";

    /// The EIP-2612 permit's deadline has passed.
    BatchEip2612DeadlineExpired: Extension =
        "invalid_batch_settlement_evm_eip2612_deadline_expired" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrEip2612DeadlineExpired, declared in the source only, not in the published bundle: never raised); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_DEADLINE_EXPIRED, declared, never raised)";

    /// The EIP-2612 permit's signature does not verify.
    BatchEip2612InvalidSignature: Extension =
        "invalid_batch_settlement_evm_eip2612_invalid_signature" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_EIP2612_INVALID_SIGNATURE, declared, never raised) only, not in @x402/evm 2.27.0";

    // deposit: erc20ApprovalGasSponsoring. TS 2.27.0 and Python 2.25.0 run the shared extension
    // validator (the unprefixed codes of the erc20ApprovalGasSponsoring section below); of these
    // prefixed codes they raise only the `_unavailable` one.
    /// The deposit relies on ERC-20 approval gas sponsoring, which this facilitator cannot provide.
    BatchErc20ApprovalUnavailable: Extension =
        "invalid_batch_settlement_evm_erc20_approval_unavailable" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrErc20ApprovalUnavailable); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_UNAVAILABLE)";

    /// The ERC-20 approval carried by the `erc20ApprovalGasSponsoring` extension is malformed.
    BatchErc20ApprovalInvalidFormat: Extension =
        "invalid_batch_settlement_evm_erc20_approval_invalid_format" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_INVALID_FORMAT, declared, never raised) only, not in @x402/evm 2.27.0";

    /// The ERC-20 approval is signed by someone other than the payer.
    BatchErc20ApprovalFromMismatch: Extension =
        "invalid_batch_settlement_evm_erc20_approval_from_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_FROM_MISMATCH, declared, never raised) only, not in @x402/evm 2.27.0";

    /// The ERC-20 approval is for a token other than the payment asset.
    BatchErc20ApprovalAssetMismatch: Extension =
        "invalid_batch_settlement_evm_erc20_approval_asset_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_ASSET_MISMATCH, declared, never raised) only, not in @x402/evm 2.27.0";

    /// The ERC-20 approval's spender is not Permit2.
    BatchErc20ApprovalWrongSpender: Extension =
        "invalid_batch_settlement_evm_erc20_approval_wrong_spender" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_WRONG_SPENDER, declared, never raised) only, not in @x402/evm 2.27.0";

    /// Settle: the facilitator could not broadcast the payer's pre-signed ERC-20 approval transaction.
    BatchErc20ApprovalBroadcastFailed: Extension =
        "invalid_batch_settlement_evm_erc20_approval_broadcast_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_ERC20_APPROVAL_BROADCAST_FAILED, declared, never raised) only, not in @x402/evm 2.27.0";

    // simulation and settlement (deposit, claim, settle, refund)
    /// Simulating the deposit transaction failed.
    BatchDepositSimulationFailed: Simulation =
        "invalid_batch_settlement_evm_deposit_simulation_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrDepositSimulationFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_DEPOSIT_SIMULATION_FAILED)";

    /// Simulating the claim transaction failed.
    BatchClaimSimulationFailed: Simulation =
        "invalid_batch_settlement_evm_claim_simulation_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrClaimSimulationFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CLAIM_SIMULATION_FAILED)";

    /// Simulating the settle transaction (moving claimed funds to the receiver) failed.
    BatchSettleSimulationFailed: Simulation =
        "invalid_batch_settlement_evm_settle_simulation_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrSettleSimulationFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_SETTLE_SIMULATION_FAILED)";

    /// Simulating the refund transaction failed.
    BatchRefundSimulationFailed: Simulation =
        "invalid_batch_settlement_evm_refund_simulation_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRefundSimulationFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_REFUND_SIMULATION_FAILED)";

    /// The deposit transaction failed on chain.
    BatchDepositTransactionFailed: Settlement =
        "invalid_batch_settlement_evm_deposit_transaction_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrDepositTransactionFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_DEPOSIT_TRANSACTION_FAILED)";

    /// The claim transaction failed on chain.
    BatchClaimTransactionFailed: Settlement =
        "invalid_batch_settlement_evm_claim_transaction_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrClaimTransactionFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CLAIM_TRANSACTION_FAILED)";

    /// The settle transaction failed on chain.
    BatchSettleTransactionFailed: Settlement =
        "invalid_batch_settlement_evm_settle_transaction_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrSettleTransactionFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_SETTLE_TRANSACTION_FAILED)";

    /// The refund transaction failed on chain.
    BatchRefundTransactionFailed: Settlement =
        "invalid_batch_settlement_evm_refund_transaction_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRefundTransactionFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_REFUND_TRANSACTION_FAILED)";

    /// A transaction the facilitator submitted was mined but reverted.
    BatchTransactionReverted: Settlement =
        "invalid_batch_settlement_evm_transaction_reverted" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_TRANSACTION_REVERTED, declared, never raised) only, not in @x402/evm 2.27.0";

    /// Waiting for the receipt of a submitted transaction failed.
    BatchWaitForReceiptFailed: Settlement =
        "invalid_batch_settlement_evm_wait_for_receipt_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_WAIT_FOR_RECEIPT_FAILED, declared, never raised) only, not in @x402/evm 2.27.0";

    /// The receiver/token pair holds no funds that were claimed but not yet settled.
    BatchNothingToSettle: Funds =
        "invalid_batch_settlement_evm_nothing_to_settle" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrNothingToSettle); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_NOTHING_TO_SETTLE)";

    /// The refund `amount` is not numeric or not greater than zero.
    BatchRefundAmountInvalid: Amount =
        "invalid_batch_settlement_evm_refund_amount_invalid" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRefundAmountInvalid); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_REFUND_AMOUNT_INVALID)";

    /// A cooperative refund was requested, but the channel has no refundable balance left.
    BatchRefundNoBalance: Funds =
        "invalid_batch_settlement_evm_refund_no_balance" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRefundNoBalance); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_REFUND_NO_BALANCE)";

    // facilitator state and reads
    /// The facilitator could not read on-chain data it needs to judge the request.
    BatchRpcReadFailed: Facilitator =
        "invalid_batch_settlement_evm_rpc_read_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrRpcReadFailed); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_RPC_READ_FAILED)";

    /// The facilitator could not read the channel's on-chain state.
    BatchChannelStateReadFailed: Facilitator =
        "invalid_batch_settlement_evm_channel_state_read_failed" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CHANNEL_STATE_READ_FAILED, declared, never raised) only, not in @x402/evm 2.27.0";

    /// A claim or refund comes without the receiver authorizer's signature, and the facilitator has no
    /// authorizer key to supply it. The spec's table does not list it.
    BatchAuthorizerNotConfigured: Facilitator =
        "invalid_batch_settlement_evm_authorizer_not_configured" [] "not in the spec's Error Codes table; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrAuthorizerNotConfigured); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_AUTHORIZER_NOT_CONFIGURED)";

    // resource server (402 `error` / lifecycle hook `reason`)
    /// Resource server: it cannot establish the channel's verification state (its channel storage
    /// failed), so it aborts before verify. The spec's table does not list it.
    BatchVerificationStateUnavailable: Facilitator =
        "invalid_batch_settlement_evm_verification_state_unavailable" [] "not in the spec's Error Codes table; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrVerificationStateUnavailable); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_VERIFICATION_STATE_UNAVAILABLE)";

    /// Resource server: another request currently holds the channel's lock; the client should retry
    /// shortly.
    BatchChannelBusy: Other =
        "invalid_batch_settlement_evm_channel_busy" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrChannelBusy); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CHANNEL_BUSY)";

    /// Resource server: it has no session for the channel ID in the payload.
    BatchMissingChannel: Other =
        "invalid_batch_settlement_evm_missing_channel" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrMissingChannel); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_MISSING_CHANNEL)";

    /// Resource server, corrective 402: the client's cumulative voucher ceiling is not the server's
    /// tracked `chargedCumulativeAmount`; the 402 carries the channel and last voucher state so the
    /// client can resynchronise and retry.
    BatchCumulativeAmountMismatch: Other =
        "invalid_batch_settlement_evm_cumulative_amount_mismatch" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrCumulativeAmountMismatch); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CUMULATIVE_AMOUNT_MISMATCH)";

    /// Resource server: committing this charge would go beyond the voucher's signed
    /// `maxClaimableAmount`.
    BatchChargeExceedsSignedCumulative: Amount =
        "invalid_batch_settlement_evm_charge_exceeds_signed_cumulative" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrChargeExceedsSignedCumulative); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_CHARGE_EXCEEDS_SIGNED_CUMULATIVE)";

    /// Resource server: the deposit is smaller than its local `extra.minDeposit` policy.
    BatchDepositBelowMinDeposit: Other =
        "invalid_batch_settlement_evm_deposit_below_min_deposit" [Spec] "spec scheme_batch_settlement_evm.md §Error Codes; @x402/evm 2.27.0 batch-settlement/errors.ts (ErrDepositBelowMinDeposit); x402 2.25.0 mechanisms/evm/batch_settlement/errors.py (ERR_DEPOSIT_BELOW_MIN_DEPOSIT)";

    // ───────────────────────────── eip2612GasSponsoring extension ─────────────────────────────

    /// `extensions.eip2612GasSponsoring.info` does not match the format regexes (docs/protocol/wire.md §1.13, docs/protocol/evm.md §4.5).
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

    /// `extensions.erc20ApprovalGasSponsoring.info` has the wrong format (first check, docs/protocol/evm.md §4.5).
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
    /// `erc20_approval_broadcast_failed` (docs/protocol/codes.md §3.5): same failure, aliases.
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

    /// `requirements.extra.feePayer` is absent or not a string (SVM step 3 docs/protocol/svm.md §6.3).
    ExactSvmMissingFeePayer: Format =
        "invalid_exact_svm_payload_missing_fee_payer" [Ts, Py] "TS/Python exact SVM verify step 3"
        | "invalid_exact_solana_payload_missing_fee_payer" [Go, GoV1] "Go exact SVM verify";

    /// `extra.feePayer` is not one of the facilitator's signer addresses (SVM step 4).
    ExactSvmFeePayerNotManaged: Facilitator =
        "fee_payer_not_managed_by_facilitator" [Ts, Py] "TS/Python exact SVM verify step 4"
        | "invalid_exact_solana_fee_payer_not_managed_by_facilitator" [Go, GoV1] "Go exact SVM verify"
        | "invalid_exact_svm_fee_payer_not_managed_by_facilitator" [] "@x402/svm 2.27.0 (the Ts emitter of this table is TS 2.10, docs/protocol/codes.md §3.4) exact verify (ErrFeePayerNotManaged)";

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

    /// The transfer amount is **less than** `requirements.amount` (Go/Python accept over-payment, docs/protocol/disagreements.md item 7).
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
        | "invalid_exact_svm_payload_transaction_simulation_failed" [LegacyV1] "legacy v1 SVM verify"
        | "invalid_exact_svm_transaction_simulation_failed" [] "@x402/svm 2.27.0 (the Ts emitter of this table is TS 2.10, docs/protocol/codes.md §3.4) exact verify (ErrTransactionSimulationFailed)";

    /// Go: the fee payer address cannot be parsed.
    ExactSvmInvalidFeePayer: Facilitator =
        "invalid_exact_solana_invalid_fee_payer" [Go, GoV1] "Go exact SVM verify/settle";

    /// Go: the facilitator failed to sign the transaction as fee payer.
    ExactSvmSigningFailed: Facilitator =
        "invalid_exact_solana_transaction_signing_failed" [Go, GoV1] "Go exact SVM verify";

    /// Go settle: the transaction's account key 0 ≠ `extra.feePayer` (docs/protocol/svm.md §6.4).
    ExactSvmFeePayerMismatch: Facilitator =
        "invalid_exact_solana_fee_payer_mismatch" [Go, GoV1] "Go exact SVM settle"
        | "invalid_exact_svm_fee_payer_mismatch" [] "@x402/svm 2.27.0 (the Ts emitter of this table is TS 2.10, docs/protocol/codes.md §3.4) exact verify: static account 0 is not extra.feePayer (verifyRequiredSignatures)";

    /// Go settle: the transaction was not confirmed (error status, or 30 attempts exhausted; docs/protocol/svm.md §6.4).
    ExactSvmConfirmationFailed: Settlement =
        "invalid_exact_solana_transaction_confirmation_failed" [Go, GoV1] "Go exact SVM settle";

    /// Go v1: `requirements.extra` cannot be decoded for SVM.
    ExactSvmExtraField: Format =
        "invalid_exact_solana_extra_field" [GoV1] "Go exact SVM v1 verify";

    // ───────────────────── exact SVM: codes new in @x402/svm 2.27.0 ─────────────────────
    // Source: @x402/svm 2.27.0 dist/esm/chunk-YHVO7YOO.mjs (the Err* constants) and
    // dist/esm/exact/facilitator/index.mjs (where each is raised).

    /// A required signer other than the fee payer has no valid ed25519 signature over the message
    /// (2.27.0 `verifyRequiredSignatures`, before any instruction is read).
    ExactSvmSignatureInvalid: Signature =
        "invalid_exact_svm_payload_signature_invalid" [Ts] "@x402/svm 2.27.0 exact verify (ErrSignatureInvalid)";

    /// The message requires more signers than allowed (2.27.0: only with the `maxRequiredSignatures`
    /// option; this crate: any signer besides the fee payer and the transfer authority).
    ExactSvmExcessiveSigners: Format =
        "invalid_exact_svm_payload_excessive_signers" [Ts] "@x402/svm 2.27.0 exact verify (ErrExcessiveSigners, option maxRequiredSignatures)";

    /// Instruction 6 (the seventh) is neither Lighthouse nor Memo (2.27.0 accepts up to 7 instructions).
    ExactSvmUnknownSeventhInstruction: Format =
        "invalid_exact_svm_payload_unknown_seventh_instruction" [Ts] "@x402/svm 2.27.0 exact verify (ErrUnknownSeventhInstruction)";

    /// The compute-unit limit exceeds the facilitator's cap (2.27.0: only with the `maxComputeUnits` option).
    ExactSvmComputeLimitTooHigh: Format =
        "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high" [Ts] "@x402/svm 2.27.0 exact verify (ErrComputeLimitInstructionTooHigh)";

    /// The v0 message loads accounts from address-lookup tables and the verifier cannot resolve
    /// them (2.27.0: the signer has no `fetchAddressLookupTables`; this crate: an instruction of the
    /// payment layout uses a looked-up account, which no offline rule can judge).
    ExactSvmAltResolutionUnavailable: Format =
        "invalid_exact_svm_smart_wallet_alt_resolution_not_available" [Ts] "@x402/svm 2.27.0 exact verify (ErrSmartWalletAltResolutionUnavailable)";

    /// Fetching the lookup tables failed (2.27.0 `fetchAddressLookupTables` threw; this crate: the
    /// lookup-table obligation's answer is missing a table or an entry).
    ExactSvmAltResolutionFailed: Format =
        "invalid_exact_svm_smart_wallet_alt_resolution_failed" [Ts] "@x402/svm 2.27.0 exact verify (ErrSmartWalletAltResolutionFailed)";

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
    /// docs/protocol/svm.md §6.3).
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

    /// Go resource server: the `Settlement-Overrides` amount is invalid (docs/protocol/evm.md §4.4).
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
