//! The store: `progress.sqlite3` in the data dir (SQLite through `rusqlite`, WAL,
//! `synchronous = FULL`). One transaction per save inserts the answers' reviews, each with its own
//! id, and updates their cards; nothing else is read or written. A file that is not a database
//! or fails `PRAGMA quick_check` is kept aside byte for byte and a new store started; a file that
//! cannot be opened (permissions, say) is reported and left alone. An old `progress.toml` is
//! imported once, in one transaction, and kept under another name.
//!
//! Its parts: `error` ([`Warning`], [`ProgressError`]), `open` (open, check, migrate, keep a
//! damaged file aside, import `progress.toml`), `write` (save, import, undo), `marks`,
//! `params` (the fitted FSRS parameters in `meta`), `rows` (cards and reviews to and from SQL)
//! and `files` (renaming aside, syncing).

mod error;
mod files;
mod marks;
mod open;
mod params;
mod rows;
mod write;

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use time::OffsetDateTime;

pub use error::{ProgressError, Warning};
pub use files::compact_timestamp;
pub use params::{FittedParams, check_params};
pub use write::Imported;

use super::model::Progress;
use error::{db_err, io_err, is_corrupt};
use open::{Opened, read_legacy};
use rows::read_all;

/// The progress database's name in the data dir.
pub const FILE_NAME: &str = "progress.sqlite3";
/// The progress file of archdeck before the SQLite store, imported once.
pub const LEGACY_FILE_NAME: &str = "progress.toml";
/// The database's schema version (`PRAGMA user_version`): 1 cards, reviews and meta; 2 adds
/// `card_mark` (suspended, leech, flag, buried until).
pub const DB_VERSION: i64 = 2;

/// Progress as loaded, with anything the user must be told.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<Warning>,
}

/// Where the store gets the time it stamps on a changed mark (`updated_at`).
#[derive(Clone)]
struct MarkClock(Arc<dyn Fn() -> OffsetDateTime + Send + Sync>);

impl fmt::Debug for MarkClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MarkClock")
    }
}

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

    /// Closes the connection (a later call opens it again).
    pub fn close(&self) {
        *self.conn.borrow_mut() = None;
    }
}
