import type { PageResults } from './browserPage';
import type { FeedStats } from './browserServer';
import { percentile } from './fanoutShared';

/** The browser benchmark's figures (browser.ts), and the table printed at the end. */

export interface ScriptFile {
  readonly url: string;
  readonly raw: number;
  readonly gzip: number;
  readonly encoding: string | null;
}

export interface Measured {
  readonly seconds: number;
  readonly page: PageResults;
  /** Patches the hub published during the window (its onPatch), by seq. */
  readonly sent: readonly number[];
  readonly fed: FeedStats;
  readonly scripts: readonly ScriptFile[];
  readonly firstRenderMs: number;
  /** Renderer main thread (CDP Performance metrics, seconds of the window): tasks, script, layout, style. */
  readonly renderer: Readonly<Record<string, number>>;
  readonly serverCpu: number;
  readonly machineBusy: number | null;
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const pct = (share: number) => `${Math.round(100 * share)}%`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

function stats(xs: readonly number[]) {
  const s = sorted(xs);
  return {
    n: s.length,
    p50: percentile(s, 0.5),
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export function report(m: Measured): boolean {
  const { page } = m;
  const s = m.seconds;
  const received = new Set(page.received);
  const lost = m.sent.filter((seq) => !received.has(seq)).length;
  const mutated = page.patches.filter((p) => p.mutated);
  const painted = mutated.flatMap((p) => (p.paintedAt === null ? [] : [p]));
  const latency = stats(painted.map((p) => (p.paintedAt ?? 0) - p.serverTime));
  const inPage = stats(painted.map((p) => (p.paintedPerf ?? 0) - p.receivedPerf));
  const wire = stats(page.patches.map((p) => p.receivedAt - p.serverTime));
  const task = stats(page.patches.map((p) => p.taskMs));
  const store = stats(page.patches.map((p) => (p.renderStart ?? p.receivedPerf + p.taskMs) - p.receivedPerf));
  const react = stats(
    page.patches.flatMap((p) =>
      p.renderStart === null ? [] : [(p.lastCommit ?? p.renderStart) - p.renderStart],
    ),
  );
  const passive = stats(
    page.patches.flatMap((p) =>
      p.lastPassive === null || p.lastCommit === null || p.lastPassive < p.lastCommit
        ? []
        : [p.lastPassive - p.lastCommit],
    ),
  );
  const commits = stats(page.commits.map((c) => c.ms));
  const patchCommits = stats(page.commits.flatMap((c) => (c.seq === null ? [] : [c.ms])));
  const otherCommits = stats(page.commits.flatMap((c) => (c.seq === null ? [c.ms] : [])));
  const long = stats(page.longTasks.map((t) => t.ms));
  const longTotal = page.longTasks.reduce((sum, t) => sum + t.ms, 0);
  const jsRaw = m.scripts.reduce((sum, f) => sum + f.raw, 0);
  const jsGz = m.scripts.reduce((sum, f) => sum + f.gzip, 0);
  const bytes = page.patches.reduce((sum, p) => sum + p.bytes, 0) / Math.max(1, page.patches.length);
  const r = m.renderer;

  console.log('');
  console.log(
    `window ${f1(page.windowMs / 1000)} s; first snapshot rendered ${f1(m.firstRenderMs)} ms after navigation`,
  );
  console.log(
    `fed ${m.fed.events} events in ${m.fed.ingests} batches (ingest lag p50 ${f1(m.fed.lagP50)} ms, max ${f1(m.fed.lagMax)} ms)`,
  );
  console.log(
    `patches: hub published ${m.sent.length} (${f1(m.sent.length / s)}/s), page received ${page.patches.length} ` +
      `(${lost} of the published not received), ${mutated.length} changed the DOM, ${painted.length} painted; ` +
      `${kib(bytes)} per patch`,
  );
  console.log(
    `per patch in the page: whole task p50 ${f1(task.p50)} / p95 ${f1(task.p95)} ms = decode + store ` +
      `p50 ${f1(store.p50)} / p95 ${f1(store.p95)} ms, then React (${react.n} patches) p50 ${f1(react.p50)} / ` +
      `p95 ${f1(react.p95)} ms, then passive effects (${passive.n}) p50 ${f1(passive.p50)} / p95 ${f1(passive.p95)} ms; ` +
      `hub → page arrival p50 ${f1(wire.p50)} / p99 ${f1(wire.p99)} ms`,
  );
  console.log(
    `commits: ${commits.n} (${patchCommits.n} in a patch's task, p95 ${f1(patchCommits.p95)} ms; ` +
      `${otherCommits.n} others, p95 ${f1(otherCommits.p95)} ms); untimed ${page.commitsUntimed}; ` +
      `hook injected: ${page.hookInjected}`,
  );
  console.log(
    `long tasks: ${long.n} (total ${f1(longTotal)} ms, max ${f1(long.max)} ms); ${page.longTasksBefore} before the window`,
  );
  for (const f of sorted(page.longFrames.map((x) => x.ms))
    .reverse()
    .slice(0, 1)) {
    const frame = page.longFrames.find((x) => x.ms === f);
    if (frame) console.log(`longest animation frame ${f1(frame.ms)} ms: ${frame.scripts.join(' | ')}`);
  }
  console.log(
    `renderer main thread busy ${pct((r.TaskDuration ?? 0) / s)} (script ${pct((r.ScriptDuration ?? 0) / s)}, ` +
      `layout ${pct((r.LayoutDuration ?? 0) / s)}, style ${pct((r.RecalcStyleDuration ?? 0) / s)}); ` +
      `server process ${pct(m.serverCpu)} of a core; machine ${m.machineBusy === null ? '–' : pct(m.machineBusy)} busy`,
  );
  console.log(
    `kiosk JavaScript: ${m.scripts.length} files, ${kib(jsRaw)} raw, ${kib(jsGz)} gzip -9 ` +
      `(served with: ${[...new Set(m.scripts.map((f) => f.encoding ?? 'identity'))].join(', ')}); ` +
      `inline scripts ${kib(page.inlineScriptBytes)} raw (data, not counted); clock skew ${f1(page.clockSkew)} ms`,
  );
  console.log('');

  const targets = [
    ['no long task over 50 ms', `${long.n} (max ${f1(long.max)} ms)`, met(long.n === 0)],
    [
      'React commit p95 ≤ 8 ms',
      `${f1(commits.p95)} ms (p50 ${f1(commits.p50)}, max ${f1(commits.max)})`,
      met(commits.p95 <= 8),
    ],
    ['event → painted p50 ≤ 50 ms', `${f1(latency.p50)} ms (${latency.n} patches)`, met(latency.p50 <= 50)],
    [
      'event → painted p99 ≤ 150 ms',
      `${f1(latency.p99)} ms (max ${f1(latency.max)})`,
      met(latency.p99 <= 150),
    ],
    ['kiosk JavaScript ≤ 250 KB gzip', kib(jsGz), met(jsGz <= 250 * 1024)],
  ];
  table([['target', 'measured', ''], ...targets]);
  console.log(
    `(in-page part of the latency, arrival → painted: p50 ${f1(inPage.p50)} / p99 ${f1(inPage.p99)} ms)`,
  );
  return targets.every((t) => t[2] === 'met');
}
