//! `archdeck progress export` and `archdeck progress import FILE`: carry progress to another
//! machine, or merge two machines' histories.
//!
//! The export is JSON: every card's record and the whole review log, each review with its own
//! id. An import merges reviews by id (a review already present is skipped, so importing the
//! same file twice changes nothing), then recomputes the schedule of every card that gained
//! reviews by replaying its whole history, in time order, through the scheduler. Card marks
//! (suspended, leech, flag, buried until) travel too: for each card the mark changed last (its
//! `updated_at`) wins, so an old export never brings back a suspension lifted since. Fitted
//! FSRS parameters (`archdeck optimize`) travel as well: the later fit wins.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

use crate::ctx::{Ctx, say};
use crate::progress::{
    CardRecord, FittedParams, Progress, ProgressError, ReviewLog, Store, check_params,
};
use crate::quiz::schedule::Scheduler;
use crate::review::CardMark;

/// The `format` field of an export.
const FORMAT: &str = "archdeck-progress";
/// The export's version.
const VERSION: u32 = 1;
/// A larger file is refused rather than read into memory.
const MAX_IMPORT_BYTES: u64 = 1 << 30;

#[derive(Serialize, Deserialize)]
struct ExportFile {
    format: String,
    version: u32,
    cards: Vec<CardRecord>,
    reviews: Vec<ReviewLog>,
    /// Suspended, buried, flagged and leech cards, by card id (absent in exports before marks).
    #[serde(default)]
    marks: BTreeMap<String, CardMark>,
    /// The FSRS parameters `archdeck optimize` fitted, if any (absent in older exports and
    /// where the defaults are in use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    params: Option<ExportParams>,
}

/// Fitted FSRS parameters as an export carries them.
#[derive(Serialize, Deserialize)]
struct ExportParams {
    params: Vec<f32>,
    #[serde(with = "time::serde::rfc3339")]
    fitted_at: time::OffsetDateTime,
    reviews_used: usize,
}

/// `archdeck progress export`: the whole store as JSON on `out`.
pub fn export(ctx: &Ctx, out: &mut dyn Write) -> Result<u8> {
    let store = ctx.store()?;
    let loaded = wait_while_busy(|| store.load_read_only())?;
    let Progress { cards, log, marks } = loaded.progress;
    let params = wait_while_busy(|| store.fitted_params())?.map(|f| ExportParams {
        params: f.params,
        fitted_at: f.fitted_at,
        reviews_used: f.reviews_used,
    });
    let file = ExportFile {
        format: FORMAT.into(),
        version: VERSION,
        cards: cards.into_values().collect(),
        reviews: log,
        marks,
        params,
    };
    serde_json::to_writer(&mut *out, &file)?;
    writeln!(out)?;
    Ok(0)
}

