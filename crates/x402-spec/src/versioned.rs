//! Version-agnostic entry points: parse a document of either protocol version and get the v1 or
//! v2 form by its `x402Version`. Any other version is a typed error with code
//! `invalid_x402_version` (kind [`ParseErrorKind::UnsupportedVersion`]).

use crate::codes::ErrorCode;
use crate::common::X402Version;
use crate::error::{DocKind, ParseError, ParseErrorKind};
use crate::facilitator::{VersionProbe, version_of};
use crate::{v1, v2};

/// A `PaymentPayload` of either version.
// Parse results are short-lived; boxing would add an allocation to the header-decode hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PaymentPayload {
    /// Version 1 (`X-PAYMENT`).
    V1(v1::PaymentPayload),
    /// Version 2 (`PAYMENT-SIGNATURE`).
    V2(v2::PaymentPayload),
}

/// A `PaymentRequired` (402) document of either version.
// Parse results are short-lived; boxing would add an allocation to the header-decode hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PaymentRequired {
    /// Version 1 (JSON body).
    V1(v1::PaymentRequired),
    /// Version 2 (`PAYMENT-REQUIRED` header).
    V2(v2::PaymentRequired),
}

fn probe(input: &[u8], doc: DocKind) -> Result<X402Version, ParseError> {
    let p: VersionProbe = crate::error::from_slice(input, doc)?;
    match p {
        VersionProbe::NotObject => Err(ParseError::new(
            doc.code_for(""),
            ParseErrorKind::InvalidType,
            "",
            "the document must be a JSON object",
        )),
        VersionProbe::Object(v) => version_of(v, "/x402Version"),
    }
}

impl PaymentPayload {
    /// Parses a payload of either version.
    ///
    /// # Errors
    /// [`ParseError`] naming the field; `invalid_x402_version` for versions other than 1 and 2.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        // Fast path for the common case; anything else goes through the version probe so that
        // errors are reported against the version the document declares.
        if let Ok(p) = serde_json::from_slice::<v2::PaymentPayload>(input) {
            return Ok(Self::V2(p));
        }
        match probe(input, DocKind::PaymentPayload)? {
            X402Version::V1 => v1::PaymentPayload::from_json(input).map(Self::V1),
            X402Version::V2 => v2::PaymentPayload::from_json(input).map(Self::V2),
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

    /// The scheme-specific `payload` object.
    #[must_use]
    pub fn payload(&self) -> &crate::wire::JsonObject {
        match self {
            Self::V1(p) => &p.payload,
            Self::V2(p) => &p.payload,
        }
    }

    /// The scheme (v1: top-level `scheme`; v2: `accepted.scheme`).
    #[must_use]
    pub fn scheme(&self) -> &crate::common::Scheme {
        match self {
            Self::V1(p) => &p.scheme,
            Self::V2(p) => &p.accepted.scheme,
        }
    }
}

impl PaymentRequired {
    /// Parses a 402 document of either version.
    ///
    /// # Errors
    /// [`ParseError`] naming the field; `invalid_x402_version` for versions other than 1 and 2.
    pub fn from_json(input: &[u8]) -> Result<Self, ParseError> {
        match probe(input, DocKind::PaymentRequired)? {
            X402Version::V1 => v1::PaymentRequired::from_json(input).map(Self::V1),
            X402Version::V2 => v2::PaymentRequired::from_json(input).map(Self::V2),
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

macro_rules! versioned_serialize {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::V1(x) => x.serialize(s),
                    Self::V2(x) => x.serialize(s),
                }
            }
        }
    };
}
versioned_serialize!(PaymentPayload);
versioned_serialize!(PaymentRequired);

/// Returns the `x402Version` a JSON document declares, without parsing the rest.
///
/// # Errors
/// Not a JSON object, missing or non-integer `x402Version`, or a version other than 1 and 2.
pub fn detect_version(input: &[u8]) -> Result<X402Version, ParseError> {
    probe(input, DocKind::Other).map_err(|e| {
        if e.kind() == ParseErrorKind::UnsupportedVersion {
            e
        } else {
            ParseError::new(
                ErrorCode::InvalidPayload,
                e.kind(),
                e.pointer(),
                e.message(),
            )
        }
    })
}
