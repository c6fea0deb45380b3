//! The card browser: every card of the corpus with its schedule ([`crate::quiz::browse`]),
//! sorted and filtered, as a pane with its own state ([`CardsState`]: the rows, the sort, the
//! filter box and a [`Viewport`]) and what each action does to it.

use time::OffsetDateTime;

use super::action::Action;
use super::app::{App, Mode};
use super::line_edit::LineEditor;
use super::quiz::Effect;
use super::viewport::Viewport;
use crate::corpus::Corpus;
use crate::progress::Progress;
use crate::quiz::browse::{self, Column, Filter, Row, StateFilter};
use crate::quiz::cards::generate_outline;
use crate::review::CardMark;

/// What the status says when there is no store to save a mark in.
const NO_STORE: &str = "NOT {verb}: no data folder to keep progress in (set ARCHDECK_DATA_DIR)";

/// The card browser's state.
pub struct CardsState {
    /// Every card, sorted by `sort`.
    pub rows: Vec<Row>,
    /// Positions in `rows` of the cards that pass the filter, in order.
    pub shown: Vec<usize>,
    pub sort: Column,
    pub descending: bool,
    /// The state filter; the deck, kind, tag and text follow `query` (see
    /// [`Filter::set_query`]).
    pub filter: Filter,
    /// Why the filter box's text is not a valid filter (the last valid one stays in force).
    pub query_error: Option<String>,
    /// The text filter: a substring of the card id or the title.
    pub query: LineEditor,
    /// Whether keys type into the filter box.
    pub editing: bool,
    /// The selection among `shown`.
    pub view: Viewport,
    /// When the rows were computed: due dates are shown on this day.
    pub now: OffsetDateTime,
    /// The screen Esc goes back to.
    pub back: Mode,
}

impl CardsState {
    /// The browser over `corpus` and `progress` at `now`, sorted by due date (new cards last).
    pub fn new(
        corpus: &Corpus,
        progress: &Progress,
        now: OffsetDateTime,
        decay: f32,
        back: Mode,
    ) -> Self {
        let mut state = CardsState {
            rows: Vec::new(),
            shown: Vec::new(),
            sort: Column::Due,
            descending: false,
            filter: Filter::default(),
            query_error: None,
            query: LineEditor::default(),
            editing: false,
            view: Viewport::default(),
            now,
            back,
        };
        state.reload(corpus, progress, now, decay, 1);
        state
    }

    /// Recomputes every row from `progress` at `now` (retrievability with the forgetting
    /// curve's `decay`, see [`crate::quiz::stats::decay`]), keeping the sort, the filter and
    /// the selected card.
    pub fn reload(
        &mut self,
        corpus: &Corpus,
        progress: &Progress,
        now: OffsetDateTime,
        decay: f32,
        page: usize,
    ) {
        let keep = self.selected().map(|r| r.card_id.clone());
        let cards = generate_outline(corpus);
        self.rows = browse::rows(&cards, progress, now, decay);
        self.now = now;
        browse::sort(&mut self.rows, self.sort, self.descending);
        self.refilter(keep, page);
    }

    /// The selected card, if any card is shown.
    pub fn selected(&self) -> Option<&Row> {
        self.shown
            .get(self.view.selected)
            .and_then(|&i| self.rows.get(i))
    }

    /// The rows shown, in order.
    pub fn shown_rows(&self) -> impl Iterator<Item = &Row> {
        self.shown.iter().filter_map(|&i| self.rows.get(i))
    }

    /// Sorts again (after a change of column or direction), keeping the selected card.
    pub fn resort(&mut self, page: usize) {
        let keep = self.selected().map(|r| r.card_id.clone());
        browse::sort(&mut self.rows, self.sort, self.descending);
        self.refilter(keep, page);
    }

    /// Filters again, keeping the card `keep` selected if it is still shown (else the first).
    fn refilter(&mut self, keep: Option<String>, page: usize) {
        self.query_error = self.filter.set_query(self.query.as_str()).err();
        self.shown = (0..self.rows.len())
            .filter(|&i| self.filter.matches(&self.rows[i]))
            .collect();
        let at = keep
            .and_then(|id| self.shown.iter().position(|&i| self.rows[i].card_id == id))
            .unwrap_or(0);
        self.view.selected = at;
        self.view.clamp(self.shown.len(), page);
    }

    /// Sorts by the next column.
    pub fn cycle_sort(&mut self, page: usize) {
        self.sort = self.sort.next();
        self.resort(page);
    }

    /// Reverses the sort.
    pub fn reverse(&mut self, page: usize) {
        self.descending = !self.descending;
        self.resort(page);
    }

    /// Shows the next state filter: all, due, new, learning, …
    pub fn cycle_state(&mut self, page: usize) {
        self.filter.state = self.filter.state.next();
        let keep = self.selected().map(|r| r.card_id.clone());
        self.refilter(keep, page);
    }

    /// Sets the state filter.
    pub fn set_state(&mut self, state: StateFilter, page: usize) {
        self.filter.state = state;
        let keep = self.selected().map(|r| r.card_id.clone());
        self.refilter(keep, page);
    }

