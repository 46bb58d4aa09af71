import type pg from 'pg';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../../lib/domain/events';
import { type Fence, fenceHolds, StaleEpochError } from '../../cluster/fence';
import { DUPLICATE, type JournalStats, type PreparedEntry, prepareEntry, STORED } from '../journal';
import { type AppendResult, type JournalEntry, StorageUnavailableError } from '../types';

/** A journal entry; a PBX link's owner adds the fence of its lease (server/cluster/lease.ts). */
export interface PgJournalEntry extends JournalEntry {
  readonly fence?: Fence;
}

/**
 * The Journal of ../types.ts on PostgreSQL. Same promises: an append resolves only after the
 * transaction holding it (and its dedupe key) has committed; appends that arrive together share one
 * transaction; a failed transaction rejects each of its appends with StorageUnavailableError.
 * Differences: replay is an async iterator (docs/decisions.md: the interface becomes async for both
 * backends), and a fenced entry whose lease is lost is rejected alone with StaleEpochError.
 */
export interface PgJournal {
  append(entry: PgJournalEntry): Promise<AppendResult>;
  /** As Journal.eventsReceivedSince: rows received at or after `fromMs` (after `afterId`), by id. */
  eventsReceivedSince(fromMs: number, afterId?: number): AsyncIterable<DomainEvent>;
  stats(): JournalStats;
  /** Commits what is queued and waits for it; appends after this are refused. Leaves the pool open. */
  close(): Promise<void>;
}

/** Every commit that stores rows notifies this channel (delivered at COMMIT): the tail's wake-up. */
export const JOURNAL_CHANNEL = 'callboard_journal';

const REPLAY_PAGE = 2000;

interface Pending extends PreparedEntry {
  readonly fence: Fence | undefined;
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit over the network: while one transaction is in flight, appends queue up and the next
 * transaction takes them all (at most `maxBatch`); with nothing in flight, the appends of one tick
 * go together. A burst therefore costs a few round trips, not one transaction per webhook.
 */
export function createPgJournal(o: {
  pool: pg.Pool;
  maxBatch?: number;
  logger?: Logger | undefined;
}): PgJournal {
  const { pool, logger } = o;
  const maxBatch = o.maxBatch ?? 500;
  let queue: Pending[] = [];
  let timer: NodeJS.Immediate | null = null;
  let inFlight: Promise<void> | null = null;
  let inFlightCount = 0;
  let closed = false;
  const counts = { commits: 0, entries: 0, duplicates: 0, failedCommits: 0, largestBatch: 0 };

  function kick(): void {
    if (timer) clearImmediate(timer);
    timer = null;
    if (inFlight || queue.length === 0) return;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    inFlightCount = batch.length;
    inFlight = commit(batch).finally(() => {
      inFlight = null;
      inFlightCount = 0;
      kick(); // what queued meanwhile has waited a round trip already
    });
  }

  async function commit(batch: Pending[]): Promise<void> {
    let client: pg.PoolClient | undefined;
    let results: (AppendResult | StaleEpochError)[];
    // A checked-out client whose backend dies emits 'error' besides failing its query; unheard,
    // that event would end the process. The failed query is what reports it here.
    const heard = (err: Error) => logger?.warn({ err }, 'journal connection failed');
    try {
      client = await pool.connect();
      client.on('error', heard);
      await client.query('BEGIN');
      results = await writeBatch(client, batch);
      await client.query('COMMIT');
    } catch (err) {
      // Nothing of this batch is stored (or, if the COMMIT's reply was lost, maybe everything: the
      // senders retry and their dedupe keys tell). Either way none may be told it is safe.
      await client?.query('ROLLBACK').catch(() => {});
      client?.off('error', heard);
      client?.release(err instanceof Error ? err : true);
      counts.failedCommits += 1;
      logger?.error({ err, entries: batch.length }, 'journal commit failed');
      const failure = new StorageUnavailableError(`journal write failed: ${messageOf(err)}`, { cause: err });
      for (const p of batch) p.reject(failure);
      return;
    }
    client.off('error', heard);
    client.release();
    counts.commits += 1;
    counts.largestBatch = Math.max(counts.largestBatch, batch.length);
    batch.forEach((p, i) => {
      const r = results[i] as AppendResult | StaleEpochError;
      if (r instanceof StaleEpochError) {
        p.reject(r);
        return;
      }
      if (r.duplicate) counts.duplicates += 1;
      else counts.entries += 1;
      p.resolve(r);
    });
  }

  return {
    append(entry) {
      if (closed) return Promise.reject(new StorageUnavailableError('journal is closed'));
      let prepared: PreparedEntry;
      try {
        prepared = prepareEntry(entry);
        checkFence(entry.fence);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ ...prepared, fence: entry.fence, resolve, reject });
        if (queue.length >= maxBatch) kick();
        else if (!inFlight) timer ??= setImmediate(kick);
      });
    },

    async *eventsReceivedSince(fromMs, afterId = 0) {
      const first = await pool.query<{ id: string | null }>(
        'SELECT min(id) AS id FROM journal WHERE received_at >= $1',
        [fromMs],
      );
      const firstId = first.rows[0]?.id;
      if (firstId === null || firstId === undefined) return;
      let next = Math.max(Number(firstId), afterId + 1);
      for (;;) {
        // One short query per page, no cursor held open: a paused reader holds no connection.
        const { rows } = await pool.query<{ id: string; events: DomainEvent[] }>(
          'SELECT id, events FROM journal WHERE id >= $1 AND received_at >= $2 ORDER BY id LIMIT $3',
          [next, fromMs, REPLAY_PAGE],
        );
        for (const row of rows) yield* row.events;
        if (rows.length < REPLAY_PAGE) return;
        next = Number((rows[rows.length - 1] as { id: string }).id) + 1;
      }
    },

    stats: () => ({ ...counts, pending: queue.length + inFlightCount }),

    async close() {
      closed = true;
      kick();
      while (inFlight) await inFlight;
    },
  };
}

