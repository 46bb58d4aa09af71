import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import pino from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import { type Callboard, startCallboard } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { DayRequest, DaySlices } from './fanoutDay';

/**
 * The server side of the browser benchmark (browser.ts), in its process: the real Callboard process
 * with Next's production pages, wired as server/index.ts wires them, on 127.0.0.1 with a throwaway
 * data dir, no API token, no demo and no PBX; and the synthetic day, re-timed onto the wall clock and
 * fed to it through the recorder as a live PBX link would be.
 */

export interface BenchServer {
  readonly url: string;
  readonly callboard: Callboard;
  stop(): Promise<void>;
}

/** Needs a production build: `npm run build` first (the benchmark does not build). */
export function buildIdOf(dir: string): string {
  const file = join(dir, '.next', 'BUILD_ID');
  if (!existsSync(file))
    throw new Error(`no production build in ${join(dir, '.next')}: run \`npm run build\` first`);
  return readFileSync(file, 'utf8').trim();
}

export const BENCH_TOKEN = 'bench-browser-api-token-0123';

export async function startBenchServer(dir: string): Promise<BenchServer> {
  const buildId = buildIdOf(dir);
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-bench-browser-'));
  // Only what we set: no DEMO or PORTSIP_* from the caller's environment. The page watches with the
  // API token (nothing is open without credentials).
  const config = loadConfig({
    API_TOKEN: BENCH_TOKEN,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WALLBOARD_TIMEZONE: 'UTC',
  });
  const logger = pino({ level: 'warn' });
  const app = next({ dev: false, dir });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const handleUpgrade = app.getUpgradeHandler();
  const callboard = await startCallboard({
    config,
    logger,
    now: Date.now,
    fallback: (req, res) => void handleNext(req, res),
    upgradeFallback: (req, socket, head) => void handleUpgrade(req, socket, head),
    buildId,
  });
  return {
    url: `http://127.0.0.1:${callboard.port}`,
    callboard,
    async stop() {
      await callboard.stop();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The synthetic day (seed, 50 queues × 100 agents), built in a child process (fanoutDay.ts). */
export function buildDay(seed: number, live: number): Promise<DaySlices> {
  const builder = fork(fileURLToPath(new URL('./fanoutDay.ts', import.meta.url)), [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
    serialization: 'advanced',
  });
  return new Promise((resolve, reject) => {
    builder.once('exit', (code) => reject(new Error(`the day builder exited (${code})`)));
    builder.once('message', (m) => resolve(m as DaySlices));
    builder.send({ seed, live } satisfies DayRequest);
  });
}

const TIME_KEYS = new Set(['at', 'since', 'startedAt', 'ringAt', 'answeredAt', 'endedAt']);

/** A copy of `value` with every timestamp field (at, since, startedAt, …) passed through `map`. */
export function retimed<T>(value: T, map: (t: number) => number): T {
  if (Array.isArray(value)) return value.map((v) => retimed(v, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = TIME_KEYS.has(k) && typeof v === 'number' ? map(v) : retimed(v, map);
  return out as T;
}

/**
 * PBX time → wall clock, `speed` × faster: the PBX's `from` is the wall clock's `to`. Times before
 * `from` (the 08:00 set-up block, and `since` fields pointing into it) go through `before` instead.
 */
export function timeline(from: number, to: number, speed: number, before = to) {
  return (t: number) => (t < from ? before : to) + (t - from) / speed;
}

export interface FeedStats {
  readonly events: number;
  readonly ingests: number;
  /** How late ingest ran after an event's (re-timed) due time, ms. */
  readonly lagP50: number;
  readonly lagMax: number;
}

/** Every 10 ms, hands the recorder every event whose (re-timed) `at` has passed, as one batch. */
export function startFeed(events: readonly DomainEvent[], ingest: (batch: readonly DomainEvent[]) => void) {
  let next = 0;
  const lags: number[] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    let end = next;
    while (end < events.length && (events[end]?.at ?? Number.POSITIVE_INFINITY) <= now) end += 1;
    if (end === next) return;
    lags.push(now - (events[next]?.at ?? now));
    ingest(events.slice(next, end));
    next = end;
  }, 10);
  return {
    stop(): FeedStats {
      clearInterval(timer);
      lags.sort((a, b) => a - b);
      return {
        events: next,
        ingests: lags.length,
        lagP50: lags[Math.floor(lags.length / 2)] ?? Number.NaN,
        lagMax: lags[lags.length - 1] ?? Number.NaN,
      };
    },
  };
}
