//! Drawing: `&App` in, cells out. Views only read the state.

mod cards;
pub mod help;
mod quiz;
mod reader;
mod sidebar;
mod stats;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::{App, Mode};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = self.areas();
        let body = Rect::new(
            area.x,
            area.y,
            area.width,
            area.height - areas.status.height,
        );
        match self.mode {
            Mode::Browse => {
                sidebar::render(self, &areas, buf);
                reader::render(self, &areas, buf);
            }
            Mode::Quiz => quiz::render(self, body, buf),
            Mode::Stats => stats::render(self, body, buf),
            Mode::Cards => cards::render(self, body, buf),
        }
        status::render(self, areas.status, buf);
        if let Some(scroll) = self.help {
            help::render(self, scroll, area, buf);
        }
    }
}
