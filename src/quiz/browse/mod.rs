//! The card browser's table: one [`Row`] per card of the corpus (new cards included) joined
//! with its progress, sorted by any [`Column`] and filtered by deck, kind, tag, [`StateFilter`]
//! and text. Pure: the cards, the progress and `now` are passed in; both the TUI's card browser
//! and `archdeck cards` draw from here.
//!
//! The rows are here; sorting them by a [`Column`] is in `column`, filtering in `filter`, and
//! the cells' text in `format`; all are re-exported here.

mod column;
mod filter;
#[cfg(test)]
mod fixtures;
mod format;

use time::OffsetDateTime;

use crate::corpus::Kind;
use crate::progress::Progress;
use crate::quiz::cards::{Card, CardType};
use crate::quiz::schedule::is_due;
use crate::quiz::stats::retrievability;
use crate::review::CardState;

pub use column::{Column, sort};
pub use filter::{Filter, StateFilter};
pub use format::{fmt_due, fmt_flag, fmt_num, fmt_percent, fmt_set_aside, fmt_stability};

/// One card and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub card_id: String,
    pub entry_id: String,
    /// The entry's title.
    pub title: String,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub card_type: CardType,
    pub state: CardState,
    /// When the card is due; `None` for a new card.
    pub due: Option<OffsetDateTime>,
    /// Whether it is due on `now`'s day (or overdue); never for a new card.
    pub is_due: bool,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    /// The probability of recalling it at `now` (see [`retrievability`]); `None` for a new
    /// card.
    pub retrievability: Option<f32>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    /// Buried by the user until after `now`.
    pub buried: bool,
    pub leech: bool,
    /// 0 for none, else the flag's number.
    pub flag: u8,
}

/// Every card of `cards` with its progress at `now`, in the order given. `decay` is the
/// forgetting curve's decay parameter (see [`retrievability`]).
pub fn rows(cards: &[Card], progress: &Progress, now: OffsetDateTime, decay: f32) -> Vec<Row> {
    cards
        .iter()
        .map(|card| {
            let record = progress.get(&card.id);
            let (suspended, leech, flag) = marks_of(progress, &card.id);
            let buried = progress.is_buried(&card.id, now);
            Row {
                card_id: card.id.clone(),
                entry_id: card.entry_id.clone(),
                title: card.title.clone(),
                kind: card.kind,
                tags: card.tags.clone(),
                card_type: card.card_type,
                state: record.map_or(CardState::New, |r| r.state),
                due: record.map(|r| r.due),
                is_due: record.is_some_and(|r| is_due(r.due, now)),
                stability: record.map(|r| r.stability),
                difficulty: record.map(|r| r.difficulty),
                retrievability: record.and_then(|r| retrievability(r, now, decay)),
                reps: record.map_or(0, |r| r.reps),
                lapses: record.map_or(0, |r| r.lapses),
                suspended,
                buried,
                leech,
                flag,
            }
        })
        .collect()
}

/// A card's marks: suspended, leech and flag (none for a card never marked).
fn marks_of(progress: &Progress, card_id: &str) -> (bool, bool, u8) {
    progress
        .mark(card_id)
        .map_or((false, false, 0), |m| (m.suspended, m.leech, m.flag))
}

#[cfg(test)]
mod tests {
    use super::fixtures::NOW;
    use super::*;
    use crate::review::CardRecord;
    use time::Duration;

    #[test]
    fn names_parse_back_and_cycle() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.as_str()), Some(c));
        }
        assert_eq!(Column::parse("R"), Some(Column::Retrievability));
        assert_eq!(Column::parse("nope"), None);
        assert_eq!(Column::Leech.next(), Column::Id);
        for s in StateFilter::ALL {
            assert_eq!(StateFilter::parse(s.as_str()), Some(s));
        }
        assert_eq!(StateFilter::Flagged.next(), StateFilter::All);
        assert!(StateFilter::names().contains("relearning"));
    }

    #[test]
    fn rows_join_every_card_with_its_record() {
        let corpus = crate::corpus::Corpus::embedded().0;
        let cards = crate::quiz::cards::generate(&corpus, 0);
        let card = &cards[0];
        let mut progress = Progress::default();
        let last = NOW - Duration::days(4);
        progress.cards.insert(
            card.id.clone(),
            CardRecord {
                card_id: card.id.clone(),
                entry_id: card.entry_id.clone(),
                state: CardState::Review,
                due: NOW - Duration::days(1),
                stability: 4.0,
                difficulty: 5.5,
                reps: 2,
                lapses: 1,
                last_review: last,
                content_hash: String::new(),
            },
        );
        progress.marks.insert(
            cards[1].id.clone(),
            crate::review::CardMark {
                suspended: true,
                leech: true,
                flag: 2,
                ..Default::default()
            },
        );
        let rows = rows(&cards, &progress, NOW, fsrs::FSRS6_DEFAULT_DECAY);
        assert_eq!(
            (rows[1].suspended, rows[1].leech, rows[1].flag),
            (true, true, 2)
        );
        assert!(!rows[0].suspended && !rows[0].leech && rows[0].flag == 0);
        assert_eq!(rows.len(), cards.len(), "new cards have rows too");
        let r = &rows[0];
        assert_eq!(r.state, CardState::Review);
        assert!(r.is_due);
        assert_eq!((r.reps, r.lapses), (2, 1));
        // Four days after the last review with a stability of four days: 90%, by definition
        // of stability.
        let ret = r.retrievability.expect("reviewed");
        assert!((ret - 0.9).abs() < 1e-4, "{ret}");
        assert!(
            rows[1..].iter().all(|r| r.state == CardState::New
                && r.retrievability.is_none()
                && r.due.is_none())
        );
    }
}
