//! The screen's geometry and the actions that depend on it: pane sizes, terminal resizes,
//! and the mouse wheel and clicks, routed to the pane under the pointer.

use super::{App, Focus, Mode};
use crate::tui::layout::{self, Areas};

impl App {
    /// The screen regions for the current size and focus.
    pub fn areas(&self) -> Areas {
        layout::areas(
            self.width,
            self.height,
            matches!(self.focus, Focus::Reader | Focus::Find),
        )
    }

    /// The reader's text area, as laid out when the reader is on screen (a narrow screen shows
    /// it only when focused, but wrapping and scrolling must not depend on that).
    pub fn reader_area(&self) -> ratatui::layout::Rect {
        layout::areas(self.width, self.height, true).reader
    }

    /// Rows of the list on screen (at least one).
    pub(in crate::tui) fn list_height(&self) -> usize {
        usize::from(self.areas().list.height).max(1)
    }

    /// Rows of the reader's text area.
    pub(in crate::tui) fn reader_height(&self) -> usize {
        usize::from(self.reader_area().height)
    }

    pub(in crate::tui) fn reader_page(&self) -> usize {
        self.reader_height().saturating_sub(1).max(1)
    }

    pub(super) fn reader_width(&self) -> usize {
        usize::from(self.reader_area().width)
    }

    /// A terminal resize: re-lays out and re-wraps the reader.
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.rewrap();
        let page = self.list_height();
        self.list.view.clamp(self.list.hits.len(), page);
        self.scroll_by(0);
        let page = self.cards_page();
        if let Some(cards) = self.cards.as_mut() {
            cards.view.clamp(cards.shown.len(), page);
        }
    }

    /// Mouse wheel at a screen position: scrolls the pane under the pointer.
    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
        if self.mode == Mode::Cards {
            self.wheel_cards(down);
            return;
        }
        let a = self.areas();
        let step = if down { 3 } else { -3 };
        if contains(a.reader_frame, column, row) {
            self.scroll_by(step);
        } else if contains(a.list_frame, column, row) {
            self.move_selection(step);
        }
    }

    /// A left click: selects a list row, or follows a link in the reader.
    pub(super) fn click(&mut self, column: u16, row: u16) {
        if self.mode == Mode::Cards {
            self.click_cards(row);
            return;
        }
        let a = self.areas();
        if contains(a.list, column, row) {
            let screen_row = usize::from(row - a.list.y);
            if let Some(i) = self.list.view.row_at(screen_row, self.list.hits.len()) {
                self.list.view.selected = i;
                self.show_selected();
            }
            self.focus = Focus::List;
        } else if contains(a.search, column, row) {
            self.focus = Focus::Search;
        } else if contains(a.reader_frame, column, row) {
            self.focus = Focus::Reader;
            if contains(a.reader, column, row) {
                let r = self.reader.scroll + usize::from(row - a.reader.y);
                if let Some(link) = self.reader.links.iter().find(|l| l.row == r) {
                    self.follow(link.target);
                }
            }
        }
    }
}

fn contains(r: ratatui::layout::Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
