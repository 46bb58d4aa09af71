import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from './hub';

/**
 * The hub publishes each paired source's agreement in its status (`drift.agreement`), and nothing for
 * a source no other source pairs with. The scheduler never fires: the test flushes by hand.
 */

const T0 = Date.UTC(2026, 2, 10, 9, 1, 0);
const tenant = 't1';
const queue = { tenant, number: '8001' };
const link = { source: 'link', origin: 'portsip-wsi', tenant } as const;
const hook = { source: 'hook', origin: 'portsip-webhook', tenant } as const;
// One caller at 09:16 whom the link reports and the hook never does.
const T1 = T0 + 15 * 60_000;
const events: DomainEvent[] = [
  { ...link, type: 'queueCreated', at: T0, atArrival: true, queue },
  // A caller at 09:01 both report: each has fed the queue (compared only from 09:15, when both fed it in full).
  { ...hook, type: 'callStarted', at: T0, callId: 'h0', parties: { direction: 'inbound' } },
  { ...hook, type: 'callLegAdded', at: T0, callId: 'h0', leg: 'q', target: '8001', targetKind: 'unknown' },
  {
    ...link,
    type: 'callerQueued',
    at: T0,
    queue: { tenant, number: '8001' },
    caller: { sessionId: 'h0', kind: 'normal', since: T0 },
  },
  { ...link, type: 'callerQueued', at: T1, queue, caller: { sessionId: 's1', kind: 'normal', since: T1 } },
  { ...link, type: 'callerAbandoned', at: T1 + 9000, queue, sessionId: 's1' },
];

describe('hub: agreement in source health', () => {
  it('publishes a disagreement once the quarter-hour has closed and its lateness passed', () => {
    let now = T1 + 60_000;
    const hub = createHub({
      settings: TEST_SETTINGS,
      now: () => now,
      epoch: 'e',
      scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    for (const id of ['link', 'hook', 'other'] as const) {
      hub.setSourceStatus({ id, kind: 'portsip-wsi', status: 'connected', lastEventAt: null, detail: null });
    }
    hub.ingest(events);
    const status = (id: string) => hub.sources().find((s) => s.id === id);
    expect(status('hook')?.drift?.agreement).toEqual({
      comparedWith: 'link',
      bucketsCompared: 0,
      bucketsDisagreeing: 0,
    });
    now = T0 - 60_000 + 32 * 60_000; // 09:32: 09:15–09:30 closed, lateness passed
    hub.flush();
    expect(status('hook')?.drift?.agreement).toEqual({
      comparedWith: 'link',
      bucketsCompared: 1,
      bucketsDisagreeing: 1,
      last: {
        queue: 't1/8001',
        bucketStart: T0 - 60_000 + 15 * 60_000,
        ours: { offered: 0, answered: 0, unanswered: 0 },
        theirs: { offered: 1, answered: 0, unanswered: 1 },
      },
    });
    expect(hub.snapshot().state.sources.find((s) => s.id === 'link')?.drift?.agreement?.comparedWith).toBe(
      'hook',
    );
    expect(status('other')?.drift).toBeUndefined();
  });

  it('keeps the self-check beside the agreement: a link that checks and is paired shows both', () => {
    const now = T0 - 60_000 + 32 * 60_000;
    const hub = createHub({
      settings: TEST_SETTINGS,
      now: () => now,
      epoch: 'e',
      scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    for (const id of ['link', 'hook'] as const)
      hub.setSourceStatus({ id, kind: 'portsip-wsi', status: 'connected', lastEventAt: null, detail: null });
    hub.ingest([
      ...events,
      {
        ...link,
        type: 'queueChecked',
        at: now - 1000,
        atArrival: true,
        queue,
        via: 'snapshot',
        differences: { waitingCaller: 1, agentState: 0 },
      },
    ]);
    hub.flush();
    const drift = hub.sources().find((s) => s.id === 'link')?.drift;
    expect(drift?.check).toEqual({
      lastCheckedAt: now - 1000,
      differencesToday: { waitingCaller: 1, agentState: 0 },
    });
    expect(drift?.agreement).toMatchObject({
      comparedWith: 'hook',
      bucketsCompared: 1,
      bucketsDisagreeing: 1,
    });
  });
});
