//! Markdown to styled, wrapped terminal lines, and find-in-text highlighting.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Converts Markdown with tui-markdown and takes ownership of the result. Tabs become four
/// spaces and a newline left inside a span (inline `$math$` across lines) a space: the terminal
/// buffer drops control characters, so they would vanish on screen (and count as one column in
/// some width sums and none in others).
pub fn to_lines(markdown: &str, theme: Theme) -> Vec<Line<'static>> {
    convert(markdown, theme, false)
}

fn convert(markdown: &str, theme: Theme, marked: bool) -> Vec<Line<'static>> {
    let text = if marked {
        let options = tui_markdown::Options::new(Marking(theme));
        tui_markdown::from_str_with_options(markdown, &options)
    } else {
        let options = tui_markdown::Options::new(theme);
        tui_markdown::from_str_with_options(markdown, &options)
    };
    use tui_markdown::StyleSheet as _;
    text.lines
        .into_iter()
        .map(|line| {
            let style = line.style;
            let mut spans: Vec<Span<'static>> = Vec::with_capacity(line.spans.len());
            for s in line.spans {
                let mut content = if s.content.contains(['\t', '\n']) {
                    s.content.replace('\t', "    ").replace('\n', " ")
                } else {
                    s.content.into_owned()
                };
                let mut span_style = s.style;
                if s.style.fg == Some(CODE_MARK) {
                    span_style = restyle(s.style, theme.code());
                    if !theme.color {
                        content = format!("`{content}`");
                    }
                } else if s.style.fg == Some(LINK_MARK) {
                    span_style = restyle(s.style, tui_markdown::StyleSheet::link(&theme));
                    // A link's URL: keep it on the row of its label (" (" becomes unbreakable).
                    if s.style == Style::new().fg(LINK_MARK)
                        && let Some(prev) = spans.last_mut()
                        && prev.content == " ("
                    {
                        prev.content = "\u{a0}(".into();
                    }
                }
                spans.push(Span::styled(content, span_style));
            }
            Line::from(spans).style(style)
        })
        .collect()
}

/// Stand-in colours that mark inline code and links in tui-markdown's output, so that they
/// can be restyled afterwards (backticks around code in mono; a link's URL kept with its label).
const CODE_MARK: Color = Color::Indexed(213);
const LINK_MARK: Color = Color::Indexed(212);

/// The theme, except that inline code and links come out in the stand-in colours above.
#[derive(Debug, Clone, Copy)]
struct Marking(Theme);

impl tui_markdown::StyleSheet for Marking {
    fn heading(&self, level: u8) -> Style {
        self.0.heading(level)
    }
    fn heading_marker(&self, level: u8) -> &str {
        self.0.heading_marker(level)
    }
    fn code(&self) -> Style {
        Style::new().fg(CODE_MARK)
    }
    fn link(&self) -> Style {
        Style::new().fg(LINK_MARK)
    }
    fn blockquote(&self) -> Style {
        self.0.blockquote()
    }
    fn heading_meta(&self) -> Style {
        self.0.heading_meta()
    }
    fn metadata_block(&self) -> Style {
        self.0.metadata_block()
    }
    fn code_block_fence(&self) -> &str {
        self.0.code_block_fence()
    }
    fn html(&self) -> Style {
        self.0.html()
    }
    fn math_inline(&self) -> Style {
        self.0.math_inline()
    }
    fn math_display(&self) -> Style {
        self.0.math_display()
    }
}

/// Replaces a stand-in colour with the theme's style, keeping the other attributes.
fn restyle(style: Style, with: Style) -> Style {
    let mut s = style;
    s.fg = None;
    s.patch(with)
}

/// One converted source line, before wrapping.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    pub line: Line<'static>,
    /// Inside a code block or diagram: never wrapped, clipped to the width instead. Holds the
    /// widest line of its block, so the block's marker can be chosen for the whole block.
    pub pre: Option<usize>,
}

/// Whether a line opens or closes a fenced code block at the top level (up to three spaces of
/// indent), and its fence.
fn fence(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    (indent <= 3).then_some(())?;
    ["```", "~~~"].into_iter().find(|f| rest.starts_with(f))
}

