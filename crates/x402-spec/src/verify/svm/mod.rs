//! The Solana family: `exact` on `solana:*` (v2) and on the v1 names `solana` / `solana-devnet`.
//!
//! Input: the payload's base64 transaction, the requirements and the facilitator's fee payers
//! ([`Policy::svm_fee_payers`]). The transaction is decoded offline ([`crate::svm::message`]) and
//! judged by the rules of [`SvmCheck`] (`specs/schemes/exact/scheme_exact_svm.md` §Facilitator
//! Verification Rules (MUST), and the static path of the @x402/svm 2.27.0 facilitator,
//! `@x402/svm 2.27.0 dist/esm/exact/facilitator/index.mjs` `_verify` / `verifyStaticPath`, for the
//! reference behaviour and codes). An accepted payment is an [`SvmPayment`]: the payer (the
//! transfer authority), the decoded transfer, the derived destination, and the
//! [`SvmOnchainCheck`]s still owed.
//!
//! Address-lookup tables: the 2.27.0 facilitator resolves them through its signer. Here a v0
//! message whose **instructions** use a looked-up account is refused
//! ([`SvmCheck::LookupTable`]): no offline rule could say who is paid or who signs. A v0 message
//! that names tables but uses none of their entries is accepted with a
//! [`SvmOnchainCheckKind::LookupTables`] obligation (the tables must exist, as 2.27.0 requires
//! when it fetches them).

pub mod onchain;

use alloy_primitives::U256;

pub use onchain::{SvmExpectation, SvmOnchainCheck, SvmOnchainCheckKind, SvmRpcRequest};

use super::checks::{Check, CommonCheck, Orders, checks};
use super::report::Report;
use super::route::unsupported;
use super::{AmountRule, Mechanism, Policy, Rejection};
use crate::assets::solana::{
    COMPUTE_BUDGET_PROGRAM_ID, LIGHTHOUSE_PROGRAM_ID, MEMO_PROGRAM_ID, TOKEN_2022_PROGRAM_ID,
    TOKEN_PROGRAM_ID, USDC_DECIMALS, USDC_DEVNET_ID, USDC_MAINNET_ID,
};
use crate::codes::ErrorCode;
use crate::common::Scheme;
use crate::extra::SvmExtra;
use crate::primitives::{Address, SolanaAddress, SolanaCluster, v1_network};
use crate::schemes::ExactSvmPayload;
use crate::svm::instructions::{
    self as ix, MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS, MAX_INSTRUCTIONS, MIN_INSTRUCTIONS,
};
use crate::svm::{
    CompiledInstruction, Message, MessageVersion, Transaction, associated_token_address,
};
use crate::wire::JsonObject;
use crate::{v1, v2};

