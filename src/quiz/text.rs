//! The text work behind cards: key points from a body, names masked out of a prompt, and the
//! stable hashes that seed choices and detect changed cards.

use crate::corpus::Entry;

/// The text that replaces a hidden name in a prompt.
pub const MASK: &str = "▢▢▢";

/// Up to `max` bullet items from a Markdown body, each folded onto one line.
pub fn key_points(body: &str, max: usize) -> Vec<String> {
    let mut points: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if points.len() == max {
                break;
            }
            points.push(item.trim().to_string());
            in_item = true;
        } else if in_item && !trimmed.is_empty() && line.starts_with(' ') {
            if let Some(last) = points.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            in_item = false;
        }
    }
    points
}

/// `text` with the entry's names hidden behind [`MASK`]: every whole-word occurrence of the
/// title and aliases (compared case-insensitively), then every word that shares a stem with a
/// title or alias word of four letters or more, starts with such a stem, or contains a
/// one-word name (so "reads" and "successive reads" hide for Monotonic Reads, "tables" for
/// Index Table, "release" for Lease). Neighbouring masks merge into one. `None` if a name
/// still shows afterwards (the card is then better skipped than garbled).
pub fn mask_names(text: &str, entry: &Entry) -> Option<String> {
    let mut names: Vec<String> = std::iter::once(&entry.title)
        .chain(&entry.aliases)
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    // Longest first, so that "circuit breaker pattern" is masked before "circuit breaker".
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let mut out = text.to_string();
    for name in &names {
        out = mask_word(&out, name);
    }
    let stems = name_stems(entry);
    let single: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.chars().all(char::is_alphanumeric) && n.chars().count() >= 3)
        .collect();
    out = map_words(&out, |word| {
        let lower = word.to_lowercase();
        let leaks = stems.iter().any(|s| lower.starts_with(s.as_str()))
            || (lower.chars().count() >= 4 && stems.contains(&stem(&lower)))
            || single.iter().any(|n| lower.contains(n));
        leaks.then(|| MASK.to_string())
    });
    for sep in [" ", "-"] {
        let twice = format!("{MASK}{sep}{MASK}");
        while out.contains(&twice) {
            out = out.replace(&twice, MASK);
        }
    }
    // A name of three letters or more still inside a word (two-letter ones such as "DI" are
    // inside too many words to mean anything there).
    let lower = out.to_lowercase();
    if names
        .iter()
        .any(|n| n.chars().count() >= 3 && lower.contains(n.as_str()))
    {
        return None;
    }
    Some(out)
}

/// Whether a masked prompt still reads as a question: at least four words left, and no more
/// masks than words.
pub fn readable(masked: &str) -> bool {
    let masks = masked.matches(MASK).count();
    let words = words(masked).count();
    words >= 4 && masks <= words
}

