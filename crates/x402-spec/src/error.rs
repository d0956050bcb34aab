//! Parse errors that name the offending field and carry a stable wire code.
//!
//! Every document parser in this crate (`from_json` of every document type, the header codec, the typed views over
//! `payload`, `extra` and `extensions`) returns a [`ParseError`]. It says three things:
//!
//! - **where**: the [RFC 6901] JSON Pointer of the offending value inside the document that was
//!   parsed (`/paymentPayload/accepted/amount`, `/accepts/0/payTo`; the empty string is the root);
//! - **what**: a [`ParseErrorKind`] and a human-readable message;
//! - **which code** a facilitator would answer with: [`ErrorCode::InvalidPayload`],
//!   [`ErrorCode::InvalidPaymentRequirements`] or [`ErrorCode::InvalidX402Version`]
//!   (x402 v2 §9). The code is chosen from the document being parsed and the path: a fault under
//!   `paymentRequirements` is `invalid_payment_requirements`, a fault in any `x402Version` is
//!   `invalid_x402_version`, anything else in a payment is `invalid_payload`.
//!
//! Serde's own messages such as "data did not match any variant of untagged enum" never reach a
//! caller: no wire type here is an untagged enum (docs/design/peers.md Probe 9).
//!
//! [RFC 6901]: https://www.rfc-editor.org/rfc/rfc6901

use std::fmt;

use crate::codes::ErrorCode;

/// What kind of fault a [`ParseError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input is not well-formed JSON (or not UTF-8).
    Syntax,
    /// The input ended in the middle of a value.
    Truncated,
    /// A required field is absent.
    MissingField,
    /// A field occurs twice in one object.
    DuplicateField,
    /// A value has the wrong JSON type (string for number, null for object, ...).
    InvalidType,
    /// A value has the right type but breaks a rule (checksum, grammar, range, ...).
    InvalidValue,
    /// `x402Version` is absent, not an integer, or a version this crate does not implement.
    UnsupportedVersion,
    /// The input exceeds a documented size limit.
    TooLarge,
    /// A transport encoding (base64, UTF-8 inside base64) is broken.
    Encoding,
}

impl ParseErrorKind {
    /// Stable lowercase name, used in golden vectors.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Truncated => "truncated",
            Self::MissingField => "missing_field",
            Self::DuplicateField => "duplicate_field",
            Self::InvalidType => "invalid_type",
            Self::InvalidValue => "invalid_value",
            Self::UnsupportedVersion => "unsupported_version",
            Self::TooLarge => "too_large",
            Self::Encoding => "encoding",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document failed to parse. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    code: ErrorCode,
    kind: ParseErrorKind,
    pointer: String,
    message: String,
}

