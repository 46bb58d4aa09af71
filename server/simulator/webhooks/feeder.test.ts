import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { feedModelOptions, SourceFeed } from './feed';
import { type FeederLogger, startWebhookFeeder, type WebhookFeeder } from './feeder';
import type { WebhookKind } from './types';

/**
 * The driver over real HTTP: a node:http server on 127.0.0.1 records what arrives; the feeder runs on
 * an injected clock moved by hand, and what arrives must be exactly what the pure feed produces for
 * the same models, in order, with each vendor's form of authentication, surviving a 503, a dropped
 * connection and a 400 as the brief says.
 */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const TOKEN = 'demo/tok+en=1';
const BUSY = { callsPerHour: 150, callbackShare: 0.3, maxWaitSeconds: 120, noAnswerShare: 0.1 };
const MINUTES = 10;

interface Received {
  readonly url: string;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number | 'dropped';
}

type Answer = (req: { url: string; body: string; index: number }) => number | 'drop' | 'hang';

interface Recorder {
  readonly baseUrl: string;
  readonly received: Received[];
  close(): Promise<void>;
}

async function startRecorder(answer: Answer = () => 200): Promise<Recorder> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '';
      const a = answer({ url, body, index: received.length });
      received.push({
        url,
        method: req.method ?? '',
        headers: req.headers,
        body,
        status: a === 'drop' ? 'dropped' : a === 'hang' ? 0 : a,
      });
      if (a === 'drop') req.socket.destroy();
      else if (a !== 'hang') res.writeHead(a, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordingLogger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log = (level: string) => (obj: object, msg: string) => lines.push({ level, obj, msg });
  const logger: FeederLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  readonly feeder: WebhookFeeder;
  readonly recorder: Recorder;
  readonly lines: ReturnType<typeof recordingLogger>['lines'];
  /** Move the injected clock on by `seconds`, ticking once per simulated second, then wait for idle. */
  advance(seconds: number): Promise<void>;
  /** The same without waiting for anything. */
  tickFor(seconds: number): void;
}

async function run(answer?: Answer, sources?: readonly WebhookKind[]): Promise<Run> {
  const recorder = await startRecorder(answer);
  let clock = START;
  const { logger, lines } = recordingLogger();
  const feeder = startWebhookFeeder({
    baseUrl: `${recorder.baseUrl}/`,
    token: TOKEN,
    sources,
    seed: 1,
    now: () => clock,
    tickMs: 3_600_000, // the test ticks by hand
    timeZone: 'UTC',
    slaSeconds: 20,
    logger,
    model: BUSY,
    retry: { baseMs: 5, maxMs: 50, attempts: 4 },
  });
  cleanups.push(
    () => recorder.close(),
    () => feeder.stop(),
  );
  return {
    feeder,
    recorder,
    lines,
    async advance(seconds) {
      for (let i = 1; i <= seconds; i++) {
        clock += 1000;
        feeder.tick();
        if (i % 30 === 0) await feeder.idle(); // let sending and ticking interleave
      }
      await feeder.idle();
    },
    tickFor(seconds) {
      for (let i = 1; i <= seconds; i++) {
        clock += 1000;
        feeder.tick();
      }
    },
  };
}

/** What the pure feed produces for the same model over the same time: the order the app must see. */
function expectedBodies(kind: WebhookKind): { path: string; body: string; contentType: string }[] {
  const model = {
    ...feedModelOptions(kind, { seed: 1, startAt: START, timeZone: 'UTC', slaSeconds: 20 }),
    ...BUSY,
  };
  const feed = new SourceFeed({ kind, token: TOKEN, model });
  return feed.step(START + MINUTES * 60_000);
}

const PATH_OF: Record<WebhookKind, string> = {
  'portsip-webhook': '/api/webhooks/portsip',
  '3cx': `/api/webhooks/3cx?token=${encodeURIComponent(TOKEN)}`,
  voipstudio: `/api/webhooks/voipstudio/${encodeURIComponent(TOKEN)}`,
};

const KINDS: readonly WebhookKind[] = ['portsip-webhook', '3cx', 'voipstudio'];

