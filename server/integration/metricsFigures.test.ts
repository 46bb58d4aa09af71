import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../lib/protocol';
import {
  API_TOKEN,
  getJson,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * `GET /metrics` against a real server fed real webhooks: each queue's figures equal `/api/v1/state`'s
 * at the same instant, METRICS_TOKEN reads it (and nothing else), refusals and dead letters are
 * counted by status, no secret appears in it, and every metric the Grafana dashboard queries exists.
 */
const METRICS_TOKEN = 'test-metrics-token-0123456789';
const PBX_PASSWORD = 'pbx-password-never-shown-42';
const DAY = Date.UTC(2026, 2, 10, 9); // Europe/London = UTC in March
let clock = DAY;
let app: TestCallboard;

beforeAll(async () => {
  app = await startTestCallboard({
    now: () => clock,
    env: {
      METRICS_TOKEN,
      // A PBX link that cannot connect: its password must stay out of every label and value.
      PORTSIP_WSI_URL: 'ws://127.0.0.1:9/wsi',
      PORTSIP_USERNAME: 'admin',
      PORTSIP_PASSWORD: PBX_PASSWORD,
      PORTSIP_DOMAIN: 'example.test',
    },
  });
}, 60_000);
afterAll(() => app.close({ remove: true }));

async function post(body: string, token = WEBHOOK_TOKEN): Promise<number> {
  const res = await fetch(`${app.url}/api/webhooks/voipstudio/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function scrape(token = METRICS_TOKEN): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The sample of `name` whose labels include all of `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

interface StateQueue {
  id: string;
  waiting: { kind: string }[] | null;
  today: {
    offered: number;
    answered: number;
    abandoned: number;
    serviceLevel: number | null;
    longestWaitSeconds: number | null;
  };
}

describe('/metrics figures', () => {
  it("equal /api/v1/state's per queue; what the source cannot see is absent", async () => {
    const posts = [0, 1, 2, 3, 4].flatMap((n) =>
      voipstudioCall(n, n % 3 === 2 ? 'missed' : 'answered', DAY + n * 5 * 60_000),
    );
    // Call 9 enters the queue and is still in it when both are read.
    const waiting = voipstudioCall(9, 'answered', DAY + 40 * 60_000).slice(0, 1);
    for (const p of [...posts.sort((a, b) => a.at - b.at), ...waiting]) {
      clock = p.at + 1000;
      expect(await post(p.body)).toBe(200);
    }
    clock += 47_000;
    app.hub.flush();
    const state = await getJson<{ queues: StateQueue[]; sources: SourceStatus[] }>(app.url, '/api/v1/state');
    const text = await scrape();

    expect(state.queues.length).toBeGreaterThan(0);
    // VoIPstudio cannot see a queue's waiting list: unknown in the state, absent in the scrape (not 0).
    expect(state.queues.every((q) => q.waiting === null)).toBe(true);
    expect(text).toContain('# TYPE callboard_queue_waiting gauge');
    expect(text).not.toMatch(/^callboard_queue_(waiting|longest_wait_seconds)\{/m);
    for (const q of state.queues) {
      const l = { queue: q.id };
      expect(sample(text, 'callboard_queue_offered_today', l)).toBe(q.today.offered);
      expect(sample(text, 'callboard_queue_answered_today', l)).toBe(q.today.answered);
      expect(sample(text, 'callboard_queue_abandoned_today', l)).toBe(q.today.abandoned);
      expect(sample(text, 'callboard_queue_service_level_ratio', l)).toBe(q.today.serviceLevel ?? undefined);
      expect(sample(text, 'callboard_queue_waiting', l)).toBe(
        q.waiting?.filter((c) => c.kind === 'normal').length,
      );
      expect(sample(text, 'callboard_queue_longest_wait_seconds', l)).toBe(
        q.today.longestWaitSeconds ?? undefined,
      );
      expect(sample(text, 'callboard_queue_info', l)).toBe(1);
    }
    const offered = state.queues.reduce((n, q) => n + q.today.offered, 0);
    expect(offered).toBe(6);
    expect(sample(text, 'callboard_queue_abandoned_today')).toBe(1);
    expect(sample(text, 'callboard_webhooks_accepted_total', { kind: 'voipstudio' })).toBe(
      posts.length + waiting.length,
    );
    expect(sample(text, 'callboard_journal_write_seconds_count')).toBeGreaterThanOrEqual(posts.length);
    // The webhook source's PBX clock is known from its own timestamps; its latest event's age is on the server's clock.
    const source = { source: 'voipstudio' };
    expect(sample(text, 'callboard_source_clock_offset_seconds', source)).toBeTypeOf('number');
    const voip = state.sources.find((x) => x.id === 'voipstudio');
    expect(voip?.lastEventAt).toBeTypeOf('number');
    expect(sample(text, 'callboard_source_last_event_age_seconds', source)).toBe(
      (clock - (voip?.lastEventAt ?? 0)) / 1000,
    );
    // The PBX link that cannot connect: one status is 1, and it is not "connected".
    const link = text.split('\n').filter((l) => l.startsWith('callboard_source_status{') && l.endsWith(' 1'));
    expect(link.length).toBeGreaterThanOrEqual(2);
  });

  it('a refused webhook and a dead letter are counted by kind and status', async () => {
    const before = await scrape();
    const rejected = (t: string, status: string) =>
      sample(t, 'callboard_webhooks_rejected_total', { kind: 'voipstudio', status }) ?? 0;
    const letters = (t: string) =>
      sample(t, 'callboard_webhook_dead_letters_total', { kind: 'voipstudio' }) ?? 0;

    expect(await post('{}', 'wrong-secret-0123456789')).toBe(401);
    expect(await post('{"not":"a voipstudio event"}')).toBe(422);
    const after = await scrape();
    expect(rejected(after, '401')).toBe(rejected(before, '401') + 1);
    expect(rejected(after, '422')).toBe(rejected(before, '422') + 1);
    expect(letters(after)).toBe(letters(before) + 1);
  });

  it('reads with METRICS_TOKEN or the API token; a wrong token gets 401; the metrics token opens nothing else', async () => {
    expect(await scrape(METRICS_TOKEN)).toContain('callboard_queue_offered_today');
    expect(await scrape(API_TOKEN)).toContain('callboard_queue_offered_today');
    const wrong = await fetch(`${app.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('callboard_');
    const state = await fetch(`${app.url}/api/v1/state`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(state.status).toBe(401);
  });

  it('shows no secret', async () => {
    const text = await scrape();
    for (const secret of [WEBHOOK_TOKEN, API_TOKEN, METRICS_TOKEN, PBX_PASSWORD])
      expect(text).not.toContain(secret);
  });

  it('has every metric the Grafana dashboard queries', async () => {
    const text = await scrape();
    const exposed = new Set(
      text
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.split(/[{ ]/)[0]),
    );
    const dashboard = JSON.parse(readFileSync('docs/grafana/callboard.json', 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
      templating: { list: { query: { query: string } }[] };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => v.query.query),
    ];
    expect(exprs.length).toBeGreaterThan(15);
    const names = new Set(exprs.flatMap((e) => e.match(/\b(?:callboard|nodejs|process)_[a-z0-9_]+/g) ?? []));
    expect(names.size).toBeGreaterThan(15);
    // A histogram is queried by its series (`_bucket`); a gauge that is unknown now still has its TYPE line.
    const typed = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    for (const name of names)
      expect(exposed.has(name) || typed.has(name), `${name} is not in the scrape`).toBe(true);
  });
});
