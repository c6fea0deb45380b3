//! Keys and mouse events to [`Action`]s: pure functions over a table that the help overlay reads.
//!
//! The table lives in `bindings`; what the help and the status bar say about it in `help`.

mod bindings;
mod help;

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

use Context::Global;

pub use bindings::BINDINGS;
pub use help::{HELP_ORDER, KIND_LEGEND, describe, hints};

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
    use Context::{Find, Help, List, Reader, Search};

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
