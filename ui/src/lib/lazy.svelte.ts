// Views past the first screen, loaded on demand. The first screen (the Box step) ships in the
// main script; the other wizard steps, the troubleshooting flows with the finding catalogue,
// and the fleet view come as separate chunks, fetched in the background as soon as the
// technician first does something in the window (`preloadOnFirstUse`) — so start-up parses only
// what it shows, a window left alone holds only that, and later steps are ready by the time
// anyone has typed an address and clicks "Connect". A view opened before then loads on demand.
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

/** The technician's first key, click or focus anywhere in the window fetches the rest. */
export function preloadOnFirstUse(target: EventTarget = window): void {
  const events = ['pointerdown', 'keydown', 'focusin'] as const;
  const run = () => {
    for (const name of events) target.removeEventListener(name, run, true);
    lazy.preloadAll();
  };
  for (const name of events) target.addEventListener(name, run, { capture: true, passive: true });
}
