import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../../lib/testing/support';
import {
  apiRequest,
  getJson,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';

/**
 * Webhook sources managed over HTTP against the real process: a new source's secret is shown once and
 * works at once; rotation keeps the old secret for its grace period only; a deleted source's secret
 * stops working; no secret is ever in a listing or in the database in clear.
 */
let app: TestCallboard | null = null;
afterEach(async () => {
  await app?.close({ remove: true });
  app = null;
});

const call = (method: string, path: string, body?: unknown) => apiRequest(app?.url ?? '', method, path, body);
const tcxBody = () =>
  fixtureText('seeds/003-3cx-webhooksapi/flow09-outbound-answered/01-dialing-number.json');
const post3cx = (secret: string) =>
  fetch(`${app?.url}/api/webhooks/3cx/${encodeURIComponent(secret)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: tcxBody(),
  });

function databaseText(dataDir: string): string {
  const db = new Database(join(dataDir, 'callboard.db'), { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const text = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  db.close();
  return text;
}

describe('webhook sources in the settings', () => {
  it('creates, rotates with a grace period, and deletes a source; secrets are shown once and never stored in clear', async () => {
    let now = Date.now();
    app = await startTestCallboard({ now: () => now });
    const seeded = await getJson<{ sources: { id: string; secretSet: boolean }[] }>(
      app.url,
      '/api/v1/webhook-sources',
    );
    expect(seeded.sources.map((s) => s.id).sort()).toEqual(['3cx', 'portsip-webhook', 'voipstudio']);
    expect(JSON.stringify(seeded)).not.toContain(WEBHOOK_TOKEN);

    expect((await fetch(`${app.url}/api/v1/webhook-sources`)).status).toBe(401);
    expect(
      (await call('PUT', '/api/v1/webhook-sources/branch-3cx', { name: 'Branch', kind: 'asterisk' })).status,
    ).toBe(422);

    const created = await call('PUT', '/api/v1/webhook-sources/branch-3cx', {
      name: 'Branch office',
      kind: '3cx',
    });
    expect(created.status).toBe(200);
    const { secret: first, ...view } = await created.json();
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(view).toMatchObject({ id: 'branch-3cx', kind: '3cx', secretSet: true, previousUntil: null });
    expect((await post3cx(first)).status).toBe(200);

    // Saving again (a new name) keeps the secret and does not show it.
    const renamed = await (
      await call('PUT', '/api/v1/webhook-sources/branch-3cx', { name: 'Branch', kind: '3cx' })
    ).json();
    expect(renamed.secret).toBeUndefined();

    // Rotate with a one-hour grace: both work; after the hour only the new one.
    const rotated = await (
      await call('POST', '/api/v1/webhook-sources/branch-3cx/rotate', { graceHours: 1 })
    ).json();
    const second = rotated.secret as string;
    expect(second).not.toBe(first);
    expect(rotated.previousUntil).toBe(now + 3600_000);
    expect((await post3cx(first)).status).toBe(200);
    expect((await post3cx(second)).status).toBe(200);
    now += 3600_000 + 1;
    expect((await post3cx(first)).status).toBe(401);
    expect((await post3cx(second)).status).toBe(200);

    // Rotation without grace drops the old secret at once.
    const third = (
      await (await call('POST', '/api/v1/webhook-sources/branch-3cx/rotate', { graceHours: 0 })).json()
    ).secret;
    expect((await post3cx(second)).status).toBe(401);
    expect((await post3cx(third)).status).toBe(200);

    const listing = await (await call('GET', '/api/v1/webhook-sources')).text();
    const stored = databaseText(app.dataDir);
    for (const s of [first, second, third, WEBHOOK_TOKEN]) {
      expect(listing).not.toContain(s);
      expect(stored).not.toContain(s);
    }

    expect((await call('DELETE', '/api/v1/webhook-sources/branch-3cx')).status).toBe(200);
    expect((await post3cx(third)).status).toBe(401);
    expect((await post3cx(WEBHOOK_TOKEN)).status).toBe(200); // the seeded 3CX source is untouched
  });
});
