//! The quiz session: a pure state machine that the TUI and `archdeck quiz --plain` both drive.
//!
//! ```text
//!            Reveal               Rate(r)
//! Question ─────────▶ Revealed ───────────▶ Answered ── next_card() ──▶ Question (next card)
//!     │                                        ▲                        or Finished
//!     └── Verdict(d|n) / Choose(i) ────────────┘  graded: right = Good, wrong = Again
//! ```
//!
//! The session never reads the clock or touches files. Each call takes `now`; when
//! [`Session::answer`] returns [`Outcome::Answered`], the caller saves [`Session::progress`]
//! (unless in cram mode) and only then calls [`Session::next_card`], so that every answer is on
//! disk before the next card appears. A card answered Again is queued again a few cards later; that
//! second answer is a real review too (FSRS handles same-day reviews).
//!
//! The vocabulary of answering and grading is in `answer`, undo in `undo`, the end-of-session
//! numbers in `summary`; all are re-exported here.

mod answer;
mod summary;
mod undo;

use std::collections::{BTreeMap, HashSet, VecDeque};

use time::OffsetDateTime;

use crate::progress::{CardRecord, CardState, Progress, ReviewLog};
use crate::quiz::cards::{Card, CardType, shuffle_choices};
use crate::quiz::schedule::{ScheduleError, Scheduler};
use crate::review::CardMark;

pub use super::plan::{Plan, SessionOptions, new_cards_today, plan};
pub use answer::{Answer, Expect, Input, Outcome, Phase};
pub use summary::{Missed, Summary};
use undo::Step;
pub use undo::Undo;

/// A running quiz.
#[derive(Debug, Clone)]
pub struct Session {
    cards: Vec<Card>,
    progress: Progress,
    scheduler: Scheduler,
    options: SessionOptions,
    plan: Plan,
    queue: VecDeque<usize>,
    current: Option<usize>,
    phase: Phase,
    started: OffsetDateTime,
    reviewed: u32,
    correct: u32,
    answered: HashSet<usize>,
    last_answer: Option<OffsetDateTime>,
    /// Cards shown so far, counting repeats: seeds the order of each showing's options.
    shows: u64,
    wrong: Vec<Missed>,
    by_type: BTreeMap<CardType, (u32, u32)>,
    /// Answers not yet saved, oldest first: the caller saves them and calls
    /// [`Session::mark_saved`]; a failed save leaves them here for the next one.
    pending: Vec<(CardRecord, ReviewLog)>,
    /// Marks the pending answers set (a leech's suspension), saved with them.
    pending_marks: Vec<(String, CardMark)>,
    /// This session's answers, oldest first, for undo.
    steps: Vec<Step>,
    /// Cards taken out of the session (suspended, buried, leeches): never shown again in it.
    removed: HashSet<usize>,
}

impl Session {
    /// A session over `cards` (usually one deck's), planned from `progress` at `now`. The first
    /// card is current at once.
    pub fn new(
        cards: Vec<Card>,
        progress: Progress,
        now: OffsetDateTime,
        options: SessionOptions,
    ) -> Result<Session, ScheduleError> {
        let scheduler =
            Scheduler::with_params(options.desired_retention, options.params.as_deref())?;
        let plan = plan(&cards, &progress, now, &options);
        let queue: VecDeque<usize> = plan.order().collect();
        let mut session = Session {
            cards,
            progress,
            scheduler,
            options,
            plan,
            queue,
            current: None,
            phase: Phase::Finished,
            started: now,
            reviewed: 0,
            correct: 0,
            answered: HashSet::new(),
            last_answer: None,
            shows: 0,
            wrong: Vec::new(),
            by_type: BTreeMap::new(),
            pending: Vec::new(),
            pending_marks: Vec::new(),
            steps: Vec::new(),
            removed: HashSet::new(),
        };
        session.advance();
        Ok(session)
    }

    fn advance(&mut self) {
        // `limit` counts answers, so that Again cards coming back cannot prolong the session.
        let limit_reached = self
            .options
            .limit
            .is_some_and(|n| self.reviewed as usize >= n);
        self.current = if limit_reached {
            None
        } else {
            self.queue.pop_front()
        };
        self.show();
    }

