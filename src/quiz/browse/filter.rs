//! Which rows the table shows: a [`StateFilter`] (where a card stands) and the whole
//! [`Filter`] (deck, kind, tag, state and text), with the filter box's `deck:`/`kind:`/`tag:`
//! words.

use std::fmt;

use super::Row;
use crate::corpus::Kind;
use crate::quiz::cards::Deck;
use crate::review::CardState;

/// Which cards by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateFilter {
    All,
    /// One of the four [`CardState`]s.
    State(CardState),
    /// Reviewed cards due today or overdue (neither suspended nor buried).
    Due,
    Suspended,
    /// Buried by the user until a later time.
    Buried,
    Leech,
    /// Cards with any flag.
    Flagged,
}

impl StateFilter {
    /// Every filter, in the order the TUI cycles them.
    pub const ALL: [StateFilter; 10] = [
        StateFilter::All,
        StateFilter::Due,
        StateFilter::State(CardState::New),
        StateFilter::State(CardState::Learning),
        StateFilter::State(CardState::Review),
        StateFilter::State(CardState::Relearning),
        StateFilter::Suspended,
        StateFilter::Buried,
        StateFilter::Leech,
        StateFilter::Flagged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::State(s) => s.as_str(),
            StateFilter::Due => "due",
            StateFilter::Suspended => "suspended",
            StateFilter::Buried => "buried",
            StateFilter::Leech => "leech",
            StateFilter::Flagged => "flagged",
        }
    }

    /// A filter by name (any case).
    pub fn parse(name: &str) -> Option<StateFilter> {
        let name = name.trim().to_lowercase();
        StateFilter::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The accepted names, for error messages.
    pub fn names() -> String {
        StateFilter::ALL.map(StateFilter::as_str).join(", ")
    }

    /// The next filter in [`StateFilter::ALL`], wrapping.
    pub fn next(self) -> StateFilter {
        let i = StateFilter::ALL
            .iter()
            .position(|c| *c == self)
            .unwrap_or(0);
        StateFilter::ALL[(i + 1) % StateFilter::ALL.len()]
    }

    pub fn matches(self, row: &Row) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::State(s) => row.state == s,
            StateFilter::Due => row.is_due && !row.suspended && !row.buried,
            StateFilter::Suspended => row.suspended,
            StateFilter::Buried => row.buried,
            StateFilter::Leech => row.leech,
            StateFilter::Flagged => row.flag > 0,
        }
    }
}

impl fmt::Display for StateFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rows to show. Every part must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// As `quiz --deck`: all, a kind or a tag.
    pub deck: Deck,
    pub kind: Option<Kind>,
    pub tag: Option<String>,
    pub state: StateFilter,
    /// A substring of the card id or the entry's title, in any case.
    pub text: String,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            deck: Deck::All,
            kind: None,
            tag: None,
            state: StateFilter::All,
            text: String::new(),
        }
    }
}

