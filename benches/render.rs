//! Drawing: whole frames into a 120x40 `TestBackend`, the keystroke-to-frame path, and the
//! Markdown conversion of the longest entry.
//!
//! One function per view (`bench_browse`, `bench_reader`, ...), each listed in
//! `criterion_group!` below: a new view (quiz, stats) gets its own `bench_<view>` function and
//! a line there. `cargo bench --bench render`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use archdeck::corpus::Corpus;
use archdeck::document;
use archdeck::progress::Store;
use archdeck::testing::{corpus_with_synthetic, longest_entry};
use archdeck::tui::action::Action;
use archdeck::tui::app::{App, Focus, Mode};
use archdeck::tui::markdown;
use archdeck::tui::quiz::Progressor;
use archdeck::tui::theme::Theme;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const THEME: Theme = Theme { color: true };

fn app(corpus: Corpus) -> App {
    App::new(corpus, Vec::new(), THEME, WIDTH, HEIGHT)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw into a TestBackend");
}

fn type_query(app: &mut App, query: &str) {
    app.update(Action::FocusSearch);
    for c in query.chars() {
        app.update(Action::Input(c));
    }
}

/// The sidebar list after typing a query, with the reader showing the best match.
fn bench_browse(c: &mut Criterion, size: &str, corpus: Corpus) {
    let mut app = app(corpus);
    type_query(&mut app, "retry");
    let mut terminal = terminal();
    c.bench_function(&format!("frame/browse_{size}"), |b| {
        b.iter(|| draw(&mut terminal, black_box(&app)))
    });
}

/// The reader, focused, showing the entry with the longest page.
fn bench_reader(c: &mut Criterion, corpus: Corpus) {
    let longest = longest_entry(&corpus).expect("a non-empty corpus");
    let title = corpus.entries()[longest].title.clone();
    let mut app = app(corpus);
    type_query(&mut app, &title);
    app.update(Action::AcceptQuery);
    app.update(Action::FocusReader);
    assert_eq!(
        app.reader.entry,
        Some(longest),
        "the reader shows the longest entry"
    );
    assert_eq!(app.focus, Focus::Reader);
    let mut terminal = terminal();
    c.bench_function("frame/reader_longest", |b| {
        b.iter(|| draw(&mut terminal, black_box(&app)))
    });
}

/// A quiz card (the fallacies deck, a multiple-choice card), with progress in a temp dir.
fn bench_quiz(c: &mut Criterion, corpus: Corpus) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(corpus).with_progress(progressor(dir.path()));
    app.start_quiz("fallacies".into(), false);
    assert_eq!(app.mode, Mode::Quiz);
    let mut terminal = terminal();
    c.bench_function("frame/quiz", |b| {
        b.iter(|| draw(&mut terminal, black_box(&app)))
    });
}

/// The statistics view after a few answers: tables, the forecast bar chart, the sparkline.
fn bench_stats(c: &mut Criterion, corpus: Corpus) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(corpus).with_progress(progressor(dir.path()));
    app.start_quiz("all".into(), false);
    for _ in 0..5 {
        app.update(Action::Continue);
        app.update(Action::Answer(3));
        app.update(Action::SayDo);
        app.update(Action::Answer(1));
        app.update(Action::Continue);
    }
    app.update(Action::Leave);
    app.update(Action::ShowStats);
    assert_eq!(app.mode, Mode::Stats);
    let mut terminal = terminal();
    c.bench_function("frame/stats", |b| {
        b.iter(|| draw(&mut terminal, black_box(&app)))
    });
}

fn progressor(dir: &std::path::Path) -> Progressor {
    let now = time::macros::datetime!(2026-03-02 09:00 UTC);
    Progressor {
        store: Some(Store::new(dir)),
        clock: Box::new(move || now),
        new_per_day: 20,
        reviews_per_day: 200,
        leech_lapses: 8,
        desired_retention: 0.9,
    }
}

/// One typed character: `App::update(Action::Input(c))` (search, selection, reader) plus the
/// frame. The character is deleted again after each sample, outside the timing.
fn bench_keystroke(c: &mut Criterion, size: &str, corpus: Corpus, flat: bool) {
    let mut app = app(corpus);
    type_query(&mut app, "ci");
    let mut terminal = terminal();
    draw(&mut terminal, &app);
    let mut group = c.benchmark_group("keystroke_to_frame");
    if flat {
        group.sampling_mode(SamplingMode::Flat);
    }
    group.bench_function(size, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                app.update(Action::Input('r'));
                draw(&mut terminal, &app);
                total += start.elapsed();
                app.update(Action::Backspace);
            }
            total
        })
    });
    group.finish();
}

/// With the search on a worker thread (as the TUI does for 20,000 entries or more): the time
/// from a typed character to the frame that shows it, and, separately, until the answer is in.
fn bench_keystroke_background(c: &mut Criterion, corpus: Corpus) {
    let mut app = app(corpus).search_in_background();
    type_query(&mut app, "ci");
    app.wait_search(Duration::from_secs(120));
    let mut terminal = terminal();
    let mut group = c.benchmark_group("keystroke_to_frame");
    group.sampling_mode(SamplingMode::Flat);
    // Timed until the typed key is on screen, or until the search's answer is on screen too.
    for (name, until_answer) in [("100k_background", false), ("100k_background_answer", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    app.update(Action::Input('r'));
                    if until_answer {
                        app.wait_search(Duration::from_secs(120));
                    }
                    draw(&mut terminal, &app);
                    total += start.elapsed();
                    app.wait_search(Duration::from_secs(120));
                    app.update(Action::Backspace);
                    app.wait_search(Duration::from_secs(120));
                }
                total
            })
        });
    }
    group.finish();
}

/// Markdown page and conversion to styled lines of the longest entry (done once per entry
/// and cached by the app, so this is the cost of opening an entry the first time).
fn bench_markdown(c: &mut Criterion, corpus: &Corpus) {
    let entry = &corpus.entries()[longest_entry(corpus).expect("a non-empty corpus")];
    c.bench_function("markdown/longest_entry", |b| {
        b.iter(|| {
            black_box(markdown::to_lines(
                &document::entry_page(black_box(entry)),
                THEME,
            ))
        })
    });
}

fn shipped() -> Corpus {
    Corpus::embedded().0
}

fn views(c: &mut Criterion) {
    bench_browse(c, "shipped", shipped());
    bench_reader(c, shipped());
    bench_markdown(c, &shipped());
    bench_quiz(c, shipped());
    bench_stats(c, shipped());
    bench_keystroke(c, "shipped", shipped(), false);
}

fn views_100k(c: &mut Criterion) {
    let big = corpus_with_synthetic(100_000, 1);
    bench_browse(c, "100k", big.clone());
    bench_keystroke(c, "100k", big.clone(), true);
    bench_keystroke_background(c, big);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = views, views_100k
}
criterion_main!(benches);
