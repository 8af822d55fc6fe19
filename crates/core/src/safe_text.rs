//! Foreign text (from a box, an Odoo database, a cashier's browser, a server's error message)
//! made safe for where it is shown. Each destination has one renderer here, and nothing else
//! shows such text: a terminal ([`one_line`], [`lines`]), Markdown ([`markdown_inline`]), a
//! desktop notification's markup ([`markup`]), a CSV cell ([`csv_cell`]) and a value pasted into
//! a suggested command ([`command_ip`]); `--json` keeps the exact text (JSON escapes control
//! characters itself).
//!
//! A box is an unauthenticated service and a database is someone else's: a name may hold ESC
//! sequences that redraw a terminal, bidi overrides that reorder what a reader sees, zero-width
//! or tag characters that hide text, line breaks that forge new lines of output, markup that
//! blanks a notification, `&#…;` entities a Markdown viewer would decode, or a leading `=` a
//! spreadsheet would run.

use std::borrow::Cow;

use serde::Serialize;

/// Text someone else wrote (a box, an Odoo database, a browser), kept exactly. It has no
/// `Display`: the only ways out are the renderers below, so printing it raw does not compile.
/// JSON carries it exactly (`Serialize` is transparent), as `--json` promises. Used where the
/// fleet keeps other people's box names (`FleetRow::name`, `FleetAlert::name`).
///
/// ```compile_fail
/// let name = iot_https_core::safe_text::Foreign::from("\u{1b}[31mCounter");
/// println!("{name}"); // no Display: a raw print does not compile
/// ```
///
/// ```
/// let name = iot_https_core::safe_text::Foreign::from("\u{1b}[31mCounter");
/// assert_eq!(name.terminal(), "␛[31mCounter");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Foreign(String);

impl Foreign {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
    /// For a terminal: [`one_line`].
    pub fn terminal(&self) -> Cow<'_, str> {
        one_line(&self.0)
    }
    /// Inside Markdown: [`markdown_inline`].
    pub fn markdown(&self) -> String {
        markdown_inline(&self.0)
    }
    /// In a desktop notification's body: [`notification_body`].
    pub fn notification(&self) -> String {
        notification_body(&self.0)
    }
    /// As a CSV cell: [`csv_cell`].
    pub fn csv(&self) -> String {
        csv_cell(&self.0)
    }
    /// The exact text, to compare, store or fill into a template that a renderer then takes
    /// as a whole; never to show.
    pub fn exact(&self) -> &str {
        &self.0
    }
}

impl From<String> for Foreign {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Foreign {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

/// One line of text: line breaks and tabs become spaces, other control characters become
/// their visible picture (ESC → `␛`); bidi controls, C1 controls, zero-width characters
/// (U+200B–U+200F, U+2060–U+2064, U+FEFF) and tag characters (U+E0000–U+E007F) become `�`,
/// so hidden text shows that it is there.
pub fn one_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`one_line`], but line breaks are kept (for multi-line box text in a code block).
pub fn lines(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// A one-line string inside Markdown: also escapes the characters that would turn it into a
/// link, emphasis, an HTML tag, a table cell or an entity (`&#x41;`, `&amp;`: `\&` is a
/// literal ampersand, so a viewer decodes nothing).
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
pub const MARKDOWN_SPECIAL: [char; 11] = ['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '&'];

fn replacement(c: char, keep_newlines: bool) -> Option<char> {
    match c {
        '\n' if keep_newlines => None,
        '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
        // C0 controls and DEL as their Unicode "control pictures": visible, and inert.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        // Bidi embeddings, overrides, isolates and marks.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' => Some('\u{fffd}'),
        // Zero-width space, joiners and marks (U+200E/F are bidi marks), word joiner and the
        // invisible operators, the byte-order mark; tag characters (U+E0000–U+E007F) that
        // spell hidden ASCII.
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' => Some('\u{fffd}'),
        '\u{e0000}'..='\u{e007f}' => Some('\u{fffd}'),
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

/// One line for a desktop notification's body: freedesktop notification servers read the body
/// as markup (`<b>`, `&amp;`), and notification-daemon shows an empty alert when that markup is
/// invalid, so `&`, `<` and `>` become entities. Apply it to the whole body (catalogue text
/// and the values in it) on systems whose notifications read markup ([`NOTIFICATION_MARKUP`]).
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether desktop notifications read their body as markup here: the freedesktop servers do
/// (Linux, the BSDs); Windows toasts and macOS show text as it is.
pub const NOTIFICATION_MARKUP: bool = cfg!(not(any(target_os = "windows", target_os = "macos")));

/// A notification body as this system's notifications show it: [`markup`] where they read
/// markup, else [`one_line`].
pub fn notification_body(s: &str) -> String {
    if NOTIFICATION_MARKUP {
        markup(s)
    } else {
        one_line(s).into_owned()
    }
}

/// One CSV cell (RFC 4180): one inert line like [`one_line`] (a line break inside a name would
/// start a forged record in a naive reader), and a cell a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return first) starts with an apostrophe; quoted
/// when it holds a comma or a quote.
pub fn csv_cell(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let clean = one_line(text);
    let defused = if formula {
        format!("'{clean}")
    } else {
        clean.into_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// What a suggested command (`iot-https diagnose <ip>`) may hold for an address a box or a
/// database reported: the address itself when it is a real IP address, else `None`, and the
/// caller shows a placeholder instead of pasting someone else's text into a shell.
pub fn command_ip(reported: &str) -> Option<String> {
    reported
        .trim()
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
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
    fn hidden_characters_show() {
        for hidden in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{2060}',
            '\u{2064}',
            '\u{feff}',
            '\u{e0000}',
            '\u{e0041}',
            '\u{e007f}',
        ] {
            let s = format!("Coun{hidden}ter");
            assert_eq!(one_line(&s), "Coun\u{fffd}ter", "U+{:04X}", hidden as u32);
            assert!(!is_inert(&s));
        }
    }

    #[test]
    fn markdown_decodes_no_entity() {
        assert_eq!(
            markdown_inline("&#x1b;&#27;&amp;"),
            "\\&\\#x1b;\\&\\#27;\\&amp;"
        );
    }

    #[test]
    fn notification_markup_is_always_valid() {
        assert_eq!(
            markup("Fish & Chips <b>\u{1b}[31m"),
            "Fish &amp; Chips &lt;b&gt;␛[31m"
        );
    }

    #[test]
    fn csv_cells_run_no_formula() {
        for (raw, cell) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "' x"),
            ("\rx", "' x"),
            ("Counter, front", "\"Counter, front\""),
            ("a\u{1b}[2Jb", "a␛[2Jb"),
            ("a\nb", "a b"),
            ("plain", "plain"),
        ] {
            assert_eq!(csv_cell(raw), cell, "{raw:?}");
        }
    }

    #[test]
    fn only_an_address_goes_into_a_command() {
        assert_eq!(command_ip("10.0.0.5").as_deref(), Some("10.0.0.5"));
        assert_eq!(command_ip("fe80::1").as_deref(), Some("fe80::1"));
        for bad in [
            "127.0.60.6; rm -rf ~",
            "$(reboot)",
            "10.0.0.5 && x",
            "",
            "box.local",
        ] {
            assert_eq!(command_ip(bad), None, "{bad}");
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
