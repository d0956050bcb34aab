//! Malformed and hostile request bodies sent to `POST /verify` and `POST /settle`.
//!
//! The spec does not say which HTTP status a facilitator uses for a malformed request
//! (docs/protocol/disagreements.md #36): the reference e2e facilitators answer 400 (TS, Go), 422 (Python), or 500
//! (Go, for missing fields; docs/protocol/codes.md §3.7). So each input gets two cases:
//! - `…/rejected` (MUST): the request is not accepted — no 2xx with `isValid:true` /
//!   `success:true`, a 2xx must carry `isValid:false` / `success:false`, a body that claims JSON
//!   must parse — and an answer arrives within the timeout (hanging is a failure);
//! - `…/status` (SHOULD): the answer is a 4xx, or a 200 with `isValid:false` / `success:false`
//!   and a reason; a 5xx is a SHOULD failure (a malformed request is the client's fault, x402 v2
//!   §4 "Invalid Request"), and JSON bodies carry `Content-Type: application/json`.
//!
//! No body here can move funds: each is signed by the x402-spec client with an unfunded
//! throwaway key, and its signature is then replaced by 65 zero bytes.

use bytes::Bytes;
use serde_json::{Value, json};

use alloy_primitives::U256;
use x402_spec::common::HexBytes;
use x402_spec::primitives::EvmAddress;

use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::cases::{describe, response_of};
use crate::ctx::Ctx;
use crate::http::{Exchange, TransportErrorKind};
use crate::pay::{
    AMOUNT, PayTarget, Payment, Signed, THROWAWAY_KEY, VersionedMechanism, builtin_signer,
    select_target,
};
use crate::profile::{Divergence, Profile, diverge};

/// A facilitator endpoint that takes a `VerifyRequest`/`SettleRequest` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /verify` (x402 v2 §7.1).
    Verify,
    /// `POST /settle` (x402 v2 §7.2).
    Settle,
}

impl Endpoint {
    /// The path.
    pub const fn path(self) -> &'static str {
        match self {
            Endpoint::Verify => "/verify",
            Endpoint::Settle => "/settle",
        }
    }

    /// The boolean member saying whether the request was accepted.
    pub const fn flag(self) -> &'static str {
        match self {
            Endpoint::Verify => "isValid",
            Endpoint::Settle => "success",
        }
    }

    /// The x402 response type of the endpoint.
    pub const fn response_type(self) -> &'static str {
        match self {
            Endpoint::Verify => "VerifyResponse",
            Endpoint::Settle => "SettleResponse",
        }
    }

    /// The member carrying the machine-readable reason.
    pub const fn reason(self) -> &'static str {
        match self {
            Endpoint::Verify => "invalidReason",
            Endpoint::Settle => "errorReason",
        }
    }
}

/// A malformed request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Truncated JSON text.
    MalformedJson,
    /// Zero bytes.
    EmptyBody,
    /// A JSON array wrapping an otherwise well-shaped request.
    JsonArray,
    /// No `paymentPayload`.
    MissingPaymentPayload,
    /// No `paymentRequirements`.
    MissingPaymentRequirements,
    /// `x402Version` as the string `"2"` (top level and in the payload).
    VersionAsString,
    /// `x402Version` 99 (top level and in the payload).
    UnknownVersion,
    /// A well-shaped request padded to 2 MiB.
    OversizedBody,
    /// `paymentPayload` nested 100 000 arrays deep (stack exhaustion in recursive parsers).
    DeeplyNestedJson,
}

/// Size of the oversized body.
pub const OVERSIZED_BYTES: usize = 2 * 1024 * 1024;
/// Nesting depth of the deeply nested body.
pub const NESTING_DEPTH: usize = 100_000;

const DEFAULT_NETWORK: &str = "eip155:84532";

