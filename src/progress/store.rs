//! The store: `progress.sqlite3` in the data dir (SQLite through `rusqlite`, WAL,
//! `synchronous = FULL`). One transaction per save inserts the answers' reviews, each with its own
//! id, and updates their cards; nothing else is read or written. A file that is not a database
//! or fails `PRAGMA quick_check` is kept aside byte for byte and a new store started; a file that
//! cannot be opened (permissions, say) is reported and left alone. An old `progress.toml` is
//! imported once, in one transaction, and kept under another name.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs::{self, File};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, params};
use time::OffsetDateTime;

use super::format::{ParseError, SCHEMA_VERSION};
use super::model::Progress;
use super::rfc3339;
use crate::review::{CardMark, CardRecord, CardState, Rating, ReviewLog};

/// The progress database's name in the data dir.
pub const FILE_NAME: &str = "progress.sqlite3";
/// The progress file of archdeck before the SQLite store, imported once.
pub const LEGACY_FILE_NAME: &str = "progress.toml";
/// The database's schema version (`PRAGMA user_version`): 1 cards, reviews and meta; 2 adds
/// `card_mark` (suspended, leech, flag, buried until).
pub const DB_VERSION: i64 = 2;

/// Something the UI must tell the user, though work can go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The progress file could not be read; it was kept under another name and progress starts
    /// empty.
    Corrupt {
        file: PathBuf,
        kept_as: PathBuf,
        reason: String,
    },
    /// The old `progress.toml` was imported into the database and kept under another name.
    Imported {
        file: PathBuf,
        kept_as: PathBuf,
        reviews: usize,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Corrupt {
                file,
                kept_as,
                reason,
            } => write!(
                f,
                "the progress file {} could not be read ({}); it was kept as {} and \
                 progress starts empty. Fix or delete that file; archdeck will not touch it again",
                crate::sanitize::line(&file.display().to_string()),
                crate::sanitize::line(reason),
                crate::sanitize::line(&kept_as.display().to_string()),
            ),
            Warning::Imported {
                file,
                kept_as,
                reviews,
            } => write!(
                f,
                "progress from {} ({reviews} reviews) was imported into {FILE_NAME}; the old \
                 file was kept as {}",
                crate::sanitize::line(&file.display().to_string()),
                crate::sanitize::line(&kept_as.display().to_string()),
            ),
        }
    }
}

/// Progress could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{action} {}: {source}", crate::sanitize::line(&path.display().to_string()))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{action} {}: {source}", crate::sanitize::line(&path.display().to_string()))]
    Db {
        action: &'static str,
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// Another process holds the database's write lock longer than the busy timeout.
    #[error("waiting for another archdeck process that is using {}", crate::sanitize::line(&path.display().to_string()))]
    Busy { path: PathBuf },
    #[error(
        "{} was written by a newer archdeck (schema version {version}, this one knows {known}); upgrade archdeck to use it",
        crate::sanitize::line(&path.display().to_string())
    )]
    Newer {
        path: PathBuf,
        version: i64,
        known: i64,
    },
    /// A read-only command found a damaged file; it leaves it alone.
    #[error(
        "the progress file {} is damaged ({}); run `archdeck quiz` to keep it aside and start a new one",
        crate::sanitize::line(&path.display().to_string()),
        crate::sanitize::line(reason)
    )]
    Damaged { path: PathBuf, reason: String },
    #[error("cannot encode progress: {0}")]
    Serialize(String),
    /// The fitted scheduling parameters in the `meta` table cannot be used.
    #[error(
        "the fitted scheduling parameters stored in {} are unusable ({}); run `archdeck optimize --reset` to go back to the defaults",
        crate::sanitize::line(&path.display().to_string()),
        crate::sanitize::line(reason)
    )]
    BadParams { path: PathBuf, reason: String },
}

impl ProgressError {
    /// Whether the error is another process holding the lock (worth retrying).
    pub fn is_busy(&self) -> bool {
        matches!(self, ProgressError::Busy { .. })
    }
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |source| ProgressError::Io {
        action,
        path,
        source,
    }
}

fn db_err(action: &'static str, path: &Path) -> impl FnOnce(rusqlite::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |source| {
        if is_busy(&source) {
            ProgressError::Busy { path }
        } else {
            ProgressError::Db {
                action,
                path,
                source,
            }
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Progress as loaded, with anything the user must be told.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<Warning>,
}

/// What [`Store::import`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Reviews new to the store.
    pub added: usize,
    /// Reviews it already had (same id).
    pub known: usize,
    /// Cards whose reviews changed, whose states the caller recomputes.
    pub affected: BTreeSet<String>,
    /// Card marks taken from the other copy (newer than the store's).
    pub marks: usize,
}