/** Dedupe, fence and insert one batch inside the caller's transaction; one result per entry. */
async function writeBatch(
  c: pg.ClientBase,
  batch: readonly Pending[],
): Promise<(AppendResult | StaleEpochError)[]> {
  const results: (AppendResult | StaleEpochError | undefined)[] = new Array(batch.length);
  // Fences first: a refused entry must not leave its dedupe key behind.
  const held = new Map<string, boolean>();
  for (const [i, p] of batch.entries()) {
    if (!p.fence) continue;
    const key = `${p.fence.epoch}:${p.fence.link}`;
    if (!held.has(key)) held.set(key, await fenceHolds(c, p.fence));
    if (!held.get(key)) results[i] = new StaleEpochError(p.fence);
  }
  // The first entry with a key stands for the batch; the keys go in sorted, so two instances
  // inserting overlapping keys wait for each other in one order and cannot deadlock.
  const firstWithKey = new Map<string, number>();
  for (const [i, p] of batch.entries()) {
    const key = p.entry.dedupeKey;
    if (key === undefined || results[i]) continue;
    if (firstWithKey.has(key)) results[i] = DUPLICATE;
    else firstWithKey.set(key, i);
  }
  if (firstWithKey.size > 0) {
    const keys = [...firstWithKey.keys()].sort();
    const seenAt = keys.map((k) => batch[firstWithKey.get(k) as number]?.entry.receivedAt);
    const { rows } = await c.query<{ key: string }>(
      `INSERT INTO dedupe_keys (key, seen_at)
       SELECT k, s FROM unnest($1::text[], $2::bigint[]) AS u(k, s) ORDER BY k
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [keys, seenAt],
    );
    const fresh = new Set(rows.map((r) => r.key));
    for (const [key, i] of firstWithKey) if (!fresh.has(key)) results[i] = DUPLICATE;
  }
  const store = batch.flatMap((p, i) => (results[i] ? [] : [{ p, i }]));
  if (store.length > 0) {
    // Ids taken up front and in order, so each raw payload knows its row's id.
    const ids = await c.query<{ id: string }>(
      "SELECT nextval(pg_get_serial_sequence('journal', 'id')) AS id FROM generate_series(1, $1) ORDER BY 1",
      [store.length],
    );
    const id = ids.rows.map((r) => r.id);
    await c.query(
      `INSERT INTO journal (id, received_at, source, kind, events, link, epoch)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::json[], $6::text[], $7::bigint[])`,
      [
        id,
        store.map(({ p }) => p.entry.receivedAt),
        store.map(({ p }) => p.entry.source),
        store.map(({ p }) => p.entry.kind),
        store.map(({ p }) => p.events),
        store.map(({ p }) => p.fence?.link ?? null),
        store.map(({ p }) => p.fence?.epoch ?? null),
      ],
    );
    const raw = store.flatMap(({ p }, k) =>
      p.entry.raw ? [{ id: id[k], at: p.entry.receivedAt, raw: p.entry.raw }] : [],
    );
    if (raw.length > 0) {
      await c.query(
        `INSERT INTO raw_payloads (journal_id, received_at, content_type, body)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])`,
        [
          raw.map((r) => r.id),
          raw.map((r) => r.at),
          raw.map((r) => r.raw.contentType),
          raw.map((r) => r.raw.body),
        ],
      );
    }
    await c.query('SELECT pg_notify($1, $2)', [JOURNAL_CHANNEL, id[id.length - 1]]);
    for (const { i } of store) results[i] = STORED;
  }
  return results as (AppendResult | StaleEpochError)[];
}

function checkFence(fence: Fence | undefined): void {
  if (fence === undefined) return;
  if (typeof fence.link !== 'string' || !Number.isSafeInteger(fence.epoch)) {
    throw new TypeError('journal entry fence needs a link and an integer epoch');
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
