//! ABI-encoded calls the x402 EVM schemes owe to the chain, and decoders for their results.
//!
//! This crate performs no I/O: each builder returns an [`EthCall`] (`to` + `data`) that the
//! caller sends with `eth_call` (reads, simulations) or in a transaction (settlement), and each
//! decoder turns the returned bytes into a value. "Is there code at this address?" (needed to
//! tell EOAs from smart wallets, docs/protocol/evm.md §4.2 step 4, and whether a proxy is deployed) is **not** a
//! call: it is the `eth_getCode` RPC method, so there is no builder for it here.
//!
//! | purpose | builder | result decoder |
//! |---|---|---|
//! | ERC-20 balance / allowance / EIP-712 name / version / EIP-2612 nonce | [`balance_of`], [`allowance`], [`token_name`], [`token_version`], [`nonces`] | [`decode_balance_of`], [`decode_allowance`], [`decode_token_name`], [`decode_token_version`], [`decode_nonces`] |
//! | EIP-3009 nonce used? | [`authorization_state`] | [`decode_authorization_state`] |
//! | ERC-1271 | [`is_valid_signature`] | [`is_valid_signature_result`] |
//! | proxy's Permit2 | [`proxy_permit2`] | [`decode_proxy_permit2`] |
//! | EIP-3009 settlement | [`transfer_with_authorization`], [`transfer_with_authorization_vrs`], [`transfer_with_authorization_bytes`] | – |
//! | Permit2 `exact` settlement | [`exact_settle`], [`exact_settle_with_permit`] | – |
//! | Permit2 `upto` settlement | [`upto_settle`], [`upto_settle_with_permit`] | – |
//! | ERC-6492 deploy + call simulation | [`erc6492_deploy_and_call`], [`try_aggregate`] | [`decode_try_aggregate`] |
//! | ERC-20 approval (gas sponsoring) | [`approve`] | [`decode_approve_calldata`] (of the calldata) |
//!
//! Proxy ABIs follow `contracts/evm/src/x402ExactPermit2Proxy.sol` / `x402UptoPermit2Proxy.sol`
//! (struct layouts `ISignatureTransfer.PermitTransferFrom {TokenPermissions permitted; uint256
//! nonce; uint256 deadline}`, `EIP2612Permit {uint256 value; uint256 deadline; bytes32 r;
//! bytes32 s; uint8 v}` and each proxy's own `Witness`). Result decoders validate strictly
//! (e.g. a `bool` word must be 0 or 1, an address word must have zero padding).

use core::fmt;

use alloy_primitives::{Address, B256, Bytes, FixedBytes, U256};
use alloy_sol_types::SolCall;

use super::constants::{APPROVE_SELECTOR, ERC1271_MAGIC_VALUE, MULTICALL3_ADDRESS};
use super::eip712::{Eip3009Authorization, ExactPermit2Authorization, UptoPermit2Authorization};
use super::signature::{ClassifiedSignature, EcdsaSignature};

mod sol_calls {
    alloy_sol_types::sol! {
        interface IERC20 {
            function balanceOf(address account) external view returns (uint256);
            function allowance(address owner, address spender) external view returns (uint256);
            function approve(address spender, uint256 amount) external returns (bool);
            function name() external view returns (string);
            function version() external view returns (string);
            function nonces(address owner) external view returns (uint256);
        }

        interface IERC3009 {
            function authorizationState(address authorizer, bytes32 nonce) external view returns (bool);
            function transferWithAuthorization(
                address from, address to, uint256 value, uint256 validAfter, uint256 validBefore,
                bytes32 nonce, uint8 v, bytes32 r, bytes32 s
            ) external;
            function transferWithAuthorization(
                address from, address to, uint256 value, uint256 validAfter, uint256 validBefore,
                bytes32 nonce, bytes signature
            ) external;
        }

        interface IERC1271 {
            function isValidSignature(bytes32 hash, bytes signature) external view returns (bytes4 magicValue);
        }

        interface IMulticall3 {
            struct Call {
                address target;
                bytes callData;
            }
            struct Result {
                bool success;
                bytes returnData;
            }
            function tryAggregate(bool requireSuccess, Call[] calls) external payable returns (Result[] returnData);
        }
    }
}

mod sol_exact_proxy {
    alloy_sol_types::sol! {
        struct TokenPermissions {
            address token;
            uint256 amount;
        }
        struct PermitTransferFrom {
            TokenPermissions permitted;
            uint256 nonce;
            uint256 deadline;
        }
        struct EIP2612Permit {
            uint256 value;
            uint256 deadline;
            bytes32 r;
            bytes32 s;
            uint8 v;
        }
        struct Witness {
            address to;
            uint256 validAfter;
        }
        interface IExactProxy {
            function PERMIT2() external view returns (address);
            function settle(PermitTransferFrom permit, address owner, Witness witness, bytes signature) external;
            function settleWithPermit(
                EIP2612Permit permit2612, PermitTransferFrom permit, address owner, Witness witness, bytes signature
            ) external;
        }
    }
}

