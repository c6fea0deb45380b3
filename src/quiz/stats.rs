//! Numbers for `archdeck stats` and the TUI's stats view, computed from progress and `now`.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::corpus::Kind;
use crate::progress::{CardState, Progress};
use crate::quiz::cards::Card;
use crate::quiz::schedule::Rating;
use crate::review::CardRecord;

/// How many cards are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StateCounts {
    pub new: u32,
    pub learning: u32,
    pub review: u32,
    pub relearning: u32,
}

impl StateCounts {
    pub fn add(&mut self, state: CardState) {
        let slot = match state {
            CardState::New => &mut self.new,
            CardState::Learning => &mut self.learning,
            CardState::Review => &mut self.review,
            CardState::Relearning => &mut self.relearning,
        };
        *slot += 1;
    }

    pub fn get(&self, state: CardState) -> u32 {
        match state {
            CardState::New => self.new,
            CardState::Learning => self.learning,
            CardState::Review => self.review,
            CardState::Relearning => self.relearning,
        }
    }

    pub fn total(&self) -> u32 {
        self.new + self.learning + self.review + self.relearning
    }
}

/// Card counts by state, overall and per kind of entry, for the given cards.
pub fn counts(cards: &[Card], progress: &Progress) -> (StateCounts, BTreeMap<Kind, StateCounts>) {
    let mut all = StateCounts::default();
    let mut by_kind: BTreeMap<Kind, StateCounts> = BTreeMap::new();
    for card in cards {
        let state = progress.get(&card.id).map_or(CardState::New, |r| r.state);
        all.add(state);
        by_kind.entry(card.kind).or_default().add(state);
    }
    (all, by_kind)
}

/// Reviewed cards coming due on each of the next `days` days; day 0 is today and includes
/// overdue cards. Suspended cards (leeches among them) are left out: no quiz asks them. Days
/// follow `now`'s UTC offset.
pub fn due_forecast(progress: &Progress, now: OffsetDateTime, days: usize) -> Vec<u32> {
    let mut out = vec![0u32; days];
    for r in progress
        .cards
        .values()
        .filter(|r| !progress.is_suspended(&r.card_id))
    {
        let offset =
            (crate::review::times::on(r.due, now.offset()).date() - now.date()).whole_days();
        let slot = usize::try_from(offset.max(0)).unwrap_or(usize::MAX);
        if let Some(n) = out.get_mut(slot) {
            *n += 1;
        }
    }
    out
}

/// Answers given on each of the last `days` days, oldest first; the last is today.
pub fn reviews_per_day(progress: &Progress, now: OffsetDateTime, days: usize) -> Vec<u32> {
    let mut out = vec![0u32; days];
    for log in &progress.log {
        let ago = (now.date() - crate::review::times::on(log.at, now.offset()).date()).whole_days();
        if let Ok(ago) = usize::try_from(ago)
            && ago < days
            && let Some(n) = out.get_mut(days - 1 - ago)
        {
            *n += 1;
        }
    }
    out
}

/// The share of all answers that were not Again; `None` before the first answer.
pub fn retention(progress: &Progress) -> Option<f64> {
    let total = progress.log.len();
    let kept = progress
        .log
        .iter()
        .filter(|l| l.rating != Rating::Again)
        .count();
    (total > 0).then(|| kept as f64 / total as f64)
}

/// The decay of FSRS-6's forgetting curve with the default parameters (their last weight).
pub const DECAY: f32 = fsrs::FSRS6_DEFAULT_DECAY;

/// The decay of the forgetting curve the scheduler uses: the last of the parameters fitted by
/// `archdeck optimize` (`params`, as stored), else the default [`DECAY`].
pub fn decay(params: Option<&[f32]>) -> f32 {
    params
        .and_then(|p| p.get(20).copied())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(DECAY)
}

/// A reviewed card's current retrievability: the probability of recalling it at `now`, from
/// the FSRS-6 forgetting curve (`fsrs::current_retrievability`, the `fsrs` crate's own function)
/// with the card's stability, the days elapsed since its last review (fractional: the exact time
/// since, not calendar days; 0 before it) and `decay` (see [`decay`]). `None` for a stability
/// that is not a positive number.
pub fn retrievability(record: &CardRecord, now: OffsetDateTime, decay: f32) -> Option<f32> {
    if !(record.stability.is_finite() && record.stability > 0.0) {
        return None;
    }
    let elapsed = (now - record.last_review).as_seconds_f64().max(0.0) / 86_400.0;
    let memory = fsrs::MemoryState {
        stability: record.stability,
        difficulty: record.difficulty,
    };
    let r = fsrs::current_retrievability(memory, elapsed as f32, decay);
    r.is_finite().then_some(r.clamp(0.0, 1.0))
}

/// The current retrievability of the reviewed cards, summed up.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RetrievabilitySummary {
    /// Reviewed cards with a retrievability.
    pub cards: u32,
    /// Their mean retrievability, 0 to 1.
    pub average: f64,
    /// How many of them are below 90% (the default desired retention).
    pub below_90: u32,
}

