//! `POST /json/2/<model>/<method>` (19.0+): the body is the method's named arguments, the
//! answer is the bare return value; errors are the serialised exception with its HTTP status.
//! Before 19 the route does not exist: 16.0 answers an HTML 404; 17.0 – 18.x route a JSON
//! request that matches nothing to `JsonRPCDispatcher.handle_error` (HTTP 200, error 404).

use serde_json::{json, Map, Value};

use crate::config::OdooServer;
use crate::faults::Fault;
use crate::model;

pub enum Answer {
    Json(u16, Value),
    Html404,
}

pub struct Request<'a> {
    pub path: &'a str,
    pub authorization: Option<&'a str>,
    pub database: Option<&'a str>,
    pub body: &'a [u8],
}

pub fn handle(server: &OdooServer, req: &Request<'_>) -> Answer {
    if !server.version.has_json2() {
        return if server.version.major >= 17 {
            Answer::Json(
                200,
                json!({ "jsonrpc": "2.0", "id": null, "error": Fault::not_found().jsonrpc_error() }),
            )
        } else {
            Answer::Html404
        };
    }
    match call(server, req) {
        Ok(value) => Answer::Json(200, value),
        Err(fault) => Answer::Json(fault.status, fault.serialized()),
    }
}

fn call(server: &OdooServer, req: &Request<'_>) -> Result<Value, Fault> {
    let rest = req.path.strip_prefix("/json/2/").unwrap_or("");
    let (model_name, method) = rest
        .split_once('/')
        .filter(|(m, f)| !m.is_empty() && !f.is_empty() && !f.contains('/'))
        .ok_or_else(|| Fault {
            message: "404 Not Found: Did you mean POST /json/2/<model>/<method>?".into(),
            ..Fault::not_found()
        })?;
    // The database: the header, or the only one. [inferred] A missing or unknown database
    // leaves no registry to route `auth='bearer'` in, hence NotFound.
    let db = match req.database {
        Some(name) => server.databases.iter().find(|d| d.name == name),
        None if server.databases.len() == 1 => server.databases.first(),
        None => None,
    }
    .ok_or_else(Fault::not_found)?;
    let key = req
        .authorization
        .and_then(|h| {
            let (scheme, token) = h.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        })
        .ok_or_else(Fault::invalid_api_key)?;
    let user = db
        .users
        .iter()
        .find(|u| u.api_key == key)
        .ok_or_else(Fault::invalid_api_key)?;
    if model_name != model::IOT_BOX || !db.iot_app {
        return Err(Fault::model_missing_json2(model_name));
    }
    let kwargs: Map<String, Value> = if req.body.is_empty() {
        Map::new()
    } else {
        serde_json::from_slice::<Value>(req.body)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .ok_or_else(|| Fault {
                name: "werkzeug.exceptions.BadRequest",
                message: "400 Bad Request: could not parse the body as json".into(),
                status: 400,
            })?
    };
    model::call(server, db, user, model_name, method, &kwargs)
}
