//! The Solana versioned transaction: `compact-u16` signature count, 64-byte ed25519 signatures,
//! then the message — legacy, or v0 (first byte `0x80`) with address-table lookups.
//!
//! The decoder is strict and never panics: every length is a canonical `compact-u16` (the
//! runtime's `short_vec` refuses alias encodings), the signature count must equal the header's
//! required signatures, every index must name an account, no key may appear twice, and no byte may
//! follow the message. Each error names the field (`message/instructions/2/accounts/1`) and maps
//! to `invalid_exact_svm_payload_transaction_could_not_be_decoded`, the code the @x402/svm 2.27.0
//! facilitator answers for a transaction its decoder refuses
//! (`@x402/svm 2.27.0 dist/esm/exact/facilitator/index.mjs`, `ErrTransactionCouldNotBeDecoded`).
//!
//! [`Transaction::encode`] and [`Message::encode`] are the inverse, used by the signer and the tests.

use crate::codes::ErrorCode;
use crate::primitives::SolanaAddress;

/// The most accounts a message can address (indices are one byte).
const MAX_ACCOUNTS: usize = 256;
/// The version-prefix bit of a versioned message's first byte.
const VERSION_PREFIX: u8 = 0x80;

/// Which message format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageVersion {
    /// The original format (no version byte, no lookups).
    Legacy,
    /// Version 0 (`0x80` prefix, address-table lookups).
    V0,
}

impl MessageVersion {
    /// Stable id (`legacy`, `v0`).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Legacy => "legacy",
            Self::V0 => "v0",
        }
    }
}

/// The three counts that say which static accounts sign and which are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageHeader {
    /// Signatures required: the first `num_required_signatures` static keys sign.
    pub num_required_signatures: u8,
    /// How many of the signers (the last ones) are read-only.
    pub num_readonly_signed: u8,
    /// How many of the non-signing static keys (the last ones) are read-only.
    pub num_readonly_unsigned: u8,
}

/// One instruction as the message stores it: indices into the account list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CompiledInstruction {
    /// Index of the program (always a static key).
    pub program_id_index: u8,
    /// Indices of the accounts passed to the program (static keys, then looked-up ones).
    pub accounts: Vec<u8>,
    /// The instruction data.
    pub data: Vec<u8>,
}

/// A v0 address-table lookup: which entries of an on-chain table the message loads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddressTableLookup {
    /// The lookup table account.
    pub account_key: SolanaAddress,
    /// Entries loaded writable.
    pub writable_indexes: Vec<u8>,
    /// Entries loaded read-only.
    pub readonly_indexes: Vec<u8>,
}

/// A decoded message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// Legacy or v0.
    pub version: MessageVersion,
    /// Signer and write counts.
    pub header: MessageHeader,
    /// The static account keys (key 0 is the fee payer).
    pub account_keys: Vec<SolanaAddress>,
    /// The recent blockhash (or durable nonce).
    pub recent_blockhash: [u8; 32],
    /// The top-level instructions, in order.
    pub instructions: Vec<CompiledInstruction>,
    /// v0 lookups (always empty for legacy messages).
    pub address_table_lookups: Vec<AddressTableLookup>,
}

/// A decoded transaction: signatures and the message they sign.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Transaction {
    /// One signature per required signer, in account order (all zero: not signed yet).
    pub signatures: Vec<[u8; 64]>,
    /// The message.
    pub message: Message,
    /// The exact message bytes that were signed (as received).
    message_bytes: Vec<u8>,
}

/// What is wrong with the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes end inside this field.
    UnexpectedEnd,
    /// A `compact-u16` length is not in its shortest form, or exceeds `u16::MAX`.
    NonCanonicalLength,
    /// A versioned message of a version other than 0.
    UnsupportedVersion(u8),
    /// The number of signatures differs from the header's required signatures.
    SignatureCount {
        /// Required by the header.
        required: u8,
        /// Present.
        found: usize,
    },
    /// The header's counts do not fit the account list.
    Header,
    /// An index names no account (or, for a program, no static non-fee-payer account).
    Index {
        /// The index.
        index: u8,
        /// How many accounts it could name.
        len: usize,
    },
    /// The same account key appears twice.
    DuplicateKey(SolanaAddress),
    /// More than 256 accounts.
    TooManyAccounts(usize),
    /// A lookup that loads no entry.
    EmptyLookup,
    /// Bytes after the message.
    TrailingBytes(usize),
}

