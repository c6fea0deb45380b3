//! `archdeck optimize`: FSRS parameters fitted to a simulated learner's log (whose memory follows
//! parameters unlike the defaults), too few reviews, the stored parameters used by the next
//! quiz, `--reset`, and `stats` saying which parameters are in use.
//!
//! Every run is isolated with temp dirs through ARCHDECK_CONFIG_DIR, ARCHDECK_DATA_DIR and
//! ARCHDECK_NOW. No test asserts a timing.

#![allow(clippy::unwrap_used)] // helpers shared by tests

use std::fs;
use std::path::PathBuf;

use archdeck::progress::Store;
use archdeck::quiz::optimize::{self, MIN_REVIEWS, Outcome};
use archdeck::testing::{LEARNER_PARAMS, simulated_learner};
use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use tempfile::TempDir;
use time::UtcOffset;
use time::macros::datetime;

const START: time::OffsetDateTime = datetime!(2025-01-01 09:00 UTC);
const NOW: &str = "2025-12-01T09:00:00Z";

/// One concept, whose first card is a self-rated recall card.
const DECK: &str = r#"
[[entry]]
id = "opt-idempotency"
kind = "concept"
title = "Optimise Idempotency"
tags = ["optdeck"]
summary = "Doing an operation twice has the same effect as doing it once."
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
        fs::write(config.join("decks/test.toml"), DECK).unwrap();
        Env {
            _root: root,
            config,
            data,
        }
    }

    /// An environment whose store holds a simulated learner's `reviews` answers.
    fn with_history(reviews: usize) -> Env {
        let env = Env::new();
        let progress = simulated_learner(reviews, START, 15, 11);
        assert_eq!(progress.log.len(), reviews);
        Store::new(&env.data)
            .import(&progress, START)
            .expect("import the history");
        env
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(cargo_bin("archdeck"));
        cmd.env("ARCHDECK_CONFIG_DIR", &self.config)
            .env("ARCHDECK_DATA_DIR", &self.data)
            .env("ARCHDECK_NOW", NOW)
            .env("TZ", "UTC")
            .env_remove("ARCHDECK_DECKS_DIR");
        cmd
    }

    fn run(&self, args: &[&str]) -> (String, String) {
        let out = self.cmd().args(args).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "{args:?}: {stdout}{stderr}");
        (stdout, stderr)
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args).0).unwrap()
    }

    fn params(&self) -> Option<Vec<f32>> {
        Store::new(&self.data).params().unwrap()
    }
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect()
}

#[test]
fn fit_on_a_simulated_learner_beats_the_defaults() {
    let progress = simulated_learner(3000, START, 15, 5);
    let out = optimize::optimize(&progress.log, UtcOffset::UTC, None, None).unwrap();
    let Outcome::Fitted(fit) = out else {
        panic!("expected a fit, got {out:?}");
    };
    assert!(fit.reviews >= MIN_REVIEWS, "{}", fit.reviews);
    assert!(fit.improved(), "{fit:?}");
    assert!(fit.after.log_loss < fit.before.log_loss, "{fit:?}");
    assert!(fit.after.rmse < fit.before.rmse, "{fit:?}");
    assert_eq!(fit.params.len(), 21);
    assert_ne!(fit.params, fsrs::DEFAULT_PARAMETERS.to_vec());
    // The learner's first memories of a card rated Good last 7 days, not the defaults' 2.3.
    assert!(
        fit.params[2] > fsrs::DEFAULT_PARAMETERS[2],
        "initial stability for Good: {} (truth {})",
        fit.params[2],
        LEARNER_PARAMS[2]
    );
    // Measured again with the fitted parameters as the current ones, a new fit is no better.
    let again = optimize::optimize(&progress.log, UtcOffset::UTC, Some(&fit.params), None).unwrap();
    let Outcome::Fitted(again) = again else {
        panic!("expected a fit");
    };
    assert!(!again.improved(), "{again:?}");
}

