//! The card browser: a line with the sort, the state filter and the text filter, then a table
//! of cards whose columns fit the width (the least useful go first when it is narrow).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::quiz::browse::{self, Column, Row};
use crate::tui::app::App;
use crate::tui::cards::CardsState;
use crate::tui::theme::Theme;

/// A column on screen: what it shows, its heading, width and alignment, and how early it is
/// dropped when the screen is narrow (higher goes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub column: Column,
    pub head: &'static str,
    pub width: u16,
    pub right: bool,
    drop_order: u8,
}

const fn col(column: Column, head: &'static str, width: u16, right: bool, drop_order: u8) -> Col {
    Col {
        column,
        head,
        width,
        right,
        drop_order,
    }
}

/// The narrowest the title gets before other columns make way.
const TITLE_MIN: u16 = 12;

/// Every column in table order; the title's width is what the others leave.
const COLS: [Col; 13] = [
    col(Column::Title, "TITLE", TITLE_MIN, false, 0),
    col(Column::Type, "TYPE", 7, false, 4),
    col(Column::Kind, "KIND", 9, false, 9),
    col(Column::State, "STATE", 10, false, 3),
    col(Column::Due, "DUE", 10, false, 2),
    col(Column::Stability, "STAB", 6, true, 6),
    col(Column::Difficulty, "DIFF", 4, true, 8),
    col(Column::Retrievability, "R", 4, true, 1),
    col(Column::Reps, "REPS", 4, true, 10),
    col(Column::Lapses, "LAPSES", 6, true, 5),
    col(Column::Suspended, "SUSP", 6, false, 7),
    col(Column::Flag, "FLAG", 6, false, 11),
    col(Column::Leech, "LEECH", 5, false, 12),
];

/// The columns that fit in `width` cells (after the one-cell selection marker, a space between
/// columns), the title taking what is left. Columns are dropped by their drop order until the
/// rest fit; the title always stays, clipped to the width if even it alone does not fit.
pub fn fit(width: u16) -> Vec<Col> {
    let room = width.saturating_sub(1);
    let mut cols: Vec<Col> = COLS.to_vec();
    let need = |cols: &[Col]| -> u16 {
        cols.iter().map(|c| c.width).sum::<u16>() + cols.len().saturating_sub(1) as u16
    };
    while need(&cols) > room && cols.len() > 1 {
        let Some(worst) = cols
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.drop_order)
            .map(|(i, _)| i)
        else {
            break;
        };
        cols.remove(worst);
    }
    let others = need(&cols) - TITLE_MIN;
    if let Some(title) = cols.iter_mut().find(|c| c.column == Column::Title) {
        title.width = room.saturating_sub(others).max(1);
    }
    cols
}

/// The text of one cell.
fn cell(row: &Row, column: Column, now: time::OffsetDateTime) -> String {
    match column {
        Column::Id => row.card_id.clone(),
        Column::Title => crate::sanitize::line(&row.title).into_owned(),
        Column::Kind => row.kind.as_str().into(),
        Column::Type => row.card_type.as_str().into(),
        Column::State => row.state.as_str().into(),
        Column::Due => browse::fmt_due(row.due, now),
        Column::Stability => browse::fmt_stability(row.stability),
        Column::Difficulty => browse::fmt_num(row.difficulty, 1),
        Column::Retrievability => browse::fmt_percent(row.retrievability),
        Column::Reps => row.reps.to_string(),
        Column::Lapses => row.lapses.to_string(),
        Column::Suspended => browse::fmt_set_aside(row.suspended, row.buried).into(),
        Column::Flag => browse::fmt_flag(row.flag).into(),
        Column::Leech => if row.leech { "yes" } else { "-" }.into(),
    }
}

/// `text` cut to `width` cells (with `…` where it was cut) and padded to exactly `width`.
fn fit_text(text: &str, width: usize, right: bool) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total = text.width();
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if total > width && used + w + 1 > width {
            if width > 0 {
                out.push('…');
                used += 1;
            }
            break;
        }
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    let pad = " ".repeat(width.saturating_sub(used));
    if right {
        format!("{pad}{out}")
    } else {
        format!("{out}{pad}")
    }
}

