//! The progress store through the binary: many processes answering at once with the same
//! clock, `progress export` / `progress import` between two machines, a read-only data dir, a
//! lock held by another process, and a store whose writes fail.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use archdeck::progress::Store;
use assert_cmd::cargo::cargo_bin;
use tempfile::TempDir;

const NOW: &str = "2025-03-10T09:00:00Z";

/// Eighty concepts, ten tagged `many` and ten each `many0` to `many7` (`many` is `many0`'s):
/// every card is answered with Enter (reveal) then 3, or with 3 (a choice).
fn decks() -> String {
    let mut s = String::new();
    for i in 0..80 {
        let tag = i / 10;
        let extra = if tag == 0 { ", \"many\"" } else { "" };
        s.push_str(&format!(
            "[[entry]]\nid = \"st-concept-{i}\"\nkind = \"concept\"\ntitle = \"Store Concept {i}\"\n\
             tags = [\"many{tag}\"{extra}]\nsummary = \"Concept number {i} of the store test deck.\"\n\
             body = \"B.\"\nsources = [\"test\"]\n\n"
        ));
    }
    s
}

struct Env {
    _root: TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Env {
    fn new() -> Env {
        let root = tempfile::tempdir().unwrap();
        let config = root.path().join("config");
        let data = root.path().join("data");
        fs::create_dir_all(config.join("decks")).unwrap();
        fs::write(config.join("decks/test.toml"), decks()).unwrap();
        fs::write(config.join("config.toml"), "new_cards_per_day = 1000\n").unwrap();
        Env {
            _root: root,
            config,
            data,
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(cargo_bin("archdeck"));
        cmd.env("ARCHDECK_CONFIG_DIR", &self.config)
            .env("ARCHDECK_DATA_DIR", &self.data)
            .env("ARCHDECK_NOW", NOW)
            .env_remove("ARCHDECK_DECKS_DIR");
        cmd
    }

    /// A plain quiz of `n` answers.
    fn quiz(&self, n: usize) -> Output {
        self.quiz_deck("many", n)
    }

    fn quiz_deck(&self, deck: &str, n: usize) -> Output {
        let mut child = self
            .cmd()
            .args(["quiz", "--plain", "--deck", deck, "--limit", &n.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let input = "\n3\n".repeat(n * 2);
        let mut stdin = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut stdin, input.as_bytes()).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    fn reviews(&self) -> Vec<String> {
        Store::new(&self.data)
            .load_read_only()
            .unwrap()
            .progress
            .log
            .into_iter()
            .map(|l| l.id)
            .collect()
    }
}

fn acknowledged(output: &Output) -> usize {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with("saved: "))
        .count()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn eight_processes_at_once_with_the_same_clock_lose_nothing() {
    let env = Env::new();
    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let env = &env;
        let handles: Vec<_> = (0..8)
            .map(|k| scope.spawn(move || env.quiz_deck(&format!("many{k}"), 10)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let acked: usize = outputs.iter().map(acknowledged).sum();
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
    }
    let ids = env.reviews();
    eprintln!(
        "8 processes: {acked} acknowledged, {} in the log",
        ids.len()
    );
    assert_eq!(acked, 80);
    assert_eq!(ids.len(), acked, "every acknowledged review is in the log");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "each review has its own id");
}

#[test]
fn export_then_import_merges_two_machines_and_twice_changes_nothing() {
    let laptop = Env::new();
    let desktop = Env::new();
    assert_eq!(acknowledged(&laptop.quiz(3)), 3);
    assert_eq!(acknowledged(&desktop.quiz(4)), 4);
    let export = laptop.cmd().args(["progress", "export"]).output().unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    let file = desktop.data.parent().unwrap().join("laptop.json");
    fs::write(&file, &export.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json["reviews"].as_array().unwrap().len(), 3);
    assert_eq!(json["format"], "archdeck-progress");

    let import = |expect: &str| {
        let out = desktop
            .cmd()
            .args(["progress", "import"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains(expect), "{text}");
    };
    import("imported 3 new review(s)");
    let after_first = desktop.reviews();
    assert_eq!(after_first.len(), 7);
    let cards_first = Store::new(&desktop.data)
        .load_read_only()
        .unwrap()
        .progress
        .cards;
    import("imported 0 new review(s)");
    assert_eq!(desktop.reviews(), after_first);
    assert_eq!(
        Store::new(&desktop.data)
            .load_read_only()
            .unwrap()
            .progress
            .cards,
        cards_first
    );
    // The same card answered on both machines has both answers, replayed in order.
    let p = Store::new(&desktop.data).load_read_only().unwrap().progress;
    for (id, card) in &p.cards {
        let n = p.log.iter().filter(|l| &l.card_id == id).count();
        assert_eq!(card.reps as usize, n, "{id}");
    }
    // stats --json carries every review's id.
    let stats = desktop.cmd().args(["stats", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let log = json["log"].as_array().unwrap();
    assert_eq!(log.len(), 7);
    assert!(log.iter().all(|l| l["id"].as_str().unwrap().len() == 32));
}

#[cfg(unix)]
fn read_only(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: the test then has nothing to show.
    fs::write(path.join(".probe"), "x").is_err()
}

#[cfg(unix)]
#[test]
fn read_only_data_dir_says_not_saved_and_exits_non_zero() {
    let env = Env::new();
    assert_eq!(acknowledged(&env.quiz(1)), 1);
    if !read_only(&env.data) {
        return;
    }
    let out = env.quiz(2);
    let err = stderr(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&env.data, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!text.contains("saved: "), "{text}");
    assert!(
        !out.status.success() && err.contains("could not be saved"),
        "{text}\n{err}"
    );
    assert_eq!(env.reviews().len(), 1, "the earlier review is intact");
}

#[test]
fn a_write_that_fails_is_never_called_saved() {
    let env = Env::new();
    assert_eq!(acknowledged(&env.quiz(1)), 1);
    // A store whose writes fail: a trigger that refuses every new review.
    let conn = rusqlite::Connection::open(env.data.join("progress.sqlite3")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER no_writes BEFORE INSERT ON review BEGIN SELECT RAISE(ABORT, 'disk is full'); END;",
    )
    .unwrap();
    drop(conn);
    let out = env.quiz(2);
    let text = String::from_utf8_lossy(&out.stdout);
    let err = stderr(&out);
    assert!(!text.contains("saved: "), "{text}");
    assert!(text.contains("NOT saved yet"), "{text}");
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(env.reviews().len(), 1);
}

#[test]
fn a_held_lock_says_so_and_waits() {
    let env = Env::new();
    assert_eq!(acknowledged(&env.quiz(1)), 1);
    let conn = rusqlite::Connection::open(env.data.join("progress.sqlite3")).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let child = std::thread::scope(|scope| {
        let h = scope.spawn(|| env.quiz(1));
        std::thread::sleep(std::time::Duration::from_millis(2500));
        conn.execute_batch("COMMIT").unwrap();
        h.join().unwrap()
    });
    let err = stderr(&child);
    assert!(
        err.contains("waiting for another archdeck process"),
        "{err}"
    );
    assert!(child.status.success(), "{err}");
    assert_eq!(acknowledged(&child), 1);
    assert_eq!(env.reviews().len(), 2);
}

#[test]
fn times_at_the_ends_of_the_calendar_never_panic() {
    let env = Env::new();
    for now in ["9999-12-31T23:59:00Z", "0001-01-01T00:00:00Z"] {
        let out = env
            .cmd()
            .env("ARCHDECK_NOW", now)
            .args(["quiz", "--plain", "--deck", "many", "--limit", "2"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = out;
        std::io::Write::write_all(&mut out.stdin.take().unwrap(), b"\n3\n\n3\n").unwrap();
        let out = out.wait_with_output().unwrap();
        assert!(out.status.success(), "{now}: {}", stderr(&out));
        for args in [&["stats"][..], &["stats", "--json"][..]] {
            let out = env
                .cmd()
                .env("ARCHDECK_NOW", now)
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "{now} {args:?}: {}", stderr(&out));
        }
    }
    // Out of range: refused with a message, not a panic.
    let out = env
        .cmd()
        .env("ARCHDECK_NOW", "0001-01-01T00:30:00+01:00")
        .arg("stats")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("outside the years 1 to 9999"),
        "{}",
        stderr(&out)
    );

    // Stored times with extreme offsets.
    let file = env.data.parent().unwrap().join("edge.json");
    fs::write(
        &file,
        r#"{"format":"archdeck-progress","version":1,"cards":[{"card_id":"st-concept-1/recall","entry_id":"st-concept-1","state":"review","due":"9999-12-31T23:59:59-23:59","stability":2.0,"difficulty":5.0,"reps":1,"lapses":0,"last_review":"9999-12-31T23:59:59-23:59","content_hash":"x"}],"reviews":[{"id":"a","card_id":"st-concept-1/recall","rating":"good","at":"9999-12-31T23:59:59-23:59","interval_days":1},{"id":"b","card_id":"st-concept-2/recall","rating":"good","at":"0001-01-01T00:00:00+23:59","interval_days":1}]}"#,
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["progress", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [
        &["stats"][..],
        &["stats", "--json"][..],
        &["progress", "export"][..],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let last = env.quiz(2);
    assert_eq!(
        acknowledged(&last),
        2,
        "{}\n{}",
        String::from_utf8_lossy(&last.stdout),
        stderr(&last)
    );
}

#[test]
fn closed_pipes_exit_0_and_a_full_disk_is_a_clear_error() {
    let env = Env::new();
    for args in [
        &["list", "--json"][..],
        &["export", "--format", "json"][..],
        &["completions", "bash"][..],
        &["completions", "zsh"][..],
        &["stats", "--json"][..],
        &["progress", "export"][..],
    ] {
        // A reader that takes nothing and closes the pipe at once.
        let mut child = env
            .cmd()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
        if Path::new("/dev/full").exists() {
            let full = fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let out = env.cmd().args(args).stdout(full).output().unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("cannot write the output"), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        }
    }
}

/// Escape sequences and bidi controls: none may reach the terminal from a hostile deck, its
/// file name, or the arguments.
#[test]
fn hostile_text_never_reaches_the_terminal() {
    let env = Env::new();
    let decks = env.data.parent().unwrap().join("hostile");
    fs::create_dir_all(&decks).unwrap();
    let (e, bel, rlo) = ("\\u001b", "\\u0007", "\\u202e");
    let deck = format!(
        "[[entry]]\nid = \"evil\"\nkind = \"concept\"\n\
         title = \"Evil{e}]0;pwned{bel}{e}]52;c;aGVsbG8={bel}{e}[2J{rlo}Title\"\n\
         tags = [\"t\"]\nsummary = \"Sum {e}[2J mary {rlo}.\"\nbody = \"B {e}]0;x{bel} ody\"\n\
         related = [\"ghost{e}[2J{rlo}\"]\nsources = [\"x\"]\n"
    );
    fs::write(decks.join("evil\u{1b}]0;name\u{7}\u{202e}.toml"), deck).unwrap();
    let d = decks.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", d],
        vec!["--decks", d, "list"],
        vec!["--decks", d, "list", "--json"],
        vec!["--decks", d, "show", "evil"],
        vec!["--decks", d, "show", "evil", "--json"],
        vec!["--decks", d, "search", "evil"],
        vec!["--decks", d, "export", "--format", "markdown"],
        vec!["show", "x\u{1b}[2Jy\u{202e}"],
        vec!["check", "/nonexistent/\u{1b}]52;c;Zm9v\u{7}"],
    ];
    for args in runs {
        let out = env.cmd().args(&args).stdin(Stdio::null()).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
                "{args:?}: {text:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_decks_are_refused() {
    let env = Env::new();
    let fifo = env.data.parent().unwrap().join("fifo.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut paths = vec![PathBuf::from("/dev/zero")];
    if made {
        paths.push(fifo);
    }
    for path in paths {
        let out = env.cmd().arg("check").arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains("not a regular file or folder"), "{text}");
        // As the decks path, the rest still works.
        let out = env
            .cmd()
            .arg("--decks")
            .arg(&path)
            .arg("list")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let big = env.data.parent().unwrap().join("big.toml");
    let file = fs::File::create(&big).unwrap();
    file.set_len(archdeck::corpus::MAX_DECK_BYTES + 1).unwrap();
    let out = env.cmd().arg("check").arg(&big).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("over the limit of 64 MB"), "{text}");
}