    /// Filters again after the text changed.
    pub fn text_changed(&mut self, page: usize) {
        let keep = self.selected().map(|r| r.card_id.clone());
        self.refilter(keep, page);
    }

    /// Changes the row of card `id` after its mark was saved, and filters again; a card that
    /// leaves the filter leaves the selection where it was.
    pub fn change_row(&mut self, id: &str, page: usize, f: impl FnOnce(&mut Row)) {
        if let Some(row) = self.rows.iter_mut().find(|r| r.card_id == id) {
            f(row);
        }
        let at = self.view.selected;
        self.text_changed(page);
        if self.selected().map(|r| r.card_id.as_str()) != Some(id) {
            self.view.selected = at;
            self.view.clamp(self.shown.len(), page);
        }
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        self.view.move_by(delta, self.shown.len(), page);
    }
}

impl App {
    /// Opens the card browser at `now` (again where it was left, with fresh numbers); Esc goes
    /// back to the current screen.
    pub fn show_cards(&mut self, now: OffsetDateTime) {
        let mut messages = Vec::new();
        let progress = self.progressor.load(&mut messages, now);
        let decay = crate::quiz::stats::decay(self.progressor.params(&mut messages).as_deref());
        let page = self.cards_page();
        let back = self.mode;
        match self.cards.as_mut() {
            Some(cards) => {
                cards.reload(&self.corpus, &progress, now, decay, page);
                cards.back = back;
            }
            None => {
                let mut cards = CardsState::new(&self.corpus, &progress, now, decay, back);
                cards.view.clamp(cards.shown.len(), page);
                self.cards = Some(cards);
            }
        }
        self.status = messages.into_iter().next();
        self.mode = Mode::Cards;
    }

    /// Rows of cards on screen: the body less its border, the info line and the header.
    pub fn cards_page(&self) -> usize {
        let status = self.areas().status.height;
        usize::from(self.height.saturating_sub(status).saturating_sub(4)).max(1)
    }

    /// Applies an action in the card browser.
    pub(super) fn update_cards(&mut self, action: Action) -> Option<Effect> {
        let page = self.cards_page();
        let Some(cards) = self.cards.as_mut() else {
            self.mode = Mode::Browse;
            return None;
        };
        if action == Action::Quit {
            self.should_quit = true;
            return None;
        }
        if cards.editing {
            edit_filter(cards, action, page);
            return None;
        }
        match action {
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => cards.move_by(-1, page),
            Action::Down => cards.move_by(1, page),
            Action::PageUp => cards.move_by(-(page as isize), page),
            Action::PageDown => cards.move_by(page as isize, page),
            Action::HalfPageUp => cards.move_by(-((page / 2).max(1) as isize), page),
            Action::HalfPageDown => cards.move_by((page / 2).max(1) as isize, page),
            Action::Top => cards.move_by(isize::MIN / 2, page),
            Action::Bottom => cards.move_by(isize::MAX / 2, page),
            Action::CycleSort => {
                cards.cycle_sort(page);
                self.status = Some(format!(
                    "sorted by {} ({})",
                    cards.sort,
                    direction(cards.descending)
                ));
            }
            Action::ReverseSort => {
                cards.reverse(page);
                self.status = Some(format!(
                    "sorted by {} ({})",
                    cards.sort,
                    direction(cards.descending)
                ));
            }
            Action::CycleState => {
                cards.cycle_state(page);
                self.status = Some(format!(
                    "showing {} card(s): {}",
                    cards.filter.state,
                    cards.shown.len()
                ));
            }
            Action::FocusSearch => {
                cards.query.select_all();
                cards.editing = true;
            }
            Action::Open | Action::OpenCardEntry => {
                if let Some(id) = cards.selected().map(|r| r.entry_id.clone()) {
                    self.read_entry(&id);
                    self.status = Some("reading the card's entry: B goes back to the cards".into());
                }
            }
            Action::Suspend if cards.selected().is_some() => return Some(Effect::CardsSuspend),
            Action::CycleFlag if cards.selected().is_some() => return Some(Effect::CardsFlag),
            Action::Bury if cards.selected().is_some() => return Some(Effect::CardsBury),
            Action::Leave | Action::ShowCards => {
                self.mode = match cards.back {
                    Mode::Quiz if self.quiz.is_some() => Mode::Quiz,
                    Mode::Stats if self.stats.is_some() => Mode::Stats,
                    _ => Mode::Browse,
                };
                self.status = None;
            }
            _ => {}
        }
        None
    }

