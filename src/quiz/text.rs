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

/// `text` with every whole-word occurrence of the entry's title and aliases replaced by
/// [`MASK`], compared case-insensitively. `None` if a name still occurs inside another word
/// afterwards (the card is then better skipped than garbled).
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
    let lower = out.to_lowercase();
    if names.iter().any(|n| lower.contains(n.as_str())) {
        return None;
    }
    Some(out)
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
            mask_names("A circuit breaker (cb) trips; CIRCUIT BREAKERS too.", &e),
            None,
            "plural leaves the name inside a word"
        );
        assert_eq!(
            mask_names("A circuit breaker (cb) trips, cbx stays.", &e).as_deref(),
            None
        );
        assert_eq!(
            mask_names("A Circuit breaker (CB) trips.", &e).as_deref(),
            Some("A ▢▢▢ (▢▢▢) trips.")
        );
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
