//! Names: an entry's title and aliases, matched word by word with `SkimMatcherV2` (typos that
//! drop letters, partial words) and as a whole (the name itself, its compound form with
//! spaces and hyphens removed, its initials).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rustc_hash::FxHasher;

use super::text::{NAME_WORD_CHARS, name_parts, words};
use super::typo::{bags_close, budget, masks_close, sound_bag, sound_mask};

/// Separates the names in [`Names::ids`].
const SEP: u32 = u32::MAX;

/// Every distinct word of the entries' names, so that a query word is matched against each
/// once per query rather than once per entry that has it.
#[derive(Debug, Clone, Default)]
pub struct NameVocab {
    words: Vec<Cow<'static, str>>,
    /// Built when the first word is added at run time.
    ids: HashMap<Cow<'static, str>, u32, BuildHasherDefault<FxHasher>>,
    /// The place of "the", which does not count towards a name's length.
    the: Option<u32>,
}

impl NameVocab {
    /// The vocabulary compiled in by `build.rs` (sorted, distinct).
    pub fn compiled(words: impl ExactSizeIterator<Item = &'static str>) -> NameVocab {
        let words: Vec<Cow<'static, str>> = words.map(Cow::Borrowed).collect();
        let the = words.iter().position(|w| w == "the").map(|i| i as u32);
        NameVocab {
            words,
            ids: HashMap::default(),
            the,
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        if self.ids.is_empty() {
            self.ids = self
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.clone(), i as u32))
                .collect();
        }
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(Cow::Owned(word.to_string()));
        self.ids.insert(Cow::Owned(word.to_string()), id);
        if word == "the" {
            self.the = Some(id);
        }
        id
    }

    /// The names of an entry not compiled in, with their words added to the vocabulary.
    pub fn names(&mut self, title: &str, aliases: &[String]) -> Names {
        let (words, compact) = name_parts(title, aliases);
        let mut ids = Vec::new();
        for (k, name) in words.split('\n').enumerate() {
            if k > 0 {
                ids.push(SEP);
            }
            for w in name.split(' ').filter(|w| !w.is_empty()) {
                ids.push(self.intern(w));
            }
        }
        Names {
            ids: Cow::Owned(ids),
            compact: Cow::Owned(compact),
        }
    }

    /// How well each query word matches each word of the vocabulary
    /// (see [`word_quality`]).
    pub fn qualities(
        &self,
        matcher: &SkimMatcherV2,
        query: &[NameWord],
        joined: &str,
    ) -> Qualities {
        let query = &query[..query.len().min(MAX_QUERY_WORDS)];
        let k = query.len();
        let mut table = vec![0f32; self.words.len() * k];
        if k > 0 {
            for (row, w) in table.chunks_exact_mut(k).zip(&self.words) {
                let w = Target::new(w);
                for (cell, q) in row.iter_mut().zip(query) {
                    *cell = word_quality(matcher, &w, q);
                }
            }
        }
        let any = if k > 0 {
            table
                .chunks_exact(k)
                .map(|row| row.iter().any(|&x| x > 0.0))
                .collect()
        } else {
            Vec::new()
        };
        Qualities {
            table,
            k,
            the: self.the,
            joined_chars: joined.chars().count(),
            any,
        }
    }

    fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w.as_ref())
    }
}

/// The quality of each query word against each vocabulary word, for one query.
#[derive(Debug, Clone, Default)]
pub struct Qualities {
    table: Vec<f32>,
    /// The number of query words.
    k: usize,
    the: Option<u32>,
    /// The characters of the query written as one word.
    joined_chars: usize,
    /// Whether any query word matches the vocabulary word.
    any: Vec<bool>,
}

impl Qualities {
    fn row(&self, id: u32) -> &[f32] {
        let at = id as usize * self.k;
        self.table.get(at..at + self.k).unwrap_or(&[])
    }
}

