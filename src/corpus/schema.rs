//! The deck schema and its loader: entries parsed from TOML, validated, sanitised and
//! cross-linked. `build.rs` includes this file too, to validate and compile in the built-in
//! corpus, so it depends on nothing but `serde`, `toml` and [`crate::sanitize`].
//!
//! The built-in decks are embedded at compile time (see `build.rs`); user decks use the same
//! schema (documented in `data/README.md`). Loading never stops at the first problem: every
//! problem becomes a [`Diagnostic`] with `file:line:col`, the broken entry (or, for a TOML
//! syntax error, the broken file) is skipped, and everything valid is kept.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

/// A hash map with a fast, non-cryptographic hasher (ids come from our own decks).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::sanitize::{Lines, clean};

/// What sort of knowledge an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An idea or term: CAP theorem, idempotency.
    Concept,
    /// A reusable solution to a recurring problem: circuit breaker, saga.
    Pattern,
    /// A value or guiding principle: a software virtue, a twelve-factor rule.
    Principle,
    /// A do or don't, with a verdict and the reason for it.
    Rule,
    /// One of the fallacies of distributed computing.
    Fallacy,
    /// A book, article or talk worth knowing.
    Reference,
    /// A named law or rule of thumb: Conway's law, Hyrum's law, Little's law.
    Law,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 7] = [
        Kind::Concept,
        Kind::Pattern,
        Kind::Principle,
        Kind::Rule,
        Kind::Fallacy,
        Kind::Law,
        Kind::Reference,
    ];

    /// The name used in decks and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Concept => "concept",
            Kind::Pattern => "pattern",
            Kind::Principle => "principle",
            Kind::Rule => "rule",
            Kind::Fallacy => "fallacy",
            Kind::Reference => "reference",
            Kind::Law => "law",
        }
    }

    /// Parses a kind name, accepting the plural too (`patterns`).
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase();
        let singular = match name.as_str() {
            "fallacies" => "fallacy",
            other => other.strip_suffix('s').unwrap_or(other),
        };
        Kind::ALL.into_iter().find(|k| k.as_str() == singular)
    }

    /// A one-letter marker for lists.
    pub fn marker(self) -> char {
        match self {
            Kind::Concept => 'C',
            Kind::Pattern => 'P',
            Kind::Principle => 'V',
            Kind::Rule => 'R',
            Kind::Fallacy => 'F',
            Kind::Reference => 'B',
            Kind::Law => 'L',
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The widest a diagram may be, in columns.
pub const DIAGRAM_WIDTH: usize = 76;

/// A rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A practice to follow.
    Do,
    /// A practice to avoid.
    Dont,
}

impl Verdict {
    /// The label shown to users: `DO` or `DON'T`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Do => "DO",
            Verdict::Dont => "DON'T",
        }
    }
}

/// Where an entry was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as shown in messages (`data/patterns/resilience.toml`).
    pub file: String,
    /// 1-based line of the entry's `id`.
    pub line: usize,
    /// Whether the entry ships with archdeck.
    pub builtin: bool,
}

/// One piece of knowledge.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub body: String,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Patterns: the situation that calls for the pattern.
    pub problem: Option<String>,
    /// Rules: do or don't.
    pub verdict: Option<Verdict>,
    /// Rules: the practice, phrased neutrally.
    pub statement: Option<String>,
    /// Rules: the reason for the verdict.
    pub why: Option<String>,
    /// Fallacies and laws: situations where the fallacy or the law bites.
    pub scenarios: Vec<String>,
    /// A text diagram (box-drawing characters, at most [`DIAGRAM_WIDTH`] columns), shown
    /// unwrapped.
    pub diagram: Option<String>,
    pub origin: Origin,
    /// For built-in entries, the lower-cased text that search matches, computed when archdeck
    /// was built ([`search_text`]); `None` for entries from user decks.
    pub lowered: Option<Lowered>,
}

/// Lower-cased search text compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lowered {
    /// Summary, problem and statement.
    pub text: &'static str,
    pub body: &'static str,
}

