//! Flashcards generated from the corpus.
//!
//! Every entry yields a [`CardType::Recall`] card, and most yield more. A card's id is stable,
//! `<entry-id>/<card-type>`, so progress survives edits to the text; a short
//! [`Card::content_hash`] of what the card shows lets the UI flag cards whose text changed since
//! the last review. Everything here is deterministic: the same corpus and seed give the same
//! cards, choices and order of choices.

use std::fmt;

use crate::corpus::{Corpus, Entry, Kind, Verdict};

pub(crate) use super::text::mix;
pub use super::text::{
    MASK, key_points, mask_names, name_stems, readable, short_hash, stem, topic_stems, words,
};

/// What a card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CardType {
    /// The title; reveal shows the summary and key points. Self-rated.
    Recall,
    /// The summary with the name hidden; reveal shows the name. Self-rated.
    Reverse,
    /// A rule's neutral statement: do or don't? Graded automatically.
    Verdict,
    /// A fallacy's scenario: which fallacy is it? Four choices, graded automatically.
    Fallacy,
    /// A pattern's problem: which pattern solves it? Four choices, graded automatically.
    Pattern,
    /// A law's scenario: which law is at work? Four choices, graded automatically.
    Law,
}

impl CardType {
    /// Every card type, in the order cards of one entry are generated.
    pub const ALL: [CardType; 6] = [
        CardType::Recall,
        CardType::Reverse,
        CardType::Verdict,
        CardType::Fallacy,
        CardType::Pattern,
        CardType::Law,
    ];

    /// The id suffix and the name shown to users.
    /// The question the card asks, shown above its prompt.
    pub fn question(self) -> &'static str {
        match self {
            CardType::Recall => "What is this, and what is it for?",
            CardType::Reverse => "Which entry is described here?",
            CardType::Verdict => "Do or don't?",
            CardType::Fallacy => "Which fallacy is this?",
            CardType::Pattern => "Which pattern solves this?",
            CardType::Law => "Which law is at work here?",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CardType::Recall => "recall",
            CardType::Reverse => "reverse",
            CardType::Verdict => "verdict",
            CardType::Fallacy => "fallacy",
            CardType::Pattern => "pattern",
            CardType::Law => "law",
        }
    }
}

impl fmt::Display for CardType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One option of a multiple-choice card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub entry_id: String,
    pub label: String,
}

/// How the user answers a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Reveal the answer, then rate recall: again, hard, good or easy.
    SelfRated,
    /// Say do or don't; the correct verdict is given. Graded automatically.
    Verdict(Verdict),
    /// Pick one of `choices` (shown numbered from 1); `correct` is the 0-based index of the
    /// right one. Graded automatically.
    Choice {
        choices: Vec<Choice>,
        correct: usize,
    },
}

impl Ask {
    /// Whether the card is graded automatically (correct = good, wrong = again).
    pub fn is_auto_graded(&self) -> bool {
        !matches!(self, Ask::SelfRated)
    }
}

/// A flashcard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// `<entry-id>/<card-type>`; the key of the card's progress.
    pub id: String,
    pub entry_id: String,
    pub card_type: CardType,
    /// The kind of the entry the card comes from.
    pub kind: Kind,
    /// The entry's title, to show once the card is answered.
    pub title: String,
    /// The entry's tags.
    pub tags: Vec<String>,
    /// What the user sees first. Never contains the answer for reverse cards.
    pub prompt: String,
    /// What is shown after the reveal or the answer: the summary and key points, the verdict and
    /// why, or the explanation.
    pub answer: String,
    pub ask: Ask,
    /// A short hash of what the card teaches (prompt and answer, ignoring the day's choice of
    /// scenario and distractors). Stored at review time; a different value means the entry's
    /// text changed since.
    pub content_hash: String,
}

impl Card {
    /// The entry id, when showing it before the answer gives nothing away: only recall cards,
    /// whose prompt is the title anyway, and not a rule's (its id may name the practice its
    /// neutral title leaves open, or the verdict its sibling card asks for).
    pub fn shown_id(&self) -> Option<&str> {
        (self.card_type == CardType::Recall && self.kind != Kind::Rule)
            .then_some(self.entry_id.as_str())
    }

