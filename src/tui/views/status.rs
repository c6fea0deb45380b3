//! The status bar: a message if there is one, else the keymap's hints for the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::App;
use crate::tui::keymap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.area() == 0 {
        return;
    }
    let t = app.theme;
    buf.set_style(area, t.status());
    let hints = keymap::hints(app.pane_context());
    let line = match &app.status {
        // Messages quote deck text, file names and config: never let them steer the terminal.
        Some(msg) => Line::from(Span::raw(format!(" {}", crate::sanitize::line(msg)))),
        None => {
            let mut spans = vec![Span::raw(" ")];
            for (key, what) in hints {
                spans.push(Span::styled(*key, t.key()));
                spans.push(Span::raw(format!(" {what}  ")));
            }
            Line::from(spans)
        }
    };
    line.style(t.status()).render(area, buf);
}