/// The lower-cased text search matches against an entry: summary, problem and statement
/// joined by spaces, and the body.
pub fn search_text(e: &Entry) -> (String, String) {
    let mut text = e.summary.to_lowercase();
    for extra in [&e.problem, &e.statement].into_iter().flatten() {
        text.push(' ');
        text.push_str(&extra.to_lowercase());
    }
    (text, e.body.to_lowercase())
}

/// A problem found while loading decks, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// The text of one deck file and where it came from.
#[derive(Debug, Clone)]
pub struct DeckFile {
    /// The path shown in messages.
    pub name: String,
    pub text: String,
    pub builtin: bool,
}

impl DeckFile {
    /// Reads a user deck, or every `*.toml` file (sorted) in a directory. A file that cannot be
    /// read becomes a diagnostic rather than an error, so that one bad file never hides the rest.
    pub fn read_user(path: &Path, files: &mut Vec<DeckFile>, problems: &mut Vec<Diagnostic>) {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut paths: Vec<_> = match std::fs::read_dir(path) {
                Ok(dir) => dir
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                    .collect(),
                Err(e) => {
                    problems.push(Diagnostic::at_start(
                        &shown,
                        format!("cannot read deck folder: {e}"),
                    ));
                    return;
                }
            };
            paths.sort();
            for p in paths {
                Self::read_user(&p, files, problems);
            }
            return;
        }
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(DeckFile {
                    name: shown,
                    text,
                    builtin: false,
                }),
                Err(e) => {
                    let (line, col) = line_col(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    problems.push(Diagnostic {
                        file: shown,
                        line,
                        col,
                        message: "deck is not valid UTF-8; save it as UTF-8".into(),
                    });
                }
            },
            Err(e) => problems.push(Diagnostic::at_start(
                &shown,
                format!("cannot read deck: {e}"),
            )),
        }
    }
}

