//! Validates the built-in corpus and compiles it into the binary.
//!
//! Every `data/**/*.toml` file goes through the same loader the app uses for user decks
//! (the files of `src/corpus/` included below). Any problem fails the build with its
//! `file:line:col`. The valid entries are written to `$OUT_DIR/corpus.rs` as static data, so
//! the binary starts without parsing TOML.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/sanitize.rs"]
mod sanitize;

// The corpus loader without the parts that read user decks from disk or hold the compiled-in
// entries (`read.rs`, `builtin.rs`). Each file names its siblings `super::…`, which here is
// this crate's root.
#[allow(dead_code)]
#[path = "src/corpus/chunked.rs"]
mod chunked;
#[allow(dead_code)]
#[path = "src/corpus/deck.rs"]
mod deck;
#[allow(dead_code)]
#[path = "src/corpus/diagnostic.rs"]
mod diagnostic;
#[allow(dead_code)]
#[path = "src/corpus/entry.rs"]
mod entry;
#[allow(dead_code)]
#[path = "src/corpus/link.rs"]
mod link;
#[allow(dead_code)]
#[path = "src/corpus/parse.rs"]
mod parse;
#[allow(dead_code)]
#[path = "src/corpus/raw.rs"]
mod raw;
#[allow(dead_code)]
#[path = "src/corpus/validate.rs"]
mod validate;

#[allow(dead_code)]
#[path = "src/search/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/search/postings.rs"]
mod postings;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", quoted.join(", "))
}

