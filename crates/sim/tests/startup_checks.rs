//! 16.0 – saas-18.2 check the certificate at every Odoo start and at 00:00
//! (`addons/hw_drivers/main.py` @f0bb044b; 16.0 in `coopiteasy/OCB hw_drivers/main.py`
//! @28640524) and log "An error happened when trying to get the HTTPS certificate: %s".

mod common;

use std::time::Duration;

use common::*;
use iot_box_sim::{Family, Flavour, Scenario};

#[tokio::test]
async fn legacy_and_status_families_check_at_start_up_and_at_midnight() {
    for family in [Family::LegacyHtml, Family::HwPosboxStatus] {
        let s = sim(family, Flavour::Linux, Scenario::LoadRequestException).await;
        let a = s.http_addr();
        let warning = "An error happened when trying to get the HTTPS certificate: ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION";
        let count = |s: &iot_box_sim::SimHandle| s.state()["odoo_com_calls"].as_u64().unwrap();
        assert_eq!(count(&s), 0, "{family}: nothing before a start or a read");
        s.run_midnight_check();
        assert_eq!(count(&s), 1, "{family}: the 00:00 check asks odoo.com");
        let text = get(a, "/hw_drivers/download_logs").await.unwrap().body;
        assert_eq!(text.matches(warning).count(), 1, "{family}: {text}");
        s.restart();
        wait_for("down", Duration::from_secs(3), || is_refused(a)).await;
        wait_for("up", Duration::from_secs(5), || hello_ok(a)).await;
        assert_eq!(count(&s), 2, "{family}: the start-up check asks odoo.com");
        let text = get(a, "/hw_drivers/download_logs").await.unwrap().body;
        assert_eq!(text.matches(warning).count(), 2, "{family}: {text}");
        s.shutdown().await;
    }
}
