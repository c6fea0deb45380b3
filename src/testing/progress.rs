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

/// FSRS-6 parameters of a simulated learner unlike the defaults: first memories last about
/// three times longer, successful reviews stretch them more, and forgetting is steeper.
pub const LEARNER_PARAMS: [f32; 21] = [
    0.8, 3.5, 7.0, 20.0, 6.4133, 0.8334, 3.0194, 0.001, 2.3, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.35,
];

/// A learner who remembers by [`LEARNER_PARAMS`] while archdeck schedules with the defaults
/// (desired retention 0.9): each day from `start`, it answers every due card (recalled with the
/// probability its true memory gives: Good, sometimes Hard or Easy; otherwise Again) and
/// `new_per_day` new ones (over the shipped corpus's cards, in order), until the log holds
/// `reviews` answers. The records are what archdeck's scheduler made of them.
pub fn simulated_learner(
    reviews: usize,
    start: OffsetDateTime,
    new_per_day: usize,
    seed: u64,
) -> Progress {
    use crate::quiz::schedule::{Scheduler, is_due};
    let (corpus, _) = Corpus::embedded();
    let cards = generate(&corpus, 0);
    let truth = fsrs::FSRS::new(&LEARNER_PARAMS).ok();
    let scheduler = Scheduler::new(0.9).ok();
    let (Some(truth), Some(scheduler)) = (truth, scheduler) else {
        return Progress::default();
    };
    let mut rng = Rng::new(seed);
    let mut unit = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let mut progress = Progress::default();
    // Each started card's true memory and when it was last reviewed.
    let mut memory: Vec<(fsrs::MemoryState, OffsetDateTime)> = Vec::new();
    let mut n = 0usize;
    'days: for day in 0..100_000i64 {
        let today = start + Duration::days(day);
        let started = memory.len();
        let mut todo: Vec<usize> = (0..started)
            .filter(|&i| {
                progress
                    .get(&cards[i].id)
                    .is_some_and(|r| is_due(r.due, today))
            })
            .collect();
        todo.extend(started..(started + new_per_day).min(cards.len()));
        for (k, i) in todo.into_iter().enumerate() {
            if n >= reviews {
                break 'days;
            }
            let card = &cards[i];
            let at = today + Duration::minutes(i64::try_from(k).unwrap_or(0));
            let prev = progress.get(&card.id).cloned();
            let rating = match (prev.as_ref(), memory.get(i)) {
                (Some(_), Some(&(mem, last))) => {
                    let elapsed = crate::quiz::schedule::days_between(last, at) as f32;
                    let r = fsrs::current_retrievability(mem, elapsed, LEARNER_PARAMS[20]);
                    if unit() < f64::from(r) {
                        match unit() {
                            x if x < 0.1 => Rating::Hard,
                            x if x < 0.15 => Rating::Easy,
                            _ => Rating::Good,
                        }
                    } else {
                        Rating::Again
                    }
                }
                _ => match unit() {
                    x if x < 0.2 => Rating::Again,
                    x if x < 0.3 => Rating::Hard,
                    x if x < 0.9 => Rating::Good,
                    _ => Rating::Easy,
                },
            };
            let elapsed = memory.get(i).map_or(0, |&(_, last)| {
                crate::quiz::schedule::days_between(last, at)
            });
            let Ok(next) = truth.next_states(memory.get(i).map(|m| m.0), 0.9, elapsed) else {
                return progress;
            };
            let state = match rating {
                Rating::Again => next.again,
                Rating::Hard => next.hard,
                Rating::Good => next.good,
                Rating::Easy => next.easy,
            };
            if i < memory.len() {
                memory[i] = (state.memory, at);
            } else {
                memory.push((state.memory, at));
            }
            let Ok(s) = scheduler.review(prev.as_ref(), rating, at) else {
                return progress;
            };
            let record = s.record(&card.id, &card.entry_id, &card.content_hash, at);
            let log = ReviewLog {
                id: format!("{seed:08x}{n:024x}"),
                card_id: card.id.clone(),
                rating,
                at,
                interval_days: s.interval_days,
            };
            progress.apply(record, log);
            n += 1;
        }
    }
    progress
}
