//! Undoing the last answer: the [`Undo`] a caller applies to the store, and the [`Step`] each
//! answer leaves behind so that the session can go back to how it was before it.

use std::collections::{BTreeMap, HashSet, VecDeque};

use time::OffsetDateTime;

use super::{Missed, Session};
use crate::progress::CardRecord;
use crate::quiz::cards::CardType;
use crate::quiz::schedule::Rating;
use crate::review::CardMark;

/// What undoing the last answer changes: the caller undoes it in the store first (if
/// `review_id` is set), then calls [`Session::undo`].
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub card_id: String,
    pub entry_id: String,
    pub rating: Rating,
    /// The saved review to delete from the store; `None` for an answer never saved (pending, or
    /// cram), which is simply dropped.
    pub review_id: Option<String>,
    /// The card's record before the answer (`None`: it was new).
    pub previous: Option<CardRecord>,
    /// The card's mark before the answer, where the answer changed it (a leech's suspension).
    pub mark: Option<CardMark>,
}

/// The session as it was before one answer, to go back to.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub(super) index: usize,
    pub(super) rating: Rating,
    pub(super) at: OffsetDateTime,
    pub(super) save: bool,
    pub(super) previous: Option<CardRecord>,
    /// `Some(mark before)` if the answer changed the card's mark.
    pub(super) mark_before: Option<Option<CardMark>>,
    pub(super) queue: VecDeque<usize>,
    pub(super) reviewed: u32,
    pub(super) correct: u32,
    pub(super) answered: HashSet<usize>,
    pub(super) wrong: Vec<Missed>,
    pub(super) by_type: BTreeMap<CardType, (u32, u32)>,
}

impl Session {
    /// Whether there is an answer of this session to undo.
    pub fn can_undo(&self) -> bool {
        !self.steps.is_empty()
    }

    /// What undoing the last answer would change, if there is one: see [`Undo`].
    pub fn undo_target(&self) -> Option<Undo> {
        let step = self.steps.last()?;
        let card = &self.cards[step.index];
        let pending = self
            .pending
            .iter()
            .any(|(_, l)| l.card_id == card.id && l.at == step.at);
        let review_id = if step.save && !pending {
            self.progress
                .log
                .iter()
                .rev()
                .find(|l| l.card_id == card.id && l.at == step.at)
                .map(|l| l.id.clone())
                .filter(|id| !id.is_empty())
        } else {
            None
        };
        Some(Undo {
            card_id: card.id.clone(),
            entry_id: card.entry_id.clone(),
            rating: step.rating,
            review_id,
            previous: step.previous.clone(),
            mark: step
                .mark_before
                .as_ref()
                .map(|m| m.clone().unwrap_or_default()),
        })
    }

    /// Undoes the last answer in the session (the caller has undone it in the store, if it was
    /// saved): the card's record and mark go back to what they were, its review leaves the log
    /// (or the pending answers), the counts and the queue go back, and the card is asked again.
    pub fn undo(&mut self) -> Option<Undo> {
        let target = self.undo_target()?;
        let step = self.steps.pop()?;
        if step.save {
            let id = &target.card_id;
            match &step.previous {
                Some(record) => {
                    self.progress.cards.insert(id.clone(), record.clone());
                }
                None => {
                    self.progress.cards.remove(id);
                }
            }
            if let Some(i) = self
                .progress
                .log
                .iter()
                .rposition(|l| &l.card_id == id && l.at == step.at)
            {
                self.progress.log.remove(i);
            }
            if let Some(i) = self
                .pending
                .iter()
                .rposition(|(_, l)| &l.card_id == id && l.at == step.at)
            {
                self.pending.remove(i);
            }
            if let Some(before) = &step.mark_before {
                if let Some(i) = self.pending_marks.iter().rposition(|(c, _)| c == id) {
                    self.pending_marks.remove(i);
                }
                match before {
                    Some(mark) => {
                        self.progress.marks.insert(id.clone(), mark.clone());
                    }
                    None => {
                        self.progress.marks.remove(id);
                    }
                }
                self.removed.remove(&step.index);
            }
        }
        let removed = &self.removed;
        self.queue = step
            .queue
            .into_iter()
            .filter(|i| !removed.contains(i))
            .collect();
        self.reviewed = step.reviewed;
        self.correct = step.correct;
        self.answered = step.answered;
        self.wrong = step.wrong;
        self.by_type = step.by_type;
        self.current = Some(step.index);
        self.show();
        Some(target)
    }
}