/// An entry's names, prepared for matching: compiled in for the built-in entries, built at
/// load for the others.
#[derive(Debug, Clone)]
pub struct Names {
    /// Each name's plain words as places in the [`NameVocab`], names separated by [`SEP`]
    /// (the title first).
    ids: Cow<'static, [u32]>,
    /// Each name's words joined, without a leading "the", one per line, then the title's
    /// initials (see [`name_parts`]).
    compact: Cow<'static, str>,
}

/// A query word prepared for matching against names.
#[derive(Debug, Clone)]
pub struct NameWord {
    text: String,
    chars: usize,
    /// Its letter counts and letters as it sounds, for the typo test.
    bag: [u8; 36],
    mask: u64,
}

impl NameWord {
    pub fn new(text: &str) -> NameWord {
        NameWord {
            text: text.to_string(),
            chars: text.chars().count(),
            bag: sound_bag(text),
            mask: sound_mask(text),
        }
    }
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

/// At most this many query words are matched against names (one bit each).
const MAX_QUERY_WORDS: usize = 16;

impl Names {
    /// Names compiled in by `build.rs`.
    pub fn compiled(ids: &'static [u32], compact: &'static str) -> Names {
        Names {
            ids: Cow::Borrowed(ids),
            compact: Cow::Borrowed(compact),
        }
    }

    fn names(&self) -> impl Iterator<Item = &[u32]> {
        self.ids.split(|&i| i == SEP)
    }

    fn compacts(&self) -> impl Iterator<Item = &str> {
        self.compact.split('\n')
    }

    /// Whether a name written as one word (or the initials) starts with byte `b`.
    fn starts_with_byte(&self, b: u8) -> bool {
        let c = self.compact.as_bytes();
        c.first() == Some(&b) || c.windows(2).any(|w| w[0] == b'\n' && w[1] == b)
    }

    /// Matches the query (its words' [`Qualities`] against the vocabulary, and the query
    /// written as one word, `joined`) against the names.
    pub fn matches(&self, q: &Qualities, joined: &str) -> NameMatch {
        let mut m = NameMatch::default();
        let k = q.k;
        if k == 0 {
            return m;
        }
        let qlen = q.joined_chars;
        // A name the query is or starts begins with the query's first letter.
        if qlen >= 2
            && joined
                .bytes()
                .next()
                .is_some_and(|b| self.starts_with_byte(b))
        {
            for c in self.compacts() {
                if c == joined {
                    m.exact = true;
                } else if qlen >= 3 && c.starts_with(joined) {
                    m.prefix = m.prefix.max(qlen as f32 / c.chars().count() as f32);
                }
            }
        }
        // Per query word, its best quality over all names; per name, how much of it the
        // query covers.
        // Most entries share no word with the query.
        let shares = self
            .ids
            .iter()
            .any(|&id| q.any.get(id as usize).copied().unwrap_or(false));
        if !shares {
            return m;
        }
        let mut best = [0f32; MAX_QUERY_WORDS];
        for ws in self.names() {
            let mut top = [(0f32, 0u32); MAX_QUERY_WORDS];
            let top = &mut top[..k];
            let mut any = false;
            for (j, &id) in ws.iter().enumerate() {
                for (t, &quality) in top.iter_mut().zip(q.row(id)) {
                    if quality > t.0 {
                        *t = (quality, j as u32);
                        any = true;
                    }
                }
            }
            if !any {
                continue;
            }
            // How much of the query the name holds (squared: a name holding most of the query
            // is far more telling than one sharing a word), and how much of the name the query
            // holds ("the" aside).
            let name_len = ws.iter().filter(|&&w| Some(w) != q.the).count().max(1);
            let mut q_total = 0.0;
            let mut used = 0u64;
            for (b, &(quality, j)) in best.iter_mut().zip(top.iter()) {
                if quality > 0.0 {
                    *b = b.max(quality);
                    q_total += quality;
                    used |= 1 << j.min(63);
                }
            }
            let used = used.count_ones() as f32;
            let q_share = q_total / k as f32;
            let n_share = used / name_len as f32;
            m.overlap = m.overlap.max(q_share * q_share * (0.5 + 0.5 * n_share));
        }
        let mut total = 0.0;
        for (i, quality) in best[..k].iter().enumerate() {
            if *quality > 0.0 {
                total += quality;
                m.words |= 1 << i;
            }
        }
        m.coverage = total / k as f32;
        m
    }

