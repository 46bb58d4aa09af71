import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../../testing/callboard';
import { carriedFigures } from './carried';
import { startWebhookFeeder, type WebhookFeeder } from './feeder';

/**
 * The feeder against the real app (server/app.ts with its webhook receivers, journal and hub), one
 * injected clock for both: what the read API shows for the three webhook queues is the models'
 * ground truth, as far as each vendor's payloads carry it. This is what `npm run demo` shows.
 */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const SECONDS = 20 * 60;
let clock = START;
let app: TestCallboard;
let feeder: WebhookFeeder;

interface StateView {
  queues: { id: string; name: string | null; waiting: unknown; today: Record<string, number | null> }[];
}
let state: StateView;

beforeAll(async () => {
  app = await startTestCallboard({ now: () => clock, env: { WALLBOARD_TIMEZONE: 'UTC' } });
  const silent = () => undefined;
  feeder = startWebhookFeeder({
    baseUrl: app.url,
    token: WEBHOOK_TOKEN,
    seed: 1,
    now: () => clock,
    tickMs: 3_600_000, // ticked by hand below
    timeZone: 'UTC',
    slaSeconds: 20,
    logger: { info: silent, warn: silent, error: silent },
    model: { callsPerHour: 150, callbackShare: 0.3, maxWaitSeconds: 120, noAnswerShare: 0.1 },
  });
  // What the demo wiring must do once: tell the app the queues (names; PortSIP's queue numbers).
  app.recorder.ingest(feeder.queueFacts());
  for (let i = 0; i < SECONDS; i++) {
    clock += 1000;
    feeder.tick();
    // 3CX events are stamped on arrival: deliver each second's before the clock moves on.
    await feeder.idle();
  }
  app.hub.flush();
  state = await getJson<StateView>(app.url, '/api/v1/state');
}, 120_000);

afterAll(async () => {
  await feeder?.stop();
  await app?.close({ remove: true });
});

describe('the webhook feeder against the real app', () => {
  it('every post was accepted', () => {
    const stats = feeder.stats();
    expect(stats.sent).toBeGreaterThan(300);
    expect(stats).toMatchObject({ failed: 0, retried: 0, dropped: 0 });
    expect(Object.keys(stats.byStatus)).toEqual(['200']);
    for (const f of feeder.feeds) expect(f.problems()).toEqual([]);
  });

  it.each([
    ['portsip-webhook', 'Sales (PortSIP webhook)'],
    ['3cx', 'Sales (3CX)'],
    ['voipstudio', 'Sales (VoIPstudio)'],
  ] as const)('%s: the queue "%s" shows the figures its payloads carry', (kind, name) => {
    const feed = feeder.feeds.find((f) => f.kind === kind);
    const scope = kind === 'portsip-webhook' ? feed?.model.tenantId : kind;
    const q = state.queues.find((x) => x.id === `${scope}/8001`);
    expect(q?.name).toBe(name);
    expect(q?.waiting).toBeNull();
    if (!feed || !q) return;
    const { asaSeconds, ahtSeconds, ...counts } = carriedFigures(kind, feed.model.groundTruth(), '8001');
    expect(counts.answered).toBeGreaterThan(10);
    expect(q.today).toMatchObject(counts);
    expect(q.today.asaSeconds).toBeCloseTo(asaSeconds ?? Number.NaN, 9);
    expect(q.today.ahtSeconds).toBeCloseTo(ahtSeconds ?? Number.NaN, 9);
  });
});
