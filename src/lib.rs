//! archdeck: a terminal field guide to software architecture.
//!
//! The crate is a pure core and two thin shells that never import each other:
//!
//! - Core, with no terminal code (it imports neither ratatui, crossterm, [`cli`] nor [`tui`]),
//!   testable in-process:
//!   - [`corpus`]: entries from TOML decks (embedded and user), validated with `file:line:col`
//!     diagnostics, sanitised ([`sanitize`]) and cross-linked; one file per step (model,
//!     diagnostics, parsing, the chunked parser, validation, linking, reading user decks);
//!   - [`search`]: BM25F over weighted fields with stemming and typo correction, combined
//!     with fuzzy name matching; shared by the sidebar, `search`, `show` and `open`;
//!   - [`document`]: the Markdown shown for an entry;
//!   - [`paths`]: flag → `ARCHDECK_*` env → platform directories, with where each came from;
//!   - [`review`]: the review types the scheduler and the store share;
//!   - [`quiz`]: flashcards from entries, FSRS scheduling, the session state machine,
//!     [`quiz::commit_answer`] (the one way both shells save an answer) and the card browser's
//!     table ([`quiz::browse`]: every card with its schedule and current retrievability);
//!   - [`progress`]: each card's schedule and the review log, in SQLite (one transaction per
//!     answer, each review with its own id; the old TOML file imported once);
//!   - [`config`]: `config.toml` settings, with `file:line:col` errors.
//! - [`ctx`]: the run context below both shells (env, paths, clock, settings, and [`ctx::say`],
//!   the one way warnings reach the user).
//! - Shells: [`cli`] (clap subcommands writing to any `Write`) and [`tui`] (keymap → `Action`
//!   → `App::update` → views, one state struct per pane).
//! - [`run`]: the top-level dispatch, which decides which shell runs.
//! - `testing`: test and benchmark support (a synthetic deck generator, fuzz bodies), built
//!   only with the `testing` feature; not part of the shipped library.
//!
//! `main.rs` only parses arguments, calls [`run::run`] and maps the result to an exit code.

pub mod cli;
pub mod config;
pub mod corpus;
pub mod ctx;
pub mod document;
pub mod paths;
pub mod progress;
pub mod quiz;
pub mod review;
pub mod run;
pub mod sanitize;
pub mod search;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tui;
