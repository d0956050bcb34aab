//! An in-memory chain stand-in for the reference facilitator: token balances, EIP-3009
//! authorization states, Permit2 nonces and allowances, which addresses have code, and
//! settlement as ledger transfers with deterministic synthetic transaction hashes
//! (`keccak256` of a big-endian `u64` counter starting at 1).
//!
//! Every mutation is atomic: it checks everything first and only then applies, so a failed
//! settlement leaves the ledger unchanged. Arithmetic is checked.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use alloy_primitives::{Address, B256, U256, keccak256};

/// State of an EIP-3009 authorization nonce (`authorizationState` in the token contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NonceState {
    /// Never used.
    #[default]
    Unused,
    /// Consumed by a transfer.
    Used,
    /// Cancelled by `cancelAuthorization`.
    Canceled,
}

/// A settled transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Synthetic transaction hash.
    pub tx_hash: B256,
    /// Token contract.
    pub asset: Address,
    /// Payer.
    pub from: Address,
    /// Recipient.
    pub to: Address,
    /// Atomic units.
    pub amount: U256,
}

/// Why a ledger operation was refused (the ledger is unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LedgerError {
    /// The payer's balance is below the amount.
    InsufficientBalance {
        /// Token.
        asset: Address,
        /// Payer.
        owner: Address,
        /// Current balance.
        balance: U256,
        /// Amount needed.
        needed: U256,
    },
    /// The EIP-3009 nonce was already used or cancelled.
    NonceNotUnused {
        /// Token.
        asset: Address,
        /// Authorizer.
        from: Address,
        /// Nonce.
        nonce: B256,
        /// Its state.
        state: NonceState,
    },
    /// The Permit2 nonce was already used.
    Permit2NonceUsed {
        /// Owner.
        owner: Address,
        /// Nonce.
        nonce: U256,
    },
    /// The owner's Permit2 allowance for the token is below the amount.
    InsufficientAllowance {
        /// Token.
        asset: Address,
        /// Owner.
        owner: Address,
        /// Current allowance.
        allowance: U256,
        /// Amount needed.
        needed: U256,
    },
    /// A balance would exceed `U256::MAX`.
    Overflow,
    /// More than `u64::MAX` transactions.
    TxCounterExhausted,
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::InsufficientBalance {
                asset,
                owner,
                balance,
                needed,
            } => {
                write!(
                    f,
                    "balance of {owner} in {asset} is {balance}, below {needed}"
                )
            }
            LedgerError::NonceNotUnused {
                asset,
                from,
                nonce,
                state,
            } => {
                write!(
                    f,
                    "EIP-3009 nonce {nonce} of {from} in {asset} is {state:?}"
                )
            }
            LedgerError::Permit2NonceUsed { owner, nonce } => {
                write!(f, "Permit2 nonce {nonce} of {owner} is used")
            }
            LedgerError::InsufficientAllowance {
                asset,
                owner,
                allowance,
                needed,
            } => {
                write!(
                    f,
                    "Permit2 allowance of {owner} for {asset} is {allowance}, below {needed}"
                )
            }
            LedgerError::Overflow => f.write_str("balance overflow"),
            LedgerError::TxCounterExhausted => f.write_str("transaction counter exhausted"),
        }
    }
}

impl std::error::Error for LedgerError {}

/// A planned balance write: `((asset, owner), new balance)`.
type BalanceUpdate = ((Address, Address), U256);

