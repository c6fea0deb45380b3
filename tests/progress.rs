//! The progress store: round trips, merging, corrupt files, and concurrent writers.

#![allow(clippy::unwrap_used)] // helpers shared by tests

use std::fs;

use archdeck::progress::{
    CardRecord, CardState, Progress, ProgressError, ReviewLog, Store, Warning,
};
use archdeck::quiz::Rating;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2025-03-10 09:00 UTC);

fn review(progress: &mut Progress, card: &str, at: OffsetDateTime, rating: Rating) {
    let reps = progress.get(card).map_or(0, |r| r.reps) + 1;
    progress.apply(
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
            card_id: card.into(),
            rating,
            at,
            interval_days: 2,
        },
    );
}

#[test]
fn missing_file_is_empty_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("not-yet"));
    let loaded = store.load(NOW).unwrap();
    assert_eq!(loaded.progress, Progress::default());
    assert!(loaded.warnings.is_empty());
    assert!(
        !dir.path().join("not-yet").exists(),
        "loading creates nothing"
    );
}

#[test]
fn round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut p = Progress::default();
    review(&mut p, "a/recall", NOW, Rating::Good);
    review(
        &mut p,
        "b/verdict",
        NOW + Duration::seconds(5),
        Rating::Again,
    );
    let saved = store.save(&p, NOW).unwrap();
    assert_eq!(saved.progress, p);
    let loaded = store.load(NOW).unwrap();
    assert_eq!(loaded.progress, p);
    assert!(loaded.warnings.is_empty());
    let text = fs::read_to_string(store.file()).unwrap();
    assert!(text.starts_with("schema_version = 1\n"), "{text}");
    assert!(text.contains("[[card]]") && text.contains("[[review]]"));
    assert!(text.contains("rating = \"again\""));
    assert!(
        text.contains("last_review = \"2025-03-10T09:00:00Z\""),
        "{text}"
    );
    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["progress.lock", "progress.toml"]);
}

#[test]
fn save_merges_with_what_another_process_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    // Both start from the same snapshot.
    let mut base = Progress::default();
    review(&mut base, "shared/recall", NOW, Rating::Good);
    store.save(&base, NOW).unwrap();
    let mut mine = base.clone();
    let mut theirs = base.clone();
    review(
        &mut theirs,
        "theirs/recall",
        NOW + Duration::minutes(1),
        Rating::Hard,
    );
    review(
        &mut theirs,
        "shared/recall",
        NOW + Duration::minutes(2),
        Rating::Again,
    );
    store.save(&theirs, NOW).unwrap();
    review(
        &mut mine,
        "mine/recall",
        NOW + Duration::minutes(3),
        Rating::Easy,
    );
    let merged = store.save(&mine, NOW).unwrap().progress;
    assert_eq!(merged.log.len(), 4, "{:#?}", merged.log);
    for card in ["shared/recall", "theirs/recall", "mine/recall"] {
        assert!(merged.get(card).is_some(), "{card}");
    }
    // The shared card keeps the state of its latest review (theirs, at minute 2).
    assert_eq!(
        merged.get("shared/recall").unwrap().last_review,
        NOW + Duration::minutes(2)
    );
    assert_eq!(store.load(NOW).unwrap().progress, merged);
}

#[test]
fn records_of_removed_entries_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut p = Progress::default();
    review(&mut p, "gone/recall", NOW, Rating::Good);
    store.save(&p, NOW).unwrap();
    // A later session knows nothing about `gone` and saves its own answer.
    let mut other = Progress::default();
    review(
        &mut other,
        "here/recall",
        NOW + Duration::hours(1),
        Rating::Good,
    );
    let merged = store.save(&other, NOW).unwrap().progress;
    assert!(merged.get("gone/recall").is_some());
    assert_eq!(merged.log.len(), 2);
}

#[test]
fn corrupt_file_is_kept_aside_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let garbage = "schema_version = 1\n[[card]\nthis is not toml";
    fs::write(store.file(), garbage).unwrap();
    let loaded = store.load(NOW).unwrap();
    assert_eq!(loaded.progress, Progress::default());
    let kept = dir.path().join("progress.toml.corrupt-20250310T090000Z");
    match loaded.warnings.as_slice() {
        [Warning::Corrupt { file, kept_as, .. }] => {
            assert_eq!(file, &store.file());
            assert_eq!(kept_as, &kept);
        }
        other => panic!("{other:?}"),
    }
    let message = loaded.warnings[0].to_string();
    assert!(message.contains(&kept.display().to_string()), "{message}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), garbage);
    assert!(!store.file().exists());

    // Saving now starts a fresh file and leaves the kept one alone.
    let mut p = Progress::default();
    review(&mut p, "a/recall", NOW, Rating::Good);
    store.save(&p, NOW).unwrap();
    assert_eq!(fs::read_to_string(&kept).unwrap(), garbage);
    assert_eq!(store.load(NOW).unwrap().progress, p);

    // A second corrupt file at the same second gets its own name.
    fs::write(store.file(), [0xff, 0xfe, 0x00]).unwrap();
    let loaded = store.load(NOW).unwrap();
    let Warning::Corrupt {
        kept_as, reason, ..
    } = &loaded.warnings[0];
    assert_eq!(
        kept_as,
        &dir.path().join("progress.toml.corrupt-20250310T090000Z-1")
    );
    assert!(reason.contains("UTF-8"), "{reason}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), garbage);
}

#[test]
fn corrupt_file_found_while_saving_is_kept_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    fs::write(store.file(), "schema_version = \"one\"").unwrap();
    let mut p = Progress::default();
    review(&mut p, "a/recall", NOW, Rating::Good);
    let saved = store.save(&p, NOW).unwrap();
    assert_eq!(saved.warnings.len(), 1);
    assert_eq!(saved.progress, p);
    assert!(
        dir.path()
            .join("progress.toml.corrupt-20250310T090000Z")
            .exists()
    );
}

#[test]
fn newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let text = "schema_version = 7\n[[future]]\nx = 1\n";
    fs::write(store.file(), text).unwrap();
    let err = store.load(NOW).unwrap_err();
    assert!(matches!(err, ProgressError::Newer { version: 7, .. }));
    assert!(err.to_string().contains("upgrade archdeck"), "{err}");
    assert!(store.save(&Progress::default(), NOW).is_err());
    assert_eq!(fs::read_to_string(store.file()).unwrap(), text);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::new(path);
                // Each writer keeps only its own answers in memory, like a session started
                // before the others wrote anything.
                let mut mine = Progress::default();
                for i in 0..15 {
                    let at = NOW + Duration::seconds(i64::from(t * 100 + i));
                    review(&mut mine, &format!("w{t}-{i}/recall"), at, Rating::Good);
                    store.save(&mine, at).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let p = Store::new(dir.path()).load(NOW).unwrap().progress;
    assert_eq!(p.log.len(), 60);
    assert_eq!(p.cards.len(), 60);
}
