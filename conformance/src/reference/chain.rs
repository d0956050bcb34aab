//! The reference facilitator's "chain": answers the [`ChainRequest`]s that
//! `x402_spec::verify` says a facilitator owes (and plain JSON-RPC `eth_call`s) from the
//! in-memory [`Ledger`].
//!
//! Calls are decoded by selector, as a node would execute them: `balanceOf`, `allowance`
//! (to Permit2), EIP-3009 `authorizationState`, Permit2 `nonceBitmap`, the proxies' `PERMIT2()`;
//! `eth_getCode` is non-empty for the tokens, Permit2 and the proxies only (the ledger holds no
//! smart wallets, so ERC-1271 `isValidSignature` reverts). A settlement simulation is answered
//! by a dry run of the ledger transfer the settlement would make ([`Movement`]).

use alloy_primitives::{Address, B256, U256, keccak256};
use x402_spec::codes::ErrorCode;
use x402_spec::evm::constants::PERMIT2_ADDRESS;
use x402_spec::verify::evm::{ChainRequest, OnchainCheckKind};

use super::ledger::{Ledger, LedgerError};

/// What a node answers to a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The call returned these bytes (or `eth_getCode` returned this code).
    Returned(Vec<u8>),
    /// The call reverted.
    Reverted,
}

/// The ledger transfer a settlement makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    /// How the token moves (and which nonce it consumes).
    pub via: Via,
    /// Token.
    pub asset: Address,
    /// Payer.
    pub from: Address,
    /// Recipient (what the signed message says, as the contract would execute it).
    pub to: Address,
    /// Amount.
    pub amount: U256,
}

/// The contract path of a [`Movement`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// EIP-3009 `transferWithAuthorization` with this nonce.
    Eip3009(B256),
    /// Permit2 `permitWitnessTransferFrom` with this nonce.
    Permit2(U256),
}

impl Movement {
    /// Whether the ledger would accept it now (no change is made).
    pub fn dry_run(&self, ledger: &Ledger) -> Result<(), LedgerError> {
        match self.via {
            Via::Eip3009(nonce) => {
                ledger.check_eip3009(self.asset, self.from, self.to, self.amount, nonce)
            }
            Via::Permit2(nonce) => {
                ledger.check_permit2(self.asset, self.from, self.to, self.amount, nonce)
            }
        }
    }

    /// Executes it; with `consume_nonce` false the nonce is left unused (the `accept-replay`
    /// defect). Returns the synthetic transaction hash.
    pub fn execute(&self, ledger: &mut Ledger, consume_nonce: bool) -> Result<B256, LedgerError> {
        if !consume_nonce {
            return ledger.transfer(self.asset, self.from, self.to, self.amount);
        }
        match self.via {
            Via::Eip3009(nonce) => {
                ledger.settle_eip3009(self.asset, self.from, self.to, self.amount, nonce)
            }
            Via::Permit2(nonce) => {
                ledger.settle_permit2(self.asset, self.from, self.to, self.amount, nonce)
            }
        }
    }
}

/// The canonical reason for a ledger refusal, as a facilitator would diagnose the revert.
pub fn ledger_error_code(e: &LedgerError, via: Option<Via>) -> ErrorCode {
    match e {
        LedgerError::InsufficientBalance { .. } => ErrorCode::InsufficientFunds,
        LedgerError::NonceNotUnused { .. } => ErrorCode::ExactEvmNonceAlreadyUsed,
        LedgerError::Permit2NonceUsed { .. } => ErrorCode::Permit2InvalidNonce,
        LedgerError::InsufficientAllowance { .. } => ErrorCode::Permit2AllowanceRequired,
        _ => match via {
            Some(Via::Permit2(_)) => ErrorCode::Permit2SimulationFailed,
            _ => ErrorCode::ExactEvmSimulationFailed,
        },
    }
}