    /// Whether `query` is one of the names (or the title's initials), spaces, hyphens, case
    /// and a leading "the" aside.
    pub fn is_name(&self, query: &str) -> bool {
        let ws: Vec<String> = words(query, NAME_WORD_CHARS)
            .into_iter()
            .filter(|w| w.joins == 1)
            .map(|w| w.text)
            .collect();
        let skip = usize::from(ws.len() > 1 && ws[0] == "the");
        let joined = ws[skip..].concat();
        !joined.is_empty() && self.compacts().any(|c| c == joined)
    }

    /// Whether the title, written as one word, is one of the query's words ("retry" in
    /// "retry after waiting longer each time").
    pub fn title_in(&self, query: &[String]) -> bool {
        if query.is_empty() {
            return false;
        }
        let title = self.compact.split('\n').next().unwrap_or_default();
        query.iter().any(|q| q == title)
    }

    /// How close `joined` (a query written as one word) is to the nearest name.
    pub fn similarity(&self, joined: &str) -> f64 {
        self.compacts()
            .map(|c| strsim::jaro_winkler(joined, c))
            .fold(0.0, f64::max)
    }

    /// Where a query word matches the names: the title, else an alias.
    pub fn field_of(
        &self,
        vocab: &NameVocab,
        matcher: &SkimMatcherV2,
        q: &str,
    ) -> Option<super::text::Field> {
        let q = NameWord::new(q);
        let hit = |name: &[u32]| {
            name.iter()
                .any(|&w| word_quality(matcher, &Target::new(vocab.word(w)), &q) > 0.0)
        };
        let mut names = self.names();
        if names.next().is_some_and(hit) {
            Some(super::text::Field::Title)
        } else if names.any(hit) {
            Some(super::text::Field::Aliases)
        } else {
            None
        }
    }
}

/// A name word, with what [`word_quality`] asks of it worked out once for every query word.
struct Target<'a> {
    text: &'a str,
    chars: usize,
    first: Option<char>,
    /// Its letters as it sounds, and their counts when a typo test needs them.
    mask: u64,
    bag: std::cell::OnceCell<[u8; 36]>,
}

impl Target<'_> {
    fn new(text: &str) -> Target<'_> {
        Target {
            text,
            chars: text.chars().count(),
            first: text.chars().next(),
            mask: sound_mask(text),
            bag: std::cell::OnceCell::new(),
        }
    }
}

/// How well query word `q` matches name word `w`: whole (1), its start (0.8, two or more
/// characters), or fuzzily (0.6): the matcher finds `q`'s letters in order from `w`'s first
/// letter with at most two letters skipped (five or more characters), or within the typo
/// budget (0.55).
fn word_quality(matcher: &SkimMatcherV2, w: &Target, q: &NameWord) -> f32 {
    let n = q.chars;
    if w.text == q.text {
        return 1.0;
    }
    if n >= 1 && w.text.starts_with(q.text.as_str()) {
        return 0.8;
    }
    if n < 5 {
        return 0.0;
    }
    let wn = w.chars;
    // Letters dropped: `q`'s letters in order in `w`, from its first.
    if wn >= n
        && w.first == q.text.chars().next()
        && is_subsequence(&q.text, w.text)
        && let Some((_, idx)) = matcher.fuzzy_indices(w.text, &q.text)
        && idx.first() == Some(&0)
        && idx.last().is_some_and(|&l| l < n + 2)
    {
        return 0.6;
    }
    // Letters swapped or changed, within the typo budget of the shorter word.
    let allowed = budget(n.min(wn));
    if allowed > 0
        && n.abs_diff(wn) <= allowed
        && masks_close(q.mask, w.mask, allowed)
        && bags_close(&q.bag, w.bag.get_or_init(|| sound_bag(w.text)), allowed)
    {
        let d = super::typo::distance(&q.text, w.text);
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
