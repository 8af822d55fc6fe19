//! `POST /jsonrpc`: `{"jsonrpc":"2.0","method":"call","params":{"service","method","args"},"id"}`.
//! Errors travel in the body with HTTP 200 (`JsonRPCDispatcher`).

use serde_json::{json, Map, Value};

use crate::config::OdooServer;
use crate::faults::Fault;
use crate::model;

/// Returns the HTTP status and the JSON body.
pub fn handle(server: &OdooServer, body: &[u8]) -> (u16, Value) {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        // `werkzeug.exceptions.abort(Response("Invalid JSON data", status=400))`
        return (400, Value::String("Invalid JSON data".into()));
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = request.get("params").cloned().unwrap_or_else(|| json!({}));
    let service = params.get("service").and_then(Value::as_str).unwrap_or("");
    let method = params.get("method").and_then(Value::as_str).unwrap_or("");
    let args = params
        .get("args")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let envelope = match dispatch(server, service, method, &args) {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(fault) => json!({ "jsonrpc": "2.0", "id": id, "error": fault.jsonrpc_error() }),
    };
    (200, envelope)
}

fn dispatch(
    server: &OdooServer,
    service: &str,
    method: &str,
    args: &[Value],
) -> Result<Value, Fault> {
    let gated =
        service == "object" || (service == "common" && matches!(method, "login" | "authenticate"));
    if gated && server.jsonrpc_switched_off && server.version.has_json2() {
        return Err(Fault::not_found());
    }
    match (service, method) {
        ("common", "version") => Ok(json!({
            "server_version": server.version.label,
            "server_version_info": server.version.version_info(),
            "server_serie": server.version.label,
            "protocol_version": 1,
        })),
        ("common", "login") | ("common", "authenticate") => authenticate(server, args),
        ("object", "execute_kw") => execute_kw(server, args),
        ("common", other) | ("object", other) => Err(Fault {
            name: "builtins.Exception",
            message: format!("Method not found: {other}"),
            status: 500,
        }),
        _ => Err(Fault {
            name: "builtins.KeyError",
            message: format!("'{service}'"),
            status: 500,
        }),
    }
}

fn text(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

/// `common.authenticate(db, login, password, user_agent_env)`: the uid, or `false` when the
/// login or key is wrong; an unknown database fails in `odoo.registry(db)`.
fn authenticate(server: &OdooServer, args: &[Value]) -> Result<Value, Fault> {
    let (db_name, login, key) = (text(args, 0), text(args, 1), text(args, 2));
    let db = server
        .databases
        .iter()
        .find(|d| d.name == db_name)
        .ok_or_else(|| Fault::no_database(db_name))?;
    Ok(db
        .users
        .iter()
        .find(|u| u.login == login && u.api_key == key)
        .map_or(Value::Bool(false), |u| json!(u.uid)))
}

/// `object.execute_kw(db, uid, password, model, method, args, kw)`; `security.check` first.
fn execute_kw(server: &OdooServer, args: &[Value]) -> Result<Value, Fault> {
    let db_name = text(args, 0);
    let db = server
        .databases
        .iter()
        .find(|d| d.name == db_name)
        .ok_or_else(|| Fault::no_database(db_name))?;
    let uid = args.get(1).and_then(Value::as_u64).unwrap_or(0);
    let key = text(args, 2);
    let user = db
        .users
        .iter()
        .find(|u| u64::from(u.uid) == uid && u.api_key == key)
        .ok_or_else(Fault::access_denied)?;
    let (model_name, method) = (text(args, 3), text(args, 4));
    let mut kwargs: Map<String, Value> = args
        .get(6)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // search_read's positional domain (`[[]]`) is accepted and, like every domain here, matches all.
    if let Some(fields) = args
        .get(5)
        .and_then(Value::as_array)
        .and_then(|a| a.get(1))
        .cloned()
    {
        kwargs.entry("fields").or_insert(fields);
    }
    model::call(server, db, user, model_name, method, &kwargs)
}
