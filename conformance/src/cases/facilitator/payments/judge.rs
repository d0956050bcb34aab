//! Judging the target's answers to payments.

use super::*;

/// The reason member of an answer, if it is a non-empty string.
pub(super) fn reason_of(ep: Endpoint, body: &Value) -> Option<&str> {
    body.get(ep.reason())
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Why a `200` refusal (`isValid:false` / `success:false`) cannot be read by a conforming
/// client: no reason at all, or a reason that is in no vocabulary (neither the spec's codes nor
/// any SDK's spelling of them: `x402-spec codes` lists every one). Both fail the MUST
/// `…/rejected` case (docs/conformance.md "Levels"); the SHOULD `…/reason` case then skips, so one
/// defect is one failure. `None` when the reason is readable or the body is not a 200 refusal.
pub fn unreadable_refusal(ep: Endpoint, status: u16, body: &Value) -> Option<String> {
    if status != 200 || body.get(ep.flag()) != Some(&Value::Bool(false)) {
        return None;
    }
    match reason_of(ep, body) {
        None => Some(format!(
            "{}:false without a non-empty {}: a client cannot tell why{}",
            ep.flag(),
            ep.reason(),
            snake_case_hint(ep, body)
        )),
        Some(reason) if !ErrorCode::from_wire_with_detail(reason).0.is_known() => Some(format!(
            "{} {} is in no vocabulary (not a spec code, not an SDK spelling of one; `x402-spec codes` lists them all), so a client cannot act on it",
            ep.reason(),
            crate::http::preview(reason.as_bytes(), 120)
        )),
        Some(_) => None,
    }
}

/// " (the body has `error_reason`: snake_case)" when the reason is there under another spelling.
fn snake_case_hint(ep: Endpoint, body: &Value) -> String {
    let snake = match ep {
        Endpoint::Verify => "invalid_reason",
        Endpoint::Settle => "error_reason",
    };
    if body.get(snake).is_some() {
        format!(" (the body has `{snake}`: members are camelCase, x402 v2 §5)")
    } else {
        String::new()
    }
}

/// The `error` string of a Go-style `500 {"error": "<reason>: <message>"}` answer.
pub fn go_error_of(r: &crate::http::Response) -> Option<String> {
    if !(500..600).contains(&r.status) {
        return None;
    }
    r.json()
        .ok()?
        .get("error")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The reason code at the start of a Go e2e facilitator's `error` string (`"<reason>: <message>"`).
pub fn go_reason_of(error: &str) -> &str {
    error.split(':').next().unwrap_or(error).trim()
}

/// Judges a refusal of an invalid payment (MUST): HTTP 200, a body that parses as the response
/// type, and the flag false. Under `--profile go`, a `500 {"error": …}` (the Go e2e facilitator's
/// answer, docs/protocol/codes.md §3.7) is a refusal too.
pub fn judge_refused(ep: Endpoint, judge: Judge, ex: &Exchange, profile: Profile) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if matches!(judge, Judge::Request | Judge::Version | Judge::Malformed)
        && (400..500).contains(&r.status)
    {
        return Verdict::passed(format!("HTTP {} (the request is refused)", r.status));
    }
    if matches!(judge, Judge::Version | Judge::Malformed)
        && profile != Profile::Strict
        && (500..600).contains(&r.status)
    {
        let what = if judge == Judge::Version {
            "an unknown x402Version"
        } else {
            "an amount its number parser cannot read"
        };
        return Verdict::passed(format!(
            "HTTP {}: the {profile} SDK's facilitator throws on {what} (--profile {profile})",
            r.status
        ));
    }
    if profile == Profile::Go
        && let Some(error) = go_error_of(r)
    {
        return Verdict::passed(format!(
            "HTTP {} with error {} (the Go e2e facilitator's refusal, --profile go)",
            r.status,
            crate::http::preview(error.as_bytes(), 120)
        ));
    }
    let body = match r.json() {
        Ok(b) => b,
        Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
    };
    let flag = body.get(ep.flag());
    if flag == Some(&Value::Bool(true)) {
        return Verdict::failed(format!(
            "ACCEPTED an invalid payment: HTTP {} with {}:true",
            r.status,
            ep.flag()
        ));
    }
    if r.status != 200 {
        return Verdict::failed(format!(
            "HTTP {}: an invalid payment is answered with HTTP 200 and {}:false (x402 v2 §7; docs/protocol/disagreements.md #12){}",
            r.status,
            ep.flag(),
            reason_of(ep, &body)
                .map(|s| format!("; {} was {s:?}", ep.reason()))
                .unwrap_or_default()
        ));
    }
    if let Err(e) = parse_response(ep, &r.body) {
        return Verdict::failed(format!(
            "HTTP 200 but the body is not a valid {}: {e}",
            ep.response_type()
        ));
    }
    match flag {
        Some(Value::Bool(false)) => {
            let transaction = body.get("transaction").and_then(Value::as_str);
            if ep == Endpoint::Settle && transaction.is_some_and(|t| !t.is_empty()) {
                return Verdict::failed(format!(
                    "success:false but transaction is {:?}; a refused settlement has transaction \"\"",
                    transaction.unwrap_or_default()
                ));
            }
            if let Some(why) = unreadable_refusal(ep, r.status, &body) {
                return Verdict::failed(format!("HTTP 200, {why}"));
            }
            Verdict::passed(format!(
                "HTTP 200, {}:false{}",
                ep.flag(),
                reason_of(ep, &body)
                    .map(|s| format!(" ({} {s:?})", ep.reason()))
                    .unwrap_or_default()
            ))
        }
        Some(v) => Verdict::failed(format!("{} is {}, expected false", ep.flag(), describe(v))),
        None => Verdict::failed(format!("HTTP 200 without a boolean {}", ep.flag())),
    }
}

pub(super) fn parse_response(ep: Endpoint, body: &[u8]) -> Result<(), String> {
    match ep {
        Endpoint::Verify => VerifyResponse::from_json(body).map(|_| ()),
        Endpoint::Settle => SettleResponse::from_json(body).map(|_| ()),
    }
    .map_err(|e| e.to_string())
}

/// Judges the reason of a refusal (SHOULD): any spelling of one of the `expected` failures, or
/// with `strict` exactly one of the canonical spellings.
pub fn judge_reason(ep: Endpoint, ex: &Exchange, expected: &[&str], strict: bool) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let body = match r.json() {
        Ok(b) => b,
        Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
    };
    if body.get(ep.flag()) == Some(&Value::Bool(true)) {
        return Verdict::failed(format!(
            "the invalid payment was accepted ({}:true), so there is no {}",
            ep.flag(),
            ep.reason()
        ));
    }
    if let Some(why) = unreadable_refusal(ep, r.status, &body) {
        return Verdict::skipped(format!(
            "precondition not met: {why} (failed by the MUST …/rejected case of this payment)"
        ));
    }
    let Some(reason) = reason_of(ep, &body) else {
        return Verdict::failed(format!(
            "HTTP {} without a non-empty {} string; expected {}",
            r.status,
            ep.reason(),
            expected.join(" or ")
        ));
    };
    let wanted: Vec<ErrorCode> = expected.iter().map(|s| ErrorCode::from_wire(s)).collect();
    let (code, _detail) = ErrorCode::from_wire_with_detail(reason);
    let canonical = expected.contains(&reason);
    if canonical {
        return Verdict::passed(format!("{} {reason:?} (canonical)", ep.reason()));
    }
    if wanted.contains(&code) {
        if strict {
            return Verdict::failed(format!(
                "{} {reason:?} is an alias of {:?}; --strict requires the canonical spelling",
                ep.reason(),
                code.as_str()
            ));
        }
        return Verdict::passed(format!(
            "{} {reason:?} (an SDK alias of the canonical {:?})",
            ep.reason(),
            code.as_str()
        ));
    }
    let meaning = if code.is_known() {
        format!(" (which means {:?})", code.as_str())
    } else {
        String::new()
    };
    Verdict::failed(format!(
        "{} {reason:?}{meaning} does not name the expected failure {}",
        ep.reason(),
        expected.join(" or ")
    ))
}

