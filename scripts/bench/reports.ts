/**
 * Reports over a full history (issue #17): 400 days × 50 queues × 96 buckets (1.92 M quarter rows,
 * 20,000 day rows) in a real SQLite file, then each report shape the API allows at its longest range
 * (15m over 7 days, hour over 14, day over 800, week over 3660; all 50 queues, and an hour report for
 * 5 named queues), timed as the route answers it: the report, its rows as the route writes them, the
 * JSON body (reportsRun.ts), in wall time and in the process's CPU time (the steadier figure on a
 * shared machine). Target: p95 ≤ 200 ms.
 *
 * With `--base <checkout of the branch point>`, A (that checkout) and B (this one) run alternately,
 * each in a child process with its own file, so both see the same load.
 *
 *   npm run bench:reports [-- --base /tmp/histperf-base] [-- --rounds N] [-- --runs N] [-- --days N]
 */

import { median, runChild, THIS_CHECKOUT, textOption } from './abChild';
import { fmt, option } from './cli';

const TARGET_MS = 200;
type Result = {
  fillMs: number;
  cases: Record<
    string,
    { p50: number; p95: number; cpuP50: number; cpuP95: number; rows: number; bytes: number }
  >;
};

const base = textOption('base');
const rounds = option('rounds', 2);
const pass = ['--days', 'queues', 'runs'].flatMap((name) =>
  process.argv.includes(`--${name}`) ? [`--${name}`, String(option(name, 1))] : [],
);
const checkouts: [string, string][] = base
  ? [
      ['A', base],
      ['B', THIS_CHECKOUT],
    ]
  : [['B', THIS_CHECKOUT]];
const results = new Map<string, Result[]>(checkouts.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, root] of r % 2 === 0 ? checkouts : [...checkouts].reverse()) {
    const res = runChild<Result>('reportsRun.ts', ['--root', root, ...pass]);
    results.get(name)?.push(res);
    console.log(`round ${r + 1} ${name} (filled in ${fmt(res.fillMs / 1000)} s)`);
    for (const [c, x] of Object.entries(res.cases))
      console.log(
        `  ${c.padEnd(32)} rows ${fmt(x.rows).padStart(7)}  ${(x.bytes / 1e6).toFixed(1).padStart(5)} MB  p50 ${x.p50.toFixed(1).padStart(6)} ms  p95 ${x.p95.toFixed(1).padStart(6)} ms  (CPU p50 ${x.cpuP50.toFixed(1)} / p95 ${x.cpuP95.toFixed(1)} ms)`,
      );
  }
}
console.log(
  `\nmedian over ${rounds} rounds of each run's p50 / p95 (ms), wall [CPU]; target p95 ≤ ${TARGET_MS} ms`,
);
const names = Object.keys(results.get('B')?.[0]?.cases ?? {});
for (const c of names) {
  const cells = [...results].map(([name, list]) => {
    const p50 = median(list.map((x) => x.cases[c]?.p50 ?? Number.NaN));
    const p95 = median(list.map((x) => x.cases[c]?.p95 ?? Number.NaN));
    const cpu50 = median(list.map((x) => x.cases[c]?.cpuP50 ?? Number.NaN));
    const cpu95 = median(list.map((x) => x.cases[c]?.cpuP95 ?? Number.NaN));
    return `${name} ${p50.toFixed(1)} / ${p95.toFixed(1)} [${cpu50.toFixed(1)} / ${cpu95.toFixed(1)}]${name === 'B' ? (p95 <= TARGET_MS ? ' ok' : ' MISSED') : ''}`;
  });
  console.log(`  ${c.padEnd(32)} ${cells.join('   ')}`);
}
