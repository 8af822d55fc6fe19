//! Checks on what the technician types, before anything is sent to a box. Every rejection
//! names the field and says what is wrong in words a technician understands, and never repeats
//! a secret back.

use serde::Serialize;

use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Field {
    DbUuid,
    ContractCode,
    PairingToken,
    BoxTimeout,
}

/// A field the technician filled in that cannot be used, and why. The words are the
/// catalogue's: the field's `INPUT_INVALID_*` template selects its sentence by
/// [`Problem::key`] and quotes the problem's values ([`Problem::args`]); nothing here is prose.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem:?}")]
pub struct InputError {
    pub field: Field,
    pub problem: Problem,
}

/// What is wrong with a field's value. Never a secret: a contract code or a token is described
/// (too short, a space inside), never quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was typed.
    Empty,
    /// A database UUID with a character that is no hex digit or dash (1-based position).
    Character { character: char, position: usize },
    /// A database UUID with `count` hex digits instead of 32.
    Length { count: usize },
    /// A database UUID with 32 hex digits and misplaced dashes.
    Dashes,
    /// A box time limit outside [`BOX_TIMEOUT_RANGE_S`].
    Range,
    /// A contract code with spaces inside.
    Spaces,
    /// A contract code with a character that is no letter, digit, `-` or `_`.
    Characters,
    /// A contract code shorter than 6 characters.
    Short,
    /// A contract code longer than 64 characters.
    Long,
    /// An old-style token with `count` parts instead of 4.
    Parts { count: usize },
    /// A token's server part that does not start with http(s)://.
    ServerScheme,
    /// A token's server URL without a host.
    ServerHost,
    /// A token's server URL on localhost (the box refuses it).
    ServerLocalhost,
    /// An old-style token with an empty token part.
    TokenEmpty,
    /// Neither an old-style token nor a URL with a query.
    Neither,
    /// A URL token with a field the box does not know (not quoted: it may hold a secret).
    UnknownField,
    /// A URL token without these fields (their technical names).
    Missing { fields: String },
    /// A token whose database UUID or contract code part is not valid.
    Part { part: TokenPart },
}

/// Which part of a pairing token is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPart {
    DbUuid,
    ContractCode,
}

impl Problem {
    /// The key the catalogue's template selects its sentence by.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Character { .. } => "character",
            Self::Length { .. } => "length",
            Self::Dashes => "dashes",
            Self::Range => "range",
            Self::Spaces => "spaces",
            Self::Characters => "characters",
            Self::Short => "short",
            Self::Long => "long",
            Self::Parts { .. } => "parts",
            Self::ServerScheme => "serverScheme",
            Self::ServerHost => "serverHost",
            Self::ServerLocalhost => "serverLocalhost",
            Self::TokenEmpty => "tokenEmpty",
            Self::Neither => "neither",
            Self::UnknownField => "unknownField",
            Self::Missing { .. } => "missing",
            Self::Part { .. } => "part",
        }
    }

    /// The values the sentence quotes, by placeholder name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Character {
                character,
                position,
            } => vec![
                ("character", character.to_string()),
                ("position", position.to_string()),
            ],
            Self::Length { count } | Self::Parts { count } => vec![("count", count.to_string())],
            Self::Missing { fields } => vec![("missing", fields.clone())],
            Self::Part { part } => vec![(
                "part",
                match part {
                    TokenPart::DbUuid => "dbUuid",
                    TokenPart::ContractCode => "contractCode",
                }
                .to_owned(),
            )],
            _ => Vec::new(),
        }
    }
}

impl InputError {
    fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self.field {
            Field::DbUuid => crate::error_code::ErrorCode::InputInvalidDbUuid,
            Field::ContractCode => crate::error_code::ErrorCode::InputInvalidContractCode,
            Field::PairingToken => crate::error_code::ErrorCode::InputInvalidPairingToken,
            Field::BoxTimeout => crate::error_code::ErrorCode::InputInvalidBoxTimeout,
        }
    }

    /// For the wire: the field's code, the problem's key and values; no detail (the
    /// catalogue's sentence says it all, in the reader's language).
    pub fn to_wire(&self) -> crate::wire::WireError {
        self.problem.args().into_iter().fold(
            crate::wire::WireError::new(self.code(), None).arg("problem", self.problem.key()),
            |wire, (name, value)| wire.arg(name, value),
        )
    }
}

