//! Signature parsing, classification (EOA / ERC-6492 / smart wallet) and ECDSA recovery.
//!
//! # Classification rules ([`classify_signature`])
//!
//! 1. **ERC-6492**: if the last 32 bytes equal [`ERC6492_MAGIC_SUFFIX`], the prefix is
//!    ABI-decoded as `(address factory, bytes factoryCalldata, bytes innerSignature)` (Go
//!    `go/mechanisms/evm/erc6492.go#ParseERC6492Signature`, viem `parseErc6492Signature`). A
//!    prefix that does not decode is a [`SignatureError::MalformedErc6492`]; the inner signature
//!    is classified by rules 2–4 (a second ERC-6492 layer is [`SignatureError::NestedErc6492`]).
//! 2. **65 bytes** are `r ‖ s ‖ v` and classified [`ClassifiedSignature::Eoa`] when `v` is 27/28
//!    (viem, eth-account, the Go signer) or 0/1 (raw y-parity; Go normalises it with `v += 27`);
//!    the form is recorded in [`SignatureForm`]. Any other `v` is
//!    [`SignatureError::InvalidRecoveryId`]. `r`/`s` must be in `1..n`
//!    ([`SignatureError::ScalarOutOfRange`]) and `s <= n/2` ([`SignatureError::HighS`]); a
//!    high-s signature is **never** silently normalised (EIP-2; USDC's `ECRecover` and
//!    OpenZeppelin `ECDSA` revert on it, so accepting it would pass verification and fail
//!    settlement).
//! 3. **64 bytes** (EIP-2098 compact `r ‖ yParityAndS`): see [`CompactSignaturePolicy`]. By
//!    default they are classified [`ClassifiedSignature::SmartWallet`], not EOA.
//! 4. **Any other non-empty length** is [`ClassifiedSignature::SmartWallet`]: its validity can
//!    only be established on chain (ERC-1271 `isValidSignature`, or simulation). Empty input is
//!    [`SignatureError::Empty`].
//!
//! "EOA" here is a statement about the *shape* of the bytes. Whether the payer actually is an
//! externally owned account needs `eth_getCode` (TS rejects a failing 65-byte signature even
//! from a deployed contract; Go/Py defer any address with code to simulation — docs/protocol/disagreements.md #29).
//! A caller that wants to support contract wallets whose 65-byte signatures use non-ECDSA `v`
//! values (e.g. Safe's `v > 30` `eth_sign` form) can treat
//! [`SignatureError::InvalidRecoveryId`] as "smart-wallet bytes" and go to ERC-1271.
//!
//! # EIP-2098 decision
//!
//! * USDC (`FiatTokenV2_2`, both `transferWithAuthorization` overloads and `permit`) verifies
//!   EOA signatures with Circle's `ECRecover.recover(bytes32, bytes)`, which `require`s
//!   `signature.length == 65` and `v ∈ {27, 28}`; OpenZeppelin 5.x `ECDSA.recover(bytes32,
//!   bytes)`/`SignatureChecker` likewise accept only 65 bytes (64-byte support was removed in
//!   4.7.3 after the compact-signature malleability advisory). A 64-byte EOA signature therefore
//!   **reverts** the EIP-3009 settlement, and viem's universal validator (used by the TS
//!   facilitator) rejects it too.
//! * Uniswap Permit2's `SignatureVerification.verify` *does* expand a 64-byte EIP-2098 signature
//!   for an EOA, so a compact signature over a Permit2 digest would settle.
//!
//! Hence the default [`CompactSignaturePolicy::SmartWallet`]: 64 bytes go to the on-chain
//! (ERC-1271 / simulation) path, which is correct for EIP-3009 and EIP-2612 and only
//! conservative for Permit2 (a compact EOA signature over a Permit2 digest is reported invalid
//! instead of valid; no SDK client produces one). A Permit2 verifier that wants Permit2's exact
//! on-chain behaviour may use [`classify_signature_with`] and
//! [`CompactSignaturePolicy::Eoa`].
//!
//! # Recovery backends
//!
//! [`recover_signer`] uses [`RecoveryBackend::DEFAULT`]: libsecp256k1 (C, via the `secp256k1`
//! crate) when this crate's `secp256k1` feature is on, otherwise the pure-Rust `k256`. The
//! backend is chosen explicitly here instead of relying on
//! `alloy_primitives::Signature::recover_address_from_prehash`, whose choice depends on whether
//! *any* crate in the build enabled `alloy-primitives/secp256k1` (feature unification); both
//! backends give identical results (tested) and both silently normalise high-s, which is why
//! [`EcdsaSignature`] rejects high-s before recovery ever runs.

use core::fmt;

use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::{SolType, sol_data};

