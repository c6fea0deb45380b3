//! From a query to ranked hits: the query's words become clauses (each word with its exact
//! stem, the vocabulary words it starts, and its typo corrections), scored with BM25F over
//! the fields, combined with the name match, and kept only above a confidence floor.

use super::index::{DESCRIPTION_WEIGHTS, DESCRIPTION_WORDS, Index, WEIGHTS};
use super::names::{NameMatch, NameWord, highlights};
use super::text::{FIELDS, is_meaningful, is_stop_word, stem, words};
use super::typo::corrections;
use super::{Hit, MAX_WORD_CHARS, MAX_WORDS};
use crate::corpus::Kind;

/// How much a word counts when it only starts a vocabulary word ("strang" → "strangler").
const PREFIX: f32 = 0.7;
/// How much a corrected word counts, for one and for two edits.
const TYPO: [f32; 2] = [0.55, 0.35];
/// How much a word known only through a typo correction counts towards the query being in
/// the domain at all.
const TYPO_KNOWN: f32 = 0.4;
/// How much a word that the corpus uses only in passing counts towards the query being in the
/// domain: one found in bodies and example scenarios but in no entry's title, aliases, tags,
/// summary or problem. Those fields say what the entries are about; bodies and examples also
/// talk about weather forecasts and shopping carts ("weather forecast tomorrow" is not a
/// question about architecture because Gustafson's Law has a weather team in an example).
const PASSING_KNOWN: f32 = 0.4;
/// From this many meaningful words, an entry found through its text must match at least two of
/// them, one in a field that says what it is about: a longer query that shares one word with
/// an entry, or only words its examples use in passing, is not about it.
const COHERENT_WORDS: usize = 3;
/// The fields that say what an entry is about (title, aliases, tags, summary, problem /
/// statement), before the example scenarios and the body.
const TOPICAL_FIELDS: usize = 5;
/// The name match, per unit of overlap between the query and the title or an alias
/// ([`super::names::NameMatch::overlap`]).
const NAME: f32 = 12.0;
/// The query is a name (or the title's initials), spaces and hyphens aside.
const EXACT: f32 = 30.0;
/// The query names the entry among other words ("retry after waiting longer each time").
const TITLE_IN_QUERY: f32 = 4.0;
/// The query starts a name, per share of the name it covers.
const NAME_PREFIX: f32 = 14.0;
/// The least text score that counts as a match.
const TEXT_FLOOR: f32 = 0.8;
/// At most this many vocabulary words a partial word expands to, per table.
const MAX_EXPANSIONS: usize = 64;
/// From this many entries, names are matched on several threads.
const PARALLEL_DOCS: usize = 16_384;
/// Hits whose title characters are worked out for highlighting (the rest are off screen).
const HIGHLIGHTED: usize = 500;

/// The least share of the text score an entry keeps when it matches few of the query's
/// words; matching all of them keeps it all.
const COORD: f32 = 0.5;
/// A rule's text match lends this share to the concepts and patterns it links to, when they
/// match too: a description that fits the advice fits the idea behind it.
const ENDORSE: f32 = 0.3;

/// Words that end phrasal verbs, which English often writes as one noun ("time out").
const PARTICLES: &[&str] = &["out", "off", "down", "up", "over", "in", "back"];

