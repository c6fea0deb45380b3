//! The run context both shells start from: the environment, the resolved paths, the clock and
//! the settings. It sits below [`crate::cli`] and [`crate::tui`] so that neither imports the
//! other; `main.rs` builds it through [`crate::run`].

use std::fmt::Display;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::config::{Config, ConfigError};
use crate::corpus::{Corpus, DeckFile, Diagnostic};
use crate::paths::{Paths, Source};
use crate::progress::{Store, rfc3339};

/// Everything a command needs from the outside world.
pub struct Ctx<'a> {
    pub paths: Paths,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Shows Markdown styled and paged, when stdout is a terminal (`archdeck show`); set by
    /// [`crate::run`], which knows both shells, so the CLI need not import the TUI.
    pub page: Option<fn(&Ctx, &str) -> Result<()>>,
}

/// Tells the user something on stderr, as `archdeck: <message>`: the one way warnings and
/// errors that do not stop a command reach the user.
/// Everything said is sanitised: messages quote file names, arguments and deck text.
pub fn say(message: impl Display) {
    let text = message.to_string();
    let text = crate::sanitize::clean(&text, crate::sanitize::Lines::Keep);
    // A closed or full stderr leaves nothing to tell.
    let _ = writeln!(std::io::stderr(), "archdeck: {text}");
}

impl Ctx<'_> {
    /// The decks folder in use, if any, as the loaders take it.
    fn deck_dirs(&self) -> Vec<&Path> {
        self.paths
            .decks_dir
            .iter()
            .map(|d| d.path.as_path())
            .collect()
    }

    /// The built-in corpus plus the user decks, with any problems in them.
    pub fn load(&self) -> (Corpus, Vec<Diagnostic>) {
        Corpus::with_user_decks(&self.deck_dirs())
    }

    /// The user deck files, and the problems reading them.
    pub fn user_deck_files(&self) -> (Vec<DeckFile>, Vec<Diagnostic>) {
        DeckFile::read_users(&self.deck_dirs())
    }

    /// Loads the corpus and warns on stderr if user decks had problems. A command runs once and
    /// exits, so the corpus lives until then: it is leaked rather than freed entry by entry at
    /// exit, which with a large user deck took a tenth of the command's time.
    pub fn load_quietly(&self) -> &'static Corpus {
        let (files, problems) = self.user_deck_files();
        self.corpus_from(&files, problems)
    }

    /// The corpus of the built-in entries and these user deck files (as
    /// [`Ctx::load_quietly`]), warning on stderr about any problem in them or in `problems`.
    pub fn corpus_from(
        &self,
        files: &[DeckFile],
        mut problems: Vec<Diagnostic>,
    ) -> &'static Corpus {
        let (corpus, more) = Corpus::with_files(files);
        problems.extend(more);
        if !problems.is_empty() {
            say(format_args!(
                "{} problem(s) in decks were skipped; run `{}` for details",
                problems.len(),
                self.check_command(&[])
            ));
        }
        Box::leak(Box::new(corpus))
    }

    /// The command that checks the decks this run reads, and `extra` deck files or folders:
    /// `archdeck check`, with the decks folder when it came from `--decks` or
    /// `$ARCHDECK_DECKS_DIR` (a plain `archdeck check` would not look there). Paths are
    /// sanitised and quoted for a POSIX shell.
    pub fn check_command(&self, extra: &[PathBuf]) -> String {
        let mut cmd = String::from("archdeck");
        if let Some(d) = &self.paths.decks_dir
            && matches!(d.source, Source::Flag | Source::Env(_))
        {
            cmd.push_str(" --decks ");
            cmd.push_str(&shell_quote(&d.path.display().to_string()));
        }
        cmd.push_str(" check");
        for p in extra {
            cmd.push(' ');
            cmd.push_str(&shell_quote(&p.display().to_string()));
        }
        cmd
    }

    /// The clock, honouring `$ARCHDECK_NOW`, `$TZ` and `day_starts_at` in the config.
    pub fn clock(&self) -> Result<Clock> {
        let base = match (self.env)("ARCHDECK_NOW").filter(|v| !v.trim().is_empty()) {
            Some(v) => rfc3339::parse(&v).with_context(|| {
                format!(
                    "ARCHDECK_NOW=`{}` is not an RFC 3339 time like 2025-01-31T09:00:00Z",
                    crate::sanitize::line(&v)
                )
            })?,
            None => time::OffsetDateTime::now_utc(),
        };
        // A bad config file is reported where the settings are read; here only its hour counts.
        let day_starts_at = self.config_and_errors().0.day_starts_at;
        if !crate::review::times::in_range(base) {
            bail!(
                "ARCHDECK_NOW=`{}` is outside the years 1 to 9999 (in UTC) that archdeck handles",
                crate::sanitize::line(&rfc3339::format(base).unwrap_or_default())
            );
        }
        Ok(Clock {
            base,
            start: Instant::now(),
            zone: time_zone((self.env)("TZ").as_deref()),
            day_starts_at,
        })
    }

    /// The settings from `config.toml`, and every problem in it (each bad setting takes its
    /// default; the valid ones are kept).
    pub fn config_and_errors(&self) -> (Config, Vec<ConfigError>) {
        match self.paths.config_file() {
            Some(file) => Config::load(&file),
            None => (Config::default(), Vec::new()),
        }
    }

    /// The settings and the first problem in them, if any.
    pub fn config_and_error(&self) -> (Config, Option<ConfigError>) {
        let (config, errors) = self.config_and_errors();
        (config, errors.into_iter().next())
    }

    /// The settings from `config.toml`; its problems are reported on stderr (once per run).
    pub fn config(&self) -> Config {
        let (config, errors) = self.config_and_errors();
        if !CONFIG_REPORTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            for e in errors {
                say(e);
            }
        }
        config
    }

    /// The progress store in the data dir.
    pub fn store(&self) -> Result<Store> {
        let dir = self.paths.data_dir.as_ref().ok_or_else(|| {
            anyhow!("no data folder to keep progress in; set ARCHDECK_DATA_DIR or pass --data-dir")
        })?;
        let store = Store::new(&dir.path);
        // Marks record when they changed by the same clock as answers (`ARCHDECK_NOW`).
        Ok(match self.clock() {
            Ok(clock) => store.with_clock(move || clock.now()),
            Err(_) => store,
        })
    }
}

