//! The pure quiz core: cards, FSRS scheduling against reference values, the session machine
//! and the stats functions.

#![allow(clippy::unwrap_used)] // helpers shared by tests

use std::collections::HashSet;

use archdeck::corpus::{Corpus, Kind, Verdict};
use archdeck::progress::{CardState, Progress};
use archdeck::quiz::cards::{self, MASK};
use archdeck::quiz::schedule::{Rating, Scheduler, days_between, is_due, whole_days};
use archdeck::quiz::session::{self, Expect, Input, Outcome, Session, SessionOptions};
use archdeck::quiz::stats;
use archdeck::quiz::{Ask, CardType, Deck};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2025-03-10 09:00 UTC);

fn corpus() -> Corpus {
    // The corpus is still being written: dangling `related` links are reported, not fatal.
    Corpus::embedded().0
}

// ---- scheduling -------------------------------------------------------------------------------

/// FSRS-6 default parameters w[0..4]: the initial stabilities for Again, Hard, Good, Easy, as
/// published by the reference implementation (fsrs-rs `DEFAULT_PARAMETERS`, and the
/// `next_states` doc example, which also gives the initial difficulties).
const INITIAL_STABILITY: [f32; 4] = [0.212, 1.2931, 2.3065, 8.2956];
const INITIAL_DIFFICULTY: [f32; 4] = [6.4133, 5.1121707, 2.118104, 1.0];

#[test]
fn first_review_matches_reference_values() {
    let s = Scheduler::new(0.9).unwrap();
    for (i, rating) in Rating::ALL.into_iter().enumerate() {
        let r = s.review(None, rating, NOW).unwrap();
        assert!(
            (r.stability - INITIAL_STABILITY[i]).abs() < 1e-4,
            "{rating}: {}",
            r.stability
        );
        assert!(
            (r.difficulty - INITIAL_DIFFICULTY[i]).abs() < 1e-4,
            "{rating}: {}",
            r.difficulty
        );
        // At 90% retention the interval equals the stability; whole days, at least one.
        let expected = (INITIAL_STABILITY[i].round() as u32).max(1);
        assert_eq!(r.interval_days, expected, "{rating}");
        assert_eq!(r.due, NOW + Duration::days(i64::from(expected)));
        assert_eq!(r.reps, 1);
    }
    assert_eq!(s.preview(None, NOW).unwrap(), [1, 1, 2, 8]);
    assert_eq!(
        Rating::ALL.map(|r| s.review(None, r, NOW).unwrap().state),
        [
            CardState::Learning,
            CardState::Review,
            CardState::Review,
            CardState::Review
        ]
    );
}

fn record_from(
    card_id: &str,
    s: &archdeck::quiz::schedule::Scheduled,
    at: OffsetDateTime,
) -> archdeck::progress::CardRecord {
    s.record(card_id, "e", "h", at)
}

#[test]
fn intervals_grow_under_good_and_shrink_after_again() {
    let s = Scheduler::new(0.9).unwrap();
    let mut now = NOW;
    let mut prev = None;
    let mut intervals = Vec::new();
    for _ in 0..6 {
        let r = s.review(prev.as_ref(), Rating::Good, now).unwrap();
        intervals.push(r.interval_days);
        prev = Some(record_from("c", &r, now));
        now = r.due; // answered on the day it comes due
    }
    assert!(
        intervals.windows(2).all(|w| w[1] > w[0]),
        "intervals must grow under repeated Good: {intervals:?}"
    );
    let before = intervals[intervals.len() - 1];
    let lapse = s.review(prev.as_ref(), Rating::Again, now).unwrap();
    assert!(
        lapse.interval_days < before,
        "{} !< {before}",
        lapse.interval_days
    );
    assert_eq!(lapse.state, CardState::Relearning);
    assert_eq!(lapse.lapses, 1);
    // Higher retention means shorter intervals.
    let strict = Scheduler::new(0.97).unwrap();
    let loose = Scheduler::new(0.8).unwrap();
    let p = prev.as_ref();
    assert!(
        strict.review(p, Rating::Good, now).unwrap().interval_days
            < loose.review(p, Rating::Good, now).unwrap().interval_days
    );
}

#[test]
fn retention_outside_range_is_refused() {
    assert!(Scheduler::new(0.5).is_err());
    assert!(Scheduler::new(1.0).is_err());
}

