use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::corpus::{Corpus, Diagnostic};
use crate::ctx::Ctx;

/// Validates the user decks (the config dir's, `--decks`/`$ARCHDECK_DECKS_DIR`, and any paths
/// given) on top of the built-in corpus, which was validated when archdeck was built.
pub fn run(ctx: &Ctx, out: &mut dyn Write, extra: &[PathBuf]) -> Result<u8> {
    let mut problems = Vec::new();
    let mut paths: Vec<&Path> = ctx
        .paths
        .decks_dir
        .iter()
        .map(|d| d.path.as_path())
        .collect();
    for p in extra {
        if !p.exists() {
            problems.push(Diagnostic {
                file: p.display().to_string(),
                line: 1,
                col: 1,
                message: "no such file or folder".into(),
            });
        }
        paths.push(p);
    }
    let (corpus, more) = Corpus::with_user_decks(&paths);
    problems.extend(more);
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    // config.toml too: every bad setting, each at its place.
    let (_, config_errors) = ctx.config_and_errors();
    for e in &config_errors {
        writeln!(out, "{e}")?;
    }
    let count = problems.len() + config_errors.len();
    if count == 0 {
        let user = corpus
            .entries()
            .iter()
            .filter(|e| !e.origin.builtin)
            .count();
        writeln!(
            out,
            "ok: {} entries ({} built-in, {user} from user decks), no problems",
            corpus.len(),
            corpus.len() - user
        )?;
        Ok(0)
    } else {
        writeln!(
            out,
            "{count} problem(s); fix them and run `{}` again",
            ctx.check_command(extra)
        )?;
        Ok(1)
    }
}
