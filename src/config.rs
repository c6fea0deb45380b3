//! User settings from `config.toml` in the config dir.
//!
//! ```toml
//! new_cards_per_day = 20     # new flashcards a day
//! desired_retention = 0.9    # 0.7 to 0.99: the recall probability at which cards come due
//! theme = "default"          # or "mono"
//! ```
//!
//! A missing file means defaults. A bad file also means defaults, plus a [`ConfigError`] naming
//! the file, line and column and what to do, for the UI to show.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::corpus::line_col;
use crate::quiz::schedule::DEFAULT_RETENTION;

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Default,
    /// No colours, only bold and reverse video.
    Mono,
}

/// The settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub new_cards_per_day: u32,
    pub desired_retention: f32,
    pub theme: ThemeName,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            new_cards_per_day: 20,
            desired_retention: DEFAULT_RETENTION,
            theme: ThemeName::Default,
        }
    }
}

/// A problem in the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}; using the default settings until it is fixed",
            self.file.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    new_cards_per_day: Option<Spanned<i64>>,
    desired_retention: Option<Spanned<f64>>,
    theme: Option<ThemeName>,
}

impl Config {
    /// Reads `path`. Missing file: defaults. Bad file: defaults and the error.
    pub fn load(path: &Path) -> (Config, Option<ConfigError>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(e) => (
                Config::default(),
                Some(ConfigError {
                    file: path.to_path_buf(),
                    line: 1,
                    col: 1,
                    message: format!("cannot read the config file: {e}"),
                }),
            ),
        }
    }

    /// Parses the text of a config file; `file` is only used in messages.
    pub fn parse(text: &str, file: &Path) -> (Config, Option<ConfigError>) {
        let error = |offset: usize, message: String| {
            let (line, col) = line_col(text, offset);
            Some(ConfigError {
                file: file.to_path_buf(),
                line,
                col,
                message,
            })
        };
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                let message = format!(
                    "{}; valid keys are new_cards_per_day (a whole number), desired_retention \
                     (0.7 to 0.99) and theme (\"default\" or \"mono\")",
                    e.message().trim_end_matches('\n')
                );
                return (Config::default(), error(offset, message));
            }
        };
        let mut config = Config::default();
        if let Some(n) = raw.new_cards_per_day {
            match u32::try_from(*n.get_ref()) {
                Ok(v) if v <= 10_000 => config.new_cards_per_day = v,
                _ => {
                    let message = format!(
                        "new_cards_per_day = {} is out of range; use a whole number from 0 to 10000 (default 20)",
                        n.get_ref()
                    );
                    return (Config::default(), error(n.span().start, message));
                }
            }
        }
        if let Some(r) = raw.desired_retention {
            let v = *r.get_ref();
            if (0.7..=0.99).contains(&v) {
                config.desired_retention = v as f32;
            } else {
                let message = format!(
                    "desired_retention = {v} is out of range; use a value from 0.7 to 0.99 (default 0.9)"
                );
                return (Config::default(), error(r.span().start, message));
            }
        }
        if let Some(theme) = raw.theme {
            config.theme = theme;
        }
        (config, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Option<ConfigError>) {
        Config::parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse(""), (Config::default(), None));
        let (c, e) = parse("new_cards_per_day = 5\ndesired_retention = 0.85\ntheme = \"mono\"\n");
        assert!(e.is_none());
        assert_eq!(c.new_cards_per_day, 5);
        assert!((c.desired_retention - 0.85).abs() < 1e-6);
        assert_eq!(c.theme, ThemeName::Mono);
    }

    #[test]
    fn bad_values_name_file_line_col() {
        let (c, e) = parse("theme = \"mono\"\ndesired_retention = 0.5\n");
        assert_eq!(c, Config::default());
        let e = e.unwrap().to_string();
        assert!(
            e.starts_with("/cfg/config.toml:2:21: desired_retention = 0.5 is out of range"),
            "{e}"
        );
        let (_, e) = parse("theme = \"neon\"\n");
        let e = e.unwrap();
        assert_eq!((e.line, e.col), (1, 9), "{e}");
        let (_, e) = parse("\nnew_cards = 3\n");
        let e = e.unwrap();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("unknown field"), "{e}");
        let (_, e) = parse("new_cards_per_day = -1");
        assert!(e.unwrap().message.contains("0 to 10000"));
    }
}
