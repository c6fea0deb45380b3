//! End to end: the real binary in a real terminal (tmux), driven by keystrokes.
//!
//! The test runs its own tmux server (`tmux -L <name>`), so it never touches the user's
//! sessions, and kills that server when it ends, even when it fails. Without tmux it is skipped,
//! except under `CI=true`, where it fails.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The name of this test's own tmux server socket.
fn server() -> String {
    // One server per test (libtest names each test's thread), so tests run side by side.
    let test = std::thread::current()
        .name()
        .unwrap_or("main")
        .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    format!("archdeck-e2e-{}-{test}", std::process::id())
}

/// Whether tmux can run here (under `CI=true` it must).
fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is not installed, and CI=true: this test must run in CI (`.ci/run` installs it)"
        );
        eprintln!("tmux is not installed; skipping (`.ci/run` installs it)");
        return false;
    }
    true
}

/// Starts `script` under `sh -c` in a new detached session of the test's server.
fn start(session: &str, width: &str, height: &str, script: &str) {
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        width,
        "-y",
        height,
        "sh",
        "-c",
        script,
    ]);
}

/// `archdeck show` on a terminal: styled, and through the pager (`less -R` by default) when
/// longer than the screen; `q` leaves the pager and the command exits 0.
#[test]
fn show_pages_styled_markdown_in_tmux() {
    if !have_tmux() || Command::new("less").arg("--version").output().is_err() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let status = dir.path().join("status");
    let session = "show";
    let script = format!(
        "unset PAGER; unset NO_COLOR; ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' '{bin}' show circuit-breaker; echo \"exit=$?\" > '{status}'; sleep 30",
        cfg = dir.path().join("config").display(),
        data = dir.path().join("data").display(),
        bin = bin.display(),
        status = status.display(),
    );
    let _server = Server;
    start(session, "90", "20", &script);
    let screen = wait_for(session, "the entry in the pager", |s| {
        s.contains("Circuit Breaker") && s.contains("Also known as")
    });
    // Styled: the title is drawn with attributes, and no Markdown marker is left.
    assert!(!screen.contains("# Circuit Breaker"), "{screen}");
    let styled = tmux(&["capture-pane", "-p", "-e", "-t", session]);
    assert!(styled.contains("\x1b["), "no styles: {styled}");
    // Still in the pager: the command has not finished.
    assert!(!Path::new(&status).exists());
    keys(session, &["q"]);
    let start = Instant::now();
    while !Path::new(&status).exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let code = std::fs::read_to_string(&status).unwrap_or_default();
    assert_eq!(code.trim(), "exit=0");
}

/// The bash completion script in a real bash: entry ids after `show`, kinds after `--kind`,
/// decks after `quiz --deck`, all from the corpus.
#[test]
fn bash_completes_from_the_corpus_in_tmux() {
    if !have_tmux() || Command::new("bash").arg("--version").output().is_err() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let bin_dir = bin.parent().expect("bin dir");
    let rc = dir.path().join("rc");
    std::fs::write(
        &rc,
        format!(
            "PS1='$ '\nexport PATH='{}':\"$PATH\"\nexport ARCHDECK_CONFIG_DIR='{}' ARCHDECK_DATA_DIR='{}'\nsource <(archdeck completions bash)\n",
            bin_dir.display(),
            dir.path().join("config").display(),
            dir.path().join("data").display(),
        ),
    )
    .expect("rc");
    let session = "bash";
    let _server = Server;
    start(
        session,
        "120",
        "20",
        &format!("bash --noprofile --rcfile '{}' -i", rc.display()),
    );
    wait_for(session, "the prompt", |s| {
        s.lines().any(|l| l.starts_with('$'))
    });
    keys(session, &["archdeck show dead-letter-q", "Tab"]);
    wait_for(session, "an entry id completed", |s| {
        s.contains("archdeck show dead-letter-queue")
    });
    keys(session, &["C-u", "archdeck list --kind fal", "Tab"]);
    wait_for(session, "a kind completed", |s| {
        s.contains("archdeck list --kind fallacy")
    });
    keys(session, &["C-u", "archdeck quiz --deck resil", "Tab"]);
    wait_for(session, "a tag completed as a deck", |s| {
        s.contains("archdeck quiz --deck resilience")
    });
    keys(session, &["C-u", "archdeck sta", "Tab"]);
    wait_for(session, "subcommands still completed by clap", |s| {
        s.contains("archdeck stats")
    });
}

