import { describe, expect, it } from 'vitest';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import { startSimulator } from './index';
import { simulatorFixture } from './wsiTestClient';

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const MIN = 60_000;

const { sim, client, loggedIn } = simulatorFixture({ port: 0, autoRun: false, startAt: START, seed: 5 });

describe('live events', () => {
  it('go only to the topics, queues and extensions each client subscribed to', async () => {
    const q = await loggedIn();
    await q.request({ command: 'subscribe', topics: ['queue_events'], queues: ['8001'] });
    const x = await loggedIn();
    await x.request({ command: 'subscribe', topics: ['extension_events'], extensions: ['101'] });
    const cdr = await loggedIn();
    await cdr.request({ command: 'subscribe', topics: ['cdr_events'] });
    const mgmt = await loggedIn();
    await mgmt.request({ command: 'subscribe', topics: ['queue_management_events'] });
    const marks = [q, x, cdr, mgmt].map((c) => c.frames.length);
    sim().advance(30 * MIN);
    await Promise.all([q, x, cdr, mgmt].map((c) => c.settle()));
    const [qf, xf, cf, mf] = [q, x, cdr, mgmt].map((c, i) => c.since(marks[i] ?? 0));

    const q8001 = sim().queues[0]?.id;
    const types = (frames: Record<string, unknown>[] | undefined) => [
      ...new Set(frames?.map((f) => f.event_type)),
    ];
    expect(types(qf)).toEqual(expect.arrayContaining(['queue_caller_status', 'queue_agent_status']));
    expect(types(qf).every((t) => String(t).startsWith('queue_'))).toBe(true);
    expect(qf?.every((f) => f.queue_id === q8001)).toBe(true);
    expect(types(xf)).toEqual(expect.arrayContaining(['extension_call', 'extension_agent_status']));
    expect(types(xf).every((t) => String(t).startsWith('extension_'))).toBe(true);
    expect(xf?.every((f) => f.extension === 'sip:101@demo.callboard.local')).toBe(true);
    expect(types(cf).sort()).toEqual(['call_cdr', 'call_start']);
    expect(mf).toEqual([]); // no queue is created or deleted while the simulator runs
  });

  it('stop after unsubscribe', async () => {
    const c = await loggedIn();
    await c.request({ command: 'subscribe', topics: ['queue_events'], queues: ['8002'] });
    await c.request({ command: 'subscribe', topics: ['cdr_events'] });
    const reply = await c.request({ command: 'unsubscribe', topics: ['queue_events'], queues: ['8002'] });
    expect(reply).toEqual([{ command: 'unsubscribe', id: '4', status: 0 }]);
    await c.request({ command: 'unsubscribe', topics: ['cdr_events'] });
    const from = c.frames.length;
    sim().advance(20 * MIN);
    await c.settle();
    expect(c.frames.length).toBe(from);
  });
});

describe('network trouble on demand', () => {
  it('dropConnections terminates every socket; new clients still get in', async () => {
    const a = await loggedIn();
    const b = await client();
    sim().dropConnections();
    expect(await a.closed).toBe(1006);
    expect(await b.closed).toBe(1006);
    await loggedIn();
  });

  it('blackhole: pings go unanswered and nothing is sent, yet the socket stays open', async () => {
    const c = await loggedIn();
    await c.request({ command: 'subscribe', topics: ['cdr_events'] });
    sim().blackhole(true);
    try {
      let ponged = false;
      c.ws.once('pong', () => {
        ponged = true;
      });
      const from = c.frames.length;
      c.ws.ping();
      c.send({ command: 'subscribe', topics: ['queue_management_events'] });
      sim().advance(10 * MIN);
      sim().sendRaw('{"event_type":"call_start"}');
      await new Promise((r) => setTimeout(r, 300));
      expect(ponged).toBe(false);
      expect(c.frames.length).toBe(from);
      expect(c.ws.readyState).toBe(c.ws.OPEN);
    } finally {
      sim().blackhole(false);
    }
    await c.settle(); // answered again
  });

  it('sendRaw reaches every client verbatim, malformed or not', async () => {
    const a = await client();
    const b = await loggedIn();
    const broken = '{"event_type":"queue_status","waiting_list":[{"position":"2"}，]}';
    sim().sendRaw(broken);
    await Promise.all([a.settle(), b.settle()]);
    expect(a.frames.at(-1)).toBe(broken);
    expect(b.frames.at(-1)).toBe(broken);
    const read = readWsiFrame(broken, { source: 'test', receivedAt: START });
    expect(read.kind === 'event' && read.result.ok).toBe(false);
  });

  it('serves several clients at once', async () => {
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => loggedIn()));
    for (const c of clients) await c.request({ command: 'subscribe', topics: ['cdr_events'] });
    const marks = clients.map((c) => c.frames.length);
    sim().advance(10 * MIN);
    await Promise.all(clients.map((c) => c.settle()));
    const got = clients.map((c, i) => c.frames.slice(marks[i]));
    expect(got[0]?.length).toBeGreaterThan(0);
    for (const g of got) expect(g).toEqual(got[0]);
  });
});

describe('the clock', () => {
  it('autoRun ticks simulated time by the injected clock × timeScale', async () => {
    let real = 1_000_000;
    const auto = await startSimulator({
      autoRun: true,
      timeScale: 60,
      tickMs: 10,
      now: () => real,
      startAt: START,
    });
    try {
      expect(auto.now()).toBe(START);
      real += 1000; // one real second = one simulated minute
      await waitUntil(() => auto.now() === START + MIN);
      real += 500;
      await waitUntil(() => auto.now() === START + MIN + 30_000);
      auto.advance(MIN); // manual steps still work
      expect(auto.now()).toBe(START + 2 * MIN + 30_000);
    } finally {
      await auto.stop();
    }
  });

  it('starts at the injected clock by default and defaults to 127.0.0.1', async () => {
    const s = await startSimulator({ autoRun: false, now: () => START + 1234 });
    try {
      expect(s.now()).toBe(START + 1000);
      expect(s.url).toBe(`ws://127.0.0.1:${s.port}`);
    } finally {
      await s.stop();
    }
  });

  it('validates its options', async () => {
    await expect(startSimulator({ port: 70_000 })).rejects.toThrow();
    await expect(startSimulator({ timeScale: 0 })).rejects.toThrow();
  });
});

async function waitUntil(ok: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
