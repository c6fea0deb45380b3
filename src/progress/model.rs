//! The progress model: every card's record and the review log, and how two copies merge.

use std::collections::{BTreeMap, HashSet};

use time::OffsetDateTime;

use crate::review::{CardMark, CardRecord, ReviewLog};

/// Every card's record and the review log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub cards: BTreeMap<String, CardRecord>,
    /// Oldest first.
    pub log: Vec<ReviewLog>,
    /// Suspended, buried, flagged and leech cards, by card id (a card may be marked before it
    /// was ever reviewed).
    pub marks: BTreeMap<String, CardMark>,
}

impl Progress {
    pub fn get(&self, card_id: &str) -> Option<&CardRecord> {
        self.cards.get(card_id)
    }

    /// The card's mark, if it has one.
    pub fn mark(&self, card_id: &str) -> Option<&CardMark> {
        self.marks.get(card_id)
    }

    /// Whether the card is suspended.
    pub fn is_suspended(&self, card_id: &str) -> bool {
        self.mark(card_id).is_some_and(|m| m.suspended)
    }

    /// Whether the card is buried at `now`.
    pub fn is_buried(&self, card_id: &str, now: OffsetDateTime) -> bool {
        self.mark(card_id).is_some_and(|m| m.is_buried(now))
    }

    /// Keeps `mark` for the card unless the one held is newer ([`CardMark::newer_than`]).
    pub fn merge_mark(&mut self, card_id: &str, mark: &CardMark) -> bool {
        match self.marks.get(card_id) {
            Some(old) if !mark.newer_than(old) => false,
            _ => {
                self.marks.insert(card_id.to_string(), mark.clone());
                true
            }
        }
    }

    /// Records one answer: the card's new record and its log line.
    pub fn apply(&mut self, record: CardRecord, log: ReviewLog) {
        self.merge_card(record);
        self.log.push(log);
    }

    pub(super) fn merge_card(&mut self, record: CardRecord) {
        match self.cards.get(&record.card_id) {
            Some(old) if (old.last_review, old.reps) >= (record.last_review, record.reps) => {}
            _ => {
                self.cards.insert(record.card_id.clone(), record);
            }
        }
    }

    /// Merges `other` in: the union of both logs (by card, time and rating) and, for each card,
    /// the record with the later last review and the mark changed last.
    pub fn merge(&mut self, other: &Progress) {
        for record in other.cards.values() {
            self.merge_card(record.clone());
        }
        for (id, mark) in &other.marks {
            self.merge_mark(id, mark);
        }
        let mut seen: HashSet<_> = self.log.iter().map(ReviewLog::merge_key).collect();
        for log in &other.log {
            if seen.insert(log.merge_key()) {
                self.log.push(log.clone());
            }
        }
        self.log
            .sort_by(|a, b| (a.at, &a.card_id).cmp(&(b.at, &b.card_id)));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::review::{CardState, Rating};
    use time::OffsetDateTime;
    use time::macros::datetime;

    pub(crate) fn record(id: &str, at: OffsetDateTime, reps: u32) -> CardRecord {
        CardRecord {
            card_id: id.into(),
            entry_id: "e".into(),
            state: CardState::Review,
            due: at + time::Duration::days(2),
            stability: 2.3065,
            difficulty: 2.118104,
            reps,
            lapses: 0,
            last_review: at,
            content_hash: "abcd1234".into(),
        }
    }

    #[test]
    fn merge_keeps_latest_state_and_union_of_logs() {
        let t1 = datetime!(2025-01-01 10:00 UTC);
        let t2 = datetime!(2025-01-03 10:00 UTC);
        let log = |at, rating| ReviewLog {
            id: String::new(),
            card_id: "c".into(),
            rating,
            at,
            interval_days: 1,
        };
        let mut a = Progress::default();
        a.apply(record("c", t1, 1), log(t1, Rating::Good));
        let mut b = a.clone();
        b.apply(record("c", t2, 2), log(t2, Rating::Again));
        a.merge(&b);
        assert_eq!(a.cards["c"].last_review, t2);
        assert_eq!(a.log.len(), 2);
        b.merge(&a);
        assert_eq!(b.log.len(), 2);
        // An older record never replaces a newer one.
        a.merge_card(record("c", t1, 1));
        assert_eq!(a.cards["c"].last_review, t2);
    }

    #[test]
    fn merge_keeps_the_mark_changed_last() {
        let t1 = datetime!(2025-01-01 10:00 UTC);
        let t2 = datetime!(2025-01-03 10:00 UTC);
        let suspended = CardMark {
            suspended: true,
            updated_at: Some(t1),
            ..CardMark::default()
        };
        let unsuspended = CardMark {
            updated_at: Some(t2),
            ..CardMark::default()
        };
        let mut a = Progress::default();
        a.marks.insert("c".into(), unsuspended.clone());
        let mut b = Progress::default();
        b.marks.insert("c".into(), suspended.clone());
        b.marks.insert("d".into(), suspended.clone());
        a.merge(&b);
        assert_eq!(
            a.marks["c"], unsuspended,
            "an older suspension does not come back"
        );
        assert!(a.is_suspended("d"));
        b.merge(&a);
        assert!(!b.is_suspended("c"), "the later unsuspension wins");
    }
}
