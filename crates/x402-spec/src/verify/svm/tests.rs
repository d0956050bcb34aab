#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use serde_json::{Value, json};

use super::*;
use crate::assets::solana::USDC_DEVNET;
use crate::facilitator::FacilitatorRequest;
use crate::svm::sign::{PaymentParams, SvmKey, build_message, sign_message};
use crate::verify::{Family, VerifiedPayment, verify_request};

const DEVNET: &str = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";

fn client() -> SvmKey {
    SvmKey::from_secret(&[1; 32])
}
fn fee_payer() -> SvmKey {
    SvmKey::from_secret(&[2; 32])
}
fn pay_to() -> SolanaAddress {
    SvmKey::from_secret(&[3; 32]).address()
}

/// One payment under test: what the client signs and what the server asked.
#[derive(Clone)]
struct Case {
    tx: Transaction,
    requirements: Value,
    accepted: Value,
    v1: bool,
    /// Fee payers the facilitator manages besides `fee_payer()`.
    more_fee_payers: Vec<SolanaAddress>,
}

fn params(version: MessageVersion, program: SolanaAddress) -> PaymentParams {
    let requirements =
        crate::v2::PaymentRequirements::from_json(requirements_json(None).to_string().as_bytes())
            .unwrap();
    let mut p =
        PaymentParams::for_requirements(&requirements, 6, program, [7; 32], [9; 16]).unwrap();
    p.version = version;
    p
}

fn requirements_json(memo: Option<&str>) -> Value {
    let mut extra = json!({"feePayer": fee_payer().address().to_string()});
    if let Some(m) = memo {
        extra["memo"] = json!(m);
    }
    json!({
        "scheme": "exact", "network": DEVNET, "amount": "1000", "asset": USDC_DEVNET,
        "payTo": pay_to().to_string(), "maxTimeoutSeconds": 60, "extra": extra
    })
}

fn valid(version: MessageVersion, program: SolanaAddress) -> Case {
    let tx = sign_message(
        build_message(&params(version, program), client().address()).unwrap(),
        &client(),
    );
    let r = requirements_json(None);
    Case {
        tx,
        accepted: r.clone(),
        requirements: r,
        v1: false,
        more_fee_payers: Vec::new(),
    }
}

fn body(c: &Case) -> Value {
    let tx = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, c.tx.encode());
    if c.v1 {
        let mut req = c.requirements.clone();
        let obj = req.as_object_mut().unwrap();
        let amount = obj.remove("amount").unwrap();
        obj.insert("maxAmountRequired".into(), amount);
        obj.insert("network".into(), json!("solana-devnet"));
        obj.insert("resource".into(), json!("https://example.com/r"));
        obj.insert("description".into(), json!(""));
        obj.insert("mimeType".into(), json!("application/json"));
        return json!({
            "x402Version": 1,
            "paymentPayload": {"x402Version": 1, "scheme": "exact", "network": "solana-devnet",
                               "payload": {"transaction": tx}},
            "paymentRequirements": req
        });
    }
    json!({
        "x402Version": 2,
        "paymentPayload": {"x402Version": 2, "accepted": c.accepted, "payload": {"transaction": tx}},
        "paymentRequirements": c.requirements
    })
}

fn policy() -> Policy {
    Policy::default().with_svm_fee_payers(vec![fee_payer().address()])
}

fn run_with(c: &Case, policy: &Policy) -> Result<VerifiedPayment, Rejection> {
    let request = FacilitatorRequest::from_json(body(c).to_string().as_bytes()).unwrap();
    verify_request(&request, 0, policy)
}

fn run(c: &Case) -> Result<VerifiedPayment, Rejection> {
    let mut all = vec![fee_payer().address()];
    all.extend(c.more_fee_payers.iter().copied());
    run_with(c, &Policy::default().with_svm_fee_payers(all))
}

/// Re-signs a changed message as the client.
fn resign(c: &mut Case, f: impl FnOnce(&mut Message)) {
    let mut m = c.tx.message.clone();
    f(&mut m);
    c.tx = sign_message(m, &client());
}

/// Adds a read-only, unsigned static key at the end and returns its index.
fn add_key(m: &mut Message, key: SolanaAddress) -> u8 {
    m.account_keys.push(key);
    m.header.num_readonly_unsigned += 1;
    u8::try_from(m.account_keys.len() - 1).unwrap()
}