impl Filter {
    pub fn matches(&self, row: &Row) -> bool {
        let in_deck = match &self.deck {
            Deck::All => true,
            Deck::Kind(k) => row.kind == *k,
            Deck::Tag(t) => row.tags.iter().any(|x| x.eq_ignore_ascii_case(t)),
        };
        let text = self.text.trim().to_lowercase();
        in_deck
            && self.kind.is_none_or(|k| row.kind == k)
            && self
                .tag
                .as_ref()
                .is_none_or(|t| row.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && self.state.matches(row)
            && (text.is_empty()
                || row.card_id.to_lowercase().contains(&text)
                || row.title.to_lowercase().contains(&text))
    }

    /// Sets the deck, kind, tag and text from a filter box's words: `deck:D` (as `quiz --deck`),
    /// `kind:K` and `tag:T` terms, in any case; the other words, joined by spaces, are the text.
    /// A term that names no kind, or an empty term, is an error naming the term; then nothing
    /// changes.
    pub fn set_query(&mut self, query: &str) -> Result<(), String> {
        let (mut deck, mut kind, mut tag) = (Deck::All, None, None);
        let mut text = Vec::new();
        for word in query.split_whitespace() {
            let Some((key, value)) = word.split_once(':') else {
                text.push(word);
                continue;
            };
            let key = key.to_lowercase();
            if !matches!(key.as_str(), "deck" | "kind" | "tag") {
                text.push(word);
                continue;
            }
            if value.is_empty() {
                let example = match key.as_str() {
                    "deck" => "deck:patterns",
                    "kind" => "kind:pattern",
                    _ => "tag:resilience",
                };
                return Err(format!("`{word}` needs a value, such as {example}"));
            }
            match key.as_str() {
                "deck" => deck = Deck::parse(value),
                "kind" => {
                    kind = Some(Kind::parse(value).ok_or_else(|| {
                        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                        format!("no kind `{value}`; use one of: {}", names.join(", "))
                    })?);
                }
                _ => tag = Some(value.to_lowercase()),
            }
        }
        self.deck = deck;
        self.kind = kind;
        self.tag = tag;
        self.text = text.join(" ");
        Ok(())
    }

    /// The rows that match, in their order.
    pub fn apply<'a>(&self, rows: &'a [Row]) -> Vec<&'a Row> {
        rows.iter().filter(|r| self.matches(r)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::browse::fixtures::sample;

    #[test]
    fn filters_by_deck_kind_tag_state_and_text() {
        let rows = sample();
        let pick = |f: Filter| -> Vec<String> {
            f.apply(&rows).iter().map(|r| r.card_id.clone()).collect()
        };
        let f = Filter {
            deck: Deck::parse("patterns"),
            ..Filter::default()
        };
        assert_eq!(pick(f).len(), 3);
        let f = Filter {
            deck: Deck::parse("resilience"),
            ..Filter::default()
        };
        assert_eq!(pick(f), ["retry/recall", "bulkhead/reverse"]);
        let f = Filter {
            tag: Some("DATA".into()),
            kind: Some(Kind::Concept),
            ..Filter::default()
        };
        assert_eq!(pick(f), ["new-one/recall"]);
        let f = Filter {
            state: StateFilter::Due,
            ..Filter::default()
        };
        assert_eq!(pick(f), ["retry/recall"]);
        let f = Filter {
            state: StateFilter::State(CardState::New),
            ..Filter::default()
        };
        assert_eq!(pick(f), ["new-one/recall"]);
        // Text matches the id or the title, in any case.
        let f = Filter {
            text: "BULK".into(),
            ..Filter::default()
        };
        assert_eq!(pick(f), ["bulkhead/reverse"]);
        let f = Filter {
            text: "reverse".into(),
            ..Filter::default()
        };
        assert_eq!(pick(f), ["bulkhead/reverse"]);
        let f = Filter {
            text: "cqrs".into(),
            state: StateFilter::State(CardState::New),
            ..Filter::default()
        };
        assert!(pick(f).is_empty(), "every part must match");
    }

    #[test]
    fn a_query_sets_deck_kind_tag_and_text() {
        let rows = sample();
        let mut f = Filter::default();
        f.set_query("Kind:Pattern tag:resilience  bulk")
            .expect("parses");
        assert_eq!(
            (f.kind, f.tag.as_deref(), f.text.as_str()),
            (Some(Kind::Pattern), Some("resilience"), "bulk")
        );
        let ids: Vec<&str> = f.apply(&rows).iter().map(|r| r.card_id.as_str()).collect();
        assert_eq!(ids, ["bulkhead/reverse"]);
        f.set_query("deck:data").expect("parses");
        assert_eq!(f.apply(&rows).len(), 2);
        assert_eq!(f.kind, None, "terms not given are cleared");
        // Other colons are text (ids never hold one, titles may).
        f.set_query("re: cqrs").expect("parses");
        assert_eq!(f.text, "re: cqrs");
        let err = f.set_query("kind:widget x").expect_err("no such kind");
        assert!(err.contains("`widget`") && err.contains("pattern"), "{err}");
        assert_eq!(f.text, "re: cqrs", "an error changes nothing");
        let err = f.set_query("tag:").expect_err("empty");
        assert!(err.contains("tag:resilience"), "{err}");
    }
}
