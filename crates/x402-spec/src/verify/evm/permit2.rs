//! `exact` with Permit2 and `upto` (both move the token through Permit2 and the x402 Permit2
//! proxies): their rules, check orders and verifier, and the `upto` settlement plan
//! (docs/protocol/evm.md §4.3, §4.4; `specs/schemes/exact/scheme_exact_evm.md`, `specs/schemes/upto/`).

use alloy_primitives::{Bytes, U256};

use super::sponsoring::{self, then_sponsoring};
use super::{
    Claimed, Envelope, EvmPayment, Req, Sponsoring, amount_ok, envelope, evm, horizon, signature,
    simulation, smart_wallet_checks,
};
use crate::codes::ErrorCode;
use crate::common::Scheme;
use crate::evm::calls::{self, EthCall};
use crate::evm::constants::{
    EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS, UPTO_PERMIT2_PROXY_ADDRESS,
};
use crate::evm::eip712::{ExactPermit2Authorization, Permit2Domain, UptoPermit2Authorization};
use crate::primitives::{Address, EvmAddress};
use crate::schemes::{ExactPermit2Payload, UptoPermit2Payload};
use crate::v2;
use crate::verify::checks::{Check, CommonCheck, Orders, checks};
use crate::verify::evm::onchain::{
    ChainRequest, Expectation, OnchainCheck, OnchainCheckKind, permit2_nonce_bitmap,
};
use crate::verify::report::Report;
use crate::verify::{Mechanism, Policy, Rejection};

checks! {
    /// The Permit2 rules of `exact` with Permit2, which `upto` shares.
    pub enum Permit2Check {
        /// Permit2 exact: both schemes must be `exact`.
        Scheme "permit2/scheme" => UnsupportedScheme,
            ts s("unsupported_payload_type"), go s("unsupported_payload_type"), py s("unsupported_scheme");
        /// Permit2 exact: networks must match.
        Network "permit2/network" => NetworkMismatch,
            ts s("invalid_exact_evm_network_mismatch"), go s("invalid_exact_evm_network_mismatch"), py s("network_mismatch");
        /// Permit2: `payload` must be `{signature, permit2Authorization}` with well-formed fields.
        Format "permit2/format" => InvalidPayload,
            ts None, go s("invalid_exact_evm_payload"), py s("invalid_permit2_payload_format");
        /// Permit2: `spender` must be the scheme's x402 proxy.
        Spender "permit2/spender" => Permit2InvalidSpender,
            ts s("invalid_permit2_spender"), go s("invalid_permit2_spender"), py s("invalid_permit2_spender");
        /// Permit2: `witness.to` must equal `payTo`.
        Recipient "permit2/recipient" => Permit2RecipientMismatch,
            ts s("invalid_permit2_recipient_mismatch"), go s("invalid_permit2_recipient_mismatch"), py s("invalid_permit2_recipient_mismatch");
        /// Permit2: `permitted.amount` must equal the required amount (upto: the maximum).
        Amount "permit2/amount" => Permit2AmountMismatch,
            ts s("permit2_amount_mismatch"), go s("permit2_amount_mismatch"), py s("permit2_amount_mismatch");
        /// Permit2: `permitted.token` must equal `asset`.
        Token "permit2/token" => Permit2TokenMismatch,
            ts s("permit2_token_mismatch"), go s("permit2_token_mismatch"), py s("permit2_token_mismatch");
        /// Permit2: `deadline >= now + buffer`.
        Deadline "permit2/deadline" => Permit2DeadlineExpired,
            ts s("permit2_deadline_expired"), go s("permit2_deadline_expired"), py s("permit2_deadline_expired");
        /// Permit2: `witness.validAfter <= now`.
        ValidAfter "permit2/valid-after" => Permit2NotYetValid,
            ts s("permit2_not_yet_valid"), go s("permit2_not_yet_valid"), py s("permit2_not_yet_valid");
        /// Permit2: the signature must be a valid, low-s signature by `from`.
        Signature "permit2/signature" => Permit2Signature,
            ts s("invalid_permit2_signature"), go s("invalid_permit2_signature"), py s("invalid_permit2_signature");
        /// Permit2: the signature is malleable (s > n/2). Refused here; Permit2's own
        /// `SignatureVerification` accepts it, and so do the SDKs.
        SignatureMalleable "permit2/signature-high-s" => Permit2Signature, ts None, go None, py None;
    }
}

