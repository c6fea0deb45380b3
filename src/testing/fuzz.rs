//! The bodies of the fuzz targets in `fuzz/`, as plain functions that a stable toolchain can
//! drive too (`tests/fuzz_loop.rs`), and the invariants they check.

use std::sync::OnceLock;

use crate::corpus::{Corpus, DeckFile, Kind};
use crate::search::Index;

/// The built-in corpus and its index, built once per process for the fuzz bodies.
fn shipped() -> &'static (Corpus, Index) {
    static SHIPPED: OnceLock<(Corpus, Index)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let (corpus, _) = Corpus::embedded();
        let index = Index::new(&corpus);
        (corpus, index)
    })
}

/// Fuzz body: any bytes as a query against the built-in corpus (the first byte picks a kind
/// filter). Panics if the search panics or returns a hit whose `title_chars` are not sorted,
/// unique character positions of the entry's title.
pub fn fuzz_search(data: &[u8]) {
    let (corpus, index) = shipped();
    let (kind, rest) = match data.split_first() {
        Some((&b, rest)) => (Kind::ALL.get(usize::from(b % 8)).copied(), rest),
        None => (None, data),
    };
    check_search(corpus, index, &String::from_utf8_lossy(rest), kind);
}

/// Runs a search and panics unless every hit is listed once, has the kind asked for, and has
/// `title_chars` that are sorted, unique character positions of the entry's title.
pub fn check_search(corpus: &Corpus, index: &Index, query: &str, kind: Option<Kind>) {
    let hits = index.query(query, kind);
    let mut seen = vec![false; corpus.len()];
    for hit in &hits {
        let entry = &corpus.entries()[hit.index];
        assert!(!seen[hit.index], "entry {} listed twice", entry.id);
        seen[hit.index] = true;
        assert!(kind.is_none_or(|k| entry.kind == k), "kind filter ignored");
        let chars = entry.title.chars().count();
        assert!(
            hit.title_chars.windows(2).all(|w| w[0] < w[1]),
            "title_chars not sorted and unique: {:?}",
            hit.title_chars
        );
        assert!(
            hit.title_chars.iter().all(|&c| c < chars),
            "title_chars {:?} beyond the {chars} chars of {:?}",
            hit.title_chars,
            entry.title
        );
    }
}

/// Fuzz body: any bytes as a user deck. Loads it, checks that every diagnostic lies within the
/// text, and hands every accepted entry's Markdown page to `render` with a width taken from the
/// input (the TUI's conversion and wrapping, passed in by the fuzz target and `tests/fuzz_loop.rs`:
/// this module stays below the shells). Panics if anything panics or a diagnostic points
/// outside the text.
pub fn fuzz_deck(data: &[u8], render: &dyn Fn(&str, usize)) {
    let text = String::from_utf8_lossy(data).into_owned();
    let width = data.first().map_or(40, |&b| usize::from(b % 120) + 1);
    let file = DeckFile {
        name: "fuzz.toml".into(),
        text,
        builtin: false,
    };
    let (corpus, problems) = Corpus::load(std::slice::from_ref(&file));
    check_diagnostics(&file.text, &problems);
    for entry in corpus.entries() {
        render(&crate::document::entry_markdown(&corpus, entry), width);
    }
}

/// Panics unless every diagnostic's line and column lie within `text` (a column may point just
/// past the end of its line, where something is missing).
pub fn check_diagnostics(text: &str, problems: &[crate::corpus::Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for p in problems {
        assert!(
            p.line >= 1 && p.line <= lines.len(),
            "{p}: line outside 1..={}",
            lines.len()
        );
        let len = lines[p.line - 1].chars().count();
        assert!(
            p.col >= 1 && p.col <= len + 1,
            "{p}: column outside 1..={}",
            len + 1
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::synthetic_deck;

    #[test]
    fn fuzz_bodies_accept_odd_input() {
        fuzz_search(b"");
        fuzz_search(b"\x01circut brekr");
        fuzz_search("\u{0}\u{202E}日本 ̈".as_bytes());
        fuzz_deck(b"", &|_, _| {});
        fuzz_deck(b"[[entry]]\nid = 3", &|_, _| {});
        fuzz_deck(synthetic_deck(3, 5).as_bytes(), &|md, _| {
            assert!(!md.is_empty())
        });
    }
}
