//! The machinery shared by every wire object: unknown-field preservation, duplicate-key
//! rejection, deterministic serialization, null handling and JSON Schema generation.
//!
//! Each wire struct is declared once with [`wire_object!`](crate::wire_object); the macro writes
//! the struct, its `Deserialize` (a map visitor: known keys are typed, unknown keys are kept in
//! `unknown` in arrival order, a key seen twice is an error), its `Serialize` (declared fields in
//! declaration order, absent optionals omitted — never `null` — then the unknown fields) and its
//! JSON Schema (required list, `additionalProperties: true` because unknown fields are legal).
//!
//! Field modes:
//! - `req`: required; `null` is a type error.
//! - `opt`: optional; absent is `None`; an explicit `null` is a type error.
//! - `optnull`: optional; absent **or** `null` is `None` (TS sends `extra: null`,
//!   `extensions: null`, and its facilitator-response schema is `.nullish()`; docs/protocol/disagreements.md #39).
//!   `null` is accepted on input and never emitted.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::POINTER_SEP;

/// Unknown fields of a wire object, kept in arrival order so that they survive a round trip.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// A JSON object (`extra`, `payload`, `extensions`, ...), insertion-ordered.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Declares a wire object. See the [module docs](self).
#[macro_export]
#[doc(hidden)]
macro_rules! wire_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $json:literal => $field:ident : $ty:ty [$mode:ident]
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $crate::wire_object!(@fty $mode $ty),
            )*
            /// Fields this crate does not know, kept in arrival order and re-emitted after the
            /// known ones.
            pub unknown: $crate::wire::UnknownFields,
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        $( let mut $field: ::std::option::Option<$crate::wire_object!(@fty $mode $ty)> = None; )*
                        let mut unknown = $crate::wire::UnknownFields::new();
                        while let Some(key) = map.next_key::<$crate::wire::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $json => {
                                        if $field.is_some() {
                                            return Err($crate::wire::duplicate::<A::Error>($json));
                                        }
                                        $field = Some($crate::wire_object!(@read $mode $ty, map));
                                    }
                                )*
                                other => {
                                    if unknown.contains_key(other) {
                                        return Err($crate::wire::duplicate::<A::Error>(other));
                                    }
                                    let v: ::serde_json::Value = map.next_value()?;
                                    unknown.insert(other.to_owned(), v);
                                }
                            }
                        }
                        Ok($name {
                            $( $field: $crate::wire_object!(@finish $mode $json, $field), )*
                            unknown,
                        })
                    }
                }
                d.deserialize_map(V)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( $crate::wire_object!(@write $mode m, $json, &self.$field); )*
                for (k, v) in &self.unknown {
                    if $crate::wire_object!(@known k; $($json),*) {
                        continue;
                    }
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $crate::wire::schema_name(module_path!(), stringify!($name))
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(concat!(module_path!(), "::", stringify!($name)))
            }
            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let mut props = ::serde_json::Map::new();
                let mut required: ::std::vec::Vec<::serde_json::Value> = ::std::vec::Vec::new();
                $(
                    {
                        let sub = generator.subschema_for::<$ty>();
                        let doc = $crate::wire::doc_of(&[$(stringify!($fmeta)),*]);
                        let sub = $crate::wire_object!(@schema $mode sub, doc);
                        props.insert($json.to_owned(), sub.to_value());
                        if $crate::wire_object!(@is_required $mode) {
                            required.push(::serde_json::Value::String($json.to_owned()));
                        }
                    }
                )*
                let doc = $crate::wire::doc_of(&[$(stringify!($meta)),*]);
                $crate::wire::object_schema(props, required, doc)
            }
        }
    };

    (@fty req $ty:ty) => { $ty };
    (@fty opt $ty:ty) => { ::std::option::Option<$ty> };
    (@fty optnull $ty:ty) => { ::std::option::Option<$ty> };

    (@read req $ty:ty, $map:ident) => { $map.next_value::<$ty>()? };
    (@read opt $ty:ty, $map:ident) => { Some($map.next_value::<$ty>()?) };
    (@read optnull $ty:ty, $map:ident) => { $map.next_value::<::std::option::Option<$ty>>()? };

    (@finish req $json:literal, $field:ident) => {
        match $field {
            Some(v) => v,
            None => return Err(<A::Error as ::serde::de::Error>::missing_field($json)),
        }
    };
    (@finish opt $json:literal, $field:ident) => { $field.flatten() };
    (@finish optnull $json:literal, $field:ident) => { $field.flatten() };

    (@write req $m:ident, $json:literal, $v:expr) => { $m.serialize_entry($json, $v)?; };
    (@write opt $m:ident, $json:literal, $v:expr) => { if let Some(v) = $v { $m.serialize_entry($json, v)?; } };
    (@write optnull $m:ident, $json:literal, $v:expr) => { if let Some(v) = $v { $m.serialize_entry($json, v)?; } };

    (@known $k:ident; $($json:literal),*) => { false $(|| $k == $json)* };

    (@is_required req) => { true };
    (@is_required opt) => { false };
    (@is_required optnull) => { false };

    (@schema req $sub:ident, $doc:ident) => { $crate::wire::with_description($sub, $doc) };
    (@schema opt $sub:ident, $doc:ident) => { $crate::wire::with_description($sub, $doc) };
    (@schema optnull $sub:ident, $doc:ident) => { $crate::wire::nullable($sub, $doc) };
}

