//! The file format: `progress.toml`, versioned TOML with `[[card]]` records and `[[review]]`
//! log lines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::Progress;
use crate::review::{CardRecord, ReviewLog};

/// The version of the file format written by this build.
pub const SCHEMA_VERSION: u32 = 1;

impl Progress {
    /// The TOML text of the file.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let file = FileRef {
            schema_version: SCHEMA_VERSION,
            card: self.cards.values().collect(),
            review: self.log.iter().collect(),
        };
        toml::to_string(&file)
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
            marks: BTreeMap::new(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::tests::record;
    use crate::review::Rating;
    use time::macros::datetime;

    #[test]
    fn toml_round_trip() {
        let at = datetime!(2025-01-02 03:04:05.5 UTC);
        let mut p = Progress::default();
        p.apply(
            record("e/recall", at, 1),
            ReviewLog {
                id: String::new(),
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
}
