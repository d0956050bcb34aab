//! Facilitator HTTP API bodies: `POST /verify`, `POST /settle`, `GET /supported`,
//! `GET /discovery/resources` (x402 v2 §7, v1 §7; docs/protocol/wire.md §1.7–§1.12).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::codes::ErrorCode;
use crate::common::{AnyNetwork, Scheme, Token, X402Version};
use crate::error::{DocKind, ParseError, ParseErrorKind, tagged};
use crate::primitives::{Address, Amount, DecimalU256, NetworkPattern};
use crate::wire::JsonObject;
use crate::{v1, v2, wire_object};

wire_object! {
    /// A v1 `/verify` or `/settle` request body.
    pub struct RequestV1 {
        /// Always 1; must equal `paymentPayload.x402Version`.
        "x402Version" => x402_version: v1::V1 [req],
        /// The client's payment.
        "paymentPayload" => payment_payload: v1::PaymentPayload [req],
        /// The requirement the resource server matched it to.
        "paymentRequirements" => payment_requirements: v1::PaymentRequirements [req],
    }
}

wire_object! {
    /// A v2 `/verify` or `/settle` request body.
    pub struct RequestV2 {
        /// Always 2; must equal `paymentPayload.x402Version`.
        "x402Version" => x402_version: v2::V2 [req],
        /// The client's payment.
        "paymentPayload" => payment_payload: v2::PaymentPayload [req],
        /// The requirement the resource server matched it to. At settle time for `upto`, its
        /// `amount` is the actual charge (docs/protocol/disagreements.md #20).
        "paymentRequirements" => payment_requirements: v2::PaymentRequirements [req],
    }
}

impl RequestV1 {
    /// A v1 request for `payment` against `requirements`.
    #[must_use]
    pub fn new(payment: v1::PaymentPayload, requirements: v1::PaymentRequirements) -> Self {
        Self {
            x402_version: v1::V1,
            payment_payload: payment,
            payment_requirements: requirements,
            unknown: JsonObject::new(),
        }
    }
}

impl RequestV2 {
    /// A v2 request for `payment` against `requirements`.
    #[must_use]
    pub fn new(payment: v2::PaymentPayload, requirements: v2::PaymentRequirements) -> Self {
        Self {
            x402_version: v2::V2,
            payment_payload: payment,
            payment_requirements: requirements,
            unknown: JsonObject::new(),
        }
    }
}

/// A `/verify` or `/settle` request of either version.
///
/// Dispatch follows every reference facilitator: the version is `paymentPayload.x402Version`
/// (docs/protocol/wire.md §1.7). Decision for docs/protocol/disagreements.md #31: the top-level `x402Version` is required and must be
/// the same number, otherwise the request is rejected with `invalid_x402_version` at
/// `/x402Version` (every reference client sends both equal, so this refuses only forged or
/// confused requests).
// Parse results are short-lived; boxing would add an allocation to the header-decode hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FacilitatorRequest {
    /// Protocol version 1.
    V1(RequestV1),
    /// Protocol version 2.
    V2(RequestV2),
}

/// `POST /verify` body.
pub type VerifyRequest = FacilitatorRequest;
/// `POST /settle` body (same shape as verify).
pub type SettleRequest = FacilitatorRequest;

impl FacilitatorRequest {
    /// Parses a request body of either version.
    ///
    /// # Errors
    /// [`ParseError`]: `invalid_x402_version` for a missing, non-integer, unknown or inconsistent
    /// version; `invalid_payload` / `invalid_payment_requirements` for faults under
    /// `paymentPayload` / `paymentRequirements`.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        let doc = DocKind::FacilitatorRequest;
        let probe: RequestProbe = crate::error::from_slice(input, doc)?;
        let version = match probe.payload {
            None => {
                return Err(ParseError::new(
                    ErrorCode::InvalidPayload,
                    ParseErrorKind::MissingField,
                    "/paymentPayload",
                    "missing field `paymentPayload`",
                ));
            }
            Some(VersionProbe::NotObject) => {
                return Err(ParseError::new(
                    ErrorCode::InvalidPayload,
                    ParseErrorKind::InvalidType,
                    "/paymentPayload",
                    "paymentPayload must be a JSON object",
                ));
            }
            Some(VersionProbe::Object(v)) => v,
        };
        match version_of(version, "/paymentPayload/x402Version")? {
            X402Version::V1 => crate::error::from_slice(input, doc).map(Self::V1),
            X402Version::V2 => crate::error::from_slice(input, doc).map(Self::V2),
        }
    }

    /// The protocol version.
    #[must_use]
    pub fn version(&self) -> X402Version {
        match self {
            Self::V1(_) => X402Version::V1,
            Self::V2(_) => X402Version::V2,
        }
    }
}