#[test]
fn optimize_stores_better_parameters_and_stats_says_so() {
    let env = Env::with_history(2500);
    let (stats, _) = env.run(&["stats"]);
    assert!(
        stats.contains("scheduling: FSRS-6 default parameters"),
        "{stats}"
    );

    let old = Store::new(&env.data).load_read_only().unwrap().progress;
    let report = env.json(&["optimize", "--json"]);
    assert_eq!(report["status"], "fitted", "{report}");
    // Every card's memory state was recomputed with the fitted parameters; due dates kept.
    let new = Store::new(&env.data).load_read_only().unwrap().progress;
    assert_eq!(
        report["cards_updated"].as_u64(),
        Some(old.cards.len() as u64)
    );
    assert_eq!(new.log, old.log);
    let changed = old
        .cards
        .values()
        .filter(|c| {
            let n = &new.cards[&c.card_id];
            assert_eq!((n.due, n.reps, n.state), (c.due, c.reps, c.state));
            n.stability != c.stability
        })
        .count();
    assert!(changed > old.cards.len() / 2, "{changed}");
    assert_eq!(report["saved"], true);
    assert_eq!(report["before"]["source"], "default");
    assert_eq!(
        floats(&report["before"]["params"]),
        fsrs::DEFAULT_PARAMETERS.to_vec()
    );
    let before = &report["before"];
    let after = &report["after"];
    assert!(after["log_loss"].as_f64() < before["log_loss"].as_f64());
    assert!(after["rmse"].as_f64() < before["rmse"].as_f64());
    let fitted = floats(&after["params"]);
    assert_ne!(fitted, fsrs::DEFAULT_PARAMETERS.to_vec());
    assert_eq!(env.params(), Some(fitted.clone()));

    let (stats, _) = env.run(&["stats"]);
    assert!(
        stats.contains("scheduling: FSRS-6 parameters fitted to")
            && stats.contains("on 2025-12-01 09:00 UTC"),
        "{stats}"
    );
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["params"]["source"], "fitted");
    assert!(
        stats["params"]["fitted_at"]
            .as_str()
            .unwrap()
            .starts_with("2025-12-01T09:00:00")
    );
    assert_eq!(floats(&stats["params"]["values"]), fitted);

    // A second fit on the same log is no better than the stored one: kept, and said so.
    let (text, _) = env.run(&["optimize"]);
    assert!(text.contains("before (fitted)"), "{text}");
    assert!(
        text.contains("no better than the fitted parameters in use: kept them"),
        "{text}"
    );
    assert_eq!(env.params(), Some(fitted));

    // --reset goes back to the defaults.
    let (text, _) = env.run(&["optimize", "--reset"]);
    assert!(
        text.contains("the fitted parameters were removed"),
        "{text}"
    );
    assert_eq!(env.params(), None);
    // The memory states are the defaults' again, as the import computed them.
    let reset = Store::new(&env.data).load_read_only().unwrap().progress;
    for c in old.cards.values() {
        let r = &reset.cards[&c.card_id];
        assert!((r.stability - c.stability).abs() < 1e-3, "{}", c.card_id);
    }
    let (stats, _) = env.run(&["stats"]);
    assert!(stats.contains("FSRS-6 default parameters"), "{stats}");
    let (text, _) = env.run(&["optimize", "--reset"]);
    assert!(text.contains("no fitted parameters were stored"), "{text}");
}

#[test]
fn too_few_reviews_keep_the_defaults_and_say_how_many_more() {
    let env = Env::with_history(60);
    let (text, stderr) = env.run(&["optimize"]);
    assert!(text.contains("too few reviews to fit parameters"), "{text}");
    let report = env.json(&["optimize", "--json"]);
    let have = report["reviews"].as_u64().unwrap() as usize;
    assert!(have < MIN_REVIEWS);
    assert_eq!(report["status"], "too_few_reviews");
    assert_eq!(report["saved"], false);
    assert!(
        text.contains(&format!(
            "{have} count (answers to a card on a later day than its previous one) and a fit \
             needs {MIN_REVIEWS}, so about {} more",
            MIN_REVIEWS - have
        )),
        "{text}"
    );
    assert!(
        text.contains("the default parameters stay in use"),
        "{text}"
    );
    // Not a terminal: no progress output.
    assert_eq!(stderr, "");
    assert_eq!(env.params(), None);

    // No progress at all: the same, and nothing breaks.
    let empty = Env::new();
    let (text, _) = empty.run(&["optimize"]);
    assert!(
        text.contains("0 count") && text.contains(&format!("so about {MIN_REVIEWS} more")),
        "{text}"
    );
}

