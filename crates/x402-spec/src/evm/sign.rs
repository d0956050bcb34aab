//! Local secp256k1 signer for x402 clients (feature `signer`).
//!
//! Signatures are RFC 6979 deterministic (no randomness: the same key and digest always give
//! the same bytes), normalised to low-s, and encoded `r ‖ s ‖ v` with `v ∈ {27, 28}` — exactly
//! what viem, eth-account and the Go SDK signer produce, so the docs/protocol/evm.md §4.9 vectors are reproduced bit
//! for bit. The secret key never appears in `Debug` output.

use core::fmt;

use alloy_primitives::{Address, B256};
use k256::ecdsa::SigningKey;

/// Why a key could not be loaded or a digest could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignerError {
    /// The secret is not 32 bytes.
    InvalidKeyLength {
        /// Length received.
        actual: usize,
    },
    /// The secret is zero or not below the group order `n`.
    InvalidKey,
    /// The ECDSA primitive refused to sign (practically unreachable for a 32-byte digest).
    Signing {
        /// Backend message.
        reason: String,
    },
}

impl fmt::Display for SignerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidKeyLength { actual } => {
                write!(f, "secp256k1 secret key must be 32 bytes, got {actual}")
            }
            Self::InvalidKey => {
                f.write_str("secp256k1 secret key is zero or not below the group order")
            }
            Self::Signing { reason } => write!(f, "signing failed: {reason}"),
        }
    }
}

impl std::error::Error for SignerError {}

/// An in-memory secp256k1 key that signs 32-byte digests (EIP-712 digests, transaction signing
/// hashes).
#[derive(Clone)]
pub struct LocalSigner {
    key: SigningKey,
    address: Address,
}

impl fmt::Debug for LocalSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalSigner")
            .field("address", &self.address)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl LocalSigner {
    /// Loads a 32-byte big-endian secret; rejects zero and values `>= n`.
    pub fn from_bytes(secret: &[u8]) -> Result<Self, SignerError> {
        let bytes: &[u8; 32] = secret
            .try_into()
            .map_err(|_| SignerError::InvalidKeyLength {
                actual: secret.len(),
            })?;
        let key = SigningKey::from_bytes(bytes.into()).map_err(|_| SignerError::InvalidKey)?;
        let address = Address::from_private_key(&key);
        Ok(Self { key, address })
    }

    /// The signer's Ethereum address.
    pub fn address(&self) -> Address {
        self.address
    }

    /// Signs a prehashed 32-byte digest: RFC 6979 deterministic nonce, low-s, returned as
    /// `r ‖ s ‖ v` with `v ∈ {27, 28}`.
    pub fn sign_digest(&self, digest: B256) -> Result<[u8; 65], SignerError> {
        let (sig, recid) = self
            .key
            .sign_prehash_recoverable(digest.as_slice())
            .map_err(|e| SignerError::Signing {
                reason: e.to_string(),
            })?;
        // k256 already returns low-s (with the recovery id adjusted); normalising again is a
        // no-op kept as a guard, flipping the parity if it ever changes s.
        let (sig, y_odd) = match sig.normalize_s() {
            Some(normalized) => (normalized, !recid.is_y_odd()),
            None => (sig, recid.is_y_odd()),
        };
        let mut out = [0u8; 65];
        let (rs, v) = out.split_at_mut(64);
        rs.copy_from_slice(&sig.to_bytes());
        if let Some(v) = v.first_mut() {
            *v = if y_odd { 28 } else { 27 };
        }
        Ok(out)
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
    use crate::evm::constants::{SECP256K1_HALF_N, SECP256K1_N};
    use crate::evm::signature::{EcdsaSignature, recover_signer};
    use crate::evm::test_vectors as tv;
    use alloy_primitives::U256;
    use proptest::prelude::*;

    fn signer() -> LocalSigner {
        LocalSigner::from_bytes(tv::TEST_KEY.as_slice()).unwrap()
    }

    #[test]
    fn reproduces_the_golden_signatures() {
        let s = signer();
        assert_eq!(s.address(), tv::TEST_ADDRESS);
        for (digest, expected) in [
            (tv::V1_DIGEST, tv::V1_SIGNATURE),
            (tv::V2_DIGEST, tv::V2_SIGNATURE),
            (tv::V3_DIGEST, tv::V3_SIGNATURE),
            (tv::V4_DIGEST, tv::V4_SIGNATURE),
        ] {
            assert_eq!(s.sign_digest(digest).unwrap(), expected);
        }
    }

    #[test]
    fn rejects_bad_keys() {
        assert_eq!(
            LocalSigner::from_bytes(&[1u8; 31]).unwrap_err(),
            SignerError::InvalidKeyLength { actual: 31 }
        );
        assert_eq!(
            LocalSigner::from_bytes(&[0u8; 32]).unwrap_err(),
            SignerError::InvalidKey
        );
        assert_eq!(
            LocalSigner::from_bytes(&SECP256K1_N.to_be_bytes::<32>()).unwrap_err(),
            SignerError::InvalidKey
        );
        assert_eq!(
            LocalSigner::from_bytes(&[0xff; 32]).unwrap_err(),
            SignerError::InvalidKey
        );
        let n_minus_1 = SECP256K1_N - U256::from(1u8);
        assert!(LocalSigner::from_bytes(&n_minus_1.to_be_bytes::<32>()).is_ok());
    }

    #[test]
    fn debug_never_shows_the_key() {
        let s = signer();
        let dbg = format!("{s:?} {s:#?}");
        assert!(dbg.contains("redacted"));
        let hex_key = alloy_primitives::hex::encode(tv::TEST_KEY);
        assert!(!dbg.to_lowercase().contains(&hex_key));
        assert!(!dbg.contains("ac0974bec39a17e3"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn signatures_are_low_s_deterministic_and_recover(digest in any::<[u8; 32]>(), key in any::<[u8; 32]>()) {
            let Ok(s) = LocalSigner::from_bytes(&key) else { return Ok(()); };
            let digest = B256::from(digest);
            let sig = s.sign_digest(digest).unwrap();
            prop_assert_eq!(sig, s.sign_digest(digest).unwrap());
            prop_assert!(sig[64] == 27 || sig[64] == 28);
            prop_assert!(U256::from_be_slice(&sig[32..64]) <= SECP256K1_HALF_N);
            let parsed = EcdsaSignature::from_rsv(&sig).unwrap();
            prop_assert_eq!(recover_signer(digest, &parsed).unwrap(), s.address());
        }
    }
}
