//! Scheduling with FSRS-6 (the `fsrs` crate, default parameters).
//!
//! Intervals are whole days (rounded, at least one); there are no learning steps. A card's
//! memory state (stability, difficulty), due date and last review are stored by
//! [`crate::progress`]; this module only computes the next state from the previous one, the
//! rating and `now`, which is always passed in.
//!
//! Days are counted on the calendar of `now`'s UTC offset: a card is due on its due *date*, and
//! the days elapsed since the last review are the number of midnights in between.

use fsrs::{FSRS, MemoryState};
use time::{Duration, OffsetDateTime};

pub use crate::review::Rating;
use crate::review::{CardRecord, CardState};

/// The default desired retention: the probability of recall at which a card comes due.
pub const DEFAULT_RETENTION: f32 = 0.9;

/// The longest interval given, in days (100 years).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// Scheduling failed: bad retention, or FSRS rejected a stored state.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("desired retention {0} is out of range; use a value from 0.7 to 0.99")]
    Retention(f32),
    #[error("the scheduler rejected the card's stored state: {0}")]
    Fsrs(String),
}

/// An FSRS error in words, for users (`FSRSError` has no `Display`).
fn fsrs_words(e: &fsrs::FSRSError) -> String {
    match e {
        fsrs::FSRSError::NotEnoughData => "not enough review data",
        fsrs::FSRSError::Interrupted => "the computation was interrupted",
        fsrs::FSRSError::InvalidParameters => "the scheduling parameters are invalid",
        fsrs::FSRSError::OptimalNotFound => "no optimal parameters were found",
        fsrs::FSRSError::InvalidInput => {
            "the stored stability or difficulty is out of range; delete the card's record in the progress file to start it afresh"
        }
        fsrs::FSRSError::InvalidDeckSize => "the deck size is invalid",
    }
    .to_string()
}

/// A card's schedule after one review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduled {
    pub state: CardState,
    pub stability: f32,
    pub difficulty: f32,
    /// Whole days until the card is due again (at least 1).
    pub interval_days: u32,
    pub due: OffsetDateTime,
    pub reps: u32,
    pub lapses: u32,
}

/// FSRS with default parameters and a desired retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    retention: f32,
}

impl Scheduler {
    /// A scheduler with FSRS-6 default parameters. `desired_retention` must be in 0.7..=0.99.
    pub fn new(desired_retention: f32) -> Result<Scheduler, ScheduleError> {
        if !(0.7..=0.99).contains(&desired_retention) {
            return Err(ScheduleError::Retention(desired_retention));
        }
        let fsrs = FSRS::new(&[]).map_err(|e| ScheduleError::Fsrs(fsrs_words(&e)))?;
        Ok(Scheduler {
            fsrs,
            retention: desired_retention,
        })
    }

    pub fn desired_retention(&self) -> f32 {
        self.retention
    }

    /// The interval in days each rating would give, Again to Easy.
    pub fn preview(
        &self,
        prev: Option<&CardRecord>,
        now: OffsetDateTime,
    ) -> Result<[u32; 4], ScheduleError> {
        let mut out = [0; 4];
        for (slot, rating) in out.iter_mut().zip(Rating::ALL) {
            *slot = self.review(prev, rating, now)?.interval_days;
        }
        Ok(out)
    }

    /// The schedule after rating a card whose previous state is `prev` (`None` for a new card).
    pub fn review(
        &self,
        prev: Option<&CardRecord>,
        rating: Rating,
        now: OffsetDateTime,
    ) -> Result<Scheduled, ScheduleError> {
        let memory = prev.map(|p| MemoryState {
            stability: p.stability,
            difficulty: p.difficulty,
        });
        let elapsed = prev.map_or(0, |p| days_between(p.last_review, now));
        let next = self
            .fsrs
            .next_states(memory, self.retention, elapsed)
            .map_err(|e| ScheduleError::Fsrs(fsrs_words(&e)))?;
        let item = match rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        let interval_days = whole_days(item.interval);
        let prev_state = prev.map_or(CardState::New, |p| p.state);
        let state = match (prev_state, rating) {
            (CardState::New | CardState::Learning, Rating::Again) => CardState::Learning,
            (CardState::Review | CardState::Relearning, Rating::Again) => CardState::Relearning,
            (_, _) => CardState::Review,
        };
        let lapse = u32::from(prev_state == CardState::Review && rating == Rating::Again);
        Ok(Scheduled {
            state,
            stability: item.memory.stability,
            difficulty: item.memory.difficulty,
            interval_days,
            due: crate::review::times::add(now, Duration::days(i64::from(interval_days))),
            reps: prev.map_or(0, |p| p.reps) + 1,
            lapses: prev.map_or(0, |p| p.lapses) + lapse,
        })
    }
}

/// An FSRS interval rounded to whole days, at least 1 and at most [`MAX_INTERVAL_DAYS`].
pub fn whole_days(interval: f32) -> u32 {
    if !interval.is_finite() {
        return 1;
    }
    interval.round().clamp(1.0, MAX_INTERVAL_DAYS as f32) as u32
}

/// Calendar days from `earlier` to `now`, on `now`'s UTC offset; 0 if `earlier` is later.
pub fn days_between(earlier: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let days = (now.date() - crate::review::times::on(earlier, now.offset()).date()).whole_days();
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Whether a card due at `due` is due on `now`'s calendar day (or earlier).
pub fn is_due(due: OffsetDateTime, now: OffsetDateTime) -> bool {
    crate::review::times::on(due, now.offset()).date() <= now.date()
}
