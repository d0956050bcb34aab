//! Parsing, display, serde and JSON Schema of [`ErrorCode`].

use super::*;

impl ErrorCode {
    /// Parses a wire code. Total: a canonical or alias spelling gives its variant,
    /// `unsupported_version_<n>` (canonical decimal `n`) gives [`ErrorCode::UnsupportedVersion`], and
    /// anything else (including the empty string, other letter cases, whitespace) is kept verbatim in
    /// [`ErrorCode::Unknown`]. Matching is exact and case-sensitive.
    #[must_use]
    pub fn from_wire(s: &str) -> ErrorCode {
        Self::lookup(s).unwrap_or_else(|| ErrorCode::Unknown(s.to_owned()))
    }

    /// Like [`ErrorCode::from_wire`] but takes ownership (no copy for unknown codes).
    #[must_use]
    pub fn from_wire_owned(s: String) -> ErrorCode {
        Self::lookup(&s).unwrap_or(ErrorCode::Unknown(s))
    }

    /// Parses a reason that may carry free text after the code, as in TS's Permit2 settle fallback
    /// `"invalid_exact_evm_transaction_failed: <revert message>"` or the Go e2e facilitator's
    /// `"<reason>: <message>"` error bodies (docs/protocol/codes.md §3.3, §3.7).
    ///
    /// If the whole string is a known code, returns it with no detail. Otherwise, if the text before the
    /// first `": "` is a known code, returns that code and the text after it. Otherwise returns
    /// `Unknown(s)` and no detail.
    #[must_use]
    pub fn from_wire_with_detail(s: &str) -> (ErrorCode, Option<&str>) {
        if let Some(code) = Self::lookup(s) {
            return (code, None);
        }
        if let Some((head, detail)) = s.split_once(": ")
            && let Some(code) = Self::lookup(head)
        {
            return (code, Some(detail));
        }
        (ErrorCode::Unknown(s.to_owned()), None)
    }

    /// Whether `s` is the canonical spelling of a known failure (an alias, an unknown code or a
    /// non-canonical number such as `unsupported_version_007` gives `false`).
    #[must_use]
    pub fn is_canonical_spelling(s: &str) -> bool {
        match Self::lookup_static(s) {
            Some(code) => code.static_canonical() == Some(s),
            None => UnsupportedVersionCode::parse(s).is_some(),
        }
    }

    /// Whether `s` is a known (canonical or alias) spelling.
    #[must_use]
    pub fn is_known_spelling(s: &str) -> bool {
        Self::lookup_static(s).is_some() || UnsupportedVersionCode::parse(s).is_some()
    }

    fn lookup(s: &str) -> Option<ErrorCode> {
        Self::lookup_static(s)
            .or_else(|| UnsupportedVersionCode::parse(s).map(ErrorCode::UnsupportedVersion))
    }

    /// Go's numbered settle-time code `unsupported_version_<version>`.
    #[must_use]
    pub fn unsupported_version(version: u64) -> ErrorCode {
        ErrorCode::UnsupportedVersion(UnsupportedVersionCode::new(version))
    }

    /// The canonical spelling ([`ErrorCode::Unknown`]: the string as received).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::UnsupportedVersion(v) => v.as_str(),
            ErrorCode::Unknown(s) => s,
            known => known.static_canonical().unwrap_or_default(),
        }
    }

    /// Whether this is a failure this crate knows (not [`ErrorCode::Unknown`]).
    #[must_use]
    pub fn is_known(&self) -> bool {
        !matches!(self, ErrorCode::Unknown(_))
    }

    /// The spelling `who` uses for this failure, if it has one. When an emitter uses several spellings
    /// (per mechanism, see the notes), the first listed is returned; [`ErrorCode::spellings_for`] gives
    /// all. `None` for [`ErrorCode::UnsupportedVersion`] (no static spelling; Go emits
    /// [`ErrorCode::as_str`]) and [`ErrorCode::Unknown`].
    #[must_use]
    pub fn spelling_for(&self, who: Emitter) -> Option<&'static str> {
        self.spellings()
            .iter()
            .find(|s| s.is_emitted_by(who))
            .map(|s| s.code)
    }

    /// Every spelling `who` uses for this failure, in table order.
    pub fn spellings_for(&self, who: Emitter) -> impl Iterator<Item = &'static str> + use<> {
        self.spellings()
            .iter()
            .filter(move |s| s.is_emitted_by(who))
            .map(|s| s.code)
    }

    /// Every variant with a static spelling, in table order (not [`ErrorCode::UnsupportedVersion`] nor
    /// [`ErrorCode::Unknown`]).
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        Self::KNOWN.iter().cloned()
    }

    /// The canonical spellings of [`ErrorCode::all`], in table order.
    #[must_use]
    pub fn canonical_codes() -> Vec<&'static str> {
        Self::KNOWN
            .iter()
            .filter_map(ErrorCode::static_canonical)
            .collect()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorCode {
    type Err = Infallible;

    /// Same as [`ErrorCode::from_wire`]; never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(ErrorCode::from_wire(s))
    }
}

impl From<&str> for ErrorCode {
    fn from(s: &str) -> Self {
        ErrorCode::from_wire(s)
    }
}

impl From<String> for ErrorCode {
    fn from(s: String) -> Self {
        ErrorCode::from_wire_owned(s)
    }
}

impl Serialize for ErrorCode {
    /// Serialises as the canonical spelling (`Unknown`: the string as received).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    /// Deserialises from a string through [`ErrorCode::from_wire`]; any other JSON type is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an x402 error code string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::from_wire(v))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<ErrorCode, E> {
                Ok(ErrorCode::from_wire_owned(v))
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}

impl JsonSchema for ErrorCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorCode")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::ErrorCode"))
    }

    /// A plain string (unknown codes are legal on the wire), with the canonical codes as `examples`.
    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "x402 failure code (invalidReason / errorReason). Not a closed set: SDKs use many aliases and unknown codes are legal; the examples are the canonical codes of the x402-spec crate.",
            "examples": ErrorCode::canonical_codes(),
        })
    }
}
