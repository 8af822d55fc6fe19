// The generate timeline as a pure reducer: WatchEvents and the WatchOutcome move stages
// from pending to active to done (or failed). Later evidence completes earlier stages, so a
// missed event never leaves the picture stuck.
import type { RetryMethod } from './bindings/RetryMethod';
import type { BoxCertificate } from './bindings/BoxCertificate';
import type { WatchEvent } from './bindings/WatchEvent';
import type { WatchOutcome } from './bindings/WatchOutcome';

export const STAGE_IDS = ['saving', 'restarting', 'back', 'requested', 'received', 'served'] as const;
export type StageId = (typeof STAGE_IDS)[number];
export type StageState = 'pending' | 'active' | 'done' | 'failed';
/** What was started: saving the credentials, or one of the box actions. */
export type RunKind = 'save' | 'retry' | 'restartOdoo' | 'rebootBox';

export interface Stage {
  id: StageId;
  state: StageState;
  /** Elapsed time when the stage ended, from the watch's own clock. */
  atMs: number | null;
}

/** Whether the run restarts the box; for a retry core says per box (`BoxReport.retry`). */
export function restarts(kind: RunKind, retry: RetryMethod | null): boolean {
  return !(kind === 'retry' && retry === 'observe');
}

export function initialStages(kind: RunKind, retry: RetryMethod | null): Stage[] {
  const ids = restarts(kind, retry)
    ? STAGE_IDS
    : STAGE_IDS.filter((id) => id !== 'restarting' && id !== 'back');
  return ids.map((id, i) => ({ id, state: i === 0 ? 'active' : 'pending', atMs: null }));
}

const rank = (id: StageId) => STAGE_IDS.indexOf(id);

/** Marks every stage up to `id` done and the one after it active. */
export function complete(stages: Stage[], id: StageId, atMs: number): Stage[] {
  const out = stages.map((s) =>
    rank(s.id) <= rank(id) && s.state !== 'done' ? { ...s, state: 'done' as const, atMs } : s,
  );
  const next = out.findIndex((s) => rank(s.id) > rank(id));
  const after = out[next];
  if (after && after.state === 'pending') out[next] = { ...after, state: 'active' };
  return out;
}

/** Marks `id` failed, completing the stages before it. */
export function fail(stages: Stage[], id: StageId, atMs: number): Stage[] {
  const before = STAGE_IDS[rank(id) - 1];
  const out = before ? complete(stages, before, atMs) : stages.map((s) => ({ ...s }));
  return out.map((s) => (s.id === id ? { ...s, state: 'failed' as const, atMs } : s));
}

function receivedOk(cert: BoxCertificate): boolean | null {
  if (cert.state === 'valid' || cert.state === 'generated') return true;
  if (cert.state === 'failed') return false;
  return null; // nothing new yet
}

export function applyEvent(stages: Stage[], event: WatchEvent): Stage[] {
  const at = event.elapsedMs;
  switch (event.event) {
    case 'requestSent':
    case 'actionAnswered':
    case 'boxDown':
      return complete(stages, 'saving', at);
    case 'boxBack':
      return complete(stages, 'back', at);
    case 'certificateChanged': {
      const ok = receivedOk(event.certificate);
      if (ok === null) return stages;
      return ok ? complete(stages, 'received', at) : fail(stages, 'received', at);
    }
    case 'servedCertificateChanged':
      return complete(stages, 'served', at);
    default:
      return stages;
  }
}

/** The stage that was in progress (or the first unfinished one). */
function current(stages: Stage[]): Stage | undefined {
  return stages.find((s) => s.state === 'active') ?? stages.find((s) => s.state !== 'done');
}

export function applyOutcome(stages: Stage[], outcome: WatchOutcome): Stage[] {
  const at = outcome.elapsedMs;
  switch (outcome.result) {
    case 'certificateReady':
      return complete(stages, 'served', at);
    case 'certificateFailed':
    case 'serviceStopped':
    case 'causeFound':
    case 'gaveUp': {
      if (stages.some((s) => s.state === 'failed')) return stages;
      const stage = current(stages);
      return stage ? fail(stages, stage.id, at) : stages;
    }
    case 'cancelled':
      return stages.map((s) => (s.state === 'active' ? { ...s, state: 'pending' as const } : s));
    default:
      return stages;
  }
}

/** The stage to announce: the one in progress, a failed one, else the last done. */
export function headline(stages: Stage[]): Stage | undefined {
  return (
    stages.find((s) => s.state === 'failed') ??
    stages.find((s) => s.state === 'active') ??
    [...stages].reverse().find((s) => s.state === 'done')
  );
}
