//! `archdeck stats`: review statistics as text, or the raw progress as JSON.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::corpus::Kind;
use crate::ctx::{Ctx, say};
use crate::progress::{CardState, Progress, rfc3339};
use crate::quiz::cards::generate_outline;
use crate::quiz::schedule::Rating;
use crate::quiz::stats;

/// One card in `stats --json`.
#[derive(Serialize)]
struct CardJson<'a> {
    card_id: &'a str,
    entry_id: &'a str,
    state: CardState,
    due: String,
    stability: f32,
    difficulty: f32,
    reps: u32,
    lapses: u32,
    last_review: String,
    /// The probability of recalling it now (FSRS-6 forgetting curve).
    retrievability: Option<f32>,
}

/// One answer in `stats --json`.
#[derive(Serialize)]
struct LogJson<'a> {
    /// The review's own id (empty for a review read from an old `progress.toml`).
    id: &'a str,
    card_id: &'a str,
    rating: Rating,
    at: String,
}

/// The scheduling parameters in `stats --json`.
#[derive(Serialize)]
struct ParamsJson {
    /// `default` or `fitted` (by `archdeck optimize`).
    source: &'static str,
    fitted_at: Option<String>,
    reviews_used: Option<usize>,
    values: Vec<f32>,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    /// The reviewed cards' current retrievability: how many, the average, how many below 90%
    /// (null before the first review).
    retrievability: Option<stats::RetrievabilitySummary>,
    cards: Vec<CardJson<'a>>,
    log: Vec<LogJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<ParamsJson>,
}

fn json(progress: &Progress, now: time::OffsetDateTime, decay: f32) -> Result<StatsJson<'_>> {
    let mut cards = Vec::new();
    for r in progress.cards.values() {
        cards.push(CardJson {
            card_id: &r.card_id,
            entry_id: &r.entry_id,
            state: r.state,
            due: rfc3339::format(r.due)?,
            stability: r.stability,
            difficulty: r.difficulty,
            reps: r.reps,
            lapses: r.lapses,
            last_review: rfc3339::format(r.last_review)?,
            retrievability: stats::retrievability(r, now, decay),
        });
    }
    let mut log = Vec::new();
    for l in &progress.log {
        log.push(LogJson {
            id: &l.id,
            card_id: &l.card_id,
            rating: l.rating,
            at: rfc3339::format(l.at)?,
        });
    }
    Ok(StatsJson {
        retrievability: stats::retrievability_summary(progress, now, decay),
        cards,
        log,
        params: None,
    })
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, as_json: bool) -> Result<u8> {
    let now = ctx.clock()?.day_now();
    // A read-only command: it never creates, migrates or renames anything.
    let store = ctx.store()?;
    let loaded = crate::cli::progress::wait_while_busy(|| store.load_read_only())?;
    for w in &loaded.warnings {
        say(format_args!("warning: {w}"));
    }
    let progress = &loaded.progress;
    // Unusable stored parameters are reported; quizzes then schedule with the defaults.
    let store = ctx.store()?;
    let fitted = match crate::cli::progress::wait_while_busy(|| store.fitted_params()) {
        Ok(f) => f,
        Err(e @ crate::progress::ProgressError::BadParams { .. }) => {
            say(format_args!("warning: {e}"));
            None
        }
        Err(e) => return Err(e.into()),
    };
    // Retrievability follows the forgetting curve the scheduler uses: the fitted decay, if any.
    let decay = stats::decay(fitted.as_ref().map(|f| f.params.as_slice()));
    if as_json {
        let mut stats = json(progress, now, decay)?;
        stats.params = Some(ParamsJson {
            source: if fitted.is_some() {
                "fitted"
            } else {
                "default"
            },
            fitted_at: fitted
                .as_ref()
                .map(|f| rfc3339::format(f.fitted_at))
                .transpose()?,
            reviews_used: fitted.as_ref().map(|f| f.reviews_used),
            values: fitted
                .as_ref()
                .map_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec(), |f| f.params.clone()),
        });
        serde_json::to_writer_pretty(&mut *out, &stats)?;
        writeln!(out)?;
        return Ok(0);
    }
    let corpus = ctx.load_quietly();
    // Counting needs no multiple-choice options.
    let cards = generate_outline(corpus);
    let (all, by_kind) = stats::counts(&cards, progress);
    writeln!(
        out,
        "cards: {} ({} new, {} learning, {} review, {} relearning)",
        all.total(),
        all.new,
        all.learning,
        all.review,
        all.relearning
    )?;
    for kind in Kind::ALL {
        if let Some(c) = by_kind.get(&kind) {
            writeln!(
                out,
                "  {:<10} {:>5} cards, {:>5} new, {:>5} learning, {:>5} review, {:>5} relearning",
                kind.as_str(),
                c.total(),
                c.new,
                c.learning,
                c.review,
                c.relearning
            )?;
        }
    }
    let known: std::collections::HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    let orphans = progress
        .cards
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .count();
    if orphans > 0 {
        writeln!(
            out,
            "  {orphans} reviewed card(s) belong to entries no longer in the corpus; their history is kept"
        )?;
    }
    let forecast = stats::due_forecast(progress, now, 14);
    writeln!(
        out,
        "due today: {}, next 14 days: {}",
        forecast.first().copied().unwrap_or_default(),
        forecast.iter().sum::<u32>()
    )?;
    let days: Vec<String> = forecast.iter().map(u32::to_string).collect();
    writeln!(out, "  by day from today: {}", days.join(" "))?;
    match stats::retention(progress) {
        Some(r) => writeln!(
            out,
            "retention: {:.0}% of {} reviews not rated again",
            r * 100.0,
            progress.log.len()
        )?,
        None => writeln!(out, "retention: no reviews yet; run `archdeck quiz`")?,
    }
    if let Some(r) = stats::retrievability_summary(progress, now, decay) {
        writeln!(
            out,
            "retrievability now: {:.0}% on average over {} reviewed cards, {} below 90%",
            r.average * 100.0,
            r.cards,
            r.below_90
        )?;
    }
    writeln!(out, "{}", crate::cli::optimize::describe(&fitted))?;
    let weak = stats::weakest(progress, 5);
    if !weak.is_empty() {
        writeln!(out, "weakest entries:")?;
        for w in weak {
            let title = corpus.get(&w.entry_id).map_or("", |e| e.title.as_str());
            writeln!(
                out,
                "  {}  {title}  ({} lapses, {} again)",
                w.entry_id, w.lapses, w.agains
            )?;
        }
    }
    Ok(0)
}
