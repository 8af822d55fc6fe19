//! `iot-https fleet` against an Odoo stand-in whose `iot.box` records are hostile: a name with
//! a live colour escape, a line break forging a row, bidi, zero-width and tag characters and
//! markup; an `ip` that is a shell command. The human table is inert, the suggested command
//! holds no text that is not an IP address, the CSV runs no formula, and the headings come
//! from the catalogue in each language.

mod hostile_support;

use hostile_support::{assert_inert, command, run, EVIL};
use odoo_db_sim::{Database, IotBox, OdooServer, User, Version};

const KEY: &str = "CANARY-hostile-fleet-key";
const LOGIN: &str = "tech@example.com";

fn iot_box(name: &str, identifier: &str, ip: &str) -> IotBox {
    IotBox {
        name: name.into(),
        identifier: identifier.into(),
        ip: Some(ip.into()),
        version: Some(format!("25.10{EVIL}")),
        // No end date: the note suggests a local check with the box's IP.
        ssl_certificate_end_date: None,
        use_lna: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_database_cannot_reach_the_terminal_a_shell_or_a_spreadsheet() {
    let sim = odoo_db_sim::spawn(OdooServer {
        bind: "127.0.0.1:0".parse().unwrap(),
        version: Version::parse("19.0"),
        databases: vec![Database {
            name: "bakery".into(),
            iot_app: true,
            use_lna_field: false,
            users: vec![User {
                login: LOGIN.into(),
                uid: 2,
                api_key: KEY.into(),
                iot_access: true,
            }],
            boxes: vec![
                iot_box(
                    &format!("Counter\u{1b}[31m{EVIL}"),
                    &format!("1000a{EVIL}"),
                    "127.0.60.6; rm -rf ~",
                ),
                iot_box("=HYPERLINK(\"http://x\")", "1000b", "127.0.60.7"),
            ],
        }],
        jsonrpc_switched_off: true,
    })
    .await
    .unwrap();
    let dir = std::env::temp_dir().join(format!("iot-https-hostile-fleet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("fleet.csv");
    let url = sim.url();
    let csv_arg = csv.to_str().unwrap().to_owned();
    let sites = dir.join("sites.json").to_str().unwrap().to_owned();
    let headings = [
        ("en", "Status", "Certificate ends"),
        ("nl", "Status", "Certificaat eindigt"),
        ("fr", "État", "Fin du certificat"),
        ("de", "Status", "Zertifikat endet"),
        ("es", "Estado", "Fin del certificado"),
    ];
    for (lang, status, ends) in headings {
        let mut c = command(&[
            "fleet",
            "--odoo",
            &url,
            "--db",
            "bakery",
            "--login",
            LOGIN,
            "--sites",
            &sites,
            "--at",
            "2026-12-01T09:00:00Z",
            "--csv",
            &csv_arg,
        ]);
        c.env("IOT_HTTPS_LANG", lang)
            .env("IOT_HTTPS_ODOO_API_KEY", KEY)
            .env("XDG_DATA_HOME", &dir)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        let (stdout, stderr) = run(c).await;
        assert_inert(&format!("fleet ({lang})"), &stdout);
        assert_inert(&format!("fleet stderr ({lang})"), &stderr);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines.len(),
            3,
            "{lang}: a heading and one line per box:\n{stdout}\n{stderr}"
        );
        assert!(
            lines[0].starts_with(status) && lines[0].contains(ends),
            "{lang}: {}",
            lines[0]
        );
        // The name is shown (visibly cleaned), its escape is not live.
        assert!(stdout.contains("Counter␛[31m"), "{lang}:\n{stdout}");
        // Only a real IP goes into a suggested command (a placeholder for the shell text),
        // and into the IP column: the shell text is nowhere in the table.
        assert!(!stdout.contains("rm -rf"), "{lang}:\n{stdout}");
        let placeholder = iot_https_core::findings::report_label("fleet.ipPlaceholder", lang);
        assert!(
            stdout.contains(&format!("iot-https diagnose {placeholder}")),
            "{lang}:\n{stdout}"
        );
        assert!(
            stdout.contains("iot-https diagnose 127.0.60.7"),
            "{lang}: the real IP is suggested:\n{stdout}"
        );
        assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
    }
    // The CSV: no formula, no control or hidden character, one line per record.
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_inert("fleet CSV", &text.replace("\r\n", "\n"));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let cells_start_safely = line.split(',').all(|c| {
            !c.trim_start_matches('"')
                .starts_with(['=', '+', '-', '@', '\t', '\r'])
        });
        assert!(cells_start_safely, "{line}");
    }
    assert_eq!(
        text.split("\r\n").filter(|l| !l.is_empty()).count(),
        3,
        "{text}"
    );
    sim.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
