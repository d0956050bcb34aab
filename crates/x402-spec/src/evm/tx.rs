//! EIP-1559 (type 2) signed-transaction parsing, for the `erc20ApprovalGasSponsoring`
//! extension (docs/protocol/evm.md §4.5): the payer sends a signed `approve(Permit2, MaxUint256)` transaction that
//! the facilitator broadcasts before settling.
//!
//! [`parse_signed_eip1559`] accepts exactly `0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas,
//! maxFeePerGas, gasLimit, to, value, data, accessList, yParity, r, s])`:
//! * canonical RLP only (alloy-rlp rejects leading zeros, non-minimal lengths and single bytes
//!   wrapped in a string header), no bytes after the list, exactly 12 fields;
//! * integers within their EIP-1559 widths (`chainId`, `nonce`, `gasLimit`: 64 bits; fees: 128
//!   bits; `value`: 256 bits), `yParity ∈ {0, 1}`;
//! * `to` is 20 bytes or empty (contract creation is parsed, reported as `to: None`, and refused
//!   by [`UnsignedEip1559::call_target`] — an approval must target the token);
//! * the signature obeys the same rules as EIP-712 signatures (`1 <= r < n`, `1 <= s <= n/2`;
//!   high-s has been invalid for transactions since Homestead, EIP-2).
//!
//! The signer is recovered from the signing hash `keccak256(0x02 ‖ rlp([first 9 fields]))`.
//! The facilitator checks that follow (TS `shared/erc20approval.ts`, Go
//! `exact/facilitator/erc20_approval.go`) are: `to == asset`, [`decode_approve_calldata`] of
//! `data` with spender == Permit2, signer == payer. The spec's "nonce and fees match the chain"
//! checks need RPC and are not implemented by any SDK (docs/protocol/disagreements.md #22).

use core::fmt;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_rlp::{Decodable, Encodable, Header};

use super::calls::{ApproveCalldataError, decode_approve_calldata};
use super::signature::{EcdsaSignature, SignatureError, recover_signer};

/// EIP-2718 type byte of EIP-1559 transactions.
pub const EIP1559_TX_TYPE: u8 = 0x02;

/// Number of RLP fields of a signed EIP-1559 transaction.
pub const EIP1559_SIGNED_FIELD_COUNT: usize = 12;

/// One entry of an EIP-2930 access list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccessListItem {
    /// Account.
    pub address: Address,
    /// Storage slots.
    pub storage_keys: Vec<B256>,
}

/// The nine signed-over fields of an EIP-1559 transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnsignedEip1559 {
    /// `chainId`.
    pub chain_id: u64,
    /// Sender nonce.
    pub nonce: u64,
    /// `maxPriorityFeePerGas` (wei).
    pub max_priority_fee_per_gas: u128,
    /// `maxFeePerGas` (wei).
    pub max_fee_per_gas: u128,
    /// `gasLimit`.
    pub gas_limit: u64,
    /// Recipient; `None` is a contract creation.
    pub to: Option<Address>,
    /// Wei sent.
    pub value: U256,
    /// Calldata.
    pub input: Bytes,
    /// EIP-2930 access list.
    pub access_list: Vec<AccessListItem>,
}

/// A parsed, signature-checked EIP-1559 transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignedEip1559 {
    /// The signed-over fields.
    pub tx: UnsignedEip1559,
    /// The signature (`v` = 27 + `yParity` when re-encoded as bytes).
    pub signature: EcdsaSignature,
    /// `keccak256(0x02 ‖ rlp(first 9 fields))`.
    pub signing_hash: B256,
    /// Address recovered from `signature` over `signing_hash`.
    pub signer: Address,
    /// Transaction hash `keccak256(raw)`.
    pub hash: B256,
}

