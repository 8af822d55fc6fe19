//! Writers killed at random points lose no site: two processes — one writing as the window
//! does (`remember` a connected box), one as `iot-https check-all` does (`insert`, `rename`) —
//! share one sites file and are killed (SIGKILL on unix) again and again mid-run. Every site a
//! writer reported as saved must still be in the file, and the file must always parse.
//!
//! The writers are this test binary itself, started again with `SITES_CRASH_WRITER` set.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use iot_https_core::box_api::{
    BoxCertificate, BoxReport, BoxStatus, Credentials, Pairing, RawCertificate,
};
use iot_https_core::sites::{Site, SiteStore};
use iot_https_core::{ApiFamily, OsFlavour};

const ROUNDS: u64 = 40;

fn report(n: u64, writer: &str) -> BoxReport {
    BoxReport {
        retry: ApiFamily::IotDrivers.retry_method(),
        credential_rules: Default::default(),
        status_answered: true,
        findings: vec![],
        status: BoxStatus {
            address: format!("127.0.{}.{}:8069", n / 250, n % 250 + 1),
            family: ApiFamily::IotDrivers,
            flavour: OsFlavour::Linux,
            version: None,
            ip: None,
            hostname: Some(format!("{writer}-{n}")),
            identifier: Some(format!("serial-{writer}-{n}")),
            mac: Some(format!(
                "b8:27:eb:{:02x}:{:02x}:{:02x}",
                n >> 16 & 0xff,
                n >> 8 & 0xff,
                n & 0xff
            )),
            pairing: Pairing::Unknown,
            new_database_url: None,
            access_point: false,
            credentials: Credentials {
                db_uuid: None,
                enterprise_code_present: false,
            },
            certificate: RawCertificate::Absent,
            box_date: None,
            odoo_uptime_seconds: None,
            anomalies: vec![],
        },
        certificate_state: BoxCertificate::NotReported,
    }
}

/// The child: writes until killed, printing each name once its write returned.
fn run_writer(kind: &str, path: &Path, start: u64) -> ! {
    let store = SiteStore::new(path);
    for n in start.. {
        let name = format!("{kind}-{n}");
        match kind {
            "app" => {
                store.remember(&report(n, kind)).expect("remember");
            }
            _ => {
                let site: Site = serde_json::from_value(serde_json::json!({
                    "id": "", "name": "pending", "address": format!("127.1.0.{}:8069", n % 250 + 1)
                }))
                .expect("site");
                let site = store.insert(site).expect("insert");
                store.rename(&site.id, &name).expect("rename");
            }
        }
        println!("{name}");
    }
    unreachable!()
}

#[test]
fn killed_writers_lose_no_site() {
    if let (Ok(kind), Ok(path), Ok(start)) = (
        std::env::var("SITES_CRASH_WRITER"),
        std::env::var("SITES_CRASH_FILE"),
        std::env::var("SITES_CRASH_START"),
    ) {
        run_writer(&kind, Path::new(&path), start.parse().unwrap());
    }
    let dir = std::env::temp_dir().join(format!("iot-https-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("sites.json");
    let mut saved: Vec<String> = Vec::new();
    let mut rng = 0x5eed_u64;
    for round in 0..ROUNDS {
        let writers: Vec<(Child, mpsc::Receiver<String>)> = ["app", "cli"]
            .iter()
            .map(|kind| spawn_writer(kind, &path, round * 10_000))
            .collect();
        for (mut child, lines) in writers {
            // Kill after a random number of completed writes: the child is then somewhere
            // inside the next one.
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let writes = 1 + (rng >> 33) % 12;
            for _ in 0..writes {
                match lines.recv() {
                    Ok(name) => saved.push(name),
                    Err(_) => panic!("writer died on its own: {:?}", child.wait()),
                }
            }
            child.kill().expect("kill");
            child.wait().expect("reap");
            saved.extend(lines.try_iter());
        }
        let on_disk = names(&path);
        let lost: Vec<_> = saved.iter().filter(|n| !on_disk.contains(n)).collect();
        assert!(lost.is_empty(), "round {round}: lost {lost:?}");
    }
    assert!(saved.len() as u64 >= 2 * ROUNDS);
    let _ = std::fs::remove_dir_all(&dir);
}

fn spawn_writer(kind: &str, path: &PathBuf, start: u64) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "killed_writers_lose_no_site",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SITES_CRASH_WRITER", kind)
        .env("SITES_CRASH_FILE", path)
        .env("SITES_CRASH_START", start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let prefix = format!("{kind}-");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with(&prefix) && tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Every name in the file; the file must parse whatever moment the writers died at.
fn names(path: &Path) -> Vec<String> {
    let view = SiteStore::new(path).load().expect("the file reads");
    assert!(view.warning.is_none(), "never damaged: {:?}", view.warning);
    view.sites.into_iter().map(|s| s.name).collect()
}
