//! Resource-server cases (`x402-conformance server --url URL`): the 402 answer and its
//! `PAYMENT-REQUIRED` document, the status of malformed, undecodable, wrong-version and
//! mismatched `PAYMENT-SIGNATURE` headers, a valid payment settled through whatever facilitator
//! the server uses, a replay, and informational CORS / `Settlement-Overrides` checks.
//!
//! The target is one protected URL (`--url` plus `--path`). Behavioural reference:
//! transports-v2/http.md (status table: 402 payment required or failed, 400 invalid payment);
//! docs/protocol/transport.md §2.1–§2.7 (what the TS, Go and Python servers do, and where they differ).
//!
//! # Levels
//!
//! - The 402 and a document that parses and makes sense are MUST (a client cannot pay otherwise).
//! - For every malformed header: `…/refused` (MUST) — no 2xx and no 5xx (a 5xx only where the
//!   profile's SDK answers one); `…/status` (SHOULD) — exactly the status of the profile (strict:
//!   400 for a header that is not a v2 payment, 402 with `PAYMENT-REQUIRED` for one that does not
//!   match or does not verify; TS and Python: 402 throughout; Go: 400; docs/protocol/transport.md §2.5, docs/protocol/disagreements.md #10).
//! - A valid payment answered 200 with a valid `PAYMENT-RESPONSE`, and the refusal of its
//!   replay, are MUST; addresses in EIP-55 are SHOULD; CORS exposure and the
//!   `Settlement-Overrides` leak are INFO (the spec says nothing; docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33, #34).
//!
//! Payments for the malformed cases are signed with an unfunded throwaway key (and the invalid
//! one has a corrupted signature), so a server that wrongly accepts one cannot move funds. The
//! paid cases sign with the payer key and need `--allow-settlement` and `--max-spend`.

use alloy_primitives::U256;
use bytes::Bytes;
use serde_json::{Value, json};
use x402_spec::client::{ClientPolicy, pay_v1, pay_v2, select_v1, select_v2};
use x402_spec::common::HexBytes;
use x402_spec::evm::LocalSigner;
use x402_spec::facilitator::SettleResponse;
use x402_spec::header::{
    self, DecodeOptions, PAYMENT_REQUIRED, PAYMENT_RESPONSE, PAYMENT_SIGNATURE, X_PAYMENT,
    X_PAYMENT_RESPONSE,
};
use x402_spec::primitives::{EvmAddress, Network};
use x402_spec::wire::Echoed;
use x402_spec::{PaymentRequired, offer, transport, v2};

use super::{describe, response_of};
use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::ctx::Ctx;
use crate::http::{Exchange, Header, Response, preview};
use crate::pay::{THROWAWAY_KEY, builtin_signer};
use crate::profile::{Divergence, Profile, diverge};

mod cors;
mod faults;
mod payment_signature;
mod unpaid;
mod x_payment;
pub use payment_signature::*;
pub use x_payment::BadXPayment;
mod paid;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests;

const PAY: Needs = Needs::FUNDED_PAYER.union(Needs::SETTLEMENT);

/// `GET` the protected resource with `headers` (plus `Accept: application/json`), recorded.
pub async fn get_resource(ctx: &Ctx, headers: Vec<Header>) -> Exchange {
    let mut all = vec![("accept".to_owned(), "application/json".to_owned())];
    all.extend(headers);
    ctx.send("GET", "", all, Bytes::new()).await
}

/// Reads the 402 document out of a response by x402-spec's transport rule (the v2
/// `PAYMENT-REQUIRED` header in strict base64, else a v1 JSON body).
pub fn read_required(r: &Response) -> Result<PaymentRequired, String> {
    transport::read_payment_required(r.header(PAYMENT_REQUIRED), &r.body, DecodeOptions::strict())
        .map_err(|e| e.to_string())
}

/// The unpaid 402 and its document; a failed precondition is a skip naming the MUST case.
async fn required(ctx: &Ctx) -> Result<PaymentRequired, Verdict> {
    let ex = get_resource(ctx, Vec::new()).await;
    let r = response_of(&ex).map_err(|v| {
        Verdict::skipped(format!(
            "precondition: an unpaid GET answered 402 (see server/unpaid/*): {}",
            v.message()
        ))
    })?;
    if r.status != 402 {
        return Err(Verdict::skipped(format!(
            "precondition: an unpaid GET answers 402, got HTTP {} (see server/unpaid/status-402)",
            r.status
        )));
    }
    read_required(r).map_err(|m| {
        Verdict::skipped(format!(
            "precondition: a readable PaymentRequired (see server/unpaid/payment-required-parses): {m}"
        ))
    })
}

/// Cases of the server role, in catalogue order: each area file registers its own.
pub fn cases() -> Vec<Case> {
    let mut v = unpaid::cases();
    v.extend(cors::cases());
    v.extend(payment_signature::cases());
    v.extend(x_payment::cases());
    v.extend(paid::cases());
    v.extend(faults::cases());
    v
}
