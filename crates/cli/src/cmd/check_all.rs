//! `iot-https check-all [--sites FILE] [--concurrency N] [--json]`: diagnose every saved site
//! at once (the window's "Check all"), record the results in the same sites file, and list
//! certificate end dates with a countdown.

use std::path::PathBuf;
use std::process::ExitCode;

use iot_https_app::check_all::check_all;
use iot_https_app::{Session, Silent};
use iot_https_core::diagnose::{DiagnoseOptions, Verdict};
use iot_https_core::fleet::FleetResult;
use iot_https_core::safe_text::one_line;
use iot_https_core::sites::{default_path, SiteStore};
use iot_https_core::{NetPolicy, WireError};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::output::{fail, print_json, EXIT_ACTION_NEEDED, EXIT_USAGE_OR_UNREACHABLE};
use crate::words::{label, says, word};

/// Each check holds a few sockets and runs the DNS, TLS and box reads of one diagnosis; more
/// than this gains nothing on a shop LAN and runs into the open-file limit.
pub const MAX_CONCURRENCY: i64 = iot_https_app::check_all::MAX_CONCURRENCY as i64;

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

pub async fn run(args: Args) -> ExitCode {
    let Some(path) = args.sites.clone().or_else(default_path) else {
        return fail(
            WireError::new(
                iot_https_core::ErrorCode::SitesStoreFailed,
                Some("--sites FILE".into()),
            ),
            args.json,
        );
    };
    let session = Session::new(NetPolicy::from_env(), SiteStore::new(path));
    let now = OffsetDateTime::now_utc();
    let opts = DiagnoseOptions::from_env(now);
    let options_for = |_: &_| opts.clone();
    let concurrency = usize::from(args.concurrency);
    let checked = match check_all(&session, concurrency, now, options_for, &Silent).await {
        Ok(checked) => checked,
        Err(e) => return fail(e, args.json),
    };
    if let Some(warning) = &checked.warning {
        crate::output::tell(&says("warning", &[("text", &one_line(warning))]));
    }
    let rows = checked.sites;
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

/// Each column at least as wide as its usual values, wider where a heading or a value in the
/// reader's language needs it, so the columns stay aligned in every language.
const MIN_WIDTHS: [usize; 5] = [24, 22, 14, 12, 9];

fn print_table(rows: &[FleetResult]) {
    if rows.is_empty() {
        crate::output::say(&word("checkAll.noSites"));
        return;
    }
    let heading = [
        "checkAll.site",
        "checkAll.address",
        "checkAll.verdict",
        "checkAll.certEnds",
        "checkAll.daysLeft",
        "checkAll.problems",
    ]
    .map(word);
    let mut table = vec![heading];
    for r in rows {
        let verdict = match (&r.verdict, &r.error) {
            (Some(Verdict::Healthy), _) => label("verdict.healthy").to_string(),
            (Some(Verdict::ActionNeeded), _) => label("verdict.actionNeeded").to_string(),
            (Some(Verdict::Unreachable), _) => label("verdict.unreachable").to_string(),
            (None, Some(e)) => e.code.to_string(),
            (None, None) => "—".to_string(),
        };
        let end = r
            .site
            .certificate_end
            .as_deref()
            .map(|e| e.get(..10).unwrap_or(e))
            .unwrap_or("—");
        let days = r
            .validity
            .as_ref()
            .map(|v| v.days_left.to_string())
            .unwrap_or_else(|| "—".into());
        let codes: Vec<&str> = r.codes.iter().map(|c| c.as_str()).collect();
        table.push([
            truncate(&one_line(&r.site.name), MIN_WIDTHS[0]),
            one_line(&r.site.address.to_string()).into_owned(),
            one_line(&verdict).into_owned(),
            one_line(end).into_owned(),
            days,
            one_line(&codes.join(", ")).into_owned(),
        ]);
    }
    let mut widths = MIN_WIDTHS;
    for (i, width) in widths.iter_mut().enumerate() {
        let widest = table.iter().map(|r| r[i].chars().count()).max();
        *width = (*width).max(widest.unwrap_or(0));
    }
    let [w0, w1, w2, w3, w4] = widths;
    for [site, address, verdict, end, days, problems] in &table {
        crate::output::say(&format!(
            "{site:<w0$} {address:<w1$} {verdict:<w2$} {end:<w3$} {days:>w4$}  {problems}"
        ));
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
