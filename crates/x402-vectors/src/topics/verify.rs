//! `verify.json`: facilitator verification with x402-spec's `verify_request`.
//!
//! Each test's `paymentPayload` and `paymentRequirements` are put in a `/verify` body
//! (`x402Version` = the payload's, as every client does), parsed with `FacilitatorRequest`, and
//! verified at `now` under the group policy. Accepted: payer, on-chain checks owed (with sample
//! chain answers judged by `OnchainCheck::evaluate`), normalised scheme payload. Rejected: the
//! canonical reason, `Rejection::as_sdk` for each reference SDK, and the other failed rules as
//! `reasonAlternatives`. The EIP-712 intermediates are the typed data a verifier rebuilds from
//! the requirements (domain) and the payload (message), hashed by x402-spec.
//!
//! Acceptable tests name a relaxed policy through their flag: `V1AmountMeetsOrExceeds`
//! (`AmountRule::AtLeast`) and `AcceptedNotChecked` (`require_accepted_match = false`); the
//! relaxed verdict gives `expected`.

use alloy_primitives::{Bytes, U256};
use serde_json::{Value, json};
use x402_spec::assets::{KNOWN_ASSETS, KnownTransferMethod, v1_known_asset};
use x402_spec::common::Scheme;
use x402_spec::evm::calls;
use x402_spec::evm::encode_erc6492;
use x402_spec::extra::EvmExtra;
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::{EvmAddress, v1_evm_chain_id};
use x402_spec::schemes::{ExactEip3009Payload, ExactPermit2Payload, UptoPermit2Payload};
use x402_spec::verify::evm::{
    ChainAnswer, ChainRequest, Expectation, OnchainCheck, OnchainCheckKind,
};
use x402_spec::verify::{
    AmountRule, EvmPayment, Mechanism, Policy, Rejection, Sdk, VerifiedPayment, verify_request,
};
use x402_spec::wire::JsonObject;
use x402_spec_testkit::variation::{Mechanism as Paying, Variation};

use crate::VectorError;
use crate::abi::describe;
use crate::fixtures::{
    self, Auth, EXACT_PROXY, FACILITATOR, FACTORY, KEY_OTHER, KEY_PAYER, NOW, OTHER, PAY_TO, PAYER,
    PERMIT2, Permit, SPEC_PAYER, SPEC_SIGNATURE, UPTO_PROXY, USDC_BASE, USDC_BASE_SEPOLIA,
    VALID_AFTER, VALID_BEFORE, addr, eip55, token_domain, u256, unhex,
};
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, has_flag, hex,
    is_acceptable, note, str_field, u64_field,
};
use crate::topics::eip712::{self as typed, Kind};

const TOPIC: &str = "verify";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &[
    "expected",
    "reason",
    "sdkReasons",
    "reasonAlternatives",
    "eip712",
];

/// A parsed request and its verdict.
pub(crate) struct Run {
    pub(crate) request: Result<FacilitatorRequest, x402_spec::error::ParseError>,
    pub(crate) verdict: Option<Result<VerifiedPayment, Rejection>>,
}

/// The group policy (`timeBufferSeconds`, `facilitatorSigners`).
fn policy_of(group: &Value) -> Result<Policy, VectorError> {
    let p = group
        .get("policy")
        .ok_or_else(|| VectorError::Input("missing policy".into()))?;
    let mut signers = Vec::new();
    for s in p
        .get("facilitatorSigners")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s
            .as_str()
            .ok_or_else(|| VectorError::Input("signer not a string".into()))?;
        signers.push(EvmAddress::new(addr(s)?));
    }
    Ok(Policy::default()
        .with_time_buffer(u64_field(p, "timeBufferSeconds")?)
        .with_signers(signers))
}

/// The `/verify` body for a payload and requirements.
pub(crate) fn request_body(test: &Value) -> Result<Vec<u8>, VectorError> {
    let pp = test
        .get("paymentPayload")
        .ok_or_else(|| VectorError::Input("missing paymentPayload".into()))?;
    let req = test
        .get("paymentRequirements")
        .ok_or_else(|| VectorError::Input("missing paymentRequirements".into()))?;
    let body = json!({
        "x402Version": pp.get("x402Version").cloned().unwrap_or(Value::Null),
        "paymentPayload": pp,
        "paymentRequirements": req,
    });
    serde_json::to_vec(&body).map_err(|e| VectorError::Input(e.to_string()))
}

/// Parses and verifies a test under `policy`.
pub(crate) fn run(test: &Value, policy: &Policy) -> Result<Run, VectorError> {
    let now = u64_field(test, "now")?;
    let request = FacilitatorRequest::from_json(&request_body(test)?);
    let verdict = request
        .as_ref()
        .ok()
        .map(|r| verify_request(r, now, policy));
    Ok(Run { request, verdict })
}

fn crate_err(e: impl std::fmt::Display) -> VectorError {
    VectorError::Crate(e.to_string())
}

