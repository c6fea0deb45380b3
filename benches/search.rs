//! One keystroke's search: `Index::query` with queries of 1, 3 and 8 characters, a
//! multi-word query and a description, over the shipped corpus and with 100,000 synthetic
//! entries. Each index is built once, outside the timing loop.
//!
//! `cargo bench --bench search`.

use std::hint::black_box;
use std::time::Duration;

use archdeck::corpus::Corpus;
use archdeck::search::Index;
use archdeck::testing::corpus_with_synthetic;
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

/// (label, query): 1, 3 and 8 characters (the last with a typo), several words, and a
/// description of a problem.
const QUERIES: [(&str, &str); 5] = [
    ("1char", "c"),
    ("3char", "ret"),
    ("8char", "idempotn"),
    ("multiword", "message queue retry"),
    (
        "description",
        "stop hammering a dependency that keeps timing out",
    ),
];

fn bench_queries(c: &mut Criterion, size: &str, index: &Index, flat: bool) {
    let mut group = c.benchmark_group(format!("query_{size}"));
    if flat {
        group.sampling_mode(SamplingMode::Flat);
    }
    for (label, query) in QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(label), query, |b, q| {
            b.iter(|| black_box(index.query(black_box(q), None)))
        });
    }
    group.finish();
}

fn bench_shipped(c: &mut Criterion) {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    bench_queries(c, "shipped", &index, false);
}

fn bench_100k(c: &mut Criterion) {
    let corpus = corpus_with_synthetic(100_000, 1);
    let index = Index::new(&corpus);
    bench_queries(c, "100k", &index, true);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench_shipped, bench_100k
}
criterion_main!(benches);
