//! `server/unpaid/*` and `server/cors/*`: the 402 answer to an unpaid request.

use super::*;

pub(super) async fn unpaid_status(ctx: Ctx) -> Verdict {
    let ex = get_resource(&ctx, Vec::new()).await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if r.status == 402 {
        Verdict::passed("HTTP 402")
    } else {
        Verdict::failed(format!(
            "HTTP {} to an unpaid request; expected 402 Payment Required{}",
            r.status,
            if r.is_success() {
                " (the resource is served without payment)"
            } else {
                ""
            }
        ))
    }
}

pub(super) async fn unpaid_parses(ctx: Ctx) -> Verdict {
    let ex = get_resource(&ctx, Vec::new()).await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if r.status != 402 {
        return Verdict::skipped(format!(
            "precondition: HTTP 402 (see server/unpaid/status-402), got {}",
            r.status
        ));
    }
    match read_required(r) {
        Ok(PaymentRequired::V2(pr)) => Verdict::passed(format!(
            "x402Version 2 PaymentRequired with {} offer(s){}",
            pr.accepts.len(),
            pr.error
                .as_ref()
                .map(|e| format!(", error {e:?}"))
                .unwrap_or_default()
        )),
        Ok(PaymentRequired::V1(pr)) => Verdict::passed(format!(
            "x402Version 1 PaymentRequired body with {} offer(s)",
            pr.accepts.len()
        )),
        Ok(_) => Verdict::failed("a PaymentRequired of an x402Version this harness does not know"),
        Err(m) => Verdict::failed(m),
    }
}

pub(super) fn raw_offers(req: &PaymentRequired) -> Vec<(String, Value)> {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    match req {
        PaymentRequired::V2(pr) => pr
            .accepts
            .iter()
            .map(|a| (a.raw_json().to_owned(), parse(a.raw_json())))
            .collect(),
        PaymentRequired::V1(pr) => pr
            .accepts
            .iter()
            .map(|a| (a.raw_json().to_owned(), parse(a.raw_json())))
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) async fn accepts_sane(ctx: Ctx) -> Verdict {
    let req = match required(&ctx).await {
        Ok(r) => r,
        Err(v) => return v,
    };
    // The rules are x402-spec's offer lint; the case only reports them per offer.
    let found: Vec<Vec<offer::OfferProblem>> = match &req {
        PaymentRequired::V2(pr) => pr.accepts.iter().map(|a| offer::lint_v2(a)).collect(),
        PaymentRequired::V1(pr) => pr.accepts.iter().map(|a| offer::lint_v1(a)).collect(),
        _ => Vec::new(),
    };
    let problems: Vec<String> = found
        .iter()
        .enumerate()
        .flat_map(|(i, ps)| ps.iter().map(move |p| format!("accepts[{i}]: {p}")))
        .collect();
    if problems.is_empty() {
        Verdict::passed(format!("{} offer(s), each payable as written", found.len()))
    } else {
        Verdict::failed(problems.join("; "))
    }
}

pub(super) async fn addresses_checksummed(ctx: Ctx) -> Verdict {
    let req = match required(&ctx).await {
        Ok(r) => r,
        Err(v) => return v,
    };
    let mut problems = Vec::new();
    let mut checked = 0usize;
    for (i, (_, raw)) in raw_offers(&req).iter().enumerate() {
        for k in ["payTo", "asset"] {
            let Some(value) = raw.get(k).and_then(Value::as_str) else {
                continue;
            };
            let Ok(a) = EvmAddress::parse(value) else {
                continue;
            };
            checked = checked.saturating_add(1);
            if a.to_checksum() != value {
                problems.push(format!(
                    "accepts[{i}].{k} is {value:?}, EIP-55: {}",
                    a.to_checksum()
                ));
            }
        }
    }
    if !problems.is_empty() {
        Verdict::failed(problems.join("; "))
    } else if checked == 0 {
        Verdict::skipped("no EVM address in the offers")
    } else {
        Verdict::passed(format!("{checked} EVM address(es), all EIP-55"))
    }
}

pub(super) async fn cors_expose(ctx: Ctx) -> Verdict {
    let ex = get_resource(
        &ctx,
        vec![(
            "origin".to_owned(),
            "https://conformance.x402.invalid".to_owned(),
        )],
    )
    .await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let exposed: Vec<String> = r
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-expose-headers"))
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
    let all = exposed.iter().any(|h| h == "*");
    let missing: Vec<&str> = ["payment-required", "payment-response"]
        .into_iter()
        .filter(|h| !all && !exposed.iter().any(|e| e == h))
        .collect();
    let profile = ctx.config().profile;
    if missing.is_empty() {
        Verdict::passed(format!(
            "Access-Control-Expose-Headers: {}",
            exposed.join(", ")
        ))
    } else if profile != Profile::Strict {
        Verdict::passed(format!(
            "{} not exposed, as the {profile} SDK servers do (docs/protocol/transport.md §2.6)",
            missing.join(" and ")
        ))
    } else {
        Verdict::failed(format!(
            "{} not listed in Access-Control-Expose-Headers ({}); a browser client cannot read {}",
            missing.join(" and "),
            if exposed.is_empty() {
                "header absent".to_owned()
            } else {
                exposed.join(", ")
            },
            if missing.len() > 1 { "them" } else { "it" }
        ))
    }
}
