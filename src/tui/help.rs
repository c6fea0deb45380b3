//! The help overlay's text and box, laid out for a terminal size: generated from the keymap's
//! table, each row wrapped to the box (a binding's description continues under itself, never
//! under its keys). The view draws it and [`crate::tui::app::App`] scrolls it, so both count
//! the same rows.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::{self, BINDINGS, HELP_ORDER};
use crate::tui::lines::wrap;
use crate::tui::theme::Theme;

/// The mouse line at the end.
const MOUSE: &str = "Mouse: wheel scrolls the pane under it; click selects or follows a link.";

/// The width of the keys column: the widest key label and two spaces.
fn key_width() -> usize {
    BINDINGS.iter().map(|b| b.label.width()).max().unwrap_or(0) + 2
}

/// The widest row of the help unwrapped (the box needs no more).
fn widest() -> usize {
    let bindings = BINDINGS
        .iter()
        .map(|b| 2 + key_width() + keymap::describe(b.context, b.action).width());
    bindings
        .chain([keymap::KIND_LEGEND.width(), MOUSE.width()])
        .max()
        .unwrap_or(0)
}

/// The overlay's box within `area`: as wide as the terminal allows (a margin of two columns a
/// side) up to what the widest row needs, and nearly as tall.
pub fn popup(area: Rect) -> Rect {
    let w = area
        .width
        .saturating_sub(4)
        .max(area.width.min(20))
        .min(u16::try_from(widest() + 2).unwrap_or(u16::MAX))
        .min(area.width);
    let h = area
        .height
        .saturating_sub(2)
        .max(area.height.min(3))
        .min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The help's rows for a box whose inside is `width` columns wide.
pub fn lines(t: Theme, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = wrap(&Line::styled(keymap::KIND_LEGEND, t.dim()), width);
    out.push(Line::default());
    let keys = key_width();
    // Descriptions keep at least this many columns; below it they wrap under the keys.
    let room = width.saturating_sub(2 + keys);
    for ctx in HELP_ORDER {
        out.push(Line::styled(ctx.label(), t.title()));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let key = Span::styled(format!("  {:<keys$}", b.label), t.key());
            let what = Line::raw(keymap::describe(ctx, b.action));
            if room < 12 {
                let mut row = Line::from(vec![key]);
                row.spans.extend(what.spans);
                out.extend(wrap(&row, width));
                continue;
            }
            for (i, part) in wrap(&what, room).into_iter().enumerate() {
                let lead = if i == 0 {
                    key.clone()
                } else {
                    Span::raw(" ".repeat(2 + keys))
                };
                let mut row = Line::from(vec![lead]);
                row.spans.extend(part.spans);
                out.push(row);
            }
        }
        out.push(Line::default());
    }
    out.extend(wrap(&Line::styled(MOUSE, t.dim()), width));
    out
}

/// How many rows the help has in a terminal of `width` × `height`, and how many fit on one
/// page of its box.
pub fn rows_and_page(t: Theme, width: u16, height: u16) -> (usize, usize) {
    let b = popup(Rect::new(0, 0, width, height));
    let inner = usize::from(b.width.saturating_sub(2));
    let page = usize::from(b.height.saturating_sub(2)).max(1);
    (lines(t, inner).len(), page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn every_row_fits_the_box_at_any_width() {
        let t = Theme { color: false };
        for width in [20usize, 40, 60, 76, 80, 100, 118, 200] {
            for row in text(&lines(t, width)) {
                assert!(row.width() <= width, "{width}: {row:?}");
            }
        }
    }

    #[test]
    fn nothing_is_lost_in_wrapping() {
        let t = Theme { color: false };
        let words = |rows: Vec<String>| -> Vec<String> {
            rows.join(" ")
                .split_whitespace()
                .map(str::to_string)
                .collect()
        };
        assert_eq!(words(text(&lines(t, 60))), words(text(&lines(t, 1000))));
        // Unwrapped, the legend is one row; at 60 columns it takes several.
        assert!(lines(t, 60).len() > lines(t, 1000).len());
    }

    #[test]
    fn a_description_continues_under_itself() {
        let t = Theme { color: false };
        let rows = text(&lines(t, 50));
        let at = rows
            .iter()
            .position(|r| r.contains("search entries"))
            .expect("the search row");
        let lead = 2 + key_width();
        let next = &rows[at + 1];
        assert!(next[..lead].trim().is_empty(), "{next:?}");
        assert!(!next[lead..].starts_with(' '), "{next:?}");
    }
}
