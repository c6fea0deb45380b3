//! Rows: cards and reviews to and from SQL, times and enums as text, reading the whole store,
//! and new review ids.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io;

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use super::marks::mark_from_row;
use crate::progress::model::Progress;
use crate::progress::rfc3339;
use crate::review::{CardRecord, CardState, Rating, ReviewLog};

/// Inserts or updates a card. Unless `force`, a record no later (by last review, then reps)
/// than the stored one changes nothing.
pub(super) fn put_card(conn: &Connection, r: &CardRecord, force: bool) -> rusqlite::Result<()> {
    let last = r.last_review.unix_timestamp();
    if !force {
        let stored: Option<(i64, i64)> = conn
            .query_row(
                "SELECT last_review_unix, reps FROM card WHERE card_id = ?1",
                [&r.card_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((stored_last, stored_reps)) = stored
            && (stored_last, stored_reps) >= (last, i64::from(r.reps))
        {
            return Ok(());
        }
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO card (card_id, entry_id, state, due, stability, difficulty, reps,
             lapses, last_review, last_review_unix, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        r.card_id,
        r.entry_id,
        r.state.as_str(),
        time_text(r.due)?,
        f64::from(r.stability),
        f64::from(r.difficulty),
        r.reps,
        r.lapses,
        time_text(r.last_review)?,
        last,
        r.content_hash,
    ])?;
    Ok(())
}

/// Inserts a review; `false` if one with its id is already there.
pub(super) fn insert_review(conn: &Connection, log: &ReviewLog) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO review (id, card_id, rating, at, interval_days)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            log.id,
            log.card_id,
            log.rating.as_str(),
            time_text(log.at)?,
            log.interval_days,
        ])?;
    Ok(n == 1)
}

pub(super) fn time_text(t: OffsetDateTime) -> rusqlite::Result<String> {
    rfc3339::format(t).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn bad_value(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        Box::new(io::Error::new(io::ErrorKind::InvalidData, what)),
    )
}

pub(super) fn parse_time(col: usize, s: &str) -> rusqlite::Result<OffsetDateTime> {
    rfc3339::parse(s).map_err(|e| bad_value(col, format!("bad time {s:?}: {e}")))
}

fn parse_state(col: usize, s: &str) -> rusqlite::Result<CardState> {
    CardState::ALL
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| bad_value(col, format!("bad state {s:?}")))
}

fn parse_rating(col: usize, s: &str) -> rusqlite::Result<Rating> {
    Rating::ALL
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| bad_value(col, format!("bad rating {s:?}")))
}

/// Every card and the whole log, oldest review first.
pub(super) fn read_all(conn: &Connection) -> rusqlite::Result<Progress> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut progress = Progress::default();
    if version == 0 {
        return Ok(progress);
    }
    let mut cards = conn.prepare(
        "SELECT card_id, entry_id, state, due, stability, difficulty, reps, lapses, last_review,
                content_hash FROM card",
    )?;
    let rows = cards.query_map([], |row| {
        Ok(CardRecord {
            card_id: row.get(0)?,
            entry_id: row.get(1)?,
            state: parse_state(2, &row.get::<_, String>(2)?)?,
            due: parse_time(3, &row.get::<_, String>(3)?)?,
            stability: row.get::<_, f64>(4)? as f32,
            difficulty: row.get::<_, f64>(5)? as f32,
            reps: row.get(6)?,
            lapses: row.get(7)?,
            last_review: parse_time(8, &row.get::<_, String>(8)?)?,
            content_hash: row.get(9)?,
        })
    })?;
    for card in rows {
        let card = card?;
        progress.cards.insert(card.card_id.clone(), card);
    }
    // Card ids repeat: share one string per card.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut reviews =
        conn.prepare("SELECT id, card_id, rating, at, interval_days FROM review ORDER BY seq")?;
    let rows = reviews.query_map([], |row| {
        Ok(ReviewLog {
            id: row.get(0)?,
            card_id: row.get(1)?,
            rating: parse_rating(2, &row.get::<_, String>(2)?)?,
            at: parse_time(3, &row.get::<_, String>(3)?)?,
            interval_days: row.get(4)?,
        })
    })?;
    for log in rows {
        let mut log = log?;
        if let Some(shared) = ids.get(&log.card_id) {
            log.card_id.clone_from(shared);
        } else {
            ids.insert(log.card_id.clone(), log.card_id.clone());
        }
        progress.log.push(log);
    }
    progress
        .log
        .sort_by(|a, b| (a.at, &a.card_id).cmp(&(b.at, &b.card_id)));
    if version >= 2 {
        let mut marks = conn.prepare(
            "SELECT card_id, suspended, leech, flag, buried_until, updated_at FROM card_mark",
        )?;
        let rows = marks.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, mark_from_row(1)(row)?))
        })?;
        for row in rows {
            let (id, mark) = row?;
            progress.marks.insert(id, mark);
        }
    }
    Ok(progress)
}

/// Review ids: 128 random bits in hex, from the standard library's per-process random keys.
pub(super) struct IdSeed {
    state: std::collections::hash_map::RandomState,
    n: u64,
}

impl IdSeed {
    pub(super) fn new() -> IdSeed {
        IdSeed {
            state: std::collections::hash_map::RandomState::new(),
            n: 0,
        }
    }

    pub(super) fn next(&mut self) -> String {
        self.n += 1;
        let mut a = self.state.build_hasher();
        a.write_u64(self.n);
        a.write_u32(std::process::id());
        let mut b = self.state.build_hasher();
        b.write_u64(!self.n);
        b.write_u64(a.finish());
        format!("{:016x}{:016x}", a.finish(), b.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_ids_differ() {
        let mut seed = IdSeed::new();
        let a = seed.next();
        let b = seed.next();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_ne!(IdSeed::new().next(), a);
    }
}
