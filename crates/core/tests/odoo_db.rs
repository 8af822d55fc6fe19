//! The database client against the Odoo stand-in (`odoo-db-sim`): both API styles, the fields
//! each version has, and every failure as its own code — with a canary key that must never
//! show up in an error.

use iot_https_core::findings::{entry, texts};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::odoo_db::{read_database, ApiChoice, DbConnection, OdooApi, OdooDbError};
use iot_https_core::secret::Secret;
use iot_https_core::NetPolicy;
use odoo_db_sim::{Database, IotBox, OdooServer, OdooSimHandle, User, Version};

const KEY: &str = "CANARY-odoo-key-5f1e2d";
const LOGIN: &str = "tech@example.com";

fn policy() -> NetPolicy {
    NetPolicy::loopback_only(LoopbackReason::Test)
}

fn iot_box(name: &str, identifier: &str, end: Option<&str>) -> IotBox {
    IotBox {
        name: name.into(),
        identifier: identifier.into(),
        ip: Some("10.0.0.5".into()),
        version: Some("25.10".into()),
        ssl_certificate_end_date: end.map(str::to_owned),
        use_lna: false,
    }
}

fn user(iot_access: bool) -> User {
    User {
        login: LOGIN.into(),
        uid: 7,
        api_key: KEY.into(),
        iot_access,
    }
}

fn database(name: &str, boxes: Vec<IotBox>) -> Database {
    Database {
        name: name.into(),
        iot_app: true,
        use_lna_field: false,
        users: vec![user(true)],
        boxes,
    }
}

async fn server(version: &str, databases: Vec<Database>, switched_off: bool) -> OdooSimHandle {
    odoo_db_sim::spawn(OdooServer {
        bind: "127.0.0.1:0".parse().unwrap(),
        version: Version::parse(version),
        databases,
        jsonrpc_switched_off: switched_off,
    })
    .await
    .unwrap()
}

fn conn(sim: &OdooSimHandle, db: &str) -> DbConnection {
    DbConnection {
        url: sim.url(),
        database: db.into(),
        login: LOGIN.into(),
    }
}

async fn read(
    sim: &OdooSimHandle,
    db: &str,
    key: &str,
    api: ApiChoice,
) -> Result<iot_https_core::odoo_db::DbRead, OdooDbError> {
    read_database(&conn(sim, db), &Secret::new(key), policy(), api).await
}

fn assert_no_key(err: &OdooDbError) {
    let shown = format!("{err} {err:?} {:?}", iot_https_core::WireError::from(err));
    assert!(!shown.contains(KEY), "the key leaked: {shown}");
}

