//! Times the phases of start-up (development aid): `cargo run --release --example phase`.
use std::time::Instant;
fn main() {
    for _ in 0..3 {
        let t = Instant::now();
        let (c, _p) = archdeck::corpus::Corpus::embedded();
        let t1 = t.elapsed();
        let i = archdeck::search::Index::new(&c);
        let t2 = t.elapsed();
        let cards = archdeck::quiz::cards::generate(&c, 1);
        let t3 = t.elapsed();
        println!(
            "load {:?} index {:?} cards {:?} ({} {})",
            t1,
            t2 - t1,
            t3 - t2,
            i.len(),
            cards.len()
        );
    }
}
