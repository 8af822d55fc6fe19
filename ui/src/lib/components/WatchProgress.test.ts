import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import WatchProgress from './WatchProgress.svelte';
import { WatchRun } from '../watchRun.svelte';
import { outcomes } from '../../test/diagnoses';
import { i18n } from '../i18n/i18n.svelte';
import type { RetryMethod } from '../bindings/RetryMethod';
import type { WatchOutcome } from '../bindings/WatchOutcome';

afterEach(() => {
  cleanup();
});

/** A "Restart Odoo" run that ended with `outcome`, on screen: its result line. */
async function resultOf(outcome: WatchOutcome, retry: RetryMethod | null = 'restartOdoo'): Promise<HTMLElement> {
  const run = new WatchRun('restartOdoo', retry);
  await run.start(async () => outcome);
  render(WatchProgress, { run });
  return screen.getByTestId('watch-result');
}

describe('WatchProgress', () => {
  it('names the stopped service and its cause from the catalogue, not a generic failure', async () => {
    const result = await resultOf(outcomes.serviceStopped);
    expect(result.dataset.code).toBe('IOT_SERVICE_STOPPED_ODOO_COM');
    expect(result.textContent).not.toContain('The box did not get a certificate.');
    expect(result.textContent?.trim().length).toBeGreaterThan(10);
    expect(screen.getByTestId('watch-cause').textContent).toContain("'bool' object has no attribute 'get'");
  });

  it('names the cause core found, with its evidence, instead of a generic failure', async () => {
    const result = await resultOf(outcomes.causeFound);
    expect(result.dataset.code).toBe('CLOCK_SKEW');
    expect(result.textContent).not.toContain('The box did not get a certificate.');
    expect(screen.getAllByTestId('watch-cause')).toHaveLength(2);
  });

  it("gives the watch's give-up reason in the window's language (evidence, not English)", async () => {
    i18n.locale = 'de';
    try {
      const shown = await resultOf(
        {
          result: 'gaveUp',
          reason: { kind: 'watchNotBack', args: {} },
          certificate: { state: 'notReported' },
          elapsedMs: 600000,
        },
        null,
      );
      const result = shown.textContent ?? '';
      expect(result).toContain('die Box ist nicht wieder erreichbar');
      expect(result).not.toContain('did not come back');
    } finally {
      i18n.locale = 'en';
    }
  });
});

describe('WatchProgress while the box updates', () => {
  it('says the box is upgrading and reboots, in the window language, while the watch waits', async () => {
    i18n.locale = 'fr';
    try {
      const run = new WatchRun('restartOdoo', 'restartOdoo');
      let finish: (o: typeof outcomes.ready) => void = () => {};
      const done = run.start(
        (onEvent) =>
          new Promise((resolve) => {
            onEvent({ event: 'updateRunning', kind: 'debianUpgrade', elapsedMs: 1800 });
            finish = resolve;
          }),
      );
      render(WatchProgress, { run });
      const note = (await screen.findByTestId('watch-updating')).textContent ?? '';
      expect(note).toContain('Debian Trixie');
      expect(note).toContain('ne la débranchez pas');
      finish(outcomes.ready);
      await done;
    } finally {
      i18n.locale = 'en';
    }
  });
});

describe('WatchProgress when the box names no certificate subject', () => {
  it('says the name is unconfirmed next to "ready"', async () => {
    const result = await resultOf({ ...outcomes.ready, nameConfirmed: false });
    expect(result.textContent).toContain('The certificate is ready.');
    expect(screen.getByTestId('watch-name-unconfirmed').textContent).toContain('does not say which name');
  });

  it('says nothing more when the name is confirmed', async () => {
    await resultOf(outcomes.ready);
    expect(screen.queryByTestId('watch-name-unconfirmed')).toBeNull();
  });
});
