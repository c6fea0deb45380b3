//! Quiz and statistics state for the TUI: the core's [`Session`] plus what the screen needs
//! (the last feedback, the summary, messages). Saving happens here, through the core's
//! [`commit_answer`] (which the plain CLI uses too), right after each graded answer and before
//! the next card is shown.

use time::OffsetDateTime;

use crate::corpus::{Corpus, Verdict};
use crate::progress::{Progress, Store};
use crate::quiz::cards::{Deck, day_seed, generate, generate_deck};
use crate::quiz::commit::commit_answer;
use crate::quiz::schedule::Rating;
use crate::quiz::session::{Answer, Expect, Input, Outcome, Session, SessionOptions, Summary};
use crate::quiz::stats::{self, StateCounts, Weak};

/// Where progress goes and what time it is: the side of the TUI that touches the world.
pub struct Progressor {
    pub store: Option<Store>,
    pub clock: Box<dyn Fn() -> OffsetDateTime>,
    pub new_per_day: u32,
    pub desired_retention: f32,
}

impl Progressor {
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Loads progress; problems become messages for the status bar.
    pub fn load(&self, messages: &mut Vec<String>) -> Progress {
        let Some(store) = &self.store else {
            messages
                .push("no data folder: progress will not be saved (set ARCHDECK_DATA_DIR)".into());
            return Progress::default();
        };
        match store.load(self.now()) {
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
}

/// A quiz on screen.
pub struct QuizState {
    pub session: Session,
    pub deck: String,
    /// The feedback for the card just answered.
    pub answered: Option<Box<Answer>>,
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
}

/// What the user pressed in the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKey {
    /// Space or Enter: reveal, or go on after an answer.
    Continue,
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
        p: &Progressor,
    ) -> Result<QuizState, String> {
        let now = p.now();
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
        let progress = p.load(&mut messages);
        let options = SessionOptions {
            new_per_day: p.new_per_day,
            cram,
            desired_retention: p.desired_retention,
            seed,
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
            summary: None,
            ended: None,
            preview: None,
            save_error: None,
            messages,
        };
        if state.session.is_finished() {
            state.end(now);
        }
        Ok(state)
    }

    /// Applies a key. Graded answers are saved before this returns.
    pub fn key(&mut self, key: QuizKey, p: &Progressor) {
        if self.summary.is_some() {
            return;
        }
        let expect = self.session.expect();
        let input = match (expect, key) {
            (Expect::Next, QuizKey::Continue) => {
                self.answered = None;
                self.session.next_card();
                if self.session.is_finished() {
                    self.end(p.now());
                }
                return;
            }
            (Expect::Reveal, QuizKey::Continue) => Input::Reveal,
            (Expect::Rate, QuizKey::Number(n)) => match Rating::from_number(n) {
                Some(r) => Input::Rate(r),
                None => return,
            },
            (Expect::Choose(k), QuizKey::Number(n))
                if usize::from(n) >= 1 && usize::from(n) <= k =>
            {
                Input::Choose(usize::from(n) - 1)
            }
            (Expect::Verdict, QuizKey::Verdict(v)) => Input::Verdict(v),
            _ => return,
        };
        let now = p.now();
        match self.session.answer(input, now) {
            Ok(Outcome::Answered(answer)) => {
                self.preview = None;
                if answer.save {
                    self.save(p, now);
                }
                self.answered = Some(answer);
            }
            Ok(Outcome::Revealed) => self.preview = self.session.preview(now),
            Ok(_) => {}
            Err(e) => self.save_error = Some(e.to_string()),
        }
    }

    fn save(&mut self, p: &Progressor, now: OffsetDateTime) {
        let Some(store) = &p.store else { return };
        match commit_answer(&mut self.session, store, now) {
            Ok(warnings) => {
                self.messages
                    .extend(warnings.iter().map(ToString::to_string));
                self.save_error = None;
            }
            Err(e) => {
                self.save_error = Some(format!("could not save progress: {e}; it will be retried"))
            }
        }
    }

    /// Ends the session early and shows the summary.
    pub fn finish(&mut self, p: &Progressor) {
        if self.summary.is_none() {
            self.end(p.now());
        }
    }

    fn end(&mut self, now: OffsetDateTime) {
        self.summary = Some(self.session.summary(now));
        self.ended = Some(now);
    }
}

/// The numbers behind the statistics view, computed when it opens.
pub struct StatsState {
    pub forecast: Vec<u32>,
    pub per_day: Vec<u32>,
    pub retention: Option<f64>,
    pub total: StateCounts,
    pub by_kind: Vec<(crate::corpus::Kind, StateCounts)>,
    pub weakest: Vec<Weak>,
    pub reviews: usize,
    pub selected: usize,
    pub messages: Vec<String>,
}

impl StatsState {
    pub fn compute(corpus: &Corpus, p: &Progressor) -> StatsState {
        let now = p.now();
        let mut messages = Vec::new();
        let progress = p.load(&mut messages);
        let cards = generate(corpus, day_seed(now));
        let (total, by_kind) = stats::counts(&cards, &progress);
        StatsState {
            forecast: stats::due_forecast(&progress, now, 14),
            per_day: stats::reviews_per_day(&progress, now, 30),
            retention: stats::retention(&progress),
            total,
            by_kind: by_kind.into_iter().collect(),
            weakest: stats::weakest(&progress, 10),
            reviews: progress.log.len(),
            selected: 0,
            messages,
        }
    }
}
