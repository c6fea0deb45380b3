//! The statistics screen: counts, retention, a 14-day due forecast, reviews per day and the
//! weakest entries.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline, Widget};

use crate::progress::CardState;
use crate::tui::app::App;

const STATES: [CardState; 4] = [
    CardState::New,
    CardState::Learning,
    CardState::Review,
    CardState::Relearning,
];

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = &app.stats else { return };
    let t = app.theme;
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border_focused())
        .title(Span::styled(" statistics ", t.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let [top, forecast, activity, weak] = Layout::vertical([
        Constraint::Length(3 + s.by_kind.len() as u16),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Min(3),
    ])
    .areas(inner);

    let retention = s.retention.map_or("no reviews yet".to_string(), |r| {
        format!("{:.0}%", r * 100.0)
    });
    let mut lines = vec![Line::from(vec![
        Span::styled("Reviews ", t.dim()),
        Span::raw(s.reviews.to_string()),
        Span::styled("   retention ", t.dim()),
        Span::raw(retention),
        Span::styled("   cards ", t.dim()),
        Span::raw(s.total.total().to_string()),
        Span::styled("   retrievability now ", t.dim()),
        Span::raw(s.retrievability.map_or("no reviews yet".to_string(), |r| {
            format!(
                "{:.0}% on average, {} of {} below 90%",
                r.average * 100.0,
                r.below_90,
                r.cards
            )
        })),
    ])];
    let header: String = STATES
        .iter()
        .map(|st| format!("{:>11}", st.as_str()))
        .collect();
    lines.push(Line::styled(format!("{:<12}{header}", "kind"), t.dim()));
    for (kind, counts) in &s.by_kind {
        let row: String = STATES
            .iter()
            .map(|st| format!("{:>11}", counts.get(*st)))
            .collect();
        lines.push(Line::raw(format!("{:<12}{row}", kind.as_str())));
    }
    let row: String = STATES
        .iter()
        .map(|st| format!("{:>11}", s.total.get(*st)))
        .collect();
    lines.push(Line::styled(format!("{:<12}{row}", "all"), t.title()));
    Paragraph::new(lines).render(top, buf);

    let bars: Vec<Bar> = s
        .forecast
        .iter()
        .enumerate()
        .map(|(d, n)| {
            let label = if d == 0 {
                "today".to_string()
            } else {
                format!("+{d}")
            };
            Bar::default().value(u64::from(*n)).label(Line::raw(label))
        })
        .collect();
    BarChart::default()
        .block(Block::new().title(Span::styled("Due in the next 14 days", t.dim())))
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1)
        .bar_style(t.kind(crate::corpus::Kind::Pattern))
        .render(forecast, buf);

    let data: Vec<u64> = s.per_day.iter().map(|n| u64::from(*n)).collect();
    let peak = data.iter().max().copied().unwrap_or(0);
    let [chart, axis] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(activity);
    Sparkline::default()
        .block(Block::new().title(Span::styled(
            format!("Reviews per day, last {} days (most: {peak})", data.len()),
            t.dim(),
        )))
        .data(&data)
        .style(t.kind(crate::corpus::Kind::Concept))
        .render(chart, buf);
    Paragraph::new(Line::styled(date_axis(s.today, data.len()), t.dim())).render(axis, buf);

    let mut weak_lines = vec![Line::styled(
        "Weakest entries (most lapses) — Enter opens",
        t.dim(),
    )];
    if s.weakest.is_empty() {
        weak_lines.push(Line::raw("None yet: no card has been answered Again."));
    }
    for (i, w) in s.weakest.iter().enumerate() {
        let title = app
            .corpus
            .get(&w.entry_id)
            .map_or(w.entry_id.as_str(), |e| e.title.as_str());
        let line = Line::raw(format!(
            "{:>3} lapses  {:>3} again  {title}",
            w.lapses, w.agains
        ));
        weak_lines.push(if i == s.selected {
            line.style(t.selected())
        } else {
            line
        });
    }
    Paragraph::new(weak_lines).render(weak, buf);
}

/// The date axis under a chart of one column per day ending today: the first day's date at
/// the left, "today" under the last column.
fn date_axis(today: time::Date, days: usize) -> String {
    let Some(first) = today.checked_sub(time::Duration::days(days.saturating_sub(1) as i64)) else {
        return String::new();
    };
    let start = format!(
        "{}-{:02}-{:02}",
        first.year(),
        u8::from(first.month()),
        first.day()
    );
    let end = "today";
    let gap = days.saturating_sub(start.len() + end.len());
    if gap == 0 {
        return format!("{start} … {end}");
    }
    format!("{start}{}{end}", " ".repeat(gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_axis_spans_the_chart() {
        let today = time::macros::date!(2026 - 03 - 31);
        let axis = date_axis(today, 30);
        assert_eq!(axis, format!("2026-03-02{}today", " ".repeat(15)));
        assert_eq!(axis.chars().count(), 30);
    }
}