#[test]
fn day_arithmetic() {
    assert_eq!(whole_days(0.212), 1);
    assert_eq!(whole_days(2.5), 3);
    assert_eq!(whole_days(f32::NAN), 1);
    let late = datetime!(2025-03-10 23:30 UTC);
    let early = datetime!(2025-03-11 00:10 UTC);
    assert_eq!(days_between(late, early), 1);
    assert_eq!(days_between(early, late), 0);
    assert!(is_due(datetime!(2025-03-10 23:00 UTC), NOW));
    assert!(!is_due(datetime!(2025-03-11 00:00 UTC), NOW));
    // The calendar follows now's offset.
    let tokyo = datetime!(2025-03-11 08:00 +09:00); // = 2025-03-10 23:00 UTC
    assert!(is_due(datetime!(2025-03-11 00:00 UTC), tokyo));
}

// ---- cards ------------------------------------------------------------------------------------

#[test]
fn every_entry_yields_a_card_with_a_stable_id() {
    let corpus = corpus();
    let cards = cards::generate(&corpus, 0);
    let ids: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), cards.len(), "card ids are unique");
    for e in corpus.entries() {
        assert!(
            cards.iter().any(|c| c.entry_id == e.id),
            "{} has no card",
            e.id
        );
        assert!(ids.contains(format!("{}/recall", e.id).as_str()));
    }
    for c in &cards {
        assert_eq!(c.id, format!("{}/{}", c.entry_id, c.card_type));
        assert_eq!(c.content_hash.len(), 8);
    }
    // Every rule has a verdict card, every pattern a pattern card, every fallacy a fallacy card.
    for (kind, t) in [
        (Kind::Rule, CardType::Verdict),
        (Kind::Pattern, CardType::Pattern),
        (Kind::Fallacy, CardType::Fallacy),
    ] {
        for e in corpus.entries().iter().filter(|e| e.kind == kind) {
            assert!(ids.contains(format!("{}/{}", e.id, t).as_str()), "{}", e.id);
        }
    }
}

#[test]
fn no_reverse_prompt_reveals_its_answer() {
    let corpus = corpus();
    let cards = cards::generate(&corpus, 0);
    let mut reverse = 0;
    for c in cards.iter().filter(|c| c.card_type == CardType::Reverse) {
        reverse += 1;
        let e = corpus.get(&c.entry_id).unwrap();
        let prompt = c.prompt.to_lowercase();
        for name in std::iter::once(&e.title).chain(&e.aliases) {
            // Two-letter names ("UI", "DI") only count as whole words.
            let name = name.to_lowercase();
            let leaks = if name.chars().count() >= 3 {
                prompt.contains(&name)
            } else {
                cards::words(&prompt).any(|w| w == name)
            };
            assert!(!leaks, "{}: prompt {:?} contains {name:?}", c.id, c.prompt);
        }
    }
    assert!(reverse > corpus.len() * 9 / 10, "{reverse} reverse cards");
}

#[test]
fn reverse_prompts_hide_every_name_word_and_its_stems() {
    let corpus = corpus();
    let mut reverse = 0;
    for c in cards::generate(&corpus, 0)
        .iter()
        .filter(|c| c.card_type == CardType::Reverse)
    {
        reverse += 1;
        let e = corpus.get(&c.entry_id).unwrap();
        let stems = cards::name_stems(e);
        for w in cards::words(&c.prompt) {
            let lower = w.to_lowercase();
            assert!(
                lower.chars().count() < 4 || !stems.contains(&cards::stem(&lower)),
                "{}: prompt {:?} keeps {w:?} of {:?}",
                c.id,
                c.prompt,
                e.title
            );
        }
        assert!(cards::readable(&c.prompt), "{}: {:?}", c.id, c.prompt);
    }
    assert!(reverse > corpus.len() * 8 / 10, "{reverse} reverse cards");
}

/// The option a guesser takes who picks the one sharing the most words with the prompt (the
/// first such in the order shown).
fn most_shared_words(prompt: &str, choices: &[archdeck::quiz::Choice]) -> usize {
    let words = |t: &str| -> HashSet<String> {
        cards::words(t)
            .map(|w| cards::stem(&w.to_lowercase()))
            .collect()
    };
    let p = words(prompt);
    let mut best = (0, 0);
    for (i, c) in choices.iter().enumerate() {
        let n = words(&c.label).intersection(&p).count();
        if n > best.1 {
            best = (i, n);
        }
    }
    best.0
}

