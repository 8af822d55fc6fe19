// Views past the first screen, loaded on demand. The first screen (the Box step) ships in the
// main script; the other wizard steps, the troubleshooting flows with the finding catalogue,
// and the fleet view come as separate chunks, fetched in the background once the first screen
// is up (`preloadAll`) — so start-up parses only what it shows, and later steps are ready by
// the time anyone clicks "Next".
import type { Component } from 'svelte';

const loaders = {
  credentials: () => import('./components/CredentialsStep.svelte'),
  generate: () => import('./components/GenerateStep.svelte'),
  validity: () => import('./components/ValidityStep.svelte'),
  done: () => import('./components/DoneStep.svelte'),
  troubleshoot: () => import('./components/Troubleshoot.svelte'),
  sites: () => import('./components/SitesView.svelte'),
};

export type LazyView = keyof typeof loaders;
type Loaded = { [K in LazyView]: Awaited<ReturnType<(typeof loaders)[K]>>['default'] };

class LazyViews {
  /** The components loaded so far; a view renders once its entry is set. */
  loaded = $state<Partial<Loaded>>({});
  #pending = new Map<LazyView, Promise<void>>();

  /** Loads one view (once). A failed load is forgotten, so the next call tries again. */
  load(view: LazyView): Promise<void> {
    const known = this.#pending.get(view);
    if (known) return known;
    const pending = loaders[view]()
      .then((module) => {
        (this.loaded as Record<LazyView, Component<never>>)[view] = module.default as Component<never>;
      })
      .catch((error: unknown) => {
        this.#pending.delete(view);
        throw error;
      });
    this.#pending.set(view, pending);
    return pending;
  }

  /** Everything; resolves when all views are loaded. */
  loadAll(): Promise<void> {
    return Promise.all((Object.keys(loaders) as LazyView[]).map((view) => this.load(view))).then(() => {});
  }

  /** Everything, in the background; a failure shows up when the view is opened. */
  preloadAll(): void {
    this.loadAll().catch(() => {});
  }
}

export const lazy = new LazyViews();

/** After the first screen has painted and the page is idle, fetch the rest. */
export function preloadWhenIdle(): void {
  const run = () => lazy.preloadAll();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 200);
}
