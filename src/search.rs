//! Fuzzy search over the corpus, shared by the sidebar and `archdeck search`.
//!
//! A query is split into words, and *every* word must match the entry somewhere:
//!
//! - the title and the aliases (weight 3), matched as whole strings with `SkimMatcherV2`, so that
//!   typos that drop or swap letters ("idempotncy", "circut") and acronyms ("bff") match;
//! - the tags (weight 1.5);
//! - the words of the summary, problem, statement (weight 0.6) and body (weight 0.25), through an
//!   inverted index of word tokens, so a word must match *within* one token of the text.
//!
//! A fuzzy match counts only when its score is at least [`MIN_PER_CHAR`] per query character,
//! which keeps letters scattered across a long title from matching. Whole-word and prefix hits on
//! the title or an alias, and a query equal to the title or an alias, earn bonuses.
//!
//! Queries that ask for a remedy ("avoid cascading failures", "prevent duplicate charges") drop
//! the intent word and rank the patterns and rules linked to the best-matching concept first:
//! those are what avoids it.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::corpus::{Corpus, Kind};

/// Field weights, in percent of the raw matcher score.
const W_TITLE: i64 = 300;
const W_ALIAS: i64 = 280;
const W_TAG: i64 = 150;
const W_TEXT: i64 = 60;
const W_BODY: i64 = 25;

/// The least matcher score per query character for a fuzzy match to count.
pub const MIN_PER_CHAR: i64 = 15;

/// Words that ask for a remedy rather than name a topic.
const INTENT: &[&str] = &[
    "avoid", "prevent", "stop", "reduce", "mitigate", "handle", "survive", "fix", "solve",
    "protect",
];

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the corpus.
    pub index: usize,
    pub score: i64,
    /// Character positions in the title to highlight, sorted and unique.
    pub title_chars: Vec<usize>,
}

/// Pre-lowered haystacks and an inverted index of text tokens, built once.
pub struct Index {
    docs: Vec<Doc>,
    /// Every distinct token of the entries' text, with the entries it appears in and its weight.
    vocab: Vec<(String, Vec<(u32, u8)>)>,
    matcher: SkimMatcherV2,
}

