// Test doubles for @tauri-apps/api/core: a Channel whose messages a test can send, and a
// router that answers `invoke` per command. Use with
//   vi.mock('@tauri-apps/api/core', async () => (await import('../test/tauri')).tauriCoreMock());
import { vi, type Mock } from 'vitest';

export class FakeChannel<T> {
  static last: FakeChannel<unknown> | null = null;
  onmessage: (message: T) => void = () => {};
  constructor() {
    FakeChannel.last = this as FakeChannel<unknown>;
  }
  /** What the Rust side does: deliver one message. */
  send(message: T): void {
    this.onmessage(message);
  }
}

export function tauriCoreMock() {
  return { invoke: vi.fn(), Channel: FakeChannel };
}

type Args = Record<string, unknown> | undefined;
export type Handlers = Record<string, (args: Args) => unknown>;

/** Answers each command with its handler; list_sites answers an empty list unless given. */
export function route(invokeMock: Mock, handlers: Handlers): void {
  invokeMock.mockImplementation(async (command: string, args?: Args) => {
    const handler = handlers[command];
    if (handler) return handler(args);
    if (command === 'list_sites') return { sites: [], warning: null };
    throw new Error(`unexpected command ${command}`);
  });
}

/** The channel passed to the last call of `command`. */
export function channelOf<T>(invokeMock: Mock, command: string): FakeChannel<T> {
  const call = [...invokeMock.mock.calls].reverse().find((c) => c[0] === command);
  const channel = (call?.[1] as { onEvent?: FakeChannel<T> } | undefined)?.onEvent;
  if (!channel) throw new Error(`no channel passed to ${command}`);
  return channel;
}

export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
