//! `iot-https fleet` against two Odoo stand-ins (19.0 over JSON-2, 17.0 over /jsonrpc), merged
//! with a sites file, at a pinned instant; exit codes; and a canary API key that must appear in
//! no output, no export and no file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iot_https_core::sites::{Site, SiteStore};
use odoo_db_sim::{Database, IotBox, OdooServer, OdooSimHandle, User, Version};
use serde_json::Value;

const KEY_19: &str = "CANARY-fleet-key-19-a7c3";
const KEY_17: &str = "CANARY-fleet-key-17-b8d4";
const LOGIN: &str = "tech@example.com";
const AT: &str = "2026-12-01T09:00:00Z";

fn iot_box(name: &str, identifier: &str, ip: &str, end: Option<&str>) -> IotBox {
    IotBox {
        name: name.into(),
        identifier: identifier.into(),
        ip: Some(ip.into()),
        version: Some("25.10".into()),
        ssl_certificate_end_date: end.map(str::to_owned),
        use_lna: false,
    }
}

fn database(name: &str, key: &str, boxes: Vec<IotBox>) -> Database {
    Database {
        name: name.into(),
        iot_app: true,
        use_lna_field: false,
        users: vec![User {
            login: LOGIN.into(),
            uid: 2,
            api_key: key.into(),
            iot_access: true,
        }],
        boxes,
    }
}

async fn server(version: &str, databases: Vec<Database>) -> OdooSimHandle {
    odoo_db_sim::spawn(OdooServer {
        bind: "127.0.0.1:0".parse().unwrap(),
        version: Version::parse(version),
        databases,
        jsonrpc_switched_off: true,
    })
    .await
    .unwrap()
}

