//! `archdeck optimize`: fits the FSRS-6 parameters to the user's own review log
//! ([`crate::quiz::optimize`]), stores them with the progress if they predict the log better than
//! the current ones, and `--reset` goes back to the defaults. Either way every reviewed card's
//! memory state (stability, difficulty) is recomputed from its reviews with the parameters now
//! in use; due dates stay as they are, and each card's next review uses the new parameters.
//!
//! Exit 0 whenever the command did what it could: parameters stored, kept because the fit was
//! no better, or kept because there are too few reviews yet (the output says how many more are
//! needed; `--json` has `"status": "too_few_reviews"`). Errors (an unreadable store) exit 1.

use std::io::{IsTerminal as _, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use crate::cli::progress::wait_while_busy;
use crate::ctx::{Ctx, say};
use crate::progress::FittedParams;
use crate::quiz::optimize::{Metrics, Outcome, optimize};

/// The parameters in use, and how well they predict the log.
#[derive(Serialize)]
struct ParamsJson {
    /// `default` or `fitted`.
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_loss: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rmse: Option<f32>,
    params: Vec<f32>,
}

#[derive(Serialize)]
struct OptimizeJson {
    /// `fitted` (stored), `kept` (the fit was no better), `too_few_reviews` or `reset`.
    status: &'static str,
    /// Reviews that count towards a fit (reviews of a card on a later day than its previous
    /// one).
    reviews: usize,
    /// How many counted reviews a fit needs.
    reviews_needed: usize,
    /// Whether the stored parameters changed.
    saved: bool,
    /// Cards whose memory state was recomputed with the new parameters.
    cards_updated: usize,
    before: ParamsJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<ParamsJson>,
}

fn source(fitted: &Option<FittedParams>) -> &'static str {
    if fitted.is_some() {
        "fitted"
    } else {
        "default"
    }
}

fn values(fitted: &Option<FittedParams>) -> Vec<f32> {
    fitted
        .as_ref()
        .map_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec(), |f| f.params.clone())
}

