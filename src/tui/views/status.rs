//! The status bar: a message if there is one, else the keymap's hints for the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Mode};
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
    // On the browse screen, the flashcards waiting: due now and new ones left today.
    if app.mode == Mode::Browse
        && let Some((due, new)) = app.due
    {
        let text = format!(" {due} due · {new} new today ");
        let w = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
        if area.width >= w + 40 {
            let right = Rect::new(area.x + area.width - w, area.y, w, 1);
            Line::styled(text, t.status().patch(t.key())).render(right, buf);
        }
    }
}
