//! `server/x-payment/*`: malformed `X-PAYMENT` headers, for servers that speak x402 v1.
//!
//! The v1 counterpart of `server/payment-signature/*`. A v1 server reads only `X-PAYMENT` and a
//! v2 server only `PAYMENT-SIGNATURE` (docs/protocol/transport.md §2.4), so each family runs only
//! against the version the server's unpaid 402 advertises; the other is "not exercised" (before
//! these cases, a v1 server passed the v2 refusal cases because it ignored the header, #13 §7).
//! Upstream `specs/transports-v1/http.md` §Error Handling has the same table as v2: 400 for an
//! invalid payment, 402 for one that fails, never 2xx, and 500 only for the server's own errors.

use super::*;

/// An `X-PAYMENT` header a v1 server must refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadXPayment {
    /// Not base64 at all.
    NotBase64,
    /// Base64 of text that is not JSON.
    NotJson,
    /// Base64 of JSON that is not a payment payload (`{"x402Version":1}`).
    NotAPayload,
    /// A signed v1 payload with `x402Version` 99.
    UnknownVersion,
    /// An x402Version 2 payload in the v1 header.
    V2Payload,
    /// A signed v1 payment for one atomic unit less than `maxAmountRequired`.
    Underpaid,
    /// A v1 payment for the offer whose signature is corrupted.
    BadSignature,
}

macro_rules! ids {
    ($($variant:ident => $refused:literal, $status:literal;)*) => {
        impl BadXPayment {
            /// Every input.
            pub const ALL: [BadXPayment; 7] = [$(BadXPayment::$variant),*];

            pub(super) const fn refused_id(self) -> &'static str {
                match self {
                    $(BadXPayment::$variant => $refused,)*
                }
            }

            pub(super) const fn status_id(self) -> &'static str {
                match self {
                    $(BadXPayment::$variant => $status,)*
                }
            }

            fn refused_fn(self) -> crate::case::CaseFn {
                match self {
                    $(BadXPayment::$variant => |ctx| Box::pin(refused(ctx, BadXPayment::$variant)),)*
                }
            }

            fn status_fn(self) -> crate::case::CaseFn {
                match self {
                    $(BadXPayment::$variant => |ctx| Box::pin(status(ctx, BadXPayment::$variant)),)*
                }
            }
        }
    };
}

// The ids are written out, so that searching for a case id finds this file.
ids! {
    NotBase64 => "server/x-payment/not-base64/refused", "server/x-payment/not-base64/status";
    NotJson => "server/x-payment/not-json/refused", "server/x-payment/not-json/status";
    NotAPayload => "server/x-payment/not-a-payload/refused", "server/x-payment/not-a-payload/status";
    UnknownVersion => "server/x-payment/unknown-version/refused", "server/x-payment/unknown-version/status";
    V2Payload => "server/x-payment/v2-payload/refused", "server/x-payment/v2-payload/status";
    Underpaid => "server/x-payment/underpaid/refused", "server/x-payment/underpaid/status";
    BadSignature => "server/x-payment/bad-signature/refused", "server/x-payment/bad-signature/status";
}

impl BadXPayment {
    /// Whether the header is not a usable v1 payment at all ("Invalid payment", 400), as opposed
    /// to a v1 payment that fails verification ("Payment failed", 402).
    pub const fn is_malformed(self) -> bool {
        !matches!(self, BadXPayment::Underpaid | BadXPayment::BadSignature)
    }