impl Serialize for FacilitatorRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::V1(r) => r.serialize(s),
            Self::V2(r) => r.serialize(s),
        }
    }
}

/// Maps a probed `x402Version` to a version or a typed error at `pointer`.
pub(crate) fn version_of(v: Option<Option<u64>>, pointer: &str) -> Result<X402Version, ParseError> {
    let err = |msg: String| {
        ParseError::new(
            ErrorCode::InvalidX402Version,
            ParseErrorKind::UnsupportedVersion,
            pointer,
            msg,
        )
    };
    match v {
        None => Err(ParseError::new(
            ErrorCode::InvalidX402Version,
            ParseErrorKind::MissingField,
            pointer,
            "missing field `x402Version`",
        )),
        Some(None) => Err(err("x402Version must be the JSON integer 1 or 2".to_owned())),
        Some(Some(n)) => X402Version::from_number(n)
            .ok_or_else(|| err(format!("unsupported x402Version {n}: expected 1 or 2"))),
    }
}

/// Reads only `paymentPayload.x402Version`, skipping everything else.
#[derive(Debug)]
struct RequestProbe {
    payload: Option<VersionProbe>,
}

impl<'de> Deserialize<'de> for RequestProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RequestProbe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RequestProbe, A::Error> {
                let mut payload = None;
                while let Some(key) = map.next_key::<crate::wire::Key<'de>>()? {
                    if key.as_str() == "paymentPayload" && payload.is_none() {
                        payload = Some(map.next_value::<VersionProbe>()?);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(RequestProbe { payload })
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads the `x402Version` of an object, skipping everything else. `Object(None)` means the
/// key is absent, `Object(Some(None))` that it is not an integer.
#[derive(Debug)]
pub(crate) enum VersionProbe {
    /// The value was an object.
    Object(Option<Option<u64>>),
    /// The value was not an object.
    NotObject,
}

impl<'de> Deserialize<'de> for VersionProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = VersionProbe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VersionProbe, A::Error> {
                let mut version = None;
                while let Some(key) = map.next_key::<crate::wire::Key<'de>>()? {
                    if key.as_str() == "x402Version" && version.is_none() {
                        version = Some(map.next_value::<crate::wire::VersionNumber>()?.0);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(VersionProbe::Object(version))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<VersionProbe, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(VersionProbe::NotObject)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
            fn visit_unit<E: de::Error>(self) -> Result<VersionProbe, E> {
                Ok(VersionProbe::NotObject)
            }
        }
        d.deserialize_any(V)
    }
}

/// A reason code exactly as received in `invalidReason` / `errorReason`.
///
/// The string is kept verbatim (so nothing is lost on a round trip, including SDK aliases and
/// composite strings such as TS's `"invalid_exact_evm_transaction_failed: <message>"`);
/// [`Reason::code`] maps it to the canonical [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Reason(String);

impl Reason {
    /// A reason with the canonical spelling of `code`.
    #[must_use]
    pub fn from_code(code: &ErrorCode) -> Self {
        Self(code.to_string())
    }