#[test]
fn guessers_do_badly_on_the_shipped_corpus() {
    let corpus = corpus();
    // Over several days' draws, so that one lucky seed does not decide.
    let (mut right, mut total) = (0, 0);
    let (mut law_right, mut law_total) = (0, 0);
    for seed in 0..5 {
        for c in cards::generate(&corpus, seed) {
            let Ask::Choice { choices, correct } = &c.ask else {
                continue;
            };
            let hit = usize::from(most_shared_words(&c.prompt, choices) == *correct);
            if c.card_type == CardType::Pattern {
                (right, total) = (right + hit, total + 1);
            } else {
                (law_right, law_total) = (law_right + hit, law_total + 1);
            }
        }
    }
    let share = right as f64 / total as f64;
    let other = law_right as f64 / law_total.max(1) as f64;
    println!(
        "most-shared-words guesser: {:.1}% on {total} pattern cards, {:.1}% on {law_total} fallacy and law cards",
        share * 100.0,
        other * 100.0
    );
    assert!(total > 100, "{total} pattern cards");
    assert!(share <= 0.40, "the guesser scores {:.1}%", share * 100.0);
    assert!(other <= 0.40, "the guesser scores {:.1}%", other * 100.0);
    let verdicts: Vec<Verdict> = cards::generate(&corpus, 0)
        .iter()
        .filter_map(|c| match c.ask {
            Ask::Verdict(v) => Some(v),
            _ => None,
        })
        .collect();
    let always_do =
        verdicts.iter().filter(|v| **v == Verdict::Do).count() as f64 / verdicts.len() as f64;
    println!(
        "always-do guesser: {:.1}% on {} rule cards",
        always_do * 100.0,
        verdicts.len()
    );
    assert!(
        always_do <= 0.55,
        "always do scores {:.1}%",
        always_do * 100.0
    );
}

#[test]
fn distractors_are_close_in_topic_and_length() {
    let corpus = corpus();
    let (mut sharing, mut options) = (0, 0);
    for c in cards::generate(&corpus, 3) {
        let Ask::Choice { choices, .. } = &c.ask else {
            continue;
        };
        let e = corpus.get(&c.entry_id).unwrap();
        for o in choices.iter().filter(|o| o.entry_id != c.entry_id) {
            let d = corpus.get(&o.entry_id).unwrap();
            assert_eq!(d.kind, e.kind, "{}", c.id);
            options += 1;
            sharing += usize::from(d.tags.iter().any(|t| e.tags.contains(t)));
        }
    }
    assert!(
        sharing * 10 >= options * 8,
        "{sharing} of {options} share a tag"
    );
}

#[test]
fn a_rules_recall_answer_keeps_its_verdict_for_the_verdict_card() {
    let corpus = corpus();
    let cards = cards::generate(&corpus, 0);
    for c in cards.iter().filter(|c| c.card_type == CardType::Recall) {
        let e = corpus.get(&c.entry_id).unwrap();
        if cards
            .iter()
            .any(|v| v.entry_id == c.entry_id && v.card_type == CardType::Verdict)
        {
            assert!(
                !c.answer.contains("DO:") && !c.answer.contains("DON'T:"),
                "{}",
                c.id
            );
            if let Some(why) = &e.why {
                assert!(!c.answer.contains(why.as_str()), "{}", c.id);
            }
        }
    }
}

#[test]
fn options_are_shuffled_at_each_showing() {
    let cards: Vec<_> = deck("fallacies").into_iter().take(40).collect();
    let options = SessionOptions {
        cram: true,
        requeue_after: 0,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards, Progress::default(), NOW, options).unwrap();
    let mut seen = std::collections::HashMap::<String, HashSet<Vec<String>>>::new();
    for _ in 0..40 {
        let Some(c) = s.current().cloned() else { break };
        if let Ask::Choice { choices, .. } = &c.ask {
            seen.entry(c.id.clone())
                .or_default()
                .insert(choices.iter().map(|o| o.entry_id.clone()).collect());
        }
        // Wrong: the card comes straight back (requeue_after 0).
        respond(&mut s, false, NOW);
        s.next_card();
    }
    assert!(
        seen.values().any(|orders| orders.len() > 1),
        "some card showed its options in another order"
    );
}

