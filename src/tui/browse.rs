//! Browsing: what each action does to the list, the search box, the reader and its find box.

use super::action::Action;
use super::app::{App, Focus, KIND_CYCLE};
use crate::corpus::Kind;
use time::OffsetDateTime;

impl App {
    /// Applies an action on the browse screen, by focus.
    pub(super) fn update_browse(&mut self, action: Action, now: OffsetDateTime) {
        browse(self, action, now);
    }
}

fn browse(app: &mut App, action: Action, now: OffsetDateTime) {
    // A first digit waits only for a second digit or Enter.
    if !matches!(action, Action::FollowLink(_) | Action::Open) {
        app.reader.pending_digit = None;
    }
    match (app.focus, action) {
        (_, Action::StartQuiz) => {
            // The kind filter picks the deck: `t` to fallacies, then `c`.
            let deck = app.kind().map_or("all", Kind::as_str).to_string();
            app.start_quiz_at(deck, false, now);
        }
        (_, Action::QuizTag) => match app
            .selected_entry()
            .and_then(|i| app.corpus.entries()[i].tags.first())
        {
            Some(tag) => app.start_quiz_at(tag.clone(), false, now),
            None => app.status = Some("select an entry first: C quizzes its tag".into()),
        },
        (_, Action::ShowStats) => app.show_stats(now),
        (_, Action::ShowCards) => app.show_cards(now),
        (_, Action::ReturnToQuiz) => match app.quiz {
            Some(_) => app.mode = super::app::Mode::Quiz,
            None => app.status = Some("no quiz to go back to: c starts one".into()),
        },
        (_, Action::Quit) => app.should_quit = true,
        (_, Action::ToggleHelp) => app.help = Some(0),
        (_, Action::CloseHelp) => app.help = None,
        (_, Action::FocusSearch) => {
            // A query already there is selected, so typing replaces it.
            app.list.query.select_all();
            app.focus = Focus::Search;
        }
        (_, Action::FocusList) => app.focus = Focus::List,
        (_, Action::FocusReader) if app.reader.entry.is_some() => app.focus = Focus::Reader,
        (Focus::List | Focus::Search, Action::SwitchPane) => {
            browse(app, Action::FocusReader, now);
        }
        (_, Action::SwitchPane) => app.focus = Focus::List,
        (_, Action::CycleKind) => {
            app.list.kind_filter = (app.list.kind_filter + 1) % KIND_CYCLE.len();
            app.refresh_search();
            app.show_selected();
        }
        (_, Action::Back) => app.go_history(true),
        (_, Action::Forward) => app.go_history(false),
        (Focus::Search, Action::Input(c)) => {
            app.list.query.insert(c);
            app.query_changed();
        }
        (Focus::Search, Action::Backspace) => edit_query(app, |q| q.backspace()),
        (Focus::Search, Action::DeleteChar) => edit_query(app, |q| q.delete()),
        (Focus::Search, Action::DeleteWord) => edit_query(app, |q| q.delete_word()),
        (Focus::Search, Action::DeleteToStart) => edit_query(app, |q| q.delete_to_start()),
        (Focus::Search, Action::DeleteToEnd) => edit_query(app, |q| q.delete_to_end()),
        (Focus::Search, Action::CursorLeft) => app.list.query.left(),
        (Focus::Search, Action::CursorRight) => app.list.query.right(),
        (Focus::Search, Action::LineStart) => app.list.query.home(),
        (Focus::Search, Action::LineEnd) => app.list.query.end(),
        (Focus::Search, Action::WordLeft) => app.list.query.word_left(),
        (Focus::Search, Action::WordRight) => app.list.query.word_right(),
        (Focus::Search, Action::Up | Action::Down)
            if app.list.query.walks_history() && !app.list.query.history.is_empty() =>
        {
            walk_history(app, action == Action::Up);
        }
        (Focus::List | Focus::Search, Action::ClearQuery) => {
            app.list.query.clear();
            app.focus = Focus::List;
            app.refresh_search();
            app.show_selected();
        }
        (Focus::Search, Action::AcceptQuery) => {
            app.list.query.remember();
            app.focus = Focus::List;
        }
        (Focus::List | Focus::Search, Action::Up) => app.move_selection(-1),
        (Focus::List | Focus::Search, Action::Down) => app.move_selection(1),
        (Focus::List, Action::PageUp) => app.move_selection(-(app.list_height() as isize)),
        (Focus::List, Action::PageDown) => app.move_selection(app.list_height() as isize),
        (Focus::List, Action::HalfPageUp) => app.move_selection(-half(app.list_height())),
        (Focus::List, Action::HalfPageDown) => app.move_selection(half(app.list_height())),
        (Focus::List, Action::Top) => app.move_selection(isize::MIN / 2),
        (Focus::List, Action::Bottom) => app.move_selection(isize::MAX / 2),
        (Focus::Reader, Action::Up) => app.scroll_by(-1),
        (Focus::Reader, Action::Down) => app.scroll_by(1),
        (Focus::Reader, Action::PageUp) => app.scroll_by(-(app.reader_page() as isize)),
        (Focus::Reader, Action::PageDown) => app.scroll_by(app.reader_page() as isize),
        (Focus::Reader, Action::HalfPageUp) => app.scroll_by(-half(app.reader_height())),
        (Focus::Reader, Action::HalfPageDown) => app.scroll_by(half(app.reader_height())),
        (Focus::Reader, Action::Top) => app.reader.scroll = 0,
        (Focus::Reader, Action::Bottom) => app.scroll_by(isize::MAX / 2),
        (Focus::Reader, Action::FollowLink(digit)) => follow_number(app, digit),
        (Focus::Reader, Action::Open) if app.reader.pending_digit.is_some() => {
            if let Some(d) = app.reader.pending_digit.take() {
                follow_related(app, usize::from(d));
            }
        }
        (Focus::Reader, Action::NextLink) => step_link(app, 1),
        (Focus::Reader, Action::PrevLink) => step_link(app, -1),
        (Focus::Reader, Action::Open) => match app.reader.selected_link {
            Some(i) => app.follow(app.reader.links[i].target),
            None => step_link(app, 1),
        },
        (Focus::Reader, Action::StartFind) => {
            app.focus = Focus::Find;
            app.reader.find.clear();
            refresh_find(app);
        }
        (Focus::Reader, Action::NextMatch) => step_match(app, 1),
        (Focus::Reader, Action::PrevMatch) => step_match(app, -1),
        (Focus::Reader | Focus::Find, Action::CancelFind) => {
            if app.reader.find.is_empty() && app.focus == Focus::Reader {
                app.focus = Focus::List;
            }
            app.reader.find.clear();
            refresh_find(app);
            app.focus = if app.focus == Focus::Find {
                Focus::Reader
            } else {
                app.focus
            };
        }
        (Focus::Find, Action::Input(c)) => {
            app.reader.find.push(c);
            refresh_find(app);
        }
        (Focus::Find, Action::Backspace) => {
            app.reader.find.pop();
            refresh_find(app);
        }
        (Focus::Find, Action::DeleteWord) => {
            delete_word(&mut app.reader.find);
            refresh_find(app);
        }
        (Focus::Find, Action::DeleteToStart) => {
            app.reader.find.clear();
            refresh_find(app);
        }
        (Focus::Find, Action::AcceptQuery) => {
            app.focus = Focus::Reader;
            if !app.reader.find.is_empty() && app.reader.matches.is_empty() {
                app.status = Some(format!("no match for \"{}\"", app.reader.find));
            }
        }
        _ => {}
    }
}