/// Why bytes are not an acceptable signed EIP-1559 transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TxError {
    /// No bytes at all.
    Empty,
    /// The type byte is not `0x02` (legacy and other typed transactions are not accepted).
    WrongType {
        /// Type byte found.
        found: u8,
    },
    /// The payload after the type byte is not an RLP list.
    NotAList,
    /// Bytes remain after the RLP list.
    TrailingBytes {
        /// How many.
        count: usize,
    },
    /// The list does not have exactly 12 items.
    WrongFieldCount {
        /// Items found.
        found: usize,
    },
    /// A field is not canonical RLP of its type (or overflows it).
    Rlp {
        /// Field name (`chainId`, `to`, `accessList`, …).
        field: &'static str,
        /// alloy-rlp message.
        reason: String,
    },
    /// `yParity` is neither 0 nor 1.
    InvalidYParity {
        /// Value found.
        value: u8,
    },
    /// `r`/`s` out of range, high-s, or no public key recoverable.
    Signature(SignatureError),
    /// `to` is empty (contract creation) where a call was required.
    ContractCreation,
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("signed transaction is empty"),
            Self::WrongType { found } => write!(
                f,
                "transaction type is 0x{found:02x}, expected 0x02 (EIP-1559)"
            ),
            Self::NotAList => f.write_str("EIP-1559 transaction payload is not an RLP list"),
            Self::TrailingBytes { count } => {
                write!(f, "{count} trailing bytes after the EIP-1559 transaction")
            }
            Self::WrongFieldCount { found } => write!(
                f,
                "EIP-1559 signed transaction has {found} fields, expected {EIP1559_SIGNED_FIELD_COUNT}"
            ),
            Self::Rlp { field, reason } => {
                write!(f, "EIP-1559 transaction field {field} is invalid: {reason}")
            }
            Self::InvalidYParity { value } => {
                write!(
                    f,
                    "EIP-1559 transaction yParity is {value}, expected 0 or 1"
                )
            }
            Self::Signature(e) => write!(f, "EIP-1559 transaction signature is invalid: {e}"),
            Self::ContractCreation => {
                f.write_str("transaction is a contract creation (empty `to`), expected a call")
            }
        }
    }
}

impl std::error::Error for TxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Signature(e) => Some(e),
            _ => None,
        }
    }
}

fn rlp_err(field: &'static str) -> impl Fn(alloy_rlp::Error) -> TxError {
    move |e| TxError::Rlp {
        field,
        reason: e.to_string(),
    }
}

fn field<T: Decodable>(buf: &mut &[u8], name: &'static str) -> Result<T, TxError> {
    T::decode(buf).map_err(rlp_err(name))
}

/// Decodes a list header and returns its payload, advancing `buf` past the whole list.
fn list_payload<'a>(buf: &mut &'a [u8], name: &'static str) -> Result<&'a [u8], TxError> {
    let header = Header::decode(buf).map_err(rlp_err(name))?;
    if !header.list {
        return Err(TxError::Rlp {
            field: name,
            reason: "expected a list".to_owned(),
        });
    }
    let (payload, rest) =
        buf.split_at_checked(header.payload_length)
            .ok_or_else(|| TxError::Rlp {
                field: name,
                reason: "list shorter than its header".to_owned(),
            })?;
    *buf = rest;
    Ok(payload)
}

/// Number of top-level items in a list payload, or `None` if a header does not decode (the
/// field decoders then report the precise field).
fn count_items(mut payload: &[u8]) -> Option<usize> {
    let mut count = 0usize;
    while !payload.is_empty() {
        let header = Header::decode(&mut payload).ok()?;
        payload = payload.get(header.payload_length..)?;
        count = count.saturating_add(1);
    }
    Some(count)
}

fn decode_to(buf: &mut &[u8]) -> Result<Option<Address>, TxError> {
    if let Some((&alloy_rlp::EMPTY_STRING_CODE, rest)) = buf.split_first() {
        *buf = rest;
        return Ok(None);
    }
    field::<Address>(buf, "to").map(Some)
}

fn decode_access_list(buf: &mut &[u8]) -> Result<Vec<AccessListItem>, TxError> {
    let mut list = list_payload(buf, "accessList")?;
    let mut items = Vec::new();
    while !list.is_empty() {
        let mut item = list_payload(&mut list, "accessList")?;
        let address = field::<Address>(&mut item, "accessList")?;
        let mut keys = list_payload(&mut item, "accessList")?;
        if !item.is_empty() {
            return Err(TxError::Rlp {
                field: "accessList",
                reason: "access list item has more than 2 fields".to_owned(),
            });
        }
        let mut storage_keys = Vec::new();
        while !keys.is_empty() {
            storage_keys.push(field::<B256>(&mut keys, "accessList")?);
        }
        items.push(AccessListItem {
            address,
            storage_keys,
        });
    }
    Ok(items)
}

