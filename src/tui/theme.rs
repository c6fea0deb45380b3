//! Every colour and text style of the TUI, in one place.
//!
//! With `NO_COLOR` set (to anything non-empty, see <https://no-color.org>), the theme uses no
//! colours at all: selection is reversed video, emphasis is bold or underline.

use ratatui::style::{Color, Modifier, Style};

use crate::corpus::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// The theme for this environment: monochrome when `NO_COLOR` is set and non-empty.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Theme {
        Theme {
            color: env("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn base(self) -> Style {
        Style::new()
    }
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn border_focused(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Rgb(40, 44, 60))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn find_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn find_current(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    pub fn link(self) -> Style {
        self.fg(Color::LightBlue)
    }
    pub fn link_selected(self) -> Style {
        self.link().add_modifier(Modifier::REVERSED)
    }
    /// The search box's cursor cell.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn status(self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(30, 30, 40)).fg(Color::Gray)
        } else {
            Style::new()
        }
    }
    pub fn error(self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }
    pub fn good(self) -> Style {
        self.fg(Color::LightGreen).add_modifier(Modifier::BOLD)
    }
    pub fn kind(self, kind: Kind) -> Style {
        self.fg(match kind {
            Kind::Concept => Color::LightBlue,
            Kind::Pattern => Color::LightGreen,
            Kind::Principle => Color::LightMagenta,
            Kind::Rule => Color::Yellow,
            Kind::Fallacy => Color::LightRed,
            Kind::Reference => Color::Gray,
            Kind::Law => Color::LightCyan,
        })
    }
}

impl tui_markdown::StyleSheet for Theme {
    fn heading(&self, level: u8) -> Style {
        match level {
            1 => self
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            2 => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            _ => self.fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
        }
    }
    fn heading_marker(&self, _level: u8) -> &str {
        ""
    }
    fn code(&self) -> Style {
        self.fg(Color::LightYellow)
    }
    fn link(&self) -> Style {
        self.fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED)
    }
    fn blockquote(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::ITALIC)
    }
    fn heading_meta(&self) -> Style {
        self.dim()
    }
    fn metadata_block(&self) -> Style {
        self.dim()
    }
    fn code_block_fence(&self) -> &str {
        ""
    }
    fn html(&self) -> Style {
        self.dim()
    }
    fn math_inline(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
    fn math_display(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
}
