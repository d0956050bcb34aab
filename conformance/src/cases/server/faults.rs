//! `server/facilitator-faults/*`: the resource server under a failing facilitator (issue #18).
//!
//! The harness serves the facilitator the server uses (`--facilitator-faults ADDR`, always on for
//! the built-in reference resource server; [`crate::reference::faults`]). Each case signs its own
//! payment with the reference payer key (funded only on the harness's in-memory ledger: nothing
//! of value moves), injects one fault for that payment's nonce, pays, and judges both the
//! server's answer and the `/verify` and `/settle` calls the server made for the payment.
//! Rules: docs/protocol/server-faults.md.

use std::sync::Arc;

use super::*;
use crate::reference::facilitator::REFERENCE_PAYER_KEY;
use crate::reference::faults::{
    Answer, Endpoint, FacilitatorCall, FacilitatorFault, FaultyFacilitator, payment_nonce,
};

const FAULTS: Needs = Needs::HARNESS_FACILITATOR;

/// A payment sent under one fault, with what the facilitator saw.
struct Faulted {
    ex: Exchange,
    calls: Vec<FacilitatorCall>,
    offer_extra: Option<x402_spec::wire::JsonObject>,
}

impl Faulted {
    fn trail(&self) -> String {
        if self.calls.is_empty() {
            return "the server made no facilitator call for this payment".to_owned();
        }
        let calls: Vec<String> = self.calls.iter().map(FacilitatorCall::describe).collect();
        format!("facilitator calls: {}", calls.join(", "))
    }

    fn called(&self, endpoint: Endpoint) -> bool {
        self.calls.iter().any(|c| c.endpoint == endpoint)
    }

    fn settle_calls(&self) -> Vec<&FacilitatorCall> {
        self.calls
            .iter()
            .filter(|c| c.endpoint == Endpoint::Settle)
            .collect()
    }
}

fn facilitator(ctx: &Ctx) -> Result<Arc<FaultyFacilitator>, Verdict> {
    ctx.config()
        .facilitator_faults
        .clone()
        .ok_or_else(|| Verdict::skipped("needs harness-facilitator (--facilitator-faults ADDR)"))
}

/// The fault named by the case id's third segment (`server/facilitator-faults/<fault>/…`).
fn fault_of(ctx: &Ctx) -> Result<FacilitatorFault, Verdict> {
    let id = ctx.case_id().unwrap_or_default();
    let name = id.split('/').nth(2).unwrap_or_default();
    FacilitatorFault::ALL
        .into_iter()
        .find(|f| f.name() == name)
        .ok_or_else(|| Verdict::errored(format!("case id {id:?} names no facilitator fault")))
}

/// Signs a payment for the server's first payable v2 offer, injects `fault` for it, sends it.
async fn pay_under(ctx: &Ctx, fault: Option<FacilitatorFault>) -> Result<Faulted, Verdict> {
    let facilitator = facilitator(ctx)?;
    let signer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY)
        .map_err(|e| Verdict::errored(format!("reference payer key: {e}")))?;
    if signer.address() != facilitator.payer() {
        return Err(Verdict::errored(
            "the harness facilitator funds another payer than the reference payer key",
        ));
    }
    let PaymentRequired::V2(pr) = required(ctx).await? else {
        return Err(Verdict::skipped(
            "the server offers x402 v1 only; the facilitator-fault cases pay x402 v2",
        ));
    };
    let index = select_v2(&pr, &ClientPolicy::default())
        .map_err(|e| Verdict::skipped(format!("no offer the reference payer can sign for: {e}")))?;
    let offer_extra = pr.accepts.get(index).and_then(|a| a.value().extra.clone());
    let mut nonce = || ctx.next_nonce();
    let payment = pay_v2(&signer, &pr, index, ctx.now_secs(), &mut nonce)
        .map_err(|e| Verdict::skipped(format!("cannot sign the server's offer: {e}")))?;
    let body = serde_json::to_vec(&json!({ "paymentPayload": payment })).unwrap_or_default();
    let Some(key) = payment_nonce(&body) else {
        return Err(Verdict::skipped(
            "the offer's payment carries no authorization nonce (not EIP-3009 or Permit2)",
        ));
    };
    if let Some(f) = fault {
        facilitator.inject(&key, f);
    }
    let value = header::encode(&payment).map_err(|e| Verdict::errored(e.to_string()))?;
    // Settled by the harness's facilitator on its in-memory ledger: nothing is paid, so the
    // run's `spent` does not count it.
    let headers = vec![
        ("accept".to_owned(), "application/json".to_owned()),
        (PAYMENT_SIGNATURE.to_owned(), value),
    ];
    let ex = ctx
        .send_on_harness_ledger("GET", "", headers, bytes::Bytes::new())
        .await;
    Ok(Faulted {
        calls: facilitator.calls_for(&key),
        ex,
        offer_extra,
    })
}

