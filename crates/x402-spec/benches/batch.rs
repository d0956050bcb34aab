//! `verify_batch` throughput on 1 and 2 threads (feature `rayon`), measured (never asserted):
//! each iteration verifies 1,000 distinct payments of the corpus (`support/corpus.rs`) in a
//! rayon pool built with `num_threads(n)`. The scaling factor is the 1-thread time over the
//! 2-thread time (docs/verification.md).
//!
//! `cargo bench -p x402-spec --features rayon --bench batch`
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used
)]

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::verify::verify_batch;

const BATCH: usize = 1_000;

fn benches(c: &mut Criterion) {
    let all = corpus::build(corpus::SIZE);
    let requests: Vec<FacilitatorRequest> = all.into_iter().map(|e| e.request).collect();
    let policy = corpus::policy();
    let mut g = c.benchmark_group("verify_batch");
    g.warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(20)
        .throughput(Throughput::Elements(BATCH as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        g.bench_function(format!("threads_{threads}"), |b| {
            let mut start = 0;
            b.iter(|| {
                let chunk = &requests[start..start + BATCH];
                start = (start + BATCH) % requests.len();
                let ok = pool.install(|| verify_batch(black_box(chunk), corpus::NOW, &policy));
                ok.iter().filter(|r| r.is_ok()).count()
            });
        });
    }
    g.finish();
}

criterion_group!(batch, benches);
criterion_main!(batch);
