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

pub(super) async fn unpaid_no_store(ctx: Ctx) -> Verdict {
    let ex = get_resource(&ctx, Vec::new()).await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if !matches!(r.status, 402 | 412) {
        return Verdict::skipped(format!(
            "precondition: the unpaid request answered 402 (see server/unpaid/status-402), got {}",
            r.status
        ));
    }
    let cc = r.header("cache-control");
    match transport::check_cache_control(r.status, false, cc) {
        Ok(()) => Verdict::passed(format!(
            "HTTP {} with Cache-Control {:?}",
            r.status,
            cc.unwrap_or("")
        )),
        Err(e) => Verdict::failed(format!("HTTP {}: {e}", r.status)),
    }
}

pub(super) async fn payment_flows(ctx: Ctx) -> Verdict {
    let req = match required(&ctx).await {
        Ok(r) => r,
        Err(v) => return v,
    };
    let PaymentRequired::V2(pr) = &req else {
        return Verdict::skipped("v1 offers carry no payment flow");
    };
    let mut checked = 0usize;
    let mut problems = Vec::new();
    for (i, a) in pr.accepts.iter().enumerate() {
        let (scheme, network) = (a.scheme.as_str(), a.network.to_string());
        if x402_spec::flow::scheme_flows(scheme, &network).is_none() {
            continue;
        }
        checked = checked.saturating_add(1);
        if let Err(e) = x402_spec::flow::check_offered(scheme, &network, a.extra.as_ref()) {
            problems.push(format!("accepts[{i}]{}: {e}", e.pointer()));
        }
    }
    if !problems.is_empty() {
        Verdict::failed(problems.join("; "))
    } else if checked == 0 {
        Verdict::skipped(
            "no offer of a scheme whose flows x402-spec knows (exact, upto on eip155/solana)",
        )
    } else {
        Verdict::passed(format!(
            "{checked} offer(s), each with a supported asset transfer method and flow"
        ))
    }
}

/// `server/unpaid/bazaar-valid`: a declared bazaar extension decodes and references nothing
/// outside itself.
pub(super) async fn bazaar_valid(ctx: Ctx) -> Verdict {
    let req = match required(&ctx).await {
        Ok(r) => r,
        Err(v) => return v,
    };
    let PaymentRequired::V2(pr) = &req else {
        return Verdict::skipped("v1 documents carry no extensions");
    };
    let Some(ext) = pr.extensions.as_ref() else {
        return Verdict::skipped("the 402 declares no bazaar extension (nothing to check)");
    };
    let Some(raw) = ext.raw("bazaar") else {
        return Verdict::skipped("the 402 declares no bazaar extension (nothing to check)");
    };
    if let Err(e) = ext.get::<x402_spec::extensions::Bazaar>("bazaar") {
        return Verdict::failed(format!("extensions.bazaar does not decode: {e}"));
    }
    match x402_spec::extensions::schema_refs::external_reference(raw) {
        Some(pointer) => Verdict::failed(format!(
            "extensions.bazaar{pointer} references a schema outside the document (a crawler would have to fetch it; @x402/extensions 2.27.0 refuses it)"
        )),
        None => Verdict::passed("extensions.bazaar decodes, with no external $ref/$id"),
    }
}

/// The `server/unpaid/…` cases.
pub(super) fn cases() -> Vec<Case> {
    vec![
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
            id: "server/unpaid/cache-control-no-store",
            title: "the 402 answer may not be stored by any cache",
            clause: "docs/protocol/deployed.md §8 (@x402/core 2.27.0 and x402 2.25.0 PAYMENT_REQUIRED_CACHE_CONTROL); RFC 9111 §5.2.2.5 (no-store)",
            expected: "The unpaid answer (402, or 412 for permit2_allowance_required) carries Cache-Control with the no-store directive.",
            level: Level::Should,
            tags: &[Tag::PaymentRequired, Tag::Http],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(unpaid_no_store(ctx)),
        },
        Case {
            id: "server/unpaid/payment-flows-supported",
            title: "every offer's asset transfer method and payment flow are ones its scheme supports",
            clause: "docs/protocol/deployed.md §1 (@x402/core 2.27.0 resolvePaymentFlow, applyPaymentFlowWireExtra; the scheme servers' paymentFlows)",
            expected: "For each exact/upto offer on eip155 or solana: extra.assetTransferMethod (if any) is a method of the scheme, extra.paymentFlow (if any) a flow that method supports, and a flow other than authorization is written explicitly.",
            level: Level::Must,
            tags: &[Tag::PaymentRequired],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(payment_flows(ctx)),
        },
        Case {
            id: "server/unpaid/bazaar-valid",
            title: "a declared bazaar extension decodes and is self-contained",
            clause: "docs/protocol/extensions.md (bazaar; @x402/extensions 2.27.0 hasExternalSchemaReference)",
            expected: "When the 402 declares extensions.bazaar, it decodes (info.input of type http or mcp, optional output, schema, routeTemplate) and no $ref or $id in it points outside the document.",
            level: Level::Should,
            tags: &[Tag::PaymentRequired, Tag::Extension],
            needs: Needs::NONE,
            profiles: &[],
            run: |ctx| Box::pin(bazaar_valid(ctx)),
        },
    ]
}
