//! `archdeck quiz`: flashcards in plain, line-oriented text.
//!
//! Every request for input is one line that starts with `> ` and names the accepted keys.
//! Accepted lines: empty (reveal), `1`-`4` (rate or choose), `d` or `n` (verdict), `s`
//! (suspend the card), `b` (bury it until tomorrow), `u` (undo the last answer, while there is
//! one), `q` (quit). Anything else gets one line saying what is accepted, then the same prompt
//! again. Each answer is saved durably before anything else is printed; the end of input ends
//! the session like `q`. When the last card is answered, one more prompt offers `u` before the
//! summary (any other line ends the session).
//!
//! The prompts and the parsing of input lines are in `keys`, the text written for a card, its
//! feedback and the summary in `output`.

mod keys;
mod output;

use std::io::{BufRead, Write};

use anyhow::{Context as _, Result};

use super::progress::wait_while_busy;
use crate::ctx::{Clock, Ctx, say};
use crate::progress::{ProgressError, Store};
use crate::quiz::cards::{Card, Deck, day_seed, generate_deck};
use crate::quiz::commit::{commit_answer, undo_answer};
use crate::quiz::session::{Expect, Outcome, Session, SessionOptions};
use keys::{accepted, end_prompt, parse, prompt};
use output::{write_feedback, write_lines, write_question, write_summary};

/// The options of `archdeck quiz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizArgs {
    pub deck: String,
    pub cram: bool,
    pub plain: bool,
    pub limit: Option<usize>,
}

/// Runs the quiz in plain mode (on a terminal without `--plain`, [`crate::run`] opens the TUI
/// instead).
pub fn run(ctx: &Ctx, input: &mut dyn BufRead, out: &mut dyn Write, args: &QuizArgs) -> Result<u8> {
    let clock = ctx.clock()?;
    let config = ctx.config();
    let corpus = ctx.load_quietly();
    let deck = Deck::parse(&args.deck);
    let now = clock.day_now();
    let seed = day_seed(now);
    let cards = generate_deck(corpus, &deck, seed);
    if cards.is_empty() {
        say(format_args!(
            "the deck `{}` has no cards; use all, concepts, patterns, rules, fallacies, laws, \
             principles, references or a tag (see `archdeck list`)",
            args.deck
        ));
        return Ok(1);
    }
    let store = ctx.store()?;
    let loaded = wait_while_busy(|| store.load(now))?;
    for w in &loaded.warnings {
        say(format_args!("warning: {w}"));
    }
    // Unusable stored parameters are reported, and the defaults used.
    let params = match wait_while_busy(|| store.params()) {
        Ok(p) => p,
        Err(e @ crate::progress::ProgressError::BadParams { .. }) => {
            say(format_args!(
                "warning: {e}; scheduling with the default parameters"
            ));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let options = SessionOptions {
        params,
        new_per_day: config.new_cards_per_day,
        reviews_per_day: config.reviews_per_day,
        leech_lapses: config.leech_lapses,
        limit: args.limit,
        cram: args.cram,
        desired_retention: config.desired_retention,
        seed,
        ..SessionOptions::default()
    };
    let mut session = Session::new(cards, loaded.progress, now, options)?;
    let plan = session.plan();
    let mut left_out = String::new();
    if plan.suspended > 0 {
        left_out.push_str(&format!(", {} suspended", plan.suspended));
    }
    if plan.buried_by_user > 0 {
        left_out.push_str(&format!(", {} buried", plan.buried_by_user));
    }
    writeln!(
        out,
        "archdeck quiz: deck {deck}, {} due, {} new{}{left_out}",
        plan.due.len(),
        plan.new.len(),
        if args.cram {
            format!(", {} more to cram", plan.extra.len())
        } else {
            String::new()
        }
    )?;
    if args.cram {
        writeln!(
            out,
            "cram mode: answers are not saved and your schedule does not change"
        )?;
    }
    if plan.is_empty() {
        writeln!(
            out,
            "nothing to review now; run `archdeck quiz --cram` to practise anyway"
        )?;
    }
    out.flush()?;

    'cards: loop {
        let Some(card) = session.current().cloned() else {
            // The last card is answered: offer to undo it before the summary.
            if !session.can_undo() {
                break;
            }
            writeln!(out, "{}", end_prompt())?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line).context("cannot read input")? == 0 {
                break;
            }
            // Anything but `u` ends the session, so that a script's surplus answers cannot
            // keep it waiting.
            if line.trim().eq_ignore_ascii_case("u") {
                undo(out, &mut session, &store)?;
                continue;
            }
            break;
        };
        let (_, left) = session.counts();
        let number = session.answers() as usize + 1;
        writeln!(out)?;
        writeln!(
            out,
            "[{number}/{}] {} · {}{}",
            number - 1 + left,
            card.card_type,
            card.kind,
            card.shown_id()
                .map(|id| format!(" · {id}"))
                .unwrap_or_default()
        )?;
        if session.current_changed() {
            writeln!(out, "  (this card changed since your last review)")?;
        }
        write_question(out, &card)?;
        loop {
            let expect = session.expect();
            let preview = (expect == Expect::Rate && !args.cram)
                .then(|| session.preview(clock.day_now()))
                .flatten();
            writeln!(out, "{}", prompt(expect, preview, session.can_undo()))?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line).context("cannot read input")? == 0 {
                break 'cards;
            }
            let line = line.trim();
            if line.eq_ignore_ascii_case("q") {
                break 'cards;
            }
            match line.to_ascii_lowercase().as_str() {
                "u" if session.can_undo() => {
                    undo(out, &mut session, &store)?;
                    continue 'cards;
                }
                "u" => {
                    writeln!(out, "nothing to undo in this session")?;
                    continue;
                }
                "s" | "b" if !matches!(expect, Expect::Next | Expect::Done) => {
                    set_aside(
                        out,
                        &mut session,
                        &store,
                        &clock,
                        line.eq_ignore_ascii_case("b"),
                    )?;
                    continue 'cards;
                }
                _ => {}
            }
            let Some(parsed) = parse(line, expect) else {
                writeln!(out, "{}", accepted(expect, session.can_undo()))?;
                continue;
            };
            match session.answer(parsed, clock.day_now())? {
                Outcome::Revealed => write_lines(out, &card.answer)?,
                Outcome::Rejected(expect) => {
                    writeln!(out, "{}", accepted(expect, session.can_undo()))?
                }
                Outcome::Answered(answer) => {
                    let mut saved = answer.save;
                    if answer.save
                        && let Err(e) = save_pending(&mut session, &store, &clock)
                    {
                        saved = false;
                        say(format_args!(
                            "your answer could not be saved to {}: {e}; it is kept and will be \
                             saved with your next answer or when you quit",
                            store.file().display()
                        ));
                    }
                    write_feedback(out, &card, &answer, saved)?;
                    break;
                }
            }
        }
        session.next_card();
    }
    let end = clock.day_now();
    let mut code = 0;
    if !session.pending().is_empty()
        && let Err(e) = save_pending(&mut session, &store, &clock)
    {
        say(format_args!(
            "{} answer(s) could not be saved to {}: {e}",
            session.pending().len(),
            store.file().display()
        ));
        code = 1;
    }
    write_summary(out, &session.summary(end), end)?;
    out.flush()?;
    Ok(code)
}

