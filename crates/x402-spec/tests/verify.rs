//! Verification of the docs/protocol/evm.md §4.9 payments, and one failing case per rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{Value, json};
use x402_spec::codes::ErrorCode;
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::EvmAddress;
use x402_spec::verify::CommonCheck;
use x402_spec::verify::evm::{ChainAnswer, Expectation, OnchainCheckKind};
use x402_spec::verify::evm::{Eip3009Check, Permit2Check, UptoCheck};
use x402_spec::verify::{Check, EvmPayment, Policy, Sdk, VerifiedPayment, verify_request};

/// The EVM view of an accepted payment (every payment here is EVM).
fn evm(v: VerifiedPayment) -> EvmPayment {
    match v {
        VerifiedPayment::Evm(p) => p,
        other => panic!("not an EVM payment: {other:?}"),
    }
}

const NOW: u64 = 1_740_672_100;
const PAYER: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const PAY_TO: &str = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const USDC: &str = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const FACILITATOR: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const NONCE_3009: &str = "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480";
const SIG_3009: &str = "0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b";
const P2_NONCE: &str =
    "33247007178036348590600198031289925668252061821958005840077069883511451257277";
const SIG_P2: &str = "0x3b029ad182a14cdb81c9eb44f935279e124e88afdc4043ed1183345aba6781b95cd297107e2808d8ea2722260e88856b5a13a6db23e38a30e2604dca9e1ce1da1b";
const SIG_UPTO: &str = "0x95636daf74af6f82c3930e9d3baf3c1cacb37fb79e794b860ee5a2151274cd2e120fbb1a9774ae2a604cd4aeae0696da0c05f0b14e242fd93d0bb0e22ce8f46f1b";

fn requirements(scheme: &str, amount: &str, extra: Value) -> Value {
    json!({ "scheme": scheme, "network": "eip155:84532", "amount": amount, "asset": USDC, "payTo": PAY_TO, "maxTimeoutSeconds": 60, "extra": extra })
}

fn request(req: Value, payload: Value) -> Value {
    json!({ "x402Version": 2, "paymentPayload": { "x402Version": 2, "accepted": req.clone(), "payload": payload }, "paymentRequirements": req })
}

fn eip3009() -> Value {
    request(
        requirements("exact", "10000", json!({ "name": "USDC", "version": "2" })),
        json!({ "signature": SIG_3009, "authorization": { "from": PAYER, "to": PAY_TO, "value": "10000", "validAfter": "1740672089", "validBefore": "1740672154", "nonce": NONCE_3009 } }),
    )
}

fn permit2() -> Value {
    request(
        requirements(
            "exact",
            "10000",
            json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2" }),
        ),
        json!({ "signature": SIG_P2, "permit2Authorization": { "from": PAYER, "permitted": { "token": USDC, "amount": "10000" }, "spender": "0x402085c248EeA27D92E8b30b2C58ed07f9E20001", "nonce": P2_NONCE, "deadline": "1740672154", "witness": { "to": PAY_TO, "validAfter": "1740672089" } } }),
    )
}

fn upto() -> Value {
    request(
        requirements(
            "upto",
            "5000000",
            json!({ "name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FACILITATOR }),
        ),
        json!({ "signature": SIG_UPTO, "permit2Authorization": { "from": PAYER, "permitted": { "token": USDC, "amount": "5000000" }, "spender": "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002", "nonce": P2_NONCE, "deadline": "1740672154", "witness": { "to": PAY_TO, "facilitator": FACILITATOR, "validAfter": "1740672089" } } }),
    )
}

fn policy() -> Policy {
    Policy::default().with_signers(vec![EvmAddress::parse(FACILITATOR).unwrap()])
}

fn run(
    doc: &Value,
    now: u64,
) -> Result<x402_spec::verify::VerifiedPayment, x402_spec::verify::Rejection> {
    let r = FacilitatorRequest::from_json(doc.to_string().as_bytes()).unwrap();
    verify_request(&r, now, &policy())
}

fn set(mut doc: Value, pointer: &str, v: Value) -> Value {
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = v;
    doc
}

/// Sets a field in both `accepted` and `paymentRequirements`.
fn set_req(doc: Value, field: &str, v: Value) -> Value {
    let doc = set(doc, &format!("/paymentRequirements/{field}"), v.clone());
    set(doc, &format!("/paymentPayload/accepted/{field}"), v)
}

#[test]
fn golden_payments_verify() {
    let ok = evm(run(&eip3009(), NOW).unwrap());
    assert_eq!(ok.payer.to_string(), PAYER);
    assert_eq!(
        ok.hashes.digest.to_string(),
        "0x50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86"
    );
    let kinds: Vec<_> = ok.onchain.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            OnchainCheckKind::Balance,
            OnchainCheckKind::Eip3009NonceUnused,
            OnchainCheckKind::Simulation
        ]
    );
    // transferWithAuthorization(v,r,s) selector
    assert_eq!(&ok.settlement.data[..4], &[0xe3, 0xee, 0x16, 0x0e]);

    let ok = evm(run(&permit2(), NOW).unwrap());
    assert_eq!(
        ok.hashes.digest.to_string(),
        "0x21528e1468aac114016416353e2309329f217dc180b21baa1d81cde941095685"
    );
    assert!(
        ok.onchain
            .iter()
            .any(|c| c.kind == OnchainCheckKind::Permit2Allowance)
    );

    let ok = evm(run(&upto(), NOW).unwrap());
    assert_eq!(
        ok.hashes.digest.to_string(),
        "0x22340f12e045f90a2bdf0bb39dd61d8c4674579544873480e8af265f383d4837"
    );
    let sim = ok
        .onchain
        .iter()
        .find(|c| c.kind == OnchainCheckKind::Simulation)
        .unwrap();
    assert_eq!(sim.from.unwrap().to_string(), FACILITATOR);
}