/// Schema name of a wire object: types of the `v1` and `v2` modules get a version suffix
/// (`PaymentPayloadV1`) so that both can live in one schema's `$defs`.
#[doc(hidden)]
#[must_use]
pub fn schema_name(module: &str, name: &'static str) -> Cow<'static, str> {
    match module.rsplit("::").next() {
        Some("v1") => Cow::Owned(format!("{name}V1")),
        Some("v2") => Cow::Owned(format!("{name}V2")),
        _ => Cow::Borrowed(name),
    }
}

/// An object key, borrowed from the input when possible.
#[doc(hidden)]
#[derive(Debug)]
pub struct Key<'a>(Cow<'a, str>);

impl Key<'_> {
    /// The key text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The error for a key that occurs twice in one object.
#[doc(hidden)]
pub fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}

/// Extracts the text of `#[doc = "..."]` attributes (as stringified by the macro) and turns
/// rustdoc markup into plain prose for JSON Schema `description`s.
#[doc(hidden)]
#[must_use]
pub fn doc_of(metas: &[&str]) -> Option<String> {
    let mut paragraphs: Vec<String> = vec![String::new()];
    for m in metas {
        let Some(rest) = m.trim().strip_prefix("doc") else {
            continue;
        };
        let lit = rest.trim_start().trim_start_matches('=').trim();
        let line = unquote(lit);
        let line = line.trim();
        if line.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(String::new());
            }
            continue;
        }
        if let Some(p) = paragraphs.last_mut() {
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&plain(line));
        }
    }
    let text = paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() { None } else { Some(text) }
}

/// Decodes a stringified Rust string literal (`"..."`, `r"..."`, `r#"..."#`).
fn unquote(lit: &str) -> String {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.len().saturating_sub(raw.trim_start_matches('#').len());
        let body = raw
            .get(hashes..raw.len().saturating_sub(hashes))
            .unwrap_or(raw);
        return body.trim_matches('"').to_owned();
    }
    serde_json::from_str::<String>(lit).unwrap_or_else(|_| lit.trim_matches('"').to_owned())
}