    /// Shows the current card (if any) as a new question.
    fn show(&mut self) {
        if let Some(i) = self.current {
            // Options in a new order at each showing.
            self.shows += 1;
            let seed = self.options.seed ^ self.shows.wrapping_mul(0x2545_f491_4f6c_dd1d);
            shuffle_choices(&mut self.cards[i].ask, seed);
        }
        self.phase = if self.current.is_some() {
            Phase::Question
        } else {
            Phase::Finished
        };
    }

    /// The card being asked, if any.
    pub fn current(&self) -> Option<&Card> {
        self.current.map(|i| &self.cards[i])
    }

    /// The current card's stored record (`None` if it is new).
    pub fn current_record(&self) -> Option<&CardRecord> {
        self.current().and_then(|c| self.progress.get(&c.id))
    }

    /// Whether the current card's text changed since its last review.
    pub fn current_changed(&self) -> bool {
        match (self.current(), self.current_record()) {
            (Some(card), Some(record)) => record.content_hash != card.content_hash,
            _ => false,
        }
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn options(&self) -> &SessionOptions {
        &self.options
    }

    /// Progress including this session's answers (unchanged in cram mode).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Replaces the progress snapshot, e.g. with the merged result of a save, which may hold
    /// other processes' reviews. (Answers already given stay undoable.)
    pub fn adopt(&mut self, progress: Progress) {
        if !self.options.cram {
            self.progress = progress;
        }
    }

    /// Answers given but not yet saved, oldest first (never in cram mode).
    pub fn pending(&self) -> &[(CardRecord, ReviewLog)] {
        &self.pending
    }

    /// Marks set by the pending answers (a leech's suspension), to save with them.
    pub fn pending_marks(&self) -> &[(String, CardMark)] {
        &self.pending_marks
    }

    /// Records that the pending answers were saved, as `saved` (the same reviews with their
    /// ids): they are no longer pending, and the session's log carries their ids.
    pub fn mark_saved(&mut self, saved: Vec<ReviewLog>) {
        self.pending.clear();
        self.pending_marks.clear();
        for log in saved {
            if let Some(mine) = self
                .progress
                .log
                .iter_mut()
                .rev()
                .find(|l| l.id.is_empty() && l.card_id == log.card_id && l.at == log.at)
            {
                mine.id = log.id;
            }
        }
    }

    /// Cards answered so far (distinct) and cards still to come, including requeued ones and
    /// the current one if unanswered.
    pub fn counts(&self) -> (usize, usize) {
        let current = usize::from(matches!(self.phase, Phase::Question | Phase::Revealed));
        let mut left = self.queue.len() + current;
        if let Some(limit) = self.options.limit {
            left = left.min(limit.saturating_sub(self.reviewed as usize));
        }
        (self.answered.len(), left)
    }

    /// Answers given so far (a card answered twice counts twice).
    pub fn answers(&self) -> u32 {
        self.reviewed
    }

    /// Takes the current card out of the session with its new `mark` (after the caller stored
    /// it: suspended or buried) and moves on to the next card. Returns the card taken out.
    pub fn set_aside_current(&mut self, mark: CardMark) -> Option<Card> {
        let index = self.current?;
        let card = self.cards[index].clone();
        self.progress.marks.insert(card.id.clone(), mark);
        self.removed.insert(index);
        self.queue.retain(|i| *i != index);
        self.advance();
        Some(card)
    }

    /// Records a card's new mark (after the caller stored it), such as a flag.
    pub fn set_mark(&mut self, card_id: &str, mark: CardMark) {
        self.progress.marks.insert(card_id.to_string(), mark);
    }

    /// The current card's mark, if it has one.
    pub fn current_mark(&self) -> Option<&CardMark> {
        self.current().and_then(|c| self.progress.mark(&c.id))
    }

    /// Moves on from an answered card. Returns the next card, or `None` when the session is
    /// over. Does nothing before the current card is answered.
    pub fn next_card(&mut self) -> Option<&Card> {
        if matches!(self.phase, Phase::Answered(_)) {
            self.advance();
        }
        self.current()
    }

    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Finished
    }

    /// The state a card would be in: its record's, or new.
    pub fn state_of(&self, card: &Card) -> CardState {
        self.progress
            .get(&card.id)
            .map_or(CardState::New, |r| r.state)
    }
}