fn memo_ix(m: &mut Message, data: &[u8]) -> CompiledInstruction {
    let p = u8::try_from(
        m.account_keys
            .iter()
            .position(|k| *k == MEMO_PROGRAM_ID)
            .unwrap(),
    )
    .unwrap();
    CompiledInstruction {
        program_id_index: p,
        accounts: Vec::new(),
        data: data.to_vec(),
    }
}

/// Appends instructions so that instruction `at` (3..=6) is a Compute Budget one.
fn foreign_at(at: usize) -> impl FnOnce(&mut Message) {
    move |m| {
        let l = add_key(m, LIGHTHOUSE_PROGRAM_ID);
        while m.instructions.len() < at {
            m.instructions.push(CompiledInstruction {
                program_id_index: l,
                accounts: vec![],
                data: vec![0],
            });
        }
        m.instructions.push(CompiledInstruction {
            program_id_index: 5,
            accounts: vec![],
            data: vec![2, 0, 0, 0, 0],
        });
    }
}

/// The one-defect families: each must fail first with its rule.
fn defects() -> Vec<(&'static str, Case, SvmCheck)> {
    let base = valid(MessageVersion::V0, TOKEN_PROGRAM_ID);
    let mut out = Vec::new();
    let mut add = |name, f: &dyn Fn(&mut Case), rule| {
        let mut c = base.clone();
        f(&mut c);
        out.push((name, c, rule));
    };
    add(
        "scheme",
        &|c| c.accepted["scheme"] = json!("upto"),
        R::Scheme,
    );
    add(
        "network",
        &|c| c.accepted["network"] = json!(crate::primitives::SOLANA_MAINNET_CAIP2),
        R::Network,
    );
    add(
        "cluster",
        &|c| {
            let n = json!("solana:11111111111111111111111111111111");
            c.accepted["network"] = n.clone();
            c.requirements["network"] = n;
        },
        R::Cluster,
    );
    add(
        "fee-payer-missing",
        &|c| {
            c.requirements["extra"] = json!({});
            c.accepted["extra"] = json!({});
        },
        R::FeePayerMissing,
    );
    add(
        "fee-payer-not-managed",
        &|c| {
            let other = SvmKey::from_secret(&[4; 32]).address().to_string();
            c.requirements["extra"]["feePayer"] = json!(other);
            c.accepted["extra"]["feePayer"] = json!(other);
        },
        R::FeePayerNotManaged,
    );
    add(
        "decode",
        &|c| {
            let mut m = c.tx.message.clone();
            // The destination key twice: the runtime refuses duplicate accounts.
            m.account_keys[4] = m.account_keys[3];
            c.tx = Transaction::unsigned(m);
        },
        R::Decode,
    );
    add(
        "fee-payer-slot",
        &|c| {
            resign(c, |m| {
                m.account_keys[0] = SvmKey::from_secret(&[5; 32]).address()
            })
        },
        R::FeePayerSlot,
    );
    add(
        "lookup-table",
        &|c| {
            resign(c, |m| {
                m.address_table_lookups
                    .push(crate::svm::AddressTableLookup {
                        account_key: SolanaAddress::new([8; 32]),
                        writable_indexes: vec![0],
                        readonly_indexes: vec![],
                    });
                let looked_up = u8::try_from(m.account_keys.len()).unwrap();
                m.instructions[2].accounts[2] = looked_up;
            })
        },
        R::LookupTable,
    );
    add(
        "instruction-count",
        &|c| resign(c, |m| m.instructions.truncate(2)),
        R::InstructionCount,
    );
    add(
        "compute-limit",
        &|c| resign(c, |m| m.instructions[0].data[0] = 4),
        R::ComputeLimit,
    );
    add(
        "compute-price",
        &|c| resign(c, |m| m.instructions[1].data.push(0)),
        R::ComputePrice,
    );
    add(
        "compute-price-cap",
        &|c| {
            resign(c, |m| {
                m.instructions[1].data =
                    ix::compute_unit_price_data(MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS + 1);
            })
        },
        R::ComputePriceCap,
    );
    add(
        "transfer",
        &|c| resign(c, |m| m.instructions[2].data[0] = 3),
        R::Transfer,
    );
    add(
        "fee-payer-authority",
        &|c| c.more_fee_payers.push(client().address()),
        R::FeePayerAuthority,
    );
    add(
        "fee-payer-isolation",
        &|c| resign(c, |m| m.instructions[3].accounts.push(0)),
        R::FeePayerIsolation,
    );
    add(
        "signers",
        &|c| resign(c, |m| m.instructions[2].accounts[3] = 2),
        R::Signers,
    );
    add(
        "mint",
        &|c| {
            let mainnet = json!(crate::assets::solana::USDC_MAINNET);
            c.requirements["asset"] = mainnet.clone();
            c.accepted["asset"] = mainnet;
        },
        R::Mint,
    );
    add(
        "destination",
        &|c| {
            let other = json!(SvmKey::from_secret(&[6; 32]).address().to_string());
            c.requirements["payTo"] = other.clone();
            c.accepted["payTo"] = other;
        },
        R::Destination,
    );
    add(
        "amount",
        &|c| {
            c.requirements["amount"] = json!("1001");
            c.accepted["amount"] = json!("1001");
        },
        R::Amount,
    );
    add(
        "decimals",
        &|c| resign(c, |m| m.instructions[2].data[9] = 9),
        R::Decimals,
    );
    add(
        "fourth-instruction",
        &|c| resign(c, |m| m.instructions[3].program_id_index = 5),
        R::FourthInstruction,
    );
    add(
        "fifth-instruction",
        &|c| resign(c, foreign_at(4)),
        R::FifthInstruction,
    );
    add(
        "sixth-instruction",
        &|c| resign(c, foreign_at(5)),
        R::SixthInstruction,
    );
    add(
        "seventh-instruction",
        &|c| resign(c, foreign_at(6)),
        R::SeventhInstruction,
    );
    add(
        "memo-count",
        &|c| {
            resign(c, |m| {
                let d = m.instructions[3].data.clone();
                let again = memo_ix(m, &d);
                m.instructions.push(again);
            });
            let memo = String::from_utf8(c.tx.message.instructions[3].data.clone()).unwrap();
            c.requirements["extra"]["memo"] = json!(memo);
            c.accepted["extra"]["memo"] = json!(memo);
        },
        R::MemoCount,
    );
    add(
        "memo",
        &|c| {
            c.requirements["extra"]["memo"] = json!("order-42");
            c.accepted["extra"]["memo"] = json!("order-42");
        },
        R::Memo,
    );
    add("signature", &|c| c.tx.signatures[1][0] ^= 1, R::Signature);
    add("unsigned", &|c| c.tx.signatures[1] = [0; 64], R::Signature);
    out
}

