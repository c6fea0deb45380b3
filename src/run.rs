//! The top-level dispatch: arguments to the shell that handles them. The browser, and a quiz
//! asked for on a terminal, go to [`crate::tui`]; everything else to [`crate::cli`]. Neither
//! shell imports the other.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write as _};

use anyhow::Result;
use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::ctx::Ctx;
use crate::paths::Paths;
use crate::tui::{self, QuizStart};

/// Parses the command line (`args` starts with the program's name). On `--help`, `--version`
/// or a usage error, prints clap's message and returns the exit code clap would (0 or 2).
///
/// clap's messages quote arguments, which may hold escape sequences or bidi controls: when any
/// argument does, the message goes out through the sanitiser, as plain text; otherwise clap
/// prints it unchanged (in colour on a terminal).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, u8> {
    let args: Vec<OsString> = args.into_iter().collect();
    Cli::try_parse_from(&args).map_err(|e| {
        let unsafe_arg = args.iter().any(|a| {
            let a = a.to_string_lossy();
            crate::sanitize::clean(&a, crate::sanitize::Lines::Keep) != a
        });
        // As clap's own `exit`: a closed stream leaves nothing to tell.
        let _ = if unsafe_arg {
            let text = e.render().to_string();
            let text = crate::sanitize::clean(&text, crate::sanitize::Lines::Keep);
            if e.use_stderr() {
                write!(io::stderr(), "{text}")
            } else {
                write!(io::stdout(), "{text}")
            }
        } else {
            e.print()
        };
        u8::try_from(e.exit_code()).unwrap_or(2)
    })
}

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

/// Whether an error comes from writing the output (`> /dev/full`, a closed terminal): a bare
/// I/O error, as the shells' writes return it. An I/O error that carries context (`cannot read
/// FILE`) is about something else, and says so itself.
pub fn is_output_error(err: &anyhow::Error) -> bool {
    // `anyhow::Error::downcast_ref` would look through the context to the I/O error under it;
    // the outermost error of the chain is the error itself.
    err.chain().next().is_some_and(|e| {
        e.downcast_ref::<io::Error>().is_some()
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(serde_json::Error::is_io)
    })
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
