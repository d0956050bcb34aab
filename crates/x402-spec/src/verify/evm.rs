//! The EVM verifiers. Every rule is evaluated (not just until the first failure) so that a
//! rejection lists all failures and any party's check order can be replayed.

use alloy_primitives::{Address as EvmAddr, B256, Bytes, U256};

use super::checks::{Check, Mechanism};
use super::onchain::{
    ChainRequest, Expectation, OnchainCheck, OnchainCheckKind, permit2_nonce_bitmap,
};
use super::{AmountRule, Failure, Policy, Rejection, Sponsoring, VerifiedPayment};
use crate::codes::ErrorCode;
use crate::common::Scheme;
use crate::evm::calls::{self, EthCall};
use crate::evm::constants::{
    EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS, UPTO_PERMIT2_PROXY_ADDRESS,
};
use crate::evm::eip712::{
    Eip2612Permit, Eip3009Authorization, ExactPermit2Authorization, Permit2Domain, TokenDomain,
    UptoPermit2Authorization,
};
use crate::evm::{
    ClassifiedSignature, EcdsaSignature, classify_signature_with, parse_signed_eip1559,
};
use crate::extensions::{self, Eip2612GasSponsoring, Erc20ApprovalGasSponsoring};
use crate::extra::EvmExtra;
use crate::primitives::{Address, EvmAddress, v1_evm_chain_id};
use crate::schemes::{ExactEip3009Payload, ExactPermit2Payload, UptoPermit2Payload};
use crate::v2::Extensions;
use crate::wire::JsonObject;
use crate::{v1, v2};

/// Collects failures.
#[derive(Default)]
struct Report {
    failures: Vec<Failure>,
}

impl Report {
    fn fail(&mut self, check: Check, detail: impl Into<String>) {
        self.failures.push(Failure {
            check,
            code: check.code(),
            detail: detail.into(),
        });
    }

    fn check(&mut self, ok: bool, check: Check, detail: impl FnOnce() -> String) {
        if !ok {
            self.fail(check, detail());
        }
    }
}

/// The common view of a requirement, whatever its version.
struct Req<'a> {
    scheme: &'a Scheme,
    network_label: String,
    chain_id: Option<u64>,
    amount: U256,
    asset: &'a Address,
    pay_to: &'a Address,
    extra: Option<&'a JsonObject>,
}

/// The common view of what the payload claims to pay.
struct Claimed<'a> {
    scheme: &'a Scheme,
    network_label: String,
    /// v2 `accepted` (amount, asset, payTo) for the accepted-match rule.
    accepted: Option<&'a v2::PaymentRequirements>,
    payload: &'a JsonObject,
    extensions: Option<&'a Extensions>,
}

fn amount_ok(rule: AmountRule, got: U256, want: U256) -> bool {
    match rule {
        AmountRule::Exact => got == want,
        AmountRule::AtLeast => got >= want,
    }
}

fn evm(a: &Address) -> Option<EvmAddr> {
    a.as_evm().map(EvmAddress::get)
}

/// `now + buffer` as U256 (cannot overflow).
fn horizon(now: u64, buffer: u64) -> U256 {
    U256::from(now).saturating_add(U256::from(buffer))
}

/// Verifies a v2 payment against the requirements.
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v2(
    payload: &v2::PaymentPayload,
    requirements: &v2::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    let req = Req {
        scheme: &requirements.scheme,
        network_label: requirements.network.to_string(),
        chain_id: requirements.network.evm_chain_id(),
        amount: requirements.amount.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.accepted.scheme,
        network_label: payload.accepted.network.to_string(),
        accepted: Some(payload.accepted.value()),
        payload: &payload.payload,
        extensions: payload.extensions.as_ref(),
    };
    if !requirements.network.is_eip155() {
        return Err(unsupported_network(format!(
            "no verifier for network {} (this crate verifies eip155 networks)",
            requirements.network
        )));
    }
    dispatch(&req, &claimed, now, policy)
}

