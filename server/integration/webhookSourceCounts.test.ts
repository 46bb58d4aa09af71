import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookSourceView } from '../../lib/settings/webhooks';
import { fixtureText } from '../../lib/testing/support';
import {
  apiRequest,
  loginCookie,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';

/**
 * The webhook sources page's numbers over real HTTP and SQLite: today's accepted and rejected
 * deliveries per source, the recent dead letters with their reasons, and a replay's result recorded
 * on the letter. Another source's counts stay its own; a new day starts from zero.
 */
let app: TestCallboard | null = null;
afterEach(async () => {
  await app?.close({ remove: true });
  app = null;
});

const call = (method: string, path: string, body?: unknown) => apiRequest(app?.url ?? '', method, path, body);
const post3cx = (secret: string, body: string) =>
  fetch(`${app?.url}/api/webhooks/3cx/${encodeURIComponent(secret)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
const flow = (file: string) => fixtureText(`seeds/003-3cx-webhooksapi/flow09-outbound-answered/${file}`);
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
/** An admin's session cookie, as the settings page's browser holds it. */
const login = () => loginCookie(app?.url ?? '', ADMIN);
async function views(): Promise<Record<string, WebhookSourceView>> {
  const { sources } = (await (await call('GET', '/api/v1/webhook-sources')).json()) as {
    sources: WebhookSourceView[];
  };
  return Object.fromEntries(sources.map((s) => [s.id, s]));
}

describe("a webhook source's counts and dead letters", () => {
  it('count accepted and rejected deliveries of today per source; a replay records its result', async () => {
    let now = Date.now();
    app = await startTestCallboard({
      now: () => now,
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    const created = await (
      await call('PUT', '/api/v1/webhook-sources/branch-3cx', { name: 'Branch', kind: '3cx' })
    ).json();
    const secret = created.secret as string;
    expect(created.today).toEqual({ accepted: 0, rejected: 0 });

    for (const file of [
      '01-dialing-number.json',
      '02-outgoingcall-started-subscriber-responds.json',
      '04-recording-ready.json',
    ])
      expect((await post3cx(secret, flow(file))).status).toBe(200);
    // A repeat is acknowledged but stores nothing: not a fourth accepted delivery.
    expect(await (await post3cx(secret, flow('01-dialing-number.json'))).json()).toMatchObject({
      duplicate: true,
    });
    const broken = await post3cx(secret, '{"Event": "dialing",');
    expect(broken.status).toBe(400);
    const unusable = await post3cx(secret, '{"Callerid": "05552221133"}');
    expect(unusable.status).toBe(422);
    const brokenId = (await broken.json()).deadLetter as number;
    const unusableReason = (await unusable.json()).error as string;
    // The seeded 3CX source gets one delivery of its own.
    expect((await post3cx(WEBHOOK_TOKEN, flow('01-dialing-number.json'))).status).toBe(200);

    let v = await views();
    expect(v['branch-3cx']?.today).toEqual({ accepted: 3, rejected: 2 });
    expect(v['3cx']?.today).toEqual({ accepted: 1, rejected: 0 });
    expect(v['portsip-webhook']?.today).toEqual({ accepted: 0, rejected: 0 });
    const letters = v['branch-3cx']?.recentDeadLetters ?? [];
    expect(letters.map((l) => [l.status, l.replayedAt])).toEqual([
      [422, null],
      [400, null],
    ]);
    expect(letters[0]?.reason).toBe(unusableReason);
    expect(letters[1]?.reason).toMatch(/^invalid JSON/);
    expect(letters[1]?.id).toBe(brokenId);

    // Replay as the page does (session cookie, own Origin): the stored body through today's
    // normalizer, still malformed; the result is recorded on the letter. From another site's page the
    // same post is refused before anything runs.
    now += 1000;
    const cookie = await login();
    const replay = (origin: string) =>
      fetch(`${app?.url}/api/v1/dead-letters/${brokenId}/replay`, {
        method: 'POST',
        headers: { cookie, origin },
      });
    expect((await replay('https://elsewhere.example')).status).toBe(403); // a cross-site request: refused, not "log in"
    expect((await views())['branch-3cx']?.recentDeadLetters[1]?.replayedAt).toBeNull();
    const replayed = await replay(app.url);
    expect(replayed.status).toBe(200);
    const reply = await replayed.json();
    expect(reply).toEqual({
      id: brokenId,
      result: expect.stringMatching(/^still invalid: invalid JSON/),
      replayedAt: now,
    });
    v = await views();
    expect(v['branch-3cx']?.recentDeadLetters.find((l) => l.id === brokenId)).toMatchObject({
      replayedAt: now,
      replayResult: reply.result,
    });
    expect(v['branch-3cx']?.today).toEqual({ accepted: 3, rejected: 2 }); // a replay is not a delivery

    // A day later the counts start from zero; the letters are still listed.
    now += 86_400_000;
    expect((await post3cx(secret, '{')).status).toBe(400);
    v = await views();
    expect(v['branch-3cx']?.today).toEqual({ accepted: 0, rejected: 1 });
    expect(v['3cx']?.today).toEqual({ accepted: 0, rejected: 0 });
    expect(v['branch-3cx']?.recentDeadLetters).toHaveLength(3);
  });
});
