// One watched action (save credentials, restart, retry…): live stages, a ticking clock, the
// outcome, and cancel. Events that arrive after the run ended are ignored.
import { api, toWireError, type WatchEvent, type WatchOutcome, type WireError } from './api';
import type { ApiFamily } from './bindings/ApiFamily';
import type { RetryMethod } from './bindings/RetryMethod';
import type { UpdateKind } from './bindings/UpdateKind';
import { applyEvent, applyOutcome, initialStages, type RunKind, type Stage } from './stages';

export type RunPhase = 'running' | 'ready' | 'failed' | 'cancelled' | 'error';

export class WatchRun {
  stages = $state<Stage[]>([]);
  elapsedMs = $state(0);
  phase = $state<RunPhase>('running');
  outcome = $state<WatchOutcome | null>(null);
  error = $state<WireError | null>(null);
  cancelling = $state(false);
  /** The family the box came back speaking, when a restart changed it. */
  familyNow = $state<ApiFamily | null>(null);
  /** 19 retrying its certificate download: attempts failed so far, and until when at most. */
  retrying = $state<{ failed: number; attempts: number; until: string } | null>(null);
  /** The update the box runs before it restarts or reboots (the watch waits longer). */
  updating = $state<UpdateKind | null>(null);
  readonly kind: RunKind;
  /** What a retry does on this box (core's rule). */
  readonly retry: RetryMethod | null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #startedAt = 0;
  #attempt = 0;

  constructor(kind: RunKind, retry: RetryMethod | null) {
    this.kind = kind;
    this.retry = retry;
    this.stages = initialStages(kind, retry);
  }

  get running(): boolean {
    return this.phase === 'running';
  }

  /** Starts (or restarts) the run; resolves with the outcome, or null after an error. */
  async start(begin: (onEvent: (event: WatchEvent) => void) => Promise<WatchOutcome>): Promise<WatchOutcome | null> {
    const mine = ++this.#attempt;
    this.stages = initialStages(this.kind, this.retry);
    this.phase = 'running';
    this.outcome = null;
    this.error = null;
    this.cancelling = false;
    this.familyNow = null;
    this.retrying = null;
    this.updating = null;
    this.elapsedMs = 0;
    this.#startedAt = Date.now();
    this.#tick();
    const onEvent = (event: WatchEvent) => {
      if (mine !== this.#attempt || this.phase !== 'running') return;
      this.stages = applyEvent(this.stages, event);
      if (event.event === 'familyChanged') this.familyNow = event.family;
      if (event.event === 'updateRunning') this.updating = event.kind;
      if (event.event === 'downloadRetrying')
        this.retrying = { failed: event.failedAttempts, attempts: event.attempts, until: event.until };
      this.elapsedMs = Math.max(this.elapsedMs, event.elapsedMs);
    };
    try {
      const outcome = await begin(onEvent);
      if (mine !== this.#attempt) return null;
      this.outcome = outcome;
      this.stages = applyOutcome(this.stages, outcome);
      this.elapsedMs = Math.max(this.elapsedMs, outcome.elapsedMs);
      this.phase =
        outcome.result === 'certificateReady' ? 'ready' : outcome.result === 'cancelled' ? 'cancelled' : 'failed';
      return outcome;
    } catch (e) {
      if (mine !== this.#attempt) return null;
      this.error = toWireError(e);
      this.phase = 'error';
      return null;
    } finally {
      if (mine === this.#attempt) this.#stopClock();
    }
  }

  /** Asks the Rust side to stop watching; the pending start() then resolves `cancelled`. */
  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    try {
      await api.cancelWatch();
    } catch (e) {
      // The watch could not be stopped: stop waiting for it here, so nothing stays frozen.
      this.#attempt += 1;
      this.#stopClock();
      this.error = toWireError(e);
      this.phase = 'cancelled';
    }
  }

  dispose(): void {
    this.#attempt += 1;
    this.#stopClock();
  }

  #tick(): void {
    this.#stopClock();
    this.#timer = setInterval(() => {
      this.elapsedMs = Math.max(this.elapsedMs, Date.now() - this.#startedAt);
    }, 1000);
  }

  #stopClock(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
