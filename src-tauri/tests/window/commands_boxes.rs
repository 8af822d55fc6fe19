//! The window's commands through Tauri's IPC on the mock runtime: the same `build_app` the real
//! window uses, the arguments as the page sends them (camelCase JSON), the answers and errors
//! as the page receives them. The box is the in-process demo simulator on loopback.

use crate::common::{channel, demo_box_lock, invoke, window, Dir};
use iot_https_core::sites::SiteStore;
use serde_json::{json, Value};

#[test]
fn app_info_and_field_checks_answer_in_the_wire_shape() {
    let dir = Dir::new("fields");
    let w = window(&dir);
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
}

#[test]
fn the_demo_box_is_read_and_diagnosed_through_the_commands() {
    let _demo = demo_box_lock();
    let dir = Dir::new("demo");
    let w = window(&dir);
    let address = invoke(&w, "start_demo_box", json!({"choice": null})).unwrap();
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
    assert!(
        diagnosis.get("recheck").is_none(),
        "a first diagnosis compares with nothing"
    );

    // A re-check of the same box carries core's comparison with the diagnosis before it.
    let again = invoke(
        &w,
        "diagnose_box",
        json!({"address": address, "onProgress": channel()}),
    )
    .unwrap();
    assert_eq!(again["recheck"]["fixed"], json!([]), "{again}");
    assert_eq!(again["recheck"]["new"], json!([]), "{again}");

    // Outside loopback the policy refuses before any packet, and says so in the wire shape.
    let refused = invoke(
        &w,
        "connect_box",
        json!({"address": "192.0.2.1", "onProgress": channel()}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "NET_POLICY_REFUSED", "{refused}");
}

/// "Use the code of site X" is a one-time token Rust issued with the identities shown: a
/// forged or reused token, or a boolean as older windows sent, never lets the save read
/// another box's code (the refusal comes before the keyring is asked).
#[test]
fn another_sites_code_needs_the_token_rust_issued_for_the_pair_shown() {
    let _demo = demo_box_lock();
    let dir = Dir::new("choice");
    let file = dir.sites_file();
    let w = window(&dir);
    let address = invoke(&w, "start_demo_box", json!({"choice": null})).unwrap();
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
}

/// `pair_box` alone — no `connect_box` before it — reads the box itself and checks it against
/// the neighbour table: when the rig's table shows another card at the demo box's address, the
/// token (which can hold the contract code) is not sent and the box stays unpaired; with the
/// box's own card there, it pairs.
#[test]
fn pair_box_alone_is_refused_when_another_card_answers_at_the_address() {
    let _demo = demo_box_lock();
    let dir = Dir::new("neighbours");
    let file = dir.sites_file();
    let w = window(&dir);
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
}

/// The demo box's picker: every family, flavour and scenario the simulator offers, each with
/// its description; a name it does not know is refused in the wire shape.
#[test]
fn demo_scenarios_lists_what_start_demo_box_accepts() {
    let _demo = demo_box_lock();
    let dir = Dir::new("scenarios");
    let w = window(&dir);
    let catalog = invoke(&w, "demo_scenarios", json!({})).unwrap();
    for part in ["families", "flavours", "scenarios"] {
        let options = catalog[part].as_array().expect(part);
        assert!(!options.is_empty(), "{catalog}");
        assert!(
            options
                .iter()
                .all(|o| o["name"].is_string() && o["description"].is_string()),
            "{catalog}"
        );
    }
    let names = |part: &str| -> Vec<String> {
        catalog[part]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        names("families").contains(&"iot-drivers".to_owned()),
        "{catalog}"
    );
    assert!(
        names("scenarios").contains(&"unpaired".to_owned()),
        "{catalog}"
    );
    let pick = json!({"choice": {"family": "iot-drivers", "flavour": "linux", "scenario": "no-such-scenario"}});
    let err = invoke(&w, "start_demo_box", pick).unwrap_err();
    assert_eq!(err["code"], "INPUT_INVALID_ARGUMENT", "{err}");
}
