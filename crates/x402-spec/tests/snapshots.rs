//! Wire forms pinned with insta: what this crate emits, byte for byte. A change here is a wire
//! change and must be deliberate (`cargo insta review`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use x402_spec::codes::ErrorCode;
use x402_spec::common::{AnyNetwork, Scheme, TimeoutSeconds};
use x402_spec::facilitator::{SettleResponse, SupportedResponse, VerifyResponse};
use x402_spec::header;
use x402_spec::primitives::{Address, Amount, Network};
use x402_spec::v2::{NonEmpty, PaymentRequired, PaymentRequirements, ResourceInfo};
use x402_spec::wire::Echoed;

fn requirements() -> PaymentRequirements {
    let mut r = PaymentRequirements::new(
        Scheme::EXACT,
        Network::parse("eip155:84532").unwrap(),
        Amount::parse("10000").unwrap(),
        Address::parse("0x036cbd53842c5426634e7929541ec2318f3dcf7e").unwrap(),
        Address::parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C").unwrap(),
        TimeoutSeconds::new(60).unwrap(),
    );
    r.extra = Some(serde_json::from_str(r#"{"name":"USDC","version":"2"}"#).unwrap());
    r
}

#[test]
fn payment_required_v2() {
    let mut res = ResourceInfo::new("https://api.example.com/premium-data").unwrap();
    res.description = Some("Access to premium market data".into());
    let pr = PaymentRequired::new(
        res,
        NonEmpty::new(vec![Echoed::new(requirements()).unwrap()]).unwrap(),
    );
    let json = serde_json::to_string(&pr).unwrap();
    insta::assert_snapshot!("payment_required_v2_json", json);
    insta::assert_snapshot!("payment_required_v2_header", header::encode(&pr).unwrap());
}

#[test]
fn responses() {
    let payer = Address::parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").unwrap();
    let net = AnyNetwork::Caip2(Network::parse("eip155:84532").unwrap());
    insta::assert_snapshot!(
        "verify_valid",
        serde_json::to_string(&VerifyResponse::valid(payer.clone())).unwrap()
    );
    insta::assert_snapshot!(
        "verify_invalid",
        serde_json::to_string(&VerifyResponse::invalid(
            &ErrorCode::ExactEvmValueMismatch,
            Some("value 9999 but the requirement is 10000".into()),
            Some(payer.clone())
        ))
        .unwrap()
    );
    let tx = format!("0x{}", "ab".repeat(32));
    let mut ok = SettleResponse::success(tx, net.clone(), Some(payer.clone()));
    ok.amount = Some(Amount::parse("10000").unwrap());
    insta::assert_snapshot!("settle_success", serde_json::to_string(&ok).unwrap());
    insta::assert_snapshot!(
        "settle_failure",
        serde_json::to_string(&SettleResponse::failure(
            &ErrorCode::InsufficientFunds,
            net,
            Some(payer)
        ))
        .unwrap()
    );
}

#[test]
fn supported_v1_form_round_trips_without_inventing_fields() {
    let doc = br#"{"kinds":[{"x402Version":1,"scheme":"exact","network":"base-sepolia"}]}"#;
    let s = SupportedResponse::from_json(doc).unwrap();
    insta::assert_snapshot!("supported_v1", serde_json::to_string(&s).unwrap());
}

#[test]
fn schema_of_requirements_is_pinned() {
    let f = x402_spec::schema::generate()
        .into_iter()
        .find(|f| f.path == "v2/PaymentRequirements.json")
        .unwrap();
    insta::assert_json_snapshot!("schema_v2_requirements", f.schema);
}
