//! The command-line contract, driven through the real binary.

use std::process::Command as Std;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The binary with its config and data dirs isolated from the user's.
fn archdeck(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("archdeck").expect("binary");
    cmd.env("ARCHDECK_CONFIG_DIR", dir.path().join("config"))
        .env("ARCHDECK_DATA_DIR", dir.path().join("data"))
        .env_remove("ARCHDECK_DECKS_DIR")
        .env_remove("ARCHDECK_NOW");
    cmd
}

/// Writes `config.toml` in the config dir [`archdeck`] gives the binary.
fn write_config(dir: &tempfile::TempDir, text: &str) {
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("config.toml"), text).expect("write");
}

fn json(dir: &tempfile::TempDir, args: &[&str]) -> Value {
    let out = archdeck(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn list_json_holds_every_seed_concept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = json(&dir, &["list", "--json"]);
    let items = list.as_array().expect("array");
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    for id in [
        "monolith-vs-microservices",
        "synchronous-communication",
        "asynchronous-communication",
        "relational-database",
        "document-database",
        "key-value-store",
        "twelve-factor-app",
        "event-driven-architecture",
        "cqrs",
        "strangler-fig",
        "idempotency",
        "circuit-breaker",
        "network-is-reliable",
        "latency-is-zero",
        "bandwidth-is-infinite",
        "network-is-secure",
        "topology-doesnt-change",
        "one-administrator",
        "transport-cost-is-zero",
        "network-is-homogeneous",
        "bulkhead",
        "dead-letter-queue",
        "backend-for-frontend",
        "strategy-pattern",
        "baked-data",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
    for item in items {
        for key in ["id", "kind", "title", "aliases", "tags", "summary"] {
            assert!(item.get(key).is_some(), "{item} lacks {key}");
        }
    }
}

#[test]
fn list_filters_by_kind_and_tag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fallacies = json(&dir, &["list", "--kind", "fallacies", "--json"]);
    // The eight fallacies of distributed computing and the two commonly added to them.
    let fallacies = fallacies.as_array().expect("array");
    assert_eq!(fallacies.len(), 10);
    assert!(fallacies.iter().all(|f| f["kind"] == "fallacy"));
    let laws = json(&dir, &["list", "--kind", "laws", "--json"]);
    assert!(laws.as_array().is_some_and(|l| l.len() >= 20), "{laws}");
    let tagged = json(&dir, &["list", "--tag", "resilience", "--json"]);
    let tagged = tagged.as_array().expect("array");
    assert!(!tagged.is_empty());
    assert!(tagged.iter().all(|i| {
        i["tags"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "resilience"))
    }));
}

#[test]
fn search_json_ranks_dlq_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hits = json(&dir, &["search", "dlq", "--json"]);
    let first = &hits[0];
    assert_eq!(first["id"], "dead-letter-queue");
    for key in ["id", "title", "kind", "score"] {
        assert!(first.get(key).is_some());
    }
    let scores: Vec<i64> = hits
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["score"].as_i64())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn search_limit_and_no_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hits = json(&dir, &["search", "cache", "--limit", "2", "--json"]);
    assert_eq!(hits.as_array().map(Vec::len), Some(2));
    archdeck(&dir)
        .args(["search", "qqqqzzzzxxxx"])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn show_prints_markdown_with_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["show", "circuit-breaker"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Circuit Breaker\n"))
        .stdout(predicate::str::contains("## Related\n\n1. "))
        .stdout(predicate::str::contains("## Referenced by"))
        .stdout(predicate::str::contains("## Sources"))
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn show_json_has_the_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = json(&dir, &["show", "network-is-reliable", "--json"]);
    assert_eq!(e["kind"], "fallacy");
    assert!(e["scenarios"].as_array().is_some_and(|s| s.len() >= 2));
}

#[test]
fn show_accepts_a_title_an_alias_or_a_clear_query() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (arg, title) in [
        ("dlq", "# Dead Letter Queue (DLQ)\n"),
        ("circuit breaker", "# Circuit Breaker\n"),
        ("CIRCUIT BREAKER", "# Circuit Breaker\n"),
        ("circut-breaker", "# Circuit Breaker\n"),
        ("the twelve-factor app", "# The Twelve-Factor App\n"),
    ] {
        archdeck(&dir)
            .args(["show", arg])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(title));
    }
}

