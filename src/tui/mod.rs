//! The terminal shell: sets the terminal up, feeds events through the keymap into
//! [`app::App::update`], draws, and restores the terminal on every way out (including a panic).

pub mod action;
pub mod app;
mod browse;
mod drill;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod list;
pub mod markdown;
pub mod page;
pub mod quiz;
pub mod reader;
pub mod theme;
pub mod viewport;
pub mod views;

use std::io::{self, IsTerminal};

use anyhow::{Context as _, Result, bail};
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal};

use crate::ctx::{self, Ctx};
use action::Action;
use app::App;
use theme::Theme;

/// Undoes everything `setup` did. Safe to call twice.
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, so that `?` and early returns clean up too.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn setup() -> Result<(Guard, DefaultTerminal)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode().context("cannot put the terminal in raw mode")?;
    let guard = Guard;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("cannot set up the terminal")?;
    let terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("cannot open the terminal")?;
    Ok((guard, terminal))
}

/// Corpora at least this large search on a worker thread: one search takes longer than a
/// frame there, and typing must not wait for it.
const BACKGROUND_SEARCH_ENTRIES: usize = 20_000;

/// A quiz to open the TUI on (`archdeck quiz` on a terminal).
#[derive(Debug, Clone, Copy)]
pub struct QuizStart<'a> {
    /// `all`, a kind or a tag.
    pub deck: &'a str,
    /// Practise without saving.
    pub cram: bool,
}

/// Runs the TUI until the user quits, starting in a quiz when one is given.
pub fn run(ctx: &Ctx, quiz: Option<QuizStart>) -> Result<u8> {
    run_full(ctx, quiz, None)
}

/// Runs the browser with `query` typed in the search box and its best hit in the reader
/// (`archdeck open`).
pub fn run_open(ctx: &Ctx, query: &str) -> Result<u8> {
    run_full(ctx, None, Some(query))
}

fn run_full(ctx: &Ctx, quiz: Option<QuizStart>, query: Option<&str>) -> Result<u8> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!(
            "the browser needs a terminal; in scripts and pipes use `archdeck list`, `archdeck search QUERY` or `archdeck show ID`"
        );
    }
    // Hidden, for measuring start-up (scripts/measure.sh): quit right after the first frame.
    let exit_after_first_frame =
        (ctx.env)("ARCHDECK_EXIT_AFTER_FIRST_FRAME").is_some_and(|v| v == "1");
    let (corpus, problems) = ctx.load();
    let clock = ctx.clock()?;
    let (config, config_errors) = ctx.config_and_errors();
    let mut theme = Theme::from_env(ctx.env);
    if config.theme == crate::config::ThemeName::Mono {
        theme.color = false;
    }
    let progressor = quiz::Progressor {
        store: ctx.store().ok(),
        clock: Box::new(move || clock.day_now()),
        new_per_day: config.new_cards_per_day,
        reviews_per_day: config.reviews_per_day,
        desired_retention: config.desired_retention,
    };
    let (_guard, mut terminal) = setup()?;
    let size = terminal.size()?;
    let mut app =
        App::new(corpus, problems, theme, size.width, size.height).with_progress(progressor);
    if app.corpus.len() >= BACKGROUND_SEARCH_ENTRIES {
        app = app.search_in_background();
    }
    let history_file = ctx
        .paths
        .data_dir
        .as_ref()
        .map(|d| d.path.join(HISTORY_FILE));
    if let Some(file) = &history_file {
        app.list.query.history = load_history(file);
    }
    if let Some(e) = config_errors.first() {
        app.status = Some(match config_errors.len() {
            1 => e.to_string(),
            n => format!("{e} (and {} more: `archdeck check` lists them)", n - 1),
        });
    }
    app.refresh_due(app.progressor.now());
    app.hyperlinks = hyperlinks_supported(ctx.env);
    if let Some(q) = query {
        app.type_query(q);
    }
    if let Some(QuizStart { deck, cram }) = quiz {
        app.start_quiz(deck.to_string(), cram);
    }
    while !app.should_quit {
        terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        if exit_after_first_frame {
            if let Some(start) = ctx::started() {
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                drop(_guard);
                eprintln!("first frame drawn {ms:.2} ms after main started");
                return Ok(0);
            }
            break;
        }
        // While a search runs in the background, wake for its answer as well as for keys.
        if app.searching() && !event::poll(std::time::Duration::from_millis(8))? {
            app.poll_search();
            continue;
        }
        let first = event::read()?;
        // Apply every queued event before the next frame, searching once for all the typing
        // among them, so that fast typing never lags behind.
        let mode = app.mode;
        app.begin_batch();
        handle(&mut app, first);
        while !app.should_quit && event::poll(std::time::Duration::ZERO)? {
            handle(&mut app, event::read()?);
        }
        app.end_batch();
        app.poll_search();
        if mode != app.mode && app.mode == app::Mode::Browse {
            // Back from a quiz: the counts in the status bar have changed.
            app.refresh_due(app.progressor.now());
            app.hyperlinks = hyperlinks_supported(ctx.env);
        }
    }
    if let Some(file) = &history_file
        && let Err(e) = save_history(file, &app.list.query.history)
    {
        drop(_guard);
        ctx::say(format_args!(
            "could not save the search history to {}: {e}",
            file.display()
        ));
    }
    Ok(0)
}

/// Whether to send OSC 8 hyperlinks: not on the Linux console or a dumb terminal, and not
/// when `ARCHDECK_HYPERLINKS=0`. Terminals that do not know OSC 8 ignore it.
fn hyperlinks_supported(env: &dyn Fn(&str) -> Option<String>) -> bool {
    if env("ARCHDECK_HYPERLINKS").is_some_and(|v| v == "0") {
        return false;
    }
    !matches!(env("TERM").as_deref(), Some("linux" | "dumb") | None)
}

/// The search box's history, one query a line, in the data dir.
const HISTORY_FILE: &str = "search-history.txt";

/// Reads the search history; a missing or unreadable file is an empty history.
fn load_history(file: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut history: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| crate::sanitize::clean(l, crate::sanitize::Lines::Fold).into_owned())
        .collect();
    let extra = history.len().saturating_sub(line_edit::HISTORY_MAX);
    history.drain(..extra);
    history
}

/// Writes the search history atomically (temp file, then rename).
fn save_history(file: &std::path::Path, history: &[String]) -> io::Result<()> {
    let dir = file.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    for q in history {
        use std::io::Write as _;
        writeln!(tmp, "{q}")?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Applies an action stamped with the time it arrived, then performs the effect it returns
/// (saving an answer).
fn apply(app: &mut App, action: Action) {
    let now = app.progressor.now();
    if let Some(effect) = app.update_at(action, now) {
        app.perform(effect, now);
    }
}

fn handle(app: &mut App, event: Event) {
    match event {
        Event::Key(key) if key.kind != event::KeyEventKind::Release => {
            if let Some(action) = keymap::action_for(app.context(), key) {
                if !matches!(action, Action::Input(_) | Action::Backspace) {
                    app.status = None;
                }
                apply(app, action);
            }
        }
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            let action = match m.kind {
                MouseEventKind::ScrollDown => Action::Wheel {
                    column,
                    row,
                    down: true,
                },
                MouseEventKind::ScrollUp => Action::Wheel {
                    column,
                    row,
                    down: false,
                },
                MouseEventKind::Down(MouseButton::Left) => Action::Click { column, row },
                _ => return,
            };
            apply(app, action);
        }
        Event::Resize(w, h) => apply(app, Action::Resize(w, h)),
        _ => {}
    }
}
