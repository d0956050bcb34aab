//! The built-in reference client (`x402-conformance reference-client URL`): pays one x402
//! resource the way the reference SDK clients do, with x402-spec's client signer — so that the
//! `client` role can be tested in CI without a third-party client, and so that its seeded
//! [`ClientDefect`]s prove that the client cases catch real mistakes.
//!
//! 1. `GET URL`. Anything but 402: print it and stop (exit 0 for 2xx).
//! 2. Read the 402: `PAYMENT-REQUIRED` (v2) or the JSON body (v1) (docs/protocol/transport.md §2.4).
//! 3. Choose the first acceptable offer ([`x402_spec::client::select_v2`]: `exact` before `upto`,
//!    EVM networks only, at most the maximum amount). None: print why and exit 3 — no payment.
//! 4. Sign it ([`x402_spec::client::pay_v2`] / [`pay_v1`]) with a fresh nonce and send the
//!    same request with `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1). Exactly one payment
//!    retry (docs/protocol/transport.md §2.7).
//! 5. Print the status and the decoded `PAYMENT-RESPONSE`; exit 0 on 2xx, 1 otherwise.
//!
//! Configuration: the payer key from `--payer-key-env` (default `X402_PAYER_KEY`) or
//! `--payer-key-file`, else the built-in reference test key (worthless); the maximum amount from
//! `--max-amount` or `X402_CLIENT_MAX_AMOUNT` (default 1 000 000 atomic units, the TS SDK's "$1"
//! default for a 6-decimal stablecoin).

use std::time::Duration;

use alloy_primitives::U256;
use serde_json::Value;
use x402_spec::client::{
    ClientPolicy, FixedNonce, NonceSource, pay_v1, pay_v2, select_v1, select_v2,
};
use x402_spec::common::TimeoutSeconds;
use x402_spec::evm::LocalSigner;
use x402_spec::header::{self, DecodeOptions, PAYMENT_REQUIRED, PAYMENT_SIGNATURE, X_PAYMENT};
use x402_spec::primitives::DecimalU256;
use x402_spec::wire::Echoed;
use x402_spec::{PaymentRequired, transport, v1, v2};

use crate::ctx::NonceGen;
use crate::http::{Header, HttpClient, Response, preview};
pub use crate::reference::defects::ClientDefect;

/// Default maximum amount per payment (atomic units): 1 USDC.
pub const DEFAULT_MAX_AMOUNT: u64 = 1_000_000;

/// Exit code: paid and served (or no payment needed).
pub const EXIT_PAID: u8 = 0;
/// Exit code: the payment was refused.
pub const EXIT_REFUSED: u8 = 1;
/// Exit code: bad options or the resource could not be reached.
pub const EXIT_ERROR: u8 = 2;
/// Exit code: no offer is acceptable; nothing was paid.
pub const EXIT_NOTHING_PAYABLE: u8 = 3;

/// How the reference client is configured.
#[derive(Debug, Clone)]
pub struct RefClientOptions {
    /// The resource URL.
    pub url: String,
    /// The payer.
    pub signer: LocalSigner,
    /// The most it pays for one request (`None`: no limit).
    pub max_amount: Option<U256>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Seeded defects.
    pub defects: Vec<ClientDefect>,
}

impl RefClientOptions {
    fn has(&self, d: ClientDefect) -> bool {
        self.defects.contains(&d)
    }
}

/// What happened, for the caller to print; [`Outcome::exit_code`] maps it to the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The exit code.
    pub exit_code: u8,
    /// Lines to print on stdout.
    pub lines: Vec<String>,
}

fn line(lines: &mut Vec<String>, text: impl Into<String>) {
    lines.push(text.into());
}

/// A v2 `PaymentRequired` with one offer changed by `edit` (used to sign a seeded mistake
/// while `accepted` keeps the original offer).
fn edited(
    pr: &v2::PaymentRequired,
    index: usize,
    edit: impl FnOnce(&mut v2::PaymentRequirements),
) -> Result<v2::PaymentRequired, String> {
    let mut out = pr.clone();
    let mut accepts: Vec<Echoed<v2::PaymentRequirements>> = out.accepts.iter().cloned().collect();
    let slot = accepts
        .get_mut(index)
        .ok_or_else(|| "offer index out of range".to_owned())?;
    let mut value = slot.value().clone();
    edit(&mut value);
    *slot = Echoed::new(value).map_err(|e| e.to_string())?;
    out.accepts = v2::NonEmpty::new(accepts).ok_or_else(|| "no offer".to_owned())?;
    Ok(out)
}

fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .filter(|k| k.as_str() != "xConformance")
                    .map(|k| (k.clone(), sorted(m.get(k).unwrap_or(&Value::Null))))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// The v2 payment header value for `pr`, or why there is none (`Ok(None)`: nothing payable).
fn pay_v2_header(
    opts: &RefClientOptions,
    pr: &v2::PaymentRequired,
    now: u64,
    nonces: &mut dyn NonceSource,
    lines: &mut Vec<String>,
) -> Result<Option<String>, String> {
    let mut policy = ClientPolicy::default();
    if let Some(max) = opts
        .max_amount
        .filter(|_| !opts.has(ClientDefect::IgnoreMaxAmount))
    {
        policy = policy.with_max_amount(max);
    }
    let index = if opts.has(ClientDefect::PayFirstOffer) {
        pr.accepts
            .iter()
            .position(|a| a.network.evm_chain_id().is_some())
            .unwrap_or(0)
    } else {
        match select_v2(pr, &policy) {
            Ok(i) => i,
            Err(e) => {
                line(lines, format!("no payment: {e}"));
                return Ok(None);
            }
        }
    };
    let mut to_sign = pr.clone();
    if opts.has(ClientDefect::WrongDomain) {
        to_sign = edited(&to_sign, index, |r| {
            if let Some(extra) = r.extra.as_mut() {
                extra.insert("version".to_owned(), Value::String("99".to_owned()));
            }
        })?;
    }
    if opts.has(ClientDefect::LongValidity) {
        to_sign = edited(&to_sign, index, |r| {
            if let Some(t) = TimeoutSeconds::new(3600) {
                r.max_timeout_seconds = t;
            }
        })?;
    }
    if opts.has(ClientDefect::Overpay) {
        to_sign = edited(&to_sign, index, |r| {
            r.amount = DecimalU256::new(r.amount.get().saturating_add(U256::from(1u8)));
        })?;
    }
    let mut payment =
        pay_v2(&opts.signer, &to_sign, index, now, nonces).map_err(|e| e.to_string())?;
    let original = pr
        .accepts
        .get(index)
        .ok_or_else(|| "offer index out of range".to_owned())?;
    payment.accepted = original.clone();
    if opts.has(ClientDefect::RewriteAccepted) {
        let v: Value = serde_json::from_str(original.raw_json()).map_err(|e| e.to_string())?;
        let text = serde_json::to_string(&sorted(&v)).map_err(|e| e.to_string())?;
        payment.accepted = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    }
    line(
        lines,
        format!(
            "paying offer #{index}: {} {} on {} to {}",
            original.scheme, original.amount, original.network, original.pay_to
        ),
    );
    header::encode(&payment)
        .map(Some)
        .map_err(|e| e.to_string())
}

fn pay_v1_header(
    opts: &RefClientOptions,
    pr: &v1::PaymentRequired,
    now: u64,
    nonces: &mut dyn NonceSource,
    lines: &mut Vec<String>,
) -> Result<Option<String>, String> {
    let max = opts
        .max_amount
        .filter(|_| !opts.has(ClientDefect::IgnoreMaxAmount));
    let Some(index) = select_v1(pr, max) else {
        line(lines, "no payment: no acceptable x402Version 1 offer");
        return Ok(None);
    };
    let p = pay_v1(&opts.signer, pr, index, now, nonces).map_err(|e| e.to_string())?;
    line(lines, format!("paying v1 offer #{index} on {}", p.network));
    header::encode(&p).map(Some).map_err(|e| e.to_string())
}

fn describe_answer(r: &Response) -> String {
    let settle = [header::PAYMENT_RESPONSE, header::X_PAYMENT_RESPONSE]
        .iter()
        .find_map(|h| r.header(h))
        .map(
            |v| match header::decode_payment_response(v, DecodeOptions::lenient()) {
                Ok(s) => format!(
                    ", settlement success:{} transaction {:?}{}",
                    s.success,
                    s.transaction,
                    s.error_reason
                        .map(|e| format!(" errorReason {:?}", e.as_str()))
                        .unwrap_or_default()
                ),
                Err(e) => format!(", undecodable settle response: {e}"),
            },
        )
        .unwrap_or_default();
    format!("HTTP {}{settle}", r.status)
}

