//! Why an answer is not what an Odoo IoT box sends, as a key: the catalogue's
//! `BOX_MALFORMED_RESPONSE` template words each reason in the reader's language; a JSON
//! parser's own words are the technical detail. The English `Display` is for logs only.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedReason {
    #[error("the answer is not UTF-8 text")]
    NotUtf8,
    #[error("expected a JSON object")]
    NotJsonObject,
    #[error("got an HTML page where JSON was expected")]
    Html,
    /// `error` is the JSON parser's text.
    #[error("invalid JSON: {error}")]
    InvalidJson { error: String },
    /// `/hw_proxy/hello` pings, but no homepage generation this assistant knows answers.
    #[error("the box answers /hw_proxy/hello but none of the known homepage generations; it may be newer than this assistant")]
    UnknownHomepage,
    #[error("no `logs` text in the answer")]
    NoLogsText,
    #[error("a JSON-RPC answer without result or error")]
    RpcWithoutResult,
    #[error("an unexpected result shape")]
    RpcResultShape,
}

impl MalformedReason {
    /// The key the catalogue's template selects its sentence by.
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotUtf8 => "notUtf8",
            Self::NotJsonObject => "notJsonObject",
            Self::Html => "html",
            Self::InvalidJson { .. } => "invalidJson",
            Self::UnknownHomepage => "unknownHomepage",
            Self::NoLogsText => "noLogsText",
            Self::RpcWithoutResult => "rpcWithoutResult",
            Self::RpcResultShape => "rpcResultShape",
        }
    }

    /// The parser's own words, for the technical detail.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::InvalidJson { error } => Some(error.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;
    use crate::wire::WireError;

    fn wire(reason: MalformedReason) -> WireError {
        WireError::from(CoreError::Malformed {
            path: "/hw_proxy/hello".into(),
            reason,
        })
    }

    #[test]
    fn every_reason_is_worded_in_every_language() {
        let all = [
            MalformedReason::NotUtf8,
            MalformedReason::NotJsonObject,
            MalformedReason::Html,
            MalformedReason::InvalidJson {
                error: "expected value at line 1 column 1".into(),
            },
            MalformedReason::UnknownHomepage,
            MalformedReason::NoLogsText,
            MalformedReason::RpcWithoutResult,
            MalformedReason::RpcResultShape,
        ];
        let wires: Vec<_> = all.into_iter().map(wire).collect();
        crate::wire::assert_worded_apart(&wires, Some("/hw_proxy/hello"));
    }

    #[test]
    fn a_reason_reads_in_french_and_german_without_english_and_the_parser_words_are_detail() {
        let w = wire(MalformedReason::UnknownHomepage);
        assert_eq!(w.detail, None, "no English detail");
        let fr = w.render("fr");
        assert!(fr.contains("l'IoT Box"), "{fr}");
        assert!(!fr.contains("homepage") && !fr.contains("newer"), "{fr}");
        let de = wire(MalformedReason::NoLogsText).render("de");
        assert!(de.contains("Protokoll"), "{de}");
        assert!(!de.contains("logs text"), "{de}");
        let w = wire(MalformedReason::InvalidJson {
            error: "expected value at line 1 column 1".into(),
        });
        assert_eq!(
            w.detail.as_deref(),
            Some("expected value at line 1 column 1")
        );
        assert_eq!(w.args["problem"], "invalidJson");
    }
}
