//! The raw shapes of a deck file, as TOML gives them (every field optional and carrying its
//! span), and an entry once validated, with the spans linking still needs.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::entry::Entry;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeck {
    #[serde(default)]
    pub(super) entry: Vec<Spanned<RawEntry>>,
}

pub(super) type S<T> = Option<Spanned<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub(super) id: S<String>,
    pub(super) kind: S<String>,
    pub(super) title: S<String>,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) tags: S<Vec<String>>,
    pub(super) summary: S<String>,
    pub(super) body: S<String>,
    #[serde(default)]
    pub(super) related: Vec<Spanned<String>>,
    pub(super) sources: S<Vec<String>>,
    pub(super) problem: S<String>,
    pub(super) verdict: S<String>,
    pub(super) statement: S<String>,
    pub(super) why: S<String>,
    pub(super) scenarios: S<Vec<String>>,
    pub(super) diagram: S<String>,
    #[serde(default)]
    pub(super) overrides: bool,
}

pub(super) struct ParsedEntry {
    pub(super) entry: Entry,
    pub(super) id_span: Range<usize>,
    pub(super) overrides: bool,
    pub(super) related_spans: Vec<Range<usize>>,
}

/// An entry skipped for its problems: what linking needs to report its `related` ids that do
/// not exist too, in the same run (they showed only once the other problems were fixed).
pub(super) struct Rejected {
    /// Its id, if it has one (an entry may not relate to itself).
    pub(super) id: Option<String>,
    pub(super) related: Vec<(String, Range<usize>)>,
}

/// One entry out of validation: linked into the corpus, or skipped.
pub(super) type Validated = Result<ParsedEntry, Rejected>;
