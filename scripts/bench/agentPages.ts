/**
 * The Agents tab's 15-minute week (issue #17): 7 days × 100 agents × 96 quarters (67,200 agent
 * quarter rows, 700 agent days) in a real SQLite file, then the route's work for one answer, timed
 * alternately in one process (same load for both):
 *   A: the branch point's answer, every row (agentReport, the rows as JSON): what the page read and
 *      then sorted and rendered in the browser;
 *   B: one page (agentReport, sorted by answered on the server, 50 rows from offset 100, the whole
 *      report's totals and agent list, as JSON): what the page reads now.
 * agentReport itself is unchanged between the two. Wall and CPU time, and the body's size.
 *
 *   npm run bench:agentpages [-- --runs N] [-- --agents N]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NO_FIGURES } from '../../lib/domain/agentDay';
import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import { initialState } from '../../lib/domain/state';
import { BUCKET_MS, dayWindow } from '../../lib/domain/time';
import { agentPageOf } from '../../lib/reports/agentPage';
import { agentReport } from '../../server/history/agentReport';
import { openStorage } from '../../server/storage';
import { BENCH_SETTINGS, fmt, option } from './cli';

const RUNS = option('runs', 20);
const AGENTS = option('agents', 100);
const DAYS = 7;

const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-agentpages-'));
const storage = openStorage({ dataDir: dir, journalWriter: 'inline', synchronous: 'normal' });
try {
  const tz = BENCH_SETTINGS.timezone;
  const today = dayWindow(Date.now(), tz, BENCH_SETTINGS.dayStartsAt);
  const first = dayWindow(today.start - DAYS * 86_400_000 + 43_200_000, tz, BENCH_SETTINGS.dayStartsAt);
  let w = first;
  let last = first;
  for (let d = 0; d < DAYS; d++) {
    const quarters: AgentQuarter[] = [];
    const buckets = Math.round((w.end - w.start) / BUCKET_MS);
    for (let a = 0; a < AGENTS; a++)
      for (let b = 0; b < buckets; b++) {
        const n = 1 + ((a + b + d) % 4);
        quarters.push({
          start: w.start + b * BUCKET_MS,
          agent: `tenant/${1000 + a}`,
          queue: 'tenant/8001',
          figures: {
            ...NO_FIGURES,
            answered: n,
            handled: n,
            talkSeconds: 150 * n,
            wrapSeconds: 20 * n,
            longestTalkSeconds: 200,
          },
          missed: (a + b) % 5 === 0 ? 1 : 0,
        });
      }
    const agents = Array.from({ length: AGENTS }, (_, a) => ({
      agent: `tenant/${1000 + a}`,
      name: `Agent ${a}`,
      queues: [],
      stateMs: { ready: 1, queueCall: 1, otherCall: 0, wrapUp: 1, notReady: 1 },
    }));
    storage.history.writeDay(
      { day: w.day, start: w.start, end: w.end, queues: [], agents, agentQuarters: quarters },
      'live',
      Date.now(),
    );
    last = w;
    w = dayWindow(w.end, tz, BENCH_SETTINGS.dayStartsAt);
  }
  const live = initialState(BENCH_SETTINGS, Date.now());
  const query = { from: first, to: last, interval: '15m', queues: 'all', agents: 'all' } as const;
  const head = { from: first.day, to: last.day, interval: '15m', timezone: tz, closing: [] };
  const shapes = {
    'A every row': async () => {
      const rows = await agentReport(storage.asyncHistory, live, Date.now(), query);
      return JSON.stringify({ ...head, rows });
    },
    'B one page of 50': async () => {
      const rows = await agentReport(storage.asyncHistory, live, Date.now(), query);
      const { head: paging, page } = agentPageOf(rows, {
        key: 'answered',
        dir: 'desc',
        offset: 100,
        limit: 50,
        agents: 'all',
      });
      return JSON.stringify({ ...head, ...paging, rows: page });
    },
  };
  const times = new Map<string, { wall: number[]; cpu: number[]; bytes: number }>();
  for (let i = 0; i < RUNS + 2; i++)
    for (const [name, run] of i % 2 === 0 ? Object.entries(shapes) : Object.entries(shapes).reverse()) {
      const c = process.cpuUsage();
      const t = performance.now();
      const bytes = (await run()).length;
      const wall = performance.now() - t;
      const used = process.cpuUsage(c);
      const seen = times.get(name) ?? { wall: [], cpu: [], bytes };
      if (i >= 2) {
        seen.wall.push(wall);
        seen.cpu.push((used.user + used.system) / 1000);
      }
      times.set(name, seen);
    }
  const pct = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] ?? 0;
  console.log(`${fmt(DAYS * AGENTS * 96)} agent quarters, 15 minutes over ${DAYS} days, ${RUNS} runs each`);
  for (const [name, t] of times)
    console.log(
      `${name.padEnd(18)} body ${(t.bytes / 1e6).toFixed(2).padStart(6)} MB  wall p50 ${pct(t.wall, 0.5).toFixed(1)} / p95 ${pct(t.wall, 0.95).toFixed(1)} ms  CPU p50 ${pct(t.cpu, 0.5).toFixed(1)} / p95 ${pct(t.cpu, 0.95).toFixed(1)} ms`,
    );
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