fn word(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

/// ABI return data of `tryAggregate`: `(bool success, bytes returnData)[]` with empty data.
fn try_aggregate_result(outcomes: &[bool]) -> Vec<u8> {
    let n = outcomes.len();
    let mut out = word(U256::from(32u8));
    out.extend(word(U256::from(n)));
    // Each element (bool, bytes "") takes 3 words; heads are offsets from the array content.
    for i in 0..n {
        let off = 32usize
            .saturating_mul(n)
            .saturating_add(96usize.saturating_mul(i));
        out.extend(word(U256::from(off)));
    }
    for ok in outcomes {
        out.extend(word(U256::from(u8::from(*ok))));
        out.extend(word(U256::from(64u8)));
        out.extend(word(U256::ZERO));
    }
    out
}

/// A passing and a failing chain answer for a check, each judged by x402-spec.
fn answers(c: &OnchainCheck) -> Result<Value, VectorError> {
    let magic_ok = {
        let mut w = vec![0x16, 0x26, 0xba, 0x7e];
        w.resize(32, 0);
        w
    };
    let magic_bad = {
        let mut w = vec![0xff, 0xff, 0xff, 0xff];
        w.resize(32, 0);
        w
    };
    let samples: Vec<Option<Vec<u8>>> = match &c.expect {
        Expectation::UintAtLeast(v) => {
            vec![Some(word(*v)), v.checked_sub(U256::from(1u8)).map(word)]
        }
        Expectation::BoolIs(b) => vec![
            Some(word(U256::from(u8::from(*b)))),
            Some(word(U256::from(u8::from(!*b)))),
        ],
        Expectation::BitClear { bit } => vec![
            Some(word(U256::ZERO)),
            Some(word(
                U256::from(1u8)
                    .checked_shl(usize::from(*bit))
                    .unwrap_or(U256::MAX),
            )),
        ],
        Expectation::Erc1271Magic => vec![Some(magic_ok), Some(magic_bad)],
        Expectation::CodeNonEmpty => vec![Some(vec![0x60, 0x80]), Some(Vec::new())],
        Expectation::CallSucceeds => vec![Some(Vec::new()), None],
        Expectation::LastInnerCallSucceeds => vec![
            Some(try_aggregate_result(&[false, true])),
            Some(try_aggregate_result(&[true, false])),
        ],
        other => {
            return Err(VectorError::Crate(format!(
                "unmapped expectation {other:?}"
            )));
        }
    };
    let mut out = Vec::new();
    for s in samples {
        let (answer, mut obj) = match &s {
            Some(bytes) => (
                ChainAnswer::Returned(bytes),
                json!({ "returned": hex(bytes) }),
            ),
            None => (ChainAnswer::Reverted, json!({ "reverted": true })),
        };
        let passes = c.evaluate(answer).is_ok();
        if let Some(m) = obj.as_object_mut() {
            m.insert("passes".into(), passes.into());
        }
        out.push(obj);
    }
    Ok(Value::Array(out))
}

/// One on-chain check in the format's JSON.
fn onchain_json(c: &OnchainCheck, mechanism: Mechanism) -> Result<Value, VectorError> {
    let kind = match c.kind {
        OnchainCheckKind::Balance => "erc20BalanceOf",
        OnchainCheckKind::Eip3009NonceUnused => "eip3009AuthorizationState",
        OnchainCheckKind::Permit2NonceUnused => "permit2NonceBitmap",
        OnchainCheckKind::Permit2Allowance => "erc20Allowance",
        OnchainCheckKind::ProxyDeployed => "permit2ProxyDeployed",
        OnchainCheckKind::Erc1271Signature => "erc1271IsValidSignature",
        OnchainCheckKind::WalletDeployed => "getCode",
        OnchainCheckKind::Simulation => match (&c.expect, mechanism) {
            (Expectation::LastInnerCallSucceeds, _) => "multicall3Simulation",
            (_, Mechanism::Eip3009) => "eip3009TransferSimulation",
            _ => "permit2SettleSimulation",
        },
        other => return Err(VectorError::Crate(format!("unmapped check kind {other:?}"))),
    };
    let description = match c.kind {
        OnchainCheckKind::Balance => "The payer holds at least the amount.",
        OnchainCheckKind::Eip3009NonceUnused => {
            "The EIP-3009 authorization nonce is neither used nor cancelled."
        }
        OnchainCheckKind::Permit2NonceUnused => {
            "The Permit2 nonce's bit (nonce & 0xff) is clear in nonceBitmap(owner, nonce >> 8)."
        }
        OnchainCheckKind::Permit2Allowance => {
            "The payer has approved Permit2 for at least the amount."
        }
        OnchainCheckKind::ProxyDeployed => {
            "The x402 Permit2 proxy is deployed (PERMIT2() answers)."
        }
        OnchainCheckKind::Erc1271Signature => {
            "The deployed smart wallet accepts the signature (ERC-1271 magic value)."
        }
        OnchainCheckKind::WalletDeployed => {
            "Code is deployed at the payer (a smart-wallet signature needs a deployed wallet)."
        }
        _ => "eth_call of the settlement transaction succeeds.",
    };
    let mut m = Obj::new();
    m.insert("kind".into(), kind.into());
    match &c.request {
        ChainRequest::Call(call) => {
            m.insert("to".into(), eip55(call.to).into());
            if let Some(from) = c.from {
                m.insert("from".into(), eip55(from).into());
            }
            m.insert("data".into(), hex(&call.data).into());
            let (f, args) = describe(&call.data)?;
            m.insert("function".into(), f.into());
            m.insert("args".into(), Value::Array(args));
        }
        ChainRequest::GetCode(a) => {
            m.insert("to".into(), eip55(*a).into());
            if let Some(from) = c.from {
                m.insert("from".into(), eip55(from).into());
            }
            m.insert("data".into(), "0x".into());
        }
        other => {
            return Err(VectorError::Crate(format!(
                "unmapped chain request {other:?}"
            )));
        }
    }
    let expect = match &c.expect {
        Expectation::UintAtLeast(v) => json!({ "type": "uint256AtLeast", "value": v.to_string() }),
        Expectation::BoolIs(b) => json!({ "type": "boolEquals", "value": b }),
        Expectation::BitClear { bit } => json!({ "type": "uint256BitClear", "value": bit }),
        Expectation::Erc1271Magic => json!({ "type": "bytes4Equals", "value": "0x1626ba7e" }),
        Expectation::CodeNonEmpty => json!({ "type": "codeNonEmpty" }),
        Expectation::CallSucceeds => json!({ "type": "succeeds" }),
        Expectation::LastInnerCallSucceeds => json!({ "type": "lastInnerCallSucceeds" }),
        other => {
            return Err(VectorError::Crate(format!(
                "unmapped expectation {other:?}"
            )));
        }
    };
    m.insert("expect".into(), expect);
    m.insert("failureReason".into(), c.failure.as_str().into());
    m.insert("description".into(), description.into());
    m.insert("answers".into(), answers(c)?);
    Ok(Value::Object(m))
}

/// The scheme payload in normalised form (x402-spec's typed view, re-serialised).
fn normalized_payload(v: &EvmPayment, payload: &JsonObject) -> Result<Value, VectorError> {
    let value = match v.mechanism {
        Mechanism::Eip3009 => ExactEip3009Payload::from_payload(payload)
            .map_err(crate_err)
            .and_then(|p| serde_json::to_value(p).map_err(crate_err))?,
        Mechanism::Permit2 => ExactPermit2Payload::from_payload(payload)
            .map_err(crate_err)
            .and_then(|p| serde_json::to_value(p).map_err(crate_err))?,
        Mechanism::Upto => UptoPermit2Payload::from_payload(payload)
            .map_err(crate_err)
            .and_then(|p| serde_json::to_value(p).map_err(crate_err))?,
        other => return Err(VectorError::Crate(format!("unmapped mechanism {other:?}"))),
    };
    Ok(value)
}

/// `{payer, onChainChecks, normalizedPayload}` of an accepted payment.
pub(crate) fn expected_of(
    v: &VerifiedPayment,
    request: &FacilitatorRequest,
) -> Result<Value, VectorError> {
    let Some(v) = v.as_evm() else {
        return Err(VectorError::Crate(format!(
            "no vectors for the {} family yet",
            v.family().id()
        )));
    };
    let payload = match request {
        FacilitatorRequest::V1(r) => &r.payment_payload.payload,
        FacilitatorRequest::V2(r) => &r.payment_payload.payload,
        _ => return Err(VectorError::Crate("unknown request version".into())),
    };
    let checks = v
        .onchain
        .iter()
        .map(|c| onchain_json(c, v.mechanism))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "payer": v.payer.to_string(),
        "onChainChecks": checks,
        "normalizedPayload": normalized_payload(v, payload)?,
    }))
}

/// Reason, per-SDK reasons and alternatives of a rejection.
pub(crate) fn rejection_fields(rej: &Rejection, fields: &mut Obj) {
    let reason = rej.reason().as_str().to_owned();
    fields.insert("reason".into(), reason.clone().into());
    let mut sdk = Obj::new();
    for s in Sdk::ALL {
        if let Some((_, Some(code))) = rej.as_sdk(s)
            && code != reason
        {
            sdk.insert(s.key().into(), code.into());
        }
    }
    if !sdk.is_empty() {
        fields.insert("sdkReasons".into(), Value::Object(sdk));
    }
    let mut alts: Vec<String> = Vec::new();
    for f in rej.failures() {
        let c = f.code.as_str().to_owned();
        if c != reason && !alts.contains(&c) {
            alts.push(c);
        }
    }
    if !alts.is_empty() {
        fields.insert("reasonAlternatives".into(), json!(alts));
    }
}

/// The typed data a verifier rebuilds: domain from the requirements, message from the payload.
fn intermediates(request: &FacilitatorRequest) -> Result<Option<Value>, VectorError> {
    let (chain, asset, extra, scheme, payload) = match request {
        FacilitatorRequest::V1(r) => (
            v1_evm_chain_id(r.payment_requirements.network.as_str()),
            r.payment_requirements.asset.as_evm().copied(),
            r.payment_requirements.extra.as_ref(),
            r.payment_requirements.scheme.clone(),
            &r.payment_payload.payload,
        ),
        FacilitatorRequest::V2(r) => (
            r.payment_requirements.network.evm_chain_id(),
            r.payment_requirements.asset.as_evm().copied(),
            r.payment_requirements.extra.as_ref(),
            r.payment_requirements.scheme.clone(),
            &r.payment_payload.payload,
        ),
        _ => return Ok(None),
    };
    let Some(chain) = chain else { return Ok(None) };
    let v2 = matches!(request, FacilitatorRequest::V2(_));
    let (kind, domain, message, sig) = if v2 && scheme == Scheme::UPTO {
        let Ok(p) = UptoPermit2Payload::from_payload(payload) else {
            return Ok(None);
        };
        let a = &p.permit2_authorization;
        let msg = json!({
            "permitted": {"token": a.permitted.token.to_string(), "amount": a.permitted.amount.to_string()},
            "spender": a.spender.to_string(), "nonce": a.nonce.to_string(), "deadline": a.deadline.as_secs().to_string(),
            "witness": {"to": a.witness.to.to_string(), "facilitator": a.witness.facilitator.to_string(), "validAfter": a.witness.valid_after.as_secs().to_string()}
        });
        (
            Kind::Permit2Upto,
            typed::permit2_domain_json(chain),
            msg,
            p.signature.0.clone(),
        )
    } else if v2 && scheme == Scheme::EXACT && payload.contains_key("permit2Authorization") {
        let Ok(p) = ExactPermit2Payload::from_payload(payload) else {
            return Ok(None);
        };
        let a = &p.permit2_authorization;
        let msg = json!({
            "permitted": {"token": a.permitted.token.to_string(), "amount": a.permitted.amount.to_string()},
            "spender": a.spender.to_string(), "nonce": a.nonce.to_string(), "deadline": a.deadline.as_secs().to_string(),
            "witness": {"to": a.witness.to.to_string(), "validAfter": a.witness.valid_after.as_secs().to_string()}
        });
        (
            Kind::Permit2Exact,
            typed::permit2_domain_json(chain),
            msg,
            p.signature.0.clone(),
        )
    } else if scheme == Scheme::EXACT {
        let Ok(p) = ExactEip3009Payload::from_payload(payload) else {
            return Ok(None);
        };
        let Some(asset) = asset else { return Ok(None) };
        let Ok(x) = EvmExtra::from_extra(extra) else {
            return Ok(None);
        };
        let Some((name, version)) = x.eip712_domain() else {
            return Ok(None);
        };
        let a = &p.authorization;
        let msg = json!({
            "from": a.from.to_string(), "to": a.to.to_string(), "value": a.value.to_string(),
            "validAfter": a.valid_after.as_secs().to_string(), "validBefore": a.valid_before.as_secs().to_string(),
            "nonce": hex(a.nonce.0.as_slice())
        });
        (
            Kind::Eip3009,
            typed::token_domain_json(name, version, chain, &asset.to_string()),
            msg,
            p.signature.0.clone(),
        )
    } else {
        return Ok(None);
    };
    let h = typed::hashes(kind, &domain, &message)?;
    let mut m = Obj::new();
    m.insert("types".into(), kind.types());
    m.insert("primaryType".into(), kind.primary_type().into());
    m.insert("domain".into(), domain);
    m.insert("message".into(), message);
    m.insert(
        "domainSeparator".into(),
        hex(h.domain_separator.as_slice()).into(),
    );
    m.insert("structHash".into(), hex(h.struct_hash.as_slice()).into());
    if let Some(w) = h.witness_hash {
        m.insert("witnessHash".into(), hex(w.as_slice()).into());
    }
    m.insert("digest".into(), hex(h.digest.as_slice()).into());
    m.insert("signature".into(), hex(&sig).into());
    if let Some(a) = typed::plain_recover(&sig, h.digest) {
        m.insert("recoveredSigner".into(), eip55(a).into());
    }
    Ok(Some(Value::Object(m)))
}

