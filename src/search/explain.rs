//! Why an entry came up: the fields and words a query matched in it, and a short line of
//! context around a word matched in its text.

use serde::Serialize;

use super::index::{DESCRIPTION_WEIGHTS, DESCRIPTION_WORDS, Index, WEIGHTS, entry_fields};
use super::text::{FIELDS, Field, is_apostrophe, normalize, stem};
use crate::corpus::{Entry, Kind};

/// One reason a hit came up: a word of the entry (as the entry spells it, normalised) in one
/// of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    pub field: &'static str,
    pub word: String,
}

impl Index {
    /// For each of `docs` (corpus positions), what `query` matched in it: text fields first,
    /// in field order, then names matched only fuzzily.
    pub fn explain(&self, query: &str, docs: &[usize]) -> Vec<Vec<Matched>> {
        let plan = self.plan(query);
        docs.iter()
            .map(|&doc| {
                if doc >= self.docs.len() {
                    return Vec::new();
                }
                let mut out: Vec<(Field, String)> = Vec::new();
                for clause in &plan.clauses {
                    // The best expansion found in this entry.
                    let found = clause
                        .expansions
                        .iter()
                        .filter(|e| usize::from(self.home[doc]) == e.table)
                        .filter_map(|e| {
                            let postings = self.tables[e.table].postings(e.term);
                            let at = postings.binary_search_by_key(&(doc as u32), |p| p.0).ok()?;
                            Some((e, postings[at]))
                        })
                        .max_by(|a, b| a.0.factor.total_cmp(&b.0.factor));
                    if let Some((e, (_, tf))) = found {
                        for (f, field) in Field::ALL.iter().enumerate() {
                            if tf[f] > 0 && !out.iter().any(|(g, w)| g == field && *w == e.word) {
                                out.push((*field, e.word.clone()));
                            }
                        }
                    }
                }
                let names = &self.docs[doc].names;
                for w in &plan.name_words {
                    if let Some(field) = names.field_of(&self.vocab, &self.matcher, w)
                        && !out.iter().any(|(g, _)| *g == field)
                    {
                        out.push((field, w.clone()));
                    }
                }
                out.sort_by_key(|(f, _)| *f);
                // One field holds a pattern's problem and a rule's statement and reason: name it
                // as the entry does.
                let kind = self.docs[doc].kind;
                out.into_iter()
                    .map(|(f, word)| Matched {
                        field: match f {
                            Field::Statement if kind == Kind::Pattern => "problem",
                            _ => f.as_str(),
                        },
                        word,
                    })
                    .collect()
            })
            .collect()
    }

    /// A line of at most `width` characters around the first word of `e`'s text (summary,
    /// problem or statement, scenarios, body) that `matched` names, if the hit came through its
    /// text rather than its names.
    pub fn context(&self, e: &Entry, matched: &[Matched], width: usize) -> Option<String> {
        if matched
            .iter()
            .any(|m| m.field == "title" || m.field == "aliases")
        {
            return None;
        }
        let fields = entry_fields(e);
        for m in matched {
            // A pattern's problem is reported as `problem`, its field's other name.
            let Some(f) = Field::ALL.iter().position(|f| {
                f.as_str() == m.field || (m.field == "problem" && *f == Field::Statement)
            }) else {
                continue;
            };
            if !(3..FIELDS).contains(&f) {
                continue;
            }
            let want = stem(&self.stemmer, &m.word);
            if let Some(line) = around(
                &fields[f],
                |w| {
                    let n = normalize(w);
                    n == m.word || stem(&self.stemmer, &n) == want
                },
                width,
            ) {
                return Some(line);
            }
        }
        None
    }
}

