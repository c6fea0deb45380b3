//! Styled lines at a width: word-wrapping with hanging indents, clipping with a marker, and
//! find-in-text highlighting.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Cuts a line to `width` columns, ending it with a dim `›` when anything was cut.
pub fn clip(line: &Line<'static>, width: usize, theme: Theme) -> Line<'static> {
    if line.width() <= width {
        return line.clone();
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut spans = Vec::new();
    for span in &line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            kept.push(c);
        }
        let full = kept.len() == span.content.len();
        spans.push(Span::styled(kept, span.style));
        if !full {
            break;
        }
    }
    if width > 0 {
        spans.push(Span::styled("›", theme.dim()));
    }
    Line::from(spans).style(line.style)
}

/// The plain text of a line.
pub fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Width of the list or quote marker that continuation rows should be indented by.
fn hanging_indent(text: &str) -> usize {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let marker =
        if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("> ") {
            2
        } else {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && trimmed[digits..].starts_with(". ") {
                digits + 2
            } else {
                0
            }
        };
    lead + marker
}

/// Word-wraps one styled line to `width` columns. Words longer than a row are broken. Rows after
/// the first are indented to line up under a list item's text.
pub fn wrap(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    // Split into styled pieces: runs of spaces and runs of non-spaces.
    let mut pieces: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let mut cur = String::new();
        let mut cur_space = None;
        for c in span.content.chars() {
            let is_space = c == ' ';
            if cur_space.is_some_and(|s| s != is_space) {
                pieces.push((std::mem::take(&mut cur), style));
            }
            cur_space = Some(is_space);
            cur.push(c);
        }
        if !cur.is_empty() {
            pieces.push((cur, style));
        }
    }
    let total: usize = pieces.iter().map(|(s, _)| s.width()).sum();
    if total <= width {
        return vec![line.clone()];
    }
    // Glue adjacent non-space pieces of different spans into one word: "**bold**," or a link's
    // "label\u{a0}(url)" never breaks between its spans.
    let mut words: Vec<(Vec<(String, Style)>, bool)> = Vec::new();
    for (text, style) in pieces {
        let is_space = text.starts_with(' ');
        match words.last_mut() {
            Some((parts, false)) if !is_space => parts.push((text, style)),
            _ => words.push((vec![(text, style)], is_space)),
        }
    }
    let indent = hanging_indent(&plain(line));
    let indent = if indent * 2 < width { indent } else { 0 };
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (parts, is_space) in words {
        let w: usize = parts.iter().map(|(t, _)| t.width()).sum();
        if used + w <= width {
            if let Some(r) = rows.last_mut() {
                r.extend(parts.into_iter().map(|(t, s)| Span::styled(t, s)));
            }
            used += w;
            continue;
        }
        if is_space {
            // Spaces at a break vanish.
            rows.push(vec![Span::raw(" ".repeat(indent))]);
            used = indent;
            continue;
        }
        if w <= width - indent && used > indent {
            let mut row = vec![Span::raw(" ".repeat(indent))];
            row.extend(parts.into_iter().map(|(t, s)| Span::styled(t, s)));
            rows.push(row);
            used = indent + w;
            continue;
        }
        // A word longer than a row: break it by characters.
        for (text, style) in parts {
            let mut chunk = String::new();
            for c in text.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + chunk.width() + cw > width && (used + chunk.width()) > 0 {
                    if !chunk.is_empty()
                        && let Some(r) = rows.last_mut()
                    {
                        r.push(Span::styled(std::mem::take(&mut chunk), style));
                    }
                    rows.push(vec![Span::raw(" ".repeat(indent))]);
                    used = indent;
                }
                chunk.push(c);
            }
            used += chunk.width();
            if let Some(r) = rows.last_mut() {
                r.push(Span::styled(chunk, style));
            }
        }
    }
    rows.into_iter()
        .map(|mut spans| {
            // A space that fitted before the break would trail the row.
            while spans.len() > 1
                && spans
                    .last()
                    .is_some_and(|s| s.content.trim_end_matches(' ').is_empty())
            {
                spans.pop();
            }
            if let Some(last) = spans.last_mut() {
                let trimmed = last.content.trim_end_matches(' ').to_string();
                last.content = trimmed.into();
            }
            Line::from(spans)
        })
        .collect()
}

/// Case-insensitive occurrences of `needle` in `haystack`, as character ranges.
pub fn find_all(haystack: &str, needle: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay: Vec<char> = haystack
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            found.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

/// Restyles the character ranges `marks` (sorted, non-overlapping) of a line, splitting spans
/// at their edges. Each mark carries its own style.
pub fn highlight(line: &Line<'static>, marks: &[(usize, usize, Style)]) -> Line<'static> {
    if marks.is_empty() {
        return line.clone();
    }
    let mut spans = Vec::new();
    let mut pos = 0;
    for span in &line.spans {
        let mut cur = String::new();
        let mut cur_style = None;
        for c in span.content.chars() {
            let mark = marks
                .iter()
                .find(|(s, e, _)| *s <= pos && pos < *e)
                .map(|m| m.2);
            let style = mark.map_or(span.style, |m| span.style.patch(m));
            if cur_style.is_some_and(|s| s != style) {
                spans.push(Span::styled(
                    std::mem::take(&mut cur),
                    cur_style.unwrap_or_default(),
                ));
            }
            cur_style = Some(style);
            cur.push(c);
            pos += 1;
        }
        if !cur.is_empty() {
            spans.push(Span::styled(cur, cur_style.unwrap_or_default()));
        }
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(plain).collect()
    }

    #[test]
    fn wraps_words_and_indents_list_items() {
        let line = Line::from("- alpha beta gamma delta");
        assert_eq!(
            texts(&wrap(&line, 12)),
            ["- alpha beta", "  gamma", "  delta"]
        );
    }

    #[test]
    fn breaks_long_words() {
        let line = Line::from("abcdefghij");
        assert_eq!(texts(&wrap(&line, 4)), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_chars_fit_by_width() {
        let line = Line::from("日本語のテキスト");
        let rows = wrap(&line, 5);
        assert!(rows.iter().all(|r| r.width() <= 5), "{:?}", texts(&rows));
        assert_eq!(texts(&rows).concat(), "日本語のテキスト");
    }

    #[test]
    fn width_one_never_loops() {
        let rows = wrap(&Line::from("ab cd"), 1);
        assert!(rows.iter().all(|r| r.width() <= 1));
    }

    #[test]
    fn finds_case_insensitively() {
        assert_eq!(
            find_all("Retry, retry, RETRY", "retry"),
            [(0, 5), (7, 12), (14, 19)]
        );
        assert!(find_all("abc", "").is_empty());
    }

    #[test]
    fn highlight_splits_spans() {
        let line = Line::from(vec![Span::raw("ab"), Span::raw("cd")]);
        let out = highlight(&line, &[(1, 3, Style::new().bold())]);
        assert_eq!(out.spans.len(), 4);
        assert_eq!(plain(&out), "abcd");
        assert_eq!(out.spans[1].content, "b");
    }
}
