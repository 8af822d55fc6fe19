//! Why an answer is not what Odoo sends (or, for the key, why nothing was sent), as a key:
//! the catalogue's `ODOO_BAD_ANSWER` template words each reason in the reader's language.
//! What the server sent (its exception name and message, a value it returned) is foreign text
//! and stays a value: the technical detail. The English `Display` is for logs only.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadAnswerReason {
    /// The stored key cannot be put in an `Authorization` header; it was not sent.
    #[error("the key contains characters an API key never has")]
    KeyCharacters,
    #[error("the answer is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("HTTP {status} without a JSON body")]
    NoJsonBody { status: u16 },
    #[error("an error without a name or message")]
    FaultWithoutText,
    /// A server exception no typed error covers; `name` and `message` are the server's.
    #[error("{name}: {message}")]
    ServerFault { name: String, message: String },
    #[error("{value} is not a user id")]
    NotUserId { value: String },
    #[error("fields_get did not return an object")]
    FieldsNotObject,
    #[error("search_read did not return a list")]
    NotList,
    #[error("{count} records, more than the {limit} believed")]
    TooManyRecords { count: usize, limit: usize },
    #[error("record {record}: not an object")]
    RecordNotObject { record: usize },
    #[error("record {record}: no name")]
    RecordNoName { record: usize },
    #[error("record {record}: {field} is {value}, not text")]
    RecordNotText {
        record: usize,
        field: String,
        value: String,
    },
    #[error("record {record}: {field} is {value}, not true/false")]
    RecordNotBool {
        record: usize,
        field: String,
        value: String,
    },
    #[error("record {record}: {field} \"{value}\" is not an Odoo date and time")]
    RecordNotDatetime {
        record: usize,
        field: String,
        value: String,
    },
}

