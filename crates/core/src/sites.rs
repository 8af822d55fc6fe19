//! Site profiles: the shops a technician looks after. One JSON file, written atomically
//! (temporary file + fsync + rename), shared by the window and `iot-https check-all`. A corrupt
//! file is set aside under a new name and reported, never fatal. No secret is ever stored here:
//! contract codes live in the OS keyring (`keychain`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::box_api::{ApiFamily, BoxCertificate, BoxReport};
use crate::diagnose::{Diagnosis, Verdict};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Site {
    pub id: String,
    pub name: String,
    /// `ip:port` of the box's HTTP port.
    pub address: String,
    #[serde(default)]
    pub family: Option<ApiFamily>,
    /// `identifier` (18.4+) or MAC: recognises the box after it changed IP (F10).
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub db_uuid: Option<String>,
    /// notAfter of the certificate last seen (RFC 3339).
    #[serde(default)]
    pub certificate_end: Option<String>,
    #[serde(default)]
    pub last_checked: Option<String>,
    #[serde(default)]
    pub last_verdict: Option<Verdict>,
    #[serde(default)]
    pub last_codes: Vec<String>,
    /// A contract code for this site is in the OS keyring.
    #[serde(default)]
    pub has_stored_code: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    sites: Vec<Site>,
}

/// What `open` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SitesView {
    pub sites: Vec<Site>,
    /// Set when the file was unreadable and was moved aside.
    pub warning: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the sites file {path}: {source}")]
pub struct StoreError {
    path: String,
    #[source]
    source: std::io::Error,
}

#[derive(Debug, Clone)]
pub struct SiteStore {
    path: PathBuf,
}

/// Serialises read-modify-write cycles within this process ("check all" records many results
/// at once). Two processes writing at the same instant can still lose one update; each write
/// is atomic, so the file itself never breaks.
static WRITE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn write_lock() -> std::sync::MutexGuard<'static, ()> {
    WRITE_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `$XDG_DATA_HOME/org.iothttps.assistant/sites.json` (or `~/.local/share/…`).
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("org.iothttps.assistant").join("sites.json"))
}

impl SiteStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the sites. A missing file is an empty list; an unreadable one is renamed to
    /// `sites.json.corrupt-<unix time>` and reported in `warning`.
    pub fn load(&self) -> SitesView {
        let text = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return SitesView {
                    sites: vec![],
                    warning: None,
                }
            }
            Err(e) => {
                return SitesView {
                    sites: vec![],
                    warning: Some(format!("cannot read {}: {e}", self.path.display())),
                }
            }
        };
        match serde_json::from_slice::<File>(&text) {
            Ok(file) => SitesView {
                sites: file.sites,
                warning: None,
            },
            Err(e) => {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let aside = self.path.with_extension(format!("json.corrupt-{stamp}"));
                let moved = std::fs::rename(&self.path, &aside).is_ok();
                SitesView {
                    sites: vec![],
                    warning: Some(if moved {
                        format!("The sites file was damaged ({e}); it was set aside as {} and a new one started.", aside.display())
                    } else {
                        format!("The sites file {} is damaged ({e}).", self.path.display())
                    }),
                }
            }
        }
    }

    fn save(&self, sites: &[Site]) -> Result<(), StoreError> {
        let err = |source| StoreError {
            path: self.path.display().to_string(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let body = serde_json::to_vec_pretty(&File {
            version: 1,
            sites: sites.to_vec(),
        })
        .expect("sites serialise");
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self
            .path
            .with_extension(format!("json.tmp-{}-{seq}", std::process::id()));
        let mut file = std::fs::File::create(&tmp).map_err(err)?;
        file.write_all(&body)
            .and_then(|_| file.sync_all())
            .map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }

    /// Inserts or replaces by id; an empty id gets a new one. Returns the stored site.
    pub fn upsert(&self, mut site: Site) -> Result<Site, StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        if site.id.is_empty() {
            site.id = new_id();
        }
        match sites.iter_mut().find(|s| s.id == site.id) {
            Some(existing) => {
                // Whether a code is in the keyring is known only to the keyring side
                // (`set_has_stored_code`); a stale copy from the window must not reset it.
                site.has_stored_code = existing.has_stored_code;
                *existing = site.clone();
            }
            None => {
                site.has_stored_code = false;
                sites.push(site.clone());
            }
        }
        self.save(&sites)?;
        Ok(site)
    }

    pub fn remove(&self, id: &str) -> Result<(), StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        sites.retain(|s| s.id != id);
        self.save(&sites)
    }

    /// Records a diagnosis on the matching site: by box identifier first (the box may have a new
    /// IP after a reboot, F10), else by address. Creates no site. Returns the updated site.
    pub fn record(&self, diagnosis: &Diagnosis) -> Result<Option<Site>, StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        let report = diagnosis.box_report.as_ref();
        let identifier = report.and_then(identity);
        let Some(site) = find_mut(&mut sites, identifier.as_deref(), &diagnosis.target) else {
            return Ok(None);
        };
        site.address = diagnosis.target.clone();
        if let Some(report) = report {
            apply_report(site, report);
        }
        if let Some(v) = diagnosis
            .certificate
            .by_ip
            .as_ref()
            .and_then(|a| a.verdict())
        {
            site.certificate_end = Some(v.not_after.clone());
        }
        site.last_checked = Some(diagnosis.checked_at.clone());
        site.last_verdict = Some(diagnosis.verdict);
        site.last_codes = diagnosis
            .findings
            .iter()
            .filter(|f| f.severity >= crate::findings::Severity::Warning)
            .map(|f| f.code.to_string())
            .collect();
        let updated = site.clone();
        self.save(&sites)?;
        Ok(Some(updated))
    }

    /// A box found at `address` (scan, connect): updates the site that knows its identifier
    /// instead of creating a duplicate.
    pub fn seen(&self, address: &str, report: &BoxReport) -> Result<Option<Site>, StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        let identifier = identity(report);
        let Some(site) = find_mut(&mut sites, identifier.as_deref(), address) else {
            return Ok(None);
        };
        site.address = address.to_owned();
        apply_report(site, report);
        let updated = site.clone();
        self.save(&sites)?;
        Ok(Some(updated))
    }
}