/// Judges an accepted payment (verify): HTTP 200, a VerifyResponse with `isValid:true` and the
/// signer as `payer`. `Err` carries the refusal reason for preconditions.
pub(super) fn judge_valid(ctx: &Ctx, ex: &Exchange, p: &Payment) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if r.status != 200 {
        return Verdict::failed(format!(
            "HTTP {} for a valid {} payment; expected 200 with isValid:true{}",
            r.status,
            p.target.mechanism.label(),
            r.json()
                .ok()
                .and_then(
                    |b| reason_of(Endpoint::Verify, &b).map(|s| format!(" (invalidReason {s:?})"))
                )
                .unwrap_or_default()
        ));
    }
    let resp = match VerifyResponse::from_json(&r.body) {
        Ok(v) => v,
        Err(e) => {
            return Verdict::failed(format!(
                "HTTP 200 but the body is not a valid VerifyResponse: {e}"
            ));
        }
    };
    if !resp.is_valid {
        let reason = resp
            .invalid_reason
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        if let Some(skip) = precondition(ctx, &reason, p) {
            return skip;
        }
        return Verdict::failed(format!(
            "REFUSED a valid {} payment: isValid:false, invalidReason {reason:?}{}",
            p.target.mechanism.label(),
            resp.invalid_message
                .map(|m| format!(
                    ", invalidMessage {}",
                    crate::http::preview(m.as_bytes(), 120)
                ))
                .unwrap_or_default()
        ));
    }
    check_payer(resp.payer.as_ref(), p)
        .map(|()| Verdict::passed(format!("isValid:true, payer {}", p.payer)))
        .unwrap_or_else(|v| v)
}

