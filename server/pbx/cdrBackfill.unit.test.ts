import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import { rfc3339 } from '../../lib/sources/portsip/restCdr';
import { createCdrBackfill } from './cdrBackfill';
import { createRestSession, type RestSession } from './restSession';
import { TEST_PASSWORD } from './testing/connectorHarness';
import { type FakePortsipRest, startFakePortsipRest } from './testing/fakePortsipRest';

/**
 * The backfill's bounds against the fake REST API: a PBX that never answers (the request timeout ends
 * it, and it says so), and a kept token with more changes than one backfill reads.
 */
let rest: FakePortsipRest | undefined;
let client: RestSession | undefined;
afterEach(async () => {
  client?.stop();
  await rest?.close();
});

describe('a gap backfill against a PBX that does not answer', () => {
  it('fails after the timeout, journals nothing, keeps no token, and says why', async () => {
    rest = await startFakePortsipRest({ password: TEST_PASSWORD });
    rest.cdrs.hang(true);
    client = createRestSession({
      baseUrl: rest.url,
      loginPath: '/login',
      auth: { username: 'admin', password: TEST_PASSWORD },
      timeoutMs: 200,
      now: Date.now,
    });
    const ingested: DomainEvent[] = [];
    const tokens = new Map<string, string>();
    let accepted = 0;
    const backfill = createCdrBackfill({
      source: 'pbx',
      request: client.request,
      tokens: { get: (s) => tokens.get(s), put: (s, t) => void tokens.set(s, t) },
      tenant: () => 'tenant-1',
      clockOffsetMs: () => 0,
      accept: async () => {
        accepted += 1;
        return { duplicate: false };
      },
      ingest: (events) => ingested.push(...events),
      now: Date.now,
      logger: pino({ level: 'silent' }),
    });
    const gap: SourceGapRecorded = {
      type: 'sourceGapRecorded',
      source: 'pbx',
      origin: 'portsip-wsi',
      at: Date.now(),
      atArrival: true,
      from: Date.now() - 60_000,
      to: Date.now(),
      reason: 'linkDown',
    };
    const started = Date.now();
    const said = await backfill.backfill(gap);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(said).toMatchObject({
      type: 'sourceGapBackfilled',
      from: gap.from,
      outcome: 'failed',
      calls: 0,
      detail: 'backfill failed: POST /user/cdrs/sync_tokens: no answer in 0.2 s',
    });
    expect(ingested).toEqual([said]);
    expect(accepted).toBe(0);
    expect(tokens.size).toBe(0);
  });
});

describe('a kept sync token from long ago', () => {
  it('holds more changes than one backfill reads: the backfill asks again from the gap’s start', async () => {
    const hourAgo = Date.now() - 3600_000;
    const cdr = (n: number, endedAt: number) => ({
      id: `9${n}`,
      call_id: `sip-${n}`,
      caller: '07700900001',
      callee: '8001',
      started_at: rfc3339(endedAt - 5_000),
      ended_at: rfc3339(endedAt),
    });
    const old = Array.from({ length: 12 }, (_, n) => cdr(n, hourAgo + n * 1000));
    rest = await startFakePortsipRest({ password: TEST_PASSWORD, cdrs: old, diffPageSize: 2 });
    client = createRestSession({
      baseUrl: rest.url,
      loginPath: '/login',
      auth: { username: 'admin', password: TEST_PASSWORD },
      now: Date.now,
    });
    const kept = JSON.parse((await client.request('POST', '/user/cdrs/sync_tokens')).body).token as string;
    const gapFrom = Date.now() - 60_000;
    rest.cdrs.add(cdr(99, gapFrom + 10_000));
    const tokens = new Map([['pbx', kept]]);
    const journaled: string[] = [];
    const backfill = createCdrBackfill({
      source: 'pbx',
      request: client.request,
      tokens: { get: (s) => tokens.get(s), put: (s, t) => void tokens.set(s, t) },
      tenant: () => undefined,
      clockOffsetMs: () => 0,
      accept: async (entry) => {
        journaled.push(entry.dedupeKey ?? '');
        return { duplicate: false };
      },
      ingest: () => {},
      now: Date.now,
      logger: pino({ level: 'silent' }),
      maxDiffPages: 3,
    });
    const said = await backfill.backfill({
      type: 'sourceGapRecorded',
      source: 'pbx',
      origin: 'portsip-wsi',
      at: Date.now(),
      atArrival: true,
      from: gapFrom,
      to: Date.now(),
      reason: 'linkDown',
    });
    expect(said).toMatchObject({ outcome: 'filled', calls: 1 });
    expect(journaled).toEqual(['portsip-rest-cdr:pbx:999']);
    expect(tokens.get('pbx')).not.toBe(kept);
  });
});
