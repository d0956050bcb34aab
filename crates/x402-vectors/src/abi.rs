//! Describes the calldata that x402-spec builds: which function it calls and its arguments in
//! the vector JSON encoding (uint as decimal strings, addresses EIP-55, bytes as lower-case hex,
//! tuples as arrays), so that an independent ABI encoder (the oracle lane's viem and eth-abi)
//! can re-encode `function(args)` and compare it with `data`.
//!
//! The calldata itself is never built here: x402-spec builds it; this module only decodes it
//! with a small generic ABI decoder driven by the canonical function signature.

use alloy_primitives::{U256, keccak256};
use serde_json::Value;
use x402_spec::primitives::EvmAddress;

use crate::VectorError;

/// The canonical signatures of every call x402-spec emits (verification reads, simulations,
/// settlement, the ERC-20 approval).
const KNOWN: &[&str] = &[
    "balanceOf(address)",
    "allowance(address,address)",
    "approve(address,uint256)",
    "authorizationState(address,bytes32)",
    "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
    "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
    "isValidSignature(bytes32,bytes)",
    "PERMIT2()",
    "nonceBitmap(address,uint256)",
    "settle(((address,uint256),uint256,uint256),address,(address,uint256),bytes)",
    "settleWithPermit((uint256,uint256,bytes32,bytes32,uint8),((address,uint256),uint256,uint256),address,(address,uint256),bytes)",
    "settle(((address,uint256),uint256,uint256),uint256,address,(address,address,uint256),bytes)",
    "settleWithPermit((uint256,uint256,bytes32,bytes32,uint8),((address,uint256),uint256,uint256),uint256,address,(address,address,uint256),bytes)",
    "tryAggregate(bool,(address,bytes)[])",
];

/// An ABI type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ty {
    Address,
    Bool,
    Uint,
    FixedBytes(usize),
    Bytes,
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
}

impl Ty {
    fn is_dynamic(&self) -> bool {
        match self {
            Ty::Bytes | Ty::Array(_) => true,
            Ty::Tuple(items) => items.iter().any(Ty::is_dynamic),
            Ty::Address | Ty::Bool | Ty::Uint | Ty::FixedBytes(_) => false,
        }
    }

    /// Size of the head slot(s) of this type inside a tuple.
    fn head_size(&self) -> usize {
        match self {
            Ty::Tuple(items) if !self.is_dynamic() => items
                .iter()
                .map(Ty::head_size)
                .fold(0, usize::saturating_add),
            _ => 32,
        }
    }
}

fn err(msg: impl Into<String>) -> VectorError {
    VectorError::Abi(msg.into())
}

/// Splits a comma-separated type list at depth 0.
fn split_top(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth = depth.saturating_add(1),
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(list.get(start..i).unwrap_or_default());
                start = i.saturating_add(1);
            }
            _ => {}
        }
    }
    if start < list.len() {
        out.push(list.get(start..).unwrap_or_default());
    }
    out
}

fn parse_ty(s: &str) -> Result<Ty, VectorError> {
    if let Some(inner) = s.strip_suffix("[]") {
        return Ok(Ty::Array(Box::new(parse_ty(inner)?)));
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return split_top(inner)
            .into_iter()
            .map(parse_ty)
            .collect::<Result<Vec<_>, _>>()
            .map(Ty::Tuple);
    }
    match s {
        "address" => Ok(Ty::Address),
        "bool" => Ok(Ty::Bool),
        "bytes" => Ok(Ty::Bytes),
        _ if s.starts_with("uint") => Ok(Ty::Uint),
        _ => match s
            .strip_prefix("bytes")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) if (1..=32).contains(&n) => Ok(Ty::FixedBytes(n)),
            _ => Err(err(format!("unsupported ABI type {s:?}"))),
        },
    }
}

/// The parameter types of a canonical signature `name(t1,t2,...)`.
fn params(signature: &str) -> Result<Vec<Ty>, VectorError> {
    let open = signature
        .find('(')
        .ok_or_else(|| err(format!("not a function signature: {signature}")))?;
    let list = signature
        .get(open..)
        .and_then(|t| t.strip_prefix('('))
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| err(format!("not a function signature: {signature}")))?;
    if list.is_empty() {
        return Ok(Vec::new());
    }
    split_top(list).into_iter().map(parse_ty).collect()
}

fn word(data: &[u8], at: usize) -> Result<&[u8], VectorError> {
    let end = at.checked_add(32).ok_or_else(|| err("offset overflow"))?;
    data.get(at..end)
        .ok_or_else(|| err(format!("calldata too short for a word at {at}")))
}

fn read_usize(data: &[u8], at: usize) -> Result<usize, VectorError> {
    let w = U256::from_be_slice(word(data, at)?);
    usize::try_from(w).map_err(|_| err("offset or length does not fit usize"))
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", alloy_primitives::hex::encode(bytes))
}

