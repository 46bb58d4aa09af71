import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { REPORT_FLOOD } from '../fleet/report';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * A display's heartbeat over a real socket (issue #18): its report shows in GET /api/v1/fleet; a report
 * out of bounds changes nothing; a socket that floods reports is cut off; going away makes it offline.
 */
const headers = { api: { authorization: `Bearer ${API_TOKEN}` } };
let app: TestCallboard;
let token: string;
let displayId: number;
const { send } = asCallers(() => app.url, headers);
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestCallboard();
  const created = JSON.parse(
    (await send('POST', '/api/v1/displays', 'api', { name: 'Lobby', boardId: 'all-queues' })).text,
  );
  token = created.token;
  displayId = created.display.id;
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.close({ remove: true });
});

const open = () =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
  });
const fleet = async () =>
  (
    JSON.parse((await send('GET', '/api/v1/fleet', 'api')).text) as {
      alertAfterMinutes: number;
      displays: Record<string, unknown>[];
    }
  ).displays.find((d) => d.id === displayId);
const until = async (check: () => Promise<boolean>, ms = 2000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const report = {
  build: 'abc123',
  page: '/kiosk/all-queues',
  screen: { width: 1920, height: 1080 },
  live: true,
  forMs: 5000,
};

describe('display heartbeat', () => {
  it('shows what the TV reports, ignores what is out of bounds, and says offline once it goes', async () => {
    expect(await fleet()).toMatchObject({ state: 'never-seen' });
    const s = await open();
    s.emit(EVENTS.report, { ...report, page: 'x'.repeat(201) }); // refused: too long
    await until(async () => (await fleet())?.screens === 1);
    expect(await fleet()).toMatchObject({ state: 'not-live', page: null });
    await new Promise((r) => setTimeout(r, 2100)); // one report per 2 s is taken
    s.emit(EVENTS.report, report);
    await until(async () => (await fleet())?.state === 'live');
    expect(await fleet()).toMatchObject({
      build: 'abc123',
      page: '/kiosk/all-queues',
      screen: { width: 1920, height: 1080 },
    });
    s.close();
    await until(async () => (await fleet())?.state === 'offline');
  });

  it('cuts off a socket that floods reports', async () => {
    const s = await open();
    const gone = new Promise<string>((resolve) => s.on('disconnect', resolve));
    for (let i = 0; i <= REPORT_FLOOD; i++) s.emit(EVENTS.report, report);
    expect(await gone).toBe('io server disconnect');
  });

  it('keeps the alert threshold as a setting', async () => {
    expect((await send('PUT', '/api/v1/fleet/settings', 'api', { alertAfterMinutes: 0 })).status).toBe(422);
    expect((await send('PUT', '/api/v1/fleet/settings', 'api', { alertAfterMinutes: 9 })).status).toBe(200);
    expect(JSON.parse((await send('GET', '/api/v1/fleet', 'api')).text).alertAfterMinutes).toBe(9);
  });
});
