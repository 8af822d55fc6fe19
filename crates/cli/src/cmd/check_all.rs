//! `iot-https check-all [--sites FILE] [--concurrency N] [--json]`: diagnose every saved site
//! at once (the window's "Check all"), record the results in the same sites file, and list
//! certificate end dates with a countdown.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use iot_https_core::diagnose::{diagnose, DiagnoseOptions, Verdict};
use iot_https_core::safe_text::one_line;
use iot_https_core::sites::{default_path, Site, SiteStore};
use iot_https_core::{BoxAddress, NetPolicy, WireError};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::sync::Semaphore;

use crate::output::{fail, print_json, EXIT_ACTION_NEEDED, EXIT_USAGE_OR_UNREACHABLE};

/// Each check holds a few sockets and runs the DNS, TLS and box reads of one diagnosis; more
/// than this gains nothing on a shop LAN and runs into the open-file limit.
pub const MAX_CONCURRENCY: i64 = 32;

#[derive(clap::Args)]
pub struct Args {
    /// The sites file (default: the window's, in the app data folder).
    #[arg(long, value_name = "FILE")]
    sites: Option<PathBuf>,
    /// How many boxes to check at once (1 to 32).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=MAX_CONCURRENCY))]
    concurrency: u16,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    site: Site,
    verdict: Option<Verdict>,
    days_left: Option<i64>,
    codes: Vec<String>,
    error: Option<WireError>,
}

pub async fn run(args: Args) -> ExitCode {
    let Some(path) = args.sites.clone().or_else(default_path) else {
        return fail(
            WireError::new(
                "SITES_STORE_FAILED",
                "No data folder on this system: pass --sites FILE.",
                None,
            ),
            args.json,
        );
    };
    let store = SiteStore::new(path);
    let view = match store.load() {
        Ok(view) => view,
        Err(e) => {
            return fail(
                WireError::new(
                    "SITES_STORE_FAILED",
                    "The sites file could not be read.",
                    Some(e.to_string()),
                ),
                args.json,
            )
        }
    };
    if let Some(warning) = &view.warning {
        eprintln!("warning: {}", one_line(&warning.to_string()));
    }
    let now = OffsetDateTime::now_utc();
    let opts = Arc::new(DiagnoseOptions::from_env(now));
    let limit = Arc::new(Semaphore::new(usize::from(args.concurrency)));
    let tasks: Vec<_> = view
        .sites
        .into_iter()
        .map(|site| {
            let (opts, limit, store) = (opts.clone(), limit.clone(), store.clone());
            tokio::spawn(async move {
                let _permit = limit.acquire_owned().await;
                check(site, &opts, &store, now).await
            })
        })
        .collect();
    let mut rows = Vec::new();
    for task in tasks {
        if let Ok(row) = task.await {
            rows.push(row);
        }
    }
    if args.json {
        print_json(
            &serde_json::json!({ "sites": rows, "checkedAt": now.format(&Rfc3339).unwrap_or_default() }),
        );
    } else {
        print_table(&rows);
    }
    let exit = if rows.is_empty()
        || rows
            .iter()
            .all(|r| r.verdict.is_none() || r.verdict == Some(Verdict::Unreachable))
    {
        EXIT_USAGE_OR_UNREACHABLE
    } else if rows.iter().any(|r| r.verdict != Some(Verdict::Healthy)) {
        EXIT_ACTION_NEEDED
    } else {
        0
    };
    ExitCode::from(exit)
}

async fn check(site: Site, opts: &DiagnoseOptions, store: &SiteStore, now: OffsetDateTime) -> Row {
    let address = match BoxAddress::parse(&site.address) {
        Ok(a) => a,
        Err(e) => {
            return Row {
                site,
                verdict: None,
                days_left: None,
                codes: vec![],
                error: Some(e.into()),
            }
        }
    };
    match diagnose(&address, NetPolicy::from_env(), opts).await {
        Ok(d) => {
            let site = store
                .record(Some(&site.id), &d)
                .ok()
                .flatten()
                .unwrap_or(site);
            let days_left = site
                .certificate_end
                .as_deref()
                .and_then(|end| OffsetDateTime::parse(end, &Rfc3339).ok())
                .map(|end| (end - now).whole_days());
            Row {
                codes: site.last_codes.clone(),
                site,
                verdict: Some(d.verdict),
                days_left,
                error: None,
            }
        }
        Err(e) => Row {
            site,
            verdict: None,
            days_left: None,
            codes: vec![],
            error: Some(e.into()),
        },
    }
}

fn print_table(rows: &[Row]) {
    if rows.is_empty() {
        println!("No saved sites yet: add them in the window (Sites).");
        return;
    }
    println!(
        "{:<24} {:<22} {:<14} {:<12} {:>9}  problems",
        "site", "address", "verdict", "cert ends", "days left"
    );
    for r in rows {
        let verdict = match (&r.verdict, &r.error) {
            (Some(Verdict::Healthy), _) => "healthy".to_string(),
            (Some(Verdict::ActionNeeded), _) => "action needed".to_string(),
            (Some(Verdict::Unreachable), _) => "unreachable".to_string(),
            (None, Some(e)) => e.code.clone(),
            (None, None) => "—".to_string(),
        };
        let end = r
            .site
            .certificate_end
            .as_deref()
            .map(|e| e.get(..10).unwrap_or(e))
            .unwrap_or("—");
        let days = r
            .days_left
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into());
        println!(
            "{:<24} {:<22} {:<14} {:<12} {:>9}  {}",
            truncate(&one_line(&r.site.name), 24),
            one_line(&r.site.address.to_string()),
            one_line(&verdict),
            one_line(end),
            days,
            one_line(&r.codes.join(", "))
        );
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
