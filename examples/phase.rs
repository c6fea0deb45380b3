//! Times the phases of start-up and of a one-shot search (development aid):
//! `cargo run --release --example phase -- QUERY...`.
use std::time::Instant;
fn main() {
    let queries: Vec<String> = std::env::args().skip(1).collect();
    let queries = if queries.is_empty() {
        vec!["circuit".to_string()]
    } else {
        queries
    };
    for q in &queries {
        let t = Instant::now();
        let (c, _p) = archdeck::corpus::Corpus::embedded();
        let t1 = t.elapsed();
        let i = archdeck::search::Index::new(&c);
        let t2 = t.elapsed();
        let hits = i.query(q, None).len();
        let t3 = t.elapsed();
        println!(
            "{q:?}: load {:?} index {:?} query {:?} ({hits} hits)",
            t1,
            t2 - t1,
            t3 - t2
        );
    }
}
