//! Neutralises untrusted deck text before it reaches a terminal.
//!
//! Deck files may come from anyone. A title holding `ESC ] 52 ; ...` could write to the user's
//! clipboard, and `ESC [ 2 J` could wipe the screen of a script that pipes `archdeck show`. Every
//! escape sequence (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes) is removed whole, and every
//! other control character is dropped; newlines and tabs survive only where the text is multi-line.

use std::borrow::Cow;

/// Whether newlines and tabs are kept (Markdown bodies) or turned into spaces (titles, tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Keep `\n` and `\t`.
    Keep,
    /// Replace `\n`, `\r` and `\t` with a space.
    Fold,
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Returns `text` with terminal escape sequences and control characters removed.
pub fn clean(text: &str, lines: Lines) -> Cow<'_, str> {
    let keep = |c: char| match c {
        '\n' | '\t' => lines == Lines::Keep,
        _ => !is_unsafe(c),
    };
    // Printable ASCII is the common case, and checking bytes is much faster than chars.
    let plain =
        |b: u8| (0x20..0x7f).contains(&b) || (lines == Lines::Keep && (b == b'\n' || b == b'\t'));
    if text.bytes().all(plain) || text.chars().all(keep) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // 8-bit CSI, DCS, OSC, SOS, PM and APC introducers.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' if lines == Lines::Keep => {}
            '\n' | '\t' | '\r' if lines == Lines::Fold && !out.ends_with(' ') => out.push(' '),
            '\n' | '\t' | '\r' if lines == Lines::Fold => {}
            c if keep(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-byte escapes such as `ESC c` (reset) or `ESC ( B` (charset): drop the
        // intermediate bytes and the final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next();
        }
        _ => {}
    }
}

/// Control Sequence: parameter and intermediate bytes, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || c.is_control() && c != '\u{1b}' {
            return;
        }
    }
}

/// String sequences end with BEL or ST (`ESC \` or 8-bit `\u{9c}`).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            clean("Circuit Breaker", Lines::Fold),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn removes_csi_osc_and_controls() {
        let evil =
            "a\u{1b}[2Jb\u{1b}]52;c;aGk=\u{07}c\u{1b}]0;title\u{1b}\\d\u{7}e\u{9b}31mf\u{1b}cg";
        assert_eq!(clean(evil, Lines::Keep), "abcdefg");
    }

    #[test]
    fn folds_or_keeps_newlines() {
        assert_eq!(clean("a\nb\tc\r\n", Lines::Keep), "a\nb\tc\n");
        assert_eq!(clean("a\n\nb", Lines::Fold), "a b");
    }

    #[test]
    fn removes_bidi_overrides() {
        assert_eq!(clean("abc\u{202E}def", Lines::Fold), "abcdef");
    }

    #[test]
    fn unterminated_sequences_end_the_text() {
        assert_eq!(clean("ok\u{1b}]52;never ends", Lines::Keep), "ok");
        assert_eq!(clean("ok\u{1b}", Lines::Keep), "ok");
    }
}
