import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import pino from 'pino';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import type { DomainEvent } from '../../lib/domain/events';
import type { Hub } from '../../server/hub/hub';
import { attachWallboard } from '../../server/realtime/socketio';
import { clock, percentile, sleep } from './fanoutShared';

/**
 * The server side of the fan-out benchmark, in fanout.ts's process: the two broadcasters on 127.0.0.1
 * (Callboard's Socket.IO namespace as server/index.ts wires it, and a plain `ws` server as the floor),
 * the paced PBX event feed, and memory readings.
 */

export const HOST = '127.0.0.1';
export const TOKEN = 'bench-token';

export interface Broadcaster {
  readonly url: string;
  /** Patch payloads sent, bytes (plain ws only: it serialises each patch itself). */
  readonly bytes: { count: number; sum: number };
  close(): Promise<void>;
}

/** Callboard: Socket.IO with the production options, the `/wallboard` namespace and a token. */
export async function socketIoBroadcaster(hub: Hub): Promise<Broadcaster> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, destroyUpgrade: false });
  const { detach } = attachWallboard(io, hub, { apiToken: TOKEN, logger: pino({ level: 'silent' }) });
  await new Promise<void>((r) => http.listen(0, HOST, r));
  return {
    url: `http://${HOST}:${(http.address() as AddressInfo).port}`,
    bytes: { count: 0, sum: 0 },
    close: async () => {
      detach();
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}

/** The floor: the same patches, JSON.stringify once per patch, the same bytes sent to every client. */
export async function plainBroadcaster(hub: Hub): Promise<Broadcaster> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const bytes = { count: 0, sum: 0 };
  const stop = hub.onPatch((patch) => {
    const data = Buffer.from(JSON.stringify(patch));
    bytes.count += 1;
    bytes.sum += data.length;
    for (const ws of wss.clients) ws.send(data, { binary: false });
  });
  await new Promise<void>((r) => http.listen(0, HOST, r));
  return {
    url: `ws://${HOST}:${(http.address() as AddressInfo).port}`,
    bytes,
    close: async () => {
      stop();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

export interface FeedResult {
  readonly events: number;
  readonly batches: number;
  readonly ms: number;
  /** How late ingest ran after an event's scheduled arrival (timer slack, a busy event loop), ms. */
  readonly lagP50: number;
  readonly lagP99: number;
}

/**
 * Feeds `events` to the hub at `rate` per second: a 5 ms timer ingests every event whose scheduled
 * arrival (start + i / rate) has passed, as one batch (≈ 1 event at 200/s). A batch is stamped with its
 * first event's scheduled arrival, not the moment the timer got to it: an event that waited for a busy
 * event loop waited in the PBX socket too, and that wait is latency.
 */
export function feed(
  hub: Hub,
  events: readonly DomainEvent[],
  rate: number,
  maxMs: number,
  ingested: (at: number) => void,
  advanceClock: (pbxTime: number) => void,
): Promise<FeedResult> {
  return new Promise((resolve) => {
    const start = clock();
    const lags: number[] = [];
    let sent = 0;
    const timer = setInterval(() => {
      const now = clock();
      const due = Math.min(events.length, Math.floor(((now - start) * rate) / 1000) + 1);
      if (due > sent) {
        const batch = events.slice(sent, due);
        const scheduled = start + (sent * 1000) / rate;
        lags.push(now - scheduled);
        ingested(scheduled);
        advanceClock(batch[batch.length - 1]?.at ?? 0);
        hub.ingest(batch);
        sent = due;
      }
      if (sent >= events.length || now - start > maxMs) {
        clearInterval(timer);
        lags.sort((a, b) => a - b);
        resolve({
          events: sent,
          batches: lags.length,
          ms: now - start,
          lagP50: percentile(lags, 0.5),
          lagP99: percentile(lags, 0.99),
        });
      }
    }, 5);
  });
}

export interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /**
   * Resident size of V8's young generation. It grows under allocation pressure (up to
   * --max-semi-space-size=64, ~100 MB more) once, at a moment V8 chooses, and holds no long-lived
   * objects: not memory per client, so "RSS per client" is reported with and without it.
   */
  readonly young: number;
}

/** RSS and heap after full GCs (needs --expose-gc; without it, the reading includes garbage). */
export async function memory(): Promise<Memory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(300);
  }
  const m = process.memoryUsage();
  const young = getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'new_space' || s.space_name === 'new_large_object_space')
    .reduce((sum, s) => sum + s.physical_space_size, 0);
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, young };
}

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat; null elsewhere. */
export function machineCpu(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (!fields || fields.length < 5) return null;
    const total = fields.reduce((x, y) => x + y, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
