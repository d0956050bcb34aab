#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use alloy_primitives::{B256, U256, address, b256};
use serde_json::{Value, json};

use super::eip712::{self, ClaimEntry, Permit2Deposit, ReceiveAuthorization, type_strings};
use super::verify::{BatchCheck, ChannelReads, PayloadKind};
use super::wire::{BatchPayload, ChannelConfig};
use super::*;
use crate::common::Hex32;
use crate::evm::eip712::TokenDomain;
use crate::primitives::EvmAddress;
use crate::verify::checks::Check;
use crate::verify::{Policy, Rejection, Sdk, VerifiedPayment, verify_v2};
use crate::wire::JsonObject;

const CHAIN: u64 = 84_532;
const NETWORK: &str = "eip155:84532";
const USDC: &str = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const PAY_TO: &str = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const AUTHORIZER: &str = "0x1111111111111111111111111111111111111111";
const NOW: u64 = 1_760_000_000;

fn config() -> ChannelConfig {
    let payer = EvmAddress::new(address!("0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"));
    ChannelConfig {
        payer,
        payer_authorizer: payer,
        receiver: EvmAddress::parse(PAY_TO).unwrap(),
        receiver_authorizer: EvmAddress::parse(AUTHORIZER).unwrap(),
        token: EvmAddress::parse(USDC).unwrap(),
        withdraw_delay: 900,
        salt: Hex32(b256!(
            "0x0000000000000000000000000000000000000000000000000000000000000001"
        )),
        unknown: JsonObject::new(),
    }
}

/// Values computed by viem 2.58.8 (the dependency of @x402/evm 2.27.0) with `hashTypedData`
/// and `keccak256(encodeAbiParameters(..))` over the same inputs, by a throwaway script run on
/// 2026-12-07; the vectors' oracle lane recomputes them on every CI run.
mod viem {
    use alloy_primitives::{B256, b256};
    pub(super) const CHANNEL_ID: B256 =
        b256!("0xd410cb08ff00c276fbcc638898a47fd7831a5eb14da7fcc9f52628eb67a068c7");
    pub(super) const VOUCHER_1000: B256 =
        b256!("0x7b4090e2a0bea7d7c3bae028332c424140eb7fcb949c3cd1f56abaddc3d56044");
    pub(super) const REFUND_2_1500: B256 =
        b256!("0x1e0831e9db891a9a21370f8ee56fc7d9a854848926c6009dfb8cc2891a30fb71");
    pub(super) const CLAIM_BATCH: B256 =
        b256!("0xaa5c08b2f7bd68dbaf37b286d5ac70d9350a5089703597fb2c271478560d2772");
    pub(super) const DEPOSIT_NONCE: B256 =
        b256!("0x121d374bfec5b7af61ffb909734a9e3a0cf4ea396ec913151f160d8f99954404");
    pub(super) const RECEIVE: B256 =
        b256!("0x10014f182cd801f4d5c8b49a2710860cc2a0b7cdd5669358a4a908ae045213e9");
    pub(super) const PERMIT2: B256 =
        b256!("0x57f89e5e070648ecd4096eaf0e5134745ae53f4436018dca76659d7ccef362ea");
}

#[test]
fn type_strings_are_the_sdks() {
    let derived = eip712::derived_type_strings();
    assert_eq!(derived[0], type_strings::CHANNEL_CONFIG);
    assert_eq!(derived[1], type_strings::VOUCHER);
    assert_eq!(derived[2], type_strings::REFUND);
    assert_eq!(derived[3], type_strings::CLAIM_BATCH);
    assert_eq!(derived[4], type_strings::PERMIT2_DEPOSIT);
    assert_eq!(derived[5], type_strings::RECEIVE_WITH_AUTHORIZATION);
}