/// Skips a case whose fault the server never reached (it refused the payment earlier).
fn exercised(f: &Faulted, fault: FacilitatorFault) -> Result<(), Verdict> {
    if f.called(fault.endpoint()) {
        Ok(())
    } else {
        Err(Verdict::skipped(format!(
            "the server never called {} for this payment, so the {fault} fault was not exercised ({}; {})",
            fault.endpoint().path(),
            f.ex.summary(),
            f.trail()
        )))
    }
}

/// [`pay_under`] `fault`, skipped when the server never reached the faulted endpoint.
async fn pay_exercised(ctx: &Ctx, fault: FacilitatorFault) -> Result<Faulted, Verdict> {
    let f = pay_under(ctx, Some(fault)).await?;
    exercised(&f, fault)?;
    Ok(f)
}

/// `…/<fault>/not-served` (MUST): no 2xx while the facilitator fails.
async fn not_served(ctx: Ctx) -> Verdict {
    let fault = match fault_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let f = match pay_under(&ctx, Some(fault)).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    // Serving fails the case even when the server skipped the faulted endpoint altogether.
    let served = matches!(&f.ex.response, Ok(r) if r.is_success());
    if !served && let Err(v) = exercised(&f, fault) {
        return v;
    }
    match &f.ex.response {
        Ok(r) if r.is_success() => Verdict::failed(format!(
            "served the resource (HTTP {}) although the facilitator {}; {}",
            r.status,
            fault_text(fault),
            f.trail()
        )),
        Ok(r) => Verdict::passed(format!("HTTP {}; {}", r.status, f.trail())),
        Err(e) => Verdict::passed(format!(
            "no answer ({e}), so nothing was served (see …/{fault}/answers); {}",
            f.trail()
        )),
    }
}

fn fault_text(fault: FacilitatorFault) -> &'static str {
    match fault {
        FacilitatorFault::VerifyUnavailable => "answered /verify with HTTP 500",
        FacilitatorFault::VerifyGarbage => "answered /verify with a body that is not JSON",
        FacilitatorFault::VerifyHangs => "held /verify open",
        FacilitatorFault::SettleUnavailable => "answered /settle with HTTP 500",
        FacilitatorFault::SettleGarbage => "answered /settle with a body that is not JSON",
        FacilitatorFault::SettleHangs => "held /settle open",
        FacilitatorFault::SettleRefused => "refused the settlement (success: false)",
        FacilitatorFault::SettlePendingOnce => "answered settlement_pending once",
        FacilitatorFault::SettlePendingAlways => "answered every /settle with settlement_pending",
    }
}

/// `…/<fault>/answers` (SHOULD): a readable refusal in time, and no settlement after a failed
/// verification.
async fn answers(ctx: Ctx) -> Verdict {
    let fault = match fault_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let f = match pay_exercised(&ctx, fault).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    let r = match &f.ex.response {
        Ok(r) => r,
        Err(e) => {
            return Verdict::failed(format!(
                "no answer within the harness timeout ({e}) while the facilitator {}; {}",
                fault_text(fault),
                f.trail()
            ));
        }
    };
    if fault.endpoint() == Endpoint::Verify && f.called(Endpoint::Settle) {
        return Verdict::failed(format!(
            "settled a payment whose verification failed ({}); {}",
            fault_text(fault),
            f.trail()
        ));
    }
    match r.status {
        402 => match r.header(PAYMENT_REQUIRED) {
            Some(value) => match header::decode_payment_required(value, DecodeOptions::strict()) {
                Ok(_) => Verdict::passed(format!(
                    "HTTP 402 with a decodable PAYMENT-REQUIRED; {}",
                    f.trail()
                )),
                Err(e) => Verdict::failed(format!(
                    "HTTP 402 whose PAYMENT-REQUIRED does not decode: {e}"
                )),
            },
            None => Verdict::passed(format!("HTTP 402; {}", f.trail())),
        },
        500 | 502 | 503 | 504 => Verdict::passed(format!("HTTP {}; {}", r.status, f.trail())),
        s => Verdict::failed(format!(
            "HTTP {s} ({}): expected 402 (payment failed) or a 5xx facilitator error; {}",
            preview(&r.body, 120),
            f.trail()
        )),
    }
}