describe('the webhook feeder over real HTTP', () => {
  it('delivers every payload of every source in order, authenticated as each vendor does; a 503 is retried', async () => {
    let refused = false;
    // The 5th VoIPstudio request is answered 503 once.
    let voip = 0;
    const r = await run(({ url }) => {
      if (!url.startsWith('/api/webhooks/voipstudio/')) return 200;
      voip++;
      if (voip === 5 && !refused) {
        refused = true;
        return 503;
      }
      return 200;
    });
    await r.advance(MINUTES * 60);

    let total = 0;
    for (const kind of KINDS) {
      const got = r.recorder.received.filter((x) => x.url === PATH_OF[kind]);
      const want = expectedBodies(kind);
      expect(want.length, kind).toBeGreaterThan(30);
      for (const x of got) {
        expect(x.method).toBe('POST');
        if (kind === 'portsip-webhook') expect(x.headers.authorization).toBe(`Bearer ${TOKEN}`);
        else expect(x.headers.authorization, kind).toBeUndefined();
      }
      const delivered = got.filter((x) => x.status === 200);
      expect(
        delivered.map((x) => [x.headers['content-type'], x.body]),
        kind,
      ).toEqual(want.map((w) => [w.contentType, w.body]));
      total += want.length;
      if (kind === 'voipstudio') {
        // The refused request, then the same request again, then the rest in order.
        expect(got.map((x) => x.status).slice(0, 6)).toEqual([200, 200, 200, 200, 503, 200]);
        expect(got[5]?.body).toBe(got[4]?.body);
      } else {
        expect(got.every((x) => x.status === 200)).toBe(true);
      }
    }
    expect(r.recorder.received.length).toBe(total + 1);
    expect(r.feeder.stats()).toEqual({
      sent: total,
      failed: 0,
      retried: 1,
      dropped: 0,
      byStatus: { '200': total, '503': 1 },
    });
    // Both 3CX encodings went over the wire.
    const threeCx = r.recorder.received.filter((x) => x.url === PATH_OF['3cx']);
    const types = new Set(threeCx.map((x) => x.headers['content-type']));
    expect([...types].sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    for (const feed of r.feeder.feeds) expect(feed.problems()).toEqual([]);
  });

  it('the models are the pure feeds’: same calls, same ground truth', async () => {
    const r = await run(undefined, ['3cx']);
    await r.advance(120);
    const model = {
      ...feedModelOptions('3cx', { seed: 1, startAt: START, timeZone: 'UTC', slaSeconds: 20 }),
      ...BUSY,
    };
    const pure = new SourceFeed({ kind: '3cx', token: TOKEN, model });
    pure.step(START + 120_000);
    expect(r.feeder.feeds[0]?.model.groundTruth()).toEqual(pure.model.groundTruth());
    expect(r.feeder.feeds[0]?.model.tenantId).not.toBe('676398719834259456'); // not the WSI demo's tenant
  });

  it('a dropped connection is retried: the request arrives again and is counted once delivered', async () => {
    const r = await run(({ index }) => (index === 2 ? 'drop' : 200), ['portsip-webhook']);
    await r.advance(120);
    const got = r.recorder.received;
    expect(got[2]?.status).toBe('dropped');
    expect(got[3]?.body).toBe(got[2]?.body);
    const delivered = got.filter((x) => x.status === 200).map((x) => x.body);
    expect(delivered.length).toBeGreaterThan(5);
    expect(delivered).toEqual(
      expectedBodies('portsip-webhook')
        .map((w) => w.body)
        .slice(0, delivered.length),
    );
    expect(r.feeder.stats()).toMatchObject({ failed: 0, retried: 1, byStatus: { error: 1 } });
    expect(r.feeder.stats().sent).toBe(delivered.length);
  });

  it('a 4xx is counted and logged, never retried; later requests still go, in order', async () => {
    const r = await run(({ index }) => (index === 3 ? 400 : 200), ['voipstudio']);
    await r.advance(120);
    const got = r.recorder.received;
    expect(got[3]?.status).toBe(400);
    expect(got[4]?.body).not.toBe(got[3]?.body);
    expect(got.map((x) => x.body)).toEqual(
      expectedBodies('voipstudio')
        .map((w) => w.body)
        .slice(0, got.length),
    );
    const stats = r.feeder.stats();
    expect(stats).toMatchObject({ failed: 1, retried: 0, byStatus: { '400': 1 } });
    expect(stats.sent).toBe(got.length - 1);
    const warning = r.lines.find((l) => l.level === 'warn');
    expect(warning?.obj).toMatchObject({ source: 'voipstudio', status: 400 });
    // The token is in the VoIPstudio path (URL-encoded): it never reaches the log.
    expect(JSON.stringify(r.lines)).not.toContain(TOKEN);
    expect(JSON.stringify(r.lines)).not.toContain(encodeURIComponent(TOKEN));
  });

  it('gives up after the configured attempts when the app keeps failing', async () => {
    const r = await run(() => 503, ['3cx']);
    await r.advance(20);
    const stats = r.feeder.stats();
    expect(stats.sent).toBe(0);
    expect(stats.failed).toBeGreaterThan(0);
    expect(stats.byStatus['503']).toBe(stats.failed * 4);
    expect(stats.retried).toBe(stats.failed * 3);
    expect(r.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('stop() abandons a request the app never answers, and nothing is sent after it', async () => {
    const r = await run(() => 'hang', ['voipstudio']);
    r.tickFor(120);
    while (r.recorder.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await r.feeder.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    await r.feeder.idle(); // settled: nothing queued, nothing in flight
    r.tickFor(60);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.recorder.received).toHaveLength(1);
    expect(r.feeder.stats()).toMatchObject({ sent: 0, failed: 0 });
  });
});
