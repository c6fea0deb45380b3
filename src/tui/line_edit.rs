//! A one-line text editor for the search box, with the readline keys users bring from their
//! shells: pure state (text, cursor, selection, history), no terminal code.

use std::fmt;
use std::ops::Deref;

use unicode_width::UnicodeWidthChar;

/// How many queries the history keeps.
pub const HISTORY_MAX: usize = 100;

/// The text of a one-line box, a cursor (a char index), whether the whole text is selected (so
/// typing replaces it), and the history of accepted queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    /// Cursor position, in chars from the start.
    cursor: usize,
    /// The whole text is selected: the next insertion replaces it.
    pub selected: bool,
    /// Accepted queries, oldest first.
    pub history: Vec<String>,
    /// Position while walking the history (an index into it), if walking.
    walking: Option<usize>,
}

impl Deref for LineEditor {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for LineEditor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<&str> for LineEditor {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl LineEditor {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The cursor, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte(&self, char_pos: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_pos)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Replaces the text, cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.len();
        self.selected = false;
    }

    /// Empties the box.
    pub fn clear(&mut self) {
        self.set("");
        self.walking = None;
    }

    /// Drops a selection before an edit: returns true if the selected text was deleted.
    fn take_selection(&mut self) -> bool {
        if std::mem::take(&mut self.selected) {
            self.set("");
            return true;
        }
        false
    }

    /// Types a character at the cursor (replacing the selection, if any).
    pub fn insert(&mut self, c: char) {
        self.take_selection();
        self.walking = None;
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Deletes the char before the cursor (or the selection).
    pub fn backspace(&mut self) {
        if self.take_selection() || self.cursor == 0 {
            return;
        }
        let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor -= 1;
    }

    /// Deletes the char under the cursor.
    pub fn delete(&mut self) {
        if self.take_selection() || self.cursor >= self.len() {
            return;
        }
        let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
        self.text.replace_range(a..b, "");
    }

    pub fn left(&mut self) {
        self.selected = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.selected = false;
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.len();
    }

    /// The start of the word before the cursor (readline's Alt-B).
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor.min(chars.len());
        while i > 0 && !is_word(chars[i - 1]) {
            i -= 1;
        }
        while i > 0 && is_word(chars[i - 1]) {
            i -= 1;
        }
        i
    }

    /// The end of the word after the cursor (readline's Alt-F).
    fn word_end(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i < chars.len() && !is_word(chars[i]) {
            i += 1;
        }
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        i
    }

    pub fn word_left(&mut self) {
        self.selected = false;
        self.cursor = self.word_start();
    }

    pub fn word_right(&mut self) {
        self.selected = false;
        self.cursor = self.word_end();
    }

