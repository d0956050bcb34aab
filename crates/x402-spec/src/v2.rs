//! Protocol version 2 wire types (x402 v2 specification §5; docs/protocol/wire.md §1.2–§1.5, §1.13).
//!
//! v2 carries CAIP-2 networks, a top-level [`ResourceInfo`], the chosen requirement echoed as
//! `accepted`, and extensions. On HTTP the documents travel base64-encoded in the
//! `PAYMENT-REQUIRED`, `PAYMENT-SIGNATURE` and `PAYMENT-RESPONSE` headers ([`crate::header`]).

use crate::common::{Scheme, TimeoutSeconds};
use crate::error::{DocKind, ParseError};
use crate::primitives::{Address, Amount, Network};
use crate::wire::{Echoed, JsonObject, version_literal};
use crate::wire_object;

version_literal! {
    /// The literal `x402Version: 2`.
    V2 = 2
}

wire_object! {
    /// Describes the protected resource (v2 §5.1.2 `ResourceInfo`).
    ///
    /// TS and Python servers always emit `description` and `mimeType` (as `""` when unset); Go
    /// omits empty ones (docs/protocol/wire.md §1.3). Both forms parse and round-trip as received.
    pub struct ResourceInfo {
        /// URL of the protected resource. Required, non-empty.
        "url" => url: crate::common::Token [req],
        /// Human-readable description.
        "description" => description: String [opt],
        /// MIME type of the resource's response.
        "mimeType" => mime_type: String [opt],
        /// Human-readable name of the service (1 to 32 printable ASCII characters;
        /// @x402/core 2.27.0, docs/protocol/deployed.md §3).
        "serviceName" => service_name: crate::service::ServiceLabel [opt],
        /// Topical tags of the service (at most 5 labels).
        "tags" => tags: crate::service::ServiceTags [opt],
        /// URL of the service's icon (at most 2048 characters).
        "iconUrl" => icon_url: crate::service::IconUrl [opt],
    }
}

impl ResourceInfo {
    /// A resource with only a URL.
    ///
    /// # Errors
    /// An empty or padded URL.
    pub fn new(url: &str) -> Result<Self, crate::common::ValueError> {
        Ok(Self {
            url: crate::common::Token::parse(url)?,
            description: None,
            mime_type: None,
            service_name: None,
            tags: None,
            icon_url: None,
            unknown: JsonObject::new(),
        })
    }
}

wire_object! {
    /// One way to pay for a resource (v2 §5.1.2 `PaymentRequirements`).
    ///
    /// `extra` is scheme-specific; see [`crate::extra`] for typed views. Absent and `null`
    /// `extra` both read as `None` (TS accepts null; docs/protocol/disagreements.md #39); an empty object stays
    /// `Some({})` so that a TS server's `extra: {}` is echoed as sent (docs/protocol/disagreements.md #26).
    pub struct PaymentRequirements {
        /// Scheme name (`exact`, `upto`, ...).
        "scheme" => scheme: Scheme [req],
        /// CAIP-2 network id.
        "network" => network: Network [req],
        /// Amount in the asset's atomic units (decimal uint256 string).
        "amount" => amount: Amount [req],
        /// Token contract address, mint, or other asset identifier.
        "asset" => asset: Address [req],
        /// Recipient of the payment.
        "payTo" => pay_to: Address [req],
        /// Maximum time, in seconds, the server allows for the payment to complete.
        "maxTimeoutSeconds" => max_timeout_seconds: TimeoutSeconds [req],
        /// Scheme-specific data (EIP-712 domain name/version, transfer method, fee payer, ...).
        "extra" => extra: JsonObject [optnull],
    }
}

/// The non-empty list of requirements offered in a 402, each kept with its exact JSON so that
/// the one a client chooses can be echoed byte for byte.
pub type Accepts = NonEmpty<Echoed<PaymentRequirements>>;

wire_object! {
    /// The 402 answer (v2 §5.1 `PaymentRequired`), carried in the `PAYMENT-REQUIRED` header.
    ///
    /// `resource` is required as the spec and the TS schema say (Go and Python make it optional,
    /// docs/protocol/disagreements.md #3); `accepts` must hold at least one entry (TS `.min(1)`).
    pub struct PaymentRequired {
        /// Always 2.
        "x402Version" => x402_version: V2 [req],
        /// Why payment is required or why a payment failed.
        "error" => error: String [opt],
        /// The protected resource.
        "resource" => resource: ResourceInfo [req],
        /// Accepted ways to pay (at least one).
        "accepts" => accepts: NonEmpty<Echoed<PaymentRequirements>> [req],
        /// Extensions the server supports, keyed by name.
        "extensions" => extensions: Extensions [optnull],
    }
}

wire_object! {
    /// A signed payment (v2 §5.2 `PaymentPayload`), carried in the `PAYMENT-SIGNATURE` header.
    ///
    /// `accepted` keeps the exact JSON the client sent; `payload` is scheme-specific, see
    /// [`crate::schemes`] for typed views.
    pub struct PaymentPayload {
        /// Always 2.
        "x402Version" => x402_version: V2 [req],
        /// The resource being paid for, copied from the 402.
        "resource" => resource: ResourceInfo [opt],
        /// The requirement the client chose, echoed from `accepts`.
        "accepted" => accepted: Echoed<PaymentRequirements> [req],
        /// Scheme-specific signed data.
        "payload" => payload: JsonObject [req],
        /// Extension data (server-declared info merged with client-provided info).
        "extensions" => extensions: Extensions [optnull],
    }
}

