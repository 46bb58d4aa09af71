import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import type { Settings } from '../../lib/domain/state';
import { queueView } from '../../lib/domain/view';
import { rfc3339 } from '../../lib/sources/portsip/restCdr';
import type { PortsipConfig } from '../config';
import { createHub, type Hub } from '../hub/hub';
import { createRecorder, type Recorder } from '../recorder';
import { openStorage, type Storage } from '../storage';
import { settingsSyncTokens } from './gapBackfill';
import { type RunningLink, startPortsipLink } from './portsipLink';
import { TEST_PASSWORD } from './testing/connectorHarness';
import type { FakeCdr } from './testing/fakeCdrs';
import { type FakePortsipRest, startFakePortsipRest } from './testing/fakePortsipRest';
import { type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

/**
 * Issue #14 item 5, from outside: a lost WSI link's gap is backfilled from the PBX's CDRs over REST
 * (sync-token diff, GET /cdrs/{id}), through the recorder into a real SQLite journal and the hub.
 * Every call of the gap counts once, also those that arrived live; a failed backfill leaves the gap shown.
 */
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const TENANT = '883634229655633920';
const QUEUE = `${TENANT}/8001`;
const logger = pino({ level: 'silent' });

const parts: {
  wsi?: FakeWsiServer;
  rest?: FakePortsipRest;
  link?: RunningLink;
  hub?: Hub;
  storage?: Storage;
} = {};
const dirs: string[] = [];
afterEach(async () => {
  await parts.link?.stop();
  parts.hub?.stop();
  await parts.storage?.close();
  await parts.wsi?.close();
  await parts.rest?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const k of Object.keys(parts)) delete parts[k as keyof typeof parts];
});

async function start(beforeLink?: (recorder: Recorder, rest: FakePortsipRest) => void) {
  const wsi = await startFakeWsiServer({
    password: TEST_PASSWORD,
    tenant: TENANT,
    queues: { '8001': ['301'] },
  });
  const rest = await startFakePortsipRest({ password: TEST_PASSWORD, domain: 'test.io', diffPageSize: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'callboard-backfill-'));
  dirs.push(dir);
  const storage = openStorage({ dataDir: dir, logger });
  const hub = createHub({ settings: SETTINGS, now: Date.now, epoch: 'backfill', windowMs: 5 });
  const recorder = createRecorder({ journal: storage.journal, hub, now: Date.now, logger });
  const config: PortsipConfig = {
    url: wsi.url,
    auth: { username: 'admin', password: TEST_PASSWORD, domain: 'test.io' },
    queues: [],
    extensions: [],
    tenants: [],
    tlsInsecure: false,
    rest: { url: rest.url, loginPath: '/login', tenant: TENANT, refreshSeconds: 900 },
  };
  const sink = {
    ingest: recorder.ingest,
    setSourceStatus: hub.setSourceStatus,
    backfill: {
      accept: recorder.accept,
      syncTokens: settingsSyncTokens(storage.settings, Date.now),
      gaps: () => hub.state().gaps ?? [],
    },
  };
  beforeLink?.(recorder, rest);
  const link = startPortsipLink('pbx', config, sink, logger, Date.now);
  Object.assign(parts, { wsi, rest, link, hub, storage });
  const connected = () => hub.sources().find((s) => s.id === 'pbx')?.status === 'connected';
  await waitUntil(connected, 5_000, 'connected');
  await waitUntil(() => hub.state().queues.has(QUEUE), 2_000, 'queue 8001 known');
  const queue = () => {
    hub.flush();
    const q = hub.state().queues.get(QUEUE);
    if (!q) throw new Error('no queue');
    return queueView(hub.state(), q, Date.now());
  };
  const backfills = () =>
    (hub.state().gaps ?? []).map((g) => g.backfill?.outcome ?? 'pending').filter((o) => o !== 'pending');
  /** Drop the link; `during()` happens while it is down; resolves once the link is back. */
  async function outage(during: () => void) {
    const before = hub.sources().find((s) => s.id === 'pbx')?.lastProofOfLifeAt;
    wsi.dropAll();
    await waitUntil(() => !connected(), 2_000, 'link lost');
    during();
    await waitUntil(connected, 5_000, 'link back');
    return before;
  }
  return { wsi, rest, storage, hub, recorder, queue, backfills, outage };
}

const sec = (ms: number) => String(Math.floor(ms / 1000));
/** A call that waited in 8001 and was answered by 301, as GET /cdrs/{id} lists it (PBX times). */
const restCdr = (n: number, startedAt: number, endedAt: number): FakeCdr => ({
  id: `70000000000000${n}`,
  call_id: `sip-call-${n}`,
  caller: `0770090000${n}`,
  callee: '8001',
  destination: '301',
  direction: 'INBOUND_CALL',
  started_at: rfc3339(startedAt),
  rang_at: rfc3339(startedAt),
  answered_at: rfc3339(startedAt + 2_000),
  ended_at: rfc3339(endedAt),
  end_reason: 'CALLER_DISCONNECTED',
  status_code: 0,
});

