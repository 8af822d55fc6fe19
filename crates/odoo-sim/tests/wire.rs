//! The stand-in's wire shapes, checked with raw HTTP (no client code shared with core): JSON-2's
//! bare answers and error objects, `/jsonrpc` envelopes, 19's switched-off `/jsonrpc`, SaaS
//! `version_info`, and the fields each version's `iot.box` has.

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use odoo_db_sim::{Database, IotBox, OdooServer, OdooSimHandle, User, Version};

async fn server(version: &str) -> OdooSimHandle {
    let db = |name: &str| Database {
        name: name.into(),
        iot_app: true,
        use_lna_field: false,
        users: vec![User {
            login: "tech".into(),
            uid: 2,
            api_key: "k".into(),
            iot_access: true,
        }],
        boxes: vec![IotBox {
            name: "Counter".into(),
            identifier: "1000a".into(),
            ip: None,
            version: Some("25.10".into()),
            ssl_certificate_end_date: Some("2027-01-20 08:00:00".into()),
            use_lna: false,
        }],
    };
    odoo_db_sim::spawn(OdooServer {
        bind: "127.0.0.1:0".parse().unwrap(),
        version: Version::parse(version),
        databases: vec![db("a"), db("b")],
        jsonrpc_switched_off: true,
    })
    .await
    .unwrap()
}

/// One HTTP/1.1 exchange; returns the status and the body.
async fn http(
    sim: &OdooSimHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(sim.addr()).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: db.example\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn json_body(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

#[tokio::test]
async fn json2_answers_bare_values_and_serialised_exceptions() {
    let sim = server("19.0").await;
    let (status, body) = http(&sim, "GET", "/web/version", &[], "").await;
    assert_eq!(
        (status, json_body(&body)),
        (
            200,
            json!({ "version_info": [19, 0, 0, "final", 0, ""], "version": "19.0" })
        )
    );

    let call = |auth: &'static str, db: &'static str, path: &'static str| {
        let sim = &sim;
        async move {
            http(
                sim,
                "POST",
                path,
                &[JSON, ("Authorization", auth), ("X-Odoo-Database", db)],
                r#"{"domain":[],"fields":["name","ssl_certificate_end_date"]}"#,
            )
            .await
        }
    };
    let (status, body) = call("bearer k", "a", "/json/2/iot.box/search_read").await;
    assert_eq!(status, 200);
    assert_eq!(
        json_body(&body),
        json!([{ "id": 1, "name": "Counter", "ssl_certificate_end_date": "2027-01-20 08:00:00" }])
    );

    let (status, body) = call("bearer wrong", "a", "/json/2/iot.box/search_read").await;
    let error = json_body(&body);
    assert_eq!(
        (status, error["name"].as_str(), error["message"].as_str()),
        (
            401,
            Some("werkzeug.exceptions.Unauthorized"),
            Some("Invalid apikey")
        )
    );
    for key in ["arguments", "context", "debug"] {
        assert!(error.get(key).is_some(), "{key} in {error}");
    }
    let (status, body) = call("bearer k", "a", "/json/2/res.nothing/search_read").await;
    assert_eq!(status, 404);
    assert!(json_body(&body)["message"]
        .as_str()
        .unwrap()
        .contains("'res.nothing' does not exist"));
    let (status, _) = call("bearer k", "elsewhere", "/json/2/iot.box/search_read").await;
    assert_eq!(status, 404);
    sim.shutdown().await;
}

#[tokio::test]
async fn jsonrpc_envelopes_and_19s_switched_off_calls() {
    let rpc = |service: &str, method: &str, args: Value| {
        json!({ "jsonrpc": "2.0", "method": "call", "params": { "service": service, "method": method, "args": args }, "id": 7 }).to_string()
    };
    let saas = server("saas~18.3").await;
    let (_, body) = http(
        &saas,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc("common", "version", json!([])),
    )
    .await;
    let version = json_body(&body);
    assert_eq!(
        (
            version["id"].clone(),
            version["result"]["server_version_info"].clone()
        ),
        (json!(7), json!(["saas~18", 3, 0, "final", 0, ""]))
    );
    let (_, body) = http(
        &saas,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc("common", "authenticate", json!(["a", "tech", "bad", {}])),
    )
    .await;
    assert_eq!(json_body(&body)["result"], json!(false));
    let (_, body) = http(
        &saas,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc(
            "object",
            "execute_kw",
            json!(["a", 2, "bad", "iot.box", "search_read", [[]], {}]),
        ),
    )
    .await;
    let error = json_body(&body)["error"].clone();
    assert_eq!(
        (error["code"].clone(), error["data"]["name"].clone()),
        (json!(200), json!("odoo.exceptions.AccessDenied"))
    );
    let (_, body) = http(
        &saas,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc(
            "object",
            "execute_kw",
            json!(["a", 2, "k", "iot.box", "fields_get", [], {"attributes": ["type"]}]),
        ),
    )
    .await;
    assert_eq!(
        json_body(&body)["result"]["ssl_certificate_end_date"]["type"],
        "datetime"
    );
    // JSON-2 does not exist before 19; a JSON request to it gets JsonRPCDispatcher's 404 error.
    let (status, body) = http(
        &saas,
        "POST",
        "/json/2/iot.box/search_read",
        &[JSON, ("Authorization", "bearer k")],
        "{}",
    )
    .await;
    assert_eq!(
        (status, json_body(&body)["error"]["code"].clone()),
        (200, json!(404))
    );
    saas.shutdown().await;

    let v17 = server("17.0").await;
    let (_, body) = http(
        &v17,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc(
            "object",
            "execute_kw",
            json!(["a", 2, "k", "iot.box", "fields_get", [], {}]),
        ),
    )
    .await;
    assert!(
        json_body(&body)["result"]
            .get("ssl_certificate_end_date")
            .is_none(),
        "no end date before 18.3"
    );
    v17.shutdown().await;

    let v19 = server("19.0").await;
    let (_, body) = http(
        &v19,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc("common", "version", json!([])),
    )
    .await;
    assert_eq!(json_body(&body)["result"]["server_version"], "19.0");
    let (_, body) = http(
        &v19,
        "POST",
        "/jsonrpc",
        &[JSON],
        &rpc("common", "authenticate", json!(["a", "tech", "k", {}])),
    )
    .await;
    assert_eq!(
        json_body(&body)["error"]["data"]["name"],
        "werkzeug.exceptions.NotFound"
    );
    v19.shutdown().await;
}

#[tokio::test]
async fn refuses_to_bind_outside_loopback() {
    let err = odoo_db_sim::spawn(OdooServer {
        bind: "192.0.2.1:0".parse().unwrap(),
        version: Version::parse("19.0"),
        databases: vec![],
        jsonrpc_switched_off: false,
    })
    .await
    .err()
    .unwrap();
    assert!(
        err.to_string().contains("only listens on loopback"),
        "{err}"
    );
}
