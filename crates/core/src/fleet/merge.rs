//! One row per box: the database's view and this laptop's last local check, matched by the
//! box identifier (serial or MAC, compared without case). The end date used is the later of the
//! two: a renewal the database has not heard of yet (a Windows box informs it only after its
//! next start) still counts, and so does one the laptop has not seen.
//!
//! The database never clears its end date: `inform_database` returns early on `None`
//! (`iot_drivers/tools/certificate.py` @371fe6a0, `hw_drivers/tools/certificate.py` @0240f280).
//! So when the box's own answer at the last local check was "no certificate" (placeholder
//! served, no end date, one of Odoo's codes), the database's date is stale and the box needs
//! action (`NoCertificate`), unless the database's certificate was issued after that check.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::odoo_db::{instant, DbBox, DbRead};
use crate::safe_text::Foreign;
use crate::sites::Site;
use crate::validity::{
    assumed_lifetime_days, fleet_certificate_status, AlertThresholds, FleetStatus,
};

/// Two end dates further apart than this disagree; closer ones differ by time zone handling.
const DISAGREE_AFTER: time::Duration = time::Duration::days(1);

/// What the database says about the end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum DbEndDate {
    Reported,
    /// The field exists (18.3+), but the box has not reported a date (yet).
    NotReported,
    /// A 16.0 – 18.2 database: there is no such field; only a local check can tell.
    NotInThisVersion,
    /// The box is known only from a local site, not from a database.
    NoDatabase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EndDateSource {
    Database,
    LocalCheck,
}

/// A box of the fleet. The first eight fields are the `--json` contract of `iot-https fleet`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FleetRow {
    /// The customer: the database name; `None` for a box known only from a local site.
    pub database: Option<String>,
    /// The box's name as its database (or the site) has it: someone else's text.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub name: Foreign,
    pub identifier: Option<String>,
    /// The last known address: what the box reported to its database, else the site's.
    pub ip: Option<String>,
    pub version: Option<String>,
    /// The end date used (RFC 3339): the later of the database's and the local check's.
    pub certificate_end_date: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub days_left: Option<i64>,
    pub status: FleetStatus,
    pub database_url: Option<String>,
    pub database_end_date: Option<String>,
    pub database_end_date_state: DbEndDate,
    pub local_end_date: Option<String>,
    pub local_checked_at: Option<String>,
    pub end_date_source: Option<EndDateSource>,
    /// The database's and the local end date are more than a day apart.
    pub dates_disagree: bool,
    /// The box had no certificate at the last local check, after the database's certificate
    /// was issued: the database's end date is out of date and is not used.
    pub database_end_date_stale: bool,
    /// Say so and offer a local check: no end date from the database, or the two disagree.
    pub offer_local_check: bool,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub lifetime_days: Option<i64>,
    pub site_id: Option<String>,
    pub site_name: Option<String>,
    pub site_address: Option<String>,
    /// The database's `iot.box.use_lna` (19+ databases), for the device check's advice.
    pub use_lna: Option<bool>,
    /// The box's HTTPS name as it reported it to its database (18.4+ with a certificate): the
    /// name its certificate must cover (`Fleet::known_subjects`).
    pub https_name: Option<String>,
}

/// The database's `identifier` is the box's serial (saas-18.4+) or, on older boxes, its MAC: a
/// site matches when either of its identity fields is that value.
fn site_is_box(site: &Site, identifier: &str) -> bool {
    crate::sites::BoxIdentity::of_site(site).has_identifier(identifier)
}

