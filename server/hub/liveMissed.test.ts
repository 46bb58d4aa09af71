import { describe, expect, it } from 'vitest';
import { closedAgentsOf } from '../../lib/domain/agentClose';
import type { DomainEvent } from '../../lib/domain/events';
import { type ClientView, receive } from '../../lib/linkClient';
import type { ServerMessage } from '../../lib/protocol';
import { normalizePortsipWebhook } from '../../lib/sources/portsip/webhook';
import { eventsOf, fixtureText, TEST_SETTINGS } from '../../lib/testing/support';
import { assemble } from '../../lib/wireState';
import { createHub, type Scheduler } from './hub';

/**
 * The live agents' `missed` (docs/metrics.md, "Per-agent figures"): the count the day's close would
 * write, on the agent rows of the snapshot and of the patches; unknown (null) where no source reports
 * rings. Fed the PortSIP seed 000 CDR: queue 8000 rang 102 and 103, 103 answered, 102 did not.
 */
const TENANT = '690833127458734080';
const NOW = 1679476900_000;
const QUEUE = { tenant: TENANT, number: '8000' };
const wsi = { source: 'wsi', origin: 'portsip-wsi', tenant: TENANT } as const;

// The seed misses one comma (portsip-webhook.scenario.test.ts); fed with it restored.
const cdr = eventsOf(
  normalizePortsipWebhook(
    fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json').replace(
      '"trunk_name":"AudioCodes"\n',
      '"trunk_name":"AudioCodes",\n',
    ),
    { source: 'portsip-hook', receivedAt: NOW },
  ),
);

const agents: DomainEvent[] = [
  { ...wsi, type: 'queueCreated', at: NOW - 3600_000, queue: QUEUE },
  ...['102', '103'].map(
    (extension): DomainEvent => ({
      ...wsi,
      type: 'agentStateChanged',
      at: NOW - 3600_000,
      queue: QUEUE,
      agent: { extension, state: 'ready', since: NOW - 3600_000 },
    }),
  ),
];

/** Timers never fire on their own: the test publishes with `flush`. */
const idle: Scheduler = { setTimeout: () => 0, clearTimeout: () => {} };

function setup() {
  const hub = createHub({ settings: TEST_SETTINGS, now: () => NOW, epoch: 'e1', scheduler: idle });
  let client: ClientView | null = null;
  hub.onPatch((m: ServerMessage) => {
    if (client === null) return; // not connected yet
    const r = receive(client, m);
    if (r.kind === 'resync') throw new Error(r.reason);
    client = r.view;
  });
  const missedOnClient = () =>
    Object.fromEntries(
      (client as ClientView | null)?.state.queues
        .flatMap((q) => q.agents ?? [])
        .map((a) => [a.extension, a.today?.missed]) ?? [],
    );
  const missedInSnapshot = () =>
    Object.fromEntries(hub.snapshot().state.agents.map((a) => [a.extension, a.today?.missed]));
  return {
    hub,
    missedOnClient,
    missedInSnapshot,
    connect() {
      const r = receive(null, hub.snapshot());
      if (r.kind === 'resync') throw new Error(r.reason);
      client = r.view;
    },
    clientState: () => (client as ClientView | null)?.state,
  };
}

describe('live missed per agent × queue', () => {
  it('WSI queue topics only: unknown (null), never 0', () => {
    const { hub, missedInSnapshot } = setup();
    hub.ingest(agents);
    hub.flush();
    expect(missedInSnapshot()).toEqual({ '102': null, '103': null });
  });

  it('a CDR whose target rang and did not answer: 1 for 102, 0 for 103 (known), in the snapshot and by patch', () => {
    const { hub, missedOnClient, missedInSnapshot, connect, clientState } = setup();
    hub.ingest(agents);
    hub.flush();
    connect();
    expect(missedOnClient()).toEqual({ '102': null, '103': null });
    // The CDR changes no agent entry: only the missed count moves the rows.
    hub.ingest(cdr);
    hub.flush();
    expect(missedOnClient()).toEqual({ '102': 1, '103': 0 });
    expect(missedInSnapshot()).toEqual({ '102': 1, '103': 0 });
    expect({ ...clientState(), serverTime: 0 }).toEqual({ ...assemble(hub.snapshot().state), serverTime: 0 });
    // The same figure the day's close writes for that agent in that queue.
    const closed = closedAgentsOf(hub.state(), hub.state().day.end);
    expect(
      Object.fromEntries(
        closed.flatMap((a) => a.queues.map((q) => [a.agent.slice(a.agent.indexOf('/') + 1), q.missed])),
      ),
    ).toEqual({ '102': 1, '103': 0 });
  });

  it("an agent's state change (no call or visit touched) keeps the count", () => {
    const { hub } = setup();
    hub.ingest([...agents, ...cdr]);
    hub.flush();
    const rows = hub.snapshot().state.agents;
    hub.ingest([
      {
        ...wsi,
        type: 'agentStateChanged',
        at: NOW,
        queue: QUEUE,
        agent: { extension: '102', state: 'notReady', since: NOW },
      },
    ]);
    hub.flush();
    const after = hub.snapshot().state.agents.find((a) => a.extension === '102');
    expect(after?.state).toBe('notReady');
    expect(after?.today?.missed).toBe(rows.find((a) => a.extension === '102')?.today?.missed);
  });
});