/// Base Sepolia USDC (docs/protocol/networks.md §5.2), used when the target advertises no usable v2 kind.
fn fallback_target(ctx: &Ctx) -> PayTarget {
    let asset = x402_spec::primitives::Network::parse(DEFAULT_NETWORK)
        .ok()
        .and_then(|n| x402_spec::assets::default_asset(&n))
        .map(|a| (a.address(), a.eip712_name, a.eip712_version));
    let (asset, name, version) = asset.unwrap_or((
        EvmAddress::new(alloy_primitives::address!(
            "036CbD53842c5426634e7929541eC2318f3dCF7e"
        )),
        "USDC",
        "2",
    ));
    PayTarget {
        mechanism: VersionedMechanism::V2Eip3009,
        network: DEFAULT_NETWORK.to_owned(),
        chain_id: 84532,
        asset,
        domain: Some((name.to_owned(), version.to_owned())),
        pay_to: ctx.config().pay_to,
        amount: U256::from(AMOUNT),
        facilitator: None,
        pay_to_text: ctx.config().pay_to_text.clone(),
        asset_text: None,
    }
}

impl Input {
    /// A well-shaped v2 EIP-3009 request for the first advertised v2 kind (or Base Sepolia USDC),
    /// so that the request reaches the target's scheme routing rather than stopping at "unknown
    /// network". It is signed by the x402-spec client with the unfunded throwaway key and its
    /// signature is then zeroed, so it cannot move funds; `x402Version` is set to `version`.
    fn request(ctx: &Ctx, version: Value) -> Value {
        let target = select_target(ctx, VersionedMechanism::V2Eip3009)
            .unwrap_or_else(|_| fallback_target(ctx));
        let built = builtin_signer(&THROWAWAY_KEY).ok().and_then(|signer| {
            let mut p = Payment::build(&target, &signer, ctx.now_secs(), ctx.next_nonce()).ok()?;
            if let Signed::Eip3009(view) = &mut p.signed {
                view.signature = HexBytes(vec![0u8; 65].into());
            }
            p.request_json().ok()
        });
        let mut request = built.unwrap_or_else(|| json!({ "paymentPayload": {} }));
        if let Some(o) = request.as_object_mut() {
            o.insert("x402Version".to_owned(), version.clone());
        }
        if let Some(o) = request
            .get_mut("paymentPayload")
            .and_then(Value::as_object_mut)
        {
            o.insert("x402Version".to_owned(), version);
        }
        request
    }

    /// The body bytes.
    pub fn body(self, ctx: &Ctx) -> Bytes {
        let to_bytes = |v: &Value| Bytes::from(serde_json::to_vec(v).unwrap_or_default());
        match self {
            Input::MalformedJson => Bytes::from_static(
                br#"{"x402Version": 2, "paymentPayload": {"x402Version": 2, "accepted": "#,
            ),
            Input::EmptyBody => Bytes::new(),
            Input::JsonArray => to_bytes(&Value::Array(vec![Input::request(ctx, json!(2))])),
            Input::MissingPaymentPayload => {
                let mut r = Input::request(ctx, json!(2));
                if let Some(o) = r.as_object_mut() {
                    o.remove("paymentPayload");
                }
                to_bytes(&r)
            }
            Input::MissingPaymentRequirements => {
                let mut r = Input::request(ctx, json!(2));
                if let Some(o) = r.as_object_mut() {
                    o.remove("paymentRequirements");
                }
                to_bytes(&r)
            }
            Input::VersionAsString => to_bytes(&Input::request(ctx, json!("2"))),
            Input::UnknownVersion => to_bytes(&Input::request(ctx, json!(99))),
            Input::OversizedBody => {
                let mut r = Input::request(ctx, json!(2));
                if let Some(p) = r
                    .pointer_mut("/paymentPayload/payload")
                    .and_then(Value::as_object_mut)
                {
                    p.insert(
                        "padding".to_owned(),
                        Value::String("a".repeat(OVERSIZED_BYTES)),
                    );
                }
                to_bytes(&r)
            }
            Input::DeeplyNestedJson => {
                let mut s =
                    String::with_capacity(NESTING_DEPTH.saturating_mul(2).saturating_add(64));
                s.push_str(r#"{"x402Version":2,"paymentPayload":"#);
                s.extend(std::iter::repeat_n('[', NESTING_DEPTH));
                s.extend(std::iter::repeat_n(']', NESTING_DEPTH));
                s.push_str(r#","paymentRequirements":{}}"#);
                Bytes::from(s)
            }
        }
    }
}

impl Input {
    /// Whether this input is known to crash implementations (their cases carry [`Tag::Hostile`]
    /// and run last, one at a time).
    pub const fn is_hostile(self) -> bool {
        matches!(self, Input::OversizedBody | Input::DeeplyNestedJson)
    }
}

const fn rejected_tags(ep: Endpoint, input: Input) -> &'static [Tag] {
    match (ep, input.is_hostile()) {
        (Endpoint::Verify, false) => &[Tag::Verify, Tag::Robustness],
        (Endpoint::Verify, true) => &[Tag::Verify, Tag::Robustness, Tag::Hostile],
        (Endpoint::Settle, false) => &[Tag::Settle, Tag::Robustness],
        (Endpoint::Settle, true) => &[Tag::Settle, Tag::Robustness, Tag::Hostile],
    }
}

const fn status_tags(ep: Endpoint, input: Input) -> &'static [Tag] {
    match (ep, input.is_hostile()) {
        (Endpoint::Verify, false) => &[Tag::Verify, Tag::Robustness, Tag::Http],
        (Endpoint::Verify, true) => &[Tag::Verify, Tag::Robustness, Tag::Http, Tag::Hostile],
        (Endpoint::Settle, false) => &[Tag::Settle, Tag::Robustness, Tag::Http],
        (Endpoint::Settle, true) => &[Tag::Settle, Tag::Robustness, Tag::Http, Tag::Hostile],
    }
}

