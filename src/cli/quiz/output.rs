//! What `archdeck quiz` writes: a card's question and answer lines, the feedback after an
//! answer (right or wrong, saved or not, a leech) and the end-of-session summary.

use std::io::Write;

use time::OffsetDateTime;

use crate::quiz::cards::{Ask, Card};
use crate::quiz::schedule::is_due;
use crate::quiz::session::{Answer, Summary};

pub(super) fn write_lines(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    for line in text.lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

pub(super) fn write_question(out: &mut dyn Write, card: &Card) -> std::io::Result<()> {
    writeln!(out, "  {}", card.card_type.question())?;
    write_lines(out, &card.prompt)?;
    if let Ask::Choice { choices, .. } = &card.ask {
        for (i, c) in choices.iter().enumerate() {
            writeln!(out, "  {}. {}", i + 1, c.label)?;
        }
    }
    Ok(())
}

pub(super) fn write_feedback(
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
pub(super) fn days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

pub(super) fn write_summary(
    out: &mut dyn Write,
    s: &Summary,
    now: OffsetDateTime,
) -> std::io::Result<()> {
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
