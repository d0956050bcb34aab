//! The gas-sponsoring extensions of the Permit2 mechanisms, `eip2612GasSponsoring` and
//! `erc20ApprovalGasSponsoring`: their rules, their place in the check orders, and their
//! verifier (docs/protocol/evm.md §4.5; `specs/extensions/`).

use alloy_primitives::U256;

use super::permit2::PermitView;
use super::{Req, Sponsoring, evm, horizon};
use crate::evm::calls;
use crate::evm::constants::PERMIT2_ADDRESS;
use crate::evm::eip712::{Eip2612Permit, TokenDomain};
use crate::evm::{EcdsaSignature, parse_signed_eip1559};
use crate::extensions::{self, Eip2612GasSponsoring, Erc20ApprovalGasSponsoring};
use crate::extra::EvmExtra;
use crate::primitives::EvmAddress;
use crate::v2::Extensions;
use crate::verify::Policy;
use crate::verify::checks::{Check, checks};
use crate::verify::report::Report;

checks! {
    /// The rules of the `eip2612GasSponsoring` extension.
    pub enum Eip2612Check {
        /// EIP-2612 extension: fields present and well-formed.
        Format "eip2612/format" => Eip2612ExtensionFormat,
            ts s("invalid_eip2612_extension_format"), go s("invalid_eip2612_extension_format"), py s("invalid_eip2612_extension_format");
        /// EIP-2612 extension: `from` must be the payer.
        From "eip2612/from" => Eip2612FromMismatch,
            ts s("eip2612_from_mismatch"), go s("eip2612_from_mismatch"), py s("eip2612_from_mismatch");
        /// EIP-2612 extension: `asset` must be the requirement's asset.
        Asset "eip2612/asset" => Eip2612AssetMismatch,
            ts s("eip2612_asset_mismatch"), go s("eip2612_asset_mismatch"), py s("eip2612_asset_mismatch");
        /// EIP-2612 extension: `spender` must be canonical Permit2.
        Spender "eip2612/spender" => Eip2612SpenderNotPermit2,
            ts s("eip2612_spender_not_permit2"), go s("eip2612_spender_not_permit2"), py s("eip2612_spender_not_permit2");
        /// EIP-2612 extension: `deadline >= now + buffer`.
        Deadline "eip2612/deadline" => Eip2612DeadlineExpired,
            ts s("eip2612_deadline_expired"), go s("eip2612_deadline_expired"), py s("eip2612_deadline_expired");
        /// EIP-2612 extension: `amount` must equal `permitted.amount`, or the proxy reverts
        /// `Permit2612AmountMismatch` at settlement (docs/protocol/disagreements.md #14). No SDK checks it at verify.
        Amount "eip2612/amount" => Permit2612AmountMismatch, ts None, go None, py None;
        /// EIP-2612 extension: the permit signature must be a valid, low-s signature by `from` over
        /// the token's `Permit` typed data. No SDK checks it (the proxy swallows a failing permit).
        Signature "eip2612/signature" => Eip2612ExtensionFormat, ts None, go None, py None;
    }
}

checks! {
    /// The rules of the `erc20ApprovalGasSponsoring` extension.
    pub enum Erc20ApprovalCheck {
        /// ERC-20 approval extension: fields present and well-formed.
        Format "erc20-approval/format" => Erc20ApprovalExtensionFormat,
            ts s("invalid_erc20_approval_extension_format"), go s("invalid_erc20_approval_extension_format"), py s("invalid_erc20_approval_extension_format");
        /// ERC-20 approval extension: `from` must be the payer.
        From "erc20-approval/from" => Erc20ApprovalFromMismatch,
            ts s("erc20_approval_from_mismatch"), go s("erc20_approval_from_mismatch"), py s("erc20_approval_from_mismatch");
        /// ERC-20 approval extension: `asset` must be the requirement's asset.
        Asset "erc20-approval/asset" => Erc20ApprovalAssetMismatch,
            ts s("erc20_approval_asset_mismatch"), go s("erc20_approval_asset_mismatch"), py s("erc20_approval_asset_mismatch");
        /// ERC-20 approval extension: `spender` must be canonical Permit2.
        Spender "erc20-approval/spender" => Erc20ApprovalSpenderNotPermit2,
            ts s("erc20_approval_spender_not_permit2"), go s("erc20_approval_spender_not_permit2"), py s("erc20_approval_spender_not_permit2");
        /// ERC-20 approval extension: `signedTransaction` must parse as a signed EIP-1559 transaction.
        TxParse "erc20-approval/tx-parse" => Erc20ApprovalTxParseFailed,
            ts s("erc20_approval_tx_parse_failed"), go s("erc20_approval_tx_parse_failed"), py s("erc20_approval_tx_parse_failed");
        /// ERC-20 approval extension: the transaction must call the token.
        TxTarget "erc20-approval/tx-target" => Erc20ApprovalTxWrongTarget,
            ts s("erc20_approval_tx_wrong_target"), go s("erc20_approval_tx_wrong_target"), py s("erc20_approval_tx_wrong_target");
        /// ERC-20 approval extension: the calldata must be `approve(address,uint256)`.
        TxSelector "erc20-approval/tx-selector" => Erc20ApprovalTxWrongSelector,
            ts s("erc20_approval_tx_wrong_selector"), go s("erc20_approval_tx_wrong_selector"), py s("erc20_approval_tx_wrong_selector");
        /// ERC-20 approval extension: the approved spender must be Permit2 (and the calldata well-formed).
        TxSpender "erc20-approval/tx-spender" => Erc20ApprovalTxWrongSpender,
            ts s("erc20_approval_tx_wrong_spender"), go s("erc20_approval_tx_wrong_spender"), py s("erc20_approval_tx_wrong_spender");
        /// ERC-20 approval extension: the transaction signer must be the payer.
        TxSigner "erc20-approval/tx-signer" => Erc20ApprovalTxSignerMismatch,
            ts s("erc20_approval_tx_signer_mismatch"), go s("erc20_approval_tx_signer_mismatch"), py s("erc20_approval_tx_signer_mismatch");
        /// ERC-20 approval extension: the transaction's chain id must be the network's.
        TxChain "erc20-approval/tx-chain" => Erc20ApprovalTxParseFailed, ts None, go None, py None;
    }
}

