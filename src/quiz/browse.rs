//! The card browser's table: one [`Row`] per card of the corpus (new cards included) joined
//! with its progress, sorted by any [`Column`] and filtered by deck, kind, tag, [`StateFilter`]
//! and text. Pure: the cards, the progress and `now` are passed in; both the TUI's card browser
//! and `archdeck cards` draw from here.

use std::cmp::Ordering;
use std::fmt;

use time::OffsetDateTime;

use crate::corpus::Kind;
use crate::progress::Progress;
use crate::quiz::cards::{Card, CardType, Deck};
use crate::quiz::schedule::is_due;
use crate::quiz::stats::retrievability;
use crate::review::CardState;

/// One card and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub card_id: String,
    pub entry_id: String,
    /// The entry's title.
    pub title: String,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub card_type: CardType,
    pub state: CardState,
    /// When the card is due; `None` for a new card.
    pub due: Option<OffsetDateTime>,
    /// Whether it is due on `now`'s day (or overdue); never for a new card.
    pub is_due: bool,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    /// The probability of recalling it at `now` (see [`retrievability`]); `None` for a new
    /// card.
    pub retrievability: Option<f32>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    /// Buried by the user until after `now`.
    pub buried: bool,
    pub leech: bool,
    /// 0 for none, else the flag's number.
    pub flag: u8,
}

/// Every card of `cards` with its progress at `now`, in the order given. `decay` is the
/// forgetting curve's decay parameter (see [`retrievability`]).
pub fn rows(cards: &[Card], progress: &Progress, now: OffsetDateTime, decay: f32) -> Vec<Row> {
    cards
        .iter()
        .map(|card| {
            let record = progress.get(&card.id);
            let (suspended, leech, flag) = marks_of(progress, &card.id);
            let buried = progress.is_buried(&card.id, now);
            Row {
                card_id: card.id.clone(),
                entry_id: card.entry_id.clone(),
                title: card.title.clone(),
                kind: card.kind,
                tags: card.tags.clone(),
                card_type: card.card_type,
                state: record.map_or(CardState::New, |r| r.state),
                due: record.map(|r| r.due),
                is_due: record.is_some_and(|r| is_due(r.due, now)),
                stability: record.map(|r| r.stability),
                difficulty: record.map(|r| r.difficulty),
                retrievability: record.and_then(|r| retrievability(r, now, decay)),
                reps: record.map_or(0, |r| r.reps),
                lapses: record.map_or(0, |r| r.lapses),
                suspended,
                buried,
                leech,
                flag,
            }
        })
        .collect()
}

/// A card's marks: suspended, leech and flag (none for a card never marked).
fn marks_of(progress: &Progress, card_id: &str) -> (bool, bool, u8) {
    progress
        .mark(card_id)
        .map_or((false, false, 0), |m| (m.suspended, m.leech, m.flag))
}

