//! `iot-https fleet` without `--odoo`: the databases and the alert thresholds come from the
//! window's `fleet.json` (its default place under `XDG_DATA_HOME`, or `--fleet FILE`), the key
//! from the environment here (the keyring in real use); a canary key appears in no output.

use std::path::Path;
use std::process::{Command, Output};

use iot_https_test_support::TempDir;
use odoo_db_sim::{OdooServer, OdooSimHandle};
use serde_json::{json, Value};

const KEY: &str = "CANARY-fleet-settings-key-3c9e";
const LOGIN: &str = "tech@example.com";
const AT: &str = "2026-12-01T09:00:00Z";

async fn stand_in() -> OdooSimHandle {
    // Counter: 49 days left at AT, "ok" by default, "due-soon" under a 60-day warning.
    odoo_db_sim::spawn(OdooServer::one_box(LOGIN, KEY, "10.0.0.5"))
        .await
        .unwrap()
}

/// The window's settings file: one database, a warning 60 days ahead.
fn write_settings(path: &Path, url: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let settings = json!({
        "databases": [{ "url": url, "database": "bakery", "login": LOGIN }],
        "checkIntervalMinutes": 60,
        "thresholds": { "actionDays": 8, "actionShare": 0.1, "warnDays": 60, "warnShare": 0.2 }
    });
    std::fs::write(path, settings.to_string()).unwrap();
}

async fn fleet(args: Vec<String>, home: &Path) -> Output {
    fleet_in(args, home, "en").await
}

/// `fleet` with its output in `lang`.
async fn fleet_in(args: Vec<String>, home: &Path, lang: &'static str) -> Output {
    let home = home.to_owned();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .arg("fleet")
            .args(&args)
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_LANG", lang)
            .env("XDG_DATA_HOME", &home)
            .env("IOT_HTTPS_ODOO_API_KEY", KEY)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn counter(stdout: &str) -> Value {
    let json: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(json["databases"][0]["connection"]["database"], "bakery");
    assert_eq!(json["databases"][0]["error"], Value::Null, "{json}");
    json["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Counter")
        .cloned()
        .unwrap_or_else(|| panic!("no Counter in {json}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_odoo_arguments_the_windows_databases_and_thresholds_are_read() {
    let sim = stand_in().await;
    let home = TempDir::new("fleet-settings");
    write_settings(
        &home.path().join("org.iothttps.assistant/fleet.json"),
        &sim.url(),
    );
    let out = fleet(
        ["--json", "--at", AT].map(str::to_owned).to_vec(),
        home.path(),
    )
    .await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout} {stderr}");
    let row = counter(&stdout);
    assert_eq!(
        (row["daysLeft"].as_i64(), row["status"].as_str()),
        (Some(49), Some("due-soon")),
        "the file's 60-day warning applies"
    );
    let file =
        std::fs::read_to_string(home.path().join("org.iothttps.assistant/fleet.json")).unwrap();
    for text in [&*stdout, &*stderr, &file] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }

    // Human output too: a heading, the box, no key.
    let out = fleet(["--at", AT].map(str::to_owned).to_vec(), home.path()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().next().unwrap_or("").starts_with("Status"),
        "{stdout}"
    );
    assert!(stdout
        .lines()
        .any(|l| l.starts_with("due-soon") && l.contains("Counter")));
    assert!(!stdout.contains(KEY) && !String::from_utf8_lossy(&out.stderr).contains(KEY));
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fleet_names_another_settings_file_and_nothing_saved_is_a_usage_error() {
    let sim = stand_in().await;
    let home = TempDir::new("fleet-settings-file");
    let elsewhere = home.path().join("elsewhere/fleet.json");
    write_settings(&elsewhere, &sim.url());
    let args = vec![
        "--json".into(),
        "--at".into(),
        AT.into(),
        "--fleet".into(),
        elsewhere.display().to_string(),
    ];
    let out = fleet(args, home.path()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(counter(&stdout)["status"], "due-soon");

    // Neither a database nor a site anywhere: nothing to check.
    let empty = TempDir::new("fleet-settings-empty");
    let out = fleet(vec!["--json".into()], empty.path()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("FLEET_NOTHING_TO_CHECK"), "{stdout}");
    // Without --json, in the output's language (no English from Rust).
    let out = fleet_in(vec![], empty.path(), "fr").await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Rien à vérifier : indiquez --odoo URL"),
        "{stderr}"
    );
    sim.shutdown().await;
}
