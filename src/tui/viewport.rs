//! A selection in a list and the window of rows that shows it: pure arithmetic, tested with
//! small text diagrams.

/// The selected row of a list and the first row on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// The selected row (0 when the list is empty).
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
}

impl Viewport {
    /// Keeps the selection inside a list of `len` rows and inside the window of `page` rows
    /// (at least one), scrolling as little as possible and never past the end.
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Moves the selection by `delta` rows, stopping at either end. Returns false (and changes
    /// nothing) for an empty list.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) -> bool {
        if len == 0 {
            return false;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        self.clamp(len, page);
        true
    }

    /// The list row drawn on the window's `screen_row`, if there is one.
    pub fn row_at(&self, screen_row: usize, len: usize) -> Option<usize> {
        Some(self.offset + screen_row).filter(|&i| i < len)
    }

    /// Back to the top, with `selected` chosen, then clamped.
    pub fn reset(&mut self, selected: usize, len: usize, page: usize) {
        self.selected = selected;
        self.offset = 0;
        self.clamp(len, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window as text: one line per row on screen, `>` on the selected row.
    fn draw(v: Viewport, len: usize, page: usize) -> String {
        (v.offset..(v.offset + page).min(len))
            .map(|i| {
                let mark = if i == v.selected { '>' } else { ' ' };
                format!("{mark}{i}\n")
            })
            .collect()
    }

    #[test]
    fn moving_down_scrolls_only_at_the_bottom_edge() {
        let mut v = Viewport::default();
        assert_eq!(draw(v, 6, 3), ">0\n 1\n 2\n");
        v.move_by(2, 6, 3);
        assert_eq!(draw(v, 6, 3), " 0\n 1\n>2\n");
        v.move_by(1, 6, 3);
        assert_eq!(draw(v, 6, 3), " 1\n 2\n>3\n");
        v.move_by(100, 6, 3);
        assert_eq!(draw(v, 6, 3), " 3\n 4\n>5\n");
    }

    #[test]
    fn moving_up_scrolls_only_at_the_top_edge() {
        let mut v = Viewport {
            selected: 5,
            offset: 3,
        };
        v.move_by(-2, 6, 3);
        assert_eq!(draw(v, 6, 3), ">3\n 4\n 5\n");
        v.move_by(-1, 6, 3);
        assert_eq!(draw(v, 6, 3), ">2\n 3\n 4\n");
        v.move_by(-100, 6, 3);
        assert_eq!(draw(v, 6, 3), ">0\n 1\n 2\n");
    }

    #[test]
    fn a_shrinking_list_pulls_the_window_and_selection_back() {
        let mut v = Viewport {
            selected: 8,
            offset: 6,
        };
        v.clamp(4, 3);
        assert_eq!(draw(v, 4, 3), " 1\n 2\n>3\n");
        v.clamp(0, 3);
        assert_eq!(v, Viewport::default());
        assert!(!v.move_by(1, 0, 3), "an empty list has nothing to move");
    }

    #[test]
    fn a_taller_window_shows_more_without_leaving_a_gap() {
        let mut v = Viewport {
            selected: 5,
            offset: 3,
        };
        v.clamp(6, 5);
        assert_eq!(draw(v, 6, 5), " 1\n 2\n 3\n 4\n>5\n");
        // A zero-row window still keeps the selection on screen.
        v.clamp(6, 0);
        assert_eq!(draw(v, 6, 1), ">5\n");
    }

    #[test]
    fn clicks_map_screen_rows_to_list_rows() {
        let v = Viewport {
            selected: 4,
            offset: 3,
        };
        assert_eq!(v.row_at(0, 6), Some(3));
        assert_eq!(v.row_at(2, 6), Some(5));
        assert_eq!(v.row_at(3, 6), None);
    }
}