/// Verifies a v1 payment (`exact` EIP-3009 only, as in v1) against the requirements.
///
/// # Errors
/// A [`Rejection`] listing every failed rule.
pub fn verify_v1(
    payload: &v1::PaymentPayload,
    requirements: &v1::PaymentRequirements,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    let name = requirements.network.as_str();
    let is_evm_name = crate::primitives::v1_network(name).is_some_and(|n| n.chain_id.is_some());
    if crate::primitives::v1_network(name).is_some() && !is_evm_name {
        return Err(unsupported_network(format!(
            "no verifier for v1 network {name} (this crate verifies EVM networks)"
        )));
    }
    let req = Req {
        scheme: &requirements.scheme,
        network_label: name.to_owned(),
        chain_id: v1_evm_chain_id(name),
        amount: requirements.max_amount_required.get(),
        asset: &requirements.asset,
        pay_to: &requirements.pay_to,
        extra: requirements.extra.as_ref(),
    };
    let claimed = Claimed {
        scheme: &payload.scheme,
        network_label: payload.network.to_string(),
        accepted: None,
        payload: &payload.payload,
        extensions: None,
    };
    if req.scheme != &Scheme::EXACT {
        return Err(unsupported(format!(
            "no v1 verifier for scheme {}",
            req.scheme
        )));
    }
    eip3009(&req, &claimed, now, policy)
}

fn unsupported_network(detail: String) -> Rejection {
    Rejection::single(
        None,
        Failure {
            check: Check::UnsupportedNetwork,
            code: Check::UnsupportedNetwork.code(),
            detail,
        },
        None,
    )
}

fn unsupported(detail: String) -> Rejection {
    Rejection::single(
        None,
        Failure {
            check: Check::Unsupported,
            code: Check::Unsupported.code(),
            detail,
        },
        None,
    )
}

fn dispatch(
    req: &Req<'_>,
    claimed: &Claimed<'_>,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    if req.scheme == &Scheme::UPTO {
        permit2(Mechanism::Upto, req, claimed, now, policy)
    } else if req.scheme == &Scheme::EXACT {
        if claimed.payload.contains_key("permit2Authorization") {
            permit2(Mechanism::Permit2, req, claimed, now, policy)
        } else {
            eip3009(req, claimed, now, policy)
        }
    } else {
        Err(unsupported(format!(
            "no verifier for scheme {}",
            req.scheme
        )))
    }
}

/// Rules shared by every mechanism: scheme, network, chain id, accepted match.
fn envelope(m: Mechanism, req: &Req<'_>, claimed: &Claimed<'_>, policy: &Policy, r: &mut Report) {
    let (scheme_check, network_check, want) = match m {
        Mechanism::Eip3009 => (Check::Eip3009Scheme, Check::Eip3009Network, &Scheme::EXACT),
        Mechanism::Permit2 => (Check::Permit2Scheme, Check::Permit2Network, &Scheme::EXACT),
        Mechanism::Upto => (Check::UptoScheme, Check::UptoNetwork, &Scheme::UPTO),
    };
    r.check(
        claimed.scheme == want && req.scheme == want,
        scheme_check,
        || {
            format!(
                "scheme: payment says {:?}, requirements say {:?}, mechanism needs {want:?}",
                claimed.scheme.as_str(),
                req.scheme.as_str()
            )
        },
    );
    r.check(
        claimed.network_label == req.network_label,
        network_check,
        || {
            format!(
                "network: payment says {}, requirements say {}",
                claimed.network_label, req.network_label
            )
        },
    );
    r.check(req.chain_id.is_some(), Check::UnknownNetwork, || {
        format!(
            "network {} has no EVM chain id this crate knows",
            req.network_label
        )
    });
    if policy.require_accepted_match
        && let Some(acc) = claimed.accepted
    {
        let mut diffs = Vec::new();
        if acc.amount.get() != req.amount {
            diffs.push(format!("amount {} vs {}", acc.amount, req.amount));
        }
        if acc.asset != *req.asset {
            diffs.push(format!("asset {} vs {}", acc.asset, req.asset));
        }
        if acc.pay_to != *req.pay_to {
            diffs.push(format!("payTo {} vs {}", acc.pay_to, req.pay_to));
        }
        r.check(diffs.is_empty(), Check::AcceptedMismatch, || {
            format!(
                "accepted differs from paymentRequirements: {}",
                diffs.join(", ")
            )
        });
    }
}

