import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireState } from '../../lib/protocol';
import { type SimulatorHandle, startSimulator } from '../simulator';
import { API_TOKEN, getJson, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * PBX connections managed over HTTP against the real process and the built-in simulator: saved,
 * applied live (no restart), tested, edited, deleted; the password never comes back and is never
 * stored in clear.
 */
let app: TestCallboard | null = null;
let sim: SimulatorHandle | null = null;

afterEach(async () => {
  await app?.close({ remove: true });
  await sim?.stop();
  app = null;
  sim = null;
});

const auth = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
const send = (method: string, path: string, body?: unknown) =>
  fetch(`${app?.url}${path}`, { method, headers: auth, ...(body ? { body: JSON.stringify(body) } : {}) });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`not reached in time: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every text value of every row of every table, as `sqlite3 .dump` would show it. */
function dump(dataDir: string): string {
  const db = new Database(join(dataDir, 'callboard.db'), { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const text = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  db.close();
  return text;
}

describe('PBX connections in the settings', () => {
  it('saves, applies live, tests, edits and deletes a connection; the password never comes back', async () => {
    sim = await startSimulator({
      seed: 5,
      queues: 2,
      agentsPerQueue: 3,
      autoRun: false,
      username: 'wallboard',
      password: 'pbx-Pa55word-in-the-clear',
      domain: 'sim.example',
    });
    app = await startTestCallboard();
    const password = sim.credentials.password;
    const settings = {
      name: 'Simulated PBX',
      url: sim.url,
      login: 'username',
      user: sim.credentials.username,
      domain: sim.credentials.domain,
    };

    expect((await fetch(`${app.url}/api/v1/pbx-connections`)).status).toBe(401);
    expect((await send('PUT', '/api/v1/pbx-connections/main', settings)).status).toBe(422); // no password yet
    const bad = await send('PUT', '/api/v1/pbx-connections/main', { ...settings, url: 'http://x' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: expect.stringContaining('url') });

    const saved = await send('PUT', '/api/v1/pbx-connections/main', { ...settings, password });
    expect(saved.status).toBe(200);
    const body = await saved.text();
    expect(body).not.toContain(password);
    expect(JSON.parse(body)).toMatchObject({ id: 'main', passwordSet: true, queues: [] });

    // Applied without a restart: the link comes up and the simulator's queues appear.
    const state = await until(
      () => getJson<WireState>(app?.url ?? '', '/api/v1/state'),
      (s) => s.sources.some((x) => x.id === 'main' && x.status === 'connected') && s.queues.length === 2,
    );
    expect(state.queues.map((q) => q.number).sort()).toEqual(sim.queues.map((q) => q.number).sort());

    // Test connection with the stored password (not retyped), and with a wrong one.
    const probe = await (
      await send('POST', '/api/v1/pbx-connections/test', { ...settings, id: 'main' })
    ).json();
    expect(probe).toMatchObject({ ok: true, status: 'connected' });
    expect(probe.queues.map((q: { number: string }) => q.number).sort()).toEqual(
      sim.queues.map((q) => q.number).sort(),
    );
    const wrong = await (
      await send('POST', '/api/v1/pbx-connections/test', { ...settings, password: 'nope-nope' })
    ).json();
    expect(wrong).toMatchObject({ ok: false, status: 'error' });

    // Follow one queue only: the link re-subscribes with the kept password.
    const first = sim.queues[0]?.number ?? '';
    expect((await send('PUT', '/api/v1/pbx-connections/main', { ...settings, queues: [first] })).status).toBe(
      200,
    );
    const list = await getJson<{ connections: { id: string; queues: string[]; passwordSet: boolean }[] }>(
      app.url,
      '/api/v1/pbx-connections',
    );
    expect(list.connections).toEqual([
      expect.objectContaining({ id: 'main', queues: [first], passwordSet: true }),
    ]);
    await until(
      () => getJson<WireState>(app?.url ?? '', '/api/v1/state'),
      (s) => s.sources.some((x) => x.id === 'main' && x.status === 'connected'),
    );

    // At rest: no password in clear anywhere in the database.
    const everything = dump(app.dataDir);
    expect(everything).toContain('Simulated PBX');
    expect(everything).not.toContain(password);
    for (const f of readdirSync(app.dataDir))
      expect(readFileSync(join(app.dataDir, f)).includes(password)).toBe(false);

    // Deleted: the link closes and its source leaves the boards.
    expect((await send('DELETE', '/api/v1/pbx-connections/main')).status).toBe(200);
    await until(
      () => getJson<WireState>(app?.url ?? '', '/api/v1/state'),
      (s) => !s.sources.some((x) => x.id === 'main'),
    );
    await until(
      async () => sim?.clientCount() ?? 0,
      (n) => n === 0,
    );
  });

  it('seeds the connection from PORTSIP_* on the first start only', async () => {
    sim = await startSimulator({ seed: 6, queues: 1, agentsPerQueue: 2, autoRun: false });
    const env = {
      PORTSIP_WSI_URL: sim.url,
      PORTSIP_USERNAME: sim.credentials.username,
      PORTSIP_PASSWORD: sim.credentials.password,
      PORTSIP_DOMAIN: sim.credentials.domain,
    };
    app = await startTestCallboard({ env });
    const seeded = await getJson<{ connections: { id: string; url: string }[] }>(
      app.url,
      '/api/v1/pbx-connections',
    );
    expect(seeded.connections).toEqual([expect.objectContaining({ id: 'portsip', url: sim.url })]);
    await until(
      () => getJson<WireState>(app?.url ?? '', '/api/v1/state'),
      (s) => s.sources.some((x) => x.id === 'portsip' && x.status === 'connected'),
    );
    // The admin deletes it; a restart with the same env does not bring it back.
    expect((await send('DELETE', '/api/v1/pbx-connections/portsip')).status).toBe(200);
    await send('PUT', '/api/v1/pbx-connections/other', {
      name: 'Other',
      url: sim.url,
      user: sim.credentials.username,
      domain: sim.credentials.domain,
      password: sim.credentials.password,
    });
    const dataDir = app.dataDir;
    await app.close();
    app = await startTestCallboard({ dataDir, env });
    const after = await getJson<{ connections: { id: string }[] }>(app.url, '/api/v1/pbx-connections');
    expect(after.connections.map((c) => c.id)).toEqual(['other']);
  });
});
