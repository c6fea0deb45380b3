//! One answer's save (`Store::save`: one transaction inserting the review and updating the
//! card, with `synchronous = FULL`) with 0, 10k, 100k and 500k reviews already in the store,
//! loaded through `Store::import` as `archdeck progress import` does.
//!
//! `cargo bench --bench answer`. The figure is dominated by the fsyncs of the commit, so it
//! depends on the disk; what matters is that it does not grow with the history.

use std::hint::black_box;
use std::time::Duration;

use archdeck::progress::{CardRecord, CardState, ReviewLog, Store};
use archdeck::quiz::Rating;
use archdeck::testing::synthetic_progress;
use criterion::{Criterion, criterion_group, criterion_main};
use time::macros::datetime;

fn bench_answer(c: &mut Criterion) {
    let now = datetime!(2026-03-02 09:00 UTC);
    let mut group = c.benchmark_group("answer");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    let sizes: &[usize] = if std::env::var_os("ARCHDECK_BENCH_500K").is_some() {
        &[0, 10_000, 100_000, 500_000]
    } else {
        &[0, 10_000, 100_000]
    };
    for &n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::new(dir.path());
        store.load(now).expect("opens");
        store
            .import(&synthetic_progress(n, now, 7), now)
            .expect("imports");
        let answer = (
            CardRecord {
                card_id: "circuit-breaker/recall".into(),
                entry_id: "circuit-breaker".into(),
                state: CardState::Review,
                due: now + time::Duration::days(3),
                stability: 3.0,
                difficulty: 5.0,
                reps: 1_000_000,
                lapses: 0,
                last_review: now,
                content_hash: "0123abcd".into(),
            },
            ReviewLog {
                id: String::new(),
                card_id: "circuit-breaker/recall".into(),
                rating: Rating::Good,
                at: now,
                interval_days: 3,
            },
        );
        group.bench_function(format!("{}k", n / 1000), |b| {
            b.iter(|| {
                black_box(
                    store
                        .save(std::slice::from_ref(&answer), now)
                        .expect("saves"),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_answer);
criterion_main!(benches);
