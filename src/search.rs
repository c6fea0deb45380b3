//! Fuzzy search over the corpus, shared by the sidebar and `archdeck search`.
//!
//! A query is split into words, and *every* word must match the entry somewhere:
//!
//! - the title and the aliases (weight 3), matched as whole strings with `SkimMatcherV2`, so that
//!   typos that drop or swap letters ("idempotncy", "circut") and acronyms ("bff") match;
//! - the tags (weight 1.5);
//! - the words of the summary, problem, statement (weight 0.6) and body (weight 0.25), matched by
//!   prefix ("storm" finds "storms") for query words of two or more characters: either by a
//!   substring scan (one-shot searches) or through an inverted index ([`Index::with_vocabulary`],
//!   the sidebar), which give identical scores.
//!
//! A fuzzy match counts only when its score is at least [`MIN_PER_CHAR`] per query character,
//! which keeps letters scattered across a long title from matching. Whole-word and prefix hits on
//! the title or an alias, and a query equal to the title or an alias, earn bonuses. Plurals also
//! match their singular. A longer query may search only the previous query's candidates
//! ([`Search::narrows_to`]), which is exact; large corpora are scored on several threads.
//!
//! Queries that ask for a remedy ("avoid cascading failures", "prevent duplicate charges") drop
//! the intent word and rank the patterns and rules linked to the best-matching concept first:
//! those are what avoids it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use rustc_hash::FxHasher;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::corpus::{Corpus, Kind, search_text};

/// Field weights, in percent of the raw matcher score.
const W_TITLE: i64 = 300;
const W_ALIAS: i64 = 280;
const W_TAG: i64 = 150;
const W_TEXT: i64 = 60;
const W_BODY: i64 = 25;

/// What a text word that starts with the query word scores per query character (about what
/// the matcher gives a contiguous match).
const TEXT_PER_CHAR: i64 = 24;

/// The least matcher score per query character for a fuzzy match to count.
pub const MIN_PER_CHAR: i64 = 15;

/// Words that ask for a remedy rather than name a topic.
const INTENT: &[&str] = &[
    "avoid", "prevent", "stop", "reduce", "mitigate", "handle", "survive", "fix", "solve",
    "protect",
];

/// Each distinct text word, sorted, with the entries it appears in and the field weight there.
type Vocabulary = Vec<(String, Vec<(u32, u8)>)>;

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Position of the entry in the corpus.
    pub index: usize,
    pub score: i64,
    /// Character positions in the title to highlight, sorted and unique.
    pub title_chars: Vec<usize>,
}

/// Pre-lowered haystacks and an inverted index of text tokens, built once.
pub struct Index {
    docs: Vec<Doc>,
    /// Every distinct word of the entries' text, with the entries it appears in and its weight;
    /// built on demand by [`Index::with_vocabulary`].
    vocab: Option<Vocabulary>,
    matcher: SkimMatcherV2,
}

struct Doc {
    kind: Kind,
    title: String,
    title_lower: String,
    /// The title's and aliases' words, lower-cased.
    words: Vec<String>,
    aliases: Vec<String>,
    tags: Vec<String>,
    /// Positions of related entries that are remedies (patterns, rules, principles).
    remedies: Vec<usize>,
    /// Summary, problem and statement, lower-cased.
    text: Cow<'static, str>,
    /// The body, lower-cased.
    body: Cow<'static, str>,
}

impl Doc {
    /// The text fields with their weights.
    fn fields(&self) -> [(&str, u8); 2] {
        [(&self.text, W_TEXT as u8), (&self.body, W_BODY as u8)]
    }
}

/// The words of `text` (as [`words_of`] splits them) that start with `prefix`, found with a
/// substring search rather than by splitting the whole text, which is several times faster.
fn words_starting_with<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(prefix).filter_map(move |(at, _)| {
        if !boundary(text[..at].chars().next_back()) {
            return None;
        }
        let rest = &text[at..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        // A prefix with punctuation in it ("pub/sub") is longer than any word it starts.
        (end >= 2 && end >= prefix.len()).then(|| &rest[..end])
    })
}

/// The words of lower-cased text that search matches: runs of letters and digits, two or more
/// characters long.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

