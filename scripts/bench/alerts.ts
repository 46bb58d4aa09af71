/**
 * Alert evaluation cost per published change (issue #18): 50 boards × 20 rules over a 50-queue ×
 * 100-agent synthetic day. A real hub publishes patches; the real engine (server/alerts/engine.ts)
 * keeps its view from them and evaluates every rule, storing transitions in a real SQLite file. Each
 * sample is one published change (a batch of 100 events, one patch) followed by one evaluation.
 *
 *   npm run bench:alerts [-- --changes N] [-- --calls N] [-- --seed N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ALERT_FIGURE_INFO, ALERT_FIGURES, type AlertRuleInput } from '../../lib/alerts/rules';
import { boardSchema } from '../../lib/board/model';
import type { DomainEvent } from '../../lib/domain/events';
import { createAlertEngine } from '../../server/alerts/engine';
import { createHub } from '../../server/hub/hub';
import { openStorage } from '../../server/storage';
import { BENCH_SETTINGS, fmt, option } from './cli';
import { syntheticDay } from './syntheticDay';

const BOARDS = 50;
const RULES = 20;
const BATCH = 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const seed = option('seed', 1);
  const changes = option('changes', 2000);
  const day = syntheticDay({ seed, queues: 50, agentsPerQueue: 100, calls: option('calls', 30_000) });
  const events = day.events as readonly DomainEvent[];
  let clock = events[0]?.at ?? 0;
  const hub = createHub({ settings: BENCH_SETTINGS, now: () => clock, epoch: 'bench', windowMs: 1e9 });
  // The day up to where the measured changes start.
  const start = Math.max(0, events.length - changes * BATCH);
  for (let i = 0; i < start; i += BATCH) {
    const batch = events.slice(i, Math.min(start, i + BATCH));
    clock = batch[batch.length - 1]?.at ?? clock;
    hub.ingest(batch);
  }
  hub.flush();
  const queueIds = hub.snapshot().state.queues.map((q) => q.id);

  // 50 boards: half every queue, half five queues each; 20 rules each over every figure, a third per queue.
  const boards = Array.from({ length: BOARDS }, (_, b) => {
    const own = queueIds.slice((b * 5) % queueIds.length, ((b * 5) % queueIds.length) + 5);
    const rules: AlertRuleInput[] = Array.from({ length: RULES }, (_, r) => {
      const figure = ALERT_FIGURES[r % ALERT_FIGURES.length] ?? 'waiting';
      const info = ALERT_FIGURE_INFO[figure];
      const queue = r % 3 === 0 ? (own[r % own.length] ?? null) : null;
      return {
        id: `r${r}`,
        figure,
        queue,
        level: 'own',
        limit: info.unit === '%' ? 0.5 : 5 + r,
        holdSeconds: r % 5,
        clearSeconds: 10,
        cooldownSeconds: 300,
        activeHours:
          r % 4 === 0 ? { mon: { from: '08:00', to: '18:00' }, tue: { from: '08:00', to: '18:00' } } : null,
      };
    });
    return {
      id: `b${b}`,
      config: boardSchema.parse({ name: `Board ${b}`, queues: b % 2 ? own : 'all', alerts: rules }),
    };
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-bench-alerts-'));
  const storage = openStorage({ dataDir, synchronous: 'normal', journalWriter: 'inline' });
  const engine = createAlertEngine({
    source: hub,
    timezone: () => BENCH_SETTINGS.timezone,
    boards: { list: async () => boards },
    store: storage.alerts,
    notifier: { notify: () => 0 },
    now: () => clock,
    logger: pino({ level: 'silent' }),
    tickMs: 3_600_000,
  });
  await engine.start();
  const samples: number[] = [];
  const quiet: number[] = [];
  let transitions = 0;
  for (let i = start; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    clock = batch[batch.length - 1]?.at ?? clock;
    hub.ingest(batch);
    hub.flush(); // one published change; the engine applies its patch
    const t = performance.now();
    transitions += engine.evaluateNow().length;
    samples.push(performance.now() - t);
    // Again with nothing published since: the timer's evaluation (every figure from the cache).
    const q = performance.now();
    transitions += engine.evaluateNow().length;
    quiet.push(performance.now() - q);
    // A turn of the event loop between evaluations, as between the engine's timers: its reservation
    // of alert ids (an async store call, server/alerts/alertIds.ts) completes there.
    await new Promise(setImmediate);
  }
  engine.stop();
  hub.stop();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
  const stats = (xs: readonly number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `mean ${mean.toFixed(2)} ms, p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms`;
  };
  console.log(
    `alerts: ${BOARDS} boards × ${RULES} rules (${BOARDS * RULES} rule targets), ${queueIds.length} queues, ` +
      `${fmt(samples.length)} published changes (${BATCH} events each), ${fmt(transitions)} transitions stored`,
  );
  console.log(`evaluation per published change: ${stats(samples)}`);
  console.log(`evaluation on the timer (nothing published since): ${stats(quiet)}`);
}

void main();
