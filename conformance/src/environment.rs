//! The chain a payment case runs on, as opposed to the target (#13 §4).
//!
//! A facilitator is right to refuse a valid payment on a chain where it cannot settle: no Permit2
//! contract or x402 Permit2 proxy, a payer without tokens or without a Permit2 allowance, a token
//! whose EIP-712 domain is not the one the payment was signed for. Such a refusal says nothing
//! about the target, so the cases it would decide are skipped as undecidable, never failed:
//!
//! - with `--rpc-url` for the network, the harness reads the chain once per (network, token,
//!   payer) before the first payment that should succeed ([`Environment::probe`]) and skips the
//!   cases that chain makes undecidable ([`Environment::blocker`]). A refusal that names the
//!   environment when the probe found it in order is then the target's failure;
//! - without `--rpc-url`, a refusal whose code names the environment ([`names_environment`]) is
//!   taken at its word and skipped the same way.
//!
//! Every such skip reason starts with [`PREFIX`]; the terminal report prints each distinct one once
//! (docs/conformance.md "Environment is not the target").

use alloy_primitives::{Address, U256};
use x402_spec::codes::ErrorCode;
use x402_spec::evm::calls;
use x402_spec::evm::constants::{
    EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS, UPTO_PERMIT2_PROXY_ADDRESS,
};

use crate::pay::{PayTarget, VersionedMechanism};
use crate::rpc::{Rpc, RpcError};

/// How every environment skip reason starts.
pub const PREFIX: &str = "environment: ";

/// What the chain holds for one (network, token, payer), read over `--rpc-url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The network that was read.
    pub network: String,
    /// Whether the canonical Permit2 contract has code.
    pub permit2: bool,
    /// Whether the x402 exact Permit2 proxy has code.
    pub exact_proxy: bool,
    /// Whether the x402 upto Permit2 proxy has code.
    pub upto_proxy: bool,
    /// The payer's token balance.
    pub balance: U256,
    /// The payer's ERC-20 allowance for Permit2 (zero when the token has no `allowance`).
    pub permit2_allowance: U256,
    /// The token's `name()` and `version()`, when it answers both.
    pub domain: Option<(String, String)>,
}

impl Environment {
    /// Reads the chain for payments of `payer` in `token` on `network`: `eth_getCode` at Permit2
    /// and both proxies, `balanceOf(payer)`, `allowance(payer, Permit2)`, `name()`, `version()`.
    pub async fn probe(
        rpc: &Rpc,
        network: &str,
        token: Address,
        payer: Address,
    ) -> Result<Environment, RpcError> {
        let permit2 = !rpc.code_at(PERMIT2_ADDRESS).await?.is_empty();
        let exact_proxy = !rpc.code_at(EXACT_PERMIT2_PROXY_ADDRESS).await?.is_empty();
        let upto_proxy = !rpc.code_at(UPTO_PERMIT2_PROXY_ADDRESS).await?.is_empty();
        let balance = rpc.balance_of(token, payer).await?;
        // A token without `allowance` (or one that reverts) cannot be paid through Permit2.
        let permit2_allowance = match rpc
            .call(&calls::allowance(token, payer, PERMIT2_ADDRESS))
            .await
        {
            Ok(out) => calls::decode_allowance(&out).unwrap_or(U256::ZERO),
            Err(_) => U256::ZERO,
        };
        let name = rpc.call(&calls::token_name(token)).await.ok();
        let version = rpc.call(&calls::token_version(token)).await.ok();
        let domain = match (name, version) {
            (Some(n), Some(v)) => calls::decode_token_name(&n)
                .ok()
                .zip(calls::decode_token_version(&v).ok()),
            _ => None,
        };
        Ok(Environment {
            network: network.to_owned(),
            permit2,
            exact_proxy,
            upto_proxy,
            balance,
            permit2_allowance,
            domain,
        })
    }

