/**
 * One checkout's day close (child of dayClose.ts): `--root` is the checkout whose server code runs.
 *
 *   --fill <dir>: journal the synthetic day into a new database under <dir> and stop. With
 *     `--checkpoint-at F` (0 < F ≤ 1), a restart checkpoint of the day is stored after the first F of
 *     its events, as a server that stopped there left it (its clean shutdown, or its last periodic
 *     checkpoint before a crash); 0: none.
 *   --close <dir>: (`--no-checkpoint`: its checkpoints removed first: a missed day without one) with the journaled database under <dir>, through that checkout's startHistory
 *     (what the server runs): the start-up close of the day as a missed day, then its live close from
 *     the state of its last moment, 5 s after startHistory (the server starts it hours before). Each
 *     timed while a 1 ms timer stands in for the live board and monitorEventLoopDelay samples the
 *     event loop; the live close's main-thread block (the synchronous hand-over at the roll) is timed
 *     on its own. Prints the figures as JSON (last line).
 *   --server <dir>: (`--no-close`: the day marked closed first) the whole server (that checkout's
 *     startTestCallboard) started on the journaled database an hour after the day ended: the time to
 *     ready and to the missed day written, today's replay and the close's own account (JSON).
 */

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pino from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import type { DomainState } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { textOption } from './abChild';
import { BENCH_SETTINGS, option } from './cli';
import { fillJournal } from './fillJournal';
import { syntheticDay } from './syntheticDay';

const root = textOption('root') ?? '';
const wanted = option('events', 500_000);
const perEntry = option('per-entry', 10);
const { openStorage } = await import(`${root}/server/storage/index.ts`);
const { startHistory } = await import(`${root}/server/history/index.ts`);
const { reduceAll } = await import(`${root}/lib/domain/reduce.ts`);
const { initialState } = await import(`${root}/lib/domain/state.ts`);
const { encodeCheckpoint } = await import(`${root}/server/checkpoints.ts`);
const { reductionSettingsKey, STATE_SCHEMA_VERSION } = await import(`${root}/lib/domain/checkpoint.ts`);
const { settingsHash } = await import(`${root}/server/storage/checkpoints.ts`);

// The settings as a server started with the default environment has them (domainSettingsOf: with
// dayStartsAt and queues), so that a server started on this journal (`--server`) can use the day's
// checkpoint (its settings hash); the same reduction as BENCH_SETTINGS.
const SETTINGS = { ...BENCH_SETTINGS, dayStartsAt: '00:00', queues: {} };
const day = syntheticDay({ seed: 1, queues: 50, agentsPerQueue: 100, calls: Math.ceil(wanted / 8) });
const events: DomainEvent[] = day.events.slice(0, wanted);
const w = dayWindow(day.startAt, SETTINGS.timezone, SETTINGS.dayStartsAt);

const fillDir = textOption('fill');
if (fillDir) {
  const storage = openStorage({ dataDir: fillDir, synchronous: 'normal' });
  const at = Math.min(1, Math.max(0, Number(textOption('checkpoint-at') ?? 0)));
  // Whole entries before the checkpoint: its position is the last of them.
  const split = Math.round((events.length * at) / perEntry) * perEntry;
  let entries = await fillJournal(storage, events.slice(0, split), perEntry);
  if (split > 0) {
    let state: DomainState = initialState(SETTINGS, w.start);
    for (let i = 0; i < split; i += 5000)
      state = reduceAll(state, events.slice(i, Math.min(split, i + 5000)));
    const position = storage.checkpoints.journalPosition();
    const encoded = await encodeCheckpoint(state);
    await storage.checkpoints.write(
      {
        createdAt: w.start,
        journalId: position.id,
        journalReceivedAt: position.receivedAt,
        schemaVersion: STATE_SCHEMA_VERSION,
        settingsHash: settingsHash(reductionSettingsKey(SETTINGS)),
        dayStart: w.start,
      },
      encoded.parts,
    );
  }
  entries += await fillJournal(storage, events.slice(split), perEntry);
  await storage.close();
  console.log(JSON.stringify({ events: events.length, entries, checkpointAfter: split }));
  process.exit(0);
}

