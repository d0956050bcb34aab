//! Offer lint: rules an offered `PaymentRequirements` must meet beyond parsing, so that a client
//! can actually pay it. A document can be well-formed and still be unpayable: an amount of 0
//! (nothing to authorize; the proxies revert on a zero Permit2 amount), an EIP-3009 `exact`
//! offer without the token's EIP-712 domain (`extra.name` / `extra.version`; a client cannot
//! sign without them, `specs/schemes/exact/scheme_exact_evm.md`, docs/protocol/evm.md §4.2), an EVM offer
//! whose `payTo` / `asset` are not EVM addresses, or an `upto` offer without
//! `extra.facilitatorAddress` (the witness names the facilitator, docs/protocol/evm.md §4.4).
//!
//! Resource servers run it on what they offer; the conformance harness runs it on what a server
//! under test offered.

use std::fmt;

use crate::assets::AssetTransferMethod;
use crate::common::Scheme;
use crate::primitives::{Address, v1_evm_chain_id, v1_to_caip2};
use crate::wire::JsonObject;
use crate::{v1, v2};

/// One reason an offer cannot be paid as offered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OfferProblem {
    /// The amount (`amount`, v1 `maxAmountRequired`) is 0.
    ZeroAmount {
        /// The field name.
        field: &'static str,
    },
    /// A v1 network name this crate does not know.
    UnknownV1Network(String),
    /// On an EVM network, `payTo` or `asset` is not an EVM address.
    NotEvmAddress {
        /// The field name.
        field: &'static str,
        /// The value as offered.
        value: String,
    },
    /// An EIP-3009 `exact` offer without `extra.name` and `extra.version`.
    MissingEip712Domain,
    /// An `upto` offer without `extra.facilitatorAddress`.
    UptoMissingFacilitator,
    /// `extra.assetTransferMethod` is present but not a non-empty string.
    BadTransferMethod,
}

impl fmt::Display for OfferProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroAmount { field } => write!(f, "{field} is 0"),
            Self::UnknownV1Network(n) => write!(f, "network {n:?} is not a known v1 network name"),
            Self::NotEvmAddress { field, value } => {
                write!(f, "{field} {value:?} is not an EVM address")
            }
            Self::MissingEip712Domain => f.write_str(
                "an EIP-3009 exact offer needs extra.name and extra.version (the token's EIP-712 domain); clients cannot sign without them",
            ),
            Self::UptoMissingFacilitator => {
                f.write_str("an upto offer needs extra.facilitatorAddress")
            }
            Self::BadTransferMethod => {
                f.write_str("extra.assetTransferMethod must be a non-empty string")
            }
        }
    }
}

/// The problems of one v2 offer (empty: payable as far as the document tells).
#[must_use]
pub fn lint_v2(offer: &v2::PaymentRequirements) -> Vec<OfferProblem> {
    let mut p = Vec::new();
    if offer.amount.get().is_zero() {
        p.push(OfferProblem::ZeroAmount { field: "amount" });
    }
    if offer.network.is_eip155() {
        evm_rules(
            &mut p,
            &offer.scheme,
            &offer.pay_to,
            &offer.asset,
            offer.extra.as_ref(),
        );
    }
    p
}

/// The problems of one v1 offer.
#[must_use]
pub fn lint_v1(offer: &v1::PaymentRequirements) -> Vec<OfferProblem> {
    let mut p = Vec::new();
    let name = offer.network.as_str();
    if v1_to_caip2(name).is_none() {
        p.push(OfferProblem::UnknownV1Network(name.to_owned()));
    }
    if offer.max_amount_required.get().is_zero() {
        p.push(OfferProblem::ZeroAmount {
            field: "maxAmountRequired",
        });
    }
    if v1_evm_chain_id(name).is_some() {
        evm_rules(
            &mut p,
            &offer.scheme,
            &offer.pay_to,
            &offer.asset,
            offer.extra.as_ref(),
        );
    }
    p
}

fn evm_rules(
    p: &mut Vec<OfferProblem>,
    scheme: &Scheme,
    pay_to: &Address,
    asset: &Address,
    extra: Option<&JsonObject>,
) {
    for (field, a) in [("payTo", pay_to), ("asset", asset)] {
        if a.as_evm().is_none() {
            p.push(OfferProblem::NotEvmAddress {
                field,
                value: a.to_string(),
            });
        }
    }
    let text = |k: &str| {
        extra
            .and_then(|e| e.get(k))
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let method = match extra.and_then(|e| e.get("assetTransferMethod")) {
        None | Some(serde_json::Value::Null) => Some(AssetTransferMethod::Eip3009),
        Some(serde_json::Value::String(s)) => AssetTransferMethod::parse(s).ok(),
        Some(_) => None,
    };
    let Some(method) = method else {
        p.push(OfferProblem::BadTransferMethod);
        return;
    };
    if scheme == &Scheme::EXACT
        && method == AssetTransferMethod::Eip3009
        && (text("name").is_none() || text("version").is_none())
    {
        p.push(OfferProblem::MissingEip712Domain);
    }
    if scheme == &Scheme::UPTO && text("facilitatorAddress").is_none() {
        p.push(OfferProblem::UptoMissingFacilitator);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v2(extra: serde_json::Value, scheme: &str, amount: &str) -> v2::PaymentRequirements {
        let doc = json!({"scheme": scheme, "network": "eip155:84532", "amount": amount,
            "asset": "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
            "payTo": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", "maxTimeoutSeconds": 60,
            "extra": extra});
        v2::PaymentRequirements::from_json(doc.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn a_payable_offer_has_no_problem() {
        assert!(
            lint_v2(&v2(
                json!({"name": "USDC", "version": "2"}),
                "exact",
                "10000"
            ))
            .is_empty()
        );
        assert!(lint_v2(&v2(json!({"assetTransferMethod": "permit2"}), "exact", "1")).is_empty());
        assert!(
            lint_v2(&v2(
                json!({"facilitatorAddress": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C"}),
                "upto",
                "1"
            ))
            .is_empty()
        );
    }

    #[test]
    fn each_rule_reports_its_problem() {
        assert_eq!(
            lint_v2(&v2(json!({"name": "USDC", "version": "2"}), "exact", "0")),
            vec![OfferProblem::ZeroAmount { field: "amount" }]
        );
        assert_eq!(
            lint_v2(&v2(json!({"name": "USDC"}), "exact", "1")),
            vec![OfferProblem::MissingEip712Domain]
        );
        assert_eq!(
            lint_v2(&v2(json!({}), "upto", "1")),
            vec![OfferProblem::UptoMissingFacilitator]
        );
        assert_eq!(
            lint_v2(&v2(json!({"assetTransferMethod": 7}), "exact", "1")),
            vec![OfferProblem::BadTransferMethod]
        );
    }

    #[test]
    fn v1_offers() {
        let doc = json!({"scheme":"exact","network":"base-sepolia","maxAmountRequired":"0",
            "resource":"https://x/r","description":"","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
            "maxTimeoutSeconds":60,"asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e",
            "extra":{"name":"USDC","version":"2"}});
        let offer = v1::PaymentRequirements::from_json(doc.to_string().as_bytes()).unwrap();
        assert_eq!(
            lint_v1(&offer),
            vec![OfferProblem::ZeroAmount {
                field: "maxAmountRequired"
            }]
        );
        assert_eq!(
            OfferProblem::ZeroAmount {
                field: "maxAmountRequired"
            }
            .to_string(),
            "maxAmountRequired is 0"
        );
    }
}
