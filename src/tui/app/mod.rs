//! The TUI's state and its pure update function: `Action` in, new state out. Nothing here
//! draws or touches the terminal, so every behaviour is tested with plain function calls.
//!
//! [`App`] routes: each pane keeps its own state ([`ListPane`], [`Reader`], the quiz and the
//! statistics), and every input, keys, mouse and resizes alike, arrives as an [`Action`].
//!
//! This file holds the state, its construction and the dispatch of actions and effects; the
//! search (`search`), the screen's geometry and the mouse (`screen`) and moving between
//! entries (`navigate`) are in their own files, as are the screens' updates (`super::browse`,
//! `super::drill`, `super::cards`).

mod navigate;
mod screen;
mod search;

use std::sync::Arc;

use super::action::Action;
use super::cards::CardsState;
use super::keymap::Context;
use super::quiz::{Effect, Progressor, QuizState, StatsState};
use super::theme::Theme;
use crate::corpus::{Corpus, Diagnostic, Kind};
use time::OffsetDateTime;

pub use super::list::{KIND_CYCLE, ListPane};
pub use super::reader::{Link, Reader};

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The list and the reader.
    Browse,
    /// A quiz card, or the summary of a quiz.
    Quiz,
    /// The statistics.
    Stats,
    /// The card browser.
    Cards,
}

/// Which part of the screen takes keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Search,
    Reader,
    Find,
}

/// The whole TUI state.
pub struct App {
    pub corpus: Arc<Corpus>,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    /// Scroll offset of the help overlay, when it is open.
    pub help: Option<usize>,
    /// The entry list and its search.
    pub list: ListPane,
    pub reader: Reader,
    pub status: Option<String>,
    pub skipped: Vec<Diagnostic>,
    pub should_quit: bool,
    pub mode: Mode,
    /// The running (or paused) quiz.
    pub quiz: Option<QuizState>,
    pub stats: Option<StatsState>,
    /// The card browser, once opened (kept, so that it reopens where it was left).
    pub cards: Option<CardsState>,
    pub progressor: Progressor,
    /// Cards due now and new cards left today, for the browse status bar (`None` until
    /// [`App::refresh_due`] runs, or without a progress store).
    pub due: Option<(usize, usize)>,
    /// Make web addresses in the reader clickable (OSC 8); the shell turns it on for real
    /// terminals.
    pub hyperlinks: bool,
}

impl App {
    pub fn new(
        corpus: Corpus,
        skipped: Vec<Diagnostic>,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> App {
        let corpus = Arc::new(corpus);
        let list = ListPane::new(&corpus);
        let status = skipped_status(&skipped, "archdeck check");
        let mut app = App {
            corpus,
            theme,
            width,
            height,
            focus: Focus::List,
            help: None,
            list,
            reader: Reader::default(),
            status,
            skipped,
            should_quit: false,
            mode: Mode::Browse,
            quiz: None,
            stats: None,
            cards: None,
            progressor: Progressor {
                store: None,
                clock: Box::new(time::OffsetDateTime::now_utc),
                new_per_day: 20,
                reviews_per_day: 200,
                leech_lapses: 8,
                desired_retention: crate::quiz::schedule::DEFAULT_RETENTION,
            },
            due: None,
            hyperlinks: false,
        };
        app.refresh_search();
        app.show_selected();
        app
    }

    /// Names `command` (`archdeck --decks DIR check` when the decks came from there) as the one
    /// that lists the skipped deck problems.
    pub fn with_check_command(mut self, command: &str) -> App {
        if let Some(status) = skipped_status(&self.skipped, command) {
            self.status = Some(status);
        }
        self
    }

    /// Where progress is saved and what time it is.
    pub fn with_progress(mut self, progressor: Progressor) -> App {
        self.progressor = progressor;
        self
    }

    /// Counts the cards due now and the new cards left today (for the browse status bar).
    /// Reads the progress file, so the shell calls it at start and when a quiz ends.
    pub fn refresh_due(&mut self, now: OffsetDateTime) {
        if self.progressor.store.is_none() {
            self.due = None;
            return;
        }
        let mut messages = Vec::new();
        let progress = self.progressor.load(&mut messages, now);
        // Counting needs no multiple-choice options, whose distractors take time quadratic in
        // the corpus: this runs at start and on every return to browsing.
        let cards = crate::quiz::cards::generate_outline(&self.corpus);
        let options = crate::quiz::plan::SessionOptions {
            new_per_day: self.progressor.new_per_day,
            reviews_per_day: self.progressor.reviews_per_day,
            desired_retention: self.progressor.desired_retention,
            ..Default::default()
        };
        let plan = crate::quiz::plan::plan(&cards, &progress, now, &options);
        self.due = Some((plan.due.len(), plan.new.len()));
    }

    /// The keymap context for the current state.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        self.pane_context()
    }

    /// The keymap context of the screen under any help overlay.
    pub fn pane_context(&self) -> Context {
        match self.mode {
            Mode::Quiz => return Context::Quiz,
            Mode::Stats => return Context::Stats,
            // Typing in the filter box edits like the search box.
            Mode::Cards if self.cards.as_ref().is_some_and(|c| c.editing) => {
                return Context::Search;
            }
            Mode::Cards => return Context::Cards,
            Mode::Browse => {}
        }
        match self.focus {
            Focus::List => Context::List,
            Focus::Search => Context::Search,
            Focus::Reader => Context::Reader,
            Focus::Find => Context::Find,
        }
    }

