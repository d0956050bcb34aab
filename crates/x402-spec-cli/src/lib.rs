//! The library half of the `x402-spec` command line: what `inspect` prints for one input, as a
//! pure function of the text (no files, no standard input, no process exit), so that the fuzz
//! target `cli_inspect` (fuzz/fuzz_targets/cli_inspect.rs) drives the exact path the binary runs.

use clap::ValueEnum;
use x402_spec::error::ParseError;
use x402_spec::facilitator::{
    DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedResponse, VerifyResponse,
};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::{PaymentPayload, PaymentRequired, schemes, v2};

/// Appends one formatted line to a `String`.
macro_rules! say {
    ($out:ident, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// What an `inspect` input is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Detected from the document's members.
    Auto,
    /// A `PaymentPayload` (v1 or v2).
    PaymentPayload,
    /// A `PaymentRequired` (v1 or v2).
    PaymentRequired,
    /// A facilitator `/settle` answer (also the `PAYMENT-RESPONSE` header).
    SettleResponse,
    /// A facilitator `/verify` answer.
    VerifyResponse,
    /// A facilitator `/verify` or `/settle` request body.
    VerifyRequest,
    /// A facilitator `/supported` answer.
    Supported,
    /// A discovery (`/discovery/resources`) answer.
    Discovery,
}

/// Inspects one input text (a base64 header value or a JSON document): returns the exit status
/// (0 valid, 1 invalid) and the report the binary prints on standard output.
#[must_use]
pub fn inspect_text(text: &str, kind: Kind, lenient: bool, json: bool) -> (u8, String) {
    let mut out = String::new();
    let trimmed = text.trim();
    let opts = if lenient {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let (bytes, transport) = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        (trimmed.as_bytes().to_vec(), "JSON document")
    } else {
        match header::decode_bytes(trimmed, opts) {
            Ok(b) => (b, "base64 header value"),
            Err(e) => {
                say!(out, "INVALID header encoding: {e}");
                say!(out, "  code: invalid_payload");
                if let Some(hint) = lenient_hint(trimmed, lenient) {
                    say!(out, "  hint: {hint}");
                }
                return (1, out);
            }
        }
    };
    let kind = if kind == Kind::Auto {
        detect(&bytes)
    } else {
        kind
    };
    say!(out, "input: {transport}, read as {kind:?}");
    let result = describe(&bytes, kind);
    match result {
        Ok((lines, normalised)) => {
            say!(out, "VALID");
            for l in lines {
                say!(out, "  {l}");
            }
            if json {
                say!(out, "{normalised}");
            }
            (0, out)
        }
        Err(e) => {
            say!(out, "INVALID");
            say!(out, "  code:    {}", e.code());
            say!(
                out,
                "  field:   {}",
                if e.pointer().is_empty() {
                    "(document)"
                } else {
                    e.pointer()
                }
            );
            say!(out, "  kind:    {}", e.kind());
            say!(out, "  message: {}", e.message());
            (1, out)
        }
    }
}

fn describe_scheme_payload(view: &schemes::SchemePayload) -> Vec<String> {
    let mut lines = Vec::new();
    match view {
        schemes::SchemePayload::ExactEvm(evm) => {
            lines.push(format!("payer {}", evm.payer()));
            match evm {
                schemes::ExactEvmPayload::Eip3009(e) => {
                    let a = &e.authorization;
                    lines.push(format!(
                        "EIP-3009 authorization: to {}, value {}, valid {}..{}",
                        a.to, a.value, a.valid_after, a.valid_before
                    ));
                }
                schemes::ExactEvmPayload::Permit2(p2) => {
                    let a = &p2.permit2_authorization;
                    lines.push(format!(
                        "Permit2: token {}, amount {}, spender {}, deadline {}",
                        a.permitted.token, a.permitted.amount, a.spender, a.deadline
                    ));
                }
                _ => {}
            }
        }
        schemes::SchemePayload::UptoEvm(u) => {
            let a = &u.permit2_authorization;
            lines.push(format!("payer {}", a.from));
            lines.push(format!(
                "upto Permit2: token {}, max amount {}, spender {}, deadline {}",
                a.permitted.token, a.permitted.amount, a.spender, a.deadline
            ));
        }
        schemes::SchemePayload::ExactSvm(t) => {
            lines.push(format!(
                "SVM transaction: {} bytes",
                t.transaction.bytes().len()
            ));
        }
        _ => {}
    }
    lines
}

fn detect(bytes: &[u8]) -> Kind {
    let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice::<serde_json::Value>(bytes)
    else {
        return Kind::PaymentPayload;
    };
    let has = |k: &str| obj.contains_key(k);
    if has("paymentPayload") {
        Kind::VerifyRequest
    } else if has("accepts") {
        Kind::PaymentRequired
    } else if has("isValid") {
        Kind::VerifyResponse
    } else if has("success") {
        Kind::SettleResponse
    } else if has("kinds") {
        Kind::Supported
    } else if has("items") {
        Kind::Discovery
    } else {
        Kind::PaymentPayload
    }
}

type Described = Result<(Vec<String>, String), ParseError>;

/// What `--lenient` would change for a value strict decoding refused: `Some` only when lenient
/// decoding accepts it, naming what is non-standard about it (docs/protocol/transport.md §2.2).
fn lenient_hint(value: &str, lenient: bool) -> Option<String> {
    if lenient || header::decode_bytes(value, DecodeOptions::lenient()).is_err() {
        return None;
    }
    let what = if value.contains(['-', '_']) {
        "URL-safe base64 (`-`/`_`)"
    } else {
        "unpadded base64 (no trailing `=`)"
    };
    Some(format!(
        "the value is {what}; x402 headers are standard padded base64, and the reference \
         SDKs differ on accepting it. `--lenient` decodes it anyway."
    ))
}

/// The document as indented JSON. Through a `Value`: members kept as the sender's exact JSON
/// (`Echoed`, such as `accepted`) would otherwise keep the sender's layout inside the indented
/// output.
fn norm<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|e| format!("(could not serialize: {e})"))
}

