//! Tuning aid: `cargo run --release --example why -- "query" id1 id2 ...` prints how the query
//! scores each entry, clause by clause and field by field, and the top five.
use archdeck::corpus::Corpus;
use archdeck::search::Index;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    let q = &args[0];
    let hits = index.query(q, None);
    let mut docs: Vec<usize> = hits.iter().take(3).map(|h| h.index).collect();
    for id in &args[1..] {
        if let Some(p) = corpus.position(id) {
            docs.push(p);
        }
    }
    print!("{}", index.debug_scores(q, &docs));
}
