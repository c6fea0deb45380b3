//! Fuzzy search over the corpus, shared by the sidebar and `archdeck search`.
//!
//! Each entry is matched on four fields with weights: title and aliases count most, then tags,
//! then the summary and (for patterns) the problem. A query is split into words and *every* word
//! must match some field; an entry's score is the sum of each word's best weighted field score,
//! plus bonuses when a word is a whole word of the title or an alias, or when the whole query
//! matches the title or an alias. Matching uses `fuzzy-matcher`'s `SkimMatcherV2`, so typos that
//! drop letters ("idempotncy") and partial words ("dead lett") still match.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::corpus::{Corpus, Kind};

/// Field weights, in percent of the raw matcher score.
const W_TITLE: i64 = 300;
const W_ALIAS: i64 = 280;
const W_TAG: i64 = 150;
const W_TEXT: i64 = 60;

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the corpus.
    pub index: usize,
    pub score: i64,
    /// Character positions in the title to highlight, sorted and unique.
    pub title_chars: Vec<usize>,
}

/// Pre-lowered haystacks for every entry, built once.
pub struct Index {
    docs: Vec<Doc>,
    matcher: SkimMatcherV2,
}

struct Doc {
    kind: Kind,
    title: String,
    /// The title and aliases, lower-cased, split into words.
    words: Vec<String>,
    aliases: Vec<String>,
    tags: String,
    text: String,
}

impl Index {
    pub fn new(corpus: &Corpus) -> Index {
        let docs = corpus
            .entries()
            .iter()
            .map(|e| {
                let mut text = e.summary.clone();
                if let Some(problem) = &e.problem {
                    text.push(' ');
                    text.push_str(problem);
                }
                if let Some(statement) = &e.statement {
                    text.push(' ');
                    text.push_str(statement);
                }
                let aliases: Vec<String> = e.aliases.iter().map(|a| a.to_lowercase()).collect();
                let words = std::iter::once(e.title.to_lowercase())
                    .chain(aliases.iter().cloned())
                    .flat_map(|s| {
                        s.split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                Doc {
                    kind: e.kind,
                    title: e.title.clone(),
                    words,
                    aliases,
                    tags: e.tags.join(" "),
                    text: text.to_lowercase(),
                }
            })
            .collect();
        Index {
            docs,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Ranks every entry of the allowed kinds against `query`, best first. An empty query lists
    /// every allowed entry in corpus order with score 0.
    pub fn query(&self, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        self.query_within(query, kind, None)
    }

    /// Like [`Index::query`], but only looks at `candidates` (positions from an earlier query).
    /// When a query only grows (the user types another letter), its hits are a subset of the
    /// shorter query's hits, so callers can narrow instead of rescanning.
    pub fn query_within(
        &self,
        query: &str,
        kind: Option<Kind>,
        candidates: Option<&[usize]>,
    ) -> Vec<Hit> {
        let words = split_words(query);
        let allowed = |i: usize| kind.is_none_or(|k| self.docs[i].kind == k);
        let all: Vec<usize>;
        let pool: &[usize] = match candidates {
            Some(c) => c,
            None => {
                all = (0..self.docs.len()).collect();
                &all
            }
        };
        if words.is_empty() {
            return pool
                .iter()
                .copied()
                .filter(|&i| allowed(i))
                .map(|index| Hit {
                    index,
                    score: 0,
                    title_chars: Vec::new(),
                })
                .collect();
        }
        let whole = words.join(" ");
        let mut hits: Vec<Hit> = pool
            .iter()
            .copied()
            .filter(|&i| allowed(i))
            .filter_map(|i| self.score(i, &words, &whole))
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| {
                    self.docs[a.index]
                        .title
                        .len()
                        .cmp(&self.docs[b.index].title.len())
                })
                .then_with(|| a.index.cmp(&b.index))
        });
        hits
    }

    fn score(&self, i: usize, words: &[String], whole: &str) -> Option<Hit> {
        let doc = &self.docs[i];
        let m = &self.matcher;
        let mut total = 0;
        let mut title_chars = Vec::new();
        for word in words {
            let mut best = 0;
            if let Some((s, idx)) = m.fuzzy_indices(&doc.title, word) {
                best = s * W_TITLE / 100;
                title_chars.extend(idx);
            }
            for alias in &doc.aliases {
                if let Some(s) = m.fuzzy_match(alias, word) {
                    best = best.max(s * W_ALIAS / 100);
                }
            }
            if best == 0 {
                if let Some(s) = m.fuzzy_match(&doc.tags, word) {
                    best = s * W_TAG / 100;
                }
                if let Some(s) = m.fuzzy_match(&doc.text, word) {
                    best = best.max(s * W_TEXT / 100);
                }
            }
            if best <= 0 {
                return None;
            }
            if doc.words.iter().any(|w| w == word) {
                best += 40 * word.chars().count() as i64;
            } else if doc.words.iter().any(|w| w.starts_with(word.as_str())) {
                best += 15 * word.chars().count() as i64;
            }
            total += best;
        }
        let title = doc.title.to_lowercase();
        if title == whole || doc.aliases.iter().any(|a| a == whole) {
            total += 400;
        } else if title.starts_with(whole) {
            total += 150;
        }
        title_chars.sort_unstable();
        title_chars.dedup();
        Some(Hit {
            index: i,
            score: total,
            title_chars,
        })
    }
}

/// Lower-cases the query and splits it into words. Control characters are dropped.
pub fn split_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}
