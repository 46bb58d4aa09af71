import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientView, receive } from '../../lib/linkClient';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { agentState } from '../../lib/sources/portsip/enums';
import { createHub, type Hub } from '../hub/hub';
import { createWsiConnector, type WsiConnector } from '../pbx/wsiConnector';
import { attachWallboard } from '../realtime/socketio';
import { type SimulatorHandle, type SimulatorOptions, startSimulator } from '../simulator';

/**
 * The whole live path on real sockets: simulator (WSI server) → connector → hub → Socket.IO → a
 * client's view, compared with what the simulator knows really happened.
 */
const HOUR = 3600_000;
// A morning 20 days ago (UTC): well inside the edge's plausibility window, and one calendar day.
const MORNING = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR - 20 * 24 * HOUR + 8 * HOUR;
const SETTINGS = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'overflowed',
  'callbacks',
  'answeredWithinSla',
] as const;

/** One seeded morning: a restarted simulator with the same options replays exactly the same calls. */
const SIM_OPTIONS = {
  seed: 11,
  startAt: MORNING,
  autoRun: false,
  queues: 2,
  agentsPerQueue: 8,
  callsPerHour: 120,
};

let sim: SimulatorHandle;
let hub: Hub;
let link: WsiConnector;
let http: HttpServer;
let ioServer: Server;
let client: ClientSocket;

