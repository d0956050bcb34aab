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
use x402_spec_testkit::variation::{Variation, VersionedMechanism as Paying};

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

mod evm;

pub(crate) use evm::*;

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
mod tests;
