//! The corpus: the built-in entries compiled in by `build.rs`, plus user decks loaded at run
//! time through the same schema and validation.
//!
//! `build.rs` parses and validates `data/**/*.toml` when archdeck is compiled (a problem in the
//! built-in corpus fails the build with its `file:line:col`) and emits the entries as static
//! data, so start-up parses no TOML at all unless the user has decks of their own. User decks use
//! the same schema (documented in `data/README.md`). Loading never stops at the first problem:
//! every problem becomes a [`Diagnostic`] with `file:line:col`, the broken entry (or, for a TOML
//! syntax error, the broken file) is skipped, and everything valid is kept.
//!
//! One file per step, each depending only on `serde`, `toml`, `rustc-hash` and
//! [`crate::sanitize`], so that `build.rs` can include the ones it needs:
//!
//! - `entry`: the entry model ([`Entry`], [`Kind`], [`Verdict`], [`Origin`]);
//! - `diagnostic`: [`Diagnostic`] and [`line_col`] (shared with the config file);
//! - `deck`: a deck file's text ([`DeckFile`]);
//! - `raw`: the raw, span-carrying shapes TOML gives; `parse`: a file into them, then through
//!   `validate`; `chunked`: the parallel parser for large decks;
//! - `validate`: one raw entry into an [`Entry`] or diagnostics;
//! - `link`: every file's entries into one cross-linked [`Corpus`];
//! - `read` (not in `build.rs`): user decks read from disk;
//! - `builtin` (not in `build.rs`): the compiled-in entries.

mod builtin;
mod chunked;
mod deck;
mod diagnostic;
mod entry;
mod link;
mod parse;
mod raw;
mod read;
mod validate;

pub use builtin::{Head, builtin_heads};
pub use deck::DeckFile;
pub use diagnostic::{Diagnostic, line_col};
pub use entry::{DIAGRAM_WIDTH, Entry, Kind, Lowered, Origin, Verdict, search_text};
pub use link::Corpus;
pub use read::MAX_DECK_BYTES;
