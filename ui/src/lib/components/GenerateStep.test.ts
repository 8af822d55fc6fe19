import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('@tauri-apps/api/core', async () => (await import('../../test/tauri')).tauriCoreMock());

import { invoke } from '@tauri-apps/api/core';
import GenerateStep from './GenerateStep.svelte';
import type { WatchEvent, WatchOutcome } from '../api';
import type { GenerateJob } from '../wizard.svelte';
import { hwPosboxStatusWindows, iotDriversLinux } from '../../test/fixtures';
import { events, outcomes, troubled } from '../../test/diagnoses';
import { channelOf, deferred, route } from '../../test/tauri';

const invokeMock = vi.mocked(invoke);

const saveJob: GenerateJob = {
  kind: 'save',
  dbUuid: 'uuid-1',
  contractCode: 'M123',
  storedCodeOf: null,
  choice: null,
  remember: true,
};

function stage(id: string) {
  return screen.getAllByTestId('timeline-stage').find((li) => li.dataset.stage === id)!;
}
const stateOf = (id: string) => stage(id).dataset.state;

function show(job: GenerateJob = saveJob, box = iotDriversLinux) {
  const props = {
    job,
    box,
    onReady: vi.fn(),
    onFailed: vi.fn(),
    onBack: vi.fn(),
    onKeyringError: vi.fn(),
  };
  render(GenerateStep, props);
  return props;
}

let outcome: ReturnType<typeof deferred<WatchOutcome>>;

beforeEach(() => {
  invokeMock.mockReset();
  outcome = deferred<WatchOutcome>();
  route(invokeMock, {
    save_credentials: () => outcome.promise,
    box_action: () => outcome.promise,
    cancel_watch: () => {
      outcome.resolve(outcomes.cancelled);
      return null;
    },
    diagnose_box: () => troubled,
  });
});

describe('GenerateStep', () => {
  it('saves with a channel and advances the timeline through the watch events to ready', async () => {
    const props = show();
    expect(screen.getByTestId('step-heading').dataset.step).toBe('generate');
    expect(invokeMock).toHaveBeenCalledWith('save_credentials', {
      address: iotDriversLinux.address,
      dbUuid: 'uuid-1',
      contractCode: 'M123',
      storedCodeOf: null,
      choice: null,
      remember: true,
      onEvent: expect.anything(),
    });
    expect(stateOf('saving')).toBe('active');
    expect(screen.getByTestId('elapsed').textContent).toContain('0:00');

    const channel = channelOf<WatchEvent>(invokeMock, 'save_credentials');
    channel.send(events.requestSent);
    channel.send(events.boxDown);
    await waitFor(() => expect(stateOf('restarting')).toBe('active'));
    expect(stateOf('saving')).toBe('done');

    channel.send(events.boxBack);
    await waitFor(() => expect(stateOf('back')).toBe('done'));
    expect(stateOf('requested')).toBe('active');
    expect(stage('back').textContent).toContain('after 0:31');
    expect(screen.getByTestId('elapsed').textContent).toContain('0:31');

    channel.send(events.certificateValid);
    await waitFor(() => expect(stateOf('received')).toBe('done'));
    channel.send(events.served);
    await waitFor(() => expect(stateOf('served')).toBe('done'));
    expect(props.onReady).not.toHaveBeenCalled();

    outcome.resolve(outcomes.ready);
    await waitFor(() => expect(props.onReady).toHaveBeenCalledOnce());
    expect(screen.queryByTestId('cancel-button')).toBeNull();
  });

  it('can be cancelled, then tried again or left', async () => {
    const props = show();
    await fireEvent.click(screen.getByTestId('cancel-button'));

    expect(invokeMock).toHaveBeenCalledWith('cancel_watch', undefined);
    expect(await screen.findByTestId('watch-result')).toHaveProperty('textContent', expect.stringContaining('Stopped waiting'));
    expect(stateOf('saving')).toBe('pending');
    expect(props.onReady).not.toHaveBeenCalled();
    expect(invokeMock).not.toHaveBeenCalledWith('diagnose_box', expect.anything());

    await fireEvent.click(screen.getByTestId('back-button'));
    expect(props.onBack).toHaveBeenCalledOnce();

    outcome = deferred<WatchOutcome>();
    await fireEvent.click(screen.getByTestId('retry-button'));
    expect(invokeMock.mock.calls.filter((c) => c[0] === 'save_credentials')).toHaveLength(2);
    expect(stateOf('saving')).toBe('active');
  });

  it('finds out why when the certificate does not come, and hands over the diagnosis', async () => {
    const props = show();
    outcome.resolve(outcomes.failed);
    await waitFor(() => expect(props.onFailed).toHaveBeenCalledWith(troubled));
    expect(invokeMock).toHaveBeenCalledWith('diagnose_box', expect.objectContaining({ address: iotDriversLinux.address }));
    expect(stateOf('saving')).toBe('failed');
  });

  it('asks the box to retry when nothing changed, without restart stages on a read-only family', async () => {
    show({ kind: 'retry', dbUuid: 'uuid-1', contractCode: null, storedCodeOf: null, choice: null, remember: false }, hwPosboxStatusWindows);
    expect(invokeMock).toHaveBeenCalledWith('box_action', {
      address: hwPosboxStatusWindows.address,
      action: 'retry',
      onEvent: expect.anything(),
    });
    expect(screen.getAllByTestId('timeline-stage').map((li) => li.dataset.stage)).toEqual([
      'saving',
      'requested',
      'received',
      'served',
    ]);
    expect(stage('saving').textContent).toContain('Asking the box to try again');
  });

  it('goes back to the credentials when the keyring refuses the code', async () => {
    const props = show();
    outcome.reject({ code: 'KEYRING_UNAVAILABLE', args: {}, message: 'No keyring.' });
    await waitFor(() =>
      expect(props.onKeyringError).toHaveBeenCalledWith({ code: 'KEYRING_UNAVAILABLE', args: {}, message: 'No keyring.' }),
    );
  });

  it('shows any other failure with a way to try again', async () => {
    show();
    outcome.reject({ code: 'BOX_UNREACHABLE', args: { target: '127.0.0.1:8069' }, message: 'x' });
    expect((await screen.findByTestId('error-panel')).textContent).toContain('The box at 127.0.0.1:8069 did not answer.');
    expect(screen.getByTestId('retry-button')).toBeTruthy();
  });
});