checks! {
    /// The rules only `upto` has.
    pub enum UptoCheck {
        /// upto: both schemes must be `upto`.
        Scheme "upto/scheme" => UnsupportedScheme,
            ts s("invalid_upto_evm_scheme"), go s("invalid_upto_evm_scheme"), py s("invalid_upto_evm_scheme");
        /// upto: networks must match.
        Network "upto/network" => NetworkMismatch,
            ts s("invalid_upto_evm_network_mismatch"), go s("invalid_upto_evm_network_mismatch"), py s("invalid_upto_evm_network_mismatch");
        /// upto: `payload` must be a Permit2 authorization with the upto witness.
        Format "upto/format" => InvalidPayload,
            ts s("unsupported_payload_type"), go s("invalid_upto_evm_payload"), py s("unsupported_payload_type");
        /// upto: `witness.facilitator` must be one of this facilitator's signers.
        Facilitator "upto/facilitator" => UptoFacilitatorMismatch,
            ts s("upto_facilitator_mismatch"), go s("upto_facilitator_mismatch"), py s("upto_facilitator_mismatch");
    }
}

use Check::{Common as C, Permit2 as P, Upto as U};
use Permit2Check as P2;
use UptoCheck as UR;

const EXACT_ENVELOPE: Envelope = Envelope {
    scheme: P(P2::Scheme),
    network: P(P2::Network),
    want: &Scheme::EXACT,
};

const UPTO_ENVELOPE: Envelope = Envelope {
    scheme: U(UR::Scheme),
    network: U(UR::Network),
    want: &Scheme::UPTO,
};

const CANON_P2: &[Check] = then_sponsoring!(
    canonical:
    C(CommonCheck::Unsupported),
    C(CommonCheck::UnsupportedNetwork),
    P(P2::Scheme),
    P(P2::Network),
    C(CommonCheck::UnknownNetwork),
    P(P2::Format),
    C(CommonCheck::AcceptedMismatch),
    P(P2::Spender),
    P(P2::Recipient),
    P(P2::Amount),
    P(P2::Token),
    P(P2::Deadline),
    P(P2::ValidAfter),
    P(P2::Signature),
    P(P2::SignatureMalleable),
);

const SDK_P2: &[Check] = then_sponsoring!(
    sdk:
    C(CommonCheck::Unsupported),
    P(P2::Format),
    P(P2::Scheme),
    P(P2::Network),
    C(CommonCheck::UnknownNetwork),
    P(P2::Spender),
    P(P2::Recipient),
    P(P2::Deadline),
    P(P2::ValidAfter),
    P(P2::Amount),
    P(P2::Token),
    P(P2::Signature),
);

const CANON_UPTO: &[Check] = then_sponsoring!(
    canonical:
    C(CommonCheck::Unsupported),
    C(CommonCheck::UnsupportedNetwork),
    U(UR::Scheme),
    U(UR::Network),
    C(CommonCheck::UnknownNetwork),
    U(UR::Format),
    C(CommonCheck::AcceptedMismatch),
    P(P2::Spender),
    P(P2::Recipient),
    U(UR::Facilitator),
    P(P2::Amount),
    P(P2::Token),
    P(P2::Deadline),
    P(P2::ValidAfter),
    P(P2::Signature),
    P(P2::SignatureMalleable),
);

const SDK_UPTO: &[Check] = then_sponsoring!(
    sdk:
    C(CommonCheck::Unsupported),
    U(UR::Format),
    U(UR::Scheme),
    U(UR::Network),
    C(CommonCheck::UnknownNetwork),
    P(P2::Spender),
    P(P2::Recipient),
    U(UR::Facilitator),
    P(P2::Deadline),
    P(P2::ValidAfter),
    P(P2::Amount),
    P(P2::Token),
    P(P2::Signature),
);

