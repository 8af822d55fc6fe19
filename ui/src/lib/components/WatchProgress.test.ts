import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import WatchProgress from './WatchProgress.svelte';
import { WatchRun } from '../watchRun.svelte';
import { i18n } from '../i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  i18n.locale = 'en';
});

describe('WatchProgress', () => {
  it("gives the watch's give-up reason in the window's language (evidence, not English)", async () => {
    i18n.locale = 'de';
    const run = new WatchRun('restartOdoo', null);
    await run.start(async () => ({
      result: 'gaveUp',
      reason: { kind: 'watchNotBack', args: {} },
      certificate: { state: 'notReported' },
      elapsedMs: 600000n,
    }));
    render(WatchProgress, { run });
    const result = screen.getByTestId('watch-result').textContent ?? '';
    expect(result).toContain('die Box ist nicht wieder erreichbar');
    expect(result).not.toContain('did not come back');
  });
});