fn same_json(a: &[u8], b: &[u8]) -> bool {
    match (
        serde_json::from_slice::<Value>(a),
        serde_json::from_slice::<Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// `…/settle-pending-once/served` (SHOULD): the identical `/settle` sent again, then served.
async fn pending_once_served(ctx: Ctx) -> Verdict {
    let fault = FacilitatorFault::SettlePendingOnce;
    let f = match pay_exercised(&ctx, fault).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    let settles = f.settle_calls();
    let retried = match settles.as_slice() {
        [first, second, ..] => same_json(&first.body, &second.body),
        _ => false,
    };
    match &f.ex.response {
        Ok(r) if r.is_success() && retried => {
            let receipt = r
                .header(PAYMENT_RESPONSE)
                .map(|v| header::decode_payment_response(v, DecodeOptions::strict()));
            match receipt {
                Some(Ok(s)) if s.outcome() == x402_spec::facilitator::SettleOutcome::Settled => {
                    Verdict::passed(format!(
                        "retried the identical /settle and served with the settled receipt; {}",
                        f.trail()
                    ))
                }
                Some(Ok(_)) => Verdict::failed(format!(
                    "served with a PAYMENT-RESPONSE that is not the settlement; {}",
                    f.trail()
                )),
                Some(Err(e)) => Verdict::failed(format!("PAYMENT-RESPONSE does not decode: {e}")),
                None => Verdict::failed("served without PAYMENT-RESPONSE"),
            }
        }
        Ok(r) if r.is_success() => Verdict::failed(format!(
            "served (HTTP {}) without sending the identical /settle again after settlement_pending; {}",
            r.status,
            f.trail()
        )),
        Ok(r) if settles.len() < 2 => Verdict::failed(format!(
            "HTTP {} without retrying /settle after settlement_pending (a retry settles); {}",
            r.status,
            f.trail()
        )),
        Ok(r) => Verdict::failed(format!(
            "HTTP {} although the retried /settle settled; {}",
            r.status,
            f.trail()
        )),
        Err(e) => Verdict::failed(format!("no answer: {e}; {}", f.trail())),
    }
}

/// `…/settle-pending-always/not-served` (MUST): pending is never a settlement.
async fn pending_always_not_served(ctx: Ctx) -> Verdict {
    let fault = FacilitatorFault::SettlePendingAlways;
    let f = match pay_exercised(&ctx, fault).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    match &f.ex.response {
        Ok(r) if r.is_success() => Verdict::failed(format!(
            "served (HTTP {}) on settlement_pending, which is not a settlement; {}",
            r.status,
            f.trail()
        )),
        Ok(r) => Verdict::passed(format!("HTTP {}; {}", r.status, f.trail())),
        Err(e) => Verdict::passed(format!("no answer ({e}): nothing served; {}", f.trail())),
    }
}

/// The payment passed through unharmed, served: the precondition of the `none/*` cases.
async fn served_without_fault(ctx: &Ctx) -> Result<Faulted, Verdict> {
    let f = pay_under(ctx, None).await?;
    match &f.ex.response {
        Ok(r) if r.is_success() => Ok(f),
        _ => Err(Verdict::skipped(format!(
            "precondition: a valid payment through the harness facilitator is served (see server/paid/valid/settled): {}; {}",
            f.ex.summary(),
            f.trail()
        ))),
    }
}

/// `…/none/settled-once` (MUST): no `/settle` after one that settled.
async fn settled_once(ctx: Ctx) -> Verdict {
    let f = match served_without_fault(&ctx).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    let settles = f.settle_calls();
    let first_settled = settles
        .iter()
        .position(|c| matches!(c.answer, Answer::Status(200, "settled")));
    match first_settled {
        None => Verdict::failed(format!(
            "served without a /settle that settled; {}",
            f.trail()
        )),
        Some(i) if settles.len() > i.saturating_add(1) => Verdict::failed(format!(
            "sent /settle again after the payment was settled; {}",
            f.trail()
        )),
        Some(_) => Verdict::passed(f.trail()),
    }
}

/// `…/none/verify-before-settle` (SHOULD): the authorization flow verifies first.
async fn verify_before_settle(ctx: Ctx) -> Verdict {
    let f = match served_without_fault(&ctx).await {
        Ok(f) => f,
        Err(v) => return v,
    };
    let flow = f
        .offer_extra
        .as_ref()
        .and_then(|e| e.get(x402_spec::flow::PAYMENT_FLOW_KEY))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(flow) = flow.filter(|f| f != "authorization") {
        return Verdict::skipped(format!(
            "the offer's payment flow is {flow:?}, not authorization (verify, serve, settle)"
        ));
    }
    let verify = f.calls.iter().position(|c| c.endpoint == Endpoint::Verify);
    let settle = f.calls.iter().position(|c| c.endpoint == Endpoint::Settle);
    match (verify, settle) {
        (Some(v), Some(s)) if v < s => Verdict::passed(f.trail()),
        (_, None) => Verdict::failed(format!("served without calling /settle; {}", f.trail())),
        _ => Verdict::failed(format!(
            "called /settle before (or without) /verify in the authorization flow; {}",
            f.trail()
        )),
    }
}

/// The `not-served` and `answers` cases of each fault: `(not-served id, answers id, fault name)`
/// (ids written out, so that `grep` finds them).
macro_rules! fault_cases {
    ($( ($not_served:literal, $answers:literal, $fault:literal) ),* $(,)?) => {
        vec![$(
            Case {
                id: $not_served,
                title: concat!("the resource is not served when the facilitator fails (", $fault, ")"),
                clause: "docs/protocol/server-faults.md §1 (x402 v2 §5.3: the resource is delivered for a verified and settled payment)",
                expected: "No 2xx: the server answers 402 or a 5xx (or nothing), never the resource, when /verify or /settle fails for the payment.",
                level: Level::Must,
                tags: &[Tag::Paid, Tag::Robustness],
                needs: FAULTS,
                profiles: &[],
                run: |ctx| Box::pin(not_served(ctx)),
            },
            Case {
                id: $answers,
                title: concat!("the server answers a readable refusal in time (", $fault, ")"),
                clause: "docs/protocol/server-faults.md §2 (transports-v2/http.md status table; @x402/core 2.27.0 FacilitatorResponseError → 502)",
                expected: "Within the harness timeout: 402 (with a decodable PAYMENT-REQUIRED when present) or 500/502/503/504; no /settle after a failed /verify.",
                level: Level::Should,
                tags: &[Tag::Paid, Tag::Robustness],
                needs: FAULTS,
                profiles: &[],
                run: |ctx| Box::pin(answers(ctx)),
            },
        )*]
    };
}

pub(super) fn cases() -> Vec<Case> {
    let mut v = fault_cases!(
        (
            "server/facilitator-faults/verify-500/not-served",
            "server/facilitator-faults/verify-500/answers",
            "verify-500"
        ),
        (
            "server/facilitator-faults/verify-garbage/not-served",
            "server/facilitator-faults/verify-garbage/answers",
            "verify-garbage"
        ),
        (
            "server/facilitator-faults/verify-hangs/not-served",
            "server/facilitator-faults/verify-hangs/answers",
            "verify-hangs"
        ),
        (
            "server/facilitator-faults/settle-500/not-served",
            "server/facilitator-faults/settle-500/answers",
            "settle-500"
        ),
        (
            "server/facilitator-faults/settle-garbage/not-served",
            "server/facilitator-faults/settle-garbage/answers",
            "settle-garbage"
        ),
        (
            "server/facilitator-faults/settle-hangs/not-served",
            "server/facilitator-faults/settle-hangs/answers",
            "settle-hangs"
        ),
        (
            "server/facilitator-faults/settle-refused/not-served",
            "server/facilitator-faults/settle-refused/answers",
            "settle-refused"
        ),
    );
    v.extend([
        Case {
            id: "server/facilitator-faults/settle-pending-once/served",
            title: "settlement_pending is retried with the identical request, then served",
            clause: "docs/protocol/server-faults.md §3, docs/protocol/deployed.md §2 (@x402/core 2.27.0 and x402 2.25.0 retry pending once)",
            expected: "After /settle answers settlement_pending with a transaction, the server sends the identical /settle again; it settles, and the server answers 2xx with that settlement in PAYMENT-RESPONSE.",
            level: Level::Should,
            tags: &[Tag::Paid, Tag::Settle],
            needs: FAULTS,
            profiles: &[],
            run: |ctx| Box::pin(pending_once_served(ctx)),
        },
        Case {
            id: "server/facilitator-faults/settle-pending-always/not-served",
            title: "settlement_pending is never treated as a settlement",
            clause: "docs/protocol/server-faults.md §3, docs/protocol/deployed.md §2 (pending is non-terminal and not a success)",
            expected: "When every /settle answers settlement_pending, the server does not serve the resource.",
            level: Level::Must,
            tags: &[Tag::Paid, Tag::Settle],
            needs: FAULTS,
            profiles: &[],
            run: |ctx| Box::pin(pending_always_not_served(ctx)),
        },
        Case {
            id: "server/facilitator-faults/none/settled-once",
            title: "a settled payment is not settled again",
            clause: "docs/protocol/server-faults.md §4",
            expected: "For a payment served once, no /settle follows the /settle that settled it.",
            level: Level::Must,
            tags: &[Tag::Paid, Tag::Settle],
            needs: FAULTS,
            profiles: &[],
            run: |ctx| Box::pin(settled_once(ctx)),
        },
        Case {
            id: "server/facilitator-faults/none/verify-before-settle",
            title: "the authorization flow verifies before it settles",
            clause: "docs/protocol/server-faults.md §5, docs/protocol/deployed.md §1 (authorization: verify → serve → settle)",
            expected: "For an offer in the authorization flow, the server's first /verify for the payment precedes its first /settle.",
            level: Level::Should,
            tags: &[Tag::Paid, Tag::Verify],
            needs: FAULTS,
            profiles: &[],
            run: |ctx| Box::pin(verify_before_settle(ctx)),
        },
    ]);
    v
}