/// The check orders of `exact` Permit2 (docs/protocol/evm.md §4.3). The three SDKs share one order.
pub(crate) const EXACT_ORDERS: Orders = Orders {
    canonical: CANON_P2,
    ts: SDK_P2,
    go: SDK_P2,
    py: SDK_P2,
};

/// The check orders of `upto` (docs/protocol/evm.md §4.4). The three SDKs share one order.
pub(crate) const UPTO_ORDERS: Orders = Orders {
    canonical: CANON_UPTO,
    ts: SDK_UPTO,
    go: SDK_UPTO,
    py: SDK_UPTO,
};

/// The Permit2 fields shared by `exact` and `upto`.
pub(crate) struct PermitView {
    pub(crate) from: EvmAddress,
    pub(crate) token: EvmAddress,
    pub(crate) amount: U256,
    pub(crate) spender: EvmAddress,
    pub(crate) nonce: U256,
    pub(crate) deadline: u64,
    pub(crate) to: EvmAddress,
    pub(crate) valid_after: u64,
    pub(crate) facilitator: Option<EvmAddress>,
    pub(crate) signature: Bytes,
}

pub(crate) fn verify(
    m: Mechanism,
    req: &Req<'_>,
    claimed: &Claimed<'_>,
    now: u64,
    policy: &Policy,
) -> Result<EvmPayment, Rejection> {
    let mut r = Report::default();
    let env = if m == Mechanism::Upto {
        &UPTO_ENVELOPE
    } else {
        &EXACT_ENVELOPE
    };
    envelope(env, req, claimed, policy, &mut r);
    let asset = evm(req.asset);
    let pay_to = evm(req.pay_to);
    let format_check: Check = if m == Mechanism::Upto {
        UR::Format.into()
    } else {
        P2::Format.into()
    };
    let view = if m == Mechanism::Upto {
        UptoPermit2Payload::from_payload(claimed.payload).map(|p| {
            let a = p.permit2_authorization;
            PermitView {
                from: a.from,
                token: a.permitted.token,
                amount: a.permitted.amount.get(),
                spender: a.spender,
                nonce: a.nonce.get(),
                deadline: a.deadline.as_secs(),
                to: a.witness.to,
                valid_after: a.witness.valid_after.as_secs(),
                facilitator: Some(a.witness.facilitator),
                signature: p.signature.0,
            }
        })
    } else {
        ExactPermit2Payload::from_payload(claimed.payload).map(|p| {
            let a = p.permit2_authorization;
            PermitView {
                from: a.from,
                token: a.permitted.token,
                amount: a.permitted.amount.get(),
                spender: a.spender,
                nonce: a.nonce.get(),
                deadline: a.deadline.as_secs(),
                to: a.witness.to,
                valid_after: a.witness.valid_after.as_secs(),
                facilitator: None,
                signature: p.signature.0,
            }
        })
    };
    let v = match view {
        Ok(v) => v,
        Err(e) => {
            r.fail(format_check, format!("{}: {}", e.pointer(), e.message()));
            return Err(r.reject(m, None));
        }
    };
    let proxy = if m == Mechanism::Upto {
        UPTO_PERMIT2_PROXY_ADDRESS
    } else {
        EXACT_PERMIT2_PROXY_ADDRESS
    };
    let base = "/payload/permit2Authorization";
    r.check(v.spender.get() == proxy, P2::Spender, || {
        format!(
            "{base}/spender: {} is not the x402 {} proxy {}",
            v.spender,
            m.id(),
            EvmAddress::new(proxy)
        )
    });
    r.check(pay_to == Some(v.to.get()), P2::Recipient, || {
        format!("{base}/witness/to: {} is not payTo {}", v.to, req.pay_to)
    });
    if let Some(fac) = v.facilitator {
        r.check(
            policy.facilitator_signers.contains(&fac),
            UR::Facilitator,
            || {
                format!(
                    "{base}/witness/facilitator: {fac} is not one of this facilitator's signers"
                )
            },
        );
    }
    r.check(
        amount_ok(policy.amount_rule, v.amount, req.amount),
        P2::Amount,
        || {
            format!(
                "{base}/permitted/amount: {} but the requirement is {}",
                v.amount, req.amount
            )
        },
    );
    r.check(asset == Some(v.token.get()), P2::Token, || {
        format!(
            "{base}/permitted/token: {} is not the asset {}",
            v.token, req.asset
        )
    });
    r.check(
        U256::from(v.deadline) >= horizon(now, policy.time_buffer_secs),
        P2::Deadline,
        || {
            format!(
                "{base}/deadline: {} is before now ({now}) + {} s",
                v.deadline, policy.time_buffer_secs
            )
        },
    );
    r.check(v.valid_after <= now, P2::ValidAfter, || {
        format!(
            "{base}/witness/validAfter: {} is after now ({now})",
            v.valid_after
        )
    });

    let domain = req.chain_id.map(|chain_id| Permit2Domain {
        chain_id,
        verifying_contract: PERMIT2_ADDRESS,
    });
    let (hashes, exact_msg, upto_msg) = match (&domain, v.facilitator) {
        (Some(d), Some(fac)) => {
            let msg = UptoPermit2Authorization {
                token: v.token.get(),
                amount: v.amount,
                spender: v.spender.get(),
                nonce: v.nonce,
                deadline: U256::from(v.deadline),
                to: v.to.get(),
                facilitator: fac.get(),
                valid_after: U256::from(v.valid_after),
            };
            (Some(msg.hashes(d)), None, Some(msg))
        }
        (Some(d), None) => {
            let msg = ExactPermit2Authorization {
                token: v.token.get(),
                amount: v.amount,
                spender: v.spender.get(),
                nonce: v.nonce,
                deadline: U256::from(v.deadline),
                to: v.to.get(),
                valid_after: U256::from(v.valid_after),
            };
            (Some(msg.hashes(d)), Some(msg), None)
        }
        _ => (None, None, None),
    };
    let classified = signature(
        P2::Signature,
        &v.signature,
        hashes.map(|h| h.digest),
        v.from.get(),
        policy,
        &mut r,
    );

    let sponsoring = sponsoring::checks(claimed.extensions, req, &v, now, policy, &mut r);

    let payer = Address::Evm(v.from);
    if !r.is_clean() {
        return Err(r.reject(m, Some(payer)));
    }
    let (Some(hashes), Some(classified), Some(chain_id), Some(asset), Some(pay_to)) =
        (hashes, classified, req.chain_id, asset, pay_to)
    else {
        return Err(r.reject(m, Some(payer)));
    };
    let (settlement, failure_sim) = match (&exact_msg, &upto_msg, &sponsoring) {
        (Some(msg), _, Some((Sponsoring::Eip2612, Some(args)))) => (
            calls::exact_settle_with_permit(proxy, args, msg, v.from.get(), &v.signature),
            ErrorCode::Permit2SimulationFailed,
        ),
        (Some(msg), _, _) => (
            calls::exact_settle(proxy, msg, v.from.get(), &v.signature),
            ErrorCode::Permit2SimulationFailed,
        ),
        (None, Some(msg), Some((Sponsoring::Eip2612, Some(args)))) => (
            calls::upto_settle_with_permit(
                proxy,
                args,
                msg,
                req.amount,
                v.from.get(),
                &v.signature,
            ),
            ErrorCode::Permit2SimulationFailed,
        ),
        (None, Some(msg), _) => (
            calls::upto_settle(proxy, msg, req.amount, v.from.get(), &v.signature),
            ErrorCode::Permit2SimulationFailed,
        ),
        (None, None, _) => return Err(r.reject(m, Some(payer))),
    };
    let from = v.from.get();
    let (nonce_call, bit) = permit2_nonce_bitmap(PERMIT2_ADDRESS, from, v.nonce);
    let mut onchain = vec![
        OnchainCheck::new(
            OnchainCheckKind::ProxyDeployed,
            ChainRequest::Call(calls::proxy_permit2(proxy)),
            Expectation::CallSucceeds,
            ErrorCode::Permit2ProxyNotDeployed,
        ),
        OnchainCheck::new(
            OnchainCheckKind::Balance,
            ChainRequest::Call(calls::balance_of(asset, from)),
            Expectation::UintAtLeast(v.amount),
            ErrorCode::InsufficientFunds,
        ),
        OnchainCheck::new(
            OnchainCheckKind::Permit2NonceUnused,
            ChainRequest::Call(nonce_call),
            Expectation::BitClear { bit },
            ErrorCode::Permit2InvalidNonce,
        ),
    ];
    if sponsoring.is_none() {
        onchain.push(OnchainCheck::new(
            OnchainCheckKind::Permit2Allowance,
            ChainRequest::Call(calls::allowance(asset, from, PERMIT2_ADDRESS)),
            Expectation::UintAtLeast(v.amount),
            ErrorCode::Permit2AllowanceRequired,
        ));
    }
    smart_wallet_checks(
        &classified,
        from,
        hashes.digest,
        ErrorCode::Permit2Signature,
        &mut onchain,
    );
    // The ERC-20 approval path must broadcast the approval first; its settlement simulation
    // needs a node that can simulate a bundle, so it is not listed as a plain eth_call.
    if !matches!(sponsoring, Some((Sponsoring::Erc20Approval { .. }, _))) {
        onchain.push(simulation(
            &settlement,
            &classified,
            failure_sim,
            v.facilitator.map(|f| f.get()),
        ));
    }
    Ok(EvmPayment {
        payer: v.from,
        mechanism: m,
        chain_id,
        asset: EvmAddress::new(asset),
        pay_to: EvmAddress::new(pay_to),
        authorized: v.amount,
        hashes,
        signature: classified,
        onchain,
        settlement,
        permit2612: sponsoring.as_ref().and_then(|(_, args)| *args),
        sponsoring: sponsoring.map(|(s, _)| s),
    })
}

