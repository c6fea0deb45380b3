//! From a query's text to a plan: its meaningful words, the names to match, and one clause
//! per word (or compound of adjacent words) with the vocabulary terms it expands to: its
//! exact stem, the words it starts, and its typo corrections.

use super::MAX_WORD_CHARS;
use super::MAX_WORDS;
use super::index::Index;
use super::names::NameWord;
use super::text::{is_meaningful, is_stop_word, stem, words};
use super::typo::corrections;

/// How much a word counts when it only starts a vocabulary word ("strang" → "strangler").
const PREFIX: f32 = 0.7;
/// How much a corrected word counts, for one and for two edits.
const TYPO: [f32; 2] = [0.55, 0.35];
/// At most this many vocabulary words a partial word expands to, per table.
const MAX_EXPANSIONS: usize = 64;

/// Words that end phrasal verbs, which English often writes as one noun ("time out").
const PARTICLES: &[&str] = &["out", "off", "down", "up", "over", "in", "back"];

/// Words that ask for a remedy rather than name a topic.
const INTENT: &[&str] = &[
    "avoid", "prevent", "stop", "reduce", "mitigate", "handle", "survive", "fix", "solve",
    "protect",
];

/// How loosely a query word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Only its own stem (compounds).
    Exact,
    /// The last word, perhaps still being typed: also the words it starts.
    Last,
    /// A finished word: typo corrections and, if it is not a word at all, the words it starts.
    Inner,
}

/// One way a clause matches: a term of one table, and how much it counts.
#[derive(Debug, Clone)]
pub(super) struct Expansion {
    pub table: usize,
    pub term: usize,
    pub factor: f32,
    pub idf: f32,
    /// Found only as a typo correction, or as the start of a word when the query word was
    /// finished.
    pub typo: bool,
    /// The word as the entry spells it (for explanations).
    pub word: String,
}

/// A query word (or a compound of adjacent words) with its expansions.
#[derive(Debug, Clone)]
pub(super) struct Clause {
    /// The query words it stands for (bit per word).
    pub covers: u32,
    pub expansions: Vec<Expansion>,
}

/// A parsed query.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    /// The meaningful words, normalised.
    pub words: Vec<String>,
    /// The words matched against names (meaningful words, and one-letter words).
    pub name_words: Vec<String>,
    /// The same, prepared for matching.
    pub name_query: Vec<NameWord>,
    /// The plain words written as one ("twelve factor" → "12factor"), leading "the" dropped.
    pub joined: String,
    pub clauses: Vec<Clause>,
    /// The query asked for a remedy ("avoid ...").
    pub intent: bool,
    /// Every word is a stop word: only a whole name, or the start of one, can match.
    pub stop_words_only: bool,
}

impl Index {
    /// Parses a query into clauses against this index's vocabulary.
    pub(super) fn plan(&self, query: &str) -> Plan {
        // The first MAX_WORDS meaningful words count, with the stop words between them: a
        // description's "the", "on" and "of" must not push its last words out ("... and watch
        // the error rate").
        let mut plain: Vec<String> = Vec::new();
        let mut meaningful = 0;
        for w in words(query, MAX_WORD_CHARS)
            .into_iter()
            .filter(|w| w.joins == 1)
            .take(MAX_WORDS * 3)
        {
            if is_meaningful(&w.text) {
                if meaningful == MAX_WORDS {
                    break;
                }
                meaningful += 1;
            }
            plain.push(w.text);
        }
        let intent = plain.len() > 1 && plain.iter().any(|w| INTENT.contains(&w.as_str()));
        let skip = usize::from(plain.len() > 1 && plain[0] == "the");
        let joined = plain[skip..].concat();
        let mut plan = Plan {
            joined,
            intent,
            ..Plan::default()
        };
        // Plain words first, each with its bit; then compounds.
        let mut bit_of = Vec::new();
        for w in &plain {
            let keep = is_meaningful(w);
            if keep {
                bit_of.push(Some(plan.words.len()));
                plan.words.push(w.clone());
            } else {
                bit_of.push(None);
            }
            if keep || (w.chars().count() == 1 && !is_stop_word(w)) {
                plan.name_words.push(w.clone());
            }
        }
        // A name made only of stop words ("at most once", "one at a time") is still a name:
        // with nothing meaningful left, every word is matched against the names.
        if plan.name_words.is_empty() && !plain.is_empty() {
            plan.name_words = plain.clone();
            plan.stop_words_only = true;
        }
        plan.name_query = plan.name_words.iter().map(|w| NameWord::new(w)).collect();
        // The last word may be unfinished, unless the query ends in a space.
        let typing = !query.ends_with(char::is_whitespace)
            && plain.last().is_some_and(|w| plan.words.last() == Some(w));
        let last = plan.words.len().wrapping_sub(1);
        for (k, w) in plan.words.iter().enumerate() {
            let mode = if k == last && typing {
                Mode::Last
            } else {
                Mode::Inner
            };
            let expansions = self.expand(w, mode);
            plan.clauses.push(Clause {
                covers: 1 << k,
                expansions,
            });
        }
        // Compounds: adjacent words written as one ("split brain" → "splitbrain"), also with
        // the first word stemmed ("timing out" → "timeout", "backing off" → "backoff").
        for (bits, ws) in bit_of.windows(2).zip(plain.windows(2)) {
            let (Some(a), [x, y]) = (bits[0], ws) else {
                continue;
            };
            if bits[1].is_none() && !PARTICLES.contains(&y.as_str()) {
                continue;
            }
            let covers = bits[1].map_or(1 << a, |b| (1 << a) | (1 << b));
            let mut expansions = self.expand(&format!("{x}{y}"), Mode::Exact);
            let stemmed = format!("{}{y}", stem(&self.stemmer, x));
            if expansions.is_empty() && stemmed != format!("{x}{y}") {
                expansions = self.expand(&stemmed, Mode::Exact);
            }
            if !expansions.is_empty() {
                plan.clauses.push(Clause { covers, expansions });
            }
        }
        plan
    }

