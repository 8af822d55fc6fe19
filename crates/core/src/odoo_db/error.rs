//! Why a database could not be read, each reason its own stable code and catalogue finding
//! (`crates/core/catalogue/<lang>.json`). None of them carries the API key: messages are built
//! from the URL, database name, login and the server's own words only.

use crate::error_code::ErrorCode;
use crate::net_policy::PolicyRefusal;
use crate::wire::WireError;

/// Why a database address someone typed cannot be used, as a key `ODOO_URL_INVALID` words
/// in the reader's language (the English `Display` is for logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("enter the database's web address, e.g. https://shop.odoo.com")]
    Empty,
    /// The URL parser refused it; `error` is its words.
    #[error("not a web address ({error})")]
    NotWeb { error: String },
    #[error("only https:// addresses are understood")]
    Scheme,
    #[error("a user name in the address is not used; enter the login separately")]
    UserInfo,
    #[error("the address has no host name")]
    NoHost,
    #[error("enter the server address only, without ?… or #… (e.g. https://shop.odoo.com)")]
    QueryOrFragment,
}

impl UrlProblem {
    /// The key the catalogue's template selects its sentence by.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotWeb { .. } => "notWeb",
            Self::Scheme => "scheme",
            Self::UserInfo => "userInfo",
            Self::NoHost => "noHost",
            Self::QueryOrFragment => "queryOrFragment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdooDbError {
    #[error("\"{input}\" is not a usable database address: {problem}")]
    InvalidUrl { input: String, problem: UrlProblem },

    #[error("{url} is plain HTTP: the API key is only sent over HTTPS (plain HTTP is allowed for loopback addresses only)")]
    NotHttps { url: String },

    #[error(transparent)]
    PolicyRefused(#[from] PolicyRefusal),

    #[error("no API key for {login} on {database}: set IOT_HTTPS_ODOO_API_KEY or store one in the keyring")]
    ApiKeyMissing { database: String, login: String },

    #[error("the Odoo server at {url} did not answer: {detail}")]
    Unreachable { url: String, detail: String },

    /// Typed so the catalogue words it (`why` selects it) with the seconds as a value.
    #[error("the Odoo server at {url} gave no complete answer within {seconds} s")]
    NoAnswerWithin { url: String, seconds: u64 },

    /// The host name has no address: `detail` is the resolver's own words, when it gave any.
    #[error("{host} (in {url}) has no address{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    NoAddress {
        url: String,
        host: String,
        detail: Option<String>,
    },

    /// `location` is `None` when the redirect names no target (no `Location` header).
    #[error("{url} redirects to {}; the API key is only sent to the address you entered, so enter that address instead", location.as_deref().unwrap_or("an address it does not name"))]
    Redirected {
        url: String,
        location: Option<String>,
    },

    /// Typed: the catalogue words the reason (`not_odoo`).
    #[error("{url} does not answer like an Odoo server: {reason}")]
    NotOdoo {
        url: String,
        reason: super::NotOdooReason,
    },

    #[error("{database} on {url} refused the login {login} with this API key")]
    AuthFailed {
        url: String,
        database: String,
        login: String,
    },

    #[error("the server at {url} has no database named {database}")]
    DatabaseNotFound { url: String, database: String },

    #[error("{login} may not read the IoT boxes of {database}: {detail}")]
    AccessDenied {
        database: String,
        login: String,
        detail: String,
    },

    #[error("{database} has no IoT app (no iot.box model): {detail}")]
    NoIotApp { database: String, detail: String },

    #[error("{url} runs Odoo {version}, which has switched off the deprecated /jsonrpc API; it is read through JSON-2")]
    JsonRpcDeprecated { url: String, version: String },

    /// Typed: the catalogue words the reason (`bad_answer`); `what` names the call, for logs.
    #[error("the answer of {url} to {what} is not what Odoo sends: {reason}")]
    BadAnswer {
        url: String,
        what: String,
        reason: super::BadAnswerReason,
    },
}

impl OdooDbError {
    /// The stable code, carried across IPC and printed by the CLI; every code but the policy's
    /// is also a catalogue finding (title, explanation, steps in every language).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidUrl { .. } => ErrorCode::OdooUrlInvalid,
            Self::NotHttps { .. } => ErrorCode::OdooUrlNotHttps,
            Self::PolicyRefused(_) => ErrorCode::NetPolicyRefused,
            Self::ApiKeyMissing { .. } => ErrorCode::OdooApiKeyMissing,
            Self::Unreachable { .. } | Self::NoAnswerWithin { .. } | Self::NoAddress { .. } => {
                ErrorCode::OdooUnreachable
            }
            Self::Redirected { .. } => ErrorCode::OdooRedirected,
            Self::NotOdoo { .. } => ErrorCode::OdooNotOdoo,
            Self::AuthFailed { .. } => ErrorCode::OdooAuthFailed,
            Self::DatabaseNotFound { .. } => ErrorCode::OdooDatabaseNotFound,
            Self::AccessDenied { .. } => ErrorCode::OdooIotAccessDenied,
            Self::NoIotApp { .. } => ErrorCode::OdooNoIotApp,
            Self::JsonRpcDeprecated { .. } => ErrorCode::OdooJsonrpcDeprecated,
            Self::BadAnswer { .. } => ErrorCode::OdooBadAnswer,
        }
    }

    /// The server's or the network's own words, for a support ticket.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Unreachable { detail, .. }
            | Self::AccessDenied { detail, .. }
            | Self::NoIotApp { detail, .. } => Some(detail.clone()),
            Self::BadAnswer { reason, .. } => reason.server_words(),
            Self::NotOdoo { reason, .. } => reason.server_words(),
            Self::NoAddress { detail, .. } => detail.clone(),
            _ => None,
        }
    }
}