/// Merges database boxes and local sites. Sites matched to no database box become rows of
/// their own; every row gets its status at `now`.
pub fn merge(
    reads: &[DbRead],
    sites: &[Site],
    now: OffsetDateTime,
    thresholds: &AlertThresholds,
) -> Vec<FleetRow> {
    let mut used = vec![false; sites.len()];
    let mut rows = Vec::new();
    for read in reads {
        for db_box in &read.boxes {
            let site = db_box.identifier.as_deref().and_then(|id| {
                let i = sites.iter().position(|s| site_is_box(s, id))?;
                used[i] = true;
                sites.get(i)
            });
            rows.push(row(Some((read, db_box)), site, now, thresholds));
        }
    }
    for (site, _) in sites.iter().zip(&used).filter(|(_, used)| !**used) {
        rows.push(row(None, Some(site), now, thresholds));
    }
    rows.sort_by(|a, b| {
        (a.database.is_none(), &a.database, &a.name).cmp(&(
            b.database.is_none(),
            &b.database,
            &b.name,
        ))
    });
    rows
}

fn row(
    db: Option<(&DbRead, &DbBox)>,
    site: Option<&Site>,
    now: OffsetDateTime,
    thresholds: &AlertThresholds,
) -> FleetRow {
    let db_end = db.and_then(|(_, b)| b.certificate_end_date.clone());
    let local_end = site.and_then(|s| s.certificate_end.clone());
    let stale = db_end
        .as_deref()
        .and_then(instant)
        .is_some_and(|d| site.is_some_and(|s| contradicts(s, d)));
    // A stale database date, and a local date of the certificate the box had not, count for
    // nothing: the box has no certificate.
    let db_at = db_end.as_deref().and_then(instant).filter(|_| !stale);
    let local_at = local_end.as_deref().and_then(instant).filter(|_| !stale);
    let (end, source) = match (db_at, local_at) {
        (Some(d), Some(l)) if l > d => (Some(l), Some(EndDateSource::LocalCheck)),
        (Some(d), _) => (Some(d), Some(EndDateSource::Database)),
        (None, Some(l)) => (Some(l), Some(EndDateSource::LocalCheck)),
        (None, None) => (None, None),
    };
    let dates_disagree =
        matches!((db_at, local_at), (Some(d), Some(l)) if (d - l).abs() > DISAGREE_AFTER);
    let state = match db {
        None => DbEndDate::NoDatabase,
        Some((read, _)) if !read.end_date_field => DbEndDate::NotInThisVersion,
        Some(_) if db_end.is_none() => DbEndDate::NotReported,
        Some(_) => DbEndDate::Reported,
    };
    let site_host = site.map(|s| {
        s.address
            .rsplit_once(':')
            .map_or(s.address.as_str(), |(h, _)| h)
            .trim_matches(['[', ']'])
            .to_owned()
    });
    FleetRow {
        database: db.map(|(r, _)| r.connection.database.clone()),
        name: db
            .map_or_else(
                || site.map(|s| s.name.clone()).unwrap_or_default(),
                |(_, b)| b.name.clone(),
            )
            .into(),
        identifier: db
            .and_then(|(_, b)| b.identifier.clone())
            .or_else(|| site.and_then(|s| s.identifier.clone())),
        ip: db.and_then(|(_, b)| b.ip.clone()).or(site_host),
        version: db.and_then(|(_, b)| b.version.clone()),
        certificate_end_date: end.and_then(|e| e.format(&Rfc3339).ok()),
        days_left: end.map(|e| i64::from(crate::validity::days_left(e, now))),
        status: match end {
            _ if stale => FleetStatus::NoCertificate,
            Some(e) => fleet_certificate_status(e, now, thresholds),
            None => FleetStatus::Unknown,
        },
        database_url: db.map(|(r, _)| r.connection.url.clone()),
        database_end_date: db_end,
        database_end_date_state: state,
        local_end_date: local_end,
        local_checked_at: site.and_then(|s| s.last_checked.clone()),
        end_date_source: source,
        dates_disagree,
        database_end_date_stale: stale,
        offer_local_check: dates_disagree
            || stale
            || (db.is_some() && state != DbEndDate::Reported),
        lifetime_days: end.map(assumed_lifetime_days),
        site_id: site.map(|s| s.id.clone()),
        site_name: site.map(|s| s.name.clone()),
        site_address: site.map(|s| s.address.clone()),
        use_lna: db.and_then(|(_, b)| b.use_lna),
        https_name: db.and_then(|(_, b)| b.https_name.clone()),
    }
}

