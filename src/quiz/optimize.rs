//! Fitting FSRS-6 parameters to the user's own review log (`archdeck optimize`), with the
//! `fsrs` crate's optimiser, and measuring how well parameters predict the log.
//!
//! The log becomes the crate's training items as Anki builds them: per card, in time order,
//! each review after the first gives one item holding that card's history up to and including
//! it, with `delta_t` the calendar days since the card's previous review (on the user's days,
//! see [`crate::quiz::schedule::days_between`]). Only items whose last review came on a later
//! day than the one before count (a same-day repeat after Again is kept in later histories,
//! as short-term memory, but is not predicted). Items are ordered by the time of their last
//! review, since the crate weights recent ones more.
//!
//! Nothing here touches files or the clock: the shell passes the log, the day offset, the
//! current parameters and, if it wants to show progress, a shared progress state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fsrs::{
    CombinedProgressState, ComputeParametersInput, DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview,
};
use time::{OffsetDateTime, UtcOffset};

use crate::quiz::schedule::days_between;
use crate::review::{ReviewLog, times};

/// The fewest counted reviews (see the module docs) `archdeck optimize` fits on. The crate
/// itself returns the defaults below 8 training items and only re-estimates the initial
/// stabilities below 64 (after dropping outliers); 400 reviews give the 21 parameters enough
/// data not to chase noise.
pub const MIN_REVIEWS: usize = 400;

/// The log as the crate's training items.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub items: Vec<FSRSItem>,
    /// Each item's card, as a number (aligned with `items`).
    pub card_ids: Vec<i64>,
    /// Distinct cards with at least one item.
    pub cards: usize,
}

impl Dataset {
    /// The reviews that count towards a fit.
    pub fn reviews(&self) -> usize {
        self.items.len()
    }
}

/// How well parameters predict the log: lower is better for both.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Metrics {
    /// Weighted binary cross-entropy of the predicted recall against what happened.
    pub log_loss: f32,
    /// Root mean square error between predicted and actual recall, over bins of similar
    /// reviews (the crate's RMSE (bins)).
    pub rmse: f32,
}

/// The result of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The current parameters on the log.
    pub before: Metrics,
    /// The fitted parameters on the log.
    pub after: Metrics,
    pub params: Vec<f32>,
    /// Reviews the fit used.
    pub reviews: usize,
    pub cards: usize,
}

impl Fit {
    /// Whether the fitted parameters predict the log better (lower log loss) than the current
    /// ones: only then are they worth storing.
    pub fn improved(&self) -> bool {
        self.after.log_loss < self.before.log_loss
    }
}

/// What [`optimize`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Too few reviews count: `have`, where at least [`MIN_REVIEWS`] are needed.
    TooFew {
        have: usize,
        need: usize,
    },
    Fitted(Fit),
}

/// The optimiser or the evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error("the FSRS optimiser failed: {0}")]
    Fsrs(&'static str),
}

fn fsrs_error(e: &fsrs::FSRSError) -> OptimizeError {
    OptimizeError::Fsrs(match e {
        fsrs::FSRSError::NotEnoughData => "not enough review data",
        fsrs::FSRSError::Interrupted => "it was interrupted",
        fsrs::FSRSError::InvalidParameters => "the parameters are invalid",
        fsrs::FSRSError::OptimalNotFound => "no optimal parameters were found",
        fsrs::FSRSError::InvalidInput => "the review data gave no finite result",
        fsrs::FSRSError::InvalidDeckSize => "the deck size is invalid",
    })
}

/// The log as training items; `offset` is the user's day offset
/// ([`crate::quiz::schedule::day_offset`]), whose midnights separate days.
pub fn dataset(log: &[ReviewLog], offset: UtcOffset) -> Dataset {
    let mut by_card: HashMap<&str, Vec<&ReviewLog>> = HashMap::new();
    for review in log {
        by_card.entry(&review.card_id).or_default().push(review);
    }
    let mut cards: Vec<(&str, Vec<&ReviewLog>)> = by_card.into_iter().collect();
    // A stable card numbering, whatever the hash order.
    cards.sort_by(|a, b| a.0.cmp(b.0));
    let mut timed: Vec<(OffsetDateTime, i64, FSRSItem)> = Vec::new();
    let mut with_items = 0;
    for (number, (_, mut reviews)) in (0_i64..).zip(cards) {
        reviews.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        let mut history: Vec<FSRSReview> = Vec::with_capacity(reviews.len());
        let mut previous: Option<OffsetDateTime> = None;
        let mut counted = false;
        for review in reviews {
            let at = times::on(review.at, offset);
            let delta_t = previous.map_or(0, |p| days_between(p, at));
            history.push(FSRSReview {
                rating: u32::from(review.rating.number()),
                delta_t,
            });
            previous = Some(at);
            if history.len() > 1 && delta_t > 0 {
                counted = true;
                timed.push((
                    review.at,
                    number,
                    FSRSItem {
                        reviews: history.clone(),
                    },
                ));
            }
        }
        with_items += usize::from(counted);
    }
    timed.sort_by_key(|t| (t.0, t.1));
    let (card_ids, items) = timed.into_iter().map(|(_, id, item)| (id, item)).unzip();
    Dataset {
        items,
        card_ids,
        cards: with_items,
    }
}

