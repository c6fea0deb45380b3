//! The search box and the ranked entry list.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::tui::app::{App, Focus, KIND_CYCLE};
use crate::tui::layout::Areas;

pub fn render(app: &App, areas: &Areas, buf: &mut Buffer) {
    let t = app.theme;
    if areas.search.area() > 0 {
        let typing = app.focus == Focus::Search;
        let prompt = Span::styled("/ ", if typing { t.key() } else { t.dim() });
        let q = &app.list.query;
        let room = usize::from(areas.search.width.saturating_sub(2));
        let line = if q.is_empty() && !typing {
            Line::from(vec![prompt, Span::styled("search (press /)", t.dim())])
        } else if typing {
            // The box scrolls so the cursor stays visible; a selection shows reversed.
            let (shown, col) = q.view(room);
            let text_style = if q.selected { t.selected() } else { t.base() };
            let at = shown
                .char_indices()
                .scan(0usize, |w, (b, c)| {
                    let start = *w;
                    *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    Some((b, start))
                })
                .find(|&(_, start)| start >= col)
                .map_or(shown.len(), |(b, _)| b);
            let (before, rest) = shown.split_at(at);
            let mut rest = rest.chars();
            let cursor = match rest.next() {
                Some(c) => Span::styled(c.to_string(), t.cursor()),
                None => Span::styled("█", t.key()),
            };
            vec![
                prompt,
                Span::styled(before.to_string(), text_style),
                cursor,
                Span::styled(rest.collect::<String>(), text_style),
            ]
            .into()
        } else {
            let (shown, _) = q.view(room);
            Line::from(vec![prompt, Span::raw(shown)])
        };
        Paragraph::new(line).render(areas.search, buf);
    }
    if areas.list_frame.area() == 0 {
        return;
    }
    let focused = matches!(app.focus, Focus::List | Focus::Search);
    let filter = match KIND_CYCLE[app.list.kind_filter % KIND_CYCLE.len()] {
        None => "all".to_string(),
        Some(k) => k.as_str().to_string(),
    };
    let title = if app.list.searching {
        format!(" {} {filter}, searching… ", app.list.hits.len())
    } else {
        format!(" {} {filter} ", app.list.hits.len())
    };
    let mut block = Block::new();
    if let Some(context) = &app.list.context {
        block = block.title_bottom(Span::styled(format!(" {context} "), t.dim()));
    }
    block
        .borders(Borders::ALL)
        .border_style(if focused {
            t.border_focused()
        } else {
            t.border()
        })
        .title(Span::styled(title, t.title()))
        .render(areas.list_frame, buf);
    let list = areas.list;
    if list.area() == 0 {
        return;
    }
    if app.list.hits.is_empty() {
        let msg = if app.list.query.is_empty() {
            "no entries"
        } else {
            "no match; Esc clears"
        };
        let mut lines = vec![Line::from(Span::styled(msg, t.dim()))];
        let suggestions = app
            .list
            .last_search
            .as_ref()
            .filter(|s| s.query == app.list.query.as_str())
            .map_or(&[][..], |s| s.suggestions.as_slice());
        if !suggestions.is_empty() {
            lines.push(Line::from(Span::styled("did you mean", t.dim())));
            for &i in suggestions {
                lines.push(Line::from(format!("  {}", app.corpus.entries()[i].title)));
            }
        }
        Paragraph::new(lines).render(list, buf);
        return;
    }
    let entries = app.corpus.entries();
    for (row, (i, hit)) in app
        .list
        .hits
        .iter()
        .enumerate()
        .skip(app.list.view.offset)
        .take(usize::from(list.height))
        .enumerate()
    {
        let e = &entries[hit.index];
        let selected = i == app.list.view.selected;
        let mut spans = vec![Span::styled(
            format!("{} ", e.kind.marker()),
            t.kind(e.kind),
        )];
        let mut next = 0;
        // Titles too long for the list end with "…".
        let room = usize::from(list.width).saturating_sub(2);
        let mut chars: Vec<char> = Vec::new();
        let mut used = 0;
        let total = unicode_width::UnicodeWidthStr::width(e.title.as_str());
        for c in e.title.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if total > room && used + w + 1 > room {
                chars.push('…');
                break;
            }
            used += w;
            chars.push(c);
        }
        let mut plain = String::new();
        for (ci, c) in chars.iter().enumerate() {
            if hit.title_chars.get(next) == Some(&ci) {
                next += 1;
                if !plain.is_empty() {
                    spans.push(Span::raw(std::mem::take(&mut plain)));
                }
                spans.push(Span::styled(c.to_string(), t.matched()));
            } else {
                plain.push(*c);
            }
        }
        if !plain.is_empty() {
            spans.push(Span::raw(plain));
        }
        let style = if selected { t.selected() } else { Style::new() };
        let y = list.y + row as u16;
        let line_area = ratatui::layout::Rect::new(list.x, y, list.width, 1);
        buf.set_style(line_area, style);
        Line::from(spans).style(style).render(line_area, buf);
    }
}
