//! Test and benchmark support: not used by the app itself.
//!
//! - [`synthetic_deck`] writes a deterministic deck of any size in the schema of
//!   `data/README.md`, for start-up, search and render benchmarks, stress runs
//!   (`cargo run --release --example gen_deck -- 100000 /tmp/stress.toml`) and property tests.
//! - [`Rng`] is the tiny seeded generator behind it (splitmix64), so that no `rand` crate is
//!   needed and the same seed gives the same deck on every machine.
//! - [`fuzz_search`] and [`fuzz_deck`] are the bodies of the fuzz targets in `fuzz/`. They live
//!   here, as plain functions, so that a stable toolchain can drive them too (see
//!   `tests/fuzz_loop.rs`). Each panics if an invariant is broken.

use std::fmt::Write;
use std::sync::OnceLock;

use crate::corpus::{Corpus, DeckFile, Kind};
use crate::search::Index;

/// A small, fast, seeded pseudo-random generator (splitmix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// One item of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "event",
    "stream",
    "queue",
    "cache",
    "shard",
    "replica",
    "leader",
    "quorum",
    "gateway",
    "proxy",
    "service",
    "request",
    "retry",
    "timeout",
    "budget",
    "backoff",
    "circuit",
    "breaker",
    "bulkhead",
    "saga",
    "outbox",
    "inbox",
    "ledger",
    "snapshot",
    "journal",
    "schema",
    "contract",
    "consumer",
    "producer",
    "broker",
    "topic",
    "partition",
    "offset",
    "window",
    "watermark",
    "batch",
    "index",
    "query",
    "command",
    "projection",
    "aggregate",
    "entity",
    "value",
    "object",
    "boundary",
    "context",
    "domain",
    "module",
    "layer",
    "adapter",
    "port",
    "facade",
    "registry",
    "discovery",
    "balancer",
    "health",
    "probe",
    "deployment",
    "canary",
    "rollout",
    "rollback",
    "feature",
    "toggle",
    "release",
    "pipeline",
    "artifact",
    "container",
    "cluster",
    "node",
    "region",
    "zone",
    "failover",
    "backup",
    "restore",
    "latency",
    "throughput",
    "capacity",
    "limit",
    "quota",
    "token",
    "lease",
    "lock",
    "fence",
    "clock",
    "vector",
    "version",
    "conflict",
    "merge",
    "log",
    "compaction",
    "tombstone",
    "bloom",
    "filter",
    "tree",
    "hash",
    "ring",
    "gossip",
    "membership",
    "heartbeat",
    "idempotent",
    "exactly",
    "once",
    "delivery",
    "ordering",
    "causal",
    "eventual",
    "strong",
    "consistency",
    "isolation",
    "transaction",
    "commit",
    "coordinator",
    "participant",
    "storage",
    "object",
    "blob",
    "bucket",
    "tenant",
    "isolation",
    "noisy",
    "neighbour",
    "sidecar",
    "mesh",
    "ambassador",
    "strangler",
    "anticorruption",
    "legacy",
    "monolith",
    "microservice",
    "coupling",
    "cohesion",
    "abstraction",
    "interface",
    "dependency",
    "inversion",
    "naïve",
    "café",
    "résumé",
    "observability",
    "trace",
    "span",
    "metric",
    "alert",
    "dashboard",
    "runbook",
    "incident",
    "postmortem",
    "pager",
    "capacity",
    "forecast",
    "autoscaling",
    "warm",
    "cold",
    "pool",
    "connection",
    "thread",
    "actor",
    "mailbox",
    "supervisor",
    "backpressure",
    "buffer",
    "overflow",
    "drop",
    "sample",
    "throttle",
    "debounce",
    "priority",
    "fairness",
    "scheduler",
];

const TAGS: &[&str] = &[
    "resilience",
    "messaging",
    "data",
    "distributed-systems",
    "deployment",
    "observability",
    "security",
    "scalability",
    "design",
    "storage",
    "operations",
    "testing",
];

const AUTHORS: &[&str] = &[
    "Michael Nygard",
    "Martin Fowler",
    "Gregor Hohpe",
    "Martin Kleppmann",
    "Eric Evans",
    "Sam Newman",
    "Betsy Beyer",
    "Chris Richardson",
];

