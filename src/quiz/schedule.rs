//! Scheduling with FSRS-6 (the `fsrs` crate, default parameters).
//!
//! Intervals are whole days (rounded, at least one); there are no learning steps. A card's
//! memory state (stability, difficulty), due date and last review are stored by
//! [`crate::progress`]; this module only computes the next state from the previous one, the
//! rating and `now`, which is always passed in.
//!
//! Days are counted on the calendar of `now`'s UTC offset: a card is due on its due *date*, and
//! the days elapsed since the last review are the number of midnights in between.

use std::fmt;

use fsrs::{FSRS, MemoryState};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::progress::{CardRecord, CardState};

/// The default desired retention: the probability of recall at which a card comes due.
pub const DEFAULT_RETENTION: f32 = 0.9;

/// The longest interval given, in days (100 years).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// How well the user recalled a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Forgot (1). Automatic grading gives this for a wrong answer.
    Again,
    /// Recalled with serious difficulty (2).
    Hard,
    /// Recalled (3). Automatic grading gives this for a right answer.
    Good,
    /// Recalled effortlessly (4).
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// 1 to 4, as FSRS and the keys number them.
    pub fn number(self) -> u8 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    /// The rating for a key or line `1`..`4`.
    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Scheduling failed: bad retention, or FSRS rejected a stored state.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("desired retention {0} is out of range; use a value from 0.7 to 0.99")]
    Retention(f32),
    #[error("the scheduler rejected the card's stored state: {0}")]
    Fsrs(String),
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
        let fsrs = FSRS::new(&[]).map_err(|e| ScheduleError::Fsrs(format!("{e:?}")))?;
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
            .map_err(|e| ScheduleError::Fsrs(format!("{e:?}")))?;
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
            due: now + Duration::days(i64::from(interval_days)),
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
    let days = (now.date() - earlier.to_offset(now.offset()).date()).whole_days();
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Whether a card due at `due` is due on `now`'s calendar day (or earlier).
pub fn is_due(due: OffsetDateTime, now: OffsetDateTime) -> bool {
    due.to_offset(now.offset()).date() <= now.date()
}
