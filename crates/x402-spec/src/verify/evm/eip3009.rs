//! `exact` with EIP-3009 `transferWithAuthorization` (v1 and v2): its rules, its check orders
//! and its verifier (docs/protocol/evm.md §4.2; `specs/schemes/exact/scheme_exact_evm.md`).

use alloy_primitives::U256;

use super::{
    Claimed, Envelope, EvmPayment, Req, amount_ok, envelope, evm, horizon, signature, simulation,
    smart_wallet_checks,
};
use crate::codes::ErrorCode;
use crate::common::Scheme;
use crate::evm::calls;
use crate::evm::eip712::{Eip3009Authorization, TokenDomain};
use crate::extra::EvmExtra;
use crate::primitives::{Address, EvmAddress};
use crate::schemes::ExactEip3009Payload;
use crate::verify::checks::{Check, CommonCheck, Orders, checks};
use crate::verify::evm::onchain::{ChainRequest, Expectation, OnchainCheck, OnchainCheckKind};
use crate::verify::report::Report;
use crate::verify::{Mechanism, Policy, Rejection};

checks! {
    /// The rules of `exact` with EIP-3009.
    pub enum Eip3009Check {
        /// EIP-3009: `accepted.scheme` (v1: `scheme`) and `requirements.scheme` must both be `exact`.
        Scheme "eip3009/scheme" => UnsupportedScheme,
            ts s("invalid_exact_evm_scheme"), go s("invalid_exact_evm_scheme"), py s("unsupported_scheme");
        /// EIP-3009: `accepted.network` (v1: `network`) must equal `requirements.network`.
        Network "eip3009/network" => NetworkMismatch,
            ts s("invalid_exact_evm_network_mismatch"), go s("invalid_exact_evm_network_mismatch"), py s("network_mismatch");
        /// EIP-3009: `payload` must be `{signature, authorization}` with well-formed fields.
        Format "eip3009/format" => InvalidPayload,
            ts None, go s("invalid_exact_evm_payload"), py None;
        /// EIP-3009: `extra.name` and `extra.version` (the EIP-712 domain) must be present.
        Domain "eip3009/domain" => ExactEvmMissingEip712Domain,
            ts s("invalid_exact_evm_missing_eip712_domain"), go s("invalid_exact_evm_missing_eip712_domain"), py s("missing_eip712_domain");
        /// EIP-3009: `authorization.to` must equal `payTo` (compared as addresses).
        Recipient "eip3009/recipient" => ExactEvmRecipientMismatch,
            ts s("invalid_exact_evm_recipient_mismatch"), go s("invalid_exact_evm_recipient_mismatch"), py s("invalid_exact_evm_payload_recipient_mismatch");
        /// EIP-3009: `authorization.value` must equal the required amount exactly (v2 spec; v1's
        /// "meets or exceeds" is a policy option, docs/protocol/disagreements.md #7).
        Value "eip3009/value" => ExactEvmValueMismatch,
            ts s("invalid_exact_evm_authorization_value"), go s("invalid_exact_evm_payload_authorization_value_mismatch"), py s("invalid_exact_evm_payload_authorization_value_mismatch");
        /// EIP-3009: `validBefore >= now + buffer` (6 s by default).
        ValidBefore "eip3009/valid-before" => ExactEvmAuthorizationExpired,
            ts s("invalid_exact_evm_payload_authorization_valid_before"), go s("invalid_exact_evm_payload_authorization_valid_before"), py s("invalid_exact_evm_payload_authorization_valid_before");
        /// EIP-3009: `validAfter <= now`.
        ValidAfter "eip3009/valid-after" => ExactEvmAuthorizationNotYetValid,
            ts s("invalid_exact_evm_payload_authorization_valid_after"), go s("invalid_exact_evm_payload_authorization_valid_after"), py s("invalid_exact_evm_payload_authorization_valid_after");
        /// EIP-3009: the signature must be a valid, low-s signature by `from` over the typed data
        /// (or a smart-wallet signature, confirmed on chain).
        Signature "eip3009/signature" => ExactEvmSignature,
            ts s("invalid_exact_evm_signature"), go s("invalid_exact_evm_signature"), py s("invalid_exact_evm_payload_signature");
        /// EIP-3009: the signature is malleable (s > n/2). Refused here; the SDKs' off-chain
        /// recovery accepts it and the token (OpenZeppelin ECDSA) then reverts, so they report the
        /// simulation failure.
        SignatureMalleable "eip3009/signature-high-s" => ExactEvmSignature,
            ts s("invalid_exact_evm_transaction_simulation_failed"), go s("invalid_exact_evm_transaction_simulation_failed"), py s("invalid_exact_evm_transaction_simulation_failed");
    }
}

