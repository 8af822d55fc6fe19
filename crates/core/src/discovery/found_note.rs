//! Why a found box's identity is incomplete, as a key (never a sentence): the window and the CLI
//! word it in the reader's language; the only value is a status read's typed error.

use serde::Serialize;

use crate::wire::WireError;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "key", rename_all = "camelCase")]
pub enum FoundNote {
    /// Family, version and MAC are on the data route, which on Odoo 17.0 – saas-18.2 may make
    /// the box contact odoo.com; not read during discovery.
    DataRouteNotRead,
    /// MAC and hostname are on the 16.0 homepage, which may make the box contact odoo.com; not
    /// read during discovery.
    HomepageNotRead,
    /// Answers `/hw_proxy/hello` but none of the known homepage generations (maybe newer).
    UnknownGeneration,
    /// Its status could not be read: the typed error, worded by the catalogue.
    StatusUnread { error: Box<WireError> },
}
