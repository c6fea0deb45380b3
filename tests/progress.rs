//! The progress store (SQLite): round trips, review ids, the one-time import of
//! `progress.toml`, damaged versus unreadable files, a held lock, concurrent writers, and
//! `import` being idempotent.

#![allow(clippy::unwrap_used)] // helpers shared by tests

use std::fs;
use std::time::Duration as StdDuration;

use archdeck::progress::{
    CardRecord, CardState, Progress, ProgressError, ReviewLog, Store, Warning,
};
use archdeck::quiz::Rating;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2025-03-10 09:00 UTC);

fn answer(card: &str, at: OffsetDateTime, reps: u32, rating: Rating) -> (CardRecord, ReviewLog) {
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
            rating,
            at,
            interval_days: 2,
        },
    )
}

fn review(progress: &mut Progress, card: &str, at: OffsetDateTime, rating: Rating) {
    let reps = progress.get(card).map_or(0, |r| r.reps) + 1;
    let (record, log) = answer(card, at, reps, rating);
    progress.apply(record, log);
}

#[test]
fn missing_store_is_empty_progress_and_read_only_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("not-yet"));
    let loaded = store.load_read_only().unwrap();
    assert_eq!(loaded.progress, Progress::default());
    assert!(
        !dir.path().join("not-yet").exists(),
        "reading creates nothing"
    );
}

#[test]
fn answers_round_trip_with_their_own_ids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    assert!(store.load(NOW).unwrap().progress.log.is_empty());
    // Two answers alike in card, time and rating are still two reviews.
    let a = answer("a/recall", NOW, 1, Rating::Good);
    let (saved, warnings) = store.save(&[a.clone(), a.clone()], NOW).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(saved.len(), 2);
    assert_ne!(saved[0].id, saved[1].id);
    let b = answer("b/recall", NOW + Duration::seconds(1), 1, Rating::Again);
    store.save(std::slice::from_ref(&b), NOW).unwrap();
    let loaded = Store::new(dir.path()).load_read_only().unwrap().progress;
    assert_eq!(loaded.log.len(), 3);
    assert!(loaded.log.iter().all(|l| l.id.len() == 32));
    assert_eq!(loaded.cards["a/recall"], a.0);
    assert_eq!(loaded.cards["b/recall"], b.0);
    assert!(dir.path().join("progress.sqlite3").exists());
}

#[test]
fn an_older_record_never_replaces_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let new = answer("a/recall", NOW + Duration::days(3), 2, Rating::Good);
    let old = answer("a/recall", NOW, 1, Rating::Again);
    store.save(std::slice::from_ref(&new), NOW).unwrap();
    store.save(&[old], NOW).unwrap();
    let p = store.load(NOW).unwrap().progress;
    assert_eq!(p.cards["a/recall"], new.0);
    assert_eq!(p.log.len(), 2);
}

#[test]
fn progress_toml_is_imported_once_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Progress::default();
    review(&mut p, "a/recall", NOW, Rating::Good);
    review(
        &mut p,
        "b/recall",
        NOW + Duration::seconds(5),
        Rating::Again,
    );
    fs::write(dir.path().join("progress.toml"), p.to_toml().unwrap()).unwrap();
    let store = Store::new(dir.path());
    // A read-only command reads it as it is and renames nothing.
    assert_eq!(store.load_read_only().unwrap().progress.log.len(), 2);
    assert!(dir.path().join("progress.toml").exists());

    let loaded = store.load(NOW).unwrap();
    match loaded.warnings.as_slice() {
        [
            Warning::Imported {
                reviews: 2,
                kept_as,
                ..
            },
        ] => assert!(kept_as.exists()),
        other => panic!("{other:?}"),
    }
    assert!(!dir.path().join("progress.toml").exists());
    assert_eq!(loaded.progress.cards, p.cards);
    assert_eq!(loaded.progress.log.len(), 2);
    // Told once: the next open says nothing and imports nothing again.
    let again = Store::new(dir.path()).load(NOW).unwrap();
    assert!(again.warnings.is_empty());
    assert_eq!(again.progress.log.len(), 2);
}

