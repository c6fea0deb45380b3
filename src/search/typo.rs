//! Typo tolerance: a query word is matched against the index's vocabulary by Damerau edit
//! distance (a transposition is one edit), within Meilisearch's budget: no typo under five
//! letters, one up to eight, two beyond.

use super::segment::TermTable;
pub use super::text::sound_mask;

/// How many edits a word of `len` characters may have.
pub fn budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// A word with the letters English spellings confuse made one (k → c, z → s), so that
/// "cirkit" is one edit from "circuit".
fn sound(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'k' => 'c',
            'z' => 's',
            _ => c,
        })
        .collect()
}

/// The Damerau edit distance between two words (optimal string alignment: an adjacent
/// transposition is one edit), the lesser of as written and as they sound ([`sound`]).
pub fn distance(a: &str, b: &str) -> usize {
    let plain = strsim::osa_distance(a, b);
    if plain <= 1 {
        return plain;
    }
    plain.min(strsim::osa_distance(&sound(a), &sound(b)))
}

/// Counts of the letters a–z and the digits of a word as it sounds ([`sound`]), for a cheap
/// lower bound on the edit distance.
pub fn sound_bag(word: &str) -> [u8; 36] {
    let mut b = [0u8; 36];
    for i in word.chars().filter_map(super::text::sound_slot) {
        b[i] = b[i].saturating_add(1);
    }
    b
}

/// A cheaper test than [`bags_close`] that it implies: each letter one word has and the other
/// lacks takes an edit.
pub fn masks_close(a: u64, b: u64, max: usize) -> bool {
    (a & !b).count_ones() as usize <= max && (b & !a).count_ones() as usize <= max
}

/// Each edit changes the letter counts by at most one on each side, so a word whose counts
/// differ more cannot be within `max` edits.
pub fn bags_close(a: &[u8; 36], b: &[u8; 36], max: usize) -> bool {
    let (mut more, mut fewer) = (0usize, 0usize);
    for (x, y) in a.iter().zip(b) {
        if x > y {
            more += usize::from(x - y);
        } else {
            fewer += usize::from(y - x);
        }
        if more > max || fewer > max {
            return false;
        }
    }
    true
}

/// The surface words of `table` within the typo budget of `word` (and not equal to it), with
/// their distance: (place in the surface list, edits).
pub fn corrections(table: &dyn TermTable, word: &str) -> Vec<(usize, usize)> {
    let len = word.chars().count();
    let max = budget(len);
    if max == 0 {
        return Vec::new();
    }
    let want = sound_bag(word);
    let want_mask = sound_mask(word);
    let mut found = Vec::new();
    for i in 0..table.surface_count() {
        let (s, _) = table.surface(i);
        let n = s.len();
        // Surface words are ASCII or close to it; the byte length is a fine first filter.
        if n + max < len || n > len + max + 2 {
            continue;
        }
        if !masks_close(want_mask, table.surface_mask(i), max)
            || !bags_close(&want, &sound_bag(s), max)
        {
            continue;
        }
        // The correction must be long enough for the edits too ("bread" is not "read").
        let allowed = budget(len.min(s.chars().count()));
        if allowed == 0 {
            continue;
        }
        let d = distance(word, s);
        if d > 0 && d <= allowed {
            found.push((i, d));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter-set test only skips pairs the letter-count test would reject too.
    #[test]
    fn masks_close_is_implied_by_bags_close() {
        let words = [
            "circuit",
            "cirkit",
            "curcuit",
            "quorum",
            "quoroum",
            "shardnig",
            "sharding",
            "kafka",
            "cafca",
            "zone",
            "sone",
            "idempotent",
            "idempontent",
            "abc",
            "xyz",
            "aaaa",
            "a",
        ];
        for a in words {
            for b in words {
                for max in 0..3 {
                    let bags = bags_close(&sound_bag(a), &sound_bag(b), max);
                    let masks = masks_close(sound_mask(a), sound_mask(b), max);
                    assert!(!bags || masks, "{a} {b} {max}");
                }
            }
        }
        assert!(!masks_close(sound_mask("circuit"), sound_mask("banana"), 2));
    }
}
