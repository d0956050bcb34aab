//! `server/payment-signature/*`: malformed `PAYMENT-SIGNATURE` headers.

use super::*;

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

    pub(super) const fn refused_id(self) -> &'static str {
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

    pub(super) const fn status_id(self) -> &'static str {
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

    pub(super) const fn refused_title(self) -> &'static str {
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

    pub(super) const fn status_title(self) -> &'static str {
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

    pub(super) const fn clause(self) -> &'static str {
        if self.is_malformed() {
            "transports-v2/http.md status table (400 Invalid payment); docs/protocol/transport.md §2.4, §2.5, docs/protocol/disagreements.md #10"
        } else {
            "transports-v2/http.md status table (402 payment required/failed); docs/protocol/transport.md §2.4 (requirement matching), docs/protocol/transport.md §2.5"
        }
    }

    pub(super) const fn strict_expected(self) -> &'static str {
        if self.is_malformed() {
            "HTTP 400 (the header is not a usable x402 v2 payment: \"Invalid payment\")."
        } else {
            "HTTP 402 with a PAYMENT-REQUIRED header that decodes (the payment failed; the client may pay again)."
        }
    }

    pub(super) fn refused_fn(self) -> crate::case::CaseFn {
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

    pub(super) fn status_fn(self) -> crate::case::CaseFn {
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

    /// The statuses `profile` expects for this header (docs/protocol/transport.md §2.5).
    pub fn expected_statuses(self, profile: Profile) -> &'static [u16] {
        match (profile, self) {
            (_, BadHeader::Mismatched | BadHeader::BadSignature) => &[402],
            (Profile::Strict | Profile::Go, _) => &[400],
            (Profile::Ts | Profile::Py, _) => &[402],
        }
    }

    pub(super) fn status_profiles(self) -> &'static [Divergence] {
        match self {
            BadHeader::Mismatched | BadHeader::BadSignature => &[],
            _ => UNDECODABLE_STATUS_PROFILES,
        }
    }

    /// No profile tolerates a 2xx or a 5xx: x402 2.25.0's HTTP 500 for a v1 payload in
    /// `PAYMENT-SIGNATURE` (an AttributeError escaping `find_matching_requirements`) is a defect of
    /// that SDK, listed with its evidence in interop/known-defects.tsv, not a profile behaviour.
    pub(super) fn refused_profiles(self) -> &'static [Divergence] {
        &[]
    }
}

pub(super) const TS_402: Divergence = diverge(
    Profile::Ts,
    "HTTP 402 with PAYMENT-REQUIRED: the TS server treats a header it cannot use as no payment, or fails it with an error message (docs/protocol/transport.md §2.5, docs/protocol/disagreements.md #10).",
);
pub(super) const PY_402: Divergence = diverge(
    Profile::Py,
    "HTTP 402 with PAYMENT-REQUIRED: the Python server treats an undecodable header as no payment, and fails a payload of another version at its facilitator (docs/protocol/transport.md §2.5, docs/protocol/disagreements.md #10).",
);
pub(super) const UNDECODABLE_STATUS_PROFILES: &[Divergence] = &[TS_402, PY_402];

/// A header value that is not base64 (both header families).
pub(super) const NOT_BASE64: &str = "not*base64!";
/// Text that is not JSON, sent base64-encoded (both header families).
pub(super) const NOT_JSON: &[u8] = b"this is not JSON";

/// Flips bits of byte 5 of a hex `signature` value in place (the payment stays well-formed and
/// matches the offer; only the signature no longer verifies). Used by both header families.
pub(super) fn corrupt_signature(signature: Option<&mut Value>) {
    if let Some(Value::String(sig)) = signature
        && let Ok(bytes) = HexBytes::parse(sig)
    {
        let mut b = bytes.as_slice().to_vec();
        if let Some(first) = b.get_mut(5) {
            *first ^= 0x55;
        }
        *sig = alloy_primitives::hex::encode_prefixed(b);
    }
}

/// The offer cannot be signed as written: the target's fault, reported by
/// `server/unpaid/accepts-sane`, so the case that needed a payment is skipped.
pub(super) fn unsignable(e: x402_spec::client::ClientError) -> Verdict {
    Verdict::skipped(format!(
        "precondition: the harness cannot sign for the offer ({e}); see server/unpaid/accepts-sane"
    ))
}

/// The header value for `input`, built from the server's first offer when one is needed.
pub(super) async fn bad_header_value(ctx: &Ctx, input: BadHeader) -> Result<String, Verdict> {
    // Control first, for every input: a route that does not answer 402 with readable v2
    // requirements cannot "refuse" a bad header — a 404 everywhere, or a v1 server that ignores
    // PAYMENT-SIGNATURE, would pass every refusal case (#13 §6, §7).
    let PaymentRequired::V2(pr) = required(ctx).await? else {
        return Err(Verdict::skipped(
            "not exercised: the server speaks x402 v1 (402 JSON body); PAYMENT-SIGNATURE is the v2 header",
        ));
    };
    match input {
        BadHeader::NotBase64 => return Ok(NOT_BASE64.to_owned()),
        BadHeader::NotJson => return Ok(header::encode_bytes(NOT_JSON)),
        BadHeader::NotAPayload => return Ok(header::encode_bytes(br#"{"x402Version":2}"#)),
        _ => {}
    }
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
            corrupt_signature(p.payload.get_mut("signature"));
            to_value(&p)?
        }
    };
    let text = serde_json::to_vec(&value).map_err(|e| Verdict::errored(e.to_string()))?;
    Ok(header::encode_bytes(&text))
}

