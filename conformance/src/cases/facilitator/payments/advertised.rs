//! Every advertised kind gets a structured `/verify` answer (#13 §1).
//!
//! A facilitator that lists a kind in `GET /supported` says it verifies payments of that kind
//! (x402 v2 §7.3). For each listed kind the harness can sign (EVM `exact` v1 and v2, EVM `upto`
//! with `extra.facilitatorAddress`), it sends one well-formed payment signed by the throwaway key
//! (a published development key, never the run's payer key; only `/verify` is called) — valid in
//! form, so refusing it for the payer's balance is as good an answer as accepting it — and
//! requires a readable answer: a `VerifyResponse` (HTTP 200) or a 4xx
//! refusal, never a 5xx, a reset or a timeout. Kinds the harness cannot sign are named in the
//! verdict as not exercised.

use super::*;

/// At most this many advertised kinds are tried (a `/supported` can list dozens of v1 names).
const MAX_KINDS: usize = 32;

/// `facilitator/verify/advertised-kinds/structured`.
pub(super) async fn advertised_kinds(ctx: Ctx) -> Verdict {
    let kinds: Vec<AdvertisedKind> = ctx.target_kinds().into_iter().cloned().collect();
    if kinds.is_empty() {
        return Verdict::skipped(
            "the target advertises no payment kind in GET /supported (for the selected networks)",
        );
    }
    let signer = match builtin_signer(&THROWAWAY_KEY) {
        Ok(s) => s,
        Err(e) => return Verdict::errored(e.to_string()),
    };
    let profile = ctx.config().profile;
    let mut answered = Vec::new();
    let mut problems = Vec::new();
    let mut unsigned = Vec::new();
    for k in kinds.iter().take(MAX_KINDS) {
        let label = format!("v{} {} on {}", k.x402_version, k.scheme, k.network);
        let Some((t, _)) = kind_target(&ctx, k) else {
            unsigned.push(label);
            continue;
        };
        let p = match build(&ctx, &t, &signer, ctx.now_secs(), Variation::None) {
            Ok(p) => p,
            Err(v) => return v,
        };
        let body = match p.body() {
            Ok(b) => b,
            Err(e) => return Verdict::errored(format!("serializing the request: {e}")),
        };
        let ex = ctx.post_json(Endpoint::Verify.path(), body).await;
        match structured(&ex, profile) {
            Ok(seen) => answered.push(format!("{label}: {seen}")),
            Err(why) => problems.push(format!("{label}: {why}")),
        }
    }
    let skipped_note = if unsigned.is_empty() {
        String::new()
    } else {
        format!(
            "; not exercised (the harness cannot sign these kinds): {}",
            unsigned.join(", ")
        )
    };
    let beyond = kinds.len().saturating_sub(MAX_KINDS);
    let beyond_note = if beyond > 0 {
        format!("; {beyond} more kinds not tried (at most {MAX_KINDS})")
    } else {
        String::new()
    };
    if !problems.is_empty() {
        return Verdict::failed(format!(
            "{} of the advertised kinds got no structured /verify answer for a well-formed payment: {}{skipped_note}",
            problems.len(),
            problems.join("; ")
        ));
    }
    if answered.is_empty() {
        return Verdict::skipped(format!(
            "not exercised: the harness can sign none of the advertised kinds{skipped_note}"
        ));
    }
    Verdict::passed(format!(
        "{} advertised kinds answered: {}{skipped_note}{beyond_note}",
        answered.len(),
        answered.join("; ")
    ))
}

/// A structured answer: HTTP 200 with a `VerifyResponse`, or a 4xx (under `--profile go`, also
/// the Go facilitator's `500 {"error": "<reason>: …"}` refusal with a known reason). `Ok` says
/// what was seen, `Err` why it is not structured.
fn structured(ex: &Exchange, profile: Profile) -> Result<String, String> {
    let r = ex
        .response
        .as_ref()
        .map_err(|e| format!("no HTTP response ({e})"))?;
    match r.status {
        200 => match VerifyResponse::from_json(&r.body) {
            Ok(v) if v.is_valid => Ok("isValid:true".to_owned()),
            Ok(v) => Ok(format!(
                "isValid:false ({})",
                v.invalid_reason
                    .as_ref()
                    .map_or("no reason", |s| s.as_str())
            )),
            Err(e) => Err(format!("HTTP 200 but not a VerifyResponse ({e})")),
        },
        400..=499 => Ok(format!("HTTP {} (refused)", r.status)),
        500..=599 if profile == Profile::Go => match go_error_of(r) {
            Some(error) if ErrorCode::from_wire(go_reason_of(&error)).is_known() => Ok(format!(
                "HTTP {} {:?} (--profile go)",
                r.status,
                go_reason_of(&error)
            )),
            _ => Err(format!(
                "HTTP {}: {}",
                r.status,
                crate::http::preview(&r.body, 160)
            )),
        },
        status => Err(format!(
            "HTTP {status}: {}",
            crate::http::preview(&r.body, 160)
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::http::{RecordedRequest, Response, TransportError, TransportErrorKind};

    fn ex(status: u16, body: &str) -> Exchange {
        Exchange {
            request: RecordedRequest {
                method: "POST".into(),
                url: "u".into(),
                headers: vec![],
                body: bytes::Bytes::new(),
            },
            response: Ok(Response {
                status,
                headers: vec![],
                body: bytes::Bytes::from(body.to_owned()),
                truncated: false,
            }),
            elapsed: std::time::Duration::ZERO,
        }
    }

    #[test]
    fn only_readable_answers_are_structured() {
        let s = Profile::Strict;
        assert!(
            structured(
                &ex(
                    200,
                    r#"{"isValid":true,"payer":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"}"#
                ),
                s
            )
            .is_ok()
        );
        assert!(
            structured(
                &ex(
                    200,
                    r#"{"isValid":false,"invalidReason":"insufficient_funds"}"#
                ),
                s
            )
            .is_ok()
        );
        assert!(structured(&ex(400, "bad"), s).is_ok());
        assert!(structured(&ex(200, "{}"), s).is_err());
        assert!(structured(&ex(200, "<html>"), s).is_err());
        let go500 = ex(500, r#"{"error":"invalid_exact_evm_signature: bad"}"#);
        assert!(structured(&go500, s).is_err());
        assert!(structured(&go500, Profile::Ts).is_err());
        assert!(structured(&go500, Profile::Go).is_ok());
        assert!(structured(&ex(500, r#"{"error":"boom"}"#), Profile::Go).is_err());
        let mut reset = ex(200, "");
        reset.response = Err(TransportError {
            kind: TransportErrorKind::Timeout,
            message: "timed out".into(),
        });
        assert!(structured(&reset, s).is_err());
    }
}
