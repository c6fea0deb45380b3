//! Review progress: each card's schedule and the full review log, kept in `progress.toml` in
//! the data dir.
//!
//! The file is human-readable TOML with `schema_version = 1`, an array `[[card]]` of
//! [`CardRecord`]s and an array `[[review]]` of [`ReviewLog`]s. Records are keyed by stable card
//! ids and never deleted, so cards whose entries left the corpus keep their history.
//!
//! [`Store::save`] is durable and safe against other processes: under an exclusive lock on
//! `progress.lock` it reloads the file, merges (the union of the logs; for each card the state
//! with the latest review), writes a temporary file in the same folder, syncs it, renames it
//! over `progress.toml` and syncs the folder. A file that cannot be read or parsed is never
//! overwritten: it is renamed to `progress.toml.corrupt-<timestamp>` and a [`Warning`] says so.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::quiz::schedule::Rating;

/// The version of the file format written by this build.
pub const SCHEMA_VERSION: u32 = 1;
/// The progress file's name in the data dir.
pub const FILE_NAME: &str = "progress.toml";
/// The lock file's name in the data dir.
pub const LOCK_NAME: &str = "progress.lock";
/// The start of the temporary files a save writes before renaming.
const TEMP_PREFIX: &str = ".progress-";

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    /// Never reviewed (no record is stored for such cards).
    New,
    /// Reviewed, but every answer so far was Again.
    Learning,
    /// Recalled at least once since it was last forgotten.
    Review,
    /// Forgotten (Again) after having been in review.
    Relearning,
}

impl CardState {
    pub const ALL: [CardState; 4] = [
        CardState::New,
        CardState::Learning,
        CardState::Review,
        CardState::Relearning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardState::New => "new",
            CardState::Learning => "learning",
            CardState::Review => "review",
            CardState::Relearning => "relearning",
        }
    }
}

impl fmt::Display for CardState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One card's schedule, as of its last review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardRecord {
    pub card_id: String,
    pub entry_id: String,
    pub state: CardState,
    #[serde(with = "rfc3339")]
    pub due: OffsetDateTime,
    pub stability: f32,
    pub difficulty: f32,
    pub reps: u32,
    pub lapses: u32,
    #[serde(with = "rfc3339")]
    pub last_review: OffsetDateTime,
    /// The card's content hash when it was last reviewed.
    pub content_hash: String,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLog {
    pub card_id: String,
    pub rating: Rating,
    #[serde(with = "rfc3339")]
    pub at: OffsetDateTime,
    /// The interval the answer gave, in days.
    pub interval_days: u32,
}

impl ReviewLog {
    /// The identity used when merging logs.
    fn key(&self) -> (String, i128, Rating) {
        (
            self.card_id.clone(),
            self.at.unix_timestamp_nanos(),
            self.rating,
        )
    }
}

/// Every card's record and the review log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub cards: BTreeMap<String, CardRecord>,
    /// Oldest first.
    pub log: Vec<ReviewLog>,
}

impl Progress {
    pub fn get(&self, card_id: &str) -> Option<&CardRecord> {
        self.cards.get(card_id)
    }

    /// Records one answer: the card's new record and its log line.
    pub fn apply(&mut self, record: CardRecord, log: ReviewLog) {
        self.merge_card(record);
        self.log.push(log);
    }

    fn merge_card(&mut self, record: CardRecord) {
        match self.cards.get(&record.card_id) {
            Some(old) if (old.last_review, old.reps) >= (record.last_review, record.reps) => {}
            _ => {
                self.cards.insert(record.card_id.clone(), record);
            }
        }
    }

    /// Merges `other` in: the union of both logs (by card, time and rating) and, for each card,
    /// the record with the later last review.
    pub fn merge(&mut self, other: &Progress) {
        for record in other.cards.values() {
            self.merge_card(record.clone());
        }
        let mut seen: HashSet<_> = self.log.iter().map(ReviewLog::key).collect();
        for log in &other.log {
            if seen.insert(log.key()) {
                self.log.push(log.clone());
            }
        }
        self.log
            .sort_by(|a, b| (a.at, &a.card_id).cmp(&(b.at, &b.card_id)));
    }

    /// The TOML text of the file.
    pub fn to_toml(&self) -> Result<String, ProgressError> {
        let file = FileRef {
            schema_version: SCHEMA_VERSION,
            card: self.cards.values().collect(),
            review: self.log.iter().collect(),
        };
        toml::to_string(&file).map_err(|e| ProgressError::Serialize(e.to_string()))
    }

