import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, mb, option } from './cli';
import { clock, percentile, sleep } from './fanoutShared';
import type { FromServer, ToServer } from './livelinkServer';
import { type BenchViewer, benchViewer } from './livelinkViewer';

/**
 * `npm run bench:livelink` — what one viewer costs on the live link (issue #13, part 2), at
 * 50 queues × 100 agents at mid-morning (scripts/bench/livelinkServer.ts, a process of its own):
 *
 * 1. A quiet hour, bytes per viewer: v3 (a heartbeat on an idle stream every 10 s) measured for
 *    --quiet-seconds (default 60) of real time and scaled to the hour; v2 (the client asked for a
 *    snapshot every 30 s of quiet) is 120 of those snapshots, each measured on the wire here.
 * 2. A reconnect after a 5 s blip of live traffic: bytes until in step, without resume (snapshot) and
 *    with resume (the ring's missed patches).
 * 3. An abusive client that never reads and spams `resync` at full speed ('flood'), reconnecting
 *    whenever it is dropped, for --abuse-seconds (default 20), against a baseline without it; then one
 *    that asks 4 times a second ('slow', under the message limit, for twice as long): server RSS and
 *    CPU, `/healthz` latency, and another viewer's patch latency (from when the patch's event was due).
 *
 * Bytes are TCP bytes the viewer read (Socket.IO and websocket framing included). `--viewers <path>`
 * runs the server with another checkout's server/realtime/socketio.ts (the code before the fix).
 */
const QUIET_S = option('quiet-seconds', 60);
const ABUSE_S = option('abuse-seconds', 20);
const FEED = option('feed-per-second', 20);
const viewersIndex = process.argv.indexOf('--viewers');
const viewersPath = viewersIndex < 0 ? undefined : process.argv[viewersIndex + 1];

function ask<T extends FromServer['type']>(child: ChildProcess, m: ToServer, reply: T) {
  return new Promise<Extract<FromServer, { type: T }>>((resolve) => {
    const on = (r: FromServer) => {
      if (r.type !== reply) return;
      child.off('message', on);
      resolve(r as Extract<FromServer, { type: T }>);
    };
    child.on('message', on);
    child.send(m);
  });
}

