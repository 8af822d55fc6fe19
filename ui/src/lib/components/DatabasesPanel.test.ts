import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(() => Promise.resolve(() => {})) }));

import { invoke } from '@tauri-apps/api/core';
import DatabasesPanel from './DatabasesPanel.svelte';
import type { Fleet, FleetView } from '../api';
import { route } from '../../test/tauri';
import { catalogues } from '../catalogue';
import { i18n } from '../i18n/i18n.svelte';

const invokeMock = vi.mocked(invoke);
const KEY = 'CANARY-ui-api-key-91f0';

const settings = {
  databases: [],
  checkIntervalMinutes: 60,
  thresholds: { actionDays: 8, actionShare: 0.1, warnDays: 14, warnShare: 0.2 },
};

const fleet: Fleet = {
  checkedAt: '2026-12-01T09:00:00Z',
  sources: [],
  rows: [
    {
      database: 'florist', name: 'Till', identifier: '1000c', ip: '10.1.0.5', version: '25.10',
      certificateEndDate: '2026-12-04T10:00:00Z', daysLeft: 3, status: 'renewal-overdue',
      databaseUrl: 'https://florist.example', databaseEndDate: '2026-12-04T10:00:00Z',
      databaseEndDateState: 'reported', localEndDate: null, localCheckedAt: null, endDateSource: 'database',
      datesDisagree: false, databaseEndDateStale: false, offerLocalCheck: false, lifetimeDays: 90, siteId: null, siteName: null, siteAddress: null, useLna: null, httpsName: null,
    },
    {
      database: 'garage', name: 'Workshop', identifier: 'aa', ip: null, version: null,
      certificateEndDate: null, daysLeft: null, status: 'unknown',
      databaseUrl: 'https://garage.example', databaseEndDate: null,
      databaseEndDateState: 'not-in-this-version', localEndDate: null, localCheckedAt: null, endDateSource: null,
      datesDisagree: false, databaseEndDateStale: false, offerLocalCheck: true, lifetimeDays: null, siteId: null, siteName: null, siteAddress: null, useLna: null, httpsName: null,
    },
  ],
};

// A block body: a function returned from beforeEach would be run as its cleanup.
beforeEach(() => {
  invokeMock.mockReset();
});
afterEach(() => {
  cleanup();
});

describe('DatabasesPanel', () => {
  it('sends the API key once, clears the field and never shows it', async () => {
    const view: FleetView = { settings, databases: [], warning: null, last: null };
    const added = vi.fn(() => ({
      connection: { url: 'https://florist.example', database: 'florist', login: 'tech' },
      keyKeptIn: 'keyring',
      keyringError: null,
    }));
    route(invokeMock, { fleet_view: () => view, fleet_add_database: added });
    render(DatabasesPanel);
    await fireEvent.input(screen.getByTestId('fleet-url'), { target: { value: 'https://florist.example' } });
    await fireEvent.input(screen.getByTestId('fleet-db'), { target: { value: 'florist' } });
    await fireEvent.input(screen.getByTestId('fleet-login'), { target: { value: 'tech' } });
    await fireEvent.input(screen.getByTestId('fleet-api-key'), { target: { value: KEY } });
    await fireEvent.click(screen.getByTestId('fleet-add'));
    await screen.findByTestId('fleet-message');
    expect(added).toHaveBeenCalledTimes(1);
    expect((screen.getByTestId('fleet-api-key') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('renders the fleet core computed, with the reason a box has no end date', async () => {
    route(invokeMock, {
      fleet_view: () => ({ settings, databases: [], warning: null, last: null }),
      fleet_check: () => fleet,
    });
    render(DatabasesPanel);
    await fireEvent.click(screen.getByTestId('fleet-check'));
    await waitFor(() => expect(screen.getAllByTestId('fleet-row')).toHaveLength(2));
    const [till, workshop] = screen.getAllByTestId('fleet-row') as [HTMLElement, HTMLElement];
    expect(till.dataset.status).toBe('renewal-overdue');
    expect(till.textContent).toContain('Renewal overdue');
    expect(workshop.textContent).toContain('before 18.3');
  });

  it("explains a database's failure with the catalogue's ODOO_* texts in the window's language", async () => {
    const failed: Fleet = {
      ...fleet,
      rows: [],
      sources: [
        {
          connection: { url: 'https://florist.example', database: 'florist', login: 'tech' },
          serverVersion: null,
          api: null,
          boxCount: 0,
          endDateField: false,
          error: { code: 'ODOO_AUTH_FAILED', args: { database: 'florist', url: 'https://florist.example', login: 'tech' }, message: 'English' },
        },
      ],
    };
    route(invokeMock, {
      fleet_view: () => ({ settings, databases: [], warning: null, last: null }),
      fleet_check: () => failed,
    });
    i18n.locale = 'fr';
    try {
      render(DatabasesPanel);
      await fireEvent.click(screen.getByTestId('fleet-check'));
      const panel = await screen.findByTestId('fleet-source-error');
      const fr = catalogues.fr.findings.ODOO_AUTH_FAILED;
      expect(screen.getByTestId('fleet-source-title').textContent).toBe(fr?.title);
      expect(panel.textContent).toContain(fr?.explanation);
      expect(panel.textContent).toContain(fr?.steps[0]);
      expect(panel.textContent).not.toContain(catalogues.en.findings.ODOO_AUTH_FAILED?.title);
    } finally {
      i18n.locale = 'en';
    }
  });
});
