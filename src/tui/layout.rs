//! Where each region goes, as a pure function of the terminal size, shared by `App::update`
//! (for page sizes, wrapping and mouse hits) and the views.

use ratatui::layout::Rect;

/// Below this width the list and the reader share the screen one at a time.
pub const NARROW: u16 = 72;

/// The widest the reader gets (its border included): about 100 columns of text, a readable
/// measure. A wider window gives the rest to the list.
pub const READER_MAX: u16 = 102;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The search box (one row).
    pub search: Rect,
    /// The entry list, inside its border.
    pub list: Rect,
    /// The list including its border.
    pub list_frame: Rect,
    /// The reader text, inside its border.
    pub reader: Rect,
    /// The reader including its border.
    pub reader_frame: Rect,
    /// The status bar (one row).
    pub status: Rect,
    /// Only one pane is shown.
    pub narrow: bool,
}

fn inner(r: Rect) -> Rect {
    if r.width >= 2 && r.height >= 2 {
        Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
    } else {
        Rect::new(r.x, r.y, 0, 0)
    }
}

/// Lays out a `width`×`height` screen. `reader_shown` picks the pane in a narrow screen.
pub fn areas(width: u16, height: u16, reader_shown: bool) -> Areas {
    let status_h = u16::from(height >= 2);
    let status = Rect::new(0, height.saturating_sub(status_h), width, status_h);
    let body_h = height - status_h;
    let narrow = width < NARROW;
    let (left_w, right_x) = if narrow {
        if reader_shown { (0, 0) } else { (width, width) }
    } else {
        let w = (width * 35 / 100)
            .clamp(24, 44)
            .max(width.saturating_sub(READER_MAX));
        (w, w)
    };
    let search_h = u16::from(body_h >= 1 && left_w > 0);
    let search = Rect::new(0, 0, left_w, search_h);
    let list_frame = Rect::new(0, search_h, left_w, body_h - search_h);
    let reader_frame = Rect::new(right_x, 0, width - right_x, body_h);
    Areas {
        search,
        list: inner(list_frame),
        list_frame,
        reader: inner(reader_frame),
        reader_frame,
        status,
        narrow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_layout_has_both_panes() {
        let a = areas(120, 40, false);
        assert!(!a.narrow);
        assert_eq!(a.list_frame.width + a.reader_frame.width, 120);
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.reader.height, 37);
    }

    #[test]
    fn reader_text_is_capped_and_the_list_grows() {
        for width in [120u16, 150, 200, 250, 400] {
            let a = areas(width, 40, false);
            assert!(a.reader.width <= 100, "{width}: {:?}", a.reader);
            assert_eq!(a.list_frame.width + a.reader_frame.width, width);
        }
        assert_eq!(areas(250, 40, false).reader.width, 100);
        assert_eq!(areas(250, 40, false).list_frame.width, 148);
        // Below the cap, nothing changes.
        assert_eq!(areas(120, 40, false).list_frame.width, 42);
    }

    #[test]
    fn narrow_layout_shows_one_pane() {
        let list = areas(40, 12, false);
        assert_eq!(list.reader_frame.width, 0);
        let reader = areas(40, 12, true);
        assert_eq!(reader.list_frame.width, 0);
        assert_eq!(reader.reader_frame.width, 40);
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for w in 0..6 {
            for h in 0..6 {
                for shown in [false, true] {
                    let a = areas(w, h, shown);
                    assert!(a.list.width <= w && a.reader.height <= h);
                }
            }
        }
    }
}
