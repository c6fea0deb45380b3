//! Keys and mouse events to [`Action`]s: pure functions over a table that the help overlay reads.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where the keyboard focus is; each context has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Keys that work everywhere except in text boxes.
    Global,
    /// The entry list.
    List,
    /// Typing in the search box.
    Search,
    /// The reader pane.
    Reader,
    /// Typing in the reader's find box.
    Find,
    /// The help overlay.
    Help,
    /// A quiz card.
    Quiz,
    /// The statistics view.
    Stats,
    /// The card browser.
    Cards,
}

impl Context {
    pub fn label(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Entry list",
            Context::Search => "Search box",
            Context::Reader => "Reader",
            Context::Find => "Find in entry",
            Context::Help => "Help",
            Context::Quiz => "Quiz",
            Context::Stats => "Statistics",
            Context::Cards => "Card browser",
        }
    }
}

/// A key with its modifiers.
pub type Key = (KeyCode, KeyModifiers);

const N: KeyModifiers = KeyModifiers::NONE;
const S: KeyModifiers = KeyModifiers::SHIFT;
const C: KeyModifiers = KeyModifiers::CONTROL;
const A: KeyModifiers = KeyModifiers::ALT;

const fn ch(c: char) -> Key {
    (KeyCode::Char(c), N)
}

/// One row of the keymap: where, which keys, how the help shows them, and what they do.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub label: &'static str,
    pub action: Action,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    label: &'static str,
    action: Action,
) -> Binding {
    Binding {
        context,
        keys,
        label,
        action,
    }
}

use Context::{Cards, Find, Global, Help, List, Quiz, Reader, Search, Stats};