impl Diagnostic {
    fn at_start(file: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: 1,
            col: 1,
            message,
        }
    }
}

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

        // Links wait for every id; each remembers its file by index (cloning the file's text per
        // entry made loading quadratic in the deck's size).
        for (f, file) in files.iter().enumerate() {
            for parsed in parse_file(file, &mut problems) {
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
        for (i, spans, f) in pending_links {
            let file = &files[f];
            let mut kept = Vec::new();
            for (target, span) in entries[i].related.iter().zip(spans) {
                if by_id.contains_key(target) && *target != entries[i].id {
                    if !kept.contains(target) {
                        kept.push(target.clone());
                    }
                } else if *target == entries[i].id {
                    problems.push(file.diagnostic(span, format!("`{target}` relates to itself")));
                } else {
                    problems.push(file.diagnostic(
                        span,
                        format!("related id `{target}` does not exist; fix the id or remove it"),
                    ));
                }
            }
            entries[i].related = kept;
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

    /// The entries this one relates to, in the order given.
    pub fn related(&self, entry: &Entry) -> impl Iterator<Item = &Entry> {
        entry.related.iter().filter_map(|id| self.get(id))
    }
}

impl DeckFile {
    fn diagnostic(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, col) = line_col(&self.text, span.start);
        Diagnostic {
            file: self.name.clone(),
            line,
            col,
            message,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

type S<T> = Option<Spanned<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: S<String>,
    kind: S<String>,
    title: S<String>,
    #[serde(default)]
    aliases: Vec<String>,
    tags: S<Vec<String>>,
    summary: S<String>,
    body: S<String>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    sources: S<Vec<String>>,
    problem: S<String>,
    verdict: S<String>,
    statement: S<String>,
    why: S<String>,
    scenarios: S<Vec<String>>,
    diagram: S<String>,
    #[serde(default)]
    overrides: bool,
}

struct ParsedEntry {
    entry: Entry,
    id_span: Range<usize>,
    overrides: bool,
    related_spans: Vec<Range<usize>>,
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Files at least this large are parsed in parallel, in chunks split between entries.
const PARALLEL_BYTES: usize = 1 << 20;

fn parse_file(file: &DeckFile, problems: &mut Vec<Diagnostic>) -> Vec<ParsedEntry> {
    // Byte offsets where lines start, so each entry's line is a binary search.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            file.text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    if file.text.len() >= PARALLEL_BYTES
        && let Some(parsed) = parse_in_chunks(file, &line_starts, problems)
    {
        return parsed;
    }
    let deck: RawDeck = match toml::from_str(&file.text) {
        Ok(deck) => deck,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().replace('\n', " ");
            problems.push(file.diagnostic(span, format!("{message}; the whole file was skipped")));
            return Vec::new();
        }
    };
    if deck.entry.is_empty() && !file.text.trim().is_empty() {
        problems.push(file.diagnostic(0..0, "no `[[entry]]` tables in this file".into()));
    }
    deck.entry
        .into_iter()
        .filter_map(|raw| {
            let start = raw.span();
            validate(file, raw.into_inner(), start, &line_starts, problems)
        })
        .collect()
}

/// Where to cut `text` into about `n` pieces: at the start of an `[[entry]]` line that is not
/// inside a multi-line string. Returns the cut offsets with 0 first and the length last.
fn chunk_bounds(text: &str, n: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    for k in 1..n {
        let mut from = (text.len() * k / n).max(bounds.last().copied().unwrap_or(0) + 1);
        while let Some(found) = text.get(from..).and_then(|rest| rest.find("\n[[entry]]")) {
            let cut = from + found + 1;
            let before = &text[..cut];
            if before.matches("\"\"\"").count().is_multiple_of(2)
                && before.matches("'''").count().is_multiple_of(2)
            {
                bounds.push(cut);
                break;
            }
            from = cut;
        }
    }
    bounds.push(text.len());
    bounds.dedup();
    bounds
}

/// Parses a large file on several threads. Returns `None` (and the caller parses the file
/// whole, which reports any syntax error exactly) if a chunk does not parse on its own.
fn parse_in_chunks(
    file: &DeckFile,
    line_starts: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<ParsedEntry>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let bounds = chunk_bounds(&file.text, threads);
    if threads < 2 || bounds.len() < 3 {
        return None;
    }
    let results: Vec<Option<(Vec<ParsedEntry>, Vec<Diagnostic>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let (start, end) = (w[0], w[1]);
                scope.spawn(move || {
                    let deck: RawDeck = toml::from_str(&file.text[start..end]).ok()?;
                    let mut found = Vec::new();
                    let parsed = deck
                        .entry
                        .into_iter()
                        .filter_map(|raw| {
                            let span = shift_range(raw.span(), start);
                            validate(
                                file,
                                raw.into_inner().shifted(start),
                                span,
                                line_starts,
                                &mut found,
                            )
                        })
                        .collect();
                    Some((parsed, found))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut all = Vec::new();
    for result in results {
        let (parsed, found) = result?;
        all.extend(parsed);
        problems.extend(found);
    }
    Some(all)
}

fn shift_range(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn shift<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = shift_range(s.span(), by);
    Spanned::new(span, s.into_inner())
}

impl RawEntry {
    /// The entry with every span moved `by` bytes, for a chunk parsed apart from its file.
    fn shifted(self, by: usize) -> RawEntry {
        let sh = |s: S<String>| s.map(|s| shift(s, by));
        RawEntry {
            id: sh(self.id),
            kind: sh(self.kind),
            title: sh(self.title),
            aliases: self.aliases,
            tags: self.tags.map(|s| shift(s, by)),
            summary: sh(self.summary),
            body: sh(self.body),
            related: self.related.into_iter().map(|s| shift(s, by)).collect(),
            sources: self.sources.map(|s| shift(s, by)),
            problem: sh(self.problem),
            verdict: sh(self.verdict),
            statement: sh(self.statement),
            why: sh(self.why),
            scenarios: self.scenarios.map(|s| shift(s, by)),
            diagram: sh(self.diagram),
            overrides: self.overrides,
        }
    }
}

fn text(field: &S<String>, lines: Lines) -> Option<String> {
    field
        .as_ref()
        .map(|s| clean(s.get_ref().trim(), lines).into_owned())
        .filter(|s| !s.is_empty())
}

fn list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| clean(s.trim(), Lines::Fold).into_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn validate(
    file: &DeckFile,
    raw: RawEntry,
    table: Range<usize>,
    line_starts: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> Option<ParsedEntry> {
    let before = problems.len();
    let mut report = |span: Range<usize>, msg: String| problems.push(file.diagnostic(span, msg));
    let id = raw.id.as_ref().map(|s| s.get_ref().trim().to_string());
    let id_span = raw.id.as_ref().map_or(table.clone(), |s| s.span());
    let name = id.clone().unwrap_or_else(|| "entry".into());
    match &id {
        None => report(
            table.clone(),
            "entry has no `id`; add `id = \"kebab-case-name\"`".into(),
        ),
        Some(id) if !is_kebab(id) => report(
            id_span.clone(),
            format!("id `{id}` must be kebab-case: lower-case letters, digits and single hyphens"),
        ),
        Some(_) => {}
    }
    let kind = match &raw.kind {
        None => {
            report(
                table.clone(),
                format!("`{name}` has no `kind`; add one of: {}", kinds_list()),
            );
            None
        }
        Some(k) => {
            match Kind::parse(k.get_ref()).filter(|kind| kind.as_str() == k.get_ref().trim()) {
                Some(kind) => Some(kind),
                None => {
                    report(
                        k.span(),
                        format!(
                            "unknown kind `{}`; use one of: {}",
                            k.get_ref(),
                            kinds_list()
                        ),
                    );
                    None
                }
            }
        }
    };
    let mut required = |field: &S<String>, key: &str, lines: Lines| {
        let value = text(field, lines);
        if value.is_none() {
            let span = field.as_ref().map_or(table.clone(), |s| s.span());
            report(
                span,
                format!("`{name}` is missing `{key}` (required, non-empty)"),
            );
        }
        value.unwrap_or_default()
    };
    let title = required(&raw.title, "title", Lines::Fold);
    let summary = required(&raw.summary, "summary", Lines::Fold);
    let body = required(&raw.body, "body", Lines::Keep);
    let mut need_list = |field: &S<Vec<String>>, key: &str| {
        let values = field
            .as_ref()
            .map(|s| list(s.get_ref()))
            .unwrap_or_default();
        if values.is_empty() {
            let span = field.as_ref().map_or(table.clone(), |s| s.span());
            problems.push(
                file.diagnostic(span, format!("`{name}` needs at least one item in `{key}`")),
            );
        }
        values
    };
    let tags = need_list(&raw.tags, "tags");
    let sources = need_list(&raw.sources, "sources");

    let mut verdict = None;
    let mut scenarios = Vec::new();
    match kind {
        Some(Kind::Rule) => {
            match &raw.verdict {
                None => problems.push(file.diagnostic(
                    table.clone(),
                    format!("rule `{name}` is missing `verdict` (\"do\" or \"dont\")"),
                )),
                Some(v) => match v.get_ref().trim() {
                    "do" => verdict = Some(Verdict::Do),
                    "dont" | "don't" => verdict = Some(Verdict::Dont),
                    other => problems.push(file.diagnostic(
                        v.span(),
                        format!("verdict `{other}` is not \"do\" or \"dont\""),
                    )),
                },
            }
            for (field, key) in [(&raw.statement, "statement"), (&raw.why, "why")] {
                if text(field, Lines::Fold).is_none() {
                    let span = field.as_ref().map_or(table.clone(), |s| s.span());
                    problems
                        .push(file.diagnostic(span, format!("rule `{name}` is missing `{key}`")));
                }
            }
        }
        Some(kind @ (Kind::Fallacy | Kind::Law)) => {
            scenarios = raw
                .scenarios
                .as_ref()
                .map(|s| list(s.get_ref()))
                .unwrap_or_default();
            if scenarios.is_empty() {
                let span = raw.scenarios.as_ref().map_or(table.clone(), |s| s.span());
                problems.push(file.diagnostic(
                    span,
                    format!("{kind} `{name}` needs at least one item in `scenarios`"),
                ));
            }
        }
        Some(Kind::Pattern) if text(&raw.problem, Lines::Fold).is_none() => {
            let span = raw.problem.as_ref().map_or(table.clone(), |s| s.span());
            problems.push(file.diagnostic(span, format!("pattern `{name}` is missing `problem`")));
        }
        _ => {}
    }
    let diagram = raw.diagram.as_ref().and_then(|d| {
        let text = d.get_ref().trim_matches('\n').trim_end();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if widest > DIAGRAM_WIDTH {
            problems.push(file.diagnostic(
                d.span(),
                format!(
                    "the diagram of `{name}` is {widest} columns wide; keep it within {DIAGRAM_WIDTH}"
                ),
            ));
        }
        (!text.trim().is_empty()).then(|| text.to_string())
    });
    if problems.len() > before {
        return None;
    }
    // A lookup in the file's line table: `line_col` scans from the start of the file, which
    // made loading quadratic in the deck's size.
    let line = line_starts.partition_point(|&start| start <= id_span.start);
    Some(ParsedEntry {
        entry: Entry {
            id: id?,
            kind: kind?,
            title,
            aliases: list(&raw.aliases),
            tags: tags.into_iter().map(|t| t.to_lowercase()).collect(),
            summary,
            body,
            related: raw
                .related
                .iter()
                .map(|s| s.get_ref().trim().to_string())
                .collect(),
            sources,
            problem: text(&raw.problem, Lines::Fold),
            verdict,
            statement: text(&raw.statement, Lines::Fold),
            why: text(&raw.why, Lines::Fold),
            scenarios,
            diagram,
            origin: Origin {
                file: file.name.clone(),
                line,
                builtin: file.builtin,
            },
            lowered: None,
        },
        id_span,
        overrides: raw.overrides,
        related_spans: raw.related.iter().map(|s| s.span()).collect(),
    })
}

fn kinds_list() -> String {
    Kind::ALL.map(Kind::as_str).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("", 5), (1, 1));
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

    #[test]
    fn kind_parse_accepts_plurals() {
        assert_eq!(Kind::parse("fallacies"), Some(Kind::Fallacy));
        assert_eq!(Kind::parse("Patterns"), Some(Kind::Pattern));
        assert_eq!(Kind::parse("nope"), None);
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    fn big_deck(n: usize) -> String {
        let body = "Words of a body. ".repeat(60);
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "[[entry]]\nid = \"e{i}\"\nkind = \"concept\"\ntitle = \"Entry {i}\"\ntags = [\"t\"]\nsummary = \"S.\"\nbody = \"\"\"\n{body}\n[[entry]] inside a string\n\"\"\"\nrelated = [\"e{}\"]\nsources = [\"s\"]\n\n",
                (i + 1) % n
            ));
        }
        text
    }

    #[test]
    fn large_files_parse_in_chunks_with_exact_positions() {
        let mut text = big_deck(1500);
        assert!(text.len() > PARALLEL_BYTES);
        // A dangling link in the last entry must be reported at its real line.
        let at = text.rfind("related = [").unwrap();
        text.insert_str(at + "related = [".len(), "\"missing\", ");
        let (line, col) = line_col(&text, at + "related = [".len());
        let (corpus, problems) = Corpus::load(&[DeckFile {
            name: "big.toml".into(),
            text: text.clone(),
            builtin: false,
        }]);
        assert_eq!(corpus.len(), 1500);
        assert_eq!(corpus.entries()[1499].id, "e1499");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].col), (line, col));
        let e = corpus.get("e700").unwrap();
        assert_eq!(
            e.origin.line,
            line_col(&text, text.find("id = \"e700\"").unwrap()).0
        );
        assert!(chunk_bounds(&text, 2).len() == 3);
    }

    #[test]
    fn chunks_never_cut_inside_a_multiline_string() {
        let text = big_deck(50);
        for cut in chunk_bounds(&text, 7) {
            assert!(text[..cut].matches("\"\"\"").count().is_multiple_of(2));
            assert!(cut == text.len() || text[cut..].starts_with("[[entry]]\nid"));
        }
    }
}
