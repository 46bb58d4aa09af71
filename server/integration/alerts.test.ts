import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { type AlertsMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import type { AlertNotification, Notifier } from '../alerts/notification';
import { waitingRule } from '../alerts/testing/crossing';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Board alerts over the real process: real SQLite, real HTTP, real Socket.IO clients. A rule on
 * "waiting ≥ 1" of board a; a caller queues; the alert reaches board a's display (not board b's), the
 * API lists it, a supervisor acknowledges it, and a restart on the same DATA_DIR keeps it acknowledged
 * without raising or notifying it again.
 */
type Who = 'anonymous' | 'displayA' | 'displayB' | 'supervisor' | 'admin' | 'api';
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor password' };
const headers: Record<Who, Record<string, string>> = {
  anonymous: {},
  displayA: {},
  displayB: {},
  supervisor: {},
  admin: {},
  api: { authorization: `Bearer ${API_TOKEN}` },
};

/** A Notifier that keeps what it is told: the channels' side of the contract, as a test sees it. */
function recording(): Notifier & { told: AlertNotification[] } {
  const told: AlertNotification[] = [];
  return { told, notify: (n) => told.push(n) };
}

const wsi = { source: 'pbx-a', origin: 'portsip-wsi', tenant: 'tenant-a' } as const;
const queue = { tenant: 'tenant-a', number: '8001' };
const queued = (session: string): DomainEvent[] => [
  { ...wsi, type: 'queueCreated', at: Date.now(), queue, name: 'Sales' },
  {
    ...wsi,
    type: 'callerQueued',
    at: Date.now(),
    queue,
    caller: { sessionId: session, kind: 'normal', since: Date.now() },
  },
];
const abandoned = (session: string): DomainEvent[] => [
  { ...wsi, type: 'callerAbandoned', at: Date.now(), queue, sessionId: session },
];

let app: TestCallboard;
let notifier = recording();
const { send, login } = asCallers(() => app.url, headers);
const sockets: Socket[] = [];

function display(who: 'displayA' | 'displayB') {
  const token = (headers[who].authorization ?? '').replace('Bearer ', '');
  const s = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token },
    extraHeaders: { origin: app.url },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(s);
  const got: AlertsMessage[] = [];
  s.on(EVENTS.alerts, (m: AlertsMessage) => got.push(m));
  s.on('connect', () => s.emit(EVENTS.watchAlerts, { boardId: 'board-a' }));
  return { socket: s, got };
}

