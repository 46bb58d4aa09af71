import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import {
  type AlertsMessage,
  type ControlMessage,
  EVENTS,
  type ServerMessage,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';
import { waitingRule } from '../alerts/testing/crossing';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { API_TOKEN, apiRequest, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Two real Callboard instances (A and B) on one PostgreSQL database, their Socket.IO servers joined
 * by @socket.io/postgres-adapter (issue #19). They share one DATA_DIR too, standing in for the shared
 * storage that is still being moved to PostgreSQL (accounts, displays, boards, settings, floor
 * messages, alerts), so B knows A's display tokens. What is said through A reaches the screens on B:
 * revoking a display (within a second), "reload now", settings saved, a board changed, a floor
 * message, an acknowledged alert; and nothing reaches a screen that may not see it. The state
 * stream stays each instance's own.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-cluster-'));
let a: TestCallboard;
let b: TestCallboard;
let aStopped = false;
const sockets: Socket[] = [];
const displays: Record<'a' | 'b', { id: number; token: string }> = {
  a: { id: 0, token: '' },
  b: { id: 0, token: '' },
};

const RULE = waitingRule('waiting-1');

async function call(app: TestCallboard, method: string, path: string, body?: unknown) {
  const res = await apiRequest(app.url, method, path, body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until<T>(what: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A screen on `app`: what it was told, and when it was cut off. */
function screen(app: TestCallboard, token: string) {
  const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const got = {
    controls: [] as ControlMessage[],
    alerts: [] as AlertsMessage[],
    stream: [] as ServerMessage[],
    disconnectedAt: null as number | null,
  };
  socket.on(EVENTS.control, (m: ControlMessage) => got.controls.push(m));
  socket.on(EVENTS.alerts, (m: AlertsMessage) => got.alerts.push(m));
  socket.on(EVENTS.server, (m: ServerMessage) => got.stream.push(m));
  socket.on('disconnect', () => {
    got.disconnectedAt = Date.now();
  });
  const ready = until(() => got.stream.some((m) => m.type === 'snapshot')).then(() => got);
  return { socket, got, ready };
}

const floorLists = (got: { controls: ControlMessage[] }) =>
  got.controls.flatMap((m) => (m.type === 'floor' ? [m.messages.map((x) => x.text)] : []));

beforeAll(async () => {
  const env = { DATABASE_URL: await newDatabase() };
  a = await startTestCallboard({ dataDir, env });
  b = await startTestCallboard({ dataDir, env });
  for (const board of ['a', 'b'] as const) {
    const body = { name: `board-${board}`, queues: [`t/800${board === 'a' ? 1 : 2}`], alerts: [RULE] };
    expect((await call(a, 'PUT', `/api/v1/boards/board-${board}`, body)).status).toBe(200);
    const created = await call(a, 'POST', '/api/v1/displays', {
      name: `TV ${board}`,
      boardId: `board-${board}`,
    });
    displays[board] = {
      id: (created.body.display as { id: number }).id,
      token: created.body.token as string,
    };
  }
}, 60_000);
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await b?.close();
  if (!aStopped) await a?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two instances on one PostgreSQL', () => {
  it('the state stream stays each instance’s own: no snapshot or patch of A reaches a screen on B', async () => {
    const onB = await screen(b, API_TOKEN).ready;
    const onA = await screen(a, API_TOKEN).ready;
    const epochOf = (m: ServerMessage | undefined) => (m && 'epoch' in m ? m.epoch : null);
    const epochA = epochOf(onA.stream[0]);
    const epochB = epochOf(onB.stream[0]);
    expect(epochA).not.toBe(epochB);
    const wsi = { source: 'pbx-a', origin: 'portsip-wsi', tenant: 't' } as const;
    const event: DomainEvent = {
      ...wsi,
      type: 'queueCreated',
      at: Date.now(),
      queue: { tenant: 't', number: '8009' },
      name: 'Only on A',
    };
    a.recorder.ingest([event]);
    await until(() => onA.stream.some((m) => m.type === 'patch'));
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.stream.map(epochOf).filter((e) => e !== epochB)).toEqual([]);
  });

  it('a display revoked through A is cut off on B within a second; another display stays', async () => {
    const revokedOne = screen(b, displays.a.token);
    const other = screen(b, displays.b.token);
    await Promise.all([revokedOne.ready, other.ready]);
    // A display of the same board on A is cut off too (the message reaches this instance as well).
    const alsoOnA = await screen(a, displays.a.token).ready;
    const t0 = Date.now();
    expect((await call(a, 'DELETE', `/api/v1/displays/${displays.a.id}`)).status).toBe(200);
    const at = await until(() => revokedOne.got.disconnectedAt);
    expect(at - t0).toBeLessThan(1000);
    await until(() => alsoOnA.disconnectedAt);
    await new Promise((r) => setTimeout(r, 200));
    expect(other.got.disconnectedAt).toBeNull();
    expect(other.socket.connected).toBe(true);
  });

  it('"reload now" through A reaches the display on B (counted), and no other screen', async () => {
    const tv = await screen(b, displays.b.token).ready;
    const person = await screen(b, API_TOKEN).ready;
    const res = await call(a, 'POST', `/api/v1/displays/${displays.b.id}/reload`);
    expect(res).toMatchObject({ status: 200, body: { reloaded: 1 } });
    await until(() => tv.controls.some((m) => m.type === 'reload'));
    await new Promise((r) => setTimeout(r, 200));
    expect(person.controls.filter((m) => m.type === 'reload')).toEqual([]);
  });

  it('settings saved through A: the screens on B are told, and B applies them', async () => {
    const tv = await screen(b, displays.b.token).ready;
    const before = tv.controls.length;
    expect((await call(a, 'PUT', '/api/v1/settings/general', { slaSeconds: 33 })).status).toBe(200);
    await until(() => tv.controls.slice(before).some((m) => m.type === 'settingsChanged'));
    await until(() => b.hub.state().settings.defaults.slaSeconds === 33);
    // Told once, by A: B applying it says nothing more.
    await new Promise((r) => setTimeout(r, 200));
    expect(tv.controls.slice(before).filter((m) => m.type === 'settingsChanged')).toHaveLength(1);
  });

  it('a board changed through A: its displays on B come back with the new scope, others stay', async () => {
    const created = await call(a, 'POST', '/api/v1/displays', { name: 'TV a2', boardId: 'board-a' });
    const tvA = await screen(b, created.body.token as string).ready;
    const tvB = screen(b, displays.b.token);
    await tvB.ready;
    const body = { name: 'board-a', queues: ['t/8001', 't/8003'], alerts: [RULE] };
    expect((await call(a, 'PUT', '/api/v1/boards/board-a', body)).status).toBe(200);
    await until(() => tvA.disconnectedAt);
    await new Promise((r) => setTimeout(r, 200));
    expect(tvB.got.disconnectedAt).toBeNull();
  });

  it('a floor message posted through A reaches its board’s screen on B and people, not another board’s', async () => {
    const created = await call(a, 'POST', '/api/v1/displays', { name: 'TV a3', boardId: 'board-a' });
    const tvA = await screen(b, created.body.token as string).ready;
    const tvB = await screen(b, displays.b.token).ready;
    const person = await screen(b, API_TOKEN).ready;
    const posted = await call(a, 'POST', '/api/v1/floor-messages', {
      text: 'Fire drill at 14:00',
      severity: 'warn',
      boardIds: ['board-a'],
      expiresInSeconds: 600,
    });
    expect(posted.status).toBe(201);
    await until(() => floorLists(tvA).at(-1)?.includes('Fire drill at 14:00'));
    await until(() => floorLists(person).at(-1)?.includes('Fire drill at 14:00'));
    await new Promise((r) => setTimeout(r, 200));
    expect(floorLists(tvB).flat()).not.toContain('Fire drill at 14:00');
    // B read the list again: a screen connecting to B now is greeted with it.
    expect(b.floor.active().map((m) => m.text)).toEqual(['Fire drill at 14:00']);
  });

  it('an alert acknowledged through A reaches the board’s screen on B, and B’s evaluator keeps it', async () => {
    const created = await call(a, 'POST', '/api/v1/displays', { name: 'TV a4', boardId: 'board-a' });
    const tv = screen(b, created.body.token as string);
    await tv.ready;
    tv.socket.emit(EVENTS.watchAlerts, { boardId: 'board-a' });
    const other = screen(b, displays.b.token);
    await other.ready;
    other.socket.emit(EVENTS.watchAlerts, { boardId: 'board-a' }); // not its board: told nothing
    // Both instances see the same calls (the shared journal's tail is another part of #19).
    const queue = { tenant: 't', number: '8001' };
    const wsi = { source: 'pbx-a', origin: 'portsip-wsi', tenant: 't' } as const;
    const events: DomainEvent[] = [
      { ...wsi, type: 'queueCreated', at: Date.now(), queue, name: 'Sales' },
      {
        ...wsi,
        type: 'callerQueued',
        at: Date.now(),
        queue,
        caller: { sessionId: 's1', kind: 'normal', since: Date.now() },
      },
    ];
    a.recorder.ingest(events);
    b.recorder.ingest(events);
    const raised = await until(() => tv.got.alerts.at(-1)?.alerts[0]);
    await until(() => a.alerts.active('board-a')[0]?.id === raised.id);
    const t0 = Date.now();
    const ack = await call(a, 'POST', `/api/v1/alerts/${raised.id}/acknowledge`, { note: 'on it' });
    expect(ack.status).toBe(200);
    await until(() => tv.got.alerts.at(-1)?.alerts.find((x) => x.state === 'acknowledged'));
    expect(Date.now() - t0).toBeLessThan(1000);
    await until(() => b.alerts.active('board-a')[0]?.state === 'acknowledged');
    expect(other.got.alerts.every((m) => m.alerts.length === 0)).toBe(true);
  });

  it('A stopping cuts off its own screens only: B’s stay', async () => {
    const onA = screen(a, displays.b.token);
    const onB = screen(b, displays.b.token);
    await Promise.all([onA.ready, onB.ready]);
    aStopped = true;
    await a.close();
    await until(() => onA.got.disconnectedAt);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.got.disconnectedAt).toBeNull();
    expect(onB.socket.connected).toBe(true);
  });
});
