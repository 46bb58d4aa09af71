import type Database from 'better-sqlite3';
import type { FloorSeverity } from '../../lib/protocol';

/** A floor message as stored: what it says, where, and who posted and removed it when (the audit). */
export interface StoredFloorMessage {
  readonly id: number;
  readonly text: string;
  readonly severity: FloorSeverity;
  readonly boardIds: readonly string[];
  readonly postedAt: number;
  /** Who posted it: "user 3 (ana@example.com)", "api token". */
  readonly postedBy: string;
  readonly expiresAt: number | null;
  readonly removedAt: number | null;
  readonly removedBy: string | null;
}

export type NewStoredFloorMessage = Omit<StoredFloorMessage, 'id' | 'removedAt' | 'removedBy'>;

export interface FloorMessageStore {
  insert(m: NewStoredFloorMessage): Promise<StoredFloorMessage>;
  /**
   * Inserts it only while fewer than `maxActive` messages are active at its `postedAt`; undefined
   * (nothing written) when that many are. The count and the insert are one step: two instances on one
   * database cannot both take the last place.
   */
  insertWithin(m: NewStoredFloorMessage, maxActive: number): Promise<StoredFloorMessage | undefined>;
  /** Neither removed nor expired at `now` (kept while expires_at > now), oldest first. */
  active(now: number): Promise<StoredFloorMessage[]>;
  /** The newest `limit`, whatever their state (the audit list), newest first. */
  recent(limit: number): Promise<StoredFloorMessage[]>;
  /** Marks it removed once (a second removal keeps the first); undefined when there is no such message. */
  remove(id: number, by: string, at: number): Promise<StoredFloorMessage | undefined>;
}

interface Row {
  id: number;
  text: string;
  severity: FloorSeverity;
  board_ids: string;
  posted_at: number;
  posted_by: string;
  expires_at: number | null;
  removed_at: number | null;
  removed_by: string | null;
}

const messageOf = (r: Row): StoredFloorMessage => ({
  id: r.id,
  text: r.text,
  severity: r.severity,
  boardIds: JSON.parse(r.board_ids) as string[],
  postedAt: r.posted_at,
  postedBy: r.posted_by,
  expiresAt: r.expires_at,
  removedAt: r.removed_at,
  removedBy: r.removed_by,
});

export function createFloorMessageStore(db: Database.Database): FloorMessageStore {
  const insert = db.prepare(
    `INSERT INTO floor_messages (text, severity, board_ids, posted_at, posted_by, expires_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const active = db.prepare(
    'SELECT * FROM floor_messages WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY id',
  );
  const recent = db.prepare('SELECT * FROM floor_messages ORDER BY id DESC LIMIT ?');
  const remove = db.prepare(
    `UPDATE floor_messages SET removed_at = coalesce(removed_at, ?), removed_by = coalesce(removed_by, ?)
     WHERE id = ? RETURNING *`,
  );
  const countActive = db.prepare(
    'SELECT count(*) FROM floor_messages WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
  );
  const add = (m: NewStoredFloorMessage) =>
    messageOf(
      insert.get(m.text, m.severity, JSON.stringify(m.boardIds), m.postedAt, m.postedBy, m.expiresAt) as Row,
    );
  // IMMEDIATE: the write lock comes before the count (another connection's post waits, then counts this one).
  const addWithin = db.transaction((m: NewStoredFloorMessage, maxActive: number) =>
    (countActive.pluck().get(m.postedAt) as number) >= maxActive ? undefined : add(m),
  );
  // Async around synchronous statements: the interface is a network database's (../storage/types.ts).
  return {
    insert: async (m) => add(m),
    insertWithin: async (m, maxActive) => addWithin.immediate(m, maxActive),
    active: async (now) => (active.all(now) as Row[]).map(messageOf),
    recent: async (limit) => (recent.all(limit) as Row[]).map(messageOf),
    async remove(id, by, at) {
      const row = remove.get(at, by, id) as Row | undefined;
      return row && messageOf(row);
    },
  };
}
