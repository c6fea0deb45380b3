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
    /// Anki's text import: a header naming the note type, a deck per kind and the GUID and tags
    /// columns; fronts and backs in HTML; re-importing updates the notes.
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

/// Markdown as one line of HTML for an Anki field (pulldown-cmark): no tabs, and no newlines
/// but inside code blocks, where they become `<br>`. A field never
/// starts a quoted CSV field (it starts with a tag).
pub fn markdown_html(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new(text);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    for (i, part) in html.split("<pre").enumerate() {
        if i > 0 {
            out.push_str("<pre");
            in_pre = true;
        }
        for (j, piece) in part.split("</pre>").enumerate() {
            if j > 0 {
                out.push_str("</pre>");
                in_pre = false;
            }
            let joined = if in_pre {
                piece.replace('\n', "<br>")
            } else {
                piece.trim_end_matches('\n').replace('\n', " ")
            };
            out.push_str(&joined);
        }
    }
    out.replace('\t', " ")
}

/// The Anki deck of a card: `archdeck::<kind, plural>`.
pub fn anki_deck(c: &Card) -> String {
    let plural = match c.kind {
        Kind::Fallacy => "fallacies".to_string(),
        kind => format!("{kind}s"),
    };
    format!("archdeck::{plural}")
}

/// A card's GUID in Anki: stable across exports (from the card id, which survives edits to the
/// entry), so that importing a later export updates the note instead of adding one.
pub fn anki_guid(c: &Card) -> String {
    format!("archdeck:{}", c.id)
}

/// The front as HTML: the question, the prompt and, for multiple choice, the numbered options.
fn front_html(c: &Card) -> String {
    let mut html = String::new();
    if c.card_type != CardType::Recall {
        html.push_str(&format!(
            "<p><i>{}</i></p>",
            anki_field(c.card_type.question())
        ));
    }
    html.push_str(&markdown_html(&c.prompt));
    if let Ask::Choice { choices, .. } = &c.ask {
        html.push_str("<ol>");
        for choice in choices {
            html.push_str(&format!("<li>{}</li>", anki_field(&choice.label)));
        }
        html.push_str("</ol>");
    }
    html
}

/// The back as HTML: the right option or the verdict first, then the explanation.
fn back_html(c: &Card) -> String {
    let lead = match &c.ask {
        Ask::Choice { choices, correct } => choices
            .get(*correct)
            .map(|l| format!("<p><b>{}. {}</b></p>", correct + 1, anki_field(&l.label))),
        Ask::Verdict(v) => Some(format!("<p><b>{}</b></p>", v.label())),
        Ask::SelfRated => None,
    };
    lead.unwrap_or_default() + &markdown_html(&c.answer)
}

/// Anki's text import with a header: one Basic note per card, in a deck per kind, with a GUID
/// column so that a re-import updates notes, and the tags.
fn anki(out: &mut dyn Write, cards: &[Card]) -> std::io::Result<()> {
    writeln!(out, "#separator:tab")?;
    writeln!(out, "#html:true")?;
    writeln!(out, "#notetype:Basic")?;
    writeln!(out, "#deck column:1")?;
    writeln!(out, "#guid column:2")?;
    writeln!(out, "#tags column:5")?;
    writeln!(out, "#columns:Deck\tGUID\tFront\tBack\tTags")?;
    for c in cards {
        let mut tags = vec!["archdeck".to_string(), format!("archdeck::{}", c.kind)];
        // A pattern card of a pattern is tagged once.
        if c.card_type.as_str() != c.kind.as_str() {
            tags.push(format!("archdeck::{}", c.card_type));
        }
        tags.extend(c.tags.iter().map(|t| t.replace(char::is_whitespace, "_")));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            anki_deck(c),
            anki_guid(c),
            front_html(c),
            back_html(c),
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
    fn markdown_becomes_one_line_of_html() {
        assert_eq!(
            markdown_html("**Linearizability** is \"strong\".\n- one\n- two"),
            "<p><strong>Linearizability</strong> is \"strong\".</p> <ul> <li>one</li> <li>two</li> </ul>"
        );
        assert_eq!(
            markdown_html("```\na\nb\n```"),
            "<pre><code>a<br>b<br></code></pre>"
        );
    }

    #[test]
    fn anki_fields_escape() {
        assert_eq!(anki_field("a\tb\nc <d> & e"), "a b<br>c &lt;d&gt; &amp; e");
    }
}
