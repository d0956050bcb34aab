//! Resource-server cases (`x402-conformance server --url URL`): the 402 answer and its
//! `PAYMENT-REQUIRED` document, the status of malformed, undecodable, wrong-version and
//! mismatched `PAYMENT-SIGNATURE` headers, a valid payment settled through whatever facilitator
//! the server uses, a replay, and informational CORS / `Settlement-Overrides` checks.
//!
//! The target is one protected URL (`--url` plus `--path`). Behavioural reference:
//! transports-v2/http.md (status table: 402 payment required or failed, 400 invalid payment);
//! protocol.md §2.1–§2.7 (what the TS, Go and Python servers do, and where they differ).
//!
//! # Levels
//!
//! - The 402 and a document that parses and makes sense are MUST (a client cannot pay otherwise).
//! - For every malformed header: `…/refused` (MUST) — no 2xx and no 5xx (a 5xx only where the
//!   profile's SDK answers one); `…/status` (SHOULD) — exactly the status of the profile (strict:
//!   400 for a header that is not a v2 payment, 402 with `PAYMENT-REQUIRED` for one that does not
//!   match or does not verify; TS and Python: 402 throughout; Go: 400; protocol.md §2.5, §8 #10).
//! - A valid payment answered 200 with a valid `PAYMENT-RESPONSE`, and the refusal of its
//!   replay, are MUST; addresses in EIP-55 are SHOULD; CORS exposure and the
//!   `Settlement-Overrides` leak are INFO (the spec says nothing; protocol.md §2.6, §8 #33, #34).
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
            clause: "transports-v2/http.md (402 Payment Required); protocol.md §2.5",
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
            clause: "x402 v2 §5.1, transports-v2/http.md (PAYMENT-REQUIRED: base64 PaymentRequired); v1: JSON body; protocol.md §1.4, §2.2, §2.3",
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
            clause: "x402 v2 §5.1.2, exact EVM scheme (extra.name/version); protocol.md §1.2, §4.2, §4.8",
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
            clause: "EIP-55; protocol.md §1.2, §4.6 (clients echo accepted verbatim, and TS deep-compares it)",
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
            clause: "Fetch standard (CORS-safelisted response headers); protocol.md §2.6, §8 #33",
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
            clause: "x402 v2 §5.3, transports-v2/http.md (PAYMENT-RESPONSE on success); protocol.md §1.9, §2.1, §2.5",
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
            clause: "EIP-3009 / Permit2 nonces are single use; transports-v2/http.md (402 payment failed); protocol.md §2.5",
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
            clause: "x402 v2 §5.2 (accepted is the requirement the client accepted); protocol.md §2.4, §8 #26 (TS deep-equals accepted)",
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
            clause: "protocol.md §2.1 (handler → middleware header; Go deletes it), §8 #34",
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
        "Not required: no TS server sets Access-Control-Expose-Headers (protocol.md §2.6, §8 #33); the case reports what it saw.",
    ),
    diverge(
        Profile::Go,
        "Not required: no Go server sets Access-Control-Expose-Headers (protocol.md §2.6, §8 #33); the case reports what it saw.",
    ),
    diverge(
        Profile::Py,
        "Not required: no Python server sets Access-Control-Expose-Headers (protocol.md §2.6, §8 #33); the case reports what it saw.",
    ),
];
const FIVE_FIELD_PROFILES: &[Divergence] = &[
    diverge(
        Profile::Go,
        "Accepted or refused: the Go server matches accepted on scheme, network, amount, asset and payTo only, so this payment is settled (protocol.md §2.4, §8 #26).",
    ),
    diverge(
        Profile::Py,
        "Accepted or refused: the Python server matches accepted on scheme, network, amount, asset and payTo only, so this payment is settled (protocol.md §2.4, §8 #26).",
    ),
];
const OVERRIDES_PROFILES: &[Divergence] = &[diverge(
    Profile::Ts,
    "Not required: TS express/hono/fastify leave Settlement-Overrides on the response when the handler sets it (protocol.md §2.1, §8 #34); the case reports what it saw.",
)];

// ---------------------------------------------------------------------------------------------
// Unpaid
// ---------------------------------------------------------------------------------------------