/// The section headings of each kind's body.
fn sections(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Concept | Kind::Pattern | Kind::Principle => &[
            "What it is",
            "The problem it solves",
            "How it works",
            "Trade-offs",
            "Example",
        ],
        Kind::Fallacy => &["Explanation", "Consequences", "Mitigations"],
        Kind::Law => &["Explanation", "Consequences", "Working with it"],
        Kind::Rule | Kind::Reference => &[],
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A sentence of `lo..=hi` words, capitalised, ending in a full stop.
fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            s.push_str(&capitalise(w));
        } else {
            s.push(' ');
            s.push_str(w);
            if i + 1 < n && rng.chance(8) {
                s.push(',');
            }
        }
    }
    s.push('.');
    s
}

/// Sentences of exactly `words` words in all.
fn paragraph(rng: &mut Rng, words: usize, out: &mut String) {
    let mut left = words;
    while left > 0 {
        let n = rng.range(6, 18).min(left);
        let s = sentence(rng, n, n);
        left -= n;
        if !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(&s);
    }
}

/// A body of 150 to 300 words (headings and list markers included), in the sections the kind
/// calls for.
fn body(rng: &mut Rng, kind: Kind) -> String {
    // Headings, list markers and the closing code sentence take at most 40 words.
    let total = rng.range(150, 260);
    let heads = sections(kind);
    let mut out = String::new();
    if heads.is_empty() {
        let first = total / 2;
        paragraph(rng, first, &mut out);
        out.push_str("\n\n");
        paragraph(rng, total - first, &mut out);
        return out;
    }
    let per = total / heads.len();
    for (i, head) in heads.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let _ = writeln!(out, "## {head}");
        if *head == "Example" || *head == "Mitigations" {
            // Lists and inline code, as real entries have.
            for _ in 0..3 {
                out.push_str("- ");
                paragraph(rng, per / 3, &mut out);
                out.push('\n');
            }
            let _ = write!(out, "Set `{}` to `{}`.", rng.pick(WORDS), rng.below(1000));
        } else {
            paragraph(rng, per, &mut out);
        }
    }
    out
}

fn pick_kind(rng: &mut Rng) -> Kind {
    match rng.below(100) {
        0..30 => Kind::Concept,
        30..55 => Kind::Pattern,
        55..80 => Kind::Rule,
        80..90 => Kind::Fallacy,
        90..94 => Kind::Principle,
        94..97 => Kind::Law,
        _ => Kind::Reference,
    }
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A deck of `n` valid entries of mixed kinds, the same for the same `seed`.
///
/// Ids are `syn-<title words>-<n>`, so they never clash with the built-in corpus; every
/// `related` link points to another generated entry. Titles have 2-5 words, bodies 150-300
/// words in the sections of `data/README.md`. The text only uses characters that need no TOML
/// escaping beyond what `{:?}` gives.
pub fn synthetic_deck(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    // Titles first, so that `related` can name any entry.
    let titles: Vec<Vec<&str>> = (0..n)
        .map(|_| {
            let words = rng.range(2, 5);
            (0..words).map(|_| rng.pick(WORDS)).collect()
        })
        .collect();
    let id = |i: usize| -> String {
        let slug: Vec<String> = titles[i]
            .iter()
            .map(|w| w.chars().filter(char::is_ascii_lowercase).collect())
            .collect();
        format!("syn-{}-{i}", slug.join("-"))
    };
    let mut out = String::with_capacity(n * 2200);
    out.push_str("# Synthetic deck generated by archdeck::testing::synthetic_deck.\n");
    for (i, words) in titles.iter().enumerate() {
        let kind = pick_kind(&mut rng);
        let title: Vec<String> = words.iter().map(|w| capitalise(w)).collect();
        let title = title.join(" ");
        let mut aliases = Vec::new();
        if rng.chance(40) {
            let acronym: String = words
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            aliases.push(acronym);
        }
        if rng.chance(30) {
            aliases.push(format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)));
        }
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let t = (rng.pick(TAGS)).to_string();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let mut related = Vec::new();
        if n > 1 {
            for _ in 0..rng.range(0, 4) {
                let j = rng.below(n);
                let target = id(j);
                if j != i && !related.contains(&target) {
                    related.push(target);
                }
            }
        }
        let sources: Vec<String> = (0..rng.range(1, 2))
            .map(|_| {
                format!(
                    "{}, {} {} ({})",
                    rng.pick(AUTHORS),
                    capitalise(rng.pick(WORDS)),
                    capitalise(rng.pick(WORDS)),
                    1990 + rng.below(35)
                )
            })
            .collect();

        let _ = writeln!(out, "\n[[entry]]");
        let _ = writeln!(out, "id = {:?}", id(i));
        let _ = writeln!(out, "kind = {:?}", kind.as_str());
        let _ = writeln!(out, "title = {title:?}");
        if !aliases.is_empty() {
            let _ = writeln!(out, "aliases = {}", quoted_list(&aliases));
        }
        let _ = writeln!(out, "tags = {}", quoted_list(&tags));
        let _ = writeln!(out, "summary = {:?}", sentence(&mut rng, 10, 22));
        match kind {
            Kind::Pattern => {
                let _ = writeln!(out, "problem = {:?}", sentence(&mut rng, 12, 24));
            }
            Kind::Rule => {
                let verdict = if rng.chance(50) { "do" } else { "dont" };
                let _ = writeln!(out, "verdict = {verdict:?}");
                let _ = writeln!(out, "statement = {:?}", sentence(&mut rng, 8, 16));
                let why = format!(
                    "{} {}",
                    sentence(&mut rng, 8, 16),
                    sentence(&mut rng, 8, 16)
                );
                let _ = writeln!(out, "why = {why:?}");
            }
            Kind::Fallacy | Kind::Law => {
                let scenarios: Vec<String> = (0..rng.range(1, 3))
                    .map(|_| sentence(&mut rng, 10, 20))
                    .collect();
                let _ = writeln!(out, "scenarios = {}", quoted_list(&scenarios));
            }
            _ => {}
        }
        let _ = writeln!(out, "body = \"\"\"\n{}\n\"\"\"", body(&mut rng, kind));
        if !related.is_empty() {
            let _ = writeln!(out, "related = {}", quoted_list(&related));
        }
        let _ = writeln!(out, "sources = {}", quoted_list(&sources));
    }
    out
}

