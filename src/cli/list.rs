use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::{Entry, Kind};
use crate::ctx::Ctx;

/// The `list --json` contract.
#[derive(Serialize)]
pub struct ListItem<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub title: &'a str,
    pub aliases: &'a [String],
    pub tags: &'a [String],
    pub summary: &'a str,
}

impl<'a> From<&'a Entry> for ListItem<'a> {
    fn from(e: &'a Entry) -> Self {
        ListItem {
            id: &e.id,
            kind: e.kind,
            title: &e.title,
            aliases: &e.aliases,
            tags: &e.tags,
            summary: &e.summary,
        }
    }
}

pub fn run(
    ctx: &Ctx,
    out: &mut dyn Write,
    kind: Option<Kind>,
    tag: Option<&str>,
    json: bool,
) -> Result<u8> {
    let corpus = ctx.load_quietly();
    let tag = tag.map(str::to_lowercase);
    let entries: Vec<&Entry> = corpus
        .entries()
        .iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .filter(|e| tag.as_ref().is_none_or(|t| e.tags.contains(t)))
        .collect();
    if let Some(t) = &tag
        && entries.is_empty()
        && !corpus.entries().iter().any(|e| e.tags.contains(t))
    {
        crate::ctx::say(format_args!(
            "no entry has the tag `{t}`; `archdeck list --json` shows every entry's tags"
        ));
        return Ok(1);
    }
    if json {
        let items: Vec<ListItem> = entries.iter().map(|e| ListItem::from(*e)).collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
    } else {
        let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for e in entries {
            writeln!(out, "{:<width$}  {:<9}  {}", e.id, e.kind.as_str(), e.title)?;
        }
    }
    Ok(0)
}
