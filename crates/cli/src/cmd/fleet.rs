//! `iot-https fleet [--odoo URL --db NAME --login USER]... [--api auto|json2|jsonrpc]
//! [--sites FILE] [--fleet FILE] [--at RFC3339] [--json] [--csv FILE]`: every IoT box of every
//! customer database (the given ones, else the window's `fleet.json`), merged with the saved
//! sites, with certificate end dates and alert statuses (`iot_https_app::fleet`).
//!
//! Exit: 0 every box fine, 1 a box needs action (renewal overdue or expired), 2 a usage error
//! or a database that could not be read (that wins: a monitor must notice a blind spot).

use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::fleet::{CheckRequest, Databases};
use iot_https_app::types::{ApiChoice, DbConnection};
use iot_https_app::Session;
use iot_https_core::findings::evidence::fill;
use iot_https_core::findings::report_label;
use iot_https_core::fleet::{self, to_csv, DbEndDate, Fleet, FleetRow, FleetStatus};
use iot_https_core::safe_text::{command_ip, one_line};
use iot_https_core::sites::{default_path, SiteStore};

use iot_https_core::{NetPolicy, WireError};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::keys;
use crate::output::{
    fail, print_json, say, tell, usage, EXIT_ACTION_NEEDED, EXIT_USAGE_OR_UNREACHABLE,
};
use crate::words::says;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Api {
    Auto,
    Json2,
    Jsonrpc,
}

#[derive(clap::Args)]
pub struct Args {
    /// An Odoo server, e.g. https://shop.odoo.com; repeatable, paired in order with --db and --login.
    #[arg(long = "odoo", value_name = "URL")]
    odoo: Vec<String>,
    /// The database name on that server.
    #[arg(long = "db", value_name = "NAME")]
    db: Vec<String>,
    /// The login whose API key reads the boxes.
    #[arg(long = "login", value_name = "USER")]
    login: Vec<String>,
    /// Which external API to use (default: JSON-2 on 19+, /jsonrpc before).
    #[arg(long, value_enum, default_value = "auto")]
    api: Api,
    /// The sites file to merge with (default: the window's).
    #[arg(long, value_name = "FILE")]
    sites: Option<PathBuf>,
    /// The fleet settings (default: the window's `fleet.json`): its databases when no --odoo is
    /// given, and its alert thresholds.
    #[arg(long, value_name = "FILE")]
    fleet: Option<PathBuf>,
    /// Judge end dates at this instant instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// Print one JSON object: the boxes (one object each) and the databases read.
    #[arg(long)]
    json: bool,
    /// Also write the fleet as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

pub async fn run(args: Args) -> ExitCode {
    let (n, json) = (args.odoo.len(), args.json);
    if args.db.len() != n || args.login.len() != n {
        return usage(
            format!(
                "--odoo, --db, --login: {}",
                says(
                    "usage.odooTriples",
                    &[
                        ("odoo", &n.to_string()),
                        ("db", &args.db.len().to_string()),
                        ("login", &args.login.len().to_string()),
                    ],
                )
            ),
            json,
        );
    }
    let now = match &args.at {
        None => OffsetDateTime::now_utc(),
        Some(text) => match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(t) => t,
            Err(e) => {
                return usage(
                    format!(
                        "--at: {}",
                        says(
                            "usage.notInstant",
                            &[("text", text), ("error", &e.to_string())],
                        )
                    ),
                    json,
                )
            }
        },
    };
    let Some(sites) = args.sites.clone().or_else(default_path) else {
        return usage("--sites FILE", json);
    };
    let Some(fleet_file) = args.fleet.clone().or_else(fleet::default_path) else {
        return usage("--fleet FILE", json);
    };
    let session =
        Session::new(NetPolicy::from_env(), SiteStore::new(sites)).with_fleet_file(fleet_file);
    // Databases on the command line, else the window's (`fleet.json`).
    let databases = if n == 0 {
        Databases::Saved
    } else {
        Databases::Given(
            (0..n)
                .map(|i| DbConnection {
                    url: args.odoo[i].clone(),
                    database: args.db[i].clone(),
                    login: args.login[i].clone(),
                })
                .collect(),
        )
    };
    let request = CheckRequest {
        databases,
        api: match args.api {
            Api::Auto => ApiChoice::Auto,
            Api::Json2 => ApiChoice::Json2,
            Api::Jsonrpc => ApiChoice::JsonRpc,
        },
        now,
        strict: true,
        given_keys: &keys::from_environment,
    };
    let checked = match session
        .fleet
        .check(&session.sites, session.policy, request)
        .await
    {
        Ok(checked) => checked,
        Err(e) => return fail(e, json),
    };
    for warning in &checked.warnings {
        tell(&says("warning", &[("text", &one_line(warning))]));
    }
    let fleet = checked.fleet;
    if fleet.sources.is_empty() && fleet.rows.is_empty() {
        return fail(
            WireError::new(iot_https_core::ErrorCode::FleetNothingToCheck, None),
            json,
        );
    }
    if let Some(path) = &args.csv {
        if let Err(e) = std::fs::write(path, to_csv(&fleet.rows)) {
            return fail(
                WireError::new(
                    iot_https_core::ErrorCode::FleetExportFailed,
                    Some(format!("{}: {e}", path.display())),
                ),
                json,
            );
        }
    }
    if json {
        print_json(&serde_json::json!({
            "checkedAt": fleet.checked_at,
            "boxes": fleet.rows,
            "databases": fleet.sources,
        }));
    } else {
        print_lines(&fleet);
    }
    ExitCode::from(if fleet.any_source_failed() {
        EXIT_USAGE_OR_UNREACHABLE
    } else if fleet.any_needs_action() {
        EXIT_ACTION_NEEDED
    } else {
        0
    })
}

