//! Card marks (suspended, leech, flag, buried until) in the store: the v1 → v2 migration, the
//! store's mark operations, undo of a saved answer, marks through export and import, and the
//! session plan leaving suspended and buried cards out.

#![allow(clippy::unwrap_used)]

use archdeck::corpus::Corpus;
use archdeck::progress::{CardRecord, CardState, DB_VERSION, Progress, ReviewLog, Store};
use archdeck::quiz::Rating;
use archdeck::quiz::cards::generate;
use archdeck::quiz::session::{SessionOptions, plan};
use archdeck::review::CardMark;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2025-03-10 09:00 UTC);

fn answer(card: &str, at: OffsetDateTime, reps: u32) -> (CardRecord, ReviewLog) {
    (
        CardRecord {
            card_id: card.into(),
            entry_id: card.split('/').next().unwrap().into(),
            state: CardState::Review,
            due: at + Duration::days(2),
            stability: 2.3065,
            difficulty: 2.118_104,
            reps,
            lapses: 0,
            last_review: at,
            content_hash: "0123abcd".into(),
        },
        ReviewLog {
            id: String::new(),
            card_id: card.into(),
            rating: Rating::Good,
            at,
            interval_days: 2,
        },
    )
}

/// The schema of the release before marks (user_version 1), as it created its tables.
const V1_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS card (
     card_id TEXT PRIMARY KEY NOT NULL,
     entry_id TEXT NOT NULL,
     state TEXT NOT NULL,
     due TEXT NOT NULL,
     stability REAL NOT NULL,
     difficulty REAL NOT NULL,
     reps INTEGER NOT NULL,
     lapses INTEGER NOT NULL,
     last_review TEXT NOT NULL,
     last_review_unix INTEGER NOT NULL,
     content_hash TEXT NOT NULL
 );
 CREATE TABLE IF NOT EXISTS review (
     seq INTEGER PRIMARY KEY,
     id TEXT UNIQUE NOT NULL,
     card_id TEXT NOT NULL,
     rating TEXT NOT NULL,
     at TEXT NOT NULL,
     interval_days INTEGER NOT NULL
 );
 CREATE INDEX IF NOT EXISTS review_by_card ON review (card_id);
 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
 PRAGMA user_version = 1;
 INSERT INTO card VALUES ('cap-theorem/recall', 'cap-theorem', 'review',
     '2025-03-12T09:00:00Z', 2.3065, 2.118104, 1, 0, '2025-03-10T09:00:00Z', 1741597200,
     '0123abcd');
 INSERT INTO review (id, card_id, rating, at, interval_days)
     VALUES ('00000000000000000000000000000001', 'cap-theorem/recall', 'good',
     '2025-03-10T09:00:00Z', 2);";

#[test]
fn a_v1_database_opens_read_only_then_upgrades_to_v2_keeping_everything() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(archdeck::progress::FILE_NAME);
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(V1_SCHEMA).unwrap();
    drop(conn);

    // A read-only command reads a v1 file as it is, with no marks, and changes nothing.
    let read = Store::new(dir.path()).load_read_only().unwrap().progress;
    assert_eq!(read.log.len(), 1);
    assert!(read.marks.is_empty());
    let version = |file: &std::path::Path| -> i64 {
        rusqlite::Connection::open(file)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&file), 1);

    // A command that writes upgrades it.
    let store = Store::new(dir.path()).with_clock(|| NOW);
    let loaded = store.load(NOW).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.progress.log.len(), 1);
    assert_eq!(loaded.progress.cards["cap-theorem/recall"].reps, 1);
    assert_eq!(DB_VERSION, 2);
    assert_eq!(version(&file), 2);
    assert_eq!(
        store.set_suspended(&["cap-theorem/recall"], true).unwrap(),
        1
    );
    store.close();
    let again = Store::new(dir.path()).load_read_only().unwrap().progress;
    assert!(again.is_suspended("cap-theorem/recall"));
    assert_eq!(again.cards, read.cards, "the records survive the upgrade");
    assert_eq!(again.log, read.log);
}

