//! The exceptions the stand-in raises, and how each API puts them on the wire.
//!
//! `serialize_exception` (`odoo/http.py`) gives `{name, debug, message, arguments, context}`.
//! `/jsonrpc` wraps it in a JSON-RPC error with HTTP 200 (`code` 200, `"Odoo Server Error"`;
//! NotFound: 404, `"404: Not Found"`). JSON-2 sends it bare with the exception's HTTP status.

use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct Fault {
    /// Fully qualified exception name, e.g. `odoo.exceptions.AccessDenied`.
    pub name: &'static str,
    pub message: String,
    /// The HTTP status JSON-2 answers with.
    pub status: u16,
}

impl Fault {
    pub fn access_denied() -> Self {
        Self {
            name: "odoo.exceptions.AccessDenied",
            message: "Access Denied".into(),
            status: 403,
        }
    }

    /// `ir_http._auth_method_bearer`, verbatim from the external API documentation.
    pub fn invalid_api_key() -> Self {
        Self {
            name: "werkzeug.exceptions.Unauthorized",
            message: "Invalid apikey".into(),
            status: 401,
        }
    }

    pub fn access_error(model: &str) -> Self {
        Self {
            name: "odoo.exceptions.AccessError",
            message: format!(
                "You are not allowed to access 'IoT Box' ({model}) records.\n\n\
                 This operation is allowed for the following groups:\n\t- Internal User\n\n\
                 Contact your administrator to request access if necessary."
            ),
            status: 403,
        }
    }

    /// `odoo/service/model.py` `execute_cr`.
    pub fn object_missing(model: &str) -> Self {
        Self {
            name: "odoo.exceptions.UserError",
            message: format!("Object {model} doesn't exist"),
            status: 422,
        }
    }

    /// `addons/rpc/controllers/json2.py`.
    pub fn model_missing_json2(model: &str) -> Self {
        Self {
            name: "werkzeug.exceptions.NotFound",
            message: format!("404 Not Found: the model {model:?} does not exist").replace('"', "'"),
            status: 404,
        }
    }

    pub fn not_found() -> Self {
        Self {
            name: "werkzeug.exceptions.NotFound",
            message: "404 Not Found: The requested URL was not found on the server. If you \
                      entered the URL manually please check your spelling and try again."
                .into(),
            status: 404,
        }
    }

    /// `odoo.registry(db)` on a database that does not exist.
    pub fn no_database(db: &str) -> Self {
        Self {
            name: "psycopg2.OperationalError",
            message: format!(
                "connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: \
                 FATAL:  database \"{db}\" does not exist\n"
            ),
            status: 500,
        }
    }

    pub fn invalid_field(field: &str, model: &str) -> Self {
        Self {
            name: "builtins.ValueError",
            message: format!("Invalid field {field:?} on model {model:?}").replace('"', "'"),
            status: 422,
        }
    }

    pub fn no_method(method: &str, model: &str) -> Self {
        Self {
            name: "builtins.AttributeError",
            message: format!("The method '{method}' does not exist on the model '{model}'"),
            status: 404,
        }
    }

    /// The object `serialize_exception` builds.
    pub fn serialized(&self) -> Value {
        json!({
            "name": self.name,
            "debug": format!(
                "Traceback (most recent call last):\n  File \"/opt/odoo/odoo/http.py\", line 2212, in _transactioning\n{}: {}\n",
                self.name, self.message
            ),
            "message": self.message,
            "arguments": [self.message],
            "context": {},
        })
    }

    /// The JSON-RPC error member.
    pub fn jsonrpc_error(&self) -> Value {
        if self.name == "werkzeug.exceptions.NotFound" {
            json!({ "code": 404, "message": "404: Not Found", "data": self.serialized() })
        } else {
            json!({ "code": 200, "message": "Odoo Server Error", "data": self.serialized() })
        }
    }
}
