//! Which `load_certificate()` a 16.0 – saas-18.2 box runs. Odoo shipped several, and a box reports
//! odoo.com's failures differently in each (docs/protocol/certificate-states.md):
//!
//! * `urllib3`: 16.0, 17.0, early 18.0 (`hw_drivers/tools/helpers.py` @a1926979): needs the
//!   database UUID and the contract code; HTTP errors are `…_LOAD_REQUEST_STATUS <n>\n\n<reason>`.
//! * `urllib3-uuid-only`: late 16.0 (coopiteasy/OCB `hw_drivers` @28640524): the same codes,
//!   but only the database UUID is required.
//! * `requests`: saas-18.1/18.2 (`helpers.py` @02ece93a): `raise_for_status()` inside
//!   `except RequestException`, so odoo.com's HTTP error becomes
//!   `…_LOAD_REQUEST_EXCEPTION\n\n503 Server Error: … for url: …`; it needs **both** credentials
//!   (`if not (db_uuid and enterprise_code): return "ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL"`, as
//!   docs/protocol/credentials.md says). Only the merge base 43810e6b was UUID-only.
//! * `free-text`: the late 18.0-line side of the same merge (@05cd9db4, incoming 89f71f70):
//!   free text instead of codes, odoo.com's JSON-RPC `error` object or its refusal text passed
//!   through as `certificate_details`.

use std::fmt;
use std::str::FromStr;

use crate::names::{parse_named, UnknownName};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HelpersVariant {
    #[default]
    Urllib3,
    Urllib3UuidOnly,
    Requests,
    FreeText,
}

/// `certificate_details` values that are a JSON object on the wire (the `free-text` variant
/// returns odoo.com's `error` dict) travel inside the simulator as text behind this marker.
pub const JSON_DETAILS: &str = "\u{0}json:";

impl HelpersVariant {
    pub fn all() -> &'static [HelpersVariant] {
        use HelpersVariant::*;
        &[Urllib3, Urllib3UuidOnly, Requests, FreeText]
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HelpersVariant::Urllib3 => "urllib3",
            HelpersVariant::Urllib3UuidOnly => "urllib3-uuid-only",
            HelpersVariant::Requests => "requests",
            HelpersVariant::FreeText => "free-text",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            HelpersVariant::Urllib3 => {
                "16.0/17.0/early 18.0: both credentials, ERR codes, STATUS <n>"
            }
            HelpersVariant::Urllib3UuidOnly => {
                "late 16.0: ERR codes, only the database UUID needed"
            }
            HelpersVariant::Requests => {
                "saas-18.1/18.2: both credentials, HTTP errors as REQUEST_EXCEPTION + '503 Server Error: …'"
            }
            HelpersVariant::FreeText => {
                "late 18.0 line: free text, odoo.com's error object or refusal text"
            }
        }
    }

    /// Whether `load_certificate()` refuses without the contract code.
    pub fn needs_contract_code(self) -> bool {
        matches!(self, HelpersVariant::Urllib3 | HelpersVariant::Requests)
    }
}

impl FromStr for HelpersVariant {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_named(
            "helpers variant",
            s,
            HelpersVariant::all(),
            HelpersVariant::as_str,
        )
    }
}

impl fmt::Display for HelpersVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
