//! The TUI without a terminal: key → Action → state, and whole screens through TestBackend.

use archdeck::corpus::{Corpus, DeckFile, Kind};
use archdeck::tui::action::Action;
use archdeck::tui::app::{App, Focus};
use archdeck::tui::keymap::action_for;
use archdeck::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(width: u16, height: u16) -> App {
    let (corpus, problems) = Corpus::embedded();
    App::new(corpus, problems, Theme { color: false }, width, height)
}

/// The app over the small fixture corpus (`tests/fixtures/ui/deck.toml`), for snapshots that
/// must not change when an entry of the shipped corpus is edited.
fn fixture_app(width: u16, height: u16) -> App {
    let (corpus, problems) = Corpus::load(&[DeckFile {
        name: "tests/fixtures/ui/deck.toml".into(),
        text: include_str!("fixtures/ui/deck.toml").into(),
        builtin: true,
    }]);
    assert!(problems.is_empty(), "{problems:?}");
    App::new(corpus, problems, Theme { color: false }, width, height)
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = action_for(app.context(), KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action);
    }
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn reading(app: &App) -> Option<&str> {
    app.reader
        .entry
        .map(|i| app.corpus.entries()[i].id.as_str())
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).expect("backend");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().to_string()
}

#[test]
fn typing_a_typo_shows_the_entry() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.focus, Focus::Search);
    type_str(&mut app, "circut");
    assert_eq!(reading(&app), Some("circuit-breaker"));
    // q is text while searching.
    type_str(&mut app, "q");
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.list.query, "circut");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.list.query, "");
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.hits.len(), app.corpus.len());
}

#[test]
fn follow_link_then_back_and_forward() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "circuit breaker");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Reader);
    let first_related = app.corpus.get("circuit-breaker").expect("entry").related[0].clone();
    press(&mut app, KeyCode::Char('1'));
    if app.reader.related >= 10 {
        // With ten links, 1 waits for a second digit; Enter takes link 1.
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(reading(&app), Some(first_related.as_str()));
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(reading(&app), Some("circuit-breaker"));
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(reading(&app), Some(first_related.as_str()));
    // Enter follows the link selected with ].
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Enter);
    let second = app.corpus.get("circuit-breaker").expect("entry").related[1].clone();
    assert_eq!(reading(&app), Some(second.as_str()));
}

#[test]
fn find_in_entry_highlights_and_jumps() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "circuit breaker");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.focus, Focus::Find);
    type_str(&mut app, "failure");
    press(&mut app, KeyCode::Enter);
    let n = app.reader.matches.len();
    assert!(n > 2, "{n}");
    assert_eq!(app.reader.current_match, Some(0));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.reader.current_match, Some(1));
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(app.reader.current_match, Some(n - 1));
    let row = app.reader.matches[n - 1].0;
    let height = usize::from(app.areas().reader.height);
    assert!(row >= app.reader.scroll && row < app.reader.scroll + height);
    press(&mut app, KeyCode::Esc);
    assert!(app.reader.matches.is_empty());
}

#[test]
fn scrolling_stays_in_bounds() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Enter);
    for _ in 0..500 {
        press(&mut app, KeyCode::Char('j'));
    }
    let max = app
        .reader
        .rows
        .len()
        .saturating_sub(usize::from(app.areas().reader.height));
    assert_eq!(app.reader.scroll, max);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.reader.scroll, 0);
    app.update(Action::Wheel {
        column: 100,
        row: 10,
        down: true,
    });
    assert_eq!(app.reader.scroll, 3.min(max));
}

#[test]
fn kind_filter_cycles() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.kind(), Some(Kind::Concept));
    assert!(
        app.list
            .hits
            .iter()
            .all(|h| app.corpus.entries()[h.index].kind == Kind::Concept)
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('t'));
    }
    assert_eq!(app.kind(), Some(Kind::Fallacy));
    assert_eq!(app.list.hits.len(), 10);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.kind(), Some(Kind::Law));
    assert!(
        app.list
            .hits
            .iter()
            .all(|h| app.corpus.entries()[h.index].kind == Kind::Law)
    );
}

#[test]
fn list_selection_stays_in_range() {
    let mut app = app(40, 12);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.list.view.selected, app.list.hits.len() - 1);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.list.view.selected, app.list.hits.len() - 1);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.list.view.selected, 0);
}

#[test]
fn narrow_screen_switches_panes() {
    let mut app = app(40, 12);
    assert!(app.areas().narrow);
    assert_eq!(app.areas().reader_frame.width, 0);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.areas().list_frame.width, 0);
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn help_opens_and_closes() {
    let mut app = app(120, 40);
    // Only the overlay shows its title and the context headings ("quit" is in the status bar
    // all the time, so it proves nothing).
    assert!(!screen(&app).contains("keys (Esc closes"));
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help.is_some());
    let open = screen(&app);
    assert!(open.contains("keys (Esc closes, j/k scroll)"), "{open}");
    assert!(
        open.contains("Everywhere") && open.contains("Entry list"),
        "{open}"
    );
    press(&mut app, KeyCode::Char('q'));
    assert!(app.help.is_none() && !app.should_quit);
    let closed = screen(&app);
    assert!(!closed.contains("keys (Esc closes"), "{closed}");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn renders_at_tiny_sizes_and_after_resizes() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Enter);
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 3),
        (5, 2),
        (10, 4),
        (30, 8),
        (71, 20),
        (72, 20),
        (250, 80),
    ] {
        app.update(Action::Resize(w, h));
        let drawn = screen(&app);
        assert_eq!(
            drawn.lines().count(),
            usize::from(h),
            "{w}x{h}: every row drawn"
        );
        // Large enough for the reader's frame: the entry read is named in its title.
        let id = reading(&app).expect("an entry stays open through resizes");
        if w >= 30 && h >= 8 {
            let start: String = id.chars().take(12).collect();
            assert!(
                drawn.contains(&start),
                "{w}x{h}: `{id}` not shown:\n{drawn}"
            );
        }
        app.update(Action::ToggleHelp);
        let help = screen(&app);
        if w >= 30 && h >= 8 {
            assert!(
                help.contains("keys (Esc"),
                "{w}x{h}: help not shown:\n{help}"
            );
        }
        app.update(Action::CloseHelp);
    }
}

