//! `/jsonrpc` (Odoo 16.0 – 18.x; deprecated in 19, see `addons/rpc/controllers/jsonrpc.py`):
//! `{"jsonrpc":"2.0","method":"call","params":{"service","method","args"},"id"}`. The answer is
//! HTTP 200 either way, with `result` or with `error.data` = `serialize_exception` (`name`,
//! `message`, …) — `JsonRPCDispatcher` in `odoo/http.py`.

use serde_json::{json, Value};

use super::endpoint::DbEndpoint;
use super::error::OdooDbError;
use super::NotOdooReason;
use crate::secret::Secret;

/// An exception the server raised, reduced to what classifies it.
#[derive(Debug, Clone)]
pub struct Fault {
    pub name: String,
    pub message: String,
}

pub enum Outcome {
    Result(Value),
    Fault(Fault),
}

const PATH: &str = "/jsonrpc";

pub async fn call(
    ep: &DbEndpoint,
    service: &str,
    method: &str,
    args: Value,
) -> Result<Outcome, OdooDbError> {
    let request = json!({
        "jsonrpc": "2.0",
        "method": "call",
        "params": { "service": service, "method": method, "args": args },
        "id": 1,
    });
    let reply = ep.post_json(PATH, &request, None, None).await?;
    let what = format!("{service}.{method}");
    if reply.status == 404 && !reply.is_json() {
        return Err(OdooDbError::NotOdoo {
            url: ep.display(),
            reason: NotOdooReason::NoJsonRpc,
        });
    }
    let Some(Value::Object(body)) = reply.json().filter(|_| reply.status == 200) else {
        return Err(OdooDbError::NotOdoo {
            url: ep.display(),
            reason: NotOdooReason::NotJsonRpcObject {
                status: reply.status,
            },
        });
    };
    if let Some(error) = body.get("error") {
        let data = error.get("data");
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
        let name = text(data.and_then(|d| d.get("name")));
        let message = match text(data.and_then(|d| d.get("message"))) {
            m if m.is_empty() => text(error.get("message")),
            m => m,
        };
        if name.is_empty() && message.is_empty() {
            return Err(OdooDbError::BadAnswer {
                url: ep.display(),
                what,
                reason: super::BadAnswerReason::FaultWithoutText,
            });
        }
        return Ok(Outcome::Fault(Fault { name, message }));
    }
    // `JsonRPCDispatcher._response` leaves `result` out when the method returned None.
    Ok(Outcome::Result(
        body.get("result").cloned().unwrap_or(Value::Null),
    ))
}

/// `common.authenticate(db, login, key, {})`: the user id; `false` (or, on some versions, an
/// `AccessDenied`) when the login or key is wrong.
pub async fn authenticate(
    ep: &DbEndpoint,
    database: &str,
    login: &str,
    key: &Secret,
) -> Result<Outcome, OdooDbError> {
    call(
        ep,
        "common",
        "authenticate",
        json!([database, login, key.expose(), {}]),
    )
    .await
}

/// `object.execute_kw(db, uid, key, model, method, args, kwargs)`.
#[allow(clippy::too_many_arguments)]
pub async fn execute_kw(
    ep: &DbEndpoint,
    database: &str,
    uid: i64,
    key: &Secret,
    model: &str,
    method: &str,
    args: Value,
    kwargs: Value,
) -> Result<Outcome, OdooDbError> {
    call(
        ep,
        "object",
        "execute_kw",
        json!([database, uid, key.expose(), model, method, args, kwargs]),
    )
    .await
}