/// Checks a signature over `digest` by `signer`; returns the classification when it is usable.
fn signature(
    check: Check,
    bytes: &[u8],
    digest: Option<B256>,
    signer: EvmAddr,
    policy: &Policy,
    r: &mut Report,
) -> Option<ClassifiedSignature> {
    let classified = match classify_signature_with(bytes, policy.compact_signatures) {
        Ok(c) => c,
        Err(e) => {
            r.fail(malleable_or(check, &e), format!("/payload/signature: {e}"));
            return None;
        }
    };
    let Some(digest) = digest else {
        // The digest could not be built (domain or chain id missing): already reported.
        return Some(classified);
    };
    if let ClassifiedSignature::Eoa(sig) = &classified {
        match sig.recover(digest) {
            Ok(who) if who == signer => {}
            Ok(who) => r.fail(
                check,
                format!(
                    "/payload/signature: signed by {}, not by {}",
                    EvmAddress::new(who),
                    EvmAddress::new(signer)
                ),
            ),
            Err(e) => r.fail(malleable_or(check, &e), format!("/payload/signature: {e}")),
        }
    }
    Some(classified)
}

/// A malleable (high-s) signature is its own rule: the SDKs treat it differently.
fn malleable_or(check: Check, e: &crate::evm::SignatureError) -> Check {
    match (e, check) {
        (crate::evm::SignatureError::HighS, Check::Eip3009Signature) => {
            Check::Eip3009SignatureMalleable
        }
        (crate::evm::SignatureError::HighS, Check::Permit2Signature) => {
            Check::Permit2SignatureMalleable
        }
        _ => check,
    }
}

/// Checks owed for a signature that only the chain can judge.
fn smart_wallet_checks(
    classified: &ClassifiedSignature,
    signer: EvmAddr,
    digest: B256,
    failure: ErrorCode,
    out: &mut Vec<OnchainCheck>,
) {
    match classified {
        ClassifiedSignature::Eoa(_) => {}
        ClassifiedSignature::SmartWallet(bytes) => {
            out.push(OnchainCheck::new(
                OnchainCheckKind::WalletDeployed,
                ChainRequest::GetCode(signer),
                Expectation::CodeNonEmpty,
                ErrorCode::ExactEvmUndeployedSmartWallet,
            ));
            out.push(OnchainCheck::new(
                OnchainCheckKind::Erc1271Signature,
                ChainRequest::Call(calls::is_valid_signature(signer, digest, bytes)),
                Expectation::Erc1271Magic,
                failure,
            ));
        }
        ClassifiedSignature::Erc6492 { .. } => {
            // Counterfactual wallet: only the deploy-then-transfer simulation can judge it
            // (the simulation check carries the Multicall3 wrapper).
        }
    }
}

fn simulation(
    settlement: &EthCall,
    classified: &ClassifiedSignature,
    failure: ErrorCode,
    from: Option<EvmAddr>,
) -> OnchainCheck {
    let (call, expect) = match classified.deployment() {
        Some((factory, calldata)) => (
            calls::erc6492_deploy_and_call(factory, calldata, settlement.clone()),
            Expectation::LastInnerCallSucceeds,
        ),
        None => (settlement.clone(), Expectation::CallSucceeds),
    };
    let mut c = OnchainCheck::new(
        OnchainCheckKind::Simulation,
        ChainRequest::Call(call),
        expect,
        failure,
    );
    c.from = from;
    c
}

