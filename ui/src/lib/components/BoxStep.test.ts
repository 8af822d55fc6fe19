import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import BoxStep from './BoxStep.svelte';
import { crashedHwPosbox, hwPosboxStatusWindows, iotDriversLinux } from '../../test/fixtures';
import { site } from '../../test/diagnoses';
import { sites } from '../siteList.svelte';

const invokeMock = vi.mocked(invoke);

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const input = () => screen.getByTestId('address-input') as HTMLInputElement;

async function type(value: string) {
  await fireEvent.input(input(), { target: { value } });
}

beforeEach(() => {
  invokeMock.mockReset();
  // The recent-sites list is covered by its own tests below; here it is already loaded.
  sites.loaded = true;
});

describe('BoxStep', () => {
  it('shows a box whose status page crashed as found, with the crash and its cause, and goes on', async () => {
    invokeMock.mockResolvedValueOnce(crashedHwPosbox);
    const onNext = vi.fn();
    render(BoxStep, { onNext });
    await type('127.0.0.1:18071');
    await fireEvent.click(screen.getByTestId('connect-button'));
    await screen.findByTestId('identity-card');
    const shown = screen.getAllByTestId('box-finding').map((f) => f.getAttribute('data-code'));
    expect(shown).toEqual(['BOX_STATUS_ERROR', 'ERR_IOT_HTTPS_LOAD_REQUEST_NO_RESULT']);
    expect(screen.getByTestId('box-findings').textContent).toContain('odoo.com refused to issue a certificate');
    expect(screen.queryByTestId('error-panel')).toBeNull();
    await fireEvent.click(screen.getByTestId('next-button'));
    expect(onNext).toHaveBeenCalled();
  });

  it('shows no read findings for a box whose status page answered', async () => {
    invokeMock.mockResolvedValueOnce(iotDriversLinux);
    render(BoxStep);
    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));
    await screen.findByTestId('identity-card');
    expect(screen.queryByTestId('box-findings')).toBeNull();
  });

  it('passes the box time limit and says why it waits when the box is slow', async () => {
    const answer = deferred<unknown>();
    invokeMock.mockReturnValueOnce(answer.promise);
    render(BoxStep);

    await fireEvent.input(screen.getByTestId('box-timeout-input'), { target: { value: '300' } });
    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));
    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ boxTimeoutS: 300 }));
    const call = invokeMock.mock.calls.find((c) => c[0] === 'connect_box');
    const channel = (call?.[1] as { onProgress: { send: (m: unknown) => void } }).onProgress;
    channel.send({ path: '/hw_posbox_homepage/data', timeoutMs: 300_000 });
    await waitFor(() =>
      expect(screen.getByTestId('busy').textContent).toContain('asking odoo.com for its certificate; waiting up to 300 s'),
    );
    answer.resolve(iotDriversLinux);
    await screen.findByTestId('identity-card');

    await fireEvent.input(screen.getByTestId('box-timeout-input'), { target: { value: '2' } });
    expect(screen.getByTestId('box-timeout-error')).toBeTruthy();
  });

  it('lets a trainer start the demo box in any scenario', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'demo_scenarios')
        return {
          families: [{ name: 'iot-drivers', description: '' }, { name: 'hw-posbox-status', description: '' }],
          flavours: [{ name: 'linux', description: '' }, { name: 'windows', description: '' }],
          scenarios: [{ name: 'healthy', description: '' }, { name: 'odoo-com-dropped', description: 'firewall' }],
        };
      if (cmd === 'start_demo_box') return '127.0.0.1:18070';
      if (cmd === 'connect_box') return hwPosboxStatusWindows;
      throw new Error(`unexpected ${cmd}`);
    });
    render(BoxStep);
    const details = screen.getByTestId('box-advanced') as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event('toggle'));
    await screen.findByTestId('demo-picker');
    await fireEvent.change(screen.getByTestId('demo-family'), { target: { value: 'hw-posbox-status' } });
    await fireEvent.change(screen.getByTestId('demo-flavour'), { target: { value: 'windows' } });
    await fireEvent.change(screen.getByTestId('demo-scenario'), { target: { value: 'odoo-com-dropped' } });
    await fireEvent.click(screen.getByTestId('demo-start'));
    await screen.findByTestId('identity-card');
    expect(invokeMock).toHaveBeenCalledWith('start_demo_box', {
      choice: { family: 'hw-posbox-status', flavour: 'windows', scenario: 'odoo-com-dropped' },
    });
  });

  it('shows a busy state, then the identity of an iot-drivers Linux box', async () => {
    const answer = deferred<unknown>();
    invokeMock.mockReturnValueOnce(answer.promise);
    const onConnected = vi.fn();
    render(BoxStep, { onConnected });

    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));

    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: '192.0.2.50' }));
    expect(screen.getByTestId('busy').textContent).toContain('Connecting to 192.0.2.50');
    expect((screen.getByTestId('connect-button') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('demo-button') as HTMLButtonElement).disabled).toBe(true);

    answer.resolve(iotDriversLinux);
    await screen.findByTestId('identity-card');
    expect(screen.queryByTestId('busy')).toBeNull();
    expect(screen.getByTestId('identity-family').textContent).toContain('iot-drivers');
    expect(screen.getByTestId('identity-family').textContent).toContain('Odoo saas-18.4 / 19.0+');
    expect(screen.getByTestId('identity-flavour').textContent).toContain('linux');
    expect(screen.getByTestId('identity-flavour').textContent).toContain('Raspberry Pi IoT box');
    expect(screen.getByTestId('identity-version').textContent).toContain('19.0');
    expect(screen.getByTestId('identity-ip').textContent).toContain('192.0.2.50');
    expect(screen.getByTestId('identity-identifier').textContent).toContain('10000000abcdef01');
    expect(screen.getByTestId('identity-mac').textContent).toContain('b8:27:eb:12:34:56');
    expect(screen.getByTestId('identity-server').textContent).toContain('https://shop.example.com');
    expect(screen.getByTestId('identity-credentials').textContent).toContain('0a1b2c3d-db-uuid');
    expect(screen.getByTestId('identity-credentials').textContent).toContain('Contract code: present');
    expect(screen.getByTestId('identity-certificate').textContent).toContain('Valid until 2026-03-01 12:00:00');
    expect(onConnected).toHaveBeenCalledWith(iotDriversLinux, null);
    expect((screen.getByTestId('connect-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('submits with Enter and shows a hw-posbox-status Windows box', async () => {
    invokeMock.mockResolvedValueOnce(hwPosboxStatusWindows);
    render(BoxStep);

    await type('  192.0.2.7:8069 ');
    await fireEvent.submit(input().form!);

    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: '192.0.2.7:8069' }));
    await screen.findByTestId('identity-card');
    expect(screen.getByTestId('identity-family').textContent).toContain('hw-posbox-status');
    expect(screen.getByTestId('identity-family').textContent).toContain('Odoo 17.0 – saas-18.2');
    expect(screen.getByTestId('identity-flavour').textContent).toContain('windows');
    expect(screen.getByTestId('identity-flavour').textContent).toContain('Windows virtual IoT');
    expect(screen.getByTestId('identity-version').textContent).toContain('17.0');
    expect(screen.getByTestId('identity-identifier').textContent).toContain('00:15:5d:aa:bb:cc');
    expect(screen.getByTestId('identity-server').textContent).toContain('Not paired');
    expect(screen.getByTestId('identity-server').textContent).toContain('K3Y9QZ');
    expect(screen.getByTestId('identity-credentials').textContent).toContain('Contract code: missing');
    const cert = screen.getByTestId('identity-certificate').textContent ?? '';
    expect(cert).toContain('Not OK');
    expect(cert).toContain('ERR_IOT_HTTPS_LOAD_NO_CREDENTIAL');
    expect(screen.getByTestId('identity-anomalies').textContent).toContain('field `ip` is a number');
  });

  it('shows the code and message of a failure and keeps what was typed', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'BOX_UNREACHABLE',
      args: { target: '192.0.2.77:8069' },
      message: 'The box at 192.0.2.77:8069 did not answer.',
      detail: 'os error 111',
    });
    render(BoxStep);

    await type('192.0.2.77');
    await fireEvent.click(screen.getByTestId('connect-button'));

    const panel = await screen.findByTestId('error-panel');
    expect(screen.getByTestId('error-code').textContent).toBe('BOX_UNREACHABLE');
    expect(panel.textContent).toContain('The box at 192.0.2.77:8069 did not answer.');
    expect(panel.textContent).toContain('same network');
    expect(input().value).toBe('192.0.2.77');
    expect(screen.queryByTestId('identity-card')).toBeNull();
    expect(screen.queryByTestId('busy')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(input()));
  });

  it('shows an address the box side refused next to the field too', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'INPUT_INVALID_ADDRESS',
      args: { input: '192.168.1' },
      message: '“192.168.1” is not a usable address.',
    });
    render(BoxStep);

    await type('192.168.1');
    await fireEvent.click(screen.getByTestId('connect-button'));

    await screen.findByTestId('error-panel');
    expect(screen.getByTestId('error-code').textContent).toBe('INPUT_INVALID_ADDRESS');
    expect(screen.getByTestId('address-error').textContent).toContain('“192.168.1” is not a usable address.');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().value).toBe('192.168.1');

    await type('192.0.2.5');
    expect(screen.queryByTestId('address-error')).toBeNull();
  });

  it('says what is missing for an empty address without calling the box', async () => {
    render(BoxStep);
    await fireEvent.click(screen.getByTestId('connect-button'));

    expect(screen.getByTestId('address-error').textContent).toContain("Enter the box's IP address");
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it('flags https:// as soon as it is typed and does not send it', async () => {
    render(BoxStep);
    await type('https://192.0.2.50');
    expect(screen.getByTestId('address-error').textContent).toContain('https://');

    await fireEvent.submit(input().form!);
    expect(invokeMock).not.toHaveBeenCalled();
    expect(input().value).toBe('https://192.0.2.50');
  });

  it('prefills the address from the app', () => {
    render(BoxStep, { initialAddress: '192.0.2.60' });
    expect(input().value).toBe('192.0.2.60');
  });

  it('offers to check the box right away, skipping the credentials', async () => {
    invokeMock.mockResolvedValueOnce(iotDriversLinux);
    const onCheckNow = vi.fn();
    render(BoxStep, { onCheckNow });
    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));
    await fireEvent.click(await screen.findByTestId('check-now-button'));
    expect(onCheckNow).toHaveBeenCalledOnce();
  });

  it('starts the demo box, fills in its address and connects to it', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'start_demo_box') return '127.0.0.1:18069';
      if (cmd === 'connect_box') return iotDriversLinux;
      throw new Error(`unexpected ${cmd}`);
    });
    render(BoxStep);

    await fireEvent.click(screen.getByTestId('demo-button'));
    await screen.findByTestId('identity-card');

    expect(invokeMock).toHaveBeenNthCalledWith(1, 'start_demo_box', { choice: null });
    expect(invokeMock).toHaveBeenNthCalledWith(2, 'connect_box', expect.objectContaining({ address: '127.0.0.1:18069' }));
    expect(input().value).toBe('127.0.0.1:18069');
  });

  it('connects to the demo box at once when started in demo mode without a box', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'start_demo_box') return '127.0.0.1:18069';
      if (cmd === 'connect_box') return iotDriversLinux;
      throw new Error(`unexpected ${cmd}`);
    });
    render(BoxStep, { startOnDemo: true });

    await screen.findByTestId('identity-card');
    expect(invokeMock).toHaveBeenNthCalledWith(1, 'start_demo_box', { choice: null });
    expect(input().value).toBe('127.0.0.1:18069');
  });

  it('shows a demo box failure in the error panel', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'DEMO_BOX_FAILED', message: 'The demo box could not be started.' });
    render(BoxStep, { initialAddress: '192.0.2.60' });

    await fireEvent.click(screen.getByTestId('demo-button'));
    await screen.findByTestId('error-panel');
    expect(screen.getByTestId('error-code').textContent).toBe('DEMO_BOX_FAILED');
    expect(input().value).toBe('192.0.2.60');
  });

  it('can stop waiting, and ignores the late answer', async () => {
    const answer = deferred<unknown>();
    invokeMock.mockReturnValueOnce(answer.promise);
    render(BoxStep);

    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));
    await fireEvent.click(screen.getByTestId('cancel-button'));

    expect(screen.queryByTestId('busy')).toBeNull();
    expect(screen.getByTestId('cancelled')).toBeTruthy();
    answer.resolve(iotDriversLinux);
    await answer.promise;
    await Promise.resolve();
    expect(screen.queryByTestId('identity-card')).toBeNull();
    expect(input().value).toBe('192.0.2.50');
  });

  it('has the step heading and goes on with Next once a box is found', async () => {
    invokeMock.mockResolvedValueOnce(iotDriversLinux);
    const onNext = vi.fn();
    render(BoxStep, { onNext });
    const heading = screen.getByTestId('step-heading');
    expect(heading.tagName).toBe('H2');
    expect(heading.dataset.step).toBe('box');
    expect(screen.queryByTestId('next-button')).toBeNull();

    await type('192.0.2.50');
    await fireEvent.click(screen.getByTestId('connect-button'));
    await screen.findByTestId('identity-card');
    await fireEvent.click(screen.getByTestId('next-button'));
    expect(onNext).toHaveBeenCalledOnce();
  });

  it('lists recent sites; a click fills in the address and connects to that site', async () => {
    sites.loaded = false;
    const bakery = site({ name: 'Bakery De Molen', address: '192.0.2.50:8069' });
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'list_sites') return { sites: [bakery], warning: 'The site list was damaged and set aside.' };
      if (cmd === 'connect_box') return { ...iotDriversLinux, address: '192.0.2.50:8069' };
      throw new Error(`unexpected ${cmd}`);
    });
    const onConnected = vi.fn();
    render(BoxStep, { onConnected });

    const entry = await screen.findByTestId('recent-site');
    expect(entry.textContent).toContain('Bakery De Molen');
    expect(screen.getByTestId('sites-warning').textContent).toContain('damaged and set aside');
    await fireEvent.click(entry);

    expect(input().value).toBe('192.0.2.50:8069');
    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: '192.0.2.50:8069' }));
    await screen.findByTestId('identity-card');
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ address: '192.0.2.50:8069' }), bakery);
  });

  it('connects at once to a site opened from the fleet view', async () => {
    invokeMock.mockResolvedValueOnce(iotDriversLinux);
    render(BoxStep, { initialAddress: '192.0.2.50', connectOnStart: true });
    await screen.findByTestId('identity-card');
    expect(invokeMock).toHaveBeenCalledWith('connect_box', expect.objectContaining({ address: '192.0.2.50' }));
  });
});
