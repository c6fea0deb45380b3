//! Start-up costs: loading the corpus (built-in alone, and with a 10,000-entry user deck read
//! from disk) and building the search index (shipped size and with 100,000 synthetic entries).
//!
//! `cargo bench --bench startup`. Sample sizes are small so that the whole of `cargo bench`
//! runs in a few minutes on two cores; the 100k cases use flat sampling (one run per sample).

use std::hint::black_box;
use std::time::Duration;

use archdeck::corpus::Corpus;
use archdeck::search::Index;
use archdeck::testing::{corpus_with_synthetic, synthetic_deck};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.bench_function("embedded", |b| b.iter(|| black_box(Corpus::embedded())));

    let dir = tempfile::tempdir().expect("temp dir");
    let deck = dir.path().join("synthetic.toml");
    std::fs::write(&deck, synthetic_deck(10_000, 1)).expect("write deck");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("embedded+user_10k", |b| {
        b.iter(|| black_box(Corpus::with_user_decks(&[dir.path()])))
    });
    group.finish();
}

fn bench_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index_new");
    let (shipped, _) = Corpus::embedded();
    group.bench_function("shipped", |b| b.iter(|| black_box(Index::new(&shipped))));

    let big = corpus_with_synthetic(100_000, 1);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("100k", |b| b.iter(|| black_box(Index::new(&big))));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench_load, bench_index
}
criterion_main!(benches);