    /// Suspends the selected card, or unsuspends it, through the store (the effect of
    /// [`Action::Suspend`]). The row and the status line change only once the store has
    /// committed the change; a failure is shown instead.
    pub fn toggle_suspend(&mut self) {
        let page = self.cards_page();
        let Some(cards) = self.cards.as_mut() else {
            return;
        };
        let Some(row) = cards.selected() else { return };
        let (id, to) = (row.card_id.clone(), !row.suspended);
        let verb = if to { "suspended" } else { "unsuspended" };
        let Some(store) = &self.progressor.store else {
            self.status = Some(NO_STORE.replace("{verb}", verb));
            return;
        };
        self.status = Some(match store.set_suspended(&[id.as_str()], to) {
            Ok(_) => {
                cards.change_row(&id, page, |r| {
                    r.suspended = to;
                    // Unsuspending clears the leech tag too.
                    r.leech &= to;
                });
                if to {
                    format!("suspended: {id} (sessions leave it out; @ again unsuspends)")
                } else {
                    format!("unsuspended: {id}")
                }
            }
            Err(e) => failed(verb, &e),
        });
    }

    /// Gives the selected card the next flag (none, red, orange, green, blue, none) through the
    /// store; the row and the status change only once it is committed.
    pub fn cycle_flag(&mut self) {
        let page = self.cards_page();
        let Some(cards) = self.cards.as_mut() else {
            return;
        };
        let Some(row) = cards.selected() else { return };
        let id = row.card_id.clone();
        let flag = (row.flag + 1) % (CardMark::MAX_FLAG + 1);
        let result = match &self.progressor.store {
            Some(store) => store.set_flag(&id, flag),
            None => {
                self.status = Some(NO_STORE.replace("{verb}", "flagged"));
                return;
            }
        };
        self.status = Some(match result {
            Ok(()) => {
                cards.change_row(&id, page, |r| r.flag = flag);
                format!("flag {}: {id}", CardMark::flag_name(flag))
            }
            Err(e) => failed("flagged", &e),
        });
    }

    /// Buries the selected card until the next day starts (the day of `now`, which the clock
    /// gives in the user's day offset), through the store.
    pub fn bury_card(&mut self, now: OffsetDateTime) {
        let page = self.cards_page();
        let Some(cards) = self.cards.as_mut() else {
            return;
        };
        let Some(row) = cards.selected() else { return };
        let id = row.card_id.clone();
        let until = now
            .date()
            .next_day()
            .map_or(crate::review::times::MAX, |d| {
                d.midnight().assume_offset(now.offset())
            });
        let result = match &self.progressor.store {
            Some(store) => store.bury(&id, until),
            None => {
                self.status = Some(NO_STORE.replace("{verb}", "buried"));
                return;
            }
        };
        self.status = Some(match result {
            Ok(()) => {
                cards.change_row(&id, page, |r| r.buried = true);
                format!("buried until tomorrow: {id}")
            }
            Err(e) => failed("buried", &e),
        });
    }

    /// The mouse wheel over the card browser: moves the selection three rows.
    pub(super) fn wheel_cards(&mut self, down: bool) {
        let page = self.cards_page();
        if let Some(cards) = self.cards.as_mut() {
            cards.move_by(if down { 3 } else { -3 }, page);
        }
    }

    /// A click on a row of the card browser selects it.
    pub(super) fn click_cards(&mut self, row: u16) {
        let page = self.cards_page();
        // The rows start below the border, the info line and the header.
        let Some(screen_row) = row.checked_sub(3) else {
            return;
        };
        if let Some(cards) = self.cards.as_mut()
            && usize::from(screen_row) < page
            && let Some(i) = cards
                .view
                .row_at(usize::from(screen_row), cards.shown.len())
        {
            cards.view.selected = i;
        }
    }
}

/// The status after a mark could not be saved: what did not happen, and why.
fn failed(verb: &str, e: &crate::progress::ProgressError) -> String {
    if e.is_busy() {
        format!("NOT {verb}: another archdeck process is writing progress; try again")
    } else {
        format!("NOT {verb}: {e}")
    }
}

fn direction(descending: bool) -> &'static str {
    if descending {
        "descending"
    } else {
        "ascending"
    }
}

/// Keys while typing in the filter box: readline edits, Enter keeps the text, Esc clears it.
fn edit_filter(cards: &mut CardsState, action: Action, page: usize) {
    let before = cards.query.as_str().to_string();
    match action {
        Action::Input(c) => cards.query.insert(c),
        Action::Backspace => cards.query.backspace(),
        Action::DeleteChar => cards.query.delete(),
        Action::DeleteWord => cards.query.delete_word(),
        Action::DeleteToStart => cards.query.delete_to_start(),
        Action::DeleteToEnd => cards.query.delete_to_end(),
        Action::CursorLeft => cards.query.left(),
        Action::CursorRight => cards.query.right(),
        Action::LineStart => cards.query.home(),
        Action::LineEnd => cards.query.end(),
        Action::WordLeft => cards.query.word_left(),
        Action::WordRight => cards.query.word_right(),
        Action::Up => cards.move_by(-1, page),
        Action::Down => cards.move_by(1, page),
        Action::AcceptQuery => cards.editing = false,
        Action::ClearQuery => {
            cards.query.clear();
            cards.editing = false;
        }
        _ => {}
    }
    if cards.query.as_str() != before {
        cards.text_changed(page);
    }
}