async fn unpaid_status(ctx: Ctx) -> Verdict {
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

async fn unpaid_parses(ctx: Ctx) -> Verdict {
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

fn raw_offers(req: &PaymentRequired) -> Vec<(String, Value)> {
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

async fn accepts_sane(ctx: Ctx) -> Verdict {
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

async fn addresses_checksummed(ctx: Ctx) -> Verdict {
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

async fn cors_expose(ctx: Ctx) -> Verdict {
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
            "{} not exposed, as the {profile} SDK servers do (protocol.md §2.6)",
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

// ---------------------------------------------------------------------------------------------
// Malformed PAYMENT-SIGNATURE headers
// ---------------------------------------------------------------------------------------------

/// A payment header the server must refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadHeader {
    /// Not base64 at all.
    NotBase64,
    /// Base64 of text that is not JSON.
    NotJson,
    /// Base64 of JSON that is not a payment payload (`{"x402Version":2}`).
    NotAPayload,
    /// A well-formed payload with `x402Version` 99.
    UnknownVersion,
    /// An x402Version 1 payload in the v2 header.
    V1Payload,
    /// A signed v2 payload whose `accepted` matches no offer (amount + 1).
    Mismatched,
    /// A v2 payload matching the offer whose signature is corrupted.
    BadSignature,
}

impl BadHeader {
    /// Every input.
    pub const ALL: [BadHeader; 7] = [
        BadHeader::NotBase64,
        BadHeader::NotJson,
        BadHeader::NotAPayload,
        BadHeader::UnknownVersion,
        BadHeader::V1Payload,
        BadHeader::Mismatched,
        BadHeader::BadSignature,
    ];

    /// Whether the header is not a usable v2 payment at all (the spec's "invalid payment", 400),
    /// as opposed to a v2 payment that does not match or does not verify (402).
    pub const fn is_malformed(self) -> bool {
        !matches!(self, BadHeader::Mismatched | BadHeader::BadSignature)
    }

    const fn refused_id(self) -> &'static str {
        match self {
            BadHeader::NotBase64 => "server/payment-signature/not-base64/refused",
            BadHeader::NotJson => "server/payment-signature/not-json/refused",
            BadHeader::NotAPayload => "server/payment-signature/not-a-payload/refused",
            BadHeader::UnknownVersion => "server/payment-signature/unknown-version/refused",
            BadHeader::V1Payload => "server/payment-signature/v1-payload/refused",
            BadHeader::Mismatched => "server/payment-signature/mismatched-accepted/refused",
            BadHeader::BadSignature => "server/payment-signature/bad-signature/refused",
        }
    }

    const fn status_id(self) -> &'static str {
        match self {
            BadHeader::NotBase64 => "server/payment-signature/not-base64/status",
            BadHeader::NotJson => "server/payment-signature/not-json/status",
            BadHeader::NotAPayload => "server/payment-signature/not-a-payload/status",
            BadHeader::UnknownVersion => "server/payment-signature/unknown-version/status",
            BadHeader::V1Payload => "server/payment-signature/v1-payload/status",
            BadHeader::Mismatched => "server/payment-signature/mismatched-accepted/status",
            BadHeader::BadSignature => "server/payment-signature/bad-signature/status",
        }
    }

    /// What the header is, for titles and messages.
    pub const fn what(self) -> &'static str {
        match self {
            BadHeader::NotBase64 => "a PAYMENT-SIGNATURE that is not base64",
            BadHeader::NotJson => "a PAYMENT-SIGNATURE that decodes to non-JSON text",
            BadHeader::NotAPayload => "a PAYMENT-SIGNATURE that is JSON but not a payment payload",
            BadHeader::UnknownVersion => "a PAYMENT-SIGNATURE with x402Version 99",
            BadHeader::V1Payload => "an x402Version 1 payload in PAYMENT-SIGNATURE",
            BadHeader::Mismatched => "a signed payment whose accepted matches no offer",
            BadHeader::BadSignature => "a payment for the offer with a corrupted signature",
        }
    }

    const fn refused_title(self) -> &'static str {
        match self {
            BadHeader::NotBase64 => {
                "a PAYMENT-SIGNATURE that is not base64 is refused without a 5xx"
            }
            BadHeader::NotJson => {
                "a PAYMENT-SIGNATURE that decodes to non-JSON text is refused without a 5xx"
            }
            BadHeader::NotAPayload => {
                "a PAYMENT-SIGNATURE that is not a payment payload is refused without a 5xx"
            }
            BadHeader::UnknownVersion => {
                "a PAYMENT-SIGNATURE with x402Version 99 is refused without a 5xx"
            }
            BadHeader::V1Payload => {
                "an x402Version 1 payload in PAYMENT-SIGNATURE is refused without a 5xx"
            }
            BadHeader::Mismatched => {
                "a payment whose accepted matches no offer is refused without a 5xx"
            }
            BadHeader::BadSignature => {
                "a payment with a corrupted signature is refused without a 5xx"
            }
        }
    }

    const fn status_title(self) -> &'static str {
        match self {
            BadHeader::NotBase64 => {
                "a PAYMENT-SIGNATURE that is not base64 gets the profile's status"
            }
            BadHeader::NotJson => {
                "a PAYMENT-SIGNATURE that decodes to non-JSON text gets the profile's status"
            }
            BadHeader::NotAPayload => {
                "a PAYMENT-SIGNATURE that is not a payment payload gets the profile's status"
            }
            BadHeader::UnknownVersion => {
                "a PAYMENT-SIGNATURE with x402Version 99 gets the profile's status"
            }
            BadHeader::V1Payload => {
                "an x402Version 1 payload in PAYMENT-SIGNATURE gets the profile's status"
            }
            BadHeader::Mismatched => {
                "a payment whose accepted matches no offer gets 402 with PAYMENT-REQUIRED"
            }
            BadHeader::BadSignature => {
                "a payment with a corrupted signature gets 402 with PAYMENT-REQUIRED"
            }
        }
    }

    const fn clause(self) -> &'static str {
        if self.is_malformed() {
            "transports-v2/http.md status table (400 Invalid payment); protocol.md §2.4, §2.5, §8 #10"
        } else {
            "transports-v2/http.md status table (402 payment required/failed); protocol.md §2.4 (requirement matching), §2.5"
        }
    }

    const fn strict_expected(self) -> &'static str {
        if self.is_malformed() {
            "HTTP 400 (the header is not a usable x402 v2 payment: \"Invalid payment\")."
        } else {
            "HTTP 402 with a PAYMENT-REQUIRED header that decodes (the payment failed; the client may pay again)."
        }
    }

    fn refused_fn(self) -> crate::case::CaseFn {
        match self {
            BadHeader::NotBase64 => |ctx| Box::pin(bad_refused(ctx, BadHeader::NotBase64)),
            BadHeader::NotJson => |ctx| Box::pin(bad_refused(ctx, BadHeader::NotJson)),
            BadHeader::NotAPayload => |ctx| Box::pin(bad_refused(ctx, BadHeader::NotAPayload)),
            BadHeader::UnknownVersion => {
                |ctx| Box::pin(bad_refused(ctx, BadHeader::UnknownVersion))
            }
            BadHeader::V1Payload => |ctx| Box::pin(bad_refused(ctx, BadHeader::V1Payload)),
            BadHeader::Mismatched => |ctx| Box::pin(bad_refused(ctx, BadHeader::Mismatched)),
            BadHeader::BadSignature => |ctx| Box::pin(bad_refused(ctx, BadHeader::BadSignature)),
        }
    }

    fn status_fn(self) -> crate::case::CaseFn {
        match self {
            BadHeader::NotBase64 => |ctx| Box::pin(bad_status(ctx, BadHeader::NotBase64)),
            BadHeader::NotJson => |ctx| Box::pin(bad_status(ctx, BadHeader::NotJson)),
            BadHeader::NotAPayload => |ctx| Box::pin(bad_status(ctx, BadHeader::NotAPayload)),
            BadHeader::UnknownVersion => |ctx| Box::pin(bad_status(ctx, BadHeader::UnknownVersion)),
            BadHeader::V1Payload => |ctx| Box::pin(bad_status(ctx, BadHeader::V1Payload)),
            BadHeader::Mismatched => |ctx| Box::pin(bad_status(ctx, BadHeader::Mismatched)),
            BadHeader::BadSignature => |ctx| Box::pin(bad_status(ctx, BadHeader::BadSignature)),
        }
    }

    /// The statuses `profile` expects for this header (protocol.md §2.5).
    pub fn expected_statuses(self, profile: Profile) -> &'static [u16] {
        match (profile, self) {
            (_, BadHeader::Mismatched | BadHeader::BadSignature) => &[402],
            (Profile::Strict | Profile::Go, _) => &[400],
            (Profile::Ts, _) => &[402],
            (Profile::Py, BadHeader::V1Payload) => &[500],
            (Profile::Py, BadHeader::UnknownVersion) => &[402, 500],
            (Profile::Py, _) => &[402],
        }
    }

    fn status_profiles(self) -> &'static [Divergence] {
        match self {
            BadHeader::Mismatched | BadHeader::BadSignature => &[],
            BadHeader::V1Payload => V1_STATUS_PROFILES,
            BadHeader::UnknownVersion => UNKNOWN_STATUS_PROFILES,
            _ => UNDECODABLE_STATUS_PROFILES,
        }
    }

    fn refused_profiles(self) -> &'static [Divergence] {
        match self {
            BadHeader::V1Payload | BadHeader::UnknownVersion => PY_500_PROFILES,
            _ => &[],
        }
    }
}