use Check::{Common as C, Eip3009 as E};
use Eip3009Check as R;

const ENVELOPE: Envelope = Envelope {
    scheme: E(R::Scheme),
    network: E(R::Network),
    want: &Scheme::EXACT,
};

const CANONICAL: &[Check] = &[
    C(CommonCheck::Unsupported),
    C(CommonCheck::UnsupportedNetwork),
    E(R::Scheme),
    E(R::Network),
    C(CommonCheck::UnknownNetwork),
    E(R::Format),
    C(CommonCheck::AcceptedMismatch),
    E(R::Domain),
    E(R::Recipient),
    E(R::Value),
    E(R::ValidBefore),
    E(R::ValidAfter),
    E(R::Signature),
    E(R::SignatureMalleable),
];
const TS: &[Check] = &[
    C(CommonCheck::Unsupported),
    E(R::Format),
    E(R::Scheme),
    E(R::Domain),
    E(R::Network),
    C(CommonCheck::UnknownNetwork),
    E(R::Signature),
    E(R::Recipient),
    E(R::ValidBefore),
    E(R::ValidAfter),
    E(R::Value),
    E(R::SignatureMalleable),
];
const GO: &[Check] = &[
    C(CommonCheck::Unsupported),
    E(R::Scheme),
    E(R::Network),
    E(R::Format),
    C(CommonCheck::UnknownNetwork),
    E(R::Recipient),
    E(R::Value),
    E(R::ValidBefore),
    E(R::ValidAfter),
    E(R::Domain),
    E(R::Signature),
    E(R::SignatureMalleable),
];
const PY: &[Check] = &[
    C(CommonCheck::Unsupported),
    E(R::Format),
    E(R::Scheme),
    E(R::Network),
    C(CommonCheck::UnknownNetwork),
    E(R::Domain),
    E(R::Recipient),
    E(R::Value),
    E(R::ValidBefore),
    E(R::ValidAfter),
    E(R::Signature),
    E(R::SignatureMalleable),
];

/// The check orders of `exact` EIP-3009 (docs/protocol/evm.md §4.2, docs/protocol/disagreements.md #30).
pub(crate) const ORDERS: Orders = Orders {
    canonical: CANONICAL,
    ts: TS,
    go: GO,
    py: PY,
};