/// How much each kind's score counts: rules and references mostly point at the concepts and
/// patterns they are about, which are the better answer to a description. Rules restate their
/// problem at length in a long statement, so they match many words of a description ("follow a
/// request across many services" found the rule against per-service logs, not Distributed
/// Tracing).
fn kind_prior(kind: Kind) -> f32 {
    match kind {
        Kind::Rule => 0.6,
        Kind::Reference => 0.6,
        _ => 1.0,
    }
}

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
        let mut all = words(query, MAX_WORD_CHARS);
        all.truncate(MAX_WORDS * 2);
        let plain: Vec<String> = all
            .iter()
            .filter(|w| w.joins == 1)
            .map(|w| w.text.clone())
            .take(MAX_WORDS)
            .collect();
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

    /// Whether some entry has the expansion's term in a field that says what it is about.
    fn topical(&self, e: &Expansion) -> bool {
        self.tables[e.table]
            .postings(e.term)
            .iter()
            .any(|p| p.1[..TOPICAL_FIELDS].iter().any(|&t| t > 0))
    }

    /// Ranks the entries of the allowed kind against a parsed query.
    pub(super) fn rank(&self, plan: &Plan, kind: Option<Kind>) -> Vec<Hit> {
        let n = self.docs.len();
        let allowed = |i: usize| kind.is_none_or(|k| self.docs[i].kind == k);
        let weights = if plan.words.len() >= DESCRIPTION_WORDS {
            &DESCRIPTION_WEIGHTS
        } else {
            &WEIGHTS
        };
        let mut text = vec![0f32; n];
        let mut covered = vec![0u32; n];
        // Words matched somewhere other than in passing: in a field above the body, or more
        // than once in the body.
        let mut strong = vec![0u32; n];
        // Words matched in a field that says what the entry is about.
        let mut topical = vec![0u32; n];
        let mut best = vec![0f32; n];
        let mut touched: Vec<usize> = Vec::new();
        for clause in &plan.clauses {
            for e in &clause.expansions {
                let table = &self.tables[e.table];
                for p in table.postings(e.term) {
                    let doc = p.0 as usize;
                    // Compiled postings may name entries this corpus does not have.
                    let home = self.home.get(doc).map(|&h| usize::from(h));
                    if home != Some(e.table) || !allowed(doc) {
                        continue;
                    }
                    let s = e.factor * self.bm25(e.idf, p, weights);
                    if best[doc] == 0.0 {
                        touched.push(doc);
                    }
                    if p.1[..FIELDS - 1].iter().any(|&t| t > 0) || p.1[FIELDS - 1] > 1 {
                        strong[doc] |= clause.covers;
                    }
                    if p.1[..TOPICAL_FIELDS].iter().any(|&t| t > 0) {
                        topical[doc] |= clause.covers;
                    }
                    best[doc] = best[doc].max(s);
                }
            }
            for doc in touched.drain(..) {
                text[doc] += best[doc];
                covered[doc] |= clause.covers;
                best[doc] = 0.0;
            }
        }
        let names: Vec<NameMatch> = if plan.name_words.is_empty() {
            Vec::new()
        } else {
            let qualities = self
                .vocab
                .qualities(&self.matcher, &plan.name_query, &plan.joined);
            let name = |i: usize| {
                if allowed(i) {
                    self.docs[i].names.matches(&qualities, &plan.joined)
                } else {
                    NameMatch::default()
                }
            };
            // Large corpora match names on every core, in contiguous slices.
            let threads = if n >= PARALLEL_DOCS {
                std::thread::available_parallelism().map_or(1, |t| t.get().min(8))
            } else {
                1
            };
            if threads > 1 {
                let size = n.div_ceil(threads);
                std::thread::scope(|scope| {
                    let handles: Vec<_> = (0..threads)
                        .map(|k| {
                            let name = &name;
                            scope.spawn(move || {
                                (k * size..((k + 1) * size).min(n))
                                    .map(name)
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .flat_map(|h| h.join().unwrap_or_default())
                        .collect()
                })
            } else {
                (0..n).map(name).collect()
            }
        };
        // Out of the domain: most of the meaningful words match nothing at all.
        let words = plan.words.len().max(1);
        let name_bits = names.iter().fold(0u32, |acc, m| acc | m.words);
        let text_bits = covered.iter().fold(0u32, |acc, c| acc | c);
        // A word is known if the vocabulary has it, or a word it starts, or a name matched it;
        // a word known only through a typo correction counts for less.
        let known: f32 = plan
            .words
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let by_name = plan
                    .name_words
                    .iter()
                    .position(|x| x == w)
                    .is_some_and(|j| name_bits & (1 << j) != 0);
                let mut exps = plan
                    .clauses
                    .iter()
                    .filter(|c| c.covers & (1 << k) != 0)
                    .flat_map(|c| &c.expansions);
                if by_name || exps.clone().any(|e| !e.typo && self.topical(e)) {
                    1.0
                } else if exps.clone().any(|e| !e.typo) {
                    PASSING_KNOWN
                } else if exps.next().is_some() && text_bits & (1 << k) != 0 {
                    TYPO_KNOWN
                } else {
                    0.0
                }
            })
            .sum();
        let any_exact = names.iter().any(|m| m.exact);
        let enough = match plan.words.len() {
            0 => true,
            1 => known > 0.0,
            n => known * 2.0 >= n as f32,
        };
        if !enough && !any_exact {
            return Vec::new();
        }
        let mut hits: Vec<(usize, f32)> = Vec::new();
        let mut endorsed = vec![0f32; n];
        for i in (0..n).filter(|&i| allowed(i)) {
            let m = names.get(i).cloned().unwrap_or_default();
            let c = covered[i].count_ones() as usize;
            let by_name = m.exact || m.prefix > 0.0 || (m.coverage >= 0.5 && !plan.stop_words_only);
            let by_text = text[i] >= TEXT_FLOOR
                && c * 3 >= words
                && (strong[i] != 0 || c >= 2)
                && (words < COHERENT_WORDS || (c >= 2 && topical[i] != 0));
            if !by_name && !by_text {
                continue;
            }
            // Coordination: an entry that matches more of the query's words ranks higher.
            let coord = COORD + (1.0 - COORD) * (c as f32 / words as f32).min(1.0);
            let text_score = text[i] * coord * kind_prior(self.docs[i].kind);
            for &j in self.docs[i].endorses.iter() {
                let j = j as usize;
                endorsed[j] = endorsed[j].max(ENDORSE * text_score);
            }
            let score = text_score
                + NAME * m.overlap
                + if m.exact { EXACT } else { 0.0 }
                + NAME_PREFIX * m.prefix
                + if self.docs[i].names.title_in(&plan.words) {
                    TITLE_IN_QUERY
                } else {
                    0.0
                };
            hits.push((i, score));
        }
        let mut hits: Vec<Hit> = hits
            .into_iter()
            .map(|(index, s)| Hit {
                index,
                score: ((s + endorsed[index]) * 100.0).round() as i64,
                title_chars: Vec::new(),
            })
            .collect();
        if plan.intent {
            self.promote_remedies(&mut hits, kind);
        }
        // Best score first, then the shorter title, then corpus order. Each key is worked out
        // once: a short query over a large deck has tens of thousands of hits.
        hits.sort_by_cached_key(|h| {
            (
                std::cmp::Reverse(h.score),
                self.docs[h.index].title.len(),
                h.index,
            )
        });
        for h in hits.iter_mut().take(HIGHLIGHTED) {
            if names.get(h.index).is_some_and(|m| m.words != 0) {
                h.title_chars =
                    highlights(&self.matcher, &self.docs[h.index].title, &plan.name_words);
            }
        }
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
        for (rank, r) in remedies.iter().enumerate() {
            let r = *r as usize;
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
}

impl Index {
    /// For tuning: how `query` scores each of `docs` (corpus positions), clause by clause and
    /// field by field, with the final rank of each.
    #[doc(hidden)]
    pub fn debug_scores(&self, query: &str, docs: &[usize]) -> String {
        use std::fmt::Write;
        let plan = self.plan(query);
        let hits = self.rank(&plan, None);
        let weights = if plan.words.len() >= DESCRIPTION_WORDS {
            &DESCRIPTION_WEIGHTS
        } else {
            &WEIGHTS
        };
        let mut out = String::new();
        let _ = writeln!(out, "query {query:?} words {:?}", plan.words);
        for &doc in docs {
            let rank = hits.iter().position(|h| h.index == doc);
            let score = rank.map(|r| hits[r].score);
            let _ = writeln!(
                out,
                "  {} ({:?}) rank {:?} score {:?}",
                self.docs[doc].title,
                self.docs[doc].kind,
                rank.map(|r| r + 1),
                score
            );
            for clause in &plan.clauses {
                for e in &clause.expansions {
                    if usize::from(self.home[doc]) != e.table {
                        continue;
                    }
                    let postings = self.tables[e.table].postings(e.term);
                    if let Ok(at) = postings.binary_search_by_key(&(doc as u32), |p| p.0) {
                        let p = &postings[at];
                        let _ = writeln!(
                            out,
                            "    {:>14} f{:.2} idf{:.2} tf{:?} lens{:?} -> {:.2}",
                            e.word,
                            e.factor,
                            e.idf,
                            p.1,
                            self.lens[doc],
                            e.factor * self.bm25(e.idf, p, weights)
                        );
                    }
                }
            }
        }
        out
    }
}
