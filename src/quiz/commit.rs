//! Committing an answer, and undoing one: the one way both shells (the TUI and
//! `archdeck quiz --plain`) save progress after a graded answer or take it back.

use time::OffsetDateTime;

use super::session::{Session, Undo};
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
    let (saved, warnings) = store.save_marked(session.pending(), session.pending_marks(), now)?;
    session.mark_saved(saved);
    Ok(warnings)
}

/// Undoes the session's last answer: a saved one in the store first (one transaction: the
/// review leaves the log, the card's record and mark go back), then in the session, which asks
/// the card again. A pending or cram answer is only dropped. `Ok(None)` if there is nothing to
/// undo; on an error nothing changed.
pub fn undo_answer(session: &mut Session, store: &Store) -> Result<Option<Undo>, ProgressError> {
    let Some(target) = session.undo_target() else {
        return Ok(None);
    };
    if let Some(id) = &target.review_id {
        store.undo(
            id,
            &target.card_id,
            target.previous.as_ref(),
            target.mark.as_ref(),
        )?;
    }
    Ok(session.undo())
}
