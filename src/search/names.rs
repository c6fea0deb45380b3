//! Names: an entry's title and aliases, matched word by word with `SkimMatcherV2` (typos that
//! drop letters, partial words) and as a whole (the name itself, its compound form with
//! spaces and hyphens removed, its initials).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::text::{Word, words};

/// The most characters a query word may have when matched against names.
const NAME_WORD_CHARS: usize = 48;

/// An entry's names, prepared for matching.
#[derive(Debug, Clone)]
pub struct Names {
    /// Each name's plain words, normalised, number words as digits.
    words: Vec<Vec<String>>,
    /// Each name's words joined, without a leading "the", and the title's initials.
    compact: Vec<String>,
}

/// How a query matched an entry's names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameMatch {
    /// The query, written as one word, is a name, or the title's initials.
    pub exact: bool,
    /// The query, written as one word, starts a name: the share of the name it covers.
    pub prefix: f32,
    /// The share of the query's words that match a name word: whole (1), as its start (0.8)
    /// or fuzzily (0.6).
    pub coverage: f32,
    /// Which query words matched (bit per word).
    pub words: u32,
    /// How closely the query and the best name overlap: the square of the share of the query
    /// found in the name, scaled by the share of the name found in the query (1/2 to 1).
    pub overlap: f32,
}

fn plain(ws: Vec<Word>) -> Vec<String> {
    ws.into_iter()
        .filter(|w| w.joins == 1)
        .map(|w| w.text)
        .collect()
}

impl Names {
    pub fn new(title: &str, aliases: &[String]) -> Names {
        let mut all: Vec<Vec<String>> = Vec::with_capacity(1 + aliases.len());
        all.push(plain(words(title, NAME_WORD_CHARS)));
        for a in aliases {
            all.push(plain(words(a, NAME_WORD_CHARS)));
        }
        let mut compact: Vec<String> = all
            .iter()
            .map(|ws| {
                let skip = usize::from(ws.len() > 1 && ws[0] == "the");
                ws[skip..].concat()
            })
            .collect();
        let title = &all[0];
        if title.len() > 1 {
            let initials: String = title
                .iter()
                .filter(|w| *w != "the")
                .map(|w| {
                    if w.chars().all(|c| c.is_ascii_digit()) {
                        w.clone()
                    } else {
                        w.chars().take(1).collect()
                    }
                })
                .collect();
            compact.push(initials);
        }
        Names {
            words: all,
            compact,
        }
    }

    /// Matches the query's plain words (`query`, normalised) against the names.
    pub fn matches(&self, matcher: &SkimMatcherV2, query: &[String], joined: &str) -> NameMatch {
        let mut m = NameMatch::default();
        if query.is_empty() {
            return m;
        }
        let qlen = joined.chars().count();
        for c in &self.compact {
            if *c == joined && qlen >= 2 {
                m.exact = true;
            } else if qlen >= 3 && c.starts_with(joined) {
                m.prefix = m.prefix.max(qlen as f32 / c.chars().count() as f32);
            }
        }
        // Per query word, its best quality over all names; per name, how much of it the
        // query covers.
        let mut best = vec![0f32; query.len()];
        for ws in &self.words {
            let mut q_total = 0.0;
            let mut used = vec![false; ws.len()];
            for (k, q) in query.iter().enumerate() {
                let mut top = (0.0f32, None);
                for (j, w) in ws.iter().enumerate() {
                    let quality = word_quality(matcher, w, q);
                    if quality > top.0 {
                        top = (quality, Some(j));
                    }
                }
                if let (quality, Some(j)) = top {
                    best[k] = best[k].max(quality);
                    q_total += quality;
                    used[j] = true;
                }
            }
            // How much of the query the name holds (squared: a name holding most of the query
            // is far more telling than one sharing a word), and how much of the name the query
            // holds ("the" aside).
            let name_len = ws.iter().filter(|w| *w != "the").count().max(1);
            let used = used.iter().filter(|u| **u).count() as f32;
            let q_share = q_total / query.len() as f32;
            let n_share = used / name_len as f32;
            m.overlap = m.overlap.max(q_share * q_share * (0.5 + 0.5 * n_share));
        }
        let mut total = 0.0;
        for (k, quality) in best.iter().enumerate() {
            if *quality > 0.0 {
                total += quality;
                m.words |= 1 << k.min(31);
            }
        }
        m.coverage = total / query.len() as f32;
        m
    }
}