#[test]
fn show_without_a_clear_answer_suggests() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Two entries have the alias SPOF: no clear winner.
    archdeck(&dir)
        .args(["show", "SPOF"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "did you mean single-point-of-failure",
        ));
    archdeck(&dir)
        .args(["show", "zxqvjk"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no entry"));
}

#[test]
fn search_explains_matches_filters_kinds_and_says_no_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hits = json(
        &dir,
        &["search", "stop", "hammering", "a", "dependency", "--json"],
    );
    assert_eq!(hits[0]["id"], "circuit-breaker");
    let matched = hits[0]["matched"].as_array().expect("matched");
    assert!(
        matched
            .iter()
            .any(|m| m["field"] == "summary" && m["word"] == "dependency"),
        "{matched:?}"
    );
    // A pattern's problem is named as such; a rule's statement as a statement.
    let hits = json(
        &dir,
        &[
            "search",
            "absorb bursts of requests by buffering them",
            "--json",
        ],
    );
    assert_eq!(hits[0]["id"], "queue-based-load-leveling");
    assert!(
        hits[0]["matched"].as_array().is_some_and(|m| m
            .iter()
            .any(|m| m["field"] == "problem" && m["word"] == "bursts")),
        "{hits}"
    );
    let rules = json(&dir, &["search", "retry", "--kind", "rule", "--json"]);
    assert!(
        rules
            .as_array()
            .is_some_and(|a| a.iter().all(|h| h["matched"]
                .as_array()
                .is_some_and(|m| m.iter().all(|m| m["field"] != "problem")))),
        "{rules}"
    );
    let rules = json(&dir, &["search", "retry", "--kind", "rule", "--json"]);
    assert!(
        rules
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|h| h["kind"] == "rule"))
    );
    archdeck(&dir)
        .args(["search", "banana", "bread", "recipe"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no match"));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let out = Std::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' list | head -n 1; ",
            bin.display()
        ))
        .env("ARCHDECK_CONFIG_DIR", dir.path())
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn check_passes_on_the_shipped_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
}

#[test]
fn check_reports_a_broken_deck_precisely() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args([
            "check",
            "tests/fixtures/bad/dangling.toml",
            "tests/fixtures/bad/unknown-kind.toml",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/fixtures/bad/dangling.toml:8:31: related id `no-such-entry` does not exist",
        ))
        .stdout(predicate::str::contains(
            "tests/fixtures/bad/unknown-kind.toml:3:8: unknown kind `recipe`",
        ));
}

#[test]
fn user_decks_load_from_flag_and_env() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args([
            "--decks",
            "tests/fixtures/decks",
            "show",
            "house-migrations-reviewed",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Review of schema migrations"))
        .stdout(predicate::str::contains("\u{1b}").not())
        .stdout(predicate::str::contains("\u{7}").not());
    archdeck(&dir)
        .env("ARCHDECK_DECKS_DIR", "tests/fixtures/decks")
        .args(["show", "circuit-breaker"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Circuit Breaker (house edition)",
        ));
}

#[test]
fn broken_user_deck_warns_but_commands_still_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args([
            "--decks",
            "tests/fixtures/bad",
            "search",
            "circuit",
            "--limit",
            "1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("circuit-breaker"))
        .stderr(predicate::str::contains(
            "run `archdeck --decks tests/fixtures/bad check` for details",
        ));
    // The hint names the command that checks the decks this run read, however they were
    // chosen (a plain `archdeck check` would not look there), quoted for the shell.
    archdeck(&dir)
        .env("ARCHDECK_DECKS_DIR", "tests/fixtures/bad")
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "run `archdeck --decks tests/fixtures/bad check` for details",
        ));
    let odd = dir.path().join("my decks \u{202e}");
    std::fs::create_dir_all(&odd).expect("mkdir");
    std::fs::copy("tests/fixtures/bad/dangling.toml", odd.join("d.toml")).expect("copy");
    archdeck(&dir)
        .arg("--decks")
        .arg(&odd)
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "run `archdeck --decks '{}/my decks ' check` for details",
            dir.path().display()
        )));
}