/// Verifies one test.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let policy = policy_of(group)?;
    let r = run(test, &policy)?;
    let mut fields = Obj::new();
    let accepted = match (&r.request, &r.verdict) {
        (Err(e), _) => {
            fields.insert("reason".into(), e.code().as_str().into());
            false
        }
        (Ok(req), Some(Ok(v))) => {
            fields.insert("expected".into(), expected_of(v, req)?);
            true
        }
        (Ok(req), Some(Err(rej))) => {
            if is_acceptable(test) {
                let mut relaxed = policy.clone();
                if has_flag(test, "V1AmountMeetsOrExceeds") {
                    relaxed = relaxed.with_amount_rule(AmountRule::AtLeast);
                }
                if has_flag(test, "AcceptedNotChecked") {
                    relaxed.require_accepted_match = false;
                }
                if relaxed != policy
                    && let Some(Ok(v)) = run(test, &relaxed)?.verdict
                {
                    fields.insert("expected".into(), expected_of(&v, req)?);
                }
            }
            rejection_fields(rej, &mut fields);
            false
        }
        (Ok(_), None) => return Err(VectorError::Crate("no verdict".into())),
    };
    if let Ok(req) = &r.request
        && let Some(e) = intermediates(req)?
    {
        fields.insert("eip712".into(), e);
    }
    Ok(Outcome { accepted, fields })
}

// --------------------------------------------------------------------------------------------
// cases
// --------------------------------------------------------------------------------------------

fn req(scheme: &str, network: &str, amount: &str, asset: &str, extra: Value) -> Value {
    json!({
        "scheme": scheme, "network": network, "amount": amount, "asset": asset,
        "payTo": PAY_TO, "maxTimeoutSeconds": 60, "extra": extra
    })
}

/// Base Sepolia USDC `exact` EIP-3009 requirements.
pub(crate) fn req_3009() -> Value {
    req(
        "exact",
        "eip155:84532",
        "10000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2"}),
    )
}

/// Base Sepolia USDC `exact` Permit2 requirements.
pub(crate) fn req_permit2() -> Value {
    req(
        "exact",
        "eip155:84532",
        "10000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2", "assetTransferMethod": "permit2"}),
    )
}

/// Base Sepolia USDC `upto` requirements (maximum 5000000, facilitator key #1).
pub(crate) fn req_upto() -> Value {
    req(
        "upto",
        "eip155:84532",
        "5000000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FACILITATOR}),
    )
}

/// A v2 payload echoing `accepted`.
pub(crate) fn pp(accepted: &Value, payload: Value) -> Value {
    json!({ "x402Version": 2, "resource": fixtures::resource(), "accepted": accepted, "payload": payload })
}

fn with(v: &Value, key: &str, value: Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
    v
}

fn without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.shift_remove(key);
    }
    v
}

/// The id (after `verify/`) of the vector of one defect, from the testkit's typed list of
/// one-defect variations, which the conformance harness shares.
fn vid(mechanism: Paying, variation: Variation) -> Result<String, VectorError> {
    let slug = variation.vector_id(mechanism).ok_or_else(|| {
        VectorError::Case(format!("no vector id for {variation:?} on {mechanism:?}"))
    })?;
    Ok(format!("{}/{slug}", mechanism.vector_prefix()))
}

/// A verify case: payload and requirements at `now`.
pub(crate) fn vt(id: &str, comment: &str, now: u64, payment: Value, requirements: Value) -> Case {
    case(format!("verify/{id}"), comment)
        .input("now", now)
        .input("paymentPayload", payment)
        .input("paymentRequirements", requirements)
}

fn dom_bs() -> Result<x402_spec::evm::eip712::TokenDomain, VectorError> {
    token_domain("USDC", "2", 84_532, USDC_BASE_SEPOLIA)
}

/// The EIP-3009 scheme payload of `auth` signed by `key` under the Base Sepolia USDC domain.
pub(crate) fn p3009(auth: &Auth, key: &str) -> Result<Value, VectorError> {
    Ok(json!({ "signature": auth.sign(key, &dom_bs()?)?, "authorization": auth.json() }))
}

/// The Permit2 scheme payload of `p` signed by `key` on Base Sepolia.
pub(crate) fn ppermit(p: &Permit, key: &str) -> Result<Value, VectorError> {
    Ok(json!({ "signature": p.sign(key, 84_532)?, "permit2Authorization": p.json() }))
}

fn with_sig(payload: &Value, sig: &str) -> Value {
    with(payload, "signature", sig.into())
}