    /// The terms one word matches: its stem exactly; unless `mode` is [`Mode::Exact`], the
    /// words it starts and its typo corrections when the stem is not in the vocabulary.
    fn expand(&self, word: &str, mode: Mode) -> Vec<Expansion> {
        let mut out: Vec<Expansion> = Vec::new();
        let mut add =
            |index: &Index, table: usize, term: usize, (factor, typo): (f32, bool), word: &str| {
                if let Some(e) = out.iter_mut().find(|e| e.table == table && e.term == term) {
                    e.typo &= typo;
                    if factor > e.factor {
                        e.factor = factor;
                        e.word = word.to_string();
                    }
                    return;
                }
                let idf = index.idf(index.df(index.tables[table].term(term)));
                out.push(Expansion {
                    table,
                    term,
                    factor,
                    idf,
                    typo,
                    word: word.to_string(),
                });
            };
        let stem = stem(&self.stemmer, word);
        let mut exact = false;
        for (t, table) in self.tables.iter().enumerate() {
            if let Some(term) = table.find(&stem) {
                add(self, t, term, (1.0, false), word);
                exact = true;
            }
        }
        if mode == Mode::Exact {
            return out;
        }
        let len = word.chars().count();
        // A finished word starts other words only if it is not a word itself, and then it is
        // as weak as a typo ("bread" is not "breadth").
        let weak = mode == Mode::Inner;
        if len >= 3 && (!weak || !exact) {
            for (t, table) in self.tables.iter().enumerate() {
                for i in table.with_prefix(word).take(MAX_EXPANSIONS) {
                    let (surface, term) = table.surface(i);
                    if surface == word {
                        continue;
                    }
                    let extra = surface.chars().count().saturating_sub(len) as f32;
                    let factor = (PREFIX - 0.03 * extra).max(0.35);
                    add(self, t, term as usize, (factor, weak), surface);
                }
            }
        }
        if !exact {
            for (t, table) in self.tables.iter().enumerate() {
                for (i, d) in corrections(table.as_ref(), word) {
                    let (surface, term) = table.surface(i);
                    add(self, t, term as usize, (TYPO[d.min(2) - 1], true), surface);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn index() -> Index {
        Index::new(&Corpus::embedded().0)
    }

    #[test]
    fn stop_words_do_not_count_towards_the_word_cap() {
        let plan = index().plan(
            "try the new build on a handful of users and then watch the error rate of it all",
        );
        assert_eq!(
            plan.words,
            [
                "try", "new", "build", "handful", "users", "watch", "error", "rate"
            ]
        );
    }

    #[test]
    fn at_most_the_cap_of_meaningful_words_count() {
        let query: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let plan = index().plan(&query.join(" the "));
        assert_eq!(plan.words.len(), MAX_WORDS);
        assert_eq!(plan.words.last().map(String::as_str), Some("word11"));
    }
}