impl ParseError {
    /// Builds an error. `pointer` is an RFC 6901 JSON Pointer (`""` for the root).
    #[must_use]
    pub fn new(
        code: ErrorCode,
        kind: ParseErrorKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            kind,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// The wire code a facilitator would report for this fault.
    #[must_use]
    pub fn code(&self) -> &ErrorCode {
        &self.code
    }

    /// The kind of fault.
    #[must_use]
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// RFC 6901 JSON Pointer of the offending value (`""` is the whole document).
    #[must_use]
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Human-readable detail (the field name is in [`pointer`](Self::pointer)).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Re-roots the error below `prefix` (a JSON Pointer) and, when the document kind changes,
    /// re-derives the code. Used when a sub-document (for example `accepted`) is parsed on its own.
    #[must_use]
    pub fn under(mut self, prefix: &str, doc: DocKind) -> Self {
        let mut p = String::with_capacity(prefix.len().saturating_add(self.pointer.len()));
        p.push_str(prefix);
        p.push_str(&self.pointer);
        self.pointer = p;
        if !matches!(self.kind, ParseErrorKind::UnsupportedVersion) {
            self.code = doc.code_for(&self.pointer);
        }
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document)"
        } else {
            self.pointer.as_str()
        };
        write!(f, "{} at {at}: {}", self.code, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Which document is being parsed; decides the wire code of a fault from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocKind {
    /// A `PaymentPayload` (the `PAYMENT-SIGNATURE` / `X-PAYMENT` content).
    PaymentPayload,
    /// A `PaymentRequirements` object.
    PaymentRequirements,
    /// A `PaymentRequired` (402) document.
    PaymentRequired,
    /// A facilitator `/verify` or `/settle` request body.
    FacilitatorRequest,
    /// A facilitator response (`VerifyResponse`, `SettleResponse`, `/supported`, discovery).
    FacilitatorResponse,
    /// Anything else (extensions, MCP envelopes).
    Other,
}

impl DocKind {
    /// The wire code for a fault at `pointer` in a document of this kind.
    #[must_use]
    pub fn code_for(self, pointer: &str) -> ErrorCode {
        let mut segs = pointer.split('/').skip(1);
        let first = segs.next().unwrap_or("");
        let second = segs.next();
        match self {
            Self::PaymentPayload => {
                if first == "x402Version" {
                    ErrorCode::InvalidX402Version
                } else {
                    ErrorCode::InvalidPayload
                }
            }
            Self::PaymentRequirements | Self::PaymentRequired => {
                if first == "x402Version" {
                    ErrorCode::InvalidX402Version
                } else {
                    ErrorCode::InvalidPaymentRequirements
                }
            }
            Self::FacilitatorRequest => match (first, second) {
                ("x402Version", _) | (_, Some("x402Version")) => ErrorCode::InvalidX402Version,
                ("paymentRequirements", _) => ErrorCode::InvalidPaymentRequirements,
                _ => ErrorCode::InvalidPayload,
            },
            Self::FacilitatorResponse | Self::Other => ErrorCode::InvalidPayload,
        }
    }
}

/// Separator between an embedded pointer and the message inside a serde error string.
/// Used to carry the inner path of a sub-document parsed from raw JSON (see `Echoed`).
pub(crate) const POINTER_SEP: char = '\u{1f}';

/// Converts a `serde_path_to_error` path into an RFC 6901 pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_pointer(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Escapes one JSON Pointer reference token (RFC 6901 §3).
#[must_use]
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Classifies a serde_json error message into a kind.
fn classify(err: &serde_json::Error, msg: &str) -> ParseErrorKind {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Io => ParseErrorKind::Syntax,
        Category::Eof => ParseErrorKind::Truncated,
        Category::Data => {
            if msg.starts_with("missing field") {
                ParseErrorKind::MissingField
            } else if msg.starts_with("duplicate field") {
                ParseErrorKind::DuplicateField
            } else if msg.starts_with("invalid type") {
                ParseErrorKind::InvalidType
            } else if msg.starts_with("unsupported x402Version") {
                ParseErrorKind::UnsupportedVersion
            } else {
                ParseErrorKind::InvalidValue
            }
        }
    }
}

/// Strips serde_json's " at line L column C" suffix.
fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg.get(i..).is_some_and(|t| t.contains(" column ")) => {
            msg.get(..i).unwrap_or(msg)
        }
        _ => msg,
    }
}

/// Parses `input` as `T`, mapping any failure to a [`ParseError`] for a document of kind `doc`.
///
/// The success path runs plain serde; only a failing input is parsed a second time with path
/// tracking, so that well-formed traffic pays nothing for field-level errors.
pub(crate) fn from_slice<T: serde::de::DeserializeOwned>(
    input: &[u8],
    doc: DocKind,
) -> Result<T, ParseError> {
    if let Ok(v) = serde_json::from_slice::<T>(input) {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| convert(e, doc))?;
    de.end().map_err(|e| {
        ParseError::new(
            doc.code_for(""),
            ParseErrorKind::Syntax,
            "",
            strip_position(&e.to_string()).to_owned(),
        )
    })?;
    Ok(value)
}

/// Parses an already-parsed JSON object as `T` (typed views over `payload`, `extra`, ...),
/// without copying it; errors are rooted at `prefix`.
pub(crate) fn from_object<T: serde::de::DeserializeOwned>(
    value: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    doc: DocKind,
) -> Result<T, ParseError> {
    if let Ok(v) = T::deserialize(value) {
        return Ok(v);
    }
    serde_path_to_error::deserialize(value)
        .map_err(|e| convert(e, DocKind::Other).under(prefix, doc))
}

