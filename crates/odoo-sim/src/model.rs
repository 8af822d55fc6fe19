//! The ORM calls both APIs end in, for an authenticated user: `iot.box` `fields_get` and
//! `search_read`, with Odoo's checks in Odoo's order (model exists, access rights, fields).

use serde_json::{json, Map, Value};

use crate::config::{Database, IotBox, OdooServer, User};
use crate::faults::Fault;

pub const IOT_BOX: &str = "iot.box";

/// `(field, type, label)` of the `iot.box` fields this server's version has.
fn fields(server: &OdooServer, db: &Database) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = vec![
        ("id", "integer", "ID"),
        ("name", "char", "Name"),
        ("identifier", "char", "Identifier"),
        ("ip", "char", "Domain Address"),
        ("version", "char", "Image Version"),
        ("company_id", "many2one", "Company"),
    ];
    if server.version.has_end_date() {
        out.push((
            "ssl_certificate_end_date",
            "datetime",
            "SSL Certificate End Date",
        ));
    }
    if server.version.has_json2() && db.use_lna_field {
        out.push(("use_lna", "boolean", "Use Local Network Access"));
    }
    out
}

pub fn call(
    server: &OdooServer,
    db: &Database,
    user: &User,
    model: &str,
    method: &str,
    kwargs: &Map<String, Value>,
) -> Result<Value, Fault> {
    if model != IOT_BOX || !db.iot_app {
        return Err(Fault::object_missing(model));
    }
    match method {
        "fields_get" => Ok(fields_get(server, db, kwargs)),
        "search_read" => {
            if !user.iot_access {
                return Err(Fault::access_error(model));
            }
            search_read(server, db, kwargs)
        }
        other => Err(Fault::no_method(other, model)),
    }
}

fn fields_get(server: &OdooServer, db: &Database, kwargs: &Map<String, Value>) -> Value {
    let wanted: Option<Vec<String>> = kwargs.get("attributes").and_then(|a| {
        a.as_array().map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
    });
    let mut out = Map::new();
    for (name, kind, label) in fields(server, db) {
        let all = json!({ "type": kind, "string": label, "readonly": name == "id" });
        let described = match &wanted {
            None => all,
            Some(keys) => Value::Object(
                all.as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| keys.iter().any(|w| w == *k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
        };
        out.insert(name.to_owned(), described);
    }
    Value::Object(out)
}

fn search_read(
    server: &OdooServer,
    db: &Database,
    kwargs: &Map<String, Value>,
) -> Result<Value, Fault> {
    let known = fields(server, db);
    let requested: Vec<String> = match kwargs.get("fields").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        None => known.iter().map(|(n, _, _)| (*n).to_owned()).collect(),
    };
    if let Some(unknown) = requested
        .iter()
        .find(|f| !known.iter().any(|(n, _, _)| n == f))
    {
        return Err(Fault::invalid_field(unknown, IOT_BOX));
    }
    let records = db
        .boxes
        .iter()
        .enumerate()
        .map(|(i, b)| record(i as u64 + 1, b, &requested))
        .collect();
    Ok(Value::Array(records))
}

/// Odoo sends an empty Char or Datetime as `false`; `id` always comes along.
fn record(id: u64, b: &IotBox, fields: &[String]) -> Value {
    let or_false = |v: &Option<String>| v.clone().map_or(Value::Bool(false), Value::String);
    let mut out = Map::new();
    out.insert("id".into(), json!(id));
    for field in fields {
        let value = match field.as_str() {
            "id" => json!(id),
            "name" => json!(b.name),
            "identifier" => json!(b.identifier),
            "ip" => or_false(&b.ip),
            "version" => or_false(&b.version),
            "company_id" => json!([1, "My Company"]),
            "ssl_certificate_end_date" => or_false(&b.ssl_certificate_end_date),
            "use_lna" => json!(b.use_lna),
            _ => Value::Bool(false),
        };
        out.insert(field.clone(), value);
    }
    Value::Object(out)
}
