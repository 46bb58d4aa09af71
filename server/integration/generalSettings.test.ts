import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import {
  type ControlMessage,
  EVENTS,
  type ServerMessage,
  type SnapshotMessage,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Settings → General against the real process (SQLite journal, HTTP, sockets): a new day start or
 * timezone moves the day live and recounts it from the journal (visits that left memory at the last
 * day roll come back), per-queue SLA overrides recount live, bad fields are 422s naming the field,
 * open screens are told to re-read their formats, and the settings survive a restart. Who may read
 * and write them: generalSettingsAccess.test.ts.
 */
const H = 3600_000;
const TENANT = 'tenant-g';
const QUEUE = `${TENANT}/8001`;
const wsi = { source: 'pbx-g', origin: 'portsip-wsi', tenant: TENANT } as const;
const q8001 = { tenant: TENANT, number: '8001' };

/** One call queued at `at`, answered `waitSeconds` later. */
function call(id: string, at: number, waitSeconds = 5): DomainEvent[] {
  return [
    { ...wsi, type: 'queueCreated', at, queue: q8001, name: 'General' },
    { ...wsi, type: 'callerQueued', at, queue: q8001, caller: { sessionId: id, kind: 'normal', since: at } },
    {
      ...wsi,
      type: 'callerAnswered',
      at: at + waitSeconds * 1000,
      queue: q8001,
      sessionId: id,
      agent: '101',
    },
  ];
}

const json = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

interface Today {
  offered: number;
  answered: number;
  answeredWithinSla: number;
  serviceLevel: number | null;
}

async function today(app: TestCallboard): Promise<Today | undefined> {
  app.hub.flush();
  const res = await fetch(`${app.url}/api/v1/state`, { headers: json });
  const state = (await res.json()) as { queues: { id: string; today: Today }[] };
  return state.queues.find((q) => q.id === QUEUE)?.today;
}

async function put(app: TestCallboard, path: string, body: unknown) {
  const res = await fetch(`${app.url}${path}`, { method: 'PUT', headers: json, body: JSON.stringify(body) });
  return {
    status: res.status,
    body: (await res.json()) as { settings?: Record<string, unknown>; error?: string },
  };
}

describe('the day moves live', () => {
  const apps: TestCallboard[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close({ remove: true });
  });

  async function started(clock: { at: number }) {
    const app = await startTestCallboard({ now: () => clock.at });
    apps.push(app);
    /** Events as a webhook would deliver them: journaled at `at`, then applied. */
    const record = async (at: number, events: DomainEvent[]) => {
      clock.at = at;
      await app.recorder.accept({ source: wsi.source, kind: wsi.origin, receivedAt: at, events });
    };
    return { app, record };
  }

  it('a 06:00 day start brings yesterday evening back from the journal, and 06:00 then starts a new day', async () => {
    const JAN14 = Date.UTC(2026, 0, 14); // London in winter = UTC
    const clock = { at: JAN14 + 20 * H };
    const { app, record } = await started(clock);
    await record(JAN14 + 22 * H, call('evening', JAN14 + 22 * H)); // the 14th, 22:00
    await record(JAN14 + 25 * H, call('night', JAN14 + 25 * H)); // the 15th, 01:00: the day rolled
    clock.at = JAN14 + 29 * H; // 05:00
    expect((await today(app))?.offered).toBe(1);

    const saved = await put(app, '/api/v1/settings/general', { dayStartsAt: '06:00' });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ dayStartsAt: '06:00', timezone: 'Europe/London' });
    // 22:00 on the 14th is back: it had left memory at midnight, the journal still had it.
    expect(await today(app)).toMatchObject({ offered: 2, answered: 2 });

    await record(JAN14 + 30 * H + 30 * 60_000, call('morning', JAN14 + 30 * H + 30 * 60_000)); // 06:30
    expect((await today(app))?.offered).toBe(1);
  });

  it('a new timezone recounts today in that zone, and back; open sockets get a fresh snapshot', async () => {
    const JAN15 = Date.UTC(2026, 0, 15);
    const clock = { at: JAN15 + 9 * H };
    const { app, record } = await started(clock);
    await record(JAN15 + 10 * H, call('morning', JAN15 + 10 * H)); // Kolkata 15:30 on the 15th
    await record(JAN15 + 19 * H, call('evening', JAN15 + 19 * H)); // Kolkata 00:30 on the 16th
    clock.at = JAN15 + 20 * H;
    expect((await today(app))?.offered).toBe(2);

    const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: API_TOKEN },
    });
    const snapshots: SnapshotMessage[] = [];
    const nextSnapshot = (count: number) =>
      new Promise<SnapshotMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no snapshot')), 5000);
        const check = () => {
          const s = snapshots[count - 1];
          if (s) {
            clearTimeout(timer);
            resolve(s);
          } else setTimeout(check, 10);
        };
        check();
      });
    socket.on(EVENTS.server, (m: ServerMessage) => {
      if (m.type === 'snapshot') snapshots.push(m);
    });
    // Each save also tells every screen to read its formats again (clock, numbers: not in the state).
    const controls: ControlMessage[] = [];
    // Floor messages (sent at every connect, issue #18) are another matter.
    socket.on(EVENTS.control, (m: ControlMessage) => m.type !== 'floor' && controls.push(m));
    try {
      const first = await nextSnapshot(1);
      expect(first.state.queues.find((q) => q.id === QUEUE)?.today.offered).toBe(2);

      expect((await put(app, '/api/v1/settings/general', { timezone: 'Asia/Kolkata' })).status).toBe(200);
      expect((await today(app))?.offered).toBe(1);
      const second = await nextSnapshot(2);
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(second.state.queues.find((q) => q.id === QUEUE)?.today.offered).toBe(1);
      await until(() => controls.length >= 1);
      expect(controls).toEqual([{ type: 'settingsChanged' }]);

      expect((await put(app, '/api/v1/settings/general', { timezone: 'Europe/London' })).status).toBe(200);
      expect((await today(app))?.offered).toBe(2);
      expect((await nextSnapshot(3)).state.queues.find((q) => q.id === QUEUE)?.today.offered).toBe(2);
      await until(() => controls.length >= 2);
      expect(controls).toEqual([{ type: 'settingsChanged' }, { type: 'settingsChanged' }]);
    } finally {
      socket.close();
    }
  });

  it('a queue’s SLA override recounts that queue live, and null clears it', async () => {
    const JAN15 = Date.UTC(2026, 0, 15);
    const clock = { at: JAN15 + 9 * H };
    const { app, record } = await started(clock);
    await record(JAN15 + 10 * H, call('slow', JAN15 + 10 * H, 30)); // answered after 30 s; default SLA 20 s
    expect(await today(app)).toMatchObject({ answered: 1, answeredWithinSla: 0, serviceLevel: 0 });

    const key = encodeURIComponent(QUEUE);
    const set = await put(app, `/api/v1/settings/queues/${key}`, {
      slaSeconds: 45,
      shortAbandonSeconds: null,
    });
    expect(set.status).toBe(200);
    expect(set.body.settings?.queues).toEqual({ [QUEUE]: { slaSeconds: 45 } });
    expect(await today(app)).toMatchObject({ answeredWithinSla: 1, serviceLevel: 1 });

    const cleared = await put(app, `/api/v1/settings/queues/${key}`, {
      slaSeconds: null,
      shortAbandonSeconds: null,
    });
    expect(cleared.body.settings?.queues).toEqual({});
    expect(await today(app)).toMatchObject({ answeredWithinSla: 0, serviceLevel: 0 });

    // The global default moves every queue without an override.
    expect((await put(app, '/api/v1/settings/general', { slaSeconds: 30 })).status).toBe(200);
    expect(await today(app)).toMatchObject({ answeredWithinSla: 1 });
  });

  it('refuses bad fields with a 422 that names the field, and saves nothing', async () => {
    const { app } = await started({ at: Date.now() });
    const cases: [string, unknown, string][] = [
      ['/api/v1/settings/general', { timezone: 'Mars/Olympus' }, 'timezone'],
      ['/api/v1/settings/general', { dayStartsAt: '25:00' }, 'dayStartsAt'],
      ['/api/v1/settings/general', { timeFormat: '36h' }, 'timeFormat'],
      ['/api/v1/settings/general', { numberLocale: 'not a locale!' }, 'numberLocale'],
      ['/api/v1/settings/general', { slaSeconds: -1 }, 'slaSeconds'],
      [
        '/api/v1/settings/general',
        { queues: { [QUEUE]: { slaSeconds: 'x' } } },
        `queues.${QUEUE}.slaSeconds`,
      ],
      [`/api/v1/settings/queues/${encodeURIComponent(QUEUE)}`, { slaSeconds: 99999 }, 'slaSeconds'],
    ];
    for (const [path, body, field] of cases) {
      const r = await put(app, path, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error).toMatch(new RegExp(`^${field.replace(/[/.]/g, '\\$&')}:`));
    }
    const res = await fetch(`${app.url}/api/v1/settings/general`, { headers: json });
    expect(((await res.json()) as { settings: unknown }).settings).toMatchObject({
      timezone: 'Europe/London',
      dayStartsAt: '00:00',
      timeFormat: '24h',
      numberLocale: 'auto',
      slaSeconds: 20,
      queues: {},
    });
  });

  it('survives a restart; the environment seeds the first start only', async () => {
    const first = await startTestCallboard({
      env: { SLA_SECONDS: '25', WALLBOARD_TIMEZONE: 'Europe/Paris' },
    });
    const seeded = await fetch(`${first.url}/api/v1/settings/general`, { headers: json });
    expect(((await seeded.json()) as { settings: unknown }).settings).toMatchObject({
      timezone: 'Europe/Paris',
      slaSeconds: 25,
    });
    const saved = {
      timezone: 'America/New_York',
      dayStartsAt: '06:00',
      timeFormat: '12h',
      numberLocale: 'de-DE',
      slaSeconds: 15,
      shortAbandonSeconds: 3,
      queues: { [QUEUE]: { slaSeconds: 60 } },
      historyDays: 90,
    };
    expect((await put(first, '/api/v1/settings/general', saved)).status).toBe(200);
    await first.close();
    const second = await startTestCallboard({ dataDir: first.dataDir, env: { SLA_SECONDS: '40' } });
    apps.push(second);
    const res = await fetch(`${second.url}/api/v1/settings/general`, { headers: json });
    expect(((await res.json()) as { settings: unknown }).settings).toEqual(saved);
    expect(second.hub.state().settings).toMatchObject({
      timezone: 'America/New_York',
      dayStartsAt: '06:00',
      defaults: { slaSeconds: 15, shortAbandonSeconds: 3 },
    });
  });
});

/** Resolves once `done()` holds (checked every 10 ms), rejects after 5 s. */
function until(done: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (done()) resolve();
      else if (Date.now() - started > 5000) reject(new Error('timed out'));
      else setTimeout(check, 10);
    };
    check();
  });
}
