//! Profiles queries over a 100k-entry synthetic corpus (development aid).
use std::time::Instant;
fn main() {
    let corpus = archdeck::testing::corpus_with_synthetic(100_000, 1);
    let index = archdeck::search::Index::new(&corpus);
    for q in ["c", "ret", "idempotn", "message queue", "ret", "c"].repeat(5) {
        let t = Instant::now();
        let n = index.query(q, None).len();
        println!("{q:>14}: {:?} ({n} hits)", t.elapsed());
    }
}
