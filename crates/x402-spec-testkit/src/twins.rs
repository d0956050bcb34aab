//! Signature twins: other spellings of a valid signature that a verifier must refuse.

use alloy_primitives::U256;
use x402_spec::evm::constants::SECP256K1_N;

/// The malleable high-s twin of a 65-byte `r ‖ s ‖ v` signature: `s' = n − s` with the recovery
/// parity flipped (`27 ↔ 28`, `0 ↔ 1`). It recovers to the same signer, and EIP-2 / every x402
/// SDK refuse it. Applying it twice gives the signature back.
///
/// `None` if `sig` is not 65 bytes, `s` is zero or not below the curve order `n`, or `v` is not
/// 0, 1, 27 or 28.
#[must_use]
pub fn high_s_twin(sig: &[u8]) -> Option<[u8; 65]> {
    let (rs, v) = sig.split_at_checked(64)?;
    let (r, s) = rs.split_at_checked(32)?;
    let &[v] = v else {
        return None;
    };
    let s = U256::from_be_slice(s);
    if s.is_zero() {
        return None;
    }
    let flipped = match v {
        27 => 28,
        28 => 27,
        0 => 1,
        1 => 0,
        _ => return None,
    };
    let twin = SECP256K1_N.checked_sub(s)?;
    if twin.is_zero() {
        return None;
    }
    let mut out = [0u8; 65];
    let (out_r, out_rest) = out.split_at_mut(32);
    let (out_s, out_v) = out_rest.split_at_mut(32);
    out_r.copy_from_slice(r);
    out_s.copy_from_slice(&twin.to_be_bytes::<32>());
    out_v.copy_from_slice(&[flipped]);
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use alloy_primitives::B256;
    use x402_spec::evm::LocalSigner;

    #[test]
    fn the_twin_is_an_involution_with_the_parity_flipped() {
        let signer = LocalSigner::from_bytes(crate::keys::HARDHAT_0_KEY.as_slice()).unwrap();
        let sig = signer.sign_digest(B256::repeat_byte(7)).unwrap();
        let twin = high_s_twin(&sig).unwrap();
        assert_ne!(twin.as_slice(), &sig[..]);
        assert_eq!(twin.get(..32), sig.get(..32));
        assert_ne!(twin.get(64), sig.get(64));
        assert_eq!(high_s_twin(&twin).unwrap().as_slice(), &sig[..]);
    }

    #[test]
    fn malformed_signatures_have_no_twin() {
        assert!(high_s_twin(&[0u8; 64]).is_none());
        assert!(high_s_twin(&[0u8; 66]).is_none());
        let mut zero_s = [1u8; 65];
        zero_s.get_mut(32..64).unwrap().fill(0);
        zero_s[64] = 27;
        assert!(high_s_twin(&zero_s).is_none());
        let mut bad_v = [1u8; 65];
        bad_v[64] = 29;
        assert!(high_s_twin(&bad_v).is_none());
    }
}
