//! `server/cors/…`: whether a browser may read the payment headers (INFO; the spec says nothing).

use super::*;

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
    // A v1 server carries the requirements in the body; only its receipt is a header.
    let wanted: &[&str] = if matches!(read_required(r), Ok(PaymentRequired::V1(_))) {
        &["x-payment-response"]
    } else {
        &["payment-required", "payment-response"]
    };
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
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

/// The `server/cors/…` cases.
pub(super) fn cases() -> Vec<Case> {
    vec![Case {
        id: "server/cors/expose-headers",
        title: "browsers may read PAYMENT-REQUIRED and PAYMENT-RESPONSE",
        clause: "Fetch standard (CORS-safelisted response headers); docs/protocol/transport.md §2.6, docs/protocol/disagreements.md #33",
        expected: "A cross-origin 402 lists PAYMENT-REQUIRED and PAYMENT-RESPONSE in Access-Control-Expose-Headers (a v1 server, whose requirements are in the body: X-PAYMENT-RESPONSE).",
        level: Level::Info,
        tags: &[Tag::Cors, Tag::Http],
        needs: Needs::NONE,
        profiles: CORS_PROFILES,
        run: |ctx| Box::pin(cors_expose(ctx)),
    }]
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
