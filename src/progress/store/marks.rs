//! Card marks (suspended, leech, flag, buried until) in the `card_mark` table: changing them,
//! stamped with the store's clock, and their rows.

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use super::Store;
use super::error::{ProgressError, db_err};
use super::rows::{parse_time, time_text};
use crate::review::CardMark;

impl Store {
    /// Runs `f` on the card's mark (default if it has none) in one transaction and stores the
    /// result, stamped with the store's clock, if it differs. Returns whether it changed.
    fn change_marks(
        &self,
        card_ids: &[&str],
        f: impl Fn(&mut CardMark),
    ) -> Result<usize, ProgressError> {
        let mut warnings = Vec::new();
        let path = self.file();
        let stamp = self.mark_time();
        let changed = self.with_conn(stamp, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save progress to", &path))?;
            let mut changed = 0;
            for card_id in card_ids {
                let old = get_mark(&tx, card_id)
                    .map_err(db_err("cannot read", &path))?
                    .unwrap_or_default();
                let mut new = old.clone();
                f(&mut new);
                new.updated_at = old.updated_at;
                if new != old {
                    new.updated_at = Some(stamp);
                    put_mark(&tx, card_id, &new)
                        .map_err(db_err("cannot save progress to", &path))?;
                    changed += 1;
                }
            }
            tx.commit()
                .map_err(db_err("cannot save progress to", &path))?;
            Ok(changed)
        });
        if changed.is_err() {
            *self.conn.borrow_mut() = None;
        }
        changed
    }

    /// Suspends or unsuspends cards, in one transaction; unsuspending also clears `leech`.
    /// Returns how many cards changed.
    pub fn set_suspended(
        &self,
        card_ids: &[&str],
        suspended: bool,
    ) -> Result<usize, ProgressError> {
        self.change_marks(card_ids, |m| {
            m.suspended = suspended;
            if !suspended {
                m.leech = false;
            }
        })
    }

    /// Sets a card's flag: 0 none, 1 red, 2 orange, 3 green, 4 blue (higher numbers count as 4).
    pub fn set_flag(&self, card_id: &str, flag: u8) -> Result<(), ProgressError> {
        self.change_marks(&[card_id], |m| m.flag = flag.min(CardMark::MAX_FLAG))
            .map(|_| ())
    }

    /// Buries a card until `until` (sessions leave it out before then; cram does not).
    pub fn bury(&self, card_id: &str, until: OffsetDateTime) -> Result<(), ProgressError> {
        let until = crate::review::times::on(until, time::UtcOffset::UTC);
        self.change_marks(&[card_id], |m| m.buried_until = Some(until))
            .map(|_| ())
    }
}

/// The card's stored mark.
pub(super) fn get_mark(conn: &Connection, card_id: &str) -> rusqlite::Result<Option<CardMark>> {
    conn.prepare_cached(
        "SELECT suspended, leech, flag, buried_until, updated_at FROM card_mark WHERE card_id = ?1",
    )?
    .query_row([card_id], mark_from_row(0))
    .optional()
}

/// A mark from the row's columns `first..first + 5`.
pub(super) fn mark_from_row(
    first: usize,
) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<CardMark> {
    move |row| {
        let time = |i: usize| -> rusqlite::Result<Option<OffsetDateTime>> {
            row.get::<_, Option<String>>(i)?
                .map(|s| parse_time(i, &s))
                .transpose()
        };
        Ok(CardMark {
            suspended: row.get(first)?,
            leech: row.get(first + 1)?,
            flag: row
                .get::<_, i64>(first + 2)?
                .clamp(0, i64::from(CardMark::MAX_FLAG)) as u8,
            buried_until: time(first + 3)?,
            updated_at: time(first + 4)?,
        })
    }
}

/// Inserts or replaces a card's mark.
pub(super) fn put_mark(conn: &Connection, card_id: &str, m: &CardMark) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card_mark (card_id, suspended, leech, flag, buried_until, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        card_id,
        m.suspended,
        m.leech,
        m.flag.min(CardMark::MAX_FLAG),
        m.buried_until.map(time_text).transpose()?,
        m.updated_at.map(time_text).transpose()?,
    ])?;
    Ok(())
}