    /// What the header is, for titles and messages.
    pub const fn what(self) -> &'static str {
        match self {
            BadXPayment::NotBase64 => "an X-PAYMENT that is not base64",
            BadXPayment::NotJson => "an X-PAYMENT that decodes to non-JSON text",
            BadXPayment::NotAPayload => "an X-PAYMENT that is JSON but not a payment payload",
            BadXPayment::UnknownVersion => "an X-PAYMENT with x402Version 99",
            BadXPayment::V2Payload => "an x402Version 2 payload in X-PAYMENT",
            BadXPayment::Underpaid => "a v1 payment of one unit less than maxAmountRequired",
            BadXPayment::BadSignature => "a v1 payment for the offer with a corrupted signature",
        }
    }

    const fn refused_title(self) -> &'static str {
        match self {
            BadXPayment::NotBase64 => "an X-PAYMENT that is not base64 is refused without a 5xx",
            BadXPayment::NotJson => {
                "an X-PAYMENT that decodes to non-JSON text is refused without a 5xx"
            }
            BadXPayment::NotAPayload => {
                "an X-PAYMENT that is not a payment payload is refused without a 5xx"
            }
            BadXPayment::UnknownVersion => {
                "an X-PAYMENT with x402Version 99 is refused without a 5xx"
            }
            BadXPayment::V2Payload => {
                "an x402Version 2 payload in X-PAYMENT is refused without a 5xx"
            }
            BadXPayment::Underpaid => "an underpaid v1 payment is refused without a 5xx",
            BadXPayment::BadSignature => {
                "a v1 payment with a corrupted signature is refused without a 5xx"
            }
        }
    }

    const fn status_title(self) -> &'static str {
        match self {
            BadXPayment::NotBase64 => "an X-PAYMENT that is not base64 gets the profile's status",
            BadXPayment::NotJson => {
                "an X-PAYMENT that decodes to non-JSON text gets the profile's status"
            }
            BadXPayment::NotAPayload => {
                "an X-PAYMENT that is not a payment payload gets the profile's status"
            }
            BadXPayment::UnknownVersion => {
                "an X-PAYMENT with x402Version 99 gets the profile's status"
            }
            BadXPayment::V2Payload => {
                "an x402Version 2 payload in X-PAYMENT gets the profile's status"
            }
            BadXPayment::Underpaid => "an underpaid v1 payment gets 402 with the requirements",
            BadXPayment::BadSignature => {
                "a v1 payment with a corrupted signature gets 402 with the requirements"
            }
        }
    }

    const fn clause(self) -> &'static str {
        if self.is_malformed() {
            "transports-v1/http.md §Error Handling (400 Invalid Payment); docs/protocol/transport.md §2.3, §2.5"
        } else {
            "transports-v1/http.md §Error Handling (402 Payment Failed); x402 v1 §6 (exact: value equals maxAmountRequired); docs/protocol/transport.md §2.3"
        }
    }

    const fn strict_expected(self) -> &'static str {
        if self.is_malformed() {
            "HTTP 400 (the header is not a usable x402 v1 payment: \"Invalid payment\")."
        } else {
            "HTTP 402 with the v1 requirements body {x402Version: 1, error, accepts} (the payment failed; the client may pay again)."
        }
    }

    /// The statuses `profile` expects for this header.
    pub fn expected_statuses(self, profile: Profile) -> &'static [u16] {
        match (profile, self.is_malformed()) {
            (_, false) | (Profile::Ts, true) => &[402],
            _ => &[400],
        }
    }

    fn status_profiles(self) -> &'static [Divergence] {
        if self.is_malformed() { LEGACY_402 } else { &[] }
    }
}

const LEGACY_402: &[Divergence] = &[diverge(
    Profile::Ts,
    "HTTP 402 with the requirements body: the legacy x402-express 1.2.0 middleware (dist/cjs/index.js, the decodePayment catch) answers 402 to every X-PAYMENT it cannot use and overwrites the payload's x402Version with 1 (docs/protocol/transport.md §2.5).",
)];

