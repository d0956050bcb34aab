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

mod unpaid;
use unpaid::*;
mod payment_signature;
pub use payment_signature::*;
mod paid;
use paid::*;

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

/// Cases of the server role, in catalogue order.
pub fn cases() -> Vec<Case> {
    let mut v = vec![
        Case {
            id: "server/unpaid/status-402",
            title: "an unpaid request is answered 402 Payment Required",
            clause: "transports-v2/http.md (402 Payment Required); docs/protocol/transport.md §2.5",
            expected: "HTTP 402 to a request without a payment header.",
            level: Level::Must,
            tags: &[Tag::PaymentRequired, Tag::Http],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(unpaid_status(ctx)),
        },
        Case {
            id: "server/unpaid/payment-required-parses",
            title: "the 402 carries a PaymentRequired that validates",
            clause: "x402 v2 §5.1, transports-v2/http.md (PAYMENT-REQUIRED: base64 PaymentRequired); v1: JSON body; docs/protocol/wire.md §1.4, docs/protocol/transport.md §2.2, §2.3",
            expected: "v2: a PAYMENT-REQUIRED header in standard padded base64 whose JSON parses as an x402Version 2 PaymentRequired (x402-spec schema); v1: a JSON body that parses as an x402Version 1 PaymentRequired.",
            level: Level::Must,
            tags: &[Tag::PaymentRequired],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(unpaid_parses(ctx)),
        },
        Case {
            id: "server/unpaid/accepts-sane",
            title: "every offered requirement can be paid as written",
            clause: "x402 v2 §5.1.2, exact EVM scheme (extra.name/version); docs/protocol/wire.md §1.2, docs/protocol/evm.md §4.2, §4.8",
            expected: "Each accepts[] entry: a CAIP-2 network (v1: a known network name), a decimal amount above 0, a positive integer maxTimeoutSeconds, EVM payTo/asset addresses on eip155 networks, extra.name and extra.version for an EIP-3009 exact offer, extra.facilitatorAddress for upto.",
            level: Level::Must,
            tags: &[Tag::PaymentRequired],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(accepts_sane(ctx)),
        },
        Case {
            id: "server/unpaid/addresses-checksummed",
            title: "EVM payTo and asset are EIP-55 checksummed",
            clause: "EIP-55; docs/protocol/wire.md §1.2, docs/protocol/evm.md §4.6 (clients echo accepted verbatim, and TS deep-compares it)",
            expected: "payTo and asset of every eip155 offer are spelled in EIP-55 mixed case.",
            level: Level::Should,
            tags: &[Tag::PaymentRequired],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(addresses_checksummed(ctx)),
        },
        Case {
            id: "server/cors/expose-headers",
            title: "browsers may read PAYMENT-REQUIRED and PAYMENT-RESPONSE",
            clause: "Fetch standard (CORS-safelisted response headers); docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33",
            expected: "A cross-origin 402 lists PAYMENT-REQUIRED and PAYMENT-RESPONSE in Access-Control-Expose-Headers.",
            level: Level::Info,
            tags: &[Tag::Cors, Tag::Http],
            needs: Needs::NONE,
            profiles: CORS_PROFILES,
            run: |ctx| Box::pin(cors_expose(ctx)),
        },
    ];
    for input in BadHeader::ALL {
        v.push(Case {
            id: input.refused_id(),
            title: input.refused_title(),
            clause: input.clause(),
            expected: "Any timely answer that is neither 2xx nor 5xx (a 5xx only where the profile's SDK answers one).",
            level: Level::Must,
            tags: &[Tag::PaymentHeader, Tag::Robustness],
            needs: Needs::NONE,
            profiles: input.refused_profiles(),
            run: input.refused_fn(),
        });
        v.push(Case {
            id: input.status_id(),
            title: input.status_title(),
            clause: input.clause(),
            expected: input.strict_expected(),
            level: Level::Should,
            tags: &[Tag::PaymentHeader, Tag::Http],
            needs: Needs::NONE,
            profiles: input.status_profiles(),
            run: input.status_fn(),
        });
    }
    v.extend([
        Case {
            id: "server/paid/valid/settled",
            title: "a valid payment is answered 200 with a PAYMENT-RESPONSE that validates",
            clause: "x402 v2 §5.3, transports-v2/http.md (PAYMENT-RESPONSE on success); docs/protocol/wire.md §1.9, docs/protocol/transport.md §2.1, §2.5",
            expected: "HTTP 200 (the resource) with PAYMENT-RESPONSE (v1: X-PAYMENT-RESPONSE): standard base64 of a SettleResponse with success:true, a transaction, the requirement's network, and payer = the signer when present.",
            level: Level::Must,
            tags: &[Tag::Paid, Tag::PaymentHeader],
            needs: PAY,
            profiles: &[],
            run: |ctx| Box::pin(paid_valid(ctx)),
        },
        Case {
            id: "server/paid/replay/refused",
            title: "the same payment sent again is refused",
            clause: "EIP-3009 / Permit2 nonces are single use; transports-v2/http.md (402 payment failed); docs/protocol/transport.md §2.5",
            expected: "After the payment was accepted once, the identical PAYMENT-SIGNATURE is answered with a 4xx (402 with PAYMENT-REQUIRED), never 2xx and never 5xx.",
            level: Level::Must,
            tags: &[Tag::Paid, Tag::PaymentHeader],
            needs: PAY,
            profiles: &[],
            run: |ctx| Box::pin(paid_replay(ctx)),
        },
        Case {
            id: "server/paid/accepted-not-offered/refused",
            title: "a funded payment whose accepted differs from every offer is refused",
            clause: "x402 v2 §5.2 (accepted is the requirement the client accepted); docs/protocol/transport.md §2.4, docs/protocol/disagreements.md #26 (TS deep-equals accepted)",
            expected: "A payment by the funded payer, signed for an offer whose maxTimeoutSeconds was changed, is answered 402 (no matching requirements) and not settled.",
            level: Level::Must,
            tags: &[Tag::Paid, Tag::PaymentHeader],
            needs: PAY,
            profiles: FIVE_FIELD_PROFILES,
            run: |ctx| Box::pin(paid_not_offered(ctx)),
        },
        Case {
            id: "server/paid/settlement-overrides/not-leaked",
            title: "the internal Settlement-Overrides header does not reach the client",
            clause: "docs/protocol/transport.md §2.1 (handler → middleware header; Go deletes it), docs/protocol/disagreements.md #34",
            expected: "The paid answer carries no Settlement-Overrides header.",
            level: Level::Info,
            tags: &[Tag::Paid, Tag::Http],
            needs: PAY,
            profiles: OVERRIDES_PROFILES,
            run: |ctx| Box::pin(overrides_not_leaked(ctx)),
        },
    ]);
    v
}

