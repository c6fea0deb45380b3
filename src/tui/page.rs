//! `archdeck show` on a terminal: the entry styled as in the reader (same theme, same
//! Markdown conversion, text capped at the reader's measure), through `$PAGER` (default
//! `less -R`) when it is longer than the screen.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use anyhow::Result;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use super::markdown;
use super::theme::Theme;
use crate::ctx::Ctx;

/// The widest the text gets, as in the reader.
const MEASURE: usize = 100;

/// Prints Markdown styled for the terminal, paged when it does not fit on one screen.
pub fn show_markdown(ctx: &Ctx, md: &str) -> Result<()> {
    let mut theme = Theme::from_env(ctx.env);
    if ctx.config().theme == crate::config::ThemeName::Mono {
        theme.color = false;
    }
    let (cols, rows) = crossterm::terminal::size().unwrap_or((80, 24));
    let width = usize::from(cols).clamp(20, MEASURE);
    let text = render(md, theme, width);
    let lines = text.lines().count();
    if lines < usize::from(rows) {
        io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    let pager = (ctx.env)("PAGER")
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -R".to_string());
    let child = Command::new("sh")
        .args(["-c", &pager])
        .stdin(Stdio::piped())
        .spawn();
    match child {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                // The user may quit the pager before reading everything: not an error.
                let _ = stdin.write_all(text.as_bytes());
            }
            child.wait()?;
        }
        Err(_) => io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Markdown as lines with ANSI SGR styles, `width` columns wide.
pub fn render(md: &str, theme: Theme, width: usize) -> String {
    let rows = markdown::to_rows(md, theme);
    let mut out = String::new();
    for line in markdown::layout(&rows, width, theme) {
        push_line(&mut out, &line);
        out.push('\n');
    }
    out
}

fn push_line(out: &mut String, line: &Line<'_>) {
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let sgr = sgr(style);
        if sgr.is_empty() {
            out.push_str(&span.content);
        } else {
            out.push_str(&format!("\x1b[{sgr}m{}\x1b[0m", span.content));
        }
    }
}

/// The SGR parameters for a style (empty for none).
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.into());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color(c, true)) {
        codes.push(bg);
    }
    codes.join(";")
}

fn color(c: Color, bg: bool) -> Option<String> {
    let base = |n: u8| Some(format!("{}", if bg { n + 10 } else { n }));
    match c {
        Color::Reset => None,
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => Some(format!("{};5;{n}", if bg { 48 } else { 38 })),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_become_sgr_and_mono_has_no_colour() {
        let colour = render("# Title\n\nSome `code`.", Theme { color: true }, 40);
        assert!(colour.contains("\x1b["), "{colour:?}");
        assert!(colour.contains("Title"));
        let mono = render("# Title\n\nSome `code`.", Theme { color: false }, 40);
        assert!(!mono.contains("[3"), "no foreground colour: {mono:?}");
        assert!(mono.contains("`code`"), "{mono:?}");
    }

    #[test]
    fn text_is_wrapped_to_the_width() {
        let text = render(&"word ".repeat(100), Theme { color: false }, 30);
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
    }
}