#[test]
fn paths_say_where_each_folder_comes_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    archdeck(&dir)
        .args(["--decks", "tests/fixtures/decks", "paths"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "decks dir:   tests/fixtures/decks (from the command line)",
        ))
        .stdout(predicate::str::contains(format!(
            "data dir:    {} (from $ARCHDECK_DATA_DIR)",
            data.display()
        )))
        .stdout(predicate::str::contains(format!(
            "progress:    {}",
            data.join("progress.sqlite3").display()
        )));
}

#[test]
fn completions_and_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("archdeck"));
    archdeck(&dir)
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("archdeck "));
}

#[test]
fn browser_without_a_terminal_explains() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

/// `search --limit 0` is a usage error (exit 2), not "no match".
#[test]
fn search_limit_zero_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["search", "saga", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 1"));
}

/// `list --tag` with a tag no entry has says so and exits 1.
#[test]
fn list_unknown_tag_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["list", "--tag", "nosuchtag"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no entry has the tag `nosuchtag`"));
}

/// One bad value in config.toml keeps the valid settings, every bad one is reported by every
/// command, and `check` lists them as problems.
#[test]
fn config_problems_are_all_reported_by_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_config(
        &dir,
        "desired_retention = 1.5\nnew_cards_per_day = 3\ntheme = \"neon\"\n",
    );
    for args in [&["stats"][..], &["list"], &["paths"]] {
        archdeck(&dir)
            .args(args)
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "config.toml:1:21: desired_retention = 1.5",
            ))
            .stderr(predicate::str::contains("config.toml:3:9: theme"));
    }
    archdeck(&dir)
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("config.toml:1:21"))
        .stdout(predicate::str::contains("2 problem(s)"));
}

/// config.toml's keys and values are untrusted text: `check` (on stdout) and the other commands
/// (on stderr) report them without their escape sequences and bidi controls.
#[test]
fn config_problems_are_sanitised_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_config(
        &dir,
        "\"key\\u001b[2J\\u202e\" = 3\ntheme = \"\\u001b]0;x\\u0007neon\\u2066\"\n",
    );
    for args in [&["check"][..], &["stats"], &["list"]] {
        let out = archdeck(&dir).args(args).output().expect("runs");
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("config.toml:1:1: unknown setting `key"),
            "{args:?}: {text}"
        );
        assert!(text.contains("config.toml:2:9: theme"), "{args:?}: {text}");
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}']),
            "{args:?}: {text:?}"
        );
    }
}

/// A FIFO, a link to a device and a link to nothing named `*.toml` in a decks folder are
/// reported by name with what to do (never opened: a FIFO would hang, `/dev/zero` never ends),
/// so `check` fails; the other commands warn and go on.
#[cfg(unix)]
#[test]
fn special_files_in_a_decks_folder_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).expect("mkdir");
    std::fs::copy("tests/fixtures/decks/house.toml", decks.join("house.toml")).expect("copy");
    let fifo = Std::new("mkfifo")
        .arg(decks.join("p.toml"))
        .status()
        .is_ok_and(|s| s.success());
    std::os::unix::fs::symlink("/dev/zero", decks.join("z.toml")).expect("symlink");
    std::os::unix::fs::symlink("/no/such/file", decks.join("gone.toml")).expect("symlink");
    std::fs::create_dir_all(decks.join("folder.toml")).expect("mkdir");
    let timeout = std::time::Duration::from_secs(20);
    let mut check = archdeck(&dir);
    check
        .arg("--decks")
        .arg(&decks)
        .arg("check")
        .timeout(timeout);
    let mut assert = check
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "z.toml:1:1: not a regular file (a FIFO, device or socket), so it was not read; \
             move it out of the decks folder or replace it with a deck file",
        ))
        .stdout(predicate::str::contains("gone.toml:1:1: a link to nothing"))
        .stdout(predicate::str::contains("folder.toml").not());
    if fifo {
        assert = assert.stdout(predicate::str::contains("p.toml:1:1: not a regular file"));
    }
    let problems = if fifo { 3 } else { 2 };
    assert.stdout(predicate::str::contains(format!("{problems} problem(s)")));
    archdeck(&dir)
        .arg("--decks")
        .arg(&decks)
        .arg("list")
        .timeout(timeout)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{problems} problem(s) in decks were skipped"
        )));
}

