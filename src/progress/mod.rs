//! Review progress: each card's schedule and the full review log, kept in `progress.toml` in
//! the data dir.
//!
//! The file is human-readable TOML with `schema_version = 1`, an array `[[card]]` of
//! [`CardRecord`]s and an array `[[review]]` of [`ReviewLog`]s. Records are keyed by stable card
//! ids and never deleted, so cards whose entries left the corpus keep their history.
//!
//! [`Store::save`] is durable and safe against other processes: under an exclusive lock on
//! `progress.lock` it reloads the file, merges (the union of the logs; for each card the state
//! with the latest review), writes a temporary file in the same folder, syncs it, renames it
//! over `progress.toml` and syncs the folder. A file that cannot be read or parsed is never
//! overwritten: it is renamed to `progress.toml.corrupt-<timestamp>` and a [`Warning`] says so.
//!
//! Three files, so that the store can change (to SQLite, say) without touching the rest:
//! `model` ([`Progress`] and its merge), `format` (the TOML file: [`Progress::to_toml`],
//! [`Progress::from_toml`]) and `store` ([`Store`]: lock, load, atomic save). The record types
//! themselves live in [`crate::review`], which the scheduler shares.

mod format;
mod model;
mod store;

pub use crate::review::{CardRecord, CardState, ReviewLog};
pub use format::{ParseError, SCHEMA_VERSION};
pub use model::Progress;
pub use store::{FILE_NAME, LOCK_NAME, Loaded, ProgressError, Store, Warning, compact_timestamp};

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