use super::constants::{ERC6492_MAGIC_SUFFIX, SECP256K1_HALF_N, SECP256K1_N};

/// Length of an `r ‖ s ‖ v` signature.
pub const RSV_SIGNATURE_LEN: usize = 65;
/// Length of an EIP-2098 compact `r ‖ yParityAndS` signature.
pub const COMPACT_SIGNATURE_LEN: usize = 64;

/// Which of the two ECDSA scalars is meant by [`SignatureError::ScalarOutOfRange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// The `r` component.
    R,
    /// The `s` component.
    S,
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::R => "r",
            Self::S => "s",
        })
    }
}

/// Errors of signature parsing, classification and recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The signature is empty.
    Empty,
    /// A fixed-length parser got the wrong number of bytes.
    InvalidLength {
        /// Required length.
        expected: usize,
        /// Length received.
        actual: usize,
    },
    /// A 65-byte signature whose `v` is none of 0, 1, 27, 28.
    InvalidRecoveryId {
        /// The `v` byte found.
        v: u8,
    },
    /// `r` or `s` is zero or not below the group order `n`.
    ScalarOutOfRange {
        /// Which scalar.
        scalar: Scalar,
    },
    /// `s > n/2`: the malleable twin of a valid signature (EIP-2). Not normalised.
    HighS,
    /// The bytes end with the ERC-6492 magic suffix but the prefix is not a valid ABI encoding
    /// of `(address, bytes, bytes)`.
    MalformedErc6492 {
        /// Decoder message.
        reason: String,
    },
    /// The inner signature of an ERC-6492 wrapper is itself ERC-6492-wrapped.
    NestedErc6492,
    /// The curve arithmetic found no public key for this signature and digest.
    RecoveryFailed {
        /// Backend message.
        reason: String,
    },
    /// The requested recovery backend is not compiled in (enable the `secp256k1` feature).
    BackendUnavailable {
        /// The backend asked for.
        backend: RecoveryBackend,
    },
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("signature is empty"),
            Self::InvalidLength { expected, actual } => {
                write!(f, "signature must be {expected} bytes, got {actual}")
            }
            Self::InvalidRecoveryId { v } => {
                write!(f, "signature v byte is {v}, expected 27, 28, 0 or 1")
            }
            Self::ScalarOutOfRange { scalar } => write!(
                f,
                "signature {scalar} is zero or not below the secp256k1 group order"
            ),
            Self::HighS => f.write_str(
                "signature s is in the upper half of the curve order (malleable high-s form)",
            ),
            Self::MalformedErc6492 { reason } => write!(
                f,
                "signature has the ERC-6492 magic suffix but is not abi.encode(address,bytes,bytes): {reason}"
            ),
            Self::NestedErc6492 => {
                f.write_str("ERC-6492 inner signature is itself ERC-6492-wrapped")
            }
            Self::RecoveryFailed { reason } => {
                write!(
                    f,
                    "could not recover a public key from the signature: {reason}"
                )
            }
            Self::BackendUnavailable { backend } => write!(
                f,
                "recovery backend {} is not compiled in (enable the `secp256k1` feature)",
                backend.name()
            ),
        }
    }
}

impl std::error::Error for SignatureError {}

/// How the `v` / parity of an [`EcdsaSignature`] was encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureForm {
    /// 65 bytes with `v ∈ {27, 28}` (viem, eth-account, the Go signer; what
    /// [`EcdsaSignature::to_rsv_bytes`] emits).
    Electrum,
    /// 65 bytes with a raw y-parity `v ∈ {0, 1}`.
    YParity,
    /// 64-byte EIP-2098 compact form (only with [`CompactSignaturePolicy::Eoa`]).
    Compact,
    /// Built from separate scalars (e.g. an EIP-1559 transaction's `yParity, r, s`).
    Parts,
}

/// A syntactically valid, non-malleable secp256k1 ECDSA signature: `1 <= r < n`,
/// `1 <= s <= n/2`, plus the y-parity of the nonce point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EcdsaSignature {
    r: U256,
    s: U256,
    y_parity: bool,
    form: SignatureForm,
}

impl EcdsaSignature {
    /// Builds a signature from its scalars, enforcing the range and low-s rules.
    pub fn from_scalars(r: U256, s: U256, y_parity: bool) -> Result<Self, SignatureError> {
        Self::checked(r, s, y_parity, SignatureForm::Parts)
    }

    fn checked(
        r: U256,
        s: U256,
        y_parity: bool,
        form: SignatureForm,
    ) -> Result<Self, SignatureError> {
        if r.is_zero() || r >= SECP256K1_N {
            return Err(SignatureError::ScalarOutOfRange { scalar: Scalar::R });
        }
        if s.is_zero() || s >= SECP256K1_N {
            return Err(SignatureError::ScalarOutOfRange { scalar: Scalar::S });
        }
        if s > SECP256K1_HALF_N {
            return Err(SignatureError::HighS);
        }
        Ok(Self {
            r,
            s,
            y_parity,
            form,
        })
    }