mod sol_upto_proxy {
    alloy_sol_types::sol! {
        struct TokenPermissions {
            address token;
            uint256 amount;
        }
        struct PermitTransferFrom {
            TokenPermissions permitted;
            uint256 nonce;
            uint256 deadline;
        }
        struct EIP2612Permit {
            uint256 value;
            uint256 deadline;
            bytes32 r;
            bytes32 s;
            uint8 v;
        }
        struct Witness {
            address to;
            address facilitator;
            uint256 validAfter;
        }
        interface IUptoProxy {
            function settle(
                PermitTransferFrom permit, uint256 amount, address owner, Witness witness, bytes signature
            ) external;
            function settleWithPermit(
                EIP2612Permit permit2612, PermitTransferFrom permit, uint256 amount, address owner,
                Witness witness, bytes signature
            ) external;
        }
    }
}

use sol_calls::{IERC20, IERC1271, IERC3009, IMulticall3};

/// A contract call: the target and the ABI-encoded calldata (selector included). Send it with
/// `eth_call` or as the `to`/`data` of a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EthCall {
    /// Contract called.
    pub to: Address,
    /// Calldata.
    pub data: Bytes,
}

impl EthCall {
    fn new<C: SolCall>(to: Address, call: &C) -> Self {
        Self {
            to,
            data: Bytes::from(call.abi_encode()),
        }
    }

    /// The 4-byte selector at the start of [`data`](Self::data), if there is one.
    pub fn selector(&self) -> Option<FixedBytes<4>> {
        self.data.get(..4).map(FixedBytes::<4>::from_slice)
    }
}

/// A return value that does not decode as the function's declared output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallDecodeError {
    /// Solidity signature of the function whose result was decoded.
    pub function: &'static str,
    /// Decoder message.
    pub reason: String,
}

impl fmt::Display for CallDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "return data of {} does not decode: {}",
            self.function, self.reason
        )
    }
}

impl std::error::Error for CallDecodeError {}