const TS_402: Divergence = diverge(
    Profile::Ts,
    "HTTP 402 with PAYMENT-REQUIRED: the TS server treats a header it cannot use as no payment, or fails it with an error message (protocol.md §2.5, §8 #10).",
);
const PY_402: Divergence = diverge(
    Profile::Py,
    "HTTP 402 with PAYMENT-REQUIRED: the Python server treats an undecodable header as no payment (protocol.md §2.5, §8 #10).",
);
const UNDECODABLE_STATUS_PROFILES: &[Divergence] = &[TS_402, PY_402];
const V1_STATUS_PROFILES: &[Divergence] = &[
    TS_402,
    diverge(
        Profile::Py,
        "HTTP 500: the exception of find_matching_requirements escapes to the framework (protocol.md §2.5).",
    ),
];
const UNKNOWN_STATUS_PROFILES: &[Divergence] = &[
    TS_402,
    diverge(
        Profile::Py,
        "HTTP 402 or 500: the Python server either treats the header as no payment or lets the version error escape (protocol.md §2.5).",
    ),
];
const PY_500_PROFILES: &[Divergence] = &[diverge(
    Profile::Py,
    "Not 2xx; a 500 is what the Python SDK server answers here (protocol.md §2.5), so it is accepted.",
)];

/// The offer cannot be signed as written: the target's fault, reported by
/// `server/unpaid/accepts-sane`, so the case that needed a payment is skipped.
fn unsignable(e: x402_spec::client::ClientError) -> Verdict {
    Verdict::skipped(format!(
        "precondition: the harness cannot sign for the offer ({e}); see server/unpaid/accepts-sane"
    ))
}

