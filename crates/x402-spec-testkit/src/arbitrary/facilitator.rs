//! Facilitator bodies: `/verify`, `/settle`, `/supported`, discovery.

use super::*;

// ---------------------------------------------------------------------------------------------
// Facilitator
/// A v1 `/verify` / `/settle` body ([`RequestV1`]).
pub fn request_v1() -> impl Strategy<Value = RequestV1> {
    (
        v1_payment_payload(),
        v1_requirements(),
        unknown_fields(REQUEST_KEYS),
    )
        .prop_filter_map(
            "fields of a valid RequestV1",
            |(payment_payload, payment_requirements, unknown)| {
                wire!(RequestV1 {
                    "x402Version" => x402_version: v1::V1,
                    "paymentPayload" => payment_payload,
                    "paymentRequirements" => payment_requirements,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A v2 `/verify` / `/settle` body ([`RequestV2`]); `paymentRequirements` is often the
/// `accepted` requirement itself, as real servers send it.
pub fn request_v2() -> impl Strategy<Value = RequestV2> {
    (
        v2_payment_payload(),
        option::of(v2_requirements()),
        unknown_fields(REQUEST_KEYS),
    )
        .prop_filter_map(
            "fields of a valid RequestV2",
            |(payment_payload, other, unknown)| {
                let payment_requirements =
                    other.unwrap_or_else(|| payment_payload.accepted.value().clone());
                wire!(RequestV2 {
                    "x402Version" => x402_version: v2::V2,
                    "paymentPayload" => payment_payload,
                    "paymentRequirements" => payment_requirements,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A `/verify` or `/settle` body of either version ([`FacilitatorRequest`]).
pub fn facilitator_request() -> impl Strategy<Value = FacilitatorRequest> {
    prop_oneof![
        request_v1().prop_map(FacilitatorRequest::V1),
        request_v2().prop_map(FacilitatorRequest::V2),
    ]
    .boxed()
}

/// A reason code as received: canonical codes, SDK-style composites, and arbitrary strings.
pub fn reason() -> impl Strategy<Value = Reason> {
    prop_oneof![
        3 => select(
            &[
                "invalid_payload",
                "invalid_payment_requirements",
                "invalid_x402_version",
                "insufficient_funds",
                "invalid_exact_evm_payload_signature",
                "invalid_exact_evm_transaction_failed: execution reverted",
                "unexpected_verify_error",
                "",
            ][..]
        )
        .prop_map(Reason::from_wire),
        1 => json_string().prop_map(Reason::from_wire),
    ]
    .boxed()
}

/// A `POST /verify` answer ([`VerifyResponse`]).
pub fn verify_response() -> impl Strategy<Value = VerifyResponse> {
    (
        any::<bool>(),
        option::of(reason()),
        option::of(json_string()),
        option::of(address()),
        option::of(json_object(2)),
        option::of(json_object(2)),
        unknown_fields(VERIFY_RESPONSE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid VerifyResponse",
            |(is_valid, invalid_reason, invalid_message, payer, extensions, extra, unknown)| {
                wire!(VerifyResponse {
                    "isValid" => is_valid,
                    "invalidReason" => invalid_reason,
                    "invalidMessage" => invalid_message,
                    "payer" => payer,
                    "extensions" => extensions,
                    "extra" => extra,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A network as found in settle responses and `/supported` kinds: CAIP-2 or a v1 name.
pub fn any_network() -> impl Strategy<Value = AnyNetwork> {
    prop_oneof![
        network().prop_map(AnyNetwork::Caip2),
        v1_network().prop_map(AnyNetwork::V1),
    ]
    .boxed()
}

/// A `POST /settle` answer / `PAYMENT-RESPONSE` content ([`SettleResponse`]).
pub fn settle_response() -> impl Strategy<Value = SettleResponse> {
    let transaction = prop_oneof![
        Just(String::new()),
        any::<[u8; 32]>().prop_map(|b| format!("0x{}", alloy_primitives::hex::encode(b))),
        "[1-9A-HJ-NP-Za-km-z]{64,88}",
        json_string(),
    ];
    (
        (
            any::<bool>(),
            option::of(reason()),
            option::of(json_string()),
        ),
        (option::of(address()), transaction, any_network()),
        (
            option::of(amount()),
            option::of(json_object(2)),
            option::of(json_object(2)),
        ),
        unknown_fields(SETTLE_RESPONSE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid SettleResponse",
            |(
                (success, error_reason, error_message),
                (payer, transaction, network),
                (amount, extensions, extra),
                unknown,
            )| {
                wire!(SettleResponse {
                    "success" => success,
                    "errorReason" => error_reason,
                    "errorMessage" => error_message,
                    "payer" => payer,
                    "transaction" => transaction,
                    "network" => network,
                    "amount" => amount,
                    "extensions" => extensions,
                    "extra" => extra,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `x402Version` of either version.
pub fn x402_version() -> impl Strategy<Value = X402Version> {
    prop_oneof![Just(X402Version::V1), Just(X402Version::V2)]
}

/// One `/supported` kind ([`SupportedKind`]).
pub fn supported_kind() -> impl Strategy<Value = SupportedKind> {
    (
        x402_version(),
        scheme(),
        any_network(),
        requirements_extra(),
        unknown_fields(SUPPORTED_KIND_KEYS),
    )
        .prop_filter_map(
            "fields of a valid SupportedKind",
            |(x402_version, scheme, network, extra, unknown)| {
                wire!(SupportedKind {
                    "x402Version" => x402_version,
                    "scheme" => scheme,
                    "network" => network,
                    "extra" => extra,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// `signers` of `/supported`: up to three distinct patterns, each with up to three addresses.
pub fn signers() -> impl Strategy<Value = Signers> {
    vec((network_pattern(), vec(address(), 0..4)), 0..4)
        .prop_map(|entries| {
            let mut out: Vec<(NetworkPattern, Vec<Address>)> = Vec::new();
            for (pattern, addresses) in entries {
                if !out.iter().any(|(p, _)| *p == pattern) {
                    out.push((pattern, addresses));
                }
            }
            Signers(out)
        })
        .boxed()
}

/// A `GET /supported` answer ([`SupportedResponse`]); `extensions` and `signers` are often
/// absent (v1 facilitators).
pub fn supported_response() -> impl Strategy<Value = SupportedResponse> {
    let extension_names = vec(
        prop_oneof![
            select(
                &[
                    BAZAAR,
                    EIP2612_GAS_SPONSORING,
                    ERC20_APPROVAL_GAS_SPONSORING,
                    PAYMENT_IDENTIFIER
                ][..]
            )
            .prop_map(str::to_owned),
            json_string(),
        ],
        0..4,
    );
    (
        vec(supported_kind(), 0..4),
        option::of(extension_names),
        option::of(signers()),
        unknown_fields(SUPPORTED_RESPONSE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid SupportedResponse",
            |(kinds, extensions, signers, unknown)| {
                wire!(SupportedResponse {
                    "kinds" => kinds,
                    "extensions" => extensions,
                    "signers" => signers,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// `lastUpdated`: a unix time or an RFC 3339 date-time (with or without fraction, `Z`/`z` or an
/// offset).
pub fn last_updated() -> impl Strategy<Value = LastUpdated> {
    let iso = (
        (0u32..10_000, 1u32..=12, 1u32..=31),
        (0u32..24, 0u32..60, 0u32..=60),
        option::of("[0-9]{1,9}"),
        prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            (select(&["+", "-"][..]), 0u32..24, 0u32..60)
                .prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
        ],
        any::<bool>(),
    )
        .prop_map(|((y, mo, d), (h, mi, s), frac, zone, upper_t)| {
            let t = if upper_t { 'T' } else { 't' };
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            LastUpdated::Iso8601(format!(
                "{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}{frac}{zone}"
            ))
        });
    prop_oneof![
        any::<u64>().prop_map(LastUpdated::Unix),
        Just(LastUpdated::Unix(0)),
        iso,
    ]
    .boxed()
}

/// Discovery pagination.
pub fn pagination() -> impl Strategy<Value = Pagination> {
    (
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        unknown_fields(PAGINATION_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Pagination",
            |(limit, offset, total, unknown)| {
                wire!(Pagination {
                    "limit" => limit,
                    "offset" => offset,
                    "total" => total,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// One discovery item; its `accepts` are requirements of the item's own version, so
/// [`DiscoveryItem::accepts_v1`] / [`DiscoveryItem::accepts_v2`] decode them.
pub fn discovery_item() -> impl Strategy<Value = DiscoveryItem> {
    let accepts = prop_oneof![
        vec(v1_requirements(), 0..3).prop_map(|v| {
            (
                X402Version::V1,
                v.iter().filter_map(to_object).collect::<Vec<_>>(),
            )
        }),
        vec(v2_requirements(), 0..3).prop_map(|v| {
            (
                X402Version::V2,
                v.iter().filter_map(to_object).collect::<Vec<_>>(),
            )
        }),
    ];
    let kind = prop_oneof![
        select(&["http", "mcp"][..]).prop_map(str::to_owned),
        token_text()
    ]
    .prop_filter_map("token", |t| Token::parse(&t).ok());
    (
        token(),
        kind,
        accepts,
        last_updated(),
        option::of(json_object(2)),
        unknown_fields(DISCOVERY_ITEM_KEYS),
    )
        .prop_filter_map(
            "fields of a valid DiscoveryItem",
            |(resource, kind, (x402_version, accepts), last_updated, metadata, unknown)| {
                wire!(DiscoveryItem {
                    "resource" => resource,
                    "type" => kind,
                    "x402Version" => x402_version,
                    "accepts" => accepts,
                    "lastUpdated" => last_updated,
                    "metadata" => metadata,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A `GET /discovery/resources` answer ([`DiscoveryResponse`]).
pub fn discovery_response() -> impl Strategy<Value = DiscoveryResponse> {
    (
        x402_version(),
        vec(discovery_item(), 0..3),
        pagination(),
        unknown_fields(DISCOVERY_RESPONSE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid DiscoveryResponse",
            |(x402_version, items, pagination, unknown)| {
                wire!(DiscoveryResponse {
                    "x402Version" => x402_version,
                    "items" => items,
                    "pagination" => pagination,
                    ; unknown
                })
            },
        )
        .boxed()
}
