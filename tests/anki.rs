//! The Anki export against a real Anki collection: `scripts/anki_roundtrip.py` imports an
//! export with the `anki` package from PyPI (which works offline), checks one note per card in
//! the per-kind decks and no raw Markdown, then imports a later export in which an entry changed
//! and checks that its note was updated, not duplicated. Skipped, with a message, where Python or
//! the package is missing (`pip install anki` to run it).

#![allow(clippy::unwrap_used)]

use std::fs;
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

const ENTRY: &str = r#"
[[entry]]
id = "anki-probe"
kind = "concept"
title = "Anki Probe"
tags = ["ankiprobe"]
summary = "SUMMARY with **bold** and `code`."
body = """
- A point with *emphasis*.
- Another, with a [link](https://example.com).
"""
sources = ["test"]
"#;

fn python_with_anki() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import anki"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

#[test]
fn anki_import_gives_one_note_per_card_and_updates_on_reimport() {
    let Some(python) = python_with_anki() else {
        eprintln!(
            "skipped: the Anki round trip needs python3 with the `anki` package (pip install anki)"
        );
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let config = root.path().join("config");
    fs::create_dir_all(config.join("decks")).unwrap();
    let export = |summary: &str, file: &str| {
        fs::write(
            config.join("decks/probe.toml"),
            ENTRY.replace("SUMMARY", summary),
        )
        .unwrap();
        let out = Command::new(cargo_bin("archdeck"))
            .env("ARCHDECK_CONFIG_DIR", &config)
            .env("ARCHDECK_DATA_DIR", root.path().join("data"))
            .env_remove("ARCHDECK_DECKS_DIR")
            .args(["export", "--format", "anki"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let path = root.path().join(file);
        fs::write(&path, &out.stdout).unwrap();
        path
    };
    let first = export("First version", "first.txt");
    let second = export("Second version", "second.txt");
    let out = Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/anki_roundtrip.py"
        ))
        .args([&first, &second])
        .args(["archdeck:anki-probe/recall", "Second version"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{stdout}\n{stderr}");
}

#[test]
fn anki_export_header_guids_and_html() {
    let out = Command::new(cargo_bin("archdeck"))
        .env("ARCHDECK_CONFIG_DIR", tempfile::tempdir().unwrap().path())
        .env_remove("ARCHDECK_DECKS_DIR")
        .args(["export", "--format", "anki"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#deck column:1",
            "#guid column:2",
            "#tags column:5",
            "#columns:Deck\tGUID\tFront\tBack\tTags",
        ]
    );
    let mut guids = std::collections::HashSet::new();
    for row in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 5, "{row}");
        assert!(cols[0].starts_with("archdeck::"), "{row}");
        assert!(
            guids.insert(cols[1].to_string()),
            "GUIDs are unique: {}",
            cols[1]
        );
        for field in &cols[2..4] {
            assert!(field.starts_with('<'), "HTML: {field}");
            assert!(!field.contains("**"), "no raw Markdown: {field}");
        }
        let tags: Vec<&str> = cols[4].split(' ').collect();
        let unique: std::collections::HashSet<&&str> = tags.iter().collect();
        assert_eq!(unique.len(), tags.len(), "each tag once: {row}");
    }
    assert!(text.contains("archdeck::patterns\tarchdeck:circuit-breaker/pattern\t"));
    assert!(text.contains("archdeck::fallacies\t"));
    // Multiple-choice cards carry their options, and the back names the right one.
    let row = text
        .lines()
        .find(|l| l.contains("archdeck:circuit-breaker/pattern"))
        .unwrap();
    assert!(row.matches("<li>").count() >= 4, "{row}");
    assert!(
        row.contains("<b>") && row.contains("Circuit Breaker"),
        "{row}"
    );
}
