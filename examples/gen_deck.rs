//! Writes a synthetic deck for manual timing runs:
//!
//! ```sh
//! cargo run --release --example gen_deck -- 100000 /tmp/stress.toml [SEED]
//! archdeck --decks /tmp list   # or copy the file into a decks folder
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: gen_deck N PATH [SEED]");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("gen_deck: N must be a number, not {n:?}");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => 1,
        Some(Ok(seed)) => seed,
        Some(Err(e)) => {
            eprintln!("gen_deck: bad SEED: {e}");
            return ExitCode::from(2);
        }
    };
    let deck = archdeck::testing::synthetic_deck(n, seed);
    if let Err(e) = std::fs::write(path, &deck) {
        eprintln!("gen_deck: cannot write {path}: {e}");
        return ExitCode::from(1);
    }
    eprintln!("wrote {n} entries ({} bytes) to {path}", deck.len());
    ExitCode::SUCCESS
}
