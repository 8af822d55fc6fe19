//! The certificate subjects this session knows for boxes that name none themselves (saas-18.3+):
//! every saved site's last confirmed one and every database record's reported HTTPS name from
//! the session's last fleet check — each for its own box only (core's `KnownSubject`), so a
//! diagnosis or a watch uses one only once the box that answered is that box.

use iot_https_core::diagnose::KnownSubject;
use iot_https_core::sites::{known_subjects as site_subjects, BoxIdentity};
use iot_https_core::WireError;

use crate::errors::{blocking, store_error};
use crate::session::Session;

/// The sites' subjects first (a certificate that verified for that box), then the databases'
/// (what each box last reported to its database).
pub(crate) async fn known_subjects(session: &Session) -> Result<Vec<KnownSubject>, WireError> {
    let store = session.sites.clone();
    let sites = blocking(move || store.load().map_err(store_error)).await?;
    let mut known = site_subjects(&sites.sites);
    if let Some(fleet) = session.fleet.last().await {
        known.extend(fleet.known_subjects());
    }
    Ok(known)
}

/// `opts`' own subjects (given for the check) first, then the session's.
pub(crate) async fn with_known_subjects(
    session: &Session,
    given: &[KnownSubject],
) -> Result<Vec<KnownSubject>, WireError> {
    let mut all = given.to_vec();
    all.extend(known_subjects(session).await?);
    Ok(all)
}

/// The subject of the box `seen` (the watch's expected name when the box names none).
pub(crate) async fn subject_of(
    session: &Session,
    seen: &BoxIdentity,
) -> Result<Option<String>, WireError> {
    let known = known_subjects(session).await?;
    Ok(iot_https_core::diagnose::subject_for_box(&known, Some(seen)).map(|k| k.subject.clone()))
}