/// The header value for `input`, built from the server's first offer when one is needed.
async fn bad_header_value(ctx: &Ctx, input: BadHeader) -> Result<String, Verdict> {
    match input {
        BadHeader::NotBase64 => return Ok("not*base64!".to_owned()),
        BadHeader::NotJson => return Ok(header::encode_bytes(b"this is not JSON")),
        BadHeader::NotAPayload => return Ok(header::encode_bytes(br#"{"x402Version":2}"#)),
        _ => {}
    }
    let PaymentRequired::V2(pr) = required(ctx).await? else {
        return Err(Verdict::skipped(
            "the server speaks x402 v1 (402 JSON body); PAYMENT-SIGNATURE is the v2 header",
        ));
    };
    let throwaway = builtin_signer(&THROWAWAY_KEY).map_err(|e| Verdict::errored(e.to_string()))?;
    let now = ctx.now_secs();
    let index = select_v2(&pr, &ClientPolicy::default())
        .map_err(|e| Verdict::skipped(format!("no offer the harness can sign for: {e}")))?;
    let mut nonce = || ctx.next_nonce();
    let sign = |pr: &v2::PaymentRequired, nonce: &mut dyn x402_spec::client::NonceSource| {
        pay_v2(&throwaway, pr, index, now, nonce).map_err(unsignable)
    };
    let to_value = |p: &v2::PaymentPayload| {
        serde_json::to_value(p).map_err(|e| Verdict::errored(e.to_string()))
    };
    let value = match input {
        BadHeader::UnknownVersion => {
            let mut v = to_value(&sign(&pr, &mut nonce)?)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("x402Version".to_owned(), json!(99));
            }
            v
        }
        BadHeader::V1Payload => {
            let p = sign(&pr, &mut nonce)?;
            let network =
                x402_spec::primitives::caip2_to_v1(&p.accepted.network).unwrap_or("base-sepolia");
            json!({
                "x402Version": 1,
                "scheme": p.accepted.scheme,
                "network": network,
                "payload": p.payload,
            })
        }
        BadHeader::Mismatched => {
            let mut other = pr.clone();
            let mut offered = other
                .accepts
                .get(index)
                .map(|a| a.value().clone())
                .ok_or_else(|| Verdict::errored("offer index out of range"))?;
            offered.amount = x402_spec::primitives::DecimalU256::new(
                offered.amount.get().saturating_add(U256::from(1u8)),
            );
            let echoed = Echoed::new(offered).map_err(|e| Verdict::errored(e.to_string()))?;
            other.accepts =
                v2::NonEmpty::new(vec![echoed]).ok_or_else(|| Verdict::errored("empty accepts"))?;
            to_value(&pay_v2(&throwaway, &other, 0, now, &mut nonce).map_err(unsignable)?)?
        }
        _ => {
            let mut p = sign(&pr, &mut nonce)?;
            if let Some(Value::String(sig)) = p.payload.get_mut("signature")
                && let Ok(bytes) = HexBytes::parse(sig)
            {
                let mut b = bytes.as_slice().to_vec();
                if let Some(first) = b.get_mut(5) {
                    *first ^= 0x55;
                }
                *sig = alloy_primitives::hex::encode_prefixed(b);
            }
            to_value(&p)?
        }
    };
    let text = serde_json::to_vec(&value).map_err(|e| Verdict::errored(e.to_string()))?;
    Ok(header::encode_bytes(&text))
}

async fn send_bad(ctx: &Ctx, input: BadHeader) -> Result<Exchange, Verdict> {
    let value = bad_header_value(ctx, input).await?;
    Ok(get_resource(ctx, vec![(PAYMENT_SIGNATURE.to_ascii_lowercase(), value)]).await)
}

/// The MUST judgement: not 2xx; not 5xx unless the profile's SDK answers one.
pub fn judge_bad_refused(input: BadHeader, ex: &Exchange, profile: Profile) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let allowed = input.expected_statuses(profile);
    match r.status {
        200..=299 => Verdict::failed(format!(
            "HTTP {}: {} was ACCEPTED (the resource was served)",
            r.status,
            input.what()
        )),
        500..=599 if allowed.iter().any(|s| *s >= 500) => Verdict::passed(format!(
            "HTTP {} (what the {profile} SDK server answers)",
            r.status
        )),
        500..=599 => Verdict::failed(format!(
            "HTTP {}: {} is the client's fault, not a server error (transports-v2/http.md: 400 invalid payment / 402 payment failed)",
            r.status,
            input.what()
        )),
        s => Verdict::passed(format!("HTTP {s}")),
    }
}

