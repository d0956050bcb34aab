//! Typed views of the known extensions (docs/protocol/wire.md §1.13, docs/protocol/evm.md §4.5; `specs/extensions/*`).
//!
//! Each extension is an envelope `{ info, schema }` under its key in `extensions`; decode one
//! with [`crate::v2::Extensions::get`]:
//!
//! ```
//! # use x402_spec::{v2::Extensions, extensions::{self, PaymentIdentifier}};
//! let mut ext = Extensions::default();
//! ext.insert(extensions::PAYMENT_IDENTIFIER, serde_json::json!({
//!     "info": { "required": true, "id": "pay_0123456789abcdef" }
//! }));
//! let pi: PaymentIdentifier = ext.get(extensions::PAYMENT_IDENTIFIER)?.expect("present");
//! assert_eq!(pi.info.id.as_ref().map(|i| i.as_str()), Some("pay_0123456789abcdef"));
//! # Ok::<(), x402_spec::error::ParseError>(())
//! ```

pub mod echo;
pub mod schema_refs;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::common::{HexBytes, Token, ValueError};
use crate::error::{ParseErrorKind, tagged};
use crate::primitives::{Amount, DecimalU256, EvmAddress, UnixTimestamp};
use crate::wire::JsonObject;
use crate::wire_object;

/// Key of the payment-identifier extension.
pub const PAYMENT_IDENTIFIER: &str = "payment-identifier";
/// Key of the bazaar (discovery) extension.
pub const BAZAAR: &str = "bazaar";
/// Key of the EIP-2612 gas-sponsoring extension.
pub const EIP2612_GAS_SPONSORING: &str = "eip2612GasSponsoring";
/// Key of the ERC-20 approval gas-sponsoring extension.
pub const ERC20_APPROVAL_GAS_SPONSORING: &str = "erc20ApprovalGasSponsoring";

// ---------------------------------------------------------------------------------------------
// payment-identifier

/// A payment identifier: 16–128 characters of `[a-zA-Z0-9_-]`
/// (`extensions/src/payment-identifier/schema.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaymentId(String);

impl PaymentId {
    /// Checks length and alphabet.
    ///
    /// # Errors
    /// Wrong length or a character outside `[a-zA-Z0-9_-]`.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let ok_len = (16..=128).contains(&s.len());
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok_len && ok_chars {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValueError::Pattern {
                what: "payment id",
                rule: "^[a-zA-Z0-9_-]{16,128}$",
            })
        }
    }

    /// The identifier.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::common::text_type!(PaymentId, "a payment identifier", "PaymentId", { "type": "string", "pattern": "^[a-zA-Z0-9_-]{16,128}$" });

wire_object! {
    /// `info` of the payment-identifier extension.
    pub struct PaymentIdentifierInfo {
        /// Whether the server requires an identifier.
        "required" => required: bool [req],
        /// The client's identifier.
        "id" => id: PaymentId [opt],
    }
}

wire_object! {
    /// The payment-identifier extension envelope.
    pub struct PaymentIdentifier {
        /// Extension data.
        "info" => info: PaymentIdentifierInfo [req],
        /// JSON Schema of `info`.
        "schema" => schema: serde_json::Value [opt],
    }
}

// ---------------------------------------------------------------------------------------------
// bazaar

wire_object! {
    /// Bazaar input of an HTTP resource (`type: "http"`).
    ///
    /// Query methods (GET, HEAD, DELETE) carry `queryParams`; body methods (POST, PUT, PATCH)
    /// also carry `bodyType` (`json`, `form-data`, `text`) and `body` (`specs/extensions/bazaar.md`).
    pub struct HttpInput {
        /// HTTP method.
        "method" => method: Token [req],
        /// Query parameters (schema or example).
        "queryParams" => query_params: JsonObject [opt],
        /// Path parameters.
        "pathParams" => path_params: JsonObject [opt],
        /// Header names to values.
        "headers" => headers: JsonObject [opt],
        /// Body encoding for body methods.
        "bodyType" => body_type: Token [opt],
        /// Body description.
        "body" => body: serde_json::Value [opt],
    }
}

