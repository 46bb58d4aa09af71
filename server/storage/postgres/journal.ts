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
  // The first entry with a key stands for the batch; the others are duplicates of it.
  const seen = new Set<string>();
  const input: { p: Pending; i: number }[] = [];
  for (const [i, p] of batch.entries()) {
    if (results[i]) continue;
    const key = p.entry.dedupeKey;
    if (key !== undefined && seen.has(key)) results[i] = DUPLICATE;
    else {
      if (key !== undefined) seen.add(key);
      input.push({ p, i });
    }
  }
  if (input.length === 0) return results as (AppendResult | StaleEpochError)[];
  // One statement: new keys, then (for entries without a key or with a key that was new) ids in
  // arrival order, journal rows, raw payloads and the tail's wake-up. The keys go in sorted, so two
  // instances inserting overlapping keys wait for each other in one order and cannot deadlock (the
  // test fails with "deadlock detected" without it); a key held by another open transaction makes
  // this one wait for its outcome.
  const { rows } = await c.query<{ stored: string[] | null }>(
    `WITH input AS (
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                            $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS i(received_at, source, kind, events, link, epoch, content_type, body, dedupe_key, n)
     ), new_keys AS (
       INSERT INTO dedupe_keys (key, seen_at)
       SELECT dedupe_key, received_at FROM input WHERE dedupe_key IS NOT NULL ORDER BY dedupe_key
       ON CONFLICT (key) DO NOTHING RETURNING key
     ), numbered AS MATERIALIZED (
       SELECT nextval(pg_get_serial_sequence('journal', 'id')) AS id, o.*
         FROM (SELECT * FROM input
                WHERE dedupe_key IS NULL OR dedupe_key IN (SELECT key FROM new_keys)
                ORDER BY n) o
     ), journal_rows AS (
       INSERT INTO journal (id, received_at, source, kind, events, link, epoch)
       SELECT id, received_at, source, kind, events::json, link, epoch FROM numbered
     ), raw_rows AS (
       INSERT INTO raw_payloads (journal_id, received_at, content_type, body)
       SELECT id, received_at, content_type, body FROM numbered WHERE body IS NOT NULL
     )
     SELECT array_agg(n)::text[] AS stored,
            CASE WHEN count(*) > 0 THEN pg_notify($10, max(id)::text) END AS woken
       FROM numbered`,
    [
      input.map(({ p }) => p.entry.receivedAt),
      input.map(({ p }) => p.entry.source),
      input.map(({ p }) => p.entry.kind),
      input.map(({ p }) => p.events),
      input.map(({ p }) => p.fence?.link ?? null),
      input.map(({ p }) => p.fence?.epoch ?? null),
      input.map(({ p }) => p.entry.raw?.contentType ?? null),
      input.map(({ p }) => p.entry.raw?.body ?? null),
      input.map(({ p }) => p.entry.dedupeKey ?? null),
      JOURNAL_CHANNEL,
    ],
  );
  const stored = new Set((rows[0]?.stored ?? []).map(Number));
  input.forEach(({ i }, k) => {
    results[i] = stored.has(k + 1) ? STORED : DUPLICATE;
  });
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
