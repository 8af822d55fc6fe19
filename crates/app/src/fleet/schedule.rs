//! The scheduled fleet check: every `checkIntervalMinutes` (0 = off) counted from the app's
//! start, the last check or the last settings change, whichever is latest; no databases, no
//! check. `tick` decides and runs; the shell keeps only the timer (sleep `Wait`, or until
//! `Fleets::changed`), the event and the notifications.

use std::time::Duration;

use iot_https_core::fleet::FleetSettings;
use iot_https_core::sites::SiteStore;
use iot_https_core::NetPolicy;
use time::OffsetDateTime;

use super::{no_given_keys, CheckRequest, Databases, FleetChecked, Fleets};
use crate::errors::blocking;
use crate::types::ApiChoice;

/// Whether a scheduled check is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Turned off, or nothing to check: wait for a settings change.
    Off,
    /// Not yet: this long still.
    Wait(Duration),
    Now,
}

/// The rule: due `interval` after `since`.
pub fn due(settings: &FleetSettings, since: OffsetDateTime, now: OffsetDateTime) -> Due {
    if settings.check_interval_minutes == 0 || settings.databases.is_empty() {
        return Due::Off;
    }
    let interval = time::Duration::minutes(i64::from(settings.check_interval_minutes));
    let left = since + interval - now;
    if left.is_positive() {
        Due::Wait(left.unsigned_abs())
    } else {
        Due::Now
    }
}

/// What one tick did.
#[derive(Debug)]
pub enum Tick {
    Off,
    Wait(Duration),
    /// The check ran: tell the window, notify each alert.
    Checked(Box<FleetChecked>),
}

impl Fleets {
    /// One tick of the schedule at `now`: runs the check of the saved databases when it is due.
    pub async fn tick(&self, sites: &SiteStore, policy: NetPolicy, now: OffsetDateTime) -> Tick {
        let store = self.store.clone();
        // A settings file that cannot be read right now has no databases: nothing is due.
        let settings: FleetSettings =
            blocking(move || Ok(store.load().map(|(s, _)| s).unwrap_or_default()))
                .await
                .unwrap_or_default();
        let since = *self.schedule_from.lock().await;
        match due(&settings, since, now) {
            Due::Off => Tick::Off,
            Due::Wait(left) => Tick::Wait(left),
            Due::Now => {
                let request = CheckRequest {
                    databases: Databases::Saved,
                    api: ApiChoice::Auto,
                    now,
                    strict: false,
                    given_keys: &no_given_keys,
                };
                match self.check(sites, policy, request).await {
                    Ok(checked) => Tick::Checked(Box::new(checked)),
                    // Not strict: only the caller's keys could refuse, and there are none.
                    Err(_) => Tick::Wait(Duration::from_secs(60)),
                }
            }
        }
    }
}
