//! A stable-toolchain stand-in for `cargo fuzz`: drives the fuzz target bodies
//! (`archdeck::testing::{fuzz_search, fuzz_deck}`) with a fixed number of mutated inputs from a
//! seeded generator. Ignored by default; run in release mode:
//!
//! ```sh
//! FUZZ_EXECS=200000 FUZZ_SEED=7 cargo test --release --test fuzz_loop -- --ignored --nocapture
//! ```
//!
//! A failing input is written to `$FUZZ_CRASH_DIR` (default: the system temp dir) before the
//! test fails, so that it can be replayed with `cargo fuzz run TARGET FILE` or added to a test.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use archdeck::corpus::Corpus;
use archdeck::testing::{Rng, fuzz_deck, fuzz_search, synthetic_deck};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Bytes that are interesting to text handling: ASCII, TOML syntax, controls, escape sequences
/// and multi-byte UTF-8 (combining, RTL, CJK, emoji).
const DICTIONARY: &[&str] = &[
    " ",
    "\n",
    "\t",
    "\r\n",
    "\"",
    "\"\"\"",
    "'",
    "[",
    "]",
    "[[entry]]",
    "=",
    ",",
    "#",
    "\\",
    "\\u0000",
    "\u{1b}[2J",
    "\u{1b}]52;c;",
    "\u{7}",
    "\u{0}",
    "\u{9b}",
    "e\u{301}",
    "\u{202e}",
    "ש",
    "日本",
    "👩‍💻",
    "\u{fe0f}",
    "id = ",
    "kind = \"rule\"",
    "related = [\"",
    "overrides = true",
    "verdict = \"dont\"",
    "scenarios = []",
    "- ",
    "## ",
    "`",
    "**",
    "avoid ",
    "circuit",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..rng.range(1, 4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.below(256) as u8);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.range(1, 32)).min(len);
                input.drain(start..end);
            }
            3 => {
                let i = rng.below(len + 1);
                let word = rng.pick(DICTIONARY).as_bytes();
                input.splice(i..i, word.iter().copied());
            }
            4 if len > 0 => {
                // Duplicate a chunk.
                let start = rng.below(len);
                let end = (start + rng.range(1, 64)).min(len);
                let chunk = input[start..end].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, chunk);
            }
            5 => {
                // Splice in part of another seed.
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + rng.range(1, 128)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            _ => {
                // A random Unicode scalar value.
                let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
                let mut buf = [0; 4];
                let i = rng.below(len + 1);
                input.splice(i..i, c.encode_utf8(&mut buf).bytes());
            }
        }
    }
}

fn crash_dir() -> PathBuf {
    std::env::var_os("FUZZ_CRASH_DIR").map_or_else(std::env::temp_dir, PathBuf::from)
}

/// Runs `target` on `execs` inputs: seeds, mutated seeds, random bytes and long inputs.
/// Returns how many executions ran.
fn drive(name: &str, target: fn(&[u8]), seeds: &[Vec<u8>], execs: u64, max_len: usize) -> u64 {
    let mut rng = Rng::new(env_number("FUZZ_SEED", 1));
    let mut ran = 0;
    for n in 0..execs {
        let mut input = match rng.below(20) {
            0 => (0..rng.below(64)).map(|_| rng.below(256) as u8).collect(),
            1 => {
                let piece = seeds[rng.below(seeds.len())].clone();
                let times = rng.range(1, 1 + max_len / piece.len().max(1));
                piece.repeat(times.min(max_len / piece.len().max(1)).max(1))
            }
            _ => seeds[rng.below(seeds.len())].clone(),
        };
        if n as usize >= seeds.len() {
            mutate(&mut rng, &mut input, seeds);
        }
        input.truncate(max_len);
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let path = crash_dir().join(format!("crash-{name}-{n}.bin"));
            let saved = std::fs::write(&path, &input).is_ok();
            panic!(
                "{name}: execution {n} panicked; input {} ({} bytes)",
                if saved {
                    path.display().to_string()
                } else {
                    format!("{input:?}")
                },
                input.len()
            );
        }
        ran += 1;
    }
    println!("{name}: {ran} executions, no failure");
    ran
}

#[test]
#[ignore = "long: run with --release -- --ignored"]
fn fuzz_search_loop() {
    let (corpus, _) = Corpus::embedded();
    let mut seeds: Vec<Vec<u8>> = vec![Vec::new(), b"\x00circut".to_vec()];
    for e in corpus.entries() {
        // The first byte picks the kind filter.
        seeds.push([&[0u8][..], e.title.as_bytes()].concat());
        for a in &e.aliases {
            seeds.push([&[3u8][..], a.as_bytes()].concat());
        }
    }
    for s in DICTIONARY {
        seeds.push([&[0u8][..], s.as_bytes()].concat());
    }
    drive(
        "fuzz_search",
        fuzz_search,
        &seeds,
        env_number("FUZZ_EXECS", 100_000),
        10_000,
    );
}

/// The TUI's conversion and wrapping of an entry page: every wrapped row must fit the width
/// (a double-width character cannot be split to fit one column).
fn render(md: &str, width: usize) {
    let theme = archdeck::tui::theme::Theme { color: true };
    for line in archdeck::tui::markdown::to_lines(md, theme) {
        for row in archdeck::tui::lines::wrap(&line, width) {
            assert!(
                row.width() <= width.max(2),
                "wrapped row wider than {width}: {row:?}"
            );
        }
    }
}

/// The fuzz target's body: `fuzz_deck` with the TUI's rendering.
fn fuzz_deck_rendered(data: &[u8]) {
    fuzz_deck(data, &render);
}

#[test]
#[ignore = "long: run with --release -- --ignored"]
fn fuzz_deck_loop() {
    let mut seeds: Vec<Vec<u8>> = (0..16)
        .map(|seed| synthetic_deck(1 + seed as usize % 3, seed).into_bytes())
        .collect();
    seeds.push(include_bytes!("../data/README.md").to_vec());
    seeds.push(b"[[entry]]\nid = \"a\"\nkind = \"fallacy\"\ntitle = \"A\"\ntags = [\"t\"]\nsummary = \"s\"\nscenarios = [\"x\"]\nbody = \"b\"\nrelated = [\"a\"]\nsources = [\"s\"]\n".to_vec());
    drive(
        "fuzz_deck",
        fuzz_deck_rendered,
        &seeds,
        env_number("FUZZ_EXECS", 20_000),
        64 * 1024,
    );
}

#[test]
fn fuzz_deck_renders_odd_input() {
    fuzz_deck_rendered(b"");
    fuzz_deck_rendered(b"[[entry]]\nid = 3");
    fuzz_deck_rendered(synthetic_deck(3, 5).as_bytes());
}