fn reason_of(doc: &Value, now: u64) -> (Check, ErrorCode) {
    let e = run(doc, now).expect_err("should be invalid");
    (e.first().check, e.reason().clone())
}

#[test]
fn eip3009_rules() {
    let cases: Vec<(Value, u64, Check)> = vec![
        (
            set(eip3009(), "/paymentPayload/accepted/scheme", json!("upto")),
            NOW,
            Check::Eip3009(Eip3009Check::Scheme),
        ),
        (
            set(
                eip3009(),
                "/paymentPayload/accepted/network",
                json!("eip155:8453"),
            ),
            NOW,
            Check::Eip3009(Eip3009Check::Network),
        ),
        (
            set_req(eip3009(), "extra", json!({ "name": "USDC" })),
            NOW,
            Check::Eip3009(Eip3009Check::Domain),
        ),
        (
            set_req(eip3009(), "payTo", json!(PAYER)),
            NOW,
            Check::Eip3009(Eip3009Check::Recipient),
        ),
        (
            set_req(eip3009(), "amount", json!("10001")),
            NOW,
            Check::Eip3009(Eip3009Check::Value),
        ),
        (
            set_req(eip3009(), "amount", json!("9999")),
            NOW,
            Check::Eip3009(Eip3009Check::Value),
        ),
        (
            eip3009(),
            1_740_672_154 - 5,
            Check::Eip3009(Eip3009Check::ValidBefore),
        ),
        (
            eip3009(),
            1_740_672_088,
            Check::Eip3009(Eip3009Check::ValidAfter),
        ),
        (
            set(
                eip3009(),
                "/paymentPayload/payload/authorization/nonce",
                json!(format!("0x{}", "00".repeat(32))),
            ),
            NOW,
            Check::Eip3009(Eip3009Check::Signature),
        ),
        (
            set(
                eip3009(),
                "/paymentPayload/payload/signature",
                json!(format!(
                    "0x{}{}1b",
                    "00".repeat(31) + "01",
                    "00".repeat(31) + "01"
                )),
            ),
            NOW,
            Check::Eip3009(Eip3009Check::Signature),
        ),
        (
            set(
                eip3009(),
                "/paymentPayload/payload/signature",
                json!(format!("0x{}1d", "11".repeat(64))),
            ),
            NOW,
            Check::Eip3009(Eip3009Check::Signature),
        ),
        (
            set(
                eip3009(),
                "/paymentPayload/payload/authorization/value",
                json!("1e4"),
            ),
            NOW,
            Check::Eip3009(Eip3009Check::Format),
        ),
        (
            set(eip3009(), "/paymentRequirements/amount", json!("20000")),
            NOW,
            Check::Common(CommonCheck::AcceptedMismatch),
        ),
        (
            set_req(eip3009(), "network", json!("eip155:0x1")),
            NOW,
            Check::Common(CommonCheck::UnknownNetwork),
        ),
    ];
    for (doc, now, want) in cases {
        let (check, code) = reason_of(&doc, now);
        assert_eq!(check, want, "{doc}");
        assert_eq!(code, want.code());
    }
}

