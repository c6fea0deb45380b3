//! The TUI's state and its pure update function: `Action` in, new state out. Nothing here
//! draws or touches the terminal, so every behaviour is tested with plain function calls.
//!
//! [`App`] routes: each pane keeps its own state ([`ListPane`], [`Reader`], the quiz and the
//! statistics), and every input, keys, mouse and resizes alike, arrives as an [`Action`].

use std::sync::Arc;

use super::action::Action;
use super::cards::CardsState;
use super::keymap::Context;
use super::layout::{self, Areas};
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
        let status = (!skipped.is_empty()).then(|| {
            format!(
                "{} deck problem(s), skipped: run `archdeck check` (first: {})",
                skipped.len(),
                skipped[0]
            )
        });
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

    /// Moves searching to a worker thread: the query box and the list answer every key at
    /// once, and the results follow when ready (see [`App::poll_search`]). Worth it for large
    /// corpora, where one search takes longer than a frame.
    pub fn search_in_background(mut self) -> App {
        self.list.search_in_background();
        self
    }

    /// Whether a search answer is still due from the worker.
    pub fn searching(&self) -> bool {
        self.list.searching
    }

    /// Applies the worker's newest answer, if it answers the current query. Returns whether
    /// anything changed.
    pub fn poll_search(&mut self) -> bool {
        match self.list.try_answer() {
            Some(answer) => self.take_answer(answer),
            None => false,
        }
    }

    /// Waits up to `timeout` for the worker's answer to the current query (for tests).
    pub fn wait_search(&mut self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.list.searching {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.list.wait_answer(left) {
                Some(answer) => {
                    self.take_answer(answer);
                }
                None => return false,
            }
        }
        true
    }

    fn take_answer(&mut self, answer: (u64, crate::search::Search)) -> bool {
        let page = self.list_height();
        let changed = self.list.take_answer(answer, page);
        if changed {
            self.show_selected();
        }
        changed
    }

    /// Types `query` into the search box and shows its best hit in the reader.
    pub fn type_query(&mut self, query: &str) {
        self.list.query.set(query);
        self.refresh_search();
        self.show_selected();
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

    /// The screen regions for the current size and focus.
    pub fn areas(&self) -> Areas {
        layout::areas(
            self.width,
            self.height,
            matches!(self.focus, Focus::Reader | Focus::Find),
        )
    }

    /// The reader's text area, as laid out when the reader is on screen (a narrow screen shows
    /// it only when focused, but wrapping and scrolling must not depend on that).
    pub fn reader_area(&self) -> ratatui::layout::Rect {
        layout::areas(self.width, self.height, true).reader
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
                    self.status = quiz.save_error.clone().or_else(|| quiz.messages.pop());
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

    /// Re-runs the search for an edited query, or, inside a batch, once at its end.
    pub(super) fn query_changed(&mut self) {
        if self.list.query_changed() {
            self.refresh_search();
            self.show_selected();
        }
    }

    /// Starts a batch of events (everything the terminal has queued): edits to the query are
    /// searched once, at [`App::end_batch`], so fast typing never waits on one search per key.
    pub fn begin_batch(&mut self) {
        self.list.begin_batch();
    }

    /// Ends a batch, running the search if the query changed in it.
    pub fn end_batch(&mut self) {
        if self.list.end_batch() {
            self.refresh_search();
            self.show_selected();
        }
    }

    fn update_help(&mut self, action: Action) {
        let lines = super::keymap::help_line_count();
        let page = usize::from(self.height.saturating_sub(4)).max(1);
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

    /// A terminal resize: re-lays out and re-wraps the reader.
    fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.rewrap();
        let page = self.list_height();
        self.list.view.clamp(self.list.hits.len(), page);
        self.scroll_by(0);
        let page = self.cards_page();
        if let Some(cards) = self.cards.as_mut() {
            cards.view.clamp(cards.shown.len(), page);
        }
    }

    /// Mouse wheel at a screen position: scrolls the pane under the pointer.
    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        if self.mode == Mode::Cards {
            self.wheel_cards(down);
            return;
        }
        let a = self.areas();
        let step = if down { 3 } else { -3 };
        if contains(a.reader_frame, column, row) {
            self.scroll_by(step);
        } else if contains(a.list_frame, column, row) {
            self.move_selection(step);
        }
    }

    /// A left click: selects a list row, or follows a link in the reader.
    fn click(&mut self, column: u16, row: u16) {
        if self.mode == Mode::Cards {
            self.click_cards(row);
            return;
        }
        let a = self.areas();
        if contains(a.list, column, row) {
            let screen_row = usize::from(row - a.list.y);
            if let Some(i) = self.list.view.row_at(screen_row, self.list.hits.len()) {
                self.list.view.selected = i;
                self.show_selected();
            }
            self.focus = Focus::List;
        } else if contains(a.search, column, row) {
            self.focus = Focus::Search;
        } else if contains(a.reader_frame, column, row) {
            self.focus = Focus::Reader;
            if contains(a.reader, column, row) {
                let r = self.reader.scroll + usize::from(row - a.reader.y);
                if let Some(link) = self.reader.links.iter().find(|l| l.row == r) {
                    self.follow(link.target);
                }
            }
        }
    }

    /// Rows of the list on screen (at least one).
    pub(super) fn list_height(&self) -> usize {
        usize::from(self.areas().list.height).max(1)
    }

    /// Rows of the reader's text area.
    pub(super) fn reader_height(&self) -> usize {
        usize::from(self.reader_area().height)
    }

    pub(super) fn reader_page(&self) -> usize {
        self.reader_height().saturating_sub(1).max(1)
    }

    pub(super) fn refresh_search(&mut self) {
        let page = self.list_height();
        self.list.refresh(&self.corpus, page);
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        let page = self.list_height();
        if self.list.view.move_by(delta, self.list.hits.len(), page) {
            self.show_selected();
        }
    }

    /// Shows the selected list entry in the reader, without touching history.
    pub(super) fn show_selected(&mut self) {
        let width = usize::from(self.areas().list_frame.width.saturating_sub(4));
        self.list.update_context(&self.corpus, width);
        match self.selected_entry() {
            Some(i) if self.reader.entry != Some(i) => self.open(i),
            Some(_) => {}
            None => {
                self.reader.clear();
                self.status = (!self.list.query.is_empty())
                    .then(|| format!("no entry matches \"{}\"", self.list.query));
            }
        }
    }

    /// Follows a link: records history, opens the target, focuses the reader.
    pub(super) fn follow(&mut self, target: usize) {
        self.reader.push_history();
        self.open(target);
        self.focus = Focus::Reader;
        self.status = None;
    }

    pub(super) fn go_history(&mut self, back: bool) {
        let (width, page) = (self.reader_width(), self.reader_height());
        if self
            .reader
            .go_history(back, &self.corpus, self.theme, width, page)
        {
            self.focus = Focus::Reader;
            self.status = None;
        } else {
            let msg = if back {
                "nothing to go back to"
            } else {
                "nothing to go forward to"
            };
            self.status = Some(msg.into());
        }
    }

    fn reader_width(&self) -> usize {
        usize::from(self.reader_area().width)
    }

    /// Loads an entry into the reader.
    fn open(&mut self, index: usize) {
        let (width, page) = (self.reader_width(), self.reader_height());
        self.reader
            .open(index, &self.corpus, self.theme, width, page);
    }

    /// Re-wraps the reader's entry to the pane width.
    fn rewrap(&mut self) {
        let (width, page) = (self.reader_width(), self.reader_height());
        self.reader.rewrap(&self.corpus, self.theme, width, page);
    }

    pub(super) fn scroll_by(&mut self, delta: isize) {
        let page = self.reader_height();
        self.reader.scroll_by(delta, page);
    }
}

fn contains(r: ratatui::layout::Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
