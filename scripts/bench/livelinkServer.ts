import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { Server } from 'socket.io';
import { createHub } from '../../server/hub/hub';
import { eventLoopPace } from '../../server/hub/patchPace';
import { BENCH_SETTINGS } from './cli';
import { clock } from './fanoutShared';
import { syntheticDay } from './syntheticDay';

/**
 * Forked by livelink.ts: Callboard's `/wallboard` namespace over a hub holding 50 queues × 100 agents
 * at mid-morning, in a process of its own so that its RSS and CPU are the server's alone. `GET /healthz`
 * answers as the product's does. Driven over IPC: feed events at a steady rate (recording when each
 * patch's event was due, so a viewer's latency includes any delay of the server's own timers), stop,
 * and report RSS, CPU and the link's counters. `--viewers <module>` loads attachWallboard from another
 * checkout (the code before the fix) to measure the same thing there.
 */
export type ToServer =
  | { type: 'feed'; perSecond: number }
  | { type: 'stop' }
  | { type: 'usage' }
  | { type: 'dueTimes' };

export type FromServer =
  | { type: 'ready'; port: number; seq: number }
  | { type: 'usage'; rss: number; cpuMs: number; at: number; stats: Record<string, number> | null }
  | { type: 'dueTimes'; due: [number, number][] };

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};

async function main(): Promise<void> {
  const heartbeatMs = Number(arg('heartbeat-ms') ?? 10_000);
  const viewersModule = arg('viewers') ?? new URL('../../server/realtime/socketio.ts', import.meta.url).href;
  const { attachWallboard } = (await import(
    viewersModule.startsWith('file:') ? viewersModule : pathToFileURL(viewersModule).href
  )) as typeof import('../../server/realtime/socketio');

  const day = syntheticDay({ seed: 7, queues: 50, agentsPerQueue: 100, calls: 20_000 });
  // Mid-morning: everything up to 10:00, then the next events feed the live phases.
  const cut = day.events.findIndex((e) => e.at >= day.startAt + 2 * 3600_000);
  let pbxNow = day.startAt;
  const hub = createHub({
    settings: BENCH_SETTINGS,
    now: () => pbxNow,
    epoch: randomBytes(9).toString('base64url'), // as server/app.ts makes it
    windowMs: eventLoopPace(),
  });
  const morning = day.events.slice(0, cut);
  for (let i = 0; i < morning.length; i += 2000) {
    const batch = morning.slice(i, i + 2000);
    pbxNow = batch[batch.length - 1]?.at ?? pbxNow;
    hub.ingest(batch);
  }
  hub.flush();
  const live = day.events.slice(cut);

  const http = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    } else res.writeHead(404).end();
  });
  const io = new Server(http, { serveClient: false, destroyUpgrade: false });
  const attached = attachWallboard(io, hub, {
    apiToken: null,
    // Each drop is a warning line; the counters below say how many.
    logger: pino({ level: 'error' }, pino.destination(2)),
    limits: { heartbeatMs },
  }) as unknown;
  const stats =
    typeof attached === 'object' && attached !== null && 'stats' in attached
      ? (attached as { stats: () => Record<string, number> }).stats
      : null;
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));

  // A patch carries the events fed since the previous one: its due time is the earliest of theirs.
  const due: [number, number][] = [];
  let pendingDue: number | null = null;
  hub.onPatch((p) => {
    if (pendingDue !== null) due.push([p.seq, pendingDue]);
    pendingDue = null;
  });
  let feeder: ReturnType<typeof setInterval> | null = null;
  let next = 0;

  process.on('message', (m: ToServer) => {
    if (m.type === 'feed') {
      const every = 1000 / m.perSecond;
      const start = clock();
      let k = 0;
      feeder = setInterval(() => {
        // Catch up on ticks the loop was too busy to run: each is due at its own time.
        while (start + k * every <= clock()) {
          const event = live[next++ % live.length];
          if (!event) break;
          pbxNow = Math.max(pbxNow, event.at);
          pendingDue ??= start + k * every;
          hub.ingest([event]);
          k += 1;
        }
      }, every);
    } else if (m.type === 'stop') {
      if (feeder) clearInterval(feeder);
      feeder = null;
    } else if (m.type === 'usage') {
      const cpu = process.cpuUsage(); // since the process started: the driver takes differences
      process.send?.({
        type: 'usage',
        rss: process.memoryUsage().rss,
        cpuMs: (cpu.user + cpu.system) / 1000,
        at: clock(),
        stats: stats ? stats() : null,
      } satisfies FromServer);
    } else if (m.type === 'dueTimes') {
      process.send?.({ type: 'dueTimes', due: due.splice(0) } satisfies FromServer);
    }
  });
  process.send?.({ type: 'ready', port: (http.address() as AddressInfo).port, seq: hub.snapshot().seq });
}

void main();
