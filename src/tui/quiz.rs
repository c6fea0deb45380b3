//! Quiz and statistics state for the TUI: the core's [`Session`] plus what the screen needs
//! (the last feedback, the rating preview, the summary, messages). A graded answer returns
//! [`Effect::SaveAnswer`]; the shell performs it through [`QuizState::commit`], which calls the
//! core's [`commit_answer`] (as the plain CLI does), before the next card is shown.

use time::OffsetDateTime;

use crate::corpus::{Corpus, Verdict};
use crate::progress::{Progress, Store};
use crate::quiz::cards::{Card, Deck, day_seed, generate, generate_deck};
use crate::quiz::commit::{commit_answer, undo_answer};
use crate::quiz::schedule::Rating;
use crate::quiz::session::{Answer, Expect, Input, Outcome, Session, SessionOptions, Summary};
use crate::quiz::stats::{self, StateCounts, Weak};

/// Where progress goes and what time it is: the side of the TUI that touches the world.
pub struct Progressor {
    pub store: Option<Store>,
    pub clock: Box<dyn Fn() -> OffsetDateTime>,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Lapses that suspend a card as a leech (0: never).
    pub leech_lapses: u32,
    pub desired_retention: f32,
}

impl Progressor {
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Loads progress (`now` names a corrupt file set aside); problems become messages for the
    /// status bar.
    pub fn load(&self, messages: &mut Vec<String>, now: OffsetDateTime) -> Progress {
        let Some(store) = &self.store else {
            messages
                .push("no data folder: progress will not be saved (set ARCHDECK_DATA_DIR)".into());
            return Progress::default();
        };
        // Another process's write lasts milliseconds: wait a few seconds for it at most.
        let mut loaded = store.load(now);
        for _ in 0..25 {
            match &loaded {
                Err(e) if e.is_busy() => loaded = store.load(now),
                _ => break,
            }
        }
        match loaded {
            Ok(loaded) => {
                messages.extend(loaded.warnings.iter().map(ToString::to_string));
                loaded.progress
            }
            Err(e) => {
                messages.push(format!("cannot read progress: {e}"));
                Progress::default()
            }
        }
    }

    /// The FSRS parameters `archdeck optimize` stored (`None`: the defaults); a problem becomes
    /// a message and the defaults are used.
    pub fn params(&self, messages: &mut Vec<String>) -> Option<Vec<f32>> {
        let store = self.store.as_ref()?;
        let mut params = store.params();
        for _ in 0..25 {
            match &params {
                Err(e) if e.is_busy() => params = store.params(),
                _ => break,
            }
        }
        params.unwrap_or_else(|e| {
            messages.push(format!("{e}; scheduling with the default parameters"));
            None
        })
    }
}

/// A quiz on screen.
pub struct QuizState {
    pub session: Session,
    pub deck: String,
    /// The last answer: its verdict and why show on a line above the next card.
    pub answered: Option<Box<Answer>>,
    /// The card of the last answer, to show again with `e`.
    pub last_card: Option<Card>,
    /// Whether the last card is shown again, with its explanation, instead of the current one.
    pub explain: bool,
    /// The missed card selected in the summary (Enter or `o` opens its entry).
    pub selected: usize,
    /// Set once the session is over (finished or ended early).
    pub summary: Option<Summary>,
    /// When the session ended, for the summary's "in N days".
    pub ended: Option<OffsetDateTime>,
    /// The interval each rating would give the revealed card, in days (computed when the
    /// answer is revealed, so that drawing never runs the scheduler).
    pub preview: Option<[u32; 4]>,
    /// A save that failed: shown until the next save succeeds. Answers stay in the session's
    /// progress and are merged into the next save, so nothing is lost.
    pub save_error: Option<String>,
    pub messages: Vec<String>,
    /// The user was told that answers are not saved and asked to press quit again.
    pub confirm_quit: bool,
    /// The user was told that answers are not saved and asked to repeat the key that leaves
    /// this quiz (which would drop them).
    pub confirm_leave: bool,
}

