//! Program-derived addresses and associated token accounts.
//!
//! A program-derived address is `sha256(seeds ‖ bump ‖ program id ‖ "ProgramDerivedAddress")`
//! for the first `bump` from 255 down whose hash is **not** a point of the ed25519 curve (so no
//! private key can sign for it). The associated token account of (owner, mint) under a token
//! program is the PDA of the Associated Token Account program over the seeds
//! `[owner, token program, mint]` — the address `findAssociatedTokenPda` returns in
//! `@solana-program/token-2022`, which the @x402/svm 2.27.0 facilitator compares the transfer's
//! destination with (`@x402/svm 2.27.0 dist/esm/exact/facilitator/index.mjs`, `verifyStaticPath`).
//!
//! The hash is `sha2`'s and the curve test is `curve25519-dalek`'s point decompression.

use curve25519_dalek::edwards::CompressedEdwardsY;
use sha2::{Digest, Sha256};

use crate::assets::solana::ASSOCIATED_TOKEN_PROGRAM_ID;
use crate::primitives::SolanaAddress;

/// Most seeds a derivation takes (the runtime's `MAX_SEEDS`, counting the bump).
pub const MAX_SEEDS: usize = 16;
/// Longest seed (the runtime's `MAX_SEED_LEN`).
pub const MAX_SEED_LEN: usize = 32;
const PDA_MARKER: &[u8] = b"ProgramDerivedAddress";

/// Whether 32 bytes are the compressed form of a point of the ed25519 curve.
#[must_use]
pub fn is_on_curve(bytes: &[u8; 32]) -> bool {
    CompressedEdwardsY(*bytes).decompress().is_some()
}

/// The address for these seeds (bump included) under `program`, or `None` when the seeds are too
/// many or too long, or the hash lies on the curve.
#[must_use]
pub fn create_program_address(seeds: &[&[u8]], program: &SolanaAddress) -> Option<SolanaAddress> {
    if seeds.len() > MAX_SEEDS || seeds.iter().any(|s| s.len() > MAX_SEED_LEN) {
        return None;
    }
    let mut h = Sha256::new();
    for s in seeds {
        h.update(s);
    }
    h.update(program.as_bytes());
    h.update(PDA_MARKER);
    let out: [u8; 32] = h.finalize().into();
    (!is_on_curve(&out)).then_some(SolanaAddress::new(out))
}

/// The canonical program-derived address of `seeds` under `program` and its bump (the first, from
/// 255 down, that gives an off-curve address). `None` only for invalid seeds (or, with
/// probability 2^-256, when every bump lands on the curve).
#[must_use]
pub fn find_program_address(
    seeds: &[&[u8]],
    program: &SolanaAddress,
) -> Option<(SolanaAddress, u8)> {
    if seeds.len() >= MAX_SEEDS {
        return None;
    }
    (0..=u8::MAX).rev().find_map(|bump| {
        let b = [bump];
        let mut with_bump: Vec<&[u8]> = seeds.to_vec();
        with_bump.push(&b);
        create_program_address(&with_bump, program).map(|a| (a, bump))
    })
}

/// The associated token account of `owner` for `mint` under `token_program` (SPL Token or
/// Token-2022), with its bump.
#[must_use]
pub fn associated_token_address(
    owner: &SolanaAddress,
    mint: &SolanaAddress,
    token_program: &SolanaAddress,
) -> Option<(SolanaAddress, u8)> {
    find_program_address(
        &[owner.as_bytes(), token_program.as_bytes(), mint.as_bytes()],
        &ASSOCIATED_TOKEN_PROGRAM_ID,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::assets::solana::{TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MAINNET_ID};

    fn a(s: &str) -> SolanaAddress {
        SolanaAddress::parse(s).unwrap()
    }

    #[test]
    fn derived_addresses_are_off_curve_and_keys_are_on_it() {
        // A public key (the ed25519 base point's encoding) is on the curve.
        let base = curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes();
        assert!(is_on_curve(&base));
        let (ata, bump) = associated_token_address(
            &a("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"),
            &USDC_MAINNET_ID,
            &TOKEN_PROGRAM_ID,
        )
        .unwrap();
        assert!(!is_on_curve(ata.as_bytes()));
        // The canonical bump is the first off-curve one: every higher bump lands on the curve.
        let owner = a("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM");
        for higher in (bump.saturating_add(1)..=255).rev() {
            let seeds: [&[u8]; 4] = [
                owner.as_bytes(),
                TOKEN_PROGRAM_ID.as_bytes(),
                USDC_MAINNET_ID.as_bytes(),
                &[higher],
            ];
            assert!(create_program_address(&seeds, &ASSOCIATED_TOKEN_PROGRAM_ID).is_none());
        }
    }

    #[test]
    fn matches_solana_program_token() {
        // `findAssociatedTokenPda` of @solana-program/token 0.9 for this owner and USDC.
        let (ata, bump) = associated_token_address(
            &a("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"),
            &USDC_MAINNET_ID,
            &TOKEN_PROGRAM_ID,
        )
        .unwrap();
        assert_eq!(
            (ata.to_string().as_str(), bump),
            ("FGETo8T8wMcN2wCjav8VK6eh3dLk63evNDPxzLSJra8B", 254)
        );
    }

    #[test]
    fn token_programs_give_different_accounts() {
        let owner = a("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM");
        let t = associated_token_address(&owner, &USDC_MAINNET_ID, &TOKEN_PROGRAM_ID).unwrap();
        let t22 =
            associated_token_address(&owner, &USDC_MAINNET_ID, &TOKEN_2022_PROGRAM_ID).unwrap();
        assert_ne!(t.0, t22.0);
    }

    #[test]
    fn seed_limits() {
        let long = [0u8; 33];
        assert!(create_program_address(&[&long], &TOKEN_PROGRAM_ID).is_none());
        let many: Vec<&[u8]> = vec![b"x"; 16];
        assert!(find_program_address(&many, &TOKEN_PROGRAM_ID).is_none());
    }
}
