//! JSON Schemas (draft 2020-12) of the wire types, for SDKs in other languages.
//!
//! [`generate`] is a pure function returning every schema with its file name; the
//! `x402-spec schemas` command writes them to `schemas/` and a test fails when the checked-in
//! files are stale. Each file is self-contained (`$defs`), has a `urn:x402-spec:` `$id`, and is
//! post-processed so that strict validators accept it: schemars' Rust-only integer `format`s
//! (`uint8`, `uint64`, ...) are removed.
//!
//! What a schema cannot say, the Rust parser still checks (and the docs of each type say so):
//! EIP-55 checksums of mixed-case addresses, the 2^256−1 bound of amounts, `60.0` as
//! `maxTimeoutSeconds`, duplicate keys, byte (not character) limits.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::evm::batch_settlement::wire as bs;
use crate::{extensions, extra, facilitator, schemes, v1, v2};

/// One generated schema.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SchemaFile {
    /// Path relative to `schemas/`, e.g. `v2/PaymentPayload.json`.
    pub path: String,
    /// What the document is.
    pub title: &'static str,
    /// The schema.
    pub schema: Value,
}

fn one<T: JsonSchema>(path: &str, title: &'static str) -> SchemaFile {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let root: Schema = generator.into_root_schema_for::<T>();
    let mut value = root.to_value();
    strip_rust_formats(&mut value);
    if let Value::Object(obj) = &mut value {
        let id = format!(
            "urn:x402-spec:{}",
            path.trim_end_matches(".json").replace('/', ":")
        );
        // Put $schema and $id first for readability.
        let mut out = serde_json::Map::new();
        if let Some(s) = obj.shift_remove("$schema") {
            out.insert("$schema".to_owned(), s);
        }
        out.insert("$id".to_owned(), Value::String(id));
        out.insert("title".to_owned(), Value::String(title.to_owned()));
        obj.shift_remove("title");
        out.extend(std::mem::take(obj));
        value = Value::Object(out);
    }
    SchemaFile {
        path: path.to_owned(),
        title,
        schema: value,
    }
}

