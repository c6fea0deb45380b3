//! The FSRS parameters `archdeck optimize` fits, kept in the `meta` table: reading and checking
//! them, storing and forgetting them.

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use time::OffsetDateTime;

use super::Store;
use super::error::{ProgressError, db_err};
use super::open::Opened;
use crate::progress::rfc3339;

/// FSRS parameters fitted to the user's reviews (`archdeck optimize`), as stored in the `meta`
/// table.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedParams {
    /// The 21 FSRS-6 parameters.
    pub params: Vec<f32>,
    pub fitted_at: OffsetDateTime,
    /// How many reviews the fit used.
    pub reviews_used: usize,
}

/// Whether `params` are FSRS-6 parameters the scheduler can use: 21 finite numbers, none
/// negative, the first stabilities positive, the decay within the range the optimiser clips it
/// to. The reason, if not.
pub fn check_params(params: &[f32]) -> Result<(), String> {
    if params.len() != fsrs::DEFAULT_PARAMETERS.len() {
        return Err(format!(
            "{} numbers where FSRS-6 has {}",
            params.len(),
            fsrs::DEFAULT_PARAMETERS.len()
        ));
    }
    let in_range = fsrs::check_and_fill_parameters(params).is_ok()
        && params.iter().all(|w| *w >= 0.0)
        && params[..4].iter().all(|w| *w >= 0.001)
        && (0.1..=0.8).contains(&params[20]);
    if in_range {
        Ok(())
    } else {
        Err("out of the range FSRS accepts".into())
    }
}

/// The `meta` keys of the fitted parameters.
const PARAMS_KEY: &str = "fsrs_params";
const PARAMS_AT_KEY: &str = "fsrs_params_fitted_at";
const PARAMS_REVIEWS_KEY: &str = "fsrs_params_reviews";

impl Store {
    /// The fitted FSRS parameters, if `archdeck optimize` stored some (`None`: the defaults).
    pub fn params(&self) -> Result<Option<Vec<f32>>, ProgressError> {
        Ok(self.fitted_params()?.map(|f| f.params))
    }

    /// The fitted FSRS parameters with when and from how many reviews they were fitted. Reads
    /// through the open connection if there is one, else opens the file read-only (creating
    /// nothing). Parameters the scheduler would reject are [`ProgressError::BadParams`].
    pub fn fitted_params(&self) -> Result<Option<FittedParams>, ProgressError> {
        let path = self.file();
        let read = |conn: &Connection| -> Result<Option<FittedParams>, ProgressError> {
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(db_err("cannot read", &path))?;
            if version == 0 {
                return Ok(None);
            }
            let get = |key: &str| -> Result<Option<String>, ProgressError> {
                conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                    .optional()
                    .map_err(db_err("cannot read", &path))
            };
            let Some(text) = get(PARAMS_KEY)? else {
                return Ok(None);
            };
            let bad = |reason: String| ProgressError::BadParams {
                path: path.clone(),
                reason,
            };
            let params: Vec<f32> = serde_json::from_str(&text)
                .map_err(|e| bad(format!("not a list of numbers: {e}")))?;
            check_params(&params).map_err(bad)?;
            let fitted_at = match get(PARAMS_AT_KEY)? {
                Some(t) => rfc3339::parse(&t).map_err(|e| bad(format!("bad time {t:?}: {e}")))?,
                None => return Err(bad("no fitting time".into())),
            };
            let reviews_used = get(PARAMS_REVIEWS_KEY)?
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Ok(Some(FittedParams {
                params,
                fitted_at,
                reviews_used,
            }))
        };
        if let Some(conn) = self.conn.borrow().as_ref() {
            return read(conn);
        }
        if !path.exists() {
            return Ok(None);
        }
        let conn = match self.open_checked(&path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
            Ok(conn) => conn,
            Err(Opened::Corrupt(reason)) => return Err(ProgressError::Damaged { path, reason }),
            Err(Opened::Error(e)) => return Err(e),
        };
        read(&conn)
    }

    /// Stores fitted FSRS parameters, in one transaction: the scheduler uses them from then on.
    pub fn save_params(
        &self,
        params: &[f32],
        fitted_at: OffsetDateTime,
        reviews_used: usize,
    ) -> Result<(), ProgressError> {
        let path = self.file();
        let text =
            serde_json::to_string(params).map_err(|e| ProgressError::Serialize(e.to_string()))?;
        let at = rfc3339::format(fitted_at).map_err(|e| ProgressError::Serialize(e.to_string()))?;
        let mut warnings = Vec::new();
        let saved = self.with_conn(fitted_at, &mut warnings, |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err("cannot save the parameters to", &path))?;
            for (key, value) in [
                (PARAMS_KEY, text.as_str()),
                (PARAMS_AT_KEY, at.as_str()),
                (PARAMS_REVIEWS_KEY, reviews_used.to_string().as_str()),
            ] {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    [key, value],
                )
                .map_err(db_err("cannot save the parameters to", &path))?;
            }
            tx.commit()
                .map_err(db_err("cannot save the parameters to", &path))
        });
        if saved.is_err() {
            *self.conn.borrow_mut() = None;
        }
        saved
    }

    /// Forgets the fitted parameters (the scheduler goes back to the defaults). Returns whether
    /// there were any. `now` names a damaged file set aside when opening.
    pub fn reset_params(&self, now: OffsetDateTime) -> Result<bool, ProgressError> {
        let path = self.file();
        if !path.exists() {
            return Ok(false);
        }
        let mut warnings = Vec::new();
        let removed = self.with_conn(now, &mut warnings, |conn| {
            conn.execute(
                "DELETE FROM meta WHERE key IN (?1, ?2, ?3)",
                [PARAMS_KEY, PARAMS_AT_KEY, PARAMS_REVIEWS_KEY],
            )
            .map_err(db_err("cannot reset the parameters in", &path))
        });
        if removed.is_err() {
            *self.conn.borrow_mut() = None;
        }
        Ok(removed? > 0)
    }
}
