//! Property tests: search, deck loading, screens and key sequences never panic and keep their
//! invariants on hostile input. Case counts are small so that the file runs in well under a
//! minute in debug mode; `PROPTEST_CASES=N` raises them for a longer hunt.

use std::sync::LazyLock;

use archdeck::corpus::{Corpus, DeckFile, Diagnostic, Kind};
use archdeck::document;
use archdeck::search::Index;
use archdeck::testing::{check_diagnostics, synthetic_deck};
use archdeck::tui::action::Action;
use archdeck::tui::app::{App, Mode};
use archdeck::tui::markdown;
use archdeck::tui::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const THEME: Theme = Theme { color: true };

static SHIPPED: LazyLock<(Corpus, Index)> = LazyLock::new(|| {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    (corpus, index)
});

/// `cases` per property, unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Shrinking a long key sequence in debug mode can take minutes; keep it short.
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    }
}

/// Characters that tend to break text handling: controls, combining marks, right-to-left
/// scripts and bidi controls, wide CJK, emoji and ZWJ, plus plain letters and spaces.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => Just(' '),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => proptest::char::range('\u{590}', '\u{6ff}'),
        1 => prop::sample::select(vec!['\u{200d}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{fe0f}']),
        1 => proptest::char::range('\u{4e00}', '\u{4fff}'),
        1 => proptest::char::range('\u{1f600}', '\u{1f64f}'),
        1 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Up to ~10 KB: a short piece repeated.
fn long_string() -> impl Strategy<Value = String> {
    (nasty_string(12), 1usize..900).prop_map(|(s, n)| s.repeat(n))
}

// ---------------------------------------------------------------------------------------------
// Search

fn check_hits(query: &str, kind: Option<Kind>) {
    let (corpus, index) = &*SHIPPED;
    archdeck::testing::check_search(corpus, index, query, kind);
}

fn any_kind() -> impl Strategy<Value = Option<Kind>> {
    prop::option::of(prop::sample::select(Kind::ALL.to_vec()))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn search_never_panics_and_highlights_title_chars(
        query in prop_oneof![3 => nasty_string(40), 1 => long_string(), 1 => any::<String>()],
        kind in any_kind(),
    ) {
        check_hits(&query, kind);
    }
}

#[test]
fn search_edge_queries() {
    for q in [
        "",
        " ",
        "\u{0}",
        "e\u{301}",
        "\u{202e}kaerb tiucric",
        "סֶרְוִיס",
        "日本語",
        "👩‍💻 retry",
        "avoid",
        "avoid avoid",
        &"a".repeat(10_000),
        &"circuit ".repeat(1_000),
    ] {
        check_hits(q, None);
    }
}

// ---------------------------------------------------------------------------------------------
// Decks

fn load_and_render(text: &str) -> (Corpus, Vec<Diagnostic>) {
    let file = DeckFile {
        name: "prop.toml".into(),
        text: text.to_string(),
        builtin: false,
    };
    let (corpus, problems) = Corpus::load(std::slice::from_ref(&file));
    check_diagnostics(text, &problems);
    for entry in corpus.entries() {
        let md = document::entry_markdown(&corpus, entry);
        for line in markdown::to_lines(&md, THEME) {
            for width in [1, 7, 80] {
                let _ = archdeck::tui::lines::wrap(&line, width);
            }
        }
    }
    assert!(
        !corpus.is_empty() || !problems.is_empty() || text.trim().is_empty(),
        "nothing loaded and nothing reported for {text:?}"
    );
    (corpus, problems)
}

