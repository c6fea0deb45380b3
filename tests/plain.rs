//! `archdeck quiz --plain`, `stats` and `export` through the real binary: a scripted session,
//! crash safety under `kill -9`, two processes at once, corrupt progress and bad config.
//!
//! Every run is isolated with temp dirs through ARCHDECK_CONFIG_DIR, ARCHDECK_DATA_DIR and
//! ARCHDECK_NOW. No test asserts a timing.

#![allow(clippy::unwrap_used)] // helpers shared by tests

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use archdeck::progress::{Progress, Store};
use assert_cmd::cargo::cargo_bin;
use tempfile::TempDir;

const NOW: &str = "2025-03-10T09:00:00Z";

/// Two small decks of five entries each, tagged `quiza` and `quizb`.
const DECKS: &str = r#"
[[entry]]
id = "qa-idempotency"
kind = "concept"
title = "Quiz Idempotency"
aliases = ["qa idem"]
tags = ["quiza"]
summary = "Doing an operation twice has the same effect as doing it once."
body = """
## What it is
- Retries become safe.
- Duplicates are harmless.
"""
sources = ["test"]

[[entry]]
id = "qa-timeouts"
kind = "rule"
title = "Quiz Timeouts"
tags = ["quiza"]
summary = "Every remote call needs a deadline."
verdict = "do"
statement = "Put a timeout on every remote call."
why = "A call without a timeout can hang forever."
body = "B."
sources = ["test"]

[[entry]]
id = "qa-retries"
kind = "concept"
title = "Quiz Retries"
tags = ["quiza"]
summary = "Trying a failed call again after a pause that grows each time."
body = "B."
sources = ["test"]

[[entry]]
id = "qa-bulkheads"
kind = "rule"
title = "Quiz Bulkheads"
tags = ["quiza"]
summary = "Separate pools keep one slow dependency from starving the rest."
verdict = "do"
statement = "Give each downstream dependency its own pool of connections."
why = "One slow dependency then cannot take every connection."
body = "B."
sources = ["test"]

[[entry]]
id = "qa-god-object"
kind = "rule"
title = "Quiz God Object"
tags = ["quiza"]
summary = "One class that knows and does everything becomes impossible to change."
verdict = "dont"
statement = "Put all of the application's logic in one central class."
why = "Every change then touches the same class and breaks something else."
body = "B."
sources = ["test"]

[[entry]]
id = "qb-shared-db"
kind = "rule"
title = "Quiz Shared Database"
tags = ["quizb"]
summary = "Services that share tables cannot change them alone."
verdict = "dont"
statement = "Let several services write to the same database tables."
why = "Every schema change needs all of them to agree and deploy together."
body = "B."
sources = ["test"]

[[entry]]
id = "qb-cache"
kind = "concept"
title = "Quiz Cache"
tags = ["quizb"]
summary = "A fast copy of slow data, kept close to where it is read."
body = "B."
sources = ["test"]

[[entry]]
id = "qb-queue"
kind = "concept"
title = "Quiz Queue"
tags = ["quizb"]
summary = "A buffer between a producer and a consumer that lets each go at its own pace."
body = "B."
sources = ["test"]

[[entry]]
id = "qb-deadline"
kind = "rule"
title = "Quiz Deadline Propagation"
tags = ["quizb"]
summary = "Downstream calls should know how much time the caller has left."
verdict = "do"
statement = "Pass the remaining time budget along with each downstream call."
why = "Work whose caller already gave up is wasted."
body = "B."
sources = ["test"]

[[entry]]
id = "qb-chatty"
kind = "rule"
title = "Quiz Chatty Calls"
tags = ["quizb"]
summary = "Many small remote calls where one would do multiply the latency."
verdict = "dont"
statement = "Fetch each field of a record with its own remote call."
why = "Each round trip adds latency and another chance to fail."
body = "B."
sources = ["test"]
"#;

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
        fs::write(config.join("decks/test.toml"), DECKS).unwrap();
        Env {
            _root: root,
            config,
            data,
        }
    }

    fn cmd(&self, now: &str) -> Command {
        let mut cmd = Command::new(cargo_bin("archdeck"));
        cmd.env("ARCHDECK_CONFIG_DIR", &self.config)
            .env("ARCHDECK_DATA_DIR", &self.data)
            .env("ARCHDECK_NOW", now)
            .env("TZ", "UTC")
            .env_remove("ARCHDECK_DECKS_DIR");
        cmd
    }

    fn assert_cmd(&self, now: &str) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.cmd(now))
    }

    fn progress(&self) -> Progress {
        Store::new(&self.data).load_read_only().unwrap().progress
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.data)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

// ---- a whole scripted session -----------------------------------------------------------------

