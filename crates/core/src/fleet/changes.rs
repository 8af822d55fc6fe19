//! What changed between two scheduled checks that deserves a desktop notification: a box that
//! crossed into an action status (renewal overdue, expired, or no certificate although the
//! database still shows an end date), a box its database no longer
//! lists, and a database that stopped answering. Each alert is raised once, on the crossing,
//! not on every check while the state lasts.

use serde::Serialize;

use super::merge::FleetRow;
use super::Fleet;
use super::FleetStatus;
use crate::findings::FindingCode;
use crate::safe_text::{self, Foreign};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum FleetAlertKind {
    /// Catalogue code `FLEET_RENEWAL_OVERDUE`.
    RenewalOverdue,
    /// `FLEET_CERTIFICATE_EXPIRED`.
    Expired,
    /// `FLEET_NO_CERTIFICATE`: the box's own answer contradicts the database's end date.
    NoCertificate,
    /// `FLEET_BOX_STOPPED_REPORTING`: the database no longer lists the box.
    BoxStoppedReporting,
    /// `FLEET_DATABASE_STOPPED_ANSWERING`.
    DatabaseStoppedAnswering,
}

impl FleetAlertKind {
    pub fn code(self) -> FindingCode {
        match self {
            Self::RenewalOverdue => FindingCode::FleetRenewalOverdue,
            Self::Expired => FindingCode::FleetCertificateExpired,
            Self::NoCertificate => FindingCode::FleetNoCertificate,
            Self::BoxStoppedReporting => FindingCode::FleetBoxStoppedReporting,
            Self::DatabaseStoppedAnswering => FindingCode::FleetDatabaseStoppedAnswering,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FleetAlert {
    pub kind: FleetAlertKind,
    pub database: Option<String>,
    /// The box's name; `None` for a database-wide alert.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub name: Option<Foreign>,
    pub days_left: Option<i64>,
}

impl FleetAlert {
    /// The desktop notification's title and body in `lang` (catalogue texts, English
    /// fallback). The box and database names are other people's text: the body goes through
    /// `safe_text::notification_body` as a whole (markup-escaped where notifications read
    /// markup), the title is catalogue text on one line. The only way to an alert's text.
    pub fn notification(&self, lang: &str) -> (String, String) {
        let Some(t) = crate::findings::texts(self.kind.code().as_str(), lang) else {
            return (self.kind.code().to_string(), String::new());
        };
        let args = [
            (
                "box",
                self.name.as_ref().map_or("-", Foreign::exact).to_owned(),
            ),
            (
                "database",
                self.database.as_deref().unwrap_or("-").to_owned(),
            ),
            (
                "days",
                self.days_left.map_or_else(|| "-".into(), |d| d.to_string()),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        // `fill_in`: "{days, plural, …}" takes the language's form ("1 jour restant").
        let body = crate::findings::evidence::fill_in(&t.explanation, &args, lang);
        (
            safe_text::one_line(&t.title).into_owned(),
            safe_text::notification_body(&body),
        )
    }
}

fn same_box(a: &FleetRow, b: &FleetRow) -> bool {
    a.database == b.database
        && match (&a.identifier, &b.identifier) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => a.name == b.name,
        }
}

fn source_ok(fleet: &Fleet, database: &str) -> Option<bool> {
    fleet
        .sources
        .iter()
        .find(|s| s.connection.database == database)
        .map(|s| s.error.is_none())
}

/// The alerts of `current` given the `previous` check (`None` on the first check, when every
/// box already past a threshold is reported once).
pub fn new_alerts(previous: Option<&Fleet>, current: &Fleet) -> Vec<FleetAlert> {
    let mut alerts = Vec::new();
    for row in &current.rows {
        let kind = match row.status {
            FleetStatus::RenewalOverdue => FleetAlertKind::RenewalOverdue,
            FleetStatus::Expired => FleetAlertKind::Expired,
            FleetStatus::NoCertificate => FleetAlertKind::NoCertificate,
            _ => continue,
        };
        let before = previous.and_then(|p| p.rows.iter().find(|r| same_box(r, row)));
        if before.is_some_and(|b| b.status == row.status) {
            continue;
        }
        alerts.push(FleetAlert {
            kind,
            database: row.database.clone(),
            name: Some(row.name.clone()),
            days_left: row.days_left,
        });
    }
    let Some(previous) = previous else {
        return alerts;
    };
    for source in &current.sources {
        let db = &source.connection.database;
        if source.error.is_some() && source_ok(previous, db) == Some(true) {
            alerts.push(FleetAlert {
                kind: FleetAlertKind::DatabaseStoppedAnswering,
                database: Some(db.clone()),
                name: None,
                days_left: None,
            });
        }
    }
    for gone in previous.rows.iter().filter(|r| {
        r.database
            .as_deref()
            .is_some_and(|db| source_ok(current, db) == Some(true))
            && !current.rows.iter().any(|c| same_box(c, r))
    }) {
        alerts.push(FleetAlert {
            kind: FleetAlertKind::BoxStoppedReporting,
            database: gone.database.clone(),
            name: Some(gone.name.clone()),
            days_left: None,
        });
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::merge::DbEndDate;
    use crate::fleet::SourceState;
    use crate::odoo_db::DbConnection;
    use crate::wire::WireError;

    fn row(db: &str, name: &str, status: FleetStatus) -> FleetRow {
        FleetRow {
            database: Some(db.into()),
            name: name.into(),
            identifier: Some(format!("id-{name}")),
            ip: None,
            version: None,
            certificate_end_date: None,
            days_left: Some(3),
            status,
            database_url: None,
            database_end_date: None,
            database_end_date_state: DbEndDate::Reported,
            local_end_date: None,
            local_checked_at: None,
            end_date_source: None,
            dates_disagree: false,
            database_end_date_stale: false,
            offer_local_check: false,
            lifetime_days: None,
            site_id: None,
            site_name: None,
            site_address: None,
            use_lna: None,
            https_name: None,
        }
    }

    fn fleet(rows: Vec<FleetRow>, failed: &[&str]) -> Fleet {
        let source = |db: &str| SourceState {
            connection: DbConnection {
                url: "https://x.example".into(),
                database: db.into(),
                login: "tech".into(),
            },
            server_version: None,
            api: None,
            box_count: 0,
            end_date_field: true,
            error: failed
                .contains(&db)
                .then(|| WireError::new(crate::ErrorCode::OdooUnreachable, None)),
        };
        Fleet {
            checked_at: String::new(),
            rows,
            sources: vec![source("bakery"), source("florist")],
        }
    }

    #[test]
    fn a_threshold_crossing_alerts_once() {
        let before = fleet(vec![row("bakery", "Counter", FleetStatus::DueSoon)], &[]);
        let after = fleet(
            vec![row("bakery", "Counter", FleetStatus::RenewalOverdue)],
            &[],
        );
        let alerts = new_alerts(Some(&before), &after);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].kind.code(), FindingCode::FleetRenewalOverdue);
        assert!(
            new_alerts(Some(&after), &after).is_empty(),
            "no repeat while it lasts"
        );
        let expired = fleet(vec![row("bakery", "Counter", FleetStatus::Expired)], &[]);
        assert_eq!(
            new_alerts(Some(&after), &expired)[0].kind,
            FleetAlertKind::Expired
        );
        assert_eq!(new_alerts(None, &after).len(), 1, "first check reports it");
        let (title, body) = alerts[0].notification("nl");
        assert_eq!(title, "Certificaat van IoT Box niet vernieuwd");
        assert!(body.starts_with("Counter (bakery): nog 3 dagen."), "{body}");
    }

    /// A box whose last local check found no certificate, while its database still shows an
    /// end date (merge's `NoCertificate`), alerts once between two checks: the fleet would
    /// otherwise stay silent for a box that lost its certificate (audit-2 N8).
    #[test]
    fn a_box_that_lost_its_certificate_alerts_once() {
        let before = fleet(vec![row("bakery", "Counter", FleetStatus::Ok)], &[]);
        let mut lost = row("bakery", "Counter", FleetStatus::NoCertificate);
        lost.days_left = None;
        let after = fleet(vec![lost], &[]);
        let alerts = new_alerts(Some(&before), &after);
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert_eq!(alerts[0].kind, FleetAlertKind::NoCertificate);
        assert_eq!(alerts[0].kind.code(), FindingCode::FleetNoCertificate);
        assert!(new_alerts(Some(&after), &after).is_empty(), "no repeat");
        for lang in crate::findings::languages() {
            let (title, body) = alerts[0].notification(lang);
            assert!(
                !title.is_empty() && title != "FLEET_NO_CERTIFICATE",
                "{lang}"
            );
            assert!(body.starts_with("Counter (bakery)"), "{lang}: {body}");
        }
        let (title, _) = alerts[0].notification("de");
        assert_eq!(title, "IoT-Box ohne Zertifikat");
    }

    /// "{days} days left" is counted by the language's plural rule, in the notification too.
    #[test]
    fn days_left_are_counted_by_the_language() {
        let mut alert = new_alerts(
            None,
            &fleet(
                vec![row("bakery", "Counter", FleetStatus::RenewalOverdue)],
                &[],
            ),
        )
        .remove(0);
        let body = |alert: &FleetAlert, lang| alert.notification(lang).1;
        alert.days_left = Some(1);
        assert!(
            body(&alert, "fr").contains("1 jour restant."),
            "{}",
            body(&alert, "fr")
        );
        assert!(
            body(&alert, "en").contains(": 1 day left."),
            "{}",
            body(&alert, "en")
        );
        assert!(
            body(&alert, "de").contains("noch 1 Tag."),
            "{}",
            body(&alert, "de")
        );
        assert!(
            body(&alert, "es").contains("queda 1 día."),
            "{}",
            body(&alert, "es")
        );
        alert.days_left = Some(0);
        assert!(
            body(&alert, "fr").contains("0 jour restant."),
            "{}",
            body(&alert, "fr")
        );
        assert!(
            body(&alert, "nl").contains("nog 0 dagen."),
            "{}",
            body(&alert, "nl")
        );
    }

    /// A hostile name in a notification: markup-escaped (notification-daemon blanks an alert
    /// whose markup is invalid), no control, bidi, zero-width or tag character, one line.
    #[test]
    fn a_hostile_name_cannot_break_the_notification() {
        let evil = "Fish & <b>Chips</b>\u{1b}[31m\u{202e}\u{200b}\u{e0041}\nforged";
        let mut r = row("bakery & co <i>", evil, FleetStatus::Expired);
        r.days_left = Some(-2);
        for lang in crate::findings::languages() {
            let alert = &new_alerts(None, &fleet(vec![r.clone()], &[]))[0];
            let (title, body) = alert.notification(lang);
            for text in [&title, &body] {
                assert!(
                    crate::safe_text::is_inert(text) && !text.contains('\n'),
                    "{lang}: {text:?}"
                );
            }
            if !crate::safe_text::NOTIFICATION_MARKUP {
                // Windows toasts and macOS show plain text (Windows sets it as inner text).
                assert!(body.contains("Fish & <b>Chips</b>␛[31m"), "{lang}: {body}");
                continue;
            }
            assert!(!body.contains('<') && !body.contains('>'), "{lang}: {body}");
            assert!(
                body.contains("Fish &amp; &lt;b&gt;Chips&lt;/b&gt;␛[31m"),
                "{lang}: {body}"
            );
            assert!(body.contains("bakery &amp; co &lt;i&gt;"), "{lang}: {body}");
            // Every `&` starts an entity: valid markup whatever the catalogue text holds.
            for (i, _) in body.match_indices('&') {
                let rest = &body[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;"]
                        .iter()
                        .any(|e| rest.starts_with(e)),
                    "{lang}: {body}"
                );
            }
        }
    }

    #[test]
    fn boxes_and_databases_that_stop_reporting_alert() {
        let before = fleet(
            vec![
                row("bakery", "Counter", FleetStatus::Ok),
                row("florist", "Till", FleetStatus::Ok),
            ],
            &[],
        );
        // bakery lists no Counter any more; florist stopped answering (its boxes are unknown,
        // which is the database alert, not one per box).
        let after = fleet(vec![], &["florist"]);
        let kinds: Vec<_> = new_alerts(Some(&before), &after)
            .into_iter()
            .map(|a| (a.kind, a.database.unwrap_or_default(), a.name))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    FleetAlertKind::DatabaseStoppedAnswering,
                    "florist".to_owned(),
                    None
                ),
                (
                    FleetAlertKind::BoxStoppedReporting,
                    "bakery".to_owned(),
                    Some(Foreign::from("Counter"))
                ),
            ]
        );
    }
}