/// Work that [`crate::tui::app::App::update_at`] leaves to the shell, as the Elm architecture's
/// commands: after start-up, the TUI writes nothing while updating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Commit the answer just given (and any whose save failed before), report warnings.
    SaveAnswer,
    /// Retry answers whose save failed, while idle: the status line changes only when they
    /// are saved, so that a question on it (quit or leave without them?) stays.
    RetrySave,
    /// Quitting with answers not saved: try once more, quit if that works, else ask.
    SaveAndQuit,
    /// Suspend the card browser's selected card, or unsuspend it, in the store.
    CardsSuspend,
    /// Give the card browser's selected card the next flag, in the store.
    CardsFlag,
    /// Bury the card browser's selected card until the next day starts, in the store.
    CardsBury,
    /// Undo the last answer, in the store (if saved) and the session.
    Undo,
    /// Suspend the current card, then move on.
    Suspend,
    /// Bury the current card until the next day start, then move on.
    Bury,
    /// Give the current card the next flag.
    CycleFlag,
}

/// What the user pressed in the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKey {
    /// Space or Enter: reveal (or go on from an answered card, which the TUI never waits on).
    Continue,
    /// Show the last card answered again, or go back to the current one.
    Explain,
    /// Move the summary's selection.
    Up,
    Down,
    /// 1-4: a rating or a choice.
    Number(u8),
    Verdict(Verdict),
}

impl QuizState {
    /// Starts a quiz on `deck` (`all`, a kind or a tag). `cram` practises without saving.
    pub fn start(
        corpus: &Corpus,
        deck: &str,
        cram: bool,
        limit: Option<usize>,
        p: &Progressor,
        now: OffsetDateTime,
    ) -> Result<QuizState, String> {
        let parsed = Deck::parse(deck);
        let seed = day_seed(now);
        let cards = if matches!(parsed, Deck::All) {
            generate(corpus, seed)
        } else {
            generate_deck(corpus, &parsed, seed)
        };
        if cards.is_empty() {
            return Err(format!("the deck `{deck}` has no cards"));
        }
        let mut messages = Vec::new();
        let progress = p.load(&mut messages, now);
        let options = SessionOptions {
            params: p.params(&mut messages),
            new_per_day: p.new_per_day,
            reviews_per_day: p.reviews_per_day,
            leech_lapses: p.leech_lapses,
            cram,
            desired_retention: p.desired_retention,
            seed,
            limit,
            ..SessionOptions::default()
        };
        let session = Session::new(cards, progress, now, options).map_err(|e| e.to_string())?;
        if cram {
            messages
                .push("cram mode: answers are not saved and the schedule does not change".into());
        }
        let mut state = QuizState {
            session,
            deck: parsed.to_string(),
            answered: None,
            last_card: None,
            explain: false,
            selected: 0,
            summary: None,
            ended: None,
            preview: None,
            save_error: None,
            messages,
            confirm_quit: false,
            confirm_leave: false,
        };
        if state.session.is_finished() {
            state.end(now);
        }
        Ok(state)
    }

