//! `settlement.json`: the transactions a facilitator sends for a verified payment, from
//! x402-spec: `VerifiedPayment::settlement` (with the signed approval broadcast first for the
//! ERC-20 approval extension), and `plan_upto_settlement` for the amount an `upto` server
//! actually charges (`settlementAmount`).
//!
//! The payment is re-verified at the test's `now` with the default policy (6-second buffer);
//! for `upto` the settling facilitator is `paymentRequirements.extra.facilitatorAddress`.

use serde_json::{Value, json};
use x402_spec::evm::calls::EthCall;
use x402_spec::evm::parse_signed_eip1559;
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::EvmAddress;
use x402_spec::verify::{Mechanism, Policy, Sponsoring, VerifiedPayment, plan_upto_settlement};

use crate::VectorError;
use crate::abi::describe;
use crate::fixtures::{
    self, Auth, KEY_PAYER, NOW, PERMIT2, Permit, USDC_BASE, VALID_BEFORE, addr, eip55,
    token_domain, u256,
};
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, hex, note,
};
use crate::topics::verify::{
    approval_tx, eip2612_info, erc20_info, p3009, pp, ppermit, rejection_fields, req_3009,
    req_permit2, req_upto, run,
};

const TOPIC: &str = "settlement";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] =
    &["expected", "reason", "sdkReasons", "reasonAlternatives"];

fn call_json(kind: &str, call: &EthCall) -> Result<Value, VectorError> {
    let (f, args) = describe(&call.data)?;
    Ok(
        json!({ "kind": kind, "to": eip55(call.to), "data": hex(&call.data), "function": f, "args": args }),
    )
}

fn kind_of(call: &EthCall, mechanism: Mechanism) -> Result<&'static str, VectorError> {
    let (f, _) = describe(&call.data)?;
    Ok(match (mechanism, f.as_str()) {
        (Mechanism::Eip3009, f) if f.ends_with(",uint8,bytes32,bytes32)") => {
            "eip3009TransferWithAuthorizationVrs"
        }
        (Mechanism::Eip3009, _) => "eip3009TransferWithAuthorizationBytes",
        (Mechanism::Permit2, f) if f.starts_with("settleWithPermit") => {
            "permit2ExactSettleWithPermit"
        }
        (Mechanism::Permit2, _) => "permit2ExactSettle",
        (Mechanism::Upto, f) if f.starts_with("settleWithPermit") => "permit2UptoSettleWithPermit",
        (Mechanism::Upto, _) => "permit2UptoSettle",
        (other, _) => return Err(VectorError::Crate(format!("unmapped mechanism {other:?}"))),
    })
}

fn policy_for(test: &Value) -> Result<Policy, VectorError> {
    let fac = test
        .pointer("/paymentRequirements/extra/facilitatorAddress")
        .and_then(Value::as_str);
    let signers = match fac {
        Some(f) => vec![EvmAddress::new(addr(f)?)],
        None => Vec::new(),
    };
    Ok(Policy::default().with_signers(signers))
}

/// Re-verifies the payment and lists the settlement calls.
pub(crate) fn outcome(_group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let r = run(test, &policy_for(test)?)?;
    let mut fields = Obj::new();
    let req = match &r.request {
        Err(e) => {
            fields.insert("reason".into(), e.code().as_str().into());
            return Ok(Outcome {
                accepted: false,
                fields,
            });
        }
        Ok(req) => req,
    };
    let v = match r.verdict {
        Some(Ok(VerifiedPayment::Evm(v))) => v,
        Some(Ok(other)) => {
            return Err(VectorError::Crate(format!(
                "no settlement vectors for the {} family yet",
                other.family().id()
            )));
        }
        Some(Err(rej)) => {
            rejection_fields(&rej, &mut fields);
            return Ok(Outcome {
                accepted: false,
                fields,
            });
        }
        None => return Err(VectorError::Crate("no verdict".into())),
    };
    let mut calls = Vec::new();
    if let Some(Sponsoring::Erc20Approval { signed_transaction }) = &v.sponsoring {
        let tx = parse_signed_eip1559(signed_transaction)
            .map_err(|e| VectorError::Crate(e.to_string()))?;
        let to = tx
            .tx
            .to
            .ok_or_else(|| VectorError::Crate("approval creates a contract".into()))?;
        let mut c = call_json(
            "rawTransaction",
            &EthCall {
                to,
                data: tx.tx.input.clone(),
            },
        )?;
        if let Some(m) = c.as_object_mut() {
            m.insert("rawTransaction".into(), hex(signed_transaction).into());
        }
        calls.push(c);
    }
    let mut amount = None;
    if v.mechanism == Mechanism::Upto {
        let charge = test
            .get("settlementAmount")
            .and_then(Value::as_str)
            .ok_or_else(|| VectorError::Input("upto settlement needs settlementAmount".into()))?;
        let payload = match req {
            FacilitatorRequest::V2(r) => &r.payment_payload,
            _ => return Err(VectorError::Input("upto is v2 only".into())),
        };
        match plan_upto_settlement(&v, payload, u256(charge)?) {
            Err(code) => {
                fields.insert("reason".into(), code.as_str().into());
                return Ok(Outcome {
                    accepted: false,
                    fields,
                });
            }
            Ok(None) => {}
            Ok(Some(call)) => calls.push(call_json(kind_of(&call, v.mechanism)?, &call)?),
        }
        amount = Some(charge.to_owned());
    } else {
        calls.push(call_json(
            kind_of(&v.settlement, v.mechanism)?,
            &v.settlement,
        )?);
    }
    let mut expected = Obj::new();
    expected.insert("calls".into(), Value::Array(calls));
    if let Some(a) = amount {
        expected.insert("amount".into(), a.into());
    }
    expected.insert("payer".into(), v.payer.to_string().into());
    fields.insert("expected".into(), Value::Object(expected));
    Ok(Outcome {
        accepted: true,
        fields,
    })
}

