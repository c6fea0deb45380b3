//! Committing an answer: the one way both shells (the TUI and `archdeck quiz --plain`) save
//! progress after a graded answer.

use time::OffsetDateTime;

use super::session::Session;
use crate::progress::{ProgressError, Store, Warning};

/// Saves the session's pending answers (the one just given, and any whose save failed before)
/// in one transaction. Only when that commits are they no longer pending; on an error they stay
/// pending, to be saved with the next answer or on quit. Returns anything the user must be told.
pub fn commit_answer(
    session: &mut Session,
    store: &Store,
    now: OffsetDateTime,
) -> Result<Vec<Warning>, ProgressError> {
    if session.pending().is_empty() {
        return Ok(Vec::new());
    }
    let (saved, warnings) = store.save(session.pending(), now)?;
    session.mark_saved(saved);
    Ok(warnings)
}
