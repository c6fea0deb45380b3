//! The quiz screen: the card, its choices, the answer and feedback, or the session summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::quiz::cards::{Ask, Card};
use crate::quiz::session::{Answer, Expect, Input, Summary};
use crate::tui::app::App;
use crate::tui::quiz::QuizState;
use crate::tui::theme::Theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(quiz) = &app.quiz else { return };
    let t = app.theme;
    let (done, left) = quiz.session.counts();
    let plan = quiz.session.plan();
    let mut left_out = String::new();
    if plan.suspended > 0 {
        left_out.push_str(&format!(" · {} suspended", plan.suspended));
    }
    if plan.buried_by_user > 0 {
        left_out.push_str(&format!(" · {} buried", plan.buried_by_user));
    }
    let title = format!(
        " quiz · {} · {} answered, {} to go{left_out} ",
        quiz.deck, done, left
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border_focused())
        .title(Span::styled(title, t.title()));
    let lines = match &quiz.summary {
        Some(_) if quiz.explain && quiz.last_card.is_some() => last_card_lines(quiz, "summary", t),
        Some(summary) => summary_lines(summary, quiz, t),
        None => card_lines(quiz, t),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .render(area, buf);
}

/// The last answer's feedback line and a blank line, if a card was answered.
fn last_answer_lines(quiz: &QuizState, t: Theme) -> Vec<Line<'static>> {
    match (&quiz.answered, &quiz.last_card) {
        (Some(answer), Some(last)) => vec![
            feedback_line(
                answer,
                last,
                // A card answered Again and asked once more at once (no other card is left)
                // sits right below: its title and answer stay hidden until it is answered.
                quiz.session.current().is_some_and(|c| c.id == last.id),
                quiz.unsaved(),
                quiz.save_error.as_deref(),
                t,
            ),
            Line::default(),
        ],
        _ => Vec::new(),
    }
}

/// The last card again, answered: its options marked and its explanation; `e` goes `back` to
/// the current card or the summary.
fn last_card_lines(quiz: &QuizState, back: &str, t: Theme) -> Vec<Line<'static>> {
    let Some(card) = &quiz.last_card else {
        return Vec::new();
    };
    let mut out = vec![Line::styled("The last card:", t.dim()), Line::default()];
    out.extend(question_lines(card, quiz.answered.as_deref(), t));
    out.extend(card.answer.lines().map(|l| Line::raw(l.to_string())));
    out.push(Line::default());
    out.push(Line::styled(format!("e: back to the {back}"), t.key()));
    let end = if quiz.summary.is_some() {
        "Esc: back to browsing"
    } else {
        "Esc: end the quiz"
    };
    out.push(Line::styled(format!("o: read this entry   {end}"), t.dim()));
    out
}

fn card_lines(quiz: &QuizState, t: Theme) -> Vec<Line<'static>> {
    let s = &quiz.session;
    if quiz.explain && quiz.last_card.is_some() {
        return last_card_lines(quiz, "current card", t);
    }
    let Some(card) = s.current() else {
        return vec![Line::raw("No card.")];
    };
    let mut out = Vec::new();
    out.extend(last_answer_lines(quiz, t));
    if s.current_changed() {
        out.push(Line::styled(
            "This card's entry changed since your last review.",
            t.error(),
        ));
        out.push(Line::default());
    }
    if let Some(flag) = s.current_mark().map(|m| m.flag).filter(|f| *f > 0) {
        out.push(Line::styled(
            format!("Flagged {}.", crate::review::CardMark::flag_name(flag)),
            t.key(),
        ));
    }
    out.extend(question_lines(card, None, t));
    let expect = s.expect();
    if matches!(expect, Expect::Rate | Expect::Next) {
        out.extend(card.answer.lines().map(|l| Line::raw(l.to_string())));
        out.push(Line::default());
    }
    let cram = s.options().cram;
    let hint = match expect {
        Expect::Reveal => "Space: reveal the answer".to_string(),
        Expect::Rate => match (quiz.preview, cram) {
            (Some([_, h, g, e]), false) => format!(
                "How well did you recall it?  1 again (later today)  2 hard ({h}d)  3 good ({g}d)  4 easy ({e}d)"
            ),
            _ => "How well did you recall it?  1 again (later today)  2 hard  3 good  4 easy"
                .to_string(),
        },
        Expect::Verdict => "d: do it   n: don't".to_string(),
        Expect::Choose(n) => format!("Pick 1-{n}"),
        Expect::Next => "Space: next card".to_string(),
        Expect::Done => String::new(),
    };
    out.push(Line::styled(hint, t.key()));
    let last = if quiz.last_card.is_some() {
        "e: the last card again   "
    } else {
        ""
    };
    let undo = if s.can_undo() { "u: undo   " } else { "" };
    out.push(Line::styled(
        format!("{last}{undo}o: read the entry   Esc: end the quiz"),
        t.dim(),
    ));
    out
}

