//! Flashcard mode: cards generated from the corpus ([`cards`], with their text work in
//! [`text`]), FSRS scheduling ([`schedule`]), which cards a session shows ([`plan`]), the session
//! state machine shared by the TUI and the plain CLI ([`session`]), committing an answer
//! ([`commit`]), the numbers for the stats view ([`stats`]), the card browser's table
//! ([`browse`]) and fitting FSRS parameters to the review log ([`optimize`]).
//!
//! Nothing here reads the clock or the environment: `now` is passed in. Only [`commit`] touches
//! files, through the [`crate::progress::Store`] it is given.

pub mod browse;
pub mod cards;
pub mod commit;
pub mod optimize;
pub mod plan;
pub mod schedule;
pub mod session;
pub mod stats;
pub mod text;

pub use cards::{Ask, Card, CardType, Choice, Deck};
pub use commit::{commit_answer, undo_answer};
pub use schedule::{Rating, Scheduler};
pub use session::{
    Answer, Expect, Input, Missed, Outcome, Phase, Session, SessionOptions, Summary, Undo,
};
