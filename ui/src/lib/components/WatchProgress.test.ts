import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import WatchProgress from './WatchProgress.svelte';
import { WatchRun } from '../watchRun.svelte';
import { outcomes } from '../../test/diagnoses';

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
});
