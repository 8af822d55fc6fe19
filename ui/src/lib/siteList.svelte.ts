// The saved sites as core last listed them, for the recent list and the fleet view. No rule
// lives here: which site a box belongs to, what a check records and where a site moves are
// decided in Rust (core `sites`); this only holds what `list_sites` answered.
import { api, toWireError, type Site, type WireError } from './api';

class SiteList {
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

  /** Back to an empty list (tests). */
  reset(): void {
    this.list = [];
    this.warning = null;
    this.error = null;
    this.loaded = false;
    this.loading = false;
  }
}

export const sites = new SiteList();
