//! User settings from `config.toml` in the config dir.
//!
//! ```toml
//! new_cards_per_day = 20     # new flashcards a day
//! desired_retention = 0.9    # 0.7 to 0.99: the recall probability at which cards come due
//! theme = "default"          # or "mono"
//! day_starts_at = 4          # the hour (0 to 12, local time) a new day starts
//! reviews_per_day = 200      # reviews of cards learnt on earlier days, a day
//! leech_lapses = 8           # lapses that suspend a card as a leech (0: never)
//! ```
//!
//! A missing file means defaults. A bad file also means defaults, plus a [`ConfigError`] naming
//! the file, line and column and what to do, for the UI to show.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::corpus::line_col;
use crate::quiz::schedule::{DEFAULT_RETENTION, MAX_DAY_START};

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
    /// Reviews of cards learnt on earlier days, a day.
    pub reviews_per_day: u32,
    /// The local hour a new day starts at: cards due "today" and the new-card limit follow it.
    pub day_starts_at: u8,
    /// An answer that brings a card's lapses to this number suspends it as a leech (0: never).
    pub leech_lapses: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            new_cards_per_day: 20,
            desired_retention: DEFAULT_RETENTION,
            theme: ThemeName::Default,
            reviews_per_day: 200,
            day_starts_at: 4,
            leech_lapses: 8,
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

/// The path and the message quote untrusted text (the file's keys and values, the config dir's
/// name): both are sanitised, as [`crate::corpus::Diagnostic`]'s are, so that every place that
/// reports the config file (`check` on stdout, the other commands on stderr, the TUI) is safe.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            crate::sanitize::line(&self.file.display().to_string()),
            self.line,
            self.col,
            crate::sanitize::line(&self.message)
        )
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
struct Raw {
    new_cards_per_day: Option<Spanned<toml::Value>>,
    desired_retention: Option<Spanned<toml::Value>>,
    theme: Option<Spanned<toml::Value>>,
    reviews_per_day: Option<Spanned<toml::Value>>,
    day_starts_at: Option<Spanned<toml::Value>>,
    leech_lapses: Option<Spanned<toml::Value>>,
}

const KEYS: [&str; 6] = [
    "new_cards_per_day",
    "desired_retention",
    "theme",
    "reviews_per_day",
    "day_starts_at",
    "leech_lapses",
];

