import type pg from 'pg';
import type { Logger } from 'pino';
import type { Settings } from '../../lib/domain/state';
import type { LinkOwnership } from '../cluster/linkOwnership';
import type { Hub } from '../hub/hub';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import { createPgJournalDays } from '../storage/postgres/journalDays';
import { openPgPool } from '../storage/postgres/pool';
import { createSharedCloser } from './sharedClose';
import { sharedClosingDays } from './sharedClosing';

const HOUR_MS = 3600_000;
/** The lease's name among the PBX links' (a link id cannot hold ':', lib/settings/ids.ts). */
export const HISTORY_LEASE = 'history:close';
/** Any constant: the advisory lock of the cluster's history jobs (locks are per database). */
export const HISTORY_LOCK = 0x63_62_68_63; // "cbhc"
/** After a roll, how long arrivals stamped before midnight may still be committing on other instances. */
const DEFAULT_SETTLE_MS = 5000;

/**
 * History's part of an instance that shares its journal (DATABASE_URL; docs/scaling.md): the
 * reports read the shared history (storage.asyncHistory), and each day is closed ONCE per cluster,
 * by the instance holding the "history:close" lease (server/cluster/lease.ts, through the instance's
 * link ownership): when it takes the lease (the start-up close: every closed day the shared journal
 * holds and history lacks), at each roll once arrivals have settled, and every hour with the prune.
 * Another instance takes over within the lease's term if the holder dies, and its first act is that
 * same close, so a roll missed by a dead holder is closed then.
 *
 * A recount runs on the instance asked, whoever holds the lease: every history job, the holder's
 * closes and any recount, runs under one PostgreSQL advisory lock, so they take turns across the
 * cluster as they do within one process (docs/decisions.md, "History on PostgreSQL").
 */
export function startClusterHistory(o: {
  url: string;
  instance: string;
  ownership: LinkOwnership;
  history: AsyncHistoryStore;
  hub: Pick<Hub, 'onDayClosed'>;
  settings: () => Settings;
  historyDays: () => number;
  journalDays: number;
  now: () => number;
  logger: Logger;
  settleMs?: number;
}) {
  const log = o.logger;
  // Journal reads and the lock's session; the writes go through the shared stores' pool.
  const pool = openPgPool({
    url: o.url,
    max: 3,
    applicationName: `callboard history ${o.instance}`.slice(0, 63),
    logger: log,
  });
  const journal = createPgJournalDays(pool);
  const closer = createSharedCloser({
    history: o.history,
    journal,
    settings: o.settings,
    now: o.now,
    journalDays: o.journalDays,
    logger: log,
    exclusive: (run) => withHistoryLock(pool, run),
  });
  const sharedClosing = sharedClosingDays({
    history: o.history,
    journal,
    settings: o.settings,
    now: o.now,
    journalDays: o.journalDays,
  });

  let held = false;
  let stopped = false;
  let jobs: Promise<unknown> = Promise.resolve();
  const track = <T>(p: Promise<T>): Promise<T> => {
    jobs = Promise.all([jobs, p.catch(() => {})]);
    return p;
  };
  const closeMissed = (how: 'startup' | 'live'): Promise<string[]> =>
    track(
      closer.closeMissed(how).catch((err: unknown) => {
        log.error({ err, how }, 'closing days from the shared journal failed');
        return [] as string[];
      }),
    );
  const prune = () => track(closer.prune(o.historyDays()));

  let firstTurn: (days: string[]) => void = () => {};
  const missed = new Promise<string[]>((resolve) => {
    firstTurn = resolve;
  });
  const claim = o.ownership.claim(HISTORY_LEASE, {
    owned() {
      held = true;
      log.info({ instance: o.instance }, 'history lease held: this instance closes the days');
      const run = closeMissed('startup');
      void run.then(firstTurn);
      void prune();
    },
    lost() {
      held = false;
    },
    standby() {
      firstTurn([]);
    },
  });

  const unsubscribe = o.hub.onDayClosed(() => {
    if (!held) return;
    // Arrivals stamped before the roll may still be committing (here or on another instance).
    const timer = setTimeout(() => {
      if (held && !stopped) void settled(pool, log).then(() => closeMissed('live'));
    }, o.settleMs ?? DEFAULT_SETTLE_MS);
    timer.unref();
  });
  const timer = setInterval(() => {
    if (!held) return;
    void closeMissed('startup');
    void prune();
  }, HOUR_MS);
  timer.unref();

  return {
    /** Resolves once this instance's first turn is known: the days it closed as holder, or none. */
    missed,
    /**
     * The days whose history is not in the shared store yet, the same on every instance (read from
     * it: sharedClosing.ts). Unreadable (PostgreSQL away: storage health says so), this instance's
     * own close, as far as it knows.
     */
    closing: (): Promise<readonly string[]> =>
      sharedClosing().catch((err: unknown) => {
        log.debug({ err }, 'could not read the days still closing: naming this instance’s own');
        return closer.closing();
      }),
    /** Close again what has closed and is not in history (any instance may ask; the lock orders it). */
    closeMissed: () => closeMissed('startup'),
    recount: (day: string) => track(closer.recount(day)),
    /** Whether this instance holds the history lease now. */
    holds: () => held,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await claim.release();
      await jobs;
      await pool.end();
    },
  };
}

/** Runs `run` holding the cluster's history lock, waited for (polled) on a session of its own. */
async function withHistoryLock<T>(pool: pg.Pool, run: () => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    for (;;) {
      const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        HISTORY_LOCK,
      ]);
      if (rows[0]?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      return await run();
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [HISTORY_LOCK]).catch((err: Error) => {
        // A session that cannot unlock is dropped: its end releases the lock.
        broken = err;
      });
    }
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    c.release(broken ?? false);
  }
}

/**
 * Waits (up to a minute) until every transaction running now, anywhere on the server, has ended: a
 * journal row stamped before the roll is then committed or never will be (the tail's horizon,
 * server/storage/postgres/tail.ts).
 */
async function settled(pool: pg.Pool, log: Logger): Promise<void> {
  try {
    const { rows } = await pool.query<{ x: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x',
    );
    // Real elapsed time (not the injected clock, which a test may hold still).
    const end = performance.now() + 60_000;
    while (performance.now() < end) {
      const r = await pool.query<{ done: boolean }>(
        'SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS done',
        [rows[0]?.x],
      );
      if (r.rows[0]?.done) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    log.warn('a transaction older than the roll is still open: closing the day without waiting for it');
  } catch (err) {
    log.warn({ err }, 'could not wait for the journal to settle: closing the day now');
  }
}
