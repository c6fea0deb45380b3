//! Ranking: the intended entry comes first for typos, acronyms, partial words and descriptions.

use archdeck::corpus::{Corpus, Kind};
use archdeck::search::Index;

fn top(index: &Index, corpus: &Corpus, query: &str, n: usize) -> Vec<String> {
    index
        .query(query, None)
        .iter()
        .take(n)
        .map(|h| corpus.entries()[h.index].id.clone())
        .collect()
}

fn setup() -> (Corpus, Index) {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    (corpus, index)
}

#[test]
fn typos_acronyms_and_partial_words_rank_first() {
    let (corpus, index) = setup();
    for (query, want) in [
        ("idempotncy", "idempotency"),
        ("circut", "circuit-breaker"),
        ("circuit breaker", "circuit-breaker"),
        ("dead lett", "dead-letter-queue"),
        ("dlq", "dead-letter-queue"),
        ("bff", "backend-for-frontend"),
        ("cqrs", "cqrs"),
        ("strangler", "strangler-fig"),
        ("feature toggle", "feature-flags"),
        ("2pc", "two-phase-commit"),
        ("pub sub", "publisher-subscriber"),
        ("bulkhed", "bulkhead"),
        ("event sourcing", "event-sourcing"),
        ("latency is zero", "latency-is-zero"),
        ("cap theorem", "cap-theorem"),
        ("pacelc", "pacelc-theorem"),
        ("wal", "write-ahead-log"),
        ("lamport", "lamport-clock"),
        ("medallion", "medallion-architecture"),
        ("scd type 2", "scd-type-2"),
        ("blue green", "blue-green-deployment"),
        ("poison messages", "poison-message"),
        ("sagas", "saga"),
        ("12 factor config", "factor-config"),
        ("spof", "single-point-of-failure"),
        ("l7", "layer-7-load-balancing"),
    ] {
        let got = top(&index, &corpus, query, 3);
        assert_eq!(
            got.first().map(String::as_str),
            Some(want),
            "query {query:?} ranked {got:?}"
        );
    }
}

#[test]
fn remedy_queries_rank_remedies_first() {
    let (corpus, index) = setup();
    let got = top(&index, &corpus, "avoid cascading failures", 3);
    assert!(
        matches!(
            got.first().map(String::as_str),
            Some("circuit-breaker" | "bulkhead")
        ),
        "{got:?}"
    );
}

#[test]
fn no_single_word_is_required() {
    let (corpus, index) = setup();
    // OR semantics: an unknown word does not sink a query whose other words match.
    let got = top(&index, &corpus, "circuit zzzzqx", 3);
    assert_eq!(
        got.first().map(String::as_str),
        Some("circuit-breaker"),
        "{got:?}"
    );
    // Every hit has a reason: it matched one of the words.
    let hits = index.query("dead lett", None);
    let shown: Vec<usize> = hits.iter().map(|h| h.index).collect();
    for (h, why) in hits.iter().zip(index.explain("dead lett", &shown)) {
        assert!(
            why.iter()
                .any(|m| m.word == "dead" || m.word.starts_with("lett")),
            "{} {why:?}",
            corpus.entries()[h.index].id
        );
    }
}

#[test]
fn words_that_gained_entries_find_them() {
    let (corpus, index) = setup();
    assert_eq!(top(&index, &corpus, "hyperloglog", 1), ["hyperloglog"]);
    assert_eq!(top(&index, &corpus, "crdt", 1), ["crdt"]);
}

#[test]
fn nonsense_and_out_of_domain_queries_return_nothing() {
    let (corpus, index) = setup();
    for q in [
        "banana bread recipe",
        "zxqvjk",
        "qqqqzzzzxxxx",
        "knitting scarves",
        "guitar chords",
        "chocolate cake",
        "football world cup",
    ] {
        assert!(
            index.query(q, None).is_empty(),
            "{q:?} found {:?}",
            top(&index, &corpus, q, 3)
        );
    }
}