/// Quotes a path for a POSIX shell when it needs it.
fn shell_quote(s: &str) -> String {
    // An argument may hold escape sequences or bidi controls: never echo those to a terminal.
    let s = &*crate::sanitize::line(s);
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%=,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The user's time zone: `$TZ` if set (an IANA name such as `America/Los_Angeles`, with or
/// without a leading `:`, or a POSIX rule such as `PST8PDT,M3.2.0,M11.1.0`), else the system's
/// (`/etc/localtime`); UTC if neither can be read. Read once, in the main thread, at start.
pub fn time_zone(tz: Option<&str>) -> jiff::tz::TimeZone {
    match tz.map(|t| t.trim().trim_start_matches(':')) {
        Some("") => jiff::tz::TimeZone::UTC,
        Some(name) => jiff::tz::TimeZone::get(name)
            .or_else(|_| jiff::tz::TimeZone::posix(name))
            .unwrap_or_else(|_| {
                say(format_args!(
                    "TZ=`{name}` is not a time zone archdeck knows; days follow UTC"
                ));
                jiff::tz::TimeZone::UTC
            }),
        None => jiff::tz::TimeZone::system(),
    }
}

/// The offset of `zone` at the instant `at`.
pub fn offset_at(zone: &jiff::tz::TimeZone, at: time::OffsetDateTime) -> time::UtcOffset {
    let seconds = jiff::Timestamp::from_second(at.unix_timestamp())
        .map(|t| zone.to_offset(t).seconds())
        .unwrap_or(0);
    time::UtcOffset::from_whole_seconds(seconds).unwrap_or(time::UtcOffset::UTC)
}

/// The clock the shells pass to the core: `$ARCHDECK_NOW` (RFC 3339) at start, if set, else the
/// system clock; either way it advances in real time from there.
#[derive(Debug, Clone)]
pub struct Clock {
    base: time::OffsetDateTime,
    start: Instant,
    zone: jiff::tz::TimeZone,
    day_starts_at: u8,
}

impl Clock {
    /// The current time in the user's day offset (see [`crate::quiz::schedule::day_offset`]):
    /// what the quiz and the statistics take, so that "today" is the user's day.
    pub fn day_now(&self) -> time::OffsetDateTime {
        let now = self.now();
        let local = offset_at(&self.zone, now);
        crate::review::times::on(
            now,
            crate::quiz::schedule::day_offset(local, self.day_starts_at),
        )
    }

    /// The current time, to the millisecond (which keeps the progress file readable).
    pub fn now(&self) -> time::OffsetDateTime {
        let elapsed = time::Duration::try_from(self.start.elapsed()).unwrap_or_default();
        let t = crate::review::times::add(self.base, elapsed);
        let millis = t.nanosecond() / 1_000_000 * 1_000_000;
        t.replace_nanosecond(millis).unwrap_or(t)
    }
}

/// Whether this run has reported the config file's problems already.
static CONFIG_REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// When `main` began, for the start-up measurement (`ARCHDECK_EXIT_AFTER_FIRST_FRAME`).
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Records the moment the process reached `main`.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

/// When the process reached `main`, if [`mark_start`] was called.
pub fn started() -> Option<Instant> {
    STARTED.get().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn time_zones_from_tz() {
        let at = datetime!(2025-07-01 12:00 UTC);
        let winter = datetime!(2025-01-01 12:00 UTC);
        for tz in [
            "America/Los_Angeles",
            ":America/Los_Angeles",
            "PST8PDT,M3.2.0,M11.1.0",
        ] {
            let zone = time_zone(Some(tz));
            assert_eq!(offset_at(&zone, at).whole_hours(), -7, "{tz}");
            assert_eq!(offset_at(&zone, winter).whole_hours(), -8, "{tz}");
        }
        let zone = time_zone(Some("Europe/Berlin"));
        assert_eq!(offset_at(&zone, winter).whole_hours(), 1);
        assert_eq!(offset_at(&time_zone(Some("")), at).whole_hours(), 0);
    }
}
