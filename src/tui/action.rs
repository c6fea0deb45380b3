//! Everything the user can ask the TUI to do. The keymap produces these, `App::update` applies
//! them, and the help overlay describes them from [`Action::describe`], so the three never drift.

/// One user intention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave archdeck.
    Quit,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Put the cursor in the search box.
    FocusSearch,
    /// Move focus to the entry list.
    FocusList,
    /// Move focus to the reader.
    FocusReader,
    /// Switch focus between the list and the reader.
    SwitchPane,
    /// Type a character into the focused text box.
    Input(char),
    /// Delete the character before the cursor in the focused text box.
    Backspace,
    /// Delete the whole word before the cursor in the focused text box.
    DeleteWord,
    /// Delete from the start of the text box to the cursor.
    DeleteToStart,
    /// Delete from the cursor to the end of the text box.
    DeleteToEnd,
    /// Delete the character under the cursor.
    DeleteChar,
    /// Move the cursor one character left.
    CursorLeft,
    /// Move the cursor one character right.
    CursorRight,
    /// Move the cursor to the start of the text box.
    LineStart,
    /// Move the cursor to the end of the text box.
    LineEnd,
    /// Move the cursor to the start of the previous word.
    WordLeft,
    /// Move the cursor to the end of the next word.
    WordRight,
    /// Clear the search query and show every entry.
    ClearQuery,
    /// Leave the search box, keeping the query.
    AcceptQuery,
    /// Cycle the kind filter: all, concepts, patterns, rules, fallacies, laws, principles,
    /// references.
    CycleKind,
    /// Move up one row, or scroll up one line.
    Up,
    /// Move down one row, or scroll down one line.
    Down,
    /// Move or scroll up a page.
    PageUp,
    /// Move or scroll down a page.
    PageDown,
    /// Move or scroll up half a page.
    HalfPageUp,
    /// Move or scroll down half a page.
    HalfPageDown,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Open the selected entry in the reader, or follow the selected link.
    Open,
    /// A digit typed in the reader: follow related link N; with ten or more related links, a
    /// first digit waits for a second one (or Enter).
    FollowLink(u8),
    /// Select the next link in the reader.
    NextLink,
    /// Select the previous link in the reader.
    PrevLink,
    /// Go back to the previously read entry.
    Back,
    /// Go forward again after going back.
    Forward,
    /// Find text inside the entry.
    StartFind,
    /// Jump to the next match of the find.
    NextMatch,
    /// Jump to the previous match of the find.
    PrevMatch,
    /// Close the find box and clear its highlights.
    CancelFind,
    /// Close the help overlay.
    CloseHelp,
    /// Start a quiz on every card that is due (and today's new cards).
    StartQuiz,
    /// Start a quiz on the tag of the selected entry.
    QuizTag,
    /// Practise the whole deck without changing the schedule.
    Cram,
    /// Show the statistics.
    ShowStats,
    /// Open the card browser: every card with its state, due date and retrievability.
    ShowCards,
    /// Sort the card browser by the next column.
    CycleSort,
    /// Reverse the card browser's sort.
    ReverseSort,
    /// Show the next state in the card browser: all, due, new, learning, review, …
    CycleState,
    /// Reveal the answer, or go on to the next card.
    Continue,
    /// Rate recall 1-4 (again, hard, good, easy), or pick choice N.
    Answer(u8),
    /// Answer a rule card: do.
    SayDo,
    /// Answer a rule card: don't.
    SayDont,
    /// Read the card's entry, then come back with `o`.
    OpenCardEntry,
    /// Go back to the quiz left with `o`.
    ReturnToQuiz,
    /// Show the last card answered with its explanation again (the same key goes back).
    ExplainLast,
    /// Undo the last answer of the session (again for the one before): it leaves the review log
    /// and the card is asked again.
    Undo,
    /// Suspend the current card: no session shows it until it is unsuspended. In the card
    /// browser: suspend the selected card, or unsuspend it.
    Suspend,
    /// Bury the current card until tomorrow (the next day start).
    Bury,
    /// Cycle the current card's flag: none, red, orange, green, blue.
    CycleFlag,
    /// End the quiz (showing its summary) or leave the statistics.
    Leave,
    /// The mouse wheel at a screen cell: scroll the pane under it (three rows down or up).
    Wheel { column: u16, row: u16, down: bool },
    /// A left click at a screen cell: select a list row, focus a pane, or follow a link.
    Click { column: u16, row: u16 },
    /// The terminal's new size, in columns and rows: lay out and wrap again.
    Resize(u16, u16),
}

impl Action {
    /// A short description for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "show or hide this help",
            Action::FocusSearch => "search entries: names, acronyms, typos or a description",
            Action::FocusList => "back to the entry list",
            Action::FocusReader => "read the selected entry",
            Action::SwitchPane => "switch between list and reader",
            Action::Input(_) => "type into the search box",
            Action::Backspace => "delete a character",
            Action::DeleteWord => "delete the word before the cursor",
            Action::DeleteToStart => "delete to the start",
            Action::DeleteToEnd => "delete to the end",
            Action::DeleteChar => "delete the character under the cursor",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::LineStart => "cursor to the start",
            Action::LineEnd => "cursor to the end",
            Action::WordLeft => "back a word",
            Action::WordRight => "forward a word",
            Action::ClearQuery => "clear the search",
            Action::AcceptQuery => "leave the search box, keep the results",
            Action::CycleKind => "filter by kind: all, concept, pattern, rule, fallacy, law…",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::HalfPageUp => "half a page up",
            Action::HalfPageDown => "half a page down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open the entry / follow the selected link",
            Action::FollowLink(_) => {
                "follow related link N (1 0 for the tenth; 1 Enter for the first)"
            }
            Action::NextLink => "select the next link",
            Action::PrevLink => "select the previous link",
            Action::Back => "back to the previous entry",
            Action::Forward => "forward again",
            Action::StartFind => "find in this entry",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::CancelFind => "close the find and clear highlights",
            Action::CloseHelp => "close the help",
            Action::StartQuiz => "quiz: due cards and today's new ones",
            Action::QuizTag => "quiz the selected entry's tag",
            Action::Cram => "cram: practise without changing the schedule",
            Action::ShowStats => "statistics",
            Action::ShowCards => "card browser: every card's state, due date, retrievability",
            Action::CycleSort => {
                "sort by the next column (due, stability, difficulty, retrievability, …)"
            }
            Action::ReverseSort => "reverse the sort",
            Action::CycleState => "show all, due, new, learning, review, relearning, suspended…",
            Action::Continue => "reveal the answer / open the entry of a missed card",
            Action::Answer(_) => "rate 1 again, 2 hard, 3 good, 4 easy / pick choice 1-4",
            Action::SayDo => "answer: do",
            Action::SayDont => "answer: don't",
            Action::OpenCardEntry => "read this card's (or the missed card's) entry (o comes back)",
            Action::ReturnToQuiz => "back to the paused quiz",
            Action::ExplainLast => "the last card again, with its explanation",
            Action::Undo => "undo the last answer (again for the one before)",
            Action::Suspend => "suspend this card (`archdeck cards unsuspend ID` brings it back)",
            Action::Bury => "bury this card until tomorrow",
            Action::CycleFlag => "flag this card: none, red, orange, green, blue",
            Action::Leave => "end the quiz (summary) / leave",
            Action::Wheel { .. } => "scroll the pane under the mouse",
            Action::Click { .. } => "select a row or follow a link",
            Action::Resize(..) => "fit the new terminal size",
        }
    }
}
