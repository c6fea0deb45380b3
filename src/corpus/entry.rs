//! The entry model: what an entry is ([`Entry`]), its [`Kind`] and a rule's [`Verdict`], and
//! where it was defined ([`Origin`]). Plain data with no parsing, shared by the loader, the
//! app and `build.rs`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What sort of knowledge an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An idea or term: CAP theorem, idempotency.
    Concept,
    /// A reusable solution to a recurring problem: circuit breaker, saga.
    Pattern,
    /// A value or guiding principle: a software virtue, a twelve-factor rule.
    Principle,
    /// A do or don't, with a verdict and the reason for it.
    Rule,
    /// One of the fallacies of distributed computing.
    Fallacy,
    /// A book, article or talk worth knowing.
    Reference,
    /// A named law or rule of thumb: Conway's law, Hyrum's law, Little's law.
    Law,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 7] = [
        Kind::Concept,
        Kind::Pattern,
        Kind::Principle,
        Kind::Rule,
        Kind::Fallacy,
        Kind::Law,
        Kind::Reference,
    ];

    /// The name used in decks and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Concept => "concept",
            Kind::Pattern => "pattern",
            Kind::Principle => "principle",
            Kind::Rule => "rule",
            Kind::Fallacy => "fallacy",
            Kind::Reference => "reference",
            Kind::Law => "law",
        }
    }

    /// Parses a kind name, accepting the plural too (`patterns`).
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase();
        let singular = match name.as_str() {
            "fallacies" => "fallacy",
            other => other.strip_suffix('s').unwrap_or(other),
        };
        Kind::ALL.into_iter().find(|k| k.as_str() == singular)
    }

    /// A one-letter marker for lists.
    pub fn marker(self) -> char {
        match self {
            Kind::Concept => 'C',
            Kind::Pattern => 'P',
            Kind::Principle => 'I',
            Kind::Rule => 'R',
            Kind::Fallacy => 'F',
            Kind::Reference => 'S',
            Kind::Law => 'L',
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The widest a diagram may be, in columns.
pub const DIAGRAM_WIDTH: usize = 76;

/// A rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A practice to follow.
    Do,
    /// A practice to avoid.
    Dont,
}

impl Verdict {
    /// The label shown to users: `DO` or `DON'T`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Do => "DO",
            Verdict::Dont => "DON'T",
        }
    }
}

/// Where an entry was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as shown in messages (`data/patterns/resilience.toml`).
    pub file: String,
    /// 1-based line of the entry's `id`.
    pub line: usize,
    /// Whether the entry ships with archdeck.
    pub builtin: bool,
}

/// One piece of knowledge.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub body: String,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Patterns: the situation that calls for the pattern.
    pub problem: Option<String>,
    /// Rules: do or don't.
    pub verdict: Option<Verdict>,
    /// Rules: the practice, phrased neutrally.
    pub statement: Option<String>,
    /// Rules: the reason for the verdict.
    pub why: Option<String>,
    /// Fallacies and laws: situations where the fallacy or the law bites.
    pub scenarios: Vec<String>,
    /// A text diagram (box-drawing characters, at most [`DIAGRAM_WIDTH`] columns), shown
    /// unwrapped.
    pub diagram: Option<String>,
    pub origin: Origin,
    /// For built-in entries, the lower-cased text that search matches, computed when archdeck
    /// was built ([`search_text`]); `None` for entries from user decks.
    pub lowered: Option<Lowered>,
}

/// Lower-cased search text compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lowered {
    /// Summary, problem and statement.
    pub text: &'static str,
    pub body: &'static str,
}

/// The lower-cased text search matches against an entry: summary, problem and statement
/// joined by spaces, and the body.
pub fn search_text(e: &Entry) -> (String, String) {
    let mut text = e.summary.to_lowercase();
    for extra in [&e.problem, &e.statement].into_iter().flatten() {
        text.push(' ');
        text.push_str(&extra.to_lowercase());
    }
    (text, e.body.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_parse_accepts_plurals() {
        assert_eq!(Kind::parse("fallacies"), Some(Kind::Fallacy));
        assert_eq!(Kind::parse("Patterns"), Some(Kind::Pattern));
        assert_eq!(Kind::parse("nope"), None);
    }
}
