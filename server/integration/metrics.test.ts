import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * `GET /metrics` (Prometheus text) on the real server: the API token reads it, nobody else; a refused
 * socket handshake and a connected viewer show in its figures, which are this server's own.
 */
let app: TestCallboard;
beforeAll(async () => {
  app = await startTestCallboard();
}, 60_000);
afterAll(() => app.close({ remove: true }));

async function scrape(): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

const value = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} missing`);
  return Number(line.slice(name.length + 1));
};

describe('/metrics', () => {
  it('is refused without credentials and with a wrong token', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('callboard_');
  });

  it('counts refused handshakes and connected viewers, and says storage takes writes', async () => {
    const before = await scrape();
    expect(value(before, 'callboard_storage_writable')).toBe(1);
    expect(before).toContain('process_resident_memory_bytes');
    const refusedBefore = value(before, 'callboard_handshakes_refused_total');

    const bad = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      auth: { token: 'not-a-token' },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve) => bad.on('connect_error', () => resolve()));
    bad.close();
    const good = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      auth: { token: API_TOKEN },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      good.on('connect', () => resolve());
      good.on('connect_error', reject);
    });
    try {
      const after = await scrape();
      expect(value(after, 'callboard_handshakes_refused_total')).toBe(refusedBefore + 1);
      expect(value(after, 'callboard_viewers_connected')).toBe(1);
    } finally {
      good.close();
    }
  });
});