impl Index {
    /// Builds the per-entry haystacks. Text matching scans the entries' words directly until
    /// [`Index::with_vocabulary`] adds an inverted index, which makes each keystroke cheaper
    /// and gives identical scores.
    pub fn new(corpus: &Corpus) -> Index {
        let docs = corpus
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                // Built-in entries carry their lower-cased text, compiled in.
                let (text, body): (Cow<'static, str>, Cow<'static, str>) = match e.lowered {
                    Some(l) => (Cow::Borrowed(l.text), Cow::Borrowed(l.body)),
                    None => {
                        let (text, body) = search_text(e);
                        (Cow::Owned(text), Cow::Owned(body))
                    }
                };
                let words = std::iter::once(e.title.as_str())
                    .chain(e.aliases.iter().map(String::as_str))
                    .flat_map(tokens)
                    .collect();
                let remedies = corpus
                    .related(e)
                    .chain(corpus.backlinks(i))
                    .filter(|r| matches!(r.kind, Kind::Pattern | Kind::Rule | Kind::Principle))
                    .filter_map(|r| corpus.position(&r.id))
                    .collect();
                Doc {
                    kind: e.kind,
                    title: e.title.clone(),
                    title_lower: e.title.to_lowercase(),
                    words,
                    aliases: e.aliases.iter().map(|a| a.to_lowercase()).collect(),
                    tags: e.tags.clone(),
                    remedies,
                    text,
                    body,
                }
            })
            .collect();
        Index {
            docs,
            vocab: None,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Adds the inverted index of text words: every distinct word with the entries it appears
    /// in and the field weight there. Worth it for an index that answers many queries.
    pub fn with_vocabulary(mut self) -> Index {
        let mut postings: HashMap<&str, Vec<(u32, u8)>, BuildHasherDefault<FxHasher>> =
            HashMap::default();
        for (i, doc) in self.docs.iter().enumerate() {
            let i = i as u32;
            for (field, weight) in doc.fields() {
                for token in words_of(field) {
                    let list = postings.entry(token).or_default();
                    match list.last_mut() {
                        Some((d, w)) if *d == i => *w = (*w).max(weight),
                        _ => list.push((i, weight)),
                    }
                }
            }
        }
        let mut vocab: Vocabulary = postings
            .into_iter()
            .map(|(t, p)| (t.to_string(), p))
            .collect();
        vocab.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.vocab = Some(vocab);
        self
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Ranks every entry of the allowed kinds against `query`, best first. An empty query lists
    /// every allowed entry in corpus order with score 0.
    pub fn query(&self, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        self.query_within(query, kind, None).hits
    }

    /// Like [`Index::query`], but only looks at `pool` when it is given: the `candidates` of an
    /// earlier search whose words this query extends (see [`Search::narrows_to`]). Candidates
    /// are the entries in which every word at least occurs as a subsequence, ignoring the score
    /// floor, which is what makes narrowing exact: a longer query's candidates are a subset.
    pub fn query_within(&self, query: &str, kind: Option<Kind>, pool: Option<&[usize]>) -> Search {
        let allowed = |i: usize| kind.is_none_or(|k| self.docs[i].kind == k);
        let (words, intent) = query_words(query);
        if words.is_empty() {
            let hits: Vec<Hit> = (0..self.docs.len())
                .filter(|&i| allowed(i))
                .map(|index| Hit {
                    index,
                    score: 0,
                    title_chars: Vec::new(),
                })
                .collect();
            let candidates = hits.iter().map(|h| h.index).collect();
            return Search {
                words,
                kind,
                hits,
                candidates,
            };
        }
        // Word by word: an entry drops out at the first word it does not match, so later words
        // only look at the survivors. `scored` is false once a word matched only below the floor.
        let mut alive: Vec<Option<Alive>> = vec![None; self.docs.len()];
        let fresh = || {
            Some(Alive {
                total: 0,
                chars: Vec::new(),
                scored: true,
            })
        };
        match pool {
            Some(pool) => {
                let n = alive.len();
                pool.iter()
                    .filter(|&&i| i < n && allowed(i))
                    .for_each(|&i| alive[i] = fresh());
            }
            None => (0..alive.len())
                .filter(|&i| allowed(i))
                .for_each(|i| alive[i] = fresh()),
        }
        for word in &words {
            // A plural also matches its singular ("messages" finds "Poison Message").
            let text = self.text_scores(singular(word).unwrap_or(word), &alive);
            let score_chunk = |offset: usize, chunk: &mut [Option<Alive>]| {
                for (j, slot) in chunk.iter_mut().enumerate() {
                    let i = offset + j;
                    let Some(state) = slot else { continue };
                    match self.word_score(i, word, text[i], &mut state.chars) {
                        WordMatch::Scored(score) => state.total += score,
                        WordMatch::Raw => state.scored = false,
                        WordMatch::Miss => *slot = None,
                    }
                }
            };
            // Large corpora are scored on every core, in contiguous slices.
            let threads = if alive.len() >= PARALLEL_DOCS {
                std::thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(8)
            } else {
                1
            };
            if threads > 1 {
                let size = alive.len().div_ceil(threads);
                std::thread::scope(|scope| {
                    for (k, chunk) in alive.chunks_mut(size).enumerate() {
                        let score_chunk = &score_chunk;
                        scope.spawn(move || score_chunk(k * size, chunk));
                    }
                });
            } else {
                score_chunk(0, &mut alive);
            }
        }
        let candidates: Vec<usize> = alive
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_some())
            .map(|(i, _)| i)
            .collect();
        let whole = words.join(" ");
        let mut hits: Vec<Hit> = alive
            .into_iter()
            .enumerate()
            .filter_map(|(i, slot)| {
                let Alive {
                    total: mut score,
                    chars: mut title_chars,
                    scored,
                } = slot?;
                if !scored {
                    return None;
                }
                let doc = &self.docs[i];
                if doc.title_lower == whole || doc.aliases.contains(&whole) {
                    score += 400;
                } else if doc.title_lower.starts_with(&whole) {
                    score += 150;
                }
                title_chars.sort_unstable();
                title_chars.dedup();
                Some(Hit {
                    index: i,
                    score,
                    title_chars,
                })
            })
            .collect();
        if intent {
            self.promote_remedies(&mut hits, kind);
        }
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| {
                    self.docs[a.index]
                        .title
                        .len()
                        .cmp(&self.docs[b.index].title.len())
                })
                .then_with(|| a.index.cmp(&b.index))
        });
        Search {
            words,
            kind,
            hits,
            candidates,
        }
    }

    /// For "avoid X": the remedies linked to the best match for X rank just above it, in the
    /// order the entry lists them.
    fn promote_remedies(&self, hits: &mut Vec<Hit>, kind: Option<Kind>) {
        let Some(top) = hits.iter().max_by_key(|h| h.score).cloned() else {
            return;
        };
        if !matches!(self.docs[top.index].kind, Kind::Concept | Kind::Fallacy) {
            return;
        }
        let remedies = &self.docs[top.index].remedies;
        let n = remedies.len() as i64;
        for (rank, &r) in remedies.iter().enumerate() {
            if kind.is_some_and(|k| self.docs[r].kind != k) {
                continue;
            }
            let score = top.score + n - rank as i64;
            match hits.iter_mut().find(|h| h.index == r) {
                Some(h) => h.score = h.score.max(score),
                None => hits.push(Hit {
                    index: r,
                    score,
                    title_chars: Vec::new(),
                }),
            }
        }
    }

    /// The fuzzy score of `pattern` in `haystack`: `Some(score)` if it clears the
    /// per-character floor, `Some(None)` if it matches only below it, `None` if not at all.
    fn fuzzy(&self, haystack: &str, pattern: &str) -> Option<Option<i64>> {
        self.matcher
            .fuzzy_match(haystack, pattern)
            .map(|s| (s >= floor(pattern)).then_some(s))
    }

    /// Per entry, the best weighted score of `word` against a word of the entry's text. Text
    /// words match by prefix ("storm" finds "storms"), not fuzzily: typos are for names, and a
    /// fuzzy match over every word of every body matches nearly everything.
    fn text_scores<T>(&self, word: &str, alive: &[Option<T>]) -> Vec<i64> {
        let mut best = vec![0i64; self.docs.len()];
        // A single letter says nothing about a text; it matches names only.
        if word.chars().count() < MIN_TEXT_CHARS {
            return best;
        }
        // A prefix match scores like an exact match of the word, less a little per extra letter.
        let len = word.chars().count() as i64;
        let score =
            |token: &str| (TEXT_PER_CHAR * len - (token.len() as i64 - word.len() as i64)).max(1);
        match &self.vocab {
            Some(vocab) => {
                // The vocabulary is sorted, so the words with this prefix are one range.
                let start = vocab.partition_point(|(t, _)| t.as_str() < word);
                for (token, docs) in vocab[start..]
                    .iter()
                    .take_while(|(t, _)| t.starts_with(word))
                {
                    let s = score(token);
                    for &(doc, weight) in docs {
                        let slot = &mut best[doc as usize];
                        *slot = (*slot).max(s * i64::from(weight) / 100);
                    }
                }
            }
            None => {
                for ((slot, doc), _) in best
                    .iter_mut()
                    .zip(&self.docs)
                    .zip(alive)
                    .filter(|(_, a)| a.is_some())
                {
                    for (field, weight) in doc.fields() {
                        for token in words_starting_with(field, word) {
                            *slot = (*slot).max(score(token) * i64::from(weight) / 100);
                        }
                    }
                }
            }
        }
        best
    }

    /// How well one query word matches entry `i`, given its best text score. Title characters
    /// it matched are added to `title_chars`.
    fn word_score(
        &self,
        i: usize,
        word: &str,
        text: i64,
        title_chars: &mut Vec<usize>,
    ) -> WordMatch {
        let doc = &self.docs[i];
        let mut best = 0;
        let mut raw = false;
        for form in std::iter::once(word).chain(singular(word)) {
            if best > 0 {
                break;
            }
            // A cheap subsequence test first: most entries fail it, and skip the matcher.
            if is_subsequence(form, &doc.title_lower)
                && let Some((s, idx)) = self.matcher.fuzzy_indices(&doc.title, form)
            {
                if s >= floor(form) {
                    best = s * W_TITLE / 100;
                    title_chars.extend(idx);
                } else {
                    raw = true;
                }
            }
            for alias in doc.aliases.iter().filter(|a| is_subsequence(form, a)) {
                match self.fuzzy(alias, form) {
                    Some(Some(s)) => best = best.max(s * W_ALIAS / 100),
                    Some(None) => raw = true,
                    None => {}
                }
            }
        }
        if best == 0 {
            for form in std::iter::once(word).chain(singular(word)) {
                for tag in doc.tags.iter().filter(|t| is_subsequence(form, t)) {
                    match self.fuzzy(tag, form) {
                        Some(Some(s)) => best = best.max(s * W_TAG / 100),
                        Some(None) => raw = true,
                        None => {}
                    }
                }
            }
            best = best.max(text);
        }
        if best <= 0 {
            return if raw { WordMatch::Raw } else { WordMatch::Miss };
        }
        let len = word.chars().count() as i64;
        if doc.words.iter().any(|t| t == word) {
            best += 40 * len;
        } else if doc.words.iter().any(|t| t.starts_with(word)) {
            best += 15 * len;
        }
        WordMatch::Scored(best)
    }
}

