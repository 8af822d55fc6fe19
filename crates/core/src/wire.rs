//! The one shape in which a failure crosses a boundary (IPC to the window, `--json` of the
//! CLI): `{code, message, detail}`. Its format is pinned by a test because the UI and scripts
//! depend on it.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::error_code::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireError {
    /// Stable machine code, e.g. `BOX_UNREACHABLE`.
    pub code: ErrorCode,
    /// One sentence for a technician.
    pub message: String,
    /// Technical detail for a support ticket, when there is any.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl WireError {
    /// Message and detail are scrubbed of every secret the process knows: an error is shown,
    /// logged and copied into support tickets.
    pub fn new(code: ErrorCode, message: impl Into<String>, detail: Option<String>) -> Self {
        Self {
            code,
            message: crate::secret::scrub(&message.into()),
            detail: detail.map(|d| crate::secret::scrub(&d)),
        }
    }
}

impl From<&CoreError> for WireError {
    fn from(err: &CoreError) -> Self {
        let detail = match err {
            CoreError::Unreachable { detail, .. }
            | CoreError::NameLookup { detail, .. }
            | CoreError::ConnectionLost { detail, .. } => Some(detail.clone()),
            CoreError::Malformed { why, .. } => Some(why.clone()),
            CoreError::MacMismatch {
                reported,
                neighbour,
                ..
            } => Some(format!(
                "the box reports MAC {reported}; this laptop's neighbour table has {neighbour}"
            )),
            _ => None,
        };
        Self::new(err.code(), err.to_string(), detail)
    }
}

impl From<CoreError> for WireError {
    fn from(err: CoreError) -> Self {
        Self::from(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_is_pinned() {
        let err = CoreError::Unreachable {
            target: "127.0.0.1:9".into(),
            detail: "connection refused".into(),
        };
        let json = serde_json::to_string(&WireError::from(&err)).unwrap();
        assert_eq!(
            json,
            r#"{"code":"BOX_UNREACHABLE","message":"the box at 127.0.0.1:9 did not answer: connection refused","detail":"connection refused"}"#
        );
        let no_detail = WireError::new(ErrorCode::BoxNotOdoo, "m", None);
        assert_eq!(
            serde_json::to_string(&no_detail).unwrap(),
            r#"{"code":"BOX_NOT_ODOO","message":"m"}"#
        );
        let secret = crate::secret::Secret::new("CANARYwire4d1e");
        let leaky = WireError::new(
            ErrorCode::BoxNotOdoo,
            format!("server said {}", secret.expose()),
            Some(format!("echo {}", secret.expose())),
        );
        assert!(!serde_json::to_string(&leaky).unwrap().contains("CANARY"));
        let back: WireError =
            serde_json::from_str(r#"{"code":"BOX_TIMEOUT","message":"y"}"#).unwrap();
        assert_eq!(back, WireError::new(ErrorCode::BoxTimeout, "y", None));
        assert!(serde_json::from_str::<WireError>(r#"{"code":"X","message":"y"}"#).is_err());
    }
}
