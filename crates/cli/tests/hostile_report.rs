//! `iot-https report` against a hostile "box" on loopback (see `hostile_support`): the report in
//! each format on standard output is inert text, and the box's words are visibly in it.

mod hostile_support;

use hostile_support::{assert_inert, assert_shown_inert, command, hostile_box, run, Details};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_shows_the_box_inert_in_every_format() {
    let addr = hostile_box(Details::OdooCode).await.to_string();
    let out = run(command(&["report", &addr, "--https-port", "9"])).await;
    assert_shown_inert("report", &out, "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION");
    for format in ["json", "html"] {
        let (stdout, stderr) = run(command(&[
            "report",
            &addr,
            "--https-port",
            "9",
            "--format",
            format,
        ]))
        .await;
        assert_inert(&format!("report --format {format}"), &stdout);
        assert_inert(&format!("report --format {format}, stderr"), &stderr);
    }
}
