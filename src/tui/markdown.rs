//! Markdown to styled, wrapped terminal lines (wrapping itself is in [`super::lines`]).

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::lines::{clip, plain, wrap};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::lines::{plain, wrap};

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(plain).collect()
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
}
