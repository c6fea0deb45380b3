//! `archdeck quiz`: flashcards in plain, line-oriented text.
//!
//! Every request for input is one line that starts with `> ` and names the accepted keys.
//! Accepted lines: empty (reveal), `1`-`4` (rate or choose), `d` or `n` (verdict), `s`
//! (suspend the card), `b` (bury it until tomorrow), `u` (undo the last answer, while there is
//! one), `q` (quit). Anything else gets one line saying what is accepted, then the same prompt
//! again. Each answer is saved durably before anything else is printed; the end of input ends
//! the session like `q`. When the last card is answered, one more prompt offers `u` before the
//! summary (any other line ends the session).

use std::io::{BufRead, Write};

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use super::progress::wait_while_busy;
use crate::corpus::Verdict;
use crate::ctx::{Clock, Ctx, say};
use crate::progress::{ProgressError, Store};
use crate::quiz::cards::{Ask, Card, Deck, day_seed, generate_deck};
use crate::quiz::commit::{commit_answer, undo_answer};
use crate::quiz::schedule::{Rating, is_due};
use crate::quiz::session::{Answer, Expect, Input, Outcome, Session, SessionOptions, Summary};

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

/// The input line for what the session expects. `preview` gives the days each rating would
/// schedule (none in cram mode, where nothing is scheduled); Again always means later today.
/// `undo` lists `u` (there is an answer to undo).
pub fn prompt(expect: Expect, preview: Option<[u32; 4]>, undo: bool) -> String {
    let keys = match expect {
        Expect::Reveal => "> [Enter] reveal".into(),
        Expect::Rate => match preview {
            Some([_, h, g, e]) => format!(
                "> 1 again (later today), 2 hard ({}), 3 good ({}), 4 easy ({})",
                days(h),
                days(g),
                days(e)
            ),
            None => "> 1 again (later today), 2 hard, 3 good, 4 easy".into(),
        },
        Expect::Verdict => "> d do, n don't".into(),
        Expect::Choose(n) => format!("> 1-{n} choose"),
        Expect::Next | Expect::Done => "> [Enter] continue".into(),
    };
    let card = if matches!(expect, Expect::Next | Expect::Done) {
        ""
    } else {
        ", s suspend, b bury"
    };
    let undo = if undo { ", u undo" } else { "" };
    format!("{keys}{card}{undo}, q quit")
}

/// The input line once the last card is answered (only while there is an answer to undo).
fn end_prompt() -> &'static str {
    "> [Enter] end the session, u undo, q quit"
}

/// The line shown after input that does not fit.
fn accepted(expect: Expect, undo: bool) -> String {
    let keys = match expect {
        Expect::Reveal => "press Enter (an empty line) to reveal the answer".into(),
        Expect::Rate => "type 1 (again), 2 (hard), 3 (good) or 4 (easy)".into(),
        Expect::Verdict => "type d (do) or n (don't)".into(),
        Expect::Choose(n) => format!("type a number from 1 to {n}"),
        Expect::Next | Expect::Done => "press Enter to continue".into(),
    };
    let undo = if undo {
        ", u to undo the last answer"
    } else {
        ""
    };
    format!("{keys}{undo}, or q to quit")
}

/// Turns a trimmed input line into an input, if it is accepted now.
fn parse(line: &str, expect: Expect) -> Option<Input> {
    let number = || line.parse::<u8>().ok();
    match expect {
        Expect::Reveal => line.is_empty().then_some(Input::Reveal),
        Expect::Rate => number().and_then(Rating::from_number).map(Input::Rate),
        Expect::Verdict => match line.to_ascii_lowercase().as_str() {
            "d" => Some(Input::Verdict(Verdict::Do)),
            "n" => Some(Input::Verdict(Verdict::Dont)),
            _ => None,
        },
        Expect::Choose(n) => number()
            .map(usize::from)
            .filter(|i| (1..=n.min(4)).contains(i))
            .map(|i| Input::Choose(i - 1)),
        Expect::Next | Expect::Done => None,
    }
}

