//! From a plan to ranked hits: the plan's clauses (see [`super::plan`]) scored with BM25F
//! over the fields, combined with the name match, and kept only above a confidence floor.

use super::Hit;
use super::index::{DESCRIPTION_WEIGHTS, DESCRIPTION_WORDS, Index, WEIGHTS};
use super::names::{NameMatch, highlights};
use super::plan::{Expansion, Plan};
use super::text::FIELDS;
use crate::corpus::Kind;

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

impl Index {
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