/// The zsh completion script in a real zsh (autoloaded from `fpath`, as a user installs it):
/// entry ids, kinds and decks from the corpus. Skipped, with a message, without zsh.
#[test]
fn zsh_completes_from_the_corpus_in_tmux() {
    if !have_tmux() || Command::new("zsh").arg("--version").output().is_err() {
        eprintln!("zsh is not installed; skipping the zsh completion test");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let bin_dir = bin.parent().expect("bin dir");
    let functions = dir.path().join("functions");
    std::fs::create_dir_all(&functions).expect("functions dir");
    let script = Command::new(&bin)
        .args(["completions", "zsh"])
        .output()
        .expect("runs");
    std::fs::write(functions.join("_archdeck"), script.stdout).expect("script");
    std::fs::write(
        dir.path().join(".zshrc"),
        format!(
            "fpath=('{}' $fpath)\nexport PATH='{}':\"$PATH\"\nexport ARCHDECK_CONFIG_DIR='{}' ARCHDECK_DATA_DIR='{}'\nautoload -U compinit && compinit -u -d '{}'\nPS1='%% '\n",
            functions.display(),
            bin_dir.display(),
            dir.path().join("config").display(),
            dir.path().join("data").display(),
            dir.path().join("zcompdump").display(),
        ),
    )
    .expect("zshrc");
    let session = "zsh";
    let _server = Server;
    start(
        session,
        "120",
        "20",
        &format!("env ZDOTDIR='{}' zsh -i", dir.path().display()),
    );
    wait_for(session, "the prompt", |s| {
        s.lines().any(|l| l.starts_with('%'))
    });
    keys(session, &["archdeck show dead-letter-q", "Tab"]);
    wait_for(session, "an entry id completed", |s| {
        s.contains("archdeck show dead-letter-queue")
    });
    keys(session, &["C-u", "archdeck list --kind fal", "Tab"]);
    wait_for(session, "a kind completed", |s| {
        s.contains("archdeck list --kind fallacy")
    });
    keys(session, &["C-u", "archdeck quiz --deck resil", "Tab"]);
    wait_for(session, "a tag completed as a deck", |s| {
        s.contains("archdeck quiz --deck resilience")
    });
}

/// The fish completion script in a real fish, through `complete -C` (what fish would offer).
/// Skipped, with a message, without fish.
#[test]
fn fish_completes_from_the_corpus() {
    if Command::new("fish").arg("--version").output().is_err() {
        eprintln!("fish is not installed; skipping the fish completion test");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let script = dir.path().join("archdeck.fish");
    let out = Command::new(&bin)
        .args(["completions", "fish"])
        .output()
        .expect("runs");
    std::fs::write(&script, out.stdout).expect("script");
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let offered = |line: &str| {
        let out = Command::new("fish")
            .env("PATH", &path)
            .env("ARCHDECK_CONFIG_DIR", dir.path().join("config"))
            .env("ARCHDECK_DATA_DIR", dir.path().join("data"))
            .arg("--no-config")
            .arg("-c")
            .arg(format!(
                "source '{}'; complete -C '{line}'",
                script.display()
            ))
            .output()
            .expect("fish runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ids = offered("archdeck show dead-letter-q");
    assert!(ids.lines().any(|l| l == "dead-letter-queue"), "{ids}");
    let kinds = offered("archdeck list --kind fal");
    assert!(kinds.lines().any(|l| l.starts_with("fallacy")), "{kinds}");
    let decks = offered("archdeck quiz --deck resil");
    assert!(
        decks.lines().any(|l| l.starts_with("resilience")),
        "{decks}"
    );
}

/// With decks from `--decks` or `$ARCHDECK_DECKS_DIR`, the status bar's hint about skipped deck
/// problems names the command that checks those decks.
#[test]
fn skipped_deck_problems_name_the_check_that_finds_them_in_tmux() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let bad = std::env::current_dir()
        .expect("cwd")
        .join("tests/fixtures/bad");
    let _server = Server;
    for (session, how) in [
        (
            "flag",
            format!(
                "'{bin}' --decks '{bad}'",
                bin = bin.display(),
                bad = bad.display()
            ),
        ),
        (
            "env",
            format!(
                "ARCHDECK_DECKS_DIR='{bad}' '{bin}'",
                bin = bin.display(),
                bad = bad.display()
            ),
        ),
    ] {
        let script = format!(
            "ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' {how}; sleep 30",
            cfg = dir.path().join("config").display(),
            data = dir.path().join("data").display(),
        );
        start(session, "250", "20", &script);
        let hint = format!("skipped: run `archdeck --decks {} check`", bad.display());
        wait_for(session, "the hint in the status bar", |s| s.contains(&hint));
        keys(session, &["q"]);
    }
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(["-L", &server()])
        .args(args)
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Kills the test's tmux server when dropped, so that a failing assertion (a panic) cleans up
/// too.
struct Server;

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &server(), "kill-server"])
            .output();
    }
}

