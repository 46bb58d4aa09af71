import { describe, expect, it } from 'vitest';
import { queueOf, stateFrom } from '../../testing/support';
import type { DomainEvent, GapReason } from '../events';
import { reduce } from '../reduce';

const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 0, 0); // London winter: local = UTC, the day starts at 00:00
const s = (sec: number) => DAY + 9 * 3600_000 + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const hook = { source: '3cx-main', origin: '3cx' } as const;

const created = (base: typeof wsi | typeof hook, number: string): DomainEvent => ({
  ...base,
  type: 'queueCreated',
  at: s(0),
  atArrival: true,
  queue: { ...('tenant' in base ? { tenant: base.tenant } : {}), number },
});
const gap = (source: string, from: number, to: number, reason: GapReason = 'linkDown'): DomainEvent => ({
  source,
  origin: 'portsip-wsi',
  type: 'sourceGapRecorded',
  at: to,
  atArrival: true,
  from,
  to,
  reason,
});
const backfilled = (from: number, outcome: 'filled' | 'failed', detail?: string): DomainEvent => ({
  ...wsi,
  type: 'sourceGapBackfilled',
  at: s(900),
  atArrival: true,
  from,
  outcome,
  calls: outcome === 'filled' ? 3 : 0,
  ...(detail ? { detail } : {}),
});
const base = [created(wsi, '8001'), created(hook, '900')];

describe('gaps (docs/metrics.md, "Gaps")', () => {
  it('shows a gap on the queues its source feeds, and only there', () => {
    const st = stateFrom([...base, gap('pbx', s(60), s(540))], s(600));
    expect(queueOf(st, `${T}/8001`, s(600)).gaps).toEqual([
      { source: 'pbx', from: s(60), to: s(540), reason: 'linkDown' },
    ]);
    expect(queueOf(st, '3cx-main/900', s(600)).gaps).toBeUndefined();
  });

  it('is the server’s word: neither news from the source nor a scope it feeds', () => {
    const before = stateFrom(base, s(600));
    const after = reduce(before, gap('pbx', s(60), s(540)));
    expect(after.sources).toBe(before.sources);
    expect(after.sourceScopes).toBe(before.sourceScopes);
  });

  it('counts the same gap once, however often it is said', () => {
    const st = stateFrom([...base, gap('pbx', s(60), s(540)), gap('pbx', s(60), s(540))], s(600));
    expect(queueOf(st, `${T}/8001`, s(600)).gaps).toHaveLength(1);
  });

  it('no longer shows a filled gap; a failed one stays with its reason, and cannot undo a fill', () => {
    const failed = stateFrom(
      [...base, gap('pbx', s(60), s(540)), backfilled(s(60), 'failed', 'HTTP 401')],
      s(600),
    );
    expect(queueOf(failed, `${T}/8001`, s(600)).gaps).toEqual([
      { source: 'pbx', from: s(60), to: s(540), reason: 'linkDown', detail: 'HTTP 401' },
    ]);
    const filled = reduce(failed, backfilled(s(60), 'filled'));
    expect(queueOf(filled, `${T}/8001`, s(600)).gaps).toBeUndefined();
    const againFailed = reduce(filled, backfilled(s(60), 'failed', 'timeout'));
    expect(queueOf(againFailed, `${T}/8001`, s(600)).gaps).toBeUndefined();
  });

  it('clips a gap across the day start to today, and the day roll clears the rest', () => {
    const yesterdayEvening = DAY - 3600_000;
    const st = stateFrom([...base, gap('pbx', yesterdayEvening, s(30), 'serverStopped')], s(60));
    expect(queueOf(st, `${T}/8001`, s(60)).gaps).toEqual([
      { source: 'pbx', from: DAY, to: s(30), reason: 'serverStopped' },
    ]);
    const tomorrow = DAY + 24 * 3600_000 + 60_000;
    const rolled = reduce(st, { ...created(wsi, '8001'), at: tomorrow });
    expect(queueOf(rolled, `${T}/8001`, tomorrow).gaps).toBeUndefined();
    expect(rolled.gaps).toEqual([]);
  });
});

describe('one call, whichever record names it (SIP Call-ID)', () => {
  const cdr = (callId: string, sipCallId: string | undefined, endSec: number): DomainEvent => ({
    ...wsi,
    type: 'callDetailRecorded',
    at: s(endSec),
    callId,
    ...(sipCallId ? { sipCallId } : {}),
    parties: { direction: 'inbound', caller: '07700900123' },
    startedAt: s(100),
    endedAt: s(endSec),
    legs: [
      { target: '8001', targetKind: 'unknown', startedAt: s(100), answeredAt: s(100), endedAt: s(110) },
      { target: '101', targetKind: 'unknown', startedAt: s(105), answeredAt: s(110), endedAt: s(endSec) },
    ],
  });

  it('counts a call reported live (session id) and backfilled (REST id) once, in either order', () => {
    const live = cdr('690852418417594368', 'b6PEEYEcn5speSovMAybCw..', 200);
    const rest = cdr('rest-NzAwNTUx', 'b6PEEYEcn5speSovMAybCw..', 200);
    for (const order of [
      [live, rest],
      [rest, live],
    ]) {
      const st = stateFrom([base[0] as DomainEvent, ...order], s(300));
      expect(queueOf(st, `${T}/8001`, s(300)).today.offered).toBe(1);
      expect(queueOf(st, `${T}/8001`, s(300)).today.answered).toBe(1);
    }
  });

  it('counts two calls without a shared SIP Call-ID twice (the alias is the only link)', () => {
    const st = stateFrom([base[0] as DomainEvent, cdr('a', 'sip-a', 200), cdr('b', 'sip-b', 200)], s(300));
    expect(queueOf(st, `${T}/8001`, s(300)).today.offered).toBe(2);
  });
});
