//! The 16.0 HTML reader against hostile pages: 2 MiB of rows, deep nesting, huge attributes,
//! unclosed constructs. The work is counted (bytes the scanner examines), never timed: it must
//! stay within a small constant per input byte. The 2 MiB page also goes through the real
//! client over loopback.

use iot_https_core::box_api::html::{parse, scan};
use iot_https_core::box_api::{legacy, BoxClient, Pairing};
use iot_https_core::net_policy::{LoopbackReason, NetPolicy};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SIZE: usize = 2 << 20;
/// Bytes examined per input byte, at most (see `html.rs`: a decoded `&` costs 13).
const PER_BYTE: usize = 16;

fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len() + 1)
}

fn pages() -> Vec<(&'static str, String)> {
    let row = "<tr><td class=\"heading\">Name</td><td> iotbox <a class=\"btn\" href='/server'>configure</a></td></tr>\n";
    vec![
        ("many rows", format!("<table>{}</table>", fill(row))),
        (
            "deep nesting",
            format!("<tr><td>Name</td><td>{}x", fill("<div><span>")),
        ),
        (
            "huge attribute",
            format!("<input name=\"db_uuid\" value=\"{}\">", "u".repeat(SIZE)),
        ),
        ("unclosed quote", format!("<a href=\"{}", fill("x<tr><td>"))),
        ("unclosed comment", format!("<!--{}", fill("-- > -"))),
        ("unclosed script", format!("<script>{}", fill("</scrip <"))),
        ("lone brackets", fill("<<<< >>>>")),
        (
            "entities in a cell",
            format!("<tr><td>a</td><td>{}", fill("&amp;&#x41;&")),
        ),
        ("many attributes", format!("<td {}>", fill("a=b c='d' "))),
        ("many cells", fill("<td>")),
        ("many strongs", fill("Current DB uuid: <strong>u</strong>")),
    ]
}

#[test]
fn work_is_linear_in_the_page_size() {
    for (name, html) in pages() {
        let (page, steps) = scan(&html);
        assert!(
            steps <= PER_BYTE * html.len() + 64,
            "{name}: {steps} steps for {} bytes",
            html.len()
        );
        assert!(page.rows.len() <= 4096, "{name}: rows are capped");
        for row in &page.rows {
            assert!(
                row.value.text.len() <= 8192 + 4,
                "{name}: cell text is capped"
            );
        }
    }
}

#[test]
fn hostile_pages_still_read_what_they_hold() {
    let pages: std::collections::HashMap<_, _> = pages().into_iter().collect();
    let rows = parse(&pages["many rows"]).rows;
    assert_eq!(rows.len(), 4096);
    assert_eq!(rows[4095].value.text, "iotbox");
    let inputs = parse(&pages["huge attribute"]).inputs;
    assert_eq!(inputs[0].0, "db_uuid");
    assert!(inputs[0].1.len() <= 4096);
    assert!(parse(&pages["unclosed quote"]).rows.is_empty());
}

fn homepage(rows: usize) -> String {
    let mut html = String::from("<html><body><h2>Your IoT Box is up and running</h2><table>");
    html += "<tr><td class=\"heading\">Server</td><td><a href='https://shop.example' target=_blank>https://shop.example<a class=\"btn btn-sm float-end\" href='/server'>configure</a></td></tr>";
    for i in 0..rows {
        html += &format!("<tr><td class=\"heading\">IOT Device {i}</td><td><div class=\"device-status\"><span class=\"device\">printer {i}</span></div></td></tr>\n");
    }
    html + "</table></body></html>"
}

/// A 16.0-looking box on loopback whose homepage is 2 MiB.
async fn serve(home: String) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let home = home.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut n = 0;
                while !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf[n..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => n += k,
                    }
                }
                let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) = match path.as_str() {
                    "/" => ("200 OK", home),
                    "/hw_proxy/get_version" => ("200 OK", "22.11".to_owned()),
                    _ => ("404 NOT FOUND", String::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_mebibyte_homepage_is_read_through_the_client() {
    let home = homepage(20_000);
    assert!(home.len() >= SIZE, "{}", home.len());
    let (_, steps) = scan(&home);
    assert!(steps <= PER_BYTE * home.len());
    let addr = serve(home).await;
    // The default limits: what `diagnose` uses.
    let policy = NetPolicy::loopback_only(LoopbackReason::Test);
    let client = BoxClient::connect_to(addr, policy).await.unwrap();
    let status = client.status().await.unwrap();
    assert_eq!(
        status.pairing,
        Pairing::Paired {
            server: "https://shop.example".into()
        }
    );
    assert_eq!(status.version.as_deref(), Some("22.11"));
    assert_eq!(legacy::rows("<tr><td>a</td><td>b</td></tr>").len(), 1);
}
