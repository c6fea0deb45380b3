use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::{Kind, Verdict};
use crate::ctx::{Ctx, say};
use crate::document::entry_markdown;
use crate::search::{Index, Resolved};

#[derive(Serialize)]
struct ShowJson<'a> {
    id: &'a str,
    kind: Kind,
    title: &'a str,
    aliases: &'a [String],
    tags: &'a [String],
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statement: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    scenarios: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    diagram: Option<&'a str>,
    body: &'a str,
    related: &'a [String],
    referenced_by: Vec<&'a str>,
    sources: &'a [String],
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, id: &str, json: bool) -> Result<u8> {
    let corpus = ctx.load_quietly();
    let index = Index::new(corpus);
    let pos = match index.resolve(corpus, id) {
        Resolved::Entry(pos) => pos,
        Resolved::Ambiguous(guesses) => {
            let guesses: Vec<&str> = guesses
                .iter()
                .map(|&i| corpus.entries()[i].id.as_str())
                .collect();
            if guesses.is_empty() {
                say(format_args!(
                    "no entry has the id `{id}`; try `archdeck search {id}`"
                ));
            } else {
                say(format_args!(
                    "no entry has the id `{id}`; did you mean {}?",
                    guesses.join(", ")
                ));
            }
            return Ok(1);
        }
    };
    let e = &corpus.entries()[pos];
    if json {
        let doc = ShowJson {
            id: &e.id,
            kind: e.kind,
            title: &e.title,
            aliases: &e.aliases,
            tags: &e.tags,
            summary: &e.summary,
            problem: e.problem.as_deref(),
            verdict: e.verdict,
            statement: e.statement.as_deref(),
            why: e.why.as_deref(),
            scenarios: &e.scenarios,
            diagram: e.diagram.as_deref(),
            body: &e.body,
            related: &e.related,
            referenced_by: corpus.backlinks(pos).map(|b| b.id.as_str()).collect(),
            sources: &e.sources,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        let md = entry_markdown(corpus, e);
        match ctx.page {
            // On a terminal: styled as in the reader, through $PAGER when longer than a screen.
            Some(page) => {
                out.flush()?;
                page(ctx, &md)?;
            }
            None => out.write_all(md.as_bytes())?,
        }
    }
    Ok(0)
}
