import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DisplayStatus,
  displayStatus,
  NO_OUTAGE,
  type Outage,
  outageStep,
  REPORT_STALE_MS,
} from './status';

const base = {
  connectedSince: 0,
  disconnectedAt: null,
  report: null,
  lastSeenAt: 0,
  startedAt: 0,
  now: 100_000,
};

describe('displayStatus', () => {
  it('live from a fresh live report, since when the TV says, on the server clock', () => {
    const s = displayStatus({
      ...base,
      connected: true,
      report: { live: true, since: 40_000, receivedAt: 90_000 },
    });
    expect(s).toEqual({ state: 'live', since: 40_000 });
  });
  it('not live when the TV says so, or when its reports stopped while its socket stays open', () => {
    expect(
      displayStatus({ ...base, connected: true, report: { live: false, since: 50_000, receivedAt: 90_000 } })
        .state,
    ).toBe('not-live');
    const stale = displayStatus({
      ...base,
      connected: true,
      now: 90_000 + REPORT_STALE_MS + 1,
      report: { live: true, since: 0, receivedAt: 90_000 },
    });
    expect(stale).toEqual({ state: 'not-live', since: 90_000 });
  });
  it('offline since its last socket went; after a restart, not before the process started', () => {
    expect(displayStatus({ ...base, connected: false, disconnectedAt: 70_000 })).toEqual({
      state: 'offline',
      since: 70_000,
    });
    expect(displayStatus({ ...base, connected: false, lastSeenAt: 10_000, startedAt: 60_000 })).toEqual({
      state: 'offline',
      since: 60_000,
    });
    expect(displayStatus({ ...base, connected: false, lastSeenAt: null }).state).toBe('never-seen');
  });
});

describe('outageStep', () => {
  const live: DisplayStatus = { state: 'live', since: 0 };
  it('tells once after the threshold, not before, and says when it is back', () => {
    const down: DisplayStatus = { state: 'offline', since: 1000 };
    let o: Outage = NO_OUTAGE;
    let r = outageStep(o, down, 1000 + 299_999, 300_000);
    expect(r.notify).toBeNull();
    o = r.next;
    r = outageStep(o, down, 1000 + 300_000, 300_000);
    expect(r.notify).toBe('offline');
    o = r.next;
    // Not live now instead of offline: still the same outage, told already.
    r = outageStep(o, { state: 'not-live', since: 500_000 }, 600_000, 300_000);
    expect(r.notify).toBeNull();
    expect(r.next.downSince).toBe(1000);
    r = outageStep(r.next, live, 700_000, 300_000);
    expect(r).toEqual({ next: NO_OUTAGE, notify: 'back' });
  });
  it('a short spell tells nobody, not even "back"', () => {
    const r = outageStep(NO_OUTAGE, { state: 'not-live', since: 0 }, 1000, 300_000);
    expect(outageStep(r.next, live, 2000, 300_000).notify).toBeNull();
  });

  it('over any sequence: offline and back alternate, each outage told at most once', () => {
    const states = fc.constantFrom<DisplayStatus['state']>('live', 'not-live', 'offline', 'never-seen');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(states, fc.integer({ min: 0, max: 200_000 })), { maxLength: 200 }),
        (steps) => {
          let o: Outage = NO_OUTAGE;
          let now = 0;
          const told: string[] = [];
          for (const [state, dt] of steps) {
            now += dt;
            const r = outageStep(o, { state, since: state === 'never-seen' ? null : now - dt }, now, 300_000);
            if (r.notify) told.push(r.notify);
            o = r.next;
          }
          for (let i = 0; i < told.length; i++) expect(told[i]).toBe(i % 2 === 0 ? 'offline' : 'back');
        },
      ),
    );
  });
});