/// One edit to a deck's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Swap what follows ` = ` on two lines.
    SwapValues(usize, usize),
    /// Insert bytes (decoded lossily) at a position.
    Insert(usize, Vec<u8>),
    /// Cut the text at a position.
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        3 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..12))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    match m {
        Mutation::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::SwapValues(a, b) => {
            let (a, b) = (a % n, b % n);
            if let (Some((ka, va)), Some((kb, vb))) =
                (lines[a].split_once(" = "), lines[b].split_once(" = "))
            {
                let (new_a, new_b) = (format!("{ka} = {vb}"), format!("{kb} = {va}"));
                lines[a] = new_a;
                lines[b] = new_b;
            }
        }
        Mutation::Insert(at, bytes) => {
            let mut s = lines.join("\n");
            let i = floor_char_boundary(&s, at % (s.len() + 1));
            s.insert_str(i, &String::from_utf8_lossy(bytes));
            return s;
        }
        Mutation::Truncate(at) => {
            let mut s = lines.join("\n");
            let i = floor_char_boundary(&s, at % (s.len() + 1));
            s.truncate(i);
            return s;
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn random_text_loads_without_panic(
        text in prop_oneof![
            any::<String>(),
            nasty_string(200),
            prop::collection::vec(any::<u8>(), 0..400)
                .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
            // TOML-shaped noise.
            prop::collection::vec(
                prop_oneof![
                    Just("[[entry]]".to_string()),
                    ("[a-z]{1,9}", nasty_string(16)).prop_map(|(k, v)| format!("{k} = {v:?}")),
                    ("[a-z]{1,9}", nasty_string(8)).prop_map(|(k, v)| format!("{k} = [{v:?}]")),
                    nasty_string(20),
                ],
                0..24,
            )
            .prop_map(|lines| lines.join("\n")),
        ]
    ) {
        load_and_render(&text);
    }

    #[test]
    fn mutated_valid_decks_load_without_panic(
        seed in 0u64..1_000,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut text = synthetic_deck(3, seed);
        for m in &mutations {
            text = apply(&text, m);
        }
        load_and_render(&text);
    }
}

// ---------------------------------------------------------------------------------------------
// Screens

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A deck whose entries have the given titles (long, wide or odd) and bodies, linked in a ring.
fn deck_with(titles: &[String], body: &str) -> Corpus {
    let mut text = String::new();
    let n = titles.len();
    for (i, title) in titles.iter().enumerate() {
        text.push_str(&format!(
            "[[entry]]\nid = \"e{i}\"\nkind = \"concept\"\ntitle = {}\ntags = [\"t\"]\n\
             summary = {}\nbody = {}\nrelated = [{}]\nsources = [\"s\"]\n\n",
            toml_str(&format!("x{title}")),
            toml_str(&format!("s{title}")),
            toml_str(&format!("## Heading\n\n{body}\n\n- {title}\n1. {body}")),
            if n > 1 {
                format!("\"e{}\"", (i + 1) % n)
            } else {
                String::new()
            },
        ));
    }
    let (corpus, problems) = Corpus::load(&[DeckFile {
        name: "screens.toml".into(),
        text,
        builtin: false,
    }]);
    assert!(problems.is_empty(), "{problems:?}");
    corpus
}

/// Draws the app and returns the screen as text, one line per row.
fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().to_string()
}

/// What any screen of at least 30x8 must show: the help overlay's title when help is open,
/// else a pane's frame.
fn check_screen(app: &App, screen: &str, width: u16, height: u16) {
    assert_eq!(
        screen.lines().count(),
        usize::from(height),
        "every row drawn"
    );
    if width < 30 || height < 8 {
        return;
    }
    if app.help.is_some() {
        assert!(screen.contains("keys (Esc"), "help not shown:\n{screen}");
    } else {
        assert!(screen.contains('┌'), "no pane drawn:\n{screen}");
    }
}

#[derive(Debug, Clone, Copy)]
enum View {
    Browse,
    NoResults,
    Reader,
    Help,
    Find,
}

fn title_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => nasty_string(30),
        1 => (nasty_string(6), 20usize..60).prop_map(|(s, n)| s.repeat(n)),
        1 => Just("日本語のテキストとても長いタイトル".repeat(8)),
        1 => Just("👩‍👩‍👧‍👦🏳️‍🌈e\u{301}".repeat(10)),
    ]
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn every_view_renders_at_any_size(
        titles in prop::collection::vec(title_text(), 1..4),
        body in title_text(),
        view in prop::sample::select(vec![View::Browse, View::NoResults, View::Reader, View::Help, View::Find]),
        (w, h) in (1u16..=250, 1u16..=80),
        (w2, h2) in (1u16..=250, 1u16..=80),
        find in nasty_string(6),
    ) {
        let corpus = deck_with(&titles, &body);
        let mut app = App::new(corpus, Vec::new(), THEME, w, h);
        match view {
            View::Browse => {
                app.update(Action::FocusSearch);
                for c in titles[0].chars().take(3) {
                    app.update(Action::Input(c));
                }
            }
            View::NoResults => {
                app.update(Action::FocusSearch);
                for c in "zzqqxxjj".chars() {
                    app.update(Action::Input(c));
                }
                prop_assert!(app.list.hits.is_empty());
            }
            View::Reader => {
                app.update(Action::FocusReader);
                app.update(Action::NextLink);
            }
            View::Help => app.update(Action::ToggleHelp),
            View::Find => {
                app.update(Action::FocusReader);
                app.update(Action::StartFind);
                for c in find.chars() {
                    app.update(Action::Input(c));
                }
            }
        }
        let screen = draw(&app, w, h);
        check_screen(&app, &screen, w, h);
        app.update(Action::Resize(w2, h2));
        let screen = draw(&app, w2, h2);
        check_screen(&app, &screen, w2, h2);
    }
}

// ---------------------------------------------------------------------------------------------
// Key sequences

#[derive(Debug, Clone)]
enum Event {
    Act(Action),
    Resize(u16, u16),
    Wheel(u16, u16, bool),
    Click(u16, u16),
}

