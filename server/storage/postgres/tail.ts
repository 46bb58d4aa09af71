import type pg from 'pg';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/domain/events';
import { JOURNAL_CHANNEL } from './journal';

/** One journal row as the tail hands it on. */
export interface TailRow {
  readonly id: number;
  /** The writing transaction's id (xid8, as decimal text: it can exceed 2^53). */
  readonly xid: string;
  readonly receivedAt: number;
  readonly source: string;
  readonly kind: string;
  readonly events: readonly DomainEvent[];
}

/** Where a tail stands: the last (xid, id) it handed on. Every later row sorts after it. */
export interface TailPosition {
  readonly xid: string;
  readonly id: number;
}

export interface JournalTail {
  /**
   * Resolves once every row in range that existed at start has been handed on: the first full read,
   * or later if an older transaction still open on the server held some of them back.
   */
  readonly caughtUp: Promise<void>;
  position(): TailPosition;
  /** Whether the LISTEN connection is up (wake-ups are immediate; otherwise only the poll reads). */
  listening(): boolean;
  stop(): Promise<void>;
}

const PAGE = 1000;
const START: TailPosition = { xid: '0', id: 0 };

/**
 * Follow the shared journal: every committed row, exactly once, including one whose transaction
 * commits after rows with larger ids (ids are handed out before commit, so they commit out of
 * order; a reader that keeps "the largest id seen" would skip such a row for good).
 *
 * The order is (xid, id), and a read takes only rows whose xid is below the horizon: the oldest
 * transaction id still running anywhere in the cluster, `pg_snapshot_xmin(pg_current_snapshot())`.
 * Every transaction below the horizon has ended, so each such row is either visible to this read
 * (committed) or will never exist (rolled back), and every transaction that writes later gets an
 * xid at or above the horizon, sorting after the position. So no row is ever behind the position
 * unread. The price: a row waits while an older writing transaction is still open (a group commit
 * is milliseconds; a long write transaction anywhere on the server delays every tail as long). See
 * docs/decisions.md.
 *
 * NOTIFY (sent by each journal commit, delivered at COMMIT) is only the wake-up; a timer reads every
 * `pollMs` as well, for a wake-up lost with a dropped connection or rows a rolled-back older
 * transaction held back (a rollback notifies no one).
 */
/** Whether `position` is at or past `target` in (xid, id) order (xid8 as decimal text: BigInt). */
function passed(position: TailPosition | null, target: TailPosition | null): boolean {
  if (target === null) return true;
  if (position === null) return false;
  const [p, t] = [BigInt(position.xid), BigInt(target.xid)];
  return p > t || (p === t && position.id >= target.id);
}

