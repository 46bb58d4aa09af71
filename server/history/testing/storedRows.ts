import Database from 'better-sqlite3';

/**
 * Every row of every history table of the database file at `path`, in the order a table scan reads
 * them (its key's order, or rowid's), each as the text of its values: what two closes of one day are compared by, byte for byte.
 * Read through a connection of its own, read only.
 */
export function storedHistoryRows(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'history\\_%' ESCAPE '\\' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [
        t,
        (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)),
      ]),
    );
  } finally {
    db.close();
  }
}
