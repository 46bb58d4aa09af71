import { describe, expect, it } from 'vitest';
import { sourceAgreements } from '../../../lib/domain/agreement';
import type { DomainEvent } from '../../../lib/domain/events';
import { reduceAll } from '../../../lib/domain/reduce';
import { initialState, type Settings } from '../../../lib/domain/state';
import { BUCKET_MS, bucketOf } from '../../../lib/domain/time';
import { normalizeAtEdge } from '../../../lib/sources';
import { readWsiFrame } from '../../../lib/sources/portsip/wsi';
import { CallCenterModel } from '../model';
import { CallTracker } from './calls';
import { feedModelOptions } from './feed';
import { portsipPayloads } from './portsip';
import type { WebhookRequest } from './types';

/**
 * Cross-source agreement on a seeded simulated hour of one PBX tenant, reached two ways: the WSI link
 * ('link': queue topics and cdr_events, every frame read by the real WSI reader) and the CDR webhook
 * ('hook': the feeder's PortSIP payloads, read by the real edge normalizer). Both report the same
 * calls, so every closed quarter-hour agrees, until webhook deliveries are lost.
 */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const MIN = 60_000;
const END = START + 60 * MIN;
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const DAY_START = Date.UTC(2026, 2, 10);
const bucketAt = (at: number) =>
  bucketOf({ day: '2026-03-10', start: DAY_START, end: DAY_START + 86_400_000 }, at);

interface Delivery {
  readonly at: number;
  readonly events: readonly DomainEvent[];
  readonly session?: string;
}

function wsiEvents(message: unknown, at: number): DomainEvent[] {
  const r = readWsiFrame(JSON.stringify(message), { source: 'link', receivedAt: at });
  if (r.kind !== 'event' || !r.result.ok) throw new Error(`WSI frame not read: ${JSON.stringify(message)}`);
  return [...r.result.events];
}

function hookEvents(req: WebhookRequest): DomainEvent[] {
  const r = normalizeAtEdge.portsipWebhook(req.body, { source: 'hook', receivedAt: req.at });
  if (!r.ok) throw new Error(`webhook not read: ${r.error}`);
  return [...r.events];
}

/** The hour as the server would receive it: the link's frames and the hook's posts, in time order. */
function simulatedHour(): { link: Delivery[]; hook: Delivery[] } {
  const model = new CallCenterModel({
    ...feedModelOptions('portsip-webhook', { seed: 7, startAt: START, timeZone: 'UTC', slaSeconds: 20 }),
    callsPerHour: 120,
    callbackShare: 0.2,
    maxWaitSeconds: 120,
  });
  const tracker = new CallTracker({
    queues: model.queues(),
    queueName: (q) => q.name,
    overflowDestination: model.settings.overflowDestination,
  });
  const writer = { token: 't', domain: model.settings.domain, callIdBase: 0 };
  const link: Delivery[] = model.queueCreated().map((m) => ({ at: START, events: wsiEvents(m, START) }));
  for (const q of model.queues()) {
    const status = model.queueStatus(q.number);
    if (status) link.push({ at: START, events: wsiEvents(status, START) });
  }
  const hook: Delivery[] = [];
  for (let t = START + 1000; t <= END; t += 1000) {
    const emitted = model.step(t);
    for (const e of emitted) link.push({ at: e.at, events: wsiEvents(e.message, e.at) });
    for (const req of portsipPayloads(tracker.changes(emitted), writer)) {
      const session = (JSON.parse(req.body) as { session_id?: string }).session_id;
      hook.push({ at: req.at, events: hookEvents(req), ...(session ? { session } : {}) });
    }
  }
  expect(tracker.problems()).toEqual([]);
  return { link, hook };
}

const hour = simulatedHour();

function run(link: readonly Delivery[], hook: readonly Delivery[]) {
  const all = [...link.map((d) => ({ ...d, n: 0 })), ...hook.map((d) => ({ ...d, n: 1 }))];
  all.sort((a, b) => a.at - b.at || a.n - b.n);
  return reduceAll(
    initialState(SETTINGS, START),
    all.flatMap((d) => d.events),
  );
}