fn opt(item: &Option<String>) -> String {
    item.as_ref()
        .map_or("None".into(), |s| format!("Some({s:?})"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    println!("cargo:rerun-if-changed=data");
    for file in [
        "chunked",
        "deck",
        "diagnostic",
        "entry",
        "link",
        "parse",
        "raw",
        "validate",
    ] {
        println!("cargo:rerun-if-changed=src/corpus/{file}.rs");
    }
    println!("cargo:rerun-if-changed=src/sanitize.rs");
    println!("cargo:rerun-if-changed=src/search/text.rs");
    println!("cargo:rerun-if-changed=src/search/postings.rs");
    let mut paths = Vec::new();
    collect(&root.join("data"), &mut paths)?;
    paths.sort();
    let mut files = Vec::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        files.push(deck::DeckFile {
            name: path
                .strip_prefix(&root)?
                .to_string_lossy()
                .replace('\\', "/"),
            text: fs::read_to_string(path)?,
            builtin: true,
        });
    }
    let (corpus, problems) = link::Corpus::load(&files);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!(
            "the built-in corpus has {} problem(s):\n{}",
            problems.len(),
            list.join("\n")
        )
        .into());
    }
    let mut code = String::from("pub(super) static ENTRIES: &[StaticEntry] = &[\n");
    for e in corpus.entries() {
        let lowered = entry::search_text(e);
        writeln!(
            code,
            "StaticEntry {{ id: {:?}, kind: Kind::{:?}, title: {:?}, aliases: {}, tags: {}, \
             summary: {:?}, body: {:?}, related: {}, sources: {}, problem: {}, verdict: {}, \
             statement: {}, why: {}, scenarios: {}, diagram: {}, file: {:?}, line: {}, lowered_text: {:?}, \
             lowered_body: {:?} }},",
            e.id,
            e.kind,
            e.title,
            list(&e.aliases),
            list(&e.tags),
            e.summary,
            e.body,
            list(&e.related),
            list(&e.sources),
            opt(&e.problem),
            e.verdict
                .map_or("None".into(), |v| format!("Some(Verdict::{v:?})")),
            opt(&e.statement),
            opt(&e.why),
            list(&e.scenarios),
            opt(&e.diagram),
            e.origin.file,
            e.origin.line,
            lowered.0,
            lowered.1,
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    fs::write(out.join("corpus.rs"), code)?;
    fs::write(out.join("search_index.rs"), search_index(&corpus)?)?;
    Ok(())
}

/// The built-in corpus's search index as static data (see `src/search/segment.rs`).
fn search_index(corpus: &link::Corpus) -> Result<String, std::fmt::Error> {
    let stemmer = text::stemmer();
    let docs = corpus.entries().iter().enumerate().map(|(i, e)| {
        let fields = text::field_texts(
            &e.title,
            &e.aliases,
            &e.tags,
            &e.summary,
            e.problem.as_deref(),
            e.statement.as_deref(),
            e.why.as_deref(),
            &e.scenarios,
            &e.body,
        );
        (i as u32, fields)
    });
    let table = postings::OwnedTable::build(&stemmer, docs);
    // Every table is written as plain integers and one text per kind of string, read by
    // offsets: static data holding pointers (`&str`, slices) must be relocated by the dynamic
    // loader at every start, page by page, and these tables are most of the binary's data.
    let mut code = String::new();
    strings(
        &mut code,
        "TERM",
        table.terms.iter().map(|(t, _)| t.as_str()),
    )?;
    code.push_str("pub(super) static POSTINGS: &[Posting] = &[\n");
    let mut ends = Vec::new();
    let mut n = 0u32;
    for (_, list) in &table.terms {
        for (doc, tf) in list {
            write!(code, "({doc}, {tf:?}),")?;
        }
        code.push('\n');
        n += list.len() as u32;
        ends.push(n);
    }
    code.push_str("];\n");
    numbers(&mut code, "POSTING_ENDS", &ends)?;
    strings(
        &mut code,
        "SURFACE",
        table.surface.iter().map(|(w, _)| w.as_str()),
    )?;
    let terms: Vec<u32> = table.surface.iter().map(|(_, t)| *t).collect();
    numbers(&mut code, "SURFACE_TERMS", &terms)?;
    let masks: Vec<u64> = table
        .surface
        .iter()
        .map(|(w, _)| text::sound_mask(w))
        .collect();
    writeln!(
        code,
        "pub(super) static SURFACE_MASKS: &[u64] = &{masks:?};"
    )?;
    code.push_str("pub(super) static LENS: &[[u16; FIELDS]] = &[\n");
    for (_, len) in &table.lens {
        writeln!(code, "{len:?},")?;
    }
    code.push_str("];\n");
    // Names: each distinct name word once, and each entry's names as places in that list
    // (`u32::MAX` between names), as `src/search/names.rs` reads them.
    let parts: Vec<(String, String)> = corpus
        .entries()
        .iter()
        .map(|e| text::name_parts(&e.title, &e.aliases))
        .collect();
    let vocab: std::collections::BTreeSet<&str> = parts
        .iter()
        .flat_map(|(words, _)| words.split(['\n', ' ']))
        .filter(|w| !w.is_empty())
        .collect();
    let vocab: Vec<&str> = vocab.into_iter().collect();
    strings(&mut code, "NAME_VOCAB", vocab.iter().copied())?;
    let mut ids = Vec::new();
    for (words, _) in &parts {
        let mut list = Vec::new();
        for (k, name) in words.split('\n').enumerate() {
            if k > 0 {
                list.push(u32::MAX);
            }
            for w in name.split(' ').filter(|w| !w.is_empty()) {
                list.push(vocab.binary_search(&w).map_err(|_| std::fmt::Error)? as u32);
            }
        }
        ids.push(list);
    }
    lists(&mut code, "NAME_IDS", &ids)?;
    strings(&mut code, "COMPACT", parts.iter().map(|(_, c)| c.as_str()))?;
    // For each entry, its linked remedies and, for a rule, the ideas it endorses, through the
    // same `Corpus` methods `Index::build` calls at run time (a test checks they agree).
    let n = corpus.entries().len();
    let remedies: Vec<Vec<u32>> = (0..n).map(|i| corpus.remedies(i)).collect();
    lists(&mut code, "REMEDIES", &remedies)?;
    let endorses: Vec<Vec<u32>> = (0..n).map(|i| corpus.endorses(i)).collect();
    lists(&mut code, "ENDORSES", &endorses)?;
    code.push_str("pub(super) static IDS: &[&str] = &[\n");
    for e in corpus.entries() {
        writeln!(code, "{:?},", e.id)?;
    }
    code.push_str("];\n");
    Ok(code)
}

/// Writes `items` as `{NAME}_TEXT`, all of them in one string, and `{NAME}_ENDS`, where each
/// ends in it.
fn strings<'a>(
    code: &mut String,
    name: &str,
    items: impl Iterator<Item = &'a str>,
) -> Result<(), std::fmt::Error> {
    let mut text = String::new();
    let mut ends = Vec::new();
    for item in items {
        text.push_str(item);
        ends.push(text.len() as u32);
    }
    writeln!(code, "pub(super) static {name}_TEXT: &str = {text:?};")?;
    numbers(code, &format!("{name}_ENDS"), &ends)
}

/// Writes lists of numbers as `{NAME}`, all of them in one array, and `{NAME}_ENDS`.
fn lists(code: &mut String, name: &str, lists: &[Vec<u32>]) -> Result<(), std::fmt::Error> {
    let all: Vec<u32> = lists.iter().flatten().copied().collect();
    numbers(code, name, &all)?;
    let mut ends = Vec::new();
    let mut n = 0;
    for list in lists {
        n += list.len() as u32;
        ends.push(n);
    }
    numbers(code, &format!("{name}_ENDS"), &ends)
}

/// Writes `static {NAME}: &[u32]`.
fn numbers(code: &mut String, name: &str, items: &[u32]) -> Result<(), std::fmt::Error> {
    writeln!(code, "pub(super) static {name}: &[u32] = &{items:?};")
}
