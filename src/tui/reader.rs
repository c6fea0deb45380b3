//! The reader pane's state: one entry, converted once and wrapped to the pane's width, with its
//! scroll, links, find and the back/forward history.

use std::collections::HashMap;

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{lines, markdown};
use crate::corpus::Corpus;
use crate::document;

/// A link shown in the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Corpus position of the target.
    pub target: usize,
    /// The wrapped row it is drawn on.
    pub row: usize,
}

/// The reader pane: one entry, wrapped to the pane's width, with scroll, links and find.
/// `page` arguments are the height of the reader's text area.
#[derive(Debug, Default)]
pub struct Reader {
    /// Corpus position of the entry shown.
    pub entry: Option<usize>,
    /// Wrapped rows.
    pub rows: Vec<Line<'static>>,
    pub width: usize,
    pub scroll: usize,
    pub links: Vec<Link>,
    /// How many of `links` are numbered related links (the rest are backlinks).
    pub related: usize,
    pub selected_link: Option<usize>,
    pub find: String,
    /// (row, first char, end char) of each find match.
    pub matches: Vec<(usize, usize, usize)>,
    pub current_match: Option<usize>,
    /// Entries (and their scroll) to go back and forward to.
    back: Vec<(usize, usize)>,
    forward: Vec<(usize, usize)>,
    /// Web addresses on screen, for OSC 8 hyperlinks: (row, first column, end column, URL). A
    /// URL broken over rows has a piece on each, all with the whole URL.
    pub urls: Vec<(usize, usize, usize, String)>,
    /// The first digit of a two-digit related link being typed (with ten or more links).
    pub pending_digit: Option<u8>,
    /// Each entry's page, converted once.
    converted: HashMap<usize, Vec<markdown::SourceLine>>,
}

impl Reader {
    /// Empties the pane and its find text (no entry matches), keeping history and the
    /// conversion cache.
    pub fn clear(&mut self) {
        self.show(None);
        self.find.clear();
    }

    /// Resets everything about the entry shown, keeping the find text, history and cache.
    fn show(&mut self, entry: Option<usize>) {
        self.entry = entry;
        self.rows.clear();
        self.width = 0;
        self.scroll = 0;
        self.links.clear();
        self.related = 0;
        self.selected_link = None;
        self.matches.clear();
        self.current_match = None;
        self.pending_digit = None;
    }

    /// Loads an entry, without touching history.
    pub fn open(&mut self, index: usize, corpus: &Corpus, theme: Theme, width: usize, page: usize) {
        self.show(Some(index));
        self.rewrap(corpus, theme, width, page);
    }

    /// Records the entry shown (and its scroll) for Back, and forgets Forward.
    pub fn push_history(&mut self) {
        if let Some(current) = self.entry {
            self.back.push((current, self.scroll));
            self.forward.clear();
        }
    }

    /// Goes back (or forward) in history. Returns false if there is nowhere to go.
    pub fn go_history(
        &mut self,
        back: bool,
        corpus: &Corpus,
        theme: Theme,
        width: usize,
        page: usize,
    ) -> bool {
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        let Some((target, scroll)) = from.pop() else {
            return false;
        };
        if let Some(current) = self.entry {
            to.push((current, self.scroll));
        }
        self.open(target, corpus, theme, width, page);
        self.scroll = scroll;
        self.scroll_by(0, page);
        true
    }