/// A database UUID as Odoo stores it: 36 characters, lower-case hex in 8-4-4-4-12 groups.
/// Spaces, line breaks, braces and upper case from copy-paste are forgiven.
pub fn db_uuid(input: &str) -> Result<String, InputError> {
    let err = |p: Problem| InputError::new(Field::DbUuid, p);
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_matches(|c| c == '{' || c == '}')
        .to_ascii_lowercase();
    if cleaned.is_empty() {
        return Err(err(Problem::Empty));
    }
    if let Some((i, c)) = cleaned
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        return Err(err(Problem::Character {
            character: c,
            position: i + 1,
        }));
    }
    let groups: Vec<&str> = cleaned.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    if lengths != [8, 4, 4, 4, 12] {
        let hex = cleaned.chars().filter(|c| *c != '-').count();
        return Err(err(if hex != 32 {
            Problem::Length { count: hex }
        } else {
            Problem::Dashes
        }));
    }
    Ok(cleaned)
}

/// The box time limits a technician may set, in seconds (the Box step's field, the CLI's
/// `--box-timeout`): long enough for a box that is slow to answer, short of a forgotten wait.
pub const BOX_TIMEOUT_RANGE_S: std::ops::RangeInclusive<u64> = 5..=1800;

/// The status read's deadline from the seconds typed; `None` (nothing typed) is core's default.
pub fn box_timeout(seconds: Option<u64>) -> Result<std::time::Duration, InputError> {
    match seconds {
        None => Ok(crate::box_api::DEFAULT_BOX_TIMEOUT),
        Some(s) if BOX_TIMEOUT_RANGE_S.contains(&s) => Ok(std::time::Duration::from_secs(s)),
        Some(_) => Err(InputError::new(Field::BoxTimeout, Problem::Range)),
    }
}

/// A contract (subscription) code such as `M2211…`: one word of letters and digits.
/// The message never contains the code itself.
pub fn contract_code(input: &str) -> Result<Secret, InputError> {
    let err = |p: Problem| InputError::new(Field::ContractCode, p);
    let code = input.trim();
    if code.is_empty() {
        return Err(err(Problem::Empty));
    }
    if code.chars().any(char::is_whitespace) {
        return Err(err(Problem::Spaces));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(err(Problem::Characters));
    }
    if code.len() < 6 {
        return Err(err(Problem::Short));
    }
    if code.len() > 64 {
        return Err(err(Problem::Long));
    }
    Ok(Secret::new(code))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TokenFormat {
    /// `<url>|<token>|<db_uuid>|<enterprise_code>` (databases before 18.0).
    Pipe,
    /// `https://db.example?token=…&db_uuid=…&enterprise_code=…[&db_name=…]` (18.0+ databases).
    Url,
}

/// A pairing token, checked the way the box will check it (odoo-iot-protocol.md §7.1). The token itself
/// stays secret; only its non-secret parts are readable.
#[derive(Debug, Clone)]
pub struct PairingToken {
    pub format: TokenFormat,
    pub server: String,
    pub db_uuid: String,
    raw: Secret,
}

impl PairingToken {
    pub fn raw(&self) -> &Secret {
        &self.raw
    }
}

pub fn pairing_token(input: &str) -> Result<PairingToken, InputError> {
    let err = |p: Problem| InputError::new(Field::PairingToken, p);
    let part = |part: TokenPart| move |_: InputError| err(Problem::Part { part });
    let token = input.trim();
    if token.is_empty() {
        return Err(err(Problem::Empty));
    }
    if token.contains('|') {
        let parts: Vec<&str> = token.split('|').collect();
        if parts.len() != 4 {
            return Err(err(Problem::Parts { count: parts.len() }));
        }
        let server = server_url(parts[0]).map_err(err)?;
        if parts[1].trim().is_empty() {
            return Err(err(Problem::TokenEmpty));
        }
        let db = db_uuid(parts[2]).map_err(part(TokenPart::DbUuid))?;
        contract_code(parts[3]).map_err(part(TokenPart::ContractCode))?;
        return Ok(PairingToken {
            format: TokenFormat::Pipe,
            server,
            db_uuid: db,
            raw: Secret::new(token),
        });
    }
    let (base, query) = token.split_once('?').ok_or_else(|| err(Problem::Neither))?;
    let server = server_url(base).map_err(err)?;
    let (mut tok, mut db, mut code) = (None, None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match key.as_ref() {
            "token" => &mut tok,
            "db_uuid" => &mut db,
            "enterprise_code" => &mut code,
            "db_name" => continue,
            _ => {
                // The field's name is not quoted: a mangled paste can put a secret there.
                return Err(err(Problem::UnknownField));
            }
        };
        *slot = Some(value);
    }
    let missing: Vec<&str> = [
        ("token", &tok),
        ("db_uuid", &db),
        ("enterprise_code", &code),
    ]
    .iter()
    .filter(|(_, v)| v.as_ref().is_none_or(|v| v.is_empty()))
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        return Err(err(Problem::Missing {
            fields: missing.join(", "),
        }));
    }
    let db = db_uuid(db.as_deref().unwrap_or_default()).map_err(part(TokenPart::DbUuid))?;
    contract_code(code.as_deref().unwrap_or_default()).map_err(part(TokenPart::ContractCode))?;
    Ok(PairingToken {
        format: TokenFormat::Url,
        server,
        db_uuid: db,
        raw: Secret::new(token),
    })
}