/// Pays `opts.url` once (see the module docs).
pub async fn run(opts: &RefClientOptions) -> Outcome {
    let mut lines = Vec::new();
    let out = |code: u8, lines: Vec<String>| Outcome {
        exit_code: code,
        lines,
    };
    let client = match HttpClient::new(&opts.url, opts.timeout, 1024 * 1024) {
        Ok(c) => c,
        Err(e) => return out(EXIT_ERROR, vec![format!("error: {e}")]),
    };
    let first = client.get("").await;
    let r = match first.response {
        Ok(r) => r,
        Err(e) => return out(EXIT_ERROR, vec![format!("error: GET {}: {e}", opts.url)]),
    };
    if r.status != 402 {
        line(
            &mut lines,
            format!("no payment needed: {}", describe_answer(&r)),
        );
        return out(
            if r.is_success() {
                EXIT_PAID
            } else {
                EXIT_REFUSED
            },
            lines,
        );
    }
    let required = match transport::read_payment_required(
        r.header(PAYMENT_REQUIRED),
        &r.body,
        DecodeOptions::strict(),
    ) {
        Ok(req) => req,
        Err(m) => return out(EXIT_ERROR, vec![format!("error: unreadable 402: {m}")]),
    };
    let nonce_gen = NonceGen::new();
    let mut fresh = || nonce_gen.next_nonce();
    let mut fixed = FixedNonce([0x42; 32]);
    let attempts = if opts.has(ClientDefect::RetryAfterFailure) {
        5
    } else {
        1
    };
    let mut last = EXIT_REFUSED;
    for _ in 0..attempts {
        let nonces: &mut dyn NonceSource = if opts.has(ClientDefect::ReuseNonce) {
            &mut fixed
        } else {
            &mut fresh
        };
        let now = crate::ctx::unix_now();
        let (value, v2) = match &required {
            PaymentRequired::V2(pr) => (pay_v2_header(opts, pr, now, nonces, &mut lines), true),
            PaymentRequired::V1(pr) => (pay_v1_header(opts, pr, now, nonces, &mut lines), false),
            _ => {
                line(&mut lines, "no payment: unknown x402Version");
                return out(EXIT_NOTHING_PAYABLE, lines);
            }
        };
        let value = match value {
            Ok(Some(v)) => v,
            Ok(None) => return out(EXIT_NOTHING_PAYABLE, lines),
            Err(e) => {
                line(&mut lines, format!("error: cannot sign: {e}"));
                return out(EXIT_ERROR, lines);
            }
        };
        let name = match (v2, opts.has(ClientDefect::WrongHeader)) {
            (true, false) | (false, true) => PAYMENT_SIGNATURE,
            _ => X_PAYMENT,
        };
        let headers: Vec<Header> = vec![
            ("accept".to_owned(), "application/json".to_owned()),
            (name.to_ascii_lowercase(), value),
        ];
        let paid = client.send("GET", "", headers, bytes::Bytes::new()).await;
        match paid.response {
            Ok(r) => {
                line(&mut lines, format!("paid request: {}", describe_answer(&r)));
                if r.is_success() {
                    line(&mut lines, format!("body {}", preview(&r.body, 200)));
                    return out(EXIT_PAID, lines);
                }
                last = EXIT_REFUSED;
            }
            Err(e) => {
                line(&mut lines, format!("paid request failed: {e}"));
                last = EXIT_ERROR;
            }
        }
    }
    out(last, lines)
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

    #[test]
    fn defect_names_round_trip() {
        for d in ClientDefect::ALL {
            assert_eq!(d.name().parse::<ClientDefect>().unwrap(), d);
        }
        assert!("nope".parse::<ClientDefect>().is_err());
        assert!(ClientDefect::help_text().contains("reuse-nonce"));
    }

    #[test]
    fn sorting_drops_the_unknown_member_and_orders_keys() {
        let v = serde_json::json!({"b": 1, "a": {"xConformance": 1, "d": 2, "c": 3}});
        assert_eq!(
            serde_json::to_string(&sorted(&v)).unwrap(),
            r#"{"a":{"c":3,"d":2},"b":1}"#
        );
    }
}