#[test]
fn buffer_edges() {
    // valid iff validBefore >= now + 6
    assert!(run(&eip3009(), 1_740_672_154 - 6).is_ok());
    assert_eq!(
        reason_of(&eip3009(), 1_740_672_154 - 5).0,
        Check::Eip3009(Eip3009Check::ValidBefore)
    );
    // valid iff validAfter <= now
    assert!(run(&eip3009(), 1_740_672_089).is_ok());
    assert_eq!(
        reason_of(&eip3009(), 1_740_672_088).0,
        Check::Eip3009(Eip3009Check::ValidAfter)
    );
}

#[test]
fn high_s_twin_is_invalid() {
    // s' = n - s, v flipped: recovers to the same signer, but is malleable and refused.
    use alloy_primitives::U256;
    let n = U256::from_str_radix(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        16,
    )
    .unwrap();
    let sig = alloy_primitives::hex::decode(SIG_3009).unwrap();
    let s = U256::from_be_slice(&sig[32..64]);
    let mut twin = sig.clone();
    twin[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    twin[64] = if sig[64] == 27 { 28 } else { 27 };
    let doc = set(
        eip3009(),
        "/paymentPayload/payload/signature",
        json!(format!("0x{}", alloy_primitives::hex::encode(&twin))),
    );
    let e = run(&doc, NOW).unwrap_err();
    assert_eq!(
        e.first().check,
        Check::Eip3009(Eip3009Check::SignatureMalleable)
    );
    assert_eq!(e.reason(), &ErrorCode::ExactEvmSignature);
    // The SDKs recover high-s signatures and fail at simulation instead.
    assert_eq!(
        e.as_sdk(Sdk::Ts).unwrap().1,
        Some("invalid_exact_evm_transaction_simulation_failed")
    );
    assert!(
        e.first().detail.to_lowercase().contains("s"),
        "{}",
        e.first().detail
    );
}

#[test]
fn every_failure_is_listed_and_sdk_orders_replay() {
    // Wrong recipient AND wrong amount AND expired AND a bad signature.
    let doc = set_req(
        set_req(eip3009(), "payTo", json!(PAYER)),
        "amount",
        json!("1"),
    );
    let e = run(&doc, 1_740_672_200).unwrap_err();
    let checks: Vec<Check> = e.failures().iter().map(|f| f.check).collect();
    assert_eq!(
        checks,
        [
            Check::Eip3009(Eip3009Check::Recipient),
            Check::Eip3009(Eip3009Check::Value),
            Check::Eip3009(Eip3009Check::ValidBefore)
        ]
    );
    // TS checks the signature first among these... the signature is valid here, so TS reports
    // the recipient; Go and Python report the recipient too.
    assert_eq!(
        e.as_sdk(Sdk::Ts),
        Some((
            Check::Eip3009(Eip3009Check::Recipient),
            Some("invalid_exact_evm_recipient_mismatch")
        ))
    );
    assert_eq!(
        e.as_sdk(Sdk::Py),
        Some((
            Check::Eip3009(Eip3009Check::Recipient),
            Some("invalid_exact_evm_payload_recipient_mismatch")
        ))
    );

    // Expired and underpaid: TS reports the time first, Go/Py the amount.
    let doc = set_req(eip3009(), "amount", json!("20000"));
    let e = run(&doc, 1_740_672_200).unwrap_err();
    assert_eq!(e.reason(), &ErrorCode::ExactEvmValueMismatch);
    assert_eq!(
        e.as_sdk(Sdk::Ts).unwrap().1,
        Some("invalid_exact_evm_payload_authorization_valid_before")
    );
    assert_eq!(
        e.as_sdk(Sdk::Go).unwrap().1,
        Some("invalid_exact_evm_payload_authorization_value_mismatch")
    );
    assert_eq!(
        e.to_verify_response().invalid_reason.unwrap().as_str(),
        "invalid_exact_evm_payload_authorization_value_mismatch"
    );
    assert_eq!(e.payer().unwrap().to_string(), PAYER);
}

#[test]
fn permit2_rules() {
    let base = "/paymentPayload/payload/permit2Authorization";
    let cases: Vec<(Value, u64, Check)> = vec![
        (
            set(permit2(), "/paymentPayload/accepted/scheme", json!("upto")),
            NOW,
            Check::Permit2(Permit2Check::Scheme),
        ),
        (
            set(
                permit2(),
                &format!("{base}/spender"),
                json!("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002"),
            ),
            NOW,
            Check::Permit2(Permit2Check::Spender),
        ),
        (
            set(permit2(), &format!("{base}/witness/to"), json!(PAYER)),
            NOW,
            Check::Permit2(Permit2Check::Recipient),
        ),
        (
            set(
                permit2(),
                &format!("{base}/permitted/amount"),
                json!("10001"),
            ),
            NOW,
            Check::Permit2(Permit2Check::Amount),
        ),
        (
            set(permit2(), &format!("{base}/permitted/token"), json!(PAY_TO)),
            NOW,
            Check::Permit2(Permit2Check::Token),
        ),
        (
            permit2(),
            1_740_672_149,
            Check::Permit2(Permit2Check::Deadline),
        ),
        (
            permit2(),
            1_740_672_088,
            Check::Permit2(Permit2Check::ValidAfter),
        ),
        (
            set(permit2(), &format!("{base}/nonce"), json!("1")),
            NOW,
            Check::Permit2(Permit2Check::Signature),
        ),
        (
            set(permit2(), &format!("{base}/nonce"), json!("0x1")),
            NOW,
            Check::Permit2(Permit2Check::Format),
        ),
    ];
    for (doc, now, want) in cases {
        assert_eq!(reason_of(&doc, now).0, want, "{doc}");
    }
}

#[test]
fn upto_rules_and_settlement() {
    let doc = upto();
    let r = FacilitatorRequest::from_json(doc.to_string().as_bytes()).unwrap();
    let e = verify_request(&r, NOW, &Policy::default()).unwrap_err();
    assert_eq!(e.first().check, Check::Upto(UptoCheck::Facilitator));
    assert_eq!(e.reason(), &ErrorCode::UptoFacilitatorMismatch);

    let ok = evm(run(&upto(), NOW).unwrap());
    let FacilitatorRequest::V2(req) = r else {
        panic!()
    };
    use alloy_primitives::U256;
    use x402_spec::verify::plan_upto_settlement;
    assert_eq!(
        plan_upto_settlement(&ok, &req.payment_payload, U256::ZERO),
        Ok(None)
    );
    assert!(
        plan_upto_settlement(&ok, &req.payment_payload, U256::from(2_350_000u64))
            .unwrap()
            .is_some()
    );
    assert_eq!(
        plan_upto_settlement(&ok, &req.payment_payload, U256::from(5_000_001u64)),
        Err(ErrorCode::UptoSettlementExceedsAmount)
    );
    assert_eq!(
        reason_of(
            &set(upto(), "/paymentPayload/accepted/scheme", json!("exact")),
            NOW
        )
        .0,
        Check::Upto(UptoCheck::Scheme)
    );
}

#[test]
fn onchain_checks_evaluate() {
    let ok = evm(run(&eip3009(), NOW).unwrap());
    let bal = &ok.onchain[0];
    assert_eq!(
        bal.expect,
        Expectation::UintAtLeast(alloy_primitives::U256::from(10_000u64))
    );
    let word = |v: u64| alloy_primitives::U256::from(v).to_be_bytes::<32>().to_vec();
    assert!(bal.evaluate(ChainAnswer::Returned(&word(10_000))).is_ok());
    assert_eq!(
        bal.evaluate(ChainAnswer::Returned(&word(9_999))),
        Err(ErrorCode::InsufficientFunds)
    );
    let nonce = &ok.onchain[1];
    assert_eq!(
        nonce.evaluate(ChainAnswer::Returned(&word(1))),
        Err(ErrorCode::ExactEvmNonceAlreadyUsed)
    );
}

#[test]
fn short_or_long_signatures_are_left_to_erc1271() {
    // Not 65 bytes: only the wallet contract can judge it (ERC-1271), so verification passes
    // off-chain and owes code-at + isValidSignature.
    let ok = run(
        &set(
            eip3009(),
            "/paymentPayload/payload/signature",
            json!("0x1234"),
        ),
        NOW,
    )
    .unwrap();
    let ok = evm(ok);
    let kinds: Vec<_> = ok.onchain.iter().map(|c| c.kind).collect();
    assert!(
        kinds.contains(&OnchainCheckKind::WalletDeployed)
            && kinds.contains(&OnchainCheckKind::Erc1271Signature),
        "{kinds:?}"
    );
    // The settlement then uses the bytes overload of transferWithAuthorization.
    assert_eq!(
        &ok.settlement.data[..4],
        &alloy_primitives::keccak256(
            "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)"
        )[..4]
    );
}

#[test]
fn non_evm_and_unknown_schemes_are_unsupported() {
    let doc = set_req(eip3009(), "scheme", json!("subscription"));
    assert_eq!(reason_of(&doc, NOW).1, ErrorCode::UnsupportedScheme);
}