macro_rules! malformed_pair {
    ($ep:ident, $ep_path:literal, $flag:literal, $clause:literal, $input:ident, $rejected:literal, $status:literal, $what:literal) => {
        [
            Case {
                id: $rejected,
                title: concat!(
                    "POST /",
                    $ep_path,
                    " with ",
                    $what,
                    " is rejected within the timeout"
                ),
                clause: concat!($clause, "; docs/protocol/codes.md §3.7, docs/protocol/disagreements.md #36"),
                expected: concat!(
                    "Any timely answer except acceptance: no 2xx with ",
                    $flag,
                    ":true; a 2xx must be JSON with ",
                    $flag,
                    ":false; a body declared as JSON must parse. Hanging past the timeout fails."
                ),
                level: Level::Must,
                tags: rejected_tags(Endpoint::$ep, Input::$input),
                needs: Needs::NONE,
                profiles: &[],
                run: |ctx| Box::pin(rejected(ctx, Endpoint::$ep, Input::$input)),
            },
            Case {
                id: $status,
                title: concat!(
                    "POST /",
                    $ep_path,
                    " with ",
                    $what,
                    " gets a 4xx or a 200 with ",
                    $flag,
                    ":false"
                ),
                clause: concat!(
                    $clause,
                    "; x402 v2 §4 (Invalid Request); docs/protocol/codes.md §3.7, docs/protocol/disagreements.md #36"
                ),
                expected: concat!(
                    "HTTP 4xx, or HTTP 200 with ",
                    $flag,
                    ":false and a reason; not 5xx. ",
                    "JSON bodies are served as application/json."
                ),
                level: Level::Should,
                tags: status_tags(Endpoint::$ep, Input::$input),
                needs: Needs::NONE,
                profiles: status_profiles(Input::$input),
                run: |ctx| Box::pin(status(ctx, Endpoint::$ep, Input::$input)),
            },
        ]
    };
}

