import { afterEach, describe, expect, it } from 'vitest';
import { API_TOKEN, apiRequest, getJson, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Settings must never lose what an admin set: creating with a taken id is a 409 that changes nothing
 * (boards, webhook sources, PBX connections), and a save that makes no sense is a 422 listing each
 * field's problem in plain words, with nothing stored.
 */
let app: TestCallboard | null = null;
afterEach(async () => {
  await app?.close({ remove: true });
  app = null;
});

const call = (method: string, path: string, body?: unknown) => apiRequest(app?.url ?? '', method, path, body);
type Issues = { error: string; issues: { path: string; message: string }[] };

describe('create is create', () => {
  it('refuses a board whose id is taken (409) and keeps the stored one', async () => {
    app = await startTestCallboard();
    const before = await getJson<{ board: { name: string } }>(app.url, '/api/v1/boards/all-queues');
    const dup = await call('POST', '/api/v1/boards', { id: 'all-queues', name: 'Renamed by accident' });
    expect(dup.status).toBe(409);
    const body = (await dup.json()) as Issues;
    expect(body.error).toContain('A board with the id "all-queues" already exists');
    expect(body.issues).toEqual([{ path: 'id', message: 'A board with the id "all-queues" already exists' }]);
    expect(await getJson(app.url, '/api/v1/boards/all-queues')).toEqual({ id: 'all-queues', ...before });

    const created = await call('POST', '/api/v1/boards', { id: 'sales', name: 'Sales' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/boards/sales');
    expect((await call('POST', '/api/v1/boards', { id: 'sales', name: 'Other' })).status).toBe(409);
    const bad = await call('POST', '/api/v1/boards', { id: 'has space', name: 'x' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Issues).issues).toEqual([
      { path: 'id', message: expect.stringMatching(/^Use lowercase letters, digits and dashes/) },
    ]);
  });

  it('refuses a webhook source whose id is taken (409): name, kind and secret stay', async () => {
    app = await startTestCallboard();
    const first = await call('POST', '/api/v1/webhook-sources', {
      id: 'branch',
      name: 'Branch',
      kind: '3cx',
    });
    expect(first.status).toBe(201);
    const { secret } = (await first.json()) as { secret: string };
    expect(secret).toMatch(/.{20,}/);
    const dup = await call('POST', '/api/v1/webhook-sources', {
      id: 'branch',
      name: 'Renamed',
      kind: 'voipstudio',
    });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as Issues).error).toContain('"branch" already exists');
    expect(await getJson(app.url, '/api/v1/webhook-sources/branch')).toMatchObject({
      name: 'Branch',
      kind: '3cx',
      secretSet: true,
    });
    // The secret shown at creation still opens the 3CX endpoint (no new one was made).
    const post = await fetch(`${app.url}/api/webhooks/3cx/${encodeURIComponent(secret)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).not.toBe(401);
    const spaced = await call('PUT', '/api/v1/webhook-sources/has%20space', { name: 'x', kind: '3cx' });
    expect(spaced.status).toBe(400);
    expect(((await spaced.json()) as Issues).issues[0]?.path).toBe('id');
  });

  it('refuses a PBX connection whose id is taken (409): settings and password stay', async () => {
    app = await startTestCallboard();
    const conn = { name: 'Main', url: 'ws://127.0.0.1:9/wsi', user: 'admin', enabled: false };
    const first = await call('POST', '/api/v1/pbx-connections', { id: 'main', ...conn, password: 'pw-1' });
    expect(first.status).toBe(201);
    const dup = await call('POST', '/api/v1/pbx-connections', {
      id: 'main',
      ...conn,
      name: 'Other',
      password: 'pw-2',
    });
    expect(dup.status).toBe(409);
    expect(await getJson(app.url, '/api/v1/pbx-connections/main')).toMatchObject({
      name: 'Main',
      passwordSet: true,
    });
    const noPassword = await call('POST', '/api/v1/pbx-connections', { id: 'second', ...conn });
    expect(noPassword.status).toBe(422);
    expect(((await noPassword.json()) as Issues).issues).toEqual([
      { path: 'password', message: expect.stringMatching(/^Enter the password/) },
    ]);
  });
});

describe('edit is edit', () => {
  it('an edit (If-Match: *) of something deleted meanwhile is a 412 and brings nothing back', async () => {
    app = await startTestCallboard();
    const edit = (path: string, body: unknown) =>
      fetch(`${app?.url}${path}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${API_TOKEN}`,
          'content-type': 'application/json',
          'if-match': '*',
        },
        body: JSON.stringify(body),
      });
    expect((await edit('/api/v1/boards/gone', { name: 'Gone' })).status).toBe(412);
    expect((await call('GET', '/api/v1/boards/gone')).status).toBe(404);
    expect((await edit('/api/v1/boards/all-queues', { name: 'Renamed on purpose' })).status).toBe(200);
    expect((await edit('/api/v1/webhook-sources/gone', { name: 'Gone', kind: '3cx' })).status).toBe(412);
    expect((await call('GET', '/api/v1/webhook-sources/gone')).status).toBe(404);
    const conn = { name: 'Main', url: 'ws://127.0.0.1:9/wsi', user: 'admin', enabled: false, password: 'p' };
    expect((await edit('/api/v1/pbx-connections/gone', conn)).status).toBe(412);
    expect((await call('GET', '/api/v1/pbx-connections/gone')).status).toBe(404);
  });
});

describe('a save that makes no sense is refused with each field named', () => {
  it('general settings: an empty SLA, a short abandon over the SLA, text for seconds', async () => {
    app = await startTestCallboard();
    const before = await getJson<{ settings: Record<string, unknown> }>(app.url, '/api/v1/settings/general');
    const cases: [unknown, { path: string; message: string }[]][] = [
      [{ slaSeconds: '' }, [{ path: 'slaSeconds', message: 'Enter the SLA in seconds' }]],
      [{ slaSeconds: null }, [{ path: 'slaSeconds', message: 'Enter the SLA in seconds' }]],
      [{ slaSeconds: 'abc' }, [{ path: 'slaSeconds', message: 'SLA must be a number of seconds' }]],
      [
        { slaSeconds: 10, shortAbandonSeconds: 30 },
        [
          {
            path: 'shortAbandonSeconds',
            message: 'The short-abandon time must not be longer than the SLA (10 s)',
          },
        ],
      ],
    ];
    for (const [body, issues] of cases) {
      const r = await call('PUT', '/api/v1/settings/general', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(((await r.json()) as Issues).issues).toEqual(issues);
    }
    expect(await getJson(app.url, '/api/v1/settings/general')).toEqual(before);
    // A queue whose own short abandon would outlast its SLA is refused too.
    const queue = await call('PUT', '/api/v1/settings/queues/demo%2F8001', {
      slaSeconds: 5,
      shortAbandonSeconds: 9,
    });
    expect(queue.status).toBe(422);
    expect(((await queue.json()) as Issues).issues[0]?.path).toBe('queues.demo/8001.shortAbandonSeconds');
  });

  it('board thresholds: text, an impossible share, and warn / critical the wrong way round', async () => {
    app = await startTestCallboard();
    const save = async (thresholds: unknown) => {
      const r = await call('PUT', '/api/v1/boards/all-queues', { name: 'All queues', thresholds });
      return { status: r.status, body: (await r.json()) as Issues };
    };
    expect(await save({ waiting: { direction: 'above', warn: 'abc', critical: 10 } })).toMatchObject({
      status: 422,
      body: { issues: [{ path: 'thresholds.waiting.warn', message: 'Warn level must be a number' }] },
    });
    expect(
      (await save({ serviceLevel: { direction: 'below', warn: 1.5, critical: 1.2 } })).body.issues,
    ).toEqual([
      { path: 'thresholds.serviceLevel.warn', message: 'Warn level must be between 0 and 100 %' },
      { path: 'thresholds.serviceLevel.critical', message: 'Critical level must be between 0 and 100 %' },
    ]);
    expect(
      (await save({ serviceLevel: { direction: 'below', warn: 0.6, critical: 0.8 } })).body.issues,
    ).toEqual([
      {
        path: 'thresholds.serviceLevel.critical',
        message: 'Critical level must be at or below the warn level (higher is better here)',
      },
    ]);
    expect((await save({ waiting: { direction: 'above', warn: 10, critical: 5 } })).body.issues).toEqual([
      {
        path: 'thresholds.waiting.critical',
        message: 'Critical level must be at or above the warn level (higher is worse here)',
      },
    ]);
    const empty = await call('PUT', '/api/v1/boards/all-queues', { name: ' ' });
    expect(((await empty.json()) as Issues).issues).toEqual([{ path: 'name', message: 'Enter a name' }]);
    expect(await getJson(app.url, '/api/v1/boards/all-queues')).toMatchObject({
      board: { name: 'All queues', thresholds: { waiting: { warn: 5, critical: 10 } } },
    });
  });
});