#[test]
fn suspend_flag_and_bury_are_durable_and_count_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_clock(|| NOW);
    // Cards never reviewed can be marked.
    assert_eq!(
        store
            .set_suspended(&["a/recall", "b/recall"], true)
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .set_suspended(&["a/recall", "c/recall"], true)
            .unwrap(),
        1,
        "a card already suspended does not count"
    );
    store.set_flag("b/recall", 2).unwrap();
    store.set_flag("d/recall", 9).unwrap();
    let until = datetime!(2025-03-11 04:00 UTC);
    store.bury("e/recall", until).unwrap();
    store.close();
    let p = Store::new(dir.path()).load(NOW).unwrap().progress;
    assert!(p.is_suspended("a/recall") && p.is_suspended("b/recall"));
    assert_eq!(p.marks["b/recall"].flag, 2);
    assert_eq!(p.marks["d/recall"].flag, 4, "flags stop at blue");
    assert!(!p.is_suspended("d/recall"));
    assert_eq!(p.marks["e/recall"].buried_until, Some(until));
    assert!(p.is_buried("e/recall", NOW));
    assert!(!p.is_buried("e/recall", until));
    assert_eq!(p.marks["a/recall"].updated_at, Some(NOW));

    // Unsuspending clears the leech tag too.
    let leech = CardMark {
        suspended: true,
        leech: true,
        updated_at: Some(NOW),
        ..CardMark::default()
    };
    store
        .save_marked(&[], &[("f/recall".to_string(), leech)], NOW)
        .unwrap();
    assert_eq!(store.set_suspended(&["f/recall"], false).unwrap(), 1);
    let p = store.load(NOW).unwrap().progress;
    assert!(!p.marks["f/recall"].suspended && !p.marks["f/recall"].leech);
}

#[test]
fn undo_removes_the_review_and_restores_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_clock(|| NOW);
    let first = answer("a/recall", NOW, 1);
    let second = answer("a/recall", NOW + Duration::days(2), 2);
    store.save(std::slice::from_ref(&first), NOW).unwrap();
    let (saved, _) = store.save(std::slice::from_ref(&second), NOW).unwrap();
    assert!(
        store
            .undo(&saved[0].id, "a/recall", Some(&first.0), None)
            .unwrap()
    );
    let p = store.load(NOW).unwrap().progress;
    assert_eq!(p.log.len(), 1);
    assert_eq!(p.cards["a/recall"], first.0);
    // Undoing a new card's only answer leaves it new; a mark given is put back.
    let id = p.log[0].id.clone();
    let before = CardMark::default();
    store
        .save_marked(
            &[],
            &[(
                "a/recall".into(),
                CardMark {
                    suspended: true,
                    leech: true,
                    ..CardMark::default()
                },
            )],
            NOW,
        )
        .unwrap();
    assert!(store.undo(&id, "a/recall", None, Some(&before)).unwrap());
    let p = store.load(NOW).unwrap().progress;
    assert!(p.log.is_empty() && p.cards.is_empty());
    assert!(!p.is_suspended("a/recall"));
    assert!(
        !store.undo(&id, "a/recall", None, None).unwrap(),
        "a review already gone is reported"
    );
}

#[test]
fn import_keeps_the_mark_changed_last() {
    let dir = tempfile::tempdir().unwrap();
    let later = NOW + Duration::hours(1);
    let store = Store::new(dir.path()).with_clock(move || later);
    store.set_suspended(&["a/recall"], true).unwrap();
    store.set_suspended(&["a/recall"], false).unwrap();
    let mut other = Progress::default();
    let old = CardMark {
        suspended: true,
        updated_at: Some(NOW),
        ..CardMark::default()
    };
    let newer = CardMark {
        flag: 3,
        updated_at: Some(later + Duration::hours(1)),
        ..CardMark::default()
    };
    other.marks.insert("a/recall".into(), old);
    other.marks.insert("b/recall".into(), newer.clone());
    let (imported, _) = store.import(&other, NOW).unwrap();
    assert_eq!(imported.marks, 1);
    let p = store.load(NOW).unwrap().progress;
    assert!(
        !p.is_suspended("a/recall"),
        "an older suspension stays lifted"
    );
    assert_eq!(p.marks["b/recall"], newer);
}

