//! The `batch-settlement` decoders and verifier on arbitrary bytes: a JSON object as
//! `PaymentPayload.payload`, decoded by `BatchPayload::from_payload` and verified against a fixed
//! offer; when it passes the offline step, judged against channel reads taken from the input.
//!
//! Invariants: nothing panics; a decoded payload re-serializes to a value that decodes to the
//! same payload (unknown members included); an accepted payment names the channel its config
//! hashes to, and `judge` accepts only a ceiling within the balance (plus deposit) and at or above
//! the claimed floor (docs/protocol/batch-settlement.md §2).
#![no_main]

use alloy_primitives::U256;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use x402_spec::evm::batch_settlement::{BatchPayload, ChannelReads, channel_id};
use x402_spec::v2;
use x402_spec::verify::Policy;

const OFFER: &str = r#"{"scheme":"batch-settlement","network":"eip155:84532","amount":"1000",
 "asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
 "maxTimeoutSeconds":3600,"extra":{"receiverAuthorizer":"0x1111111111111111111111111111111111111111",
 "withdrawDelay":900,"name":"USDC","version":"2"}}"#;

fuzz_target!(|data: &[u8]| {
    let (state, json_bytes) = data.split_at(data.len().min(24));
    let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(json_bytes) else {
        return;
    };
    if let Ok(p) = BatchPayload::from_payload(&obj) {
        let again = match &p {
            BatchPayload::Deposit(d) => serde_json::to_value(d),
            BatchPayload::Voucher(v) => serde_json::to_value(v),
            BatchPayload::Refund(r) => serde_json::to_value(r),
            BatchPayload::Claim(c) => serde_json::to_value(c),
            BatchPayload::Settle(s) => serde_json::to_value(s),
            _ => return,
        }
        .expect("a decoded payload serializes");
        let Value::Object(again) = again else {
            panic!("a payload serializes to an object")
        };
        assert_eq!(BatchPayload::from_payload(&again).ok(), Some(p), "round trip");
    }
    let offer: v2::PaymentRequirements = serde_json::from_str(OFFER).expect("offer");
    let Ok(payment) = serde_json::from_value::<v2::PaymentPayload>(
        json!({"x402Version": 2, "accepted": serde_json::from_str::<Value>(OFFER).expect("offer"), "payload": obj}),
    ) else {
        return;
    };
    let Ok(ok) = x402_spec::evm::batch_settlement::verify::verify(
        &payment,
        &offer,
        1_760_000_000,
        &Policy::default(),
    ) else {
        return;
    };
    assert_eq!(channel_id(&ok.config, 84_532), Some(ok.channel_id));
    let word = |i: usize| u128::from(state.get(i).copied().unwrap_or(0)) * 1000;
    let reads = ChannelReads::new(word(0), word(1), 0, U256::ZERO, Some(U256::from(word(2))));
    if ok.judge(&reads).is_ok() {
        let deposit = ok.deposit.as_ref().map_or(0, |d| d.amount);
        assert!(U256::from(ok.max_claimable_amount) <= U256::from(reads.balance) + U256::from(deposit));
        assert!(U256::from(ok.max_claimable_amount) >= U256::from(reads.total_claimed));
    }
});