/// The malformed-request cases for `/verify` then `/settle`: one pair (refused; status) per
/// malformed body and endpoint, ids written out.
pub fn cases() -> Vec<Case> {
    let mut all: Vec<Case> = Vec::new();
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        MalformedJson,
        "facilitator/verify/malformed-json/rejected",
        "facilitator/verify/malformed-json/status",
        "truncated JSON"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        EmptyBody,
        "facilitator/verify/empty-body/rejected",
        "facilitator/verify/empty-body/status",
        "an empty body"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        JsonArray,
        "facilitator/verify/json-array/rejected",
        "facilitator/verify/json-array/status",
        "a JSON array body"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        MissingPaymentPayload,
        "facilitator/verify/missing-payment-payload/rejected",
        "facilitator/verify/missing-payment-payload/status",
        "no paymentPayload"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        MissingPaymentRequirements,
        "facilitator/verify/missing-payment-requirements/rejected",
        "facilitator/verify/missing-payment-requirements/status",
        "no paymentRequirements"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        VersionAsString,
        "facilitator/verify/x402version-string/rejected",
        "facilitator/verify/x402version-string/status",
        "x402Version as a string"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        UnknownVersion,
        "facilitator/verify/unknown-x402version/rejected",
        "facilitator/verify/unknown-x402version/status",
        "x402Version 99"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        OversizedBody,
        "facilitator/verify/oversized-body/rejected",
        "facilitator/verify/oversized-body/status",
        "a 2 MiB body"
    ));
    all.extend(malformed_pair!(
        Verify,
        "verify",
        "isValid",
        "x402 v2 §7.1",
        DeeplyNestedJson,
        "facilitator/verify/deeply-nested-json/rejected",
        "facilitator/verify/deeply-nested-json/status",
        "JSON nested 100000 levels deep"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        MalformedJson,
        "facilitator/settle/malformed-json/rejected",
        "facilitator/settle/malformed-json/status",
        "truncated JSON"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        EmptyBody,
        "facilitator/settle/empty-body/rejected",
        "facilitator/settle/empty-body/status",
        "an empty body"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        JsonArray,
        "facilitator/settle/json-array/rejected",
        "facilitator/settle/json-array/status",
        "a JSON array body"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        MissingPaymentPayload,
        "facilitator/settle/missing-payment-payload/rejected",
        "facilitator/settle/missing-payment-payload/status",
        "no paymentPayload"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        MissingPaymentRequirements,
        "facilitator/settle/missing-payment-requirements/rejected",
        "facilitator/settle/missing-payment-requirements/status",
        "no paymentRequirements"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        VersionAsString,
        "facilitator/settle/x402version-string/rejected",
        "facilitator/settle/x402version-string/status",
        "x402Version as a string"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        UnknownVersion,
        "facilitator/settle/unknown-x402version/rejected",
        "facilitator/settle/unknown-x402version/status",
        "x402Version 99"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        OversizedBody,
        "facilitator/settle/oversized-body/rejected",
        "facilitator/settle/oversized-body/status",
        "a 2 MiB body"
    ));
    all.extend(malformed_pair!(
        Settle,
        "settle",
        "success",
        "x402 v2 §7.2",
        DeeplyNestedJson,
        "facilitator/settle/deeply-nested-json/rejected",
        "facilitator/settle/deeply-nested-json/status",
        "JSON nested 100000 levels deep"
    ));
    all
}

async fn rejected(ctx: Ctx, ep: Endpoint, input: Input) -> Verdict {
    if let Err(why) = control(&ctx, ep).await {
        return Verdict::skipped(format!("not exercised: {why}"));
    }
    let ex = ctx.post_json(ep.path(), input.body(&ctx)).await;
    judge_rejected(ep, input, &ex)
}

async fn status(ctx: Ctx, ep: Endpoint, input: Input) -> Verdict {
    if let Err(why) = control(&ctx, ep).await {
        return Verdict::skipped(format!("not exercised: {why}"));
    }
    let ex = ctx.post_json(ep.path(), input.body(&ctx)).await;
    judge_status(ep, input, &ex, ctx.config().profile)
}

/// The control of the malformed cases of `ep`, once per run: the well-formed (zero-signature,
/// unfundable) request the inputs are derived from must get a readable `VerifyResponse` /
/// `SettleResponse` — a JSON object with a boolean `isValid` / `success`, whatever the status.
/// A target that answers it with a 404, an empty 200 or an echo of the request is not a
/// facilitator endpoint, and its "refusals" of malformed bodies mean nothing (#13 §6).
pub async fn control(ctx: &Ctx, ep: Endpoint) -> crate::ctx::Control {
    let key = match ep {
        Endpoint::Verify => "facilitator/verify",
        Endpoint::Settle => "facilitator/settle",
    };
    ctx.control(key, move |c| async move {
        let body =
            Bytes::from(serde_json::to_vec(&Input::request(&c, json!(2))).unwrap_or_default());
        let ex = c.post_json(ep.path(), body).await;
        judge_control(ep, &ex)
    })
    .await
}

