//! Why a server does not answer like Odoo, as a key: the catalogue's `ODOO_NOT_ODOO` template
//! words each reason in the reader's language (`problem` selects it). What the server sent (a
//! fault's name and message) is foreign text and stays a value: the technical detail. The
//! English `Display` is for logs only.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotOdooReason {
    #[error("there is no /jsonrpc here (HTTP 404)")]
    NoJsonRpc,
    #[error("/jsonrpc answered HTTP {status} without a JSON-RPC object")]
    NotJsonRpcObject { status: u16 },
    /// JSON-2 exists from 19.0; an older server is read through `/jsonrpc`.
    #[error("Odoo {version} has no JSON-2 API (it exists from 19.0); read it through /jsonrpc")]
    NoJson2 { version: String },
    #[error("common.version answered without server_version_info")]
    NoVersionInfo,
    /// `name` and `message` are the server's.
    #[error("common.version failed: {name} {message}")]
    VersionFault { name: String, message: String },
}

impl NotOdooReason {
    /// The key the catalogue's template selects its sentence by, and the values it quotes.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let key = |k: &str| ("problem", k.to_owned());
        match self {
            Self::NoJsonRpc => vec![key("noJsonRpc")],
            Self::NotJsonRpcObject { status } => {
                vec![key("notJsonRpcObject"), ("status", status.to_string())]
            }
            Self::NoJson2 { version } => vec![key("noJson2"), ("version", version.clone())],
            Self::NoVersionInfo => vec![key("noVersionInfo")],
            Self::VersionFault { .. } => vec![key("versionFault")],
        }
    }

    /// What the server sent, for the technical detail.
    pub fn server_words(&self) -> Option<String> {
        match self {
            Self::VersionFault { name, message } => Some(format!("{name}: {message}")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odoo_db::OdooDbError;
    use crate::wire::WireError;

    fn wire(reason: NotOdooReason) -> WireError {
        WireError::from(OdooDbError::NotOdoo {
            url: "https://shop.example".into(),
            reason,
        })
    }

    #[test]
    fn every_reason_is_worded_by_the_catalogue_in_every_language() {
        let reasons = [
            NotOdooReason::NoJsonRpc,
            NotOdooReason::NotJsonRpcObject { status: 500 },
            NotOdooReason::NoJson2 {
                version: "18.0".into(),
            },
            NotOdooReason::NoVersionInfo,
            NotOdooReason::VersionFault {
                name: "odoo.exceptions.AccessDenied".into(),
                message: "nope".into(),
            },
        ];
        for reason in reasons {
            let wire = wire(reason.clone());
            let key = &wire.args["problem"];
            let other = wire.render("en").ends_with("is not one Odoo sends.");
            assert!(!other, "{key} falls through to `other`");
            for lang in ["nl", "fr", "de", "es"] {
                let text = wire.render(lang);
                assert!(!text.contains('{'), "{lang} {key}: {text}");
                assert_ne!(text, wire.render("en"), "{lang} {key}");
            }
            assert_eq!(wire.detail, reason.server_words(), "{key}");
        }
        let old = wire(NotOdooReason::NoJson2 {
            version: "18.0".into(),
        });
        assert!(old.render("de").contains("Odoo 18.0 ohne JSON-2-API"));
        assert_eq!(old.detail, None, "no English detail");
    }
}
