//! Writes a synthetic review history as a `progress export` file, for `archdeck progress
//! import` (benchmarks, stress runs):
//! `cargo run --release --example gen_progress -- 100000 /tmp/progress-100k.json`.
//!
//! With `--learner`, the history is a simulated learner's whose memory follows FSRS parameters
//! unlike the defaults (`archdeck::testing::LEARNER_PARAMS`), 15 new cards a day from
//! 2025-01-01, for trying `archdeck optimize`:
//! `cargo run --release --example gen_progress -- --learner 3000 /tmp/learner.json`.

use archdeck::testing::{simulated_learner, synthetic_progress};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    const USAGE: &str = "usage: gen_progress [--learner] N FILE";
    let mut args = std::env::args().skip(1).peekable();
    let learner = args.next_if(|a| a == "--learner").is_some();
    let n: usize = args.next().ok_or(USAGE)?.parse()?;
    let file = args.next().ok_or(USAGE)?;
    let p = if learner {
        simulated_learner(n, time::macros::datetime!(2025-01-01 09:00 UTC), 15, 7)
    } else {
        synthetic_progress(n, time::OffsetDateTime::now_utc(), 7)
    };
    let json = serde_json::json!({
        "format": "archdeck-progress",
        "version": 1,
        "cards": p.cards.values().collect::<Vec<_>>(),
        "reviews": p.log,
    });
    std::fs::write(file, serde_json::to_vec(&json)?)?;
    Ok(())
}
