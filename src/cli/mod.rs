//! The command line: clap definitions and one small module per subcommand.
//!
//! Every subcommand writes to a `&mut dyn Write`, so tests drive them in-process. Output is plain
//! text (or JSON with `--json`), never coloured, so that it pipes cleanly.

mod cards;
mod check;
mod complete;
mod export;
mod list;
mod optimize;
mod progress;
mod quiz;
mod search;
mod show;
mod stats;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

use crate::corpus::Kind;
use crate::ctx::Ctx;

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

/// What `archdeck cards` changes.
#[derive(Debug, Subcommand)]
pub enum CardsAction {
    /// Suspend cards: sessions (cram too) leave them out until they are unsuspended.
    Suspend {
        /// Card ids (`circuit-breaker/recall`), or entry ids meaning all their cards.
        #[arg(required = true, num_args = 1.., value_name = "ID")]
        ids: Vec<String>,
    },
    /// Unsuspend cards (this also clears their leech tag).
    Unsuspend {
        /// Card ids (`circuit-breaker/recall`), or entry ids meaning all their cards.
        #[arg(required = true, num_args = 1.., value_name = "ID")]
        ids: Vec<String>,
    },
}

/// What `archdeck progress` does.
#[derive(Debug, Subcommand)]
pub enum ProgressAction {
    /// Print all progress as JSON: every card's record and the whole review log.
    Export,
    /// Merge an export into this machine's progress: reviews by id (importing twice changes
    /// nothing), then reschedule the cards that gained reviews.
    Import {
        /// The export to read (`-` for stdin).
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List entries, one per line: id, kind, title.
    List {
        /// Only this kind: concept, pattern, principle, rule, fallacy, law, reference.
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
        /// The entry's id (see `archdeck list`), its title or an alias (any case), or a query
        /// whose best hit wins by a clear margin.
        id: String,
        /// Print the entry as a JSON object instead.
        #[arg(long)]
        json: bool,
    },
    /// Rank entries against a query, exactly as the sidebar does.
    Search {
        /// Words to look for: names, acronyms, typos, or a description of the problem.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most this many results (1 or more).
        #[arg(long, default_value_t = 10, value_parser = parse_limit)]
        limit: usize,
        /// Only this kind: concept, pattern, principle, rule, fallacy, law, reference.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Print a JSON array of {id, title, kind, score, matched: [{field, word}]}, best first.
        #[arg(long)]
        json: bool,
    },
    /// Open the browser with QUERY typed in the search box and its best hit in the reader.
    Open {
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Validate the built-in corpus, the user decks and any deck files or folders given.
    Check {
        /// Extra deck files or folders to validate.
        paths: Vec<PathBuf>,
    },
    /// Drill flashcards: due cards first, then new ones (FSRS scheduling).
    ///
    /// Progress is saved after every answer in the data dir. `--plain` asks line by line on
    /// stdin/stdout; every input line is requested by a line starting with `> `.
    Quiz {
        /// all, concepts, patterns, rules, fallacies, laws, principles, references, or a tag.
        #[arg(long, default_value = "all", value_name = "DECK")]
        deck: String,
        /// Practise every card, due or not, without saving answers or changing the schedule.
        #[arg(long)]
        cram: bool,
        /// Plain line-by-line text instead of the TUI (the default when stdin is not a terminal).
        #[arg(long)]
        plain: bool,
        /// At most this many cards.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Show review statistics: cards by state and kind, due forecast, retention, current
    /// retrievability, weak spots.
    Stats {
        /// Print {"retrievability": {...}, "cards": [...], "log": [...], "params": {...}} as
        /// JSON, with RFC 3339 times and each card's current retrievability.
        #[arg(long)]
        json: bool,
    },
    /// List every card: state, due date, stability, difficulty, current retrievability,
    /// reviews, lapses and marks, as the TUI's card browser (`B`) shows them. Reads only;
    /// `cards suspend ID…` and `cards unsuspend ID…` change cards.
    #[command(args_conflicts_with_subcommands = true)]
    Cards {
        #[command(subcommand)]
        action: Option<CardsAction>,
        /// Print a JSON array of cards instead, with RFC 3339 times.
        #[arg(long)]
        json: bool,
        /// Sort by this column: id, title, kind, type, state, due, stability, difficulty,
        /// retrievability, reps, lapses, suspended, flag, leech.
        #[arg(long, default_value = "id", value_name = "COLUMN", value_parser = cards::parse_column)]
        sort: crate::quiz::browse::Column,
        /// Sort in descending order.
        #[arg(long)]
        reverse: bool,
        /// Only cards in this state: all, due, new, learning, review, relearning, suspended,
        /// buried, leech, flagged.
        #[arg(long, default_value = "all", value_name = "STATE", value_parser = cards::parse_state)]
        state: crate::quiz::browse::StateFilter,
        /// Only this deck: all, a kind or a tag (as `quiz --deck`).
        #[arg(long, default_value = "all", value_name = "DECK")]
        deck: String,
        /// Only cards whose id or title contains this text (any case); `kind:K`, `tag:T` and
        /// `deck:D` words in it filter too.
        text: Option<String>,
    },
    /// Export the flashcards: Anki-importable text, JSON or Markdown.
    Export {
        /// anki (Anki's text import: deck, GUID, front, back and tags, tab-separated, HTML;
        /// importing a later export updates the notes), json or markdown.
        #[arg(long, value_enum)]
        format: export::Format,
        /// Only this deck: all, a kind or a tag.
        #[arg(long, default_value = "all", value_name = "DECK")]
        deck: String,
    },
    /// Export or import progress (cards, the whole review log, card marks and fitted parameters),
    /// to carry it to another machine or merge two machines' histories.
    Progress {
        #[command(subcommand)]
        action: ProgressAction,
    },
    /// Fit the FSRS-6 scheduling parameters to your own reviews.
    ///
    /// Measures the current parameters (the defaults, or an earlier fit) and the fitted ones on
    /// your review log (log loss and RMSE, lower is better) and stores the fitted ones with your
    /// progress only if they predict it better; quizzes schedule with them from then on, and
    /// each reviewed card's memory state is recomputed with them (due dates stay). Needs
    /// at least 400 reviews that came on a later day than the card's previous one; with fewer
    /// it says how many more and keeps the parameters (exit 0).
    Optimize {
        /// Forget the fitted parameters and schedule with the FSRS-6 defaults again (memory
        /// states are recomputed with them).
        #[arg(long)]
        reset: bool,
        /// Print {status, reviews, reviews_needed, saved, cards_updated, before, after} as
        /// JSON, each of before/after with source, log_loss, rmse and the 21 params.
        #[arg(long)]
        json: bool,
    },
    /// Print where archdeck reads config and decks and keeps progress, and why there.
    Paths,
    /// Print a shell completion script.
    ///
    /// The bash script also completes entry ids after `show`, kinds after `--kind`, and kinds and
    /// tags after `--deck` and `--tag`, from the decks you have (through `archdeck __complete`).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Candidates for shell completion, one per line: entry ids, kinds, tags or decks.
    #[command(name = "__complete", hide = true)]
    Complete {
        /// ids, kinds, tags or decks (kinds, tags and `all`).
        what: complete::What,
        /// Only candidates that start with this.
        #[arg(default_value = "")]
        prefix: String,
    },
}

fn parse_limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; use one of: {}", names.join(", "))
    })
}

