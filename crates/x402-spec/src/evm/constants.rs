//! Every EVM constant the x402 schemes use, in one documented place.
//!
//! Addresses and numbers come from docs/protocol/evm.md §4.1 (identical in the TS
//! `mechanisms/evm/src/constants.ts`, Go `go/mechanisms/evm/constants.go` and Python
//! `python/x402/mechanisms/evm/constants.py` SDKs). EIP-712 type strings and their type hashes
//! come from docs/protocol/evm.md §4.2–§4.5; every type hash here is checked against `keccak256(type string)` by the
//! unit tests of this module, and every type string against the `encodeType` output of the
//! `sol!` structs in [`super::eip712`].

use alloy_primitives::{Address, B256, FixedBytes, U256, address, b256, fixed_bytes};

// ---------------------------------------------------------------------------------------------
// Contract addresses (same address on every chain: all are CREATE2 deployments)
// ---------------------------------------------------------------------------------------------

/// Canonical Uniswap Permit2 (`SignatureTransfer`), the EIP-712 `verifyingContract` of every
/// Permit2 signature and the spender an owner approves once per token.
pub const PERMIT2_ADDRESS: Address = address!("0x000000000022D473030F116dDEE9F6B43aC78BA3");

/// `x402ExactPermit2Proxy`: the Permit2 `spender` of the `exact` scheme
/// (`contracts/evm/src/x402ExactPermit2Proxy.sol`).
pub const EXACT_PERMIT2_PROXY_ADDRESS: Address =
    address!("0x402085c248EeA27D92E8b30b2C58ed07f9E20001");

/// `x402UptoPermit2Proxy`: the Permit2 `spender` of the `upto` scheme
/// (`contracts/evm/src/x402UptoPermit2Proxy.sol`).
pub const UPTO_PERMIT2_PROXY_ADDRESS: Address =
    address!("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002");

/// Multicall3, used for the ERC-6492 "deploy then call" simulation
/// (`tryAggregate(false, [factory call, token call])`) and for diagnostics.
pub const MULTICALL3_ADDRESS: Address = address!("0xcA11bde05977b3631167028862bE2a173976CA11");

// ---------------------------------------------------------------------------------------------
// Signature markers and selectors
// ---------------------------------------------------------------------------------------------

/// ERC-6492 magic suffix: the last 32 bytes of a signature wrapped for a counterfactual
/// (not yet deployed) smart wallet (EIP-6492; Go `go/mechanisms/evm/erc6492.go`). Note: the Go
/// SDK's comment calls it `bytes32(uint256(keccak256("erc6492.invalid.signature")) - 1)`, which
/// it is not (a unit test checks); it is simply the repeated `0x6492` pattern of EIP-6492.
pub const ERC6492_MAGIC_SUFFIX: B256 =
    b256!("0x6492649264926492649264926492649264926492649264926492649264926492");

/// ERC-1271 magic value: `isValidSignature(bytes32,bytes)` returns exactly this `bytes4`
/// (which is that function's own selector) when the signature is valid.
pub const ERC1271_MAGIC_VALUE: FixedBytes<4> = fixed_bytes!("0x1626ba7e");

/// Selector of ERC-20 `approve(address,uint256)`, checked on the signed transaction of the
/// `erc20ApprovalGasSponsoring` extension (docs/protocol/evm.md §4.5).
pub const APPROVE_SELECTOR: FixedBytes<4> = fixed_bytes!("0x095ea7b3");

// ---------------------------------------------------------------------------------------------
// Time tolerances (docs/protocol/evm.md §4.7)
// ---------------------------------------------------------------------------------------------

/// Facilitator buffer on the upper time bound: an EIP-3009 `validBefore`, a Permit2 `deadline`
/// or an EIP-2612 `deadline` is valid only if it is `>= now + 6` (TS/Go/Py
/// `Permit2DeadlineBuffer = 6`), so the settlement transaction still has time to be mined.
pub const TIME_BUFFER_SECS: u64 = 6;

/// Client clock-skew allowance: clients sign `validAfter = now - 600` (all SDKs).
pub const CLIENT_VALID_AFTER_SKEW_SECS: u64 = 600;

// ---------------------------------------------------------------------------------------------
// Gas-sponsoring extensions (docs/protocol/evm.md §4.5)
// ---------------------------------------------------------------------------------------------

/// Gas limit of the client-signed `approve(Permit2, MaxUint256)` transaction of the
/// `erc20ApprovalGasSponsoring` extension (TS `exact/client/erc20approval.ts`).
pub const ERC20_APPROVE_GAS_LIMIT: u64 = 70_000;

/// Fallback `maxFeePerGas` (1 gwei) of that approval transaction when fee estimation fails.
pub const ERC20_APPROVE_FALLBACK_MAX_FEE_PER_GAS: u128 = 1_000_000_000;

/// Fallback `maxPriorityFeePerGas` (0.1 gwei) of that approval transaction when fee estimation
/// fails.
pub const ERC20_APPROVE_FALLBACK_MAX_PRIORITY_FEE_PER_GAS: u128 = 100_000_000;

