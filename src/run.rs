//! The top-level dispatch: arguments to the shell that handles them. The browser, and a quiz
//! asked for on a terminal, go to [`crate::tui`]; everything else to [`crate::cli`]. Neither
//! shell imports the other.

use std::io::{self, IsTerminal};

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::ctx::Ctx;
use crate::paths::Paths;
use crate::tui::{self, QuizStart};

/// Runs the parsed command line. Returns the process exit code.
pub fn run(cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> Result<u8> {
    let paths = Paths::resolve(cli.decks.as_deref(), cli.data_dir.as_deref(), env);
    let page: Option<fn(&Ctx, &str) -> Result<()>> = io::stdout()
        .is_terminal()
        .then_some(tui::page::show_markdown as fn(&Ctx, &str) -> Result<()>);
    let ctx = Ctx { paths, env, page };
    match cli.command {
        None => tui::run(&ctx, None),
        // The interactive quiz belongs to the TUI; piped input gets plain mode.
        Some(Command::Quiz {
            ref deck,
            cram,
            plain: false,
            limit,
        }) if io::stdin().is_terminal() => tui::run(&ctx, Some(QuizStart { deck, cram, limit })),
        Some(Command::Open { query }) => tui::run_open(&ctx, &query.join(" ")),
        Some(command) => crate::cli::run(&ctx, command),
    }
}

/// Whether an error comes from writing to a closed pipe (`archdeck list | head`), which is not
/// a failure.
/// JSON output fails through `serde_json::Error`, which wraps the pipe's error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let io_kind = e.downcast_ref::<io::Error>().map(io::Error::kind);
        let json_kind = e
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io_kind.or(json_kind) == Some(io::ErrorKind::BrokenPipe)
    })
}