/// A digit typed in the reader: related link N, or with ten or more related links, the first
/// digit of a two-digit number (Enter takes the single digit).
fn follow_number(app: &mut App, digit: u8) {
    let digit = usize::from(digit);
    if let Some(first) = app.reader.pending_digit.take() {
        follow_related(app, usize::from(first) * 10 + digit);
    } else if digit >= 1 && digit * 10 <= app.reader.related {
        app.reader.pending_digit = Some(digit as u8);
        app.status = Some(format!(
            "link {digit}…: type a second digit, or Enter for link {digit}"
        ));
    } else {
        follow_related(app, digit);
    }
}

/// Follows related link `n` (from 1), or says there is none.
fn follow_related(app: &mut App, n: usize) {
    if n >= 1 && n <= app.reader.related {
        app.follow(app.reader.links[n - 1].target);
    } else {
        app.status = Some(format!("no related link {n}"));
    }
}

/// Half a page of `page` rows (at least one), as a signed step.
fn half(page: usize) -> isize {
    (page / 2).max(1) as isize
}

/// Applies an edit to the search box and searches again if the text changed.
fn edit_query(app: &mut App, edit: impl FnOnce(&mut super::line_edit::LineEditor)) {
    let before = app.list.query.as_str().to_string();
    edit(&mut app.list.query);
    if app.list.query.as_str() != before {
        app.query_changed();
    }
}

/// ↑/↓ on an empty search box: recall an older or newer query.
fn walk_history(app: &mut App, older: bool) {
    if app.list.query.walk(older) {
        app.query_changed();
    }
}

fn step_link(app: &mut App, delta: isize) {
    let page = app.reader_height();
    if let Some(msg) = app.reader.step_link(delta, page) {
        app.status = Some(msg);
    }
}

fn step_match(app: &mut App, delta: isize) {
    let page = app.reader_height();
    app.status = Some(app.reader.step_match(delta, page));
}

fn refresh_find(app: &mut App) {
    let page = app.reader_height();
    app.reader.refresh_find(page);
}

fn delete_word(s: &mut String) {
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    let cut = s.rfind(' ').map_or(0, |i| i + 1);
    s.truncate(cut);
}
