//! The window's commands through Tauri's IPC on the mock runtime: the same `build_app` the real
//! window uses, the arguments as the page sends them (camelCase JSON), the answers and errors
//! as the page receives them. The box is the in-process demo simulator on loopback.

use iot_https_assistant_lib::{build_app, AppState};
use iot_https_core::net_policy::LoopbackReason;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn window(sites_file: &std::path::Path) -> WebviewWindow<tauri::test::MockRuntime> {
    let state = AppState::new(
        NetPolicy::loopback_only(LoopbackReason::Test),
        None,
        SiteStore::new(sites_file.to_path_buf()),
    );
    let app = build_app(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a mock window")
}

fn invoke(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

/// The tests that talk to the demo box hold this: one of them sets the rig's neighbour table
/// (`IOT_HTTPS_NEIGHBOUR_TABLE`), a variable of the whole process.
static DEMO_BOX: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn demo_box_lock() -> std::sync::MutexGuard<'static, ()> {
    DEMO_BOX.lock().unwrap_or_else(|e| e.into_inner())
}

fn sites_file(test: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("iot-https-commands-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("sites.json")
}

#[test]
fn app_info_and_field_checks_answer_in_the_wire_shape() {
    let file = sites_file("fields");
    let w = window(&file);
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["loopbackOnly"], true, "{info}");

    let ok = invoke(
        &w,
        "check_credentials",
        json!({"dbUuid": "  9F2C3B1A-0D4E-4F5A-8B6C-7D8E9F0A1B2C ", "contractCode": "M2026010112345"}),
    )
    .unwrap();
    assert_eq!(ok["dbUuid"], "9f2c3b1a-0d4e-4f5a-8b6c-7d8e9f0a1b2c", "{ok}");

    let err = invoke(
        &w,
        "check_credentials",
        json!({"dbUuid": "not-a-uuid", "contractCode": "M2026010112345"}),
    )
    .unwrap_err();
    assert!(err["code"].as_str().is_some_and(|c| !c.is_empty()), "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

#[test]
fn the_demo_box_is_read_and_diagnosed_through_the_commands() {
    let _demo = demo_box_lock();
    let file = sites_file("demo");
    let w = window(&file);
    let address = invoke(&w, "start_demo_box", json!({})).unwrap();
    let address = address.as_str().expect("the demo box's address").to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let report = invoke(
        &w,
        "connect_box",
        json!({"address": address, "onProgress": channel()}),
    )
    .unwrap();
    assert_eq!(report["family"], "iot-drivers", "{report}");

    let diagnosis = invoke(
        &w,
        "diagnose_box",
        json!({"address": address, "onProgress": channel()}),
    )
    .unwrap();
    assert_eq!(diagnosis["verdict"], "healthy", "{diagnosis}");
    let codes: Vec<&str> = diagnosis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    // 19 names no certificate subject and this session knows none from earlier.
    assert!(codes.contains(&"CERT_NAME_UNCONFIRMED"), "{codes:?}");

    // Outside loopback the policy refuses before any packet, and says so in the wire shape.
    let refused = invoke(
        &w,
        "connect_box",
        json!({"address": "192.0.2.1", "onProgress": channel()}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "NET_POLICY_REFUSED", "{refused}");
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

/// A `Channel` argument as the page sends it (`__CHANNEL__:<callback id>`); what the command
/// sends on it goes nowhere in the mock runtime.
fn channel() -> Value {
    json!("__CHANNEL__:1")
}

/// "Use the code of site X" is a one-time token Rust issued with the identities shown: a
/// forged or reused token, or a boolean as older windows sent, never lets the save read
/// another box's code (the refusal comes before the keyring is asked).
#[test]
fn another_sites_code_needs_the_token_rust_issued_for_the_pair_shown() {
    let _demo = demo_box_lock();
    let file = sites_file("choice");
    let w = window(&file);
    let address = invoke(&w, "start_demo_box", json!({})).unwrap();
    let address = address.as_str().unwrap().to_owned();
    // A site of another box saved for the demo box's address, with a stored code.
    let other = SiteStore::new(file.clone())
        .insert(iot_https_core::sites::Site {
            name: "Shop A".into(),
            address: address.clone(),
            identifier: Some("10000000aaaa0001".into()),
            mac: Some("b8:27:eb:00:00:0a".into()),
            db_uuid: Some("1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into()),
            has_stored_code: true,
            code_account: Some("contract-code:box=10000000aaaa0001|mac=b8:27:eb:00:00:0a|db=1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into()),
            ..Default::default()
        })
        .unwrap();
    let connected = invoke(
        &w,
        "connect_box",
        json!({"address": address, "onProgress": channel()}),
    )
    .unwrap();
    let site_match = &connected["siteMatch"];
    assert_eq!(site_match["kind"], "otherBox", "{connected}");
    let token = site_match["choice"]
        .as_str()
        .expect("a choice token")
        .to_owned();
    let save = |choice: Value, extra: Value| {
        let mut args = json!({
            "address": address,
            "dbUuid": "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            "contractCode": null,
            "storedCodeOf": other.id,
            "choice": choice,
            "remember": false,
            "onEvent": channel(),
        });
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        invoke(&w, "save_credentials", args).unwrap_err()
    };
    for (choice, extra) in [
        (json!(null), json!({})),
        (json!("forged"), json!({})),
        (json!(null), json!({"otherBoxConfirmed": true})),
    ] {
        let refused = save(choice.clone(), extra);
        assert_eq!(
            refused["code"], "STORED_CODE_OTHER_BOX",
            "{choice}: {refused}"
        );
    }
    // The real token gets past the identity check (the keyring is the next step, and this
    // test has none or an empty one); used once, it is gone.
    let accepted = save(json!(token), json!({}));
    assert_ne!(accepted["code"], "STORED_CODE_OTHER_BOX", "{accepted}");
    let reused = save(json!(token), json!({}));
    assert_eq!(reused["code"], "STORED_CODE_OTHER_BOX", "{reused}");
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

/// `pair_box` alone — no `connect_box` before it — reads the box itself and checks it against
/// the neighbour table: when the rig's table shows another card at the demo box's address, the
/// token (which can hold the contract code) is not sent and the box stays unpaired; with the
/// box's own card there, it pairs.
#[test]
fn pair_box_alone_is_refused_when_another_card_answers_at_the_address() {
    let _demo = demo_box_lock();
    let file = sites_file("neighbours");
    let w = window(&file);
    let pick =
        json!({"choice": {"family": "iot-drivers", "flavour": "linux", "scenario": "unpaired"}});
    let address = invoke(&w, "start_demo_box", pick).unwrap();
    let address = address.as_str().unwrap().to_owned();
    let ip = address.rsplit_once(':').unwrap().0.to_owned();
    let table = file.with_file_name("arp");
    let card = |mac: &str| {
        std::fs::write(
            &table,
            format!("IP address HW type Flags HW address Mask Device\n{ip} 0x1 0x2 {mac} * eth0\n"),
        )
        .unwrap();
    };
    let token =
        "https://shop.example.com|TOKEN123|1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0|CANARY-4471-PAIR";
    let pair = || invoke(&w, "pair_box", json!({"address": address, "token": token}));

    card("02:1a:2b:3c:4d:5e");
    std::env::set_var("IOT_HTTPS_NEIGHBOUR_TABLE", &table);
    let refused = pair();
    std::env::remove_var("IOT_HTTPS_NEIGHBOUR_TABLE");
    let refused = refused.unwrap_err();
    assert_eq!(refused["code"], "BOX_MAC_MISMATCH", "{refused}");
    assert!(
        !refused.to_string().contains("CANARY-4471-PAIR"),
        "{refused}"
    );

    // The box got no token: it is still unpaired. Its MAC, for the table that agrees.
    let connected = invoke(
        &w,
        "connect_box",
        json!({"address": address, "onProgress": channel()}),
    )
    .unwrap();
    assert_eq!(connected["pairing"]["state"], "notPaired", "{connected}");
    let mac = connected["mac"].as_str().unwrap().to_owned();

    card(&mac);
    std::env::set_var("IOT_HTTPS_NEIGHBOUR_TABLE", &table);
    let paired = pair();
    std::env::remove_var("IOT_HTTPS_NEIGHBOUR_TABLE");
    let paired = paired.unwrap();
    assert_eq!(paired["paired"], true, "{paired}");
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}