#[test]
fn hashes_match_viem() {
    let id = channel_id(&config(), CHAIN).unwrap();
    assert_eq!(id, viem::CHANNEL_ID);
    assert_eq!(voucher_hashes(id, 1000, CHAIN).digest, viem::VOUCHER_1000);
    assert_eq!(
        refund_hashes(id, U256::from(2), 1500, CHAIN).digest,
        viem::REFUND_2_1500
    );
    let entries = [
        ClaimEntry {
            channel_id: id,
            max_claimable_amount: 5000,
            total_claimed: 5000,
        },
        ClaimEntry {
            channel_id: B256::repeat_byte(0xab),
            max_claimable_amount: 7,
            total_claimed: 3,
        },
    ];
    assert_eq!(
        claim_batch_hashes(&entries, CHAIN).digest,
        viem::CLAIM_BATCH
    );
    let nonce = deposit_nonce(id, B256::repeat_byte(0x22));
    assert_eq!(nonce, viem::DEPOSIT_NONCE);
    let auth = ReceiveAuthorization {
        from: config().payer.get(),
        to: ERC3009_DEPOSIT_COLLECTOR_ADDRESS,
        value: U256::from(100_000),
        valid_after: U256::ZERO,
        valid_before: U256::from(1_770_000_000u64),
        nonce,
    };
    let domain = TokenDomain::new("USDC", "2", CHAIN, config().token.get());
    assert_eq!(
        receive_authorization_hashes(&auth, &domain).digest,
        viem::RECEIVE
    );
    let p = Permit2Deposit {
        token: config().token.get(),
        amount: U256::from(100_000),
        spender: PERMIT2_DEPOSIT_COLLECTOR_ADDRESS,
        nonce: U256::from(42),
        deadline: U256::from(1_770_000_000u64),
        channel_id: id,
    };
    assert_eq!(permit2_deposit_hashes(&p, CHAIN).digest, viem::PERMIT2);
}

#[test]
fn channel_id_changes_with_chain_and_is_none_beyond_uint40() {
    let a = channel_id(&config(), CHAIN).unwrap();
    assert_ne!(a, channel_id(&config(), 8453).unwrap());
    let mut c = config();
    c.withdraw_delay = 1 << 40;
    assert_eq!(channel_id(&c, CHAIN), None);
    assert!(calls::deposit(&c, 1, ERC3009_DEPOSIT_COLLECTOR_ADDRESS, Default::default()).is_none());
}

#[test]
fn reads_decode_and_reject_garbage() {
    let word = |v: u64| U256::from(v).to_be_bytes::<32>().to_vec();
    let two = [word(100), word(30)].concat();
    let reads =
        ChannelReads::decode(&two, &[word(0), word(7)].concat(), &word(3), Some(&word(9))).unwrap();
    assert_eq!(
        reads,
        ChannelReads::new(100, 30, 7, U256::from(3), Some(U256::from(9)))
    );
    assert!(ChannelReads::decode(&[1, 2], &two, &word(3), None).is_err());
    // A uint128 slot holding more than 128 bits is not a valid answer.
    let wide = [U256::MAX.to_be_bytes::<32>().to_vec(), word(0)].concat();
    assert!(ChannelReads::decode(&wide, &two, &word(3), None).is_err());
}

#[test]
fn payloads_round_trip_byte_for_byte_with_unknown_fields() {
    let p = json!({
        "type": "refund",
        "channelConfig": {"payer": PAY_TO, "payerAuthorizer": PAY_TO, "receiver": PAY_TO,
            "receiverAuthorizer": AUTHORIZER, "token": USDC, "withdrawDelay": 900,
            "salt": format!("0x{}", "00".repeat(32)), "future": [1]},
        "voucher": {"channelId": format!("0x{}", "ab".repeat(32)), "maxClaimableAmount": "3200", "signature": "0x01"},
        "amount": "1500",
        "refundNonce": "1",
        "claims": [{"voucher": {"channel": {"payer": PAY_TO, "payerAuthorizer": PAY_TO, "receiver": PAY_TO,
            "receiverAuthorizer": AUTHORIZER, "token": USDC, "withdrawDelay": 900,
            "salt": format!("0x{}", "00".repeat(32))}, "maxClaimableAmount": "3200"},
            "signature": "0x02", "totalClaimed": "3200"}],
        "x": {"y": null}
    });
    let obj = p.as_object().unwrap();
    let decoded = BatchPayload::from_payload(obj).unwrap();
    assert_eq!(decoded.kind(), "refund");
    assert_eq!(
        serde_json::to_value(match &decoded {
            BatchPayload::Refund(r) => r,
            _ => panic!(),
        })
        .unwrap(),
        p
    );
    let mut bad = obj.clone();
    bad.insert("type".into(), json!("withdraw"));
    assert!(matches!(
        BatchPayload::from_payload(&bad),
        Err(wire::BatchPayloadError::UnknownType(Some(_)))
    ));
    bad.insert("type".into(), json!("voucher"));
    bad.remove("voucher");
    let e = BatchPayload::from_payload(&bad).unwrap_err().to_string();
    assert!(e.contains("voucher"), "{e}");
}

#[cfg(feature = "signer")]
mod signed {
    use super::*;
    use crate::evm::sign::LocalSigner;
    use crate::v2;

    fn payer_key() -> LocalSigner {
        LocalSigner::from_bytes(&[0x11; 32]).unwrap()
    }

