import { describe, expect, it } from 'vitest';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import { AUTH_ERROR } from './session';
import { DEFAULT_LOGIN, simulatorFixture } from './wsiTestClient';

/** The WSI commands over a real socket: auth, subscribe (and its snapshots), their error replies. */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const MIN = 60_000;

const { sim, client, loggedIn } = simulatorFixture({ port: 0, autoRun: false, startAt: START, seed: 5 });

describe('auth', () => {
  it('refuses bad credentials with the doc error text, status -1', async () => {
    const c = await client();
    const tries = [
      { ...DEFAULT_LOGIN, password: 'wrong' },
      { ...DEFAULT_LOGIN, domain: 'other.example' },
      { command: 'auth', extension_number: '999', password: 'admin', domain: DEFAULT_LOGIN.domain },
    ];
    for (const [i, cmd] of tries.entries()) {
      expect(await c.request(cmd)).toEqual([
        { command: 'auth', error: AUTH_ERROR, id: String(i + 1), status: -1 },
      ]);
    }
    expect(AUTH_ERROR).toBe('access_token , username , domain or password error');
  });

  it('accepts username or extension number with password and domain', async () => {
    await loggedIn();
    const c = await client();
    const byExtension = {
      command: 'auth',
      extension_number: '101',
      password: 'admin',
      domain: DEFAULT_LOGIN.domain,
    };
    expect(await c.request(byExtension)).toEqual([{ command: 'auth', id: '1', status: 0 }]);
  });

  it('answers anything before auth, unknown commands and broken JSON with an error reply', async () => {
    const c = await client();
    const [early] = await c.request({ command: 'subscribe', topics: ['cdr_events'] });
    expect(early).toMatchObject({ command: 'subscribe', status: -1, error: 'not authenticated' });
    await c.request(DEFAULT_LOGIN);
    expect((await c.request({ command: 'dance' }))[0]).toMatchObject({ command: 'dance', status: -1 });
    expect((await c.request('{"command":')).at(0)).toMatchObject({ status: -1, error: 'invalid JSON' });
    for (const f of c.frames) {
      const r = readWsiFrame(f, { source: 'test', receivedAt: START });
      expect(r.kind).toBe('reply');
    }
  });
});

describe('subscribe', () => {
  it('queue_management_events: a reply, then queue_created for every queue', async () => {
    const c = await loggedIn();
    const frames = await c.request({ command: 'subscribe', topics: ['queue_management_events'] });
    expect(frames[0]).toEqual({ command: 'subscribe', id: '2', status: 0 });
    expect(frames.slice(1)).toEqual(
      ['8001', '8002', '8003'].map((n) => ({
        event_type: 'queue_created',
        queue_number: n,
        tenant_id: sim().tenantId,
      })),
    );
  });

  it('queue_events: a queue_status snapshot per queue, agents and waiting list', async () => {
    const c = await loggedIn();
    const frames = await c.request({
      command: 'subscribe',
      topics: ['queue_events'],
      queues: ['8001', '8003'],
    });
    expect(frames[0]).toMatchObject({ command: 'subscribe', status: 0 });
    expect(frames.slice(1).map((f) => [f.event_type, f.queue_number])).toEqual([
      ['queue_status', '8001'],
      ['queue_status', '8003'],
    ]);
    const status = frames[1] as { agents: { state: string }[]; waiting_list: unknown[]; queue_id: string };
    expect(status.agents).toHaveLength(13);
    expect(status.agents[0]).toEqual({
      state: 'READY',
      agent_extension_number: '101',
      timestamp: String(START / 1000),
    });
    expect(status.waiting_list).toEqual([]);
    expect(status.queue_id).toBe(sim().queues[0]?.id);
  });

  it('extension_events: one extension_status with the status array', async () => {
    const c = await loggedIn();
    const frames = await c.request({
      command: 'subscribe',
      topics: ['extension_events'],
      extensions: ['101', '102'],
    });
    expect(frames[1]).toMatchObject({ event_type: 'extension_status', tenant_id: sim().tenantId });
    const entries = (frames[1] as { status: Record<string, unknown>[] }).status;
    expect(entries.map((e) => e.extension)).toEqual([
      'sip:101@demo.callboard.local',
      'sip:102@demo.callboard.local',
    ]);
    expect(entries[0]).toMatchObject({
      call_status: '',
      online: true,
      presence: 'ONLINE',
      push_online: false,
    });
  });

  it('the global_* twins, scoped by tenant', async () => {
    const c = await loggedIn();
    const tenants = [sim().tenantId];
    const frames = await c.request({ command: 'subscribe', topics: ['global_queue_events'], tenants });
    expect(frames.filter((f) => f.event_type === 'queue_status')).toHaveLength(3);
    const wrong = await c.request({ command: 'subscribe', topics: ['global_cdr_events'], tenants: ['1'] });
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ command: 'subscribe', status: -1 });
  });

  it('refuses unknown topics, queues and extensions, and changes nothing', async () => {
    const c = await loggedIn();
    for (const cmd of [
      { command: 'subscribe', topics: ['weather_events'] },
      { command: 'subscribe', topics: ['queue_events'], queues: ['8001', '9999'] },
      { command: 'subscribe', topics: ['extension_events'], extensions: ['7'] },
      { command: 'subscribe', topics: ['queue_events'] },
    ]) {
      const frames = await c.request(cmd);
      expect(frames).toHaveLength(1);
      expect(frames[0]).toMatchObject({ status: -1 });
    }
    const from = c.frames.length;
    sim().advance(10 * MIN);
    await c.settle();
    expect(c.frames.length).toBe(from);
  });
});
