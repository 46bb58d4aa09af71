import { entryServerTime, onServerTimeline } from '../../lib/domain/clocks';
import type { DomainState } from '../../lib/domain/state';
import type { DemoDay } from '../demo/startDemo';
import { carriedFigures } from '../simulator/webhooks/carried';
import type { WebhookKind } from '../simulator/webhooks/types';
import type { TestCallboard } from './callboard';

/**
 * Test support only: what the demo's board should show, by queue key, from the simulated PBXs' own
 * ground truth (the WSI queues in full, the webhook queues as far as each vendor carries it).
 */

export const COUNTS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'overflowed',
  'callbacks',
  'answeredWithinSla',
] as const;
export type Counts = Record<(typeof COUNTS)[number], number>;

const pick = (f: object | undefined): Counts =>
  Object.fromEntries(COUNTS.map((k) => [k, (f as Partial<Counts> | undefined)?.[k]])) as Counts;

/** The counts each queue key should show for one run of the demo. */
export function expectedCounts(demo: DemoDay): Map<string, Counts> {
  const truth = demo.truth();
  const out = new Map<string, Counts>();
  const wsi = demo.sim;
  for (const q of wsi.queues)
    out.set(`${wsi.tenantId}/${q.number}`, pick(truth['demo-pbx']?.queues[q.number]));
  for (const feed of demo.feeder?.feeds ?? []) {
    const scope = feed.kind === 'portsip-webhook' ? feed.model.tenantId : feed.kind;
    const t = truth[feed.sourceId];
    if (t) out.set(`${scope}/8001`, pick({ ...carriedFigures(feed.kind as WebhookKind, t, '8001') }));
  }
  return out;
}

/** Two runs of the demo on one day: their counts add up. */
export function addCounts(a: Map<string, Counts>, b: Map<string, Counts>): Map<string, Counts> {
  const out = new Map(a);
  for (const [key, counts] of b) {
    const before = out.get(key);
    out.set(key, before ? pick(Object.fromEntries(COUNTS.map((k) => [k, before[k] + counts[k]]))) : counts);
  }
  return out;
}

/** What the board shows today, for the same queue keys. */
export function boardCounts(state: DomainState, keys: Iterable<string>): Map<string, Counts> {
  return new Map([...keys].map((key) => [key, pick(state.queues.get(key)?.today)]));
}

/** Open calls and waiting callers whose last news came before `since` (server time). */
export function openBefore(state: DomainState, since: number): string[] {
  const old: string[] = [];
  for (const call of state.calls.values()) {
    if (call.phase !== 'ended' && onServerTimeline(state, call.source, call.lastEventAt) < since)
      old.push(`call ${call.key} (${call.phase})`);
  }
  for (const q of state.queues.values()) {
    for (const c of q.waiting?.values() ?? [])
      if (entryServerTime(state, c, c.since) < since) old.push(`caller ${c.sessionId} waiting in ${q.key}`);
  }
  return old;
}

/** Waits for the demo's WSI link to be connected (its snapshots are in). */
export async function demoConnected(a: TestCallboard): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (a.hub.sources().find((s) => s.id === 'demo-pbx')?.status === 'connected') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the demo link never connected');
}

/**
 * The demo live for a while on an injected clock: `tick` moves it one second on and returns it; the
 * feeds post that second (3CX events are stamped on arrival: delivered before the clock moves on)
 * and the simulator's own timer follows the clock before the next second.
 */
export async function demoLive(a: TestCallboard, seconds: number, tick: () => number): Promise<void> {
  const demo = a.demo;
  if (!demo) throw new Error('no demo');
  for (let i = 0; i < seconds; i++) {
    const now = tick();
    demo.feeder?.tick();
    await demo.feeder?.idle();
    while (demo.sim.now() < now) await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 150)); // the link's last frames
  a.hub.flush();
}
