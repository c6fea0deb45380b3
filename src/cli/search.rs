use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::Kind;
use crate::ctx::Ctx;
use crate::search::Index;

/// The `search --json` contract.
#[derive(Serialize)]
struct SearchItem<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    score: i64,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, query: &str, limit: usize, json: bool) -> Result<u8> {
    let corpus = ctx.load_quietly();
    let index = Index::new(corpus);
    let hits = index.query(query, None);
    let items: Vec<SearchItem> = hits
        .iter()
        .take(limit)
        .map(|h| {
            let e = &corpus.entries()[h.index];
            SearchItem {
                id: &e.id,
                title: &e.title,
                kind: e.kind,
                score: h.score,
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
    Ok(if items.is_empty() { 1 } else { 0 })
}
