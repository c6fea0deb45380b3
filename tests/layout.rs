//! The shape of the code, checked from its sources: the core imports no terminal code and
//! neither shell, the shells never import each other, `main.rs` only dispatches, and no file
//! grows past one concern's size.

use std::fs;
use std::path::{Path, PathBuf};

/// The longest a source file may grow before it is split by concern.
const MAX_LINES: usize = 500;
/// `main.rs` parses arguments and hands over; anything longer is doing work.
const MAX_MAIN_LINES: usize = 40;

/// The core: everything a test can drive without a terminal.
const CORE: &[&str] = &[
    "corpus", "search", "document", "paths", "review", "quiz", "progress", "config", "sanitize",
    "ctx",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files of one top-level module: `src/<name>.rs` and everything under `src/<name>/`.
fn module_files(name: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let file = src().join(format!("{name}.rs"));
    if file.exists() {
        files.push(file);
    }
    let dir = src().join(name);
    if dir.is_dir() {
        rust_files(&dir, &mut files);
    }
    files
}

/// The lines of `text` that use one of `needles` as a path, outside comments.
fn uses(text: &str, needles: &[&str]) -> Vec<String> {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
        .filter(|l| needles.iter().any(|n| l.contains(n)))
        .map(str::to_string)
        .collect()
}

fn offences(modules: &[&str], needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for module in modules {
        let files = module_files(module);
        assert!(!files.is_empty(), "module {module} has no files under src/");
        for file in files {
            let text = fs::read_to_string(&file).expect("read source");
            for line in uses(&text, needles) {
                found.push(format!("{}: {line}", file.display()));
            }
        }
    }
    found
}

#[test]
fn the_core_imports_no_terminal_code_and_no_shell() {
    let found = offences(
        CORE,
        &[
            "ratatui",
            "crossterm",
            "crate::tui",
            "crate::cli",
            "tui_markdown",
        ],
    );
    assert!(
        found.is_empty(),
        "core modules reach for a shell or the terminal:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_shells_never_import_each_other() {
    let cli = offences(
        &["cli"],
        &["crate::tui", "super::tui", "ratatui", "crossterm"],
    );
    assert!(cli.is_empty(), "cli imports the TUI:\n{}", cli.join("\n"));
    let tui = offences(&["tui"], &["crate::cli", "super::cli"]);
    assert!(tui.is_empty(), "tui imports the CLI:\n{}", tui.join("\n"));
}

#[test]
fn no_source_file_outgrows_one_concern() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 20, "found the sources");
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = fs::read_to_string(f).expect("read source").lines().count();
            (n > MAX_LINES).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "split these by concern (at most {MAX_LINES} lines):\n{}",
        long.join("\n")
    );
}

#[test]
fn main_only_dispatches() {
    let main = fs::read_to_string(src().join("main.rs")).expect("read main.rs");
    let n = main.lines().count();
    assert!(
        n <= MAX_MAIN_LINES,
        "main.rs has {n} lines; its work belongs in the library"
    );
}
