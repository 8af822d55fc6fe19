//! Answers of the box's write routes: JSON-RPC envelopes (odoo-iot-protocol.md §2.3), `{"status": …, "message": …}`
//! results, 16.0's HTML snippets, and the connection drop that follows a restart.

use serde::Serialize;
use serde_json::Value;

use crate::error::CoreError;
use crate::http::Answer;
use crate::malformed_reason::MalformedReason;

/// What a write to the box led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum ActionOutcome {
    /// The box answered that it did it (its message, if any).
    Accepted { message: Option<String> },
    /// The connection broke before an answer: normal when the box restarts right away (odoo-iot-protocol.md §7.2).
    ConnectionDropped,
}

/// Turns a transport failure right after a write into "the box is restarting".
pub fn dropped_is_normal(result: Result<Answer, CoreError>) -> Result<Option<Answer>, CoreError> {
    match result {
        Ok(answer) => Ok(Some(answer)),
        Err(CoreError::ConnectionLost { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads `{"result": …}` / `{"error": …}` from a JSON-RPC answer.
pub fn rpc_result(path: &str, answer: &Answer) -> Result<Value, CoreError> {
    if answer.status != 200 {
        return Err(CoreError::HttpStatus {
            path: path.into(),
            status: answer.status,
        });
    }
    let envelope = super::detect::json_object(path, &answer.body)?;
    if let Some(error) = envelope.get("error") {
        let message = error
            .get("data")
            .and_then(|d| d.get("message"))
            .or_else(|| error.get("message"))
            .and_then(Value::as_str)
            // No words of the box's own: the catalogue says so (`words` selects it).
            .unwrap_or_default();
        return Err(CoreError::BoxRefused {
            path: path.into(),
            message: clip(message),
        });
    }
    envelope
        .get("result")
        .cloned()
        .ok_or_else(|| CoreError::Malformed {
            path: path.into(),
            reason: MalformedReason::RpcWithoutResult,
        })
}

/// `{"status":"success","message":…}` → accepted; `"failure"`/`"error"` → refused with the box's
/// own words; a bare string (earliest OWL variant) → refused unless it says success.
pub fn status_result(path: &str, result: &Value) -> Result<ActionOutcome, CoreError> {
    match result {
        Value::Object(map) => {
            let message = map.get("message").and_then(Value::as_str).map(clip);
            match map.get("status").and_then(Value::as_str) {
                Some("success") | None => Ok(ActionOutcome::Accepted { message }),
                Some(_) => Err(CoreError::BoxRefused {
                    path: path.into(),
                    // Empty when the box gave no words of its own.
                    message: message.unwrap_or_default(),
                }),
            }
        }
        Value::String(s) if s.eq_ignore_ascii_case("success") => {
            Ok(ActionOutcome::Accepted { message: None })
        }
        Value::String(s) => Err(CoreError::BoxRefused {
            path: path.into(),
            message: clip(s),
        }),
        Value::Bool(true) | Value::Null => Ok(ActionOutcome::Accepted { message: None }),
        _ => Err(CoreError::Malformed {
            path: path.into(),
            reason: MalformedReason::RpcResultShape,
        }),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::WireError;

    fn answer(body: &str) -> Answer {
        Answer {
            status: 200,
            content_type: Some("application/json".into()),
            date: None,
            location: None,
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn an_error_without_words_is_worded_by_the_catalogue() {
        let err = rpc_result(
            "/iot_drivers/action",
            &answer(r#"{"error": {"code": 200}}"#),
        )
        .unwrap_err();
        let wire = WireError::from(&err);
        assert_eq!(
            wire.detail, None,
            "no English stands in for the box's words"
        );
        assert!(
            wire.message.contains("without saying why"),
            "{}",
            wire.message
        );
        assert!(wire.render("fr").contains("sans dire pourquoi"));
        let said = rpc_result(
            "/iot_drivers/action",
            &answer(r#"{"error": {"message": "Odoo Server Error"}}"#),
        )
        .unwrap_err();
        let said = WireError::from(&said);
        assert_eq!(said.detail.as_deref(), Some("Odoo Server Error"));
        assert!(said.render("de").contains("Wortlaut"));
    }
}