    /// Why a valid payment to `target` by the probed payer cannot succeed on this chain whatever
    /// the target does (the skip reason, starting with [`PREFIX`]); `None` when nothing stands in
    /// its way. The reasons name no case, so the report can print each once.
    pub fn blocker(&self, target: &PayTarget) -> Option<String> {
        if let Some(reason) = self.contract_blocker(target) {
            return Some(reason);
        }
        self.funds_blocker(target)
    }

    /// The part of [`Environment::blocker`] that is about contract code: Permit2 or the scheme's
    /// x402 proxy missing for a Permit2 / `upto` payment. Such a chain leaves even a refusal that
    /// depends on chain state (the unfunded payer) undecidable: there is nothing to settle into.
    pub fn contract_blocker(&self, target: &PayTarget) -> Option<String> {
        let net = &self.network;
        if matches!(
            target.mechanism,
            VersionedMechanism::V2Permit2 | VersionedMechanism::V2Upto
        ) {
            if !self.permit2 {
                return Some(format!(
                    "{PREFIX}no contract code at Permit2 ({PERMIT2_ADDRESS}) on {net} (read over --rpc-url): a facilitator is right to refuse a Permit2 payment there"
                ));
            }
            let (proxy, has_code, label) = if target.mechanism == VersionedMechanism::V2Upto {
                (UPTO_PERMIT2_PROXY_ADDRESS, self.upto_proxy, "upto")
            } else {
                (EXACT_PERMIT2_PROXY_ADDRESS, self.exact_proxy, "exact")
            };
            if !has_code {
                return Some(format!(
                    "{PREFIX}no contract code at the x402 {label} Permit2 proxy ({proxy}) on {net} (read over --rpc-url): a facilitator is right to refuse (permit2_proxy_not_deployed)"
                ));
            }
        }
        None
    }

    /// The part of [`Environment::blocker`] that is about the payer and the token: balance,
    /// Permit2 allowance, the token's EIP-712 domain.
    fn funds_blocker(&self, target: &PayTarget) -> Option<String> {
        let net = &self.network;
        let via_permit2 = matches!(
            target.mechanism,
            VersionedMechanism::V2Permit2 | VersionedMechanism::V2Upto
        );
        if via_permit2 && self.permit2_allowance < target.amount {
            return Some(format!(
                "{PREFIX}the payer's Permit2 allowance for {} on {net} is {}, below the amount {} (read over --rpc-url): a facilitator is right to refuse (permit2_allowance_required)",
                target.asset, self.permit2_allowance, target.amount
            ));
        }
        if self.balance < target.amount {
            return Some(format!(
                "{PREFIX}the payer holds {} of {} on {net}, below the amount {} (read over --rpc-url): a facilitator is right to refuse (insufficient balance)",
                self.balance, target.asset, target.amount
            ));
        }
        if !via_permit2
            && let (Some((name, version)), Some((want_name, want_version))) =
                (&self.domain, &target.domain)
            && (name != want_name || version != want_version)
        {
            return Some(format!(
                "{PREFIX}the token {} on {net} names its EIP-712 domain {name:?} version {version:?}, but the payments are signed for {want_name:?} version {want_version:?} (from /supported or the defaults; pass the right --asset): a facilitator is right to refuse the signature",
                target.asset
            ));
        }
        None
    }
}

/// Whether a refusal code names the environment rather than the payment: the payer's balance,
/// its Permit2 allowance, or a missing Permit2 proxy (x402-spec's codes; every SDK spelling maps
/// to one of them, `x402_spec::codes`).
pub fn names_environment(code: &ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InsufficientFunds
            | ErrorCode::Permit2AllowanceRequired
            | ErrorCode::Permit2ProxyNotDeployed
    )
}

/// Whether a skip reason is an environment one (see [`PREFIX`]).
pub fn is_environment_reason(reason: &str) -> bool {
    reason.starts_with(PREFIX)
}

#[cfg(test)]
mod tests;
