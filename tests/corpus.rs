//! The built-in corpus loads cleanly, and bad decks fail with precise `file:line:col` messages.

use std::path::Path;

use archdeck::corpus::{Corpus, DeckFile, Diagnostic, Kind};

fn load_with(path: &str) -> (Corpus, Vec<Diagnostic>) {
    Corpus::with_user_decks(&[Path::new(path)])
}

fn messages(problems: &[Diagnostic]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn embedded_corpus_has_no_problems() {
    let (corpus, problems) = Corpus::embedded();
    assert!(problems.is_empty(), "{:#?}", messages(&problems));
    assert!(corpus.len() > 100);
}

#[test]
fn duplicate_id_is_reported_at_the_second_id() {
    let (corpus, problems) = load_with("tests/fixtures/bad/duplicate.toml");
    assert_eq!(
        messages(&problems),
        [
            "tests/fixtures/bad/duplicate.toml:12:6: duplicate id `house-one`, already defined at tests/fixtures/bad/duplicate.toml:2; ids must be unique"
        ]
    );
    assert_eq!(
        corpus.get("house-one").map(|e| e.title.as_str()),
        Some("House One")
    );
}

#[test]
fn dangling_related_is_reported_at_the_link_and_dropped() {
    let (corpus, problems) = load_with("tests/fixtures/bad/dangling.toml");
    assert_eq!(
        messages(&problems),
        [
            "tests/fixtures/bad/dangling.toml:8:31: related id `no-such-entry` does not exist; fix the id or remove it"
        ]
    );
    assert_eq!(
        corpus.get("house-dangling").map(|e| e.related.clone()),
        Some(vec!["circuit-breaker".to_string()])
    );
}

#[test]
fn missing_fields_are_each_reported() {
    let (corpus, problems) = load_with("tests/fixtures/bad/missing.toml");
    let m = messages(&problems);
    assert!(m.contains(&"tests/fixtures/bad/missing.toml:1:1: `house-missing` is missing `summary` (required, non-empty)".to_string()), "{m:#?}");
    assert!(m.iter().any(|s| s.contains("missing `verdict`")), "{m:#?}");
    assert!(m.iter().any(|s| s.contains("missing `why`")), "{m:#?}");
    assert!(corpus.get("house-missing").is_none());
}

#[test]
fn unknown_kind_is_reported_at_the_kind() {
    let (_, problems) = load_with("tests/fixtures/bad/unknown-kind.toml");
    assert_eq!(messages(&problems).len(), 1);
    assert!(
        messages(&problems)[0].starts_with("tests/fixtures/bad/unknown-kind.toml:3:8: unknown kind `recipe`; use one of: concept, pattern"),
        "{:?}",
        messages(&problems)
    );
}

#[test]
fn toml_syntax_error_skips_the_file_with_its_position() {
    let (corpus, problems) = load_with("tests/fixtures/bad/syntax.toml");
    let m = messages(&problems);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("tests/fixtures/bad/syntax.toml:4:"),
        "{m:#?}"
    );
    assert!(m[0].ends_with("the whole file was skipped"), "{m:#?}");
    assert!(corpus.get("house-syntax").is_none());
}

#[test]
fn clash_with_builtin_needs_overrides() {
    let (corpus, problems) = load_with("tests/fixtures/bad/clash.toml");
    let m = messages(&problems);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("tests/fixtures/bad/clash.toml:2:6: duplicate id `circuit-breaker`"),
        "{m:#?}"
    );
    assert!(m[0].contains("set `overrides = true`"), "{m:#?}");
    assert_eq!(
        corpus.get("circuit-breaker").map(|e| e.origin.builtin),
        Some(true)
    );
}

