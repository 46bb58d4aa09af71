import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { type ClientView, receive } from '../../lib/linkClient';
import type { PatchMessage, WallboardState } from '../../lib/protocol';
import { DAY_START } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { assemble } from '../../lib/wireState';
import { createHub, type Scheduler } from '../hub/hub';
import { createScopedView } from './scopedView';

/**
 * Two tenants on one server; tenant A's board must receive everything of A and nothing of B, and a
 * client following A's filtered snapshot and patches must always equal a fresh filtered snapshot.
 */
const NOON = DAY_START + 4 * 3600_000;
const never: Scheduler = { setTimeout: () => 0, clearTimeout: () => {} };

type Step =
  | { kind: 'queued' | 'answered' | 'abandoned'; call: number; queue: string }
  | { kind: 'agent'; queue: string; extension: string; state: 'ready' | 'notReady' | 'loggedOut' }
  | { kind: 'removeAgent'; queue: string; extension: string }
  | { kind: 'online'; extension: string; online: boolean }
  | { kind: 'callStarted' | 'callEnded'; call: number; callee: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('queued', 'answered', 'abandoned'),
    call: fc.nat(20),
    queue: fc.constantFrom('8001', '8002'),
  }),
  fc.record({
    kind: fc.constant('agent'),
    queue: fc.constantFrom('8001', '8002'),
    extension: fc.constantFrom('101', '102', '103'),
    state: fc.constantFrom('ready', 'notReady', 'loggedOut'),
  }),
  fc.record({
    kind: fc.constant('removeAgent'),
    queue: fc.constantFrom('8001', '8002'),
    extension: fc.constantFrom('101', '102', '103'),
  }),
  fc.record({
    kind: fc.constant('online'),
    extension: fc.constantFrom('101', '102', '103', '199'),
    online: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom('callStarted', 'callEnded'),
    call: fc.nat(20),
    callee: fc.constantFrom('8001', '8002', '555'),
  }),
) as fc.Arbitrary<Step>;

/** Tenant B's facts use other caller numbers, so any leak is visible in the JSON sent to A. */
function eventOf(tenant: 'A' | 'B', s: Step, at: number): DomainEvent {
  const base = { source: `pbx-${tenant}`, origin: 'portsip-wsi', tenant: `tenant-${tenant}`, at } as const;
  const caller = tenant === 'A' ? '0700' : '0999';
  const queue = (number: string) => ({ tenant: `tenant-${tenant}`, number });
  switch (s.kind) {
    case 'queued':
      return {
        ...base,
        type: 'callerQueued',
        queue: queue(s.queue),
        caller: { sessionId: `s${s.call}`, caller: `${caller}${s.call}`, kind: 'normal', since: at },
      };
    case 'answered':
      return { ...base, type: 'callerAnswered', queue: queue(s.queue), sessionId: `s${s.call}` };
    case 'abandoned':
      return { ...base, type: 'callerAbandoned', queue: queue(s.queue), sessionId: `s${s.call}` };
    case 'agent':
      return {
        ...base,
        type: 'agentStateChanged',
        queue: queue(s.queue),
        agent: { extension: s.extension, state: s.state, since: at },
      };
    case 'removeAgent':
      return { ...base, type: 'agentRemovedFromQueue', queue: queue(s.queue), extension: s.extension };
    case 'online':
      return {
        ...base,
        type: 'extensionRegistrationChanged',
        extension: { tenant: `tenant-${tenant}`, number: s.extension },
        online: s.online,
      };
    case 'callStarted':
      return {
        ...base,
        type: 'callStarted',
        callId: `c${s.call}`,
        parties: { direction: 'inbound', caller: `${caller}${s.call}`, callee: s.callee },
      };
    case 'callEnded':
      return { ...base, type: 'callEnded', callId: `c${s.call}` };
  }
}

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
function normal(s: WallboardState) {
  return {
    sources: byId(s.sources),
    queues: byId(s.queues),
    buckets: byId(s.buckets),
    extensions: byId(s.extensions),
    calls: byId(s.calls),
  };
}

describe('a board’s scoped view', () => {
  it('sends tenant A’s board all of A and nothing of B, and stays equal to a fresh filtered snapshot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B'), step), { minLength: 1, maxLength: 60 }),
        (steps) => {
          const hub = createHub({ settings: TEST_SETTINGS, now: () => NOON, epoch: 'e', scheduler: never });
          const boardQueues = ['tenant-A/8001', 'tenant-A/8002'];
          const room = createScopedView(boardQueues);
          const sent: string[] = [];
          const first = room.snapshot(hub.snapshot());
          sent.push(JSON.stringify(first));
          let client = (receive(null, first) as { view: ClientView }).view;
          const patches: PatchMessage[] = [];
          hub.onPatch((p) => patches.push(p));
          steps.forEach(([tenant, s], i) => {
            hub.ingest([eventOf(tenant as 'A' | 'B', s, NOON + i * 1000)]);
            hub.flush();
          });
          for (const p of patches) {
            const scoped = room.patch(p);
            sent.push(JSON.stringify(scoped));
            const r = receive(client, scoped);
            expect(r.kind).toBe('applied'); // seq stays consecutive: no needless resync
            if (r.kind === 'applied') client = r.view;
          }
          const everything = sent.join('\n');
          expect(everything).not.toContain('tenant-B');
          expect(everything).not.toContain('0999');
          expect(everything).not.toContain('pbx-B');

          const fresh = assemble(createScopedView(boardQueues).snapshot(hub.snapshot()).state);
          expect(normal(client.state)).toEqual(normal(fresh));
          // And A's board does get A: the same as the unfiltered state, restricted by hand.
          const full = assemble(hub.snapshot().state);
          expect(byId(fresh.queues)).toEqual(byId(full.queues.filter((q) => q.id.startsWith('tenant-A/'))));
          expect(byId(fresh.calls)).toEqual(
            byId(
              full.calls.filter(
                (c) =>
                  c.id.startsWith('tenant-A/') &&
                  (c.queue !== null || fresh.queues.some((q) => q.number !== null && q.number === c.callee)),
              ),
            ),
          );
          hub.stop();
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
