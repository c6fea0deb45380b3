//! `archdeck cards`: every card with its state, due date, stability, difficulty, current
//! retrievability and lapses, sorted and filtered as the TUI's card browser does; read-only.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::Kind;
use crate::ctx::{Ctx, say};
use crate::progress::rfc3339;
use crate::quiz::browse::{self, Column, Filter, Row, StateFilter};
use crate::quiz::cards::{Deck, generate_outline};
use crate::review::CardState;

/// What `archdeck cards` lists and how.
#[derive(Debug, Clone)]
pub struct CardsArgs {
    pub json: bool,
    pub sort: Column,
    pub reverse: bool,
    pub state: StateFilter,
    pub deck: String,
    pub text: Option<String>,
}

/// One card in `cards --json`.
#[derive(Serialize)]
struct CardJson<'a> {
    card_id: &'a str,
    entry_id: &'a str,
    title: &'a str,
    kind: Kind,
    tags: &'a [String],
    card_type: &'static str,
    state: CardState,
    /// RFC 3339, or null for a new card.
    due: Option<String>,
    is_due: bool,
    stability: Option<f32>,
    difficulty: Option<f32>,
    retrievability: Option<f32>,
    reps: u32,
    lapses: u32,
    suspended: bool,
    buried: bool,
    flag: u8,
    leech: bool,
}

fn card_json(r: &Row) -> Result<CardJson<'_>> {
    Ok(CardJson {
        card_id: &r.card_id,
        entry_id: &r.entry_id,
        title: &r.title,
        kind: r.kind,
        tags: &r.tags,
        card_type: r.card_type.as_str(),
        state: r.state,
        due: r.due.map(rfc3339::format).transpose()?,
        is_due: r.is_due,
        stability: r.stability,
        difficulty: r.difficulty,
        retrievability: r.retrievability,
        reps: r.reps,
        lapses: r.lapses,
        suspended: r.suspended,
        buried: r.buried,
        flag: r.flag,
        leech: r.leech,
    })
}

/// `--sort`: a column name, or a usage error naming them all.
pub fn parse_column(s: &str) -> Result<Column, String> {
    Column::parse(s).ok_or_else(|| format!("unknown column `{s}`; use one of: {}", Column::names()))
}