    /// Parses 65 bytes `r ‖ s ‖ v` with `v ∈ {27, 28, 0, 1}`.
    pub fn from_rsv(bytes: &[u8]) -> Result<Self, SignatureError> {
        let arr: &[u8; RSV_SIGNATURE_LEN] =
            bytes
                .try_into()
                .map_err(|_| SignatureError::InvalidLength {
                    expected: RSV_SIGNATURE_LEN,
                    actual: bytes.len(),
                })?;
        let (r, rest) = arr
            .split_first_chunk::<32>()
            .ok_or(SignatureError::InvalidLength {
                expected: RSV_SIGNATURE_LEN,
                actual: bytes.len(),
            })?;
        let (s, v) = rest
            .split_first_chunk::<32>()
            .ok_or(SignatureError::InvalidLength {
                expected: RSV_SIGNATURE_LEN,
                actual: bytes.len(),
            })?;
        let v = v.first().copied().unwrap_or_default();
        let (y_parity, form) = match v {
            27 => (false, SignatureForm::Electrum),
            28 => (true, SignatureForm::Electrum),
            0 => (false, SignatureForm::YParity),
            1 => (true, SignatureForm::YParity),
            v => return Err(SignatureError::InvalidRecoveryId { v }),
        };
        Self::checked(
            U256::from_be_bytes(*r),
            U256::from_be_bytes(*s),
            y_parity,
            form,
        )
    }

    /// Parses a 64-byte EIP-2098 compact signature `r ‖ (yParity << 255 | s)`.
    pub fn from_eip2098(bytes: &[u8]) -> Result<Self, SignatureError> {
        let arr: &[u8; COMPACT_SIGNATURE_LEN] =
            bytes
                .try_into()
                .map_err(|_| SignatureError::InvalidLength {
                    expected: COMPACT_SIGNATURE_LEN,
                    actual: bytes.len(),
                })?;
        let (r, vs) = arr
            .split_first_chunk::<32>()
            .ok_or(SignatureError::InvalidLength {
                expected: COMPACT_SIGNATURE_LEN,
                actual: bytes.len(),
            })?;
        let mut s = U256::from_be_slice(vs);
        let y_parity = s.bit(255);
        s.set_bit(255, false);
        Self::checked(U256::from_be_bytes(*r), s, y_parity, SignatureForm::Compact)
    }

    /// `r` as 32 big-endian bytes.
    pub fn r(&self) -> B256 {
        B256::from(self.r)
    }

    /// `s` as 32 big-endian bytes.
    pub fn s(&self) -> B256 {
        B256::from(self.s)
    }

    /// The y-parity of the nonce point (`false` = even).
    pub fn y_parity(&self) -> bool {
        self.y_parity
    }

    /// `v` in the 27/28 form that `ecrecover`, USDC's `transferWithAuthorization(..., uint8 v,
    /// ...)` and EIP-2612 `permit` expect (Go normalises 0/1 the same way; TS passes a 0/1 `v`
    /// through, which such contracts reject).
    pub fn v(&self) -> u8 {
        if self.y_parity { 28 } else { 27 }
    }

    /// How this signature was encoded when it was parsed.
    pub fn form(&self) -> SignatureForm {
        self.form
    }

    /// Canonical 65-byte `r ‖ s ‖ v` with `v ∈ {27, 28}`.
    pub fn to_rsv_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; RSV_SIGNATURE_LEN];
        let (r, rest) = out.split_at_mut(32);
        r.copy_from_slice(&self.r.to_be_bytes::<32>());
        let (s, v) = rest.split_at_mut(32);
        s.copy_from_slice(&self.s.to_be_bytes::<32>());
        if let Some(v_out) = v.first_mut() {
            *v_out = self.v();
        }
        out
    }

    /// The bytes this signature was parsed from (same length and `v` convention); signatures
    /// built from parts are returned in the canonical 27/28 form.
    pub fn to_original_bytes(&self) -> Bytes {
        match self.form {
            SignatureForm::Compact => {
                let mut out = [0u8; COMPACT_SIGNATURE_LEN];
                let (r, vs) = out.split_at_mut(32);
                r.copy_from_slice(&self.r.to_be_bytes::<32>());
                let mut packed = self.s;
                packed.set_bit(255, self.y_parity);
                vs.copy_from_slice(&packed.to_be_bytes::<32>());
                Bytes::copy_from_slice(&out)
            }
            SignatureForm::YParity => {
                let mut out = self.to_rsv_bytes();
                if let Some(v) = out.last_mut() {
                    *v = u8::from(self.y_parity);
                }
                Bytes::copy_from_slice(&out)
            }
            SignatureForm::Electrum | SignatureForm::Parts => {
                Bytes::copy_from_slice(&self.to_rsv_bytes())
            }
        }
    }

    /// The equivalent `alloy_primitives::Signature`.
    pub fn to_alloy(&self) -> alloy_primitives::Signature {
        alloy_primitives::Signature::new(self.r, self.s, self.y_parity)
    }

    /// Recovers the signer of `digest` with the default backend (see [`recover_signer`]).
    pub fn recover(&self, digest: B256) -> Result<Address, SignatureError> {
        recover_signer(digest, self)
    }
}

