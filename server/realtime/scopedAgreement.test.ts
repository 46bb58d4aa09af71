import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import type { PatchMessage } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from '../hub/hub';
import { createScopedView } from './scopedView';

/**
 * A display shows its board's queues only: a source's agreement keeps its summary there, but the
 * latest disagreement's queue and counts only when that queue is on the display.
 */
const T0 = Date.UTC(2026, 2, 10, 9, 1, 0);
const tenant = 't1';
const link = { source: 'link', origin: 'portsip-wsi', tenant } as const;
const hook = { source: 'hook', origin: 'portsip-webhook', tenant } as const;
const T1 = T0 + 15 * 60_000;
const events: DomainEvent[] = [
  { ...link, type: 'queueCreated', at: T0, atArrival: true, queue: { tenant, number: '8001' } },
  { ...link, type: 'queueCreated', at: T0, atArrival: true, queue: { tenant, number: '8002' } },
  // A caller at 09:01 both report: each has fed the queue (compared only from 09:15, when both fed it in full).
  { ...hook, type: 'callStarted', at: T0, callId: 'h0', parties: { direction: 'inbound' } },
  { ...hook, type: 'callLegAdded', at: T0, callId: 'h0', leg: 'q', target: '8002', targetKind: 'unknown' },
  {
    ...link,
    type: 'callerQueued',
    at: T0,
    queue: { tenant, number: '8002' },
    caller: { sessionId: 'h0', kind: 'normal', since: T0 },
  },
  {
    ...link,
    type: 'callerQueued',
    at: T1,
    queue: { tenant, number: '8002' },
    caller: { sessionId: 's1', kind: 'normal', since: T1 },
  },
];

describe('scoped view: agreement', () => {
  it('hides the latest disagreement of a queue the display does not show', () => {
    let now = T1;
    const hub = createHub({
      settings: TEST_SETTINGS,
      now: () => now,
      epoch: 'e',
      scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    for (const id of ['link', 'hook'])
      hub.setSourceStatus({ id, kind: 'portsip-wsi', status: 'connected', lastEventAt: null, detail: null });
    hub.ingest(events);
    hub.flush();
    const only8001 = createScopedView(['t1/8001']);
    const with8002 = createScopedView(['t1/8002']);
    only8001.snapshot(hub.snapshot());
    with8002.snapshot(hub.snapshot());
    const patches: PatchMessage[] = [];
    hub.onPatch((p) => patches.push(p));
    now = T0 + 32 * 60_000;
    hub.ingest([
      { ...link, type: 'callerAbandoned', at: T1 + 5000, queue: { tenant, number: '8002' }, sessionId: 's1' },
    ]);
    hub.flush();
    const patch = patches.at(-1) as PatchMessage;
    const agreementIn = (view: typeof only8001) =>
      view
        .patch(patch)
        .ops.filter((op) => op.op === 'upsert' && op.id === 'hook')
        .map((op) => (op as { value: { drift?: { agreement?: unknown } } }).value.drift?.agreement)[0];
    expect(agreementIn(only8001)).toEqual({
      comparedWith: 'link',
      bucketsCompared: 1,
      bucketsDisagreeing: 1,
    });
    expect(agreementIn(with8002)).toMatchObject({ last: { queue: 't1/8002' } });
    const snap = only8001.snapshot(hub.snapshot()).state.sources.find((s) => s.id === 'hook');
    expect(snap?.drift?.agreement).toEqual({
      comparedWith: 'link',
      bucketsCompared: 1,
      bucketsDisagreeing: 1,
    });
  });
});
