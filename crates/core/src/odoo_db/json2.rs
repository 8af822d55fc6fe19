//! The JSON-2 API (Odoo 19.0+): `POST /json/2/<model>/<method>` with the method's named
//! arguments as the body, `Authorization: bearer <api key>` and `X-Odoo-Database`; the answer
//! is the bare return value, or a 4xx/5xx with `{name, message, arguments, context, debug}`
//! (`addons/rpc/controllers/json2.py`; odoo/documentation
//! `content/developer/reference/external_api.rst`).

use serde_json::Value;

use super::endpoint::DbEndpoint;
use super::error::OdooDbError;
use super::jsonrpc::Fault;
use crate::secret::Secret;

pub enum Outcome {
    Result(Value),
    Fault {
        status: u16,
        fault: Fault,
    },
    /// The route does not exist: an HTML 404 (16.0) or a JSON-RPC 404 error (17.0 – 18.x,
    /// where a JSON request that matches no route is answered by `JsonRPCDispatcher`).
    NoJson2,
}

pub async fn call(
    ep: &DbEndpoint,
    database: &str,
    key: &Secret,
    model: &str,
    method: &str,
    body: &Value,
) -> Result<Outcome, OdooDbError> {
    let path = format!("/json/2/{model}/{method}");
    let reply = ep.post_json(&path, body, Some(key), Some(database)).await?;
    let json = reply.json();
    if json
        .as_ref()
        .is_some_and(|v| v.get("jsonrpc").is_some() && v.get("error").is_some())
        || (reply.status == 404 && json.is_none())
    {
        return Ok(Outcome::NoJson2);
    }
    let Some(value) = json else {
        return Err(OdooDbError::BadAnswer {
            url: ep.display(),
            what: path,
            reason: super::BadAnswerReason::NoJsonBody {
                status: reply.status,
            },
        });
    };
    if reply.status == 200 {
        return Ok(Outcome::Result(value));
    }
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Outcome::Fault {
        status: reply.status,
        fault: Fault {
            name: text("name"),
            message: text("message"),
        },
    })
}
