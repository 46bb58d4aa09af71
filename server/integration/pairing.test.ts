import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, DEFAULT_PAIRING_LIMITS } from '../fleet/pairing';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Pairing a TV by code over real HTTP (issue #18): the TV gets a code and a secret, an admin binds the
 * code to a board, the TV collects its display token with the secret, once. An attacker who guesses
 * codes is cut off per address and, across addresses, by the global budget; the code alone never
 * collects a token.
 */
let app: TestCallboard;
beforeAll(async () => {
  app = await startTestCallboard({ env: { TRUST_PROXY: '1' } });
}, 60_000);
afterAll(() => app.close({ remove: true }));

const from = (address: string) => ({ 'x-forwarded-for': address });
async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
const admin = (address: string) => ({ authorization: `Bearer ${API_TOKEN}`, ...from(address) });
const newPairing = async (address: string) => {
  const r = await call('/api/v1/pairings', {}, from(address));
  expect(r.status).toBe(201);
  return r.body as { code: string; secret: string; expiresAt: number; pairPath: string };
};

describe('pairing a TV by code', () => {
  it('binds, hands the token to the TV once, and the token opens the board', async () => {
    const tv = await newPairing('192.0.2.10');
    expect(tv.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
    expect(tv.pairPath).toBe(`/settings/displays?pair=${tv.code}`);
    expect(await call('/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'))).toMatchObject({
      status: 200,
      body: { status: 'pending', code: tv.code },
    });

    // Typed loosely, as people do: lower case, a dash.
    const typed = `${tv.code.slice(0, 3).toLowerCase()}-${tv.code.slice(3)}`;
    const bound = await call(
      '/api/v1/pairings/bind',
      { code: typed, boardId: 'all-queues', name: 'Lobby' },
      admin('192.0.2.99'),
    );
    expect(bound.status).toBe(201);
    // The admin never sees the token nor the TV's secret.
    expect(JSON.stringify(bound.body)).not.toContain('cbd_');
    expect(JSON.stringify(bound.body)).not.toContain(tv.secret);

    const got = await call('/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'));
    expect(got.status).toBe(200);
    const kioskPath = got.body.kioskPath as string;
    expect(kioskPath).toMatch(/^\/kiosk\/all-queues\?token=cbd_/);
    const token = new URL(kioskPath, app.url).searchParams.get('token');
    const board = await fetch(`${app.url}/api/v1/boards/all-queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(board.status).toBe(200);

    // Once: the secret collects nothing more, and the code is spent.
    expect((await call('/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'))).status).toBe(
      404,
    );
    expect(
      (
        await call(
          '/api/v1/pairings/bind',
          { code: tv.code, boardId: 'all-queues', name: 'Again' },
          admin('192.0.2.99'),
        )
      ).status,
    ).toBe(404);
  });

  it('needs someone who manages displays to bind, and a board that exists', async () => {
    const tv = await newPairing('192.0.2.11');
    expect(
      (await call('/api/v1/pairings/bind', { code: tv.code, boardId: 'all-queues', name: 'X' })).status,
    ).toBe(401);
    const noBoard = await call(
      '/api/v1/pairings/bind',
      { code: tv.code, boardId: 'nope', name: 'X' },
      admin('192.0.2.98'),
    );
    expect(noBoard.status).toBe(422);
    // Still pending: neither refusal spent the code.
    expect(
      (await call('/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.11'))).body.status,
    ).toBe('pending');
  });

  it('an attacker guessing codes is cut off per address, then globally, and the code alone never yields a token', async () => {
    const tv = await newPairing('192.0.2.12');
    // The code in place of the secret collects nothing.
    expect((await call('/api/v1/pairings/collect', { secret: tv.code }, from('203.0.113.1'))).status).toBe(
      404,
    );

    const guess = (code: string, address: string) =>
      call('/api/v1/pairings/bind', { code, boardId: 'all-queues', name: 'Stolen' }, admin(address));
    const wrong = (i: number) => `ZZ${String(i).padStart(4, '2').replace(/[01]/g, '2')}`.slice(0, 6);
    const perAddress = DEFAULT_PAIRING_LIMITS.guessesPerAddress;
    for (let i = 0; i < perAddress; i++) expect((await guess(wrong(i), '203.0.113.7')).status).toBe(404);
    // Blocked: even the right code is refused from this address, so a refused guess learns nothing.
    const blocked = await guess(tv.code, '203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    // Many addresses, a few guesses each, share one global budget: it runs out within its size.
    let refusedAfter = -1;
    for (let i = 0; i < DEFAULT_PAIRING_LIMITS.guessesGlobal; i++) {
      const r = await guess(wrong(perAddress + i), `198.51.100.${i % 50}`);
      if (r.status === 429) {
        refusedAfter = i;
        break;
      }
      expect(r.status).toBe(404);
    }
    expect(refusedAfter).toBeGreaterThan(DEFAULT_PAIRING_LIMITS.guessesGlobal - perAddress - 5);
    expect((await guess(tv.code, '198.51.100.250')).status).toBe(429);
    // The TV was never bound: its secret still finds it pending.
    expect(
      (await call('/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.12'))).body.status,
    ).toBe('pending');
  });

  it('limits how fast one address asks for codes and polls', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= DEFAULT_PAIRING_LIMITS.createsPerAddress; i++)
      statuses.push((await call('/api/v1/pairings', {}, from('192.0.2.200'))).status);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const bad = await call('/api/v1/pairings/collect', { nope: 1 }, from('192.0.2.201'));
    expect(bad.status).toBe(400);
  });
});
