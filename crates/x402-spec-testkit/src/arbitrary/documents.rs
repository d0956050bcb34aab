//! `extra` views, v1 and v2 documents, and version-agnostic documents.

use super::*;
use x402_spec::service::{IconUrl, ServiceLabel, ServiceTags};

// ---------------------------------------------------------------------------------------------
// extra

/// `extra` for EVM requirements ([`EvmExtra`]): domain name/version, transfer method (known and
/// other), facilitator address, unknown keys; each field often absent.
pub fn evm_extra() -> impl Strategy<Value = EvmExtra> {
    let name = option::of(prop_oneof![
        Just("USDC".to_owned()),
        Just("USD Coin".to_owned()),
        json_string()
    ]);
    let version = option::of(prop_oneof![
        Just("2".to_owned()),
        Just("1".to_owned()),
        json_string()
    ]);
    let method = option::of(prop_oneof![
        Just(AssetTransferMethod::Eip3009),
        Just(AssetTransferMethod::Permit2),
        "[a-z0-9]{1,10}|\\PC{1,6}"
            .prop_filter_map("non-empty", |s| { AssetTransferMethod::parse(&s).ok() }),
    ]);
    (
        name,
        version,
        method,
        option::of(evm_address()),
        unknown_fields(EVM_EXTRA_KEYS),
    )
        .prop_filter_map(
            "fields of a valid EvmExtra",
            |(name, version, asset_transfer_method, facilitator_address, unknown)| {
                wire!(EvmExtra {
                    "name" => name,
                    "version" => version,
                    "assetTransferMethod" => asset_transfer_method,
                    "facilitatorAddress" => facilitator_address,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// `extra` for Solana requirements ([`SvmExtra`]): fee payer, memo (up to exactly 256 bytes).
pub fn svm_extra() -> impl Strategy<Value = SvmExtra> {
    let memo = option::of(
        prop_oneof![
            3 => "\\PC{0,40}",
            1 => Just("m".repeat(Memo::MAX_BYTES)),
            1 => Just("é".repeat(Memo::MAX_BYTES / 2)),
        ]
        .prop_filter_map("memo within 256 bytes", |s| Memo::parse(&s).ok()),
    );
    (
        option::of(solana_address()),
        memo,
        unknown_fields(SVM_EXTRA_KEYS),
    )
        .prop_filter_map(
            "fields of a valid SvmExtra",
            |(fee_payer, memo, unknown)| {
                wire!(SvmExtra {
                    "feePayer" => fee_payer,
                    "memo" => memo,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// `extra` of a requirement: absent (weighted), `{}`, an EVM or SVM view, or arbitrary JSON.
pub(super) fn requirements_extra() -> impl Strategy<Value = Option<JsonObject>> {
    prop_oneof![
        3 => Just(None),
        2 => Just(Some(JsonObject::new())),
        3 => evm_extra().prop_map(|e| to_object(&e)),
        1 => svm_extra().prop_map(|e| to_object(&e)),
        2 => json_object(2).prop_map(Some),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// v2

/// A v2 [`ResourceInfo`]: URL, description and MIME type absent, empty or set, unknown fields.
pub fn resource_info() -> impl Strategy<Value = ResourceInfo> {
    let mime = option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just(String::new()),
        json_string()
    ]);
    (
        token(),
        option::of(json_string()),
        mime,
        (
            option::of(service_label()),
            option::of(
                prop::collection::vec(service_label(), 0..=5)
                    .prop_filter_map("at most 5 tags", |t| ServiceTags::new(t).ok()),
            ),
            option::of(
                "(https://[a-z]{1,12}\\.example/[a-z0-9]{0,20}\\.png)|"
                    .prop_filter_map("an icon URL", |u| IconUrl::parse(&u).ok()),
            ),
        ),
        unknown_fields(RESOURCE_INFO_KEYS),
    )
        .prop_filter_map(
            "fields of a valid ResourceInfo",
            |(url, description, mime_type, (service_name, tags, icon_url), unknown)| {
                wire!(ResourceInfo {
                    "url" => url,
                    "description" => description,
                    "mimeType" => mime_type,
                    "serviceName" => service_name,
                    "tags" => tags,
                    "iconUrl" => icon_url,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A `serviceName` or tag: 1 to 32 printable ASCII characters.
pub fn service_label() -> impl Strategy<Value = ServiceLabel> {
    "[ -~]{1,32}".prop_filter_map("a service label", |s| ServiceLabel::parse(&s).ok())
}

/// A v2 [`v2::PaymentRequirements`].
pub fn v2_requirements() -> impl Strategy<Value = v2::PaymentRequirements> {
    (
        scheme(),
        network(),
        amount(),
        address(),
        address(),
        timeout(),
        requirements_extra(),
        unknown_fields(V2_REQUIREMENTS_KEYS),
    )
        .prop_filter_map(
            "fields of a valid PaymentRequirements",
            |(scheme, network, amount, asset, pay_to, max_timeout_seconds, extra, unknown)| {
                wire!(v2::PaymentRequirements {
                    "scheme" => scheme,
                    "network" => network,
                    "amount" => amount,
                    "asset" => asset,
                    "payTo" => pay_to,
                    "maxTimeoutSeconds" => max_timeout_seconds,
                    "extra" => extra,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// `error` strings of a 402.
pub(super) fn error_text() -> impl Strategy<Value = Option<String>> {
    option::of(prop_oneof![
        Just("Payment required".to_owned()),
        Just(String::new()),
        json_string()
    ])
}

/// A v2 [`v2::PaymentRequired`] with 1–3 `accepts` (canonical or non-canonical echoes).
pub fn v2_payment_required() -> impl Strategy<Value = v2::PaymentRequired> {
    (
        error_text(),
        resource_info(),
        vec(echoed(v2_requirements()), 1..4),
        option::of(extensions()),
        unknown_fields(V2_PAYMENT_REQUIRED_KEYS),
    )
        .prop_filter_map(
            "non-empty accepts",
            |(error, resource, accepts, extensions, unknown)| {
                wire!(v2::PaymentRequired {
                    "x402Version" => x402_version: v2::V2,
                    "error" => error,
                    "resource" => resource,
                    "accepts" => accepts: NonEmpty::new(accepts)?,
                    "extensions" => extensions,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A scheme `payload` object: one of the typed views, or arbitrary JSON.
pub(super) fn payload_object() -> impl Strategy<Value = JsonObject> {
    prop_oneof![
        3 => eip3009_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => permit2_payload().prop_filter_map("object", |p| to_object(&p)),
        1 => upto_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => svm_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => json_object(2),
    ]
    .boxed()
}

/// A v2 [`v2::PaymentPayload`]: `accepted` echoed canonically or from non-canonical text,
/// `resource` and `extensions` often absent.
pub fn v2_payment_payload() -> impl Strategy<Value = v2::PaymentPayload> {
    (
        option::of(resource_info()),
        echoed(v2_requirements()),
        payload_object(),
        option::of(extensions()),
        unknown_fields(V2_PAYMENT_PAYLOAD_KEYS),
    )
        .prop_filter_map(
            "fields of a valid PaymentPayload",
            |(resource, accepted, payload, extensions, unknown)| {
                wire!(v2::PaymentPayload {
                    "x402Version" => x402_version: v2::V2,
                    "resource" => resource,
                    "accepted" => accepted,
                    "payload" => payload,
                    "extensions" => extensions,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An [`ExtensionEnvelope`] with arbitrary `info` and `schema`.
pub fn extension_envelope() -> impl Strategy<Value = ExtensionEnvelope> {
    (
        json_object(2),
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid ExtensionEnvelope",
            |(info, schema, unknown)| {
                wire!(ExtensionEnvelope {
                    "info" => info,
                    "schema" => schema,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `extensions` object: empty, or up to three entries drawn from the known extensions (typed,
/// valid) and unknown ones. Every entry is an envelope (an object with an object `info`), which
/// [`Extensions`] requires (v2 §5.1.2).
pub fn extensions() -> impl Strategy<Value = Extensions> {
    let entry = prop_oneof![
        1 => payment_identifier()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (PAYMENT_IDENTIFIER.to_owned(), Value::Object(o))),
        1 => bazaar()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (BAZAAR.to_owned(), Value::Object(o))),
        1 => eip2612_gas_sponsoring()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (EIP2612_GAS_SPONSORING.to_owned(), Value::Object(o))),
        1 => erc20_approval_gas_sponsoring()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (ERC20_APPROVAL_GAS_SPONSORING.to_owned(), Value::Object(o))),
        2 => (json_key(), extension_envelope())
            .prop_filter_map("object", |(k, e)| Some((k, Value::Object(to_object(&e)?)))),
    ];
    prop_oneof![
        1 => Just(Extensions::default()),
        3 => vec(entry, 1..4).prop_map(|kv| Extensions(kv.into_iter().collect())),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// v1

/// A v1 [`v1::PaymentRequirements`].
pub fn v1_requirements() -> impl Strategy<Value = v1::PaymentRequirements> {
    let mime = option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just(String::new()),
        json_string()
    ]);
    let head = (
        scheme(),
        v1_network(),
        amount(),
        token(),
        json_string(),
        mime,
    );
    let tail = (
        option::of(json_object(2)),
        address(),
        timeout(),
        address(),
        requirements_extra(),
        unknown_fields(V1_REQUIREMENTS_KEYS),
    );
    (head, tail)
        .prop_filter_map(
            "fields of a valid PaymentRequirements",
            |(
                (scheme, network, max_amount_required, resource, description, mime_type),
                (output_schema, pay_to, max_timeout_seconds, asset, extra, unknown),
            )| {
                wire!(v1::PaymentRequirements {
                    "scheme" => scheme,
                    "network" => network,
                    "maxAmountRequired" => max_amount_required,
                    "resource" => resource,
                    "description" => description,
                    "mimeType" => mime_type,
                    "outputSchema" => output_schema,
                    "payTo" => pay_to,
                    "maxTimeoutSeconds" => max_timeout_seconds,
                    "asset" => asset,
                    "extra" => extra,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A v1 [`v1::PaymentRequired`] (402 body) with 1–3 `accepts`.
pub fn v1_payment_required() -> impl Strategy<Value = v1::PaymentRequired> {
    (
        error_text(),
        vec(echoed(v1_requirements()), 1..4),
        unknown_fields(V1_PAYMENT_REQUIRED_KEYS),
    )
        .prop_filter_map("non-empty accepts", |(error, accepts, unknown)| {
            wire!(v1::PaymentRequired {
                "x402Version" => x402_version: v1::V1,
                "error" => error,
                "accepts" => accepts: NonEmpty::new(accepts)?,
                ; unknown
            })
        })
        .boxed()
}

/// A v1 [`v1::PaymentPayload`] (`X-PAYMENT` content).
pub fn v1_payment_payload() -> impl Strategy<Value = v1::PaymentPayload> {
    (
        scheme(),
        v1_network(),
        payload_object(),
        unknown_fields(V1_PAYMENT_PAYLOAD_KEYS),
    )
        .prop_filter_map(
            "fields of a valid PaymentPayload",
            |(scheme, network, payload, unknown)| {
                wire!(v1::PaymentPayload {
                    "x402Version" => x402_version: v1::V1,
                    "scheme" => scheme,
                    "network" => network,
                    "payload" => payload,
                    ; unknown
                })
            },
        )
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Version-agnostic documents

/// A [`x402_spec::PaymentPayload`] of either version.
pub fn payment_payload() -> impl Strategy<Value = x402_spec::PaymentPayload> {
    prop_oneof![
        v1_payment_payload().prop_map(x402_spec::PaymentPayload::V1),
        v2_payment_payload().prop_map(x402_spec::PaymentPayload::V2),
    ]
    .boxed()
}

/// A [`x402_spec::PaymentRequired`] of either version.
pub fn payment_required() -> impl Strategy<Value = x402_spec::PaymentRequired> {
    prop_oneof![
        v1_payment_required().prop_map(x402_spec::PaymentRequired::V1),
        v2_payment_required().prop_map(x402_spec::PaymentRequired::V2),
    ]
    .boxed()
}