checks! {
    /// The rules of `exact` on Solana. Clauses: `scheme_exact_svm.md` §Facilitator Verification
    /// Rules (MUST) items 1–6; TS spellings are those of @x402/svm 2.27.0.
    pub enum SvmCheck {
        /// `accepted.scheme` (v1: `scheme`) and `requirements.scheme` must both be `exact`.
        Scheme "svm/scheme" => UnsupportedScheme,
            ts s("invalid_exact_svm_unsupported_scheme"), go s("invalid_exact_solana_unsupported_scheme"), py s("unsupported_scheme");
        /// `accepted.network` (v1: `network`) must equal `requirements.network`.
        Network "svm/network" => NetworkMismatch,
            ts s("invalid_exact_svm_network_mismatch"), go s("invalid_exact_solana_network_mismatch"), py s("network_mismatch");
        /// The network must be one of the three Solana clusters (docs/protocol/networks.md §5.1).
        Cluster "svm/cluster" => InvalidNetwork, ts None, go None, py None;
        /// `extra.feePayer` must be present (a base58 public key).
        FeePayerMissing "svm/fee-payer-missing" => ExactSvmMissingFeePayer,
            ts s("invalid_exact_svm_payload_missing_fee_payer"), go s("invalid_exact_solana_payload_missing_fee_payer"), py s("invalid_exact_svm_payload_missing_fee_payer");
        /// `extra.feePayer` must be one of this facilitator's fee payers (item 2).
        FeePayerNotManaged "svm/fee-payer-not-managed" => ExactSvmFeePayerNotManaged,
            ts s("invalid_exact_svm_fee_payer_not_managed_by_facilitator"), go s("invalid_exact_solana_fee_payer_not_managed_by_facilitator"), py s("fee_payer_not_managed_by_facilitator");
        /// `payload.transaction` must be standard base64 of a versioned transaction that decodes.
        Decode "svm/decode" => ExactSvmTransactionUndecodable,
            ts s("invalid_exact_svm_payload_transaction_could_not_be_decoded"), go s("invalid_exact_solana_payload_transaction_could_not_be_decoded"), py s("invalid_exact_svm_payload_transaction_could_not_be_decoded");
        /// Static account 0 (the fee payer, signature slot 0) must be `extra.feePayer`.
        FeePayerSlot "svm/fee-payer-slot" => ExactSvmFeePayerMismatch,
            ts s("invalid_exact_svm_fee_payer_mismatch"), go None, py None;
        /// No required signer other than the fee payer and the transfer authority (item 2). 2.27.0
        /// caps the count only with its `maxRequiredSignatures` option.
        Signers "svm/signers" => ExactSvmExcessiveSigners, ts None, go None, py None;
        /// No instruction may use an account loaded from an address-lookup table (see the module docs).
        LookupTable "svm/lookup-table" => ExactSvmAltResolutionUnavailable,
            ts s("invalid_exact_svm_smart_wallet_alt_resolution_not_available"), go None, py None;
        /// 3 to 7 top-level instructions (item 1; Go and Python 2.x allow 6).
        InstructionCount "svm/instruction-count" => ExactSvmInstructionsLength,
            ts s("invalid_exact_svm_payload_transaction_instructions_length"), go s("invalid_exact_solana_payload_transaction_instructions_length"), py s("invalid_exact_svm_payload_transaction_instructions_length");
        /// Instruction 0 is Compute Budget `SetComputeUnitLimit` (discriminator 2, 5 bytes) (item 3).
        ComputeLimit "svm/compute-limit" => ExactSvmComputeLimitInstruction,
            ts s("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction"), go s("invalid_exact_solana_payload_transaction_instructions_compute_limit_instruction"), py s("invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction");
        /// Instruction 1 is Compute Budget `SetComputeUnitPrice` (discriminator 3, 9 bytes) (item 3).
        ComputePrice "svm/compute-price" => ExactSvmComputePriceInstruction,
            ts s("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction"), go s("invalid_exact_solana_payload_transaction_instructions_compute_price_instruction"), py s("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction");
        /// The unit price is at most 5 000 000 micro-lamports (item 3; 2.27.0
        /// `MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS`).
        ComputePriceCap "svm/compute-price-cap" => ExactSvmComputePriceTooHigh,
            ts s("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high"), go s("invalid_exact_solana_payload_transaction_instructions_compute_price_instruction_too_high"), py s("invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high");
        /// Instruction 2 is a `TransferChecked` (10 bytes, at least 4 accounts) of SPL Token or
        /// Token-2022 (items 1 and 4).
        Transfer "svm/transfer" => ExactSvmNoTransferInstruction,
            ts s("invalid_exact_svm_payload_no_transfer_instruction"), go s("invalid_exact_solana_payload_no_transfer_instruction"), py s("invalid_exact_svm_payload_no_transfer_instruction");
        /// The transfer authority is none of the facilitator's fee payers (item 2).
        FeePayerAuthority "svm/fee-payer-authority" => ExactSvmFeePayerTransferringFunds,
            ts s("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds"), go s("invalid_exact_solana_payload_transaction_fee_payer_transferring_funds"), py s("invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
        /// The fee payer is in no instruction's accounts (so it is never source, destination,
        /// delegate or debited beyond the fee) (item 2). No v2 SDK checks it.
        FeePayerIsolation "svm/fee-payer-isolation" => ExactSvmFeePayerInInstructionAccounts, ts None, go None, py None;
        /// The transfer's mint is `requirements.asset` (item 4).
        Mint "svm/mint" => ExactSvmMintMismatch,
            ts s("invalid_exact_svm_payload_mint_mismatch"), go s("invalid_exact_solana_payload_mint_mismatch"), py s("invalid_exact_svm_payload_mint_mismatch");
        /// The destination is the associated token account of (`payTo`, `asset`) under the
        /// transfer's token program (item 4).
        Destination "svm/destination" => ExactSvmRecipientMismatch,
            ts s("invalid_exact_svm_payload_recipient_mismatch"), go s("invalid_exact_solana_payload_recipient_mismatch"), py s("invalid_exact_svm_payload_recipient_mismatch");
        /// The amount equals `requirements.amount` (item 6; 2.27.0 compares with `!==`). Go and
        /// Python refuse only less (their spelling is for an under-payment).
        Amount "svm/amount" => ExactSvmAmountMismatch,
            ts s("invalid_exact_svm_payload_amount_mismatch"), go s("invalid_exact_solana_payload_amount_insufficient"), py s("invalid_exact_svm_payload_amount_insufficient");
        /// For a mint whose decimals this crate knows (USDC), the transfer's decimals match. The
        /// SDKs leave it to the simulation (the token program fails the transfer).
        Decimals "svm/decimals" => ExactSvmSimulationFailed, ts None, go None, py None;
        /// Instruction 3 is Lighthouse or Memo (item 1).
        FourthInstruction "svm/fourth-instruction" => ExactSvmUnknownFourthInstruction,
            ts s("invalid_exact_svm_payload_unknown_fourth_instruction"), go s("invalid_exact_solana_payload_unknown_fourth_instruction"), py s("invalid_exact_svm_payload_unknown_fourth_instruction");
        /// Instruction 4 is Lighthouse or Memo (item 1).
        FifthInstruction "svm/fifth-instruction" => ExactSvmUnknownFifthInstruction,
            ts s("invalid_exact_svm_payload_unknown_fifth_instruction"), go s("invalid_exact_solana_payload_unknown_fifth_instruction"), py s("invalid_exact_svm_payload_unknown_fifth_instruction");
        /// Instruction 5 is Lighthouse or Memo (item 1).
        SixthInstruction "svm/sixth-instruction" => ExactSvmUnknownSixthInstruction,
            ts s("invalid_exact_svm_payload_unknown_sixth_instruction"), go s("invalid_exact_solana_payload_unknown_sixth_instruction"), py s("invalid_exact_svm_payload_unknown_sixth_instruction");
        /// Instruction 6 is Lighthouse or Memo (item 1; 2.27.0 only, the others allow 6 instructions).
        SeventhInstruction "svm/seventh-instruction" => ExactSvmUnknownSeventhInstruction,
            ts s("invalid_exact_svm_payload_unknown_seventh_instruction"), go None, py None;
        /// With `extra.memo` set, exactly one Memo instruction among the optional ones (item 1).
        MemoCount "svm/memo-count" => ExactSvmMemoCount,
            ts s("invalid_exact_svm_payload_memo_count"), go s("invalid_exact_solana_payload_memo_count"), py s("invalid_exact_svm_payload_memo_count");
        /// That Memo's data is the UTF-8 of `extra.memo` (item 1).
        Memo "svm/memo" => ExactSvmMemoMismatch,
            ts s("invalid_exact_svm_payload_memo_mismatch"), go s("invalid_exact_solana_payload_memo_mismatch"), py s("invalid_exact_svm_payload_memo_mismatch");
        /// Every required signer but the fee payer has a valid ed25519 signature over the message
        /// bytes (RFC 8032, strict: canonical `s`, no small-order keys).
        Signature "svm/signature" => ExactSvmSignatureInvalid,
            ts s("invalid_exact_svm_payload_signature_invalid"), go None, py None;
    }
}

use Check::{Common as C, Svm as S};
use SvmCheck as R;

/// This crate's order: envelope, fee payer, decoding, signer set, layout, transfer, isolation,
/// what is paid, optional instructions, memo, then the signature (the only curve operation).
const CANONICAL: &[Check] = &[
    C(CommonCheck::Unsupported),
    C(CommonCheck::UnsupportedNetwork),
    S(R::Scheme),
    S(R::Network),
    S(R::Cluster),
    C(CommonCheck::AcceptedMismatch),
    S(R::FeePayerMissing),
    S(R::FeePayerNotManaged),
    S(R::Decode),
    S(R::FeePayerSlot),
    S(R::LookupTable),
    S(R::InstructionCount),
    S(R::ComputeLimit),
    S(R::ComputePrice),
    S(R::ComputePriceCap),
    S(R::Transfer),
    S(R::FeePayerAuthority),
    S(R::FeePayerIsolation),
    S(R::Signers),
    S(R::Mint),
    S(R::Destination),
    S(R::Amount),
    S(R::Decimals),
    S(R::FourthInstruction),
    S(R::FifthInstruction),
    S(R::SixthInstruction),
    S(R::SeventhInstruction),
    S(R::MemoCount),
    S(R::Memo),
    S(R::Signature),
];
/// @x402/svm 2.27.0 `_verify` then `verifyStaticPath`.
const TS: &[Check] = &[
    C(CommonCheck::Unsupported),
    S(R::Scheme),
    S(R::Network),
    S(R::FeePayerMissing),
    S(R::FeePayerNotManaged),
    S(R::Decode),
    S(R::FeePayerSlot),
    S(R::Signature),
    S(R::LookupTable),
    S(R::InstructionCount),
    S(R::ComputeLimit),
    S(R::ComputePrice),
    S(R::ComputePriceCap),
    S(R::Transfer),
    S(R::FeePayerAuthority),
    S(R::Mint),
    S(R::Destination),
    S(R::Amount),
    S(R::FourthInstruction),
    S(R::FifthInstruction),
    S(R::SixthInstruction),
    S(R::SeventhInstruction),
    S(R::MemoCount),
    S(R::Memo),
];
/// Go `exact/facilitator/scheme.go#Verify` (docs/protocol/svm.md §6.3).
const GO: &[Check] = &[
    C(CommonCheck::Unsupported),
    S(R::Scheme),
    S(R::Network),
    S(R::FeePayerMissing),
    S(R::FeePayerNotManaged),
    S(R::Decode),
    S(R::InstructionCount),
    S(R::ComputeLimit),
    S(R::ComputePrice),
    S(R::ComputePriceCap),
    S(R::Transfer),
    S(R::FeePayerAuthority),
    S(R::Mint),
    S(R::Destination),
    S(R::Amount),
    S(R::FourthInstruction),
    S(R::FifthInstruction),
    S(R::SixthInstruction),
    S(R::MemoCount),
    S(R::Memo),
];
/// Python `exact/facilitator.py#verify`: optional instructions and memo before the transfer
/// (docs/protocol/svm.md §6.3).
const PY: &[Check] = &[
    C(CommonCheck::Unsupported),
    S(R::Scheme),
    S(R::Network),
    S(R::FeePayerMissing),
    S(R::FeePayerNotManaged),
    S(R::Decode),
    S(R::InstructionCount),
    S(R::ComputeLimit),
    S(R::ComputePrice),
    S(R::ComputePriceCap),
    S(R::FourthInstruction),
    S(R::FifthInstruction),
    S(R::SixthInstruction),
    S(R::MemoCount),
    S(R::Memo),
    S(R::Transfer),
    S(R::FeePayerAuthority),
    S(R::Mint),
    S(R::Destination),
    S(R::Amount),
];

/// The check orders of `exact` on Solana.
pub(crate) const ORDERS: Orders = Orders {
    canonical: CANONICAL,
    ts: TS,
    go: GO,
    py: PY,
};

/// A Solana payment that passed every offline rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SvmPayment {
    /// The payer: the transfer authority (the client's signing key).
    pub payer: SolanaAddress,
    /// Always [`Mechanism::ExactSvm`].
    pub mechanism: Mechanism,
    /// The cluster.
    pub cluster: SolanaCluster,
    /// Legacy or v0.
    pub version: MessageVersion,
    /// The fee payer (`extra.feePayer`, static account 0).
    pub fee_payer: SolanaAddress,
    /// SPL Token or Token-2022.
    pub token_program: SolanaAddress,
    /// The mint (`asset`).
    pub mint: SolanaAddress,
    /// The payer's token account.
    pub source: SolanaAddress,
    /// `payTo`.
    pub pay_to: SolanaAddress,
    /// The destination: the associated token account of (`payTo`, `asset`).
    pub destination: SolanaAddress,
    /// Its bump.
    pub destination_bump: u8,
    /// Atomic units transferred.
    pub amount: u64,
    /// The decimals the transfer asserts.
    pub decimals: u8,
    /// Compute-unit limit.
    pub compute_unit_limit: u32,
    /// Compute-unit price (micro-lamports).
    pub compute_unit_price: u64,
    /// The decoded transaction (fee-payer slot as received).
    pub transaction: Transaction,
    /// What the facilitator must still ask the chain, in this order.
    pub onchain: Vec<SvmOnchainCheck>,
}