/// The judgement of [`control`] on the exchange.
pub fn judge_control(ep: Endpoint, ex: &Exchange) -> crate::ctx::Control {
    let what = format!(
        "POST {} did not answer a well-formed request with a {}",
        ep.path(),
        ep.response_type()
    );
    // A target that hangs, resets or floods the control is broken, not absent: the malformed
    // cases then run and fail on their own evidence.
    let r = match &ex.response {
        Ok(r) if !r.truncated => r,
        Ok(r) => {
            return Ok(format!(
                "HTTP {}, body over the cap: judged case by case",
                r.status
            ));
        }
        Err(e) => return Ok(format!("no HTTP response ({e}): judged case by case")),
    };
    let body = r.json().map_err(|m| {
        format!(
            "{what} (HTTP {}, {m}: {})",
            r.status,
            crate::http::preview(&r.body, 60)
        )
    })?;
    match body.get(ep.flag()) {
        Some(Value::Bool(b)) => Ok(format!("HTTP {} with {}:{b}", r.status, ep.flag())),
        Some(v) => Err(format!(
            "{what} (HTTP {}: {} is {})",
            r.status,
            ep.flag(),
            describe(v)
        )),
        None => Err(format!(
            "{what} (HTTP {}: the JSON body has no boolean {})",
            r.status,
            ep.flag()
        )),
    }
}

const TS_500: Divergence = diverge(
    Profile::Ts,
    "HTTP 500 {error} is what the TS e2e facilitator answers (the SDK throws on this body and express maps the exception to 500; docs/protocol/codes.md §3.7); a 4xx or 200+false also conforms.",
);
const GO_500: Divergence = diverge(
    Profile::Go,
    "HTTP 500 {error} is what the Go e2e facilitator answers (version detection / parsing errors become 500; docs/protocol/codes.md §3.7); a 4xx or 200+false also conforms.",
);
const PY_500: Divergence = diverge(
    Profile::Py,
    "HTTP 500 is what the Python e2e facilitator answers (the SDK raises on this body; docs/protocol/codes.md §3.7); a 4xx or 200+false also conforms.",
);
const DIV_TS_GO_PY: &[Divergence] = &[TS_500, GO_500, PY_500];
const DIV_TS_GO: &[Divergence] = &[TS_500, GO_500];
const DIV_GO: &[Divergence] = &[GO_500];

/// The profiles whose reference facilitator answers `input` with a 5xx (docs/protocol/codes.md §3.7, and
/// for TS the measurements of the interop lane against @x402/* 2.27): under them the `…/status`
/// case accepts a 5xx.
pub fn status_profiles(input: Input) -> &'static [Divergence] {
    match input {
        // The SDKs throw on an unknown or non-numeric version: TS, Go and Python answer 500.
        Input::VersionAsString | Input::UnknownVersion => DIV_TS_GO_PY,
        // TS: an empty body reaches the SDK and throws; Go: version detection fails.
        // A 100 000-deep array parses in V8 (iterative JSON.parse) and then throws in the SDK.
        Input::EmptyBody | Input::DeeplyNestedJson => DIV_TS_GO,
        // Go passes the raw bytes on and fails version detection (500); TS and Python check
        // for the missing member first (400 / 422).
        Input::MissingPaymentPayload | Input::MissingPaymentRequirements | Input::JsonArray => {
            DIV_GO
        }
        Input::MalformedJson | Input::OversizedBody => &[],
    }
}

/// Whether the reference facilitator of `profile` answers `input` with a 5xx.
pub fn sdk_answers_5xx(profile: Profile, input: Input) -> bool {
    status_profiles(input).iter().any(|d| d.profile == profile)
}

