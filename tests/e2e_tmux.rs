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
    format!("archdeck-e2e-{}", std::process::id())
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

    // Into the reader, follow related link 1, then come back.
    keys(&session, &["Enter", "Enter", "1"]);
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