/// Gas given to the settle call that follows the approval transaction in the sponsored batch.
pub const SPONSORED_SETTLE_CALL_GAS: u64 = 300_000;

/// Amount the `erc20ApprovalGasSponsoring` client approves: `2^256 - 1`.
pub const ERC20_APPROVAL_AMOUNT: U256 = U256::MAX;

/// [`ERC20_APPROVAL_AMOUNT`] as the decimal string the extension's `info.amount` carries.
pub const ERC20_APPROVAL_AMOUNT_DECIMAL: &str =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

// ---------------------------------------------------------------------------------------------
// EIP-712 domains
// ---------------------------------------------------------------------------------------------

/// EIP-712 `name` of the Permit2 domain.
pub const PERMIT2_DOMAIN_NAME: &str = "Permit2";

/// Domain type with a `version` field: EIP-3009 and EIP-2612 token domains (docs/protocol/evm.md §4.2, §4.5).
pub const EIP712_DOMAIN_TYPE: &str =
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

/// `keccak256(`[`EIP712_DOMAIN_TYPE`]`)`.
pub const EIP712_DOMAIN_TYPEHASH: B256 =
    b256!("0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f");

/// Domain type **without** `version`: the Permit2 domain (docs/protocol/evm.md §4.3).
pub const EIP712_DOMAIN_NO_VERSION_TYPE: &str =
    "EIP712Domain(string name,uint256 chainId,address verifyingContract)";

/// `keccak256(`[`EIP712_DOMAIN_NO_VERSION_TYPE`]`)`.
pub const EIP712_DOMAIN_NO_VERSION_TYPEHASH: B256 =
    b256!("0x8cad95687ba82c2ce50e74f7b754645e5117c3a5bec8151c0726d5857980a866");

// ---------------------------------------------------------------------------------------------
// EIP-3009 (§4.2)
// ---------------------------------------------------------------------------------------------

/// EIP-3009 primary type signed by `exact` EIP-3009 payers.
pub const TRANSFER_WITH_AUTHORIZATION_TYPE: &str = "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

/// `keccak256(`[`TRANSFER_WITH_AUTHORIZATION_TYPE`]`)`.
pub const TRANSFER_WITH_AUTHORIZATION_TYPEHASH: B256 =
    b256!("0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267");

// ---------------------------------------------------------------------------------------------
// Permit2 (docs/protocol/evm.md §4.3, §4.4)
// ---------------------------------------------------------------------------------------------

/// Permit2 `TokenPermissions` struct type.
pub const TOKEN_PERMISSIONS_TYPE: &str = "TokenPermissions(address token,uint256 amount)";

/// `keccak256(`[`TOKEN_PERMISSIONS_TYPE`]`)`.
pub const TOKEN_PERMISSIONS_TYPEHASH: B256 =
    b256!("0x618358ac3db8dc274f0cd8829da7e234bd48cd73c4a740aede1adec9846d06a1");

/// Witness struct of the `exact` proxy (`x402ExactPermit2Proxy.Witness`).
pub const EXACT_WITNESS_TYPE: &str = "Witness(address to,uint256 validAfter)";

/// `keccak256(`[`EXACT_WITNESS_TYPE`]`)` (the proxy's `WITNESS_TYPEHASH`).
pub const EXACT_WITNESS_TYPEHASH: B256 =
    b256!("0xd97b3239a7f32295517bd14cb074edfdd188dfe5eb42f802bb26d4fd1eb12c37");

/// Witness type string the `exact` proxy passes to `permitWitnessTransferFrom`
/// (`x402ExactPermit2Proxy.WITNESS_TYPE_STRING`): Permit2 appends it to
/// `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,`.
pub const EXACT_WITNESS_TYPE_STRING: &str = "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)";

/// Full `encodeType` of the `exact` Permit2 primary type (referenced types sorted by name).
pub const EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE: &str = "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)";

/// `keccak256(`[`EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE`]`)`.
pub const EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH: B256 =
    b256!("0xebc156cd23678a74c94df13d772ef5478420637f0c94bd10d509e1dc98f521c7");

/// Witness struct of the `upto` proxy (`x402UptoPermit2Proxy.Witness`).
pub const UPTO_WITNESS_TYPE: &str = "Witness(address to,address facilitator,uint256 validAfter)";

/// `keccak256(`[`UPTO_WITNESS_TYPE`]`)` (the proxy's `WITNESS_TYPEHASH`).
pub const UPTO_WITNESS_TYPEHASH: B256 =
    b256!("0xd4171c445a74218b01d4fd8af34ff1106580ea1e36ff837e64484bfaa2253b75");

/// Witness type string the `upto` proxy passes to `permitWitnessTransferFrom`
/// (`x402UptoPermit2Proxy.WITNESS_TYPE_STRING`).
pub const UPTO_WITNESS_TYPE_STRING: &str = "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";

/// Full `encodeType` of the `upto` Permit2 primary type.
pub const UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE: &str = "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";

