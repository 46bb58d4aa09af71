import type { ClosedAgent } from '../../../lib/domain/agentClose';
import { NO_FIGURES, NO_TIME } from '../../../lib/domain/agentDay';
import type { AgentQuarter } from '../../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../../lib/domain/figures';
import type { HistoryRow } from '../history';

/** Closed days, agents and quarters for the history tests (contracts/historyContract.ts, agentHistory.test.ts). */
export const DAY = Date.UTC(2026, 0, 5);
export const DAY_MS = 86_400_000;
export const HOUR = 3600_000;
export const Q = 900_000;

/** Figures with every counter distinct and large (a sum past 2^31 must stay exact). */
export const f = (n: number): Figures => ({
  ...ZERO,
  offered: n,
  answered: n,
  abandoned: 1,
  shortAbandoned: 1,
  overflowed: 2,
  callbacks: 3,
  lostTrack: 4,
  answeredWithinSla: n,
  waited: n + 1,
  waitMs: 3_000_000_000 + n,
  handled: n,
  talkSeconds: 60 * n,
  holdSeconds: 5,
  wrapSeconds: 7,
});
export const label = (d: number) => new Date(DAY + d * DAY_MS).toISOString().slice(0, 10);
/** Day `d` from `start`: per queue, quarter i holds f(n) at start + i × 15 min. */
export const day = (
  d: number,
  queues: Record<string, number[]>,
  start = DAY,
  extra: Partial<ClosedDay> = {},
): ClosedDay => ({
  day: label(d),
  start: start + d * DAY_MS,
  end: start + (d + 1) * DAY_MS,
  queues: Object.entries(queues).map(([queue, buckets]) => ({
    queue,
    today: buckets.reduce((a, n) => addF(a, f(n)), ZERO),
    buckets: buckets.map((n, i) => [start + d * DAY_MS + i * Q, f(n)] as const),
  })),
  ...extra,
});
export function addF(a: Figures, b: Figures): Figures {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof Figures)[]) out[k] = a[k] + b[k];
  return out;
}
/**
 * An agent's closed day: `answered` calls in the first of `queues` (missed known there, 0 included),
 * none in the others (missed unknown: null, not 0); `ready` ms in Ready.
 */
export const closedAgent = (
  key: string,
  answered: number,
  queues: string[],
  o: { name?: string | null; ready?: number } = {},
): ClosedAgent => ({
  agent: key,
  name: o.name ?? null,
  queues: queues.map((queue, i) => ({
    queue,
    figures: {
      ...NO_FIGURES,
      answered: i === 0 ? answered : 0,
      handled: i === 0 ? answered : 0,
      talkSeconds: 60 * answered,
      holdSeconds: 5,
      wrapSeconds: 7,
      longestTalkSeconds: answered > 0 ? 90 : 0,
    },
    missed: i === 0 ? answered % 2 : null,
  })),
  stateMs: { ...NO_TIME, ready: o.ready ?? 4_000_000_000, queueCall: 2500, notReady: 1 },
});
export const quarter = (d: number, i: number, a: string, queue: string, answered: number): AgentQuarter => ({
  start: DAY + d * DAY_MS + i * Q,
  agent: a,
  queue,
  figures: { ...NO_FIGURES, answered, handled: answered, talkSeconds: 30 * answered, longestTalkSeconds: 30 },
  missed: answered === 0 ? null : 0,
});
/** Per "queue start", the figures summed (a period's rows may come as more than one). */
export function summed(rows: readonly HistoryRow[]): Map<string, Figures> {
  const sums = new Map<string, Figures>();
  for (const r of rows) {
    const key = `${r.queue} ${r.start}`;
    const had = sums.get(key);
    sums.set(key, had ? addF(had, r.figures) : r.figures);
  }
  return sums;
}
/** The quarters summed by hand into hours starting `phase` ms past each UTC hour. */
export function byHour(rows: readonly HistoryRow[], phase: number): Map<string, Figures> {
  return summed(rows.map((r) => ({ ...r, start: r.start - ((r.start - phase + HOUR) % HOUR) })));
}