/// The box accepts only http(s) URLs whose host is not `localhost` ("Invalid URL provided.").
fn server_url(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        // What was there is not quoted: in a token pasted in the wrong order it is the
        // contract code or the token itself.
        .ok_or(Problem::ServerScheme)?;
    let host = rest.split(['/', ':', '?']).next().unwrap_or_default();
    if host.is_empty() {
        return Err(Problem::ServerHost);
    }
    if host.eq_ignore_ascii_case("localhost") {
        return Err(Problem::ServerLocalhost);
    }
    Ok(text.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    const CANARY: &str = "CANARY7f3a9c";

    #[test]
    fn box_timeouts_outside_5_to_1800_seconds_are_refused_with_their_code() {
        use std::time::Duration;
        assert_eq!(
            box_timeout(None).unwrap(),
            crate::box_api::DEFAULT_BOX_TIMEOUT
        );
        assert_eq!(box_timeout(Some(5)).unwrap(), Duration::from_secs(5));
        assert_eq!(box_timeout(Some(1800)).unwrap(), Duration::from_secs(1800));
        for bad in [0, 4, 1801, u64::MAX] {
            let err = box_timeout(Some(bad)).unwrap_err();
            assert_eq!(err.field, Field::BoxTimeout);
            assert_eq!(
                err.code(),
                crate::error_code::ErrorCode::InputInvalidBoxTimeout
            );
        }
    }

    #[test]
    fn db_uuid_is_normalised() {
        assert_eq!(
            db_uuid(" 1F0E2D3C-4B5A-6978-8796-A5B4C3D2E1F0\n").unwrap(),
            UUID
        );
        assert_eq!(
            db_uuid("{1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}").unwrap(),
            UUID
        );
        assert_eq!(
            db_uuid("1f0e2d3c-4b5a-6978-8796-a5b4 c3d2e1f0").unwrap(),
            UUID
        );
    }

    /// Everything a rejection can show: its Debug form (logs) and its sentence in every
    /// catalogue language.
    fn shown(e: &InputError) -> String {
        let wire = e.to_wire();
        let mut all = format!("{e:?} {e}");
        for lang in crate::findings::languages() {
            all += &wire.render(lang);
        }
        all
    }

    #[test]
    fn db_uuid_rejections_say_what_is_wrong() {
        for (input, problem, fragment) in [
            ("", Problem::Empty, "enter it (Settings"),
            (
                "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1fz",
                Problem::Character {
                    character: 'z',
                    position: 36,
                },
                "“z” at position 36",
            ),
            (
                "1f0e2d3c-4b5a-6978-8796",
                Problem::Length { count: 20 },
                "this one has 20",
            ),
            (
                "1f0e2d3c4b5a-6978-8796-a5b4c3d2e1f0-",
                Problem::Dashes,
                "misplaced",
            ),
        ] {
            let e = db_uuid(input).unwrap_err();
            assert_eq!((e.field, &e.problem), (Field::DbUuid, &problem));
            let en = e.to_wire().render("en");
            assert!(en.contains(fragment), "{input:?}: {en}");
        }
        // In the reader's language, with the values quoted as they are.
        let e = db_uuid("1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1fz").unwrap_err();
        let fr = e.to_wire().render("fr");
        assert!(fr.contains("« z » en position 36"), "{fr}");
        assert_eq!(e.to_wire().detail, None);
    }

    #[test]
    fn contract_code_rejections_never_echo_the_code() {
        assert_eq!(
            contract_code(&format!("  {CANARY} ")).unwrap().expose(),
            CANARY
        );
        for (input, problem) in [
            ("", Problem::Empty),
            ("CANARY 7f3a", Problem::Spaces),
            ("CAN", Problem::Short),
            ("CANARY!7f3a9c", Problem::Characters),
            (&"C".repeat(65), Problem::Long),
        ] {
            let e = contract_code(input).unwrap_err();
            assert_eq!(e.code(), "INPUT_INVALID_CONTRACT_CODE");
            assert_eq!(e.problem, problem);
            assert!(!shown(&e).contains("CANARY"), "{}", shown(&e));
        }
    }

    #[test]
    fn both_token_formats_are_checked_like_the_box_does() {
        let pipe =
            pairing_token(&format!("https://shop.example.com|tok123|{UUID}|{CANARY}")).unwrap();
        assert_eq!(
            (pipe.format, pipe.server.as_str(), pipe.db_uuid.as_str()),
            (TokenFormat::Pipe, "https://shop.example.com", UUID)
        );
        let url = pairing_token(&format!(
            "https://shop.example.com?token=t&db_uuid={UUID}&enterprise_code={CANARY}&db_name=shop"
        ))
        .unwrap();
        assert_eq!(url.format, TokenFormat::Url);
        assert!(!format!("{url:?}").contains(CANARY));

        for (input, problem, fragment) in [
            (
                format!("https://a.example|t|{UUID}"),
                Problem::Parts { count: 3 },
                "exactly 4 parts",
            ),
            (
                format!("ftp://a.example|t|{UUID}|{CANARY}"),
                Problem::ServerScheme,
                "https://",
            ),
            (
                format!("https://localhost|t|{UUID}|{CANARY}"),
                Problem::ServerLocalhost,
                "localhost",
            ),
            (
                format!("https://a.example||{UUID}|{CANARY}"),
                Problem::TokenEmpty,
                "token part",
            ),
            (
                format!(
                    "https://a.example?token=t&db_uuid={UUID}&enterprise_code={CANARY}&extra=1"
                ),
                Problem::UnknownField,
                "unknown field",
            ),
            (
                format!("https://a.example?token=t&db_uuid={UUID}"),
                Problem::Missing {
                    fields: "enterprise_code".into(),
                },
                "lacks enterprise_code",
            ),
            ("just-a-word".to_string(), Problem::Neither, "neither"),
            (
                format!("https://a.example?token=t&db_uuid=%é%{UUID}&enterprise_code={CANARY}"),
                Problem::Part {
                    part: TokenPart::DbUuid,
                },
                "its database UUID is not valid",
            ),
        ] {
            let e = pairing_token(&input).unwrap_err();
            assert_eq!(e.problem, problem, "{input}");
            let en = e.to_wire().render("en");
            assert!(en.contains(fragment), "{input}: {en}");
            assert!(!shown(&e).contains(CANARY));
        }
        let e = pairing_token(&format!("https://a.example|t|{UUID}|x")).unwrap_err();
        let de = e.to_wire().render("de");
        assert!(de.contains("Der Vertragscode darin ist ungültig"), "{de}");
    }

    /// A token pasted in any order of its parts, or with the code as a field name, is refused
    /// without quoting the code or the token. Checked against the text itself, not through
    /// the process-wide scrubbing: the rejection is made before any `Secret` exists.
    #[test]
    fn a_token_in_the_wrong_order_quotes_no_secret() {
        let code = "CANARYorder5e";
        let token = "CANARYtok77aa";
        let parts = ["https://shop.example.com", token, UUID, code];
        let mut refused = 0;
        for a in 0..4usize {
            for b in 0..4usize {
                for c in 0..4usize {
                    if a == b || b == c || a == c || a + b + c < 3 {
                        continue;
                    }
                    let d = 6 - a - b - c;
                    let input = [parts[a], parts[b], parts[c], parts[d]].join("|");
                    if let Err(e) = pairing_token(&input) {
                        refused += 1;
                        assert!(!shown(&e).contains("CANARY"), "{input}: {}", shown(&e));
                    }
                }
            }
        }
        // Accepted: the right order, and token and code swapped (both are opaque words).
        assert_eq!(refused, 22);
        for input in [
            format!("{code}?token={token}&db_uuid={UUID}&enterprise_code={code}"),
            format!("https://a.example?token={token}&db_uuid={UUID}&{code}=1"),
        ] {
            let e = pairing_token(&input).unwrap_err();
            assert!(!shown(&e).contains("CANARY"), "{input}: {}", shown(&e));
        }
    }
}
