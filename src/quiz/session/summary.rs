//! The end-of-session numbers: [`Summary`] (answers, accuracy, time, when cards are next due)
//! and the cards [`Missed`] on the way.

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use super::Session;
use crate::quiz::cards::CardType;

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

impl Session {
    /// The numbers to show at the end (or at any time).
    pub fn summary(&self, now: OffsetDateTime) -> Summary {
        let mut next_due: Option<OffsetDateTime> = None;
        let mut dues = Vec::new();
        // Suspended cards (leeches too) are never due: no quiz asks them.
        for card in &self.cards {
            if let Some(r) = self.progress.get(&card.id)
                && !self.progress.is_suspended(&card.id)
            {
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
}
