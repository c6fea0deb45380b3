//! The quiz and statistics screens: what each action does there, and opening them.

use time::OffsetDateTime;

use super::action::Action;
use super::app::{App, Mode};
use super::quiz::{Effect, QuizKey, QuizState, StatsState};

impl App {
    /// Starts a quiz on a deck (`all`, a kind or a tag), at the progressor's clock.
    pub fn start_quiz(&mut self, deck: String, cram: bool) {
        self.start_quiz_limited(deck, cram, None);
    }

    /// Starts a quiz that ends after `limit` answers (`archdeck quiz --limit N`), now.
    pub fn start_quiz_limited(&mut self, deck: String, cram: bool, limit: Option<usize>) {
        let now = self.progressor.now();
        self.start_quiz_with(deck, cram, limit, now);
    }

    /// Starts a quiz on a deck (`all`, a kind or a tag) at `now`.
    pub fn start_quiz_at(&mut self, deck: String, cram: bool, now: OffsetDateTime) {
        self.start_quiz_with(deck, cram, None, now);
    }

    fn start_quiz_with(
        &mut self,
        deck: String,
        cram: bool,
        limit: Option<usize>,
        now: OffsetDateTime,
    ) {
        if !self.may_leave_quiz() {
            return;
        }
        match QuizState::start(&self.corpus, &deck, cram, limit, &self.progressor, now) {
            Ok(quiz) => {
                self.status = quiz.messages.first().cloned();
                self.quiz = Some(quiz);
                self.mode = Mode::Quiz;
            }
            Err(e) => self.status = Some(e),
        }
    }

    /// Whether the quiz may be left (dropped or replaced): not while answers in it wait to be
    /// saved, unless the user repeats the key after being told. Says so on the status line.
    pub(super) fn may_leave_quiz(&mut self) -> bool {
        let Some(quiz) = self.quiz.as_mut() else {
            return true;
        };
        let n = quiz.unsaved();
        if n == 0 || quiz.confirm_leave {
            return true;
        }
        quiz.confirm_leave = true;
        self.status = Some(format!(
            "{n} answer(s) NOT saved ({}); they are retried every moment. Press the key again \
             to leave the quiz without them",
            quiz.save_error.as_deref().unwrap_or("the save failed")
        ));
        false
    }

    pub(super) fn show_stats(&mut self, now: OffsetDateTime) {
        let stats = StatsState::compute(&self.corpus, &self.progressor, now);
        self.status = stats.messages.first().cloned();
        self.stats = Some(stats);
        self.mode = Mode::Stats;
    }

    /// Opens an entry in the reader from another screen.
    pub(super) fn read_entry(&mut self, id: &str) {
        match self.corpus.position(id) {
            Some(i) => {
                self.mode = Mode::Browse;
                self.follow(i);
            }
            None => self.status = Some(format!("`{id}` is no longer in the corpus")),
        }
    }

    pub(super) fn update_quiz(&mut self, action: Action, now: OffsetDateTime) -> Option<Effect> {
        let Some(quiz) = self.quiz.as_mut() else {
            self.mode = Mode::Browse;
            return None;
        };
        let key = match action {
            Action::Quit => {
                self.should_quit = true;
                return None;
            }
            Action::ToggleHelp => {
                self.help = Some(0);
                return None;
            }
            Action::OpenCardEntry
                if quiz.summary.is_some()
                    && (quiz.explain || quiz.answered.as_ref().is_some_and(|a| a.leech)) =>
            {
                // The last card shown again, or the leech the last answer suspended.
                if let Some(id) = quiz.last_card.as_ref().map(|c| c.entry_id.clone()) {
                    self.read_entry(&id);
                    self.status = Some("reading the last card's entry".into());
                }
                return None;
            }
            Action::Continue | Action::OpenCardEntry if quiz.summary.is_some() => {
                if let Some(id) = quiz.selected_missed().map(str::to_string) {
                    self.read_entry(&id);
                    self.status = Some("reading a missed card's entry: o goes back".into());
                }
                return None;
            }
            Action::Continue => QuizKey::Continue,
            Action::ExplainLast => QuizKey::Explain,
            Action::Up => QuizKey::Up,
            Action::Down => QuizKey::Down,
            Action::Answer(n) => QuizKey::Number(n),
            Action::SayDo => QuizKey::Verdict(crate::corpus::Verdict::Do),
            Action::SayDont => QuizKey::Verdict(crate::corpus::Verdict::Dont),
            Action::Undo => {
                if quiz.session.can_undo() {
                    return Some(Effect::Undo);
                }
                self.status = Some("nothing to undo in this session".into());
                return None;
            }
            Action::Suspend | Action::Bury | Action::CycleFlag => {
                let effect = match action {
                    Action::Suspend => Effect::Suspend,
                    Action::Bury => Effect::Bury,
                    _ => Effect::CycleFlag,
                };
                match quiz.mark_effect(effect) {
                    Ok(effect) => return Some(effect),
                    Err(e) => {
                        self.status = Some(e);
                        return None;
                    }
                }
            }
            Action::Cram => {
                let deck = quiz.deck.trim_start_matches("tag ").to_string();
                self.start_quiz_at(deck, true, now);
                return None;
            }
            Action::OpenCardEntry => {
                // Right after a leech was suspended, its entry is the one to reread.
                let leech = quiz.answered.as_ref().is_some_and(|a| a.leech)
                    && quiz.session.expect() != crate::quiz::Expect::Rate;
                let card = if quiz.explain || leech {
                    quiz.last_card.as_ref()
                } else {
                    quiz.session.current()
                };
                if let Some(id) = card.map(|c| c.entry_id.clone()) {
                    self.read_entry(&id);
                    self.status = Some("reading the card's entry: o goes back to the quiz".into());
                }
                return None;
            }
            Action::ShowCards if quiz.summary.is_some() => {
                self.show_cards(now);
                return None;
            }
            Action::ShowCards => {
                self.status =
                    Some("end the quiz first (Esc), then B opens the card browser".into());
                return None;
            }
            Action::ShowStats if quiz.summary.is_some() => {
                if !self.may_leave_quiz() {
                    return None;
                }
                self.quiz = None;
                self.show_stats(now);
                return None;
            }
            Action::Leave => {
                if quiz.summary.is_some() {
                    if !self.may_leave_quiz() {
                        return None;
                    }
                    self.quiz = None;
                    self.mode = Mode::Browse;
                } else {
                    quiz.finish(now);
                }
                return None;
            }
            _ => return None,
        };
        let effect = quiz.key(key, now);
        // After a save, the status comes from it (see `App::perform`).
        if effect.is_none() {
            self.status = quiz.save_status().or_else(|| quiz.messages.pop());
        }
        effect
    }

    pub(super) fn update_stats(&mut self, action: Action, now: OffsetDateTime) {
        let Some(stats) = self.stats.as_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        let n = stats.weakest.len();
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => stats.selected = stats.selected.saturating_sub(1),
            Action::Down => stats.selected = (stats.selected + 1).min(n.saturating_sub(1)),
            Action::Open => {
                if let Some(id) = stats
                    .weakest
                    .get(stats.selected)
                    .map(|w| w.entry_id.clone())
                {
                    self.read_entry(&id);
                }
            }
            Action::StartQuiz => self.start_quiz_at("all".into(), false, now),
            Action::ShowCards => self.show_cards(now),
            Action::Leave => self.mode = Mode::Browse,
            _ => {}
        }
    }
}