/// A column of the table, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The card id (`<entry-id>/<card-type>`).
    Id,
    /// The entry's title.
    Title,
    Kind,
    /// The card type: recall, reverse, verdict, …
    Type,
    State,
    Due,
    Stability,
    Difficulty,
    Retrievability,
    Reps,
    Lapses,
    Suspended,
    Flag,
    Leech,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 14] = [
        Column::Id,
        Column::Title,
        Column::Kind,
        Column::Type,
        Column::State,
        Column::Due,
        Column::Stability,
        Column::Difficulty,
        Column::Retrievability,
        Column::Reps,
        Column::Lapses,
        Column::Suspended,
        Column::Flag,
        Column::Leech,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Title => "title",
            Column::Kind => "kind",
            Column::Type => "type",
            Column::State => "state",
            Column::Due => "due",
            Column::Stability => "stability",
            Column::Difficulty => "difficulty",
            Column::Retrievability => "retrievability",
            Column::Reps => "reps",
            Column::Lapses => "lapses",
            Column::Suspended => "suspended",
            Column::Flag => "flag",
            Column::Leech => "leech",
        }
    }

    /// A column by name (any case; `r` and `ret` for retrievability).
    pub fn parse(name: &str) -> Option<Column> {
        let name = name.trim().to_lowercase();
        match name.as_str() {
            "r" | "ret" => return Some(Column::Retrievability),
            "card" => return Some(Column::Id),
            _ => {}
        }
        Column::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The accepted names, for error messages.
    pub fn names() -> String {
        Column::ALL.map(Column::as_str).join(", ")
    }

    /// The next column in [`Column::ALL`], wrapping.
    pub fn next(self) -> Column {
        let i = Column::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Column::ALL[(i + 1) % Column::ALL.len()]
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares two optional numbers with `None` (a new card) after every number, whichever the
/// direction: the caller reverses only the `Some` part.
fn cmp_opt<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts rows by `column`, ascending or `descending`; ties go by card id, ascending. New cards
/// (with no due date, stability, difficulty or retrievability) sort last by those columns in
/// either direction.
pub fn sort(rows: &mut [Row], column: Column, descending: bool) {
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by(|a, b| {
        let primary = match column {
            Column::Id => dir(a.card_id.cmp(&b.card_id)),
            Column::Title => dir(a
                .title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then_with(|| a.card_type.cmp(&b.card_type))),
            Column::Kind => dir(a.kind.cmp(&b.kind)),
            Column::Type => dir(a.card_type.cmp(&b.card_type)),
            Column::State => dir(a.state.cmp(&b.state)),
            Column::Due => cmp_opt(a.due, b.due, descending),
            Column::Stability => cmp_opt(a.stability, b.stability, descending),
            Column::Difficulty => cmp_opt(a.difficulty, b.difficulty, descending),
            Column::Retrievability => cmp_opt(a.retrievability, b.retrievability, descending),
            Column::Reps => dir(a.reps.cmp(&b.reps)),
            Column::Lapses => dir(a.lapses.cmp(&b.lapses)),
            Column::Suspended => dir(a.suspended.cmp(&b.suspended)),
            Column::Flag => dir(a.flag.cmp(&b.flag)),
            Column::Leech => dir(a.leech.cmp(&b.leech)),
        };
        primary.then_with(|| a.card_id.cmp(&b.card_id))
    });
}

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

/// A number shown with at most `digits` decimals, or `-` for none.
pub fn fmt_num(x: Option<f32>, digits: usize) -> String {
    x.filter(|x| x.is_finite())
        .map_or("-".into(), |x| format!("{x:.digits$}"))
}

/// A stability in days: two decimals below one day (FSRS gives forgotten cards a few
/// hundredths), one below a hundred, whole days beyond; `-` for none.
pub fn fmt_stability(x: Option<f32>) -> String {
    match x {
        Some(s) if s < 1.0 => fmt_num(Some(s), 2),
        Some(s) if s < 100.0 => fmt_num(Some(s), 1),
        s => fmt_num(s, 0),
    }
}

/// A retrievability as a whole percentage, or `-` for none.
pub fn fmt_percent(x: Option<f32>) -> String {
    x.filter(|x| x.is_finite())
        .map_or("-".into(), |x| format!("{:.0}%", x * 100.0))
}

/// A due date as `YYYY-MM-DD` on `now`'s offset (the user's day), or `-` for a new card.
pub fn fmt_due(due: Option<OffsetDateTime>, now: OffsetDateTime) -> String {
    due.map_or("-".into(), |d| {
        let d = crate::review::times::on(d, now.offset()).date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::CardRecord;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-03-10 09:00 UTC);

    fn row(id: &str, title: &str, kind: Kind, tags: &[&str]) -> Row {
        Row {
            card_id: id.into(),
            entry_id: id.split('/').next().unwrap_or(id).into(),
            title: title.into(),
            kind,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            card_type: CardType::Recall,
            state: CardState::New,
            due: None,
            is_due: false,
            stability: None,
            difficulty: None,
            retrievability: None,
            reps: 0,
            lapses: 0,
            suspended: false,
            buried: false,
            leech: false,
            flag: 0,
        }
    }

    fn reviewed(mut r: Row, due_days: i64, stability: f32, ret: f32) -> Row {
        r.state = CardState::Review;
        r.due = Some(NOW + Duration::days(due_days));
        r.is_due = due_days <= 0;
        r.stability = Some(stability);
        r.difficulty = Some(5.0);
        r.retrievability = Some(ret);
        r.reps = 1;
        r
    }

    fn sample() -> Vec<Row> {
        vec![
            row("new-one/recall", "New One", Kind::Concept, &["data"]),
            reviewed(
                row("cqrs/recall", "CQRS", Kind::Pattern, &["data"]),
                3,
                10.0,
                0.95,
            ),
            reviewed(
                row("retry/recall", "Retry", Kind::Pattern, &["resilience"]),
                -1,
                2.0,
                0.85,
            ),
            reviewed(
                row(
                    "bulkhead/reverse",
                    "Bulkhead",
                    Kind::Pattern,
                    &["resilience"],
                ),
                10,
                30.0,
                0.99,
            ),
        ]
    }

    fn ids(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.card_id.as_str()).collect()
    }

    #[test]
    fn new_cards_sort_last_by_retrievability_in_both_directions() {
        let mut rows = sample();
        sort(&mut rows, Column::Retrievability, false);
        assert_eq!(
            ids(&rows),
            [
                "retry/recall",
                "cqrs/recall",
                "bulkhead/reverse",
                "new-one/recall"
            ]
        );
        sort(&mut rows, Column::Retrievability, true);
        assert_eq!(
            ids(&rows),
            [
                "bulkhead/reverse",
                "cqrs/recall",
                "retry/recall",
                "new-one/recall"
            ]
        );
        sort(&mut rows, Column::Due, true);
        assert_eq!(ids(&rows)[3], "new-one/recall");
        assert_eq!(ids(&rows)[0], "bulkhead/reverse");
    }

    #[test]
    fn text_columns_sort_and_reverse_with_ties_by_id() {
        let mut rows = sample();
        sort(&mut rows, Column::Title, false);
        assert_eq!(
            ids(&rows),
            [
                "bulkhead/reverse",
                "cqrs/recall",
                "new-one/recall",
                "retry/recall"
            ]
        );
        sort(&mut rows, Column::Kind, true);
        // Three patterns tie: by id, ascending, whatever the direction.
        assert_eq!(
            ids(&rows),
            [
                "bulkhead/reverse",
                "cqrs/recall",
                "retry/recall",
                "new-one/recall"
            ]
        );
        sort(&mut rows, Column::Type, true);
        assert_eq!(ids(&rows)[0], "bulkhead/reverse");
    }

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

    #[test]
    fn names_parse_back_and_cycle() {
        for c in Column::ALL {
            assert_eq!(Column::parse(c.as_str()), Some(c));
        }
        assert_eq!(Column::parse("R"), Some(Column::Retrievability));
        assert_eq!(Column::parse("nope"), None);
        assert_eq!(Column::Leech.next(), Column::Id);
        for s in StateFilter::ALL {
            assert_eq!(StateFilter::parse(s.as_str()), Some(s));
        }
        assert_eq!(StateFilter::Flagged.next(), StateFilter::All);
        assert!(StateFilter::names().contains("relearning"));
    }

    #[test]
    fn rows_join_every_card_with_its_record() {
        let corpus = crate::corpus::Corpus::embedded().0;
        let cards = crate::quiz::cards::generate(&corpus, 0);
        let card = &cards[0];
        let mut progress = Progress::default();
        let last = NOW - Duration::days(4);
        progress.cards.insert(
            card.id.clone(),
            CardRecord {
                card_id: card.id.clone(),
                entry_id: card.entry_id.clone(),
                state: CardState::Review,
                due: NOW - Duration::days(1),
                stability: 4.0,
                difficulty: 5.5,
                reps: 2,
                lapses: 1,
                last_review: last,
                content_hash: String::new(),
            },
        );
        progress.marks.insert(
            cards[1].id.clone(),
            crate::review::CardMark {
                suspended: true,
                leech: true,
                flag: 2,
                ..Default::default()
            },
        );
        let rows = rows(&cards, &progress, NOW, fsrs::FSRS6_DEFAULT_DECAY);
        assert_eq!(
            (rows[1].suspended, rows[1].leech, rows[1].flag),
            (true, true, 2)
        );
        assert!(!rows[0].suspended && !rows[0].leech && rows[0].flag == 0);
        assert_eq!(rows.len(), cards.len(), "new cards have rows too");
        let r = &rows[0];
        assert_eq!(r.state, CardState::Review);
        assert!(r.is_due);
        assert_eq!((r.reps, r.lapses), (2, 1));
        // Four days after the last review with a stability of four days: 90%, by definition
        // of stability.
        let ret = r.retrievability.expect("reviewed");
        assert!((ret - 0.9).abs() < 1e-4, "{ret}");
        assert!(
            rows[1..].iter().all(|r| r.state == CardState::New
                && r.retrievability.is_none()
                && r.due.is_none())
        );
    }

    #[test]
    fn formats_missing_values_as_a_dash() {
        assert_eq!(fmt_num(None, 1), "-");
        assert_eq!(fmt_num(Some(2.345), 1), "2.3");
        assert_eq!(fmt_percent(Some(0.876)), "88%");
        assert_eq!(fmt_stability(Some(0.0123)), "0.01");
        assert_eq!(fmt_stability(Some(42.66)), "42.7");
        assert_eq!(fmt_stability(Some(36500.0)), "36500");
        assert_eq!(fmt_stability(None), "-");
        assert_eq!(fmt_due(None, NOW), "-");
        assert_eq!(
            fmt_due(Some(datetime!(2026-03-11 23:00 UTC)), NOW),
            "2026-03-11"
        );
    }
}
