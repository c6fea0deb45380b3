//! The inverted index's tables: each term (a stem) with its postings, and each surface word
//! (a normalised word as written, before stemming) with its term, for prefix and typo lookups.
//! `build.rs` includes this file to build the built-in corpus's table at compile time and
//! writes it out as static data ([`super::segment`] reads it back without any work).

use std::collections::HashMap;

use super::text::{FIELDS, index_terms};

/// One entry's occurrences of a term: its corpus position and how often the term appears in
/// each field (saturating at 255).
pub type Posting = (u32, [u8; FIELDS]);

/// A term table built at run time (user decks), or at compile time before it is written out.
#[derive(Debug, Default)]
pub struct OwnedTable {
    /// Sorted by term; postings sorted by position.
    pub terms: Vec<(String, Vec<Posting>)>,
    /// Sorted by surface word; the number is the term's place in `terms`.
    pub surface: Vec<(String, u32)>,
    /// Each entry's length in words, per field.
    pub lens: Vec<(u32, [u16; FIELDS])>,
}

impl OwnedTable {
    /// Indexes entries given as (corpus position, text of each field), in increasing position.
    pub fn build(
        stemmer: &rust_stemmers::Stemmer,
        docs: impl Iterator<Item = (u32, [String; FIELDS])>,
    ) -> OwnedTable {
        let mut postings: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut surfaces: HashMap<String, String> = HashMap::new();
        let mut lens = Vec::new();
        for (doc, fields) in docs {
            let mut len = [0u16; FIELDS];
            for (f, text) in fields.iter().enumerate() {
                let (terms, n) = index_terms(stemmer, text);
                len[f] = n.min(usize::from(u16::MAX)) as u16;
                for (surface, stem) in terms {
                    let list = match postings.get_mut(&stem) {
                        Some(list) => list,
                        None => postings.entry(stem.clone()).or_default(),
                    };
                    match list.last_mut() {
                        Some((d, tf)) if *d == doc => tf[f] = tf[f].saturating_add(1),
                        _ => {
                            let mut tf = [0u8; FIELDS];
                            tf[f] = 1;
                            list.push((doc, tf));
                        }
                    }
                    surfaces.entry(surface).or_insert(stem);
                }
            }
            lens.push((doc, len));
        }
        let mut terms: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let ids: HashMap<&str, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.as_str(), i as u32))
            .collect();
        let mut surface: Vec<(String, u32)> = surfaces
            .into_iter()
            .filter_map(|(s, stem)| ids.get(stem.as_str()).map(|&id| (s, id)))
            .collect();
        surface.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        OwnedTable {
            terms,
            surface,
            lens,
        }
    }
}
