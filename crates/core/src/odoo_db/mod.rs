//! Odoo databases as a source of IoT boxes: every box of every customer, read through Odoo's
//! external API, with no need to stand on the shop's LAN.
//!
//! A connection is a URL, a database name and a login; its API key is a [`Secret`] that the
//! window and the CLI keep in the OS keyring and pass in, never stored here, never in a message.
//! Modules: `endpoint` (the pinned, policy-checked HTTPS client), `detect` (which Odoo, which
//! API), `jsonrpc` and `json2` (the two wire formats), `read` (authenticate, `fields_get`,
//! `search_read` of `iot.box`), `records` (strict row parsing), `error` (typed failures, each a
//! catalogue finding). Odoo sources: see `docs/fleet-odoo-api.md`.

mod bad_answer;
mod detect;
mod endpoint;
mod error;
mod json2;
mod jsonrpc;
mod not_odoo;
mod read;
mod records;

use serde::{Deserialize, Serialize};

pub use bad_answer::BadAnswerReason;
pub use detect::{ApiChoice, OdooApi, ServerVersion};
pub use endpoint::parse_url;
pub use error::{OdooDbError, UrlProblem};
pub use not_odoo::NotOdooReason;
pub use records::{instant, odoo_datetime, DbBox};

use crate::net_policy::NetPolicy;
use crate::secret::Secret;

/// A database the technician added. No key: that lives in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DbConnection {
    /// `https://shop.odoo.com` (a path prefix is kept for servers behind a proxy).
    pub url: String,
    pub database: String,
    pub login: String,
}

impl DbConnection {
    /// The keyring entry name of this connection's API key: one key per server, database and
    /// login, so a key is never offered to another database.
    pub fn key_id(&self) -> String {
        let url = parse_url(&self.url).map_or_else(|_| self.url.clone(), |u| u.to_string());
        format!(
            "{}|{}|{}",
            url.trim_end_matches('/'),
            self.database,
            self.login
        )
    }
}

/// What one database said about its boxes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DbRead {
    pub connection: DbConnection,
    pub server_version: ServerVersion,
    pub api: OdooApi,
    /// The database has `iot.box.ssl_certificate_end_date` (18.3+). Without it no box has an
    /// end date there, and only a local check can tell.
    pub end_date_field: bool,
    pub boxes: Vec<DbBox>,
}

/// Connects, finds out the version and API, and reads every `iot.box`.
pub async fn read_database(
    conn: &DbConnection,
    key: &Secret,
    policy: NetPolicy,
    choice: ApiChoice,
) -> Result<DbRead, OdooDbError> {
    if key.is_empty() {
        return Err(OdooDbError::ApiKeyMissing {
            database: conn.database.clone(),
            login: conn.login.clone(),
        });
    }
    let ep = endpoint::DbEndpoint::connect(&conn.url, policy).await?;
    let server_version = detect::detect(&ep).await?;
    let api = detect::choose(choice, &server_version);
    let found = match api {
        OdooApi::Json2 => read::over_json2(&ep, conn, key, &server_version).await?,
        OdooApi::JsonRpc => read::over_jsonrpc(&ep, conn, key, &server_version).await?,
    };
    Ok(DbRead {
        connection: conn.clone(),
        server_version,
        api,
        end_date_field: found.end_date_field,
        boxes: found.boxes,
    })
}