#[test]
fn valid_payments_are_accepted_in_both_versions_and_token_programs() {
    for version in [MessageVersion::Legacy, MessageVersion::V0] {
        for program in [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID] {
            for v1 in [false, true] {
                let mut c = valid(version, program);
                c.v1 = v1;
                let ok = run(&c).unwrap_or_else(|e| panic!("{version:?} {program} v1={v1}: {e}"));
                assert_eq!(ok.family(), Family::Svm);
                assert_eq!(ok.mechanism(), Mechanism::ExactSvm);
                assert_eq!(ok.payer(), Address::Solana(client().address()));
                let p = ok.as_svm().unwrap();
                assert_eq!(p.token_program, program);
                assert_eq!(p.version, version);
                assert_eq!(
                    Some((p.destination, p.destination_bump)),
                    associated_token_address(&pay_to(), &USDC_DEVNET_ID, &program)
                );
                assert_eq!(p.cluster, SolanaCluster::Devnet);
                let kinds: Vec<_> = p.onchain.iter().map(|o| o.kind).collect();
                assert_eq!(
                    kinds,
                    vec![
                        SvmOnchainCheckKind::Mint,
                        SvmOnchainCheckKind::Source,
                        SvmOnchainCheckKind::Destination,
                        SvmOnchainCheckKind::Blockhash,
                        SvmOnchainCheckKind::Simulation,
                    ]
                );
                assert_eq!(p.max_fee_lamports(), 2 * LAMPORTS_PER_SIGNATURE + 1);
            }
        }
    }
}

