//! The status bar: a message if there is one, else key hints for the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Focus, Mode};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.area() == 0 {
        return;
    }
    let t = app.theme;
    buf.set_style(area, t.status());
    let hints: &[(&str, &str)] = match (app.mode, app.focus) {
        (Mode::Quiz, _) => &[
            ("Space", "reveal/next"),
            ("1-4", "rate/choose"),
            ("d/n", "do/don't"),
            ("o", "entry"),
            ("Esc", "end"),
        ],
        (Mode::Stats, _) => &[
            ("j/k", "move"),
            ("Enter", "open"),
            ("c", "quiz"),
            ("Esc", "back"),
        ],
        (_, focus) => match focus {
            Focus::Search => &[
                ("type", "search"),
                ("↑↓", "move"),
                ("Enter", "done"),
                ("Esc", "clear"),
            ],
            Focus::Find => &[("type", "find"), ("Enter", "done"), ("Esc", "cancel")],
            Focus::List => &[
                ("/", "search"),
                ("j/k", "move"),
                ("Enter", "read"),
                ("t", "kind"),
                ("c", "quiz"),
                ("s", "stats"),
                ("?", "help"),
                ("q", "quit"),
            ],
            Focus::Reader => &[
                ("j/k", "scroll"),
                ("1-9", "link"),
                ("b/f", "back/fwd"),
                ("/", "find"),
                ("?", "help"),
                ("q", "quit"),
            ],
        },
    };
    let line = match &app.status {
        Some(msg) => Line::from(Span::raw(format!(" {msg}"))),
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