impl From<&OdooDbError> for WireError {
    /// The code with the values its catalogue template names; the server's words as detail.
    fn from(err: &OdooDbError) -> Self {
        let wire = WireError::new(err.code(), err.detail());
        match err {
            // The URL parser's own words, if any, are the technical detail.
            OdooDbError::InvalidUrl { input, problem } => {
                let detail = match problem {
                    UrlProblem::NotWeb { error } => Some(error.clone()),
                    _ => None,
                };
                WireError::new(err.code(), detail)
                    .arg("input", input)
                    .arg("problem", problem.key())
            }
            OdooDbError::PolicyRefused(refusal) => WireError::new(err.code(), None)
                .arg("scope", refusal.scope.key())
                .arg("target", &refusal.target)
                .arg("mode", refusal.mode.key()),
            OdooDbError::NotHttps { url } => wire.arg("url", url),
            OdooDbError::Unreachable { url, .. } => wire.arg("url", url).arg("why", "network"),
            OdooDbError::NoAnswerWithin { url, seconds } => wire
                .arg("url", url)
                .arg("why", "timeout")
                .arg("seconds", seconds.to_string()),
            OdooDbError::NoAddress { url, host, .. } => wire
                .arg("url", url)
                .arg("why", "noAddress")
                .arg("host", host),
            OdooDbError::NotOdoo { url, reason } => reason
                .args()
                .into_iter()
                .fold(wire.arg("url", url), |wire, (name, value)| {
                    wire.arg(name, value)
                }),
            OdooDbError::BadAnswer { url, reason, .. } => reason
                .args()
                .into_iter()
                .fold(wire.arg("url", url), |wire, (name, value)| {
                    wire.arg(name, value)
                }),
            OdooDbError::ApiKeyMissing { database, login }
            | OdooDbError::AccessDenied {
                database, login, ..
            } => wire.arg("database", database).arg("login", login),
            // The catalogue words a redirect without a target itself (`where` selects it).
            OdooDbError::Redirected { url, location } => wire
                .arg("url", url)
                .arg(
                    "where",
                    if location.is_some() {
                        "named"
                    } else {
                        "unnamed"
                    },
                )
                .arg("location", location.as_deref().unwrap_or_default()),
            OdooDbError::AuthFailed {
                url,
                database,
                login,
            } => wire
                .arg("url", url)
                .arg("database", database)
                .arg("login", login),
            OdooDbError::DatabaseNotFound { url, database } => {
                wire.arg("url", url).arg("database", database)
            }
            OdooDbError::NoIotApp { database, .. } => wire.arg("database", database),
            OdooDbError::JsonRpcDeprecated { url, version } => {
                wire.arg("url", url).arg("version", version)
            }
        }
    }
}

impl From<OdooDbError> for WireError {
    fn from(err: OdooDbError) -> Self {
        Self::from(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(location: Option<&str>) -> WireError {
        WireError::from(OdooDbError::Redirected {
            url: "https://shop.example".into(),
            location: location.map(str::to_owned),
        })
    }

    #[test]
    fn a_redirect_without_a_target_is_worded_by_the_catalogue() {
        let named = redirect(Some("https://login.example/x"));
        assert!(named
            .render("fr")
            .contains("redirige vers https://login.example/x"));
        assert!(named.message.contains("enter that address instead"));
        let unnamed = redirect(None);
        for lang in ["en", "nl", "fr", "de", "es"] {
            let text = unnamed.render(lang);
            assert!(
                !text.contains('{') && !text.contains("Location"),
                "{lang}: {text}"
            );
        }
        assert!(unnamed.render("fr").contains("ailleurs sans indiquer où"));
        assert!(unnamed.message.contains("the database's final address"));
    }

    #[test]
    fn a_timeout_is_worded_by_the_catalogue_with_its_seconds() {
        let wire = WireError::from(OdooDbError::NoAnswerWithin {
            url: "https://shop.example".into(),
            seconds: 30,
        });
        assert_eq!(wire.detail, None, "no English detail");
        assert_eq!(wire.args["seconds"], "30");
        for lang in ["en", "nl", "fr", "de", "es"] {
            let text = wire.render(lang);
            assert!(
                text.contains("30 s") && !text.contains('{'),
                "{lang}: {text}"
            );
        }
        assert!(wire.render("de").contains("keine vollständige Antwort"));
        let plain = WireError::from(OdooDbError::Unreachable {
            url: "https://shop.example".into(),
            detail: "connection refused".into(),
        });
        assert!(plain.render("nl").contains("antwoordde niet"));
        let nameless = WireError::from(OdooDbError::NoAddress {
            url: "https://shop.example".into(),
            host: "shop.example".into(),
            detail: None,
        });
        assert_eq!(nameless.detail, None, "no English detail");
        assert!(nameless
            .render("es")
            .starts_with("shop.example (en https://shop.example) no tiene"));
    }
}
