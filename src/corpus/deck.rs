//! A deck file's text and name, and diagnostics located in it.

use std::ops::Range;

use super::diagnostic::{Diagnostic, line_col};

/// The text of one deck file and where it came from.
#[derive(Debug, Clone)]
pub struct DeckFile {
    /// The path shown in messages.
    pub name: String,
    pub text: String,
    pub builtin: bool,
}

impl DeckFile {
    pub(super) fn diagnostic(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, col) = line_col(&self.text, span.start);
        Diagnostic {
            file: self.name.clone(),
            line,
            col,
            message,
        }
    }
}
