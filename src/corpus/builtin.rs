//! The built-in entries, compiled into the binary by `build.rs` as static data, and the
//! corpus built on them.

use super::deck::DeckFile;
use super::diagnostic::Diagnostic;
use super::entry::{Entry, Kind, Lowered, Origin, Verdict};
use super::link::Corpus;

/// A built-in entry as compiled into the binary.
struct StaticEntry {
    id: &'static str,
    kind: Kind,
    title: &'static str,
    aliases: &'static [&'static str],
    tags: &'static [&'static str],
    summary: &'static str,
    body: &'static str,
    related: &'static [&'static str],
    sources: &'static [&'static str],
    problem: Option<&'static str>,
    verdict: Option<Verdict>,
    statement: Option<&'static str>,
    why: Option<&'static str>,
    scenarios: &'static [&'static str],
    diagram: Option<&'static str>,
    file: &'static str,
    line: usize,
    lowered_text: &'static str,
    lowered_body: &'static str,
}

mod compiled {
    use super::{Kind, StaticEntry, Verdict};
    include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

impl StaticEntry {
    fn to_entry(&self) -> Entry {
        Entry {
            id: self.id.into(),
            kind: self.kind,
            title: self.title.into(),
            aliases: strings(self.aliases),
            tags: strings(self.tags),
            summary: self.summary.into(),
            body: self.body.into(),
            related: strings(self.related),
            sources: strings(self.sources),
            problem: self.problem.map(Into::into),
            verdict: self.verdict,
            statement: self.statement.map(Into::into),
            why: self.why.map(Into::into),
            scenarios: strings(self.scenarios),
            diagram: self.diagram.map(Into::into),
            origin: Origin {
                file: self.file.into(),
                line: self.line,
                builtin: true,
            },
            lowered: Some(Lowered {
                text: self.lowered_text,
                body: self.lowered_body,
            }),
        }
    }
}

/// What one-shot commands print of a built-in entry, straight from the compiled-in data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub id: &'static str,
    pub kind: Kind,
    pub title: &'static str,
}

/// The id, kind and title of each built-in entry, in corpus order ([`Corpus::embedded`]'s),
/// without building the corpus.
pub fn builtin_heads() -> impl ExactSizeIterator<Item = Head> {
    compiled::ENTRIES.iter().map(|e| Head {
        id: e.id,
        kind: e.kind,
        title: e.title,
    })
}

/// The built-in entries, already validated and linked.
fn builtin_entries() -> Vec<Entry> {
    compiled::ENTRIES
        .iter()
        .map(StaticEntry::to_entry)
        .collect()
}

impl Corpus {
    /// The built-in corpus alone. It was validated when archdeck was built, so the list of
    /// problems is always empty; it is returned for symmetry with the other loaders.
    pub fn embedded() -> (Corpus, Vec<Diagnostic>) {
        Corpus::load_onto(builtin_entries(), &[])
    }

    /// The built-in corpus plus the given user deck files.
    pub fn with_files(files: &[DeckFile]) -> (Corpus, Vec<Diagnostic>) {
        Corpus::load_onto(builtin_entries(), files)
    }
}