use Eip2612Check as A;
use Erc20ApprovalCheck as B;

/// Appends the extension checks to a mechanism's order: `canonical:` (every extension rule, in
/// this crate's order) or `sdk:` (the rules the SDKs check, in their shared order). Extensions
/// are checked after the signature by every party.
macro_rules! then_sponsoring {
    (canonical: $($c:expr),* $(,)?) => {
        &[$($c,)* $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Format), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::From), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Asset), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Spender), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Deadline), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Amount), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Signature), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Format), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::From), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Asset), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Spender), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxParse), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxChain), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxTarget), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSelector), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSpender), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSigner)]
    };
    (sdk: $($c:expr),* $(,)?) => {
        &[$($c,)* $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Format), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::From), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Asset), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Spender), $crate::verify::Check::Eip2612($crate::verify::evm::Eip2612Check::Deadline), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Format), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::From), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Asset), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::Spender), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxParse), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxTarget), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSelector), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSpender), $crate::verify::Check::Erc20Approval($crate::verify::evm::Erc20ApprovalCheck::TxSigner)]
    };
}
pub(crate) use then_sponsoring;

/// The extension checks alone, in this crate's order.
pub(crate) const CANONICAL: &[Check] = then_sponsoring!(canonical:);

/// The gas-sponsoring extension rules (docs/protocol/evm.md §4.5). Returns the extension that will be
/// used, with the EIP-2612 permit arguments for `settleWithPermit`.
pub(crate) fn checks(
    extensions: Option<&Extensions>,
    req: &Req<'_>,
    v: &PermitView,
    now: u64,
    policy: &Policy,
    r: &mut Report,
) -> Option<(Sponsoring, Option<calls::Eip2612PermitArgs>)> {
    let ext = extensions?;
    if ext.raw(extensions::EIP2612_GAS_SPONSORING).is_some() {
        let e: Eip2612GasSponsoring = match ext.get(extensions::EIP2612_GAS_SPONSORING) {
            Ok(Some(e)) => e,
            Ok(None) => return None,
            Err(err) => {
                r.fail(A::Format, format!("{}: {}", err.pointer(), err.message()));
                return None;
            }
        };
        let i = &e.info;
        let base = "/extensions/eip2612GasSponsoring/info";
        r.check(i.from == v.from, A::From, || {
            format!("{base}/from: {} is not the payer {}", i.from, v.from)
        });
        r.check(evm(req.asset) == Some(i.asset.get()), A::Asset, || {
            format!("{base}/asset: {} is not the asset {}", i.asset, req.asset)
        });
        r.check(i.spender.get() == PERMIT2_ADDRESS, A::Spender, || {
            format!("{base}/spender: {} is not Permit2", i.spender)
        });
        r.check(
            U256::from(i.deadline.as_secs()) >= horizon(now, policy.time_buffer_secs),
            A::Deadline,
            || {
                format!(
                    "{base}/deadline: {} is before now ({now}) + {} s",
                    i.deadline, policy.time_buffer_secs
                )
            },
        );
        r.check(i.amount.get() == v.amount, A::Amount, || {
            format!("{base}/amount: {} must equal permitted.amount {} (the proxy reverts Permit2612AmountMismatch)", i.amount, v.amount)
        });
        // The permit signature, which no SDK checks: a bad one makes the proxy skip the permit and
        // then fail for lack of allowance.
        let names = EvmExtra::from_extra(req.extra).ok().and_then(|x| {
            x.eip712_domain()
                .map(|(n, ver)| (n.to_owned(), ver.to_owned()))
        });
        let mut args = None;
        match (names, req.chain_id, evm(req.asset)) {
            (Some((name, version)), Some(chain), Some(asset)) => {
                let permit = Eip2612Permit {
                    owner: i.from.get(),
                    spender: i.spender.get(),
                    value: i.amount.get(),
                    nonce: i.nonce.get(),
                    deadline: U256::from(i.deadline.as_secs()),
                };
                let digest = permit.hashes(&TokenDomain::new(name, version, chain, asset)).digest;
                match EcdsaSignature::from_rsv(i.signature.as_slice()).and_then(|s| s.recover(digest).map(|who| (s, who))) {
                    Ok((sig, who)) if who == i.from.get() => {
                        args = Some(calls::Eip2612PermitArgs { value: i.amount.get(), deadline: U256::from(i.deadline.as_secs()), signature: sig });
                    }
                    Ok((_, who)) => r.fail(A::Signature, format!("{base}/signature: signed by {}, not by {}", EvmAddress::new(who), i.from)),
                    Err(e) => r.fail(A::Signature, format!("{base}/signature: {e}")),
                }
            }
            _ => r.fail(A::Signature, format!("{base}/signature: cannot be checked without extra.name/version and an EVM asset")),
        }
        return Some((Sponsoring::Eip2612, args));
    }
    if ext.raw(extensions::ERC20_APPROVAL_GAS_SPONSORING).is_some() {
        let e: Erc20ApprovalGasSponsoring = match ext.get(extensions::ERC20_APPROVAL_GAS_SPONSORING)
        {
            Ok(Some(e)) => e,
            Ok(None) => return None,
            Err(err) => {
                r.fail(B::Format, format!("{}: {}", err.pointer(), err.message()));
                return None;
            }
        };
        let i = &e.info;
        let base = "/extensions/erc20ApprovalGasSponsoring/info";
        r.check(i.from == v.from, B::From, || {
            format!("{base}/from: {} is not the payer {}", i.from, v.from)
        });
        r.check(evm(req.asset) == Some(i.asset.get()), B::Asset, || {
            format!("{base}/asset: {} is not the asset {}", i.asset, req.asset)
        });
        r.check(i.spender.get() == PERMIT2_ADDRESS, B::Spender, || {
            format!("{base}/spender: {} is not Permit2", i.spender)
        });
        match parse_signed_eip1559(i.signed_transaction.as_slice()) {
            Err(err) => r.fail(B::TxParse, format!("{base}/signedTransaction: {err}")),
            Ok(tx) => {
                r.check(Some(tx.tx.chain_id) == req.chain_id, B::TxChain, || {
                    format!(
                        "{base}/signedTransaction: chain id {} is not the network's",
                        tx.tx.chain_id
                    )
                });
                r.check(
                    tx.tx.to == Some(i.asset.get()) && evm(req.asset) == tx.tx.to,
                    B::TxTarget,
                    || {
                        format!(
                            "{base}/signedTransaction: calls {:?}, not the token {}",
                            tx.tx.to, i.asset
                        )
                    },
                );
                let data = &tx.tx.input;
                let selector_ok =
                    data.get(..4) == Some(crate::evm::constants::APPROVE_SELECTOR.as_slice());
                r.check(selector_ok, B::TxSelector, || {
                    format!("{base}/signedTransaction: calldata is not approve(address,uint256)")
                });
                if selector_ok {
                    match calls::decode_approve_calldata(data) {
                        Ok((spender, _)) => {
                            r.check(spender == PERMIT2_ADDRESS, B::TxSpender, || {
                                format!(
                                    "{base}/signedTransaction: approves {}, not Permit2",
                                    EvmAddress::new(spender)
                                )
                            })
                        }
                        Err(err) => {
                            r.fail(B::TxSpender, format!("{base}/signedTransaction: {err}"))
                        }
                    }
                }
                r.check(tx.signer == i.from.get(), B::TxSigner, || {
                    format!(
                        "{base}/signedTransaction: signed by {}, not by {}",
                        EvmAddress::new(tx.signer),
                        i.from
                    )
                });
            }
        }
        return Some((
            Sponsoring::Erc20Approval {
                signed_transaction: i.signed_transaction.0.clone(),
            },
            None,
        ));
    }
    None
}