#[test]
fn siblings_are_buried_until_another_day() {
    let cards = deck("rules");
    let options = SessionOptions {
        new_per_day: 1000,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards.clone(), Progress::default(), NOW, options.clone()).unwrap();
    assert!(s.plan().buried > 0);
    let mut entries = HashSet::new();
    for &i in &s.plan().new {
        assert!(entries.insert(cards[i].entry_id.clone()), "{}", cards[i].id);
    }
    // Answer a few; later the same day their siblings stay buried.
    let mut answered = HashSet::new();
    for _ in 0..5 {
        answered.insert(s.current().unwrap().entry_id.clone());
        respond(&mut s, true, NOW);
        s.next_card();
    }
    let progress = s.progress().clone();
    let later = Session::new(
        cards.clone(),
        progress.clone(),
        NOW + Duration::hours(2),
        options.clone(),
    )
    .unwrap();
    for i in later.plan().order() {
        assert!(
            !answered.contains(&cards[i].entry_id),
            "{} is buried",
            cards[i].id
        );
    }
    // The next day the siblings are back.
    let next = Session::new(
        cards.clone(),
        progress.clone(),
        NOW + Duration::days(1),
        options.clone(),
    )
    .unwrap();
    assert!(
        next.plan()
            .order()
            .any(|i| answered.contains(&cards[i].entry_id))
    );
    // Cram shows every card of an entry.
    let cram = SessionOptions {
        cram: true,
        ..options
    };
    let c = Session::new(cards.clone(), progress, NOW, cram).unwrap();
    assert_eq!(c.plan().len(), cards.len());
}

#[test]
fn reverse_prompts_mask_names_or_are_skipped() {
    let deck = |summary: &str| archdeck::corpus::DeckFile {
        name: "user.toml".into(),
        text: format!(
            "[[entry]]\nid = \"cb\"\nkind = \"pattern\"\ntitle = \"Circuit Breaker\"\n\
             aliases = [\"breaker\"]\ntags = [\"t\"]\nsummary = \"{summary}\"\n\
             problem = \"Calls hang.\"\nbody = \"B.\"\nsources = [\"me\"]\n"
        ),
        builtin: false,
    };
    let (c, problems) = Corpus::load(&[deck("A circuit breaker stops calls; the BREAKER opens.")]);
    assert!(problems.is_empty(), "{problems:?}");
    let cards = cards::generate(&c, 0);
    let reverse = cards
        .iter()
        .find(|c| c.card_type == CardType::Reverse)
        .unwrap();
    assert_eq!(
        reverse.prompt,
        format!("A {MASK} stops calls; the {MASK} opens.")
    );
    // A name inside another word cannot be masked cleanly: no reverse card, but a recall one.
    let (c, _) = Corpus::load(&[deck("Circuit-breakers everywhere: breakerless.")]);
    let cards = cards::generate(&c, 0);
    assert!(cards.iter().all(|c| c.card_type != CardType::Reverse));
    assert!(cards.iter().any(|c| c.card_type == CardType::Recall));
}

#[test]
fn choices_are_deterministic_and_hold_the_answer() {
    let corpus = corpus();
    let a = cards::generate(&corpus, 7);
    assert_eq!(a, cards::generate(&corpus, 7));
    let mut differs = false;
    let b = cards::generate(&corpus, 8);
    for (x, y) in a.iter().zip(&b) {
        let Ask::Choice { choices, correct } = &x.ask else {
            continue;
        };
        assert_eq!(choices.len(), 4, "{}", x.id);
        assert_eq!(choices[*correct].entry_id, x.entry_id);
        let unique: HashSet<_> = choices.iter().map(|c| &c.entry_id).collect();
        assert_eq!(unique.len(), 4);
        let kind = corpus.get(&x.entry_id).unwrap().kind;
        for c in choices {
            assert_eq!(corpus.get(&c.entry_id).unwrap().kind, kind);
        }
        if x.card_type == CardType::Pattern {
            // Distractors share a tag with the answer when enough patterns do.
            let tags = &corpus.get(&x.entry_id).unwrap().tags;
            let sharing = corpus
                .entries()
                .iter()
                .filter(|e| {
                    e.kind == Kind::Pattern
                        && e.id != x.entry_id
                        && e.tags.iter().any(|t| tags.contains(t))
                })
                .count();
            if sharing >= 3 {
                for c in choices {
                    let ct = &corpus.get(&c.entry_id).unwrap().tags;
                    assert!(ct.iter().any(|t| tags.contains(t)), "{}", x.id);
                }
            }
        }
        differs |= x.ask != y.ask;
        // The day's choice of scenario or distractors does not flag a card as changed.
        assert_eq!(x.content_hash, y.content_hash, "{}", x.id);
    }
    assert!(differs, "another seed gives other choices");
}