/// The one screenshot over the shipped corpus; every other snapshot uses the fixture corpus.
#[test]
fn snapshot_browse_120x40() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "circut");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_reader_find_120x40() {
    let mut app = fixture_app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "bulkhead");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "pool");
    insta::assert_snapshot!(screen(&app));
}

/// The help overlay uses the terminal's width (no line is cut at 160 columns) and explains
/// the kind letters.
#[test]
fn snapshot_help_160x50() {
    let mut app = fixture_app(160, 50);
    press(&mut app, KeyCode::Char('?'));
    // The legend joins each letter to its kind with a no-break space.
    let text = screen(&app).replace('\u{a0}', " ");
    assert!(text.contains("I principle"), "{text}");
    assert!(
        text.contains("on an empty box, the previous search"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn snapshot_help_120x40() {
    let mut app = fixture_app(120, 40);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_list_40x12() {
    let mut app = fixture_app(40, 12);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('t'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn snapshot_reader_40x12() {
    let mut app = fixture_app(40, 12);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "dlq");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app));
}

mod quiz {
    use super::*;
    use archdeck::progress::Store;
    use archdeck::quiz::Ask;
    use archdeck::quiz::session::Expect;
    use archdeck::tui::app::Mode;
    use archdeck::tui::quiz::{Effect, Progressor};
    use time::macros::datetime;

    fn quiz_app(dir: &tempfile::TempDir, width: u16, height: u16) -> App {
        with_store(app(width, height), dir)
    }

    fn fixture_quiz_app(dir: &tempfile::TempDir, width: u16, height: u16) -> App {
        with_store(fixture_app(width, height), dir)
    }

    fn with_store(app: App, dir: &tempfile::TempDir) -> App {
        let now = datetime!(2026-03-02 09:00 UTC);
        app.with_progress(Progressor {
            store: Some(Store::new(dir.path())),
            clock: Box::new(move || now),
            new_per_day: 20,
            reviews_per_day: 200,
            leech_lapses: 8,
            desired_retention: 0.9,
        })
    }

    /// The browse status bar shows the cards due now and the new ones left today.
    #[test]
    fn status_bar_counts_due_and_new_cards() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        let now = datetime!(2026-03-02 09:00 UTC);
        app.refresh_due(now);
        // Nothing has been learnt, so every card is new; one card per entry a day (its siblings
        // are buried), up to the daily cap of 20.
        let cards =
            archdeck::quiz::cards::generate(&app.corpus, archdeck::quiz::cards::day_seed(now));
        let entries: std::collections::HashSet<&str> =
            cards.iter().map(|c| c.entry_id.as_str()).collect();
        assert!(
            cards.len() > entries.len(),
            "some entries have several cards"
        );
        let new = entries.len().min(20);
        assert!(new > 0, "the fixture deck makes cards");
        assert_eq!(app.due, Some((0, new)));
        let bottom = screen(&app).lines().last().unwrap_or_default().to_string();
        assert!(
            bottom.contains(&format!("0 due · {new} new today")),
            "{bottom}"
        );
    }

    /// Answers the current card the way a user would: reveal and rate Good, say "do", or pick 1.
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
        // The next card follows at once: no key to go on.
    }

    /// `archdeck quiz --limit N` on a terminal: the TUI session ends after N answers, even
    /// wrong ones that would come back later today.
    #[test]
    fn a_limited_session_ends_after_that_many_answers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz_limited("all".into(), false, Some(2));
        let text = screen(&app);
        assert!(text.contains("2 to go"), "{text}");
        for _ in 0..2 {
            let expect = app.quiz.as_ref().map(|q| q.session.expect());
            match expect {
                // Again: the card would come back later today.
                Some(Expect::Reveal) => {
                    press(&mut app, KeyCode::Char(' '));
                    press(&mut app, KeyCode::Char('1'));
                }
                _ => answer(&mut app),
            }
        }
        assert!(
            app.quiz.as_ref().is_some_and(|q| q.summary.is_some()),
            "{}",
            screen(&app)
        );
        assert!(
            screen(&app).contains("Reviewed 2 answer(s)"),
            "{}",
            screen(&app)
        );
        assert_eq!(saved_reviews(&dir), 2);
    }

    /// Answers the current card right (`right`) or wrong, whatever its type.
    fn answer_as(app: &mut App, right: bool) {
        let card = app.quiz.as_ref().and_then(|q| q.session.current().cloned());
        let card = card.expect("a card");
        match &card.ask {
            Ask::SelfRated => {
                press(app, KeyCode::Char(' '));
                press(app, KeyCode::Char(if right { '3' } else { '1' }));
            }
            Ask::Verdict(v) => {
                let says_do = (*v == archdeck::corpus::Verdict::Do) == right;
                press(app, KeyCode::Char(if says_do { 'd' } else { 'n' }));
            }
            Ask::Choice { correct, .. } => {
                let pick = if right { *correct } else { (*correct + 1) % 4 };
                let key = b'1' + u8::try_from(pick).expect("small");
                press(app, KeyCode::Char(char::from(key)));
            }
        }
    }

    /// A leech made by the session's last answer is told on the summary, as it would have been
    /// above the next card, and `o` opens its entry; `e` shows the last card there too.
    #[test]
    fn the_summary_shows_the_last_answer_and_a_leech_it_made() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at = |now: time::OffsetDateTime, leech_lapses: u32| Progressor {
            store: Some(Store::new(dir.path())),
            clock: Box::new(move || now),
            new_per_day: 20,
            reviews_per_day: 200,
            leech_lapses,
            desired_retention: 0.9,
        };
        // Day one: one card learnt.
        let mut app = fixture_app(120, 40).with_progress(at(datetime!(2026-03-02 09:00 UTC), 1));
        app.start_quiz_limited("all".into(), false, Some(1));
        answer_as(&mut app, true);
        let text = screen(&app);
        assert!(text.contains("Session over"), "{text}");
        assert!(text.contains("next review in"), "{text}");
        press(&mut app, KeyCode::Char('e'));
        assert!(screen(&app).contains("The last card:"), "{}", screen(&app));
        assert!(
            screen(&app).contains("e: back to the summary"),
            "{}",
            screen(&app)
        );
        press(&mut app, KeyCode::Char('e'));
        assert!(screen(&app).contains("Session over"), "{}", screen(&app));

        // A month later it is due and forgotten: with leech_lapses = 1 its first lapse makes
        // it a leech, and that was the session's last answer.
        let mut app = fixture_app(120, 40).with_progress(at(datetime!(2026-04-02 09:00 UTC), 1));
        app.start_quiz_limited("all".into(), false, Some(1));
        let card = app.quiz.as_ref().and_then(|q| q.session.current().cloned());
        let card = card.expect("the due card");
        answer_as(&mut app, false);
        let text = screen(&app);
        assert!(text.contains("Session over"), "{text}");
        assert!(text.contains("suspended as a leech"), "{text}");
        assert!(text.contains("Leech:"), "{text}");
        press(&mut app, KeyCode::Char('o'));
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(
            reading(&app),
            Some(card.entry_id.as_str()),
            "o opens the leech's entry"
        );
    }

    /// A card answered wrong and asked once more at once (it is the only one left) does not
    /// sit below its own answer.
    #[test]
    fn a_card_asked_again_at_once_is_not_shown_under_its_answer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        // One entry has this tag: one card today.
        app.start_quiz("scalability".into(), false);
        let card = app.quiz.as_ref().and_then(|q| q.session.current().cloned());
        let card = card.expect("a card");
        answer_as(&mut app, false);
        assert_eq!(
            current_id(&app),
            Some(card.id.clone()),
            "asked again at once"
        );
        let text = screen(&app);
        assert!(text.contains("once more, below"), "{text}");
        let answer = card.answer.lines().next().expect("an answer");
        assert!(
            !text.contains(answer),
            "the answer shows above its card:\n{text}"
        );
    }

    /// `update_at` only asks for the save; nothing is written until the shell performs it.
    #[test]
    fn a_graded_answer_is_saved_when_the_shell_performs_the_effect() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("fallacies".into(), false);
        let now = datetime!(2026-03-02 09:00 UTC);
        assert_eq!(
            app.update_at(Action::Answer(1), now),
            Some(Effect::SaveAnswer)
        );
        assert_eq!(saved_reviews(&dir), 0, "update wrote nothing");
        app.perform(Effect::SaveAnswer, now);
        assert_eq!(saved_reviews(&dir), 1);
        assert_eq!(app.update_at(Action::Continue, now), None);
    }

    fn saved_reviews(dir: &tempfile::TempDir) -> usize {
        let now = datetime!(2026-03-02 10:00 UTC);
        Store::new(dir.path())
            .load(now)
            .expect("loads")
            .progress
            .log
            .len()
    }

    #[test]
    fn fallacy_quiz_saves_every_answer_before_the_next_card() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = quiz_app(&dir, 120, 40);
        for _ in 0..4 {
            press(&mut app, KeyCode::Char('t'));
        }
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(app.mode, Mode::Quiz);
        assert_eq!(app.quiz.as_ref().map(|q| q.deck.as_str()), Some("fallacy"));
        for n in 1..=5 {
            answer(&mut app);
            assert_eq!(
                saved_reviews(&dir),
                n,
                "answer {n} was not on disk before the next card"
            );
        }
        press(&mut app, KeyCode::Esc);
        assert!(app.quiz.as_ref().is_some_and(|q| q.summary.is_some()));
        assert!(screen(&app).contains("Reviewed 5 answer(s)"));
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Browse);
    }

    #[test]
    fn rule_cards_take_do_or_dont() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = quiz_app(&dir, 120, 40);
        app.start_quiz("rules".into(), false);
        let mut verdicts = 0;
        for _ in 0..20 {
            let verdict = app
                .quiz
                .as_ref()
                .is_some_and(|q| q.session.expect() == Expect::Verdict);
            if verdict {
                press(&mut app, KeyCode::Char('n'));
                let q = app.quiz.as_ref().expect("quiz");
                assert!(q.answered.as_ref().is_some_and(|a| a.correct.is_some()));
                // The verdict and why show above the next card; `e` shows the card again.
                assert!(screen(&app).contains("Right.") || screen(&app).contains("Not quite."));
                press(&mut app, KeyCode::Char('e'));
                assert!(screen(&app).contains("The last card:"), "{}", screen(&app));
                press(&mut app, KeyCode::Char('e'));
                assert!(!screen(&app).contains("The last card:"));
                verdicts += 1;
            } else {
                answer(&mut app);
            }
        }
        assert!(verdicts > 0);
        assert_eq!(saved_reviews(&dir), 20);
    }

    #[test]
    fn open_the_cards_entry_and_come_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = quiz_app(&dir, 120, 40);
        press(&mut app, KeyCode::Char('c'));
        let entry = app
            .quiz
            .as_ref()
            .and_then(|q| q.session.current())
            .map(|c| c.entry_id.clone());
        press(&mut app, KeyCode::Char('o'));
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(reading(&app).map(str::to_string), entry);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('o'));
        assert_eq!(app.mode, Mode::Quiz);
    }

    #[test]
    fn stats_view_draws_its_charts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        press(&mut app, KeyCode::Char('c'));
        for _ in 0..3 {
            answer(&mut app);
        }
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('s'));
        assert_eq!(app.mode, Mode::Stats);
        insta::assert_snapshot!(screen(&app));
    }

    /// Two keys or fewer a card: an auto-graded card takes one, and its verdict shows above the
    /// next card; the summary lists the missed cards, and Enter reads the selected one's entry.
    #[test]
    fn answers_go_straight_on_and_the_summary_lists_what_was_missed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("fallacies".into(), false);
        let first = app.quiz.as_ref().and_then(|q| q.session.current().cloned());
        let first = first.expect("a card");
        let Ask::Choice { correct, .. } = &first.ask else {
            panic!("a fallacy card asks for a choice")
        };
        let wrong = b'1' + u8::try_from((*correct + 1) % 4).expect("small");
        press(&mut app, KeyCode::Char(char::from(wrong)));
        let q = app.quiz.as_ref().expect("quiz");
        assert_ne!(
            q.session.current().map(|c| c.id.clone()),
            Some(first.id.clone())
        );
        let text = screen(&app);
        assert!(text.contains("Not quite."), "{text}");
        assert!(text.contains("back later today"), "{text}");
        insta::assert_snapshot!("quiz_feedback_120x40", text);
        press(&mut app, KeyCode::Esc);
        let text = screen(&app);
        assert!(text.contains("Answered wrong"), "{text}");
        assert!(text.contains(&first.title), "{text}");
        assert!(
            text.contains("Right by card type: fallacy 0% of 1."),
            "{text}"
        );
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.mode, Mode::Browse);
    }

    fn current_id(app: &App) -> Option<String> {
        app.quiz
            .as_ref()
            .and_then(|q| q.session.current())
            .map(|c| c.id.clone())
    }

    /// `u` undoes the last answer, then the one before, back to the start of the session: the
    /// review leaves the store, the card is asked again, and the counts go back.
    #[test]
    fn u_undoes_answers_back_to_the_start_of_the_session() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("all".into(), false);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(
            app.status.as_deref(),
            Some("nothing to undo in this session")
        );
        let counts = |app: &App| app.quiz.as_ref().map(|q| q.session.counts());
        let start = counts(&app);
        let first = current_id(&app).expect("a card");
        answer(&mut app);
        let second = current_id(&app).expect("a second card");
        let after_one = counts(&app);
        answer(&mut app);
        assert_eq!(saved_reviews(&dir), 2);
        assert!(screen(&app).contains("u: undo"), "{}", screen(&app));

        press(&mut app, KeyCode::Char('u'));
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("undone: "), "{status}");
        assert!(status.contains("removed from your review log"), "{status}");
        assert!(screen(&app).contains("undone: "), "the status line says so");
        assert_eq!(current_id(&app), Some(second));
        assert_eq!(saved_reviews(&dir), 1);
        assert_eq!(counts(&app), after_one);

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(current_id(&app), Some(first.clone()));
        assert_eq!(saved_reviews(&dir), 0);
        assert_eq!(counts(&app), start);
        let p = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert!(p.get(&first).is_none(), "the card is new again");
        assert_eq!(app.quiz.as_ref().map(|q| q.session.answers()), Some(0));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(
            app.status.as_deref(),
            Some("nothing to undo in this session")
        );
    }

    /// Undo from the summary: the session resumes at the card answered last.
    #[test]
    fn undo_after_the_last_card_resumes_the_session() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("all".into(), false);
        answer(&mut app);
        let last = current_id(&app);
        answer(&mut app);
        press(&mut app, KeyCode::Esc);
        assert!(app.quiz.as_ref().is_some_and(|q| q.summary.is_some()));
        let saved = saved_reviews(&dir);
        press(&mut app, KeyCode::Char('u'));
        assert!(app.quiz.as_ref().is_some_and(|q| q.summary.is_none()));
        assert_eq!(current_id(&app), last);
        assert_eq!(saved_reviews(&dir), saved - 1);
    }

    /// `@` suspends and `-` buries the current card: the session moves on, says so, and the
    /// next session leaves both out; `f` cycles the flag.
    #[test]
    fn suspend_bury_and_flag_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("all".into(), false);
        let flagged = current_id(&app).expect("a card");
        press(&mut app, KeyCode::Char('f'));
        press(&mut app, KeyCode::Char('f'));
        assert!(
            app.status
                .as_deref()
                .is_some_and(|s| s.starts_with("flag: orange on ")),
            "{:?}",
            app.status
        );
        assert!(screen(&app).contains("Flagged orange."));
        let suspended = current_id(&app).expect("a card");
        press(&mut app, KeyCode::Char('@'));
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("suspended: "), "{status}");
        assert!(
            status.contains(&format!(
                "`archdeck cards unsuspend {suspended}` brings it back"
            )),
            "{status}"
        );
        let buried = current_id(&app).expect("a next card");
        assert_ne!(buried, suspended);
        press(&mut app, KeyCode::Char('-'));
        assert!(
            app.status
                .as_deref()
                .is_some_and(|s| s.starts_with("buried until tomorrow: ")),
            "{:?}",
            app.status
        );
        assert_ne!(current_id(&app), Some(buried.clone()));
        assert_eq!(saved_reviews(&dir), 0, "marks are not answers");

        let p = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert!(p.is_suspended(&suspended));
        assert_eq!(p.marks[&flagged].flag, 2);
        let now = datetime!(2026-03-02 09:00 UTC);
        assert!(p.is_buried(&buried, now));
        assert!(!p.is_buried(&buried, datetime!(2026-03-03 09:00 UTC)));

        // A new session leaves both out.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        app.start_quiz("all".into(), false);
        let q = app.quiz.as_ref().expect("quiz");
        let plan = q.session.plan();
        assert_eq!((plan.suspended, plan.buried_by_user), (1, 1));
        assert!(
            screen(&app).contains("to go · 1 suspended · 1 buried "),
            "{}",
            screen(&app)
        );
        let mut seen = Vec::new();
        let mut app2 = fixture_quiz_app(&dir, 120, 40);
        app2.start_quiz("all".into(), false);
        for _ in 0..100 {
            match current_id(&app2) {
                Some(id) if app2.quiz.as_ref().is_some_and(|q| q.summary.is_none()) => {
                    seen.push(id);
                    answer(&mut app2);
                }
                _ => break,
            }
        }
        assert!(!seen.is_empty());
        assert!(
            !seen.contains(&suspended) && !seen.contains(&buried),
            "{seen:?}"
        );
    }

    #[test]
    fn snapshot_quiz_card_120x40_and_40x12() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = fixture_quiz_app(&dir, 120, 40);
        app.start_quiz("fallacies".into(), false);
        press(&mut app, KeyCode::Char(' '));
        insta::assert_snapshot!("quiz_120x40", screen(&app));
        app.update(Action::Resize(40, 12));
        insta::assert_snapshot!("quiz_40x12", screen(&app));
    }
}

