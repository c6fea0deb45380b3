//! What `archdeck quiz` asks for and accepts: the prompt line for each [`Expect`], the line
//! shown after input that does not fit, and parsing an input line.

use super::output::days;
use crate::corpus::Verdict;
use crate::quiz::schedule::Rating;
use crate::quiz::session::{Expect, Input};

/// The input line for what the session expects. `preview` gives the days each rating would
/// schedule (none in cram mode, where nothing is scheduled); Again always means later today.
/// `undo` lists `u` (there is an answer to undo).
pub fn prompt(expect: Expect, preview: Option<[u32; 4]>, undo: bool) -> String {
    let keys = match expect {
        Expect::Reveal => "> [Enter] reveal".into(),
        Expect::Rate => match preview {
            Some([_, h, g, e]) => format!(
                "> 1 again (later today), 2 hard ({}), 3 good ({}), 4 easy ({})",
                days(h),
                days(g),
                days(e)
            ),
            None => "> 1 again (later today), 2 hard, 3 good, 4 easy".into(),
        },
        Expect::Verdict => "> d do, n don't".into(),
        Expect::Choose(n) => format!("> 1-{n} choose"),
        Expect::Next | Expect::Done => "> [Enter] continue".into(),
    };
    let card = if matches!(expect, Expect::Next | Expect::Done) {
        ""
    } else {
        ", s suspend, b bury"
    };
    let undo = if undo { ", u undo" } else { "" };
    format!("{keys}{card}{undo}, q quit")
}

/// The input line once the last card is answered (only while there is an answer to undo).
pub(super) fn end_prompt() -> &'static str {
    "> [Enter] end the session, u undo, q quit"
}

/// The line shown after input that does not fit.
pub(super) fn accepted(expect: Expect, undo: bool) -> String {
    let keys = match expect {
        Expect::Reveal => "press Enter (an empty line) to reveal the answer".into(),
        Expect::Rate => "type 1 (again), 2 (hard), 3 (good) or 4 (easy)".into(),
        Expect::Verdict => "type d (do) or n (don't)".into(),
        Expect::Choose(n) => format!("type a number from 1 to {n}"),
        Expect::Next | Expect::Done => "press Enter to continue".into(),
    };
    let undo = if undo {
        ", u to undo the last answer"
    } else {
        ""
    };
    format!("{keys}{undo}, or q to quit")
}

/// Turns a trimmed input line into an input, if it is accepted now.
pub(super) fn parse(line: &str, expect: Expect) -> Option<Input> {
    let number = || line.parse::<u8>().ok();
    match expect {
        Expect::Reveal => line.is_empty().then_some(Input::Reveal),
        Expect::Rate => number().and_then(Rating::from_number).map(Input::Rate),
        Expect::Verdict => match line.to_ascii_lowercase().as_str() {
            "d" => Some(Input::Verdict(Verdict::Do)),
            "n" => Some(Input::Verdict(Verdict::Dont)),
            _ => None,
        },
        Expect::Choose(n) => number()
            .map(usize::from)
            .filter(|i| (1..=n.min(4)).contains(i))
            .map(|i| Input::Choose(i - 1)),
        Expect::Next | Expect::Done => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_what_is_expected() {
        assert_eq!(parse("", Expect::Reveal), Some(Input::Reveal));
        assert_eq!(parse("3", Expect::Reveal), None);
        assert_eq!(parse("3", Expect::Rate), Some(Input::Rate(Rating::Good)));
        assert_eq!(parse("5", Expect::Rate), None);
        assert_eq!(parse("", Expect::Rate), None);
        assert_eq!(
            parse("N", Expect::Verdict),
            Some(Input::Verdict(Verdict::Dont))
        );
        assert_eq!(parse("4", Expect::Choose(4)), Some(Input::Choose(3)));
        assert_eq!(parse("4", Expect::Choose(3)), None);
        assert_eq!(parse("0", Expect::Choose(4)), None);
    }
}