/// Removes integer `format`s that only Rust understands.
fn strip_rust_formats(v: &mut Value) {
    const RUST_FORMATS: [&str; 12] = [
        "uint8", "uint16", "uint32", "uint64", "uint128", "uint", "int8", "int16", "int32",
        "int64", "int128", "int",
    ];
    match v {
        Value::Object(obj) => {
            if obj
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| RUST_FORMATS.contains(&f))
            {
                obj.shift_remove("format");
            }
            for child in obj.values_mut() {
                strip_rust_formats(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_rust_formats),
        _ => {}
    }
}

/// Every schema, in a stable order, plus `index.json` last.
#[must_use]
pub fn generate() -> Vec<SchemaFile> {
    let mut files = vec![
        one::<crate::PaymentPayload>("PaymentPayload.json", "x402 PaymentPayload (v1 or v2)"),
        one::<crate::PaymentRequired>("PaymentRequired.json", "x402 PaymentRequired (v1 or v2)"),
        one::<v1::PaymentRequirements>(
            "v1/PaymentRequirements.json",
            "x402 v1 PaymentRequirements",
        ),
        one::<v1::PaymentRequired>(
            "v1/PaymentRequired.json",
            "x402 v1 PaymentRequired (402 body)",
        ),
        one::<v1::PaymentPayload>(
            "v1/PaymentPayload.json",
            "x402 v1 PaymentPayload (X-PAYMENT)",
        ),
        one::<v2::ResourceInfo>("v2/ResourceInfo.json", "x402 v2 ResourceInfo"),
        one::<v2::PaymentRequirements>(
            "v2/PaymentRequirements.json",
            "x402 v2 PaymentRequirements",
        ),
        one::<v2::PaymentRequired>(
            "v2/PaymentRequired.json",
            "x402 v2 PaymentRequired (PAYMENT-REQUIRED)",
        ),
        one::<v2::PaymentPayload>(
            "v2/PaymentPayload.json",
            "x402 v2 PaymentPayload (PAYMENT-SIGNATURE)",
        ),
        one::<v2::ExtensionEnvelope>("v2/ExtensionEnvelope.json", "x402 v2 extension envelope"),
        one::<facilitator::FacilitatorRequest>(
            "facilitator/VerifyRequest.json",
            "x402 facilitator /verify and /settle request",
        ),
        one::<facilitator::RequestV1>("facilitator/RequestV1.json", "x402 facilitator request, v1"),
        one::<facilitator::RequestV2>("facilitator/RequestV2.json", "x402 facilitator request, v2"),
        one::<facilitator::VerifyResponse>(
            "facilitator/VerifyResponse.json",
            "x402 facilitator /verify response",
        ),
        one::<facilitator::SettleResponse>(
            "facilitator/SettleResponse.json",
            "x402 /settle response and PAYMENT-RESPONSE",
        ),
        one::<facilitator::SupportedResponse>(
            "facilitator/SupportedResponse.json",
            "x402 facilitator /supported response",
        ),
        one::<facilitator::DiscoveryResponse>(
            "facilitator/DiscoveryResponse.json",
            "x402 discovery list response",
        ),
        one::<schemes::ExactEip3009Payload>(
            "schemes/ExactEip3009Payload.json",
            "exact EVM payload (EIP-3009)",
        ),
        one::<schemes::ExactPermit2Payload>(
            "schemes/ExactPermit2Payload.json",
            "exact EVM payload (Permit2)",
        ),
        one::<schemes::UptoPermit2Payload>(
            "schemes/UptoPermit2Payload.json",
            "upto EVM payload (Permit2)",
        ),
        one::<schemes::ExactSvmPayload>("schemes/ExactSvmPayload.json", "exact Solana payload"),
        one::<bs::DepositPayload>(
            "schemes/batch-settlement/DepositPayload.json",
            "batch-settlement EVM deposit payload",
        ),
        one::<bs::VoucherPayload>(
            "schemes/batch-settlement/VoucherPayload.json",
            "batch-settlement EVM voucher payload",
        ),
        one::<bs::RefundPayload>(
            "schemes/batch-settlement/RefundPayload.json",
            "batch-settlement EVM refund payload (client or server-completed)",
        ),
        one::<bs::ClaimPayload>(
            "schemes/batch-settlement/ClaimPayload.json",
            "batch-settlement EVM claim payload (server to facilitator)",
        ),
        one::<bs::SettlePayload>(
            "schemes/batch-settlement/SettlePayload.json",
            "batch-settlement EVM settle payload (server to facilitator)",
        ),
        one::<bs::ChannelState>(
            "schemes/batch-settlement/ChannelState.json",
            "batch-settlement EVM channel snapshot",
        ),
        one::<bs::BatchExtra>(
            "extra/BatchSettlementExtra.json",
            "extra of batch-settlement EVM requirements",
        ),
        one::<extra::EvmExtra>("extra/EvmExtra.json", "extra of EVM requirements"),
        one::<extra::SvmExtra>("extra/SvmExtra.json", "extra of Solana requirements"),
        one::<extensions::PaymentIdentifier>(
            "extensions/PaymentIdentifier.json",
            "payment-identifier extension",
        ),
        one::<extensions::Bazaar>("extensions/Bazaar.json", "bazaar extension"),
        one::<extensions::Eip2612GasSponsoring>(
            "extensions/Eip2612GasSponsoring.json",
            "eip2612GasSponsoring extension (client-filled)",
        ),
        one::<extensions::Erc20ApprovalGasSponsoring>(
            "extensions/Erc20ApprovalGasSponsoring.json",
            "erc20ApprovalGasSponsoring extension (client-filled)",
        ),
    ];
    let entries: Vec<Value> = files
        .iter()
        .map(|f| {
            serde_json::json!({
                "path": f.path,
                "$id": f.schema.get("$id").cloned().unwrap_or(Value::Null),
                "title": f.title,
            })
        })
        .collect();
    files.push(SchemaFile {
        path: "index.json".to_owned(),
        title: "index",
        schema: serde_json::json!({
            "description": "Index of the x402-spec JSON Schemas (draft 2020-12), generated from the Rust types by `cargo run -p x402-spec-cli -- schemas`. Do not edit by hand.",
            "generator": concat!("x402-spec ", env!("CARGO_PKG_VERSION")),
            "schemas": entries,
        }),
    });
    files
}

/// Serializes a schema file the way it is stored: pretty-printed, trailing newline.
///
/// # Errors
/// Only if serialization fails.
pub fn render(file: &SchemaFile) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&file.schema)?;
    s.push('\n');
    Ok(s)
}

macro_rules! one_of_versions {
    ($t:ty, $name:literal, $v1:ty, $v2:ty) => {
        impl JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> Schema {
                let a = generator.subschema_for::<$v1>();
                let b = generator.subschema_for::<$v2>();
                schemars::json_schema!({
                    "description": "Either protocol version, discriminated by x402Version.",
                    "oneOf": [a, b]
                })
            }
        }
    };
}

one_of_versions!(
    crate::PaymentPayload,
    "AnyPaymentPayload",
    v1::PaymentPayload,
    v2::PaymentPayload
);
one_of_versions!(
    crate::PaymentRequired,
    "AnyPaymentRequired",
    v1::PaymentRequired,
    v2::PaymentRequired
);
one_of_versions!(
    facilitator::FacilitatorRequest,
    "FacilitatorRequest",
    facilitator::RequestV1,
    facilitator::RequestV2
);
