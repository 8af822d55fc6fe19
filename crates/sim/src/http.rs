//! Request and response shapes as Odoo/werkzeug put them on the wire (odoo-iot-protocol.md §2.2, §2.3, §2.4).

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{header, Method, Response, StatusCode};
use serde_json::{json, Map, Value};

use crate::shared::Effects;

pub type Resp = Response<Full<Bytes>>;

pub struct Req {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
    pub content_type: String,
}

impl Req {
    /// Odoo picks the JSON-RPC dispatcher from the mimetype, whatever the route type.
    pub fn is_json(&self) -> bool {
        let mime = self.content_type.split(';').next().unwrap_or("").trim();
        mime == "application/json" || mime == "application/json-rpc"
    }

    /// An `http` route's keyword argument: query string, then a form-encoded body (odoo-iot-protocol.md §2.2, §2.3).
    pub fn param(&self, key: &str) -> Option<String> {
        let from_query = self
            .query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        from_query.or_else(|| {
            let ct = self.content_type.to_ascii_lowercase();
            if !ct.starts_with("application/x-www-form-urlencoded") {
                return None;
            }
            let body = std::str::from_utf8(&self.body).ok()?;
            parse_qs(body)
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
        })
    }
}

/// A query string or form body, decoded as Odoo's werkzeug does (`+` is a space).
pub fn parse_qs(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes()).into_owned().collect()
}

fn build(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Resp {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        content_type.parse().expect("static content type"),
    );
    r
}

/// Odoo's default for a string returned by an `http` route (odoo-iot-protocol.md §2.2, [unconfirmed] in the doc).
pub const HTML_UTF8: &str = "text/html; charset=utf-8";

/// A `G` route: the handler returns `json.dumps(...)`, sent as an HTML string (odoo-iot-protocol.md §2.2).
pub fn json_string(v: &Value) -> Resp {
    build(StatusCode::OK, HTML_UTF8, v.to_string())
}

pub fn html(body: impl Into<String>) -> Resp {
    build(StatusCode::OK, HTML_UTF8, body.into())
}

/// An `http` route returning a plain string, e.g. `/hw_proxy/hello` → `ping` (odoo-iot-protocol.md §8.3).
pub fn text(body: impl Into<String>) -> Resp {
    html(body)
}

fn werkzeug_error(status: StatusCode, title: &str, message: &str) -> Resp {
    let code = status.as_u16();
    let body = format!(
        "<!doctype html>\n<html lang=en>\n<title>{code} {title}</title>\n<h1>{title}</h1>\n<p>{message}</p>\n"
    );
    build(status, HTML_UTF8, body)
}

/// werkzeug's NotFound page: what an unregistered route (or a `linux_only` one on Windows,
/// odoo-iot-protocol.md §2.6) answers.
pub fn not_found() -> Resp {
    werkzeug_error(
        StatusCode::NOT_FOUND,
        "Not Found",
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    )
}

pub fn bad_request(message: &str) -> Resp {
    werkzeug_error(StatusCode::BAD_REQUEST, "Bad Request", message)
}

pub fn internal_error() -> Resp {
    werkzeug_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal Server Error",
        "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
    )
}

fn rpc(body: Value) -> Resp {
    build(StatusCode::OK, "application/json", body.to_string())
}

/// `{"jsonrpc":"2.0","id":…,"result":…}` (odoo-iot-protocol.md §2.3).
pub fn rpc_result(id: &Value, result: Value) -> Resp {
    rpc(json!({"jsonrpc": "2.0", "id": id, "result": result}))
}

/// Odoo's generic JSON-RPC error envelope (odoo-iot-protocol.md §2.3).
pub fn rpc_error(id: &Value, name: &str, message: &str) -> Resp {
    rpc(json!({"jsonrpc": "2.0", "id": id, "error": {
        "code": 200,
        "message": "Odoo Server Error",
        "data": {"name": name, "debug": format!("Traceback (most recent call last):\n{name}: {message}\n"),
                 "message": message, "arguments": [message], "context": {}}
    }}))
}

/// `cors='*'` (odoo-iot-protocol.md §2.4).
pub fn with_cors(mut r: Resp) -> Resp {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        "*".parse().expect("static"),
    );
    r
}

/// A handled request: the answer and what the box does after sending it.
pub struct Out {
    pub resp: Resp,
    pub fx: Effects,
}

impl From<Resp> for Out {
    fn from(resp: Resp) -> Self {
        Out {
            resp,
            fx: Effects::default(),
        }
    }
}

impl Out {
    pub fn with(resp: Resp, fx: Effects) -> Self {
        Out { resp, fx }
    }
}

/// A JSON-RPC failure raised by a handler (missing or unexpected keyword argument, …).
pub struct RpcFail {
    pub name: &'static str,
    pub message: String,
}

/// Python's TypeError for a call with missing or unexpected keyword arguments.
pub fn check_kwargs(
    func: &str,
    params: &Map<String, Value>,
    required: &[&str],
    optional: &[&str],
) -> Result<(), RpcFail> {
    if let Some(k) = params
        .keys()
        .find(|k| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
    {
        return Err(RpcFail {
            name: "builtins.TypeError",
            message: format!("{func}() got an unexpected keyword argument '{k}'"),
        });
    }
    if let Some(k) = required.iter().find(|k| !params.contains_key(**k)) {
        return Err(RpcFail {
            name: "builtins.TypeError",
            message: format!("{func}() missing 1 required positional argument: '{k}'"),
        });
    }
    Ok(())
}

/// Python `str()` of a JSON parameter value (strings unquoted).
pub fn param_str(params: &Map<String, Value>, key: &str) -> String {
    match params.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Run a `J` route (odoo-iot-protocol.md §2.3): POST + JSON body `{"params":{…}}` in, envelope out.
pub fn jsonrpc(
    req: &Req,
    f: impl FnOnce(&Map<String, Value>) -> Result<(Value, Effects), RpcFail>,
) -> Out {
    if req.method != Method::POST || !req.is_json() {
        return bad_request(
            "Request inferred type is compatible with ['http'] but '/' is type='json'.",
        )
        .into();
    }
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return bad_request("Invalid JSON data").into();
    };
    let id = body.get("id").cloned().unwrap_or(Value::Null);
    let params = body
        .get("params")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    match f(&params) {
        Ok((v, fx)) => Out::with(with_cors(rpc_result(&id, v)), fx),
        Err(e) => with_cors(rpc_error(&id, e.name, &e.message)).into(),
    }
}

/// Guard for `G`/`H` routes: a JSON mimetype selects the JSON-RPC dispatcher, which refuses an
/// `http` route.
pub fn http_route(req: &Req, f: impl FnOnce() -> Out) -> Out {
    if req.is_json() {
        return bad_request(
            "Request inferred type is compatible with ['json'] but the route is type='http'.",
        )
        .into();
    }
    f()
}
