//! Independent facts: the docs/protocol/evm.md §4.9 golden EIP-712 values (recomputed there with a pure
//! keccak/secp256k1 script and eth-account) must appear in the generated corpus unchanged, and the
//! coverage promised by the format holds (every verification rule is the first failure of an
//! invalid vector; every reason x402-spec's parsers and verifier produce appears).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::collections::BTreeSet;

use serde_json::{Value, json};

use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::{EvmAddress, SolanaAddress};
use x402_spec::verify::{Check, Policy, verify_request};

fn file(name: &str) -> Value {
    x402_vectors::generate()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap()
        .1
}

fn test<'a>(doc: &'a Value, id: &str) -> &'a Value {
    common::tests_of(doc)
        .into_iter()
        .find(|(_, t)| t["id"] == id)
        .unwrap_or_else(|| panic!("no test {id}"))
        .1
}

fn group_of<'a>(doc: &'a Value, group_type: &str) -> &'a Value {
    doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["type"] == group_type)
        .unwrap()
}

#[test]
fn protocol_section_4_9_values() {
    let d = file("eip712.json");
    let spec = test(&d, "eip712/eip3009/spec-example-base-sepolia");
    assert_eq!(
        spec["domainSeparator"],
        "0x71f17a3b2ff373b803d70a5a07c046c1a2bc8e89c09ef722fcb047abe94c9818"
    );
    assert_eq!(
        spec["structHash"],
        "0x49ad644555c7bdf3ea4fc022a4940ae5589b230b1dde0065c5504fa19bbe39a4"
    );
    assert_eq!(
        spec["digest"],
        "0xf256992871671abcb27ff92885a7afa46218724e5fc0bac35d050115aa1d22e6"
    );
    assert_eq!(
        spec["recoveredSigner"],
        "0x857b06519E91e3A54538791bDbb0E22373e36b66"
    );

    let v1 = test(&d, "eip712/eip3009/hardhat-base-sepolia");
    assert_eq!(
        v1["domainSeparator"],
        "0x71f17a3b2ff373b803d70a5a07c046c1a2bc8e89c09ef722fcb047abe94c9818"
    );
    assert_eq!(
        v1["structHash"],
        "0xb2438b1b8298f6129feb7c6a96cb5bee12d7e8ba27c7c27cde803071ebdc42e8"
    );
    assert_eq!(
        v1["digest"],
        "0x50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86"
    );
    assert_eq!(
        v1["signature"],
        "0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b"
    );
    assert_eq!(
        v1["recoveredSigner"],
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    );

    let p2 = test(&d, "eip712/permit2-exact/hardhat-base-sepolia");
    assert_eq!(
        p2["domainSeparator"],
        "0x010f27a92fb9a32622f44f001dc4d15706a85b33499cfc2ce9033113ab26592c"
    );
    assert_eq!(
        p2["witnessHash"],
        "0x1d9a4354ed1358fb2043e93ba167a9ece2fabb07018aec3d609abccd18aec24b"
    );
    assert_eq!(
        p2["structHash"],
        "0xf9efd2ab5ec37a11f062cfbde5dd2654b11aa7c03eedbac1f9bf0efd67b2d8b4"
    );
    assert_eq!(
        p2["digest"],
        "0x21528e1468aac114016416353e2309329f217dc180b21baa1d81cde941095685"
    );
    assert_eq!(
        p2["signature"],
        "0x3b029ad182a14cdb81c9eb44f935279e124e88afdc4043ed1183345aba6781b95cd297107e2808d8ea2722260e88856b5a13a6db23e38a30e2604dca9e1ce1da1b"
    );
    assert_eq!(
        test(&d, "eip712/permit2-exact/hardhat-base-mainnet")["domainSeparator"],
        "0x3b6f35e4fce979ef8eac3bcdc8c3fc38fe7911bb0c69c8fe72bf1fd1a17e6f07"
    );
    assert_eq!(
        test(&d, "eip712/permit2-exact/spec-example-signature")["recoveredSigner"],
        "0x468D6ad86C21a78C0c1F4F1fdc6c67616b9beB6f"
    );

    let up = test(&d, "eip712/permit2-upto/hardhat-base-sepolia");
    assert_eq!(
        up["witnessHash"],
        "0xe842f53529398e2d1faca4216bfd9e7e6b33df7329f633552fe4eeba9c5cb575"
    );
    assert_eq!(
        up["structHash"],
        "0x52e675528d36449833912452397bab5eb465aaadd8167182ae3749f17b18aa78"
    );
    assert_eq!(
        up["digest"],
        "0x22340f12e045f90a2bdf0bb39dd61d8c4674579544873480e8af265f383d4837"
    );
    assert_eq!(
        up["signature"],
        "0x95636daf74af6f82c3930e9d3baf3c1cacb37fb79e794b860ee5a2151274cd2e120fbb1a9774ae2a604cd4aeae0696da0c05f0b14e242fd93d0bb0e22ce8f46f1b"
    );

    let p4 = test(&d, "eip712/eip2612/hardhat-base-sepolia");
    assert_eq!(
        p4["structHash"],
        "0x8fcffe6acf63aea1d47e9fe219fe840fde79712537855060987a13049284b175"
    );
    assert_eq!(
        p4["digest"],
        "0x1c25b6b46b1ee22f6e14a51eba91506430a2c75c45c7910aa0f7e13b686b35a6"
    );
    assert_eq!(
        p4["signature"],
        "0x69baca18f0761582a372da88d9d0ff9b81123913755d3aa5f2d8eaa97315f5a53fe41fe1a9f546e105cbc3de0e0f5e1962207eda86ddee33eec0d57abaa1ac741b"
    );

    assert_eq!(
        group_of(&d, "eip3009TransferWithAuthorization")["typeHash"],
        "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267"
    );
    assert_eq!(
        group_of(&d, "permit2WitnessTransferFromExact")["typeHash"],
        "0xebc156cd23678a74c94df13d772ef5478420637f0c94bd10d509e1dc98f521c7"
    );
    assert_eq!(
        group_of(&d, "permit2WitnessTransferFromUpto")["typeHash"],
        "0x51dff6974ad4388c499e7fcfe838d2bd767162553a144098ce20ea661d70c2ee"
    );
    assert_eq!(
        group_of(&d, "eip2612Permit")["typeHash"],
        "0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9"
    );

    // The verify vector of docs/protocol/evm.md §4.9 #1 carries the same signature and digest.
    let v = file("verify.json");
    let ok = test(&v, "verify/exact-eip3009/valid");
    assert_eq!(ok["eip712"]["digest"], v1["digest"]);
    assert_eq!(
        ok["paymentPayload"]["payload"]["signature"],
        v1["signature"]
    );
}

