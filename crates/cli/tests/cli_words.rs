//! The CLI's human output speaks the user's language (issue 17): `status`, `diagnose`, `scan`,
//! `check-all`, `logs` and `fleet` run against a simulated box on loopback with
//! IOT_HTTPS_LANG=fr and de, and no English sentence or label of the catalogue's `cli` section
//! appears, while that language's words do.

use std::path::{Path, PathBuf};
use std::process::Command;

use iot_box_sim::{Family, Flavour, Scenario, SimConfig, SimHandle};
use iot_https_core::findings::{cli_text, report_label};
use iot_https_core::sites::{Site, SiteStore};

/// One run's standard output and error, together.
fn run(lang: &str, args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iot-https"))
        .args(args)
        .env("IOT_HTTPS_MODE", "test")
        .env("IOT_HTTPS_LANG", lang)
        .env("NO_COLOR", "1")
        .output()
        .expect("run iot-https");
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

async fn run_async(lang: &'static str, args: Vec<String>) -> String {
    tokio::task::spawn_blocking(move || run(lang, &args))
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// The literal parts of the English `cli` texts that hold two words or more: what an English
/// output would show whatever the values.
fn english_phrases() -> Vec<String> {
    let en: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/catalogue/en.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut phrases = Vec::new();
    for text in en["cli"].as_object().unwrap().values() {
        let (mut depth, mut part) = (0, String::new());
        for c in text.as_str().unwrap().chars().chain(['{']) {
            match c {
                '{' => {
                    if depth == 0 {
                        phrases.push(std::mem::take(&mut part));
                    }
                    depth += 1;
                }
                '}' => depth -= 1,
                _ if depth == 0 => part.push(c),
                _ => {}
            }
        }
    }
    phrases
        .into_iter()
        .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|p| p.split_whitespace().filter(|w| w.len() > 1).count() >= 2)
        .collect()
}

fn assert_in_language(lang: &str, command: &str, output: &str, keys: &[&str]) {
    for phrase in english_phrases() {
        assert!(
            !output.contains(&phrase),
            "{lang} {command}: English {phrase:?} in\n{output}"
        );
    }
    for key in keys {
        let text = cli_text(key, lang, &[]);
        // The text's first literal part (before any placeholder) is enough to recognise it.
        let head = text.split('{').next().unwrap().trim();
        assert!(
            !head.is_empty() && output.contains(head),
            "{lang} {command}: {key} ({head:?}) missing in\n{output}"
        );
    }
}

async fn sim() -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        family: Family::IotDrivers,
        flavour: Flavour::Linux,
        scenario: Scenario::Healthy,
        https: None,
        control: None,
        time_scale: 0.01,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iot-https-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_english_phrases_are_found() {
    let phrases = english_phrases();
    assert!(phrases.len() > 40, "{phrases:?}");
    assert!(phrases.contains(&"not paired".to_owned()), "{phrases:?}");
    assert!(phrases.contains(&"Healthy: the box serves a valid certificate".to_owned()));
    // The check sees an untranslated line.
    let english = "error [X]: …\nNothing answers at this address.";
    assert!(english_phrases().iter().any(|p| english.contains(p)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_speaks_french_and_german() {
    let sim = sim().await;
    let addr = sim.http_addr().to_string();
    let port = sim.http_addr().port().to_string();
    let dir = temp_dir("cli-words");
    let store = SiteStore::new(dir.join("sites.json"));
    let site: Site = serde_json::from_value(
        serde_json::json!({ "id": "", "name": "Bakery", "address": addr.clone() }),
    )
    .unwrap();
    store.insert(site).unwrap();
    let sites = store.path().display().to_string();
    let log_file = dir.join("box.log").display().to_string();

    for lang in ["fr", "de"] {
        let status = run_async(lang, args(&["status", &addr])).await;
        assert_in_language(
            lang,
            "status",
            &status,
            &[
                "label.meaning",
                "label.server",
                "label.credentials",
                "server.pairedWith",
            ],
        );

        let diagnose = args(&["diagnose", &addr, "--https-port", "9"]);
        let diagnose = run_async(lang, diagnose).await;
        assert_in_language(lang, "diagnose", &diagnose, &["source.laptop"]);
        // A finding's severity is the report's word for it (the closed HTTPS port: an error).
        let error = format!("[{}]", report_label("severity.error", lang));
        assert!(
            diagnose.contains(&error) && !diagnose.contains("[ERROR]"),
            "{lang} diagnose: {error} missing in\n{diagnose}"
        );

        let scan = args(&["scan", "127.0.0.1/32", "--port", &port]);
        let scan = run_async(lang, scan).await;
        assert_in_language(lang, "scan", &scan, &["scan.identifier"]);
        let bad_scan = args(&["scan", "127.0.0.2/32", "--port", "9"]);
        let none = run_async(lang, bad_scan).await;
        assert_in_language(lang, "scan", &none, &["scan.noneFound"]);

        let check_all = run_async(lang, args(&["check-all", "--sites", &sites])).await;
        assert_in_language(
            lang,
            "check-all",
            &check_all,
            &["checkAll.address", "checkAll.problems"],
        );

        // The columns stay aligned whatever the words' lengths ("Handlungsbedarf").
        let ends = cli_text("checkAll.certEnds", lang, &[]);
        let column = |needle: &str| {
            let line = check_all.lines().find(|l| l.contains(needle)).unwrap();
            line[..line.find(needle).unwrap()].chars().count()
        };
        let row = check_all.lines().find(|l| l.starts_with("Bakery")).unwrap();
        let end_at = row[..row.find('—').unwrap()].chars().count();
        assert_eq!(
            column(&ends),
            end_at,
            "{lang} check-all columns:\n{check_all}"
        );

        let logs = run_async(lang, args(&["logs", &addr, "-o", &log_file])).await;
        assert_in_language(lang, "logs", &logs, &[]);
        assert!(
            logs.contains(&log_file) && !logs.contains("bytes of the box's log"),
            "{lang} logs: {logs}"
        );

        let fleet = args(&["fleet", "--odoo", "https://shop.example", "--sites", &sites]);
        let fleet = run_async(lang, fleet).await;
        assert_in_language(lang, "fleet", &fleet, &["usage.odooTriples"]);
    }
    sim.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The status's values stand in one column in every language, however long its labels
/// (Spanish "Familia de API", "Nombre de host").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_rows_stay_aligned_in_every_language() {
    let sim = sim().await;
    let addr = sim.http_addr().to_string();
    for lang in ["en", "nl", "fr", "de", "es"] {
        let status = run_async(lang, args(&["status", &addr])).await;
        // The box's address is the first row's value; every row's value starts in its column.
        let first = status.lines().next().unwrap();
        let column = first[..first.find(&addr).unwrap()].chars().count();
        assert!(column >= 14, "{lang}:\n{status}");
        let rows: Vec<&str> = status.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(rows.len() >= 9, "{lang}:\n{status}");
        for line in rows {
            let chars: Vec<char> = line.chars().collect();
            assert!(
                chars[column - 1] == ' ' && chars[column] != ' ',
                "{lang}: a value out of its column:\n{status}"
            );
        }
    }
    sim.shutdown().await;
}

/// The same run in English shows the English words: the check above is not vacuous.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_stays_english() {
    let sim = sim().await;
    let addr = sim.http_addr().to_string();
    let status = run_async("en", args(&["status", &addr])).await;
    assert!(status.contains("paired with"), "{status}");
    assert!(status.contains("Meaning"), "{status}");
    sim.shutdown().await;
}

/// "1 of 1 addresses": the noun after a count agrees with it in every language.
#[test]
fn the_scan_summary_agrees_with_one_address() {
    let one = [
        ("en", "1 of 1 address "),
        ("nl", "1 van 1 adres "),
        ("fr", "1 sur 1 adresse "),
        ("de", "1 von 1 Adresse "),
        ("es", "1 de 1 dirección "),
    ];
    for (lang, expected) in one {
        let args = |extra: (&'static str, &'static str)| {
            [
                ("scanned", "1"),
                ("total", "1"),
                ("seconds", "0.5"),
                ("stopped", ""),
                extra,
            ]
            .map(|(k, v)| (k, v.to_owned()))
        };
        for text in [
            cli_text("scan.found", lang, &args(("n", "1"))),
            cli_text("scan.noneFound", lang, &args(("port", "8069"))),
        ] {
            assert!(text.contains(expected), "{lang}: {text}");
        }
    }
}