/// Lamports per signature (the runtime's base fee).
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

impl SvmPayment {
    /// The most the fee payer can be charged: the base fee per signature plus the priority fee
    /// `ceil(price × limit / 10^6)`.
    #[must_use]
    pub fn max_fee_lamports(&self) -> u64 {
        let sigs = u64::try_from(self.transaction.signatures.len()).unwrap_or(u64::MAX);
        let priority = u128::from(self.compute_unit_price)
            .saturating_mul(u128::from(self.compute_unit_limit))
            .div_ceil(1_000_000);
        LAMPORTS_PER_SIGNATURE
            .saturating_mul(sigs)
            .saturating_add(u64::try_from(priority).unwrap_or(u64::MAX))
    }

    /// The fully signed wire transaction to submit at settlement: the received transaction
    /// with `fee_payer_signature` (the fee payer's ed25519 signature over
    /// [`Transaction::message_bytes`]) in slot 0.
    #[must_use]
    pub fn settlement_transaction(&self, fee_payer_signature: [u8; 64]) -> Vec<u8> {
        let mut tx = self.transaction.clone();
        tx.sign_slot(0, fee_payer_signature);
        tx.encode()
    }
}

/// The version-neutral view of a requirement.
struct Req<'a> {
    scheme: &'a Scheme,
    network_label: String,
    cluster: Option<SolanaCluster>,
    amount: U256,
    asset: &'a Address,
    pay_to: &'a Address,
    extra: Option<&'a JsonObject>,
}