fn status_word(status: FleetStatus) -> &'static str {
    match status {
        FleetStatus::Ok => "ok",
        FleetStatus::DueSoon => "due-soon",
        FleetStatus::RenewalOverdue => "renewal-overdue",
        FleetStatus::Expired => "expired",
        FleetStatus::Unknown => "unknown",
        FleetStatus::NoCertificate => "no-certificate",
    }
}

/// A catalogue label of the fleet table in `lang`, with `{name}` arguments filled in.
fn label(key: &str, lang: &str, args: &[(&str, &str)]) -> String {
    let args = args
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    fill(report_label(key, lang), &args)
}

/// What to do about a box without a usable end date. The suggested command holds the box's
/// IP only when the database reported a real IP address: anything else (`127.0.60.6; rm -rf ~`)
/// would be pasted into a shell, so a placeholder stands in for it.
fn note(row: &FleetRow, lang: &str) -> String {
    let day = |d: &Option<String>| {
        d.as_deref()
            .map(|t| one_line(t.get(..10).unwrap_or(t)).into_owned())
            .unwrap_or_default()
    };
    let local_check = || {
        let ip = row
            .ip
            .as_deref()
            .and_then(command_ip)
            .unwrap_or_else(|| report_label("fleet.ipPlaceholder", lang).to_owned());
        label(
            "fleet.localCheck",
            lang,
            &[("command", &format!("iot-https diagnose {ip}"))],
        )
    };
    if row.database_end_date_stale {
        let date = day(&row.database_end_date);
        return label("fleet.databaseDateStale", lang, &[("date", &date)]);
    }
    if row.dates_disagree {
        return label(
            "fleet.datesDisagree",
            lang,
            &[
                ("database", &day(&row.database_end_date)),
                ("local", &day(&row.local_end_date)),
            ],
        );
    }
    match row.database_end_date_state {
        DbEndDate::NotInThisVersion if row.local_end_date.is_none() => label(
            "fleet.noEndDateInVersion",
            lang,
            &[("check", &local_check())],
        ),
        DbEndDate::NotReported if row.local_end_date.is_none() => {
            label("fleet.notReported", lang, &[("check", &local_check())])
        }
        DbEndDate::NoDatabase => label("fleet.localOnly", lang, &[]),
        _ => String::new(),
    }
}

/// One padded cell: the value on one inert line (names, identifiers and IPs are the database's
/// words), cut to the column's width so a long name cannot shift the columns after it.
fn cell(value: &str, width: usize) -> String {
    let clean = one_line(value);
    let shown: String = if clean.chars().count() > width {
        clean.chars().take(width - 1).chain(['…']).collect()
    } else {
        clean.into_owned()
    };
    format!("{shown:<width$}")
}

/// The widest each column but the last (the note) may grow.
const MAX_WIDTHS: [usize; 7] = [15, 24, 24, 24, 39, 16, 6];

fn table_line(cells: &[String; 8], widths: &[usize; 7]) -> String {
    let mut line = String::new();
    for (i, width) in widths.iter().enumerate() {
        if i == 6 {
            // Days are right-aligned, as numbers.
            line.push_str(&format!(
                "{:>width$}  ",
                cell(cells[i].trim(), *width).trim_end()
            ));
        } else {
            line.push_str(&cell(&cells[i], *width));
            line.push(' ');
        }
    }
    line.push_str(&one_line(&cells[7]));
    line.trim_end().to_owned()
}

/// A heading line (in the user's language), then one line per box, for people and for `grep`;
/// database failures go to stderr.
fn print_lines(fleet: &Fleet) {
    let lang = crate::render::language();
    let heading = |key: &str| report_label(key, lang).to_owned();
    let mut table = vec![[
        heading("fleet.status"),
        heading("fleet.database"),
        heading("fleet.name"),
        heading("fleet.identifier"),
        heading("fleet.ip"),
        heading("fleet.endDate"),
        heading("fleet.daysLeft"),
        heading("fleet.note"),
    ]];
    for row in &fleet.rows {
        let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let end = row
            .certificate_end_date
            .as_deref()
            .map_or("-", |e| e.get(..10).unwrap_or(e));
        table.push([
            status_word(row.status).to_owned(),
            dash(&row.database),
            row.name.terminal().into_owned(),
            dash(&row.identifier),
            // Only a real IP address; the JSON and the CSV keep what the database said.
            row.ip
                .as_deref()
                .map_or_else(|| "-".to_owned(), |ip| command_ip(ip).unwrap_or("?".into())),
            end.to_owned(),
            row.days_left
                .map_or_else(|| "-".to_owned(), |d| d.to_string()),
            note(row, lang),
        ]);
    }
    // As wide as the heading, and as the widest value up to the column's limit.
    let mut widths = [0; 7];
    for (i, width) in widths.iter_mut().enumerate() {
        let chars = |r: &[String; 8]| one_line(&r[i]).chars().count();
        let widest = table[1..].iter().map(chars).max().unwrap_or(0);
        *width = widest.min(MAX_WIDTHS[i]).max(chars(&table[0]));
    }
    for cells in &table {
        say(&table_line(cells, &widths));
    }
    for source in &fleet.sources {
        if let Some(error) = &source.error {
            tell(&format!(
                "error [{}] {}",
                error.code,
                label(
                    "fleet.sourceError",
                    lang,
                    &[
                        ("database", &one_line(&source.connection.database)),
                        ("message", &one_line(&error.render(lang))),
                    ],
                )
            ));
        }
    }
}
