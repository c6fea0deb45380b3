//! Drawing: `&App` in, cells out. Views only read the state.

pub mod help;
mod reader;
mod sidebar;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::App;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = self.areas();
        sidebar::render(self, &areas, buf);
        reader::render(self, &areas, buf);
        status::render(self, areas.status, buf);
        if let Some(scroll) = self.help {
            help::render(self, scroll, area, buf);
        }
    }
}
