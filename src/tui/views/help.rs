//! The help overlay, generated from the keymap table so that it always matches the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::keymap::{self, BINDINGS, HELP_ORDER};

fn lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out = vec![Line::styled(keymap::KIND_LEGEND, t.dim()), Line::default()];
    let key_width = BINDINGS
        .iter()
        .map(|b| unicode_width::UnicodeWidthStr::width(b.label))
        .max()
        .unwrap_or(0)
        + 2;
    for ctx in HELP_ORDER {
        out.push(Line::styled(ctx.label(), t.title()));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<key_width$}", b.label), t.key()),
                Span::raw(keymap::describe(ctx, b.action)),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::styled(
        "Mouse: wheel scrolls the pane under it; click selects or follows a link.",
        t.dim(),
    ));
    out
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    // As wide as the terminal allows (a margin of two columns a side), up to what the longest
    // line needs.
    let text = lines(app);
    let widest = text.iter().map(Line::width).max().unwrap_or(0) + 2;
    let w = area
        .width
        .saturating_sub(4)
        .max(area.width.min(20))
        .min(u16::try_from(widest).unwrap_or(u16::MAX))
        .min(area.width);
    let h = area
        .height
        .saturating_sub(2)
        .max(area.height.min(3))
        .min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(popup, buf);
    let title = " keys (Esc closes, j/k scroll) ";
    Paragraph::new(text)
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(app.theme.border_focused())
                .title(Span::styled(title, app.theme.title())),
        )
        .render(popup, buf);
}