/// What to do with 64-byte (EIP-2098 compact) signatures; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CompactSignaturePolicy {
    /// Treat them as opaque smart-wallet bytes (USDC / OpenZeppelin 5 / viem behaviour).
    #[default]
    SmartWallet,
    /// Parse them as EOA signatures (Uniswap Permit2 `SignatureVerification` behaviour).
    Eoa,
}

/// Result of [`classify_signature`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClassifiedSignature {
    /// An ECDSA signature that can be checked locally with [`recover_signer`].
    Eoa(EcdsaSignature),
    /// An ERC-6492 wrapper for a counterfactual smart wallet.
    Erc6492 {
        /// Factory to call to deploy the wallet (`0x0` means "no deployment needed": TS and Go
        /// then ignore the factory, see [`ClassifiedSignature::deployment`]).
        factory: Address,
        /// Calldata of the deployment call.
        factory_calldata: Bytes,
        /// The unwrapped signature bytes, as handed to the token / ERC-1271 after deployment.
        inner: Bytes,
        /// Classification of [`inner`](ClassifiedSignature::Erc6492::inner); never `Erc6492`.
        inner_classified: Box<ClassifiedSignature>,
    },
    /// Bytes only an ERC-1271 `isValidSignature` call (or a simulation) can judge.
    SmartWallet(Bytes),
}

impl ClassifiedSignature {
    /// The ECDSA signature usable for local recovery: the EOA signature itself, or the ECDSA
    /// signature inside an ERC-6492 wrapper.
    pub fn ecdsa(&self) -> Option<&EcdsaSignature> {
        match self {
            Self::Eoa(sig) => Some(sig),
            Self::Erc6492 {
                inner_classified, ..
            } => inner_classified.ecdsa(),
            Self::SmartWallet(_) => None,
        }
    }

    /// The signature bytes to pass to the token or wallet: ERC-6492 unwrapped (TS/Go settle
    /// with the unwrapped signature), EOA signatures in the form they were received.
    pub fn unwrapped_bytes(&self) -> Bytes {
        match self {
            Self::Eoa(sig) => sig.to_original_bytes(),
            Self::Erc6492 { inner, .. } => inner.clone(),
            Self::SmartWallet(bytes) => bytes.clone(),
        }
    }

    /// `(factory, factoryCalldata)` when this is an ERC-6492 wrapper with a non-zero factory,
    /// i.e. when a deployment may be needed (TS `parseErc6492Signature` + factory ≠ 0x0).
    pub fn deployment(&self) -> Option<(Address, &Bytes)> {
        match self {
            Self::Erc6492 {
                factory,
                factory_calldata,
                ..
            } if !factory.is_zero() => Some((*factory, factory_calldata)),
            _ => None,
        }
    }
}

/// Whether `bytes` ends with the ERC-6492 magic suffix.
pub fn is_erc6492(bytes: &[u8]) -> bool {
    bytes.ends_with(ERC6492_MAGIC_SUFFIX.as_slice())
}

type Erc6492Params = (sol_data::Address, sol_data::Bytes, sol_data::Bytes);

/// Wraps `inner` for a counterfactual wallet: `abi.encode(factory, factoryCalldata, inner) ‖
/// magic` (EIP-6492).
pub fn encode_erc6492(factory: Address, factory_calldata: &[u8], inner: &[u8]) -> Bytes {
    let mut out = <Erc6492Params as SolType>::abi_encode_params(&(
        factory,
        Bytes::copy_from_slice(factory_calldata),
        Bytes::copy_from_slice(inner),
    ));
    out.extend_from_slice(ERC6492_MAGIC_SUFFIX.as_slice());
    Bytes::from(out)
}

/// Classifies signature bytes with the default [`CompactSignaturePolicy`]; see the module docs.
pub fn classify_signature(bytes: &[u8]) -> Result<ClassifiedSignature, SignatureError> {
    classify_signature_with(bytes, CompactSignaturePolicy::default())
}

