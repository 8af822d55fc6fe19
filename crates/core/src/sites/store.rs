//! The operations on the sites file. Each change is one locked read-modify-write (`file`).
//! Matching is by identity (`identity`), never by address alone.

use std::path::{Path, PathBuf};

use crate::box_api::{BoxCertificate, BoxReport};
use crate::diagnose::Diagnosis;
use crate::discovery::FoundBox;

use super::file::{self, Document, StoreError};
use super::{BoxIdentity, KnownSite, Lenient, Sameness, Site, SiteMatch, SitesView};

#[derive(Debug, Clone)]
pub struct SiteStore {
    path: PathBuf,
}

impl SiteStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sites. A missing file is an empty list; a damaged one is set aside and reported in
    /// `warning`; a file that cannot be read is an error.
    pub fn load(&self) -> Result<SitesView, StoreError> {
        let loaded = file::read(&self.path)?;
        Ok(SitesView {
            sites: loaded.document.sites,
            warning: loaded.warning,
        })
    }

    pub fn get(&self, id: &str) -> Result<Site, StoreError> {
        self.load()?
            .sites
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| StoreError::NoSuchSite(id.to_owned()))
    }

    /// One locked read-modify-write; `change` returns what the caller gets back.
    fn change<T>(&self, change: impl FnOnce(&mut Vec<Site>) -> T) -> Result<T, StoreError> {
        let lock = file::lock(&self.path)?;
        let mut document: Document = file::read(&self.path)?.document;
        let answer = change(&mut document.sites);
        file::write(&self.path, &document, &lock)?;
        Ok(answer)
    }

    /// Removes a site; returns it (its keyring entry is the caller's to delete).
    pub fn remove(&self, id: &str) -> Result<Option<Site>, StoreError> {
        self.change(|sites| {
            let index = sites.iter().position(|s| s.id == id)?;
            Some(sites.remove(index))
        })
    }

    pub fn rename(&self, id: &str, name: &str) -> Result<Site, StoreError> {
        self.change(|sites| {
            let site = sites.iter_mut().find(|s| s.id == id)?;
            site.name = name.trim().to_owned();
            Some(site.clone())
        })?
        .ok_or_else(|| StoreError::NoSuchSite(id.to_owned()))
    }

    /// A box was connected to: its own site (the site moves here only when identifier AND MAC
    /// match), or the site saved for this address when that is another box.
    pub fn on_connect(&self, report: &BoxReport) -> Result<Option<SiteMatch>, StoreError> {
        let address = report.status.address.clone();
        let seen = BoxIdentity::of_status(&report.status);
        self.change(|sites| {
            if let Some(site) = own_site(sites, &address, &seen) {
                let moved_from = (site.address != address).then(|| site.address.clone());
                site.address = address.clone();
                apply_report(site, report);
                return Some(SiteMatch::Same {
                    site: site.clone(),
                    moved_from,
                });
            }
            let saved = sites.iter().find(|s| s.address == address)?;
            Some(SiteMatch::OtherBox {
                sameness: saved.identity().compare(&seen),
                saved: saved.clone(),
                box_identity: seen,
                choice: None,
            })
        })
    }

    /// "Next" in the wizard: this box's own site, updated, or a new site for it. Another
    /// box's site at the same address is left as it is.
    pub fn remember(&self, report: &BoxReport) -> Result<Site, StoreError> {
        let address = report.status.address.clone();
        let seen = BoxIdentity::of_status(&report.status);
        self.change(|sites| {
            if let Some(site) = own_site(sites, &address, &seen) {
                site.address = address.clone();
                apply_report(site, report);
                return site.clone();
            }
            let status = &report.status;
            let mut site = blank(
                status.hostname.as_deref().unwrap_or(&address),
                &address,
                &seen,
            );
            apply_report(&mut site, report);
            sites.push(site.clone());
            site
        })
    }

    /// A scan found a box. The site that knows it (same identity at this address, or
    /// identifier AND MAC equal elsewhere, which moves it here) is returned.
    pub fn on_found(&self, found: &FoundBox) -> Result<Option<KnownSite>, StoreError> {
        let seen = BoxIdentity::of_found(found);
        let known = |s: &Site, moved_from| KnownSite {
            id: s.id.clone(),
            name: s.name.clone(),
            moved_from,
        };
        // Reading first keeps a scan of many boxes from rewriting the file for each.
        let sites = self.load()?.sites;
        if let Some(site) = sites
            .iter()
            .find(|s| s.address == found.address && s.identity().compare(&seen) == Sameness::Same)
        {
            return Ok(Some(known(site, None)));
        }
        if !sites.iter().any(|s| s.identity().fully_matches(&seen)) {
            return Ok(None);
        }
        self.change(|sites| {
            let site = sites
                .iter_mut()
                .find(|s| s.identity().fully_matches(&seen))?;
            let from = std::mem::replace(&mut site.address, found.address.clone());
            Some(known(site, (from != found.address).then_some(from)))
        })
    }

    /// "Add" on a box a scan found: its own site, or a new one.
    pub fn add_found(&self, found: &FoundBox) -> Result<Site, StoreError> {
        if let Some(known) = self.on_found(found)? {
            return self.get(&known.id);
        }
        let seen = BoxIdentity::of_found(found);
        self.change(|sites| {
            let mut site = blank(
                found.hostname.as_deref().unwrap_or(&found.address),
                &found.address,
                &seen,
            );
            site.family = found.family.map(Lenient::Known);
            sites.push(site.clone());
            site
        })
    }

    /// Records a diagnosis on `site_id` when given (the fleet check), else on this box's own
    /// site. Only a box whose identity is the site's (`Sameness::Same`: every key known on both
    /// sides) is recorded: a check never teaches a site an identity — a site saved before
    /// identities existed is bound only by the technician ([`Self::confirm`]).
    pub fn record(
        &self,
        site_id: Option<&str>,
        diagnosis: &Diagnosis,
    ) -> Result<Option<Site>, StoreError> {
        let report = diagnosis.box_report.as_ref();
        let seen = report.map(|r| BoxIdentity::of_status(&r.status));
        self.change(|sites| {
            let site = match (site_id, &seen) {
                (Some(id), Some(seen)) => sites
                    .iter_mut()
                    .find(|s| s.id == id)
                    .filter(|s| s.identity().compare(seen) == Sameness::Same)?,
                // The box did not answer: only the time and verdict are recorded.
                (Some(id), None) => sites.iter_mut().find(|s| s.id == id)?,
                (None, Some(seen)) => own_site(sites, &diagnosis.target, seen)?,
                (None, None) => return None,
            };
            site.address = diagnosis.target.clone();
            if let Some(report) = report {
                apply_report(site, report);
            }
            // The placeholder's dates are not a certificate's end (fleet/merge.rs).
            if let Some(v) = diagnosis
                .certificate
                .standing()
                .filter(|v| v.primary != crate::tls::CertificateClass::Temporary)
            {
                site.certificate_end = Some(v.not_after.clone());
            }
            if let Some(subject) = super::subject::confirmed_subject(diagnosis) {
                site.certificate_subject = Some(subject);
            }
            site.last_checked = Some(diagnosis.checked_at.clone());
            site.last_verdict = Some(Lenient::Known(diagnosis.verdict));
            site.last_codes = crate::findings::needing_action(&diagnosis.findings)
                .map(|f| f.code.to_string())
                .collect();
            Some(site.clone())
        })
    }

    /// The technician saw the site and this box side by side and confirmed they are one box:
    /// the site learns the keys it lacks and moves here. Refused when a key disagrees.
    pub fn confirm(&self, site_id: &str, report: &BoxReport) -> Result<Option<Site>, StoreError> {
        let seen = BoxIdentity::of_status(&report.status);
        self.change(|sites| {
            let site = sites.iter_mut().find(|s| s.id == site_id)?;
            if site.identity().compare(&seen) == Sameness::Different || !seen.has_hardware_key() {
                return None;
            }
            site.address = report.status.address.clone();
            apply_report(site, report);
            Some(site.clone())
        })
    }

    /// Records that the keyring holds this site's code under `account` (or no longer does).
    pub fn set_code_account(&self, id: &str, account: Option<String>) -> Result<(), StoreError> {
        self.change(|sites| {
            if let Some(site) = sites.iter_mut().find(|s| s.id == id) {
                site.has_stored_code = account.is_some();
                site.code_account = account;
            }
        })
    }

    /// Credentials were saved to this site's box: the database it is now paired to, and the
    /// keyring account of the code (when remembered).
    pub fn paired_with(
        &self,
        id: &str,
        db_uuid: Option<&str>,
        account: Option<String>,
    ) -> Result<(), StoreError> {
        self.change(|sites| {
            if let Some(site) = sites.iter_mut().find(|s| s.id == id) {
                if let Some(db) = db_uuid {
                    site.db_uuid = Some(db.to_owned());
                }
                if account.is_some() {
                    site.code_account = account;
                }
                // A code stored for the database the box had before is not this site's code
                // any more: kept (a later choice may use it), no longer offered.
                site.has_stored_code = site.code_account.as_deref().is_some_and(|a| {
                    BoxIdentity::db_of_account(a).is_some()
                        && BoxIdentity::db_of_account(a) == site.db_uuid
                });
            }
        })
    }

    /// Inserts a site as given (tests, imports); an empty id gets a new one.
    pub fn insert(&self, mut site: Site) -> Result<Site, StoreError> {
        if site.id.is_empty() {
            site.id = new_id();
        }
        self.change(|sites| {
            sites.retain(|s| s.id != site.id);
            sites.push(site.clone());
            site
        })
    }
}

