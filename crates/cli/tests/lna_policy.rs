//! `iot-https lna-policy`: the window's LNA policy files headless — listed, one printed exactly,
//! all as JSON — and a plain-HTTP or hostile origin refused, the refusal inert.

mod hostile_support;

use hostile_support::{assert_inert, command, run, EVIL};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_policies_for_an_odoo_origin_are_listed_printed_and_given_as_json() {
    let (list, _) = run(command(&["lna-policy", "https://shop.odoo.com/odoo/pos"])).await;
    let names: Vec<&str> = list
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(names.len() >= 3, "{list}");

    let (json, _) = run(command(&["lna-policy", "https://shop.odoo.com", "--json"])).await;
    let files: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), names.len());
    for file in files {
        let content = file["content"].as_str().unwrap();
        assert!(content.contains("https://shop.odoo.com"), "{content}");
        // `--file NAME` prints exactly that file.
        let name = file["fileName"].as_str().unwrap();
        let (one, _) = run(command(&[
            "lna-policy",
            "https://shop.odoo.com",
            "--file",
            name,
        ]))
        .await;
        assert_eq!(one.trim_end(), content.trim_end());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_http_or_hostile_origin_is_refused_inert() {
    let mut c = command(&["lna-policy", "http://shop.example.com"]);
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let hostile = format!("https://shop{EVIL}.example.com");
    let (stdout, stderr) = run(command(&["lna-policy", &hostile])).await;
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!stderr.is_empty());
    assert_inert("lna-policy refusal", &stderr);
}
