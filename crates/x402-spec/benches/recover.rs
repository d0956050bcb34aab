//! Signer-recovery benchmark: docs/protocol/evm.md §4.9 EIP-3009 vector (digest
//! `0x50708d3b…dc86`, signed by `0xf39F…2266`) recovered with each available backend.
//!
//! `cargo bench -p x402-spec --bench recover` measures k256 only;
//! `cargo bench -p x402-spec --bench recover --features secp256k1` measures k256 **and**
//! libsecp256k1 in the same build (both are compiled in; [`RecoveryBackend`] picks one).

use std::hint::black_box;

use alloy_primitives::{U256, address, b256, hex};
use criterion::{Criterion, criterion_group, criterion_main};
use x402_spec::evm::{
    EcdsaSignature, Eip3009Authorization, RecoveryBackend, TokenDomain, classify_signature,
    recover_signer, recover_signer_with,
};

const DIGEST: alloy_primitives::B256 =
    b256!("0x50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86");
const SIGNATURE: [u8; 65] = hex!(
    "dc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b"
);
const SIGNER: alloy_primitives::Address = address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

fn bench_recover(c: &mut Criterion) {
    let Ok(sig) = EcdsaSignature::from_rsv(&SIGNATURE) else {
        return;
    };
    let mut group = c.benchmark_group("recover_eip3009_vector");
    for backend in [RecoveryBackend::K256, RecoveryBackend::Secp256k1] {
        if !backend.is_available() {
            continue;
        }
        // Sanity: a benchmark of a wrong answer is worthless.
        if recover_signer_with(backend, DIGEST, &sig).ok() != Some(SIGNER) {
            continue;
        }
        group.bench_function(backend.name(), |b| {
            b.iter(|| recover_signer_with(backend, black_box(DIGEST), black_box(&sig)))
        });
    }
    group.finish();

    let domain = TokenDomain::new(
        "USDC",
        "2",
        84_532,
        address!("0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
    );
    let auth = Eip3009Authorization {
        from: SIGNER,
        to: address!("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"),
        value: U256::from(10_000u64),
        valid_after: U256::from(1_740_672_089u64),
        valid_before: U256::from(1_740_672_154u64),
        nonce: b256!("0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"),
    };
    c.bench_function(
        &format!(
            "verify_eip3009_end_to_end/{}",
            RecoveryBackend::DEFAULT.name()
        ),
        |b| {
            b.iter(|| {
                let digest = black_box(&auth).hashes(black_box(&domain)).digest;
                let classified = classify_signature(black_box(&SIGNATURE)).ok()?;
                let recovered = recover_signer(digest, classified.ecdsa()?).ok()?;
                Some(recovered == SIGNER)
            })
        },
    );
}

criterion_group!(benches, bench_recover);
criterion_main!(benches);
