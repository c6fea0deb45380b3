//! Moving through entries: the list selection, links and history, and what they load into
//! the reader.

use super::{App, Focus};

impl App {
    pub(in crate::tui) fn move_selection(&mut self, delta: isize) {
        let page = self.list_height();
        if self.list.view.move_by(delta, self.list.hits.len(), page) {
            self.show_selected();
        }
    }

    /// Shows the selected list entry in the reader, without touching history.
    pub(in crate::tui) fn show_selected(&mut self) {
        let width = usize::from(self.areas().list_frame.width.saturating_sub(4));
        self.list.update_context(&self.corpus, width);
        match self.selected_entry() {
            Some(i) if self.reader.entry != Some(i) => self.open(i),
            Some(_) => {}
            None => {
                self.reader.clear();
                self.status = (!self.list.query.is_empty())
                    .then(|| format!("no entry matches \"{}\"", self.list.query));
            }
        }
    }

    /// Follows a link: records history, opens the target, focuses the reader.
    pub(in crate::tui) fn follow(&mut self, target: usize) {
        self.reader.push_history();
        self.open(target);
        self.focus = Focus::Reader;
        self.status = None;
    }

    pub(in crate::tui) fn go_history(&mut self, back: bool) {
        let (width, page) = (self.reader_width(), self.reader_height());
        if self
            .reader
            .go_history(back, &self.corpus, self.theme, width, page)
        {
            self.focus = Focus::Reader;
            self.status = None;
        } else {
            let msg = if back {
                "nothing to go back to"
            } else {
                "nothing to go forward to"
            };
            self.status = Some(msg.into());
        }
    }

    /// Loads an entry into the reader.
    fn open(&mut self, index: usize) {
        let (width, page) = (self.reader_width(), self.reader_height());
        self.reader
            .open(index, &self.corpus, self.theme, width, page);
    }

    /// Re-wraps the reader's entry to the pane width.
    pub(super) fn rewrap(&mut self) {
        let (width, page) = (self.reader_width(), self.reader_height());
        self.reader.rewrap(&self.corpus, self.theme, width, page);
    }

    pub(in crate::tui) fn scroll_by(&mut self, delta: isize) {
        let page = self.reader_height();
        self.reader.scroll_by(delta, page);
    }
}