    fn offer(method: Option<&str>) -> Value {
        let mut extra = json!({
            "receiverAuthorizer": AUTHORIZER, "withdrawDelay": 900, "name": "USDC", "version": "2"
        });
        if let Some(m) = method {
            extra["assetTransferMethod"] = json!(m);
        }
        json!({"scheme": "batch-settlement", "network": NETWORK, "amount": "1000", "asset": USDC,
            "payTo": PAY_TO, "maxTimeoutSeconds": 3600, "extra": extra})
    }

    fn req(v: &Value) -> v2::PaymentRequirements {
        serde_json::from_value(v.clone()).unwrap()
    }

    fn payment(offer: &Value, payload: Value) -> v2::PaymentPayload {
        serde_json::from_value(json!({"x402Version": 2, "accepted": offer, "payload": payload}))
            .unwrap()
    }

    fn channel(offer: &Value) -> ChannelConfig {
        let key = payer_key();
        let payer = EvmAddress::new(key.address());
        sign::channel_config(&req(offer), payer, payer, config().salt.0).unwrap()
    }

    fn voucher_payload(max: u64) -> Value {
        let o = offer(None);
        let p =
            sign::voucher_payload(&payer_key(), &req(&o), &channel(&o), U256::from(max)).unwrap();
        serde_json::to_value(p).unwrap()
    }

    fn deposit_payload(deposit: u64, max: u64) -> Value {
        let o = offer(None);
        let p = sign::erc3009_deposit_payload(
            &payer_key(),
            &payer_key(),
            &req(&o),
            &channel(&o),
            U256::from(deposit),
            U256::from(max),
            NOW + 3600,
            B256::repeat_byte(0x22),
        )
        .unwrap();
        serde_json::to_value(p).unwrap()
    }

    fn run(offer_v: &Value, payload: Value) -> Result<VerifiedPayment, Rejection> {
        verify_v2(
            &payment(offer_v, payload),
            &req(offer_v),
            NOW,
            &Policy::default(),
        )
    }

    fn rejected(offer_v: &Value, payload: Value) -> Rejection {
        run(offer_v, payload).expect_err("must be rejected")
    }

    fn first(r: &Rejection) -> Check {
        r.first().check
    }

    #[test]
    fn the_client_config_is_the_viem_channel() {
        // The payer key 0x11…11 is the address the viem golden values used.
        assert_eq!(channel(&offer(None)), config());
    }

    #[test]
    fn a_valid_voucher_is_accepted_and_judged() {
        let ok = run(&offer(None), voucher_payload(3000)).unwrap();
        let b = ok.as_batch().unwrap();
        assert_eq!(b.kind, PayloadKind::Voucher);
        assert_eq!(b.channel_id, viem::CHANNEL_ID);
        assert!(
            b.onchain.is_empty(),
            "an EOA voucher owes the chain nothing"
        );
        assert_eq!(b.reads().len(), 3);
        // balance 10 000, claimed 2 000, price 1 000: 3 000 is exactly the floor.
        let snap = b
            .judge(&ChannelReads::new(10_000, 2_000, 0, U256::from(1), None))
            .unwrap();
        let extra = b.verify_response(&snap).extra.unwrap();
        assert_eq!(
            Value::Object(extra),
            json!({"channelId": format!("{}", Hex32(viem::CHANNEL_ID)), "balance": "10000",
                "totalClaimed": "2000", "withdrawRequestedAt": 0, "refundNonce": "1"})
        );
    }

    #[test]
    fn state_rules_each_fail_with_their_code() {
        let b = run(&offer(None), voucher_payload(3000)).unwrap();
        let b = b.as_batch().unwrap();
        let judge = |bal, claimed| {
            b.judge(&ChannelReads::new(bal, claimed, 0, U256::ZERO, None))
                .map(|_| ())
                .map_err(|r| (first(&r), r.reason().clone()))
        };
        assert_eq!(
            judge(0, 0).unwrap_err().0,
            Check::Batch(BatchCheck::ChannelExists)
        );
        assert_eq!(
            judge(2_999, 0).unwrap_err().0,
            Check::Batch(BatchCheck::ExceedsBalance)
        );
        // The scheme text's floor (claimed + price = 3 001) fails; the SDKs' (> 2 001) would pass.
        let (c, code) = judge(10_000, 2_001).unwrap_err();
        assert_eq!(c, Check::Batch(BatchCheck::BelowClaimed));
        assert_eq!(
            code.as_str(),
            "invalid_batch_settlement_evm_cumulative_below_claimed"
        );
        assert!(judge(10_000, 2_000).is_ok());
    }