/// `u`: undoes the last answer (in the store if it was saved) and says so; the card is then
/// asked again.
fn undo(out: &mut dyn Write, session: &mut Session, store: &Store) -> Result<()> {
    match wait_while_busy(|| undo_answer(session, store)) {
        Ok(Some(undone)) => {
            let title = session
                .current()
                .map_or(undone.card_id.clone(), Card::unrevealed_name);
            writeln!(out, "undone: {} on {title}", undone.rating)?;
        }
        Ok(None) => writeln!(out, "nothing to undo in this session")?,
        Err(e) => say(format_args!("cannot undo: {e}; nothing changed")),
    }
    Ok(())
}

/// `s` or `b`: suspends the current card, or buries it until tomorrow's day start, and moves on.
fn set_aside(
    out: &mut dyn Write,
    session: &mut Session,
    store: &Store,
    clock: &Clock,
    bury: bool,
) -> Result<()> {
    let Some(card) = session.current().cloned() else {
        return Ok(());
    };
    let mut mark = session.current_mark().cloned().unwrap_or_default();
    let done = if bury {
        let until = crate::quiz::schedule::next_day_start(clock.day_now());
        mark.buried_until = Some(until);
        wait_while_busy(|| store.bury(&card.id, until))
    } else {
        mark.suspended = true;
        wait_while_busy(|| store.set_suspended(&[card.id.as_str()], true)).map(|_| ())
    };
    if let Err(e) = done {
        say(format_args!(
            "cannot set {} aside: {e}; nothing changed",
            card.id
        ));
        return Ok(());
    }
    session.set_aside_current(mark);
    if bury {
        writeln!(out, "buried until tomorrow: {}", card.unrevealed_name())?;
    } else {
        writeln!(
            out,
            "suspended: {} — `archdeck cards unsuspend {}` brings it back",
            card.unrevealed_name(),
            card.id
        )?;
    }
    Ok(())
}

/// Saves the session's pending answers, waiting (and saying so once) while another archdeck
/// process holds the store's lock.
fn save_pending(session: &mut Session, store: &Store, clock: &Clock) -> Result<(), ProgressError> {
    let warnings = wait_while_busy(|| commit_answer(session, store, clock.now()))?;
    for w in &warnings {
        say(format_args!("warning: {w}"));
    }
    Ok(())
}