/// What the payload claims.
struct Claimed<'a> {
    scheme: &'a Scheme,
    network_label: String,
    accepted: Option<&'a v2::PaymentRequirements>,
    payload: &'a JsonObject,
}

/// Verifies a v2 payment on a Solana network.
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v2(
    payload: &v2::PaymentPayload,
    requirements: &v2::PaymentRequirements,
    policy: &Policy,
) -> Result<SvmPayment, Rejection> {
    let req = Req {
        scheme: &requirements.scheme,
        network_label: requirements.network.to_string(),
        cluster: requirements.network.solana_cluster(),
        amount: requirements.amount.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.accepted.scheme,
        network_label: payload.accepted.network.to_string(),
        accepted: Some(payload.accepted.value()),
        payload: &payload.payload,
    };
    if req.scheme != &Scheme::EXACT {
        return Err(unsupported(format!(
            "no Solana verifier for scheme {}",
            req.scheme
        )));
    }
    verify(&req, &claimed, policy)
}

/// Verifies a v1 payment on a Solana network (`solana`, `solana-devnet`, `solana-testnet`).
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v1(
    payload: &v1::PaymentPayload,
    requirements: &v1::PaymentRequirements,
    policy: &Policy,
) -> Result<SvmPayment, Rejection> {
    let name = requirements.network.as_str();
    let req = Req {
        scheme: &requirements.scheme,
        network_label: name.to_owned(),
        cluster: v1_network(name).and_then(|n| n.network().solana_cluster()),
        amount: requirements.max_amount_required.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.scheme,
        network_label: payload.network.to_string(),
        accepted: None,
        payload: &payload.payload,
    };
    if req.scheme != &Scheme::EXACT {
        return Err(unsupported(format!(
            "no v1 Solana verifier for scheme {}",
            req.scheme
        )));
    }
    verify(&req, &claimed, policy)
}