export function startJournalTail(o: {
  /** Reads run on this pool. */
  readonly pool: pg.Pool;
  /** A new connection for LISTEN (held for as long as the tail runs; reconnected if lost). */
  readonly listener: () => pg.Client;
  /** Rows received before this are skipped (a day's rebuild starts at the day's start). */
  readonly fromMs?: number;
  readonly after?: TailPosition;
  /**
   * Handed one page at a time, in (xid, id) order; the next page waits for the returned promise. If
   * it throws (or rejects), the position stays and the page is handed on again at the next wake-up.
   */
  readonly onRows: (rows: readonly TailRow[]) => void | Promise<void>;
  readonly pollMs?: number;
  readonly logger?: Logger | undefined;
}): JournalTail {
  const { pool, logger } = o;
  const fromMs = o.fromMs ?? Number.MIN_SAFE_INTEGER;
  const pollMs = o.pollMs ?? 500;
  let position: TailPosition | null = o.after ?? null;
  let stopped = false;
  let reading: Promise<void> | null = null;
  let again = false;
  let listen: pg.Client | null = null;
  let listenUp = false;
  let relisten: NodeJS.Timeout | null = null;
  /** What the tail must hand on before it is caught up (newestAtStart); undefined until read. */
  let target: TailPosition | null | undefined;
  let heldBack = false;
  let markCaughtUp: () => void = () => {};
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  /**
   * Where a tail from `fromMs` starts: at the oldest xid among the rows in range, so the first read
   * does not walk the older days of the journal in xid order; but never above the horizon, or a row
   * in range whose transaction is still open (below the oldest visible xid) would be passed over.
   */
  async function startPosition(): Promise<TailPosition> {
    const { rows } = await pool.query<{ xid: string }>(
      `SELECT least((SELECT min(xid) FROM journal WHERE received_at >= $1),
                    pg_snapshot_xmin(pg_current_snapshot()))::text AS xid`,
      [fromMs],
    );
    return { xid: rows[0]?.xid ?? START.xid, id: 0 };
  }

  /**
   * The newest row in range at the tail's start, in (xid, id) order; null: none. `caughtUp` waits
   * until the tail has handed it on: a row committed before the start but above the horizon (an
   * older transaction, anywhere on the server, still open) is part of what existed at start, and a
   * first read that stops below it is not caught up.
   */
  async function newestAtStart(): Promise<TailPosition | null> {
    const { rows } = await pool.query<{ xid: string; id: string }>(
      `SELECT xid::text AS xid, id FROM journal WHERE received_at >= $1 ORDER BY xid DESC, id DESC LIMIT 1`,
      [fromMs],
    );
    const r = rows[0];
    return r ? { xid: r.xid, id: Number(r.id) } : null;
  }

  async function readPage(from: TailPosition): Promise<number> {
    const { rows } = await pool.query<{
      id: string;
      xid: string;
      received_at: string;
      source: string;
      kind: string;
      events: DomainEvent[];
    }>(
      `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT j.id, j.xid::text AS xid, j.received_at, j.source, j.kind, j.events
         FROM journal j, horizon h
        WHERE (j.xid, j.id) > ($1::xid8, $2::bigint) AND j.xid < h.xmin AND j.received_at >= $3
        ORDER BY j.xid, j.id
        LIMIT $4`,
      [from.xid, from.id, fromMs, PAGE],
    );
    if (rows.length === 0) return 0;
    const page: TailRow[] = rows.map((r) => ({
      id: Number(r.id),
      xid: r.xid,
      receivedAt: Number(r.received_at),
      source: r.source,
      kind: r.kind,
      events: r.events,
    }));
    await o.onRows(page);
    const last = page[page.length - 1] as TailRow;
    position = { xid: last.xid, id: last.id };
    return page.length;
  }

  /** One reader at a time; a wake-up during a read makes it read once more. */
  function pump(): void {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      if (target === undefined) target = await newestAtStart();
      do {
        again = false;
        position ??= await startPosition();
        while (!stopped && (await readPage(position)) === PAGE) {}
      } while (again && !stopped);
      if (passed(position, target)) markCaughtUp();
      else if (!heldBack) {
        heldBack = true;
        logger?.warn(
          { position, target },
          'journal tail: rows committed before the start wait for an older transaction still open on the server; not caught up until it ends',
        );
      }
    })()
      .catch((err) => logger?.warn({ err }, 'journal tail: read failed; retrying on the next wake-up'))
      .finally(() => {
        reading = null;
      });
  }

  async function startListening(): Promise<void> {
    if (stopped) return;
    const client = o.listener();
    const lost = (err?: Error) => {
      if (listen !== client) return;
      listen = null;
      listenUp = false;
      logger?.warn({ err }, 'journal tail: LISTEN connection lost; reconnecting');
      client.end().catch(() => {});
      relisten = setTimeout(() => void startListening(), 1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', pump);
    listen = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${JOURNAL_CHANNEL}`);
      listenUp = listen === client;
      pump(); // whatever committed while not listening
    } catch (err) {
      lost(err instanceof Error ? err : new Error(String(err)));
    }
  }

  const poll = setInterval(pump, pollMs);
  void startListening();
  pump();

  return {
    caughtUp,
    position: () => position ?? START,
    listening: () => listenUp,
    async stop() {
      stopped = true;
      clearInterval(poll);
      if (relisten) clearTimeout(relisten);
      const client = listen;
      listen = null;
      listenUp = false;
      await client?.end().catch(() => {});
      await reading;
    },
  };
}
