import { describe, expect, it } from 'vitest';
import type { CallStartMessage } from './cdr';
import { ID_PATTERN, runIdBase } from './ids';
import { CallCenterModel } from './model';

/**
 * A restarted demo is the same call center with calls of its own: with a run number, queues, agents
 * and their names follow the seed, while session ids carry the run and never meet an earlier run's.
 */

const START = Date.UTC(2026, 2, 10, 9);

function sessions(model: CallCenterModel, toMs: number): string[] {
  return model
    .step(toMs)
    .flatMap((e) =>
      e.message.event_type === 'call_start' ? [(e.message as CallStartMessage).session_id] : [],
    );
}

describe('runs', () => {
  it('ids of a run carry its number: 18 digits, a run’s range after an earlier one’s', () => {
    const a = runIdBase(6, START / 1000);
    const b = runIdBase(6, START / 1000 + 1);
    expect(String(a)).toMatch(ID_PATTERN);
    expect(b - a).toBe(10_000_000n);
  });

  it('two runs of one seed: the same agents and names, different calls, no shared session id', () => {
    const first = new CallCenterModel({ seed: 1, startAt: START, runId: START / 1000 });
    const later = START + 3600_000;
    const second = new CallCenterModel({ seed: 1, startAt: later, runId: later / 1000 });
    expect(second.extensionCreated()).toEqual(first.extensionCreated());
    expect(second.queues()).toEqual(first.queues());
    const a = sessions(first, START + 3600_000);
    const b = sessions(second, later + 3600_000);
    expect(a.length).toBeGreaterThan(100);
    expect(b.length).toBeGreaterThan(100);
    expect(b.filter((id) => a.includes(id))).toEqual([]);
    for (const id of [...a, ...b]) expect(id).toMatch(ID_PATTERN);
    // Not the first run's calls shifted by an hour: what callers do follows the run too.
    expect(second.groundTruth().totals.offered).not.toBe(first.groundTruth().totals.offered);
  });

  it('without a run number, a model is what its seed made it before', () => {
    const a = new CallCenterModel({ seed: 5, startAt: START });
    const b = new CallCenterModel({ seed: 5, startAt: START + 3600_000 });
    expect(sessions(a, START + 600_000)[0]).toBe(sessions(b, START + 4200_000)[0]);
  });
});
