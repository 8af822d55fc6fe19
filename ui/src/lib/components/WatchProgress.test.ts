import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import WatchProgress from './WatchProgress.svelte';
import { WatchRun } from '../watchRun.svelte';
import { outcomes } from '../../test/diagnoses';
import { i18n } from '../i18n/i18n.svelte';

afterEach(() => {
  cleanup();
});

describe('WatchProgress', () => {
  it('names the stopped service and its cause from the catalogue, not a generic failure', async () => {
    const run = new WatchRun('restartOdoo', 'restartOdoo');
    await run.start(async () => outcomes.serviceStopped);
    render(WatchProgress, { run });
    const result = screen.getByTestId('watch-result');
    expect(result.dataset.code).toBe('IOT_SERVICE_STOPPED_ODOO_COM');
    expect(result.textContent).not.toContain('The box did not get a certificate.');
    expect(result.textContent?.trim().length).toBeGreaterThan(10);
    expect(screen.getByTestId('watch-cause').textContent).toContain("'bool' object has no attribute 'get'");
  });

  it('names the cause core found, with its evidence, instead of a generic failure', async () => {
    const run = new WatchRun('restartOdoo', 'restartOdoo');
    await run.start(async () => outcomes.causeFound);
    render(WatchProgress, { run });
    const result = screen.getByTestId('watch-result');
    expect(result.dataset.code).toBe('CLOCK_SKEW');
    expect(result.textContent).not.toContain('The box did not get a certificate.');
    expect(screen.getAllByTestId('watch-cause')).toHaveLength(2);
  });

  it("gives the watch's give-up reason in the window's language (evidence, not English)", async () => {
    i18n.locale = 'de';
    try {
      const run = new WatchRun('restartOdoo', null);
      await run.start(async () => ({
        result: 'gaveUp',
        reason: { kind: 'watchNotBack', args: {} },
        certificate: { state: 'notReported' },
        elapsedMs: 600000,
      }));
      render(WatchProgress, { run });
      const result = screen.getByTestId('watch-result').textContent ?? '';
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
    const run = new WatchRun('restartOdoo', 'restartOdoo');
    await run.start(async () => ({ ...outcomes.ready, nameConfirmed: false }));
    render(WatchProgress, { run });
    expect(screen.getByTestId('watch-result').textContent).toContain('The certificate is ready.');
    expect(screen.getByTestId('watch-name-unconfirmed').textContent).toContain('does not say which name');
  });

  it('says nothing more when the name is confirmed', async () => {
    const run = new WatchRun('restartOdoo', 'restartOdoo');
    await run.start(async () => outcomes.ready);
    render(WatchProgress, { run });
    expect(screen.queryByTestId('watch-name-unconfirmed')).toBeNull();
  });
});
