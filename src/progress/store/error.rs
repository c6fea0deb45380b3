//! What can go wrong: [`Warning`]s the user is told while work goes on, [`ProgressError`]s
//! that stop it, and the helpers that turn I/O and SQLite errors into them.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::FILE_NAME;

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
///
/// Each message holds its cause's own, so the cause is not also a [`std::error::Error::source`]:
/// a chain printed whole (`{:#}`) would say it twice (`…: Is a directory (os error 21): Is a
/// directory (os error 21)`).
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{action} {}: {error}", crate::sanitize::line(&path.display().to_string()))]
    Io {
        action: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("{action} {}: {error}", crate::sanitize::line(&path.display().to_string()))]
    Db {
        action: &'static str,
        path: PathBuf,
        error: rusqlite::Error,
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

pub(super) fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |error| ProgressError::Io {
        action,
        path,
        error,
    }
}

pub(super) fn db_err(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(rusqlite::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |error| {
        if is_busy(&error) {
            ProgressError::Busy { path }
        } else {
            ProgressError::Db {
                action,
                path,
                error,
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

pub(super) fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}