#[test]
fn a_batch_of_keys_searches_once_with_the_same_result() {
    let mut batched = app(120, 40);
    let mut one_by_one = app(120, 40);
    press(&mut batched, KeyCode::Char('/'));
    press(&mut one_by_one, KeyCode::Char('/'));
    batched.begin_batch();
    type_str(&mut batched, "dead lett");
    // Nothing is searched until the batch ends.
    assert_eq!(batched.list.hits.len(), batched.corpus.len());
    batched.end_batch();
    type_str(&mut one_by_one, "dead lett");
    assert_eq!(batched.list.hits, one_by_one.list.hits);
    assert_eq!(reading(&batched), Some("dead-letter-queue"));
}

#[test]
fn background_search_gives_the_same_results_without_blocking() {
    let mut sync = app(120, 40);
    let mut background = app(120, 40).search_in_background();
    for a in [&mut sync, &mut background] {
        press(a, KeyCode::Char('/'));
        type_str(a, "idempotency");
    }
    // Answers to the older prefixes are dropped; the newest arrives.
    assert!(background.wait_search(std::time::Duration::from_secs(30)));
    assert!(!background.searching());
    assert_eq!(background.list.hits, sync.list.hits);
    assert_eq!(reading(&background), Some("idempotency"));
    // Clearing the query needs no worker.
    press(&mut background, KeyCode::Esc);
    assert!(!background.searching());
    assert_eq!(background.list.hits.len(), background.corpus.len());
}

