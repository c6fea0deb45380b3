//! The index: every entry's names, and the term tables with BM25F statistics.

use std::borrow::Cow;

use fuzzy_matcher::skim::SkimMatcherV2;
use rust_stemmers::Stemmer;

use super::names::{NameVocab, Names};
use super::postings::{OwnedTable, Posting};
use super::segment::{Compiled, TermTable};
use super::text::{FIELDS, field_texts, stemmer};
use crate::corpus::{Corpus, Entry, Kind, builtin_heads};

/// Field weights: title, aliases, tags, summary, problem / statement, scenarios,
/// body. A word in the title says far more about what an entry is than one in its body.
/// The body weighs half a summary word's share of a field: bodies run to hundreds of words and
/// mention many ideas in passing, and with 549 entries a long body's passing words (saga's
/// "undo", "steps", "already") outscored the entry whose summary and problem are about them.
pub const WEIGHTS: [f32; FIELDS] = [6.0, 5.0, 2.5, 3.0, 2.0, 1.5, 0.5];
/// Field weights for descriptions (queries of [`DESCRIPTION_WORDS`] or more meaningful words):
/// what an entry is about, in its summary and problem, counts for more than a word its name
/// shares with the query.
pub const DESCRIPTION_WEIGHTS: [f32; FIELDS] = [3.0, 2.5, 2.0, 3.0, 2.0, 1.5, 0.5];
/// From this many meaningful words, a query is a description.
pub const DESCRIPTION_WORDS: usize = 5;
/// Length normalisation per field (BM25's `b`): names are short and barely normalised.
const B: [f32; FIELDS] = [0.3, 0.3, 0.3, 0.6, 0.6, 0.6, 0.75];
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;

pub(super) struct Doc {
    pub kind: Kind,
    pub title: Cow<'static, str>,
    pub names: Names,
    /// Positions of related entries that are remedies (patterns, rules, principles).
    pub remedies: Cow<'static, [u32]>,
    /// For a rule, the concepts and patterns it links to: the ideas its advice applies.
    pub endorses: Cow<'static, [u32]>,
}

/// The search index over a corpus.
pub struct Index {
    pub(super) docs: Vec<Doc>,
    /// The compiled-in table of the built-in entries, then the table of the other entries.
    pub(super) tables: Vec<Box<dyn TermTable>>,
    /// For each entry, the table whose postings are its own (a user deck may override a
    /// built-in entry, whose compiled postings then no longer count).
    pub(super) home: Vec<u8>,
    pub(super) lens: Vec<[u16; FIELDS]>,
    /// How many compiled-in entries are indexed in the run-time table instead.
    overridden: usize,
    /// Average field lengths.
    pub(super) avg: [f32; FIELDS],
    pub(super) matcher: SkimMatcherV2,
    pub(super) stemmer: Stemmer,
    /// The words of every entry's names.
    pub(super) vocab: NameVocab,
}

/// The text of each field of an entry.
pub fn entry_fields(e: &Entry) -> [String; FIELDS] {
    field_texts(
        &e.title,
        &e.aliases,
        &e.tags,
        &e.summary,
        e.problem.as_deref(),
        e.statement.as_deref(),
        e.why.as_deref(),
        &e.scenarios,
        &e.body,
    )
}

impl Index {
    /// Indexes a corpus. The built-in entries come with their postings compiled in; only the
    /// entries of user decks are tokenised here.
    pub fn new(corpus: &Corpus) -> Index {
        Index::build(corpus, true)
    }

    /// Indexes every entry at run time, ignoring the compiled-in table (for tests: both ways
    /// must rank alike).
    #[doc(hidden)]
    pub fn new_at_run_time(corpus: &Corpus) -> Index {
        Index::build(corpus, false)
    }