    /// How to name the card in a message while it may still be asked: its title where the
    /// prompt is the title anyway (recall cards), else "this <type> card", which gives nothing
    /// away.
    pub fn unrevealed_name(&self) -> String {
        match self.card_type {
            CardType::Recall => self.title.clone(),
            other => format!("this {other} card"),
        }
    }
}

/// Which cards a session or an export uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deck {
    All,
    Kind(Kind),
    Tag(String),
}

impl Deck {
    /// `all`, a kind (singular or plural: `patterns`), or else a tag.
    pub fn parse(name: &str) -> Deck {
        let trimmed = name.trim();
        if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("all") {
            Deck::All
        } else if let Some(kind) = Kind::parse(trimmed) {
            Deck::Kind(kind)
        } else {
            Deck::Tag(trimmed.to_lowercase())
        }
    }

    /// Whether cards of this entry belong to the deck.
    pub fn contains(&self, entry: &Entry) -> bool {
        match self {
            Deck::All => true,
            Deck::Kind(kind) => entry.kind == *kind,
            Deck::Tag(tag) => entry.tags.iter().any(|t| t == tag),
        }
    }
}

impl fmt::Display for Deck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deck::All => f.write_str("all"),
            Deck::Kind(kind) => write!(f, "{kind}"),
            Deck::Tag(tag) => write!(f, "tag {tag}"),
        }
    }
}

/// The seed for a day's scenarios and distractors: the Julian day number of `now`.
pub fn day_seed(now: time::OffsetDateTime) -> u64 {
    u64::try_from(now.date().to_julian_day()).unwrap_or_default()
}

/// Topic words by entry id.
type Topics<'a> = std::collections::HashMap<&'a str, std::collections::BTreeSet<String>>;

/// Every card of the corpus, entry by entry in corpus order. `seed` picks the fallacy scenario
/// and the distractors and their order; pass the day number to vary them from day to day.
pub fn generate(corpus: &Corpus, seed: u64) -> Vec<Card> {
    generate_deck(corpus, &Deck::All, seed)
}

/// The cards of the entries in `deck`. Distractors may come from entries outside the deck.
pub fn generate_deck(corpus: &Corpus, deck: &Deck, seed: u64) -> Vec<Card> {
    // Each multiple-choice entry's topic words, computed once (distractors compare every pair).
    let topics: Topics = corpus
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, Kind::Pattern | Kind::Fallacy | Kind::Law))
        .map(|e| {
            (
                e.id.as_str(),
                topic_stems(&format!("{} {}", e.title, e.summary)),
            )
        })
        .collect();
    build(corpus, deck, seed, Some(&topics))
}

/// Every card of the corpus, the same cards as [`generate`] gives (ids, prompts, answers and
/// content hashes), but a multiple-choice card's [`Ask::Choice`] has no options: ranking
/// distractors compares every pair of entries of a kind, which on a large corpus takes far
/// longer than listing the cards needs (the card browser).
pub fn generate_outline(corpus: &Corpus) -> Vec<Card> {
    build(corpus, &Deck::All, 0, None)
}

/// The cards of `deck`; without `topics`, multiple-choice cards get no options.
fn build(corpus: &Corpus, deck: &Deck, seed: u64, topics: Option<&Topics>) -> Vec<Card> {
    let mut cards = Vec::new();
    for entry in corpus.entries().iter().filter(|e| deck.contains(e)) {
        cards.push(recall(entry));
        if let Some(card) = reverse(entry) {
            cards.push(card);
        }
        if let Some(card) = verdict(entry) {
            cards.push(card);
        }
        if let Some(card) = fallacy(corpus, topics, entry, seed) {
            cards.push(card);
        }
        if let Some(card) = pattern(corpus, topics, entry, seed) {
            cards.push(card);
        }
    }
    cards
}

fn card(entry: &Entry, card_type: CardType, prompt: String, answer: String, ask: Ask) -> Card {
    let content_hash = short_hash(&[&prompt, &answer]);
    Card {
        id: format!("{}/{}", entry.id, card_type.as_str()),
        entry_id: entry.id.clone(),
        card_type,
        kind: entry.kind,
        title: entry.title.clone(),
        tags: entry.tags.clone(),
        prompt,
        answer,
        ask,
        content_hash,
    }
}