#[test]
fn nonsense_says_no_match_and_near_names_are_offered() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "banana bread recipe");
    assert!(app.list.hits.is_empty());
    assert!(screen(&app).contains("no match"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "circuitbraker");
    assert!(app.list.hits.is_empty());
    let s = screen(&app);
    assert!(s.contains("did you mean"), "{s}");
    assert!(s.contains("Circuit Breaker"), "{s}");
}

#[test]
fn a_hit_found_through_its_text_shows_context() {
    let mut app = app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(
        &mut app,
        "stop hammering a dependency that keeps timing out",
    );
    assert_eq!(reading(&app), Some("circuit-breaker"));
    let context = app.list.context.clone().expect("context line");
    assert!(context.chars().count() <= 40, "{context:?}");
    assert!(
        screen(&app).contains(context.trim_end_matches('…')),
        "{context:?}"
    );
    // A hit found through its name needs no context.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "circuit breaker");
    assert_eq!(app.list.context, None);
}

#[test]
fn open_types_the_query_and_shows_the_best_hit() {
    let mut app = app(120, 40);
    app.type_query("hand the browser a short-lived upload url");
    assert_eq!(app.list.query, "hand the browser a short-lived upload url");
    assert_eq!(reading(&app), Some("valet-key"));
}

fn press_mod(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(action) = action_for(app.context(), KeyEvent::new(code, mods)) {
        app.update(action);
    }
}

