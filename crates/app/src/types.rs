//! What the shells render or pass along, from core's protocol modules, so that `src-tauri` and
//! `crates/cli` name them through this crate only.

pub use iot_https_core::box_api::logs::NGINX_PORT;
pub use iot_https_core::box_api::{
    ActionOutcome, BoxCertificate, BoxLogs, CodeSource, Pairing, PairingOutcome, RawCertificate,
    ReadOptions, SlowNotice, SlowRead, DEFAULT_BOX_TIMEOUT,
};
pub use iot_https_core::dns::{Resolver, ResolverSet};
pub use iot_https_core::odoo_db::{ApiChoice, DbConnection};
pub use iot_https_core::tls::TrustAnchors;