/// The text around the first word for which `is_it` holds, on one line of at most `width`
/// characters, with "…" where it was cut.
fn around(text: &str, is_it: impl Fn(&str) -> bool, width: usize) -> Option<String> {
    let flat: String = text
        .split_whitespace()
        .filter(|w| !w.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let mut at = None;
    let mut word = None;
    for (i, c) in flat
        .char_indices()
        .chain(std::iter::once((flat.len(), ' ')))
    {
        let inside = c.is_alphanumeric() || is_apostrophe(c);
        match (word, inside) {
            (None, true) => word = Some(i),
            (Some(s), false) => {
                if is_it(&flat[s..i]) {
                    at = Some(s);
                    break;
                }
                word = None;
            }
            _ => {}
        }
    }
    let at = at?;
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    let centre = chars.iter().position(|(i, _)| *i >= at).unwrap_or(0);
    let width = width.max(8);
    let start = centre.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut start = end.saturating_sub(width).min(start);
    let mut end = end;
    // Cut at spaces, so that the line neither starts nor ends inside a word; each cut leaves
    // room for its "…". Without a space to cut at, the end character gives way to it.
    let (mut head, mut tail) = (false, false);
    if start > 0 {
        head = true;
        match (start..centre).find(|&k| chars[k].1 == ' ') {
            Some(k) => start = k + 1,
            None => start += 1,
        }
    }
    if end < chars.len() {
        tail = true;
        match (centre + 1..end).rev().find(|&k| chars[k].1 == ' ') {
            Some(k) => end = k,
            None => end -= 1,
        }
    }
    let body: String = chars[start..end.max(start)]
        .iter()
        .map(|(_, c)| c)
        .collect();
    let body = body.trim_end();
    Some(format!(
        "{}{body}{}",
        if head { "…" } else { "" },
        if tail { "…" } else { "" }
    ))
}

impl Index {
    /// For tuning: how `query` scores each of `docs` (corpus positions), clause by clause and
    /// field by field, with the final rank of each.
    #[doc(hidden)]
    pub fn debug_scores(&self, query: &str, docs: &[usize]) -> String {
        use std::fmt::Write;
        let plan = self.plan(query);
        let hits = self.rank(&plan, None);
        let weights = if plan.words.len() >= DESCRIPTION_WORDS {
            &DESCRIPTION_WEIGHTS
        } else {
            &WEIGHTS
        };
        let mut out = String::new();
        let _ = writeln!(out, "query {query:?} words {:?}", plan.words);
        for &doc in docs {
            let rank = hits.iter().position(|h| h.index == doc);
            let score = rank.map(|r| hits[r].score);
            let _ = writeln!(
                out,
                "  {} ({:?}) rank {:?} score {:?}",
                self.docs[doc].title,
                self.docs[doc].kind,
                rank.map(|r| r + 1),
                score
            );
            for clause in &plan.clauses {
                for e in &clause.expansions {
                    if usize::from(self.home[doc]) != e.table {
                        continue;
                    }
                    let postings = self.tables[e.table].postings(e.term);
                    if let Ok(at) = postings.binary_search_by_key(&(doc as u32), |p| p.0) {
                        let p = &postings[at];
                        let _ = writeln!(
                            out,
                            "    {:>14} f{:.2} idf{:.2} tf{:?} lens{:?} -> {:.2}",
                            e.word,
                            e.factor,
                            e.idf,
                            p.1,
                            self.lens[doc],
                            e.factor * self.bm25(e.idf, p, weights)
                        );
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::around;

    #[test]
    fn context_lines_cut_between_words_within_the_width() {
        let text = "A breaker watches calls to a dependency, stops sending them while it fails, \
                    and probes it now and then to see whether it has recovered.";
        for width in [20, 31, 40, 57] {
            let line = around(text, |w| w == "stops", width).expect("found");
            assert!(line.chars().count() <= width, "{width}: {line:?}");
            assert!(line.contains("stops"), "{width}: {line:?}");
            let inner = line.trim_start_matches('…').trim_end_matches('…');
            for w in inner.split(' ') {
                let w = w.trim_matches(|c: char| c.is_ascii_punctuation());
                assert!(
                    text.split(|c: char| !c.is_alphanumeric()).any(|t| t == w),
                    "{width}: {line:?} has a cut word {w:?}"
                );
            }
        }
        // Short enough to show whole: no ellipsis.
        assert_eq!(
            around("stops here", |w| w == "stops", 40).unwrap(),
            "stops here"
        );
    }
}
