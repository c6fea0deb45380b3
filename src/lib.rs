//! archdeck: a terminal field guide to software architecture.
//!
//! The crate is a pure core and two thin shells:
//!
//! - Core, with no terminal code, testable in-process:
//!   - [`corpus`]: entries from TOML decks (embedded and user), validated with `file:line:col`
//!     diagnostics, sanitised ([`sanitize`]) and cross-linked;
//!   - [`search`]: weighted fuzzy ranking shared by the sidebar and `archdeck search`;
//!   - [`document`]: the Markdown shown for an entry;
//!   - [`paths`]: flag → `ARCHDECK_*` env → platform directories, with where each came from;
//!   - [`quiz`]: flashcards from entries, FSRS scheduling and the session state machine;
//!   - [`progress`]: each card's schedule and the review log, saved atomically under a lock;
//!   - [`config`]: `config.toml` settings, with `file:line:col` errors.
//! - Shells: [`cli`] (clap subcommands writing to any `Write`) and [`tui`] (keymap → `Action` →
//!   `App::update` → views).
//! - [`testing`]: test and benchmark support (a synthetic deck generator, fuzz bodies); not
//!   used by the app.
//!
//! `main.rs` only parses arguments, calls [`cli::run`] and maps the result to an exit code.

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