#[test]
fn settlement_is_the_fee_payer_signed_transaction() {
    let c = valid(MessageVersion::V0, TOKEN_PROGRAM_ID);
    let ok = run(&c).unwrap();
    let p = ok.as_svm().unwrap();
    let sig = fee_payer().sign(p.transaction.message_bytes());
    let wire = p.settlement_transaction(sig);
    let back = Transaction::decode(&wire).unwrap();
    assert_eq!(back.signatures[0], sig);
    assert!(
        back.signatures
            .iter()
            .zip(&back.message.account_keys)
            .all(|(s, k)| ed25519_ok(k, s, back.message_bytes()))
    );
    assert_eq!(back.id(), Some(crate::primitives::base58::encode(&sig)));
}

#[test]
fn every_defect_fails_first_with_its_rule() {
    let mut seen = std::collections::BTreeSet::new();
    for (name, c, rule) in defects() {
        let no = match run(&c) {
            Ok(_) => panic!("{name}: accepted"),
            Err(no) => no,
        };
        assert_eq!(
            no.first().check,
            Check::Svm(rule),
            "{name}: {}",
            no.first().detail
        );
        assert_eq!(no.reason(), &rule.code(), "{name}");
        seen.insert(rule);
    }
    for rule in SvmCheck::ALL {
        assert!(
            seen.contains(rule),
            "{rule:?} is the first failure of no defect"
        );
    }
}

#[test]
fn fee_payer_as_authority_and_sdk_replay() {
    // A second managed fee payer signs the transfer: the facilitator would pay.
    let mut c = valid(MessageVersion::Legacy, TOKEN_PROGRAM_ID);
    let thief = client().address();
    let no = run_with(
        &c,
        &policy().with_svm_fee_payers(vec![fee_payer().address(), thief]),
    )
    .unwrap_err();
    assert_eq!(no.first().check, Check::Svm(R::FeePayerAuthority));
    // TS checks the signature before the layout; this crate last.
    c.tx.signatures[1][5] ^= 1;
    resign_none(&mut c);
    let no = run_with(&c, &policy()).unwrap_err();
    assert_eq!(
        no.as_sdk(crate::verify::Sdk::Ts),
        Some((
            Check::Svm(R::Signature),
            Some("invalid_exact_svm_payload_signature_invalid")
        ))
    );
}

fn resign_none(_: &mut Case) {}

#[test]
fn lookup_tables_without_used_entries_are_an_obligation() {
    let mut c = valid(MessageVersion::V0, TOKEN_2022_PROGRAM_ID);
    resign(&mut c, |m| {
        m.address_table_lookups
            .push(crate::svm::AddressTableLookup {
                account_key: SolanaAddress::new([8; 32]),
                writable_indexes: vec![],
                readonly_indexes: vec![3],
            });
    });
    let ok = run(&c).unwrap();
    let first = &ok.as_svm().unwrap().onchain[0];
    assert_eq!(first.kind, SvmOnchainCheckKind::LookupTables);
    assert_eq!(
        first.request,
        SvmRpcRequest::GetMultipleAccounts(vec![SolanaAddress::new([8; 32])])
    );
}

#[test]
fn amount_policy_and_empty_fee_payer_set() {
    let mut c = valid(MessageVersion::V0, TOKEN_PROGRAM_ID);
    c.requirements["amount"] = json!("999");
    c.accepted["amount"] = json!("999");
    assert!(run(&c).is_err());
    assert!(run_with(&c, &policy().with_amount_rule(AmountRule::AtLeast)).is_ok());
    let no = run_with(
        &valid(MessageVersion::V0, TOKEN_PROGRAM_ID),
        &Policy::default(),
    )
    .unwrap_err();
    assert_eq!(no.first().check, Check::Svm(R::FeePayerNotManaged));
}

#[test]
fn the_memo_the_server_asks_for_is_accepted() {
    let mut c = valid(MessageVersion::V0, TOKEN_PROGRAM_ID);
    resign(&mut c, |m| m.instructions[3].data = b"order-42".to_vec());
    c.requirements["extra"]["memo"] = json!("order-42");
    c.accepted["extra"]["memo"] = json!("order-42");
    assert!(run(&c).is_ok());
}
