import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlMessage, EVENTS, type FloorMessageView, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Floor messages over the real process (issue #18): posted through the API, they reach the sockets of
 * their boards' displays within a second and no other board's; a reconnecting display gets the list
 * at its connect; removal is audited and tells the screens at once.
 */
type Who = 'api' | 'admin' | 'displayA' | 'displayB';
const ADMIN = { email: 'floor-admin@example.com', password: 'admin password 1' };
const headers: Record<Who, Record<string, string>> = {
  api: { authorization: `Bearer ${API_TOKEN}` },
  admin: {},
  displayA: {},
  displayB: {},
};
const tokens: Partial<Record<Who, string>> = {};
let app: TestCallboard;
const { send, login } = asCallers(() => app.url, headers);
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestCallboard({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  await login('admin', ADMIN);
  for (const [board, who] of [
    ['board-a', 'displayA'],
    ['board-b', 'displayB'],
  ] as const) {
    expect(
      (await send('PUT', `/api/v1/boards/${board}`, 'api', { name: board, queues: ['t/8001'] })).status,
    ).toBe(200);
    const created = await send('POST', '/api/v1/displays', 'api', { name: `TV ${board}`, boardId: board });
    tokens[who] = JSON.parse(created.text).token as string;
  }
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.close({ remove: true });
});

/** A display's socket, and the floor lists it receives, newest last. */
function screen(token: string) {
  const lists: (readonly FloorMessageView[])[] = [];
  const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  socket.on(EVENTS.control, (m: ControlMessage) => {
    if (m.type === 'floor') lists.push(m.messages);
  });
  const next = (count: number, timeoutMs = 1000) =>
    new Promise<readonly FloorMessageView[]>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (lists.length >= count) {
          clearInterval(poll);
          resolve(lists[count - 1] ?? []);
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`no floor list #${count} within ${timeoutMs} ms`));
        }
      }, 5);
    });
  return { socket, lists, next };
}

describe('floor messages', () => {
  it('reach their board’s screens within a second, not another board’s, and go when removed', async () => {
    const a = screen(tokens.displayA as string);
    const b = screen(tokens.displayB as string);
    expect(await a.next(1)).toEqual([]); // the list at connect
    await b.next(1);

    const posted = await send('POST', '/api/v1/floor-messages', 'admin', {
      text: 'Fire drill at 14:00',
      severity: 'warn',
      boardIds: ['board-a'],
      expiresInSeconds: null,
    });
    expect(posted.status).toBe(201);
    const id = JSON.parse(posted.text).message.id as number;
    expect((await a.next(2, 1000)).map((m) => [m.id, m.text, m.severity])).toEqual([
      [id, 'Fire drill at 14:00', 'warn'],
    ]);
    expect(await b.next(2, 1000)).toEqual([]);

    // A screen that reconnects gets the list at its connect.
    const again = screen(tokens.displayA as string);
    expect((await again.next(1)).map((m) => m.id)).toEqual([id]);

    const removed = await send('DELETE', `/api/v1/floor-messages/${id}`, 'api');
    expect(removed.status).toBe(200);
    expect(await a.next(3, 1000)).toEqual([]);

    // The audit: who posted, who removed, when.
    const list = JSON.parse((await send('GET', '/api/v1/floor-messages', 'api')).text) as {
      active: unknown[];
      messages: { id: number; postedBy: string; removedBy: string | null; removedAt: number | null }[];
    };
    expect(list.active).toEqual([]);
    expect(list.messages.find((m) => m.id === id)).toMatchObject({
      postedBy: expect.stringContaining(ADMIN.email),
      removedBy: 'API token',
      removedAt: expect.any(Number),
    });
  });

  it('expire on the server’s clock', async () => {
    const a = screen(tokens.displayA as string);
    await a.next(1);
    const posted = await send('POST', '/api/v1/floor-messages', 'api', {
      text: 'Short one',
      severity: 'info',
      boardIds: ['board-a', 'board-b'],
      expiresInSeconds: 10,
    });
    expect(posted.status).toBe(201);
    expect((await a.next(2)).length).toBe(1);
    expect(await a.next(3, 11_500)).toEqual([]);
  }, 15_000);

  it('refuses bad input with the reason', async () => {
    const bad = async (body: unknown) => {
      const r = await send('POST', '/api/v1/floor-messages', 'api', body);
      return [r.status, JSON.parse(r.text).error as string];
    };
    const ok = { text: 'x', severity: 'info', boardIds: ['board-a'], expiresInSeconds: null };
    expect(await bad({ ...ok, text: 'x'.repeat(281) })).toEqual([422, 'text: At most 280 characters']);
    expect(await bad({ ...ok, text: 'two\nlines' })).toEqual([
      422,
      'text: One line, without control characters',
    ]);
    expect((await bad({ ...ok, severity: 'panic' }))[0]).toBe(422);
    expect(await bad({ ...ok, boardIds: ['nope'] })).toEqual([422, 'boardIds: no board "nope"']);
    expect(await bad({ ...ok, expiresInSeconds: 1 })).toEqual([422, 'expiresInSeconds: At least 10 seconds']);
  });
});