fn eip3009(
    req: &Req<'_>,
    claimed: &Claimed<'_>,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    let m = Mechanism::Eip3009;
    let mut r = Report::default();
    envelope(m, req, claimed, policy, &mut r);

    let extra = EvmExtra::from_extra(req.extra);
    let domain_names = match &extra {
        Ok(x) => x.eip712_domain().map(|(n, v)| (n.to_owned(), v.to_owned())),
        Err(_) => None,
    };
    r.check(
        domain_names.is_some(),
        Check::Eip3009Domain,
        || match &extra {
            Err(e) => format!("extra: {e}"),
            Ok(_) => {
                "extra.name and extra.version (the token's EIP-712 domain) are required".to_owned()
            }
        },
    );
    let asset = evm(req.asset);
    r.check(asset.is_some(), Check::Eip3009Domain, || {
        format!("asset {} is not an EVM address", req.asset)
    });

    let parsed = ExactEip3009Payload::from_payload(claimed.payload);
    let p = match parsed {
        Ok(p) => p,
        Err(e) => {
            r.fail(
                Check::Eip3009Format,
                format!("{}: {}", e.pointer(), e.message()),
            );
            return Err(reject(m, r, None));
        }
    };
    let a = &p.authorization;
    let from = a.from.get();
    let pay_to = evm(req.pay_to);
    r.check(pay_to == Some(a.to.get()), Check::Eip3009Recipient, || {
        format!(
            "/payload/authorization/to: {} is not payTo {}",
            a.to, req.pay_to
        )
    });
    r.check(
        amount_ok(policy.amount_rule, a.value.get(), req.amount),
        Check::Eip3009Value,
        || {
            format!(
                "/payload/authorization/value: {} but the requirement is {}",
                a.value, req.amount
            )
        },
    );
    r.check(
        U256::from(a.valid_before.as_secs()) >= horizon(now, policy.time_buffer_secs),
        Check::Eip3009ValidBefore,
        || {
            format!(
                "/payload/authorization/validBefore: {} is before now ({now}) + {} s",
                a.valid_before, policy.time_buffer_secs
            )
        },
    );
    r.check(
        a.valid_after.as_secs() <= now,
        Check::Eip3009ValidAfter,
        || {
            format!(
                "/payload/authorization/validAfter: {} is after now ({now})",
                a.valid_after
            )
        },
    );

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
        Check::Eip3009Signature,
        p.signature.as_slice(),
        hashes.map(|h| h.digest),
        from,
        policy,
        &mut r,
    );

    let payer = Address::Evm(a.from);
    if !r.failures.is_empty() {
        return Err(reject(m, r, Some(payer)));
    }
    let (Some(hashes), Some(classified), Some(asset), Some(chain_id), Some(pay_to)) =
        (hashes, classified, asset, req.chain_id, pay_to)
    else {
        return Err(reject(m, r, Some(payer)));
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
    Ok(VerifiedPayment {
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

fn reject(m: Mechanism, r: Report, payer: Option<Address>) -> Rejection {
    Rejection::new(Some(m), r.failures, payer.clone()).unwrap_or_else(|| {
        // Reached only if a caller asked to reject with no failure: report it honestly.
        let f = Failure {
            check: Check::Unsupported,
            code: ErrorCode::UnexpectedVerifyError,
            detail: "verification produced no result".to_owned(),
        };
        Rejection::single(Some(m), f, payer)
    })
}

/// The Permit2 fields shared by `exact` and `upto`.
struct PermitView {
    from: EvmAddress,
    token: EvmAddress,
    amount: U256,
    spender: EvmAddress,
    nonce: U256,
    deadline: u64,
    to: EvmAddress,
    valid_after: u64,
    facilitator: Option<EvmAddress>,
    signature: Bytes,
}

fn permit2(
    m: Mechanism,
    req: &Req<'_>,
    claimed: &Claimed<'_>,
    now: u64,
    policy: &Policy,
) -> Result<VerifiedPayment, Rejection> {
    let mut r = Report::default();
    envelope(m, req, claimed, policy, &mut r);
    let asset = evm(req.asset);
    let pay_to = evm(req.pay_to);
    let format_check = if m == Mechanism::Upto {
        Check::UptoFormat
    } else {
        Check::Permit2Format
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
            return Err(reject(m, r, None));
        }
    };
    let proxy = if m == Mechanism::Upto {
        UPTO_PERMIT2_PROXY_ADDRESS
    } else {
        EXACT_PERMIT2_PROXY_ADDRESS
    };
    let base = "/payload/permit2Authorization";
    r.check(v.spender.get() == proxy, Check::Permit2Spender, || {
        format!(
            "{base}/spender: {} is not the x402 {} proxy {}",
            v.spender,
            m.id(),
            EvmAddress::new(proxy)
        )
    });
    r.check(pay_to == Some(v.to.get()), Check::Permit2Recipient, || {
        format!("{base}/witness/to: {} is not payTo {}", v.to, req.pay_to)
    });
    if let Some(fac) = v.facilitator {
        r.check(
            policy.facilitator_signers.contains(&fac),
            Check::UptoFacilitator,
            || {
                format!(
                    "{base}/witness/facilitator: {fac} is not one of this facilitator's signers"
                )
            },
        );
    }
    r.check(
        amount_ok(policy.amount_rule, v.amount, req.amount),
        Check::Permit2Amount,
        || {
            format!(
                "{base}/permitted/amount: {} but the requirement is {}",
                v.amount, req.amount
            )
        },
    );
    r.check(asset == Some(v.token.get()), Check::Permit2Token, || {
        format!(
            "{base}/permitted/token: {} is not the asset {}",
            v.token, req.asset
        )
    });
    r.check(
        U256::from(v.deadline) >= horizon(now, policy.time_buffer_secs),
        Check::Permit2Deadline,
        || {
            format!(
                "{base}/deadline: {} is before now ({now}) + {} s",
                v.deadline, policy.time_buffer_secs
            )
        },
    );
    r.check(v.valid_after <= now, Check::Permit2ValidAfter, || {
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
        Check::Permit2Signature,
        &v.signature,
        hashes.map(|h| h.digest),
        v.from.get(),
        policy,
        &mut r,
    );

    let sponsoring = sponsoring_checks(claimed.extensions, req, &v, now, policy, &mut r);

    let payer = Address::Evm(v.from);
    if !r.failures.is_empty() {
        return Err(reject(m, r, Some(payer)));
    }
    let (Some(hashes), Some(classified), Some(chain_id), Some(asset), Some(pay_to)) =
        (hashes, classified, req.chain_id, asset, pay_to)
    else {
        return Err(reject(m, r, Some(payer)));
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
        (None, None, _) => return Err(reject(m, r, Some(payer))),
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
    Ok(VerifiedPayment {
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

/// The gas-sponsoring extension rules (protocol.md §4.5). Returns the extension that will be
/// used, with the EIP-2612 permit arguments for `settleWithPermit`.
fn sponsoring_checks(
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
                r.fail(
                    Check::Eip2612Format,
                    format!("{}: {}", err.pointer(), err.message()),
                );
                return None;
            }
        };
        let i = &e.info;
        let base = "/extensions/eip2612GasSponsoring/info";
        r.check(i.from == v.from, Check::Eip2612From, || {
            format!("{base}/from: {} is not the payer {}", i.from, v.from)
        });
        r.check(
            evm(req.asset) == Some(i.asset.get()),
            Check::Eip2612Asset,
            || format!("{base}/asset: {} is not the asset {}", i.asset, req.asset),
        );
        r.check(
            i.spender.get() == PERMIT2_ADDRESS,
            Check::Eip2612Spender,
            || format!("{base}/spender: {} is not Permit2", i.spender),
        );
        r.check(
            U256::from(i.deadline.as_secs()) >= horizon(now, policy.time_buffer_secs),
            Check::Eip2612Deadline,
            || {
                format!(
                    "{base}/deadline: {} is before now ({now}) + {} s",
                    i.deadline, policy.time_buffer_secs
                )
            },
        );
        r.check(i.amount.get() == v.amount, Check::Eip2612Amount, || {
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
                    Ok((_, who)) => r.fail(Check::Eip2612Signature, format!("{base}/signature: signed by {}, not by {}", EvmAddress::new(who), i.from)),
                    Err(e) => r.fail(Check::Eip2612Signature, format!("{base}/signature: {e}")),
                }
            }
            _ => r.fail(Check::Eip2612Signature, format!("{base}/signature: cannot be checked without extra.name/version and an EVM asset")),
        }
        return Some((Sponsoring::Eip2612, args));
    }
    if ext.raw(extensions::ERC20_APPROVAL_GAS_SPONSORING).is_some() {
        let e: Erc20ApprovalGasSponsoring = match ext.get(extensions::ERC20_APPROVAL_GAS_SPONSORING)
        {
            Ok(Some(e)) => e,
            Ok(None) => return None,
            Err(err) => {
                r.fail(
                    Check::Erc20Format,
                    format!("{}: {}", err.pointer(), err.message()),
                );
                return None;
            }
        };
        let i = &e.info;
        let base = "/extensions/erc20ApprovalGasSponsoring/info";
        r.check(i.from == v.from, Check::Erc20From, || {
            format!("{base}/from: {} is not the payer {}", i.from, v.from)
        });
        r.check(
            evm(req.asset) == Some(i.asset.get()),
            Check::Erc20Asset,
            || format!("{base}/asset: {} is not the asset {}", i.asset, req.asset),
        );
        r.check(
            i.spender.get() == PERMIT2_ADDRESS,
            Check::Erc20Spender,
            || format!("{base}/spender: {} is not Permit2", i.spender),
        );
        match parse_signed_eip1559(i.signed_transaction.as_slice()) {
            Err(err) => r.fail(
                Check::Erc20TxParse,
                format!("{base}/signedTransaction: {err}"),
            ),
            Ok(tx) => {
                r.check(
                    Some(tx.tx.chain_id) == req.chain_id,
                    Check::Erc20TxChain,
                    || {
                        format!(
                            "{base}/signedTransaction: chain id {} is not the network's",
                            tx.tx.chain_id
                        )
                    },
                );
                r.check(
                    tx.tx.to == Some(i.asset.get()) && evm(req.asset) == tx.tx.to,
                    Check::Erc20TxTarget,
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
                r.check(selector_ok, Check::Erc20TxSelector, || {
                    format!("{base}/signedTransaction: calldata is not approve(address,uint256)")
                });
                if selector_ok {
                    match calls::decode_approve_calldata(data) {
                        Ok((spender, _)) => {
                            r.check(spender == PERMIT2_ADDRESS, Check::Erc20TxSpender, || {
                                format!(
                                    "{base}/signedTransaction: approves {}, not Permit2",
                                    EvmAddress::new(spender)
                                )
                            })
                        }
                        Err(err) => r.fail(
                            Check::Erc20TxSpender,
                            format!("{base}/signedTransaction: {err}"),
                        ),
                    }
                }
                r.check(tx.signer == i.from.get(), Check::Erc20TxSigner, || {
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

/// Plans an `upto` settlement for the amount the server actually charges (the settle-time
/// `paymentRequirements.amount`, protocol.md §4.4, §8 #20).
///
/// `Ok(None)` for zero: nothing is sent (the proxy would revert `InvalidAmount`), and the
/// settle response is a success with `transaction: ""` and `amount: "0"`.
///
/// # Errors
/// [`ErrorCode::UptoSettlementExceedsAmount`] when the charge exceeds the authorized maximum;
/// [`ErrorCode::UnsupportedScheme`] when `verified` is not an `upto` payment.
pub fn plan_upto_settlement(
    verified: &VerifiedPayment,
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
