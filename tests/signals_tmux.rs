//! Signals in a real terminal (tmux, on this test's own server): SIGTERM, SIGHUP, SIGINT and
//! SIGQUIT sent to the TUI leave the pane out of the alternate screen, with mouse reporting off,
//! the cursor shown and echo on. Skipped without tmux, except under `CI=true`.

use std::process::Command;
use std::time::{Duration, Instant};

fn server() -> String {
    format!("archdeck-signals-{}", std::process::id())
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(["-L", &server()])
        .args(args)
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Server;

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &server(), "kill-server"])
            .output();
    }
}

/// Waits (not a timing assertion) until the pane shows the browser's first frame; on giving up,
/// says what the pane showed and which sessions the server has, so a failure explains itself.
fn wait_for_frame(session: &str) {
    let start = Instant::now();
    loop {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        if screen.contains("search (press /)") {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "timed out waiting for the first frame in {session}; sessions: {:?}; pane:\n{screen}",
            tmux(&["list-sessions"])
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits (not a timing assertion) until `pred` holds.
fn wait(what: &str, pred: impl Fn() -> Option<String>) -> String {
    let start = Instant::now();
    loop {
        if let Some(v) = pred() {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn signals_restore_the_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is not installed, and CI=true"
        );
        eprintln!("tmux is not installed; skipping");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("archdeck");
    let _server = Server;
    // A session that outlives the others: killing the last session ends a tmux server, and a
    // session started while it is ending is lost with it.
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "keep",
        "sleep",
        "600",
    ]);
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let session = format!("sig-{name}");
        let stty = dir.path().join(format!("stty-{name}"));
        let script = format!(
            "ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' '{bin}'; echo \"exit=$?\" > '{stty}.code'; stty -a > '{stty}'; sleep 60",
            cfg = dir.path().join("config").display(),
            data = dir.path().join("data").display(),
            bin = bin.display(),
            stty = stty.display(),
        );
        tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            &session,
            "-x",
            "100",
            "-y",
            "30",
            "sh",
            "-c",
            &script,
        ]);
        wait_for_frame(&session);
        let alt = tmux(&["display-message", "-p", "-t", &session, "#{alternate_on}"]);
        assert_eq!(alt.trim(), "1", "the TUI is on the alternate screen");
        let shell = tmux(&["display-message", "-p", "-t", &session, "#{pane_pid}"]);
        let pid = wait("archdeck's pid", || {
            let out = Command::new("pgrep")
                .args(["-P", shell.trim()])
                .output()
                .ok()?;
            let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (!pid.is_empty() && !pid.contains('\n')).then_some(pid)
        });
        Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .expect("kill runs");
        let modes = wait("stty after the signal", || {
            std::fs::read_to_string(&stty)
                .ok()
                .filter(|s| !s.is_empty())
        });
        let code = std::fs::read_to_string(format!("{}.code", stty.display())).unwrap_or_default();
        assert_eq!(code.trim(), format!("exit={}", 128 + number), "{name}");
        assert!(
            modes.split_whitespace().any(|w| w == "echo") && modes.contains("icanon"),
            "{name}: echo and canonical mode are back: {modes}"
        );
        assert!(
            !modes.split_whitespace().any(|w| w == "-echo"),
            "{name}: {modes}"
        );
        let flags = tmux(&[
            "display-message",
            "-p",
            "-t",
            &session,
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ]);
        assert_eq!(
            flags.trim(),
            "0 0 1",
            "{name}: alternate screen, mouse, cursor"
        );
        tmux(&["kill-session", "-t", &session]);
    }

    // A bracketed paste types into the search box as text: its newline is not Enter.
    let session = "paste";
    let script = format!(
        "ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' '{bin}'; sleep 60",
        cfg = dir.path().join("config").display(),
        data = dir.path().join("data").display(),
        bin = bin.display(),
    );
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &script,
    ]);
    wait_for_frame(session);
    tmux(&["send-keys", "-t", session, "/"]);
    tmux(&["set-buffer", "retry\nquorum"]);
    tmux(&["paste-buffer", "-p", "-t", session]);
    wait("the pasted query", || {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        screen.contains("retry quorum").then_some(screen)
    });
    let alt = tmux(&["display-message", "-p", "-t", session, "#{alternate_on}"]);
    assert_eq!(alt.trim(), "1", "still running after the paste");
    tmux(&["kill-session", "-t", session]);

    // Ctrl-Z restores the terminal and stops; continuing (as `fg` does) redraws the TUI.
    let session = "sig-TSTP";
    let script = format!(
        "ARCHDECK_CONFIG_DIR='{cfg}' ARCHDECK_DATA_DIR='{data}' '{bin}'; sleep 60",
        cfg = dir.path().join("config").display(),
        data = dir.path().join("data").display(),
        bin = bin.display(),
    );
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &script,
    ]);
    let frame = || {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        screen.contains("search (press /)").then_some(screen)
    };
    wait_for_frame(session);
    let shell = tmux(&["display-message", "-p", "-t", session, "#{pane_pid}"]);
    let pid = wait("archdeck's pid", || {
        let out = Command::new("pgrep")
            .args(["-P", shell.trim()])
            .output()
            .ok()?;
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!pid.is_empty() && !pid.contains('\n')).then_some(pid)
    });
    tmux(&["send-keys", "-t", session, "C-z"]);
    wait("the terminal restored on Ctrl-Z", || {
        let flags = tmux(&["display-message", "-p", "-t", session, "#{alternate_on}"]);
        (flags.trim() == "0").then_some(flags)
    });
    // Continue only once it has really stopped (restoring the terminal comes just before).
    wait("the process to stop", || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let state = stat
            .rsplit(')')
            .next()?
            .split_whitespace()
            .next()?
            .to_string();
        (state == "T" || state == "t").then_some(state)
    });
    Command::new("kill")
        .args(["-CONT", &pid])
        .status()
        .expect("kill runs");
    wait("the TUI back after SIGCONT", || {
        let flags = tmux(&["display-message", "-p", "-t", session, "#{alternate_on}"]);
        (flags.trim() == "1").then_some(flags)
    });
    wait("the redraw", frame);
    tmux(&["send-keys", "-t", session, "q"]);
}
