use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::Kind;
use crate::ctx::{Ctx, say};
use crate::search::{Index, Matched};

/// The `search --json` contract.
#[derive(Serialize)]
struct SearchItem<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    score: i64,
    /// The fields and words of the entry that the query matched.
    matched: Vec<Matched>,
}

pub fn run(
    ctx: &Ctx,
    out: &mut dyn Write,
    query: &str,
    limit: usize,
    kind: Option<Kind>,
    json: bool,
) -> Result<u8> {
    let corpus = ctx.load_quietly();
    let index = Index::new(corpus);
    let search = index.search(query, kind);
    let shown: Vec<usize> = search.hits.iter().take(limit).map(|h| h.index).collect();
    let matched = if json {
        index.explain(query, &shown)
    } else {
        vec![Vec::new(); shown.len()]
    };
    let items: Vec<SearchItem> = search
        .hits
        .iter()
        .zip(matched)
        .map(|(h, matched)| {
            let e = &corpus.entries()[h.index];
            SearchItem {
                id: &e.id,
                title: &e.title,
                kind: e.kind,
                score: h.score,
                matched,
            }
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
    } else {
        let width = items.iter().map(|i| i.id.len()).max().unwrap_or(0);
        for i in &items {
            writeln!(out, "{:<width$}  {:<9}  {}", i.id, i.kind.as_str(), i.title)?;
        }
    }
    if items.is_empty() {
        let names: Vec<&str> = search
            .suggestions
            .iter()
            .map(|&i| corpus.entries()[i].title.as_str())
            .collect();
        if names.is_empty() {
            say(format_args!("no match for `{query}`"));
        } else {
            say(format_args!(
                "no match for `{query}`; did you mean {}?",
                names.join(", ")
            ));
        }
    }
    Ok(if items.is_empty() { 1 } else { 0 })
}
