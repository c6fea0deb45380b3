//! Scheduling with FSRS-6 (the `fsrs` crate): default parameters, or those `archdeck optimize`
//! fitted to the user's reviews ([`crate::quiz::optimize`]).
//!
//! Intervals are whole days (rounded, at least one); there are no learning steps. A card's
//! memory state (stability, difficulty), due date and last review are stored by
//! [`crate::progress`]; this module only computes the next state from the previous one, the
//! rating and `now`, which is always passed in.
//!
//! Days are counted on the calendar of `now`'s UTC offset: a card is due on its due *date*, and
//! the days elapsed since the last review are the number of midnights in between. The shells
//! pass `now` in the user's *day offset* ([`day_offset`]: the local offset moved back by the hour
//! the day starts at), so that these midnights are the user's day boundaries; what is stored
//! is in UTC.

use fsrs::{FSRS, MemoryState};
use time::{Duration, OffsetDateTime, UtcOffset};

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

impl Scheduled {
    /// The card's stored record after this review at `at`.
    pub fn record(
        &self,
        card_id: &str,
        entry_id: &str,
        content_hash: &str,
        at: OffsetDateTime,
    ) -> CardRecord {
        CardRecord {
            card_id: card_id.to_string(),
            entry_id: entry_id.to_string(),
            state: self.state,
            due: self.due,
            stability: self.stability,
            difficulty: self.difficulty,
            reps: self.reps,
            lapses: self.lapses,
            last_review: at,
            content_hash: content_hash.to_string(),
        }
    }
}

/// FSRS with default or fitted parameters and a desired retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    retention: f32,
}

impl Scheduler {
    /// A scheduler with FSRS-6 default parameters. `desired_retention` must be in 0.7..=0.99.
    pub fn new(desired_retention: f32) -> Result<Scheduler, ScheduleError> {
        Scheduler::with_params(desired_retention, None)
    }

    /// A scheduler with the given FSRS-6 parameters (fitted by `archdeck optimize`), or the
    /// defaults for `None`.
    pub fn with_params(
        desired_retention: f32,
        params: Option<&[f32]>,
    ) -> Result<Scheduler, ScheduleError> {
        if !(0.7..=0.99).contains(&desired_retention) {
            return Err(ScheduleError::Retention(desired_retention));
        }
        let fsrs =
            FSRS::new(params.unwrap_or(&[])).map_err(|e| ScheduleError::Fsrs(fsrs_words(&e)))?;
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

/// `days` with a small deterministic fuzz, as Anki's: intervals of three days or more move by up
/// to about 15% (5% beyond 20 days), so that cards learnt together come due on different days.
/// `key` (the card id and its review count) picks the day, so replaying gives the same date.
pub fn fuzzed(days: u32, key: &[&str]) -> u32 {
    if days < 3 {
        return days;
    }
    let iv = f64::from(days);
    let delta = 1.0
        + 0.15 * (iv.min(7.0) - 2.5)
        + 0.1 * (iv.min(20.0) - 7.0).max(0.0)
        + 0.05 * (iv - 20.0).max(0.0);
    let lo = (iv - delta).round().max(2.0) as u32;
    let hi = ((iv + delta).round() as u32).min(MAX_INTERVAL_DAYS);
    if hi <= lo {
        return days;
    }
    let pick = crate::quiz::text::mix(0x0f0f_f0f0, key) % u64::from(hi - lo + 1);
    lo + u32::try_from(pick).unwrap_or(0)
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

/// The latest hour a day may start at (`day_starts_at` in the config).
pub const MAX_DAY_START: u8 = 12;

/// The offset whose calendar dates are the user's days: `local` moved back by `day_starts_at`
/// hours (0 to [`MAX_DAY_START`]), so that with the default 4, 02:00 local still belongs to the
/// day before, as in Anki. Times in this offset are the same instants, only dated differently.
pub fn day_offset(local: UtcOffset, day_starts_at: u8) -> UtcOffset {
    let hours = i32::from(day_starts_at.min(MAX_DAY_START));
    UtcOffset::from_whole_seconds(local.whole_seconds() - hours * 3600).unwrap_or(local)
}

/// The start of the day after `now`'s, where `now` is in the user's day offset (see
/// [`day_offset`]): midnight of the next date in that offset. Burying until tomorrow uses it.
pub fn next_day_start(now: OffsetDateTime) -> OffsetDateTime {
    match now.date().next_day() {
        Some(date) => date.midnight().assume_offset(now.offset()),
        None => crate::review::times::MAX,
    }
}
