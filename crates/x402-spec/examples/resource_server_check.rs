//! A minimal resource-server check: is the `PAYMENT-SIGNATURE` header a client sent a payment
//! for one of the requirements this server offered, and what is the `/verify` body to forward to
//! the facilitator?
//!
//! ```sh
//! # the server's 402 offer (a PaymentRequired JSON file) and the client's header value
//! cargo run -p x402-spec --example resource_server_check -- offer.json "$PAYMENT_SIGNATURE"
//! # without arguments: the upstream specification's example offer and payment
//! cargo run -p x402-spec --example resource_server_check
//! ```
//!
//! It exits 0 and prints the `/verify` request body when the payment matches an offered
//! requirement, and exits 1 with the reason (what the server answers with a new 402) otherwise.

use std::error::Error;
use std::process::ExitCode;

use x402_spec::facilitator::RequestV2;
use x402_spec::header::{self, DecodeOptions};
use x402_spec::verify::matching::{MatchMode, find_match};
use x402_spec::{PaymentPayload, PaymentRequired};

/// The upstream specification's example offer and payment, as extracted into the spec fixtures.
const EXAMPLE_OFFER: &str =
    include_str!("../tests/fixtures/spec/x402-specification-v2__payment-required.json");
const EXAMPLE_PAYMENT: &str =
    include_str!("../tests/fixtures/spec/transports-v2-http__payment-signature-decoded.json");

fn main() -> Result<ExitCode, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (offer_json, signature) = match args.as_slice() {
        [offer, signature] => (std::fs::read_to_string(offer)?, signature.clone()),
        [] => (
            EXAMPLE_OFFER.to_owned(),
            header::encode_bytes(EXAMPLE_PAYMENT.as_bytes()),
        ),
        _ => return Err("usage: resource_server_check [OFFER.json PAYMENT-SIGNATURE]".into()),
    };

    let PaymentRequired::V2(offer) = PaymentRequired::from_json(offer_json.as_bytes())? else {
        return Err("this example handles v2 offers (PAYMENT-REQUIRED) only".into());
    };

    // Strict base64 and strict JSON: a malformed header is refused with its field and code.
    let payment = match header::decode_payment_payload(&signature, DecodeOptions::strict()) {
        Ok(PaymentPayload::V2(p)) => p,
        Ok(_) => return refuse("a v1 payment (X-PAYMENT) for a v2 offer"),
        Err(e) => return refuse(&format!("{}: {} at {}", e.code(), e.message(), e.pointer())),
    };

    // Which offered requirement does `accepted` echo? Deep equality is what the strictest
    // reference server (TypeScript) does (docs/protocol/transport.md §2.4).
    let Some(index) = find_match(offer.accepts.as_slice(), &payment, MatchMode::DeepEqual) else {
        return refuse("`accepted` matches none of the offered requirements");
    };
    let Some(requirement) = offer.accepts.get(index) else {
        return refuse("matched requirement disappeared");
    };

    // The body to POST to the facilitator's /verify (and later /settle).
    let body = RequestV2::new(payment, requirement.value().clone());
    // Through a `Value`, so that the echoed `accepted` (kept as the client's exact JSON) is
    // re-indented with the rest.
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::to_value(&body)?)?
    );
    Ok(ExitCode::SUCCESS)
}

fn refuse(reason: &str) -> Result<ExitCode, Box<dyn Error>> {
    println!("402 Payment Required: {reason}");
    Ok(ExitCode::from(1))
}
