//! Rows for the browser's tests: one new card and three reviewed ones, at [`NOW`].

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::Row;
use crate::corpus::Kind;
use crate::quiz::cards::CardType;
use crate::review::CardState;

pub(super) const NOW: OffsetDateTime = datetime!(2026-03-10 09:00 UTC);

pub(super) fn row(id: &str, title: &str, kind: Kind, tags: &[&str]) -> Row {
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

pub(super) fn reviewed(mut r: Row, due_days: i64, stability: f32, ret: f32) -> Row {
    r.state = CardState::Review;
    r.due = Some(NOW + Duration::days(due_days));
    r.is_due = due_days <= 0;
    r.stability = Some(stability);
    r.difficulty = Some(5.0);
    r.retrievability = Some(ret);
    r.reps = 1;
    r
}

pub(super) fn sample() -> Vec<Row> {
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

pub(super) fn ids(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.card_id.as_str()).collect()
}