/// The score floor for a word: [`MIN_PER_CHAR`] per character.
fn floor(word: &str) -> i64 {
    MIN_PER_CHAR * word.chars().count() as i64
}

/// How one query word matched one entry.
enum WordMatch {
    Scored(i64),
    /// Only below the score floor: not a hit, but still a candidate for longer queries.
    Raw,
    Miss,
}

/// An entry still in the running during a search.
#[derive(Clone)]
struct Alive {
    total: i64,
    chars: Vec<usize>,
    scored: bool,
}

/// The result of [`Index::query_within`].
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query's words, as matched (intent words removed).
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    pub hits: Vec<Hit>,
    /// Entries in which every word occurs at least as a subsequence: the pool for a longer
    /// query.
    pub candidates: Vec<usize>,
}

impl Search {
    /// Whether a search for `query` may look only at this search's candidates: same kind, and
    /// its words extend these (the last word grew, or words were added).
    pub fn narrows_to(&self, query: &str, kind: Option<Kind>) -> bool {
        let (words, _) = query_words(query);
        let Some((last, rest)) = self.words.split_last() else {
            return false;
        };
        // A word that grows long enough to match text can match entries it did not before.
        let text_kept = |w: &str| w.chars().count() >= MIN_TEXT_CHARS;
        kind == self.kind
            && words.len() >= self.words.len()
            && words[..rest.len()] == *rest
            && words[rest.len()].starts_with(last.as_str())
            && (text_kept(last) || words[rest.len()] == *last)
    }
}