#[test]
fn normalisation_joins_spellings() {
    let (corpus, index) = setup();
    let first = |q: &str| top(&index, &corpus, q, 1).pop();
    // Hyphens, spaces and compounds.
    assert!(!index.query("split-brain", None).is_empty());
    assert_eq!(first("split-brain"), first("split brain"));
    let hits = index.query("splitbrain", None);
    let shown: Vec<usize> = hits.iter().map(|h| h.index).collect();
    let why = index.explain("splitbrain", &shown);
    assert!(!why.is_empty() && why.iter().all(|w| w.iter().any(|m| m.word == "splitbrain")));
    // Numbers and number words.
    for q in [
        "twelve factor",
        "12 factor",
        "12-factor",
        "12factor",
        "12fa",
        "Twelve-Factor App",
    ] {
        assert_eq!(first(q).as_deref(), Some("twelve-factor-app"), "{q:?}");
    }
    // Case and diacritics, possessives, plurals.
    assert_eq!(first("CIRCUIT BREAKER"), first("círcuit breakér"));
    assert_eq!(first("sagas").as_deref(), Some("saga"));
    assert_eq!(first("conway's law"), first("conways law"));
    assert_eq!(first("conway's law").as_deref(), Some("conways-law"));
}

#[test]
fn typos_within_the_budget_match_and_score_below_exact_words() {
    let (corpus, index) = setup();
    for (q, want) in [
        ("quoroum", "majority-quorum"),
        ("idempontent receiver", "idempotent-receiver"),
        ("curcuit breaker", "circuit-breaker"),
        ("shardnig", "sharding"),
        ("cirkit breaker", "circuit-breaker"),
    ] {
        let got = top(&index, &corpus, q, 3);
        assert_eq!(
            got.first().map(String::as_str),
            Some(want),
            "{q:?}: {got:?}"
        );
    }
    // A corrected word scores below the exact word.
    let exact = index.query("quorum", None)[0].score;
    let typo = index.query("quoroum", None)[0].score;
    assert!(typo < exact, "{typo} >= {exact}");
    // No typo under five letters: "sage" is not "saga".
    assert!(top(&index, &corpus, "sagx", 5).is_empty());
}

#[test]
fn scattered_letters_do_not_match_long_titles() {
    let (corpus, index) = setup();
    let got = top(&index, &corpus, "circut", 50);
    assert!(
        !got.contains(&"fallacies-of-distributed-computing".to_string()),
        "{got:?}"
    );
}

#[test]
fn kind_filter_restricts_results() {
    let (corpus, index) = setup();
    let hits = index.query("network", Some(Kind::Fallacy));
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| corpus.entries()[h.index].kind == Kind::Fallacy)
    );
}

#[test]
fn empty_query_lists_everything_in_order() {
    let (corpus, index) = setup();
    let hits = index.query("   ", None);
    assert_eq!(hits.len(), corpus.len());
    assert!(hits.windows(2).all(|w| w[0].index < w[1].index));
}

#[test]
fn highlights_are_valid_title_positions() {
    let (corpus, index) = setup();
    for query in ["circut", "dead lett", "bff", "ÄÖü", "日本"] {
        for hit in index.query(query, None) {
            let n = corpus.entries()[hit.index].title.chars().count();
            assert!(hit.title_chars.iter().all(|&c| c < n), "{query}: {hit:?}");
            assert!(hit.title_chars.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn the_compiled_index_ranks_like_one_built_at_run_time() {
    // build.rs indexes the built-in entries; user decks are indexed at load. Same ranking.
    let (corpus, compiled) = setup();
    let runtime = Index::new_at_run_time(&corpus);
    for q in [
        "circut",
        "avoid cascading failures",
        "retry storm",
        "clock skew",
        "poison messages",
        "a",
        "zz",
        "idempotency key",
        "日本",
        "pub/sub",
        "read-your-writes",
        "é",
        "hand the browser a short-lived upload url",
        "quoroum",
    ] {
        assert_eq!(
            compiled.query(q, None),
            runtime.query(q, None),
            "query {q:?}"
        );
    }
}

#[test]
fn vs_joins_two_topics_without_naming_one() {
    let (corpus, index) = setup();
    // "vs" is in an alias of Domain Service ("application service vs domain service"), but a
    // comparison asks about the two things it joins.
    let mut got = top(&index, &corpus, "entity vs value object", 2);
    got.sort();
    assert_eq!(got, ["entity", "value-object"]);
    // Names that hold "vs" are still found whole.
    assert_eq!(top(&index, &corpus, "oltp vs olap", 1), ["oltp-vs-olap"]);
    assert_eq!(
        top(&index, &corpus, "push versus pull cdn", 1),
        ["push-vs-pull-cdn"]
    );
}
