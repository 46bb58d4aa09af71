import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../lib/protocol';
import { alertMarks, soundingOf } from './glass';

const alert = (over: Partial<AlertView>): AlertView =>
  ({ id: 1, figure: 'waiting', state: 'raised', snoozedUntil: null, ...over }) as AlertView;

describe('the glass', () => {
  it('marks each alerted tile, raised over acknowledged', () => {
    expect(
      alertMarks([
        alert({ id: 1, figure: 'waiting', state: 'acknowledged' }),
        alert({ id: 2, figure: 'waiting', state: 'raised' }),
        alert({ id: 3, figure: 'asaSeconds', state: 'acknowledged' }),
        alert({ id: 4, figure: 'longestWaitSeconds', state: 'cleared' }),
      ]),
    ).toEqual({ waiting: 'raised', asa: 'acknowledged' });
  });

  it('sounds for raised alerts only, and a snoozed one again once its snooze ends', () => {
    const list = [
      alert({ id: 1 }),
      alert({ id: 2, state: 'acknowledged' }),
      alert({ id: 3, snoozedUntil: 2000 }),
    ];
    expect(soundingOf(list, 1000).map((a) => a.id)).toEqual([1]);
    expect(soundingOf(list, 2000).map((a) => a.id)).toEqual([1, 3]);
  });
});
