import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', async () => (await import('../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import { api, call, isWireError, toWireError, UNEXPECTED, type WatchEvent } from './api';
import { FakeChannel } from '../test/tauri';
import { events, healthy } from '../test/diagnoses';

const invokeMock = vi.mocked(invoke);

const UNEXPECTED_EN = 'Something unexpected went wrong in the window.';

describe('toWireError', () => {
  it('keeps a WireError as it is', () => {
    const e = { code: 'BOX_UNREACHABLE', args: { target: '127.0.0.1:9' }, message: 'did not answer', detail: 'ECONNREFUSED' };
    expect(toWireError(e)).toEqual(e);
  });

  it('drops a null detail, unknown extra fields and args that are not strings', () => {
    expect(toWireError({ code: 'BOX_TIMEOUT', args: { path: '/x', n: 3 }, message: 'slow', detail: null, extra: 1 })).toEqual({
      code: 'BOX_TIMEOUT',
      args: { path: '/x' },
      message: 'slow',
    });
  });

  it('reads a WireError serialised as a JSON string, with or without args', () => {
    expect(toWireError('{"code":"BOX_NOT_ODOO","message":"not odoo"}')).toEqual({
      code: 'BOX_NOT_ODOO',
      args: {},
      message: 'not odoo',
    });
  });

  it('turns a plain string into UI_UNEXPECTED with the string as detail', () => {
    expect(toWireError('command connect_box not found')).toEqual({
      code: UNEXPECTED,
      args: {},
      message: UNEXPECTED_EN,
      detail: 'command connect_box not found',
    });
    expect(toWireError('{not json')).toEqual({ code: UNEXPECTED, args: {}, message: UNEXPECTED_EN, detail: '{not json' });
    expect(toWireError('')).toEqual({ code: UNEXPECTED, args: {}, message: UNEXPECTED_EN });
  });

  it('turns an Error into UI_UNEXPECTED', () => {
    expect(toWireError(new TypeError('x is undefined'))).toEqual({
      code: UNEXPECTED,
      args: {},
      message: UNEXPECTED_EN,
      detail: 'TypeError: x is undefined',
    });
    expect(toWireError(new Error('boom'))).toEqual({ code: UNEXPECTED, args: {}, message: UNEXPECTED_EN, detail: 'boom' });
  });

  it.each([
    [null],
    [undefined],
    [42],
    [{ code: 3, message: 'wrong type' }],
    [{ code: '', message: 'empty code' }],
    [{ message: 'no code' }],
    [['a']],
  ])('turns %j into UI_UNEXPECTED with a non-empty message', (value) => {
    const e = toWireError(value);
    expect(e.code).toBe(UNEXPECTED);
    expect(e.message.length).toBeGreaterThan(0);
    expect(isWireError(e)).toBe(true);
  });

  it('survives values that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(toWireError(cyclic)).toEqual({ code: UNEXPECTED, args: {}, message: UNEXPECTED_EN });
  });
});

describe('commands', () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it('passes the command name and arguments through', async () => {
    invokeMock.mockResolvedValueOnce('127.0.0.1:18069');
    await expect(api.startDemoBox()).resolves.toBe('127.0.0.1:18069');
    expect(invokeMock).toHaveBeenCalledWith('start_demo_box', { choice: null });

    invokeMock.mockResolvedValueOnce({ version: '0.1.0', loopbackOnly: true, initialBox: null });
    await expect(api.appInfo()).resolves.toMatchObject({ loopbackOnly: true });
    expect(invokeMock).toHaveBeenLastCalledWith('app_info', undefined);

    invokeMock.mockResolvedValueOnce({});
    await api.connectBox('192.0.2.50');
    expect(invokeMock).toHaveBeenLastCalledWith('connect_box', expect.objectContaining({ address: '192.0.2.50', boxTimeoutS: null }));
  });

  it('rejects with a WireError whatever the rejection was', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'BOX_TIMEOUT', message: 'took too long' });
    await expect(call('cancel_scan')).rejects.toEqual({ code: 'BOX_TIMEOUT', args: {}, message: 'took too long' });

    invokeMock.mockRejectedValueOnce(new Error('no ipc'));
    await expect(call('cancel_scan')).rejects.toMatchObject({ code: UNEXPECTED, detail: 'no ipc' });

    invokeMock.mockImplementationOnce(() => {
      throw 'sync failure';
    });
    await expect(call('cancel_scan')).rejects.toMatchObject({ code: UNEXPECTED, detail: 'sync failure' });
  });
});

describe('wizard commands', () => {
  beforeEach(() => {
    invokeMock.mockReset();
    invokeMock.mockResolvedValue(null);
  });

  it('send the agreed names and arguments', async () => {
    await api.checkCredentials('u', 'c');
    expect(invokeMock).toHaveBeenLastCalledWith('check_credentials', { dbUuid: 'u', contractCode: 'c' });
    await api.cancelWatch();
    expect(invokeMock).toHaveBeenLastCalledWith('cancel_watch', undefined);
    await api.diagnoseBox('10.0.0.5');
    expect(invokeMock).toHaveBeenLastCalledWith('diagnose_box', expect.objectContaining({ address: '10.0.0.5' }));
    await api.listSites();
    expect(invokeMock).toHaveBeenLastCalledWith('list_sites', undefined);
    await api.rememberBox('10.0.0.5:8069');
    expect(invokeMock).toHaveBeenLastCalledWith('remember_box', { address: '10.0.0.5:8069' });
    await api.addFoundSite('10.0.0.6:8069');
    expect(invokeMock).toHaveBeenLastCalledWith('add_found_site', { address: '10.0.0.6:8069' });
    await api.deleteSite('s1');
    expect(invokeMock).toHaveBeenLastCalledWith('delete_site', { id: 's1' });
    await api.exportReport('json', 'de');
    expect(invokeMock).toHaveBeenLastCalledWith('export_report', { format: 'json', language: 'de' });
    await api.saveReport('html', 'es');
    expect(invokeMock).toHaveBeenLastCalledWith('save_report', { format: 'html', language: 'es' });
    await api.copyText('hello');
    expect(invokeMock).toHaveBeenLastCalledWith('copy_text', { text: 'hello' });
    await api.openUrl('https://x.odoo-iot.com/');
    expect(invokeMock).toHaveBeenLastCalledWith('open_url', { url: 'https://x.odoo-iot.com/' });
  });

  it('stream watch events through a channel', async () => {
    const seen: WatchEvent[] = [];
    await api.saveCredentials(
      { address: 'a', dbUuid: 'u', contractCode: null, storedCodeOf: 's1', choice: null, remember: false },
      (e) => seen.push(e),
    );
    const args = invokeMock.mock.lastCall?.[1] as Record<string, unknown>;
    expect(invokeMock.mock.lastCall?.[0]).toBe('save_credentials');
    expect(args).toMatchObject({ address: 'a', dbUuid: 'u', contractCode: null, storedCodeOf: 's1', choice: null });
    expect(args.onEvent).toBeInstanceOf(FakeChannel);
    (args.onEvent as FakeChannel<WatchEvent>).send(events.boxDown);
    expect(seen).toEqual([events.boxDown]);

    await api.boxAction('a', 'restartOdoo', () => {});
    expect(invokeMock).toHaveBeenLastCalledWith('box_action', {
      address: 'a',
      action: 'restartOdoo',
      onEvent: expect.any(FakeChannel),
    });
  });
});
