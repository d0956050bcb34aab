//! Minimal, checked base58 codec (Bitcoin alphabet), as used for Solana addresses and signatures.
//!
//! Leading `'1'` characters encode leading zero bytes; the remaining characters are a big-endian
//! base-58 number. With that convention the mapping between strings and byte strings is a
//! bijection, so every string that decodes re-encodes to itself: there is no non-canonical spelling
//! to reject (the tests check this property). Decoding is only offered into fixed-size arrays, with
//! the input length bounded first, so hostile input costs at most a few hundred operations.

/// The Bitcoin base58 alphabet (no `0`, `O`, `I`, `l`).
pub(crate) const ALPHABET: &[u8; 58] =
    b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Why a string does not decode to the requested number of bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Base58Error {
    /// The input has more characters than any encoding of `N` bytes can have.
    TooLong {
        /// Characters found.
        found: usize,
        /// Most characters an encoding of the requested size can have.
        max: usize,
    },
    /// A character outside the alphabet.
    InvalidCharacter {
        /// Byte offset in the input.
        index: usize,
        /// The character.
        found: char,
    },
    /// The input decodes to a different number of bytes.
    DecodedLength {
        /// Bytes the input decodes to.
        found: usize,
        /// Bytes requested.
        expected: usize,
    },
}

/// Most base58 characters an `n`-byte value can need: `ceil(n * log(256) / log(58))` is below
/// `n * 137 / 100 + 1` (log 256 / log 58 = 1.3657...).
pub(crate) const fn max_encoded_len(n: usize) -> usize {
    n.saturating_mul(137).div_ceil(100).saturating_add(1)
}

/// Value of one base58 character, or `None` if it is outside the alphabet.
fn digit_value(c: u8) -> Option<u8> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u8::try_from(p).ok())
}

/// Encodes bytes as base58. Quadratic in the input length; meant for short values (keys, signatures).
pub(crate) fn encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    // Little-endian base-58 digits of the non-zero-prefixed remainder.
    let mut digits: Vec<u8> = Vec::with_capacity(max_encoded_len(bytes.len()));
    for &byte in bytes.iter().skip(zeros) {
        let mut carry = u32::from(byte);
        for d in &mut digits {
            // Cannot overflow: d < 58 and carry <= 260 on entry, so d * 256 + carry < 58 * 256 + 261;
            // afterwards the remainder is < 58 and the new carry is <= 260 again.
            carry = (u32::from(*d) << 8).wrapping_add(carry);
            *d = u8::try_from(carry % 58).unwrap_or(0);
            carry /= 58;
        }
        while carry > 0 {
            digits.push(u8::try_from(carry % 58).unwrap_or(0));
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros.saturating_add(digits.len()));
    out.extend(std::iter::repeat_n('1', zeros));
    // Every digit is < 58 (remainder of a division by 58), so the lookup always succeeds.
    out.extend(
        digits
            .iter()
            .rev()
            .filter_map(|&d| ALPHABET.get(usize::from(d)).map(|&c| char::from(c))),
    );
    out
}