fn eip3009_v2_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_3009();
    let a = Auth::standard();
    let p = p3009(&a, KEY_PAYER)?;
    let sig = str_field(&p, "signature")?.to_owned();
    let ok = pp(&r, p.clone());
    let r20k = with(&r, "amount", "20000".into());
    let spec = json!({"signature": SPEC_SIGNATURE, "authorization": Auth { from: SPEC_PAYER.into(), ..Auth::standard() }.json()});
    let lower = Auth {
        from: PAYER.to_ascii_lowercase(),
        to: PAY_TO.to_ascii_lowercase(),
        ..Auth::standard()
    };
    let signed_other_domain = |name: &str,
                               version: &str,
                               chain: u64,
                               asset: &str|
     -> Result<Value, VectorError> {
        Ok(
            json!({"signature": a.sign(KEY_PAYER, &token_domain(name, version, chain, asset)?)?, "authorization": a.json()}),
        )
    };
    let inner = sig.clone();
    let wrapped = encode_erc6492(
        addr(FACTORY)?,
        &[0xc5, 0x26, 0x5d, 0x5d, 0x00, 0x01],
        &unhex(&inner)?,
    );
    let smart = hex(&[0x5au8; 96]);
    let mut magic_bad = vec![0u8; 32];
    magic_bad.extend_from_slice(&unhex(
        "0x6492649264926492649264926492649264926492649264926492649264926492",
    )?);
    let tampered = Auth {
        value: "10001".into(),
        ..Auth::standard()
    };
    let tampered_p = json!({"signature": sig, "authorization": tampered.json()});
    let to_other = Auth {
        to: OTHER.into(),
        ..Auth::standard()
    };
    let over = Auth {
        value: "20000".into(),
        ..Auth::standard()
    };
    let high = fixtures::high_s_twin(&sig)?;
    let r_zero = {
        let b = unhex(&sig)?;
        hex(&[vec![0u8; 32], b.get(32..).unwrap_or_default().to_vec()].concat())
    };
    let ts = "TimeBuffer";
    let mut out = vec![
        vt(&vid(Paying::V2Eip3009, Variation::None)?, "A correct EIP-3009 payment inside its validity window.", NOW, ok.clone(), r.clone()).clause("scheme_exact_evm.md (verification); docs/protocol/evm.md §4.2"),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeAtEdge)?, "validBefore = now + 6 exactly: still valid.", VALID_BEFORE - 6, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeInBuffer)?, "validBefore = now + 5: inside the 6-second buffer.", VALID_BEFORE - 5, ok.clone(), r.clone()).flag(ts),
        vt("exact-eip3009/valid-before-equals-now", "validBefore = now: expired.", VALID_BEFORE, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeExpired)?, "validBefore is in the past.", VALID_BEFORE + 3600, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidAfterNow)?, "validAfter = now: valid (validAfter <= now).", VALID_AFTER, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidAfterFuture)?, "validAfter = now + 1: not yet valid (no slack on validAfter).", VALID_AFTER - 1, ok.clone(), r.clone()).flag(ts),
        vt("exact-eip3009/spec-example-expired", "The specification example is correctly signed but expired long ago.", 1_767_225_600, pp(&r, spec.clone()), r.clone()).flag("SpecExample").clause("x402 v2 §5.2.1"),
        vt("exact-eip3009/spec-example-in-window", "The specification example verifies inside its own validity window.", NOW, pp(&r, spec), r.clone()).flag("SpecExample").clause("x402 v2 §5.2.1"),
        vt("exact-eip3009/lowercase-addresses", "from and to in lower case: compared as addresses, normalised to EIP-55.", NOW, pp(&r, json!({"signature": sig, "authorization": lower.json()})), r.clone()).flag("AddressCase"),
        vt(&vid(Paying::V2Eip3009, Variation::AmountUnder)?, "The authorization pays 10000 but the requirements ask 20000: amounts must be equal (underpayment).", NOW, pp(&r20k, p.clone()), r20k.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::AmountOver)?, "The authorization pays 20000 for a 10000 requirement: v2 requires equality.", NOW, pp(&r, p3009(&over, KEY_PAYER)?), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::Recipient)?, "The authorization pays a different address than requirements.payTo.", NOW, pp(&r, p3009(&to_other, KEY_PAYER)?), r.clone()).flag("RecipientMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::SchemeMismatch)?, "accepted.scheme says upto while the requirements say exact.", NOW, pp(&with(&r, "scheme", "upto".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::NetworkMismatch)?, "accepted.network is Base mainnet, the requirements Base Sepolia.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("exact-eip3009/unknown-network", "An eip155 network whose reference is not a decimal chain id: no EIP-712 domain can be built.", NOW, pp(&with(&r, "network", "eip155:0x14a34".into()), p.clone()), with(&r, "network", "eip155:0x14a34".into())).flag("UnknownNetwork"),
        vt("exact-eip3009/unsupported-scheme", "A scheme no verifier here implements.", NOW, pp(&with(&r, "scheme", "batch-settlement".into()), p.clone()), with(&r, "scheme", "batch-settlement".into())).flag("UnsupportedMechanism"),
        vt("exact-eip3009/unsupported-network-family", "exact on a Solana network: not an EVM verification.", NOW, pp(&with(&r, "network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1".into()), p.clone()), with(&r, "network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1".into())).flag("UnsupportedMechanism"),
        vt("exact-eip3009/missing-eip712-domain", "extra has neither name nor version: the token's EIP-712 domain is unknown.", NOW, pp(&with(&r, "extra", json!({})), p.clone()), with(&r, "extra", json!({}))).flag("MissingDomain"),
        vt("exact-eip3009/missing-eip712-version", "extra has a name but no version.", NOW, pp(&with(&r, "extra", json!({"name": "USDC"})), p.clone()), with(&r, "extra", json!({"name": "USDC"}))).flag("MissingDomain"),
        vt("exact-eip3009/asset-not-evm", "The asset is an ISO 4217 code: no verifying contract.", NOW, pp(&with(&r, "asset", "USD".into()), p.clone()), with(&r, "asset", "USD".into())).flag("MissingDomain"),
        vt("exact-eip3009/missing-signature", "The payload has no signature.", NOW, pp(&r, without(&p, "signature")), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/short-nonce", "A 2-byte nonce.", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "nonce", "0x1234".into())})), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/value-as-number", "authorization.value as a JSON number.", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "value", 10000.into())})), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/value-hex", "authorization.value in hex (JS BigInt would accept it).", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "value", "0x2710".into())})), r.clone()).flag("MalformedPayload"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainName)?, "Signed under the name \"USD Coin\"; the requirements say \"USDC\".", NOW, pp(&r, signed_other_domain("USD Coin", "2", 84_532, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainVersion)?, "Signed under version \"1\".", NOW, pp(&r, signed_other_domain("USDC", "1", 84_532, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainChainId)?, "Signed for chain 8453; the requirements are on 84532.", NOW, pp(&r, signed_other_domain("USDC", "2", 8453, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainVerifyingContract)?, "Signed with Base mainnet USDC as verifying contract.", NOW, pp(&r, signed_other_domain("USDC", "2", 84_532, USDC_BASE)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::WrongSigner)?, "A valid signature by Hardhat key #2 in a payment from the payer.", NOW, pp(&r, p3009(&a, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/tampered-value", "The signature of a 10000 authorization on a 10001 authorization (and requirement).", NOW, pp(&with(&r, "amount", "10001".into()), tampered_p), with(&r, "amount", "10001".into())).flag("ForgedSignature"),
        vt(&vid(Paying::V2Eip3009, Variation::HighS)?, "The malleable twin of a valid signature: ecrecover yields the payer, the token contract rejects it.", NOW, pp(&r, with_sig(&p, &high)), r.clone()).flag("SignatureMalleability"),
        vt("exact-eip3009/v-29", "A 65-byte signature with v = 29.", NOW, pp(&r, with_sig(&p, &fixtures::with_v(&sig, 29)?)), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/r-zero", "r = 0.", NOW, pp(&r, with_sig(&p, &r_zero)), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/empty-signature", "signature \"0x\".", NOW, pp(&r, with_sig(&p, "0x")), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/malformed-erc6492", "A signature with the ERC-6492 magic suffix whose prefix is not abi.encode(address, bytes, bytes).", NOW, pp(&r, with_sig(&p, &hex(&magic_bad))), r.clone()).flag("Erc6492"),
        vt("exact-eip3009/v-zero", "The valid signature with v = 0 (y-parity form): x402-spec accepts and settles with v = 27; TS passes 0 to the contract, which rejects it.", NOW, pp(&r, with_sig(&p, &fixtures::with_v(&sig, 0)?)), r.clone()).flag("SignatureYParityV").acceptable(),
        vt("exact-eip3009/compact-signature", "The 64-byte EIP-2098 form: not an EOA signature for USDC, left to the chain (ERC-1271 and simulation).", NOW, pp(&r, with_sig(&p, &fixtures::compact(&sig)?)), r.clone()).flag("SignatureCompact").acceptable(),
        vt("exact-eip3009/smart-wallet-signature", "A 96-byte smart-wallet signature: valid off chain, judged on chain (getCode, ERC-1271, simulation with the bytes overload).", NOW, pp(&r, with_sig(&p, &smart)), r.clone()).flag("SmartWalletSignature"),
        vt("exact-eip3009/erc6492-counterfactual-wallet", "An ERC-6492-wrapped signature: the simulation deploys the wallet through Multicall3 before the transfer.", NOW, pp(&r, with_sig(&p, &hex(&wrapped))), r.clone()).flag("Erc6492"),
        vt("exact-eip3009/accepted-amount-mismatch", "accepted offers amount 1 while the requirements (and the signed authorization) say 10000: no SDK facilitator compares them.", NOW, pp(&with(&r, "amount", "1".into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-eip3009/accepted-pay-to-mismatch", "accepted names another payTo than the requirements.", NOW, pp(&with(&r, "payTo", OTHER.into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-eip3009/accepted-mismatch-and-wrong-recipient", "accepted offers amount 1 and the authorization pays another address: x402-spec reports the accepted mismatch first, the SDKs (which do not compare accepted) the recipient.", NOW, pp(&with(&r, "amount", "1".into()), p3009(&to_other, KEY_PAYER)?), r.clone()).flag("MultipleDefects").flag("RecipientMismatch"),
        vt("exact-eip3009/expired-and-wrong-recipient", "Two defects: the reason depends on the order of checks.", VALID_BEFORE + 3600, pp(&r, p3009(&to_other, KEY_PAYER)?), r.clone()).flag("MultipleDefects").flag("RecipientMismatch"),
        vt("exact-eip3009/no-domain-and-underpayment", "extra lacks the domain and the amount differs: Go checks the amount before the domain.", NOW, pp(&with(&r20k, "extra", json!({})), p.clone()), with(&r20k, "extra", json!({}))).flag("MultipleDefects").flag("MissingDomain"),
        vt("exact-eip3009/unsupported-version", "paymentPayload.x402Version 3.", NOW, with(&ok, "x402Version", 3.into()), r.clone()).flag("VersionMismatch"),
        vt("exact-eip3009/v2-payload-v1-requirements", "A v2 payload verified against v1-shaped requirements.", NOW, ok.clone(), json!({"scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000", "resource": "https://api.example.com/premium-data", "description": "", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": USDC_BASE_SEPOLIA, "extra": {"name": "USDC", "version": "2"}})).flag("VersionMismatch"),
        vt("exact-eip3009/malformed-requirements", "requirements.amount is not a decimal string.", NOW, ok.clone(), with(&r, "amount", "ten".into())).flag("MalformedPayload"),
    ];
    let a_std = Auth::standard();
    for k in KNOWN_ASSETS
        .iter()
        .filter(|k| k.transfer_method == KnownTransferMethod::Eip3009)
    {
        let chain = k
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case("chain".into()))?;
        let rk = req(
            "exact",
            k.network,
            "10000",
            k.address,
            json!({"name": k.eip712_name, "version": k.eip712_version}),
        );
        let payload = json!({"signature": a_std.sign(KEY_PAYER, &token_domain(k.eip712_name, k.eip712_version, chain, k.address)?)?, "authorization": a_std.json()});
        out.push(
            vt(
                &format!("exact-eip3009/known-asset-chain-{chain}"),
                &format!(
                    "{} {} on {} with its default domain ({:?}, {:?}).",
                    k.symbol, k.address, k.network, k.eip712_name, k.eip712_version
                ),
                NOW,
                pp(&rk, payload),
                rk.clone(),
            )
            .clause("docs/protocol/networks.md §5.2"),
        );
    }
    Ok(out)
}

fn v1_req(network: &str, asset: &str, amount: &str) -> Value {
    json!({
        "scheme": "exact", "network": network, "maxAmountRequired": amount,
        "resource": "https://api.example.com/premium-data", "description": "Access to premium market data",
        "mimeType": "application/json", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": asset,
        "extra": {"name": "USDC", "version": "2"}
    })
}

fn v1_pp(network: &str, payload: Value) -> Value {
    json!({"x402Version": 1, "scheme": "exact", "network": network, "payload": payload})
}

fn v1_cases() -> Result<Vec<Case>, VectorError> {
    let r = v1_req("base-sepolia", USDC_BASE_SEPOLIA, "10000");
    let a = Auth::standard();
    let p = p3009(&a, KEY_PAYER)?;
    let over = p3009(
        &Auth {
            value: "20000".into(),
            ..Auth::standard()
        },
        KEY_PAYER,
    )?;
    let under = p3009(
        &Auth {
            value: "9999".into(),
            ..Auth::standard()
        },
        KEY_PAYER,
    )?;
    let spec = json!({"signature": SPEC_SIGNATURE, "authorization": Auth { from: SPEC_PAYER.into(), ..Auth::standard() }.json()});
    let sei = v1_known_asset("sei-testnet")
        .ok_or_else(|| VectorError::Case("sei-testnet asset".into()))?;
    let sei_addr = sei.address().to_string();
    let sei_chain =
        v1_evm_chain_id("sei-testnet").ok_or_else(|| VectorError::Case("sei chain".into()))?;
    let sei_payload = json!({"signature": a.sign(KEY_PAYER, &token_domain("USDC", "2", sei_chain, &sei_addr)?)?, "authorization": a.json()});
    let base_payload = json!({"signature": a.sign(KEY_PAYER, &token_domain("USDC", "2", 8453, USDC_BASE)?)?, "authorization": a.json()});
    let ok = v1_pp("base-sepolia", p.clone());
    Ok(vec![
        vt(&vid(Paying::V1Eip3009, Variation::None)?, "A v1 EIP-3009 payment (X-PAYMENT), network by name.", NOW, ok.clone(), r.clone()).clause("x402 v1 §6; docs/protocol/evm.md §4.2"),
        vt("v1-exact/base-mainnet", "A v1 payment on base (the domain's name comes from extra).", NOW, v1_pp("base", base_payload), v1_req("base", USDC_BASE, "10000")),
        vt(&vid(Paying::V1Eip3009, Variation::AmountOver)?, "The authorization pays 20000 for maxAmountRequired 10000: v1 spec says \"meets or exceeds\", current SDKs require equality.", NOW, v1_pp("base-sepolia", over), r.clone()).flag("V1AmountMeetsOrExceeds").acceptable(),
        vt(&vid(Paying::V1Eip3009, Variation::AmountUnder)?, "The authorization pays 9999 for maxAmountRequired 10000.", NOW, v1_pp("base-sepolia", under), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V1Eip3009, Variation::ValidBeforeExpired)?, "validBefore in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V1Eip3009, Variation::ValidAfterFuture)?, "validAfter in the future.", VALID_AFTER - 1, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt("v1-exact/spec-example-expired", "The X-PAYMENT example of the v1 transport spec, long expired.", 1_767_225_600, v1_pp("base-sepolia", spec), r.clone()).flag("SpecExample").clause("transports-v1/http.md"),
        vt("v1-exact/unknown-network-name", "A v1 name in no SDK table.", NOW, v1_pp("kairos-testnet", p.clone()), v1_req("kairos-testnet", USDC_BASE_SEPOLIA, "10000")).flag("UnknownNetwork"),
        vt("v1-exact/solana-network", "A Solana v1 network: no EVM verification.", NOW, v1_pp("solana-devnet", p.clone()), v1_req("solana-devnet", USDC_BASE_SEPOLIA, "10000")).flag("UnsupportedMechanism"),
        vt("v1-exact/requirements-scheme-upto", "upto does not exist in v1.", NOW, ok.clone(), with(&r, "scheme", "upto".into())).flag("UnsupportedMechanism"),
        vt(&vid(Paying::V1Eip3009, Variation::SchemeMismatch)?, "The payload says upto, the requirements exact.", NOW, with(&ok, "scheme", "upto".into()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V1Eip3009, Variation::NetworkMismatch)?, "The payload says base, the requirements base-sepolia.", NOW, with(&ok, "network", "base".into()), r.clone()).flag("NetworkMismatch"),
        vt("v1-exact/python-chain-id-sei-testnet", "sei-testnet signed with chain id 1328 (TS, Go, legacy, x402-spec); the Python SDK's domain uses 713715 and would reject the signature.", NOW, v1_pp("sei-testnet", sei_payload), v1_req("sei-testnet", &sei_addr, "10000")).flag("PythonV1ChainIds").acceptable(),
        vt("v1-exact/v1-payload-v2-requirements", "A v1 payload verified against v2 requirements.", NOW, ok, req_3009()).flag("VersionMismatch"),
    ])
}

fn permit2_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_permit2();
    let pe = Permit::exact();
    let p = ppermit(&pe, KEY_PAYER)?;
    let sig = str_field(&p, "signature")?.to_owned();
    let ok = pp(&r, p.clone());
    let r20k = with(&r, "amount", "20000".into());
    let base = Permit {
        token: USDC_BASE.into(),
        ..Permit::exact()
    };
    let r_base = req(
        "exact",
        "eip155:8453",
        "10000",
        USDC_BASE,
        json!({"name": "USD Coin", "version": "2", "assetTransferMethod": "permit2"}),
    );
    let base_payload =
        json!({"signature": base.sign(KEY_PAYER, 8453)?, "permit2Authorization": base.json()});
    let mega = KNOWN_ASSETS
        .iter()
        .find(|k| k.network == "eip155:4326")
        .ok_or_else(|| VectorError::Case("MegaETH asset".into()))?;
    let pm = Permit {
        token: mega.address.into(),
        amount: "1000000000000000000".into(),
        ..Permit::exact()
    };
    let r_mega = req(
        "exact",
        mega.network,
        "1000000000000000000",
        mega.address,
        serde_json::Value::Object(mega.default_extra()),
    );
    let mega_payload =
        json!({"signature": pm.sign(KEY_PAYER, 4326)?, "permit2Authorization": pm.json()});
    let spender_upto = Permit {
        spender: UPTO_PROXY.into(),
        ..Permit::exact()
    };
    let spender_rand = Permit {
        spender: OTHER.into(),
        ..Permit::exact()
    };
    let to_other = Permit {
        to: OTHER.into(),
        ..Permit::exact()
    };
    let token_base = Permit {
        token: USDC_BASE.into(),
        ..Permit::exact()
    };
    let hexnonce = json!({"signature": sig, "permit2Authorization": with(&pe.json(), "nonce", format!("0x{}", alloy_primitives::hex::encode(u256(&pe.nonce)?.to_be_bytes::<32>())).into())});
    let wrong_chain =
        json!({"signature": pe.sign(KEY_PAYER, 8453)?, "permit2Authorization": pe.json()});
    let spec_sig = json!({"signature": SPEC_SIGNATURE, "permit2Authorization": Permit { from: SPEC_PAYER.into(), ..Permit::exact() }.json()});
    let ts = "TimeBuffer";
    let mut wit_missing = pe.json();
    if let Some(m) = wit_missing.as_object_mut() {
        m.shift_remove("witness");
    }
    Ok(vec![
        vt(&vid(Paying::V2Permit2, Variation::None)?, "A correct Permit2 payment through the exact proxy (docs/protocol/evm.md §4.9 #2).", NOW, ok.clone(), r.clone()).clause("scheme_exact_evm.md Permit2; docs/protocol/evm.md §4.3"),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeAtEdge)?, "deadline = now + 6: still valid.", VALID_BEFORE - 6, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeInBuffer)?, "deadline = now + 5.", VALID_BEFORE - 5, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeExpired)?, "deadline in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidAfterNow)?, "witness.validAfter = now.", VALID_AFTER, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidAfterFuture)?, "witness.validAfter = now + 1.", VALID_AFTER - 1, ok.clone(), r.clone()).flag(ts),
        vt("exact-permit2/base-mainnet", "The same permit on Base mainnet USDC.", NOW, pp(&r_base, base_payload), r_base.clone()),
        vt("exact-permit2/known-asset-chain-4326", "MegaUSD on MegaETH, a Permit2 + EIP-2612 asset of the known-assets table, 1e18 atomic units.", NOW, pp(&r_mega, mega_payload), r_mega.clone()).clause("docs/protocol/networks.md §5.2"),
        vt("exact-permit2/spender-upto-proxy", "The permit names the upto proxy as spender.", NOW, pp(&r, ppermit(&spender_upto, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt(&vid(Paying::V2Permit2, Variation::Permit2Spender)?, "The permit names an arbitrary spender (who could then pull the funds).", NOW, pp(&r, ppermit(&spender_rand, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt(&vid(Paying::V2Permit2, Variation::Recipient)?, "witness.to is not payTo.", NOW, pp(&r, ppermit(&to_other, KEY_PAYER)?), r.clone()).flag("RecipientMismatch"),
        vt("exact-permit2/amount-mismatch", "permitted.amount 10000 for a 20000 requirement.", NOW, pp(&r20k, p.clone()), r20k.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::Permit2Token)?, "permitted.token is Base mainnet USDC, the requirements ask Base Sepolia USDC.", NOW, pp(&r, ppermit(&token_base, KEY_PAYER)?), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::WrongSigner)?, "A permit signed by Hardhat key #2 in a payment from the payer.", NOW, pp(&r, ppermit(&pe, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
        vt("exact-permit2/wrong-chain", "The permit was signed under the Base mainnet Permit2 domain.", NOW, pp(&r, wrong_chain), r.clone()).flag("WrongDomain"),
        vt("exact-permit2/spec-example-signature", "The Permit2 example of scheme_exact_evm.md: its signature (copied from the EIP-3009 example) does not sign the permit.", NOW, pp(&r, spec_sig), r.clone()).flag("SpecExampleBroken"),
        vt(&vid(Paying::V2Permit2, Variation::HighS)?, "The malleable twin of the permit signature.", NOW, pp(&r, with_sig(&p, &fixtures::high_s_twin(&sig)?)), r.clone()).flag("SignatureMalleability"),
        vt(&vid(Paying::V2Permit2, Variation::SchemeMismatch)?, "accepted.scheme says upto.", NOW, pp(&with(&r, "scheme", "upto".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::NetworkMismatch)?, "accepted.network is Base mainnet.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("exact-permit2/missing-witness", "permit2Authorization without witness.", NOW, pp(&r, json!({"signature": sig, "permit2Authorization": wit_missing})), r.clone()).flag("MalformedPayload"),
        vt("exact-permit2/hex-nonce", "The same nonce written in 0x hex (upto spec example style): TS accepts, Go and Python (and x402-spec) reject.", NOW, pp(&r, hexnonce), r.clone()).flag("Permit2HexNonce").acceptable(),
        vt("exact-permit2/accepted-amount-mismatch", "accepted offers amount 1; requirements and permit say 10000.", NOW, pp(&with(&r, "amount", "1".into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-permit2/expired-and-underpaid", "deadline passed and amount below the requirement: x402-spec checks the amount first, the SDKs the deadline.", VALID_BEFORE + 60, pp(&r20k, p.clone()), r20k.clone()).flag("MultipleDefects").flag("AmountMismatch"),
        vt("exact-permit2/smart-wallet-signature", "A smart-wallet signature: the chain judges it (ERC-1271, simulation).", NOW, pp(&r, with_sig(&p, &hex(&[0x5au8; 96]))), r.clone()).flag("SmartWalletSignature"),
    ])
}

fn upto_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_upto();
    let pu = Permit::upto();
    let p = ppermit(&pu, KEY_PAYER)?;
    let ok = pp(&r, p.clone());
    let r1m = with(&r, "amount", "1000000".into());
    let fac_other = Permit {
        facilitator: Some(OTHER.into()),
        ..Permit::upto()
    };
    let exact_spender = Permit {
        spender: EXACT_PROXY.into(),
        ..Permit::upto()
    };
    let mut exact_shape = Permit::exact();
    exact_shape.spender = UPTO_PROXY.into();
    let mega = KNOWN_ASSETS
        .iter()
        .find(|k| k.network == "eip155:31611")
        .ok_or_else(|| VectorError::Case("Mezo asset".into()))?;
    let pm = Permit {
        token: mega.address.into(),
        amount: "5000000000000000000".into(),
        ..Permit::upto()
    };
    let mut extra = mega.default_extra();
    extra.insert("facilitatorAddress".into(), FACILITATOR.into());
    let r_mega = req(
        "upto",
        mega.network,
        "5000000000000000000",
        mega.address,
        Value::Object(extra),
    );
    let mega_payload =
        json!({"signature": pm.sign(KEY_PAYER, 31_611)?, "permit2Authorization": pm.json()});
    Ok(vec![
        vt(&vid(Paying::V2Upto, Variation::None)?, "A correct upto authorization for at most 5000000 (docs/protocol/evm.md §4.9 #3); the facilitator is one of ours.", NOW, ok.clone(), r.clone()).clause("scheme_upto_evm.md; docs/protocol/evm.md §4.4"),
        vt("upto-permit2/known-asset-chain-31611", "Mezo USD on Mezo testnet (Permit2 + EIP-2612 asset of the known-assets table).", NOW, pp(&r_mega, mega_payload), r_mega.clone()).clause("docs/protocol/networks.md §5.2"),
        vt(&vid(Paying::V2Upto, Variation::UptoFacilitator)?, "witness.facilitator is not one of this facilitator's signers: only it could settle.", NOW, pp(&r, ppermit(&fac_other, KEY_PAYER)?), r.clone()).flag("FacilitatorMismatch"),
        vt(&vid(Paying::V2Upto, Variation::SchemeMismatch)?, "accepted.scheme says exact for upto requirements.", NOW, pp(&with(&r, "scheme", "exact".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Upto, Variation::NetworkMismatch)?, "accepted.network is Base mainnet.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("upto-permit2/exact-witness", "A payload without witness.facilitator is not an upto payload.", NOW, pp(&r, ppermit(&exact_shape, KEY_PAYER)?), r.clone()).flag("MalformedPayload"),
        vt("upto-permit2/spender-exact-proxy", "The permit names the exact proxy as spender.", NOW, pp(&r, ppermit(&exact_spender, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt("upto-permit2/amount-not-max", "permitted.amount 5000000 but the verify-time requirements ask 1000000 (they must state the maximum).", NOW, pp(&r1m, p.clone()), r1m.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Upto, Variation::ValidBeforeExpired)?, "deadline in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V2Upto, Variation::ValidAfterFuture)?, "witness.validAfter in the future.", VALID_AFTER - 1, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V2Upto, Variation::WrongSigner)?, "Signed by Hardhat key #2.", NOW, pp(&r, ppermit(&pu, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
    ])
}

fn ext_payment(r: &Value, payload: Value, key: &str, info: Value) -> Value {
    let mut p = pp(r, payload);
    if let Some(m) = p.as_object_mut() {
        m.insert(
            "extensions".into(),
            json!({ key: { "info": info, "schema": {"type": "object"} } }),
        );
    }
    p
}

/// The client-filled `eip2612GasSponsoring.info` (owner = payer, spender = Permit2).
pub(crate) fn eip2612_info(
    value: &str,
    deadline: u64,
    spender: &str,
    key: &str,
) -> Result<Value, VectorError> {
    let sig = fixtures::sign_2612(key, &dom_bs()?, PAYER, spender, value, "0", deadline)?;
    Ok(
        json!({"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": spender, "amount": value, "nonce": "0", "deadline": deadline.to_string(), "signature": sig, "version": "1"}),
    )
}

/// A signed `approve(spender, MAX)` transaction calling `token` on `chain`.
pub(crate) fn approval_tx(
    key: &str,
    chain: u64,
    token: &str,
    spender: &str,
) -> Result<String, VectorError> {
    let input = calls::approve(addr(token)?, addr(spender)?, U256::MAX).data;
    fixtures::signed_tx(key, chain, token, input)
}

/// The client-filled `erc20ApprovalGasSponsoring.info`.
pub(crate) fn erc20_info(tx: &str) -> Value {
    json!({"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": PERMIT2, "amount": U256::MAX.to_string(), "signedTransaction": tx, "version": "1"})
}

fn sponsoring_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_permit2();
    let p = ppermit(&Permit::exact(), KEY_PAYER)?;
    let e = "eip2612GasSponsoring";
    let info = eip2612_info("10000", VALID_BEFORE, PERMIT2, KEY_PAYER)?;
    let max = U256::MAX.to_string();
    let tx = approval_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, PERMIT2)?;
    let x = "erc20ApprovalGasSponsoring";
    let transfer = {
        let mut d = unhex("0xa9059cbb")?;
        d.extend(word(U256::from_be_slice(addr(PAY_TO)?.as_slice())));
        d.extend(word(U256::from(10_000u64)));
        fixtures::signed_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, Bytes::from(d))?
    };
    let e2 = "Eip2612Extension";
    let e3 = "Erc20ApprovalExtension";
    Ok(vec![
        vt("eip2612-sponsoring/valid", "Permit2 exact with a gas-sponsored EIP-2612 permit (docs/protocol/evm.md §4.9 #4): settled with settleWithPermit, no allowance check owed.", NOW, ext_payment(&r, p.clone(), e, info.clone()), r.clone()).flag(e2).clause("specs/extensions/eip2612_gas_sponsoring.md; docs/protocol/evm.md §4.5"),
        vt("eip2612-sponsoring/missing-signature", "The permit info lacks its signature.", NOW, ext_payment(&r, p.clone(), e, without(&info, "signature")), r.clone()).flag(e2),
        vt("eip2612-sponsoring/from-not-payer", "info.from is not the Permit2 signer.", NOW, ext_payment(&r, p.clone(), e, with(&info, "from", OTHER.into())), r.clone()).flag(e2),
        vt("eip2612-sponsoring/asset-mismatch", "info.asset is not the requirements' asset.", NOW, ext_payment(&r, p.clone(), e, with(&info, "asset", USDC_BASE.into())), r.clone()).flag(e2),
        vt("eip2612-sponsoring/spender-not-permit2", "The permit approves the exact proxy instead of Permit2.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", VALID_BEFORE, EXACT_PROXY, KEY_PAYER)?), r.clone()).flag(e2),
        vt("eip2612-sponsoring/deadline-inside-buffer", "The permit deadline is now + 5.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", NOW + 5, PERMIT2, KEY_PAYER)?), r.clone()).flag(e2).flag("TimeBuffer"),
        vt("eip2612-sponsoring/max-uint-amount", "A MaxUint256 permit, as the extension spec examples show: the proxy reverts Permit2612AmountMismatch unless it equals permitted.amount.", NOW, ext_payment(&r, p.clone(), e, eip2612_info(&max, VALID_BEFORE, PERMIT2, KEY_PAYER)?), r.clone()).flag(e2).flag("Eip2612MaxUintAmount"),
        vt("eip2612-sponsoring/permit-signed-by-other-key", "The EIP-2612 permit is signed by Hardhat key #2: the token's permit() would fail and the proxy would swallow it.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", VALID_BEFORE, PERMIT2, KEY_OTHER)?), r.clone()).flag(e2).flag("NotCheckedBySdks"),
        vt("erc20-sponsoring/valid", "Permit2 exact with a signed approve(Permit2, MaxUint256) transaction to broadcast first.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&tx)), r.clone()).flag(e3).clause("specs/extensions/erc20_gas_sponsoring.md; docs/protocol/evm.md §4.5"),
        vt("erc20-sponsoring/transaction-not-hex", "signedTransaction is not hex.", NOW, ext_payment(&r, p.clone(), x, erc20_info("0xzz")), r.clone()).flag(e3),
        vt("erc20-sponsoring/from-not-payer", "info.from is not the payer.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "from", OTHER.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/asset-mismatch", "info.asset is not the requirements' asset.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "asset", USDC_BASE.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/spender-not-permit2", "info.spender is not Permit2.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "spender", EXACT_PROXY.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-unparsable", "signedTransaction is not a signed EIP-1559 transaction.", NOW, ext_payment(&r, p.clone(), x, erc20_info("0x02c0")), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-wrong-chain", "The approval is signed for chain 8453.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 8453, USDC_BASE_SEPOLIA, PERMIT2)?)), r.clone()).flag(e3).flag("NotCheckedBySdks"),
        vt("erc20-sponsoring/transaction-wrong-target", "The approval calls another token.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 84_532, USDC_BASE, PERMIT2)?)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-not-approve", "The transaction calls transfer, not approve.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&transfer)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-wrong-spender", "The transaction approves the exact proxy instead of Permit2.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, EXACT_PROXY)?)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-signed-by-other-key", "The approval is signed by Hardhat key #2.", NOW, ext_payment(&r, p, x, erc20_info(&approval_tx(KEY_OTHER, 84_532, USDC_BASE_SEPOLIA, PERMIT2)?)), r.clone()).flag(e3),
    ])
}

fn upto_sponsoring_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_upto();
    let p = ppermit(&Permit::upto(), KEY_PAYER)?;
    let info = eip2612_info("5000000", VALID_BEFORE, PERMIT2, KEY_PAYER)?;
    Ok(vec![
        vt("upto-permit2/eip2612-sponsoring", "upto with a gas-sponsored EIP-2612 permit for the maximum: settled with settleWithPermit.", NOW, ext_payment(&r, p, "eip2612GasSponsoring", info), r.clone()).flag("Eip2612Extension"),
    ])
}

fn finish(group_fields: Value, cases: Vec<Case>) -> Result<Value, VectorError> {
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&group_fields, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(group_fields, tests))
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add("TimeBuffer", note("TIME_WINDOW", "Validity window: validAfter <= now and validBefore / deadline >= now + timeBufferSeconds (6 in every SDK).").clause("docs/protocol/evm.md §4.7"));
    n.add(
        "SpecExample",
        note(
            "SPEC_EXAMPLE",
            "Payment payload copied from an x402 specification example.",
        )
        .clause("x402 v2 §5.2.1"),
    );
    n.add("SpecExampleBroken", note("SPEC_EXAMPLE", "The Permit2 example of scheme_exact_evm.md carries the EIP-3009 example's signature bytes, which do not sign the permit.").disagreement(15));
    n.add(
        "AmountMismatch",
        note(
            "AMOUNT_CONFUSION",
            "The signed amount (or token) differs from the requirements; v2 requires equality.",
        )
        .disagreement(7)
        .sdk(&[
            (
                "ts",
                "invalid_exact_evm_authorization_value / permit2_amount_mismatch",
            ),
            (
                "go",
                "invalid_exact_evm_payload_authorization_value_mismatch / permit2_amount_mismatch",
            ),
            (
                "py",
                "invalid_exact_evm_payload_authorization_value_mismatch / permit2_amount_mismatch",
            ),
        ]),
    );
    n.add(
        "RecipientMismatch",
        note(
            "RECIPIENT_CONFUSION",
            "The authorization pays another address than requirements.payTo.",
        ),
    );
    n.add(
        "SchemeMismatch",
        note(
            "VERSION_CONFUSION",
            "accepted.scheme (v1: scheme) differs from the requirements' scheme.",
        ),
    );
    n.add(
        "NetworkMismatch",
        note(
            "NETWORK_CONFUSION",
            "accepted.network (v1: network) differs from the requirements' network.",
        ),
    );
    n.add("UnknownNetwork", note("NETWORK_CONFUSION", "The network has no EVM chain id (non-decimal eip155 reference, unknown v1 name): no EIP-712 domain can be built.")
        .sdk(&[("ts", "invalid_exact_evm_network_mismatch (v1 name lookup) or an exception"), ("go", "invalid_exact_evm_failed_to_get_network_config"), ("py", "invalid_exact_evm_failed_to_get_network_config")]));
    n.add("UnsupportedMechanism", note("VERSION_CONFUSION", "No verifier for this scheme or network family: the SDK facilitators throw \"No facilitator registered\" (HTTP 500), so no per-SDK reason string exists."));
    n.add("MissingDomain", note("DOMAIN_CONFUSION", "extra.name / extra.version (the token's EIP-712 domain) are missing, or the asset is not an EVM contract."));
    n.add("MalformedPayload", note("MALFORMED_INPUT", "The payload, requirements or a field of them does not parse (x402-spec's typed views). TS fails such payloads with an exception (HTTP 500) where the SDK reason is absent."));
    n.add("WrongDomain", note("DOMAIN_CONFUSION", "Signed under another EIP-712 domain (name, version, chainId or verifyingContract) than the requirements define: the signature recovers to an unrelated address."));
    n.add("ForgedSignature", note("SIGNATURE_FORGERY", "The signature is not the payer's over this message: another key, a tampered message, or unusable bytes."));
    n.add("SignatureMalleability", note("SIGNATURE_MALLEABILITY", "High-s signature. The viem, go-ethereum and eth-account recoveries the SDKs use accept it, so the SDKs only fail at the transferWithAuthorization / settle simulation (FiatToken's ECRecover rejects s > n/2); x402-spec rejects it off chain (sdkReasons give the SDKs' signature codes, as x402-spec models them).")
        .effect("Without simulation the payment is reported valid and settlement reverts."));
    n.add("SignatureYParityV", note("SDK_SDK_DISAGREEMENT", "v given as y-parity 0/1. x402-spec and Go normalise to 27/28 for the (v, r, s) call; TS passes 0/1 through and the contract rejects it.")
        .sdk(&[("go", "normalises v to 27/28"), ("ts", "passes parseSignature(sig).v ?? yParity unchanged")]));
    n.add("SignatureCompact", note("EDGE_CASE", "64-byte EIP-2098 signature. USDC's ECRecover needs 65 bytes: x402-spec treats it as smart-wallet bytes (ERC-1271 / simulation decide); TS treats <= 65 bytes as an EOA signature."));
    n.add("SmartWalletSignature", note("EDGE_CASE", "A signature that is not 65 bytes: only the chain can judge it (getCode, ERC-1271 isValidSignature, simulation with the bytes overload).").disagreement(29));
    n.add("Erc6492", note("EDGE_CASE", "ERC-6492 wrapper (counterfactual smart wallet): the settlement is simulated through Multicall3 [factory deploy, transfer]; malformed wrappers are rejected."));
    n.add("AcceptedNotChecked", note("SPEC_SDK_DISAGREEMENT", "accepted differs from paymentRequirements in amount, asset or payTo. No SDK facilitator compares them (the resource server matched them before); x402-spec does (require_accepted_match). `expected` is x402-spec's verdict without that rule.").disagreement(31));
    n.add("V1AmountMeetsOrExceeds", note("SPEC_SDK_DISAGREEMENT", "v1 spec: the amount \"meets or exceeds\" maxAmountRequired; current SDKs and x402-spec's default policy require equality; the legacy TS v1 facilitator accepted more. `expected` is x402-spec's verdict with AmountRule::AtLeast.").disagreement(7));
    n.add("PythonV1ChainIds", note("SDK_SDK_DISAGREEMENT", "The Python SDK maps this v1 network to another chain id, so its EIP-712 domain differs and it rejects a signature made for the TS/Go/legacy chain id.").disagreement(28));
    n.add("Permit2HexNonce", note("SDK_SDK_DISAGREEMENT", "A Permit2 nonce in 0x hex: TS BigInt accepts it, Go and Python reject it, and so does x402-spec (decimal strings only).").disagreement(18));
    n.add("MultipleDefects", note("EDGE_CASE", "More than one rule fails: the reported reason depends on the order of checks, which differs per SDK (sdkReasons) and is not fixed by the spec (reasonAlternatives).").disagreement(30));
    n.add("Permit2Spender", note("RECIPIENT_CONFUSION", "The Permit2 spender is not the scheme's x402 proxy: the signature would authorise another contract to move the funds."));
    n.add("FacilitatorMismatch", note("RECIPIENT_CONFUSION", "upto: witness.facilitator is not one of this facilitator's signers (policy.facilitatorSigners), so only someone else could settle."));
    n.add("Eip2612Extension", note("BASIC", "eip2612GasSponsoring: an EIP-2612 permit of Permit2 lets a payer without allowance (and without gas) pay through settleWithPermit.").clause("specs/extensions/eip2612_gas_sponsoring.md"));
    n.add("Erc20ApprovalExtension", note("BASIC", "erc20ApprovalGasSponsoring: the payer's signed approve(Permit2, MaxUint256) transaction is broadcast before settlement.").clause("specs/extensions/erc20_gas_sponsoring.md"));
    n.add("Eip2612MaxUintAmount", note("SPEC_SDK_DISAGREEMENT", "The extension spec examples permit MaxUint256, but x402BasePermit2Proxy reverts Permit2612AmountMismatch unless the permit value equals permitted.amount. No SDK checks it at verify time (the simulation fails); x402-spec does.").disagreement(14));
    n.add("NotCheckedBySdks", note("SPEC_SDK_DISAGREEMENT", "A rule x402-spec checks off chain and the SDKs do not (they find out in the simulation or at settlement): the EIP-2612 permit signature, the approval transaction's chain id. sdkReasons are absent because the SDKs give no verify-time reason.").disagreement(22));
    n.add("AddressCase", note("CANONICALIZATION", "Single-case addresses in the payload: compared as 20-byte values, normalised to EIP-55."));
    n.add("VersionMismatch", note("VERSION_CONFUSION", "The payload's x402Version is unknown, or the requirements have the shape of the other version."));
    n
}

/// Builds `verify.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    fixtures::check_keys()?;
    let buffer = json!({"timeBufferSeconds": 6});
    let upto_policy = json!({"timeBufferSeconds": 6, "facilitatorSigners": [FACILITATOR]});
    let groups = vec![
        finish(
            json!({"x402Version": 2, "scheme": "exact", "assetTransferMethod": "eip3009", "policy": buffer}),
            eip3009_v2_cases()?,
        )?,
        finish(
            json!({"x402Version": 1, "scheme": "exact", "assetTransferMethod": "eip3009", "policy": buffer}),
            v1_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "exact", "assetTransferMethod": "permit2", "policy": buffer}),
            permit2_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "exact", "assetTransferMethod": "permit2", "policy": buffer}),
            sponsoring_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "upto", "assetTransferMethod": "permit2", "policy": upto_policy}),
            upto_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "upto", "assetTransferMethod": "permit2", "policy": upto_policy}),
            upto_sponsoring_cases()?,
        )?,
    ];
    make_file(
        TOPIC,
        &[
            "Facilitator verification of x402 payments, chain-free: payload + requirements + now + policy -> verdict.",
            "Accepted tests list the on-chain reads the caller still owes (onChainChecks, in order), each with sample chain answers and whether they pass; a failing check's failureReason is the reason to report.",
            "Rejected tests give the canonical reason, the reason each reference SDK would give where it differs (sdkReasons), and the other failed rules (reasonAlternatives).",
        ],
        notes(),
        groups,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Every vector named after a testkit variation is that one defect: x402-spec refuses it
    /// with the variation's rule first (or accepts it, for the boundary variations), so the
    /// corpus and the conformance harness mean the same thing by the shared list.
    #[test]
    fn vectors_named_after_a_variation_fail_its_rule() {
        let doc = file().unwrap();
        let groups = doc.get("testGroups").and_then(Value::as_array).unwrap();
        let mut seen = 0;
        for m in Paying::ALL {
            for v in Variation::ALL {
                let Ok(id) = vid(m, v) else { continue };
                let id = format!("verify/{id}");
                let (group, test) = groups
                    .iter()
                    .find_map(|g| {
                        let tests = g.get("tests").and_then(Value::as_array)?;
                        let t = tests
                            .iter()
                            .find(|t| t.get("id") == Some(&Value::from(id.as_str())))?;
                        Some((g, t))
                    })
                    .unwrap_or_else(|| panic!("no vector {id}"));
                let run = run(test, &policy_of(group).unwrap()).unwrap();
                let verdict = run.verdict.unwrap_or_else(|| panic!("{id} does not parse"));
                match (v.is_valid(), v.check(m), verdict) {
                    (true, _, Ok(_)) => {}
                    (false, Some(check), Err(rejection)) => {
                        assert_eq!(rejection.first().check, check, "{id}");
                    }
                    (valid, check, verdict) => panic!(
                        "{id}: valid {valid}, rule {check:?}, verdict ok {}",
                        verdict.is_ok()
                    ),
                }
                seen += 1;
            }
        }
        assert_eq!(seen, 44);
    }
}