/// Parses and signature-checks a raw signed EIP-1559 transaction (see the module docs for the
/// exact rules).
pub fn parse_signed_eip1559(raw: &[u8]) -> Result<SignedEip1559, TxError> {
    let (&ty, mut body) = raw.split_first().ok_or(TxError::Empty)?;
    if ty != EIP1559_TX_TYPE {
        return Err(TxError::WrongType { found: ty });
    }
    let header = Header::decode(&mut body).map_err(rlp_err("transaction"))?;
    if !header.list {
        return Err(TxError::NotAList);
    }
    let (payload, rest) = body
        .split_at_checked(header.payload_length)
        .ok_or_else(|| TxError::Rlp {
            field: "transaction",
            reason: "list shorter than its header".to_owned(),
        })?;
    if !rest.is_empty() {
        return Err(TxError::TrailingBytes { count: rest.len() });
    }
    if let Some(found) = count_items(payload)
        && found != EIP1559_SIGNED_FIELD_COUNT
    {
        return Err(TxError::WrongFieldCount { found });
    }

    let mut buf = payload;
    let tx = UnsignedEip1559 {
        chain_id: field(&mut buf, "chainId")?,
        nonce: field(&mut buf, "nonce")?,
        max_priority_fee_per_gas: field(&mut buf, "maxPriorityFeePerGas")?,
        max_fee_per_gas: field(&mut buf, "maxFeePerGas")?,
        gas_limit: field(&mut buf, "gasLimit")?,
        to: decode_to(&mut buf)?,
        value: field(&mut buf, "value")?,
        input: field(&mut buf, "data")?,
        access_list: decode_access_list(&mut buf)?,
    };
    let y_parity = match field::<u8>(&mut buf, "yParity")? {
        0 => false,
        1 => true,
        value => return Err(TxError::InvalidYParity { value }),
    };
    let r: U256 = field(&mut buf, "r")?;
    let s: U256 = field(&mut buf, "s")?;
    if !buf.is_empty() {
        return Err(TxError::Rlp {
            field: "transaction",
            reason: "undecodable data after the s field".to_owned(),
        });
    }
    let signature = EcdsaSignature::from_scalars(r, s, y_parity).map_err(TxError::Signature)?;

    // The input is canonical, so re-encoding the nine fields equals `tx.encode_fields()`; we
    // hash our own encoding so that the signing hash never depends on input quirks.
    let signing_hash = tx.signing_hash();
    let signer = recover_signer(signing_hash, &signature).map_err(TxError::Signature)?;
    Ok(SignedEip1559 {
        tx,
        signature,
        signing_hash,
        signer,
        hash: keccak256(raw),
    })
}

impl UnsignedEip1559 {
    fn fields_payload(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.chain_id.encode(&mut out);
        self.nonce.encode(&mut out);
        self.max_priority_fee_per_gas.encode(&mut out);
        self.max_fee_per_gas.encode(&mut out);
        self.gas_limit.encode(&mut out);
        match &self.to {
            Some(to) => to.encode(&mut out),
            None => out.push(alloy_rlp::EMPTY_STRING_CODE),
        }
        self.value.encode(&mut out);
        self.input.encode(&mut out);
        let mut items = Vec::new();
        for item in &self.access_list {
            let mut entry = Vec::new();
            item.address.encode(&mut entry);
            self.encode_keys(&item.storage_keys, &mut entry);
            Header {
                list: true,
                payload_length: entry.len(),
            }
            .encode(&mut items);
            items.extend_from_slice(&entry);
        }
        Header {
            list: true,
            payload_length: items.len(),
        }
        .encode(&mut out);
        out.extend_from_slice(&items);
        out
    }

    fn encode_keys(&self, keys: &[B256], out: &mut Vec<u8>) {
        let mut payload = Vec::new();
        for key in keys {
            key.encode(&mut payload);
        }
        Header {
            list: true,
            payload_length: payload.len(),
        }
        .encode(out);
        out.extend_from_slice(&payload);
    }

    /// `keccak256(0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to,
    /// value, data, accessList]))`: the prehash the sender signs.
    pub fn signing_hash(&self) -> B256 {
        let payload = self.fields_payload();
        let mut out = vec![EIP1559_TX_TYPE];
        Header {
            list: true,
            payload_length: payload.len(),
        }
        .encode(&mut out);
        out.extend_from_slice(&payload);
        keccak256(out)
    }