/// The search box is a readline line: the cursor moves, Ctrl-U / Ctrl-K / Ctrl-W delete, `/`
/// on a query selects it so typing replaces it, and ↑ on an empty box recalls past queries.
#[test]
fn search_box_edits_like_readline() {
    let mut app = fixture_app(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "retry budget");
    press_mod(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    press_mod(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(app.list.query, "retry ");
    press_mod(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    type_str(&mut app, "x");
    assert_eq!(app.list.query, "xretry ");
    press(&mut app, KeyCode::Right);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.list.query, "etry ");
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press_mod(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.list.query, "");
    type_str(&mut app, "saga");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::List);
    // `/` again selects the query: typing replaces it.
    press(&mut app, KeyCode::Char('/'));
    assert!(app.list.query.selected);
    type_str(&mut app, "cache");
    assert_eq!(app.list.query, "cache");
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.list.query, "saga");
}

/// Ctrl-D / Ctrl-U move half a page in the list and the reader.
#[test]
fn ctrl_d_and_ctrl_u_move_half_a_page() {
    let mut app = app(120, 40);
    let page = usize::from(app.areas().list.height);
    press_mod(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(app.list.view.selected, page / 2);
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.list.view.selected, 0);
    press(&mut app, KeyCode::Enter);
    let rows = usize::from(app.reader_area().height);
    press_mod(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(
        app.reader.scroll,
        (rows / 2).min(app.reader.rows.len().saturating_sub(rows))
    );
}

/// At 250 columns the reader's text keeps a readable measure (100 columns) and the list takes
/// the rest; long titles in the list end with "…" at narrower widths.
#[test]
fn snapshot_reader_250x30() {
    let mut app = fixture_app(250, 30);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "conway");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(app.reader.rows.iter().all(|r| r.width() <= 100));
    assert!(app.reader.rows.iter().any(|r| r.width() > 90));
    insta::assert_snapshot!(screen(&app));
}

