import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import type { PortsipConfig } from '../config';
import { createHub, type Hub } from '../hub/hub';
import { type SimulatorHandle, startSimulator } from '../simulator';
import { createPbxLinks, type PbxLinks } from './links';

/** Settings applied live against the built-in simulator (a real WSI server), into a real hub. */
const logger = pino({ level: 'silent' });
let sims: SimulatorHandle[] = [];
let links: PbxLinks | null = null;
let hub: Hub | null = null;

afterEach(async () => {
  await links?.stop();
  hub?.stop();
  for (const s of sims) await s.stop();
  sims = [];
  links = null;
  hub = null;
});

async function simulator(seed: number): Promise<SimulatorHandle> {
  const sim = await startSimulator({ seed, queues: 2, agentsPerQueue: 3, autoRun: false });
  sims.push(sim);
  return sim;
}

function portsipOf(sim: SimulatorHandle, over: Partial<PortsipConfig> = {}): PortsipConfig {
  return {
    url: sim.url,
    auth: { ...sim.credentials },
    queues: [],
    extensions: [],
    tenants: [],
    tlsInsecure: false,
    rest: null,
    ...over,
  };
}

function setup() {
  const statuses: SourceStatus[] = [];
  hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: 'links' });
  const h = hub;
  links = createPbxLinks({
    now: Date.now,
    sink: {
      ingest: (events) => h.ingest(events),
      setSourceStatus: (s) => {
        statuses.push(s);
        h.setSourceStatus(s);
      },
      removeSource: (id) => h.removeSource(id),
    },
    logger,
  });
  const state = () => h.snapshot().state;
  const source = (id: string) => state().sources.find((s) => s.id === id);
  return { links, statuses, state, source };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PBX links applied from settings', () => {
  it('starts a new connection, keeps an unchanged one, restarts a changed one and removes a deleted one', async () => {
    const a = await simulator(1);
    const b = await simulator(2);
    const { links, statuses, state, source } = setup();

    await links.apply([{ id: 'pbx-a', portsip: portsipOf(a) }]);
    await until(() => source('pbx-a')?.status === 'connected');
    await until(() => state().queues.length === 2);
    // One instance on its own owns every link it runs, and source health says so.
    expect(source('pbx-a')?.owner).toEqual({ instance: 'local', here: true });

    // Saving the same settings again (another connection added) leaves pbx-a's socket alone.
    const before = statuses.length;
    await links.apply([
      { id: 'pbx-a', portsip: portsipOf(a) },
      { id: 'pbx-b', portsip: portsipOf(b) },
    ]);
    await until(() => source('pbx-b')?.status === 'connected');
    expect(statuses.slice(before).filter((s) => s.id === 'pbx-a' && s.status !== 'connected')).toEqual([]);
    expect(links.ids().sort()).toEqual(['pbx-a', 'pbx-b']);

    // A wrong password: pbx-a re-authenticates with it and reports the PBX's error.
    await links.apply([
      { id: 'pbx-a', portsip: portsipOf(a, { auth: { ...a.credentials, password: 'not-it-at-all' } }) },
      { id: 'pbx-b', portsip: portsipOf(b) },
    ]);
    await until(() => source('pbx-a')?.status === 'error');
    expect(source('pbx-a')?.detail ?? '').not.toContain('not-it-at-all');

    // Removing pbx-b closes its socket and takes the source off the boards.
    await links.apply([{ id: 'pbx-a', portsip: portsipOf(a) }]);
    await until(() => source('pbx-a')?.status === 'connected');
    expect(source('pbx-b')).toBeUndefined();
    await until(() => b.clientCount() === 0);
  });

  it('re-subscribes with a changed queue list, from fresh snapshots', async () => {
    const a = await simulator(3);
    const { links, source, state } = setup();
    const [first, second] = a.queues;
    if (!first || !second) throw new Error('the simulator has two queues');
    await links.apply([{ id: 'pbx', portsip: portsipOf(a, { queues: [first.number] }) }]);
    await until(() => source('pbx')?.status === 'connected');
    const agentsOf = (n: string) => state().agents.filter((r) => r.id.includes(`/${n}/`));
    await until(() => agentsOf(first.number).length > 0);
    expect(agentsOf(second.number)).toHaveLength(0);

    await links.apply([{ id: 'pbx', portsip: portsipOf(a, { queues: [second.number] }) }]);
    await until(() => agentsOf(second.number).length > 0);
    expect(source('pbx')?.status).toBe('connected');
  });
});
