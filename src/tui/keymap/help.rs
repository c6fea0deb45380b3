//! What the help overlay and the status bar say about the keys: the contexts' order, each
//! binding's description in its context, the kind legend and the status bar's hints.

use super::Context;
use super::Context::{Cards, Find, Global, Help, List, Quiz, Reader, Search, Stats};
use crate::tui::action::Action;

/// The order in which the help overlay lists the contexts.
pub const HELP_ORDER: [Context; 9] = [
    Context::Global,
    Context::List,
    Context::Search,
    Context::Reader,
    Context::Find,
    Context::Quiz,
    Context::Stats,
    Context::Cards,
    Context::Help,
];

/// What a binding does, as the help says it: the action's description, or a more precise one
/// where the same action means something else in this context.
pub fn describe(context: Context, action: Action) -> &'static str {
    match (context, action) {
        (Global, Action::FocusSearch) => {
            "search entries (a query there is selected: typing replaces it)"
        }
        (Search, Action::Up) => "move up the list; on an empty box, the previous search",
        (Search, Action::Down) => "move down the list; on an empty box, the next search",
        (Search, Action::AcceptQuery) => "keep the query (remembered for ↑) and go to the list",
        (Search, Action::ClearQuery) => "clear the search and go to the list",
        (Find, Action::AcceptQuery) => "keep the matches and go back to reading (n / N step)",
        (Find, Action::CancelFind) => "cancel the find",
        (Find, Action::Backspace) => "delete a character of the find text",
        (Find, Action::DeleteWord) => "delete a word of the find text",
        (Find, Action::DeleteToStart) => "clear the find text",
        (Reader, Action::CancelFind) => "clear the find; with none, back to the list",
        (Quiz, Action::Leave) => "end the quiz and show its summary; again to leave",
        (Stats, Action::Leave) => "back to browsing",
        (Stats, Action::Open) => "read the selected weak entry",
        (Stats, Action::StartQuiz) => "start a quiz: due cards and today's new ones",
        (Quiz, Action::ShowCards) => "card browser (from the summary)",
        (Cards, Action::FocusSearch) => {
            "filter by id or title, kind:K tag:T deck:D (readline keys; Enter keeps, Esc clears)"
        }
        (Cards, Action::Open) => "read the selected card's entry (B comes back)",
        (Cards, Action::Leave) => "back to the screen the browser was opened from",
        (Cards, Action::Suspend) => "suspend or unsuspend the selected card (saved at once)",
        (Cards, Action::CycleFlag) => "flag the selected card: red, orange, green, blue, none",
        (Cards, Action::Bury) => "bury the selected card until tomorrow",
        (Help, Action::Up) => "scroll up",
        (Help, Action::Down) => "scroll down",
        _ => action.describe(),
    }
}

/// The letters the list shows before each title.
/// Each letter is joined to its kind by a no-break space, so that a narrow help box never
/// separates them.
pub const KIND_LEGEND: &str = "Kinds in the list: C\u{a0}concept · P\u{a0}pattern · R\u{a0}rule\u{a0}(do/don't) · F\u{a0}fallacy · L\u{a0}law · I\u{a0}principle · S\u{a0}source\u{a0}(reference)";

/// The status bar's key hints for a context: `(keys, what they do)`, shortest first-use keys
/// only. Help's context shows none (the overlay says how to close it).
pub fn hints(context: Context) -> &'static [(&'static str, &'static str)] {
    match context {
        Quiz => &[
            ("Space", "reveal"),
            ("1-4", "rate/choose"),
            ("d/n", "do/don't"),
            ("e", "last card"),
            ("u", "undo"),
            ("@/-/f", "suspend/bury/flag"),
            ("o", "entry"),
            ("Esc", "end"),
        ],
        Stats => &[
            ("j/k", "move"),
            ("Enter", "open"),
            ("c", "quiz"),
            ("B", "cards"),
            ("Esc", "back"),
        ],
        Search => &[
            ("type", "search"),
            ("↑↓", "move"),
            ("Enter", "done"),
            ("Esc", "clear"),
        ],
        Find => &[("type", "find"), ("Enter", "done"), ("Esc", "cancel")],
        Cards => &[
            ("j/k", "move"),
            ("s", "sort"),
            ("r", "reverse"),
            ("t", "state"),
            ("@", "suspend"),
            ("f", "flag"),
            ("-", "bury"),
            ("/", "filter"),
            ("Enter", "entry"),
            ("Esc", "back"),
        ],
        List | Global | Help => &[
            ("/", "search"),
            ("j/k", "move"),
            ("Enter", "read"),
            ("t", "kind"),
            ("c", "quiz"),
            ("s", "stats"),
            ("B", "cards"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Reader => &[
            ("j/k", "scroll"),
            ("1-9", "link"),
            ("b/f", "back/fwd"),
            ("/", "find"),
            ("?", "help"),
            ("q", "quit"),
        ],
    }
}