fn table_line(cols: &[Col], cells: impl Iterator<Item = String>, marker: char) -> String {
    let mut s = String::from(marker);
    for (i, (c, text)) in cols.iter().zip(cells).enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&fit_text(&text, usize::from(c.width), c.right));
    }
    s
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(cards) = &app.cards else { return };
    let t = app.theme;
    let count = format!(" {} of {} cards ", cards.shown.len(), cards.rows.len());
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border_focused())
        .title(Span::styled(" card browser ", t.title()))
        .title_bottom(Line::styled(count, t.dim()).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.area() == 0 {
        return;
    }
    let mut lines = vec![info_line(cards, t, inner.width)];
    let cols = fit(inner.width);
    let arrow = if cards.descending { '↓' } else { '↑' };
    let head = table_line(
        &cols,
        cols.iter().map(|c| {
            if c.column == cards.sort {
                format!("{}{arrow}", c.head)
            } else {
                c.head.to_string()
            }
        }),
        ' ',
    );
    lines.push(Line::styled(head, t.dim()));
    let page = usize::from(inner.height.saturating_sub(2));
    if let Some(e) = &cards.query_error {
        lines.push(Line::styled(
            format!(" {}", crate::sanitize::line(e)),
            t.error(),
        ));
    } else if cards.shown.is_empty() {
        lines.push(Line::raw(
            " No card matches: / changes the text filter, t the state.",
        ));
    }
    for (i, row) in cards
        .shown_rows()
        .enumerate()
        .skip(cards.view.offset)
        .take(page)
    {
        let selected = i == cards.view.selected;
        let text = table_line(
            &cols,
            cols.iter().map(|c| cell(row, c.column, cards.now)),
            if selected { '>' } else { ' ' },
        );
        let style = if selected {
            t.selected()
        } else if row.suspended {
            t.dim()
        } else {
            t.base()
        };
        lines.push(Line::styled(text, style));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The sort, the state filter and the text filter (the editable box while typing).
fn info_line(cards: &CardsState, t: Theme, width: u16) -> Line<'static> {
    let dir = if cards.descending { "↓" } else { "↑" };
    let mut spans = vec![
        Span::styled(" sort ", t.dim()),
        Span::raw(format!("{} {dir}", cards.sort)),
        Span::styled("  state ", t.dim()),
        Span::raw(cards.filter.state.to_string()),
        Span::styled("  / ", if cards.editing { t.key() } else { t.dim() }),
    ];
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(width).saturating_sub(used + 1);
    let q = &cards.query;
    if cards.editing {
        let (shown, col) = q.view(room);
        let at = shown
            .char_indices()
            .scan(0usize, |w, (b, c)| {
                let start = *w;
                *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                Some((b, start))
            })
            .find(|&(_, start)| start >= col)
            .map_or(shown.len(), |(b, _)| b);
        let (before, rest) = shown.split_at(at);
        let mut rest = rest.chars();
        let text_style = if q.selected { t.selected() } else { t.base() };
        spans.push(Span::styled(before.to_string(), text_style));
        spans.push(match rest.next() {
            Some(c) => Span::styled(c.to_string(), t.cursor()),
            None => Span::styled("█", t.key()),
        });
        spans.push(Span::styled(rest.collect::<String>(), text_style));
    } else if q.is_empty() {
        spans.push(Span::styled("filter: text, kind:K, tag:T, deck:D", t.dim()));
    } else {
        spans.push(Span::raw(q.view(room).0));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(cols: &[Col]) -> Vec<&str> {
        cols.iter().map(|c| c.head).collect()
    }

    fn total(cols: &[Col]) -> u16 {
        1 + cols.iter().map(|c| c.width).sum::<u16>() + cols.len() as u16 - 1
    }

    #[test]
    fn wide_screens_show_every_column() {
        let cols = fit(118);
        assert_eq!(cols.len(), COLS.len());
        assert_eq!(total(&cols), 118);
    }

    #[test]
    fn narrow_screens_drop_the_least_useful_columns_first() {
        let cols = fit(58);
        assert_eq!(
            heads(&cols),
            ["TITLE", "TYPE", "STATE", "DUE", "R", "LAPSES"]
        );
        assert!(total(&cols) <= 58);
        let cols = fit(38);
        assert_eq!(heads(&cols), ["TITLE", "DUE", "R"]);
        assert!(total(&cols) <= 38);
        // Retrievability is the last to go.
        assert_eq!(heads(&fit(20)), ["TITLE", "R"]);
        for w in 0..200 {
            let cols = fit(w);
            assert!(total(&cols) <= w.max(2) || cols.len() == 1, "{w}: {cols:?}");
            assert!(cols.iter().any(|c| c.column == Column::Title));
        }
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis_and_padded() {
        assert_eq!(fit_text("Circuit Breaker", 8, false), "Circuit…");
        assert_eq!(fit_text("90%", 4, true), " 90%");
        assert_eq!(fit_text("ok", 2, false), "ok");
        assert_eq!(fit_text("日本語", 5, false), "日本…");
        assert_eq!(fit_text("abc", 0, false), "");
    }
}