wire_object! {
    /// Bazaar input of an MCP tool (`type: "mcp"`).
    ///
    /// The spec names the tool `tool`; every SDK sends and requires `toolName` (docs/protocol/disagreements.md
    /// #25). Either is accepted and re-emitted as received; [`McpInput::tool_name`] reads either,
    /// and a document carrying both with different values is rejected.
    pub struct McpInput {
        /// Tool name (spec spelling).
        "tool" => tool: Token [opt],
        /// Tool name (SDK spelling).
        "toolName" => tool_name_sdk: Token [opt],
        /// Tool description.
        "description" => description: String [opt],
        /// `streamable-http` or `sse`.
        "transport" => transport: Token [opt],
        /// JSON Schema of the tool input.
        "inputSchema" => input_schema: serde_json::Value [req],
        /// Example input.
        "example" => example: serde_json::Value [opt],
    }
}

impl McpInput {
    /// The tool name from `tool` or `toolName`.
    #[must_use]
    pub fn tool_name(&self) -> Option<&str> {
        self.tool
            .as_ref()
            .or(self.tool_name_sdk.as_ref())
            .map(Token::as_str)
    }
}

/// `info.input` of the bazaar extension, discriminated by `type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BazaarInput {
    /// `type: "http"`.
    Http(HttpInput),
    /// `type: "mcp"`.
    Mcp(McpInput),
}

const BODY_METHODS: [&str; 3] = ["POST", "PUT", "PATCH"];

impl<'de> Deserialize<'de> for BazaarInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut obj = JsonObject::deserialize(d)?;
        let kind = match obj.shift_remove("type") {
            Some(serde_json::Value::String(s)) => s,
            Some(_) => {
                return Err(tagged(
                    ParseErrorKind::InvalidType,
                    "bazaar input `type` must be a string",
                ));
            }
            None => return Err(tagged(ParseErrorKind::MissingField, "missing field `type`")),
        };
        let v = serde_json::Value::Object(obj);
        match kind.as_str() {
            "http" => {
                let input: HttpInput = crate::wire::from_buffered(&v)?;
                let body_method =
                    BODY_METHODS.contains(&input.method.as_str().to_ascii_uppercase().as_str());
                if body_method && input.body_type.is_none() {
                    return Err(tagged(
                        ParseErrorKind::MissingField,
                        "a body method requires `bodyType`",
                    ));
                }
                Ok(Self::Http(input))
            }
            "mcp" => {
                let input: McpInput = crate::wire::from_buffered(&v)?;
                match (&input.tool, &input.tool_name_sdk) {
                    (None, None) => Err(tagged(
                        ParseErrorKind::MissingField,
                        "missing field `tool` (spec) or `toolName` (SDKs)",
                    )),
                    (Some(a), Some(b)) if a != b => Err(tagged(
                        ParseErrorKind::InvalidValue,
                        "`tool` and `toolName` disagree",
                    )),
                    _ => Ok(Self::Mcp(input)),
                }
            }
            other => Err(tagged(
                ParseErrorKind::InvalidValue,
                format_args!("unknown bazaar input type {other:?} (expected \"http\" or \"mcp\")"),
            )),
        }
    }
}

impl Serialize for BazaarInput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (kind, inner) = match self {
            Self::Http(i) => ("http", serde_json::to_value(i)),
            Self::Mcp(i) => ("mcp", serde_json::to_value(i)),
        };
        let inner = inner.map_err(serde::ser::Error::custom)?;
        let mut out = JsonObject::new();
        out.insert("type".to_owned(), kind.into());
        if let serde_json::Value::Object(m) = inner {
            out.extend(m);
        }
        out.serialize(s)
    }
}

impl JsonSchema for BazaarInput {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("BazaarInput")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let http = generator.subschema_for::<HttpInput>();
        let mcp = generator.subschema_for::<McpInput>();
        json_schema!({
            "oneOf": [
                { "allOf": [ { "properties": { "type": { "const": "http" } }, "required": ["type"] }, http ] },
                { "allOf": [ { "properties": { "type": { "const": "mcp" } }, "required": ["type"],
                               "anyOf": [ { "required": ["tool"] }, { "required": ["toolName"] } ] }, mcp ] }
            ]
        })
    }
}