    /// Converts (once, cached) and wraps the entry to `width` columns.
    pub fn rewrap(&mut self, corpus: &Corpus, theme: Theme, width: usize, page: usize) {
        let Some(index) = self.entry else {
            return;
        };
        let width = width.max(1);
        let body = self.converted.entry(index).or_insert_with(|| {
            let entry = &corpus.entries()[index];
            markdown::to_rows(&document::entry_page(entry), theme)
        });
        let mut rows: Vec<Line<'static>> = markdown::layout(body, width, theme);
        let mut links = Vec::new();
        let entry = &corpus.entries()[index];
        let related: Vec<usize> = entry
            .related
            .iter()
            .filter_map(|id| corpus.position(id))
            .collect();
        let backlinks: Vec<usize> = corpus
            .backlinks(index)
            .filter_map(|e| corpus.position(&e.id))
            .filter(|p| !related.contains(p))
            .collect();
        for (heading, targets, numbered) in [
            ("Related", &related, true),
            ("Referenced by", &backlinks, false),
        ] {
            if targets.is_empty() {
                continue;
            }
            rows.push(Line::default());
            rows.push(Line::styled(heading, theme.title()));
            for (n, &t) in targets.iter().enumerate() {
                let e = &corpus.entries()[t];
                let label = if numbered {
                    format!("{}. ", n + 1)
                } else {
                    "• ".to_string()
                };
                let line = Line::from(vec![
                    Span::styled(label, theme.key()),
                    Span::styled(e.title.clone(), theme.link()),
                    Span::styled(format!("  {}", e.kind), theme.dim()),
                ]);
                // Links are kept to one row so that the row identifies the link.
                let first = lines::wrap(&line, width)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                links.push(Link {
                    target: t,
                    row: rows.len(),
                });
                rows.push(first);
            }
        }
        self.related = related.len();
        self.urls = find_urls(&rows, width);
        self.rows = rows;
        self.links = links;
        self.width = width;
        self.refresh_find(page);
        self.scroll_by(0, page);
    }

    fn max_scroll(&self, page: usize) -> usize {
        // At least one row: a screen too short to show the reader must not scroll past the end.
        self.rows.len().saturating_sub(page.max(1))
    }

    pub fn scroll_by(&mut self, delta: isize, page: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(page));
    }

    /// Scrolls so that `row` is visible, a few rows from the top.
    fn reveal(&mut self, row: usize, page: usize) {
        let page = page.max(1);
        if row < self.scroll || row >= self.scroll + page {
            self.scroll = row.saturating_sub(page / 3);
            self.scroll_by(0, page);
        }
    }

    /// Selects the next (or previous) link. Returns a message if there is none.
    pub fn step_link(&mut self, delta: isize, page: usize) -> Option<String> {
        let n = self.links.len();
        if n == 0 {
            return Some("this entry has no links".into());
        }
        let next = match self.selected_link {
            None if delta > 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
        };
        self.selected_link = Some(next);
        self.reveal(self.links[next].row, page);
        None
    }

    /// Finds the find text again, jumping to the first match at or after the top of the view.
    pub fn refresh_find(&mut self, page: usize) {
        self.matches.clear();
        self.current_match = None;
        if self.find.is_empty() {
            return;
        }
        for (r, line) in self.rows.iter().enumerate() {
            let text = lines::plain(line);
            for (s, e) in lines::find_all(&text, &self.find) {
                self.matches.push((r, s, e));
            }
        }
        let first = self
            .matches
            .iter()
            .position(|m| m.0 >= self.scroll)
            .or((!self.matches.is_empty()).then_some(0));
        self.current_match = first;
        if let Some(i) = first {
            self.reveal(self.matches[i].0, page);
        }
    }

    /// Moves to the next (or previous) match. Returns the message for the status bar.
    pub fn step_match(&mut self, delta: isize, page: usize) -> String {
        let n = self.matches.len();
        if n == 0 {
            return if self.find.is_empty() {
                "press / to find text in this entry".into()
            } else {
                format!("no match for \"{}\"", self.find)
            };
        }
        let i = self
            .current_match
            .map_or(0, |i| (i as isize + delta).rem_euclid(n as isize) as usize);
        self.current_match = Some(i);
        self.reveal(self.matches[i].0, page);
        format!("match {} of {n}", i + 1)
    }
}