/// The in-memory ledger.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    balances: BTreeMap<(Address, Address), U256>,
    eip3009_nonces: BTreeMap<(Address, Address, B256), NonceState>,
    permit2_nonces: BTreeSet<(Address, U256)>,
    permit2_allowances: BTreeMap<(Address, Address), U256>,
    code_at: BTreeSet<Address>,
    tx_counter: u64,
    transfers: Vec<Transfer>,
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Credits `amount` of `asset` to `owner`.
    pub fn mint(
        &mut self,
        asset: Address,
        owner: Address,
        amount: U256,
    ) -> Result<(), LedgerError> {
        let bal = self
            .balance_of(asset, owner)
            .checked_add(amount)
            .ok_or(LedgerError::Overflow)?;
        self.balances.insert((asset, owner), bal);
        Ok(())
    }

    /// `balanceOf`.
    pub fn balance_of(&self, asset: Address, owner: Address) -> U256 {
        self.balances
            .get(&(asset, owner))
            .copied()
            .unwrap_or_default()
    }

    /// Marks `address` as having contract code (smart wallet, token, proxy).
    pub fn set_code(&mut self, address: Address) {
        self.code_at.insert(address);
    }

    /// Whether `address` has code.
    pub fn has_code(&self, address: Address) -> bool {
        self.code_at.contains(&address)
    }

    /// `authorizationState(from, nonce)` of `asset`.
    pub fn eip3009_nonce_state(&self, asset: Address, from: Address, nonce: B256) -> NonceState {
        self.eip3009_nonces
            .get(&(asset, from, nonce))
            .copied()
            .unwrap_or_default()
    }

    /// `cancelAuthorization`: an unused nonce becomes cancelled.
    pub fn cancel_eip3009_nonce(
        &mut self,
        asset: Address,
        from: Address,
        nonce: B256,
    ) -> Result<(), LedgerError> {
        let state = self.eip3009_nonce_state(asset, from, nonce);
        if state != NonceState::Unused {
            return Err(LedgerError::NonceNotUnused {
                asset,
                from,
                nonce,
                state,
            });
        }
        self.eip3009_nonces
            .insert((asset, from, nonce), NonceState::Canceled);
        Ok(())
    }

    /// Whether Permit2 `nonce` of `owner` is used.
    pub fn permit2_nonce_used(&self, owner: Address, nonce: U256) -> bool {
        self.permit2_nonces.contains(&(owner, nonce))
    }

    /// The ERC-20 allowance `owner` gave the Permit2 contract for `asset`.
    pub fn permit2_allowance(&self, asset: Address, owner: Address) -> U256 {
        self.permit2_allowances
            .get(&(asset, owner))
            .copied()
            .unwrap_or_default()
    }

    /// Sets that allowance (`approve(PERMIT2, amount)`).
    pub fn approve_permit2(&mut self, asset: Address, owner: Address, amount: U256) {
        self.permit2_allowances.insert((asset, owner), amount);
    }

    /// Every settled transfer, oldest first.
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// The hash the next settlement will get (without consuming it).
    pub fn peek_tx_hash(&self) -> Option<B256> {
        self.tx_counter.checked_add(1).map(tx_hash_for)
    }

    fn check_balance(
        &self,
        asset: Address,
        from: Address,
        amount: U256,
    ) -> Result<(), LedgerError> {
        let balance = self.balance_of(asset, from);
        if balance < amount {
            return Err(LedgerError::InsufficientBalance {
                asset,
                owner: from,
                balance,
                needed: amount,
            });
        }
        Ok(())
    }

    /// Computes the post-transfer balances without applying them.
    fn plan_transfer(
        &self,
        asset: Address,
        from: Address,
        to: Address,
        amount: U256,
    ) -> Result<Vec<BalanceUpdate>, LedgerError> {
        self.check_balance(asset, from, amount)?;
        if from == to {
            return Ok(Vec::new());
        }
        let from_after = self
            .balance_of(asset, from)
            .checked_sub(amount)
            .ok_or(LedgerError::Overflow)?;
        let to_after = self
            .balance_of(asset, to)
            .checked_add(amount)
            .ok_or(LedgerError::Overflow)?;
        Ok(vec![((asset, from), from_after), ((asset, to), to_after)])
    }

    fn commit(
        &mut self,
        planned: Vec<BalanceUpdate>,
        transfer: (Address, Address, Address, U256),
    ) -> Result<B256, LedgerError> {
        let counter = self
            .tx_counter
            .checked_add(1)
            .ok_or(LedgerError::TxCounterExhausted)?;
        for (key, bal) in planned {
            self.balances.insert(key, bal);
        }
        self.tx_counter = counter;
        let tx_hash = tx_hash_for(counter);
        let (asset, from, to, amount) = transfer;
        self.transfers.push(Transfer {
            tx_hash,
            asset,
            from,
            to,
            amount,
        });
        Ok(tx_hash)
    }

    /// A plain ERC-20 transfer.
    pub fn transfer(
        &mut self,
        asset: Address,
        from: Address,
        to: Address,
        amount: U256,
    ) -> Result<B256, LedgerError> {
        if self.tx_counter == u64::MAX {
            return Err(LedgerError::TxCounterExhausted);
        }
        let planned = self.plan_transfer(asset, from, to, amount)?;
        self.commit(planned, (asset, from, to, amount))
    }

    /// Whether [`Ledger::settle_eip3009`] would succeed (a dry run: nothing changes).
    pub fn check_eip3009(
        &self,
        asset: Address,
        from: Address,
        to: Address,
        value: U256,
        nonce: B256,
    ) -> Result<(), LedgerError> {
        let state = self.eip3009_nonce_state(asset, from, nonce);
        if state != NonceState::Unused {
            return Err(LedgerError::NonceNotUnused {
                asset,
                from,
                nonce,
                state,
            });
        }
        if self.tx_counter == u64::MAX {
            return Err(LedgerError::TxCounterExhausted);
        }
        self.plan_transfer(asset, from, to, value).map(|_| ())
    }

    /// `transferWithAuthorization`: the nonce must be unused; it becomes used and the value moves.
    pub fn settle_eip3009(
        &mut self,
        asset: Address,
        from: Address,
        to: Address,
        value: U256,
        nonce: B256,
    ) -> Result<B256, LedgerError> {
        self.check_eip3009(asset, from, to, value, nonce)?;
        let planned = self.plan_transfer(asset, from, to, value)?;
        let hash = self.commit(planned, (asset, from, to, value))?;
        self.eip3009_nonces
            .insert((asset, from, nonce), NonceState::Used);
        Ok(hash)
    }

    /// Whether [`Ledger::settle_permit2`] would succeed (a dry run: nothing changes).
    pub fn check_permit2(
        &self,
        asset: Address,
        owner: Address,
        to: Address,
        amount: U256,
        nonce: U256,
    ) -> Result<(), LedgerError> {
        if self.permit2_nonce_used(owner, nonce) {
            return Err(LedgerError::Permit2NonceUsed { owner, nonce });
        }
        let allowance = self.permit2_allowance(asset, owner);
        if allowance < amount {
            return Err(LedgerError::InsufficientAllowance {
                asset,
                owner,
                allowance,
                needed: amount,
            });
        }
        if self.tx_counter == u64::MAX {
            return Err(LedgerError::TxCounterExhausted);
        }
        self.plan_transfer(asset, owner, to, amount).map(|_| ())
    }

    /// `permitWitnessTransferFrom` through Permit2: nonce unused, allowance and balance sufficient;
    /// the nonce becomes used, the allowance decreases (unless it is `U256::MAX`), the amount moves.
    pub fn settle_permit2(
        &mut self,
        asset: Address,
        owner: Address,
        to: Address,
        amount: U256,
        nonce: U256,
    ) -> Result<B256, LedgerError> {
        self.check_permit2(asset, owner, to, amount, nonce)?;
        let allowance = self.permit2_allowance(asset, owner);
        let planned = self.plan_transfer(asset, owner, to, amount)?;
        let hash = self.commit(planned, (asset, owner, to, amount))?;
        self.permit2_nonces.insert((owner, nonce));
        if allowance != U256::MAX {
            self.permit2_allowances
                .insert((asset, owner), allowance.saturating_sub(amount));
        }
        Ok(hash)
    }

    /// Permit2 `nonceBitmap(owner, word)`: bit `i` is set when nonce `word << 8 | i` is used.
    pub fn permit2_nonce_bitmap(&self, owner: Address, word: U256) -> U256 {
        let lo = word.checked_shl(8).unwrap_or(U256::MAX);
        let hi = lo.saturating_add(U256::from(0xffu8));
        let mut bits = U256::ZERO;
        for (_, nonce) in self.permit2_nonces.range((owner, lo)..=(owner, hi)) {
            let bit = usize::try_from(*nonce & U256::from(0xffu8)).unwrap_or(0);
            bits.set_bit(bit, true);
        }
        bits
    }
}

