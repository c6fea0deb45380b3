//! The terminal shell: sets the terminal up, feeds events through the keymap into
//! [`app::App::update`], draws, and restores the terminal on every way out (including a panic).

pub mod action;
pub mod app;
mod browse;
pub mod cards;
mod drill;
pub mod help;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod lines;
pub mod list;
pub mod markdown;
pub mod page;
pub mod quiz;
pub mod reader;
pub mod theme;
pub mod viewport;
pub mod views;

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, bail};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyModifiers, MouseButton, MouseEventKind,
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

/// Undoes everything `setup` did. Safe to call twice, and from the signal thread.
fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Puts the terminal in the TUI's mode: raw, alternate screen, mouse capture, bracketed paste.
fn enter() -> Result<()> {
    enable_raw_mode().context("cannot put the terminal in raw mode")?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .context("cannot set up the terminal")
}

/// Set by the signal thread after a suspension ends (`fg`): the main loop sets the terminal up
/// again and redraws everything.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Restores the terminal on SIGTERM, SIGHUP, SIGINT and SIGQUIT, then exits (128 + the signal,
/// as shells do); on SIGTSTP restores it, stops, and on resuming asks the main loop to redraw.
fn watch_signals() -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])
            .context("cannot watch signals")?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                restore();
                if signal == SIGTSTP {
                    suspend_now();
                    RESUMED.store(true, Ordering::SeqCst);
                } else {
                    std::process::exit(128 + signal);
                }
            }
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// Stops the process as the shell's job control expects; returns once it is continued.
fn suspend_now() {
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// Ctrl-Z: the terminal is not sending SIGTSTP in raw mode, so the TUI suspends itself.
fn suspend(terminal: &mut DefaultTerminal) -> Result<()> {
    restore();
    suspend_now();
    resume(terminal)
}

/// Back from a suspension: the terminal's mode again, and a full redraw.
fn resume(terminal: &mut DefaultTerminal) -> Result<()> {
    enter()?;
    terminal.clear().context("cannot redraw the terminal")
}

/// The longest paste taken into a text box: a search query needs no more, and inserting a huge
/// paste character by character would stall the input.
const MAX_PASTE_CHARS: usize = 4096;

/// The characters a paste types into the focused text box: line breaks and tabs become one
/// space (a pasted newline is never Enter), other control characters are dropped.
pub fn paste_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut last_space = false;
    text.chars()
        .filter_map(move |c| {
            let c = if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            };
            if c == ' ' && last_space {
                return None;
            }
            last_space = c == ' ';
            (!crate::sanitize::line(c.encode_utf8(&mut [0; 4])).is_empty()).then_some(c)
        })
        .take(MAX_PASTE_CHARS)
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
    let guard = Guard;
    enter()?;
    watch_signals()?;
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
    /// End the session after this many answers (`--limit N`).
    pub limit: Option<usize>,
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
        // A short busy timeout: the screen keeps drawing and keys keep working while another
        // process holds the store, and a failed save is retried while idle (see below).
        store: ctx
            .store()
            .ok()
            .map(|s| s.with_busy_timeout(std::time::Duration::from_millis(200))),
        clock: Box::new(move || clock.day_now()),
        new_per_day: config.new_cards_per_day,
        reviews_per_day: config.reviews_per_day,
        leech_lapses: config.leech_lapses,
        desired_retention: config.desired_retention,
    };
    let (_guard, mut terminal) = setup()?;
    let size = terminal.size()?;
    let check_command = ctx.check_command(&[]);
    let mut app = App::new(corpus, problems, theme, size.width, size.height)
        .with_progress(progressor)
        .with_check_command(&check_command);
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
            n => format!("{e} (and {} more: `{check_command}` lists them)", n - 1),
        });
    }
    app.refresh_due(app.progressor.now());
    app.hyperlinks = hyperlinks_supported(ctx.env);
    if let Some(q) = query {
        app.type_query(q);
    }
    if let Some(QuizStart { deck, cram, limit }) = quiz {
        app.start_quiz_limited(deck.to_string(), cram, limit);
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
        // Wake now and then: answers whose save failed (a lock held elsewhere, a full disk) are
        // retried while idle, and a resumed suspension redraws.
        if !event::poll(std::time::Duration::from_millis(250))? {
            if RESUMED.swap(false, Ordering::SeqCst) {
                resume(&mut terminal)?;
            }
            if app.has_unsaved() {
                let now = app.progressor.now();
                app.perform(quiz::Effect::RetrySave, now);
            }
            continue;
        }
        let first = event::read()?;
        if is_ctrl_z(&first) {
            suspend(&mut terminal)?;
            continue;
        }
        // Apply every queued event before the next frame, searching once for all the typing
        // among them, so that fast typing never lags behind.
        let mode = app.mode;
        app.begin_batch();
        handle(&mut app, first);
        while !app.should_quit && event::poll(std::time::Duration::ZERO)? {
            let next = event::read()?;
            if is_ctrl_z(&next) {
                app.end_batch();
                suspend(&mut terminal)?;
                app.begin_batch();
                continue;
            }
            handle(&mut app, next);
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
        Event::Paste(text) => {
            for c in paste_chars(&text) {
                apply(app, Action::Input(c));
            }
        }
        _ => {}
    }
}

fn is_ctrl_z(event: &Event) -> bool {
    matches!(event, Event::Key(k) if k.kind != event::KeyEventKind::Release
        && k.code == KeyCode::Char('z')
        && k.modifiers.contains(KeyModifiers::CONTROL))
}

#[cfg(test)]
mod tests {
    use super::paste_chars;

    #[test]
    fn a_paste_is_text_on_one_line() {
        let typed: String = paste_chars("retry\r\nquorum\tx\u{1b}[2J\u{202e}").collect();
        assert_eq!(typed, "retry quorum x[2J");
        assert_eq!(paste_chars(&"a".repeat(100_000)).count(), 4096);
    }
}