#[test]
fn plain_session_end_to_end() {
    let env = Env::new();
    // One card per entry a day (siblings are buried): five recall cards on the first day.
    let input = [
        "", "1", // recall qa-retries: reveal, again
        "", "3", // recall qa-god-object: reveal, good
        "x", "", "4", // recall qa-idempotency: junk, reveal, easy
        "", "2", // recall qa-timeouts: reveal, hard
        "", "3", // recall qa-retries again: reveal, good
        "", "3", // recall qa-bulkheads: reveal, good
    ]
    .join("\n")
        + "\n";
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    let lines: Vec<&str> = out.lines().collect();
    let expected = r#"archdeck quiz: deck tag quiza, 0 due, 5 new

[1/5] recall · concept · qa-retries
  What is this, and what is it for?
  Quiz Retries
> [Enter] reveal, s suspend, b bury, q quit
  Trying a failed call again after a pause that grows each time.
> 1 again (later today), 2 hard (1 day), 3 good (2 days), 4 easy (8 days), s suspend, b bury, q quit
saved: again, back later today

[2/6] recall · rule
  What is this, and what is it for?
  Quiz God Object
> [Enter] reveal, s suspend, b bury, u undo, q quit
  One class that knows and does everything becomes impossible to change.
> 1 again (later today), 2 hard (1 day), 3 good (2 days), 4 easy (8 days), s suspend, b bury, u undo, q quit
saved: good, next review in 2 days

[3/6] recall · concept · qa-idempotency
  What is this, and what is it for?
  Quiz Idempotency
> [Enter] reveal, s suspend, b bury, u undo, q quit
press Enter (an empty line) to reveal the answer, u to undo the last answer, or q to quit
> [Enter] reveal, s suspend, b bury, u undo, q quit
  Doing an operation twice has the same effect as doing it once.
  - Retries become safe.
  - Duplicates are harmless.
> 1 again (later today), 2 hard (1 day), 3 good (2 days), 4 easy (8 days), s suspend, b bury, u undo, q quit
saved: easy, next review in 9 days

[4/6] recall · rule
  What is this, and what is it for?
  Quiz Timeouts
> [Enter] reveal, s suspend, b bury, u undo, q quit
  Every remote call needs a deadline.
> 1 again (later today), 2 hard (1 day), 3 good (2 days), 4 easy (8 days), s suspend, b bury, u undo, q quit
saved: hard, next review in 1 day

[5/6] recall · concept · qa-retries
  What is this, and what is it for?
  Quiz Retries
> [Enter] reveal, s suspend, b bury, u undo, q quit
  Trying a failed call again after a pause that grows each time.
> 1 again (later today), 2 hard (1 day), 3 good (1 day), 4 easy (1 day), s suspend, b bury, u undo, q quit
saved: good, next review in 1 day

[6/6] recall · rule
  What is this, and what is it for?
  Quiz Bulkheads
> [Enter] reveal, s suspend, b bury, u undo, q quit
  Separate pools keep one slow dependency from starving the rest.
> 1 again (later today), 2 hard (1 day), 3 good (2 days), 4 easy (8 days), s suspend, b bury, u undo, q quit
saved: good, next review in 2 days
> [Enter] end the session, u undo, q quit

session over: 6 reviewed, 83% right, took 0s
time per card: 0.0s
right by card type: recall 83% of 6
answered wrong (read one with `archdeck show ID`):
  qa-retries  Quiz Retries (recall)
next cards due: 2025-03-11, in 1 day (2 cards)"#;
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (got, want) in lines.iter().zip(&expected) {
        if want.starts_with("time per card") {
            assert!(got.starts_with("time per card: "), "{out}");
        } else if want.starts_with("session over") {
            // The time taken is real time: compare up to it.
            let cut = want.find("took").unwrap();
            assert_eq!(&got[..cut], &want[..cut], "{out}");
        } else {
            assert_eq!(got, want, "{out}");
        }
    }
    // Every prompt line starts with "> ", and nothing else does.
    for line in &lines {
        if line.starts_with('>') {
            assert!(line.starts_with("> ") && line.contains("q quit"), "{line}");
        }
    }
    let p = env.progress();
    assert_eq!(p.log.len(), 6);
    assert_eq!(p.cards.len(), 5);
    assert_eq!(
        p.log
            .iter()
            .filter(|l| l.card_id == "qa-retries/recall")
            .count(),
        2
    );

    // A second session the same day has nothing: the cards answered are not due, and their
    // siblings are buried until tomorrow.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("")
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(
        out.starts_with("archdeck quiz: deck tag quiza, 0 due, 0 new\nnothing to review now"),
        "{out}"
    );
    assert!(out.contains("session over: nothing reviewed"), "{out}");

    // Stats see the session.
    let output = env
        .assert_cmd(NOW)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["cards"].as_array().unwrap().len(), 5);
    assert_eq!(json["log"].as_array().unwrap().len(), 6);
    let card = &json["cards"][0];
    for key in [
        "card_id",
        "entry_id",
        "state",
        "due",
        "stability",
        "difficulty",
        "reps",
        "lapses",
        "last_review",
    ] {
        assert!(!card[key].is_null(), "{key} in {card}");
    }
    assert_eq!(json["log"][0]["rating"], "again");
    assert!(
        json["log"][0]["at"]
            .as_str()
            .unwrap()
            .starts_with("2025-03-10T09:00:0")
    );
    let output = env.assert_cmd(NOW).arg("stats").output().unwrap();
    let text = stdout_of(&output);
    assert!(text.contains("retention: 83% of 6 reviews"), "{text}");
    assert!(text.contains("weakest entries:\n  qa-retries"), "{text}");

    // The next day: the two due cards, then the buried siblings as new cards, one per entry
    // (a verdict card among them: a wrong verdict is Again).
    let day2 = "2025-03-11T09:00:00Z";
    let input = ["", "3", "", "3", "", "4", "x", "d"].join("\n") + "\n";
    let output = env
        .assert_cmd(day2)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin(input)
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(
        out.starts_with("archdeck quiz: deck tag quiza, 2 due, 3 new\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "[4/5] verdict · rule\n  Do or don't?\n  Put all of the application's logic in one central class.\n\
             > d do, n don't, s suspend, b bury, u undo, q quit\ntype d (do) or n (don't), u to undo the last answer, or q to quit\n\
             > d do, n don't, s suspend, b bury, u undo, q quit\n\
             wrong: the verdict is DON'T\n"
        ),
        "{out}"
    );
    assert!(out.contains("session over: 4 reviewed, 75% right"), "{out}");
}