/// The SHOULD judgement: the profile's status, and a 402 carries a decodable `PAYMENT-REQUIRED`.
pub fn judge_bad_status(input: BadHeader, ex: &Exchange, profile: Profile) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let allowed = input.expected_statuses(profile);
    if !allowed.contains(&r.status) {
        let want: Vec<String> = allowed.iter().map(u16::to_string).collect();
        let body = r
            .json()
            .ok()
            .and_then(|b| b.get("error").cloned())
            .map(|e| format!(" (error {})", describe(&e)))
            .unwrap_or_default();
        return Verdict::failed(format!(
            "HTTP {}{body} for {}; --profile {profile} expects {}",
            r.status,
            input.what(),
            want.join(" or ")
        ));
    }
    if r.status == 402 {
        return match read_required(r) {
            Ok(_) => Verdict::passed(format!(
                "HTTP 402 with a PAYMENT-REQUIRED that decodes{}",
                error_note(r)
            )),
            Err(m) => Verdict::failed(format!(
                "HTTP 402 but {m}; a client cannot retry without the requirements"
            )),
        };
    }
    Verdict::passed(format!("HTTP {}{}", r.status, error_note(r)))
}

fn error_note(r: &Response) -> String {
    let from_header = r
        .header(PAYMENT_REQUIRED)
        .and_then(|v| header::decode_payment_required(v, DecodeOptions::lenient()).ok())
        .and_then(|pr| match pr {
            x402_spec::PaymentRequired::V2(p) => p.error,
            x402_spec::PaymentRequired::V1(p) => p.error,
            _ => None,
        });
    let from_body = r
        .json()
        .ok()
        .and_then(|b| b.get("error").and_then(Value::as_str).map(str::to_owned));
    from_header
        .or(from_body)
        .map(|e| format!(", error {}", preview(e.as_bytes(), 100)))
        .unwrap_or_default()
}

