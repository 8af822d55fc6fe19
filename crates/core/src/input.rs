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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    pub field: Field,
    pub message: String,
}

impl InputError {
    fn new(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self.field {
            Field::DbUuid => crate::error_code::ErrorCode::InputInvalidDbUuid,
            Field::ContractCode => crate::error_code::ErrorCode::InputInvalidContractCode,
            Field::PairingToken => crate::error_code::ErrorCode::InputInvalidPairingToken,
            Field::BoxTimeout => crate::error_code::ErrorCode::InputInvalidBoxTimeout,
        }
    }
}

/// A database UUID as Odoo stores it: 36 characters, lower-case hex in 8-4-4-4-12 groups.
/// Spaces, line breaks, braces and upper case from copy-paste are forgiven.
pub fn db_uuid(input: &str) -> Result<String, InputError> {
    let err = |m: String| InputError::new(Field::DbUuid, m);
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_matches(|c| c == '{' || c == '}')
        .to_ascii_lowercase();
    if cleaned.is_empty() {
        return Err(err(
            "Enter the database UUID (Settings → Technical → System Parameters → database.uuid)."
                .into(),
        ));
    }
    if let Some((i, c)) = cleaned
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        return Err(err(format!(
            "A database UUID holds only 0-9, a-f and dashes; \"{c}\" at position {} is not one of them.",
            i + 1
        )));
    }
    let groups: Vec<&str> = cleaned.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    if lengths != [8, 4, 4, 4, 12] {
        let hex = cleaned.chars().filter(|c| *c != '-').count();
        return Err(err(if hex != 32 {
            format!("A database UUID has 32 hexadecimal characters; this one has {hex}. Copy it again in full.")
        } else {
            "The dashes are misplaced: a database UUID looks like 8-4-4-4-12, e.g. 1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0.".into()
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
        Some(_) => Err(InputError::new(
            Field::BoxTimeout,
            format!(
                "The box time limit is a number of seconds from {} to {}.",
                BOX_TIMEOUT_RANGE_S.start(),
                BOX_TIMEOUT_RANGE_S.end()
            ),
        )),
    }
}

/// A contract (subscription) code such as `M2211…`: one word of letters and digits.
/// The message never contains the code itself.
pub fn contract_code(input: &str) -> Result<Secret, InputError> {
    let err = |m: &str| InputError::new(Field::ContractCode, m);
    let code = input.trim();
    if code.is_empty() {
        return Err(err("Enter the contract code from the Odoo subscription (it starts with a letter, e.g. M…)."));
    }
    if code.chars().any(char::is_whitespace) {
        return Err(err(
            "The contract code is one word: remove the spaces inside it.",
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(err(
            "The contract code holds only letters, digits, - and _.",
        ));
    }
    if code.len() < 6 {
        return Err(err(
            "That is too short for a contract code; copy it again in full.",
        ));
    }
    if code.len() > 64 {
        return Err(err(
            "That is too long for a contract code; did you paste something else with it?",
        ));
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
    let err = |m: String| InputError::new(Field::PairingToken, m);
    let token = input.trim();
    if token.is_empty() {
        return Err(err(
            "Paste the token from the database (IoT app → Connect).".into(),
        ));
    }
    if token.contains('|') {
        let parts: Vec<&str> = token.split('|').collect();
        if parts.len() != 4 {
            return Err(err(format!(
                "An old-style token has exactly 4 parts separated by | (server URL, token, database UUID, contract code); this one has {}.",
                parts.len()
            )));
        }
        let server = server_url(parts[0]).map_err(err)?;
        if parts[1].trim().is_empty() {
            return Err(err("The token part (second part) is empty.".into()));
        }
        let db =
            db_uuid(parts[2]).map_err(|e| err(format!("Database UUID part: {}", e.message)))?;
        contract_code(parts[3]).map_err(|e| err(format!("Contract code part: {}", e.message)))?;
        return Ok(PairingToken {
            format: TokenFormat::Pipe,
            server,
            db_uuid: db,
            raw: Secret::new(token),
        });
    }
    let (base, query) = token
        .split_once('?')
        .ok_or_else(|| err("This is neither an old-style token (parts separated by |) nor a URL with ?token=…&db_uuid=…&enterprise_code=….".into()))?;
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
                return Err(err(
                    "The token holds an unknown field; the box would refuse it. Copy the token again from the database.".into(),
                ));
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
        return Err(err(format!(
            "The token lacks {}; the box would refuse it.",
            missing.join(", ")
        )));
    }
    let db = db_uuid(db.as_deref().unwrap_or_default())
        .map_err(|e| err(format!("db_uuid: {}", e.message)))?;
    contract_code(code.as_deref().unwrap_or_default())
        .map_err(|e| err(format!("enterprise_code: {}", e.message)))?;
    Ok(PairingToken {
        format: TokenFormat::Url,
        server,
        db_uuid: db,
        raw: Secret::new(token),
    })
}

/// The box accepts only http(s) URLs whose host is not `localhost` ("Invalid URL provided.").
fn server_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        // What was there is not quoted: in a token pasted in the wrong order it is the
        // contract code or the token itself.
        .ok_or_else(|| "The server part must start with https:// (a part in another order? The server URL comes first).".to_owned())?;
    let host = rest.split(['/', ':', '?']).next().unwrap_or_default();
    if host.is_empty() {
        return Err("The server URL has no host name.".into());
    }
    if host.eq_ignore_ascii_case("localhost") {
        return Err("The box refuses a server URL on localhost.".into());
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

    #[test]
    fn db_uuid_rejections_say_what_is_wrong() {
        for (input, fragment) in [
            ("", "Enter the database UUID"),
            (
                "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1fz",
                "\"z\" at position 36",
            ),
            ("1f0e2d3c-4b5a-6978-8796", "has 20"),
            ("1f0e2d3c4b5a-6978-8796-a5b4c3d2e1f0-", "misplaced"),
        ] {
            let e = db_uuid(input).unwrap_err();
            assert_eq!(e.field, Field::DbUuid);
            assert!(e.message.contains(fragment), "{input:?}: {}", e.message);
        }
    }

    #[test]
    fn contract_code_rejections_never_echo_the_code() {
        assert_eq!(
            contract_code(&format!("  {CANARY} ")).unwrap().expose(),
            CANARY
        );
        for input in ["", "CANARY 7f3a", "CAN", "CANARY!7f3a9c", &"C".repeat(65)] {
            let e = contract_code(input).unwrap_err();
            assert_eq!(e.code(), "INPUT_INVALID_CONTRACT_CODE");
            assert!(!input.is_empty() || e.message.contains("Enter"));
            assert!(!e.message.contains("CANARY"), "{}", e.message);
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

        for (input, fragment) in [
            (format!("https://a.example|t|{UUID}"), "exactly 4 parts"),
            (format!("ftp://a.example|t|{UUID}|{CANARY}"), "https://"),
            (format!("https://localhost|t|{UUID}|{CANARY}"), "localhost"),
            (format!("https://a.example||{UUID}|{CANARY}"), "token part"),
            (
                format!(
                    "https://a.example?token=t&db_uuid={UUID}&enterprise_code={CANARY}&extra=1"
                ),
                "unknown field;",
            ),
            (
                format!("https://a.example?token=t&db_uuid={UUID}"),
                "lacks enterprise_code",
            ),
            ("just-a-word".to_string(), "neither"),
            (
                format!("https://a.example?token=t&db_uuid=%é%{UUID}&enterprise_code={CANARY}"),
                "db_uuid:",
            ),
        ] {
            let e = pairing_token(&input).unwrap_err();
            assert!(e.message.contains(fragment), "{input}: {}", e.message);
            assert!(!e.message.contains(CANARY));
        }
    }

    /// A token pasted in any order of its parts, or with the code as a field name, is refused
    /// without quoting the code or the token. Checked against the text itself, not through
    /// the process-wide scrubbing: the message is built before any `Secret` exists.
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
                        assert!(!e.message.contains("CANARY"), "{input}: {}", e.message);
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
            assert!(!e.message.contains("CANARY"), "{input}: {}", e.message);
        }
    }
}