#[test]
fn verdict_cards_hide_the_verdict() {
    let corpus = corpus();
    for c in cards::generate(&corpus, 0)
        .iter()
        .filter(|c| c.card_type == CardType::Verdict)
    {
        let Ask::Verdict(v) = c.ask else {
            panic!("{}", c.id)
        };
        assert!(c.answer.starts_with(v.label()), "{}", c.id);
        assert_eq!(
            corpus.get(&c.entry_id).unwrap().statement.as_deref(),
            Some(c.prompt.as_str())
        );
    }
}

#[test]
fn decks_filter_by_kind_and_tag() {
    let corpus = corpus();
    let rules = cards::generate_deck(&corpus, &Deck::parse("rules"), 0);
    assert!(!rules.is_empty());
    assert!(rules.iter().all(|c| c.kind == Kind::Rule));
    let tagged = cards::generate_deck(&corpus, &Deck::parse("resilience"), 0);
    assert!(!tagged.is_empty());
    assert!(tagged.iter().all(|c| c.tags.contains(&"resilience".into())));
}

// ---- session ----------------------------------------------------------------------------------

fn deck(kind: &str) -> Vec<archdeck::quiz::Card> {
    cards::generate_deck(&corpus(), &Deck::parse(kind), 1)
}

/// Answers the current card right (`true`) or wrong.
fn respond(s: &mut Session, right: bool, now: OffsetDateTime) -> Box<session::Answer> {
    let card = s.current().unwrap().clone();
    let input = match (&card.ask, s.expect()) {
        (Ask::SelfRated, Expect::Reveal) => {
            assert_eq!(s.answer(Input::Reveal, now).unwrap(), Outcome::Revealed);
            Input::Rate(if right { Rating::Good } else { Rating::Again })
        }
        (Ask::Verdict(v), Expect::Verdict) => {
            let wrong = if *v == Verdict::Do {
                Verdict::Dont
            } else {
                Verdict::Do
            };
            Input::Verdict(if right { *v } else { wrong })
        }
        (Ask::Choice { correct, .. }, Expect::Choose(4)) => {
            Input::Choose(if right { *correct } else { (*correct + 1) % 4 })
        }
        other => panic!("unexpected {other:?}"),
    };
    match s.answer(input, now).unwrap() {
        Outcome::Answered(a) => a,
        other => panic!("{other:?}"),
    }
}

/// The user's day: the local offset moved back by `day_starts_at` hours. In two time zones, a
/// session at 23:00 and one at 02:00 local share a day (the new-card limit and buried siblings
/// carry over); 03:59 is still the old day and 04:00 a new one.
#[test]
fn the_day_follows_the_local_zone_and_day_starts_at() {
    use archdeck::quiz::schedule::day_offset;
    use time::UtcOffset;
    for (local, late_utc) in [
        // 23:00 at UTC-7 (California in summer) is 06:00 UTC the next day.
        (
            UtcOffset::from_hms(-7, 0, 0).unwrap(),
            datetime!(2025-06-11 06:00 UTC),
        ),
        // 23:00 at UTC+1 (Central Europe in winter) is 22:00 UTC the same day.
        (
            UtcOffset::from_hms(1, 0, 0).unwrap(),
            datetime!(2025-01-10 22:00 UTC),
        ),
    ] {
        let day = day_offset(local, 4);
        let late = late_utc.to_offset(day);
        let early = (late_utc + Duration::hours(3)).to_offset(day); // 02:00 local
        assert_eq!(late.date(), early.date(), "{local}");
        assert!(
            is_due(late_utc + Duration::hours(4), late),
            "02:00 is due on the 23:00 day"
        );
        let before = (late_utc + Duration::minutes(4 * 60 + 59)).to_offset(day); // 03:59 local
        let after = (late_utc + Duration::hours(5)).to_offset(day); // 04:00 local
        assert_eq!(before.date(), late.date(), "{local}");
        assert_eq!(after.date(), late.date().next_day().unwrap(), "{local}");

        let cards = deck("rules");
        let options = SessionOptions {
            new_per_day: 4,
            ..SessionOptions::default()
        };
        let mut s =
            Session::new(cards.clone(), Progress::default(), late, options.clone()).unwrap();
        let mut entries = HashSet::new();
        for _ in 0..3 {
            entries.insert(s.current().unwrap().entry_id.clone());
            respond(&mut s, true, late);
            s.next_card();
        }
        let progress = s.progress().clone();
        // What is stored is UTC.
        assert!(progress.log.iter().all(|l| l.at.offset() == UtcOffset::UTC));
        let s2 = Session::new(cards.clone(), progress.clone(), early, options.clone()).unwrap();
        assert_eq!(s2.plan().new_left_today, 1, "{local}");
        assert!(
            s2.plan()
                .order()
                .all(|i| !entries.contains(&cards[i].entry_id))
        );
        let s3 = Session::new(cards.clone(), progress, after, options).unwrap();
        assert_eq!(s3.plan().new_left_today, 4, "{local}");
    }
    // Day 0 starts at midnight; the hour is capped at 12.
    let utc = UtcOffset::UTC;
    assert_eq!(day_offset(utc, 0), utc);
    assert_eq!(day_offset(utc, 30), UtcOffset::from_hms(-12, 0, 0).unwrap());
}

