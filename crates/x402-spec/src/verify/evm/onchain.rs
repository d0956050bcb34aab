//! What only the chain can answer, as data: each [`OnchainCheck`] carries the exact request
//! (`eth_call` target and ABI-encoded calldata, or `eth_getCode`), how to read the answer, and
//! the canonical reason when it fails. The caller runs the request and hands the raw answer to
//! [`OnchainCheck::evaluate`], which stays pure.

use alloy_primitives::{Address, U256};

use crate::codes::ErrorCode;
use crate::evm::calls::{self, EthCall};

/// Which fact a check establishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OnchainCheckKind {
    /// `balanceOf(payer) >= amount`.
    Balance,
    /// EIP-3009 `authorizationState(from, nonce) == false` (not yet used or cancelled).
    Eip3009NonceUnused,
    /// Permit2 `nonceBitmap(owner, wordPos)` has the nonce's bit clear.
    Permit2NonceUnused,
    /// `allowance(payer, Permit2) >= amount` (skipped when a gas-sponsoring extension supplies
    /// the approval).
    Permit2Allowance,
    /// The x402 Permit2 proxy is deployed and wired to Permit2 (`PERMIT2()` answers).
    ProxyDeployed,
    /// ERC-1271 `isValidSignature(digest, signature) == 0x1626ba7e` for a deployed smart wallet.
    Erc1271Signature,
    /// Code is present at the payer (a smart-wallet signature needs a deployed wallet, or an
    /// ERC-6492 factory).
    WalletDeployed,
    /// The settlement call itself succeeds in an `eth_call` from the facilitator.
    Simulation,
}

impl OnchainCheckKind {
    /// Stable kebab-case id.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Balance => "balance",
            Self::Eip3009NonceUnused => "eip3009-nonce-unused",
            Self::Permit2NonceUnused => "permit2-nonce-unused",
            Self::Permit2Allowance => "permit2-allowance",
            Self::ProxyDeployed => "proxy-deployed",
            Self::Erc1271Signature => "erc1271-signature",
            Self::WalletDeployed => "wallet-deployed",
            Self::Simulation => "simulation",
        }
    }
}

/// What to ask the chain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChainRequest {
    /// `eth_call` (from the facilitator's address for simulations).
    Call(EthCall),
    /// `eth_getCode(address)`.
    GetCode(Address),
}

/// How to read the answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expectation {
    /// The call returns an ABI `uint256` at least this large.
    UintAtLeast(U256),
    /// The call returns an ABI `bool` equal to this.
    BoolIs(bool),
    /// The call returns a `uint256` bitmap whose bit `bit` is clear.
    BitClear {
        /// Bit index (0–255).
        bit: u8,
    },
    /// The call returns the ERC-1271 magic value `0x1626ba7e`.
    Erc1271Magic,
    /// `eth_getCode` returns non-empty code.
    CodeNonEmpty,
    /// The call does not revert.
    CallSucceeds,
    /// The call is a Multicall3 `tryAggregate(false, ..)`; its last inner call must succeed
    /// (ERC-6492: deploy the wallet, then the transfer).
    LastInnerCallSucceeds,
}

/// The chain's answer to a [`ChainRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainAnswer<'a> {
    /// The call returned these bytes (or `eth_getCode` returned this code).
    Returned(&'a [u8]),
    /// The call reverted.
    Reverted,
}

/// One check owed to the chain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OnchainCheck {
    /// Which fact.
    pub kind: OnchainCheckKind,
    /// What to ask.
    pub request: ChainRequest,
    /// How to read the answer.
    pub expect: Expectation,
    /// The canonical reason when the answer is not the expected one.
    pub failure: ErrorCode,
    /// The `from` address the call must be made with, when it matters (an `upto` simulation
    /// must come from `witness.facilitator`; other simulations from the settling facilitator).
    pub from: Option<Address>,
}

impl OnchainCheck {
    /// Builds a check.
    #[must_use]
    pub fn new(
        kind: OnchainCheckKind,
        request: ChainRequest,
        expect: Expectation,
        failure: ErrorCode,
    ) -> Self {
        Self {
            kind,
            request,
            expect,
            failure,
            from: None,
        }
    }