const serverDir = textOption('server');
if (serverDir) {
  // The whole server started an hour after the day ended (the day missed): how long until it is ready
  // (startCallboard resolved: today's journal read, the board admitting viewers) and until the missed
  // day is in history. `--no-close`: the day marked closed first, so nothing is closed (the control).
  const logged: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        const o = JSON.parse(line) as Record<string, unknown>;
        if (o.msg === 'history written' || o.msg === 'journal replayed') logged.push(o);
      },
    },
  );
  if (process.argv.includes('--no-close')) {
    const storage = openStorage({ dataDir: serverDir, synchronous: 'full' });
    storage.history.writeDay({ day: w.day, start: w.start, end: w.end, queues: [] }, 'startup', w.end);
    await storage.close();
  }
  const { startTestCallboard } = await import(`${root}/server/testing/callboard.ts`);
  const began = performance.now();
  const app = await startTestCallboard({ dataDir: serverDir, now: () => w.end + 3_600_000, logger });
  const readyMs = performance.now() - began;
  const ready = (await (await fetch(`${app.url}/readyz`)).json()) as { ready?: boolean; closing?: string[] };
  const closed: string[] = await app.history.missed;
  const closedMs = performance.now() - began;
  await app.close();
  const written = logged.find((o) => o.msg === 'history written') ?? null;
  const replayed = logged.find((o) => o.msg === 'journal replayed') ?? null;
  console.log(
    JSON.stringify({
      readyMs,
      closedMs,
      closed,
      readyz: ready,
      todayReplay: replayed && { events: replayed.events, ms: replayed.ms },
      close: written && { checkpoint: written.checkpoint, ms: written.ms, phases: written.phases ?? null },
    }),
  );
  process.exit(0);
}

/** Time `run` while sampling the event loop's delay. */
async function measured(run: () => Promise<unknown>) {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const board = setInterval(() => {}, 1);
  lag.enable();
  // The monitor keeps no sample from its first tick (nor the first after a reset): let it tick
  // before the work starts; the 1 ms ticks of this wait add samples of about nothing.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t = performance.now();
  await run();
  const ms = performance.now() - t;
  // A delay is recorded when the sampling timer finally fires: let it fire after a blocking close.
  await new Promise((resolve) => setTimeout(resolve, 20));
  lag.disable();
  clearInterval(board);
  return { ms, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6 };
}

const dir = textOption('close') ?? '';
// The close's own log line ('history written') says where its time went, where the checkout logs it.
const phases: Record<string, number>[] = [];
// The live close's, where the thread makes the whole day (wt-closethread on): 'day closed: …'.
const livePhases: Record<string, number>[] = [];
const logger = pino(
  { level: 'info' },
  {
    write(line: string) {
      const o = JSON.parse(line) as { msg?: string; phases?: Record<string, number> };
      if (o.msg === 'history written' && o.phases) phases.push(o.phases);
      if (o.msg === 'day closed: history written' && o.phases) livePhases.push(o.phases);
    },
  },
);
const storage = openStorage({ dataDir: dir, synchronous: 'full' });
if (process.argv.includes('--no-checkpoint')) storage.checkpoints.clear();
const history = (now: number) => {
  let listener: (closing: DomainState) => void = () => {};
  const started = startHistory({
    storage,
    hub: {
      onDayClosed(l: (closing: DomainState) => void) {
        listener = l;
        return () => {};
      },
    },
    settings: () => SETTINGS,
    historyDays: () => 400,
    journalDays: 30,
    now: () => now,
    logger,
  });
  return { started, closeLive: (closing: DomainState) => listener(closing) };
};

// The start-up close: the server starts an hour after the day ended; the day is missed.
const startup = await measured(async () => {
  const h = history(w.end + 3_600_000);
  const days = await h.started.missed;
  if (days.length !== 1) throw new Error(`expected one missed day, closed ${days.join(', ')}`);
  await h.started.stop();
});
const startupPhases = phases[0] ?? null;

// The live close: the board's state at the day's last moment (reduced here, untimed), handed over
// as the hub does at the roll; timed until the rows are written.
let closing: DomainState = initialState(SETTINGS, w.start);
for (let i = 0; i < events.length; i += 5000) closing = reduceAll(closing, events.slice(i, i + 5000));
const h = history(w.end - 1);
await h.started.missed;
// The server starts its history part (and the day-close thread) hours before the roll.
await new Promise((resolve) => setTimeout(resolve, 5000));
// The main thread's block: the synchronous part of the hand-over at the roll (the rows worked out
// from the state, the copy to the thread; in wt-agentquarters also the agent quarters' walk).
let blockMs = 0;
const live = await measured(async () => {
  const t = performance.now();
  h.closeLive(closing);
  blockMs = performance.now() - t;
  await h.started.stop();
});
const rows = storage.history.quarters(w.start, w.end).length;
// Agent quarter rows (schema v12), where this checkout has them.
const agentQuarters: number =
  typeof storage.history.agentQuarters === 'function'
    ? storage.history.agentQuarters(w.start, w.end).length
    : 0;
await storage.close();
console.log(
  JSON.stringify({
    startup: { ...startup, phases: startupPhases },
    live: { ...live, blockMs, phases: livePhases[0] ?? null },
    quarters: rows,
    agentQuarters,
  }),
);