/// Plans an `upto` settlement for the amount the server actually charges (the settle-time
/// `paymentRequirements.amount`, docs/protocol/evm.md §4.4, docs/protocol/disagreements.md #20).
///
/// `Ok(None)` for zero: nothing is sent (the proxy would revert `InvalidAmount`), and the
/// settle response is a success with `transaction: ""` and `amount: "0"`.
///
/// # Errors
/// [`ErrorCode::UptoSettlementExceedsAmount`] when the charge exceeds the authorized maximum;
/// [`ErrorCode::UnsupportedScheme`] when `verified` is not an `upto` payment.
pub fn plan_upto_settlement(
    verified: &EvmPayment,
    payload: &v2::PaymentPayload,
    charge: U256,
) -> Result<Option<EthCall>, ErrorCode> {
    if verified.mechanism != Mechanism::Upto {
        return Err(ErrorCode::UnsupportedScheme);
    }
    if charge > verified.authorized {
        return Err(ErrorCode::UptoSettlementExceedsAmount);
    }
    if charge.is_zero() {
        return Ok(None);
    }
    let p = UptoPermit2Payload::from_payload(&payload.payload)
        .map_err(|_| ErrorCode::InvalidPayload)?;
    let a = &p.permit2_authorization;
    let msg = UptoPermit2Authorization {
        token: a.permitted.token.get(),
        amount: a.permitted.amount.get(),
        spender: a.spender.get(),
        nonce: a.nonce.get(),
        deadline: U256::from(a.deadline.as_secs()),
        to: a.witness.to.get(),
        facilitator: a.witness.facilitator.get(),
        valid_after: U256::from(a.witness.valid_after.as_secs()),
    };
    let from = a.from.get();
    Ok(Some(match &verified.permit2612 {
        Some(args) => calls::upto_settle_with_permit(
            UPTO_PERMIT2_PROXY_ADDRESS,
            args,
            &msg,
            charge,
            from,
            &p.signature.0,
        ),
        None => calls::upto_settle(
            UPTO_PERMIT2_PROXY_ADDRESS,
            &msg,
            charge,
            from,
            &p.signature.0,
        ),
    }))
}
