//! The quality bar of the built-in corpus. Each failure names the entry and what it misses.

use std::collections::HashSet;

use archdeck::corpus::{Corpus, Entry, Kind};
use archdeck::search::Index;

const SECTIONS: [&str; 5] = [
    "## What it is",
    "## The problem it solves",
    "## How it works",
    "## Trade-offs",
    "## Example",
];
const FALLACY_SECTIONS: [&str; 3] = ["## Explanation", "## Consequences", "## Mitigations"];
const LAW_SECTIONS: [&str; 3] = ["## Explanation", "## Consequences", "## Working with it"];
const LOADED: [&str; 8] = [
    "do not", "don't", "dont", "never", "avoid", "always", "properly", "blindly",
];

fn corpus() -> Corpus {
    let (corpus, problems) = Corpus::embedded();
    assert!(problems.is_empty(), "{problems:#?}");
    corpus
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn sentences(text: &str) -> usize {
    text.split_terminator(['.', '!', '?'])
        .filter(|s| s.trim().chars().any(char::is_alphabetic))
        .filter(|s| {
            !s.trim_start()
                .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
        })
        .count()
}

/// Upper-case words of two or more letters in a title (Roman numerals excepted).
fn acronyms(title: &str) -> Vec<&str> {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| {
            w.len() >= 2
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/')
        })
        .filter(|w| w.chars().any(|c| c.is_ascii_uppercase()))
        .filter(|w| !w.chars().all(|c| "IVXLC".contains(c)))
        .collect()
}

/// Whether the words of `phrase` appear consecutively in `text` (case-insensitive, whole words).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (text, phrase) = (split(text), split(phrase));
    !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

fn problems_of(e: &Entry, corpus: &Corpus) -> Vec<String> {
    let mut p = Vec::new();
    if e.related.len() < 2 {
        p.push(format!(
            "has {} related links, needs at least 2",
            e.related.len()
        ));
    }
    if e.sources.is_empty() {
        p.push("names no sources".into());
    }
    for a in acronyms(&e.title) {
        if !e.aliases.iter().any(|x| x == a) {
            p.push(format!("acronym `{a}` in the title is not in aliases"));
        }
    }
    match e.kind {
        Kind::Concept | Kind::Pattern | Kind::Principle => {
            let mut at = 0;
            for s in SECTIONS {
                match e.body[at..].find(s) {
                    Some(i) => at += i + s.len(),
                    None => p.push(format!("body lacks section `{s}` (or it is out of order)")),
                }
            }
            if words(&e.body) < 120 {
                p.push(format!(
                    "body has {} words, needs at least 120",
                    words(&e.body)
                ));
            }
        }
        Kind::Fallacy | Kind::Law => {
            let sections = if e.kind == Kind::Law {
                LAW_SECTIONS
            } else {
                FALLACY_SECTIONS
            };
            for s in sections {
                if !e.body.contains(s) {
                    p.push(format!("body lacks section `{s}`"));
                }
            }
            if e.scenarios.len() < 2 {
                p.push(format!(
                    "has {} scenarios, needs at least 2",
                    e.scenarios.len()
                ));
            }
        }
        Kind::Rule => {
            let statement = e.statement.as_deref().unwrap_or("").to_lowercase();
            for w in LOADED {
                if statement
                    .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != ' ')
                    .any(|part| {
                        part == w
                            || part.starts_with(&format!("{w} "))
                            || part.contains(&format!(" {w} "))
                            || part.ends_with(&format!(" {w}"))
                    })
                {
                    p.push(format!("statement gives the verdict away with `{w}`"));
                }
            }
            let why = e.why.as_deref().unwrap_or("");
            let n = sentences(why);
            if !(1..=3).contains(&n) {
                p.push(format!("why has {n} sentences, needs 1 to 3"));
            }
            if e.verdict.is_none() {
                p.push("has no verdict".into());
            }
        }
        Kind::Reference => {
            if words(&e.body) < 40 {
                p.push(format!(
                    "body has {} words, needs at least 40",
                    words(&e.body)
                ));
            }
        }
    }
    if e.kind == Kind::Pattern {
        match &e.problem {
            None => p.push("pattern has no `problem`".into()),
            Some(problem) if contains_phrase(problem, &e.title) => {
                p.push("`problem` names the pattern, so it cannot be a quiz prompt".into())
            }
            Some(_) => {}
        }
    }
    if corpus
        .position(&e.id)
        .is_some_and(|i| corpus.backlinks(i).next().is_none())
    {
        p.push("is an orphan: no other entry links to it".into());
    }
    p
}

