//! Writing: saving answers (with their marks), importing another copy, replacing card records,
//! undoing an answer and setting memory states, each in one transaction.

use std::collections::BTreeSet;

use rusqlite::params;
use time::OffsetDateTime;

use super::Store;
use super::error::{ProgressError, Warning, db_err};
use super::marks::{get_mark, put_mark};
use super::rows::{IdSeed, insert_review, put_card};
use crate::progress::model::Progress;
use crate::review::{CardMark, CardRecord, ReviewLog};

/// What [`Store::import`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Reviews new to the store.
    pub added: usize,
    /// Reviews it already had (same id).
    pub known: usize,
    /// Cards whose reviews changed, whose states the caller recomputes.
    pub affected: BTreeSet<String>,
    /// Card marks taken from the other copy (newer than the store's).
    pub marks: usize,
}

impl Store {
    /// Saves answers, in one transaction: inserts each review (giving those without an id a
    /// new one) and updates each card unless the store holds a later review of it. Returns the
    /// reviews as saved, with their ids, and anything the user must be told. On an error nothing
    /// is saved.
    pub fn save(
        &self,
        answers: &[(CardRecord, ReviewLog)],
        now: OffsetDateTime,
    ) -> Result<(Vec<ReviewLog>, Vec<Warning>), ProgressError> {
        self.save_marked(answers, &[], now)
    }

    /// [`Store::save`], writing `marks` (card id and its new mark, such as a leech's
    /// suspension) in the same transaction.
    pub fn save_marked(
        &self,
        answers: &[(CardRecord, ReviewLog)],
        marks: &[(String, CardMark)],
        now: OffsetDateTime,
    ) -> Result<(Vec<ReviewLog>, Vec<Warning>), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let saved = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut seed = IdSeed::new();
            let mut saved = Vec::with_capacity(answers.len());
            for (record, log) in answers {
                let mut log = log.clone();
                if log.id.is_empty() {
                    log.id = seed.next();
                }
                put_card(&tx, record, false).map_err(db_err("cannot save progress to", &path))?;
                insert_review(&tx, &log).map_err(db_err("cannot save progress to", &path))?;
                saved.push(log);
            }
            for (card_id, mark) in marks {
                put_mark(&tx, card_id, mark).map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(saved)
        });
        if saved.is_err() {
            // A fresh connection next time: a failed write can leave this one unusable.
            *self.conn.borrow_mut() = None;
        }
        Ok((saved?, warnings))
    }

    /// Merges reviews and card records from another copy (an export), in one transaction:
    /// reviews by id (a review already present is skipped, so importing twice changes nothing),
    /// cards where the record is later than the store's.
    pub fn import(
        &self,
        other: &Progress,
        now: OffsetDateTime,
    ) -> Result<(Imported, Vec<Warning>), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let imported = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot import into", &path))?;
            let mut seed = IdSeed::new();
            let mut imported = Imported::default();
            for record in other.cards.values() {
                put_card(&tx, record, false).map_err(db_err("cannot import into", &path))?;
            }
            for (card_id, mark) in &other.marks {
                let stored = get_mark(&tx, card_id).map_err(db_err("cannot import into", &path))?;
                if stored.is_none_or(|old| mark.newer_than(&old)) {
                    put_mark(&tx, card_id, mark).map_err(db_err("cannot import into", &path))?;
                    imported.marks += 1;
                }
            }
            for log in &other.log {
                let mut log = log.clone();
                if log.id.is_empty() {
                    log.id = seed.next();
                }
                if insert_review(&tx, &log).map_err(db_err("cannot import into", &path))? {
                    imported.added += 1;
                    imported.affected.insert(log.card_id.clone());
                } else {
                    imported.known += 1;
                }
            }
            tx.commit().map_err(db_err("cannot import into", &path))?;
            Ok(imported)
        })?;
        Ok((imported, warnings))
    }

    /// Replaces card records outright (after an import recomputed them), in one transaction.
    pub fn put_cards(
        &self,
        records: &[CardRecord],
        now: OffsetDateTime,
    ) -> Result<(), ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            for record in records {
                put_card(&tx, record, true).map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))
        })
    }

    /// Undoes a saved answer, in one transaction: deletes the review `review_id`, puts the
    /// card's record back to `previous` (or removes it, for a card that was new) and, if given,
    /// its mark back to `mark` (an answer that made the card a leech). Returns whether the review
    /// was there.
    pub fn undo(
        &self,
        review_id: &str,
        card_id: &str,
        previous: Option<&CardRecord>,
        mark: Option<&CardMark>,
    ) -> Result<bool, ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let stamp = self.mark_time();
        let done = self.with_conn(stamp, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot undo in", &path))?;
            let removed = tx
                .execute("DELETE FROM review WHERE id = ?1", [review_id])
                .map_err(db_err("cannot undo in", &path))?;
            match previous {
                Some(record) => {
                    put_card(&tx, record, true).map_err(db_err("cannot undo in", &path))?;
                }
                None => {
                    tx.execute("DELETE FROM card WHERE card_id = ?1", [card_id])
                        .map_err(db_err("cannot undo in", &path))?;
                }
            }
            if let Some(mark) = mark {
                let mark = CardMark {
                    updated_at: Some(stamp),
                    ..mark.clone()
                };
                put_mark(&tx, card_id, &mark).map_err(db_err("cannot undo in", &path))?;
            }
            tx.commit().map_err(db_err("cannot undo in", &path))?;
            Ok(removed > 0)
        });
        if done.is_err() {
            *self.conn.borrow_mut() = None;
        }
        done
    }

    /// Sets cards' memory states (stability and difficulty) from `records`, in one transaction,
    /// leaving everything else as it is; a card reviewed since (another last review or count)
    /// is left alone. Returns how many cards changed.
    pub fn set_memory_states(
        &self,
        records: &[CardRecord],
        now: OffsetDateTime,
    ) -> Result<usize, ProgressError> {
        let path = self.file();
        let mut warnings = Vec::new();
        let done = self.with_conn(now, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut changed = 0;
            for r in records {
                changed += tx
                    .prepare_cached(
                        "UPDATE card SET stability = ?1, difficulty = ?2
                         WHERE card_id = ?3 AND last_review_unix = ?4 AND reps = ?5",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            f64::from(r.stability),
                            f64::from(r.difficulty),
                            r.card_id,
                            r.last_review.unix_timestamp(),
                            r.reps,
                        ])
                    })
                    .map_err(db_err("cannot save progress to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(changed)
        });
        if done.is_err() {
            *self.conn.borrow_mut() = None;
        }
        done
    }
}