fn st(id: &str, comment: &str, payment: Value, requirements: Value) -> Case {
    case(format!("settlement/{id}"), comment)
        .input("now", NOW)
        .input("paymentPayload", payment)
        .input("paymentRequirements", requirements)
}

fn with(v: &Value, key: &str, value: Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
    v
}

fn ext(mut payment: Value, key: &str, info: Value) -> Value {
    if let Some(m) = payment.as_object_mut() {
        m.insert("extensions".into(), json!({ key: { "info": info } }));
    }
    payment
}

fn eip3009_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_3009();
    let p = p3009(&Auth::standard(), KEY_PAYER)?;
    let sig = p
        .get("signature")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let wrapped = x402_spec::evm::encode_erc6492(
        addr(fixtures::FACTORY)?,
        &[0xc5, 0x26, 0x5d, 0x5d],
        &fixtures::unhex(&sig)?,
    );
    let a = Auth::standard();
    let r_base = json!({"scheme": "exact", "network": "eip155:8453", "amount": "10000", "asset": USDC_BASE, "payTo": fixtures::PAY_TO, "maxTimeoutSeconds": 60, "extra": {"name": "USD Coin", "version": "2"}});
    let p_base = json!({"signature": a.sign(KEY_PAYER, &token_domain("USD Coin", "2", 8453, USDC_BASE)?)?, "authorization": a.json()});
    Ok(vec![
        st("exact-eip3009/eoa-vrs", "A 65-byte EOA signature settles through the (v, r, s) overload of transferWithAuthorization.", pp(&r, p.clone()), r.clone()).clause("docs/protocol/evm.md §4.2 (on-chain call)"),
        st("exact-eip3009/eoa-v-zero-normalised", "A signature carrying v = 0 (y-parity) settles with v = 27 in the (v, r, s) call.", pp(&r, with(&p, "signature", fixtures::with_v(&sig, 0)?.into())), r.clone()).flag("SignatureYParityV"),
        st("exact-eip3009/base-mainnet", "Base mainnet USDC.", pp(&r_base, p_base), r_base.clone()),
        st("exact-eip3009/smart-wallet-bytes", "A smart-wallet signature settles through the bytes overload.", pp(&r, with(&p, "signature", hex(&[0x5au8; 96]).into())), r.clone()).flag("SmartWalletSignature"),
        st("exact-eip3009/erc6492-unwrapped", "An ERC-6492 wrapper is unwrapped: the inner ECDSA signature goes to the (v, r, s) overload (the factory deployment is a separate, conditional step).", pp(&r, with(&p, "signature", hex(&wrapped).into())), r.clone()).flag("Erc6492"),
        st("exact-eip3009/expired-at-settlement", "Re-verification at settlement finds the authorization expired: nothing is sent.", pp(&r, p.clone()), r.clone()).input("now", VALID_BEFORE + 60).flag("TimeBuffer"),
    ])
}

fn v1_cases() -> Result<Vec<Case>, VectorError> {
    let p = p3009(&Auth::standard(), KEY_PAYER)?;
    let v1_req = json!({"scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000", "resource": "https://api.example.com/premium-data", "description": "", "payTo": fixtures::PAY_TO, "maxTimeoutSeconds": 60, "asset": fixtures::USDC_BASE_SEPOLIA, "extra": {"name": "USDC", "version": "2"}});
    Ok(vec![st(
        "v1-exact/eoa-vrs",
        "A v1 payment settles with the same transferWithAuthorization call.",
        json!({"x402Version": 1, "scheme": "exact", "network": "base-sepolia", "payload": p}),
        v1_req,
    )])
}

