use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use crate::corpus::{Corpus, DeckFile};

pub fn run(ctx: &Ctx, out: &mut dyn Write, extra: &[PathBuf]) -> Result<u8> {
    let mut files = DeckFile::embedded();
    let builtin = files.len();
    let mut problems = Vec::new();
    let mut user_paths: Vec<PathBuf> = ctx
        .paths
        .decks_dir
        .iter()
        .map(|d| d.path.clone())
        .filter(|p| p.exists())
        .collect();
    for p in extra {
        if !p.exists() {
            problems.push(crate::corpus::Diagnostic {
                file: p.display().to_string(),
                line: 1,
                col: 1,
                message: "no such file or folder".into(),
            });
        }
        user_paths.push(p.clone());
    }
    // The same folder named twice (flag and default) must not clash with itself.
    let mut seen = std::collections::HashSet::new();
    for p in user_paths.iter().filter(|p| p.exists()) {
        if seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())) {
            DeckFile::read_user(p, &mut files, &mut problems);
        }
    }
    let user = files.len() - builtin;
    let (corpus, more) = Corpus::load(&files);
    problems.extend(more);
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    if problems.is_empty() {
        writeln!(
            out,
            "ok: {} entries from {builtin} built-in and {user} user deck file(s), no problems",
            corpus.len()
        )?;
        Ok(0)
    } else {
        writeln!(
            out,
            "{} problem(s); fix them and run `archdeck check` again",
            problems.len()
        )?;
        Ok(1)
    }
}
