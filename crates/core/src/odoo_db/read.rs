//! Reading `iot.box` through either API: authenticate, ask `fields_get` which of the wanted
//! fields this database has (so a 16.0 – 18.2 database is never asked for an end date it
//! cannot have), then `search_read` them. Every server exception becomes its typed error.

use serde_json::{json, Value};

use super::detect::ServerVersion;
use super::endpoint::DbEndpoint;
use super::error::OdooDbError;
use super::jsonrpc::{self, Fault, Outcome};
use super::records::{parse_boxes, DbBox, BASE_FIELDS, END_DATE_FIELD, LNA_FIELD};
use super::BadAnswerReason;
use super::NotOdooReason;
use super::{json2, DbConnection};
use crate::secret::Secret;

const MODEL: &str = "iot.box";

pub struct Found {
    pub boxes: Vec<DbBox>,
    pub end_date_field: bool,
}

struct Ctx<'a> {
    ep: &'a DbEndpoint,
    conn: &'a DbConnection,
    version: &'a ServerVersion,
    key: &'a Secret,
}

impl Ctx<'_> {
    /// A server exception, classified by its exception name (the message is translated). The
    /// server's text is copied into the error only without the API key: a server (or a proxy
    /// in front of it) may quote the request it refused.
    fn fault(&self, what: &str, mut fault: Fault) -> OdooDbError {
        fault.message = without_key(&fault.message, self.key);
        fault.name = without_key(&fault.name, self.key);
        let conn = self.conn;
        let name = fault.name.as_str();
        if name.ends_with("AccessDenied") || name.ends_with("Unauthorized") {
            OdooDbError::AuthFailed {
                url: self.ep.display(),
                database: conn.database.clone(),
                login: conn.login.clone(),
            }
        } else if name.ends_with("AccessError") {
            OdooDbError::AccessDenied {
                database: conn.database.clone(),
                login: conn.login.clone(),
                detail: fault.message,
            }
        } else if name.ends_with("UserError") && fault.message.contains("doesn't exist")
            || name.ends_with("NotFound") && fault.message.contains("does not exist")
        {
            OdooDbError::NoIotApp {
                database: conn.database.clone(),
                detail: fault.message,
            }
        } else if name.starts_with("psycopg2") && fault.message.contains("does not exist") {
            OdooDbError::DatabaseNotFound {
                url: self.ep.display(),
                database: conn.database.clone(),
            }
        } else if name.ends_with("NotFound") && self.version.major >= 19 {
            OdooDbError::JsonRpcDeprecated {
                url: self.ep.display(),
                version: self.version.label.clone(),
            }
        } else {
            OdooDbError::BadAnswer {
                url: self.ep.display(),
                what: what.to_owned(),
                reason: BadAnswerReason::ServerFault {
                    name: fault.name,
                    message: fault.message,
                },
            }
        }
    }

    fn bad(&self, what: &str, reason: BadAnswerReason) -> OdooDbError {
        OdooDbError::BadAnswer {
            url: self.ep.display(),
            what: what.to_owned(),
            reason: reason.cleaned(|text| without_key(text, self.key)),
        }
    }
}

fn without_key(text: &str, key: &Secret) -> String {
    let key = key.expose().trim();
    let text = if key.len() >= 4 {
        text.replace(key, "•••")
    } else {
        text.to_owned()
    };
    crate::secret::scrub(&text)
}

/// The fields to read, from a `fields_get` answer.
fn wanted_fields(
    ctx: &Ctx<'_>,
    described: &Value,
) -> Result<(Vec<&'static str>, bool), OdooDbError> {
    let described = described
        .as_object()
        .ok_or_else(|| ctx.bad("iot.box.fields_get", BadAnswerReason::FieldsNotObject))?;
    let mut fields = BASE_FIELDS.to_vec();
    let end_date_field = described.contains_key(END_DATE_FIELD);
    if end_date_field {
        fields.push(END_DATE_FIELD);
    }
    if described.contains_key(LNA_FIELD) {
        fields.push(LNA_FIELD);
    }
    Ok((fields, end_date_field))
}

fn found(ctx: &Ctx<'_>, rows: &Value, end_date_field: bool) -> Result<Found, OdooDbError> {
    let boxes = parse_boxes(rows).map_err(|why| ctx.bad("iot.box.search_read", why))?;
    Ok(Found {
        boxes,
        end_date_field,
    })
}

