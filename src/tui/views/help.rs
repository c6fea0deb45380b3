//! The help overlay, generated from the keymap table so that it always matches the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::keymap::{BINDINGS, HELP_ORDER};

fn lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut out = Vec::new();
    for ctx in HELP_ORDER {
        out.push(Line::styled(ctx.label(), t.title()));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<16}", b.label), t.key()),
                Span::raw(b.action.describe()),
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
    let w = area.width.min(76);
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
    Paragraph::new(lines(app))
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(app.theme.border_focused())
                .title(Span::styled(title, app.theme.title())),
        )
        .render(popup, buf);
}