fn describe(bytes: &[u8], kind: Kind) -> Described {
    match kind {
        Kind::Auto | Kind::PaymentPayload => {
            let p = PaymentPayload::from_json(bytes)?;
            let mut lines = vec![format!("PaymentPayload, x402Version {}", p.version())];
            match &p {
                PaymentPayload::V1(v) => {
                    lines.push(format!("scheme {}, network {}", v.scheme, v.network));
                }
                PaymentPayload::V2(v) => lines.extend(describe_requirements(&v.accepted)),
                _ => {}
            }
            // The scheme payload is part of the document: a payment whose `payload` does not
            // have its scheme's shape is invalid, not "valid with an opaque payload".
            match schemes::SchemePayload::from_payment(&p) {
                Some(Err(e)) => return Err(e),
                Some(Ok(view)) => lines.extend(describe_scheme_payload(&view)),
                None => lines.push(format!(
                    "payload: no typed view for scheme {} on this network (opaque JSON)",
                    p.scheme()
                )),
            }
            Ok((lines, norm(&p)))
        }
        Kind::PaymentRequired => {
            let r = PaymentRequired::from_json(bytes)?;
            let mut lines = vec![format!("PaymentRequired, x402Version {}", r.version())];
            match &r {
                PaymentRequired::V1(v) => {
                    for (i, a) in v.accepts.iter().enumerate() {
                        lines.push(format!(
                            "accepts[{i}]: {} on {}, {} of {} to {}",
                            a.scheme, a.network, a.max_amount_required, a.asset, a.pay_to
                        ));
                    }
                }
                PaymentRequired::V2(v) => {
                    lines.push(format!("resource {}", v.resource.url));
                    for (i, a) in v.accepts.iter().enumerate() {
                        lines.push(format!("accepts[{i}]:"));
                        lines.extend(
                            describe_requirements(a)
                                .into_iter()
                                .map(|l| format!("  {l}")),
                        );
                    }
                }
                _ => {}
            }
            Ok((lines, norm(&r)))
        }
        Kind::SettleResponse => {
            let r = SettleResponse::from_json(bytes)?;
            let lines = vec![format!(
                "SettleResponse: success {}, transaction {:?}, network {}, payer {}{}",
                r.success,
                r.transaction,
                r.network,
                r.payer
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string),
                r.error_reason
                    .as_ref()
                    .map_or_else(String::new, |e| format!(", errorReason {e} ({})", e.code())),
            )];
            Ok((lines, norm(&r)))
        }
        Kind::VerifyResponse => {
            let r = VerifyResponse::from_json(bytes)?;
            let lines = vec![format!(
                "VerifyResponse: isValid {}, payer {}{}",
                r.is_valid,
                r.payer
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string),
                r.invalid_reason
                    .as_ref()
                    .map_or_else(String::new, |e| format!(
                        ", invalidReason {e} ({})",
                        e.code()
                    )),
            )];
            Ok((lines, norm(&r)))
        }
        Kind::VerifyRequest => {
            let r = FacilitatorRequest::from_json(bytes)?;
            Ok((
                vec![format!("facilitator request, x402Version {}", r.version())],
                norm(&r),
            ))
        }
        Kind::Supported => {
            let r = SupportedResponse::from_json(bytes)?;
            let mut lines = vec![format!("SupportedResponse: {} kinds", r.kinds.len())];
            for k in &r.kinds {
                lines.push(format!("v{} {} on {}", k.x402_version, k.scheme, k.network));
            }
            Ok((lines, norm(&r)))
        }
        Kind::Discovery => {
            let r = DiscoveryResponse::from_json(bytes)?;
            Ok((
                vec![format!(
                    "DiscoveryResponse: {} items, total {}",
                    r.items.len(),
                    r.pagination.total
                )],
                norm(&r),
            ))
        }
    }
}

fn describe_requirements(a: &v2::PaymentRequirements) -> Vec<String> {
    vec![format!(
        "{} on {}: {} of {} to {}, within {} s",
        a.scheme, a.network, a.amount, a.asset, a.pay_to, a.max_timeout_seconds
    )]
}

/// The error-code table as text (`x402-spec codes`): one line per wire spelling, tab-separated:
/// spelling, canonical code, category, emitters (comma-separated labels, `-` for none). The
/// vocabulary-diff lane (`vectors/oracles/vocabulary.py`) reads it.
#[must_use]
pub fn codes_table() -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for code in x402_spec::codes::ErrorCode::all() {
        for s in code.spellings() {
            let emitters: Vec<&str> = s.emitters.iter().map(|e| e.label()).collect();
            let emitters = if emitters.is_empty() {
                "-".to_owned()
            } else {
                emitters.join(",")
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}",
                s.code,
                code.as_str(),
                code.category().label(),
                emitters
            );
        }
    }
    out
}
