//! Extensions: payment-identifier, bazaar, gas sponsoring.

use super::*;

// ---------------------------------------------------------------------------------------------
// Extensions

/// A `payment-identifier` envelope.
pub fn payment_identifier() -> impl Strategy<Value = PaymentIdentifier> {
    let id = option::of(
        prop_oneof![
            Just("pay_0123456789abcdef".to_owned()),
            "[a-zA-Z0-9_-]{16}",
            "[a-zA-Z0-9_-]{16,128}",
            Just("a".repeat(128)),
        ]
        .prop_filter_map("valid id", |s| PaymentId::parse(&s).ok()),
    );
    let info = (
        any::<bool>(),
        id,
        unknown_fields(PAYMENT_IDENTIFIER_INFO_KEYS),
    )
        .prop_filter_map(
            "fields of a valid PaymentIdentifierInfo",
            |(required, id, unknown)| {
                wire!(PaymentIdentifierInfo {
                    "required" => required,
                    "id" => id,
                    ; unknown
                })
            },
        );
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid PaymentIdentifier",
            |(info, schema, unknown)| {
                wire!(PaymentIdentifier {
                    "info" => info,
                    "schema" => schema,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A bazaar `routeTemplate`.
pub fn route_template() -> impl Strategy<Value = RouteTemplate> {
    prop_oneof![
        Just("/users/:id".to_owned()),
        "/[a-zA-Z0-9_:-]{1,12}(/[a-zA-Z0-9_:.~%-]{1,8}){0,3}",
    ]
    .prop_filter_map("valid route template", |s| RouteTemplate::parse(&s).ok())
    .boxed()
}

/// Bazaar `info.input` of an HTTP resource; body methods always carry `bodyType`.
pub fn http_input() -> impl Strategy<Value = HttpInput> {
    let method = select(
        &[
            "GET", "HEAD", "DELETE", "POST", "PUT", "PATCH", "post", "OPTIONS",
        ][..],
    )
    .prop_filter_map("valid token", |m| Token::parse(m).ok());
    let body_type = select(&["json", "form-data", "text"][..])
        .prop_filter_map("valid token", |b| Token::parse(b).ok());
    (
        method,
        option::of(json_object(1)),
        option::of(json_object(1)),
        option::of(json_object(1)),
        option::of(body_type),
        option::of(json_value(2)),
        unknown_fields(HTTP_INPUT_KEYS),
    )
        .prop_filter_map(
            "body methods need bodyType",
            |(method, query_params, path_params, headers, body_type, body, unknown)| {
                let upper = method.as_str().to_ascii_uppercase();
                if ["POST", "PUT", "PATCH"].contains(&upper.as_str()) && body_type.is_none() {
                    return None;
                }
                wire!(HttpInput {
                    "method" => method,
                    "queryParams" => query_params,
                    "pathParams" => path_params,
                    "headers" => headers,
                    "bodyType" => body_type,
                    "body" => body,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// Bazaar `info.input` of an MCP tool: `tool`, `toolName`, or both with the same value.
pub fn mcp_input() -> impl Strategy<Value = McpInput> {
    let transport = option::of(
        select(&["streamable-http", "sse"][..]).prop_filter_map("token", |t| Token::parse(t).ok()),
    );
    let tool = token_text().prop_filter_map("token", |t| Token::parse(&t).ok());
    (
        tool,
        0u8..3,
        option::of(json_string()),
        transport,
        json_value(2),
        option::of(json_value(2)),
        unknown_fields(MCP_INPUT_KEYS),
    )
        .prop_filter_map(
            "fields of a valid McpInput",
            |(name, spelling, description, transport, input_schema, example, unknown)| {
                let (tool, tool_name_sdk) = match spelling {
                    0 => (Some(name), None),
                    1 => (None, Some(name)),
                    _ => (Some(name.clone()), Some(name)),
                };
                wire!(McpInput {
                    "tool" => tool,
                    "toolName" => tool_name_sdk,
                    "description" => description,
                    "transport" => transport,
                    "inputSchema" => [null] input_schema,
                    "example" => example,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A `bazaar` envelope.
pub fn bazaar() -> impl Strategy<Value = Bazaar> {
    let input = prop_oneof![
        http_input().prop_map(BazaarInput::Http),
        mcp_input().prop_map(BazaarInput::Mcp),
    ];
    let output = (
        option::of(json_string()),
        option::of(json_string()),
        option::of(json_value(2)),
        unknown_fields(BAZAAR_OUTPUT_KEYS),
    )
        .prop_filter_map(
            "fields of a valid BazaarOutput",
            |(kind, format, example, unknown)| {
                wire!(BazaarOutput {
                    "type" => kind,
                    "format" => format,
                    "example" => example,
                    ; unknown
                })
            },
        );
    let info = (input, option::of(output), unknown_fields(BAZAAR_INFO_KEYS)).prop_filter_map(
        "fields of a valid BazaarInfo",
        |(input, output, unknown)| {
            wire!(BazaarInfo {
                "input" => input,
                "output" => output,
                ; unknown
            })
        },
    );
    (
        info,
        option::of(json_value(2)),
        option::of(route_template()),
        unknown_fields(BAZAAR_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Bazaar",
            |(info, schema, route_template, unknown)| {
                wire!(Bazaar {
                    "info" => info,
                    "schema" => schema,
                    "routeTemplate" => route_template,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An extension version (`1`, `1.0`, `12.3.4`).
pub fn extension_version() -> impl Strategy<Value = ExtensionVersion> {
    prop_oneof![Just("1".to_owned()), "[0-9]{1,3}(\\.[0-9]{1,3}){0,2}"]
        .prop_filter_map("valid version", |s| ExtensionVersion::parse(&s).ok())
        .boxed()
}

/// A client-filled `eip2612GasSponsoring` envelope.
pub fn eip2612_gas_sponsoring() -> impl Strategy<Value = Eip2612GasSponsoring> {
    let info = (
        (evm_address(), evm_address(), evm_address()),
        (amount(), amount(), unix_timestamp()),
        hex_bytes(),
        extension_version(),
        unknown_fields(EIP2612_INFO_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Eip2612GasSponsoringInfo",
            |((from, asset, spender), (amount, nonce, deadline), signature, version, unknown)| {
                wire!(Eip2612GasSponsoringInfo {
                    "from" => from,
                    "asset" => asset,
                    "spender" => spender,
                    "amount" => amount,
                    "nonce" => nonce,
                    "deadline" => deadline,
                    "signature" => signature,
                    "version" => version,
                    ; unknown
                })
            },
        );
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Eip2612GasSponsoring",
            |(info, schema, unknown)| {
                wire!(Eip2612GasSponsoring {
                    "info" => info,
                    "schema" => schema,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// A client-filled `erc20ApprovalGasSponsoring` envelope.
pub fn erc20_approval_gas_sponsoring() -> impl Strategy<Value = Erc20ApprovalGasSponsoring> {
    let info = (
        (evm_address(), evm_address(), evm_address()),
        amount(),
        hex_bytes(),
        extension_version(),
        unknown_fields(ERC20_APPROVAL_INFO_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Erc20ApprovalGasSponsoringInfo",
            |((from, asset, spender), amount, signed_transaction, version, unknown)| {
                wire!(Erc20ApprovalGasSponsoringInfo {
                    "from" => from,
                    "asset" => asset,
                    "spender" => spender,
                    "amount" => amount,
                    "signedTransaction" => signed_transaction,
                    "version" => version,
                    ; unknown
                })
            },
        );
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Erc20ApprovalGasSponsoring",
            |(info, schema, unknown)| {
                wire!(Erc20ApprovalGasSponsoring {
                    "info" => info,
                    "schema" => schema,
                    ; unknown
                })
            },
        )
        .boxed()
}