fn permit2_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_permit2();
    let p = ppermit(&Permit::exact(), KEY_PAYER)?;
    let info = eip2612_info("10000", VALID_BEFORE, PERMIT2, KEY_PAYER)?;
    let tx = approval_tx(KEY_PAYER, 84_532, fixtures::USDC_BASE_SEPOLIA, PERMIT2)?;
    let bad_spender = ppermit(
        &Permit {
            spender: fixtures::UPTO_PROXY.into(),
            ..Permit::exact()
        },
        KEY_PAYER,
    )?;
    Ok(vec![
        st("exact-permit2/settle", "x402ExactPermit2Proxy.settle(permit, owner, witness, signature).", pp(&r, p.clone()), r.clone()).clause("docs/protocol/evm.md §4.3 (settlement)"),
        st("exact-permit2/settle-with-permit", "With an EIP-2612 permit: settleWithPermit(permit2612, permit, owner, witness, signature).", ext(pp(&r, p.clone()), "eip2612GasSponsoring", info), r.clone()).flag("Eip2612Extension"),
        st("exact-permit2/erc20-approval-then-settle", "With a signed approval: broadcast the raw approve transaction, then settle.", ext(pp(&r, p.clone()), "erc20ApprovalGasSponsoring", erc20_info(&tx)), r.clone()).flag("Erc20ApprovalExtension"),
        st("exact-permit2/wrong-spender", "A permit for the upto proxy is not settled through the exact proxy.", pp(&r, bad_spender), r.clone()),
    ])
}

fn upto_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_upto();
    let p = ppermit(&Permit::upto(), KEY_PAYER)?;
    let ok = pp(&r, p);
    let charge = |id: &str, comment: &str, amount: &str| {
        st(id, comment, ok.clone(), r.clone()).input("settlementAmount", amount)
    };
    Ok(vec![
        charge("upto-permit2/partial-charge", "The server charges 1234 of the authorised 5000000: settle(permit, 1234, owner, witness, signature), sent by witness.facilitator.", "1234").clause("scheme_upto_evm.md; docs/protocol/evm.md §4.4"),
        charge("upto-permit2/full-charge", "The server charges the whole maximum.", "5000000"),
        charge("upto-permit2/zero-charge", "A zero charge: nothing goes on chain (the proxy would revert InvalidAmount); the settle response reports amount 0.", "0").flag("UptoZeroCharge"),
        charge("upto-permit2/charge-exceeds-maximum", "A charge above the authorised maximum is refused before any transaction.", "5000001"),
    ])
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add("SignatureYParityV", note("EDGE_CASE", "v given as y-parity 0/1. FiatToken's ecrecover path needs 27/28: x402-spec and Go add 27 before the call, TS passes the value through (the call then reverts).").sdk(&[("go", "normalises to 27/28"), ("ts", "passes 0/1 through")]));
    n.add("SmartWalletSignature", note("EDGE_CASE", "A non-ECDSA signature: the bytes overload of transferWithAuthorization lets the token ask the wallet (ERC-1271)."));
    n.add("Erc6492", note("EDGE_CASE", "ERC-6492 wrapper: settled with the unwrapped inner signature (deploying the wallet first, when needed, is not listed: the SDKs only do it when configured to)."));
    n.add(
        "TimeBuffer",
        note(
            "TIME_WINDOW",
            "Settlement re-verifies the payment at its own `now`.",
        ),
    );
    n.add("Eip2612Extension", note("BASIC", "eip2612GasSponsoring: settleWithPermit carries the EIP-2612 permit ({value, deadline, r, s, v})."));
    n.add("Erc20ApprovalExtension", note("BASIC", "erc20ApprovalGasSponsoring: the signed approval is broadcast as is (rawTransaction), then the settle call."));
    n.add("UptoZeroCharge", note("EDGE_CASE", "upto with a zero charge: success with transaction \"\" and amount \"0\", no chain interaction; the authorization stays unspent until its deadline.").disagreement(20));
    n
}

fn finish(group_fields: Value, cases: Vec<Case>) -> Result<Value, VectorError> {
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&group_fields, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(group_fields, tests))
}

/// Builds `settlement.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    let groups = vec![
        finish(
            json!({"x402Version": 2, "scheme": "exact", "assetTransferMethod": "eip3009"}),
            eip3009_cases()?,
        )?,
        finish(
            json!({"x402Version": 1, "scheme": "exact", "assetTransferMethod": "eip3009"}),
            v1_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "exact", "assetTransferMethod": "permit2"}),
            permit2_cases()?,
        )?,
        finish(
            json!({"x402Version": 2, "scheme": "upto", "assetTransferMethod": "permit2"}),
            upto_cases()?,
        )?,
    ];
    make_file(
        TOPIC,
        &[
            "Settlement transactions for verified payments (target + calldata), in the order they are sent.",
            "Each payment is re-verified at the test's `now` (6-second buffer); for upto the settling facilitator is paymentRequirements.extra.facilitatorAddress and the charge is settlementAmount.",
        ],
        notes(),
        groups,
    )
}