fn selector(signature: &str) -> [u8; 4] {
    let h = keccak256(signature.as_bytes());
    let mut s = [0u8; 4];
    s.copy_from_slice(h.get(..4).unwrap_or(&[0; 4]));
    s
}

/// ABI word `i` (0-based) of the arguments after the selector.
fn word(data: &[u8], i: usize) -> Option<&[u8]> {
    let start = i.checked_mul(32)?.checked_add(4)?;
    data.get(start..start.checked_add(32)?)
}

fn addr_arg(data: &[u8], i: usize) -> Option<Address> {
    let w = word(data, i)?;
    if w.get(..12)?.iter().any(|b| *b != 0) {
        return None;
    }
    Some(Address::from_slice(w.get(12..)?))
}

fn u256_arg(data: &[u8], i: usize) -> Option<U256> {
    word(data, i).map(U256::from_be_slice)
}

fn encode_u256(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

fn encode_address(a: Address) -> Vec<u8> {
    let mut w = vec![0u8; 12];
    w.extend_from_slice(a.as_slice());
    w
}

/// Answers an `eth_call` of `data` on `to` from the ledger.
pub fn call(ledger: &Ledger, to: Address, data: &[u8]) -> Answer {
    let Some(sel) = data.get(..4) else {
        return Answer::Reverted;
    };
    let answered = if sel == selector("balanceOf(address)") {
        addr_arg(data, 0).map(|owner| encode_u256(ledger.balance_of(to, owner)))
    } else if sel == selector("allowance(address,address)") {
        match (addr_arg(data, 0), addr_arg(data, 1)) {
            (Some(owner), Some(spender)) => Some(encode_u256(if spender == PERMIT2_ADDRESS {
                ledger.permit2_allowance(to, owner)
            } else {
                U256::ZERO
            })),
            _ => None,
        }
    } else if sel == selector("authorizationState(address,bytes32)") {
        match (addr_arg(data, 0), word(data, 1)) {
            (Some(from), Some(nonce)) => {
                let used = ledger.eip3009_nonce_state(to, from, B256::from_slice(nonce))
                    != super::ledger::NonceState::Unused;
                Some(encode_u256(U256::from(u8::from(used))))
            }
            _ => None,
        }
    } else if sel == selector("nonceBitmap(address,uint256)") && to == PERMIT2_ADDRESS {
        match (addr_arg(data, 0), u256_arg(data, 1)) {
            (Some(owner), Some(w)) => Some(encode_u256(ledger.permit2_nonce_bitmap(owner, w))),
            _ => None,
        }
    } else if sel == selector("PERMIT2()") && ledger.has_code(to) {
        Some(encode_address(PERMIT2_ADDRESS))
    } else {
        None
    };
    answered.map_or(Answer::Reverted, Answer::Returned)
}

/// `eth_getCode`: a stand-in byte for contracts, empty for everything else.
pub fn code_at(ledger: &Ledger, address: Address) -> Vec<u8> {
    if ledger.has_code(address) {
        vec![0x60, 0x80, 0x60, 0x40]
    } else {
        Vec::new()
    }
}

/// Answers one owed check. A settlement simulation is the dry run of `movement`.
pub fn answer(
    ledger: &Ledger,
    kind: OnchainCheckKind,
    request: &ChainRequest,
    movement: Option<&Movement>,
) -> Answer {
    if kind == OnchainCheckKind::Simulation {
        return match movement.map(|m| m.dry_run(ledger)) {
            Some(Ok(())) => Answer::Returned(Vec::new()),
            _ => Answer::Reverted,
        };
    }
    match request {
        ChainRequest::Call(c) => call(ledger, c.to, &c.data),
        ChainRequest::GetCode(a) => Answer::Returned(code_at(ledger, *a)),
        _ => Answer::Reverted,
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
    use alloy_primitives::address;
    use x402_spec::evm::calls;
    use x402_spec::verify::evm::permit2_nonce_bitmap;

    const USDC: Address = address!("036CbD53842c5426634e7929541eC2318f3dCF7e");
    const A: Address = address!("857b06519E91e3A54538791bDbb0E22373e36b66");
    const B: Address = address!("209693Bc6afc0C5328bA36FaF03C514EF312287C");
    const PROXY: Address = address!("402085c248EeA27D92E8b30b2C58ed07f9E20001");

    fn returned(a: Answer) -> Vec<u8> {
        match a {
            Answer::Returned(b) => b,
            Answer::Reverted => panic!("reverted"),
        }
    }

    #[test]
    fn reads_decode_with_the_crate_decoders() {
        let mut l = Ledger::new();
        l.mint(USDC, A, U256::from(500u64)).unwrap();
        l.approve_permit2(USDC, A, U256::from(70u64));
        l.set_code(PROXY);
        let c = calls::balance_of(USDC, A);
        assert_eq!(
            calls::decode_balance_of(&returned(call(&l, c.to, &c.data))).unwrap(),
            U256::from(500u64)
        );
        let c = calls::allowance(USDC, A, PERMIT2_ADDRESS);
        assert_eq!(
            calls::decode_allowance(&returned(call(&l, c.to, &c.data))).unwrap(),
            U256::from(70u64)
        );
        let c = calls::allowance(USDC, A, B);
        assert_eq!(
            calls::decode_allowance(&returned(call(&l, c.to, &c.data))).unwrap(),
            U256::ZERO
        );
        let nonce = B256::repeat_byte(9);
        let c = calls::authorization_state(USDC, A, nonce);
        assert!(!calls::decode_authorization_state(&returned(call(&l, c.to, &c.data))).unwrap());
        l.settle_eip3009(USDC, A, B, U256::from(1u8), nonce)
            .unwrap();
        assert!(calls::decode_authorization_state(&returned(call(&l, c.to, &c.data))).unwrap());
        l.settle_permit2(USDC, A, B, U256::from(1u8), U256::from(0x105u32))
            .unwrap();
        let (c, bit) = permit2_nonce_bitmap(PERMIT2_ADDRESS, A, U256::from(0x105u32));
        let bits = calls::decode_balance_of(&returned(call(&l, c.to, &c.data))).unwrap();
        assert!(bits.bit(usize::from(bit)));
        let c = calls::proxy_permit2(PROXY);
        assert_eq!(
            calls::decode_proxy_permit2(&returned(call(&l, c.to, &c.data))).unwrap(),
            PERMIT2_ADDRESS
        );
        let c = calls::proxy_permit2(B);
        assert_eq!(call(&l, c.to, &c.data), Answer::Reverted);
        assert_eq!(call(&l, USDC, &[1, 2]), Answer::Reverted);
        assert!(code_at(&l, A).is_empty() && !code_at(&l, PROXY).is_empty());
    }

    #[test]
    fn movements_dry_run_then_execute() {
        let mut l = Ledger::new();
        l.mint(USDC, A, U256::from(10u64)).unwrap();
        let m = Movement {
            via: Via::Eip3009(B256::repeat_byte(1)),
            asset: USDC,
            from: A,
            to: B,
            amount: U256::from(10u64),
        };
        m.dry_run(&l).unwrap();
        m.execute(&mut l, true).unwrap();
        let e = m.dry_run(&l).unwrap_err();
        assert_eq!(
            ledger_error_code(&e, Some(m.via)),
            ErrorCode::ExactEvmNonceAlreadyUsed
        );
        l.mint(USDC, A, U256::from(10u64)).unwrap();
        let m2 = Movement {
            via: Via::Eip3009(B256::repeat_byte(2)),
            ..m
        };
        m2.execute(&mut l, false).unwrap();
        m2.dry_run(&l).unwrap_err(); // no funds left, nonce untouched
        assert_eq!(
            l.eip3009_nonce_state(USDC, A, B256::repeat_byte(2)),
            super::super::ledger::NonceState::Unused
        );
    }
}