describe('a gap backfilled from the PBX’s CDRs', () => {
  it('counts the gap’s calls exactly once, also those that arrived live, and no longer shows the gap', async () => {
    const t = await start();
    // Call 1 begins before the outage: its caller queues and its call_start (SIP Call-ID) arrive live.
    const startedAt = Date.now() - 3_000;
    t.wsi.broadcast(
      JSON.stringify({
        event_type: 'queue_caller_status',
        tenant_id: TENANT,
        queue_number: '8001',
        updated_callers: [{ session_id: 'S1', reason: 'enqueue', timestamp: sec(startedAt), type: 'normal' }],
      }),
    );
    t.wsi.broadcast(
      JSON.stringify({
        event_type: 'call_start',
        call_id: 'sip-call-1',
        session_id: 'S1',
        tenant_id: TENANT,
        caller: '077009000001',
        callee: '8001',
        direction: 'in',
        time: sec(startedAt),
      }),
    );
    await waitUntil(() => t.queue().today.offered === 1, 2_000, 'call 1 queued');

    await t.outage(() => {
      const now = Date.now();
      // In the gap: call 1 ends, calls 2 and 3 come and go; call 2 also reached us over the webhook.
      t.rest.cdrs.add(restCdr(1, startedAt, now), restCdr(2, now - 500, now), restCdr(3, now - 400, now));
      const hook = { source: 'pbx-hook', origin: 'portsip-webhook', tenant: TENANT } as const;
      const viaWebhook: DomainEvent = {
        ...hook,
        type: 'callDetailRecorded',
        at: Math.floor(now / 1000) * 1000,
        callId: 'S2',
        sipCallId: 'sip-call-2',
        parties: { direction: 'inbound', caller: '077009000002' },
        endedAt: Math.floor(now / 1000) * 1000,
        legs: [
          {
            target: '8001',
            targetKind: 'unknown',
            startedAt: now - 1000,
            answeredAt: now - 1000,
            endedAt: now - 500,
          },
          { target: '301', targetKind: 'unknown', startedAt: now - 900, answeredAt: now - 500, endedAt: now },
        ],
      };
      t.recorder.ingest([viaWebhook]);
    });
    await waitUntil(() => t.backfills().length === 1, 5_000, 'backfill done');

    expect(t.backfills()).toEqual(['filled']);
    expect(t.hub.state().gaps?.[0]?.backfill).toEqual({ outcome: 'filled', calls: 3 });
    expect(t.queue().today).toMatchObject({ offered: 3, answered: 3 });
    expect(t.queue().gaps).toBeUndefined();
    expect(await t.storage.settings.get('pbx.cdrSyncToken.pbx')).toEqual(expect.any(String));

    // The next outage's backfill asks from the kept token: no call of the first is fetched again.
    const tokens = t.rest.cdrs.tokensIssued();
    await t.outage(() => t.rest.cdrs.add(restCdr(4, Date.now() - 300, Date.now())));
    await waitUntil(() => t.backfills().length === 2, 5_000, 'second backfill done');
    expect(t.hub.state().gaps?.map((g) => g.backfill)).toEqual([
      { outcome: 'filled', calls: 3 },
      { outcome: 'filled', calls: 1 },
    ]);
    expect(t.queue().today.offered).toBe(4);
    // Diffs only: no new token made from a date (each diff page hands out its own next token).
    expect(t.rest.requests.filter((r) => r.path === '/api/user/cdrs/sync_tokens')).toHaveLength(1);
    expect(t.rest.cdrs.tokensIssued()).toBeGreaterThan(tokens);
  }, 30_000);

  it('backfills a "server stopped" gap once the link is first up', async () => {
    const stoppedFrom = Date.now() - 60_000;
    const t = await start((recorder, rest) => {
      rest.cdrs.add(restCdr(6, stoppedFrom + 10_000, stoppedFrom + 20_000));
      recorder.ingest([
        {
          type: 'sourceGapRecorded',
          source: 'pbx',
          origin: 'portsip-wsi',
          at: Date.now(),
          atArrival: true,
          from: stoppedFrom,
          to: Date.now(),
          reason: 'serverStopped',
        },
      ]);
    });
    await waitUntil(() => t.backfills().length === 1, 5_000, 'backfill done');
    expect(t.hub.state().gaps?.[0]?.backfill).toEqual({ outcome: 'filled', calls: 1 });
    expect(t.queue().today.offered).toBe(1);
    expect(t.queue().gaps).toBeUndefined();
  }, 30_000);

  it('leaves the gap shown, saying why, when the CDR API fails (HTTP 500), and never crashes', async () => {
    const t = await start();
    t.rest.cdrs.fail(500);
    await t.outage(() => t.rest.cdrs.add(restCdr(5, Date.now() - 300, Date.now())));
    await waitUntil(() => t.backfills().length === 1, 5_000, 'backfill attempted');
    const [gap] = t.queue().gaps ?? [];
    expect(gap).toMatchObject({ source: 'pbx', reason: 'linkDown' });
    expect(gap?.detail).toBe('backfill failed: POST /user/cdrs/sync_tokens: HTTP 500');
    expect(t.queue().today.offered).toBe(0);
    expect(await t.storage.settings.get('pbx.cdrSyncToken.pbx')).toBeUndefined();
  }, 30_000);

  it('says a refused login (HTTP 401) in the gap’s detail', async () => {
    const t = await start();
    t.rest.rejectAllTokens(true);
    await t.outage(() => {});
    await waitUntil(() => t.backfills().length === 1, 5_000, 'backfill attempted');
    expect(t.queue().gaps?.[0]?.detail).toMatch(/^backfill failed: .*HTTP 401/);
  }, 30_000);
});