    /// Parses the file's text. Errors name what is wrong, for the corrupt-file warning.
    pub fn from_toml(text: &str) -> Result<Progress, ParseError> {
        let version: VersionOnly =
            toml::from_str(text).map_err(|e| ParseError::Corrupt(e.to_string()))?;
        match version.schema_version {
            Some(SCHEMA_VERSION) => {}
            Some(v) if v > SCHEMA_VERSION => return Err(ParseError::Newer(v)),
            Some(v) => return Err(ParseError::Corrupt(format!("unknown schema_version {v}"))),
            None => return Err(ParseError::Corrupt("schema_version is missing".into())),
        }
        let file: FileOwned =
            toml::from_str(text).map_err(|e| ParseError::Corrupt(e.to_string()))?;
        let mut progress = Progress::default();
        for record in file.card {
            progress.merge_card(record);
        }
        progress.merge(&Progress {
            cards: BTreeMap::new(),
            log: file.review,
        });
        Ok(progress)
    }
}

#[derive(Serialize)]
struct FileRef<'a> {
    schema_version: u32,
    card: Vec<&'a CardRecord>,
    review: Vec<&'a ReviewLog>,
}

#[derive(Deserialize)]
struct FileOwned {
    #[serde(default)]
    card: Vec<CardRecord>,
    #[serde(default)]
    review: Vec<ReviewLog>,
}

#[derive(Deserialize)]
struct VersionOnly {
    schema_version: Option<u32>,
}

/// Why a progress file's text was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not valid progress data.
    Corrupt(String),
    /// Written by a newer archdeck, with this schema version.
    Newer(u32),
}

/// Something the UI must tell the user, though work can go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The progress file could not be read; it was kept under another name and progress starts
    /// empty.
    Corrupt {
        file: PathBuf,
        kept_as: PathBuf,
        reason: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Corrupt {
                file,
                kept_as,
                reason,
            } => write!(
                f,
                "the progress file {} could not be read ({reason}); it was kept as {} and \
                 progress starts empty. Fix or delete that file; archdeck will not touch it again",
                file.display(),
                kept_as.display()
            ),
        }
    }
}

/// Progress could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "{} was written by a newer archdeck (schema_version {version}, this one knows {SCHEMA_VERSION}); upgrade archdeck to use it",
        path.display()
    )]
    Newer { path: PathBuf, version: u32 },
    #[error("cannot encode progress: {0}")]
    Serialize(String),
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> ProgressError {
    let path = path.to_path_buf();
    move |source| ProgressError::Io {
        action,
        path,
        source,
    }
}

/// Progress as loaded or saved, with anything the user must be told.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<Warning>,
}