pub(super) async fn send_bad(ctx: &Ctx, input: BadHeader) -> Result<Exchange, Verdict> {
    let value = bad_header_value(ctx, input).await?;
    Ok(get_resource(ctx, vec![(PAYMENT_SIGNATURE.to_ascii_lowercase(), value)]).await)
}

/// The MUST judgement: not 2xx; not 5xx unless the profile's SDK answers one.
pub fn judge_bad_refused(input: BadHeader, ex: &Exchange, profile: Profile) -> Verdict {
    judge_refused(input.what(), input.expected_statuses(profile), ex, profile)
}

/// The MUST judgement of a header the server must refuse, described as `what`: not 2xx; not 5xx
/// unless `allowed` (the profile's statuses) has one.
pub(super) fn judge_refused(
    what: &str,
    allowed: &[u16],
    ex: &Exchange,
    profile: Profile,
) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    match r.status {
        200..=299 => Verdict::failed(format!(
            "HTTP {}: {what} was ACCEPTED (the resource was served)",
            r.status,
        )),
        500..=599 if allowed.iter().any(|s| *s >= 500) => Verdict::passed(format!(
            "HTTP {} (what the {profile} SDK server answers)",
            r.status
        )),
        500..=599 => Verdict::failed(format!(
            "HTTP {}: {what} is the client's fault, not a server error (transports-v2/http.md, transports-v1/http.md: 400 invalid payment / 402 payment failed)",
            r.status,
        )),
        s => Verdict::passed(format!("HTTP {s}")),
    }
}

/// The SHOULD judgement: the profile's status, and a 402 carries a decodable `PAYMENT-REQUIRED`.
pub fn judge_bad_status(input: BadHeader, ex: &Exchange, profile: Profile) -> Verdict {
    judge_status(input.what(), input.expected_statuses(profile), ex, profile)
}

/// The SHOULD judgement of a header described as `what`: one of the profile's statuses
/// `allowed`, and a 402 carries requirements a client can read (the v2 `PAYMENT-REQUIRED`
/// header, or a v1 JSON body).
pub(super) fn judge_status(
    what: &str,
    allowed: &[u16],
    ex: &Exchange,
    profile: Profile,
) -> Verdict {
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    if !allowed.contains(&r.status) {
        let want: Vec<String> = allowed.iter().map(u16::to_string).collect();
        let body = r
            .json()
            .ok()
            .and_then(|b| b.get("error").cloned())
            .map(|e| format!(" (error {})", describe(&e)))
            .unwrap_or_default();
        return Verdict::failed(format!(
            "HTTP {}{body} for {what}; --profile {profile} expects {}",
            r.status,
            want.join(" or ")
        ));
    }
    if r.status == 402 {
        return match read_required(r) {
            Ok(PaymentRequired::V1(_)) => Verdict::passed(format!(
                "HTTP 402 with a v1 requirements body that parses{}",
                error_note(r)
            )),
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

/// Why a paid request was not served, for failure messages: the `error` of the answer
/// ([`error_note`]), the settlement receipt the server passed on (`PAYMENT-RESPONSE` /
/// `X-PAYMENT-RESPONSE` with `success: false`, which names the facilitator's refusal: a nonce
/// collision of the facilitator's own transactions is the facilitator's fault, not the
/// server's), and the start of the body when neither says anything.
pub(super) fn cause_note(r: &Response) -> String {
    let mut out = error_note(r);
    let receipt = [PAYMENT_RESPONSE, X_PAYMENT_RESPONSE]
        .into_iter()
        .find_map(|name| r.header(name).map(|v| (name, v)));
    if let Some((name, value)) = receipt {
        match header::decode_payment_response(value, DecodeOptions::lenient()) {
            Ok(resp) if !resp.success => out.push_str(&format!(
                ", {name} success:false errorReason {}{} (the settlement failed at the server's facilitator)",
                resp.error_reason
                    .as_ref()
                    .map_or_else(|| "absent".to_owned(), |c| preview(c.as_str().as_bytes(), 80)),
                resp.error_message
                    .as_ref()
                    .map(|m| format!(" errorMessage {}", preview(m.as_bytes(), 200)))
                    .unwrap_or_default()
            )),
            Ok(_) => out.push_str(&format!(", {name} success:true")),
            Err(e) => out.push_str(&format!(
                ", {name} {} does not decode: {e}",
                preview(value.as_bytes(), 60)
            )),
        }
    }
    if out.is_empty() && !r.body.is_empty() {
        out = format!(", body {}", preview(&r.body, 200));
    }
    out
}

pub(super) fn error_note(r: &Response) -> String {
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

pub(super) async fn bad_refused(ctx: Ctx, input: BadHeader) -> Verdict {
    match send_bad(&ctx, input).await {
        Ok(ex) => judge_bad_refused(input, &ex, ctx.config().profile),
        Err(v) => v,
    }
}

pub(super) async fn bad_status(ctx: Ctx, input: BadHeader) -> Verdict {
    match send_bad(&ctx, input).await {
        Ok(ex) => judge_bad_status(input, &ex, ctx.config().profile),
        Err(v) => v,
    }
}

/// The malformed `PAYMENT-SIGNATURE` cases: a `…/refused` and a `…/status` case per input.
pub(super) fn cases() -> Vec<Case> {
    let mut v = Vec::new();
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
    v
}