#[test]
fn end_of_input_and_quit_end_cleanly() {
    let env = Env::new();
    for input in ["", "q\n", "\nq\n"] {
        env.assert_cmd(NOW)
            .args(["quiz", "--deck", "quizb"]) // stdin is not a terminal: plain mode
            .write_stdin(input)
            .assert()
            .success()
            .stdout(predicates::str::contains("session over: nothing reviewed"));
    }
    assert!(env.progress().log.is_empty());
}

#[test]
fn cram_saves_nothing() {
    let env = Env::new();
    let output = env
        .assert_cmd(NOW)
        .args([
            "quiz", "--plain", "--cram", "--deck", "quizb", "--limit", "2",
        ])
        .write_stdin("\n3\n\n3\n")
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(out.contains("cram mode: answers are not saved"), "{out}");
    assert!(out.contains("not saved (cram): good"), "{out}");
    assert!(
        out.contains("session over (cram, nothing saved): 2 reviewed"),
        "{out}"
    );
    assert!(env.progress().log.is_empty());
    // Cram schedules nothing, so it shows no intervals.
    assert!(!out.contains(" day"), "{out}");
}

/// Days follow the local time zone and `day_starts_at` (default 4): in California, a session
/// at 23:00 and one at 02:00 share one day (the second has the first one's siblings buried and
/// the new-card limit used), while 05:00 starts the next.
#[test]
fn a_late_and_an_early_session_share_one_local_day() {
    let env = Env::new();
    fs::write(env.config.join("config.toml"), "new_cards_per_day = 3\n").unwrap();
    let run = |now: &str, input: &str| {
        let output = env
            .assert_cmd(now)
            .env("TZ", "America/Los_Angeles")
            .args(["quiz", "--plain", "--deck", "quiza"])
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        stdout_of(&output)
    };
    // 23:00 PDT on 10 March is 06:00 UTC on the 11th: a UTC day would have rolled over.
    let out = run("2025-03-11T06:00:00Z", "\n3\n\n3\n");
    assert!(
        out.starts_with("archdeck quiz: deck tag quiza, 0 due, 3 new"),
        "{out}"
    );
    // 02:00 PDT: the same day; one new card left of three, and two entries' cards buried.
    let out = run("2025-03-11T09:00:00Z", "");
    assert!(
        out.starts_with("archdeck quiz: deck tag quiza, 0 due, 1 new"),
        "{out}"
    );
    // 05:00 PDT: a new day, three new cards again.
    let out = run("2025-03-11T12:00:00Z", "");
    assert!(
        out.starts_with("archdeck quiz: deck tag quiza, 0 due, 3 new"),
        "{out}"
    );
    // In UTC, 06:00 and 09:00 UTC are one day and 02:00 UTC the day before.
    let out = run_utc(&env, "2025-03-11T02:00:00Z");
    assert!(out.contains("0 due, 3 new"), "{out}");
}

fn run_utc(env: &Env, now: &str) -> String {
    let output = env
        .assert_cmd(now)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("")
        .output()
        .unwrap();
    stdout_of(&output)
}

/// `--limit N` ends the session after N answers, even when every answer is wrong and the cards
/// keep coming back.
#[test]
fn limit_counts_answers() {
    let env = Env::new();
    let input = "\n1\nn\nd\n\n1\n".repeat(20);
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quizb", "--limit", "3"])
        .write_stdin(input)
        .output()
        .unwrap();
    let out = stdout_of(&output);
    assert!(out.contains("session over: 3 reviewed"), "{out}");
    assert_eq!(env.progress().log.len(), 3);
}

// ---- crash safety -----------------------------------------------------------------------------

/// A tiny deterministic random generator (xorshift), so failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The answer to a prompt line.
fn reply(prompt: &str, rng: &mut Rng) -> String {
    if rng.below(10) == 0 {
        return "huh?".into(); // junk now and then: it must be refused, not crash anything
    }
    if prompt.starts_with("> [Enter]") {
        String::new()
    } else if prompt.starts_with("> d do") {
        if rng.below(2) == 0 { "d" } else { "n" }.into()
    } else {
        (1 + rng.below(4)).to_string()
    }
}