/// A transaction that cannot be decoded, with the field where decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Slash-separated path of the field (`message/accountKeys/3`).
    pub field: String,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    fn new(field: impl Into<String>, kind: DecodeErrorKind) -> Self {
        Self {
            field: field.into(),
            kind,
        }
    }

    /// The wire code a facilitator answers.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        ErrorCode::ExactSvmTransactionUndecodable
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = &self.field;
        match &self.kind {
            DecodeErrorKind::UnexpectedEnd => write!(f, "{field}: the bytes end here"),
            DecodeErrorKind::NonCanonicalLength => {
                write!(f, "{field}: compact-u16 length is not canonical")
            }
            DecodeErrorKind::UnsupportedVersion(v) => {
                write!(
                    f,
                    "{field}: message version {v} is not supported (only legacy and 0)"
                )
            }
            DecodeErrorKind::SignatureCount { required, found } => write!(
                f,
                "{field}: {found} signatures but the header requires {required}"
            ),
            DecodeErrorKind::Header => {
                write!(f, "{field}: header counts do not fit the account keys")
            }
            DecodeErrorKind::Index { index, len } => {
                write!(f, "{field}: index {index} names no account (of {len})")
            }
            DecodeErrorKind::DuplicateKey(k) => write!(f, "{field}: key {k} appears twice"),
            DecodeErrorKind::TooManyAccounts(n) => {
                write!(f, "{field}: {n} accounts (at most 256)")
            }
            DecodeErrorKind::EmptyLookup => write!(f, "{field}: a lookup must load an entry"),
            DecodeErrorKind::TrailingBytes(n) => write!(f, "{field}: {n} bytes after the message"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A bounds-checked cursor.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, field: &dyn Fn() -> String) -> Result<&'a [u8], DecodeError> {
        match self.rest.split_at_checked(n) {
            Some((head, tail)) => {
                self.rest = tail;
                Ok(head)
            }
            None => Err(DecodeError::new(field(), DecodeErrorKind::UnexpectedEnd)),
        }
    }

    fn byte(&mut self, field: &dyn Fn() -> String) -> Result<u8, DecodeError> {
        match self.rest.split_first() {
            Some((b, tail)) => {
                self.rest = tail;
                Ok(*b)
            }
            None => Err(DecodeError::new(field(), DecodeErrorKind::UnexpectedEnd)),
        }
    }

    fn array<const N: usize>(
        &mut self,
        field: &dyn Fn() -> String,
    ) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(N, field)?;
        <[u8; N]>::try_from(bytes)
            .map_err(|_| DecodeError::new(field(), DecodeErrorKind::UnexpectedEnd))
    }

    /// A `compact-u16`: 7 bits per byte, little end first, at most 3 bytes, shortest form only.
    fn compact_u16(&mut self, field: &dyn Fn() -> String) -> Result<usize, DecodeError> {
        let mut value: u32 = 0;
        for (i, shift) in [0u32, 7, 14].into_iter().enumerate() {
            let b = self.byte(field)?;
            let part = u32::from(b & 0x7f) << shift;
            value |= part;
            let more = b & 0x80 != 0;
            // A continuation byte of zero encodes nothing: an alias of a shorter form.
            if i > 0 && b == 0 {
                return Err(DecodeError::new(
                    field(),
                    DecodeErrorKind::NonCanonicalLength,
                ));
            }
            if !more {
                return if value > u32::from(u16::MAX) {
                    Err(DecodeError::new(
                        field(),
                        DecodeErrorKind::NonCanonicalLength,
                    ))
                } else {
                    Ok(usize::try_from(value).unwrap_or(usize::MAX))
                };
            }
        }
        Err(DecodeError::new(
            field(),
            DecodeErrorKind::NonCanonicalLength,
        ))
    }

    fn bytes_vec(&mut self, field: &dyn Fn() -> String) -> Result<Vec<u8>, DecodeError> {
        let n = self.compact_u16(field)?;
        Ok(self.take(n, field)?.to_vec())
    }
}