fn decode_returns<C: SolCall>(data: &[u8]) -> Result<C::Return, CallDecodeError> {
    C::abi_decode_returns_validate(data).map_err(|e| CallDecodeError {
        function: C::SIGNATURE,
        reason: e.to_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/// ERC-20 `balanceOf(owner)`.
pub fn balance_of(token: Address, owner: Address) -> EthCall {
    EthCall::new(token, &IERC20::balanceOfCall { account: owner })
}

/// Decodes the `uint256` returned by `balanceOf`.
pub fn decode_balance_of(data: &[u8]) -> Result<U256, CallDecodeError> {
    decode_returns::<IERC20::balanceOfCall>(data)
}

/// ERC-20 `allowance(owner, spender)` (e.g. the payer's allowance to Permit2).
pub fn allowance(token: Address, owner: Address, spender: Address) -> EthCall {
    EthCall::new(token, &IERC20::allowanceCall { owner, spender })
}

/// Decodes the `uint256` returned by `allowance`.
pub fn decode_allowance(data: &[u8]) -> Result<U256, CallDecodeError> {
    decode_returns::<IERC20::allowanceCall>(data)
}

/// `name()`: the token name (not necessarily its EIP-712 domain name: USDC on Base returns
/// `"USD Coin"` for both, but the x402 domain name comes from `requirements.extra.name`).
pub fn token_name(token: Address) -> EthCall {
    EthCall::new(token, &IERC20::nameCall {})
}

/// Decodes the `string` returned by `name()`.
pub fn decode_token_name(data: &[u8]) -> Result<String, CallDecodeError> {
    decode_returns::<IERC20::nameCall>(data)
}

/// `version()` (EIP-3009 / FiatToken EIP-712 version).
pub fn token_version(token: Address) -> EthCall {
    EthCall::new(token, &IERC20::versionCall {})
}

/// Decodes the `string` returned by `version()`.
pub fn decode_token_version(data: &[u8]) -> Result<String, CallDecodeError> {
    decode_returns::<IERC20::versionCall>(data)
}

/// EIP-2612 `nonces(owner)`.
pub fn nonces(token: Address, owner: Address) -> EthCall {
    EthCall::new(token, &IERC20::noncesCall { owner })
}

/// Decodes the `uint256` returned by `nonces`.
pub fn decode_nonces(data: &[u8]) -> Result<U256, CallDecodeError> {
    decode_returns::<IERC20::noncesCall>(data)
}

/// EIP-3009 `authorizationState(authorizer, nonce)`: `true` once the nonce is used or cancelled.
pub fn authorization_state(token: Address, authorizer: Address, nonce: B256) -> EthCall {
    EthCall::new(
        token,
        &IERC3009::authorizationStateCall { authorizer, nonce },
    )
}

/// Decodes the `bool` returned by `authorizationState`.
pub fn decode_authorization_state(data: &[u8]) -> Result<bool, CallDecodeError> {
    decode_returns::<IERC3009::authorizationStateCall>(data)
}

/// ERC-1271 `isValidSignature(hash, signature)` on a smart wallet.
pub fn is_valid_signature(wallet: Address, hash: B256, signature: &[u8]) -> EthCall {
    EthCall::new(
        wallet,
        &IERC1271::isValidSignatureCall {
            hash,
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

/// Whether an `isValidSignature` return value means "valid": at least 32 bytes whose first word
/// is the magic `0x1626ba7e` left-aligned with 28 zero bytes (the OpenZeppelin / Circle
/// `SignatureChecker` rule: `result.length >= 32 && abi.decode(result, (bytes32)) ==
/// bytes32(selector)`). A reverted call is "invalid" too; that is the caller's to see.
pub fn is_valid_signature_result(data: &[u8]) -> bool {
    let mut expected = [0u8; 32];
    if let Some(head) = expected.get_mut(..4) {
        head.copy_from_slice(ERC1271_MAGIC_VALUE.as_slice());
    }
    data.get(..32) == Some(&expected[..])
}

/// `PERMIT2()` of an x402 Permit2 proxy (both proxies share it).
pub fn proxy_permit2(proxy: Address) -> EthCall {
    EthCall::new(proxy, &sol_exact_proxy::IExactProxy::PERMIT2Call {})
}

/// Decodes the `address` returned by `PERMIT2()`.
pub fn decode_proxy_permit2(data: &[u8]) -> Result<Address, CallDecodeError> {
    decode_returns::<sol_exact_proxy::IExactProxy::PERMIT2Call>(data)
}

// ---------------------------------------------------------------------------------------------
// EIP-3009 settlement
// ---------------------------------------------------------------------------------------------

/// `transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, uint8 v, bytes32
/// r, bytes32 s)`, the overload for ECDSA signatures. `v` is always 27/28, whatever form the
/// payer sent (Go normalises the same way; USDC's `ECRecover` rejects 0/1).
pub fn transfer_with_authorization_vrs(
    token: Address,
    auth: &Eip3009Authorization,
    sig: &EcdsaSignature,
) -> EthCall {
    EthCall::new(
        token,
        &IERC3009::transferWithAuthorization_0Call {
            from: auth.from,
            to: auth.to,
            value: auth.value,
            validAfter: auth.valid_after,
            validBefore: auth.valid_before,
            nonce: auth.nonce,
            v: sig.v(),
            r: sig.r(),
            s: sig.s(),
        },
    )
}

/// `transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, bytes
/// signature)`, the overload for smart-wallet (ERC-1271) signatures.
pub fn transfer_with_authorization_bytes(
    token: Address,
    auth: &Eip3009Authorization,
    signature: &[u8],
) -> EthCall {
    EthCall::new(
        token,
        &IERC3009::transferWithAuthorization_1Call {
            from: auth.from,
            to: auth.to,
            value: auth.value,
            validAfter: auth.valid_after,
            validBefore: auth.valid_before,
            nonce: auth.nonce,
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

/// Picks the overload like the SDKs do: the `v, r, s` overload when the (ERC-6492-unwrapped)
/// signature is ECDSA, the `bytes` overload with the unwrapped bytes otherwise. The ERC-6492
/// factory call, if any, is not included (see [`erc6492_deploy_and_call`]).
pub fn transfer_with_authorization(
    token: Address,
    auth: &Eip3009Authorization,
    sig: &ClassifiedSignature,
) -> EthCall {
    match sig.ecdsa() {
        Some(ecdsa) => transfer_with_authorization_vrs(token, auth, ecdsa),
        None => transfer_with_authorization_bytes(token, auth, &sig.unwrapped_bytes()),
    }
}

// ---------------------------------------------------------------------------------------------
// Permit2 proxies
// ---------------------------------------------------------------------------------------------

/// The `EIP2612Permit {value, deadline, r, s, v}` argument of `settleWithPermit`, built from
/// the `eip2612GasSponsoring` extension (`amount`, `deadline`, `signature`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Eip2612PermitArgs {
    /// Approved value; the proxy reverts `Permit2612AmountMismatch` unless it equals
    /// `permit.permitted.amount`.
    pub value: U256,
    /// Permit deadline.
    pub deadline: U256,
    /// The owner's EIP-2612 signature (passed as `v` = 27/28, `r`, `s`).
    pub signature: EcdsaSignature,
}

/// `x402ExactPermit2Proxy.settle(permit, owner, witness, signature)`.
pub fn exact_settle(
    proxy: Address,
    auth: &ExactPermit2Authorization,
    owner: Address,
    signature: &[u8],
) -> EthCall {
    use sol_exact_proxy as p;
    EthCall::new(
        proxy,
        &p::IExactProxy::settleCall {
            permit: exact_permit(auth),
            owner,
            witness: p::Witness {
                to: auth.to,
                validAfter: auth.valid_after,
            },
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

/// `x402ExactPermit2Proxy.settleWithPermit(permit2612, permit, owner, witness, signature)`.
pub fn exact_settle_with_permit(
    proxy: Address,
    permit2612: &Eip2612PermitArgs,
    auth: &ExactPermit2Authorization,
    owner: Address,
    signature: &[u8],
) -> EthCall {
    use sol_exact_proxy as p;
    EthCall::new(
        proxy,
        &p::IExactProxy::settleWithPermitCall {
            permit2612: p::EIP2612Permit {
                value: permit2612.value,
                deadline: permit2612.deadline,
                r: permit2612.signature.r(),
                s: permit2612.signature.s(),
                v: permit2612.signature.v(),
            },
            permit: exact_permit(auth),
            owner,
            witness: p::Witness {
                to: auth.to,
                validAfter: auth.valid_after,
            },
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

fn exact_permit(auth: &ExactPermit2Authorization) -> sol_exact_proxy::PermitTransferFrom {
    sol_exact_proxy::PermitTransferFrom {
        permitted: sol_exact_proxy::TokenPermissions {
            token: auth.token,
            amount: auth.amount,
        },
        nonce: auth.nonce,
        deadline: auth.deadline,
    }
}

/// `x402UptoPermit2Proxy.settle(permit, amount, owner, witness, signature)`; `amount` is the
/// actual charge (`<= permitted.amount`, non-zero; the contract reverts otherwise and must be
/// sent by `witness.facilitator`).
pub fn upto_settle(
    proxy: Address,
    auth: &UptoPermit2Authorization,
    amount: U256,
    owner: Address,
    signature: &[u8],
) -> EthCall {
    use sol_upto_proxy as p;
    EthCall::new(
        proxy,
        &p::IUptoProxy::settleCall {
            permit: upto_permit(auth),
            amount,
            owner,
            witness: upto_witness(auth),
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

/// `x402UptoPermit2Proxy.settleWithPermit(permit2612, permit, amount, owner, witness,
/// signature)`.
pub fn upto_settle_with_permit(
    proxy: Address,
    permit2612: &Eip2612PermitArgs,
    auth: &UptoPermit2Authorization,
    amount: U256,
    owner: Address,
    signature: &[u8],
) -> EthCall {
    use sol_upto_proxy as p;
    EthCall::new(
        proxy,
        &p::IUptoProxy::settleWithPermitCall {
            permit2612: p::EIP2612Permit {
                value: permit2612.value,
                deadline: permit2612.deadline,
                r: permit2612.signature.r(),
                s: permit2612.signature.s(),
                v: permit2612.signature.v(),
            },
            permit: upto_permit(auth),
            amount,
            owner,
            witness: upto_witness(auth),
            signature: Bytes::copy_from_slice(signature),
        },
    )
}

fn upto_permit(auth: &UptoPermit2Authorization) -> sol_upto_proxy::PermitTransferFrom {
    sol_upto_proxy::PermitTransferFrom {
        permitted: sol_upto_proxy::TokenPermissions {
            token: auth.token,
            amount: auth.amount,
        },
        nonce: auth.nonce,
        deadline: auth.deadline,
    }
}

fn upto_witness(auth: &UptoPermit2Authorization) -> sol_upto_proxy::Witness {
    sol_upto_proxy::Witness {
        to: auth.to,
        facilitator: auth.facilitator,
        validAfter: auth.valid_after,
    }
}

// ---------------------------------------------------------------------------------------------
// Multicall3
// ---------------------------------------------------------------------------------------------

/// `Multicall3.tryAggregate(requireSuccess, calls)` (value-less calls).
pub fn try_aggregate(require_success: bool, calls: &[EthCall]) -> EthCall {
    EthCall::new(
        MULTICALL3_ADDRESS,
        &IMulticall3::tryAggregateCall {
            requireSuccess: require_success,
            calls: calls
                .iter()
                .map(|c| IMulticall3::Call {
                    target: c.to,
                    callData: c.data.clone(),
                })
                .collect(),
        },
    )
}

/// One entry of a `tryAggregate` result.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CallOutcome {
    /// Whether the sub-call succeeded.
    pub success: bool,
    /// Its return (or revert) data.
    pub return_data: Bytes,
}

/// Decodes the `(bool, bytes)[]` returned by `tryAggregate`.
pub fn decode_try_aggregate(data: &[u8]) -> Result<Vec<CallOutcome>, CallDecodeError> {
    Ok(decode_returns::<IMulticall3::tryAggregateCall>(data)?
        .into_iter()
        .map(|r| CallOutcome {
            success: r.success,
            return_data: r.returnData,
        })
        .collect())
}

/// The ERC-6492 simulation of docs/protocol/evm.md §4.2 step 9: `tryAggregate(false, [factory.call(factoryCalldata),
/// call])`; the payment simulates successfully iff the **second** outcome succeeded (the
/// factory call may fail harmlessly when the wallet already exists).
pub fn erc6492_deploy_and_call(
    factory: Address,
    factory_calldata: &[u8],
    call: EthCall,
) -> EthCall {
    try_aggregate(
        false,
        &[
            EthCall {
                to: factory,
                data: Bytes::copy_from_slice(factory_calldata),
            },
            call,
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// approve
// ---------------------------------------------------------------------------------------------

/// ERC-20 `approve(spender, amount)` (the `erc20ApprovalGasSponsoring` client approves
/// Permit2 for `2^256 - 1`).
pub fn approve(token: Address, spender: Address, amount: U256) -> EthCall {
    EthCall::new(token, &IERC20::approveCall { spender, amount })
}

/// Length of `approve(address,uint256)` calldata: selector + two words.
pub const APPROVE_CALLDATA_LEN: usize = 4 + 32 + 32;

/// Why calldata is not a canonical `approve(address,uint256)` call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApproveCalldataError {
    /// The first four bytes are not `0x095ea7b3` (or there are fewer than four).
    WrongSelector {
        /// The selector found (empty or short if the data is shorter than 4 bytes).
        found: Bytes,
    },
    /// The selector is right but the calldata is not exactly 68 bytes.
    WrongLength {
        /// Length found.
        actual: usize,
    },
    /// The spender word has non-zero bytes above the 20-byte address.
    NonCanonicalAddress,
}

impl fmt::Display for ApproveCalldataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongSelector { found } => write!(
                f,
                "calldata selector is {found}, expected approve(address,uint256) 0x095ea7b3"
            ),
            Self::WrongLength { actual } => write!(
                f,
                "approve(address,uint256) calldata must be {APPROVE_CALLDATA_LEN} bytes, got {actual}"
            ),
            Self::NonCanonicalAddress => {
                f.write_str("approve spender word has non-zero bytes above the 20-byte address")
            }
        }
    }
}

impl std::error::Error for ApproveCalldataError {}

/// Decodes `approve(address,uint256)` calldata into `(spender, amount)`, strictly: right
/// selector, exactly 68 bytes, zero address padding. (TS `decodeFunctionData` and Go check the
/// selector and decode the same two words.)
pub fn decode_approve_calldata(data: &[u8]) -> Result<(Address, U256), ApproveCalldataError> {
    let (selector, args) = data.split_at_checked(4).unwrap_or((data, &[]));
    if selector != APPROVE_SELECTOR.as_slice() {
        return Err(ApproveCalldataError::WrongSelector {
            found: Bytes::copy_from_slice(selector),
        });
    }
    let args: &[u8; 64] = args
        .try_into()
        .map_err(|_| ApproveCalldataError::WrongLength { actual: data.len() })?;
    let (spender_word, amount_word) = args.split_at(32);
    let (padding, spender) = spender_word.split_at(12);
    if padding.iter().any(|b| *b != 0) {
        return Err(ApproveCalldataError::NonCanonicalAddress);
    }
    Ok((
        Address::from_slice(spender),
        U256::from_be_slice(amount_word),
    ))
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
    use crate::evm::constants::{
        EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS, UPTO_PERMIT2_PROXY_ADDRESS,
    };
    use crate::evm::signature::{classify_signature, encode_erc6492};
    use crate::evm::test_vectors as tv;
    use alloy_primitives::{hex, keccak256};
    use alloy_sol_types::SolValue;
    use proptest::prelude::*;

    fn sel(sig: &str) -> [u8; 4] {
        keccak256(sig)[..4].try_into().unwrap()
    }

    fn auth3009() -> Eip3009Authorization {
        Eip3009Authorization {
            from: tv::TEST_ADDRESS,
            to: tv::PAY_TO,
            value: U256::from(tv::VALUE_10000),
            valid_after: U256::from(tv::VALID_AFTER),
            valid_before: U256::from(tv::VALID_BEFORE),
            nonce: tv::EIP3009_NONCE,
        }
    }

    fn exact_auth() -> ExactPermit2Authorization {
        ExactPermit2Authorization {
            token: tv::BASE_SEPOLIA_USDC,
            amount: U256::from(tv::VALUE_10000),
            spender: EXACT_PERMIT2_PROXY_ADDRESS,
            nonce: tv::permit2_nonce(),
            deadline: U256::from(tv::VALID_BEFORE),
            to: tv::PAY_TO,
            valid_after: U256::from(tv::VALID_AFTER),
        }
    }

    fn upto_auth() -> UptoPermit2Authorization {
        UptoPermit2Authorization {
            token: tv::BASE_SEPOLIA_USDC,
            amount: U256::from(tv::V3_AMOUNT),
            spender: UPTO_PERMIT2_PROXY_ADDRESS,
            nonce: tv::permit2_nonce(),
            deadline: U256::from(tv::VALID_BEFORE),
            to: tv::PAY_TO,
            facilitator: tv::UPTO_FACILITATOR,
            valid_after: U256::from(tv::VALID_AFTER),
        }
    }

    fn permit_args() -> Eip2612PermitArgs {
        let sig = EcdsaSignature::from_rsv(&tv::V4_SIGNATURE).unwrap();
        Eip2612PermitArgs {
            value: U256::from(tv::VALUE_10000),
            deadline: U256::from(tv::VALID_BEFORE),
            signature: sig,
        }
    }

    #[test]
    fn selectors_match_signature_strings_and_known_literals() {
        let t = tv::BASE_SEPOLIA_USDC;
        let a = tv::TEST_ADDRESS;
        let sig = EcdsaSignature::from_rsv(&tv::V1_SIGNATURE).unwrap();
        let cases: Vec<(EthCall, &str, Option<[u8; 4]>)> = vec![
            (
                balance_of(t, a),
                "balanceOf(address)",
                Some(hex!("70a08231")),
            ),
            (
                allowance(t, a, PERMIT2_ADDRESS),
                "allowance(address,address)",
                Some(hex!("dd62ed3e")),
            ),
            (token_name(t), "name()", Some(hex!("06fdde03"))),
            (token_version(t), "version()", Some(hex!("54fd4d50"))),
            (nonces(t, a), "nonces(address)", Some(hex!("7ecebe00"))),
            (
                approve(t, PERMIT2_ADDRESS, U256::MAX),
                "approve(address,uint256)",
                Some(hex!("095ea7b3")),
            ),
            (
                authorization_state(t, a, tv::EIP3009_NONCE),
                "authorizationState(address,bytes32)",
                Some(hex!("e94a0102")),
            ),
            (
                is_valid_signature(a, tv::V1_DIGEST, &[1, 2, 3]),
                "isValidSignature(bytes32,bytes)",
                Some(hex!("1626ba7e")),
            ),
            (
                transfer_with_authorization_vrs(t, &auth3009(), &sig),
                "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
                Some(hex!("e3ee160e")),
            ),
            (
                transfer_with_authorization_bytes(t, &auth3009(), &[0u8; 100]),
                "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)",
                Some(hex!("cf092995")),
            ),
            (
                try_aggregate(false, &[]),
                "tryAggregate(bool,(address,bytes)[])",
                Some(hex!("bce38bd7")),
            ),
            (
                proxy_permit2(EXACT_PERMIT2_PROXY_ADDRESS),
                "PERMIT2()",
                None,
            ),
            (
                exact_settle(
                    EXACT_PERMIT2_PROXY_ADDRESS,
                    &exact_auth(),
                    a,
                    &tv::V2_SIGNATURE,
                ),
                "settle(((address,uint256),uint256,uint256),address,(address,uint256),bytes)",
                None,
            ),
            (
                exact_settle_with_permit(
                    EXACT_PERMIT2_PROXY_ADDRESS,
                    &permit_args(),
                    &exact_auth(),
                    a,
                    &tv::V2_SIGNATURE,
                ),
                "settleWithPermit((uint256,uint256,bytes32,bytes32,uint8),((address,uint256),uint256,uint256),address,(address,uint256),bytes)",
                None,
            ),
            (
                upto_settle(
                    UPTO_PERMIT2_PROXY_ADDRESS,
                    &upto_auth(),
                    U256::from(1u8),
                    a,
                    &tv::V3_SIGNATURE,
                ),
                "settle(((address,uint256),uint256,uint256),uint256,address,(address,address,uint256),bytes)",
                None,
            ),
            (
                upto_settle_with_permit(
                    UPTO_PERMIT2_PROXY_ADDRESS,
                    &permit_args(),
                    &upto_auth(),
                    U256::from(1u8),
                    a,
                    &tv::V3_SIGNATURE,
                ),
                "settleWithPermit((uint256,uint256,bytes32,bytes32,uint8),((address,uint256),uint256,uint256),uint256,address,(address,address,uint256),bytes)",
                None,
            ),
        ];
        for (call, signature, literal) in cases {
            assert_eq!(call.selector().unwrap().0, sel(signature), "{signature}");
            if let Some(lit) = literal {
                assert_eq!(call.selector().unwrap().0, lit, "{signature}");
            }
        }
    }

    #[test]
    fn vrs_calldata_is_the_static_abi_layout_with_v_27_28() {
        // v = 0/1 input still goes out as 27/28.
        let mut raw = tv::V1_SIGNATURE;
        raw[64] -= 27;
        let sig = EcdsaSignature::from_rsv(&raw).unwrap();
        let a = auth3009();
        let call = transfer_with_authorization_vrs(tv::BASE_SEPOLIA_USDC, &a, &sig);
        let mut expected = sel(
            "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
        )
        .to_vec();
        expected.extend_from_slice(a.from.into_word().as_slice());
        expected.extend_from_slice(a.to.into_word().as_slice());
        expected.extend_from_slice(&a.value.to_be_bytes::<32>());
        expected.extend_from_slice(&a.valid_after.to_be_bytes::<32>());
        expected.extend_from_slice(&a.valid_before.to_be_bytes::<32>());
        expected.extend_from_slice(a.nonce.as_slice());
        expected.extend_from_slice(&U256::from(tv::V1_SIGNATURE[64]).to_be_bytes::<32>());
        expected.extend_from_slice(&tv::V1_SIGNATURE[..64]);
        assert_eq!(call.data.as_ref(), &expected[..]);
        assert_eq!(call.to, tv::BASE_SEPOLIA_USDC);
    }

    #[test]
    fn overload_choice_follows_the_classification() {
        let a = auth3009();
        let t = tv::BASE_SEPOLIA_USDC;
        let eoa = classify_signature(&tv::V1_SIGNATURE).unwrap();
        assert_eq!(
            transfer_with_authorization(t, &a, &eoa)
                .selector()
                .unwrap()
                .0,
            hex!("e3ee160e")
        );
        let wallet = classify_signature(&[9u8; 130]).unwrap();
        let call = transfer_with_authorization(t, &a, &wallet);
        assert_eq!(call, transfer_with_authorization_bytes(t, &a, &[9u8; 130]));
        // ERC-6492: the inner signature is used, the wrapper is not.
        let wrapped = encode_erc6492(tv::PAY_TO, &[1, 2], &[9u8; 130]);
        let call = transfer_with_authorization(t, &a, &classify_signature(&wrapped).unwrap());
        assert_eq!(call, transfer_with_authorization_bytes(t, &a, &[9u8; 130]));
    }

    #[test]
    fn exact_settle_encodes_the_contract_argument_tuple() {
        let a = exact_auth();
        let call = exact_settle(
            EXACT_PERMIT2_PROXY_ADDRESS,
            &a,
            tv::TEST_ADDRESS,
            &tv::V2_SIGNATURE,
        );
        // Independent encoding with plain tuples (no named structs).
        let args = (
            ((a.token, a.amount), a.nonce, a.deadline),
            tv::TEST_ADDRESS,
            (a.to, a.valid_after),
            Bytes::copy_from_slice(&tv::V2_SIGNATURE),
        );
        let mut expected =
            sel("settle(((address,uint256),uint256,uint256),address,(address,uint256),bytes)")
                .to_vec();
        expected.extend_from_slice(&args.abi_encode_params());
        assert_eq!(call.data.as_ref(), &expected[..]);
        assert_eq!(call.to, EXACT_PERMIT2_PROXY_ADDRESS);
    }

    #[test]
    fn upto_settle_with_permit_encodes_the_contract_argument_tuple() {
        let a = upto_auth();
        let p = permit_args();
        let amount = U256::from(1234u32);
        let call = upto_settle_with_permit(
            UPTO_PERMIT2_PROXY_ADDRESS,
            &p,
            &a,
            amount,
            tv::TEST_ADDRESS,
            &tv::V3_SIGNATURE,
        );
        let args = (
            // A uint8 is one big-endian word, like a uint256 of the same value.
            (
                p.value,
                p.deadline,
                p.signature.r(),
                p.signature.s(),
                U256::from(p.signature.v()),
            ),
            ((a.token, a.amount), a.nonce, a.deadline),
            amount,
            tv::TEST_ADDRESS,
            (a.to, a.facilitator, a.valid_after),
            Bytes::copy_from_slice(&tv::V3_SIGNATURE),
        );
        let mut expected = sel("settleWithPermit((uint256,uint256,bytes32,bytes32,uint8),((address,uint256),uint256,uint256),uint256,address,(address,address,uint256),bytes)").to_vec();
        expected.extend_from_slice(&args.abi_encode_params());
        assert_eq!(call.data.as_ref(), &expected[..]);
        assert_eq!(p.signature.v(), 27);
    }

    #[test]
    fn result_decoders() {
        let word = |u: U256| u.to_be_bytes::<32>().to_vec();
        assert_eq!(
            decode_balance_of(&word(U256::from(42u8))).unwrap(),
            U256::from(42u8)
        );
        assert_eq!(decode_allowance(&word(U256::MAX)).unwrap(), U256::MAX);
        assert_eq!(decode_nonces(&word(U256::ZERO)).unwrap(), U256::ZERO);
        assert!(decode_authorization_state(&word(U256::from(1u8))).unwrap());
        assert!(!decode_authorization_state(&word(U256::ZERO)).unwrap());
        // A bool word of 2 is not a bool.
        let err = decode_authorization_state(&word(U256::from(2u8))).unwrap_err();
        assert!(
            err.to_string()
                .contains("authorizationState(address,bytes32)"),
            "{err}"
        );
        assert!(decode_balance_of(&[0u8; 31]).is_err());
        assert_eq!(
            decode_token_name(&"USD Coin".to_string().abi_encode()).unwrap(),
            "USD Coin"
        );
        assert_eq!(
            decode_token_version(&"2".to_string().abi_encode()).unwrap(),
            "2"
        );
        // Offset word pointing past the end of the data.
        assert!(decode_token_name(&word(U256::from(32u8))).is_err());
        assert_eq!(
            decode_proxy_permit2(PERMIT2_ADDRESS.into_word().as_slice()).unwrap(),
            PERMIT2_ADDRESS
        );
        let mut dirty = PERMIT2_ADDRESS.into_word();
        dirty.0[0] = 1;
        assert!(decode_proxy_permit2(dirty.as_slice()).is_err());
    }

    #[test]
    fn erc1271_result_check() {
        let mut ok = [0u8; 32];
        ok[..4].copy_from_slice(&hex!("1626ba7e"));
        assert!(is_valid_signature_result(&ok));
        let mut longer = ok.to_vec();
        longer.extend_from_slice(&[0xff; 32]);
        assert!(is_valid_signature_result(&longer));
        assert!(!is_valid_signature_result(&ok[..31]));
        assert!(!is_valid_signature_result(&[]));
        let mut wrong = ok;
        wrong[0] = 0xff;
        assert!(!is_valid_signature_result(&wrong));
        let mut dirty = ok;
        dirty[31] = 1;
        assert!(!is_valid_signature_result(&dirty));
        // Right-aligned (a uint-style encoding) is not the magic either.
        let mut right = [0u8; 32];
        right[28..].copy_from_slice(&hex!("1626ba7e"));
        assert!(!is_valid_signature_result(&right));
    }

    #[test]
    fn multicall_round_trip_and_6492_simulation() {
        let inner = transfer_with_authorization_vrs(
            tv::BASE_SEPOLIA_USDC,
            &auth3009(),
            &EcdsaSignature::from_rsv(&tv::V1_SIGNATURE).unwrap(),
        );
        let call = erc6492_deploy_and_call(tv::PAY_TO, &[0xaa, 0xbb], inner.clone());
        assert_eq!(call.to, MULTICALL3_ADDRESS);
        let decoded = IMulticall3::tryAggregateCall::abi_decode(&call.data).unwrap();
        assert!(!decoded.requireSuccess);
        assert_eq!(decoded.calls.len(), 2);
        assert_eq!(decoded.calls[0].target, tv::PAY_TO);
        assert_eq!(decoded.calls[0].callData.as_ref(), &[0xaa, 0xbb]);
        assert_eq!(decoded.calls[1].target, inner.to);
        assert_eq!(decoded.calls[1].callData, inner.data);

        let ret = IMulticall3::tryAggregateCall::abi_encode_returns(&vec![
            IMulticall3::Result {
                success: false,
                returnData: Bytes::from_static(&[1]),
            },
            IMulticall3::Result {
                success: true,
                returnData: Bytes::new(),
            },
        ]);
        let outcomes = decode_try_aggregate(&ret).unwrap();
        assert_eq!(
            outcomes,
            vec![
                CallOutcome {
                    success: false,
                    return_data: Bytes::from_static(&[1])
                },
                CallOutcome {
                    success: true,
                    return_data: Bytes::new()
                },
            ]
        );
        assert!(decode_try_aggregate(&[0u8; 5]).is_err());
    }

    #[test]
    fn approve_calldata_decoding() {
        let call = approve(tv::BASE_SEPOLIA_USDC, PERMIT2_ADDRESS, U256::MAX);
        assert_eq!(call.data.len(), APPROVE_CALLDATA_LEN);
        assert_eq!(
            decode_approve_calldata(&call.data).unwrap(),
            (PERMIT2_ADDRESS, U256::MAX)
        );

        let err = decode_approve_calldata(&[]).unwrap_err();
        assert_eq!(
            err,
            ApproveCalldataError::WrongSelector {
                found: Bytes::new()
            }
        );
        let transfer = hex!("a9059cbb");
        assert!(matches!(
            decode_approve_calldata(&transfer),
            Err(ApproveCalldataError::WrongSelector { .. })
        ));
        let mut long = call.data.to_vec();
        long.push(0);
        assert_eq!(
            decode_approve_calldata(&long),
            Err(ApproveCalldataError::WrongLength { actual: 69 })
        );
        assert_eq!(
            decode_approve_calldata(&call.data[..67]),
            Err(ApproveCalldataError::WrongLength { actual: 67 })
        );
        let mut dirty = call.data.to_vec();
        dirty[4] = 1;
        assert_eq!(
            decode_approve_calldata(&dirty),
            Err(ApproveCalldataError::NonCanonicalAddress)
        );
        assert!(
            ApproveCalldataError::WrongLength { actual: 3 }
                .to_string()
                .contains("68 bytes")
        );
    }

    proptest! {
        #[test]
        fn decoders_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode_approve_calldata(&data);
            let _ = decode_try_aggregate(&data);
            let _ = decode_token_name(&data);
            let _ = decode_balance_of(&data);
            let _ = is_valid_signature_result(&data);
        }

        #[test]
        fn approve_round_trip(spender in any::<[u8; 20]>(), amount in any::<[u8; 32]>()) {
            let spender = Address::from(spender);
            let amount = U256::from_be_bytes(amount);
            let call = approve(Address::ZERO, spender, amount);
            prop_assert_eq!(decode_approve_calldata(&call.data).unwrap(), (spender, amount));
        }
    }
}
