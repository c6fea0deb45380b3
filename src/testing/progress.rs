//! A synthetic review history of any size, over the shipped corpus's real card ids: for the
//! answer benchmark (`benches/answer.rs`) and `examples/gen_progress.rs`, which writes it as a
//! `progress export` file for `archdeck progress import`.

use time::{Duration, OffsetDateTime};

use super::Rng;
use crate::corpus::Corpus;
use crate::progress::{CardRecord, CardState, Progress, ReviewLog};
use crate::quiz::cards::generate;
use crate::review::Rating;

/// `reviews` reviews ending at `end`, about four hours apart, spread over the shipped
/// corpus's cards, each with its own id; every reviewed card has a record.
pub fn synthetic_progress(reviews: usize, end: OffsetDateTime, seed: u64) -> Progress {
    let (corpus, _) = Corpus::embedded();
    let cards = generate(&corpus, 0);
    let mut rng = Rng::new(seed);
    let mut progress = Progress::default();
    let start = end - Duration::hours(4 * i64::try_from(reviews).unwrap_or(i64::MAX / 8));
    for i in 0..reviews {
        let Some(card) = cards.get(rng.below(cards.len())) else {
            continue;
        };
        let at = start + Duration::hours(4 * i64::try_from(i).unwrap_or(0));
        let rating = rng.pick(&Rating::ALL);
        let reps = progress.get(&card.id).map_or(0, |r| r.reps) + 1;
        let record = CardRecord {
            card_id: card.id.clone(),
            entry_id: card.entry_id.clone(),
            state: CardState::Review,
            due: at + Duration::days(3),
            stability: 3.0,
            difficulty: 5.0,
            reps,
            lapses: 0,
            last_review: at,
            content_hash: card.content_hash.clone(),
        };
        let log = ReviewLog {
            id: format!("{seed:08x}{i:024x}"),
            card_id: card.id.clone(),
            rating,
            at,
            interval_days: 3,
        };
        progress.apply(record, log);
    }
    progress
}
