//! The client side of `exact` on Solana (feature `signer`): build the transaction the reference
//! client builds and sign it with a local ed25519 key. Deterministic: the key, the recent
//! blockhash and the memo nonce are inputs (ed25519 signatures are deterministic, RFC 8032).
//!
//! Layout (`specs/schemes/exact/scheme_exact_svm.md` §Protocol Flow and §Facilitator Verification
//! Rules item 1; `@x402/svm 2.27.0 dist/esm/exact/client/index.mjs`): `SetComputeUnitLimit`
//! (20 000), `SetComputeUnitPrice` (1), `TransferChecked` from the payer's associated token
//! account to `payTo`'s, then a Memo holding `extra.memo`, or 32 hex characters of the 16-byte
//! nonce when no memo is asked. Account 0 is the fee payer (`extra.feePayer`), whose signature slot
//! stays empty for the facilitator.

use ed25519_dalek::{Signer as _, SigningKey};

use crate::assets::solana::{COMPUTE_BUDGET_PROGRAM_ID, MEMO_PROGRAM_ID};
use crate::extra::SvmExtra;
use crate::primitives::SolanaAddress;
use crate::schemes::{Base64Blob, ExactSvmPayload};
use crate::svm::instructions::{
    self as ix, DEFAULT_COMPUTE_UNIT_LIMIT, DEFAULT_COMPUTE_UNIT_PRICE_MICROLAMPORTS,
    TransferChecked,
};
use crate::svm::{
    CompiledInstruction, Message, MessageHeader, MessageVersion, Transaction,
    associated_token_address,
};
use crate::v2;

/// A local ed25519 key.
#[derive(Clone)]
pub struct SvmKey(SigningKey);

impl std::fmt::Debug for SvmKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SvmKey({})", self.address())
    }
}

impl SvmKey {
    /// The key of a 32-byte secret (seed).
    #[must_use]
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(secret))
    }

    /// The public key.
    #[must_use]
    pub fn address(&self) -> SolanaAddress {
        SolanaAddress::new(self.0.verifying_key().to_bytes())
    }

    /// Signs bytes.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// Why a payment cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// A requirement field is missing or not a Solana address (names the field).
    Field(&'static str),
    /// `amount` does not fit a `u64`.
    Amount,
    /// No associated token account could be derived (names the owner field).
    Ata(&'static str),
    /// The memo is longer than 256 bytes.
    MemoTooLong,
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Field(x) => write!(f, "{x}: missing or not a Solana address"),
            Self::Amount => write!(f, "amount: does not fit in 64 bits"),
            Self::Ata(x) => write!(f, "{x}: no associated token account"),
            Self::MemoTooLong => write!(f, "extra.memo: longer than 256 bytes"),
        }
    }
}

impl std::error::Error for SignError {}

/// Everything the transaction depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentParams {
    /// `extra.feePayer`.
    pub fee_payer: SolanaAddress,
    /// `asset`.
    pub mint: SolanaAddress,
    /// `payTo` (the owner wallet).
    pub pay_to: SolanaAddress,
    /// Atomic units.
    pub amount: u64,
    /// The mint's decimals (read from the mint account by the reference client).
    pub decimals: u8,
    /// The mint's owner program (SPL Token or Token-2022).
    pub token_program: SolanaAddress,
    /// The recent blockhash.
    pub recent_blockhash: [u8; 32],
    /// The Memo instruction's data.
    pub memo: Vec<u8>,
    /// Legacy or v0 (the reference client builds v0).
    pub version: MessageVersion,
    /// Compute-unit limit.
    pub compute_unit_limit: u32,
    /// Compute-unit price (micro-lamports).
    pub compute_unit_price: u64,
}

impl PaymentParams {
    /// The parameters for v2 requirements: `extra.memo` or the hex of `nonce` as the memo, the
    /// reference compute budget, a v0 message.
    ///
    /// # Errors
    /// A [`SignError`] naming the field.
    pub fn for_requirements(
        requirements: &v2::PaymentRequirements,
        decimals: u8,
        token_program: SolanaAddress,
        recent_blockhash: [u8; 32],
        nonce: [u8; 16],
    ) -> Result<Self, SignError> {
        let extra = SvmExtra::from_extra(requirements.extra.as_ref())
            .map_err(|_| SignError::Field("extra"))?;
        let fee_payer = extra.fee_payer.ok_or(SignError::Field("extra.feePayer"))?;
        let memo = match extra.memo.as_ref().filter(|m| !m.as_str().is_empty()) {
            Some(m) => m.as_str().as_bytes().to_vec(),
            None => nonce
                .iter()
                .flat_map(|b| {
                    let hex = b"0123456789abcdef";
                    [
                        hex.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
                        hex.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0'),
                    ]
                })
                .collect(),
        };
        Ok(Self {
            fee_payer,
            mint: *requirements
                .asset
                .as_solana()
                .ok_or(SignError::Field("asset"))?,
            pay_to: *requirements
                .pay_to
                .as_solana()
                .ok_or(SignError::Field("payTo"))?,
            amount: u64::try_from(requirements.amount.get()).map_err(|_| SignError::Amount)?,
            decimals,
            token_program,
            recent_blockhash,
            memo,
            version: MessageVersion::V0,
            compute_unit_limit: DEFAULT_COMPUTE_UNIT_LIMIT,
            compute_unit_price: DEFAULT_COMPUTE_UNIT_PRICE_MICROLAMPORTS,
        })
    }
}