/// The lower-cased, stemmed title and alias words of four letters or more.
pub fn name_stems(entry: &Entry) -> Vec<String> {
    let mut stems: Vec<String> = std::iter::once(&entry.title)
        .chain(&entry.aliases)
        .flat_map(|n| words(n))
        .filter(|w| w.chars().count() >= 4)
        .map(|w| stem(&w.to_lowercase()))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// The English Snowball stem of a lower-cased word.
pub fn stem(word: &str) -> String {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    STEMMER.with(|s| s.stem(word).into_owned())
}

/// The words of `text`: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The stems of the words of `text` of four letters or more, minus a few that say nothing
/// about a topic: what two texts share when they are about the same thing.
pub fn topic_stems(text: &str) -> std::collections::BTreeSet<String> {
    const STOP: &[&str] = &[
        "that", "with", "from", "this", "they", "them", "their", "there", "when", "where", "which",
        "what", "into", "than", "then", "each", "every", "only", "more", "most", "some", "other",
        "over", "your", "been", "have", "will", "would", "should", "could", "about", "after",
        "before", "because", "while", "does", "just", "like", "same", "also", "many", "much",
        "such", "were", "make", "makes", "even", "without", "between", "until",
    ];
    words(text)
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// `text` with each word (run of letters and digits) replaced where `f` says so.
fn map_words(text: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match f(word) {
                Some(r) => out.push_str(&r),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Replaces whole-word, case-insensitive occurrences of `needle` (already lower-cased).
fn mask_word(text: &str, needle: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    'outer: while !rest.is_empty() {
        let boundary_before = prev.is_none_or(|c| !c.is_alphanumeric());
        if boundary_before && let Some(end) = match_len(rest, needle) {
            let after = rest[end..].chars().next();
            if after.is_none_or(|c| !c.is_alphanumeric()) {
                out.push_str(MASK);
                prev = rest[..end].chars().next_back();
                rest = &rest[end..];
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
            prev = Some(c);
        }
        rest = chars.as_str();
    }
    out
}

/// The byte length of the prefix of `text` that equals `needle` once lower-cased.
fn match_len(text: &str, needle: &str) -> Option<usize> {
    let mut lowered = String::new();
    for (i, c) in text.char_indices() {
        lowered.extend(c.to_lowercase());
        if lowered.len() >= needle.len() {
            return (lowered == needle).then_some(i + c.len_utf8());
        }
        if !needle.starts_with(lowered.as_str()) {
            return None;
        }
    }
    None
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str], start: u64) -> u64 {
    let mut h = start;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A deterministic pseudo-random number from a seed and some strings.
pub(crate) fn mix(seed: u64, parts: &[&str]) -> u64 {
    fnv1a(
        parts,
        0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15),
    )
}

/// Eight hex digits of a hash of the parts.
pub fn short_hash(parts: &[&str]) -> String {
    format!("{:08x}", fnv1a(parts, 0xcbf2_9ce4_8422_2325) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn entry(title: &str, aliases: &[&str]) -> Entry {
        let (c, problems) = Corpus::load(&[crate::corpus::DeckFile {
            name: "t.toml".into(),
            text: format!(
                "[[entry]]\nid = \"x\"\nkind = \"concept\"\ntitle = \"{title}\"\naliases = [{}]\ntags = [\"t\"]\nsummary = \"S.\"\nbody = \"B.\"\nsources = [\"me\"]\n",
                aliases
                    .iter()
                    .map(|a| format!("\"{a}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            builtin: true,
        }]);
        assert!(problems.is_empty(), "{problems:?}");
        c.entries()[0].clone()
    }

    #[test]
    fn masks_whole_words_case_insensitively() {
        let e = entry("Circuit Breaker", &["CB"]);
        assert_eq!(
            mask_names("A circuit breaker (cb) trips; CIRCUIT BREAKERS too.", &e).as_deref(),
            Some("A ▢▢▢ (▢▢▢) trips; ▢▢▢ too."),
            "plurals are masked too"
        );
        assert_eq!(
            mask_names("A circuit breaker (cb) trips, cbx stays.", &e).as_deref(),
            Some("A ▢▢▢ (▢▢▢) trips, cbx stays."),
            "a two-letter alias inside a word gives nothing away"
        );

        assert_eq!(
            mask_names("A Circuit breaker (CB) trips.", &e).as_deref(),
            Some("A ▢▢▢ (▢▢▢) trips.")
        );
    }

    #[test]
    fn masks_inflections_stems_and_words_inside_words() {
        let e = entry("Monotonic Reads", &[]);
        assert_eq!(
            mask_names("Successive reads never go back; a reader reading.", &e).as_deref(),
            Some("Successive ▢▢▢ never go back; a ▢▢▢.")
        );
        let e = entry("Index Table", &[]);
        assert_eq!(
            mask_names("Extra tables, tabled, indexes.", &e).as_deref(),
            Some("Extra ▢▢▢, ▢▢▢, ▢▢▢.")
        );
        let e = entry("Lease", &[]);
        assert_eq!(
            mask_names("Release the lock.", &e).as_deref(),
            Some("▢▢▢ the lock.")
        );
        assert!(readable("A ▢▢▢ stops calls to it."));
        assert!(!readable("▢▢▢ everywhere: ▢▢▢."));
    }

    #[test]
    fn match_len_handles_multibyte() {
        assert_eq!(match_len("Éclair x", "éclair"), Some(7));
        assert_eq!(match_len("ab", "abc"), None);
    }

    #[test]
    fn key_points_fold_continuations() {
        let body = "## H\n- one\n  more\n- two\n\n1. x\n- three\n- four";
        assert_eq!(key_points(body, 3), ["one more", "two", "three"]);
    }
}