#[test]
fn the_plan_leaves_out_suspended_and_buried_cards() {
    let (corpus, _) = Corpus::embedded();
    let cards: Vec<_> = generate(&corpus, 0)
        .into_iter()
        .filter(|c| c.entry_id == "cap-theorem" || c.entry_id == "circuit-breaker")
        .collect();
    assert!(cards.len() >= 2);
    let options = SessionOptions::default();
    let base = plan(&cards, &Progress::default(), NOW, &options);
    let first = cards[base.new[0]].id.clone();
    let mut progress = Progress::default();
    progress.marks.insert(
        first.clone(),
        CardMark {
            suspended: true,
            ..CardMark::default()
        },
    );
    let p = plan(&cards, &progress, NOW, &options);
    assert_eq!(p.suspended, 1);
    assert!(p.order().all(|i| cards[i].id != first));
    let cram = plan(
        &cards,
        &progress,
        NOW,
        &SessionOptions {
            cram: true,
            ..SessionOptions::default()
        },
    );
    assert!(
        cram.order().all(|i| cards[i].id != first),
        "cram skips suspended"
    );
    assert_eq!(cram.len(), cards.len() - 1);

    progress.marks.insert(
        first.clone(),
        CardMark {
            buried_until: Some(NOW + Duration::hours(3)),
            ..CardMark::default()
        },
    );
    let p = plan(&cards, &progress, NOW, &options);
    assert_eq!(p.buried_by_user, 1);
    assert!(p.order().all(|i| cards[i].id != first));
    let later = plan(&cards, &progress, NOW + Duration::hours(4), &options);
    assert_eq!(later.buried_by_user, 0);
    assert!(
        later.order().any(|i| cards[i].id == first),
        "back once the time passed"
    );
}

fn session_cards() -> Vec<archdeck::quiz::Card> {
    let (corpus, _) = Corpus::embedded();
    generate(&corpus, 0)
        .into_iter()
        .filter(|c| c.entry_id == "cap-theorem" || c.entry_id == "circuit-breaker")
        .collect()
}

/// Answers the current card wrong (Again), whatever it asks.
fn answer_wrong(s: &mut archdeck::quiz::Session, now: OffsetDateTime) {
    use archdeck::quiz::{Ask, Input};
    let card = s.current().unwrap().clone();
    let input = match &card.ask {
        Ask::SelfRated => {
            s.answer(Input::Reveal, now).unwrap();
            Input::Rate(Rating::Again)
        }
        Ask::Verdict(v) => Input::Verdict(match v {
            archdeck::corpus::Verdict::Do => archdeck::corpus::Verdict::Dont,
            archdeck::corpus::Verdict::Dont => archdeck::corpus::Verdict::Do,
        }),
        Ask::Choice { correct, .. } => Input::Choose((correct + 1) % 4),
    };
    s.answer(input, now).unwrap();
}

#[test]
fn undo_in_the_session_takes_back_the_requeue_and_the_tallies() {
    use archdeck::quiz::Session;
    for cram in [false, true] {
        let options = SessionOptions {
            cram,
            ..SessionOptions::default()
        };
        let mut s = Session::new(session_cards(), Progress::default(), NOW, options).unwrap();
        let first = s.current().unwrap().id.clone();
        let counts = s.counts();
        answer_wrong(&mut s, NOW);
        s.next_card();
        assert_eq!(s.counts().0, 1);
        assert_eq!(s.summary(NOW).wrong.len(), 1);
        assert!(s.can_undo());
        let target = s.undo_target().unwrap();
        assert_eq!(target.review_id, None, "never saved: only dropped");
        let undone = s.undo().unwrap();
        assert_eq!(
            (undone.card_id.as_str(), undone.rating),
            (first.as_str(), Rating::Again)
        );
        assert_eq!(s.current().unwrap().id, first);
        assert_eq!(
            s.counts(),
            counts,
            "the requeued copy is gone too (cram: {cram})"
        );
        assert_eq!(s.answers(), 0);
        assert!(s.summary(NOW).wrong.is_empty());
        assert!(s.progress().log.is_empty() && s.progress().cards.is_empty());
        assert!(s.pending().is_empty());
        assert!(!s.can_undo());
    }
}