fn policy(group: &Value) -> Policy {
    let signers = group["policy"]["facilitatorSigners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| EvmAddress::parse(s.as_str().unwrap()).unwrap())
        .collect();
    let fee_payers = group["policy"]["svmFeePayers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| SolanaAddress::parse(s.as_str().unwrap()).unwrap())
        .collect();
    Policy::default()
        .with_time_buffer(group["policy"]["timeBufferSeconds"].as_u64().unwrap_or(6))
        .with_signers(signers)
        .with_svm_fee_payers(fee_payers)
}

#[test]
fn every_check_is_the_first_failure_of_an_invalid_vector() {
    let (v, s) = (file("verify.json"), file("svm.json"));
    let mut first = BTreeSet::new();
    for (g, t) in common::tests_of(&v).into_iter().chain(common::tests_of(&s)) {
        if t["result"] != "invalid" {
            continue;
        }
        let body = json!({"x402Version": t["paymentPayload"]["x402Version"], "paymentPayload": t["paymentPayload"], "paymentRequirements": t["paymentRequirements"]});
        let Ok(req) = FacilitatorRequest::from_json(body.to_string().as_bytes()) else {
            continue;
        };
        let rej = verify_request(&req, t["now"].as_u64().unwrap(), &policy(g)).unwrap_err();
        first.insert(rej.first().check);
    }
    // batch-settlement's rules are covered by its unit tests (crates/x402-spec/src/evm/
    // batch_settlement/tests.rs) and its hashes by eip712.json; verify.json has no
    // batch-settlement group yet, and half of its rules run after the chain reads
    // (`BatchVerified::judge`), which the verify format does not model (issue #17).
    let missing: Vec<_> = Check::all()
        .into_iter()
        .filter(|c| !first.contains(c) && !matches!(c, Check::Batch(_)))
        .collect();
    assert!(
        missing.is_empty(),
        "checks never first in an invalid vector: {missing:?}"
    );
}

fn collect_reasons(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if (k == "reason" || k == "failureReason") && x.is_string() {
                    out.insert(x.as_str().unwrap().to_owned());
                }
                collect_reasons(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_reasons(x, out)),
        _ => {}
    }
}

#[test]
fn every_code_the_crate_produces_appears() {
    let mut seen = BTreeSet::new();
    for n in ["wire.json", "verify.json", "settlement.json", "svm.json"] {
        collect_reasons(&file(n), &mut seen);
    }
    // Without the batch-settlement rules, for the reason given in the test above.
    let mut want: BTreeSet<String> = Check::all()
        .iter()
        .filter(|c| !matches!(c, Check::Batch(_)))
        .map(|c| c.code().as_str().to_owned())
        .collect();
    for c in [
        "invalid_payload",
        "invalid_payment_requirements",
        "invalid_x402_version",
        "invalid_upto_evm_payload_settlement_exceeds_amount",
        // failure reasons of the on-chain checks (verify/onchain.rs, verify/evm.rs)
        "insufficient_funds",
        "invalid_exact_evm_nonce_already_used",
        "permit2_invalid_nonce",
        "permit2_allowance_required",
        "permit2_proxy_not_deployed",
        "invalid_exact_evm_payload_undeployed_smart_wallet",
        "invalid_exact_evm_transaction_simulation_failed",
        "permit2_simulation_failed",
    ] {
        want.insert(c.to_owned());
    }
    let missing: Vec<_> = want.difference(&seen).collect();
    assert!(missing.is_empty(), "codes without a vector: {missing:?}");
    // and every answer of every on-chain check says what evaluate() says: a failing answer exists
    // for each check
    let v = file("verify.json");
    for (_, t) in common::tests_of(&v) {
        for c in t["expected"]["onChainChecks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let a = c["answers"].as_array().unwrap();
            assert!(a.iter().any(|x| x["passes"] == true), "{}", t["id"]);
            assert!(a.iter().any(|x| x["passes"] == false), "{}", t["id"]);
        }
    }
}
