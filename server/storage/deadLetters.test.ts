import { describe, expect, it } from 'vitest';
import { type DeadLetterInput, openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

function letter(n: number, source = 'portsip'): DeadLetterInput {
  return {
    source,
    kind: 'portsip-webhook',
    receivedAt: 1_773_129_600_000 + n,
    status: 400,
    reason: `invalid JSON at position ${n}`,
    method: 'POST',
    url: '/webhooks/portsip?token=[secret]',
    headers: { 'content-type': 'application/json', authorization: '[secret]' },
    contentType: 'application/json',
    body: `{"n":${n}`,
  };
}

describe('dead letters', () => {
  it('are stored whole and read back by id', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    const id = storage.deadLetters.add(letter(1));
    expect(storage.deadLetters.get(id)).toEqual({ ...letter(1), id, replayedAt: null, replayResult: null });
    expect(storage.deadLetters.get(id + 1)).toBeUndefined();
    await storage.close();
    const reopened = openStorage({ dataDir: dir });
    expect(reopened.deadLetters.get(id)?.headers).toEqual(letter(1).headers);
    await reopened.close();
  });

  it('list newest first, with limit, beforeId and source filters', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const ids = [1, 2, 3, 4, 5, 6].map((n) => storage.deadLetters.add(letter(n, n % 2 ? '3cx' : 'portsip')));
    const list = (o?: Parameters<typeof storage.deadLetters.list>[0]) =>
      storage.deadLetters.list(o).map((l) => l.id);
    expect(list()).toEqual([...ids].reverse());
    expect(list({ limit: 2 })).toEqual([ids[5], ids[4]]);
    expect(list({ beforeId: ids[3] as number, limit: 2 })).toEqual([ids[2], ids[1]]);
    expect(list({ source: '3cx' })).toEqual([ids[4], ids[2], ids[0]]);
    expect(list({ source: '3cx', beforeId: ids[4] as number, limit: 1 })).toEqual([ids[2]]);
    expect(list({ source: 'nobody' })).toEqual([]);
    expect(list({ limit: 0 })).toHaveLength(1); // clamped to at least one
    await storage.close();
  });

  it('record a replay, and never reuse an id', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const id = storage.deadLetters.add(letter(1));
    storage.deadLetters.markReplayed(id, 1_773_130_000_000, 'accepted 2 events');
    expect(storage.deadLetters.get(id)).toMatchObject({
      replayedAt: 1_773_130_000_000,
      replayResult: 'accepted 2 events',
    });
    storage.deadLetters.markReplayed(id + 100, 1, 'gone'); // a pruned letter: nothing to mark
    storage.prune(1_773_129_600_000 + 365 * 86_400_000, {
      journalDays: 8,
      rawDays: 3,
      dedupeHours: 72,
      deadLetterDays: 30,
    });
    expect(storage.deadLetters.list()).toEqual([]);
    expect(storage.deadLetters.add(letter(2))).toBeGreaterThan(id);
    await storage.close();
  });
});