/// Appends a `compact-u16`.
pub(crate) fn put_compact_u16(out: &mut Vec<u8>, len: usize) {
    let mut v = u16::try_from(len).unwrap_or(u16::MAX);
    loop {
        let low = u8::try_from(v & 0x7f).unwrap_or(0);
        v >>= 7;
        if v == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

impl Transaction {
    /// Decodes wire bytes (the decoded base64 of an `exact` SVM payload).
    ///
    /// # Errors
    /// A [`DecodeError`] naming the field.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader { rest: bytes };
        let count = r.compact_u16(&|| "signatures".to_owned())?;
        let mut signatures = Vec::with_capacity(count.min(64));
        for i in 0..count {
            signatures.push(r.array::<64>(&|| format!("signatures/{i}"))?);
        }
        let message_bytes = r.rest;
        let message = Message::decode(message_bytes)?;
        let required = message.header.num_required_signatures;
        if usize::from(required) != signatures.len() {
            return Err(DecodeError::new(
                "signatures",
                DecodeErrorKind::SignatureCount {
                    required,
                    found: signatures.len(),
                },
            ));
        }
        Ok(Self {
            signatures,
            message,
            message_bytes: message_bytes.to_vec(),
        })
    }

    /// Builds a transaction from a message; every signature slot is zero until [`Self::sign_slot`].
    #[must_use]
    pub fn unsigned(message: Message) -> Self {
        let message_bytes = message.encode();
        let signatures = vec![[0u8; 64]; usize::from(message.header.num_required_signatures)];
        Self {
            signatures,
            message,
            message_bytes,
        }
    }

    /// The signed message bytes.
    #[must_use]
    pub fn message_bytes(&self) -> &[u8] {
        &self.message_bytes
    }

    /// Puts `signature` in the slot of signer `index`; `false` if there is no such slot.
    pub fn sign_slot(&mut self, index: usize, signature: [u8; 64]) -> bool {
        match self.signatures.get_mut(index) {
            Some(slot) => {
                *slot = signature;
                true
            }
            None => false,
        }
    }

    /// The wire bytes.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.message_bytes
                .len()
                .saturating_add(self.signatures.len().saturating_mul(64))
                .saturating_add(3),
        );
        put_compact_u16(&mut out, self.signatures.len());
        for s in &self.signatures {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&self.message_bytes);
        out
    }

    /// The transaction id: the first signature (the fee payer's), in base58.
    #[must_use]
    pub fn id(&self) -> Option<String> {
        self.signatures
            .first()
            .map(|s| crate::primitives::base58::encode(s))
    }
}