    pub fn kind(&self) -> Option<Kind> {
        self.list.kind()
    }

    /// Corpus position of the highlighted list row.
    pub fn selected_entry(&self) -> Option<usize> {
        self.list.selected_entry()
    }

    /// Applies one action at the progressor's clock and performs the effect it returns: for
    /// tests and benches, which have no shell.
    pub fn update(&mut self, action: Action) {
        let now = self.progressor.now();
        if let Some(effect) = self.update_at(action, now) {
            self.perform(effect, now);
        }
    }

    /// Applies one action that happened at `now`, and returns the effect (saving an answer) the
    /// shell must perform with [`App::perform`]. This is the only function that changes state.
    pub fn update_at(&mut self, action: Action, now: OffsetDateTime) -> Option<Effect> {
        // Mouse and resizes act the same on every screen.
        match action {
            Action::Resize(w, h) => self.resize(w, h),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            Action::Click { column, row } => self.click(column, row),
            // Never quit silently with answers not saved.
            Action::Quit if self.has_unsaved() => return self.request_quit(),
            _ if self.help.is_some() => self.update_help(action),
            _ => match self.mode {
                Mode::Quiz => return self.update_quiz(action, now),
                Mode::Stats => self.update_stats(action, now),
                Mode::Cards => return self.update_cards(action),
                Mode::Browse => self.update_browse(action, now),
            },
        }
        None
    }

    /// Performs an effect returned by [`App::update_at`].
    pub fn perform(&mut self, effect: Effect, now: OffsetDateTime) {
        match effect {
            Effect::CardsSuspend => self.toggle_suspend(),
            Effect::CardsFlag => self.cycle_flag(),
            Effect::CardsBury => self.bury_card(now),
            Effect::SaveAnswer => {
                if let Some(quiz) = self.quiz.as_mut() {
                    quiz.commit(&self.progressor, now);
                    self.status = quiz.save_status().or_else(|| quiz.messages.pop());
                }
            }
            Effect::RetrySave => {
                if let Some(quiz) = self.quiz.as_mut() {
                    quiz.commit(&self.progressor, now);
                    if quiz.unsaved() == 0 {
                        quiz.confirm_quit = false;
                        quiz.confirm_leave = false;
                        self.status = Some("the answers that waited are saved".into());
                    }
                }
            }
            Effect::Undo => {
                if let Some(quiz) = self.quiz.as_mut() {
                    self.status = Some(quiz.undo(&self.progressor));
                }
            }
            Effect::Suspend | Effect::Bury => {
                if let Some(quiz) = self.quiz.as_mut() {
                    self.status =
                        Some(quiz.set_aside(&self.progressor, now, effect == Effect::Bury));
                }
            }
            Effect::CycleFlag => {
                if let Some(quiz) = self.quiz.as_mut() {
                    self.status = Some(quiz.cycle_flag(&self.progressor));
                }
            }
            Effect::SaveAndQuit => {
                if let Some(quiz) = self.quiz.as_mut() {
                    quiz.commit(&self.progressor, now);
                    let n = quiz.unsaved();
                    if n == 0 {
                        self.should_quit = true;
                    } else {
                        quiz.confirm_quit = true;
                        self.status = Some(format!(
                            "{n} answer(s) NOT saved ({}). Press q again to quit without them, \
                             or go on answering to retry",
                            quiz.save_error.as_deref().unwrap_or("the save failed")
                        ));
                    }
                } else {
                    self.should_quit = true;
                }
            }
        }
    }

    /// Quits, unless quiz answers are not saved yet: then the effect retries the save first
    /// (see [`Effect::SaveAndQuit`]), and a second quit leaves without them.
    pub(super) fn request_quit(&mut self) -> Option<Effect> {
        match self.quiz.as_ref() {
            Some(quiz) if quiz.unsaved() > 0 && !quiz.confirm_quit => Some(Effect::SaveAndQuit),
            _ => {
                self.should_quit = true;
                None
            }
        }
    }

    /// Whether answers wait to be saved after a failed save: the shell retries them while idle.
    pub fn has_unsaved(&self) -> bool {
        self.quiz.as_ref().is_some_and(|q| q.unsaved() > 0)
    }

    fn update_help(&mut self, action: Action) {
        let (lines, page) = super::help::rows_and_page(self.theme, self.width, self.height);
        let max = lines.saturating_sub(page);
        let Some(scroll) = self.help.as_mut() else {
            return;
        };
        match action {
            Action::Quit => self.should_quit = true,
            Action::CloseHelp | Action::ToggleHelp => self.help = None,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = (*scroll + 1).min(max),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::PageDown => *scroll = (*scroll + page).min(max),
            _ => {}
        }
    }
}

/// The status line for deck problems that were skipped, naming the command that lists them.
fn skipped_status(skipped: &[Diagnostic], check_command: &str) -> Option<String> {
    let first = skipped.first()?;
    Some(format!(
        "{} deck problem(s), skipped: run `{check_command}` (first: {first})",
        skipped.len()
    ))
}
