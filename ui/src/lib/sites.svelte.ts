// The saved sites (one per box), shared by the recent-sites list and the fleet view.
import { api, toWireError, type BoxStatus, type Diagnosis, type Site, type WireError } from './api';
import { certificateVerdict } from './diagnosis';

export function blankSite(status: BoxStatus): Site {
  return {
    id: '',
    name: status.hostname || status.address,
    address: status.address,
    family: status.family,
    identifier: status.identifier,
    dbUuid: status.credentials.dbUuid,
    certificateEnd: null,
    lastChecked: null,
    lastVerdict: null,
    lastCodes: [],
    hasStoredCode: false,
  };
}

/** The site with what a diagnosis found: when, the verdict, the problems, the certificate end. */
export function withDiagnosis(site: Site, diagnosis: Diagnosis): Site {
  const verdict = certificateVerdict(diagnosis);
  return {
    ...site,
    family: diagnosis.box?.family ?? site.family,
    identifier: diagnosis.box?.identifier ?? site.identifier,
    certificateEnd: verdict?.notAfter ?? site.certificateEnd,
    lastChecked: diagnosis.checkedAt,
    lastVerdict: diagnosis.verdict,
    lastCodes: diagnosis.findings.filter((f) => f.severity !== 'ok').map((f) => f.code),
  };
}

class SiteStore {
  list = $state<Site[]>([]);
  warning = $state<string | null>(null);
  error = $state<WireError | null>(null);
  loaded = $state(false);
  loading = $state(false);

  async load(): Promise<void> {
    this.loading = true;
    try {
      const answer = await api.listSites();
      this.list = answer.sites;
      this.warning = answer.warning;
      this.error = null;
    } catch (e) {
      this.error = toWireError(e);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  /** The saved site for a box: same address, or same identifier. */
  match(status: BoxStatus): Site | null {
    return (
      this.list.find((s) => s.address === status.address) ??
      this.list.find((s) => status.identifier !== null && s.identifier === status.identifier) ??
      null
    );
  }

  /** Saves (creates when id is '') and keeps the list in step; null when it could not be saved. */
  async save(site: Site): Promise<Site | null> {
    try {
      const saved = await api.saveSite(site);
      this.#put(saved);
      return saved;
    } catch (e) {
      this.error = toWireError(e);
      return null;
    }
  }

  /** Remembers the box as a site (new or updated with what the box reports now). */
  async remember(status: BoxStatus, known: Site | null): Promise<Site | null> {
    const base = known ?? blankSite(status);
    return this.save({
      ...base,
      address: status.address,
      family: status.family,
      identifier: status.identifier ?? base.identifier,
      dbUuid: status.credentials.dbUuid ?? base.dbUuid,
    });
  }

  async record(siteId: string, diagnosis: Diagnosis): Promise<Site | null> {
    const site = this.list.find((s) => s.id === siteId);
    if (!site) return null;
    this.#put(withDiagnosis(site, diagnosis));
    return this.save(withDiagnosis(site, diagnosis));
  }

  async remove(id: string): Promise<boolean> {
    try {
      await api.deleteSite(id);
      this.list = this.list.filter((s) => s.id !== id);
      return true;
    } catch (e) {
      this.error = toWireError(e);
      return false;
    }
  }

  /** Back to an empty store (tests). */
  reset(): void {
    this.list = [];
    this.warning = null;
    this.error = null;
    this.loaded = false;
    this.loading = false;
  }

  #put(site: Site): void {
    const i = this.list.findIndex((s) => s.id === site.id);
    this.list = i >= 0 ? this.list.map((s, j) => (j === i ? site : s)) : [...this.list, site];
  }
}

export const sites = new SiteStore();