/// Decodes base58 into exactly `N` bytes.
///
/// # Errors
/// [`Base58Error::TooLong`] before any work when the input cannot possibly fit, then the first
/// invalid character, then a length mismatch.
pub(crate) fn decode_array<const N: usize>(s: &str) -> Result<[u8; N], Base58Error> {
    let max = max_encoded_len(N);
    let found = s.chars().count();
    if found > max {
        return Err(Base58Error::TooLong { found, max });
    }
    let zeros = s.bytes().take_while(|&b| b == b'1').count();
    // Little-endian bytes of the number spelt by the characters after the leading '1's.
    let mut le: Vec<u8> = Vec::with_capacity(N.saturating_add(1));
    for (index, c) in s.char_indices().skip(zeros) {
        let value = u8::try_from(c)
            .ok()
            .and_then(digit_value)
            .ok_or(Base58Error::InvalidCharacter { index, found: c })?;
        let mut carry = u32::from(value);
        for b in &mut le {
            // Cannot overflow: b <= 255, carry < 58 * 256 here, so b * 58 + carry < 2^15.
            carry = u32::from(*b).wrapping_mul(58).wrapping_add(carry);
            *b = carry.to_le_bytes().first().copied().unwrap_or(0);
            carry >>= 8;
        }
        while carry > 0 {
            le.push(carry.to_le_bytes().first().copied().unwrap_or(0));
            carry >>= 8;
        }
    }
    let found = zeros.saturating_add(le.len());
    if found != N {
        return Err(Base58Error::DecodedLength { found, expected: N });
    }
    let mut out = [0u8; N];
    // `zeros + le.len() == N`: the leading `zeros` bytes stay 0, the rest is `le` reversed.
    for (slot, b) in out.iter_mut().skip(zeros).zip(le.iter().rev()) {
        *slot = *b;
    }
    Ok(out)
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
    use proptest::prelude::*;

    #[test]
    fn known_vectors() {
        // Bitcoin base58 test vectors (alphabet and leading-zero convention).
        assert_eq!(encode(b""), "");
        assert_eq!(encode(&[0]), "1");
        assert_eq!(encode(&[0, 0, 0]), "111");
        assert_eq!(encode(&[0x61]), "2g");
        assert_eq!(encode(b"abc"), "ZiCa");
        assert_eq!(encode(b"Hello World!"), "2NEpo7TZRRrLZSi2U");
        assert_eq!(encode(&[0, 0, 0x28, 0x7f, 0xb4, 0xcd]), "11233QC4");
        assert_eq!(decode_array::<3>("ZiCa").unwrap(), *b"abc");
        assert_eq!(
            decode_array::<12>("2NEpo7TZRRrLZSi2U").unwrap(),
            *b"Hello World!"
        );
        assert_eq!(
            decode_array::<6>("11233QC4").unwrap(),
            [0, 0, 0x28, 0x7f, 0xb4, 0xcd]
        );
        assert_eq!(decode_array::<32>(&"1".repeat(32)).unwrap(), [0u8; 32]);
        assert_eq!(
            encode(&[0xff; 32]),
            "JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG"
        );
        assert_eq!(
            decode_array::<32>("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG").unwrap(),
            [0xff; 32]
        );
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        for (s, index, found) in [
            ("0abc", 0, '0'),
            ("abOc", 2, 'O'),
            ("aIbc", 1, 'I'),
            ("abcl", 3, 'l'),
            ("a+", 1, '+'),
            ("ab é", 2, ' '),
        ] {
            assert_eq!(
                decode_array::<32>(s),
                Err(Base58Error::InvalidCharacter { index, found }),
                "{s}"
            );
        }
    }

    #[test]
    fn rejects_wrong_lengths() {
        assert_eq!(
            decode_array::<32>(""),
            Err(Base58Error::DecodedLength {
                found: 0,
                expected: 32
            })
        );
        assert_eq!(
            decode_array::<32>(&"1".repeat(31)),
            Err(Base58Error::DecodedLength {
                found: 31,
                expected: 32
            })
        );
        // 2^256 does not fit in 32 bytes: 45 characters are already too many.
        assert_eq!(max_encoded_len(32), 45);
        assert!(matches!(
            decode_array::<32>(&"z".repeat(46)),
            Err(Base58Error::TooLong { found: 46, max: 45 })
        ));
        // 44 'z' encode a value larger than 2^256 - 1.
        assert_eq!(
            decode_array::<32>(&"z".repeat(44)),
            Err(Base58Error::DecodedLength {
                found: 33,
                expected: 32
            })
        );
        assert!(matches!(
            decode_array::<32>(&"1".repeat(1_000_000)),
            Err(Base58Error::TooLong { .. })
        ));
    }

    #[test]
    fn max_encoded_len_is_an_upper_bound() {
        for n in 0..=100usize {
            assert!(encode(&vec![0xff; n]).len() <= max_encoded_len(n), "{n}");
            assert!(encode(&vec![0; n]).len() <= max_encoded_len(n), "{n}");
        }
    }

    proptest! {
        #[test]
        fn round_trip_32(bytes in any::<[u8; 32]>()) {
            let s = encode(&bytes);
            prop_assert!(s.len() >= 32 && s.len() <= 44, "{}", s);
            prop_assert_eq!(decode_array::<32>(&s), Ok(bytes));
        }

        #[test]
        fn round_trip_64(bytes in any::<[u8; 64]>()) {
            prop_assert_eq!(decode_array::<64>(&encode(&bytes)), Ok(bytes));
        }

        #[test]
        fn decoded_strings_re_encode_to_themselves(s in "[1-9A-HJ-NP-Za-km-z]{0,46}") {
            if let Ok(bytes) = decode_array::<32>(&s) {
                prop_assert_eq!(encode(&bytes), s);
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = decode_array::<32>(&s);
            let _ = decode_array::<64>(&s);
            let _ = decode_array::<0>(&s);
        }
    }
}