    /// Judges the chain's answer.
    ///
    /// # Errors
    /// The canonical failure reason when the answer does not meet the expectation (a revert
    /// counts as not meeting it, except that nothing here treats a revert as success).
    pub fn evaluate(&self, answer: ChainAnswer<'_>) -> Result<(), ErrorCode> {
        let ok = match (&self.expect, answer) {
            (_, ChainAnswer::Reverted) => false,
            (Expectation::CallSucceeds, ChainAnswer::Returned(_)) => true,
            (Expectation::CodeNonEmpty, ChainAnswer::Returned(code)) => !code.is_empty(),
            (Expectation::UintAtLeast(min), ChainAnswer::Returned(data)) => {
                calls::decode_balance_of(data).is_ok_and(|v| v >= *min)
            }
            (Expectation::BoolIs(want), ChainAnswer::Returned(data)) => {
                calls::decode_authorization_state(data).is_ok_and(|v| v == *want)
            }
            (Expectation::BitClear { bit }, ChainAnswer::Returned(data)) => {
                calls::decode_balance_of(data).is_ok_and(|v| !v.bit(usize::from(*bit)))
            }
            (Expectation::Erc1271Magic, ChainAnswer::Returned(data)) => {
                calls::is_valid_signature_result(data)
            }
            (Expectation::LastInnerCallSucceeds, ChainAnswer::Returned(data)) => {
                calls::decode_try_aggregate(data)
                    .is_ok_and(|outs| outs.last().is_some_and(|o| o.success))
            }
        };
        if ok {
            Ok(())
        } else {
            Err(self.failure.clone())
        }
    }
}

alloy_sol_types::sol! {
    /// Permit2's unordered-nonce bitmap.
    #[allow(missing_docs)]
    interface IPermit2Nonces {
        function nonceBitmap(address owner, uint256 wordPos) external view returns (uint256);
    }
}

/// `Permit2.nonceBitmap(owner, nonce >> 8)` and the bit (`nonce & 0xff`) that must be clear.
#[must_use]
pub fn permit2_nonce_bitmap(permit2: Address, owner: Address, nonce: U256) -> (EthCall, u8) {
    use alloy_sol_types::SolCall as _;
    let word = nonce.wrapping_shr(8);
    let bit = u8::try_from(nonce & U256::from(0xffu8)).unwrap_or(0);
    let data = IPermit2Nonces::nonceBitmapCall {
        owner,
        wordPos: word,
    }
    .abi_encode();
    (
        EthCall {
            to: permit2,
            data: data.into(),
        },
        bit,
    )
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
    use alloy_primitives::address;

    fn word(v: U256) -> Vec<u8> {
        v.to_be_bytes::<32>().to_vec()
    }

    #[test]
    fn evaluation() {
        let c = OnchainCheck::new(
            OnchainCheckKind::Balance,
            ChainRequest::Call(calls::balance_of(Address::ZERO, Address::ZERO)),
            Expectation::UintAtLeast(U256::from(10)),
            ErrorCode::InsufficientFunds,
        );
        assert!(
            c.evaluate(ChainAnswer::Returned(&word(U256::from(10))))
                .is_ok()
        );
        assert_eq!(
            c.evaluate(ChainAnswer::Returned(&word(U256::from(9)))),
            Err(ErrorCode::InsufficientFunds)
        );
        assert!(c.evaluate(ChainAnswer::Reverted).is_err());
        assert!(c.evaluate(ChainAnswer::Returned(&[1, 2])).is_err());

        let n = OnchainCheck::new(
            OnchainCheckKind::Permit2NonceUnused,
            ChainRequest::Call(
                permit2_nonce_bitmap(Address::ZERO, Address::ZERO, U256::from(0x105)).0,
            ),
            Expectation::BitClear { bit: 5 },
            ErrorCode::Permit2InvalidNonce,
        );
        assert!(
            n.evaluate(ChainAnswer::Returned(&word(U256::from(0b11_1111))))
                .is_err()
        );
        assert!(
            n.evaluate(ChainAnswer::Returned(&word(U256::from(0b01_1111))))
                .is_ok()
        );

        let code = OnchainCheck::new(
            OnchainCheckKind::WalletDeployed,
            ChainRequest::GetCode(address!("0x0000000000000000000000000000000000000001")),
            Expectation::CodeNonEmpty,
            ErrorCode::ExactEvmUndeployedSmartWallet,
        );
        assert!(code.evaluate(ChainAnswer::Returned(&[])).is_err());
        assert!(code.evaluate(ChainAnswer::Returned(&[0x60])).is_ok());
    }

    #[test]
    fn nonce_bitmap_split() {
        let (call, bit) =
            permit2_nonce_bitmap(Address::ZERO, Address::ZERO, U256::from(0x1_02_ffu32));
        assert_eq!(bit, 0xff);
        assert_eq!(
            &call.data[..4],
            &alloy_primitives::keccak256("nonceBitmap(address,uint256)")[..4]
        );
        assert_eq!(
            U256::from_be_slice(&call.data[36..68]),
            U256::from(0x1_02u32)
        );
    }
}
