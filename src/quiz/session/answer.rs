//! Answering the current card: what the session expects ([`Expect`]), the user's [`Input`],
//! and grading it into an [`Answer`] (scheduled, logged, queued again after Again, suspended as
//! a leech at `leech_lapses`).

use time::{Duration, OffsetDateTime};

use super::{Missed, Session, Step};
use crate::corpus::Verdict;
use crate::progress::{CardRecord, ReviewLog};
use crate::quiz::cards::Ask;
use crate::quiz::schedule::{Rating, ScheduleError, Scheduled, fuzzed};
use crate::review::CardMark;

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

impl Session {
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
        let record = s.record(&card.id, &card.entry_id, &card.content_hash, now);
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
}

fn graded(right: bool) -> (Rating, Option<bool>) {
    if right {
        (Rating::Good, Some(true))
    } else {
        (Rating::Again, Some(false))
    }
}
