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
    let index = Index::new(&corpus).with_vocabulary();
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
fn every_word_must_match() {
    let (corpus, index) = setup();
    let hits = index.query("circuit zzzzqx", None);
    assert!(
        hits.is_empty(),
        "{:?}",
        top(&index, &corpus, "circuit zzzzqx", 3)
    );
    // The words of a multi-word query are not matched as one long subsequence.
    let both = index.query("dead lett", None);
    for h in &both {
        let e = &corpus.entries()[h.index];
        assert!(
            e.kind != Kind::Reference || e.title.to_lowercase().contains("dead"),
            "{}",
            e.id
        );
    }
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
fn scanning_and_the_vocabulary_rank_identically() {
    // The CLI scans the text once; the sidebar builds an inverted index. Same ranking.
    let (corpus, _) = Corpus::embedded();
    let scan = Index::new(&corpus);
    let vocab = Index::new(&corpus).with_vocabulary();
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
    ] {
        assert_eq!(scan.query(q, None), vocab.query(q, None), "query {q:?}");
    }
}

#[test]
fn narrowing_as_you_type_matches_a_fresh_search() {
    let (corpus, index) = setup();
    for query in [
        "circuit breaker",
        "dead letter queue",
        "avoid cascading failures",
        "poison messages",
        "12-factor config",
        "idempotency keys",
        "retry storm",
    ] {
        for kind in [None, Some(Kind::Pattern)] {
            let mut last: Option<archdeck::search::Search> = None;
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let q = &query[..end];
                let pool = last
                    .as_ref()
                    .filter(|s| s.narrows_to(q, kind))
                    .map(|s| s.candidates.clone());
                let narrowed = index.query_within(q, kind, pool.as_deref());
                let fresh = index.query(q, kind);
                assert_eq!(
                    narrowed.hits,
                    fresh,
                    "{q:?} {kind:?} ({} corpus entries)",
                    corpus.len()
                );
                last = Some(narrowed);
            }
        }
    }
}
