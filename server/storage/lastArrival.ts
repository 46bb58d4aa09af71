import type Database from 'better-sqlite3';

/**
 * The latest arrival the journal holds (ms, server clock), or null for an empty journal: where a
 * "server stopped" gap begins after a crash (server/serverStopped.ts). One index lookup.
 */
export function createLastArrival(db: Database.Database): () => number | null {
  const latest = db.prepare('SELECT max(received_at) FROM journal').pluck();
  return () => {
    const at = latest.get() as number | null | undefined;
    return typeof at === 'number' ? at : null;
  };
}