#[test]
fn damaged_store_is_kept_aside_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let garbage = b"this is not a database, not at all, not even close!!".repeat(100);
    fs::write(store.file(), &garbage).unwrap();
    // A read-only command reports and moves nothing.
    let err = store.load_read_only().unwrap_err();
    assert!(matches!(err, ProgressError::Damaged { .. }), "{err}");
    assert_eq!(fs::read(store.file()).unwrap(), garbage);

    let loaded = store.load(NOW).unwrap();
    let kept = dir.path().join("progress.sqlite3.corrupt-20250310T090000Z");
    match loaded.warnings.as_slice() {
        [Warning::Corrupt { kept_as, .. }] => assert_eq!(kept_as, &kept),
        other => panic!("{other:?}"),
    }
    assert!(
        loaded.warnings[0]
            .to_string()
            .contains("corrupt-20250310T090000Z")
    );
    assert_eq!(fs::read(&kept).unwrap(), garbage);
    // A new store works.
    store
        .save(&[answer("a/recall", NOW, 1, Rating::Good)], NOW)
        .unwrap();
    assert_eq!(
        Store::new(dir.path()).load(NOW).unwrap().progress.log.len(),
        1
    );
    assert_eq!(fs::read(&kept).unwrap(), garbage);
}

#[cfg(unix)]
#[test]
fn unreadable_store_is_reported_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store
        .save(&[answer("a/recall", NOW, 1, Rating::Good)], NOW)
        .unwrap();
    store.close();
    fs::set_permissions(store.file(), fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(store.file()).is_ok() {
        return; // running as root: permissions do not apply
    }
    let err = Store::new(dir.path()).load(NOW).unwrap_err();
    assert!(matches!(err, ProgressError::Io { .. }), "{err}");
    assert!(err.to_string().contains("Permission denied"), "{err}");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.contains("corrupt")), "{names:?}");
    fs::set_permissions(store.file(), fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        Store::new(dir.path()).load(NOW).unwrap().progress.log.len(),
        1
    );
}

#[test]
fn newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store.load(NOW).unwrap();
    store.close();
    let conn = rusqlite::Connection::open(store.file()).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let err = Store::new(dir.path()).load(NOW).unwrap_err();
    assert!(
        matches!(err, ProgressError::Newer { version: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade archdeck"), "{err}");
}

#[test]
fn a_held_lock_is_busy_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_busy_timeout(StdDuration::from_millis(100));
    store.load(NOW).unwrap();
    let other = rusqlite::Connection::open(store.file()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let a = answer("a/recall", NOW, 1, Rating::Good);
    let err = store.save(std::slice::from_ref(&a), NOW).unwrap_err();
    assert!(err.is_busy(), "{err}");
    assert!(
        err.to_string().contains("another archdeck process"),
        "{err}"
    );
    other.execute_batch("COMMIT").unwrap();
    store.save(&[a], NOW).unwrap();
    assert_eq!(store.load(NOW).unwrap().progress.log.len(), 1);
}

#[test]
fn import_merges_by_id_and_twice_changes_nothing() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let a = Store::new(one.path());
    let b = Store::new(two.path());
    a.save(&[answer("x/recall", NOW, 1, Rating::Good)], NOW)
        .unwrap();
    b.save(&[answer("y/recall", NOW, 1, Rating::Good)], NOW)
        .unwrap();
    let from_b = b.load(NOW).unwrap().progress;
    let (first, _) = a.import(&from_b, NOW).unwrap();
    assert_eq!((first.added, first.known), (1, 0));
    assert_eq!(first.affected.iter().collect::<Vec<_>>(), ["y/recall"]);
    let (second, _) = a.import(&from_b, NOW).unwrap();
    assert_eq!((second.added, second.known), (0, 1));
    let merged = a.load(NOW).unwrap().progress;
    assert_eq!(merged.log.len(), 2);
    assert_eq!(merged.cards.len(), 2);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_t| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::new(path);
                for i in 0..15 {
                    // The same time and rating everywhere: ids keep them apart.
                    let a = answer(&format!("w{}/recall", i % 3), NOW, 1, Rating::Good);
                    loop {
                        match store.save(std::slice::from_ref(&a), NOW) {
                            Ok(_) => break,
                            Err(e) if e.is_busy() => continue,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let p = Store::new(dir.path()).load(NOW).unwrap().progress;
    assert_eq!(p.log.len(), 60);
    assert_eq!(p.cards.len(), 3);
}