pub async fn over_jsonrpc(
    ep: &DbEndpoint,
    conn: &DbConnection,
    key: &Secret,
    version: &ServerVersion,
) -> Result<Found, OdooDbError> {
    let ctx = Ctx {
        ep,
        conn,
        version,
        key,
    };
    let uid = match jsonrpc::authenticate(ep, &conn.database, &conn.login, key).await? {
        Outcome::Result(Value::Number(n)) if n.as_i64().is_some_and(|u| u > 0) => {
            n.as_i64().unwrap_or_default()
        }
        Outcome::Result(Value::Bool(false)) => {
            return Err(ctx.fault(
                "",
                Fault {
                    name: "odoo.exceptions.AccessDenied".into(),
                    message: String::new(),
                },
            ))
        }
        Outcome::Result(other) => {
            return Err(ctx.bad(
                "common.authenticate",
                BadAnswerReason::NotUserId {
                    value: other.to_string(),
                },
            ))
        }
        Outcome::Fault(f) => return Err(ctx.fault("common.authenticate", f)),
    };
    let execute = |method: &'static str, args: Value, kwargs: Value| {
        jsonrpc::execute_kw(ep, &conn.database, uid, key, MODEL, method, args, kwargs)
    };
    let described =
        match execute("fields_get", json!([]), json!({ "attributes": ["type"] })).await? {
            Outcome::Result(v) => v,
            Outcome::Fault(f) => return Err(ctx.fault("iot.box.fields_get", f)),
        };
    let (fields, end_date_field) = wanted_fields(&ctx, &described)?;
    match execute("search_read", json!([[]]), json!({ "fields": fields })).await? {
        Outcome::Result(rows) => found(&ctx, &rows, end_date_field),
        Outcome::Fault(f) => Err(ctx.fault("iot.box.search_read", f)),
    }
}

pub async fn over_json2(
    ep: &DbEndpoint,
    conn: &DbConnection,
    key: &Secret,
    version: &ServerVersion,
) -> Result<Found, OdooDbError> {
    let ctx = &Ctx {
        ep,
        conn,
        version,
        key,
    };
    let call = |method: &'static str, body: Value| async move {
        match json2::call(ep, &conn.database, key, MODEL, method, &body).await? {
            json2::Outcome::Result(v) => Ok(v),
            json2::Outcome::NoJson2 => Err(OdooDbError::NotOdoo {
                url: ep.display(),
                reason: NotOdooReason::NoJson2 {
                    version: version.label.clone(),
                },
            }),
            json2::Outcome::Fault { status: 404, fault }
                if !(fault.name.ends_with("NotFound")
                    && fault.message.contains("does not exist")) =>
            {
                // No registry to route to: the database named in X-Odoo-Database is not there.
                Err(OdooDbError::DatabaseNotFound {
                    url: ep.display(),
                    database: conn.database.clone(),
                })
            }
            json2::Outcome::Fault { fault, .. } => {
                Err(ctx.fault(&format!("iot.box.{method}"), fault))
            }
        }
    };
    let described = call("fields_get", json!({ "attributes": ["type"] })).await?;
    let (fields, end_date_field) = wanted_fields(ctx, &described)?;
    let rows = call("search_read", json!({ "domain": [], "fields": fields })).await?;
    found(ctx, &rows, end_date_field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net_policy::LoopbackReason;
    use crate::NetPolicy;

    /// A server (or a proxy in front of it) that quotes the refused request's key: every error
    /// that carries the server's text carries it without the key.
    #[tokio::test]
    async fn server_text_is_copied_without_the_api_key() {
        let policy = NetPolicy::loopback_only(LoopbackReason::Test);
        let ep = DbEndpoint::connect("http://127.0.0.1:8069", policy)
            .await
            .unwrap();
        let conn = DbConnection {
            url: ep.display(),
            database: "shop".into(),
            login: "tech@example.com".into(),
        };
        let version = ServerVersion {
            label: "17.0".into(),
            major: 17,
            minor: 0,
        };
        let key = Secret::new("CANARYapikey0123456789abcdef");
        let ctx = Ctx {
            ep: &ep,
            conn: &conn,
            version: &version,
            key: &key,
        };
        let echo = format!("bad bearer {} in request", key.expose());
        for name in [
            "odoo.exceptions.AccessError",
            "odoo.exceptions.UserError",
            "builtins.ValueError",
        ] {
            let message = if name.ends_with("UserError") {
                format!("{echo}: Object iot.box doesn't exist")
            } else {
                echo.clone()
            };
            let err = ctx.fault(
                "iot.box.search_read",
                Fault {
                    name: name.into(),
                    message,
                },
            );
            let shown = format!("{err} {err:?}");
            assert!(shown.contains("bad bearer"), "{shown}");
            assert!(!shown.contains("CANARY"), "{shown}");
        }
        let bad = ctx.bad(
            "common.authenticate",
            BadAnswerReason::NotUserId {
                value: echo.clone(),
            },
        );
        assert!(!format!("{bad:?}").contains("CANARY"));
    }
}