/// `check` reports every problem of a file in one run, and its hint names `--decks` when the
/// decks came from there.
#[test]
fn check_reports_everything_and_names_the_decks_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["--decks", "tests/fixtures/many", "check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "many.toml:15:1: unknown field `colour`",
        ))
        .stdout(predicate::str::contains(
            "many.toml:19:1: unknown field `author`",
        ))
        .stdout(predicate::str::contains(
            "many.toml:26:8: tag `House Rules`",
        ))
        .stdout(predicate::str::contains(
            "many.toml:39:12: related id `no-such-entry`",
        ))
        .stdout(predicate::str::contains(
            "run `archdeck --decks tests/fixtures/many check` again",
        ));
}

/// `archdeck __complete` (the completion scripts' helper) lists ids, kinds and decks from the
/// corpus, user decks included.
#[test]
fn complete_lists_candidates_from_the_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    archdeck(&dir)
        .args(["__complete", "ids", "circuit-b"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("circuit-breaker\n"));
    archdeck(&dir)
        .args(["__complete", "kinds"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fallacy\n"));
    archdeck(&dir)
        .args([
            "--decks",
            "tests/fixtures/decks",
            "__complete",
            "decks",
            "fall",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("fallacies\n"));
}

/// clap's own messages (usage errors, `--help`, `--version`) quote the arguments: escape
/// sequences and bidi controls in them never reach the terminal, and the rest of the message,
/// its stream and its exit code are clap's, as for the same arguments without those characters.
#[test]
fn clap_messages_never_echo_control_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &["list", "--kind", "a\u{202e}b\u{2066}"],
            &["list", "--kind", "ab"],
        ),
        (&["\u{202e}"], &[""]),
        (&["sh\u{1b}[2Jow\u{7}x"], &["showx"]),
        (
            &["search", "x", "--limit", "\u{202e}"],
            &["search", "x", "--limit", ""],
        ),
        (
            &["--decks", "\u{2066}d", "list", "--bogus"],
            &["--decks", "d", "list", "--bogus"],
        ),
        (
            &["--decks", "\u{202e}d", "--help"],
            &["--decks", "d", "--help"],
        ),
    ];
    for (hostile, clean) in cases {
        let got = archdeck(&dir).args(hostile).output().expect("runs");
        let want = archdeck(&dir).args(clean).output().expect("runs");
        for stream in [&got.stdout, &got.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}']),
                "{hostile:?}: {text:?}"
            );
        }
        assert_eq!(got.status.code(), want.status.code(), "{hostile:?}");
        assert_eq!(
            String::from_utf8_lossy(&got.stderr),
            String::from_utf8_lossy(&want.stderr),
            "{hostile:?}"
        );
        assert_eq!(got.stdout, want.stdout, "{hostile:?}");
    }
    archdeck(&dir)
        .args(["--decks", "\u{202e}", "--version"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("archdeck "));
}

/// An export that cannot be read is named, with the reason: not "cannot write the output".
#[test]
fn progress_import_says_which_file_it_cannot_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.json");
    let out = archdeck(&dir)
        .args(["progress", "import"])
        .arg(&missing)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "archdeck: cannot read {}: No such file",
            missing.display()
        )),
        "{err}"
    );
}

/// A store that cannot be opened names what failed, and its cause once (the chain printed
/// whole repeated it: `…: Not a directory (os error 20): Not a directory (os error 20)`).
#[test]
fn store_errors_give_their_cause_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The data folder cannot be made (a file is in the way), or the store is a folder.
    let file = dir.path().join("file");
    std::fs::write(&file, "").expect("write");
    let store_dir = dir.path().join("data");
    std::fs::create_dir_all(store_dir.join("progress.sqlite3")).expect("mkdir");
    for (data, args) in [
        (
            file.join("data"),
            &["cards", "suspend", "circuit-breaker"][..],
        ),
        (file.join("data"), &["progress", "import", "-"][..]),
        (store_dir.clone(), &["stats"][..]),
        (store_dir.clone(), &["progress", "export"][..]),
    ] {
        let out = archdeck(&dir)
            .env("ARCHDECK_DATA_DIR", &data)
            .args(args)
            .write_stdin(
                r#"{"format": "archdeck-progress", "version": 1, "cards": [], "reviews": []}"#,
            )
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let parts: Vec<&str> = err.trim_end().split(": ").collect();
        for (i, part) in parts.iter().enumerate() {
            assert!(!parts[i + 1..].contains(part), "{args:?}: {err}");
        }
    }
}