    /// A reason with an arbitrary spelling (an SDK alias, for example).
    #[must_use]
    pub fn from_wire(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The string as received.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The canonical code this spelling denotes (`Unknown` for codes this crate does not know).
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        ErrorCode::from_wire(&self.0)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for Reason {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Reason")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        ErrorCode::json_schema(generator)
    }
}

wire_object! {
    /// `POST /verify` answer (v2 §7.1 `VerifyResponse`).
    ///
    /// `invalidMessage` and `extensions` are not in the spec but every SDK sends or reads them
    /// (docs/protocol/disagreements.md #4). Optional fields accept `null` (the TS client schema is `.nullish()`).
    pub struct VerifyResponse {
        /// Whether the payment is valid.
        "isValid" => is_valid: bool [req],
        /// Why it is invalid (a reason code).
        "invalidReason" => invalid_reason: Reason [optnull],
        /// Human-readable detail.
        "invalidMessage" => invalid_message: String [optnull],
        /// The paying address, when known.
        "payer" => payer: Address [optnull],
        /// Extension data returned by the facilitator.
        "extensions" => extensions: JsonObject [optnull],
        /// Mechanism-specific data of the verdict (@x402/core 2.27.0 `VerifyResponse.extra`, x402
        /// 2.25.0 `VerifyResponse.extra`; docs/protocol/deployed.md §3). Opaque here.
        "extra" => extra: JsonObject [optnull],
    }
}

impl VerifyResponse {
    /// A valid verdict.
    #[must_use]
    pub fn valid(payer: Address) -> Self {
        Self {
            is_valid: true,
            invalid_reason: None,
            invalid_message: None,
            payer: Some(payer),
            extensions: None,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// An invalid verdict.
    #[must_use]
    pub fn invalid(reason: &ErrorCode, message: Option<String>, payer: Option<Address>) -> Self {
        Self {
            is_valid: false,
            invalid_reason: Some(Reason::from_code(reason)),
            invalid_message: message,
            payer,
            extensions: None,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a response body.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::FacilitatorResponse)
    }
}

wire_object! {
    /// `POST /settle` answer (v2 §7.2 `SettleResponse`), also the `PAYMENT-RESPONSE` content.
    ///
    /// `transaction` is required (`""` on failure), as in the spec and every SDK; the TS e2e
    /// facilitator's settle-abort body without it does not parse (docs/protocol/disagreements.md #36). `network` is
    /// CAIP-2 for v2 and a v1 name for v1. `payer` is optional as in v2 and every SDK (v1 spec
    /// lists it as required, docs/protocol/disagreements.md #5). `amount` is the settled amount (required by the upto spec).
    pub struct SettleResponse {
        /// Whether settlement succeeded.
        "success" => success: bool [req],
        /// Why it failed (a reason code).
        "errorReason" => error_reason: Reason [optnull],
        /// Human-readable detail.
        "errorMessage" => error_message: String [optnull],
        /// The paying address.
        "payer" => payer: Address [optnull],
        /// Transaction hash or signature; empty on failure or zero-amount upto settlement.
        "transaction" => transaction: String [req],
        /// Network the settlement happened on.
        "network" => network: AnyNetwork [req],
        /// Amount actually settled (atomic units).
        "amount" => amount: Amount [optnull],
        /// Extension data.
        "extensions" => extensions: JsonObject [optnull],
        /// Mechanism-specific data of the settlement (@x402/core 2.27.0 `SettleResponse.extra`,
        /// x402 2.25.0 `SettleResponse.extra`; docs/protocol/deployed.md §3). Opaque here.
        "extra" => extra: JsonObject [optnull],
    }
}

impl SettleResponse {
    /// A successful settlement.
    #[must_use]
    pub fn success(transaction: String, network: AnyNetwork, payer: Option<Address>) -> Self {
        Self {
            success: true,
            error_reason: None,
            error_message: None,
            payer,
            transaction,
            network,
            amount: None,
            extensions: None,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// A failed settlement (`transaction` is `""`).
    #[must_use]
    pub fn failure(reason: &ErrorCode, network: AnyNetwork, payer: Option<Address>) -> Self {
        Self {
            success: false,
            error_reason: Some(Reason::from_code(reason)),
            error_message: None,
            payer,
            transaction: String::new(),
            network,
            amount: None,
            extensions: None,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// A pending settlement: the transaction was broadcast, its confirmation is not known yet
    /// (`errorReason` `settlement_pending`, [`ErrorCode::SettlementPending`]).
    #[must_use]
    pub fn pending(transaction: String, network: AnyNetwork, payer: Option<Address>) -> Self {
        Self {
            transaction,
            ..Self::failure(&ErrorCode::SettlementPending, network, payer)
        }
    }

    /// Parses a response body.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::FacilitatorResponse)
    }

    /// The member under which the SDKs keep a facilitator's `EXTENSION-RESPONSES` beside a settle
    /// result (@x402/core 2.27.0 `SettleResponse.extensionResponses`, x402 2.25.0
    /// `extension_responses`, excluded from serialization). It belongs to the facilitator ↔
    /// server side channel and must not appear in a `PAYMENT-RESPONSE`.
    pub const EXTENSION_RESPONSES_MEMBER: &'static str = "extensionResponses";

    /// Whether this response, as a `PAYMENT-RESPONSE`, leaks the facilitator's side channel (an
    /// `extensionResponses` member; docs/protocol/deployed.md §3).
    #[must_use]
    pub fn leaks_extension_responses(&self) -> bool {
        self.unknown.contains_key(Self::EXTENSION_RESPONSES_MEMBER)
    }

    /// The response as a resource server may forward it to the buyer: without
    /// `extensionResponses`, everything else unchanged.
    #[must_use]
    pub fn buyer_facing(&self) -> Self {
        let mut out = self.clone();
        out.unknown
            .retain(|k, _| k != Self::EXTENSION_RESPONSES_MEMBER);
        out
    }

    /// What the answer means for the resource server (docs/protocol/deployed.md §2).
    ///
    /// `success: true` is [`SettleOutcome::Settled`]. A failure whose `errorReason` is
    /// `settlement_pending` is [`SettleOutcome::Pending`] when it carries a non-empty
    /// `transaction` (the broadcast transaction the retry reconciles against), and
    /// [`SettleOutcome::Failed`] otherwise: @x402/core 2.27.0 (`isRetryableSettlementPendingResult`)
    /// and x402 2.25.0 (`is_retryable_settlement_pending`) retry only then, so a pending answer
    /// without a transaction is terminal for every deployed server. Any other failure is
    /// [`SettleOutcome::Failed`].
    #[must_use]
    pub fn outcome(&self) -> SettleOutcome {
        if self.success {
            return SettleOutcome::Settled;
        }
        let pending = self
            .error_reason
            .as_ref()
            .is_some_and(|r| r.code() == ErrorCode::SettlementPending);
        if pending && !self.transaction.is_empty() {
            SettleOutcome::Pending
        } else {
            SettleOutcome::Failed
        }
    }

    /// The shape rules a settle answer must meet beyond parsing, for the facilitator that sends
    /// it (docs/protocol/deployed.md §2):
    /// - `settlement_pending` must carry the broadcast `transaction` (non-empty): without it the
    ///   resource server cannot retry and the buyer's funds may move without a receipt;
    /// - `success: true` must carry a non-empty `transaction`, except a zero-amount settlement
    ///   (`amount` `"0"`, the `upto` scheme's nothing-to-settle answer).
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check_shape(&self) -> Result<(), SettleShapeError> {
        if self.success {
            let zero = self.amount.is_some_and(DecimalU256::is_zero);
            if self.transaction.is_empty() && !zero {
                return Err(SettleShapeError::SuccessWithoutTransaction);
            }
            return Ok(());
        }
        let pending = self
            .error_reason
            .as_ref()
            .is_some_and(|r| r.code() == ErrorCode::SettlementPending);
        if pending && self.transaction.is_empty() {
            return Err(SettleShapeError::PendingWithoutTransaction);
        }
        Ok(())
    }
}

/// What a [`SettleResponse`] means for the resource server that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SettleOutcome {
    /// Settled: serve the resource and return the `PAYMENT-RESPONSE`.
    Settled,
    /// Broadcast, not yet confirmed (`settlement_pending` with a transaction): send the identical
    /// settle request once more; the facilitator reconciles against the broadcast transaction.
    Pending,
    /// Failed, terminally.
    Failed,
}

/// A settle answer that parses but breaks a rule of [`SettleResponse::check_shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SettleShapeError {
    /// `errorReason` is `settlement_pending` and `transaction` is empty.
    PendingWithoutTransaction,
    /// `success` is true, `transaction` is empty and the settled `amount` is not `"0"`.
    SuccessWithoutTransaction,
}

impl SettleShapeError {
    /// The JSON member the rule is about.
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            Self::PendingWithoutTransaction | Self::SuccessWithoutTransaction => "/transaction",
        }
    }
}

impl fmt::Display for SettleShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PendingWithoutTransaction => f.write_str(
                "errorReason settlement_pending without the broadcast transaction: the resource server cannot retry",
            ),
            Self::SuccessWithoutTransaction => f.write_str(
                "success without a transaction (only a zero-amount settlement may omit it)",
            ),
        }
    }
}

