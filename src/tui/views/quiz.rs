//! The quiz screen: the card, its choices, the answer and feedback, or the session summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::quiz::cards::Ask;
use crate::quiz::session::{Expect, Input, Summary};
use crate::tui::app::App;
use crate::tui::quiz::QuizState;
use crate::tui::theme::Theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(quiz) = &app.quiz else { return };
    let t = app.theme;
    let (done, left) = quiz.session.counts();
    let title = format!(" quiz · {} · {} answered, {} to go ", quiz.deck, done, left);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border_focused())
        .title(Span::styled(title, t.title()));
    let lines = match &quiz.summary {
        Some(summary) => summary_lines(summary, quiz, t),
        None => card_lines(quiz, t),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .render(area, buf);
}

fn card_lines(quiz: &QuizState, t: Theme) -> Vec<Line<'static>> {
    let s = &quiz.session;
    let Some(card) = s.current() else {
        return vec![Line::raw("No card.")];
    };
    let mut out = vec![
        Line::from(vec![
            Span::styled(card.card_type.to_string(), t.key()),
            Span::styled(format!(" · {}", card.kind), t.dim()),
            Span::styled(
                card.shown_id()
                    .or(quiz.answered.as_ref().map(|_| card.entry_id.as_str()))
                    .map(|id| format!(" · {id}"))
                    .unwrap_or_default(),
                t.dim(),
            ),
        ]),
        Line::default(),
    ];
    if s.current_changed() {
        out.push(Line::styled(
            "This card's entry changed since your last review.",
            t.error(),
        ));
        out.push(Line::default());
    }
    out.push(Line::styled(card.card_type.question(), t.title()));
    out.extend(card.prompt.lines().map(|l| Line::raw(l.to_string())));
    out.push(Line::default());
    let expect = s.expect();
    if let Ask::Choice { choices, correct } = &card.ask {
        let chosen = quiz.answered.as_ref().and_then(|a| match a.chosen {
            Some(Input::Choose(i)) => Some(i),
            _ => None,
        });
        for (i, c) in choices.iter().enumerate() {
            let style = match (quiz.answered.is_some(), i == *correct, Some(i) == chosen) {
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
    let revealed = matches!(expect, Expect::Rate | Expect::Next);
    if let Some(answer) = &quiz.answered {
        let verdict = match answer.correct {
            Some(true) => Span::styled("Right. ", t.good()),
            Some(false) => Span::styled("Not quite. ", t.error()),
            None => Span::raw(""),
        };
        let days = answer.log.interval_days;
        let when = if answer.requeued {
            "it comes back later in this session".to_string()
        } else {
            format!(
                "next review in {days} day{}",
                if days == 1 { "" } else { "s" }
            )
        };
        // "saved" only once the save has committed.
        let saved = if !answer.save {
            "not saved (cram)"
        } else if quiz.unsaved() == 0 {
            "saved"
        } else {
            "NOT saved yet"
        };
        out.push(Line::from(vec![
            verdict,
            Span::styled(
                format!("{}: {when}; {saved}.", answer.rating.as_str()),
                t.dim(),
            ),
        ]));
        if let Some(error) = quiz.save_error.as_deref().filter(|_| quiz.unsaved() > 0) {
            out.push(Line::styled(error.to_string(), t.error()));
        }
        out.push(Line::default());
    }
    if revealed {
        out.extend(card.answer.lines().map(|l| Line::raw(l.to_string())));
        out.push(Line::default());
    }
    let hint = match expect {
        Expect::Reveal => "Space: reveal the answer".to_string(),
        Expect::Rate => match quiz.preview {
            Some([a, h, g, e]) => {
                format!(
                    "How well did you recall it?  1 again ({a}d)  2 hard ({h}d)  3 good ({g}d)  4 easy ({e}d)"
                )
            }
            None => "How well did you recall it?  1 again  2 hard  3 good  4 easy".to_string(),
        },
        Expect::Verdict => "d: do it   n: don't".to_string(),
        Expect::Choose(n) => format!("Pick 1-{n}"),
        Expect::Next => "Space: next card".to_string(),
        Expect::Done => String::new(),
    };
    out.push(Line::styled(hint, t.key()));
    out.push(Line::styled(
        "o: read the entry   Esc: end the quiz",
        t.dim(),
    ));
    out
}

fn summary_lines(summary: &Summary, quiz: &QuizState, t: Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled("Session over", t.title()), Line::default()];
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
        out.push(Line::raw(format!(
            "Reviewed {} answer(s) over {} card(s); {acc:.0}% right; took {}s.",
            summary.reviewed,
            summary.cards,
            summary.elapsed.whole_seconds()
        )));
        if summary.cram {
            out.push(Line::raw("Cram session: nothing was saved."));
        }
    }
    if let Some(next) = summary.next_due {
        let ended = quiz.ended.map_or(next.date(), |at| at.date());
        let days = (next.date() - ended).whole_days().max(0);
        out.push(Line::raw(format!(
            "Next: {} card(s) due {}, in {days} day(s).",
            summary.next_due_count,
            next.date()
        )));
    }
    out.push(Line::default());
    out.push(Line::styled(
        "Esc: back to browsing   s: statistics",
        t.dim(),
    ));
    out
}
