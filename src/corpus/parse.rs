//! Parsing one deck file: TOML into raw, span-carrying tables, then each table through
//! [`validate`](super::validate). Files of [`PARALLEL_BYTES`] or more go through the chunked
//! parser ([`super::chunked`]) first.

use super::chunked::{PARALLEL_BYTES, parse_in_chunks};
use super::deck::DeckFile;
use super::diagnostic::Diagnostic;
use super::raw::{RawDeck, Validated};
use super::validate::validate;

pub(super) fn parse_file(file: &DeckFile, problems: &mut Vec<Diagnostic>) -> Vec<Validated> {
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
    // A field TOML cannot take (unknown, or of the wrong type) is reported and blanked out, and
    // the file is read again, so every such problem is reported in one run and every entry kept.
    let mut text = std::borrow::Cow::Borrowed(file.text.as_str());
    let deck: RawDeck = loop {
        match toml::from_str(&text) {
            Ok(deck) => break deck,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().replace('\n', " ");
                match field_around(&text, span.start) {
                    Some(field) if problems.len() < MAX_FIELD_PROBLEMS => {
                        problems.push(file.diagnostic(span, message));
                        let mut blanked = text.into_owned();
                        blank(&mut blanked, field);
                        text = std::borrow::Cow::Owned(blanked);
                    }
                    _ => {
                        problems.push(
                            file.diagnostic(span, format!("{message}; the whole file was skipped")),
                        );
                        return Vec::new();
                    }
                }
            }
        }
    };
    if deck.entry.is_empty() && !file.text.trim().is_empty() {
        problems.push(file.diagnostic(0..0, "no `[[entry]]` tables in this file".into()));
    }
    deck.entry
        .into_iter()
        .map(|raw| {
            let start = raw.span();
            validate(file, raw.into_inner(), start, &line_starts, problems)
        })
        .collect()
}

/// Stop blanking fields after this many problems (a file that is not a deck at all).
const MAX_FIELD_PROBLEMS: usize = 10_000;

/// The byte range of the `key = value` pair (top level, or in an `[[entry]]` table) that
/// contains `offset`, if the text parses as TOML.
fn field_around(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let within = |k: &toml::Spanned<toml::de::DeString<'_>>,
                  v: &toml::Spanned<toml::de::DeValue<'_>>| {
        let range = k.span().start..v.span().end;
        range.contains(&offset).then_some(range)
    };
    for (key, value) in doc.get_ref().iter() {
        if key.get_ref().as_ref() == "entry"
            && let toml::de::DeValue::Array(tables) = value.get_ref()
        {
            for table in tables.iter() {
                if let toml::de::DeValue::Table(fields) = table.get_ref()
                    && let Some(r) = fields.iter().find_map(|(k, v)| within(k, v))
                {
                    return Some(r);
                }
            }
        } else if let Some(r) = within(key, value) {
            return Some(r);
        }
    }
    None
}

/// Replaces a range of text with spaces (newlines kept), so every offset stays where it was.
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    let spaces: String = part
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    // Multi-byte characters become one space each: pad to the same byte length.
    let pad = range.len() - spaces.len();
    text.replace_range(range, &(spaces + &" ".repeat(pad)));
}
