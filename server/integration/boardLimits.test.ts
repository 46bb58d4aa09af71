import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * A board's agent time-in-state thresholds and abandon-rate reading over the real process: a reversed
 * limit is a 422 naming the field in plain words and stores nothing; a board saved without them reads
 * the defaults; a supervisor may tune the limits (they are thresholds) but not whether short abandons
 * count (that decides what the number means).
 */
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor password' };
type Who = 'admin' | 'supervisor' | 'api';
const headers: Record<Who, Record<string, string>> = {
  admin: {},
  supervisor: {},
  api: { authorization: `Bearer ${API_TOKEN}` },
};
let app: TestCallboard;
const { send, login } = asCallers(() => app.url, headers);
const boardOf = async () => JSON.parse((await send('GET', '/api/v1/boards/floor', 'api')).text).board;

beforeAll(async () => {
  app = await startTestCallboard({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  await login('admin', ADMIN);
  const sup = await send('POST', '/api/v1/users', 'admin', { ...SUPERVISOR, role: 'supervisor' });
  expect(sup.status).toBe(201);
  await login('supervisor', SUPERVISOR);
}, 60_000);
afterAll(() => app.close({ remove: true }));

describe('agent thresholds and abandon rate on a board', () => {
  it('a board saved without them reads the defaults', async () => {
    expect((await send('POST', '/api/v1/boards', 'api', { id: 'floor', name: 'Floor' })).status).toBe(201);
    expect(await boardOf()).toMatchObject({
      agentThresholds: {
        talkingSeconds: { warn: 600, critical: 1200 },
        wrapUpSeconds: { warn: 120, critical: 300 },
        notReadySeconds: { warn: 900, critical: 1800 },
      },
      abandonRate: { countShortAbandons: true, minCalls: 10 },
    });
  });

  it('refuses reversed or impossible limits with a 422 per field, and stores nothing', async () => {
    const before = await boardOf();
    const r = await send('PUT', '/api/v1/boards/floor', 'admin', {
      name: 'Floor',
      agentThresholds: {
        notReadySeconds: { warn: 600, critical: 300 },
        wrapUpSeconds: { warn: 0, critical: 60 },
        talkingSeconds: { warn: 60, critical: 60 },
      },
      abandonRate: { countShortAbandons: 'no', minCalls: -1 },
    });
    expect(r.status).toBe(422);
    const issues = JSON.parse(r.text).issues as { path: string; message: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'agentThresholds.notReadySeconds.critical',
          message: 'Critical time must be longer than the warn time',
        },
        {
          path: 'agentThresholds.talkingSeconds.critical',
          message: 'Critical time must be longer than the warn time',
        },
        { path: 'agentThresholds.wrapUpSeconds.warn', message: 'Warn time must be at least 1 s' },
        {
          path: 'abandonRate.countShortAbandons',
          message: 'Say whether short abandons count (true or false)',
        },
        { path: 'abandonRate.minCalls', message: 'Minimum calls must be 0 or more' },
      ]),
    );
    expect(issues).toHaveLength(5);
    expect(await boardOf()).toEqual(before);
  });

  it('an admin sets them; a missing limit is no level for that state', async () => {
    const r = await send('PUT', '/api/v1/boards/floor', 'admin', {
      name: 'Floor',
      agentThresholds: { notReadySeconds: { warn: 60, critical: null } },
      abandonRate: { countShortAbandons: false, minCalls: 20 },
    });
    expect(r.status).toBe(200);
    const board = await boardOf();
    expect(board.agentThresholds).toEqual({ notReadySeconds: { warn: 60, critical: null } });
    expect(board.abandonRate).toEqual({ countShortAbandons: false, minCalls: 20 });
  });

  it('a supervisor tunes the limits and the minimum calls, but not whether short abandons count', async () => {
    const r = await send('PUT', '/api/v1/boards/floor', 'supervisor', {
      name: 'Floor',
      agentThresholds: { talkingSeconds: { warn: 300, critical: 600 } },
      abandonRate: { countShortAbandons: true, minCalls: 5 },
    });
    expect(r.status).toBe(200);
    const board = await boardOf();
    expect(board.agentThresholds).toEqual({ talkingSeconds: { warn: 300, critical: 600 } });
    expect(board.abandonRate).toEqual({ countShortAbandons: false, minCalls: 5 });
    // The supervisor's reversed limit is refused like anyone's.
    const bad = await send('PUT', '/api/v1/boards/floor', 'supervisor', {
      name: 'Floor',
      agentThresholds: { wrapUpSeconds: { warn: 90, critical: 30 } },
    });
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.text).issues).toEqual([
      {
        path: 'agentThresholds.wrapUpSeconds.critical',
        message: 'Critical time must be longer than the warn time',
      },
    ]);
  });
});
