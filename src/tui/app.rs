//! The TUI's state and its pure update function: `Action` in, new state out. Nothing here
//! draws or touches the terminal, so every behaviour is tested with plain function calls.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::text::{Line, Span};

use super::action::Action;
use super::keymap::Context;
use super::layout::{self, Areas};
use super::markdown;
use super::quiz::{Progressor, QuizKey, QuizState, StatsState};
use super::theme::Theme;
use crate::corpus::{Corpus, Diagnostic, Kind};
use crate::document;
use crate::search::{BackgroundIndex, Hit, Search, SearchWorker, all_hits};

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The list and the reader.
    Browse,
    /// A quiz card, or the summary of a quiz.
    Quiz,
    /// The statistics.
    Stats,
}

/// Which part of the screen takes keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Search,
    Reader,
    Find,
}

/// The kind filters that `t` cycles through, in order.
pub const KIND_CYCLE: [Option<Kind>; 8] = [
    None,
    Some(Kind::Concept),
    Some(Kind::Pattern),
    Some(Kind::Rule),
    Some(Kind::Fallacy),
    Some(Kind::Law),
    Some(Kind::Principle),
    Some(Kind::Reference),
];

/// A link shown in the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Corpus position of the target.
    pub target: usize,
    /// The wrapped row it is drawn on.
    pub row: usize,
}

/// The reader pane: one entry, wrapped to the pane's width, with scroll, links and find.
#[derive(Debug, Default)]
pub struct Reader {
    /// Corpus position of the entry shown.
    pub entry: Option<usize>,
    /// Wrapped rows.
    pub rows: Vec<Line<'static>>,
    pub width: usize,
    pub scroll: usize,
    pub links: Vec<Link>,
    /// How many of `links` are numbered related links (the rest are backlinks).
    pub related: usize,
    pub selected_link: Option<usize>,
    pub find: String,
    /// (row, first char, end char) of each find match.
    pub matches: Vec<(usize, usize, usize)>,
    pub current_match: Option<usize>,
}

