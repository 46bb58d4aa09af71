import fc from 'fast-check';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { callStream, DAY_START, KNOWN_QUEUES } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from '../hub/hub';
import { createPgJournal } from '../storage/postgres/journal';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { createSharedRecorder } from './sharedRecorder';

/**
 * Instances sharing one journal on a real PostgreSQL: each hub is fed by its tail only, so every
 * instance shows the same figures, each committed row counted once, whichever instance took it in.
 */

const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NOW = DAY_START + 9 * 3600_000;
const logger = pino({ level: 'silent' });
/** The horizon is cluster-wide (other test files' transactions too): waits allow for it. */
const SETTLE = { timeout: 8000, interval: 20 };

async function instance(url: string, now = () => NOW) {
  const pool = openPgPool({ url, max: 4 });
  cleanups.push(() => pool.end());
  const journal = createPgJournal({ pool });
  cleanups.push(() => journal.close());
  const hub = createHub({ settings: TEST_SETTINGS, now, epoch: 'e', windowMs: () => 0 });
  const recorder = createSharedRecorder({
    journal,
    pool,
    listener: () => new pg.Client({ connectionString: url }),
    hub,
    now,
    logger,
    pollMs: 100,
  });
  cleanups.push(() => recorder.stop());
  return { pool, journal, hub, recorder };
}

/** What a viewer sees of the day, without the moment it was taken; rows by id (order is not a figure). */
const figures = (hub: ReturnType<typeof createHub>) => {
  const { state } = hub.snapshot();
  const byId = <T extends { id: string }>(rows: readonly T[]) =>
    [...rows].sort((x, y) => x.id.localeCompare(y.id));
  return {
    queues: byId(state.queues),
    agents: byId(state.agents),
    calls: byId(state.calls),
    buckets: byId(state.buckets),
  };
};

/** Events reduced by one hub from an empty day. */
function reducedOnce(events: readonly DomainEvent[], settings = TEST_SETTINGS) {
  const hub = createHub({ settings, now: () => NOW, epoch: 'e' });
  hub.rebuild(settings, events);
  return figures(hub);
}

/**
 * The truth every instance must show: the journal's events (the sent ones, each once, plus the
 * clock estimates the recorders journaled with them) reduced once. Checks first that the journal
 * holds each sent event exactly once.
 */
async function truthOf(url: string, sent: readonly DomainEvent[], settings = TEST_SETTINGS) {
  const pool = openPgPool({ url, max: 1 });
  try {
    const { rows } = await pool.query<{ events: DomainEvent[] }>('SELECT events FROM journal ORDER BY id');
    const stored = rows.flatMap((r) => r.events);
    const key = (e: DomainEvent) => JSON.stringify(e);
    const sentOnes = stored.filter((e) => e.type !== 'sourceClockEstimated');
    expect(sentOnes.map(key).sort()).toEqual(sent.map(key).sort());
    return reducedOnce(stored, settings);
  } finally {
    await pool.end();
  }
}

const calls = fc.sample(callStream, { seed: 19, numRuns: 1 })[0] as DomainEvent[];
const entryOf = (events: readonly DomainEvent[], key?: string) => ({
  source: 'pbx',
  kind: 'portsip-webhook' as const,
  receivedAt: NOW,
  events,
  ...(key ? { dedupeKey: key } : {}),
});