/// `--state`: a state name, or a usage error naming them all.
pub fn parse_state(s: &str) -> Result<StateFilter, String> {
    StateFilter::parse(s)
        .ok_or_else(|| format!("unknown state `{s}`; use one of: {}", StateFilter::names()))
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, args: &CardsArgs) -> Result<u8> {
    let now = ctx.clock()?.day_now();
    // A read-only command: it never creates, migrates or renames anything.
    let store = ctx.store()?;
    let loaded = crate::cli::progress::wait_while_busy(|| store.load_read_only())?;
    for w in &loaded.warnings {
        say(format_args!("warning: {w}"));
    }
    let corpus = ctx.load_quietly();
    let deck = Deck::parse(&args.deck);
    if let Deck::Tag(tag) = &deck
        && !corpus.entries().iter().any(|e| e.tags.contains(tag))
    {
        say(format_args!(
            "no deck `{}`: use all, a kind (concepts, patterns, rules, …) or a tag; \
             `archdeck __complete decks` lists them",
            crate::sanitize::line(&args.deck)
        ));
        return Ok(1);
    }
    let cards = generate_outline(corpus);
    // Retrievability follows the forgetting curve the scheduler uses: the fitted decay, if any.
    let store = ctx.store()?;
    let params = match crate::cli::progress::wait_while_busy(|| store.params()) {
        Ok(p) => p,
        Err(e @ crate::progress::ProgressError::BadParams { .. }) => {
            say(format_args!("warning: {e}"));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let decay = crate::quiz::stats::decay(params.as_deref());
    let mut rows = browse::rows(&cards, &loaded.progress, now, decay);
    // `--deck` narrows as well as any `deck:` in the text.
    let by_deck = Filter {
        deck,
        ..Filter::default()
    };
    rows.retain(|r| by_deck.matches(r));
    browse::sort(&mut rows, args.sort, args.reverse);
    let mut filter = Filter {
        state: args.state,
        ..Filter::default()
    };
    if let Err(e) = filter.set_query(args.text.as_deref().unwrap_or_default()) {
        say(e);
        return Ok(2);
    }
    let shown = filter.apply(&rows);
    if args.json {
        let items = shown
            .iter()
            .map(|r| card_json(r))
            .collect::<Result<Vec<_>>>()?;
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
        return Ok(0);
    }
    write_table(out, &shown, now)?;
    if shown.is_empty() {
        say("no card matches; `archdeck cards` lists them all");
    }
    Ok(0)
}

/// The table's columns: heading, right-aligned, and the cell of a row.
type Cell = (&'static str, bool, fn(&Row, time::OffsetDateTime) -> String);

const CELLS: &[Cell] = &[
    ("CARD", false, |r, _| r.card_id.clone()),
    ("KIND", false, |r, _| r.kind.as_str().into()),
    ("STATE", false, |r, _| r.state.as_str().into()),
    ("DUE", false, |r, now| browse::fmt_due(r.due, now)),
    ("STAB", true, |r, _| browse::fmt_stability(r.stability)),
    ("DIFF", true, |r, _| browse::fmt_num(r.difficulty, 1)),
    ("R", true, |r, _| browse::fmt_percent(r.retrievability)),
    ("REPS", true, |r, _| r.reps.to_string()),
    ("LAPSES", true, |r, _| r.lapses.to_string()),
    ("SUSP", false, |r, _| {
        browse::fmt_set_aside(r.suspended, r.buried).into()
    }),
    ("FLAG", false, |r, _| browse::fmt_flag(r.flag).into()),
    ("LEECH", false, |r, _| yes(r.leech)),
    ("TITLE", false, |r, _| {
        crate::sanitize::line(&r.title).into_owned()
    }),
];

fn yes(b: bool) -> String {
    if b { "yes" } else { "-" }.into()
}

/// An aligned plain-text table: a header row, then a row per card; no colour and no trailing
/// spaces, so that it pipes cleanly.
fn write_table(out: &mut dyn Write, rows: &[&Row], now: time::OffsetDateTime) -> Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| CELLS.iter().map(|(_, _, f)| f(r, now)).collect())
        .collect();
    let widths: Vec<usize> = CELLS
        .iter()
        .enumerate()
        .map(|(i, (head, _, _))| {
            cells
                .iter()
                .map(|row| unicode_width::UnicodeWidthStr::width(row[i].as_str()))
                .chain([head.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |texts: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, ((_, right, _), text)) in CELLS.iter().zip(texts).enumerate() {
            let pad = widths[i].saturating_sub(unicode_width::UnicodeWidthStr::width(text));
            if i > 0 {
                s.push_str("  ");
            }
            if *right {
                s.push_str(&" ".repeat(pad));
                s.push_str(text);
            } else {
                s.push_str(text);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(CELLS.iter().map(|c| c.0).collect()))?;
    for row in &cells {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// The cards an argument names: a card id, or an entry id meaning all its cards (none for an
/// unknown id).
fn resolve<'a>(cards: &'a [crate::quiz::Card], arg: &str) -> Vec<&'a str> {
    let arg = arg.trim();
    if let Some(card) = cards.iter().find(|c| c.id == arg) {
        return vec![card.id.as_str()];
    }
    cards
        .iter()
        .filter(|c| c.entry_id == arg)
        .map(|c| c.id.as_str())
        .collect()
}

/// `archdeck cards suspend|unsuspend ID…`: every id is checked first; an unknown one is named
/// and nothing changes (exit 1). Then all the cards change in one transaction.
pub fn suspend(ctx: &Ctx, out: &mut dyn Write, ids: &[String], suspended: bool) -> Result<u8> {
    let clock = ctx.clock()?;
    let corpus = ctx.load_quietly();
    let cards = generate_outline(corpus);
    let mut targets: Vec<&str> = Vec::new();
    let mut unknown = Vec::new();
    for arg in ids {
        let found = resolve(&cards, arg);
        if found.is_empty() {
            unknown.push(format!("`{}`", crate::sanitize::line(arg.trim())));
        }
        for id in found {
            if !targets.contains(&id) {
                targets.push(id);
            }
        }
    }
    if !unknown.is_empty() {
        say(format_args!(
            "no card or entry {}; nothing changed. Use a card id such as \
             `circuit-breaker/recall` (`archdeck cards` lists them) or an entry id \
             (`archdeck list`)",
            unknown.join(", ")
        ));
        return Ok(1);
    }
    let store = ctx.store()?.with_clock(move || clock.now());
    let changed =
        crate::cli::progress::wait_while_busy(|| store.set_suspended(&targets, suspended))?;
    let verb = if suspended {
        "suspended"
    } else {
        "unsuspended"
    };
    let same = targets.len() - changed.min(targets.len());
    write!(out, "{verb} {changed} card(s)")?;
    if same > 0 {
        write!(out, " ({same} already {verb})")?;
    }
    writeln!(out, ": {}", targets.join(", "))?;
    Ok(0)
}