/// `keccak256(`[`UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE`]`)`.
pub const UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH: B256 =
    b256!("0x51dff6974ad4388c499e7fcfe838d2bd767162553a144098ce20ea661d70c2ee");

/// Prefix Permit2 (`PermitHash.sol`) puts before a witness type string; prefix + witness type
/// string is the full `encodeType` of the primary type.
pub const PERMIT2_WITNESS_TYPE_PREFIX: &str = "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,";

// ---------------------------------------------------------------------------------------------
// EIP-2612 (§4.5)
// ---------------------------------------------------------------------------------------------

/// EIP-2612 `Permit` primary type (the `eip2612GasSponsoring` extension).
pub const EIP2612_PERMIT_TYPE: &str =
    "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)";

/// `keccak256(`[`EIP2612_PERMIT_TYPE`]`)`.
pub const EIP2612_PERMIT_TYPEHASH: B256 =
    b256!("0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9");

// ---------------------------------------------------------------------------------------------
// secp256k1
// ---------------------------------------------------------------------------------------------

/// Order `n` of the secp256k1 group.
pub const SECP256K1_N: U256 = U256::from_be_bytes(
    b256!("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141").0,
);

/// `n / 2` (rounded down): the largest `s` a non-malleable ("low-s") signature may carry
/// (EIP-2; OpenZeppelin `ECDSA.tryRecover`, Circle `ECRecover.recover`).
pub const SECP256K1_HALF_N: U256 = U256::from_be_bytes(
    b256!("0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0").0,
);

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
    use alloy_primitives::keccak256;

    #[test]
    fn typehashes_are_keccak_of_type_strings() {
        let pairs: [(&str, B256); 9] = [
            (EIP712_DOMAIN_TYPE, EIP712_DOMAIN_TYPEHASH),
            (
                EIP712_DOMAIN_NO_VERSION_TYPE,
                EIP712_DOMAIN_NO_VERSION_TYPEHASH,
            ),
            (
                TRANSFER_WITH_AUTHORIZATION_TYPE,
                TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
            ),
            (TOKEN_PERMISSIONS_TYPE, TOKEN_PERMISSIONS_TYPEHASH),
            (EXACT_WITNESS_TYPE, EXACT_WITNESS_TYPEHASH),
            (
                EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE,
                EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            ),
            (UPTO_WITNESS_TYPE, UPTO_WITNESS_TYPEHASH),
            (
                UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE,
                UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            ),
            (EIP2612_PERMIT_TYPE, EIP2612_PERMIT_TYPEHASH),
        ];
        for (ty, hash) in pairs {
            assert_eq!(keccak256(ty), hash, "typehash of {ty}");
        }
    }

    #[test]
    fn witness_type_strings_complete_the_primary_types() {
        assert_eq!(
            format!("{PERMIT2_WITNESS_TYPE_PREFIX}{EXACT_WITNESS_TYPE_STRING}"),
            EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE
        );
        assert_eq!(
            format!("{PERMIT2_WITNESS_TYPE_PREFIX}{UPTO_WITNESS_TYPE_STRING}"),
            UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE
        );
    }

    #[test]
    fn erc6492_magic_is_the_repeated_pattern_not_a_hash() {
        assert_eq!(ERC6492_MAGIC_SUFFIX.0, [0x64u8, 0x92].repeat(16).as_slice());
        let h = U256::from_be_bytes(keccak256("erc6492.invalid.signature").0);
        assert_ne!(B256::from(h - U256::from(1u8)), ERC6492_MAGIC_SUFFIX);
    }

    #[test]
    fn selectors_match_their_signatures() {
        assert_eq!(
            keccak256("approve(address,uint256)")[..4],
            APPROVE_SELECTOR[..]
        );
        assert_eq!(
            keccak256("isValidSignature(bytes32,bytes)")[..4],
            ERC1271_MAGIC_VALUE[..]
        );
    }

    #[test]
    fn approval_amount_decimal_is_max_uint() {
        assert_eq!(
            ERC20_APPROVAL_AMOUNT_DECIMAL.parse::<U256>().unwrap(),
            ERC20_APPROVAL_AMOUNT
        );
    }

    #[test]
    fn half_order_is_half_of_order() {
        assert_eq!(SECP256K1_N >> 1, SECP256K1_HALF_N);
    }

    #[test]
    fn addresses_are_checksummed_as_in_the_reference() {
        assert_eq!(
            PERMIT2_ADDRESS.to_checksum(None),
            "0x000000000022D473030F116dDEE9F6B43aC78BA3"
        );
        assert_eq!(
            EXACT_PERMIT2_PROXY_ADDRESS.to_checksum(None),
            "0x402085c248EeA27D92E8b30b2C58ed07f9E20001"
        );
        assert_eq!(
            UPTO_PERMIT2_PROXY_ADDRESS.to_checksum(None),
            "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002"
        );
        assert_eq!(
            MULTICALL3_ADDRESS.to_checksum(None),
            "0xcA11bde05977b3631167028862bE2a173976CA11"
        );
    }
}