impl BadAnswerReason {
    /// The key the catalogue's template selects its sentence by, and the values it quotes.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let key = |k: &str| ("problem", k.to_owned());
        match self {
            Self::KeyCharacters => vec![key("keyCharacters")],
            Self::TooLarge { limit } => vec![key("tooLarge"), ("limit", limit.to_string())],
            Self::NoJsonBody { status } => vec![key("noJsonBody"), ("status", status.to_string())],
            Self::FaultWithoutText => vec![key("faultWithoutText")],
            Self::ServerFault { .. } => vec![key("serverFault")],
            Self::NotUserId { .. } => vec![key("notUserId")],
            Self::FieldsNotObject => vec![key("fieldsNotObject")],
            Self::NotList => vec![key("notList")],
            Self::TooManyRecords { count, limit } => vec![
                key("tooManyRecords"),
                ("count", count.to_string()),
                ("limit", limit.to_string()),
            ],
            Self::RecordNotObject { record } => {
                vec![key("recordNotObject"), ("record", record.to_string())]
            }
            Self::RecordNoName { record } => {
                vec![key("recordNoName"), ("record", record.to_string())]
            }
            Self::RecordNotText { record, field, .. }
            | Self::RecordNotBool { record, field, .. }
            | Self::RecordNotDatetime { record, field, .. } => {
                let k = match self {
                    Self::RecordNotText { .. } => "recordNotText",
                    Self::RecordNotBool { .. } => "recordNotBool",
                    _ => "recordNotDatetime",
                };
                vec![
                    key(k),
                    ("record", record.to_string()),
                    ("field", field.clone()),
                ]
            }
        }
    }

    /// What the server sent, for the technical detail.
    pub fn server_words(&self) -> Option<String> {
        match self {
            Self::ServerFault { name, message } => Some(format!("{name}: {message}")),
            Self::NotUserId { value }
            | Self::RecordNotText { value, .. }
            | Self::RecordNotBool { value, .. }
            | Self::RecordNotDatetime { value, .. } => Some(value.clone()),
            _ => None,
        }
    }

    /// The same reason with `clean` applied to every text the server sent (to take a quoted
    /// API key out of it).
    pub fn cleaned(self, clean: impl Fn(&str) -> String) -> Self {
        match self {
            Self::ServerFault { name, message } => Self::ServerFault {
                name: clean(&name),
                message: clean(&message),
            },
            Self::NotUserId { value } => Self::NotUserId {
                value: clean(&value),
            },
            Self::RecordNotText {
                record,
                field,
                value,
            } => Self::RecordNotText {
                record,
                field,
                value: clean(&value),
            },
            Self::RecordNotBool {
                record,
                field,
                value,
            } => Self::RecordNotBool {
                record,
                field,
                value: clean(&value),
            },
            Self::RecordNotDatetime {
                record,
                field,
                value,
            } => Self::RecordNotDatetime {
                record,
                field,
                value: clean(&value),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odoo_db::OdooDbError;
    use crate::wire::WireError;

    fn wire(reason: BadAnswerReason) -> WireError {
        WireError::from(OdooDbError::BadAnswer {
            url: "https://shop.example".into(),
            what: "iot.box.search_read".into(),
            reason,
        })
    }

    fn all() -> Vec<BadAnswerReason> {
        let field = || "ip".to_owned();
        vec![
            BadAnswerReason::KeyCharacters,
            BadAnswerReason::TooLarge { limit: 8_388_608 },
            BadAnswerReason::NoJsonBody { status: 502 },
            BadAnswerReason::FaultWithoutText,
            BadAnswerReason::ServerFault {
                name: "builtins.ValueError".into(),
                message: "Invalid field".into(),
            },
            BadAnswerReason::NotUserId {
                value: "\"x\"".into(),
            },
            BadAnswerReason::FieldsNotObject,
            BadAnswerReason::NotList,
            BadAnswerReason::TooManyRecords {
                count: 5001,
                limit: 5000,
            },
            BadAnswerReason::RecordNotObject { record: 2 },
            BadAnswerReason::RecordNoName { record: 2 },
            BadAnswerReason::RecordNotText {
                record: 2,
                field: field(),
                value: "5".into(),
            },
            BadAnswerReason::RecordNotBool {
                record: 2,
                field: field(),
                value: "\"yes\"".into(),
            },
            BadAnswerReason::RecordNotDatetime {
                record: 2,
                field: field(),
                value: "2027-01-20T08:00:00Z".into(),
            },
        ]
    }

    #[test]
    fn every_reason_is_worded_in_every_language() {
        let wires: Vec<_> = all().into_iter().map(wire).collect();
        crate::wire::assert_worded_apart(&wires, Some("https://shop.example"));
    }

    #[test]
    fn reasons_read_in_french_and_german_and_the_servers_words_stay_the_detail() {
        let key = wire(BadAnswerReason::KeyCharacters);
        assert_eq!(key.detail, None, "no English detail");
        let fr = key.render("fr");
        assert!(fr.starts_with("La clé API contient des caractères"), "{fr}");
        assert!(!fr.contains("never"), "{fr}");
        let de = wire(BadAnswerReason::TooManyRecords {
            count: 5001,
            limit: 5000,
        })
        .render("de");
        assert!(de.contains("5001 IoT-Boxen") && de.contains("5000"), "{de}");
        assert!(!de.contains("believed") && !de.contains("records"), "{de}");
        let fault = wire(BadAnswerReason::ServerFault {
            name: "builtins.ValueError".into(),
            message: "Champ invalide".into(),
        });
        assert_eq!(
            fault.detail.as_deref(),
            Some("builtins.ValueError: Champ invalide")
        );
        assert!(fault.render("de").contains("Worte des Servers"));
        let field = wire(BadAnswerReason::RecordNotBool {
            record: 3,
            field: "use_lna".into(),
            value: "\"yes\"".into(),
        });
        assert_eq!(field.detail.as_deref(), Some("\"yes\""));
        let fr = field.render("fr");
        assert!(fr.contains("n° 3") && fr.contains("use_lna"), "{fr}");
    }
}
