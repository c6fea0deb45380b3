//! Linking: the validated entries of every deck file put together into one [`Corpus`], with
//! duplicate ids, built-in overrides, `related` links and backlinks resolved.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use super::deck::DeckFile;
use super::diagnostic::{Diagnostic, LineIndex};

/// Problems reported in one entry's `related` before the rest are only counted.
const MAX_LINK_PROBLEMS: usize = 20;
use super::entry::{Entry, Kind};
use super::parse::parse_file;
use super::raw::{ParsedEntry, Rejected};

/// A hash map with a fast, non-cryptographic hasher (ids come from our own decks).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The validated, cross-linked set of entries.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    entries: Vec<Entry>,
    by_id: FastMap<String, usize>,
    backlinks: Vec<Vec<usize>>,
}

impl Corpus {
    /// Loads and validates deck files, built-in ones first. Returns every valid entry and a
    /// diagnostic for each problem; invalid entries are skipped.
    pub fn load(files: &[DeckFile]) -> (Corpus, Vec<Diagnostic>) {
        Corpus::load_onto(Vec::new(), files)
    }

    /// Like [`Corpus::load`], on top of entries that are already validated and linked (the
    /// built-in corpus, compiled in by `build.rs`).
    pub fn load_onto(base: Vec<Entry>, files: &[DeckFile]) -> (Corpus, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut by_id: FastMap<String, usize> = base
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut entries: Vec<Entry> = base;
        let mut pending_links = Vec::new();
        // Entries skipped for their problems: their `related` ids are checked all the same.
        let mut rejected: Vec<(Rejected, usize)> = Vec::new();

        // Links wait for every id; each remembers its file by index (cloning the file's text per
        // entry made loading quadratic in the deck's size).
        for (f, file) in files.iter().enumerate() {
            for parsed in parse_file(file, &mut problems) {
                let parsed = match parsed {
                    Ok(parsed) => parsed,
                    Err(skipped) => {
                        rejected.push((skipped, f));
                        continue;
                    }
                };
                let ParsedEntry {
                    entry,
                    id_span,
                    overrides,
                    related_spans,
                } = parsed;
                let diag = |msg: String| file.diagnostic(id_span.clone(), msg);
                match by_id.get(&entry.id).copied() {
                    Some(i) if overrides && !file.builtin && entries[i].origin.builtin => {
                        entries[i] = entry;
                        pending_links.retain(|(j, _, _): &(usize, _, _)| *j != i);
                        pending_links.push((i, related_spans, f));
                    }
                    Some(i) => {
                        let first = &entries[i].origin;
                        let hint = if first.builtin && !file.builtin {
                            "; rename it, or set `overrides = true` to replace the built-in entry"
                        } else {
                            "; ids must be unique"
                        };
                        problems.push(diag(format!(
                            "duplicate id `{}`, already defined at {}:{}{hint}",
                            entry.id, first.file, first.line
                        )));
                        let related = entry.related.into_iter().zip(related_spans).collect();
                        let skipped = Rejected {
                            id: Some(entry.id),
                            related,
                        };
                        rejected.push((skipped, f));
                    }
                    None => {
                        if overrides {
                            problems.push(diag(format!(
                                "`overrides = true` but no built-in entry has the id `{}`; remove `overrides`",
                                entry.id
                            )));
                        }
                        by_id.insert(entry.id.clone(), entries.len());
                        pending_links.push((entries.len(), related_spans, f));
                        entries.push(entry);
                    }
                }
            }
        }

        // Resolve `related` now that every id is known; dangling links are reported and dropped.
        // Linear in the number of links: a line index per file, a set for duplicates, and at
        // most MAX_LINK_PROBLEMS reports per entry (then one line counting the rest).
        let mut indexes: Vec<Option<LineIndex>> = vec![None; files.len()];
        for (i, spans, f) in pending_links {
            let file = &files[f];
            let index = indexes[f].get_or_insert_with(|| LineIndex::new(&file.text));
            let targets = entries[i].related.iter().map(String::as_str).zip(spans);
            let kept = check_related(Some(&entries[i].id), targets, &by_id, |span, message| {
                problems.push(diagnostic(file, index, span, message));
            });
            entries[i].related = kept;
        }
        // Skipped entries link nowhere, but their dangling ids are reported in the same run.
        for (skipped, f) in rejected {
            let file = &files[f];
            let index = indexes[f].get_or_insert_with(|| LineIndex::new(&file.text));
            let targets = skipped.related.iter().map(|(t, s)| (t.as_str(), s.clone()));
            check_related(skipped.id.as_deref(), targets, &by_id, |span, message| {
                problems.push(diagnostic(file, index, span, message));
            });
        }

        let mut backlinks = vec![Vec::new(); entries.len()];
        for (i, entry) in entries.iter().enumerate() {
            for target in &entry.related {
                if let Some(&j) = by_id.get(target) {
                    backlinks[j].push(i);
                }
            }
        }
        problems.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        (
            Corpus {
                entries,
                by_id,
                backlinks,
            },
            problems,
        )
    }

