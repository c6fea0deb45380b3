//! The table's columns ([`Column`]: names, parsing, cycling) and sorting rows by one, new
//! cards last by the columns they have no value for.

use std::cmp::Ordering;
use std::fmt;

use super::Row;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::browse::fixtures::{ids, sample};

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
}