/// What the box itself answered at the last local check that means "no certificate".
const NO_CERTIFICATE_CODES: [&str; 9] = [
    "CERT_TEMPORARY",
    "BOX_NO_CERTIFICATE_NO_CODE",
    "ERR_IOT_HTTPS_CHECK_CERT_READ_EXCEPTION",
    "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL",
    "ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION",
    "ERR_IOT_HTTPS_LOAD_REQUEST_STATUS",
    "ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT",
    "ERR_IOT_HTTPS_CHECK_NO_SERVER",
    "ODOO_COM_FILTERED",
];

/// The certificates a box gets last about 90 days (docs/protocol/certificate-states.md).
const ASSUMED_LIFETIME: time::Duration = time::Duration::days(90);

/// The site's last check found no certificate on the box, and the database's certificate
/// (ending at `db_end`) was issued before that check: the database's date is stale.
fn contradicts(site: &Site, db_end: OffsetDateTime) -> bool {
    let no_certificate = site
        .last_codes
        .iter()
        .any(|c| NO_CERTIFICATE_CODES.contains(&c.as_str()));
    let checked_at = site.last_checked.as_deref().and_then(instant);
    no_certificate && checked_at.is_some_and(|at| db_end - ASSUMED_LIFETIME < at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odoo_db::{DbConnection, OdooApi, ServerVersion};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    fn read(db: &str, end_date_field: bool, boxes: Vec<DbBox>) -> DbRead {
        DbRead {
            connection: DbConnection {
                url: format!("https://{db}.example"),
                database: db.into(),
                login: "tech".into(),
            },
            server_version: ServerVersion {
                label: "x".into(),
                major: 19,
                minor: 0,
            },
            api: OdooApi::Json2,
            end_date_field,
            boxes,
        }
    }

    fn db_box(name: &str, id: &str, end: Option<&str>) -> DbBox {
        DbBox {
            name: name.into(),
            identifier: Some(id.into()),
            ip: Some("10.0.0.5".into()),
            https_name: None,
            version: Some("25.10".into()),
            use_lna: None,
            certificate_end_date: end.map(str::to_owned),
        }
    }

    fn site(name: &str, id: &str, end: Option<&str>) -> Site {
        Site {
            id: format!("site-{name}"),
            name: name.into(),
            address: "127.0.0.9:8069".into(),
            identifier: Some(id.into()),
            certificate_end: end.map(str::to_owned),
            last_checked: Some("2026-11-30T10:00:00Z".into()),
            ..Site::default()
        }
    }

    #[test]
    fn an_older_box_listed_by_its_mac_matches_the_site_with_that_mac() {
        let mut local = site("till", "serial-1", None);
        local.identifier = None;
        local.mac = Some("B8:27:EB:01:02:03".into());
        assert!(site_is_box(&local, "b827eb010203"));
        assert!(site_is_box(&local, "b8-27-eb-01-02-03"));
        assert!(!site_is_box(&local, "b827eb010204"));
        assert!(!site_is_box(&local, ""));
        local.identifier = Some("serial-1".into());
        assert!(site_is_box(&local, " SERIAL-1 "));
    }

    #[test]
    fn merges_by_identifier_and_flags_disagreeing_dates() {
        let reads = [
            read(
                "bakery",
                true,
                vec![
                    db_box("Counter", "AA:BB:CC:00:11:22", Some("2026-12-05T09:00:00Z")),
                    db_box("Kitchen", "1000b", None),
                ],
            ),
            read("florist", false, vec![db_box("Till", "1000c", None)]),
        ];
        let sites = [
            site(
                "Bakery counter",
                "aa:bb:cc:00:11:22",
                Some("2027-02-20T09:00:00Z"),
            ),
            site("Garage", "9999", None),
        ];
        let rows = merge(&reads, &sites, NOW, &AlertThresholds::default());
        let names: Vec<_> = rows.iter().map(|r| r.name.exact()).collect();
        assert_eq!(names, ["Counter", "Kitchen", "Till", "Garage"]);

        let counter = &rows[0];
        assert_eq!(counter.site_name.as_deref(), Some("Bakery counter"));
        assert!(counter.dates_disagree && counter.offer_local_check);
        assert_eq!(counter.end_date_source, Some(EndDateSource::LocalCheck));
        assert_eq!(counter.days_left, Some(81));
        assert_eq!(counter.status, FleetStatus::Ok);

        let kitchen = &rows[1];
        assert_eq!(
            (kitchen.database_end_date_state, kitchen.status),
            (DbEndDate::NotReported, FleetStatus::Unknown)
        );
        assert!(kitchen.offer_local_check);
        let till = &rows[2];
        assert_eq!(till.database_end_date_state, DbEndDate::NotInThisVersion);
        assert!(till.offer_local_check);
        let garage = &rows[3];
        assert_eq!(
            (garage.database.as_deref(), garage.ip.as_deref()),
            (None, Some("127.0.0.9"))
        );
        assert_eq!(garage.database_end_date_state, DbEndDate::NoDatabase);
        assert!(!garage.offer_local_check);
    }

    #[test]
    fn the_database_date_alone_sets_days_left_and_status() {
        let reads = [read(
            "bakery",
            true,
            vec![db_box("Counter", "1000a", Some("2026-12-04T10:00:00Z"))],
        )];
        let rows = merge(&reads, &[], NOW, &AlertThresholds::default());
        assert_eq!(rows[0].days_left, Some(3));
        assert_eq!(rows[0].status, FleetStatus::RenewalOverdue);
        assert_eq!(rows[0].end_date_source, Some(EndDateSource::Database));
        assert!(!rows[0].dates_disagree && !rows[0].offer_local_check);
    }

    #[test]
    fn a_database_date_the_box_contradicts_is_stale_and_never_green() {
        // The database still says February (its date is never cleared); at the last local
        // check, after that certificate was issued, the box served its placeholder.
        let reads = [read(
            "bakery",
            true,
            vec![db_box("Counter", "1000a", Some("2027-02-20T09:00:00Z"))],
        )];
        let mut local = site("Bakery counter", "1000a", Some("2036-01-01T00:00:00Z"));
        local.last_codes = vec!["BOX_NO_CERTIFICATE_NO_CODE".into(), "CERT_TEMPORARY".into()];
        let rows = merge(&reads, &[local.clone()], NOW, &AlertThresholds::default());
        let counter = &rows[0];
        assert!(counter.database_end_date_stale);
        assert_eq!(counter.status, FleetStatus::NoCertificate);
        assert!(counter.status.needs_action());
        assert_eq!((counter.days_left, counter.end_date_source), (None, None));
        assert!(counter.offer_local_check);
        assert_eq!(
            counter.database_end_date.as_deref(),
            Some("2027-02-20T09:00:00Z"),
            "shown, as stale"
        );

        // A check from before that certificate was issued says nothing about it.
        local.last_checked = Some("2026-10-01T10:00:00Z".into());
        let rows = merge(&reads, &[local.clone()], NOW, &AlertThresholds::default());
        assert!(!rows[0].database_end_date_stale);
        assert_ne!(rows[0].status, FleetStatus::NoCertificate);

        // A check that found a certificate leaves the database's date alone.
        local.last_checked = Some("2026-11-30T10:00:00Z".into());
        local.last_codes = vec!["DNS_REBIND_FILTERED".into()];
        local.certificate_end = Some("2027-02-20T09:00:00Z".into());
        let rows = merge(&reads, &[local], NOW, &AlertThresholds::default());
        assert_eq!(rows[0].status, FleetStatus::Ok);
    }
}
