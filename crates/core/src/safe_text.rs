//! Text from a box (or anything on the LAN) made safe to show in a terminal or a document.
//! A box is an unauthenticated service: its hostname, server URL or certificate details may hold
//! ESC sequences that redraw a terminal, bidi overrides that reorder what a reader sees, or line
//! breaks that forge new lines of output. Human output and Markdown pass every such string
//! through here; `--json` keeps the exact text (JSON escapes control characters itself).

use std::borrow::Cow;

/// One line of text: line breaks and tabs become spaces, other control characters become
/// their visible picture (ESC → `␛`), bidi controls and C1 controls become `�`.
pub fn one_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`one_line`], but line breaks are kept (for multi-line box text in a code block).
pub fn lines(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// A one-line string inside Markdown: also escapes the characters that would turn it into a
/// link, emphasis, an HTML tag or a table cell.
pub fn markdown_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if MARKDOWN_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Characters [`markdown_inline`] escapes with a backslash.
pub const MARKDOWN_SPECIAL: [char; 10] = ['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|'];

fn replacement(c: char, keep_newlines: bool) -> Option<char> {
    match c {
        '\n' if keep_newlines => None,
        '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
        // C0 controls and DEL as their Unicode "control pictures": visible, and inert.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        // Bidi embeddings, overrides, isolates and marks.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' => {
            Some('\u{fffd}')
        }
        _ => None,
    }
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| replacement(c, keep_newlines).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| replacement(c, keep_newlines).unwrap_or(c))
            .collect(),
    )
}

/// Whether `s` holds nothing a terminal would interpret: no control character (a carriage
/// return or a tab included; a line break allowed) and no bidi control. For tests.
pub fn is_inert(s: &str) -> bool {
    !s.chars().any(|c| replacement(c, true).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_strings_become_inert() {
        let hostile = "box\u{1b}[2J\u{1b}]0;pwned\u{7}\nHealthy\u{202e}moc.oodo\u{2066}x\u{9b}31m";
        let got = one_line(hostile);
        assert!(!got.contains('\n') && !got.contains('\u{1b}') && !got.contains('\u{202e}'));
        assert!(got.contains("␛[2J") && got.contains(" Healthy"), "{got}");
        assert!(is_inert(&got));
        assert!(!is_inert(hostile));
        assert_eq!(lines("a\nb\u{1b}"), "a\nb␛");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        for s in [
            "https://shop.example",
            "iotbox-ä",
            "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS 404 — Not Found",
        ] {
            assert!(matches!(one_line(s), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn markdown_cannot_link_or_tag() {
        assert_eq!(
            markdown_inline("[x](http://e) <b>*y*</b>"),
            "\\[x\\](http://e) \\<b\\>\\*y\\*\\</b\\>"
        );
    }
}