fn action() -> impl Strategy<Value = Action> {
    use Action::*;
    prop_oneof![
        3 => prop::sample::select(vec![
            Quit, ToggleHelp, FocusSearch, FocusList, FocusReader, SwitchPane, Backspace,
            DeleteWord, ClearQuery, AcceptQuery, CycleKind, Up, Down, PageUp, PageDown, Top,
            Bottom, Open, NextLink, PrevLink, Back, Forward, StartFind, NextMatch, PrevMatch,
            CancelFind, CloseHelp,
        ]),
        // The quiz and the statistics (no store: answers are kept in memory only).
        2 => prop::sample::select(vec![
            StartQuiz, QuizTag, Cram, ShowStats, Continue, SayDo, SayDont, OpenCardEntry,
            ReturnToQuiz, Leave,
        ]),
        // The card browser.
        2 => prop::sample::select(vec![
            ShowCards, CycleSort, ReverseSort, CycleState, FocusSearch, Leave, Up, Down, Open,
            Suspend, CycleFlag, Bury,
        ]),
        1 => (0u8..6).prop_map(Answer),
        2 => prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just(' '),
            1 => nasty_char(),
        ].prop_map(Input),
        1 => (0u8..12).prop_map(FollowLink),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        8 => action().prop_map(Event::Act),
        1 => (0u16..=250, 0u16..=80).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..260, 0u16..90, any::<bool>()).prop_map(|(x, y, d)| Event::Wheel(x, y, d)),
        1 => (0u16..260, 0u16..90).prop_map(|(x, y)| Event::Click(x, y)),
    ]
}

fn check_consistent(app: &App) {
    match app.mode {
        Mode::Quiz => assert!(app.quiz.is_some(), "quiz screen without a quiz"),
        Mode::Stats => assert!(app.stats.is_some(), "statistics screen without statistics"),
        Mode::Cards => assert!(app.cards.is_some(), "card browser without cards"),
        Mode::Browse => {}
    }
    if let Some(cards) = &app.cards {
        let n = cards.shown.len();
        assert!(
            cards.view.selected < n.max(1),
            "card row {} of {n}",
            cards.view.selected
        );
        assert!(
            cards.view.offset <= cards.view.selected,
            "card selection above the window"
        );
        assert!(cards.shown.iter().all(|&i| i < cards.rows.len()));
    }
    if let Some(stats) = &app.stats {
        assert!(
            stats.selected < stats.weakest.len().max(1),
            "statistics row {} of {}",
            stats.selected,
            stats.weakest.len()
        );
    }
    if let Some(quiz) = &app.quiz {
        let (done, _) = quiz.session.counts();
        assert!(
            done <= quiz.session.answers() as usize,
            "more cards answered than answers"
        );
    }
    if app.list.hits.is_empty() {
        assert_eq!(app.list.view.selected, 0, "selection with no hits");
    } else {
        assert!(
            app.list.view.selected < app.list.hits.len(),
            "selected {} of {}",
            app.list.view.selected,
            app.list.hits.len()
        );
    }
    assert!(
        app.list.view.offset <= app.list.view.selected,
        "list_offset {} > selected {}",
        app.list.view.offset,
        app.list.view.selected
    );
    let r = &app.reader;
    assert!(
        r.scroll == 0 || r.scroll < r.rows.len(),
        "scroll {} beyond {} rows",
        r.scroll,
        r.rows.len()
    );
    if let Some(i) = r.current_match {
        assert!(
            i < r.matches.len(),
            "current_match {i} of {}",
            r.matches.len()
        );
    }
    if let Some(i) = r.selected_link {
        assert!(i < r.links.len(), "selected_link {i} of {}", r.links.len());
    }
    if let Some(entry) = r.entry {
        assert!(entry < app.corpus.len());
    }
}

/// Regression: on a screen with no room for the reader's text (1x1), Bottom scrolled to
/// `rows.len()`, one past the last row.
#[test]
fn bottom_on_a_tiny_screen_stays_within_the_rows() {
    let mut app = App::new(SHIPPED.0.clone(), Vec::new(), THEME, 1, 1);
    app.update(Action::FocusReader);
    app.update(Action::Bottom);
    check_consistent(&app);
    assert!(app.reader.scroll < app.reader.rows.len());
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn key_sequences_keep_the_app_consistent(
        (w, h) in (1u16..=250, 1u16..=80),
        events in prop::collection::vec(event(), 0..60),
    ) {
        let corpus = SHIPPED.0.clone();
        let mut app = App::new(corpus, Vec::new(), THEME, w, h);
        check_consistent(&app);
        for event in events {
            match event {
                Event::Act(Action::Quit) => {}
                Event::Act(a) => app.update(a),
                Event::Resize(w, h) => app.update(Action::Resize(w, h)),
                Event::Wheel(x, y, down) => app.update(Action::Wheel { column: x, row: y, down }),
                Event::Click(x, y) => app.update(Action::Click { column: x, row: y }),
            }
            check_consistent(&app);
        }
        let (w, h) = (app.width.max(1), app.height.max(1));
        let screen = draw(&app, w, h);
        check_screen(&app, &screen, w, h);
    }
}