/// The built-in corpus plus `n` synthetic entries loaded as one user deck, as the app would
/// load them. For benchmarks and stress tests.
pub fn corpus_with_synthetic(n: usize, seed: u64) -> Corpus {
    let deck = DeckFile {
        name: "synthetic.toml".into(),
        text: synthetic_deck(n, seed),
        builtin: false,
    };
    Corpus::with_files(&[deck]).0
}

/// The position of the entry whose page (`document::entry_page`) is longest.
pub fn longest_entry(corpus: &Corpus) -> Option<usize> {
    corpus
        .entries()
        .iter()
        .enumerate()
        .max_by_key(|(_, e)| crate::document::entry_page(e).len())
        .map(|(i, _)| i)
}

/// The built-in corpus and its index, built once per process for the fuzz bodies.
fn shipped() -> &'static (Corpus, Index) {
    static SHIPPED: OnceLock<(Corpus, Index)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let (corpus, _) = Corpus::embedded();
        let index = Index::new(&corpus);
        (corpus, index)
    })
}

/// Fuzz body: any bytes as a query against the built-in corpus (the first byte picks a kind
/// filter). Panics if the search panics or returns a hit whose `title_chars` are not sorted,
/// unique character positions of the entry's title.
pub fn fuzz_search(data: &[u8]) {
    let (corpus, index) = shipped();
    let (kind, rest) = match data.split_first() {
        Some((&b, rest)) => (Kind::ALL.get(usize::from(b % 8)).copied(), rest),
        None => (None, data),
    };
    check_search(corpus, index, &String::from_utf8_lossy(rest), kind);
}

/// Runs a search and panics unless every hit is listed once, has the kind asked for, and has
/// `title_chars` that are sorted, unique character positions of the entry's title.
pub fn check_search(corpus: &Corpus, index: &Index, query: &str, kind: Option<Kind>) {
    let hits = index.query(query, kind);
    let mut seen = vec![false; corpus.len()];
    for hit in &hits {
        let entry = &corpus.entries()[hit.index];
        assert!(!seen[hit.index], "entry {} listed twice", entry.id);
        seen[hit.index] = true;
        assert!(kind.is_none_or(|k| entry.kind == k), "kind filter ignored");
        let chars = entry.title.chars().count();
        assert!(
            hit.title_chars.windows(2).all(|w| w[0] < w[1]),
            "title_chars not sorted and unique: {:?}",
            hit.title_chars
        );
        assert!(
            hit.title_chars.iter().all(|&c| c < chars),
            "title_chars {:?} beyond the {chars} chars of {:?}",
            hit.title_chars,
            entry.title
        );
    }
}

