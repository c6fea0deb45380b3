//! What a session holds: its options, and the plan of which cards it shows (due cards first,
//! then today's new cards, or every card when cramming).

use std::collections::HashSet;

use time::OffsetDateTime;

use crate::progress::Progress;
use crate::quiz::cards::{Card, mix};
use crate::quiz::schedule::{DEFAULT_RETENTION, is_due};

/// How a session picks and treats cards.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionOptions {
    /// New cards a day (counted from the log, so a second session the same day gets the rest).
    pub new_per_day: u32,
    /// Reviews of cards learnt on earlier days, a day (counted the same way): due cards beyond
    /// it wait for a later day, most overdue first.
    pub reviews_per_day: u32,
    /// At most this many cards planned, and the session ends after this many answers (an
    /// Again card coming back counts again).
    pub limit: Option<usize>,
    /// Practise every card of the deck, due or not, without changing the schedule: answers
    /// are graded but nothing is to be saved.
    pub cram: bool,
    /// How many cards later an Again card comes back.
    pub requeue_after: usize,
    pub desired_retention: f32,
    /// Orders new cards; pass the day number for a different order each day.
    pub seed: u64,
    /// An answer that brings a card's lapses to this number suspends it and tags it a leech
    /// (0: never).
    pub leech_lapses: u32,
    /// FSRS parameters fitted by `archdeck optimize` ([`crate::progress::Store::params`]);
    /// `None` schedules with the defaults.
    pub params: Option<Vec<f32>>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            new_per_day: 20,
            reviews_per_day: 200,
            limit: None,
            cram: false,
            requeue_after: 3,
            desired_retention: DEFAULT_RETENTION,
            seed: 0,
            leech_lapses: 8,
            params: None,
        }
    }
}

/// Which cards a session will show, as indices into the cards given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Due cards, most overdue first.
    pub due: Vec<usize>,
    /// New cards allowed today, in seeded order.
    pub new: Vec<usize>,
    /// Cards shown only because of cram mode: not due yet, soonest first.
    pub extra: Vec<usize>,
    /// New cards still allowed today before this session.
    pub new_left_today: u32,
    /// Reviews still allowed today before this session.
    pub reviews_left_today: u32,
    /// Cards held back because a card of the same entry is reviewed today (Anki's "bury
    /// siblings"): they come back on a later day. Cram mode buries nothing.
    pub buried: usize,
    /// Cards left out because they are suspended (in cram mode too).
    pub suspended: usize,
    /// Cards left out because the user buried them until a later time (not in cram mode).
    pub buried_by_user: usize,
}

impl Plan {
    /// Every planned card, in the order shown.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.due.iter().chain(&self.new).chain(&self.extra).copied()
    }

    pub fn len(&self) -> usize {
        self.due.len() + self.new.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// New cards first reviewed on `now`'s calendar day.
pub fn new_cards_today(progress: &Progress, now: OffsetDateTime) -> u32 {
    let mut first: std::collections::HashMap<&str, OffsetDateTime> = Default::default();
    for log in &progress.log {
        first
            .entry(log.card_id.as_str())
            .and_modify(|t| *t = (*t).min(log.at))
            .or_insert(log.at);
    }
    let n = first
        .values()
        .filter(|t| crate::review::times::on(**t, now.offset()).date() == now.date())
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reviews of cards learnt before `now`'s day, answered on that day (a card counts once).
pub fn reviews_today(progress: &Progress, now: OffsetDateTime) -> u32 {
    let day = |t: OffsetDateTime| crate::review::times::on(t, now.offset()).date();
    let today = now.date();
    let mut first: std::collections::HashMap<&str, time::Date> = Default::default();
    for log in &progress.log {
        first
            .entry(log.card_id.as_str())
            .and_modify(|d| *d = (*d).min(day(log.at)))
            .or_insert(day(log.at));
    }
    let reviewed: HashSet<&str> = progress
        .log
        .iter()
        .filter(|l| day(l.at) == today && first.get(l.card_id.as_str()).is_some_and(|d| *d < today))
        .map(|l| l.card_id.as_str())
        .collect();
    u32::try_from(reviewed.len()).unwrap_or(u32::MAX)
}

/// Due cards first, up to the daily review cap, then new ones up to the daily limit; in cram mode every other card too.
/// `limit` caps the total. Suspended cards are left out, and cards buried until after `now`
/// (cram mode shows those).
pub fn plan(
    cards: &[Card],
    progress: &Progress,
    now: OffsetDateTime,
    options: &SessionOptions,
) -> Plan {
    let mut due = Vec::new();
    let mut new = Vec::new();
    let mut extra = Vec::new();
    let mut suspended = 0;
    let mut buried_by_user = 0;
    for (i, card) in cards.iter().enumerate() {
        if let Some(mark) = progress.mark(&card.id) {
            if mark.suspended {
                suspended += 1;
                continue;
            }
            if !options.cram && mark.is_buried(now) {
                buried_by_user += 1;
                continue;
            }
        }
        match progress.get(&card.id) {
            None => new.push(i),
            Some(r) if is_due(r.due, now) => due.push(i),
            Some(_) => extra.push(i),
        }
    }
    let due_of = |i: &usize| progress.get(&cards[*i].id).map(|r| r.due);
    due.sort_by_key(|i| (due_of(i), cards[*i].id.clone()));
    extra.sort_by_key(|i| (due_of(i), cards[*i].id.clone()));
    new.sort_by_key(|i| (mix(options.seed, &[&cards[*i].id]), cards[*i].id.clone()));
    let new_left_today = options
        .new_per_day
        .saturating_sub(new_cards_today(progress, now));
    let reviews_left_today = options
        .reviews_per_day
        .saturating_sub(reviews_today(progress, now));
    let mut buried = 0;
    if !options.cram {
        // No two cards of one entry on the same day: one answered today buries its siblings,
        // and the session takes one card per entry, due cards first.
        let today = now.date();
        let mut seen: HashSet<&str> = progress
            .log
            .iter()
            .filter(|l| crate::review::times::on(l.at, now.offset()).date() == today)
            .map(|l| {
                progress.get(&l.card_id).map_or_else(
                    || l.card_id.rsplit_once('/').map_or("", |(e, _)| e),
                    |r| r.entry_id.as_str(),
                )
            })
            .collect();
        let before = due.len() + new.len();
        due.retain(|i| seen.insert(cards[*i].entry_id.as_str()));
        new.retain(|i| seen.insert(cards[*i].entry_id.as_str()));
        buried = before - due.len() - new.len();
        due.truncate(usize::try_from(reviews_left_today).unwrap_or(usize::MAX));
        // Cram mode practises everything: unseen cards, then cards not due yet.
        new.truncate(usize::try_from(new_left_today).unwrap_or(usize::MAX));
        extra.clear();
    }
    let mut plan = Plan {
        due,
        new,
        extra,
        new_left_today,
        reviews_left_today,
        buried,
        suspended,
        buried_by_user,
    };
    if let Some(limit) = options.limit {
        let mut left = limit;
        for part in [&mut plan.due, &mut plan.new, &mut plan.extra] {
            part.truncate(left);
            left -= part.len();
        }
    }
    plan
}