describe('shared recorder (instances on one PostgreSQL journal)', { timeout: 30_000 }, () => {
  it('webhooks spread over two instances, each sent to both: both boards show each call once', async () => {
    const url = await newDatabase();
    await migratePostgres(openPgPoolFor(url));
    const a = await instance(url);
    const b = await instance(url);
    await Promise.all([a.recorder.start(TEST_SETTINGS), b.recorder.start(TEST_SETTINGS)]);
    expect(a.recorder.caughtUp()).toBe(true);

    await a.recorder.accept(entryOf(KNOWN_QUEUES, 'queues'));
    // Every call's facts are sent to A and retried at B with the same key (a sender that timed out).
    const results = await Promise.all(
      calls.map((event, i) =>
        Promise.all([
          a.recorder.accept(entryOf([event], `k${i}`)),
          b.recorder.accept(entryOf([event], `k${i}`)),
        ]),
      ),
    );
    for (const pair of results) expect(pair.filter((r) => !r.duplicate)).toHaveLength(1);

    const truth = await truthOf(url, [...KNOWN_QUEUES, ...calls]);
    await expect.poll(() => figures(a.hub), SETTLE).toEqual(truth);
    await expect.poll(() => figures(b.hub), SETTLE).toEqual(truth);
    expect(truth.queues.length).toBeGreaterThan(0);
  });

  it('an instance started later reads the day so far and then follows', async () => {
    const url = await newDatabase();
    await migratePostgres(openPgPoolFor(url));
    const a = await instance(url);
    await a.recorder.start(TEST_SETTINGS);
    const half = Math.floor(calls.length / 2);
    await a.recorder.accept(entryOf([...KNOWN_QUEUES, ...calls.slice(0, half)]));

    const c = await instance(url);
    const read = await c.recorder.start(TEST_SETTINGS);
    expect(read).toBe(await eventsIn(url));
    expect(read).toBeGreaterThanOrEqual(KNOWN_QUEUES.length + half); // + the clock estimate
    expect(figures(c.hub)).toEqual(await truthOf(url, [...KNOWN_QUEUES, ...calls.slice(0, half)]));

    await a.recorder.accept(entryOf(calls.slice(half)));
    const truth = await truthOf(url, [...KNOWN_QUEUES, ...calls]);
    await expect.poll(() => figures(c.hub), SETTLE).toEqual(truth);
    await expect.poll(() => figures(a.hub), SETTLE).toEqual(truth);
  });

  it('a row that commits after a row with a larger id is still applied, on every instance', async () => {
    const url = await newDatabase();
    const admin = openPgPoolFor(url);
    await migratePostgres(admin);
    const a = await instance(url);
    const b = await instance(url);
    await Promise.all([a.recorder.start(TEST_SETTINGS), b.recorder.start(TEST_SETTINGS)]);
    await a.recorder.accept(entryOf(KNOWN_QUEUES));

    // A writer that takes its id first and commits last.
    const late = new pg.Client({ connectionString: url });
    await late.connect();
    cleanups.push(() => late.end());
    await late.query('BEGIN');
    const [first, ...rest] = calls;
    await late.query(
      `INSERT INTO journal (received_at, source, kind, events) VALUES ($1, 'pbx', 'portsip-webhook', $2::json)`,
      [NOW, JSON.stringify([first])],
    );
    await b.recorder.accept(entryOf(rest));
    await late.query('COMMIT');

    const truth = await truthOf(url, [...KNOWN_QUEUES, ...calls]);
    await expect.poll(() => figures(a.hub), SETTLE).toEqual(truth);
    await expect.poll(() => figures(b.hub), SETTLE).toEqual(truth);
  });

  it('a live batch is on the board only once committed, and whenSettled holds the pages read meanwhile', async () => {
    const url = await newDatabase();
    await migratePostgres(openPgPoolFor(url));
    const a = await instance(url);
    await a.recorder.start(TEST_SETTINGS);
    a.recorder.ingest(KNOWN_QUEUES);
    expect(figures(a.hub).queues).toEqual([]); // not applied directly
    await expect.poll(() => figures(a.hub).queues.length, SETTLE).toBe(KNOWN_QUEUES.length);

    let seenInside: number | null = null;
    await a.recorder.whenSettled(async () => {
      await a.recorder.accept(entryOf(calls));
      await new Promise((r) => setTimeout(r, 400)); // the tail reads the row meanwhile
      seenInside = figures(a.hub).calls.length + figures(a.hub).agents.length;
    });
    expect(seenInside).toBe(0);
    await expect.poll(() => figures(a.hub), SETTLE).toEqual(await truthOf(url, [...KNOWN_QUEUES, ...calls]));
  });

  it('rebuild under new settings ends equal to one read of the journal under them', async () => {
    const url = await newDatabase();
    await migratePostgres(openPgPoolFor(url));
    const a = await instance(url);
    await a.recorder.start(TEST_SETTINGS);
    await a.recorder.accept(entryOf([...KNOWN_QUEUES, ...calls]));
    await expect.poll(() => figures(a.hub), SETTLE).toEqual(await truthOf(url, [...KNOWN_QUEUES, ...calls]));

    const moved = { ...TEST_SETTINGS, defaults: { slaSeconds: 60, shortAbandonSeconds: 10 } };
    const read = await a.recorder.rebuild(moved);
    expect(read).toBe(await eventsIn(url));
    expect(figures(a.hub)).toEqual(await truthOf(url, [...KNOWN_QUEUES, ...calls], moved));
  });

  /** Events in the journal, as another connection counts them. */
  async function eventsIn(url: string): Promise<number> {
    const { rows } = await openPgPoolFor(url).query<{ n: string }>(
      'SELECT sum(json_array_length(events)) AS n FROM journal',
    );
    return Number(rows[0]?.n);
  }

  function openPgPoolFor(url: string) {
    const pool = openPgPool({ url, max: 2 });
    cleanups.push(() => pool.end());
    return pool;
  }
});
