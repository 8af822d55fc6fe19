//! The fleet as CSV (RFC 4180, one row per box) and JSON. Rows hold no secret by construction
//! (no key, no contract code is ever part of a `FleetRow`); every cell is
//! `safe_text::csv_cell` (no formula a spreadsheet would run, no control character), since box
//! names come from other people.

use super::merge::FleetRow;
use crate::safe_text::csv_cell;

const COLUMNS: &[&str] = &[
    "database",
    "name",
    "identifier",
    "ip",
    "version",
    "certificateEndDate",
    "daysLeft",
    "status",
    "databaseEndDate",
    "localEndDate",
    "datesDisagree",
    "site",
];

fn status_text(row: &FleetRow) -> String {
    serde_json::to_value(row.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn to_csv(rows: &[FleetRow]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let fields = [
            opt(&row.database),
            opt(&row.identifier),
            opt(&row.ip),
            opt(&row.version),
            opt(&row.certificate_end_date),
            row.days_left.map(|d| d.to_string()).unwrap_or_default(),
            status_text(row),
            opt(&row.database_end_date),
            opt(&row.local_end_date),
            row.dates_disagree.to_string(),
            opt(&row.site_name),
        ];
        let mut line: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
        line.insert(1, row.name.csv());
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn to_json(rows: &[FleetRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::merge::DbEndDate;
    use crate::validity::FleetStatus;

    fn row(name: &str) -> FleetRow {
        FleetRow {
            database: Some("bakery".into()),
            name: name.into(),
            identifier: Some("1000a".into()),
            ip: Some("10.0.0.5".into()),
            version: None,
            certificate_end_date: Some("2027-01-20T08:00:00Z".into()),
            days_left: Some(50),
            status: FleetStatus::Ok,
            database_url: Some("https://bakery.example".into()),
            database_end_date: Some("2027-01-20T08:00:00Z".into()),
            database_end_date_state: DbEndDate::Reported,
            local_end_date: None,
            local_checked_at: None,
            end_date_source: None,
            dates_disagree: false,
            database_end_date_stale: false,
            offer_local_check: false,
            lifetime_days: Some(90),
            site_id: None,
            site_name: None,
            site_address: None,
            use_lna: None,
            https_name: None,
        }
    }

    #[test]
    fn csv_quotes_and_defuses_what_spreadsheets_would_misread() {
        let csv = to_csv(&[row("Counter, front"), row("=HYPERLINK(\"x\")")]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert!(lines[1]
            .starts_with("bakery,\"Counter, front\",1000a,10.0.0.5,,2027-01-20T08:00:00Z,50,ok,"));
        assert!(
            lines[2].contains("\"'=HYPERLINK(\"\"x\"\")\""),
            "{}",
            lines[2]
        );
        assert_eq!(lines.len(), 4, "header, two rows, final empty");
    }

    #[test]
    fn json_carries_the_contract_fields() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&[row("Counter")])).unwrap();
        for key in [
            "database",
            "name",
            "identifier",
            "ip",
            "version",
            "certificateEndDate",
            "daysLeft",
            "status",
        ] {
            assert!(json[0].get(key).is_some(), "{key}");
        }
    }
}