/// The card's type line, question, prompt and options; with `answered`, the right option in
/// green and a wrong choice in red.
fn question_lines(card: &Card, answered: Option<&Answer>, t: Theme) -> Vec<Line<'static>> {
    let id = card
        .shown_id()
        .or(answered.map(|_| card.entry_id.as_str()))
        .map(|id| format!(" · {id}"))
        .unwrap_or_default();
    let mut out = vec![
        Line::from(vec![
            Span::styled(card.card_type.to_string(), t.key()),
            Span::styled(format!(" · {}", card.kind), t.dim()),
            Span::styled(id, t.dim()),
        ]),
        Line::default(),
        Line::styled(card.card_type.question(), t.title()),
    ];
    out.extend(card.prompt.lines().map(|l| Line::raw(l.to_string())));
    out.push(Line::default());
    if let Ask::Choice { choices, correct } = &card.ask {
        let chosen = answered.and_then(|a| match a.chosen {
            Some(Input::Choose(i)) => Some(i),
            _ => None,
        });
        for (i, c) in choices.iter().enumerate() {
            let style = match (answered.is_some(), i == *correct, Some(i) == chosen) {
                (true, true, _) => t.good(),
                (true, false, true) => t.error(),
                _ => t.base(),
            };
            out.push(Line::from(vec![
                Span::styled(format!("  {}  ", i + 1), t.key()),
                Span::styled(c.label.clone(), style),
            ]));
        }
        out.push(Line::default());
    }
    out
}

/// One line on the answer just given, above the next card: right or not, the answer and why
/// for an automatically graded card, and when the card comes back.
fn feedback_line(
    answer: &Answer,
    card: &Card,
    asked_again: bool,
    unsaved: usize,
    save_error: Option<&str>,
    t: Theme,
) -> Line<'static> {
    let verdict = match answer.correct {
        Some(true) => Span::styled("Right. ", t.good()),
        Some(false) => Span::styled("Not quite. ", t.error()),
        None if asked_again => Span::raw(""),
        None => Span::styled(format!("{}. ", card.title), t.dim()),
    };
    let what = match &card.ask {
        _ if asked_again => String::new(),
        Ask::SelfRated => String::new(),
        Ask::Verdict(_) => format!("{} ", first_line(&card.answer)),
        Ask::Choice { .. } => format!("{} ", first_line(&card.answer)),
    };
    let when = match (answer.requeued, answer.save) {
        _ if answer.leech => format!("{}: suspended as a leech", answer.rating),
        (true, _) if asked_again => format!("{}: once more, below", answer.rating),
        (true, _) => format!("{}: back later today", answer.rating),
        (false, true) => {
            let days = answer.log.interval_days;
            format!(
                "{}: next review in {days} day{}",
                answer.rating,
                if days == 1 { "" } else { "s" }
            )
        }
        (false, false) => format!("{} (cram, not saved)", answer.rating),
    };
    // "saved" only once the save has committed; a failed save says so, with its error.
    let saved = if answer.save && unsaved == 0 {
        "; saved"
    } else {
        ""
    };
    let mut spans = vec![
        verdict,
        Span::raw(what),
        Span::styled(format!("({when}{saved}; e: explain)"), t.dim()),
    ];
    if answer.leech {
        spans.push(Span::styled(
            format!(
                " Leech: {} lapsed {} times and is suspended; o rereads its entry, u undoes.",
                card.title, answer.record.lapses
            ),
            t.error(),
        ));
    }
    if answer.save && unsaved > 0 {
        let error = save_error.map(|e| format!(": {e}")).unwrap_or_default();
        spans.push(Span::styled(
            format!(" NOT saved yet{error}; kept, and retried with the next answer."),
            t.error(),
        ));
    }
    Line::from(spans)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

fn summary_lines(summary: &Summary, quiz: &QuizState, t: Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled("Session over", t.title()), Line::default()];
    // The last answer's verdict (and a leech it made) shows here, as it would have above the
    // next card.
    out.extend(last_answer_lines(quiz, t));
    if summary.reviewed == 0 {
        out.push(Line::raw(
            "Nothing was due and no new cards are left for today.",
        ));
        out.push(Line::styled(
            "r: cram (practise without changing the schedule)",
            t.key(),
        ));
    } else {
        let acc = summary.accuracy().map_or(0.0, |a| a * 100.0);
        let per = summary
            .per_answer()
            .map_or(0.0, |d| d.as_seconds_f64().max(0.0));
        out.push(Line::raw(format!(
            "Reviewed {} answer(s) over {} card(s); {acc:.0}% right; took {}s ({per:.1}s a card).",
            summary.reviewed,
            summary.cards,
            summary.elapsed.whole_seconds()
        )));
        let parts: Vec<String> = summary
            .by_type
            .iter()
            .map(|(ty, (right, all))| {
                format!(
                    "{ty} {:.0}% of {all}",
                    f64::from(*right) * 100.0 / f64::from((*all).max(1))
                )
            })
            .collect();
        out.push(Line::raw(format!(
            "Right by card type: {}.",
            parts.join(", ")
        )));
        if summary.cram {
            out.push(Line::raw("Cram session: nothing was saved."));
        }
    }
    if let Some(next) = summary.next_due {
        // Dated in the user's day offset, which the session's end carries.
        let next = quiz
            .ended
            .map_or(next, |at| crate::review::times::on(next, at.offset()));
        let ended = quiz.ended.map_or(next.date(), |at| at.date());
        let days = (next.date() - ended).whole_days().max(0);
        out.push(Line::raw(format!(
            "Next: {} card(s) due {}, in {days} day(s).",
            summary.next_due_count,
            next.date()
        )));
    }
    if !summary.wrong.is_empty() {
        out.push(Line::default());
        out.push(Line::styled(
            "Answered wrong (j/k select, Enter reads the entry):",
            t.title(),
        ));
        for (i, m) in summary.wrong.iter().enumerate() {
            let style = if i == quiz.selected {
                t.selected()
            } else {
                t.base()
            };
            out.push(Line::styled(
                format!("  {}  ({}, {})", m.title, m.card_type, m.entry_id),
                style,
            ));
        }
    }
    out.push(Line::default());
    out.push(Line::styled(
        "Esc: back to browsing   s: statistics   B: card browser",
        t.dim(),
    ));
    out
}
