//! Any bytes as a user deck: load, check diagnostics, render every accepted entry.
#![no_main]

/// The TUI's conversion and wrapping of an entry page: every wrapped row must fit the width
/// (a double-width character cannot be split to fit one column).
fn render(md: &str, width: usize) {
    let theme = archdeck::tui::theme::Theme { color: true };
    for line in archdeck::tui::markdown::to_lines(md, theme) {
        for row in archdeck::tui::markdown::wrap(&line, width) {
            assert!(
                row.width() <= width.max(2),
                "wrapped row wider than {width}: {row:?}"
            );
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| archdeck::testing::fuzz_deck(data, &render));