/// The words a query is matched with, and whether it asked for a remedy ("avoid ...").
fn query_words(query: &str) -> (Vec<String>, bool) {
    let mut words = split_words(query);
    let intent = words.len() > 1 && words.iter().any(|w| INTENT.contains(&w.as_str()));
    if intent {
        words.retain(|w| !INTENT.contains(&w.as_str()));
    }
    (words, intent)
}

/// The singular of a plain English plural ("messages" → "message"), if the word looks like one.
fn singular(word: &str) -> Option<&str> {
    (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
        .then(|| &word[..word.len() - 1])
}

/// Every entry of the allowed kind in corpus order, as an empty query lists them. Needs no index.
pub fn all_hits(corpus: &Corpus, kind: Option<Kind>) -> Vec<Hit> {
    corpus
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| kind.is_none_or(|k| e.kind == k))
        .map(|(index, _)| Hit {
            index,
            score: 0,
            title_chars: Vec::new(),
        })
        .collect()
}

/// An index built on a background thread, so that the first frame never waits for it. The
/// first query that needs it joins the thread (by then it is usually long finished).
pub struct BackgroundIndex {
    corpus: Arc<Corpus>,
    building: Option<JoinHandle<Index>>,
    ready: Option<Index>,
}

impl BackgroundIndex {
    pub fn spawn(corpus: Arc<Corpus>) -> BackgroundIndex {
        let for_thread = Arc::clone(&corpus);
        let building = std::thread::Builder::new()
            .name("archdeck-index".into())
            .spawn(move || Index::new(&for_thread).with_vocabulary())
            .ok();
        BackgroundIndex {
            corpus,
            building,
            ready: None,
        }
    }

