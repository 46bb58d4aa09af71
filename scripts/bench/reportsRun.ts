/**
 * One checkout's report timings (child of reports.ts): `--root` is the checkout whose server code
 * runs. Fills a real SQLite file with `--days` × `--queues` × 96 quarter rows through that checkout's
 * HistoryStore.writeDay (as day closes write them), then times each report shape the API allows at
 * its longest range, as the route answers it: queueReport, the rows flattened as the route writes
 * them, JSON.stringify of the body. Prints the figures as JSON (last line).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { Figures } from '../../lib/domain/figures';
import { BUCKET_MS, type DayWindow, dayWindow } from '../../lib/domain/time';
import type { QueueReportQuery, QueueReportRow } from '../../server/history/report';
import { textOption } from './abChild';
import { BENCH_SETTINGS, option } from './cli';

const root = textOption('root') ?? '';
const DAYS = option('days', 400);
const QUEUES = option('queues', 50);
const RUNS = option('runs', 30);
const { openStorage } = await import(`${root}/server/storage/index.ts`);
const { queueReport } = await import(`${root}/server/history/report.ts`);
const { initialState } = await import(`${root}/lib/domain/state.ts`);

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

/** A row as server/http/reports.ts writes it (its `flat`, copied: the branch point does not export it). */
const flat = (r: QueueReportRow) => ({
  period: r.period,
  start: r.start,
  queue: r.queue,
  ...r.figures,
  serviceLevel: r.serviceLevel,
  abandonRate: r.abandonRate,
  asaSeconds: r.asaSeconds,
  ahtSeconds: r.ahtSeconds,
});

const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-reports-'));
const storage = openStorage({ dataDir: dir, journalWriter: 'inline', synchronous: 'normal' });
try {
  const tz = BENCH_SETTINGS.timezone;
  const today = dayWindow(Date.now(), tz, BENCH_SETTINGS.dayStartsAt);
  const fillStart = performance.now();
  let w = dayWindow(today.start - DAYS * 86_400_000 + 3_600_000 * 12, tz, BENCH_SETTINGS.dayStartsAt);
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
  const fillMs = performance.now() - fillStart;

  const live = initialState(BENCH_SETTINGS, Date.now());
  const last = dayWindow(today.start - 1, tz, BENCH_SETTINGS.dayStartsAt);
  const back = (days: number): DayWindow =>
    dayWindow(today.start - days * 86_400_000 + 43_200_000, tz, BENCH_SETTINGS.dayStartsAt);
  const named = Array.from({ length: 5 }, (_, i) => `tenant/${8001 + i}`);
  const cases: [string, QueueReportQuery][] = [
    ['15m, 7 days, 50 queues', { from: back(7), to: last, interval: '15m', queues: 'all' }],
    ['hour, 14 days, 50 queues', { from: back(14), to: last, interval: 'hour', queues: 'all' }],
    ['day, 800 days, 50 queues', { from: back(800), to: last, interval: 'day', queues: 'all' }],
    ['week, 3660 days, 50 queues', { from: back(3660), to: last, interval: 'week', queues: 'all' }],
    ['hour, 14 days, 5 named queues', { from: back(14), to: last, interval: 'hour', queues: named }],
  ];
  const out: Record<
    string,
    { p50: number; p95: number; cpuP50: number; cpuP95: number; rows: number; bytes: number }
  > = {};
  const pct = (xs: number[], q: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  };
  for (const [name, query] of cases) {
    const times: number[] = [];
    // CPU time of this process per report: what the report costs whatever else runs on the machine.
    const cpu: number[] = [];
    let rows = 0;
    let bytes = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      const report: QueueReportRow[] = await queueReport(storage.asyncHistory, live, query);
      const body = JSON.stringify({
        from: query.from.day,
        to: query.to.day,
        interval: query.interval,
        timezone: tz,
        rows: report.map(flat),
      });
      const ms = performance.now() - t;
      const used = process.cpuUsage(c);
      rows = report.length;
      bytes = body.length;
      if (i >= 2) {
        // two warm-up runs
        times.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    out[name] = {
      p50: pct(times, 0.5),
      p95: pct(times, 0.95),
      cpuP50: pct(cpu, 0.5),
      cpuP95: pct(cpu, 0.95),
      rows,
      bytes,
    };
  }
  console.log(JSON.stringify({ fillMs, cases: out }));
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
