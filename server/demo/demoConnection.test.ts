import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PBX_ID } from '../../lib/settings/pbx';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';
import { demoConnected } from '../testing/demoDay';

/**
 * The demo's simulator is a saved PBX connection like any other (issue #19: server/pbx/links.ts is the
 * one owner of every connector): the settings list it with its live status, an admin can disable it,
 * nobody can create another under its id, and a start without DEMO=1 forgets it.
 */
let app: TestCallboard | null = null;
afterEach(async () => {
  await app?.close({ remove: true });
  app = null;
});

const auth = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${app?.url}${path}`, {
    method,
    headers: auth,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
type Listed = {
  connections: { id: string; url: string; enabled: boolean; status: { status: string } | null }[];
};

describe("the demo's PBX link", () => {
  it('is a saved connection run by the links manager, pointed at this run’s simulator', async () => {
    app = await startTestCallboard({ env: { DEMO: '1', DEMO_DAY: 'empty' } });
    await demoConnected(app);
    const { body } = await api('GET', '/api/v1/pbx-connections');
    const demo = (body as unknown as Listed).connections.find((c) => c.id === DEMO_PBX_ID);
    expect(demo?.url).toBe(app.demo?.sim.url);
    expect(demo?.status?.status).toBe('connected');
    expect(JSON.stringify(body)).not.toContain('"password"');

    // Nobody creates another connection under the demo's id.
    const taken = await api('POST', '/api/v1/pbx-connections', {
      id: DEMO_PBX_ID,
      name: 'mine',
      enabled: true,
      url: 'ws://127.0.0.1:9/',
      login: 'username',
      user: 'u',
      password: 'p',
    });
    expect(taken.status).toBe(422);
    expect(String(taken.body.error)).toContain('reserved');
  }, 60_000);

  it("keeps an admin's 'disabled' across demo starts, and is forgotten by a start without DEMO=1", async () => {
    app = await startTestCallboard({ env: { DEMO: '1', DEMO_DAY: 'empty' } });
    await demoConnected(app);
    const listed = (await api('GET', '/api/v1/pbx-connections')).body as unknown as Listed;
    const saved = listed.connections.find((c) => c.id === DEMO_PBX_ID);
    const { status: _s, ...settings } = saved as unknown as Record<string, unknown>;
    const { id: _i, passwordSet: _p, updatedAt: _u, ...rest } = settings;
    expect(
      (await api('PUT', `/api/v1/pbx-connections/${DEMO_PBX_ID}`, { ...rest, enabled: false })).status,
    ).toBe(200);
    const dataDir = app.dataDir;
    await app.close();

    app = await startTestCallboard({ dataDir, env: { DEMO: '1', DEMO_DAY: 'empty' } });
    const again = ((await api('GET', '/api/v1/pbx-connections')).body as unknown as Listed).connections;
    const demo = again.find((c) => c.id === DEMO_PBX_ID);
    expect(demo?.enabled).toBe(false);
    expect(demo?.url).toBe(app.demo?.sim.url); // this run's simulator, though disabled
    await app.close();

    app = await startTestCallboard({ dataDir });
    const without = ((await api('GET', '/api/v1/pbx-connections')).body as unknown as Listed).connections;
    expect(without.map((c) => c.id)).not.toContain(DEMO_PBX_ID);
  }, 90_000);
});
