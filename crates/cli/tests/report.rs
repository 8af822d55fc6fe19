//! `iot-https report`: the support report the window saves, headless — in the language asked
//! for, in each format, to standard output or a file — and the box's contract code in none.

use std::path::Path;
use std::process::{Command, Output};

use iot_box_sim::{SimConfig, SimHandle, FAKE_ENTERPRISE_CODE};
use iot_https_test_support::TempDir;
use serde_json::Value;

async fn report(sim: &SimHandle, ca: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report".to_owned(),
        sim.http_addr().to_string(),
        "--https-port".into(),
        sim.https_addr().unwrap().port().to_string(),
        "--ca".into(),
        ca.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_iot-https"))
            .args(&args)
            .env("IOT_HTTPS_MODE", "test")
            .env("IOT_HTTPS_LANG", "en")
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_comes_in_the_language_and_format_asked_for_without_the_code() {
    let sim = iot_box_sim::spawn(SimConfig::demo()).await.unwrap();
    let dir = TempDir::new("cli-report");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, sim.ca_pem()).unwrap();

    let english = report(&sim, &ca, &[]).await;
    let german = report(&sim, &ca, &["--lang", "de"]).await;
    assert!(english.stdout.starts_with(b"#"), "{}", text(&english));
    assert_ne!(english.stdout, german.stdout, "the report follows --lang");
    // The exit code is the diagnosis's, as `diagnose`'s.
    assert!(
        matches!(english.status.code(), Some(0 | 1)),
        "{}",
        text(&english)
    );

    let file = dir.path().join("report.json");
    let json = report(
        &sim,
        &ca,
        &[
            "--format",
            "json",
            "--lang",
            "fr",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        json.stdout.is_empty(),
        "the report went to the file: {}",
        text(&json)
    );
    let written = std::fs::read_to_string(&file).unwrap();
    let value: Value = serde_json::from_str(&written).unwrap_or_else(|e| panic!("{e}: {written}"));
    assert!(value.is_object());

    let html = report(&sim, &ca, &["--format", "html", "--lang", "es"]).await;
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.contains("lang=\"es\""), "{page}");

    for out in [&english, &german, &json, &html] {
        assert!(!text(out).contains(FAKE_ENTERPRISE_CODE), "the code leaked");
    }
    assert!(!written.contains(FAKE_ENTERPRISE_CODE));
    sim.shutdown().await;
}
