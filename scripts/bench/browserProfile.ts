import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';

/**
 * `--profile on` (browser.ts): a CPU profile of the page's main thread over the measured window,
 * written for Chrome DevTools (Performance → load profile) and summarised: the functions with the most
 * self time and with the most total time (the bundles are minified: names are the bundle's, with file,
 * line and column to find them).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export async function startProfile(cdp: CDPSession): Promise<() => Promise<void>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const file = join(tmpdir(), `callboard-kiosk-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    summarise(profile);
    console.log(`CPU profile of the window: ${file}`);
  };
}

const where = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url.split('/').pop() || '(native)';
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
};

function summarise(p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    selfBy.set(where(n), (selfBy.get(where(n)) ?? 0) + ms);
    const seen = new Set<string>(); // recursion: count a frame once per sample stack
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const key = where(node);
      if (seen.has(key)) continue;
      seen.add(key);
      totalBy.set(key, (totalBy.get(key) ?? 0) + ms);
    }
  }
  const span = (p.endTime - p.startTime) / 1000;
  const top = (m: Map<string, number>, skip: RegExp) =>
    [...m]
      .filter(([k]) => !skip.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(
        ([k, ms]) =>
          `  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / span).toFixed(1).padStart(5)}%  ${k}`,
      );
  console.log(`\nCPU profile, ${(span / 1000).toFixed(1)} s: most self time`);
  for (const l of top(selfBy, /^\(idle\)/)) console.log(l);
  console.log('most total time');
  for (const l of top(totalBy, /^\((idle|root|program)\)/)) console.log(l);
}