wire_object! {
    /// One extension entry: `{ info, schema }` (v2 §5.1.2 `extensions`).
    pub struct ExtensionEnvelope {
        /// Extension data.
        "info" => info: JsonObject [req],
        /// JSON Schema (2020-12) describing `info`.
        "schema" => schema: serde_json::Value [opt],
    }
}

/// The `extensions` object: extension name → envelope, in arrival order.
///
/// Entries stay raw JSON so that unknown extensions round-trip; [`Extensions::get`] decodes one
/// into a typed view (see [`crate::extensions`]) and reports a field-level error instead of
/// swallowing it (docs/design/peers.md, "Adopted: typed extension lookup").
///
/// Decision: every entry must be an envelope, an object with an object `info` (v2 §5.1.2); a
/// malformed entry is an error at `/extensions/<key>/...` rather than a silently kept blob.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Extensions(pub JsonObject);

impl<'de> serde::Deserialize<'de> for Extensions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = JsonObject::deserialize(d)?;
        for (key, value) in &map {
            let env: Result<ExtensionEnvelope, D::Error> = crate::wire::from_buffered(value);
            env.map_err(|e| {
                // Re-root the nested pointer below the extension's key.
                let msg = e.to_string();
                let (inner, rest) = msg
                    .split_once(crate::error::POINTER_SEP)
                    .unwrap_or(("", msg.as_str()));
                <D::Error as serde::de::Error>::custom(format_args!(
                    "/{}{inner}{}{rest}",
                    crate::error::escape_pointer(key),
                    crate::error::POINTER_SEP
                ))
            })?;
        }
        Ok(Self(map))
    }
}

impl Extensions {
    /// The raw entry for `key`.
    #[must_use]
    pub fn raw(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }

    /// Decodes the entry for `key` as `T`, or `Ok(None)` when absent.
    ///
    /// # Errors
    /// The entry exists but does not match `T`; the pointer is `/extensions/<key>/...`.
    pub fn get<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ParseError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(v) => {
                let prefix = format!("/extensions/{}", crate::error::escape_pointer(key));
                crate::error::from_value(v, &prefix, DocKind::PaymentPayload).map(Some)
            }
        }
    }

    /// Inserts or replaces an entry.
    pub fn insert(&mut self, key: impl Into<String>, value: serde_json::Value) {
        self.0.insert(key.into(), value);
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl schemars::JsonSchema for Extensions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Extensions")
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let env = generator.subschema_for::<ExtensionEnvelope>();
        schemars::json_schema!({
            "type": "object",
            "description": "Extensions keyed by name; each value is an envelope { info, schema }.",
            "additionalProperties": env
        })
    }
}

/// A list that must hold at least one element (`accepts`).
#[derive(Debug, Clone, PartialEq)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// Wraps a vector; `None` when it is empty.
    #[must_use]
    pub fn new(v: Vec<T>) -> Option<Self> {
        if v.is_empty() { None } else { Some(Self(v)) }
    }

    /// The elements.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The first element (always present).
    #[must_use]
    pub fn first(&self) -> Option<&T> {
        self.0.first()
    }

    /// Consumes the list.
    #[must_use]
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> std::ops::Deref for NonEmpty<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: serde::Serialize> serde::Serialize for NonEmpty<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for NonEmpty<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<T>::deserialize(d)?;
        Self::new(v).ok_or_else(|| {
            crate::error::tagged(
                crate::error::ParseErrorKind::InvalidValue,
                "the list must contain at least one element",
            )
        })
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for NonEmpty<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("NonEmpty_{}", T::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let item = generator.subschema_for::<T>();
        schemars::json_schema!({ "type": "array", "items": item, "minItems": 1 })
    }
}

impl PaymentRequirements {
    /// Builds requirements with no `extra` and no unknown fields.
    #[must_use]
    pub fn new(
        scheme: Scheme,
        network: Network,
        amount: Amount,
        asset: Address,
        pay_to: Address,
        max_timeout_seconds: TimeoutSeconds,
    ) -> Self {
        Self {
            scheme,
            network,
            amount,
            asset,
            pay_to,
            max_timeout_seconds,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON `PaymentRequirements` document.
    ///
    /// # Errors
    /// [`ParseError`] with code `invalid_payment_requirements` and the offending field's pointer.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentRequirements)
    }
}

impl PaymentRequired {
    /// Builds a 402 document.
    #[must_use]
    pub fn new(resource: ResourceInfo, accepts: NonEmpty<Echoed<PaymentRequirements>>) -> Self {
        Self {
            x402_version: V2,
            error: None,
            resource,
            accepts,
            extensions: None,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON `PaymentRequired` document (version 2 only; see [`crate::PaymentRequired`] for any version).
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentRequired)
    }
}

impl PaymentPayload {
    /// Builds a payload that echoes `accepted` exactly as received.
    #[must_use]
    pub fn new(accepted: Echoed<PaymentRequirements>, payload: JsonObject) -> Self {
        Self {
            x402_version: V2,
            resource: None,
            accepted,
            payload,
            extensions: None,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON `PaymentPayload` document (version 2 only; see [`crate::PaymentRequired`] for any version).
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentPayload)
    }
}
