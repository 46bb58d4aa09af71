import type { FeedResult, Memory } from './fanoutServer';
import type { createAttribution, LatencyReport, Mode } from './fanoutShared';

/** One phase's measurements (fanout.ts), and the table printed at the end. */
export interface Phase {
  readonly mode: Mode;
  readonly connected: number;
  readonly failed: number;
  readonly connectMs: number;
  readonly clockOffset: number;
  /** Before any client; after all connected once and left (the 0-client reading); all connected, idle. */
  readonly cold: Memory;
  readonly idle: Memory;
  readonly full: Memory;
  readonly fed: FeedResult;
  readonly latency: LatencyReport;
  readonly server: ReturnType<ReturnType<typeof createAttribution>['stats']>;
  readonly serverCpuMs: number;
  /** Whole machine while feeding and draining: busy share of all cores (null where /proc/stat is missing). */
  readonly machineBusy: number | null;
  readonly loopP99: number;
  readonly loopMax: number;
  readonly bytesPerPatch: number;
}

export const ms = (n: number | null) => (n === null ? 'not received' : `${n.toFixed(1)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (share: number) => `${Math.round(100 * share)}%`;
const ratio = (a: number | null, b: number | null) => (a === null || b === null ? '–' : (a / b).toFixed(2));
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const atMost = (v: number | null, limit: number) => v !== null && v <= limit;
const perClient = (p: Phase, k: keyof Memory) => (p.full[k] - p.idle[k]) / Math.max(1, p.connected);
/** RSS growth per client without the young generation's one-off resize (see Memory.young). */
const rssPerClient = (p: Phase) => perClient(p, 'rss') - perClient(p, 'young');

function table(rows: string[][]): void {
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export function report(cb: Phase, plain: Phase): void {
  const a = cb.latency;
  const b = plain.latency;
  const ratioOk = (x: number | null, y: number | null) => x !== null && y !== null && x / y <= 1.5;
  console.log('');
  table([
    ['', 'Callboard (Socket.IO)', 'plain ws', 'ratio', 'target'],
    [
      'latency p50',
      ms(a.p50),
      ms(b.p50),
      ratio(a.p50, b.p50),
      `≤ 50 ms: ${met(atMost(a.p50, 50))}; ratio ≤ 1.5: ${met(ratioOk(a.p50, b.p50))}`,
    ],
    ['latency p90', ms(a.p90), ms(b.p90), ratio(a.p90, b.p90), ''],
    [
      'latency p99',
      ms(a.p99),
      ms(b.p99),
      ratio(a.p99, b.p99),
      `≤ 150 ms: ${met(atMost(a.p99, 150))}; ratio ≤ 1.5: ${met(ratioOk(a.p99, b.p99))}`,
    ],
    ['latency p99.9', ms(a.p999), ms(b.p999), ratio(a.p999, b.p999), ''],
    ['latency max', ms(a.max), ms(b.max), '', ''],
    ['latency mean (received)', ms(a.mean), ms(b.mean), ratio(a.mean, b.mean), ''],
    [
      'RSS per client, excl. young gen',
      kb(rssPerClient(cb)),
      kb(rssPerClient(plain)),
      '',
      `≤ 30 KB: ${met(rssPerClient(cb) <= 30 * 1024)}`,
    ],
    ['RSS per client, raw', kb(perClient(cb, 'rss')), kb(perClient(plain, 'rss')), '', ''],
    ['heapUsed per client', kb(perClient(cb, 'heapUsed')), kb(perClient(plain, 'heapUsed')), '', ''],
    ['heapTotal per client', kb(perClient(cb, 'heapTotal')), kb(perClient(plain, 'heapTotal')), '', ''],
    ['external per client', kb(perClient(cb, 'external')), kb(perClient(plain, 'external')), '', ''],
  ]);
  console.log('');
  for (const p of [cb, plain]) {
    const l = p.latency;
    const s = p.server;
    const drops = Object.entries(l.disconnects).map(([why, n]) => `${n} ${why}`);
    const part = (name: string, x: { p50: number; p99: number }) => `${name} ${ms(x.p50)} / ${ms(x.p99)}`;
    console.log(
      `[${p.mode}] ${p.connected} clients (${p.failed} failed, connected in ${(p.connectMs / 1000).toFixed(1)} s); ` +
        `${p.fed.events} events in ${(p.fed.ms / 1000).toFixed(1)} s, ${p.fed.batches} batches, ingest ` +
        `lag p50 ${ms(p.fed.lagP50)} p99 ${ms(p.fed.lagP99)}; ${s.patches} patches ` +
        `(${s.windowsWithoutPatch} windows without one)` +
        (Number.isNaN(p.bytesPerPatch) ? '' : `, ${kb(p.bytesPerPatch)} per patch`),
    );
    console.log(
      `[${p.mode}] receipts ${l.samples}, missing ${l.missing}, seq gaps ${l.gaps}, ` +
        `dropped clients: ${drops.length > 0 ? drops.join(', ') : 'none'}; clock offset ${ms(p.clockOffset)}`,
    );
    console.log(
      `[${p.mode}] CPU over ${(l.wallMs / 1000).toFixed(1)} s: server ${pct(p.serverCpuMs / l.wallMs)}, ` +
        `clients ${pct(l.cpuMs / l.wallMs)} of one core; machine ` +
        `${p.machineBusy === null ? '?' : pct(p.machineBusy)} busy; server event-loop delay ` +
        `p99 ${ms(p.loopP99)}, max ${ms(p.loopMax)}`,
    );
    console.log(
      `[${p.mode}] per patch, p50 / p99: ${part('oldest event → window timer', s.window)} ` +
        `(${part('timer late', s.late)}), ${part('publish', s.publish)}, ${part('broadcast call', s.send)}`,
    );
    const mem = (k: keyof Memory) => `${k} ${mb(p.cold[k])} → ${mb(p.idle[k])} → ${mb(p.full[k])}`;
    console.log(
      `[${p.mode}] server memory, before any client → 0 after warm-up → ${p.connected} idle: ` +
        `${mem('rss')}, ${mem('young')} (young generation), ${mem('heapUsed')}, ${mem('heapTotal')}, ${mem('external')}`,
    );
  }
}
