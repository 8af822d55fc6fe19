//! A one-pass reader of the 16.0 Jinja pages (docs/protocol/legacy-html.md): table rows with
//! the parts of each cell the assistant needs, `<input name value>` pairs and
//! "Label: <strong>value</strong>" lines. Not an HTML engine: a tolerant scanner whose work is
//! bounded by a small constant per input byte, so a hostile page costs linear time. Every
//! byte it examines is counted in `steps`, which the property tests bound.

/// One `<td>` (or `<th>`): what it shows and what it links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Visible text, whitespace collapsed, without the text of button links
    /// (`<a class="btn …">configure</a>`): those are actions, not values.
    pub text: String,
    /// `href` of the first link that is not a button (16.0's Server cell links to the server).
    pub link: Option<String>,
    /// Text of the first `<code>`, line breaks kept (the certificate details are `pre-wrap`).
    pub code: Option<String>,
    /// Text of the first `<summary>` ("OK" in the certificate cell).
    pub summary: Option<String>,
}

/// A table row with at least two cells: the first cell's text and the second cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: Cell,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Row>,
    /// `(name, value)` of every `<input>` with a name.
    pub inputs: Vec<(String, String)>,
    /// `(text just before, text inside)` of every `<strong>`.
    pub strongs: Vec<(String, String)>,
    /// A `<meta http-equiv=refresh>` whose target is the first-run wizard `/steps`.
    pub refresh_to_steps: bool,
}

/// Caps keep one hostile page from growing memory; work is linear regardless.
const MAX_ROWS: usize = 4096;
const MAX_ITEMS: usize = 256;
const MAX_TEXT: usize = 8192;
const MAX_ATTR: usize = 4096;

pub fn parse(html: &str) -> Page {
    scan(html).0
}

/// The page and the number of bytes the scanner examined (for the linear-work tests).
pub fn scan(html: &str) -> (Page, usize) {
    let mut scanner = Scanner {
        src: html,
        pos: 0,
        steps: 0,
    };
    let mut builder = Builder::default();
    while let Some(token) = scanner.next_token() {
        builder.take(token, &mut scanner.steps);
    }
    builder.finish_row();
    (builder.page, scanner.steps)
}

enum Token<'a> {
    Text(&'a str),
    Start {
        name: String,
        attrs: Vec<(String, &'a str)>,
        self_closing: bool,
    },
    End(String),
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    steps: usize,
}

impl<'a> Scanner<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// The first `b` at or after `from`, counting every byte looked at.
    fn find_byte(&mut self, from: usize, b: u8) -> Option<usize> {
        let bytes = self.bytes();
        let mut i = from;
        while i < bytes.len() {
            self.steps += 1;
            if bytes[i] == b {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// The first ASCII-case-insensitive `needle` at or after `from`.
    fn find_seq(&mut self, from: usize, needle: &[u8]) -> Option<usize> {
        let bytes = self.bytes();
        let mut i = from;
        while let Some(at) = self.find_byte(i, needle[0]) {
            let end = at + needle.len();
            if end > bytes.len() {
                return None;
            }
            self.steps += needle.len();
            if bytes[at..end].eq_ignore_ascii_case(needle) {
                return Some(at);
            }
            i = at + 1;
        }
        None
    }

    /// The next token; comments, `<!…>` and `<?…>` are skipped in a loop, never by recursion,
    /// so a page of millions of them cannot exhaust the stack (a debug build's frames are big).
    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(step) = self.step() {
                return step;
            }
        }
    }

    /// One token (`Some(token)`, `Some(None)` at the end) or `None` after skipping markup
    /// that yields nothing.
    fn step(&mut self) -> Option<Option<Token<'a>>> {
        let len = self.src.len();
        if self.pos >= len {
            return Some(None);
        }
        let bytes = self.bytes();
        if bytes[self.pos] != b'<' {
            let end = self.find_byte(self.pos, b'<').unwrap_or(len);
            let text = &self.src[self.pos..end];
            self.pos = end;
            return Some(Some(Token::Text(text)));
        }
        let at = self.pos;
        let next = bytes.get(at + 1).copied();
        self.steps += 1;
        if self.src[at..].starts_with("<!--") {
            // An unclosed comment hides the rest of the page, as in a browser.
            self.pos = self.find_seq(at + 4, b"-->").map_or(len, |e| e + 3);
            return None;
        }
        match next {
            Some(b'/') => {
                let (name, after) = self.name_at(at + 2);
                self.pos = self.find_byte(after, b'>').map_or(len, |e| e + 1);
                Some(Some(Token::End(name)))
            }
            Some(c) if c.is_ascii_alphabetic() => Some(self.start_tag(at)),
            Some(b'!' | b'?') => {
                self.pos = self.find_byte(at + 1, b'>').map_or(len, |e| e + 1);
                None
            }
            _ => {
                // A lone `<` is text.
                self.pos = at + 1;
                Some(Some(Token::Text(&self.src[at..at + 1])))
            }
        }
    }

    /// Lower-cased tag or attribute name starting at `from`, and the index after it.
    fn name_at(&mut self, from: usize) -> (String, usize) {
        let bytes = self.bytes();
        let mut i = from;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            self.steps += 1;
            i += 1;
        }
        let name = &self.src[from..i];
        // Names longer than any real one are kept short: nothing matches them anyway.
        let name = if name.len() > 32 { "" } else { name };
        (name.to_ascii_lowercase(), i)
    }

    fn start_tag(&mut self, at: usize) -> Option<Token<'a>> {
        let len = self.src.len();
        let bytes = self.bytes();
        let (name, mut i) = self.name_at(at + 1);
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while i < len && bytes[i].is_ascii_whitespace() {
                self.steps += 1;
                i += 1;
            }
            if i >= len {
                self.pos = len;
                return None;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self_closing = false;
            let (attr, after) = self.name_at(i);
            i = if after == i { i + 1 } else { after };
            let mut value = "";
            if i < len && bytes[i] == b'=' {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = self.find_byte(i + 1, q) else {
                            self.pos = len;
                            return None;
                        };
                        value = &self.src[i + 1..close];
                        i = close + 1;
                    }
                    _ => {
                        let start = i;
                        while i < len && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                            self.steps += 1;
                            i += 1;
                        }
                        value = &self.src[start..i];
                    }
                }
            }
            if attrs.len() < 16 && !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        self.pos = i;
        if matches!(name.as_str(), "script" | "style") {
            // Raw text: skip to the closing tag (or the end).
            let close = format!("</{name}");
            self.pos = match self.find_seq(i, close.as_bytes()) {
                Some(c) => self.find_byte(c, b'>').map_or(len, |e| e + 1),
                None => len,
            };
        }
        Some(Token::Start {
            name,
            attrs,
            self_closing,
        })
    }
}