/// The program of instruction `i`, when it is a static key.
fn program<'m>(m: &'m Message, i: &CompiledInstruction) -> Option<&'m SolanaAddress> {
    m.static_key(i.program_id_index)
}

/// Account `n` of an instruction, when it is a static key.
fn account<'m>(m: &'m Message, i: &CompiledInstruction, n: usize) -> Option<&'m SolanaAddress> {
    i.accounts.get(n).and_then(|a| m.static_key(*a))
}

/// The decimals this crate knows for a mint.
fn known_decimals(mint: &SolanaAddress) -> Option<u8> {
    (*mint == USDC_MAINNET_ID || *mint == USDC_DEVNET_ID).then_some(USDC_DECIMALS)
}

/// What the transfer instruction says, when it is one.
struct Transfer {
    program: SolanaAddress,
    source: SolanaAddress,
    mint: SolanaAddress,
    destination: SolanaAddress,
    authority: SolanaAddress,
    authority_index: u8,
    data: ix::TransferChecked,
}

fn read_transfer(m: &Message, i: &CompiledInstruction) -> Option<Transfer> {
    let program = *program(m, i)?;
    if program != TOKEN_PROGRAM_ID && program != TOKEN_2022_PROGRAM_ID {
        return None;
    }
    let data = ix::parse_transfer_checked(&i.data)?;
    Some(Transfer {
        program,
        source: *account(m, i, 0)?,
        mint: *account(m, i, 1)?,
        destination: *account(m, i, 2)?,
        authority: *account(m, i, 3)?,
        authority_index: *i.accounts.get(3)?,
        data,
    })
}