struct Doc {
    kind: Kind,
    title: String,
    title_lower: String,
    /// The title's and aliases' words, lower-cased.
    words: Vec<String>,
    aliases: Vec<String>,
    tags: Vec<String>,
    /// Positions of related entries that are remedies (patterns, rules, principles).
    remedies: Vec<usize>,
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

impl Index {
    pub fn new(corpus: &Corpus) -> Index {
        let mut postings: HashMap<String, Vec<(u32, u8)>, BuildHasherDefault<FxHasher>> =
            HashMap::default();
        let mut lower = String::new();
        let mut docs = Vec::with_capacity(corpus.len());
        for (i, e) in corpus.entries().iter().enumerate() {
            let i = i as u32;
            let mut add = |text: &str, weight: u8| {
                for raw in text.split(|c: char| !c.is_alphanumeric()) {
                    if raw.len() < 2 {
                        continue;
                    }
                    // Look up before allocating: most tokens are already known.
                    lower.clear();
                    lower.extend(raw.chars().flat_map(char::to_lowercase));
                    let list = match postings.get_mut(lower.as_str()) {
                        Some(list) => list,
                        None => postings.entry(lower.clone()).or_default(),
                    };
                    match list.last_mut() {
                        Some((doc, w)) if *doc == i => *w = (*w).max(weight),
                        _ => list.push((i, weight)),
                    }
                }
            };
            add(&e.summary, W_TEXT as u8);
            for text in [&e.problem, &e.statement].into_iter().flatten() {
                add(text, W_TEXT as u8);
            }
            add(&e.body, W_BODY as u8);
            let aliases: Vec<String> = e.aliases.iter().map(|a| a.to_lowercase()).collect();
            let words = std::iter::once(e.title.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .flat_map(tokens)
                .collect();
            let remedies = corpus
                .related(e)
                .chain(corpus.backlinks(i as usize))
                .filter(|r| matches!(r.kind, Kind::Pattern | Kind::Rule | Kind::Principle))
                .filter_map(|r| corpus.position(&r.id))
                .collect();
            docs.push(Doc {
                kind: e.kind,
                title: e.title.clone(),
                title_lower: e.title.to_lowercase(),
                words,
                aliases,
                tags: e.tags.clone(),
                remedies,
            });
        }
        let mut vocab: Vec<_> = postings.into_iter().collect();
        vocab.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Index {
            docs,
            vocab,
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
        let allowed = |i: usize| kind.is_none_or(|k| self.docs[i].kind == k);
        let mut words = split_words(query);
        let intent = words.len() > 1 && words.iter().any(|w| INTENT.contains(&w.as_str()));
        if intent {
            words.retain(|w| !INTENT.contains(&w.as_str()));
        }
        if words.is_empty() {
            return (0..self.docs.len())
                .filter(|&i| allowed(i))
                .map(|index| Hit {
                    index,
                    score: 0,
                    title_chars: Vec::new(),
                })
                .collect();
        }
        // A plural also matches its singular ("messages" finds "Poison Message").
        let text: Vec<Vec<i64>> = words
            .iter()
            .map(|w| self.text_scores(singular(w).unwrap_or(w)))
            .collect();
        let whole = words.join(" ");
        let mut hits: Vec<Hit> = (0..self.docs.len())
            .filter(|&i| allowed(i))
            .filter_map(|i| self.score(i, &words, &text, &whole))
            .collect();
        if intent {
            self.promote_remedies(&mut hits, kind);
        }
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

    /// For "avoid X": the remedies linked to the best match for X rank just above it, in the
    /// order the entry lists them.
    fn promote_remedies(&self, hits: &mut Vec<Hit>, kind: Option<Kind>) {
        let Some(top) = hits.iter().max_by_key(|h| h.score).cloned() else {
            return;
        };
        if !matches!(self.docs[top.index].kind, Kind::Concept | Kind::Fallacy) {
            return;
        }
        let remedies = &self.docs[top.index].remedies;
        let n = remedies.len() as i64;
        for (rank, &r) in remedies.iter().enumerate() {
            if kind.is_some_and(|k| self.docs[r].kind != k) {
                continue;
            }
            let score = top.score + n - rank as i64;
            match hits.iter_mut().find(|h| h.index == r) {
                Some(h) => h.score = h.score.max(score),
                None => hits.push(Hit {
                    index: r,
                    score,
                    title_chars: Vec::new(),
                }),
            }
        }
    }

    /// The best fuzzy score of `pattern` in `haystack`, if it clears the per-character floor.
    fn fuzzy(&self, haystack: &str, pattern: &str) -> Option<i64> {
        let floor = MIN_PER_CHAR * pattern.chars().count() as i64;
        self.matcher
            .fuzzy_match(haystack, pattern)
            .filter(|&s| s >= floor)
    }

    /// Per entry, the best weighted score of `word` against a token of the entry's text.
    fn text_scores(&self, word: &str) -> Vec<i64> {
        let mut best = vec![0i64; self.docs.len()];
        let first = word.chars().next();
        for (token, docs) in &self.vocab {
            // Typos rarely change the first letter; skipping those tokens keeps this fast.
            if token.chars().next() != first || !is_subsequence(word, token) {
                continue;
            }
            let Some(score) = self.fuzzy(token, word) else {
                continue;
            };
            for &(doc, weight) in docs {
                let s = score * i64::from(weight) / 100;
                let slot = &mut best[doc as usize];
                *slot = (*slot).max(s);
            }
        }
        best
    }

    fn score(&self, i: usize, words: &[String], text: &[Vec<i64>], whole: &str) -> Option<Hit> {
        let doc = &self.docs[i];
        let mut total = 0;
        let mut title_chars = Vec::new();
        for (w, word) in words.iter().enumerate() {
            let mut best = 0;
            for form in std::iter::once(word.as_str()).chain(singular(word)) {
                if best > 0 {
                    break;
                }
                if let Some((s, idx)) = self.matcher.fuzzy_indices(&doc.title, form)
                    && s >= MIN_PER_CHAR * form.chars().count() as i64
                {
                    best = s * W_TITLE / 100;
                    title_chars.extend(idx);
                }
                for alias in &doc.aliases {
                    if let Some(s) = self.fuzzy(alias, form) {
                        best = best.max(s * W_ALIAS / 100);
                    }
                }
            }
            if best == 0 {
                for form in std::iter::once(word.as_str()).chain(singular(word)) {
                    for tag in &doc.tags {
                        if let Some(s) = self.fuzzy(tag, form) {
                            best = best.max(s * W_TAG / 100);
                        }
                    }
                }
                best = best.max(text[w][i]);
            }
            if best <= 0 {
                return None;
            }
            let len = word.chars().count() as i64;
            if doc.words.iter().any(|t| t == word) {
                best += 40 * len;
            } else if doc.words.iter().any(|t| t.starts_with(word.as_str())) {
                best += 15 * len;
            }
            total += best;
        }
        if doc.title_lower == whole || doc.aliases.iter().any(|a| a == whole) {
            total += 400;
        } else if doc.title_lower.starts_with(whole) {
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

/// The singular of a plain English plural ("messages" → "message"), if the word looks like one.
fn singular(word: &str) -> Option<&str> {
    (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
        .then(|| &word[..word.len() - 1])
}

/// Whether the characters of `needle` appear in order in `hay` (both lower-case).
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
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
        // The titles spell out the "12" of "12-factor".
        .flat_map(|w| match w.strip_prefix("12") {
            Some("") => vec!["twelve".to_string()],
            Some("-factor" | "factor") => vec!["twelve".to_string(), "factor".to_string()],
            _ => vec![w],
        })
        .collect()
}
