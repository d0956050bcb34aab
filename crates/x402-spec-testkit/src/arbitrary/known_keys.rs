//! Known keys of every wire object: unknown fields must not collide with them.

#[allow(unused_imports)] // the names the intra-doc links resolve against
use super::*;

// ---------------------------------------------------------------------------------------------
// Known keys of every wire object (unknown fields must not collide with them: the serializer
// skips an unknown key that shadows a known one, so such a value could not round-trip).

/// Known keys of [`v2::PaymentRequirements`].
pub const V2_REQUIREMENTS_KEYS: &[&str] = &[
    "scheme",
    "network",
    "amount",
    "asset",
    "payTo",
    "maxTimeoutSeconds",
    "extra",
];
/// Known keys of [`ResourceInfo`].
pub const RESOURCE_INFO_KEYS: &[&str] = &[
    "url",
    "description",
    "mimeType",
    "serviceName",
    "tags",
    "iconUrl",
];
/// Known keys of [`v2::PaymentRequired`].
pub const V2_PAYMENT_REQUIRED_KEYS: &[&str] =
    &["x402Version", "error", "resource", "accepts", "extensions"];
/// Known keys of [`v2::PaymentPayload`].
pub const V2_PAYMENT_PAYLOAD_KEYS: &[&str] = &[
    "x402Version",
    "resource",
    "accepted",
    "payload",
    "extensions",
];
/// Known keys of [`ExtensionEnvelope`] and of the typed extension envelopes.
pub const ENVELOPE_KEYS: &[&str] = &["info", "schema"];
/// Known keys of [`v1::PaymentRequirements`].
pub const V1_REQUIREMENTS_KEYS: &[&str] = &[
    "scheme",
    "network",
    "maxAmountRequired",
    "resource",
    "description",
    "mimeType",
    "outputSchema",
    "payTo",
    "maxTimeoutSeconds",
    "asset",
    "extra",
];
/// Known keys of [`v1::PaymentRequired`].
pub const V1_PAYMENT_REQUIRED_KEYS: &[&str] = &["x402Version", "error", "accepts"];
/// Known keys of [`v1::PaymentPayload`].
pub const V1_PAYMENT_PAYLOAD_KEYS: &[&str] = &["x402Version", "scheme", "network", "payload"];
/// Known keys of [`Eip3009Authorization`].
pub const EIP3009_AUTHORIZATION_KEYS: &[&str] =
    &["from", "to", "value", "validAfter", "validBefore", "nonce"];
/// Known keys of [`ExactEip3009Payload`].
pub const EIP3009_PAYLOAD_KEYS: &[&str] = &["signature", "authorization"];
/// Known keys of [`TokenPermissions`].
pub const TOKEN_PERMISSIONS_KEYS: &[&str] = &["token", "amount"];
/// Known keys of [`ExactWitness`].
pub const EXACT_WITNESS_KEYS: &[&str] = &["to", "validAfter"];
/// Known keys of [`UptoWitness`].
pub const UPTO_WITNESS_KEYS: &[&str] = &["to", "facilitator", "validAfter"];
/// Known keys of [`ExactPermit2Authorization`] and [`UptoPermit2Authorization`].
pub const PERMIT2_AUTHORIZATION_KEYS: &[&str] = &[
    "from",
    "permitted",
    "spender",
    "nonce",
    "deadline",
    "witness",
];
/// Known keys of [`ExactPermit2Payload`] and [`UptoPermit2Payload`].
pub const PERMIT2_PAYLOAD_KEYS: &[&str] = &["signature", "permit2Authorization"];
/// Known keys of [`ExactSvmPayload`].
pub const SVM_PAYLOAD_KEYS: &[&str] = &["transaction"];
/// Known keys of [`EvmExtra`].
pub const EVM_EXTRA_KEYS: &[&str] = &[
    "name",
    "version",
    "assetTransferMethod",
    "facilitatorAddress",
];
/// Known keys of [`SvmExtra`].
pub const SVM_EXTRA_KEYS: &[&str] = &["feePayer", "memo"];
/// Known keys of [`PaymentIdentifierInfo`].
pub const PAYMENT_IDENTIFIER_INFO_KEYS: &[&str] = &["required", "id"];
/// Known keys of [`Bazaar`].
pub const BAZAAR_KEYS: &[&str] = &["info", "schema", "routeTemplate"];
/// Known keys of [`BazaarInfo`].
pub const BAZAAR_INFO_KEYS: &[&str] = &["input", "output"];
/// Known keys of [`HttpInput`], plus the `type` discriminator of [`BazaarInput`].
pub const HTTP_INPUT_KEYS: &[&str] = &[
    "type",
    "method",
    "queryParams",
    "pathParams",
    "headers",
    "bodyType",
    "body",
];
/// Known keys of [`McpInput`], plus the `type` discriminator of [`BazaarInput`].
pub const MCP_INPUT_KEYS: &[&str] = &[
    "type",
    "tool",
    "toolName",
    "description",
    "transport",
    "inputSchema",
    "example",
];
/// Known keys of [`BazaarOutput`].
pub const BAZAAR_OUTPUT_KEYS: &[&str] = &["type", "format", "example"];
/// Known keys of [`Eip2612GasSponsoringInfo`].
pub const EIP2612_INFO_KEYS: &[&str] = &[
    "from",
    "asset",
    "spender",
    "amount",
    "nonce",
    "deadline",
    "signature",
    "version",
];
/// Known keys of [`Erc20ApprovalGasSponsoringInfo`].
pub const ERC20_APPROVAL_INFO_KEYS: &[&str] = &[
    "from",
    "asset",
    "spender",
    "amount",
    "signedTransaction",
    "version",
];

/// Known keys of [`RequestV1`] and [`RequestV2`].
pub const REQUEST_KEYS: &[&str] = &["x402Version", "paymentPayload", "paymentRequirements"];
/// Known keys of [`VerifyResponse`].
pub const VERIFY_RESPONSE_KEYS: &[&str] = &[
    "isValid",
    "invalidReason",
    "invalidMessage",
    "payer",
    "extensions",
    "extra",
];
/// Known keys of [`SettleResponse`].
pub const SETTLE_RESPONSE_KEYS: &[&str] = &[
    "success",
    "errorReason",
    "errorMessage",
    "payer",
    "transaction",
    "network",
    "amount",
    "extensions",
    "extra",
];
/// Known keys of [`SupportedKind`].
pub const SUPPORTED_KIND_KEYS: &[&str] = &["x402Version", "scheme", "network", "extra"];
/// Known keys of [`SupportedResponse`].
pub const SUPPORTED_RESPONSE_KEYS: &[&str] = &["kinds", "extensions", "signers"];
/// Known keys of [`Pagination`].
pub const PAGINATION_KEYS: &[&str] = &["limit", "offset", "total"];
/// Known keys of [`DiscoveryItem`].
pub const DISCOVERY_ITEM_KEYS: &[&str] = &[
    "resource",
    "type",
    "x402Version",
    "accepts",
    "lastUpdated",
    "metadata",
];
/// Known keys of [`DiscoveryResponse`].
pub const DISCOVERY_RESPONSE_KEYS: &[&str] = &["x402Version", "items", "pagination"];