fn recall(entry: &Entry) -> Card {
    let mut answer = entry.summary.clone();
    let mut points = Vec::new();
    match entry.kind {
        Kind::Pattern => {
            if let Some(problem) = &entry.problem {
                points.push(format!("Problem: {problem}"));
            }
        }
        // A rule with a verdict card keeps its verdict (and the why, which gives it away)
        // for that card.
        Kind::Rule if verdict(entry).is_none() => {
            if let Some(why) = &entry.why {
                points.push(format!("Why: {why}"));
            }
        }
        Kind::Fallacy | Kind::Law => {
            if let Some(s) = entry.scenarios.first() {
                points.push(format!("For example: {s}"));
            }
        }
        _ => {}
    }
    points.extend(key_points(&entry.body, 3));
    for p in points {
        answer.push_str("\n- ");
        answer.push_str(&p);
    }
    card(
        entry,
        CardType::Recall,
        entry.title.clone(),
        answer,
        Ask::SelfRated,
    )
}

/// The summary with the names masked; where masking leaves it unreadable, the problem, the
/// statement or a scenario instead; no card if none reads.
fn reverse(entry: &Entry) -> Option<Card> {
    let fields = std::iter::once(&entry.summary)
        .chain(&entry.problem)
        .chain(&entry.statement)
        .chain(&entry.scenarios);
    let prompt = fields
        .filter_map(|f| mask_names(f, entry))
        .find(|p| readable(p))?;
    let mut answer = entry.title.clone();
    if !entry.aliases.is_empty() {
        answer.push_str(&format!(" (also: {})", entry.aliases.join(", ")));
    }
    Some(card(
        entry,
        CardType::Reverse,
        prompt,
        answer,
        Ask::SelfRated,
    ))
}

fn verdict(entry: &Entry) -> Option<Card> {
    let (v, statement) = (entry.verdict?, entry.statement.as_ref()?);
    let why = entry.why.as_deref().unwrap_or_default();
    let answer = format!("{}: {} ({})", v.label(), why, entry.title);
    Some(card(
        entry,
        CardType::Verdict,
        statement.clone(),
        answer,
        Ask::Verdict(v),
    ))
}

/// A fallacy's or a law's card: one of its scenarios, and four entries of its kind to choose
/// from.
fn fallacy(corpus: &Corpus, topics: Option<&Topics>, entry: &Entry, seed: u64) -> Option<Card> {
    let card_type = match entry.kind {
        Kind::Fallacy => CardType::Fallacy,
        Kind::Law => CardType::Law,
        _ => return None,
    };
    if entry.scenarios.is_empty() {
        return None;
    }
    let pick = (seed % entry.scenarios.len() as u64) as usize;
    let prompt = (0..entry.scenarios.len())
        .map(|i| &entry.scenarios[(pick + i) % entry.scenarios.len()])
        .find_map(|s| mask_names(s, entry))?;
    let answer = format!("{}: {}", entry.title, entry.summary);
    let ask = choices(corpus, topics, entry, &prompt, seed)?;
    let mut c = card(entry, card_type, prompt, answer, ask);
    c.content_hash = short_hash(&[&entry.scenarios.join("\n"), &c.answer]);
    Some(c)
}

fn pattern(corpus: &Corpus, topics: Option<&Topics>, entry: &Entry, seed: u64) -> Option<Card> {
    if entry.kind != Kind::Pattern {
        return None;
    }
    let problem = entry.problem.as_ref()?;
    let prompt = mask_names(problem, entry)?;
    let answer = format!("{}: {}", entry.title, entry.summary);
    let ask = choices(corpus, topics, entry, &prompt, seed)?;
    let mut c = card(entry, CardType::Pattern, prompt, answer, ask);
    c.content_hash = short_hash(&[problem, &c.answer]);
    Some(c)
}

