use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;

/// Every code string of docs/protocol/codes.md §3.1–§3.6 (Go's `_…` suffixes expanded with their
/// `invalid_exact_solana` prefix), plus the SVM step codes of docs/protocol/svm.md §6.3/§6.4 and the legacy v1 enum
/// entries that docs/protocol/codes.md §3.1 summarises.
const REFERENCE_CODES: &[&str] = &[
    // docs/protocol/codes.md §3.1 spec (v2 §9, v1 §9, scheme specs)
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
    // docs/protocol/codes.md §3.1 legacy v1 enum
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
    // docs/protocol/codes.md §3.2 TS core
    "before_verify_hook_error",
    "before_settle_hook_error",
    "permit2_allowance_required",
    "missing_scheme",
    "missing_facilitator",
    // docs/protocol/codes.md §3.3 TS EVM: EIP-3009 verify, diagnostics, settle
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
    // docs/protocol/codes.md §3.3 Permit2
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
    // docs/protocol/codes.md §3.3 extensions
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
    // docs/protocol/codes.md §3.3 upto
    "invalid_upto_evm_scheme",
    "invalid_upto_evm_network_mismatch",
    "upto_facilitator_mismatch",
    // docs/protocol/codes.md §3.4 TS SVM
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
    // docs/protocol/codes.md §3.4, @x402/svm 2.27.0 (renamed and new exact SVM codes)
    "invalid_exact_svm_unsupported_scheme",
    "invalid_exact_svm_network_mismatch",
    "invalid_exact_svm_fee_payer_not_managed_by_facilitator",
    "invalid_exact_svm_transaction_simulation_failed",
    "invalid_exact_svm_fee_payer_mismatch",
    "invalid_exact_svm_payload_signature_invalid",
    "invalid_exact_svm_payload_excessive_signers",
    "invalid_exact_svm_payload_unknown_seventh_instruction",
    "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
    "invalid_exact_svm_smart_wallet_alt_resolution_not_available",
    "invalid_exact_svm_smart_wallet_alt_resolution_failed",
    "transaction_simulation_failed",
    "verification_failed",
    "transaction_failed",
    // docs/protocol/codes.md §3.5 Go core and PaymentError
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
    // docs/protocol/codes.md §3.5 Go EVM exact v2
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
    // docs/protocol/codes.md §3.5 Go EVM exact v1
    "invalid_exact_evm_unsupported_scheme",
    "invalid_exact_evm_extra_field",
    "invalid_exact_evm_insufficient_funds",
    "invalid_exact_evm_transaction_state",
    // docs/protocol/codes.md §3.5 Go upto
    "invalid_upto_evm_payload",
    "invalid_upto_evm_verification_failed",
    "invalid_upto_evm_failed_to_get_network_config",
    "invalid_upto_evm_failed_to_get_receipt",
    "invalid_upto_evm_transaction_failed",
    "invalid_upto_evm_signature_format",
    "invalid_upto_evm_required_amount",
    // docs/protocol/codes.md §3.5 Go SVM
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
    // docs/protocol/codes.md §3.6 Python
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
    // docs/protocol/codes.md §3.8 (the deployed 2.27.0 / 2.25.0 packages)
    "settlement_pending",
    "settlement_confirmation_timeout",
    "invalid_exact_svm_transaction_failed",
    "invalid_exact_svm_verification_failed",
    "invalid_exact_evm_transfer_event_mismatch",
    "post_settlement_transfer_not_confirmed",
    "asset_not_deployed_contract",
    "eip6492_factory_not_allowed",
    "extension_echo_mismatch",
    // docs/protocol/codes.md §3.8 batch-settlement on EVM (the scheme spec's Error Codes table,
    // @x402/evm 2.27.0, x402 2.25.0)
    "invalid_batch_settlement_evm_scheme",
    "invalid_batch_settlement_evm_network_mismatch",
    "invalid_batch_settlement_evm_payload_type",
    "invalid_batch_settlement_evm_unknown_settle_action",
    "invalid_batch_settlement_evm_deposit_payload",
    "invalid_batch_settlement_evm_voucher_payload",
    "invalid_batch_settlement_evm_claim_payload",
    "invalid_batch_settlement_evm_settle_payload",
    "invalid_batch_settlement_evm_refund_payload",
    "invalid_batch_settlement_evm_missing_eip712_domain",
    "invalid_batch_settlement_evm_channel_id_invalid",
    "invalid_batch_settlement_evm_channel_id_mismatch",
    "invalid_batch_settlement_evm_channel_not_found",
    "invalid_batch_settlement_evm_token_mismatch",
    "invalid_batch_settlement_evm_receiver_mismatch",
    "invalid_batch_settlement_evm_receiver_authorizer_mismatch",
    "invalid_batch_settlement_evm_authorizer_address_mismatch",
    "invalid_batch_settlement_evm_withdraw_delay_mismatch",
    "invalid_batch_settlement_evm_withdraw_delay_out_of_range",
    "invalid_batch_settlement_evm_voucher_signature",
    "invalid_batch_settlement_evm_cumulative_below_claimed",
    "invalid_batch_settlement_evm_cumulative_exceeds_balance",
    "invalid_batch_settlement_evm_insufficient_balance",
    "invalid_batch_settlement_evm_erc3009_authorization_required",
    "invalid_batch_settlement_evm_payload_authorization_valid_after",
    "invalid_batch_settlement_evm_payload_authorization_valid_before",
    "invalid_batch_settlement_evm_receive_authorization_signature",
    "invalid_batch_settlement_evm_eip6492_factory_not_allowed",
    "invalid_batch_settlement_evm_smart_wallet_deployment_failed",
    "invalid_batch_settlement_evm_permit2_authorization_required",
    "invalid_batch_settlement_evm_permit2_invalid_spender",
    "invalid_batch_settlement_evm_permit2_amount_mismatch",
    "invalid_batch_settlement_evm_permit2_deadline_expired",
    "invalid_batch_settlement_evm_permit2_invalid_signature",
    "invalid_batch_settlement_evm_permit2_allowance_required",
    "invalid_batch_settlement_evm_eip2612_invalid_format",
    "invalid_batch_settlement_evm_eip2612_amount_mismatch",
    "invalid_batch_settlement_evm_eip2612_owner_mismatch",
    "invalid_batch_settlement_evm_eip2612_asset_mismatch",
    "invalid_batch_settlement_evm_eip2612_spender_mismatch",
    "invalid_batch_settlement_evm_eip2612_deadline_expired",
    "invalid_batch_settlement_evm_eip2612_invalid_signature",
    "invalid_batch_settlement_evm_erc20_approval_unavailable",
    "invalid_batch_settlement_evm_erc20_approval_invalid_format",
    "invalid_batch_settlement_evm_erc20_approval_from_mismatch",
    "invalid_batch_settlement_evm_erc20_approval_asset_mismatch",
    "invalid_batch_settlement_evm_erc20_approval_wrong_spender",
    "invalid_batch_settlement_evm_erc20_approval_broadcast_failed",
    "invalid_batch_settlement_evm_deposit_simulation_failed",
    "invalid_batch_settlement_evm_claim_simulation_failed",
    "invalid_batch_settlement_evm_settle_simulation_failed",
    "invalid_batch_settlement_evm_refund_simulation_failed",
    "invalid_batch_settlement_evm_deposit_transaction_failed",
    "invalid_batch_settlement_evm_claim_transaction_failed",
    "invalid_batch_settlement_evm_settle_transaction_failed",
    "invalid_batch_settlement_evm_refund_transaction_failed",
    "invalid_batch_settlement_evm_transaction_reverted",
    "invalid_batch_settlement_evm_wait_for_receipt_failed",
    "invalid_batch_settlement_evm_nothing_to_settle",
    "invalid_batch_settlement_evm_refund_amount_invalid",
    "invalid_batch_settlement_evm_refund_no_balance",
    "invalid_batch_settlement_evm_rpc_read_failed",
    "invalid_batch_settlement_evm_channel_state_read_failed",
    "invalid_batch_settlement_evm_authorizer_not_configured",
    "invalid_batch_settlement_evm_verification_state_unavailable",
    "invalid_batch_settlement_evm_channel_busy",
    "invalid_batch_settlement_evm_missing_channel",
    "invalid_batch_settlement_evm_cumulative_amount_mismatch",
    "invalid_batch_settlement_evm_charge_exceeds_signed_cumulative",
    "invalid_batch_settlement_evm_deposit_below_min_deposit",
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
        "codes from docs/protocol/codes.md §3 not recognised: {unknown:?}"
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
        "table spellings not in docs/protocol/codes.md §3: {missing_from_reference:?}"
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

/// Asserts one cell of the docs/protocol/codes.md §3.6 table: `who` uses exactly `expected` across `variants`, and each
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
    // docs/protocol/disagreements.md item 8: TS Permit2 `invalid_transaction_state` vs TS EIP-3009 / Go `invalid_exact_evm_transaction_failed`.
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