pub(crate) fn verify(
    req: &Req<'_>,
    claimed: &Claimed<'_>,
    now: u64,
    policy: &Policy,
) -> Result<EvmPayment, Rejection> {
    let m = Mechanism::Eip3009;
    let mut r = Report::default();
    envelope(&ENVELOPE, req, claimed, policy, &mut r);

    let extra = EvmExtra::from_extra(req.extra);
    let domain_names = match &extra {
        Ok(x) => x.eip712_domain().map(|(n, v)| (n.to_owned(), v.to_owned())),
        Err(_) => None,
    };
    r.check(domain_names.is_some(), R::Domain, || match &extra {
        Err(e) => format!("extra: {e}"),
        Ok(_) => {
            "extra.name and extra.version (the token's EIP-712 domain) are required".to_owned()
        }
    });
    let asset = evm(req.asset);
    r.check(asset.is_some(), R::Domain, || {
        format!("asset {} is not an EVM address", req.asset)
    });

    let parsed = ExactEip3009Payload::from_payload(claimed.payload);
    let p = match parsed {
        Ok(p) => p,
        Err(e) => {
            r.fail(R::Format, format!("{}: {}", e.pointer(), e.message()));
            return Err(r.reject(m, None));
        }
    };
    let a = &p.authorization;
    let from = a.from.get();
    let pay_to = evm(req.pay_to);
    r.check(pay_to == Some(a.to.get()), R::Recipient, || {
        format!(
            "/payload/authorization/to: {} is not payTo {}",
            a.to, req.pay_to
        )
    });
    r.check(
        amount_ok(policy.amount_rule, a.value.get(), req.amount),
        R::Value,
        || {
            format!(
                "/payload/authorization/value: {} but the requirement is {}",
                a.value, req.amount
            )
        },
    );
    r.check(
        U256::from(a.valid_before.as_secs()) >= horizon(now, policy.time_buffer_secs),
        R::ValidBefore,
        || {
            format!(
                "/payload/authorization/validBefore: {} is before now ({now}) + {} s",
                a.valid_before, policy.time_buffer_secs
            )
        },
    );
    r.check(a.valid_after.as_secs() <= now, R::ValidAfter, || {
        format!(
            "/payload/authorization/validAfter: {} is after now ({now})",
            a.valid_after
        )
    });

    let message = Eip3009Authorization {
        from,
        to: a.to.get(),
        value: a.value.get(),
        valid_after: U256::from(a.valid_after.as_secs()),
        valid_before: U256::from(a.valid_before.as_secs()),
        nonce: a.nonce.0,
    };
    let hashes = match (&domain_names, req.chain_id, asset) {
        (Some((name, version)), Some(chain), Some(asset)) => Some(message.hashes(
            &TokenDomain::new(name.clone(), version.clone(), chain, asset),
        )),
        _ => None,
    };
    let classified = signature(
        R::Signature,
        p.signature.as_slice(),
        hashes.map(|h| h.digest),
        from,
        policy,
        &mut r,
    );

    let payer = Address::Evm(a.from);
    if !r.is_clean() {
        return Err(r.reject(m, Some(payer)));
    }
    let (Some(hashes), Some(classified), Some(asset), Some(chain_id), Some(pay_to)) =
        (hashes, classified, asset, req.chain_id, pay_to)
    else {
        return Err(r.reject(m, Some(payer)));
    };
    let settlement = calls::transfer_with_authorization(asset, &message, &classified);
    let mut onchain = vec![
        OnchainCheck::new(
            OnchainCheckKind::Balance,
            ChainRequest::Call(calls::balance_of(asset, from)),
            Expectation::UintAtLeast(message.value),
            ErrorCode::InsufficientFunds,
        ),
        OnchainCheck::new(
            OnchainCheckKind::Eip3009NonceUnused,
            ChainRequest::Call(calls::authorization_state(asset, from, message.nonce)),
            Expectation::BoolIs(false),
            ErrorCode::ExactEvmNonceAlreadyUsed,
        ),
    ];
    smart_wallet_checks(
        &classified,
        from,
        hashes.digest,
        ErrorCode::ExactEvmSignature,
        &mut onchain,
    );
    onchain.push(simulation(
        &settlement,
        &classified,
        ErrorCode::ExactEvmSimulationFailed,
        None,
    ));
    Ok(EvmPayment {
        payer: a.from,
        mechanism: m,
        chain_id,
        asset: EvmAddress::new(asset),
        pay_to: EvmAddress::new(pay_to),
        authorized: message.value,
        hashes,
        signature: classified,
        onchain,
        settlement,
        sponsoring: None,
        permit2612: None,
    })
}
