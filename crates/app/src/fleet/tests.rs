use std::time::Duration;

use iot_https_core::fleet::FleetSettings;
use time::macros::datetime;

use super::{alert_language, due, Due};
use crate::types::DbConnection;

fn settings(minutes: u32, databases: usize) -> FleetSettings {
    FleetSettings {
        check_interval_minutes: minutes,
        databases: (0..databases)
            .map(|i| DbConnection {
                url: "https://shop.example.test".into(),
                database: format!("db{i}"),
                login: "admin".into(),
            })
            .collect(),
        ..FleetSettings::default()
    }
}

#[test]
fn a_check_is_due_one_interval_after_the_last_one() {
    let since = datetime!(2026-12-01 09:00 UTC);
    let hourly = settings(60, 1);
    assert_eq!(
        due(&hourly, since, datetime!(2026-12-01 09:45 UTC)),
        Due::Wait(Duration::from_secs(15 * 60))
    );
    assert_eq!(
        due(&hourly, since, datetime!(2026-12-01 10:00 UTC)),
        Due::Now
    );
    assert_eq!(
        due(&hourly, since, datetime!(2026-12-02 10:00 UTC)),
        Due::Now
    );
}

#[test]
fn no_interval_or_no_database_is_no_schedule() {
    let since = datetime!(2026-12-01 09:00 UTC);
    let much_later = datetime!(2027-01-01 09:00 UTC);
    assert_eq!(due(&settings(0, 2), since, much_later), Due::Off);
    assert_eq!(due(&settings(60, 0), since, much_later), Due::Off);
}

#[test]
fn scheduled_alerts_speak_the_saved_language_before_any_check_now() {
    assert_eq!(alert_language(Some("fr"), "en"), "fr");
    assert_eq!(alert_language(Some("de"), "nl"), "de");
    assert_eq!(alert_language(Some("nl_BE.UTF-8"), "en"), "nl");
    assert_eq!(alert_language(None, "es"), "es");
    assert_eq!(alert_language(None, "en"), "en");
}