impl Config {
    /// Reads `path`. Missing file: defaults. Each bad setting is reported and takes its
    /// default; every valid one is kept.
    pub fn load(path: &Path) -> (Config, Vec<ConfigError>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
            Err(e) => (
                Config::default(),
                vec![ConfigError {
                    file: path.to_path_buf(),
                    line: 1,
                    col: 1,
                    message: format!(
                        "cannot read the config file: {e}; using the default settings"
                    ),
                }],
            ),
        }
    }

    /// Parses the text of a config file; `file` is only used in messages.
    pub fn parse(text: &str, file: &Path) -> (Config, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let mut error = |offset: usize, message: String| {
            let (line, col) = line_col(text, offset);
            errors.push(ConfigError {
                file: file.to_path_buf(),
                line,
                col,
                message,
            });
        };
        let mut config = Config::default();
        // Unknown keys, each at its place.
        match toml::de::DeTable::parse(text) {
            Ok(doc) => {
                for (key, _) in doc.get_ref().iter() {
                    if !KEYS.contains(&key.get_ref().as_ref()) {
                        error(
                            key.span().start,
                            format!(
                                "unknown setting `{}`; valid settings are new_cards_per_day (a whole number), \
                                 desired_retention (0.7 to 0.99), theme (\"default\" or \"mono\"), \
                                 reviews_per_day (a whole number), day_starts_at (an hour, 0 to 12) \
                                 and leech_lapses (a whole number, 0 for never)",
                                key.get_ref()
                            ),
                        );
                    }
                }
            }
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                let message = format!(
                    "{}; using the default settings until it is fixed",
                    e.message().trim_end_matches('\n')
                );
                error(offset, message);
                return (config, errors);
            }
        }
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                error(offset, e.message().trim_end_matches('\n').to_string());
                return (config, errors);
            }
        };
        if let Some(n) = raw.new_cards_per_day {
            match n.get_ref().as_integer().map(u32::try_from) {
                Some(Ok(v)) if v <= 10_000 => config.new_cards_per_day = v,
                _ => error(
                    n.span().start,
                    format!(
                        "new_cards_per_day = {} is not a whole number from 0 to 10000; using the default (20)",
                        n.get_ref()
                    ),
                ),
            }
        }
        if let Some(r) = raw.desired_retention {
            let value = r.get_ref();
            let v = value.as_float().or(value.as_integer().map(|i| i as f64));
            match v {
                Some(v) if (0.7..=0.99).contains(&v) => config.desired_retention = v as f32,
                _ => error(
                    r.span().start,
                    format!(
                        "desired_retention = {value} is out of range; use a value from 0.7 to 0.99 (using the default, 0.9)"
                    ),
                ),
            }
        }
        if let Some(n) = raw.reviews_per_day {
            match n.get_ref().as_integer().map(u32::try_from) {
                Some(Ok(v)) if v <= 100_000 => config.reviews_per_day = v,
                _ => error(
                    n.span().start,
                    format!(
                        "reviews_per_day = {} is not a whole number from 0 to 100000; using the default (200)",
                        n.get_ref()
                    ),
                ),
            }
        }
        if let Some(h) = raw.day_starts_at {
            match h.get_ref().as_integer().map(u8::try_from) {
                Some(Ok(v)) if v <= MAX_DAY_START => config.day_starts_at = v,
                _ => error(
                    h.span().start,
                    format!(
                        "day_starts_at = {} is not an hour from 0 to {MAX_DAY_START}; using the default (4)",
                        h.get_ref()
                    ),
                ),
            }
        }
        if let Some(n) = raw.leech_lapses {
            match n.get_ref().as_integer().map(u32::try_from) {
                Some(Ok(v)) if v <= 1_000 => config.leech_lapses = v,
                _ => error(
                    n.span().start,
                    format!(
                        "leech_lapses = {} is not a whole number from 0 (never) to 1000; using the default (8)",
                        n.get_ref()
                    ),
                ),
            }
        }
        if let Some(theme) = raw.theme {
            match theme.get_ref().as_str() {
                Some("default") => config.theme = ThemeName::Default,
                Some("mono") => config.theme = ThemeName::Mono,
                _ => error(
                    theme.span().start,
                    format!(
                        "theme = {} is not \"default\" or \"mono\"; using the default",
                        theme.get_ref()
                    ),
                ),
            }
        }
        (config, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<ConfigError>) {
        Config::parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse(""), (Config::default(), Vec::new()));
        let (c, e) = parse("new_cards_per_day = 5\ndesired_retention = 0.85\ntheme = \"mono\"\n");
        assert!(e.is_empty());
        assert_eq!(c.new_cards_per_day, 5);
        assert!((c.desired_retention - 0.85).abs() < 1e-6);
        assert_eq!(c.theme, ThemeName::Mono);
        assert_eq!((c.day_starts_at, c.reviews_per_day), (4, 200));
        let (c, e) = parse("day_starts_at = 0\nreviews_per_day = 50\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!((c.day_starts_at, c.reviews_per_day), (0, 50));
        let (c, e) = parse("day_starts_at = 13\n");
        assert_eq!(c.day_starts_at, 4);
        assert!(e[0].message.contains("0 to 12"), "{e:?}");
        assert_eq!(Config::default().leech_lapses, 8);
        let (c, e) = parse("leech_lapses = 0\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(c.leech_lapses, 0);
        let (c, e) = parse("theme = \"mono\"\nleech_lapses = -2\n");
        assert_eq!(c.leech_lapses, 8);
        assert_eq!((e[0].line, e[0].col), (2, 16), "{e:?}");
        assert!(e[0].message.contains("0 (never) to 1000"), "{e:?}");
    }

    #[test]
    fn bad_values_name_file_line_col() {
        let (c, e) = parse("theme = \"mono\"\ndesired_retention = 0.5\n");
        assert_eq!(c.theme, ThemeName::Mono, "a valid setting is kept");
        let e = e[0].to_string();
        assert!(
            e.starts_with("/cfg/config.toml:2:21: desired_retention = 0.5 is out of range"),
            "{e}"
        );
        let (_, e) = parse("theme = \"neon\"\n");
        assert_eq!((e[0].line, e[0].col), (1, 9), "{:?}", e[0]);
        let (_, e) = parse("\nnew_cards = 3\n");
        assert_eq!(e[0].line, 2, "{:?}", e[0]);
        assert!(e[0].message.contains("unknown setting"), "{:?}", e[0]);
        let (_, e) = parse("new_cards_per_day = -1");
        assert!(e[0].message.contains("0 to 10000"));
    }

    /// One bad value no longer discards the others, and every bad one is reported.
    #[test]
    fn keeps_every_valid_setting_and_reports_every_bad_one() {
        let (c, e) = parse(
            "desired_retention = 1.5\nnew_cards_per_day = 7\ntheme = \"mono\"\ncolour = 1\ntheme2 = 2\n",
        );
        assert_eq!(c.new_cards_per_day, 7);
        assert_eq!(c.theme, ThemeName::Mono);
        assert_eq!(c.desired_retention, DEFAULT_RETENTION);
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            lines.contains(&1) && lines.contains(&4) && lines.contains(&5),
            "{e:?}"
        );
    }
}
