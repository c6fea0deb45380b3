//! Numbers for `archdeck stats` and the TUI's stats view, computed from progress and `now`.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::corpus::Kind;
use crate::progress::{CardState, Progress};
use crate::quiz::cards::Card;
use crate::quiz::schedule::Rating;

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
/// overdue cards. Days follow `now`'s UTC offset.
pub fn due_forecast(progress: &Progress, now: OffsetDateTime, days: usize) -> Vec<u32> {
    let mut out = vec![0u32; days];
    for r in progress.cards.values() {
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