impl Names {
    /// Whether `query` is one of the names (or the title's initials), spaces, hyphens, case
    /// and a leading "the" aside.
    pub fn is_name(&self, query: &str) -> bool {
        let ws = plain(words(query, NAME_WORD_CHARS));
        let skip = usize::from(ws.len() > 1 && ws[0] == "the");
        let joined = ws[skip..].concat();
        !joined.is_empty() && self.compact.contains(&joined)
    }

    /// Whether the title, written as one word, is one of the query's words ("retry" in
    /// "retry after waiting longer each time").
    pub fn title_in(&self, query: &[String]) -> bool {
        query.iter().any(|q| *q == self.compact[0])
    }

    /// How close `joined` (a query written as one word) is to the nearest name.
    pub fn similarity(&self, joined: &str) -> f64 {
        self.compact
            .iter()
            .map(|c| strsim::jaro_winkler(joined, c))
            .fold(0.0, f64::max)
    }

    /// Where a query word matches the names: the title, else an alias.
    pub fn field_of(&self, matcher: &SkimMatcherV2, q: &str) -> Option<super::text::Field> {
        let hit = |ws: &[String]| ws.iter().any(|w| word_quality(matcher, w, q) > 0.0);
        if hit(&self.words[0]) {
            Some(super::text::Field::Title)
        } else if self.words[1..].iter().any(|ws| hit(ws)) {
            Some(super::text::Field::Aliases)
        } else {
            None
        }
    }
}

/// How well query word `q` matches name word `w`: whole (1), its start (0.8, two or more
/// characters), or fuzzily (0.6): the matcher finds `q`'s letters in order from `w`'s first
/// letter with at most two letters skipped (five or more characters), or within the typo
/// budget (0.55).
fn word_quality(matcher: &SkimMatcherV2, w: &str, q: &str) -> f32 {
    if w == q {
        return 1.0;
    }
    let n = q.chars().count();
    if n >= 1 && w.starts_with(q) {
        return 0.8;
    }
    if n < 5 {
        return 0.0;
    }
    if is_subsequence(q, w)
        && let Some((_, idx)) = matcher.fuzzy_indices(w, q)
        && idx.first() == Some(&0)
        && idx.last().is_some_and(|&l| l < n + 2)
    {
        return 0.6;
    }
    // Letters swapped or changed, within the typo budget of the shorter word.
    let allowed = super::typo::budget(n.min(w.chars().count()));
    if allowed > 0
        && n.abs_diff(w.chars().count()) <= allowed
        && super::typo::may_be_close(q, w, allowed)
    {
        let d = super::typo::distance(q, w);
        if d <= allowed {
            return 0.55;
        }
    }
    0.0
}

/// Whether the characters of `needle` appear in order in `hay`.
pub fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

/// The characters of `title` to highlight for the query words that matched it.
pub fn highlights(matcher: &SkimMatcherV2, title: &str, query: &[String]) -> Vec<usize> {
    let lower = title.to_lowercase();
    let mut chars = Vec::new();
    for q in query {
        // Each word of the title on its own, so that letters do not scatter across words.
        let mut offset = 0;
        for w in lower.split(|c: char| !c.is_alphanumeric()) {
            let len = w.chars().count();
            if !w.is_empty()
                && is_subsequence(q, w)
                && let Some((_, idx)) = matcher.fuzzy_indices(w, q)
                && (w == q || idx.first() == Some(&0))
            {
                chars.extend(idx.into_iter().map(|i| i + offset));
            }
            offset += len + 1;
        }
    }
    let n = title.chars().count();
    chars.retain(|&i| i < n);
    chars.sort_unstable();
    chars.dedup();
    chars
}
