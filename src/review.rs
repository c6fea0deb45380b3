//! The review types shared by the scheduler ([`crate::quiz::schedule`]) and the progress store
//! ([`crate::progress`]): a [`Rating`], a card's [`CardState`] and [`CardRecord`], and one
//! answer's [`ReviewLog`]. Plain serde data at the bottom of the core, importing neither.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How well the user recalled a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Forgot (1). Automatic grading gives this for a wrong answer.
    Again,
    /// Recalled with serious difficulty (2).
    Hard,
    /// Recalled (3). Automatic grading gives this for a right answer.
    Good,
    /// Recalled effortlessly (4).
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// 1 to 4, as FSRS and the keys number them.
    pub fn number(self) -> u8 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    /// The rating for a key or line `1`..`4`.
    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
    pub stability: f32,
    pub difficulty: f32,
    pub reps: u32,
    pub lapses: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub last_review: OffsetDateTime,
    /// The card's content hash when it was last reviewed.
    pub content_hash: String,
}

/// What the user set on a card besides its schedule: suspended (left out of every session,
/// cram included, until unsuspended), tagged a leech (suspended for lapsing too often), flagged,
/// or buried until a time. A card can carry a mark before it was ever reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CardMark {
    #[serde(default)]
    pub suspended: bool,
    /// Suspended because its lapses reached `leech_lapses`; unsuspending clears it.
    #[serde(default)]
    pub leech: bool,
    /// 0 none, 1 red, 2 orange, 3 green, 4 blue, as Anki.
    #[serde(default)]
    pub flag: u8,
    /// Left out of sessions (cram excepted) until this time.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub buried_until: Option<OffsetDateTime>,
    /// When the mark last changed: an import keeps the later of two marks of one card.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

impl CardMark {
    /// The highest flag number (blue).
    pub const MAX_FLAG: u8 = 4;

    /// The flag's name: `none`, `red`, `orange`, `green` or `blue`.
    pub fn flag_name(flag: u8) -> &'static str {
        match flag {
            1 => "red",
            2 => "orange",
            3 => "green",
            4 => "blue",
            _ => "none",
        }
    }

    /// Whether the card is buried at `now`.
    pub fn is_buried(&self, now: OffsetDateTime) -> bool {
        self.buried_until.is_some_and(|until| until > now)
    }

    /// Whether this mark replaces `other` when two copies merge: the later `updated_at` wins
    /// (a mark without one is older than any with one); on a tie the stored one stays.
    pub fn newer_than(&self, other: &CardMark) -> bool {
        self.updated_at > other.updated_at
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLog {
    /// The review's own id (128 random bits in hex), given when it is first saved: two answers
    /// are never merged into one, however alike. Empty until saved (and in old progress files).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub card_id: String,
    pub rating: Rating,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The interval the answer gave, in days.
    pub interval_days: u32,
}

impl ReviewLog {
    /// The identity used when merging logs: the id, or for a review without one (from an old
    /// progress file), card, time and rating.
    pub fn merge_key(&self) -> (String, String, i128, Rating) {
        if self.id.is_empty() {
            (
                String::new(),
                self.card_id.clone(),
                self.at.unix_timestamp_nanos(),
                self.rating,
            )
        } else {
            (self.id.clone(), String::new(), 0, Rating::Again)
        }
    }
}

/// Time arithmetic that never panics near the ends of the calendar (years 1 and 9999), where
/// `time`'s operators would: results saturate at the ends instead.
pub mod times {
    use time::{Duration, OffsetDateTime, UtcOffset};

    /// The last representable instant, 9999-12-31 23:59:59.999999999 UTC.
    pub const MAX: OffsetDateTime = time::macros::datetime!(9999-12-31 23:59:59.999_999_999 UTC);
    /// The first instant archdeck accepts, 0001-01-01 00:00 UTC.
    pub const MIN: OffsetDateTime = time::macros::datetime!(0001-01-01 00:00 UTC);

    /// `t` plus `d`, saturating at [`MIN`] and [`MAX`].
    pub fn add(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
        t.checked_add(d)
            .unwrap_or(if d.is_negative() { MIN } else { MAX })
    }

    /// `t` on `offset`, or `t` unchanged where that would leave the calendar.
    pub fn on(t: OffsetDateTime, offset: UtcOffset) -> OffsetDateTime {
        t.checked_to_offset(offset).unwrap_or(t)
    }

    /// Whether `t` lies in years 1 to 9999 in UTC (the range archdeck accepts).
    pub fn in_range(t: OffsetDateTime) -> bool {
        t.checked_to_offset(UtcOffset::UTC)
            .is_some_and(|u| (1..=9999).contains(&u.year()))
    }
}
