//! Turns an entry into the Markdown document that the reader pane and `archdeck show` display.

use std::fmt::Write;

use crate::corpus::{Corpus, Entry, Kind};

/// The Markdown document for one entry, as `archdeck show` prints it: the page, then the
/// numbered related entries and the entries that link here.
pub fn entry_markdown(corpus: &Corpus, entry: &Entry) -> String {
    let mut md = entry_page(entry);
    let related: Vec<&Entry> = corpus.related(entry).collect();
    // `write!` to a String cannot fail.
    if !related.is_empty() {
        md.push_str("\n## Related\n\n");
        for (n, r) in related.iter().enumerate() {
            let _ = writeln!(md, "{}. {} ({}) `{}`", n + 1, r.title, r.kind, r.id);
        }
    }
    if let Some(pos) = corpus.position(&entry.id) {
        // Entries already listed as related are not repeated.
        let back: Vec<&Entry> = corpus
            .backlinks(pos)
            .filter(|b| !entry.related.contains(&b.id))
            .collect();
        if !back.is_empty() {
            md.push_str("\n## Referenced by\n\n");
            for r in back {
                let _ = writeln!(md, "- {} ({}) `{}`", r.title, r.kind, r.id);
            }
        }
    }
    md
}

/// One entry's own page: title, kind and tags, summary, kind-specific fields, body, sources.
pub fn entry_page(entry: &Entry) -> String {
    let mut md = String::with_capacity(entry.body.len() + 1024);
    let _ = writeln!(md, "# {}\n", entry.title);
    let mut meta = format!("*{}*", entry.kind);
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|t| format!("`{t}`")).collect();
        let _ = write!(meta, " · {}", tags.join(" "));
    }
    let _ = writeln!(md, "{meta}\n");
    if !entry.aliases.is_empty() {
        let _ = writeln!(md, "Also known as: {}\n", entry.aliases.join(", "));
    }
    let _ = writeln!(md, "> {}\n", entry.summary);
    match entry.kind {
        Kind::Pattern => {
            if let Some(problem) = &entry.problem {
                let _ = writeln!(md, "**Problem:** {problem}\n");
            }
        }
        Kind::Rule => {
            if let Some(statement) = &entry.statement {
                let _ = writeln!(md, "**Practice:** {statement}\n");
            }
            if let Some(verdict) = entry.verdict {
                let _ = write!(md, "**Verdict: {}.**", verdict.label());
            }
            if let Some(why) = &entry.why {
                let _ = write!(md, " {why}");
            }
            md.push_str("\n\n");
        }
        Kind::Fallacy | Kind::Law if !entry.scenarios.is_empty() => {
            md.push_str("**Where it bites:**\n\n");
            for s in &entry.scenarios {
                let _ = writeln!(md, "- {s}");
            }
            md.push('\n');
        }
        _ => {}
    }
    if let Some(diagram) = &entry.diagram {
        let _ = writeln!(md, "```text\n{diagram}\n```\n");
    }
    md.push_str(entry.body.trim_end());
    md.push('\n');
    if !entry.sources.is_empty() {
        md.push_str("\n## Sources\n\n");
        for s in &entry.sources {
            let _ = writeln!(md, "- {s}");
        }
    }
    md
}
