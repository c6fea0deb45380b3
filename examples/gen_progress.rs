//! Writes a synthetic review history as a `progress export` file, for `archdeck progress
//! import` (benchmarks, stress runs):
//! `cargo run --release --example gen_progress -- 100000 /tmp/progress-100k.json`.

use archdeck::testing::synthetic_progress;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().ok_or("usage: gen_progress N FILE")?.parse()?;
    let file = args.next().ok_or("usage: gen_progress N FILE")?;
    let now = time::OffsetDateTime::now_utc();
    let p = synthetic_progress(n, now, 7);
    let json = serde_json::json!({
        "format": "archdeck-progress",
        "version": 1,
        "cards": p.cards.values().collect::<Vec<_>>(),
        "reviews": p.log,
    });
    std::fs::write(file, serde_json::to_vec(&json)?)?;
    Ok(())
}