/// Where the store gets the time it stamps on a changed mark (`updated_at`).
#[derive(Clone)]
struct MarkClock(Arc<dyn Fn() -> OffsetDateTime + Send + Sync>);

impl fmt::Debug for MarkClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MarkClock")
    }
}

/// FSRS parameters fitted to the user's reviews (`archdeck optimize`), as stored in the `meta`
/// table.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedParams {
    /// The 21 FSRS-6 parameters.
    pub params: Vec<f32>,
    pub fitted_at: OffsetDateTime,
    /// How many reviews the fit used.
    pub reviews_used: usize,
}

/// The `meta` keys of the fitted parameters.
const PARAMS_KEY: &str = "fsrs_params";
const PARAMS_AT_KEY: &str = "fsrs_params_fitted_at";
const PARAMS_REVIEWS_KEY: &str = "fsrs_params_reviews";

/// The progress database in a data dir.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    busy: Duration,
    conn: RefCell<Option<Connection>>,
    clock: Option<MarkClock>,
}

impl Clone for Store {
    fn clone(&self) -> Store {
        Store {
            dir: self.dir.clone(),
            busy: self.busy,
            conn: RefCell::new(None),
            clock: self.clock.clone(),
        }
    }
}

impl Store {
    /// The store in `data_dir`. Nothing is touched until it is first loaded or saved to.
    pub fn new(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: data_dir.into(),
            busy: Duration::from_secs(1),
            conn: RefCell::new(None),
            clock: None,
        }
    }

    /// The clock whose time a changed mark records as its `updated_at` (the system clock
    /// unless set; the shells pass theirs, which honours `ARCHDECK_NOW`).
    pub fn with_clock(mut self, now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Store {
        self.clock = Some(MarkClock(Arc::new(now)));
        self
    }

    fn mark_time(&self) -> OffsetDateTime {
        let now = self
            .clock
            .as_ref()
            .map_or_else(OffsetDateTime::now_utc, |c| (c.0)());
        crate::review::times::on(now, time::UtcOffset::UTC)
    }

    /// How long an operation waits for another process's lock before it fails with
    /// [`ProgressError::Busy`] (1 s unless set).
    pub fn with_busy_timeout(mut self, busy: Duration) -> Store {
        self.busy = busy;
        self
    }

    /// `progress.sqlite3` in the data dir.
    pub fn file(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The old `progress.toml`.
    pub fn legacy_file(&self) -> PathBuf {
        self.dir.join(LEGACY_FILE_NAME)
    }

    /// Opens (creating, migrating and checking) the database, reusing an open connection.
    /// `warnings` gets what the user must be told.
    fn with_conn<T>(
        &self,
        now: OffsetDateTime,
        warnings: &mut Vec<Warning>,
        f: impl FnOnce(&mut Connection) -> Result<T, ProgressError>,
    ) -> Result<T, ProgressError> {
        let mut slot = self.conn.borrow_mut();
        if slot.is_none() {
            *slot = Some(self.open_rw(now, warnings)?);
        }
        match slot.as_mut() {
            Some(conn) => f(conn),
            None => Err(ProgressError::Busy { path: self.file() }),
        }
    }

    fn open_rw(
        &self,
        now: OffsetDateTime,
        warnings: &mut Vec<Warning>,
    ) -> Result<Connection, ProgressError> {
        fs::create_dir_all(&self.dir)
            .map_err(io_err("cannot create the data folder", &self.dir))?;
        let path = self.file();
        if path.exists() {
            // Permission problems are reported, never taken for damage.
            File::options()
                .read(true)
                .write(true)
                .open(&path)
                .map_err(io_err("cannot open the progress file", &path))?;
            match self.open_checked(&path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
                Ok(conn) => {
                    self.migrate_legacy_if_any(&conn, now, warnings)?;
                    return Ok(conn);
                }
                Err(Opened::Corrupt(reason)) => {
                    let kept_as = self.set_aside(&path, now)?;
                    warnings.push(Warning::Corrupt {
                        file: path.clone(),
                        kept_as,
                        reason,
                    });
                }
                Err(Opened::Error(e)) => return Err(e),
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = match self.open_checked(&path, flags) {
            Ok(conn) => conn,
            Err(Opened::Corrupt(reason)) => {
                return Err(ProgressError::Damaged { path, reason });
            }
            Err(Opened::Error(e)) => return Err(e),
        };
        self.migrate_legacy_if_any(&conn, now, warnings)?;
        Ok(conn)
    }

    /// Opens, checks and migrates the database at `path`.
    fn open_checked(&self, path: &Path, flags: OpenFlags) -> Result<Connection, Opened> {
        let fail = |e: rusqlite::Error, action: &'static str| {
            if is_corrupt(&e) {
                Opened::Corrupt(e.to_string())
            } else {
                Opened::Error(db_err(action, path)(e))
            }
        };
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| fail(e, "cannot open the progress file"))?;
        conn.busy_timeout(self.busy)
            .map_err(|e| fail(e, "cannot configure"))?;
        let read_only = !flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE);
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| fail(e, "cannot check the progress file"))?;
        if check != "ok" {
            return Err(Opened::Corrupt(check));
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| fail(e, "cannot read the schema version of"))?;
        if version > DB_VERSION {
            return Err(Opened::Error(ProgressError::Newer {
                path: path.to_path_buf(),
                version,
                known: DB_VERSION,
            }));
        }
        if read_only {
            if version > 0 {
                // A file with the right version must hold the right tables.
                conn.query_row("SELECT count(*) FROM card", [], |r| r.get::<_, i64>(0))
                    .map_err(|e| fail(e, "cannot read"))?;
            }
            return Ok(conn);
        }
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(|e| fail(e, "cannot configure"))?;
        migrate(&conn).map_err(|e| fail(e, "cannot create the tables in"))?;
        Ok(conn)
    }

    /// Imports `progress.toml` once, in one transaction, then renames it.
    fn migrate_legacy_if_any(
        &self,
        conn: &Connection,
        now: OffsetDateTime,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), ProgressError> {
        let legacy = self.legacy_file();
        if !legacy.exists() {
            return Ok(());
        }
        let path = self.file();
        let progress = match read_legacy(&legacy)? {
            Ok(p) => p,
            Err(reason) => {
                let kept_as = keep_aside(&legacy, "corrupt", now)?;
                warnings.push(Warning::Corrupt {
                    file: legacy,
                    kept_as,
                    reason,
                });
                return Ok(());
            }
        };
        let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(db_err("cannot import into", &path))?;
        let done: Option<String> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'legacy_imported'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err("cannot read", &path))?;
        let reviews = progress.log.len();
        if done.is_none() {
            let mut seed = IdSeed::new();
            for record in progress.cards.values() {
                put_card(&tx, record, false).map_err(db_err("cannot import into", &path))?;
            }
            for log in &progress.log {
                let mut log = log.clone();
                if log.id.is_empty() {
                    log.id = seed.next();
                }
                insert_review(&tx, &log).map_err(db_err("cannot import into", &path))?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('legacy_imported', ?1)",
                [rfc3339::format(now).unwrap_or_default()],
            )
            .map_err(db_err("cannot import into", &path))?;
        }
        tx.commit().map_err(db_err("cannot import into", &path))?;
        let kept_as = keep_aside(&legacy, "imported", now)?;
        if done.is_none() {
            warnings.push(Warning::Imported {
                file: legacy,
                kept_as,
                reviews,
            });
        }
        Ok(())
    }

    /// Renames a damaged database (and its WAL) to a free `…corrupt-<timestamp>` name.
    fn set_aside(&self, path: &Path, now: OffsetDateTime) -> Result<PathBuf, ProgressError> {
        let kept_as = keep_aside(path, "corrupt", now)?;
        let wal = sidecar(path, "-wal");
        if wal.exists() {
            let target = sidecar(&kept_as, "-wal");
            fs::rename(&wal, &target)
                .map_err(io_err("cannot move the damaged progress journal", &wal))?;
        }
        let _ = fs::remove_file(sidecar(path, "-shm"));
        sync_dir(&self.dir)?;
        Ok(kept_as)
    }

    /// Loads all progress for a command that writes (a quiz, an import): creates the database
    /// if needed, imports an old `progress.toml`, keeps a damaged file aside. `now` names the
    /// renamed files.
    pub fn load(&self, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let progress = self.with_conn(now, &mut warnings, |conn| {
            read_all(conn).map_err(db_err("cannot read", &path))
        })?;
        Ok(Loaded { progress, warnings })
    }

    /// Loads all progress for a command that only reads (`stats`, `list`): creates, migrates
    /// and renames nothing. A damaged file is an error; without a database an old
    /// `progress.toml` is read as it is.
    pub fn load_read_only(&self) -> Result<Loaded, ProgressError> {
        let path = self.file();
        if !path.exists() {
            let legacy = self.legacy_file();
            if !legacy.exists() {
                return Ok(Loaded::default());
            }
            return match read_legacy(&legacy)? {
                Ok(progress) => Ok(Loaded {
                    progress,
                    warnings: Vec::new(),
                }),
                Err(reason) => Err(ProgressError::Damaged {
                    path: legacy,
                    reason,
                }),
            };
        }
        File::open(&path).map_err(io_err("cannot open the progress file", &path))?;
        let conn = match self.open_checked(&path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
            Ok(conn) => conn,
            Err(Opened::Corrupt(reason)) => return Err(ProgressError::Damaged { path, reason }),
            Err(Opened::Error(e)) => return Err(e),
        };
        let progress = read_all(&conn).map_err(|e| {
            if is_corrupt(&e) {
                ProgressError::Damaged {
                    path: path.clone(),
                    reason: e.to_string(),
                }
            } else {
                db_err("cannot read", &path)(e)
            }
        })?;
        Ok(Loaded {
            progress,
            warnings: Vec::new(),
        })
    }

    /// Saves answers, in one transaction: inserts each review (giving those without an id a
    /// new one) and updates each card unless the store holds a later review of it. Returns the
    /// reviews as saved, with their ids, and anything the user must be told. On an error nothing
    /// is saved.
    pub fn save(
        &self,
        answers: &[(CardRecord, ReviewLog)],
        now: OffsetDateTime,
    ) -> Result<(Vec<ReviewLog>, Vec<Warning>), ProgressError> {
        self.save_marked(answers, &[], now)
    }

    /// [`Store::save`], writing `marks` (card id and its new mark, such as a leech's
    /// suspension) in the same transaction.
    pub fn save_marked(
        &self,
        answers: &[(CardRecord, ReviewLog)],
        marks: &[(String, CardMark)],
        now: OffsetDateTime,
    ) -> Result<(Vec<ReviewLog>, Vec<Warning>), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let saved = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut seed = IdSeed::new();
            let mut saved = Vec::with_capacity(answers.len());
            for (record, log) in answers {
                let mut log = log.clone();
                if log.id.is_empty() {
                    log.id = seed.next();
                }
                put_card(&tx, record, false).map_err(db_err("cannot save progress to", &path))?;
                insert_review(&tx, &log).map_err(db_err("cannot save progress to", &path))?;
                saved.push(log);
            }
            for (card_id, mark) in marks {
                put_mark(&tx, card_id, mark).map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(saved)
        });
        if saved.is_err() {
            // A fresh connection next time: a failed write can leave this one unusable.
            *self.conn.borrow_mut() = None;
        }
        Ok((saved?, warnings))
    }

    /// Merges reviews and card records from another copy (an export), in one transaction:
    /// reviews by id (a review already present is skipped, so importing twice changes nothing),
    /// cards where the record is later than the store's.
    pub fn import(
        &self,
        other: &Progress,
        now: OffsetDateTime,
    ) -> Result<(Imported, Vec<Warning>), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let imported = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot import into", &path))?;
            let mut seed = IdSeed::new();
            let mut imported = Imported::default();
            for record in other.cards.values() {
                put_card(&tx, record, false).map_err(db_err("cannot import into", &path))?;
            }
            for (card_id, mark) in &other.marks {
                let stored = get_mark(&tx, card_id).map_err(db_err("cannot import into", &path))?;
                if stored.is_none_or(|old| mark.newer_than(&old)) {
                    put_mark(&tx, card_id, mark).map_err(db_err("cannot import into", &path))?;
                    imported.marks += 1;
                }
            }
            for log in &other.log {
                let mut log = log.clone();
                if log.id.is_empty() {
                    log.id = seed.next();
                }
                if insert_review(&tx, &log).map_err(db_err("cannot import into", &path))? {
                    imported.added += 1;
                    imported.affected.insert(log.card_id.clone());
                } else {
                    imported.known += 1;
                }
            }
            tx.commit().map_err(db_err("cannot import into", &path))?;
            Ok(imported)
        })?;
        Ok((imported, warnings))
    }

    /// Replaces card records outright (after an import recomputed them), in one transaction.
    pub fn put_cards(
        &self,
        records: &[CardRecord],
        now: OffsetDateTime,
    ) -> Result<(), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            for record in records {
                put_card(&tx, record, true).map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))
        })
    }

    /// Runs `f` on the card's mark (default if it has none) in one transaction and stores the
    /// result, stamped with the store's clock, if it differs. Returns whether it changed.
    fn change_marks(
        &self,
        card_ids: &[&str],
        f: impl Fn(&mut CardMark),
    ) -> Result<usize, ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let stamp = self.mark_time();
        let changed = self.with_conn(stamp, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut changed = 0;
            for card_id in card_ids {
                let old = get_mark(&tx, card_id)
                    .map_err(db_err("cannot read", &path))?
                    .unwrap_or_default();
                let mut new = old.clone();
                f(&mut new);
                new.updated_at = old.updated_at;
                if new != old {
                    new.updated_at = Some(stamp);
                    put_mark(&tx, card_id, &new)
                        .map_err(db_err("cannot save progress to", &path))?;
                    changed += 1;
                }
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(changed)
        });
        if changed.is_err() {
            *self.conn.borrow_mut() = None;
        }
        changed
    }

    /// Suspends or unsuspends cards, in one transaction; unsuspending also clears `leech`.
    /// Returns how many cards changed.
    pub fn set_suspended(
        &self,
        card_ids: &[&str],
        suspended: bool,
    ) -> Result<usize, ProgressError> {
        self.change_marks(card_ids, |m| {
            m.suspended = suspended;
            if !suspended {
                m.leech = false;
            }
        })
    }

    /// Sets a card's flag: 0 none, 1 red, 2 orange, 3 green, 4 blue (higher numbers count as 4).
    pub fn set_flag(&self, card_id: &str, flag: u8) -> Result<(), ProgressError> {
        self.change_marks(&[card_id], |m| m.flag = flag.min(CardMark::MAX_FLAG))
            .map(|_| ())
    }

    /// Buries a card until `until` (sessions leave it out before then; cram does not).
    pub fn bury(&self, card_id: &str, until: OffsetDateTime) -> Result<(), ProgressError> {
        let until = crate::review::times::on(until, time::UtcOffset::UTC);
        self.change_marks(&[card_id], |m| m.buried_until = Some(until))
            .map(|_| ())
    }

    /// Undoes a saved answer, in one transaction: deletes the review `review_id`, puts the
    /// card's record back to `previous` (or removes it, for a card that was new) and, if given,
    /// its mark back to `mark` (an answer that made the card a leech). Returns whether the review
    /// was there.
    pub fn undo(
        &self,
        review_id: &str,
        card_id: &str,
        previous: Option<&CardRecord>,
        mark: Option<&CardMark>,
    ) -> Result<bool, ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let stamp = self.mark_time();
        let done = self.with_conn(stamp, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot undo in", &path))?;
            let removed = tx
                .execute("DELETE FROM review WHERE id = ?1", [review_id])
                .map_err(db_err("cannot undo in", &path))?;
            match previous {
                Some(record) => {
                    put_card(&tx, record, true).map_err(db_err("cannot undo in", &path))?;
                }
                None => {
                    tx.execute("DELETE FROM card WHERE card_id = ?1", [card_id])
                        .map_err(db_err("cannot undo in", &path))?;
                }
            }
            if let Some(mark) = mark {
                let mark = CardMark {
                    updated_at: Some(stamp),
                    ..mark.clone()
                };
                put_mark(&tx, card_id, &mark).map_err(db_err("cannot undo in", &path))?;
            }
            tx.commit().map_err(db_err("cannot undo in", &path))?;
            Ok(removed > 0)
        });
        if done.is_err() {
            *self.conn.borrow_mut() = None;
        }
        done
    }

    /// The fitted FSRS parameters, if `archdeck optimize` stored some (`None`: the defaults).
    pub fn params(&self) -> Result<Option<Vec<f32>>, ProgressError> {
        Ok(self.fitted_params()?.map(|f| f.params))
    }

    /// The fitted FSRS parameters with when and from how many reviews they were fitted. Reads
    /// through the open connection if there is one, else opens the file read-only (creating
    /// nothing). Parameters the scheduler would reject are [`ProgressError::BadParams`].
    pub fn fitted_params(&self) -> Result<Option<FittedParams>, ProgressError> {
        let path = self.file();
        let read = |conn: &Connection| -> Result<Option<FittedParams>, ProgressError> {
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(db_err("cannot read", &path))?;
            if version == 0 {
                return Ok(None);
            }
            let get = |key: &str| -> Result<Option<String>, ProgressError> {
                conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                    .optional()
                    .map_err(db_err("cannot read", &path))
            };
            let Some(text) = get(PARAMS_KEY)? else {
                return Ok(None);
            };
            let bad = |reason: String| ProgressError::BadParams {
                path: path.clone(),
                reason,
            };
            let params: Vec<f32> = serde_json::from_str(&text)
                .map_err(|e| bad(format!("not a list of numbers: {e}")))?;
            if params.len() != fsrs::DEFAULT_PARAMETERS.len() {
                return Err(bad(format!(
                    "{} numbers where FSRS-6 has {}",
                    params.len(),
                    fsrs::DEFAULT_PARAMETERS.len()
                )));
            }
            // Finite, none negative, first stabilities positive, decay as the optimiser clips it.
            let in_range = fsrs::check_and_fill_parameters(&params).is_ok()
                && params.iter().all(|w| *w >= 0.0)
                && params[..4].iter().all(|w| *w >= 0.001)
                && (0.1..=0.8).contains(&params[20]);
            if !in_range {
                return Err(bad("out of the range FSRS accepts".into()));
            }
            let fitted_at = match get(PARAMS_AT_KEY)? {
                Some(t) => rfc3339::parse(&t).map_err(|e| bad(format!("bad time {t:?}: {e}")))?,
                None => return Err(bad("no fitting time".into())),
            };
            let reviews_used = get(PARAMS_REVIEWS_KEY)?
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Ok(Some(FittedParams {
                params,
                fitted_at,
                reviews_used,
            }))
        };
        if let Some(conn) = self.conn.borrow().as_ref() {
            return read(conn);
        }
        if !path.exists() {
            return Ok(None);
        }
        let conn = match self.open_checked(&path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
            Ok(conn) => conn,
            Err(Opened::Corrupt(reason)) => return Err(ProgressError::Damaged { path, reason }),
            Err(Opened::Error(e)) => return Err(e),
        };
        read(&conn)
    }

    /// Stores fitted FSRS parameters, in one transaction: the scheduler uses them from then on.
    pub fn save_params(
        &self,
        params: &[f32],
        fitted_at: OffsetDateTime,
        reviews_used: usize,
    ) -> Result<(), ProgressError> {
        let path = self.file();
        let text =
            serde_json::to_string(params).map_err(|e| ProgressError::Serialize(e.to_string()))?;
        let at = rfc3339::format(fitted_at).map_err(|e| ProgressError::Serialize(e.to_string()))?;
        let mut warnings = Vec::new();
        let saved = self.with_conn(fitted_at, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save the parameters to", &path))?;
            for (key, value) in [
                (PARAMS_KEY, text.as_str()),
                (PARAMS_AT_KEY, at.as_str()),
                (PARAMS_REVIEWS_KEY, reviews_used.to_string().as_str()),
            ] {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    [key, value],
                )
                .map_err(db_err("cannot save the parameters to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save the parameters to", &path))
        });
        if saved.is_err() {
            *self.conn.borrow_mut() = None;
        }
        saved
    }

    /// Forgets the fitted parameters (the scheduler goes back to the defaults). Returns whether
    /// there were any. `now` names a damaged file set aside when opening.
    pub fn reset_params(&self, now: OffsetDateTime) -> Result<bool, ProgressError> {
        let path = self.file();
        if !path.exists() {
            return Ok(false);
        }
        let mut warnings = Vec::new();
        let removed = self.with_conn(now, &mut warnings, |conn| {
            conn.execute(
                "DELETE FROM meta WHERE key IN (?1, ?2, ?3)",
                [PARAMS_KEY, PARAMS_AT_KEY, PARAMS_REVIEWS_KEY],
            )
            .map_err(db_err("cannot reset the parameters in", &path))
        });
        if removed.is_err() {
            *self.conn.borrow_mut() = None;
        }
        Ok(removed? > 0)
    }

    /// Sets cards' memory states (stability and difficulty) from `records`, in one transaction,
    /// leaving everything else as it is; a card reviewed since (another last review or count)
    /// is left alone. Returns how many cards changed.
    pub fn set_memory_states(
        &self,
        records: &[CardRecord],
        now: OffsetDateTime,
    ) -> Result<usize, ProgressError> {
        let path = self.file();
        let mut warnings = Vec::new();
        let done = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut changed = 0;
            for r in records {
                changed += tx
                    .prepare_cached(
                        "UPDATE card SET stability = ?1, difficulty = ?2
                         WHERE card_id = ?3 AND last_review_unix = ?4 AND reps = ?5",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            f64::from(r.stability),
                            f64::from(r.difficulty),
                            r.card_id,
                            r.last_review.unix_timestamp(),
                            r.reps,
                        ])
                    })
                    .map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(changed)
        });
        if done.is_err() {
            *self.conn.borrow_mut() = None;
        }
        done
    }

    /// Closes the connection (a later call opens it again).
    pub fn close(&self) {
        *self.conn.borrow_mut() = None;
    }
}

