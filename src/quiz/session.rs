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

use std::collections::{BTreeMap, HashSet, VecDeque};

use time::{Duration, OffsetDateTime};

use crate::corpus::Verdict;
use crate::progress::{CardRecord, CardState, Progress, ReviewLog};
use crate::quiz::cards::{Ask, Card, CardType, shuffle_choices};
use crate::quiz::schedule::{Rating, ScheduleError, Scheduled, Scheduler, fuzzed};
use crate::review::CardMark;

pub use super::plan::{Plan, SessionOptions, new_cards_today, plan};

/// What the session waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Reveal the answer of a self-rated card (Enter or space).
    Reveal,
    /// Rate recall, 1 to 4.
    Rate,
    /// Do or don't.
    Verdict,
    /// One of this many choices, 1 to n.
    Choose(usize),
    /// The card is answered (and must be saved); call [`Session::next_card`].
    Next,
    /// No cards left.
    Done,
}

/// An answer or action from the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Reveal,
    Rate(Rating),
    Verdict(Verdict),
    /// A 0-based choice.
    Choose(usize),
}

/// Where the current card is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Question,
    Revealed,
    Answered(Box<Answer>),
    Finished,
}

/// One graded answer: what the UI shows after it, and what the caller saves.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub card_id: String,
    pub rating: Rating,
    /// For automatically graded cards, whether the answer was right.
    pub correct: Option<bool>,
    /// The chosen option (0-based) or verdict, for automatically graded cards.
    pub chosen: Option<Input>,
    /// The card's new record; in cram mode, what it would have been.
    pub record: CardRecord,
    pub log: ReviewLog,
    /// Whether the card comes back later in this session.
    pub requeued: bool,
    /// Whether this answer must be saved (false in cram mode).
    pub save: bool,
    /// Whether this answer brought the card's lapses to `leech_lapses`: it is suspended and
    /// tagged a leech (saved with the answer) and does not come back.
    pub leech: bool,
}

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
struct Step {
    index: usize,
    rating: Rating,
    at: OffsetDateTime,
    save: bool,
    previous: Option<CardRecord>,
    /// `Some(mark before)` if the answer changed the card's mark.
    mark_before: Option<Option<CardMark>>,
    queue: VecDeque<usize>,
    reviewed: u32,
    correct: u32,
    answered: HashSet<usize>,
    wrong: Vec<Missed>,
    by_type: BTreeMap<CardType, (u32, u32)>,
}

/// The result of [`Session::answer`].
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Show the answer, then ask for a rating.
    Revealed,
    /// Graded. Save [`Session::progress`] if `answer.save`, show the feedback, then call
    /// [`Session::next_card`].
    Answered(Box<Answer>),
    /// The input does not fit; this is what is expected instead. Nothing changed.
    Rejected(Expect),
}

/// The end-of-session numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Answers given (a card answered twice counts twice).
    pub reviewed: u32,
    /// Answers not rated Again.
    pub correct: u32,
    /// Distinct cards answered.
    pub cards: u32,
    pub elapsed: Duration,
    /// When the deck's next card is due, once this session's cards are done.
    pub next_due: Option<OffsetDateTime>,
    /// How many of the deck's cards are due on that date.
    pub next_due_count: u32,
    pub cram: bool,
    /// Cards answered wrong (Again) at least once, in the order first missed.
    pub wrong: Vec<Missed>,
    /// Right answers and answers, by card type.
    pub by_type: BTreeMap<CardType, (u32, u32)>,
}

/// A card answered wrong in the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub card_id: String,
    pub entry_id: String,
    pub title: String,
    pub card_type: CardType,
}

impl Summary {
    /// The share of answers that were not Again, if any were given.
    pub fn accuracy(&self) -> Option<f64> {
        (self.reviewed > 0).then(|| f64::from(self.correct) / f64::from(self.reviewed))
    }