#[test]
fn the_next_quiz_schedules_with_the_stored_parameters() {
    // The same new card, rated the same way: the intervals offered differ once parameters
    // are stored (the learner's initial stabilities are 0.8, 3.5, 7 and 20 days).
    let preview = |env: &Env| -> String {
        let out = env
            .cmd()
            .args(["quiz", "--plain", "--deck", "optdeck"])
            .write_stdin("\n3\n")
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "{stdout}");
        stdout
    };
    let defaults = Env::new();
    let text = preview(&defaults);
    assert!(text.contains("3 good (2 days), 4 easy (8 days)"), "{text}");
    assert!(
        text.contains("saved: good, next review in 2 days"),
        "{text}"
    );

    let fitted = Env::new();
    Store::new(&fitted.data)
        .save_params(&LEARNER_PARAMS, START, 1234)
        .unwrap();
    let text = preview(&fitted);
    assert!(text.contains("3 good (7 days), 4 easy (20 days)"), "{text}");
    // The saved interval is fuzzed by up to two days around 7 (the defaults gave 2).
    let record = &Store::new(&fitted.data).load_read_only().unwrap().progress;
    let card = record.cards.values().next().unwrap();
    let days = (card.due - card.last_review).whole_days();
    assert!((5..=9).contains(&days), "{days}");

    // Unusable stored parameters: a warning naming the fix, and the defaults.
    let broken = Env::new();
    Store::new(&broken.data)
        .save_params(&[1.0, 2.0], START, 10)
        .unwrap();
    let out = broken
        .cmd()
        .args(["quiz", "--plain", "--deck", "optdeck"])
        .write_stdin("\n3\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("3 good (2 days)"), "{stdout}");
    assert!(
        stderr.contains("unusable") && stderr.contains("archdeck optimize --reset"),
        "{stderr}"
    );
    broken.run(&["optimize", "--reset"]);
    assert_eq!(broken.params(), None);
}

#[test]
fn the_store_keeps_params_in_its_meta_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::new(&data);
    // Nothing stored, and asking creates nothing.
    assert_eq!(store.params().unwrap(), None);
    assert!(!data.exists());
    assert!(!store.reset_params(START).unwrap());

    store.save_params(&LEARNER_PARAMS, START, 2145).unwrap();
    let fresh = Store::new(&data);
    let fitted = fresh.fitted_params().unwrap().unwrap();
    assert_eq!(fitted.params, LEARNER_PARAMS.to_vec());
    assert_eq!(fitted.fitted_at, START);
    assert_eq!(fitted.reviews_used, 2145);
    assert_eq!(fresh.params().unwrap(), Some(LEARNER_PARAMS.to_vec()));
    assert!(fresh.reset_params(START).unwrap());
    assert_eq!(fresh.params().unwrap(), None);
    assert!(!fresh.reset_params(START).unwrap());

    // A damaged value is an error that names the way out.
    drop((store, fresh));
    let conn = rusqlite::Connection::open(data.join("progress.sqlite3")).unwrap();
    conn.execute_batch(
        "INSERT INTO meta (key, value) VALUES ('fsrs_params', 'not json'),
             ('fsrs_params_fitted_at', '2025-01-01T09:00:00Z');",
    )
    .unwrap();
    drop(conn);
    let err = Store::new(&data).params().unwrap_err().to_string();
    assert!(
        err.contains("unusable") && err.contains("archdeck optimize --reset"),
        "{err}"
    );
}

#[test]
fn memory_states_leave_cards_answered_meanwhile_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let progress = simulated_learner(40, START, 5, 3);
    store.import(&progress, START).unwrap();
    let mut records: Vec<_> = progress.cards.values().cloned().collect();
    for r in &mut records {
        r.stability = 42.0;
    }
    // One card was answered again since the records were read.
    records[0].reps += 1;
    let changed = store.set_memory_states(&records, START).unwrap();
    assert_eq!(changed, records.len() - 1);
    let now = Store::new(dir.path()).load_read_only().unwrap().progress;
    assert_eq!(
        now.cards[&records[0].card_id],
        progress.cards[&records[0].card_id]
    );
    let other = &now.cards[&records[1].card_id];
    assert_eq!(other.stability, 42.0);
    assert_eq!(other.due, progress.cards[&records[1].card_id].due);
}

#[test]
fn optimize_warns_about_unusable_stored_params_and_goes_on() {
    let env = Env::with_history(60);
    Store::new(&env.data)
        .save_params(&[0.0; 21], START, 10)
        .unwrap();
    let (text, stderr) = env.run(&["optimize"]);
    assert!(stderr.contains("unusable"), "{stderr}");
    assert!(text.contains("too few reviews"), "{text}");
}