enum Opened {
    Corrupt(String),
    Error(ProgressError),
}

/// Creates or upgrades the tables, under a write lock, by `PRAGMA user_version`.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= DB_VERSION {
        return Ok(());
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    // Read again under the lock: another process may have migrated meanwhile.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 {
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS card (
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
             PRAGMA user_version = 1;",
        )?;
    }
    if version < 2 {
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS card_mark (
                 card_id TEXT PRIMARY KEY NOT NULL,
                 suspended INTEGER NOT NULL DEFAULT 0,
                 leech INTEGER NOT NULL DEFAULT 0,
                 flag INTEGER NOT NULL DEFAULT 0,
                 buried_until TEXT,
                 updated_at TEXT
             );
             PRAGMA user_version = 2;",
        )?;
    }
    tx.commit()
}

/// Inserts or updates a card. Unless `force`, a record no later (by last review, then reps)
/// than the stored one changes nothing.
fn put_card(conn: &Connection, r: &CardRecord, force: bool) -> rusqlite::Result<()> {
    let last = r.last_review.unix_timestamp();
    if !force {
        let stored: Option<(i64, i64)> = conn
            .query_row(
                "SELECT last_review_unix, reps FROM card WHERE card_id = ?1",
                [&r.card_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((stored_last, stored_reps)) = stored
            && (stored_last, stored_reps) >= (last, i64::from(r.reps))
        {
            return Ok(());
        }
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card (card_id, entry_id, state, due, stability, difficulty, reps,
             lapses, last_review, last_review_unix, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        r.card_id,
        r.entry_id,
        r.state.as_str(),
        time_text(r.due)?,
        f64::from(r.stability),
        f64::from(r.difficulty),
        r.reps,
        r.lapses,
        time_text(r.last_review)?,
        last,
        r.content_hash,
    ])?;
    Ok(())
}

/// The card's stored mark.
fn get_mark(conn: &Connection, card_id: &str) -> rusqlite::Result<Option<CardMark>> {
    conn.prepare_cached(
        "SELECT suspended, leech, flag, buried_until, updated_at FROM card_mark WHERE card_id = ?1",
    )?
    .query_row([card_id], mark_from_row(0))
    .optional()
}

/// A mark from the row's columns `first..first + 5`.
fn mark_from_row(first: usize) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<CardMark> {
    move |row| {
        let time = |i: usize| -> rusqlite::Result<Option<OffsetDateTime>> {
            row.get::<_, Option<String>>(i)?
                .map(|s| parse_time(i, &s))
                .transpose()
        };
        Ok(CardMark {
            suspended: row.get(first)?,
            leech: row.get(first + 1)?,
            flag: row
                .get::<_, i64>(first + 2)?
                .clamp(0, i64::from(CardMark::MAX_FLAG)) as u8,
            buried_until: time(first + 3)?,
            updated_at: time(first + 4)?,
        })
    }
}

/// Inserts or replaces a card's mark.
fn put_mark(conn: &Connection, card_id: &str, m: &CardMark) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_mark (card_id, suspended, leech, flag, buried_until, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        card_id,
        m.suspended,
        m.leech,
        m.flag.min(CardMark::MAX_FLAG),
        m.buried_until.map(time_text).transpose()?,
        m.updated_at.map(time_text).transpose()?,
    ])?;
    Ok(())
}