/// 19.0: bakery (Counter 50 days left; Kitchen never reported) and florist (Till 3 days left);
/// 17.0: garage (no end-date field at all).
async fn stand_ins() -> (OdooSimHandle, OdooSimHandle) {
    let v19 = server(
        "19.0",
        vec![
            database(
                "bakery",
                KEY_19,
                vec![
                    iot_box("Counter", "1000a", "10.0.0.5", Some("2027-01-20 08:00:00")),
                    iot_box("Kitchen", "1000b", "10.0.0.6", None),
                ],
            ),
            database(
                "florist",
                KEY_19,
                vec![iot_box(
                    "Till",
                    "1000c",
                    "10.1.0.5",
                    Some("2026-12-04 10:00:00"),
                )],
            ),
        ],
    )
    .await;
    let v17 = server(
        "17.0",
        vec![database(
            "garage",
            KEY_17,
            vec![iot_box("Workshop", "AA:BB:CC:00:11:22", "10.2.0.5", None)],
        )],
    )
    .await;
    (v19, v17)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iot-https-fleet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The Kitchen box was checked locally: its served certificate ends in 4 days.
fn sites_file(dir: &Path) -> PathBuf {
    let store = SiteStore::new(dir.join("sites.json"));
    store
        .insert(Site {
            name: "Bakery kitchen".into(),
            address: "127.0.0.1:8069".into(),
            identifier: Some("1000B".into()),
            certificate_end: Some("2026-12-05T12:00:00Z".into()),
            last_checked: Some("2026-11-30T10:00:00Z".into()),
            ..Site::default()
        })
        .unwrap();
    store.path().to_owned()
}

async fn fleet(args: Vec<String>, envs: Vec<(String, String)>, home: PathBuf) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .arg("fleet")
            .args(&args)
            .env_remove("IOT_HTTPS_ODOO_API_KEY")
            .env("IOT_HTTPS_MODE", "test")
            .env("XDG_DATA_HOME", &home)
            // No keyring here: the keys come from the environment.
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .envs(envs)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn db_args(list: &[(&OdooSimHandle, &str)]) -> Vec<String> {
    list.iter()
        .flat_map(|(sim, db)| {
            ["--odoo", &sim.url(), "--db", db, "--login", LOGIN].map(str::to_owned)
        })
        .collect()
}

fn keys(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .enumerate()
        .map(|(i, k)| (format!("IOT_HTTPS_ODOO_API_KEY_{}", i + 1), (*k).to_owned()))
        .collect()
}

fn assert_no_canary(texts: &[&str]) {
    for text in texts {
        for key in [KEY_19, KEY_17, "CANARY-fleet"] {
            assert!(!text.contains(key), "a key leaked: {text}");
        }
    }
}

fn row<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {rows:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_both_api_styles_merges_local_sites_and_exits_1_when_a_box_needs_action() {
    let (v19, v17) = stand_ins().await;
    let dir = temp_dir("both");
    let sites = sites_file(&dir);
    let csv = dir.join("fleet.csv");
    let mut args = db_args(&[(&v19, "bakery"), (&v19, "florist"), (&v17, "garage")]);
    args.extend(["--json", "--at", AT, "--sites"].map(str::to_owned));
    args.push(sites.display().to_string());
    args.push("--csv".into());
    args.push(csv.display().to_string());
    let out = fleet(args, keys(&[KEY_19, KEY_19, KEY_17]), dir.clone()).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "Till needs action: {stdout} {stderr}"
    );

    let dbs = json["databases"].as_array().unwrap();
    let api = |db: &str| {
        dbs.iter()
            .find(|d| d["connection"]["database"] == db)
            .unwrap()["api"]
            .clone()
    };
    assert_eq!(
        (api("bakery"), api("garage")),
        ("json2".into(), "jsonrpc".into())
    );

    let rows = json["boxes"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{rows:?}");
    let counter = row(rows, "Counter");
    assert_eq!(
        (
            &counter["database"],
            &counter["identifier"],
            &counter["ip"],
            &counter["version"]
        ),
        (
            &Value::from("bakery"),
            &Value::from("1000a"),
            &Value::from("10.0.0.5"),
            &Value::from("25.10")
        )
    );
    assert_eq!(counter["certificateEndDate"], "2027-01-20T08:00:00Z");
    assert_eq!(
        (counter["daysLeft"].as_i64(), counter["status"].as_str()),
        (Some(49), Some("ok"))
    );

    let till = row(rows, "Till");
    assert_eq!(
        (till["daysLeft"].as_i64(), till["status"].as_str()),
        (Some(3), Some("renewal-overdue"))
    );

    // Never reported to its 19.0 database, but checked locally: the local date counts.
    let kitchen = row(rows, "Kitchen");
    assert_eq!(kitchen["siteName"], "Bakery kitchen");
    assert_eq!(kitchen["databaseEndDateState"], "not-reported");
    assert_eq!(
        (kitchen["daysLeft"].as_i64(), kitchen["status"].as_str()),
        (Some(4), Some("renewal-overdue"))
    );
    assert_eq!(kitchen["endDateSource"], "local-check");

    let workshop = row(rows, "Workshop");
    assert_eq!(workshop["databaseEndDateState"], "not-in-this-version");
    assert_eq!(
        (
            workshop["status"].as_str(),
            workshop["offerLocalCheck"].as_bool()
        ),
        (Some("unknown"), Some(true))
    );

    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv_text.lines().count(), 5, "{csv_text}");
    assert!(csv_text
        .contains("florist,Till,1000c,10.1.0.5,25.10,2026-12-04T10:00:00Z,3,renewal-overdue"));
    let sites_text = std::fs::read_to_string(&sites).unwrap();
    assert_no_canary(&[&stdout, &stderr, &csv_text, &sites_text]);
    // …while the stand-ins did get each key, and only their own.
    assert!(v19
        .seen()
        .iter()
        .all(|s| !format!("{s:?}").contains(KEY_17)));
    assert!(v17
        .seen()
        .iter()
        .all(|s| !format!("{s:?}").contains(KEY_19)));
    assert!(v17.seen().iter().any(|s| s.body.contains(KEY_17)));
    v19.shutdown().await;
    v17.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_line_per_box_and_exit_0_when_every_box_is_fine() {
    let (v19, v17) = stand_ins().await;
    let dir = temp_dir("fine");
    let mut args = db_args(&[(&v19, "bakery")]);
    args.extend(["--at", AT].map(str::to_owned));
    let out = fleet(
        args,
        vec![
            ("IOT_HTTPS_ODOO_API_KEY".into(), KEY_19.into()),
            ("IOT_HTTPS_LANG".into(), "en".into()),
        ],
        dir,
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout} {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "a heading, then one line per box: {stdout}");
    assert!(
        lines[0].starts_with("Status") && lines[0].contains("Certificate ends"),
        "{stdout}"
    );
    assert!(lines.iter().any(|l| l.starts_with("ok ")
        && l.contains("Counter")
        && l.split_whitespace().any(|w| w == "49")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("unknown ") && l.contains("Kitchen") && l.contains("local check")));
    assert_no_canary(&[&stdout, &stderr]);
    v19.shutdown().await;
    v17.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_read_exits_2_and_says_why() {
    let (v19, v17) = stand_ins().await;
    let dir = temp_dir("fail");
    let mut args = db_args(&[(&v19, "bakery"), (&v17, "garage")]);
    args.extend(["--json", "--at", AT].map(str::to_owned));
    // The 17.0 key offered to the 19.0 database: refused, and it says so.
    let out = fleet(args, keys(&[KEY_17, KEY_17]), dir.clone()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let dbs = json["databases"].as_array().unwrap();
    let error = |db: &str| {
        dbs.iter()
            .find(|d| d["connection"]["database"] == db)
            .unwrap()["error"]["code"]
            .clone()
    };
    assert_eq!(error("bakery"), "ODOO_AUTH_FAILED");
    assert_eq!(error("garage"), Value::Null);
    assert_no_canary(&[&stdout, &String::from_utf8_lossy(&out.stderr)]);

    // No key at all for a database: its own finding, not a silent skip.
    let out = fleet(db_args(&[(&v17, "garage")]), vec![], dir.clone()).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("ODOO_API_KEY_MISSING"), "{stderr}");

    // One shared key for two databases would be sent where it does not belong: refused.
    let out = fleet(
        db_args(&[(&v19, "bakery"), (&v19, "florist")]),
        vec![("IOT_HTTPS_ODOO_API_KEY".into(), KEY_19.into())],
        dir.clone(),
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(v19
        .seen()
        .iter()
        .all(|s| s.authorization.as_deref() != Some(&format!("bearer {KEY_19}"))));
    let out = fleet(vec!["--odoo".into(), v19.url()], vec![], dir.clone()).await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "--odoo without --db and --login"
    );

    let url = v17.url();
    v17.shutdown().await;
    let down = vec![
        "--odoo".into(),
        url,
        "--db".into(),
        "garage".into(),
        "--login".into(),
        LOGIN.into(),
    ];
    let out = fleet(
        down,
        vec![("IOT_HTTPS_ODOO_API_KEY".into(), KEY_17.into())],
        dir,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ODOO_UNREACHABLE"));
    v19.shutdown().await;
}