/// Runs a subcommand (the browser and the interactive quiz are the TUI's: see [`crate::run`]).
/// Returns the process exit code.
pub fn run(ctx: &Ctx, command: Command) -> Result<u8> {
    // Every command reports problems in config.toml (once), whether or not it uses a setting.
    if !matches!(
        command,
        Command::Completions { .. } | Command::Check { .. } | Command::Complete { .. }
    ) {
        ctx.config();
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match command {
        Command::List { kind, tag, json } => list::run(ctx, &mut out, kind, tag.as_deref(), json)?,
        Command::Show { id, json } => show::run(ctx, &mut out, &id, json)?,
        Command::Search {
            query,
            limit,
            kind,
            json,
        } => search::run(ctx, &mut out, &query.join(" "), limit, kind, json)?,
        // `open` runs the browser: crate::run sends it to the TUI before this.
        Command::Open { .. } => anyhow::bail!("`archdeck open` needs the browser"),
        Command::Check { paths } => check::run(ctx, &mut out, &paths)?,
        Command::Quiz {
            deck,
            cram,
            plain,
            limit,
        } => {
            let args = quiz::QuizArgs {
                deck,
                cram,
                plain,
                limit,
            };
            quiz::run(ctx, &mut io::stdin().lock(), &mut out, &args)?
        }
        Command::Stats { json } => stats::run(ctx, &mut out, json)?,
        Command::Cards {
            action: Some(action),
            ..
        } => match action {
            CardsAction::Suspend { ids } => cards::suspend(ctx, &mut out, &ids, true)?,
            CardsAction::Unsuspend { ids } => cards::suspend(ctx, &mut out, &ids, false)?,
        },
        Command::Cards {
            action: None,
            json,
            sort,
            reverse,
            state,
            deck,
            text,
        } => {
            let args = cards::CardsArgs {
                json,
                sort,
                reverse,
                state,
                deck,
                text,
            };
            cards::run(ctx, &mut out, &args)?
        }
        Command::Export { format, deck } => export::run(ctx, &mut out, format, &deck)?,
        Command::Optimize { reset, json } => optimize::run(ctx, &mut out, reset, json)?,
        Command::Progress { action } => match action {
            ProgressAction::Export => progress::export(ctx, &mut out)?,
            ProgressAction::Import { file } => progress::import(ctx, &mut out, &file)?,
        },
        Command::Paths => {
            let p = &ctx.paths;
            let show = |d: &Option<crate::paths::PathWithSource>| {
                d.as_ref()
                    .map_or("none (no home directory)".to_string(), ToString::to_string)
            };
            writeln!(out, "config dir:  {}", show(&p.config_dir))?;
            writeln!(out, "decks dir:   {}", show(&p.decks_dir))?;
            writeln!(out, "data dir:    {}", show(&p.data_dir))?;
            if let (Some(config), Some(data)) = (p.config_file(), &p.data_dir) {
                writeln!(out, "config file: {}", config.display())?;
                let progress = crate::progress::Store::new(&data.path).file();
                writeln!(out, "progress:    {}", progress.display())?;
            }
            0
        }
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails: write to memory, then out.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "archdeck", &mut script);
            out.write_all(&complete::with_corpus(shell, script))?;
            0
        }
        Command::Complete { what, prefix } => complete::run(ctx, &mut out, what, &prefix)?,
    };
    out.flush()?;
    Ok(code)
}