/// The progress file in a data dir.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `data_dir`. Nothing is touched until [`Store::load`] or [`Store::save`].
    pub fn new(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: data_dir.into(),
        }
    }

    /// `progress.toml` in the data dir.
    pub fn file(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn lock(&self) -> Result<File, ProgressError> {
        fs::create_dir_all(&self.dir)
            .map_err(io_err("cannot create the data folder", &self.dir))?;
        let path = self.dir.join(LOCK_NAME);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_err("cannot open the lock file", &path))?;
        file.lock().map_err(io_err("cannot lock", &path))?;
        Ok(file)
    }

    /// Loads progress. A missing file is empty progress; an unreadable or corrupt one is renamed
    /// aside (see [`Warning::Corrupt`]). `now` names the renamed file.
    pub fn load(&self, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        if !self.file().exists() {
            return Ok(Loaded::default());
        }
        let _lock = self.lock()?;
        self.read_locked(now)
    }

    fn read_locked(&self, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        let path = self.file();
        let reason = match fs::read(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(e) => format!("cannot read it: {e}"),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "it is not UTF-8 text".to_string(),
                Ok(text) => match Progress::from_toml(&text) {
                    Ok(progress) => {
                        return Ok(Loaded {
                            progress,
                            warnings: Vec::new(),
                        });
                    }
                    Err(ParseError::Newer(version)) => {
                        return Err(ProgressError::Newer { path, version });
                    }
                    Err(ParseError::Corrupt(reason)) => first_line(&reason),
                },
            },
        };
        let kept_as = self.set_aside(now)?;
        Ok(Loaded {
            progress: Progress::default(),
            warnings: vec![Warning::Corrupt {
                file: path,
                kept_as,
                reason,
            }],
        })
    }

    /// Renames the progress file to a free `progress.toml.corrupt-<timestamp>[-n]` name.
    fn set_aside(&self, now: OffsetDateTime) -> Result<PathBuf, ProgressError> {
        let stamp = compact_timestamp(now);
        let path = self.file();
        for n in 0..1000 {
            let name = if n == 0 {
                format!("{FILE_NAME}.corrupt-{stamp}")
            } else {
                format!("{FILE_NAME}.corrupt-{stamp}-{n}")
            };
            let target = self.dir.join(name);
            if target.exists() {
                continue;
            }
            fs::rename(&path, &target)
                .map_err(io_err("cannot move the unreadable progress file", &path))?;
            sync_dir(&self.dir)?;
            return Ok(target);
        }
        Err(ProgressError::Io {
            action: "cannot find a free name to keep the unreadable progress file",
            path,
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        })
    }

    /// Durably saves `progress` merged with what is on disk, under the lock, and returns the
    /// merged progress. `now` names a corrupt file found on disk, which is kept aside.
    pub fn save(&self, progress: &Progress, now: OffsetDateTime) -> Result<Loaded, ProgressError> {
        let _lock = self.lock()?;
        let mut loaded = self.read_locked(now)?;
        loaded.progress.merge(progress);
        let text = loaded.progress.to_toml()?;
        let path = self.file();
        // Under the lock, any temporary file left is from a writer that crashed.
        self.remove_stale_temp_files();
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(io_err("cannot create a temporary file in", &self.dir))?;
        tmp.write_all(text.as_bytes())
            .map_err(io_err("cannot write progress to", tmp.path()))?;
        tmp.as_file()
            .sync_all()
            .map_err(io_err("cannot sync progress to disk", tmp.path()))?;
        tmp.persist(&path).map_err(|e| ProgressError::Io {
            action: "cannot replace",
            path: path.clone(),
            source: e.error,
        })?;
        sync_dir(&self.dir)?;
        Ok(loaded)
    }
}

impl Store {
    fn remove_stale_temp_files(&self) {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in dir.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s);
    line.trim().to_string()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot sync the folder", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), ProgressError> {
    Ok(())
}

/// `20250102T030405Z`: a UTC timestamp safe in file names.
pub fn compact_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Serde for RFC 3339 time strings (`2025-01-02T03:04:05Z`).
pub mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _, ser::Error as _};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    /// Formats a time as RFC 3339.
    pub fn format(t: OffsetDateTime) -> Result<String, time::error::Format> {
        t.format(&Rfc3339)
    }

    /// Parses an RFC 3339 time.
    pub fn parse(s: &str) -> Result<OffsetDateTime, time::error::Parse> {
        OffsetDateTime::parse(s.trim(), &Rfc3339)
    }

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*t).map_err(S::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(|e| D::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn record(id: &str, at: OffsetDateTime, reps: u32) -> CardRecord {
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
    fn toml_round_trip() {
        let at = datetime!(2025-01-02 03:04:05.5 UTC);
        let mut p = Progress::default();
        p.apply(
            record("e/recall", at, 1),
            ReviewLog {
                card_id: "e/recall".into(),
                rating: Rating::Good,
                at,
                interval_days: 2,
            },
        );
        let text = p.to_toml().unwrap();
        assert!(text.starts_with("schema_version = 1\n"), "{text}");
        assert!(text.contains("stability = 2.3065\n"), "{text}");
        assert!(text.contains("at = \"2025-01-02T03:04:05.5Z\""), "{text}");
        assert_eq!(Progress::from_toml(&text).unwrap(), p);
    }

    #[test]
    fn merge_keeps_latest_state_and_union_of_logs() {
        let t1 = datetime!(2025-01-01 10:00 UTC);
        let t2 = datetime!(2025-01-03 10:00 UTC);
        let log = |at, rating| ReviewLog {
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
    fn newer_schema_is_not_corrupt() {
        assert_eq!(
            Progress::from_toml("schema_version = 2\n"),
            Err(ParseError::Newer(2))
        );
        assert!(matches!(
            Progress::from_toml("schema_version = 1\n[[card]]\ncard_id = 3\n"),
            Err(ParseError::Corrupt(_))
        ));
    }

    #[test]
    fn timestamp_for_file_names() {
        assert_eq!(
            compact_timestamp(datetime!(2025-01-02 03:04:05 +02:00)),
            "20250102T010405Z"
        );
    }
}