impl Message {
    /// Decodes message bytes (legacy or v0).
    ///
    /// # Errors
    /// A [`DecodeError`] naming the field.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader { rest: bytes };
        let first = r.byte(&|| "message".to_owned())?;
        let (version, num_required_signatures) = if first & VERSION_PREFIX != 0 {
            let v = first & !VERSION_PREFIX;
            if v != 0 {
                return Err(DecodeError::new(
                    "message/version",
                    DecodeErrorKind::UnsupportedVersion(v),
                ));
            }
            (
                MessageVersion::V0,
                r.byte(&|| "message/header/numRequiredSignatures".to_owned())?,
            )
        } else {
            (MessageVersion::Legacy, first)
        };
        let header = MessageHeader {
            num_required_signatures,
            num_readonly_signed: r
                .byte(&|| "message/header/numReadonlySignedAccounts".to_owned())?,
            num_readonly_unsigned: r
                .byte(&|| "message/header/numReadonlyUnsignedAccounts".to_owned())?,
        };
        let key_count = r.compact_u16(&|| "message/accountKeys".to_owned())?;
        if key_count > MAX_ACCOUNTS {
            return Err(DecodeError::new(
                "message/accountKeys",
                DecodeErrorKind::TooManyAccounts(key_count),
            ));
        }
        let mut account_keys = Vec::with_capacity(key_count);
        for i in 0..key_count {
            let key = SolanaAddress::new(r.array::<32>(&|| format!("message/accountKeys/{i}"))?);
            if account_keys.contains(&key) {
                return Err(DecodeError::new(
                    format!("message/accountKeys/{i}"),
                    DecodeErrorKind::DuplicateKey(key),
                ));
            }
            account_keys.push(key);
        }
        let recent_blockhash = r.array::<32>(&|| "message/recentBlockhash".to_owned())?;
        let ix_count = r.compact_u16(&|| "message/instructions".to_owned())?;
        let mut instructions = Vec::with_capacity(ix_count.min(64));
        for i in 0..ix_count {
            let program_id_index =
                r.byte(&|| format!("message/instructions/{i}/programIdIndex"))?;
            let accounts = r.bytes_vec(&|| format!("message/instructions/{i}/accounts"))?;
            let data = r.bytes_vec(&|| format!("message/instructions/{i}/data"))?;
            instructions.push(CompiledInstruction {
                program_id_index,
                accounts,
                data,
            });
        }
        let mut address_table_lookups = Vec::new();
        if version == MessageVersion::V0 {
            let n = r.compact_u16(&|| "message/addressTableLookups".to_owned())?;
            for i in 0..n {
                let account_key = SolanaAddress::new(
                    r.array::<32>(&|| format!("message/addressTableLookups/{i}/accountKey"))?,
                );
                let writable_indexes =
                    r.bytes_vec(&|| format!("message/addressTableLookups/{i}/writableIndexes"))?;
                let readonly_indexes =
                    r.bytes_vec(&|| format!("message/addressTableLookups/{i}/readonlyIndexes"))?;
                address_table_lookups.push(AddressTableLookup {
                    account_key,
                    writable_indexes,
                    readonly_indexes,
                });
            }
        }
        if !r.rest.is_empty() {
            return Err(DecodeError::new(
                "message",
                DecodeErrorKind::TrailingBytes(r.rest.len()),
            ));
        }
        let m = Self {
            version,
            header,
            account_keys,
            recent_blockhash,
            instructions,
            address_table_lookups,
        };
        m.sanitize()?;
        Ok(m)
    }

    /// The runtime's structural rules (a message the runtime would refuse is refused here).
    fn sanitize(&self) -> Result<(), DecodeError> {
        let h = self.header;
        let keys = self.account_keys.len();
        let required = usize::from(h.num_required_signatures);
        if h.num_readonly_signed >= h.num_required_signatures
            || required.saturating_add(usize::from(h.num_readonly_unsigned)) > keys
        {
            return Err(DecodeError::new("message/header", DecodeErrorKind::Header));
        }
        for (i, l) in self.address_table_lookups.iter().enumerate() {
            if l.writable_indexes.is_empty() && l.readonly_indexes.is_empty() {
                return Err(DecodeError::new(
                    format!("message/addressTableLookups/{i}"),
                    DecodeErrorKind::EmptyLookup,
                ));
            }
        }
        let total = self.total_accounts();
        if total > MAX_ACCOUNTS {
            return Err(DecodeError::new(
                "message/addressTableLookups",
                DecodeErrorKind::TooManyAccounts(total),
            ));
        }
        for (i, ix) in self.instructions.iter().enumerate() {
            let p = usize::from(ix.program_id_index);
            // The program is a static key and never the fee payer.
            if p == 0 || p >= keys {
                return Err(DecodeError::new(
                    format!("message/instructions/{i}/programIdIndex"),
                    DecodeErrorKind::Index {
                        index: ix.program_id_index,
                        len: keys,
                    },
                ));
            }
            for (j, a) in ix.accounts.iter().enumerate() {
                if usize::from(*a) >= total {
                    return Err(DecodeError::new(
                        format!("message/instructions/{i}/accounts/{j}"),
                        DecodeErrorKind::Index {
                            index: *a,
                            len: total,
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// Static keys plus every looked-up entry.
    #[must_use]
    pub fn total_accounts(&self) -> usize {
        self.address_table_lookups
            .iter()
            .fold(self.account_keys.len(), |n, l| {
                n.saturating_add(l.writable_indexes.len())
                    .saturating_add(l.readonly_indexes.len())
            })
    }

    /// The static key at `index` (`None` for a looked-up or missing account).
    #[must_use]
    pub fn static_key(&self, index: u8) -> Option<&SolanaAddress> {
        self.account_keys.get(usize::from(index))
    }

    /// Whether static account `index` must sign.
    #[must_use]
    pub fn is_signer(&self, index: usize) -> bool {
        index < usize::from(self.header.num_required_signatures)
    }

    /// Whether account `index` is writable (static keys by the header; looked-up entries by
    /// their list).
    #[must_use]
    pub fn is_writable(&self, index: usize) -> bool {
        let h = self.header;
        let keys = self.account_keys.len();
        let required = usize::from(h.num_required_signatures);
        if index < required {
            index < required.saturating_sub(usize::from(h.num_readonly_signed))
        } else if index < keys {
            index < keys.saturating_sub(usize::from(h.num_readonly_unsigned))
        } else {
            let writable: usize = self
                .address_table_lookups
                .iter()
                .map(|l| l.writable_indexes.len())
                .sum();
            index < keys.saturating_add(writable)
        }
    }

    /// The wire bytes (what the signers sign).
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        if self.version == MessageVersion::V0 {
            out.push(VERSION_PREFIX);
        }
        out.push(self.header.num_required_signatures);
        out.push(self.header.num_readonly_signed);
        out.push(self.header.num_readonly_unsigned);
        put_compact_u16(&mut out, self.account_keys.len());
        for k in &self.account_keys {
            out.extend_from_slice(k.as_bytes());
        }
        out.extend_from_slice(&self.recent_blockhash);
        put_compact_u16(&mut out, self.instructions.len());
        for ix in &self.instructions {
            out.push(ix.program_id_index);
            put_compact_u16(&mut out, ix.accounts.len());
            out.extend_from_slice(&ix.accounts);
            put_compact_u16(&mut out, ix.data.len());
            out.extend_from_slice(&ix.data);
        }
        if self.version == MessageVersion::V0 {
            put_compact_u16(&mut out, self.address_table_lookups.len());
            for l in &self.address_table_lookups {
                out.extend_from_slice(l.account_key.as_bytes());
                put_compact_u16(&mut out, l.writable_indexes.len());
                out.extend_from_slice(&l.writable_indexes);
                put_compact_u16(&mut out, l.readonly_indexes.len());
                out.extend_from_slice(&l.readonly_indexes);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