async function until<T>(what: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const RULE = waitingRule('waiting-1');

beforeAll(async () => {
  app = await startTestCallboard({
    notifier,
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  await login('admin', ADMIN);
  expect((await send('POST', '/api/v1/users', 'admin', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(
    201,
  );
  await login('supervisor', SUPERVISOR);
  for (const board of ['board-a', 'board-b'] as const) {
    const body = {
      name: board,
      queues: [`tenant-${board.slice(-1)}/8001`],
      alerts: board === 'board-a' ? [RULE] : [],
    };
    expect((await send('PUT', `/api/v1/boards/${board}`, 'admin', body)).status).toBe(200);
    const created = await send('POST', '/api/v1/displays', 'admin', { name: `TV ${board}`, boardId: board });
    headers[board === 'board-a' ? 'displayA' : 'displayB'] = {
      authorization: `Bearer ${JSON.parse(created.text).token}`,
    };
  }
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.close({ remove: true });
});

describe('board alerts end to end', () => {
  it('raise: reaches its board’s display within a second, not another board’s; listed; notified once', async () => {
    const a = display('displayA');
    const b = display('displayB');
    await until(() => a.got.length > 0 && b.got.length > 0);
    expect(a.got.at(-1)?.alerts).toEqual([]);
    const t0 = Date.now();
    app.recorder.ingest(queued('s1'));
    const raised = await until(() => a.got.at(-1)?.alerts[0]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(raised).toMatchObject({
      state: 'raised',
      ruleId: 'waiting-1',
      boardId: 'board-a',
      value: 1,
      notified: true,
    });
    expect(raised.title).toContain('Waiting now 1');
    // Board b's display asked for board a: it is told nothing of it, then or since.
    expect(b.got.every((m) => m.alerts.length === 0)).toBe(true);
    expect(notifier.told.map((n) => [n.kind, n.id])).toEqual([['alert.raised', String(raised.id)]]);

    const list = await send('GET', '/api/v1/alerts?board=board-a&state=raised', 'supervisor');
    expect(JSON.parse(list.text).alerts.map((x: { id: number }) => x.id)).toEqual([raised.id]);
    expect((await send('GET', '/api/v1/alerts?board=board-a', 'displayA')).status).toBe(200);
    expect((await send('GET', '/api/v1/alerts', 'displayA')).status).toBe(403);
    expect((await send('GET', '/api/v1/alerts?board=board-a', 'displayB')).status).toBe(403);
    expect((await send('GET', '/api/v1/alerts', 'anonymous')).status).toBe(401);
    expect((await send('GET', '/api/v1/alerts?state=nope', 'api')).status).toBe(400);
    expect((await send('GET', '/api/v1/alerts?from=yesterday', 'api')).status).toBe(400);
  });

  it('acknowledge: who, when, note; every screen of the board within a second; only once', async () => {
    const a = display('displayA');
    const open = await until(() => a.got.at(-1)?.alerts[0]);
    expect((await send('POST', `/api/v1/alerts/${open.id}/acknowledge`, 'displayA', {})).status).toBe(403);
    expect(
      (await send('POST', `/api/v1/alerts/${open.id}/snooze`, 'supervisor', { minutes: 5 })).status,
    ).toBe(403);
    expect((await send('POST', `/api/v1/alerts/${open.id}/snooze`, 'api', { minutes: 0 })).status).toBe(422);
    expect((await send('POST', `/api/v1/alerts/${open.id}/snooze`, 'api', { minutes: 5 })).status).toBe(200);
    const snoozed = await until(() => a.got.at(-1)?.alerts.find((x) => x.snoozedUntil !== null));
    expect(snoozed).toMatchObject({ state: 'raised', snoozedBy: 'API token' });
    const t0 = Date.now();
    const ack = await send('POST', `/api/v1/alerts/${open.id}/acknowledge`, 'supervisor', { note: 'on it' });
    expect(ack.status).toBe(200);
    const seen = await until(() => a.got.at(-1)?.alerts.find((x) => x.state === 'acknowledged'));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(seen).toMatchObject({ acknowledgedBy: SUPERVISOR.email, note: 'on it' });
    expect((await send('POST', `/api/v1/alerts/${open.id}/acknowledge`, 'admin', {})).status).toBe(409);
    expect(notifier.told.map((n) => n.kind)).toEqual(['alert.raised', 'alert.acknowledged']);
  });

  it('a restart on the same DATA_DIR keeps it acknowledged, raises nothing and tells no one again', async () => {
    for (const s of sockets.splice(0)) s.close();
    const before = JSON.parse((await send('GET', '/api/v1/alerts?board=board-a', 'api')).text).alerts;
    await app.close();
    notifier = recording();
    app = await startTestCallboard({ dataDir: app.dataDir, notifier });
    await new Promise((r) => setTimeout(r, 1500));
    const after = JSON.parse((await send('GET', '/api/v1/alerts?board=board-a', 'api')).text).alerts;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: before[0].id,
      state: 'acknowledged',
      acknowledgedBy: SUPERVISOR.email,
    });
    expect(notifier.told).toEqual([]);

    // The caller goes: cleared (and told, as its raise was); back within the cooldown: shown, not told.
    app.recorder.ingest(abandoned('s1'));
    await until(() => notifier.told.length === 1);
    expect(notifier.told[0]).toMatchObject({ kind: 'alert.cleared', id: String(before[0].id) });
    app.recorder.ingest(queued('s2'));
    const again = await until(() => app.alerts.active('board-a').find((x) => x.state === 'raised'));
    expect(again.notified).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(notifier.told.map((n) => n.kind)).toEqual(['alert.cleared']);
    const history = JSON.parse(
      (await send('GET', '/api/v1/alerts?board=board-a&state=cleared', 'api')).text,
    ).alerts;
    expect(history.map((x: { id: number; clearReason: string }) => [x.id, x.clearReason])).toEqual([
      [before[0].id, 'recovered'],
    ]);
  });
});
