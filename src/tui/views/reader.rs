//! The reader pane: the wrapped entry, find highlights, the selected link and a find box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::tui::app::{App, Focus};
use crate::tui::layout::Areas;
use crate::tui::lines;

pub fn render(app: &App, areas: &Areas, buf: &mut Buffer) {
    let frame = areas.reader_frame;
    if frame.area() == 0 {
        return;
    }
    let t = app.theme;
    let r = &app.reader;
    let focused = matches!(app.focus, Focus::Reader | Focus::Find);
    let mut block = Block::new().borders(Borders::ALL).border_style(if focused {
        t.border_focused()
    } else {
        t.border()
    });
    if let Some(e) = r.entry.map(|i| &app.corpus.entries()[i]) {
        block = block.title(Span::styled(format!(" {} ", e.id), t.dim()));
        let total = r.rows.len();
        let page = usize::from(areas.reader.height);
        if total > page {
            let pct = (r.scroll + page).min(total) * 100 / total.max(1);
            block = block.title_bottom(Line::styled(format!(" {pct}% "), t.dim()).right_aligned());
        }
    }
    if app.focus == Focus::Find || !r.find.is_empty() {
        let count = match (r.current_match, r.matches.len()) {
            (_, 0) => "no match".to_string(),
            (Some(i), n) => format!("{}/{n}", i + 1),
            (None, n) => format!("{n}"),
        };
        let cursor = if app.focus == Focus::Find { "█" } else { "" };
        block = block.title_bottom(Line::from(vec![
            Span::styled(" find: ", t.key()),
            Span::raw(r.find.clone()),
            Span::styled(cursor, t.key()),
            Span::styled(format!(" {count} "), t.dim()),
        ]));
    }
    block.render(frame, buf);
    let area = areas.reader;
    if area.area() == 0 {
        return;
    }
    if r.entry.is_none() {
        Paragraph::new(Span::styled("Nothing selected.", t.dim())).render(area, buf);
        return;
    }
    let selected_row = r.selected_link.map(|i| r.links[i].row);
    for (offset, line) in r
        .rows
        .iter()
        .skip(r.scroll)
        .take(usize::from(area.height))
        .enumerate()
    {
        let row = r.scroll + offset;
        let marks: Vec<_> = r
            .matches
            .iter()
            .enumerate()
            .filter(|(_, m)| m.0 == row)
            .map(|(i, m)| {
                (
                    m.1,
                    m.2,
                    if Some(i) == r.current_match {
                        t.find_current()
                    } else {
                        t.find_match()
                    },
                )
            })
            .collect();
        let mut line: Line = lines::highlight(line, &marks);
        if selected_row == Some(row) {
            line = line.patch_style(t.link_selected());
        }
        line.render(
            Rect::new(area.x, area.y + offset as u16, area.width, 1),
            buf,
        );
        if app.hyperlinks {
            hyperlink_row(app, row, area, offset as u16, buf);
        }
    }
}

/// Makes the web addresses on a row clickable with OSC 8: each cell of the address carries the
/// escape around its character, with a forced width of one column so the diff stays aligned
/// (the terminal prints only the character). Terminals without OSC 8 ignore the escape.
fn hyperlink_row(app: &App, row: usize, area: Rect, offset: u16, buf: &mut Buffer) {
    use ratatui::buffer::CellDiffOption;
    let one = std::num::NonZeroU16::MIN;
    for (_, start, end, url) in app.reader.urls.iter().filter(|u| u.0 == row) {
        for col in *start..*end {
            let Ok(col) = u16::try_from(col) else { break };
            if col >= area.width {
                break;
            }
            if let Some(cell) = buf.cell_mut((area.x + col, area.y + offset)) {
                let symbol = format!("\x1b]8;;{url}\x1b\\{}\x1b]8;;\x1b\\", cell.symbol());
                cell.set_symbol(&symbol)
                    .set_diff_option(CellDiffOption::ForcedWidth(one));
            }
        }
    }
}