/// Reviews of cards learnt earlier are capped per day, next to the new-card cap; the rest
/// wait, most overdue first.
#[test]
fn reviews_are_capped_per_day() {
    let cards = deck("rules");
    let options = SessionOptions {
        new_per_day: 12,
        reviews_per_day: 3,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards.clone(), Progress::default(), NOW, options.clone()).unwrap();
    while s.current().is_some() {
        respond(&mut s, true, NOW);
        s.next_card();
    }
    let progress = s.progress().clone();
    assert_eq!(progress.cards.len(), 12);
    let later = NOW + Duration::days(60);
    let mut s = Session::new(cards.clone(), progress, later, options.clone()).unwrap();
    assert_eq!(s.plan().due.len(), 3, "three of twelve due cards");
    assert_eq!(s.plan().reviews_left_today, 3);
    while s.current().is_some() {
        respond(&mut s, true, later);
        s.next_card();
    }
    let again = Session::new(
        cards,
        s.progress().clone(),
        later + Duration::hours(1),
        options,
    )
    .unwrap();
    assert_eq!(again.plan().reviews_left_today, 0);
    assert!(again.plan().due.is_empty());
}

/// Intervals of three days or more get a small deterministic fuzz, so that cards learnt together
/// spread over neighbouring days.
#[test]
fn due_dates_are_fuzzed_deterministically() {
    use archdeck::quiz::schedule::fuzzed;
    assert_eq!(fuzzed(1, &["a"]), 1);
    assert_eq!(fuzzed(2, &["a"]), 2);
    let mut seen = HashSet::new();
    for i in 0..200 {
        let id = format!("card-{i}/recall");
        let d = fuzzed(10, &[&id, "3"]);
        assert_eq!(d, fuzzed(10, &[&id, "3"]), "deterministic");
        assert!((8..=12).contains(&d), "{d}");
        seen.insert(d);
        let long = fuzzed(100, &[&id, "3"]);
        assert!((93..=107).contains(&long), "{long}");
    }
    assert!(seen.len() >= 4, "{seen:?}");
    // In a session: cards learnt together with Easy (8 days) come due on several days.
    let cards = deck("fallacies");
    let options = SessionOptions {
        new_per_day: 40,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards, Progress::default(), NOW, options).unwrap();
    let mut days = HashSet::new();
    while let Some(card) = s.current().cloned() {
        let a = if card.ask == Ask::SelfRated {
            s.answer(Input::Reveal, NOW).unwrap();
            match s.answer(Input::Rate(Rating::Easy), NOW).unwrap() {
                Outcome::Answered(a) => a,
                other => panic!("{other:?}"),
            }
        } else {
            respond(&mut s, true, NOW)
        };
        if a.rating == Rating::Easy {
            days.insert(a.record.due.date());
            assert_eq!(
                (a.record.due - a.log.at).whole_days(),
                i64::from(a.log.interval_days)
            );
        }
        s.next_card();
    }
    assert!(days.len() >= 3, "{days:?}");
}