/// Parses an already-parsed JSON value as `T`; errors are rooted at `prefix`.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
    doc: DocKind,
) -> Result<T, ParseError> {
    if let Ok(v) = T::deserialize(value) {
        return Ok(v);
    }
    serde_path_to_error::deserialize(value)
        .map_err(|e| convert(e, DocKind::Other).under(prefix, doc))
}

fn convert(e: serde_path_to_error::Error<serde_json::Error>, doc: DocKind) -> ParseError {
    let mut pointer = pointer_of(e.path());
    let inner = e.into_inner();
    let full = inner.to_string();
    let mut msg = strip_position(&full).to_owned();
    // A sub-document parsed from buffered JSON reports its own inner pointer before POINTER_SEP.
    if let Some((inner_ptr, rest)) = msg.split_once(POINTER_SEP) {
        pointer.push_str(inner_ptr);
        msg = rest.to_owned();
    }
    let mut kind = classify(&inner, &msg);
    if let Some((k, rest)) = split_kind_tag(&msg) {
        kind = k;
        msg = rest;
    }
    // Convention: a missing or duplicated field is reported at its own pointer (for a missing
    // field the parent resolves in the document, the pointer itself does not).
    let named = msg
        .strip_prefix("missing field `")
        .or_else(|| msg.strip_prefix("duplicate field `"))
        .and_then(|r| r.strip_suffix('`'));
    if matches!(
        kind,
        ParseErrorKind::MissingField | ParseErrorKind::DuplicateField
    ) && let Some(name) = named
    {
        pointer.push('/');
        pointer.push_str(&escape_pointer(name));
    }
    let code = if kind == ParseErrorKind::UnsupportedVersion
        || (kind == ParseErrorKind::MissingField && pointer.ends_with("/x402Version"))
    {
        ErrorCode::InvalidX402Version
    } else {
        doc.code_for(&pointer)
    };
    ParseError::new(code, kind, pointer, msg)
}

/// Messages produced inside this crate may start with `[kind] ` to force a kind.
fn split_kind_tag(msg: &str) -> Option<(ParseErrorKind, String)> {
    let rest = msg.strip_prefix('[')?;
    let (tag, tail) = rest.split_once("] ")?;
    let kind = match tag {
        "missing_field" => ParseErrorKind::MissingField,
        "duplicate_field" => ParseErrorKind::DuplicateField,
        "invalid_type" => ParseErrorKind::InvalidType,
        "invalid_value" => ParseErrorKind::InvalidValue,
        "unsupported_version" => ParseErrorKind::UnsupportedVersion,
        "too_large" => ParseErrorKind::TooLarge,
        "encoding" => ParseErrorKind::Encoding,
        "syntax" => ParseErrorKind::Syntax,
        _ => return None,
    };
    Some((kind, tail.to_owned()))
}

/// Builds a serde error carrying a forced kind tag (see `split_kind_tag`).
pub(crate) fn tagged<E: serde::de::Error>(kind: ParseErrorKind, msg: impl fmt::Display) -> E {
    E::custom(format_args!("[{}] {msg}", kind.as_str()))
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
    fn codes_follow_the_path() {
        let d = DocKind::FacilitatorRequest;
        assert_eq!(
            d.code_for("/paymentRequirements/amount"),
            ErrorCode::InvalidPaymentRequirements
        );
        assert_eq!(
            d.code_for("/paymentPayload/accepted/amount"),
            ErrorCode::InvalidPayload
        );
        assert_eq!(
            d.code_for("/paymentPayload/x402Version"),
            ErrorCode::InvalidX402Version
        );
        assert_eq!(d.code_for("/x402Version"), ErrorCode::InvalidX402Version);
        assert_eq!(d.code_for(""), ErrorCode::InvalidPayload);
        assert_eq!(
            DocKind::PaymentRequired.code_for("/accepts/0"),
            ErrorCode::InvalidPaymentRequirements
        );
    }

    #[test]
    fn pointer_escaping() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn position_is_stripped() {
        assert_eq!(
            strip_position("expected value at line 1 column 2"),
            "expected value"
        );
        assert_eq!(strip_position("no position"), "no position");
    }
}