/// `archdeck progress import FILE` (`-` reads stdin): merges an export into the store.
pub fn import(ctx: &Ctx, out: &mut dyn Write, file: &Path) -> Result<u8> {
    let name = crate::sanitize::line(&file.display().to_string()).into_owned();
    let text = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .take(MAX_IMPORT_BYTES)
            .read_to_string(&mut s)
            .context("cannot read the export from stdin")?;
        s
    } else {
        let meta = std::fs::metadata(file).with_context(|| format!("cannot read {name}"))?;
        if !meta.is_file() {
            bail!("{name} is not a regular file");
        }
        if meta.len() > MAX_IMPORT_BYTES {
            bail!("{name} is larger than 1 GB; refusing to read it");
        }
        std::fs::read_to_string(file).with_context(|| format!("cannot read {name}"))?
    };
    let parsed: ExportFile = serde_json::from_str(&text)
        .with_context(|| format!("{name} is not an archdeck progress export"))?;
    if parsed.format != FORMAT {
        bail!(
            "{name} is not an archdeck progress export (format {:?})",
            parsed.format
        );
    }
    if parsed.version > VERSION {
        bail!(
            "{name} was written by a newer archdeck (version {}); upgrade archdeck to import it",
            parsed.version
        );
    }
    if let Some(p) = &parsed.params
        && let Err(reason) = check_params(&p.params)
    {
        bail!("{name} holds FSRS parameters archdeck cannot use ({reason}); nothing was imported");
    }
    let incoming = Progress {
        cards: parsed
            .cards
            .into_iter()
            .map(|c| (c.card_id.clone(), c))
            .collect(),
        log: parsed.reviews,
        marks: parsed.marks,
    };
    let now = ctx.clock()?.now();
    let config = ctx.config();
    let store = ctx.store()?;
    let loaded = wait_while_busy(|| store.load(now))?;
    for w in &loaded.warnings {
        say(format_args!("warning: {w}"));
    }
    let (imported, warnings) = wait_while_busy(|| store.import(&incoming, now))?;
    for w in &warnings {
        say(format_args!("warning: {w}"));
    }
    let adopted = match &parsed.params {
        Some(p) => adopt_params(&store, p)?,
        None => None,
    };
    let merged = wait_while_busy(|| store.load(now))?.progress;
    let params = wait_while_busy(|| store.params())?;
    let records = recompute(
        &merged,
        &imported.affected,
        config.desired_retention,
        params.as_deref(),
    )?;
    wait_while_busy(|| store.put_cards(&records, now))?;
    if adopted.is_some() {
        // Every reviewed card's memory state follows the adopted parameters, as after
        // `archdeck optimize`.
        let progress = wait_while_busy(|| store.load(now))?.progress;
        crate::cli::optimize::update_memory(ctx, &store, &progress, params.as_deref(), now)?;
    }
    writeln!(
        out,
        "imported {} new review(s) from {name} ({} already present); {} card(s) rescheduled{}",
        imported.added,
        imported.known,
        records.len(),
        if imported.marks > 0 {
            format!("; {} card mark(s) updated", imported.marks)
        } else {
            String::new()
        }
    )?;
    if let Some(at) = adopted {
        writeln!(
            out,
            "using the FSRS parameters fitted on {at} that {name} carries (a later fit than this store's)"
        )?;
    }
    Ok(0)
}

/// Stores the export's fitted parameters if the store has none or an earlier fit, before the
/// affected cards are rescheduled. Returns the adopted fit's date (UTC).
fn adopt_params(store: &Store, incoming: &ExportParams) -> Result<Option<String>> {
    let local: Option<FittedParams> = wait_while_busy(|| store.fitted_params())?;
    if local.is_some_and(|l| l.fitted_at >= incoming.fitted_at) {
        return Ok(None);
    }
    wait_while_busy(|| {
        store.save_params(&incoming.params, incoming.fitted_at, incoming.reviews_used)
    })?;
    let at = incoming.fitted_at.to_offset(time::UtcOffset::UTC);
    Ok(Some(format!(
        "{}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )))
}

/// Each affected card's record, replayed from its whole review log in time order, with the
/// stored parameters (fitted or default). The entry id
/// and content hash come from the card's stored record.
pub(crate) fn recompute(
    progress: &Progress,
    affected: &std::collections::BTreeSet<String>,
    desired_retention: f32,
    params: Option<&[f32]>,
) -> Result<Vec<CardRecord>> {
    let scheduler = Scheduler::with_params(desired_retention, params)?;
    let mut logs: BTreeMap<&str, Vec<&ReviewLog>> = BTreeMap::new();
    for log in &progress.log {
        if affected.contains(&log.card_id) {
            logs.entry(log.card_id.as_str()).or_default().push(log);
        }
    }
    let mut out = Vec::new();
    for (card_id, mut reviews) in logs {
        reviews.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        // A card known only from reviews gets its entry id from the card id; its empty content
        // hash marks it as changed at its next review.
        let (entry_id, content_hash) = match progress.cards.get(card_id) {
            Some(base) => (base.entry_id.clone(), base.content_hash.clone()),
            None => (
                card_id.split('/').next().unwrap_or(card_id).to_string(),
                String::new(),
            ),
        };
        let mut record: Option<CardRecord> = None;
        for log in reviews {
            let s = scheduler.review(record.as_ref(), log.rating, log.at)?;
            record = Some(s.record(card_id, &entry_id, &content_hash, log.at));
        }
        out.extend(record);
    }
    Ok(out)
}

/// Runs `op` again while it fails because another process holds the store's lock (each try
/// waits for the store's busy timeout, about a second), telling the user once.
pub(crate) fn wait_while_busy<T>(
    mut op: impl FnMut() -> Result<T, ProgressError>,
) -> Result<T, ProgressError> {
    let mut told = false;
    loop {
        match op() {
            Err(e) if e.is_busy() => {
                if !told {
                    say("waiting for another archdeck process to finish with the progress store…");
                    told = true;
                }
            }
            other => return other,
        }
    }
}