/// The whole TUI state.
pub struct App {
    pub corpus: Arc<Corpus>,
    /// The index, for searching on this thread; `None` once a worker searches instead.
    index: Option<BackgroundIndex>,
    /// Searches in the background (large corpora): see [`App::search_in_background`].
    worker: Option<SearchWorker>,
    /// The number of the newest search asked of the worker, and whether its answer is due.
    generation: u64,
    pub searching: bool,
    /// The last search, with its "did you mean" names when nothing matched.
    pub last_search: Option<Search>,
    /// Context around the word that brought the selected hit up through its text.
    pub context: Option<String>,
    /// Inside a batch of events: whether the query changed and still needs a search.
    batch: Option<bool>,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    /// Scroll offset of the help overlay, when it is open.
    pub help: Option<usize>,
    pub query: String,
    pub kind_filter: usize,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub list_offset: usize,
    pub reader: Reader,
    back: Vec<(usize, usize)>,
    forward: Vec<(usize, usize)>,
    pub status: Option<String>,
    pub skipped: Vec<Diagnostic>,
    pub should_quit: bool,
    converted: HashMap<usize, Vec<Line<'static>>>,
    pub mode: Mode,
    /// The running (or paused) quiz.
    pub quiz: Option<QuizState>,
    pub stats: Option<StatsState>,
    pub progressor: Progressor,
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
        let index = BackgroundIndex::spawn(Arc::clone(&corpus));
        let status = (!skipped.is_empty()).then(|| {
            format!(
                "{} deck problem(s), skipped: run `archdeck check` (first: {})",
                skipped.len(),
                skipped[0]
            )
        });
        let mut app = App {
            corpus,
            index: Some(index),
            worker: None,
            generation: 0,
            searching: false,
            last_search: None,
            context: None,
            batch: None,
            theme,
            width,
            height,
            focus: Focus::List,
            help: None,
            query: String::new(),
            kind_filter: 0,
            hits: Vec::new(),
            selected: 0,
            list_offset: 0,
            reader: Reader::default(),
            back: Vec::new(),
            forward: Vec::new(),
            status,
            skipped,
            should_quit: false,
            converted: HashMap::new(),
            mode: Mode::Browse,
            quiz: None,
            stats: None,
            progressor: Progressor {
                store: None,
                clock: Box::new(time::OffsetDateTime::now_utc),
                new_per_day: 20,
                desired_retention: crate::quiz::schedule::DEFAULT_RETENTION,
            },
        };
        app.refresh_search();
        app.show_selected();
        app
    }

    /// Moves searching to a worker thread: the query box and the list answer every key at
    /// once, and the results follow when ready (see [`App::poll_search`]). Worth it for large
    /// corpora, where one search takes longer than a frame.
    pub fn search_in_background(mut self) -> App {
        if let Some(index) = self.index.take() {
            self.worker = Some(SearchWorker::spawn(index));
        }
        self
    }

    /// Applies the worker's newest answer, if it answers the current query. Returns whether
    /// anything changed.
    pub fn poll_search(&mut self) -> bool {
        match self.worker.as_ref().and_then(SearchWorker::try_result) {
            Some(answer) => self.take_answer(answer),
            None => false,
        }
    }

    /// Waits up to `timeout` for the worker's answer to the current query (for tests).
    pub fn wait_search(&mut self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.searching {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.worker.as_ref().and_then(|w| w.wait_result(left)) {
                Some(answer) => {
                    self.take_answer(answer);
                }
                None => return false,
            }
        }
        true
    }

    fn take_answer(&mut self, (generation, mut search): (u64, Search)) -> bool {
        if generation != self.generation || !self.searching {
            return false;
        }
        self.searching = false;
        self.hits = std::mem::take(&mut search.hits);
        self.last_search = Some(search);
        self.selected = 0;
        self.list_offset = 0;
        self.clamp_list();
        self.show_selected();
        true
    }

    /// Types `query` into the search box and shows its best hit in the reader.
    pub fn type_query(&mut self, query: &str) {
        self.query = query.to_string();
        self.refresh_search();
        self.show_selected();
    }

    /// Where progress is saved and what time it is.
    pub fn with_progress(mut self, progressor: Progressor) -> App {
        self.progressor = progressor;
        self
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
        KIND_CYCLE[self.kind_filter % KIND_CYCLE.len()]
    }

    /// Corpus position of the highlighted list row.
    pub fn selected_entry(&self) -> Option<usize> {
        self.hits.get(self.selected).map(|h| h.index)
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if self.help.is_some() {
            self.update_help(action);
            return;
        }
        match self.mode {
            Mode::Quiz => return self.update_quiz(action),
            Mode::Stats => return self.update_stats(action),
            Mode::Browse => {}
        }
        match (self.focus, action) {
            (_, Action::StartQuiz) => {
                // The kind filter picks the deck: `t` to fallacies, then `c`.
                let deck = self.kind().map_or("all", Kind::as_str).to_string();
                self.start_quiz(deck, false);
            }
            (_, Action::QuizTag) => match self
                .selected_entry()
                .and_then(|i| self.corpus.entries()[i].tags.first())
            {
                Some(tag) => self.start_quiz(tag.clone(), false),
                None => self.status = Some("select an entry first: C quizzes its tag".into()),
            },
            (_, Action::ShowStats) => self.show_stats(),
            (_, Action::ReturnToQuiz) => match self.quiz {
                Some(_) => self.mode = Mode::Quiz,
                None => self.status = Some("no quiz to go back to: c starts one".into()),
            },
            (_, Action::Quit) => self.should_quit = true,
            (_, Action::ToggleHelp) => self.help = Some(0),
            (_, Action::CloseHelp) => self.help = None,
            (_, Action::FocusSearch) => self.focus = Focus::Search,
            (_, Action::FocusList) => self.focus = Focus::List,
            (_, Action::FocusReader) if self.reader.entry.is_some() => self.focus = Focus::Reader,
            (Focus::List | Focus::Search, Action::SwitchPane) => self.update(Action::FocusReader),
            (_, Action::SwitchPane) => self.focus = Focus::List,
            (_, Action::CycleKind) => {
                self.kind_filter = (self.kind_filter + 1) % KIND_CYCLE.len();
                self.refresh_search();
                self.show_selected();
            }
            (_, Action::Back) => self.go_history(true),
            (_, Action::Forward) => self.go_history(false),
            (Focus::Search, Action::Input(c)) => {
                self.query.push(c);
                self.query_changed();
            }
            (Focus::Search, Action::Backspace) => {
                self.query.pop();
                self.query_changed();
            }
            (Focus::Search, Action::DeleteWord) => {
                delete_word(&mut self.query);
                self.query_changed();
            }
            (Focus::List | Focus::Search, Action::ClearQuery) => {
                self.query.clear();
                self.focus = Focus::List;
                self.refresh_search();
                self.show_selected();
            }
            (Focus::Search, Action::AcceptQuery) => self.focus = Focus::List,
            (Focus::List | Focus::Search, Action::Up) => self.move_selection(-1),
            (Focus::List | Focus::Search, Action::Down) => self.move_selection(1),
            (Focus::List, Action::PageUp) => self.move_selection(-(self.list_page() as isize)),
            (Focus::List, Action::PageDown) => self.move_selection(self.list_page() as isize),
            (Focus::List, Action::Top) => self.move_selection(isize::MIN / 2),
            (Focus::List, Action::Bottom) => self.move_selection(isize::MAX / 2),
            (Focus::Reader, Action::Up) => self.scroll_by(-1),
            (Focus::Reader, Action::Down) => self.scroll_by(1),
            (Focus::Reader, Action::PageUp) => self.scroll_by(-(self.reader_page() as isize)),
            (Focus::Reader, Action::PageDown) => self.scroll_by(self.reader_page() as isize),
            (Focus::Reader, Action::Top) => self.reader.scroll = 0,
            (Focus::Reader, Action::Bottom) => self.scroll_by(isize::MAX / 2),
            (Focus::Reader, Action::FollowLink(n)) => {
                let n = usize::from(n);
                if n >= 1 && n <= self.reader.related {
                    self.follow(self.reader.links[n - 1].target);
                } else {
                    self.status = Some(format!("no related link {n}"));
                }
            }
            (Focus::Reader, Action::NextLink) => self.step_link(1),
            (Focus::Reader, Action::PrevLink) => self.step_link(-1),
            (Focus::Reader, Action::Open) => match self.reader.selected_link {
                Some(i) => self.follow(self.reader.links[i].target),
                None => self.step_link(1),
            },
            (Focus::Reader, Action::StartFind) => {
                self.focus = Focus::Find;
                self.reader.find.clear();
                self.refresh_find();
            }
            (Focus::Reader, Action::NextMatch) => self.step_match(1),
            (Focus::Reader, Action::PrevMatch) => self.step_match(-1),
            (Focus::Reader | Focus::Find, Action::CancelFind) => {
                if self.reader.find.is_empty() && self.focus == Focus::Reader {
                    self.focus = Focus::List;
                }
                self.reader.find.clear();
                self.refresh_find();
                self.focus = if self.focus == Focus::Find {
                    Focus::Reader
                } else {
                    self.focus
                };
            }
            (Focus::Find, Action::Input(c)) => {
                self.reader.find.push(c);
                self.refresh_find();
            }
            (Focus::Find, Action::Backspace) => {
                self.reader.find.pop();
                self.refresh_find();
            }
            (Focus::Find, Action::DeleteWord) => {
                delete_word(&mut self.reader.find);
                self.refresh_find();
            }
            (Focus::Find, Action::AcceptQuery) => {
                self.focus = Focus::Reader;
                if !self.reader.find.is_empty() && self.reader.matches.is_empty() {
                    self.status = Some(format!("no match for \"{}\"", self.reader.find));
                }
            }
            _ => {}
        }
    }

    /// Starts a quiz on a deck (`all`, a kind or a tag).
    pub fn start_quiz(&mut self, deck: String, cram: bool) {
        match QuizState::start(&self.corpus, &deck, cram, &self.progressor) {
            Ok(quiz) => {
                self.status = quiz.messages.first().cloned();
                self.quiz = Some(quiz);
                self.mode = Mode::Quiz;
            }
            Err(e) => self.status = Some(e),
        }
    }

    fn show_stats(&mut self) {
        let stats = StatsState::compute(&self.corpus, &self.progressor);
        self.status = stats.messages.first().cloned();
        self.stats = Some(stats);
        self.mode = Mode::Stats;
    }

    /// Opens an entry in the reader from another screen.
    fn read_entry(&mut self, id: &str) {
        match self.corpus.position(id) {
            Some(i) => {
                self.mode = Mode::Browse;
                self.follow(i);
            }
            None => self.status = Some(format!("`{id}` is no longer in the corpus")),
        }
    }

    fn update_quiz(&mut self, action: Action) {
        let Some(quiz) = self.quiz.as_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        let key = match action {
            Action::Quit => return self.should_quit = true,
            Action::ToggleHelp => return self.help = Some(0),
            Action::Continue => QuizKey::Continue,
            Action::Answer(n) => QuizKey::Number(n),
            Action::SayDo => QuizKey::Verdict(crate::corpus::Verdict::Do),
            Action::SayDont => QuizKey::Verdict(crate::corpus::Verdict::Dont),
            Action::Cram => {
                let deck = quiz.deck.trim_start_matches("tag ").to_string();
                return self.start_quiz(deck, true);
            }
            Action::OpenCardEntry => {
                if let Some(id) = quiz.session.current().map(|c| c.entry_id.clone()) {
                    self.read_entry(&id);
                    self.status = Some("reading the card's entry: o goes back to the quiz".into());
                }
                return;
            }
            Action::ShowStats if quiz.summary.is_some() => {
                self.quiz = None;
                return self.show_stats();
            }
            Action::Leave => {
                if quiz.summary.is_some() {
                    self.quiz = None;
                    self.mode = Mode::Browse;
                } else {
                    quiz.finish(&self.progressor);
                }
                return;
            }
            _ => return,
        };
        quiz.key(key, &self.progressor);
        self.status = quiz.save_error.clone().or_else(|| quiz.messages.pop());
    }

    fn update_stats(&mut self, action: Action) {
        let Some(stats) = self.stats.as_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        let n = stats.weakest.len();
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => stats.selected = stats.selected.saturating_sub(1),
            Action::Down => stats.selected = (stats.selected + 1).min(n.saturating_sub(1)),
            Action::Open => {
                if let Some(id) = stats
                    .weakest
                    .get(stats.selected)
                    .map(|w| w.entry_id.clone())
                {
                    self.read_entry(&id);
                }
            }
            Action::StartQuiz => self.start_quiz("all".into(), false),
            Action::Leave => self.mode = Mode::Browse,
            _ => {}
        }
    }

    /// Re-runs the search for an edited query, or, inside a batch, once at its end.
    fn query_changed(&mut self) {
        match &mut self.batch {
            Some(pending) => *pending = true,
            None => {
                self.refresh_search();
                self.show_selected();
            }
        }
    }

    /// Starts a batch of events (everything the terminal has queued): edits to the query are
    /// searched once, at [`App::end_batch`], so fast typing never waits on one search per key.
    pub fn begin_batch(&mut self) {
        self.batch.get_or_insert(false);
    }

    /// Ends a batch, running the search if the query changed in it.
    pub fn end_batch(&mut self) {
        if self.batch.take() == Some(true) {
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

    /// Handles a terminal resize: re-lays out and re-wraps the reader.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.rewrap();
        self.clamp_list();
        self.scroll_by(0);
    }

    /// Mouse wheel at a screen position: scrolls the pane under the pointer.
    pub fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let a = self.areas();
        let step = if down { 3 } else { -3 };
        if contains(a.reader_frame, column, row) {
            self.scroll_by(step);
        } else if contains(a.list_frame, column, row) {
            self.move_selection(step);
        }
    }

    /// A left click: selects a list row, or follows a link in the reader.
    pub fn click(&mut self, column: u16, row: u16) {
        let a = self.areas();
        if contains(a.list, column, row) {
            let i = self.list_offset + usize::from(row - a.list.y);
            if i < self.hits.len() {
                self.selected = i;
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

    fn list_page(&self) -> usize {
        usize::from(self.areas().list.height).max(1)
    }

    fn reader_page(&self) -> usize {
        usize::from(self.reader_area().height)
            .saturating_sub(1)
            .max(1)
    }

    fn refresh_search(&mut self) {
        let prev = self.selected_entry();
        let kind = self.kind();
        // Any answer still coming is for an older query now.
        self.generation += 1;
        self.searching = false;
        self.hits = if self.query.trim().is_empty() {
            self.last_search = None;
            all_hits(&self.corpus, kind)
        } else if let Some(worker) = &self.worker {
            // The worker narrows on its own; the old hits stay up until its answer arrives.
            worker.request(self.generation, &self.query, kind);
            self.searching = true;
            return;
        } else {
            let index = self
                .index
                .get_or_insert_with(|| BackgroundIndex::spawn(Arc::clone(&self.corpus)));
            let mut search = index.get().search(&self.query, kind);
            let hits = std::mem::take(&mut search.hits);
            self.last_search = Some(search);
            hits
        };
        // Typing re-ranks: the best match is selected. Filtering keeps the selection if it can.
        self.selected = if self.query.is_empty() {
            prev.and_then(|p| self.hits.iter().position(|h| h.index == p))
                .unwrap_or(0)
        } else {
            0
        };
        self.list_offset = 0;
        self.clamp_list();
    }

    fn move_selection(&mut self, delta: isize) {
        if self.hits.is_empty() {
            return;
        }
        let last = self.hits.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.clamp_list();
        self.show_selected();
    }

    /// Keeps the selection inside the list and the visible window.
    fn clamp_list(&mut self) {
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        let page = usize::from(self.areas().list.height).max(1);
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + page {
            self.list_offset = self.selected + 1 - page;
        }
        self.list_offset = self.list_offset.min(self.hits.len().saturating_sub(page));
    }

    /// Shows the selected list entry in the reader, without touching history.
    fn show_selected(&mut self) {
        self.context = self.selected_context();
        match self.selected_entry() {
            Some(i) if self.reader.entry != Some(i) => self.open(i),
            Some(_) => {}
            None => {
                self.reader = Reader::default();
                self.status = (!self.query.is_empty())
                    .then(|| format!("no entry matches \"{}\"", self.query));
            }
        }
    }

    /// A line of context around the word that brought the selected hit up, when it came
    /// through its text (searched on this thread only).
    fn selected_context(&mut self) -> Option<String> {
        let i = self
            .selected_entry()
            .filter(|_| !self.query.trim().is_empty())?;
        let width = usize::from(self.areas().list_frame.width.saturating_sub(4));
        let index = self.index.as_mut()?.get();
        let matched = index.explain(&self.query, &[i]).pop()?;
        index.context(&self.corpus.entries()[i], &matched, width)
    }

    /// Follows a link: records history, opens the target, focuses the reader.
    fn follow(&mut self, target: usize) {
        if let Some(current) = self.reader.entry {
            self.back.push((current, self.reader.scroll));
            self.forward.clear();
        }
        self.open(target);
        self.focus = Focus::Reader;
        self.status = None;
    }

    fn go_history(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        let Some((target, scroll)) = from.pop() else {
            self.status = Some(
                if back {
                    "nothing to go back to"
                } else {
                    "nothing to go forward to"
                }
                .into(),
            );
            return;
        };
        if let Some(current) = self.reader.entry {
            to.push((current, self.reader.scroll));
        }
        self.open(target);
        self.reader.scroll = scroll;
        self.scroll_by(0);
        self.focus = Focus::Reader;
        self.status = None;
    }

    /// Loads an entry into the reader.
    fn open(&mut self, index: usize) {
        let find = std::mem::take(&mut self.reader.find);
        self.reader = Reader {
            entry: Some(index),
            find,
            ..Reader::default()
        };
        self.rewrap();
    }

    /// Converts (once, cached) and wraps the reader's entry to the pane width.
    fn rewrap(&mut self) {
        let Some(index) = self.reader.entry else {
            return;
        };
        let width = usize::from(self.reader_area().width).max(1);
        let theme = self.theme;
        let corpus = &self.corpus;
        let body = self.converted.entry(index).or_insert_with(|| {
            let entry = &corpus.entries()[index];
            markdown::to_lines(&document::entry_page(entry), theme)
        });
        let mut rows: Vec<Line<'static>> =
            body.iter().flat_map(|l| markdown::wrap(l, width)).collect();
        let mut links = Vec::new();
        let entry = &self.corpus.entries()[index];
        let related: Vec<usize> = entry
            .related
            .iter()
            .filter_map(|id| self.corpus.position(id))
            .collect();
        let backlinks: Vec<usize> = self
            .corpus
            .backlinks(index)
            .filter_map(|e| self.corpus.position(&e.id))
            .filter(|p| !related.contains(p))
            .collect();
        for (heading, targets, numbered) in [
            ("Related", &related, true),
            ("Referenced by", &backlinks, false),
        ] {
            if targets.is_empty() {
                continue;
            }
            rows.push(Line::default());
            rows.push(Line::styled(heading, self.theme.title()));
            for (n, &t) in targets.iter().enumerate() {
                let e = &self.corpus.entries()[t];
                let label = if numbered {
                    format!("{}. ", n + 1)
                } else {
                    "• ".to_string()
                };
                let line = Line::from(vec![
                    Span::styled(label, self.theme.key()),
                    Span::styled(e.title.clone(), self.theme.link()),
                    Span::styled(format!("  {}", e.kind), self.theme.dim()),
                ]);
                // Links are kept to one row so that the row identifies the link.
                let first = markdown::wrap(&line, width)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                links.push(Link {
                    target: t,
                    row: rows.len(),
                });
                rows.push(first);
            }
        }
        self.reader.related = related.len();
        self.reader.rows = rows;
        self.reader.links = links;
        self.reader.width = width;
        self.refresh_find();
        self.scroll_by(0);
    }

    fn max_scroll(&self) -> usize {
        // At least one row: a screen too short to show the reader must not scroll past the end.
        let page = usize::from(self.reader_area().height).max(1);
        self.reader.rows.len().saturating_sub(page)
    }

    fn scroll_by(&mut self, delta: isize) {
        self.reader.scroll = self
            .reader
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    /// Scrolls so that `row` is visible, a few rows from the top.
    fn reveal(&mut self, row: usize) {
        let page = usize::from(self.reader_area().height).max(1);
        if row < self.reader.scroll || row >= self.reader.scroll + page {
            self.reader.scroll = row.saturating_sub(page / 3);
            self.scroll_by(0);
        }
    }

    fn step_link(&mut self, delta: isize) {
        let n = self.reader.links.len();
        if n == 0 {
            self.status = Some("this entry has no links".into());
            return;
        }
        let next = match self.reader.selected_link {
            None if delta > 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
        };
        self.reader.selected_link = Some(next);
        self.reveal(self.reader.links[next].row);
    }

    fn refresh_find(&mut self) {
        self.reader.matches.clear();
        self.reader.current_match = None;
        if self.reader.find.is_empty() {
            return;
        }
        for (r, line) in self.reader.rows.iter().enumerate() {
            let text = markdown::plain(line);
            for (s, e) in markdown::find_all(&text, &self.reader.find) {
                self.reader.matches.push((r, s, e));
            }
        }
        // Jump to the first match at or after the top of the view.
        let first = self
            .reader
            .matches
            .iter()
            .position(|m| m.0 >= self.reader.scroll)
            .or((!self.reader.matches.is_empty()).then_some(0));
        self.reader.current_match = first;
        if let Some(i) = first {
            self.reveal(self.reader.matches[i].0);
        }
    }

    fn step_match(&mut self, delta: isize) {
        let n = self.reader.matches.len();
        if n == 0 {
            self.status = Some(if self.reader.find.is_empty() {
                "press / to find text in this entry".into()
            } else {
                format!("no match for \"{}\"", self.reader.find)
            });
            return;
        }
        let i = self
            .reader
            .current_match
            .map_or(0, |i| (i as isize + delta).rem_euclid(n as isize) as usize);
        self.reader.current_match = Some(i);
        self.reveal(self.reader.matches[i].0);
        self.status = Some(format!("match {} of {n}", i + 1));
    }
}

fn contains(r: ratatui::layout::Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

fn delete_word(s: &mut String) {
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    let cut = s.rfind(' ').map_or(0, |i| i + 1);
    s.truncate(cut);
}