/// Polls the pane until `pred` holds, or gives up after a generous limit (this is a wait,
/// not a timing assertion).
fn wait_for(session: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        if pred(&screen) {
            return screen;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("timed out waiting for {what}; screen:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn keys(session: &str, keys: &[&str]) {
    let mut args = vec!["send-keys", "-t", session];
    args.extend_from_slice(keys);
    tmux(&args);
}

#[test]
fn browse_search_follow_and_back_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is not installed, and CI=true: this test must run in CI (`.ci/run` installs it)"
        );
        eprintln!("tmux is not installed; skipping (`.ci/run` installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let status = dir.path().join("status");
    let session = format!("archdeck-e2e-{}", std::process::id());
    let script = format!(
        "ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' '{bin}'; echo \"exit=$?\" > '{status}'",
        cfg = dir.path().join("config").display(),
        data = dir.path().join("data").display(),
        bin = bin.display(),
        status = status.display(),
    );
    let _server = Server;
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "110",
        "-y",
        "32",
        "sh",
        "-c",
        &script,
    ]);
    wait_for(&session, "the first frame", |s| {
        s.contains("search (press /)")
    });

    keys(&session, &["/", "c", "i", "r", "c", "u", "t"]);
    let screen = wait_for(&session, "Circuit Breaker in the reader", |s| {
        s.contains("┌ circuit-breaker")
    });
    assert!(screen.contains("/ circut"), "{screen}");

    // Into the reader, follow related link 1 (it has ten: 1 waits for a second digit, Enter
    // takes link 1), then come back.
    keys(&session, &["Enter", "Enter", "1"]);
    wait_for(&session, "the two-digit prompt", |s| {
        s.contains("type a second digit")
    });
    keys(&session, &["Enter"]);
    let screen = wait_for(&session, "the linked entry", |s| {
        !s.contains("┌ circuit-breaker") && s.contains("b/f")
    });
    assert!(!screen.contains("┌ circuit-breaker"), "{screen}");
    keys(&session, &["b"]);
    wait_for(&session, "Circuit Breaker again", |s| {
        s.contains("┌ circuit-breaker")
    });

    // Help overlay, then quit.
    keys(&session, &["?"]);
    wait_for(&session, "the help", |s| s.contains("keys (Esc closes"));
    // Escape and q sent together would read as Alt-q, as in any terminal program.
    keys(&session, &["Escape"]);
    wait_for(&session, "the help to close", |s| {
        !s.contains("keys (Esc closes")
    });
    keys(&session, &["q"]);
    let start = Instant::now();
    while !Path::new(&status).exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let code = std::fs::read_to_string(&status).unwrap_or_default();
    assert_eq!(code.trim(), "exit=0");
}