/// Every binding. Contexts are tried first, then `Global` (which text boxes skip).
pub static BINDINGS: &[Binding] = &[
    bind(
        Global,
        &[ch('q'), (KeyCode::Char('c'), C)],
        "q  Ctrl-C",
        Action::Quit,
    ),
    bind(
        Global,
        &[ch('?'), (KeyCode::F(1), N)],
        "?  F1",
        Action::ToggleHelp,
    ),
    bind(Global, &[ch('/')], "/", Action::FocusSearch),
    bind(
        Global,
        &[(KeyCode::Tab, N), (KeyCode::BackTab, S)],
        "Tab",
        Action::SwitchPane,
    ),
    bind(Global, &[ch('t')], "t", Action::CycleKind),
    bind(
        Global,
        &[
            ch('b'),
            (KeyCode::Backspace, N),
            (KeyCode::Left, A),
            (KeyCode::Char('o'), C),
        ],
        "b  Bksp  Alt-←",
        Action::Back,
    ),
    bind(
        Global,
        &[ch('f'), (KeyCode::Right, A)],
        "f  Alt-→",
        Action::Forward,
    ),
    bind(Global, &[ch('c')], "c", Action::StartQuiz),
    bind(Global, &[ch('C')], "C", Action::QuizTag),
    bind(Global, &[ch('s')], "s", Action::ShowStats),
    bind(Global, &[ch('B')], "B", Action::ShowCards),
    bind(Global, &[ch('o')], "o", Action::ReturnToQuiz),
    bind(List, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(List, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(
        List,
        &[(KeyCode::PageUp, N), (KeyCode::Char('b'), C)],
        "PgUp",
        Action::PageUp,
    ),
    bind(
        List,
        &[(KeyCode::PageDown, N), (KeyCode::Char('f'), C)],
        "PgDn",
        Action::PageDown,
    ),
    bind(
        List,
        &[(KeyCode::Char('u'), C)],
        "Ctrl-U",
        Action::HalfPageUp,
    ),
    bind(
        List,
        &[(KeyCode::Char('d'), C)],
        "Ctrl-D",
        Action::HalfPageDown,
    ),
    bind(List, &[ch('g'), (KeyCode::Home, N)], "g  Home", Action::Top),
    bind(
        List,
        &[ch('G'), (KeyCode::Char('G'), S), (KeyCode::End, N)],
        "G  End",
        Action::Bottom,
    ),
    bind(
        List,
        &[(KeyCode::Enter, N), ch('l'), (KeyCode::Right, N)],
        "Enter  l  →",
        Action::FocusReader,
    ),
    bind(List, &[(KeyCode::Esc, N)], "Esc", Action::ClearQuery),
    bind(Search, &[(KeyCode::Esc, N)], "Esc", Action::ClearQuery),
    bind(
        Search,
        &[(KeyCode::Enter, N), (KeyCode::Tab, N)],
        "Enter",
        Action::AcceptQuery,
    ),
    bind(
        Search,
        &[(KeyCode::Up, N), (KeyCode::Char('p'), C)],
        "↑  Ctrl-P",
        Action::Up,
    ),
    bind(
        Search,
        &[(KeyCode::Down, N), (KeyCode::Char('n'), C)],
        "↓  Ctrl-N",
        Action::Down,
    ),
    bind(
        Search,
        &[(KeyCode::Backspace, N)],
        "Bksp",
        Action::Backspace,
    ),
    bind(
        Search,
        &[(KeyCode::Delete, N), (KeyCode::Char('d'), C)],
        "Del",
        Action::DeleteChar,
    ),
    bind(
        Search,
        &[(KeyCode::Char('w'), C), (KeyCode::Backspace, A)],
        "Ctrl-W",
        Action::DeleteWord,
    ),
    bind(
        Search,
        &[(KeyCode::Char('u'), C)],
        "Ctrl-U",
        Action::DeleteToStart,
    ),
    bind(
        Search,
        &[(KeyCode::Char('k'), C)],
        "Ctrl-K",
        Action::DeleteToEnd,
    ),
    bind(
        Search,
        &[(KeyCode::Left, N), (KeyCode::Char('b'), C)],
        "←  Ctrl-B",
        Action::CursorLeft,
    ),
    bind(
        Search,
        &[(KeyCode::Right, N), (KeyCode::Char('f'), C)],
        "→  Ctrl-F",
        Action::CursorRight,
    ),
    bind(
        Search,
        &[(KeyCode::Home, N), (KeyCode::Char('a'), C)],
        "Ctrl-A  Home",
        Action::LineStart,
    ),
    bind(
        Search,
        &[(KeyCode::End, N), (KeyCode::Char('e'), C)],
        "Ctrl-E  End",
        Action::LineEnd,
    ),
    bind(
        Search,
        &[(KeyCode::Char('b'), A), (KeyCode::Left, C)],
        "Alt-B",
        Action::WordLeft,
    ),
    bind(
        Search,
        &[(KeyCode::Char('f'), A), (KeyCode::Right, C)],
        "Alt-F",
        Action::WordRight,
    ),
    bind(Search, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(Reader, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(Reader, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(
        Reader,
        &[(KeyCode::PageUp, N), (KeyCode::Char('b'), C)],
        "PgUp",
        Action::PageUp,
    ),
    bind(
        Reader,
        &[(KeyCode::PageDown, N), ch(' '), (KeyCode::Char('f'), C)],
        "PgDn  Space",
        Action::PageDown,
    ),
    bind(
        Reader,
        &[(KeyCode::Char('u'), C)],
        "Ctrl-U",
        Action::HalfPageUp,
    ),
    bind(
        Reader,
        &[(KeyCode::Char('d'), C)],
        "Ctrl-D",
        Action::HalfPageDown,
    ),
    bind(
        Reader,
        &[ch('g'), (KeyCode::Home, N)],
        "g  Home",
        Action::Top,
    ),
    bind(
        Reader,
        &[ch('G'), (KeyCode::Char('G'), S), (KeyCode::End, N)],
        "G  End",
        Action::Bottom,
    ),
    bind(Reader, &[ch('/')], "/", Action::StartFind),
    bind(Reader, &[ch('n')], "n", Action::NextMatch),
    bind(
        Reader,
        &[ch('N'), (KeyCode::Char('N'), S)],
        "N",
        Action::PrevMatch,
    ),
    bind(Reader, &[ch(']')], "]", Action::NextLink),
    bind(Reader, &[ch('[')], "[", Action::PrevLink),
    bind(Reader, &[(KeyCode::Enter, N)], "Enter", Action::Open),
    bind(Reader, &[ch('1')], "1-9  10…", Action::FollowLink(1)),
    bind(Reader, &[(KeyCode::Esc, N)], "Esc", Action::CancelFind),
    bind(
        Reader,
        &[ch('h'), (KeyCode::Left, N)],
        "h  ←",
        Action::FocusList,
    ),
    bind(Find, &[(KeyCode::Enter, N)], "Enter", Action::AcceptQuery),
    bind(Find, &[(KeyCode::Esc, N)], "Esc", Action::CancelFind),
    bind(Find, &[(KeyCode::Backspace, N)], "Bksp", Action::Backspace),
    bind(
        Find,
        &[(KeyCode::Char('w'), C)],
        "Ctrl-W",
        Action::DeleteWord,
    ),
    bind(
        Find,
        &[(KeyCode::Char('u'), C)],
        "Ctrl-U",
        Action::DeleteToStart,
    ),
    bind(Find, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(
        Help,
        &[(KeyCode::Esc, N), ch('?'), ch('q'), (KeyCode::F(1), N)],
        "Esc  ?  q",
        Action::CloseHelp,
    ),
    bind(Help, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(Help, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(Help, &[(KeyCode::PageUp, N)], "PgUp", Action::PageUp),
    bind(
        Help,
        &[(KeyCode::PageDown, N), ch(' ')],
        "PgDn",
        Action::PageDown,
    ),
    bind(Help, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(
        Quiz,
        &[ch(' '), (KeyCode::Enter, N)],
        "Space  Enter",
        Action::Continue,
    ),
    bind(Quiz, &[ch('1')], "1-4", Action::Answer(1)),
    bind(Quiz, &[ch('d')], "d", Action::SayDo),
    bind(Quiz, &[ch('n')], "n", Action::SayDont),
    bind(Quiz, &[ch('o')], "o", Action::OpenCardEntry),
    bind(Quiz, &[ch('e')], "e", Action::ExplainLast),
    bind(Quiz, &[ch('u')], "u", Action::Undo),
    bind(Quiz, &[ch('@')], "@", Action::Suspend),
    bind(Quiz, &[ch('-')], "-", Action::Bury),
    bind(Quiz, &[ch('f')], "f", Action::CycleFlag),
    bind(Quiz, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(Quiz, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(Quiz, &[ch('r')], "r", Action::Cram),
    bind(Quiz, &[ch('s')], "s", Action::ShowStats),
    bind(Quiz, &[ch('B')], "B", Action::ShowCards),
    bind(Quiz, &[(KeyCode::Esc, N), ch('q')], "Esc  q", Action::Leave),
    bind(Quiz, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(
        Quiz,
        &[ch('?'), (KeyCode::F(1), N)],
        "?",
        Action::ToggleHelp,
    ),
    bind(Stats, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(Stats, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(Stats, &[(KeyCode::Enter, N)], "Enter", Action::Open),
    bind(Stats, &[ch('c')], "c", Action::StartQuiz),
    bind(Stats, &[ch('B')], "B", Action::ShowCards),
    bind(
        Stats,
        &[(KeyCode::Esc, N), ch('q'), ch('s')],
        "Esc  q  s",
        Action::Leave,
    ),
    bind(Stats, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(
        Stats,
        &[ch('?'), (KeyCode::F(1), N)],
        "?",
        Action::ToggleHelp,
    ),
    bind(Cards, &[ch('k'), (KeyCode::Up, N)], "k  ↑", Action::Up),
    bind(Cards, &[ch('j'), (KeyCode::Down, N)], "j  ↓", Action::Down),
    bind(
        Cards,
        &[(KeyCode::PageUp, N), (KeyCode::Char('b'), C)],
        "PgUp",
        Action::PageUp,
    ),
    bind(
        Cards,
        &[(KeyCode::PageDown, N), ch(' '), (KeyCode::Char('f'), C)],
        "PgDn  Space",
        Action::PageDown,
    ),
    bind(
        Cards,
        &[(KeyCode::Char('u'), C)],
        "Ctrl-U",
        Action::HalfPageUp,
    ),
    bind(
        Cards,
        &[(KeyCode::Char('d'), C)],
        "Ctrl-D",
        Action::HalfPageDown,
    ),
    bind(
        Cards,
        &[ch('g'), (KeyCode::Home, N)],
        "g  Home",
        Action::Top,
    ),
    bind(
        Cards,
        &[ch('G'), (KeyCode::End, N)],
        "G  End",
        Action::Bottom,
    ),
    bind(Cards, &[ch('s')], "s", Action::CycleSort),
    bind(Cards, &[ch('r')], "r", Action::ReverseSort),
    bind(Cards, &[ch('t')], "t", Action::CycleState),
    bind(Cards, &[ch('@')], "@", Action::Suspend),
    bind(Cards, &[ch('f')], "f", Action::CycleFlag),
    bind(Cards, &[ch('-')], "-", Action::Bury),
    bind(Cards, &[ch('/')], "/", Action::FocusSearch),
    bind(
        Cards,
        &[(KeyCode::Enter, N), ch('o')],
        "Enter  o",
        Action::Open,
    ),
    bind(
        Cards,
        &[(KeyCode::Esc, N), ch('q')],
        "Esc  q",
        Action::Leave,
    ),
    bind(Cards, &[(KeyCode::Char('c'), C)], "Ctrl-C", Action::Quit),
    bind(
        Cards,
        &[ch('?'), (KeyCode::F(1), N)],
        "?",
        Action::ToggleHelp,
    ),
];

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

/// Rows of help text (the kind legend and a blank row, a heading, the bindings and a blank row
/// per context, then the mouse line), for the overlay's scroll limits.
pub fn help_line_count() -> usize {
    2 + HELP_ORDER.len() * 2 + BINDINGS.len() + 1
}

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
pub const KIND_LEGEND: &str = "Kinds in the list: C concept · P pattern · R rule (do/don't) · F fallacy · L law · I principle · S source (reference)";

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

fn normalise(key: KeyEvent) -> Key {
    // Terminals report Shift with upper-case letters inconsistently; compare without it.
    let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Char(c) if mods == S => (KeyCode::Char(c), N),
        code => (code, mods),
    }
}

fn lookup(context: Context, key: Key) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.keys.contains(&key))
        .map(|b| b.action)
}

/// The action for a key press in a context, if any.
pub fn action_for(context: Context, event: KeyEvent) -> Option<Action> {
    let key = normalise(event);
    if let Some(action) = lookup(context, key) {
        return Some(action);
    }
    match context {
        Context::Search | Context::Find => match key {
            (KeyCode::Char(c), N) if !c.is_control() => Some(Action::Input(c)),
            _ => None,
        },
        Context::Reader => match key {
            (KeyCode::Char(c @ '0'..='9'), N) => Some(Action::FollowLink(c as u8 - b'0')),
            _ => lookup(Global, key),
        },
        Context::Quiz => match key {
            (KeyCode::Char(c @ '1'..='4'), N) => Some(Action::Answer(c as u8 - b'0')),
            _ => None,
        },
        Context::Help | Context::Stats | Context::Cards => None,
        _ => lookup(Global, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, N)
    }

    #[test]
    fn text_boxes_take_letters() {
        assert_eq!(
            action_for(Search, key(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
        assert_eq!(
            action_for(List, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Find, key(KeyCode::Char('j'))),
            Some(Action::Input('j'))
        );
    }

    #[test]
    fn number_keys_follow_links() {
        assert_eq!(
            action_for(Reader, key(KeyCode::Char('7'))),
            Some(Action::FollowLink(7))
        );
    }

    #[test]
    fn shifted_letters_match() {
        let g = KeyEvent::new(KeyCode::Char('G'), S);
        assert_eq!(action_for(List, g), Some(Action::Bottom));
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        let cc = KeyEvent::new(KeyCode::Char('c'), C);
        for ctx in [List, Search, Reader, Find, Help] {
            assert_eq!(action_for(ctx, cc), Some(Action::Quit), "{ctx:?}");
        }
    }
}