/// A refusal of a valid payment whose code names the environment (the payer's balance or Permit2
/// allowance, a missing proxy; [`crate::environment::names_environment`]): skipped as undecided
/// when the harness could not read the chain, the target's failure when it did and found the chain
/// in order (#13 §4). `None` for every other refusal.
pub(super) fn precondition(ctx: &Ctx, reason: &str, p: &Payment) -> Option<Verdict> {
    let code = ErrorCode::from_wire_with_detail(reason).0;
    if !crate::environment::names_environment(&code) {
        return None;
    }
    if let Some(env) = ctx.probed_environment(&p.target, p.payer)
        && env.blocker(&p.target).is_none()
    {
        return Some(Verdict::failed(format!(
            "REFUSED a valid {} payment with {reason:?}, but the chain (read over --rpc-url) has what it names: payer balance {}, Permit2 allowance {}, Permit2 code {}, proxy code exact {} / upto {}",
            p.target.mechanism.label(),
            env.balance,
            env.permit2_allowance,
            env.permit2,
            env.exact_proxy,
            env.upto_proxy
        )));
    }
    Some(Verdict::skipped(format!(
        "{}the target refused a valid payment with {} ({}), which names the chain or the payer's set-up, not the payment; undecided without --rpc-url for the network (the harness then reads the chain first)",
        crate::environment::PREFIX,
        code.as_str(),
        match code {
            ErrorCode::InsufficientFunds => "the payer's token balance",
            ErrorCode::Permit2AllowanceRequired => "the payer's Permit2 allowance",
            _ => "no x402 Permit2 proxy on the chain",
        }
    )))
}

pub(super) fn check_payer(
    payer: Option<&x402_spec::primitives::Address>,
    p: &Payment,
) -> Result<(), Verdict> {
    match payer {
        Some(a) if a.as_evm().map(|e| e.get()) == Some(p.payer) => Ok(()),
        Some(a) => Err(Verdict::failed(format!(
            "payer is {a}, expected the signer {}",
            p.payer
        ))),
        None => Err(Verdict::failed(format!(
            "no payer in the answer; expected the signer {}",
            p.payer
        ))),
    }
}

/// Judges a successful settlement.
pub(super) fn judge_settled(
    ctx: &Ctx,
    ex: &Exchange,
    p: &Payment,
    amount: Option<U256>,
) -> Result<SettleResponse, Verdict> {
    let r = response_of(ex)?;
    let body = r.json().ok();
    if r.status != 200 {
        return Err(Verdict::failed(format!(
            "HTTP {} for the settlement of a valid {} payment{}",
            r.status,
            p.target.mechanism.label(),
            body.as_ref()
                .and_then(
                    |b| reason_of(Endpoint::Settle, b).map(|s| format!(" (errorReason {s:?})"))
                )
                .unwrap_or_default()
        )));
    }
    let resp = SettleResponse::from_json(&r.body).map_err(|e| {
        Verdict::failed(format!(
            "HTTP 200 but the body is not a valid SettleResponse: {e}"
        ))
    })?;
    // The settle shape rule of x402-spec (pending needs its transaction; success needs one
    // unless nothing was settled): docs/protocol/deployed.md §2.
    if let Err(e) = resp.check_shape() {
        return Err(Verdict::failed(format!(
            "the settle answer for a valid {} payment breaks a shape rule at {}: {e}",
            p.target.mechanism.label(),
            e.field()
        )));
    }
    if resp.outcome() == x402_spec::facilitator::SettleOutcome::Pending {
        return Err(Verdict::skipped(format!(
            "settlement_pending with transaction {}: broadcast, not yet confirmed; the harness does not retry, so the settlement is undecided (docs/protocol/deployed.md §2)",
            crate::http::preview(resp.transaction.as_bytes(), 80)
        )));
    }
    if !resp.success {
        let reason = resp
            .error_reason
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        return Err(precondition(ctx, &reason, p).unwrap_or_else(|| {
            Verdict::failed(format!(
                "the settlement of a valid {} payment FAILED: errorReason {reason:?}{}",
                p.target.mechanism.label(),
                resp.error_message
                    .as_ref()
                    .map(|m| format!(", errorMessage {}", crate::http::preview(m.as_bytes(), 120)))
                    .unwrap_or_default()
            ))
        }));
    }
    let mut problems = Vec::new();
    if resp.transaction.is_empty() {
        problems.push("transaction is empty".to_owned());
    } else if p.target.mechanism != VersionedMechanism::V1Eip3009
        || resp.transaction.starts_with("0x")
    {
        let hex = resp
            .transaction
            .strip_prefix("0x")
            .unwrap_or(&resp.transaction);
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(format!(
                "transaction {:?} is not an EVM transaction hash (0x + 64 hex digits)",
                resp.transaction
            ));
        }
    }
    if resp.network.to_string() != p.network() {
        problems.push(format!(
            "network is {:?}, expected the requirements' {:?}",
            resp.network.to_string(),
            p.network()
        ));
    }
    if let Err(v) = check_payer(resp.payer.as_ref(), p) {
        problems.push(v.message().to_owned());
    }
    if let Some(want) = amount {
        match resp.amount {
            Some(got) if got.get() == want => {}
            Some(got) => problems.push(format!("amount is {got}, expected the charge {want}")),
            None => problems.push(format!(
                "no amount; the upto scheme requires the charged amount ({want})"
            )),
        }
    }
    if problems.is_empty() {
        Ok(resp)
    } else {
        Err(Verdict::failed(problems.join("; ")))
    }
}