/// `archdeck optimize [--reset] [--json]`.
pub fn run(ctx: &Ctx, out: &mut dyn Write, reset: bool, json: bool) -> Result<u8> {
    let now = ctx.clock()?.day_now();
    let store = ctx.store()?;
    if reset {
        let removed = wait_while_busy(|| store.reset_params(now))?;
        let mut updated = 0;
        if removed {
            let progress = wait_while_busy(|| store.load_read_only())?.progress;
            updated = update_memory(ctx, &store, &progress, None, now)?;
        }
        if json {
            let report = OptimizeJson {
                status: "reset",
                reviews: 0,
                reviews_needed: crate::quiz::optimize::MIN_REVIEWS,
                saved: removed,
                cards_updated: updated,
                before: ParamsJson {
                    source: "default",
                    log_loss: None,
                    rmse: None,
                    params: fsrs::DEFAULT_PARAMETERS.to_vec(),
                },
                after: None,
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        } else if removed {
            writeln!(
                out,
                "the fitted parameters were removed: quizzes schedule with the FSRS-6 defaults \
                 again, and the cards' memory states were recomputed with them"
            )?;
        } else {
            writeln!(
                out,
                "no fitted parameters were stored: quizzes already schedule with the FSRS-6 defaults"
            )?;
        }
        return Ok(0);
    }

    // Only an improved fit writes (through `save_params`): reading creates nothing.
    let loaded = wait_while_busy(|| store.load_read_only())?;
    for w in &loaded.warnings {
        say(format_args!("warning: {w}"));
    }
    // Unusable stored parameters are reported and measured as the defaults, which quizzes use
    // meanwhile; a better fit replaces them.
    let fitted = match wait_while_busy(|| store.fitted_params()) {
        Ok(f) => f,
        Err(e @ crate::progress::ProgressError::BadParams { .. }) => {
            say(format_args!("warning: {e}"));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let current = fitted.as_ref().map(|f| f.params.as_slice());
    let outcome = with_progress(std::io::stderr().is_terminal(), |progress| {
        optimize(&loaded.progress.log, now.offset(), current, progress)
    })?;
    let fit = match outcome {
        Outcome::TooFew { have, need } => {
            if json {
                let report = OptimizeJson {
                    status: "too_few_reviews",
                    reviews: have,
                    reviews_needed: need,
                    saved: false,
                    cards_updated: 0,
                    before: ParamsJson {
                        source: source(&fitted),
                        log_loss: None,
                        rmse: None,
                        params: values(&fitted),
                    },
                    after: None,
                };
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "too few reviews to fit parameters: {have} count (answers to a card on a later \
                     day than its previous one) and a fit needs {need}, so about {} more; \
                     the {} parameters stay in use",
                    need - have,
                    source(&fitted)
                )?;
            }
            return Ok(0);
        }
        Outcome::Fitted(fit) => fit,
    };
    let improved = fit.improved();
    let mut updated = 0;
    if improved {
        let at = crate::review::times::on(now, time::UtcOffset::UTC);
        wait_while_busy(|| store.save_params(&fit.params, at, fit.reviews))?;
        updated = update_memory(ctx, &store, &loaded.progress, Some(&fit.params), now)?;
    }
    let was = source(&fitted);
    if json {
        let metrics = |m: Metrics| (Some(m.log_loss), Some(m.rmse));
        let (bl, br) = metrics(fit.before);
        let (al, ar) = metrics(fit.after);
        let report = OptimizeJson {
            status: if improved { "fitted" } else { "kept" },
            reviews: fit.reviews,
            reviews_needed: crate::quiz::optimize::MIN_REVIEWS,
            saved: improved,
            cards_updated: updated,
            before: ParamsJson {
                source: was,
                log_loss: bl,
                rmse: br,
                params: values(&fitted),
            },
            after: Some(ParamsJson {
                source: "fitted",
                log_loss: al,
                rmse: ar,
                params: fit.params.clone(),
            }),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(0);
    }
    writeln!(
        out,
        "fitted FSRS-6 parameters to {} reviews of {} cards",
        fit.reviews, fit.cards
    )?;
    writeln!(out, "                    log loss    RMSE")?;
    let before = format!("before ({was})");
    writeln!(
        out,
        "  {before:<17} {:>8.4} {:>7.4}",
        fit.before.log_loss, fit.before.rmse
    )?;
    writeln!(
        out,
        "  {:<17} {:>8.4} {:>7.4}",
        "after (fitted)", fit.after.log_loss, fit.after.rmse
    )?;
    if improved {
        writeln!(
            out,
            "the fitted parameters predict your reviews better: saved; quizzes schedule with them \
             from now on (`archdeck optimize --reset` goes back to the defaults)"
        )?;
        writeln!(
            out,
            "the memory state of {updated} card(s) was recomputed from their reviews with the \
             fitted parameters; their due dates are unchanged"
        )?;
    } else {
        writeln!(
            out,
            "the new fit predicts your reviews no better than the {was} parameters in use: kept them"
        )?;
    }
    Ok(0)
}

/// Recomputes every reviewed card's memory state (stability and difficulty) by replaying its
/// reviews with `params` (the defaults for `None`), so that its next review starts from what
/// those parameters make of its history; the due dates, states and counts are kept, and a card
/// answered meanwhile (in another process) keeps its new record. Returns how many cards were
/// updated.
pub(crate) fn update_memory(
    ctx: &Ctx,
    store: &crate::progress::Store,
    progress: &crate::progress::Progress,
    params: Option<&[f32]>,
    now: time::OffsetDateTime,
) -> Result<usize> {
    let ids: std::collections::BTreeSet<String> = progress.cards.keys().cloned().collect();
    let replayed =
        crate::cli::progress::recompute(progress, &ids, ctx.config().desired_retention, params)?;
    let records: Vec<_> = replayed
        .into_iter()
        .filter_map(|r| {
            let mut record = progress.cards.get(&r.card_id)?.clone();
            record.stability = r.stability;
            record.difficulty = r.difficulty;
            Some(record)
        })
        .collect();
    Ok(wait_while_busy(|| store.set_memory_states(&records, now))?)
}

/// Runs `work` with a progress state that a second thread shows on stderr as a percentage,
/// when `show` (stderr is a terminal); otherwise with none.
fn with_progress<T: Send>(
    show: bool,
    work: impl FnOnce(Option<Arc<Mutex<fsrs::CombinedProgressState>>>) -> T + Send,
) -> T {
    if !show {
        return work(None);
    }
    let state = fsrs::CombinedProgressState::new_shared();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    std::thread::scope(|scope| {
        let watch = Arc::clone(&state);
        let stop = Arc::clone(&done);
        scope.spawn(move || {
            let mut err = std::io::stderr();
            let mut shown = false;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (current, total) = watch
                    .lock()
                    .map(|s| (s.current(), s.total()))
                    .unwrap_or((0, 0));
                // The optimiser reports only its training; before it, the log is read and the
                // current parameters measured.
                let _ = match (current * 100).checked_div(total) {
                    Some(pct) => write!(err, "\r\x1b[2Karchdeck: fitting parameters… {pct:>3}%"),
                    None => write!(err, "\r\x1b[2Karchdeck: measuring the current parameters…"),
                };
                let _ = err.flush();
                shown = true;
                std::thread::sleep(Duration::from_millis(150));
            }
            if shown {
                // Clear the progress line.
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        });
        let result = work(Some(state));
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    })
}

/// One line for `archdeck stats`: which parameters the scheduler uses.
pub(crate) fn describe(fitted: &Option<FittedParams>) -> String {
    match fitted {
        None => "scheduling: FSRS-6 default parameters (run `archdeck optimize` to fit them to \
                 your reviews)"
            .into(),
        Some(f) => format!(
            "scheduling: FSRS-6 parameters fitted to {} reviews on {} (`archdeck optimize --reset` \
             goes back to the defaults)",
            f.reviews_used,
            utc_minute(f.fitted_at)
        ),
    }
}

/// `2025-01-02 03:04 UTC`.
fn utc_minute(t: time::OffsetDateTime) -> String {
    let t = crate::review::times::on(t, time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}