/// A URL piece on one row: (row, first column, end column, text, runs to the row's full width).
type Piece = (usize, usize, usize, String, bool);

/// Finds web addresses in wrapped rows, joining the pieces of one broken over rows (a long word
/// is broken only when it fills a row).
pub fn find_urls(rows: &[Line<'static>], width: usize) -> Vec<(usize, usize, usize, String)> {
    use unicode_width::UnicodeWidthChar;
    let ends = |c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\'' | '`');
    let mut pieces: Vec<Vec<Piece>> = Vec::new();
    let mut continuing = false;
    for (r, line) in rows.iter().enumerate() {
        let text = lines::plain(line);
        let chars: Vec<char> = text.chars().collect();
        let cols: Vec<usize> = chars
            .iter()
            .scan(0, |w, c| {
                let at = *w;
                *w += c.width().unwrap_or(0);
                Some(at)
            })
            .collect();
        let row_width: usize = chars.iter().map(|c| c.width().unwrap_or(0)).sum();
        let mut i = 0;
        let mut first_run = true;
        while i < chars.len() {
            // A link's label is joined to its "(url)" by a no-break space.
            if chars[i] == ' ' || chars[i] == '\u{a0}' {
                i += 1;
                continue;
            }
            let rest: String = chars[i..].iter().collect();
            let starts = rest.starts_with("https://") || rest.starts_with("http://");
            let cont = first_run && continuing;
            first_run = false;
            if starts || cont {
                let mut j = i;
                while j < chars.len() && !ends(chars[j]) {
                    j += 1;
                }
                let mut frag: String = chars[i..j].iter().collect();
                let full_row = j == chars.len() && row_width >= width;
                if !full_row {
                    while frag.ends_with(['.', ',', ';', ':']) {
                        frag.pop();
                        j -= 1;
                    }
                }
                let end_col = cols.get(j).copied().unwrap_or(row_width);
                let piece = (r, cols[i], end_col, frag, full_row);
                if cont {
                    if let Some(last) = pieces.last_mut() {
                        last.push(piece);
                    }
                } else {
                    pieces.push(vec![piece]);
                }
                continuing = full_row;
                i = j.max(i + 1);
                continue;
            }
            if matches!(chars[i], '(' | '[' | '<' | '"' | '\'' | '`') {
                // An opening mark may come right before an address.
                i += 1;
                continue;
            }
            while i < chars.len() && chars[i] != ' ' && chars[i] != '\u{a0}' {
                i += 1;
            }
        }
        if first_run {
            // An empty row ends any URL.
            continuing = false;
        }
    }
    let mut out = Vec::new();
    for url in pieces {
        let whole: String = url.iter().map(|p| p.3.as_str()).collect();
        if whole.len() <= "https://".len() || !whole.chars().all(|c| c.is_ascii_graphic()) {
            continue;
        }
        for (r, s, e, _, _) in url {
            out.push((r, s, e, whole.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_and_joins_broken_ones() {
        let rows: Vec<Line<'static>> = vec![
            Line::from("- See (https://example.com/a), then"),
            Line::from("- Long https://exa"),
            Line::from("  mple.com/b. Next"),
        ];
        let urls = find_urls(&rows, 18);
        assert_eq!(
            urls,
            [
                (0, 7, 28, "https://example.com/a".to_string()),
                (1, 7, 18, "https://example.com/b".to_string()),
                (2, 2, 12, "https://example.com/b".to_string()),
            ]
        );
    }

    /// A Markdown link shows as "label (url)" with a no-break space before "(": its URL is
    /// clickable too.
    #[test]
    fn finds_the_url_of_a_markdown_link() {
        let rows: Vec<Line<'static>> = vec![Line::from(
            "See RFC\u{a0}(https://example.com/rfc-9110) now",
        )];
        assert_eq!(
            find_urls(&rows, 60),
            [(0, 9, 37, "https://example.com/rfc-9110".to_string())]
        );
    }
}
