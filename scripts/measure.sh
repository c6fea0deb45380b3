#!/usr/bin/env bash
# scripts/measure.sh: end-to-end timings of the release binary, for the "Instant at any size"
# work. Run from the repository root:
#
#     scripts/measure.sh            # or: MEASURE_DIR=/tmp/m RUNS=5 scripts/measure.sh
#
# It builds `archdeck` and the `gen_deck` example in release mode, writes a 100,000-entry and a
# 10,000-entry synthetic deck (archdeck::testing::synthetic_deck, seed 1), and measures:
#
#   1. `archdeck search Q` against `fzf --filter Q` over a file of the same titles, for five
#      queries, at shipped size and with the 100k deck (hyperfine, median);
#   2. peak RSS of `archdeck list`, shipped and with the 100k deck (/usr/bin/time -v);
#   3. start-up with a 10,000-entry user deck against without: `archdeck show circuit-breaker`
#      and the TUI's first frame (ARCHDECK_EXIT_AFTER_FIRST_FRAME=1 under `script`, which
#      gives it a pseudo-terminal);
#   4. `archdeck show circuit-breaker | cat`.
#
# It prints one table at the end. Needs: cargo, hyperfine, fzf, script (util-linux),
# /usr/bin/time; it installs hyperfine and fzf with apt-get when they are missing and it can.
# Honours CARGO_TARGET_DIR. User decks in the config dir are kept out with an empty
# ARCHDECK_DECKS_DIR. Times depend on the machine: compare runs on the same one.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
BIG_RUNS=${BIG_RUNS:-3}
W=${MEASURE_DIR:-$(mktemp -d /tmp/archdeck-measure.XXXXXX)}
TARGET=${CARGO_TARGET_DIR:-target}
BIN="$TARGET/release/archdeck"
GEN="$TARGET/release/examples/gen_deck"
QUERIES=(c ret idempotn circuit "message queue")

need() {
    command -v "$1" >/dev/null && return
    if command -v apt-get >/dev/null; then
        apt-get install -y "$1" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$1" >/dev/null; }
    fi
    command -v "$1" >/dev/null || { echo "measure.sh: $1 is required" >&2; exit 1; }
}
need hyperfine
need fzf
[ -x /usr/bin/time ] || { echo "measure.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }

echo "== building (release)" >&2
cargo build --release --bin archdeck --example gen_deck >&2

mkdir -p "$W/empty" "$W/d10k" "$W/d100k"
export ARCHDECK_DECKS_DIR="$W/empty"
[ -s "$W/d100k/stress.toml" ] || "$GEN" 100000 "$W/d100k/stress.toml" 1
[ -s "$W/d10k/deck.toml" ] || "$GEN" 10000 "$W/d10k/deck.toml" 1

# The same titles archdeck searches, one per line, for fzf.
titles() { "$BIN" --decks "$1" list 2>/dev/null | sed -E 's/^[^ ]+ +[a-z]+ +//'; }
titles "$W/empty" >"$W/titles-shipped.txt"
titles "$W/d100k" >"$W/titles-100k.txt"

ROWS=()
row() { ROWS+=("$(printf '%-46s %14s %14s' "$1" "$2" "$3")"); }

# Median of the first / second command of a hyperfine CSV export, in ms.
medians() {
    awk -F, 'NR > 1 { printf "%.1f ms\n", $4 * 1000 }' "$1"
}

compare() { # label, runs, archdeck command, fzf command
    local csv="$W/hf.csv"
    hyperfine --warmup 1 --runs "$2" --export-csv "$csv" "$3" "$4" >&2
    mapfile -t m < <(medians "$csv")
    row "$1" "${m[0]}" "${m[1]}"
}

echo "== search vs fzf" >&2
row "search: query (shipped)" "archdeck" "fzf --filter"
for q in "${QUERIES[@]}"; do
    compare "  \"$q\"" "$RUNS" \
        "$BIN --decks $W/empty search $q" \
        "fzf --filter '$q' --no-sort < $W/titles-shipped.txt"
done
row "search: query (100k deck)" "archdeck" "fzf --filter"
for q in "${QUERIES[@]}"; do
    compare "  \"$q\"" "$BIG_RUNS" \
        "$BIN --decks $W/d100k search $q" \
        "fzf --filter '$q' --no-sort < $W/titles-100k.txt"
done

echo "== peak RSS" >&2
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { printf "%.1f MB", $2 / 1024 }'; }
row "peak RSS: list" "shipped" "100k deck"
row "" "$(rss "$BIN" --decks "$W/empty" list)" "$(rss "$BIN" --decks "$W/d100k" list)"

echo "== start-up" >&2
hf2() { # runs, cmd1, cmd2 -> two medians
    local csv="$W/hf.csv"
    hyperfine --warmup 1 --runs "$1" --export-csv "$csv" "$2" "$3" >&2
    medians "$csv"
}
row "start-up" "no user deck" "10k user deck"
mapfile -t m < <(hf2 "$RUNS" "$BIN --decks $W/empty show circuit-breaker" "$BIN --decks $W/d10k show circuit-breaker")
row "  show circuit-breaker" "${m[0]}" "${m[1]}"
# The TUI's first frame, as the binary reports it with ARCHDECK_EXIT_AFTER_FIRST_FRAME=1 (time
# from main to the end of the first draw, on stderr), under `script` for a pseudo-terminal.
first_frame() { # deck dir, runs -> median
    local i
    for ((i = 0; i < $2; i++)); do
        ARCHDECK_EXIT_AFTER_FIRST_FRAME=1 script -qec "stty cols 120 rows 40; $BIN --decks $1" /dev/null 2>&1 |
            grep -ao 'first frame drawn [0-9.]*' | awk '{ print $4 }'
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f ms", a[int((NR + 1) / 2)] }'
}
if script -qec true /dev/null >/dev/null 2>&1; then
    row "  TUI first frame (120x40)" "$(first_frame "$W/empty" "$RUNS")" "$(first_frame "$W/d10k" "$RUNS")"
    row "  TUI first frame: 100k deck" "" "$(first_frame "$W/d100k" "$BIG_RUNS")"
else
    row "  TUI first frame" "no pty" "skipped"
fi

echo "== show | cat" >&2
csv="$W/hf.csv"
hyperfine --warmup 2 --runs "$RUNS" --export-csv "$csv" "$BIN --decks $W/empty show circuit-breaker | cat" >&2
row "show circuit-breaker | cat" "$(medians "$csv")" ""

echo
echo "archdeck $(git describe --always --dirty 2>/dev/null || echo '?') on $(uname -m), $(nproc) cores; medians of hyperfine runs ($RUNS, 100k: $BIG_RUNS)"
echo "decks: $W"
for r in "${ROWS[@]}"; do echo "$r"; done