    /// The index, waiting for the thread if it is still building it.
    pub fn get(&mut self) -> &Index {
        let corpus = &self.corpus;
        let building = &mut self.building;
        self.ready.get_or_insert_with(|| {
            building
                .take()
                .and_then(|handle| handle.join().ok())
                .unwrap_or_else(|| Index::new(corpus).with_vocabulary())
        })
    }
}

/// Runs searches on a thread of its own, so that typing never waits for one. The newest
/// request wins: requests still queued behind it are skipped. Each answer carries the number of
/// the request it answers, so the caller can drop answers to queries it no longer shows.
pub struct SearchWorker {
    requests: mpsc::Sender<(u64, String, Option<Kind>)>,
    results: mpsc::Receiver<(u64, Search)>,
}

impl SearchWorker {
    /// Starts the worker; it waits for the index first, then narrows as the sidebar does.
    pub fn spawn(mut index: BackgroundIndex) -> SearchWorker {
        let (requests, inbox) = mpsc::channel::<(u64, String, Option<Kind>)>();
        let (outbox, results) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("archdeck-search".into())
            .spawn(move || {
                let mut last: Option<Search> = None;
                while let Ok(mut request) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        request = newer;
                    }
                    let (generation, query, kind) = request;
                    let pool = last
                        .as_ref()
                        .filter(|s| s.narrows_to(&query, kind))
                        .map(|s| s.candidates.as_slice());
                    let search = index.get().query_within(&query, kind, pool);
                    last = Some(search.clone_meta());
                    if outbox.send((generation, search)).is_err() {
                        return;
                    }
                }
            });
        SearchWorker { requests, results }
    }

    /// Asks for a search; `generation` identifies it in the answer.
    pub fn request(&self, generation: u64, query: &str, kind: Option<Kind>) {
        let _ = self.requests.send((generation, query.to_string(), kind));
    }

    /// The newest answer that has arrived, if any, without waiting.
    pub fn try_result(&self) -> Option<(u64, Search)> {
        self.results.try_iter().last()
    }

    /// Waits up to `timeout` for an answer.
    pub fn wait_result(&self, timeout: std::time::Duration) -> Option<(u64, Search)> {
        let first = self.results.recv_timeout(timeout).ok()?;
        Some(self.try_result().unwrap_or(first))
    }
}

impl Search {
    /// Everything but the hits.
    fn clone_meta(&self) -> Search {
        Search {
            words: self.words.clone(),
            kind: self.kind,
            hits: Vec::new(),
            candidates: self.candidates.clone(),
        }
    }
}

/// Whether the characters of `needle` appear in order in `hay` (both lower-case).
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

/// Query words shorter than this match titles, aliases and tags, but not text.
const MIN_TEXT_CHARS: usize = 2;

/// Searches over at least this many entries score them on several threads.
const PARALLEL_DOCS: usize = 16_384;

/// At most this many words of a query count; a longer query is not a search, and ignoring the
/// rest keeps a pasted paragraph from stalling the sidebar.
pub const MAX_WORDS: usize = 12;
/// Longer words are cut to this many characters.
pub const MAX_WORD_CHARS: usize = 48;

/// Lower-cases the query and splits it into words, at most [`MAX_WORDS`] of [`MAX_WORD_CHARS`]
/// characters. Control characters are dropped.
pub fn split_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control())
                .take(MAX_WORD_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        // The titles spell out the "12" of "12-factor".
        .flat_map(|w| match w.strip_prefix("12") {
            Some("") => vec!["twelve".to_string()],
            Some("-factor" | "factor") => vec!["twelve".to_string(), "factor".to_string()],
            _ => vec![w],
        })
        .take(MAX_WORDS)
        .collect()
}
