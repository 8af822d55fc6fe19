import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('./test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';
import type { Site, WatchEvent, WatchOutcome } from './lib/api';
import { lazy } from './lib/lazy.svelte';
import { resetPreferences } from './lib/preferences';
import { hwPosboxStatusWindows } from './test/fixtures';
import { events, healthy, outcomes, site, troubled } from './test/diagnoses';
import { channelOf, deferred, route, type Handlers } from './test/tauri';

const invokeMock = vi.mocked(invoke);
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const noPreferences = { language: null, lastTab: null, reportFormat: null, defaultResolvers: [] };
const appInfo = { version: '0.1.0', os: 'linux', loopbackOnly: false, loopbackReason: null, initialBox: null, startOnDemoBox: false, preferences: noPreferences, desktopLanguage: 'en' };

const heading = () => screen.getByTestId('step-heading');
const stepNow = () => heading().dataset.step;

function start(handlers: Handlers = {}) {
  route(invokeMock, { app_info: () => appInfo, ...handlers });
  render(App);
}

// The views past the first screen are separate chunks; compiling them on first import takes
// vitest longer than a waitFor allows, so they are loaded once up front (the app preloads them
// too, once the first screen is up).
beforeAll(() => lazy.loadAll(), 60_000);

beforeEach(() => {
  invokeMock.mockReset();
});

describe('App shell', () => {
  it('shows demo mode, prefills the box and lists all five steps with the first current', async () => {
    start({ app_info: () => ({ ...appInfo, loopbackOnly: true, loopbackReason: 'demo', initialBox: '127.0.0.1:18069' }) });

    const field = (await screen.findByTestId('address-input')) as HTMLInputElement;
    expect(field.value).toBe('127.0.0.1:18069');
    expect(screen.getByTestId('mode-badge').textContent).toContain('Demo mode');
    const steps = screen.getAllByRole('listitem').filter((li) => li.dataset.testid?.startsWith('step-'));
    expect(steps.map((s) => s.dataset.testid)).toEqual([
      'step-box',
      'step-credentials',
      'step-generate',
      'step-validity',
      'step-done',
    ]);
    expect(steps[0]!.getAttribute('aria-current')).toBe('step');
    expect(steps.slice(1).every((s) => s.classList.contains('locked'))).toBe(true);
  });

  it('renders the first screen at once from the facts the shell handed over, without asking', () => {
    window.__IOT_HTTPS_APP_INFO__ = { ...appInfo, loopbackOnly: true, loopbackReason: 'test', initialBox: '127.0.0.1:18069' };
    try {
      start();
      // No await: the Box step is there in the first render.
      expect((screen.getByTestId('address-input') as HTMLInputElement).value).toBe('127.0.0.1:18069');
      expect(screen.getByTestId('mode-badge').textContent).toContain('Test mode');
      expect(invokeMock.mock.calls.filter(([command]) => command === 'app_info')).toEqual([]);
    } finally {
      delete window.__IOT_HTTPS_APP_INFO__;
    }
  });

  it('opens on the tab of the last run, and remembers a switch in the preferences', async () => {
    window.__IOT_HTTPS_APP_INFO__ = { ...appInfo, preferences: { ...noPreferences, lastTab: 'sites' } };
    resetPreferences();
    try {
      start({ save_preferences: () => null });
      expect(await screen.findByTestId('sites-heading')).toBeTruthy();
      expect(document.querySelector('.shell')?.getAttribute('data-view')).toBe('sites');
      await fireEvent.click(screen.getByTestId('wizard-tab'));
      await waitFor(() =>
        expect(invokeMock).toHaveBeenCalledWith('save_preferences', {
          preferences: expect.objectContaining({ lastTab: 'wizard' }),
        }),
      );
    } finally {
      delete window.__IOT_HTTPS_APP_INFO__;
    }
  });

  it('has no demo badge for a real run, and still starts without Tauri', async () => {
    start({
      app_info: () => {
        throw new TypeError('window.__TAURI_INTERNALS__ is undefined');
      },
    });
    await screen.findByTestId('address-input');
    expect(screen.queryByTestId('mode-badge')).toBeNull();
  });

  it('switches to Dutch and back from the header, and remembers the choice', async () => {
    start();
    await screen.findByTestId('address-input');
    expect(screen.getByTestId('connect-button').textContent).toContain('Connect');

    await fireEvent.change(screen.getByTestId('lang-switch'), { target: { value: 'nl' } });
    expect(screen.getByTestId('connect-button').textContent).toContain('Verbinden');
    expect(screen.getByLabelText('Adres van de box')).toBe(screen.getByTestId('address-input'));
    expect(document.documentElement.lang).toBe('nl');
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('save_preferences', { preferences: expect.objectContaining({ language: 'nl' }) }),
    );

    await fireEvent.change(screen.getByTestId('lang-switch'), { target: { value: 'en' } });
    expect(screen.getByTestId('connect-button').textContent).toContain('Connect');
    await waitFor(() =>
      expect(invokeMock).toHaveBeenLastCalledWith('save_preferences', { preferences: expect.objectContaining({ language: 'en' }) }),
    );
  });
});