describe('cross-source agreement: WSI link and CDR webhook of one tenant', () => {
  const both = run(hour.link, hour.hook);

  it('agrees in every closed quarter-hour of a seeded hour, and counts real calls', () => {
    const read = sourceAgreements(both, END + 3 * MIN);
    // Paired at 09:00: the 09:00 quarter-hour is partly before the pairing, so 09:15–09:45 are compared.
    expect(read.hook).toEqual({ comparedWith: 'link', bucketsCompared: 3, bucketsDisagreeing: 0 });
    expect(read.link).toEqual({ comparedWith: 'hook', bucketsCompared: 3, bucketsDisagreeing: 0 });
    const rows = [...(both.agreement?.counts.values() ?? [])];
    const offered = rows.reduce((n, row) => n + (row[0] ?? 0), 0);
    expect(offered).toBeGreaterThan(60);
  });

  it('finds the quarter-hours in which webhook deliveries were lost, and only those', () => {
    // The calls that entered and ended within 09:20–09:25 and 09:50–09:55: the hook loses every post.
    const visits = [...both.visits.values()].filter(
      (v) => v.enqueuedAt !== undefined && v.outcomeAt !== undefined,
    );
    const within = (from: number, to: number) =>
      visits.filter((v) => (v.enqueuedAt ?? 0) >= from && (v.outcomeAt ?? 0) < to).map((v) => v.callId);
    const lost = new Set([
      ...within(START + 20 * MIN, START + 25 * MIN).slice(0, 2),
      ...within(START + 50 * MIN, START + 55 * MIN).slice(0, 1),
    ]);
    expect(lost.size).toBe(3);
    const broken = run(
      hour.link,
      hour.hook.filter((d) => d.session === undefined || !lost.has(d.session)),
    );
    const read = sourceAgreements(broken, END + 3 * MIN).hook;
    expect(read?.bucketsCompared).toBe(3);
    expect(read?.bucketsDisagreeing).toBe(2); // 09:15 and 09:45
    expect(read?.last?.bucketStart).toBe(START + 45 * MIN);
    expect(bucketAt(read?.last?.bucketStart ?? 0)).toBe(39);
    const { ours, theirs } = read?.last ?? { ours: undefined, theirs: undefined };
    expect((theirs?.offered ?? 0) - (ours?.offered ?? 0)).toBe(1);
    // The link's own reading names the same quarter-hours, from its side.
    expect(sourceAgreements(broken, END + 3 * MIN).link?.last?.ours).toEqual(theirs);
  });

  it('never compares a quarter-hour still open or within its lateness allowance', () => {
    const lost = new Set(
      [...both.visits.values()]
        .filter((v) => (v.enqueuedAt ?? 0) >= START + 50 * MIN && (v.outcomeAt ?? END) < START + 55 * MIN)
        .map((v) => v.callId)
        .slice(0, 1),
    );
    const broken = run(
      hour.link,
      hour.hook.filter((d) => d.session === undefined || !lost.has(d.session)),
    );
    const closedAt = START + 60 * MIN; // 09:45–10:00 closes at 10:00
    const before = sourceAgreements(broken, closedAt + 2 * MIN - 1).hook;
    expect(before).toMatchObject({ bucketsCompared: 2, bucketsDisagreeing: 0 });
    expect(before?.last).toBeUndefined();
    const after = sourceAgreements(broken, closedAt + 2 * MIN).hook;
    expect(after).toMatchObject({ bucketsCompared: 3, bucketsDisagreeing: 1 });
    expect(after?.last?.bucketStart).toBe(closedAt - BUCKET_MS);
  });

  it('reports nothing for a source that no other source pairs with (unknown, not 0 of 0)', () => {
    expect(sourceAgreements(run(hour.link, []), END + 3 * MIN)).toEqual({});
    expect(sourceAgreements(run([], hour.hook), END + 3 * MIN)).toEqual({});
    expect(run(hour.link, []).agreement).toBeUndefined();
  });
});
