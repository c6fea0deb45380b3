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

    /// The names of each built-in entry prepared for matching (see
    /// [`super::names::Names`]), by corpus position.
    pub fn names() -> &'static [(&'static [u32], &'static str)] {
        compiled::NAMES
    }

    /// Each built-in entry's linked remedies, as [`super::Index`] works them out.
    pub fn remedies() -> &'static [&'static [u32]] {
        compiled::REMEDIES
    }

    /// Each built-in rule's linked concepts and patterns (empty for the other kinds).
    pub fn endorses() -> &'static [&'static [u32]] {
        compiled::ENDORSES
    }

    /// The distinct words of the built-in entries' names, sorted.
    pub fn name_vocab() -> &'static [&'static str] {
        compiled::NAME_VOCAB
    }
}

impl TermTable for Compiled {
    fn term_count(&self) -> usize {
        compiled::TERMS.len()
    }
    fn term(&self, i: usize) -> &str {
        compiled::TERMS[i].0
    }
    fn postings(&self, i: usize) -> &[Posting] {
        compiled::TERMS[i].1
    }
    fn surface_count(&self) -> usize {
        compiled::SURFACE.len()
    }
    fn surface(&self, i: usize) -> (&str, u32) {
        compiled::SURFACE[i]
    }
}