    /// Applies a key pressed at `now`. A graded answer that is to be saved returns
    /// [`Effect::SaveAnswer`]: the shell commits it (see [`QuizState::commit`]) before the next
    /// card is shown.
    pub fn key(&mut self, key: QuizKey, now: OffsetDateTime) -> Option<Effect> {
        match key {
            QuizKey::Up => self.selected = self.selected.saturating_sub(1),
            QuizKey::Down => {
                let n = self.summary.as_ref().map_or(0, |s| s.wrong.len());
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            QuizKey::Explain => self.explain = !self.explain && self.last_card.is_some(),
            _ => {}
        }
        if self.summary.is_some() || matches!(key, QuizKey::Up | QuizKey::Down | QuizKey::Explain) {
            return None;
        }
        // Any answer key goes back from the last card to the current one first.
        if std::mem::take(&mut self.explain) {
            return None;
        }
        let expect = self.session.expect();
        let input = match (expect, key) {
            (Expect::Next, QuizKey::Continue) => {
                self.answered = None;
                self.session.next_card();
                if self.session.is_finished() {
                    self.end(now);
                }
                return None;
            }
            (Expect::Reveal, QuizKey::Continue) => Input::Reveal,
            (Expect::Rate, QuizKey::Number(n)) => match Rating::from_number(n) {
                Some(r) => Input::Rate(r),
                None => return None,
            },
            (Expect::Choose(k), QuizKey::Number(n))
                if usize::from(n) >= 1 && usize::from(n) <= k =>
            {
                Input::Choose(usize::from(n) - 1)
            }
            (Expect::Verdict, QuizKey::Verdict(v)) => Input::Verdict(v),
            _ => return None,
        };
        match self.session.answer(input, now) {
            Ok(Outcome::Answered(answer)) => {
                // Straight on to the next card: the answer's verdict shows above it. Moving on
                // does not change the progress to save, and the shell saves before drawing.
                self.preview = None;
                let effect = answer.save.then_some(Effect::SaveAnswer);
                self.answered = Some(answer);
                self.last_card = self.session.current().cloned();
                self.session.next_card();
                if self.session.is_finished() {
                    self.end(now);
                }
                effect
            }
            Ok(Outcome::Revealed) => {
                // Cram mode schedules nothing, so it shows no intervals.
                self.preview = if self.session.options().cram {
                    None
                } else {
                    self.session.preview(now)
                };
                None
            }
            Ok(_) => None,
            Err(e) => {
                self.save_error = Some(e.to_string());
                None
            }
        }
    }

    /// Commits the answer just given through the core's [`commit_answer`] (nothing without a
    /// store). A failure is kept in `save_error` and retried with the next save.
    pub fn commit(&mut self, p: &Progressor, now: OffsetDateTime) {
        let Some(store) = &p.store else { return };
        match commit_answer(&mut self.session, store, now) {
            Ok(warnings) => {
                self.messages
                    .extend(warnings.iter().map(ToString::to_string));
                self.save_error = None;
            }
            Err(e) if e.is_busy() => {
                self.save_error = Some(
                    "waiting for another archdeck process to finish with the progress store…"
                        .into(),
                );
            }
            Err(e) => self.save_error = Some(e.to_string()),
        }
    }

    /// The effect for a marking key (suspend, bury, flag): only while a card is asked.
    pub fn mark_effect(&self, effect: Effect) -> Result<Effect, String> {
        if self.summary.is_some() || self.session.current().is_none() {
            return Err("no card to mark: the session is over".into());
        }
        Ok(effect)
    }

    /// Undoes the last answer through the core's [`undo_answer`] (as plain mode does) and asks
    /// its card again. Returns what the status line says.
    pub fn undo(&mut self, p: &Progressor) -> String {
        let result = match &p.store {
            Some(store) => undo_answer(&mut self.session, store),
            // Without a store nothing was saved: the answer is only dropped.
            None => Ok(self.session.undo()),
        };
        match result {
            Ok(Some(undone)) => {
                self.answered = None;
                self.last_card = None;
                self.explain = false;
                self.preview = None;
                self.summary = None;
                self.ended = None;
                if self.unsaved() == 0 {
                    self.save_error = None;
                }
                let title = self
                    .session
                    .current()
                    .map_or(undone.card_id.clone(), Card::unrevealed_name);
                let stored = if undone.review_id.is_some() {
                    " (removed from your review log)"
                } else {
                    ""
                };
                format!(
                    "undone: {} on {title}{stored}; u undoes the one before",
                    undone.rating
                )
            }
            Ok(None) => "nothing to undo in this session".into(),
            Err(e) => format!("cannot undo: {e}; nothing changed"),
        }
    }

    /// Suspends (or, with `bury`, buries until the next day start) the current card in the
    /// store and moves on. Returns what the status line says.
    pub fn set_aside(&mut self, p: &Progressor, now: OffsetDateTime, bury: bool) -> String {
        let bury_until = bury.then(|| crate::quiz::schedule::next_day_start(now));
        let Some(card) = self.session.current().cloned() else {
            return "no card to set aside".into();
        };
        let Some(store) = &p.store else {
            return "no data folder: cards cannot be suspended or buried (set ARCHDECK_DATA_DIR)"
                .into();
        };
        let mut mark = self.session.current_mark().cloned().unwrap_or_default();
        let done = match bury_until {
            Some(until) => {
                mark.buried_until = Some(until);
                store.bury(&card.id, until)
            }
            None => {
                mark.suspended = true;
                store.set_suspended(&[card.id.as_str()], true).map(|_| ())
            }
        };
        if let Err(e) = done {
            return format!("cannot set {} aside: {e}; nothing changed", card.id);
        }
        self.session.set_aside_current(mark);
        self.explain = false;
        self.preview = None;
        if self.session.is_finished() {
            self.end(now);
        }
        match bury_until {
            Some(_) => format!("buried until tomorrow: {}", card.unrevealed_name()),
            None => format!(
                "suspended: {} — `archdeck cards unsuspend {}` brings it back",
                card.unrevealed_name(),
                card.id
            ),
        }
    }

    /// Gives the current card the next flag (none, red, orange, green, blue).
    pub fn cycle_flag(&mut self, p: &Progressor) -> String {
        let Some(card) = self.session.current().cloned() else {
            return "no card to flag".into();
        };
        let Some(store) = &p.store else {
            return "no data folder: cards cannot be flagged (set ARCHDECK_DATA_DIR)".into();
        };
        let mut mark = self.session.current_mark().cloned().unwrap_or_default();
        mark.flag = (mark.flag + 1) % (crate::review::CardMark::MAX_FLAG + 1);
        if let Err(e) = store.set_flag(&card.id, mark.flag) {
            return format!("cannot flag {}: {e}; nothing changed", card.id);
        }
        let name = crate::review::CardMark::flag_name(mark.flag);
        self.session.set_mark(&card.id, mark);
        format!("flag: {name} on {}", card.unrevealed_name())
    }

    /// Answers given but not saved yet.
    /// The status line after a failed save: what failed, and that nothing is lost.
    pub fn save_status(&self) -> Option<String> {
        self.save_error.as_ref().map(|e| {
            format!("NOT saved yet: {e}; kept, and retried with your next answer and when you quit")
        })
    }

    pub fn unsaved(&self) -> usize {
        self.session.pending().len()
    }

    /// Ends the session early and shows the summary.
    pub fn finish(&mut self, now: OffsetDateTime) {
        if self.summary.is_none() {
            self.end(now);
        }
    }

    fn end(&mut self, now: OffsetDateTime) {
        self.summary = Some(self.session.summary(now));
        self.ended = Some(now);
        self.explain = false;
        self.selected = 0;
    }

    /// The entry of the missed card selected in the summary.
    pub fn selected_missed(&self) -> Option<&str> {
        self.summary
            .as_ref()?
            .wrong
            .get(self.selected)
            .map(|m| m.entry_id.as_str())
    }
}

/// The numbers behind the statistics view, computed when it opens.
pub struct StatsState {
    /// The day the statistics were computed (the last day of `per_day`).
    pub today: time::Date,
    pub forecast: Vec<u32>,
    pub per_day: Vec<u32>,
    pub retention: Option<f64>,
    /// The reviewed cards' current retrievability (average, how many below 90%).
    pub retrievability: Option<stats::RetrievabilitySummary>,
    pub total: StateCounts,
    pub by_kind: Vec<(crate::corpus::Kind, StateCounts)>,
    pub weakest: Vec<Weak>,
    pub reviews: usize,
    pub selected: usize,
    pub messages: Vec<String>,
}

impl StatsState {
    pub fn compute(corpus: &Corpus, p: &Progressor, now: OffsetDateTime) -> StatsState {
        let mut messages = Vec::new();
        let progress = p.load(&mut messages, now);
        // Counting needs no multiple-choice options.
        let cards = crate::quiz::cards::generate_outline(corpus);
        let (total, by_kind) = stats::counts(&cards, &progress);
        StatsState {
            today: now.date(),
            forecast: stats::due_forecast(&progress, now, 14),
            per_day: stats::reviews_per_day(&progress, now, 30),
            retention: stats::retention(&progress),
            retrievability: stats::retrievability_summary(
                &progress,
                now,
                stats::decay(p.params(&mut messages).as_deref()),
            ),
            total,
            by_kind: by_kind.into_iter().collect(),
            weakest: stats::weakest(&progress, 10),
            reviews: progress.log.len(),
            selected: 0,
            messages,
        }
    }
}