/// Issue 10: a diagram is shown unwrapped, in its own block, and clipped (never wrapped) in a
/// narrow terminal, with a visible `›` where a line was cut; in mono, a `│` frame marks it.
#[test]
fn diagrams_are_clipped_not_wrapped() {
    let mut app = app(40, 30);
    let entry = app
        .corpus
        .entries()
        .iter()
        .position(|e| e.id == "circuit-breaker")
        .expect("circuit-breaker");
    let diagram = app.corpus.entries()[entry]
        .diagram
        .clone()
        .expect("a diagram");
    app.update(Action::FocusReader);
    app.reader.open(entry, &app.corpus, app.theme, 38, 28);
    let texts: Vec<String> = app
        .reader
        .rows
        .iter()
        .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let clip = |line: &str| -> String {
        if unicode_width::UnicodeWidthStr::width(line) <= 38 {
            return line.to_string();
        }
        let mut out = String::new();
        for c in line.chars() {
            if unicode_width::UnicodeWidthStr::width(out.as_str()) + 1 > 37 {
                break;
            }
            out.push(c);
        }
        out + "›"
    };
    let lines: Vec<&str> = diagram.lines().collect();
    let start = texts
        .windows(lines.len())
        .position(|w| w.iter().zip(&lines).all(|(row, line)| *row == clip(line)))
        .expect("every diagram line on one row, clipped");
    assert!(texts[start - 1].trim().is_empty(), "a gap before the block");
    for (i, line) in diagram.lines().enumerate() {
        let row = &texts[start + i];
        assert!(
            unicode_width::UnicodeWidthStr::width(row.as_str()) <= 38,
            "{row}"
        );
        if unicode_width::UnicodeWidthStr::width(line) > 38 {
            assert!(row.ends_with('›'), "a cut line is marked: {row}");
        }
    }
    assert!(texts[start + diagram.lines().count()].trim().is_empty());
}

/// With NO_COLOR, inline code keeps its backticks and code blocks a frame.
#[test]
fn mono_marks_code() {
    use archdeck::tui::markdown::{layout, to_rows};
    let theme = Theme { color: false };
    let rows = to_rows("Use `retry` here.\n\n```\nlet x = 1;\n```\n\nAfter.", theme);
    let lines: Vec<String> = layout(&rows, 40, theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(
        lines,
        ["Use `retry` here.", "", "│ let x = 1;", "", "After."]
    );
}

/// A link's URL stays on the row of its label.
#[test]
fn link_label_and_url_stay_together() {
    use archdeck::tui::markdown::{layout, to_rows};
    let theme = Theme { color: false };
    let rows = to_rows("See the [docs](https://example.com/a) for more.", theme);
    let lines: Vec<String> = layout(&rows, 30, theme)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("docs\u{a0}(https://example.com/a)")),
        "{lines:?}"
    );
}

/// With ten related links, `1` waits for a second digit: `1 0` follows the tenth.
#[test]
fn two_digit_related_links() {
    let mut app = app(120, 40);
    let Some(i) = app
        .corpus
        .entries()
        .iter()
        .position(|e| e.related.len() >= 10)
    else {
        return;
    };
    let tenth = app.corpus.position(&app.corpus.entries()[i].related[9]);
    app.update(Action::FocusReader);
    app.reader.open(i, &app.corpus, app.theme, 76, 37);
    app.focus = Focus::Reader;
    assert!(app.reader.related >= 10);
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.reader.entry, Some(i), "waits for a second digit");
    press(&mut app, KeyCode::Char('0'));
    assert_eq!(app.reader.entry, tenth);
}

/// The card browser: every card, sorted and filtered, opened from browsing and from a quiz's
/// summary.
mod cards {
    use super::*;
    use archdeck::progress::Store;
    use archdeck::quiz::browse::{Column, StateFilter};
    use archdeck::quiz::session::Expect;
    use archdeck::review::CardState;
    use archdeck::tui::app::Mode;
    use archdeck::tui::quiz::Progressor;
    use time::OffsetDateTime;
    use time::macros::datetime;

    const DAY1: OffsetDateTime = datetime!(2026-03-02 09:00 UTC);
    const LATER: OffsetDateTime = datetime!(2026-03-06 09:00 UTC);

    fn at(app: &mut App, now: OffsetDateTime) {
        app.progressor.clock = Box::new(move || now);
    }

    /// The fixture deck with a store, after a quiz of a few cards (the first forgotten), seen
    /// four days later.
    fn studied(dir: &tempfile::TempDir, width: u16, height: u16) -> App {
        let mut app = fixture_app(width, height).with_progress(Progressor {
            store: Some(Store::new(dir.path())),
            clock: Box::new(|| DAY1),
            new_per_day: 20,
            reviews_per_day: 200,
            desired_retention: 0.9,
            leech_lapses: 8,
        });
        press(&mut app, KeyCode::Char('c'));
        for i in 0..4 {
            let expect = app.quiz.as_ref().map(|q| q.session.expect());
            match expect {
                Some(Expect::Reveal) => {
                    press(&mut app, KeyCode::Char(' '));
                    press(&mut app, KeyCode::Char(if i == 0 { '1' } else { '3' }));
                }
                Some(Expect::Verdict) => press(&mut app, KeyCode::Char('d')),
                Some(Expect::Choose(_)) => press(&mut app, KeyCode::Char('1')),
                _ => break,
            }
        }
        press(&mut app, KeyCode::Esc);
        assert!(app.quiz.as_ref().is_some_and(|q| q.summary.is_some()));
        at(&mut app, LATER);
        app
    }

