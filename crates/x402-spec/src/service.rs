//! Service metadata of a v2 `ResourceInfo`: `serviceName`, `tags` and `iconUrl`.
//!
//! @x402/core 2.27.0 added the three optional members and its `ResourceInfoSchema` (the schema
//! its client and facilitator parse with) bounds them: `serviceName` and each tag are 1 to 32
//! printable ASCII characters (U+0020 to U+007E), at most 5 tags, `iconUrl` at most 2048
//! characters. x402 2.25.0 (PyPI) types them without limits and sanitises them only when a
//! facilitator builds its bazaar catalogue. The crate takes the 2.27.0 limits as the wire rule,
//! so that what it accepts every deployed SDK accepts (docs/protocol/deployed.md §3).

use crate::common::{ValueError, text_type};

/// Most characters in a `serviceName` or in one tag.
pub const MAX_LABEL_LEN: usize = 32;
/// Most entries in `tags`.
pub const MAX_TAGS: usize = 5;
/// Most characters in `iconUrl`.
pub const MAX_ICON_URL_LEN: usize = 2048;

/// A `serviceName` or one entry of `tags`: 1 to [`MAX_LABEL_LEN`] printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceLabel(String);

impl ServiceLabel {
    /// Parses a label.
    ///
    /// # Errors
    /// Empty, longer than [`MAX_LABEL_LEN`], or a character outside U+0020..=U+007E.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.is_empty() {
            return Err(ValueError::Empty("service label"));
        }
        if s.len() > MAX_LABEL_LEN {
            return Err(ValueError::TooLong {
                what: "service label",
                max: MAX_LABEL_LEN,
            });
        }
        if !s.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
            return Err(ValueError::Pattern {
                what: "service label",
                rule: "printable ASCII (U+0020 to U+007E)",
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_type!(ServiceLabel, "1 to 32 printable ASCII characters", "ServiceLabel", {
    "type": "string",
    "minLength": 1,
    "maxLength": 32,
    "pattern": "^[\\x20-\\x7e]+$",
    "description": "ResourceInfo serviceName or tag: 1 to 32 printable ASCII characters (@x402/core 2.27.0 ResourceInfoSchema)."
});

/// `iconUrl`: a string of at most [`MAX_ICON_URL_LEN`] characters, kept as sent.
///
/// The wire rule is the length only (@x402/core 2.27.0). Whether a facilitator may show the URL
/// in a catalogue (absolute `http(s)`, no user info, no IP or loopback host: the bazaar
/// extension's sanitising rules) is not a parse rule and is not checked here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IconUrl(String);

impl IconUrl {
    /// Parses an icon URL.
    ///
    /// # Errors
    /// Longer than [`MAX_ICON_URL_LEN`] bytes.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.len() > MAX_ICON_URL_LEN {
            return Err(ValueError::TooLong {
                what: "iconUrl",
                max: MAX_ICON_URL_LEN,
            });
        }
        Ok(Self(s.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_type!(IconUrl, "a string of at most 2048 characters", "IconUrl", {
    "type": "string",
    "maxLength": 2048,
    "description": "ResourceInfo iconUrl: at most 2048 characters (@x402/core 2.27.0 ResourceInfoSchema)."
});

/// `tags`: at most [`MAX_TAGS`] [`ServiceLabel`]s, in the order sent (duplicates kept: the
/// catalogue's case-insensitive de-duplication is a facilitator's presentation choice).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ServiceTags(Vec<ServiceLabel>);

impl ServiceTags {
    /// Tags from labels.
    ///
    /// # Errors
    /// More than [`MAX_TAGS`] entries.
    pub fn new(tags: Vec<ServiceLabel>) -> Result<Self, ValueError> {
        if tags.len() > MAX_TAGS {
            return Err(ValueError::TooLong {
                what: "tags (entries)",
                max: MAX_TAGS,
            });
        }
        Ok(Self(tags))
    }

    /// The tags.
    #[must_use]
    pub fn as_slice(&self) -> &[ServiceLabel] {
        &self.0
    }
}

impl serde::Serialize for ServiceTags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for ServiceTags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tags = Vec::<ServiceLabel>::deserialize(d)?;
        Self::new(tags)
            .map_err(|e| crate::error::tagged(crate::error::ParseErrorKind::InvalidValue, e))
    }
}

impl schemars::JsonSchema for ServiceTags {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("ServiceTags")
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let item = generator.subschema_for::<ServiceLabel>();
        schemars::json_schema!({
            "type": "array",
            "maxItems": 5,
            "items": item,
            "description": "ResourceInfo tags: at most 5 labels (@x402/core 2.27.0 ResourceInfoSchema)."
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_limits() {
        assert!(ServiceLabel::parse("Weather API").is_ok());
        assert!(ServiceLabel::parse(&"a".repeat(32)).is_ok());
        assert_eq!(
            ServiceLabel::parse(&"a".repeat(33)),
            Err(ValueError::TooLong {
                what: "service label",
                max: 32
            })
        );
        assert_eq!(
            ServiceLabel::parse(""),
            Err(ValueError::Empty("service label"))
        );
        for bad in ["tab\there", "é", "line\n", "\u{7f}"] {
            assert!(
                matches!(ServiceLabel::parse(bad), Err(ValueError::Pattern { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tags_and_icon_limits() {
        let label = |s: &str| ServiceLabel::parse(s).unwrap();
        assert!(ServiceTags::new(vec![label("a"); 5]).is_ok());
        assert!(ServiceTags::new(vec![label("a"); 6]).is_err());
        let six: Result<ServiceTags, _> = serde_json::from_str(r#"["a","b","c","d","e","f"]"#);
        assert!(six.is_err());
        assert!(IconUrl::parse(&"h".repeat(2048)).is_ok());
        assert!(IconUrl::parse(&"h".repeat(2049)).is_err());
        assert!(IconUrl::parse("").is_ok());
    }
}
