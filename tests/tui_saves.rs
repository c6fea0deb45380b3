//! Honest saves in the TUI: an answer whose save fails is never called saved, its error is on
//! the card, it is retried with the next answer, and quitting with answers unsaved asks first.

use archdeck::corpus::Corpus;
use archdeck::progress::Store;
use archdeck::quiz::session::Expect;
use archdeck::tui::action::Action;
use archdeck::tui::app::App;
use archdeck::tui::keymap::action_for;
use archdeck::tui::quiz::Progressor;
use archdeck::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::macros::datetime;

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = action_for(app.context(), KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action);
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).expect("backend");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().to_string()
}

/// Answers the current card (reveal and rate Good, say "do", or pick 1); the next card follows.
fn answer(app: &mut App) {
    let expect = app.quiz.as_ref().map(|q| q.session.expect());
    match expect {
        Some(Expect::Reveal) => {
            press(app, KeyCode::Char(' '));
            press(app, KeyCode::Char('3'));
        }
        Some(Expect::Verdict) => press(app, KeyCode::Char('d')),
        Some(Expect::Choose(_)) => press(app, KeyCode::Char('1')),
        other => panic!("unexpected {other:?}"),
    }
}

fn reviews(dir: &std::path::Path) -> usize {
    Store::new(dir)
        .load_read_only()
        .expect("loads")
        .progress
        .log
        .len()
}

/// An app over a store in `dir` whose review inserts fail ("disk is full") until the returned
/// connection drops the trigger `no_writes`.
fn app_whose_saves_fail(
    dir: &std::path::Path,
    now: time::OffsetDateTime,
) -> (App, rusqlite::Connection) {
    let store = Store::new(dir);
    store.load(now).expect("creates the store");
    store.close();
    let conn = rusqlite::Connection::open(store.file()).expect("opens");
    conn.execute_batch(NO_WRITES).expect("trigger");
    let (corpus, problems) = Corpus::embedded();
    let app =
        App::new(corpus, problems, Theme { color: false }, 120, 40).with_progress(Progressor {
            store: Some(Store::new(dir)),
            clock: Box::new(move || now),
            new_per_day: 20,
            reviews_per_day: 200,
            leech_lapses: 8,
            desired_retention: 0.9,
        });
    (app, conn)
}

/// Makes every review insert fail, as a full disk would.
const NO_WRITES: &str = "CREATE TRIGGER no_writes BEFORE INSERT ON review BEGIN SELECT RAISE(ABORT, 'disk is full'); END;";

#[test]
fn a_failed_save_is_shown_kept_retried_and_asked_about_on_quit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = datetime!(2026-03-02 09:00 UTC);
    let (mut app, conn) = app_whose_saves_fail(dir.path(), now);
    app.start_quiz("fallacies".into(), false);
    answer(&mut app);
    let shown = screen(&app);
    assert!(shown.contains("NOT saved yet"), "{shown}");
    // Said once, with the error, not wrapped in itself.
    assert!(!shown.contains("NOT saved yet: NOT saved"), "{shown}");
    assert!(!shown.contains("; saved;"), "{shown}");
    assert!(shown.contains("disk is full"), "{shown}");
    assert!(app.has_unsaved());
    assert_eq!(reviews(dir.path()), 0);

    // Quitting asks first, and does not quit.
    app.update(Action::Quit);
    assert!(!app.should_quit);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("NOT saved")),
        "{:?}",
        app.status
    );

    // The disk has room again: the next answer saves both.
    conn.execute_batch("DROP TRIGGER no_writes")
        .expect("drop trigger");
    answer(&mut app);
    assert!(!app.has_unsaved());
    assert_eq!(reviews(dir.path()), 2);
    let shown = screen(&app);
    assert!(shown.contains("; saved;"), "{shown}");
    app.update(Action::Quit);
    assert!(app.should_quit);
}

/// An answer whose save failed is pending: undoing it drops it, and it never reaches the store
/// even once saves work again.
#[test]
fn undo_of_an_answer_not_saved_yet_drops_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = datetime!(2026-03-02 09:00 UTC);
    let (mut app, conn) = app_whose_saves_fail(dir.path(), now);
    app.start_quiz("fallacies".into(), false);
    let first = app
        .quiz
        .as_ref()
        .and_then(|q| q.session.current())
        .map(|c| c.id.clone());
    answer(&mut app);
    assert!(app.has_unsaved());
    press(&mut app, KeyCode::Char('u'));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("undone: "), "{status}");
    assert!(!status.contains("review log"), "{status}");
    assert!(!app.has_unsaved(), "the pending answer is dropped");
    assert_eq!(
        app.quiz
            .as_ref()
            .and_then(|q| q.session.current())
            .map(|c| c.id.clone()),
        first
    );
    assert!(!screen(&app).contains("NOT saved"), "{}", screen(&app));

    conn.execute_batch("DROP TRIGGER no_writes")
        .expect("drop trigger");
    answer(&mut app);
    assert!(!app.has_unsaved());
    let p = Store::new(dir.path())
        .load_read_only()
        .expect("loads")
        .progress;
    assert_eq!(p.log.len(), 1, "only the answer given again is saved");
    assert_eq!(
        p.get(first.as_deref().unwrap_or_default()).map(|r| r.reps),
        Some(1)
    );
}

/// Leaving a quiz whose answers are not saved yet asks first, as quitting does; the idle retry
/// leaves that question on the status line, and saying "yes" (the key again) is the only way
/// to drop them. Once the retry succeeds, the quiz is left freely.
#[test]
fn leaving_a_quiz_with_answers_unsaved_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = datetime!(2026-03-02 09:00 UTC);
    let (mut app, conn) = app_whose_saves_fail(dir.path(), now);
    app.start_quiz("fallacies".into(), false);
    answer(&mut app);
    assert!(app.has_unsaved());
    press(&mut app, KeyCode::Esc); // end the session: the summary
    press(&mut app, KeyCode::Esc); // leave it: asks first
    assert!(app.quiz.is_some(), "the quiz with its pending answer stays");
    let question = app.status.clone().unwrap_or_default();
    assert!(question.contains("NOT saved"), "{question}");
    // The idle retry fails again and leaves the question where it is.
    app.perform(archdeck::tui::quiz::Effect::RetrySave, now);
    assert_eq!(app.status.as_deref(), Some(question.as_str()));

    // The disk has room again: the retry saves it, and then leaving needs no question.
    conn.execute_batch("DROP TRIGGER no_writes")
        .expect("drop trigger");
    app.perform(archdeck::tui::quiz::Effect::RetrySave, now);
    assert!(!app.has_unsaved());
    assert_eq!(reviews(dir.path()), 1);
    assert!(
        app.status.as_deref().is_some_and(|s| s.contains("saved")),
        "{:?}",
        app.status
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.quiz.is_none(), "left");

    // Statistics from a summary with an answer unsaved ask first too.
    conn.execute_batch(NO_WRITES).expect("trigger");
    app.start_quiz("fallacies".into(), false);
    answer(&mut app);
    assert!(app.has_unsaved());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    assert!(app.quiz.is_some(), "asked first");
    press(&mut app, KeyCode::Char('s'));
    assert!(app.quiz.is_none(), "the user said so twice");
}