/// Rewrites rustdoc links: "[`crate::x::Y`]" becomes "`Y`", "[text](url)" becomes "text".
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("[`") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start.saturating_add(2)..).unwrap_or("");
        match after.find("`]") {
            Some(end) => {
                let inner = after.get(..end).unwrap_or("");
                let short = inner.rsplit("::").next().unwrap_or(inner);
                out.push('`');
                out.push_str(short);
                out.push('`');
                let tail = after.get(end.saturating_add(2)..).unwrap_or("");
                // Drop an explicit link target: [`x`](self) or [`x`](crate::y)
                rest = match tail.strip_prefix('(') {
                    Some(t) => t
                        .find(')')
                        .and_then(|i| t.get(i.saturating_add(1)..))
                        .unwrap_or(tail),
                    None => tail,
                };
            }
            None => {
                out.push_str("[`");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Adds a description to a schema (wrapping `$ref`s in `allOf` is not needed in 2020-12).
#[doc(hidden)]
#[must_use]
pub fn with_description(mut s: schemars::Schema, doc: Option<String>) -> schemars::Schema {
    if let (Some(d), Some(obj)) = (doc, s.as_object_mut()) {
        obj.entry("description")
            .or_insert(serde_json::Value::String(d));
    }
    s
}

/// A schema that also accepts `null`.
#[doc(hidden)]
#[must_use]
pub fn nullable(s: schemars::Schema, doc: Option<String>) -> schemars::Schema {
    let mut obj = serde_json::Map::new();
    if let Some(d) = doc {
        obj.insert("description".to_owned(), serde_json::Value::String(d));
    }
    obj.insert(
        "anyOf".to_owned(),
        serde_json::Value::Array(vec![s.to_value(), serde_json::json!({ "type": "null" })]),
    );
    schemars::Schema::from(obj)
}

/// An object schema with the given properties and required list.
#[doc(hidden)]
#[must_use]
pub fn object_schema(
    props: serde_json::Map<String, serde_json::Value>,
    required: Vec<serde_json::Value>,
    doc: Option<String>,
) -> schemars::Schema {
    let mut obj = serde_json::Map::new();
    obj.insert("type".to_owned(), "object".into());
    if let Some(d) = doc {
        obj.insert("description".to_owned(), d.into());
    }
    obj.insert("properties".to_owned(), serde_json::Value::Object(props));
    if !required.is_empty() {
        obj.insert("required".to_owned(), serde_json::Value::Array(required));
    }
    obj.insert("additionalProperties".to_owned(), true.into());
    schemars::Schema::from(obj)
}

/// A value together with the exact JSON text it was parsed from.
///
/// x402 v2 clients echo the requirement they chose as `PaymentPayload.accepted`, and TS resource
/// servers deep-compare that echo with what they offered (docs/protocol/transport.md §2.4). `Echoed` keeps the
/// received bytes so that re-serializing writes them back unchanged: an `accepts[i]` parsed from a
/// 402 and placed in a payload is echoed byte for byte, unknown fields and key order included.
///
/// Values built in Rust ([`Echoed::new`]) carry this crate's own compact serialization.
/// Equality compares the typed values, not the bytes.
#[derive(Debug, Clone)]
pub struct Echoed<T> {
    raw: Box<RawValue>,
    value: T,
}

impl<T: Serialize> Echoed<T> {
    /// Wraps a value built in Rust; its raw form is this crate's serialization.
    ///
    /// # Errors
    /// Fails only if `T`'s serialization fails (never for this crate's wire types).
    pub fn new(value: T) -> Result<Self, serde_json::Error> {
        let raw = serde_json::value::to_raw_value(&value)?;
        Ok(Self { raw, value })
    }
}

impl<T> Echoed<T> {
    /// The typed value.
    #[must_use]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The exact JSON text received (or produced by [`Echoed::new`]).
    #[must_use]
    pub fn raw_json(&self) -> &str {
        self.raw.get()
    }

    /// Consumes the wrapper, returning the typed value.
    #[must_use]
    pub fn into_value(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for Echoed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Echoed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Serialize for Echoed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Echoed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        // Fast path without path tracking; a failing value is parsed again to locate the fault.
        if let Ok(value) = serde_json::from_str::<T>(raw.get()) {
            return Ok(Self { raw, value });
        }
        let mut inner = serde_json::Deserializer::from_str(raw.get());
        let value: T = nested(serde_path_to_error::deserialize(&mut inner))?;
        Ok(Self { raw, value })
    }
}

/// Deserializes `T` from an already-buffered JSON value inside another `Deserialize` impl,
/// keeping the inner field path in the error (see `nested`).
pub(crate) fn from_buffered<T: DeserializeOwned, E: de::Error>(
    value: &serde_json::Value,
) -> Result<T, E> {
    nested(serde_path_to_error::deserialize(value))
}

/// Converts an inner, path-tracked result into the outer deserializer's error type, embedding the
/// inner RFC 6901 pointer before [`POINTER_SEP`] so that `error::convert` can join the paths.
fn nested<T, E: de::Error>(
    r: Result<T, serde_path_to_error::Error<serde_json::Error>>,
) -> Result<T, E> {
    r.map_err(|e| {
        let mut ptr = String::new();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => {
                    ptr.push('/');
                    ptr.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    ptr.push('/');
                    ptr.push_str(&crate::error::escape_pointer(key));
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let msg = e.into_inner().to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => msg.get(..i).unwrap_or(&msg).to_owned(),
            None => msg,
        };
        // Deeper nested values already carry a pointer: join them.
        match msg.split_once(POINTER_SEP) {
            Some((ip, rest)) => E::custom(format_args!("{ptr}{ip}{POINTER_SEP}{rest}")),
            None => E::custom(format_args!("{ptr}{POINTER_SEP}{msg}")),
        }
    })
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Echoed<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// Declares a JSON number literal type such as `x402Version: 2`.
macro_rules! version_literal {
    ($(#[$meta:meta])* $name:ident = $n:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
        pub struct $name;

        impl $name {
            /// The number.
            pub const NUMBER: u64 = $n;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_u64($n)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                match $crate::wire::VersionNumber::deserialize(d)?.0 {
                    Some($n) => Ok($name),
                    Some(other) => Err($crate::error::tagged(
                        $crate::error::ParseErrorKind::UnsupportedVersion,
                        format_args!("unsupported x402Version {other}: expected {}", $n),
                    )),
                    None => Err($crate::error::tagged(
                        $crate::error::ParseErrorKind::UnsupportedVersion,
                        format_args!("x402Version must be the JSON integer {}", $n),
                    )),
                }
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "integer", "const": $n, "description": concat!("Protocol version literal ", $n, ".") })
            }
        }
    };
}
pub(crate) use version_literal;

/// Reads an `x402Version` as an integer; anything else (string, float, negative) is `None`.
#[doc(hidden)]
#[derive(Debug)]
pub struct VersionNumber(pub Option<u64>);

impl<'de> Deserialize<'de> for VersionNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = VersionNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer x402Version")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(VersionNumber(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(VersionNumber(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(VersionNumber(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(VersionNumber(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(VersionNumber(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(VersionNumber(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(crate::error::tagged(
                    crate::error::ParseErrorKind::UnsupportedVersion,
                    "x402Version must be an integer, found an object",
                ))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(crate::error::tagged(
                    crate::error::ParseErrorKind::UnsupportedVersion,
                    "x402Version must be an integer, found an array",
                ))
            }
        }
        d.deserialize_any(V)
    }
}
