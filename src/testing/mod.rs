//! Test and benchmark support: not used by the app itself, and built only with the `testing`
//! feature (the crate's tests, benches and examples turn it on through a dev-dependency on
//! archdeck itself). It imports no shell: the TUI's rendering reaches [`fuzz_deck`] as an
//! argument.
//!
//! - [`synthetic_deck`] writes a deterministic deck of any size in the schema of
//!   `data/README.md`, for start-up, search and render benchmarks, stress runs
//!   (`cargo run --release --example gen_deck -- 100000 /tmp/stress.toml`) and property tests.
//! - [`Rng`] is the tiny seeded generator behind it (splitmix64), so that no `rand` crate is
//!   needed and the same seed gives the same deck on every machine.
//! - [`synthetic_progress`] is a review history of any size over the shipped cards, for the
//!   answer benchmark and `examples/gen_progress.rs`; [`simulated_learner`] is a learner whose
//!   memory follows FSRS parameters unlike the defaults, for `archdeck optimize`.
//! - [`fuzz_search`] and [`fuzz_deck`] are the bodies of the fuzz targets in `fuzz/`. They live
//!   here, as plain functions, so that a stable toolchain can drive them too (see
//!   `tests/fuzz_loop.rs`). Each panics if an invariant is broken.

mod deck;
mod fuzz;
mod progress;
mod rng;
mod words;

pub use deck::{corpus_with_synthetic, longest_entry, synthetic_deck};
pub use fuzz::{check_diagnostics, check_search, fuzz_deck, fuzz_search};
pub use progress::{LEARNER_PARAMS, simulated_learner, synthetic_progress};
pub use rng::Rng;