fn verify(req: &Req<'_>, claimed: &Claimed<'_>, policy: &Policy) -> Result<SvmPayment, Rejection> {
    let m = Mechanism::ExactSvm;
    let mut r = Report::default();
    let want = &Scheme::EXACT;
    r.check(
        claimed.scheme == want && req.scheme == want,
        R::Scheme,
        || {
            format!(
                "scheme: payment says {:?}, requirements say {:?}",
                claimed.scheme.as_str(),
                req.scheme.as_str()
            )
        },
    );
    r.check(
        claimed.network_label == req.network_label,
        R::Network,
        || {
            format!(
                "network: payment says {}, requirements say {}",
                claimed.network_label, req.network_label
            )
        },
    );
    r.check(req.cluster.is_some(), R::Cluster, || {
        format!(
            "network {} is not a Solana cluster this crate knows",
            req.network_label
        )
    });
    if policy.require_accepted_match
        && let Some(acc) = claimed.accepted
    {
        let mut diffs = Vec::new();
        if acc.amount.get() != req.amount {
            diffs.push(format!("amount {} vs {}", acc.amount, req.amount));
        }
        if acc.asset != *req.asset {
            diffs.push(format!("asset {} vs {}", acc.asset, req.asset));
        }
        if acc.pay_to != *req.pay_to {
            diffs.push(format!("payTo {} vs {}", acc.pay_to, req.pay_to));
        }
        r.check(diffs.is_empty(), CommonCheck::AcceptedMismatch, || {
            format!(
                "accepted differs from paymentRequirements: {}",
                diffs.join(", ")
            )
        });
    }

    let extra = SvmExtra::from_extra(req.extra);
    let fee_payer = extra.as_ref().ok().and_then(|x| x.fee_payer);
    let memo = extra.as_ref().ok().and_then(|x| x.memo.clone());
    match (&extra, fee_payer) {
        (Err(e), _) => r.fail(
            R::FeePayerMissing,
            format!("{}: {}", e.pointer(), e.message()),
        ),
        (Ok(_), None) => r.fail(R::FeePayerMissing, "/extra/feePayer is required"),
        (Ok(_), Some(fp)) => r.check(
            policy.svm_fee_payers.contains(&fp),
            R::FeePayerNotManaged,
            || format!("/extra/feePayer: {fp} is not one of this facilitator's fee payers"),
        ),
    }

    let tx = match ExactSvmPayload::from_payload(claimed.payload) {
        Ok(p) => Transaction::decode(p.transaction.bytes())
            .map_err(|e| format!("/payload/transaction: {e}")),
        Err(e) => Err(format!("{}: {}", e.pointer(), e.message())),
    };
    let tx = match tx {
        Ok(tx) => tx,
        Err(detail) => {
            r.fail(R::Decode, detail);
            return Err(r.reject(m, None));
        }
    };
    let msg = &tx.message;
    let key0 = msg.account_keys.first().copied();
    if let Some(fp) = fee_payer {
        r.check(key0 == Some(fp), R::FeePayerSlot, || {
            format!(
                "/payload/transaction: account 0 (the fee payer) is {}, not extra.feePayer {fp}",
                key0.map_or_else(|| "absent".to_owned(), |k| k.to_string())
            )
        });
    }
    let statics = msg.account_keys.len();
    let uses_lookup = msg
        .instructions
        .iter()
        .flat_map(|i| i.accounts.iter())
        .any(|a| usize::from(*a) >= statics);
    r.check(!uses_lookup, R::LookupTable, || {
        "/payload/transaction: an instruction uses an account loaded from an address-lookup table"
            .to_owned()
    });

    let n = msg.instructions.len();
    r.check(
        (MIN_INSTRUCTIONS..=MAX_INSTRUCTIONS).contains(&n),
        R::InstructionCount,
        || format!("/payload/transaction: {n} instructions (3 to 7 allowed)"),
    );
    let is_budget = |i: &CompiledInstruction| program(msg, i) == Some(&COMPUTE_BUDGET_PROGRAM_ID);
    let ix0 = msg.instructions.first();
    let limit = ix0
        .filter(|i| is_budget(i))
        .and_then(|i| ix::parse_compute_unit_limit(&i.data));
    r.check(limit.is_some(), R::ComputeLimit, || {
        "instruction 0 must be Compute Budget SetComputeUnitLimit (discriminator 2)".to_owned()
    });
    let ix1 = msg.instructions.get(1);
    let price = ix1
        .filter(|i| is_budget(i))
        .and_then(|i| ix::parse_compute_unit_price(&i.data));
    r.check(price.is_some(), R::ComputePrice, || {
        "instruction 1 must be Compute Budget SetComputeUnitPrice (discriminator 3)".to_owned()
    });
    if let Some(p) = price {
        r.check(p <= MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS, R::ComputePriceCap, || {
            format!("instruction 1: unit price {p} micro-lamports is above {MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS}")
        });
    }
    let transfer = msg.instructions.get(2).and_then(|i| {
        (i.accounts.len() >= 4)
            .then(|| read_transfer(msg, i))
            .flatten()
    });
    r.check(transfer.is_some(), R::Transfer, || {
        "instruction 2 must be a TransferChecked of SPL Token or Token-2022".to_owned()
    });

    let payer = transfer.as_ref().map(|t| t.authority);
    if let Some(t) = &transfer {
        r.check(
            !policy.svm_fee_payers.contains(&t.authority),
            R::FeePayerAuthority,
            || {
                format!(
                    "transfer authority {} is one of the facilitator's fee payers",
                    t.authority
                )
            },
        );
        // Signers: exactly the fee payer (slot 0) and the authority.
        let extra_signers: Vec<String> = (1..usize::from(msg.header.num_required_signatures))
            .filter(|s| *s != usize::from(t.authority_index))
            .filter_map(|s| msg.account_keys.get(s).map(ToString::to_string))
            .collect();
        r.check(
            extra_signers.is_empty() && msg.is_signer(usize::from(t.authority_index)),
            R::Signers,
            || {
                format!(
                    "required signers must be the fee payer and the transfer authority; also: [{}]",
                    extra_signers.join(", ")
                )
            },
        );
    }
    // Isolation: account 0 appears in no instruction's accounts (programs are never index 0:
    // the decoder refuses that).
    let leaks: Vec<String> = msg
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.accounts.contains(&0))
        .map(|(k, _)| k.to_string())
        .collect();
    r.check(leaks.is_empty(), R::FeePayerIsolation, || {
        format!(
            "the fee payer (account 0) is an account of instruction(s) {}",
            leaks.join(", ")
        )
    });

    let asset = req.asset.as_solana().copied();
    let pay_to = req.pay_to.as_solana().copied();
    let mut ata = None;
    if let Some(t) = &transfer {
        r.check(asset == Some(t.mint), R::Mint, || {
            format!("transfer mint {} is not asset {}", t.mint, req.asset)
        });
        ata = match (pay_to, asset) {
            (Some(owner), Some(mint)) => associated_token_address(&owner, &mint, &t.program),
            _ => None,
        };
        r.check(ata.map(|a| a.0) == Some(t.destination), R::Destination, || {
            format!(
                "transfer destination {} is not the associated token account {} of payTo {} for {}",
                t.destination,
                ata.map_or_else(|| "(none)".to_owned(), |a| a.0.to_string()),
                req.pay_to,
                req.asset
            )
        });
        let got = U256::from(t.data.amount);
        let ok = match policy.amount_rule {
            AmountRule::Exact => got == req.amount,
            AmountRule::AtLeast => got >= req.amount,
        };
        r.check(ok, R::Amount, || {
            format!(
                "transfer amount {} but the requirement is {}",
                t.data.amount, req.amount
            )
        });
        if let Some(d) = known_decimals(&t.mint) {
            r.check(t.data.decimals == d, R::Decimals, || {
                format!(
                    "transfer decimals {} but mint {} has {d}",
                    t.data.decimals, t.mint
                )
            });
        }
    }

    let optional = msg.instructions.get(3..).unwrap_or_default();
    let by_index = [
        R::FourthInstruction,
        R::FifthInstruction,
        R::SixthInstruction,
        R::SeventhInstruction,
    ];
    for (k, (i, rule)) in optional.iter().zip(by_index).enumerate() {
        let p = program(msg, i);
        r.check(
            p == Some(&LIGHTHOUSE_PROGRAM_ID) || p == Some(&MEMO_PROGRAM_ID),
            rule,
            || {
                format!(
                    "instruction {} must be Lighthouse or Memo",
                    k.saturating_add(3)
                )
            },
        );
    }
    if let Some(memo) = memo.as_ref().filter(|m| !m.as_str().is_empty()) {
        let memos: Vec<&CompiledInstruction> = optional
            .iter()
            .filter(|i| program(msg, i) == Some(&MEMO_PROGRAM_ID))
            .collect();
        match memos.as_slice() {
            [one] => r.check(one.data == memo.as_str().as_bytes(), R::Memo, || {
                format!(
                    "memo instruction holds {:?}, extra.memo is {:?}",
                    String::from_utf8_lossy(&one.data),
                    memo.as_str()
                )
            }),
            more => r.fail(
                R::MemoCount,
                format!(
                    "extra.memo is set: {} Memo instructions, exactly 1 required",
                    more.len()
                ),
            ),
        }
    }

    // Signatures of every required signer but the fee payer, over the exact message bytes.
    let mut bad = Vec::new();
    for (k, sig) in tx.signatures.iter().enumerate().skip(1) {
        let ok = msg
            .account_keys
            .get(k)
            .is_some_and(|key| ed25519_ok(key, sig, tx.message_bytes()));
        if !ok {
            bad.push(k.to_string());
        }
    }
    r.check(bad.is_empty(), R::Signature, || {
        format!(
            "/payload/transaction: signature slot(s) {} do not verify",
            bad.join(", ")
        )
    });

    let payer_addr = payer.map(Address::Solana);
    if !r.is_clean() {
        return Err(r.reject(m, payer_addr));
    }
    let (
        Some(t),
        Some(cluster),
        Some(fee_payer),
        Some(pay_to),
        Some((destination, bump)),
        Some(limit),
        Some(price),
    ) = (transfer, req.cluster, fee_payer, pay_to, ata, limit, price)
    else {
        return Err(r.reject(m, payer_addr));
    };
    let onchain = obligations(&tx, &t, pay_to);
    Ok(SvmPayment {
        payer: t.authority,
        mechanism: m,
        cluster,
        version: msg.version,
        fee_payer,
        token_program: t.program,
        mint: t.mint,
        source: t.source,
        pay_to,
        destination,
        destination_bump: bump,
        amount: t.data.amount,
        decimals: t.data.decimals,
        compute_unit_limit: limit,
        compute_unit_price: price,
        transaction: tx,
        onchain,
    })
}

