import { describe, expect, it } from 'vitest';
import { openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

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
