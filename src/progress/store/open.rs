//! Opening the database: creating, checking (`PRAGMA quick_check`) and migrating it by
//! `PRAGMA user_version`, keeping a damaged file aside, and importing an old `progress.toml`
//! once.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use time::OffsetDateTime;

use super::error::{ProgressError, Warning, db_err, io_err, is_corrupt};
use super::files::{keep_aside, sidecar, sync_dir};
use super::rows::{IdSeed, insert_review, put_card};
use super::{DB_VERSION, Store};
use crate::progress::format::{ParseError, SCHEMA_VERSION};
use crate::progress::model::Progress;
use crate::progress::rfc3339;

impl Store {
    pub(super) fn open_rw(
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
    pub(super) fn open_checked(&self, path: &Path, flags: OpenFlags) -> Result<Connection, Opened> {
        let fail = |e: rusqlite::Error, action: &'static str| {
            if is_corrupt(&e) {
                Opened::Corrupt(e.to_string())
            } else {
                Opened::Error(db_err(action, path)(e))
            }
        };
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| fail(e, "cannot open the progress file"))?;
        conn.busy_timeout(self.busy)
            .map_err(|e| fail(e, "cannot configure"))?;
        let read_only = !flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE);
        let quick_check = |conn: &Connection| -> rusqlite::Result<String> {
            conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
        };
        let check = match quick_check(&conn) {
            // A write-ahead-logged file in a folder this user cannot write: SQLite cannot make
            // the shared-memory file a reader needs. No archdeck of this user can be writing it
            // then, so a read-only command reads it as an unchanging file.
            Err(e) if read_only && cannot_write_beside(&e) => {
                conn = Connection::open_with_flags(immutable_uri(path), flags)
                    .map_err(|e| fail(e, "cannot open the progress file"))?;
                quick_check(&conn)
            }
            other => other,
        }
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
    pub(super) fn set_aside(
        &self,
        path: &Path,
        now: OffsetDateTime,
    ) -> Result<PathBuf, ProgressError> {
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
}

pub(super) enum Opened {
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

/// Reads `progress.toml`: `Err(reason)` inside if it is damaged.
pub(super) fn read_legacy(path: &Path) -> Result<Result<Progress, String>, ProgressError> {
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

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s);
    line.trim().to_string()
}

/// Whether SQLite failed because it could not create a file beside the database (a read-only
/// folder).
fn cannot_write_beside(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

/// A `file:` URI that opens `path` as immutable (no locks, no shared memory).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::immutable_uri;
    use std::path::Path;

    #[test]
    fn immutable_uris_escape_what_a_uri_would_read_as_syntax() {
        assert_eq!(
            immutable_uri(Path::new("/data/a?b#c%d/progress.sqlite3")),
            "file:/data/a%3fb%23c%25d/progress.sqlite3?immutable=1"
        );
    }

    /// The URI opens the file it names, read-only.
    #[test]
    fn an_immutable_uri_opens_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("odd ?#% name.sqlite3");
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (7);")
            .expect("write");
        drop(conn);
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let conn =
            rusqlite::Connection::open_with_flags(immutable_uri(&path), flags).expect("open");
        let x: i64 = conn
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .expect("read");
        assert_eq!(x, 7);
    }
}
