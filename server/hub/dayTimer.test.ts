import { describe, expect, it } from 'vitest';
import { DAY_START } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { splitTime } from '../testing/splitTime';
import { createHub } from './hub';

const NOON = DAY_START + 4 * 3600_000;

describe('hub: the day timer', () => {
  it('woken before the day’s end (the wall clock was set back while it slept) sleeps again, then closes the day once at its end', () => {
    const time = splitTime(NOON);
    const hub = createHub({ settings: TEST_SETTINGS, now: time.now, epoch: 'e1', scheduler: time.scheduler });
    const closed: string[] = [];
    hub.onDayClosed((s) => closed.push(s.day.day));
    const day = hub.state().day;
    const untilEnd = day.end - NOON;
    // Two hours into the sleep the wall clock is set back an hour: when the timer fires, the wall
    // clock reads an hour before midnight.
    time.pass(2 * 3600_000);
    time.setWall(time.now() - 3600_000);
    time.pass(untilEnd - 2 * 3600_000);
    expect(time.now()).toBe(day.end - 3600_000);
    expect(closed).toEqual([]);
    expect(hub.state().day.day).toBe(day.day);
    // It sleeps for the hour that is left, not less.
    expect(time.pendingDelays()).toContain(3600_000);
    time.pass(3600_000 - 1);
    expect(closed).toEqual([]);
    time.pass(1);
    expect(closed).toEqual([day.day]);
    expect(hub.state().day.start).toBe(day.end);
  });
});
