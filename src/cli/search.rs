use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::{Head, Kind, builtin_heads};
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
    let (files, problems) = ctx.user_deck_files();
    // Without user decks, the index and the entries' names are compiled in: the corpus need
    // not be built at all.
    let (index, heads): (Index, Vec<Head>) = if files.is_empty() && problems.is_empty() {
        (Index::builtin(), builtin_heads().collect())
    } else {
        let corpus = ctx.corpus_from(&files, problems);
        let heads = corpus
            .entries()
            .iter()
            .map(|e| Head {
                id: &e.id,
                kind: e.kind,
                title: &e.title,
            })
            .collect();
        (Index::new(corpus), heads)
    };
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
            let e = &heads[h.index];
            SearchItem {
                id: e.id,
                title: e.title,
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
        let names: Vec<&str> = search.suggestions.iter().map(|&i| heads[i].title).collect();
        if names.is_empty() {
            say(format_args!("no match for `{query}`"));
        } else {
            say(format_args!(
                "no match for `{query}`; did you mean {}?",
                names.join(", ")
            ));
        }
    }
    let code = if items.is_empty() { 1 } else { 0 };
    drop(items);
    // A one-shot process: freeing the index allocation by allocation is wasted work at exit.
    std::mem::forget(index);
    Ok(code)
}
