//! Flashcard mode: cards generated from the corpus ([`cards`]), FSRS scheduling
//! ([`schedule`]), the session state machine shared by the TUI and the plain CLI ([`session`])
//! and the numbers for the stats view ([`stats`]).
//!
//! Nothing here reads the clock, the environment or files: `now` and progress are passed in;
//! [`crate::progress`] loads and saves.

pub mod cards;
pub mod schedule;
pub mod session;
pub mod stats;

pub use cards::{Ask, Card, CardType, Choice, Deck};
pub use schedule::{Rating, Scheduler};
pub use session::{Answer, Expect, Input, Outcome, Phase, Session, SessionOptions, Summary};