#[derive(Default)]
struct Builder<'a> {
    page: Page,
    in_row: bool,
    cells: Vec<Cell>,
    cell: Option<Cell>,
    in_button: bool,
    in_code: bool,
    in_summary: bool,
    strong: Option<(String, String)>,
    last_text: &'a str,
}

impl<'a> Builder<'a> {
    fn take(&mut self, token: Token<'a>, steps: &mut usize) {
        match token {
            Token::Text(raw) => self.text(raw, steps),
            Token::Start {
                name,
                attrs,
                self_closing,
            } => self.start(&name, &attrs, self_closing, steps),
            Token::End(name) => self.end(&name),
        }
    }

    fn text(&mut self, raw: &'a str, steps: &mut usize) {
        if let Some((_, inside)) = &mut self.strong {
            append(inside, raw, steps);
        }
        let Some(cell) = &mut self.cell else {
            self.last_text = raw;
            return;
        };
        if self.in_code {
            append(cell.code.get_or_insert_with(String::new), raw, steps);
        }
        if self.in_summary {
            append(cell.summary.get_or_insert_with(String::new), raw, steps);
        }
        if !self.in_button {
            append(&mut cell.text, raw, steps);
        }
    }

    fn start(
        &mut self,
        name: &str,
        attrs: &[(String, &str)],
        self_closing: bool,
        steps: &mut usize,
    ) {
        let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        match name {
            "tr" => {
                self.finish_row();
                self.in_row = true;
            }
            "td" | "th" => {
                self.finish_cell();
                if self_closing {
                    self.cells.push(Cell::default());
                } else {
                    self.cell = Some(Cell::default());
                }
            }
            "a" => {
                let button =
                    attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "btn"));
                self.in_button = button;
                if let (false, Some(cell), Some(href)) = (button, &mut self.cell, attr("href")) {
                    if cell.link.is_none() {
                        cell.link = Some(decoded_attr(href, steps));
                    }
                }
            }
            "code" => self.in_code = self.cell.as_ref().is_some_and(|c| c.code.is_none()),
            "summary" => self.in_summary = self.cell.as_ref().is_some_and(|c| c.summary.is_none()),
            "strong" => {
                let before = tail(self.last_text, 200);
                self.strong = Some((decode(before, steps).trim().to_owned(), String::new()));
            }
            "input" => {
                if let (Some(name), true) = (attr("name"), self.page.inputs.len() < MAX_ITEMS) {
                    let value = attr("value")
                        .map(|v| decoded_attr(v, steps))
                        .unwrap_or_default();
                    self.page.inputs.push((decoded_attr(name, steps), value));
                }
            }
            "meta" => {
                let refresh = attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
                if refresh && attr("content").is_some_and(|c| c.contains("/steps")) {
                    self.page.refresh_to_steps = true;
                }
            }
            _ => {}
        }
        self.separate(name);
    }

    /// Block-level tags separate words; inline ones (`a`, `strong`, …) do not.
    fn separate(&mut self, name: &str) {
        let inline = matches!(name, "a" | "strong" | "b" | "i" | "em" | "span" | "code");
        if let (Some(cell), false) = (&mut self.cell, inline) {
            if cell.text.len() < MAX_TEXT {
                cell.text.push(' ');
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "td" | "th" => self.finish_cell(),
            "tr" | "table" => self.finish_row(),
            "a" => self.in_button = false,
            "code" => self.in_code = false,
            "summary" => self.in_summary = false,
            "strong" => {
                if let Some((label, value)) = self.strong.take() {
                    if self.page.strongs.len() < MAX_ITEMS {
                        self.page.strongs.push((label, value.trim().to_owned()));
                    }
                }
            }
            _ => {}
        }
        self.separate(name);
    }

    fn finish_cell(&mut self) {
        self.in_button = false;
        self.in_code = false;
        self.in_summary = false;
        if let Some(mut cell) = self.cell.take() {
            cell.text = collapse(&cell.text);
            cell.summary = cell.summary.map(|s| collapse(&s));
            cell.code = cell.code.map(|c| c.trim().to_owned());
            if self.in_row && self.cells.len() < 2 {
                self.cells.push(cell);
            }
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        let mut cells = std::mem::take(&mut self.cells).into_iter();
        if let (Some(label), Some(value)) = (cells.next(), cells.next()) {
            if self.page.rows.len() < MAX_ROWS {
                self.page.rows.push(Row {
                    label: label.text,
                    value,
                });
            }
        }
        self.in_row = false;
    }
}

/// Appends the decoded `raw` while `buf` is under the cap.
fn append(buf: &mut String, raw: &str, steps: &mut usize) {
    if buf.len() < MAX_TEXT {
        buf.push_str(&decode(head(raw, MAX_TEXT - buf.len()), steps));
    }
}

fn decoded_attr(raw: &str, steps: &mut usize) -> String {
    decode(head(raw, MAX_ATTR), steps)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` bytes from the start of `s`, on a character boundary.
fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// At most `max` bytes from the end of `s`, on a character boundary.
fn tail(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// HTML entities (the named few Jinja emits, and numeric ones). Each `&` looks at most 12
/// characters ahead, so this is linear too.
pub fn decode(s: &str, steps: &mut usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        *steps += at + 1;
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        *steps += 12;
        let decoded = end.and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" | "#34" => Some('"'),
                "apos" | "#39" | "#x27" => Some('\''),
                "nbsp" => Some(' '),
                e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    *steps += rest.len();
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_links_are_not_values() {
        let page = parse(
            "<table><tr><td class=\"heading\">Server</td>\
             <td><a href='https://shop.example' target=_blank>https://shop.example<a class=\"btn btn-sm float-end\" href='/server'>configure</a></td></tr>\
             <tr><td>Name</td><td> iotbox <a class=\"btn btn-sm float-end\" href='/server'>configure</a></td></tr></table>",
        );
        assert_eq!(page.rows.len(), 2);
        assert_eq!(page.rows[0].value.text, "https://shop.example");
        assert_eq!(
            page.rows[0].value.link.as_deref(),
            Some("https://shop.example")
        );
        assert_eq!(page.rows[1].value.text, "iotbox");
    }

    #[test]
    fn inputs_strongs_and_raw_text() {
        let page = parse(
            "<script>if (a <td) {}</script><input type=\"text\" name=\"db_uuid\" value=\"u&amp;1\">\
             <p>Current DB uuid: <strong>u&amp;1</strong></p><!-- <tr><td>x</td><td>y</td></tr> -->",
        );
        assert_eq!(page.inputs, vec![("db_uuid".into(), "u&1".into())]);
        assert_eq!(
            page.strongs,
            vec![("Current DB uuid:".into(), "u&1".into())]
        );
        assert!(page.rows.is_empty());
    }

    /// Millions of comments in a row are skipped without recursion. The scan runs on a thread
    /// with a 1 MiB stack: a frame per comment (as before) overflows it at opt-level 0, the
    /// profile `cargo test` uses, long before 4 MiB of markup is read.
    #[test]
    fn millions_of_comments_do_not_grow_the_stack() {
        const SIZE: usize = 4 << 20;
        for unit in ["<!>", "<!---->", "<?>", "<!><!---->"] {
            let mut html = unit.repeat(SIZE / unit.len());
            html.push_str("<tr><td>a</td><td>b</td></tr>");
            let (page, steps) = std::thread::Builder::new()
                .stack_size(1 << 20)
                .spawn(move || scan(&html))
                .expect("thread")
                .join()
                .expect("the scan finished");
            assert_eq!(page.rows.len(), 1, "{unit}");
            assert!(steps <= 16 * (SIZE + 64), "{unit}: {steps}");
        }
    }

    #[test]
    fn unclosed_constructs_end_the_scan() {
        for html in [
            "<a href=\"x",
            "<!-- x",
            "<script>x",
            "<tr><td>a</td><td>b",
            "<",
            "&",
            "<a b=c",
        ] {
            let (_, steps) = scan(html);
            assert!(steps <= 16 * html.len() + 16, "{html}: {steps}");
        }
        let page = parse("<tr><td>a</td><td>b");
        assert_eq!(page.rows[0].value.text, "b");
    }
}