#[test]
fn new_cards_are_limited_per_day_and_due_cards_come_first() {
    let cards = deck("rules");
    let options = SessionOptions {
        new_per_day: 5,
        seed: 1,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards.clone(), Progress::default(), NOW, options.clone()).unwrap();
    assert_eq!(s.plan().new.len(), 5);
    assert!(s.plan().due.is_empty());
    let mut answered = 0;
    while s.current().is_some() {
        respond(&mut s, true, NOW);
        answered += 1;
        s.next_card();
    }
    assert_eq!(answered, 5);
    assert!(s.is_finished());
    assert_eq!(s.expect(), Expect::Done);
    // Later the same day: no new cards left.
    let progress = s.progress().clone();
    let again = Session::new(cards.clone(), progress.clone(), NOW, options.clone()).unwrap();
    assert!(again.is_finished());
    assert_eq!(again.plan().new_left_today, 0);
    // A week later the five are due, first, then five new ones.
    let later = NOW + Duration::days(7);
    let s = Session::new(cards.clone(), progress, later, options).unwrap();
    assert_eq!(s.plan().due.len(), 5);
    assert_eq!(s.plan().new.len(), 5);
    let first = s.current().unwrap();
    assert!(s.current_record().is_some(), "{} is due", first.id);
}

#[test]
fn again_comes_back_later_in_the_session() {
    let cards = deck("fallacies");
    let options = SessionOptions {
        requeue_after: 2,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards, Progress::default(), NOW, options).unwrap();
    let total = s.plan().len();
    let first = s.current().unwrap().id.clone();
    let a = respond(&mut s, false, NOW);
    assert_eq!(a.rating, Rating::Again);
    assert_eq!(a.correct, Some(false));
    assert!(a.requeued && a.save);
    assert_eq!(s.expect(), Expect::Next);
    // Nothing happens on input while answered.
    assert_eq!(
        s.answer(Input::Reveal, NOW).unwrap(),
        Outcome::Rejected(Expect::Next)
    );
    let mut order = Vec::new();
    while let Some(c) = s.next_card().map(|c| c.id.clone()) {
        order.push(c);
        respond(&mut s, true, NOW);
    }
    assert_eq!(order.len(), total, "one extra showing of the Again card");
    assert_eq!(order[2], first, "back two cards later: {order:?}");
    let summary = s.summary(NOW + Duration::minutes(3));
    assert_eq!(summary.reviewed, u32::try_from(total).unwrap() + 1);
    assert_eq!(summary.correct, u32::try_from(total).unwrap());
    assert_eq!(summary.elapsed, Duration::minutes(3));
    assert!(summary.next_due.unwrap() > NOW);
    // The schedule followed FSRS for both answers: two log lines for the card.
    assert_eq!(
        s.progress()
            .log
            .iter()
            .filter(|l| l.card_id == first)
            .count(),
        2
    );
}

#[test]
fn wrong_inputs_are_rejected_without_change() {
    let cards = deck("rules");
    let mut s = Session::new(cards, Progress::default(), NOW, SessionOptions::default()).unwrap();
    while s.expect() != Expect::Verdict {
        respond(&mut s, true, NOW);
        s.next_card();
    }
    let before = s.clone().progress().clone();
    for input in [Input::Reveal, Input::Rate(Rating::Good), Input::Choose(0)] {
        assert_eq!(
            s.answer(input, NOW).unwrap(),
            Outcome::Rejected(Expect::Verdict)
        );
    }
    assert_eq!(s.progress(), &before);
}

#[test]
fn cram_changes_nothing() {
    let cards = deck("fallacies");
    let n = cards.len();
    let options = SessionOptions {
        cram: true,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards, Progress::default(), NOW, options).unwrap();
    assert_eq!(s.plan().len(), n, "cram practises every card");
    while s.current().is_some() {
        let a = respond(&mut s, true, NOW);
        assert!(!a.save);
        s.next_card();
    }
    assert_eq!(s.progress(), &Progress::default());
    assert!(s.summary(NOW).cram);
}

#[test]
fn changed_cards_are_flagged() {
    let mut cards = deck("fallacies");
    cards.truncate(1);
    let mut s = Session::new(
        cards.clone(),
        Progress::default(),
        NOW,
        SessionOptions::default(),
    )
    .unwrap();
    respond(&mut s, true, NOW);
    let progress = s.progress().clone();
    let later = NOW + Duration::days(30);
    let s = Session::new(
        cards.clone(),
        progress.clone(),
        later,
        SessionOptions::default(),
    )
    .unwrap();
    assert!(!s.current_changed());
    cards[0].answer.push_str(" Edited.");
    cards[0].content_hash = cards::short_hash(&[&cards[0].prompt, &cards[0].answer]);
    let s = Session::new(cards, progress, later, SessionOptions::default()).unwrap();
    assert!(s.current_changed());
}