impl SiteStore {
    /// Records whether the OS keyring holds a contract code for the site.
    pub fn set_has_stored_code(&self, id: &str, stored: bool) -> Result<(), StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        if let Some(site) = sites.iter_mut().find(|s| s.id == id) {
            site.has_stored_code = stored;
            self.save(&sites)?;
        }
        Ok(())
    }

    /// A box with a known identifier (or MAC) answered at `address`, e.g. in a LAN scan: the
    /// site that knows it follows it to the new address. Returns the site when one moved.
    pub fn moved(&self, identifier: &str, address: &str) -> Result<Option<Site>, StoreError> {
        let _guard = write_lock();
        let mut sites = self.load().sites;
        let Some(site) = sites
            .iter_mut()
            .find(|s| s.identifier.as_deref() == Some(identifier))
        else {
            return Ok(None);
        };
        if site.address == address {
            return Ok(None);
        }
        site.address = address.to_owned();
        let updated = site.clone();
        self.save(&sites)?;
        Ok(Some(updated))
    }
}

fn identity(report: &BoxReport) -> Option<String> {
    report
        .status
        .identifier
        .clone()
        .or_else(|| report.status.mac.clone())
}

fn find_mut<'a>(
    sites: &'a mut [Site],
    identifier: Option<&str>,
    address: &str,
) -> Option<&'a mut Site> {
    let by_id = identifier.and_then(|id| {
        sites
            .iter()
            .position(|s| s.identifier.as_deref() == Some(id))
    });
    let index = by_id.or_else(|| sites.iter().position(|s| s.address == address))?;
    sites.get_mut(index)
}

fn apply_report(site: &mut Site, report: &BoxReport) {
    site.family = Some(report.status.family);
    site.identifier = identity(report).or(site.identifier.take());
    site.db_uuid = report
        .status
        .credentials
        .db_uuid
        .clone()
        .or(site.db_uuid.take());
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
mod tests {
    use super::*;

    fn temp_store(name: &str) -> SiteStore {
        let dir =
            std::env::temp_dir().join(format!("iot-https-sites-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        SiteStore::new(dir.join("sites.json"))
    }

    fn site(name: &str, address: &str, identifier: Option<&str>) -> Site {
        Site {
            id: String::new(),
            name: name.into(),
            address: address.into(),
            family: None,
            identifier: identifier.map(str::to_owned),
            db_uuid: None,
            certificate_end: None,
            last_checked: None,
            last_verdict: None,
            last_codes: vec![],
            has_stored_code: false,
        }
    }

    #[test]
    fn upsert_remove_and_reload() {
        let store = temp_store("crud");
        let a = store
            .upsert(site("Bakery", "127.0.0.1:8069", Some("serial-1")))
            .unwrap();
        assert_eq!(a.id.len(), 16);
        let mut b = a.clone();
        b.name = "Bakery (back room)".into();
        store.upsert(b).unwrap();
        let view = store.load();
        assert_eq!(view.sites.len(), 1);
        assert_eq!(view.sites[0].name, "Bakery (back room)");
        store.set_has_stored_code(&a.id, true).unwrap();
        let mut stale = a.clone();
        stale.has_stored_code = false;
        store.upsert(stale).unwrap();
        assert!(
            store.load().sites[0].has_stored_code,
            "only the keyring side changes it"
        );
        store.remove(&a.id).unwrap();
        assert!(store.load().sites.is_empty());
        let leftovers = std::fs::read_dir(store.path().parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_box_found_at_a_new_address_moves_its_site() {
        let store = temp_store("moved");
        store
            .upsert(site("Bakery", "127.0.0.1:8069", Some("serial-1")))
            .unwrap();
        store
            .upsert(site("Butcher", "127.0.0.2:8069", None))
            .unwrap();
        let moved = store.moved("serial-1", "127.0.0.9:8069").unwrap().unwrap();
        assert_eq!(
            (moved.name.as_str(), moved.address.as_str()),
            ("Bakery", "127.0.0.9:8069")
        );
        assert_eq!(store.load().sites.len(), 2);
        assert!(store.moved("unknown", "127.0.0.3:8069").unwrap().is_none());
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_reported() {
        let store = temp_store("corrupt");
        std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        std::fs::write(store.path(), b"{ not json").unwrap();
        let view = store.load();
        assert!(view.sites.is_empty());
        assert!(view.warning.unwrap().contains("set aside"));
        let dir: Vec<_> = std::fs::read_dir(store.path().parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .collect();
        assert!(dir
            .iter()
            .any(|e| e.file_name().to_string_lossy().contains("corrupt-")));
        // And the store works again.
        store.upsert(site("Shop", "127.0.0.1:1", None)).unwrap();
        assert_eq!(store.load().sites.len(), 1);
    }
}