fn write_lines(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    for line in text.lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

fn write_question(out: &mut dyn Write, card: &Card) -> std::io::Result<()> {
    writeln!(out, "  {}", card.card_type.question())?;
    write_lines(out, &card.prompt)?;
    if let Ask::Choice { choices, .. } = &card.ask {
        for (i, c) in choices.iter().enumerate() {
            writeln!(out, "  {}. {}", i + 1, c.label)?;
        }
    }
    Ok(())
}

fn write_feedback(
    out: &mut dyn Write,
    card: &Card,
    answer: &Answer,
    saved: bool,
) -> std::io::Result<()> {
    match (&card.ask, answer.correct) {
        (Ask::Verdict(v), Some(right)) => {
            let verdict = if right { "right" } else { "wrong" };
            writeln!(out, "{verdict}: the verdict is {}", v.label())?;
            write_lines(out, &card.answer)?;
        }
        (Ask::Choice { choices, correct }, Some(right)) => {
            let label = choices.get(*correct).map_or("", |c| c.label.as_str());
            let verdict = if right { "right" } else { "wrong" };
            writeln!(out, "{verdict}: {}. {label}", correct + 1)?;
            write_lines(out, &card.answer)?;
        }
        _ => {}
    }
    let when = if answer.leech {
        ", suspended as a leech".to_string()
    } else if answer.requeued {
        ", back later today".to_string()
    } else if answer.save {
        format!(", next review in {}", days(answer.log.interval_days))
    } else {
        String::new()
    };
    if saved {
        writeln!(out, "saved: {}{when}", answer.rating)?;
    } else if answer.save {
        writeln!(out, "NOT saved yet: {}{when}", answer.rating)?;
    } else {
        writeln!(out, "not saved (cram): {}{when}", answer.rating)?;
    }
    if answer.leech {
        writeln!(
            out,
            "leech: {} lapsed {} times and is suspended; reread it with `archdeck show {}` \
             (u undoes this answer)",
            card.title, answer.record.lapses, card.entry_id
        )?;
    }
    Ok(())
}

/// `1 day`, `3 days`.
fn days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn write_summary(out: &mut dyn Write, s: &Summary, now: OffsetDateTime) -> std::io::Result<()> {
    writeln!(out)?;
    let secs = s.elapsed.whole_seconds().max(0);
    let took = if secs >= 60 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    };
    let cram = if s.cram { " (cram, nothing saved)" } else { "" };
    match s.accuracy() {
        Some(acc) => writeln!(
            out,
            "session over{cram}: {} reviewed, {:.0}% right, took {took}",
            s.reviewed,
            acc * 100.0
        )?,
        None => writeln!(out, "session over{cram}: nothing reviewed")?,
    }
    if let Some(per) = s.per_answer() {
        writeln!(out, "time per card: {:.1}s", per.as_seconds_f64().max(0.0))?;
    }
    if !s.by_type.is_empty() {
        let parts: Vec<String> = s
            .by_type
            .iter()
            .map(|(t, (right, all))| {
                format!(
                    "{t} {:.0}% of {all}",
                    f64::from(*right) * 100.0 / f64::from((*all).max(1))
                )
            })
            .collect();
        writeln!(out, "right by card type: {}", parts.join(", "))?;
    }
    if !s.wrong.is_empty() {
        writeln!(out, "answered wrong (read one with `archdeck show ID`):")?;
        for m in &s.wrong {
            writeln!(out, "  {}  {} ({})", m.entry_id, m.title, m.card_type)?;
        }
    }
    match s.next_due {
        None => writeln!(out, "next cards due: none scheduled yet"),
        Some(due) if is_due(due, now) => {
            writeln!(out, "next cards due: today ({})", cards(s.next_due_count))
        }
        Some(due) => {
            let days = crate::quiz::schedule::days_between(
                now,
                crate::review::times::on(due, now.offset()),
            );
            let date = crate::review::times::on(due, now.offset()).date();
            writeln!(
                out,
                "next cards due: {date}, in {days} day{} ({})",
                if days == 1 { "" } else { "s" },
                cards(s.next_due_count)
            )
        }
    }
}

fn cards(n: u32) -> String {
    if n == 1 {
        "1 card".into()
    } else {
        format!("{n} cards")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_what_is_expected() {
        assert_eq!(parse("", Expect::Reveal), Some(Input::Reveal));
        assert_eq!(parse("3", Expect::Reveal), None);
        assert_eq!(parse("3", Expect::Rate), Some(Input::Rate(Rating::Good)));
        assert_eq!(parse("5", Expect::Rate), None);
        assert_eq!(parse("", Expect::Rate), None);
        assert_eq!(
            parse("N", Expect::Verdict),
            Some(Input::Verdict(Verdict::Dont))
        );
        assert_eq!(parse("4", Expect::Choose(4)), Some(Input::Choose(3)));
        assert_eq!(parse("4", Expect::Choose(3)), None);
        assert_eq!(parse("0", Expect::Choose(4)), None);
    }
}
