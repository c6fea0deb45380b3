//! Parsing one deck file: TOML into raw, span-carrying tables, then each table through
//! [`validate`](super::validate). Files of [`PARALLEL_BYTES`] or more go through the chunked
//! parser ([`super::chunked`]) first.

use super::chunked::{PARALLEL_BYTES, parse_in_chunks};
use super::deck::DeckFile;
use super::diagnostic::Diagnostic;
use super::raw::{ParsedEntry, RawDeck};
use super::validate::validate;

pub(super) fn parse_file(file: &DeckFile, problems: &mut Vec<Diagnostic>) -> Vec<ParsedEntry> {
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
