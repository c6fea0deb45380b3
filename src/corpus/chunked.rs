//! The chunked parallel parser for large decks: a file of [`PARALLEL_BYTES`] or more is cut
//! between entries and each piece is parsed and validated on its own thread, with every span
//! moved back to its place in the whole file.

use std::ops::Range;

use toml::Spanned;

use super::deck::DeckFile;
use super::diagnostic::Diagnostic;
use super::raw::{RawDeck, RawEntry, S, Validated};
use super::validate::validate;

/// Files at least this large are parsed in parallel, in chunks split between entries.
pub(super) const PARALLEL_BYTES: usize = 1 << 20;

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
pub(super) fn parse_in_chunks(
    file: &DeckFile,
    line_starts: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<Validated>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let bounds = chunk_bounds(&file.text, threads);
    if threads < 2 || bounds.len() < 3 {
        return None;
    }
    let results: Vec<Option<(Vec<Validated>, Vec<Diagnostic>)>> = std::thread::scope(|scope| {
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
                        .map(|raw| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, line_col};

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