/// This box's own site: same identity at this address first, else identifier AND MAC equal
/// at another address (the box got a new IP).
fn own_site<'a>(sites: &'a mut [Site], address: &str, seen: &BoxIdentity) -> Option<&'a mut Site> {
    let here = sites
        .iter()
        .position(|s| s.address == address && s.identity().compare(seen) == Sameness::Same);
    let index = here.or_else(|| sites.iter().position(|s| s.identity().fully_matches(seen)))?;
    sites.get_mut(index)
}

fn blank(name: &str, address: &str, identity: &BoxIdentity) -> Site {
    Site {
        id: new_id(),
        name: name.to_owned(),
        address: address.to_owned(),
        family: None,
        identifier: identity.identifier.clone(),
        mac: identity.mac.clone(),
        db_uuid: identity.db_uuid.clone(),
        certificate_end: None,
        certificate_subject: None,
        last_checked: None,
        last_verdict: None,
        last_codes: vec![],
        has_stored_code: false,
        code_account: None,
        extra: Default::default(),
    }
}

/// What the box says now; identity keys are learned, never replaced (a different key means a
/// different box, which never reaches here).
fn apply_report(site: &mut Site, report: &BoxReport) {
    site.family = Some(Lenient::Known(report.status.family));
    let mut identity = site.identity();
    identity.fill_from(&BoxIdentity::of_status(&report.status));
    site.identifier = identity.identifier;
    site.mac = identity.mac;
    site.db_uuid = identity.db_uuid;
    if let BoxCertificate::Valid {
        not_after: Some(end),
        ..
    } = &report.certificate_state
    {
        site.certificate_end = Some(end.clone());
    }
}

fn new_id() -> String {
    let mut bytes = [0u8; 8];
    // ring's system RNG: already a dependency, no extra crate for eight random bytes.
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[path = "store_tests.rs"]
pub(crate) mod tests;