/// Classifies signature bytes with an explicit policy for 64-byte signatures.
pub fn classify_signature_with(
    bytes: &[u8],
    policy: CompactSignaturePolicy,
) -> Result<ClassifiedSignature, SignatureError> {
    let Some(prefix) = bytes.strip_suffix(ERC6492_MAGIC_SUFFIX.as_slice()) else {
        return classify_plain(bytes, policy);
    };
    let (factory, factory_calldata, inner) =
        <Erc6492Params as SolType>::abi_decode_params_validate(prefix).map_err(|e| {
            SignatureError::MalformedErc6492 {
                reason: e.to_string(),
            }
        })?;
    if is_erc6492(&inner) {
        return Err(SignatureError::NestedErc6492);
    }
    let inner_classified = Box::new(classify_plain(&inner, policy)?);
    Ok(ClassifiedSignature::Erc6492 {
        factory,
        factory_calldata,
        inner,
        inner_classified,
    })
}

fn classify_plain(
    bytes: &[u8],
    policy: CompactSignaturePolicy,
) -> Result<ClassifiedSignature, SignatureError> {
    match (bytes.len(), policy) {
        (0, _) => Err(SignatureError::Empty),
        (RSV_SIGNATURE_LEN, _) => EcdsaSignature::from_rsv(bytes).map(ClassifiedSignature::Eoa),
        (COMPACT_SIGNATURE_LEN, CompactSignaturePolicy::Eoa) => {
            EcdsaSignature::from_eip2098(bytes).map(ClassifiedSignature::Eoa)
        }
        _ => Ok(ClassifiedSignature::SmartWallet(Bytes::copy_from_slice(
            bytes,
        ))),
    }
}

/// secp256k1 implementation used for public-key recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecoveryBackend {
    /// RustCrypto `k256` (pure Rust); always available.
    K256,
    /// Bitcoin Core's libsecp256k1 (C) via the `secp256k1` crate; needs the `secp256k1` feature.
    Secp256k1,
}

impl RecoveryBackend {
    /// The backend [`recover_signer`] uses: [`Self::Secp256k1`] when the `secp256k1` feature is
    /// enabled, [`Self::K256`] otherwise.
    pub const DEFAULT: Self = if cfg!(feature = "secp256k1") {
        Self::Secp256k1
    } else {
        Self::K256
    };

    /// Whether this backend is compiled in.
    pub const fn is_available(self) -> bool {
        match self {
            Self::K256 => true,
            Self::Secp256k1 => cfg!(feature = "secp256k1"),
        }
    }

    /// Short name (`"k256"` / `"secp256k1"`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::K256 => "k256",
            Self::Secp256k1 => "secp256k1",
        }
    }
}

/// Recovers the address that signed the EIP-712 / transaction `digest`, with
/// [`RecoveryBackend::DEFAULT`]. The signature is already range- and low-s-checked by
/// construction of [`EcdsaSignature`].
pub fn recover_signer(digest: B256, sig: &EcdsaSignature) -> Result<Address, SignatureError> {
    recover_signer_with(RecoveryBackend::DEFAULT, digest, sig)
}

/// [`recover_signer`] with an explicit backend (benchmarks, cross-checks).
pub fn recover_signer_with(
    backend: RecoveryBackend,
    digest: B256,
    sig: &EcdsaSignature,
) -> Result<Address, SignatureError> {
    let alloy_sig = sig.to_alloy();
    match backend {
        RecoveryBackend::K256 => alloy_sig
            .recover_from_prehash(&digest)
            .map(|vk| Address::from_public_key(&vk))
            .map_err(|e| SignatureError::RecoveryFailed {
                reason: e.to_string(),
            }),
        RecoveryBackend::Secp256k1 => recover_secp256k1(&alloy_sig, digest),
    }
}

#[cfg(feature = "secp256k1")]
fn recover_secp256k1(
    sig: &alloy_primitives::Signature,
    digest: B256,
) -> Result<Address, SignatureError> {
    let pk = sig.recover_from_prehash_secp256k1(&digest).map_err(|e| {
        SignatureError::RecoveryFailed {
            reason: e.to_string(),
        }
    })?;
    let uncompressed = pk.serialize_uncompressed();
    let (_, xy) = uncompressed
        .split_first()
        .ok_or(SignatureError::RecoveryFailed {
            reason: "empty public key encoding".to_owned(),
        })?;
    let hash = alloy_primitives::keccak256(xy);
    let (_, addr) = hash
        .0
        .split_last_chunk::<20>()
        .ok_or(SignatureError::RecoveryFailed {
            reason: "short public key hash".to_owned(),
        })?;
    Ok(Address::from(*addr))
}