    #[test]
    fn go_reports_below_claimed_before_exceeds_balance() {
        let b = run(&offer(None), voucher_payload(3000)).unwrap();
        let r = b
            .as_batch()
            .unwrap()
            .judge(&ChannelReads::new(2_000, 2_500, 0, U256::ZERO, None))
            .unwrap_err();
        assert_eq!(first(&r), Check::Batch(BatchCheck::ExceedsBalance));
        assert_eq!(
            r.as_sdk(Sdk::Ts).unwrap().0,
            Check::Batch(BatchCheck::ExceedsBalance)
        );
        assert_eq!(
            r.as_sdk(Sdk::Go).unwrap().0,
            Check::Batch(BatchCheck::BelowClaimed)
        );
    }

    #[test]
    fn a_refund_may_equal_the_claimed_total() {
        let o = offer(None);
        let p = sign::refund_payload(&payer_key(), &req(&o), &channel(&o), U256::from(2000), None)
            .unwrap();
        let ok = run(&o, serde_json::to_value(p).unwrap()).unwrap();
        let b = ok.as_batch().unwrap();
        assert_eq!(b.kind, PayloadKind::Refund);
        assert!(
            b.judge(&ChannelReads::new(5_000, 2_000, 0, U256::ZERO, None))
                .is_ok()
        );
        assert!(
            b.judge(&ChannelReads::new(5_000, 2_001, 0, U256::ZERO, None))
                .is_err()
        );
    }

    #[test]
    fn a_valid_erc3009_deposit_is_accepted() {
        let ok = run(&offer(None), deposit_payload(100_000, 1000)).unwrap();
        let b = ok.as_batch().unwrap();
        let d = b.deposit.as_ref().unwrap();
        assert_eq!(d.amount, 100_000);
        assert_eq!(d.settlement.to, BATCH_SETTLEMENT_ADDRESS);
        assert_eq!(
            b.reads().len(),
            4,
            "a deposit also reads the payer's balance"
        );
        assert_eq!(b.onchain.len(), 1, "the deposit simulation");
        // A fresh channel: balance 0, the deposit funds the voucher.
        let reads = ChannelReads::new(0, 0, 0, U256::ZERO, Some(U256::from(100_000)));
        assert!(b.judge(&reads).is_ok());
        let poor = ChannelReads::new(0, 0, 0, U256::ZERO, Some(U256::from(99_999)));
        assert_eq!(
            first(&b.judge(&poor).unwrap_err()),
            Check::Batch(BatchCheck::PayerBalance)
        );
        let unread = ChannelReads::new(0, 0, 0, U256::ZERO, None);
        assert_eq!(
            first(&b.judge(&unread).unwrap_err()),
            Check::Batch(BatchCheck::Reads)
        );
    }