/// Drives a plain session, answering every prompt. With `kill_after`, kills the process
/// (SIGKILL) right after sending that many answers, possibly in the middle of a save. Returns
/// everything the process printed.
fn drive(mut child: Child, rng: &mut Rng, kill_after: Option<u64>) -> String {
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut sent = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
        if !line.starts_with("> ") {
            continue;
        }
        let answer = reply(&line, rng);
        if writeln!(stdin, "{answer}").is_err() {
            break;
        }
        stdin.flush().unwrap();
        sent += 1;
        if Some(sent) == kill_after {
            // Let the process get somewhere between zero and a few saves further.
            std::thread::sleep(std::time::Duration::from_micros(rng.below(4_000)));
            child.kill().unwrap();
            break;
        }
    }
    drop(stdin);
    child.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    seen.push_str(&rest);
    seen
}

fn spawn(env: &Env, now: &str, deck: &str) -> Child {
    env.cmd(now)
        .args(["quiz", "--plain", "--deck", deck])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Answers the output says were saved: the line after a save, printed only once it is durable.
fn acknowledged(output: &str) -> usize {
    output.lines().filter(|l| l.starts_with("saved: ")).count()
}

#[test]
fn kill_9_never_loses_an_acknowledged_review() {
    let env = Env::new();
    fs::write(env.config.join("config.toml"), "new_cards_per_day = 1000\n").unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let start = time::macros::datetime!(2025-03-10 09:00 UTC);
    let mut acked = 0;
    let mut unacknowledged = 0;
    let iterations = 20;
    for i in 0..iterations {
        // A day later each time, so that earlier cards come due again.
        let now = start + time::Duration::days(i);
        let now = archdeck::progress::rfc3339::format(now).unwrap();
        let child = spawn(&env, &now, "patterns");
        let kill_after = 1 + rng.below(12);
        let out = drive(child, &mut rng, Some(kill_after));
        acked += acknowledged(&out);

        // The file always loads, with every acknowledged review in it and at most one more
        // per kill (the answer being saved when the process died).
        let names = env.files();
        if names.iter().any(|n| n == "progress.sqlite3") {
            let p = env.progress();
            unacknowledged = unacknowledged.max(p.log.len().saturating_sub(acked));
            assert!(
                p.log.len() >= acked,
                "iteration {i}: {} < {acked}",
                p.log.len()
            );
            assert!(
                p.log.len() <= acked + usize::try_from(i + 1).unwrap(),
                "iteration {i}"
            );
        } else {
            assert_eq!(acked, 0, "iteration {i}: acknowledged reviews but no store");
        }
        assert!(
            !names.iter().any(|n| n.contains("corrupt")),
            "iteration {i}: {names:?}"
        );
    }
    assert!(
        acked > iterations as usize,
        "the test did exercise saves: {acked}"
    );
    // Informational: saved answers whose acknowledgement the kill cut off.
    eprintln!(
        "{iterations} kills: {acked} acknowledged reviews, all present; {unacknowledged} saved \
         but unacknowledged"
    );
    // A normal run afterwards loads the file without a warning and cleans up temp files.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("\n3\n")
        .output()
        .unwrap();
    assert!(stderr_of(&output).lines().all(|l| !l.contains("warning")));
    let names = env.files();
    assert!(names.iter().any(|n| n == "progress.sqlite3"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("corrupt")), "{names:?}");
    assert!(
        Store::new(&env.data)
            .load(time::OffsetDateTime::UNIX_EPOCH)
            .unwrap()
            .warnings
            .is_empty()
    );
}

// ---- concurrency ------------------------------------------------------------------------------

#[test]
fn two_processes_at_once_keep_both_sets_of_reviews() {
    let env = Env::new();
    let outputs: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = [("quiza", 1u64), ("quizb", 2u64)]
            .into_iter()
            .map(|(deck, seed)| {
                let env = &env;
                scope.spawn(move || {
                    let mut rng = Rng(0x1234_5678 + seed);
                    drive(spawn(env, NOW, deck), &mut rng, None)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let p = env.progress();
    let mut total = 0;
    for (out, prefix) in outputs.iter().zip(["qa-", "qb-"]) {
        assert!(out.contains("session over"), "{out}");
        let n = acknowledged(out);
        total += n;
        let logged = p
            .log
            .iter()
            .filter(|l| l.card_id.starts_with(prefix))
            .count();
        assert_eq!(logged, n, "{prefix}: {out}");
        assert!(n >= 5);
    }
    assert_eq!(p.log.len(), total);
    assert_eq!(p.cards.len(), 10);
}

// ---- bad files --------------------------------------------------------------------------------

#[test]
fn corrupt_progress_is_kept_aside_with_a_warning() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    let garbage = "schema_version = 1\n[[card]]\ncard_id = \"truncated";
    fs::write(env.data.join("progress.toml"), garbage).unwrap();
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quizb", "--limit", "1"])
        .write_stdin("\n3\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = stderr_of(&output);
    let kept: &Path = &env.data.join("progress.toml.corrupt-20250310T090000Z");
    assert!(
        err.contains("warning") && err.contains(&kept.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read_to_string(kept).unwrap(), garbage);
    assert!(stdout_of(&output).contains("saved: good"));
    assert_eq!(env.progress().log.len(), 1);
}

#[test]
fn bad_config_names_file_line_and_column() {
    let env = Env::new();
    fs::write(
        env.config.join("config.toml"),
        "new_cards_per_day = 2\ndesired_retention = 1.5\n",
    )
    .unwrap();
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = stderr_of(&output);
    let file = env.config.join("config.toml");
    assert!(
        err.contains(&format!(
            "{}:2:21: desired_retention = 1.5 is out of range; use a value from 0.7 to 0.99",
            file.display()
        )),
        "{err}"
    );
    // The valid setting is kept (2 new cards a day); only the bad one takes its default.
    assert!(
        stdout_of(&output).contains("0 due, 2 new"),
        "{}",
        stdout_of(&output)
    );
}

#[test]
fn bad_now_is_reported() {
    let env = Env::new();
    env.assert_cmd("yesterday")
        .args(["quiz", "--plain"])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "ARCHDECK_NOW=`yesterday` is not an RFC 3339 time",
        ));
}

// ---- export -----------------------------------------------------------------------------------

#[test]
fn export_formats() {
    let env = Env::new();
    let out = env
        .assert_cmd(NOW)
        .args(["export", "--format", "anki", "--deck", "quiza"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    // Five entries: two concepts (recall, reverse) and three rules (recall, reverse, verdict).
    assert_eq!(rows.len(), 13, "{text}");
    for row in &rows {
        assert_eq!(row.split('\t').count(), 5, "{row}");
    }
    assert!(text.contains("archdeck::concepts\tarchdeck:qa-idempotency/recall\t<p>Quiz Idempotency</p>\t<p>Doing an operation twice has the same effect as doing it once.</p> <ul> <li>Retries become safe.</li>"), "{text}");

    let out = env
        .assert_cmd(NOW)
        .args(["export", "--format", "json", "--deck", "quiza"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cards = json.as_array().unwrap();
    assert_eq!(cards.len(), 13);
    assert!(
        cards
            .iter()
            .all(|c| c["prompt"].is_string() && c["answer"].is_string())
    );
    assert!(cards.iter().any(|c| c["verdict"] == "do"));

    let out = env
        .assert_cmd(NOW)
        .args(["export", "--format", "markdown", "--deck", "quiza"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.starts_with("# archdeck flashcards\n"));
    assert_eq!(text.matches("\n## ").count(), 13);
}

// ---- the card browser on the command line -------------------------------------------------------

#[test]
fn cards_lists_sorts_filters_and_reads_only() {
    let env = Env::new();
    // Read-only: listing before any progress creates nothing.
    let output = env
        .assert_cmd(NOW)
        .args(["cards", "--deck", "quiza"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(!env.data.exists(), "cards created the data dir");
    let text = stdout_of(&output);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("CARD") && header.contains("  R  ") && header.ends_with("TITLE"),
        "{header}"
    );
    assert!(
        lines.all(|l| l.contains(" new ") && l == l.trim_end()),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour in a pipe");

    // One session: the first card (qa-retries' recall) forgotten, the others recalled.
    let input = ["", "1", "", "3", "", "3", "", "3", "", "3", "q"].join("\n") + "\n";
    env.assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin(input)
        .assert()
        .success();
    let later = "2025-03-14T09:00:00Z";
    let output = env
        .assert_cmd(later)
        .args([
            "cards",
            "--json",
            "--deck",
            "quiza",
            "--sort",
            "retrievability",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = json.as_array().unwrap();
    let reviewed: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| !r["retrievability"].is_null())
        .collect();
    let n = reviewed.len();
    assert!(n >= 4, "{json}");
    let due = rows.iter().filter(|r| r["is_due"] == true).count();
    assert!(due >= 1, "{json}");
    // Reviewed cards first, lowest retrievability first; new cards last.
    assert_eq!(reviewed[0]["card_id"], "qa-retries/recall");
    let rs: Vec<f64> = reviewed
        .iter()
        .map(|r| r["retrievability"].as_f64().unwrap())
        .collect();
    assert!(rs.windows(2).all(|w| w[0] <= w[1]), "{rs:?}");
    assert!(rs.iter().all(|r| *r > 0.0 && *r < 1.0), "{rs:?}");
    assert!(
        rows[n..]
            .iter()
            .all(|r| r["state"] == "new" && r["due"].is_null())
    );
    assert!(
        reviewed[0]["due"]
            .as_str()
            .unwrap()
            .starts_with("2025-03-1")
    );
    // Reversed: highest first, new cards still last.
    let output = env
        .assert_cmd(later)
        .args([
            "cards",
            "--json",
            "--deck",
            "quiza",
            "--sort",
            "r",
            "--reverse",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = json.as_array().unwrap();
    assert_ne!(rows[0]["card_id"], "qa-retries/recall");
    assert_eq!(rows[n - 1]["card_id"], "qa-retries/recall");
    assert_eq!(rows[rows.len() - 1]["state"], "new");
    // State and text filters.
    let output = env
        .assert_cmd(later)
        .args(["cards", "--state", "new", "--deck", "quiza", "TIMEOUTS/ver"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("qa-timeouts/verdict"), "{text}");
    let output = env
        .assert_cmd(later)
        .args(["cards", "--state", "due", "--deck", "quiza"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&output).lines().count(),
        due + 1,
        "the header and each card due by now"
    );

    // Bad input is a usage error naming what is accepted.
    let output = env
        .assert_cmd(later)
        .args(["cards", "--sort", "colour"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("retrievability, reps"),
        "{}",
        stderr_of(&output)
    );
    let output = env
        .assert_cmd(later)
        .args(["cards", "--state", "sleepy"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("due, new, learning"),
        "{}",
        stderr_of(&output)
    );
    let output = env
        .assert_cmd(later)
        .args(["cards", "--deck", "nosuchtag"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_of(&output).contains("no deck `nosuchtag`"));
    // Words of the text may name a kind, a tag or a deck.
    let output = env
        .assert_cmd(later)
        .args(["cards", "--json", "kind:rule tag:quiza verdict"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["card_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "qa-bulkheads/verdict",
            "qa-god-object/verdict",
            "qa-timeouts/verdict"
        ]
    );
    let output = env
        .assert_cmd(later)
        .args(["cards", "kind:gadget"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("no kind `gadget`"));

    // Statistics show the current retrievability too.
    let output = env.assert_cmd(later).arg("stats").output().unwrap();
    let text = stdout_of(&output);
    assert!(
        text.contains("retrievability now: ") && text.contains(&format!("over {n} reviewed cards")),
        "{text}"
    );
    let output = env
        .assert_cmd(later)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["retrievability"]["cards"], n);
    let avg = json["retrievability"]["average"].as_f64().unwrap();
    assert!(avg > 0.0 && avg < 1.0, "{avg}");
    assert!(json["cards"][0]["retrievability"].as_f64().is_some());
}

#[test]
fn cards_suspend_and_unsuspend_by_card_or_entry() {
    let env = Env::new();
    // An unknown id is named, and nothing changes (not even a store is made).
    let output = env
        .assert_cmd(NOW)
        .args(["cards", "suspend", "qa-retries", "qa-nope/recall"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr_of(&output);
    assert!(
        err.contains("`qa-nope/recall`") && err.contains("nothing changed"),
        "{err}"
    );
    assert!(!env.data.exists() || env.progress().marks.is_empty());
    // An entry id means all its cards; a card id just that one.
    let output = env
        .assert_cmd(NOW)
        .args(["cards", "suspend", "qa-retries", "qa-timeouts/verdict"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    assert!(
        out.starts_with(
            "suspended 3 card(s): qa-retries/recall, qa-retries/reverse, qa-timeouts/verdict"
        ),
        "{out}"
    );
    let p = env.progress();
    assert!(p.is_suspended("qa-retries/recall") && p.is_suspended("qa-timeouts/verdict"));
    assert!(!p.is_suspended("qa-timeouts/recall"));
    let output = env
        .assert_cmd(NOW)
        .args(["cards", "--state", "suspended", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["card_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "qa-retries/recall",
            "qa-retries/reverse",
            "qa-timeouts/verdict"
        ]
    );
    assert!(json[0]["suspended"] == true);
    // The quiz leaves them out.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    assert!(
        !stdout_of(&output).contains("Quiz Retries"),
        "{}",
        stdout_of(&output)
    );
    let output = env
        .assert_cmd(NOW)
        .args(["cards", "unsuspend", "qa-retries/recall"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&output),
        "unsuspended 1 card(s): qa-retries/recall\n"
    );
    let p = env.progress();
    assert!(!p.is_suspended("qa-retries/recall") && p.is_suspended("qa-retries/reverse"));
}

// ---- undo, suspend, bury and leeches ----------------------------------------------------------

fn export_json(env: &Env, now: &str) -> serde_json::Value {
    let output = env
        .assert_cmd(now)
        .args(["progress", "export"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `u` takes back the last answer, then the one before: the review is gone from
/// `progress export` and the card's record is the one it had before.
#[test]
fn undo_in_a_plain_session_restores_the_previous_record() {
    let env = Env::new();
    // Day one: one card learnt.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza", "--limit", "1"])
        .write_stdin("\n3\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let before = export_json(&env, NOW);
    assert_eq!(before["reviews"].as_array().unwrap().len(), 1);

    // Three days later it is due first: answer it and a new card, then undo both.
    let later = "2025-03-13T09:00:00Z";
    let output = env
        .assert_cmd(later)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("\n1\n\n3\nu\nu\nu\nq\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    let undone: Vec<&str> = out.lines().filter(|l| l.starts_with("undone: ")).collect();
    assert_eq!(undone.len(), 2, "{out}");
    assert!(undone[0].starts_with("undone: good on "), "{out}");
    assert!(undone[1].starts_with("undone: again on "), "{out}");
    assert!(out.contains("nothing to undo in this session"), "{out}");
    // The first card is shown again as card 1, its prompt without `u` once nothing is left.
    assert_eq!(out.matches("[1/").count(), 2, "{out}");
    assert!(
        out.contains("> [Enter] reveal, s suspend, b bury, q quit"),
        "{out}"
    );
    let after = export_json(&env, later);
    assert_eq!(
        after["reviews"], before["reviews"],
        "the undone reviews are gone"
    );
    assert_eq!(
        after["cards"], before["cards"],
        "the record is the one before"
    );
    assert!(out.contains("session over: nothing reviewed"), "{out}");
}

/// `s` suspends and `b` buries the current card: later sessions leave them out (the buried one
/// only until the next day starts), and the header says how many.
#[test]
fn suspend_and_bury_in_plain_mode_leave_cards_out_of_later_sessions() {
    let env = Env::new();
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("s\nb\nq\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    let suspended = out
        .lines()
        .find(|l| l.starts_with("suspended: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(suspended.ends_with("brings it back"), "{suspended}");
    let id = suspended
        .split("unsuspend ")
        .nth(1)
        .and_then(|s| s.split('`').next())
        .unwrap()
        .to_string();
    assert!(
        out.lines()
            .any(|l| l.starts_with("buried until tomorrow: ")),
        "{out}"
    );
    let p = env.progress();
    let buried_id = p
        .marks
        .iter()
        .find(|(_, m)| m.buried_until.is_some())
        .map(|(id, _)| id.clone())
        .unwrap();
    assert_eq!(
        p.marks[&buried_id].buried_until,
        Some(time::macros::datetime!(2025-03-11 04:00 UTC)),
        "until the next day start (04:00)"
    );
    assert!(p.is_suspended(&id));
    assert!(p.log.is_empty(), "marks are not answers");

    let session = |now: &str| {
        let output = env
            .assert_cmd(now)
            .args(["quiz", "--plain", "--deck", "quiza", "--cram"])
            .write_stdin("")
            .output()
            .unwrap();
        let plain = env
            .assert_cmd(now)
            .args(["quiz", "--plain", "--deck", "quiza"])
            .write_stdin("\n3\n".repeat(20))
            .output()
            .unwrap();
        (stdout_of(&output), stdout_of(&plain))
    };
    let (cram, same_day) = session("2025-03-10T20:00:00Z");
    assert!(
        cram.lines().next().unwrap().contains("1 suspended"),
        "{cram}"
    );
    assert!(
        same_day
            .lines()
            .next()
            .unwrap()
            .ends_with("1 suspended, 1 buried"),
        "{same_day}"
    );
    let reviewed = |card: &str| env.progress().log.iter().any(|l| l.card_id == card);
    assert!(!env.progress().log.is_empty());
    assert!(!reviewed(&id) && !reviewed(&buried_id));
    // The next day (from 04:00, the default day start) the buried card is back in the plan;
    // the suspended one is not.
    let (_, next_day) = session("2025-03-11T09:00:00Z");
    let header = next_day.lines().next().unwrap();
    assert!(header.ends_with("1 suspended"), "{header}");
    assert!(!reviewed(&id));
}

/// An answer that brings a card's lapses to `leech_lapses` suspends it as a leech in the same
/// save, says so with the entry to reread, and undoing it lifts the suspension.
#[test]
fn a_leech_is_suspended_at_the_configured_lapse_count_and_undo_lifts_it() {
    use archdeck::progress::{CardRecord, CardState, ReviewLog};
    use archdeck::quiz::Rating;
    let env = Env::new();
    fs::write(env.config.join("config.toml"), "leech_lapses = 3\n").unwrap();
    // A generated history: the card was learnt, then forgotten twice.
    let start = time::macros::datetime!(2025-02-01 09:00 UTC);
    let card = "qa-retries/recall";
    let mut answers = Vec::new();
    let mut lapses = 0;
    for (i, rating) in [
        Rating::Good,
        Rating::Again,
        Rating::Good,
        Rating::Again,
        Rating::Good,
    ]
    .into_iter()
    .enumerate()
    {
        let at = start + time::Duration::days(4 * i as i64);
        lapses += u32::from(rating == Rating::Again);
        answers.push((
            CardRecord {
                card_id: card.into(),
                entry_id: "qa-retries".into(),
                state: CardState::Review,
                due: at + time::Duration::days(2),
                stability: 2.0,
                difficulty: 5.0,
                reps: i as u32 + 1,
                lapses,
                last_review: at,
                content_hash: String::new(),
            },
            ReviewLog {
                id: String::new(),
                card_id: card.into(),
                rating,
                at,
                interval_days: 2,
            },
        ));
    }
    let store = Store::new(&env.data);
    store.save(&answers, start).unwrap();
    store.close();

    // Undoing the leech answer lifts the suspension with it.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza", "--limit", "1"])
        .write_stdin("\n1\nu\nq\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    assert!(out.contains("leech: Quiz Retries lapsed 3 times"), "{out}");
    assert!(out.contains("undone: again on Quiz Retries"), "{out}");
    let p = env.progress();
    assert_eq!(p.log.len(), 5);
    assert_eq!(p.cards[card].lapses, 2);
    assert!(
        !p.is_suspended(card) && !p.marks[card].leech,
        "{:?}",
        p.marks
    );

    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza", "--limit", "1"])
        .write_stdin("\n1\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = stdout_of(&output);
    assert!(
        out.contains("· qa-retries\n"),
        "the due card comes first: {out}"
    );
    assert!(
        out.contains(
            "leech: Quiz Retries lapsed 3 times and is suspended; reread it with `archdeck show qa-retries`"
        ),
        "{out}"
    );
    assert!(
        out.contains("saved: again, suspended as a leech\n"),
        "a leech is not requeued: {out}"
    );
    let p = env.progress();
    assert_eq!(p.log.len(), 6);
    assert_eq!(p.cards[card].lapses, 3);
    let mark = &p.marks[card];
    assert!(mark.suspended && mark.leech, "{mark:?}");

    // The next session leaves it out; unsuspending clears the leech tag.
    let output = env
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza", "--limit", "1"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(
        stdout_of(&output)
            .lines()
            .next()
            .unwrap()
            .contains("1 suspended")
    );
    store.set_suspended(&[card], false).unwrap();
    store.close();
    let p = env.progress();
    assert!(!p.marks[card].suspended && !p.marks[card].leech);
}

/// Marks travel with `progress export` and `progress import`; an older mark in a file does not
/// undo a later change.
#[test]
fn marks_travel_through_progress_export_and_import() {
    let a = Env::new();
    let output = a
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza"])
        .write_stdin("s\nq\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let exported = export_json(&a, NOW);
    let marks = exported["marks"].as_object().unwrap();
    assert_eq!(marks.len(), 1, "{exported}");
    let (id, mark) = marks.iter().next().unwrap();
    assert_eq!(mark["suspended"], true);
    // Stamped by the clock (ARCHDECK_NOW, advancing in real time from there).
    assert!(
        mark["updated_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2025-03-10T09:0")),
        "{mark}"
    );
    let file = a.data.join("export.json");
    fs::write(&file, exported.to_string()).unwrap();

    let b = Env::new();
    let output = b
        .assert_cmd(NOW)
        .args(["progress", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("1 card mark(s) updated"),
        "{}",
        stdout_of(&output)
    );
    assert!(b.progress().is_suspended(id));

    // Unsuspended later on b: importing the old file again changes nothing.
    Store::new(&b.data)
        .with_clock(|| time::macros::datetime!(2025-03-11 09:00 UTC))
        .set_suspended(&[id.as_str()], false)
        .unwrap();
    let output = b
        .assert_cmd("2025-03-12T09:00:00Z")
        .args(["progress", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        !stdout_of(&output).contains("mark"),
        "{}",
        stdout_of(&output)
    );
    assert!(!b.progress().is_suspended(id));
}

/// Fitted FSRS parameters travel with `progress export`: an import adopts them when the store
/// has none or an earlier fit, importing the same file again changes nothing, and a file whose
/// parameters the scheduler could not use is refused with nothing imported.
#[test]
fn fitted_parameters_travel_through_progress_export_and_import() {
    let a = Env::new();
    let output = a
        .assert_cmd(NOW)
        .args(["quiz", "--plain", "--deck", "quiza", "--limit", "1"])
        .write_stdin("\n3\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let mut fitted = fsrs::DEFAULT_PARAMETERS.to_vec();
    fitted[0] = 0.5;
    Store::new(&a.data)
        .save_params(&fitted, time::macros::datetime!(2025-03-10 10:00 UTC), 812)
        .unwrap();
    let exported = export_json(&a, NOW);
    assert_eq!(exported["params"]["reviews_used"], 812, "{exported}");
    let file = a.data.join("export.json");
    fs::write(&file, exported.to_string()).unwrap();

    let import = |env: &Env, file: &Path| {
        env.assert_cmd("2025-03-13T09:00:00Z")
            .args(["progress", "import"])
            .arg(file)
            .output()
            .unwrap()
    };
    let b = Env::new();
    let output = import(&b, &file);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("using the FSRS parameters fitted on 2025-03-10"),
        "{}",
        stdout_of(&output)
    );
    let stored = Store::new(&b.data).fitted_params().unwrap().unwrap();
    assert_eq!((stored.params, stored.reviews_used), (fitted.clone(), 812));
    let output = import(&b, &file);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        !stdout_of(&output).contains("FSRS parameters"),
        "{}",
        stdout_of(&output)
    );

    // A later fit of the importing store's own is kept.
    let mut own = fsrs::DEFAULT_PARAMETERS.to_vec();
    own[0] = 0.6;
    Store::new(&b.data)
        .save_params(&own, time::macros::datetime!(2025-03-12 10:00 UTC), 900)
        .unwrap();
    let output = import(&b, &file);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        Store::new(&b.data).fitted_params().unwrap().unwrap().params,
        own
    );

    // Parameters the scheduler cannot use: refused, and nothing is imported.
    let mut bad = exported.clone();
    bad["params"]["params"] = serde_json::json!([1.0, 2.0]);
    let bad_file = a.data.join("bad.json");
    fs::write(&bad_file, bad.to_string()).unwrap();
    let c = Env::new();
    let output = import(&c, &bad_file);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("FSRS parameters archdeck cannot use"),
        "{}",
        stderr_of(&output)
    );
    assert!(!c.data.join("progress.sqlite3").exists() || c.progress().log.is_empty());
}