/// The MUST judgement: not accepted, answered in time, JSON claims hold.
pub fn judge_rejected(ep: Endpoint, input: Input, ex: &Exchange) -> Verdict {
    let r = match &ex.response {
        Ok(r) => r,
        Err(e) => {
            return match e.kind {
                TransportErrorKind::Reset | TransportErrorKind::Closed
                    if input == Input::OversizedBody =>
                {
                    Verdict::passed(format!(
                        "the connection was closed while the oversized body was sent ({e})"
                    ))
                }
                TransportErrorKind::Timeout => Verdict::failed(format!(
                    "no answer ({e}); a facilitator must answer a malformed request, not hang"
                )),
                _ => Verdict::failed(format!("no HTTP response ({e})")),
            };
        }
    };
    if r.truncated {
        return Verdict::failed(format!(
            "HTTP {}: the response body is larger than the {} byte cap",
            r.status,
            r.body.len()
        ));
    }
    if r.declares_json()
        && let Err(m) = r.json()
        && !r.body.is_empty()
    {
        return Verdict::failed(format!(
            "HTTP {}: Content-Type is {} but {m}",
            r.status,
            r.media_type().unwrap_or_default()
        ));
    }
    match r.status {
        200..=299 => {
            let body = match r.json() {
                Ok(v) => v,
                Err(m) => {
                    return Verdict::failed(format!(
                        "HTTP {} but {m}; a 2xx answer must be a JSON response with {}:false",
                        r.status,
                        ep.flag()
                    ));
                }
            };
            match body.get(ep.flag()) {
                Some(Value::Bool(false)) => {
                    Verdict::passed(format!("HTTP {} with {}:false", r.status, ep.flag()))
                }
                Some(Value::Bool(true)) => Verdict::failed(format!(
                    "ACCEPTED a request with {}: HTTP {} with {}:true",
                    input_description(input),
                    r.status,
                    ep.flag()
                )),
                Some(v) => Verdict::failed(format!(
                    "HTTP {} with {} = {}, expected false",
                    r.status,
                    ep.flag(),
                    describe(v)
                )),
                None => {
                    Verdict::failed(format!("HTTP {} without a boolean {}", r.status, ep.flag()))
                }
            }
        }
        300..=399 => Verdict::failed(format!(
            "HTTP {} redirect (to {:?}); a facilitator endpoint must answer directly",
            r.status,
            r.header("location").unwrap_or("")
        )),
        400..=499 => Verdict::passed(format!("HTTP {}", r.status)),
        500..=599 => Verdict::passed(format!(
            "HTTP {} (not accepted; the 5xx itself is graded by the …/status case)",
            r.status
        )),
        other => Verdict::failed(format!("unexpected HTTP status {other}")),
    }
}

fn input_description(input: Input) -> &'static str {
    match input {
        Input::MalformedJson => "truncated JSON",
        Input::EmptyBody => "an empty body",
        Input::JsonArray => "a JSON array body",
        Input::MissingPaymentPayload => "no paymentPayload",
        Input::MissingPaymentRequirements => "no paymentRequirements",
        Input::VersionAsString => "x402Version as a string",
        Input::UnknownVersion => "x402Version 99",
        Input::OversizedBody => "a 2 MiB body",
        Input::DeeplyNestedJson => "deeply nested JSON",
    }
}

