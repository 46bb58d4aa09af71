import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { createIdBlock } from './alertIds';

const tempDir = tempDirsRemovedAfterEach();
const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

function store() {
  const s = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
  opened.push(s);
  return s.alerts;
}

describe('the evaluator’s alert ids (a real SQLite store)', () => {
  it('holds a block from the store, extends it without a gap, and never gives an id past it', async () => {
    const ids = createIdBlock(store());
    expect(ids.covers(1)).toBe(false);
    await ids.topUp(10); // at least 32, twice what is asked
    expect(ids.next).toBe(1);
    expect(ids.covers(32)).toBe(true);
    expect(ids.covers(33)).toBe(false);
    ids.used(31);
    expect(() => ids.used(34)).toThrow(RangeError);
    await ids.topUp(40); // contiguous: the held remainder stays in use
    expect(ids.next).toBe(31);
    expect(ids.covers(2 + 80)).toBe(true);
  });

  it('after forget (the lease lost), a new block starts past every id the store gave', async () => {
    const s = store();
    const ids = createIdBlock(s);
    await ids.topUp(1);
    ids.used(5);
    ids.forget();
    expect(ids.covers(1)).toBe(false);
    const other = await s.reserveIds(3); // another reservation in between
    await ids.topUp(1);
    expect(ids.next).toBe(other + 3);
  });
});
