//! `archdeck export`: every flashcard as Anki-importable text, JSON or Markdown.
//!
//! The export does not depend on the day: scenarios and distractors use seed 0.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::{Kind, Verdict};
use crate::ctx::{Ctx, say};
use crate::quiz::cards::{Ask, Card, CardType, Deck, generate_deck};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated front, back and tags, with HTML line breaks; import as "Basic" notes.
    Anki,
    /// A JSON array of cards with prompt, answer and choices.
    Json,
    /// A readable Markdown deck.
    Markdown,
}

#[derive(Serialize)]
struct CardJson<'a> {
    id: &'a str,
    entry_id: &'a str,
    card_type: &'static str,
    kind: Kind,
    prompt: &'a str,
    answer: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<&'a str>,
    /// 1-based, for choice cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    correct: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Verdict>,
    tags: &'a [String],
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, format: Format, deck: &str) -> Result<u8> {
    let corpus = ctx.load_quietly();
    let cards = generate_deck(corpus, &Deck::parse(deck), 0);
    if cards.is_empty() {
        say(format_args!("the deck `{deck}` has no cards"));
        return Ok(1);
    }
    match format {
        Format::Anki => anki(out, &cards)?,
        Format::Json => {
            let items: Vec<CardJson> = cards.iter().map(card_json).collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
        Format::Markdown => markdown(out, &cards)?,
    }
    Ok(0)
}

fn card_json(c: &Card) -> CardJson<'_> {
    let (choices, correct, verdict) = match &c.ask {
        Ask::SelfRated => (Vec::new(), None, None),
        Ask::Verdict(v) => (Vec::new(), None, Some(*v)),
        Ask::Choice { choices, correct } => (
            choices.iter().map(|c| c.label.as_str()).collect(),
            Some(correct + 1),
            None,
        ),
    };
    CardJson {
        id: &c.id,
        entry_id: &c.entry_id,
        card_type: c.card_type.as_str(),
        kind: c.kind,
        prompt: &c.prompt,
        answer: &c.answer,
        choices,
        correct,
        verdict,
        tags: &c.tags,
    }
}

/// The question as shown on the front of a card, with numbered choices.
pub fn front(c: &Card) -> String {
    let lead = match c.card_type {
        CardType::Recall => "",
        CardType::Reverse => "Which entry is described here?\n",
        CardType::Verdict => "Do or don't?\n",
        CardType::Fallacy => "Which fallacy is this?\n",
        CardType::Law => "Which law is at work here?\n",
        CardType::Pattern => "Which pattern solves this?\n",
    };
    let mut text = format!("{lead}{}", c.prompt);
    if let Ask::Choice { choices, .. } = &c.ask {
        for (i, choice) in choices.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", i + 1, choice.label));
        }
    }
    text
}

/// The answer as shown on the back, with the verdict or the right choice first.
pub fn back(c: &Card) -> String {
    match &c.ask {
        Ask::Choice { choices, correct } => {
            let label = choices.get(*correct).map_or("", |c| c.label.as_str());
            format!("{}. {label}\n{}", correct + 1, c.answer)
        }
        _ => c.answer.clone(),
    }
}

/// A field for Anki's HTML-enabled import: HTML-escaped, tabs as spaces, newlines as `<br>`.
pub fn anki_field(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace(['\n', '\r'], "<br>")
}

fn anki(out: &mut dyn Write, cards: &[Card]) -> std::io::Result<()> {
    writeln!(out, "#separator:tab")?;
    writeln!(out, "#html:true")?;
    writeln!(out, "#tags column:3")?;
    for c in cards {
        let mut tags = vec![
            "archdeck".to_string(),
            format!("archdeck::{}", c.kind),
            format!("archdeck::{}", c.card_type),
        ];
        tags.extend(c.tags.iter().map(|t| t.replace(char::is_whitespace, "_")));
        writeln!(
            out,
            "{}\t{}\t{}",
            anki_field(&front(c)),
            anki_field(&back(c)),
            anki_field(&tags.join(" "))
        )?;
    }
    Ok(())
}

fn markdown(out: &mut dyn Write, cards: &[Card]) -> std::io::Result<()> {
    writeln!(out, "# archdeck flashcards")?;
    writeln!(out)?;
    writeln!(out, "{} cards.", cards.len())?;
    for c in cards {
        writeln!(out)?;
        writeln!(out, "## {} ({}, {})", c.id, c.card_type, c.kind)?;
        writeln!(out)?;
        writeln!(out, "**Q:** {}", front(c).replace('\n', "  \n"))?;
        writeln!(out)?;
        writeln!(out, "**A:** {}", back(c).replace('\n', "  \n"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_fields_escape() {
        assert_eq!(anki_field("a\tb\nc <d> & e"), "a b<br>c &lt;d&gt; &amp; e");
    }
}
