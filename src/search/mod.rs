//! Search over the corpus, shared by the sidebar, `archdeck search`, `show` and `open`.
//!
//! Ranking works like a small search engine rather than a filter:
//!
//! - **Text** ([`query`]): each meaningful word of the query (stop words dropped, stemmed with
//!   the Snowball English stemmer, see [`text`]) is scored with BM25F over the fields title,
//!   aliases, tags, summary, problem / statement, scenarios and body, weighted in that order
//!   ([`index::WEIGHTS`]). Words are OR-ed: an entry that matches more of them ranks higher,
//!   but none is required. A word also matches the vocabulary words it starts ("strang") and,
//!   when it is not in the vocabulary, its typo corrections by Damerau distance within
//!   Meilisearch's budget ([`typo`]); both count less than an exact word. Adjacent words also
//!   match as one compound ("split brain" → "splitbrain").
//! - **Names** ([`names`]): the query's words against the title's and aliases' words with
//!   `SkimMatcherV2` (whole word, start of a word, letters dropped), and the whole query as a
//!   name, its start, or the title's initials ("12fa"). The matched title characters are
//!   highlighted.
//! - **Confidence**: a hit needs a name match or a text match on at least a third of the
//!   query's meaningful words above a floor; a query most of whose words match nothing in
//!   the corpus returns nothing ("banana bread recipe").
//! - Queries that ask for a remedy ("avoid cascading failures") rank the patterns and rules
//!   linked to the best-matching concept first.
//!
//! The built-in corpus's term table is built by `build.rs` and compiled in ([`segment`]); the
//! entries of user decks are indexed when the index is built.

mod explain;
mod index;
mod names;
mod plan;
mod postings;
mod query;
mod segment;
pub mod text;
mod typo;
mod worker;

pub use explain::Matched;
pub use index::Index;
pub use worker::{BackgroundIndex, SearchWorker};

use crate::corpus::{Corpus, Kind};

/// At most this many meaningful words of a query count (with the stop words among them, up to
/// three times as many words in all); a longer query is not a search, and ignoring the
/// rest keeps a pasted paragraph from stalling the sidebar.
pub const MAX_WORDS: usize = 12;
/// Longer words are cut to this many characters.
pub const MAX_WORD_CHARS: usize = 48;

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the corpus.
    pub index: usize,
    pub score: i64,
    /// Character positions in the title to highlight, sorted and unique.
    pub title_chars: Vec<usize>,
}

/// The result of [`Index::search`].
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub kind: Option<Kind>,
    pub hits: Vec<Hit>,
    /// When nothing matched: the nearest names ("did you mean"), by corpus position.
    pub suggestions: Vec<usize>,
}

/// What a query names, for `show` and `open`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// One entry: its id, title or an alias, or a best hit that wins by a clear margin.
    Entry(usize),
    /// No clear answer: the best candidates, best first (possibly none).
    Ambiguous(Vec<usize>),
}

/// How far ahead the best hit must score for a query to name it.
const CLEAR_MARGIN: f64 = 1.5;

impl Index {
    /// Ranks every entry of the allowed kind against `query`, best first. An empty query lists
    /// every allowed entry in corpus order with score 0.
    pub fn query(&self, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        if query.trim().is_empty() {
            return (0..self.docs.len())
                .filter(|&i| kind.is_none_or(|k| self.docs[i].kind == k))
                .map(|index| Hit {
                    index,
                    score: 0,
                    title_chars: Vec::new(),
                })
                .collect();
        }
        let plan = self.plan(query);
        self.rank(&plan, kind)
    }

    /// Like [`Index::query`], with "did you mean" names when nothing matched.
    pub fn search(&self, query: &str, kind: Option<Kind>) -> Search {
        let hits = self.query(query, kind);
        let suggestions = if hits.is_empty() {
            self.suggest(query, 3)
        } else {
            Vec::new()
        };
        Search {
            query: query.to_string(),
            kind,
            hits,
            suggestions,
        }
    }

    /// The entries whose names are nearest to `query` as written (Jaro-Winkler over the name
    /// written as one word), at most `n`, for "did you mean".
    pub fn suggest(&self, query: &str, n: usize) -> Vec<usize> {
        let words: Vec<String> = text::words(query, MAX_WORD_CHARS)
            .into_iter()
            .filter(|w| w.joins == 1)
            .map(|w| w.text)
            .collect();
        let joined = words.concat();
        if joined.chars().count() < 3 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f64)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.names.similarity(&joined)))
            .filter(|&(_, s)| s >= 0.85)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().take(n).map(|(i, _)| i).collect()
    }

    /// What `query` names: an entry whose id, title or alias it is (case-insensitively,
    /// spaces and hyphens aside), else the best hit if it scores [`CLEAR_MARGIN`] times the
    /// next; otherwise the best few hits or the nearest names.
    pub fn resolve(&self, corpus: &Corpus, query: &str) -> Resolved {
        let q = query.trim();
        if let Some(i) = corpus.position(q) {
            return Resolved::Entry(i);
        }
        let lower = q.to_lowercase();
        if let Some(i) = corpus.entries().iter().position(|e| e.id == lower) {
            return Resolved::Entry(i);
        }
        let spaced = q.replace(['-', '_'], " ");
        let exact: Vec<usize> = (0..self.docs.len())
            .filter(|&i| self.docs[i].names.is_name(&spaced))
            .collect();
        if exact.len() == 1 {
            return Resolved::Entry(exact[0]);
        }
        let hits = self.query(&spaced, None);
        match hits.as_slice() {
            [] => Resolved::Ambiguous(self.suggest(&spaced, 3)),
            [only] => Resolved::Entry(only.index),
            [a, b, ..] if a.score as f64 >= b.score as f64 * CLEAR_MARGIN => {
                Resolved::Entry(a.index)
            }
            _ => Resolved::Ambiguous(hits.iter().take(3).map(|h| h.index).collect()),
        }
    }
}

/// Every entry of the allowed kind in corpus order, as an empty query lists them. Needs no index.
pub fn all_hits(corpus: &Corpus, kind: Option<Kind>) -> Vec<Hit> {
    corpus
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| kind.is_none_or(|k| e.kind == k))
        .map(|(index, _)| Hit {
            index,
            score: 0,
            title_chars: Vec::new(),
        })
        .collect()
}