/// Decodes the values of `types` laid out as a tuple starting at `base`.
fn decode_tuple(types: &[Ty], data: &[u8], base: usize) -> Result<Vec<Value>, VectorError> {
    let mut out = Vec::with_capacity(types.len());
    let mut head = base;
    for ty in types {
        let value = if ty.is_dynamic() {
            let offset = read_usize(data, head)?;
            let at = base
                .checked_add(offset)
                .ok_or_else(|| err("offset overflow"))?;
            decode_at(ty, data, at)?
        } else {
            decode_at(ty, data, head)?
        };
        out.push(value);
        head = head
            .checked_add(ty.head_size())
            .ok_or_else(|| err("offset overflow"))?;
    }
    Ok(out)
}

fn decode_at(ty: &Ty, data: &[u8], at: usize) -> Result<Value, VectorError> {
    match ty {
        Ty::Address => {
            let w = word(data, at)?;
            let mut bytes = [0u8; 20];
            bytes.copy_from_slice(w.get(12..).unwrap_or_default());
            Ok(Value::String(EvmAddress::from_bytes(bytes).to_string()))
        }
        Ty::Bool => Ok(Value::Bool(!U256::from_be_slice(word(data, at)?).is_zero())),
        Ty::Uint => Ok(Value::String(
            U256::from_be_slice(word(data, at)?).to_string(),
        )),
        Ty::FixedBytes(n) => Ok(Value::String(hex(word(data, at)?
            .get(..*n)
            .unwrap_or_default()))),
        Ty::Bytes => {
            let len = read_usize(data, at)?;
            let start = at.checked_add(32).ok_or_else(|| err("offset overflow"))?;
            let end = start
                .checked_add(len)
                .ok_or_else(|| err("offset overflow"))?;
            let bytes = data
                .get(start..end)
                .ok_or_else(|| err("bytes run past the calldata"))?;
            Ok(Value::String(hex(bytes)))
        }
        Ty::Array(inner) => {
            let len = read_usize(data, at)?;
            let start = at.checked_add(32).ok_or_else(|| err("offset overflow"))?;
            let types = vec![(**inner).clone(); len];
            decode_tuple(&types, data, start).map(Value::Array)
        }
        Ty::Tuple(items) => decode_tuple(items, data, at).map(Value::Array),
    }
}

/// The 4-byte selector of a canonical signature.
fn selector(signature: &str) -> [u8; 4] {
    let h = keccak256(signature.as_bytes());
    let mut out = [0u8; 4];
    out.copy_from_slice(h.get(..4).unwrap_or(&[0u8; 4]));
    out
}

/// `(function signature, positional arguments)` of calldata built by x402-spec.
///
/// # Errors
/// Unknown selector or calldata that does not decode as the function's parameters.
pub(crate) fn describe(data: &[u8]) -> Result<(String, Vec<Value>), VectorError> {
    let sel = data
        .get(..4)
        .ok_or_else(|| err("calldata shorter than a selector"))?;
    let signature = KNOWN
        .iter()
        .find(|s| selector(s) == sel)
        .ok_or_else(|| err(format!("unknown selector {}", hex(sel))))?;
    let types = params(signature)?;
    let body = data.get(4..).unwrap_or_default();
    let args = decode_tuple(&types, body, 0)?;
    Ok(((*signature).to_owned(), args))
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
    use alloy_primitives::{Address, B256, Bytes};
    use x402_spec::evm::calls;

    #[test]
    fn describes_balance_of_and_try_aggregate() {
        let token = Address::repeat_byte(0x11);
        let owner = Address::repeat_byte(0x22);
        let c = calls::balance_of(token, owner);
        let (f, args) = describe(&c.data).unwrap();
        assert_eq!(f, "balanceOf(address)");
        assert_eq!(
            args,
            vec![Value::String(EvmAddress::new(owner).to_string())]
        );

        let inner = calls::authorization_state(token, owner, B256::repeat_byte(7));
        let agg = calls::try_aggregate(
            false,
            &[
                calls::EthCall {
                    to: owner,
                    data: Bytes::from(vec![1, 2, 3]),
                },
                inner,
            ],
        );
        let (f, args) = describe(&agg.data).unwrap();
        assert_eq!(f, "tryAggregate(bool,(address,bytes)[])");
        assert_eq!(args[0], Value::Bool(false));
        let list = args[1].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0][1], Value::String("0x010203".into()));
    }

    #[test]
    fn unknown_selector_is_an_error() {
        assert!(describe(&[0xde, 0xad, 0xbe, 0xef]).is_err());
        assert!(describe(&[0x01]).is_err());
    }
}