async function start(options: Partial<typeof SIM_OPTIONS> & SimulatorOptions = {}) {
  sim = await startSimulator({ ...SIM_OPTIONS, ...options });
  hub = createHub({ settings: SETTINGS, now: () => sim.now(), epoch: 'it', windowMs: 5 });
  link = createWsiConnector({
    id: 'sim',
    url: sim.url,
    auth: {
      username: sim.credentials.username,
      password: sim.credentials.password,
      domain: sim.credentials.domain,
    },
    timing: { pingIntervalMs: 200, backoffBaseMs: 20, backoffCapMs: 100, discoveryQuietMs: 50 },
    // Arrival times on the simulated clock too: snapshots carry no PBX time and are stamped on arrival.
    now: () => sim.now(),
    logger: pino({ level: 'silent' }),
    onEvents: (events) => hub.ingest(events),
    onStatus: (status) => hub.setSourceStatus(status),
  });
  link.start();
  http = createServer();
  ioServer = new Server(http, { serveClient: false });
  attachWallboard(ioServer, hub, { apiToken: null, logger: pino({ level: 'silent' }) });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}${WALLBOARD_NAMESPACE}`, {
    transports: ['websocket'],
  });
  let view: ClientView | null = null;
  client.on(EVENTS.server, (m: ServerMessage) => {
    const r = receive(view, m);
    if (r.kind === 'resync') client.emit(EVENTS.client, { type: 'resync' });
    else view = r.view;
  });
  return () => view as ClientView | null;
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const status = () => link.status().status;

/** Advance simulated time in steps, letting each step's frames reach the hub. */
async function run(ms: number, step = 60_000) {
  for (let t = 0; t < ms; t += step) {
    sim.advance(step);
    await new Promise((r) => setTimeout(r, 2));
  }
  const seen = () => (hub.state().sources.sim ?? 0) >= sim.now() - 60_000;
  await until(seen);
  await new Promise((r) => setTimeout(r, 50));
}

function expectFiguresEqualTruth(view: ClientView | null) {
  const truth = sim.groundTruth().queues;
  for (const q of sim.queues) {
    const shown = view?.state.queues.find((v) => v.number === q.number)?.today;
    const real = truth[q.number];
    for (const f of FIGURES) expect(shown?.[f], `${q.number} ${f}`).toBe(real?.[f]);
  }
}

afterEach(async () => {
  client?.close();
  await link?.stop();
  hub?.stop();
  await new Promise<void>((r) => ioServer.close(() => r()));
  await sim?.stop();
});

describe('live link: simulator → connector → hub → socket', () => {
  it('subscribes, resyncs from snapshots, and shows a morning’s figures equal to the ground truth', async () => {
    const view = await start();
    await until(() => status() === 'connected');
    await run(2 * HOUR);
    await until(() => view()?.seq === hub.snapshot().seq);
    expect(sim.groundTruth().queues[sim.queues[0]?.number ?? '']?.offered).toBeGreaterThan(50);
    expectFiguresEqualTruth(view());
    expect(view()?.state.sources[0]).toMatchObject({ id: 'sim', status: 'connected' });
  });

  it('a dropped PBX link mid-morning resyncs and counts nothing twice', async () => {
    const view = await start();
    await until(() => status() === 'connected');
    await run(HOUR);
    sim.dropConnections();
    await until(() => status() !== 'connected');
    await until(() => status() === 'connected');
    await run(HOUR);
    await until(() => view()?.seq === hub.snapshot().seq);
    expect(link.stats().reconnects).toBeGreaterThanOrEqual(1);
    expectFiguresEqualTruth(view());
  });

  it('malformed frames are counted and the link stays up', async () => {
    await start();
    await until(() => status() === 'connected');
    sim.sendRaw('{"event_type": "queue_status", oops');
    sim.sendRaw('not json at all');
    await until(() => link.stats().badFrames >= 2);
    await run(10 * 60_000);
    expect(status()).toBe('connected');
  });
});

describe('live link: the PBX itself restarts', () => {
  it('a simulator killed and started again resyncs the board and counts nothing twice', async () => {
    const view = await start();
    await until(() => status() === 'connected');
    await run(HOUR);
    // Kill the PBX mid-morning; start it again on the same address with the same seed: it replays the
    // same morning, so everything up to now is reported a second time (as a real PBX's snapshots do).
    const port = sim.port;
    await sim.stop();
    await until(() => status() !== 'connected');
    sim = await startSimulator({ ...SIM_OPTIONS, port });
    sim.advance(HOUR);
    await until(() => status() === 'connected');
    await run(HOUR);
    await until(() => view()?.seq === hub.snapshot().seq);
    expectFiguresEqualTruth(view());
  });
});

describe('live link: a PBX whose clock is off', () => {
  it('90 s behind and drifting 50 ms/min: the client shows true waits, states and times in state', async () => {
    const view = await start({ pbxClockOffsetMs: -90_000, pbxClockDriftMsPerMin: 50 });
    await until(() => status() === 'connected');
    // One simulated second per step: the connector stamps arrivals with the simulated clock, so a
    // coarser step would make every frame of it arrive late by up to the step.
    await run(HOUR / 3, 1000);
    await until(() => view()?.seq === hub.snapshot().seq);
    expectFiguresEqualTruth(view());
    const shown = view()?.state;
    // Server − PBX: 90 s at the start, 1 s less after 20 minutes of a clock gaining 50 ms a minute.
    expect(shown?.sources[0]?.clockOffsetMs).toBeGreaterThan(88_500);
    expect(shown?.sources[0]?.clockOffsetMs).toBeLessThan(90_100);
    expect(shown?.sources[0]?.clockWarning).toBe(true);
    const truth = sim.groundTruth().visits;
    let compared = 0;
    for (const q of shown?.queues ?? []) {
      for (const c of q.waiting ?? []) {
        const real = truth.find((v) => v.sessionId === c.sessionId && v.queue === q.number);
        expect(Math.abs(c.since - (real?.enqueuedAt ?? 0)), c.sessionId).toBeLessThanOrEqual(1000);
        compared += 1;
      }
      for (const a of q.agents ?? []) {
        const real = sim.agentTruth().find((x) => x.extension === a.extension);
        expect(a.state, a.extension).toBe(agentState(real?.state));
        expect(Math.abs(a.since - (real?.since ?? 0)), a.extension).toBeLessThanOrEqual(1000);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(16);
  }, 60_000);
});
