import { describe, expect, it } from 'vitest';
import { applyEvent, applyOutcome, headline, initialStages, type Stage } from './stages';
import { events, outcomes } from '../test/diagnoses';

const states = (stages: Stage[]) => Object.fromEntries(stages.map((s) => [s.id, s.state]));

describe('generate stages', () => {
  it('start with saving in progress and the rest waiting', () => {
    expect(states(initialStages('save', 'restartOdoo'))).toEqual({
      saving: 'active',
      restarting: 'pending',
      back: 'pending',
      requested: 'pending',
      received: 'pending',
      served: 'pending',
    });
  });

  it('leave out the restart for a read-only retry on 16.0–saas-18.2', () => {
    expect(initialStages('retry', 'observe').map((s) => s.id)).toEqual([
      'saving',
      'requested',
      'received',
      'served',
    ]);
    expect(initialStages('retry', 'restartOdoo')).toHaveLength(6);
  });

  it('advance through the watch events with the time each stage ended', () => {
    let s = initialStages('save', 'restartOdoo');
    s = applyEvent(s, events.requestSent);
    expect(states(s)).toMatchObject({ saving: 'done', restarting: 'active' });
    s = applyEvent(s, events.boxDown);
    expect(states(s)).toMatchObject({ saving: 'done', restarting: 'active' });
    s = applyEvent(s, events.boxBack);
    expect(states(s)).toMatchObject({ restarting: 'done', back: 'done', requested: 'active' });
    s = applyEvent(s, events.certificateValid);
    expect(states(s)).toMatchObject({ requested: 'done', received: 'done', served: 'active' });
    s = applyEvent(s, events.served);
    expect(Object.values(states(s))).toEqual(Array(6).fill('done'));
    expect(s.find((x) => x.id === 'saving')?.atMs).toBe(300);
    expect(s.find((x) => x.id === 'served')?.atMs).toBe(47_000);
  });

  it('complete skipped stages when later evidence arrives', () => {
    const s = applyEvent(initialStages('save', 'restartOdoo'), events.certificateValid);
    expect(states(s)).toMatchObject({ saving: 'done', back: 'done', received: 'done', served: 'active' });
  });

  it('mark a refused certificate as failed, and the failure outcome on the stage in progress', () => {
    let s = applyEvent(initialStages('save', 'restartOdoo'), events.boxBack);
    const refused = applyEvent(s, {
      event: 'certificateChanged',
      certificate: { state: 'failed', odooCode: { code: 'X', httpStatus: null, detail: null, source: 'reported-by-box' } },
      elapsedMs: 40_000,
    });
    expect(states(refused)).toMatchObject({ requested: 'done', received: 'failed' });
    expect(headline(refused)?.id).toBe('received');

    s = applyOutcome(s, outcomes.failed);
    expect(states(s)).toMatchObject({ back: 'done', requested: 'failed', received: 'pending' });
  });

  it('fail the stage in progress when the box says its service stopped at start-up', () => {
    const s = applyEvent(initialStages('restartOdoo', 'restartOdoo'), events.boxBack);
    expect(states(applyOutcome(s, outcomes.serviceStopped))).toMatchObject({ back: 'done', requested: 'failed' });
  });

  it('fail the stage in progress when core found what undoes the certificate (the box clock)', () => {
    const s = applyEvent(initialStages('restartOdoo', 'restartOdoo'), events.boxBack);
    expect(states(applyOutcome(s, outcomes.causeFound))).toMatchObject({ back: 'done', requested: 'failed' });
  });

  it('ignore a certificate state that says nothing new', () => {
    const s = initialStages('save', 'restartOdoo');
    expect(applyEvent(s, { event: 'certificateChanged', certificate: { state: 'notReported' }, elapsedMs: 1 })).toBe(s);
  });

  it('finish on ready and return the active stage to waiting on cancel', () => {
    const s = initialStages('save', 'restartOdoo');
    expect(Object.values(states(applyOutcome(s, outcomes.ready)))).toEqual(Array(6).fill('done'));
    expect(states(applyOutcome(s, outcomes.cancelled)).saving).toBe('pending');
  });
});