/// Inserts a review; `false` if one with its id is already there.
fn insert_review(conn: &Connection, log: &ReviewLog) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO review (id, card_id, rating, at, interval_days)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            log.id,
            log.card_id,
            log.rating.as_str(),
            time_text(log.at)?,
            log.interval_days,
        ])?;
    Ok(n == 1)
}

fn time_text(t: OffsetDateTime) -> rusqlite::Result<String> {
    rfc3339::format(t).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn bad_value(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        Box::new(io::Error::new(io::ErrorKind::InvalidData, what)),
    )
}

fn parse_time(col: usize, s: &str) -> rusqlite::Result<OffsetDateTime> {
    rfc3339::parse(s).map_err(|e| bad_value(col, format!("bad time {s:?}: {e}")))
}

fn parse_state(col: usize, s: &str) -> rusqlite::Result<CardState> {
    CardState::ALL
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| bad_value(col, format!("bad state {s:?}")))
}

fn parse_rating(col: usize, s: &str) -> rusqlite::Result<Rating> {
    Rating::ALL
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| bad_value(col, format!("bad rating {s:?}")))
}

/// Every card and the whole log, oldest review first.
fn read_all(conn: &Connection) -> rusqlite::Result<Progress> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut progress = Progress::default();
    if version == 0 {
        return Ok(progress);
    }
    let mut cards = conn.prepare(
        "SELECT card_id, entry_id, state, due, stability, difficulty, reps, lapses, last_review,
                content_hash FROM card",
    )?;
    let rows = cards.query_map([], |row| {
        Ok(CardRecord {
            card_id: row.get(0)?,
            entry_id: row.get(1)?,
            state: parse_state(2, &row.get::<_, String>(2)?)?,
            due: parse_time(3, &row.get::<_, String>(3)?)?,
            stability: row.get::<_, f64>(4)? as f32,
            difficulty: row.get::<_, f64>(5)? as f32,
            reps: row.get(6)?,
            lapses: row.get(7)?,
            last_review: parse_time(8, &row.get::<_, String>(8)?)?,
            content_hash: row.get(9)?,
        })
    })?;
    for card in rows {
        let card = card?;
        progress.cards.insert(card.card_id.clone(), card);
    }
    // Card ids repeat: share one string per card.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut reviews =
        conn.prepare("SELECT id, card_id, rating, at, interval_days FROM review ORDER BY seq")?;
    let rows = reviews.query_map([], |row| {
        Ok(ReviewLog {
            id: row.get(0)?,
            card_id: row.get(1)?,
            rating: parse_rating(2, &row.get::<_, String>(2)?)?,
            at: parse_time(3, &row.get::<_, String>(3)?)?,
            interval_days: row.get(4)?,
        })
    })?;
    for log in rows {
        let mut log = log?;
        if let Some(shared) = ids.get(&log.card_id) {
            log.card_id.clone_from(shared);
        } else {
            ids.insert(log.card_id.clone(), log.card_id.clone());
        }
        progress.log.push(log);
    }
    progress
        .log
        .sort_by(|a, b| (a.at, &a.card_id).cmp(&(b.at, &b.card_id)));
    if version >= 2 {
        let mut marks = conn.prepare(
            "SELECT card_id, suspended, leech, flag, buried_until, updated_at FROM card_mark",
        )?;
        let rows = marks.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, mark_from_row(1)(row)?))
        })?;
        for row in rows {
            let (id, mark) = row?;
            progress.marks.insert(id, mark);
        }
    }
    Ok(progress)
}

