//! Term tables behind one interface: the built-in corpus's, compiled in by `build.rs` (no work
//! at start-up), and one built at load for the entries of user decks.

use std::ops::Range;

use super::postings::{OwnedTable, Posting};
use super::text::FIELDS;

mod compiled {
    use super::{FIELDS, Posting};
    include!(concat!(env!("OUT_DIR"), "/search_index.rs"));
}

/// Read access to a term table.
pub trait TermTable: Send + Sync {
    fn term_count(&self) -> usize;
    fn term(&self, i: usize) -> &str;
    fn postings(&self, i: usize) -> &[Posting];
    fn surface_count(&self) -> usize;
    /// A surface word and its term's place.
    fn surface(&self, i: usize) -> (&str, u32);

    /// The letters of surface word `i` as it sounds ([`super::text::sound_mask`]).
    fn surface_mask(&self, i: usize) -> u64 {
        super::text::sound_mask(self.surface(i).0)
    }

    /// The place of a term.
    fn find(&self, term: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.term_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The surface words that start with `prefix`, as a range of places.
    fn with_prefix(&self, prefix: &str) -> Range<usize> {
        let n = self.surface_count();
        let first = partition(n, |i| self.surface(i).0 < prefix);
        let last = first + partition(n - first, |i| self.surface(first + i).0.starts_with(prefix));
        first..last
    }
}

/// The first index in `0..n` for which `before` is false, `before` being true then false.
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl TermTable for OwnedTable {
    fn term_count(&self) -> usize {
        self.terms.len()
    }
    fn term(&self, i: usize) -> &str {
        &self.terms[i].0
    }
    fn postings(&self, i: usize) -> &[Posting] {
        &self.terms[i].1
    }
    fn surface_count(&self) -> usize {
        self.surface.len()
    }
    fn surface(&self, i: usize) -> (&str, u32) {
        let (s, t) = &self.surface[i];
        (s, *t)
    }
}

/// The `i`th of the strings packed into `text`, each ending where `ends` says.
fn nth_str(text: &'static str, ends: &[u32], i: usize) -> &'static str {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    text.get(start..ends[i] as usize).unwrap_or_default()
}

/// The `i`th of the lists packed into `all`, each ending where `ends` says.
fn nth_list<T>(all: &'static [T], ends: &[u32], i: usize) -> &'static [T] {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    all.get(start..ends[i] as usize).unwrap_or_default()
}

/// The built-in corpus's table, compiled in.
pub struct Compiled;

impl Compiled {
    /// The id of each built-in entry, by corpus position.
    pub fn ids() -> &'static [&'static str] {
        compiled::IDS
    }

    /// The length of each built-in entry's fields, by corpus position.
    pub fn lens() -> &'static [[u16; FIELDS]] {
        compiled::LENS
    }

    /// The names of built-in entry `i` prepared for matching (see [`super::names::Names`]).
    pub fn names(i: usize) -> Option<(&'static [u32], &'static str)> {
        (i < compiled::COMPACT_ENDS.len()).then(|| {
            (
                nth_list(compiled::NAME_IDS, compiled::NAME_IDS_ENDS, i),
                nth_str(compiled::COMPACT_TEXT, compiled::COMPACT_ENDS, i),
            )
        })
    }

    /// Built-in entry `i`'s linked remedies, as [`super::Index`] works them out.
    pub fn remedies(i: usize) -> &'static [u32] {
        nth_list(compiled::REMEDIES, compiled::REMEDIES_ENDS, i)
    }

    /// Built-in rule `i`'s linked concepts and patterns (empty for the other kinds).
    pub fn endorses(i: usize) -> &'static [u32] {
        nth_list(compiled::ENDORSES, compiled::ENDORSES_ENDS, i)
    }

    /// The distinct words of the built-in entries' names, sorted.
    pub fn name_vocab() -> impl ExactSizeIterator<Item = &'static str> {
        (0..compiled::NAME_VOCAB_ENDS.len())
            .map(|i| nth_str(compiled::NAME_VOCAB_TEXT, compiled::NAME_VOCAB_ENDS, i))
    }
}

impl TermTable for Compiled {
    fn term_count(&self) -> usize {
        compiled::TERM_ENDS.len()
    }
    fn term(&self, i: usize) -> &str {
        nth_str(compiled::TERM_TEXT, compiled::TERM_ENDS, i)
    }
    fn postings(&self, i: usize) -> &[Posting] {
        nth_list(compiled::POSTINGS, compiled::POSTING_ENDS, i)
    }
    fn surface_count(&self) -> usize {
        compiled::SURFACE_ENDS.len()
    }
    fn surface(&self, i: usize) -> (&str, u32) {
        (
            nth_str(compiled::SURFACE_TEXT, compiled::SURFACE_ENDS, i),
            compiled::SURFACE_TERMS[i],
        )
    }
    fn surface_mask(&self, i: usize) -> u64 {
        compiled::SURFACE_MASKS[i]
    }
}