/// The average current retrievability of every reviewed card, and how many are below 90%;
/// `None` before the first review.
pub fn retrievability_summary(
    progress: &Progress,
    now: OffsetDateTime,
    decay: f32,
) -> Option<RetrievabilitySummary> {
    let values: Vec<f32> = progress
        .cards
        .values()
        .filter_map(|r| retrievability(r, now, decay))
        .collect();
    let cards = u32::try_from(values.len()).unwrap_or(u32::MAX);
    (cards > 0).then(|| RetrievabilitySummary {
        cards,
        average: values.iter().map(|r| f64::from(*r)).sum::<f64>() / values.len() as f64,
        below_90: u32::try_from(values.iter().filter(|r| **r < 0.9).count()).unwrap_or(u32::MAX),
    })
}

/// An entry that is hard to remember.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Weak {
    pub entry_id: String,
    /// Lapses summed over the entry's cards.
    pub lapses: u32,
    /// Again answers over the entry's cards.
    pub agains: u32,
}

/// Up to `n` entries with the most lapses (then the most Again answers), worst first. Entries
/// never answered Again are left out.
pub fn weakest(progress: &Progress, n: usize) -> Vec<Weak> {
    let mut by_entry: BTreeMap<&str, Weak> = BTreeMap::new();
    let mut entry_of: BTreeMap<&str, &str> = BTreeMap::new();
    for r in progress.cards.values() {
        entry_of.insert(&r.card_id, &r.entry_id);
        by_entry
            .entry(&r.entry_id)
            .or_insert_with(|| Weak {
                entry_id: r.entry_id.clone(),
                lapses: 0,
                agains: 0,
            })
            .lapses += r.lapses;
    }
    for log in progress.log.iter().filter(|l| l.rating == Rating::Again) {
        if let Some(w) = entry_of
            .get(log.card_id.as_str())
            .and_then(|e| by_entry.get_mut(e))
        {
            w.agains += 1;
        }
    }
    let mut out: Vec<Weak> = by_entry
        .into_values()
        .filter(|w| w.lapses > 0 || w.agains > 0)
        .collect();
    out.sort_by(|a, b| {
        (b.lapses, b.agains)
            .cmp(&(a.lapses, a.agains))
            .then_with(|| a.entry_id.cmp(&b.entry_id))
    });
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    fn record(id: &str, stability: f32, last_review: OffsetDateTime) -> CardRecord {
        CardRecord {
            card_id: id.into(),
            entry_id: "e".into(),
            state: CardState::Review,
            due: last_review + Duration::days(3),
            stability,
            difficulty: 5.0,
            reps: 1,
            lapses: 0,
            last_review,
            content_hash: String::new(),
        }
    }

    #[test]
    fn retrievability_follows_the_forgetting_curve() {
        let now = datetime!(2026-03-10 12:00 UTC);
        let r = |s: f32, days: i64| {
            retrievability(&record("c", s, now - Duration::days(days)), now, DECAY)
        };
        assert_eq!(r(3.0, 0), Some(1.0), "just reviewed");
        let at_s = r(3.0, 3).expect("value");
        assert!(
            (at_s - 0.9).abs() < 1e-4,
            "90% after `stability` days: {at_s}"
        );
        assert!(r(3.0, 30) < r(3.0, 10), "it falls with time");
        assert!(r(30.0, 10) > r(3.0, 10), "and more slowly for stable cards");
        assert_eq!(r(0.0, 1), None);
        assert_eq!(r(f32::NAN, 1), None);
        // A review in the future (clock skew) counts as just now.
        assert_eq!(r(3.0, -2), Some(1.0));
    }

    #[test]
    fn decay_comes_from_fitted_parameters() {
        assert_eq!(decay(None), DECAY);
        let mut fitted = fsrs::DEFAULT_PARAMETERS.to_vec();
        fitted[20] = 0.35;
        assert_eq!(decay(Some(&fitted)), 0.35);
        assert_eq!(decay(Some(&fitted[..19])), DECAY, "too short: the default");
        // A steeper curve forgets faster between reviews, and still gives 90% at `stability`.
        let now = datetime!(2026-03-10 12:00 UTC);
        let card = record("c", 3.0, now - Duration::days(30));
        let (flat, steep) = (
            retrievability(&card, now, DECAY).expect("value"),
            retrievability(&card, now, 0.35).expect("value"),
        );
        assert!(steep < flat, "{steep} {flat}");
        let at_s = retrievability(&record("c", 3.0, now - Duration::days(3)), now, 0.35);
        assert!((at_s.expect("value") - 0.9).abs() < 1e-4);
    }

    #[test]
    fn summary_averages_reviewed_cards() {
        let now = datetime!(2026-03-10 12:00 UTC);
        assert_eq!(
            retrievability_summary(&Progress::default(), now, DECAY),
            None
        );
        let mut p = Progress::default();
        p.cards.insert("a".into(), record("a", 5.0, now));
        p.cards
            .insert("b".into(), record("b", 1.0, now - Duration::days(20)));
        let s = retrievability_summary(&p, now, DECAY).expect("two cards");
        assert_eq!((s.cards, s.below_90), (2, 1));
        assert!(s.average > 0.5 && s.average < 0.9, "{}", s.average);
    }
}