/// Reads `progress.toml`: `Err(reason)` inside if it is damaged.
fn read_legacy(path: &Path) -> Result<Result<Progress, String>, ProgressError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => return Err(io_err("cannot read the progress file", path)(e)),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err("it is not UTF-8 text".into()));
    };
    match Progress::from_toml(&text) {
        Ok(p) => Ok(Ok(p)),
        Err(ParseError::Newer(version)) => Err(ProgressError::Newer {
            path: path.to_path_buf(),
            version: i64::from(version),
            known: i64::from(SCHEMA_VERSION),
        }),
        Err(ParseError::Corrupt(reason)) => Ok(Err(first_line(&reason))),
    }
}

/// Renames `path` to a free `<name>.<what>-<timestamp>[-n]` beside it.
fn keep_aside(path: &Path, what: &str, now: OffsetDateTime) -> Result<PathBuf, ProgressError> {
    let stamp = compact_timestamp(now);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 0..1000 {
        let target = if n == 0 {
            dir.join(format!("{name}.{what}-{stamp}"))
        } else {
            dir.join(format!("{name}.{what}-{stamp}-{n}"))
        };
        if target.exists() {
            continue;
        }
        fs::rename(path, &target).map_err(io_err("cannot rename", path))?;
        sync_dir(dir)?;
        return Ok(target);
    }
    Err(ProgressError::Io {
        action: "cannot find a free name to keep",
        path: path.to_path_buf(),
        source: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Review ids: 128 random bits in hex, from the standard library's per-process random keys.
struct IdSeed {
    state: std::collections::hash_map::RandomState,
    n: u64,
}

impl IdSeed {
    fn new() -> IdSeed {
        IdSeed {
            state: std::collections::hash_map::RandomState::new(),
            n: 0,
        }
    }

    fn next(&mut self) -> String {
        self.n += 1;
        let mut a = self.state.build_hasher();
        a.write_u64(self.n);
        a.write_u32(std::process::id());
        let mut b = self.state.build_hasher();
        b.write_u64(!self.n);
        b.write_u64(a.finish());
        format!("{:016x}{:016x}", a.finish(), b.finish())
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s);
    line.trim().to_string()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync the folder", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), ProgressError> {
    Ok(())
}

/// `20250102T030405Z`: a UTC timestamp safe in file names (the time's own offset if it has no
/// UTC form, near the ends of the calendar).
pub fn compact_timestamp(t: OffsetDateTime) -> String {
    let t = t.checked_to_offset(time::UtcOffset::UTC).unwrap_or(t);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamp_for_file_names() {
        assert_eq!(
            compact_timestamp(datetime!(2025-01-02 03:04:05 +02:00)),
            "20250102T010405Z"
        );
    }

    #[test]
    fn review_ids_differ() {
        let mut seed = IdSeed::new();
        let a = seed.next();
        let b = seed.next();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_ne!(IdSeed::new().next(), a);
    }
}