#[test]
fn a_leech_answer_is_suspended_in_the_session_and_undo_lifts_it() {
    use archdeck::quiz::Session;
    let cards = session_cards();
    let card = cards[0].clone();
    // A generated history: learnt, then lapsed twice; due now.
    let mut progress = Progress::default();
    let (mut record, mut log) = answer(&card.id, NOW - Duration::days(30), 5);
    record.entry_id = card.entry_id.clone();
    record.lapses = 2;
    record.due = NOW - Duration::days(1);
    log.id = "0000000000000000000000000000000a".into();
    progress.apply(record.clone(), log);
    let options = SessionOptions {
        leech_lapses: 3,
        ..SessionOptions::default()
    };
    let mut s = Session::new(cards.clone(), progress.clone(), NOW, options.clone()).unwrap();
    assert_eq!(s.current().unwrap().id, card.id, "the due card comes first");
    answer_wrong(&mut s, NOW);
    let archdeck::quiz::Phase::Answered(answer) = s.phase().clone() else {
        panic!("answered")
    };
    assert!(answer.leech && !answer.requeued);
    assert_eq!(answer.record.lapses, 3);
    assert!(s.progress().is_suspended(&card.id));
    assert!(s.progress().marks[&card.id].leech);
    assert_eq!(s.pending_marks().len(), 1, "saved with the answer");
    s.next_card();
    let undone = s.undo().unwrap();
    assert_eq!(
        undone.mark,
        Some(CardMark::default()),
        "the mark before goes back"
    );
    assert!(!s.progress().is_suspended(&card.id));
    assert!(s.pending_marks().is_empty() && s.pending().is_empty());
    assert_eq!(s.progress().get(&card.id), Some(&record));
    assert_eq!(s.current().unwrap().id, card.id);

    // With leech_lapses 0 nothing is ever suspended.
    let off = SessionOptions {
        leech_lapses: 0,
        ..options
    };
    let mut s = Session::new(cards, progress, NOW, off).unwrap();
    answer_wrong(&mut s, NOW);
    assert!(!s.progress().is_suspended(&card.id));
}

/// Any mix of answers and undos: each undo gives back exactly the session before that answer
/// (records, log, marks, counts and the card asked), leeches included.
#[test]
fn undo_always_returns_to_the_state_before_the_answer() {
    use archdeck::quiz::{Ask, Input, Session};
    let (corpus, _) = Corpus::embedded();
    let cards: Vec<_> = generate(&corpus, 0).into_iter().take(40).collect();
    let mut rng = archdeck::testing::Rng::new(0x0bad_5eed);
    let (mut leeches, mut undos) = (0, 0);
    for round in 0..20 {
        let options = SessionOptions {
            leech_lapses: 1 + u32::try_from(rng.below(3)).unwrap(),
            cram: round % 5 == 4,
            ..SessionOptions::default()
        };
        // Some history, so that lapses can reach the leech count.
        let mut progress = Progress::default();
        for card in cards.iter().take(10) {
            let (mut record, log) = answer(&card.id, NOW - Duration::days(20), 3);
            record.entry_id = card.entry_id.clone();
            record.due = NOW - Duration::days(1);
            progress.apply(record, log);
        }
        let mut s = Session::new(cards.clone(), progress, NOW, options).unwrap();
        let mut before = Vec::new();
        let mut now = NOW;
        for _ in 0..60 {
            now += Duration::seconds(5);
            if !before.is_empty() && rng.below(3) == 0 {
                let (progress, counts, answers, current): (Progress, _, _, Option<String>) =
                    before.pop().unwrap();
                s.undo().unwrap();
                undos += 1;
                assert_eq!(s.progress().cards, progress.cards);
                assert_eq!(s.progress().log, progress.log);
                assert_eq!(s.progress().marks, progress.marks);
                assert_eq!(s.counts(), counts);
                assert_eq!(s.answers(), answers);
                assert_eq!(s.current().map(|c| c.id.clone()), current);
                continue;
            }
            let Some(card) = s.current().cloned() else {
                break;
            };
            before.push((
                s.progress().clone(),
                s.counts(),
                s.answers(),
                Some(card.id.clone()),
            ));
            let input = match &card.ask {
                Ask::SelfRated => {
                    s.answer(Input::Reveal, now).unwrap();
                    Input::Rate(
                        Rating::from_number(1 + u8::try_from(rng.below(4)).unwrap()).unwrap(),
                    )
                }
                Ask::Verdict(_) => Input::Verdict(if rng.below(2) == 0 {
                    archdeck::corpus::Verdict::Do
                } else {
                    archdeck::corpus::Verdict::Dont
                }),
                Ask::Choice { choices, .. } => Input::Choose(rng.below(choices.len())),
            };
            if let archdeck::quiz::Outcome::Answered(a) = s.answer(input, now).unwrap() {
                leeches += usize::from(a.leech);
            }
            s.next_card();
        }
    }
    assert!(leeches > 0 && undos > 0, "{leeches} leeches, {undos} undos");
}