impl std::error::Error for SettleShapeError {}

wire_object! {
    /// One (version, scheme, network) the facilitator handles (v2 §7.3 `SupportedKind`).
    pub struct SupportedKind {
        /// Protocol version of this kind.
        "x402Version" => x402_version: X402Version [req],
        /// Scheme name.
        "scheme" => scheme: Scheme [req],
        /// CAIP-2 id for v2 kinds, v1 name for v1 kinds.
        "network" => network: AnyNetwork [req],
        /// Scheme data (`facilitatorAddress` for upto, `feePayer` for SVM).
        "extra" => extra: JsonObject [optnull],
    }
}

wire_object! {
    /// `GET /supported` answer (v2 §7.3 `SupportedResponse`).
    ///
    /// `extensions` and `signers` are required by the v2 spec but absent from v1 facilitators'
    /// answers; both forms parse and an absent field stays absent on output (docs/protocol/disagreements.md #35).
    pub struct SupportedResponse {
        /// Supported kinds.
        "kinds" => kinds: Vec<SupportedKind> [req],
        /// Names of supported extensions.
        "extensions" => extensions: Vec<String> [opt],
        /// Signer addresses per CAIP family (`"eip155:*"`).
        "signers" => signers: Signers [opt],
    }
}

impl SupportedKind {
    /// A kind without `extra`.
    #[must_use]
    pub fn new(x402_version: X402Version, scheme: Scheme, network: AnyNetwork) -> Self {
        Self {
            x402_version,
            scheme,
            network,
            extra: None,
            unknown: JsonObject::new(),
        }
    }
}