#[cfg(not(feature = "secp256k1"))]
fn recover_secp256k1(
    _sig: &alloy_primitives::Signature,
    _digest: B256,
) -> Result<Address, SignatureError> {
    Err(SignatureError::BackendUnavailable {
        backend: RecoveryBackend::Secp256k1,
    })
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
    use crate::evm::test_vectors as tv;
    use alloy_primitives::{address, hex};
    use proptest::prelude::*;

    const ALL_BACKENDS: [RecoveryBackend; 2] = [RecoveryBackend::K256, RecoveryBackend::Secp256k1];

    fn eoa(bytes: &[u8]) -> EcdsaSignature {
        match classify_signature(bytes).unwrap() {
            ClassifiedSignature::Eoa(sig) => sig,
            other => panic!("expected EOA, got {other:?}"),
        }
    }

    #[test]
    fn golden_signatures_recover_on_every_available_backend() {
        let cases = [
            (tv::SPEC_DIGEST, tv::SPEC_SIGNATURE, tv::SPEC_PAYER),
            (tv::V1_DIGEST, tv::V1_SIGNATURE, tv::TEST_ADDRESS),
            (tv::V2_DIGEST, tv::V2_SIGNATURE, tv::TEST_ADDRESS),
            (tv::V3_DIGEST, tv::V3_SIGNATURE, tv::TEST_ADDRESS),
            (tv::V4_DIGEST, tv::V4_SIGNATURE, tv::TEST_ADDRESS),
            // The spec's Permit2 example re-uses the EIP-3009 signature: under the Permit2
            // digest (same message as fresh vector 2) it recovers to a stranger, not the payer.
            (
                tv::V2_DIGEST,
                tv::SPEC_SIGNATURE,
                tv::SPEC_PERMIT2_EXAMPLE_RECOVERS_TO,
            ),
        ];
        for (digest, sig, expected) in cases {
            let sig = eoa(&sig);
            assert_eq!(sig.form(), SignatureForm::Electrum);
            assert_eq!(recover_signer(digest, &sig).unwrap(), expected);
            for backend in ALL_BACKENDS {
                match recover_signer_with(backend, digest, &sig) {
                    Ok(addr) => assert_eq!(addr, expected, "{backend:?}"),
                    Err(SignatureError::BackendUnavailable { .. }) => {
                        assert!(!backend.is_available());
                    }
                    Err(e) => panic!("{backend:?}: {e}"),
                }
            }
        }
        assert_ne!(tv::SPEC_PERMIT2_EXAMPLE_RECOVERS_TO, tv::SPEC_PAYER);
    }

    #[test]
    fn default_backend_follows_the_feature() {
        assert!(RecoveryBackend::DEFAULT.is_available());
        assert_eq!(
            RecoveryBackend::DEFAULT == RecoveryBackend::Secp256k1,
            cfg!(feature = "secp256k1")
        );
    }

    #[test]
    fn v_zero_one_is_accepted_and_recorded() {
        let mut raw = tv::V1_SIGNATURE;
        raw[64] -= 27;
        let sig = eoa(&raw);
        assert_eq!(sig.form(), SignatureForm::YParity);
        assert_eq!(sig.v(), tv::V1_SIGNATURE[64]);
        assert_eq!(sig.to_rsv_bytes(), tv::V1_SIGNATURE);
        assert_eq!(sig.to_original_bytes().as_ref(), &raw[..]);
        assert_eq!(
            recover_signer(tv::V1_DIGEST, &sig).unwrap(),
            tv::TEST_ADDRESS
        );
    }

    #[test]
    fn other_v_values_are_rejected() {
        for v in [2u8, 26, 29, 35, 36, 255] {
            let mut raw = tv::V1_SIGNATURE;
            raw[64] = v;
            assert_eq!(
                classify_signature(&raw),
                Err(SignatureError::InvalidRecoveryId { v })
            );
        }
    }

    #[test]
    fn high_s_is_rejected_not_normalised() {
        let sig = eoa(&tv::V1_SIGNATURE);
        let high_s = SECP256K1_N - U256::from_be_bytes(sig.s().0);
        let mut raw = tv::V1_SIGNATURE;
        raw[32..64].copy_from_slice(&high_s.to_be_bytes::<32>());
        raw[64] = if raw[64] == 27 { 28 } else { 27 };
        // alloy would happily recover the payer from this malleable twin:
        let twin = alloy_primitives::Signature::from_raw(&raw).unwrap();
        assert_eq!(
            twin.recover_address_from_prehash(&tv::V1_DIGEST).unwrap(),
            tv::TEST_ADDRESS
        );
        // we refuse it.
        assert_eq!(classify_signature(&raw), Err(SignatureError::HighS));
        // Boundary: s = n/2 is the largest valid s, n/2 + 1 the smallest invalid one.
        let mut raw = tv::V1_SIGNATURE;
        raw[32..64].copy_from_slice(&SECP256K1_HALF_N.to_be_bytes::<32>());
        assert!(EcdsaSignature::from_rsv(&raw).is_ok());
        raw[32..64].copy_from_slice(&(SECP256K1_HALF_N + U256::from(1u8)).to_be_bytes::<32>());
        assert_eq!(EcdsaSignature::from_rsv(&raw), Err(SignatureError::HighS));
    }

    #[test]
    fn scalars_out_of_range_are_rejected() {
        let r_zero = EcdsaSignature::from_scalars(U256::ZERO, U256::from(1u8), false);
        assert_eq!(
            r_zero,
            Err(SignatureError::ScalarOutOfRange { scalar: Scalar::R })
        );
        let r_n = EcdsaSignature::from_scalars(SECP256K1_N, U256::from(1u8), false);
        assert_eq!(
            r_n,
            Err(SignatureError::ScalarOutOfRange { scalar: Scalar::R })
        );
        let s_zero = EcdsaSignature::from_scalars(U256::from(1u8), U256::ZERO, false);
        assert_eq!(
            s_zero,
            Err(SignatureError::ScalarOutOfRange { scalar: Scalar::S })
        );
        let s_n = EcdsaSignature::from_scalars(U256::from(1u8), SECP256K1_N, true);
        assert_eq!(
            s_n,
            Err(SignatureError::ScalarOutOfRange { scalar: Scalar::S })
        );
        let s_max = EcdsaSignature::from_scalars(U256::from(1u8), U256::MAX, true);
        assert_eq!(
            s_max,
            Err(SignatureError::ScalarOutOfRange { scalar: Scalar::S })
        );
        let ok = EcdsaSignature::from_scalars(SECP256K1_N - U256::from(1u8), U256::from(1u8), true);
        assert!(ok.is_ok());
    }

    #[test]
    fn lengths_classify_as_documented() {
        assert_eq!(classify_signature(&[]), Err(SignatureError::Empty));
        for len in [1usize, 63, 64, 66, 130, 200] {
            let bytes = vec![0x11u8; len];
            assert_eq!(
                classify_signature(&bytes).unwrap(),
                ClassifiedSignature::SmartWallet(Bytes::from(bytes.clone())),
                "len {len}"
            );
        }
    }

    #[test]
    fn eip2098_policy() {
        let sig = eoa(&tv::V1_SIGNATURE);
        let mut compact = [0u8; 64];
        compact[..32].copy_from_slice(sig.r().as_slice());
        compact[32..].copy_from_slice(sig.s().as_slice());
        if sig.y_parity() {
            compact[32] |= 0x80;
        }
        // Default: smart-wallet bytes.
        assert_eq!(
            classify_signature(&compact).unwrap(),
            ClassifiedSignature::SmartWallet(Bytes::copy_from_slice(&compact))
        );
        // Permit2 policy: an EOA signature equal to the 65-byte one.
        let parsed = match classify_signature_with(&compact, CompactSignaturePolicy::Eoa).unwrap() {
            ClassifiedSignature::Eoa(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(parsed.form(), SignatureForm::Compact);
        assert_eq!(parsed.to_rsv_bytes(), tv::V1_SIGNATURE);
        assert_eq!(parsed.to_original_bytes().as_ref(), &compact[..]);
        assert_eq!(parsed.recover(tv::V1_DIGEST).unwrap(), tv::TEST_ADDRESS);
        // High-s cannot sneak in through the compact form either (n/2 < s < 2^255 still fits
        // under the parity bit).
        let high_s = SECP256K1_HALF_N + U256::from(1u8);
        compact[32..].copy_from_slice(&high_s.to_be_bytes::<32>());
        assert_eq!(
            EcdsaSignature::from_eip2098(&compact),
            Err(SignatureError::HighS)
        );
        assert_eq!(
            EcdsaSignature::from_eip2098(&[0u8; 65]),
            Err(SignatureError::InvalidLength {
                expected: 64,
                actual: 65
            })
        );
    }

    #[test]
    fn erc6492_round_trip_and_inner_classification() {
        let factory = address!("0x0000000000000000000000000000000000000fac");
        let calldata = hex!("deadbeef01");
        let wrapped = encode_erc6492(factory, &calldata, &tv::V1_SIGNATURE);
        assert!(is_erc6492(&wrapped));
        let classified = classify_signature(&wrapped).unwrap();
        let ClassifiedSignature::Erc6492 {
            factory: f,
            factory_calldata,
            inner,
            inner_classified,
        } = &classified
        else {
            panic!("{classified:?}");
        };
        assert_eq!(*f, factory);
        assert_eq!(factory_calldata.as_ref(), &calldata[..]);
        assert_eq!(inner.as_ref(), &tv::V1_SIGNATURE[..]);
        assert!(matches!(**inner_classified, ClassifiedSignature::Eoa(_)));
        assert_eq!(classified.deployment(), Some((factory, factory_calldata)));
        assert_eq!(classified.unwrapped_bytes().as_ref(), &tv::V1_SIGNATURE[..]);
        assert_eq!(
            classified.ecdsa().unwrap().recover(tv::V1_DIGEST).unwrap(),
            tv::TEST_ADDRESS
        );

        // Zero factory: still a wrapper, but no deployment.
        let wrapped = encode_erc6492(Address::ZERO, &[], &[7u8; 100]);
        let classified = classify_signature(&wrapped).unwrap();
        assert_eq!(classified.deployment(), None);
        assert_eq!(classified.ecdsa(), None);
        assert_eq!(classified.unwrapped_bytes().as_ref(), &[7u8; 100][..]);
    }

    #[test]
    fn erc6492_malformed_and_nested_are_errors() {
        // Just the magic.
        let err = classify_signature(ERC6492_MAGIC_SUFFIX.as_slice()).unwrap_err();
        assert!(
            matches!(err, SignatureError::MalformedErc6492 { .. }),
            "{err}"
        );
        // Garbage prefix.
        let mut bad = vec![0xffu8; 40];
        bad.extend_from_slice(ERC6492_MAGIC_SUFFIX.as_slice());
        assert!(matches!(
            classify_signature(&bad),
            Err(SignatureError::MalformedErc6492 { .. })
        ));
        // Dirty address padding is rejected by the validating decoder.
        let good = encode_erc6492(Address::ZERO, &[], &tv::V1_SIGNATURE);
        let mut dirty = good.to_vec();
        dirty[0] = 1;
        assert!(matches!(
            classify_signature(&dirty),
            Err(SignatureError::MalformedErc6492 { .. })
        ));
        // Nested wrapper.
        let nested = encode_erc6492(Address::ZERO, &[], &good);
        assert_eq!(
            classify_signature(&nested),
            Err(SignatureError::NestedErc6492)
        );
        // Inner errors propagate.
        let mut high_v = tv::V1_SIGNATURE;
        high_v[64] = 31;
        let wrapped = encode_erc6492(Address::ZERO, &[], &high_v);
        assert_eq!(
            classify_signature(&wrapped),
            Err(SignatureError::InvalidRecoveryId { v: 31 })
        );
        let wrapped = encode_erc6492(Address::ZERO, &[], &[]);
        assert_eq!(classify_signature(&wrapped), Err(SignatureError::Empty));
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(SignatureError::HighS.to_string().contains("high-s"));
        assert!(
            SignatureError::InvalidRecoveryId { v: 3 }
                .to_string()
                .contains("v byte is 3")
        );
        assert!(
            SignatureError::ScalarOutOfRange { scalar: Scalar::R }
                .to_string()
                .contains("signature r")
        );
    }

    proptest! {
        #[test]
        fn classify_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = classify_signature(&bytes);
            let _ = classify_signature_with(&bytes, CompactSignaturePolicy::Eoa);
        }

        #[test]
        fn classify_never_panics_on_6492_suffix(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut b = bytes;
            b.extend_from_slice(ERC6492_MAGIC_SUFFIX.as_slice());
            let _ = classify_signature(&b);
        }

        #[test]
        fn rsv_round_trip(r in any::<[u8; 32]>(), s in any::<[u8; 32]>(), v in prop::sample::select(vec![0u8, 1, 27, 28])) {
            let mut raw = [0u8; 65];
            raw[..32].copy_from_slice(&r);
            raw[32..64].copy_from_slice(&s);
            raw[64] = v;
            if let Ok(sig) = EcdsaSignature::from_rsv(&raw) {
                let original = sig.to_original_bytes();
                prop_assert_eq!(original.as_ref(), &raw[..]);
                prop_assert_eq!(sig.v(), 27 + (v % 27));
                // Recovery may fail (no curve point for r) but must not panic.
                let _ = recover_signer(B256::from(r), &sig);
            }
        }

        #[test]
        fn erc6492_round_trip_prop(
            factory in any::<[u8; 20]>(),
            calldata in proptest::collection::vec(any::<u8>(), 0..100),
            inner in proptest::collection::vec(any::<u8>(), 1..100),
        ) {
            prop_assume!(inner.len() != 65 && !is_erc6492(&inner));
            let wrapped = encode_erc6492(Address::from(factory), &calldata, &inner);
            let c = classify_signature(&wrapped).unwrap();
            let unwrapped = c.unwrapped_bytes();
            prop_assert_eq!(unwrapped.as_ref(), &inner[..]);
        }
    }
}
