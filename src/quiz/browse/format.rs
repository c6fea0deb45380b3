//! The table's cells as text: numbers, stabilities, percentages and due dates, with `-` for a
//! missing value (a new card's).

use time::OffsetDateTime;

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

/// A flag by its colour's name, or `-` for none.
pub fn fmt_flag(flag: u8) -> &'static str {
    match flag {
        0 => "-",
        n => crate::review::CardMark::flag_name(n),
    }
}

/// Whether a card is set aside: `yes` (suspended), `buried` (until the next day starts), or `-`.
pub fn fmt_set_aside(suspended: bool, buried: bool) -> &'static str {
    match (suspended, buried) {
        (true, _) => "yes",
        (false, true) => "buried",
        (false, false) => "-",
    }
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
    use crate::quiz::browse::fixtures::NOW;
    use time::macros::datetime;

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