async fn bad_refused(ctx: Ctx, input: BadHeader) -> Verdict {
    match send_bad(&ctx, input).await {
        Ok(ex) => judge_bad_refused(input, &ex, ctx.config().profile),
        Err(v) => v,
    }
}

async fn bad_status(ctx: Ctx, input: BadHeader) -> Verdict {
    match send_bad(&ctx, input).await {
        Ok(ex) => judge_bad_status(input, &ex, ctx.config().profile),
        Err(v) => v,
    }
}

// ---------------------------------------------------------------------------------------------
// Paid
// ---------------------------------------------------------------------------------------------

/// A payment by the payer for the server's offer, ready to send.
struct Paid {
    header_name: &'static str,
    response_header: &'static str,
    value: String,
    network: String,
    amount: U256,
    payer: alloy_primitives::Address,
}

fn payer(ctx: &Ctx) -> Result<LocalSigner, Verdict> {
    ctx.payer_signer()
        .cloned()
        .ok_or_else(|| Verdict::skipped("needs funded-payer (no usable payer key)"))
}

/// Signs a payment for the server's offer with the payer key, reserving its amount.
async fn pay(ctx: &Ctx) -> Result<Paid, Verdict> {
    pay_edited(ctx, false).await
}

/// As [`pay`]; with `not_offered`, `accepted` is the chosen offer with `maxTimeoutSeconds`
/// one second longer (what the client signs is otherwise valid for the offer).
async fn pay_edited(ctx: &Ctx, not_offered: bool) -> Result<Paid, Verdict> {
    let signer = payer(ctx)?;
    let req = required(ctx).await?;
    let now = ctx.now_secs();
    let remaining = ctx.config().max_spend.saturating_sub(ctx.budget().spent());
    let mut nonce = || ctx.next_nonce();
    let paid = match req {
        PaymentRequired::V2(pr) => {
            let policy = ClientPolicy::default().with_max_amount(remaining);
            let index = select_v2(&pr, &policy).map_err(|e| {
                Verdict::skipped(format!(
                    "no offer the harness can pay within --max-spend ({remaining} left): {e}"
                ))
            })?;
            let mut to_pay = pr.clone();
            if not_offered {
                let mut offered = to_pay
                    .accepts
                    .get(index)
                    .map(|a| a.value().clone())
                    .ok_or_else(|| Verdict::errored("offer index out of range"))?;
                offered.max_timeout_seconds = x402_spec::common::TimeoutSeconds::new(
                    offered.max_timeout_seconds.get().saturating_add(1),
                )
                .ok_or_else(|| Verdict::errored("timeout overflow"))?;
                let mut all: Vec<Echoed<v2::PaymentRequirements>> =
                    to_pay.accepts.iter().cloned().collect();
                if let Some(slot) = all.get_mut(index) {
                    *slot = Echoed::new(offered).map_err(|e| Verdict::errored(e.to_string()))?;
                }
                to_pay.accepts =
                    v2::NonEmpty::new(all).ok_or_else(|| Verdict::errored("empty accepts"))?;
            }
            let p = pay_v2(&signer, &to_pay, index, now, &mut nonce).map_err(unsignable)?;
            Paid {
                header_name: PAYMENT_SIGNATURE,
                response_header: PAYMENT_RESPONSE,
                value: header::encode(&p).map_err(|e| Verdict::errored(e.to_string()))?,
                network: p.accepted.network.to_string(),
                amount: p.accepted.amount.get(),
                payer: signer.address(),
            }
        }
        PaymentRequired::V1(_) if not_offered => {
            return Err(Verdict::skipped(
                "the server speaks x402 v1, whose payloads carry no accepted to mismatch",
            ));
        }
        PaymentRequired::V1(pr) => {
            let index = select_v1(&pr, Some(remaining)).ok_or_else(|| {
                Verdict::skipped(format!(
                    "no v1 exact EVM offer with extra.name/version the harness can pay within --max-spend ({remaining} left)"
                ))
            })?;
            let amount = pr
                .accepts
                .get(index)
                .map(|a| a.max_amount_required.get())
                .unwrap_or_default();
            let p = pay_v1(&signer, &pr, index, now, &mut nonce).map_err(unsignable)?;
            Paid {
                header_name: X_PAYMENT,
                response_header: X_PAYMENT_RESPONSE,
                value: header::encode(&p).map_err(|e| Verdict::errored(e.to_string()))?,
                network: p.network.to_string(),
                amount,
                payer: signer.address(),
            }
        }
        _ => {
            return Err(Verdict::skipped(
                "a PaymentRequired of an x402Version this harness does not know",
            ));
        }
    };
    ctx.budget()
        .reserve(paid.amount)
        .map_err(|e| Verdict::skipped(e.to_string()))?;
    Ok(paid)
}