impl SupportedResponse {
    /// A v2 answer: kinds, extension names and signers.
    #[must_use]
    pub fn new(kinds: Vec<SupportedKind>, extensions: Vec<String>, signers: Signers) -> Self {
        Self {
            kinds,
            extensions: Some(extensions),
            signers: Some(signers),
            unknown: JsonObject::new(),
        }
    }

    /// Parses a response body.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::FacilitatorResponse)
    }
}

/// `signers`: network pattern → signer addresses, in arrival order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signers(pub Vec<(NetworkPattern, Vec<Address>)>);

impl Signers {
    /// The signers registered under a pattern that matches `network`.
    pub fn for_network<'a>(
        &'a self,
        network: &'a crate::primitives::Network,
    ) -> impl Iterator<Item = &'a Address> + 'a {
        self.0
            .iter()
            .filter(move |(p, _)| p.matches(network))
            .flat_map(|(_, v)| v.iter())
    }
}

impl Serialize for Signers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(&k.to_string(), v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Signers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Signers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of network pattern -> address list")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Signers, A::Error> {
                let mut out: Vec<(NetworkPattern, Vec<Address>)> = Vec::new();
                while let Some(key) = map.next_key::<crate::wire::Key<'de>>()? {
                    let pattern: NetworkPattern = key.as_str().parse().map_err(|e| {
                        tagged::<A::Error>(
                            ParseErrorKind::InvalidValue,
                            format_args!("signers key {:?}: {e}", key.as_str()),
                        )
                    })?;
                    if out.iter().any(|(p, _)| *p == pattern) {
                        return Err(crate::wire::duplicate(key.as_str()));
                    }
                    let addrs: Vec<Address> = map.next_value()?;
                    out.push((pattern, addrs));
                }
                Ok(Signers(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for Signers {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Signers")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let addr = generator.subschema_for::<Address>();
        let key = generator.subschema_for::<NetworkPattern>();
        json_schema!({
            "type": "object",
            "description": "Signer addresses keyed by network pattern such as \"eip155:*\".",
            "propertyNames": key,
            "additionalProperties": { "type": "array", "items": addr }
        })
    }
}

wire_object! {
    /// Pagination of a discovery list (v2 §8).
    pub struct Pagination {
        /// Page size.
        "limit" => limit: u64 [req],
        /// Offset of the first item.
        "offset" => offset: u64 [req],
        /// Total number of items.
        "total" => total: u64 [req],
    }
}

wire_object! {
    /// One catalogued resource (v2 §8 discovery item).
    ///
    /// `accepts` holds requirements of the item's own `x402Version` (v1- or v2-shaped); they are
    /// kept as objects and decoded with [`DiscoveryItem::accepts_v1`] / [`DiscoveryItem::accepts_v2`].
    /// Extra fields the e2e facilitators add (`discoveryInfo`, `routeTemplate`) are kept as
    /// unknown fields.
    pub struct DiscoveryItem {
        /// Resource URL.
        "resource" => resource: Token [req],
        /// Resource type (`http`, `mcp`).
        "type" => kind: Token [req],
        /// Protocol version of `accepts`.
        "x402Version" => x402_version: X402Version [req],
        /// Payment requirements.
        "accepts" => accepts: Vec<JsonObject> [req],
        /// Last update: a unix time (spec) or an ISO-8601 string (SDKs).
        "lastUpdated" => last_updated: LastUpdated [req],
        /// Free-form metadata.
        "metadata" => metadata: JsonObject [optnull],
    }
}

impl DiscoveryItem {
    /// Decodes `accepts` as v2 requirements.
    ///
    /// # Errors
    /// A requirement does not parse; the pointer is `/accepts/<i>/...`.
    pub fn accepts_v2(&self) -> Result<Vec<v2::PaymentRequirements>, ParseError> {
        self.decode_accepts()
    }

    /// Decodes `accepts` as v1 requirements.
    ///
    /// # Errors
    /// A requirement does not parse; the pointer is `/accepts/<i>/...`.
    pub fn accepts_v1(&self) -> Result<Vec<v1::PaymentRequirements>, ParseError> {
        self.decode_accepts()
    }

    fn decode_accepts<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>, ParseError> {
        self.accepts
            .iter()
            .enumerate()
            .map(|(i, obj)| {
                let v = serde_json::Value::Object(obj.clone());
                crate::error::from_value(&v, &format!("/accepts/{i}"), DocKind::PaymentRequirements)
            })
            .collect()
    }
}

wire_object! {
    /// `GET /discovery/resources` answer (v2 §8). The list's `x402Version` is `2` in the spec
    /// and Python e2e, `1` in the TS and Go e2e facilitators (docs/protocol/disagreements.md #24): both parse.
    pub struct DiscoveryResponse {
        /// Protocol version of the list.
        "x402Version" => x402_version: X402Version [req],
        /// Catalogued resources.
        "items" => items: Vec<DiscoveryItem> [req],
        /// Page information.
        "pagination" => pagination: Pagination [req],
    }
}

impl DiscoveryResponse {
    /// Parses a response body.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::FacilitatorResponse)
    }
}

