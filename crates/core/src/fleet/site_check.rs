//! The fleet check: every saved site diagnosed, at most `concurrency` at a time, each result
//! handed over the moment it is in. One function for `iot-https check-all` and the window's
//! "Check all", so both count, record and judge the same way.
//!
//! A fleet check is not the wizard's diagnosis: it returns results, it never becomes "the latest
//! diagnosis" a report is made from.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::address::BoxAddress;
use crate::diagnose::{diagnose, DiagnoseOptions, Diagnosis, Verdict};
use crate::findings::FindingCode;
use crate::net_policy::NetPolicy;
use crate::sites::Site;
use crate::validity::Validity;
use crate::wire::WireError;

/// One site's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FleetResult {
    /// The site as recorded after the check (or as it was, when recording was not possible).
    pub site: Site,
    /// `None` when the box could not even be diagnosed (see `error`).
    pub verdict: Option<Verdict>,
    /// Codes of the warnings and errors found, in the diagnosis's order.
    pub codes: Vec<FindingCode>,
    /// Of the certificate end date recorded for the site, at the check's instant.
    pub validity: Option<Validity>,
    pub error: Option<WireError>,
}

/// What a running fleet check reports, in order: `started`, then per site `checking` and later
/// `checked` (sites overlap), then `finished`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FleetEvent {
    Started { total: u32 },
    Checking { site_id: String },
    Checked { result: Box<FleetResult> },
    Finished { checked: u32 },
}

/// How a fleet check runs. `options_for` gives the diagnosis options of one box (the window's
/// demo box has its own HTTPS port and CA); `record` stores a diagnosis on the site it was made
/// for and returns the updated site (the sites file is the caller's).
pub struct FleetCheck<O, R> {
    pub policy: NetPolicy,
    pub concurrency: usize,
    pub now: OffsetDateTime,
    pub options_for: O,
    pub record: R,
}

/// Diagnoses `sites` and calls `on_event` as results come in; returns every result in the
/// order they finished. One failing box never stops the others.
pub async fn check_sites<O, R>(
    sites: Vec<Site>,
    check: FleetCheck<O, R>,
    mut on_event: impl FnMut(FleetEvent),
) -> Vec<FleetResult>
where
    O: Fn(&BoxAddress) -> DiagnoseOptions,
    R: Fn(&Site, &Diagnosis) -> Option<Site>,
{
    let total = u32::try_from(sites.len()).unwrap_or(u32::MAX);
    on_event(FleetEvent::Started { total });
    let limit = Arc::new(Semaphore::new(check.concurrency.max(1)));
    let (announce, mut announced) = tokio::sync::mpsc::unbounded_channel();
    let mut running = JoinSet::new();
    for site in sites {
        let prepared = BoxAddress::parse(&site.address).map(|address| {
            let opts = (check.options_for)(&address);
            (address, opts)
        });
        let (limit, announce, policy) = (limit.clone(), announce.clone(), check.policy);
        running.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let _ = announce.send(site.id.clone());
            let outcome = match prepared {
                Ok((address, opts)) => diagnose(&address, policy, &opts).await,
                Err(e) => Err(e),
            };
            (site, outcome)
        });
    }
    drop(announce);
    let mut results = Vec::new();
    loop {
        tokio::select! {
            biased;
            Some(site_id) = announced.recv() => on_event(FleetEvent::Checking { site_id }),
            joined = running.join_next() => {
                let Some(joined) = joined else { break };
                // A panicking diagnosis is a defect; the rest of the fleet still gets checked.
                let Ok((site, outcome)) = joined else { continue };
                while let Ok(site_id) = announced.try_recv() {
                    on_event(FleetEvent::Checking { site_id });
                }
                let result = match outcome {
                    Ok(diagnosis) => {
                        let site = (check.record)(&site, &diagnosis).unwrap_or(site);
                        result_of(site, Some(&diagnosis), None, check.now)
                    }
                    Err(e) => result_of(site, None, Some(e.into()), check.now),
                };
                on_event(FleetEvent::Checked {
                    result: Box::new(result.clone()),
                });
                results.push(result);
            }
        }
    }
    on_event(FleetEvent::Finished {
        checked: u32::try_from(results.len()).unwrap_or(u32::MAX),
    });
    results
}

fn result_of(
    site: Site,
    diagnosis: Option<&Diagnosis>,
    error: Option<WireError>,
    now: OffsetDateTime,
) -> FleetResult {
    let codes = diagnosis.map_or_else(Vec::new, |d| {
        crate::findings::needing_action(&d.findings)
            .map(|f| f.code)
            .collect()
    });
    FleetResult {
        validity: site
            .certificate_end
            .as_deref()
            .and_then(|end| Validity::of_end_date(end, now)),
        verdict: diagnosis.map(|d| d.verdict),
        codes,
        site,
        error,
    }
}

/// The validity of each saved end date at `now` (the window's countdown column).
pub fn countdowns(ends: &[Option<String>], now: OffsetDateTime) -> Vec<Option<Validity>> {
    ends.iter()
        .map(|end| {
            end.as_deref()
                .and_then(|end| Validity::of_end_date(end, now))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn site(id: &str, address: &str, end: Option<&str>) -> Site {
        Site {
            id: id.into(),
            name: id.into(),
            address: address.into(),
            certificate_end: end.map(str::to_owned),
            ..Site::default()
        }
    }

    #[tokio::test]
    async fn streams_every_site_and_one_bad_address_stops_nothing() {
        let now = datetime!(2027-03-01 12:00 UTC);
        let sites = vec![
            site("a", "https://nope", Some("2027-03-05T12:00:00Z")),
            site("b", "", None),
        ];
        let check = FleetCheck {
            policy: NetPolicy::loopback_only(crate::net_policy::LoopbackReason::Test),
            concurrency: 1,
            now,
            options_for: |_: &BoxAddress| DiagnoseOptions::new(now),
            record: |_: &Site, _: &Diagnosis| None,
        };
        let mut events = Vec::new();
        let results = check_sites(sites, check, |e| events.push(e)).await;
        assert_eq!(results.len(), 2);
        assert!(results
            .iter()
            .all(|r| r.error.is_some() && r.verdict.is_none()));
        assert_eq!(events.first(), Some(&FleetEvent::Started { total: 2 }));
        assert_eq!(events.last(), Some(&FleetEvent::Finished { checked: 2 }));
        let checking = |id: &str| {
            events
                .iter()
                .position(|e| matches!(e, FleetEvent::Checking { site_id } if site_id == id))
        };
        let checked = |id: &str| {
            events
                .iter()
                .position(|e| matches!(e, FleetEvent::Checked { result } if result.site.id == id))
        };
        for id in ["a", "b"] {
            assert!(checking(id) < checked(id), "{id}: {events:?}");
        }
        let a = results.iter().find(|r| r.site.id == "a").unwrap();
        let validity = a.validity.as_ref().unwrap();
        assert_eq!(
            (validity.state, validity.days_left),
            (crate::validity::ValidityState::RenewalDue, 4)
        );
    }
}
