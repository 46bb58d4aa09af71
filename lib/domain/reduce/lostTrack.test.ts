import { describe, expect, it } from 'vitest';
import { queueOf, stateFrom } from '../../testing/support';
import type { DomainEvent, TrackLost } from '../events';
import { reduce, reduceAll } from '../reduce';
import { liveCalls } from '../view';
import { sourcesWithQuietEntries } from './lostTrack';

const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0); // London winter: local = UTC
const s = (sec: number) => DAY + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const q8001 = { tenant: T, number: '8001' };
const KEY = `${T}/8001`;
const HOUR = 3600_000;

const queued = (id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at: s(sec),
  queue: q8001,
  caller: { sessionId: id, kind: 'normal', since: s(sec) },
});
const snapshot = (sec: number, waiting: string[]): DomainEvent => ({
  ...wsi,
  type: 'queueSnapshotted',
  at: s(sec),
  atArrival: true,
  queue: q8001,
  waiting: waiting.map((id) => ({ sessionId: id, kind: 'normal', since: s(0) })),
  agents: [],
});
const callStart = (id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callStarted',
  at: s(sec),
  callId: id,
  parties: { direction: 'inbound', caller: '07700900123', callee: '101' },
});
const legAnswered = (id: string, sec: number, ext: string): DomainEvent => ({
  ...wsi,
  type: 'callLegAnswered',
  at: s(sec),
  callId: id,
  leg: ext,
  target: ext,
  targetKind: 'extension',
});
const extStatus = (ext: string, sec: number, callStatus: 'idle' | 'onCall'): DomainEvent => ({
  ...wsi,
  type: 'extensionCallStatusChanged',
  at: s(sec),
  atArrival: true,
  extension: { tenant: T, number: ext },
  callStatus,
});
const lost = (sec: number, reason: TrackLost['reason'], quietSinceSec: number): DomainEvent => ({
  ...wsi,
  type: 'trackLost',
  at: s(sec),
  atArrival: true,
  reason,
  quietSince: s(quietSinceSec),
});

describe('lost track (issue #14 item 7)', () => {
  it('a caller the post-reconnect snapshot no longer lists is closed as lost track, not answered or abandoned', () => {
    const state = stateFrom([queued('a', 0), queued('b', 5), snapshot(600, ['b'])], DAY);
    const q = queueOf(state, KEY, s(601));
    expect(q.waiting?.map((c) => c.sessionId)).toEqual(['b']);
    expect(q.today).toMatchObject({ offered: 2, answered: 0, abandoned: 0, lostTrack: 1 });
  });

  it('a caller listed again (a later snapshot, a queued fact) is waiting again, not lost', () => {
    const relisted = stateFrom([queued('a', 0), snapshot(600, []), snapshot(700, ['a'])], DAY);
    expect(queueOf(relisted, KEY, s(701)).today).toMatchObject({ offered: 1, lostTrack: 0 });
    expect(queueOf(relisted, KEY, s(701)).waiting?.map((c) => c.sessionId)).toEqual(['a']);
    const requeued = stateFrom([queued('a', 0), snapshot(600, []), queued('a', 0)], DAY);
    expect(queueOf(requeued, KEY, s(701)).today).toMatchObject({ offered: 1, lostTrack: 0 });
    expect(queueOf(requeued, KEY, s(701)).waiting?.map((c) => c.sessionId)).toEqual(['a']);
  });

  it('a real ending reported after lost track replaces it', () => {
    const answered: DomainEvent = { ...wsi, type: 'callerAnswered', at: s(20), queue: q8001, sessionId: 'a' };
    const state = stateFrom([queued('a', 0), snapshot(600, []), answered], DAY);
    expect(queueOf(state, KEY, s(601)).today).toMatchObject({ answered: 1, lostTrack: 0 });
  });

  it('a connected call from before the outage that the fresh snapshots show no party of is closed at resync', () => {
    const before = [
      callStart('c1', 0),
      legAnswered('c1', 5, '101'),
      callStart('c2', 0),
      legAnswered('c2', 5, '102'),
    ];
    const live = stateFrom(before, DAY);
    expect(liveCalls(live).map((c) => [c.callId, c.phase])).toEqual([
      ['c1', 'connected'],
      ['c2', 'connected'],
    ]);
    // Outage from 60 s to 600 s: 101 hung up meanwhile, 102 is still talking.
    const after = reduceAll(live, [
      extStatus('101', 601, 'idle'),
      extStatus('102', 601, 'onCall'),
      lost(602, 'resynced', 600),
    ]);
    expect(liveCalls(after).map((c) => c.callId)).toEqual(['c2']);
    expect(after.calls.get(`${T}/c1`)?.phase).toBe('ended');
  });

  it('a call whose extension status is unknown after resync is kept (the bound closes it if need be)', () => {
    const state = stateFrom(
      [callStart('c1', 0), legAnswered('c1', 5, '101'), lost(602, 'resynced', 600)],
      DAY,
    );
    expect(liveCalls(state).map((c) => c.callId)).toEqual(['c1']);
  });

  it('a caller and a call with no news for longer than the bound are closed and counted', () => {
    const state = stateFrom(
      [queued('a', 0), queued('b', 3 * 3600), callStart('c1', 0), legAnswered('c1', 5, '101')],
      DAY,
    );
    const now = s(0) + 4 * HOUR + 60_000;
    expect(sourcesWithQuietEntries(state, now - 4 * HOUR)).toEqual(['pbx']);
    const swept = reduce(state, lost(now / 1000 - DAY / 1000, 'bound', (now - 4 * HOUR - DAY) / 1000));
    const q = queueOf(swept, KEY, now);
    expect(q.waiting?.map((c) => c.sessionId)).toEqual(['b']);
    expect(q.today).toMatchObject({ offered: 2, lostTrack: 1, answered: 0, abandoned: 0 });
    expect(liveCalls(swept)).toEqual([]);
    expect(sourcesWithQuietEntries(swept, now - 4 * HOUR)).toEqual([]);
    // The server's word is no news from the source.
    expect(swept.sources.pbx).toBe(state.sources.pbx);
  });

  it('a later fact about a call closed as lost track opens it again', () => {
    const state = stateFrom(
      [
        callStart('c1', 0),
        legAnswered('c1', 5, '101'),
        lost(4 * 3600 + 10, 'bound', 4 * 3600),
        legAnswered('c1', 4 * 3600 + 20, '101'),
      ],
      DAY,
    );
    expect(liveCalls(state).map((c) => [c.callId, c.phase])).toEqual([['c1', 'connected']]);
  });

  it('replay of the same events, in one batch or one at a time, gives the same figures', () => {
    const events = [
      queued('a', 0),
      queued('b', 5),
      callStart('c1', 0),
      legAnswered('c1', 5, '101'),
      snapshot(600, ['b']),
      extStatus('101', 601, 'idle'),
      lost(602, 'resynced', 600),
      lost(5 * 3600, 'bound', 3600),
    ];
    const oneByOne = events.reduce(reduce, stateFrom([], DAY));
    const batch = reduceAll(stateFrom([], DAY), events);
    expect(queueOf(batch, KEY, s(5 * 3600)).today).toEqual(queueOf(oneByOne, KEY, s(5 * 3600)).today);
    expect(queueOf(batch, KEY, s(5 * 3600)).today).toMatchObject({ offered: 2, lostTrack: 2 });
    expect(liveCalls(batch)).toEqual([]);
  });
});
