//! Review progress: each card's schedule and the full review log, kept in `progress.sqlite3`
//! (SQLite, WAL, `synchronous = FULL`) in the data dir.
//!
//! Each save is one transaction that inserts the answers' reviews, each with its own id, and
//! updates their cards; nothing is re-read or rewritten, so an answer costs the same at any
//! history size, and several processes can answer at once (SQLite's locking, with a busy
//! timeout). Records are keyed by stable card ids and never deleted, so cards whose entries
//! left the corpus keep their history.
//!
//! Three parts: `model` ([`Progress`], the in-memory copy a session plans from, and its merge),
//! `format` (the old `progress.toml`, imported once, and read by read-only commands when there
//! is no database yet) and `store/` ([`Store`]: open, check, migrate, save, import; one file
//! each for errors, opening, writes, marks, fitted parameters, rows and file helpers). The
//! record types themselves live in [`crate::review`], which the scheduler shares.

mod format;
mod model;
mod store;

pub use crate::review::{CardRecord, CardState, ReviewLog};
pub use format::{ParseError, SCHEMA_VERSION};
pub use model::Progress;
pub use store::{
    DB_VERSION, FILE_NAME, FittedParams, Imported, LEGACY_FILE_NAME, Loaded, ProgressError, Store,
    Warning, check_params, compact_timestamp,
};

/// RFC 3339 times (`2025-01-02T03:04:05Z`), as the progress file and `--json` outputs write
/// them; the file's serde goes through `time::serde::rfc3339`.
pub mod rfc3339 {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    /// Formats a time as RFC 3339.
    pub fn format(t: OffsetDateTime) -> Result<String, time::error::Format> {
        t.format(&Rfc3339)
    }

    /// Parses an RFC 3339 time.
    pub fn parse(s: &str) -> Result<OffsetDateTime, time::error::Parse> {
        OffsetDateTime::parse(s.trim(), &Rfc3339)
    }
}
