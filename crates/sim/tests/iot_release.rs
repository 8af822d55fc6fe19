//! `restart_odoo` on `/iot_drivers/action` per iot_drivers release (docs/protocol/restarts.md,
//! `crates/sim/src/iot_release.rs`): master takes box commands there (PR #232133,
//! `communication.py` @055c26f3: the base response with "success", a restart after 2 s); 19.0's
//! route is for devices only (`controllers/driver.py` @1fd47b3f: `false`, nothing restarts).

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{Family, Flavour, IotRelease, Scenario, SimConfig, SimHandle};
use serde_json::{json, Value};

async fn spawn(release: IotRelease) -> SimHandle {
    iot_box_sim::spawn(SimConfig {
        iot_release: release,
        ..cfg(Family::IotDrivers, Flavour::Linux, Scenario::Healthy)
    })
    .await
    .expect("spawn simulator")
}

async fn restart_odoo(s: &SimHandle) -> Value {
    let identifier = s.state()["identity"]["identifier"].clone();
    let params = json!({
        "session_id": "s1",
        "device_identifier": identifier,
        "data": json!({"action": "restart_odoo"}).to_string(),
    });
    let r = rpc(s.http_addr(), "/iot_drivers/action", params)
        .await
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    r.result()
}

#[tokio::test]
async fn master_answers_success_and_restarts() {
    let s = spawn(IotRelease::Master).await;
    let answer = restart_odoo(&s).await;
    let identifier = s.state()["identity"]["identifier"].clone();
    assert_eq!(answer["status"], "success", "{answer}");
    assert_eq!(answer["session_id"], "s1");
    assert_eq!(answer["owner"], "s1");
    assert_eq!(answer["iot_box_identifier"], identifier);
    assert_eq!(answer["device_identifier"], identifier);
    assert!(answer["time"].is_f64(), "{answer}");
    let a = s.http_addr();
    wait_for("down", Duration::from_secs(10), || is_refused(a)).await;
    wait_for("up", Duration::from_secs(10), || hello_ok(a)).await;
    assert_eq!(s.state()["boots"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn nineteen_answers_false_and_restarts_nothing() {
    let s = spawn(IotRelease::V19).await;
    assert_eq!(restart_odoo(&s).await, json!(false));
    assert!(hello_ok(s.http_addr()).await);
    let state = s.state();
    assert_eq!(state["boots"], 0, "{state}");
    assert_eq!(state["restarting"], false, "{state}");
    s.shutdown().await;
}

#[test]
fn the_release_is_named_on_the_command_line() {
    assert_eq!("19.0".parse::<IotRelease>().unwrap(), IotRelease::V19);
    assert_eq!("master".parse::<IotRelease>().unwrap(), IotRelease::Master);
    assert_eq!(IotRelease::default(), IotRelease::Master);
    assert!("18.0".parse::<IotRelease>().is_err());
}
