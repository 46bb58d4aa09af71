/**
 * The day close of a busy day (issue #17): a synthetic 500,000-event day (50 queues × 100 agents)
 * journaled in a real SQLite file, then closed as the server closes days (its startHistory):
 * - the start-up close of a day missed while stopped (replayed from the journal, then written);
 * - the live close at the roll (the board's state of the day's last moment, written).
 * Each is timed while a 1 ms timer stands in for the live board and monitorEventLoopDelay samples the
 * event loop. Targets: ≤ 2 s each; event-loop lag p99 ≤ 50 ms meanwhile.
 *
 * The missed day has a restart checkpoint after `--checkpoint-at` of its events (default 0.9: the
 * 50,000-event tail a crash leaves at most under the 50k-event checkpoint rule; 1: a clean shutdown
 * at the day's end; 0: none), as a server stopped that day leaves it. "B, no checkpoint" is this
 * checkout on the same journal with its checkpoints removed (the full replay, the fallback).
 *
 * With `--base <checkout of the branch point>`, A (that checkout) and B (this one) run alternately,
 * each in a child process on its own copy of the same journal; `--branch <checkout>` adds it as C.
 * The live close's main-thread block is the synchronous hand-over at the roll; with the agent
 * quarters made on the day-close thread (B), the live close's whole time includes the replay there.
 *
 * With `--server`, each checkout's whole server (startTestCallboard) is started on the journal an hour
 * after the day ended instead: the time to ready and to the missed day in history, beside a control
 * run with the day marked closed already (what the close costs readiness).
 *
 *   npm run bench:dayclose [-- --base /tmp/histperf-base] [-- --branch /tmp/other] [-- --rounds N]
 *     [-- --events N] [-- --checkpoint-at F] [-- --server]
 */

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, THIS_CHECKOUT, textOption } from './abChild';
import { fmt, option } from './cli';

interface Timed {
  ms: number;
  lagP99: number;
  lagMax: number;
  /** The close thread's own account (server/history/dayWork.ts RebuildPhases), where it gives one. */
  phases?: Record<string, number> | null;
}
interface Result {
  startup: Timed;
  live: Timed & { blockMs: number };
  quarters: number;
  agentQuarters: number;
}

const base = textOption('base');
/** Another checkout run beside A and B (e.g. the unmerged wt-agentquarters), as C. */
const other = textOption('branch');
const rounds = option('rounds', 3);
const pass = ['--events', String(option('events', 500_000)), '--per-entry', String(option('per-entry', 10))];
const flags = ['--max-semi-space-size=64'];
const checkpointAt = textOption('checkpoint-at') ?? '0.9';
const NO_CHECKPOINT = 'B, no checkpoint';
const checkouts: [string, string][] = [
  ...(base ? [['A', base] as [string, string]] : []),
  ['B', THIS_CHECKOUT],
  [NO_CHECKPOINT, THIS_CHECKOUT],
  ...(other ? [['C', other] as [string, string]] : []),
];

/** `--server`: the whole server started on the journal (dayCloseRun.ts `--server`), not startHistory alone. */
const server = process.argv.includes('--server');

interface ServerResult {
  readyMs: number;
  closedMs: number;
  closed: string[];
  readyz: { ready?: boolean; closing?: string[] };
  todayReplay: { events: number; ms: number } | null;
  close: { checkpoint: number | null; ms: number; phases: Record<string, number> | null } | null;
}