    /// All entries, built-in first, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of the entry with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.position(id).map(|i| &self.entries[i])
    }

    /// Entries that list this one in their `related`.
    pub fn backlinks(&self, index: usize) -> impl Iterator<Item = &Entry> {
        self.backlinks
            .get(index)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// The positions of the patterns, rules and principles linked to or from the entry at
    /// `index`: the remedies search ranks for "avoid …" queries about it. (The build script
    /// compiles them in with this same function.)
    pub fn remedies(&self, index: usize) -> Vec<u32> {
        let Some(entry) = self.entries.get(index) else {
            return Vec::new();
        };
        entry
            .related
            .iter()
            .filter_map(|id| self.position(id))
            .chain(self.backlinks[index].iter().copied())
            .filter(|&j| {
                matches!(
                    self.entries[j].kind,
                    Kind::Pattern | Kind::Rule | Kind::Principle
                )
            })
            .map(|j| j as u32)
            .collect()
    }

    /// For a rule at `index`, the positions of the patterns and concepts it links to: the ideas
    /// its advice rests on, which a description matching the rule also fits. Empty for other
    /// kinds.
    pub fn endorses(&self, index: usize) -> Vec<u32> {
        match self.entries.get(index) {
            Some(entry) if entry.kind == Kind::Rule => entry
                .related
                .iter()
                .filter_map(|id| self.position(id))
                .filter(|&j| matches!(self.entries[j].kind, Kind::Pattern | Kind::Concept))
                .map(|j| j as u32)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The entries this one relates to, in the order given.
    pub fn related(&self, entry: &Entry) -> impl Iterator<Item = &Entry> {
        entry.related.iter().filter_map(|id| self.get(id))
    }
}

/// A problem at `span` of `file`, located through the file's line index.
fn diagnostic(
    file: &DeckFile,
    index: &LineIndex,
    span: std::ops::Range<usize>,
    message: String,
) -> Diagnostic {
    let (line, col) = index.line_col(&file.text, span.start);
    Diagnostic {
        file: file.name.clone(),
        line,
        col,
        message,
    }
}

/// Checks the `related` ids of the entry with the id `own` (with their spans): each one that does not
/// exist, or names the entry itself, is reported (at most [`MAX_LINK_PROBLEMS`], then one
/// report counting the rest). Returns the ids that resolve, each once, in order.
fn check_related<'a>(
    own: Option<&str>,
    targets: impl Iterator<Item = (&'a str, std::ops::Range<usize>)>,
    by_id: &FastMap<String, usize>,
    mut report: impl FnMut(std::ops::Range<usize>, String),
) -> Vec<String> {
    let mut kept = Vec::new();
    let mut seen: std::collections::HashSet<&str, BuildHasherDefault<FxHasher>> =
        Default::default();
    let mut reported = 0usize;
    let mut more = None;
    for (target, span) in targets {
        let itself = own == Some(target);
        let message = if by_id.contains_key(target) && !itself {
            if seen.insert(target) {
                kept.push(target.to_string());
            }
            continue;
        } else if itself {
            format!("`{target}` relates to itself")
        } else {
            format!("related id `{target}` does not exist; fix the id or remove it")
        };
        reported += 1;
        if reported <= MAX_LINK_PROBLEMS {
            report(span, message);
        } else if more.is_none() {
            more = Some(span);
        }
    }
    if let Some(span) = more {
        report(
            span,
            format!(
                "and {} more problems in `related` (ids that do not exist or relate to the entry itself)",
                reported - MAX_LINK_PROBLEMS
            ),
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Verdict;

    fn deck(name: &str, text: &str, builtin: bool) -> DeckFile {
        DeckFile {
            name: name.into(),
            text: text.into(),
            builtin,
        }
    }

    const GOOD: &str = r#"
[[entry]]
id = "a"
kind = "concept"
title = "Alpha"
tags = ["t"]
summary = "First."
body = "Body."
related = ["b"]
sources = ["me"]

[[entry]]
id = "b"
kind = "rule"
title = "Beta"
tags = ["t"]
summary = "Second."
verdict = "dont"
statement = "Something."
why = "Because."
body = "Body."
related = ["a"]
sources = ["me"]
"#;

    #[test]
    fn loads_and_links() {
        let (c, problems) = Corpus::load(&[deck("x.toml", GOOD, true)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.len(), 2);
        let a = c.position("a").unwrap();
        assert_eq!(
            c.backlinks(a).map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(c.get("b").unwrap().verdict, Some(Verdict::Dont));
        assert_eq!(c.get("b").unwrap().origin.line, 13);
    }

    #[test]
    fn user_override_replaces_builtin_and_clash_is_reported() {
        let user =
            GOOD.replace("Alpha", "Mine")
                .replacen("id = \"a\"", "id = \"a\"\noverrides = true", 1);
        let (c, problems) =
            Corpus::load(&[deck("b.toml", GOOD, true), deck("u.toml", &user, false)]);
        assert_eq!(c.get("a").unwrap().title, "Mine");
        // `b` is not overridden, so it clashes.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .to_string()
                .starts_with("u.toml:14:6: duplicate id `b`"),
            "{}",
            problems[0]
        );
    }
}