/// `lastUpdated` of a discovery item.
///
/// The spec says a unix time number; SDK types, docs and e2e facilitators send an ISO-8601
/// string (docs/protocol/disagreements.md #24). Both are accepted and re-emitted in the form received. Values
/// this crate builds use [`LastUpdated::Unix`], the spec's form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LastUpdated {
    /// Seconds since the unix epoch (spec).
    Unix(u64),
    /// An RFC 3339 / ISO-8601 date-time string (SDKs), kept verbatim.
    Iso8601(String),
}

impl Serialize for LastUpdated {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Unix(n) => s.serialize_u64(*n),
            Self::Iso8601(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for LastUpdated {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LastUpdated;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a unix time integer or an ISO-8601 date-time string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LastUpdated, E> {
                Ok(LastUpdated::Unix(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LastUpdated, E> {
                if is_rfc3339(v) {
                    Ok(LastUpdated::Iso8601(v.to_owned()))
                } else {
                    Err(tagged(
                        ParseErrorKind::InvalidValue,
                        format_args!("not an RFC 3339 date-time: {v:?}"),
                    ))
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for LastUpdated {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("LastUpdated")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Unix time in seconds (spec) or an RFC 3339 date-time string (SDKs).",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$" }
            ]
        })
    }
}

/// Checks the RFC 3339 `date-time` shape (digits and separators, plausible ranges).
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let num = |r: std::ops::Range<usize>| -> u32 {
        b.get(r).map_or(99, |x| {
            x.iter().fold(0u32, |a, d| {
                a.saturating_mul(10)
                    .saturating_add(u32::from(d.saturating_sub(b'0')))
            })
        })
    };
    if !(digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10)) {
        return false;
    }
    if !(at(10, b'T') || at(10, b't')) {
        return false;
    }
    if !(digits(11..13) && at(13, b':') && digits(14..16) && at(16, b':') && digits(17..19)) {
        return false;
    }
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut i = 19usize;
    if at(i, b'.') {
        i = i.saturating_add(1);
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i = i.saturating_add(1);
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i.saturating_add(1) == b.len(),
        Some(b'+' | b'-') => {
            let j = i.saturating_add(1);
            digits(j..j.saturating_add(2))
                && at(j.saturating_add(2), b':')
                && digits(j.saturating_add(3)..j.saturating_add(5))
                && j.saturating_add(5) == b.len()
        }
        _ => false,
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
    fn rfc3339() {
        for ok in [
            "2025-01-02T03:04:05Z",
            "2025-01-02T03:04:05.123+02:00",
            "2025-12-31t23:59:60z",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "",
            "2025-01-02",
            "2025-13-02T03:04:05Z",
            "2025-01-02T03:04:05",
            "2025-01-02T03:04:05.Z",
            "2025-01-02T03:04:05+0200",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
