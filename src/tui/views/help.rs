//! The help overlay: the rows [`crate::tui::help`] lays out from the keymap table, in a box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::help;

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let popup = help::popup(area);
    let text = help::lines(app.theme, usize::from(popup.width.saturating_sub(2)));
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