async fn send_paid(ctx: &Ctx, p: &Paid) -> Exchange {
    get_resource(
        ctx,
        vec![(p.header_name.to_ascii_lowercase(), p.value.clone())],
    )
    .await
}

/// Judges the answer to a valid payment: 200 with a valid, successful settle response header.
fn judge_paid(ex: &Exchange, p: &Paid) -> Result<SettleResponse, Verdict> {
    let r = response_of(ex)?;
    if r.status != 200 {
        return Err(Verdict::failed(format!(
            "HTTP {} for a valid payment{}; expected 200 with {}",
            r.status,
            error_note(r),
            p.response_header
        )));
    }
    let Some(value) = r.header(p.response_header) else {
        return Err(Verdict::failed(format!(
            "HTTP 200 without a {} header; the client cannot learn the settlement",
            p.response_header
        )));
    };
    let resp = header::decode_payment_response(value, DecodeOptions::strict()).map_err(|e| {
        Verdict::failed(format!(
            "{} {} does not decode as a SettleResponse: {e}",
            p.response_header,
            preview(value.as_bytes(), 60)
        ))
    })?;
    let mut problems = Vec::new();
    if !resp.success {
        problems.push(format!(
            "success is false (errorReason {:?}) on a 200",
            resp.error_reason.as_ref().map(|r| r.as_str().to_owned())
        ));
    }
    if resp.transaction.is_empty() {
        problems.push("transaction is empty".to_owned());
    }
    let network = resp.network.to_string();
    let same_network = network == p.network
        || Network::parse(&p.network)
            .ok()
            .and_then(|n| x402_spec::primitives::caip2_to_v1(&n))
            .is_some_and(|v1| v1 == network);
    if !same_network {
        problems.push(format!(
            "network is {network:?}, expected the paid requirement's {:?}",
            p.network
        ));
    }
    if let Some(payer) = &resp.payer
        && payer.as_evm().map(|e| e.get()) != Some(p.payer)
    {
        problems.push(format!("payer is {payer}, expected the signer {}", p.payer));
    }
    if problems.is_empty() {
        Ok(resp)
    } else {
        Err(Verdict::failed(problems.join("; ")))
    }
}

async fn paid_valid(ctx: Ctx) -> Verdict {
    let p = match pay(&ctx).await {
        Ok(p) => p,
        Err(v) => return v,
    };
    let ex = send_paid(&ctx, &p).await;
    match judge_paid(&ex, &p) {
        Ok(resp) => Verdict::passed(format!(
            "HTTP 200, {}: success, transaction {}, network {}{}",
            p.response_header,
            resp.transaction,
            resp.network,
            resp.payer
                .map(|a| format!(", payer {a}"))
                .unwrap_or_else(|| ", no payer".to_owned())
        )),
        Err(v) => v,
    }
}

async fn paid_replay(ctx: Ctx) -> Verdict {
    let p = match pay(&ctx).await {
        Ok(p) => p,
        Err(v) => return v,
    };
    // A server that wrongly accepts the replay may settle twice.
    if let Err(e) = ctx.budget().reserve(p.amount) {
        return Verdict::skipped(e.to_string());
    }
    let first = send_paid(&ctx, &p).await;
    if let Err(v) = judge_paid(&first, &p) {
        return match v {
            Verdict::Failed { message } => {
                Verdict::failed(format!("precondition: the first payment failed: {message}"))
            }
            other => other,
        };
    }
    let again = send_paid(&ctx, &p).await;
    let r = match response_of(&again) {
        Ok(r) => r,
        Err(v) => return v,
    };
    match r.status {
        200..=299 => Verdict::failed(format!(
            "HTTP {}: the replayed payment was ACCEPTED{}",
            r.status,
            if r.header(p.response_header).is_some() {
                " (with a settle response header)"
            } else {
                ""
            }
        )),
        500..=599 => Verdict::failed(format!(
            "HTTP {}: a replay is a failed payment (402), not a server error{}",
            r.status,
            error_note(r)
        )),
        s => Verdict::passed(format!("replay answered HTTP {s}{}", error_note(r))),
    }
}