wire_object! {
    /// `info.output` of the bazaar extension.
    pub struct BazaarOutput {
        /// Output type.
        "type" => kind: String [opt],
        /// Output format.
        "format" => format: String [opt],
        /// Example output.
        "example" => example: serde_json::Value [opt],
    }
}

wire_object! {
    /// `info` of the bazaar extension.
    pub struct BazaarInfo {
        /// How to call the resource.
        "input" => input: BazaarInput [req],
        /// What it returns.
        "output" => output: BazaarOutput [opt],
    }
}

wire_object! {
    /// The bazaar extension envelope.
    pub struct Bazaar {
        /// Discovery data.
        "info" => info: BazaarInfo [req],
        /// JSON Schema of `info`.
        "schema" => schema: serde_json::Value [opt],
        /// Route template with `:param` segments for dynamic routes.
        "routeTemplate" => route_template: RouteTemplate [opt],
    }
}

/// A bazaar route template: `^/[a-zA-Z0-9_/:.\-~%]+$`, and after percent-decoding no `..` and no
/// `://` (`bazaar/facilitator.ts#isValidRouteTemplate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RouteTemplate(String);

impl RouteTemplate {
    /// Validates a template.
    ///
    /// # Errors
    /// Bad characters, path traversal, or an embedded URL.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let shape = s.starts_with('/')
            && s.len() > 1
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_/:.-~%".contains(&b));
        if !shape {
            return Err(ValueError::Pattern {
                what: "routeTemplate",
                rule: "^/[a-zA-Z0-9_/:.\\-~%]+$",
            });
        }
        let decoded = percent_decode(s);
        if decoded.contains("..") || decoded.contains("://") {
            return Err(ValueError::Pattern {
                what: "routeTemplate",
                rule: "no `..` or `://` after percent-decoding",
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The template.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = b
                .get(i.saturating_add(1)..i.saturating_add(3))
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i = i.saturating_add(3);
                continue;
            }
        }
        out.push(c);
        i = i.saturating_add(1);
    }
    String::from_utf8_lossy(&out).into_owned()
}

crate::common::text_type!(RouteTemplate, "a route template such as /users/:id", "RouteTemplate", { "type": "string", "pattern": "^/[a-zA-Z0-9_/:.\\-~%]+$" });

// ---------------------------------------------------------------------------------------------
// gas sponsoring

/// An extension version string: `^[0-9]+(\.[0-9]+)*$`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtensionVersion(String);

