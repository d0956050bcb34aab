//! `x402-spec`: decode and validate x402 headers and documents; regenerate the JSON Schemas.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use x402_spec::error::ParseError;
use x402_spec::facilitator::{
    DiscoveryResponse, FacilitatorRequest, SettleResponse, SupportedResponse, VerifyResponse,
};
use x402_spec::header::{self, DecodeOptions};
use x402_spec::{PaymentPayload, PaymentRequired, schema, schemes, v2};

#[derive(Parser, Debug)]
#[command(
    name = "x402-spec",
    version,
    about = "Decode, validate and explain x402 headers and documents."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Decode and validate one x402 header value or JSON document and print a summary.
    ///
    /// INPUT is a base64 header value (PAYMENT-SIGNATURE, PAYMENT-REQUIRED, PAYMENT-RESPONSE,
    /// X-PAYMENT, X-PAYMENT-RESPONSE), a JSON document, `@FILE`, or `-` for standard input.
    /// Exit status: 0 valid, 1 invalid (a field-level error is printed), 2 usage error.
    ///
    /// Example: x402-spec inspect "$(cat header.txt)"
    Inspect {
        /// The value, `@FILE`, or `-`.
        input: String,
        /// What the input is (default: detected from its fields).
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Accept unpadded and URL-safe base64 (default: strict standard padded base64).
        #[arg(long)]
        lenient: bool,
        /// Print the normalised JSON after the summary.
        #[arg(long)]
        json: bool,
    },
    /// Write the JSON Schemas generated from the Rust types (or check that they are current).
    ///
    /// Example: x402-spec schemas --out schemas
    Schemas {
        /// Output directory.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
        /// Do not write; exit 1 if any file differs.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    Auto,
    PaymentPayload,
    PaymentRequired,
    SettleResponse,
    VerifyResponse,
    VerifyRequest,
    Supported,
    Discovery,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect {
            input,
            kind,
            lenient,
            json,
        } => inspect(&input, kind, lenient, json),
        Command::Schemas { out, check } => schemas(&out, check),
    }
}

fn read_input(input: &str) -> Result<String, String> {
    if input == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("reading standard input: {e}"))?;
        Ok(s)
    } else if let Some(path) = input.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| format!("reading {path}: {e}"))
    } else {
        Ok(input.to_owned())
    }
}

fn inspect(input: &str, kind: Kind, lenient: bool, json: bool) -> ExitCode {
    let text = match read_input(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
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
                println!("INVALID header encoding: {e}");
                println!("  code: invalid_payload");
                return ExitCode::from(1);
            }
        }
    };
    let kind = if kind == Kind::Auto {
        detect(&bytes)
    } else {
        kind
    };
    println!("input: {transport}, read as {kind:?}");
    let result = describe(&bytes, kind);
    match result {
        Ok((lines, normalised)) => {
            println!("VALID");
            for l in lines {
                println!("  {l}");
            }
            if json {
                println!("{normalised}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("INVALID");
            println!("  code:    {}", e.code());
            println!(
                "  field:   {}",
                if e.pointer().is_empty() {
                    "(document)"
                } else {
                    e.pointer()
                }
            );
            println!("  kind:    {}", e.kind());
            println!("  message: {}", e.message());
            ExitCode::from(1)
        }
    }
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

fn norm<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("(could not serialize: {e})"))
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
            if p.scheme() == &x402_spec::common::Scheme::EXACT
                && let Ok(evm) = schemes::ExactEvmPayload::from_payload(p.payload())
            {
                {
                    lines.push(format!("payer {}", evm.payer()));
                    match &evm {
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

fn schemas(out: &std::path::Path, check: bool) -> ExitCode {
    let mut stale = 0usize;
    for file in schema::generate() {
        let path = out.join(&file.path);
        let text = match schema::render(&file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: rendering {}: {e}", file.path);
                return ExitCode::from(2);
            }
        };
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != text {
                println!("stale: {}", path.display());
                stale = stale.saturating_add(1);
            }
            continue;
        }
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            {
                eprintln!("error: creating {}: {e}", parent.display());
                return ExitCode::from(2);
            }
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: writing {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote {}", path.display());
    }
    if stale > 0 {
        println!("{stale} schema file(s) are stale: run `cargo run -p x402-spec-cli -- schemas`");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