    fn selected(app: &App) -> String {
        app.cards
            .as_ref()
            .and_then(|c| c.selected())
            .map(|r| r.card_id.clone())
            .unwrap_or_default()
    }

    fn shown_ids(app: &App) -> Vec<String> {
        app.cards
            .as_ref()
            .map(|c| c.shown_rows().map(|r| r.card_id.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn opens_from_the_quiz_summary_and_sorts_by_retrievability() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Char('B'));
        assert_eq!(app.mode, Mode::Cards);
        let cards = app.cards.as_ref().expect("browser");
        let all = archdeck::quiz::cards::generate(&app.corpus, 0);
        assert_eq!(
            cards.rows.len(),
            all.len(),
            "one row per card, new ones too"
        );
        let reviewed = cards.rows.iter().filter(|r| r.reps > 0).count();
        assert!(reviewed >= 3, "{reviewed}");
        // Sorted by due date at first; s steps to retrievability.
        assert_eq!(cards.sort, Column::Due);
        while app
            .cards
            .as_ref()
            .is_some_and(|c| c.sort != Column::Retrievability)
        {
            press(&mut app, KeyCode::Char('s'));
        }
        let rs: Vec<Option<f32>> = app
            .cards
            .as_ref()
            .map(|c| c.shown_rows().map(|r| r.retrievability).collect())
            .unwrap_or_default();
        assert!(rs[..reviewed].iter().all(Option::is_some));
        assert!(rs[reviewed..].iter().all(Option::is_none), "new cards last");
        assert!(
            rs.windows(2).take(reviewed - 1).all(|w| w[0] <= w[1]),
            "{rs:?}"
        );
        let weakest = selected(&app);
        press(&mut app, KeyCode::Char('g'));
        let first = shown_ids(&app)[0].clone();
        assert_eq!(selected(&app), first);
        // r reverses: the strongest first, new cards still last.
        press(&mut app, KeyCode::Char('r'));
        let ids = shown_ids(&app);
        assert_eq!(ids[reviewed - 1], first);
        assert_ne!(weakest, "");
        let text = screen(&app);
        assert!(text.contains("R↓"), "{text}");
        assert!(
            text.contains("sorted by retrievability (descending)"),
            "{text}"
        );
        // Esc goes back to the summary it came from.
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Quiz);
    }