#[test]
fn limit_caps_the_session() {
    let options = SessionOptions {
        limit: Some(3),
        ..SessionOptions::default()
    };
    let s = Session::new(deck("all"), Progress::default(), NOW, options).unwrap();
    assert_eq!(s.plan().len(), 3);
}

// ---- stats ------------------------------------------------------------------------------------

#[test]
fn stats_functions() {
    let cards = deck("fallacies");
    let mut s = Session::new(
        cards.clone(),
        Progress::default(),
        NOW,
        SessionOptions {
            new_per_day: 100,
            ..SessionOptions::default()
        },
    )
    .unwrap();
    let buried = s.plan().buried;
    let mut right = true;
    while s.current().is_some() {
        respond(&mut s, right, NOW);
        right = !right;
        s.next_card();
    }
    let p = s.progress();
    let forecast = stats::due_forecast(p, NOW, 14);
    assert_eq!(forecast.len(), 14);
    assert_eq!(forecast.iter().sum::<u32>() as usize, p.cards.len());
    assert_eq!(forecast[0], 0, "nothing due today after the session");
    // A suspended card is never due: the forecast leaves it out.
    let mut suspended = p.clone();
    let id = suspended.cards.keys().next().cloned().expect("a card");
    suspended.marks.insert(
        id,
        archdeck::review::CardMark {
            suspended: true,
            ..Default::default()
        },
    );
    assert_eq!(
        stats::due_forecast(&suspended, NOW, 14).iter().sum::<u32>() as usize,
        p.cards.len() - 1
    );
    // Nor does a session's summary count suspended cards among those next due.
    let next = |progress: Progress| {
        Session::new(cards.clone(), progress, NOW, SessionOptions::default())
            .unwrap()
            .summary(NOW)
    };
    assert!(next(p.clone()).next_due.is_some());
    let mut all_suspended = p.clone();
    for id in p.cards.keys() {
        all_suspended.marks.insert(
            id.clone(),
            archdeck::review::CardMark {
                suspended: true,
                ..Default::default()
            },
        );
    }
    let summary = next(all_suspended);
    assert_eq!((summary.next_due, summary.next_due_count), (None, 0));
    let per_day = stats::reviews_per_day(p, NOW + Duration::days(1), 7);
    assert_eq!(per_day[5] as usize, p.log.len());
    assert_eq!(per_day[6], 0);
    let r = stats::retention(p).unwrap();
    assert!(r > 0.0 && r < 1.0);
    let (all, by_kind) = stats::counts(&cards, p);
    assert_eq!(all.total() as usize, cards.len());
    assert_eq!(
        all.new as usize, buried,
        "only buried siblings are still new"
    );
    assert!(by_kind.contains_key(&Kind::Fallacy));
    let weak = stats::weakest(p, 3);
    assert!(!weak.is_empty() && weak.len() <= 3);
    assert!(weak[0].agains >= weak[weak.len() - 1].agains);
    assert_eq!(stats::retention(&Progress::default()), None);
}

/// Before the answer, a card header names the entry only where that gives nothing away: recall
/// cards, whose prompt is the title, but not rules, whose ids may name the practice or verdict.
#[test]
fn card_headers_show_no_id_that_could_give_an_answer_away() {
    let all = cards::generate(&corpus(), 0);
    let rule_recall: Vec<_> = all
        .iter()
        .filter(|c| c.kind == Kind::Rule && c.card_type == CardType::Recall)
        .collect();
    assert!(!rule_recall.is_empty());
    assert!(rule_recall.iter().all(|c| c.shown_id().is_none()));
    assert!(
        all.iter()
            .filter(|c| c.card_type != CardType::Recall)
            .all(|c| c.shown_id().is_none())
    );
    let concept = all
        .iter()
        .find(|c| c.kind == Kind::Concept && c.card_type == CardType::Recall)
        .expect("a concept recall card");
    assert_eq!(concept.shown_id(), Some(concept.entry_id.as_str()));
}
