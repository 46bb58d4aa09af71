import { describe, expect, it } from 'vitest';
import type { FloorMessageView } from '../../lib/protocol';
import { floorMessagesFor } from './floorMessagesFor';

const m = (
  id: number,
  severity: FloorMessageView['severity'],
  boardIds: string[],
  postedAt = id,
): FloorMessageView => ({
  id,
  text: `m${id}`,
  severity,
  boardIds,
  postedAt,
  expiresAt: null,
});

describe('floorMessagesFor', () => {
  it("keeps one board's messages, most severe first, then newest", () => {
    const all = [m(1, 'info', ['a']), m(2, 'critical', ['a', 'b']), m(3, 'info', ['a']), m(4, 'warn', ['b'])];
    expect(floorMessagesFor(all, 'a').map((x) => x.id)).toEqual([2, 3, 1]);
    expect(floorMessagesFor(all, 'b').map((x) => x.id)).toEqual([2, 4]);
    expect(floorMessagesFor(all, 'c')).toEqual([]);
  });
});