    #[test]
    fn filters_by_state_and_text_and_opens_the_entry() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Browse);
        press(&mut app, KeyCode::Char('B'));
        assert_eq!(app.mode, Mode::Cards);
        let total = shown_ids(&app).len();
        // t cycles the state: all, due, new, …
        press(&mut app, KeyCode::Char('t'));
        let cards = app.cards.as_ref().expect("browser");
        assert_eq!(cards.filter.state, StateFilter::Due);
        assert!(cards.shown_rows().all(|r| r.is_due));
        assert!(!cards.shown.is_empty(), "four days on, the cards are due");
        press(&mut app, KeyCode::Char('t'));
        let cards = app.cards.as_ref().expect("browser");
        assert!(cards.shown_rows().all(|r| r.state == CardState::New));
        assert!(cards.shown.len() < total);
        for _ in 0..8 {
            press(&mut app, KeyCode::Char('t'));
        }
        assert_eq!(shown_ids(&app).len(), total, "back to all");
        // / types a filter with readline keys; the list follows each key.
        press(&mut app, KeyCode::Char('/'));
        assert_eq!(app.context(), archdeck::tui::keymap::Context::Search);
        type_str(&mut app, "xxREVERSE");
        assert!(shown_ids(&app).is_empty());
        assert!(screen(&app).contains("No card matches"));
        press_mod(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
        press(&mut app, KeyCode::Delete);
        press(&mut app, KeyCode::Delete);
        let ids = shown_ids(&app);
        assert!(
            !ids.is_empty() && ids.iter().all(|id| id.ends_with("/reverse")),
            "{ids:?}"
        );
        // kind: and tag: words filter too; a bad one says why.
        press(&mut app, KeyCode::End);
        press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_str(&mut app, "kind:gadget");
        assert!(
            screen(&app).contains("no kind `gadget`"),
            "{}",
            screen(&app)
        );
        press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_str(&mut app, "kind:fallacy reverse");
        let ids = shown_ids(&app);
        assert!(
            !ids.is_empty()
                && app
                    .cards
                    .as_ref()
                    .is_some_and(|c| c.shown_rows().all(|r| r.kind == Kind::Fallacy)),
            "{ids:?}"
        );
        press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_str(&mut app, "reverse");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), archdeck::tui::keymap::Context::Cards);
        // j moves; Enter reads the selected card's entry, and B comes back where it was.
        press(&mut app, KeyCode::Char('j'));
        let card = selected(&app);
        let entry = card.split('/').next().unwrap_or_default().to_string();
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(reading(&app), Some(entry.as_str()));
        press(&mut app, KeyCode::Char('B'));
        assert_eq!(app.mode, Mode::Cards);
        assert_eq!(selected(&app), card);
        // Esc in the filter box clears it.
        press(&mut app, KeyCode::Char('/'));
        press(&mut app, KeyCode::Esc);
        assert_eq!(shown_ids(&app).len(), total);
        assert_eq!(selected(&app), card, "the selection stays on its card");
        // The wheel moves the selection; q goes back.
        app.update(Action::Wheel {
            column: 10,
            row: 10,
            down: true,
        });
        assert_ne!(selected(&app), card);
        press(&mut app, KeyCode::Char('q'));
        assert_eq!(app.mode, Mode::Browse);
        assert!(!app.should_quit);
    }

    /// @ suspends the selected card through the store, and says so only once it is saved.
    #[test]
    fn at_suspends_and_unsuspends_through_the_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Char('B'));
        let card = selected(&app);
        press(&mut app, KeyCode::Char('@'));
        let status = app.status.clone().unwrap_or_default();
        assert!(
            status.starts_with(&format!("suspended: {card}")),
            "{status}"
        );
        let stored = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert!(stored.is_suspended(&card));
        let row = app.cards.as_ref().and_then(|c| c.selected()).expect("row");
        assert!(row.suspended && row.card_id == card);
        assert!(screen(&app).contains(" yes "), "the SUSP column says so");
        // The suspended filter shows it; @ there unsuspends it, and it leaves the list.
        while app
            .cards
            .as_ref()
            .is_some_and(|c| c.filter.state != StateFilter::Suspended)
        {
            press(&mut app, KeyCode::Char('t'));
        }
        assert_eq!(shown_ids(&app), [card.as_str()]);
        press(&mut app, KeyCode::Char('@'));
        assert_eq!(
            app.status.as_deref(),
            Some(format!("unsuspended: {card}").as_str())
        );
        assert!(shown_ids(&app).is_empty());
        let stored = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert!(!stored.is_suspended(&card));
    }

    /// f cycles the flag and - buries until the next day starts, both saved in the store.
    #[test]
    fn f_flags_and_dash_buries_through_the_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Char('B'));
        let card = selected(&app);
        press(&mut app, KeyCode::Char('f'));
        assert_eq!(
            app.status.as_deref(),
            Some(format!("flag red: {card}").as_str())
        );
        press(&mut app, KeyCode::Char('f'));
        assert_eq!(
            app.status.as_deref(),
            Some(format!("flag orange: {card}").as_str())
        );
        let stored = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert_eq!(stored.mark(&card).map(|m| m.flag), Some(2));
        for _ in 0..3 {
            press(&mut app, KeyCode::Char('f'));
        }
        let stored = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert_eq!(
            stored.mark(&card).map(|m| m.flag),
            Some(0),
            "blue, then none"
        );
        // Bury: left out until the next day starts, and the due filter leaves it out.
        press(&mut app, KeyCode::Char('-'));
        assert_eq!(
            app.status.as_deref(),
            Some(format!("buried until tomorrow: {card}").as_str())
        );
        let stored = Store::new(dir.path())
            .load_read_only()
            .expect("loads")
            .progress;
        assert!(stored.is_buried(&card, LATER));
        assert!(!stored.is_buried(&card, LATER + time::Duration::days(1)));
        let row = app.cards.as_ref().and_then(|c| c.selected()).expect("row");
        assert!(row.buried && row.card_id == card);
        press(&mut app, KeyCode::Char('t'));
        assert!(
            !shown_ids(&app).contains(&card),
            "a buried card is not due today"
        );
    }

    /// A store that cannot be written: the status says NOT suspended, with the reason, and the
    /// row is unchanged.
    #[test]
    fn a_failed_suspend_says_so_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "x").expect("write");
        let mut app = fixture_app(120, 40).with_progress(Progressor {
            store: Some(Store::new(&file)),
            clock: Box::new(|| DAY1),
            new_per_day: 20,
            reviews_per_day: 200,
            desired_retention: 0.9,
            leech_lapses: 8,
        });
        press(&mut app, KeyCode::Char('B'));
        assert_eq!(app.mode, Mode::Cards);
        press(&mut app, KeyCode::Char('@'));
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("NOT suspended: "), "{status}");
        assert!(status.len() > "NOT suspended: ".len() + 5, "{status}");
        let row = app.cards.as_ref().and_then(|c| c.selected()).expect("row");
        assert!(!row.suspended);
        // Without a store at all, it says why.
        let mut app = fixture_app(120, 40);
        press(&mut app, KeyCode::Char('B'));
        press(&mut app, KeyCode::Char('@'));
        let status = app.status.clone().unwrap_or_default();
        assert!(
            status.contains("NOT suspended") && status.contains("ARCHDECK_DATA_DIR"),
            "{status}"
        );
    }

    #[test]
    fn keys_show_in_help_and_hints() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Esc);
        let bottom = screen(&app).lines().last().unwrap_or_default().to_string();
        assert!(bottom.contains("B cards"), "{bottom}");
        press(&mut app, KeyCode::Char('B'));
        let bottom = screen(&app).lines().last().unwrap_or_default().to_string();
        assert!(
            bottom.contains("s sort") && bottom.contains("t state"),
            "{bottom}"
        );
        press(&mut app, KeyCode::Char('?'));
        let mut text = String::new();
        for _ in 0..20 {
            text.push_str(&screen(&app));
            press(&mut app, KeyCode::PageDown);
        }
        assert!(text.contains("Card browser"), "{text}");
        assert!(text.contains("reverse the sort"), "{text}");
    }

    #[test]
    fn snapshot_cards_120x40() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 120, 40);
        press(&mut app, KeyCode::Char('B'));
        // A suspended card shows in its column.
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('@'));
        insta::assert_snapshot!(screen(&app));
    }

    #[test]
    fn snapshot_cards_narrow_50x14() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = studied(&dir, 50, 14);
        press(&mut app, KeyCode::Char('B'));
        let text = screen(&app);
        assert!(
            text.lines()
                .all(|l| l.trim_matches('"').chars().count() == 50)
        );
        insta::assert_snapshot!(text);
        // Tiny sizes and resizes never panic.
        for (w, h) in [(1, 1), (10, 3), (30, 5), (200, 60)] {
            app.update(Action::Resize(w, h));
            let _ = screen(&app);
        }
    }
}
