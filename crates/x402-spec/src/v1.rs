//! Protocol version 1 wire types (x402 v1 specification §5; docs/protocol/wire.md §1.6).
//!
//! v1 names networks (`base-sepolia`) instead of CAIP-2 ids, puts `resource`, `description` and
//! `mimeType` on each requirement, calls the amount `maxAmountRequired`, and carries its 402 in the
//! response body. Headers are `X-PAYMENT` / `X-PAYMENT-RESPONSE`.

use crate::common::{Scheme, TimeoutSeconds, Token, V1Network};
use crate::error::{DocKind, ParseError};
use crate::primitives::{Address, Amount};
use crate::v2::NonEmpty;
use crate::wire::{Echoed, JsonObject, version_literal};
use crate::wire_object;

version_literal! {
    /// The literal `x402Version: 1`.
    V1 = 1
}

wire_object! {
    /// One way to pay (v1 §5.1.2 `PaymentRequirements`).
    ///
    /// Decisions where the spec and SDKs disagree (docs/protocol/disagreements.md #2): `description` is required
    /// (spec, TS core schema; may be `""`) although Go omits it when empty; `mimeType` is optional
    /// (spec, core schema) although the legacy TS schema requires it. `maxAmountRequired` is an
    /// exact amount: current SDKs compare it for equality (docs/protocol/disagreements.md #7).
    pub struct PaymentRequirements {
        /// Scheme name.
        "scheme" => scheme: Scheme [req],
        /// v1 network name.
        "network" => network: V1Network [req],
        /// Amount in atomic units (decimal uint256 string).
        "maxAmountRequired" => max_amount_required: Amount [req],
        /// URL of the protected resource.
        "resource" => resource: Token [req],
        /// Description of the resource (may be empty).
        "description" => description: String [req],
        /// MIME type of the resource's response.
        "mimeType" => mime_type: String [opt],
        /// Output schema of the resource (also used by v1 discovery).
        "outputSchema" => output_schema: JsonObject [optnull],
        /// Recipient of the payment.
        "payTo" => pay_to: Address [req],
        /// Maximum time, in seconds, for the payment to complete.
        "maxTimeoutSeconds" => max_timeout_seconds: TimeoutSeconds [req],
        /// Token contract address or mint.
        "asset" => asset: Address [req],
        /// Scheme-specific data.
        "extra" => extra: JsonObject [optnull],
    }
}

wire_object! {
    /// The 402 body (v1 §5.1 `PaymentRequirementsResponse`).
    ///
    /// `error` is optional as in every SDK although the v1 spec lists it as required
    /// (docs/protocol/disagreements.md #1); when present it is re-emitted.
    pub struct PaymentRequired {
        /// Always 1.
        "x402Version" => x402_version: V1 [req],
        /// Why payment is required.
        "error" => error: String [opt],
        /// Accepted ways to pay (at least one).
        "accepts" => accepts: NonEmpty<Echoed<PaymentRequirements>> [req],
    }
}

wire_object! {
    /// A signed payment (v1 §5.2 `PaymentPayload`), carried in the `X-PAYMENT` header.
    pub struct PaymentPayload {
        /// Always 1.
        "x402Version" => x402_version: V1 [req],
        /// Scheme name.
        "scheme" => scheme: Scheme [req],
        /// v1 network name.
        "network" => network: V1Network [req],
        /// Scheme-specific signed data.
        "payload" => payload: JsonObject [req],
    }
}

impl PaymentRequirements {
    /// Builds v1 requirements with an empty description and no optional fields.
    #[must_use]
    pub fn new(
        scheme: Scheme,
        network: V1Network,
        max_amount_required: Amount,
        resource: Token,
        pay_to: Address,
        max_timeout_seconds: TimeoutSeconds,
        asset: Address,
    ) -> Self {
        Self {
            scheme,
            network,
            max_amount_required,
            resource,
            description: String::new(),
            mime_type: None,
            output_schema: None,
            pay_to,
            max_timeout_seconds,
            asset,
            extra: None,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON v1 `PaymentRequirements` document.
    ///
    /// # Errors
    /// [`ParseError`] with code `invalid_payment_requirements` and the field's pointer.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentRequirements)
    }
}

impl PaymentRequired {
    /// Builds a v1 402 body.
    #[must_use]
    pub fn new(accepts: NonEmpty<Echoed<PaymentRequirements>>) -> Self {
        Self {
            x402_version: V1,
            error: None,
            accepts,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON v1 `PaymentRequired` document.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentRequired)
    }
}

impl PaymentPayload {
    /// Builds a v1 payload.
    #[must_use]
    pub fn new(scheme: Scheme, network: V1Network, payload: JsonObject) -> Self {
        Self {
            x402_version: V1,
            scheme,
            network,
            payload,
            unknown: JsonObject::new(),
        }
    }

    /// Parses a JSON v1 `PaymentPayload` document.
    ///
    /// # Errors
    /// [`ParseError`] naming the field.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        crate::error::from_slice(input, DocKind::PaymentPayload)
    }
}
