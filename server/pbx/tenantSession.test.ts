import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import type { SubscribeCommand } from '../../lib/sources/portsip/commands';
import { createGlobalSession } from './globalSession';
import type { Session, SessionHooks } from './session';
import { createTenantSession, type TenantPlan } from './tenantSession';
import { createTimerBag } from './timers';
import { resolveTiming } from './timing';

/** The subscribe plan without sockets: events in, subscribes and resync reports out, on fake time. */

const timing = resolveTiming({ discoveryQuietMs: 500, snapshotTimeoutMs: 10_000 });
const base = { source: 's', origin: 'portsip-wsi', at: 0 } as const;
const created = (number: string): DomainEvent => ({ ...base, type: 'queueCreated', queue: { number } });
const deleted = (number: string): DomainEvent => ({ ...base, type: 'queueDeleted', queue: { number } });
const snapshot = (number: string, agents: string[]): DomainEvent => ({
  ...base,
  type: 'queueSnapshotted',
  queue: { number },
  waiting: [],
  agents: agents.map((extension) => ({ extension, state: 'ready', since: 0 })),
});
const status = (number: string): DomainEvent => ({
  ...base,
  type: 'extensionRegistrationChanged',
  extension: { number },
  online: true,
});

let sent: SubscribeCommand[];
let reports: { status: string; detail: string | null }[];
let hooks: SessionHooks;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  reports = [];
  hooks = {
    send: (c) => sent.push(c),
    report: (s, detail) => reports.push({ status: s, detail }),
    timers: createTimerBag(),
    logger: pino({ level: 'silent' }),
  };
});
afterEach(() => {
  hooks.timers.clearAll();
  vi.useRealTimers();
});

function start(plan: Partial<TenantPlan> = {}): Session {
  const s = createTenantSession({ queues: [], extensions: [], ...plan }, timing, hooks);
  s.start();
  return s;
}
const topicsSent = () => sent.map((c) => [c.topics[0], c.queues ?? c.extensions ?? []]);

describe('tenant session', () => {
  it('waits for the queue_created burst to go quiet, then for every queue_status, before the next subscribe', () => {
    const s = start();
    s.onEvents([created('8001')], 'queueAnnounced');
    vi.advanceTimersByTime(400);
    s.onEvents([created('8002')], 'queueAnnounced');
    vi.advanceTimersByTime(400); // 800 ms after the first, 400 after the last: still waiting
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(topicsSent()).toStrictEqual([
      ['queue_management_events', []],
      ['queue_events', ['8001', '8002']],
    ]);
    s.onEvents([snapshot('8001', ['101'])], 'queue');
    expect(sent).toHaveLength(2); // 8002's agents are still unknown
    s.onEvents([snapshot('8002', ['101', '102'])], 'queue');
    expect(topicsSent().slice(2)).toStrictEqual([
      ['extension_events', ['101', '102']],
      ['cdr_events', []],
    ]);
    expect(reports).toStrictEqual([]);
    s.onEvents([status('101')], undefined); // not a snapshot (an extension_call)
    s.onEvents([status('101'), status('102')], 'extension');
    expect(reports).toStrictEqual([{ status: 'connected', detail: null }]);
  });

  it('with no queues at all: no queue or extension subscribe, straight to cdr_events and connected', () => {
    start();
    vi.advanceTimersByTime(500);
    expect(topicsSent()).toStrictEqual([
      ['queue_management_events', []],
      ['cdr_events', []],
    ]);
    expect(reports).toStrictEqual([{ status: 'connected', detail: null }]);
  });

  it('subscribes a queue deleted and created again, and agents first seen in queue_agent_status', () => {
    const s = start({ extensions: [] });
    s.onEvents([created('8001')], 'queueAnnounced');
    vi.advanceTimersByTime(500);
    s.onEvents([snapshot('8001', [])], 'queue');
    s.onEvents([deleted('8001')], undefined);
    s.onEvents([created('8001')], 'queueAnnounced');
    const agent: DomainEvent = {
      ...base,
      type: 'agentStateChanged',
      queue: { number: '8001' },
      agent: { extension: '107', state: 'ready', since: 0 },
    };
    s.onEvents([agent, agent], undefined);
    expect(topicsSent().slice(3)).toStrictEqual([
      ['queue_events', ['8001']],
      ['extension_events', ['107']],
    ]);
  });

  it('ignores new queues and agents when both lists are configured', () => {
    const s = start({ queues: ['8001'], extensions: ['101'] });
    s.onEvents([created('8009'), snapshot('8001', ['555'])], 'queue');
    expect(topicsSent()).toStrictEqual([
      ['queue_management_events', []],
      ['queue_events', ['8001']],
      ['extension_events', ['101']],
      ['cdr_events', []],
    ]);
  });

  it('names refused subscribes in the connected detail', () => {
    const s = start({ queues: ['8001'], extensions: ['101'] });
    s.onReply(
      { command: 'subscribe', ok: false, error: 'no permission' },
      'subscribe queue_management_events',
    );
    vi.advanceTimersByTime(10_000);
    expect(reports.at(-1)).toStrictEqual({
      status: 'connected',
      detail:
        'no snapshot within 10 s for queues 8001; extensions 101; subscribe queue_management_events refused: no permission',
    });
  });
});

describe('global session', () => {
  it('subscribes each global topic for the tenants and is connected after a quiet period', () => {
    const s = createGlobalSession(['t1'], timing, hooks);
    s.start();
    expect(sent.map((c) => [c.topics[0], c.tenants])).toStrictEqual([
      ['global_queue_management_events', ['t1']],
      ['global_queue_events', ['t1']],
      ['global_extension_events', ['t1']],
      ['global_cdr_events', ['t1']],
    ]);
    vi.advanceTimersByTime(400);
    s.onEvents([snapshot('8001', [])], 'queue');
    vi.advanceTimersByTime(400);
    expect(reports).toStrictEqual([]);
    vi.advanceTimersByTime(100);
    expect(reports).toStrictEqual([{ status: 'connected', detail: null }]);
  });
});
