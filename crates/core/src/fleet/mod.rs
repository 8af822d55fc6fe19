//! One fleet: every box of every customer database, merged with the local sites, with alert
//! statuses and exports. The window's Databases part and `iot-https fleet` both call
//! [`check_fleet`]; keys come in from the keyring (or the environment), never from here.
//! [`check_sites`] (`site_check`) diagnoses the saved sites themselves: `iot-https check-all`
//! and the window's "Check all".

mod changes;
mod export;
mod merge;
mod names;
mod site_check;
mod store;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub use crate::validity::{
    assumed_lifetime_days, fleet_certificate_status, AlertThresholds, FleetStatus,
};
pub use changes::{new_alerts, FleetAlert, FleetAlertKind};
pub use export::{to_csv, to_json};
pub use merge::{merge, DbEndDate, EndDateSource, FleetRow};
pub use site_check::{check_sites, countdowns, FleetCheck, FleetEvent, FleetResult};
pub use store::{default_path, FleetSettings, FleetStore, FleetStoreError};

use crate::diagnose::KnownSubject;
use crate::net_policy::NetPolicy;
use crate::odoo_db::{read_database, ApiChoice, DbConnection, DbRead, OdooApi, ServerVersion};
use crate::secret::Secret;
use crate::sites::Site;
use crate::wire::WireError;

/// How reading one database went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SourceState {
    pub connection: DbConnection,
    pub server_version: Option<ServerVersion>,
    pub api: Option<OdooApi>,
    pub box_count: usize,
    pub end_date_field: bool,
    pub error: Option<WireError>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Fleet {
    pub checked_at: String,
    pub rows: Vec<FleetRow>,
    pub sources: Vec<SourceState>,
}

impl Fleet {
    pub fn any_source_failed(&self) -> bool {
        self.sources.iter().any(|s| s.error.is_some())
    }

    pub fn any_needs_action(&self) -> bool {
        self.rows.iter().any(|r| r.status.needs_action())
    }

    /// The database's `use_lna` for the box with this identifier (serial or MAC), else at
    /// this address; `None` when no database row says.
    pub fn use_lna_of(&self, identifiers: &[&str], ip: &str) -> Option<bool> {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let by_id = self.rows.iter().find(|r| {
            r.identifier
                .as_deref()
                .is_some_and(|id| identifiers.iter().any(|want| same(id, want)))
        });
        by_id
            .or_else(|| {
                self.rows
                    .iter()
                    .find(|r| r.database.is_some() && r.ip.as_deref() == Some(ip))
            })
            .and_then(|r| r.use_lna)
    }
}

impl Fleet {
    /// The certificate subject of every database box that reported its HTTPS name, each for the
    /// box with the record's identifier only (the expected name of a later diagnosis of that
    /// box: `DiagnoseOptions::known_subjects`); none for a box whose records disagree
    /// (`names`).
    pub fn known_subjects(&self) -> Vec<KnownSubject> {
        names::database_subjects(
            self.rows
                .iter()
                .filter(|r| r.database.is_some())
                .filter_map(|r| Some((r.identifier.as_deref()?, r.https_name.as_deref()?))),
        )
    }
}

/// Reads every database at once and merges them with `sites`.
pub async fn check_fleet(
    databases: Vec<(DbConnection, Secret)>,
    sites: &[Site],
    policy: NetPolicy,
    choice: ApiChoice,
    now: OffsetDateTime,
    thresholds: &AlertThresholds,
) -> Fleet {
    let tasks: Vec<_> = databases
        .into_iter()
        .map(|(conn, key)| {
            tokio::spawn(async move {
                let result = read_database(&conn, &key, policy, choice).await;
                (conn, result)
            })
        })
        .collect();
    let mut reads: Vec<DbRead> = Vec::new();
    let mut sources = Vec::new();
    for task in tasks {
        let Ok((conn, result)) = task.await else {
            continue;
        };
        sources.push(match result {
            Ok(read) => {
                let state = SourceState {
                    connection: conn,
                    server_version: Some(read.server_version.clone()),
                    api: Some(read.api),
                    box_count: read.boxes.len(),
                    end_date_field: read.end_date_field,
                    error: None,
                };
                reads.push(read);
                state
            }
            Err(e) => SourceState {
                connection: conn,
                server_version: None,
                api: None,
                box_count: 0,
                end_date_field: false,
                error: Some(e.into()),
            },
        });
    }
    Fleet {
        checked_at: now.format(&Rfc3339).unwrap_or_default(),
        rows: merge(&reads, sites, now, thresholds),
        sources,
    }
}