describe('the wizard', () => {
  async function connectAndContinue() {
    await fireEvent.input(await screen.findByTestId('address-input'), { target: { value: '192.0.2.7' } });
    await fireEvent.click(screen.getByTestId('connect-button'));
    await fireEvent.click(await screen.findByTestId('next-button'));
    await waitFor(() => expect(stepNow()).toBe('credentials'));
  }

  async function typeCredentials() {
    await fireEvent.input(screen.getByTestId('db-uuid-input'), { target: { value: UUID } });
    await fireEvent.input(screen.getByTestId('contract-code-input'), { target: { value: 'M1234567890' } });
    await fireEvent.click(screen.getByTestId('save-credentials-button'));
    await waitFor(() => expect(stepNow()).toBe('generate'));
  }

  it('walks from the box to a served certificate, its validity and the report', async () => {
    const watch = deferred<WatchOutcome>();
    const saved: Site = site({ id: 'new-1', name: 'DESKTOP-IOT', address: hwPosboxStatusWindows.address });
    start({
      connect_box: () => hwPosboxStatusWindows,
      remember_box: () => saved,
      check_credentials: () => ({ dbUuid: UUID }),
      save_credentials: () => watch.promise,
      diagnose_box: () => healthy,
      export_report: () => '# Report',
      copy_text: () => null,
    });
    await connectAndContinue();
    expect(document.activeElement).toBe(heading());
    expect(invokeMock).toHaveBeenCalledWith('remember_box', { address: '127.0.0.1:18070' });

    await typeCredentials();
    expect(document.activeElement).toBe(heading());
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith(
        'save_credentials',
        expect.objectContaining({ dbUuid: UUID, contractCode: 'M1234567890', storedCodeOf: null }),
      ),
    );
    const channel = channelOf<WatchEvent>(invokeMock, 'save_credentials');
    for (const e of [events.requestSent, events.boxDown, events.boxBack, events.certificateValid, events.served]) channel.send(e);
    watch.resolve(outcomes.ready);

    await waitFor(() => expect(stepNow()).toBe('validity'));
    await screen.findByTestId('validity-timeline');
    expect(screen.getByTestId('step-validity').getAttribute('aria-current')).toBe('step');
    await fireEvent.click(screen.getByTestId('next-button'));

    await waitFor(() => expect(stepNow()).toBe('done'));
    expect(screen.getByTestId('done-result').textContent).toContain('The box serves a valid certificate on HTTPS.');
    await fireEvent.click(screen.getByTestId('export-markdown'));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('copy_text', { text: '# Report' }));
  });

  it('troubleshoots a failed certificate; Back leads to the credentials, not into a second save', async () => {
    start({
      connect_box: () => hwPosboxStatusWindows,
      remember_box: () => site({ id: 'new-1', address: hwPosboxStatusWindows.address }),
      check_credentials: () => ({ dbUuid: UUID }),
      save_credentials: () => outcomes.failed,
      diagnose_box: () => ({ ...troubled, findings: [...troubled.findings] }),
    });
    await connectAndContinue();
    await typeCredentials();

    await waitFor(() => expect(stepNow()).toBe('troubleshoot'));
    expect(screen.getAllByTestId('finding').length).toBeGreaterThan(0);
    expect(screen.getByTestId('step-generate').getAttribute('aria-current')).toBe('step');
    await fireEvent.click(screen.getByTestId('back-button'));
    await waitFor(() => expect(stepNow()).toBe('credentials'));
    expect(invokeMock.mock.calls.filter((c) => c[0] === 'save_credentials')).toHaveLength(1);
  });

  it('goes back to the credentials from a finding, with what was typed still there', async () => {
    start({
      connect_box: () => hwPosboxStatusWindows,
      remember_box: () => site({ id: 'new-1', address: hwPosboxStatusWindows.address }),
      check_credentials: () => ({ dbUuid: UUID }),
      save_credentials: () => outcomes.failed,
      diagnose_box: () => ({
        ...troubled,
        findings: [
          { ...troubled.findings[2]!, code: 'ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL', actions: ['editCredentials', 'retry'] },
        ],
      }),
    });
    await connectAndContinue();
    await typeCredentials();
    await waitFor(() => expect(stepNow()).toBe('troubleshoot'));

    await fireEvent.click(screen.getByTestId('action-editCredentials'));
    await waitFor(() => expect(stepNow()).toBe('credentials'));
    expect((screen.getByTestId('db-uuid-input') as HTMLInputElement).value).toBe(UUID);
    expect((screen.getByTestId('contract-code-input') as HTMLInputElement).value).toBe('M1234567890');
  });

  it('has a Sites tab; opening a site there connects to it in the wizard', async () => {
    const bakery = site({ id: 's1', name: 'Bakery', address: hwPosboxStatusWindows.address });
    start({ list_sites: () => ({ sites: [bakery], warning: null }), connect_box: () => hwPosboxStatusWindows });
    await screen.findByTestId('address-input');

    await fireEvent.click(screen.getByTestId('sites-tab'));
    expect(screen.getByTestId('sites-tab').getAttribute('aria-current')).toBe('page');
    const row = await screen.findByTestId('site-row');
    expect(document.activeElement).toBe(screen.getByTestId('sites-heading'));

    await fireEvent.click(screen.getByTestId('site-open'));
    expect(screen.getByTestId('wizard-tab').getAttribute('aria-current')).toBe('page');
    await screen.findByTestId('identity-card');
    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: bakery.address }));
    expect(row.isConnected).toBe(true); // the fleet view keeps its state while hidden
  });
});
