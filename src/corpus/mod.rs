//! The corpus: the built-in entries compiled in by `build.rs`, plus user decks loaded at run
//! time through the same schema and validation ([`schema`]).
//!
//! `build.rs` parses and validates `data/**/*.toml` when archdeck is compiled (a problem in the
//! built-in corpus fails the build with its `file:line:col`) and emits the entries as static
//! data, so start-up parses no TOML at all unless the user has decks of their own.

mod schema;

pub use schema::*;

use std::path::Path;

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

    /// The built-in corpus plus every user deck found at `user_paths` (files or folders; a
    /// folder that does not exist is skipped quietly, and the same folder given twice is read
    /// once).
    pub fn with_user_decks(user_paths: &[&Path]) -> (Corpus, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in user_paths.iter().filter(|p| p.exists()) {
            if seen.insert(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())) {
                DeckFile::read_user(path, &mut files, &mut problems);
            }
        }
        let (corpus, more) = Corpus::with_files(&files);
        problems.extend(more);
        (corpus, problems)
    }
}