/// The unsigned message for `payer`.
///
/// Accounts: fee payer (writable signer), payer (read-only signer), source and destination
/// (writable), then mint, Compute Budget, the token program and Memo (read-only).
///
/// # Errors
/// A [`SignError`] when an associated token account cannot be derived or the memo is too long.
pub fn build_message(p: &PaymentParams, payer: SolanaAddress) -> Result<Message, SignError> {
    if p.memo.len() > crate::extra::Memo::MAX_BYTES {
        return Err(SignError::MemoTooLong);
    }
    let (source, _) = associated_token_address(&payer, &p.mint, &p.token_program)
        .ok_or(SignError::Ata("payer"))?;
    let (destination, _) = associated_token_address(&p.pay_to, &p.mint, &p.token_program)
        .ok_or(SignError::Ata("payTo"))?;
    let account_keys = vec![
        p.fee_payer,
        payer,
        source,
        destination,
        p.mint,
        COMPUTE_BUDGET_PROGRAM_ID,
        p.token_program,
        MEMO_PROGRAM_ID,
    ];
    Ok(Message {
        version: p.version,
        header: MessageHeader {
            num_required_signatures: 2,
            num_readonly_signed: 1,
            num_readonly_unsigned: 4,
        },
        account_keys,
        recent_blockhash: p.recent_blockhash,
        instructions: vec![
            CompiledInstruction {
                program_id_index: 5,
                accounts: Vec::new(),
                data: ix::compute_unit_limit_data(p.compute_unit_limit),
            },
            CompiledInstruction {
                program_id_index: 5,
                accounts: Vec::new(),
                data: ix::compute_unit_price_data(p.compute_unit_price),
            },
            CompiledInstruction {
                program_id_index: 6,
                accounts: vec![2, 4, 3, 1],
                data: ix::transfer_checked_data(TransferChecked {
                    amount: p.amount,
                    decimals: p.decimals,
                }),
            },
            CompiledInstruction {
                program_id_index: 7,
                accounts: Vec::new(),
                data: p.memo.clone(),
            },
        ],
        address_table_lookups: Vec::new(),
    })
}

/// Signs `message` as every signer slot whose key is `key` (the fee-payer slot stays as it is
/// unless `key` is the fee payer).
#[must_use]
pub fn sign_message(message: Message, key: &SvmKey) -> Transaction {
    let mut tx = Transaction::unsigned(message);
    sign_transaction(&mut tx, key);
    tx
}

/// Adds `key`'s signature to every signer slot of `tx` that is `key`'s address (a facilitator
/// signing as fee payer; a client signing as payer).
pub fn sign_transaction(tx: &mut Transaction, key: &SvmKey) {
    let me = key.address();
    let sig = key.sign(tx.message_bytes());
    let slots: Vec<usize> = tx
        .message
        .account_keys
        .iter()
        .take(tx.signatures.len())
        .enumerate()
        .filter(|(_, k)| **k == me)
        .map(|(i, _)| i)
        .collect();
    for i in slots {
        tx.sign_slot(i, sig);
    }
}

/// Builds and signs the payment.
///
/// # Errors
/// As [`build_message`].
pub fn sign_payment(p: &PaymentParams, key: &SvmKey) -> Result<Transaction, SignError> {
    Ok(sign_message(build_message(p, key.address())?, key))
}

/// The whole client step for v2 requirements: parameters ([`PaymentParams::for_requirements`]),
/// transaction, signature, `payload`. The reference client reads `decimals` and `token_program`
/// from the mint account; here they are inputs, like the blockhash and the memo nonce.
///
/// # Errors
/// A [`SignError`] naming the requirement field.
pub fn payload_for_requirements(
    requirements: &v2::PaymentRequirements,
    key: &SvmKey,
    decimals: u8,
    token_program: SolanaAddress,
    recent_blockhash: [u8; 32],
    nonce: [u8; 16],
) -> Result<ExactSvmPayload, SignError> {
    let p = PaymentParams::for_requirements(
        requirements,
        decimals,
        token_program,
        recent_blockhash,
        nonce,
    )?;
    Ok(to_payload(&sign_payment(&p, key)?))
}

/// The `payload` of the payment: `{transaction: <base64>}`.
#[must_use]
pub fn to_payload(tx: &Transaction) -> ExactSvmPayload {
    ExactSvmPayload {
        transaction: Base64Blob::from_bytes(tx.encode()),
        unknown: crate::wire::UnknownFields::new(),
    }
}