#[test]
fn user_deck_overrides_and_is_sanitised() {
    let (corpus, problems) = load_with("tests/fixtures/decks");
    assert!(problems.is_empty(), "{:#?}", messages(&problems));
    let cb = corpus.get("circuit-breaker").expect("overridden entry");
    assert_eq!(cb.title, "Circuit Breaker (house edition)");
    assert!(!cb.origin.builtin);
    let rule = corpus.get("house-migrations-reviewed").expect("user rule");
    assert!(
        !rule.body.contains('\u{1b}') && !rule.body.contains('\u{7}'),
        "{:?}",
        rule.body
    );
    assert!(
        rule.body.contains("pull request. The bot blocks"),
        "{:?}",
        rule.body
    );
    // Backlinks reach user entries.
    let strangler = corpus.position("strangler-fig").expect("built-in");
    assert!(
        corpus
            .backlinks(strangler)
            .any(|e| e.id == "house-migrations-reviewed")
    );
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let files = vec![
        DeckFile { name: "bad.toml".into(), text: "not toml [".into(), builtin: false },
        DeckFile {
            name: "good.toml".into(),
            text: "[[entry]]\nid = \"g\"\nkind = \"concept\"\ntitle = \"G\"\ntags = [\"t\"]\nsummary = \"S.\"\nbody = \"B.\"\nsources = [\"s\"]\n".into(),
            builtin: false,
        },
    ];
    let (corpus, problems) = Corpus::load(&files);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].file, "bad.toml");
    assert!(corpus.get("g").is_some());
}

#[test]
fn every_kind_is_present_in_the_builtin_corpus() {
    let (corpus, _) = Corpus::embedded();
    for kind in Kind::ALL {
        assert!(
            corpus.entries().iter().any(|e| e.kind == kind),
            "no {kind} entries"
        );
    }
}

#[test]
fn compiled_search_text_matches_the_runtime_computation() {
    let (corpus, _) = Corpus::embedded();
    for e in corpus.entries() {
        let lowered = e
            .lowered
            .expect("built-in entries carry their lower-cased text");
        let (text, body) = archdeck::corpus::search_text(e);
        assert_eq!(
            (lowered.text, lowered.body),
            (text.as_str(), body.as_str()),
            "{}",
            e.id
        );
    }
}

/// Every problem of a file in one run, each at its `file:line:col`: unknown fields no longer
/// skip the file, tags are checked, dangling links reported alongside, valid entries kept.
#[test]
fn every_problem_of_a_file_in_one_run() {
    let (corpus, problems) = load_with("tests/fixtures/many/many.toml");
    let m = messages(&problems);
    let f = "tests/fixtures/many/many.toml";
    assert!(
        m.iter()
            .any(|p| p.starts_with(&format!("{f}:15:1: unknown field `colour`"))),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|p| p.starts_with(&format!("{f}:19:1: unknown field `author`"))),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|p| p.starts_with(&format!("{f}:26:8: tag `House Rules`"))),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|p| p.starts_with(&format!("{f}:39:")) && p.contains("no-such-entry")),
        "{m:#?}"
    );
    assert!(m.iter().all(|p| !p.contains("whole file")), "{m:#?}");
    assert!(corpus.get("house-good").is_some());
    assert!(corpus.get("house-dangling").is_some());
}

/// An entry skipped for other problems (a misspelt kind, a duplicate id) still has its dangling
/// `related` ids reported in the same run, each at its `file:line:col`.
#[test]
fn dangling_links_of_a_skipped_entry_are_reported_too() {
    let text = r#"[[entry]]
id = "house-typo"
kind = "concpt"
title = "Typo"
tags = ["t"]
summary = "S."
body = "B."
related = ["no-such-entry", "circuit-breaker", "house-typo"]
sources = ["s"]

[[entry]]
id = "house-twice"
kind = "concept"
title = "Twice"
tags = ["t"]
summary = "S."
body = "B."
sources = ["s"]

[[entry]]
id = "house-twice"
kind = "concept"
title = "Twice again"
tags = ["t"]
summary = "S."
body = "B."
related = ["circuit-breaker", "ghost"]
sources = ["s"]
"#;
    let (corpus, problems) = Corpus::with_files(&[DeckFile {
        name: "d.toml".into(),
        text: text.into(),
        builtin: false,
    }]);
    let m: Vec<String> = messages(&problems)
        .iter()
        .map(|p| p.split(';').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        m,
        [
            "d.toml:3:8: unknown kind `concpt`",
            "d.toml:8:12: related id `no-such-entry` does not exist",
            "d.toml:8:48: `house-typo` relates to itself",
            "d.toml:21:6: duplicate id `house-twice`, already defined at d.toml:12",
            "d.toml:27:31: related id `ghost` does not exist",
        ]
    );
    assert!(corpus.get("house-typo").is_none());
    let twice = corpus.get("house-twice").expect("the first one is kept");
    assert!(twice.related.is_empty());
    let cb = corpus.position("circuit-breaker").expect("built in");
    assert!(corpus.backlinks(cb).all(|e| !e.id.starts_with("house-")));
}
