import { describe, expect, it } from 'vitest';
import { openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

describe('boards', () => {
  it('put, get, list, replace and delete, across reopen', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    expect(storage.boards.list()).toEqual([]);
    expect(storage.boards.get('main')).toBeUndefined();
    storage.boards.put('main', { name: 'Main', queues: ['8000'] });
    storage.boards.put('annex', { name: 'Annex' });
    storage.boards.put('main', { name: 'Main floor', queues: ['8000', '8001'] });
    expect(storage.boards.list()).toEqual([
      { id: 'annex', config: { name: 'Annex' } },
      { id: 'main', config: { name: 'Main floor', queues: ['8000', '8001'] } },
    ]);
    await storage.close();

    const reopened = openStorage({ dataDir: dir });
    expect(reopened.boards.get('main')?.config).toEqual({ name: 'Main floor', queues: ['8000', '8001'] });
    expect(reopened.boards.delete('main')).toBe(true);
    expect(reopened.boards.delete('main')).toBe(false);
    expect(reopened.boards.list().map((b) => b.id)).toEqual(['annex']);
    expect(() => reopened.boards.put('x', undefined)).toThrow(TypeError);
    await reopened.close();
  });
});

describe('quarter figures', () => {
  it('save upserts per (day, queue, bucket) and forDay returns one day in queue and time order', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    const t = Date.UTC(2026, 2, 10, 8);
    storage.figures.save([
      { day: '2026-03-10', queue: '8001', bucketStart: t, figures: { offered: 1, serviceLevel: null } },
      { day: '2026-03-10', queue: '8000', bucketStart: t + 900_000, figures: { offered: 2 } },
      { day: '2026-03-10', queue: '8000', bucketStart: t, figures: { offered: 3 } },
      { day: '2026-03-11', queue: '8000', bucketStart: t + 86_400_000, figures: { offered: 4 } },
    ]);
    storage.figures.save([{ day: '2026-03-10', queue: '8000', bucketStart: t, figures: { offered: 5 } }]);
    storage.figures.save([]);
    await storage.close();

    const reopened = openStorage({ dataDir: dir });
    expect(reopened.figures.forDay('2026-03-10')).toEqual([
      { day: '2026-03-10', queue: '8000', bucketStart: t, figures: { offered: 5 } },
      { day: '2026-03-10', queue: '8000', bucketStart: t + 900_000, figures: { offered: 2 } },
      { day: '2026-03-10', queue: '8001', bucketStart: t, figures: { offered: 1, serviceLevel: null } },
    ]);
    expect(reopened.figures.forDay('2026-03-12')).toEqual([]);
    await reopened.close();
  });
});