    /// The mean time per answer, if any were given.
    pub fn per_answer(&self) -> Option<Duration> {
        (self.reviewed > 0).then(|| self.elapsed / self.reviewed)
    }
}

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

    /// What the session waits for.
    pub fn expect(&self) -> Expect {
        match (&self.phase, self.current()) {
            (Phase::Finished, _) | (_, None) => Expect::Done,
            (Phase::Answered(_), _) => Expect::Next,
            (Phase::Revealed, _) => Expect::Rate,
            (Phase::Question, Some(card)) => match &card.ask {
                Ask::SelfRated => Expect::Reveal,
                Ask::Verdict(_) => Expect::Verdict,
                Ask::Choice { choices, .. } => Expect::Choose(choices.len()),
            },
        }
    }

    /// The interval in days each rating would give the current card, Again to Easy.
    pub fn preview(&self, now: OffsetDateTime) -> Option<[u32; 4]> {
        self.scheduler.preview(self.current_record(), now).ok()
    }

    /// Applies an input. Inputs that do not fit the phase are rejected without any change.
    pub fn answer(&mut self, input: Input, now: OffsetDateTime) -> Result<Outcome, ScheduleError> {
        let expect = self.expect();
        let Some(card) = self.current() else {
            return Ok(Outcome::Rejected(expect));
        };
        let (rating, correct) = match (expect, input, &card.ask) {
            (Expect::Reveal, Input::Reveal, _) => {
                self.phase = Phase::Revealed;
                return Ok(Outcome::Revealed);
            }
            (Expect::Rate, Input::Rate(r), _) => (r, None),
            (Expect::Verdict, Input::Verdict(v), Ask::Verdict(right)) => graded(v == *right),
            (Expect::Choose(n), Input::Choose(i), Ask::Choice { correct, .. }) if i < n => {
                graded(i == *correct)
            }
            _ => return Ok(Outcome::Rejected(expect)),
        };
        let chosen = correct.map(|_| input);
        let answer = self.grade(rating, correct, chosen, now)?;
        let answer = Box::new(answer);
        self.phase = Phase::Answered(answer.clone());
        Ok(Outcome::Answered(answer))
    }

    fn grade(
        &mut self,
        rating: Rating,
        correct: Option<bool>,
        chosen: Option<Input>,
        now: OffsetDateTime,
    ) -> Result<Answer, ScheduleError> {
        // Answers get distinct, increasing times even from a frozen or coarse clock, because
        // (card, time, rating) identifies an answer when logs are merged.
        let now = match self.last_answer {
            Some(last) if now <= last => crate::review::times::add(last, Duration::milliseconds(1)),
            _ => now,
        };
        self.last_answer = Some(now);
        let index = self.current.unwrap_or_default();
        let card = &self.cards[index];
        let prev = self.progress.get(&card.id);
        let s = self.scheduler.review(prev, rating, now)?;
        let step = Step {
            index,
            rating,
            at: crate::review::times::on(now, time::UtcOffset::UTC),
            save: !self.options.cram,
            previous: prev.cloned(),
            mark_before: None,
            queue: self.queue.clone(),
            reviewed: self.reviewed,
            correct: self.correct,
            answered: self.answered.clone(),
            wrong: self.wrong.clone(),
            by_type: self.by_type.clone(),
        };
        let prev_lapses = prev.map_or(0, |r| r.lapses);
        // `now` is in the user's day offset, which only dates things; what is stored is UTC.
        let now = crate::review::times::on(now, time::UtcOffset::UTC);
        // Fuzz spreads cards learnt together over neighbouring days (not in the log's replay of
        // FSRS, which sees the real elapsed days at the next review anyway).
        let reps = s.reps.to_string();
        let interval_days = fuzzed(s.interval_days, &[&card.id, &reps]);
        let s = Scheduled {
            due: crate::review::times::on(
                crate::review::times::add(
                    s.due,
                    Duration::days(i64::from(interval_days) - i64::from(s.interval_days)),
                ),
                time::UtcOffset::UTC,
            ),
            interval_days,
            ..s
        };
        let record = CardRecord {
            card_id: card.id.clone(),
            entry_id: card.entry_id.clone(),
            state: s.state,
            due: s.due,
            stability: s.stability,
            difficulty: s.difficulty,
            reps: s.reps,
            lapses: s.lapses,
            last_review: now,
            content_hash: card.content_hash.clone(),
        };
        let log = ReviewLog {
            id: String::new(),
            card_id: card.id.clone(),
            rating,
            at: now,
            interval_days: s.interval_days,
        };
        let save = !self.options.cram;
        let mut step = step;
        let threshold = self.options.leech_lapses;
        let leech = save && threshold > 0 && prev_lapses < threshold && record.lapses >= threshold;
        if save {
            self.progress.apply(record.clone(), log.clone());
            self.pending.push((record.clone(), log.clone()));
        }
        if leech {
            let before = self.progress.mark(&card.id).cloned();
            let mark = CardMark {
                suspended: true,
                leech: true,
                updated_at: Some(now),
                ..before.clone().unwrap_or_default()
            };
            self.progress.marks.insert(card.id.clone(), mark.clone());
            self.pending_marks.push((card.id.clone(), mark));
            self.removed.insert(index);
            step.mark_before = Some(before);
        }
        self.steps.push(step);
        self.reviewed += 1;
        self.correct += u32::from(rating != Rating::Again);
        self.answered.insert(index);
        let slot = self.by_type.entry(card.card_type).or_default();
        slot.0 += u32::from(rating != Rating::Again);
        slot.1 += 1;
        if rating == Rating::Again && !self.wrong.iter().any(|m| m.card_id == card.id) {
            self.wrong.push(Missed {
                card_id: card.id.clone(),
                entry_id: card.entry_id.clone(),
                title: card.title.clone(),
                card_type: card.card_type,
            });
        }
        let requeued = rating == Rating::Again && !leech;
        if requeued {
            let at = self.options.requeue_after.min(self.queue.len());
            self.queue.insert(at, index);
        }
        Ok(Answer {
            card_id: card.id.clone(),
            rating,
            correct,
            chosen,
            record,
            log,
            requeued,
            save,
            leech,
        })
    }

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

    /// The numbers to show at the end (or at any time).
    pub fn summary(&self, now: OffsetDateTime) -> Summary {
        let mut next_due: Option<OffsetDateTime> = None;
        let mut dues = Vec::new();
        for card in &self.cards {
            if let Some(r) = self.progress.get(&card.id) {
                dues.push(r.due);
                next_due = Some(next_due.map_or(r.due, |d| d.min(r.due)));
            }
        }
        let next_due_count = next_due.map_or(0, |first| {
            let day = crate::review::times::on(first, now.offset()).date();
            dues.iter()
                .filter(|d| crate::review::times::on(**d, now.offset()).date() <= day)
                .count()
        });
        Summary {
            reviewed: self.reviewed,
            correct: self.correct,
            cards: u32::try_from(self.answered.len()).unwrap_or(u32::MAX),
            elapsed: now - self.started,
            next_due,
            next_due_count: u32::try_from(next_due_count).unwrap_or(u32::MAX),
            cram: self.options.cram,
            wrong: self.wrong.clone(),
            by_type: self.by_type.clone(),
        }
    }

    /// The state a card would be in: its record's, or new.
    pub fn state_of(&self, card: &Card) -> CardState {
        self.progress
            .get(&card.id)
            .map_or(CardState::New, |r| r.state)
    }
}

fn graded(right: bool) -> (Rating, Option<bool>) {
    if right {
        (Rating::Good, Some(true))
    } else {
        (Rating::Again, Some(false))
    }
}