#[test]
fn every_entry_meets_the_quality_bar() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for e in corpus.entries() {
        for p in problems_of(e, &corpus) {
            failures.push(format!(
                "{} ({}:{}): {p}",
                e.id, e.origin.file, e.origin.line
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn links_between_alternatives_are_symmetric() {
    // Two entries of one kind are peers: alternatives, complements or parts of one idea (or
    // two rules on one decision), so they link both ways. A link across kinds (a pattern
    // to the concept it applies, a rule to the pattern it recommends) points one way; the
    // target lists it under "Referenced by".
    let corpus = corpus();
    let two_way = |k: Kind| {
        matches!(
            k,
            Kind::Concept
                | Kind::Pattern
                | Kind::Principle
                | Kind::Fallacy
                | Kind::Law
                | Kind::Rule
                | Kind::Reference
        )
    };
    let mut failures = Vec::new();
    for e in corpus.entries().iter().filter(|e| two_way(e.kind)) {
        for target in corpus.related(e).filter(|t| t.kind == e.kind) {
            if !target.related.contains(&e.id) {
                failures.push(format!("{} links to {} but not back", e.id, target.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} one-way links:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_meets_its_size_targets() {
    let corpus = corpus();
    let count = |k: Kind| corpus.entries().iter().filter(|e| e.kind == k).count();
    assert!(corpus.len() >= 530, "{} entries", corpus.len());
    assert!(count(Kind::Rule) >= 100, "{} rules", count(Kind::Rule));
    assert!(count(Kind::Law) >= 20, "{} laws", count(Kind::Law));
    // The eight fallacies of distributed computing and the two often added to them.
    assert_eq!(count(Kind::Fallacy), 10);
    let ids: HashSet<&str> = corpus.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), corpus.len());
}

#[test]
fn every_title_and_acronym_finds_its_entry_first() {
    let corpus = corpus();
    let index = Index::new(&corpus);
    let mut failures = Vec::new();
    for (i, e) in corpus.entries().iter().enumerate() {
        let mut queries = vec![e.title.clone()];
        // Acronyms that name exactly one entry.
        for a in &e.aliases {
            let unique = corpus
                .entries()
                .iter()
                .filter(|o| o.aliases.contains(a))
                .count()
                == 1;
            if unique
                && a.len() >= 2
                && a.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/')
            {
                queries.push(a.clone());
            }
        }
        for q in queries {
            let hits = index.query(&q, None);
            let first = hits.first().map(|h| h.index);
            if first != Some(i) {
                let got = first.map_or("nothing", |f| corpus.entries()[f].id.as_str());
                failures.push(format!("searching {q:?} ranks {got} first, not {}", e.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_verdicts_are_balanced() {
    // A learner who always answers "do" must not pass: the verdicts stay within 45–55% "do".
    let corpus = corpus();
    let rules: Vec<&Entry> = corpus
        .entries()
        .iter()
        .filter(|e| e.kind == Kind::Rule)
        .collect();
    let dos = rules
        .iter()
        .filter(|e| e.verdict == Some(archdeck::corpus::Verdict::Do))
        .count();
    let share = dos * 100 / rules.len().max(1);
    assert!(
        (45..=55).contains(&share),
        "{dos} of {} rules are \"do\" ({share}%)",
        rules.len()
    );
}

#[test]
fn sources_name_works_a_reader_can_look_up() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for e in corpus.entries() {
        for s in &e.sources {
            let names_seed_file = s.contains("Seed 00")
                || s.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.')
                    .any(|w| w.ends_with(".txt") && w.contains('_'));
            if names_seed_file {
                failures.push(format!("{}: source names a file: {s}", e.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let with_url = corpus
        .entries()
        .iter()
        .filter(|e| e.sources.iter().any(|s| s.contains("https://")))
        .count();
    assert!(with_url >= 150, "only {with_url} entries cite a URL");
}

#[test]
fn no_entry_lists_more_than_ten_related_ids() {
    let corpus = corpus();
    let crowded: Vec<String> = corpus
        .entries()
        .iter()
        .filter(|e| e.related.len() > 10)
        .map(|e| format!("{} ({} related)", e.id, e.related.len()))
        .collect();
    assert!(crowded.is_empty(), "{}", crowded.join("\n"));
}

#[test]
fn diagrams_are_plentiful_and_fit_the_reader() {
    let corpus = corpus();
    let diagrams: Vec<(&str, &str)> = corpus
        .entries()
        .iter()
        .filter_map(|e| e.diagram.as_deref().map(|d| (e.id.as_str(), d)))
        .collect();
    assert!(diagrams.len() >= 60, "{} diagrams", diagrams.len());
    for (id, d) in diagrams {
        let lines: Vec<&str> = d.lines().collect();
        assert!(lines.len() >= 3, "{id}: a diagram of {} lines", lines.len());
        for line in lines {
            assert!(!line.contains('\t'), "{id}: tab in diagram");
            let width = line.chars().count();
            assert!(
                width <= archdeck::corpus::DIAGRAM_WIDTH,
                "{id}: {width} columns"
            );
        }
    }
}