async function waitFor(check: () => boolean, ms = 30_000): Promise<void> {
  const end = clock() + ms;
  while (!check()) {
    if (clock() > end) throw new Error('timed out');
    await sleep(5);
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function quietHour(port: number) {
  const v = await benchViewer(port);
  await waitFor(() => v.view() !== null);
  const snapshotBytes = v.bytes();
  const start = v.bytes();
  const beats = v.counts.heartbeat ?? 0;
  await sleep(QUIET_S * 1000);
  const quiet = v.bytes() - start;
  const heartbeats = (v.counts.heartbeat ?? 0) - beats;
  // What the v2 client's probe cost: one resync, one snapshot.
  const before = v.bytes();
  const snapshots = v.counts.snapshot ?? 0;
  v.send({ type: 'resync' });
  await waitFor(() => (v.counts.snapshot ?? 0) > snapshots);
  const probe = v.bytes() - before;
  v.close();
  const v3PerHour = (quiet * 3600) / QUIET_S;
  const v2PerHour = probe * 120;
  console.log(`\n1. A quiet hour, per viewer (first snapshot ${kb(snapshotBytes)} on the wire)`);
  console.log(`   v2, a snapshot probe every 30 s: 120 × ${kb(probe)} = ${mb(v2PerHour)}/hour`);
  console.log(
    `   v3, heartbeats: ${fmt(quiet)} B in ${QUIET_S} s (${heartbeats} heartbeats) → ${kb(v3PerHour)}/hour`,
  );
  return { snapshotBytes, probe, v2PerHour, quiet, heartbeats, v3PerHour };
}

async function reconnect(child: ChildProcess, port: number, watcher: BenchViewer) {
  const a = await benchViewer(port);
  const b = await benchViewer(port);
  await waitFor(() => a.view() !== null && b.view() !== null);
  const left = b.view();
  a.close();
  b.close();
  child.send({ type: 'feed', perSecond: FEED } satisfies ToServer);
  await sleep(5000);
  child.send({ type: 'stop' } satisfies ToServer);
  await sleep(300);
  const target = watcher.view()?.seq ?? 0;
  const missed = target - (left?.seq ?? 0);
  const t0 = clock();
  const fresh = await benchViewer(port);
  await waitFor(() => fresh.view()?.seq === target);
  const freshMs = clock() - t0;
  const t1 = clock();
  const resumed = await benchViewer(port, {
    resume: left ? { epoch: left.epoch, seq: left.seq } : null,
    from: left,
  });
  await waitFor(() => resumed.view()?.seq === target);
  const resumedMs = clock() - t1;
  console.log(`\n2. A reconnect after a 5 s blip at ${FEED} events/s (${missed} patches missed)`);
  console.log(
    `   without resume: ${kb(fresh.bytes())} (${fresh.counts.snapshot ?? 0} snapshot), ${freshMs.toFixed(0)} ms`,
  );
  console.log(
    `   with resume:    ${kb(resumed.bytes())} (${resumed.counts.patch ?? 0} patches, ${resumed.counts.snapshot ?? 0} snapshots), ${resumedMs.toFixed(0)} ms`,
  );
  const result = {
    missed,
    fresh: fresh.bytes(),
    resumed: resumed.bytes(),
    resumedSnapshots: resumed.counts.snapshot ?? 0,
  };
  fresh.close();
  resumed.close();
  return result;
}

async function healthz(port: number, until: number): Promise<number[]> {
  const times: number[] = [];
  while (clock() < until) {
    const t = clock();
    await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.text());
    times.push(clock() - t);
    await sleep(250);
  }
  return times.sort((x, y) => x - y);
}

/**
 * Never reads and asks for snapshots: 'flood' at full speed, 'slow' four times a second (under the
 * message limit, so only the pace and the buffer bound stop it); reconnects whenever it is dropped.
 */
async function abuser(port: number, until: number, kind: Abuser) {
  let connections = 0;
  let dropped = 0;
  let sent = 0;
  let refused = 0;
  while (clock() < until) {
    // From an address of its own: the server refuses a dropped client's address for a while, and
    // the measuring viewer must not share it.
    const a = await benchViewer(port, { localAddress: kind === 'flood' ? '127.0.0.2' : '127.0.0.3' }).catch(
      () => null,
    );
    if (!a) {
      refused += 1;
      await sleep(10);
      continue;
    }
    connections += 1;
    a.ws.pause();
    let closed = false;
    a.ws.on('close', () => {
      closed = true;
    });
    a.ws.on('error', () => {});
    while (!closed && clock() < until) {
      const burst = kind === 'flood' ? 100 : 1;
      for (let i = 0; i < burst && a.ws.readyState === a.ws.OPEN; i++) a.send({ type: 'resync' });
      sent += burst;
      await (kind === 'flood' ? new Promise((r) => setImmediate(r)) : sleep(250));
    }
    if (closed) dropped += 1;
    a.close();
  }
  return { connections, dropped, refused, sent };
}

type Abuser = 'flood' | 'slow';

async function load(child: ChildProcess, port: number, kind: Abuser | null, seconds: number) {
  const v = await benchViewer(port);
  await waitFor(() => v.view() !== null);
  await ask(child, { type: 'dueTimes' }, 'dueTimes');
  const u0 = await ask(child, { type: 'usage' }, 'usage');
  child.send({ type: 'feed', perSecond: FEED } satisfies ToServer);
  const until = clock() + seconds * 1000;
  let peakRss = u0.rss;
  const sampler = setInterval(() => {
    void ask(child, { type: 'usage' }, 'usage').then((u) => {
      peakRss = Math.max(peakRss, u.rss);
    });
  }, 1000);
  const [health, abuse] = await Promise.all([
    healthz(port, until),
    kind ? abuser(port, until, kind) : Promise.resolve(null),
  ]);
  clearInterval(sampler);
  child.send({ type: 'stop' } satisfies ToServer);
  const u1 = await ask(child, { type: 'usage' }, 'usage');
  await sleep(500);
  const { due } = await ask(child, { type: 'dueTimes' }, 'dueTimes');
  const latencies = due
    .map(([seq, t]) => (v.patchAt.has(seq) ? (v.patchAt.get(seq) as number) - t : Number.POSITIVE_INFINITY))
    .sort((x, y) => x - y);
  v.close();
  const cpu = ((u1.cpuMs - u0.cpuMs) / (u1.at - u0.at)) * 100;
  const r = {
    rssStart: u0.rss,
    rssPeak: Math.max(peakRss, u1.rss),
    rssEnd: u1.rss,
    cpu,
    healthP50: percentile(health, 0.5),
    healthMax: health[health.length - 1] ?? Number.NaN,
    patches: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    stats: u1.stats,
    abuse,
  };
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'never');
  console.log(
    `   ${kind ? `${kind} abuser, ${seconds} s` : `baseline, ${seconds} s`}: RSS ${mb(r.rssStart)} → peak ${mb(r.rssPeak)} → ${mb(r.rssEnd)}, ` +
      `CPU ${cpu.toFixed(0)} %, /healthz p50 ${ms(r.healthP50)} max ${ms(r.healthMax)}, ` +
      `viewer's patches (${r.patches}) p50 ${ms(r.p50)} p99 ${ms(r.p99)}`,
  );
  if (abuse)
    console.log(
      `     abuser: ${abuse.connections} connections, ${abuse.dropped} dropped by the server, ${abuse.refused} handshakes refused, ~${fmt(abuse.sent)} resyncs sent; ` +
        `server counters ${JSON.stringify(u1.stats)}`,
    );
  return r;
}

async function main(): Promise<void> {
  const child = fork(
    fileURLToPath(new URL('./livelinkServer.ts', import.meta.url)),
    [...(viewersPath ? ['--viewers', viewersPath] : [])],
    { execArgv: ['--max-semi-space-size=64', '--import', 'tsx'] },
  );
  try {
    const ready = await new Promise<Extract<FromServer, { type: 'ready' }>>((resolve) =>
      child.once('message', (m) => resolve(m as Extract<FromServer, { type: 'ready' }>)),
    );
    console.log(
      `live-link bench: 50 queues × 100 agents, server${viewersPath ? ` from ${viewersPath}` : ''} on :${ready.port}`,
    );
    await quietHour(ready.port);
    const watcher = await benchViewer(ready.port);
    await waitFor(() => watcher.view() !== null);
    await reconnect(child, ready.port, watcher);
    watcher.close();
    console.log(`\n3. One abusive viewer that never reads, ${FEED} events/s fed`);
    await load(child, ready.port, null, ABUSE_S);
    await load(child, ready.port, 'flood', ABUSE_S);
    await load(child, ready.port, 'slow', 2 * ABUSE_S);
  } finally {
    child.kill();
  }
}

void main().then(() => process.exit(0));
