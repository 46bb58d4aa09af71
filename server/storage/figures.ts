import type Database from 'better-sqlite3';
import type { FigureHistory, QuarterFigures } from './types';

/**
 * Each queue's 15-minute figures, saved every minute while the day runs. Saving a bucket again
 * replaces it (the current bucket keeps changing until it closes).
 */
export function createFigureHistory(db: Database.Database): FigureHistory {
  const upsert = db.prepare(
    `INSERT INTO quarter_figures (day, queue, bucket_start, figures) VALUES (?, ?, ?, ?)
     ON CONFLICT (day, queue, bucket_start) DO UPDATE SET figures = excluded.figures`,
  );
  // Primary-key order: no sort step.
  const ofDay = db
    .prepare(
      'SELECT queue, bucket_start, figures FROM quarter_figures WHERE day = ? ORDER BY queue, bucket_start',
    )
    .raw();
  // One transaction for all rows of a save: one fsync, and a reader never sees half a minute's save.
  const saveAll = db.transaction((rows: readonly QuarterFigures[]) => {
    for (const r of rows) upsert.run(r.day, r.queue, r.bucketStart, JSON.stringify(r.figures));
  });

  return {
    save(rows) {
      if (rows.length > 0) saveAll(rows);
    },
    forDay(day) {
      return (ofDay.all(day) as [string, number, string][]).map(([queue, bucketStart, figures]) => ({
        day,
        queue,
        bucketStart,
        figures: JSON.parse(figures) as Record<string, number | null>,
      }));
    },
  };
}