async fn paid_not_offered(ctx: Ctx) -> Verdict {
    let p = match pay_edited(&ctx, true).await {
        Ok(p) => p,
        Err(v) => return v,
    };
    let ex = send_paid(&ctx, &p).await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    match r.status {
        200..=299 if matches!(profile, Profile::Go | Profile::Py) => Verdict::passed(format!(
            "HTTP {}: settled, as the {profile} server's five-field matching does",
            r.status
        )),
        200..=299 => Verdict::failed(format!(
            "HTTP {}: a payment whose accepted is not one of the offers was ACCEPTED{}",
            r.status,
            if r.header(p.response_header).is_some() {
                " and settled"
            } else {
                ""
            }
        )),
        500..=599 => Verdict::failed(format!(
            "HTTP {}: a payment that matches no offer is a failed payment (402), not a server error{}",
            r.status,
            error_note(r)
        )),
        s => Verdict::passed(format!("HTTP {s}{}", error_note(r))),
    }
}

async fn overrides_not_leaked(ctx: Ctx) -> Verdict {
    let p = match pay(&ctx).await {
        Ok(p) => p,
        Err(v) => return v,
    };
    let ex = send_paid(&ctx, &p).await;
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if r.status != 200 {
        return Verdict::skipped(format!(
            "precondition: the paid request answered 200 (see server/paid/valid/settled), got {}",
            r.status
        ));
    }
    match r.header("settlement-overrides") {
        None => Verdict::passed("no Settlement-Overrides header on the paid answer"),
        Some(v) if ctx.config().profile == Profile::Ts => Verdict::passed(format!(
            "Settlement-Overrides {} leaked, as TS frameworks do (protocol.md §2.1)",
            preview(v.as_bytes(), 60)
        )),
        Some(v) => Verdict::failed(format!(
            "Settlement-Overrides {} reached the client; it is internal to the server (protocol.md §2.1)",
            preview(v.as_bytes(), 60)
        )),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::case::VerdictKind;
    use crate::http::RecordedRequest;

    fn ex(status: u16, headers: Vec<Header>, body: &str) -> Exchange {
        Exchange {
            request: RecordedRequest {
                method: "GET".into(),
                url: "u".into(),
                headers: vec![],
                body: Bytes::new(),
            },
            response: Ok(Response {
                status,
                headers,
                body: Bytes::from(body.to_owned()),
                truncated: false,
            }),
            elapsed: std::time::Duration::ZERO,
        }
    }

    #[test]
    fn bad_header_judgements_follow_the_profile() {
        let four = ex(400, vec![], r#"{"error":"Invalid payment"}"#);
        let five = ex(500, vec![], "boom");
        let ok = ex(200, vec![], "{}");
        let plain402 = ex(402, vec![], "{}");
        for input in BadHeader::ALL {
            assert_eq!(
                judge_bad_refused(input, &ok, Profile::Ts).kind(),
                VerdictKind::Failed
            );
            assert_eq!(
                judge_bad_refused(input, &five, Profile::Strict).kind(),
                VerdictKind::Failed
            );
        }
        assert_eq!(
            judge_bad_refused(BadHeader::V1Payload, &five, Profile::Py).kind(),
            VerdictKind::Passed
        );
        assert_eq!(
            judge_bad_status(BadHeader::NotJson, &four, Profile::Strict).kind(),
            VerdictKind::Passed
        );
        assert_eq!(
            judge_bad_status(BadHeader::NotJson, &four, Profile::Ts).kind(),
            VerdictKind::Failed
        );
        let st = judge_bad_status(BadHeader::NotJson, &plain402, Profile::Ts);
        assert_eq!(
            st.kind(),
            VerdictKind::Failed,
            "402 without PAYMENT-REQUIRED"
        );
        assert!(st.message().contains("PAYMENT-REQUIRED"), "{st:?}");
        assert_eq!(
            judge_bad_status(BadHeader::Mismatched, &four, Profile::Go).kind(),
            VerdictKind::Failed
        );
    }
}
