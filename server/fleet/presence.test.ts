import { describe, expect, it } from 'vitest';
import { createLocalPresence, mergeSeen, presenceAnswerSchema, type Seen, seenFromAnswer } from './presence';

/**
 * A display's presence as one instance tells another: ages, put back on the asker's own clock (the
 * two clocks never meet), and merged over instances.
 */
const report = {
  build: 'b1',
  page: '/kiosk/x',
  screen: { width: 1920, height: 1080 },
  live: true,
  forMs: 30_000,
};

describe('presence across instances', () => {
  it('an answer carries ages; the asker puts them on its clock, whatever the answerer’s clock says', () => {
    const there = { t: 5_000_000 }; // the answering instance's clock, far from the asker's
    const local = createLocalPresence(() => there.t);
    local.connected(7, 's1');
    there.t += 20_000;
    local.report(7, report);
    there.t += 5_000;
    local.connected(8, 's2');
    local.disconnected(8, 's2');
    there.t += 1_000;
    const answer = presenceAnswerSchema.parse(JSON.parse(JSON.stringify(local.answer('a'))));
    const askedAt = 1_000_000;
    const seen = seenFromAnswer(answer, askedAt);
    expect(seen.get(7)).toEqual({
      screens: 1,
      connectedSince: askedAt - 26_000,
      disconnectedAt: null,
      report: { ...report, receivedAt: askedAt - 6_000, since: askedAt - 36_000 },
    });
    expect(seen.get(8)).toEqual({
      screens: 0,
      connectedSince: null,
      disconnectedAt: askedAt - 1_000,
      report: null,
    });
  });

  it('merged: connected anywhere, since the oldest open connection, the latest report, the last going', () => {
    const r = (receivedAt: number, live: boolean) => ({ ...report, live, receivedAt, since: receivedAt });
    const onA: Seen = { screens: 0, connectedSince: null, disconnectedAt: 100, report: r(90, true) };
    const onB: Seen = { screens: 1, connectedSince: 120, disconnectedAt: null, report: r(130, false) };
    const onC: Seen = { screens: 1, connectedSince: 110, disconnectedAt: 50, report: null };
    expect(mergeSeen([new Map([[1, onA]]), new Map([[1, onB]]), new Map([[1, onC]])]).get(1)).toEqual({
      screens: 2,
      connectedSince: 110,
      disconnectedAt: 100,
      report: r(130, false),
    });
    const goneEverywhere = mergeSeen([
      new Map([[1, onA]]),
      new Map([[1, { ...onC, screens: 0, connectedSince: null }]]),
    ]);
    expect(goneEverywhere.get(1)).toMatchObject({ screens: 0, connectedSince: null, disconnectedAt: 100 });
  });

  it('refuses an answer out of bounds (another version, or garbage)', () => {
    expect(presenceAnswerSchema.safeParse({ instance: 'x', displays: [{ id: -1 }] }).success).toBe(false);
    expect(
      presenceAnswerSchema.safeParse({
        instance: 'x',
        displays: [{ id: 1, screens: 1, connectedForMs: -5, goneForMs: null, report: null }],
      }).success,
    ).toBe(false);
  });
});