#[tokio::test]
async fn odoo_19_is_read_through_json2_with_the_key_only_as_a_bearer_header() {
    let sim = server(
        "19.0",
        vec![
            database(
                "bakery",
                vec![
                    iot_box("Counter", "1000a", Some("2027-01-20 08:00:00")),
                    iot_box("Kitchen", "1000b", None),
                ],
            ),
            database(
                "florist",
                vec![iot_box("Till", "1000c", Some("2026-12-04 10:00:00"))],
            ),
        ],
        true,
    )
    .await;
    let read = read(&sim, "florist", KEY, ApiChoice::Auto).await.unwrap();
    assert_eq!(read.api, OdooApi::Json2);
    assert_eq!(read.server_version.label, "19.0");
    assert!(read.end_date_field);
    assert_eq!(read.boxes.len(), 1);
    assert_eq!(
        read.boxes[0].certificate_end_date.as_deref(),
        Some("2026-12-04T10:00:00Z")
    );

    let seen = sim.seen();
    assert!(
        seen.iter().all(|s| s.path != "/jsonrpc"),
        "19 must not be read through /jsonrpc"
    );
    for s in seen.iter().filter(|s| s.path.starts_with("/json/2/")) {
        assert_eq!(
            s.authorization.as_deref(),
            Some(format!("bearer {KEY}").as_str())
        );
        assert_eq!(s.database_header.as_deref(), Some("florist"));
        assert!(!s.body.contains(KEY), "the key belongs in the header only");
    }
    for s in seen.iter().filter(|s| !s.path.starts_with("/json/2/")) {
        assert!(s.authorization.is_none() && !s.body.contains(KEY), "{s:?}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn older_servers_are_read_through_jsonrpc_with_the_end_date_from_18_3() {
    let boxes = || {
        vec![iot_box(
            "Counter",
            "aa:bb:cc:00:11:22",
            Some("2027-01-20 08:00:00"),
        )]
    };
    let v17 = server("17.0", vec![database("shop", boxes())], false).await;
    let read17 = read(&v17, "shop", KEY, ApiChoice::Auto).await.unwrap();
    assert_eq!(read17.api, OdooApi::JsonRpc);
    assert!(
        !read17.end_date_field,
        "17.0 has no ssl_certificate_end_date"
    );
    assert_eq!(read17.boxes[0].certificate_end_date, None);
    assert_eq!(
        read17.boxes[0].identifier.as_deref(),
        Some("aa:bb:cc:00:11:22")
    );
    assert!(v17
        .seen()
        .iter()
        .all(|s| !s.body.contains("ssl_certificate_end_date")));

    let saas = server("saas~18.3", vec![database("shop", boxes())], false).await;
    let read18 = read(&saas, "shop", KEY, ApiChoice::Auto).await.unwrap();
    assert_eq!(
        (
            read18.api,
            read18.server_version.major,
            read18.server_version.minor
        ),
        (OdooApi::JsonRpc, 18, 3)
    );
    assert!(read18.end_date_field);
    assert_eq!(
        read18.boxes[0].certificate_end_date.as_deref(),
        Some("2027-01-20T08:00:00Z")
    );
    v17.shutdown().await;
    saas.shutdown().await;
}

#[tokio::test]
async fn every_failure_is_its_own_finding_and_none_shows_the_key() {
    let mut no_rights = database("norights", vec![]);
    no_rights.users = vec![user(false)];
    let mut no_iot = database("noiot", vec![]);
    no_iot.iot_app = false;
    let dbs = || vec![database("shop", vec![]), no_rights.clone(), no_iot.clone()];
    let v19 = server("19.0", dbs(), true).await;
    let v17 = server("17.0", dbs(), false).await;
    let wrong = "CANARY-odoo-key-5f1e2d-but-wrong";
    for sim in [&v19, &v17] {
        for (db, key, api, code) in [
            ("shop", wrong, ApiChoice::Auto, "ODOO_AUTH_FAILED"),
            ("norights", KEY, ApiChoice::Auto, "ODOO_IOT_ACCESS_DENIED"),
            ("noiot", KEY, ApiChoice::Auto, "ODOO_NO_IOT_APP"),
            ("elsewhere", KEY, ApiChoice::Auto, "ODOO_DATABASE_NOT_FOUND"),
            ("shop", "", ApiChoice::Auto, "ODOO_API_KEY_MISSING"),
        ] {
            let err = read(sim, db, key, api).await.unwrap_err();
            assert_eq!(err.code(), code, "{db} on {}: {err}", sim.url());
            assert_no_key(&err);
            assert!(!err.to_string().contains(wrong));
        }
    }
    let forced = read(&v19, "shop", KEY, ApiChoice::JsonRpc)
        .await
        .unwrap_err();
    assert_eq!(forced.code(), "ODOO_JSONRPC_DEPRECATED", "{forced}");
    let no_json2 = read(&v17, "shop", KEY, ApiChoice::Json2).await.unwrap_err();
    assert_eq!(no_json2.code(), "ODOO_NOT_ODOO", "{no_json2}");
    assert_no_key(&forced);
    assert_no_key(&no_json2);

    let url = v17.url();
    v17.shutdown().await;
    let down = read_database(
        &DbConnection {
            url,
            database: "shop".into(),
            login: LOGIN.into(),
        },
        &Secret::new(KEY),
        policy(),
        ApiChoice::Auto,
    )
    .await
    .unwrap_err();
    assert_eq!(down.code(), "ODOO_UNREACHABLE", "{down}");
    v19.shutdown().await;
}

#[test]
fn every_database_failure_code_is_catalogued_in_english_and_dutch() {
    for code in [
        "ODOO_URL_INVALID",
        "ODOO_URL_NOT_HTTPS",
        "ODOO_API_KEY_MISSING",
        "ODOO_UNREACHABLE",
        "ODOO_REDIRECTED",
        "ODOO_NOT_ODOO",
        "ODOO_AUTH_FAILED",
        "ODOO_DATABASE_NOT_FOUND",
        "ODOO_IOT_ACCESS_DENIED",
        "ODOO_NO_IOT_APP",
        "ODOO_JSONRPC_DEPRECATED",
        "ODOO_BAD_ANSWER",
    ] {
        // Each error code of a database read is also a finding code with a catalogue entry.
        let finding: iot_https_core::findings::FindingCode =
            code.parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entry(finding).code, finding, "{code} not in CATALOGUE");
        let en = texts(code, "en").unwrap();
        let nl = texts(code, "nl").unwrap();
        assert_ne!(en.title, nl.title, "{code}: Dutch falls back to English");
    }
}
