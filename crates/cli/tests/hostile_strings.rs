//! A hostile "box" on loopback puts ESC sequences, bidi overrides, zero-width and tag
//! characters and line breaks into every string it reports (hostname, server, version,
//! certificate details). `status` and `diagnose` (plain and coloured), their error messages and
//! the Markdown and HTML reports must carry none of them; `--json` keeps them exactly.

mod hostile_support;

use hostile_support::{assert_inert, assert_shown_inert, command, hostile_box, run, Details, EVIL};
use iot_https_core::diagnose::{diagnose, DiagnoseOptions};
use iot_https_core::report::{render, ReportFormat};
use iot_https_core::{BoxAddress, NetPolicy};

/// The diagnosis's own colour codes (`render::diagnosis`), removed so what is left can be
/// checked: any other escape sequence came from the box.
fn without_own_colours(text: &str) -> String {
    let mut out = text.to_owned();
    for code in ["1;31", "1;33", "1;32", "36", "32", "1", "2", "0"] {
        out = out.replace(&format!("\u{1b}[{code}m"), "");
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn human_output_and_reports_carry_no_control_bytes() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    let status = run(command(&["status", &addr])).await;
    assert_shown_inert("status", &status, "iotbox␛[2J");

    let diag = run(command(&["diagnose", &addr, "--https-port", "9"])).await;
    assert_shown_inert("diagnose", &diag, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");

    // In colour: only the diagnosis's own codes.
    let mut coloured = command(&["diagnose", &addr, "--https-port", "9"]);
    coloured.env("CLICOLOR_FORCE", "1");
    let (stdout, stderr) = run(coloured).await;
    assert!(stdout.contains('\u{1b}'), "coloured:\n{stdout}");
    assert_inert("diagnose in colour", &without_own_colours(&stdout));
    assert_inert("diagnose in colour stderr", &stderr);

    // --json stays exact: the box's words, escapes and all.
    let (json, _) = run(command(&["status", &addr, "--json"])).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["hostname"], format!("iotbox{EVIL}"));

    // The Markdown report (and the HTML made from it): inert, and no entity or tag of the
    // box's own (`&#x1b;` and `<b>` stay text).
    let mut opts = DiagnoseOptions::new(time::OffsetDateTime::now_utc());
    opts.https_port = 9;
    let address = BoxAddress::parse(&addr).unwrap();
    let d = diagnose(&address, NetPolicy::from_env(), &opts)
        .await
        .unwrap();
    let markdown = render(&d, ReportFormat::Markdown, &[]);
    assert_inert("Markdown report", &markdown);
    assert!(
        markdown.contains("L24.10␛\\[2J") && markdown.contains("\\<b\\>\\&amp;\\&\\#x1b;"),
        "{markdown}"
    );
    let html = render(&d, ReportFormat::Html, &[]);
    assert_inert("HTML report", &html);
    assert!(
        html.contains("&lt;b&gt;&amp;amp;&amp;#x1b;&lt;/b&gt;") && !html.contains("<b>"),
        "{html}"
    );
}
