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
    // On the browse screen, the flashcards waiting: due now and new ones left today, at the
    // right if at least 40 columns stay for the rest.
    let counts = match (app.mode, app.due) {
        (Mode::Browse, Some((due, new))) => Some(format!(" {due} due · {new} new today ")),
        _ => None,
    }
    .filter(|text| usize::from(area.width) >= text.chars().count() + 40);
    let room = usize::from(area.width) - counts.as_ref().map_or(0, |c| c.chars().count());
    let line = match &app.status {
        // Messages quote deck text, file names and config: never let them steer the terminal.
        Some(msg) => Line::from(Span::raw(format!(" {}", crate::sanitize::line(msg)))),
        None => {
            // Whole hints only: one that does not fit is left out rather than cut.
            let mut spans = vec![Span::raw(" ")];
            let mut used = 1;
            for (key, what) in hints {
                let w = key.chars().count() + what.chars().count() + 3;
                if used + w > room + 2 {
                    break;
                }
                used += w;
                spans.push(Span::styled(*key, t.key()));
                spans.push(Span::raw(format!(" {what}  ")));
            }
            Line::from(spans)
        }
    };
    line.style(t.status()).render(area, buf);
    if let Some(text) = counts {
        let w = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
        let right = Rect::new(area.x + area.width - w, area.y, w, 1);
        Line::styled(text, t.status().patch(t.key())).render(right, buf);
    }
}
