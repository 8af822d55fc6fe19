import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import DeviceCheckPanel from './DeviceCheckPanel.svelte';
import type { DeviceCheckInfo, DeviceResult } from '../api';
import type { AppInfo } from '../bindings/AppInfo';
import type { FindingCode } from '../bindings/FindingCode';
import { channelOf, route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

const info: DeviceCheckInfo = {
  url: 'http://127.0.0.1:40123/c/abcdefghijklmnopqrstuvwxyz',
  listen: '127.0.0.1:40123',
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" data-testid="qr-svg"><rect width="1" height="1"/></svg>',
  expiresAt: '2026-12-01T09:15:00Z',
  target: { boxIp: '127.0.0.1', httpPort: 8069, httpsPort: 443, lnaPort: 80, useLna: null, boxName: '127-0-0-1.d73e7513.odoo-iot.com' },
};

function device(id: string, verdict: FindingCode, severity: 'ok' | 'error'): DeviceResult {
  const probe = { outcome: 'ok' as const, ms: 5, detail: null };
  return {
    deviceId: id,
    peer: '127.0.0.1',
    browser: { family: 'chromium', name: 'Chromium', version: '156', os: 'Linux', enforcesLna: true, oldAndroidTrustStore: false },
    verdict,
    findings: [{ code: verdict, severity, needsAction: severity === 'error', source: 'device', evidence: [{ kind: 'deviceBrowser', args: { name: 'Chromium', version: '156', os: 'Linux' } }], httpStatus: null, detail: null, actions: [], routerRecipes: null }],
    report: { deviceId: id, userAgent: 'UA', brands: [], secureContext: true, permission: 'granted', httpsByName: probe, httpByName: probe, httpByIp: probe },
    receivedAt: '2026-12-01T09:01:00Z',
  };
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('DeviceCheckPanel', () => {
  it('shows a box that reports another address than the one reached as a conflict', async () => {
    const conflict = { ...info, target: { ...info.target, reportedIp: '10.0.0.9' } };
    route(invokeMock, { start_device_check: () => conflict, close_device_check: () => null });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    await fireEvent.click(screen.getByTestId('device-check-start'));
    const shown = await screen.findByTestId('device-ip-conflict');
    expect(shown.textContent).toContain('10.0.0.9');
    expect(shown.textContent).toContain('127.0.0.1');
  });

  it('shows no conflict when the box reports the address reached', async () => {
    route(invokeMock, { start_device_check: () => info, close_device_check: () => null });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    await fireEvent.click(screen.getByTestId('device-check-start'));
    await screen.findByTestId('device-check-open');
    expect(screen.queryByTestId('device-ip-conflict')).toBeNull();
  });

  it('opens the check, shows the QR code and address, and lists devices as they report', async () => {
    route(invokeMock, { start_device_check: () => info, close_device_check: () => null });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    await fireEvent.click(screen.getByTestId('device-check-start'));
    await screen.findByTestId('device-check-open');
    expect(invokeMock).toHaveBeenCalledWith('start_device_check', expect.objectContaining({ address: '127.0.0.1:8069' }));
    expect(screen.getByTestId('device-check-url').textContent).toBe(info.url);
    expect(within(screen.getByTestId('device-qr')).getByTestId('qr-svg')).toBeTruthy();
    expect(screen.getByTestId('device-waiting')).toBeTruthy();

    // Core sends the devices as they stand after each report (its `Standing`).
    const channel = channelOf<DeviceResult[]>(invokeMock, 'start_device_check');
    channel.send([device('dev-a', 'DEVICE_LNA_BLOCKED', 'error')]);
    channel.send([device('dev-a', 'DEVICE_LNA_BLOCKED', 'error'), device('dev-b', 'DEVICE_OK', 'ok')]);
    await waitFor(() => expect(screen.getAllByTestId('device-result')).toHaveLength(2));
    // dev-a ran the page again: core's list has its new result, and the window shows just that.
    channel.send([device('dev-a', 'DEVICE_OK', 'ok'), device('dev-b', 'DEVICE_OK', 'ok')]);
    await waitFor(() =>
      expect(screen.getAllByTestId('device-result').map((r) => r.dataset.verdict)).toEqual(['DEVICE_OK', 'DEVICE_OK']),
    );
    const rows = screen.getAllByTestId('device-result');
    expect(rows.map((r) => r.dataset.device)).toEqual(['dev-a', 'dev-b']);
    expect(rows[0]!.textContent).toContain('This device reaches the box over HTTPS');

    await fireEvent.click(screen.getByTestId('device-check-close'));
    expect(invokeMock).toHaveBeenCalledWith('close_device_check', undefined);
    await screen.findByTestId('device-check-closed');
  });

  it('says beforehand on Windows which answer the firewall needs, and not elsewhere or on loopback', async () => {
    const appInfo: AppInfo = { version: '0.1.0', os: 'windows', loopbackOnly: false, loopbackReason: null, initialBox: null, startOnDemoBox: false, preferences: { language: null, lastTab: null, reportFormat: null, defaultResolvers: [] }, desktopLanguage: 'en' };
    try {
      window.__IOT_HTTPS_APP_INFO__ = appInfo;
      const windows = render(DeviceCheckPanel, { address: '192.0.2.10:8069', diagnosis: null });
      expect(screen.getByTestId('device-firewall-windows').textContent).toContain('Private networks');
      windows.unmount();
      const others: AppInfo[] = [{ ...appInfo, os: 'linux' }, { ...appInfo, loopbackOnly: true, loopbackReason: 'demo' }];
      for (const other of others) {
        window.__IOT_HTTPS_APP_INFO__ = other;
        const shown = render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
        expect(screen.queryByTestId('device-firewall-windows')).toBeNull();
        shown.unmount();
      }
    } finally {
      delete window.__IOT_HTTPS_APP_INFO__;
    }
  });

  it('explains, while no device has reported, what it means when none reaches the page', async () => {
    route(invokeMock, { start_device_check: () => info, close_device_check: () => null });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    await fireEvent.click(screen.getByTestId('device-check-start'));
    const unreached = await screen.findByTestId('device-unreached');
    expect(unreached.textContent).toContain('No device has reached the check page');
    expect(unreached.textContent).toContain('Allow an app through firewall');
    channelOf<DeviceResult[]>(invokeMock, 'start_device_check').send([device('dev-a', 'DEVICE_OK', 'ok')]);
    await waitFor(() => expect(screen.queryByTestId('device-unreached')).toBeNull());
  });

  it('shows why the check could not open', async () => {
    route(invokeMock, {
      start_device_check: () => {
        throw { code: 'NET_POLICY_REFUSED', args: { target: '192.0.2.1', scope: 'address' }, message: 'x' };
      },
    });
    render(DeviceCheckPanel, { address: '192.0.2.1', diagnosis: null });
    await fireEvent.click(screen.getByTestId('device-check-start'));
    await waitFor(() => expect(screen.getByText(/Refused to contact 192\.0\.2\.1/)).toBeTruthy());
    expect(screen.queryByTestId('device-check-open')).toBeNull();
  });

  it('generates the enterprise policy from the Odoo address, with the field error in place', async () => {
    route(invokeMock, {
      device_policies: (args) => {
        const origin = (args as { origin: string }).origin;
        if (origin.startsWith('http://')) throw { code: 'INPUT_INVALID_ADDRESS', message: 'serve Odoo over HTTPS first' };
        return [{ browser: 'chrome', format: 'json', fileName: 'odoo-local-network-chrome.json', installPath: '/etc/opt/chrome/policies/managed', content: '{"LocalNetworkAccessAllowedForUrls":["https://shop.odoo.com"]}' }];
      },
    });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    const input = screen.getByTestId('policy-origin') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'http://shop.example.com' } });
    await fireEvent.click(screen.getByTestId('policy-generate'));
    await screen.findByTestId('policy-error');
    expect(input.value).toBe('http://shop.example.com');
    await fireEvent.input(input, { target: { value: 'https://shop.odoo.com' } });
    await fireEvent.click(screen.getByTestId('policy-generate'));
    const file = await screen.findByTestId('policy-file');
    expect(file.dataset.name).toBe('odoo-local-network-chrome.json');
    expect(file.textContent).toContain('LocalNetworkAccessAllowedForUrls');
  });

  it('checks payment terminals and shows the port, the Six ID and the advice', async () => {
    route(invokeMock, {
      check_payment_terminals: () => ({
        boxIp: '127.0.0.1', flavour: 'linux', worldlinePort: 9001, worldlinePortOpen: false, worldlineDetail: 'Connection refused',
        sixTerminal: null, sixReported: true,
        findings: [
          { code: 'TERMINAL_PORT_CLOSED', severity: 'warning', needsAction: true, source: 'laptop', evidence: [], httpStatus: null, detail: null, actions: [], routerRecipes: null },
          { code: 'BOX_ADDRESS_NOT_RESERVED', severity: 'info', needsAction: false, source: 'laptop', evidence: [], httpStatus: null, detail: null, actions: [], routerRecipes: null },
        ],
      }),
    });
    render(DeviceCheckPanel, { address: '127.0.0.1:8069', diagnosis: null });
    await fireEvent.click(screen.getByTestId('terminal-check'));
    const readiness = await screen.findByTestId('terminal-readiness');
    expect(readiness.textContent).toContain('Worldline port 9001');
    expect(readiness.textContent).toContain('closed');
    expect(readiness.textContent).toContain('not configured');
    const codes = screen.getAllByTestId('finding').map((f) => f.dataset.code);
    expect(codes).toEqual(['TERMINAL_PORT_CLOSED', 'BOX_ADDRESS_NOT_RESERVED']);
  });
});
