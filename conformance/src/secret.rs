//! The payer private key: loaded from an environment variable or a file, never from a CLI
//! argument, never printed, never written to a report.
//!
//! [`PayerKey`] has no `Display`, a redacting `Debug`, no `Serialize`, and wipes its bytes on drop.
//! Loading errors never quote the key material.

use std::fmt;
use std::path::{Path, PathBuf};

use zeroize::{Zeroize, Zeroizing};

/// Default name of the environment variable holding the payer key.
pub const DEFAULT_PAYER_KEY_ENV: &str = "X402_PAYER_KEY";

/// A secp256k1 private key for the paying account (32 bytes).
pub struct PayerKey {
    bytes: [u8; 32],
    source: KeySource,
}

/// Where a [`PayerKey`] was loaded from (safe to print: it names the variable or the file, not the key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeySource {
    /// An environment variable.
    Env(String),
    /// A file.
    File(PathBuf),
    /// The built-in reference test key (a published development key that holds nothing on any
    /// real network; used by `serve-reference` and by `facilitator` without `--url`).
    ReferenceTestKey,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Env(name) => write!(f, "environment variable {name}"),
            KeySource::File(path) => write!(f, "file {}", path.display()),
            KeySource::ReferenceTestKey => f.write_str("built-in reference test key"),
        }
    }
}

/// Why a payer key could not be loaded. Messages never contain key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The file could not be read.
    Unreadable {
        /// Where it was looked for.
        source: KeySource,
        /// The I/O error text.
        reason: String,
    },
    /// The variable is set but not valid Unicode.
    NotUnicode(KeySource),
    /// The text is not 64 hex digits (optionally `0x`-prefixed, surrounding whitespace ignored).
    BadFormat {
        /// Where it came from.
        source: KeySource,
        /// How many characters (after trimming and removing `0x`) were found.
        length: usize,
    },
    /// The key is all zeros, which is not a valid secp256k1 private key.
    Zero(KeySource),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Unreadable { source, reason } => {
                write!(f, "cannot read the payer key from {source}: {reason}")
            }
            KeyError::NotUnicode(source) => {
                write!(f, "the payer key in {source} is not valid UTF-8")
            }
            KeyError::BadFormat { source, length } => write!(
                f,
                "the payer key in {source} is not a 32-byte hex private key \
                 (expected 64 hex digits, optionally 0x-prefixed; found {length} characters, \
                 or non-hex characters)"
            ),
            KeyError::Zero(source) => write!(f, "the payer key in {source} is zero"),
        }
    }
}

impl std::error::Error for KeyError {}

impl PayerKey {
    /// Loads the key from environment variable `name`. Returns `Ok(None)` when it is unset or empty.
    pub fn from_env(name: &str) -> Result<Option<PayerKey>, KeyError> {
        let source = KeySource::Env(name.to_owned());
        match std::env::var(name) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    PayerKey::parse(&text, source).map(Some)
                }
            }
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(KeyError::NotUnicode(source)),
        }
    }

    /// Loads the key from a file containing the hex key (surrounding whitespace ignored).
    pub fn from_file(path: &Path) -> Result<PayerKey, KeyError> {
        let source = KeySource::File(path.to_owned());
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| KeyError::Unreadable {
            source: source.clone(),
            reason: e.to_string(),
        })?);
        let text = std::str::from_utf8(&bytes).map_err(|_| KeyError::NotUnicode(source.clone()))?;
        PayerKey::parse(text, source)
    }

    /// Parses 64 hex digits (optionally `0x`-prefixed, surrounding whitespace ignored).
    pub fn parse(text: &str, source: KeySource) -> Result<PayerKey, KeyError> {
        let trimmed = text.trim();
        let hex = trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
            .unwrap_or(trimmed);
        let length = hex.chars().count();
        let bad = || KeyError::BadFormat {
            source: source.clone(),
            length,
        };
        if hex.len() != 64 {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (slot, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
            match pair {
                [hi, lo] => match (hex_val(*hi), hex_val(*lo)) {
                    (Some(h), Some(l)) => *slot = (h << 4) | l,
                    _ => {
                        bytes.zeroize();
                        return Err(bad());
                    }
                },
                _ => return Err(bad()),
            }
        }
        if bytes.iter().all(|b| *b == 0) {
            return Err(KeyError::Zero(source));
        }
        Ok(PayerKey { bytes, source })
    }

    /// Wraps raw key bytes from a known source (the built-in reference test key).
    pub fn from_bytes(bytes: [u8; 32], source: KeySource) -> Result<PayerKey, KeyError> {
        if bytes.iter().all(|b| *b == 0) {
            return Err(KeyError::Zero(source));
        }
        Ok(PayerKey { bytes, source })
    }

    /// The raw key bytes, for the signer. Do not log or serialize them.
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// Where the key came from.
    pub fn source(&self) -> &KeySource {
        &self.source
    }
}

const fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(c.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(c.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    }
}

impl fmt::Debug for PayerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PayerKey")
            .field("key", &"<redacted>")
            .field("source", &self.source)
            .finish()
    }
}

impl Drop for PayerKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    const KEY: &str = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    fn src() -> KeySource {
        KeySource::Env("TEST".into())
    }

    #[test]
    fn parses_with_and_without_prefix_and_whitespace() {
        let a = PayerKey::parse(KEY, src()).unwrap();
        let b = PayerKey::parse(&format!("  0x{}\n", KEY.to_uppercase()), src()).unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_eq!(a.expose_secret()[0], 0x4c);
        assert_eq!(a.expose_secret()[31], 0x18);
    }

    #[test]
    fn debug_never_shows_the_key() {
        let k = PayerKey::parse(KEY, src()).unwrap();
        let dbg = format!("{k:?}");
        assert!(!dbg.to_lowercase().contains(&KEY[..16]), "{dbg}");
        assert!(dbg.contains("redacted"));
    }

    #[test]
    fn errors_never_quote_the_input() {
        let bad = format!("{}zz", &KEY[..62]);
        let err = PayerKey::parse(&bad, src()).unwrap_err();
        let msg = err.to_string();
        assert!(!msg.contains(&KEY[..16]), "{msg}");
        assert!(matches!(err, KeyError::BadFormat { length: 64, .. }));
        let short = PayerKey::parse("0x1234", src()).unwrap_err();
        assert!(matches!(short, KeyError::BadFormat { length: 4, .. }));
        assert!(matches!(
            PayerKey::parse(&"0".repeat(64), src()),
            Err(KeyError::Zero(_))
        ));
        // Multi-byte characters must not panic the byte-pair loop.
        assert!(PayerKey::parse(&"é".repeat(32), src()).is_err());
    }

    #[test]
    fn file_loading() {
        let dir = std::env::temp_dir().join(format!("x402-key-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("key");
        std::fs::write(&path, format!("0x{KEY}\n")).unwrap();
        let k = PayerKey::from_file(&path).unwrap();
        assert_eq!(k.source(), &KeySource::File(path.clone()));
        let missing = PayerKey::from_file(&dir.join("missing")).unwrap_err();
        assert!(missing.to_string().contains("cannot read the payer key"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
