//! The terminal shell: sets the terminal up, feeds events through the keymap into
//! [`app::App::update`], draws, and restores the terminal on every way out (including a panic).

pub mod action;
pub mod app;
mod browse;
mod drill;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod markdown;
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
    let (config, config_error) = ctx.config_and_error();
    let mut theme = Theme::from_env(ctx.env);
    if config.theme == crate::config::ThemeName::Mono {
        theme.color = false;
    }
    let progressor = quiz::Progressor {
        // A short busy timeout: the screen keeps drawing and keys keep working while another
        // process holds the store, and a failed save is retried while idle (see below).
        store: ctx
            .store()
            .ok()
            .map(|s| s.with_busy_timeout(std::time::Duration::from_millis(200))),
        clock: Box::new(move || clock.now()),
        new_per_day: config.new_cards_per_day,
        desired_retention: config.desired_retention,
    };
    let (_guard, mut terminal) = setup()?;
    let size = terminal.size()?;
    let mut app =
        App::new(corpus, problems, theme, size.width, size.height).with_progress(progressor);
    if app.corpus.len() >= BACKGROUND_SEARCH_ENTRIES {
        app = app.search_in_background();
    }
    if let Some(e) = config_error {
        app.status = Some(e.to_string());
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
        // Answers whose save failed (a lock held elsewhere, a full disk) are retried while idle.
        if app.has_unsaved() && !event::poll(std::time::Duration::from_millis(500))? {
            let now = app.progressor.now();
            app.perform(quiz::Effect::SaveAnswer, now);
            continue;
        }
        let first = event::read()?;
        // Apply every queued event before the next frame, searching once for all the typing
        // among them, so that fast typing never lags behind.
        app.begin_batch();
        handle(&mut app, first);
        while !app.should_quit && event::poll(std::time::Duration::ZERO)? {
            handle(&mut app, event::read()?);
        }
        app.end_batch();
        app.poll_search();
    }
    Ok(0)
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
