//! Committing an answer: the one way both shells (the TUI and `archdeck quiz --plain`) save
//! progress after a graded answer.

use time::OffsetDateTime;

use super::session::Session;
use crate::progress::{ProgressError, Store, Warning};

/// Saves the session's progress durably, merged with what is on disk, then adopts the merged
/// progress into the session (so answers from another process count too). Returns anything the
/// user must be told. On an error nothing is adopted and the answer stays in the session's
/// progress, to be merged into the next save.
pub fn commit_answer(
    session: &mut Session,
    store: &Store,
    now: OffsetDateTime,
) -> Result<Vec<Warning>, ProgressError> {
    let saved = store.save(session.progress(), now)?;
    session.adopt(saved.progress);
    Ok(saved.warnings)
}