/// Fuzz body: any bytes as a user deck. Loads it, checks that every diagnostic lies within the
/// text, and renders every accepted entry (Markdown page, conversion, wrapping at a width taken
/// from the input). Panics if anything panics or a diagnostic points outside the text.
pub fn fuzz_deck(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let width = data.first().map_or(40, |&b| usize::from(b % 120) + 1);
    let file = DeckFile {
        name: "fuzz.toml".into(),
        text,
        builtin: false,
    };
    let (corpus, problems) = Corpus::load(std::slice::from_ref(&file));
    check_diagnostics(&file.text, &problems);
    let theme = crate::tui::theme::Theme { color: true };
    for entry in corpus.entries() {
        let md = crate::document::entry_markdown(&corpus, entry);
        for line in crate::tui::markdown::to_lines(&md, theme) {
            for row in crate::tui::markdown::wrap(&line, width) {
                // A double-width character cannot be split to fit one column.
                assert!(
                    row.width() <= width.max(2),
                    "wrapped row wider than {width}: {row:?}"
                );
            }
        }
    }
}

/// Panics unless every diagnostic's line and column lie within `text` (a column may point just
/// past the end of its line, where something is missing).
pub fn check_diagnostics(text: &str, problems: &[crate::corpus::Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for p in problems {
        assert!(
            p.line >= 1 && p.line <= lines.len(),
            "{p}: line outside 1..={}",
            lines.len()
        );
        let len = lines[p.line - 1].chars().count();
        assert!(
            p.col >= 1 && p.col <= len + 1,
            "{p}: column outside 1..={}",
            len + 1
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Corpus, Vec<crate::corpus::Diagnostic>) {
        Corpus::load(&[DeckFile {
            name: "synthetic.toml".into(),
            text: text.into(),
            builtin: false,
        }])
    }

    #[test]
    fn thousand_entries_load_cleanly_and_are_reproducible() {
        let deck = synthetic_deck(1000, 42);
        assert_eq!(deck, synthetic_deck(1000, 42));
        assert_ne!(deck, synthetic_deck(1000, 43));
        let (corpus, problems) = load(&deck);
        assert!(
            problems.is_empty(),
            "{:?}",
            &problems[..problems.len().min(5)]
        );
        assert_eq!(corpus.len(), 1000);
        let kinds: std::collections::HashSet<Kind> =
            corpus.entries().iter().map(|e| e.kind).collect();
        assert_eq!(kinds.len(), Kind::ALL.len(), "every kind appears");
        for e in corpus.entries() {
            let words = e.title.split_whitespace().count();
            assert!((2..=5).contains(&words), "{}", e.title);
            let body = e.body.split_whitespace().count();
            assert!((150..=300).contains(&body), "{} has {body} words", e.id);
            for head in sections(e.kind) {
                assert!(
                    e.body.contains(&format!("## {head}\n")),
                    "{} lacks {head}",
                    e.id
                );
            }
        }
        assert!(corpus.entries().iter().any(|e| !e.related.is_empty()));
    }

    #[test]
    fn loads_next_to_the_builtin_corpus_without_clashes() {
        let deck = DeckFile {
            name: "synthetic.toml".into(),
            text: synthetic_deck(200, 1),
            builtin: false,
        };
        let builtin = Corpus::embedded().0.len();
        let (corpus, problems) = Corpus::with_files(&[deck]);
        // Only the synthetic deck is judged here: the built-in corpus has its own tests.
        let ours: Vec<_> = problems
            .iter()
            .filter(|p| p.file == "synthetic.toml")
            .collect();
        assert!(ours.is_empty(), "{ours:?}");
        assert_eq!(corpus.len(), builtin + 200);
    }

    /// Regression: origins come from a per-file line table, not a scan from the file's start.
    #[test]
    fn origin_lines_point_at_each_id() {
        let deck = synthetic_deck(300, 3);
        let lines: Vec<&str> = deck.lines().collect();
        let (corpus, _) = load(&deck);
        for e in corpus.entries() {
            assert_eq!(lines[e.origin.line - 1], format!("id = {:?}", e.id));
        }
    }

    #[test]
    fn tiny_decks_are_valid() {
        for n in 1..4 {
            let (corpus, problems) = load(&synthetic_deck(n, 9));
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(corpus.len(), n);
        }
    }

    #[test]
    fn fuzz_bodies_accept_odd_input() {
        fuzz_search(b"");
        fuzz_search(b"\x01circut brekr");
        fuzz_search("\u{0}\u{202E}日本 ̈".as_bytes());
        fuzz_deck(b"");
        fuzz_deck(b"[[entry]]\nid = 3");
        fuzz_deck(synthetic_deck(3, 5).as_bytes());
    }
}