    /// One defect per family, each refused with its own rule (offline step).
    #[test]
    fn one_defect_families() {
        let o = offer(None);
        let v = voucher_payload(3000);
        let d = deposit_payload(100_000, 1000);
        let cases: Vec<(&str, Value, Value, BatchCheck)> = vec![
            (
                "payload type",
                o.clone(),
                {
                    let mut x = v.clone();
                    x["type"] = json!("claim");
                    x
                },
                BatchCheck::PayloadType,
            ),
            (
                "format",
                o.clone(),
                {
                    let mut x = v.clone();
                    x["voucher"]["maxClaimableAmount"] = json!(3000);
                    x
                },
                BatchCheck::Format,
            ),
            (
                "channel id",
                o.clone(),
                {
                    let mut x = v.clone();
                    x["voucher"]["channelId"] = json!(format!("0x{}", "00".repeat(32)));
                    x
                },
                BatchCheck::ChannelId,
            ),
            (
                "receiver",
                {
                    let mut x = o.clone();
                    x["payTo"] = json!(AUTHORIZER);
                    x
                },
                v.clone(),
                BatchCheck::Receiver,
            ),
            (
                "receiver authorizer",
                {
                    let mut x = o.clone();
                    x["extra"]["receiverAuthorizer"] = json!(PAY_TO);
                    x
                },
                v.clone(),
                BatchCheck::ReceiverAuthorizer,
            ),
            (
                "zero receiver authorizer",
                {
                    let mut x = o.clone();
                    x["extra"]["receiverAuthorizer"] =
                        json!("0x0000000000000000000000000000000000000000");
                    x
                },
                v.clone(),
                BatchCheck::ReceiverAuthorizer,
            ),
            (
                "token",
                {
                    let mut x = o.clone();
                    x["asset"] = json!(AUTHORIZER);
                    x
                },
                v.clone(),
                BatchCheck::Token,
            ),
            (
                "withdraw delay",
                {
                    let mut x = o.clone();
                    x["extra"]["withdrawDelay"] = json!(901);
                    x
                },
                v.clone(),
                BatchCheck::WithdrawDelay,
            ),
            (
                "voucher signature",
                o.clone(),
                {
                    let mut x = v.clone();
                    x["voucher"]["maxClaimableAmount"] = json!("3001");
                    x
                },
                BatchCheck::VoucherSignature,
            ),
            (
                "erc3009 missing",
                o.clone(),
                {
                    let mut x = d.clone();
                    x["deposit"]["authorization"] = json!({});
                    x
                },
                BatchCheck::Erc3009Required,
            ),
            (
                "permit2 missing",
                offer(Some("permit2")),
                d.clone(),
                BatchCheck::Permit2Required,
            ),
            (
                "domain",
                {
                    let mut x = o.clone();
                    x["extra"].as_object_mut().unwrap().remove("name");
                    x
                },
                d.clone(),
                BatchCheck::Eip712Domain,
            ),
            (
                "valid before",
                o.clone(),
                {
                    let mut x = d.clone();
                    x["deposit"]["authorization"]["erc3009Authorization"]["validBefore"] =
                        json!(NOW.to_string());
                    x
                },
                BatchCheck::ValidBefore,
            ),
            (
                "valid after",
                o.clone(),
                {
                    let mut x = d.clone();
                    x["deposit"]["authorization"]["erc3009Authorization"]["validAfter"] =
                        json!((NOW + 60).to_string());
                    x
                },
                BatchCheck::ValidAfter,
            ),
            (
                "deposit amount",
                o.clone(),
                {
                    let mut x = d.clone();
                    x["deposit"]["amount"] = json!("100001");
                    x
                },
                BatchCheck::ReceiveSignature,
            ),
            (
                "refund amount zero",
                o.clone(),
                {
                    let mut x = v.clone();
                    x["type"] = json!("refund");
                    x["amount"] = json!("0");
                    x
                },
                BatchCheck::RefundAmount,
            ),
        ];
        for (name, offer_v, payload, want) in cases {
            let r = rejected(&offer_v, payload);
            assert_eq!(first(&r), Check::Batch(want), "{name}: {r}");
            assert!(
                r.reason()
                    .as_str()
                    .starts_with("invalid_batch_settlement_evm_"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_scheme_rule_reads_both_sides() {
        let o = offer(None);
        let mut accepted = o.clone();
        accepted["scheme"] = json!("exact");
        let r = verify::verify(
            &payment(&accepted, voucher_payload(3000)),
            &req(&o),
            NOW,
            &Policy::default(),
        )
        .unwrap_err();
        assert_eq!(first(&r), Check::Batch(BatchCheck::Scheme));
        assert_eq!(r.reason().as_str(), "invalid_batch_settlement_evm_scheme");
    }

    #[test]
    fn a_foreign_voucher_signer_is_refused_but_a_contract_payer_is_left_to_the_chain() {
        let o = offer(None);
        let other = LocalSigner::from_bytes(&[0x33; 32]).unwrap();
        let mut cfg = channel(&o);
        let p = sign::voucher_payload(&other, &req(&o), &cfg, U256::from(3000)).unwrap();
        let r = rejected(&o, serde_json::to_value(p).unwrap());
        assert_eq!(first(&r), Check::Batch(BatchCheck::VoucherSignature));
        // payerAuthorizer zero: the payer may be a wallet that accepts its owner's signature.
        cfg.payer_authorizer = EvmAddress::new(alloy_primitives::Address::ZERO);
        let p = sign::voucher_payload(&other, &req(&o), &cfg, U256::from(3000)).unwrap();
        let ok = run(&o, serde_json::to_value(p).unwrap()).unwrap();
        let kinds: Vec<_> = ok
            .as_batch()
            .unwrap()
            .onchain
            .iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(
            kinds,
            [crate::verify::evm::OnchainCheckKind::Erc1271Signature]
        );
    }

    #[test]
    fn every_failure_is_listed_not_only_the_first() {
        let mut o = offer(None);
        o["payTo"] = json!(AUTHORIZER);
        o["asset"] = json!(PAY_TO);
        let r = rejected(&o, voucher_payload(3000));
        let ids: Vec<_> = r.failures().iter().map(|f| f.check.id()).collect();
        assert!(
            ids.contains(&"batch/receiver") && ids.contains(&"batch/token"),
            "{ids:?}"
        );
        // Go checks the receiver first too, then the token; TS the same.
        assert_eq!(
            r.as_sdk(Sdk::Go).unwrap().0,
            Check::Batch(BatchCheck::Receiver)
        );
    }
}
