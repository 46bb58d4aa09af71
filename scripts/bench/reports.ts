/**
 * Reports over a full history: 400 days × 50 queues × 96 buckets (1.92 M quarter rows, 20,000 day
 * rows) in a real SQLite file, then each report the API allows at its largest, timed as the server
 * does it (queueReport: read, sum per period and queue, ratios) plus the JSON the route would send.
 * Target: p95 ≤ 200 ms. Results go in docs/benchmarks.md.
 *
 *   npm run bench:reports [-- --days N] [-- --queues N] [-- --runs N]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { Figures } from '../../lib/domain/figures';
import { initialState } from '../../lib/domain/state';
import { BUCKET_MS, dayWindow } from '../../lib/domain/time';
import { type QueueReportQuery, queueReport } from '../../server/history/report';
import { openStorage } from '../../server/storage';
import { BENCH_SETTINGS, fmt, option } from './cli';

const TARGET_MS = 200;
const DAYS = option('days', 400);
const QUEUES = option('queues', 50);
const RUNS = option('runs', 30);

function figures(seed: number): Figures {
  const offered = 5 + (seed % 17);
  const answered = offered - (seed % 3);
  return {
    offered,
    answered,
    abandoned: offered - answered,
    shortAbandoned: seed % 2,
    overflowed: 0,
    callbacks: 0,
    lostTrack: 0,
    answeredWithinSla: answered - (seed % 4 === 0 ? 1 : 0),
    waited: answered,
    waitMs: answered * 14_000,
    handled: answered,
    talkSeconds: answered * 180,
    holdSeconds: answered * 10,
    wrapSeconds: answered * 20,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-reports-'));
const storage = openStorage({ dataDir: dir, journalWriter: 'inline', synchronous: 'normal' });
try {
  const tz = BENCH_SETTINGS.timezone;
  const today = dayWindow(Date.now(), tz, BENCH_SETTINGS.dayStartsAt);
  const fillStart = performance.now();
  let w = dayWindow(today.start - DAYS * 86_400_000 + 3_600_000 * 12, tz, BENCH_SETTINGS.dayStartsAt);
  const first = w;
  for (let d = 0; d < DAYS; d++) {
    const buckets = Math.round((w.end - w.start) / BUCKET_MS);
    const queues: ClosedDay['queues'][number][] = [];
    for (let q = 0; q < QUEUES; q++) {
      const rows = Array.from(
        { length: buckets },
        (_, b) => [w.start + b * BUCKET_MS, figures(d + q + b)] as const,
      );
      queues.push({ queue: `tenant/${8000 + q}`, today: figures(d + q), buckets: rows });
    }
    storage.history.writeDay({ day: w.day, start: w.start, end: w.end, queues }, 'live', Date.now());
    w = dayWindow(w.end, tz, BENCH_SETTINGS.dayStartsAt);
  }
  console.log(
    `filled ${DAYS} days × ${QUEUES} queues × 96 buckets in ${fmt((performance.now() - fillStart) / 1000)} s`,
  );

  const live = initialState(BENCH_SETTINGS, Date.now());
  const last = dayWindow(today.start - 1, tz, BENCH_SETTINGS.dayStartsAt);
  const back = (days: number) =>
    dayWindow(today.start - days * 86_400_000 + 43_200_000, tz, BENCH_SETTINGS.dayStartsAt);
  const cases: [string, QueueReportQuery][] = [
    ['15m, 7 days, 50 queues', { from: back(7), to: last, interval: '15m', queues: 'all' }],
    ['hour, 14 days, 50 queues', { from: back(14), to: last, interval: 'hour', queues: 'all' }],
    ['day, 400 days, 50 queues', { from: first, to: last, interval: 'day', queues: 'all' }],
    ['week, 400 days, 50 queues', { from: first, to: last, interval: 'week', queues: 'all' }],
    [
      'hour, 14 days, 5 named queues',
      {
        from: back(14),
        to: last,
        interval: 'hour',
        queues: ['tenant/8001', 'tenant/8002', 'tenant/8003', 'tenant/8004', 'tenant/8005'],
      },
    ],
  ];
  let worst = 0;
  for (const [name, query] of cases) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const t = performance.now();
      const out = queueReport(storage.history, live, query);
      JSON.stringify(out);
      const ms = performance.now() - t;
      rows = out.length;
      if (i >= 2) times.push(ms); // two warm-up runs
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
    worst = Math.max(worst, p(0.95));
    console.log(
      `${name.padEnd(32)} rows ${fmt(rows).padStart(7)}  p50 ${p(0.5).toFixed(1).padStart(6)} ms  p95 ${p(0.95).toFixed(1).padStart(6)} ms`,
    );
  }
  console.log(
    `worst p95 ${worst.toFixed(1)} ms (target ≤ ${TARGET_MS} ms): ${worst <= TARGET_MS ? 'ok' : 'MISSED'}`,
  );
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