/// Four choices (fewer if there are fewer candidates): the entry and three distractors of its
/// kind, close in topic and of similar length, so that neither the words of the prompt nor the
/// look of an option give the answer away. Candidates are ranked by tags shared with the entry,
/// then by topic words shared with the entry and the prompt, then by how close their title's
/// length is; the seed picks three of the best five and orders the four options. `None` if the
/// entry has no other entry of its kind. Without `topics`, no options are ranked: the choice
/// has none (see [`generate_outline`]).
fn choices(
    corpus: &Corpus,
    topics: Option<&Topics>,
    entry: &Entry,
    prompt: &str,
    seed: u64,
) -> Option<Ask> {
    let Some(topics) = topics else {
        let others = corpus
            .entries()
            .iter()
            .any(|e| e.kind == entry.kind && e.id != entry.id);
        return others.then_some(Ask::Choice {
            choices: Vec::new(),
            correct: 0,
        });
    };
    let mut topic = topic_stems(prompt);
    topic.extend(topics.get(entry.id.as_str()).into_iter().flatten().cloned());
    let len = entry.title.chars().count();
    let mut ranked: Vec<(usize, usize, usize, &Entry)> = corpus
        .entries()
        .iter()
        .filter(|e| e.kind == entry.kind && e.id != entry.id)
        .map(|e| {
            let tags = e.tags.iter().filter(|t| entry.tags.contains(t)).count();
            let words = topics
                .get(e.id.as_str())
                .map_or(0, |t| t.intersection(&topic).count());
            let length = e.title.chars().count().abs_diff(len) / 6;
            (tags.min(2), words, length, e)
        })
        .collect();
    if ranked.is_empty() {
        return None;
    }
    ranked.sort_by(|a, b| (b.0, b.1, a.2, &a.3.id).cmp(&(a.0, a.1, b.2, &b.3.id)));
    // Keep to the best tier of shared tags that still gives three distractors.
    let floor = ranked[2.min(ranked.len() - 1)].0;
    ranked.retain(|r| r.0 >= floor);
    ranked.truncate(5);
    ranked.sort_by_key(|r| (mix(seed, &[&entry.id, &r.3.id]), r.3.id.clone()));
    let mut all: Vec<&Entry> = ranked.into_iter().take(3).map(|r| r.3).collect();
    all.push(entry);
    all.sort_by_key(|e| (mix(seed ^ 0x9e37_79b9, &[&entry.id, &e.id]), e.id.clone()));
    let correct = all.iter().position(|e| e.id == entry.id).unwrap_or(0);
    Some(Ask::Choice {
        choices: all
            .iter()
            .map(|e| Choice {
                entry_id: e.id.clone(),
                label: e.title.clone(),
            })
            .collect(),
        correct,
    })
}

/// `ask` with its options in another order, picked by `seed` (a session reshuffles them at
/// each showing, so that the position of the answer cannot be learnt).
pub fn shuffle_choices(ask: &mut Ask, seed: u64) {
    if let Ask::Choice { choices, correct } = ask {
        let right = choices.get(*correct).map(|c| c.entry_id.clone());
        choices.sort_by_key(|c| (mix(seed, &[&c.entry_id]), c.entry_id.clone()));
        *correct = choices
            .iter()
            .position(|c| Some(&c.entry_id) == right.as_ref())
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_has_the_same_cards_without_options() {
        let corpus = crate::corpus::Corpus::embedded().0;
        let full = generate(&corpus, 0);
        let outline = generate_outline(&corpus);
        assert_eq!(full.len(), outline.len());
        for (a, b) in full.iter().zip(&outline) {
            assert_eq!(
                (&a.id, &a.prompt, &a.answer, &a.content_hash),
                (&b.id, &b.prompt, &b.answer, &b.content_hash)
            );
            if let Ask::Choice { choices, .. } = &b.ask {
                assert!(choices.is_empty());
                assert!(matches!(&a.ask, Ask::Choice { choices, .. } if !choices.is_empty()));
            } else {
                assert_eq!(a.ask, b.ask);
            }
        }
    }

    #[test]
    fn deck_parse() {
        assert_eq!(Deck::parse("all"), Deck::All);
        assert_eq!(Deck::parse("Patterns"), Deck::Kind(Kind::Pattern));
        assert_eq!(Deck::parse("Resilience"), Deck::Tag("resilience".into()));
    }
}