impl ExtensionVersion {
    /// Validates a version.
    ///
    /// # Errors
    /// Not dot-separated digits.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let ok = !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValueError::Pattern {
                what: "version",
                rule: "^[0-9]+(\\.[0-9]+)*$",
            })
        }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::common::text_type!(ExtensionVersion, "a version such as \"1\"", "ExtensionVersion", { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)*$" });

wire_object! {
    /// Client-filled `info` of `eip2612GasSponsoring`: an EIP-2612 permit letting Permit2 spend
    /// the payer's tokens (docs/protocol/evm.md §4.5).
    pub struct Eip2612GasSponsoringInfo {
        /// Token owner (must be the payer).
        "from" => from: EvmAddress [req],
        /// Token (must be the requirement's asset).
        "asset" => asset: EvmAddress [req],
        /// Spender (must be canonical Permit2).
        "spender" => spender: EvmAddress [req],
        /// Permit value (the proxy requires it to equal the permitted amount).
        "amount" => amount: Amount [req],
        /// The token's EIP-2612 nonce for the owner.
        "nonce" => nonce: DecimalU256 [req],
        /// Permit deadline.
        "deadline" => deadline: UnixTimestamp [req],
        /// 65-byte signature over `Permit`.
        "signature" => signature: HexBytes [req],
        /// Extension version.
        "version" => version: ExtensionVersion [req],
    }
}

wire_object! {
    /// The `eip2612GasSponsoring` envelope as a client fills it.
    pub struct Eip2612GasSponsoring {
        /// The signed permit.
        "info" => info: Eip2612GasSponsoringInfo [req],
        /// JSON Schema of `info` (echoed from the server's declaration).
        "schema" => schema: serde_json::Value [opt],
    }
}

wire_object! {
    /// Client-filled `info` of `erc20ApprovalGasSponsoring`: a signed EIP-1559 `approve`
    /// transaction the facilitator broadcasts (docs/protocol/evm.md §4.5).
    pub struct Erc20ApprovalGasSponsoringInfo {
        /// Token owner (must be the payer).
        "from" => from: EvmAddress [req],
        /// Token (must be the requirement's asset).
        "asset" => asset: EvmAddress [req],
        /// Spender (must be canonical Permit2).
        "spender" => spender: EvmAddress [req],
        /// Approved amount (clients use 2^256-1).
        "amount" => amount: Amount [req],
        /// The signed type-2 transaction, `0x`-hex.
        "signedTransaction" => signed_transaction: HexBytes [req],
        /// Extension version.
        "version" => version: ExtensionVersion [req],
    }
}

wire_object! {
    /// The `erc20ApprovalGasSponsoring` envelope as a client fills it.
    pub struct Erc20ApprovalGasSponsoring {
        /// The signed approval.
        "info" => info: Erc20ApprovalGasSponsoringInfo [req],
        /// JSON Schema of `info`.
        "schema" => schema: serde_json::Value [opt],
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn route_templates() {
        assert!(RouteTemplate::parse("/users/:id").is_ok());
        for bad in ["users", "/", "/a/../b", "/a/%2e%2e/b", "/http://x", "/a b"] {
            assert!(RouteTemplate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn payment_ids() {
        assert!(PaymentId::parse("pay_0123456789abcdef").is_ok());
        assert!(PaymentId::parse("short").is_err());
        assert!(PaymentId::parse(&"a".repeat(129)).is_err());
        assert!(PaymentId::parse("pay_0123456789abcde!").is_err());
    }

    #[test]
    fn versions() {
        assert!(ExtensionVersion::parse("1").is_ok());
        assert!(ExtensionVersion::parse("1.2.3").is_ok());
        for bad in ["", "1.", ".1", "v1", "1..2"] {
            assert!(ExtensionVersion::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bazaar_inputs() {
        let mcp_sdk: BazaarInput = serde_json::from_value(
            serde_json::json!({"type":"mcp","toolName":"t","inputSchema":{}}),
        )
        .unwrap();
        let mcp_spec: BazaarInput =
            serde_json::from_value(serde_json::json!({"type":"mcp","tool":"t","inputSchema":{}}))
                .unwrap();
        for m in [&mcp_sdk, &mcp_spec] {
            let BazaarInput::Mcp(i) = m else { panic!() };
            assert_eq!(i.tool_name(), Some("t"));
        }
        assert_eq!(serde_json::to_value(&mcp_spec).unwrap()["tool"], "t");
        assert!(
            serde_json::from_value::<BazaarInput>(
                serde_json::json!({"type":"mcp","inputSchema":{}})
            )
            .is_err()
        );
        assert!(
            serde_json::from_value::<BazaarInput>(
                serde_json::json!({"type":"mcp","tool":"a","toolName":"b","inputSchema":{}})
            )
            .is_err()
        );
        assert!(
            serde_json::from_value::<BazaarInput>(
                serde_json::json!({"type":"http","method":"POST"})
            )
            .is_err()
        );
        let q: BazaarInput = serde_json::from_value(
            serde_json::json!({"type":"http","method":"GET","queryParams":{"q":"x"}}),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&q).unwrap(),
            serde_json::json!({"type":"http","method":"GET","queryParams":{"q":"x"}})
        );
        assert!(serde_json::from_value::<BazaarInput>(serde_json::json!({"type":"ws"})).is_err());
    }
}
