//! Times the phases of start-up and of a one-shot search (development aid):
//! `cargo run --release --example phase`.
use std::time::Instant;
fn main() {
    for _ in 0..3 {
        let t = Instant::now();
        let (c, _p) = archdeck::corpus::Corpus::embedded();
        let t1 = t.elapsed();
        let i = archdeck::search::Index::new(&c);
        let t2 = t.elapsed();
        let hits = i.query("circuit", None).len();
        let t3 = t.elapsed();
        println!(
            "load {:?} index {:?} query {:?} ({hits} hits)",
            t1,
            t2 - t1,
            t3 - t2
        );
    }
}