/// The synthetic transaction hash for counter value `n`: `keccak256(n as 8 big-endian bytes)`.
pub fn tx_hash_for(n: u64) -> B256 {
    keccak256(n.to_be_bytes())
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

    const USDC: Address = address!("036CbD53842c5426634e7929541eC2318f3dCF7e");
    const A: Address = address!("857b06519E91e3A54538791bDbb0E22373e36b66");
    const B: Address = address!("209693Bc6afc0C5328bA36FaF03C514EF312287C");

    fn u(n: u64) -> U256 {
        U256::from(n)
    }

    #[test]
    fn eip3009_settlement_moves_funds_once() {
        let mut l = Ledger::new();
        l.mint(USDC, A, u(100)).unwrap();
        let nonce = B256::repeat_byte(7);
        let expected = l.peek_tx_hash().unwrap();
        let h = l.settle_eip3009(USDC, A, B, u(60), nonce).unwrap();
        assert_eq!(h, expected);
        assert_eq!(h, keccak256(1u64.to_be_bytes()));
        assert_eq!(l.balance_of(USDC, A), u(40));
        assert_eq!(l.balance_of(USDC, B), u(60));
        assert_eq!(l.eip3009_nonce_state(USDC, A, nonce), NonceState::Used);
        // Replay refused, ledger unchanged.
        let err = l.settle_eip3009(USDC, A, B, u(10), nonce).unwrap_err();
        assert!(matches!(
            err,
            LedgerError::NonceNotUnused {
                state: NonceState::Used,
                ..
            }
        ));
        assert_eq!(l.balance_of(USDC, A), u(40));
        assert_eq!(l.transfers().len(), 1);
        // Insufficient balance refused, nonce stays unused.
        let n2 = B256::repeat_byte(8);
        let err = l.settle_eip3009(USDC, A, B, u(41), n2).unwrap_err();
        assert!(matches!(err, LedgerError::InsufficientBalance { .. }));
        assert!(err.to_string().contains("below 41"));
        assert_eq!(l.eip3009_nonce_state(USDC, A, n2), NonceState::Unused);
        // Cancelled nonces cannot settle.
        l.cancel_eip3009_nonce(USDC, A, n2).unwrap();
        assert!(l.settle_eip3009(USDC, A, B, u(1), n2).is_err());
        assert!(l.cancel_eip3009_nonce(USDC, A, n2).is_err());
    }

    #[test]
    fn permit2_settlement_checks_nonce_allowance_balance() {
        let mut l = Ledger::new();
        l.mint(USDC, A, u(100)).unwrap();
        let err = l.settle_permit2(USDC, A, B, u(10), u(1)).unwrap_err();
        assert!(matches!(err, LedgerError::InsufficientAllowance { .. }));
        l.approve_permit2(USDC, A, u(50));
        l.settle_permit2(USDC, A, B, u(30), u(1)).unwrap();
        assert_eq!(l.permit2_allowance(USDC, A), u(20));
        assert!(l.permit2_nonce_used(A, u(1)));
        assert!(matches!(
            l.settle_permit2(USDC, A, B, u(1), u(1)),
            Err(LedgerError::Permit2NonceUsed { .. })
        ));
        l.approve_permit2(USDC, A, U256::MAX);
        l.settle_permit2(USDC, A, B, u(70), u(2)).unwrap();
        assert_eq!(
            l.permit2_allowance(USDC, A),
            U256::MAX,
            "infinite allowance is not decremented"
        );
        assert!(matches!(
            l.settle_permit2(USDC, A, B, u(1), u(3)),
            Err(LedgerError::InsufficientBalance { .. })
        ));
        assert!(!l.permit2_nonce_used(A, u(3)));
        assert_eq!(l.permit2_nonce_bitmap(A, U256::ZERO), u(0b110));
        assert_eq!(l.permit2_nonce_bitmap(A, u(1)), U256::ZERO);
        assert_eq!(l.permit2_nonce_bitmap(B, U256::ZERO), U256::ZERO);
        assert!(l.check_permit2(USDC, A, B, u(1), u(3)).is_err());
        let hashes: Vec<B256> = l.transfers().iter().map(|t| t.tx_hash).collect();
        assert_eq!(hashes, vec![tx_hash_for(1), tx_hash_for(2)]);
    }

    #[test]
    fn overflow_and_self_transfer() {
        let mut l = Ledger::new();
        l.mint(USDC, A, U256::MAX).unwrap();
        assert_eq!(l.mint(USDC, A, u(1)), Err(LedgerError::Overflow));
        l.mint(USDC, B, u(1)).unwrap();
        assert_eq!(
            l.transfer(USDC, A, B, U256::MAX),
            Err(LedgerError::Overflow)
        );
        l.transfer(USDC, A, A, u(5)).unwrap();
        assert_eq!(l.balance_of(USDC, A), U256::MAX);
        l.set_code(B);
        assert!(l.has_code(B) && !l.has_code(A));
    }
}