/// The SHOULD judgement: 4xx or 200+false+reason, no 5xx (unless the profile's reference
/// facilitator answers this input with one), JSON served as JSON.
pub fn judge_status(ep: Endpoint, input: Input, ex: &Exchange, profile: Profile) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => {
            if input == Input::OversizedBody {
                return Verdict::failed(format!(
                    "{}; answering 413 Payload Too Large (or another 4xx) before closing is recommended",
                    v.message()
                ));
            }
            return v;
        }
    };
    let mut problems: Vec<String> = Vec::new();
    let parsed = r.json().ok();
    match r.status {
        400..=499 => {}
        200..=299 => match &parsed {
            Some(body) => {
                if body.get(ep.flag()) != Some(&Value::Bool(false)) {
                    problems.push(format!("HTTP {} without {}:false", r.status, ep.flag()));
                }
                match body.get(ep.reason()) {
                    Some(Value::String(s)) if !s.is_empty() => {}
                    _ => problems.push(format!("HTTP {} without a non-empty {} string", r.status, ep.reason())),
                }
            }
            None => problems.push(format!("HTTP {} with a body that is not JSON", r.status)),
        },
        500..=599 if sdk_answers_5xx(profile, input) => {}
        500..=599 => problems.push(format!(
            "HTTP {}: a malformed request is a client error; answer 4xx, or 200 with {}:false and {}",
            r.status,
            ep.flag(),
            ep.reason()
        )),
        other => problems.push(format!("HTTP {other}: expected 4xx or 200")),
    }
    let json_expected = !r.body.is_empty() && (r.is_success() || parsed.is_some());
    if json_expected && !r.declares_json() {
        problems.push(format!(
            "Content-Type is {}, expected application/json",
            r.media_type()
                .map(|m| format!("{m:?}"))
                .unwrap_or_else(|| "missing".to_owned())
        ));
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "HTTP {}{}{}",
            r.status,
            if r.status >= 500 {
                format!(" (as the {profile} reference facilitator answers)")
            } else {
                String::new()
            },
            parsed
                .as_ref()
                .and_then(|b| b.get(ep.reason()))
                .and_then(Value::as_str)
                .map(|s| format!(" ({} {s:?})", ep.reason()))
                .unwrap_or_default()
        ))
    } else {
        Verdict::failed(problems.join("; "))
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
    use crate::ctx::RunConfig;
    use crate::http::{HttpClient, RecordedRequest, Response, TransportError};
    use std::time::Duration;

    fn ctx() -> Ctx {
        let cfg = RunConfig::new("http://127.0.0.1:9");
        let client = HttpClient::new(&cfg.target, cfg.timeout, 1024).unwrap();
        Ctx::new(cfg, client, None)
    }

    fn ex(status: u16, ct: Option<&str>, body: &str) -> Exchange {
        Exchange {
            request: RecordedRequest {
                method: "POST".into(),
                url: "u".into(),
                headers: vec![],
                body: Bytes::new(),
            },
            response: Ok(Response {
                status,
                headers: ct
                    .map(|c| vec![("content-type".into(), c.into())])
                    .unwrap_or_default(),
                body: Bytes::from(body.to_owned()),
                truncated: false,
            }),
            elapsed: Duration::ZERO,
        }
    }

    fn err(kind: TransportErrorKind) -> Exchange {
        Exchange {
            response: Err(TransportError {
                kind,
                message: "m".into(),
            }),
            ..ex(200, None, "")
        }
    }

    const J: Option<&str> = Some("application/json");

    #[test]
    fn bodies_have_the_promised_shape() {
        let c = ctx();
        assert!(serde_json::from_slice::<Value>(&Input::MalformedJson.body(&c)).is_err());
        assert!(Input::EmptyBody.body(&c).is_empty());
        let arr: Value = serde_json::from_slice(&Input::JsonArray.body(&c)).unwrap();
        assert!(arr.is_array());
        let v: Value = serde_json::from_slice(&Input::MissingPaymentPayload.body(&c)).unwrap();
        assert!(v.get("paymentPayload").is_none() && v.get("paymentRequirements").is_some());
        let v: Value = serde_json::from_slice(&Input::MissingPaymentRequirements.body(&c)).unwrap();
        assert!(v.get("paymentRequirements").is_none() && v.get("paymentPayload").is_some());
        let v: Value = serde_json::from_slice(&Input::VersionAsString.body(&c)).unwrap();
        assert_eq!(v["paymentPayload"]["x402Version"], "2");
        let v: Value = serde_json::from_slice(&Input::UnknownVersion.body(&c)).unwrap();
        assert_eq!(v["x402Version"], 99);
        assert_eq!(v["paymentRequirements"]["network"], DEFAULT_NETWORK);
        assert!(Input::OversizedBody.body(&c).len() > OVERSIZED_BYTES);
        let deep = Input::DeeplyNestedJson.body(&c);
        assert!(deep.len() > 2 * NESTING_DEPTH);
        // serde_json's recursion limit rejects it, which is the point.
        assert!(serde_json::from_slice::<Value>(&deep).is_err());
    }

    #[test]
    fn rejected_judgement() {
        let k = |e: &Exchange| judge_rejected(Endpoint::Verify, Input::EmptyBody, e).kind();
        assert_eq!(k(&ex(400, None, "bad")), VerdictKind::Passed);
        assert_eq!(k(&ex(500, None, "oops")), VerdictKind::Passed);
        assert_eq!(
            k(&ex(
                200,
                J,
                r#"{"isValid":false,"invalidReason":"invalid_payload"}"#
            )),
            VerdictKind::Passed
        );
        assert_eq!(k(&ex(200, J, r#"{"isValid":true}"#)), VerdictKind::Failed);
        assert_eq!(
            k(&ex(200, J, r#"{"isValid":"false"}"#)),
            VerdictKind::Failed
        );
        assert_eq!(k(&ex(200, None, "OK")), VerdictKind::Failed);
        assert_eq!(
            k(&ex(400, J, "<html>")),
            VerdictKind::Failed,
            "declared JSON must parse"
        );
        assert_eq!(k(&ex(302, None, "")), VerdictKind::Failed);
        assert_eq!(k(&err(TransportErrorKind::Timeout)), VerdictKind::Failed);
        assert_eq!(k(&err(TransportErrorKind::Reset)), VerdictKind::Failed);
        let over = judge_rejected(
            Endpoint::Verify,
            Input::OversizedBody,
            &err(TransportErrorKind::Reset),
        );
        assert_eq!(over.kind(), VerdictKind::Passed);
        let accepted = judge_rejected(
            Endpoint::Settle,
            Input::UnknownVersion,
            &ex(200, J, r#"{"success":true}"#),
        );
        assert!(accepted.message().starts_with("ACCEPTED"), "{accepted:?}");
    }

    proptest::proptest! {
        #[test]
        fn judgements_never_panic(
            status in 0u16..1000,
            ct in proptest::option::of("[a-z/+; =-]{0,30}"),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            json_body in "\\{(\"(isValid|success|invalidReason|errorReason)\":(true|false|null|\"x\"|1),?){0,3}\\}",
        ) {
            for b in [body.clone(), json_body.clone().into_bytes()] {
                let e = Exchange {
                    response: Ok(Response {
                        status,
                        headers: ct.iter().map(|c| ("content-type".to_owned(), c.clone())).collect(),
                        body: Bytes::from(b),
                        truncated: status % 7 == 0,
                    }),
                    ..ex(200, None, "")
                };
                for ep in [Endpoint::Verify, Endpoint::Settle] {
                    for input in [Input::EmptyBody, Input::OversizedBody] {
                        let r = judge_rejected(ep, input, &e);
                        let s = judge_status(ep, input, &e, Profile::Strict);
                        proptest::prop_assert!(!r.message().is_empty() && !s.message().is_empty());
                        proptest::prop_assert!(matches!(r.kind(), VerdictKind::Passed | VerdictKind::Failed));
                    }
                }
            }
        }
    }

    #[test]
    fn status_judgement() {
        let k = |e: &Exchange| {
            judge_status(Endpoint::Settle, Input::JsonArray, e, Profile::Strict).kind()
        };
        assert_eq!(k(&ex(400, J, r#"{"error":"x"}"#)), VerdictKind::Passed);
        assert_eq!(k(&ex(422, None, "")), VerdictKind::Passed);
        assert_eq!(
            k(&ex(400, Some("text/html"), "<html>bad</html>")),
            VerdictKind::Passed
        );
        assert_eq!(
            k(&ex(400, Some("text/plain"), r#"{"error":"x"}"#)),
            VerdictKind::Failed,
            "JSON as text/plain"
        );
        assert_eq!(
            k(&ex(
                200,
                J,
                r#"{"success":false,"errorReason":"invalid_payload","transaction":"","network":"x"}"#
            )),
            VerdictKind::Passed
        );
        assert_eq!(
            k(&ex(200, J, r#"{"success":false}"#)),
            VerdictKind::Failed,
            "reason required"
        );
        let five = judge_status(
            Endpoint::Settle,
            Input::JsonArray,
            &ex(500, J, r#"{"error":"boom"}"#),
            Profile::Strict,
        );
        assert_eq!(five.kind(), VerdictKind::Failed);
        assert!(five.message().contains("client error"), "{five:?}");
        let go = judge_status(
            Endpoint::Settle,
            Input::JsonArray,
            &ex(500, J, r#"{"error":"boom"}"#),
            Profile::Go,
        );
        assert_eq!(go.kind(), VerdictKind::Passed, "{go:?}");
        let ts = judge_status(
            Endpoint::Settle,
            Input::JsonArray,
            &ex(500, J, r#"{"error":"boom"}"#),
            Profile::Ts,
        );
        assert_eq!(
            ts.kind(),
            VerdictKind::Failed,
            "TS checks the members first: {ts:?}"
        );
        assert_eq!(k(&err(TransportErrorKind::Timeout)), VerdictKind::Failed);
    }
}