    fn build(corpus: &Corpus, use_compiled: bool) -> Index {
        let entries = corpus.entries();
        let ids = Compiled::ids();
        let compiled = |i: usize, e: &Entry| {
            use_compiled
                && e.origin.builtin
                && e.lowered.is_some()
                && ids.get(i) == Some(&e.id.as_str())
        };
        let home: Vec<u8> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| u8::from(!compiled(i, e)))
            .collect();
        let stemmer = stemmer();
        let owned = OwnedTable::build(
            &stemmer,
            entries
                .iter()
                .enumerate()
                .filter(|&(i, _)| home[i] == 1)
                .map(|(i, e)| (i as u32, entry_fields(e))),
        );
        let mut lens = vec![[0u16; FIELDS]; entries.len()];
        for (i, len) in Compiled::lens().iter().enumerate().take(entries.len()) {
            if home[i] == 0 {
                lens[i] = *len;
            }
        }
        for (doc, len) in &owned.lens {
            lens[*doc as usize] = *len;
        }
        let mut avg = [0f32; FIELDS];
        for len in &lens {
            for (a, l) in avg.iter_mut().zip(len) {
                *a += f32::from(*l);
            }
        }
        for a in &mut avg {
            *a = (*a / entries.len().max(1) as f32).max(1.0);
        }
        let mut vocab = NameVocab::compiled(Compiled::name_vocab());
        let docs = entries
            .iter()
            .enumerate()
            .map(|(i, e)| Doc {
                kind: e.kind,
                title: Cow::Owned(e.title.clone()),
                names: match Compiled::names(i) {
                    Some((ids, compact)) if home[i] == 0 => Names::compiled(ids, compact),
                    _ => vocab.names(&e.title, &e.aliases),
                },
                remedies: Cow::Owned(corpus.remedies(i)),
                endorses: Cow::Owned(corpus.endorses(i)),
            })
            .collect();
        let overridden = (0..ids.len().min(entries.len()))
            .filter(|&i| home[i] != 0)
            .count()
            + ids.len().saturating_sub(entries.len());
        Index {
            docs,
            tables: vec![Box::new(Compiled), Box::new(owned)],
            overridden,
            home,
            lens,
            avg,
            matcher: SkimMatcherV2::default(),
            stemmer,
            vocab,
        }
    }

    /// The index of the built-in corpus alone ([`Corpus::embedded`]), entirely from data
    /// compiled in: for one-shot commands when there are no user decks, which then need not
    /// build the corpus at all. Ranks exactly as `Index::new(&Corpus::embedded().0)`.
    pub fn builtin() -> Index {
        let lens = Compiled::lens().to_vec();
        let n = lens.len();
        let mut avg = [0f32; FIELDS];
        for len in &lens {
            for (a, l) in avg.iter_mut().zip(len) {
                *a += f32::from(*l);
            }
        }
        for a in &mut avg {
            *a = (*a / n.max(1) as f32).max(1.0);
        }
        let docs = builtin_heads()
            .enumerate()
            .map(|(i, h)| {
                let (ids, compact) = Compiled::names(i).unwrap_or_default();
                Doc {
                    kind: h.kind,
                    title: Cow::Borrowed(h.title),
                    names: Names::compiled(ids, compact),
                    remedies: Cow::Borrowed(Compiled::remedies(i)),
                    endorses: Cow::Borrowed(Compiled::endorses(i)),
                }
            })
            .collect();
        Index {
            docs,
            tables: vec![Box::new(Compiled), Box::new(OwnedTable::default())],
            overridden: 0,
            home: vec![0; n],
            lens,
            avg,
            matcher: SkimMatcherV2::default(),
            stemmer: stemmer(),
            vocab: NameVocab::compiled(Compiled::name_vocab()),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The number of entries a term (a stem) occurs in.
    pub(super) fn df(&self, term: &str) -> usize {
        self.tables
            .iter()
            .enumerate()
            .filter_map(|(k, t)| {
                let postings = t.postings(t.find(term)?);
                // Count only the entries this table holds (not those a user deck overrode).
                Some(if k == 0 && self.overridden > 0 {
                    postings
                        .iter()
                        .filter(|p| self.home.get(p.0 as usize) == Some(&0))
                        .count()
                } else {
                    postings.len()
                })
            })
            .sum()
    }

    /// Inverse document frequency of a term found in `df` entries.
    pub(super) fn idf(&self, df: usize) -> f32 {
        let n = self.docs.len() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25F: the weighted, length-normalised frequency over the fields, saturated once.
    pub(super) fn bm25(&self, idf: f32, posting: &Posting, weights: &[f32; FIELDS]) -> f32 {
        let (doc, tf) = posting;
        let len = &self.lens[*doc as usize];
        let mut w = 0.0;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                let norm = 1.0 - B[f] + B[f] * f32::from(len[f]) / self.avg[f];
                w += weights[f] * f32::from(tf[f]) / norm;
            }
        }
        idf * w * (K1 + 1.0) / (K1 + w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled-in index must be the one built from the embedded corpus, entry by entry,
    /// so that `search` ranks alike with and without user decks.
    #[test]
    fn builtin_index_is_the_embedded_corpus_index() {
        let (corpus, _) = Corpus::embedded();
        let a = Index::builtin();
        let b = Index::new(&corpus);
        assert_eq!(a.docs.len(), b.docs.len());
        assert_eq!(a.home, b.home);
        assert_eq!(a.lens, b.lens);
        assert_eq!(a.avg, b.avg);
        assert_eq!(a.overridden, b.overridden);
        for (i, (x, y)) in a.docs.iter().zip(&b.docs).enumerate() {
            assert_eq!(x.kind, y.kind, "{i}");
            assert_eq!(x.title, y.title, "{i}");
            assert_eq!(x.remedies, y.remedies, "{i}");
            assert_eq!(x.endorses, y.endorses, "{i}");
            assert_eq!(format!("{:?}", x.names), format!("{:?}", y.names), "{i}");
        }
        for q in [
            "circuit",
            "stop hammering a dependency",
            "avoid cascading failures",
            "dlq",
        ] {
            assert_eq!(a.query(q, None), b.query(q, None), "{q}");
        }
    }
}
