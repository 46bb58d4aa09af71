/**
 * The start-up close of a busy missed day: a synthetic 500,000-event day journaled in a real SQLite
 * file, then replayed from the journal through the reducer and written to history (what the server
 * does at start for a day that closed while it was stopped), while a 1 ms timer stands in for the live
 * board and the event loop's delay is sampled. Targets: ≤ 2 s; event-loop lag p99 ≤ 50 ms meanwhile.
 *
 *   npm run bench:dayclose [-- --events N] [-- --per-entry N]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { dayWindow } from '../../lib/domain/time';
import { replayDay } from '../../server/history/replayDay';
import { openStorage } from '../../server/storage';
import { BENCH_SETTINGS, fmt, option } from './cli';
import { fillJournal } from './fillJournal';
import { syntheticDay } from './syntheticDay';

const wanted = option('events', 500_000);
const perEntry = option('per-entry', 10);
const day = syntheticDay({ seed: 1, queues: 50, agentsPerQueue: 100, calls: Math.ceil(wanted / 8) });
const events = day.events.slice(0, wanted);
const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-dayclose-'));
const storage = openStorage({ dataDir: dir, synchronous: 'normal' });
try {
  let t = performance.now();
  await fillJournal(storage, events, perEntry);
  console.log(`journaled ${fmt(events.length)} events in ${fmt(performance.now() - t)} ms`);

  const w = dayWindow(day.startAt, BENCH_SETTINGS.timezone, BENCH_SETTINGS.dayStartsAt);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const live = setInterval(() => {}, 1);
  lag.enable();
  t = performance.now();
  const closed = await replayDay(storage.journalDays, BENCH_SETTINGS, w.start);
  const replayMs = performance.now() - t;
  storage.history.writeDay(closed, 'startup', Date.now());
  const totalMs = performance.now() - t;
  lag.disable();
  clearInterval(live);
  const p99 = lag.percentile(99) / 1e6;
  console.log(
    `day close: replay ${fmt(replayMs)} ms + write = ${fmt(totalMs)} ms (target ≤ 2,000), ` +
      `${closed.queues.length} queues; event-loop lag p99 ${p99.toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms (target p99 ≤ 50)`,
  );
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