/// Strict ed25519 verification (`ed25519-dalek`'s `verify_strict`).
pub(crate) fn ed25519_ok(key: &SolanaAddress, sig: &[u8; 64], message: &[u8]) -> bool {
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(key.as_bytes()) else {
        return false;
    };
    vk.verify_strict(message, &ed25519_dalek::Signature::from_bytes(sig))
        .is_ok()
}

fn obligations(tx: &Transaction, t: &Transfer, pay_to: SolanaAddress) -> Vec<SvmOnchainCheck> {
    use SvmOnchainCheckKind as K;
    let mut out = Vec::new();
    let tables: Vec<SolanaAddress> = tx
        .message
        .address_table_lookups
        .iter()
        .map(|l| l.account_key)
        .collect();
    if !tables.is_empty() {
        out.push(SvmOnchainCheck::new(
            K::LookupTables,
            SvmRpcRequest::GetMultipleAccounts(tables),
            SvmExpectation::LookupTablesExist,
            ErrorCode::ExactSvmAltResolutionFailed,
        ));
    }
    out.push(SvmOnchainCheck::new(
        K::Mint,
        SvmRpcRequest::GetAccountInfo(t.mint),
        SvmExpectation::Mint {
            program: t.program,
            decimals: t.data.decimals,
        },
        ErrorCode::ExactSvmSimulationFailed,
    ));
    out.push(SvmOnchainCheck::new(
        K::Source,
        SvmRpcRequest::GetAccountInfo(t.source),
        SvmExpectation::TokenAccount {
            program: t.program,
            mint: t.mint,
            owner: t.authority,
            min_amount: Some(t.data.amount),
        },
        ErrorCode::ExactSvmSenderAtaNotFound,
    ));
    out.push(SvmOnchainCheck::new(
        K::Destination,
        SvmRpcRequest::GetAccountInfo(t.destination),
        SvmExpectation::TokenAccount {
            program: t.program,
            mint: t.mint,
            owner: pay_to,
            min_amount: None,
        },
        ErrorCode::ExactSvmReceiverAtaNotFound,
    ));
    out.push(SvmOnchainCheck::new(
        K::Blockhash,
        SvmRpcRequest::IsBlockhashValid(crate::primitives::base58::encode(
            &tx.message.recent_blockhash,
        )),
        SvmExpectation::True,
        ErrorCode::ExactSvmSimulationFailed,
    ));
    out.push(SvmOnchainCheck::new(
        K::Simulation,
        SvmRpcRequest::SimulateTransaction(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            tx.encode(),
        )),
        SvmExpectation::SimulationSucceeds,
        ErrorCode::ExactSvmSimulationFailed,
    ));
    out
}

#[cfg(all(test, feature = "signer"))]
mod tests;