/// The header value for `input`, built from the server's first v1 offer when one is needed.
async fn header_value(ctx: &Ctx, input: BadXPayment) -> Result<String, Verdict> {
    // Control first, for every input: only a route that answers 402 with readable v1
    // requirements can "refuse" an X-PAYMENT (a v2 server ignores the header; #13 §6, §7).
    let PaymentRequired::V1(pr) = required(ctx).await? else {
        return Err(Verdict::skipped(
            "not exercised: the server speaks x402 v2 (PAYMENT-REQUIRED header); X-PAYMENT is the v1 header",
        ));
    };
    match input {
        BadXPayment::NotBase64 => return Ok(NOT_BASE64.to_owned()),
        BadXPayment::NotJson => return Ok(header::encode_bytes(NOT_JSON)),
        BadXPayment::NotAPayload => return Ok(header::encode_bytes(br#"{"x402Version":1}"#)),
        _ => {}
    }
    let throwaway = builtin_signer(&THROWAWAY_KEY).map_err(|e| Verdict::errored(e.to_string()))?;
    let now = ctx.now_secs();
    let index = select_v1(&pr, None).ok_or_else(|| {
        Verdict::skipped(
            "no v1 exact EVM offer with extra.name/version the harness can sign for; see server/unpaid/accepts-sane",
        )
    })?;
    let mut nonce = || ctx.next_nonce();
    let mut to_sign = pr.clone();
    if input == BadXPayment::Underpaid {
        let mut offers: Vec<Echoed<x402_spec::v1::PaymentRequirements>> =
            to_sign.accepts.iter().cloned().collect();
        let Some(slot) = offers.get_mut(index) else {
            return Err(Verdict::errored("offer index out of range"));
        };
        let mut offered = slot.value().clone();
        let amount = offered.max_amount_required.get();
        if amount < U256::from(2u8) {
            return Err(Verdict::skipped(format!(
                "maxAmountRequired is {amount}: no smaller positive amount to underpay with"
            )));
        }
        offered.max_amount_required =
            x402_spec::primitives::DecimalU256::new(amount.saturating_sub(U256::from(1u8)));
        *slot = Echoed::new(offered).map_err(|e| Verdict::errored(e.to_string()))?;
        to_sign.accepts =
            v2::NonEmpty::new(offers).ok_or_else(|| Verdict::errored("empty accepts"))?;
    }
    let p = pay_v1(&throwaway, &to_sign, index, now, &mut nonce).map_err(unsignable)?;
    let mut value = serde_json::to_value(&p).map_err(|e| Verdict::errored(e.to_string()))?;
    match input {
        BadXPayment::UnknownVersion => {
            if let Some(o) = value.as_object_mut() {
                o.insert("x402Version".to_owned(), json!(99));
            }
        }
        BadXPayment::V2Payload => {
            let offer = pr
                .accepts
                .get(index)
                .map(|a| a.value().clone())
                .ok_or_else(|| Verdict::errored("offer index out of range"))?;
            let network = x402_spec::primitives::v1_to_caip2(offer.network.as_str())
                .map_or_else(|| "eip155:84532".to_owned(), |n| n.to_string());
            value = json!({
                "x402Version": 2,
                "accepted": {
                    "scheme": offer.scheme,
                    "network": network,
                    "amount": offer.max_amount_required,
                    "asset": offer.asset,
                    "payTo": offer.pay_to,
                    "maxTimeoutSeconds": offer.max_timeout_seconds,
                    "extra": offer.extra,
                },
                "payload": p.payload,
            });
        }
        BadXPayment::BadSignature => corrupt_signature(value.pointer_mut("/payload/signature")),
        _ => {}
    }
    let text = serde_json::to_vec(&value).map_err(|e| Verdict::errored(e.to_string()))?;
    Ok(header::encode_bytes(&text))
}

async fn send(ctx: &Ctx, input: BadXPayment) -> Result<Exchange, Verdict> {
    let value = header_value(ctx, input).await?;
    Ok(get_resource(ctx, vec![(X_PAYMENT.to_ascii_lowercase(), value)]).await)
}

async fn refused(ctx: Ctx, input: BadXPayment) -> Verdict {
    let profile = ctx.config().profile;
    match send(&ctx, input).await {
        Ok(ex) => judge_refused(input.what(), input.expected_statuses(profile), &ex, profile),
        Err(v) => v,
    }
}

async fn status(ctx: Ctx, input: BadXPayment) -> Verdict {
    let profile = ctx.config().profile;
    match send(&ctx, input).await {
        Ok(ex) => judge_status(input.what(), input.expected_statuses(profile), &ex, profile),
        Err(v) => v,
    }
}

/// The malformed `X-PAYMENT` cases: a `…/refused` (MUST) and a `…/status` (SHOULD) case per
/// input.
pub(super) fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for input in BadXPayment::ALL {
        v.push(Case {
            id: input.refused_id(),
            title: input.refused_title(),
            clause: input.clause(),
            expected: "Any timely answer that is neither 2xx nor 5xx.",
            level: Level::Must,
            tags: &[Tag::V1, Tag::PaymentHeader, Tag::Robustness],
            needs: Needs::NONE,
            profiles: &[],
            run: input.refused_fn(),
        });
        v.push(Case {
            id: input.status_id(),
            title: input.status_title(),
            clause: input.clause(),
            expected: input.strict_expected(),
            level: Level::Should,
            tags: &[Tag::V1, Tag::PaymentHeader, Tag::Http],
            needs: Needs::NONE,
            profiles: input.status_profiles(),
            run: input.status_fn(),
        });
    }
    v
}