    /// Ctrl-W: deletes the whitespace-separated word before the cursor.
    pub fn delete_word(&mut self) {
        if self.take_selection() {
            return;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1] == ' ' {
            i -= 1;
        }
        while i > 0 && chars[i - 1] != ' ' {
            i -= 1;
        }
        let (a, b) = (self.byte(i), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = i;
    }

    /// Ctrl-U: deletes from the start to the cursor.
    pub fn delete_to_start(&mut self) {
        if self.take_selection() {
            return;
        }
        let b = self.byte(self.cursor);
        self.text.replace_range(..b, "");
        self.cursor = 0;
    }

    /// Ctrl-K: deletes from the cursor to the end.
    pub fn delete_to_end(&mut self) {
        if self.take_selection() {
            return;
        }
        let a = self.byte(self.cursor);
        self.text.truncate(a);
    }

    /// `/` on a box that already holds text: select all of it, so typing replaces it.
    pub fn select_all(&mut self) {
        self.selected = !self.text.is_empty();
        self.cursor = self.len();
    }

    /// Remembers an accepted query (moving a repeat to the end), keeping the newest
    /// [`HISTORY_MAX`].
    pub fn remember(&mut self) {
        self.walking = None;
        let q = self.text.trim();
        if q.is_empty() {
            return;
        }
        let q = q.to_string();
        self.history.retain(|h| *h != q);
        self.history.push(q);
        if self.history.len() > HISTORY_MAX {
            let extra = self.history.len() - HISTORY_MAX;
            self.history.drain(..extra);
        }
    }

    /// Whether ↑/↓ walk the history rather than move in the list: the box is empty, or shows
    /// a query recalled from the history.
    pub fn walks_history(&self) -> bool {
        self.text.is_empty() || self.walking.is_some()
    }

    /// ↑ (older) or ↓ (newer) through the history. Returns whether the text changed. Going
    /// newer than the newest empties the box.
    pub fn walk(&mut self, older: bool) -> bool {
        let n = self.history.len();
        let next = match (self.walking, older) {
            (None, true) if n > 0 => Some(n - 1),
            (None, _) => return false,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < n => Some(i + 1),
            (Some(_), false) => None,
        };
        let text = next.map_or(String::new(), |i| self.history[i].clone());
        let changed = text != self.text;
        self.set(&text);
        self.walking = next;
        changed
    }

    /// The part of the text to show in a box `width` columns wide (one column is kept for the
    /// cursor), and the cursor's column in it: the view scrolls so the cursor stays visible.
    pub fn view(&self, width: usize) -> (String, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let w = |c: &char| c.width().unwrap_or(0);
        let width = width.max(1);
        // The first char shown: as far left as possible while the cursor still fits.
        let mut start = 0;
        let before: usize = chars[..self.cursor].iter().map(w).sum();
        let mut used = before;
        while used + 1 > width && start < self.cursor {
            used -= w(&chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut cols = 0;
        for c in &chars[start..] {
            if cols + w(c) > width {
                break;
            }
            cols += w(c);
            shown.push(*c);
        }
        (shown, used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ed(text: &str) -> LineEditor {
        let mut e = LineEditor::default();
        e.set(text);
        e
    }

    /// The text with `|` at the cursor.
    fn show(e: &LineEditor) -> String {
        let mut s: String = e.text.chars().take(e.cursor).collect();
        s.push('|');
        s.extend(e.text.chars().skip(e.cursor));
        s
    }

    #[test]
    fn moves_by_char_and_to_the_ends() {
        let mut e = ed("abc");
        e.left();
        e.left();
        assert_eq!(show(&e), "a|bc");
        e.right();
        assert_eq!(show(&e), "ab|c");
        e.home();
        assert_eq!(show(&e), "|abc");
        e.left();
        assert_eq!(show(&e), "|abc");
        e.end();
        e.right();
        assert_eq!(show(&e), "abc|");
    }

    #[test]
    fn inserts_at_the_cursor() {
        let mut e = ed("ac");
        e.left();
        e.insert('b');
        assert_eq!(show(&e), "ab|c");
        e.backspace();
        assert_eq!(show(&e), "a|c");
        e.delete();
        assert_eq!(show(&e), "a|");
    }

    #[test]
    fn moves_by_word() {
        let mut e = ed("circuit breaker-pattern");
        e.word_left();
        assert_eq!(show(&e), "circuit breaker-|pattern");
        e.word_left();
        assert_eq!(show(&e), "circuit |breaker-pattern");
        e.word_left();
        assert_eq!(show(&e), "|circuit breaker-pattern");
        e.word_right();
        assert_eq!(show(&e), "circuit| breaker-pattern");
        e.word_right();
        assert_eq!(show(&e), "circuit breaker|-pattern");
    }

    #[test]
    fn deletes_words_and_to_either_end() {
        let mut e = ed("one two three");
        e.delete_word();
        assert_eq!(show(&e), "one two |");
        e.delete_word();
        assert_eq!(show(&e), "one |");
        let mut e = ed("one two three");
        e.word_left();
        e.delete_to_start();
        assert_eq!(show(&e), "|three");
        let mut e = ed("one two three");
        e.word_left();
        e.delete_to_end();
        assert_eq!(show(&e), "one two |");
    }

    #[test]
    fn typing_replaces_a_selection() {
        let mut e = ed("saga");
        e.select_all();
        assert!(e.selected);
        e.insert('c');
        assert_eq!(show(&e), "c|");
        let mut e = ed("saga");
        e.select_all();
        e.left();
        e.insert('s');
        assert_eq!(show(&e), "sags|a");
        let mut empty = ed("");
        empty.select_all();
        assert!(!empty.selected);
    }

    #[test]
    fn walks_the_history() {
        let mut e = ed("");
        for q in ["saga", "outbox", "saga"] {
            e.set(q);
            e.remember();
        }
        assert_eq!(e.history, ["outbox", "saga"]);
        e.clear();
        assert!(e.walks_history());
        assert!(e.walk(true));
        assert_eq!(e.as_str(), "saga");
        assert!(e.walks_history());
        e.walk(true);
        assert_eq!(e.as_str(), "outbox");
        e.walk(true);
        assert_eq!(e.as_str(), "outbox");
        e.walk(false);
        assert_eq!(e.as_str(), "saga");
        e.walk(false);
        assert_eq!(e.as_str(), "");
        e.insert('x');
        assert!(!e.walks_history());
    }

    #[test]
    fn history_keeps_the_newest() {
        let mut e = ed("");
        for i in 0..HISTORY_MAX + 5 {
            e.set(&format!("q{i}"));
            e.remember();
        }
        assert_eq!(e.history.len(), HISTORY_MAX);
        assert_eq!(e.history[0], "q5");
    }

    #[test]
    fn long_text_scrolls_so_the_cursor_stays_visible() {
        let mut e = ed("abcdefghij");
        // Cursor at the end: the last chars and a free column for the cursor.
        assert_eq!(e.view(5), ("ghij".to_string(), 4));
        e.home();
        assert_eq!(e.view(5), ("abcde".to_string(), 0));
        e.right();
        e.right();
        assert_eq!(e.view(5), ("abcde".to_string(), 2));
        assert_eq!(ed("ab").view(5), ("ab".to_string(), 2));
        assert_eq!(ed("日本語").view(4), ("語".to_string(), 2));
    }
}