const work = mkdtempSync(join(tmpdir(), 'callboard-bench-dayclose-'));
try {
  // Journaled once, by the oldest checkout (a newer one migrates the copy on open).
  const template = join(work, 'template');
  const filled = runChild<{ events: number; entries: number; checkpointAfter: number }>(
    'dayCloseRun.ts',
    [
      '--root',
      (checkouts[0] as [string, string])[1],
      '--fill',
      template,
      '--checkpoint-at',
      checkpointAt,
      ...pass,
    ],
    flags,
  );
  console.log(
    `journaled ${fmt(filled.events)} events in ${fmt(filled.entries)} entries; ` +
      `checkpoint after ${fmt(filled.checkpointAfter)} events`,
  );
  if (server) {
    // Per checkout: with the missed day to close, and the control with it marked closed already.
    const runs = checkouts
      .filter(([name]) => name !== NO_CHECKPOINT)
      .flatMap(([name, root]) => [
        [name, root, false],
        [`${name}, nothing to close`, root, true],
      ]) as [string, string, boolean][];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? runs : [...runs].reverse();
      for (const [name, root, noClose] of order) {
        const dir = join(work, `server-${r}-${name.replace(/\W+/g, '-')}`);
        mkdirSync(dir);
        copyFileSync(join(template, 'callboard.db'), join(dir, 'callboard.db'));
        const res = runChild<ServerResult>(
          'dayCloseRun.ts',
          ['--root', root, '--server', dir, ...(noClose ? ['--no-close'] : []), ...pass],
          flags,
        );
        rmSync(dir, { recursive: true, force: true });
        const p = res.close?.phases;
        console.log(
          `round ${r + 1} ${name}: ready ${fmt(res.readyMs)} ms (today's replay ${fmt(res.todayReplay?.ms ?? 0)} ms, ` +
            `${fmt(res.todayReplay?.events ?? 0)} events; /readyz ${JSON.stringify(res.readyz)}); ` +
            `missed day in history ${fmt(res.closedMs)} ms after start [${res.closed.join(', ')}]` +
            (res.close
              ? `; close ${fmt(res.close.ms)} ms from checkpoint ${res.close.checkpoint}` +
                (p
                  ? ` (thread: ${Object.entries(p)
                      .map(([k, v]) => `${k.replace(/Ms$/, '')} ${fmt(v)}`)
                      .join(', ')} ms)`
                  : '')
              : ''),
        );
      }
    }
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  }
  const results = new Map<string, Result[]>(checkouts.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? checkouts : [...checkouts].reverse();
    for (const [name, root] of order) {
      const dir = join(work, `${name}-${r}`);
      mkdirSync(dir);
      copyFileSync(join(template, 'callboard.db'), join(dir, 'callboard.db'));
      const noCheckpoint = name === NO_CHECKPOINT ? ['--no-checkpoint'] : [];
      const res = runChild<Result>(
        'dayCloseRun.ts',
        ['--root', root, '--close', dir, ...noCheckpoint, ...pass],
        flags,
      );
      rmSync(dir, { recursive: true, force: true });
      results.get(name)?.push(res);
      const one = (t: Timed) =>
        `${fmt(t.ms).padStart(6)} ms, lag p99 ${t.lagP99.toFixed(1)} / max ${t.lagMax.toFixed(1)} ms`;
      const where = (p: Record<string, number> | null | undefined) =>
        p
          ? ` (thread: ${Object.entries(p)
              .map(([k, v]) => `${k.replace(/Ms$/, '')} ${fmt(v)}`)
              .join(', ')} ms)`
          : '';
      console.log(
        `round ${r + 1} ${name}: start-up close ${one(res.startup)}${where(res.startup.phases)}; ` +
          `live close ${one(res.live)}${where(res.live.phases)}, main-thread block ${res.live.blockMs.toFixed(1)} ms`,
      );
    }
  }
  for (const [name, list] of results) {
    const all = (pick: (x: Result) => number, digits = 0) =>
      list.map((x) => (digits ? pick(x).toFixed(digits) : fmt(pick(x)))).join(' · ');
    console.log(
      `${name}: start-up close ${all((x) => x.startup.ms)} ms, lag p99 ${all((x) => x.startup.lagP99, 1)} ms; ` +
        `live close ${all((x) => x.live.ms)} ms, lag p99 ${all((x) => x.live.lagP99, 1)} / max ` +
        `${all((x) => x.live.lagMax, 1)} ms, main-thread block ${all((x) => x.live.blockMs, 1)} ms ` +
        `(${fmt(list[0]?.quarters ?? 0)} quarter rows, ${fmt(list[0]?.agentQuarters ?? 0)} agent quarter rows). ` +
        'Targets: ≤ 2,000 ms, lag p99 ≤ 50 ms',
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
