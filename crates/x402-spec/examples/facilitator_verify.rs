//! A minimal facilitator `/verify` loop: read request bodies, verify each with x402-spec, print
//! the `/verify` answer each would get.
//!
//! Input is a stream of JSON documents on standard input (one per line or pretty-printed, one
//! after the other), each a `/verify` request body of protocol v1 or v2. For each one it prints
//! one line of JSON: the `VerifyResponse` body. `--now SECS` fixes the clock (default: the system
//! clock), so that a recorded request can be replayed at the time it was made:
//!
//! ```sh
//! # EIP-3009 golden vectors made at one clock, as /verify bodies, replayed at that clock
//! jq -c '.testGroups[0].tests[] | select(.now == 1740672100)
//!        | {x402Version: 2, paymentPayload, paymentRequirements}' vectors/verify.json |
//!   cargo run -p x402-spec --example facilitator_verify -- --now 1740672100
//! ```
//!
//! What a real facilitator adds around this loop: HTTP, the on-chain checks each verified
//! payment still owes (`onchain` of an EVM payment: balance, nonce state, allowance, ERC-1271
//! code), and settlement. x402-spec does no IO; it says which questions to ask the chain.

use std::error::Error;
use std::io::{BufReader, Write as _};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::value::RawValue;
use x402_spec::facilitator::{FacilitatorRequest, VerifyResponse};
use x402_spec::verify::{Policy, VerifiedPayment, verify_request};

fn main() -> Result<(), Box<dyn Error>> {
    let now = match std::env::args().skip_while(|a| a != "--now").nth(1) {
        Some(secs) => secs.parse::<u64>()?,
        None => SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs(),
    };
    // The strict profile: exact amounts, `accepted` must match the requirements, 6 s buffer.
    let policy = Policy::default();

    let stdin = BufReader::new(std::io::stdin().lock());
    let mut stdout = std::io::stdout().lock();
    for document in serde_json::Deserializer::from_reader(stdin).into_iter::<Box<RawValue>>() {
        let body = document?;
        let answer = match FacilitatorRequest::from_json(body.get().as_bytes()) {
            // A body that is not a request: the spec's "invalid request" answer (HTTP 400 in a
            // server), with the wire code and the JSON Pointer of the offending field.
            Err(e) => VerifyResponse::invalid(
                e.code(),
                Some(format!("{} at {}", e.message(), e.pointer())),
                None,
            ),
            Ok(request) => match verify_request(&request, now, &policy) {
                Ok(payment) => {
                    if let VerifiedPayment::Evm(evm) = &payment {
                        eprintln!(
                            "valid off chain; {} on-chain check(s) still owed before answering",
                            evm.onchain.len()
                        );
                    }
                    VerifyResponse::valid(payment.payer())
                }
                Err(rejection) => {
                    eprintln!("invalid: {rejection}");
                    rejection.to_verify_response()
                }
            },
        };
        writeln!(stdout, "{}", serde_json::to_string(&answer)?)?;
    }
    Ok(())
}
