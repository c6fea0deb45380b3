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
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// One line of untrusted text (a file name, an argument, a message quoting either) made safe
/// for a terminal: escape sequences, control and bidi characters removed, line breaks folded.
pub fn line(text: &str) -> Cow<'_, str> {
    clean(text, Lines::Fold)
}

/// Returns `text` with terminal escape sequences and control characters removed.
pub fn clean(text: &str, lines: Lines) -> Cow<'_, str> {
    let keep = |c: char| match c {
        '\n' | '\t' => lines == Lines::Keep,
        _ => !is_unsafe(c),
    };
    if is_clean(text.as_bytes(), lines) {
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

/// The same test as the `keep` closure of [`clean`], on UTF-8 bytes, which is much faster:
/// ASCII controls and DEL, C1 controls (`C2 80`..`C2 9F`), and the bidi overrides
/// (`E2 80 AA`..`AE`, `E2 81 A6`..`A9`) are what make text unclean.
fn is_clean(bytes: &[u8], lines: Lines) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' | b'\t' if lines == Lines::Keep => {}
            0x00..=0x1f | 0x7f => return false,
            0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => return false,
            0xd8 if bytes.get(i + 1) == Some(&0x9c) => return false,
            0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xaa..=0xae | 0x8e | 0x8f)) | (Some(0x81), Some(0xa6..=0xa9)) => {
                    return false;
                }
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    true
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
    fn byte_check_agrees_with_char_check() {
        for text in [
            "plain",
            "tab\there",
            "line\nbreak",
            "é ü 日本",
            "c1\u{85}x",
            "\u{9b}",
            "bidi\u{202E}",
            "iso\u{2066}",
            "ok\u{2069}",
            "fine\u{2010}",
            "\u{7f}",
            "\u{a0}nbsp",
        ] {
            for lines in [Lines::Keep, Lines::Fold] {
                let keep = |c: char| match c {
                    '\n' | '\t' => lines == Lines::Keep,
                    _ => !is_unsafe(c),
                };
                assert_eq!(
                    is_clean(text.as_bytes(), lines),
                    text.chars().all(keep),
                    "{text:?} {lines:?}"
                );
            }
        }
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