/// Converts Markdown for the reader: prose through tui-markdown (inline code marked with
/// backticks in mono, a link's URL kept with its label), and every top-level fenced block
/// (code, diagrams) line by line, verbatim, to be clipped rather than wrapped.
pub fn to_rows(markdown: &str, theme: Theme) -> Vec<SourceLine> {
    let mut out: Vec<SourceLine> = Vec::new();
    let mut prose = String::new();
    let mut lines = markdown.lines();
    let flush = |prose: &mut String, out: &mut Vec<SourceLine>| {
        if prose.trim().is_empty() {
            prose.clear();
            return;
        }
        let mut converted = convert(prose, theme, true).into_iter().peekable();
        // The gap after a block is the block's own.
        while converted.peek().is_some_and(|l| plain(l).trim().is_empty()) && !out.is_empty() {
            converted.next();
        }
        out.extend(converted.map(|line| SourceLine { line, pre: None }));
        prose.clear();
    };
    while let Some(line) = lines.next() {
        let Some(open) = fence(line) else {
            prose.push_str(line);
            prose.push('\n');
            continue;
        };
        flush(&mut prose, &mut out);
        let mut block: Vec<String> = Vec::new();
        for inner in lines.by_ref() {
            if fence(inner) == Some(open)
                && inner
                    .trim_start()
                    .trim_start_matches(open)
                    .trim()
                    .is_empty()
            {
                break;
            }
            block.push(
                inner
                    .replace('\t', "    ")
                    .replace(|c: char| c.is_control(), ""),
            );
        }
        let widest = block.iter().map(|l| l.width()).max().unwrap_or(0);
        if out
            .last()
            .is_some_and(|l| !plain(&l.line).trim().is_empty())
        {
            out.push(SourceLine {
                line: Line::default(),
                pre: None,
            });
        }
        for text in block {
            out.push(SourceLine {
                line: Line::from(Span::styled(text, tui_markdown::StyleSheet::code(&theme))),
                pre: Some(widest),
            });
        }
        out.push(SourceLine {
            line: Line::default(),
            pre: None,
        });
    }
    flush(&mut prose, &mut out);
    while out
        .last()
        .is_some_and(|l| l.pre.is_none() && plain(&l.line).is_empty())
    {
        out.pop();
    }
    out
}

/// Lays converted lines out at `width` columns: prose wrapped, blocks clipped (a `›` marks a
/// cut line). In mono, blocks get a `│ ` frame on the left when they fit with it, so code
/// never looks like prose.
pub fn layout(rows: &[SourceLine], width: usize, theme: Theme) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        match row.pre {
            None => out.extend(wrap(&row.line, width)),
            Some(widest) => {
                let frame = if theme.color {
                    ""
                } else if widest + 2 <= width {
                    "│ "
                } else if widest < width {
                    "│"
                } else {
                    ""
                };
                let mut spans = Vec::new();
                if !frame.is_empty() {
                    spans.push(Span::styled(frame, theme.dim()));
                }
                spans.extend(clip(&row.line, width - frame.width(), theme).spans);
                out.push(Line::from(spans));
            }
        }
    }
    out
}

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

    /// Regression (found by fuzz_deck): tabs vanished on screen and made wrapped rows wider
    /// than the pane by `Line::width`.
    #[test]
    fn tabs_become_spaces() {
        let lines = to_lines("a\tb\n\n```\n\tindented\n```\n", Theme { color: false });
        let text = texts(&lines).join("\n");
        assert!(!text.contains('\t'), "{text:?}");
        assert!(text.contains("a    b"), "{text:?}");
        assert!(text.contains("    indented"), "{text:?}");
        let long = Line::from(format!("Cluster {}index", "\t".repeat(40)));
        let long = to_lines(&plain(&long), Theme { color: false });
        for row in long.iter().flat_map(|l| wrap(l, 36)) {
            assert!(row.width() <= 36, "{row:?}");
        }
    }

    /// Regression (found by fuzz_deck): inline math across lines left a `\n` in a span.
    #[test]
    fn no_newline_inside_a_span() {
        let lines = to_lines("cost $a\nb$ and *c\nd*", Theme { color: false });
        for line in &lines {
            for span in &line.spans {
                assert!(!span.content.contains('\n'), "{lines:?}");
            }
        }
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
