import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import { createCdrBackfill } from './cdrBackfill';
import { createRestClient, type RestClient } from './restClient';
import { TEST_PASSWORD } from './testing/connectorHarness';
import { type FakePortsipRest, startFakePortsipRest } from './testing/fakePortsipRest';

/** A PBX that never answers its CDR API: the backfill gives up after the request timeout, and says so. */
let rest: FakePortsipRest | undefined;
let client: RestClient | undefined;
afterEach(async () => {
  client?.stop();
  await rest?.close();
});

describe('a gap backfill against a PBX that does not answer', () => {
  it('fails after the timeout, journals nothing, keeps no token, and says why', async () => {
    rest = await startFakePortsipRest({ password: TEST_PASSWORD });
    rest.cdrs.hang(true);
    client = createRestClient({
      baseUrl: rest.url,
      loginPath: '/login',
      auth: { username: 'admin', password: TEST_PASSWORD },
      timeoutMs: 200,
    });
    const ingested: DomainEvent[] = [];
    const tokens = new Map<string, string>();
    let accepted = 0;
    const backfill = createCdrBackfill({
      source: 'pbx',
      request: client.request,
      tokens: { get: (s) => tokens.get(s), put: (s, t) => tokens.set(s, t) },
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