/// How well `params` (the defaults for `None`) predict the dataset.
pub fn evaluate(params: Option<&[f32]>, data: &Dataset) -> Result<Metrics, OptimizeError> {
    let fsrs = FSRS::new(params.unwrap_or(&DEFAULT_PARAMETERS)).map_err(|e| fsrs_error(&e))?;
    let eval = fsrs
        .evaluate_with_card_ids(data.items.clone(), data.card_ids.clone(), |_| true)
        .map_err(|e| fsrs_error(&e))?;
    Ok(Metrics {
        log_loss: eval.log_loss,
        rmse: eval.rmse_bins,
    })
}

/// Fits parameters to the log and measures them and the `current` ones (the defaults for
/// `None`) on it. `progress`, if given, is updated as the optimiser goes (poll it from another
/// thread).
pub fn optimize(
    log: &[ReviewLog],
    offset: UtcOffset,
    current: Option<&[f32]>,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Outcome, OptimizeError> {
    let data = dataset(log, offset);
    if data.reviews() < MIN_REVIEWS {
        return Ok(Outcome::TooFew {
            have: data.reviews(),
            need: MIN_REVIEWS,
        });
    }
    let before = evaluate(current, &data)?;
    let params = fsrs::compute_parameters(ComputeParametersInput {
        train_set: data.items.clone(),
        card_ids: Some(data.card_ids.clone()),
        progress,
        ..ComputeParametersInput::default()
    })
    .map_err(|e| fsrs_error(&e))?;
    let after = evaluate(Some(&params), &data)?;
    Ok(Outcome::Fitted(Fit {
        before,
        after,
        params,
        reviews: data.reviews(),
        cards: data.cards,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Rating;
    use time::macros::datetime;

    fn review(card: &str, at: OffsetDateTime, rating: Rating) -> ReviewLog {
        ReviewLog {
            id: format!("{card}{}", at.unix_timestamp()),
            card_id: card.into(),
            rating,
            at,
            interval_days: 1,
        }
    }

    #[test]
    fn items_are_histories_of_reviews_on_later_days() {
        let d = |day: u8, hour: u8| {
            datetime!(2025-03-01 00:00 UTC)
                + time::Duration::days(i64::from(day) - 1)
                + time::Duration::hours(i64::from(hour))
        };
        let log = vec![
            review("a", d(1, 9), Rating::Again),
            review("a", d(1, 9) + time::Duration::minutes(5), Rating::Good),
            review("b", d(1, 10), Rating::Good),
            review("a", d(3, 9), Rating::Good),
            review("b", d(4, 23), Rating::Hard),
            review("a", d(10, 9), Rating::Easy),
        ];
        let data = dataset(&log, UtcOffset::UTC);
        assert_eq!(data.reviews(), 3, "{:?}", data.items);
        assert_eq!(data.cards, 2);
        let r = |rating, delta_t| FSRSReview { rating, delta_t };
        // a on day 3 (the same-day repeat is history, not an item), b on day 4, a on day 10.
        assert_eq!(data.items[0].reviews, vec![r(1, 0), r(3, 0), r(3, 2)]);
        assert_eq!(data.items[1].reviews, vec![r(3, 0), r(2, 3)]);
        assert_eq!(
            data.items[2].reviews,
            vec![r(1, 0), r(3, 0), r(3, 2), r(4, 7)]
        );
        assert_eq!(data.card_ids[0], data.card_ids[2]);
        assert_ne!(data.card_ids[0], data.card_ids[1]);
        // Days follow the offset: 23:00 UTC on day 4 is day 5 two hours east.
        let east = dataset(&log, UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(east.items[1].reviews, vec![r(3, 0), r(2, 4)]);
    }

    #[test]
    fn too_few_reviews_say_how_many_are_needed() {
        let log = vec![
            review("a", datetime!(2025-03-01 09:00 UTC), Rating::Good),
            review("a", datetime!(2025-03-04 09:00 UTC), Rating::Good),
        ];
        let out = optimize(&log, UtcOffset::UTC, None, None).unwrap();
        assert_eq!(
            out,
            Outcome::TooFew {
                have: 1,
                need: MIN_REVIEWS
            }
        );
    }
}
