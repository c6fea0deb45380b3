//! Validation of one raw entry: required fields, ids, kinds, verdicts, scenarios and diagram
//! width, each problem located in its file. Text is sanitised here ([`crate::sanitize`]).

use std::ops::Range;

use super::deck::DeckFile;
use super::diagnostic::Diagnostic;
use super::entry::{DIAGRAM_WIDTH, Entry, Kind, Origin, Verdict};
use super::raw::{ParsedEntry, RawEntry, Rejected, S, Validated};
use crate::sanitize::{Lines, clean};

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn text(field: &S<String>, lines: Lines) -> Option<String> {
    field
        .as_ref()
        .map(|s| clean(s.get_ref().trim(), lines).into_owned())
        .filter(|s| !s.is_empty())
}

fn list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| clean(s.trim(), Lines::Fold).into_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(super) fn validate(
    file: &DeckFile,
    raw: RawEntry,
    table: Range<usize>,
    line_starts: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> Validated {
    let before = problems.len();
    let mut report = |span: Range<usize>, msg: String| problems.push(file.diagnostic(span, msg));
    let id = raw.id.as_ref().map(|s| s.get_ref().trim().to_string());
    let id_span = raw.id.as_ref().map_or(table.clone(), |s| s.span());
    let name = id.clone().unwrap_or_else(|| "entry".into());
    match &id {
        None => report(
            table.clone(),
            "entry has no `id`; add `id = \"kebab-case-name\"`".into(),
        ),
        Some(id) if !is_kebab(id) => report(
            id_span.clone(),
            format!("id `{id}` must be kebab-case: lower-case letters, digits and single hyphens"),
        ),
        Some(_) => {}
    }
    let kind = match &raw.kind {
        None => {
            report(
                table.clone(),
                format!("`{name}` has no `kind`; add one of: {}", kinds_list()),
            );
            None
        }
        Some(k) => {
            match Kind::parse(k.get_ref()).filter(|kind| kind.as_str() == k.get_ref().trim()) {
                Some(kind) => Some(kind),
                None => {
                    report(
                        k.span(),
                        format!(
                            "unknown kind `{}`; use one of: {}",
                            k.get_ref(),
                            kinds_list()
                        ),
                    );
                    None
                }
            }
        }
    };
    let mut required = |field: &S<String>, key: &str, lines: Lines| {
        let value = text(field, lines);
        if value.is_none() {
            let span = field.as_ref().map_or(table.clone(), |s| s.span());
            report(
                span,
                format!("`{name}` is missing `{key}` (required, non-empty)"),
            );
        }
        value.unwrap_or_default()
    };
    let title = required(&raw.title, "title", Lines::Fold);
    let summary = required(&raw.summary, "summary", Lines::Fold);
    let body = required(&raw.body, "body", Lines::Keep);
    let mut need_list = |field: &S<Vec<String>>, key: &str| {
        let values = field
            .as_ref()
            .map(|s| list(s.get_ref()))
            .unwrap_or_default();
        if values.is_empty() {
            let span = field.as_ref().map_or(table.clone(), |s| s.span());
            problems.push(
                file.diagnostic(span, format!("`{name}` needs at least one item in `{key}`")),
            );
        }
        values
    };
    let tags = need_list(&raw.tags, "tags");
    let sources = need_list(&raw.sources, "sources");
    for tag in &tags {
        if tag.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
            let span = raw.tags.as_ref().map_or(table.clone(), |s| s.span());
            let suggestion: String = tag
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("-");
            problems.push(file.diagnostic(
                span,
                format!(
                    "tag `{tag}` in `{name}` must be lower-case with no spaces, like `{suggestion}`"
                ),
            ));
        }
    }

    let mut verdict = None;
    let mut scenarios = Vec::new();
    match kind {
        Some(Kind::Rule) => {
            match &raw.verdict {
                None => problems.push(file.diagnostic(
                    table.clone(),
                    format!("rule `{name}` is missing `verdict` (\"do\" or \"dont\")"),
                )),
                Some(v) => match v.get_ref().trim() {
                    "do" => verdict = Some(Verdict::Do),
                    "dont" | "don't" => verdict = Some(Verdict::Dont),
                    other => problems.push(file.diagnostic(
                        v.span(),
                        format!("verdict `{other}` is not \"do\" or \"dont\""),
                    )),
                },
            }
            for (field, key) in [(&raw.statement, "statement"), (&raw.why, "why")] {
                if text(field, Lines::Fold).is_none() {
                    let span = field.as_ref().map_or(table.clone(), |s| s.span());
                    problems
                        .push(file.diagnostic(span, format!("rule `{name}` is missing `{key}`")));
                }
            }
        }
        Some(kind @ (Kind::Fallacy | Kind::Law)) => {
            scenarios = raw
                .scenarios
                .as_ref()
                .map(|s| list(s.get_ref()))
                .unwrap_or_default();
            if scenarios.is_empty() {
                let span = raw.scenarios.as_ref().map_or(table.clone(), |s| s.span());
                problems.push(file.diagnostic(
                    span,
                    format!("{kind} `{name}` needs at least one item in `scenarios`"),
                ));
            }
        }
        Some(Kind::Pattern) if text(&raw.problem, Lines::Fold).is_none() => {
            let span = raw.problem.as_ref().map_or(table.clone(), |s| s.span());
            problems.push(file.diagnostic(span, format!("pattern `{name}` is missing `problem`")));
        }
        _ => {}
    }
    let diagram = raw.diagram.as_ref().and_then(|d| {
        let text = d.get_ref().trim_matches('\n').trim_end();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if widest > DIAGRAM_WIDTH {
            problems.push(file.diagnostic(
                d.span(),
                format!(
                    "the diagram of `{name}` is {widest} columns wide; keep it within {DIAGRAM_WIDTH}"
                ),
            ));
        }
        (!text.trim().is_empty()).then(|| text.to_string())
    });
    let (id, kind) = match (id, kind) {
        (Some(id), Some(kind)) if problems.len() == before => (id, kind),
        (id, _) => {
            return Err(Rejected {
                id,
                related: raw
                    .related
                    .iter()
                    .map(|s| (s.get_ref().trim().to_string(), s.span()))
                    .collect(),
            });
        }
    };
    // A lookup in the file's line table: `line_col` scans from the start of the file, which
    // made loading quadratic in the deck's size.
    let line = line_starts.partition_point(|&start| start <= id_span.start);
    Ok(ParsedEntry {
        entry: Entry {
            id,
            kind,
            title,
            aliases: list(&raw.aliases),
            tags: tags.into_iter().map(|t| t.to_lowercase()).collect(),
            summary,
            body,
            related: raw
                .related
                .iter()
                .map(|s| s.get_ref().trim().to_string())
                .collect(),
            sources,
            problem: text(&raw.problem, Lines::Fold),
            verdict,
            statement: text(&raw.statement, Lines::Fold),
            why: text(&raw.why, Lines::Fold),
            scenarios,
            diagram,
            origin: Origin {
                file: file.name.clone(),
                line,
                builtin: file.builtin,
            },
            lowered: None,
        },
        id_span,
        overrides: raw.overrides,
        related_spans: raw.related.iter().map(|s| s.span()).collect(),
    })
}

fn kinds_list() -> String {
    Kind::ALL.map(Kind::as_str).join(", ")
}