const CORS_PROFILES: &[Divergence] = &[
    diverge(
        Profile::Ts,
        "Not required: no TS server sets Access-Control-Expose-Headers (docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33); the case reports what it saw.",
    ),
    diverge(
        Profile::Go,
        "Not required: no Go server sets Access-Control-Expose-Headers (docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33); the case reports what it saw.",
    ),
    diverge(
        Profile::Py,
        "Not required: no Python server sets Access-Control-Expose-Headers (docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33); the case reports what it saw.",
    ),
];
const FIVE_FIELD_PROFILES: &[Divergence] = &[
    diverge(
        Profile::Go,
        "Accepted or refused: the Go server matches accepted on scheme, network, amount, asset and payTo only, so this payment is settled (docs/protocol/transport.md §2.4, docs/protocol/disagreements.md #26).",
    ),
    diverge(
        Profile::Py,
        "Accepted or refused: the Python server matches accepted on scheme, network, amount, asset and payTo only, so this payment is settled (docs/protocol/transport.md §2.4, docs/protocol/disagreements.md #26).",
    ),
];
const OVERRIDES_PROFILES: &[Divergence] = &[diverge(
    Profile::Ts,
    "Not required: TS express/hono/fastify leave Settlement-Overrides on the response when the handler sets it (docs/protocol/transport.md §2.1, docs/protocol/disagreements.md #34); the case reports what it saw.",
)];