    /// The raw signed transaction `0x02 ‖ rlp([…9 fields, yParity, r, s])`, ready for
    /// `eth_sendRawTransaction` (e.g. the `signedTransaction` of the ERC-20 approval extension).
    pub fn encode_signed(&self, signature: &EcdsaSignature) -> Bytes {
        let mut payload = self.fields_payload();
        u8::from(signature.y_parity()).encode(&mut payload);
        U256::from_be_bytes(signature.r().0).encode(&mut payload);
        U256::from_be_bytes(signature.s().0).encode(&mut payload);
        let mut out = vec![EIP1559_TX_TYPE];
        Header {
            list: true,
            payload_length: payload.len(),
        }
        .encode(&mut out);
        out.extend_from_slice(&payload);
        Bytes::from(out)
    }

    /// The called contract; [`TxError::ContractCreation`] when `to` is empty.
    pub fn call_target(&self) -> Result<Address, TxError> {
        self.to.ok_or(TxError::ContractCreation)
    }

    /// `(spender, amount)` if `data` is a canonical `approve(address,uint256)` call.
    pub fn approve_args(&self) -> Result<(Address, U256), ApproveCalldataError> {
        decode_approve_calldata(&self.input)
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
    use crate::evm::calls::approve;
    use crate::evm::constants::{
        ERC20_APPROVE_FALLBACK_MAX_FEE_PER_GAS, ERC20_APPROVE_FALLBACK_MAX_PRIORITY_FEE_PER_GAS,
        ERC20_APPROVE_GAS_LIMIT, PERMIT2_ADDRESS, SECP256K1_N,
    };
    use crate::evm::test_vectors as tv;
    use alloy_primitives::{b256, hex};
    use proptest::prelude::*;

    // Hand-checked vectors: computed by `testdata/eip1559_vectors.py`, an independent pure-Python
    // keccak/RLP/secp256k1 (RFC 6979, low-s) implementation that first reproduces the docs/protocol/evm.md §4.9
    // EIP-3009 signature of the same key, so it shares nothing with alloy.

    /// An `erc20ApprovalGasSponsoring` approval as the TS client builds it: Base Sepolia USDC,
    /// `approve(Permit2, MaxUint256)`, nonce 7, gas 70 000, fallback fees, no access list.
    const APPROVAL_RAW: [u8; 182] = hex!(
        "02f8b383014a34078405f5e100843b9aca008301117094036cbd53842c5426634e7929541ec2318f3dcf7e80b844095ea7b3000000000000000000000000000000000022d473030f116ddee9f6b43ac78ba3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc080a05a7c3db37d36241264ca4dd98a67e2680ec05adb3c7b0766412860297fa37933a054e0564975277031c3f54b543d7c77ee5298917dd475e3ae5bbcce65eca52162"
    );
    const APPROVAL_SIGNING_HASH: B256 =
        b256!("0xe5fd5824bfde17ad7041f354142a682f54202b6fb373080956c28413f2a016be");
    const APPROVAL_TX_HASH: B256 =
        b256!("0x211cd8f74258b39222ea336a5a2b0bcf9dbccfea61b0af57dcc30d1bcdebf8e3");

    /// A value transfer with a two-entry access list (y-parity 1).
    const ACCESS_LIST_RAW: [u8; 226] = hex!(
        "02f8df82210580010282520894209693bc6afc0c5328ba36faf03c514ef312287c880de0b6b3a764000080f872f85994036cbd53842c5426634e7929541ec2318f3dcf7ef842a00000000000000000000000000000000000000000000000000000000000000000a00000000000000000000000000000000000000000000000000000000000000001d694000000000022d473030f116ddee9f6b43ac78ba3c001a0fa3425a7399e872bfeb400c982a9d47b4314301f3339c8848ad1630d82d908e3a01ab5ca7c087c1b2163a7091a616cfcf06021655692aceb5233581431690f9c71"
    );
    const ACCESS_LIST_SIGNING_HASH: B256 =
        b256!("0xbf20baa34f24a74d2821520d50a2a553273adc95387849dbf448495db3339703");
    const ACCESS_LIST_TX_HASH: B256 =
        b256!("0x84a71349ef32e70dd7af6cc8c5ba9dc7d145386fde22175498dddbce6d0d1020");

    fn approval_tx() -> UnsignedEip1559 {
        UnsignedEip1559 {
            chain_id: tv::BASE_SEPOLIA,
            nonce: 7,
            max_priority_fee_per_gas: ERC20_APPROVE_FALLBACK_MAX_PRIORITY_FEE_PER_GAS,
            max_fee_per_gas: ERC20_APPROVE_FALLBACK_MAX_FEE_PER_GAS,
            gas_limit: ERC20_APPROVE_GAS_LIMIT,
            to: Some(tv::BASE_SEPOLIA_USDC),
            value: U256::ZERO,
            input: approve(tv::BASE_SEPOLIA_USDC, PERMIT2_ADDRESS, U256::MAX).data,
            access_list: vec![],
        }
    }

    /// Rebuilds `0x02 ‖ rlp(payload)` around a hand-edited payload.
    fn wrap(payload: &[u8]) -> Vec<u8> {
        let mut out = vec![2u8];
        Header {
            list: true,
            payload_length: payload.len(),
        }
        .encode(&mut out);
        out.extend_from_slice(payload);
        out
    }

    /// The RLP payload (items) of the approval vector, split into its 12 item encodings.
    fn approval_items() -> Vec<Vec<u8>> {
        let mut body = &APPROVAL_RAW[1..];
        let h = Header::decode(&mut body).unwrap();
        let mut payload = &body[..h.payload_length];
        let mut items = Vec::new();
        while !payload.is_empty() {
            let start = payload;
            let ih = Header::decode(&mut payload).unwrap();
            payload = &payload[ih.payload_length..];
            items.push(start[..start.len() - payload.len()].to_vec());
        }
        items
    }

    fn with_item(i: usize, replacement: &[u8]) -> Vec<u8> {
        let mut items = approval_items();
        items[i] = replacement.to_vec();
        wrap(&items.concat())
    }

    #[test]
    fn hand_checked_approval_vector() {
        let parsed = parse_signed_eip1559(&APPROVAL_RAW).unwrap();
        assert_eq!(parsed.tx, approval_tx());
        assert_eq!(parsed.signing_hash, APPROVAL_SIGNING_HASH);
        assert_eq!(parsed.hash, APPROVAL_TX_HASH);
        assert_eq!(parsed.signer, tv::TEST_ADDRESS);
        assert!(!parsed.signature.y_parity());
        assert_eq!(parsed.tx.call_target().unwrap(), tv::BASE_SEPOLIA_USDC);
        assert_eq!(
            parsed.tx.approve_args().unwrap(),
            (PERMIT2_ADDRESS, U256::MAX)
        );
        // Our encoder reproduces the exact bytes.
        assert_eq!(approval_tx().signing_hash(), APPROVAL_SIGNING_HASH);
        assert_eq!(
            approval_tx().encode_signed(&parsed.signature).as_ref(),
            &APPROVAL_RAW[..]
        );
    }

    #[test]
    fn hand_checked_access_list_vector() {
        let parsed = parse_signed_eip1559(&ACCESS_LIST_RAW).unwrap();
        assert_eq!(parsed.signing_hash, ACCESS_LIST_SIGNING_HASH);
        assert_eq!(parsed.hash, ACCESS_LIST_TX_HASH);
        assert_eq!(parsed.signer, tv::TEST_ADDRESS);
        assert!(parsed.signature.y_parity());
        assert_eq!(parsed.tx.chain_id, tv::BASE_MAINNET);
        assert_eq!(parsed.tx.value, U256::from(10u64.pow(18)));
        assert_eq!(parsed.tx.to, Some(tv::PAY_TO));
        assert!(parsed.tx.input.is_empty());
        assert_eq!(
            parsed.tx.access_list,
            vec![
                AccessListItem {
                    address: tv::BASE_SEPOLIA_USDC,
                    storage_keys: vec![B256::ZERO, B256::with_last_byte(1)],
                },
                AccessListItem {
                    address: PERMIT2_ADDRESS,
                    storage_keys: vec![]
                },
            ]
        );
        assert!(matches!(
            parsed.tx.approve_args(),
            Err(ApproveCalldataError::WrongSelector { .. })
        ));
        assert_eq!(
            parsed.tx.encode_signed(&parsed.signature).as_ref(),
            &ACCESS_LIST_RAW[..]
        );
    }

    #[test]
    fn envelope_errors() {
        assert_eq!(parse_signed_eip1559(&[]), Err(TxError::Empty));
        let mut legacy = APPROVAL_RAW.to_vec();
        legacy[0] = 1;
        assert_eq!(
            parse_signed_eip1559(&legacy),
            Err(TxError::WrongType { found: 1 })
        );
        // A legacy (untyped) transaction starts with a list byte.
        assert_eq!(
            parse_signed_eip1559(&APPROVAL_RAW[1..]),
            Err(TxError::WrongType { found: 0xf8 })
        );
        let mut trailing = APPROVAL_RAW.to_vec();
        trailing.push(0);
        assert_eq!(
            parse_signed_eip1559(&trailing),
            Err(TxError::TrailingBytes { count: 1 })
        );
        assert!(matches!(
            parse_signed_eip1559(&APPROVAL_RAW[..100]),
            Err(TxError::Rlp {
                field: "transaction",
                ..
            })
        ));
        assert_eq!(parse_signed_eip1559(&[2, 0x80]), Err(TxError::NotAList));
        let items = approval_items();
        assert_eq!(items.len(), 12);
        assert_eq!(
            parse_signed_eip1559(&wrap(&items[..11].concat())),
            Err(TxError::WrongFieldCount { found: 11 })
        );
        let mut thirteen = items.clone();
        thirteen.push(vec![0x80]);
        assert_eq!(
            parse_signed_eip1559(&wrap(&thirteen.concat())),
            Err(TxError::WrongFieldCount { found: 13 })
        );
    }

    #[test]
    fn non_canonical_rlp_is_rejected() {
        // nonce 7 as 0x8107 (single byte wrapped in a string header).
        assert!(matches!(
            parse_signed_eip1559(&with_item(1, &hex!("8107"))),
            Err(TxError::Rlp { field: "nonce", .. })
        ));
        // nonce with a leading zero byte.
        assert!(matches!(
            parse_signed_eip1559(&with_item(1, &hex!("820007"))),
            Err(TxError::Rlp { field: "nonce", .. })
        ));
        // value 0 as 0x00 instead of 0x80.
        assert!(matches!(
            parse_signed_eip1559(&with_item(6, &hex!("00"))),
            Err(TxError::Rlp { field: "value", .. })
        ));
        // chainId wider than 64 bits.
        assert!(matches!(
            parse_signed_eip1559(&with_item(0, &hex!("89010000000000000000"))),
            Err(TxError::Rlp {
                field: "chainId",
                ..
            })
        ));
        // 19-byte `to`.
        let mut short_to = vec![0x93];
        short_to.extend_from_slice(&[0x11; 19]);
        assert!(matches!(
            parse_signed_eip1559(&with_item(5, &short_to)),
            Err(TxError::Rlp { field: "to", .. })
        ));
        // data given as a list.
        assert!(matches!(
            parse_signed_eip1559(&with_item(7, &hex!("c0"))),
            Err(TxError::Rlp { field: "data", .. })
        ));
        // access list given as a string.
        assert!(matches!(
            parse_signed_eip1559(&with_item(8, &hex!("80"))),
            Err(TxError::Rlp {
                field: "accessList",
                ..
            })
        ));
        // access list item with a third field.
        let mut item = vec![0xd6 + 1];
        item.push(0x94);
        item.extend_from_slice(PERMIT2_ADDRESS.as_slice());
        item.push(0xc0);
        item.push(0x80);
        let mut list = vec![0xc0 + item.len() as u8];
        list.extend_from_slice(&item);
        assert!(matches!(
            parse_signed_eip1559(&with_item(8, &list)),
            Err(TxError::Rlp {
                field: "accessList",
                ..
            })
        ));
    }

    #[test]
    fn signature_field_errors() {
        assert_eq!(
            parse_signed_eip1559(&with_item(9, &hex!("02"))),
            Err(TxError::InvalidYParity { value: 2 })
        );
        assert!(matches!(
            parse_signed_eip1559(&with_item(9, &hex!("00"))),
            Err(TxError::Rlp {
                field: "yParity",
                ..
            })
        ));
        // r = 0
        assert_eq!(
            parse_signed_eip1559(&with_item(10, &hex!("80"))),
            Err(TxError::Signature(SignatureError::ScalarOutOfRange {
                scalar: crate::evm::signature::Scalar::R
            }))
        );
        // High-s twin of a valid signature (with flipped parity) recovers the same sender in
        // alloy, but is invalid here.
        let parsed = parse_signed_eip1559(&APPROVAL_RAW).unwrap();
        let high_s = SECP256K1_N - U256::from_be_bytes(parsed.signature.s().0);
        let mut s_item = Vec::new();
        high_s.encode(&mut s_item);
        let mut items = approval_items();
        items[9] = vec![0x01];
        items[11] = s_item;
        assert_eq!(
            parse_signed_eip1559(&wrap(&items.concat())),
            Err(TxError::Signature(SignatureError::HighS))
        );
        // A tampered field changes the signing hash and therefore the recovered signer.
        let tampered = parse_signed_eip1559(&with_item(1, &hex!("08"))).unwrap();
        assert_ne!(tampered.signer, tv::TEST_ADDRESS);
    }

    #[test]
    fn contract_creation_is_parsed_but_not_a_call_target() {
        let tx = UnsignedEip1559 {
            to: None,
            ..approval_tx()
        };
        let sig = EcdsaSignature::from_rsv(&tv::V1_SIGNATURE).unwrap();
        let raw = tx.encode_signed(&sig);
        let parsed = parse_signed_eip1559(&raw).unwrap();
        assert_eq!(parsed.tx.to, None);
        assert_eq!(parsed.tx.call_target(), Err(TxError::ContractCreation));
        assert!(
            TxError::ContractCreation
                .to_string()
                .contains("contract creation")
        );
    }

    #[cfg(feature = "signer")]
    #[test]
    fn sign_and_parse_with_the_local_signer() {
        use crate::evm::sign::LocalSigner;
        let signer = LocalSigner::from_bytes(&tv::TEST_KEY.0).unwrap();
        let tx = UnsignedEip1559 {
            nonce: 42,
            access_list: vec![AccessListItem {
                address: PERMIT2_ADDRESS,
                storage_keys: vec![B256::repeat_byte(7)],
            }],
            ..approval_tx()
        };
        let raw_sig = signer.sign_digest(tx.signing_hash()).unwrap();
        let sig = EcdsaSignature::from_rsv(&raw_sig).unwrap();
        let raw = tx.encode_signed(&sig);
        let parsed = parse_signed_eip1559(&raw).unwrap();
        assert_eq!(parsed.signer, signer.address());
        assert_eq!(parsed.tx, tx);
        // And the signer reproduces the hand-checked vector bit for bit (RFC 6979).
        let raw_sig = signer.sign_digest(APPROVAL_SIGNING_HASH).unwrap();
        let sig = EcdsaSignature::from_rsv(&raw_sig).unwrap();
        assert_eq!(
            approval_tx().encode_signed(&sig).as_ref(),
            &APPROVAL_RAW[..]
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_signed_eip1559(&bytes);
            let mut typed = vec![2u8];
            typed.extend_from_slice(&bytes);
            let _ = parse_signed_eip1559(&typed);
        }

        #[test]
        fn mutated_vector_never_panics(pos in 0usize..182, byte in any::<u8>()) {
            let mut raw = APPROVAL_RAW;
            raw[pos] = byte;
            let _ = parse_signed_eip1559(&raw);
        }

        #[test]
        fn encode_parse_round_trip(
            chain_id in any::<u64>(), nonce in any::<u64>(), tip in any::<u128>(), fee in any::<u128>(),
            gas in any::<u64>(), to in proptest::option::of(any::<[u8; 20]>()), value in any::<[u8; 32]>(),
            input in proptest::collection::vec(any::<u8>(), 0..80),
            keys in proptest::collection::vec(any::<[u8; 32]>(), 0..3),
        ) {
            let tx = UnsignedEip1559 {
                chain_id, nonce, max_priority_fee_per_gas: tip, max_fee_per_gas: fee, gas_limit: gas,
                to: to.map(Address::from), value: U256::from_be_bytes(value), input: Bytes::from(input),
                access_list: vec![AccessListItem { address: PERMIT2_ADDRESS, storage_keys: keys.into_iter().map(B256::from).collect() }],
            };
            let sig = EcdsaSignature::from_rsv(&tv::V1_SIGNATURE).unwrap();
            let raw = tx.encode_signed(&sig);
            let parsed = parse_signed_eip1559(&raw).unwrap();
            prop_assert_eq!(&parsed.tx, &tx);
            prop_assert_eq!(parsed.signing_hash, tx.signing_hash());
            // Recovery is consistent with direct recovery over the signing hash.
            prop_assert_eq!(parsed.signer, sig.recover(tx.signing_hash()).unwrap());
        }
    }
}
