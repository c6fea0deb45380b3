//! The command line: clap definitions and one small module per subcommand.
//!
//! Every subcommand writes to a `&mut dyn Write`, so tests drive them in-process. Output is plain
//! text (or JSON with `--json`), never coloured, so that it pipes cleanly.

mod check;
mod list;
mod search;
mod show;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

use crate::corpus::{Corpus, Diagnostic, Kind};
use crate::paths::Paths;

/// A terminal field guide to software architecture.
///
/// Run with no command to open the browser: fuzzy-search concepts, patterns, rules and
/// fallacies, read them, follow links between them.
#[derive(Debug, Parser)]
#[command(name = "archdeck", version, about, long_about)]
pub struct Cli {
    /// Also load user decks from this folder (default: $ARCHDECK_DECKS_DIR, else the config
    /// dir's `decks/`).
    #[arg(long, global = true, value_name = "DIR")]
    pub decks: Option<PathBuf>,
    /// Keep progress in this folder (default: $ARCHDECK_DATA_DIR, else the platform data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List entries, one per line: id, kind, title.
    List {
        /// Only this kind: concept, pattern, principle, rule, fallacy, reference.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Only entries with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Print a JSON array of {id, kind, title, aliases, tags, summary}.
        #[arg(long)]
        json: bool,
    },
    /// Print an entry as Markdown.
    Show {
        /// The entry's id (see `archdeck list`).
        id: String,
        /// Print the entry as a JSON object instead.
        #[arg(long)]
        json: bool,
    },
    /// Rank entries against a query, exactly as the sidebar does.
    Search {
        /// Words to look for; every word must match.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array of {id, title, kind, score}, best first.
        #[arg(long)]
        json: bool,
    },
    /// Validate the built-in corpus, the user decks and any deck files or folders given.
    Check {
        /// Extra deck files or folders to validate.
        paths: Vec<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; use one of: {}", names.join(", "))
    })
}

/// Everything a subcommand needs from the outside world.
pub struct Ctx<'a> {
    pub paths: Paths,
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl Ctx<'_> {
    /// The built-in corpus plus the user decks, with any problems in them.
    pub fn load(&self) -> (Corpus, Vec<Diagnostic>) {
        let decks: Vec<&std::path::Path> = self
            .paths
            .decks_dir
            .iter()
            .map(|d| d.path.as_path())
            .collect();
        Corpus::with_user_decks(&decks)
    }

    /// Loads the corpus and warns on stderr if user decks had problems.
    pub fn load_quietly(&self) -> Corpus {
        let (corpus, problems) = self.load();
        if !problems.is_empty() {
            eprintln!(
                "archdeck: {} problem(s) in decks were skipped; run `archdeck check` for details",
                problems.len()
            );
        }
        corpus
    }
}

/// Runs the parsed command line. Returns the process exit code.
pub fn run(cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> Result<u8> {
    let paths = Paths::resolve(cli.decks.as_deref(), cli.data_dir.as_deref(), env);
    let ctx = Ctx { paths, env };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        None => return crate::tui::run(&ctx),
        Some(Command::List { kind, tag, json }) => {
            list::run(&ctx, &mut out, kind, tag.as_deref(), json)?
        }
        Some(Command::Show { id, json }) => show::run(&ctx, &mut out, &id, json)?,
        Some(Command::Search { query, limit, json }) => {
            search::run(&ctx, &mut out, &query.join(" "), limit, json)?
        }
        Some(Command::Check { paths }) => check::run(&ctx, &mut out, &paths)?,
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "archdeck", &mut out);
            0
        }
    };
    out.flush()?;
    Ok(code)
}

/// Whether an error comes from writing to a closed pipe (`archdeck list | head`), which is not
/// a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
